/* A small deterministic pseudo-random generator (splitmix64) for generated
 * data such as the demo company: the same seed gives the same sequence on
 * every platform and C library, which rand() does not promise. */
#ifndef FORGEDESK_RNG_H
#define FORGEDESK_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct Rng {
  uint64_t state;
} Rng;

/* Starts a sequence; two generators seeded alike produce the same numbers. */
void rng_seed(Rng *r, uint64_t seed);
/* The next 64 uniformly distributed bits. */
uint64_t rng_next(Rng *r);
/* A uniform number in [0, n); n must be at least 1. */
uint64_t rng_below(Rng *r, uint64_t n);
/* A uniform number in [lo, hi], both included; lo must not exceed hi. */
int64_t rng_range(Rng *r, int64_t lo, int64_t hi);
/* 1 with probability percent/100, else 0. */
int rng_chance(Rng *r, int percent);
/* An index in [0, n) drawn in proportion to weights[0..n); the weights must
 * not all be 0. */
size_t rng_weighted(Rng *r, const int *weights, size_t n);

#endif
