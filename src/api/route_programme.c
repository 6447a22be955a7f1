/*
 * /api/v1/programmes: programmes with their rate history, dated terms and tags (R-PRG-1,
 * R-PRG-2, R-RATE-1). Thin handlers: parse, call bank/programme_db.c, answer JSON.
 * Permission is decided in the bank. Rates travel as percent strings ("7.92"), never as
 * JSON numbers with a fraction (money and rates never pass through double).
 */
#include <stdlib.h>
#include <string.h>

#include "api/org_params.h"
#include "api/router.h"
#include "bank/programme_db.h"

/* The programme code: the path segment after /api/v1/programmes/. */
static const char *path_code(struct api_request *req)
{
	static const char prefix[] = "/api/v1/programmes/";
	return req->path + strlen(prefix);
}

/* ?date=YYYY-MM-DD: the terms in force that day; the business date without it. */
static int query_day(struct api_request *req, const struct td_ctx *ctx, td_date *out,
		     struct td_error *err)
{
	*out = ctx->business_date;
	return org_query_date(req, "date", out, err);
}

int route_programmes_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *j = NULL;
	td_date day = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = query_day(req, &ctx, &day, err);
	if (rc == TD_OK)
		rc = programme_db_list(&ctx, day, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_programmes_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *j = NULL;
	td_date day = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = query_day(req, &ctx, &day, err);
	if (rc == TD_OK)
		rc = programme_db_get(&ctx, path_code(req), day, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static const char *const rate_keys[] = {"effective_from",   "outstanding_from", "rate_pct",
					"reduced_rate_pct", "reduced_for",	"source",
					NULL};
static const char *const programme_keys[] = {"new_rate", "new_terms", "ntp_tag", "resolution_11",
					     NULL};

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
	org_field_text(o, "source", &in->source, &p);
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

static const char *const terms_keys[] = {
	"effective_from", "source",	  "channel",   "max_term_months", "grace_months",
	"collateral_above", "roll_forward", "overdue_pct", "statuses",	  "flags_all",
	"flags_any",	  "caps",	  NULL};
static const char *const cap_keys[] = {"scope", "when", "kind", "amount", "pct", NULL};

/* A whole number that fits an int, -1 when absent. */
static void field_count(json_t *o, const char *key, int *out, struct org_problems *p)
{
	int64_t v = -1;
	org_field_int(o, key, &v, p);
	if (v < -1 || v > 100000)
		problem_add(p, TD_EINVAL, "%s %lld is out of range 0..100000", key, (long long)v);
	*out = (int)v;
}

static void cap_from_json(json_t *c, size_t i, struct prg_cap *out, struct org_problems *p)
{
	const char *scope = NULL, *kind = NULL, *when = NULL;
	int64_t amount = 0, pct = 0;
	struct td_error e = {0};
	if (!json_is_object(c)) {
		problem_add(p, TD_EINVAL, "caps[%zu] must be an object", i);
		return;
	}
	org_fields_known(c, cap_keys, p);
	org_field_text(c, "scope", &scope, p);
	org_field_text(c, "kind", &kind, p);
	org_field_text(c, "when", &when, p);
	org_field_int(c, "amount", &amount, p);
	org_field_int(c, "pct", &pct, p);
	if (programme_cap_scope_parse(scope, &out->scope, &e) != TD_OK ||
	    programme_cap_kind_parse(kind, &out->kind, &e) != TD_OK ||
	    programme_flags_parse(when ? when : "", &out->when, &e) != TD_OK)
		problem_add(p, TD_EINVAL, "caps[%zu]: %s", i, e.msg);
	if (pct < 0 || pct > 100)
		problem_add(p, TD_EINVAL, "caps[%zu].pct %lld is outside 0..100", i, (long long)pct);
	out->amount = amount;
	out->pct = (int)pct;
}

/* new_terms: what is given replaces the version in force on effective_from. caps (when
 * given) replace every cap; `out` holds them. */
static int terms_from_json(json_t *o, struct programme_terms_input *in, struct prg_cap *caps,
			   struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	*in = (struct programme_terms_input){.effective_from = ORG_NO_DATE,
					     .collateral_above = PROGRAMME_KEEP};
	if (!json_is_object(o)) {
		problem_add(&p, TD_EINVAL, "new_terms must be an object");
		return problems_finish(&p);
	}
	org_fields_known(o, terms_keys, &p);
	org_field_date(o, "effective_from", &in->effective_from, &p);
	org_field_text(o, "source", &in->source, &p);
	org_field_text(o, "channel", &in->channel, &p);
	field_count(o, "max_term_months", &in->max_term_months, &p);
	field_count(o, "grace_months", &in->grace_months, &p);
	field_count(o, "overdue_pct", &in->overdue_pct, &p);
	org_field_text(o, "statuses", &in->statuses, &p);
	org_field_text(o, "flags_all", &in->flags_all, &p);
	org_field_text(o, "flags_any", &in->flags_any, &p);
	json_t *v = json_object_get(o, "roll_forward");
	in->roll_forward = v ? json_is_true(v) : -1;
	if (v && !json_is_boolean(v))
		problem_add(&p, TD_EINVAL, "roll_forward must be true or false");
	v = json_object_get(o, "collateral_above");
	if (v && json_is_null(v))
		in->collateral_above = PRG_NO_COLLATERAL;
	else if (v)
		org_field_money(o, "collateral_above", &in->collateral_above, &p);
	json_t *c = json_object_get(o, "caps");
	if (c && (!json_is_array(c) || json_array_size(c) > PROGRAMME_DB_CAPS_MAX))
		problem_add(&p, TD_EINVAL, "caps must be an array of at most %d caps",
			    PROGRAMME_DB_CAPS_MAX);
	else if (c) {
		for (size_t i = 0; i < json_array_size(c); i++)
			cap_from_json(json_array_get(c, i), i, &caps[i], &p);
		in->caps = caps;
		in->ncaps = json_array_size(c);
	}
	return problems_finish(&p);
}

/* PUT: {"new_rate":{...}} adds a rate row, {"new_terms":{...}} a terms version,
 * "ntp_tag" and "resolution_11" set the tags; all in one transaction. */
int route_programmes_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	const char *tag = NULL;
	int r11 = -1;
	struct programme_rate_input rate = {0};
	struct programme_terms_input terms = {0};
	struct prg_cap caps[PROGRAMME_DB_CAPS_MAX];
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
	json_t *nt = body ? json_object_get(body, "new_terms") : NULL;
	if (rc == TD_OK && nr)
		rc = rate_from_json(nr, &rate, err);
	if (rc == TD_OK && nt)
		rc = terms_from_json(nt, &terms, caps, err);
	if (rc == TD_OK)
		rc = bank_tx_begin(&ctx, err);
	if (rc == TD_OK) {
		if (nr)
			rc = programme_db_add_rate(&ctx, path_code(req), &rate, err);
		if (rc == TD_OK && nt)
			rc = programme_db_add_terms(&ctx, path_code(req), &terms, err);
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
		rc = programme_db_get(&ctx, path_code(req), ctx.business_date, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

