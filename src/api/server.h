/*
 * The HTTP server: libmicrohttpd with a thread pool over epoll, JSON in and out,
 * problem+json errors, a request size cap, an access-log line per request.
 */
#ifndef TD_API_SERVER_H
#define TD_API_SERVER_H

#include <stddef.h>

#include "base/error.h"

struct api_server_config {
	const char *db_url;
	const char *host;     /* default 127.0.0.1 */
	int port;             /* 0 picks a free port; see api_server_port */
	unsigned threads;     /* default: number of CPUs */
	size_t max_body;      /* bytes; default 1 MiB */
};

struct api_server;

/* Binds, opens the connection pool and starts serving in background threads.
 * A port in use is TD_EIO "port 8080 on 127.0.0.1 is already in use". */
int api_server_start(const struct api_server_config *cfg, struct api_server **out,
		     struct td_error *err);
int api_server_port(const struct api_server *s);
/* Stops accepting, finishes requests in flight, closes the pool. */
void api_server_stop(struct api_server *s);

#endif
