/* The SLA tables (calendars, sla_policies, case_sla, sla_escalations): the
 * records' SQL, what a case's clocks are computed from, the scheduler's index
 * of next checks, escalations with their notifications, and the compliance
 * and at-risk reports. See docs/SLA.md. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* --- calendars and policies --------------------------------------------------------- */
static const char *const calendar_columns[] = {"name", "calendar", NULL};
static const char *const calendar_json_columns[] = {"calendar", NULL};
#define CALENDAR_SELECT "SELECT id, name, calendar, created_at, updated_at, version FROM calendars"
const StoreTable store_calendars = {
    .entity = "calendar",
    .columns = calendar_columns,
    .sql_get = CALENDAR_SELECT " WHERE id = $1",
    .sql_insert = "INSERT INTO calendars (name, calendar, created_at, updated_at, version) VALUES ($1, $2, $3, $3, 1) "
                  "RETURNING id",
    .sql_update = "UPDATE calendars SET name = $1, calendar = $2, updated_at = $3, version = version + 1 "
                  "WHERE id = $4 AND version = $5",
    .sql_delete = "DELETE FROM calendars WHERE id = $1 AND version = $2",
    .sql_exists = "SELECT 1 FROM calendars WHERE id = $1",
    .json_columns = calendar_json_columns,
};

static const char *const policy_columns[] = {"name",    "calendar_id",     "targets",   "pause_statuses",
                                             "warn_at", "acknowledgement", "review_on", "is_default", NULL};
static const char *const policy_json_columns[] = {"targets", "pause_statuses", "warn_at", NULL};
#define POLICY_SELECT                                                                                      \
  "SELECT id, name, calendar_id, targets, pause_statuses, warn_at, acknowledgement, review_on, is_default, " \
  "created_at, updated_at, version FROM sla_policies"
const StoreTable store_sla_policies = {
    .entity = "sla_policy",
    .columns = policy_columns,
    .sql_get = POLICY_SELECT " WHERE id = $1",
    .sql_insert = "INSERT INTO sla_policies (name, calendar_id, targets, pause_statuses, warn_at, acknowledgement, "
                  "review_on, is_default, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id",
    .sql_update = "UPDATE sla_policies SET name = $1, calendar_id = $2, targets = $3, pause_statuses = $4, "
                  "warn_at = $5, acknowledgement = $6, review_on = $7, is_default = $8, updated_at = $9, "
                  "version = version + 1 WHERE id = $10 AND version = $11",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM sla_policies WHERE id = $1",
    .json_columns = policy_json_columns,
};

static const char sql_calendars_list[] =
    "SELECT x.*, '' AS _k, x.id AS _i FROM (" CALENDAR_SELECT ") x WHERE x.id > $1 ORDER BY x.id LIMIT $2";
static const char sql_policies_list[] =
    "SELECT x.*, '' AS _k, x.id AS _i FROM (" POLICY_SELECT ") x WHERE x.id > $1 ORDER BY x.id LIMIT $2";

