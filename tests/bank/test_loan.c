/* Loans on both stores: disbursement from an approved application (R-DIS-1, R-CAP-1),
 * repayment and its allocation (R-INT-1, R-PAY-1), the books and the R-GL-2 check,
 * refusals and scope (R-ORG-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "loan_fixture.h"

/* Disbursed, repaid in three steps, closed; the books agree after each step. */
static void test_r_dis_1_r_pay_1_happy_path(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	json_t *j = get(x, loan, "2025-03-15");
	assert_int_equal(jint(j, "rate"), 66000);
	assert_int_equal(jint(j, "balance"), 50000000);
	assert_string_equal(json_string_value(json_object_get(j, "maturity")), "2028-03-15");
	json_t *inst = json_object_get(j, "instalments");
	assert_int_equal(json_array_size(inst), 3); /* every 12 months over 36 (R-DIS-1) */
	assert_int_equal(jint(json_array_get(inst, 0), "principal"), 16666000);
	assert_int_equal(jint(json_array_get(inst, 2), "principal"), 16668000);
	assert_string_equal(json_string_value(json_object_get(json_array_get(inst, 0), "due_on")),
			    "2026-03-15");
	json_decref(j);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = 'loan' "
					 "AND action = 'disburse'"),
			 1);
	books_agree(x, 0, NULL);

	/* 30 days at 6.6 %: 50 M x 0.066 x 30 / 365 = 271,232.88 -> 271,233 (R-INT-1) */
	j = get(x, loan, "2025-04-14");
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 271233);
	assert_int_equal(jint(j, "owed"), 50271233);
	json_decref(j);

	struct td_error err = {0};
	struct payment_allocation a;
	must(repay(x, loan, 271233, "2025-04-14", 0, &a, &err), &err, "interest");
	assert_int_equal(a.in_term_interest, 271233);
	assert_int_equal(a.prepaid_principal + a.due_principal, 0);
	books_agree(x, 0, NULL);

	/* the first instalment on its day: 335 days of interest, then its principal */
	must(repay(x, loan, 3028767 + 16666000, "2026-03-15", 0, &a, &err), &err, "instalment");
	assert_int_equal(a.in_term_interest, 3028767); /* 50 M x 0.066 x 335 / 365 */
	assert_int_equal(a.due_principal, 16666000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 33334000);
	books_agree(x, 0, NULL);

	/* everything that is left on 2026-09-15: 184 days on 33,334,000 */
	j = get(x, loan, "2026-09-15");
	td_money owed = jint(j, "owed");
	json_decref(j);
	assert_int_equal(owed, 33334000 + 1109063); /* 33,334,000 x 0.066 x 184 / 365 */
	must(repay(x, loan, owed, "2026-09-15", 0, &a, &err), &err, "the rest");
	assert_int_equal(a.prepaid_principal, 33334000);
	j = get(x, loan, "2026-09-15");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "closed");
	assert_string_equal(json_string_value(json_object_get(j, "closed_on")), "2026-09-15");
	assert_int_equal(jint(j, "interest_paid"), 271233 + 3028767 + 1109063);
	assert_int_equal(json_array_size(json_object_get(j, "repayments")), 3);
	json_decref(j);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 0);
	assert_int_equal(gl(x, "INTEREST_INCOME"), -(271233 + 3028767 + 1109063));
	books_agree(x, 0, NULL);

	/* a closed loan takes nothing more */
	assert_int_equal(repay(x, loan, 1000, "2026-09-16", 0, &a, &err), TD_ECONFLICT);
}

/* Every refusal books nothing (R-DIS-1, R-CAP-1). */
static void test_r_dis_1_refusals(void **state)
{
	struct loan_fx *x = *state;
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct td_error err = {0};
	int64_t id = 0;
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");

	int64_t checked = application(x, x->f->hh1[1], false);
	struct loan_disburse_input in = disb(x, checked);
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ECONFLICT);
	assert_non_null(strstr(err.msg, "not approved"));

	int64_t app = application(x, x->f->hh1[0], true);
	in = disb(x, app);
	in.amount = 40000000;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "approved 50.000.000"));

	in = disb(x, app);
	in.on = fix_day("2025-03-10"); /* before the decision */
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_EINVAL);

	in = disb(x, app);
	in.interval_months = 13;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_EINVAL);

	/* a source that cannot cover it: capital_draw_check's message */
	int64_t small = lf_source(x->f, "TW-02", x->f->pgd318, NULL);
	lf_transfer(x->f, small, CAPITAL_IN, 30000000);
	entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	in = disb(x, app);
	in.source_id = small;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ERULE);
	assert_string_equal(err.msg, "nguồn vốn TW-02 chỉ còn 30.000.000 đồng, không đủ "
				     "50.000.000 đồng");
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan"), 0);

	/* an agreed schedule that does not add up */
	struct schedule_item bad[2] = {{fix_day("2026-03-15"), 20000000},
				       {fix_day("2027-03-15"), 20000000}};
	in = disb(x, app);
	in.schedule = bad;
	in.n_schedule = 2;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "schedule"));

	in = disb(x, app);
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_OK);
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ECONFLICT);
	assert_non_null(strstr(err.msg, "disbursed already"));
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries + 1);
	books_agree(x, 0, NULL);
}

