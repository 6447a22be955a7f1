/*
 * /api/v1/households and /api/v1/poverty-imports (issue 4): thin handlers that parse the
 * request, call bank/household.h or bank/poverty_import.h, and answer JSON. Permission is
 * decided in the bank.
 *
 *   GET  /api/v1/households          ?q= &cccd= &village_id= &group_id= &limit= &offset=
 *   GET  /api/v1/households/{id}     with the poverty status history
 *   POST /api/v1/households          201 with the household
 *   PUT  /api/v1/households/{id}     every field (as POST); 200 with the household
 *   POST /api/v1/poverty-imports     {"commune_code","year","csv","file_name","dry_run"}:
 *                                    201 with the reconciliation (200 for a dry run)
 *   GET  /api/v1/poverty-imports     ?commune_code= &year= &limit= &offset=
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/router.h"
#include "bank/household.h"
#include "bank/poverty_import.h"
#include "base/buf.h"

/* Every problem of a request body, joined by "; " (the caller's err gets them). */
struct body_problems {
	struct buf msg;
};

static void bad(struct body_problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void bad(struct body_problems *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (buf_len(&p->msg))
		buf_append_str(&p->msg, "; ");
	buf_vappendf(&p->msg, fmt, ap);
	va_end(ap);
}

static int body_finish(struct body_problems *p, struct td_error *err)
{
	int rc = buf_len(&p->msg) ? td_error_set(err, TD_EINVAL, "%s", buf_str(&p->msg)) : TD_OK;
	buf_free(&p->msg);
	return rc;
}

/* The request body as a JSON object; TD_EINVAL with the line and column otherwise. */
static int body_object(struct api_request *req, json_t **out, struct td_error *err)
{
	json_error_t je;
	*out = json_loadb(req->body, req->body_len, 0, &je);
	if (!*out)
		return td_error_set(err, TD_EINVAL,
				    "request body is not valid JSON: line %d, column %d: %s",
				    je.line, je.column, je.text);
	if (json_is_object(*out))
		return TD_OK;
	json_decref(*out);
	*out = NULL;
	return td_error_set(err, TD_EINVAL, "request body must be a JSON object");
}

static void field_text(json_t *o, const char *key, const char **out, struct body_problems *p)
{
	json_t *v = json_object_get(o, key);
	if (v && json_is_string(v))
		*out = json_string_value(v);
	else if (v && !json_is_null(v))
		bad(p, "field '%s' must be a string", key);
}

static void field_int(json_t *o, const char *key, int64_t min, int64_t max, int64_t *out,
		      struct body_problems *p)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		bad(p, "field '%s' must be a whole number from %lld to %lld", key, (long long)min,
		    (long long)max);
	else
		*out = json_integer_value(v);
}

static void fields_known(json_t *o, const char *const *keys, struct body_problems *p)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		size_t i = 0;
		while (keys[i] && strcmp(keys[i], key) != 0)
			i++;
		if (!keys[i])
			bad(p, "field '%s' is not known", key);
	}
}

/* ---- Households ------------------------------------------------------------------- */

static const char *const household_keys[] = {
	"cccd", "head_name", "sex", "birth_year", "ethnicity", "flags", "village_id", "phone",
	"members",
	/* What GET answers, so that a client may send back what it read. */
	"id", "village_name", "commune_code", "office_id", "created_on", "updated_on", "status",
	"group_id", "poverty_status", NULL};

/* flags: "a,b" or ["a","b"], joined into buf. */
static void field_flags(json_t *o, struct buf *flags, const char **out, struct body_problems *p)
{
	json_t *v = json_object_get(o, "flags");
	if (!v || json_is_null(v) || json_is_string(v)) {
		field_text(o, "flags", out, p);
		return;
	}
	size_t i;
	json_t *f;
	if (!json_is_array(v)) {
		bad(p, "field 'flags' must be an array of flag names");
		return;
	}
	json_array_foreach(v, i, f)
	{
		if (!json_is_string(f)) {
			bad(p, "field 'flags' must be an array of flag names");
			return;
		}
		buf_appendf(flags, "%s%s", i ? "," : "", json_string_value(f));
	}
	*out = buf_str(flags);
}

/* The body over in; strings point into body and flags. */
static int household_from_json(json_t *body, struct buf *flags, struct household_input *in,
			       struct td_error *err)
{
	struct body_problems p;
	int64_t birth = 0, members = 0;
	buf_init(&p.msg, TD_ERROR_MSG_MAX);
	fields_known(body, household_keys, &p);
	field_text(body, "cccd", &in->cccd, &p);
	field_text(body, "head_name", &in->head_name, &p);
	field_text(body, "sex", &in->sex, &p);
	field_text(body, "ethnicity", &in->ethnicity, &p);
	field_text(body, "phone", &in->phone, &p);
	field_flags(body, flags, &in->flags, &p);
	field_int(body, "birth_year", 0, TD_YEAR_MAX, &birth, &p);
	field_int(body, "members", 0, 1000, &members, &p);
	field_int(body, "village_id", 1, INT64_MAX, &in->village_id, &p);
	if (!in->cccd)
		bad(&p, "field 'cccd' is required");
	if (!in->head_name)
		bad(&p, "field 'head_name' is required");
	if (!in->village_id)
		bad(&p, "field 'village_id' is required");
	if (!json_object_get(body, "members"))
		bad(&p, "field 'members' is required");
	in->birth_year = (int)birth;
	in->members = (int)members;
	return body_finish(&p, err);
}

