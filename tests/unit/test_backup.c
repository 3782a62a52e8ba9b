/* Backup and restore of a SQLite store (store_backup, store_restore,
 * store_in_use_elsewhere): a restored copy holds the records, and every
 * refusal (a target holding data, a missing, damaged or too new backup, a
 * database another process has open) leaves the target as it was. */
#include "helpers.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#define T0 "2026-11-23T19:20:00Z"

typedef struct Fixture {
  TempStore source, target;
  char backup[300];
} Fixture;

static int setup(void **state) {
  Fixture *f = calloc(1, sizeof *f);
  Error err = ERROR_INIT;
  int from, to;
  if (!f || helper_temp_sqlite(&f->source, &err) || store_migrate(f->source.db, &from, &to, &err) ||
      helper_temp_sqlite(&f->target, &err)) {
    fprintf(stderr, "%s\n", err.detail ? err.detail : "setup failed");
    return -1;
  }
  snprintf(f->backup, sizeof f->backup, "%s.backup", f->source.path);
  unlink(f->backup);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  Fixture *f = *state;
  helper_temp_sqlite_remove(&f->source);
  helper_temp_sqlite_remove(&f->target);
  helper_remove_sqlite_file(f->backup);
  free(f);
  return 0;
}

/* Adds an account named name to the source; returns its id. */
static int64_t add_account(Fixture *f, const char *name) {
  Error err = ERROR_INIT;
  json_t *values = json_pack("{s:s, s:s}", "name", name, "status", "active");
  int64_t id = 0;
  assert_int_equal(store_record_insert(f->source.db, &store_accounts, values, T0, &id, &err), 0);
  json_decref(values);
  return id;
}

/* The name of account id in db, or "" when there is none; owned by the caller. */
static char *account_name(Db *db, int64_t id) {
  Error err = ERROR_INIT;
  json_t *got = NULL;
  assert_int_equal(store_record_get(db, &store_accounts, id, &got, &err), 0);
  char *name = strdup(got ? json_string_value(json_object_get(got, "name")) : "");
  json_decref(got);
  return name;
}

static void expect_refusal(Fixture *f, const char *backup, int force, int status) {
  Error err = ERROR_INIT;
  assert_int_equal(store_restore(f->target.db, backup, force, &err), -1);
  assert_int_equal(err.status, status);
  error_clear(&err);
}

static void test_restore_of_a_backup_holds_its_records(void **state) {
  Fixture *f = *state;
  int64_t id = add_account(f, "Hallam Fluid Power Ltd");
  Error err = ERROR_INIT;
  assert_int_equal(store_backup(f->source.db, f->backup, &err), 0);
  add_account(f, "After the backup");
  assert_int_equal(store_restore(f->target.db, f->backup, 0, &err), 0);
  char *name = account_name(f->target.db, id);
  assert_string_equal(name, "Hallam Fluid Power Ltd");
  free(name);
  name = account_name(f->target.db, id + 1);
  assert_string_equal(name, ""); /* written after the backup */
  free(name);
  AuditVerification v;
  assert_int_equal(store_audit_verify(f->target.db, &v, &err), 0);
  assert_int_equal(v.bad_seq, 0);
}

static void test_restore_replaces_a_database_holding_data_only_when_forced(void **state) {
  Fixture *f = *state;
  Error err = ERROR_INIT;
  int64_t id = add_account(f, "First");
  assert_int_equal(store_backup(f->source.db, f->backup, &err), 0);
  assert_int_equal(store_restore(f->target.db, f->backup, 0, &err), 0);
  expect_refusal(f, f->backup, 0, 409);
  assert_int_equal(store_restore(f->target.db, f->backup, 1, &err), 0);
  char *name = account_name(f->target.db, id);
  assert_string_equal(name, "First");
  free(name);
}

static void test_restore_refuses_a_missing_or_damaged_backup_and_creates_nothing(void **state) {
  Fixture *f = *state;
  expect_refusal(f, f->backup, 1, 422);
  assert_int_equal(access(f->backup, F_OK), -1); /* not created by the attempt */
  FILE *junk = fopen(f->backup, "w");
  assert_non_null(junk);
  fputs("SQLite format 3 but not really a database", junk);
  fclose(junk);
  expect_refusal(f, f->backup, 1, 422);
}

static void test_restore_refuses_a_backup_newer_than_this_binary(void **state) {
  Fixture *f = *state;
  Error err = ERROR_INIT;
  assert_int_equal(store_backup(f->source.db, f->backup, &err), 0);
  sqlite3 *raw = NULL;
  assert_int_equal(sqlite3_open(f->backup, &raw), SQLITE_OK);
  assert_int_equal(sqlite3_exec(raw, "INSERT INTO schema_migrations VALUES (9999, 'future', '" T0 "')", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(raw);
  expect_refusal(f, f->backup, 1, 409);
}

static void test_a_database_open_in_another_process_is_in_use_elsewhere(void **state) {
  Fixture *f = *state;
  assert_int_equal(store_in_use_elsewhere(f->source.url), 0); /* this process's own connection does not count */
  /* closed before the fork: a child would otherwise take over SQLite's
   * in-memory record of the parent's WAL-index locks, which it does not hold */
  store_close(f->source.db);
  f->source.db = NULL;
  int ready[2];
  assert_int_equal(pipe(ready), 0);
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) { /* holds the database open, as a running serve does */
    Db *db = NULL;
    Error err = ERROR_INIT;
    int from, to;
    char go = store_open(f->source.url, &db, &err) == 0 && store_migrate(db, &from, &to, &err) == 0 ? 'y' : 'n';
    if (write(ready[1], &go, 1) != 1) _exit(1);
    pause();
    _exit(0);
  }
  char go = 0;
  assert_int_equal(read(ready[0], &go, 1), 1);
  assert_int_equal(go, 'y');
  int in_use = store_in_use_elsewhere(f->source.url);
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
  close(ready[0]);
  close(ready[1]);
  assert_int_equal(in_use, 1);
  assert_int_equal(store_in_use_elsewhere(f->source.url), 0);
  assert_int_equal(store_in_use_elsewhere("postgresql://nobody@127.0.0.1:1/none"), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_restore_of_a_backup_holds_its_records, setup, teardown),
      cmocka_unit_test_setup_teardown(test_restore_replaces_a_database_holding_data_only_when_forced, setup, teardown),
      cmocka_unit_test_setup_teardown(test_restore_refuses_a_missing_or_damaged_backup_and_creates_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_restore_refuses_a_backup_newer_than_this_binary, setup, teardown),
      cmocka_unit_test_setup_teardown(test_a_database_open_in_another_process_is_in_use_elsewhere, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
