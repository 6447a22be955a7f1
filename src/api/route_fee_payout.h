/* Route handler paying the upper shares of the entrustment fee of an office x month
 * (route_fee_payout.c; bank/fee_payout.h, R-FEE-1, docs/month-end.md). router.c lists it. */
#ifndef TD_API_ROUTE_FEE_PAYOUT_H
#define TD_API_ROUTE_FEE_PAYOUT_H

#include "api/http.h"

int route_fee_payouts_create(struct api_request *req, struct api_response *res,
			     struct td_error *err);

#endif
