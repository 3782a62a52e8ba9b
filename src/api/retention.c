/* Retention over HTTP (docs/RETENTION.md): the book's metrics for a period,
 * every account's health and retention figures, the silent-attrition list,
 * one account's figures with its orders trend, and the settings (weights,
 * silent-attrition rule) they follow. Each answer reads one row per account
 * — from the retention roll-up for the default period up to today, the
 * accounts it does not hold computed from the raw rows — and computes with
 * the pure functions of core/retention.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/retention.h"
#include "core/retention.h"

#define TREND_MONTHS 24
#define LIST_MAX 1000

/* --- days and periods ---------------------------------------------------------------------------- */

/* A query date parameter: *day set when present and valid; 400 naming it when malformed. */
static void read_day(const Query *q, const char *name, long *day, int *present, Error *err) {
  const char *text = api_query_text(q, name);
  *present = text != NULL;
  if (text && time_check_date(text)) error_field(err, name, "must be a date written YYYY-MM-DD");
  else if (text) *day = (long)time_date_days(text);
}

/* The period from..to of the query, by default the 365 days up to today;
 * to before from is refused naming to. */
static int read_period(const Query *q, const Request *req, RetentionPeriod *p, Error *err) {
  int has_from, has_to;
  p->to = (long)time_day_of(req->now);
  read_day(q, "from", &p->from, &has_from, err);
  read_day(q, "to", &p->to, &has_to, err);
  if (!has_from) p->from = p->to - 364;
  if (!error_has_fields(err) && p->from > p->to) error_field(err, "to", "must not be before from");
  if (!error_has_fields(err)) return 0;
  err->status = 400;
  return -1;
}

/* --- settings ------------------------------------------------------------------------------------- */

static const char *const weight_fields[HEALTH_COMPONENT_COUNT] = {
    [HEALTH_ORDER_TREND] = "weight_order_trend", [HEALTH_COMPLAINTS] = "weight_complaints",
    [HEALTH_SLA] = "weight_sla",                 [HEALTH_SURVEYS] = "weight_surveys",
    [HEALTH_CONTACT] = "weight_contact",
};

typedef struct Settings {
  int weights[HEALTH_COMPONENT_COUNT];
  SilentRule rule;
  long window_days;
  int margin_percent; /* -1 unknown */
} Settings;

static int int_of(const json_t *row, const char *name) { return (int)json_integer_value(json_object_get(row, name)); }

static int settings_load(Request *req, Settings *s, Error *err) {
  json_t *row = NULL;
  if (store_record_get(req->db, &store_retention_settings, 1, &row, err)) return -1;
  if (!row) return error_set(err, 500, "Store error", "the retention settings row is missing");
  for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++) s->weights[c] = int_of(row, weight_fields[c]);
  s->rule = (SilentRule){int_of(row, "silent_min_orders"), int_of(row, "silent_multiple_percent")};
  s->window_days = int_of(row, "customer_window_days");
  json_t *margin = json_object_get(row, "margin_percent");
  s->margin_percent = json_is_integer(margin) ? (int)json_integer_value(margin) : -1;
  json_decref(row);
  return 0;
}

static const char *const settings_read_only[] = {"id", "created_at", "updated_at", "version", NULL};
static const FieldSpec settings_fields[] = {
    {"weight_order_trend", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"weight_complaints", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"weight_sla", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"weight_surveys", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"weight_contact", FIELD_INT, 0, 0, 100, NULL, NULL},
    {"silent_min_orders", FIELD_INT, 0, 2, 100, NULL, NULL},
    {"silent_multiple_percent", FIELD_INT, 0, 100, 1000, NULL, NULL},
    {"customer_window_days", FIELD_INT, 0, 30, 1095, NULL, NULL},
    {"margin_percent", FIELD_INT, 0, 0, 100, NULL, NULL},
    {NULL, 0, 0, 0, 0, NULL, NULL},
};

/* At least one weight counts, or no account could have a score; the ones
 * that must not be cleared are not. */
