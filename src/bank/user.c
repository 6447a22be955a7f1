/* Managing users: add, update, read, list (R-ORG-4). Passwords, locks and sign-in live in
 * user_auth.c. */
#include "bank/user.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/user_internal.h"

/* Every problem of one input, joined with "; " so that a form shows them all at once. */
struct problems {
	int count;
	char msg[TD_ERROR_MSG_MAX];
};

static void problem(struct problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct problems *p, const char *fmt, ...)
{
	size_t len = strlen(p->msg);
	if (p->count++ && len + 2 < sizeof p->msg) {
		memcpy(p->msg + len, "; ", 3);
		len += 2;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg + len, sizeof p->msg - len, fmt, ap);
	va_end(ap);
}

static const char user_columns[] =
	"SELECT u.id, u.username, u.full_name, u.role, u.office_id, o.code, u.chapter_id, "
	"u.group_id, u.disabled, u.locked_until, u.failed_attempts, u.password_hash "
	"FROM app_user u JOIN office o ON o.id = u.office_id ";

static void row_from_stmt(struct td_stmt *st, struct user_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = stmt_column_int64(st, 0);
	snprintf(r->username, sizeof r->username, "%s", stmt_column_text(st, 1));
	snprintf(r->full_name, sizeof r->full_name, "%s", stmt_column_text(st, 2));
	int rc = role_parse(stmt_column_text(st, 3), &r->role, NULL);
	assert(rc == TD_OK && "app_user.role has a CHECK constraint");
	(void)rc;
	r->office_id = stmt_column_int64(st, 4);
	snprintf(r->office_code, sizeof r->office_code, "%s", stmt_column_text(st, 5));
	r->chapter_id = stmt_column_int64(st, 6);
	r->group_id = stmt_column_int64(st, 7);
	r->disabled = stmt_column_int64(st, 8) != 0;
	r->locked_until = stmt_column_int64(st, 9);
	r->failed_attempts = stmt_column_int64(st, 10);
	snprintf(r->password_hash, sizeof r->password_hash, "%s", stmt_column_text(st, 11));
}

static int row_load(struct td_store *s, const char *where, int64_t id, const char *name,
		    struct user_row *r, struct td_error *err)
{
	char sql[sizeof user_columns + 64];
	snprintf(sql, sizeof sql, "%s%s", user_columns, where);
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	if (name)
		stmt_bind_text(st, 1, name);
	else
		stmt_bind_int64(st, 1, id);
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		row_from_stmt(st, r);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = name ? td_error_set(err, TD_ENOTFOUND, "user '%s' does not exist", name)
			  : td_error_set(err, TD_ENOTFOUND, "user #%" PRId64 " does not exist", id);
	}
	stmt_finalize(st);
	return rc;
}

int user_row_load(struct td_store *s, int64_t id, struct user_row *r, struct td_error *err)
{
	return row_load(s, "WHERE u.id = ?", id, NULL, r, err);
}

int user_row_load_name(struct td_store *s, const char *username, struct user_row *r,
		       struct td_error *err)
{
	return row_load(s, "WHERE u.username = ?", 0, username ? username : "", r, err);
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *user_row_json(const struct user_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:o, s:b, s:I, s:I}", "id",
			 (json_int_t)r->id, "username", r->username, "full_name", r->full_name,
			 "role", role_name(r->role), "office_id", (json_int_t)r->office_id,
			 "office_code", r->office_code, "chapter_id", id_or_null(r->chapter_id),
			 "group_id", id_or_null(r->group_id), "disabled", r->disabled,
			 "locked_until", (json_int_t)r->locked_until, "failed_attempts",
			 (json_int_t)r->failed_attempts);
}

char *user_row_snapshot(const struct user_row *r)
{
	/* Only what an administrator decides: the lock-out counters change on every sign-in
	 * and would make each snapshot differ without a decision behind it. */
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:b}", "id", (json_int_t)r->id,
			      "username", r->username, "full_name", r->full_name, "role",
			      role_name(r->role), "office_id", (json_int_t)r->office_id,
			      "chapter_id", id_or_null(r->chapter_id), "group_id",
			      id_or_null(r->group_id), "disabled", r->disabled);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return text;
}

int user_id_by_name(struct td_store *s, const char *username, int64_t *id, struct td_error *err)
{
	struct user_row r;
	int rc = user_row_load_name(s, username, &r, err);
	if (rc == TD_OK)
		*id = r.id;
	return rc;
}

