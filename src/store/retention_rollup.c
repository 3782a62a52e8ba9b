/* The retention roll-up (migration 019, docs/RETENTION.md "At scale"): each
 * account's retention figures as of a day — what its orders say over the
 * 365 days up to that day (core/retention.c's summary) and its service facts
 * of that year and of all time — so the whole-book lists read one row per
 * account instead of every order, case and answer.
 *
 * Like the other roll-ups (rollups.c) a row is recomputed from the raw rows
 * by the scheduler when its account is marked (an order written; recomputing
 * one of the account's account_sla or account_survey buckets), and also when
 * it is of another day or customer window than today's. Reads take a row
 * only for its own day and window and while its account has no mark of the
 * three kinds; any other account is computed from the raw rows, so a figure
 * is current the moment its change commits. The summary is the same pure
 * function the raw path uses, so the two cannot disagree. A row also keeps
 * its account's health score as of its day with the weights it names
 * (migration 023), so the at-risk list reads the first accounts of an index
 * by health rather than every account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"
#include "util/array.h"
#include "util/timeutil.h"

#define KIND "account_retention"
#define EVER_SINCE "0001-01-01T00:00:00Z"
#define RETENTION_BATCH_SHARE 10

#define SUMMARY_COLUMNS                                                                                       \
  "orders_total, value_total, orders, value_minor, first_day, last_day, median_x2, customer_at_start, "      \
  "customer_at_end, trend_recent, trend_previous"
#define FACT_COLUMNS                                                                                          \
  "complaints, sla_cases, sla_breached, survey_answers, survey_tenths, complaints_ever, sla_cases_ever, "     \
  "sla_breached_ever, survey_answers_ever, survey_tenths_ever, last_contact_at"
#define ROW_COLUMNS "account_id, day, window_days, " SUMMARY_COLUMNS ", " FACT_COLUMNS ", health, weights"
#define ROW_VALUES                                                                                            \
  "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, " \
  "$24, $25, $26, $27"
#define NCOLUMNS 27
/* The weights a row's health is computed with, as text ("30,20,20,15,15", in HealthComponent order). */
#define WEIGHTS_TEXT_SIZE 32
/* An account marked in any of the kinds its row is made of. */
#define MARKED(id)                                                                                          \
  "EXISTS (SELECT 1 FROM rollup_dirty d WHERE d.kind IN ('" KIND "', 'account_sla', 'account_survey') AND " \
  "d.key_id = " id ")"

static const char sql_upsert[] =
    "INSERT INTO rollup_account_retention (" ROW_COLUMNS ") VALUES (" ROW_VALUES ") ON CONFLICT (account_id) DO "
    "UPDATE SET day = excluded.day, window_days = excluded.window_days, orders_total = excluded.orders_total, "
    "value_total = excluded.value_total, orders = excluded.orders, value_minor = excluded.value_minor, "
    "first_day = excluded.first_day, last_day = excluded.last_day, median_x2 = excluded.median_x2, "
    "customer_at_start = excluded.customer_at_start, customer_at_end = excluded.customer_at_end, "
    "trend_recent = excluded.trend_recent, trend_previous = excluded.trend_previous, "
    "complaints = excluded.complaints, sla_cases = excluded.sla_cases, sla_breached = excluded.sla_breached, "
    "survey_answers = excluded.survey_answers, survey_tenths = excluded.survey_tenths, "
    "complaints_ever = excluded.complaints_ever, sla_cases_ever = excluded.sla_cases_ever, "
    "sla_breached_ever = excluded.sla_breached_ever, survey_answers_ever = excluded.survey_answers_ever, "
    "survey_tenths_ever = excluded.survey_tenths_ever, last_contact_at = excluded.last_contact_at, "
    "health = excluded.health, weights = excluded.weights";
static const char sql_delete[] = "DELETE FROM rollup_account_retention WHERE account_id = $1";
static const char sql_settings[] =
    "SELECT customer_window_days, weight_order_trend, weight_complaints, weight_sla, weight_surveys, weight_contact "
    "FROM retention_settings WHERE id = 1";