static int settings_check(Request *req, const json_t *record, Error *err) {
  (void)req;
  int total = 0;
  for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++) {
    if (!json_is_integer(json_object_get(record, weight_fields[c]))) error_field(err, weight_fields[c], "is required");
    total += int_of(record, weight_fields[c]);
  }
  static const char *const required[] = {"silent_min_orders", "silent_multiple_percent", "customer_window_days"};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (!json_is_integer(json_object_get(record, required[i]))) error_field(err, required[i], "is required");
  if (!error_has_fields(err) && total == 0)
    for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++)
      error_field(err, weight_fields[c], "must not be 0 when every other weight is: at least one component must count");
  return error_has_fields(err) ? -1 : 0;
}

static const ResourceDef settings_resource = {
    .table = &store_retention_settings,
    .path = "/api/v1/retention/settings",
    .fields = settings_fields,
    .read_only = settings_read_only,
    .check = settings_check,
};

int retention_settings_get(Request *req, Response *res, Error *err) {
  req->id = 1;
  return resource_get(&settings_resource, req, res, err);
}

int retention_settings_patch(Request *req, Response *res, Error *err) {
  req->id = 1;
  return resource_patch(&settings_resource, req, res, err);
}

/* --- the book ---------------------------------------------------------------------------------------- */

typedef struct Book {
  RetentionPeriod period;
  Settings settings;
  RetentionAccount *accounts; /* owned: every account by id with its service facts and orders' summary */
  size_t naccounts;
  BookMetrics metrics;
} Book;

/* Above this many accounts to compute from the raw rows, every order and
 * every account's facts are read at once rather than account by account. */
#define RAW_ONE_BY_ONE 64

/* The instants of the facts' period: the year up to the period's end, or all time (ever). */
static void facts_period(const Book *b, int ever, char since[TIME_TEXT_SIZE], char until[TIME_TEXT_SIZE]) {
  char day[TIME_DATE_SIZE];
  time_date_text(b->period.to - (RETENTION_HEALTH_DAYS - 1), day);
  snprintf(since, TIME_TEXT_SIZE, "%sT00:00:00Z", ever ? "0001-01-01" : day);
  time_date_text(b->period.to, day);
  snprintf(until, TIME_TEXT_SIZE, "%sT23:59:59Z", day);
}

/* An account's facts (from facts, its raw row) and its orders' summary. */
static void raw_account(const Book *b, RetentionAccount *a, const json_t *facts, const RetentionOrder *orders,
                        size_t n) {
  json_t *tenths = json_object_get(facts, "survey_tenths");
  a->complaints = int_of(facts, "complaints");
  a->sla_cases = int_of(facts, "sla_cases");
  a->sla_breached = int_of(facts, "sla_breached");
  a->survey_answers = int_of(facts, "survey_answers");
  a->has_tenths = json_is_integer(tenths);
  a->survey_tenths = json_integer_value(tenths);
  retention_account_summarise(orders, n, b->period, b->settings.window_days, &a->summary);
}

/* The end of the run of orders of one account that starts at start. */
static size_t run_end(const RetentionOrder *orders, size_t n, size_t start) {
  size_t end = start;
  while (end < n && orders[end].account_id == orders[start].account_id) end++;
  return end;
}

/* Computes the accounts the roll-up did not give from the raw rows: all at
 * once when there are many, else one by one along the accounts' indexes. */
static int raw_fill(Request *req, Book *b, int ever, size_t missing, Error *err) {
  char since[TIME_TEXT_SIZE], until[TIME_TEXT_SIZE], day[TIME_DATE_SIZE];
  facts_period(b, ever, since, until);
  time_date_text(b->period.to, day);
  int all = missing > RAW_ONE_BY_ONE, rc = 0;
  RetentionOrder *orders = NULL;
  size_t n = 0, o = 0, f = 0, i;
  json_t *facts = NULL;
  if (all && (store_retention_orders(req->db, 0, day, &orders, &n, err) ||
              store_retention_accounts(req->db, 0, since, until, &facts, err)))
    rc = -1;
  for (i = 0; !rc && i < b->naccounts; i++) {
    RetentionAccount *a = &b->accounts[i];
    int64_t id = a->id;
    if (a->stored) continue;
    if (!all) {
      free(orders);
      json_decref(facts);
      orders = NULL;
      facts = NULL;
      o = f = 0;
      if (store_retention_orders(req->db, id, day, &orders, &n, err) ||
          store_retention_accounts(req->db, id, since, until, &facts, err)) {
        rc = -1;
        break;
      }
    }
    while (o < n && orders[o].account_id < id) o++;
    size_t end = o < n && orders[o].account_id == id ? run_end(orders, n, o) : o;
    while (f < json_array_size(facts) && json_integer_value(json_object_get(json_array_get(facts, f), "id")) < id) f++;
    const json_t *row = json_array_get(facts, f);
    raw_account(b, a, json_integer_value(json_object_get(row, "id")) == id ? row : NULL, n ? &orders[o] : NULL,
                end - o);
    o = end;
  }
  free(orders);
  json_decref(facts);
  return rc;
}

