/* Who may do what (R-ORG-4): every role x every action, and scope inside and outside the
 * office subtree, the chapter and the group, on the tree of the business date (R-ORG-1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "support/testdb.h"

static enum td_backend backend;

/* The tree: HSC -> BR01 -> {PGD01, PGD02}; HSC -> BR02 -> PGD03. On 2025-07-01 PGD02
 * moves under BR02 (as the 2025 merger moved districts between provinces). */
struct tree {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	int64_t hsc, br01, br02, pgd01, pgd02, pgd03;
};

static int64_t insert_id(struct td_store *s, const char *sql, const char *a, const char *b)
{
	struct td_error err = {0};
	struct td_stmt *st = NULL;
	int64_t id = -1;
	if (store_prepare(s, sql, &st, &err) != TD_OK)
		fail_msg("prepare %s: %s", sql, err.msg);
	stmt_bind_text(st, 1, a);
	stmt_bind_text(st, 2, b);
	if (stmt_step(st, &err) != TD_ROW)
		fail_msg("%s: %s", sql, err.msg);
	id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	return id;
}

static int64_t office_add(struct td_store *s, const char *code, const char *kind)
{
	return insert_id(s, "INSERT INTO office (code, kind) VALUES (?, ?) RETURNING id", code,
			 kind);
}

static void office_version_add(struct td_store *s, int64_t office, int64_t parent, const char *from,
			       const char *to)
{
	struct td_error err = {0};
	struct td_stmt *st = NULL;
	assert_int_equal(store_prepare(s,
				       "INSERT INTO office_version (office_id, name, parent_id, "
				       "valid_from, valid_to) VALUES (?, 'x', ?, ?, ?)",
				       &st, &err),
			 TD_OK);
	stmt_bind_int64(st, 1, office);
	stmt_bind_int64(st, 2, parent);
	stmt_bind_text(st, 3, from);
	stmt_bind_text(st, 4, to);
	assert_int_equal(stmt_step(st, &err), TD_DONE);
	stmt_finalize(st);
}

static int setup(void **state)
{
	static struct tree t;
	if (testdb_open(backend, true, &t.s, t.url, sizeof t.url))
		return -1;
	t.hsc = 1;
	t.br01 = office_add(t.s, "BR01", "branch");
	t.br02 = office_add(t.s, "BR02", "branch");
	t.pgd01 = office_add(t.s, "PGD01", "district");
	t.pgd02 = office_add(t.s, "PGD02", "district");
	t.pgd03 = office_add(t.s, "PGD03", "district");
	office_version_add(t.s, t.br01, t.hsc, "2010-01-01", NULL);
	office_version_add(t.s, t.br02, t.hsc, "2010-01-01", NULL);
	office_version_add(t.s, t.pgd01, t.br01, "2010-01-01", NULL);
	office_version_add(t.s, t.pgd02, t.br01, "2010-01-01", "2025-07-01");
	office_version_add(t.s, t.pgd02, t.br02, "2025-07-01", NULL);
	office_version_add(t.s, t.pgd03, t.br02, "2010-01-01", NULL);
	*state = &t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;
	store_close(t->s);
	testdb_cleanup(t->url);
	return 0;
}

static td_date day(const char *iso)
{
	td_date d = 0;
	struct td_error err = {0};
	assert_int_equal(date_parse_iso(iso, &d, &err), TD_OK);
	return d;
}

static struct td_actor actor(enum td_role role, int64_t office)
{
	struct td_actor a = {.user_id = 7, .role = role, .office_id = office};
	snprintf(a.username, sizeof a.username, "%s_user", role_name(role));
	if (role == ROLE_UNION_OFFICER)
		a.chapter_id = 11;
	if (role == ROLE_GROUP_LEADER)
		a.group_id = 21;
	return a;
}

static int check(struct tree *t, const struct td_actor *a, enum td_action act,
		 struct td_scope target, const char *on, struct td_error *err)
{
	struct td_ctx ctx = {.store = t->s, .actor = a, .business_date = day(on)};
	return access_check(&ctx, act, &target, err);
}