/* An agreed schedule is kept as given (R-DIS-1). */
static void test_r_dis_1_agreed_schedule(void **state)
{
	struct loan_fx *x = *state;
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct schedule_item s[3] = {{fix_day("2026-03-01"), 20000000},
				     {fix_day("2027-03-01"), 10000000},
				     {fix_day("2028-03-01"), 20000000}};
	struct loan_disburse_input in = disb(x, application(x, x->f->hh1[0], true));
	in.schedule = s;
	in.n_schedule = 3;
	struct td_error err = {0};
	int64_t id = 0;
	must(loan_disburse(&t, &in, &id, &err), &err, "disburse");
	json_t *j = get(x, id, "2025-03-31");
	json_t *inst = json_object_get(j, "instalments");
	assert_int_equal(json_array_size(inst), 3);
	assert_int_equal(jint(json_array_get(inst, 1), "principal"), 10000000);
	assert_int_equal(jint(j, "interval_months"), 0);
	json_decref(j);
}

/* Overpayment is refused with the exact figures and books nothing (R-PAY-1). */
static void test_r_pay_1_overpayment_refused(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	struct td_error err = {0};
	struct payment_allocation a;
	assert_int_equal(repay(x, loan, 50271234, "2025-04-14", 0, &a, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "owes 50.271.233 đồng"));
	assert_non_null(strstr(err.msg, "by 1 đồng"));
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	/* a date before the last settlement, an unknown instalment */
	must(repay(x, loan, 100000, "2025-04-14", 0, &a, &err), &err, "repay");
	assert_int_equal(repay(x, loan, 1000, "2025-04-13", 0, &a, &err), TD_ERULE);
	assert_int_equal(repay(x, loan, 1000, "2025-04-20", 4, &a, &err), TD_EINVAL);
	assert_int_equal(repay(x, loan, 0, "2025-04-20", 0, &a, &err), TD_EINVAL);
	must(repay(x, loan, 50171233, "2025-04-14", 0, &a, &err), &err, "all");
	books_agree(x, 0, NULL);
}

/* Interest, then principal due, then prepayment of the last instalment; naming an
 * instalment pays it first (R-PAY-1). */
static void test_r_pay_1_allocation_order(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	struct td_error err = {0};
	struct payment_allocation a;
	/* 365 days: 3,300,000 of interest; the first instalment; 1 M more */
	must(repay(x, loan, 3300000 + 16666000 + 1000000, "2026-03-15", 0, &a, &err), &err,
	     "repay");
	assert_int_equal(a.in_term_interest, 3300000);
	assert_int_equal(a.due_principal, 16666000);
	assert_int_equal(a.prepaid_principal, 1000000);
	json_t *j = get(x, loan, "2026-03-15");
	json_t *inst = json_object_get(j, "instalments");
	assert_string_equal(json_string_value(json_object_get(json_array_get(inst, 0), "status")),
			    "paid");
	assert_int_equal(jint(json_array_get(inst, 1), "paid_principal"), 0);
	assert_int_equal(jint(json_array_get(inst, 2), "paid_principal"), 1000000);
	json_decref(j);

	/* the same day, naming instalment 2: no interest is owed, all goes to it */
	must(repay(x, loan, 2000000, "2026-03-15", 2, &a, &err), &err, "named");
	assert_int_equal(a.in_term_interest, 0);
	assert_int_equal(a.prepaid_principal, 2000000);
	j = get(x, loan, "2026-03-15");
	inst = json_object_get(j, "instalments");
	assert_int_equal(jint(json_array_get(inst, 1), "paid_principal"), 2000000);
	assert_int_equal(jint(j, "balance"), 50000000 - 16666000 - 3000000);
	json_decref(j);
	books_agree(x, 0, NULL);

	/* too little for the interest: it stays owed (lãi tồn, R-INT-2) and bears none */
	must(repay(x, loan, 100000, "2026-04-14", 0, &a, &err), &err, "part interest");
	assert_int_equal(a.in_term_interest, 100000);
	j = get(x, loan, "2026-04-14");
	/* 30,334,000 x 0.066 x 30 / 365 = 164,551.56 -> 164,552; 64,552 left */
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 64552);
	json_decref(j);
}

