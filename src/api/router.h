/* The route table: method + path -> handler. Unknown path: 404; known path, other
 * method: 405 with Allow. Paths may end in "{id}" segments matched as one segment. */
#ifndef TD_API_ROUTER_H
#define TD_API_ROUTER_H

#include "api/http.h"

typedef int (*api_handler)(struct api_request *req, struct api_response *res,
			   struct td_error *err);

struct api_route {
	const char *method;
	const char *pattern; /* "/api/v1/health" */
	api_handler handler;
	int needs_store;     /* borrow a database connection for the call */
};

/* Finds the route for method and path. Returns TD_OK, TD_ENOTFOUND or TD_EMETHOD
 * (then *allow lists the methods that path accepts, static storage). */
int router_match(const char *method, const char *path, const struct api_route **out,
		 const char **allow);

/* The table, ending with a {NULL} entry; exposed for the spec-conformance test. */
extern const struct api_route api_routes[];

int route_health(struct api_request *req, struct api_response *res, struct td_error *err);
/* Households and poverty lists (route_household.c). */
int route_households_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_households_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_households_create(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_households_update(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_poverty_imports_list(struct api_request *req, struct api_response *res,
			       struct td_error *err);
int route_poverty_imports_create(struct api_request *req, struct api_response *res,
				 struct td_error *err);
/* Programmes, loan applications and the 04/TD notice (route_application.c). */
int route_params_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_params_set(struct api_request *req, struct api_response *res, struct td_error *err);
int route_calendar_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_calendar_set(struct api_request *req, struct api_response *res, struct td_error *err);
int route_programmes_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_programmes_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_programmes_update(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_applications_list(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_applications_create(struct api_request *req, struct api_response *res,
			      struct td_error *err);
int route_applications_get(struct api_request *req, struct api_response *res,
			   struct td_error *err);
int route_applications_vote(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_applications_confirm(struct api_request *req, struct api_response *res,
			       struct td_error *err);
int route_applications_check(struct api_request *req, struct api_response *res,
			     struct td_error *err);
int route_applications_decide(struct api_request *req, struct api_response *res,
			      struct td_error *err);
int route_notice_04td(struct api_request *req, struct api_response *res, struct td_error *err);
/* GET of anything outside /api/: the embedded web files. */
int route_static(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
