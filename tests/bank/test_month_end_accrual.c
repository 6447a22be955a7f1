/* Month-end interest accrual on both stores (R-INT-1, R-INT-2, R-RATE-2, R-RISK-1, R-GL-1):
 * amounts by hand for loans in term, overdue at 130 %, frozen, repaid mid-month and prepaid;
 * the difference booked in the next month (and its mirror when the receivable falls); an
 * idempotent rerun; a late run; `tindung check` (interest_accrual) agreeing, and finding a
 * posting that was tampered in. All figures: 50 M at 6.6 %, ACT/365, half-up once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "month_end_fixture.h"

/* The one interest_accrual row of a month (programme 1, source TW-01): a column. */
static int64_t acc_col(struct loan_fx *x, const char *month, const char *col)
{
	return qf(x,
		  "SELECT a.%s FROM interest_accrual a JOIN month_end_run r ON r.id = a.run_id "
		  "WHERE r.office_id = %lld AND r.month = '%s'",
		  col, (long long)x->f->pgd318, month);
}

/* Debit minus credit of the interest accrual entry of a month. */
static int64_t entry_side(struct loan_fx *x, const char *month, const char *type)
{
	return qf(x,
		  "SELECT coalesce(sum(p.debit - p.credit), 0) FROM gl_posting p JOIN gl_account a "
		  "ON a.id = p.account_id JOIN month_end_run r ON r.accrual_entry_id = p.entry_id "
		  "WHERE a.type_code = '%s' AND r.office_id = %lld AND r.month = '%s'",
		  type, (long long)x->f->pgd318, month);
}

/* R-INT-1: two loans in term, 17 days of March: 153,699 each. In April b repays 1,000,000
 * on the 14th (30 days of interest, 271,233, collected as income) and a pays nothing: at
 * the end of April a has accrued 47 days (424,932) and b 17 days on 49,271,233 since the
 * 14th (151,458). The April entry is the difference. A rerun books nothing (R-GL-3). */
static void test_r_int_1_in_term_repaid_mid_month_and_the_delta(void **state)
{
	struct loan_fx *x = *state;
	int64_t a = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t b = disburse_ok(x, application(x, x->f->hh1[1], true));
	(void)a;
	struct month_end_result r;
	me_run_ok(x, "2025-04-01", "2025-03-01", &r);
	assert_int_equal(r.accrued_to, fix_day("2025-03-31"));
	assert_int_equal(r.accrual_rows, 1);
	assert_int_equal(r.accrual_target, 2 * 153699);
	assert_int_equal(r.accrual_amount, 2 * 153699);
	assert_true(r.accrual_entry_id > 0);
	assert_int_equal(acc_col(x, "2025-03", "in_term"), 2 * 153699);
	assert_int_equal(acc_col(x, "2025-03", "overdue"), 0);
	assert_int_equal(acc_col(x, "2025-03", "previous"), 0);
	assert_int_equal(entry_side(x, "2025-03", "INTEREST_RECEIVABLE"), 307398);
	assert_int_equal(entry_side(x, "2025-03", "INTEREST_INCOME"), -307398);
	assert_int_equal(gl(x, "INTEREST_RECEIVABLE"), 307398);
	books_agree(x, 0, NULL);

	struct payment_allocation p = repay_on(x, b, 1000000, "2025-04-14");
	assert_int_equal(p.in_term_interest, 271233);
	assert_int_equal(p.prepaid_principal, 728767);
	/* repayment code is unchanged: cash basis, the receivable untouched until month end */
	assert_int_equal(gl(x, "INTEREST_RECEIVABLE"), 307398);
	assert_int_equal(gl(x, "INTEREST_INCOME"), -307398 - 271233);
	books_agree(x, 0, NULL);

	me_run_ok(x, "2025-05-01", "2025-04-30", &r);
	assert_int_equal(r.accrual_target, 424932 + 151458);
	assert_int_equal(r.accrual_amount, 424932 + 151458 - 307398);
	assert_int_equal(acc_col(x, "2025-04", "previous"), 307398);
	assert_int_equal(acc_col(x, "2025-04", "amount"), 424932 + 151458 - 307398);
	assert_int_equal(entry_side(x, "2025-04", "INTEREST_RECEIVABLE"), 268992);
	assert_int_equal(gl(x, "INTEREST_RECEIVABLE"), 424932 + 151458);
	/* income = collected + accrued and unpaid */
	assert_int_equal(gl(x, "INTEREST_INCOME"), -(271233 + 424932 + 151458));
	books_agree(x, 0, NULL);

	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	struct month_end_result again;
	me_run_ok(x, "2025-05-03", "2025-04-15", &again);
	assert_true(again.already_done);
	assert_int_equal(again.run_id, r.run_id);
	assert_int_equal(again.accrued_to, r.accrued_to);
	assert_int_equal(again.accrual_target, r.accrual_target);
	assert_int_equal(again.accrual_amount, r.accrual_amount);
	assert_int_equal(again.accrual_entry_id, r.accrual_entry_id);
	assert_int_equal(again.accrual_rows, 1);
	assert_int_equal(again.snapshot_id, r.snapshot_id);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM interest_accrual"), 2);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'month_end'"),
			 2);
}

