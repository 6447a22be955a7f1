/*
 * /api/v1/capital-sources, /api/v1/trial-balance, /api/v1/ledger/...: the books
 * (docs/ledger.md). Thin handlers: parse, call bank/capital.h, trial_balance.h, ledger.h,
 * chart.h, answer JSON; the bank decides permission (capital writes: ACT_CAPITAL_WRITE;
 * reads: ACT_READ). Money is a JSON integer of đồng, never a number with a fraction.
 */
#include "api/route_ledger.h"

#include <string.h>

#include "api/org_params.h"
#include "bank/capital.h"
#include "bank/chart.h"
#include "bank/ledger.h"
#include "bank/network.h"
#include "bank/trial_balance.h"

#define SOURCE_PATH "/api/v1/capital-sources/{id}"
#define TRANSFER_PATH "/api/v1/capital-sources/{id}/transfers"

int route_capital_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t limit = 0, offset = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &limit, &offset, err);
	if (rc == TD_OK)
		rc = capital_list(&ctx, limit, offset, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static int respond_source(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			  struct td_error *err)
{
	json_t *j = NULL;
	int rc = capital_get(ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

int route_capital_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"code",	     "kind",	 "name",
					   "office_id",	     "investor", "investor_code",
					   "investor_level", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	struct capital_input in = {0};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_text(body, "code", &in.code, &p);
		org_field_text(body, "kind", &in.kind, &p);
		org_field_text(body, "name", &in.name, &p);
		org_field_int(body, "office_id", &in.office_id, &p);
		org_field_text(body, "investor", &in.investor, &p);
		org_field_text(body, "investor_code", &in.investor_code, &p);
		org_field_text(body, "investor_level", &in.investor_level, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = capital_create(&ctx, &in, &id, err);
	json_decref(body);
	return rc == TD_OK ? respond_source(&ctx, res, 201, id, err) : rc;
}

int route_capital_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(SOURCE_PATH, req->path, &id, 1, err);
	return rc == TD_OK ? respond_source(&ctx, res, 200, id, err) : rc;
}

struct transfer_req {
	const char *direction, *note;
	enum capital_direction dir;
	td_money amount;
};

static int transfer_from_json(json_t *body, struct transfer_req *t, struct td_error *err)
{
	static const char *const keys[] = {"direction", "amount", "note", NULL};
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, keys, &p);
	org_field_text(body, "direction", &t->direction, &p);
	org_field_money(body, "amount", &t->amount, &p);
	org_field_text(body, "note", &t->note, &p);
	struct td_error one = {0};
	if (capital_direction_parse(t->direction, &t->dir, &one) != TD_OK)
		problem_add(&p, one.code, "%s", one.msg);
	return problems_finish(&p);
}

/* The answer of a transfer: what was booked, and the source's figures after it. */
static int respond_transfer(struct td_ctx *ctx, struct api_response *res, int64_t source,
			    const struct transfer_req *t, int64_t transfer_id, int64_t entry_id,
			    struct td_error *err)
{
	json_t *src = NULL;
	int rc = capital_get(ctx, source, &src, err);
	if (rc != TD_OK)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	json_t *j = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:I, s:o}", "id",
			      (json_int_t)transfer_id, "source_id", (json_int_t)source, "direction",
			      t->dir == CAPITAL_IN ? "in" : "out", "amount", (json_int_t)t->amount,
			      "note", t->note ? t->note : "", "business_date",
			      date_format_iso(ctx->business_date, iso, sizeof iso), "entry_id",
			      (json_int_t)entry_id, "source", src);
	if (!j)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	return api_respond_json(res, 201, j, err);
}

/* POST {"direction":"in"|"out","amount":N,"note":"..."}: vốn về / hoàn trả (R-CAP-1).
 * A replay under the same Idempotency-Key gets this answer again and books nothing
 * (R-GL-3, idempotency.c). */
int route_capital_transfer(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct transfer_req t = {0};
	int64_t source = 0, transfer_id = 0, entry_id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(TRANSFER_PATH, req->path, &source, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = transfer_from_json(body, &t, err);
	if (rc == TD_OK)
		rc = capital_transfer(&ctx, source, t.dir, t.amount, t.note, &transfer_id,
				      &entry_id, err);
	if (rc == TD_OK)
		rc = respond_transfer(&ctx, res, source, &t, transfer_id, entry_id, err);
	json_decref(body);
	return rc;
}

/* ?office=CODE or ?office_id=ID (default: the actor's office), ?date (default: the
 * business date). */
int route_trial_balance(struct api_request *req, struct api_response *res, struct td_error *err)
{
	return org_office_report_route(req, res, trial_balance, err);
}

/* ?office_id (default: the actor's office), from, to, limit, offset. */
int route_ledger_entries(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct ledger_filter f = {.from = ORG_NO_DATE, .to = ORG_NO_DATE};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "office_id", &f.office_id, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "from", &f.from, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "to", &f.to, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &f.limit, &f.offset, err);
	if (rc == TD_OK)
		rc = ledger_entries(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* The chart of accounts is reference data of the whole bank, like the geography: every
 * signed-in user reads it. {"items":[...]} leaves room for more keys later. */
int route_ledger_accounts(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *types = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = chart_list(ctx.store, &types, err);
	if (rc != TD_OK)
		return rc;
	json_t *j = json_pack("{s:o}", "items", types);
	return j ? api_respond_json(res, 200, j, err)
		 : td_error_set(err, TD_ENOMEM, "out of memory");
}
