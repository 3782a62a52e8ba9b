/* Unit tests for src/util/ics.c: holiday dates from iCalendar files (a
 * bank-holiday feed in tests/unit/data/bank-holidays.ics, and small inline
 * texts), and a clear refusal, never a crash, for everything malformed. */
#include "helpers.h"

#include "util/buffer.h"
#include "util/ics.h"

static char *read_data(const char *name) {
  Buffer path = BUFFER_INIT, text = BUFFER_INIT;
  buffer_printf(&path, "%s/tests/unit/data/%s", FORGEDESK_SOURCE_DIR, name);
  FILE *f = fopen(buffer_cstr(&path), "rb");
  if (!f) fail_msg("cannot open %s", buffer_cstr(&path));
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buffer_append(&text, chunk, n);
  fclose(f);
  buffer_free(&path);
  return buffer_take(&text);
}

typedef struct IcsCase {
  const char *name;
  const char *text;
  const char *dates;  /* the compact JSON array expected, or NULL when refused */
  const char *reason; /* when refused: text the detail must contain */
} IcsCase;

static void check_ics(const IcsCase *cases, size_t n) {
  for (size_t i = 0; i < n; i++) {
    json_t *dates = (json_t *)1;
    Error err = ERROR_INIT;
    int rc = ics_read_holidays(cases[i].text, &dates, &err);
    if (cases[i].dates) {
      expect_int(cases[i].name, 0, rc);
      char *got = rc ? NULL : json_dumps(dates, JSON_COMPACT);
      expect_text(cases[i].name, cases[i].dates, got);
      free(got);
      if (!rc) json_decref(dates);
    } else {
      expect_int(cases[i].name, -1, rc);
      expect_int(cases[i].name, 1, dates == NULL);
      expect_text(cases[i].name, "Invalid iCalendar file", err.title);
      if (!err.detail || !strstr(err.detail, cases[i].reason))
        expect_fail("%s: expected a reason with \"%s\", got \"%s\"", cases[i].name, cases[i].reason,
                    err.detail ? err.detail : "(none)");
    }
    error_clear(&err);
  }
  expect_all_rows_passed();
}

#define CAL(events) "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" events "END:VCALENDAR\r\n"
#define EVENT(lines) "BEGIN:VEVENT\r\nUID:x@test\r\n" lines "END:VEVENT\r\n"

static void test_ics_reads_a_bank_holiday_feed(void **state) {
  (void)state;
  char *feed = read_data("bank-holidays.ics");
  const IcsCase cases[] = {
      {"the feed: sorted, multi-day closure expanded, each date once", feed,
       "[\"2026-01-01\",\"2026-04-03\",\"2026-08-31\",\"2026-12-24\",\"2026-12-25\",\"2026-12-26\",\"2026-12-27\","
       "\"2026-12-28\"]",
       NULL},
  };
  check_ics(cases, COUNT(cases));
  free(feed);
}

static void test_ics_reads_all_day_events(void **state) {
  (void)state;
  static const IcsCase cases[] = {
      {"one all-day event without DTEND is one day", CAL(EVENT("DTSTART;VALUE=DATE:20261225\r\n")), "[\"2026-12-25\"]",
       NULL},
      {"DURATION instead of DTEND", CAL(EVENT("DTSTART;VALUE=DATE:20261224\r\nDURATION:P2D\r\n")),
       "[\"2026-12-24\",\"2026-12-25\"]", NULL},
      {"LF line ends and no events", "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "[]", NULL},
      {"two calendars in one file",
       CAL(EVENT("DTSTART;VALUE=DATE:20260831\r\n")) CAL(EVENT("DTSTART;VALUE=DATE:20260101\r\n")),
       "[\"2026-01-01\",\"2026-08-31\"]", NULL},
      {"an empty DESCRIPTION is harmless", CAL(EVENT("DESCRIPTION:\r\nDTSTART;VALUE=DATE:20260525\r\n")),
       "[\"2026-05-25\"]", NULL},
      {"a leap day", CAL(EVENT("DTSTART;VALUE=DATE:20280229\r\n")), "[\"2028-02-29\"]", NULL},
  };
  check_ics(cases, COUNT(cases));
}

static void test_ics_refuses_malformed_files_with_a_reason(void **state) {
  (void)state;
  static const IcsCase cases[] = {
      {"empty text", "", NULL, "no complete BEGIN:VCALENDAR"},
      {"not iCalendar at all", "date,name\n2026-12-25,Christmas\n", NULL, "no complete BEGIN:VCALENDAR"},
      {"cut off before END:VCALENDAR", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\n", NULL,
       "no complete BEGIN:VCALENDAR"},
      {"a bare VEVENT", EVENT("DTSTART;VALUE=DATE:20261225\r\n"), NULL, "not a VCALENDAR"},
      {"a DTSTART that is not a date", CAL(EVENT("DTSTART;VALUE=DATE:2026x225\r\n")), NULL, "2026x225"},
      {"a date that does not exist", CAL(EVENT("SUMMARY:Bad\r\nDTSTART;VALUE=DATE:20261232\r\n")), NULL,
       "event 1 ('Bad'): its DTSTART or DTEND is not a real date"},
      {"a timed event", CAL(EVENT("SUMMARY:Meeting\r\nDTSTART:20261225T100000Z\r\n")), NULL,
       "event 1 ('Meeting'): it is not an all-day event"},
      {"a timed event in a zone", CAL(EVENT("DTSTART;TZID=Europe/London:20261225T000000\r\n")), NULL,
       "not an all-day event"},
      {"a recurring event", CAL(EVENT("DTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\n")), NULL,
       "recurring events (RRULE) are not supported"},
      {"an event without DTSTART", CAL(EVENT("SUMMARY:Nothing\r\n")), NULL, "event 1 ('Nothing'): it has no DTSTART"},
      {"an event ending before it starts",
       CAL(EVENT("DTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261224\r\n")), NULL, "ends before it starts"},
      {"a line that is not a property", CAL(EVENT("this is garbage\r\nDTSTART;VALUE=DATE:20261225\r\n")), NULL,
       "could not find a property name"},
      {"an unreadable DTEND is not taken as one day",
       CAL(EVENT("DTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:2026122\r\n")), NULL, "DTEND"},
      {"an empty DTEND", CAL(EVENT("DTSTART;VALUE=DATE:20261225\r\nDTEND:\r\n")), NULL, "No value for DTEND"},
      {"an event of years", CAL(EVENT("DTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:20300101\r\n")), NULL,
       "more than a year"},
      {"the second event is the bad one",
       CAL(EVENT("DTSTART;VALUE=DATE:20261225\r\n") EVENT("SUMMARY:Two\r\nDTSTART:20261226T090000\r\n")), NULL,
       "event 2 ('Two')"},
  };
  check_ics(cases, COUNT(cases));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ics_reads_a_bank_holiday_feed),
      cmocka_unit_test(test_ics_reads_all_day_events),
      cmocka_unit_test(test_ics_refuses_malformed_files_with_a_reason),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
