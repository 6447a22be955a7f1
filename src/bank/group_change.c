/*
 * Changes of a whole group that keep its history: moving it to another chapter, point or
 * officer (a new group_version), splitting off a new group, merging one group into
 * another, closing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/group.h"
#include "bank/group_internal.h"

static int load_for_write(struct td_ctx *ctx, int64_t id, struct group_row *g, struct td_error *err)
{
	int rc = group_row_load(ctx->store, id, g, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = group_scope(g);
	return access_check(ctx, ACT_GROUP_WRITE, &scope, err);
}

/* Ends the open assignment period on `on` (a closing group keeps its last one). */
static int end_version(struct td_store *s, int64_t id, td_date on, struct td_error *err)
{
	return org_exec(
		s, err,
		"UPDATE group_version SET valid_to = ? WHERE group_id = ? AND valid_to IS NULL",
		"di", on, id);
}

static int close_row(struct td_store *s, int64_t id, td_date on, const char *reason,
		     int64_t merged_into, struct td_error *err)
{
	int rc = org_exec(
		s, err,
		"UPDATE savings_group SET closed_on = ?, close_reason = ?, merged_into = ? "
		"WHERE id = ?",
		"dtIi", on, reason, merged_into, id);
	if (rc == TD_OK)
		rc = end_version(s, id, on, err);
	return rc;
}

/* Households of the open periods of a group, in a malloc'd array. */
static int open_members(struct td_store *s, int64_t id, int64_t **out, size_t *n,
			struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT household_id FROM group_member WHERE group_id = ? AND left_on IS "
		"NULL ORDER BY household_id",
		"i", id);
	if (rc != TD_OK)
		return rc;
	int64_t *ids = NULL;
	size_t count = 0;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		int64_t *more = realloc(ids, (count + 1) * sizeof *ids);
		if (!more) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
			break;
		}
		ids = more;
		ids[count++] = stmt_column_int64(st, 0);
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		free(ids);
		return rc;
	}
	*out = ids;
	*n = count;
	return TD_OK;
}

static int move(struct td_ctx *ctx, int64_t id, const struct group_move *in, struct td_error *err)
{
	struct td_store *s = ctx->store;
	struct group_row g;
	int rc = load_for_write(ctx, id, &g, err);
	if (rc != TD_OK)
		return rc;
	int64_t chapter = in->chapter_id ? in->chapter_id : g.chapter_id;
	int64_t point = in->point_id ? in->point_id : g.point_id;
	int64_t officer = in->officer_staff_id ? in->officer_staff_id : g.officer_staff_id;
	if (chapter == g.chapter_id && point == g.point_id && officer == g.officer_staff_id)
		return td_error_set(err, TD_EINVAL,
				    "group %s already has that chapter, point and "
				    "officer: nothing to move",
				    g.code);
	struct org_problems p;
	problems_init(&p, err);
	rc = group_check_event_date(s, &g, in->on, &p, err);
	int64_t same_day = 0, office = 0;
	if (rc == TD_OK && in->on != ORG_NO_DATE)
		rc = org_query_int64(s, &same_day, err,
				     "SELECT count(*) FROM group_version WHERE group_id = ? AND "
				     "valid_from = ?",
				     "id", id, in->on);
	if (rc == TD_OK && same_day)
		problem_add(&p, TD_ERULE,
			    "group %s already got its assignment on that day; move "
			    "it from a later date",
			    g.code);
	if (rc == TD_OK && in->on != ORG_NO_DATE)
		rc = group_check_assignment(s, g.village_id, chapter, point, officer, in->on,
					    &office, &p, err);
	if (rc == TD_OK)
		rc = problems_finish(&p);
	/* Moving in needs the right to act where the group goes, too. */
	struct td_scope there = {office, chapter, id};
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_GROUP_WRITE, &there, err);
	char *before = rc == TD_OK ? group_snapshot_text(s, id) : NULL;
	if (rc == TD_OK)
		rc = end_version(s, id, in->on, err);
	if (rc == TD_OK)
		rc = org_exec(
			s, err,
			"INSERT INTO group_version (group_id, chapter_id, point_id, "
			"officer_staff_id, office_id, reason, valid_from) VALUES (?, ?, ?, ?, ?, "
			"'moved', ?)",
			"iiiiid", id, chapter, point, officer, office, in->on);
	if (rc == TD_OK)
		rc = org_exec(
			s, err,
			"UPDATE savings_group SET chapter_id = ?, point_id = ?, officer_staff_id "
			"= ?, office_id = ? WHERE id = ?",
			"iiiii", chapter, point, officer, office, id);
	if (rc == TD_OK)
		rc = group_audit(ctx, "move", id, before, err);
	free(before);
	return rc;
}