/* A page of table t ordered by id. */
static int list_by_id(Db *db, const StoreTable *t, const char *sql, StoreCursor after, int limit, StorePage *page,
                      Error *err) {
  DbParam p[] = {DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  if (store_fetch_page(db, sql, p, 2, limit, page, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(page->items, i, row) store_decode_json_columns(t, row);
  return 0;
}

int store_calendars_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  return list_by_id(db, &store_calendars, sql_calendars_list, after, limit, page, err);
}

int store_sla_policies_list(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  return list_by_id(db, &store_sla_policies, sql_policies_list, after, limit, page, err);
}

static const char sql_default_policy[] = "SELECT id FROM sla_policies WHERE is_default = 1";

int store_sla_default_policy(Db *db, int64_t *id, Error *err) {
  int found = 0;
  *id = 0;
  if (db_fetch_int(db, sql_default_policy, NULL, 0, id, &found, err)) return -1;
  if (!found) *id = 0;
  return 0;
}

static const char sql_clear_default[] =
    "UPDATE sla_policies SET is_default = 0, updated_at = $1, version = version + 1 WHERE is_default = 1 AND id <> $2";

int store_sla_policy_clear_default(Db *db, int64_t keep, const char *now, Error *err) {
  DbParam p[] = {DB_TEXT(now), DB_INT(keep)};
  return db_exec(db, sql_clear_default, p, 2, NULL, err);
}

/* --- what a case's clocks are computed from ------------------------------------------------ */
static const char sql_case_sla_source[] =
    "SELECT c.id, c.type, c.priority, c.status, c.opened_at, c.assignee_id, c.team_id, c.subject, "
    "COALESCE(a.sla_policy_id, (SELECT id FROM sla_policies WHERE is_default = 1)) AS policy_id "
    "FROM cases c JOIN accounts a ON a.id = c.account_id WHERE c.id = $1";
static const char sql_case_sla_events[] =
    "SELECT kind, direction, to_status, step, at FROM case_events WHERE case_id = $1 AND visibility = 'public' "
    "AND (kind IN ('reply', 'status_change') OR (kind = 'complaint_step' AND step = 'acknowledged')) "
    "ORDER BY at, id";

int store_case_sla_source(Db *db, int64_t case_id, json_t **out, json_t **events, Error *err) {
  DbParam p[] = {DB_INT(case_id)};
  *events = NULL;
  if (db_fetch_one(db, sql_case_sla_source, p, 1, out, err)) return -1;
  if (!*out) return 0;
  if (db_fetch_all(db, sql_case_sla_events, p, 1, events, err) == 0) return 0;
  json_decref(*out);
  *out = NULL;
  return -1;
}

static const char sql_policy_source[] =
    "SELECT p.id, p.version, p.name, p.targets, p.pause_statuses, p.warn_at, p.acknowledgement, p.review_on, "
    "p.calendar_id, k.version AS calendar_version, k.calendar "
    "FROM sla_policies p JOIN calendars k ON k.id = p.calendar_id WHERE p.id = $1";

static const char sql_policy_versions[] =
    "SELECT p.version, p.calendar_id, k.version AS calendar_version "
    "FROM sla_policies p JOIN calendars k ON k.id = p.calendar_id WHERE p.id = $1";

static const char sql_calendar_version[] = "SELECT version FROM calendars WHERE id = $1";

int store_calendar_version(Db *db, int64_t id, int64_t *version, int *found, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_int(db, sql_calendar_version, p, 1, version, found, err);
}

int store_sla_policy_versions(Db *db, int64_t policy_id, StoreSlaPolicyVersions *out, Error *err) {
  json_t *row = NULL;
  DbParam p[] = {DB_INT(policy_id)};
  memset(out, 0, sizeof *out);
  if (db_fetch_one(db, sql_policy_versions, p, 1, &row, err)) return -1;
  if (row) {
    out->found = 1;
    out->version = json_integer_value(json_object_get(row, "version"));
    out->calendar_id = json_integer_value(json_object_get(row, "calendar_id"));
    out->calendar_version = json_integer_value(json_object_get(row, "calendar_version"));
  }
  json_decref(row);
  return 0;
}

int store_sla_policy_source(Db *db, int64_t policy_id, json_t **out, Error *err) {
  static const char *const json_columns[] = {"targets", "pause_statuses", "warn_at", "calendar", NULL};
  static const StoreTable decoder = {.json_columns = json_columns};
  DbParam p[] = {DB_INT(policy_id)};
  if (db_fetch_one(db, sql_policy_source, p, 1, out, err)) return -1;
  if (*out) store_decode_json_columns(&decoder, *out);
  return 0;
}

/* --- the scheduler's index ------------------------------------------------------------------ */
static const char sql_case_sla_put[] =
    "INSERT INTO case_sla (case_id, policy_id, priority, state, due_at, at_risk, next_check_at, first_response, "
    "next_update, resolution, acknowledgement, next_update_breaches, computed_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (case_id) DO UPDATE SET "
    "policy_id = excluded.policy_id, priority = excluded.priority, state = excluded.state, due_at = excluded.due_at, "
    "at_risk = excluded.at_risk, next_check_at = excluded.next_check_at, first_response = excluded.first_response, "
    "next_update = excluded.next_update, resolution = excluded.resolution, acknowledgement = excluded.acknowledgement, "
    "next_update_breaches = excluded.next_update_breaches, computed_at = excluded.computed_at";

int store_case_sla_put(Db *db, const StoreCaseSla *s, const char *now, Error *err) {
  DbParam p[] = {DB_INT(s->case_id),         s->policy_id ? DB_INT(s->policy_id) : DB_NULL,
                 DB_INT(s->priority),        DB_TEXT(s->state),
                 DB_TEXT(s->due_at),         DB_TEXT(s->at_risk),
                 DB_TEXT(s->next_check_at),  DB_TEXT(s->clocks[0]),
                 DB_TEXT(s->clocks[1]),      DB_TEXT(s->clocks[2]),
                 DB_TEXT(s->clocks[3]),      DB_INT(s->next_update_breaches),
                 DB_TEXT(now)};
  return db_exec(db, sql_case_sla_put, p, 13, NULL, err);
}

/* PostgreSQL: rows another server's pass holds are skipped, not waited for. */
static const char sql_case_sla_due_sqlite[] =
    "SELECT case_id FROM case_sla WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2";
static const char sql_case_sla_due_pg[] =
    "SELECT case_id FROM case_sla WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED";

int store_case_sla_due(Db *db, const char *now, int limit, json_t **rows, Error *err) {
  DbParam p[] = {DB_TEXT(now), DB_INT(limit)};
  return db_fetch_all(db, db->kind == DB_POSTGRES ? sql_case_sla_due_pg : sql_case_sla_due_sqlite, p, 2, rows, err);
}

static const char *const sql_recheck[STORE_RECHECK_COUNT] = {
    [STORE_RECHECK_POLICY] = "UPDATE case_sla SET next_check_at = $1 WHERE policy_id = $2",
    [STORE_RECHECK_CALENDAR] =
        "UPDATE case_sla SET next_check_at = $1 WHERE policy_id IN (SELECT id FROM sla_policies WHERE calendar_id = $2)",
    [STORE_RECHECK_ACCOUNT] =
        "UPDATE case_sla SET next_check_at = $1 WHERE case_id IN (SELECT id FROM cases WHERE account_id = $2)",
    /* a new default: the cases of the old one ($2) and those that had none */
    [STORE_RECHECK_DEFAULT] = "UPDATE case_sla SET next_check_at = $1 WHERE policy_id IS NULL OR policy_id = $2",
};

int store_case_sla_recheck(Db *db, StoreRecheck what, int64_t id, const char *now, Error *err) {
  DbParam p[] = {DB_TEXT(now), DB_INT(id)};
  return db_exec(db, sql_recheck[what], p, 2, NULL, err);
}

/* --- escalations ------------------------------------------------------------------------------ */
static const char sql_escalation_insert[] =
    "INSERT INTO sla_escalations (case_id, target, level, wait, notify_user_id, notify_status, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, target, level, wait) DO NOTHING RETURNING id";

int store_sla_escalation_insert(Db *db, int64_t case_id, const char *target, const char *level, int wait,
                                int64_t user_id, const char *notify_status, const char *now, int64_t *id, Error *err) {
  DbParam p[] = {DB_INT(case_id), DB_TEXT(target), DB_TEXT(level), DB_INT(wait), user_id ? DB_INT(user_id) : DB_NULL,
                 DB_TEXT(notify_status), DB_TEXT(now)};
  return db_insert(db, sql_escalation_insert, p, 7, id, err);
}

#define ESCALATION_SELECT                                                                                     \
  "SELECT e.id, e.case_id, e.target, e.level, e.wait, e.notify_user_id, u.display_name AS notify_user_name, "\
  "e.notify_status, e.notify_detail, e.created_at, e.notified_at FROM sla_escalations e "                    \
  "LEFT JOIN users u ON u.id = e.notify_user_id"
static const char sql_escalation_get[] = ESCALATION_SELECT " WHERE e.id = $1";
static const char sql_escalations_list[] =
    "SELECT x.*, '' AS _k, x.id AS _i FROM (" ESCALATION_SELECT " WHERE (CAST($1 AS BIGINT) = 0 OR e.case_id = $1)) x"
    " WHERE x.id > $2 ORDER BY x.id LIMIT $3";

int store_sla_escalation_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, sql_escalation_get, p, 1, out, err);
}

