/* Property tests over thousands of random cases, with a fixed-seed PRNG so that every run
 * checks the same cases (R-DIS-1, R-INT-1, R-RATE-2, R-PAY-1, R-DUE-1, R-DUE-2, R-PRG-1). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "credit/due.h"
#include "credit/eligibility.h"
#include "credit/interest.h"
#include "credit/payment.h"
#include "credit/schedule.h"

#define MAXN 64

/* splitmix64: small, good enough, and the same sequence on every machine. */
static uint64_t rng_state;
static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* Amounts of every size: a random number of digits, then a random value with them. */
static td_money rng_amount(int max_digits)
{
	int digits = (int)rng_range(1, max_digits);
	int64_t hi = 1;
	for (int i = 0; i < digits; i++)
		hi *= 10;
	return rng_range(1, hi - 1);
}

static td_date day0(void)
{
	td_date d;
	assert_int_equal(date_from_civil(2000, 1, 1, &d, NULL), TD_OK);
	return d;
}

static struct schedule_params rng_params(int max_term)
{
	struct schedule_params p;
	p.disbursed = day0() + (td_date)rng_range(0, 11000);
	/* mostly splittable; now and then too small for whole thousands (TD_ERULE) */
	p.amount = rng_next() % 8 ? rng_range(600000, 1000000000000LL) : rng_amount(6);
	p.term_months = (int)rng_range(1, max_term);
	p.interval_months = (int)rng_range(1, 12);
	p.grace_months = rng_next() % 4 == 0 ? (int)rng_range(0, p.term_months - 1) : 0;
	return p;
}

/* R-DIS-1: schedules sum to the amount, dates ascend, the last falls at maturity. */
static void test_R_DIS_1_schedule_invariants(void **state)
{
	(void)state;
	rng_state = 1;
	int built = 0;
	for (int c = 0; c < 20000; c++) {
		struct schedule_params p = rng_params(SCHEDULE_TERM_MAX);
		static struct schedule_item items[SCHEDULE_TERM_MAX];
		size_t n = 0, predicted;
		struct td_error err = {0};
		assert_int_equal(schedule_count(&p, &predicted, NULL), TD_OK);
		int rc = schedule_build(&p, items, SCHEDULE_TERM_MAX, &n, &err);
		if (rc == TD_ERULE) {
			/* only when whole thousands cannot be split */
			assert_true(predicted > 1 &&
				    p.amount < SCHEDULE_ROUNDING * (td_money)predicted);
			continue;
		}
		if (rc != TD_OK)
			fail_msg("case %d: %s", c, err.msg);
		built++;
		assert_int_equal(n, predicted);
		td_money sum = 0;
		for (size_t k = 0; k < n; k++) {
			int month = p.grace_months + (int)(k + 1) * p.interval_months;
			if (month > p.term_months)
				month = p.term_months;
			assert_int_equal(items[k].due, date_add_months(p.disbursed, month));
			assert_true(items[k].due > p.disbursed);
			if (k > 0)
				assert_true(items[k].due > items[k - 1].due);
			assert_true(items[k].principal > 0);
			if (k + 1 < n) {
				assert_int_equal(items[k].principal % SCHEDULE_ROUNDING, 0);
				assert_int_equal(items[k].principal, items[0].principal);
			}
			sum += items[k].principal;
		}
		assert_int_equal(sum, p.amount);
		assert_int_equal(items[n - 1].due, schedule_maturity(&p));
		/* the last carries the remainder: less than one thousand per instalment more */
		assert_true(items[n - 1].principal - items[0].principal <
			    SCHEDULE_ROUNDING * (td_money)n);
		/* what we build, we accept */
		struct schedule_check_result r;
		assert_int_equal(schedule_check(&p, items, n, &r, NULL), TD_OK);
		if (r.total != 0)
			fail_msg("case %d: built schedule fails its check: %s", c,
				 r.problems[0].msg);
	}
	assert_true(built > 15000 && built < 20000);
}

/* R-INT-1 on schedules: the balance falls to zero, interest never rises as it falls
 * within equal-length periods, and each period is one rounding of its balance. */
static void test_R_INT_1_schedule_interest(void **state)
{
	(void)state;
	rng_state = 2;
	for (int c = 0; c < 5000; c++) {
		struct schedule_params p = rng_params(120);
		struct schedule_item items[120];
		struct schedule_period per[120];
		size_t n;
		if (schedule_build(&p, items, 120, &n, NULL) != TD_OK)
			continue;
		td_rate rate = rng_range(0, 200000);
		enum interest_convention conv = (enum interest_convention)rng_range(0, 1);
		assert_int_equal(schedule_interest(&p, items, n, rate, conv, per, NULL), TD_OK);
		td_money balance = p.amount;
		for (size_t k = 0; k < n; k++) {
			assert_int_equal(per[k].balance, balance);
			td_money want;
			assert_int_equal(money_interest(balance, rate,
							interest_days(conv, per[k].from, per[k].to),
							interest_basis(conv), 100, &want),
					 TD_OK);
			assert_int_equal(per[k].interest, want);
			balance -= per[k].principal;
		}
		assert_int_equal(balance, 0);
	}
}

