/* The tasks table: follow-up work about an account with an owner, a due date,
 * a status and an outcome (docs/SATISFACTION.md), and its list, soonest due
 * first. */
#include "store/store_internal.h"

static const char *const task_columns[] = {"kind",   "account_id", "contact_id", "case_id", "survey_response_id",
                                           "owner_id", "due_on",   "status",     "outcome", "title",
                                           "notes",  "completed_at", NULL};
#define TASK_SELECT                                                                                               \
  "SELECT t.id, t.kind, t.account_id, a.name AS account_name, t.contact_id, t.case_id, t.survey_response_id, "    \
  "t.owner_id, u.display_name AS owner_name, t.due_on, t.status, t.outcome, t.title, t.notes, t.completed_at, "   \
  "t.created_at, t.updated_at, t.version FROM tasks t JOIN accounts a ON a.id = t.account_id "                  \
  "JOIN users u ON u.id = t.owner_id"
const StoreTable store_tasks = {
    .entity = "task",
    .columns = task_columns,
    .sql_get = TASK_SELECT " WHERE t.id = $1",
    .sql_insert = "INSERT INTO tasks (kind, account_id, contact_id, case_id, survey_response_id, owner_id, due_on, "
                  "status, outcome, title, notes, completed_at, created_at, updated_at, version) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, 1) RETURNING id",
    .sql_update = "UPDATE tasks SET kind = $1, account_id = $2, contact_id = $3, case_id = $4, "
                  "survey_response_id = $5, owner_id = $6, due_on = $7, status = $8, outcome = $9, title = $10, "
                  "notes = $11, completed_at = $12, updated_at = $13, version = version + 1 "
                  "WHERE id = $14 AND version = $15",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM tasks WHERE id = $1",
    .searchable = 0,
};

/* Soonest due first: the list is also each owner's work in the order to do it. */
static const char sql_tasks_list[] =
    "SELECT * FROM (SELECT x.*, x.due_on AS _k, x.id AS _i FROM (" TASK_SELECT
    " WHERE (CAST($1 AS BIGINT) = 0 OR t.owner_id = $1) AND (CAST($2 AS BIGINT) = 0 OR t.account_id = $2)"
    " AND (CAST($3 AS TEXT) IS NULL OR t.status = $3) AND (CAST($4 AS TEXT) IS NULL OR t.kind = $4)) x) y"
    " WHERE (y._k > $5 OR (y._k = $5 AND y._i > $6)) ORDER BY y._k, y._i LIMIT $7";

int store_tasks_list(Db *db, const TaskFilter *f, StoreCursor after, int limit, StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(f->owner_id), DB_INT(f->account_id),          DB_TEXT(f->status),
                 DB_TEXT(f->kind),    DB_TEXT(after.key ? after.key : ""), DB_INT(after.key ? after.id : 0),
                 DB_INT(limit + 1)};
  return store_fetch_page(db, sql_tasks_list, p, 7, limit, page, err);
}
