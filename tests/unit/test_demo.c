/* Unit tests for src/cli/demo.c: `forgedesk demo` run in-process into fresh
 * SQLite stores, for what the demo's complaints must be (every complaint case
 * has its complaint record, in step with its case, with the root cause,
 * resolution and CAPA the closing guards demand), an intact audit trail and
 * the same data from the same seed. */
#include "helpers.h"

#include "cli/cli.h"

/* Two demo stores made with the same seed. */
static TempStore demos[2];

/* Runs `forgedesk demo --db URL --seed 7` into a fresh store and opens it. */
static int make_demo(TempStore *ts) {
  Error err = ERROR_INIT;
  if (helper_temp_sqlite(ts, &err)) return -1;
  store_close(ts->db);
  ts->db = NULL;
  char *argv[] = {"demo", "--db", ts->url, "--seed", "7", NULL};
  if (cmd_demo(5, argv) != EXIT_OK) return -1;
  int rc = store_open(ts->url, &ts->db, &err);
  error_clear(&err);
  return rc;
}

static int setup(void **state) {
  (void)state;
  return make_demo(&demos[0]) || make_demo(&demos[1]) ? -1 : 0;
}

static int teardown(void **state) {
  (void)state;
  for (size_t i = 0; i < COUNT(demos); i++) helper_temp_sqlite_remove(&demos[i]);
  return 0;
}

/* Every complaint case of db, oldest first (an owned array of case records). */
static json_t *complaint_cases(Db *db) {
  Error err = ERROR_INIT;
  CaseFilter f = {.type = "complaint", .sort = CASE_SORT_OPENED};
  StoreCursor after = {NULL, 0};
  json_t *all = json_array();
  char *key = NULL;
  for (;;) {
    StorePage page = {0};
    assert_int_equal(store_cases_list(db, &f, after, 100, &page, &err), 0);
    json_array_extend(all, page.items);
    free(key);
    key = page.next_key ? strdup(page.next_key) : NULL;
    after = (StoreCursor){key, page.next_id};
    int more = page.more;
    store_page_free(&page);
    if (!more) break;
  }
  free(key);
  return all;
}

static int is_one_of(const char *s, const char *const *names) {
  for (; s && *names; names++)
    if (strcmp(s, *names) == 0) return 1;
  return 0;
}

static void test_demo_every_complaint_case_has_its_complaint_in_step(void **state) {
  (void)state;
  static const char *const settled[] = {"resolved", "closed", NULL};
  static const char *const open_steps[] = {"acknowledged", "assessed", "investigated", NULL};
  static const char *const done_steps[] = {"closed", "followed_up", NULL};
  Db *db = demos[0].db;
  Error err = ERROR_INIT;
  json_t *cases = complaint_cases(db), *kase;
  size_t i, systemic = 0;
  assert_true(json_array_size(cases) >= 20);
  json_array_foreach(cases, i, kase) {
    int64_t id = json_integer_value(json_object_get(kase, "id"));
    const char *status = json_string_value(json_object_get(kase, "status"));
    char row[64];
    snprintf(row, sizeof row, "case %lld (%s)", (long long)id, status);
    json_t *m = NULL;
    assert_int_equal(store_record_get(db, &store_complaints, id, &m, &err), 0);
    if (!m) {
      expect_fail("%s: no complaint record", row);
      continue;
    }
    const char *step = json_string_value(json_object_get(m, "step"));
    if (!is_one_of(step, is_one_of(status, settled) ? done_steps : open_steps))
      expect_fail("%s: complaint at step %s", row, step);
    if (is_one_of(status, settled)) {
      if (!json_array_size(json_object_get(m, "five_whys")) && !json_is_string(json_object_get(m, "cause_category")))
        expect_fail("%s: closed without a root cause", row);
      if (!json_is_string(json_object_get(m, "resolution"))) expect_fail("%s: closed without a resolution", row);
      expect_text(row, json_string_value(json_object_get(kase, "resolved_at")),
                  json_string_value(json_object_get(m, "closed_at")));
    }
    if (json_integer_value(json_object_get(m, "systemic"))) {
      int64_t capas = 0;
      assert_int_equal(store_capa_count_for_case(db, id, &capas, &err), 0);
      if (!capas) expect_fail("%s: a systemic cause without a CAPA", row);
      systemic++;
    }
    json_decref(m);
  }
  json_decref(cases);
  assert_true(systemic > 0);
  expect_all_rows_passed();
}

static void test_demo_audit_trail_verifies(void **state) {
  (void)state;
  Error err = ERROR_INIT;
  AuditVerification v;
  assert_int_equal(store_audit_verify(demos[0].db, &v, &err), 0);
  assert_int_equal(v.bad_seq, 0);
  assert_true(v.entries > 0);
}

static void test_demo_same_seed_gives_the_same_complaints(void **state) {
  (void)state;
  Error err = ERROR_INIT;
  json_t *cases = complaint_cases(demos[0].db), *kase;
  json_t *again = complaint_cases(demos[1].db);
  size_t i;
  assert_int_equal(json_array_size(cases), json_array_size(again));
  json_array_foreach(cases, i, kase) {
    int64_t id = json_integer_value(json_object_get(kase, "id"));
    json_t *first = NULL, *second = NULL;
    assert_int_equal(store_record_get(demos[0].db, &store_complaints, id, &first, &err), 0);
    assert_int_equal(store_record_get(demos[1].db, &store_complaints, id, &second, &err), 0);
    if (!first || !second || !json_equal(first, second)) expect_fail("case %lld: complaints differ", (long long)id);
    json_decref(first);
    json_decref(second);
  }
  json_decref(cases);
  json_decref(again);
  expect_all_rows_passed();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_demo_every_complaint_case_has_its_complaint_in_step),
      cmocka_unit_test(test_demo_audit_trail_verifies),
      cmocka_unit_test(test_demo_same_seed_gives_the_same_complaints),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
