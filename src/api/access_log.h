/* One logfmt line per HTTP request: method, path, status, bytes, milliseconds. */
#ifndef TD_API_ACCESS_LOG_H
#define TD_API_ACCESS_LOG_H

#include <stddef.h>
#include <time.h>

void access_log_request(const char *method, const char *path, int status, size_t bytes,
			const struct timespec *start);

#endif