static td_money interest_of(td_money principal, td_rate rate, td_date from, td_date to,
			    enum interest_convention conv, enum balance_state st)
{
	td_money out = -1;
	struct td_error err = {0};
	if (interest_simple(principal, rate, from, to, conv, st, 130, &out, &err) != TD_OK)
		fail_msg("interest: %s", err.msg);
	return out;
}

/* R-INT-1, R-RATE-2, R-RISK-1: monotone in days and principal; overdue >= in term >= frozen;
 * splitting a period does not change it; it agrees with base's money_interest. */
static void test_R_INT_1_interest_properties(void **state)
{
	(void)state;
	rng_state = 3;
	for (int c = 0; c < 20000; c++) {
		td_money p = rng_amount(13);
		td_rate rate = rng_range(0, 200000);
		td_date from = day0() + (td_date)rng_range(0, 11000);
		td_date to = from + (td_date)rng_range(0, 4000);
		enum interest_convention conv = (enum interest_convention)rng_range(0, 1);
		enum balance_state st = (enum balance_state)rng_range(0, 2);
		td_money base = interest_of(p, rate, from, to, conv, st);

		assert_true(interest_of(p, rate, from, to + 1, conv, st) >= base);
		assert_true(interest_of(p + rng_amount(9), rate, from, to, conv, st) >= base);
		assert_true(interest_of(p, rate + rng_range(0, 1000), from, to, conv, st) >= base);
		td_money in_term = interest_of(p, rate, from, to, conv, BALANCE_IN_TERM);
		td_money overdue = interest_of(p, rate, from, to, conv, BALANCE_OVERDUE);
		assert_true(overdue >= in_term);
		assert_int_equal(interest_of(p, rate, from, to, conv, BALANCE_FROZEN), 0);

		/* split at a random day: the same numerators, one rounding, the same result */
		td_date mid = from + (td_date)rng_range(0, to - from);
		struct interest_segment segs[2] = {{from, p, rate, st}, {mid, p, rate, st}};
		td_money split;
		assert_int_equal(interest_segments(segs, 2, to, conv, 130, &split, NULL), TD_OK);
		assert_int_equal(split, base);
		/* rounding each part apart is off by at most one đồng */
		td_money a = interest_of(p, rate, from, mid, conv, st);
		td_money b = interest_of(p, rate, mid, to, conv, st);
		assert_true(a + b - base <= 1 && base - (a + b) <= 1);

		td_money oracle;
		int64_t pct = st == BALANCE_IN_TERM ? 100 : st == BALANCE_OVERDUE ? 130 : 0;
		assert_int_equal(money_interest(p, rate, interest_days(conv, from, to),
						interest_basis(conv), pct, &oracle),
				 TD_OK);
		assert_int_equal(base, oracle);
	}
}

/* A random loan: a built schedule, some of it paid, extended here and there, then due
 * processing on a random day so that the statuses are ones the system produces. */
struct rloan {
	struct loan_instalment inst[MAXN];
	struct loan_state loan;
	td_date maturity;
};

static bool rloan_fresh(struct rloan *r)
{
	struct schedule_params p = rng_params(MAXN);
	p.amount = rng_amount(10) + 1000 * MAXN;
	struct schedule_item items[MAXN];
	size_t n;
	if (schedule_build(&p, items, MAXN, &n, NULL) != TD_OK)
		return false;
	r->maturity = schedule_maturity(&p);
	r->loan = (struct loan_state){.disbursed = p.disbursed,
				      .amount = p.amount,
				      .inst = r->inst,
				      .count = n,
				      .cap = MAXN,
				      .roll_forward = rng_next() % 2,
				      .overdue_interest = rng_range(0, 3) ? 0 : rng_amount(6),
				      .in_term_interest = rng_range(0, 1) ? 0 : rng_amount(6),
				      .monthly_accrual = rng_amount(5)};
	for (size_t k = 0; k < n; k++) {
		struct loan_instalment *i = &r->inst[k];
		*i = (struct loan_instalment){.due = items[k].due,
					      .extended_to = LOAN_DATE_NONE,
					      .principal = items[k].principal,
					      .status = INST_PENDING};
		int what = (int)rng_range(0, 5);
		if (what == 0) {
			i->paid = i->principal;
			i->status = INST_PAID;
		} else if (what == 1) {
			i->paid = rng_range(0, i->principal - 1);
		} else if (what == 2) {
			i->extended_to = i->due + (td_date)rng_range(1, 200);
		}
	}
	assert_int_equal(loan_check(&r->loan, NULL), TD_OK);
	return true;
}

