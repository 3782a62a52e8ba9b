/* Imported cases (`forgedesk import cases`, src/cli/import_cases.c): the
 * names a file may use, read once, and each case written with its timeline,
 * a prepared statement a row inside the importer's one transaction. */
#include <string.h>

#include "store/store_internal.h"

static const char sql_accounts[] =
    "SELECT id, name_key, COALESCE(sla_policy_id, (SELECT id FROM sla_policies WHERE is_default = 1)) AS policy_id "
    "FROM accounts ORDER BY id";
static const char sql_contacts[] =
    "SELECT id, account_id, lower(email) AS email FROM contacts WHERE email IS NOT NULL ORDER BY id";
static const char sql_teams[] = "SELECT id, name FROM teams ORDER BY id";
static const char sql_users[] = "SELECT id, username, lower(email) AS email FROM users ORDER BY id";

int store_case_import_names(Db *db, StoreCaseImportNames *out, Error *err) {
  memset(out, 0, sizeof *out);
  if (db_fetch_all(db, sql_accounts, NULL, 0, &out->accounts, err) ||
      db_fetch_all(db, sql_contacts, NULL, 0, &out->contacts, err) ||
      db_fetch_all(db, sql_teams, NULL, 0, &out->teams, err) ||
      db_fetch_all(db, sql_users, NULL, 0, &out->users, err)) {
    store_case_import_names_free(out);
    return -1;
  }
  return 0;
}

void store_case_import_names_free(StoreCaseImportNames *n) {
  json_decref(n->accounts);
  json_decref(n->contacts);
  json_decref(n->teams);
  json_decref(n->users);
  memset(n, 0, sizeof *n);
}

static DbParam id_or_null(int64_t id) { return id ? DB_INT(id) : DB_NULL; }

#define REPLY_BODY "'The first reply (imported; its text is not part of the import)'"
static const char sql_case[] =
    "INSERT INTO cases (account_id, contact_id, assignee_id, team_id, type, priority, status, subject, name_key, "
    "description, channel, required_skills, first_contact_resolution, outbound_replies, opened_at, resolved_at, "
    "closed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '[]', $12, $13, $14, "
    "$15, $16, $14, $17) RETURNING id";
static const char sql_reply[] =
    "INSERT INTO case_events (case_id, kind, visibility, direction, body, at) VALUES ($1, 'reply', 'public', "
    "'outbound', " REPLY_BODY ", $2)";
static const char sql_move[] =
    "INSERT INTO case_events (case_id, kind, visibility, from_status, to_status, at) VALUES ($1, 'status_change', "
    "'public', $2, $3, $4)";

/* PostgreSQL: the whole case in one statement, so one round trip a case.
 * The timeline rows go in the order of their numbers (ids break ties of
 * instants); the row triggers fire when the statement ends, seeing it all. */
static const char sql_case_pg[] =
    "WITH c AS (INSERT INTO cases (account_id, contact_id, assignee_id, team_id, type, priority, status, subject, "
    "name_key, description, channel, required_skills, first_contact_resolution, outbound_replies, opened_at, "
    "resolved_at, closed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '[]', $12, "
    "$13, $14, $15, $16, $14, $17) RETURNING id), "
    "e AS (INSERT INTO case_events (case_id, kind, visibility, direction, body, from_status, to_status, at) "
    "SELECT c.id, v.kind, 'public', v.direction, v.body, v.f, v.t, v.a FROM c, (VALUES "
    "(1, 'reply', 'outbound', " REPLY_BODY ", NULL::text, NULL::text, $18::text), "
    "(2, 'status_change', NULL, NULL, $19::text, $20::text, $21::text), "
    "(3, 'status_change', NULL, NULL, $22::text, $23::text, $24::text)) AS v(n, kind, direction, body, f, t, a) "
    "WHERE v.a IS NOT NULL ORDER BY v.n), "
    "k AS (INSERT INTO complaints (case_id, step, created_at, updated_at) SELECT id, 'received', $14::text, "
    "$14::text FROM c WHERE $5::text = 'complaint'), "
    "s AS (INSERT INTO case_sla (case_id, policy_id, priority, state, due_at, at_risk, next_check_at, first_response, "
    "next_update, resolution, acknowledgement, next_update_breaches, computed_at) SELECT id, $25::bigint, "
    "$6::integer, $26::text, $27::text, $28::text, $29::text, $30::text, $31::text, $32::text, $33::text, "
    "$34::integer, $35::text FROM c), "
    "t AS (INSERT INTO search_terms (entity, term, entity_id) SELECT $37::text, w, c.id FROM c, "
    "jsonb_array_elements_text(COALESCE($36::jsonb, '[]'::jsonb)) AS w ON CONFLICT DO NOTHING) "
    "SELECT id FROM c";

