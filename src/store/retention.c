/* The retention tables and aggregates (docs/RETENTION.md): the settings row,
 * campaigns with their accounts and the orders before and after, PDCA
 * improvement initiatives, and the raw queries the metrics are computed
 * from — every order's date and value, and one row of service facts per
 * account — for the whole book in one pass each, or for one account along
 * its indexes (what retention_rollup.c and the accounts it does not hold
 * read). */
#include <stdlib.h>

#include "store/store_internal.h"
#include "util/array.h"
#include "util/timeutil.h"

/* --- settings: one row, id 1 ---------------------------------------------------------------- */
static const char *const settings_columns[] = {
    "weight_order_trend", "weight_complaints",       "weight_sla",           "weight_surveys", "weight_contact",
    "silent_min_orders",  "silent_multiple_percent", "customer_window_days", "margin_percent", NULL};
const StoreTable store_retention_settings = {
    .entity = "retention_settings",
    .columns = settings_columns,
    .sql_get = "SELECT id, weight_order_trend, weight_complaints, weight_sla, weight_surveys, weight_contact, "
               "silent_min_orders, silent_multiple_percent, customer_window_days, margin_percent, created_at, "
               "updated_at, version FROM retention_settings WHERE id = $1",
    .sql_insert = NULL,
    .sql_update = "UPDATE retention_settings SET weight_order_trend = $1, weight_complaints = $2, weight_sla = $3, "
                  "weight_surveys = $4, weight_contact = $5, silent_min_orders = $6, silent_multiple_percent = $7, "
                  "customer_window_days = $8, margin_percent = $9, updated_at = $10, version = version + 1 "
                  "WHERE id = $11 AND version = $12",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM retention_settings WHERE id = $1",
};

/* --- the facts the metrics are computed from ------------------------------------------------- */
/* [one account]: all accounts', or one account's read along its index. */
static const char *const sql_orders[2] = {
    "SELECT account_id, ordered_on, value_minor FROM orders WHERE ordered_on <= $1 AND CAST($2 AS BIGINT) = 0 "
    "ORDER BY account_id, ordered_on, id",
    "SELECT account_id, ordered_on, value_minor FROM orders WHERE account_id = $2 AND ordered_on <= $1 "
    "ORDER BY account_id, ordered_on, id"};

int store_retention_orders(Db *db, int64_t account_id, const char *until, RetentionOrder **orders, size_t *n,
                           Error *err) {
  DbParam p[] = {DB_TEXT(until), DB_INT(account_id)};
  DbRows *rows = NULL;
  size_t cap = 0;
  *orders = NULL;
  *n = 0;
  int rc = db_query(db, sql_orders[account_id != 0], p, 2, &rows, err);
  while (!rc && (rc = db_next(rows, err)) == 1) {
    *orders = array_grow(*orders, &cap, *n + 1, sizeof **orders);
    (*orders)[(*n)++] = (RetentionOrder){db_int(rows, 0), (long)time_date_days(db_text(rows, 1)), db_int(rows, 2)};
    rc = 0;
  }
  db_rows_free(rows);
  if (rc < 0) {
    free(*orders);
    *orders = NULL;
    *n = 0;
    return -1;
  }
  return 0;
}

/* One row per account with what its health is judged on besides orders;
 * $1 and $2 bound the instants of the last year; every account (where the
 * filter in the grouped tables, x, is 1 = 1) or one, $3 (x.account_id = $3,
 * so each table is read along its account index). */
