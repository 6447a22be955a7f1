/*
 * POST /api/v1/fee-payouts {"office_id","month":"YYYY-MM"}: pays the district, province and
 * centre shares of the entrustment fees of the office's month end (R-FEE-1), once. Thin:
 * parse, call bank/fee_payout.h, answer JSON; the bank decides permission (ACT_FEE_PAY on
 * the office). The Idempotency-Key header is required, as for every booking of cash: a
 * retry gets the first answer. 201 with the payout; 200 with "already_paid": true when the
 * office x month was paid before (nothing booked).
 */
#include "api/route_fee_payout.h"

#include "api/org_params.h"
#include "bank/fee_payout.h"
#include "bank/month_end.h"

int route_fee_payouts_create(struct api_request *req, struct api_response *res,
			     struct td_error *err)
{
	static const char *const keys[] = {"office_id", "month", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t office = 0;
	const char *month = NULL;
	td_date first = 0, last = 0;
	struct fee_payout_result r;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_idem_required(req, "a payout", err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_id(body, "office_id", &office, &p);
		org_field_text(body, "month", &month, &p);
		struct td_error e = {0};
		if (month_end_parse_month(month, &first, &last, &e) != TD_OK)
			problem_add(&p, TD_EINVAL, "field 'month': %s", e.msg);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = fee_payout_upper(&ctx, office, first, &r, err);
	json_decref(body);
	if (rc != TD_OK)
		return rc;
	json_t *j = fee_payout_json(&r);
	if (!j)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	return api_respond_json(res, r.already_paid ? 200 : 201, j, err);
}
