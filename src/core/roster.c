/* Rosters: a person's presence at an instant from their shifts, absences
 * and the team's calendar; see roster.h. */
#include "core/roster.h"

Presence roster_presence(const RosterSpan *spans, size_t n, const Calendar *calendar, time_t t) {
  int has_shifts = 0, on_shift = 0;
  for (size_t i = 0; i < n; i++) {
    int covers = spans[i].from <= t && t < spans[i].to;
    if (spans[i].absence) {
      if (covers) return PRESENCE_ABSENT;
    } else {
      has_shifts = 1;
      on_shift |= covers;
    }
  }
  if (has_shifts) return on_shift ? PRESENCE_AVAILABLE : PRESENCE_OFF_SHIFT;
  if (!calendar) return PRESENCE_AVAILABLE;
  int open = 0;
  Error err = ERROR_INIT;
  if (calendar_is_open(calendar, t, &open, &err)) open = 0;
  error_clear(&err);
  return open ? PRESENCE_AVAILABLE : PRESENCE_OFF_SHIFT;
}

void roster_slots(const RosterSpan *spans, size_t n, const Calendar *calendar, time_t from, int slot_seconds,
                  size_t nslots, unsigned char *slots) {
  for (size_t i = 0; i < nslots; i++)
    slots[i] = roster_presence(spans, n, calendar, from + (time_t)i * slot_seconds) == PRESENCE_AVAILABLE;
}
