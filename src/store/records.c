/* Connections, transactions and the generic record operations every table
 * shares: get, insert, update at a version, delete at a version, and paging. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/json_write.h"
#include "util/buffer.h"
#include "util/text.h"

#define MAX_COLUMNS 40

int store_open(const char *url, Db **out, Error *err) { return db_open(url, out, err); }
void store_close(Db *db) { db_close(db); }
const char *store_kind(const Db *db) { return db->kind == DB_SQLITE ? "sqlite" : "postgresql"; }
int store_begin_read(Db *db, Error *err) { return db_begin(db, err); }
void store_keep_reads(Db *db) { db_keep_reads(db); }
void store_release_old_read(Db *db) { db_release_old_read(db); }
_Static_assert(STORE_STAMP_BYTES == DB_STAMP_BYTES, "one stamp size");
void store_data_stamp(Db *db, unsigned char out[STORE_STAMP_BYTES], size_t *len) { db_data_stamp(db, out, len); }
int store_begin_write(Db *db, Error *err) { return db_begin_write(db, err); }
int store_begin_unsynced_write(Db *db, Error *err) { return db_begin_write_unsynced(db, err); }
int store_commit(Db *db, Error *err) { return db_commit(db, err); }
void store_rollback(Db *db) { db_rollback(db); }
int store_savepoint(Db *db, Error *err) { return db_savepoint(db, err); }
int store_release_savepoint(Db *db, Error *err) { return db_release(db, err); }
void store_rollback_to_savepoint(Db *db) { db_rollback_to_savepoint(db); }

int store_backup(Db *db, const char *path, Error *err) {
  if (db->kind != DB_SQLITE)
    return error_set(err, 400, "Not supported", "back up PostgreSQL with pg_dump (see README)");
  return db_sqlite_backup(db, path, err);
}

int store_restore(Db *db, const char *path, int force, Error *err) {
  if (db->kind != DB_SQLITE)
    return error_set(err, 400, "Not supported", "restore PostgreSQL with pg_restore (see README)");
  return db_sqlite_restore(db, path, force, store_latest_schema_version(), err);
}

int store_in_use_elsewhere(const char *url) {
  const char *kind = db_url_kind(url);
  return kind && strcmp(kind, "sqlite") == 0 && db_sqlite_in_use(url + 7);
}

void store_defer_checkpoints(void) { db_sqlite_defer_checkpoints(); }

int store_checkpoint(Db *db, Error *err) { return db->kind == DB_SQLITE ? db_sqlite_checkpoint(db, err) : 0; }

DbParam store_param_from_json(const json_t *v) {
  if (json_is_string(v)) return DB_TEXT(json_string_value(v));
  if (json_is_integer(v)) return DB_INT(json_integer_value(v));
  if (json_is_boolean(v)) return DB_INT(json_is_true(v));
  return DB_NULL;
}

static int in_list(const char *const *list, const char *name) {
  for (; list && *list; list++)
    if (strcmp(*list, name) == 0) return 1;
  return 0;
}

/* The text a record's parameters point into while a statement runs: the
 * folded name and the JSON columns written out. */
typedef struct Binding {
  Buffer name_key;
  char *json[MAX_COLUMNS];
  int njson;
} Binding;

static void binding_free(Binding *b) {
  buffer_free(&b->name_key);
  for (int i = 0; i < b->njson; i++) free(b->json[i]);
}

/* Fills params with the table's columns from values; what they point to is
 * kept in b (binding_free). Returns the number of parameters. */
static int bind_columns(const StoreTable *t, const json_t *values, DbParam *params, Binding *b) {
  int n = 0;
  for (const char *const *c = t->columns; *c; c++) {
    const json_t *v = json_object_get(values, *c);
    if (strcmp(*c, "name_key") == 0) {
      const json_t *name = json_object_get(values, t->fold_source ? t->fold_source : "name");
      buffer_reset(&b->name_key);
      text_fold(json_is_string(name) ? json_string_value(name) : "", &b->name_key);
      params[n++] = DB_TEXT(buffer_cstr(&b->name_key));
    } else if (in_list(t->json_columns, *c) && v && !json_is_null(v)) {
      Buffer text = BUFFER_INIT;
      json_write(&text, v, 0);
      b->json[b->njson] = buffer_take(&text);
      params[n++] = DB_TEXT(b->json[b->njson++]);
    } else {
      params[n++] = store_param_from_json(v);
    }
  }
  return n;
}

void store_decode_json_columns(const StoreTable *t, json_t *row) {
  for (const char *const *c = t->json_columns; c && *c; c++) {
    const char *text = json_string_value(json_object_get(row, *c));
    if (!text) continue;
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    json_object_set_new(row, *c, v ? v : json_null());
  }
}

