/* Passwords, locks and sign-in (issue 4). Hashing is slow on purpose (argon2id), so it
 * runs before the transaction that records its outcome, never while holding the write
 * lock. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/user_internal.h"

#define LOGIN_RETRIES 5

static const char wrong_credentials[] =
	"wrong username or password (sai tên đăng nhập hoặc mật khẩu)";

int user_password_hash(const char *password, char out[crypto_pwhash_STRBYTES], struct td_error *err)
{
	if (sodium_init() < 0)
		return td_error_set(err, TD_EINTERNAL, "libsodium cannot start");
	const char *fast = getenv("TD_PWHASH_FAST");
	bool cheap = fast && strcmp(fast, "1") == 0;
	unsigned long long ops =
		cheap ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = cheap ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (crypto_pwhash_str_alg(out, password, strlen(password), ops, mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return td_error_set(err, TD_ENOMEM, "not enough memory to hash the password");
	return TD_OK;
}

static bool password_matches(const struct user_row *r, const char *password)
{
	return crypto_pwhash_str_verify(r->password_hash, password, strlen(password)) == 0;
}

static void actor_of(const struct user_row *r, struct td_actor *a)
{
	memset(a, 0, sizeof *a);
	a->user_id = r->id;
	snprintf(a->username, sizeof a->username, "%s", r->username);
	a->role = r->role;
	a->office_id = r->office_id;
	a->chapter_id = r->chapter_id;
	a->group_id = r->group_id;
}

/* The lock state as audit snapshot: what lock and unlock change. */
static char *lock_snapshot(bool disabled, int64_t locked_until, int64_t failed)
{
	json_t *j = json_pack("{s:b, s:I, s:I}", "disabled", disabled, "locked_until",
			      (json_int_t)locked_until, "failed_attempts", (json_int_t)failed);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return text;
}

