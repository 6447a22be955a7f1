/*
 * The country after 1 July 2025 (R-ORG-1; bank/merger.h, docs/network.md):
 *   POST /api/v1/admin-units/2025   {"units_csv", "mapping_csv", "date"?, "units_name"?,
 *                                    "mapping_name"?}: the new list and the mapping
 *   GET  /api/v1/village-splits     ?old_commune= &all= &limit= &offset=
 *   POST /api/v1/village-splits/{village_id}/decision   {"commune_code"?}
 *   POST /api/v1/village-splits/accept                  {"old_commune"?}
 * Thin handlers: parse, call the bank, answer JSON; the bank decides permission.
 */
#include <stdio.h>
#include <string.h>

#include "api/net_params.h"
#include "api/route_merger.h"
#include "bank/merger.h"

#define SPLITS "/api/v1/village-splits/"

int route_admin_2025_import(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"units_csv",	 "mapping_csv",	 "date",
					   "units_name", "mapping_name", NULL};
	struct td_ctx ctx;
	struct admin_2025_options opt = {.units_source = "units.csv",
					 .mapping_source = "mapping.csv"};
	const char *units = NULL, *mapping = NULL;
	json_t *body = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = date_parse_iso("2025-07-01", &opt.on, err);
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_required(&f, "units_csv");
		net_field_required(&f, "mapping_csv");
		net_field_text(&f, "units_csv", &units);
		net_field_text(&f, "mapping_csv", &mapping);
		net_field_date(&f, "date", &opt.on);
		net_field_text(&f, "units_name", &opt.units_source);
		net_field_text(&f, "mapping_name", &opt.mapping_source);
		rc = net_fields_end(&f);
	}
	struct admin_2025_report rep;
	if (rc == TD_OK)
		rc = admin_units_2025_import_text(&ctx, units, strlen(units), mapping,
						  strlen(mapping), &opt, &rep, err);
	json_t *j = rc == TD_OK ? admin_2025_report_json(&rep, opt.on) : NULL;
	json_decref(body);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_village_splits_list(struct api_request *req, struct api_response *res,
			      struct td_error *err)
{
	struct td_ctx ctx;
	const char *all = api_query(req, "all");
	struct village_split_filter f = {
		.old_commune = api_query(req, "old_commune"),
		.awaiting = !(all && (strcmp(all, "1") == 0 || strcmp(all, "true") == 0))};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = net_query_page(req, &f.page, err);
	if (rc == TD_OK)
		rc = village_split_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static int respond_split(struct td_ctx *ctx, int64_t village_id, struct api_response *res,
			 struct td_error *err)
{
	json_t *j = NULL;
	int rc = village_split_get(ctx, village_id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_village_splits_decide(struct api_request *req, struct api_response *res,
				struct td_error *err)
{
	static const char *const keys[] = {"commune_code", NULL};
	struct td_ctx ctx;
	int64_t id = 0;
	const char *commune = NULL;
	json_t *body = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = net_path_id(req->path, SPLITS, &id, err);
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_text(&f, "commune_code", &commune);
		rc = net_fields_end(&f);
	}
	if (rc == TD_OK)
		rc = village_split_decide(&ctx, id, commune, err);
	json_decref(body);
	return rc == TD_OK ? respond_split(&ctx, id, res, err) : rc;
}

int route_village_splits_accept(struct api_request *req, struct api_response *res,
				struct td_error *err)
{
	static const char *const keys[] = {"old_commune", NULL};
	struct td_ctx ctx;
	const char *old = NULL;
	int64_t decided = 0;
	json_t *body = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_text(&f, "old_commune", &old);
		rc = net_fields_end(&f);
	}
	if (rc == TD_OK)
		rc = village_split_accept(&ctx, old, &decided, err);
	json_t *j = rc == TD_OK ? json_pack("{s:I}", "decided", (json_int_t)decided) : NULL;
	json_decref(body);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