/* The role x action table, row by row, as docs/access.md states it (R-ORG-4). */
static void test_role_table_every_role_every_action_R_ORG_4(void **state)
{
	struct tree *t = *state;
	/* Columns: read network org group household poverty user audit inspect capital
	 * programme application-prepare application-check application-decide savings-deposit
	 * savings-write loan-disburse loan-repay session-write session-close loan-restructure
	 * fee-pay cash-remit cash-limit (R-CASH-1). */
	static const char *const want[ROLE_COUNT] = {
		[ROLE_ADMIN] = "111111111111001100000001",
		[ROLE_DIRECTOR] = "111111000101011111111110",
		[ROLE_CREDIT_OFFICER] = "100111000001101100010000",
		[ROLE_TELLER] = "100000000000001111100110",
		[ROLE_CONTROLLER] = "100000001000000000010000",
		[ROLE_UNION_OFFICER] = "100100000001000000000000",
		[ROLE_GROUP_LEADER] = "100000000000001000000000",
		[ROLE_BOARD] = "100000001000000000000000",
		[ROLE_AUDITOR] = "100000010000000000000000",
	};
	_Static_assert(ACT_COUNT == 24, "a new action needs a column in this table");
	for (int r = 0; r < ROLE_COUNT; r++) {
		struct td_actor a = actor((enum td_role)r, t->pgd01);
		/* The actor's own office, chapter and group: inside every scope. */
		struct td_scope own = {t->pgd01, a.chapter_id, a.group_id};
		for (int act = 0; act < ACT_COUNT; act++) {
			bool allowed = want[r][act] == '1';
			struct td_error err = {0};
			int rc = check(t, &a, (enum td_action)act, own, "2025-01-15", &err);
			if (access_role_allows((enum td_role)r, (enum td_action)act) != allowed ||
			    rc != (allowed ? TD_OK : TD_EFORBIDDEN))
				fail_msg("%s %s: expected %s, got %s (%s)", role_name(r),
					 action_name(act), allowed ? "allowed" : "forbidden",
					 td_code_name(rc), err.msg);
			if (!allowed) {
				assert_non_null(strstr(err.msg, role_name(r)));
				assert_non_null(strstr(err.msg, action_name(act)));
			}
		}
	}
	assert_false(access_role_allows(ROLE_COUNT, ACT_READ));
	assert_false(access_role_allows(ROLE_ADMIN, ACT_COUNT));
}

/* Inside and outside the office subtree, for a reader and a writer at each level. */
static void test_scope_office_subtree_R_ORG_4(void **state)
{
	struct tree *t = *state;
	struct {
		enum td_role role;
		int64_t actor_office, target_office;
		enum td_action act;
		int want;
	} cases[] = {
		{ROLE_ADMIN, t->hsc, t->pgd03, ACT_USER_ADMIN, TD_OK},
		{ROLE_ADMIN, t->br01, t->pgd01, ACT_USER_ADMIN, TD_OK},
		{ROLE_ADMIN, t->br01, t->br01, ACT_NETWORK_WRITE, TD_OK},
		{ROLE_ADMIN, t->br01, t->pgd03, ACT_USER_ADMIN, TD_EFORBIDDEN},
		{ROLE_ADMIN, t->br01, t->hsc, ACT_READ, TD_EFORBIDDEN},
		{ROLE_ADMIN, t->br01, t->br02, ACT_READ, TD_EFORBIDDEN},
		{ROLE_DIRECTOR, t->pgd01, t->pgd01, ACT_HOUSEHOLD_WRITE, TD_OK},
		{ROLE_DIRECTOR, t->pgd01, t->pgd02, ACT_HOUSEHOLD_WRITE, TD_EFORBIDDEN},
		{ROLE_DIRECTOR, t->pgd01, t->br01, ACT_READ, TD_EFORBIDDEN}, /* not upwards */
		{ROLE_CREDIT_OFFICER, t->pgd03, t->pgd03, ACT_POVERTY_IMPORT, TD_OK},
		{ROLE_CREDIT_OFFICER, t->pgd03, t->pgd01, ACT_POVERTY_IMPORT, TD_EFORBIDDEN},
		{ROLE_TELLER, t->pgd01, t->pgd03, ACT_READ, TD_EFORBIDDEN},
		{ROLE_AUDITOR, t->hsc, t->pgd03, ACT_READ, TD_OK},
		{ROLE_AUDITOR, t->br02, t->pgd03, ACT_AUDIT_READ, TD_OK},
		{ROLE_AUDITOR, t->br02, t->pgd01, ACT_READ, TD_EFORBIDDEN},
		{ROLE_BOARD, t->br01, t->pgd01, ACT_INSPECT, TD_OK},
		{ROLE_BOARD, t->br01, t->pgd03, ACT_INSPECT, TD_EFORBIDDEN},
		{ROLE_CONTROLLER, t->pgd03, t->pgd01, ACT_INSPECT, TD_EFORBIDDEN},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct td_actor a = actor(cases[i].role, cases[i].actor_office);
		struct td_error err = {0};
		int rc = check(t, &a, cases[i].act, (struct td_scope){cases[i].target_office},
			       "2025-01-15", &err);
		if (rc != cases[i].want)
			fail_msg("case %zu (%s): expected %s, got %s: %s", i,
				 role_name(cases[i].role), td_code_name(cases[i].want),
				 td_code_name(rc), err.msg);
		if (rc == TD_EFORBIDDEN)
			assert_non_null(strstr(err.msg, "outside its subtree"));
	}
}

