/* Repayment schedules: build, check, interest per period (R-DIS-1, R-INT-1). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "credit/schedule.h"

#define MAXN 16

static td_date D(int y, int m, int d)
{
	td_date out;
	assert_int_equal(date_from_civil(y, m, d, &out, NULL), TD_OK);
	return out;
}

struct want_item {
	int y, m, d;
	td_money principal;
};

static void expect_schedule(const char *name, struct schedule_params p,
			    const struct want_item *want, size_t n)
{
	struct schedule_item out[MAXN];
	size_t count = 0, predicted = 0;
	struct td_error err = {0};
	if (schedule_build(&p, out, MAXN, &count, &err) != TD_OK)
		fail_msg("%s: %s", name, err.msg);
	assert_int_equal(schedule_count(&p, &predicted, NULL), TD_OK);
	if (count != n || predicted != n)
		fail_msg("%s: %zu instalments (predicted %zu), want %zu", name, count, predicted,
			 n);
	for (size_t i = 0; i < n; i++) {
		td_date due = D(want[i].y, want[i].m, want[i].d);
		if (out[i].due != due || out[i].principal != want[i].principal) {
			char a[TD_DATE_FMT_MAX];
			fail_msg("%s: instalment %zu is %s %lld, want %02d/%02d/%d %lld", name,
				 i + 1, date_format_vn(out[i].due, a, sizeof a),
				 (long long)out[i].principal, want[i].d, want[i].m, want[i].y,
				 (long long)want[i].principal);
		}
	}
}

static void test_R_DIS_1_equal_quarters(void **state)
{
	(void)state;
	static const struct want_item want[] = {{2024, 4, 15, 2500000},
						{2024, 7, 15, 2500000},
						{2024, 10, 15, 2500000},
						{2025, 1, 15, 2500000}};
	expect_schedule("R-DIS-1 quarters",
			(struct schedule_params){D(2024, 1, 15), 10000000, 12, 3, 0}, want, 4);
}

static void test_R_DIS_1_remainder_in_the_last(void **state)
{
	(void)state;
	/* 10 M / 3 = 3 333 333: rounded down to 3 333 000, the last takes 3 334 000 */
	static const struct want_item thirds[] = {
		{2024, 5, 1, 3333000}, {2024, 9, 1, 3333000}, {2025, 1, 1, 3334000}};
	expect_schedule("R-DIS-1 thirds",
			(struct schedule_params){D(2024, 1, 1), 10000000, 12, 4, 0}, thirds, 3);
	/* 1 000 500 / 2 = 500 250 -> 500 000, last 500 500 */
	static const struct want_item halves[] = {{2024, 7, 1, 500000}, {2025, 1, 1, 500500}};
	expect_schedule("R-DIS-1 odd đồng",
			(struct schedule_params){D(2024, 1, 1), 1000500, 12, 6, 0}, halves, 2);
	/* one instalment takes everything, even below a thousand */
	static const struct want_item one[] = {{2024, 7, 1, 999}};
	expect_schedule("R-DIS-1 one instalment",
			(struct schedule_params){D(2024, 1, 1), 999, 6, 6, 0}, one, 1);
}

static void test_R_DIS_1_dates_from_disbursement_not_chained(void **state)
{
	(void)state;
	/* 31 Jan + 1 month = 29 Feb (2024 is leap), + 2 months = 31 Mar, not 29 Mar */
	static const struct want_item want[] = {
		{2024, 2, 29, 1000000}, {2024, 3, 31, 1000000}, {2024, 4, 30, 1000000}};
	expect_schedule("R-DIS-1 month ends",
			(struct schedule_params){D(2024, 1, 31), 3000000, 3, 1, 0}, want, 3);
	static const struct want_item feb[] = {{2023, 2, 28, 1000000}, {2023, 3, 31, 1000000}};
	expect_schedule("R-DIS-1 non-leap February",
			(struct schedule_params){D(2023, 1, 31), 2000000, 2, 1, 0}, feb, 2);
}

