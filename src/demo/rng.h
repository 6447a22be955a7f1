/*
 * The demo's own random numbers: splitmix64, small, fixed and the same on every machine,
 * so that a seed always builds the same district. Never the clock.
 */
#ifndef TD_DEMO_RNG_H
#define TD_DEMO_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct demo_rng {
	uint64_t state;
};

void rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t rng_next(struct demo_rng *r);
/* Uniform in [lo, hi] (lo <= hi); the modulo bias is below 2^-40 for our ranges. */
int64_t rng_range(struct demo_rng *r, int64_t lo, int64_t hi);
/* True with probability permille / 1000. */
bool rng_chance(struct demo_rng *r, int permille);
/* An index drawn by weights (n > 0, at least one weight > 0). */
size_t rng_weighted(struct demo_rng *r, const int *weights, size_t n);
/* An independent stream for one purpose, so that adding draws to one part of the demo
 * does not shift every other part. */
struct demo_rng rng_fork(const struct demo_rng *r, uint64_t purpose);

#endif
