/* The records of performance management (docs/PERFORMANCE-MANAGEMENT.md):
 * objectives, KPI standards, feedback and one-to-ones; who manages whom up
 * the line; and the per-day sums the KPIs are computed from, aggregated in
 * SQL. */
#include <stdio.h>

#include "store/store_internal.h"

/* --- objectives ------------------------------------------------------------------------------- */
static const char *const objective_columns[] = {"level",  "title",    "description", "owner_id", "team_id",
                                                "parent_id", "metric", "baseline",    "target",   "deadline",
                                                "status", "created_by_id", NULL};
#define OBJECTIVE_SELECT                                                                                     \
  "SELECT o.id, o.level, o.title, o.description, o.owner_id, u.display_name AS owner_name, o.team_id, "      \
  "o.parent_id, o.metric, o.baseline, o.target, o.deadline, o.status, o.created_by_id, o.created_at, "      \
  "o.updated_at, o.version FROM perf_objectives o LEFT JOIN users u ON u.id = o.owner_id"
const StoreTable store_perf_objectives = {
    .entity = "objective",
    .columns = objective_columns,
    .sql_get = OBJECTIVE_SELECT " WHERE o.id = $1",
    .sql_insert = "INSERT INTO perf_objectives (level, title, description, owner_id, team_id, parent_id, metric, "
                  "baseline, target, deadline, status, created_by_id, created_at, updated_at) VALUES ($1, $2, $3, "
                  "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    .sql_update = "UPDATE perf_objectives SET level = $1, title = $2, description = $3, owner_id = $4, team_id = "
                  "$5, parent_id = $6, metric = $7, baseline = $8, target = $9, deadline = $10, status = $11, "
                  "created_by_id = $12, updated_at = $13, version = version + 1 WHERE id = $14 AND version = $15",
    .sql_exists = "SELECT 1 FROM perf_objectives WHERE id = $1",
};

static const char sql_objectives_list[] =
    OBJECTIVE_SELECT " WHERE (CAST($1 AS BIGINT) = 0 AND o.level <> 'personal') OR (CAST($1 AS BIGINT) <> 0 AND "
                     "o.owner_id = $1 AND o.level = 'personal') ORDER BY o.deadline, o.id LIMIT 500";

int store_perf_objectives_list(Db *db, int64_t owner_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(owner_id)};
  return db_fetch_all(db, sql_objectives_list, p, 1, rows, err);
}

/* --- standards -------------------------------------------------------------------------------- */
static const char *const standard_columns[] = {"kpi", "role", "team_id", "target", "objective_id", "signal_periods",
                                               "signal_period", NULL};
#define STANDARD_SELECT                                                                                       \
  "SELECT s.id, s.kpi, s.role, s.team_id, s.target, s.objective_id, o.title AS objective_title, "            \
  "s.signal_periods, s.signal_period, s.created_at, s.updated_at, s.version FROM perf_standards s "          \
  "JOIN perf_objectives o ON o.id = s.objective_id"
const StoreTable store_perf_standards = {
    .entity = "kpi_standard",
    .columns = standard_columns,
    .sql_get = STANDARD_SELECT " WHERE s.id = $1",
    .sql_insert = "INSERT INTO perf_standards (kpi, role, team_id, target, objective_id, signal_periods, "
                  "signal_period, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    .sql_update = "UPDATE perf_standards SET kpi = $1, role = $2, team_id = $3, target = $4, objective_id = $5, "
                  "signal_periods = $6, signal_period = $7, updated_at = $8, version = version + 1 WHERE id = $9 "
                  "AND version = $10",
    .sql_delete = "DELETE FROM perf_standards WHERE id = $1 AND version = $2",
    .sql_exists = "SELECT 1 FROM perf_standards WHERE id = $1",
};

static const char sql_standards_list[] = STANDARD_SELECT " ORDER BY s.kpi, s.id";
/* A team's standard comes before its role's, so the first per KPI wins. */
static const char sql_standards_for[] =
    STANDARD_SELECT " WHERE s.team_id = $1 OR (s.team_id IS NULL AND s.role = $2) "
                    "ORDER BY s.kpi, CASE WHEN s.team_id IS NULL THEN 1 ELSE 0 END, s.id";

