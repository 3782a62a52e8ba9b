/* The complaint tables (complaints, complaint_escalations, capas): the
 * complaint record of a complaint case, its escalations, corrective actions
 * with their list, and the complaint reports (the Pareto of root causes,
 * complaints per month and group). */
#include "store/store_internal.h"

/* --- the complaint record, keyed by its case ------------------------------------------------ */
static const char *const complaint_columns[] = {
    "step",           "severity",        "impact",          "investigation",    "five_whys",
    "cause_category", "systemic",        "remedy",          "resolution",       "satisfied",
    "follow_up_note", "escalation_level", "acknowledged_at", "communicated_at", "closed_at",
    "followed_up_at", NULL};
static const char *const complaint_json_columns[] = {"five_whys", NULL};
const StoreTable store_complaints = {
    .entity = "complaint",
    .columns = complaint_columns,
    .sql_get = "SELECT case_id, step, severity, impact, investigation, five_whys, cause_category, systemic, remedy, "
               "resolution, satisfied, follow_up_note, escalation_level, acknowledged_at, communicated_at, closed_at, "
               "followed_up_at, created_at, updated_at, version FROM complaints WHERE case_id = $1",
    .sql_insert = NULL,
    .sql_update = "UPDATE complaints SET step = $1, severity = $2, impact = $3, investigation = $4, five_whys = $5, "
                  "cause_category = $6, systemic = $7, remedy = $8, resolution = $9, satisfied = $10, "
                  "follow_up_note = $11, escalation_level = $12, acknowledged_at = $13, communicated_at = $14, "
                  "closed_at = $15, followed_up_at = $16, updated_at = $17, version = version + 1 "
                  "WHERE case_id = $18 AND version = $19",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM complaints WHERE case_id = $1",
    .searchable = 0,
    .json_columns = complaint_json_columns,
};

static const char sql_complaint_insert[] =
    "INSERT INTO complaints (case_id, step, created_at, updated_at) VALUES ($1, 'received', $2, $2)";

int store_complaint_insert(Db *db, int64_t case_id, const char *now, Error *err) {
  DbParam p[] = {DB_INT(case_id), DB_TEXT(now)};
  return db_exec(db, sql_complaint_insert, p, 2, NULL, err);
}

/* --- escalations ------------------------------------------------------------------------------ */
#define ESCALATION_SELECT                                                                           \
  "SELECT e.id, e.case_id, e.level, e.reason, e.by_id, u.display_name AS by_name, e.at "            \
  "FROM complaint_escalations e LEFT JOIN users u ON u.id = e.by_id"
static const char sql_escalation_insert[] =
    "INSERT INTO complaint_escalations (case_id, level, reason, by_id, at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char sql_escalation_get[] = ESCALATION_SELECT " WHERE e.id = $1";
static const char sql_escalations_of[] = ESCALATION_SELECT " WHERE e.case_id = $1 ORDER BY e.at, e.id";

int store_complaint_escalation_insert(Db *db, int64_t case_id, const char *level, const char *reason, int64_t by_id,
                                      const char *at, int64_t *id, Error *err) {
  DbParam p[] = {DB_INT(case_id), DB_TEXT(level), DB_TEXT(reason), by_id ? DB_INT(by_id) : DB_NULL, DB_TEXT(at)};
  if (db_insert(db, sql_escalation_insert, p, 5, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "escalation insert returned no id");
}

int store_complaint_escalation_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, sql_escalation_get, p, 1, out, err);
}

int store_complaint_escalations(Db *db, int64_t case_id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(case_id)};
  return db_fetch_all(db, sql_escalations_of, p, 1, out, err);
}

/* --- corrective and preventive actions ---------------------------------------------------------- */
static const char *const capa_columns[] = {"case_id", "title",         "description",        "owner_id",
                                           "due_on",  "status",        "effectiveness",      "effectiveness_note",
                                           "verified_at", "verified_by_id", NULL};
#define CAPA_SELECT                                                                                              \
  "SELECT p.id, p.case_id, p.title, p.description, p.owner_id, u.display_name AS owner_name, p.due_on, p.status, " \
  "p.effectiveness, p.effectiveness_note, p.verified_at, p.verified_by_id, p.created_at, p.updated_at, p.version "  \
  "FROM capas p JOIN users u ON u.id = p.owner_id"
