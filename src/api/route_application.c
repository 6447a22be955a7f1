/*
 * /api/v1/applications and /api/v1/notices/04td: loan applications through approval, and
 * the result notice. Thin handlers: parse, call bank/application*.c, answer JSON.
 * Permission is decided in the bank. Rates travel as percent strings ("7.92"), never as
 * JSON numbers with a fraction (money and rates never pass through double).
 */
#include <stdlib.h>
#include <string.h>

#include "api/org_params.h"
#include "api/router.h"
#include "bank/application.h"

static int respond_application(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			       struct td_error *err)
{
	json_t *j = NULL;
	int rc = application_get(ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

int route_applications_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct application_filter f = {0};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "household_id", &f.household_id, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &f.limit, &f.offset, err);
	f.step = api_query(req, "step");
	f.commune = api_query(req, "commune");
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = application_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static const char *const application_keys[] = {
	"household_id",	  "programme",	      "amount",		 "term_months",
	"purpose",	  "purpose_flags",    "plan",		 "applied_on",
	"study_months",	  "contract_months",  "contract_value",	 "jobs",
	"estimate_value", "collateral_value", "ntp_tag",	 "resolution_11",
	NULL};

/* A whole number field that fits an int. */
static void field_small(json_t *o, const char *key, int *out, struct org_problems *p)
{
	int64_t v = 0;
	org_field_int(o, key, &v, p);
	if (v < 0 || v > 100000)
		problem_add(p, TD_EINVAL, "%s %lld is out of range 0..100000", key, (long long)v);
	else
		*out = (int)v;
}

int route_applications_create(struct api_request *req, struct api_response *res,
			      struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct application_input in = {.applied_on = ORG_NO_DATE};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, application_keys, &p);
		org_field_int(body, "household_id", &in.household_id, &p);
		org_field_text(body, "programme", &in.programme, &p);
		org_field_int(body, "amount", &in.amount, &p);
		field_small(body, "term_months", &in.term_months, &p);
		org_field_text(body, "purpose", &in.purpose, &p);
		org_field_text(body, "purpose_flags", &in.purpose_flags, &p);
		org_field_text(body, "plan", &in.plan, &p);
		org_field_date(body, "applied_on", &in.applied_on, &p);
		field_small(body, "study_months", &in.study_months, &p);
		field_small(body, "contract_months", &in.contract_months, &p);
		org_field_int(body, "contract_value", &in.contract_value, &p);
		field_small(body, "jobs", &in.jobs, &p);
		org_field_int(body, "estimate_value", &in.estimate_value, &p);
		org_field_int(body, "collateral_value", &in.collateral_value, &p);
		org_field_text(body, "ntp_tag", &in.ntp_tag, &p);
		json_t *r11 = json_object_get(body, "resolution_11");
		if (r11 && !json_is_boolean(r11))
			problem_add(&p, TD_EINVAL, "resolution_11 must be true or false");
		else if (r11)
			in.resolution_11 = json_is_true(r11) ? APP_TAG_YES : APP_TAG_NO;
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = application_create(&ctx, &in, &id, err);
	json_decref(body);
	return rc == TD_OK ? respond_application(&ctx, res, 201, id, err) : rc;
}

int route_applications_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids("/api/v1/applications/{id}", req->path, &id, 1, err);
	return rc == TD_OK ? respond_application(&ctx, res, 200, id, err) : rc;
}

/* The common start of the step routes: context, id from the path, the body. */
static int step_start(struct api_request *req, const char *pattern, const char *const *keys,
		      struct td_ctx *ctx, int64_t *id, json_t **body, struct td_error *err)
{
	int rc = api_ctx(req, ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(pattern, req->path, id, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(*body, keys, &p);
		rc = problems_finish(&p);
	}
	return rc;
}

int route_applications_vote(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"date",	"minutes_no",	 "list_no",
					   "org_rep",	"village_head",	 "members_present",
					   "votes_for", "votes_against", "votes_abstain",
					   NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	struct application_vote v = {.on = ORG_NO_DATE};
	int rc = step_start(req, "/api/v1/applications/{id}/vote", keys, &ctx, &id, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_field_date(body, "date", &v.on, &p);
		org_field_text(body, "minutes_no", &v.minutes_no, &p);
		org_field_text(body, "list_no", &v.list_no, &p);
		org_field_text(body, "org_rep", &v.org_rep, &p);
		org_field_text(body, "village_head", &v.village_head, &p);
		if (!json_object_get(body, "members_present"))
			problem_add(&p, TD_EINVAL,
				    "field 'members_present' is missing (số thành viên dự họp)");
		field_small(body, "members_present", &v.members_present, &p);
		field_small(body, "votes_for", &v.votes_for, &p);
		field_small(body, "votes_against", &v.votes_against, &p);
		field_small(body, "votes_abstain", &v.votes_abstain, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = application_vote(&ctx, id, &v, err);
	json_decref(body);
	return rc == TD_OK ? respond_application(&ctx, res, 200, id, err) : rc;
}

/* R-APP-3: {"date", "doc_no", "signatory", "signatory_title"}, the commune People's
 * Committee's document; the bank names what is missing. */
int route_applications_confirm(struct api_request *req, struct api_response *res,
			       struct td_error *err)
{
	static const char *const keys[] = {"date", "doc_no", "signatory", "signatory_title", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	struct application_confirmation c = {.on = ORG_NO_DATE};
	int rc = step_start(req, "/api/v1/applications/{id}/confirm", keys, &ctx, &id, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_field_date(body, "date", &c.on, &p);
		org_field_text(body, "doc_no", &c.doc_no, &p);
		org_field_text(body, "signatory", &c.signatory, &p);
		org_field_text(body, "signatory_title", &c.signatory_title, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = application_confirm(&ctx, id, &c, err);
	json_decref(body);
	return rc == TD_OK ? respond_application(&ctx, res, 200, id, err) : rc;
}

/* R-APP-4: {"date"} only. */
int route_applications_check(struct api_request *req, struct api_response *res,
			     struct td_error *err)
{
	static const char *const keys[] = {"date", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	td_date on = ORG_NO_DATE;
	int rc = step_start(req, "/api/v1/applications/{id}/check", keys, &ctx, &id, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_field_date(body, "date", &on, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = application_check(&ctx, id, on, NULL, err);
	json_decref(body);
	return rc == TD_OK ? respond_application(&ctx, res, 200, id, err) : rc;
}

int route_applications_decide(struct api_request *req, struct api_response *res,
			      struct td_error *err)
{
	static const char *const keys[] = {"date", "decision", "reason", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	td_date on = ORG_NO_DATE;
	const char *decision = NULL, *reason = NULL;
	int rc = step_start(req, "/api/v1/applications/{id}/decide", keys, &ctx, &id, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_field_date(body, "date", &on, &p);
		org_field_text(body, "decision", &decision, &p);
		org_field_text(body, "reason", &reason, &p);
		if (!decision || (strcmp(decision, "approve") && strcmp(decision, "reject")))
			problem_add(&p, TD_EINVAL, "decision must be \"approve\" or \"reject\"");
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = application_decide(&ctx, id, on, strcmp(decision, "approve") == 0, reason,
					err);
	json_decref(body);
	return rc == TD_OK ? respond_application(&ctx, res, 200, id, err) : rc;
}

int route_notice_04td(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	td_date on = ORG_NO_DATE;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "date", &on, err);
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = application_notice(&ctx, api_query(req, "commune"), on, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