/* Marks, lowest account first; on PostgreSQL one a writer holds is left for later. */
static const char *const sql_claim[2] = {
    "SELECT key_id, day, gen FROM rollup_dirty WHERE kind = '" KIND "' ORDER BY key_id, day LIMIT $1",
    "SELECT key_id, day, gen FROM rollup_dirty WHERE kind = '" KIND "' ORDER BY key_id, day LIMIT $1 "
    "FOR UPDATE SKIP LOCKED"};
static const char sql_unmark[] =
    "DELETE FROM rollup_dirty WHERE kind = '" KIND "' AND key_id = $1 AND day = $2 AND gen = $3";
/* Accounts whose row is missing or of another day, window or weights, not marked (a mark is done first). */
static const char sql_stale[] =
    "SELECT a.id FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM rollup_account_retention r WHERE r.account_id = "
    "a.id AND r.day = $1 AND r.window_days = $2 AND r.weights = $3) AND NOT " MARKED("a.id") " ORDER BY a.id LIMIT $4";
static const char *const sql_mark[2] = {
    "INSERT INTO rollup_dirty (kind, key_id, day) SELECT '" KIND "', $1, '' WHERE NOT EXISTS (SELECT 1 FROM "
    "rollup_dirty WHERE kind = '" KIND "' AND key_id = $1 AND day = '')",
    "INSERT INTO rollup_dirty (kind, key_id, day) VALUES ('" KIND "', $1, '') ON CONFLICT (kind, key_id, day) DO "
    "UPDATE SET gen = rollup_dirty.gen + 1"};
/* The rows verify compares: those no mark makes stale. */
static const char sql_stored[] =
    "SELECT " ROW_COLUMNS " FROM rollup_account_retention r WHERE NOT " MARKED("r.account_id")
    " AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id) ORDER BY r.account_id";

static void weights_text(const int weights[HEALTH_COMPONENT_COUNT], char out[WEIGHTS_TEXT_SIZE]) {
  size_t len = 0;
  for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++)
    len += (size_t)snprintf(out + len, WEIGHTS_TEXT_SIZE - len, c ? ",%d" : "%d", weights[c]);
}

/* The weights of a row's text; -1 when it is none (NULL, or not weights_text's). */
static int weights_parse(const char *text, int weights[HEALTH_COMPONENT_COUNT]) {
  char again[WEIGHTS_TEXT_SIZE];
  int end = 0;
  for (int c = 0; text && c < HEALTH_COMPONENT_COUNT; c++) {
    int used = 0;
    if (sscanf(text + end, c ? ",%d%n" : "%d%n", &weights[c], &used) != 1) return -1;
    end += used;
  }
  if (!text) return -1;
  weights_text(weights, again);
  return strcmp(again, text) == 0 ? 0 : -1;
}

HealthInputs store_retention_health_inputs(const RetentionAccount *a, long day) {
  const AccountSummary *s = &a->summary;
  return (HealthInputs){
      .ever_ordered = s->orders_total > 0,
      .recent_value = s->trend_recent,
      .previous_value = s->trend_previous,
      .complaints = a->complaints,
      .sla_cases = a->sla_cases,
      .sla_breached = a->sla_breached,
      .survey_answers = a->survey_answers,
      .survey_percent = (double)a->survey_tenths / 10.0,
      .days_since_contact = a->last_contact_at[0] ? day - (long)time_day_of(a->last_contact_at) : -1,
  };
}

/* The health an account with the facts y (a raw facts row) and the summary s sorts by, as of day; null
 * when it has never ordered (it is not on the lists). */
static json_t *health_of(const json_t *y, const AccountSummary *s, long day, const int weights[HEALTH_COMPONENT_COUNT]) {
  if (s->orders_total == 0) return json_null();
  RetentionAccount a = {.complaints = (long)json_integer_value(json_object_get(y, "complaints")),
                        .sla_cases = (long)json_integer_value(json_object_get(y, "sla_cases")),
                        .sla_breached = (long)json_integer_value(json_object_get(y, "sla_breached")),
                        .survey_answers = (long)json_integer_value(json_object_get(y, "survey_answers")),
                        .survey_tenths = json_integer_value(json_object_get(y, "survey_tenths")),
                        .summary = *s};
  const char *contact = json_string_value(json_object_get(y, "last_contact_at"));
  snprintf(a.last_contact_at, sizeof a.last_contact_at, "%s", contact ? contact : "");
  HealthInputs in = store_retention_health_inputs(&a, day);
  int score = retention_health_score(&in, weights);
  return json_integer(score >= 0 ? score : RETENTION_HEALTH_NONE);
}