static const char sql_terms_delete[] = "DELETE FROM search_terms WHERE entity = $1 AND entity_id = $2";
/* A record's words in one statement, not one per word: they arrive as a JSON array. */
static const char sql_terms_insert_sqlite[] =
    "INSERT INTO search_terms (entity, term, entity_id) SELECT $1, value, $2 FROM json_each($3) WHERE true "
    "ON CONFLICT DO NOTHING";
static const char sql_terms_insert_pg[] =
    "INSERT INTO search_terms (entity, term, entity_id) SELECT $1, t, $2::bigint "
    "FROM jsonb_array_elements_text($3::jsonb) AS t ON CONFLICT DO NOTHING";

static int add_word(const char *word, size_t len, void *words) {
  json_array_append_new(words, json_stringn(word, len));
  return 0;
}

/* Indexes the words of a new record's folded name for search (ids are never
 * reused, so a new record has no terms yet). */
static int index_terms(Db *db, const char *entity, int64_t id, const char *folded, Error *err) {
  Buffer text = BUFFER_INIT;
  int rc = 0;
  if (store_search_words(folded, &text)) {
    DbParam p[] = {DB_TEXT(entity), DB_INT(id), DB_TEXT(buffer_cstr(&text))};
    rc = db_exec(db, db->kind == DB_POSTGRES ? sql_terms_insert_pg : sql_terms_insert_sqlite, p, 3, NULL, err);
  }
  buffer_free(&text);
  return rc;
}

int store_search_words(const char *folded, Buffer *out) {
  json_t *words = json_array();
  text_each_word(folded, add_word, words);
  size_t n = json_array_size(words);
  json_write(out, words, 0);
  json_decref(words);
  return n > 0;
}

int store_search_index(Db *db, const char *entity, int64_t id, const char *folded, Error *err) {
  return index_terms(db, entity, id, folded, err);
}

/* Replaces the search terms of a changed record. */
static int reindex_terms(Db *db, const char *entity, int64_t id, const char *folded, Error *err) {
  DbParam p[] = {DB_TEXT(entity), DB_INT(id)};
  if (db_exec(db, sql_terms_delete, p, 2, NULL, err)) return -1;
  return index_terms(db, entity, id, folded, err);
}

int store_record_get(Db *db, const StoreTable *t, int64_t id, json_t **out, Error *err) {
  DbParam p[] = {DB_INT(id)};
  if (db_fetch_one(db, t->sql_get, p, 1, out, err)) return -1;
  if (*out) store_decode_json_columns(t, *out);
  return 0;
}

int store_record_exists(Db *db, const StoreTable *t, int64_t id, int *exists, Error *err) {
  DbParam p[] = {DB_INT(id)};
  int64_t v;
  return db_fetch_int(db, t->sql_exists, p, 1, &v, exists, err);
}

int store_record_version(Db *db, const StoreTable *t, int64_t id, int64_t *version, int *found, Error *err) {
  DbParam p[] = {DB_INT(id)};
  return db_fetch_int(db, t->sql_version, p, 1, version, found, err);
}

int store_record_insert(Db *db, const StoreTable *t, const json_t *values, const char *now, int64_t *id, Error *err) {
  DbParam params[MAX_COLUMNS + 3];
  Binding b = {.name_key = BUFFER_INIT};
  int n = bind_columns(t, values, params, &b);
  params[n++] = DB_TEXT(now);
  int rc = db_insert(db, t->sql_insert, params, n, id, err);
  if (!rc && !*id) rc = error_set(err, 500, "Store error", "insert into %s returned no id", t->entity);
  if (!rc && t->searchable) rc = index_terms(db, t->entity, *id, buffer_cstr(&b.name_key), err);
  binding_free(&b);
  return rc;
}

/* Tells a missing record (404) from a stale version (412) after 0 rows changed. */
int store_explain_unchanged(Db *db, const StoreTable *t, int64_t id, int64_t version, Error *err) {
  int exists = 0;
  if (store_record_exists(db, t, id, &exists, err)) return -1;
  if (!exists) return error_set(err, 404, "Not found", "%s %lld does not exist", t->entity, (long long)id);
  return error_set(err, 412, "Precondition failed",
                   "%s %lld has changed since version %lld; reload it and try again", t->entity, (long long)id,
                   (long long)version);
}

