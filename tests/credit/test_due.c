/* Due processing: due, overdue, roll-forward, inactive (R-DUE-1, R-DUE-2, R-EXT-1,
 * R-INACT-1). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "credit/due.h"

#define M 1000000LL

static td_date D(int y, int m, int d)
{
	td_date out;
	assert_int_equal(date_from_civil(y, m, d, &out, NULL), TD_OK);
	return out;
}

/* 4 M disbursed 10/01/2024, four instalments of 1 M due 10/04, 10/07, 10/10, 10/01/2025. */
struct fixture {
	struct loan_instalment inst[4];
	struct loan_state loan;
};

static void fixture_init(struct fixture *f, bool roll_forward)
{
	static const int months[4][2] = {{2024, 4}, {2024, 7}, {2024, 10}, {2025, 1}};
	for (int i = 0; i < 4; i++)
		f->inst[i] = (struct loan_instalment){.due = D(months[i][0], months[i][1], 10),
						      .extended_to = LOAN_DATE_NONE,
						      .principal = 1 * M,
						      .status = INST_PENDING};
	f->loan = (struct loan_state){.disbursed = D(2024, 1, 10),
				      .amount = 4 * M,
				      .inst = f->inst,
				      .count = 4,
				      .cap = 4,
				      .roll_forward = roll_forward,
				      .monthly_accrual = 22000};
}

/* Transitions as "kind#instalment>into@dd/mm/yyyy=amount ...". */
static void describe(const struct due_transition *tr, size_t n, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char d[TD_DATE_FMT_MAX];
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s#%d>%d@%s=%lld", i ? " " : "",
			 due_kind_name(tr[i].kind), tr[i].instalment, tr[i].into,
			 date_format_vn(tr[i].date, d, sizeof d), (long long)tr[i].amount);
	}
}

/* Runs due processing in place and checks the transitions; then runs the same day again
 * and checks that nothing more happens (idempotent). */
static void expect_day(const char *name, struct fixture *f, td_date day, const char *want)
{
	struct due_transition tr[DUE_TRANSITIONS_MAX(4)];
	size_t n = 99;
	struct td_error err = {0};
	if (due_process(&f->loan, day, &f->loan, tr, DUE_TRANSITIONS_MAX(4), &n, &err) != TD_OK)
		fail_msg("%s: %s", name, err.msg);
	char got[1024];
	describe(tr, n, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("%s:\n got \"%s\"\nwant \"%s\"", name, got, want);
	assert_int_equal(loan_check(&f->loan, NULL), TD_OK);
	struct fixture again = *f;
	again.loan.inst = again.inst;
	assert_int_equal(
		due_process(&again.loan, day, &again.loan, tr, DUE_TRANSITIONS_MAX(4), &n, NULL),
		TD_OK);
	if (n != 0)
		fail_msg("%s: the same day again gave %zu transitions", name, n);
	assert_memory_equal(again.inst, f->inst, sizeof f->inst);
	assert_int_equal(again.loan.inactive, f->loan.inactive);
}

static void test_R_DUE_1_due_then_overdue(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, false);
	expect_day("the day before", &f, D(2024, 4, 9), "");
	expect_day("R-DUE-1 due day", &f, D(2024, 4, 10), "became_due#0>-1@10/04/2024=1000000");
	assert_int_equal(f.inst[0].status, INST_DUE);
	expect_day("R-DUE-1 overdue the next day", &f, D(2024, 4, 11),
		   "became_overdue#0>-1@11/04/2024=1000000");
	assert_int_equal(f.inst[0].status, INST_OVERDUE);
	expect_day("R-DUE-1 stays overdue", &f, D(2024, 5, 1), "");
}