/* The same month end run by eod on the first of the month (R-INT-1, R-RATE-2, R-RISK-1):
 * February: 351 days on each of three loans, 3,173,425 each. March: a's instalment of
 * 16,666,000 went overdue on 2026-03-16 with 3,309,041 settled; then 16 days on 33,334,000
 * in term (96,440) and on 16,666,000 at 130 % (62,682). b was frozen on 03-05 with
 * 3,209,589 owed: no accrual, out of the receivable. c repaid everything on 03-10. The
 * receivable falls: the March entry is the mirror, Cr INTEREST_RECEIVABLE. */
static void test_r_int_1_overdue_frozen_prepaid_by_eod(void **state)
{
	struct loan_fx *x = *state;
	three_loans_through_march_2026(x);
	assert_int_equal(acc_col(x, "2026-02", "target"), 3 * 3173425);
	assert_int_equal(acc_col(x, "2026-02", "amount"), 3 * 3173425);
	assert_int_equal(qf(x, "SELECT count(*) FROM month_end_run WHERE accrued_to = '2026-02-28' "
			       "AND business_date = '2026-03-01'"),
			 4); /* every office, PGD318's loans or not */
	assert_int_equal(acc_col(x, "2026-03", "in_term"), 3309041 + 96440);
	assert_int_equal(acc_col(x, "2026-03", "overdue"), 62682);
	assert_int_equal(acc_col(x, "2026-03", "frozen_interest"), 3209589);
	int64_t target = 3309041 + 96440 + 62682;
	assert_int_equal(acc_col(x, "2026-03", "target"), target);
	assert_int_equal(acc_col(x, "2026-03", "previous"), 3 * 3173425);
	assert_int_equal(acc_col(x, "2026-03", "amount"), target - 3 * 3173425);
	assert_int_equal(entry_side(x, "2026-03", "INTEREST_RECEIVABLE"), target - 3 * 3173425);
	assert_int_equal(entry_side(x, "2026-03", "INTEREST_INCOME"), 3 * 3173425 - target);
	assert_int_equal(gl(x, "INTEREST_RECEIVABLE"), target);
	assert_int_equal(qf(x, "SELECT count(*) FROM gl_entry WHERE kind = 'interest_accrual' AND "
			       "business_date = '2026-04-01'"),
			 1);
	books_agree(x, 0, NULL);
}

/* A late run accrues up to the day before its own business date: March run on 2025-04-20,
 * after b repaid on the 14th: a has 36 days (325,479), b 6 days on 49,271,233 (53,456).
 * Repayments booked before the run are therefore in the figure, never counted twice. */
static void test_r_int_1_late_run_accrues_to_its_business_date(void **state)
{
	struct loan_fx *x = *state;
	disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t b = disburse_ok(x, application(x, x->f->hh1[1], true));
	repay_on(x, b, 1000000, "2025-04-14");
	struct month_end_result r;
	me_run_ok(x, "2025-04-20", "2025-03-31", &r);
	assert_int_equal(r.accrued_to, fix_day("2025-04-19"));
	assert_int_equal(r.accrual_target, 325479 + 53456);
	books_agree(x, 0, NULL);
}

/* `tindung check` compares the receivable with the latest accrual, as of any date: a
 * posting on INTEREST_RECEIVABLE outside month end is one mismatch naming the office, the
 * programme, the source and both amounts, from its date on (R-GL-1). */
static void test_r_gl_1_check_finds_a_tampered_receivable(void **state)
{
	struct loan_fx *x = *state;
	disburse_ok(x, application(x, x->f->hh1[0], true));
	struct month_end_result r;
	me_run_ok(x, "2025-04-01", "2025-03-31", &r);
	assert_int_equal(r.accrual_target, 153699);
	struct ledger_line l[2] = {{"INTEREST_RECEIVABLE", x->f->pgd318, "1", x->source, 1000, 0},
				   {"INTEREST_INCOME", x->f->pgd318, "1", 0, 0, 1000}};
	struct td_ctx c = as(x, &x->f->admin, "2025-06-01");
	struct td_error err = {0};
	must(bank_tx_begin(&c, &err), &err, "begin");
	must(ledger_post(&c, "test", "tamper", l, 2, NULL, &err), &err, "post");
	must(bank_tx_commit(&c, &err), &err, "commit");
	books_agree(x, 1, "lãi phải thu đơn vị PGD318 chương trình 1 nguồn vốn TW-01: dự thu");
	assert_non_null(strstr(first_line, "153.699 đồng"));
	assert_non_null(strstr(first_line, "154.699 đồng"));
	/* before the tampering the books agreed; before the run there was nothing */
	int n = 0;
	struct check_report rep = {keep_first, &n};
	must(check_run(x->f->s, fix_day("2025-05-31"), &rep, &err), &err, "check");
	assert_int_equal(rep.mismatches, 0);
	must(check_run(x->f->s, fix_day("2025-03-31"), &rep, &err), &err, "check");
	assert_int_equal(rep.mismatches, 0);
	/* the next month end brings the receivable back to the accrual: agreed again */
	me_run_ok(x, "2025-07-01", "2025-06-30", &r);
	assert_int_equal(r.accrual_target, 976438); /* 108 days */
	assert_int_equal(r.accrual_amount, r.accrual_target - 154699);
	books_agree(x, 0, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_int_1_in_term_repaid_mid_month_and_the_delta),
		T(test_r_int_1_overdue_frozen_prepaid_by_eod),
		T(test_r_int_1_late_run_accrues_to_its_business_date),
		T(test_r_gl_1_check_finds_a_tampered_receivable),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES
						   ? "month_end_accrual/postgres"
						   : "month_end_accrual/sqlite",
					   tests, NULL, NULL);
}
