/* Sign-in, sign-out, one's own account, users and the audit trail (issue 4). Thin
 * handlers: parse, call the bank, answer JSON; permission is decided in bank/access.c. */
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/auth.h"
#include "bank/audit.h"
#include "bank/user.h"

/* ---- small parsers ---- */

static int body_object(struct api_request *req, json_t **out, struct td_error *err)
{
	json_error_t je;
	*out = json_loadb(req->body, req->body_len, 0, &je);
	if (!*out)
		return td_error_set(err, TD_EINVAL,
				    "request body is not valid JSON: line %d, column %d: %s",
				    je.line, je.column, je.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return td_error_set(err, TD_EINVAL, "request body must be a JSON object");
	}
	return TD_OK;
}

/* A text field: NULL when absent or null; TD_EINVAL when of another type. */
static int field_text(json_t *o, const char *key, const char **out, struct td_error *err)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return TD_OK;
	if (!json_is_string(v))
		return td_error_set(err, TD_EINVAL, "field '%s' must be a string", key);
	*out = json_string_value(v);
	return TD_OK;
}

/* An integer field: *present tells whether it was there (null counts as 0). */
static int field_int(json_t *o, const char *key, int64_t *out, bool *present, struct td_error *err)
{
	json_t *v = json_object_get(o, key);
	if (present)
		*present = v != NULL;
	if (!v || json_is_null(v))
		return TD_OK;
	if (!json_is_integer(v))
		return td_error_set(err, TD_EINVAL, "field '%s' must be an integer", key);
	*out = json_integer_value(v);
	return TD_OK;
}

/* The {id} that ends path, after prefix ("/api/v1/users/"). */
static int path_id(const char *path, const char *prefix, int64_t *id, struct td_error *err)
{
	const char *s = path + strlen(prefix);
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v <= 0)
		return td_error_set(err, TD_EINVAL, "'%s' in %s is not an id (a positive number)",
				    s, path);
	*id = v;
	return TD_OK;
}

/* A query parameter as a whole number in [min, max]; *out unchanged when absent. */
static int query_int(struct api_request *req, const char *name, long long min, long long max,
		     int64_t *out, struct td_error *err)
{
	const char *s = api_query(req, name);
	if (!s)
		return TD_OK;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v < min || v > max)
		return td_error_set(
			err, TD_EINVAL,
			"query parameter %s='%s' must be a whole number from %lld to %lld", name, s,
			min, max);
	*out = v;
	return TD_OK;
}

static int paging(struct api_request *req, int *limit, int *offset, struct td_error *err)
{
	int64_t l = 50, o = 0;
	int rc = query_int(req, "limit", 1, 500, &l, err);
	if (rc == TD_OK)
		rc = query_int(req, "offset", 0, INT32_MAX, &o, err);
	*limit = (int)l;
	*offset = (int)o;
	return rc;
}

static void respond_empty(struct api_response *res, int status)
{
	res->status = status;
	res->body = NULL;
	res->body_len = 0;
	res->body_static = 1;
	res->cache_control = "no-store";
}

/* ---- sign-in and sign-out ---- */

static int login_answer(struct api_request *req, struct api_response *res,
			const struct td_actor *who, const struct session_new *s,
			struct td_error *err)
{
	struct td_ctx ctx = {.store = req->store, .actor = who};
	json_t *user = NULL;
	int rc = bank_business_date(req->store, &ctx.business_date, err);
	if (rc == TD_OK)
		rc = user_get(&ctx, who->user_id, &user, err);
	if (rc != TD_OK)
		return rc;
	json_t *j = json_pack("{s:o, s:s, s:I}", "user", user, "csrf_token", s->csrf, "expires_at",
			      (json_int_t)s->expires_at);
	api_auth_cookies_set(res, s);
	return api_respond_json(res, 200, j, err);
}

/* POST /api/v1/login {"username", "password"}: the user and the CSRF token; the session
 * comes back as the td_session cookie (HttpOnly) and the CSRF token also as td_csrf. */
int route_login(struct api_request *req, struct api_response *res, struct td_error *err)
{
	json_t *body = NULL;
	const char *username = NULL, *password = NULL;
	int rc = body_object(req, &body, err);
	if (rc == TD_OK)
		rc = field_text(body, "username", &username, err);
	if (rc == TD_OK)
		rc = field_text(body, "password", &password, err);
	struct session_new s;
	struct td_actor who;
	if (rc == TD_OK)
		rc = user_login(req->store, username, password, (int64_t)time(NULL), &s, &who, err);
	json_decref(body); /* after the last use of username and password */
	if (rc == TD_OK)
		rc = login_answer(req, res, &who, &s, err);
	sodium_memzero(&s, sizeof s);
	return rc;
}

/* POST /api/v1/logout: ends the session (if any) and clears the cookies: 204. */
int route_logout(struct api_request *req, struct api_response *res, struct td_error *err)
{
	if (req->authenticated) {
		struct td_ctx ctx;
		int rc = api_ctx(req, &ctx, err);
		if (rc == TD_OK)
			rc = user_logout(&ctx, api_auth_token(req), err);
		if (rc != TD_OK)
			return rc;
	}
	respond_empty(res, 204);
	api_auth_cookies_clear(res);
	return TD_OK;
}

/* ---- one's own account ---- */

