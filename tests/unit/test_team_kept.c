/* The team rows that a SQLite connection keeps between allocation decisions
 * (store_allocation_team_kept): shared while nothing they come from has
 * changed, read again after a roster entry, a case given to one of the
 * team's people or closed, a rollback to a savepoint, or another
 * connection's commit; never kept outside a write transaction. */
#include "helpers.h"

#include <time.h>

#include "store/store_internal.h"
#include "util/timeutil.h"

#define WINDOW (7 * 86400)
#define T0 "'2026-12-01T10:00:00Z'" /* created_at and the like */

typedef struct Fixture {
  TempStore ts;
  time_t now;
} Fixture;

static void run(Db *db, const char *sql) {
  Error err = ERROR_INIT;
  if (db_exec(db, sql, NULL, 0, NULL, &err)) fail_msg("%s: %s", sql, err.detail ? err.detail : "failed");
}

/* Team 1 with agents 1 and 2 (agent 1 on a shift now), team 2 with agent 3,
 * one account; a write transaction open. */
static int setup(void **state) {
  Fixture *f = calloc(1, sizeof *f);
  Error err = ERROR_INIT;
  int from = 0, to = 0;
  if (!f || helper_temp_sqlite(&f->ts, &err) || store_migrate(f->ts.db, &from, &to, &err)) return -1;
  f->now = time(NULL);
  run(f->ts.db, "INSERT INTO teams (name, created_at, updated_at) "
                "VALUES ('North', " T0 ", " T0 "), ('South', " T0 ", " T0 ")");
  run(f->ts.db, "INSERT INTO users (username, display_name, role, team_id, created_at, updated_at) VALUES "
                "('ann', 'Ann', 'agent', 1, " T0 ", " T0 "), ('bob', 'Bob', 'agent', 1, " T0 ", " T0 "), "
                "('cy', 'Cy', 'agent', 2, " T0 ", " T0 ")");
  run(f->ts.db, "INSERT INTO accounts (name, name_key, status, created_at, updated_at) "
                "VALUES ('Acme', 'acme', 'active', " T0 ", " T0 ")");
  char sql[512], starts[TIME_TEXT_SIZE], ends[TIME_TEXT_SIZE];
  time_format(f->now - 3600, starts);
  time_format(f->now + 3600, ends);
  snprintf(sql, sizeof sql, "INSERT INTO roster_entries (user_id, kind, starts_at, ends_at, created_at, updated_at) "
           "VALUES (1, 'shift', '%s', '%s', " T0 ", " T0 ")", starts, ends);
  run(f->ts.db, sql);
  if (store_begin_write(f->ts.db, &err)) return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  Fixture *f = *state;
  store_rollback(f->ts.db);
  helper_temp_sqlite_remove(&f->ts);
  free(f);
  return 0;
}

static const StoreAllocationTeam *kept(Fixture *f, int64_t team) {
  const StoreAllocationTeam *rows = NULL;
  Error err = ERROR_INIT;
  if (store_allocation_team_kept(f->ts.db, team, f->now, WINDOW, &rows, &err))
    fail_msg("kept: %s", err.detail ? err.detail : "failed");
  assert_non_null(rows);
  return rows;
}

/* Whether the next kept read of team gives other rows than before (which
 * it gives back), leaving the new ones in *now_rows (to be released). */
static int read_again(Fixture *f, int64_t team, const StoreAllocationTeam *before,
                      const StoreAllocationTeam **now_rows) {
  *now_rows = kept(f, team);
  int again = *now_rows != before;
  store_allocation_team_release(before);
  return again;
}

static void test_kept_rows_are_shared_while_nothing_changes(void **state) {
  Fixture *f = *state;
  const StoreAllocationTeam *a = kept(f, 1), *b = NULL;
  assert_int_equal(a->npeople, 2);
  assert_int_equal(a->nroster, 1);
  assert_false(read_again(f, 1, a, &b));
  store_allocation_team_release(b);
}

