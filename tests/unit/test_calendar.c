/* Unit tests for src/core/calendar.c: business-time arithmetic across
 * weekends, holidays, lunch breaks, midnight and the DST changes of London
 * (2026-03-29 and 2026-10-25, at 01:00 UTC) and New York (2026-03-08 and
 * 2026-11-01, at 02:00 local), and the validation of the JSON form.
 *
 * Expected instants are worked by hand: the office day is 08:00-12:30 (270
 * minutes) and 13:15-17:00 (225), 495 minutes; long sums were checked with a
 * naive minute-by-minute walk over Python's zoneinfo. */
#include "helpers.h"

#include <pthread.h>

#include "core/calendar.h"
#include "util/timeutil.h"

/* 2026-06-01T00:00:00Z: every calendar here is compiled around it. */
#define TEST_NOW 1780272000

#define OFFICE_DAY "[[\"08:00\",\"12:30\"],[\"13:15\",\"17:00\"]]"
/* England and Wales bank holidays, 2026 and 2027. */
#define UK_HOLIDAYS                                                                                          \
  "[\"2026-01-01\",\"2026-04-03\",\"2026-04-06\",\"2026-05-04\",\"2026-05-25\",\"2026-08-31\",\"2026-12-25\"," \
  "\"2026-12-28\",\"2027-01-01\",\"2027-03-26\",\"2027-03-29\",\"2027-05-03\",\"2027-05-31\",\"2027-08-30\","  \
  "\"2027-12-27\",\"2027-12-28\"]"
static const char uk_office[] = "{\"tz\":\"Europe/London\",\"hours\":{\"mon\":" OFFICE_DAY ",\"tue\":" OFFICE_DAY
                                ",\"wed\":" OFFICE_DAY ",\"thu\":" OFFICE_DAY ",\"fri\":" OFFICE_DAY
                                "},\"holidays\":" UK_HOLIDAYS "}";
/* Open across London's clock change, 01:00 UTC on the last Sundays of March and October. */
static const char london_early_sunday[] = "{\"tz\":\"Europe/London\",\"hours\":{\"sun\":[[\"00:00\",\"04:00\"]]}}";
/* Open for exactly the hour the clocks skip or repeat. */
static const char london_change_hour[] = "{\"tz\":\"Europe/London\",\"hours\":{\"sun\":[[\"01:00\",\"02:00\"]]}}";
static const char new_york_early_sunday[] = "{\"tz\":\"America/New_York\",\"hours\":{\"sun\":[[\"00:00\",\"04:00\"]]}}";
/* A night shift: Monday 22:00 to Wednesday 06:00 with Tuesday 06:00-22:00 off,
 * and Saturday night into Sunday. */
static const char night_shift[] = "{\"tz\":\"Europe/London\",\"hours\":{"
                                  "\"mon\":[[\"22:00\",\"24:00\"]],"
                                  "\"tue\":[[\"00:00\",\"06:00\"],[\"22:00\",\"24:00\"]],"
                                  "\"wed\":[[\"00:00\",\"06:00\"]],"
                                  "\"sat\":[[\"22:00\",\"24:00\"]],\"sun\":[[\"00:00\",\"06:00\"]]}}";

static Calendar *load(const char *text) {
  json_error_t jerr;
  json_t *json = json_loads(text, 0, &jerr);
  assert_non_null(json);
  Calendar *cal = NULL;
  Error err = ERROR_INIT;
  int rc = calendar_parse(json, TEST_NOW, &cal, &err);
  if (rc) print_error("calendar_parse: %s %s\n", err.detail ? err.detail : "", err.fields ? json_dumps(err.fields, 0) : "");
  assert_int_equal(rc, 0);
  json_decref(json);
  error_clear(&err);
  return cal;
}

static time_t instant(const char *text) {
  time_t t = 0;
  if (time_parse(text, &t)) fail_msg("bad instant in the test: %s", text);
  return t;
}

/* --- adding business minutes --------------------------------------------------------- */

typedef struct AddCase {
  const char *name;
  const char *start;
  int64_t minutes;
  const char *due; /* in the calendar's zone, as calendar_format_instant writes it */
} AddCase;

static void check_add(const char *calendar, const AddCase *cases, size_t n) {
  Calendar *cal = load(calendar);
  for (size_t i = 0; i < n; i++) {
    time_t due = 0;
    Error err = ERROR_INIT;
    Buffer got = BUFFER_INIT;
    if (calendar_add_minutes(cal, instant(cases[i].start), cases[i].minutes, &due, &err) ||
        calendar_format_instant(cal, due, &got, &err))
      expect_fail("%s: failed: %s", cases[i].name, err.detail ? err.detail : "field error");
    else
      expect_text(cases[i].name, cases[i].due, buffer_cstr(&got));
    buffer_free(&got);
    error_clear(&err);
  }
  calendar_free(cal);
  expect_all_rows_passed();
}

