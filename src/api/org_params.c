#include "api/org_params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bank/network.h"

int org_body(struct api_request *req, json_t **out, struct td_error *err)
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

void org_field_text(json_t *o, const char *key, const char **out, struct org_problems *p)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v))
		*out = json_string_value(v);
	else
		problem_add(p, TD_EINVAL, "field '%s' must be a string", key);
}

void org_field_money(json_t *o, const char *key, td_money *out, struct org_problems *p)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		problem_add(p, TD_EINVAL, "field '%s' is missing (a whole number of đồng)", key);
	else if (!json_is_integer(v))
		problem_add(p, TD_EINVAL, "field '%s' must be a whole number of đồng (an integer)",
			    key);
	else
		*out = json_integer_value(v);
}

void org_field_int(json_t *o, const char *key, int64_t *out, struct org_problems *p)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return;
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		*out = json_integer_value(v);
	else
		problem_add(p, TD_EINVAL, "field '%s' must be an id (a whole number)", key);
}

void org_field_id(json_t *o, const char *key, int64_t *out, struct org_problems *p)
{
	org_field_int(o, key, out, p);
	if (*out <= 0)
		problem_add(p, TD_EINVAL, "field '%s' is missing (an id)", key);
}

void org_field_date(json_t *o, const char *key, td_date *out, struct org_problems *p)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return;
	struct td_error one = {0};
	if (!json_is_string(v))
		problem_add(p, TD_EINVAL, "field '%s' must be a date \"YYYY-MM-DD\"", key);
	else if (date_parse_iso(json_string_value(v), out, &one) != TD_OK)
		problem_add(p, TD_EINVAL, "field '%s': %s", key, one.msg);
}

void org_field_ids(json_t *o, const char *key, int64_t **out, size_t *n, struct org_problems *p)
{
	json_t *v = json_object_get(o, key);
	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return;
	if (!json_is_array(v)) {
		problem_add(p, TD_EINVAL, "field '%s' must be an array of ids", key);
		return;
	}
	size_t count = json_array_size(v);
	int64_t *ids = calloc(count ? count : 1, sizeof *ids);
	if (!ids) {
		problem_add(p, TD_ENOMEM, "out of memory reading '%s'", key);
		return;
	}
	for (size_t i = 0; i < count; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_integer(e) || json_integer_value(e) <= 0) {
			problem_add(p, TD_EINVAL, "field '%s': element %zu is not an id", key, i);
			free(ids);
			return;
		}
		ids[i] = json_integer_value(e);
	}
	*out = ids;
	*n = count;
}

void org_fields_known(json_t *o, const char *const *keys, struct org_problems *p)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool known = false;
		for (size_t i = 0; keys[i] && !known; i++)
			known = strcmp(keys[i], key) == 0;
		if (!known)
			problem_add(p, TD_EINVAL, "field '%s' is not known here", key);
	}
}

