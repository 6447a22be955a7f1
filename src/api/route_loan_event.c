/*
 * GET /api/v1/loans/{id}/events: the decisions that changed a loan after disbursement
 * (extension, rollover, rescheduling, freeze, unfreeze, write-off; R-EXT-1, R-EXT-2,
 * R-RISK-1), oldest first, with the terms before and after each. A thin handler over
 * bank/loan_event.h, which checks ACT_READ on the loan.
 */
#include "api/route_loan_event.h"

#include "api/org_params.h"
#include "bank/loan_event.h"

#define EVENTS_PATH "/api/v1/loans/{id}/events"

int route_loan_events_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(EVENTS_PATH, req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = loan_events(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