static void test_calendar_add_around_opening_closing_and_lunch(void **state) {
  (void)state;
  static const AddCase cases[] = {
      {"start before opening counts from opening", "2026-06-01T07:00:00+01:00", 60, "2026-06-01T09:00:00+01:00"},
      {"start at opening", "2026-06-01T08:00:00+01:00", 60, "2026-06-01T09:00:00+01:00"},
      {"start inside hours", "2026-06-01T10:20:30+01:00", 5, "2026-06-01T10:25:30+01:00"},
      {"start at closing moves to the next opening", "2026-06-05T17:00:00+01:00", 15, "2026-06-08T08:15:00+01:00"},
      {"start inside the lunch break", "2026-06-02T12:45:00+01:00", 30, "2026-06-02T13:45:00+01:00"},
      {"a sum crossing lunch skips it", "2026-06-02T12:00:00+01:00", 60, "2026-06-02T13:45:00+01:00"},
      {"landing on the lunch closing is that closing", "2026-06-02T12:00:00+01:00", 30, "2026-06-02T12:30:00+01:00"},
      {"landing on the evening closing is that closing", "2026-06-05T16:00:00+01:00", 60, "2026-06-05T17:00:00+01:00"},
      {"one minute past the closing is the next morning", "2026-06-05T16:00:00+01:00", 61, "2026-06-08T08:01:00+01:00"},
      {"a whole day from opening ends at closing", "2026-06-02T08:00:00+01:00", 495, "2026-06-02T17:00:00+01:00"},
      {"start on a Saturday", "2026-06-06T10:00:00+01:00", 60, "2026-06-08T09:00:00+01:00"},
      {"start on a Sunday night, in UTC", "2026-06-07T23:30:00Z", 30, "2026-06-08T08:30:00+01:00"},
  };
  check_add(uk_office, cases, COUNT(cases));
}

static void test_calendar_add_skips_holidays(void **state) {
  (void)state;
  static const AddCase cases[] = {
      {"start on the Monday bank holiday", "2026-08-31T10:00:00+01:00", 60, "2026-09-01T09:00:00+01:00"},
      {"Friday before the bank holiday weekend", "2026-08-28T16:30:00+01:00", 60, "2026-09-01T08:30:00+01:00"},
      {"Easter: Thursday to the Tuesday", "2026-04-02T16:00:00+01:00", 120, "2026-04-07T09:00:00+01:00"},
      {"Christmas Eve to the 29th (25th and substitute 28th off)", "2026-12-24T16:00:00Z", 120,
       "2026-12-29T09:00:00+00:00"},
      {"New Year 2027 after the Christmas break", "2026-12-31T17:00:00Z", 1, "2027-01-04T08:01:00+00:00"},
  };
  check_add(uk_office, cases, COUNT(cases));
}

static void test_calendar_add_across_office_dst_changes(void **state) {
  (void)state;
  static const AddCase cases[] = {
      /* Friday 16:00 GMT + 60 to the closing, then 135 from Monday 08:00 BST */
      {"London spring: Friday GMT to Monday BST", "2026-03-27T16:00:00Z", 195, "2026-03-30T10:15:00+01:00"},
      {"London autumn: Friday BST to Monday GMT", "2026-10-23T16:00:00+01:00", 120, "2026-10-26T09:00:00+00:00"},
      {"London spring, whole weekend in UTC", "2026-03-28T12:00:00Z", 1, "2026-03-30T08:01:00+01:00"},
  };
  check_add(uk_office, cases, COUNT(cases));
}