static int parse_whole(const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int org_query_id(struct api_request *req, const char *name, int64_t *out, struct td_error *err)
{
	const char *s = api_query(req, name);
	long long v = 0;
	if (!s)
		return TD_OK;
	if (parse_whole(s, 1, INT64_MAX, &v) != 0)
		return td_error_set(err, TD_EINVAL, "query parameter %s='%s' is not an id", name,
				    s);
	*out = v;
	return TD_OK;
}

int org_query_office(struct api_request *req, const struct td_ctx *ctx, int64_t *out,
		     struct td_error *err)
{
	const char *code = api_query(req, "office");
	int64_t id = 0;
	int rc = org_query_id(req, "office_id", &id, err);
	if (rc == TD_OK && code && id)
		rc = td_error_set(err, TD_EINVAL,
				  "give the office once: office=CODE or office_id=ID, not both");
	if (rc == TD_OK && code)
		rc = office_find_code(ctx->store, code, &id, err);
	if (rc == TD_OK)
		*out = id ? id : ctx->actor->office_id;
	return rc;
}

int org_idem_required(const struct api_request *req, const char *what, struct td_error *err)
{
	if (req->idem_key && req->idem_key[0])
		return TD_OK;
	return td_error_set(err, TD_EINVAL,
			    "the Idempotency-Key header is required: %s books cash, and a retry "
			    "must book it once (R-GL-3)",
			    what);
}

int org_office_report_route(struct api_request *req, struct api_response *res,
			    org_office_report report, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t office = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	td_date date = ctx.business_date;
	if (rc == TD_OK)
		rc = org_query_office(req, &ctx, &office, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "date", &date, err);
	if (rc == TD_OK)
		rc = report(&ctx, office, date, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int org_query_date(struct api_request *req, const char *name, td_date *out, struct td_error *err)
{
	const char *s = api_query(req, name);
	if (!s)
		return TD_OK;
	int rc = date_parse_iso(s, out, err);
	return rc == TD_OK ? rc : td_error_prefix(err, "query parameter %s: ", name);
}

int org_query_bool(struct api_request *req, const char *name, bool *out, struct td_error *err)
{
	const char *s = api_query(req, name);
	if (!s)
		return TD_OK;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = false;
	else
		return td_error_set(err, TD_EINVAL, "query parameter %s: '%.40s' is not true or false",
				    name, s);
	return TD_OK;
}

int org_query_page(struct api_request *req, int64_t *limit, int64_t *offset, struct td_error *err)
{
	static const char *const names[] = {"limit", "offset"};
	const long long max[] = {ORG_LIMIT_MAX, INT32_MAX};
	int64_t *outs[] = {limit, offset};
	for (int i = 0; i < 2; i++) {
		const char *s = api_query(req, names[i]);
		long long v = 0;
		if (!s)
			continue;
		if (parse_whole(s, i == 0 ? 1 : 0, max[i], &v) != 0)
			return td_error_set(err, TD_EINVAL,
					    "query parameter %s='%s' must be a whole "
					    "number from %d to %lld",
					    names[i], s, i == 0 ? 1 : 0, max[i]);
		*outs[i] = v;
	}
	return TD_OK;
}

int org_path_ids(const char *pattern, const char *path, int64_t *ids, int max, struct td_error *err)
{
	const char *full = path, *pat = pattern;
	int n = 0;
	while (*pat && *path) {
		if (*pat != '{') {
			if (*pat++ != *path++)
				break;
			continue;
		}
		size_t len = strcspn(path, "/");
		char buf[24];
		long long v = 0;
		if (len >= sizeof buf || n >= max)
			return td_error_set(err, TD_EINVAL, "%s: bad id in the path", full);
		memcpy(buf, path, len);
		buf[len] = '\0';
		if (parse_whole(buf, 1, INT64_MAX, &v) != 0)
			return td_error_set(err, TD_EINVAL,
					    "'%s' in %s is not an id (a positive number)", buf,
					    full);
		ids[n++] = v;
		path += len;
		pat = strchr(pat, '}') + 1;
	}
	return n == max ? TD_OK
			: td_error_set(err, TD_EINTERNAL, "path %s does not fit route %s", full,
				       pattern);
}

int org_reversal_request(struct api_request *req, const char *pattern, int64_t ids[2],
			 json_t **body, const char **reason, struct td_error *err)
{
	static const char *const keys[] = {"reason", NULL};
	int rc = org_path_ids(pattern, req->path, ids, 2, err);
	if (rc == TD_OK)
		rc = org_body(req, body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(*body, keys, &p);
		org_field_text(*body, "reason", reason, &p);
		rc = problems_finish(&p);
	}
	return rc;
}

json_t *org_list_take(json_t *list, int64_t id, const char *what, struct td_error *err)
{
	json_t *found = NULL, *it;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, it)
	{
		if (json_integer_value(json_object_get(it, "id")) == id)
			found = json_incref(it);
	}
	json_decref(list);
	if (!found)
		td_error_set(err, TD_EINTERNAL, "%s %lld vanished", what, (long long)id);
	return found;
}