static void test_R_DUE_1_partial_and_full_payment(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, false);
	f.inst[0].paid = 400000;
	expect_day("R-DUE-1 partial payment: the rest goes overdue", &f, D(2024, 4, 11),
		   "became_overdue#0>-1@11/04/2024=600000");
	fixture_init(&f, false);
	f.inst[0].paid = M;
	f.inst[0].status = INST_PAID;
	expect_day("R-DUE-1 paid before the due day", &f, D(2024, 4, 10), "");
	expect_day("R-DUE-1 paid: never overdue", &f, D(2024, 4, 11), "");
	assert_int_equal(f.inst[0].status, INST_PAID);
}

static void test_R_EXT_1_extended_due_date(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, false);
	f.inst[0].extended_to = D(2024, 5, 10);
	expect_day("R-EXT-1 not due on the agreed day", &f, D(2024, 4, 10), "");
	expect_day("R-EXT-1 not overdue after the agreed day", &f, D(2024, 4, 11), "");
	expect_day("R-EXT-1 due on the extended day", &f, D(2024, 5, 10),
		   "became_due#0>-1@10/05/2024=1000000");
	expect_day("R-EXT-1 overdue after the extended day", &f, D(2024, 5, 11),
		   "became_overdue#0>-1@11/05/2024=1000000");
}

static void test_R_DUE_2_roll_forward(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, true);
	f.inst[0].paid = 300000;
	expect_day("R-DUE-2 due", &f, D(2024, 4, 10), "became_due#0>-1@10/04/2024=700000");
	expect_day("R-DUE-2 rolls into the next instead of overdue", &f, D(2024, 4, 11),
		   "rolled#0>1@11/04/2024=700000");
	assert_int_equal(f.inst[0].status, INST_ROLLED);
	assert_int_equal(f.inst[0].principal, 300000);
	assert_int_equal(f.inst[1].principal, 1700000);
	assert_int_equal(f.inst[1].rolled_in, 700000);
	assert_int_equal(f.inst[1].status, INST_PENDING);
	expect_day("R-DUE-2 next due with the rolled part", &f, D(2024, 7, 10),
		   "became_due#1>-1@10/07/2024=1700000");
	expect_day("R-DUE-2 rolls again", &f, D(2024, 7, 11), "rolled#1>2@11/07/2024=1700000");
	expect_day("R-DUE-2 and again", &f, D(2024, 10, 11), "rolled#2>3@11/10/2024=2700000");
	assert_int_equal(f.inst[3].principal, 3700000);
	assert_int_equal(f.inst[3].rolled_in, 2700000);
	expect_day("R-DUE-2 the last instalment goes overdue", &f, D(2025, 1, 11),
		   "became_overdue#3>-1@11/01/2025=3700000");
}

static void test_R_DUE_2_only_where_the_programme_allows(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, false);
	expect_day("R-DUE-2 not allowed: overdue", &f, D(2024, 4, 11),
		   "became_overdue#0>-1@11/04/2024=1000000");
}

/* Missed days are caught up, each transition dated the day it happened. */
static void test_R_DUE_1_catch_up(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, false);
	expect_day("R-DUE-1 three missed due days", &f, D(2024, 10, 15),
		   "became_overdue#0>-1@11/04/2024=1000000 became_overdue#1>-1@11/07/2024=1000000 "
		   "became_overdue#2>-1@11/10/2024=1000000");
	fixture_init(&f, true);
	expect_day("R-DUE-2 rolls in a cascade, due today at the end", &f, D(2025, 1, 10),
		   "rolled#0>1@11/04/2024=1000000 rolled#1>2@11/07/2024=2000000 "
		   "rolled#2>3@11/10/2024=3000000 became_due#3>-1@10/01/2025=4000000");
}

