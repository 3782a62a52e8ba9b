/* Business calendars: parsing and validating the JSON form, compiling it into
 * UTC open spans with running sums, and the arithmetic over those spans; see
 * calendar.h and docs/CALENDARS.md. */
#include "core/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/timeutil.h"
#include "util/tzone.h"

#define CALENDAR_DAY 86400
#define CALENDAR_MINUTES_PER_DAY 1440
#define CALENDAR_HORIZON_TITLE "Outside the calendar's horizon"

static const char *const calendar_day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
#define CALENDAR_WEEK_DAYS (sizeof calendar_day_names / sizeof calendar_day_names[0])

/* One working interval of the week, in minutes of its local day. */
typedef struct CalendarInterval {
  int day;      /* index into calendar_day_names */
  int start;    /* 0 .. 1439 */
  int end;      /* start+1 .. 1440 (24:00) */
  size_t index; /* its place in the JSON array, for error messages */
} CalendarInterval;

/* One stretch of open time in UTC, [start, end), and the business seconds of
 * all the spans before it. */
typedef struct CalendarSpan {
  int64_t start, end, before;
} CalendarSpan;

struct Calendar {
  Tzone *zone;
  CalendarInterval *intervals; /* sorted by day, then start */
  size_t nintervals;
  size_t day_first[CALENDAR_WEEK_DAYS + 1]; /* intervals of day d: [day_first[d], day_first[d+1]) */
  int64_t *holidays;                        /* local dates as days since 1970-01-01, ascending */
  size_t nholidays;
  int64_t from, to; /* the horizon: instants answered for, both ends included */
  CalendarSpan *spans;
  size_t nspans;
};

/* --- parsing -------------------------------------------------------------------------- */

