/* Driver-independent parts of the database layer: URL dispatch, the helpers
 * that turn rows into JSON, and transactions expressed as plain statements. */
#include "store/db.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const char *db_url_kind(const char *url) {
  if (strncmp(url, "sqlite:", 7) == 0) return "sqlite";
  if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) return "postgresql";
  return NULL;
}

int db_open(const char *url, Db **out, Error *err) {
  const char *kind = db_url_kind(url);
  if (!kind)
    return error_set(err, 400, "Bad store URL", "store URL must be sqlite:PATH or postgresql://…, not '%s'", url);
  if (strcmp(kind, "sqlite") == 0) return db_sqlite_driver.open(url + 7, out, err);
  return db_postgres_driver.open(url, out, err);
}

static void end_kept_read(Db *db);

void db_close(Db *db) {
  if (!db) return;
  end_kept_read(db);
  if (db->watch_free) db->watch_free(db->watch_ctx);
  db->driver->close(db);
}

int db_query(Db *db, const char *sql, const DbParam *params, int nparams, DbRows **rows, Error *err) {
  return db->driver->query(db, sql, params, nparams, rows, err);
}

/* The row cursor remembers its connection's driver in its first field. */
typedef struct DbRowsHeader {
  const DbDriver *driver;
} DbRowsHeader;

#define DRIVER_OF(rows) (((DbRowsHeader *)(rows))->driver)

int db_next(DbRows *rows, Error *err) { return DRIVER_OF(rows)->next(rows, err); }
int db_is_null(DbRows *rows, int col) { return DRIVER_OF(rows)->is_null(rows, col); }
int64_t db_int(DbRows *rows, int col) { return DRIVER_OF(rows)->get_int(rows, col); }
const char *db_text(DbRows *rows, int col) { return DRIVER_OF(rows)->get_text(rows, col); }

void db_rows_free(DbRows *rows) {
  if (rows) DRIVER_OF(rows)->free_rows(rows);
}

json_t *db_column_json(DbRows *rows, int col) {
  const DbDriver *d = DRIVER_OF(rows);
  json_t *v;
  if (d->is_null(rows, col)) v = json_null();
  else if (d->is_integer(rows, col)) v = json_integer(d->get_int(rows, col));
  else v = json_string(d->get_text(rows, col));
  return v ? v : json_null();
}

json_t *db_row_json(DbRows *rows) {
  const DbDriver *d = DRIVER_OF(rows);
  json_t *obj = json_object();
  int n = d->column_count(rows);
  for (int c = 0; c < n; c++) json_object_set_new(obj, d->column_name(rows, c), db_column_json(rows, c));
  return obj;
}

int db_exec(Db *db, const char *sql, const DbParam *params, int nparams, int64_t *changed, Error *err) {
  DbRows *rows = NULL;
  if (db_query(db, sql, params, nparams, &rows, err)) return -1;
  int rc;
  while ((rc = db_next(rows, err)) == 1) {
  }
  if (rc == 0 && changed) *changed = DRIVER_OF(rows)->changes(rows);
  db_rows_free(rows);
  return rc < 0 ? -1 : 0;
}

int db_fetch_one(Db *db, const char *sql, const DbParam *params, int nparams, json_t **out, Error *err) {
  DbRows *rows = NULL;
  *out = NULL;
  if (db_query(db, sql, params, nparams, &rows, err)) return -1;
  int rc = db_next(rows, err);
  if (rc == 1) *out = db_row_json(rows);
  db_rows_free(rows);
  return rc < 0 ? -1 : 0;
}

int db_fetch_all(Db *db, const char *sql, const DbParam *params, int nparams, json_t **out, Error *err) {
  DbRows *rows = NULL;
  *out = NULL;
  if (db_query(db, sql, params, nparams, &rows, err)) return -1;
  json_t *all = json_array();
  int rc;
  while ((rc = db_next(rows, err)) == 1) json_array_append_new(all, db_row_json(rows));
  db_rows_free(rows);
  if (rc < 0) {
    json_decref(all);
    return -1;
  }
  *out = all;
  return 0;
}

int db_fetch_int(Db *db, const char *sql, const DbParam *params, int nparams, int64_t *value, int *found, Error *err) {
  DbRows *rows = NULL;
  *found = 0;
  if (db_query(db, sql, params, nparams, &rows, err)) return -1;
  int rc = db_next(rows, err);
  if (rc == 1) {
    *found = 1;
    *value = db_is_null(rows, 0) ? 0 : db_int(rows, 0);
    while ((rc = db_next(rows, err)) == 1) {
    }
  }
  db_rows_free(rows);
  return rc < 0 ? -1 : 0;
}

int db_insert(Db *db, const char *sql, const DbParam *params, int nparams, int64_t *id, Error *err) {
  size_t n = strlen(sql), tail = strlen(DB_RETURNING_ID);
  *id = 0;
  if (n < tail || strcmp(sql + n - tail, DB_RETURNING_ID) != 0)
    return error_set(err, 500, "Store error", "an insert run for its id must end in%s", DB_RETURNING_ID);
  if (db->kind == DB_SQLITE) return db_sqlite_insert(db, sql, params, nparams, id, err);
  int found = 0;
  return db_fetch_int(db, sql, params, nparams, id, &found, err);
}

static int run_plain(Db *db, const char *sql, Error *err) { return db_exec(db, sql, NULL, 0, NULL, err); }

/* For statements that end or undo a transaction on the way out of another
 * failure, or whose failure changes nothing the caller could act on. */
static void run_ignoring_errors(Db *db, const char *sql) {
  Error ignored = ERROR_INIT;
  run_plain(db, sql, &ignored);
  error_clear(&ignored);
}

