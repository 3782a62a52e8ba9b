/* The audit trail in the database: appending to the hash chain under a lock on
 * its head row, listing entries, and verifying the whole chain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_chain.h"
#include "store/store_internal.h"
#include "util/json_write.h"

/* FOR UPDATE serialises appenders across PostgreSQL servers; SQLite's write
 * transaction already does. */
static const char sql_head_lock_pg[] = "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";
static const char sql_head_sqlite[] = "SELECT seq, hash FROM audit_head WHERE id = 1";
static const char sql_head_update[] = "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1";
static const char sql_audit_insert[] =
    "INSERT INTO audit_log (seq, at, actor_id, actor, entity, entity_id, action, before_json, after_json, "
    "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
#define AUDIT_SELECT \
  "SELECT seq, at, actor_id, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash, " \
  "'' AS _k, seq AS _i FROM audit_log"
static const char sql_audit_list_all[] = AUDIT_SELECT " WHERE seq > $1 ORDER BY seq LIMIT $2";
static const char sql_audit_list_entity[] =
    AUDIT_SELECT " WHERE entity = $3 AND (CAST($4 AS BIGINT) = 0 OR entity_id = $4) AND seq > $1 ORDER BY seq LIMIT $2";
static const char sql_audit_scan[] =
    "SELECT seq, at, actor_id, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash "
    "FROM audit_log ORDER BY seq";

/* The text the chain hashes: compact, keys sorted. */
static char *canonical(const json_t *v) {
  if (!v) return NULL;
  Buffer text = BUFFER_INIT;
  json_write(&text, v, JSON_WRITE_SORTED);
  return buffer_take(&text);
}

int store_audit_append(Db *db, const AuditActor *actor, const char *entity, int64_t entity_id, const char *action,
                       const json_t *before, const json_t *after, const char *now, Error *err) {
  json_t *head = NULL;
  if (db_fetch_one(db, db->kind == DB_POSTGRES ? sql_head_lock_pg : sql_head_sqlite, NULL, 0, &head, err)) return -1;
  if (!head) return error_set(err, 500, "Store error", "the audit head row is missing");
  char *before_text = canonical(before), *after_text = canonical(after);
  AuditEntry e = {
      .seq = json_integer_value(json_object_get(head, "seq")) + 1,
      .at = now,
      .actor_id = actor->id,
      .actor = actor->name,
      .entity = entity,
      .entity_id = entity_id,
      .action = action,
      .before = before_text,
      .after = after_text,
      .prev_hash = json_string_value(json_object_get(head, "hash")),
  };
  char hash[AUDIT_HASH_HEX];
  audit_chain_hash(&e, hash);
  DbParam p[] = {DB_INT(e.seq),          DB_TEXT(now),        actor->id ? DB_INT(actor->id) : DB_NULL,
                 DB_TEXT(actor->name),   DB_TEXT(entity),     DB_INT(entity_id),
                 DB_TEXT(action),        DB_TEXT(before_text), DB_TEXT(after_text),
                 DB_TEXT(e.prev_hash),   DB_TEXT(hash)};
  int rc = db_exec(db, sql_audit_insert, p, 11, NULL, err);
  if (!rc) {
    DbParam h[] = {DB_INT(e.seq), DB_TEXT(hash)};
    rc = db_exec(db, sql_head_update, h, 2, NULL, err);
  }
  free(before_text);
  free(after_text);
  json_decref(head);
  return rc;
}

/* Replaces the stored JSON texts of an entry with parsed JSON values. */
static void parse_states(json_t *item) {
  static const char *const names[][2] = {{"before_json", "before"}, {"after_json", "after"}};
  for (int i = 0; i < 2; i++) {
    const char *text = json_string_value(json_object_get(item, names[i][0]));
    json_object_set_new(item, names[i][1], text ? json_loads(text, 0, NULL) : json_null());
    json_object_del(item, names[i][0]);
  }
  json_object_del(item, "prev_hash");
}

int store_audit_list(Db *db, const char *entity, int64_t id, StoreCursor after, int limit, StorePage *page,
                     Error *err) {
  DbParam p[] = {DB_INT(after.key ? after.id : 0), DB_INT(limit + 1), DB_TEXT(entity), DB_INT(id)};
  int rc = entity ? store_fetch_page(db, sql_audit_list_entity, p, 4, limit, page, err)
                  : store_fetch_page(db, sql_audit_list_all, p, 2, limit, page, err);
  if (rc) return -1;
  size_t i;
  json_t *item;
  json_array_foreach(page->items, i, item) parse_states(item);
  return 0;
}

int store_audit_verify(Db *db, AuditVerification *result, Error *err) {
  memset(result, 0, sizeof *result);
  DbRows *rows = NULL;
  if (db_query(db, sql_audit_scan, NULL, 0, &rows, err)) return -1;
  char prev[AUDIT_HASH_HEX] = "";
  int64_t expected_seq = 1;
  int rc;
  while ((rc = db_next(rows, err)) == 1) {
    AuditEntry e = {
        .seq = db_int(rows, 0),
        .at = db_text(rows, 1),
        .actor_id = db_is_null(rows, 2) ? 0 : db_int(rows, 2),
        .actor = db_text(rows, 3),
        .entity = db_text(rows, 4),
        .entity_id = db_int(rows, 5),
        .action = db_text(rows, 6),
        .before = db_text(rows, 7),
        .after = db_text(rows, 8),
        .prev_hash = db_text(rows, 9),
    };
    const char *stored = db_text(rows, 10);
    char hash[AUDIT_HASH_HEX];
    audit_chain_hash(&e, hash);
    const char *problem = NULL;
    if (e.seq != expected_seq)
      problem = e.seq > expected_seq ? "entries before it were removed" : "it was inserted out of sequence";
    else if (strcmp(e.prev_hash, prev) != 0)
      problem = "it does not follow the entry before it (an entry was inserted or removed)";
    else if (strcmp(stored, hash) != 0)
      problem = "its content was altered after it was written";
    if (problem) {
      result->bad_seq = e.seq;
      snprintf(result->problem, sizeof result->problem, "%s", problem);
      break;
    }
    snprintf(prev, sizeof prev, "%s", stored);
    result->entries++;
    expected_seq++;
  }
  db_rows_free(rows);
  if (rc < 0) return -1;
  if (result->bad_seq) return 0;
  /* The head row remembers the last entry, so removing entries from the end shows. */
  json_t *head = NULL;
  if (db_fetch_one(db, sql_head_sqlite, NULL, 0, &head, err)) return -1;
  int64_t head_seq = head ? json_integer_value(json_object_get(head, "seq")) : -1;
  const char *head_hash = head ? json_string_value(json_object_get(head, "hash")) : "";
  if (head_seq != expected_seq - 1 || strcmp(head_hash, prev) != 0) {
    result->bad_seq = expected_seq;
    snprintf(result->problem, sizeof result->problem,
             "the chain ends at entry %lld but its head records entry %lld (entries were removed at the end)",
             (long long)(expected_seq - 1), (long long)head_seq);
  }
  json_decref(head);
  return 0;
}