/* "HH:MM" from 00:00 to 24:00 into minutes of the day; -1 when malformed. */
static int calendar_parse_time(const char *s) {
  if (strlen(s) != 5 || s[2] != ':') return -1;
  for (int i = 0; i < 5; i++)
    if (i != 2 && (s[i] < '0' || s[i] > '9')) return -1;
  int hours = (s[0] - '0') * 10 + (s[1] - '0'), minutes = (s[3] - '0') * 10 + (s[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return -1;
  return hours * 60 + minutes;
}

/* Minutes of the day as "HH:MM" (1440 is "24:00"). */
static json_t *calendar_time_json(int minutes) {
  char text[16]; /* "HH:MM" with room the compiler can prove */
  snprintf(text, sizeof text, "%02d:%02d", minutes / 60, minutes % 60);
  return json_string(text);
}

/* The day index of name, or -1. */
static int calendar_day_index(const char *name) {
  for (size_t d = 0; d < CALENDAR_WEEK_DAYS; d++)
    if (strcmp(calendar_day_names[d], name) == 0) return (int)d;
  return -1;
}

static int calendar_compare_intervals(const void *a, const void *b) {
  const CalendarInterval *x = a, *y = b;
  if (x->day != y->day) return x->day - y->day;
  return x->start - y->start;
}

/* Reads one ["HH:MM","HH:MM"] pair of day `day`, whose field name is in field. */
static void calendar_parse_interval(Calendar *cal, size_t *cap, int day, size_t index, const json_t *pair,
                                    const char *field, Error *err) {
  if (!json_is_array(pair) || json_array_size(pair) != 2) {
    error_field(err, field, "an interval is a pair [\"HH:MM\", \"HH:MM\"]");
    return;
  }
  int bounds[2];
  int ok = 1;
  for (size_t i = 0; i < 2; i++) {
    const json_t *text = json_array_get(pair, i);
    bounds[i] = json_is_string(text) ? calendar_parse_time(json_string_value(text)) : -1;
    if (bounds[i] >= 0) continue;
    Buffer name = BUFFER_INIT;
    buffer_printf(&name, "%s[%zu]", field, i);
    if (json_is_string(text))
      error_field(err, buffer_cstr(&name), "'%s' is not a time HH:MM from 00:00 to 24:00", json_string_value(text));
    else
      error_field(err, buffer_cstr(&name), "a time is a string \"HH:MM\"");
    buffer_free(&name);
    ok = 0;
  }
  if (!ok) return;
  if (bounds[1] <= bounds[0]) {
    error_field(err, field, "the interval ends (%s) at or before it starts (%s)",
                json_string_value(json_array_get(pair, 1)), json_string_value(json_array_get(pair, 0)));
    return;
  }
  cal->intervals = array_grow(cal->intervals, cap, cal->nintervals + 1, sizeof *cal->intervals);
  cal->intervals[cal->nintervals++] = (CalendarInterval){day, bounds[0], bounds[1], index};
}

static void calendar_parse_tz(Calendar *cal, const json_t *value, Error *err) {
  (void)cal; /* the zone is loaded by calendar_compile, once the horizon is known */
  if (!json_is_string(value)) {
    error_field(err, "tz", "the time zone is a string such as \"Europe/London\"");
    return;
  }
  if (!tzone_known(json_string_value(value)))
    error_field(err, "tz", "'%s' is not a known IANA time zone", json_string_value(value));
}

static void calendar_parse_hours(Calendar *cal, const json_t *value, Error *err) {
  if (!json_is_object(value)) {
    error_field(err, "hours", "the hours are an object of days, e.g. {\"mon\": [[\"08:00\",\"17:00\"]]}");
    return;
  }
  size_t cap = 0;
  const char *key;
  const json_t *list;
  json_object_foreach((json_t *)value, key, list) {
    Buffer field = BUFFER_INIT;
    buffer_printf(&field, "hours.%s", key);
    int day = calendar_day_index(key);
    if (day < 0) {
      error_field(err, buffer_cstr(&field), "unknown day; the days are mon, tue, wed, thu, fri, sat and sun");
    } else if (!json_is_array(list)) {
      error_field(err, buffer_cstr(&field), "a day is an array of intervals [[\"HH:MM\", \"HH:MM\"], ...]");
    } else {
      size_t i;
      const json_t *pair;
      json_array_foreach(list, i, pair) {
        size_t len = field.len;
        buffer_printf(&field, "[%zu]", i);
        calendar_parse_interval(cal, &cap, day, i, pair, buffer_cstr(&field), err);
        field.len = len;
        field.data[len] = '\0';
      }
    }
    buffer_free(&field);
  }
}

/* Sorts the intervals and refuses those that overlap another of their day. */
static void calendar_check_intervals(Calendar *cal, Error *err) {
  if (cal->nintervals) qsort(cal->intervals, cal->nintervals, sizeof *cal->intervals, calendar_compare_intervals);
  for (size_t i = 1; i < cal->nintervals; i++) {
    const CalendarInterval *a = &cal->intervals[i - 1], *b = &cal->intervals[i];
    if (a->day != b->day || b->start >= a->end) continue;
    Buffer field = BUFFER_INIT, other = BUFFER_INIT;
    size_t later = a->index > b->index ? a->index : b->index, earlier = a->index > b->index ? b->index : a->index;
    buffer_printf(&field, "hours.%s[%zu]", calendar_day_names[b->day], later);
    buffer_printf(&other, "hours.%s[%zu]", calendar_day_names[b->day], earlier);
    error_field(err, buffer_cstr(&field), "overlaps %s", buffer_cstr(&other));
    buffer_free(&field);
    buffer_free(&other);
  }
  size_t i = 0;
  for (size_t d = 0; d <= CALENDAR_WEEK_DAYS; d++) {
    while (i < cal->nintervals && cal->intervals[i].day < (int)d) i++;
    cal->day_first[d] = i;
  }
}

typedef struct CalendarHoliday {
  int64_t day;
  size_t index;
} CalendarHoliday;

static int calendar_compare_holidays(const void *a, const void *b) {
  const CalendarHoliday *x = a, *y = b;
  if (x->day != y->day) return x->day < y->day ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void calendar_parse_holidays(Calendar *cal, const json_t *value, Error *err) {
  if (!json_is_array(value)) {
    error_field(err, "holidays", "the holidays are an array of dates \"YYYY-MM-DD\"");
    return;
  }
  CalendarHoliday *found = calloc(json_array_size(value) + 1, sizeof *found);
  size_t n = 0, i;
  const json_t *date;
  if (!found) abort();
  json_array_foreach(value, i, date) {
    const char *text = json_is_string(date) ? json_string_value(date) : NULL;
    if (text && time_check_date(text) == 0) {
      found[n++] = (CalendarHoliday){time_date_days(text), i};
      continue;
    }
    Buffer field = BUFFER_INIT;
    buffer_printf(&field, "holidays[%zu]", i);
    if (text) error_field(err, buffer_cstr(&field), "'%s' is not a date YYYY-MM-DD", text);
    else error_field(err, buffer_cstr(&field), "a holiday is a string \"YYYY-MM-DD\"");
    buffer_free(&field);
  }
  if (n) qsort(found, n, sizeof *found, calendar_compare_holidays);
  cal->holidays = calloc(n + 1, sizeof *cal->holidays);
  if (!cal->holidays) abort();
  for (i = 0; i < n; i++) {
    if (i > 0 && found[i].day == found[i - 1].day) {
      Buffer field = BUFFER_INIT;
      buffer_printf(&field, "holidays[%zu]", found[i].index);
      error_field(err, buffer_cstr(&field), "repeats holidays[%zu]", found[i - 1].index);
      buffer_free(&field);
      continue;
    }
    cal->holidays[cal->nholidays++] = found[i].day;
  }
  free(found);
}

/* The members of the JSON form. */
static const struct {
  const char *key;
  int required;
  void (*parse)(Calendar *cal, const json_t *value, Error *err);
} calendar_members[] = {
    {"tz", 1, calendar_parse_tz},
    {"hours", 1, calendar_parse_hours},
    {"holidays", 0, calendar_parse_holidays},
};
#define CALENDAR_MEMBERS (sizeof calendar_members / sizeof calendar_members[0])

static void calendar_parse_members(Calendar *cal, const json_t *json, Error *err) {
  const char *key;
  const json_t *value;
  json_object_foreach((json_t *)json, key, value) {
    size_t m = 0;
    while (m < CALENDAR_MEMBERS && strcmp(calendar_members[m].key, key) != 0) m++;
    if (m == CALENDAR_MEMBERS) error_field(err, key, "unknown member; a calendar has tz, hours and holidays");
  }
  for (size_t m = 0; m < CALENDAR_MEMBERS; m++) {
    value = json_object_get(json, calendar_members[m].key);
    if (value) calendar_members[m].parse(cal, value, err);
    else if (calendar_members[m].required) error_field(err, calendar_members[m].key, "required");
  }
  calendar_check_intervals(cal, err);
  if (json_is_object(json_object_get(json, "hours")) && cal->nintervals == 0 && !error_has_fields(err))
    error_field(err, "hours", "the week has no open time");
}

/* --- compiling ------------------------------------------------------------------------ */

static void calendar_add_span(Calendar *cal, size_t *cap, int64_t start, int64_t end) {
  if (start < cal->from) start = cal->from;
  if (end > cal->to) end = cal->to;
  if (end <= start) return;
  CalendarSpan *last = cal->nspans ? &cal->spans[cal->nspans - 1] : NULL;
  /* Touching spans (24:00 then 00:00, or a gap time read past the next
   * opening) are one stretch of open time. */
  if (last && start <= last->end) {
    if (end > last->end) last->end = end;
    return;
  }
  cal->spans = array_grow(cal->spans, cap, cal->nspans + 1, sizeof *cal->spans);
  cal->spans[cal->nspans++] = (CalendarSpan){start, end, 0};
}

static int calendar_compile(Calendar *cal, const char *tz, time_t now, Error *err) {
  cal->from = (int64_t)now - (int64_t)CALENDAR_YEARS_BEFORE * 366 * CALENDAR_DAY;
  cal->to = (int64_t)now + (int64_t)CALENDAR_YEARS_AFTER * 366 * CALENDAR_DAY;
  /* Two days' margin: local days at the horizon's ends reach beyond it. */
  if (tzone_load(tz, cal->from - 2 * CALENDAR_DAY, cal->to + 2 * CALENDAR_DAY, &cal->zone, err)) return -1;
  size_t cap = 0, h = 0;
  int64_t first = cal->from / CALENDAR_DAY - 1, last = cal->to / CALENDAR_DAY + 1;
  for (int64_t day = first; day <= last; day++) {
    while (h < cal->nholidays && cal->holidays[h] < day) h++;
    if (h < cal->nholidays && cal->holidays[h] == day) continue;
    size_t weekday = (size_t)((day % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
    for (size_t i = cal->day_first[weekday]; i < cal->day_first[weekday + 1]; i++) {
      int64_t start, end;
      if (tzone_utc_of_local(cal->zone, day * CALENDAR_DAY + cal->intervals[i].start * 60, &start) ||
          tzone_utc_of_local(cal->zone, day * CALENDAR_DAY + cal->intervals[i].end * 60, &end))
        continue; /* beyond the zone's table, hence beyond the horizon */
      calendar_add_span(cal, &cap, start, end);
    }
  }
  int64_t before = 0;
  for (size_t i = 0; i < cal->nspans; i++) {
    cal->spans[i].before = before;
    before += cal->spans[i].end - cal->spans[i].start;
  }
  return 0;
}

int calendar_parse(const json_t *json, time_t now, Calendar **out, Error *err) {
  *out = NULL;
  if (!json_is_object(json)) return error_field(err, "calendar", "a calendar is a JSON object");
  Calendar *cal = calloc(1, sizeof *cal);
  if (!cal) abort();
  calendar_parse_members(cal, json, err);
  if (error_has_fields(err) || calendar_compile(cal, json_string_value(json_object_get(json, "tz")), now, err)) {
    calendar_free(cal);
    return -1;
  }
  *out = cal;
  return 0;
}

json_t *calendar_to_json(const Calendar *cal) {
  json_t *hours = json_object(), *holidays = json_array();
  Buffer b = BUFFER_INIT;
  for (size_t d = 0; d < CALENDAR_WEEK_DAYS; d++) {
    if (cal->day_first[d] == cal->day_first[d + 1]) continue;
    json_t *list = json_array();
    for (size_t i = cal->day_first[d]; i < cal->day_first[d + 1]; i++)
      json_array_append_new(list, json_pack("[o,o]", calendar_time_json(cal->intervals[i].start),
                                            calendar_time_json(cal->intervals[i].end)));
    json_object_set_new(hours, calendar_day_names[d], list);
  }
  for (size_t i = 0; i < cal->nholidays; i++) {
    time_t t = (time_t)(cal->holidays[i] * CALENDAR_DAY);
    struct tm tm;
    gmtime_r(&t, &tm);
    buffer_reset(&b);
    buffer_printf(&b, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    json_array_append_new(holidays, json_string(buffer_cstr(&b)));
  }
  buffer_free(&b);
  return json_pack("{s:s, s:o, s:o}", "tz", cal->zone->name, "hours", hours, "holidays", holidays);
}

const char *calendar_zone(const Calendar *cal) { return cal->zone->name; }

void calendar_free(Calendar *cal) {
  if (!cal) return;
  tzone_free(cal->zone);
  free(cal->intervals);
  free(cal->holidays);
  free(cal->spans);
  free(cal);
}

/* --- arithmetic ----------------------------------------------------------------------- */

static int calendar_check_horizon(const Calendar *cal, int64_t t, Error *err) {
  if (t >= cal->from && t <= cal->to) return 0;
  char from[TIME_TEXT_SIZE], to[TIME_TEXT_SIZE], at[TIME_TEXT_SIZE];
  time_format((time_t)cal->from, from);
  time_format((time_t)cal->to, to);
  time_format((time_t)t, at);
  return error_set(err, 422, CALENDAR_HORIZON_TITLE, "%s is outside the calendar's horizon, %s to %s", at, from, to);
}

/* How many spans start at or before t. */
static size_t calendar_spans_started(const Calendar *cal, int64_t t) {
  size_t lo = 0, hi = cal->nspans;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->spans[mid].start <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The business seconds from the horizon's start up to instant t. */
static int64_t calendar_business_before(const Calendar *cal, int64_t t) {
  size_t k = calendar_spans_started(cal, t);
  if (k == 0) return 0;
  const CalendarSpan *s = &cal->spans[k - 1];
  return s->before + (t < s->end ? t : s->end) - s->start;
}

int calendar_add_seconds(const Calendar *cal, time_t start, int64_t seconds, time_t *due, Error *err) {
  if (seconds < 0) return error_field(err, "seconds", "must be 0 or more");
  if (calendar_check_horizon(cal, start, err)) return -1;
  if (seconds == 0) {
    *due = start;
    return 0;
  }
  const CalendarSpan *last = cal->nspans ? &cal->spans[cal->nspans - 1] : NULL;
  int64_t total = last ? last->before + last->end - last->start : 0, base = calendar_business_before(cal, start);
  if (seconds > total - base) {
    char to[TIME_TEXT_SIZE];
    time_format((time_t)cal->to, to);
    return error_set(err, 422, CALENDAR_HORIZON_TITLE,
                     "%lld business minutes from there end after the calendar's horizon (%s)",
                     (long long)(seconds / 60 + (seconds % 60 != 0)), to);
  }
  int64_t target = base + seconds;
  /* The first span whose end reaches the target: landing on a closing time
   * gives that closing time, not the next opening. */
  size_t lo = 0, hi = cal->nspans - 1;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const CalendarSpan *s = &cal->spans[mid];
    if (s->before + s->end - s->start >= target) hi = mid;
    else lo = mid + 1;
  }
  *due = (time_t)(cal->spans[lo].start + (target - cal->spans[lo].before));
  return 0;
}

int calendar_add_minutes(const Calendar *cal, time_t start, int64_t minutes, time_t *due, Error *err) {
  if (minutes < 0) return error_field(err, "minutes", "must be 0 or more");
  /* Far beyond any horizon, and its seconds would overflow. */
  if (minutes > INT64_MAX / 60) minutes = INT64_MAX / 60;
  return calendar_add_seconds(cal, start, minutes * 60, due, err);
}

int calendar_elapsed_seconds(const Calendar *cal, time_t from, time_t to, int64_t *seconds, Error *err) {
  if (to < from) return error_field(err, "end", "the end is before the start");
  if (calendar_check_horizon(cal, from, err) || calendar_check_horizon(cal, to, err)) return -1;
  *seconds = calendar_business_before(cal, to) - calendar_business_before(cal, from);
  return 0;
}

int calendar_elapsed_minutes(const Calendar *cal, time_t from, time_t to, int64_t *minutes, Error *err) {
  int64_t seconds;
  if (calendar_elapsed_seconds(cal, from, to, &seconds, err)) return -1;
  *minutes = seconds / 60;
  return 0;
}

int calendar_is_open(const Calendar *cal, time_t t, int *open, Error *err) {
  if (calendar_check_horizon(cal, t, err)) return -1;
  size_t k = calendar_spans_started(cal, t);
  *open = k > 0 && t < cal->spans[k - 1].end;
  return 0;
}

int calendar_format_instant(const Calendar *cal, time_t t, Buffer *out, Error *err) {
  int offset;
  if (calendar_check_horizon(cal, t, err) || tzone_offset_at(cal->zone, t, &offset)) return -1;
  time_t local = t + offset;
  struct tm tm;
  gmtime_r(&local, &tm);
  int magnitude = offset < 0 ? -offset : offset;
  buffer_printf(out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', magnitude / 3600, magnitude / 60 % 60);
  return 0;
}
