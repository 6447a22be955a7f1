/*
 * Writes run once per Idempotency-Key (R-GL-3). A write that carries the header runs in
 * one transaction together with the record of its answer: the same key with the same
 * request (method, path, body) replays the first answer and books nothing new; the same
 * key with another request is 409. Only successful answers are kept, so a request that
 * failed may be retried with its key.
 *
 * Every write, with or without a key, is retried a few times when the database reports
 * a serialization conflict (TD_EBUSY): transactions are serializable on both stores and
 * the loser must run again.
 */
#ifndef TD_API_IDEMPOTENCY_H
#define TD_API_IDEMPOTENCY_H

#include "api/router.h"

int idem_run(struct api_request *req, const struct api_route *route, struct api_response *res,
	     struct td_error *err);

#endif
