/*
 * /api/v1/points and /api/v1/staff: commune transaction points and the bank's staff.
 * Thin handlers: parse, call bank/network.h, answer JSON; the bank decides permission.
 * Reads take ?date=YYYY-MM-DD (default: the business date).
 */
#include <stdlib.h>
#include <string.h>

#include "api/net_params.h"
#include "api/route_network.h"

#define POINTS "/api/v1/points/"
#define STAFF "/api/v1/staff/"

static const char *const duties[] = {"leader", "controller", "teller"};

static int respond_point(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			 td_date on, struct td_error *err)
{
	json_t *j = NULL;
	int rc = point_get(ctx, id, on, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

static int respond_staff(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			 td_date on, struct td_error *err)
{
	json_t *j = NULL;
	int rc = staff_get(ctx, id, on, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

/* The list filters the point and staff lists share. */
static int list_params(struct api_request *req, struct td_ctx *ctx, td_date *on, int64_t *office_id,
		       struct net_page *page, struct td_error *err)
{
	int rc = api_ctx(req, ctx, err);
	*on = ctx->business_date;
	if (rc == TD_OK)
		rc = net_query_date(req, "date", on, err);
	if (rc == TD_OK)
		rc = net_query_int(req, "office_id", office_id, err);
	if (rc == TD_OK)
		rc = net_query_page(req, page, err);
	return rc;
}

int route_points_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct point_filter f = {.commune = api_query(req, "commune")};
	json_t *j = NULL;
	int rc = list_params(req, &ctx, &f.on, &f.office_id, &f.page, err);
	if (rc == TD_OK)
		rc = point_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* Fields shared by create and update; absent ones stay as they are. */
static void point_fields(struct net_fields *f, const char **name, const char **place, int *day,
			 bool *set_day, const char ***communes, size_t *n, bool *set_communes,
			 struct point_team *team, bool *set_team)
{
	int64_t t[3] = {team->leader, team->controller, team->teller};
	net_field_text(f, "name", name);
	net_field_text(f, "place", place);
	net_field_small_int(f, "meeting_day", day, set_day);
	net_field_strings(f, "communes", communes, n, set_communes);
	net_field_ints(f, "team", duties, t, 3, set_team);
	*team = (struct point_team){t[0], t[1], t[2]};
}

int route_points_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"code",  "office_id",   "name",
					   "place", "meeting_day", "communes",
					   "team",  "valid_from",  NULL};
	struct td_ctx ctx;
	struct point_input in = {0};
	const char **communes = NULL;
	json_t *body = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	in.valid_from = ctx.business_date;
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		bool set = false;
		net_fields_init(&f, body, keys, err);
		net_field_text(&f, "code", &in.code);
		net_field_int(&f, "office_id", &in.office_id);
		net_field_date(&f, "valid_from", &in.valid_from);
		point_fields(&f, &in.name, &in.place, &in.meeting_day, &set, &communes,
			     &in.n_communes, &set, &in.team, &set);
		rc = net_fields_end(&f);
	}
	in.communes = communes;
	if (rc == TD_OK)
		rc = point_create(&ctx, &in, &id, err);
	free(communes);
	json_decref(body);
	return rc == TD_OK ? respond_point(&ctx, res, 201, id, in.valid_from, err) : rc;
}

int route_points_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	td_date on = ctx.business_date;
	if (rc == TD_OK)
		rc = net_path_id(req->path, POINTS, &id, err);
	if (rc == TD_OK)
		rc = net_query_date(req, "date", &on, err);
	return rc == TD_OK ? respond_point(&ctx, res, 200, id, on, err) : rc;
}