static int insert_pg(Db *db, const StoreImportedCase *c, const StoreCaseSla *sla, const char *now, int64_t *id,
                     Error *err) {
  Buffer words = BUFFER_INIT;
  int any = store_search_words(c->name_key, &words);
  const StoreCaseMove *m1 = c->nmoves > 0 ? &c->moves[0] : NULL, *m2 = c->nmoves > 1 ? &c->moves[1] : NULL;
  DbParam p[] = {DB_INT(c->account_id),
                 id_or_null(c->contact_id),
                 id_or_null(c->assignee_id),
                 id_or_null(c->team_id),
                 DB_TEXT(c->type),
                 DB_INT(c->priority),
                 DB_TEXT(c->status),
                 DB_TEXT(c->subject),
                 DB_TEXT(c->name_key),
                 DB_TEXT(c->description),
                 DB_TEXT(c->channel),
                 DB_INT(c->first_contact_resolution),
                 DB_INT(c->first_response_at != NULL),
                 DB_TEXT(c->opened_at),
                 DB_TEXT(c->resolved_at),
                 DB_TEXT(c->closed_at),
                 DB_TEXT(c->updated_at),
                 DB_TEXT(c->first_response_at),
                 DB_TEXT(m1 ? m1->from : NULL),
                 DB_TEXT(m1 ? m1->to : NULL),
                 DB_TEXT(m1 ? m1->at : NULL),
                 DB_TEXT(m2 ? m2->from : NULL),
                 DB_TEXT(m2 ? m2->to : NULL),
                 DB_TEXT(m2 ? m2->at : NULL),
                 id_or_null(sla->policy_id),
                 DB_TEXT(sla->state),
                 DB_TEXT(sla->due_at),
                 DB_TEXT(sla->at_risk),
                 DB_TEXT(sla->next_check_at),
                 DB_TEXT(sla->clocks[0]),
                 DB_TEXT(sla->clocks[1]),
                 DB_TEXT(sla->clocks[2]),
                 DB_TEXT(sla->clocks[3]),
                 DB_INT(sla->next_update_breaches),
                 DB_TEXT(now),
                 DB_TEXT(any ? buffer_cstr(&words) : NULL),
                 DB_TEXT(store_cases.entity)};
  int found = 0;
  int rc = db_fetch_int(db, sql_case_pg, p, 37, id, &found, err);
  buffer_free(&words);
  return rc;
}

int store_case_import_insert(Db *db, const StoreImportedCase *c, const StoreCaseSla *sla, const char *now,
                             int64_t *id, Error *err) {
  if (db->kind == DB_POSTGRES) return insert_pg(db, c, sla, now, id, err);
  DbParam p[] = {DB_INT(c->account_id),     id_or_null(c->contact_id),
                 id_or_null(c->assignee_id), id_or_null(c->team_id),
                 DB_TEXT(c->type),          DB_INT(c->priority),
                 DB_TEXT(c->status),        DB_TEXT(c->subject),
                 DB_TEXT(c->name_key),      DB_TEXT(c->description),
                 DB_TEXT(c->channel),       DB_INT(c->first_contact_resolution),
                 DB_INT(c->first_response_at != NULL), DB_TEXT(c->opened_at),
                 DB_TEXT(c->resolved_at),   DB_TEXT(c->closed_at),
                 DB_TEXT(c->updated_at)};
  if (db_insert(db, sql_case, p, 17, id, err)) return -1;
  if (c->first_response_at) {
    DbParam r[] = {DB_INT(*id), DB_TEXT(c->first_response_at)};
    if (db_exec(db, sql_reply, r, 2, NULL, err)) return -1;
  }
  for (int i = 0; i < c->nmoves; i++) {
    DbParam m[] = {DB_INT(*id), DB_TEXT(c->moves[i].from), DB_TEXT(c->moves[i].to), DB_TEXT(c->moves[i].at)};
    if (db_exec(db, sql_move, m, 4, NULL, err)) return -1;
  }
  if (strcmp(c->type, "complaint") == 0 && store_complaint_insert(db, *id, c->opened_at, err)) return -1;
  StoreCaseSla row = *sla;
  row.case_id = *id;
  if (store_case_sla_put(db, &row, now, err)) return -1;
  return store_search_index(db, store_cases.entity, *id, c->name_key, err);
}

