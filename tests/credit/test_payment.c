/* Payment allocation and prepayment (R-PAY-1, R-DUE-1, R-EXT-1). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "credit/payment.h"

#define M 1000000LL
#define NONE PAYMENT_NO_INSTALMENT

static td_date D(int y, int m, int d)
{
	td_date out;
	assert_int_equal(date_from_civil(y, m, d, &out, NULL), TD_OK);
	return out;
}

/* 4 M disbursed 10/01/2024 in four instalments of 1 M. On 10/07/2024: the first is overdue,
 * the second due today, two to come; 20 000 overdue interest and 50 000 in-term interest
 * owed. Everything owed: 4 070 000. */
struct fixture {
	struct loan_instalment inst[4];
	struct loan_state loan;
};

static void fixture_init(struct fixture *f)
{
	static const int months[4][2] = {{2024, 4}, {2024, 7}, {2024, 10}, {2025, 1}};
	static const enum instalment_status st[4] = {INST_OVERDUE, INST_DUE, INST_PENDING,
						     INST_PENDING};
	for (int i = 0; i < 4; i++)
		f->inst[i] = (struct loan_instalment){.due = D(months[i][0], months[i][1], 10),
						      .extended_to = LOAN_DATE_NONE,
						      .principal = 1 * M,
						      .status = st[i]};
	f->loan = (struct loan_state){.disbursed = D(2024, 1, 10),
				      .amount = 4 * M,
				      .inst = f->inst,
				      .count = 4,
				      .cap = 4,
				      .overdue_interest = 20000,
				      .in_term_interest = 50000,
				      .monthly_accrual = 22000};
}

static void test_R_PAY_1_order_table(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		td_money amount;
		int named;
		struct payment_allocation want;
		td_money by_inst[4];
		enum instalment_status st[4];
	} cases[] = {
		{"R-PAY-1 overdue interest first",
		 15000,
		 NONE,
		 {15000, 0, 0, 0, 0},
		 {0, 0, 0, 0},
		 {INST_OVERDUE, INST_DUE, INST_PENDING, INST_PENDING}},
		{"R-PAY-1 then in-term interest",
		 60000,
		 NONE,
		 {20000, 40000, 0, 0, 0},
		 {0, 0, 0, 0},
		 {INST_OVERDUE, INST_DUE, INST_PENDING, INST_PENDING}},
		{"R-PAY-1 then overdue principal",
		 570000,
		 NONE,
		 {20000, 50000, 500000, 0, 0},
		 {500000, 0, 0, 0},
		 {INST_OVERDUE, INST_DUE, INST_PENDING, INST_PENDING}},
		{"R-PAY-1 then due principal",
		 2070000,
		 NONE,
		 {20000, 50000, M, M, 0},
		 {M, M, 0, 0},
		 {INST_PAID, INST_PAID, INST_PENDING, INST_PENDING}},
		{"R-PAY-1 prepayment pays the last instalment first",
		 2570000,
		 NONE,
		 {20000, 50000, M, M, 500000},
		 {M, M, 0, 500000},
		 {INST_PAID, INST_PAID, INST_PENDING, INST_PENDING}},
		{"R-PAY-1 everything owed",
		 4070000,
		 NONE,
		 {20000, 50000, M, M, 2 * M},
		 {M, M, M, M},
		 {INST_PAID, INST_PAID, INST_PAID, INST_PAID}},
		{"R-PAY-1 named future instalment is paid first",
		 M,
		 2,
		 {0, 0, 0, 0, M},
		 {0, 0, M, 0},
		 {INST_OVERDUE, INST_DUE, INST_PAID, INST_PENDING}},
		{"R-PAY-1 named instalment, then the usual order",
		 1100000,
		 2,
		 {20000, 50000, 30000, 0, M},
		 {30000, 0, M, 0},
		 {INST_OVERDUE, INST_DUE, INST_PAID, INST_PENDING}},
		{"R-PAY-1 named due instalment before overdue interest",
		 400000,
		 1,
		 {0, 0, 0, 400000, 0},
		 {0, 400000, 0, 0},
		 {INST_OVERDUE, INST_DUE, INST_PENDING, INST_PENDING}},
		{"R-PAY-1 named overdue instalment",
		 1000000,
		 0,
		 {0, 0, M, 0, 0},
		 {M, 0, 0, 0},
		 {INST_PAID, INST_DUE, INST_PENDING, INST_PENDING}},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct fixture f;
		fixture_init(&f);
		struct payment_request req = {cases[c].amount, D(2024, 7, 10), cases[c].named};
		struct payment_allocation a;
		td_money by[4];
		struct td_error err = {0};
		td_money owed_before, owed_after;
		assert_int_equal(payment_owed(&f.loan, &owed_before, NULL), TD_OK);
		assert_int_equal(owed_before, 4070000);
		if (payment_apply(&f.loan, &req, &f.loan, &a, by, &err) != TD_OK)
			fail_msg("%s: %s", cases[c].name, err.msg);
		if (memcmp(&a, &cases[c].want, sizeof a) != 0)
			fail_msg("%s: %lld/%lld/%lld/%lld/%lld", cases[c].name,
				 (long long)a.overdue_interest, (long long)a.in_term_interest,
				 (long long)a.overdue_principal, (long long)a.due_principal,
				 (long long)a.prepaid_principal);
		for (int i = 0; i < 4; i++) {
			if (by[i] != cases[c].by_inst[i] || f.inst[i].paid != cases[c].by_inst[i] ||
			    f.inst[i].status != cases[c].st[i])
				fail_msg("%s: instalment %d paid %lld by %lld status %s",
					 cases[c].name, i + 1, (long long)f.inst[i].paid,
					 (long long)by[i], loan_status_name(f.inst[i].status));
		}
		/* the interest owed falls by what was paid on it */
		assert_int_equal(f.loan.overdue_interest, 20000 - a.overdue_interest);
		assert_int_equal(f.loan.in_term_interest, 50000 - a.in_term_interest);
		assert_int_equal(payment_owed(&f.loan, &owed_after, NULL), TD_OK);
		assert_int_equal(owed_after, owed_before - cases[c].amount);
		assert_int_equal(loan_check(&f.loan, NULL), TD_OK);
	}
}