int store_perf_standards_list(Db *db, json_t **rows, Error *err) {
  return db_fetch_all(db, sql_standards_list, NULL, 0, rows, err);
}

int store_perf_standards_for(Db *db, int64_t team_id, const char *role, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(team_id), DB_TEXT(role)};
  return db_fetch_all(db, sql_standards_for, p, 2, rows, err);
}

/* --- feedback --------------------------------------------------------------------------------- */
static const char *const feedback_columns[] = {"person_id", "author_id", "given_on", "kind", "situation",
                                               "behaviour", "impact",    NULL};
#define FEEDBACK_SELECT                                                                                       \
  "SELECT f.id, f.person_id, f.author_id, a.display_name AS author_name, f.given_on, f.kind, f.situation, "   \
  "f.behaviour, f.impact, f.created_at, f.updated_at, f.version FROM perf_feedback f "                       \
  "JOIN users a ON a.id = f.author_id"
const StoreTable store_perf_feedback = {
    .entity = "performance_feedback",
    .columns = feedback_columns,
    .sql_get = FEEDBACK_SELECT " WHERE f.id = $1",
    .sql_insert = "INSERT INTO perf_feedback (person_id, author_id, given_on, kind, situation, behaviour, impact, "
                  "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    .sql_update = "UPDATE perf_feedback SET person_id = $1, author_id = $2, given_on = $3, kind = $4, situation = "
                  "$5, behaviour = $6, impact = $7, updated_at = $8, version = version + 1 WHERE id = $9 AND "
                  "version = $10",
    .sql_exists = "SELECT 1 FROM perf_feedback WHERE id = $1",
};

static const char sql_feedback_list[] =
    FEEDBACK_SELECT " WHERE f.person_id = $1 ORDER BY f.given_on DESC, f.id DESC LIMIT 500";

int store_perf_feedback_list(Db *db, int64_t person_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(person_id)};
  return db_fetch_all(db, sql_feedback_list, p, 1, rows, err);
}

/* --- one-to-ones ------------------------------------------------------------------------------ */
static const char *const one_to_one_columns[] = {"person_id", "manager_id", "held_on", "person_preparation",
                                                 "manager_preparation", "goal", "reality", "options",
                                                 "way_forward", "actions", NULL};
static const char *const one_to_one_json_columns[] = {"actions", NULL};
#define ONE_TO_ONE_SELECT                                                                                     \
  "SELECT m.id, m.person_id, p.display_name AS person_name, m.manager_id, g.display_name AS manager_name, "   \
  "m.held_on, m.person_preparation, m.manager_preparation, m.goal, m.reality, m.options, m.way_forward, "     \
  "m.actions, m.created_at, m.updated_at, m.version FROM one_to_ones m JOIN users p ON p.id = m.person_id "   \
  "JOIN users g ON g.id = m.manager_id"
const StoreTable store_one_to_ones = {
    .entity = "one_to_one",
    .columns = one_to_one_columns,
    .sql_get = ONE_TO_ONE_SELECT " WHERE m.id = $1",
    .sql_insert = "INSERT INTO one_to_ones (person_id, manager_id, held_on, person_preparation, manager_preparation, "
                  "goal, reality, options, way_forward, actions, created_at, updated_at) VALUES ($1, $2, $3, $4, "
                  "$5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    .sql_update = "UPDATE one_to_ones SET person_id = $1, manager_id = $2, held_on = $3, person_preparation = $4, "
                  "manager_preparation = $5, goal = $6, reality = $7, options = $8, way_forward = $9, actions = "
                  "$10, updated_at = $11, version = version + 1 WHERE id = $12 AND version = $13",
    .sql_exists = "SELECT 1 FROM one_to_ones WHERE id = $1",
    .json_columns = one_to_one_json_columns,
};

static const char sql_one_to_ones_list[] =
    ONE_TO_ONE_SELECT " WHERE m.person_id = $1 ORDER BY m.held_on DESC, m.id DESC LIMIT 500";
