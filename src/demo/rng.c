#include "demo/rng.h"

#include <assert.h>

void rng_seed(struct demo_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t rng_next(struct demo_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int64_t rng_range(struct demo_rng *r, int64_t lo, int64_t hi)
{
	assert(lo <= hi);
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

bool rng_chance(struct demo_rng *r, int permille)
{
	return rng_range(r, 0, 999) < permille;
}

size_t rng_weighted(struct demo_rng *r, const int *weights, size_t n)
{
	int64_t total = 0;
	for (size_t k = 0; k < n; k++)
		total += weights[k];
	assert(total > 0);
	int64_t x = rng_range(r, 0, total - 1);
	for (size_t k = 0; k < n; k++) {
		if (x < weights[k])
			return k;
		x -= weights[k];
	}
	return n - 1;
}

struct demo_rng rng_fork(const struct demo_rng *r, uint64_t purpose)
{
	struct demo_rng f = {r->state ^ (purpose * 0xd1342543de82ef95ULL)};
	rng_next(&f);
	return f;
}
