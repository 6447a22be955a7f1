/* Month end on both stores: entrustment fees per chapter with the overdue-ratio tiers and
 * the split (R-FEE-1), the group leader's commission (R-FEE-2), the booking, an idempotent
 * rerun, refusals, and the books agreeing after (R-GL-1, R-GL-2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/month_end.h"
#include "bank/param.h"
#include "loan_fixture.h"

/* Loan A of hh1[0] and loan B of hh1[1], 50 M each on 2025-03-15, same chapter and group.
 * In April A pays 271,233 of interest (30 days, R-INT-1) and 728,767 of principal; in May A
 * repays again, which must not change April's figures. At the end of April A owes
 * 49,271,233 (the fee base) and the chapter 99,271,233 (the ratio's denominator). */
struct april {
	int64_t a, b;
};

static struct april april_loans(struct loan_fx *x)
{
	struct april l = {disburse_ok(x, application(x, x->f->hh1[0], true)),
			  disburse_ok(x, application(x, x->f->hh1[1], true))};
	struct td_error err = {0};
	struct payment_allocation p;
	must(repay(x, l.a, 1000000, "2025-04-14", 0, &p, &err), &err, "April");
	assert_int_equal(p.in_term_interest, 271233);
	assert_int_equal(p.prepaid_principal, 728767);
	must(repay(x, l.a, 2000000, "2025-05-10", 0, &p, &err), &err, "May");
	assert_true(p.prepaid_principal > 0);
	return l;
}

#define APRIL_BASE 49271233
#define APRIL_OUTSTANDING 99271233

static int month_end(struct loan_fx *x, const char *on, const char *month,
		     struct month_end_result *r, struct td_error *err)
{
	struct td_ctx c = as(x, &x->f->admin, on);
	td_date first = 0, last = 0;
	must(month_end_parse_month(month, &first, &last, err), err, "month");
	return month_end_run(&c, x->f->pgd318, first, r, err);
}

/* A column of the one fee_accrual row of April. */
static int64_t fee_col(struct loan_fx *x, const char *col)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM fee_accrual WHERE month = '2025-04'", col);
	return fix_count(x->f, sql);
}

/* Fee, split, commission and booking of April with no overdue (R-FEE-1, R-FEE-2). */
static void test_r_fee_1_r_fee_2_april(void **state)
{
	struct loan_fx *x = *state;
	april_loans(x);
	struct month_end_result r;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "month end");
	assert_false(r.already_done);
	assert_int_equal(r.chapters, 1);
	assert_int_equal(r.groups, 1);
	/* 49,271,233 x 0.032 % = 15,766.79 -> 15,767, paid in full under 2 % */
	assert_int_equal(fee_col(x, "base"), APRIL_BASE);
	assert_int_equal(fee_col(x, "outstanding"), APRIL_OUTSTANDING);
	assert_int_equal(fee_col(x, "overdue"), 0);
	assert_int_equal(fee_col(x, "paid_bp"), 10000);
	assert_int_equal(r.fee_total, 15767);
	/* district 9 % 1,419; province 4.5 % 709; centre 2.5 % 394; the commune the rest */
	assert_int_equal(fee_col(x, "district"), 1419);
	assert_int_equal(fee_col(x, "province"), 709);
	assert_int_equal(fee_col(x, "centre"), 394);
	assert_int_equal(fee_col(x, "commune"), 15767 - 1419 - 709 - 394);
	/* R-FEE-2: 0.058 % a month of the in-term balance on which interest was collected,
	 * 49,271,233 x 0.058 % = 28,577.3 -> 28,577, for the leader hh1[0] */
	assert_int_equal(r.commission_total, 28577);
	assert_int_equal(fix_count(x->f, "SELECT interest FROM commission_accrual"), 271233);
	assert_int_equal(fix_count(x->f, "SELECT leader_household_id FROM commission_accrual"),
			 x->f->hh1[0]);
	assert_int_equal(gl(x, "FEE_EXPENSE"), 15767);
	assert_int_equal(gl(x, "FEE_PAYABLE"), -15767);
	assert_int_equal(gl(x, "COMMISSION_EXPENSE"), 28577);
	assert_int_equal(gl(x, "COMMISSION_PAYABLE"), -28577);
	assert_true(r.fee_entry_id > 0 && r.commission_entry_id > 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'month_end'"),
			 1);
	books_agree(x, 0, NULL);
}

/* R-FEE-1 tiers: overdue principal of loan B set so that the chapter's ratio is at least
 * ratio_bp (rounded up), and the share paid of the fee. */