int route_me(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = user_get(&ctx, ctx.actor->user_id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* POST /api/v1/me/password {"old_password", "new_password"}: 204; other sessions end. */
int route_me_password(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	const char *old_pw = NULL, *new_pw = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = body_object(req, &body, err);
	if (rc == TD_OK)
		rc = field_text(body, "old_password", &old_pw, err);
	if (rc == TD_OK)
		rc = field_text(body, "new_password", &new_pw, err);
	if (rc == TD_OK)
		rc = user_change_password(&ctx, old_pw, new_pw, api_auth_token(req), err);
	json_decref(body);
	if (rc == TD_OK)
		respond_empty(res, 204);
	return rc;
}

/* ---- users ---- */

int route_users_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct user_filter f = {.role = api_query(req, "role"), .q = api_query(req, "q")};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = query_int(req, "office_id", 1, INT64_MAX, &f.office_id, err);
	if (rc == TD_OK)
		rc = paging(req, &f.limit, &f.offset, err);
	if (rc == TD_OK)
		rc = user_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* The fields of a user in a request body; absent ones keep the values of current. */
static int user_fields(json_t *body, json_t *current, struct user_input *in, struct td_error *err)
{
	bool has_office = false;
	int rc = field_text(body, "username", &in->username, err);
	if (rc == TD_OK)
		rc = field_text(body, "full_name", &in->full_name, err);
	if (rc == TD_OK)
		rc = field_text(body, "role", &in->role, err);
	if (rc == TD_OK)
		rc = field_text(body, "office_code", &in->office_code, err);
	if (rc == TD_OK)
		rc = field_int(body, "office_id", &in->office_id, &has_office, err);
	if (rc == TD_OK)
		rc = field_int(body, "chapter_id", &in->chapter_id, NULL, err);
	if (rc == TD_OK)
		rc = field_int(body, "group_id", &in->group_id, NULL, err);
	if (rc == TD_OK)
		rc = field_text(body, "password", &in->password, err);
	if (rc != TD_OK || !current)
		return rc;
	if (!in->full_name)
		in->full_name = json_string_value(json_object_get(current, "full_name"));
	if (!in->role)
		in->role = json_string_value(json_object_get(current, "role"));
	if (!has_office && !in->office_code)
		in->office_id = json_integer_value(json_object_get(current, "office_id"));
	if (!json_object_get(body, "chapter_id"))
		in->chapter_id = json_integer_value(json_object_get(current, "chapter_id"));
	if (!json_object_get(body, "group_id"))
		in->group_id = json_integer_value(json_object_get(current, "group_id"));
	return TD_OK;
}

/* POST /api/v1/users: 201 with the new user. */
int route_users_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL, *j = NULL;
	struct user_input in = {0};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = body_object(req, &body, err);
	if (rc == TD_OK)
		rc = user_fields(body, NULL, &in, err);
	if (rc == TD_OK)
		rc = user_add(&ctx, &in, &id, err);
	json_decref(body);
	if (rc == TD_OK)
		rc = user_get(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 201, j, err) : rc;
}

int route_users_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = path_id(req->path, "/api/v1/users/", &id, err);
	if (rc == TD_OK)
		rc = user_get(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* The optional parts of an update: a new password, and "disabled" to lock or unlock. */
static int update_extras(struct td_ctx *ctx, int64_t id, json_t *body, const struct user_input *in,
			 struct td_error *err)
{
	json_t *disabled = json_object_get(body, "disabled");
	if (disabled && !json_is_boolean(disabled))
		return td_error_set(err, TD_EINVAL, "field 'disabled' must be true or false");
	int rc = TD_OK;
	if (in->password)
		rc = user_set_password(ctx, id, in->password, err);
	if (rc == TD_OK && disabled)
		rc = json_is_true(disabled) ? user_lock(ctx, id, err) : user_unlock(ctx, id, err);
	return rc;
}

/* PUT /api/v1/users/{id}: any of full_name, role, office_id/office_code, chapter_id,
 * group_id, password (administrator's reset), disabled (lock/unlock); all or nothing. */
static int users_update(struct td_ctx *ctx, int64_t id, json_t *body, struct td_error *err)
{
	json_t *current = NULL;
	struct user_input in = {0};
	int rc = user_get(ctx, id, &current, err);
	if (rc == TD_OK)
		rc = user_fields(body, current, &in, err);
	if (rc == TD_OK && in.username &&
	    strcmp(in.username, json_string_value(json_object_get(current, "username"))) != 0)
		rc = td_error_set(err, TD_EINVAL, "a username cannot change; create a new user");
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc == TD_OK) {
		rc = user_update(ctx, id, &in, err);
		if (rc == TD_OK)
			rc = update_extras(ctx, id, body, &in, err);
		if (rc == TD_OK)
			rc = bank_tx_commit(ctx, err);
		else if (ctx->tx_depth > 0)
			bank_tx_rollback(ctx);
	}
	json_decref(current);
	return rc;
}

int route_users_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	json_t *body = NULL, *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = path_id(req->path, "/api/v1/users/", &id, err);
	if (rc == TD_OK)
		rc = body_object(req, &body, err);
	if (rc == TD_OK)
		rc = users_update(&ctx, id, body, err);
	json_decref(body);
	if (rc == TD_OK)
		rc = user_get(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* ---- audit trail ---- */

/* GET /api/v1/audit?entity=&entity_id=&user=&action=&from=&to=&limit=&offset= */
int route_audit_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct audit_filter f = {.entity = api_query(req, "entity"),
				 .username = api_query(req, "user"),
				 .action = api_query(req, "action"),
				 .from = api_query(req, "from"),
				 .to = api_query(req, "to")};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = query_int(req, "entity_id", 1, INT64_MAX, &f.entity_id, err);
	if (rc == TD_OK)
		rc = paging(req, &f.limit, &f.offset, err);
	if (rc == TD_OK)
		rc = audit_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