static void test_R_DIS_1_last_instalment_at_maturity(void **state)
{
	(void)state;
	/* term 10, every 3 months: months 3, 6, 9, then 10 (maturity) */
	static const struct want_item want[] = {{2024, 4, 10, 1000000},
						{2024, 7, 10, 1000000},
						{2024, 10, 10, 1000000},
						{2024, 11, 10, 1000000}};
	expect_schedule("R-DIS-1 term not a multiple",
			(struct schedule_params){D(2024, 1, 10), 4000000, 10, 3, 0}, want, 4);
}

static void test_R_DIS_1_grace_months(void **state)
{
	(void)state;
	/* programme 25: 180 months, no principal for 60, then yearly: months 72, 84, ..., 180 */
	struct want_item want[10];
	for (int k = 0; k < 10; k++)
		want[k] = (struct want_item){2030 + k, 3, 5, 4000000};
	expect_schedule("R-DIS-1 programme 25 grace",
			(struct schedule_params){D(2024, 3, 5), 40000000, 180, 12, 60}, want, 10);
	/* grace 5, term 24, every 6 months: months 11, 17, 23, 24 */
	static const struct want_item odd[] = {{2024, 12, 1, 3000000},
					       {2025, 6, 1, 3000000},
					       {2025, 12, 1, 3000000},
					       {2026, 1, 1, 3000000}};
	expect_schedule("R-DIS-1 grace not a multiple",
			(struct schedule_params){D(2024, 1, 1), 12000000, 24, 6, 5}, odd, 4);
}

static void test_build_errors(void **state)
{
	(void)state;
	static const struct {
		struct schedule_params p;
		int want;
		const char *needle;
	} cases[] = {
		{{0, 0, 12, 3, 0}, TD_EINVAL, "amount 0"},
		{{0, TD_MONEY_MAX_INPUT + 1, 12, 3, 0}, TD_EINVAL, "amount"},
		{{0, 1000000, 0, 3, 0}, TD_EINVAL, "term 0"},
		{{0, 1000000, 601, 3, 0}, TD_EINVAL, "term 601"},
		{{0, 1000000, 12, 0, 0}, TD_EINVAL, "interval 0"},
		{{0, 1000000, 12, 13, 0}, TD_EINVAL, "interval 13"},
		{{0, 1000000, 12, 3, 12}, TD_EINVAL, "grace 12"},
		{{0, 1000000, 12, 3, -1}, TD_EINVAL, "grace -1"},
		{{0, 2500, 3, 1, 0}, TD_ERULE, "2500 đồng cannot be split into 3"},
		{{0, 20000000, 20, 1, 0}, TD_ETOOBIG, "20 instalments, room for 16"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct schedule_item out[MAXN];
		size_t count = 77;
		struct td_error err = {0};
		int rc = schedule_build(&cases[i].p, out, MAXN, &count, &err);
		if (rc != cases[i].want || count != 77 || !strstr(err.msg, cases[i].needle))
			fail_msg("case %zu: rc %d count %zu \"%s\"", i, rc, count, err.msg);
	}
	/* 3 000 over 3 monthly instalments is the smallest split */
	struct schedule_item out[3];
	size_t count;
	assert_int_equal(
		schedule_build(&(struct schedule_params){0, 3000, 3, 1, 0}, out, 3, &count, NULL),
		TD_OK);
	assert_int_equal(schedule_maturity(&(struct schedule_params){D(2024, 1, 31), 1, 1, 1, 0}),
			 D(2024, 2, 29));
}

/* Codes of a check result, "code@index ...". */
static void problems_of(const struct schedule_check_result *r, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < r->count; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s@%d", i ? " " : "",
			 schedule_problem_name(r->problems[i].code), r->problems[i].index);
	}
}

static void expect_problems(const char *name, const struct schedule_params *p,
			    const struct schedule_item *items, size_t n, const char *want)
{
	struct schedule_check_result r;
	struct td_error err = {0};
	if (schedule_check(p, items, n, &r, &err) != TD_OK)
		fail_msg("%s: %s", name, err.msg);
	char got[512];
	problems_of(&r, got, sizeof got);
	if (strcmp(got, want) != 0 || r.total != r.count)
		fail_msg("%s: \"%s\", want \"%s\"", name, got, want);
	for (size_t i = 0; i < r.count; i++)
		assert_true(r.problems[i].msg[0] != '\0');
}

