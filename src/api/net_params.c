#include "api/net_params.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int net_body(struct api_request *req, json_t **out, struct td_error *err)
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

static int whole(const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || errno || v < min || v > max)
		return -1;
	*out = v;
	return (int)(end - s);
}

int net_path_id(const char *path, const char *prefix, int64_t *id, struct td_error *err)
{
	size_t n = strlen(prefix);
	long long v = 0;
	int len = strncmp(path, prefix, n) == 0 ? whole(path + n, 1, INT64_MAX, &v) : -1;
	if (len <= 0 || (path[n + (size_t)len] != '\0' && path[n + (size_t)len] != '/'))
		return td_error_set(err, TD_EINVAL,
				    "%s: the id in the path must be a positive "
				    "number",
				    path);
	*id = v;
	return TD_OK;
}

int net_query_int(struct api_request *req, const char *name, int64_t *out, struct td_error *err)
{
	const char *s = api_query(req, name);
	long long v = 0;
	if (!s)
		return TD_OK;
	int len = whole(s, 0, INT64_MAX, &v);
	if (len <= 0 || s[len] != '\0')
		return td_error_set(err, TD_EINVAL,
				    "query parameter %s='%s' must be a whole number", name, s);
	*out = v;
	return TD_OK;
}

int net_query_date(struct api_request *req, const char *name, td_date *out, struct td_error *err)
{
	const char *s = api_query(req, name);
	if (!s)
		return TD_OK;
	int rc = date_parse_iso(s, out, err);
	return rc == TD_OK ? rc : td_error_prefix(err, "query parameter %s: ", name);
}

int net_query_page(struct api_request *req, struct net_page *page, struct td_error *err)
{
	int rc = net_query_int(req, "limit", &page->limit, err);
	return rc == TD_OK ? net_query_int(req, "offset", &page->offset, err) : rc;
}

__attribute__((format(printf, 2, 3))) static void problem(struct net_fields *f, const char *fmt,
							  ...)
{
	size_t len = strlen(f->err->msg);
	if (f->count++ > 0)
		len += (size_t)snprintf(f->err->msg + len, sizeof f->err->msg - len, "; ");
	if (len >= sizeof f->err->msg)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->err->msg + len, sizeof f->err->msg - len, fmt, ap);
	va_end(ap);
}

void net_fields_init(struct net_fields *f, json_t *o, const char *const *known,
		     struct td_error *err)
{
	f->o = o;
	f->err = err;
	f->count = 0;
	td_error_clear(err);
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strcmp(known[i], key) == 0;
		if (!ok)
			problem(f, "field '%s' is not known here", key);
	}
}

static json_t *field(struct net_fields *f, const char *key)
{
	json_t *v = json_object_get(f->o, key);
	return v && !json_is_null(v) ? v : NULL;
}

bool net_field_present(struct net_fields *f, const char *key)
{
	return field(f, key) != NULL;
}

void net_field_required(struct net_fields *f, const char *key)
{
	if (!field(f, key))
		problem(f, "field '%s' is required", key);
}

void net_field_text(struct net_fields *f, const char *key, const char **out)
{
	json_t *v = field(f, key);
	if (v && json_is_string(v))
		*out = json_string_value(v);
	else if (v)
		problem(f, "field '%s' must be a string", key);
}

void net_field_int(struct net_fields *f, const char *key, int64_t *out)
{
	json_t *v = field(f, key);
	if (v && json_is_integer(v))
		*out = json_integer_value(v);
	else if (v)
		problem(f, "field '%s' must be a whole number", key);
}

void net_field_small_int(struct net_fields *f, const char *key, int *out, bool *present)
{
	json_t *v = field(f, key);
	if (present)
		*present = v != NULL;
	if (v && json_is_integer(v) && json_integer_value(v) >= -1000000 &&
	    json_integer_value(v) <= 1000000)
		*out = (int)json_integer_value(v);
	else if (v)
		problem(f, "field '%s' must be a whole number", key);
}

void net_field_bool(struct net_fields *f, const char *key, bool *out)
{
	json_t *v = field(f, key);
	if (v && json_is_boolean(v))
		*out = json_is_true(v);
	else if (v)
		problem(f, "field '%s' must be true or false", key);
}

void net_field_date(struct net_fields *f, const char *key, td_date *out)
{
	json_t *v = field(f, key);
	struct td_error one = {0};
	if (v && !json_is_string(v))
		problem(f, "field '%s' must be a date \"YYYY-MM-DD\"", key);
	else if (v && date_parse_iso(json_string_value(v), out, &one) != TD_OK)
		problem(f, "field '%s': %s", key, one.msg);
}

void net_field_strings(struct net_fields *f, const char *key, const char ***out, size_t *n,
		       bool *present)
{
	json_t *v = field(f, key);
	if (present)
		*present = v != NULL;
	if (!v)
		return;
	size_t count = json_array_size(v);
	const char **list = json_is_array(v) ? calloc(count + 1, sizeof *list) : NULL;
	for (size_t i = 0; list && i < count; i++)
		if (!(list[i] = json_string_value(json_array_get(v, i)))) {
			free(list);
			list = NULL;
		}
	if (!list) {
		problem(f, "field '%s' must be an array of strings", key);
		return;
	}
	*out = list;
	*n = count;
}

void net_field_ids(struct net_fields *f, const char *key, int64_t **out, size_t *n)
{
	json_t *v = field(f, key);
	if (!v)
		return;
	size_t count = json_array_size(v);
	int64_t *ids = json_is_array(v) ? calloc(count + 1, sizeof *ids) : NULL;
	for (size_t i = 0; ids && i < count; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_integer(e) || json_integer_value(e) <= 0) {
			free(ids);
			ids = NULL;
		} else {
			ids[i] = json_integer_value(e);
		}
	}
	if (!ids) {
		problem(f, "field '%s' must be an array of ids", key);
		return;
	}
	*out = ids;
	*n = count;
}

void net_field_ints(struct net_fields *f, const char *key, const char *const *names, int64_t *out,
		    size_t n, bool *present)
{
	json_t *v = field(f, key);
	if (present)
		*present = v != NULL;
	if (!v)
		return;
	if (!json_is_object(v)) {
		problem(f, "field '%s' must be an object", key);
		return;
	}
	const char *k;
	json_t *e;
	json_object_foreach(v, k, e)
	{
		size_t i = 0;
		while (i < n && strcmp(names[i], k) != 0)
			i++;
		if (i == n)
			problem(f, "field '%s.%s' is not known here", key, k);
		else if (json_is_integer(e))
			out[i] = json_integer_value(e);
		else if (!json_is_null(e))
			problem(f, "field '%s.%s' must be a whole number", key, k);
	}
}

int net_fields_end(struct net_fields *f)
{
	if (f->count == 0)
		return TD_OK;
	f->err->code = TD_EINVAL;
	return TD_EINVAL;
}
