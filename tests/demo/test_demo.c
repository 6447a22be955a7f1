/* `tindung demo` on both stores (issue 5, docs/demo.md): a small district built through the
 * bank's use cases keeps its books (R-GL-1, R-GL-2, R-CAP-1, R-SAV-1: check_run finds no
 * mismatch; the audit chain holds, R-GL-3), looks like a district (R-ORG-2 groups of 20-50,
 * four chapters per commune, several programmes, R-DUE-1 overdue debt, R-RISK-1 freezes
 * and write-offs, R-SES-1 closed sessions whose cash counted), is the same for the same
 * seed, and is refused on a database that holds data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/check.h"
#include "bank/org_util.h"
#include "bank/session.h"
#include "bank/user.h"
#include "demo/demo.h"
#include "support/testdb.h"

#define ADMIN_PASSWORD "mật khẩu quản trị demo"

static enum td_backend backend;

/* Sizes per store: PostgreSQL pays a round trip per statement (docs/PERFORMANCE.md), so
 * its district is smaller and shorter, big enough for every kind of event still. */
static struct {
	int64_t households; /* of the small district */
	int months;
	int64_t short_households; /* of the determinism builds */
	int short_months;
} size;

/* The small district, built once for the tests that only read it. */
static struct {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	struct demo_summary sum;
} town;

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

static int64_t count(struct td_store *s, const char *sql)
{
	int64_t n = -1;
	struct td_error err = {0};
	must(store_query_int64(s, sql, &n, &err), &err, sql);
	return n;
}

static struct td_store *fresh(char *url)
{
	struct td_store *s = NULL;
	if (testdb_open(backend, true, &s, url, TESTDB_URL_MAX))
		fail_msg("no test database");
	return s;
}

static void build(struct td_store *s, uint64_t seed, int64_t households, int months,
		  struct demo_summary *sum)
{
	struct demo_options o;
	demo_options_default(&o);
	o.seed = seed;
	o.households = households;
	o.months = months;
	o.admin_password = ADMIN_PASSWORD;
	struct td_error err = {0};
	must(demo_build(s, &o, sum, &err), &err, "demo_build");
}

static int town_setup(void **state)
{
	(void)state;
	town.s = fresh(town.url);
	build(town.s, 1, size.households, size.months, &town.sum);
	return 0;
}

static int town_teardown(void **state)
{
	(void)state;
	store_close(town.s);
	testdb_cleanup(town.url);
	return 0;
}

static char first_mismatch[512];
static void keep_first(void *arg, const char *line)
{
	int *n = arg;
	if ((*n)++ == 0)
		snprintf(first_mismatch, sizeof first_mismatch, "%s", line);
}

static void test_books_agree_and_audit_holds_R_GL_1_R_GL_2_R_CAP_1_R_SAV_1(void **state)
{
	(void)state;
	int n = 0;
	struct check_report r = {keep_first, &n};
	struct td_error err = {0};
	must(check_run(town.s, CHECK_ALL_DATES, &r, &err), &err, "check_run");
	if (r.mismatches)
		fail_msg("%lld mismatches; first: %s", (long long)r.mismatches, first_mismatch);
	assert_true(r.entries > 1000);
	struct audit_verify_result v;
	must(audit_verify(town.s, &v, &err), &err, "audit_verify");
	assert_int_equal(v.first_bad, 0);
	assert_int_equal(v.records, town.sum.audit_records);
}

