/* What a case import sets aside in its transaction on SQLite
 * (store_case_import_set_aside / _restore): the roll-up insert triggers
 * always, the secondary indexes of the tables a case writes only for a
 * large import; the unique indexes never. Restored, the schema is the one
 * before, word for word; rolled back, too. */
#include "helpers.h"

#include "api/sla.h"
#include "store/store_internal.h"

#define T0 "'2026-12-01T10:00:00Z'"

/* Every trigger and index of the schema, "type name sql" a line, in order. */
static char *schema_text(Db *db) {
  Error err = ERROR_INIT;
  json_t *rows = NULL;
  if (db_fetch_all(db,
                   "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') AS line FROM sqlite_master WHERE type IN "
                   "('trigger', 'index') ORDER BY type, name",
                   NULL, 0, &rows, &err))
    fail_msg("schema: %s", err.detail ? err.detail : "failed");
  Buffer out = BUFFER_INIT;
  size_t i;
  json_t *row;
  json_array_foreach(rows, i, row) {
    buffer_puts(&out, json_string_value(json_object_get(row, "line")));
    buffer_putc(&out, '\n');
  }
  json_decref(rows);
  return buffer_take(&out);
}

#define SECONDARY_INDEXES                                                                                    \
  "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' " \
  "AND tbl_name IN ('cases', 'case_events', 'case_sla', 'complaints', 'search_terms')"
#define UNIQUE_INDEXES                                                                                         \
  "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND (sql IS NULL OR sql LIKE 'CREATE UNIQUE %') AND " \
  "tbl_name IN ('cases', 'case_events', 'case_sla', 'complaints', 'search_terms')"
#define ROLLUP_TRIGGERS                                                                                  \
  "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('rollup_cases_insert', "         \
  "'rollup_sla_groups_cases_insert', 'rollup_case_sla_insert', 'rollup_sla_groups_case_sla_insert', " \
  "'rollup_case_events_insert')"

static int setup(void **state) {
  TempStore *ts = calloc(1, sizeof *ts);
  Error err = ERROR_INIT;
  int from = 0, to = 0;
  if (!ts || helper_temp_sqlite(ts, &err) || store_migrate(ts->db, &from, &to, &err)) return -1;
  if (db_exec_script(ts->db,
                     "INSERT INTO accounts (name, name_key, status, created_at, updated_at) VALUES ('Acme', 'acme', "
                     "'active', " T0 ", " T0 ")",
                     &err))
    return -1;
  *state = ts;
  return 0;
}

static int teardown(void **state) {
  TempStore *ts = *state;
  helper_temp_sqlite_remove(ts);
  free(ts);
  return 0;
}

/* One imported complaint with a search word and its clocks. */
static int64_t import_one(Db *db) {
  Error err = ERROR_INIT;
  StoreImportedCase c = {.account_id = 1, .type = "complaint", .status = "open", .subject = "Seal leak",
                         .name_key = "seal leak", .priority = 2, .opened_at = "2026-11-30T09:00:00Z",
                         .updated_at = "2026-11-30T09:00:00Z"};
  StoreCaseSla sla = {.priority = 2};
  char due[TIME_TEXT_SIZE], next[TIME_TEXT_SIZE];
  sla_clocks_index_row(NULL, &sla, due, next); /* no policy: no clocks */
  int64_t id = 0;
  if (store_case_import_insert(db, &c, &sla, "2026-12-01T10:00:00Z", &id, &err))
    fail_msg("insert: %s", err.detail ? err.detail : "failed");
  return id;
}

/* Imports one case with saved set aside, restores and commits; the schema
 * is then before, word for word (freed). */
static void import_one_and_restore(Db *db, json_t *saved, char *before) {
  Error err = ERROR_INIT;
  int64_t id = import_one(db);
  assert_int_equal(store_case_import_restore(db, saved, id, id, &err), 0);
  json_decref(saved);
  assert_int_equal(store_commit(db, &err), 0);
  char *after = schema_text(db);
  assert_string_equal(after, before);
  free(before);
  free(after);
}

static void a_small_import_sets_aside_the_triggers_alone(void **state) {
  TempStore *ts = *state;
  Error err = ERROR_INIT;
  char *before = schema_text(ts->db);
  int64_t secondary = helper_number(ts->db, SECONDARY_INDEXES);
  assert_true(secondary > 10);
  assert_int_equal(helper_number(ts->db, ROLLUP_TRIGGERS), 5);
  json_t *saved = NULL;
  assert_int_equal(store_begin_write(ts->db, &err), 0);
  assert_int_equal(store_case_import_set_aside(ts->db, 9999, &saved, &err), 0);
  assert_int_equal(helper_number(ts->db, ROLLUP_TRIGGERS), 0);
  assert_int_equal(helper_number(ts->db, SECONDARY_INDEXES), secondary);
  import_one_and_restore(ts->db, saved, before);
}

