/* Unit tests for src/util/timeutil.c: RFC 3339 instants (always stored as UTC
 * "…Z") and calendar dates. Expected instants are worked out by hand: 86 400
 * seconds a day, 2000-01-01 is 946 684 800, leap years every 4 except
 * centuries not divisible by 400. */
#include "helpers.h"

#include <time.h>

#include "util/timeutil.h"

/* --- time_format ---------------------------------------------------------------------- */

static void test_time_format_writes_utc_rfc3339(void **state) {
  (void)state;
  static const struct {
    time_t t;
    const char *text;
  } cases[] = {
      {0, "1970-01-01T00:00:00Z"},
      {86399, "1970-01-01T23:59:59Z"},
      {946684800, "2000-01-01T00:00:00Z"},
      {951782400, "2000-02-29T00:00:00Z"},  /* 946684800 + (31 + 28) days */
      {1709164800, "2024-02-29T00:00:00Z"}, /* 2024-01-01 is 1704067200; + 59 days */
      {1234567890, "2009-02-13T23:31:30Z"},
      {2147483647, "2038-01-19T03:14:07Z"}, /* the last second of 32-bit time_t */
      {4102444799, "2099-12-31T23:59:59Z"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    char out[TIME_TEXT_SIZE];
    time_format(cases[i].t, out);
    expect_text(cases[i].text, cases[i].text, out);
  }
  expect_all_rows_passed();
}

static void test_time_now_text_is_a_parseable_recent_instant(void **state) {
  (void)state;
  char now[TIME_TEXT_SIZE];
  time_t before = time(NULL), parsed = 0;
  time_now_text(now);
  assert_int_equal(strlen(now), TIME_TEXT_SIZE - 1);
  assert_int_equal(now[19], 'Z');
  assert_int_equal(time_parse(now, &parsed), 0);
  assert_in_range(parsed, before, time(NULL));
}

/* --- time_parse ---------------------------------------------------------------------- */

typedef struct ParseCase {
  const char *input;
  const char *utc; /* the instant written back as UTC text, or NULL when rejected */
} ParseCase;

static void check_parse(const ParseCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    time_t t = 0;
    int rc = time_parse(cases[i].input, &t);
    if (!cases[i].utc) {
      if (rc != -1) {
        char got[TIME_TEXT_SIZE];
        time_format(t, got);
        expect_fail("\"%s\": expected rejection, got accepted as %s", cases[i].input, got);
      }
      continue;
    }
    expect_int(cases[i].input, 0, rc);
    char got[TIME_TEXT_SIZE];
    time_format(t, got);
    expect_text(cases[i].input, cases[i].utc, got);
  }
  expect_all_rows_passed();
}

