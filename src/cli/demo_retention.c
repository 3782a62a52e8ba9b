/* The retention part of `forgedesk demo` (docs/RETENTION.md): a win-back
 * campaign started a month ago for the accounts that had then gone silent
 * (found by the same rule the API uses), with a task each — some done, a few
 * won back with a trial order since — and two improvement initiatives: one
 * on material complaints whose before-and-after check forgedesk measured,
 * one still being planned. Everything goes through the store and the audit
 * trail as the rest of the demo does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/retention.h"
#include "cli/cli.h"
#include "core/retention.h"
#include "util/array.h"
#include "util/timeutil.h"

#define CAMPAIGN_AGE_DAYS 30
#define CAMPAIGN_MAX_TARGETS 12

typedef struct RetentionDemo {
  const char *now;
  long today;
  int64_t owner_id, quality_id;
  int64_t targets[CAMPAIGN_MAX_TARGETS];
  size_t ntargets;
} RetentionDemo;

typedef struct Candidate {
  int64_t account_id;
  double value_at_risk;
} Candidate;

static int by_value_at_risk(const void *x, const void *y) {
  const Candidate *a = x, *b = y;
  return (a->value_at_risk < b->value_at_risk) - (a->value_at_risk > b->value_at_risk);
}

/* The accounts silent on day (default rule), not known to be lost, most value at risk first. */
static int find_silent(Db *db, RetentionDemo *r, long day, Error *err) {
  RetentionOrder *orders = NULL;
  Candidate *found = NULL;
  size_t n = 0, nfound = 0, cap = 0;
  char until[TIME_DATE_SIZE];
  time_date_text(day, until);
  if (store_retention_orders(db, 0, until, &orders, &n, err)) return -1;
  int rc = 0;
  for (size_t i = 0; !rc && i < n;) {
    size_t end = i;
    while (end < n && orders[end].account_id == orders[i].account_id) end++;
    AccountSummary s;
    retention_account_summarise(&orders[i], end - i, (RetentionPeriod){day - 364, day}, 365, &s);
    json_t *account = NULL;
    if (retention_is_silent(&s, day, (SilentRule){4, 200}) &&
        !(rc = store_record_get(db, &store_accounts, orders[i].account_id, &account, err)) &&
        strcmp(json_string_value(json_object_get(account, "status")), "lost") != 0) {
      found = array_grow(found, &cap, nfound + 1, sizeof *found);
      found[nfound++] = (Candidate){orders[i].account_id, retention_value_at_risk(&s)};
    }
    json_decref(account);
    i = end;
  }
  qsort(found, nfound, sizeof *found, by_value_at_risk);
  for (size_t k = 0; k < nfound && r->ntargets < CAMPAIGN_MAX_TARGETS; k++) r->targets[r->ntargets++] = found[k].account_id;
  free(found);
  free(orders);
  return rc;
}

/* A trial order of a won-back account, on day. */
static int trial_order(Db *db, const RetentionDemo *r, int64_t account_id, long day, size_t k, Error *err) {
  char on[TIME_DATE_SIZE], number[40];
  time_date_text(day, on);
  snprintf(number, sizeof number, "SO-WB-%04zu", k + 1);
  json_t *order = json_pack("{s:I, s:s, s:s, s:s}", "account_id", (json_int_t)account_id, "number", number,
                            "ordered_on", on, "currency", "GBP");
  json_t *lines = json_pack("[{s:s, s:s, s:i, s:I}]", "part_number", "SK-TRIAL", "description",
                            "Trial order: seal kits on consignment", "quantity", 10, "unit_price_minor",
                            (json_int_t)4500);
  int64_t id = 0;
  int rc = cli_order_create(db, order, lines, r->now, &id, err);
  json_decref(order);
  json_decref(lines);
  return rc;
}

