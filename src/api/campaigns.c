/* Retention campaigns (docs/RETENTION.md): a win-back, proactive-contact or
 * loyalty-review campaign targets a list of accounts (often the
 * silent-attrition list), opens one follow-up task per account for its
 * account manager, and reports what happened to those accounts' orders in
 * the days after it started against as many days before. */
#include <math.h>
#include <string.h>

#include "api/retention.h"
#include "api/tasks.h"

#define MAX_TARGETS 500
#define DEFAULT_WINDOW_DAYS 90
#define DEFAULT_DUE_DAYS 14

static const char *const campaign_kinds[] = {"win_back", "proactive_contact", "loyalty_review", NULL};
static const char *const campaign_sources[] = {"silent_attrition", "at_risk", "manual", NULL};
static const char *const campaign_read_only[] = {"id", "owner_name", "accounts", "created_at", "updated_at", "version",
                                                 NULL};
static const FieldSpec campaign_fields[] = {
    {"name", FIELD_TEXT, FIELD_REQUIRED, 1, 120, NULL, NULL},
    {"kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, campaign_kinds, NULL},
    {"description", FIELD_TEXT, 0, 0, 4000, NULL, NULL},
    {"source", FIELD_ENUM, 0, 0, 0, campaign_sources, NULL},
    {"owner_id", FIELD_REF, FIELD_REQUIRED, 0, 0, NULL, &store_users},
    {"started_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"due_on", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL},
    {"window_days", FIELD_INT, FIELD_REQUIRED, 7, 365, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* Today (UTC) as a day number. */
static long today(const Request *req) { return (long)time_day_of(req->now); }

/* Fills what the caller left out: the creator owns it, it starts today, its
 * tasks are due in two weeks, orders are compared over 90 days. */
static void campaign_defaults(Request *req, json_t *input) {
  char day[TIME_DATE_SIZE];
  time_date_text(today(req), day);
  if (!json_object_get(input, "owner_id")) json_object_set_new(input, "owner_id", json_integer(req->user.id));
  if (!json_object_get(input, "source")) json_object_set_new(input, "source", json_string("manual"));
  if (!json_object_get(input, "started_on")) json_object_set_new(input, "started_on", json_string(day));
  if (!json_object_get(input, "window_days")) json_object_set_new(input, "window_days", json_integer(DEFAULT_WINDOW_DAYS));
  const char *start = json_string_value(json_object_get(input, "started_on"));
  if (!json_object_get(input, "due_on") && start && !time_check_date(start)) {
    time_date_text(time_date_days(start) + DEFAULT_DUE_DAYS, day);
    json_object_set_new(input, "due_on", json_string(day));
  }
}

static int campaign_check(Request *req, const json_t *record, Error *err) {
  (void)req;
  const char *start = json_string_value(json_object_get(record, "started_on")),
             *due = json_string_value(json_object_get(record, "due_on"));
  if (strcmp(due, start) < 0) error_field(err, "due_on", "must not be before started_on");
  return error_has_fields(err) ? -1 : 0;
}

static const ResourceDef campaign_resource = {
    .table = &store_campaigns,
    .path = "/api/v1/campaigns",
    .fields = campaign_fields,
    .read_only = campaign_read_only,
    .defaults = campaign_defaults,
    .check = campaign_check,
};

/* The targets: 1 to MAX_TARGETS distinct ids of accounts, each named
 * "account_ids[i]" when wrong. */
static int check_targets(Request *req, const json_t *ids, Error *err) {
  if (!json_is_array(ids) || json_array_size(ids) < 1 || json_array_size(ids) > MAX_TARGETS)
    return error_field(err, "account_ids", "must be a list of 1 to %d account ids", MAX_TARGETS);
  size_t i;
  json_t *id;
  json_array_foreach(ids, i, id) {
    int exists = 0;
    if (!json_is_integer(id) || json_integer_value(id) < 1) {
      error_field(err, "account_ids", "item %zu must be an account id", i);
      continue;
    }
    for (size_t k = 0; k < i; k++)
      if (json_equal(json_array_get(ids, k), id)) error_field(err, "account_ids", "item %zu repeats item %zu", i, k);
    if (store_record_exists(req->db, &store_accounts, json_integer_value(id), &exists, err)) return -1;
    if (!exists)
      error_field(err, "account_ids", "item %zu: account %lld does not exist", i, (long long)json_integer_value(id));
  }
  return error_has_fields(err) ? -1 : 0;
}

/* Opens the campaign's task for one account: owned by its account manager,
 * or by the campaign's owner when it has none; audited like any task. */
static int open_task(Request *req, const json_t *campaign, int64_t account_id, int64_t *task_id, Error *err) {
  json_t *account = NULL, *task = NULL;
  if (store_record_get(req->db, &store_accounts, account_id, &account, err)) return -1;
  const json_t *manager = json_object_get(account, "account_manager_id");
  json_t *values = json_pack("{s:O, s:I, s:O, s:O, s:s, s:O, s:O}", "kind", json_object_get(campaign, "kind"),
                             "account_id", (json_int_t)account_id, "owner_id",
                             json_is_integer(manager) ? manager : json_object_get(campaign, "owner_id"), "due_on",
                             json_object_get(campaign, "due_on"), "status", "open", "title",
                             json_object_get(campaign, "name"), "notes", json_object_get(campaign, "description"));
  int rc = store_record_insert(req->db, &store_tasks, values, req->now, task_id, err);
  if (!rc) rc = resource_load(&task_resource, req, *task_id, &task, err);
  if (!rc) rc = resource_audit(req, "task", *task_id, "create", NULL, task, err);
  json_decref(values);
  json_decref(task);
  json_decref(account);
  return rc;
}

int campaigns_create(Request *req, Response *res, Error *err) {
  json_t *input = NULL, *ids = NULL, *record = NULL;
  int64_t id = 0;
  int rc = api_read_body(req, &input, err);
  if (!rc) {
    ids = json_incref(json_object_get(input, "account_ids"));
    json_object_del(input, "account_ids");
    campaign_defaults(req, input);
    if (!api_validate(req->db, input, campaign_fields, campaign_read_only, 0, err)) campaign_check(req, input, err);
    if (ids) check_targets(req, ids, err);
    else error_field(err, "account_ids", "is required");
    rc = error_has_fields(err) || err->status ? -1 : 0;
  }
  if (!rc) rc = store_record_insert(req->db, &store_campaigns, input, req->now, &id, err);
  if (!rc) rc = store_record_get(req->db, &store_campaigns, id, &record, err);
  for (size_t i = 0; !rc && i < json_array_size(ids); i++) {
    int64_t account = json_integer_value(json_array_get(ids, i)), task = 0;
    rc = open_task(req, record, account, &task, err);
    if (!rc) rc = store_campaign_account_insert(req->db, id, account, task, err);
  }
  json_decref(record);
  record = NULL;
  if (!rc) rc = store_record_get(req->db, &store_campaigns, id, &record, err);
  if (!rc) { /* the audit entry keeps the list the campaign was given */
    json_t *audited = json_deep_copy(record);
    json_object_set(audited, "account_ids", ids);
    rc = resource_audit(req, "campaign", id, "create", NULL, audited, err);
    json_decref(audited);
  }
  json_decref(input);
  json_decref(ids);
  if (rc) {
    json_decref(record);
    return -1;
  }
  api_send_created(res, campaign_resource.path, id, record);
  return 0;
}

/* The campaign with its accounts and what their orders did: the days
 * compared are the window, or as many as have passed since the start when
 * fewer, on both sides of the start. */
int campaigns_get(Request *req, Response *res, Error *err) {
  json_t *record = NULL, *rows = NULL;
  if (resource_load(&campaign_resource, req, req->id, &record, err)) return -1;
  long start = (long)time_date_days(json_string_value(json_object_get(record, "started_on")));
  long window = (long)json_integer_value(json_object_get(record, "window_days"));
  long elapsed = today(req) - start;
  long days = elapsed < 0 ? 0 : elapsed < window ? elapsed : window;
  char before[TIME_DATE_SIZE], from[TIME_DATE_SIZE], until[TIME_DATE_SIZE];
  time_date_text(start - days, before);
  time_date_text(start, from);
  time_date_text(start + days, until);
  if (store_campaign_outcome(req->db, req->id, before, from, until, &rows, err)) {
    json_decref(record);
    return -1;
  }
  json_int_t ordered_again = 0, tasks_done = 0, orders_before = 0, orders_after = 0, value_before = 0, value_after = 0;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    json_int_t after = json_integer_value(json_object_get(row, "orders_after"));
    json_object_set_new(row, "ordered_again", json_boolean(after > 0));
    ordered_again += after > 0;
    tasks_done += strcmp(json_string_value(json_object_get(row, "task_status")), "done") == 0;
    orders_before += json_integer_value(json_object_get(row, "orders_before"));
    orders_after += after;
    value_before += json_integer_value(json_object_get(row, "value_before"));
    value_after += json_integer_value(json_object_get(row, "value_after"));
  }
  json_object_set_new(record, "outcome",
                      json_pack("{s:i, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "days_compared", (int)days,
                                "before_from", before, "after_from", from, "after_until", until, "accounts",
                                (json_int_t)json_array_size(rows), "ordered_again", ordered_again, "tasks_done",
                                tasks_done, "orders_before", orders_before, "orders_after", orders_after,
                                "value_before_minor", value_before, "value_after_minor", value_after));
  json_object_set_new(record, "targets", rows);
  res->etag_version = json_integer_value(json_object_get(record, "version"));
  api_send_json(res, 200, record);
  return 0;
}

static int query_campaigns(Request *req, const Query *q, StoreCursor after, int limit, StorePage *page, Error *err) {
  (void)q;
  return store_campaigns_list(req->db, after, limit, page, err);
}

int campaigns_list(Request *req, Response *res, Error *err) { return api_list(req, res, NULL, query_campaigns, err); }
