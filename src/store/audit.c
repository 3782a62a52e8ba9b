/* The audit trail in the database: appending to the hash chain under a lock on
 * its head row, listing entries, verifying the whole chain, and rewriting
 * the personal data of entries for erasure with the record that keeps the
 * chain verifiable (core/audit_chain.h, docs/PRIVACY.md). */
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
static const char sql_audit_erasures[] =
    "SELECT seq, after_json FROM audit_log WHERE entity = 'privacy_erasure' ORDER BY seq";
#define AUDIT_REWRITE_SELECT                                                                                  \
  "SELECT seq, at, actor_id, actor, entity, entity_id, action, before_json, after_json, prev_hash, hash " \
  "FROM audit_log WHERE entity <> 'privacy_erasure' AND "
#define MENTIONS(p) "lower(before_json) LIKE lower(" p ") ESCAPE '!' OR lower(after_json) LIKE lower(" p ") ESCAPE '!'"
static const char sql_audit_mentions[] =
    AUDIT_REWRITE_SELECT "(" MENTIONS("$1") " OR " MENTIONS("$2") " OR " MENTIONS("$3") ") ORDER BY seq";
#undef MENTIONS
static const char sql_audit_entity_before[] =
    AUDIT_REWRITE_SELECT "entity = $1 AND at < $2 AND seq > $3 ORDER BY seq LIMIT $4";
