/*
 * Group membership: joining, leaving and roles (R-ORG-2: 3 to 60 households of the
 * group's village; exactly one leader, at most one deputy; one group per household).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/group.h"
#include "bank/group_internal.h"

/* The open period of household h in group g: its role; TD_ENOTFOUND naming both. */
static int open_role(struct td_store *s, const struct group_row *g, int64_t h, char *role,
		     size_t size, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc =
		org_prepare(s, &st, err,
			    "SELECT role FROM group_member WHERE group_id = ? AND household_id = ? "
			    "AND left_on IS NULL",
			    "ii", g->id, h);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		snprintf(role, size, "%s", stmt_column_text(st, 0));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "household %lld is not a member of group %s",
				  (long long)h, g->code);
	}
	stmt_finalize(st);
	return rc;
}

/* Who holds role in group g now: *holder = household, 0 when nobody. */
static int role_holder(struct td_store *s, int64_t group_id, const char *role, int64_t *holder,
		       struct td_error *err)
{
	int rc = org_query_int64(
		s, holder, err,
		"SELECT household_id FROM group_member WHERE group_id = ? AND role = ? "
		"AND left_on IS NULL",
		"it", group_id, role);
	if (rc == TD_ENOTFOUND) {
		*holder = 0;
		return TD_OK;
	}
	return rc;
}