static void a_large_import_builds_the_secondary_indexes_again(void **state) {
  TempStore *ts = *state;
  Error err = ERROR_INIT;
  char *before = schema_text(ts->db);
  int64_t unique = helper_number(ts->db, UNIQUE_INDEXES);
  json_t *saved = NULL;
  assert_int_equal(store_begin_write(ts->db, &err), 0);
  assert_int_equal(store_case_import_set_aside(ts->db, 10000, &saved, &err), 0);
  assert_int_equal(helper_number(ts->db, ROLLUP_TRIGGERS), 0);
  assert_int_equal(helper_number(ts->db, SECONDARY_INDEXES), 0);
  assert_int_equal(helper_number(ts->db, UNIQUE_INDEXES), unique); /* the constraints the rows are checked against */
  import_one_and_restore(ts->db, saved, before);
  /* The rebuilt indexes hold the imported rows, and the roll-ups match them. */
  assert_int_equal(helper_number(ts->db, "SELECT COUNT(*) FROM cases INDEXED BY cases_account WHERE account_id = 1"), 1);
  assert_int_equal(helper_number(ts->db, "SELECT COUNT(*) FROM search_terms INDEXED BY search_terms_owner WHERE "
                                 "entity = 'case' AND entity_id = (SELECT MAX(id) FROM cases)"),
                   helper_number(ts->db, "SELECT COUNT(*) FROM search_terms WHERE entity = 'case'"));
  helper_expect_rollups_match(ts->db);
}

static void a_rolled_back_import_leaves_the_schema_as_it_was(void **state) {
  TempStore *ts = *state;
  Error err = ERROR_INIT;
  char *before = schema_text(ts->db);
  json_t *saved = NULL;
  assert_int_equal(store_begin_write(ts->db, &err), 0);
  assert_int_equal(store_case_import_set_aside(ts->db, 1000000, &saved, &err), 0);
  import_one(ts->db);
  json_decref(saved);
  store_rollback(ts->db);
  char *after = schema_text(ts->db);
  assert_string_equal(after, before);
  assert_int_equal(helper_number(ts->db, "SELECT COUNT(*) FROM cases"), 0);
  free(before);
  free(after);
}

/* A file a quarter the size of the cases already there or more is large;
 * a smaller one leaves the indexes, however many rows it has. */
static void a_file_small_beside_the_store_keeps_the_indexes(void **state) {
  TempStore *ts = *state;
  Error err = ERROR_INIT;
  assert_int_equal(db_exec_script(ts->db,
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
                                  "INSERT INTO cases (account_id, type, priority, status, subject, name_key, "
                                  "opened_at, created_at, updated_at) SELECT 1, 'enquiry', 3, 'closed', 'Old', "
                                  "'old', " T0 ", " T0 ", " T0 " FROM n",
                                  &err),
                   0);
  int64_t secondary = helper_number(ts->db, SECONDARY_INDEXES);
  json_t *saved = NULL;
  assert_int_equal(store_begin_write(ts->db, &err), 0);
  assert_int_equal(store_case_import_set_aside(ts->db, 12000, &saved, &err), 0);
  assert_int_equal(helper_number(ts->db, SECONDARY_INDEXES), secondary);
  assert_int_equal(helper_number(ts->db, ROLLUP_TRIGGERS), 0);
  json_decref(saved);
  store_rollback(ts->db);
  assert_int_equal(store_begin_write(ts->db, &err), 0);
  assert_int_equal(store_case_import_set_aside(ts->db, 12500, &saved, &err), 0);
  assert_int_equal(helper_number(ts->db, SECONDARY_INDEXES), 0);
  json_decref(saved);
  store_rollback(ts->db);
  assert_int_equal(helper_number(ts->db, SECONDARY_INDEXES), secondary);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(a_small_import_sets_aside_the_triggers_alone, setup, teardown),
      cmocka_unit_test_setup_teardown(a_large_import_builds_the_secondary_indexes_again, setup, teardown),
      cmocka_unit_test_setup_teardown(a_rolled_back_import_leaves_the_schema_as_it_was, setup, teardown),
      cmocka_unit_test_setup_teardown(a_file_small_beside_the_store_keeps_the_indexes, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
