/*
 * Helpers of the month-end tests (test_month_end_accrual.c, test_snapshot.c), on top of
 * loan_fixture.h's district: month end and end of day as the system actor, repayments
 * booked on their own date, and one scenario with a loan in each state.
 */
#ifndef TD_TESTS_MONTH_END_FIXTURE_H
#define TD_TESTS_MONTH_END_FIXTURE_H

#include "bank/eod.h"
#include "bank/loan_event.h"
#include "bank/month_end.h"
#include "bank/snapshot.h"
#include "loan_fixture.h"

/* Month end of PGD318 for the month of `month` (any day of it) on business date on. */
static int me_run(struct loan_fx *x, const char *on, const char *month, struct month_end_result *r,
		  struct td_error *err)
{
	struct td_ctx c = as(x, &x->f->admin, on);
	return month_end_run(&c, x->f->pgd318, fix_day(month), r, err);
}

static void me_run_ok(struct loan_fx *x, const char *on, const char *month,
		      struct month_end_result *r)
{
	struct td_error err = {0};
	must(me_run(x, on, month, r, &err), &err, "month end");
}

/* A repayment on day `on`, booked on that business date (its entry is dated `on`). */
static struct payment_allocation repay_on(struct loan_fx *x, int64_t loan, td_money amount,
					  const char *on)
{
	struct td_ctx t = as(x, &x->teller, on);
	struct loan_repay_input in = {loan, amount, fix_day(on), 0};
	struct payment_allocation a = {0};
	struct td_error err = {0};
	must(loan_repay(&t, &in, &a, NULL, &err), &err, "repay");
	return a;
}

static void set_business_date(struct loan_fx *x, const char *iso)
{
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE td_meta SET value = '%s' WHERE key = 'business_date'",
		 iso);
	fix_exec(x->f->s, sql);
}

static void eod_to(struct loan_fx *x, const char *upto)
{
	struct td_actor sys;
	actor_system(&sys);
	struct td_ctx c = fix_ctx(x->f, &sys);
	struct td_error err = {0};
	must(eod_run_until(&c, fix_day(upto), NULL, NULL, NULL, &err), &err, "eod");
}

/* A figure from SQL built with printf arguments. */
#define qf(x, ...)                                                                                 \
	({                                                                                         \
		char sql_[768];                                                                    \
		snprintf(sql_, sizeof sql_, __VA_ARGS__);                                          \
		fix_count((x)->f, sql_);                                                           \
	})

/* Freezes loan on day on for 12 months (R-RISK-1), all its principal and the interest owed,
 * prepared by the director and approved by a second director, user gd2; decided by the
 * board, as the loan's capital is central. */
static void freeze_on(struct loan_fx *x, int64_t loan, const char *on)
{
	struct loan_risk_input in = {.loan_id = loan,
				     .principal = LOAN_RISK_ALL,
				     .interest = LOAN_RISK_ALL,
				     .months = 12,
				     .d = {.decision_no = "15/QĐ-HĐQT",
					   .decided_on = fix_day(on),
					   .level = "central",
					   .reason = "Lũ quét cuốn trôi hoa màu",
					   .approver_id = second_director(x)}};
	struct td_ctx c = as(x, &x->director, on);
	struct td_error err = {0};
	must(fix_assess(&c, loan, "natural_disaster", 6000, fix_day(on), &in.assessment_id, &err),
	     &err, "assess");
	must(loan_freeze(&c, &in, NULL, &err), &err, "freeze");
}

/* Three loans of 50 M disbursed 2025-03-15 (first instalment 16,666,000 due 2026-03-15, no
 * roll-forward) taken through end of day from 2026-02-27 to 2026-04-01, so that eod runs
 * the month ends of February (on 03-01) and March (on 04-01):
 *   a: pays nothing; instalment 1 goes overdue on 2026-03-16 (R-DUE-1);
 *   b: frozen on 2026-03-05 (R-RISK-1);
 *   c: repays everything on 2026-03-10 (prepaid, closed). */
struct three {
	int64_t a, b, c;
};

static struct three three_loans_through_march_2026(struct loan_fx *x)
{
	struct three l = {disburse_ok(x, application(x, x->f->hh1[0], true)),
			  disburse_ok(x, application(x, x->f->hh1[1], true)),
			  disburse_ok(x, application(x, x->f->hh1[2], true))};
	fix_exec(x->f->s, "UPDATE programme_terms SET roll_forward = 0 WHERE programme_id = "
			"(SELECT id FROM programme WHERE code = '1')");
	set_business_date(x, "2026-02-27");
	eod_to(x, "2026-03-05");
	freeze_on(x, l.b, "2026-03-05");
	eod_to(x, "2026-03-10");
	/* 360 days on 50 M at 6.6 %: 3,254,795 */
	struct payment_allocation p = repay_on(x, l.c, 50000000 + 3254795, "2026-03-10");
	assert_int_equal(p.in_term_interest, 3254795);
	eod_to(x, "2026-04-01");
	return l;
}

#endif
