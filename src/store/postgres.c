/* The PostgreSQL driver (libpq): statements are prepared once per connection
 * under a generated name, parameters travel as text, results are read whole.
 * A connection lost (the server restarted, the network dropped) answers 503
 * and is opened again by the first statement outside a transaction. */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

#define STMT_CACHE_SIZE 1024 /* more than the ~450 statements we have: a full cache is an error */
#define MAX_PARAMS 64
#define PG_INT8 20
#define PG_INT2 21
#define PG_INT4 23

typedef struct PreparedName {
  const char *sql;
  char name[16];
} PreparedName;

/* Seconds a connection attempt may take unless the URL says otherwise, so a
 * server that does not answer costs a request 503 instead of hanging it. */
#define CONNECT_TIMEOUT "5"

typedef struct PostgresDb {
  Db base;
  PGconn *conn;
  char *url;
  int next_name;
  PreparedName cache[STMT_CACHE_SIZE];
} PostgresDb;

typedef struct PostgresRows {
  const DbDriver *driver;
  PGresult *result;
  int row;  /* current row, -1 before the first */
  int rows;
} PostgresRows;

/* True for an error that says the server is gone or going, not that the
 * statement was wrong: the connection is lost (libpq gives no SQLSTATE then),
 * class 08 (connection exception) or 57P (shutting down, starting up). */
static int pg_unavailable(const char *state, PGconn *conn) {
  return PQstatus(conn) == CONNECTION_BAD || (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0));
}

static int pg_error(PGresult *res, PGconn *conn, Error *err) {
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  if (pg_unavailable(state, conn))
    return error_set(err, 503, "Store unavailable", "the connection to PostgreSQL was lost; retry shortly (%s)", msg);
  if (state && strcmp(state, "23505") == 0)
    return error_set(err, 409, "Conflict", "a record with this value already exists (%s)", msg);
  if (state && strcmp(state, "23503") == 0)
    return error_set(err, 409, "Conflict", "the record is still referenced by other records");
  if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
    return error_set(err, 503, "Store busy", "the database is busy; retry shortly");
  return error_set(err, 500, "Store error", "postgresql: %s", msg);
}

/* Opens db->conn for db->url and sets the session up; 0, or -1 with a 503. */
static int connect_session(PostgresDb *db, Error *err) {
  /* the URL's own connect_timeout, expanded from dbname, overrides ours */
  static const char *const keywords[] = {"connect_timeout", "dbname", NULL};
  const char *values[] = {CONNECT_TIMEOUT, db->url, NULL};
  db->conn = PQconnectdbParams(keywords, values, 1);
  if (PQstatus(db->conn) != CONNECTION_OK)
    return error_set(err, 503, "Store unavailable", "cannot connect to PostgreSQL: %s", PQerrorMessage(db->conn));
  /* Times are kept as UTC text; notices (e.g. "relation exists") are noise. */
  PGresult *res = PQexec(db->conn, "SET TIME ZONE 'UTC'; SET client_min_messages = warning;");
  int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) pg_error(res, db->conn, err);
  PQclear(res);
  return ok ? 0 : -1;
}

static int postgres_open(const char *url, Db **out, Error *err) {
  PostgresDb *db = calloc(1, sizeof *db);
  if (!db) abort();
  db->base.driver = &db_postgres_driver;
  db->base.kind = DB_POSTGRES;
  db->url = strdup(url);
  if (!db->url) abort();
  if (connect_session(db, err)) {
    PQfinish(db->conn);
    free(db->url);
    free(db);
    return -1;
  }
  *out = &db->base;
  return 0;
}

static void postgres_close(Db *base) {
  PostgresDb *db = (PostgresDb *)base;
  PQfinish(db->conn);
  free(db->url);
  free(db);
}

/* Makes sure the connection is up before a statement. A lost connection is
 * opened anew only between transactions (a transaction it carried is gone,
 * and its statements must fail rather than run outside it); the new session
 * has no prepared statements, so the cache starts empty. 0 when connected. */
static int ensure_connected(PostgresDb *db, Error *err) {
  if (PQstatus(db->conn) == CONNECTION_OK) return 0;
  if (db->base.in_transaction)
    return error_set(err, 503, "Store unavailable", "the connection to PostgreSQL was lost during the transaction; "
                     "nothing of it was kept, retry shortly");
  PQfinish(db->conn);
  memset(db->cache, 0, sizeof db->cache);
  return connect_session(db, err);
}

/* Finds or creates the prepared statement for sql; returns its name or NULL. */
static const char *prepared_name(PostgresDb *db, const char *sql, Error *err) {
  size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE_SIZE;
  PreparedName *slot = NULL;
  for (int probe = 0; probe < STMT_CACHE_SIZE; probe++) {
    slot = &db->cache[(h + probe) % STMT_CACHE_SIZE];
    if (slot->sql == sql) return slot->name;
    if (slot->sql == NULL) break;
  }
  if (!slot || slot->sql) {
    error_set(err, 500, "Store error", "prepared statement cache is full");
    return NULL;
  }
  snprintf(slot->name, sizeof slot->name, "fd%d", db->next_name++);
  PGresult *res = PQprepare(db->conn, slot->name, sql, 0, NULL);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    pg_error(res, db->conn, err);
    PQclear(res);
    return NULL;
  }
  PQclear(res);
  slot->sql = sql;
  return slot->name;
}