/* Ends the read snapshot kept open between transactions, if any. */
static void end_kept_read(Db *db) {
  if (!db->read_kept) return;
  run_ignoring_errors(db, "ROLLBACK");
  db->read_kept = 0;
}

void db_keep_reads(Db *db) {
  db->keeps_reads = db->kind == DB_SQLITE;
  if (db->keeps_reads) db_sqlite_size_reads(db);
}

void db_release_old_read(Db *db) {
  if (db->read_kept && !db_sqlite_snapshot_current(db)) end_kept_read(db);
}

/* PostgreSQL: BEGIN, with the snapshot of that moment as the read's data
 * stamp. The snapshot as text lists the transactions still running; its
 * hash keeps the stamp short whatever their number. The transaction is
 * REPEATABLE READ, so every statement of it reads that same snapshot, as a
 * SQLite read transaction does: under READ COMMITTED each statement saw the
 * commits made since the one before, and a report of several statements
 * (a list and its total) could mix two states of the data. */
static int begin_stamped(Db *db, Error *err) {
  char *snapshot = NULL;
  db->read_stamp_len = 0;
  if (db_postgres_begin_snapshot(db, &snapshot, err)) return -1;
  crypto_generichash(db->read_stamp, crypto_generichash_BYTES, (const unsigned char *)snapshot, strlen(snapshot),
                     NULL, 0);
  db->read_stamp_len = crypto_generichash_BYTES;
  free(snapshot);
  return 0;
}

int db_begin(Db *db, Error *err) {
  if (db->read_kept && db_sqlite_snapshot_current(db)) {
    db->read_kept = 0;
  } else {
    end_kept_read(db);
    /* marked before BEGIN: the snapshot, taken by the first read after it,
     * holds at least every commit the mark has seen */
    if (db->keeps_reads) db_sqlite_snapshot_mark(db);
    if (db->kind == DB_POSTGRES ? begin_stamped(db, err) : run_plain(db, "BEGIN", err)) return -1;
  }
  db->in_transaction = 1;
  db->read_only = 1;
  return 0;
}

void db_data_stamp(Db *db, unsigned char out[DB_STAMP_BYTES], size_t *len) {
  *len = 0;
  if (!db->in_transaction || !db->read_only) return;
  if (db->kind == DB_SQLITE) {
    if (db->keeps_reads) *len = (size_t)db_sqlite_snapshot_stamp(db, out);
    return;
  }
  memcpy(out, db->read_stamp, db->read_stamp_len);
  *len = db->read_stamp_len;
}


/* SQLite's safety level cannot change inside a transaction: it is lowered
 * before BEGIN and raised again after the transaction ends. */
static void end_unsynced(Db *db) {
  if (!db->unsynced) return;
  run_ignoring_errors(db, "PRAGMA synchronous=FULL");
  db->unsynced = 0;
}

static int begin_write(Db *db, int synced, Error *err) {
  end_kept_read(db);
  if (db->kind == DB_SQLITE) {
    if (db_sqlite_refuse_writes(err)) return -1;
    if (!synced) {
      if (run_plain(db, "PRAGMA synchronous=NORMAL", err)) return -1;
      db->unsynced = 1;
    }
    if (run_plain(db, "BEGIN IMMEDIATE", err)) {
      end_unsynced(db);
      return -1;
    }
  } else {
    if (run_plain(db, "BEGIN", err)) return -1;
    if (!synced && run_plain(db, "SET LOCAL synchronous_commit = off", err)) {
      run_ignoring_errors(db, "ROLLBACK");
      return -1;
    }
  }
  db->in_transaction = 1;
  db->read_only = 0;
  return 0;
}

int db_begin_write(Db *db, Error *err) { return begin_write(db, 1, err); }
int db_begin_write_unsynced(Db *db, Error *err) { return begin_write(db, 0, err); }

int db_commit(Db *db, Error *err) {
  if (db->keeps_reads && db->read_only && !db_sqlite_has_written(db)) {
    db->read_kept = 1;
    db->in_transaction = 0;
    return 0;
  }
  int rc = run_plain(db, "COMMIT", err);
  if (rc) db_rollback(db);
  db->in_transaction = 0;
  end_unsynced(db);
  return rc;
}

int db_watch(Db *db, DbWatchFn fn, void *ctx, void (*free_ctx)(void *ctx)) {
  if (db->kind != DB_SQLITE || db->watch) return -1;
  db->watch = fn;
  db->watch_ctx = ctx;
  db->watch_free = free_ctx;
  db_sqlite_watch_install(db);
  return 0;
}

void *db_watch_context(const Db *db, DbWatchFn fn) { return db->watch == fn ? db->watch_ctx : NULL; }

static void tell_undone(Db *db) {
  if (db->watch) db->watch(db->watch_ctx, DB_ROWS_UNDONE, NULL, 0);
}

void db_rollback(Db *db) {
  tell_undone(db);
  run_ignoring_errors(db, "ROLLBACK");
  db->in_transaction = 0;
  db->read_kept = 0;
  end_unsynced(db);
}

int db_savepoint(Db *db, Error *err) { return run_plain(db, "SAVEPOINT request", err); }
int db_release(Db *db, Error *err) { return run_plain(db, "RELEASE SAVEPOINT request", err); }

void db_rollback_to_savepoint(Db *db) {
  tell_undone(db);
  run_ignoring_errors(db, "ROLLBACK TO SAVEPOINT request");
  run_ignoring_errors(db, "RELEASE SAVEPOINT request");
}

int db_exec_script(Db *db, const char *sql, Error *err) {
  return db->kind == DB_SQLITE ? db_sqlite_exec_script(db, sql, err) : db_postgres_exec_script(db, sql, err);
}