/* The row of account id as of day (days since 1970) with the customer
 * window and the health weights, computed from the raw rows: a json object
 * of ROW_COLUMNS. */
static int compute(Db *db, int64_t id, long day, long window, const int weights[HEALTH_COMPONENT_COUNT], json_t **out,
                   Error *err) {
  char date[TIME_DATE_SIZE], since[TIME_TEXT_SIZE], until[TIME_TEXT_SIZE];
  RetentionOrder *orders = NULL;
  size_t n = 0;
  json_t *year = NULL, *ever = NULL;
  *out = NULL;
  time_date_text(day - (RETENTION_HEALTH_DAYS - 1), date);
  snprintf(since, sizeof since, "%sT00:00:00Z", date);
  time_date_text(day, date);
  snprintf(until, sizeof until, "%sT23:59:59Z", date);
  int rc = store_retention_orders(db, id, date, &orders, &n, err) ||
                   store_retention_accounts(db, id, since, until, &year, err) ||
                   store_retention_accounts(db, id, EVER_SINCE, until, &ever, err)
               ? -1
               : 0;
  json_t *y = json_array_get(year, 0), *e = json_array_get(ever, 0);
  if (!rc && y && e) {
    AccountSummary s;
    char used[WEIGHTS_TEXT_SIZE];
    retention_account_summarise(orders, n, (RetentionPeriod){day - (RETENTION_HEALTH_DAYS - 1), day}, window, &s);
    weights_text(weights, used);
    *out = json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:i, s:i, s:I, s:I, s:O, s:O, s:O, s:O, "
                     "s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:o, s:s}",
                     "account_id", (json_int_t)id, "day", date, "window_days", (json_int_t)window, "orders_total",
                     (json_int_t)s.orders_total, "value_total", (json_int_t)s.value_total, "orders",
                     (json_int_t)s.orders, "value_minor", (json_int_t)s.value, "first_day", (json_int_t)s.first_day,
                     "last_day", (json_int_t)s.last_day, "median_x2",
                     s.has_median ? json_integer((json_int_t)(2 * s.median_interval)) : json_null(),
                     "customer_at_start", s.customer_at_start, "customer_at_end", s.customer_at_end, "trend_recent",
                     (json_int_t)s.trend_recent, "trend_previous", (json_int_t)s.trend_previous, "complaints",
                     json_object_get(y, "complaints"), "sla_cases", json_object_get(y, "sla_cases"), "sla_breached",
                     json_object_get(y, "sla_breached"), "survey_answers", json_object_get(y, "survey_answers"),
                     "survey_tenths", json_object_get(y, "survey_tenths"), "complaints_ever",
                     json_object_get(e, "complaints"), "sla_cases_ever", json_object_get(e, "sla_cases"),
                     "sla_breached_ever", json_object_get(e, "sla_breached"), "survey_answers_ever",
                     json_object_get(e, "survey_answers"), "survey_tenths_ever", json_object_get(e, "survey_tenths"),
                     "last_contact_at", json_object_get(y, "last_contact_at"), "health",
                     health_of(y, &s, day, weights), "weights", used);
  }
  free(orders);
  json_decref(year);
  json_decref(ever);
  return rc;
}

