/* Shared by the unit tests: cmocka's includes in the order it needs, a table
 * length macro, failure messages that name the table row, and a throw-away
 * SQLite store in a temporary file (test_store.c adds PostgreSQL). */
#ifndef FORGEDESK_TEST_HELPERS_H
#define FORGEDESK_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "store/store.h"

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))

/* Row checks for table-driven tests: a mismatch is printed with its row and
 * counted, and the test carries on, so one run lists every failing row (and
 * frees what it allocated). Finish each table with expect_all_rows_passed(),
 * which turns the count into the test's failure. */
static int helper_bad_rows __attribute__((unused));

#define expect_fail(...)        \
  do {                          \
    print_error(__VA_ARGS__);   \
    print_error("\n");          \
    helper_bad_rows++;          \
  } while (0)

/* Two C strings, where NULL only equals NULL. */
#define expect_text(row, expected, got)                                                                  \
  do {                                                                                                    \
    const char *e_ = (expected), *g_ = (got);                                                             \
    if ((e_ == NULL) != (g_ == NULL) || (e_ && strcmp(e_, g_) != 0))                                      \
      expect_fail("%s: expected \"%s\", got \"%s\"", (row), e_ ? e_ : "(null)", g_ ? g_ : "(null)");       \
  } while (0)

#define expect_int(row, expected, got)                                                                    \
  do {                                                                                                    \
    long long e_ = (long long)(expected), g_ = (long long)(got);                                          \
    if (e_ != g_) expect_fail("%s: expected %lld, got %lld", (row), e_, g_);                              \
  } while (0)

#define expect_all_rows_passed()                                                   \
  do {                                                                             \
    int n_ = helper_bad_rows;                                                      \
    helper_bad_rows = 0;                                                           \
    if (n_) fail_msg("%d check(s) failed, listed above", n_);                      \
  } while (0)

/* The message recorded for field name in err, or NULL when none was. */
static inline const char *helper_field_message(const Error *err, const char *name) {
  size_t i;
  json_t *item;
  json_array_foreach(err->fields, i, item) {
    if (strcmp(json_string_value(json_object_get(item, "field")), name) == 0)
      return json_string_value(json_object_get(item, "message"));
  }
  return NULL;
}

/* --- queries --------------------------------------------------------------------- */

/* The number a one-number query gives (0 when it gives no row); a query that fails fails the test. */
static inline int64_t helper_number(Db *db, const char *sql) {
  Error err = ERROR_INIT;
  int64_t n = 0;
  int found = 0;
  if (db_fetch_int(db, sql, NULL, 0, &n, &found, &err)) fail_msg("%s: %s", sql, err.detail ? err.detail : "failed");
  return n;
}

/* Fails the test unless every roll-up equals the raw rows it sums (every part of store_rollup_verify_part, in
 * one read). */
static inline void helper_expect_rollups_match(Db *db) {
  Error err = ERROR_INIT;
  json_t *differences = json_array();
  int64_t n = 0;
  if (store_begin_read(db, &err)) fail_msg("verify: %s", err.detail ? err.detail : "failed");
  for (int part = 0; part < store_rollup_verify_parts(); part++)
    if (store_rollup_verify_part(db, part, 5, differences, &n, &err))
      fail_msg("verify: %s", err.detail ? err.detail : "failed");
  store_rollback(db);
  if (n) fail_msg("the roll-ups differ from the raw rows: %s", json_dumps(differences, 0));
  json_decref(differences);
}

/* --- throw-away stores ------------------------------------------------------------ */

/* One temporary store: where it lives and how to reach it. */
typedef struct TempStore {
  const char *kind; /* "sqlite" or "postgresql" */
  char url[1024];   /* for store_open */
  char path[256];   /* SQLite: the database file */
  char schema[64];  /* PostgreSQL: the private schema */
  Db *db;
} TempStore;

/* Makes a fresh, empty SQLite store in a new temporary file. */
static inline int helper_temp_sqlite(TempStore *ts, Error *err) {
  static int counter;
  memset(ts, 0, sizeof *ts);
  ts->kind = "sqlite";
  snprintf(ts->path, sizeof ts->path, "/tmp/forgedesk_unit_%ld_%d.db", (long)getpid(), ++counter);
  unlink(ts->path);
  snprintf(ts->url, sizeof ts->url, "sqlite:%s", ts->path);
  return store_open(ts->url, &ts->db, err);
}

/* Deletes a SQLite database file with its WAL companions. */
static inline void helper_remove_sqlite_file(const char *path) {
  char companion[300];
  unlink(path);
  snprintf(companion, sizeof companion, "%s-wal", path);
  unlink(companion);
  snprintf(companion, sizeof companion, "%s-shm", path);
  unlink(companion);
}

/* Closes the store and deletes its file. */
static inline void helper_temp_sqlite_remove(TempStore *ts) {
  store_close(ts->db);
  ts->db = NULL;
  helper_remove_sqlite_file(ts->path);
}

#endif
