/*
 * /api/v1/params and /api/v1/calendar: the dated parameters (fee and commission rates, fee
 * tiers and split, savings minimum and ceiling, group score, office-check days) and the
 * working-day calendar (bank/param.h, bank/calendar.h; docs/parameters.md). Thin handlers:
 * parse, call the bank, answer JSON; permission is decided in the bank.
 */
#include <string.h>

#include "api/org_params.h"
#include "api/router.h"
#include "bank/calendar.h"
#include "bank/param.h"

/* ?date=YYYY-MM-DD: the values in force that day; the business date without it. */
int route_params_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *j = NULL;
	td_date day = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK) {
		day = ctx.business_date;
		rc = org_query_date(req, "date", &day, err);
	}
	if (rc == TD_OK)
		rc = param_list(&ctx, day, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* The item of param_list named name, for the answer to a write. */
static int item_of(struct td_ctx *ctx, const char *name, td_date day, json_t **out,
		   struct td_error *err)
{
	json_t *all = NULL, *p;
	size_t i;
	int rc = param_list(ctx, day, &all, err);
	if (rc != TD_OK)
		return rc;
	*out = NULL;
	json_array_foreach(json_object_get(all, "items"), i, p)
	{
		if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
			*out = json_incref(p);
	}
	json_decref(all);
	return *out ? TD_OK : td_error_set(err, TD_EINTERNAL, "parameter %s vanished", name);
}

/* POST {"name","scope","effective_from","value","source"}: a new dated value; 201 with the
 * parameter as on its effective date. */
int route_params_set(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"name",  "scope",  "effective_from",
					   "value", "source", NULL};
	struct td_ctx ctx;
	json_t *body = NULL, *j = NULL;
	struct param_input in = {.effective_from = ORG_NO_DATE};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_text(body, "name", &in.name, &p);
		org_field_text(body, "scope", &in.scope, &p);
		org_field_date(body, "effective_from", &in.effective_from, &p);
		org_field_text(body, "value", &in.value, &p);
		org_field_text(body, "source", &in.source, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = param_set(&ctx, &in, err);
	if (rc == TD_OK)
		rc = item_of(&ctx, in.name, in.effective_from, &j, err);
	json_decref(body);
	return rc == TD_OK ? api_respond_json(res, 201, j, err) : rc;
}

/* ?from=&to= (default: the business date's year): holidays and make-up days, and how many
 * working days the range holds. */
int route_calendar_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *j = NULL;
	td_date from = 0, to = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK) {
		int y = date_to_civil(ctx.business_date).year;
		rc = date_from_civil(y, 1, 1, &from, err);
		if (rc == TD_OK)
			rc = date_from_civil(y, 12, 31, &to, err);
	}
	if (rc == TD_OK)
		rc = org_query_date(req, "from", &from, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "to", &to, err);
	if (rc == TD_OK)
		rc = calendar_list(&ctx, from, to, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* POST {"day","kind":"holiday"|"working"|"normal","name"}: what the day is; 200 with the
 * calendar of the day's month. */
int route_calendar_set(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"day", "kind", "name", NULL};
	struct td_ctx ctx;
	json_t *body = NULL, *j = NULL;
	td_date day = ORG_NO_DATE;
	const char *kind = NULL, *name = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_date(body, "day", &day, &p);
		org_field_text(body, "kind", &kind, &p);
		org_field_text(body, "name", &name, &p);
		if (day == ORG_NO_DATE)
			problem_add(&p, TD_EINVAL, "field 'day' is missing (YYYY-MM-DD)");
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = calendar_set(&ctx, day, kind, name, err);
	if (rc == TD_OK) {
		struct td_civil c = date_to_civil(day);
		td_date first = day - c.day + 1;
		rc = calendar_list(&ctx, first, first + date_days_in_month(c.year, c.month) - 1, &j,
				   err);
	}
	json_decref(body);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