/* Writes an account's row as of day (an account deleted meanwhile: its row deleted). */
static int refresh_account(Db *db, int64_t id, long day, long window, const int weights[HEALTH_COMPONENT_COUNT],
                           Error *err) {
  json_t *row = NULL;
  if (compute(db, id, day, window, weights, &row, err)) return -1;
  int rc = 0;
  if (row) {
    static const char *const names[NCOLUMNS] = {
        "account_id",     "day",          "window_days",     "orders_total",   "value_total",     "orders",
        "value_minor",    "first_day",    "last_day",        "median_x2",      "customer_at_start", "customer_at_end",
        "trend_recent",   "trend_previous", "complaints",    "sla_cases",      "sla_breached",    "survey_answers",
        "survey_tenths",  "complaints_ever", "sla_cases_ever", "sla_breached_ever", "survey_answers_ever",
        "survey_tenths_ever", "last_contact_at", "health", "weights"};
    DbParam p[NCOLUMNS];
    for (int c = 0; c < NCOLUMNS; c++) {
      json_t *v = json_object_get(row, names[c]);
      p[c] = json_is_string(v) ? DB_TEXT(json_string_value(v)) : json_is_integer(v) ? DB_INT(json_integer_value(v)) : DB_NULL;
    }
    rc = db_exec(db, sql_upsert, p, NCOLUMNS, NULL, err);
  } else {
    DbParam p[] = {DB_INT(id)};
    rc = db_exec(db, sql_delete, p, 1, NULL, err);
  }
  json_decref(row);
  return rc;
}

/* Today (UTC) as days since 1970, the settings' customer window and health weights. */
static int as_of_now(Db *db, long *day, long *window, int weights[HEALTH_COMPONENT_COUNT], Error *err) {
  static const char *const names[HEALTH_COMPONENT_COUNT] = {
      [HEALTH_ORDER_TREND] = "weight_order_trend", [HEALTH_COMPLAINTS] = "weight_complaints",
      [HEALTH_SLA] = "weight_sla", [HEALTH_SURVEYS] = "weight_surveys", [HEALTH_CONTACT] = "weight_contact"};
  char now[TIME_TEXT_SIZE];
  json_t *rows = NULL;
  time_now_text(now);
  *day = (long)time_day_of(now);
  if (db_fetch_all(db, sql_settings, NULL, 0, &rows, err)) return -1;
  json_t *row = json_array_get(rows, 0);
  *window = row ? (long)json_integer_value(json_object_get(row, "customer_window_days")) : RETENTION_HEALTH_DAYS;
  for (int c = 0; c < HEALTH_COMPONENT_COUNT; c++) weights[c] = (int)json_integer_value(json_object_get(row, names[c]));
  json_decref(rows);
  return 0;
}

/* One transaction: up to batch marked accounts recomputed and unmarked
 * (stale is 0), or up to batch stale ones (stale 1); *n how many. */
static int refresh_batch(Db *db, int stale, int batch, int *n, Error *err) {
  long day = 0, window = 0;
  int weights[HEALTH_COMPONENT_COUNT];
  json_t *rows = NULL;
  char date[TIME_DATE_SIZE], used[WEIGHTS_TEXT_SIZE];
  *n = 0;
  if (db_begin_write_unsynced(db, err)) return -1;
  int rc = as_of_now(db, &day, &window, weights, err);
  time_date_text(day, date);
  weights_text(weights, used);
  DbParam claim[] = {DB_INT(batch)}, find[] = {DB_TEXT(date), DB_INT(window), DB_TEXT(used), DB_INT(batch)};
  if (!rc) rc = stale ? db_fetch_all(db, sql_stale, find, 4, &rows, err)
                      : db_fetch_all(db, sql_claim[db->kind == DB_POSTGRES], claim, 1, &rows, err);
  int64_t last = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r) {
    if (rc) break;
    int64_t id = json_integer_value(json_object_get(r, stale ? "id" : "key_id"));
    if (id != last) rc = refresh_account(db, id, day, window, weights, err); /* an account's marks are claimed together */
    last = id;
    DbParam unmark[] = {DB_INT(id), DB_TEXT(json_string_value(json_object_get(r, "day"))),
                        DB_INT(json_integer_value(json_object_get(r, "gen")))};
    if (!rc && !stale) rc = db_exec(db, sql_unmark, unmark, 3, NULL, err);
  }
  *n = (int)json_array_size(rows);
  json_decref(rows);
  if (rc || db_commit(db, err)) {
    db_rollback(db);
    return -1;
  }
  return 0;
}

