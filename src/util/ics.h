/* iCalendar (.ics, RFC 5545) import of holiday dates, such as the UK
 * government's bank-holiday feed, through libical's parser. */
#ifndef FORGEDESK_ICS_H
#define FORGEDESK_ICS_H

#include <jansson.h>

#include "util/error.h"

/* The longest all-day event taken as holidays, in days; a longer one is
 * refused as a likely mistake rather than closing a calendar for years. */
#define ICS_MAX_EVENT_DAYS 366

/* Reads the all-day VEVENTs of text (one or more VCALENDARs) and sets *dates
 * to a new JSON array (caller owns it) of their dates "YYYY-MM-DD", sorted,
 * each once: every day from DTSTART up to DTEND (or DURATION), exclusive;
 * one day when neither is given. Timed events (DTSTART with a time) and
 * recurring ones (RRULE) are refused, since which days they close is not
 * the file's to say. Returns 0, or -1 with *dates NULL and a 422 in err whose
 * detail gives the reason and the event (its number and SUMMARY). */
int ics_read_holidays(const char *text, json_t **dates, Error *err);

#endif
