/*
 * Request parsing shared by the organisation and group routes (route_chapter.c,
 * route_group.c): JSON bodies whose every wrong field is reported at once, query
 * parameters, ids in the path. Dates are ISO "YYYY-MM-DD" strings, ids JSON integers.
 */
#ifndef TD_API_ORG_PARAMS_H
#define TD_API_ORG_PARAMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/http.h"
#include "base/money.h"
#include "bank/org_util.h"

/* The body as a JSON object; TD_EINVAL with line and column when it does not parse. */
int org_body(struct api_request *req, json_t **out, struct td_error *err);

/* Field readers: absent or null leaves the default (NULL, 0, ORG_NO_DATE); a value of the
 * wrong type or a malformed date is a problem naming the field. */
void org_field_text(json_t *o, const char *key, const char **out, struct org_problems *p);
void org_field_int(json_t *o, const char *key, int64_t *out, struct org_problems *p);
/* A required id: org_field_int, and a problem "field 'KEY' is missing (an id)" without it. */
void org_field_id(json_t *o, const char *key, int64_t *out, struct org_problems *p);
void org_field_date(json_t *o, const char *key, td_date *out, struct org_problems *p);
/* A required whole number of đồng: absent, a string or a fraction is a problem, so that no
 * amount passes through a double; the bank checks its range. */
void org_field_money(json_t *o, const char *key, td_money *out, struct org_problems *p);
/* An array of ids into a malloc'd array (*out NULL, *n 0 when absent). */
void org_field_ids(json_t *o, const char *key, int64_t **out, size_t *n, struct org_problems *p);
/* A problem for each key of o that is not in keys (NULL-terminated). */
void org_fields_known(json_t *o, const char *const *keys, struct org_problems *p);

/* Query parameters: absent leaves *out as it is. */
int org_query_id(struct api_request *req, const char *name, int64_t *out, struct td_error *err);
int org_query_date(struct api_request *req, const char *name, td_date *out, struct td_error *err);
/* "true" or "1", "false" or "0"; TD_EINVAL naming the parameter otherwise. */
int org_query_bool(struct api_request *req, const char *name, bool *out, struct td_error *err);
/* ?office=CODE or ?office_id=ID (not both), else the actor's office: the office a report
 * is about. TD_ENOTFOUND for an unknown code. */
int org_query_office(struct api_request *req, const struct td_ctx *ctx, int64_t *out,
		     struct td_error *err);
/* The Idempotency-Key header a write that books cash cannot do without (R-GL-3): TD_EINVAL
 * naming what (a payout, a remittance) when it is missing. */
int org_idem_required(const struct api_request *req, const char *what, struct td_error *err);

/* A report on an office as of a date: ?office=CODE or ?office_id=ID (default: the
 * actor's office) and ?date (default: the business date), answered 200 with what report
 * gives (trial_balance, cash_position). */
typedef int (*org_office_report)(struct td_ctx *ctx, int64_t office_id, td_date date,
				 json_t **out, struct td_error *err);
int org_office_report_route(struct api_request *req, struct api_response *res,
			    org_office_report report, struct td_error *err);

/* limit (1..500, default 0 = the bank's default) and offset. */
int org_query_page(struct api_request *req, int64_t *limit, int64_t *offset, struct td_error *err);

/* The {..} segments of path for pattern, as positive ids, in order. */
int org_path_ids(const char *pattern, const char *path, int64_t *ids, int max,
		 struct td_error *err);

/* A reversal request (route_loan.c, route_savings.c): the two ids of pattern in the path
 * and a body {"reason"} with no other field. *body holds the reason's text: the caller
 * releases it with json_decref after use, whatever the answer. */
int org_reversal_request(struct api_request *req, const char *pattern, int64_t ids[2],
			 json_t **body, const char **reason, struct td_error *err);

/* The item of a list's "items" whose "id" is id, taken out of the list (which is released):
 * a new reference, or NULL with TD_EINTERNAL in err naming what vanished. For the routes that
 * answer one new row as their list shows it. */
json_t *org_list_take(json_t *list, int64_t id, const char *what, struct td_error *err);

/* Route handlers (router.c lists them). */
int route_chapters_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_chapters_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_chapters_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_chapters_update(struct api_request *req, struct api_response *res, struct td_error *err);
int route_contracts_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_contracts_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_update(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_history(struct api_request *req, struct api_response *res, struct td_error *err);
int route_group_members_list(struct api_request *req, struct api_response *res,
			     struct td_error *err);
int route_group_members_add(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_group_member_leave(struct api_request *req, struct api_response *res,
			     struct td_error *err);
int route_group_member_role(struct api_request *req, struct api_response *res,
			    struct td_error *err);
int route_groups_move(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_split(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_merge(struct api_request *req, struct api_response *res, struct td_error *err);
int route_groups_close(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
