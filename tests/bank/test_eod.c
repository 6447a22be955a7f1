/* End of day on both stores (R-DUE-1, R-DUE-2, R-INACT-1, R-RATE-2, R-GL-2): the day's due
 * transitions, their booking, the interest across the overdue switch, the journal and the
 * books staying in agreement. Fixture copied from test_loan.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/application.h"
#include "bank/check.h"
#include "bank/group.h"
#include "bank/loan.h"
#include "bank/eod.h"
#include "ledger_fixture.h"

/* Group TK-01 of hh1[0..4] in commune 12001, statuses for 2025, a central source TW-01 of
 * PGD318 holding 200 M, and the people who act. Business date 2028-12-31, so any day of
 * the loans' lives can be booked. */
struct loan_fx {
	struct fixture *f;
	int64_t chapter, group, source;
	struct td_actor union_officer, officer, director, teller, teller_319, officer_pay;
};

static void add_status(struct fixture *f, int64_t hid, const char *status)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO poverty_import (commune_code, year, office_id, file_name, sha256, "
		 "rows_read, new_households, unchanged, status_changed, left_list, rejected, "
		 "business_date, user_id, username) VALUES ('12001', 2025, %lld, 'x.csv', 'x', 0, "
		 "0, 0, 0, 0, 0, '2025-01-01', 0, 'system');"
		 "INSERT INTO poverty_status (household_id, year, status, commune_code, import_id, "
		 "recorded_on) SELECT %lld, 2025, '%s', '12001', max(id), '2025-01-01' FROM "
		 "poverty_import;",
		 (long long)f->pgd318, (long long)hid, status);
	fix_exec(f->s, sql);
}

static struct td_actor person(enum td_role role, int64_t user, int64_t office, int64_t chapter)
{
	struct td_actor a = fix_actor(role, office, chapter, 0);
	a.user_id = user;
	snprintf(a.username, sizeof a.username, "%s_%lld", role_name(role), (long long)user);
	return a;
}

static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct loan_fx x;
	struct fixture *f = *state;
	memset(&x, 0, sizeof x);
	x.f = f;
	f->ctx.business_date = fix_day("2025-03-31");
	x.chapter = fix_chapter(f, "women", "commune", "12001", 0, f->pgd318, "2015-01-01");
	struct group_founding g = {.code = "TK-01",
				   .name = "Tổ TK&VV Thôn Một",
				   .village_id = f->v1,
				   .chapter_id = x.chapter,
				   .point_id = f->p1,
				   .officer_staff_id = f->co1,
				   .decision_no = "12/QĐ-UBND",
				   .decision_date = fix_day("2024-01-10"),
				   .founded_on = fix_day("2024-01-10"),
				   .members = f->hh1,
				   .n_members = 5,
				   .leader_id = f->hh1[0]};
	struct td_error err = {0};
	if (group_create(&f->ctx, &g, &x.group, &err) != TD_OK)
		fail_msg("group: %s", err.msg);
	for (int k = 0; k < 4; k++)
		add_status(f, f->hh1[k], "poor");
	x.source = lf_source(f, "TW-01", f->pgd318, NULL);
	lf_transfer(f, x.source, CAPITAL_IN, 200000000);
	x.union_officer = person(ROLE_UNION_OFFICER, 11, f->pgd318, x.chapter);
	x.officer = person(ROLE_CREDIT_OFFICER, 21, f->pgd318, 0);
	x.director = person(ROLE_DIRECTOR, 31, f->pgd318, 0);
	x.teller = person(ROLE_TELLER, 41, f->pgd318, 0);
	x.teller_319 = person(ROLE_TELLER, 42, f->pgd319, 0);
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct loan_fx *x = *state;
	void *f = x->f;
	return fix_teardown(&f);
}

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

static struct td_ctx as(struct loan_fx *x, const struct td_actor *a, const char *on)
{
	struct td_ctx c = fix_ctx(x->f, a);
	c.business_date = fix_day(on);
	return c;
}

/* An application of hh for 50 M over 36 months through the office check (approved unless
 * approve is false), dated March 2025. */
