/* Tiny timing helpers for bench/ programs (the only place, with the logger, that reads
 * a clock). Each bench prints lines "name: N ops in S s = R ops/s". */
#ifndef TD_BENCH_H
#define TD_BENCH_H

#include <stdio.h>
#include <time.h>

static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void bench_report(const char *name, long long ops, const char *unit, double secs)
{
	printf("%-34s %12lld %-6s in %7.3f s = %14.0f %s/s\n", name, ops, unit, secs,
	       secs > 0 ? (double)ops / secs : 0.0, unit);
}

#endif