static void test_calendar_add_counts_the_real_length_of_changed_hours(void **state) {
  (void)state;
  /* 00:00-04:00 local lasts 3 hours on 29 March (01:00 UTC jumps to 02:00
   * BST) and 5 hours on 25 October (the 01:00 hour happens twice). */
  static const AddCase london[] = {
      {"London spring: 120 minutes from midnight is 03:00 BST", "2026-03-29T00:00:00Z", 120,
       "2026-03-29T03:00:00+01:00"},
      {"London spring: the shortened day closes after 180", "2026-03-29T00:00:00Z", 180, "2026-03-29T04:00:00+01:00"},
      {"London spring: 181 is next Sunday", "2026-03-29T00:00:00Z", 181, "2026-04-05T00:01:00+01:00"},
      {"London autumn: 90 is the first 01:30", "2026-10-25T00:00:00+01:00", 90, "2026-10-25T01:30:00+01:00"},
      {"London autumn: 150 is the second 01:30", "2026-10-25T00:00:00+01:00", 150, "2026-10-25T01:30:00+00:00"},
      {"London autumn: the lengthened day closes after 300", "2026-10-25T00:00:00+01:00", 300,
       "2026-10-25T04:00:00+00:00"},
  };
  check_add(london_early_sunday, london, COUNT(london));
  static const AddCase new_york[] = {
      {"New York spring: 150 from midnight EST is 03:30 EDT", "2026-03-08T00:00:00-05:00", 150,
       "2026-03-08T03:30:00-04:00"},
      {"New York spring: the shortened day closes after 180", "2026-03-08T00:00:00-05:00", 180,
       "2026-03-08T04:00:00-04:00"},
      {"New York autumn: 90 is the first 01:30 (EDT)", "2026-11-01T00:00:00-04:00", 90, "2026-11-01T01:30:00-04:00"},
      {"New York autumn: 150 is the second 01:30 (EST)", "2026-11-01T00:00:00-04:00", 150,
       "2026-11-01T01:30:00-05:00"},
      {"New York autumn: the lengthened day closes after 300", "2026-11-01T00:00:00-04:00", 300,
       "2026-11-01T04:00:00-05:00"},
  };
  check_add(new_york_early_sunday, new_york, COUNT(new_york));
  static const AddCase change_hour[] = {
      /* 01:00-02:00 does not exist on 29 March: that Sunday has no open time */
      {"the skipped hour is never open", "2026-03-28T12:00:00Z", 1, "2026-04-05T01:01:00+01:00"},
      /* ... and happens twice on 25 October: 01:00 BST to 02:00 GMT */
      {"the repeated hour is open twice", "2026-10-24T12:00:00Z", 61, "2026-10-25T01:01:00+00:00"},
      {"the repeated hour closes after 120", "2026-10-24T12:00:00Z", 120, "2026-10-25T02:00:00+00:00"},
  };
  check_add(london_change_hour, change_hour, COUNT(change_hour));
}

static void test_calendar_add_across_midnight_on_a_night_shift(void **state) {
  (void)state;
  static const AddCase cases[] = {
      {"24:00 then 00:00 is one stretch: 120 lands on midnight", "2026-06-01T22:00:00+01:00", 120,
       "2026-06-02T00:00:00+01:00"},
      {"and 121 runs on past midnight", "2026-06-01T22:00:00+01:00", 121, "2026-06-02T00:01:00+01:00"},
      {"landing on the 06:00 closing is that closing", "2026-06-01T22:00:00+01:00", 480, "2026-06-02T06:00:00+01:00"},
      {"one past 06:00 is the next night", "2026-06-01T22:00:00+01:00", 481, "2026-06-02T22:01:00+01:00"},
      {"the last minute of Wednesday's shift", "2026-06-03T05:59:00+01:00", 1, "2026-06-03T06:00:00+01:00"},
      {"after Wednesday's shift: Saturday night", "2026-06-03T06:00:00+01:00", 1, "2026-06-06T22:01:00+01:00"},
      /* 22:00 BST Saturday to 06:00 GMT Sunday lasts 9 hours that night */
      {"a night shift across the autumn change is 9 hours", "2026-10-24T22:00:00+01:00", 540,
       "2026-10-25T06:00:00+00:00"},
  };
  check_add(night_shift, cases, COUNT(cases));
}

static void test_calendar_24_00_closes_a_day_at_midnight(void **state) {
  (void)state;
  static const AddCase cases[] = {
      {"an evening to 24:00 closes at midnight", "2026-06-05T20:00:00+01:00", 240, "2026-06-06T00:00:00+01:00"},
      {"and a minute more is the next Friday", "2026-06-05T20:00:00+01:00", 241, "2026-06-12T20:01:00+01:00"},
  };
  check_add("{\"tz\":\"Europe/London\",\"hours\":{\"fri\":[[\"20:00\",\"24:00\"]]}}", cases, COUNT(cases));
}

static void test_calendar_add_zero_returns_the_start_itself(void **state) {
  (void)state;
  static const AddCase cases[] = {
      {"zero on a Saturday", "2026-06-06T10:00:00+01:00", 0, "2026-06-06T10:00:00+01:00"},
      {"zero at closing", "2026-06-05T17:00:00+01:00", 0, "2026-06-05T17:00:00+01:00"},
      {"zero in the lunch break", "2026-06-02T12:45:00+01:00", 0, "2026-06-02T12:45:00+01:00"},
      {"zero inside hours", "2026-06-02T09:00:00+01:00", 0, "2026-06-02T09:00:00+01:00"},
  };
  check_add(uk_office, cases, COUNT(cases));
}

