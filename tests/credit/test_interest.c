/* Interest: ACT/365 and 30E/360, overdue 130 %, frozen 0, rounded once (R-INT-1, R-RATE-2,
 * R-RISK-1). Expected figures computed by hand with exact fractions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "credit/interest.h"

#define SENTINEL ((td_money)-777)

static td_date D(int y, int m, int d)
{
	td_date out;
	assert_int_equal(date_from_civil(y, m, d, &out, NULL), TD_OK);
	return out;
}

static void test_R_INT_1_simple_table(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		td_money principal;
		td_rate rate;
		int y1, m1, d1, y2, m2, d2;
		enum interest_convention conv;
		enum balance_state st;
		td_money want;
	} cases[] = {
		/* 10 M × 6.6 % × 30 / 365 = 54 246.58 */
		{"R-INT-1 30 days act365", 10000000, 66000, 2024, 3, 1, 2024, 3, 31,
		 INTEREST_ACT365, BALANCE_IN_TERM, 54247},
		/* a leap year still divides by 365: 100 M × 6.6 % × 366 / 365 */
		{"R-INT-1 leap year over 365", 100000000, 66000, 2024, 1, 1, 2025, 1, 1,
		 INTEREST_ACT365, BALANCE_IN_TERM, 6618082},
		/* R-RATE-2: × 130 % = 70 520.55 */
		{"R-RATE-2 overdue 130 %", 10000000, 66000, 2024, 3, 1, 2024, 3, 31,
		 INTEREST_ACT365, BALANCE_OVERDUE, 70521},
		{"R-RISK-1 frozen bears nothing", 10000000, 66000, 2024, 3, 1, 2024, 3, 31,
		 INTEREST_ACT365, BALANCE_FROZEN, 0},
		/* 365 × 1 % × 50 / 365 = 0.50 exactly: half rounds up */
		{"R-INT-1 half rounds up", 365, 10000, 2024, 1, 1, 2024, 2, 20, INTEREST_ACT365,
		 BALANCE_IN_TERM, 1},
		{"R-INT-1 0.49 rounds down", 365, 10000, 2024, 1, 1, 2024, 2, 19, INTEREST_ACT365,
		 BALANCE_IN_TERM, 0},
		{"R-INT-1 no days no interest", 10000000, 66000, 2024, 3, 1, 2024, 3, 1,
		 INTEREST_ACT365, BALANCE_IN_TERM, 0},
		{"R-INT-1 zero principal", 0, 66000, 2024, 3, 1, 2024, 9, 1, INTEREST_ACT365,
		 BALANCE_IN_TERM, 0},
		/* 30E/360: 12 M × 6 % × 180 / 360 = 360 000 exactly */
		{"30E/360 half year", 12000000, 60000, 2024, 1, 1, 2024, 7, 1, INTEREST_30E360,
		 BALANCE_IN_TERM, 360000},
		/* 31 Jan counts as 30 Jan; to 28 Feb 2023 is 28 days: 3 600 000 × 10 % × 28 / 360
		 */
		{"30E/360 from a 31st", 3600000, 100000, 2023, 1, 31, 2023, 2, 28, INTEREST_30E360,
		 BALANCE_IN_TERM, 28000},
		{"30E/360 overdue", 3600000, 100000, 2023, 1, 31, 2023, 2, 28, INTEREST_30E360,
		 BALANCE_OVERDUE, 36400},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_money got = SENTINEL;
		struct td_error err = {0};
		int rc = interest_simple(cases[i].principal, cases[i].rate,
					 D(cases[i].y1, cases[i].m1, cases[i].d1),
					 D(cases[i].y2, cases[i].m2, cases[i].d2), cases[i].conv,
					 cases[i].st, INTEREST_OVERDUE_PCT_DEFAULT, &got, &err);
		if (rc != TD_OK || got != cases[i].want)
			fail_msg("%s: rc %d got %lld want %lld (%s)", cases[i].name, rc,
				 (long long)got, (long long)cases[i].want, err.msg);
	}
}

static void test_R_RATE_2_multiplier_is_the_programmes(void **state)
{
	(void)state;
	td_money got;
	/* 150 % instead of 130 %: 54 246.58 × 1.5 = 81 369.86 */
	assert_int_equal(interest_simple(10000000, 66000, D(2024, 3, 1), D(2024, 3, 31),
					 INTEREST_ACT365, BALANCE_OVERDUE, 150, &got, NULL),
			 TD_OK);
	assert_int_equal(got, 81370);
}

