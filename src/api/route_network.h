/* Route handlers of the network (route_network.c): offices, admin units, villages,
 * commune points and staff. router.c lists them. */
#ifndef TD_API_ROUTE_NETWORK_H
#define TD_API_ROUTE_NETWORK_H

#include "api/http.h"

int route_offices_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_offices_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_offices_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_offices_update(struct api_request *req, struct api_response *res, struct td_error *err);
int route_offices_merge(struct api_request *req, struct api_response *res, struct td_error *err);
int route_admin_units_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_villages_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_villages_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_points_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_points_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_points_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_points_update(struct api_request *req, struct api_response *res, struct td_error *err);
int route_staff_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_staff_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_staff_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_staff_update(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
