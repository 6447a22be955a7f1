/*
 * Users (issue 4, R-ORG-4): who may sign in, with which role, inside which office subtree
 * (and chapter for a union officer, group for a group leader).
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str, OPSLIMIT/MEMLIMIT
 * INTERACTIVE). TD_PWHASH_FAST=1 in the environment lowers the cost to the minimum: for
 * tests only, never in production (docs/access.md).
 *
 * Sign-in: after USER_MAX_FAILURES consecutive wrong passwords the account locks for
 * USER_LOCKOUT_SECONDS; a successful sign-in resets the count; an administrator's unlock
 * lifts both kinds of lock. Times are unix seconds passed in by the caller ("now").
 *
 * Every write is one transaction with an audit record (entity "app_user"); snapshots never
 * contain the password hash.
 */
#ifndef TD_BANK_USER_H
#define TD_BANK_USER_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "bank/session.h"

#define USER_MAX_FAILURES 5
#define USER_LOCKOUT_SECONDS (15 * 60)
#define USER_PASSWORD_MIN 10  /* characters (UTF-8 code points) */
#define USER_PASSWORD_MAX 256 /* bytes */

/* A new user, or the new state of one (user_update ignores password and username). */
struct user_input {
	const char *username;	 /* 3-32 of [a-z0-9._-] */
	const char *full_name;	 /* 1-100 characters */
	const char *role;	 /* role_name(): "admin", "credit_officer", ... */
	int64_t office_id;	 /* the root of its subtree; or 0 and office_code */
	const char *office_code; /* "HSC", "PGD01" */
	int64_t chapter_id;	 /* required for union_officer, 0 otherwise */
	int64_t group_id;	 /* required for group_leader, 0 otherwise */
	const char *password;	 /* at least USER_PASSWORD_MIN characters */
};

/* Creates a user. ACT_USER_ADMIN on the new user's office. TD_EINVAL naming every bad
 * field, TD_EUNIQUE if the username is taken. */
int user_add(struct td_ctx *ctx, const struct user_input *in, int64_t *id_out,
	     struct td_error *err);

/* Changes full name, role, office, chapter, group. ACT_USER_ADMIN on the old and the new
 * office. Kills the user's sessions when its role or scope changes. */
int user_update(struct td_ctx *ctx, int64_t id, const struct user_input *in, struct td_error *err);

/* Administrator's reset: sets a new password and ends every session of the user. */
int user_set_password(struct td_ctx *ctx, int64_t id, const char *password, struct td_error *err);

/* The signed-in user changes its own password: the old one must be right; every other
 * session of the user ends (keep_token: the session to keep, may be NULL). */
int user_change_password(struct td_ctx *ctx, const char *old_password, const char *new_password,
			 const char *keep_token, struct td_error *err);

/* Administrator's lock (until unlocked; ends every session) and unlock (also lifts the
 * lock-out and resets the failure count). Nobody locks itself. */
int user_lock(struct td_ctx *ctx, int64_t id, struct td_error *err);
int user_unlock(struct td_ctx *ctx, int64_t id, struct td_error *err);

/* Signs in: checks the password and the locks, counts failures, and opens a session.
 * TD_EUNAUTH "wrong username or password" (the same for an unknown user),
 * TD_EFORBIDDEN when the account is locked (by lock-out: until when; or by an
 * administrator). actor (may be NULL) receives who signed in. */
int user_login(struct td_store *s, const char *username, const char *password, int64_t now,
	       struct session_new *session, struct td_actor *actor, struct td_error *err);

/* Logout: ends the session of token (and records it in the audit trail). */
int user_logout(struct td_ctx *ctx, const char *token, struct td_error *err);

/* Id of a username; TD_ENOTFOUND naming it. */
int user_id_by_name(struct td_store *s, const char *username, int64_t *id, struct td_error *err);

/* {"id", "username", "full_name", "role", "office_id", "office_code", "chapter_id",
 * "group_id", "disabled", "locked_until", "failed_attempts"}. Reading another user needs
 * ACT_USER_ADMIN or ACT_AUDIT_READ on its office; one's own record needs nothing. */
int user_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

struct user_filter {
	const char *role;  /* exact role name */
	int64_t office_id; /* users whose office is inside this one's subtree */
	const char *q;	   /* part of the username or the full name */
	int limit;	   /* default 50, at most 500 */
	int offset;
};

/* {"items":[user...], "total", "limit", "offset"}: the users of the actor's subtree,
 * ordered by username. Needs ACT_USER_ADMIN or ACT_AUDIT_READ. */
int user_list(struct td_ctx *ctx, const struct user_filter *f, json_t **out, struct td_error *err);

/* The password rules alone (length), for forms that check before sending. */
int user_password_check(const char *password, struct td_error *err);

#endif
