#include "api/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/access_log.h"
#include "api/auth.h"
#include "api/idempotency.h"
#include "api/pool.h"
#include "api/router.h"

#define DEFAULT_MAX_BODY (1024 * 1024)

struct api_server {
	struct MHD_Daemon *daemon;
	struct store_pool *pool;
	int port;
	size_t max_body;
};

/* Per-request state kept by MHD between calls of the access handler. */
struct request_ctx {
	struct timespec start;
	char *body;
	size_t len;
	int too_big;
};

static int listen_socket(const char *host, int port, int *fd_out, int *port_out,
			 struct td_error *err)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
		return td_error_set(err, TD_EINVAL, "'%s' is not an IPv4 address", host);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return td_error_set(err, TD_EIO, "cannot create socket: %s", strerror(errno));
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
		int e = errno;
		close(fd);
		if (e == EADDRINUSE)
			return td_error_set(err, TD_EIO, "port %d on %s is already in use", port, host);
		return td_error_set(err, TD_EIO, "cannot listen on %s:%d: %s", host, port, strerror(e));
	}
	if (listen(fd, 512) != 0) {
		int e = errno;
		close(fd);
		return td_error_set(err, TD_EIO, "cannot listen on %s:%d: %s", host, port, strerror(e));
	}
	socklen_t len = sizeof addr;
	getsockname(fd, (struct sockaddr *)&addr, &len);
	*fd_out = fd;
	*port_out = ntohs(addr.sin_port);
	return TD_OK;
}

static int queue(struct MHD_Connection *conn, struct api_response *res)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		res->body_len, res->body,
		res->body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
	if (!r)
		return MHD_NO;
	if (res->content_type && res->status != 304)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	if (res->cache_control)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, res->cache_control);
	if (res->etag[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, res->etag);
	if (res->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, res->allow);
	for (size_t i = 0; i < sizeof res->set_cookie / sizeof *res->set_cookie; i++)
		if (res->set_cookie[i][0])
			MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, res->set_cookie[i]);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	int ok = MHD_queue_response(conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ok;
}

static int is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Forgets an answer that will not be sent (a problem replaces it). */
static void response_drop(struct api_response *res)
{
	if (!res->body_static)
		free(res->body);
	res->body = NULL;
	res->body_len = 0;
	res->body_static = 0;
	res->etag[0] = '\0';
}

/* Runs the matched handler with a pooled connection; fills res in every case. */
static void dispatch(struct api_server *srv, struct api_request *req, struct api_response *res)
{
	struct td_error err = {0};
	const struct api_route *route = NULL;
	const char *allow = NULL;
	int rc = router_match(req->method, req->path, &route, &allow);
	if (rc == TD_ENOTFOUND) {
		td_error_set(&err, rc, "no route for %s %s", req->method, req->path);
	} else if (rc == TD_EMETHOD) {
		td_error_set(&err, rc, "%s is not allowed on %s (allowed: %s)", req->method,
			     req->path, allow);
		res->allow = allow;
	} else if ((route->needs_store || !api_auth_is_public(req->method, req->path)) &&
		   (rc = pool_acquire(srv->pool, &req->store, &err)) != TD_OK) {
		/* err says why the database could not be reached */
	} else {
		/* Who asks, before any handler runs (api/auth.h): 401 without a session on a
		 * protected route, 403 for a cookie write without its CSRF token. */
		rc = api_auth_request(req, !api_auth_is_public(req->method, req->path), &err);
		bool api = strncmp(req->path, "/api/", 5) == 0;
		if (rc == TD_OK && is_write(req->method) && api)
			rc = api_query_unknown(req, &err); /* a write reads no query parameter */
		if (rc == TD_OK && is_write(req->method))
			rc = idem_run(req, route, res, &err);
		else if (rc == TD_OK)
			rc = route->handler(req, res, &err);
		if (rc == TD_OK && !is_write(req->method) && api &&
		    (rc = api_query_unknown(req, &err)) != TD_OK)
			response_drop(res);
		if (req->store)
			pool_release(srv->pool, req->store, rc == TD_ECONNECT);
		req->store = NULL;
	}
	if (rc != TD_OK) {
		const char *keep_allow = res->allow;
		api_respond_problem(res, &err, req->path);
		res->allow = keep_allow;
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct api_server *srv = cls;
	struct request_ctx *ctx = *con_cls;
	if (!ctx) {
		ctx = calloc(1, sizeof *ctx);
		if (!ctx)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &ctx->start);
		*con_cls = ctx;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (ctx->too_big || ctx->len + n > srv->max_body) {
			ctx->too_big = 1; /* keep reading and discarding; answer 413 at the end */
			return MHD_YES;
		}
		char *grown = realloc(ctx->body, ctx->len + n + 1);
		if (!grown)
			return MHD_NO;
		memcpy(grown + ctx->len, upload_data, n);
		ctx->body = grown;
		ctx->len += n;
		ctx->body[ctx->len] = '\0';
		return MHD_YES;
	}

	struct api_request req = {.method = method, .path = url, .body = ctx->body ? ctx->body : "",
				  .body_len = ctx->len, .conn = conn};
	struct api_response res = {0};
	if (ctx->too_big) {
		struct td_error err;
		td_error_set(&err, TD_ETOOBIG, "request body is larger than %zu bytes", srv->max_body);
		api_respond_problem(&res, &err, url);
	} else {
		dispatch(srv, &req, &res);
	}
	access_log_request(method, url, res.status, res.body_len, &ctx->start);
	return queue(conn, &res) ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct request_ctx *ctx = *con_cls;
	if (ctx) {
		free(ctx->body);
		free(ctx);
		*con_cls = NULL;
	}
}

int api_server_start(const struct api_server_config *cfg, struct api_server **out,
		     struct td_error *err)
{
	unsigned threads = cfg->threads ? cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	struct api_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return td_error_set(err, TD_ENOMEM, "out of memory starting server");
	srv->max_body = cfg->max_body ? cfg->max_body : DEFAULT_MAX_BODY;

	int fd = -1;
	int rc = listen_socket(cfg->host ? cfg->host : "127.0.0.1", cfg->port, &fd, &srv->port, err);
	if (rc == TD_OK)
		rc = pool_create(cfg->db_url, threads * 2, &srv->pool, err);
	if (rc != TD_OK) {
		if (fd >= 0)
			close(fd);
		free(srv);
		return rc;
	}
	srv->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
		MHD_OPTION_END);
	if (!srv->daemon) {
		close(fd);
		pool_destroy(srv->pool);
		free(srv);
		return td_error_set(err, TD_EIO, "cannot start HTTP server on port %d", cfg->port);
	}
	*out = srv;
	return TD_OK;
}

int api_server_port(const struct api_server *s) { return s->port; }

void api_server_stop(struct api_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon); /* closes the listen socket, joins the threads */
	pool_destroy(s->pool);
	free(s);
}