/* --- what a large import sets aside ------------------------------------------------------------- */
/* The triggers (migrations 015, 020, 022) that mark roll-up buckets when a
 * case, its clocks or its timeline is written: a mark upsert or two for
 * every row inserted, on SQLite 60 % of an imported case's time. The
 * import sets them aside in its own transaction and, at the end, has the
 * same buckets recomputed (SQLite) or marked (PostgreSQL) with a few set
 * statements (store_rollup_cases_written); they are back before the
 * commit, and a rollback or a crash puts them back with everything else.
 * SQLite drops its insert triggers and creates them again from their own
 * text; on PostgreSQL the import's transaction sets forgedesk.importing,
 * which its triggers' WHEN clauses read (migration 026): other writers go
 * on meanwhile, their changes marked as ever.
 *
 * On SQLite a large import also drops the secondary indexes of the tables a
 * case writes and builds them again after its last row: an index built from
 * sorted rows costs far less than one kept up row by row in B-trees larger
 * than the page cache (a million cases loaded in 126 s instead of 265 s:
 * docs/PERFORMANCE.md, "Importing cases").
 * Unique indexes stay, as the constraints the rows are checked against.
 * "Large" is at least REINDEX_MIN_ROWS rows and a quarter of the cases
 * already there, so a small file added to a large store does not rebuild
 * indexes over everything. */
#define REINDEX_MIN_ROWS 10000
#define REINDEX_TABLES "('cases', 'case_events', 'case_sla', 'complaints', 'search_terms')"
static const char sql_set_aside[] =
    "SELECT type, 'DROP ' || upper(type) || ' \"' || name || '\"' AS drop_sql, sql FROM sqlite_master WHERE "
    "(type = 'trigger' AND name IN ('rollup_cases_insert', 'rollup_sla_groups_cases_insert', "
    "'rollup_case_sla_insert', 'rollup_sla_groups_case_sla_insert', 'rollup_case_events_insert')) OR "
    "($1 AND type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' AND tbl_name IN "
    REINDEX_TABLES ") ORDER BY type, name";
static const char sql_cases_there[] = "SELECT COALESCE(MAX(id), 0) FROM cases";
#define PG_IMPORTING(on_off) "SET LOCAL forgedesk.importing = '" on_off "'"
int store_case_import_set_aside(Db *db, int64_t rows, json_t **saved, Error *err) {
  *saved = NULL;
  if (db->kind == DB_POSTGRES) return db_exec_script(db, PG_IMPORTING("on"), err);
  int64_t there = 0;
  int found = 0;
  if (db_fetch_int(db, sql_cases_there, NULL, 0, &there, &found, err)) return -1;
  DbParam p[] = {DB_INT(rows >= REINDEX_MIN_ROWS && rows >= there / 4)};
  if (db_fetch_all(db, sql_set_aside, p, 1, saved, err)) return -1;
  size_t i;
  json_t *row;
  json_array_foreach(*saved, i, row) {
    if (db_exec_script(db, json_string_value(json_object_get(row, "drop_sql")), err)) return -1;
  }
  return 0;
}

/* Creates again what saved holds of type (SQLite). */
static int restore_type(Db *db, json_t *saved, const char *type, Error *err) {
  size_t i;
  json_t *row;
  json_array_foreach(saved, i, row) {
    if (strcmp(json_string_value(json_object_get(row, "type")), type) == 0 &&
        db_exec_script(db, json_string_value(json_object_get(row, "sql")), err))
      return -1;
  }
  return 0;
}

int store_case_import_restore(Db *db, json_t *saved, int64_t first_id, int64_t last_id, Error *err) {
  if (db->kind == DB_POSTGRES)
    return db_exec_script(db, PG_IMPORTING("off"), err) ||
                   (first_id && store_rollup_cases_written(db, first_id, last_id, err))
               ? -1
               : 0;
  /* The indexes first: the roll-ups' set statements read through them. */
  if (restore_type(db, saved, "index", err)) return -1;
  if (first_id && store_rollup_cases_written(db, first_id, last_id, err)) return -1;
  return restore_type(db, saved, "trigger", err);
}