#define SQL_ACCOUNTS(filter, which)                                                                              \
  "SELECT a.id, a.name, a.status, a.tier, a.account_manager_id, u.display_name AS manager_name, "                \
  "COALESCE(k.complaints, 0) AS complaints, COALESCE(k.sla_cases, 0) AS sla_cases, "                             \
  "COALESCE(k.sla_breached, 0) AS sla_breached, i.last_contact_at, COALESCE(r.answers, 0) AS survey_answers, "    \
  "r.survey_tenths "                                                                                              \
  "FROM accounts a LEFT JOIN users u ON u.id = a.account_manager_id "                                             \
  "LEFT JOIN (SELECT x.account_id, SUM(CASE WHEN x.type = 'complaint' THEN 1 ELSE 0 END) AS complaints, "         \
  "  SUM(CASE WHEN s.policy_id IS NOT NULL THEN 1 ELSE 0 END) AS sla_cases, "                                     \
  "  SUM(CASE WHEN s.policy_id IS NOT NULL AND s.state = 'breached' THEN 1 ELSE 0 END) AS sla_breached "          \
  "  FROM cases x LEFT JOIN case_sla s ON s.case_id = x.id WHERE " filter " AND x.opened_at >= $1 "              \
  "  AND x.opened_at <= $2 GROUP BY x.account_id) k ON k.account_id = a.id "                                      \
  "LEFT JOIN (SELECT x.account_id, MAX(x.occurred_at) AS last_contact_at FROM interactions x WHERE " filter       \
  "  AND x.occurred_at <= $2 GROUP BY x.account_id) i ON i.account_id = a.id "                                    \
  /* each answer on 0–100 where 100 is best, whatever its scale and direction */                                  \
  "LEFT JOIN (SELECT x.account_id, COUNT(*) AS answers, CAST(ROUND(10 * AVG(CASE WHEN x.high_is_good = 1 "        \
  "  THEN 100.0 * (x.score - x.scale_min) / (x.scale_max - x.scale_min) "                                         \
  "  ELSE 100.0 * (x.scale_max - x.score) / (x.scale_max - x.scale_min) END)) AS BIGINT) AS survey_tenths "       \
  "  FROM survey_responses x WHERE " filter " AND x.answered_at >= $1 AND x.answered_at <= $2 "                  \
  "  GROUP BY x.account_id) r ON r.account_id = a.id "                                                            \
  "WHERE " which " ORDER BY a.id"
static const char *const sql_accounts[2] = {SQL_ACCOUNTS("1 = 1", "CAST($3 AS BIGINT) = 0"),
                                            SQL_ACCOUNTS("x.account_id = $3", "a.id = $3")};

int store_retention_accounts(Db *db, int64_t account_id, const char *since, const char *until, json_t **rows,
                             Error *err) {
  DbParam p[] = {DB_TEXT(since), DB_TEXT(until), DB_INT(account_id)};
  return db_fetch_all(db, sql_accounts[account_id != 0], p, 3, rows, err);
}

/* --- campaigns ------------------------------------------------------------------------------------ */
static const char *const campaign_columns[] = {"name",       "kind",   "description", "source", "owner_id",
                                               "started_on", "due_on", "window_days", NULL};
#define CAMPAIGN_SELECT                                                                                          \
  "SELECT g.id, g.name, g.kind, g.description, g.source, g.owner_id, u.display_name AS owner_name, g.started_on, " \
  "g.due_on, g.window_days, (SELECT COUNT(*) FROM retention_campaign_accounts m WHERE m.campaign_id = g.id) "       \
  "AS accounts, g.created_at, g.updated_at, g.version FROM retention_campaigns g JOIN users u ON u.id = g.owner_id"
const StoreTable store_campaigns = {
    .entity = "campaign",
    .columns = campaign_columns,
    .sql_get = CAMPAIGN_SELECT " WHERE g.id = $1",
    .sql_insert = "INSERT INTO retention_campaigns (name, kind, description, source, owner_id, started_on, due_on, "
                  "window_days, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) "
                  "RETURNING id",
    .sql_update = "UPDATE retention_campaigns SET name = $1, kind = $2, description = $3, source = $4, owner_id = $5, "
                  "started_on = $6, due_on = $7, window_days = $8, updated_at = $9, version = version + 1 "
                  "WHERE id = $10 AND version = $11",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM retention_campaigns WHERE id = $1",
};

/* Newest first (the cursor's id is the last campaign shown). */
static const char sql_campaigns_list[] =
    "SELECT * FROM (SELECT x.*, '' AS _k, x.id AS _i FROM (" CAMPAIGN_SELECT ") x) y "
    "WHERE y._i < $1 ORDER BY y._i DESC LIMIT $2";

int store_campaigns_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_campaigns_list, p, 2, limit, page, err);
}

static const char sql_campaign_account_insert[] =
    "INSERT INTO retention_campaign_accounts (campaign_id, account_id, task_id) VALUES ($1, $2, $3)";

