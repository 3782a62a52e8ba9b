/* Unit tests for src/util/tzone.c, the libical adapter: which zones are known,
 * the offsets a loaded zone answers with, and the rule for local times that
 * do not exist (spring gap: read with the offset before it) or happen twice
 * (autumn overlap: the first occurrence), worked out by hand from the 2026
 * changes: London at 01:00 UTC, New York at 02:00 local. */
#include "helpers.h"

#include "util/timeutil.h"
#include "util/tzone.h"

static void test_tzone_known_accepts_iana_names_only(void **state) {
  (void)state;
  static const struct {
    const char *name;
    int known;
  } cases[] = {
      {"Europe/London", 1}, {"America/New_York", 1}, {"UTC", 1},           {"Asia/Kolkata", 1},
      {"Mars/Olympus", 0},  {"europe/london", 0},    {"", 0},              {NULL, 0},
      {"../etc/passwd", 0}, {"/etc/passwd", 0},      {"Europe/London/", 0}, {"Europe//London", 0},
      {"Europe/Lon don", 0},
  };
  for (size_t i = 0; i < COUNT(cases); i++)
    expect_int(cases[i].name ? cases[i].name : "(null)", cases[i].known, tzone_known(cases[i].name));
  expect_all_rows_passed();
}

static time_t at(const char *text) {
  time_t t = 0;
  if (time_parse(text, &t)) fail_msg("bad instant in the test: %s", text);
  return t;
}

/* Local seconds of a wall-clock time, written as if it were UTC. */
static int64_t wall(const char *text) { return (int64_t)at(text); }

typedef struct LocalCase {
  const char *local; /* wall-clock time, written with Z but meaning local */
  const char *utc;   /* the instant the rule gives */
} LocalCase;

static void check_local(const char *zone, const LocalCase *cases, size_t n) {
  Tzone *z = NULL;
  Error err = ERROR_INIT;
  assert_int_equal(tzone_load(zone, at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), &z, &err), 0);
  for (size_t i = 0; i < n; i++) {
    int64_t t = 0;
    char got[TIME_TEXT_SIZE];
    expect_int(cases[i].local, 0, tzone_utc_of_local(z, wall(cases[i].local), &t));
    time_format((time_t)t, got);
    expect_text(cases[i].local, cases[i].utc, got);
  }
  tzone_free(z);
  expect_all_rows_passed();
}

static void test_tzone_london_gap_reads_with_the_offset_before(void **state) {
  (void)state;
  static const LocalCase cases[] = {
      {"2026-03-29T00:59:00Z", "2026-03-29T00:59:00Z"}, /* GMT, the last minute before the change */
      {"2026-03-29T01:00:00Z", "2026-03-29T01:00:00Z"}, /* does not exist: GMT's reading, 02:00 BST */
      {"2026-03-29T01:30:00Z", "2026-03-29T01:30:00Z"}, /* does not exist: 02:30 BST */
      {"2026-03-29T02:00:00Z", "2026-03-29T01:00:00Z"}, /* BST */
      {"2026-03-29T02:30:00Z", "2026-03-29T01:30:00Z"},
      {"2026-06-01T12:00:00Z", "2026-06-01T11:00:00Z"},
  };
  check_local("Europe/London", cases, COUNT(cases));
}

static void test_tzone_london_overlap_takes_the_first_occurrence(void **state) {
  (void)state;
  static const LocalCase cases[] = {
      {"2026-10-25T00:30:00Z", "2026-10-24T23:30:00Z"}, /* BST */
      {"2026-10-25T01:00:00Z", "2026-10-25T00:00:00Z"}, /* twice: BST's, not 01:00Z */
      {"2026-10-25T01:30:00Z", "2026-10-25T00:30:00Z"},
      {"2026-10-25T01:59:59Z", "2026-10-25T00:59:59Z"},
      {"2026-10-25T02:00:00Z", "2026-10-25T02:00:00Z"}, /* GMT, once */
      {"2026-12-01T12:00:00Z", "2026-12-01T12:00:00Z"},
  };
  check_local("Europe/London", cases, COUNT(cases));
}

static void test_tzone_new_york_gap_and_overlap(void **state) {
  (void)state;
  static const LocalCase cases[] = {
      {"2026-03-08T01:59:00Z", "2026-03-08T06:59:00Z"}, /* EST */
      {"2026-03-08T02:30:00Z", "2026-03-08T07:30:00Z"}, /* does not exist: EST's reading, 03:30 EDT */
      {"2026-03-08T03:00:00Z", "2026-03-08T07:00:00Z"}, /* EDT */
      {"2026-11-01T00:59:00Z", "2026-11-01T04:59:00Z"}, /* EDT */
      {"2026-11-01T01:30:00Z", "2026-11-01T05:30:00Z"}, /* twice: the first, EDT */
      {"2026-11-01T02:00:00Z", "2026-11-01T07:00:00Z"}, /* EST */
  };
  check_local("America/New_York", cases, COUNT(cases));
}

static void test_tzone_offset_at_changes_on_the_second(void **state) {
  (void)state;
  Tzone *z = NULL;
  Error err = ERROR_INIT;
  assert_int_equal(tzone_load("Europe/London", at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), &z, &err), 0);
  static const struct {
    const char *at;
    int offset;
  } cases[] = {
      {"2026-01-01T00:00:00Z", 0},    {"2026-03-29T00:59:59Z", 0}, {"2026-03-29T01:00:00Z", 3600},
      {"2026-10-25T00:59:59Z", 3600}, {"2026-10-25T01:00:00Z", 0}, {"2026-12-31T23:59:59Z", 0},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    int offset = -1;
    expect_int(cases[i].at, 0, tzone_offset_at(z, at(cases[i].at), &offset));
    expect_int(cases[i].at, cases[i].offset, offset);
  }
  int offset;
  expect_int("before the range", -1, tzone_offset_at(z, at("2025-12-31T23:59:59Z"), &offset));
  expect_int("after the range", -1, tzone_offset_at(z, at("2027-01-01T00:00:00Z"), &offset));
  int64_t t;
  expect_int("local time after the range", -1, tzone_utc_of_local(z, wall("2027-06-01T00:00:00Z"), &t));
  expect_int("2026 has two changes", 3, z->nshifts);
  tzone_free(z);
  expect_all_rows_passed();
}

static void test_tzone_load_refuses_unknown_zones_and_empty_ranges(void **state) {
  (void)state;
  Tzone *z = (Tzone *)1;
  Error err = ERROR_INIT;
  assert_int_equal(tzone_load("Mars/Olympus", 0, 86400, &z, &err), -1);
  assert_null(z);
  assert_string_equal(helper_field_message(&err, "tz"), "'Mars/Olympus' is not a known IANA time zone");
  error_clear(&err);
  assert_int_equal(tzone_load("UTC", 86400, 86400, &z, &err), -1);
  assert_int_equal(err.status, 422);
  error_clear(&err);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tzone_known_accepts_iana_names_only),
      cmocka_unit_test(test_tzone_london_gap_reads_with_the_offset_before),
      cmocka_unit_test(test_tzone_london_overlap_takes_the_first_occurrence),
      cmocka_unit_test(test_tzone_new_york_gap_and_overlap),
      cmocka_unit_test(test_tzone_offset_at_changes_on_the_second),
      cmocka_unit_test(test_tzone_load_refuses_unknown_zones_and_empty_ranges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