int user_access_read(struct td_ctx *ctx, int64_t office_id, struct td_error *err)
{
	/* Auditors read users too; anyone else is refused as not being a user administrator. */
	struct td_scope scope = {.office_id = office_id};
	enum td_role role = ctx->actor->role;
	bool auditor = access_role_allows(role, ACT_AUDIT_READ) &&
		       !access_role_allows(role, ACT_USER_ADMIN);
	return access_check(ctx, auditor ? ACT_AUDIT_READ : ACT_USER_ADMIN, &scope, err);
}

/* ---- validation ---- */

/* Bytes of the UTF-8 sequence that starts with lead, 0 if lead cannot start one. */
static int utf8_seq_len(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if ((lead >> 5) == 6)
		return 2;
	if ((lead >> 4) == 14)
		return 3;
	return (lead >> 3) == 30 ? 4 : 0;
}

static size_t utf8_chars(const char *s, bool *valid)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	*valid = true;
	while (*p) {
		int len = utf8_seq_len(*p);
		if (len == 0 || (len == 1 && *p < 0x20)) {
			*valid = false;
			return n;
		}
		for (int i = 1; i < len; i++)
			if ((p[i] & 0xC0) != 0x80) {
				*valid = false;
				return n;
			}
		p += len;
		n++;
	}
	return n;
}

static void check_username(const char *u, struct problems *p)
{
	size_t len = u ? strlen(u) : 0;
	if (len < 3 || len > 32)
		problem(p, "username '%.40s' has %zu characters, needs 3-32 (tên đăng nhập)",
			u ? u : "", len);
	else if (strspn(u, "abcdefghijklmnopqrstuvwxyz0123456789._-") != len)
		problem(p, "username '%s' may use only a-z, 0-9, '.', '_' and '-' (tên đăng nhập)",
			u);
}

static void check_full_name(const char *name, struct problems *p)
{
	bool valid = true;
	size_t n = name ? utf8_chars(name, &valid) : 0;
	if (!valid)
		problem(p,
			"full name is not valid UTF-8 text or holds control characters (họ tên)");
	else if (n == 0)
		problem(p, "full name is required (họ tên)");
	else if (n > 100)
		problem(p, "full name has %zu characters, at most 100 (họ tên)", n);
}

int user_password_check(const char *password, struct td_error *err)
{
	bool valid = true;
	size_t bytes = password ? strlen(password) : 0;
	size_t n = password ? utf8_chars(password, &valid) : 0;
	if (!valid)
		return td_error_set(err, TD_EINVAL,
				    "password is not valid UTF-8 text or holds "
				    "control characters (mật khẩu)");
	if (n < USER_PASSWORD_MIN)
		return td_error_set(err, TD_EINVAL,
				    "password has %zu characters, needs at least %d (mật khẩu)", n,
				    USER_PASSWORD_MIN);
	if (bytes > USER_PASSWORD_MAX)
		return td_error_set(err, TD_EINVAL, "password is longer than %d bytes (mật khẩu)",
				    USER_PASSWORD_MAX);
	return TD_OK;
}

/* The office of the input: by id or by code; 0 (with a problem) when there is none. */
static int64_t resolve_office(struct td_store *s, const struct user_input *in, struct problems *p,
			      struct td_error *err, int *rc)
{
	struct td_stmt *st = NULL;
	bool by_code = in->office_id == 0;
	if (by_code && !in->office_code) {
		problem(p, "office is required (đơn vị)");
		return 0;
	}
	*rc = store_prepare(s,
			    by_code ? "SELECT id FROM office WHERE code = ?"
				    : "SELECT id FROM office WHERE id = ?",
			    &st, err);
	if (*rc != TD_OK)
		return 0;
	if (by_code)
		stmt_bind_text(st, 1, in->office_code);
	else
		stmt_bind_int64(st, 1, in->office_id);
	int64_t id = 0;
	int step = stmt_step(st, err);
	if (step == TD_ROW)
		id = stmt_column_int64(st, 0);
	else if (step != TD_DONE)
		*rc = step;
	stmt_finalize(st);
	if (step == TD_DONE) {
		if (by_code)
			problem(p, "office '%s' does not exist (đơn vị)", in->office_code);
		else
			problem(p, "office #%" PRId64 " does not exist (đơn vị)", in->office_id);
	}
	return id;
}

