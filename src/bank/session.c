#include "bank/session.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Sliding the expiry is a write; doing it at most once a minute keeps reads cheap. */
#define SESSION_TOUCH_SECONDS 60

void session_token_hash(const char *token, char out[SESSION_TOKEN_HEX])
{
	unsigned char bin[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(bin, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, SESSION_TOKEN_HEX, bin, sizeof bin);
}

static const char *hash_of(const char *token, char out[SESSION_TOKEN_HEX])
{
	session_token_hash(token, out);
	return out;
}

static void random_hex(char out[SESSION_TOKEN_HEX])
{
	unsigned char bin[32];
	randombytes_buf(bin, sizeof bin);
	sodium_bin2hex(out, SESSION_TOKEN_HEX, bin, sizeof bin);
	sodium_memzero(bin, sizeof bin);
}

static bool token_well_formed(const char *t)
{
	if (!t || strlen(t) != SESSION_TOKEN_HEX - 1)
		return false;
	return strspn(t, "0123456789abcdef") == SESSION_TOKEN_HEX - 1;
}

static int exec_done(struct td_stmt *st, struct td_error *err)
{
	int rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int session_create(struct td_store *s, int64_t user_id, int64_t now, struct session_new *out,
		   struct td_error *err)
{
	assert(user_id > 0);
	if (sodium_init() < 0)
		return td_error_set(err, TD_EINTERNAL, "libsodium cannot start");
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "DELETE FROM user_session WHERE expires_at <= ?", &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, now);
	if ((rc = exec_done(st, err)) != TD_OK)
		return rc;

	char hash[SESSION_TOKEN_HEX];
	random_hex(out->token);
	random_hex(out->csrf);
	session_token_hash(out->token, hash);
	out->expires_at = now + SESSION_IDLE_SECONDS;
	rc = store_prepare(s,
			   "INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, "
			   "expires_at) VALUES (?, ?, ?, ?, ?)",
			   &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, hash);
	stmt_bind_int64(st, 2, user_id);
	stmt_bind_text(st, 3, out->csrf);
	stmt_bind_int64(st, 4, now);
	stmt_bind_int64(st, 5, out->expires_at);
	return exec_done(st, err);
}

int session_actor_load(struct td_store *s, int64_t user_id, struct td_actor *out, bool *disabled,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s,
			       "SELECT username, role, office_id, chapter_id, group_id, disabled "
			       "FROM app_user WHERE id = ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, user_id);
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		memset(out, 0, sizeof *out);
		out->user_id = user_id;
		snprintf(out->username, sizeof out->username, "%s", stmt_column_text(st, 0));
		rc = role_parse(stmt_column_text(st, 1), &out->role, err);
		out->office_id = stmt_column_int64(st, 2);
		out->chapter_id = stmt_column_int64(st, 3);
		out->group_id = stmt_column_int64(st, 4);
		if (disabled)
			*disabled = stmt_column_int64(st, 5) != 0;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "user #%lld does not exist",
				  (long long)user_id);
	}
	stmt_finalize(st);
	return rc;
}

/* Reads the session row: user, CSRF token, expiry. */
static int session_find(struct td_store *s, const char *hash, int64_t *user_id,
			char csrf[SESSION_TOKEN_HEX], int64_t *expires_at, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s,
			       "SELECT user_id, csrf_token, expires_at FROM user_session "
			       "WHERE token_hash = ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, hash);
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*user_id = stmt_column_int64(st, 0);
		snprintf(csrf, SESSION_TOKEN_HEX, "%s", stmt_column_text(st, 1));
		*expires_at = stmt_column_int64(st, 2);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EUNAUTH,
				  "no such session: sign in again (đăng nhập lại)");
	}
	stmt_finalize(st);
	return rc;
}

static int session_touch(struct td_store *s, const char *hash, int64_t now, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "UPDATE user_session SET expires_at = ? WHERE token_hash = ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, now + SESSION_IDLE_SECONDS);
	stmt_bind_text(st, 2, hash);
	return exec_done(st, err);
}

int session_resolve(struct td_store *s, const char *token, int64_t now, struct td_actor *actor,
		    char csrf[SESSION_TOKEN_HEX], struct td_error *err)
{
	if (!token_well_formed(token))
		return td_error_set(err, TD_EUNAUTH,
				    "session token is malformed: sign in again (đăng nhập lại)");
	char hash[SESSION_TOKEN_HEX], stored_csrf[SESSION_TOKEN_HEX];
	int64_t user_id = 0, expires_at = 0;
	int rc = session_find(s, hash_of(token, hash), &user_id, stored_csrf, &expires_at, err);
	if (rc != TD_OK)
		return rc;
	if (expires_at <= now)
		return td_error_set(err, TD_EUNAUTH,
				    "session expired after %d hours idle: sign in again "
				    "(phiên đã hết hạn, đăng nhập lại)",
				    SESSION_IDLE_SECONDS / 3600);
	bool disabled = false;
	rc = session_actor_load(s, user_id, actor, &disabled, err);
	if (rc == TD_ENOTFOUND)
		return td_error_set(err, TD_EUNAUTH, "the session's user no longer exists");
	if (rc != TD_OK)
		return rc;
	if (disabled)
		return td_error_set(err, TD_EUNAUTH,
				    "user '%s' is locked by an administrator (tài khoản bị khóa)",
				    actor->username);
	if (expires_at - now < SESSION_IDLE_SECONDS - SESSION_TOUCH_SECONDS &&
	    (rc = session_touch(s, hash, now, err)) != TD_OK)
		return rc;
	if (csrf)
		memcpy(csrf, stored_csrf, SESSION_TOKEN_HEX);
	return TD_OK;
}

int session_delete(struct td_store *s, const char *token, struct td_error *err)
{
	if (!token_well_formed(token))
		return TD_OK;
	char hash[SESSION_TOKEN_HEX];
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "DELETE FROM user_session WHERE token_hash = ?", &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, hash_of(token, hash));
	return exec_done(st, err);
}

int session_delete_user(struct td_store *s, int64_t user_id, const char *keep, struct td_error *err)
{
	char hash[SESSION_TOKEN_HEX] = "";
	if (keep)
		session_token_hash(keep, hash);
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "DELETE FROM user_session WHERE user_id = ? AND token_hash <> ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, user_id);
	stmt_bind_text(st, 2, hash);
	return exec_done(st, err);
}
