/* Route handler of the credit officer's worklist (route_worklist.c; bank/worklist.h,
 * docs/worklist.md). router.c lists it. */
#ifndef TD_API_ROUTE_WORKLIST_H
#define TD_API_ROUTE_WORKLIST_H

#include "api/http.h"

int route_worklist_get(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