int store_retention_rollup_catch_up(Db *db, int batch, const struct timespec *start, int budget_ms, int64_t *done,
                                    int *left, Error *err) {
  /* An account reads its orders, cases and answers: a tenth of the buckets' batch holds the write lock as long. */
  int accounts = batch / RETENTION_BATCH_SHARE > 0 ? batch / RETENTION_BATCH_SHARE : 1;
  *left = 1;
  for (int stale = 0; stale < 2; stale++) {
    for (;;) {
      int n = 0;
      if (refresh_batch(db, stale, accounts, &n, err)) return -1;
      *done += n;
      if (n < accounts) break;
      if (budget_ms > 0 && time_ms_since(start) >= budget_ms) return 0;
    }
  }
  *left = 0;
  return 0;
}

int store_retention_rollup_mark(Db *db, int64_t account_id, Error *err) {
  DbParam p[] = {DB_INT(account_id)};
  return db_exec(db, sql_mark[db->kind == DB_POSTGRES], p, 1, NULL, err);
}

int store_retention_rollup_verify(Db *db, int limit, json_t *differences, int64_t *count, Error *err) {
  json_t *stored = NULL;
  if (db_fetch_all(db, sql_stored, NULL, 0, &stored, err)) return -1;
  int rc = 0;
  size_t i;
  json_t *row;
  json_array_foreach(stored, i, row) {
    json_t *raw = NULL;
    const char *day = json_string_value(json_object_get(row, "day")), *used = json_string_value(json_object_get(row, "weights"));
    int weights[HEALTH_COMPONENT_COUNT];
    if (time_check_date(day) || weights_parse(used, weights)) { /* not a row compute could have written */
      raw = json_object();
    } else if (compute(db, json_integer_value(json_object_get(row, "account_id")), (long)time_date_days(day),
                       (long)json_integer_value(json_object_get(row, "window_days")), weights, &raw, err)) {
      rc = -1;
      break;
    }
    if (!json_equal(raw, row)) {
      json_t *sides[2] = {raw, row};
      static const char *const side[2] = {"raw", "rollup"};
      for (int s = 0; s < 2; s++) {
        if ((int64_t)json_array_size(differences) < limit && sides[s] && json_object_size(sides[s])) {
          json_t *shown = json_deep_copy(sides[s]);
          json_object_set_new(shown, "side", json_string(side[s]));
          json_array_append_new(differences, json_pack("{s:s, s:o}", "rollup", KIND, "row", shown));
        }
        (*count)++;
      }
    }
    json_decref(raw);
  }
  json_decref(stored);
  return rc;
}

/* --- the lists' read ----------------------------------------------------------------------------------- */
/* The marked accounts as one set, read once (rather than probed three times an account). */
#define MARKED_ACCOUNT_IDS "SELECT d.key_id FROM rollup_dirty d WHERE d.kind IN ('" KIND "', 'account_sla', 'account_survey')"
#define MARKED_ACCOUNTS "(" MARKED_ACCOUNT_IDS ")"
#define FACTS(sfx) \
  "r.complaints" sfx ", r.sla_cases" sfx ", r.sla_breached" sfx ", r.survey_answers" sfx ", r.survey_tenths" sfx
/* Every account with its row where the row is of the day $1 and window $2 and the account not marked (the
 * last interaction up to $3 read from the records where not); r_test narrows the rows further. */
#define BOOK(sfx, r_test)                                                                                         \
  "SELECT a.id, a.account_manager_id, a.name, a.status, a.tier, u.display_name, CASE WHEN r.account_id IS NULL " \
  "THEN (SELECT MAX(i.occurred_at) FROM interactions i WHERE i.account_id = a.id AND i.occurred_at <= $3) ELSE "   \
  "r.last_contact_at END, r.account_id, " FACTS(sfx) ", "                                                         \
  "r.orders_total, r.value_total, r.orders, r.value_minor, r.first_day, r.last_day, r.median_x2, "               \
  "r.customer_at_start, r.customer_at_end, r.trend_recent, r.trend_previous FROM accounts a LEFT JOIN users u ON " \
  "u.id = a.account_manager_id LEFT JOIN rollup_account_retention r ON r.account_id = a.id AND r.day = $1 AND "   \
  "r.window_days = $2 AND a.id NOT IN " MARKED_ACCOUNTS r_test
