/* Rosters (DOMAIN.md §4, docs/TEAM.md): whether a person is at work at an
 * instant, from their shifts and absences and the team's business calendar,
 * and their availability over the next hours in fixed slots.
 *
 * A person with any shift in the roster window the caller loaded works only
 * their shifts; one without works the open hours of the team's calendar (all
 * the time when the team has none). An absence overrides both. */
#ifndef FORGEDESK_ROSTER_H
#define FORGEDESK_ROSTER_H

#include <stddef.h>
#include <time.h>

#include "core/allocation.h"
#include "core/calendar.h"

typedef struct RosterSpan {
  time_t from, to; /* [from, to) */
  int absence;     /* 1 an absence, 0 a shift */
} RosterSpan;

/* Where a person with these spans (in any order) is at t. calendar may be
 * NULL; an instant outside its horizon counts as closed. PRESENCE_INACTIVE is
 * never returned (activity is not the roster's business). */
Presence roster_presence(const RosterSpan *spans, size_t n, const Calendar *calendar, time_t t);
/* Fills slots[0..nslots) with 1 where the person is available at the start
 * of each slot of slot_seconds from `from`, else 0. */
void roster_slots(const RosterSpan *spans, size_t n, const Calendar *calendar, time_t from, int slot_seconds,
                  size_t nslots, unsigned char *slots);

#endif