static void test_calendar_add_a_deadline_years_away(void **state) {
  (void)state;
  static const AddCase cases[] = {
      /* 202 office days of 495 minutes is 99 990; the 203rd day gives 10 more */
      {"100 000 business minutes", "2026-06-01T08:00:00+01:00", 100000, "2027-03-16T08:10:00+00:00"},
      {"1 000 000 business minutes (holidays listed to 2027 only)", "2026-03-27T16:00:00Z", 1000000,
       "2034-01-16T08:40:00+00:00"},
  };
  check_add(uk_office, cases, COUNT(cases));
}

/* --- elapsed business minutes --------------------------------------------------------- */

typedef struct ElapsedCase {
  const char *name;
  const char *from, *to;
  int64_t minutes;
} ElapsedCase;

static void check_elapsed(const char *calendar, const ElapsedCase *cases, size_t n) {
  Calendar *cal = load(calendar);
  for (size_t i = 0; i < n; i++) {
    int64_t minutes = -1;
    Error err = ERROR_INIT;
    if (calendar_elapsed_minutes(cal, instant(cases[i].from), instant(cases[i].to), &minutes, &err))
      expect_fail("%s: failed: %s", cases[i].name, err.detail ? err.detail : "field error");
    else
      expect_int(cases[i].name, cases[i].minutes, minutes);
    error_clear(&err);
  }
  calendar_free(cal);
  expect_all_rows_passed();
}

static void test_calendar_elapsed_over_weekends_holidays_and_pauses(void **state) {
  (void)state;
  static const ElapsedCase cases[] = {
      {"Friday 16:00 to Monday 09:00", "2026-06-05T16:00:00+01:00", "2026-06-08T09:00:00+01:00", 120},
      {"over the August bank holiday weekend", "2026-08-28T16:00:00+01:00", "2026-09-01T09:00:00+01:00", 120},
      {"across lunch", "2026-06-02T12:00:00+01:00", "2026-06-02T14:00:00+01:00", 75},
      {"inside lunch only", "2026-06-02T12:40:00+01:00", "2026-06-02T13:00:00+01:00", 0},
      {"a whole week", "2026-06-01T00:00:00+01:00", "2026-06-08T00:00:00+01:00", 5 * 495},
      {"a week with a bank holiday", "2026-08-31T00:00:00+01:00", "2026-09-07T00:00:00+01:00", 4 * 495},
      {"the same instant", "2026-06-02T09:00:00+01:00", "2026-06-02T09:00:00+01:00", 0},
      {"a weekend only", "2026-06-05T17:00:00+01:00", "2026-06-08T08:00:00+01:00", 0},
      {"part minutes are truncated", "2026-06-02T08:00:00+01:00", "2026-06-02T08:01:59+01:00", 1},
      {"London spring, Friday GMT to Monday BST", "2026-03-27T16:00:00Z", "2026-03-30T10:15:00+01:00", 195},
      {"London autumn, Friday BST to Monday GMT", "2026-10-23T16:00:00+01:00", "2026-10-26T09:00:00Z", 120},
  };
  check_elapsed(uk_office, cases, COUNT(cases));
}

static void test_calendar_elapsed_counts_the_real_length_of_changed_hours(void **state) {
  (void)state;
  static const ElapsedCase london[] = {
      {"London, an ordinary Sunday", "2026-06-07T00:00:00+01:00", "2026-06-07T12:00:00+01:00", 240},
      {"London spring Sunday lasts 3 hours", "2026-03-29T00:00:00Z", "2026-03-29T12:00:00+01:00", 180},
      {"London autumn Sunday lasts 5 hours", "2026-10-25T00:00:00+01:00", "2026-10-25T12:00:00Z", 300},
  };
  check_elapsed(london_early_sunday, london, COUNT(london));
  static const ElapsedCase new_york[] = {
      {"New York spring Sunday lasts 3 hours", "2026-03-08T00:00:00-05:00", "2026-03-08T12:00:00-04:00", 180},
      {"New York autumn Sunday lasts 5 hours", "2026-11-01T00:00:00-04:00", "2026-11-01T12:00:00-05:00", 300},
  };
  check_elapsed(new_york_early_sunday, new_york, COUNT(new_york));
  static const ElapsedCase change_hour[] = {
      {"the skipped hour counts 0", "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z", 0},
      {"the repeated hour counts 120", "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z", 120},
      {"an ordinary Sunday counts 60", "2026-06-06T00:00:00Z", "2026-06-08T00:00:00Z", 60},
  };
  check_elapsed(london_change_hour, change_hour, COUNT(change_hour));
  static const ElapsedCase night[] = {
      {"a night shift across midnight", "2026-06-01T21:00:00+01:00", "2026-06-02T07:00:00+01:00", 480},
      {"a night shift across the autumn change", "2026-10-24T20:00:00+01:00", "2026-10-25T12:00:00Z", 540},
      {"a night shift across the spring change", "2026-03-28T20:00:00Z", "2026-03-29T12:00:00+01:00", 420},
  };
  check_elapsed(night_shift, night, COUNT(night));
}