/* Loads the group and checks the permission to change it. */
static int open_for_write(struct td_ctx *ctx, int64_t group_id, struct group_row *g,
			  struct td_error *err)
{
	int rc = group_row_load(ctx->store, group_id, g, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = group_scope(g);
	return access_check(ctx, ACT_GROUP_WRITE, &scope, err);
}

/* Runs one membership change inside a transaction with its audit record. */
typedef int (*member_change_fn)(struct td_ctx *ctx, const struct group_row *g, int64_t h,
				const char *role, td_date on, struct td_error *err);

static int run_change(struct td_ctx *ctx, const char *action, int64_t group_id, int64_t h,
		      const char *role, td_date on, member_change_fn fn, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct group_row g;
	char *before = NULL;
	rc = open_for_write(ctx, group_id, &g, err);
	if (rc == TD_OK)
		before = group_snapshot_text(ctx->store, group_id);
	if (rc == TD_OK)
		rc = fn(ctx, &g, h, role, on, err);
	if (rc == TD_OK)
		rc = group_audit(ctx, action, group_id, before, err);
	free(before);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int add(struct td_ctx *ctx, const struct group_row *g, int64_t h, const char *role,
	       td_date on, struct td_error *err)
{
	struct td_store *s = ctx->store;
	struct org_problems p;
	problems_init(&p, err);
	struct td_error one = {0};
	if (group_role_check(role, &one) != TD_OK)
		problem_add(&p, TD_EINVAL, "%s", one.msg);
	int rc = group_check_event_date(s, g, on, &p, err);
	int64_t n = 0, holder = 0;
	if (rc == TD_OK)
		rc = group_count_open(s, g->id, &n, err);
	if (rc == TD_OK && n >= GROUP_MAX_MEMBERS)
		problem_add(&p, TD_ERULE,
			    "group %s already has %lld members; it cannot take one "
			    "more (R-ORG-2: 3 to 60 households)",
			    g->code, (long long)n);
	bool special = strcmp(role, "leader") == 0 || strcmp(role, "deputy") == 0;
	if (rc == TD_OK && special)
		rc = role_holder(s, g->id, role, &holder, err);
	if (rc == TD_OK && holder)
		problem_add(&p, TD_ERULE,
			    "group %s already has a %s, household %lld; a group has "
			    "one at a time (hand the role over with a role change)",
			    g->code, role, (long long)holder);
	if (rc == TD_OK && on != ORG_NO_DATE)
		rc = group_check_household(s, h, g->village_id, on, &p, err);
	if (rc == TD_OK)
		rc = problems_finish(&p);
	if (rc == TD_OK)
		rc = group_member_insert(s, g->id, h, role, on, NULL, err);
	return rc;
}

int group_member_add(struct td_ctx *ctx, int64_t group_id, int64_t household_id, const char *role,
		     td_date on, struct td_error *err)
{
	return run_change(ctx, "member_join", group_id, household_id, role ? role : "member", on,
			  add, err);
}

static int leave(struct td_ctx *ctx, const struct group_row *g, int64_t h, const char *unused,
		 td_date on, struct td_error *err)
{
	(void)unused;
	struct td_store *s = ctx->store;
	char role[16];
	int rc = open_role(s, g, h, role, sizeof role, err);
	if (rc != TD_OK)
		return rc;
	struct org_problems p;
	problems_init(&p, err);
	rc = group_check_event_date(s, g, on, &p, err);
	int64_t n = 0;
	if (rc == TD_OK)
		rc = group_count_open(s, g->id, &n, err);
	if (rc != TD_OK)
		return rc;
	if (strcmp(role, "leader") == 0)
		problem_add(&p, TD_ERULE,
			    "household %lld is the leader of group %s; name another "
			    "leader first (a group always has one)",
			    (long long)h, g->code);
	if (n <= GROUP_MIN_MEMBERS)
		problem_add(&p, TD_ERULE,
			    "group %s has %lld members and may not drop below %d "
			    "(R-ORG-2); close the group or merge it into another instead",
			    g->code, (long long)n, GROUP_MIN_MEMBERS);
	rc = problems_finish(&p);
	if (rc == TD_OK)
		rc = group_member_end(s, g->id, h, on, "left", err);
	return rc;
}

int group_member_leave(struct td_ctx *ctx, int64_t group_id, int64_t household_id, td_date on,
		       struct td_error *err)
{
	return run_change(ctx, "member_leave", group_id, household_id, NULL, on, leave, err);
}

/* Ends h's period and opens one with role on the same day. */
static int change_role(struct td_store *s, int64_t group_id, int64_t h, const char *role,
		       td_date on, struct td_error *err)
{
	int rc = group_member_end(s, group_id, h, on, "role", err);
	if (rc == TD_OK)
		rc = group_member_insert(s, group_id, h, role, on, NULL, err);
	return rc;
}

static int set_role(struct td_ctx *ctx, const struct group_row *g, int64_t h, const char *role,
		    td_date on, struct td_error *err)
{
	struct td_store *s = ctx->store;
	int rc = group_role_check(role, err);
	char now[16];
	if (rc == TD_OK)
		rc = open_role(s, g, h, now, sizeof now, err);
	if (rc != TD_OK)
		return rc;
	struct org_problems p;
	problems_init(&p, err);
	rc = group_check_event_date(s, g, on, &p, err);
	if (rc != TD_OK)
		return rc;
	if (strcmp(now, role) == 0)
		problem_add(&p, TD_EINVAL, "household %lld already is the %s of group %s",
			    (long long)h, role, g->code);
	else if (strcmp(now, "leader") == 0)
		problem_add(&p, TD_ERULE,
			    "household %lld is the leader of group %s; name the new "
			    "leader instead, the role passes over",
			    (long long)h, g->code);
	rc = problems_finish(&p);
	/* A hand-over: the previous holder steps down to member on the same day. */
	int64_t holder = 0;
	if (rc == TD_OK && strcmp(role, "member") != 0)
		rc = role_holder(s, g->id, role, &holder, err);
	if (rc == TD_OK && holder)
		rc = change_role(s, g->id, holder, "member", on, err);
	if (rc == TD_OK)
		rc = change_role(s, g->id, h, role, on, err);
	return rc;
}

int group_member_set_role(struct td_ctx *ctx, int64_t group_id, int64_t household_id,
			  const char *role, td_date on, struct td_error *err)
{
	return run_change(ctx, "member_role", group_id, household_id, role, on, set_role, err);
}
