/* Route handlers of a loan's loss assessments (route_loan_assess.c; docs/loans.md "Risk
 * handling", R-RISK-1, R-EXT-1): the list, and a new assessment. router.c lists them. */
#ifndef TD_API_ROUTE_LOAN_ASSESS_H
#define TD_API_ROUTE_LOAN_ASSESS_H

#include "api/http.h"

int route_loan_assessments_list(struct api_request *req, struct api_response *res,
				struct td_error *err);
int route_loan_assessments_create(struct api_request *req, struct api_response *res,
				  struct td_error *err);

#endif
