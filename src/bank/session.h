/*
 * Sessions of signed-in users (issue 4). A session token is 32 random bytes
 * (randombytes_buf), hex-encoded, handed to the client once; the database keeps only its
 * SHA-256, so a copy of user_session signs nobody in. Each session has its own CSRF token
 * for the browser's double-submit check. A session expires after SESSION_IDLE_SECONDS
 * without use.
 *
 * Times are unix seconds passed in by the caller ("now"): bank code never reads the clock.
 * These functions run their own statements; call them outside a transaction or inside one
 * that the caller commits.
 */
#ifndef TD_BANK_SESSION_H
#define TD_BANK_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "bank/ctx.h"

#define SESSION_IDLE_SECONDS (8 * 3600)
#define SESSION_TOKEN_HEX 65 /* 64 hex digits + NUL; also the size of a CSRF token */

struct session_new {
	char token[SESSION_TOKEN_HEX]; /* give to the client; never stored */
	char csrf[SESSION_TOKEN_HEX];
	int64_t expires_at;
};

/* SHA-256 of a token as 64 hex digits: the form stored in user_session. */
void session_token_hash(const char *token, char out[SESSION_TOKEN_HEX]);

/* A new session for user_id, expiring SESSION_IDLE_SECONDS after now. Also removes the
 * sessions that have expired by now. */
int session_create(struct td_store *s, int64_t user_id, int64_t now, struct session_new *out,
		   struct td_error *err);

/* The actor of a live session and its CSRF token (csrf may be NULL), sliding its expiry
 * forward. TD_EUNAUTH when the token is malformed, unknown, expired, or its user is
 * disabled by an administrator ("session expired: sign in again"). */
int session_resolve(struct td_store *s, const char *token, int64_t now, struct td_actor *actor,
		    char csrf[SESSION_TOKEN_HEX], struct td_error *err);

/* Logout: deletes the session of token; TD_OK even if it was already gone. */
int session_delete(struct td_store *s, const char *token, struct td_error *err);

/* Deletes every session of user_id except the one whose token is keep (NULL: all). */
int session_delete_user(struct td_store *s, int64_t user_id, const char *keep,
			struct td_error *err);

/* Loads the actor of a user id (for sessions and for `--user` on the command line).
 * TD_ENOTFOUND when there is no such user. */
int session_actor_load(struct td_store *s, int64_t user_id, struct td_actor *out, bool *disabled,
		       struct td_error *err);

#endif
