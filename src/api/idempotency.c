#include "api/idempotency.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bank/idempotency.h"

static void response_free(struct api_response *res)
{
	if (!res->body_static)
		free(res->body);
	memset(res, 0, sizeof *res);
}

/* The first answer again, as it was sent. */
static void replay(struct idem_answer *a, struct api_response *res)
{
	res->status = a->status;
	res->body = a->body;
	res->body_len = a->len;
	res->content_type = "application/json; charset=utf-8";
	res->cache_control = "no-store";
	a->body = NULL;
}

/* One attempt: the handler and the record of its answer in one transaction
 * (bank/idempotency.h). */
static int attempt(struct api_request *req, const struct api_route *route,
		   const struct idem_request *ir, struct api_response *res, struct td_error *err)
{
	int rc = store_begin(req->store, err);
	if (rc != TD_OK)
		return rc;
	bool again = false;
	struct idem_answer first = {0};
	rc = idem_begin(req->store, ir, &again, &first, err);
	if (rc != TD_OK || again) {
		store_rollback(req->store);
		if (rc == TD_OK)
			replay(&first, res);
		idem_answer_free(&first);
		return rc;
	}
	req->in_tx = 1;
	rc = route->handler(req, res, err);
	req->in_tx = 0;
	/* A use case that discards its own work (a dry run) rolls the transaction back:
	 * nothing was booked, so there is nothing to remember, and a replay reruns it. */
	if (rc == TD_OK && !store_in_transaction(req->store))
		return TD_OK;
	if (rc == TD_OK && res->status < 300) {
		struct idem_answer a = {.status = res->status, .body = res->body,
					.len = res->body_len};
		rc = idem_remember(req->store, ir, &a, err);
	}
	if (rc == TD_OK)
		return store_commit(req->store, err);
	store_rollback(req->store);
	return rc;
}

int idem_run(struct api_request *req, const struct api_route *route, struct api_response *res,
	     struct td_error *err)
{
	int keyed = req->idem_key && req->authenticated;
	struct idem_request ir = {.user_id = req->actor.user_id,
				  .key = req->idem_key,
				  .method = req->method,
				  .target = req->path,
				  .now = (int64_t)time(NULL)};
	if (keyed)
		idem_request_hash(&ir, req->body, req->body_len);
	int rc = TD_EBUSY;
	for (int i = 0; i < IDEM_ATTEMPTS && idem_retry(rc); i++) {
		if (i > 0)
			response_free(res);
		rc = keyed ? attempt(req, route, &ir, res, err) : route->handler(req, res, err);
		/* A twin request with the same key may have committed first: the next
		 * attempt replays its answer. Without a key a unique violation is final. */
		if (rc == TD_EUNIQUE && !keyed)
			break;
	}
	return rc;
}