static void test_kept_rows_are_read_again_after_a_roster_entry(void **state) {
  Fixture *f = *state;
  const StoreAllocationTeam *a = kept(f, 1), *b = NULL;
  run(f->ts.db, "INSERT INTO roster_entries (user_id, kind, starts_at, ends_at, created_at, updated_at) "
                "SELECT 2, 'absence', starts_at, ends_at, " T0 ", " T0 " FROM roster_entries WHERE user_id = 1");
  assert_true(read_again(f, 1, a, &b));
  assert_int_equal(b->nroster, 2);
  store_allocation_team_release(b);
}

static void test_kept_rows_follow_the_open_cases_of_the_teams_people(void **state) {
  Fixture *f = *state;
  const StoreAllocationTeam *a = kept(f, 1), *b = NULL, *c = NULL, *d = NULL, *e = NULL;
  run(f->ts.db, "INSERT INTO cases (account_id, team_id, type, priority, status, subject, name_key, opened_at, "
                "created_at, updated_at) VALUES (1, 1, 'enquiry', 2, 'new', 'Pump', 'pump', " T0 ", " T0 ", " T0 ")");
  assert_false(read_again(f, 1, a, &b)); /* nobody holds it */
  run(f->ts.db, "UPDATE cases SET assignee_id = 3");
  assert_false(read_again(f, 1, b, &c)); /* someone of another team does */
  run(f->ts.db, "UPDATE cases SET assignee_id = 1");
  assert_true(read_again(f, 1, c, &d));
  assert_int_equal(d->nopen, 1);
  assert_int_equal(d->open[0].assignee_id, 1);
  run(f->ts.db, "UPDATE cases SET status = 'closed'");
  assert_true(read_again(f, 1, d, &e));
  assert_int_equal(e->nopen, 0);
  store_allocation_team_release(e);
}

static void test_kept_rows_are_read_again_after_a_rollback_to_a_savepoint(void **state) {
  Fixture *f = *state;
  Error err = ERROR_INIT;
  assert_int_equal(store_savepoint(f->ts.db, &err), 0);
  run(f->ts.db, "INSERT INTO roster_entries (user_id, kind, starts_at, ends_at, created_at, updated_at) "
                "SELECT 2, 'shift', starts_at, ends_at, " T0 ", " T0 " FROM roster_entries WHERE user_id = 1");
  const StoreAllocationTeam *a = kept(f, 1), *b = NULL;
  assert_int_equal(a->nroster, 2);
  store_rollback_to_savepoint(f->ts.db);
  assert_true(read_again(f, 1, a, &b));
  assert_int_equal(b->nroster, 1);
  store_allocation_team_release(b);
}

static void test_kept_rows_are_read_again_after_another_connections_commit(void **state) {
  Fixture *f = *state;
  Error err = ERROR_INIT;
  const StoreAllocationTeam *a = kept(f, 1), *b = NULL;
  assert_int_equal(store_commit(f->ts.db, &err), 0);
  Db *other = NULL;
  assert_int_equal(store_open(f->ts.url, &other, &err), 0);
  run(other, "UPDATE users SET display_name = 'Ann Lee' WHERE id = 1");
  store_close(other);
  assert_int_equal(store_begin_write(f->ts.db, &err), 0);
  assert_true(read_again(f, 1, a, &b));
  assert_string_equal(b->people[0].name, "Ann Lee");
  store_allocation_team_release(b);
}

static void test_nothing_is_kept_outside_a_write_transaction(void **state) {
  Fixture *f = *state;
  Error err = ERROR_INIT;
  const StoreAllocationTeam *rows = NULL;
  store_rollback(f->ts.db);
  assert_int_equal(store_begin_read(f->ts.db, &err), 0);
  assert_int_equal(store_allocation_team_kept(f->ts.db, 1, f->now, WINDOW, &rows, &err), 0);
  assert_null(rows);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_kept_rows_are_shared_while_nothing_changes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kept_rows_are_read_again_after_a_roster_entry, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kept_rows_follow_the_open_cases_of_the_teams_people, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kept_rows_are_read_again_after_a_rollback_to_a_savepoint, setup, teardown),
      cmocka_unit_test_setup_teardown(test_kept_rows_are_read_again_after_another_connections_commit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nothing_is_kept_outside_a_write_transaction, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