static void test_R_DIS_1_check_returns_every_problem(void **state)
{
	(void)state;
	struct schedule_params p = {D(2024, 1, 1), 3000000, 12, 0, 0};
	struct schedule_item good[] = {
		{D(2024, 4, 1), 1000000}, {D(2024, 8, 1), 1000000}, {D(2025, 1, 1), 1000000}};
	expect_problems("R-DIS-1 agreed schedule", &p, good, 3, "");
	expect_problems("R-DIS-1 empty", &p, NULL, 0, "empty@-1");

	struct schedule_item bad[] = {
		{D(2024, 1, 1), 0},	   /* on the disbursement day, nothing to pay */
		{D(2023, 12, 1), 1000000}, /* before disbursement and before the previous */
		{D(2025, 2, 1), 1500000},  /* after maturity */
	};
	expect_problems("R-DIS-1 every problem", &p, bad, 3,
			"date_not_after_disbursement@0 amount_not_positive@0 "
			"date_not_after_disbursement@1 date_not_ascending@1 "
			"date_after_maturity@2 gap_too_long@2 sum_mismatch@-1");

	good[2].due = D(2025, 1, 2);
	expect_problems("R-DIS-1 one day past maturity", &p, good, 3, "date_after_maturity@2");
	good[2].due = D(2025, 1, 1);

	struct schedule_item same[] = {{D(2024, 6, 1), 1500000}, {D(2024, 6, 1), 1500000}};
	expect_problems("R-DIS-1 same day twice", &p, same, 2, "date_not_ascending@1");

	struct schedule_params long_loan = {D(2024, 1, 1), 2000000, 36, 0, 0};
	struct schedule_item gap[] = {{D(2025, 1, 1), 1000000}, {D(2026, 1, 2), 1000000}};
	expect_problems("R-DIS-1 at most every 12 months", &long_loan, gap, 2, "gap_too_long@1");
	gap[1].due = D(2026, 1, 1);
	expect_problems("R-DIS-1 exactly 12 months apart", &long_loan, gap, 2, "");

	/* from a month's last day, the last day of the month 12 months on is still in time */
	struct schedule_params leap = {D(2024, 2, 29), 4000000, 48, 0, 0};
	struct schedule_item eom[] = {{D(2025, 2, 28), 1000000},
				      {D(2026, 2, 28), 1000000},
				      {D(2027, 2, 28), 1000000},
				      {D(2028, 2, 29), 1000000}};
	expect_problems("R-DIS-1 month ends 12 months apart", &leap, eom, 4, "");
	eom[1].due = D(2025, 4, 30);
	eom[2].due = D(2026, 5, 1);
	eom[3].due = D(2027, 2, 28);
	expect_problems("R-DIS-1 a day past a month end", &leap, eom, 4, "gap_too_long@2");

	struct schedule_params graced = {D(2024, 1, 1), 2000000, 36, 0, 12};
	struct schedule_item early[] = {{D(2024, 12, 31), 1000000}, {D(2027, 1, 1), 1000000}};
	expect_problems("R-DIS-1 principal inside the grace", &graced, early, 2,
			"date_in_grace@0 gap_too_long@1");
	early[0].due = D(2025, 1, 1);
	early[1].due = D(2026, 1, 1);
	expect_problems("R-DIS-1 first principal when the grace ends", &graced, early, 2, "");

	struct schedule_item huge[] = {{D(2024, 6, 1), INT64_MAX}, {D(2024, 9, 1), INT64_MAX}};
	expect_problems("R-DIS-1 sum overflows", &p, huge, 2, "sum_mismatch@-1");
}

