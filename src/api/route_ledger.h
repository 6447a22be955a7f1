/* Route handlers of the books (route_ledger.c): capital sources and their transfers
 * (R-CAP-1), the trial balance, ledger entries and the chart of accounts (R-GL-1).
 * router.c lists them. */
#ifndef TD_API_ROUTE_LEDGER_H
#define TD_API_ROUTE_LEDGER_H

#include "api/http.h"

int route_capital_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_capital_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_capital_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_capital_transfer(struct api_request *req, struct api_response *res, struct td_error *err);
int route_trial_balance(struct api_request *req, struct api_response *res, struct td_error *err);
int route_ledger_entries(struct api_request *req, struct api_response *res, struct td_error *err);
int route_ledger_accounts(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
