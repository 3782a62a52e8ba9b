/* Appraisal cycles, appraisals and the letters of underperformance cases
 * (docs/PERFORMANCE-MANAGEMENT.md). */
#include "store/store_internal.h"

/* --- appraisal cycles -------------------------------------------------------------------------- */
static const char *const cycle_columns[] = {"name",         "period_from",     "period_to", "weight_objectives",
                                            "weight_kpis",  "weight_feedback", "weight_self", "status", NULL};
#define CYCLE_SELECT                                                                                          \
  "SELECT id, name, period_from, period_to, weight_objectives, weight_kpis, weight_feedback, weight_self, "  \
  "status, created_at, updated_at, version FROM perf_appraisal_cycles"
const StoreTable store_perf_cycles = {
    .entity = "appraisal_cycle",
    .columns = cycle_columns,
    .sql_get = CYCLE_SELECT " WHERE id = $1",
    .sql_insert = "INSERT INTO perf_appraisal_cycles (name, period_from, period_to, weight_objectives, weight_kpis, "
                  "weight_feedback, weight_self, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
                  "$7, $8, $9, $9) RETURNING id",
    .sql_update = "UPDATE perf_appraisal_cycles SET name = $1, period_from = $2, period_to = $3, weight_objectives "
                  "= $4, weight_kpis = $5, weight_feedback = $6, weight_self = $7, status = $8, updated_at = $9, "
                  "version = version + 1 WHERE id = $10 AND version = $11",
    .sql_exists = "SELECT 1 FROM perf_appraisal_cycles WHERE id = $1",
};

static const char sql_cycles_list[] = CYCLE_SELECT " ORDER BY period_from DESC, id DESC LIMIT 500";

int store_perf_cycles_list(Db *db, json_t **rows, Error *err) {
  return db_fetch_all(db, sql_cycles_list, NULL, 0, rows, err);
}

/* --- appraisals --------------------------------------------------------------------------------- */
static const char *const appraisal_columns[] = {"cycle_id",        "person_id",      "manager_id",
                                                "objectives_score", "kpis_score",     "feedback_score",
                                                "self_score",       "self_assessment", "manager_comment",
                                                "status",           "completed_at",   NULL};
#define APPRAISAL_SELECT                                                                                      \
  "SELECT a.id, a.cycle_id, c.name AS cycle_name, a.person_id, p.display_name AS person_name, a.manager_id, " \
  "m.display_name AS manager_name, a.objectives_score, a.kpis_score, a.feedback_score, a.self_score, "       \
  "a.self_assessment, a.manager_comment, a.status, a.completed_at, a.created_at, a.updated_at, a.version "   \
  "FROM perf_appraisals a JOIN perf_appraisal_cycles c ON c.id = a.cycle_id "                               \
  "JOIN users p ON p.id = a.person_id JOIN users m ON m.id = a.manager_id"
const StoreTable store_perf_appraisals = {
    .entity = "appraisal",
    .columns = appraisal_columns,
    .sql_get = APPRAISAL_SELECT " WHERE a.id = $1",
    .sql_insert = "INSERT INTO perf_appraisals (cycle_id, person_id, manager_id, objectives_score, kpis_score, "
                  "feedback_score, self_score, self_assessment, manager_comment, status, completed_at, created_at, "
                  "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    .sql_update = "UPDATE perf_appraisals SET cycle_id = $1, person_id = $2, manager_id = $3, objectives_score = "
                  "$4, kpis_score = $5, feedback_score = $6, self_score = $7, self_assessment = $8, "
                  "manager_comment = $9, status = $10, completed_at = $11, updated_at = $12, version = version + 1 "
                  "WHERE id = $13 AND version = $14",
    .sql_exists = "SELECT 1 FROM perf_appraisals WHERE id = $1",
};

static const char sql_appraisals_of[] =
    APPRAISAL_SELECT " WHERE a.person_id = $1 ORDER BY c.period_from DESC, a.id DESC LIMIT 500";
static const char sql_appraisal_in[] = "SELECT id FROM perf_appraisals WHERE cycle_id = $1 AND person_id = $2";

int store_perf_appraisals_list(Db *db, int64_t person_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(person_id)};
  return db_fetch_all(db, sql_appraisals_of, p, 1, rows, err);
}

int store_perf_appraisal_in_cycle(Db *db, int64_t cycle_id, int64_t person_id, int64_t *id, Error *err) {
  DbParam p[] = {DB_INT(cycle_id), DB_INT(person_id)};
  int found = 0;
  *id = 0;
  return db_fetch_int(db, sql_appraisal_in, p, 2, id, &found, err);
}

/* --- letters ------------------------------------------------------------------------------------ */
static const char *const letter_columns[] = {"case_id", "stage_index", "kind",         "subject",   "body",
                                             "status",  "created_by_id", "issued_by_id", "issued_at", NULL};
#define LETTER_SELECT                                                                                         \
  "SELECT l.id, l.case_id, l.stage_index, l.kind, l.subject, l.body, l.status, l.created_by_id, "            \
  "l.issued_by_id, i.display_name AS issued_by_name, l.issued_at, l.created_at, l.updated_at, l.version "    \
  "FROM perf_case_letters l LEFT JOIN users i ON i.id = l.issued_by_id"
const StoreTable store_perf_letters = {
    .entity = "performance_letter",
    .columns = letter_columns,
    .sql_get = LETTER_SELECT " WHERE l.id = $1",
    .sql_insert = "INSERT INTO perf_case_letters (case_id, stage_index, kind, subject, body, status, created_by_id, "
                  "issued_by_id, issued_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                  "$10, $10) RETURNING id",
    .sql_update = "UPDATE perf_case_letters SET case_id = $1, stage_index = $2, kind = $3, subject = $4, body = $5, "
                  "status = $6, created_by_id = $7, issued_by_id = $8, issued_at = $9, updated_at = $10, version = "
                  "version + 1 WHERE id = $11 AND version = $12",
    .sql_exists = "SELECT 1 FROM perf_case_letters WHERE id = $1",
};

static const char sql_letters_of[] = LETTER_SELECT " WHERE l.case_id = $1 ORDER BY l.stage_index, l.id";

int store_perf_letters_list(Db *db, int64_t case_id, json_t **rows, Error *err) {
  DbParam p[] = {DB_INT(case_id)};
  return db_fetch_all(db, sql_letters_of, p, 1, rows, err);
}