int store_record_update(Db *db, const StoreTable *t, int64_t id, int64_t version, const json_t *values,
                        const char *now, Error *err) {
  DbParam params[MAX_COLUMNS + 3];
  Binding b = {.name_key = BUFFER_INIT};
  int n = bind_columns(t, values, params, &b);
  params[n++] = DB_TEXT(now);
  params[n++] = DB_INT(id);
  params[n++] = DB_INT(version);
  int64_t changed = 0;
  int rc = db_exec(db, t->sql_update, params, n, &changed, err);
  if (!rc && changed == 0) rc = store_explain_unchanged(db, t, id, version, err);
  if (!rc && t->searchable) rc = reindex_terms(db, t->entity, id, buffer_cstr(&b.name_key), err);
  binding_free(&b);
  return rc;
}

int store_record_delete(Db *db, const StoreTable *t, int64_t id, int64_t version, Error *err) {
  if (!t->sql_delete) return error_set(err, 405, "Method not allowed", "%s records cannot be deleted", t->entity);
  if (t->searchable) {
    DbParam p[] = {DB_TEXT(t->entity), DB_INT(id)};
    if (db_exec(db, sql_terms_delete, p, 2, NULL, err)) return -1;
  }
  DbParam p[] = {DB_INT(id), DB_INT(version)};
  int64_t changed = 0;
  if (db_exec(db, t->sql_delete, p, 2, &changed, err)) return -1;
  return changed ? 0 : store_explain_unchanged(db, t, id, version, err);
}

/* --- paging ------------------------------------------------------------------ */

void store_page_free(StorePage *page) {
  json_decref(page->items);
  free(page->next_key);
  memset(page, 0, sizeof *page);
}

/* Runs a list query that selects limit + 1 rows, each ending with the sort
 * columns "_k" (text) and "_i" (id), and fills page; the sort columns are
 * removed from the items. */
int store_fetch_page(Db *db, const char *sql, const DbParam *params, int nparams, int limit, StorePage *page,
                     Error *err) {
  memset(page, 0, sizeof *page);
  json_t *rows = NULL;
  if (db_fetch_all(db, sql, params, nparams, &rows, err)) return -1;
  if ((int)json_array_size(rows) > limit) {
    page->more = 1;
    json_array_remove(rows, (size_t)limit);
  }
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    if (page->more && i + 1 == json_array_size(rows)) {
      const char *k = json_string_value(json_object_get(row, "_k"));
      page->next_key = strdup(k ? k : "");
      page->next_id = json_integer_value(json_object_get(row, "_i"));
    }
    json_object_del(row, "_k");
    json_object_del(row, "_i");
  }
  page->items = rows;
  return 0;
}

/* --- search ------------------------------------------------------------------- */

typedef struct WordList {
  char *words[64];
  int n;
} WordList;

static int collect_word(const char *word, size_t len, void *ctx) {
  WordList *list = ctx;
  if (list->n < 64) {
    list->words[list->n] = strndup(word, len);
    if (!list->words[list->n]) abort();
    list->n++;
  }
  return 0;
}

static int longer_first(const void *a, const void *b) {
  return (int)strlen(*(char *const *)b) - (int)strlen(*(char *const *)a);
}

/* The highest code point: appended to a prefix it bounds every word that
 * starts with the prefix, in byte order, and stays valid UTF-8. */
#define MAX_CODE_POINT "\xf4\x8f\xbf\xbf"

void store_search_init(StoreSearch *s, const char *query) {
  memset(s, 0, sizeof *s);
  if (!query) return;
  Buffer folded = BUFFER_INIT;
  text_fold(query, &folded);
  WordList list = {.n = 0};
  text_each_word(buffer_cstr(&folded), collect_word, &list);
  buffer_free(&folded);
  qsort(list.words, (size_t)list.n, sizeof list.words[0], longer_first);
  for (int i = 0; i < list.n; i++) {
    if (i < STORE_SEARCH_WORDS) {
      Buffer upper = BUFFER_INIT;
      buffer_printf(&upper, "%s" MAX_CODE_POINT, list.words[i]);
      s->prefix[i] = list.words[i];
      s->upper[i] = buffer_take(&upper);
      s->words++;
    } else {
      free(list.words[i]);
    }
  }
}

void store_search_free(StoreSearch *s) {
  for (int i = 0; i < s->words; i++) {
    free(s->prefix[i]);
    free(s->upper[i]);
  }
  memset(s, 0, sizeof *s);
}

/* Appends each word's range as two parameters, for the list's text of that
 * many words (SEARCH_TEXTS); returns how many. */
int store_search_params(const StoreSearch *s, DbParam *params) {
  for (int i = 0; i < s->words; i++) {
    params[2 * i] = DB_TEXT(s->prefix[i]);
    params[2 * i + 1] = DB_TEXT(s->upper[i]);
  }
  return 2 * s->words;
}