static int set_lock_state(struct td_store *s, int64_t id, bool disabled, int64_t locked_until,
			  int64_t failed, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s,
			       "UPDATE app_user SET disabled = ?, locked_until = ?, "
			       "failed_attempts = ? WHERE id = ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, disabled);
	stmt_bind_int64(st, 2, locked_until);
	stmt_bind_int64(st, 3, failed);
	stmt_bind_int64(st, 4, id);
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int audit_lock(struct td_ctx *ctx, const char *action, const struct user_row *before,
		      bool disabled, int64_t locked_until, int64_t failed, struct td_error *err)
{
	char *b = lock_snapshot(before->disabled, before->locked_until, before->failed_attempts);
	char *a = lock_snapshot(disabled, locked_until, failed);
	int rc = b && a ? audit_record(ctx, action, "app_user", before->id, b, a, err)
			: td_error_set(err, TD_ENOMEM, "out of memory writing the audit trail");
	free(b);
	free(a);
	return rc;
}

static int locked_error(const struct user_row *r, int64_t now, struct td_error *err)
{
	if (r->disabled)
		return td_error_set(err, TD_EFORBIDDEN,
				    "user '%s' is locked by an administrator; ask an administrator "
				    "to unlock it (tài khoản bị khóa)",
				    r->username);
	int64_t minutes = (r->locked_until - now + 59) / 60;
	return td_error_set(err, TD_EFORBIDDEN,
			    "user '%s' is locked after %d failed sign-ins; try again in %" PRId64
			    " minute%s or ask an administrator to unlock it (tài khoản tạm khóa)",
			    r->username, USER_MAX_FAILURES, minutes, minutes == 1 ? "" : "s");
}

/* ---- sign-in ---- */

/* Records the outcome of one checked password in one transaction: a session on success,
 * a counted failure (and perhaps the lock-out) otherwise. */
static int login_record(struct td_ctx *ctx, bool ok, int64_t now, struct session_new *session,
			struct td_error *err)
{
	struct user_row r;
	int rc = user_row_load(ctx->store, ctx->actor->user_id, &r, err);
	if (rc != TD_OK)
		return rc;
	/* Other attempts may have locked the account while this password was being checked. */
	if (r.disabled || r.locked_until > now)
		return locked_error(&r, now, err);
	if (ok) {
		rc = set_lock_state(ctx->store, r.id, false, 0, 0, err);
		if (rc == TD_OK)
			rc = session_create(ctx->store, r.id, now, session, err);
		if (rc == TD_OK)
			rc = audit_record(ctx, "login", "app_user", r.id, NULL, NULL, err);
		return rc;
	}
	int64_t failed = r.failed_attempts + 1, locked_until = 0;
	if (failed >= USER_MAX_FAILURES) {
		locked_until = now + USER_LOCKOUT_SECONDS;
		failed = 0; /* after the lock-out, a fresh series of attempts */
	}
	rc = set_lock_state(ctx->store, r.id, false, locked_until, failed, err);
	if (rc == TD_OK)
		rc = audit_lock(ctx, locked_until ? "lockout" : "login_failed", &r, false,
				locked_until, failed, err);
	if (rc != TD_OK)
		return rc;
	if (locked_until)
		return td_error_set(
			err, TD_EUNAUTH,
			"%s; after %d failed sign-ins user '%s' is locked for %d minutes",
			wrong_credentials, USER_MAX_FAILURES, r.username,
			USER_LOCKOUT_SECONDS / 60);
	return td_error_set(err, TD_EUNAUTH, "%s", wrong_credentials);
}

/* One attempt at the transaction; TD_EBUSY asks for another. A refused sign-in still
 * commits: the failure count must survive. */
static int login_tx(struct td_ctx *ctx, bool ok, int64_t now, struct session_new *session,
		    struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	int outcome = login_record(ctx, ok, now, session, err);
	if (outcome != TD_OK && outcome != TD_EUNAUTH) {
		bank_tx_rollback(ctx);
		return outcome;
	}
	struct td_error commit_err = {0};
	rc = bank_tx_commit(ctx, &commit_err);
	if (rc != TD_OK)
		return td_error_set(err, rc, "%s", commit_err.msg);
	return outcome;
}

int user_login(struct td_store *s, const char *username, const char *password, int64_t now,
	       struct session_new *session, struct td_actor *actor, struct td_error *err)
{
	if (sodium_init() < 0)
		return td_error_set(err, TD_EINTERNAL, "libsodium cannot start");
	if (!username || !password || !*username || !*password ||
	    strlen(password) > USER_PASSWORD_MAX)
		return td_error_set(err, TD_EUNAUTH, "%s", wrong_credentials);
	struct user_row r;
	int rc = user_row_load_name(s, username, &r, err);
	if (rc == TD_ENOTFOUND) {
		/* The same work as for a real user, so timing does not tell who exists. */
		char hash[crypto_pwhash_STRBYTES];
		user_password_hash(password, hash, NULL);
		return td_error_set(err, TD_EUNAUTH, "%s", wrong_credentials);
	}
	if (rc != TD_OK)
		return rc;
	if (r.disabled || r.locked_until > now)
		return locked_error(&r, now, err);
	bool ok = password_matches(&r, password);

	struct td_actor who;
	actor_of(&r, &who);
	struct td_ctx ctx = {.store = s, .actor = &who};
	rc = bank_business_date(s, &ctx.business_date, err);
	for (int i = 1; rc == TD_OK; i++) {
		rc = login_tx(&ctx, ok, now, session, err);
		if (rc != TD_EBUSY || i == LOGIN_RETRIES)
			break;
		rc = TD_OK;
	}
	if (rc == TD_OK && actor)
		*actor = who;
	return rc;
}

int user_logout(struct td_ctx *ctx, const char *token, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = session_delete(ctx->store, token, err);
	if (rc == TD_OK && ctx->actor->user_id > 0)
		rc = audit_record(ctx, "logout", "app_user", ctx->actor->user_id, NULL, NULL, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* ---- passwords ---- */

static int write_password(struct td_ctx *ctx, int64_t id, const char *hash, const char *action,
			  const char *keep_token, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(ctx->store, "UPDATE app_user SET password_hash = ? WHERE id = ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, hash);
	stmt_bind_int64(st, 2, id);
	rc = stmt_step(st, err);
	stmt_finalize(st);
	if (rc != TD_DONE)
		return rc;
	rc = session_delete_user(ctx->store, id, keep_token, err);
	if (rc == TD_OK)
		rc = audit_record(ctx, action, "app_user", id, NULL, NULL, err);
	return rc;
}

int user_set_password(struct td_ctx *ctx, int64_t id, const char *password, struct td_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc = user_password_check(password, err);
	if (rc == TD_OK)
		rc = user_password_hash(password, hash, err);
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct user_row r;
	rc = user_row_load(ctx->store, id, &r, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_USER_ADMIN, &(struct td_scope){.office_id = r.office_id},
				  err);
	if (rc == TD_OK)
		rc = write_password(ctx, id, hash, "password_reset", NULL, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int check_new_password(const struct user_row *r, const char *old_password,
			      const char *new_password, struct td_error *err)
{
	if (!old_password || !password_matches(r, old_password))
		return td_error_set(err, TD_EFORBIDDEN,
				    "the current password is wrong (mật khẩu hiện tại không đúng)");
	int rc = user_password_check(new_password, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "new ");
	if (strcmp(old_password, new_password) == 0)
		return td_error_set(
			err, TD_EINVAL,
			"the new password is the current one; choose another (mật khẩu mới)");
	return TD_OK;
}

int user_change_password(struct td_ctx *ctx, const char *old_password, const char *new_password,
			 const char *keep_token, struct td_error *err)
{
	if (ctx->actor->user_id <= 0)
		return td_error_set(err, TD_EINVAL,
				    "'%s' is not a user with a password; use tindung user passwd "
				    "--username NAME",
				    ctx->actor->username);
	struct user_row r;
	char hash[crypto_pwhash_STRBYTES];
	int rc = user_row_load(ctx->store, ctx->actor->user_id, &r, err);
	if (rc == TD_OK)
		rc = check_new_password(&r, old_password, new_password, err);
	if (rc == TD_OK)
		rc = user_password_hash(new_password, hash, err);
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = write_password(ctx, r.id, hash, "password_change", keep_token, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* ---- administrator's lock ---- */

static int lock_apply(struct td_ctx *ctx, int64_t id, bool lock, struct td_error *err)
{
	struct user_row r;
	int rc = user_row_load(ctx->store, id, &r, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_USER_ADMIN, &(struct td_scope){.office_id = r.office_id},
				  err);
	if (rc != TD_OK)
		return rc;
	if (lock && id == ctx->actor->user_id)
		return td_error_set(err, TD_EINVAL,
				    "user '%s' cannot lock itself; another administrator can",
				    r.username);
	rc = set_lock_state(ctx->store, id, lock, 0, 0, err);
	if (rc == TD_OK && lock)
		rc = session_delete_user(ctx->store, id, NULL, err);
	if (rc == TD_OK)
		rc = audit_lock(ctx, lock ? "lock" : "unlock", &r, lock, 0, 0, err);
	return rc;
}

static int lock_tx(struct td_ctx *ctx, int64_t id, bool lock, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = lock_apply(ctx, id, lock, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int user_lock(struct td_ctx *ctx, int64_t id, struct td_error *err)
{
	return lock_tx(ctx, id, true, err);
}

int user_unlock(struct td_ctx *ctx, int64_t id, struct td_error *err)
{
	return lock_tx(ctx, id, false, err);
}