static void test_check_messages_and_overflowing_count(void **state)
{
	(void)state;
	struct schedule_params p = {D(2024, 1, 1), 3000000, 12, 0, 0};
	struct schedule_item items[40];
	for (int i = 0; i < 40; i++)
		items[i] = (struct schedule_item){D(2023, 1, 1), -1};
	struct schedule_check_result r;
	assert_int_equal(schedule_check(&p, items, 40, &r, NULL), TD_OK);
	assert_int_equal(r.count, SCHEDULE_PROBLEMS_MAX);
	assert_true(r.total > r.count); /* every problem counted even when not all are kept */
	assert_non_null(strstr(r.problems[0].msg,
			       "Kỳ 1: ngày trả 01/01/2023 không sau ngày giải ngân 01/01/2024"));

	struct schedule_item off[] = {{D(2024, 6, 1), 1000000}, {D(2025, 1, 1), 1999000}};
	assert_int_equal(schedule_check(&p, off, 2, &r, NULL), TD_OK);
	assert_int_equal(r.total, 1);
	assert_non_null(strstr(r.problems[0].msg, "Tổng các kỳ 2.999.000 đồng khác số tiền vay "
						  "3.000.000 đồng (chênh -1.000 đồng)"));
	struct td_error err = {0};
	p.term_months = 0;
	assert_int_equal(schedule_check(&p, off, 2, &r, &err), TD_EINVAL);
	assert_string_equal(schedule_problem_name(SCHED_GAP_TOO_LONG), "gap_too_long");
	assert_string_equal(schedule_problem_name(SCHED_PROBLEM_COUNT), "unknown");
}

/* R-INT-1 on the schedule: the balance falls after each instalment, one rounding a period. */
static void test_R_INT_1_interest_per_period(void **state)
{
	(void)state;
	struct schedule_params p = {D(2024, 1, 1), 12000000, 12, 3, 0};
	struct schedule_item items[4];
	size_t n;
	assert_int_equal(schedule_build(&p, items, 4, &n, NULL), TD_OK);
	struct schedule_period per[4];
	struct td_error err = {0};
	assert_int_equal(schedule_interest(&p, items, n, 66000, INTEREST_ACT365, per, &err), TD_OK);
	/* 91, 91, 92, 92 days on 12, 9, 6, 3 M at 6.6 % */
	static const td_money want_interest[] = {197458, 148093, 99814, 49907};
	static const td_money want_balance[] = {12000000, 9000000, 6000000, 3000000};
	for (int i = 0; i < 4; i++) {
		assert_int_equal(per[i].interest, want_interest[i]);
		assert_int_equal(per[i].balance, want_balance[i]);
		assert_int_equal(per[i].principal, 3000000);
		assert_int_equal(per[i].to, items[i].due);
		assert_int_equal(per[i].from, i ? items[i - 1].due : p.disbursed);
	}
	/* 30E/360: 90 days a quarter: 12 M × 6.6 % / 4 = 198 000 */
	assert_int_equal(schedule_interest(&p, items, n, 66000, INTEREST_30E360, per, &err), TD_OK);
	assert_int_equal(per[0].interest, 198000);
	assert_int_equal(per[3].interest, 49500);

	items[1].principal += 1;
	assert_int_equal(schedule_interest(&p, items, n, 66000, INTEREST_ACT365, per, &err),
			 TD_EINVAL);
	assert_non_null(strstr(err.msg, "Tổng các kỳ"));
	items[1].principal -= 1;
	assert_int_equal(
		schedule_interest(&p, items, n, TD_RATE_SCALE + 1, INTEREST_ACT365, per, &err),
		TD_EINVAL);
	assert_non_null(strstr(err.msg, "period 1: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_DIS_1_equal_quarters),
		cmocka_unit_test(test_R_DIS_1_remainder_in_the_last),
		cmocka_unit_test(test_R_DIS_1_dates_from_disbursement_not_chained),
		cmocka_unit_test(test_R_DIS_1_last_instalment_at_maturity),
		cmocka_unit_test(test_R_DIS_1_grace_months),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_R_DIS_1_check_returns_every_problem),
		cmocka_unit_test(test_check_messages_and_overflowing_count),
		cmocka_unit_test(test_R_INT_1_interest_per_period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
