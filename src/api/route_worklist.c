/*
 * GET /api/v1/worklist?date=YYYY-MM-DD&officer=STAFF_ID: the credit officer's worklist in
 * the actor's scope (bank/worklist.h): loans inactive 3 months (R-INACT-1), overdue loans
 * by age (R-DUE-1), instalments due at each point's next session (R-SES-1). The bank
 * decides what the actor may read.
 */
#include "api/route_worklist.h"

#include "api/org_params.h"
#include "bank/worklist.h"

int route_worklist_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx = {0};
	struct worklist_input in = {.on = ORG_NO_DATE};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "date", &in.on, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "officer", &in.officer_id, err);
	if (rc == TD_OK)
		rc = worklist_get(&ctx, &in, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