static void fee_tier(void **state, int64_t ratio_bp, int64_t want_paid_bp)
{
	struct loan_fx *x = *state;
	struct april l = april_loans(x);
	int64_t overdue = ((int64_t)APRIL_OUTSTANDING * ratio_bp + 9999) / 10000;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET status = 'overdue', overdue_on = '2025-04-10', "
		 "paid_principal = principal - %lld WHERE loan_id = %lld AND position = 1",
		 (long long)overdue, (long long)l.b);
	fix_exec(x->f->s, sql);
	struct month_end_result r;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "month end");
	assert_int_equal(fee_col(x, "overdue"), overdue);
	assert_int_equal(fee_col(x, "paid_bp"), want_paid_bp);
	assert_int_equal(fee_col(x, "ratio_bp"), ratio_bp);
	/* base x 0.032 % x share, rounded half-up once (not the rounded gross x share) */
	int64_t want = ((int64_t)APRIL_BASE * 320 * want_paid_bp + 5000000000) / 10000000000;
	assert_int_equal(r.fee_total, want);
	assert_int_equal(fee_col(x, "commune + district + province + centre"), want);
	assert_int_equal(fee_col(x, "district"), want * 900 / 10000);
	assert_int_equal(gl(x, "FEE_EXPENSE"), want);
	assert_int_equal(r.fee_entry_id == 0, want == 0);
	assert_int_equal(r.commission_total, 28577); /* R-FEE-2 ignores the ratio */
}

static void test_r_fee_1_tier_under_2_pct(void **state)
{
	fee_tier(state, 199, 10000);
}

static void test_r_fee_1_tier_2_pct(void **state)
{
	fee_tier(state, 200, 8000);
}

static void test_r_fee_1_tier_3_pct(void **state)
{
	fee_tier(state, 399, 5000);
}

static void test_r_fee_1_tier_4_pct_pays_nothing(void **state)
{
	fee_tier(state, 400, 0);
}

/* R-FEE-1's ratio is the overdue principal (nợ quá hạn) over outstanding, as the bank
 * counts it, not the balance of the loans with anything overdue: B's whole 50 M would be
 * 50 % of the chapter and pay nothing; its 1.99 % of overdue principal pays in full. */
static void test_r_fee_1_ratio_uses_overdue_principal_not_balance_of_overdue_loans(void **state)
{
	fee_tier(state, 199, 10000);
	struct loan_fx *x = *state;
	int64_t balance_of_overdue_loans =
		fix_count(x->f, "SELECT sum(l.balance) FROM loan l WHERE EXISTS (SELECT 1 FROM "
				"loan_instalment i WHERE i.loan_id = l.id AND i.status = "
				"'overdue')");
	assert_true(balance_of_overdue_loans * 10000 / APRIL_OUTSTANDING >= 400);
	assert_true(fee_col(x, "overdue") < balance_of_overdue_loans);
}

/* The same office x month again books nothing and says so; a month without interest
 * collected books nothing either (R-GL-3). */
static void test_r_fee_1_idempotent_rerun(void **state)
{
	struct loan_fx *x = *state;
	april_loans(x);
	struct month_end_result r, again;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "first");
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	must(month_end(x, "2025-05-02", "2025-04", &again, &err), &err, "again");
	assert_true(again.already_done);
	assert_int_equal(again.run_id, r.run_id);
	assert_int_equal(again.fee_total, r.fee_total);
	assert_int_equal(again.commission_total, r.commission_total);
	assert_int_equal(again.fee_entry_id, r.fee_entry_id);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM fee_accrual"), 1);
	assert_int_equal(gl(x, "FEE_EXPENSE"), 15767);

	/* June: loans outstanding, no interest collected: a zero fee row, no entry */
	must(month_end(x, "2025-07-01", "2025-06", &r, &err), &err, "June");
	assert_false(r.already_done);
	assert_int_equal(r.fee_total + r.commission_total, 0);
	assert_int_equal(r.fee_entry_id + r.commission_entry_id, 0);
	assert_int_equal(r.groups, 0);
	assert_int_equal(fix_count(x->f, "SELECT base FROM fee_accrual WHERE month = '2025-06'"),
			 0);
	/* only the interest accrual moved (test_month_end_accrual.c) */
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries + 1);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry WHERE kind = "
					 "'interest_accrual' AND business_date = '2025-07-01'"),
			 1);
	books_agree(x, 0, NULL);
}

/* A month not ended, another actor, an unknown office and malformed months are refused
 * and write nothing. */