static void test_calendar_elapsed_refuses_an_end_before_the_start(void **state) {
  (void)state;
  Calendar *cal = load(uk_office);
  Error err = ERROR_INIT;
  int64_t minutes = 42;
  assert_int_equal(calendar_elapsed_minutes(cal, instant("2026-06-02T10:00:00Z"), instant("2026-06-02T09:59:59Z"),
                                            &minutes, &err),
                   -1);
  assert_int_equal(err.status, 422);
  assert_string_equal(helper_field_message(&err, "end"), "the end is before the start");
  assert_int_equal(minutes, 42);
  error_clear(&err);
  calendar_free(cal);
}

/* --- add and elapsed agree ----------------------------------------------------------- */

static void check_inverse(const char *calendar, const char *from, int64_t hours, int64_t step_minutes) {
  Calendar *cal = load(calendar);
  static const int64_t sums[] = {1, 29, 60, 270, 495, 1000, 4321};
  time_t first = instant(from);
  for (time_t start = first; start < first + hours * 3600; start += step_minutes * 60) {
    for (size_t i = 0; i < COUNT(sums); i++) {
      time_t due = 0;
      int64_t back = -1;
      int open = 0;
      Error err = ERROR_INIT;
      char row[64];
      time_format(start, row);
      if (calendar_add_minutes(cal, start, sums[i], &due, &err) ||
          calendar_elapsed_minutes(cal, start, due, &back, &err) || calendar_is_open(cal, due - 1, &open, &err))
        expect_fail("%s + %lld: failed", row, (long long)sums[i]);
      expect_int(row, sums[i], back);
      expect_int(row, 1, open); /* the minute before a due time is always open */
      /* and the business minutes from start to any open instant add back to it */
      if (!calendar_is_open(cal, start + 7 * 3600, &open, &err) && open &&
          !calendar_elapsed_minutes(cal, first, start + 7 * 3600, &back, &err) && back > 0 &&
          !calendar_add_minutes(cal, first, back, &due, &err))
        expect_int(row, start + 7 * 3600, due);
      error_clear(&err);
    }
  }
  calendar_free(cal);
  expect_all_rows_passed();
}

static void test_calendar_add_and_elapsed_are_inverse(void **state) {
  (void)state;
  check_inverse(uk_office, "2026-03-26T00:00:00Z", 24 * 8, 37);         /* across the spring change */
  check_inverse(london_early_sunday, "2026-10-24T00:00:00Z", 48, 11);  /* across the autumn change */
  check_inverse(night_shift, "2026-06-01T00:00:00Z", 24 * 7, 53);      /* a night shift */
  check_inverse(new_york_early_sunday, "2026-11-01T00:00:00Z", 12, 7); /* New York's autumn */
}

/* --- open hours, horizon, formatting ------------------------------------------------ */

static void test_calendar_is_open_counts_openings_in_and_closings_out(void **state) {
  (void)state;
  static const struct {
    const char *calendar, *at;
    int open;
  } cases[] = {
      {uk_office, "2026-06-01T08:00:00+01:00", 1}, {uk_office, "2026-06-01T07:59:59+01:00", 0},
      {uk_office, "2026-06-01T12:30:00+01:00", 0}, {uk_office, "2026-06-01T13:15:00+01:00", 1},
      {uk_office, "2026-06-01T16:59:59+01:00", 1}, {uk_office, "2026-06-01T17:00:00+01:00", 0},
      {uk_office, "2026-06-06T10:00:00+01:00", 0}, {uk_office, "2026-08-31T10:00:00+01:00", 0},
      {night_shift, "2026-06-02T00:00:00+01:00", 1}, /* midnight inside the shift: no gap there */
      {night_shift, "2026-06-01T22:00:00+01:00", 1}, {night_shift, "2026-06-02T06:00:00+01:00", 0},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Calendar *cal = load(cases[i].calendar);
    Error err = ERROR_INIT;
    int open = -1;
    expect_int(cases[i].at, 0, calendar_is_open(cal, instant(cases[i].at), &open, &err));
    expect_int(cases[i].at, cases[i].open, open);
    calendar_free(cal);
  }
  expect_all_rows_passed();
}