int store_campaign_account_insert(Db *db, int64_t campaign_id, int64_t account_id, int64_t task_id, Error *err) {
  DbParam p[] = {DB_INT(campaign_id), DB_INT(account_id), DB_INT(task_id)};
  return db_exec(db, sql_campaign_account_insert, p, 3, NULL, err);
}

/* Each targeted account with its task and its orders in [$2, $3) and [$3, $4). */
static const char sql_campaign_outcome[] =
    "SELECT m.account_id, a.name AS account_name, m.task_id, t.status AS task_status, t.outcome AS task_outcome, "
    "t.owner_id AS task_owner_id, "
    "SUM(CASE WHEN o.ordered_on < $3 THEN 1 ELSE 0 END) AS orders_before, "
    "CAST(SUM(CASE WHEN o.ordered_on < $3 THEN o.value_minor ELSE 0 END) AS BIGINT) AS value_before, "
    "SUM(CASE WHEN o.ordered_on >= $3 THEN 1 ELSE 0 END) AS orders_after, "
    "CAST(SUM(CASE WHEN o.ordered_on >= $3 THEN o.value_minor ELSE 0 END) AS BIGINT) AS value_after "
    "FROM retention_campaign_accounts m JOIN accounts a ON a.id = m.account_id JOIN tasks t ON t.id = m.task_id "
    "LEFT JOIN orders o ON o.account_id = m.account_id AND o.ordered_on >= $2 AND o.ordered_on < $4 "
    "WHERE m.campaign_id = $1 "
    "GROUP BY m.account_id, a.name, m.task_id, t.status, t.outcome, t.owner_id ORDER BY a.name, m.account_id";

int store_campaign_outcome(Db *db, int64_t campaign_id, const char *before_from, const char *started_on,
                           const char *after_until, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(campaign_id), DB_TEXT(before_from), DB_TEXT(started_on), DB_TEXT(after_until)};
  return db_fetch_all(db, sql_campaign_outcome, p, 4, rows, err);
}

/* --- improvement initiatives ------------------------------------------------------------------------ */
static const char *const improvement_columns[] = {
    "title",       "problem",     "problem_kind", "problem_ref", "owner_id",     "stage",
    "plan",        "done",        "kpi",          "kpi_category", "before_from", "before_to",
    "after_from",  "after_to",    "check_result", "checked_at",   "act_note",    "decided_at", NULL};
static const char *const improvement_json_columns[] = {"check_result", NULL};
#define IMPROVEMENT_SELECT                                                                                       \
  "SELECT p.id, p.title, p.problem, p.problem_kind, p.problem_ref, p.owner_id, u.display_name AS owner_name, "    \
  "p.stage, p.plan, p.done, p.kpi, p.kpi_category, p.before_from, p.before_to, p.after_from, p.after_to, "        \
  "p.check_result, p.checked_at, p.act_note, p.decided_at, p.created_at, p.updated_at, p.version "                \
  "FROM improvements p JOIN users u ON u.id = p.owner_id"
const StoreTable store_improvements = {
    .entity = "improvement",
    .columns = improvement_columns,
    .sql_get = IMPROVEMENT_SELECT " WHERE p.id = $1",
    .sql_insert = "INSERT INTO improvements (title, problem, problem_kind, problem_ref, owner_id, stage, plan, done, "
                  "kpi, kpi_category, before_from, before_to, after_from, after_to, check_result, checked_at, "
                  "act_note, decided_at, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
                  "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, 1) RETURNING id",
    .sql_update = "UPDATE improvements SET title = $1, problem = $2, problem_kind = $3, problem_ref = $4, "
                  "owner_id = $5, stage = $6, plan = $7, done = $8, kpi = $9, kpi_category = $10, "
                  "before_from = $11, before_to = $12, after_from = $13, after_to = $14, check_result = $15, "
                  "checked_at = $16, act_note = $17, decided_at = $18, updated_at = $19, version = version + 1 "
                  "WHERE id = $20 AND version = $21",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM improvements WHERE id = $1",
    .json_columns = improvement_json_columns,
};