int store_sla_escalations_list(Db *db, int64_t case_id, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(case_id), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_escalations_list, p, 3, limit, page, err);
}

/* The team leader of a case: the assignee's manager, else the first active
 * team leader of the case's team; and that leader's own manager. */
static const char sql_leader[] =
    "SELECT COALESCE((SELECT manager_id FROM users WHERE id = $1), (SELECT id FROM users WHERE team_id = $2 AND "
    "role = 'team_leader' AND active = 1 ORDER BY id LIMIT 1))";
static const char sql_manager[] = "SELECT manager_id FROM users WHERE id = $1";

int store_sla_leaders(Db *db, int64_t assignee_id, int64_t team_id, int64_t *leader, int64_t *manager, Error *err) {
  DbParam p[] = {DB_INT(assignee_id), DB_INT(team_id)};
  int found = 0;
  *leader = *manager = 0;
  if (db_fetch_int(db, sql_leader, p, 2, leader, &found, err)) return -1;
  if (!found) *leader = 0;
  if (!*leader) return 0;
  DbParam q[] = {DB_INT(*leader)};
  if (db_fetch_int(db, sql_manager, q, 1, manager, &found, err)) return -1;
  if (!found) *manager = 0;
  return 0;
}

static const char sql_notify_done[] =
    "UPDATE sla_escalations SET notify_status = $1, notify_detail = $2, notified_at = $3 WHERE id = $4";

