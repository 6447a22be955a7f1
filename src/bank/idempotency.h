/*
 * Writes run once per idempotency key (R-GL-3): the one mechanism behind the API's
 * Idempotency-Key header (api/idempotency.c) and the command line's --key (cli/keyed.c).
 *
 * A keyed write runs in one transaction together with the record of its answer (table
 * idempotency_key, migration 0005). Inside the caller's transaction, idem_begin looks the
 * (user, key) up:
 *  - new: the caller does the work in the same transaction and, when it succeeded,
 *    idem_remember keeps the request's hash and the answer; then the caller commits;
 *  - the same request seen before: *replay, with the first answer; the caller books
 *    nothing and answers it again;
 *  - another request: TD_EIDEMPOTENCY naming the key and the first request.
 * A key belongs to a user: the same key from another user is another key. Only successful
 * answers are kept: a failed write rolls back with its key, which stays free for a retry.
 *
 * Twins: two requests with one key may both find it new; the one that commits second gets
 * TD_EUNIQUE (the primary key) or TD_EBUSY (a serialization conflict). idem_retry(rc) says
 * so: the caller rolls back and runs the whole transaction again, and this time idem_begin
 * replays the winner's answer.
 */
#ifndef TD_BANK_IDEMPOTENCY_H
#define TD_BANK_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "store/store.h"

/* The longest key the API takes (bytes, docs/api.md); the command line takes 128. */
#define IDEM_KEY_MAX 255
/* How often a caller runs a keyed transaction before giving up on twins and conflicts. */
#define IDEM_ATTEMPTS 4

/* What is asked, and by whom. */
struct idem_request {
	int64_t user_id;    /* 0: the command line's system actor */
	const char *key;    /* checked by idem_key_check */
	const char *method; /* "POST", "PATCH"... or "tindung" for the command line */
	const char *target; /* the path, or the command in canonical form ("loan repay ...") */
	char sha256[65];    /* of method, target and body: idem_request_hash */
	int64_t now;        /* unix seconds, kept as created_at: bank code reads no clock */
};

/* The answer a replay gives again. */
struct idem_answer {
	int status; /* the HTTP status; 0 on the command line */
	char *body; /* NUL-terminated, owned: idem_answer_free */
	size_t len;
};

/* A key of 1..max bytes of valid UTF-8 without control characters (C0, DEL, C1).
 * TD_EINVAL naming the problem and where it is. */
int idem_key_check(const char *key, size_t max, struct td_error *err);

/* Fills r->sha256 from r->method, r->target and the body (len bytes, may be 0). */
void idem_request_hash(struct idem_request *r, const void *body, size_t len);

/* Inside the caller's open transaction. TD_OK: *replay false when the key is new, true
 * with *answer filled (free it) when this request was answered before; TD_EIDEMPOTENCY when
 * the key was used for another request. */
int idem_begin(struct td_store *s, const struct idem_request *r, bool *replay,
	       struct idem_answer *answer, struct td_error *err);

/* Inside the same transaction, after the work succeeded: keeps r and its answer. */
int idem_remember(struct td_store *s, const struct idem_request *r, const struct idem_answer *a,
		  struct td_error *err);

/* Whether a keyed transaction that failed with rc should run again (twins, conflicts). */
bool idem_retry(int rc);

void idem_answer_free(struct idem_answer *a);

#endif