/* Open initiatives first (plan, do, check), newest first within each. */
static const char sql_improvements_list[] =
    "SELECT * FROM (SELECT x.*, CASE WHEN x.stage IN ('standardised', 'abandoned') THEN '1' ELSE '0' END AS _k, "
    "-x.id AS _i FROM (" IMPROVEMENT_SELECT ") x) y "
    "WHERE (CAST($1 AS TEXT) IS NULL OR y.stage = $1) AND (y._k > $2 OR (y._k = $2 AND y._i > $3)) "
    "ORDER BY y._k, y._i LIMIT $4";

int store_improvements_list(Db *db, const char *stage, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(stage), DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : INT64_MIN),
                 DB_INT(limit + 1)};
  if (store_fetch_page(db, sql_improvements_list, p, 4, limit, page, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(page->items, i, row) store_decode_json_columns(&store_improvements, row);
  return 0;
}

/* --- KPIs for a period (instants $1..$2 inclusive; order dates likewise) ----------------------------- */
static const char sql_kpi_complaints[] =
    "SELECT COUNT(*) FROM cases c JOIN complaints m ON m.case_id = c.id WHERE c.opened_at >= $1 AND c.opened_at <= $2 "
    "AND (CAST($3 AS TEXT) IS NULL OR m.cause_category = $3)";
static const char sql_kpi_sla[] =
    "SELECT SUM(CASE WHEN s.state = 'met' THEN 1 ELSE 0 END) AS met, "
    "SUM(CASE WHEN s.state = 'breached' THEN 1 ELSE 0 END) AS breached FROM case_sla s JOIN cases c ON c.id = s.case_id "
    "WHERE s.policy_id IS NOT NULL AND c.opened_at >= $1 AND c.opened_at <= $2";
/* A satisfied CSAT answer is one of the top two scores of its scale (4 and 5 of 1–5). */
static const char sql_kpi_csat[] =
    "SELECT SUM(CASE WHEN (high_is_good = 1 AND score >= scale_max - 1) OR (high_is_good = 0 AND score <= scale_min + 1) "
    "THEN 1 ELSE 0 END) AS satisfied, COUNT(*) AS answers FROM survey_responses "
    "WHERE survey_type = 'csat' AND answered_at >= $1 AND answered_at <= $2";
static const char sql_kpi_orders[] =
    "SELECT COUNT(*) AS orders, CAST(COALESCE(SUM(value_minor), 0) AS BIGINT) AS value FROM orders "
    "WHERE ordered_on >= $1 AND ordered_on <= $2";

int store_kpi_complaints(Db *db, const char *category, const char *from, const char *to, int64_t *count, Error *err) {
  DbParam p[] = {DB_TEXT(from), DB_TEXT(to), DB_TEXT(category)};
  int found = 0;
  return db_fetch_int(db, sql_kpi_complaints, p, 3, count, &found, err);
}

/* Reads two integer columns of a one-row aggregate (NULL sums as 0). */
static int fetch_pair(Db *db, const char *sql, const char *from, const char *to, int64_t *a, int64_t *b, Error *err) {
  DbParam p[] = {DB_TEXT(from), DB_TEXT(to)};
  DbRows *rows = NULL;
  int rc = db_query(db, sql, p, 2, &rows, err);
  if (!rc) rc = db_next(rows, err);
  if (rc == 1) {
    *a = db_is_null(rows, 0) ? 0 : db_int(rows, 0);
    *b = db_is_null(rows, 1) ? 0 : db_int(rows, 1);
    rc = 0;
  } else if (rc == 0) {
    *a = *b = 0;
  }
  db_rows_free(rows);
  return rc < 0 ? -1 : 0;
}

int store_kpi_sla(Db *db, const char *from, const char *to, int64_t *met, int64_t *breached, Error *err) {
  return fetch_pair(db, sql_kpi_sla, from, to, met, breached, err);
}

int store_kpi_csat(Db *db, const char *from, const char *to, int64_t *satisfied, int64_t *answers, Error *err) {
  return fetch_pair(db, sql_kpi_csat, from, to, satisfied, answers, err);
}

int store_kpi_orders(Db *db, const char *from, const char *to, int64_t *orders, int64_t *value, Error *err) {
  return fetch_pair(db, sql_kpi_orders, from, to, orders, value, err);
}
