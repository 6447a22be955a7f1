/*
 * Reading groups as of a date: the group with the assignment of that date, its members
 * then, its assignment history, and lists (R-ORG-1: a question about a past date sees the
 * past).
 */
#include <stdio.h>
#include <string.h>

#include "bank/commune_at.h"
#include "bank/group.h"
#include "bank/group_internal.h"

/* "Latest" as a date string: after every real date (td_date cannot hold year 9999). No
 * date means the latest state recorded, changes dated after the business date included:
 * a bank whose business date lags still sees the groups it has just written. */
static const char latest[] = "9999-12-31";

static const char *day_text(td_date d, char *buf)
{
	return d == ORG_NO_DATE ? latest : org_iso(d, buf);
}

static const struct org_col snapshot_cols[] = {
	{"id", 'i'},
	{"code", 't'},
	{"name", 't'},
	{"village_id", 'i'},
	{"village_name", 't'},
	{"commune_code", 't'},
	{"chapter_id", 'i'},
	{"chapter_name", 't'},
	{"org", 't'},
	{"point_id", 'i'},
	{"officer_staff_id", 'i'},
	{"office_id", 'i'},
	{"decision_no", 't'},
	{"decision_date", 't'},
	{"founded_on", 't'},
	{"closed_on", 't'},
	{"close_reason", 't'},
	{"merged_into", 'i'},
	{"split_from", 'i'},
	{NULL, 0},
};

/* The latest version starting on or before the date: a closed group keeps showing the
 * assignment it had when it closed; commune_code is its village's commune on the date
 * (commune_at.h). */
static const char snapshot_sql[] =
	"SELECT g.id, g.code, g.name, g.village_id, vi.name, " COMMUNE_OF_VILLAGE(
		"g.village_id") ", "
				"v.chapter_id, c.name, c.org, "
				"v.point_id, v.officer_staff_id, v.office_id, g.decision_no, "
				"g.decision_date, "
				"g.founded_on, g.closed_on, g.close_reason, g.merged_into, "
				"g.split_from "
				"FROM savings_group g JOIN group_version v ON v.group_id = g.id "
				"JOIN org_chapter c ON c.id = v.chapter_id LEFT JOIN village vi ON "
				"vi.id = g.village_id "
				"WHERE g.id = ? AND v.valid_from <= ? ORDER BY v.valid_from DESC "
				"LIMIT 1";

/* Members on the date (as text): count, leader, deputy, and the ids when with_members. */
static int add_members(struct td_store *s, json_t *o, int64_t id, const char *on, int with_members,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT household_id, role FROM group_member WHERE group_id = ? AND "
		"joined_on <= ? AND (left_on IS NULL OR left_on > ?) ORDER BY household_id",
		"itt", id, on, on);
	if (rc != TD_OK)
		return rc;
	json_int_t count = 0;
	json_t *leader = json_null(), *deputy = json_null(), *ids = json_array();
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		int64_t h = stmt_column_int64(st, 0);
		const char *role = stmt_column_text(st, 1);
		count++;
		if (strcmp(role, "leader") == 0)
			leader = json_integer(h);
		else if (strcmp(role, "deputy") == 0)
			deputy = json_integer(h);
		json_array_append_new(ids, json_integer(h));
	}
	stmt_finalize(st);
	json_object_set_new(o, "members_count", json_integer(count));
	json_object_set_new(o, "leader_household_id", leader);
	json_object_set_new(o, "deputy_household_id", deputy);
	if (with_members)
		json_object_set_new(o, "members", ids);
	else
		json_decref(ids);
	return rc == TD_DONE ? TD_OK : rc;
}

static int not_yet(struct td_store *s, int64_t id, const char *on, struct td_error *err)
{
	struct group_row g;
	int rc = group_row_load(s, id, &g, err);
	if (rc != TD_OK)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	return td_error_set(err, TD_ENOTFOUND, "group %s was founded on %s; it did not exist on %s",
			    g.code, org_iso(g.founded_on, iso), on);
}