/* A chapter or group must exist and belong inside the user's office subtree. */
static int check_member_of(struct td_ctx *ctx, const char *table, const char *what, int64_t id,
			   int64_t office_id, struct problems *p, struct td_error *err)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT office_id FROM %s WHERE id = ?", table);
	struct td_stmt *st = NULL;
	int rc = store_prepare(ctx->store, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, id);
	int64_t its_office = 0;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		its_office = stmt_column_int64(st, 0);
	stmt_finalize(st);
	if (rc == TD_DONE) {
		problem(p, "%s #%" PRId64 " does not exist", what, id);
		return TD_OK;
	}
	if (rc != TD_ROW)
		return rc;
	bool inside = false;
	rc = access_office_in_subtree(ctx->store, office_id, its_office, ctx->business_date,
				      &inside, err);
	if (rc == TD_OK && !inside)
		problem(p,
			"%s #%" PRId64 " belongs to office #%" PRId64
			", outside the user's office subtree",
			what, id, its_office);
	return rc;
}

static int check_role_scope(struct td_ctx *ctx, const struct user_input *in, enum td_role role,
			    int64_t office_id, struct problems *p, struct td_error *err)
{
	int rc = TD_OK;
	if (role == ROLE_UNION_OFFICER && in->chapter_id <= 0)
		problem(p, "a union_officer needs its chapter (chapter_id, chi hội)");
	if (role != ROLE_UNION_OFFICER && in->chapter_id != 0)
		problem(p, "only a union_officer has a chapter; %s has none", role_name(role));
	if (role == ROLE_GROUP_LEADER && in->group_id <= 0)
		problem(p, "a group_leader needs its group (group_id, tổ TK&VV)");
	if (role != ROLE_GROUP_LEADER && in->group_id != 0)
		problem(p, "only a group_leader has a group; %s has none", role_name(role));
	if (office_id == 0)
		return TD_OK;
	if (role == ROLE_UNION_OFFICER && in->chapter_id > 0)
		rc = check_member_of(ctx, "org_chapter", "chapter", in->chapter_id, office_id, p,
				     err);
	if (rc == TD_OK && role == ROLE_GROUP_LEADER && in->group_id > 0)
		rc = check_member_of(ctx, "savings_group", "group", in->group_id, office_id, p,
				     err);
	return rc;
}

/* Checks everything of a user's state except username and password. The actor must be
 * allowed to manage users of the new office; *office_id receives it. */
static int validate_state(struct td_ctx *ctx, const struct user_input *in, struct problems *p,
			  enum td_role *role, int64_t *office_id, struct td_error *err)
{
	int rc = TD_OK;
	*office_id = resolve_office(ctx->store, in, p, err, &rc);
	if (rc != TD_OK)
		return rc;
	/* Permission before the details, so that someone without the right learns nothing. */
	struct td_scope scope = {.office_id = *office_id ? *office_id : ctx->actor->office_id};
	rc = access_check(ctx, ACT_USER_ADMIN, &scope, err);
	if (rc != TD_OK)
		return rc;
	check_full_name(in->full_name, p);
	struct td_error e = {0};
	if (role_parse(in->role, role, &e) != TD_OK) {
		problem(p, "%s", e.msg);
		return TD_OK;
	}
	return check_role_scope(ctx, in, *role, *office_id, p, err);
}

static int finish(struct problems *p, struct td_error *err)
{
	return p->count ? td_error_set(err, TD_EINVAL, "%s", p->msg) : TD_OK;
}

/* ---- writes ---- */

static int audit_user(struct td_ctx *ctx, const char *action, const struct user_row *before,
		      const struct user_row *after, struct td_error *err)
{
	char *b = before ? user_row_snapshot(before) : NULL;
	char *a = after ? user_row_snapshot(after) : NULL;
	int rc = ((before && !b) || (after && !a))
			 ? td_error_set(err, TD_ENOMEM, "out of memory writing the audit trail")
			 : audit_record(ctx, action, "app_user", after ? after->id : before->id, b,
					a, err);
	free(b);
	free(a);
	return rc;
}