static int64_t application(struct loan_fx *x, int64_t hh, bool approve)
{
	struct td_error err = {0};
	struct application_input in = {.household_id = hh,
				       .programme = "1",
				       .amount = 50000000,
				       .term_months = 36,
				       .purpose = "Mua 2 con bò giống",
				       .plan = "Chăn nuôi bò sinh sản",
				       .applied_on = fix_day("2025-03-03")};
	struct application_vote v = {.on = fix_day("2025-03-05"),
				     .minutes_no = "05/BB-10C",
				     .list_no = "03/TD-07",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .votes_for = 12,
				     .votes_against = 1};
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct td_ctx o = as(x, &x->officer, "2025-03-31");
	struct td_ctx d = as(x, &x->director, "2025-03-31");
	int64_t id = 0;
	must(application_create(&u, &in, &id, &err), &err, "create");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, fix_day("2025-03-07"), &err), &err, "confirm");
	must(application_check(&o, id, fix_day("2025-03-10"), NULL, &err), &err, "check");
	if (approve)
		must(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err), &err,
		     "decide");
	return id;
}

static struct loan_disburse_input disb(struct loan_fx *x, int64_t app)
{
	return (struct loan_disburse_input){.application_id = app,
					    .source_id = x->source,
					    .amount = 50000000,
					    .on = fix_day("2025-03-15")};
}

static int64_t disburse_ok(struct loan_fx *x, int64_t app)
{
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct loan_disburse_input in = disb(x, app);
	struct td_error err = {0};
	int64_t id = 0;
	must(loan_disburse(&t, &in, &id, &err), &err, "disburse");
	return id;
}

static int repay(struct loan_fx *x, int64_t loan, td_money amount, const char *on, int inst,
		 struct payment_allocation *a, struct td_error *err)
{
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	struct loan_repay_input in = {loan, amount, fix_day(on), inst};
	return loan_repay(&t, &in, a, NULL, err);
}

/* check_run finds exactly `want` mismatches; the first line contains `text` if given. */
static char first_line[512];
static void keep_first(void *arg, const char *line)
{
	int *n = arg;
	if ((*n)++ == 0)
		snprintf(first_line, sizeof first_line, "%s", line);
}

static void books_agree(struct loan_fx *x, int64_t want, const char *text)
{
	int n = 0;
	first_line[0] = '\0';
	struct check_report r = {keep_first, &n};
	struct td_error err = {0};
	must(check_run(x->f->s, CHECK_ALL_DATES, &r, &err), &err, "check");
	if (r.mismatches != want)
		fail_msg("check: %lld mismatches, want %lld; first: %s", (long long)r.mismatches,
			 (long long)want, first_line);
	if (text && !strstr(first_line, text))
		fail_msg("check line '%s' lacks '%s'", first_line, text);
}

/* Debit minus credit of the loan accounts of type at PGD318. */
static int64_t gl(struct loan_fx *x, const char *type)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(sum(p.debit - p.credit), 0) FROM gl_posting p JOIN gl_account a "
		 "ON a.id = p.account_id WHERE a.type_code = '%s' AND a.office_id = %lld",
		 type, (long long)x->f->pgd318);
	return fix_count(x->f, sql);
}

static json_t *get(struct loan_fx *x, int64_t loan, const char *on)
{
	struct td_ctx t = as(x, &x->teller, on);
	struct td_error err = {0};
	json_t *j = NULL;
	must(loan_get(&t, loan, &j, &err), &err, "get");
	return j;
}

static int64_t jint(json_t *j, const char *k)
{
	return json_integer_value(json_object_get(j, k));
}

/* Disbursed, repaid in three steps, closed; the books agree after each step. */

static void set_business_date(struct loan_fx *x, const char *iso)
{
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE td_meta SET value = '%s' WHERE key = 'business_date'",
		 iso);
	fix_exec(x->f->s, sql);
}

static int eod(struct loan_fx *x, const char *upto, int *days, struct td_error *err)
{
	struct td_actor sys;
	actor_system(&sys);
	struct td_ctx c = fix_ctx(x->f, &sys);
	return eod_run_until(&c, fix_day(upto), NULL, NULL, days, err);
}

