/*
 * /api/v1/groups: savings-and-loan groups, their members, moves, splits, merges
 * (R-ORG-2). Thin handlers: parse, call bank/group.h, answer the group as of the date of
 * the change. Permission is decided in the bank.
 */
#include <stdlib.h>
#include <string.h>

#include "api/org_params.h"
#include "bank/group.h"

#define GROUP_ID "/api/v1/groups/{id}"

/* The group as of date, with status. */
static int respond_group(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			 td_date on, struct td_error *err)
{
	json_t *j = NULL;
	int rc = group_get(ctx, id, on, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

/* Context, ids from the path, and the body of a write. */
static int begin_write(struct api_request *req, const char *pattern, struct td_ctx *ctx,
		       int64_t *ids, int n, json_t **body, struct td_error *err)
{
	int rc = api_ctx(req, ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(pattern, req->path, ids, n, err);
	if (rc == TD_OK)
		rc = org_body(req, body, err);
	return rc;
}

int route_groups_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct group_filter f = {.on = ORG_NO_DATE};
	int rc = api_ctx(req, &ctx, err);
	static const char *const ids[] = {"chapter_id", "village_id", "point_id", "office_id"};
	int64_t *outs[] = {&f.chapter_id, &f.village_id, &f.point_id, &f.office_id};
	for (int i = 0; i < 4 && rc == TD_OK; i++)
		rc = org_query_id(req, ids[i], outs[i], err);
	if (rc == TD_OK)
		rc = org_query_date(req, "on", &f.on, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &f.limit, &f.offset, err);
	f.org = api_query(req, "org");
	f.q = api_query(req, "q");
	const char *status = api_query(req, "status");
	if (rc == TD_OK && status) {
		if (strcmp(status, "open") == 0)
			f.status = GROUP_OPEN;
		else if (strcmp(status, "closed") == 0)
			f.status = GROUP_CLOSED;
		else if (strcmp(status, "all") == 0)
			f.status = GROUP_ANY;
		else
			rc = td_error_set(err, TD_EINVAL,
					  "query parameter status='%s': one of open, "
					  "closed, all",
					  status);
	}
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = group_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static const char *const founding_keys[] = {"code",
					    "name",
					    "village_id",
					    "chapter_id",
					    "point_id",
					    "officer_staff_id",
					    "decision_no",
					    "decision_date",
					    "founded_on",
					    "members",
					    "leader_household_id",
					    "deputy_household_id",
					    NULL};

int route_groups_create(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t *members = NULL;
	struct group_founding in = {.decision_date = ORG_NO_DATE, .founded_on = ORG_NO_DATE};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, founding_keys, &p);
		org_field_text(body, "code", &in.code, &p);
		org_field_text(body, "name", &in.name, &p);
		org_field_int(body, "village_id", &in.village_id, &p);
		org_field_int(body, "chapter_id", &in.chapter_id, &p);
		org_field_int(body, "point_id", &in.point_id, &p);
		org_field_int(body, "officer_staff_id", &in.officer_staff_id, &p);
		org_field_text(body, "decision_no", &in.decision_no, &p);
		org_field_date(body, "decision_date", &in.decision_date, &p);
		org_field_date(body, "founded_on", &in.founded_on, &p);
		org_field_ids(body, "members", &members, &in.n_members, &p);
		org_field_int(body, "leader_household_id", &in.leader_id, &p);
		org_field_int(body, "deputy_household_id", &in.deputy_id, &p);
		in.members = members;
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = group_create(&ctx, &in, &id, err);
	free(members);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 201, id, in.founded_on, err) : rc;
}

int route_groups_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	td_date on = ORG_NO_DATE;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(GROUP_ID, req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "as_of", &on, err);
	return rc == TD_OK ? respond_group(&ctx, res, 200, id, on, err) : rc;
}

/* PUT: name, decision_no, decision_date; absent fields stay. Assignments change through
 * /move, which keeps history. */
int route_groups_update(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"name", "decision_no", "decision_date", NULL};
	struct td_ctx ctx;
	json_t *body = NULL, *cur = NULL;
	int64_t id = 0;
	int rc = begin_write(req, GROUP_ID, &ctx, &id, 1, &body, err);
	if (rc == TD_OK)
		rc = group_get(&ctx, id, ORG_NO_DATE, &cur, err);
	struct group_edit in = {.decision_date = ORG_NO_DATE};
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		json_object_update(cur, body);
		org_field_text(cur, "name", &in.name, &p);
		org_field_text(cur, "decision_no", &in.decision_no, &p);
		org_field_date(cur, "decision_date", &in.decision_date, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = group_update(&ctx, id, &in, err);
	json_decref(body);
	json_decref(cur);
	return rc == TD_OK ? respond_group(&ctx, res, 200, id, ORG_NO_DATE, err) : rc;
}

