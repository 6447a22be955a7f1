/* End of day on both stores (R-DUE-1, R-DUE-2, R-INACT-1, R-RATE-2, R-GL-2): the day's due
 * transitions, their booking, the interest across the overdue switch, the journal and the
 * books staying in agreement. Fixture copied from test_loan.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/eod.h"
#include "bank/month_end.h"
#include "loan_fixture.h"

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
	fix_exec(x->f->s, "UPDATE programme_terms SET roll_forward = 0 WHERE programme_id = "
			"(SELECT id FROM programme WHERE code = '1')");
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
	fix_exec(x->f->s, "UPDATE programme_terms SET roll_forward = 1 WHERE programme_id = "
			"(SELECT id FROM programme WHERE code = '1')");
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
	json_t *j = get(x, loan, "2025-06-30"); /* visible where people read the loan */
	assert_true(json_is_true(json_object_get(j, "inactive")));
	json_decref(j);
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
	j = get(x, loan, "2025-07-01");
	assert_true(json_is_false(json_object_get(j, "inactive")));
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT sum(inactive_cleared) FROM eod_run"), 1);
}

static void count_month_ends(void *arg, const struct eod_day *d)
{
	int *v = arg;
	v[0] += d->month_end_offices;
	if (d->month_end_offices > 0)
		v[1] = (int)d->date;
}

/* Month end runs with eod on the first day of the next month, for every office, before
 * that day's transitions (R-FEE-1, R-FEE-2, R-INT-1, R-CLS-1; docs/eod.md): the interest
 * accrued to 2025-04-30 (47 days on 50 M: 424,932) is in the receivable, each office has
 * its run and snapshot, a later tindung month-end of the same month books nothing. */
static void test_r_int_1_month_end_runs_with_eod_on_the_first(void **state)
{
	struct loan_fx *x = *state;
	disburse_ok(x, application(x, x->f->hh1[0], true));
	set_business_date(x, "2025-04-20");
	struct td_actor sys;
	actor_system(&sys);
	struct td_ctx c = fix_ctx(x->f, &sys);
	struct td_error err = {0};
	int seen[2] = {0, 0}, days = 0;
	must(eod_run_until(&c, fix_day("2025-05-03"), count_month_ends, seen, &days, &err), &err,
	     "eod");
	int64_t offices = fix_count(x->f, "SELECT count(*) FROM office");
	assert_int_equal(days, 13);
	assert_int_equal(seen[0], offices);
	assert_int_equal(seen[1], fix_day("2025-05-01"));
	assert_int_equal(fix_count(x->f,
				   "SELECT count(*) FROM month_end_run WHERE month = "
				   "'2025-04' AND business_date = '2025-05-01' AND accrued_to "
				   "= '2025-04-30'"),
			 offices);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM month_end_snapshot"), offices);
	assert_int_equal(gl(x, "INTEREST_RECEIVABLE"), 424932);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'month_end'"),
			 offices);
	books_agree(x, 0, NULL);
	struct month_end_result r;
	struct td_ctx m = as(x, &sys, "2025-05-03");
	must(month_end_run(&m, x->f->pgd318, fix_day("2025-04-01"), &r, &err), &err, "again");
	assert_true(r.already_done);
	assert_int_equal(r.accrual_target, 424932);
	/* March was never run (eod started after it): the command line still can */
	must(month_end_run(&m, x->f->pgd318, fix_day("2025-03-01"), &r, &err), &err, "March");
	assert_false(r.already_done);
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
		T(test_r_int_1_month_end_runs_with_eod_on_the_first),
		T(test_eod_refusals),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "eod/postgres"
									      : "eod/sqlite",
					   tests, NULL, NULL);
}
