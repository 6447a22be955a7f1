/*
 * What a route handler sees and returns. Handlers are plain functions:
 *   int handler(struct api_request *req, struct api_response *res, struct td_error *err);
 * They return TD_OK after filling res, or an error code with err filled, which the server
 * turns into an application/problem+json answer (RFC 9457).
 */
#ifndef TD_API_HTTP_H
#define TD_API_HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "bank/ctx.h"
#include "base/error.h"
#include "store/store.h"

struct MHD_Connection;

struct api_request {
	const char *method;
	const char *path;
	const char *body; /* NUL-terminated; "" when there is none */
	size_t body_len;
	struct MHD_Connection *conn;
	struct td_store *store; /* borrowed from the pool for this request; may be NULL */
	int authenticated;      /* a valid session was presented */
	struct td_actor actor;  /* who acts, when authenticated */
	const char *idem_key;   /* Idempotency-Key header of a write, or NULL */
	int in_tx;              /* a transaction is open around the handler (idempotency.c) */
	const char *asked[24];  /* the query parameters the handler read (api_query) */
	int n_asked;
};

struct api_response {
	int status;
	const char *content_type;
	char *body;              /* malloc'd unless body_static */
	size_t body_len;
	int body_static;         /* body points at embedded data: do not free */
	const char *cache_control;
	char etag[24];           /* "" when none */
	const char *allow;       /* for 405 */
	char set_cookie[2][192]; /* Set-Cookie headers, "" when unused (api/auth.c) */
};

/* Sets res to a JSON answer (takes the reference of j). */
int api_respond_json(struct api_response *res, int status, json_t *j, struct td_error *err);
/* Sets res to a problem+json answer for err; detail is err->msg. */
void api_respond_problem(struct api_response *res, const struct td_error *err, const char *instance);
/* The use-case context for this request: its store, actor, idempotency key and the
 * business date read from the database. */
int api_ctx(struct api_request *req, struct td_ctx *ctx, struct td_error *err);
/* Value of a query parameter, or NULL. Remembers that the handler asked for it. */
const char *api_query(struct api_request *req, const char *name);
/* TD_EINVAL naming a query parameter the handler did not ask for: a reader's typo
 * ("vilage_id") would otherwise give an unfiltered answer unseen. Writes read none, so
 * every parameter of a write is refused (server.c calls it before a write, after a read). */
int api_query_unknown(struct api_request *req, struct td_error *err);

#endif