static void test_district_shape_R_ORG_2(void **state)
{
	(void)state;
	const struct demo_summary *s = &town.sum;
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	assert_string_equal(date_format_iso(s->start, a, sizeof a), "2022-01-01");
	assert_string_equal(date_format_iso(s->end, b, sizeof b),
			    size.months == 36 ? "2024-12-31" : "2023-12-31");
	/* borrowing households near the size asked for */
	assert_in_range(s->borrowers, size.households * 8 / 10, size.households * 12 / 10);
	assert_in_range(s->households, size.households, size.households * 2);
	/* every commune of Kiến Thuỵ has the four unions' chapters; plus the district's and
	 * the city's */
	int64_t communes = count(town.s, "SELECT count(*) FROM admin_unit WHERE level = "
					 "'commune' AND code IN (SELECT code FROM admin_unit WHERE "
					 "parent_code = '314')");
	assert_true(communes >= 10);
	assert_int_equal(s->chapters, 4 * communes + 8);
	assert_int_equal(count(town.s, "SELECT count(*) FROM (SELECT admin_code FROM org_chapter "
				       "WHERE level = 'commune' GROUP BY admin_code HAVING "
				       "count(DISTINCT org) = 4) x"),
			 communes);
	/* groups of 20-50 households, every member in one */
	assert_true(s->groups >= 2);
	assert_int_equal(count(town.s, "SELECT count(*) FROM (SELECT group_id, count(*) n FROM "
				       "group_member WHERE left_on IS NULL GROUP BY group_id) x "
				       "WHERE n < 20 OR n > 50"),
			 0);
	assert_int_equal(count(town.s, "SELECT count(*) FROM savings_group WHERE closed_on IS "
				       "NULL AND id NOT IN (SELECT group_id FROM group_member "
				       "WHERE left_on IS NULL)"),
			 0);
	/* the poverty lists of every year (2022..2025 for three years), statuses changing */
	assert_int_equal(count(town.s, "SELECT count(DISTINCT year) FROM poverty_import"),
			 size.months / 12 + 1);
	assert_true(count(town.s, "SELECT count(DISTINCT status) FROM poverty_status") >= 3);
	/* Vietnamese citizen IDs of Hải Phòng (R-HH-3) */
	assert_int_equal(count(town.s, "SELECT count(*) FROM household WHERE substr(cccd, 1, 3) "
				       "<> '031' OR length(cccd) <> 12"),
			 0);
}

static void test_lending_R_DUE_1_R_RISK_1_R_EXT_1(void **state)
{
	(void)state;
	const struct demo_summary *s = &town.sum;
	assert_true(s->programmes >= 4);
	assert_true(s->loans > s->loans_open); /* some loans ended... */
	assert_true(count(town.s, "SELECT count(*) FROM loan WHERE status = 'closed'") > 0);
	/* ...and their households borrowed again */
	assert_true(count(town.s, "SELECT count(*) FROM (SELECT household_id FROM loan GROUP BY "
				  "household_id, programme_code HAVING count(*) > 1) x") > 0);
	/* late payers went overdue (R-DUE-1); at the end some debt is overdue or frozen (a
	 * district this small may have paid all its overdue debt by then) */
	assert_true(count(town.s, "SELECT count(*) FROM loan_instalment WHERE overdue_on IS NOT "
				  "NULL") > 0);
	assert_true(s->overdue + s->frozen > 0);
	assert_true(s->overdue + s->frozen < s->outstanding / 10);
	assert_true(s->write_offs >= 1);
	assert_true(s->freezes >= 1);
	assert_true(s->extensions >= 1);
	assert_true(s->rejected >= 1);
	/* every loan went through the four steps and a director who prepared nothing */
	assert_int_equal(count(town.s, "SELECT count(*) FROM loan l JOIN loan_application a ON "
				       "a.id = l.application_id WHERE a.step <> 'approved'"),
			 0);
	/* the outstanding is the district's scale per household: tens of millions */
	assert_in_range(s->outstanding / s->borrowers, 20000000, 80000000);
}

