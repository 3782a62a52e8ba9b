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
      db_fetch_all(db, sql_teams, NULL, 0, &out->teams, err) || db_fetch_all(db, sql_users, NULL, 0, &out->users, err)) {
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

static const char sql_case[] =
    "INSERT INTO cases (account_id, contact_id, assignee_id, team_id, type, priority, status, subject, name_key, "
    "description, channel, required_skills, first_contact_resolution, outbound_replies, opened_at, resolved_at, "
    "closed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '[]', $12, $13, $14, "
    "$15, $16, $14, $17) RETURNING id";
static const char sql_reply[] =
    "INSERT INTO case_events (case_id, kind, visibility, direction, body, at) VALUES ($1, 'reply', 'public', "
    "'outbound', 'The first reply (imported; its text is not part of the import)', $2)";
static const char sql_move[] =
    "INSERT INTO case_events (case_id, kind, visibility, from_status, to_status, at) VALUES ($1, 'status_change', "
    "'public', $2, $3, $4)";

int store_case_import_insert(Db *db, const StoreImportedCase *c, int64_t *id, Error *err) {
  DbParam p[] = {DB_INT(c->account_id),     id_or_null(c->contact_id),
                 id_or_null(c->assignee_id), id_or_null(c->team_id),
                 DB_TEXT(c->type),          DB_INT(c->priority),
                 DB_TEXT(c->status),        DB_TEXT(c->subject),
                 DB_TEXT(c->name_key),      DB_TEXT(c->description),
                 DB_TEXT(c->channel),       DB_INT(c->first_contact_resolution),
                 DB_INT(c->first_response_at != NULL), DB_TEXT(c->opened_at),
                 DB_TEXT(c->resolved_at),   DB_TEXT(c->closed_at),
                 DB_TEXT(c->updated_at)};
  int found = 0;
  if (db_fetch_int(db, sql_case, p, 17, id, &found, err)) return -1;
  if (c->first_response_at) {
    DbParam r[] = {DB_INT(*id), DB_TEXT(c->first_response_at)};
    if (db_exec(db, sql_reply, r, 2, NULL, err)) return -1;
  }
  for (int i = 0; i < c->nmoves; i++) {
    DbParam m[] = {DB_INT(*id), DB_TEXT(c->moves[i].from), DB_TEXT(c->moves[i].to), DB_TEXT(c->moves[i].at)};
    if (db_exec(db, sql_move, m, 4, NULL, err)) return -1;
  }
  if (strcmp(c->type, "complaint") == 0 && store_complaint_insert(db, *id, c->opened_at, err)) return -1;
  return store_search_index(db, store_cases.entity, *id, c->name_key, err);
}