int store_sla_notify_done(Db *db, int64_t id, const char *status, const char *detail, const char *now, Error *err) {
  DbParam p[] = {DB_TEXT(status), DB_TEXT(detail), DB_TEXT(now), DB_INT(id)};
  return db_exec(db, sql_notify_done, p, 4, NULL, err);
}

/* --- reports ------------------------------------------------------------------------------ */
#define CLOCK_COUNTS(clock)                                                                  \
  ", SUM(CASE WHEN s." clock " = 'met' THEN 1 ELSE 0 END) AS " clock "_met"                  \
  ", SUM(CASE WHEN s." clock " = 'breached' THEN 1 ELSE 0 END) AS " clock "_breached"
#define COMPLIANCE(key, label)                                                                                    \
  "SELECT " key " AS group_key, " label " AS label, COUNT(*) AS cases" CLOCK_COUNTS("first_response")             \
  CLOCK_COUNTS("next_update") CLOCK_COUNTS("resolution") CLOCK_COUNTS("acknowledgement")                          \
  " FROM case_sla s JOIN cases c ON c.id = s.case_id JOIN accounts a ON a.id = c.account_id"                       \
  " LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN users u ON u.id = c.assignee_id"                              \
  " WHERE s.policy_id IS NOT NULL AND c.opened_at >= $1 AND c.opened_at <= $2"                                    \
  " GROUP BY " key ", " label " ORDER BY " key

static const char *const sql_compliance[SLA_GROUP_COUNT] = {
    [SLA_GROUP_ACCOUNT] = COMPLIANCE("a.id", "a.name"),
    [SLA_GROUP_TEAM] = COMPLIANCE("c.team_id", "t.name"),
    [SLA_GROUP_AGENT] = COMPLIANCE("c.assignee_id", "u.display_name"),
    [SLA_GROUP_PRIORITY] = COMPLIANCE("c.priority", "c.priority"),
    [SLA_GROUP_MONTH] = COMPLIANCE("SUBSTR(c.opened_at, 1, 7)", "SUBSTR(c.opened_at, 1, 7)"),
};

static void sla_group_drop(SlaComplianceGroup *g) {
  json_decref(g->key);
  json_decref(g->label);
}

