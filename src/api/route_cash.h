/* Route handlers of cash (route_cash.c; bank/cash.h, R-CASH-1, docs/cash.md): the cash
 * position, remittances and vault limits. router.c lists them. */
#ifndef TD_API_ROUTE_CASH_H
#define TD_API_ROUTE_CASH_H

#include "api/http.h"

int route_cash_position(struct api_request *req, struct api_response *res, struct td_error *err);
int route_cash_remit(struct api_request *req, struct api_response *res, struct td_error *err);
int route_vault_limits_list(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_vault_limits_create(struct api_request *req, struct api_response *res,
			      struct td_error *err);

#endif