static void eod_ok(struct loan_fx *x, const char *upto, int want_days)
{
	struct td_error err = {0};
	int days = -1;
	must(eod(x, upto, &days, &err), &err, "eod");
	assert_int_equal(days, want_days);
	books_agree(x, 0, NULL); /* R-GL-2 after every run */
}

/* A count or figure from SQL naming the loan once (%lld). */
#define q(x, fmt, loan)                                                                            \
	({                                                                                         \
		char sql_[512];                                                                    \
		snprintf(sql_, sizeof sql_, fmt, (long long)(loan));                               \
		fix_count((x)->f, sql_);                                                           \
	})

static void no_roll(struct loan_fx *x)
{
	fix_exec(x->f->s, "UPDATE programme SET roll_forward = 0 WHERE code = '1'");
}

/* Due today: the status only; the day after: 16,666,000 moves to LOAN_OVERDUE and
 * interest is settled up to 2026-03-16 (366 days on 50 M at 6.6 %: 3,309,041). */
static void test_r_due_1_due_then_overdue_booked(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	no_roll(x); /* after the programmes were seeded by the application */
	set_business_date(x, "2026-03-14");
	eod_ok(x, "2026-03-15", 1);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 0);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan_instalment WHERE loan_id = %lld AND "
			   "position = 1 AND status = 'due'",
			   loan),
			 1);
	eod_ok(x, "2026-03-16", 1);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 16666000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 33334000);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan_instalment WHERE loan_id = %lld AND "
			   "position = 1 AND status = 'overdue' AND overdue_on = '2026-03-16'",
			   loan),
			 1);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan WHERE id = %lld AND status = 'overdue' "
			   "AND interest_from = '2026-03-16'",
			   loan),
			 1);
	assert_int_equal(q(x, "SELECT in_term_interest FROM loan WHERE id = %lld", loan), 3309041);
	assert_int_equal(q(x, "SELECT overdue_interest FROM loan WHERE id = %lld", loan), 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM eod_run"), 2);
	assert_int_equal(fix_count(x->f, "SELECT overdue_amount FROM eod_run WHERE "
					 "business_date = '2026-03-16'"),
			 16666000);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM td_meta WHERE key = "
					 "'business_date' AND value = '2026-03-16'"),
			 1);

	/* idempotent: the same day again does nothing */
	eod_ok(x, "2026-03-16", 0);
	eod_ok(x, "2026-03-10", 0);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 16666000);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry WHERE kind = 'overdue'"),
			 1);

	/* R-RATE-2: 30 days later the overdue principal bears 130 % of 6.6 % from 2026-03-16:
	 * 16,666,000 x 0.0858 x 30 / 365 = 117,529.55 -> 117,530; in term 33,334,000 x 0.066 x
	 * 30 / 365 = 180,825.53 -> 180,826 on top of the 3,309,041 settled. */
	struct td_error err = {0};
	struct payment_allocation a;
	must(repay(x, loan, 117530 + 3309041 + 180826 + 16666000, "2026-04-15", 0, &a, &err), &err,
	     "repay");
	assert_int_equal(a.overdue_interest, 117530);
	assert_int_equal(a.in_term_interest, 3309041 + 180826);
	assert_int_equal(a.overdue_principal, 16666000);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 0);
	books_agree(x, 0, NULL);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan WHERE id = %lld AND status = 'in_term' "
			   "AND inactive_check_on = '2026-04-15'",
			   loan),
			 1);
}

/* Missed days in one run end where day-by-day does (same figures as above). */
static void test_r_due_1_range_equals_day_by_day(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	no_roll(x); /* after the programmes were seeded by the application */
	set_business_date(x, "2026-03-01");
	eod_ok(x, "2026-03-20", 19);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 16666000);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan_instalment WHERE loan_id = %lld AND "
			   "position = 1 AND status = 'overdue' AND overdue_on = '2026-03-16'",
			   loan),
			 1);
	assert_int_equal(q(x, "SELECT in_term_interest FROM loan WHERE id = %lld", loan), 3309041);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan WHERE id = %lld AND "
			   "interest_from = '2026-03-16'",
			   loan),
			 1);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM eod_run"), 19);
	assert_int_equal(fix_count(x->f, "SELECT sum(became_overdue) FROM eod_run"), 1);
	assert_int_equal(fix_count(x->f, "SELECT became_due FROM eod_run WHERE "
					 "business_date = '2026-03-15'"),
			 1);
}

