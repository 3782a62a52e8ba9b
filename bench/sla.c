/* SLA clock benchmark, on one core: sla_clocks_compute over 100 000 synthetic
 * open cases with realistic histories (replies, customer messages, waits on
 * the customer, priority changes, complaints), then the scheduler's pass: the
 * cases held in a binary heap ordered by their next check, each pass taking
 * the ones due at `now`, recomputing them and putting them back. Baseline in
 * the same run: a pass that scans every case and computes all its clocks.
 * Usage: bench_sla [CASES] (default 100 000). Exits non-zero when a pass of
 * the heap takes 50 ms or more. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/sla.h"

#define BENCH_DAY "[[\"08:30\",\"17:30\"]]"
static const char bench_policy_json[] =
    "{\"name\":\"Bench\",\"calendar\":{\"tz\":\"Europe/London\",\"hours\":{\"mon\":" BENCH_DAY ",\"tue\":" BENCH_DAY
    ",\"wed\":" BENCH_DAY ",\"thu\":" BENCH_DAY ",\"fri\":" BENCH_DAY "},"
    "\"holidays\":[\"2026-08-31\",\"2026-12-25\",\"2026-12-28\",\"2027-01-01\"]},"
    "\"targets\":{\"1\":{\"first_response\":30,\"next_update\":120,\"resolution\":480},"
    "\"2\":{\"first_response\":60,\"next_update\":240,\"resolution\":1440},"
    "\"3\":{\"first_response\":240,\"next_update\":480,\"resolution\":4800},"
    "\"4\":{\"first_response\":480,\"resolution\":9600}},"
    "\"warn_at\":[75,90],\"acknowledgement\":120,\"review_on\":\"2027-06-30\"}";

#define BENCH_NOW 1789381800 /* 2026-09-14T10:30:00Z, a Monday */
#define BENCH_PASSES 240     /* one pass a minute for four hours */
#define BENCH_EVENTS_MAX 8

typedef struct BenchEntry {
  time_t at;
  uint32_t index;
} BenchEntry;

typedef struct BenchHeap {
  BenchEntry *items;
  size_t n;
} BenchHeap;

static double bench_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t bench_random(uint64_t *seed) {
  *seed = *seed * 6364136223846793005u + 1442695040888963407u;
  return *seed >> 33;
}