int group_move(struct td_ctx *ctx, int64_t group_id, const struct group_move *in,
	       struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = move(ctx, group_id, in, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* Whether x is among the n ids. */
static bool among(const int64_t *ids, size_t n, int64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == x)
			return true;
	return false;
}

static int validate_split(struct td_store *s, const struct group_row *src,
			  const struct group_split *in, const int64_t *now, size_t n_now,
			  struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (!in->code || !in->code[0] || strlen(in->code) >= 64)
		problem_add(&p, TD_EINVAL, "code of the new group is missing or too long");
	if (!in->name || !in->name[0])
		problem_add(&p, TD_EINVAL, "name of the new group is missing");
	if (!in->decision_no || !in->decision_no[0] || in->decision_date == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL,
			    "the new group needs its founding decision, number and "
			    "date (R-ORG-2)");
	else if (in->on != ORG_NO_DATE && in->decision_date > in->on)
		problem_add(&p, TD_ERULE, "the founding decision is dated after the split");
	int rc = group_check_event_date(s, src, in->on, &p, err);
	group_check_roster(in->members, in->n_members, in->leader_id, in->deputy_id, &p);
	for (size_t i = 0; i < in->n_members && i < GROUP_MAX_MEMBERS; i++)
		if (!among(now, n_now, in->members[i]))
			problem_add(&p, TD_ERULE, "household %lld is not a member of group %s",
				    (long long)in->members[i], src->code);
	int64_t leader = 0, other = 0;
	if (rc == TD_OK)
		rc = org_query_int64(s, &leader, err,
				     "SELECT household_id FROM group_member WHERE group_id = ? AND "
				     "role = 'leader' AND left_on IS NULL",
				     "i", src->id);
	if (rc == TD_OK && among(in->members, in->n_members, leader))
		problem_add(&p, TD_ERULE,
			    "household %lld leads group %s and cannot leave it in a "
			    "split; hand the role over first",
			    (long long)leader, src->code);
	if (n_now < in->n_members + GROUP_MIN_MEMBERS)
		problem_add(&p, TD_ERULE,
			    "group %s has %zu members; after %zu leave it would keep "
			    "fewer than %d (R-ORG-2)",
			    src->code, n_now, in->n_members, GROUP_MIN_MEMBERS);
	if (rc == TD_OK && in->code && in->code[0]) {
		rc = org_query_int64(s, &other, err, "SELECT id FROM savings_group WHERE code = ?",
				     "t", in->code);
		if (rc == TD_OK)
			problem_add(&p, TD_EUNIQUE, "group code '%s' is already used by group %lld",
				    in->code, (long long)other);
		if (rc == TD_ENOTFOUND)
			rc = TD_OK;
	}
	return rc == TD_OK ? problems_finish(&p) : rc;
}

static int split(struct td_ctx *ctx, const struct group_split *in, int64_t *new_id,
		 struct td_error *err)
{
	struct td_store *s = ctx->store;
	struct group_row g;
	int rc = load_for_write(ctx, in->source_id, &g, err);
	int64_t *now = NULL;
	size_t n_now = 0;
	if (rc == TD_OK)
		rc = open_members(s, g.id, &now, &n_now, err);
	if (rc == TD_OK)
		rc = validate_split(s, &g, in, now, n_now, err);
	free(now);
	char *before = rc == TD_OK ? group_snapshot_text(s, g.id) : NULL;
	if (rc == TD_OK)
		rc = org_query_int64(
			s, new_id, err,
			"INSERT INTO savings_group (code, name, village_id, chapter_id, "
			"point_id, officer_staff_id, office_id, decision_no, decision_date, "
			"founded_on, split_from) SELECT ?, ?, village_id, chapter_id, "
			"point_id, officer_staff_id, office_id, ?, ?, ?, id FROM "
			"savings_group WHERE id = ? RETURNING id",
			"tttddi", in->code, in->name, in->decision_no, in->decision_date, in->on,
			g.id);
	if (rc == TD_OK)
		rc = org_exec(
			s, err,
			"INSERT INTO group_version (group_id, chapter_id, point_id, "
			"officer_staff_id, office_id, reason, valid_from) VALUES (?, ?, ?, ?, ?, "
			"'founded', ?)",
			"iiiiid", *new_id, g.chapter_id, g.point_id, g.officer_staff_id,
			g.office_id, in->on);
	for (size_t i = 0; rc == TD_OK && i < in->n_members; i++)
		rc = group_member_end(s, g.id, in->members[i], in->on, "split", err);
	if (rc == TD_OK)
		rc = group_insert_roster(s, *new_id, in->members, in->n_members, in->leader_id,
					 in->deputy_id, in->on, err);
	if (rc == TD_OK)
		rc = group_audit(ctx, "split", g.id, before, err);
	if (rc == TD_OK)
		rc = group_audit(ctx, "create", *new_id, NULL, err);
	free(before);
	return rc;
}

int group_split(struct td_ctx *ctx, const struct group_split *in, int64_t *new_id,
		struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = split(ctx, in, new_id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int merge(struct td_ctx *ctx, int64_t into_id, int64_t from_id, td_date on,
		 struct td_error *err)
{
	struct td_store *s = ctx->store;
	if (from_id == 0)
		return td_error_set(err, TD_EINVAL,
				    "the group to merge (from_group_id) is missing");
	if (into_id == from_id)
		return td_error_set(err, TD_EINVAL, "a group cannot merge into itself");
	struct group_row into, from;
	int rc = load_for_write(ctx, into_id, &into, err);
	if (rc == TD_OK)
		rc = load_for_write(ctx, from_id, &from, err);
	if (rc != TD_OK)
		return rc;
	struct org_problems p;
	problems_init(&p, err);
	rc = group_check_event_date(s, &into, on, &p, err);
	if (rc == TD_OK)
		rc = group_check_event_date(s, &from, on, &p, err);
	int64_t n_into = 0;
	int64_t *moving = NULL;
	size_t n = 0;
	if (rc == TD_OK)
		rc = group_count_open(s, into_id, &n_into, err);
	if (rc == TD_OK)
		rc = open_members(s, from_id, &moving, &n, err);
	if (rc == TD_OK && into.village_id != from.village_id)
		problem_add(&p, TD_ERULE,
			    "groups %s and %s are of different villages (R-ORG-2: a "
			    "group belongs to one village)",
			    into.code, from.code);
	if (rc == TD_OK && n_into + (int64_t)n > GROUP_MAX_MEMBERS)
		problem_add(&p, TD_ERULE,
			    "groups %s (%lld) and %s (%zu) together have more than %d "
			    "members (R-ORG-2)",
			    into.code, (long long)n_into, from.code, n, GROUP_MAX_MEMBERS);
	if (rc == TD_OK)
		rc = problems_finish(&p);
	char *before_into = rc == TD_OK ? group_snapshot_text(s, into_id) : NULL;
	char *before_from = rc == TD_OK ? group_snapshot_text(s, from_id) : NULL;
	/* Each household leaves before it joins: one open period per household at a time. */
	for (size_t i = 0; rc == TD_OK && i < n; i++) {
		rc = group_member_end(s, from_id, moving[i], on, "merged", err);
		if (rc == TD_OK)
			rc = group_member_insert(s, into_id, moving[i], "member", on, NULL, err);
	}
	if (rc == TD_OK)
		rc = close_row(s, from_id, on, "merged", into_id, err);
	if (rc == TD_OK)
		rc = group_audit(ctx, "merge", into_id, before_into, err);
	if (rc == TD_OK)
		rc = group_audit(ctx, "merge", from_id, before_from, err);
	free(before_into);
	free(before_from);
	free(moving);
	return rc;
}

int group_merge(struct td_ctx *ctx, int64_t into_id, int64_t from_id, td_date on,
		struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = merge(ctx, into_id, from_id, on, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int close_group(struct td_ctx *ctx, int64_t id, td_date on, struct td_error *err)
{
	struct td_store *s = ctx->store;
	struct group_row g;
	int rc = load_for_write(ctx, id, &g, err);
	if (rc != TD_OK)
		return rc;
	struct org_problems p;
	problems_init(&p, err);
	rc = group_check_event_date(s, &g, on, &p, err);
	if (rc == TD_OK)
		rc = problems_finish(&p);
	char *before = rc == TD_OK ? group_snapshot_text(s, id) : NULL;
	if (rc == TD_OK)
		rc = org_exec(s, err,
			      "UPDATE group_member SET left_on = ?, left_reason = 'closed' WHERE "
			      "group_id = ? AND left_on IS NULL",
			      "di", on, id);
	if (rc == TD_OK)
		rc = close_row(s, id, on, "closed", 0, err);
	if (rc == TD_OK)
		rc = group_audit(ctx, "close", id, before, err);
	free(before);
	return rc;
}

int group_close(struct td_ctx *ctx, int64_t group_id, td_date on, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = close_group(ctx, group_id, on, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
