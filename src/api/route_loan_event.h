/* Route handler of the decisions recorded on a loan (route_loan_event.c; docs/loans.md
 * "Extension, rollover, rescheduling, freeze and write-off", R-EXT-1, R-EXT-2, R-RISK-1).
 * router.c lists it. */
#ifndef TD_API_ROUTE_LOAN_EVENT_H
#define TD_API_ROUTE_LOAN_EVENT_H

#include "api/http.h"

int route_loan_events_list(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
