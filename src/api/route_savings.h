/* Route handlers of member savings (route_savings.c, R-SAV-1; docs/savings.md): accounts,
 * deposits, withdrawals and their reversal, interest and the branches' deposit rates.
 * router.c lists them. */
#ifndef TD_API_ROUTE_SAVINGS_H
#define TD_API_ROUTE_SAVINGS_H

#include "api/http.h"

int route_savings_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_savings_open(struct api_request *req, struct api_response *res, struct td_error *err);
int route_savings_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_savings_deposit(struct api_request *req, struct api_response *res, struct td_error *err);
int route_savings_withdraw(struct api_request *req, struct api_response *res,
			   struct td_error *err);
int route_savings_interest(struct api_request *req, struct api_response *res,
			   struct td_error *err);
int route_savings_txn_reverse(struct api_request *req, struct api_response *res,
			      struct td_error *err);
int route_savings_rates(struct api_request *req, struct api_response *res, struct td_error *err);
int route_savings_rate_set(struct api_request *req, struct api_response *res,
			   struct td_error *err);

#endif