static void test_calendar_refuses_instants_beyond_its_horizon(void **state) {
  (void)state;
  Calendar *cal = load(uk_office);
  time_t due = 0;
  int64_t minutes = 0;
  int open = 0;
  Buffer b = BUFFER_INIT;
  static const char *const outside[] = {"2020-01-01T00:00:00Z", "2040-01-01T00:00:00Z"};
  for (size_t i = 0; i < COUNT(outside); i++) {
    Error err = ERROR_INIT;
    expect_int(outside[i], -1, calendar_add_minutes(cal, instant(outside[i]), 10, &due, &err));
    expect_text(outside[i], "Outside the calendar's horizon", err.title);
    error_clear(&err);
    expect_int(outside[i], -1, calendar_elapsed_minutes(cal, instant("2026-06-01T00:00:00Z"), instant(outside[i]),
                                                        &minutes, &err));
    error_clear(&err);
    expect_int(outside[i], -1, calendar_is_open(cal, instant(outside[i]), &open, &err));
    error_clear(&err);
    expect_int(outside[i], -1, calendar_format_instant(cal, instant(outside[i]), &b, &err));
    error_clear(&err);
  }
  /* 10 million office minutes is some 80 years: refused, not wrapped or guessed */
  Error err = ERROR_INIT;
  expect_int("far sum", -1, calendar_add_minutes(cal, TEST_NOW, 10000000, &due, &err));
  expect_int("far sum", 422, err.status);
  error_clear(&err);
  expect_int("huge sum", -1, calendar_add_minutes(cal, TEST_NOW, INT64_MAX, &due, &err));
  error_clear(&err);
  expect_int("negative sum", -1, calendar_add_minutes(cal, TEST_NOW, -1, &due, &err));
  expect_text("negative sum", "must be 0 or more", helper_field_message(&err, "minutes"));
  error_clear(&err);
  buffer_free(&b);
  calendar_free(cal);
  expect_all_rows_passed();
}