static void test_sessions_closed_on_counted_cash_R_SES_1(void **state)
{
	(void)state;
	const struct demo_summary *s = &town.sum;
	assert_true(s->sessions >= size.months);
	assert_int_equal(count(town.s, "SELECT count(*) FROM commune_session WHERE status <> "
				       "'closed'"),
			 0);
	/* counted = opening + in - out, line by line (payouts of fees and commissions out) */
	assert_int_equal(
		count(town.s,
		      "SELECT count(*) FROM commune_session s WHERE s.counted_cash <> "
		      "s.opening_cash + (SELECT coalesce(sum(CASE WHEN l.direction = 'in' THEN "
		      "l.amount ELSE -l.amount END), 0) FROM session_line l WHERE l.session_id = "
		      "s.id) - (SELECT coalesce(sum(p.amount), 0) FROM session_payout p WHERE "
		      "p.session_id = s.id)"),
		0);
	/* R-FEE-1, R-FEE-2: what month end accrued was paid out at the sessions */
	assert_true(count(town.s, "SELECT count(*) FROM session_payout WHERE kind = "
				  "'commission'") > 0);
	assert_true(count(town.s, "SELECT count(*) FROM session_payout WHERE kind = 'fee'") > 0);
	/* leaders brought interest and savings, never principal (R-ORG-3) */
	assert_true(count(town.s, "SELECT count(*) FROM session_line WHERE via = 'group_leader' "
				  "AND kind = 'interest'") > 0);
	assert_int_equal(count(town.s, "SELECT count(*) FROM session_line WHERE via = "
				       "'group_leader' AND kind = 'principal'"),
			 0);
	assert_true(count(town.s, "SELECT count(*) FROM session_line WHERE kind = "
				  "'disbursement'") > 0);
	/* month end ran for every ended month of the run at the district office (and, when
	 * eod runs it on the first of the month, for December 2021 too) */
	assert_in_range(count(town.s, "SELECT count(*) FROM month_end_run r JOIN office o ON "
				      "o.id = r.office_id WHERE o.code = 'PGD314'"),
			size.months - 1, size.months);
}

/* R-CASH-1: each session's opening cash left the vault and its counted cash came back; the
 * office remits what its vault holds above the limit the branch set, so that every day
 * ends at or under it and never below zero (the inter-office accounts net to zero: the
 * check above). */
static void test_vault_within_its_limit_R_CASH_1(void **state)
{
	(void)state;
	assert_int_equal(count(town.s, "SELECT count(*) FROM vault_limit"), 1);
	assert_int_equal(count(town.s, "SELECT count(*) FROM cash_transfer WHERE kind = "
				       "'to_session'"),
			 count(town.s, "SELECT count(*) FROM commune_session WHERE opening_cash > "
				       "0"));
	assert_int_equal(count(town.s, "SELECT count(*) FROM cash_transfer WHERE kind = "
				       "'from_session'"),
			 count(town.s, "SELECT count(*) FROM commune_session WHERE counted_cash > "
				       "0"));
	assert_true(count(town.s, "SELECT count(*) FROM cash_transfer WHERE kind = 'remit' AND "
				  "counterparty = 'branch'") > 0);
	assert_int_equal(
		count(town.s,
		      "WITH d AS (SELECT e.business_date AS bd, sum(p.debit - p.credit) AS n "
		      "FROM gl_posting p JOIN gl_account a ON a.id = p.account_id JOIN gl_entry e "
		      "ON e.id = p.entry_id JOIN office o ON o.id = a.office_id WHERE a.type_code "
		      "= 'CASH' AND o.code = 'PGD314' GROUP BY e.business_date), c AS (SELECT bd, "
		      "sum(n) OVER (ORDER BY bd) AS v FROM d) SELECT count(*) FROM c WHERE v < 0 "
		      "OR v > (SELECT amount FROM vault_limit)"),
		0);
}

static void print_account(void *arg, const struct demo_account *a)
{
	int *n = arg;
	(*n)++;
	assert_true(strlen(a->password) >= 10);
	assert_true(a->what[0] != '\0');
}

static void test_demo_accounts_sign_in(void **state)
{
	(void)state;
	bool is_demo = false;
	int n = 0;
	struct td_error err = {0};
	must(demo_accounts(town.s, &is_demo, print_account, &n, &err), &err, "accounts");
	assert_true(is_demo);
	assert_true(n >= 15);
	/* the admin password given is the admin's */
	struct session_new sess;
	must(user_login(town.s, "admin", ADMIN_PASSWORD, 1700000000, &sess, NULL, &err), &err,
	     "login");
	/* every role of docs/access.md has a demo account */
	assert_int_equal(count(town.s, "SELECT count(DISTINCT role) FROM app_user"), 9);
}

