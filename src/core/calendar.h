/* Business calendars: a time zone, weekly working intervals and holidays,
 * and the business-time arithmetic SLA clocks run on (add N business minutes
 * to an instant; business minutes elapsed between two instants).
 *
 * A calendar is parsed from its JSON form and compiled once into UTC open
 * spans with running sums over a horizon, so every computation afterwards is
 * a binary search and arithmetic: no libical, no locks, no allocation. A
 * compiled Calendar is immutable and may be shared between threads. The
 * conventions (closing boundaries, clock changes, 24:00, the horizon) are in
 * docs/CALENDARS.md.
 *
 * JSON form: {"tz": "Europe/London",
 *             "hours": {"mon": [["08:00","12:30"],["13:15","17:00"]], ...},
 *             "holidays": ["2026-12-25", ...]}
 * Days absent from "hours" are closed; "holidays" is optional. */
#ifndef FORGEDESK_CALENDAR_H
#define FORGEDESK_CALENDAR_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "util/buffer.h"
#include "util/error.h"

/* The horizon compiled around the `now` given to calendar_parse. */
#define CALENDAR_YEARS_BEFORE 3 /* reports and reopened cases look back; the demo has two years */
#define CALENDAR_YEARS_AFTER 12

typedef struct Calendar Calendar;

/* Validates json and compiles it for the instants from CALENDAR_YEARS_BEFORE
 * years before `now` to CALENDAR_YEARS_AFTER years after it (callers pass the
 * current time; tests and the CLI pass the instant they care about). On
 * success *out is a new calendar the caller owns (calendar_free) and 0 is
 * returned. On failure returns -1 with *out NULL and err holding one field
 * error per problem found ("tz", "hours.mon[1]", "hours.mon[1][0]",
 * "holidays[2]", an unknown key's name, …). */
int calendar_parse(const json_t *json, time_t now, Calendar **out, Error *err);
/* The calendar's canonical JSON form: days in week order, intervals and
 * holidays sorted. New reference, owned by the caller. */
json_t *calendar_to_json(const Calendar *cal);
/* The calendar's IANA zone name, owned by the calendar. */
const char *calendar_zone(const Calendar *cal);

/* The instant *due that lies `minutes` business minutes after start. A due
 * time that lands on a closing time is that closing time; 0 minutes gives
 * start itself, open or not. Returns 0, or -1 with err set: a field error on
 * "minutes" when minutes < 0, a 422 when start or the answer lies outside the
 * compiled horizon. */
int calendar_add_minutes(const Calendar *cal, time_t start, int64_t minutes, time_t *due, Error *err);
/* The whole business minutes (truncated) elapsed in [from, to) into *minutes.
 * Returns 0, or -1 with err set: a field error on "end" when to < from, a 422
 * when either instant lies outside the compiled horizon. */
int calendar_elapsed_minutes(const Calendar *cal, time_t from, time_t to, int64_t *minutes, Error *err);
/* The same two in business seconds, for callers that sum many stretches (SLA
 * clocks) and must not truncate each one: calendar_add_seconds refuses
 * seconds < 0 (field "seconds"); calendar_elapsed_seconds counts exactly, not
 * truncated. Returns and errors as above. */
int calendar_add_seconds(const Calendar *cal, time_t start, int64_t seconds, time_t *due, Error *err);
int calendar_elapsed_seconds(const Calendar *cal, time_t from, time_t to, int64_t *seconds, Error *err);
/* Whether instant t is within open hours into *open (1 or 0): an opening
 * instant is open, a closing instant is not. Returns 0, or -1 (422) outside
 * the horizon. */
int calendar_is_open(const Calendar *cal, time_t t, int *open, Error *err);
/* Appends instant t as ISO 8601 with the calendar zone's offset at that
 * instant ("2026-03-30T10:15:00+01:00") to out. Returns 0, or -1 (422)
 * outside the horizon. */
int calendar_format_instant(const Calendar *cal, time_t t, Buffer *out, Error *err);
/* Frees a calendar; NULL is allowed. */
void calendar_free(Calendar *cal);

#endif