static void test_r_fee_1_refusals(void **state)
{
	struct loan_fx *x = *state;
	april_loans(x);
	struct month_end_result r;
	struct td_error err = {0};
	assert_int_equal(month_end(x, "2025-04-30", "2025-04", &r, &err), TD_ECONFLICT);
	assert_msg_has(err, "has not ended");
	struct td_ctx c = as(x, &x->director, "2025-05-01");
	td_date first = 0, last = 0;
	must(month_end_parse_month("2025-04", &first, &last, &err), &err, "month");
	assert_int_equal(last - first, 29);
	assert_int_equal(month_end_run(&c, x->f->pgd318, first, &r, &err), TD_EFORBIDDEN);
	c = as(x, &x->f->admin, "2025-05-01");
	assert_int_equal(month_end_run(&c, x->f->pgd318 + 1000, first, &r, &err), TD_ENOTFOUND);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM month_end_run"), 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM fee_accrual"), 0);
	static const char *bad[] = {"2025-4",	"2025-13", "2025-00", "25-04-01",
				    "2025-04x", "",	   "abcd-ef"};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
		if (month_end_parse_month(bad[k], &first, &last, &err) != TD_EINVAL)
			fail_msg("month '%s' accepted", bad[k]);
	assert_int_equal(month_end_parse_month(NULL, &first, &last, &err), TD_EINVAL);
}

static void set_param(struct loan_fx *x, const char *name, const char *from, const char *value)
{
	struct td_error err = {0};
	struct param_input in = {name, NULL, fix_day(from), value, "thử nghiệm"};
	must(param_set(&x->f->ctx, &in, &err), &err, name);
}

/* R-FEE-1, R-FEE-2: rates dated after the month end change nothing of April... */
static void test_r_fee_1_r_fee_2_rates_dated_after_the_month(void **state)
{
	struct loan_fx *x = *state;
	set_param(x, "fee.rate", "2025-05-01", "0.04");
	set_param(x, "commission.rate", "2025-05-01", "0.06");
	set_param(x, "fee.tiers", "2025-05-01", "2:90,3:80,4:50");
	april_loans(x);
	struct month_end_result r;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "month end");
	assert_int_equal(r.fee_total, 15767);
	assert_int_equal(r.commission_total, 28577);
}

/* ... and those in force on the month's last day apply to the month, per programme, with
 * the rates kept beside the accrual (R-FEE-1, R-FEE-2). */
static void test_r_fee_1_r_fee_2_rates_in_force_at_month_end(void **state)
{
	struct loan_fx *x = *state;
	set_param(x, "fee.rate", "2025-04-30", "0.04");
	set_param(x, "commission.rate", "2025-04-30", "0.06");
	set_param(x, "fee.tiers", "2025-04-30", "2:90,3:80,4:50");
	april_loans(x);
	struct month_end_result r;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "month end");
	/* 49,271,233 x 0.04 % x 90 % = 17,737.6; x 0.06 % = 29,562.7 */
	assert_int_equal(r.fee_total, 17738);
	assert_int_equal(fee_col(x, "gross"), 19708);
	assert_int_equal(fee_col(x, "paid_bp"), 9000);
	assert_int_equal(r.commission_total, 29563);
	assert_int_equal(fix_count(x->f, "SELECT rate_ppm FROM fee_accrual_part WHERE "
					 "programme_code = '1'"),
			 400);
	assert_int_equal(fix_count(x->f, "SELECT base FROM fee_accrual_part"), APRIL_BASE);
	assert_int_equal(fix_count(x->f, "SELECT rate_ppm FROM commission_accrual_part"), 600);
	assert_int_equal(fix_count(x->f, "SELECT base FROM commission_accrual"), APRIL_BASE);
	books_agree(x, 0, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_fee_1_r_fee_2_april),
		T(test_r_fee_1_r_fee_2_rates_dated_after_the_month),
		T(test_r_fee_1_r_fee_2_rates_in_force_at_month_end),
		T(test_r_fee_1_tier_under_2_pct),
		T(test_r_fee_1_tier_2_pct),
		T(test_r_fee_1_tier_3_pct),
		T(test_r_fee_1_tier_4_pct_pays_nothing),
		T(test_r_fee_1_ratio_uses_overdue_principal_not_balance_of_overdue_loans),
		T(test_r_fee_1_idempotent_rerun),
		T(test_r_fee_1_refusals),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "month_end/postgres"
									      : "month_end/sqlite",
					   tests, NULL, NULL);
}