/* R-ORG-1: the subtree is the tree of the business date. PGD02 moves from BR01 to BR02
 * on 2025-07-01: BR01's users see it until the day before, BR02's from that day. */
static void test_scope_follows_tree_of_business_date_R_ORG_1(void **state)
{
	struct tree *t = *state;
	struct td_actor br01 = actor(ROLE_DIRECTOR, t->br01);
	struct td_actor br02 = actor(ROLE_DIRECTOR, t->br02);
	struct td_scope pgd02 = {t->pgd02};
	struct td_error err = {0};
	assert_int_equal(check(t, &br01, ACT_READ, pgd02, "2025-06-30", &err), TD_OK);
	assert_int_equal(check(t, &br01, ACT_READ, pgd02, "2025-07-01", &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "2025-07-01"));
	assert_int_equal(check(t, &br02, ACT_READ, pgd02, "2025-06-30", &err), TD_EFORBIDDEN);
	assert_int_equal(check(t, &br02, ACT_READ, pgd02, "2025-07-01", &err), TD_OK);
	/* Before the offices existed nothing hangs under BR01 yet; the head office's subtree
	 * is the whole bank on every date (an office opened tomorrow, one merged away). */
	assert_int_equal(check(t, &br01, ACT_READ, pgd02, "2009-12-31", &err), TD_EFORBIDDEN);
	struct td_actor hsc = actor(ROLE_AUDITOR, t->hsc);
	assert_int_equal(check(t, &hsc, ACT_READ, pgd02, "2025-06-30", &err), TD_OK);
	assert_int_equal(check(t, &hsc, ACT_READ, pgd02, "2025-07-01", &err), TD_OK);
	assert_int_equal(check(t, &hsc, ACT_READ, pgd02, "2009-12-31", &err), TD_OK);

	bool in = true;
	assert_int_equal(
		access_office_in_subtree(t->s, t->br01, t->pgd02, day("2025-07-01"), &in, &err),
		TD_OK);
	assert_false(in);
	assert_int_equal(
		access_office_in_subtree(t->s, t->pgd01, t->pgd01, day("2025-07-01"), &in, &err),
		TD_OK);
	assert_true(in);
}

/* R-ORG-4: a union officer sees only its chapter's groups, inside its office subtree. */
static void test_union_officer_only_its_chapter_R_ORG_4(void **state)
{
	struct tree *t = *state;
	struct td_actor a = actor(ROLE_UNION_OFFICER, t->pgd01); /* chapter 11 */
	struct td_error err = {0};
	assert_int_equal(check(t, &a, ACT_GROUP_WRITE, (struct td_scope){t->pgd01, 11, 21},
			       "2025-01-15", &err),
			 TD_OK);
	assert_int_equal(
		check(t, &a, ACT_READ, (struct td_scope){t->pgd01, 11, 0}, "2025-01-15", &err),
		TD_OK);
	assert_int_equal(check(t, &a, ACT_GROUP_WRITE, (struct td_scope){t->pgd01, 12, 22},
			       "2025-01-15", &err),
			 TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "another chapter"));
	assert_int_equal(
		check(t, &a, ACT_READ, (struct td_scope){t->pgd01, 0, 0}, "2025-01-15", &err),
		TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "no chapter"));
	/* Its chapter id on data of another office is still outside. */
	assert_int_equal(
		check(t, &a, ACT_READ, (struct td_scope){t->pgd03, 11, 0}, "2025-01-15", &err),
		TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "outside its subtree"));
	/* Writes it has no right to at all, even in its chapter. */
	assert_int_equal(check(t, &a, ACT_HOUSEHOLD_WRITE, (struct td_scope){t->pgd01, 11, 21},
			       "2025-01-15", &err),
			 TD_EFORBIDDEN);
}