static const char *const sql_book[2] = {BOOK("", "") " ORDER BY a.id", BOOK("_ever", "") " ORDER BY a.id"};
/* The at-risk list: the current rows ($4 the weights) of accounts with orders (a health), lowest health first
 * (the index by day, window, weights and health leads: $5 of them are read), then the marked accounts and
 * every account without a current row, by id, and how many have one (the first index alone). An account's
 * row goes with it (migration 027), so the accounts less their current rows is how many lack one: when none
 * does, the marked accounts alone are read; otherwise each account's row is probed in the index by account
 * and day alone (a NOT EXISTS there reads each row itself, 20 ms for 2,300 accounts). */
#define CURRENT " AND r.weights = $4"
enum { AT_RISK_LOWEST, AT_RISK_LACKING, AT_RISK_MARKED };
static const char *const sql_at_risk[3] = {
    BOOK("", CURRENT) " WHERE r.health IS NOT NULL ORDER BY r.health, r.account_id LIMIT $5",
    BOOK("", CURRENT) " WHERE a.id IN (SELECT x.id FROM accounts x LEFT JOIN rollup_account_retention c ON "
    "c.account_id = x.id AND c.day = $1 AND c.window_days = $2 AND c.weights = $4 WHERE c.account_id IS NULL UNION "
    MARKED_ACCOUNT_IDS ") ORDER BY a.id",
    BOOK("", CURRENT) " WHERE a.id IN " MARKED_ACCOUNTS " ORDER BY a.id"};
/* In one statement: how many accounts lack a current row, and how many have one with a health, unmarked. */
#define CURRENT_ROWS "SELECT COUNT(*) FROM rollup_account_retention r WHERE r.day = $1 AND r.window_days = $2 AND r.weights = $3"
static const char sql_at_risk_counts[] =
    "SELECT (SELECT COUNT(*) FROM accounts) - (" CURRENT_ROWS "), (" CURRENT_ROWS
    " AND r.health IS NOT NULL AND r.account_id NOT IN " MARKED_ACCOUNTS ")";
enum { B_ID, B_MANAGER, B_NAME, B_STATUS, B_TIER, B_MANAGER_NAME, B_CONTACT, B_STORED, B_FACTS };
enum { F_COMPLAINTS, F_SLA_CASES, F_SLA_BREACHED, F_ANSWERS, F_TENTHS, F_END };

/* The account's strings copied into one block. */
static void copy_text(RetentionAccount *a, DbRows *rows) {
  const char *s[4];
  size_t len = 0;
  for (int c = 0; c < 4; c++) {
    s[c] = db_text(rows, B_NAME + c);
    len += s[c] ? strlen(s[c]) + 1 : 0;
  }
  char *p = a->text = malloc(len ? len : 1);
  if (!p) abort();
  const char **out[4] = {&a->name, &a->status, &a->tier, &a->manager_name};
  for (int c = 0; c < 4; c++) {
    *out[c] = s[c] ? p : NULL;
    if (s[c]) p = stpcpy(p, s[c]) + 1;
  }
}

static void read_account(RetentionAccount *a, DbRows *rows) {
  memset(a, 0, sizeof *a);
  a->id = db_int(rows, B_ID);
  a->manager_id = db_is_null(rows, B_MANAGER) ? 0 : db_int(rows, B_MANAGER);
  copy_text(a, rows);
  const char *contact = db_text(rows, B_CONTACT);
  snprintf(a->last_contact_at, sizeof a->last_contact_at, "%s", contact ? contact : "");
  a->summary.first_day = a->summary.last_day = -1;
  if (db_is_null(rows, B_STORED)) return;
  a->stored = 1;
  a->complaints = (long)db_int(rows, B_FACTS + F_COMPLAINTS);
  a->sla_cases = (long)db_int(rows, B_FACTS + F_SLA_CASES);
  a->sla_breached = (long)db_int(rows, B_FACTS + F_SLA_BREACHED);
  a->survey_answers = (long)db_int(rows, B_FACTS + F_ANSWERS);
  a->has_tenths = !db_is_null(rows, B_FACTS + F_TENTHS);
  a->survey_tenths = a->has_tenths ? db_int(rows, B_FACTS + F_TENTHS) : 0;
  int c = B_FACTS + F_END, median = c + 6;
  AccountSummary *s = &a->summary;
  *s = (AccountSummary){
      .orders_total = (size_t)db_int(rows, c),
      .value_total = db_int(rows, c + 1),
      .orders = (size_t)db_int(rows, c + 2),
      .value = db_int(rows, c + 3),
      .first_day = (long)db_int(rows, c + 4),
      .last_day = (long)db_int(rows, c + 5),
      .has_median = !db_is_null(rows, median),
      .median_interval = db_is_null(rows, median) ? 0 : (double)db_int(rows, median) / 2.0,
      .customer_at_start = (int)db_int(rows, c + 7),
      .customer_at_end = (int)db_int(rows, c + 8),
      .trend_recent = db_int(rows, c + 9),
      .trend_previous = db_int(rows, c + 10),
  };
}

