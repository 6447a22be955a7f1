/* Route handlers of the 2025 merger (route_merger.c): the import of the new map and the
 * decisions on villages of split communes. router.c lists them. */
#ifndef TD_API_ROUTE_MERGER_H
#define TD_API_ROUTE_MERGER_H

#include "api/http.h"

int route_admin_2025_import(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_village_splits_list(struct api_request *req, struct api_response *res,
			      struct td_error *err);
int route_village_splits_decide(struct api_request *req, struct api_response *res,
				struct td_error *err);
int route_village_splits_accept(struct api_request *req, struct api_response *res,
				struct td_error *err);

#endif
