/* The case tables (cases, case_events): the case record's SQL, its list with
 * filters and sorts, status changes, reply counts and the case timeline. */
#include <string.h>

#include "core/case_workflow.h"
#include "store/store_internal.h"

static const char *const case_columns[] = {"account_id", "contact_id", "assignee_id", "team_id",  "type",
                                           "priority",   "subject",    "name_key",    "description", "channel",
                                           "order_id",   "part_id",    "asset_id",    "required_skills", NULL};
static const char *const case_json_columns[] = {"required_skills", NULL};
#define CASE_SELECT                                                                                               \
  "SELECT c.id, c.account_id, a.name AS account_name, c.contact_id, c.assignee_id, u.display_name AS assignee_name, " \
  "c.team_id, c.type, c.priority, c.status, c.subject, c.description, c.channel, c.order_id, c.part_id, c.asset_id, " \
  "c.required_skills, c.first_contact_resolution, c.reopen_count, c.inbound_replies, c.outbound_replies, "           \
  "c.opened_at, c.resolved_at, c.closed_at, c.created_at, c.updated_at, c.version"
#define CASE_FROM " FROM cases c JOIN accounts a ON a.id = c.account_id LEFT JOIN users u ON u.id = c.assignee_id"
const StoreTable store_cases = {
    .entity = "case",
    .columns = case_columns,
    .sql_get = CASE_SELECT CASE_FROM " WHERE c.id = $1",
    .sql_insert = "INSERT INTO cases (account_id, contact_id, assignee_id, team_id, type, priority, subject, name_key, "
                  "description, channel, order_id, part_id, asset_id, required_skills, status, opened_at, created_at, "
                  "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'new', "
                  "$15, $15, $15, 1) RETURNING id",
    .sql_update = "UPDATE cases SET account_id = $1, contact_id = $2, assignee_id = $3, team_id = $4, type = $5, "
                  "priority = $6, subject = $7, name_key = $8, description = $9, channel = $10, order_id = $11, "
                  "part_id = $12, asset_id = $13, required_skills = $14, updated_at = $15, version = version + 1 "
                  "WHERE id = $16 AND version = $17",
    .sql_delete = NULL,
    .sql_exists = "SELECT 1 FROM cases WHERE id = $1",
    .sql_version = "SELECT version FROM cases WHERE id = $1", /* every UPDATE cases bumps it */
    .searchable = 1,
    .fold_source = "subject",
    .json_columns = case_json_columns,
};

/* --- the list -------------------------------------------------------------------- */
/* One text per sort, search, driving filter and way of testing the status,
 * so that what is asked for decides which index serves it (an SQL text
 * with every filter optional lets the planner use none):
 * - the driver, the narrowest filter given (assignee, else team, else
 *   account), is stated plainly beside its optional form, so the list
 *   starts from that person's, team's or account's cases, never from all;
 * - the statuses asked for (all of them when none is) are an IN list that
 *   the (…, status, …) indexes seek into when there is a driver, or when
 *   the sort (priority) has no index to walk; otherwise (all cases, newest
 *   first) walking the sort's own index and stopping at the page's end is
 *   cheaper, so the list only filters (`c.status || ''` keeps the planner
 *   from seeking on it). */
#define CASE_STATUS_SLOTS 7 /* $1 and $10..$15: the statuses asked for, NULL in the unused slots */
#define CASE_STATUS_LIST "($1, $10, $11, $12, $13, $14, $15)"
_Static_assert(CASE_STATUS_COUNT == CASE_STATUS_SLOTS, "a slot for every status");
#define CASE_FILTERS                                                                                        \
  " WHERE (CAST($2 AS TEXT) IS NULL OR c.type = $2)"                                                        \
  " AND (CAST($3 AS BIGINT) = 0 OR c.priority = $3) AND (CAST($4 AS BIGINT) = 0 OR c.assignee_id = $4)"     \
  " AND (CAST($5 AS BIGINT) = 0 OR c.team_id = $5) AND (CAST($6 AS BIGINT) = 0 OR c.account_id = $6)"
/* List items also carry the SLA state the last computation stored (the
 * clocks themselves come with the single case): for queues to sort and flag. */
#define CASE_LIST_SLA ", s.state AS sla_state, s.due_at AS sla_due_at, s.at_risk AS sla_at_risk"
#define CASE_LIST_FROM CASE_FROM " LEFT JOIN case_sla s ON s.case_id = c.id"
/* key: the sort key expression; cmp and dir: "<" with "DESC" or ">" with "ASC";
 * status and driver: conditions added to the filters, or "". */
#define CASE_LIST(key, cmp, dir, search, status, driver)                                                   \
  "SELECT * FROM (" CASE_SELECT CASE_LIST_SLA ", " key " AS _k, c.id AS _i" CASE_LIST_FROM CASE_FILTERS     \
  status driver search ") y"                                                                               \
  " WHERE (y._k " cmp " $7 OR (y._k = $7 AND y._i " cmp " $8)) ORDER BY y._k " dir ", y._i " dir " LIMIT $9"