const StoreTable store_capas = {
    .entity = "capa",
    .columns = capa_columns,
    .sql_get = CAPA_SELECT " WHERE p.id = $1",
    .sql_insert = "INSERT INTO capas (case_id, title, description, owner_id, due_on, status, effectiveness, "
                  "effectiveness_note, verified_at, verified_by_id, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1) RETURNING id",
    .sql_update = "UPDATE capas SET case_id = $1, title = $2, description = $3, owner_id = $4, due_on = $5, "
                  "status = $6, effectiveness = $7, effectiveness_note = $8, verified_at = $9, verified_by_id = $10, "
                  "updated_at = $11, version = version + 1 WHERE id = $12 AND version = $13",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM capas WHERE id = $1",
    .searchable = 0,
};

/* Soonest due first, so that the list is also the report of open CAPAs by due date. */
static const char sql_capas_list[] =
    "SELECT * FROM (SELECT x.*, x.due_on AS _k, x.id AS _i FROM (" CAPA_SELECT
    " WHERE (CAST($1 AS BIGINT) = 0 OR p.owner_id = $1) AND (CAST($2 AS TEXT) IS NULL OR p.status = $2)"
    " AND (CAST($3 AS BIGINT) = 0 OR p.case_id = $3)) x) y"
    " WHERE (y._k > $4 OR (y._k = $4 AND y._i > $5)) ORDER BY y._k, y._i LIMIT $6";

int store_capas_list(Db *db, const CapaFilter *f, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(f->owner_id),    DB_TEXT(f->status), DB_INT(f->case_id), DB_TEXT(after.key ? after.key : ""),
                 DB_INT(after.key ? after.id : 0), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_capas_list, p, 6, limit, page, err);
}

static const char sql_capas_of_case[] = "SELECT COUNT(*) FROM capas WHERE case_id = $1";

int store_capa_count_for_case(Db *db, int64_t case_id, int64_t *count, Error *err) {
  DbParam p[] = {DB_INT(case_id)};
  int found = 0;
  return db_fetch_int(db, sql_capas_of_case, p, 1, count, &found, err);
}

/* --- reports ----------------------------------------------------------------------------------- */
/* Complaints whose root cause was recorded in [from, to), by 6M category. */
static const char sql_pareto[] =
    "SELECT m.cause_category AS category, COUNT(*) AS count FROM complaints m JOIN cases c ON c.id = m.case_id "
    "WHERE m.cause_category IS NOT NULL AND c.opened_at >= $1 AND c.opened_at < $2 "
    "GROUP BY m.cause_category ORDER BY COUNT(*) DESC, m.cause_category";

int store_complaint_pareto(Db *db, const char *from, const char *to, json_t **out, Error *err) {
  DbParam p[] = {DB_TEXT(from), DB_TEXT(to)};
  return db_fetch_all(db, sql_pareto, p, 2, out, err);
}

/* Complaints opened in [from, to) per month of opening and group; the
 * account's and the part's columns come with each group so one join serves all. */
#define BY_MONTH(key, label)                                                                                    \
  "SELECT SUBSTR(c.opened_at, 1, 7) AS month, " key " AS group_key, " label " AS label, COUNT(*) AS count "      \
  "FROM complaints m JOIN cases c ON c.id = m.case_id JOIN accounts a ON a.id = c.account_id "                  \
  "LEFT JOIN parts p ON p.id = c.part_id WHERE c.opened_at >= $1 AND c.opened_at < $2 "                         \
  "GROUP BY SUBSTR(c.opened_at, 1, 7), " key ", " label
static const char *const sql_by_month[COMPLAINT_GROUP_COUNT] = {
    [COMPLAINT_GROUP_CATEGORY] = BY_MONTH("m.cause_category", "m.cause_category"),
    [COMPLAINT_GROUP_PRODUCT] = BY_MONTH("p.id", "p.part_number || ' ' || p.name"),
    [COMPLAINT_GROUP_ACCOUNT] = BY_MONTH("a.id", "a.name"),
};

int store_complaints_by_month(Db *db, ComplaintGroup group, const char *from, const char *to, json_t **out,
                              Error *err) {
  DbParam p[] = {DB_TEXT(from), DB_TEXT(to)};
  return db_fetch_all(db, sql_by_month[group], p, 2, out, err);
}