void store_sla_compliance_free(SlaComplianceGroup *groups, size_t n) {
  for (size_t i = 0; i < n; i++) sla_group_drop(&groups[i]);
  free(groups);
}

static int by_id(const void *a, const void *b) {
  json_int_t x = json_integer_value(((const SlaComplianceGroup *)a)->key),
             y = json_integer_value(((const SlaComplianceGroup *)b)->key);
  return (x > y) - (x < y);
}

int store_sla_groups_read(Db *db, const char *sql, const DbParam *params, int nparams, int sort_by_id,
                          SlaComplianceGroup **groups, size_t *n, Error *err) {
  DbRows *rows = NULL;
  SlaComplianceGroup *all = NULL;
  size_t count = 0, size = 0;
  *groups = NULL;
  *n = 0;
  if (db_query(db, sql, params, nparams, &rows, err)) {
    db_rows_free(rows);
    return -1;
  }
  int rc;
  while ((rc = db_next(rows, err)) == 1) {
    if (count == size && !(all = realloc(all, (size = size ? 2 * size : 256) * sizeof *all))) abort();
    SlaComplianceGroup *g = &all[count++];
    g->key = db_column_json(rows, 0);
    g->label = db_column_json(rows, 1);
    g->cases = db_int(rows, 2);
    for (int k = 0; k < SLA_CLOCK_COUNT; k++) g->met[k] = db_int(rows, 3 + 2 * k), g->breached[k] = db_int(rows, 4 + 2 * k);
  }
  db_rows_free(rows);
  if (rc < 0) {
    store_sla_compliance_free(all, count);
    return -1;
  }
  if (sort_by_id && count) qsort(all, count, sizeof *all, by_id);
  size_t kept = 0; /* the rows of one key summed into the first */
  for (size_t i = 0; i < count; i++) {
    SlaComplianceGroup *g = kept ? &all[kept - 1] : NULL;
    if (!g || !json_equal(g->key, all[i].key)) {
      all[kept++] = all[i];
      continue;
    }
    g->cases += all[i].cases;
    for (int k = 0; k < SLA_CLOCK_COUNT; k++) g->met[k] += all[i].met[k], g->breached[k] += all[i].breached[k];
    sla_group_drop(&all[i]);
  }
  *n = 0; /* groups without a case under a policy left out */
  for (size_t i = 0; i < kept; i++) {
    if (all[i].cases > 0) all[(*n)++] = all[i];
    else sla_group_drop(&all[i]);
  }
  *groups = all;
  return 0;
}

int store_sla_compliance(Db *db, SlaGroup group, const char *from, const char *to, SlaComplianceGroup **groups,
                         size_t *n, Error *err) {
  int answered = 0;
  if (store_rollup_sla_compliance(db, group, from, to, groups, n, &answered, err)) return -1;
  if (answered) return 0; /* from the roll-ups (src/store/rollups.c) */
  DbParam p[] = {DB_TEXT(from), DB_TEXT(to)};
  return store_sla_groups_read(db, sql_compliance[group], p, 2, 0, groups, n, err);
}

static const char sql_at_risk[] =
    "SELECT x.*, x.due_at AS _k, x.id AS _i FROM (SELECT c.id, c.subject, c.priority, c.status, c.account_id, "
    "a.name AS account_name, c.assignee_id, u.display_name AS assignee_name, c.team_id, s.policy_id, "
    "s.at_risk AS clock, s.due_at, s.state AS sla_state FROM case_sla s JOIN cases c ON c.id = s.case_id "
    "JOIN accounts a ON a.id = c.account_id LEFT JOIN users u ON u.id = c.assignee_id "
    "WHERE s.due_at IS NOT NULL AND c.status NOT IN ('resolved', 'closed')) x "
    "WHERE x.due_at > $1 OR (x.due_at = $1 AND x.id > $2) ORDER BY x.due_at, x.id LIMIT $3";

int store_cases_at_risk(Db *db, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_at_risk, p, 3, limit, page, err);
}