static void test_R_DUE_2_targets(void **state)
{
	(void)state;
	/* the next instalment was prepaid in full: rolling reopens it */
	struct fixture f;
	fixture_init(&f, true);
	f.inst[1].paid = M;
	f.inst[1].status = INST_PAID;
	expect_day("R-DUE-2 into a prepaid instalment", &f, D(2024, 4, 11),
		   "rolled#0>1@11/04/2024=1000000");
	assert_int_equal(f.inst[1].status, INST_PENDING);
	assert_int_equal(loan_instalment_unpaid(&f.inst[1]), M);

	/* the first instalment was extended past the second: in due-day order the second rolls
	 * first, and the first cannot roll into a rolled instalment, so it goes overdue */
	fixture_init(&f, true);
	f.inst[0].extended_to = D(2024, 7, 20);
	expect_day("R-DUE-2 extended past the next one", &f, D(2024, 7, 21),
		   "rolled#1>2@11/07/2024=1000000 became_overdue#0>-1@21/07/2024=1000000");
	assert_int_equal(f.inst[1].status, INST_ROLLED);
	assert_int_equal(f.inst[2].principal, 2 * M);

	/* nor into an overdue one */
	fixture_init(&f, true);
	f.inst[0].extended_to = D(2024, 7, 20);
	f.inst[1].status = INST_OVERDUE;
	expect_day("R-DUE-2 not into overdue debt", &f, D(2024, 7, 21),
		   "became_overdue#0>-1@21/07/2024=1000000");
}

static void test_R_INACT_1_flag(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, false);
	f.loan.in_term_interest = 66000; /* three months of 22 000: not more */
	expect_day("R-INACT-1 three months exactly", &f, D(2024, 2, 1), "");
	f.loan.overdue_interest = 1;
	expect_day("R-INACT-1 above three months", &f, D(2024, 2, 2),
		   "inactive_flagged#-1>-1@02/02/2024=66001");
	assert_true(f.loan.inactive);
	f.loan.in_term_interest = 0;
	expect_day("R-INACT-1 paid: cleared", &f, D(2024, 2, 3),
		   "inactive_cleared#-1>-1@03/02/2024=1");
	assert_false(f.loan.inactive);
}

static void test_errors_change_nothing(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f, false);
	struct fixture before = f;
	struct due_transition tr[5];
	size_t n = 77;
	struct td_error err = {0};
	assert_int_equal(due_process(&f.loan, D(2025, 1, 1), &f.loan, tr, 4, &n, &err), TD_ETOOBIG);
	assert_non_null(strstr(err.msg, "room for 4 transitions, need 5"));
	struct loan_instalment small[3];
	struct loan_state out = {.inst = small, .cap = 3};
	assert_int_equal(due_process(&f.loan, D(2025, 1, 1), &out, tr, 5, &n, &err), TD_ETOOBIG);
	f.inst[2].principal -= 1;
	assert_int_equal(due_process(&f.loan, D(2025, 1, 1), &f.loan, tr, 5, &n, &err), TD_EINVAL);
	f.inst[2].principal += 1;
	assert_memory_equal(f.inst, before.inst, sizeof f.inst);
	assert_int_equal(n, 77);

	/* a separate output leaves the input alone */
	struct loan_instalment copy[4];
	out = (struct loan_state){.inst = copy, .cap = 4};
	assert_int_equal(due_process(&f.loan, D(2025, 1, 1), &out, tr, 5, &n, NULL), TD_OK);
	assert_int_equal(n, 3);
	assert_memory_equal(f.inst, before.inst, sizeof f.inst);
	assert_int_equal(copy[0].status, INST_OVERDUE);

	assert_string_equal(due_kind_name(DUE_ROLLED), "rolled");
	assert_string_equal(due_kind_name(DUE_KIND_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_DUE_1_due_then_overdue),
		cmocka_unit_test(test_R_DUE_1_partial_and_full_payment),
		cmocka_unit_test(test_R_EXT_1_extended_due_date),
		cmocka_unit_test(test_R_DUE_2_roll_forward),
		cmocka_unit_test(test_R_DUE_2_only_where_the_programme_allows),
		cmocka_unit_test(test_R_DUE_1_catch_up),
		cmocka_unit_test(test_R_DUE_2_targets),
		cmocka_unit_test(test_R_INACT_1_flag),
		cmocka_unit_test(test_errors_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