static void test_R_PAY_1_never_more_than_owed(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct fixture before = f;
	struct payment_request req = {4070001, D(2024, 7, 10), NONE};
	struct payment_allocation a = {.due_principal = -9};
	td_money by[4] = {-9, -9, -9, -9};
	struct td_error err = {0};
	assert_int_equal(payment_apply(&f.loan, &req, &f.loan, &a, by, &err), TD_ERULE);
	assert_string_equal(
		err.msg,
		"payment of 4.070.001 đồng exceeds what is owed (4.070.000 đồng) by 1 đồng");
	/* nothing changed */
	assert_memory_equal(f.inst, before.inst, sizeof f.inst);
	assert_int_equal(f.loan.overdue_interest, 20000);
	assert_int_equal(a.due_principal, -9);
	assert_int_equal(by[0], -9);
}

static void test_R_PAY_1_request_errors(void **state)
{
	(void)state;
	static const struct {
		td_money amount;
		int named;
		int want;
		const char *needle;
	} cases[] = {
		{0, NONE, TD_EINVAL, "payment of 0 đồng"},
		{-5, NONE, TD_EINVAL, "payment of -5 đồng"},
		{TD_MONEY_MAX_INPUT + 1, NONE, TD_EINVAL, "1..10^15"},
		{1000, 4, TD_EINVAL, "instalment 5 does not exist (the loan has 4)"},
		{1000, -2, TD_EINVAL, "instalment -1 does not exist"},
		{1000, 3, TD_ERULE, "instalment 4 has nothing left to pay (paid)"},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct fixture f;
		fixture_init(&f);
		f.inst[3].paid = M;
		f.inst[3].status = INST_PAID;
		struct payment_request req = {cases[c].amount, D(2024, 7, 10), cases[c].named};
		struct payment_allocation a;
		struct td_error err = {0};
		int rc = payment_apply(&f.loan, &req, &f.loan, &a, NULL, &err);
		if (rc != cases[c].want || !strstr(err.msg, cases[c].needle))
			fail_msg("case %zu: rc %d \"%s\"", c, rc, err.msg);
	}
}

/* R-DUE-1, R-EXT-1: an instalment not yet due on the payment day is prepaid, not due. */
static void test_R_PAY_1_due_means_on_or_before_the_payment_day(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	/* the second instalment was extended to 10/09: on 10/07 it is not due */
	f.inst[1].extended_to = D(2024, 9, 10);
	f.inst[1].status = INST_PENDING;
	struct payment_request req = {1570000, D(2024, 7, 10), NONE};
	struct payment_allocation a;
	td_money by[4];
	assert_int_equal(payment_apply(&f.loan, &req, &f.loan, &a, by, NULL), TD_OK);
	assert_int_equal(a.overdue_principal, M);
	assert_int_equal(a.due_principal, 0);
	assert_int_equal(a.prepaid_principal, 500000);
	assert_int_equal(by[3], 500000); /* the last instalment, not the extended one */
	assert_int_equal(by[1], 0);

	/* due processing has not run yet today: a PENDING instalment due today is still due */
	fixture_init(&f);
	f.inst[1].status = INST_PENDING;
	req = (struct payment_request){1070000 + 300000, D(2024, 7, 10), NONE};
	assert_int_equal(payment_apply(&f.loan, &req, &f.loan, &a, by, NULL), TD_OK);
	assert_int_equal(a.due_principal, 300000);
	assert_int_equal(by[1], 300000);
}

