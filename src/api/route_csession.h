/* Route handlers of the monthly commune session (route_csession.c; docs/sessions.md,
 * R-SES-1, R-SES-2): finding, opening, reading and closing a session, its 13/TD lists and
 * the batches of cash recorded at the desk. router.c lists them. */
#ifndef TD_API_ROUTE_CSESSION_H
#define TD_API_ROUTE_CSESSION_H

#include "api/http.h"

int route_csessions_find(struct api_request *req, struct api_response *res, struct td_error *err);
int route_csessions_open(struct api_request *req, struct api_response *res, struct td_error *err);
int route_csessions_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_csessions_groups(struct api_request *req, struct api_response *res, struct td_error *err);
int route_csessions_record(struct api_request *req, struct api_response *res, struct td_error *err);
int route_csessions_close(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