/* Most urgent first, and within a priority the longest waiting. */
#define PRIORITY_KEY "CAST(c.priority AS TEXT) || c.opened_at"

typedef enum { STATUS_SEEK, STATUS_FILTER, STATUS_MODE_COUNT } CaseStatusMode;
typedef enum { DRIVE_NONE, DRIVE_ASSIGNEE, DRIVE_TEAM, DRIVE_ACCOUNT, DRIVE_COUNT } CaseDriver;
#define BY_DRIVER(key, cmp, dir, search, status)                                                          \
  {                                                                                                       \
    [DRIVE_NONE] = CASE_LIST(key, cmp, dir, search, status, ""),                                          \
    [DRIVE_ASSIGNEE] = CASE_LIST(key, cmp, dir, search, status, " AND c.assignee_id = $4"),               \
    [DRIVE_TEAM] = CASE_LIST(key, cmp, dir, search, status, " AND c.team_id = $5"),                       \
    [DRIVE_ACCOUNT] = CASE_LIST(key, cmp, dir, search, status, " AND c.account_id = $6"),                 \
  }
#define BY_STATUS(key, cmp, dir, search)                                                                  \
  {                                                                                                       \
    [STATUS_SEEK] = BY_DRIVER(key, cmp, dir, search, " AND c.status IN " CASE_STATUS_LIST),               \
    [STATUS_FILTER] = BY_DRIVER(key, cmp, dir, search, " AND (c.status || '') IN " CASE_STATUS_LIST),     \
  }
/* By the number of search words, none to STORE_SEARCH_WORDS. */
#define BY_SEARCH(key, cmp, dir)                                                                        \
  {BY_STATUS(key, cmp, dir, ""), BY_STATUS(key, cmp, dir, SEARCH_1("case", "c.id", "$16", "$17")),      \
   BY_STATUS(key, cmp, dir, SEARCH_2("case", "c.id", "$16", "$17", "$18", "$19")),                      \
   BY_STATUS(key, cmp, dir, SEARCH_3("case", "c.id", "$16", "$17", "$18", "$19", "$20", "$21")),        \
   BY_STATUS(key, cmp, dir, SEARCH_4("case", "c.id", "$16", "$17", "$18", "$19", "$20", "$21", "$22", "$23"))}

static const char *const sql_cases_list[CASE_SORT_COUNT][1 + STORE_SEARCH_WORDS][STATUS_MODE_COUNT][DRIVE_COUNT] = {
    [CASE_SORT_UPDATED] = BY_SEARCH("c.updated_at", "<", "DESC"),
    [CASE_SORT_OPENED] = BY_SEARCH("c.opened_at", "<", "DESC"),
    [CASE_SORT_PRIORITY] = BY_SEARCH(PRIORITY_KEY, ">", "ASC"),
};

/* Fills the status slots from the comma-separated list (every status when
 * it is NULL), each status once; names keeps their text. */
static void status_slots(const char *list, char names[CASE_STATUS_SLOTS][32], DbParam *slots) {
  int n = 0;
  for (int i = 0; i < CASE_STATUS_SLOTS; i++) slots[i] = DB_NULL;
  for (int s = 0; !list && s < CASE_STATUS_COUNT; s++) slots[n++] = DB_TEXT(case_status_name((CaseStatus)s));
  for (const char *p = list; p && n < CASE_STATUS_SLOTS;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len < sizeof names[0]) {
      memcpy(names[n], p, len);
      names[n][len] = '\0';
      int seen = 0;
      for (int i = 0; i < n && !seen; i++) seen = strcmp(slots[i].s, names[n]) == 0;
      if (!seen) {
        slots[n] = DB_TEXT(names[n]);
        n++;
      }
    }
    p = comma ? comma + 1 : NULL;
  }
}

