/* The upper shares of the entrustment fee paid at the office on both stores (R-FEE-1), and
 * the `tindung check` row that FEE_PAYABLE and COMMISSION_PAYABLE equal accrued - paid:
 * after every payout of April both are 0, a tampered payout or accrual is named, and
 * check_run passes on the intact books (R-GL-1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "payout_fixture.h"

static int pay_upper(struct loan_fx *x, const struct td_actor *a, const char *on, const char *month,
		     struct fee_payout_result *r, struct td_error *err)
{
	struct td_ctx c = as(x, a, on);
	c.idem_key = "upper-1";
	return fee_payout_upper(&c, x->f->pgd318, fix_day(month), r, err);
}

/* The whole month paid: the upper shares at the office (once), the commission and the
 * commune share at the session; both payables of April are then 0 and the books agree. */
static void test_r_fee_1_upper_shares_paid_once(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	struct fee_payout_result r, again;
	struct td_error err = {0};
	int64_t cash = gl(x, "CASH");
	must(pay_upper(x, &x->teller, "2025-05-05", "2025-04-01", &r, &err), &err, "pay");
	assert_false(r.already_paid);
	assert_int_equal(r.district, 1419);
	assert_int_equal(r.province, 709);
	assert_int_equal(r.centre, 394);
	assert_int_equal(r.amount, APRIL_UPPER);
	assert_string_equal(r.month, "2025-04");
	assert_true(r.entry_id > 0);
	assert_int_equal(gl(x, "FEE_PAYABLE"), -APRIL_COMMUNE);
	assert_int_equal(gl(x, "CASH"), cash - APRIL_UPPER);
	int64_t n = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	/* Again, by the director on another day: the first payout, nothing booked. */
	must(pay_upper(x, &x->director, "2025-05-06", "2025-04-30", &again, &err), &err, "again");
	assert_true(again.already_paid);
	assert_int_equal(again.id, r.id);
	assert_int_equal(again.entry_id, r.entry_id);
	assert_int_equal(again.amount, APRIL_UPPER);
	assert_int_equal(again.paid_on, fix_day("2025-05-05"));
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), n);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'fee_upper_payout'"),
			 1);
	json_t *j = fee_payout_json(&again);
	assert_true(json_is_true(json_object_get(j, "already_paid")));
	assert_int_equal(jint(j, "amount"), APRIL_UPPER);
	json_decref(j);

	int64_t id = pf_open(x, x->f->p1, "2025-05-17", 0);
	struct csession_line l[] = {pf_fee(x), pf_commission(x)};
	must(pf_record(x, &x->teller, "2025-05-17", "all", id, l, 2, &err), &err, "session");
	assert_int_equal(gl(x, "FEE_PAYABLE"), 0);
	assert_int_equal(gl(x, "COMMISSION_PAYABLE"), 0);
	books_agree(x, 0, NULL);
}

/* Refusals write nothing: a month not run, one booked after the business date, an
 * unknown office, people without fee_pay or outside the office. */
static void test_r_fee_1_upper_shares_refusals(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	struct fee_payout_result r;
	struct td_error err = {0};
	assert_int_equal(pay_upper(x, &x->teller, "2025-06-05", "2025-05-01", &r, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "month end of 2025-05 has not been run");
	assert_int_equal(pay_upper(x, &x->teller, "2025-04-30", "2025-04-01", &r, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "booked on 2025-05-01, after the business date 2025-04-30");
	const struct td_actor *no[] = {&x->f->admin, &x->officer, &x->union_officer,
				       &x->teller_319};
	for (size_t k = 0; k < sizeof no / sizeof *no; k++) {
		assert_int_equal(pay_upper(x, no[k], "2025-05-05", "2025-04-01", &r, &err),
				 TD_EFORBIDDEN);
		assert_msg_has(err, "fee_pay");
	}
	struct td_ctx c = as(x, &x->teller, "2025-05-05");
	assert_int_equal(fee_payout_upper(&c, x->f->pgd318 + 1000, fix_day("2025-04-01"), &r, &err),
			 TD_ENOTFOUND);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM fee_upper_payout"), 0);
	assert_int_equal(gl(x, "FEE_PAYABLE"), -APRIL_FEE);
	books_agree(x, 0, NULL);
}

/* A month with no interest collected accrues 0 (docs/month-end.md): paying it books no
 * entry but settles the month once. */
static void test_r_fee_1_zero_month_settled(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	struct td_ctx c = as(x, &x->f->admin, "2025-07-01");
	struct month_end_result me;
	struct fee_payout_result r;
	struct td_error err = {0};
	must(month_end_run(&c, x->f->pgd318, fix_day("2025-06-01"), &me, &err), &err, "June");
	assert_int_equal(me.fee_total, 0);
	int64_t n = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	must(pay_upper(x, &x->teller, "2025-07-02", "2025-06-01", &r, &err), &err, "pay June");
	assert_int_equal(r.amount, 0);
	assert_int_equal(r.entry_id, 0);
	assert_false(r.already_paid);
	must(pay_upper(x, &x->teller, "2025-07-03", "2025-06-01", &r, &err), &err, "again");
	assert_true(r.already_paid);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), n);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM fee_upper_payout WHERE entry_id "
					 "IS NULL"),
			 1);
	books_agree(x, 0, NULL);
}

/* Every month paid, then one thing changed behind the use cases' back: the check names the
 * account and the office (R-GL-1). As of a date before the payouts, the books agree. */
static void test_r_gl_1_check_finds_a_tampered_payable(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	struct fee_payout_result r;
	struct td_error err = {0};
	must(pay_upper(x, &x->teller, "2025-05-05", "2025-04-01", &r, &err), &err, "upper");
	int64_t id = pf_open(x, x->f->p1, "2025-05-17", 0);
	struct csession_line l[] = {pf_fee(x), pf_commission(x)};
	must(pf_record(x, &x->teller, "2025-05-17", "all", id, l, 2, &err), &err, "session");
	books_agree(x, 0, NULL);
	struct check_report rep = {0};
	must(check_run(x->f->s, fix_day("2025-05-10"), &rep, &err), &err, "check on 10 May");
	assert_int_equal(rep.mismatches, 0);

	/* A payout row deleted also leaves its session cash line outside any session
	 * (R-CASH-1, check session_cash): two mismatches, the payable's first. */
	static const struct {
		const char *sql, *account;
		int64_t mismatches;
	} tamper[] = {
		{"UPDATE commission_accrual SET amount = amount + 1", "COMMISSION_PAYABLE", 1},
		{"DELETE FROM session_payout WHERE kind = 'fee'", "FEE_PAYABLE", 2},
		{"UPDATE fee_upper_payout SET centre = centre - 1, amount = amount - 1",
		 "FEE_PAYABLE", 1},
	};
	for (size_t k = 0; k < sizeof tamper / sizeof *tamper; k++) {
		must(store_begin(x->f->s, &err), &err, "begin");
		fix_exec(x->f->s, tamper[k].sql);
		books_agree(x, tamper[k].mismatches, tamper[k].account);
		assert_non_null(strstr(first_line, "đơn vị PGD318"));
		store_rollback(x->f->s);
	}
	books_agree(x, 0, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_fee_1_upper_shares_paid_once),
		T(test_r_fee_1_upper_shares_refusals),
		T(test_r_fee_1_zero_month_settled),
		T(test_r_gl_1_check_finds_a_tampered_payable),
	};
	return cmocka_run_group_tests_name(
		fix_backend == TD_BACKEND_POSTGRES ? "fee_payout/postgres" : "fee_payout/sqlite",
		tests, NULL, NULL);
}
