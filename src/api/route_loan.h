/* Route handlers of loans (route_loan.c; docs/loans.md): disbursement from an approved
 * application (R-DIS-1), the loans of the actor's scope, one loan with its schedule and
 * the interest owed, repayments with their allocation (R-INT-1, R-PAY-1) and their
 * reversal (R-GL-1). router.c lists them. */
#ifndef TD_API_ROUTE_LOAN_H
#define TD_API_ROUTE_LOAN_H

#include "api/http.h"

int route_loans_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_loans_disburse(struct api_request *req, struct api_response *res, struct td_error *err);
int route_loans_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_loans_repay(struct api_request *req, struct api_response *res, struct td_error *err);
int route_loans_repayment_reverse(struct api_request *req, struct api_response *res,
				  struct td_error *err);

#endif
