/* Business-time benchmark: calendar_add_minutes over the UK office calendar
 * (Mon-Fri 08:00-12:30 and 13:15-17:00, England and Wales bank holidays
 * 2025-2028) from a year of pseudo-random start instants, on one core.
 * Baselines in the same run: a gmtime_r+timegm round trip of the same
 * instants, and a naive minute-by-minute walk (calendar_is_open per minute)
 * on a smaller sample. Usage: bench_calendar [COMPUTATIONS] (default 5 000 000). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/calendar.h"

#define BENCH_DAY "[[\"08:00\",\"12:30\"],[\"13:15\",\"17:00\"]]"
static const char bench_calendar_json[] =
    "{\"tz\":\"Europe/London\",\"hours\":{\"mon\":" BENCH_DAY ",\"tue\":" BENCH_DAY ",\"wed\":" BENCH_DAY
    ",\"thu\":" BENCH_DAY ",\"fri\":" BENCH_DAY "},\"holidays\":["
    "\"2025-01-01\",\"2025-04-18\",\"2025-04-21\",\"2025-05-05\",\"2025-05-26\",\"2025-08-25\",\"2025-12-25\","
    "\"2025-12-26\",\"2026-01-01\",\"2026-04-03\",\"2026-04-06\",\"2026-05-04\",\"2026-05-25\",\"2026-08-31\","
    "\"2026-12-25\",\"2026-12-28\",\"2027-01-01\",\"2027-03-26\",\"2027-03-29\",\"2027-05-03\",\"2027-05-31\","
    "\"2027-08-30\",\"2027-12-27\",\"2027-12-28\",\"2028-01-03\",\"2028-04-14\",\"2028-04-17\",\"2028-05-01\","
    "\"2028-05-29\",\"2028-08-28\",\"2028-12-25\",\"2028-12-26\"]}";

#define BENCH_YEAR_START 1767225600 /* 2026-01-01T00:00:00Z */
#define BENCH_WALK_SAMPLE 2000

static double bench_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The minute-by-minute answer the spans replace: step until enough open minutes have passed. */
static time_t bench_walk(const Calendar *cal, time_t t, int64_t minutes) {
  int open = 0;
  Error err = ERROR_INIT;
  while (minutes > 0) {
    if (calendar_is_open(cal, t, &open, &err)) abort();
    if (open) minutes--;
    t += 60;
  }
  return t;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 5000000;
  if (n < BENCH_WALK_SAMPLE) n = BENCH_WALK_SAMPLE;
  json_t *json = json_loads(bench_calendar_json, 0, NULL);
  Calendar *cal = NULL;
  Error err = ERROR_INIT;
  double t0 = bench_seconds();
  if (!json || calendar_parse(json, BENCH_YEAR_START + 183 * 86400, &cal, &err)) {
    fprintf(stderr, "bench_calendar: the calendar does not compile\n");
    return 1;
  }
  double compile = bench_seconds() - t0;
  time_t *starts = malloc(n * sizeof *starts);
  int64_t *sums = malloc(n * sizeof *sums);
  uint64_t seed = 0x9e3779b97f4a7c15u;
  for (long i = 0; i < n; i++) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    starts[i] = BENCH_YEAR_START + (time_t)((seed >> 33) % (365 * 86400));
    sums[i] = 1 + (int64_t)((seed >> 13) % 5000); /* up to some 10 office days */
  }

  uint64_t check = 0;
  t0 = bench_seconds();
  for (long i = 0; i < n; i++) {
    time_t due;
    if (calendar_add_minutes(cal, starts[i], sums[i], &due, &err)) abort();
    check += (uint64_t)due;
  }
  double add = bench_seconds() - t0;

  t0 = bench_seconds();
  for (long i = 0; i < n; i++) {
    struct tm tm;
    gmtime_r(&starts[i], &tm);
    check += (uint64_t)timegm(&tm);
  }
  double round_trip = bench_seconds() - t0;

  t0 = bench_seconds();
  for (long i = 0; i < BENCH_WALK_SAMPLE; i++) {
    time_t due, walked = bench_walk(cal, starts[i] - starts[i] % 60, sums[i]);
    if (calendar_add_minutes(cal, starts[i] - starts[i] % 60, sums[i], &due, &err) || due != walked) {
      fprintf(stderr, "bench_calendar: the walk and the spans disagree at sample %ld\n", i);
      return 1;
    }
  }
  double walk = bench_seconds() - t0;

  double add_rate = n / add, trip_rate = n / round_trip, walk_rate = BENCH_WALK_SAMPLE / walk;
  printf("benchmark: calendar_add_minutes, UK office calendar with bank holidays, %ld starts over 2026, one core\n", n);
  printf("  compile the calendar (%d-year horizon)         %10.2f ms\n", CALENDAR_YEARS_BEFORE + CALENDAR_YEARS_AFTER,
         compile * 1e3);
  printf("  calendar_add_minutes                           %12.0f /s  %7.1f ns each\n", add_rate, 1e9 / add_rate);
  printf("  baseline: gmtime_r + timegm round trip          %12.0f /s  %7.1f ns each\n", trip_rate, 1e9 / trip_rate);
  printf("  baseline: minute-by-minute walk (%d samples)  %12.0f /s  %7.1f us each\n", BENCH_WALK_SAMPLE, walk_rate,
         1e6 / walk_rate);
  printf("  ratio add / round trip: %.2f; add / walk: %.0fx (target >= 1 000 000 adds/s)\n", add_rate / trip_rate,
         add_rate / walk_rate);
  printf("  (checksum %llu)\n", (unsigned long long)check);
  free(starts);
  free(sums);
  calendar_free(cal);
  json_decref(json);
  return add_rate >= 1e6 ? 0 : 1;
}