static void test_refuses_a_database_with_data(void **state)
{
	(void)state;
	char before[65], after[65];
	struct td_error err = {0};
	must(demo_digest(town.s, before, &err), &err, "digest");
	int64_t audit = count(town.s, "SELECT count(*) FROM audit_log");
	struct demo_options o;
	demo_options_default(&o);
	o.households = 10;
	struct demo_summary sum;
	assert_int_equal(demo_build(town.s, &o, &sum, &err), TD_ECONFLICT);
	assert_non_null(strstr(err.msg, "already holds data"));
	must(demo_digest(town.s, after, &err), &err, "digest");
	assert_string_equal(before, after);
	assert_int_equal(count(town.s, "SELECT count(*) FROM audit_log"), audit);
	bool empty = true;
	must(demo_database_empty(town.s, &empty, &err), &err, "empty");
	assert_false(empty);
}

static void test_refuses_bad_options(void **state)
{
	(void)state;
	char url[TESTDB_URL_MAX];
	struct td_store *s = fresh(url);
	struct demo_options o;
	struct demo_summary sum;
	struct td_error err = {0};
	demo_options_default(&o);
	o.households = 0;
	assert_int_equal(demo_build(s, &o, &sum, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "households 0 is outside 1..200000"));
	demo_options_default(&o);
	o.months = 37;
	assert_int_equal(demo_build(s, &o, &sum, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "months 37"));
	bool empty = false;
	must(demo_database_empty(s, &empty, &err), &err, "empty");
	assert_true(empty); /* refusals wrote nothing */
	store_close(s);
	testdb_cleanup(url);
}

/* Same seed, same district; another seed, another district. */
static void test_same_seed_same_district(void **state)
{
	(void)state;
	char url[3][TESTDB_URL_MAX], digest[3][65];
	static const uint64_t seeds[3] = {7, 7, 8};
	for (int k = 0; k < 3; k++) {
		struct td_store *s = fresh(url[k]);
		struct demo_summary sum;
		struct td_error err = {0};
		build(s, seeds[k], size.short_households, size.short_months, &sum);
		assert_true(sum.loans > 0);
		must(demo_digest(s, digest[k], &err), &err, "digest");
		store_close(s);
		testdb_cleanup(url[k]);
	}
	assert_string_equal(digest[0], digest[1]);
	assert_string_not_equal(digest[0], digest[2]);
}

int main(void)
{
	backend = testdb_backend_from_env();
	if (backend == TD_BACKEND_POSTGRES)
		size.households = 70, size.months = 24, size.short_households = 25,
		size.short_months = 4;
	else
		size.households = 150, size.months = 36, size.short_households = 60,
		size.short_months = 8;
	setenv("TD_PWHASH_FAST", "1", 1);
	const struct CMUnitTest built[] = {
		cmocka_unit_test(test_books_agree_and_audit_holds_R_GL_1_R_GL_2_R_CAP_1_R_SAV_1),
		cmocka_unit_test(test_district_shape_R_ORG_2),
		cmocka_unit_test(test_lending_R_DUE_1_R_RISK_1_R_EXT_1),
		cmocka_unit_test(test_sessions_closed_on_counted_cash_R_SES_1),
		cmocka_unit_test(test_vault_within_its_limit_R_CASH_1),
		cmocka_unit_test(test_demo_accounts_sign_in),
		cmocka_unit_test(test_refuses_a_database_with_data),
	};
	const struct CMUnitTest others[] = {
		cmocka_unit_test(test_refuses_bad_options),
		cmocka_unit_test(test_same_seed_same_district),
	};
	bool pg = backend == TD_BACKEND_POSTGRES;
	int failed = cmocka_run_group_tests_name(pg ? "demo/postgres" : "demo/sqlite", built,
						 town_setup, town_teardown);
	failed += cmocka_run_group_tests_name(pg ? "demo_runs/postgres" : "demo_runs/sqlite",
					      others, NULL, NULL);
	return failed;
}
