/* Route handlers of the decisions on a loan (route_loan_event.c; docs/loans.md
 * "Extension, rollover, rescheduling, freeze and write-off", R-EXT-1, R-EXT-2, R-RISK-1):
 * the list, and a new decision (maker–checker: the approver is another director).
 * router.c lists them. */
#ifndef TD_API_ROUTE_LOAN_EVENT_H
#define TD_API_ROUTE_LOAN_EVENT_H

#include "api/http.h"

int route_loan_events_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_loan_events_create(struct api_request *req, struct api_response *res,
			     struct td_error *err);

#endif
