/* Route handler of the month-end snapshots (route_snapshot.c, R-CLS-1): one office subtree at
 * a month end, compared with the month end before and the 31 December before. router.c
 * lists it. */
#ifndef TD_API_ROUTE_SNAPSHOT_H
#define TD_API_ROUTE_SNAPSHOT_H

#include "api/http.h"

int route_snapshots_get(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