static void book_free(Book *b) { store_retention_book_free(b->accounts, b->naccounts); }

/* The default period up to today: the one the retention roll-up holds. */
static int is_current(const Request *req, RetentionPeriod period) {
  return period.to == (long)time_day_of(req->now) && period.from == period.to - (RETENTION_HEALTH_DAYS - 1);
}

/* The missing accounts of b computed from the raw rows. */
static int fill_missing(Request *req, Book *b, int ever, Error *err) {
  size_t missing = 0;
  for (size_t i = 0; i < b->naccounts; i++) missing += !b->accounts[i].stored;
  return missing ? raw_fill(req, b, ever, missing, err) : 0;
}

/* The at-risk list's accounts for the default period up to today: the first
 * limit the roll-up holds current by health and every account it does not
 * (those computed from the raw rows) — no book metrics. *current: how many
 * accounts with orders the roll-up holds current. */
static int at_risk_load(Request *req, RetentionPeriod period, size_t limit, Book *b, int64_t *current, Error *err) {
  memset(b, 0, sizeof *b);
  b->period = period;
  char day[TIME_DATE_SIZE];
  time_date_text(period.to, day);
  if (settings_load(req, &b->settings, err) ||
      store_retention_at_risk(req->db, day, b->settings.window_days, b->settings.weights, limit, &b->accounts,
                              &b->naccounts, current, err) ||
      fill_missing(req, b, 0, err)) {
    book_free(b);
    return -1;
  }
  return 0;
}

/* Loads the settings and every account's figures for the period (service
 * facts of its year, or of all time when ever) — from the retention
 * roll-up for the default period up to today, the accounts it does not
 * hold from the raw rows — and sums the book. */
static int book_load(Request *req, RetentionPeriod period, int ever, Book *b, Error *err) {
  memset(b, 0, sizeof *b);
  b->period = period;
  char day[TIME_DATE_SIZE];
  time_date_text(period.to, day);
  int current = is_current(req, period);
  if (settings_load(req, &b->settings, err) ||
      store_retention_book(req->db, day, current, b->settings.window_days, ever, &b->accounts, &b->naccounts, err) ||
      fill_missing(req, b, ever, err)) {
    book_free(b);
    return -1;
  }
  for (size_t i = 0; i < b->naccounts; i++)
    if (b->accounts[i].summary.orders_total > 0) retention_book_add(&b->metrics, &b->accounts[i].summary);
  retention_book_finish(&b->metrics, period);
  return 0;
}

/* A share as a percentage with one decimal, or null when it does not exist. */
static json_t *percent(int exists, double share) {
  return exists ? json_real(round(1000.0 * share) / 10.0) : json_null();
}
static json_t *rounded(double v, int places) {
  double f = pow(10, places);
  return json_real(round(v * f) / f);
}

/* Lifetime value with its formula and every input, for the book or an account. */
static json_t *clv_json(const Book *b, double average_order_value, double frequency) {
  int margin = b->settings.margin_percent;
  double clv = retention_clv(average_order_value, frequency, b->metrics.lifespan_years, margin);
  return json_pack("{s:I, s:s, s:{s:I, s:o, s:o, s:b, s:o, s:o}}", "value_minor", (json_int_t)llround(clv), "formula",
                   margin >= 0 ? "average order value × purchase frequency × expected lifespan × margin"
                               : "average order value × purchase frequency × expected lifespan (margin unknown)",
                   "inputs", "average_order_value_minor", (json_int_t)llround(average_order_value),
                   "purchase_frequency_per_year", rounded(frequency, 2), "expected_lifespan_years",
                   rounded(b->metrics.lifespan_years, 2), "lifespan_capped", b->metrics.lifespan_capped,
                   "annual_churn_percent", percent(b->metrics.has_retention, b->metrics.annual_churn), "margin_percent",
                   margin >= 0 ? json_integer(margin) : json_null());
}

