/* QA spot-check sampling; see qa_sampling.h. */
#include "core/qa_sampling.h"

#include <stdlib.h>

#include "core/rng.h"

uint64_t qa_sample_seed(uint64_t rule_seed, int64_t person_id, const char *monday) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a over the week, then mixed with the rest */
  for (const char *p = monday; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
  Rng r;
  rng_seed(&r, h ^ (rule_seed * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)person_id << 1));
  return rng_next(&r);
}

long long qa_week_monday(long long days) {
  /* 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0. */
  long long weekday = ((days % 7) + 7 + 3) % 7;
  return days - weekday;
}

size_t qa_sample_pick(size_t n, size_t k, uint64_t seed, size_t *out) {
  size_t take = k < n ? k : n;
  if (take == 0) return 0;
  size_t *order = malloc(n * sizeof *order);
  if (!order) abort();
  for (size_t i = 0; i < n; i++) order[i] = i;
  Rng r;
  rng_seed(&r, seed);
  for (size_t i = 0; i < take; i++) {
    size_t j = i + (size_t)rng_below(&r, n - i);
    size_t t = order[i];
    order[i] = order[j];
    order[j] = t;
    out[i] = order[i];
  }
  free(order);
  return take;
}
