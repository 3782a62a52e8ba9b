/* splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", 2014): a tiny generator with good statistical quality whose
 * output depends on nothing but its seed. See rng.h. */
#include "core/rng.h"

#include <assert.h>

void rng_seed(Rng *r, uint64_t seed) { r->state = seed; }

uint64_t rng_next(Rng *r) {
  uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t rng_below(Rng *r, uint64_t n) {
  assert(n > 0);
  /* Rejecting the top partial block keeps every value equally likely. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = rng_next(r);
  while (x >= limit);
  return x % n;
}

int64_t rng_range(Rng *r, int64_t lo, int64_t hi) {
  assert(lo <= hi);
  return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

int rng_chance(Rng *r, int percent) { return (int)rng_below(r, 100) < percent; }

size_t rng_weighted(Rng *r, const int *weights, size_t n) {
  uint64_t total = 0;
  for (size_t i = 0; i < n; i++) total += (uint64_t)weights[i];
  assert(total > 0);
  uint64_t x = rng_below(r, total);
  for (size_t i = 0; i < n; i++) {
    if (x < (uint64_t)weights[i]) return i;
    x -= (uint64_t)weights[i];
  }
  return n - 1;
}
