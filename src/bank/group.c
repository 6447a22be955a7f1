/*
 * Savings-and-loan groups: founding, corrections, and the checks the other group files
 * share (R-ORG-2). Reads are in group_read.c, membership in group_member.c, moves,
 * splits, merges and closing in group_change.c.
 */
#include "bank/group.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/commune_at.h"
#include "bank/group_internal.h"

int group_row_load(struct td_store *s, int64_t id, struct group_row *g, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT code, village_id, chapter_id, point_id, officer_staff_id, "
			     "office_id, founded_on, closed_on FROM savings_group WHERE id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		g->id = id;
		snprintf(g->code, sizeof g->code, "%s", stmt_column_text(st, 0));
		g->village_id = stmt_column_int64(st, 1);
		g->chapter_id = stmt_column_int64(st, 2);
		g->point_id = stmt_column_int64(st, 3);
		g->officer_staff_id = stmt_column_int64(st, 4);
		g->office_id = stmt_column_int64(st, 5);
		g->founded_on = org_col_date(st, 6);
		g->closed_on = org_col_date(st, 7);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "group (tổ) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

struct td_scope group_scope(const struct group_row *g)
{
	return (struct td_scope){g->office_id, g->chapter_id, g->id};
}

int group_count_open(struct td_store *s, int64_t group_id, int64_t *n, struct td_error *err)
{
	return org_query_int64(
		s, n, err,
		"SELECT count(*) FROM group_member WHERE group_id = ? AND left_on IS NULL", "i",
		group_id);
}

int group_check_event_date(struct td_store *s, const struct group_row *g, td_date on,
			   struct org_problems *p, struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (on == ORG_NO_DATE) {
		problem_add(p, TD_EINVAL, "the date of the change is missing");
		return TD_OK;
	}
	if (g->closed_on != ORG_NO_DATE) {
		problem_add(p, TD_ERULE, "group %s is closed since %s and changes no more", g->code,
			    org_iso(g->closed_on, a));
		return TD_OK;
	}
	if (on < g->founded_on) {
		problem_add(p, TD_ERULE, "%s is before group %s was founded (%s)", org_iso(on, a),
			    g->code, org_iso(g->founded_on, b));
		return TD_OK;
	}
	/* Events in date order keep the count within 3..60 on every date. */
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT max(d) FROM (SELECT max(joined_on) AS d FROM group_member WHERE "
		"group_id = ? UNION ALL SELECT max(left_on) FROM group_member WHERE "
		"group_id = ? UNION ALL SELECT max(valid_from) FROM group_version WHERE "
		"group_id = ?) t",
		"iii", g->id, g->id, g->id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		td_date last = org_col_date(st, 0);
		if (last != ORG_NO_DATE && on < last)
			problem_add(p, TD_ERULE,
				    "group %s already changed on %s; changes are recorded "
				    "in date order, so %s is too early",
				    g->code, org_iso(last, a), org_iso(on, b));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc;
}

/* The household's name and village; TD_ENOTFOUND when unknown. */
static int household_load(struct td_store *s, int64_t h, char *name, size_t size, int64_t *village,
			  struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT head_name, village_id FROM household WHERE id = ?", "i", h);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		snprintf(name, size, "%s", stmt_column_text(st, 0));
		*village = stmt_column_int64(st, 1);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	}
	stmt_finalize(st);
	return rc;
}

/* "'Thôn 1' (id 7)" or "id 7" when the village has no row. */
static void village_label(struct td_store *s, int64_t id, char *buf, size_t size)
{
	struct td_stmt *st = NULL;
	snprintf(buf, size, "id %lld", (long long)id);
	if (org_prepare(s, &st, NULL, "SELECT name FROM village WHERE id = ?", "i", id) != TD_OK)
		return;
	if (stmt_step(st, NULL) == TD_ROW)
		snprintf(buf, size, "'%s' (id %lld)", stmt_column_text(st, 0), (long long)id);
	stmt_finalize(st);
}

/* A membership of h overlapping [on, ...): any period not ended by `on`. */
static int check_other_group(struct td_store *s, int64_t h, const char *name, td_date on,
			     struct org_problems *p, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT g.code, g.name, m.joined_on, m.left_on FROM group_member m JOIN "
		"savings_group g ON g.id = m.group_id WHERE m.household_id = ? AND "
		"(m.left_on IS NULL OR m.left_on > ?) ORDER BY m.joined_on LIMIT 1",
		"id", h, on);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		const char *left = stmt_column_text(st, 3);
		char until[48] = "";
		if (left)
			snprintf(until, sizeof until, " until %s", left);
		problem_add(p, TD_ECONFLICT,
			    "household %lld (%s) is already a member of group %s '%s' from %s%s "
			    "(one group at a time: it must leave that group first)",
			    (long long)h, name, stmt_column_text(st, 0), stmt_column_text(st, 1),
			    stmt_column_text(st, 2), until);
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

int group_check_household(struct td_store *s, int64_t h, int64_t village_id, td_date on,
			  struct org_problems *p, struct td_error *err)
{
	char name[160], hv[160], gv[160];
	int64_t village = 0;
	if (h == 0) {
		problem_add(p, TD_EINVAL, "household_id is missing");
		return TD_OK;
	}
	int rc = household_load(s, h, name, sizeof name, &village, err);
	if (rc == TD_ENOTFOUND) {
		problem_add(p, TD_EFOREIGN, "household %lld does not exist", (long long)h);
		return TD_OK;
	}
	if (rc != TD_OK)
		return rc;
	if (village != village_id) {
		village_label(s, village, hv, sizeof hv);
		village_label(s, village_id, gv, sizeof gv);
		problem_add(p, TD_ERULE,
			    "household %lld (%s) lives in village %s, the group's is %s (R-ORG-2: "
			    "a group belongs to one village)",
			    (long long)h, name, hv, gv);
	}
	return check_other_group(s, h, name, on, p, err);
}

int group_role_check(const char *role, struct td_error *err)
{
	if (role && (strcmp(role, "member") == 0 || strcmp(role, "leader") == 0 ||
		     strcmp(role, "deputy") == 0))
		return TD_OK;
	return td_error_set(err, TD_EINVAL,
			    "role '%s' is not known; one of: member, leader "
			    "(tổ trưởng), deputy (tổ phó)",
			    role ? role : "");
}

void group_check_roster(const int64_t *members, size_t n, int64_t leader, int64_t deputy,
			struct org_problems *p)
{
	if (n < GROUP_MIN_MEMBERS || n > GROUP_MAX_MEMBERS)
		problem_add(p, TD_ERULE,
			    "a group has %d to %d member households; %zu given "
			    "(R-ORG-2)",
			    GROUP_MIN_MEMBERS, GROUP_MAX_MEMBERS, n);
	bool leader_in = false, deputy_in = false;
	for (size_t i = 0; i < n; i++) {
		leader_in |= members[i] == leader;
		deputy_in |= members[i] == deputy;
		for (size_t j = 0; j < i; j++)
			if (members[j] == members[i]) {
				problem_add(p, TD_EINVAL, "household %lld is listed twice",
					    (long long)members[i]);
				break;
			}
	}
	if (leader == 0)
		problem_add(p, TD_EINVAL, "the leader (tổ trưởng) is missing");
	else if (!leader_in)
		problem_add(p, TD_ERULE,
			    "the leader, household %lld, is not one of the members; "
			    "a leader must be a member",
			    (long long)leader);
	if (deputy && !deputy_in)
		problem_add(p, TD_ERULE, "the deputy, household %lld, is not one of the members",
			    (long long)deputy);
	if (deputy && deputy == leader)
		problem_add(p, TD_ERULE, "household %lld cannot be both leader and deputy",
			    (long long)deputy);
}

int group_member_insert(struct td_store *s, int64_t group_id, int64_t household_id,
			const char *role, td_date on, int64_t *id, struct td_error *err)
{
	int64_t ignored = 0;
	return org_query_int64(s, id ? id : &ignored, err,
			       "INSERT INTO group_member (group_id, household_id, role, joined_on) "
			       "VALUES (?, ?, ?, ?) RETURNING id",
			       "iitd", group_id, household_id, role, on);
}

int group_member_end(struct td_store *s, int64_t group_id, int64_t household_id, td_date on,
		     const char *reason, struct td_error *err)
{
	return org_exec(
		s, err,
		"UPDATE group_member SET left_on = ?, left_reason = ? WHERE group_id = ? AND "
		"household_id = ? AND left_on IS NULL",
		"dtii", on, reason, group_id, household_id);
}

int group_insert_roster(struct td_store *s, int64_t group_id, const int64_t *members, size_t n,
			int64_t leader, int64_t deputy, td_date on, struct td_error *err)
{
	int rc = group_member_insert(s, group_id, leader, "leader", on, NULL, err);
	if (rc == TD_OK && deputy)
		rc = group_member_insert(s, group_id, deputy, "deputy", on, NULL, err);
	for (size_t i = 0; i < n && rc == TD_OK; i++)
		if (members[i] != leader && members[i] != deputy)
			rc = group_member_insert(s, group_id, members[i], "member", on, NULL, err);
	return rc;
}

/* Village: valid on `on`; its commune then (commune_at.h) into commune. */
static int check_village(struct td_store *s, int64_t village_id, td_date on, char *commune,
			 size_t size, struct org_problems *p, struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT " COMMUNE_OF_VILLAGE("v.id") ", v.valid_from, v.valid_to, "
						     "v.name FROM village v WHERE v.id = ?",
		"ddi", on, on, village_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	commune[0] = '\0';
	if (rc == TD_DONE) {
		problem_add(p, TD_EFOREIGN, "village %lld does not exist", (long long)village_id);
	} else if (rc == TD_ROW) {
		td_date from = org_col_date(st, 1), to = org_col_date(st, 2);
		snprintf(commune, size, "%s",
			 stmt_column_text(st, 0) ? stmt_column_text(st, 0) : "");
		if (from > on || (to != ORG_NO_DATE && to <= on) || !commune[0])
			problem_add(p, TD_ERULE, "village %lld '%s' is not valid on %s",
				    (long long)village_id, stmt_column_text(st, 3),
				    org_iso(on, iso));
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

/* Chapter: a commune chapter of the village's commune, valid on `on` (or of a commune
 * merged into it: commune_at.h); its office. */
static int check_chapter(struct td_store *s, int64_t chapter_id, const char *commune, td_date on,
			 int64_t *office, struct org_problems *p, struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT level, admin_code, valid_from, valid_to, office_id, org, name, "
		"CASE WHEN " COMMUNE_WITHIN("admin_code", "?") " THEN 1 ELSE 0 END "
							       "FROM org_chapter WHERE id = ?",
		"ttdi", commune, commune, on, chapter_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	*office = 0;
	if (rc == TD_DONE) {
		problem_add(p, TD_EFOREIGN, "chapter %lld does not exist", (long long)chapter_id);
	} else if (rc == TD_ROW) {
		const char *level = stmt_column_text(st, 0), *code = stmt_column_text(st, 1);
		td_date from = org_col_date(st, 2), to = org_col_date(st, 3);
		*office = stmt_column_int64(st, 4);
		if (strcmp(level, "commune") != 0)
			problem_add(p, TD_ERULE,
				    "chapter %lld '%s' is a %s chapter; a group belongs "
				    "to a commune chapter",
				    (long long)chapter_id, stmt_column_text(st, 6), level);
		else if (commune[0] && stmt_column_int64(st, 7) == 0)
			problem_add(p, TD_ERULE,
				    "chapter %lld '%s' is of commune %s, the group's "
				    "village is in commune %s",
				    (long long)chapter_id, stmt_column_text(st, 6), code, commune);
		if (from > on || (to != ORG_NO_DATE && to <= on))
			problem_add(p, TD_ERULE, "chapter %lld is not valid on %s",
				    (long long)chapter_id, org_iso(on, iso));
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

/* Point: valid on `on` and serving the commune then; its office. */
static int check_point(struct td_store *s, int64_t point_id, const char *commune, td_date on,
		       int64_t *office, struct org_problems *p, struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT office_id, code, valid_from, valid_to, (SELECT count(*) FROM "
		"commune_point_commune c WHERE c.point_id = p.id AND c.commune_code = ? "
		"AND c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to > ?)) FROM "
		"commune_point p WHERE p.id = ?",
		"tddi", commune, on, on, point_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	*office = 0;
	if (rc == TD_DONE) {
		problem_add(p, TD_EFOREIGN, "commune point %lld does not exist",
			    (long long)point_id);
	} else if (rc == TD_ROW) {
		*office = stmt_column_int64(st, 0);
		const char *code = stmt_column_text(st, 1);
		td_date from = org_col_date(st, 2), to = org_col_date(st, 3);
		if (from > on || (to != ORG_NO_DATE && to <= on))
			problem_add(p, TD_ERULE, "commune point %s is not open on %s", code,
				    org_iso(on, iso));
		else if (commune[0] && stmt_column_int64(st, 4) == 0)
			problem_add(p, TD_ERULE, "commune point %s does not serve commune %s on %s",
				    code, commune, org_iso(on, iso));
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

/* Officer: a credit officer of the point's office, on staff on `on`. */
static int check_officer(struct td_store *s, int64_t staff_id, int64_t point_office, td_date on,
			 struct org_problems *p, struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT role, office_id, full_name, valid_from, valid_to FROM staff "
			     "WHERE id = ?",
			     "i", staff_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_DONE) {
		problem_add(p, TD_EFOREIGN, "staff %lld does not exist", (long long)staff_id);
	} else if (rc == TD_ROW) {
		const char *role = stmt_column_text(st, 0), *name = stmt_column_text(st, 2);
		int64_t office = stmt_column_int64(st, 1);
		td_date from = org_col_date(st, 3), to = org_col_date(st, 4);
		if (strcmp(role, "credit_officer") != 0)
			problem_add(p, TD_ERULE,
				    "staff %lld (%s) is a %s, not a credit officer (cán "
				    "bộ tín dụng)",
				    (long long)staff_id, name, role);
		if (from > on || (to != ORG_NO_DATE && to <= on))
			problem_add(p, TD_ERULE, "staff %lld (%s) is not on staff on %s",
				    (long long)staff_id, name, org_iso(on, iso));
		if (point_office && office != point_office)
			problem_add(p, TD_ERULE,
				    "staff %lld (%s) works at office %lld, the commune "
				    "point at office %lld",
				    (long long)staff_id, name, (long long)office,
				    (long long)point_office);
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

int group_check_assignment(struct td_store *s, int64_t village_id, int64_t chapter_id,
			   int64_t point_id, int64_t officer_id, td_date on, int64_t *office,
			   struct org_problems *p, struct td_error *err)
{
	char commune[16];
	int64_t chapter_office = 0;
	*office = 0;
	int rc = check_village(s, village_id, on, commune, sizeof commune, p, err);
	if (rc == TD_OK)
		rc = check_chapter(s, chapter_id, commune, on, &chapter_office, p, err);
	if (rc == TD_OK)
		rc = check_point(s, point_id, commune, on, office, p, err);
	if (rc == TD_OK)
		rc = check_officer(s, officer_id, *office, on, p, err);
	if (rc != TD_OK || !chapter_office || !*office)
		return rc;
	/* The chapter is managed in the subtree of its office; the point must lie in it. */
	bool inside = false;
	rc = access_office_in_subtree(s, chapter_office, *office, on, &inside, err);
	if (rc == TD_OK && !inside)
		problem_add(p, TD_ERULE,
			    "commune point %lld (office %lld) is outside the office "
			    "subtree of chapter %lld (office %lld)",
			    (long long)point_id, (long long)*office, (long long)chapter_id,
			    (long long)chapter_office);
	return rc;
}

char *group_snapshot_text(struct td_store *s, int64_t id)
{
	json_t *j = NULL;
	if (group_snapshot(s, id, ORG_NO_DATE, 1, &j, NULL) != TD_OK)
		return NULL;
	char *text = org_json_text(j);
	json_decref(j);
	return text;
}

int group_audit(struct td_ctx *ctx, const char *action, int64_t id, const char *before,
		struct td_error *err)
{
	char *after = group_snapshot_text(ctx->store, id);
	int rc = after ? audit_record(ctx, action, "savings_group", id, before, after, err)
		       : td_error_set(err, TD_EINTERNAL, "group %lld vanished while writing",
				      (long long)id);
	free(after);
	return rc;
}

static int check_code(struct td_store *s, const char *code, struct org_problems *p,
		      struct td_error *err)
{
	int64_t other = 0;
	int rc = org_query_int64(s, &other, err, "SELECT id FROM savings_group WHERE code = ?", "t",
				 code);
	if (rc == TD_OK)
		problem_add(p, TD_EUNIQUE, "group code '%s' is already used by group %lld", code,
			    (long long)other);
	return rc == TD_OK || rc == TD_ENOTFOUND ? TD_OK : rc;
}

/* Every problem of a founding input; *office gets the point's office. */
static int validate_founding(struct td_store *s, const struct group_founding *in, int64_t *office,
			     struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	bool code_ok = in->code && in->code[0] && strlen(in->code) < 64;
	if (!code_ok)
		problem_add(&p, TD_EINVAL, "code is missing or longer than 63 bytes");
	if (!in->name || !in->name[0])
		problem_add(&p, TD_EINVAL, "name is missing");
	if (!in->decision_no || !in->decision_no[0])
		problem_add(&p, TD_EINVAL, "decision_no is missing (commune approval, R-ORG-2)");
	if (in->decision_date == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "decision_date is missing (commune approval, R-ORG-2)");
	bool on_ok = in->founded_on != ORG_NO_DATE;
	if (!on_ok)
		problem_add(&p, TD_EINVAL, "founded_on is missing");
	if (on_ok && in->decision_date != ORG_NO_DATE && in->decision_date > in->founded_on)
		problem_add(&p, TD_ERULE, "the founding decision is dated after founded_on");
	group_check_roster(in->members, in->n_members, in->leader_id, in->deputy_id, &p);
	int rc = code_ok ? check_code(s, in->code, &p, err) : TD_OK;
	if (rc == TD_OK && on_ok)
		rc = group_check_assignment(s, in->village_id, in->chapter_id, in->point_id,
					    in->officer_staff_id, in->founded_on, office, &p, err);
	/* Past 60 the count is the problem; the households are not worth a query each. */
	for (size_t i = 0;
	     rc == TD_OK && on_ok && in->n_members <= GROUP_MAX_MEMBERS && i < in->n_members; i++)
		rc = group_check_household(s, in->members[i], in->village_id, in->founded_on, &p,
					   err);
	return rc == TD_OK ? problems_finish(&p) : rc;
}

/* The office and chapter for the permission check before validation: the point's office
 * when the point exists (0 otherwise: access_check then asks for bank-wide rights). */
static struct td_scope founding_scope(struct td_store *s, const struct group_founding *in)
{
	struct td_scope scope = {0, in->chapter_id, 0};
	int64_t office = 0;
	if (org_query_int64(s, &office, NULL, "SELECT office_id FROM commune_point WHERE id = ?",
			    "i", in->point_id) == TD_OK)
		scope.office_id = office;
	return scope;
}

static int create(struct td_ctx *ctx, const struct group_founding *in, int64_t *id,
		  struct td_error *err)
{
	struct td_scope scope = founding_scope(ctx->store, in);
	int64_t office = 0;
	int rc = access_check(ctx, ACT_GROUP_WRITE, &scope, err);
	if (rc == TD_OK)
		rc = validate_founding(ctx->store, in, &office, err);
	if (rc == TD_OK)
		rc = org_query_int64(
			ctx->store, id, err,
			"INSERT INTO savings_group (code, name, village_id, chapter_id, "
			"point_id, officer_staff_id, office_id, decision_no, decision_date, "
			"founded_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			"ttiiiiitdd", in->code, in->name, in->village_id, in->chapter_id,
			in->point_id, in->officer_staff_id, office, in->decision_no,
			in->decision_date, in->founded_on);
	if (rc == TD_OK)
		rc = org_exec(
			ctx->store, err,
			"INSERT INTO group_version (group_id, chapter_id, point_id, "
			"officer_staff_id, office_id, reason, valid_from) VALUES (?, ?, ?, ?, ?, "
			"'founded', ?)",
			"iiiiid", *id, in->chapter_id, in->point_id, in->officer_staff_id, office,
			in->founded_on);
	if (rc == TD_OK)
		rc = group_insert_roster(ctx->store, *id, in->members, in->n_members, in->leader_id,
					 in->deputy_id, in->founded_on, err);
	if (rc == TD_OK)
		rc = group_audit(ctx, "create", *id, NULL, err);
	return rc;
}

int group_create(struct td_ctx *ctx, const struct group_founding *in, int64_t *id,
		 struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = create(ctx, in, id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int update(struct td_ctx *ctx, int64_t id, const struct group_edit *in, struct td_error *err)
{
	struct group_row g;
	int rc = group_row_load(ctx->store, id, &g, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = group_scope(&g);
	rc = access_check(ctx, ACT_GROUP_WRITE, &scope, err);
	if (rc != TD_OK)
		return rc;
	struct org_problems p;
	problems_init(&p, err);
	if (!in->name || !in->name[0])
		problem_add(&p, TD_EINVAL, "name is missing");
	if (!in->decision_no || !in->decision_no[0])
		problem_add(&p, TD_EINVAL, "decision_no is missing (R-ORG-2)");
	if (in->decision_date == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "decision_date is missing (R-ORG-2)");
	else if (in->decision_date > g.founded_on)
		problem_add(&p, TD_ERULE, "the founding decision is dated after founded_on");
	rc = problems_finish(&p);
	char *before = rc == TD_OK ? group_snapshot_text(ctx->store, id) : NULL;
	if (rc == TD_OK)
		rc = org_exec(
			ctx->store, err,
			"UPDATE savings_group SET name = ?, decision_no = ?, decision_date = ? "
			"WHERE id = ?",
			"ttdi", in->name, in->decision_no, in->decision_date, id);
	if (rc == TD_OK)
		rc = group_audit(ctx, "update", id, before, err);
	free(before);
	return rc;
}

int group_update(struct td_ctx *ctx, int64_t id, const struct group_edit *in, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = update(ctx, id, in, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