static int insert_campaign(Db *db, RetentionDemo *r, Error *err) {
  char started[TIME_DATE_SIZE], due[TIME_DATE_SIZE];
  time_date_text(r->today - CAMPAIGN_AGE_DAYS, started);
  time_date_text(r->today - CAMPAIGN_AGE_DAYS + 14, due);
  if (find_silent(db, r, r->today - CAMPAIGN_AGE_DAYS, err)) return -1;
  if (!r->ntargets) return 0;
  json_t *campaign = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:i}", "name", "Win back quiet accounts",
                               "kind", "win_back", "description",
                               "Call each account that stopped ordering without a word; offer a trial order and "
                               "consignment stock of seal kits",
                               "source", "silent_attrition", "owner_id", (json_int_t)r->owner_id, "started_on", started,
                               "due_on", due, "window_days", 90);
  int64_t campaign_id = 0;
  int rc = cli_record_create(db, &store_campaigns, campaign, r->now, &campaign_id, err);
  for (size_t k = 0; !rc && k < r->ntargets; k++) {
    json_t *account = NULL;
    int64_t task_id = 0;
    rc = store_record_get(db, &store_accounts, r->targets[k], &account, err);
    if (rc) break;
    const json_t *manager = json_object_get(account, "account_manager_id");
    int won = k % 3 == 0, called = k % 2 == 0 || won;
    json_t *task = json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:s?, s:s?}", "kind", "win_back", "account_id",
                             (json_int_t)r->targets[k], "owner_id",
                             json_is_integer(manager) ? json_integer_value(manager) : (json_int_t)r->owner_id, "due_on",
                             due, "status",
                             called ? "done" : "open", "title", "Win back quiet accounts", "notes",
                             json_string_value(json_object_get(campaign, "description")), "outcome",
                             won ? "Trial order agreed after a site visit"
                             : called ? "Spoke to the buyer: budget frozen until next quarter; call again then"
                                      : NULL,
                             "completed_at", called ? r->now : NULL);
    rc = cli_record_create(db, &store_tasks, task, r->now, &task_id, err);
    if (!rc) rc = store_campaign_account_insert(db, campaign_id, r->targets[k], task_id, err);
    if (!rc && won) rc = trial_order(db, r, r->targets[k], r->today - CAMPAIGN_AGE_DAYS + 10 + (long)k, k, err);
    json_decref(task);
    json_decref(account);
  }
  json_decref(campaign);
  return rc;
}

/* An initiative; at check its KPI is measured for both periods as the API would. */
static int insert_initiative(Db *db, const RetentionDemo *r, json_t *values, Error *err) {
  int rc = 0;
  if (strcmp(json_string_value(json_object_get(values, "stage")), "check") == 0) {
    json_t *check = NULL;
    rc = improvement_measure_check(db, values, &check, err);
    if (!rc) {
      json_object_set_new(values, "check_result", check);
      json_object_set_new(values, "checked_at", json_string(r->now));
    }
  }
  int64_t id = 0;
  if (!rc) rc = cli_record_create(db, &store_improvements, values, r->now, &id, err);
  json_decref(values);
  return rc;
}

static int insert_initiatives(Db *db, const RetentionDemo *r, Error *err) {
  char bf[TIME_DATE_SIZE], bt[TIME_DATE_SIZE], af[TIME_DATE_SIZE], at[TIME_DATE_SIZE];
  time_date_text(r->today - 365, bf);
  time_date_text(r->today - 183, bt);
  time_date_text(r->today - 182, af);
  time_date_text(r->today - 1, at);
  int rc = insert_initiative(
      db, r,
      json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
                "Fewer material complaints on seal kits", "problem",
                "Seal kits from one supplier fail early; material is the top root cause in the Pareto", "problem_kind",
                "root_cause", "problem_ref", "material", "owner_id", (json_int_t)r->quality_id, "stage", "check", "plan",
                "Incoming inspection of every seal batch (hardness and dimensions) for six months", "done",
                "Inspection bench set up at goods-in; two batches rejected and returned", "kpi", "complaints",
                "kpi_category", "material", "before_from", bf, "before_to", bt, "after_from", af, "after_to", at),
      err);
  if (!rc)
    rc = insert_initiative(
        db, r,
        json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "title", "Keep SLA compliance above 90%", "problem",
                  "Resolution targets are breached on technical cases waiting for the workshop", "problem_kind", "kpi",
                  "problem_ref", "sla_compliance", "owner_id", (json_int_t)r->owner_id, "stage", "plan", "plan",
                  "A daily workshop slot for customer cases", "kpi", "sla_compliance"),
        err);
  return rc;
}

static int write_retention(Db *db, void *ctx, Error *err) {
  RetentionDemo *r = ctx;
  return insert_campaign(db, r, err) || insert_initiatives(db, r, err) ? -1 : 0;
}

int demo_retention(Db *db, const char *now, int64_t owner_id, int64_t quality_id, size_t *campaign_accounts,
                   Error *err) {
  RetentionDemo r = {.now = now, .today = (long)time_day_of(now), .owner_id = owner_id, .quality_id = quality_id};
  int rc = cli_transaction(db, write_retention, &r, err);
  *campaign_accounts = r.ntargets;
  return rc;
}