static void rloan_copy(struct rloan *dst, const struct rloan *src)
{
	*dst = *src;
	dst->loan.inst = dst->inst;
}

/* R-PAY-1: never pays more than owed; the parts sum to the payment; the order holds. */
static void test_R_PAY_1_allocation_properties(void **state)
{
	(void)state;
	rng_state = 4;
	int applied = 0;
	for (int c = 0; c < 20000; c++) {
		struct rloan r;
		if (!rloan_fresh(&r))
			continue;
		td_date day = r.loan.disbursed +
			      (td_date)rng_range(0, r.maturity - r.loan.disbursed + 90);
		struct due_transition tr[DUE_TRANSITIONS_MAX(MAXN)];
		size_t nt;
		assert_int_equal(due_process(&r.loan, day, &r.loan, tr, DUE_TRANSITIONS_MAX(MAXN),
					     &nt, NULL),
				 TD_OK);
		td_money owed;
		assert_int_equal(payment_owed(&r.loan, &owed, NULL), TD_OK);
		if (owed == 0)
			continue;
		struct payment_request req = {rng_range(1, owed), day, PAYMENT_NO_INSTALMENT};
		if (rng_next() % 5 == 0) {
			size_t k = (size_t)rng_range(0, (int64_t)r.loan.count - 1);
			if (loan_instalment_unpaid(&r.inst[k]) > 0)
				req.instalment = (int)k;
		}
		struct rloan before;
		rloan_copy(&before, &r);
		if (rng_next() % 10 == 0) {
			/* more than owed: refused, nothing changes */
			req.amount = owed + rng_range(1, 1000000);
			struct payment_allocation a;
			assert_int_equal(payment_apply(&r.loan, &req, &r.loan, &a, NULL, NULL),
					 TD_ERULE);
			assert_memory_equal(r.inst, before.inst, sizeof r.inst);
			continue;
		}
		struct payment_allocation a;
		td_money by[MAXN];
		struct td_error err = {0};
		if (payment_apply(&r.loan, &req, &r.loan, &a, by, &err) != TD_OK)
			fail_msg("case %d: %s", c, err.msg);
		applied++;
		td_money principal = a.overdue_principal + a.due_principal + a.prepaid_principal;
		assert_int_equal(a.overdue_interest + a.in_term_interest + principal, req.amount);
		td_money after;
		assert_int_equal(payment_owed(&r.loan, &after, NULL), TD_OK);
		assert_int_equal(after, owed - req.amount);
		td_money by_sum = 0;
		for (size_t k = 0; k < r.loan.count; k++) {
			assert_true(by[k] >= 0 && by[k] <= loan_instalment_unpaid(&before.inst[k]));
			assert_int_equal(r.inst[k].paid, before.inst[k].paid + by[k]);
			by_sum += by[k];
		}
		assert_int_equal(by_sum, principal);
		if (req.instalment != PAYMENT_NO_INSTALMENT)
			continue;
		/* the order of R-PAY-1, when no instalment is named */
		if (a.in_term_interest > 0 || principal > 0)
			assert_int_equal(r.loan.overdue_interest, 0);
		if (principal > 0)
			assert_int_equal(r.loan.in_term_interest, 0);
		for (size_t k = 0; k < r.loan.count; k++) {
			const struct loan_instalment *i = &r.inst[k];
			bool open = loan_instalment_unpaid(i) > 0;
			if (a.due_principal > 0 || a.prepaid_principal > 0)
				assert_false(open && i->status == INST_OVERDUE);
			if (a.prepaid_principal > 0)
				assert_false(open && loan_instalment_due(i) <= day);
			/* prepayment takes the last instalments first */
			if (by[k] > 0 && loan_instalment_due(i) > day && i->status != INST_OVERDUE)
				for (size_t j = k + 1; j < r.loan.count; j++)
					assert_int_equal(loan_instalment_unpaid(&r.inst[j]), 0);
		}
	}
	assert_true(applied > 12000);
}

static void assert_same_loan(const struct rloan *a, const struct rloan *b)
{
	assert_int_equal(a->loan.count, b->loan.count);
	assert_memory_equal(a->inst, b->inst, a->loan.count * sizeof a->inst[0]);
	assert_int_equal(a->loan.inactive, b->loan.inactive);
}

/* R-DUE-1, R-DUE-2: idempotent; principal is only moved, never lost; nothing stays due
 * after its day; processing on any sequence of days ends where one late call ends. */