int store_cases_list(Db *db, const CaseFilter *f, StoreCursor after, int limit, StorePage *page, Error *err) {
  int ascending = f->sort == CASE_SORT_PRIORITY;
  char names[CASE_STATUS_SLOTS][32];
  DbParam statuses[CASE_STATUS_SLOTS];
  status_slots(f->status, names, statuses);
  DbParam p[8 + CASE_STATUS_SLOTS + 2 * STORE_SEARCH_WORDS] = {
      statuses[0],
      DB_TEXT(f->type),
      DB_INT(f->priority),
      DB_INT(f->assignee_id),
      DB_INT(f->team_id),
      DB_INT(f->account_id),
      DB_TEXT(after.key ? after.key : ascending ? "" : STORE_KEY_MAX),
      DB_INT(after.key ? after.id : ascending ? 0 : NO_ID_MAX),
      DB_INT(limit + 1),
  };
  memcpy(p + 9, statuses + 1, (CASE_STATUS_SLOTS - 1) * sizeof *p);
  int n = 8 + CASE_STATUS_SLOTS;
  if (f->search.words) n += store_search_params(&f->search, p + n);
  CaseDriver driver = f->assignee_id ? DRIVE_ASSIGNEE : f->team_id ? DRIVE_TEAM : f->account_id ? DRIVE_ACCOUNT : DRIVE_NONE;
  CaseStatusMode status = driver != DRIVE_NONE || ascending ? STATUS_SEEK : STATUS_FILTER;
  const char *sql = sql_cases_list[f->sort][f->search.words][status][driver];
  if (store_fetch_page(db, sql, p, n, limit, page, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(page->items, i, row) store_decode_json_columns(&store_cases, row);
  return 0;
}

/* --- status and replies ---------------------------------------------------------------- */
static const char sql_case_set_status[] =
    "UPDATE cases SET status = $1, first_contact_resolution = $2, reopen_count = $3, resolved_at = $4, "
    "closed_at = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8";

int store_case_set_status(Db *db, int64_t id, int64_t version, const StoreCaseStatus *s, const char *now,
                          Error *err) {
  DbParam p[] = {DB_TEXT(s->status),      DB_INT(s->first_contact_resolution), DB_INT(s->reopen_count),
                 DB_TEXT(s->resolved_at), DB_TEXT(s->closed_at),               DB_TEXT(now),
                 DB_INT(id),              DB_INT(version)};
  int64_t changed = 0;
  if (db_exec(db, sql_case_set_status, p, 8, &changed, err)) return -1;
  return changed ? 0 : store_explain_unchanged(db, &store_cases, id, version, err);
}

static const char sql_case_count_reply[] =
    "UPDATE cases SET inbound_replies = inbound_replies + $1, outbound_replies = outbound_replies + $2, "
    "updated_at = $3, version = version + 1 WHERE id = $4";

int store_case_count_reply(Db *db, int64_t id, int inbound, const char *now, Error *err) {
  DbParam p[] = {DB_INT(inbound ? 1 : 0), DB_INT(inbound ? 0 : 1), DB_TEXT(now), DB_INT(id)};
  int64_t changed = 0;
  if (db_exec(db, sql_case_count_reply, p, 4, &changed, err)) return -1;
  return changed ? 0 : error_set(err, 404, "Not found", "case %lld does not exist", (long long)id);
}

/* --- the case timeline ------------------------------------------------------------------- */
static const char *const event_columns[] = {"kind",           "visibility",   "direction",        "body",
                                            "from_status",    "to_status",    "from_assignee_id", "to_assignee_id",
                                            "from_team_id",   "to_team_id",   "author_id",        "step",
                                            NULL};
#define EVENT_SELECT                                                                                            \
  "SELECT e.id, e.case_id, e.kind, e.visibility, e.direction, e.body, e.from_status, e.to_status, "           \
  "e.from_assignee_id, e.to_assignee_id, e.from_team_id, e.to_team_id, e.author_id, u.display_name AS author_name, " \
  "e.step, e.at FROM case_events e LEFT JOIN users u ON u.id = e.author_id"
static const char sql_case_event_insert[] =
    "INSERT INTO case_events (case_id, kind, visibility, direction, body, from_status, to_status, from_assignee_id, "
    "to_assignee_id, from_team_id, to_team_id, author_id, step, at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
static const char sql_case_event_get[] = EVENT_SELECT " WHERE e.id = $1";
static const char sql_case_events_list[] =
    "SELECT x.*, x.at AS _k, x.id AS _i FROM (" EVENT_SELECT
    " WHERE e.case_id = $1 AND (CAST($2 AS TEXT) IS NULL OR e.visibility = $2)) x"
    " WHERE (x.at < $3 OR (x.at = $3 AND x.id < $4)) ORDER BY x.at DESC, x.id DESC LIMIT $5";

int store_case_event_insert(Db *db, int64_t case_id, const json_t *event, const char *at, int64_t *id, Error *err) {
  DbParam p[14];
  int n = 0;
  p[n++] = DB_INT(case_id);
  for (const char *const *c = event_columns; *c; c++) p[n++] = store_param_from_json(json_object_get(event, *c));
  p[n++] = DB_TEXT(at);
  if (db_insert(db, sql_case_event_insert, p, n, id, err)) return -1;
  return *id ? 0 : error_set(err, 500, "Store error", "case event insert returned no id");
}

int store_case_event_get(Db *db, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_one(db, sql_case_event_get, p, 1, out, err);
}

int store_case_events_list(Db *db, int64_t case_id, const char *visibility, StoreCursor after, int limit,
                           StorePage *page, Error *err) {
  DbParam p[] = {DB_INT(case_id), DB_TEXT(visibility), DB_TEXT(after.key ? after.key : STORE_KEY_MAX),
                 DB_INT(after.key ? after.id : NO_ID_MAX), DB_INT(limit + 1)};
  return store_fetch_page(db, sql_case_events_list, p, 5, limit, page, err);
}
