/*
 * /api/v1/programmes, /api/v1/applications and /api/v1/notices/04td: programmes with their
 * rate history and tags, loan applications through approval, and the result notice.
 * Thin handlers: parse, call bank/programme_db.c or bank/application*.c, answer JSON.
 * Permission is decided in the bank. Rates travel as percent strings ("7.92"), never as
 * JSON numbers with a fraction (money and rates never pass through double).
 */
#include <stdlib.h>
#include <string.h>

#include "api/org_params.h"
#include "api/router.h"
#include "bank/application.h"
#include "bank/programme_db.h"

/* The programme code: the path segment after /api/v1/programmes/. */
static const char *path_code(struct api_request *req)
{
	static const char prefix[] = "/api/v1/programmes/";
	return req->path + strlen(prefix);
}

int route_programmes_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = programme_db_list(&ctx, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_programmes_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = programme_db_get(&ctx, path_code(req), &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static const char *const rate_keys[] = {"effective_from",   "outstanding_from", "rate_pct",
					"reduced_rate_pct", "reduced_for",	NULL};
static const char *const programme_keys[] = {"new_rate", "ntp_tag", "resolution_11", NULL};

static void field_rate(json_t *o, const char *key, td_rate *out, struct org_problems *p)
{
	json_t *v = json_object_get(o, key);
	struct td_error e = {0};
	if (!v || json_is_null(v))
		return;
	if (!json_is_string(v))
		problem_add(p, TD_EINVAL, "%s must be a percent string such as \"7.92\"", key);
	else if (rate_parse_percent(json_string_value(v), out, &e) != TD_OK)
		problem_add(p, TD_EINVAL, "%s: %s", key, e.msg);
}

static int rate_from_json(json_t *o, struct programme_rate_input *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (!json_is_object(o)) {
		problem_add(&p, TD_EINVAL, "new_rate must be an object");
		return problems_finish(&p);
	}
	td_date out_from = ORG_NO_DATE;
	in->effective_from = ORG_NO_DATE;
	org_fields_known(o, rate_keys, &p);
	org_field_date(o, "effective_from", &in->effective_from, &p);
	org_field_date(o, "outstanding_from", &out_from, &p);
	org_field_text(o, "reduced_for", &in->reduced_for, &p);
	if (!json_object_get(o, "rate_pct"))
		problem_add(&p, TD_EINVAL, "new_rate.rate_pct is required");
	if (in->effective_from == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "new_rate.effective_from is required");
	if (in->reduced_for && !json_object_get(o, "reduced_rate_pct"))
		problem_add(&p, TD_EINVAL,
			    "new_rate.reduced_for needs reduced_rate_pct, the rate of those "
			    "households");
	field_rate(o, "rate_pct", &in->rate, &p);
	field_rate(o, "reduced_rate_pct", &in->reduced_rate, &p);
	in->outstanding_from = out_from == ORG_NO_DATE ? PRG_DATE_NEVER : out_from;
	return problems_finish(&p);
}

/* PUT: {"new_rate":{...}} adds a rate row, "ntp_tag" and "resolution_11" set the tags;
 * all in one transaction. */
int route_programmes_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	const char *tag = NULL;
	int r11 = -1;
	struct programme_rate_input rate = {0};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, programme_keys, &p);
		org_field_text(body, "ntp_tag", &tag, &p);
		json_t *v = json_object_get(body, "resolution_11");
		if (v && !json_is_boolean(v))
			problem_add(&p, TD_EINVAL, "resolution_11 must be true or false");
		else if (v)
			r11 = json_is_true(v);
		rc = problems_finish(&p);
	}
	json_t *nr = body ? json_object_get(body, "new_rate") : NULL;
	if (rc == TD_OK && nr)
		rc = rate_from_json(nr, &rate, err);
	if (rc == TD_OK)
		rc = bank_tx_begin(&ctx, err);
	if (rc == TD_OK) {
		if (nr)
			rc = programme_db_add_rate(&ctx, path_code(req), &rate, err);
		if (rc == TD_OK && (tag || r11 >= 0))
			rc = programme_db_set_tags(&ctx, path_code(req), tag, r11, err);
		if (rc == TD_OK)
			rc = bank_tx_commit(&ctx, err);
		else
			bank_tx_rollback(&ctx);
	}
	json_decref(body);
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = programme_db_get(&ctx, path_code(req), &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

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
	"household_id", "programme",	   "amount",	     "term_months",
	"purpose",	"purpose_flags",   "plan",	     "applied_on",
	"study_months", "contract_months", "contract_value", NULL};

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
	static const char *const keys[] = {"date",	   "minutes_no", "list_no",	  "org_rep",
					   "village_head", "votes_for",	 "votes_against", NULL};
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
		field_small(body, "votes_for", &v.votes_for, &p);
		field_small(body, "votes_against", &v.votes_against, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = application_vote(&ctx, id, &v, err);
	json_decref(body);
	return rc == TD_OK ? respond_application(&ctx, res, 200, id, err) : rc;
}

/* confirm and check: {"date"} only. */
static int dated_step(struct api_request *req, struct api_response *res, const char *pattern,
		      int check, struct td_error *err)
{
	static const char *const keys[] = {"date", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	td_date on = ORG_NO_DATE;
	int rc = step_start(req, pattern, keys, &ctx, &id, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_field_date(body, "date", &on, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = check ? application_check(&ctx, id, on, NULL, err)
			   : application_confirm(&ctx, id, on, err);
	json_decref(body);
	return rc == TD_OK ? respond_application(&ctx, res, 200, id, err) : rc;
}

int route_applications_confirm(struct api_request *req, struct api_response *res,
			       struct td_error *err)
{
	return dated_step(req, res, "/api/v1/applications/{id}/confirm", 0, err);
}

int route_applications_check(struct api_request *req, struct api_response *res,
			     struct td_error *err)
{
	return dated_step(req, res, "/api/v1/applications/{id}/check", 1, err);
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
