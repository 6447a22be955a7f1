/*
 * /api/v1/chapters and /api/v1/contracts: organisation chapters and entrustment contracts.
 * Thin handlers: parse, call bank/chapter.c or bank/contract.c, answer JSON. Permission is
 * decided in the bank.
 */
#include <stdlib.h>
#include <string.h>

#include "api/org_params.h"
#include "bank/chapter.h"
#include "bank/contract.h"

static const char *const chapter_keys[] = {"org",	"level",    "admin_code", "parent_id",
					   "office_id", "name",	    "valid_from", "valid_to",
					   "id",	"org_name", NULL};

/* Fields of body over in; returns the problems' code. */
static int chapter_from_json(json_t *body, struct chapter_input *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, chapter_keys, &p);
	org_field_text(body, "org", &in->org, &p);
	org_field_text(body, "level", &in->level, &p);
	org_field_text(body, "admin_code", &in->admin_code, &p);
	org_field_text(body, "name", &in->name, &p);
	org_field_int(body, "parent_id", &in->parent_id, &p);
	org_field_int(body, "office_id", &in->office_id, &p);
	org_field_date(body, "valid_from", &in->valid_from, &p);
	org_field_date(body, "valid_to", &in->valid_to, &p);
	return problems_finish(&p);
}

static int respond_chapter(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			   struct td_error *err)
{
	json_t *j = NULL;
	int rc = chapter_get(ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

int route_chapters_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct chapter_filter f = {.on = ORG_NO_DATE};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "parent_id", &f.parent_id, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "office_id", &f.office_id, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "on", &f.on, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &f.limit, &f.offset, err);
	f.org = api_query(req, "org");
	f.level = api_query(req, "level");
	f.admin_code = api_query(req, "admin_code");
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = chapter_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_chapters_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct chapter_input in = {.valid_from = ORG_NO_DATE, .valid_to = ORG_NO_DATE};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = chapter_from_json(body, &in, err);
	if (rc == TD_OK)
		rc = chapter_create(&ctx, &in, &id, err);
	json_decref(body);
	return rc == TD_OK ? respond_chapter(&ctx, res, 201, id, err) : rc;
}

int route_chapters_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids("/api/v1/chapters/{id}", req->path, &id, 1, err);
	return rc == TD_OK ? respond_chapter(&ctx, res, 200, id, err) : rc;
}

/* PUT: the fields given replace the current ones; absent fields stay. */
int route_chapters_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL, *cur = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids("/api/v1/chapters/{id}", req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = chapter_get(&ctx, id, &cur, err);
	struct chapter_input in = {.valid_from = ORG_NO_DATE, .valid_to = ORG_NO_DATE};
	if (rc == TD_OK) {
		/* The stored chapter with the body's fields over it (null reopens valid_to
		 * or clears parent_id); unknown keys of the body are still reported. */
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, chapter_keys, &p);
		rc = problems_finish(&p);
		if (rc == TD_OK && json_object_update(cur, body) != 0)
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
		if (rc == TD_OK)
			rc = chapter_from_json(cur, &in, err);
	}
	if (rc == TD_OK)
		rc = chapter_update(&ctx, id, &in, err);
	json_decref(body);
	json_decref(cur);
	return rc == TD_OK ? respond_chapter(&ctx, res, 200, id, err) : rc;
}

static const char *const contract_keys[] = {"chapter_id", "office_id",	"number",   "signed_on",
					    "parties",	  "valid_from", "valid_to", NULL};

int route_contracts_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct contract_filter f = {.on = ORG_NO_DATE};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "chapter_id", &f.chapter_id, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "office_id", &f.office_id, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "on", &f.on, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &f.limit, &f.offset, err);
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = contract_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_contracts_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct contract_input in = {
		.signed_on = ORG_NO_DATE, .valid_from = ORG_NO_DATE, .valid_to = ORG_NO_DATE};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, contract_keys, &p);
		org_field_int(body, "chapter_id", &in.chapter_id, &p);
		org_field_int(body, "office_id", &in.office_id, &p);
		org_field_text(body, "number", &in.number, &p);
		org_field_text(body, "parties", &in.parties, &p);
		org_field_date(body, "signed_on", &in.signed_on, &p);
		org_field_date(body, "valid_from", &in.valid_from, &p);
		org_field_date(body, "valid_to", &in.valid_to, &p);
		/* A contract takes effect on signing unless it says otherwise. */
		if (in.valid_from == ORG_NO_DATE)
			in.valid_from = in.signed_on;
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = contract_create(&ctx, &in, &id, err);
	json_decref(body);
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = contract_get(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 201, j, err) : rc;
}
