/* Time zones: the one adapter over libical's zone code (which reads the
 * system's zoneinfo). A zone is loaded once into an immutable table of UTC
 * offsets over a range of instants; every later question is pure arithmetic
 * on that table, so no caller touches libical per computation.
 *
 * Local wall-clock times are given as "local seconds": the seconds since
 * 1970-01-01T00:00 on the zone's clock (timegm of the broken-down local time).
 * Their rule, the one RFC 5545 §3.3.5 gives for iCalendar:
 *   - a local time that does not exist (the spring gap) is read with the
 *     offset in force before the gap: London's 01:30 on 2026-03-29 is 01:30Z,
 *     which the clocks show as 02:30 BST;
 *   - a local time that happens twice (the autumn overlap) is its first
 *     occurrence: London's 01:30 on 2026-10-25 is 00:30Z (01:30 BST). */
#ifndef FORGEDESK_TZONE_H
#define FORGEDESK_TZONE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/error.h"

/* From instant `at` (UTC) on, the zone's clocks are `offset` seconds ahead of UTC. */
typedef struct TzoneShift {
  int64_t at;
  int offset;
} TzoneShift;

/* A loaded zone: its offsets over [from, to). Immutable once loaded, so it
 * may be shared between threads. */
typedef struct Tzone {
  char *name;         /* owned, e.g. "Europe/London" */
  int64_t from, to;   /* the instants the table answers for */
  TzoneShift *shifts; /* owned; shifts[0].at == from, ascending */
  size_t nshifts;
} Tzone;

/* Returns 1 when name is an IANA zone the system knows ("Europe/London",
 * "UTC"), 0 otherwise (also for NULL). */
int tzone_known(const char *name);
/* Loads zone name's offsets for the instants [from, to) into *out, which the
 * caller owns and frees with tzone_free. Returns 0, or -1 with a field error
 * on "tz" when the zone is unknown, or a 422 when the range is empty. */
int tzone_load(const char *name, int64_t from, int64_t to, Tzone **out, Error *err);
/* The UTC offset in seconds in force at instant t into *offset. Returns 0, or
 * -1 when t is outside the table's range. */
int tzone_offset_at(const Tzone *z, int64_t t, int *offset);
/* The UTC instant of local wall-clock time `local` (local seconds, see the
 * top of this file for the gap and overlap rule) into *t. Returns 0, or -1
 * when the answer would fall outside the table's range. */
int tzone_utc_of_local(const Tzone *z, int64_t local, int64_t *t);
/* Frees a loaded zone; NULL is allowed. */
void tzone_free(Tzone *z);

#endif
