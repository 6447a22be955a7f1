/*
 * GET /api/v1/snapshots?office=CODE|office_id=ID&date=YYYY-MM-DD: the month-end snapshot of
 * an office subtree (bank/snapshot.h, docs/month-end.md). The bank decides permission
 * (ACT_READ on the office, like the trial balance).
 */
#include "api/route_snapshot.h"

#include "api/org_params.h"
#include "bank/network.h"
#include "bank/snapshot.h"

/* Defaults: the actor's office, the last month end before the business date's month. */
int route_snapshots_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx = {0};
	int64_t office = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	td_date date = snapshot_default_date(ctx.business_date);
	if (rc == TD_OK)
		rc = org_query_office(req, &ctx, &office, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "date", &date, err);
	if (rc == TD_OK)
		rc = snapshot_get(&ctx, office, date, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}