/* Prepaid principal stops bearing interest from the repayment day (R-PAY-1, R-INT-1). */
static void test_r_pay_1_prepayment_stops_interest(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	struct td_error err = {0};
	struct payment_allocation a;
	must(repay(x, loan, 20271233, "2025-04-14", 0, &a, &err), &err, "prepay");
	assert_int_equal(a.prepaid_principal, 20000000);
	/* 30 days more on 30 M: 30 M x 0.066 x 30 / 365 = 162,739.73 -> 162,740 */
	json_t *j = get(x, loan, "2025-05-14");
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 162740);
	assert_int_equal(jint(json_array_get(json_object_get(j, "instalments"), 2),
			      "paid_principal"),
			 16668000);
	json_decref(j);
}

/* Tampering with the sub-ledger is found and named (R-GL-2). */
static void test_r_gl_2_check_finds_tampering(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	books_agree(x, 0, NULL);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET paid_principal = 1000 WHERE loan_id = %lld AND "
		 "position = 1",
		 (long long)loan);
	fix_exec(x->f->s, sql);
	/* the office's in-term balance, and the loan's balance against its instalments */
	books_agree(x, 2, "theo khế ước 49.999.000 đồng, sổ cái 50.000.000 đồng");
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET paid_principal = 0 WHERE loan_id = %lld; UPDATE loan "
		 "SET balance = 1 WHERE id = %lld",
		 (long long)loan, (long long)loan);
	fix_exec(x->f->s, sql);
	books_agree(x, 1, "dư nợ 1 đồng, các kỳ hạn còn 50.000.000 đồng");
	snprintf(sql, sizeof sql, "UPDATE loan SET balance = 50000000 WHERE id = %lld",
		 (long long)loan);
	fix_exec(x->f->s, sql);
	books_agree(x, 0, NULL);
	/* an instalment marked overdue without its ledger move: in term and overdue differ */
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET status = 'overdue' WHERE loan_id = %lld AND "
		 "position = 1",
		 (long long)loan);
	fix_exec(x->f->s, sql);
	books_agree(x, 2, "LOAN_IN_TERM");
}

/* Who may disburse and repay: tellers and directors of the loan's office (R-ORG-4). */
static void test_r_org_4_scope_and_role(void **state)
{
	struct loan_fx *x = *state;
	int64_t app = application(x, x->f->hh1[0], true);
	struct loan_disburse_input in = disb(x, app);
	struct td_error err = {0};
	int64_t id = 0;
	struct td_ctx c = as(x, &x->teller_319, "2025-03-31");
	assert_int_equal(loan_disburse(&c, &in, &id, &err), TD_EFORBIDDEN);
	c = as(x, &x->officer, "2025-03-31");
	assert_int_equal(loan_disburse(&c, &in, &id, &err), TD_EFORBIDDEN);
	c = as(x, &x->director, "2025-03-31");
	must(loan_disburse(&c, &in, &id, &err), &err, "director");
	struct loan_repay_input r = {id, 1000, fix_day("2025-03-20"), 0};
	c = as(x, &x->teller_319, "2025-03-31");
	assert_int_equal(loan_repay(&c, &r, NULL, NULL, &err), TD_EFORBIDDEN);
	json_t *j = NULL;
	assert_int_equal(loan_get(&c, id, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(loan_list(&c, &(struct loan_filter){0}, &j, &err), TD_OK);
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	c = as(x, &x->union_officer, "2025-03-31");
	assert_int_equal(loan_list(&c, &(struct loan_filter){0}, &j, &err), TD_OK);
	assert_int_equal(jint(j, "total"), 1);
	json_decref(j);
	assert_int_equal(loan_get(&c, id + 100, &j, &err), TD_ENOTFOUND);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_dis_1_r_pay_1_happy_path),
		T(test_r_dis_1_refusals),
		T(test_r_dis_1_agreed_schedule),
		T(test_r_pay_1_overpayment_refused),
		T(test_r_pay_1_allocation_order),
		T(test_r_pay_1_prepayment_stops_interest),
		T(test_r_gl_2_check_finds_tampering),
		T(test_r_org_4_scope_and_role),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "loan/postgres"
									       : "loan/sqlite",
					   tests, NULL, NULL);
}