static void test_R_PAY_1_separate_output_leaves_input_alone(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct fixture before = f;
	struct loan_instalment inst2[4];
	struct loan_state out = {.inst = inst2, .cap = 4};
	struct payment_request req = {2570000, D(2024, 7, 10), NONE};
	struct payment_allocation a;
	assert_int_equal(payment_apply(&f.loan, &req, &out, &a, NULL, NULL), TD_OK);
	assert_memory_equal(f.inst, before.inst, sizeof f.inst);
	assert_int_equal(f.loan.in_term_interest, 50000);
	assert_ptr_equal(out.inst, inst2);
	assert_int_equal(out.cap, 4);
	assert_int_equal(out.count, 4);
	assert_int_equal(out.in_term_interest, 0);
	assert_int_equal(inst2[3].paid, 500000);

	struct loan_state small = {.inst = inst2, .cap = 3};
	struct td_error err = {0};
	assert_int_equal(payment_apply(&f.loan, &req, &small, &a, NULL, &err), TD_ETOOBIG);
	assert_int_equal(small.count, 0);
}

/* A rolled instalment (R-DUE-2) stays rolled: its principal was moved, not paid. */
static void test_R_PAY_1_rolled_instalments_are_left_alone(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	f.inst[0] = (struct loan_instalment){.due = f.inst[0].due,
					     .extended_to = LOAN_DATE_NONE,
					     .principal = 200000,
					     .paid = 200000,
					     .status = INST_ROLLED};
	f.inst[1].principal = 1800000;
	f.inst[1].rolled_in = 800000;
	f.loan.overdue_interest = 0;
	struct payment_request req = {3850000, D(2024, 7, 10), NONE};
	struct payment_allocation a;
	assert_int_equal(payment_apply(&f.loan, &req, &f.loan, &a, NULL, NULL), TD_OK);
	assert_int_equal(f.inst[0].status, INST_ROLLED);
	assert_int_equal(a.due_principal, 1800000);
	assert_int_equal(a.prepaid_principal, 2 * M);
	assert_int_equal(a.overdue_principal, 0);
	struct td_error err = {0};
	req = (struct payment_request){1000, D(2024, 7, 10), 0};
	assert_int_equal(payment_apply(&f.loan, &req, &f.loan, &a, NULL, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "(rolled)"));
}

static void test_broken_loan_is_refused(void **state)
{
	(void)state;
	static const char *const needles[] = {"instalment 2", "instalment 3", "sum to",
					      "amount 0",     "room for 2",   "interest owed",
					      "instalment 1"};
	for (int c = 0; c < 7; c++) {
		struct fixture f;
		fixture_init(&f);
		switch (c) {
		case 0: f.inst[1].paid = f.inst[1].principal + 1; break;
		case 1: f.inst[2].due = f.inst[1].due; break;
		case 2: f.inst[3].principal += 1; break;
		case 3: f.loan.amount = 0; break;
		case 4: f.loan.cap = 2; break;
		case 5: f.loan.in_term_interest = -1; break;
		case 6: f.inst[0].status = INST_PAID; break;
		}
		td_money owed = -3;
		struct td_error err = {0};
		int rc = payment_owed(&f.loan, &owed, &err);
		if (rc != TD_EINVAL || owed != -3 || !strstr(err.msg, needles[c]))
			fail_msg("case %d: rc %d \"%s\"", c, rc, err.msg);
		struct payment_request req = {1000, D(2024, 7, 10), NONE};
		struct payment_allocation a;
		assert_int_equal(payment_apply(&f.loan, &req, &f.loan, &a, NULL, NULL), TD_EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_PAY_1_order_table),
		cmocka_unit_test(test_R_PAY_1_never_more_than_owed),
		cmocka_unit_test(test_R_PAY_1_request_errors),
		cmocka_unit_test(test_R_PAY_1_due_means_on_or_before_the_payment_day),
		cmocka_unit_test(test_R_PAY_1_separate_output_leaves_input_alone),
		cmocka_unit_test(test_R_PAY_1_rolled_instalments_are_left_alone),
		cmocka_unit_test(test_broken_loan_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