static void test_30e360_day_count(void **state)
{
	(void)state;
	static const struct {
		int y1, m1, d1, y2, m2, d2;
		int64_t want;
	} cases[] = {
		{2024, 1, 1, 2024, 2, 1, 30},	{2023, 1, 31, 2023, 2, 28, 28},
		{2024, 1, 30, 2024, 3, 31, 60}, {2023, 2, 28, 2023, 3, 31, 32},
		{2024, 3, 30, 2024, 3, 31, 0},	{2023, 12, 31, 2024, 1, 1, 1},
		{2024, 1, 1, 2025, 1, 1, 360},	{2024, 5, 31, 2024, 6, 30, 30},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t got =
			interest_days(INTEREST_30E360, D(cases[i].y1, cases[i].m1, cases[i].d1),
				      D(cases[i].y2, cases[i].m2, cases[i].d2));
		if (got != cases[i].want)
			fail_msg("case %zu: %lld days, want %lld", i, (long long)got,
				 (long long)cases[i].want);
	}
	assert_int_equal(interest_days(INTEREST_ACT365, D(2024, 2, 1), D(2024, 3, 1)), 29);
	assert_int_equal(interest_basis(INTEREST_ACT365), 365);
	assert_int_equal(interest_basis(INTEREST_30E360), 360);
}

/* R-INT-1: round once per period, never per day or per segment. */
static void test_R_INT_1_rounds_once_per_period(void **state)
{
	(void)state;
	/* ten one-day segments of 1 M at 6.6 %: 180.82 a day; per-day rounding would give 1 810 */
	struct interest_segment segs[10];
	for (int i = 0; i < 10; i++)
		segs[i] = (struct interest_segment){D(2024, 5, 1) + i, 1000000, 66000,
						    BALANCE_IN_TERM};
	td_money got = SENTINEL;
	assert_int_equal(
		interest_segments(segs, 10, D(2024, 5, 11), INTEREST_ACT365, 130, &got, NULL),
		TD_OK);
	assert_int_equal(got, 1808);

	/* 3 days in term (542.47) then 3 days overdue (705.21): 1 247.67 -> 1 248, where rounding
	 * each segment would give 542 + 705 = 1 247 (R-RATE-2 from the day it is overdue) */
	struct interest_segment mixed[] = {
		{D(2024, 5, 1), 1000000, 66000, BALANCE_IN_TERM},
		{D(2024, 5, 4), 1000000, 66000, BALANCE_OVERDUE},
	};
	assert_int_equal(
		interest_segments(mixed, 2, D(2024, 5, 7), INTEREST_ACT365, 130, &got, NULL),
		TD_OK);
	assert_int_equal(got, 1248);

	/* a balance that falls, then a frozen part (R-RISK-1) that bears nothing */
	struct interest_segment falling[] = {
		{D(2024, 1, 1), 12000000, 66000, BALANCE_IN_TERM},
		{D(2024, 4, 1), 9000000, 66000, BALANCE_IN_TERM},
		{D(2024, 7, 1), 9000000, 66000, BALANCE_FROZEN},
	};
	assert_int_equal(
		interest_segments(falling, 3, D(2024, 12, 1), INTEREST_ACT365, 130, &got, NULL),
		TD_OK);
	assert_int_equal(got, 197458 + 148093);

	assert_int_equal(
		interest_segments(NULL, 0, D(2024, 1, 1), INTEREST_ACT365, 130, &got, NULL), TD_OK);
	assert_int_equal(got, 0);
}

static void test_errors_name_the_problem(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		td_money principal;
		td_rate rate;
		int to_offset;
		int conv;
		int st;
		int pct;
		int want;
		const char *needle;
	} cases[] = {
		{"period backwards", 1000, 66000, -1, INTEREST_ACT365, BALANCE_IN_TERM, 130,
		 TD_EINVAL, "before it starts"},
		{"negative principal", -1, 66000, 30, INTEREST_ACT365, BALANCE_IN_TERM, 130,
		 TD_EINVAL, "principal -1"},
		{"principal too big", TD_MONEY_MAX_INPUT + 1, 66000, 30, INTEREST_ACT365,
		 BALANCE_IN_TERM, 130, TD_EINVAL, "principal"},
		{"rate above 100 %", 1000, TD_RATE_SCALE + 1, 30, INTEREST_ACT365, BALANCE_IN_TERM,
		 130, TD_EINVAL, "rate"},
		{"negative rate", 1000, -1, 30, INTEREST_ACT365, BALANCE_IN_TERM, 130, TD_EINVAL,
		 "rate"},
		{"multiplier below 100", 1000, 66000, 30, INTEREST_ACT365, BALANCE_OVERDUE, 99,
		 TD_EINVAL, "multiplier 99"},
		{"multiplier above max", 1000, 66000, 30, INTEREST_ACT365, BALANCE_OVERDUE, 1001,
		 TD_EINVAL, "multiplier"},
		{"unknown state", 1000, 66000, 30, INTEREST_ACT365, 7, 130, TD_EINVAL, "state 7"},
		{"unknown convention", 1000, 66000, 30, 5, BALANCE_IN_TERM, 130, TD_EINVAL,
		 "convention 5"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_money got = SENTINEL;
		struct td_error err = {0};
		td_date from = D(2024, 1, 1);
		int rc = interest_simple(cases[i].principal, cases[i].rate, from,
					 from + cases[i].to_offset,
					 (enum interest_convention)cases[i].conv,
					 (enum balance_state)cases[i].st, cases[i].pct, &got, &err);
		if (rc != cases[i].want || got != SENTINEL || !strstr(err.msg, cases[i].needle))
			fail_msg("%s: rc %d, got %lld, message \"%s\"", cases[i].name, rc,
				 (long long)got, err.msg);
	}
}

