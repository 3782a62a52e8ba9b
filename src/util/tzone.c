/* The libical adapter behind tzone.h: every call into libical's zone code
 * happens here, under one mutex, because that code keeps unguarded caches
 * (the list of built-in zones, each zone's expanded changes). */
#include "util/tzone.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/array.h"

#define TZONE_DAY 86400
/* How far apart the offsets are sampled when a zone is loaded; a change is
 * then found to the second by bisection. No zone changes twice in 6 hours. */
#define TZONE_SAMPLE (6 * 3600)

static pthread_mutex_t tzone_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t tzone_once = PTHREAD_ONCE_INIT;

/* libical keeps every zone it has read for the life of the process; give the
 * memory back at exit so LeakSanitizer sees a clean process. */
static void tzone_release(void) {
  pthread_mutex_lock(&tzone_lock);
  icaltimezone_free_builtin_timezones();
  pthread_mutex_unlock(&tzone_lock);
}

static void tzone_register_release(void) { atexit(tzone_release); }

/* IANA names are letters, digits and "_+-" in "/"-separated parts; anything
 * else (notably "..") never reaches libical, which builds a file path from it. */
static int tzone_name_plausible(const char *name) {
  if (!name || !*name || *name == '/' || strstr(name, "..") || strstr(name, "//")) return 0;
  for (const char *p = name; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("_+-/", *p)))
      return 0;
  return name[strlen(name) - 1] != '/';
}

/* Called with tzone_lock held. */
static icaltimezone *tzone_lookup(const char *name) {
  if (!tzone_name_plausible(name)) return NULL;
  pthread_once(&tzone_once, tzone_register_release);
  return icaltimezone_get_builtin_timezone(name);
}

/* Called with tzone_lock held. */
static int tzone_ical_offset(icaltimezone *zone, int64_t t) {
  struct icaltimetype tt = icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
  int is_daylight = 0;
  return icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &is_daylight);
}

int tzone_known(const char *name) {
  pthread_mutex_lock(&tzone_lock);
  int known = tzone_lookup(name) != NULL;
  pthread_mutex_unlock(&tzone_lock);
  return known;
}

static void tzone_append(Tzone *z, size_t *cap, int64_t at, int offset) {
  z->shifts = array_grow(z->shifts, cap, z->nshifts + 1, sizeof *z->shifts);
  z->shifts[z->nshifts++] = (TzoneShift){at, offset};
}

int tzone_load(const char *name, int64_t from, int64_t to, Tzone **out, Error *err) {
  *out = NULL;
  if (to <= from) return error_set(err, 422, "Invalid time range", "a zone's table needs from < to");
  pthread_mutex_lock(&tzone_lock);
  icaltimezone *zone = tzone_lookup(name);
  if (!zone) {
    pthread_mutex_unlock(&tzone_lock);
    return error_field(err, "tz", "'%s' is not a known IANA time zone", name ? name : "");
  }
  Tzone *z = calloc(1, sizeof *z);
  if (!z || !(z->name = strdup(name))) abort();
  z->from = from, z->to = to;
  size_t cap = 0;
  int prev = tzone_ical_offset(zone, from);
  tzone_append(z, &cap, from, prev);
  for (int64_t lo = from; lo < to; lo += TZONE_SAMPLE) {
    int64_t hi = lo + TZONE_SAMPLE < to ? lo + TZONE_SAMPLE : to - 1;
    int next = tzone_ical_offset(zone, hi);
    if (next == prev) continue;
    int64_t a = lo, b = hi; /* offset(a) == prev, offset(b) == next */
    while (b - a > 1) {
      int64_t mid = a + (b - a) / 2;
      if (tzone_ical_offset(zone, mid) == prev) a = mid;
      else b = mid;
    }
    tzone_append(z, &cap, b, next);
    prev = next;
  }
  pthread_mutex_unlock(&tzone_lock);
  *out = z;
  return 0;
}

int tzone_offset_at(const Tzone *z, int64_t t, int *offset) {
  if (t < z->from || t >= z->to) return -1;
  size_t lo = 0, hi = z->nshifts; /* the last shift with at <= t is in [lo, hi) */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (z->shifts[mid].at <= t) lo = mid;
    else hi = mid;
  }
  *offset = z->shifts[lo].offset;
  return 0;
}

/* Whether reading local with offset gives an instant that really shows that
 * offset, i.e. one of the local time's true occurrences. */
static int tzone_occurs(const Tzone *z, int64_t local, int offset) {
  int actual;
  return tzone_offset_at(z, local - offset, &actual) == 0 && actual == offset;
}

static int64_t tzone_clamp(const Tzone *z, int64_t t) { return t < z->from ? z->from : t >= z->to ? z->to - 1 : t; }

int tzone_utc_of_local(const Tzone *z, int64_t local, int64_t *t) {
  int before, after; /* the offsets in force a day either side */
  tzone_offset_at(z, tzone_clamp(z, local - TZONE_DAY), &before);
  tzone_offset_at(z, tzone_clamp(z, local + TZONE_DAY), &after);
  int first = tzone_occurs(z, local, before), second = tzone_occurs(z, local, after);
  int64_t answer;
  if (first && second) answer = local - (before > after ? before : after); /* the earlier occurrence */
  else if (second) answer = local - after;
  else answer = local - before; /* a true occurrence, or the gap read with the offset before it */
  if (answer < z->from || answer >= z->to) return -1;
  *t = answer;
  return 0;
}

void tzone_free(Tzone *z) {
  if (!z) return;
  free(z->name);
  free(z->shifts);
  free(z);
}
