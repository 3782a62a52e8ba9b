/* Time in forgedesk: instants are UTC and written as RFC 3339 text
 * ("2026-11-23T19:20:00Z"); calendar dates as "YYYY-MM-DD". */
#ifndef FORGEDESK_TIMEUTIL_H
#define FORGEDESK_TIMEUTIL_H

#include <stddef.h>
#include <time.h>

#define TIME_TEXT_SIZE 21 /* "YYYY-MM-DDTHH:MM:SSZ" and its NUL */

/* Writes the instant t as RFC 3339 UTC text into out (TIME_TEXT_SIZE bytes). */
void time_format(time_t t, char out[TIME_TEXT_SIZE]);
/* Writes the current instant. */
void time_now_text(char out[TIME_TEXT_SIZE]);
/* Parses an RFC 3339 instant (offset Z or ±HH:MM, optional fraction) into t.
 * Returns 0, or -1 when s is not a valid instant. */
int time_parse(const char *s, time_t *t);
/* Returns 0 when s is a real calendar date "YYYY-MM-DD", -1 otherwise. */
int time_check_date(const char *s);
/* The days since 1970-01-01 of a date already checked by time_check_date
 * ("1970-01-02" is 1). */
long long time_date_days(const char *date);
/* Milliseconds of CLOCK_MONOTONIC since start (read with clock_gettime). */
double time_ms_since(const struct timespec *start);
#define TIME_DATE_SIZE 11 /* "YYYY-MM-DD" and its NUL */
/* The date "YYYY-MM-DD" of days since 1970-01-01: time_date_days backwards. */
void time_date_text(long long days, char out[TIME_DATE_SIZE]);
/* The date of an RFC 3339 instant or a date (its first ten characters) as days since 1970-01-01. */
long long time_day_of(const char *instant);

#endif