static void bench_heap_push(BenchHeap *h, BenchEntry e) {
  size_t i = h->n++;
  while (i > 0 && h->items[(i - 1) / 2].at > e.at) {
    h->items[i] = h->items[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h->items[i] = e;
}

static BenchEntry bench_heap_pop(BenchHeap *h) {
  BenchEntry top = h->items[0], last = h->items[--h->n];
  size_t i = 0;
  for (;;) {
    size_t child = 2 * i + 1;
    if (child >= h->n) break;
    if (child + 1 < h->n && h->items[child + 1].at < h->items[child].at) child++;
    if (h->items[child].at >= last.at) break;
    h->items[i] = h->items[child];
    i = child;
  }
  if (h->n) h->items[i] = last;
  return top;
}

/* A history opened up to ten days before BENCH_NOW: a first reply, then
 * customer messages and updates, sometimes a wait on the customer, now and
 * then a priority change. */
static void bench_make_case(uint64_t *seed, SlaCase *c, SlaEvent *events) {
  c->priority = 1 + (int)(bench_random(seed) % 4);
  c->opened_at = BENCH_NOW - (time_t)(bench_random(seed) % (10 * 86400));
  c->is_complaint = bench_random(seed) % 10 == 0;
  c->events = events;
  size_t n = 0, wanted = bench_random(seed) % BENCH_EVENTS_MAX;
  time_t t = c->opened_at;
  int waiting = 0;
  while (n < wanted) {
    t += (time_t)(bench_random(seed) % ((BENCH_NOW - t) / 2 + 1));
    switch (bench_random(seed) % 6) {
    case 0: events[n++] = (SlaEvent){SLA_EVENT_REPLY, t, 0}; break;
    case 1: events[n++] = (SlaEvent){SLA_EVENT_CUSTOMER_MESSAGE, t, 0}; break;
    case 2: events[n++] = (SlaEvent){SLA_EVENT_STATUS, t, waiting ? CASE_OPEN : CASE_WAITING_ON_CUSTOMER}; waiting = !waiting; break;
    case 3: events[n++] = (SlaEvent){SLA_EVENT_PRIORITY, t, 1 + (int)(bench_random(seed) % 4)}; break;
    case 4: events[n++] = (SlaEvent){c->is_complaint ? SLA_EVENT_ACKNOWLEDGED : SLA_EVENT_REPLY, t, 0}; break;
    default: events[n++] = (SlaEvent){SLA_EVENT_STATUS, t, CASE_OPEN}; waiting = 0; break;
    }
  }
  c->nevents = n;
}

static int bench_compute(const SlaPolicy *policy, const SlaCase *c, time_t now, SlaClocks *clocks) {
  Error err = ERROR_INIT;
  if (sla_clocks_compute(policy, c, now, clocks, &err) == 0) return 0;
  fprintf(stderr, "bench_sla: compute failed: %s\n", err.detail ? err.detail : "field error");
  error_clear(&err);
  return -1;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  if (n < 1) n = 1;
  json_t *json = json_loads(bench_policy_json, 0, NULL);
  SlaPolicy *policy = NULL;
  Error err = ERROR_INIT;
  if (!json || sla_policy_parse(json, BENCH_NOW, &policy, &err)) {
    fprintf(stderr, "bench_sla: the policy does not parse\n");
    return 1;
  }
  SlaCase *cases = malloc(n * sizeof *cases);
  SlaEvent *events = malloc(n * BENCH_EVENTS_MAX * sizeof *events);
  BenchHeap heap = {malloc(n * sizeof *heap.items), 0};
  uint64_t seed = 0x2545f4914f6cdd1du;
  size_t total_events = 0;
  for (long i = 0; i < n; i++) {
    bench_make_case(&seed, &cases[i], events + i * BENCH_EVENTS_MAX);
    total_events += cases[i].nevents;
  }

  /* Every clock of every case, as a full scan does. */
  SlaClocks clocks;
  uint64_t check = 0;
  double t0 = bench_seconds();
  for (long i = 0; i < n; i++) {
    if (bench_compute(policy, &cases[i], BENCH_NOW, &clocks)) return 1;
    check += (uint64_t)clocks.clock[SLA_RESOLUTION].used;
    time_t at;
    if (sla_clocks_next_check(&clocks, &at)) bench_heap_push(&heap, (BenchEntry){at, (uint32_t)i});
  }
  double compute_all = bench_seconds() - t0;
  size_t indexed = heap.n;

  /* The scheduler: one pass a minute, taking only what is due. */
  double pass_total = 0, pass_max = 0;
  int pass_max_at = 0;
  size_t pass_max_taken = 0;
  size_t taken = 0;
  for (int p = 1; p <= BENCH_PASSES; p++) {
    time_t now = BENCH_NOW + 60 * p;
    size_t taken_before = taken;
    t0 = bench_seconds();
    while (heap.n && heap.items[0].at <= now) {
      BenchEntry e = bench_heap_pop(&heap);
      if (bench_compute(policy, &cases[e.index], now, &clocks)) return 1;
      check += (uint64_t)clocks.clock[SLA_FIRST_RESPONSE].warning;
      taken++;
      time_t at;
      if (sla_clocks_next_check(&clocks, &at)) bench_heap_push(&heap, (BenchEntry){at, e.index});
    }
    double pass = bench_seconds() - t0;
    if (pass > pass_max) pass_max_taken = taken - taken_before;
    pass_total += pass;
    if (pass > pass_max) pass_max = pass, pass_max_at = p;
  }
  double pass_mean = pass_total / BENCH_PASSES;

  /* Baseline: one pass that scans every case and computes all its clocks. */
  t0 = bench_seconds();
  size_t due = 0;
  for (long i = 0; i < n; i++) {
    if (bench_compute(policy, &cases[i], BENCH_NOW + 60 * (BENCH_PASSES + 1), &clocks)) return 1;
    due += clocks.clock[SLA_FIRST_RESPONSE].state == SLA_BREACHED;
  }
  double scan = bench_seconds() - t0;

  printf("benchmark: SLA clocks, %ld open cases (%zu events, up to %d each), office calendar, one core\n", n,
         total_events, BENCH_EVENTS_MAX - 1);
  printf("  compute every clock of every case      %9.2f ms  %7.0f ns a case\n", compute_all * 1e3, compute_all * 1e9 / n);
  printf("  cases with a next check in the heap    %9zu\n", indexed);
  printf("  scheduler pass (heap), %d passes       %9.3f ms mean, %.3f ms max (pass %d, %zu cases), %zu cases taken in all\n",
         BENCH_PASSES, pass_mean * 1e3, pass_max * 1e3, pass_max_at, pass_max_taken, taken);
  printf("  baseline: full scan, every clock        %9.2f ms a pass\n", scan * 1e3);
  printf("  ratio scan / heap pass: %.0fx (target: a pass under 50 ms)\n", scan / (pass_mean > 0 ? pass_mean : 1e-9));
  printf("  (checksum %llu, %zu breached)\n", (unsigned long long)check, due);
  free(cases);
  free(events);
  free(heap.items);
  sla_policy_free(policy);
  json_decref(json);
  return pass_max < 0.050 ? 0 : 1;
}
