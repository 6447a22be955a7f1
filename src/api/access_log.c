#include "api/access_log.h"

#include <stdio.h>

#include "base/log.h"

void access_log_request(const char *method, const char *path, int status, size_t bytes,
			const struct timespec *start)
{
	if (!log_enabled(LOG_LEVEL_INFO))
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long us = (long long)(now.tv_sec - start->tv_sec) * 1000000 +
		       (now.tv_nsec - start->tv_nsec) / 1000;
	char st[8], sz[24], ms[32];
	snprintf(st, sizeof st, "%d", status);
	snprintf(sz, sizeof sz, "%zu", bytes);
	snprintf(ms, sizeof ms, "%lld.%03lld", us / 1000, us % 1000);
	log_info("request", "method", method, "path", path, "status", st, "bytes", sz, "ms", ms);
}