/* Appends the accounts of a book query to *accounts (*n of them, room for *cap). */
static int read_accounts(Db *db, const char *sql, const DbParam *p, int np, RetentionAccount **accounts, size_t *n,
                         size_t *cap, Error *err) {
  DbRows *rows = NULL;
  int rc = db_query(db, sql, p, np, &rows, err);
  while (!rc && (rc = db_next(rows, err)) == 1) {
    *accounts = array_grow(*accounts, cap, *n + 1, sizeof **accounts);
    read_account(&(*accounts)[(*n)++], rows);
    rc = 0;
  }
  db_rows_free(rows);
  return rc < 0 ? -1 : 0;
}

/* The end of day's last second, for the accounts' last interaction. */
static void day_end(const char *day, char until[TIME_TEXT_SIZE]) { snprintf(until, TIME_TEXT_SIZE, "%.10sT23:59:59Z", day); }

int store_retention_book(Db *db, const char *day, int stored, long window_days, int ever, RetentionAccount **accounts,
                         size_t *n, Error *err) {
  char until[TIME_TEXT_SIZE];
  day_end(day, until);
  DbParam p[] = {DB_TEXT(stored ? day : ""), DB_INT(window_days), DB_TEXT(until)};
  size_t cap = 0;
  *accounts = NULL;
  *n = 0;
  if (read_accounts(db, sql_book[ever != 0], p, 3, accounts, n, &cap, err) == 0) return 0;
  store_retention_book_free(*accounts, *n);
  *accounts = NULL;
  *n = 0;
  return -1;
}

int store_retention_at_risk(Db *db, const char *day, long window_days, const int weights[HEALTH_COMPONENT_COUNT],
                            size_t limit, RetentionAccount **accounts, size_t *n, int64_t *current, Error *err) {
  char until[TIME_TEXT_SIZE], used[WEIGHTS_TEXT_SIZE];
  day_end(day, until);
  weights_text(weights, used);
  DbParam p[] = {DB_TEXT(day), DB_INT(window_days), DB_TEXT(until), DB_TEXT(used), DB_INT((int64_t)limit)};
  DbParam count[] = {DB_TEXT(day), DB_INT(window_days), DB_TEXT(used)};
  size_t cap = 0;
  int64_t lacking = 0;
  *accounts = NULL;
  *n = 0;
  *current = 0;
  DbRows *rows = NULL;
  int rc = read_accounts(db, sql_at_risk[AT_RISK_LOWEST], p, 5, accounts, n, &cap, err);
  if (!rc) rc = db_query(db, sql_at_risk_counts, count, 3, &rows, err);
  if (!rc && (rc = db_next(rows, err)) == 1) {
    lacking = db_int(rows, 0);
    *current = db_int(rows, 1);
    rc = 0;
  }
  db_rows_free(rows);
  if (!rc && read_accounts(db, sql_at_risk[lacking ? AT_RISK_LACKING : AT_RISK_MARKED], p, 4, accounts, n, &cap,
                           err) == 0)
    return 0;
  store_retention_book_free(*accounts, *n);
  *accounts = NULL;
  *n = 0;
  return -1;
}

void store_retention_book_free(RetentionAccount *accounts, size_t n) {
  for (size_t i = 0; i < n; i++) free(accounts[i].text);
  free(accounts);
}
