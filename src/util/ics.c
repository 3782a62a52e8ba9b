/* Holiday dates from iCalendar text; see ics.h. libical's parser keeps going
 * past most errors and records them as X-LIC-ERROR properties, so those are
 * looked for first and reported as the file's fault (bar empty properties
 * that do not bear on the dates). */
#include "util/ics.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/array.h"
#include "util/timeutil.h"

#define ICS_TITLE "Invalid iCalendar file"
#define ICS_DAY 86400

/* The properties an event's dates are read from. */
static const char *const ics_date_properties[] = {"DTSTART", "DTEND", "DURATION", "RRULE"};

/* Whether a recorded parse error could change the dates read. Feeds often
 * carry empty properties ("DESCRIPTION:"), which libical drops with a "No
 * value for X property" error; those are harmless unless X is one of ours.
 * Every other error (an unreadable value, a line that is not a property)
 * means the file is damaged and is refused. */
static int ics_problem_matters(const char *problem) {
  if (strncmp(problem, "No value for ", 13) != 0) return 1;
  for (size_t i = 0; i < sizeof ics_date_properties / sizeof ics_date_properties[0]; i++)
    if (strncmp(problem + 13, ics_date_properties[i], strlen(ics_date_properties[i])) == 0) return 1;
  return 0;
}

/* The first parse error that matters recorded anywhere in c, or NULL. */
static const char *ics_first_problem(icalcomponent *c) {
  for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
       p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
    if (ics_problem_matters(icalproperty_get_xlicerror(p))) return icalproperty_get_xlicerror(p);
  for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
       k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
    const char *problem = ics_first_problem(k);
    if (problem) return problem;
  }
  return NULL;
}

static int ics_event_error(Error *err, size_t number, icalcomponent *event, const char *reason) {
  const char *summary = icalcomponent_get_summary(event);
  return error_set(err, 422, ICS_TITLE, "event %zu%s%s%s: %s", number, summary ? " ('" : "", summary ? summary : "",
                   summary ? "')" : "", reason);
}

/* Days since 1970-01-01 of a DATE value, or -1 when it is not a real date. */
static int64_t ics_date_days(struct icaltimetype tt) {
  char text[32];
  snprintf(text, sizeof text, "%04d-%02d-%02d", tt.year, tt.month, tt.day);
  if (time_check_date(text)) return -1;
  struct tm tm = {.tm_year = tt.year - 1900, .tm_mon = tt.month - 1, .tm_mday = tt.day};
  return (int64_t)timegm(&tm) / ICS_DAY;
}

typedef struct IcsDays {
  int64_t *days;
  size_t n, cap;
} IcsDays;

static void ics_days_add(IcsDays *d, int64_t day) {
  d->days = array_grow(d->days, &d->cap, d->n + 1, sizeof *d->days);
  d->days[d->n++] = day;
}

static int ics_read_event(icalcomponent *event, size_t number, IcsDays *d, Error *err) {
  if (icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY))
    return ics_event_error(err, number, event, "recurring events (RRULE) are not supported; list each date");
  if (!icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY))
    return ics_event_error(err, number, event, "it has no DTSTART");
  struct icaltimetype start = icalcomponent_get_dtstart(event);
  if (!start.is_date)
    return ics_event_error(err, number, event, "it is not an all-day event (DTSTART has a time); give DTSTART;VALUE=DATE");
  struct icaltimetype end = icalcomponent_get_dtend(event);
  int64_t first = ics_date_days(start), last = icaltime_is_null_time(end) ? first + 1 : ics_date_days(end);
  if (first < 0 || last < 0) return ics_event_error(err, number, event, "its DTSTART or DTEND is not a real date");
  if (last <= first) return ics_event_error(err, number, event, "it ends before it starts");
  if (last - first > ICS_MAX_EVENT_DAYS) return ics_event_error(err, number, event, "it lasts more than a year");
  for (int64_t day = first; day < last; day++) ics_days_add(d, day);
  return 0;
}

static int ics_read_calendar(icalcomponent *calendar, size_t *number, IcsDays *d, Error *err) {
  for (icalcomponent *event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); event;
       event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT))
    if (ics_read_event(event, ++*number, d, err)) return -1;
  return 0;
}

static int ics_compare_days(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static json_t *ics_days_json(IcsDays *d) {
  if (d->n) qsort(d->days, d->n, sizeof *d->days, ics_compare_days);
  json_t *dates = json_array();
  for (size_t i = 0; i < d->n; i++) {
    if (i > 0 && d->days[i] == d->days[i - 1]) continue;
    time_t t = (time_t)(d->days[i] * ICS_DAY);
    struct tm tm;
    char text[32];
    gmtime_r(&t, &tm);
    strftime(text, sizeof text, "%Y-%m-%d", &tm);
    json_array_append_new(dates, json_string(text));
  }
  return dates;
}

int ics_read_holidays(const char *text, json_t **dates, Error *err) {
  *dates = NULL;
  icalcomponent *root = icalparser_parse_string(text);
  if (!root)
    return error_set(err, 422, ICS_TITLE, "no complete BEGIN:VCALENDAR ... END:VCALENDAR found");
  int rc = 0;
  size_t number = 0;
  IcsDays d = {NULL, 0, 0};
  const char *problem = ics_first_problem(root);
  icalcomponent_kind kind = icalcomponent_isa(root);
  if (problem) {
    rc = error_set(err, 422, ICS_TITLE, "%s", problem);
  } else if (kind == ICAL_VCALENDAR_COMPONENT) {
    rc = ics_read_calendar(root, &number, &d, err);
  } else if (kind == ICAL_XROOT_COMPONENT) {
    for (icalcomponent *c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT); c && !rc;
         c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT))
      rc = ics_read_calendar(c, &number, &d, err);
  } else {
    rc = error_set(err, 422, ICS_TITLE, "the file holds a %s, not a VCALENDAR", icalcomponent_kind_to_string(kind));
  }
  icalcomponent_free(root);
  if (!rc) *dates = ics_days_json(&d);
  free(d.days);
  return rc;
}