/* --- one account's figures ----------------------------------------------------------------------------- */

static const char *retention_status(const AccountSummary *s) {
  if (s->customer_at_start) return s->customer_at_end ? "retained" : "lost";
  return s->customer_at_end ? "new" : "none";
}

static json_t *health_json(HealthScore *h) {
  json_t *parts = json_array();
  for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++) {
    HealthPart *p = &h->parts[c];
    json_array_append_new(parts, json_pack("{s:s, s:b, s:o, s:i, s:s}", "component", health_component_names[c],
                                           "counted", p->counted, "score", p->counted ? json_integer(p->score) : json_null(),
                                           "weight", p->weight, "reason", buffer_cstr(&p->reason)));
  }
  return json_pack("{s:o, s:o}", "score", h->score >= 0 ? json_integer(h->score) : json_null(), "components", parts);
}

/* An account that has ordered by the period's end, with what the lists
 * sort and count it by; its entry is built only if it is shown. */
typedef struct Ranked {
  const RetentionAccount *account;
  int health;            /* 0–100; RETENTION_HEALTH_NONE without a score (sorted last) */
  int silent;
  int64_t value_at_risk; /* 0 unless silent */
  const char *name;
  int64_t id;
} Ranked;

static void rank(const Book *b, const RetentionAccount *a, Ranked *r) {
  const AccountSummary *s = &a->summary;
  HealthInputs in = store_retention_health_inputs(a, b->period.to);
  int score = retention_health_score(&in, b->settings.weights);
  /* An account already marked lost is known to have gone: it is not silent. */
  int silent = retention_is_silent(s, b->period.to, b->settings.rule) && strcmp(a->status, "lost") != 0;
  *r = (Ranked){a, score >= 0 ? score : RETENTION_HEALTH_NONE, silent, silent ? llround(retention_value_at_risk(s)) : 0, a->name, a->id};
}

/* Every account that has ordered by the period's end, by id (the caller's, free); *n how many. */
static Ranked *ranked(const Book *b, size_t *n) {
  Ranked *out = malloc((b->naccounts ? b->naccounts : 1) * sizeof *out);
  if (!out) abort();
  *n = 0;
  for (size_t i = 0; i < b->naccounts; i++)
    if (b->accounts[i].summary.orders_total > 0) rank(b, &b->accounts[i], &out[(*n)++]);
  return out;
}

/* An account's entry of the lists: its retention figures for the period and its health. */
static json_t *account_entry(const Book *b, const Ranked *r) {
  RetentionPeriod p = b->period;
  const RetentionAccount *a = r->account;
  const AccountSummary *s = &a->summary;
  char last[TIME_DATE_SIZE] = "";
  if (s->last_day >= 0) time_date_text(s->last_day, last);
  HealthInputs in = store_retention_health_inputs(a, p.to);
  HealthScore h;
  retention_health(&in, b->settings.weights, &h);
  json_t *entry = json_pack(
      "{s:I, s:s, s:s, s:s?, s:o, s:s?, s:I, s:I, s:I, s:o, s:o, s:s?, s:o, s:o, s:s, s:b, s:I, s:I, s:s?, s:o}",
      "account_id", (json_int_t)a->id, "name", a->name, "status", a->status, "tier", a->tier, "account_manager_id",
      a->manager_id ? json_integer(a->manager_id) : json_null(), "manager_name", a->manager_name, "orders_total",
      (json_int_t)s->orders_total, "orders", (json_int_t)s->orders, "order_value_minor", (json_int_t)s->value,
      "average_order_value_minor", s->orders ? json_integer(llround((double)s->value / (double)s->orders)) : json_null(),
      "purchase_frequency_per_year", rounded(retention_frequency(s->orders, p), 2), "last_order_on",
      s->last_day >= 0 ? last : NULL, "recency_days",
      s->last_day >= 0 ? json_integer(retention_recency(s, p.to)) : json_null(), "median_interval_days",
      s->has_median ? rounded(s->median_interval, 1) : json_null(), "retention_status", retention_status(s), "silent",
      r->silent, "value_at_risk_minor", (json_int_t)r->value_at_risk, "complaints", (json_int_t)a->complaints,
      "last_contact_at", a->last_contact_at[0] ? a->last_contact_at : NULL, "health", health_json(&h));
  health_score_free(&h);
  return entry;
}

