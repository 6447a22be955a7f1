/*
 * R-RATE-1 on every path: a rate change that applies to outstanding balances from a day
 * (programme rate … --outstanding-from) changes the interest of existing loans from that
 * day exactly, and a change for new loans only changes nothing for them — on the
 * statement, a repayment, end of day (the overdue switch, R-RATE-2) and month end's
 * accrual. The run that exposed it: a loan kept owing 6.6 % after a change to 5.5 % from
 * 2024-09-01 (here from 2025-06-01). Both stores.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "bank/programme_db.h"
#include "month_end_fixture.h"

/* Programme 1: 6.0 % for new loans from 2025-04-01 (existing loans keep their 6.6 %), then
 * 5.5 % for every loan, outstanding balances included, from 2025-06-01. */
static void rate_change(struct loan_fx *x)
{
	struct td_error err = {0};
	struct programme_rate_input newer = {.effective_from = fix_day("2025-04-01"),
					     .outstanding_from = PRG_DATE_NEVER,
					     .rate = 60000,
					     .source = "thử: cho vay mới"};
	struct programme_rate_input all = {.effective_from = fix_day("2025-06-01"),
					   .outstanding_from = fix_day("2025-06-01"),
					   .rate = 55000,
					   .source = "thử: cả dư nợ cũ"};
	must(programme_db_add_rate(&x->f->ctx, "1", &newer, &err), &err, "new loans");
	must(programme_db_add_rate(&x->f->ctx, "1", &all, &err), &err, "outstanding");
}

/* 50 M disbursed 2025-03-15 at 6.6 %: 78 days to 2025-06-01 at 6.6 %, then 5.5 %. */
#define INTEREST_TO_0915 1503836 /* 50 M x (78 x 6.6 % + 106 x 5.5 %) / 365 */
#define INTEREST_AT_6_6 1663562	 /* what it would be without the change: 184 days */

/* The statement and a repayment: both split at the switch, rounded once. */
static void test_r_rate_1_statement_and_repayment(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	rate_change(x);
	json_t *j = get(x, loan, "2025-09-15");
	json_t *owed = json_object_get(j, "interest_owed");
	assert_int_equal(json_integer_value(json_object_get(owed, "in_term")), INTEREST_TO_0915);
	assert_string_equal(json_string_value(json_object_get(j, "rate_pct")), "6.6");
	assert_string_equal(json_string_value(json_object_get(j, "rate_now_pct")), "5.5");
	json_t *periods = json_object_get(j, "rate_periods");
	assert_int_equal(json_array_size(periods), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(periods, 1), "from")),
			    "2025-06-01");
	json_decref(j);
	/* before the switch the statement is the old rate's */
	j = get(x, loan, "2025-05-15");
	assert_string_equal(json_string_value(json_object_get(j, "rate_now_pct")), "6.6");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "interest_owed"),
							    "in_term")),
			 551507); /* 61 days at 6.6 % */
	json_decref(j);
	struct td_error err = {0};
	struct payment_allocation a;
	must(repay(x, loan, 2000000, "2025-09-15", 0, &a, &err), &err, "repay");
	assert_int_equal(a.in_term_interest, INTEREST_TO_0915);
	assert_true(a.in_term_interest < INTEREST_AT_6_6);
	books_agree(x, 0, NULL);
}

/* A loan disbursed after the change for new loans bears 6.0 % and then switches too. */
static void test_r_rate_1_new_loan_rate_then_switch(void **state)
{
	struct loan_fx *x = *state;
	rate_change(x); /* before the application: it gets the rate of its day */
	struct td_ctx t = as(x, &x->teller, "2025-04-30");
	int64_t app = application(x, x->f->hh1[0], true);
	struct loan_disburse_input in = disb(x, app);
	in.on = fix_day("2025-04-15");
	struct td_error err = {0};
	int64_t loan = 0;
	must(loan_disburse(&t, &in, &loan, &err), &err, "disburse");
	json_t *j = get(x, loan, "2025-07-15");
	assert_string_equal(json_string_value(json_object_get(j, "rate_pct")), "6");
	assert_string_equal(json_string_value(json_object_get(j, "rate_now_pct")), "5.5");
	/* 47 days at 6 % + 44 days at 5.5 %: 50 M x (47 x 6 % + 44 x 5.5 %) / 365 = 717,808.2 */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "interest_owed"),
							    "in_term")),
			 717808);
	json_decref(j);
}

/* End of day settles interest at the overdue switch across the change, and overdue
 * principal bears 130 % of the new rate (R-RATE-2). */
static void test_r_rate_1_eod_and_overdue(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	fix_exec(x->f->s, "UPDATE programme_terms SET roll_forward = 0 WHERE programme_id = "
			  "(SELECT id FROM programme WHERE code = '1')");
	rate_change(x);
	set_business_date(x, "2026-03-14");
	eod_to(x, "2026-03-16");
	/* 78 days at 6.6 % + 288 days at 5.5 % on 50 M: 2,875,068.5 -> 2,875,068 (not the
	 * 3,309,041 of 366 days at 6.6 %) */
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT in_term_interest FROM loan WHERE id = %lld",
		 (long long)loan);
	assert_int_equal(fix_count(x->f, sql), 2875068);
	/* 30 days later: overdue 16,666,000 x 7.15 % x 30 / 365 = 97,941.3; in term 33,334,000 x
	 * 5.5 % x 30 / 365 = 150,688.2 */
	struct td_error err = {0};
	struct payment_allocation a;
	must(repay(x, loan, 97941 + 2875068 + 150688 + 16666000, "2026-04-15", 0, &a, &err), &err,
	     "repay");
	assert_int_equal(a.overdue_interest, 97941);
	assert_int_equal(a.in_term_interest, 2875068 + 150688);
	assert_int_equal(a.overdue_principal, 16666000);
	books_agree(x, 0, NULL);
}

/* Month end accrues the interest at the rates of each day. */
static void test_r_rate_1_month_end_accrual(void **state)
{
	struct loan_fx *x = *state;
	disburse_ok(x, application(x, x->f->hh1[0], true));
	rate_change(x);
	struct month_end_result r;
	me_run_ok(x, "2025-07-01", "2025-06-01", &r);
	/* 78 days at 6.6 % + 30 days at 5.5 % on 50 M: 931,232.9 */
	assert_int_equal(r.accrual_target, 931233);
	books_agree(x, 0, NULL);
}

/* A change for new loans only leaves existing loans as they were. */
static void test_r_rate_1_new_loans_only_changes_nothing(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	struct td_error err = {0};
	struct programme_rate_input newer = {.effective_from = fix_day("2025-04-01"),
					     .outstanding_from = PRG_DATE_NEVER,
					     .rate = 50000};
	must(programme_db_add_rate(&x->f->ctx, "1", &newer, &err), &err, "new loans");
	json_t *j = get(x, loan, "2025-09-15");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "interest_owed"),
							    "in_term")),
			 INTEREST_AT_6_6);
	assert_string_equal(json_string_value(json_object_get(j, "rate_now_pct")), "6.6");
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_r_rate_1_statement_and_repayment, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r_rate_1_new_loan_rate_then_switch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r_rate_1_eod_and_overdue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r_rate_1_month_end_accrual, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r_rate_1_new_loans_only_changes_nothing, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
