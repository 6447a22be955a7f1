/*
 * /api/v1/cash-position, /api/v1/cash-remittances, /api/v1/vault-limits: the vault of
 * R-CASH-1 (docs/cash.md). Thin handlers: parse, call bank/cash.h, answer JSON; the bank
 * decides permission (remittances: ACT_CASH_REMIT on the office; limits: ACT_CASH_LIMIT on
 * the office above it; reads: ACT_READ). Money is a JSON integer of đồng.
 */
#include "api/route_cash.h"

#include <string.h>

#include "api/org_params.h"
#include "bank/cash.h"

/* ?office=CODE or ?office_id=ID (default: the actor's office), ?date (default: the
 * business date). */
int route_cash_position(struct api_request *req, struct api_response *res, struct td_error *err)
{
	return org_office_report_route(req, res, cash_position, err);
}

static int remit_from_json(json_t *body, td_date today, struct cash_remit_input *in,
			   struct td_error *err)
{
	static const char *const keys[] = {
		"office_id", "direction", "counterparty", "amount", "date", "note", NULL};
	const char *dir = NULL, *to = NULL;
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, keys, &p);
	org_field_id(body, "office_id", &in->office_id, &p);
	org_field_text(body, "direction", &dir, &p);
	org_field_text(body, "counterparty", &to, &p);
	org_field_money(body, "amount", &in->amount, &p);
	in->on = today;
	org_field_date(body, "date", &in->on, &p);
	org_field_text(body, "note", &in->note, &p);
	struct td_error one = {0};
	if (cash_direction_parse(dir, &in->dir, &one) != TD_OK)
		problem_add(&p, one.code, "%s", one.msg);
	if (cash_counterparty_parse(to, &in->counterparty, &one) != TD_OK)
		problem_add(&p, one.code, "%s", one.msg);
	return problems_finish(&p);
}

/* POST {"office_id","direction":"remit"|"receive","counterparty":"bank"|"branch","amount",
 * "date" (default: the business date, the only one accepted),"note"}: 201 with what was
 * booked. The Idempotency-Key header is required, as for every booking of cash: a retry
 * gets the first answer and books nothing (R-GL-3, idempotency.c). */
int route_cash_remit(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL, *j = NULL;
	struct cash_remit_input in = {0};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_idem_required(req, "a remittance", err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = remit_from_json(body, ctx.business_date, &in, err);
	if (rc == TD_OK)
		rc = cash_remit(&ctx, &in, &j, err);
	json_decref(body);
	return rc == TD_OK ? api_respond_json(res, 201, j, err) : rc;
}

/* ?office=CODE or ?office_id=ID (default: the actor's office): its limits, newest first. */
int route_vault_limits_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t office = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_office(req, &ctx, &office, err);
	if (rc == TD_OK)
		rc = cash_limits(&ctx, office, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* The new row as the list shows it, with its office. */
static int respond_limit(struct td_ctx *ctx, struct api_response *res, int64_t office, int64_t id,
			 struct td_error *err)
{
	json_t *all = NULL;
	int rc = cash_limits(ctx, office, &all, err);
	if (rc != TD_OK)
		return rc;
	json_t *row = NULL, *item;
	size_t i;
	json_array_foreach(json_object_get(all, "items"), i, item)
	{
		if (json_integer_value(json_object_get(item, "id")) == id)
			row = json_incref(item);
	}
	if (row) {
		json_object_set(row, "office_id", json_object_get(all, "office_id"));
		json_object_set(row, "office_code", json_object_get(all, "office_code"));
	}
	json_decref(all);
	if (!row)
		return td_error_set(err, TD_EINTERNAL, "vault limit %lld is not listed",
				    (long long)id);
	return api_respond_json(res, 201, row, err);
}

/* POST {"office_id","amount","effective_from","note"}: a new limit (R-CASH-1). */
int route_vault_limits_create(struct api_request *req, struct api_response *res,
			      struct td_error *err)
{
	static const char *const keys[] = {"office_id", "amount", "effective_from", "note", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t office = 0, id = 0;
	td_money amount = 0;
	td_date from = ORG_NO_DATE;
	const char *note = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_id(body, "office_id", &office, &p);
		org_field_money(body, "amount", &amount, &p);
		org_field_date(body, "effective_from", &from, &p);
		org_field_text(body, "note", &note, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = cash_limit_set(&ctx, office, amount, from, note, &id, err);
	if (rc == TD_OK)
		rc = respond_limit(&ctx, res, office, id, err);
	json_decref(body);
	return rc;
}
