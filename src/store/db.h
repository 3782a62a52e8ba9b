/* The database driver interface: one connection to SQLite or PostgreSQL,
 * prepared statements with $1..$n parameters, transactions and row cursors.
 * Only src/store/ includes this; the rest of the program uses store.h. */
#ifndef FORGEDESK_DB_H
#define FORGEDESK_DB_H

#include <jansson.h>
#include <stdint.h>

#include "util/error.h"

typedef enum { DB_SQLITE, DB_POSTGRES } DbKind;

typedef enum { DB_PARAM_NULL, DB_PARAM_INT, DB_PARAM_TEXT } DbParamType;

typedef struct DbParam {
  DbParamType type;
  int64_t i;
  const char *s; /* borrowed; must outlive the call */
} DbParam;

#define DB_NULL ((DbParam){DB_PARAM_NULL, 0, NULL})
#define DB_INT(v) ((DbParam){DB_PARAM_INT, (int64_t)(v), NULL})
static inline DbParam db_param_text(const char *s) {
  return s ? (DbParam){DB_PARAM_TEXT, 0, s} : (DbParam){DB_PARAM_NULL, 0, NULL};
}
#define DB_TEXT(v) db_param_text(v)

typedef struct Db Db;
typedef struct DbRows DbRows;

/* What a connection's watcher (db_watch) is told. */
typedef enum { DB_ROW_INSERTED, DB_ROW_UPDATED, DB_ROW_DELETED, DB_ROWS_UNDONE } DbChange;
typedef void (*DbWatchFn)(void *ctx, DbChange change, const char *table, int64_t rowid);

/* The backend operations; each driver file defines one of these. */
typedef struct DbDriver {
  int (*open)(const char *target, Db **out, Error *err);
  void (*close)(Db *db);
  int (*query)(Db *db, const char *sql, const DbParam *params, int nparams, DbRows **rows, Error *err);
  int (*next)(DbRows *rows, Error *err);
  int (*column_count)(DbRows *rows);
  const char *(*column_name)(DbRows *rows, int col);
  int (*is_null)(DbRows *rows, int col);
  int (*is_integer)(DbRows *rows, int col);
  int64_t (*get_int)(DbRows *rows, int col);
  const char *(*get_text)(DbRows *rows, int col);
  int64_t (*changes)(DbRows *rows);
  void (*free_rows)(DbRows *rows);
} DbDriver;

#define DB_STAMP_BYTES 48 /* the longest data stamp (db_data_stamp) */

/* Every connection starts with these fields, so db.c can dispatch. */
struct Db {
  const DbDriver *driver;
  DbKind kind;
  int in_transaction;
  int keeps_reads; /* db_keep_reads was called: read snapshots outlive db_commit */
  int read_only;   /* the open transaction was begun by db_begin */
  int read_kept;   /* a read snapshot is open between transactions */
  int unsynced;    /* SQLite: the open transaction was begun by db_begin_write_unsynced */
  unsigned char read_stamp[DB_STAMP_BYTES]; /* PostgreSQL: the data stamp db_begin took with its BEGIN */
  size_t read_stamp_len;
  DbWatchFn watch; /* see db_watch */
  void *watch_ctx;
  void (*watch_free)(void *ctx);
};

/* Opens a connection for a store URL: "sqlite:PATH" or "postgresql://…"
 * ("postgres://" too). On success *out is owned by the caller (db_close). */
int db_open(const char *url, Db **out, Error *err);
void db_close(Db *db);
/* Names the backend of a URL ("sqlite", "postgresql") or NULL if unknown. */
const char *db_url_kind(const char *url);

/* Runs a statement, preparing it once per connection (the SQL text's address
 * is the cache key, so pass static strings). *rows is owned by the caller and
 * must be freed with db_rows_free, also after an error from db_next. */
int db_query(Db *db, const char *sql, const DbParam *params, int nparams, DbRows **rows, Error *err);
/* Advances to the next row: 1 a row, 0 no more rows, -1 error. */
int db_next(DbRows *rows, Error *err);
int db_is_null(DbRows *rows, int col);
int64_t db_int(DbRows *rows, int col);
const char *db_text(DbRows *rows, int col); /* NULL for SQL NULL; valid until db_next */
/* One column of the current row as JSON (integers stay numbers, SQL NULL is null). */
json_t *db_column_json(DbRows *rows, int col);
/* The current row as a JSON object keyed by column name (integers stay numbers). */
json_t *db_row_json(DbRows *rows);
void db_rows_free(DbRows *rows);

/* Runs a statement that returns no rows; *changed (may be NULL) receives the
 * number of rows it changed. Returns 0 or -1. */
int db_exec(Db *db, const char *sql, const DbParam *params, int nparams, int64_t *changed, Error *err);
/* Runs a query expected to return one row and gives it as JSON; 0 with
 * *out == NULL when there is no row. */
int db_fetch_one(Db *db, const char *sql, const DbParam *params, int nparams, json_t **out, Error *err);
/* Runs a query and returns all rows as a JSON array in *out. */
int db_fetch_all(Db *db, const char *sql, const DbParam *params, int nparams, json_t **out, Error *err);
/* Runs a query returning one integer (e.g. a count); *found tells whether a
 * row came back. */