static const char sql_audit_rewrite[] = "UPDATE audit_log SET before_json = $1, after_json = $2 WHERE seq = $3";
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
  DbRows *head = NULL;
  if (db_query(db, db->kind == DB_POSTGRES ? sql_head_lock_pg : sql_head_sqlite, NULL, 0, &head, err)) return -1;
  int found = db_next(head, err);
  if (found != 1) {
    db_rows_free(head);
    return found < 0 ? -1 : error_set(err, 500, "Store error", "the audit head row is missing");
  }
  char prev_hash[AUDIT_HASH_HEX]; /* a hash, or '' before the first entry */
  snprintf(prev_hash, sizeof prev_hash, "%s", db_text(head, 1) ? db_text(head, 1) : "");
  int64_t seq = db_int(head, 0) + 1;
  db_rows_free(head);
  char *before_text = canonical(before), *after_text = canonical(after);
  AuditEntry e = {
      .seq = seq,
      .at = now,
      .actor_id = actor->id,
      .actor = actor->name,
      .entity = entity,
      .entity_id = entity_id,
      .action = action,
      .before = before_text,
      .after = after_text,
      .prev_hash = prev_hash,
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

/* Every rewrite the erasure entries record ([seq, hash, digest] triples in
 * their "redacted" list), settled; *r is the caller's to free. */
static int load_redactions(Db *db, AuditRedaction **r, size_t *n, Error *err) {
  json_t *rows = NULL;
  *r = NULL;
  *n = 0;
  if (db_fetch_all(db, sql_audit_erasures, NULL, 0, &rows, err)) return -1;
  size_t cap = 0, i, j;
  json_t *row, *item;
  json_array_foreach(rows, i, row) {
    json_t *after = json_loads(json_string_value(json_object_get(row, "after_json")), 0, NULL);
    json_array_foreach(json_object_get(after, "redacted"), j, item) {
      const char *hash = json_string_value(json_array_get(item, 1));
      const char *digest = json_string_value(json_array_get(item, 2));
      if (!hash || !digest || strlen(hash) != AUDIT_HASH_HEX - 1 || strlen(digest) != AUDIT_HASH_HEX - 1) continue;
      if (*n == cap) {
        cap = cap ? 2 * cap : 64;
        *r = realloc(*r, cap * sizeof **r);
      }
      AuditRedaction *x = &(*r)[(*n)++];
      x->seq = json_integer_value(json_array_get(item, 0));
      x->by_seq = json_integer_value(json_object_get(row, "seq"));
      memcpy(x->hash, hash, AUDIT_HASH_HEX);
      memcpy(x->digest, digest, AUDIT_HASH_HEX);
    }
    json_decref(after);
  }
  json_decref(rows);
  *n = audit_redactions_settle(*r, *n);
  return 0;
}

/* An audit row of the scan and rewrite queries as an entry. */
static AuditEntry row_entry(DbRows *rows) {
  return (AuditEntry){
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
}

/* One entry to rewrite, copied out of the row. */
typedef struct Rewrite {
  AuditEntry e;
  char stored[AUDIT_HASH_HEX];
  char *texts[6]; /* owned: at, actor, entity, action, before, after */
  char *prev;    /* owned: prev_hash */
} Rewrite;

static void rewrite_free(Rewrite *w) {
  for (int i = 0; i < 6; i++) free(w->texts[i]);
  free(w->prev);
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Rewrites one entry with rewrite(); appends [seq, hash, digest] to redacted
 * when something changed. */
static int rewrite_entry(Db *db, Rewrite *w, StoreAuditRewriter rewrite, void *ctx, json_t *redacted, Error *err) {
  json_t *states[2];
  int changed = 0;
  for (int i = 0; i < 2; i++) {
    const char *text = i ? w->e.after : w->e.before;
    states[i] = text ? json_loads(text, 0, NULL) : NULL;
    if (states[i]) changed += rewrite(states[i], ctx);
  }
  int rc = 0;
  if (changed) {
    char *before = canonical(states[0]), *after = canonical(states[1]);
    AuditEntry e = w->e;
    e.before = before;
    e.after = after;
    char digest[AUDIT_HASH_HEX];
    audit_chain_hash(&e, digest);
    DbParam p[] = {DB_TEXT(before), DB_TEXT(after), DB_INT(e.seq)};
    rc = db_exec(db, sql_audit_rewrite, p, 3, NULL, err);
    json_array_append_new(redacted, json_pack("[I, s, s]", (json_int_t)e.seq, w->stored, digest));
    free(before);
    free(after);
  }
  json_decref(states[0]);
  json_decref(states[1]);
  return rc;
}

int store_audit_rewrite(Db *db, const StoreAuditSelection *sel, StoreAuditRewriter rewrite, void *ctx,
                        json_t *redacted, StoreAuditProgress *progress, Error *err) {
  AuditRedaction *known = NULL;
  size_t nknown = 0;
  if (load_redactions(db, &known, &nknown, err)) return -1;
  DbRows *rows = NULL;
  int rc;
  if (sel->npatterns) {
    DbParam p[3];
    for (int i = 0; i < 3; i++) p[i] = DB_TEXT(sel->patterns[i < sel->npatterns ? i : sel->npatterns - 1]);
    rc = db_query(db, sql_audit_mentions, p, 3, &rows, err);
  } else {
    DbParam p[] = {DB_TEXT(sel->entity), DB_TEXT(sel->before), DB_INT(sel->after_seq), DB_INT(sel->limit)};
    rc = db_query(db, sql_audit_entity_before, p, 4, &rows, err);
  }
  /* Copied out first: the rewrites run statements of their own. */
  Rewrite *all = NULL;
  size_t n = 0, cap = 0;
  while (!rc && (rc = db_next(rows, err)) == 1) {
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      all = realloc(all, cap * sizeof *all);
    }
    Rewrite *w = &all[n++];
    AuditEntry e = row_entry(rows);
    const char *src[6] = {e.at, e.actor, e.entity, e.action, e.before, e.after};
    for (int i = 0; i < 6; i++) w->texts[i] = dup_or_null(src[i]);
    w->prev = dup_or_null(e.prev_hash);
    snprintf(w->stored, sizeof w->stored, "%s", db_text(rows, 10));
    w->e = (AuditEntry){e.seq, w->texts[0], e.actor_id, w->texts[1], w->texts[2], e.entity_id, w->texts[3],
                        w->texts[4], w->texts[5], w->prev};
    rc = 0;
  }
  db_rows_free(rows);
  if (rc > 0) rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    /* Only an entry that is still what the chain says may be rewritten:
     * the erasure must not vouch for a change someone else made. */
    if (audit_chain_check(&all[i].e, all[i].stored, known, nknown) == AUDIT_ENTRY_ALTERED) {
      rc = error_set(err, 409, "Audit trail altered",
                     "an audit entry to be rewritten was altered; run forgedesk audit verify");
      break;
    }
    rc = rewrite_entry(db, &all[i], rewrite, ctx, redacted, err);
    if (progress) {
      progress->last_seq = all[i].e.seq;
      progress->looked++;
    }
  }
  for (size_t i = 0; i < n; i++) rewrite_free(&all[i]);
  free(all);
  free(known);
  return rc;
}

int store_audit_verify(Db *db, AuditVerification *result, Error *err) {
  memset(result, 0, sizeof *result);
  AuditRedaction *known = NULL;
  size_t nknown = 0;
  if (load_redactions(db, &known, &nknown, err)) return -1;
  DbRows *rows = NULL;
  if (db_query(db, sql_audit_scan, NULL, 0, &rows, err)) {
    free(known);
    return -1;
  }
  char prev[AUDIT_HASH_HEX] = "";
  int64_t expected_seq = 1;
  int rc;
  while ((rc = db_next(rows, err)) == 1) {
    AuditEntry e = row_entry(rows);
    const char *stored = db_text(rows, 10);
    AuditEntryCheck check = audit_chain_check(&e, stored, known, nknown);
    const char *problem = NULL;
    if (e.seq != expected_seq)
      problem = e.seq > expected_seq ? "entries before it were removed" : "it was inserted out of sequence";
    else if (strcmp(e.prev_hash, prev) != 0)
      problem = "it does not follow the entry before it (an entry was inserted or removed)";
    else if (check == AUDIT_ENTRY_ALTERED)
      problem = "its content was altered after it was written";
    if (problem) {
      result->bad_seq = e.seq;
      snprintf(result->problem, sizeof result->problem, "%s", problem);
      break;
    }
    snprintf(prev, sizeof prev, "%s", stored);
    result->entries++;
    result->rewritten += check == AUDIT_ENTRY_REWRITTEN;
    expected_seq++;
  }
  db_rows_free(rows);
  free(known);
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