static const char sql_one_to_one_before[] =
    ONE_TO_ONE_SELECT " WHERE m.person_id = $1 AND (m.held_on < $2 OR (m.held_on = $2 AND m.id < $3)) "
                      "ORDER BY m.held_on DESC, m.id DESC LIMIT 1";

static int decode_rows(const StoreTable *t, json_t *rows) {
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) store_decode_json_columns(t, row);
  return 0;
}

int store_one_to_ones_list(Db *db, int64_t person_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(person_id)};
  if (db_fetch_all(db, sql_one_to_ones_list, p, 1, rows, err)) return -1;
  return decode_rows(&store_one_to_ones, *rows);
}

int store_one_to_one_previous(Db *db, int64_t person_id, const char *held_on, int64_t id, json_t **out,
                              Error *err) {
  DbParam p[] = {DB_INT(person_id), DB_TEXT(held_on), DB_INT(id)};
  if (db_fetch_one(db, sql_one_to_one_before, p, 3, out, err)) return -1;
  if (*out) store_decode_json_columns(&store_one_to_ones, *out);
  return 0;
}

/* --- underperformance cases -------------------------------------------------------------------- */
static const char *const case_columns[] = {"person_id", "manager_id", "kind", "concern", "stage", "evidence", "causes",
                                           "stages", NULL};
static const char *const case_json_columns[] = {"evidence", "causes", "stages", NULL};
#define CASE_SELECT                                                                                             \
  "SELECT c.id, c.person_id, p.display_name AS person_name, c.manager_id, c.kind, c.concern, c.stage, "       \
  "c.evidence, c.causes, c.stages, c.created_at, c.updated_at, c.version FROM perf_cases c "                  \
  "JOIN users p ON p.id = c.person_id"
const StoreTable store_perf_cases = {
    .entity = "performance_case",
    .columns = case_columns,
    .sql_get = CASE_SELECT " WHERE c.id = $1",
    .sql_insert = "INSERT INTO perf_cases (person_id, manager_id, kind, concern, stage, evidence, causes, stages, "
                  "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    .sql_update = "UPDATE perf_cases SET person_id = $1, manager_id = $2, kind = $3, concern = $4, stage = $5, "
                  "evidence = $6, causes = $7, stages = $8, updated_at = $9, version = version + 1 WHERE id = $10 "
                  "AND version = $11",
    .sql_exists = "SELECT 1 FROM perf_cases WHERE id = $1",
    .json_columns = case_json_columns,
};

static const char sql_cases_list[] = CASE_SELECT " WHERE c.person_id = $1 ORDER BY c.id DESC LIMIT 500";

int store_perf_cases_list(Db *db, int64_t person_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(person_id)};
  if (db_fetch_all(db, sql_cases_list, p, 1, rows, err)) return -1;
  return decode_rows(&store_perf_cases, *rows);
}

/* --- the line ----------------------------------------------------------------------------------- */
static const char sql_manages[] =
    "WITH RECURSIVE up(id) AS (SELECT manager_id FROM users WHERE id = $2 UNION "
    "SELECT u.manager_id FROM users u JOIN up ON u.id = up.id) SELECT COUNT(*) FROM up WHERE id = $1";
static const char sql_reports[] =
    "WITH RECURSIVE down(id) AS (SELECT id FROM users WHERE manager_id = $1 UNION "
    "SELECT u.id FROM users u JOIN down ON u.manager_id = down.id) SELECT u.id, u.display_name, u.role, "
    "u.team_id, u.manager_id FROM users u JOIN down ON down.id = u.id WHERE u.active = 1 AND u.id <> $1 "
    "ORDER BY u.display_name, u.id";

int store_perf_manages(Db *db, int64_t manager_id, int64_t person_id, int *manages, Error *err) {
  DbParam p[] = {DB_INT(manager_id), DB_INT(person_id)};
  int64_t n = 0;
  int found = 0;
  if (db_fetch_int(db, sql_manages, p, 2, &n, &found, err)) return -1;
  *manages = n > 0;
  return 0;
}

int store_perf_reports(Db *db, int64_t manager_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(manager_id)};
  return db_fetch_all(db, sql_reports, p, 1, rows, err);
}