static int insert_user(struct td_ctx *ctx, const struct user_input *in, enum td_role role,
		       int64_t office_id, const char *hash, int64_t *id, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(ctx->store,
			       "INSERT INTO app_user (username, full_name, role, office_id, "
			       "chapter_id, group_id, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?) "
			       "RETURNING id",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, in->username);
	stmt_bind_text(st, 2, in->full_name);
	stmt_bind_text(st, 3, role_name(role));
	stmt_bind_int64(st, 4, office_id);
	if (in->chapter_id)
		stmt_bind_int64(st, 5, in->chapter_id);
	if (in->group_id)
		stmt_bind_int64(st, 6, in->group_id);
	stmt_bind_text(st, 7, hash);
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*id = stmt_column_int64(st, 0);
		rc = TD_OK;
	} else if (rc == TD_EUNIQUE) {
		td_error_set(err, TD_EUNIQUE,
			     "username '%s' is already taken (tên đăng nhập đã có)", in->username);
	}
	stmt_finalize(st);
	return rc;
}

int user_add(struct td_ctx *ctx, const struct user_input *in, int64_t *id_out, struct td_error *err)
{
	struct problems p = {0};
	enum td_role role = ROLE_COUNT;
	int64_t office_id = 0, id = 0;
	/* argon2id takes a moment: hash before the transaction takes the write lock. */
	char hash[crypto_pwhash_STRBYTES] = "";
	struct td_error pw_err = {0};
	if (user_password_check(in->password, &pw_err) == TD_OK &&
	    user_password_hash(in->password, hash, &pw_err) != TD_OK)
		return td_error_set(err, pw_err.code, "%s", pw_err.msg);
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = validate_state(ctx, in, &p, &role, &office_id, err);
	if (rc == TD_OK) {
		check_username(in->username, &p);
		if (!hash[0])
			problem(&p, "%s", pw_err.msg);
		rc = finish(&p, err);
	}
	if (rc == TD_OK)
		rc = insert_user(ctx, in, role, office_id, hash, &id, err);
	struct user_row after;
	if (rc == TD_OK)
		rc = user_row_load(ctx->store, id, &after, err);
	if (rc == TD_OK)
		rc = audit_user(ctx, "create", NULL, &after, err);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	sodium_memzero(hash, sizeof hash);
	if (rc == TD_OK && id_out)
		*id_out = id;
	return rc;
}

static int update_row(struct td_ctx *ctx, int64_t id, const struct user_input *in,
		      enum td_role role, int64_t office_id, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(ctx->store,
			       "UPDATE app_user SET full_name = ?, role = ?, office_id = ?, "
			       "chapter_id = ?, group_id = ? WHERE id = ?",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, in->full_name);
	stmt_bind_text(st, 2, role_name(role));
	stmt_bind_int64(st, 3, office_id);
	if (in->chapter_id)
		stmt_bind_int64(st, 4, in->chapter_id);
	if (in->group_id)
		stmt_bind_int64(st, 5, in->group_id);
	stmt_bind_int64(st, 6, id);
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int update_apply(struct td_ctx *ctx, int64_t id, const struct user_input *in,
			struct user_row *before, struct td_error *err)
{
	struct td_scope old_scope = {.office_id = before->office_id};
	int rc = access_check(ctx, ACT_USER_ADMIN, &old_scope, err);
	struct problems p = {0};
	enum td_role role = ROLE_COUNT;
	int64_t office_id = 0;
	if (rc == TD_OK)
		rc = validate_state(ctx, in, &p, &role, &office_id, err);
	if (rc == TD_OK)
		rc = finish(&p, err);
	if (rc == TD_OK)
		rc = update_row(ctx, id, in, role, office_id, err);
	struct user_row after;
	if (rc == TD_OK)
		rc = user_row_load(ctx->store, id, &after, err);
	/* A user whose rights changed signs in again, so no session keeps the old ones. */
	if (rc == TD_OK &&
	    (after.role != before->role || after.office_id != before->office_id ||
	     after.chapter_id != before->chapter_id || after.group_id != before->group_id))
		rc = session_delete_user(ctx->store, id, NULL, err);
	if (rc == TD_OK)
		rc = audit_user(ctx, "update", before, &after, err);
	return rc;
}

int user_update(struct td_ctx *ctx, int64_t id, const struct user_input *in, struct td_error *err)
{
	struct user_row before;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = user_row_load(ctx->store, id, &before, err);
	if (rc == TD_OK)
		rc = update_apply(ctx, id, in, &before, err);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	return rc;
}

/* ---- reads ---- */

int user_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	*out = NULL;
	struct user_row r;
	int rc = user_row_load(ctx->store, id, &r, err);
	if (rc == TD_OK && id != ctx->actor->user_id)
		rc = user_access_read(ctx, r.office_id, err);
	if (rc != TD_OK)
		return rc;
	*out = user_row_json(&r);
	return *out ? TD_OK
		    : td_error_set(err, TD_ENOMEM, "out of memory reading user #%" PRId64, id);
}