/* The silent accounts of ranks (n of them) and their value at risk. */
static void count_silent(const Ranked *ranks, size_t n, size_t *silent, int64_t *at_risk) {
  *silent = 0;
  *at_risk = 0;
  for (size_t i = 0; i < n; i++) {
    *silent += (size_t)ranks[i].silent;
    *at_risk += ranks[i].value_at_risk;
  }
}

/* --- GET /retention/book ----------------------------------------------------------------------------- */

int retention_book(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"from", "to", NULL};
  Query q = {0};
  RetentionPeriod period;
  Book b;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = read_period(&q, req, &period, err);
  if (!rc) rc = book_load(req, period, 0, &b, err);
  if (!rc) {
    size_t n = 0, silent = 0;
    int64_t at_risk = 0;
    Ranked *ranks = ranked(&b, &n);
    count_silent(ranks, n, &silent, &at_risk);
    free(ranks);
    const BookMetrics *m = &b.metrics;
    char from[TIME_DATE_SIZE], to[TIME_DATE_SIZE];
    time_date_text(period.from, from);
    time_date_text(period.to, to);
      api_send_json(
          res, 200,
          json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:I, s:I, s:o, s:I, s:I, s:o, s:o, s:o, "
                    "s:{s:I, s:I, s:i, s:i}}",
                    "from", from, "to", to, "customer_window_days", (int)b.settings.window_days, "accounts_with_orders",
                    (json_int_t)m->accounts, "customers_at_start", (json_int_t)m->at_start, "customers_at_end",
                    (json_int_t)m->at_end, "new_customers", (json_int_t)m->new_customers, "retained",
                    (json_int_t)m->retained, "lost", (json_int_t)m->lost, "retention_rate_percent",
                    percent(m->has_retention, m->retention_rate), "churn_rate_percent",
                    percent(m->has_retention, m->churn_rate), "ordering_accounts", (json_int_t)m->ordering,
                    "repeat_accounts", (json_int_t)m->repeat, "repeat_purchase_rate_percent",
                    percent(m->has_repeat, m->repeat_rate), "orders", (json_int_t)m->orders, "order_value_minor",
                    (json_int_t)m->value, "average_order_value_minor",
                    m->has_orders ? json_integer(llround(m->average_order_value)) : json_null(),
                    "purchase_frequency_per_year", rounded(m->frequency, 2), "clv",
                    clv_json(&b, m->average_order_value, m->frequency), "silent_attrition", "accounts",
                    (json_int_t)silent, "value_at_risk_minor", (json_int_t)at_risk, "min_orders",
                    b.settings.rule.min_orders, "multiple_percent", b.settings.rule.multiple_percent));
    book_free(&b);
  }
  api_query_free(&q);
  return rc;
}

/* --- GET /retention/accounts and /retention/silent-attrition ---------------------------------------------- */

typedef enum { SORT_HEALTH, SORT_VALUE_AT_RISK, SORT_NAME, SORT_COUNT } ListSort;
static const char *const sort_names[SORT_COUNT + 1] = {"health", "value_at_risk", "name", NULL};

/* Lowest health first (no score last); most value at risk first; by name; ties by id. */
static int by_sort(const void *x, const void *y, void *ctx) {
  const Ranked *a = x, *b = y;
  ListSort list_sort = *(const ListSort *)ctx;
  int d = 0;
  if (list_sort == SORT_HEALTH) d = (a->health > b->health) - (a->health < b->health);
  else if (list_sort == SORT_VALUE_AT_RISK) d = (a->value_at_risk < b->value_at_risk) - (a->value_at_risk > b->value_at_risk);
  else d = strcmp(a->name, b->name);
  return d ? d : (a->id > b->id) - (a->id < b->id);
}