static int postgres_query(Db *base, const char *sql, const DbParam *params, int nparams, DbRows **out, Error *err) {
  PostgresDb *db = (PostgresDb *)base;
  if (nparams > MAX_PARAMS) return error_set(err, 500, "Store error", "too many parameters");
  if (ensure_connected(db, err)) return -1;
  const char *name = prepared_name(db, sql, err);
  if (!name) return -1;
  const char *values[MAX_PARAMS];
  char numbers[MAX_PARAMS][24];
  for (int i = 0; i < nparams; i++) {
    if (params[i].type == DB_PARAM_INT) {
      snprintf(numbers[i], sizeof numbers[i], "%lld", (long long)params[i].i);
      values[i] = numbers[i];
    } else {
      values[i] = params[i].type == DB_PARAM_TEXT ? params[i].s : NULL;
    }
  }
  PGresult *res = PQexecPrepared(db->conn, name, nparams, values, NULL, NULL, 0);
  ExecStatusType status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    pg_error(res, db->conn, err);
    PQclear(res);
    return -1;
  }
  PostgresRows *rows = calloc(1, sizeof *rows);
  if (!rows) abort();
  rows->driver = &db_postgres_driver;
  rows->result = res;
  rows->row = -1;
  rows->rows = PQntuples(res);
  *out = (DbRows *)rows;
  return 0;
}

static int postgres_next(DbRows *r, Error *err) {
  (void)err;
  PostgresRows *rows = (PostgresRows *)r;
  if (rows->row + 1 >= rows->rows) return 0;
  rows->row++;
  return 1;
}

static int postgres_column_count(DbRows *r) { return PQnfields(((PostgresRows *)r)->result); }
static const char *postgres_column_name(DbRows *r, int c) { return PQfname(((PostgresRows *)r)->result, c); }
static int postgres_is_null(DbRows *r, int c) {
  PostgresRows *rows = (PostgresRows *)r;
  return PQgetisnull(rows->result, rows->row, c);
}
static int postgres_is_integer(DbRows *r, int c) {
  Oid type = PQftype(((PostgresRows *)r)->result, c);
  return type == PG_INT8 || type == PG_INT4 || type == PG_INT2;
}
static int64_t postgres_get_int(DbRows *r, int c) {
  PostgresRows *rows = (PostgresRows *)r;
  return strtoll(PQgetvalue(rows->result, rows->row, c), NULL, 10);
}
static const char *postgres_get_text(DbRows *r, int c) {
  PostgresRows *rows = (PostgresRows *)r;
  return PQgetisnull(rows->result, rows->row, c) ? NULL : PQgetvalue(rows->result, rows->row, c);
}
static int64_t postgres_changes(DbRows *r) {
  const char *n = PQcmdTuples(((PostgresRows *)r)->result);
  return n && *n ? strtoll(n, NULL, 10) : 0;
}
static void postgres_free_rows(DbRows *r) {
  PostgresRows *rows = (PostgresRows *)r;
  PQclear(rows->result);
  free(rows);
}

int db_postgres_exec_script(Db *base, const char *sql, Error *err) {
  PostgresDb *db = (PostgresDb *)base;
  if (ensure_connected(db, err)) return -1;
  PGresult *res = PQexec(db->conn, sql);
  int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
  if (!ok) pg_error(res, db->conn, err);
  PQclear(res);
  return ok ? 0 : -1;
}

int db_postgres_begin_snapshot(Db *base, char **snapshot, Error *err) {
  PostgresDb *db = (PostgresDb *)base;
  *snapshot = NULL;
  if (ensure_connected(db, err)) return -1;
  PGresult *res = PQexec(db->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_current_snapshot()::text");
  int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
  if (ok) *snapshot = strdup(PQgetvalue(res, 0, 0));
  else pg_error(res, db->conn, err);
  PQclear(res);
  if (ok && !*snapshot) abort();
  if (!ok && PQtransactionStatus(db->conn) != PQTRANS_IDLE) PQclear(PQexec(db->conn, "ROLLBACK"));
  return ok ? 0 : -1;
}

const DbDriver db_postgres_driver = {
    .open = postgres_open,
    .close = postgres_close,
    .query = postgres_query,
    .next = postgres_next,
    .column_count = postgres_column_count,
    .column_name = postgres_column_name,
    .is_null = postgres_is_null,
    .is_integer = postgres_is_integer,
    .get_int = postgres_get_int,
    .get_text = postgres_get_text,
    .changes = postgres_changes,
    .free_rows = postgres_free_rows,
};