int group_snapshot(struct td_store *s, int64_t id, td_date as_of, int with_members, json_t **out,
		   struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	const char *on = day_text(as_of, iso);
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, snapshot_sql, "ttit", on, on, id, on);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	json_t *o = NULL;
	if (rc == TD_ROW) {
		o = org_row_json(st, snapshot_cols, 0);
		rc = o ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return not_yet(s, id, on, err);
	if (rc == TD_OK) {
		json_object_set_new(o, "as_of",
				    as_of == ORG_NO_DATE ? json_null() : json_string(on));
		rc = add_members(s, o, id, on, with_members, err);
	}
	if (rc != TD_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return TD_OK;
}

/* The permission to read group id, decided on its current scope. */
static int check_read(struct td_ctx *ctx, int64_t id, struct td_error *err)
{
	struct group_row g;
	int rc = group_row_load(ctx->store, id, &g, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = group_scope(&g);
	return access_check(ctx, ACT_READ, &scope, err);
}

int group_get(struct td_ctx *ctx, int64_t id, td_date as_of, json_t **out, struct td_error *err)
{
	int rc = check_read(ctx, id, err);
	if (rc != TD_OK)
		return rc;
	return group_snapshot(ctx->store, id, as_of, 0, out, err);
}

static const struct org_col member_cols[] = {
	{"household_id", 'i'}, {"head_name", 't'}, {"cccd", 't'},	 {"role", 't'},
	{"joined_on", 't'},    {"left_on", 't'},   {"left_reason", 't'}, {NULL, 0},
};

int group_members(struct td_ctx *ctx, int64_t id, td_date as_of, int all, int64_t limit,
		  int64_t offset, json_t **out, struct td_error *err)
{
	int rc = check_read(ctx, id, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(
		&q,
		"SELECT m.household_id, h.head_name, h.cccd, m.role, m.joined_on, m.left_on, "
		"m.left_reason FROM group_member m JOIN household h ON h.id = m.household_id "
		"WHERE m.group_id = ?",
		all ? "ORDER BY m.joined_on, m.id"
		    : "ORDER BY CASE m.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 "
		      "END, m.household_id");
	org_query_arg_int(&q, id);
	char iso[TD_DATE_FMT_MAX];
	const char *on = day_text(as_of, iso);
	if (!all) {
		org_query_and(&q, "m.joined_on <= ?");
		org_query_arg_text(&q, on);
		org_query_and(&q, "(m.left_on IS NULL OR m.left_on > ?)");
		org_query_arg_text(&q, on);
	}
	return org_query_list(ctx->store, &q, member_cols, limit, offset, out, err);
}

static const struct org_col version_cols[] = {
	{"chapter_id", 'i'}, {"chapter_name", 't'},	{"org", 't'},
	{"point_id", 'i'},   {"officer_staff_id", 'i'}, {"office_id", 'i'},
	{"reason", 't'},     {"valid_from", 't'},	{"valid_to", 't'},
	{NULL, 0},
};

int group_history(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	int rc = check_read(ctx, id, err);
	if (rc != TD_OK)
		return rc;
	struct td_stmt *st = NULL;
	rc = org_prepare(
		ctx->store, &st, err,
		"SELECT v.chapter_id, c.name, c.org, v.point_id, v.officer_staff_id, "
		"v.office_id, v.reason, v.valid_from, v.valid_to FROM group_version v JOIN "
		"org_chapter c ON c.id = v.chapter_id WHERE v.group_id = ? ORDER BY "
		"v.valid_from",
		"i", id);
	if (rc != TD_OK)
		return rc;
	json_t *items = json_array();
	while ((rc = stmt_step(st, err)) == TD_ROW)
		json_array_append_new(items, org_row_json(st, version_cols, 0));
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

static const struct org_col list_cols[] = {
	{"id", 'i'},	     {"code", 't'},	  {"name", 't'},      {"village_id", 'i'},
	{"chapter_id", 'i'}, {"org", 't'},	  {"point_id", 'i'},  {"officer_staff_id", 'i'},
	{"office_id", 'i'},  {"founded_on", 't'}, {"closed_on", 't'}, {"members_count", 'i'},
	{NULL, 0},
};

int group_list(struct td_ctx *ctx, const struct group_filter *f, json_t **out, struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	struct td_scope mine = {a->office_id, a->chapter_id, a->group_id};
	int rc = access_check(ctx, ACT_READ, &mine, err);
	if (rc != TD_OK)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	const char *on = day_text(f->on, iso);
	struct org_query q;
	org_query_init(
		&q,
		"SELECT g.id, g.code, g.name, g.village_id, v.chapter_id, c.org, v.point_id, "
		"v.officer_staff_id, v.office_id, g.founded_on, g.closed_on, (SELECT count(*) "
		"FROM group_member m WHERE m.group_id = g.id AND m.joined_on <= ? AND "
		"(m.left_on IS NULL OR m.left_on > ?)) FROM savings_group g JOIN group_version "
		"v ON v.group_id = g.id AND v.valid_from = (SELECT max(x.valid_from) FROM "
		"group_version x WHERE x.group_id = g.id AND x.valid_from <= ?) JOIN "
		"org_chapter c ON c.id = v.chapter_id WHERE 1 = 1",
		"ORDER BY g.code");
	org_query_arg_text(&q, on);
	org_query_arg_text(&q, on);
	org_query_arg_text(&q, on);
	/* Scope by the group's current place, as access_check does for one group. */
	org_query_actor_scope(&q, a, ctx->business_date, "g.office_id", "g.chapter_id", "g.id");
	if (f->chapter_id)
		org_query_and_int(&q, "v.chapter_id = ?", f->chapter_id);
	if (f->point_id)
		org_query_and_int(&q, "v.point_id = ?", f->point_id);
	if (f->office_id)
		org_query_and_int(&q, "v.office_id = ?", f->office_id);
	if (f->village_id)
		org_query_and_int(&q, "g.village_id = ?", f->village_id);
	if (f->org)
		org_query_and_text(&q, "c.org = ?", f->org);
	char like[160];
	if (f->q && f->q[0]) {
		snprintf(like, sizeof like, "%%%s%%", f->q);
		org_query_and_text(&q, "(g.code LIKE ? OR g.name LIKE ?)", like);
		org_query_arg_text(&q, like);
	}
	if (f->status == GROUP_OPEN) {
		org_query_and(&q, "(g.closed_on IS NULL OR g.closed_on > ?)");
		org_query_arg_text(&q, on);
	} else if (f->status == GROUP_CLOSED) {
		org_query_and(&q, "g.closed_on <= ?");
		org_query_arg_text(&q, on);
	}
	return org_query_list(ctx->store, &q, list_cols, f->limit, f->offset, out, err);
}

int group_of_household(struct td_store *s, int64_t household_id, td_date on, int64_t *group_id,
		       struct td_error *err)
{
	int rc = org_query_int64(s, group_id, err,
				 "SELECT group_id FROM group_member WHERE household_id = ? AND "
				 "joined_on <= ? AND (left_on IS NULL OR left_on > ?)",
				 "idd", household_id, on, on);
	if (rc == TD_ENOTFOUND) {
		*group_id = 0;
		return TD_OK;
	}
	return rc;
}