static void test_calendar_format_instant_uses_the_zone_offset(void **state) {
  (void)state;
  static const struct {
    const char *tz, *at, *text;
  } cases[] = {
      {"Europe/London", "2026-03-29T00:59:59Z", "2026-03-29T00:59:59+00:00"},
      {"Europe/London", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00+01:00"},
      {"America/New_York", "2026-11-01T05:59:00Z", "2026-11-01T01:59:00-04:00"},
      {"America/New_York", "2026-11-01T06:00:00Z", "2026-11-01T01:00:00-05:00"},
      {"Asia/Kolkata", "2026-06-01T00:00:00Z", "2026-06-01T05:30:00+05:30"},
      {"America/St_Johns", "2026-01-15T12:00:00Z", "2026-01-15T08:30:00-03:30"},
      {"UTC", "2026-06-01T12:00:00Z", "2026-06-01T12:00:00+00:00"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    Buffer json = BUFFER_INIT, got = BUFFER_INIT;
    buffer_printf(&json, "{\"tz\":\"%s\",\"hours\":{\"mon\":[[\"09:00\",\"17:00\"]]}}", cases[i].tz);
    Calendar *cal = load(buffer_cstr(&json));
    Error err = ERROR_INIT;
    expect_int(cases[i].at, 0, calendar_format_instant(cal, instant(cases[i].at), &got, &err));
    expect_text(cases[i].at, cases[i].text, buffer_cstr(&got));
    expect_text(cases[i].at, cases[i].tz, calendar_zone(cal));
    calendar_free(cal);
    buffer_free(&json);
    buffer_free(&got);
  }
  expect_all_rows_passed();
}

/* --- the JSON form ------------------------------------------------------------------ */

typedef struct InvalidCase {
  const char *name;
  const char *json;
  const char *field; /* a field error expected on it */
} InvalidCase;

static void test_calendar_parse_names_each_invalid_field(void **state) {
  (void)state;
  static const InvalidCase cases[] = {
      {"unknown time zone", "{\"tz\":\"Mars/Olympus\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]}}", "tz"},
      {"a path is not a zone", "{\"tz\":\"../../etc/passwd\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]}}", "tz"},
      {"zone names are case-sensitive", "{\"tz\":\"europe/london\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]}}",
       "tz"},
      {"time zone of the wrong type", "{\"tz\":1,\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]}}", "tz"},
      {"missing time zone", "{\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]}}", "tz"},
      {"missing hours", "{\"tz\":\"UTC\"}", "hours"},
      {"hours of the wrong type", "{\"tz\":\"UTC\",\"hours\":[]}", "hours"},
      {"unknown day name", "{\"tz\":\"UTC\",\"hours\":{\"monday\":[[\"08:00\",\"17:00\"]]}}", "hours.monday"},
      {"a day of the wrong type", "{\"tz\":\"UTC\",\"hours\":{\"mon\":\"08:00-17:00\"}}", "hours.mon"},
      {"an interval that is not a pair", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\"]]}}", "hours.mon[0]"},
      {"a time that is not a string", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[800,\"17:00\"]]}}", "hours.mon[0][0]"},
      {"malformed time 8am", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"8am\",\"17:00\"]]}}", "hours.mon[0][0]"},
      {"malformed time 25:00", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"25:00\"]]}}", "hours.mon[0][1]"},
      {"malformed time 12:60", "{\"tz\":\"UTC\",\"hours\":{\"tue\":[[\"08:00\",\"12:60\"]]}}", "hours.tue[0][1]"},
      {"malformed time 24:30", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"24:30\"]]}}", "hours.mon[0][1]"},
      {"malformed time 8:00", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"8:00\",\"17:00\"]]}}", "hours.mon[0][0]"},
      {"inverted interval", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"17:00\",\"08:00\"]]}}", "hours.mon[0]"},
      {"empty interval", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"08:00\"]]}}", "hours.mon[0]"},
      {"24:00 cannot open a day", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"24:00\",\"24:00\"]]}}", "hours.mon[0]"},
      {"overlapping intervals",
       "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"12:30\"],[\"12:00\",\"17:00\"]]}}", "hours.mon[1]"},
      {"overlapping intervals given out of order",
       "{\"tz\":\"UTC\",\"hours\":{\"wed\":[[\"12:00\",\"17:00\"],[\"08:00\",\"12:30\"]]}}", "hours.wed[1]"},
      {"an interval inside another",
       "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"],[\"09:00\",\"10:00\"]]}}", "hours.mon[1]"},
      {"a week with no open time", "{\"tz\":\"UTC\",\"hours\":{}}", "hours"},
      {"a week of empty days", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[],\"sun\":[]}}", "hours"},
      {"malformed holiday date", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]},\"holidays\":[\"25/12/2026\"]}",
       "holidays[0]"},
      {"holiday that is not a real date",
       "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]},\"holidays\":[\"2026-12-25\",\"2026-02-30\"]}",
       "holidays[1]"},
      {"duplicate holiday",
       "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]},\"holidays\":[\"2026-12-25\",\"2026-01-01\",\"2026-12-25\"]}",
       "holidays[2]"},
      {"holiday of the wrong type", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]},\"holidays\":[20261225]}",
       "holidays[0]"},
      {"holidays of the wrong type", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]},\"holidays\":\"2026-12-25\"}",
       "holidays"},
      {"unknown top-level key", "{\"tz\":\"UTC\",\"hours\":{\"mon\":[[\"08:00\",\"17:00\"]]},\"timezone\":\"UTC\"}",
       "timezone"},
      {"not an object", "[\"UTC\"]", "calendar"},
  };
  for (size_t i = 0; i < COUNT(cases); i++) {
    json_error_t jerr;
    json_t *json = json_loads(cases[i].json, 0, &jerr);
    if (!json) fail_msg("%s: the test's JSON does not parse", cases[i].name);
    Calendar *cal = (Calendar *)1;
    Error err = ERROR_INIT;
    expect_int(cases[i].name, -1, calendar_parse(json, TEST_NOW, &cal, &err));
    expect_int(cases[i].name, 1, cal == NULL);
    expect_int(cases[i].name, 422, err.status);
    if (!helper_field_message(&err, cases[i].field)) {
      char *fields = err.fields ? json_dumps(err.fields, JSON_COMPACT) : NULL;
      expect_fail("%s: no error on %s; got %s", cases[i].name, cases[i].field, fields ? fields : "none");
      free(fields);
    }
    error_clear(&err);
    json_decref(json);
  }
  expect_all_rows_passed();
}

static void test_calendar_parse_reports_every_problem_with_a_plain_message(void **state) {
  (void)state;
  json_t *json = json_loads("{\"tz\":\"Nowhere\",\"hours\":{\"mon\":[[\"8am\",\"17:00\"],[\"13:00\",\"12:00\"]],"
                            "\"fri\":[[\"08:00\",\"12:00\"],[\"11:00\",\"14:00\"]]},\"holidays\":[\"2026-13-01\"],\"x\":1}",
                            0, NULL);
  Calendar *cal = NULL;
  Error err = ERROR_INIT;
  assert_int_equal(calendar_parse(json, TEST_NOW, &cal, &err), -1);
  assert_int_equal(json_array_size(err.fields), 6);
  assert_string_equal(helper_field_message(&err, "tz"), "'Nowhere' is not a known IANA time zone");
  assert_string_equal(helper_field_message(&err, "hours.mon[0][0]"), "'8am' is not a time HH:MM from 00:00 to 24:00");
  assert_string_equal(helper_field_message(&err, "hours.mon[1]"), "the interval ends (12:00) at or before it starts (13:00)");
  assert_string_equal(helper_field_message(&err, "hours.fri[1]"), "overlaps hours.fri[0]");
  assert_string_equal(helper_field_message(&err, "holidays[0]"), "'2026-13-01' is not a date YYYY-MM-DD");
  assert_string_equal(helper_field_message(&err, "x"), "unknown member; a calendar has tz, hours and holidays");
  error_clear(&err);
  json_decref(json);
}