static void test_segment_errors(void **state)
{
	(void)state;
	struct td_error err = {0};
	td_money got = SENTINEL;
	struct interest_segment unordered[] = {
		{D(2024, 2, 1), 1000, 66000, BALANCE_IN_TERM},
		{D(2024, 1, 1), 1000, 66000, BALANCE_IN_TERM},
	};
	assert_int_equal(
		interest_segments(unordered, 2, D(2024, 3, 1), INTEREST_ACT365, 130, &got, &err),
		TD_EINVAL);
	assert_non_null(strstr(err.msg, "segment 1 starts on 01/02/2024"));
	struct interest_segment one = {D(2024, 2, 1), 1000, 66000, BALANCE_IN_TERM};
	assert_int_equal(
		interest_segments(&one, 1, D(2024, 1, 31), INTEREST_ACT365, 130, &got, &err),
		TD_EINVAL);
	assert_int_equal(got, SENTINEL);

	/* Inputs within range cannot overflow over any civil span (10^15 × 1000 % × 300 years is
	 * 3 × 10^18), but a day number far outside the calendar can */
	assert_int_equal(interest_simple(TD_MONEY_MAX_INPUT, TD_RATE_SCALE, D(1900, 1, 1),
					 D(1900, 1, 1) + 2000000000, INTEREST_ACT365,
					 BALANCE_OVERDUE, INTEREST_OVERDUE_PCT_MAX, &got, &err),
			 TD_EOVERFLOW);
	assert_int_equal(got, SENTINEL);
	/* ...while a century in term does: about 10^17 */
	assert_int_equal(interest_simple(TD_MONEY_MAX_INPUT, TD_RATE_SCALE, D(1900, 1, 1),
					 D(2000, 1, 1), INTEREST_ACT365, BALANCE_IN_TERM, 130, &got,
					 &err),
			 TD_OK);
	assert_true(got > 100000000000000000LL);
}

static void test_names_and_parsers(void **state)
{
	(void)state;
	struct td_error err = {0};
	enum interest_convention c = INTEREST_ACT365;
	enum balance_state s = BALANCE_IN_TERM;
	assert_int_equal(interest_convention_parse("30e360", &c, &err), TD_OK);
	assert_int_equal(c, INTEREST_30E360);
	assert_string_equal(interest_convention_name(c), "30e360");
	assert_int_equal(interest_convention_parse("act365", &c, &err), TD_OK);
	assert_int_equal(c, INTEREST_ACT365);
	assert_int_equal(interest_convention_parse("30/360", &c, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "act365 or 30e360"));
	assert_int_equal(balance_state_parse("overdue", &s, &err), TD_OK);
	assert_int_equal(s, BALANCE_OVERDUE);
	assert_int_equal(balance_state_parse("frozen", &s, &err), TD_OK);
	assert_int_equal(s, BALANCE_FROZEN);
	assert_string_equal(balance_state_name(BALANCE_IN_TERM), "in_term");
	assert_int_equal(balance_state_parse("late", &s, &err), TD_EINVAL);
	assert_string_equal(balance_state_name((enum balance_state)9), "unknown");
	assert_string_equal(interest_convention_name((enum interest_convention)9), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_INT_1_simple_table),
		cmocka_unit_test(test_R_RATE_2_multiplier_is_the_programmes),
		cmocka_unit_test(test_30e360_day_count),
		cmocka_unit_test(test_R_INT_1_rounds_once_per_period),
		cmocka_unit_test(test_errors_name_the_problem),
		cmocka_unit_test(test_segment_errors),
		cmocka_unit_test(test_names_and_parsers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