int route_points_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"name", "place", "meeting_day", "communes",
					   "team", "date",  NULL};
	struct td_ctx ctx;
	struct point_change ch = {0};
	const char **communes = NULL;
	json_t *body = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	ch.from = ctx.business_date;
	if (rc == TD_OK)
		rc = net_path_id(req->path, POINTS, &id, err);
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_date(&f, "date", &ch.from);
		point_fields(&f, &ch.name, &ch.place, &ch.meeting_day, &ch.set_day, &communes,
			     &ch.n_communes, &ch.set_communes, &ch.team, &ch.set_team);
		rc = net_fields_end(&f);
	}
	ch.communes = communes;
	if (rc == TD_OK)
		rc = point_update(&ctx, id, &ch, err);
	free(communes);
	json_decref(body);
	return rc == TD_OK ? respond_point(&ctx, res, 200, id, ch.from, err) : rc;
}

int route_staff_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct staff_filter f = {.role = api_query(req, "role"),
				 .commune = api_query(req, "commune")};
	json_t *j = NULL;
	int rc = list_params(req, &ctx, &f.on, &f.office_id, &f.page, err);
	if (rc == TD_OK)
		rc = staff_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

int route_staff_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"office_id", "full_name",  "role", "phone",
					   "communes",	"valid_from", NULL};
	struct td_ctx ctx;
	struct staff_input in = {0};
	const char **communes = NULL, *role = "";
	json_t *body = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	in.valid_from = ctx.business_date;
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_int(&f, "office_id", &in.office_id);
		net_field_text(&f, "full_name", &in.full_name);
		net_field_text(&f, "role", &role);
		net_field_text(&f, "phone", &in.phone);
		net_field_strings(&f, "communes", &communes, &in.n_communes, NULL);
		net_field_date(&f, "valid_from", &in.valid_from);
		rc = net_fields_end(&f);
	}
	if (rc == TD_OK)
		rc = staff_role_parse(role, &in.role, err);
	in.communes = communes;
	if (rc == TD_OK)
		rc = staff_create(&ctx, &in, &id, err);
	free(communes);
	json_decref(body);
	return rc == TD_OK ? respond_staff(&ctx, res, 201, id, in.valid_from, err) : rc;
}

int route_staff_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	td_date on = ctx.business_date;
	if (rc == TD_OK)
		rc = net_path_id(req->path, STAFF, &id, err);
	if (rc == TD_OK)
		rc = net_query_date(req, "date", &on, err);
	return rc == TD_OK ? respond_staff(&ctx, res, 200, id, on, err) : rc;
}

/* PUT /api/v1/staff/{id}: full_name, phone, role, communes (replaced from "date"), and
 * "left": true to end the employment on "date". */
int route_staff_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"full_name", "phone", "role", "communes",
					   "left",	"date",	 NULL};
	struct td_ctx ctx;
	struct staff_change ch = {0};
	const char **communes = NULL, *role = NULL;
	json_t *body = NULL;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	ch.from = ctx.business_date;
	if (rc == TD_OK)
		rc = net_path_id(req->path, STAFF, &id, err);
	if (rc == TD_OK)
		rc = net_body(req, &body, err);
	if (rc == TD_OK) {
		struct net_fields f;
		net_fields_init(&f, body, keys, err);
		net_field_text(&f, "full_name", &ch.full_name);
		net_field_text(&f, "phone", &ch.phone);
		net_field_text(&f, "role", &role);
		net_field_strings(&f, "communes", &communes, &ch.n_communes, &ch.set_communes);
		net_field_bool(&f, "left", &ch.set_left);
		net_field_date(&f, "date", &ch.from);
		rc = net_fields_end(&f);
	}
	ch.set_role = role != NULL;
	if (rc == TD_OK && role)
		rc = staff_role_parse(role, &ch.role, err);
	ch.communes = communes;
	if (rc == TD_OK)
		rc = staff_update(&ctx, id, &ch, err);
	free(communes);
	json_decref(body);
	/* After leaving, the person is read as of the last day employed. */
	td_date on = ch.set_left ? ch.from - 1 : ch.from;
	return rc == TD_OK ? respond_staff(&ctx, res, 200, id, on, err) : rc;
}