static void test_R_DUE_1_processing_properties(void **state)
{
	(void)state;
	rng_state = 5;
	for (int c = 0; c < 10000; c++) {
		struct rloan r;
		if (!rloan_fresh(&r))
			continue;
		td_date end = r.loan.disbursed +
			      (td_date)rng_range(0, r.maturity - r.loan.disbursed + 90);

		struct rloan direct;
		rloan_copy(&direct, &r);
		struct due_transition tr[DUE_TRANSITIONS_MAX(MAXN)];
		size_t nt;
		assert_int_equal(due_process(&direct.loan, end, &direct.loan, tr,
					     DUE_TRANSITIONS_MAX(MAXN), &nt, NULL),
				 TD_OK);
		assert_int_equal(loan_check(&direct.loan, NULL), TD_OK);
		bool seen[MAXN] = {false};
		for (size_t t = 0; t < nt; t++) {
			int k = tr[t].instalment;
			if (k < 0)
				continue;
			assert_false(seen[k]); /* at most one transition per instalment */
			seen[k] = true;
			assert_true(tr[t].amount > 0);
			assert_true(tr[t].date <= end);
		}
		for (size_t k = 0; k < direct.loan.count; k++) {
			const struct loan_instalment *i = &direct.inst[k];
			bool open = i->status == INST_PENDING || i->status == INST_DUE;
			assert_false(open && loan_instalment_due(i) < end);
			assert_false(i->status == INST_PENDING && loan_instalment_due(i) == end);
			if (!direct.loan.roll_forward)
				assert_true(i->status != INST_ROLLED);
		}

		/* the same day again: nothing */
		struct rloan again;
		rloan_copy(&again, &direct);
		assert_int_equal(due_process(&again.loan, end, &again.loan, tr,
					     DUE_TRANSITIONS_MAX(MAXN), &nt, NULL),
				 TD_OK);
		assert_int_equal(nt, 0);
		assert_same_loan(&again, &direct);

		/* random steps to the same day: the same state */
		struct rloan steps;
		rloan_copy(&steps, &r);
		for (td_date d = r.loan.disbursed; d < end; d += (td_date)rng_range(1, 45))
			assert_int_equal(due_process(&steps.loan, d, &steps.loan, tr,
						     DUE_TRANSITIONS_MAX(MAXN), &nt, NULL),
					 TD_OK);
		assert_int_equal(due_process(&steps.loan, end, &steps.loan, tr,
					     DUE_TRANSITIONS_MAX(MAXN), &nt, NULL),
				 TD_OK);
		assert_same_loan(&steps, &direct);
	}
}

/* R-PRG-1: eligible exactly when no reason blocks; every reason has a message. */
static void test_R_PRG_1_eligibility_properties(void **state)
{
	(void)state;
	rng_state = 6;
	size_t np;
	const struct programme *table = programme_seed(&np);
	for (int c = 0; c < 20000; c++) {
		const struct programme *p = &table[rng_range(0, (int64_t)np - 1)];
		struct elig_application app = {
			.status = (enum hh_status)rng_range(0, HH_STATUS_COUNT - 1),
			.flags = (uint32_t)rng_next() & PRG_FLAGS_ALL,
			.amount = rng_range(-2, 1) == 0 ? 0 : rng_amount(10),
			.term_months = (int)rng_range(-1, 320),
			.date = day0() + (td_date)rng_range(0, 11000),
			.study_months = (int)rng_range(0, 60),
			.contract_months = (int)rng_range(0, 60),
			.contract_value = rng_range(0, 1) ? 0 : rng_amount(10),
		};
		struct elig_result r;
		assert_int_equal(eligibility_judge(p, &app, &r, NULL), TD_OK);
		bool blocked = false;
		for (size_t i = 0; i < r.count; i++) {
			blocked |= r.reasons[i].blocking;
			assert_true(r.reasons[i].msg[0] != '\0');
		}
		assert_int_equal(r.eligible, !blocked);
		if (r.eligible) {
			assert_true(app.amount > 0 && app.term_months > 0);
			assert_true(r.cap < 0 || app.amount <= r.cap);
			assert_true(r.max_term_months < 0 || app.term_months <= r.max_term_months);
			assert_true(r.has_rate && programme_in_force(p, app.date));
		}
		assert_int_equal(r.collateral_required,
				 eligibility_has(&r, ELIG_COLLATERAL_REQUIRED));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_DIS_1_schedule_invariants),
		cmocka_unit_test(test_R_INT_1_schedule_interest),
		cmocka_unit_test(test_R_INT_1_interest_properties),
		cmocka_unit_test(test_R_PAY_1_allocation_properties),
		cmocka_unit_test(test_R_DUE_1_processing_properties),
		cmocka_unit_test(test_R_PRG_1_eligibility_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