static int read_limit(const Query *q, size_t *limit, Error *err) {
  const char *text = api_query_text(q, "limit");
  *limit = 50;
  if (!text) return 0;
  char *end;
  long v = strtol(text, &end, 10);
  if (*text < '0' || *text > '9' || *end || v < 1 || v > LIST_MAX) {
    error_field(err, "limit", "must be a whole number from 1 to %d", LIST_MAX);
    err->status = 400;
    return -1;
  }
  *limit = (size_t)v;
  return 0;
}

int retention_accounts(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"from", "to", "sort", NULL};
  Query q = {0};
  RetentionPeriod period;
  const char *sort = NULL;
  size_t limit = 0;
  Book b;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = read_period(&q, req, &period, err);
  if (!rc) rc = api_query_choice(&q, "sort", sort_names, &sort, err);
  if (!rc) rc = read_limit(&q, &limit, err);
  ListSort by = SORT_HEALTH;
  for (int i = 0; sort && i < SORT_COUNT; i++)
    if (strcmp(sort, sort_names[i]) == 0) by = (ListSort)i;
  /* Lowest health first over the default period: the roll-up's first accounts by health, not every account. */
  int64_t current = 0;
  int at_risk = by == SORT_HEALTH && !rc && is_current(req, period);
  if (!rc) rc = at_risk ? at_risk_load(req, period, limit, &b, &current, err) : book_load(req, period, 0, &b, err);
  if (!rc) {
    size_t n = 0;
    Ranked *ranks = ranked(&b, &n);
    qsort_r(ranks, n, sizeof *ranks, by_sort, &by);
    size_t total = n;
    if (at_risk) /* the ranks are the current rows read and the accounts without one */
      for (size_t i = 0; i < n; i++) total -= (size_t)ranks[i].account->stored;
    json_t *items = json_array();
    for (size_t i = 0; i < n && i < limit; i++) json_array_append_new(items, account_entry(&b, &ranks[i]));
    free(ranks);
    char from[TIME_DATE_SIZE], to[TIME_DATE_SIZE];
    time_date_text(period.from, from);
    time_date_text(period.to, to);
    api_send_json(res, 200,
                  json_pack("{s:s, s:s, s:s, s:I, s:o}", "from", from, "to", to, "sort", sort_names[by], "total",
                            (json_int_t)(total + (size_t)current), "items", items));
    book_free(&b);
  }
  api_query_free(&q);
  return rc;
}

/* A silent account's entry with what shows it: when its next order was due and how late it is. */
static json_t *silent_entry(const Book *b, const Ranked *r) {
  const AccountSummary *s = &r->account->summary;
  json_t *entry = account_entry(b, r);
  char expected[TIME_DATE_SIZE];
  time_date_text(s->last_day + lround(s->median_interval), expected);
  json_object_set_new(entry, "expected_order_by", json_string(expected));
  json_t *recency = json_object_get(entry, "recency_days");
  json_object_set_new(entry, "times_usual_interval",
                      rounded((double)json_integer_value(recency) / s->median_interval, 1));
  json_object_set_new(entry, "ever_complained", json_boolean(json_integer_value(json_object_get(entry, "complaints")) > 0));
  return entry;
}

int retention_silent_attrition(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"as_of", NULL};
  Query q = {0};
  RetentionPeriod period;
  int has_day = 0;
  Book b;
  int rc = api_query_parse(req, allowed, &q, err);
  if (!rc) {
    period.to = (long)time_day_of(req->now);
    read_day(&q, "as_of", &period.to, &has_day, err);
    period.from = period.to - 364;
    if (error_has_fields(err)) {
      err->status = 400;
      rc = -1;
    }
  }
  if (!rc) rc = book_load(req, period, 1, &b, err);
  if (!rc) {
    size_t n = 0, silent = 0;
    int64_t at_risk = 0;
    Ranked *ranks = ranked(&b, &n);
    count_silent(ranks, n, &silent, &at_risk);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
      if (ranks[i].silent) ranks[kept++] = ranks[i];
    ListSort by = SORT_VALUE_AT_RISK;
    qsort_r(ranks, kept, sizeof *ranks, by_sort, &by);
    json_t *items = json_array();
    for (size_t i = 0; i < kept && i < LIST_MAX; i++) json_array_append_new(items, silent_entry(&b, &ranks[i]));
    free(ranks);
    char as_of[TIME_DATE_SIZE];
    time_date_text(period.to, as_of);
    api_send_json(res, 200,
                  json_pack("{s:s, s:{s:i, s:i}, s:I, s:I, s:o}", "as_of", as_of, "rule", "min_orders",
                            b.settings.rule.min_orders, "multiple_percent", b.settings.rule.multiple_percent,
                            "accounts", (json_int_t)silent, "value_at_risk_minor", (json_int_t)at_risk, "items",
                            items));
    book_free(&b);
  }
  api_query_free(&q);
  return rc;
}