int route_groups_history(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(GROUP_ID "/history", req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = group_history(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* GET members: as_of=DATE (default the business date) or all=1 for every period. */
int route_group_members_list(struct api_request *req, struct api_response *res,
			     struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0, limit = 0, offset = 0;
	td_date on = ORG_NO_DATE;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(GROUP_ID "/members", req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "as_of", &on, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &limit, &offset, err);
	const char *all = api_query(req, "all");
	int every = all && (strcmp(all, "1") == 0 || strcmp(all, "true") == 0);
	json_t *j = NULL;
	if (rc == TD_OK)
		rc = group_members(&ctx, id, on, every, limit, offset, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* Reads the listed fields of body with every problem reported; keys and their targets. */
struct field {
	const char *key;
	char kind; /* 'i' id, 't' text, 'd' date */
	void *out;
};

static int read_fields(json_t *body, const struct field *fields, struct td_error *err)
{
	const char *keys[12];
	size_t n = 0;
	struct org_problems p;
	problems_init(&p, err);
	for (; fields[n].key; n++) {
		keys[n] = fields[n].key;
		if (fields[n].kind == 'i')
			org_field_int(body, fields[n].key, fields[n].out, &p);
		else if (fields[n].kind == 't')
			org_field_text(body, fields[n].key, fields[n].out, &p);
		else
			org_field_date(body, fields[n].key, fields[n].out, &p);
	}
	keys[n] = NULL;
	org_fields_known(body, keys, &p);
	return problems_finish(&p);
}

int route_group_members_add(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0, household = 0;
	const char *role = NULL;
	td_date on = ORG_NO_DATE;
	const struct field fields[] = {{"household_id", 'i', &household},
				       {"role", 't', &role},
				       {"joined_on", 'd', &on},
				       {NULL, 0, NULL}};
	int rc = begin_write(req, GROUP_ID "/members", &ctx, &id, 1, &body, err);
	if (rc == TD_OK)
		rc = read_fields(body, fields, err);
	if (rc == TD_OK)
		rc = group_member_add(&ctx, id, household, role, on, err);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 201, id, on, err) : rc;
}

int route_group_member_leave(struct api_request *req, struct api_response *res,
			     struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t ids[2] = {0};
	td_date on = ORG_NO_DATE;
	const struct field fields[] = {{"left_on", 'd', &on}, {NULL, 0, NULL}};
	int rc = begin_write(req, GROUP_ID "/members/{hid}/leave", &ctx, ids, 2, &body, err);
	if (rc == TD_OK)
		rc = read_fields(body, fields, err);
	if (rc == TD_OK)
		rc = group_member_leave(&ctx, ids[0], ids[1], on, err);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 200, ids[0], on, err) : rc;
}

int route_group_member_role(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t ids[2] = {0};
	const char *role = NULL;
	td_date on = ORG_NO_DATE;
	const struct field fields[] = {{"role", 't', &role}, {"on", 'd', &on}, {NULL, 0, NULL}};
	int rc = begin_write(req, GROUP_ID "/members/{hid}/role", &ctx, ids, 2, &body, err);
	if (rc == TD_OK)
		rc = read_fields(body, fields, err);
	if (rc == TD_OK)
		rc = group_member_set_role(&ctx, ids[0], ids[1], role, on, err);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 200, ids[0], on, err) : rc;
}

int route_groups_move(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	struct group_move in = {.on = ORG_NO_DATE};
	const struct field fields[] = {{"chapter_id", 'i', &in.chapter_id},
				       {"point_id", 'i', &in.point_id},
				       {"officer_staff_id", 'i', &in.officer_staff_id},
				       {"on", 'd', &in.on},
				       {NULL, 0, NULL}};
	int rc = begin_write(req, GROUP_ID "/move", &ctx, &id, 1, &body, err);
	if (rc == TD_OK)
		rc = read_fields(body, fields, err);
	if (rc == TD_OK)
		rc = group_move(&ctx, id, &in, err);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 200, id, in.on, err) : rc;
}

int route_groups_split(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t *members = NULL;
	struct group_split in = {.on = ORG_NO_DATE, .decision_date = ORG_NO_DATE};
	int64_t new_id = 0;
	const struct field fields[] = {{"on", 'd', &in.on},
				       {"code", 't', &in.code},
				       {"name", 't', &in.name},
				       {"decision_no", 't', &in.decision_no},
				       {"decision_date", 'd', &in.decision_date},
				       {"leader_household_id", 'i', &in.leader_id},
				       {"deputy_household_id", 'i', &in.deputy_id},
				       {NULL, 0, NULL}};
	int rc = begin_write(req, GROUP_ID "/split", &ctx, &in.source_id, 1, &body, err);
	if (rc == TD_OK) {
		/* members is an array: read it, then the scalar fields without it. */
		struct org_problems p;
		problems_init(&p, err);
		org_field_ids(body, "members", &members, &in.n_members, &p);
		json_object_del(body, "members");
		rc = problems_finish(&p);
		in.members = members;
	}
	if (rc == TD_OK)
		rc = read_fields(body, fields, err);
	if (rc == TD_OK)
		rc = group_split(&ctx, &in, &new_id, err);
	free(members);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 201, new_id, in.on, err) : rc;
}

int route_groups_merge(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0, from = 0;
	td_date on = ORG_NO_DATE;
	const struct field fields[] = {
		{"from_group_id", 'i', &from}, {"on", 'd', &on}, {NULL, 0, NULL}};
	int rc = begin_write(req, GROUP_ID "/merge", &ctx, &id, 1, &body, err);
	if (rc == TD_OK)
		rc = read_fields(body, fields, err);
	if (rc == TD_OK)
		rc = group_merge(&ctx, id, from, on, err);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 200, id, on, err) : rc;
}

int route_groups_close(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	td_date on = ORG_NO_DATE;
	const struct field fields[] = {{"on", 'd', &on}, {NULL, 0, NULL}};
	int rc = begin_write(req, GROUP_ID "/close", &ctx, &id, 1, &body, err);
	if (rc == TD_OK)
		rc = read_fields(body, fields, err);
	if (rc == TD_OK)
		rc = group_close(&ctx, id, on, err);
	json_decref(body);
	return rc == TD_OK ? respond_group(&ctx, res, 200, id, on, err) : rc;
}