static void test_calendar_to_json_writes_the_canonical_form(void **state) {
  (void)state;
  Calendar *cal = load("{\"holidays\":[\"2026-12-25\",\"2026-08-31\"],\"hours\":{\"fri\":[[\"13:15\",\"17:00\"],"
                       "[\"08:00\",\"12:30\"]],\"mon\":[[\"22:00\",\"24:00\"]],\"sun\":[]},\"tz\":\"Europe/London\"}");
  json_t *json = calendar_to_json(cal);
  char *text = json_dumps(json, JSON_COMPACT);
  static const char canonical[] = "{\"tz\":\"Europe/London\",\"hours\":{\"mon\":[[\"22:00\",\"24:00\"]],"
                                  "\"fri\":[[\"08:00\",\"12:30\"],[\"13:15\",\"17:00\"]]},"
                                  "\"holidays\":[\"2026-08-31\",\"2026-12-25\"]}";
  assert_string_equal(text, canonical);
  /* the canonical form reads back to itself */
  Calendar *again = NULL;
  Error err = ERROR_INIT;
  assert_int_equal(calendar_parse(json, TEST_NOW, &again, &err), 0);
  json_t *json2 = calendar_to_json(again);
  char *text2 = json_dumps(json2, JSON_COMPACT);
  assert_string_equal(text2, canonical);
  free(text);
  free(text2);
  json_decref(json);
  json_decref(json2);
  calendar_free(cal);
  calendar_free(again);
}

/* --- sharing between threads --------------------------------------------------------- */

typedef struct ThreadWork {
  const Calendar *shared;
  int failures;
} ThreadWork;

static void *thread_run(void *arg) {
  ThreadWork *w = arg;
  for (int i = 0; i < 2000; i++) {
    time_t due = 0;
    Error err = ERROR_INIT;
    if (calendar_add_minutes(w->shared, instant("2026-03-27T16:00:00Z"), 195, &due, &err) ||
        due != instant("2026-03-30T10:15:00+01:00"))
      w->failures++;
    error_clear(&err);
    if (i % 200 == 0) { /* and loading zones meanwhile, which goes through libical's unguarded caches */
      Calendar *own = load(new_york_early_sunday);
      calendar_free(own);
    }
  }
  return NULL;
}

static void test_calendar_is_shared_safely_between_threads(void **state) {
  (void)state;
  Calendar *cal = load(uk_office);
  pthread_t threads[4];
  ThreadWork work[4];
  for (int i = 0; i < 4; i++) {
    work[i] = (ThreadWork){cal, 0};
    assert_int_equal(pthread_create(&threads[i], NULL, thread_run, &work[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(threads[i], NULL);
    assert_int_equal(work[i].failures, 0);
  }
  calendar_free(cal);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_calendar_add_around_opening_closing_and_lunch),
      cmocka_unit_test(test_calendar_add_skips_holidays),
      cmocka_unit_test(test_calendar_add_across_office_dst_changes),
      cmocka_unit_test(test_calendar_add_counts_the_real_length_of_changed_hours),
      cmocka_unit_test(test_calendar_add_across_midnight_on_a_night_shift),
      cmocka_unit_test(test_calendar_24_00_closes_a_day_at_midnight),
      cmocka_unit_test(test_calendar_add_zero_returns_the_start_itself),
      cmocka_unit_test(test_calendar_add_a_deadline_years_away),
      cmocka_unit_test(test_calendar_elapsed_over_weekends_holidays_and_pauses),
      cmocka_unit_test(test_calendar_elapsed_counts_the_real_length_of_changed_hours),
      cmocka_unit_test(test_calendar_elapsed_refuses_an_end_before_the_start),
      cmocka_unit_test(test_calendar_add_and_elapsed_are_inverse),
      cmocka_unit_test(test_calendar_is_open_counts_openings_in_and_closings_out),
      cmocka_unit_test(test_calendar_refuses_instants_beyond_its_horizon),
      cmocka_unit_test(test_calendar_format_instant_uses_the_zone_offset),
      cmocka_unit_test(test_calendar_parse_names_each_invalid_field),
      cmocka_unit_test(test_calendar_parse_reports_every_problem_with_a_plain_message),
      cmocka_unit_test(test_calendar_to_json_writes_the_canonical_form),
      cmocka_unit_test(test_calendar_is_shared_safely_between_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