/* --- GET /accounts/{id}/retention --------------------------------------------------------------------------- */

/* Orders and their value per month for the TREND_MONTHS months up to day. */
static json_t *monthly_trend(const RetentionOrder *orders, size_t n, long day) {
  char end[TIME_DATE_SIZE];
  time_date_text(day, end);
  int year = atoi(end), month = atoi(end + 5);
  int first = year * 12 + (month - 1) - (TREND_MONTHS - 1);
  json_int_t count[TREND_MONTHS] = {0}, value[TREND_MONTHS] = {0};
  for (size_t i = 0; i < n && orders[i].day <= day; i++) {
    char d[TIME_DATE_SIZE];
    time_date_text(orders[i].day, d);
    int slot = atoi(d) * 12 + (atoi(d + 5) - 1) - first;
    if (slot < 0) continue;
    count[slot]++;
    value[slot] += orders[i].value_minor;
  }
  json_t *months = json_array();
  for (int m = 0; m < TREND_MONTHS; m++) {
    char key[16];
    snprintf(key, sizeof key, "%04d-%02d", (first + m) / 12, (first + m) % 12 + 1);
    json_array_append_new(months, json_pack("{s:s, s:I, s:I}", "month", key, "orders", count[m], "value_minor", value[m]));
  }
  return months;
}

int retention_account(Request *req, Response *res, Error *err) {
  static const char *const allowed[] = {"from", "to", NULL};
  Query q = {0};
  RetentionPeriod period;
  Book b;
  json_t *entry = NULL;
  RetentionOrder *orders = NULL;
  size_t norders = 0;
  int exists = 0;
  int rc = store_record_exists(req->db, &store_accounts, req->id, &exists, err);
  if (!rc && !exists) rc = error_set(err, 404, "Not found", "account %lld does not exist", (long long)req->id);
  if (!rc) rc = api_query_parse(req, allowed, &q, err);
  if (!rc) rc = read_period(&q, req, &period, err);
  if (!rc) rc = book_load(req, period, 0, &b, err);
  if (!rc) {
    char until[TIME_DATE_SIZE];
    time_date_text(period.to, until);
    rc = store_retention_orders(req->db, req->id, until, &orders, &norders, err);
    for (size_t i = 0; i < b.naccounts; i++) {
      Ranked r;
      if (b.accounts[i].id != req->id) continue;
      rank(&b, &b.accounts[i], &r);
      entry = account_entry(&b, &r);
    }
    if (!rc && !entry) rc = error_set(err, 404, "Not found", "account %lld does not exist", (long long)req->id);
    if (!rc) {
      char from[TIME_DATE_SIZE], to[TIME_DATE_SIZE];
      time_date_text(period.from, from);
      time_date_text(period.to, to);
      double aov = json_is_integer(json_object_get(entry, "average_order_value_minor"))
                       ? (double)json_integer_value(json_object_get(entry, "average_order_value_minor"))
                       : 0;
      json_object_set_new(entry, "from", json_string(from));
      json_object_set_new(entry, "to", json_string(to));
      json_object_set_new(entry, "clv", clv_json(&b, aov, retention_frequency(json_integer_value(json_object_get(entry, "orders")), period)));
      json_object_set_new(entry, "silent_rule", json_pack("{s:i, s:i}", "min_orders", b.settings.rule.min_orders,
                                                          "multiple_percent", b.settings.rule.multiple_percent));
      json_object_set_new(entry, "monthly_orders", monthly_trend(orders, norders, period.to));
      api_send_json(res, 200, entry);
      entry = NULL;
    }
    json_decref(entry);
    free(orders);
    book_free(&b);
  }
  api_query_free(&q);
  return rc;
}