/* R-ORG-4: a group leader sees only its group. */
static void test_group_leader_only_its_group_R_ORG_4(void **state)
{
	struct tree *t = *state;
	struct td_actor a = actor(ROLE_GROUP_LEADER, t->pgd01); /* group 21 */
	struct td_error err = {0};
	assert_int_equal(
		check(t, &a, ACT_READ, (struct td_scope){t->pgd01, 11, 21}, "2025-01-15", &err),
		TD_OK);
	assert_int_equal(
		check(t, &a, ACT_READ, (struct td_scope){t->pgd01, 11, 22}, "2025-01-15", &err),
		TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "another group"));
	assert_int_equal(
		check(t, &a, ACT_READ, (struct td_scope){t->pgd01, 0, 0}, "2025-01-15", &err),
		TD_EFORBIDDEN);
	assert_int_equal(check(t, &a, ACT_GROUP_WRITE, (struct td_scope){t->pgd01, 11, 21},
			       "2025-01-15", &err),
			 TD_EFORBIDDEN);
}

/* Data of no office (geography, national settings): every reader reads it; only users of
 * the head office write it. */
static void test_bankwide_data_needs_head_office_to_write(void **state)
{
	struct tree *t = *state;
	struct td_error err = {0};
	struct td_actor teller = actor(ROLE_TELLER, t->pgd03);
	struct td_actor leader = actor(ROLE_GROUP_LEADER, t->pgd03);
	struct td_actor district = actor(ROLE_DIRECTOR, t->pgd01);
	struct td_actor head = actor(ROLE_DIRECTOR, t->hsc);
	assert_int_equal(check(t, &teller, ACT_READ, (struct td_scope){0}, "2025-01-15", &err),
			 TD_OK);
	assert_int_equal(check(t, &leader, ACT_READ, (struct td_scope){0}, "2025-01-15", &err),
			 TD_OK);
	assert_int_equal(
		check(t, &district, ACT_NETWORK_WRITE, (struct td_scope){0}, "2025-01-15", &err),
		TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "whole bank"));
	assert_int_equal(
		check(t, &head, ACT_NETWORK_WRITE, (struct td_scope){0}, "2025-01-15", &err),
		TD_OK);
	struct td_ctx ctx = {.store = t->s, .actor = &head, .business_date = day("2025-01-15")};
	assert_int_equal(access_check(&ctx, ACT_READ, NULL, &err), TD_OK);
}

/* The message says who, what, where and why, so that a person can act on it. */
static void test_forbidden_message_is_precise(void **state)
{
	struct tree *t = *state;
	struct td_actor a = actor(ROLE_CREDIT_OFFICER, t->pgd01);
	snprintf(a.username, sizeof a.username, "lan.nt");
	struct td_error err = {0};
	assert_int_equal(
		check(t, &a, ACT_HOUSEHOLD_WRITE, (struct td_scope){t->pgd03}, "2025-01-15", &err),
		TD_EFORBIDDEN);
	assert_string_equal(err.msg, "credit_officer 'lan.nt' of office PGD01 may not "
				     "household_write on office PGD03: outside its subtree on "
				     "2025-01-15 (ngoài phạm vi đơn vị)");
	assert_int_equal(
		check(t, &a, ACT_USER_ADMIN, (struct td_scope){t->pgd01}, "2025-01-15", &err),
		TD_EFORBIDDEN);
	assert_string_equal(err.msg, "role credit_officer (user 'lan.nt') may not user_admin "
				     "(vai trò không có quyền này)");
}