int db_fetch_int(Db *db, const char *sql, const DbParam *params, int nparams, int64_t *value, int *found, Error *err);
/* Runs a one-row INSERT … VALUES … whose text ends in DB_RETURNING_ID; *id is
 * the new row's id, 0 when no row went in (ON CONFLICT … DO NOTHING). SQLite
 * runs the text without that clause and reads the id from the connection
 * (the table's INTEGER PRIMARY KEY is its rowid): its RETURNING gathers the
 * output in a temporary table first, which about doubled the cost of a
 * one-row insert into an indexed table (docs/PERFORMANCE.md). */
#define DB_RETURNING_ID " RETURNING id"
int db_insert(Db *db, const char *sql, const DbParam *params, int nparams, int64_t *id, Error *err);

/* Transactions. db_begin_write takes the write lock at once (SQLite BEGIN
 * IMMEDIATE) so that a transaction never fails half way on a lock upgrade. */
int db_begin(Db *db, Error *err);
int db_begin_write(Db *db, Error *err);
/* A write transaction whose commit does not wait for the disk (SQLite
 * synchronous=NORMAL, PostgreSQL synchronous_commit off): see
 * store_begin_unsynced_write. */
int db_begin_write_unsynced(Db *db, Error *err);
int db_commit(Db *db, Error *err);
void db_rollback(Db *db);
/* Lets a SQLite connection that only reads keep its read snapshot open after
 * db_commit and take it up again at the next db_begin, as long as no
 * connection of any process has committed since it began (the WAL index
 * header says so) and it is younger than 100 ms: a read then costs no
 * transaction start, no lock round trip on the WAL index. Every write
 * committed before a read begins is still seen by it. */
void db_keep_reads(Db *db);
/* What names the data an open read transaction sees: equal stamps, equal
 * data. Taken no later than the transaction's snapshot, so the snapshot
 * holds at least every commit the stamp does. *len is 0 when the
 * connection cannot tell (a SQLite connection that does not keep reads, or
 * no open read transaction). */
void db_data_stamp(Db *db, unsigned char out[DB_STAMP_BYTES], size_t *len);
/* Ends a kept read snapshot that has grown old (call it when idle), so that
 * checkpoints are not held back. */
void db_release_old_read(Db *db);
/* The SQLite side of db_keep_reads: note the WAL index header as a snapshot
 * begins; 1 when the header is unchanged and the snapshot still young. */
void db_sqlite_snapshot_mark(Db *db);
int db_sqlite_snapshot_current(Db *db);
/* The WAL index header noted when the open kept-read snapshot began, into
 * out; 0 when there is none (the connection does not keep reads). */
int db_sqlite_snapshot_stamp(Db *db, unsigned char out[DB_STAMP_BYTES]);
/* Sizes a SQLite loop read connection's page cache and mapping (db_keep_reads does). */
void db_sqlite_size_reads(Db *db);
/* 1 when the open SQLite transaction has written: it must be committed, never kept. */
int db_sqlite_has_written(Db *db);

/* Lets a cache kept beside a connection (the team views of
 * store/allocation.c) follow what the connection itself changes: fn is told
 * every row it inserts, updates or deletes (the table's name, the row's
 * rowid), and DB_ROWS_UNDONE (table NULL) whenever changes it was told of
 * may have been undone: a rollback, to a savepoint too. Commits by other
 * connections are not told: see db_sqlite_data_version. SQLite only, one
 * watcher a connection: returns -1 on PostgreSQL or when one is set. ctx
 * is the watcher's, freed with free_ctx when the connection closes. */
int db_watch(Db *db, DbWatchFn fn, void *ctx, void (*free_ctx)(void *ctx));
/* The ctx of the watcher fn set on db, or NULL. */
void *db_watch_context(const Db *db, DbWatchFn fn);
/* SQLite's PRAGMA data_version: unchanged between two calls when no other
 * connection has committed in between. */
int db_sqlite_data_version(Db *db, int64_t *out, Error *err);
/* The SQLite side of db_watch: SQLite's update and rollback hooks. */
void db_sqlite_watch_install(Db *db);

/* Savepoints, used to run several requests inside one group commit. */
int db_savepoint(Db *db, Error *err);
int db_release(Db *db, Error *err);
void db_rollback_to_savepoint(Db *db);
/* Runs a multi-statement script (migrations), no parameters. */
int db_exec_script(Db *db, const char *sql, Error *err);

extern const DbDriver db_sqlite_driver;
extern const DbDriver db_postgres_driver;
int db_sqlite_exec_script(Db *db, const char *sql, Error *err);
int db_sqlite_insert(Db *db, const char *sql, const DbParam *params, int nparams, int64_t *id, Error *err);
int db_postgres_exec_script(Db *db, const char *sql, Error *err);
/* BEGIN a REPEATABLE READ transaction and the snapshot's text
 * (pg_current_snapshot), which all its statements read, in one round trip;
 * *snapshot is owned by the caller. */
int db_postgres_begin_snapshot(Db *db, char **snapshot, Error *err);
/* SQLite online backup of the open database into path. */
int db_sqlite_backup(Db *db, const char *path, Error *err);
/* 1 when another process has the SQLite database at path open (a running
 * serve); call it before this process opens the database itself. */
int db_sqlite_in_use(const char *path);
/* Replaces the open database's content with the backup at path; see store_restore. */
int db_sqlite_restore(Db *db, const char *path, int force, int latest_version, Error *err);
/* See store_defer_checkpoints and store_checkpoint. */
void db_sqlite_defer_checkpoints(void);
int db_sqlite_checkpoint(Db *db, Error *err);
/* 507 while a full disk has not yet been recovered from; see store_checkpoint. */
int db_sqlite_refuse_writes(Error *err);

#endif