/* The id of /api/v1/<things>/{id}. */
static int path_id(const char *path, const char *prefix, int64_t *id, struct td_error *err)
{
	const char *s = path + strlen(prefix);
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (strncmp(path, prefix, strlen(prefix)) != 0 || errno || end == s || *end || v < 1 ||
	    *s == '+' || *s == '-')
		return td_error_set(err, TD_EINVAL, "'%s' in %s is not an id (a positive number)",
				    s, path);
	*id = v;
	return TD_OK;
}

/* A query parameter as a whole number in [min, max]; absent leaves *out. */
static int query_int(struct api_request *req, const char *name, int64_t min, int64_t max,
		     int64_t *out, struct td_error *err)
{
	const char *s = api_query(req, name);
	if (!s)
		return TD_OK;
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return td_error_set(err, TD_EINVAL,
				    "query parameter %s must be a whole number from %lld to %lld, "
				    "got '%s'",
				    name, (long long)min, (long long)max, s);
	*out = v;
	return TD_OK;
}

static int respond_household(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			     struct td_error *err)
{
	json_t *j = NULL;
	int rc = household_get(ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

int route_households_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct household_query q = {.q = api_query(req, "q"), .cccd = api_query(req, "cccd")};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = query_int(req, "village_id", 1, INT64_MAX, &q.village_id, err);
	if (rc == TD_OK)
		rc = query_int(req, "group_id", 1, INT64_MAX, &q.group_id, err);
	if (rc == TD_OK)
		rc = query_int(req, "limit", 1, 500, &q.limit, err);
	if (rc == TD_OK)
		rc = query_int(req, "offset", 0, INT64_MAX, &q.offset, err);
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = household_search(&ctx, &q, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_households_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = path_id(req->path, "/api/v1/households/", &id, err);
	return rc == TD_OK ? respond_household(&ctx, res, 200, id, err) : rc;
}

/* POST (id 0) and PUT (id -1: from the path) share the body and the answer. */
static int household_write(struct api_request *req, struct api_response *res, int64_t id,
			   struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct household_input in = {0};
	struct buf flags;
	buf_init(&flags, 1024);
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK && id < 0)
		rc = path_id(req->path, "/api/v1/households/", &id, err);
	if (rc == TD_OK)
		rc = body_object(req, &body, err);
	if (rc == TD_OK)
		rc = household_from_json(body, &flags, &in, err);
	if (rc == TD_OK && id == 0)
		rc = household_create(&ctx, &in, &id, err);
	else if (rc == TD_OK)
		rc = household_update(&ctx, id, &in, err);
	json_decref(body);
	buf_free(&flags);
	return rc == TD_OK ? respond_household(&ctx, res, strcmp(req->method, "POST") ? 200 : 201,
					       id, err)
			   : rc;
}

int route_households_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	return household_write(req, res, 0, err);
}

int route_households_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	return household_write(req, res, -1, err);
}

/* ---- Poverty lists ---------------------------------------------------------------- */

static const char *const import_keys[] = {"commune_code", "year",    "csv",
					  "file_name",	  "dry_run", NULL};

int route_poverty_imports_create(struct api_request *req, struct api_response *res,
				 struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct poverty_import_input in = {.file_name = ""};
	struct body_problems p;
	int64_t year = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = body_object(req, &body, err);
	if (rc == TD_OK) {
		buf_init(&p.msg, TD_ERROR_MSG_MAX);
		fields_known(body, import_keys, &p);
		field_text(body, "commune_code", &in.commune_code, &p);
		field_text(body, "csv", &in.data, &p);
		field_text(body, "file_name", &in.file_name, &p);
		field_int(body, "year", 1, 9999, &year, &p);
		json_t *dry = json_object_get(body, "dry_run");
		if (dry && !json_is_boolean(dry))
			bad(&p, "field 'dry_run' must be true or false");
		in.dry_run = json_is_true(dry);
		if (!in.commune_code)
			bad(&p, "field 'commune_code' is required");
		if (!year)
			bad(&p, "field 'year' is required");
		if (!in.data)
			bad(&p, "field 'csv' is required: the text of the list");
		rc = body_finish(&p, err);
	}
	struct poverty_import_result r;
	memset(&r, 0, sizeof r);
	if (rc == TD_OK) {
		in.year = (int)year;
		in.len = json_string_length(json_object_get(body, "csv"));
		rc = poverty_import_run(&ctx, &in, &r, err);
	}
	json_t *j = rc == TD_OK ? poverty_import_result_json(&r) : NULL;
	if (rc == TD_OK && !j)
		rc = td_error_set(err, TD_ENOMEM, "out of memory");
	poverty_import_result_free(&r);
	json_decref(body);
	return rc == TD_OK ? api_respond_json(res, in.dry_run ? 200 : 201, j, err) : rc;
}

int route_poverty_imports_list(struct api_request *req, struct api_response *res,
			       struct td_error *err)
{
	struct td_ctx ctx;
	struct poverty_import_query q = {.commune_code = api_query(req, "commune_code")};
	int64_t year = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = query_int(req, "year", 1, 9999, &year, err);
	if (rc == TD_OK)
		rc = query_int(req, "limit", 1, 500, &q.limit, err);
	if (rc == TD_OK)
		rc = query_int(req, "offset", 0, INT64_MAX, &q.offset, err);
	q.year = (int)year;
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = poverty_import_list(&ctx, &q, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
