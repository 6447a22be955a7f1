#include "api/idempotency.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ATTEMPTS 4

static void request_hash(const struct api_request *req, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)req->method, strlen(req->method) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)req->path, strlen(req->path) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)req->body, req->body_len);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static void response_free(struct api_response *res)
{
	if (!res->body_static)
		free(res->body);
	memset(res, 0, sizeof *res);
}

/* TD_OK and res filled when the key was seen with this request; TD_ENOTFOUND when new. */
static int replay(struct api_request *req, const char *hash, struct api_response *res,
		  struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(req->store,
			       "SELECT request_sha256, status, body, method, path FROM idempotency_key "
			       "WHERE user_id = ? AND key = ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, req->actor.user_id);
	stmt_bind_text(st, 2, req->idem_key);
	rc = stmt_step(st, err);
	if (rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	} else if (rc == TD_ROW && strcmp(stmt_column_text(st, 0), hash) != 0) {
		rc = td_error_set(err, TD_EIDEMPOTENCY,
				  "Idempotency-Key '%s' was already used for another request (%s %s)",
				  req->idem_key, stmt_column_text(st, 3), stmt_column_text(st, 4));
	} else if (rc == TD_ROW) {
		res->status = (int)stmt_column_int64(st, 1);
		res->body = strdup(stmt_column_text(st, 2));
		res->body_len = res->body ? strlen(res->body) : 0;
		res->content_type = "application/json; charset=utf-8";
		res->cache_control = "no-store";
		rc = res->body ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
	}
	stmt_finalize(st);
	return rc;
}

static int remember(struct api_request *req, const char *hash, const struct api_response *res,
		    struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(req->store,
			       "INSERT INTO idempotency_key (user_id, key, method, path, "
			       "request_sha256, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, req->actor.user_id);
	stmt_bind_text(st, 2, req->idem_key);
	stmt_bind_text(st, 3, req->method);
	stmt_bind_text(st, 4, req->path);
	stmt_bind_text(st, 5, hash);
	stmt_bind_int64(st, 6, res->status);
	stmt_bind_text(st, 7, res->body_len ? res->body : "");
	stmt_bind_int64(st, 8, (int64_t)time(NULL));
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* One attempt: the handler and the record of its answer in one transaction. */
static int attempt(struct api_request *req, const struct api_route *route, const char *hash,
		   struct api_response *res, struct td_error *err)
{
	int rc = store_begin(req->store, err);
	if (rc != TD_OK)
		return rc;
	rc = replay(req, hash, res, err);
	if (rc != TD_ENOTFOUND) {
		store_rollback(req->store);
		return rc;
	}
	req->in_tx = 1;
	rc = route->handler(req, res, err);
	req->in_tx = 0;
	/* A use case that discards its own work (a dry run) rolls the transaction back:
	 * nothing was booked, so there is nothing to remember, and a replay reruns it. */
	if (rc == TD_OK && !store_in_transaction(req->store))
		return TD_OK;
	if (rc == TD_OK && res->status < 300)
		rc = remember(req, hash, res, err);
	if (rc == TD_OK)
		return store_commit(req->store, err);
	store_rollback(req->store);
	return rc;
}

int idem_run(struct api_request *req, const struct api_route *route, struct api_response *res,
	     struct td_error *err)
{
	char hash[65];
	int keyed = req->idem_key && req->authenticated;
	if (keyed)
		request_hash(req, hash);
	int rc = TD_EBUSY;
	for (int i = 0; i < ATTEMPTS && (rc == TD_EBUSY || rc == TD_EUNIQUE); i++) {
		if (i > 0)
			response_free(res);
		rc = keyed ? attempt(req, route, hash, res, err) : route->handler(req, res, err);
		/* A twin request with the same key may have committed first: the next
		 * attempt replays its answer. Without a key a unique violation is final. */
		if (rc == TD_EUNIQUE && !keyed)
			break;
	}
	return rc;
}