/* '%', '_' and '\' in a search text are meant literally. */
static void like_pattern(const char *q, char *out, size_t size)
{
	size_t n = 0;
	out[n++] = '%';
	for (; *q && n + 3 < size; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[n++] = '\\';
		out[n++] = (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a') : *q;
	}
	out[n++] = '%';
	out[n] = '\0';
}

struct user_query {
	char where[256];
	const char *text[3];
	int ntext;
	char like[160];
	char date[TD_DATE_FMT_MAX];
	int64_t root;
};

static int user_query_prepare(struct td_ctx *ctx, const struct user_query *q, const char *head,
			      const char *tail, struct td_stmt **st, struct td_error *err)
{
	char sql[1536];
	snprintf(sql, sizeof sql, "%s%s%s%s", ACCESS_SUBTREE_CTE, head, q->where, tail);
	int rc = store_prepare(ctx->store, sql, st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(*st, 1, q->root);
	stmt_bind_text(*st, 2, q->date);
	stmt_bind_text(*st, 3, q->date);
	for (int i = 0; i < q->ntext; i++)
		stmt_bind_text(*st, 4 + i, q->text[i]);
	return TD_OK;
}

static int user_query_build(struct td_ctx *ctx, const struct user_filter *f, struct user_query *q,
			    struct td_error *err)
{
	enum td_role role;
	if (f->role && role_parse(f->role, &role, err) != TD_OK)
		return td_error_prefix(err, "filter role: ");
	q->root = f->office_id ? f->office_id : ctx->actor->office_id;
	int rc = user_access_read(ctx, q->root, err);
	if (rc != TD_OK)
		return rc;
	date_format_iso(ctx->business_date, q->date, sizeof q->date);
	snprintf(q->where, sizeof q->where, "WHERE u.office_id IN (SELECT id FROM subtree)");
	if (f->role) {
		strcat(q->where, " AND u.role = ?");
		q->text[q->ntext++] = f->role;
	}
	if (f->q && *f->q) {
		like_pattern(f->q, q->like, sizeof q->like);
		strcat(q->where, " AND (lower(u.username) LIKE ? ESCAPE '\\' OR lower(u.full_name) "
				 "LIKE ? ESCAPE '\\')");
		q->text[q->ntext++] = q->like;
		q->text[q->ntext++] = q->like;
	}
	return TD_OK;
}

static int user_count(struct td_ctx *ctx, const struct user_query *q, int64_t *total,
		      struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = user_query_prepare(ctx, q, "SELECT count(*) FROM app_user u ", "", &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		*total = stmt_column_int64(st, 0);
	stmt_finalize(st);
	return rc == TD_ROW ? TD_OK : rc;
}

static int user_items(struct td_ctx *ctx, const struct user_query *q, int limit, int offset,
		      json_t *items, struct td_error *err)
{
	char tail[96];
	snprintf(tail, sizeof tail, " ORDER BY u.username LIMIT %d OFFSET %d", limit, offset);
	struct td_stmt *st = NULL;
	int rc = user_query_prepare(ctx, q, user_columns, tail, &st, err);
	if (rc != TD_OK)
		return rc;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		struct user_row r;
		row_from_stmt(st, &r);
		if (json_array_append_new(items, user_row_json(&r)) != 0) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory listing users");
			break;
		}
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int user_list(struct td_ctx *ctx, const struct user_filter *f, json_t **out, struct td_error *err)
{
	static const struct user_filter none = {0};
	f = f ? f : &none;
	*out = NULL;
	int limit = f->limit ? f->limit : 50;
	struct user_query q = {0};
	int rc = user_query_build(ctx, f, &q, err);
	if (rc != TD_OK)
		return rc;
	if (limit < 1 || limit > 500 || f->offset < 0)
		return td_error_set(err, TD_EINVAL,
				    "limit must be 1..500 and offset >= 0 (got %d, %d)", f->limit,
				    f->offset);
	int64_t total = 0;
	json_t *items = json_array();
	rc = items ? user_count(ctx, &q, &total, err)
		   : td_error_set(err, TD_ENOMEM, "out of memory listing users");
	if (rc == TD_OK)
		rc = user_items(ctx, &q, limit, f->offset, items, err);
	if (rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total", (json_int_t)total,
			 "limit", limit, "offset", f->offset);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory listing users");
}
