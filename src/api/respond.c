#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "api/http.h"

int api_respond_json(struct api_response *res, int status, json_t *j, struct td_error *err)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!text)
		return td_error_set(err, TD_ENOMEM, "cannot encode JSON answer");
	res->status = status;
	res->content_type = "application/json; charset=utf-8";
	res->body = text;
	res->body_len = strlen(text);
	res->body_static = 0;
	res->cache_control = "no-store";
	return TD_OK;
}

/* RFC 9457: type is a URI naming the problem; ours are relative, one per error code. */
void api_respond_problem(struct api_response *res, const struct td_error *err, const char *instance)
{
	int status = td_code_http_status(err->code);
	char type[96];
	snprintf(type, sizeof type, "/problems/%s", td_code_name(err->code));
	json_t *j = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s}", "type", type, "title",
			      td_code_message(err->code), "status", status, "detail",
			      err->msg[0] ? err->msg : td_code_message(err->code), "code",
			      td_code_name(err->code), "instance", instance ? instance : "");
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	res->status = status;
	res->content_type = "application/problem+json; charset=utf-8";
	res->cache_control = "no-store";
	res->body_static = !text;
	res->body = text ? text : (char *)"{\"status\":500}";
	res->body_len = strlen(res->body);
}

/* A request without a connection (a handler called in-process, as tests/apidb/test_authz.c
 * does) has no query string: every parameter is absent. */
const char *api_query(struct api_request *req, const char *name)
{
	if (!req->conn)
		return NULL;
	if (req->n_asked < (int)(sizeof req->asked / sizeof *req->asked))
		req->asked[req->n_asked++] = name;
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

int api_ctx(struct api_request *req, struct td_ctx *ctx, struct td_error *err)
{
	memset(ctx, 0, sizeof *ctx);
	if (!req->authenticated)
		return td_error_set(err, TD_EUNAUTH, "sign in first (đăng nhập trước)");
	ctx->store = req->store;
	ctx->actor = &req->actor;
	ctx->idem_key = req->idem_key;
	ctx->tx_depth = req->in_tx; /* use cases join the transaction of idempotency.c */
	return bank_business_date(req->store, &ctx->business_date, err);
}

struct unknown_param {
	struct api_request *req;
	const char *name; /* the first parameter not asked for */
};

static enum MHD_Result find_unknown(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind, (void)value;
	struct unknown_param *u = cls;
	for (int i = 0; i < u->req->n_asked; i++)
		if (strcmp(u->req->asked[i], key) == 0)
			return MHD_YES;
	u->name = key;
	return MHD_NO;
}

int api_query_unknown(struct api_request *req, struct td_error *err)
{
	if (!req->conn)
		return TD_OK;
	struct unknown_param u = {req, NULL};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, find_unknown, &u);
	if (!u.name)
		return TD_OK;
	return td_error_set(err, TD_EINVAL,
			    "tham số truy vấn '%.64s' không dùng cho %s %s (query parameter not "
			    "known here; docs/openapi.yaml lists each route's parameters)",
			    u.name, req->method, req->path);
}