static void test_time_parse_accepts_z_fractions_and_lower_case(void **state) {
  (void)state;
  static const ParseCase cases[] = {
      {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
      {"2009-02-13T23:31:30Z", "2009-02-13T23:31:30Z"},
      {"2009-02-13T23:31:30.5Z", "2009-02-13T23:31:30Z"},         /* fractions are dropped, not rounded */
      {"2009-02-13T23:31:30.999999999Z", "2009-02-13T23:31:30Z"}, /* ... even just below the next second */
      {"2009-02-13t23:31:30z", "2009-02-13T23:31:30Z"},           /* RFC 3339 §5.6 allows lower case */
  };
  check_parse(cases, COUNT(cases));
  time_t t = 0;
  assert_int_equal(time_parse("2009-02-13T23:31:30Z", &t), 0);
  assert_int_equal(t, 1234567890);
}

static void test_time_parse_normalises_offsets_to_utc(void **state) {
  (void)state;
  static const ParseCase cases[] = {
      {"2026-11-23T19:20:00+01:00", "2026-11-23T18:20:00Z"},
      {"2026-11-23T19:20:00-05:00", "2026-11-24T00:20:00Z"},
      {"2026-11-23T19:20:00+05:30", "2026-11-23T13:50:00Z"},
      {"2026-11-23T19:20:00-09:30", "2026-11-24T04:50:00Z"},
      {"2026-11-23T19:20:00+00:00", "2026-11-23T19:20:00Z"},
      {"2026-11-23T19:20:00-00:00", "2026-11-23T19:20:00Z"},
      {"2026-11-23T19:20:00.250+01:00", "2026-11-23T18:20:00Z"},
      /* offsets that move the instant across a day, month or year */
      {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"},
      {"2025-12-31T22:00:00-03:00", "2026-01-01T01:00:00Z"},
      {"2026-01-01T10:00:00+14:00", "2025-12-31T20:00:00Z"},
      {"2025-12-31T12:00:00-12:00", "2026-01-01T00:00:00Z"},
      {"2024-02-28T23:00:00-02:00", "2024-02-29T01:00:00Z"}, /* into a leap day */
      {"2023-02-28T23:00:00-02:00", "2023-03-01T01:00:00Z"}, /* no leap day in 2023 */
      {"2024-03-01T00:59:59+01:00", "2024-02-29T23:59:59Z"},
  };
  check_parse(cases, COUNT(cases));
}

static void test_time_parse_checks_leap_days_and_allows_leap_second(void **state) {
  (void)state;
  static const ParseCase cases[] = {
      {"2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"}, /* divisible by 400 */
      {"2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"},
      {"2023-02-29T12:00:00Z", NULL},
      {"1900-02-29T12:00:00Z", NULL}, /* century, not divisible by 400 */
      {"2100-02-29T12:00:00Z", NULL},
      {"2026-02-30T00:00:00Z", NULL},
      {"2026-04-31T00:00:00Z", NULL},
      /* RFC 3339 permits second 60; the instant is the next second */
      {"2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"},
  };
  check_parse(cases, COUNT(cases));
}

static void test_time_parse_rejects_malformed_text(void **state) {
  (void)state;
  static const ParseCase cases[] = {
      {"", NULL},
      {"2026-11-23", NULL},
      {"2026-11-23T19:20Z", NULL},
      {"2026-11-23T19:20:00", NULL}, /* no offset: local time is ambiguous */
      {"2026-11-23T19:20:00 Z", NULL},
      {"2026-11-23X19:20:00Z", NULL},
      {"2026-11-23T24:00:00Z", NULL},
      {"2026-11-23T23:60:00Z", NULL},
      {"2026-11-23T23:59:61Z", NULL},
      {"2026-13-01T00:00:00Z", NULL},
      {"2026-00-10T00:00:00Z", NULL},
      {"2026-11-00T00:00:00Z", NULL},
      {"2026-11-31T00:00:00Z", NULL},
      {"2026-11-23T19:20:00.Z", NULL},
      {"2026-11-23T19:20:00,5Z", NULL},
      {"2026-11-23T19:20:00+0100", NULL},
      {"2026-11-23T19:20:00+01", NULL},
      {"2026-11-23T19:20:00+1:00", NULL},
      {"2026-11-23T19:20:00Zjunk", NULL},
      {"2026-11-23T19:20:00+01:00junk", NULL},
      {"2026-11-23T19:20:00ZZ", NULL},
      {"26-11-23T19:20:00Z", NULL},
      {"2026-1-23T19:20:00Z", NULL},
      {"2026-11-23T1a:20:00Z", NULL},
      {" 2026-11-23T19:20:00Z", NULL},
      {"+2026-11-23T19:20:00Z", NULL},
  };
  check_parse(cases, COUNT(cases));
}

/* RFC 3339 §5.6: time-numoffset = ("+" / "-") time-hour ":" time-minute, with
 * time-hour 00-23 and time-minute 00-59. A mistyped offset must be refused,
 * not silently move the instant by a day or more. */
static void test_time_parse_rejects_offsets_out_of_range(void **state) {
  (void)state;
  static const ParseCase cases[] = {
      {"2026-11-23T19:20:00+23:59", "2026-11-22T19:21:00Z"}, /* the largest legal offset */
      {"2026-11-23T19:20:00+24:00", NULL},
      {"2026-11-23T19:20:00-25:00", NULL},
      {"2026-11-23T19:20:00+01:60", NULL},
      {"2026-11-23T19:20:00+99:99", NULL},
  };
  check_parse(cases, COUNT(cases));
}

/* Instants are UTC arithmetic; the process's time zone and its DST changes
 * must not move them. 2026-03-08 07:00Z is when New York springs forward and
 * 2026-03-29 01:00Z when London does. */
static void test_time_ignores_local_time_zone_and_dst(void **state) {
  (void)state;
  static const char *const zones[] = {"UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe",
                                      "Asia/Kolkata"};
  const char *saved = getenv("TZ");
  char *restore = saved ? strdup(saved) : NULL;
  for (size_t z = 0; z < COUNT(zones); z++) {
    setenv("TZ", zones[z], 1);
    tzset();
    time_t a = 0, b = 0, c = 0, d = 0;
    expect_int(zones[z], 0, time_parse("2026-03-08T06:30:00Z", &a));
    expect_int(zones[z], 0, time_parse("2026-03-08T07:30:00Z", &b));
    expect_int(zones[z], 3600, b - a);
    expect_int(zones[z], 0, time_parse("2026-03-29T00:30:00Z", &c));
    expect_int(zones[z], 0, time_parse("2026-03-29T02:30:00+01:00", &d));
    expect_int(zones[z], 3600, d - c); /* 01:30Z, not 02:30 local */
    char text[TIME_TEXT_SIZE];
    time_format(a, text);
    expect_text(zones[z], "2026-03-08T06:30:00Z", text);
    time_format(1774744200, text); /* 2026-03-29T00:30:00Z */
    expect_text(zones[z], "2026-03-29T00:30:00Z", text);
    expect_int(zones[z], 1774744200, c);
  }
  if (restore) setenv("TZ", restore, 1);
  else unsetenv("TZ");
  tzset();
  free(restore);
  expect_all_rows_passed();
}

static void test_time_format_and_parse_round_trip(void **state) {
  (void)state;
  static const time_t instants[] = {0, 1, 59, 60, 86399, 86400, 951782399, 951782400, 1234567890, 2147483647,
                                    2147483648LL, 4102444799LL};
  for (size_t i = 0; i < COUNT(instants); i++) {
    char text[TIME_TEXT_SIZE];
    time_t back = -1;
    time_format(instants[i], text);
    expect_int(text, 0, time_parse(text, &back));
    expect_int(text, instants[i], back);
  }
  expect_all_rows_passed();
}

/* --- time_check_date ------------------------------------------------------------------- */

typedef struct DateCase {
  const char *input;
  int ok;
} DateCase;

static void check_dates(const DateCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) expect_int(cases[i].input, cases[i].ok ? 0 : -1, time_check_date(cases[i].input));
  expect_all_rows_passed();
}

static void test_date_accepts_real_calendar_dates(void **state) {
  (void)state;
  static const DateCase cases[] = {
      {"2026-01-01", 1}, {"2026-01-31", 1}, {"2026-02-28", 1}, {"2024-02-29", 1}, {"2000-02-29", 1},
      {"2026-04-30", 1}, {"2026-12-31", 1}, {"1900-01-01", 1}, {"2999-12-31", 1},
  };
  check_dates(cases, COUNT(cases));
}

static void test_date_rejects_february_30_and_other_missing_days(void **state) {
  (void)state;
  static const DateCase cases[] = {
      {"2026-02-30", 0}, {"2024-02-30", 0}, {"2026-02-29", 0}, {"1900-02-29", 0}, {"2100-02-29", 0},
      {"2026-04-31", 0}, {"2026-06-31", 0}, {"2026-09-31", 0}, {"2026-11-31", 0}, {"2026-01-32", 0},
      {"2026-01-00", 0}, {"2026-00-01", 0}, {"2026-13-01", 0}, {"2026-99-99", 0},
  };
  check_dates(cases, COUNT(cases));
}

static void test_date_rejects_malformed_text(void **state) {
  (void)state;
  static const DateCase cases[] = {
      {"", 0},
      {"2026-1-01", 0},
      {"2026-01-1", 0},
      {"20260101", 0},
      {"2026/01/01", 0},
      {"2026-01-01T00:00:00Z", 0},
      {"2026-01-01 ", 0},
      {" 2026-01-01", 0},
      {"2026-01-01\n", 0},
      {"2026-01-0a", 0},
      {"+026-01-01", 0},
      {"-026-01-01", 0},
      {"2026-+1-01", 0},
      {"1899-12-31", 0}, /* outside the years the store accepts */
      {"3000-01-01", 0},
      {"0000-01-01", 0},
  };
  check_dates(cases, COUNT(cases));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_time_format_writes_utc_rfc3339),
      cmocka_unit_test(test_time_now_text_is_a_parseable_recent_instant),
      cmocka_unit_test(test_time_parse_accepts_z_fractions_and_lower_case),
      cmocka_unit_test(test_time_parse_normalises_offsets_to_utc),
      cmocka_unit_test(test_time_parse_checks_leap_days_and_allows_leap_second),
      cmocka_unit_test(test_time_parse_rejects_malformed_text),
      cmocka_unit_test(test_time_parse_rejects_offsets_out_of_range),
      cmocka_unit_test(test_time_ignores_local_time_zone_and_dst),
      cmocka_unit_test(test_time_format_and_parse_round_trip),
      cmocka_unit_test(test_date_accepts_real_calendar_dates),
      cmocka_unit_test(test_date_rejects_february_30_and_other_missing_days),
      cmocka_unit_test(test_date_rejects_malformed_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