/* R-DUE-2: programme 1 (poor households) rolls the missed instalment into the next, books
 * nothing; the last one never rolls and goes overdue whole. */
static void test_r_due_2_roll_forward_and_last_never_rolls(void **state)
{
	struct loan_fx *x = *state;
	fix_exec(x->f->s, "UPDATE programme SET roll_forward = 1 WHERE code = '1'");
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	set_business_date(x, "2026-03-15");
	eod_ok(x, "2026-03-16", 1);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 0);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan_instalment WHERE loan_id = %lld AND "
			   "position = 1 AND status = 'rolled' AND principal = 0",
			   loan),
			 1);
	assert_int_equal(q(x,
			   "SELECT principal FROM loan_instalment WHERE loan_id = %lld AND "
			   "position = 2",
			   loan),
			 33332000);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan WHERE id = %lld AND status = 'in_term' "
			   "AND interest_from = '2025-03-15'",
			   loan),
			 1);
	assert_int_equal(fix_count(x->f, "SELECT rolled FROM eod_run"), 1);
	/* 2027-03-15 missed: rolls into the last; 2028-03-15 missed: the last goes overdue */
	set_business_date(x, "2028-03-10");
	eod_ok(x, "2028-03-20", 10);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 50000000);
	assert_int_equal(q(x,
			   "SELECT count(*) FROM loan_instalment WHERE loan_id = %lld AND "
			   "position = 3 AND status = 'overdue' AND overdue_on = '2028-03-16' "
			   "AND principal = 50000000",
			   loan),
			 1);
}

/* R-INACT-1: no interest paid for more than three months flags the loan; a repayment of
 * the interest clears it at the next end of day. */
static void test_r_inact_1_flag_and_clear(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	set_business_date(x, "2025-03-31");
	eod_ok(x, "2025-06-10", 71);
	assert_int_equal(q(x, "SELECT inactive FROM loan WHERE id = %lld", loan), 0);
	eod_ok(x, "2025-06-30", 20);
	assert_int_equal(q(x, "SELECT inactive FROM loan WHERE id = %lld", loan), 1);
	assert_int_equal(fix_count(x->f, "SELECT sum(inactive_flagged) FROM eod_run"), 1);
	/* the flag came on the first day unpaid interest exceeded 3 x 275,000 = 825,000:
	 * 50 M x 0.066 x 92 / 365 = 831,781 on 2025-06-15 (91 days: 822,740) */
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM eod_run WHERE inactive_flagged = 1 "
					 "AND business_date = '2025-06-15'"),
			 1);
	/* few days examined the loan: work follows events, not days x loans */
	int64_t examined = fix_count(x->f, "SELECT sum(loans) FROM eod_run");
	if (examined > 12)
		fail_msg("the loan was examined on %lld of 91 days", (long long)examined);
	struct td_error err = {0};
	/* 107 days: 50 M x 0.066 x 107 / 365 = 967,397 */
	must(repay(x, loan, 967397, "2025-06-30", 0, NULL, &err), &err, "interest");
	eod_ok(x, "2025-07-01", 1);
	assert_int_equal(q(x, "SELECT inactive FROM loan WHERE id = %lld", loan), 0);
	assert_int_equal(fix_count(x->f, "SELECT sum(inactive_cleared) FROM eod_run"), 1);
}

/* Only the command line's system actor runs eod; more than EOD_DAYS_MAX days is refused;
 * neither changes anything. */
static void test_eod_refusals(void **state)
{
	struct loan_fx *x = *state;
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct td_error err = {0};
	int days = -1;
	assert_int_equal(eod_run_until(&t, fix_day("2025-04-01"), NULL, NULL, &days, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(eod(x, "2045-01-01", &days, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "at most 3660"));
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM eod_run"), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_due_1_due_then_overdue_booked),
		T(test_r_due_1_range_equals_day_by_day),
		T(test_r_due_2_roll_forward_and_last_never_rolls),
		T(test_r_inact_1_flag_and_clear),
		T(test_eod_refusals),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "eod/postgres"
									      : "eod/sqlite",
					   tests, NULL, NULL);
}