/* ACCESS_SUBTREE_CTE runs on both backends and lists the tree of the date. */
static void test_subtree_cte_lists_offices_of_date(void **state)
{
	struct tree *t = *state;
	const char *dates[] = {"2025-06-30", "2025-07-01"};
	int64_t want[2][3] = {{t->br01, t->pgd01, t->pgd02}, {t->br01, t->pgd01, 0}};
	for (int d = 0; d < 2; d++) {
		struct td_error err = {0};
		struct td_stmt *st = NULL;
		assert_int_equal(
			store_prepare(t->s, ACCESS_SUBTREE_CTE "SELECT id FROM subtree ORDER BY id",
				      &st, &err),
			TD_OK);
		stmt_bind_int64(st, 1, t->br01);
		stmt_bind_text(st, 2, dates[d]);
		stmt_bind_text(st, 3, dates[d]);
		int n = 0;
		int rc;
		while ((rc = stmt_step(st, &err)) == TD_ROW) {
			assert_true(n < 3);
			assert_int_equal(stmt_column_int64(st, 0), want[d][n]);
			n++;
		}
		assert_int_equal(rc, TD_DONE);
		assert_int_equal(n, d == 0 ? 3 : 2);
		stmt_finalize(st);
	}
}

/* R-ORG-1: after PGD04 merges into PGD03, households and groups still carrying PGD04's
 * id are in PGD03's reach (and its branch's), and nobody else's. */
static void test_merged_office_stays_in_reach_R_ORG_1(void **state)
{
	struct tree *t = *state;
	struct td_error err = {0};
	int64_t pgd04 = office_add(t->s, "PGD04", "district");
	office_version_add(t->s, pgd04, t->br02, "2010-01-01", "2025-07-01");
	struct td_stmt *st = NULL;
	assert_int_equal(store_prepare(t->s, "UPDATE office SET merged_into = ? WHERE id = ?", &st,
				       &err),
			 TD_OK);
	stmt_bind_int64(st, 1, t->pgd03);
	stmt_bind_int64(st, 2, pgd04);
	assert_int_equal(stmt_step(st, &err), TD_DONE);
	stmt_finalize(st);

	struct td_scope old = {pgd04};
	struct td_actor pgd03 = actor(ROLE_DIRECTOR, t->pgd03);
	struct td_actor br02 = actor(ROLE_DIRECTOR, t->br02);
	struct td_actor pgd01 = actor(ROLE_DIRECTOR, t->pgd01);
	assert_int_equal(check(t, &pgd03, ACT_HOUSEHOLD_WRITE, old, "2025-07-01", &err), TD_OK);
	assert_int_equal(check(t, &br02, ACT_READ, old, "2025-08-01", &err), TD_OK);
	assert_int_equal(check(t, &pgd01, ACT_READ, old, "2025-08-01", &err), TD_EFORBIDDEN);

	assert_int_equal(store_prepare(t->s, ACCESS_SUBTREE_CTE "SELECT count(*) FROM subtree "
					     "WHERE id = ?",
				       &st, &err),
			 TD_OK);
	stmt_bind_int64(st, 1, t->pgd03);
	stmt_bind_text(st, 2, "2025-08-01");
	stmt_bind_text(st, 3, "2025-08-01");
	stmt_bind_int64(st, 4, pgd04);
	assert_int_equal(stmt_step(st, &err), TD_ROW);
	assert_int_equal(stmt_column_int64(st, 0), 1);
	stmt_finalize(st);
}

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_table_every_role_every_action_R_ORG_4),
		cmocka_unit_test(test_scope_office_subtree_R_ORG_4),
		cmocka_unit_test(test_scope_follows_tree_of_business_date_R_ORG_1),
		cmocka_unit_test(test_union_officer_only_its_chapter_R_ORG_4),
		cmocka_unit_test(test_group_leader_only_its_group_R_ORG_4),
		cmocka_unit_test(test_bankwide_data_needs_head_office_to_write),
		cmocka_unit_test(test_forbidden_message_is_precise),
		cmocka_unit_test(test_subtree_cte_lists_offices_of_date),
		cmocka_unit_test(test_merged_office_stays_in_reach_R_ORG_1),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
