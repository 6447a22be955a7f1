/*
 * /api/v1/offices, /api/v1/admin-units, /api/v1/villages: the tree of offices and the
 * geography (R-ORG-1). Thin handlers: parse, call bank/network.h, answer JSON; the bank
 * decides permission. Reads take ?date=YYYY-MM-DD (default: the business date) and
 * answer as of that date.
 */
#include <stdlib.h>
#include <string.h>

#include "api/net_params.h"
#include "api/route_network.h"

#define OFFICES "/api/v1/offices/"

static int respond_office(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			  td_date on, struct td_error *err)
{
	json_t *j = NULL;
	int rc = office_get(ctx, id, on, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

int route_offices_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct office_filter f = {0};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	f.on = ctx.business_date;
	f.kind = api_query(req, "kind");
	if (rc == TD_OK)
		rc = net_query_date(req, "date", &f.on, err);
	if (rc == TD_OK)
		rc = net_query_int(req, "parent_id", &f.parent_id, err);
	if (rc == TD_OK)
		rc = net_query_page(req, &f.page, err);
	if (rc == TD_OK)
		rc = office_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static int office_from_json(json_t *body, struct office_input *in, struct td_error *err)
{
	static const char *const keys[] = {
		"code",		 "kind",	  "name",	"parent_id",
		"province_code", "district_code", "valid_from", NULL};
	struct net_fields f;
	const char *kind = "";
	net_fields_init(&f, body, keys, err);
	net_field_text(&f, "code", &in->code);
	net_field_text(&f, "kind", &kind);
	net_field_text(&f, "name", &in->name);
	net_field_int(&f, "parent_id", &in->parent_id);
	net_field_text(&f, "province_code", &in->province_code);
	net_field_text(&f, "district_code", &in->district_code);
	net_field_date(&f, "valid_from", &in->valid_from);
	int rc = net_fields_end(&f);
	return rc == TD_OK ? office_kind_parse(kind, &in->kind, err) : rc;
}

int route_offices_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct office_input in = {0};
	json_t *body = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	in.valid_from = ctx.business_date;
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK)
		rc = office_from_json(body, &in, err);
	if (rc == TD_OK)
		rc = office_create(&ctx, &in, &id, err);
	json_decref(body);
	return rc == TD_OK ? respond_office(&ctx, res, 201, id, in.valid_from, err) : rc;
}

int route_offices_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	td_date on = ctx.business_date;
	if (rc == TD_OK)
		rc = net_path_id(req->path, OFFICES, &id, err);
	if (rc == TD_OK)
		rc = net_query_date(req, "date", &on, err);
	return rc == TD_OK ? respond_office(&ctx, res, 200, id, on, err) : rc;
}

int route_offices_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"name", "parent_id", "date", NULL};
	struct td_ctx ctx;
	struct office_change ch = {0};
	json_t *body = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	ch.from = ctx.business_date;
	if (rc == TD_OK)
		rc = net_path_id(req->path, OFFICES, &id, err);
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_text(&f, "name", &ch.name);
		net_field_int(&f, "parent_id", &ch.parent_id);
		net_field_date(&f, "date", &ch.from);
		rc = net_fields_end(&f);
	}
	if (rc == TD_OK)
		rc = office_update(&ctx, id, &ch, err);
	json_decref(body);
	return rc == TD_OK ? respond_office(&ctx, res, 200, id, ch.from, err) : rc;
}

/* POST /api/v1/offices/{id}/merge {"sources": [ids], "date": "YYYY-MM-DD"}: the sources
 * merge into office {id} from the date (required: a merger is dated by its decision). */
int route_offices_merge(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"sources", "date", NULL};
	struct td_ctx ctx;
	struct office_merge m = {0};
	int64_t *sources = NULL;
	json_t *body = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = net_path_id(req->path, OFFICES, &m.into, err);
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_ids(&f, "sources", &sources, &m.n_sources);
		net_field_date(&f, "date", &m.on);
		net_field_required(&f, "sources");
		net_field_required(&f, "date");
		rc = net_fields_end(&f);
	}
	m.sources = sources;
	if (rc == TD_OK)
		rc = office_merge(&ctx, &m, err);
	free(sources);
	json_decref(body);
	return rc == TD_OK ? respond_office(&ctx, res, 200, m.into, m.on, err) : rc;
}

int route_admin_units_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct admin_unit_filter f = {0};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	f.on = ctx.business_date;
	f.level = api_query(req, "level");
	f.parent = api_query(req, "parent");
	f.q = api_query(req, "q");
	if (rc == TD_OK)
		rc = net_query_date(req, "date", &f.on, err);
	if (rc == TD_OK)
		rc = net_query_page(req, &f.page, err);
	if (rc == TD_OK)
		rc = admin_unit_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_villages_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct village_filter f = {0};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	f.on = ctx.business_date;
	f.commune = api_query(req, "commune");
	if (rc == TD_OK)
		rc = net_query_date(req, "date", &f.on, err);
	if (rc == TD_OK)
		rc = net_query_page(req, &f.page, err);
	if (rc == TD_OK)
		rc = village_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_villages_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"commune_code", "name", "valid_from", NULL};
	struct td_ctx ctx;
	struct village_input in = {0};
	json_t *body = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	in.valid_from = ctx.business_date;
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_text(&f, "commune_code", &in.commune_code);
		net_field_text(&f, "name", &in.name);
		net_field_date(&f, "valid_from", &in.valid_from);
		rc = net_fields_end(&f);
	}
	if (rc == TD_OK)
		rc = village_create(&ctx, &in, &id, err);
	char d[TD_DATE_FMT_MAX];
	json_t *j = rc == TD_OK ? json_pack("{s:I, s:s, s:s, s:s, s:n}", "id", (json_int_t)id,
					    "commune_code", in.commune_code, "name", in.name,
					    "valid_from",
					    date_format_iso(in.valid_from, d, sizeof d), "valid_to")
				: NULL;
	json_decref(body);
	return rc == TD_OK ? api_respond_json(res, 201, j, err) : rc;
}
