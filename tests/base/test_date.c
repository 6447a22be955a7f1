/* Dates: day numbers, leap years, month arithmetic, parsing and formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/date.h"

#define SENTINEL ((td_date)0x5a5a5a)

static td_date mk(int y, int m, int d)
{
	td_date r;
	struct td_error err;
	if (date_from_civil(y, m, d, &r, &err) != TD_OK)
		fail_msg("%04d-%02d-%02d: %s", y, m, d, err.msg);
	return r;
}

static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_false(date_is_leap(1900)); /* divisible by 100, not by 400 */
	assert_true(date_is_leap(2000));  /* divisible by 400 */
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2100));
	assert_false(date_is_leap(2023));
	assert_true(date_is_leap(2400));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2023, 4), 30);
	assert_int_equal(date_days_in_month(2023, 12), 31);
	assert_int_equal(date_days_in_month(2023, 0), 0);
	assert_int_equal(date_days_in_month(2023, 13), 0);
}

static void test_known_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(mk(1970, 1, 1), 0);
	assert_int_equal(mk(1969, 12, 31), -1);
	assert_int_equal(mk(2000, 3, 1), 11017);
	assert_int_equal(mk(1900, 1, 1), -25567);
	assert_int_equal(mk(2024, 1, 5), 19727);
	assert_int_equal(mk(2024, 2, 29), 19782);
	assert_int_equal(mk(2200, 12, 31), 84370);
	struct td_civil c = date_to_civil(19782);
	assert_int_equal(c.year, 2024);
	assert_int_equal(c.month, 2);
	assert_int_equal(c.day, 29);
}

static void test_from_civil_rejects(void **state)
{
	(void)state;
	static const struct {
		int y, m, d;
		const char *msg;
	} cases[] = {
		{2023, 2, 29, "day 29 does not exist in 02/2023, which has 28 days"},
		{1900, 2, 29, "day 29 does not exist in 02/1900"},
		{2100, 2, 29, "day 29 does not exist in 02/2100"},
		{2023, 4, 31, "day 31 does not exist in 04/2023, which has 30 days"},
		{2023, 1, 0, "day 0 does not exist"},
		{2023, 1, 32, "day 32 does not exist"},
		{2023, 13, 1, "month 13 does not exist"},
		{2023, 0, 1, "month 0 does not exist"},
		{1899, 12, 31, "year 1899 is outside 1900..2200"},
		{2201, 1, 1, "year 2201 is outside 1900..2200"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_date d = SENTINEL;
		struct td_error err = {0};
		int rc = date_from_civil(cases[i].y, cases[i].m, cases[i].d, &d, &err);
		if (rc != TD_EINVAL || d != SENTINEL || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: rc %d, \"%s\", want \"%s\"", i, rc, err.msg,
				 cases[i].msg);
	}
}

/* Walks every civil day 1900..2200 with a naive counter and checks both directions,
 * the weekday cycle and both text formats. */
static void test_every_day_round_trip(void **state)
{
	(void)state;
	td_date expect = mk(1900, 1, 1);
	int weekday = 1; /* 1900-01-01 was a Monday */
	for (int y = TD_YEAR_MIN; y <= TD_YEAR_MAX; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= date_days_in_month(y, m); d++, expect++) {
				td_date got = SENTINEL, back = SENTINEL;
				char iso[TD_DATE_FMT_MAX], vn[TD_DATE_FMT_MAX];
				struct td_error err = {0};
				assert_int_equal(date_from_civil(y, m, d, &got, &err), TD_OK);
				if (got != expect)
					fail_msg("%04d-%02d-%02d -> %d, want %d", y, m, d, got,
						 expect);
				struct td_civil c = date_to_civil(got);
				if (c.year != y || c.month != m || c.day != d)
					fail_msg("%d -> %04d-%02d-%02d", got, c.year, c.month,
						 c.day);
				if (date_weekday(got) != weekday)
					fail_msg("%d: weekday %d, want %d", got, date_weekday(got),
						 weekday);
				weekday = weekday % 7 + 1;
				date_format_iso(got, iso, sizeof iso);
				if (date_parse_iso(iso, &back, &err) != TD_OK || back != got)
					fail_msg("\"%s\": %s", iso, err.msg);
				date_format_vn(got, vn, sizeof vn);
				if (date_parse_vn(vn, &back, &err) != TD_OK || back != got)
					fail_msg("\"%s\": %s", vn, err.msg);
			}
		}
	}
	assert_int_equal(expect, mk(2200, 12, 31) + 1);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 4);  /* 1970-01-01 Thursday */
	assert_int_equal(date_weekday(-1), 3); /* 1969-12-31 Wednesday */
	assert_int_equal(date_weekday(mk(2024, 1, 1)), 1);
	assert_int_equal(date_weekday(mk(2000, 1, 1)), 6);
	assert_int_equal(date_weekday(mk(2026, 11, 22)), 7);
	assert_int_equal(date_weekday(mk(2200, 12, 31)), 3);
}

static void test_add_months_clamps_to_month_end(void **state)
{
	(void)state;
	static const struct {
		int y, m, d, n, wy, wm, wd;
	} cases[] = {
		{2023, 1, 31, 1, 2023, 2, 28}, /* 31 Jan + 1 month, common year */
		{2024, 1, 31, 1, 2024, 2, 29}, /* leap year */
		{2100, 1, 31, 1, 2100, 2, 28}, /* 2100 is not leap */
		{2000, 1, 31, 1, 2000, 2, 29},
		{2024, 3, 31, -1, 2024, 2, 29}, /* 31 Mar - 1 month */
		{2023, 3, 31, -1, 2023, 2, 28},
		{2024, 5, 31, 1, 2024, 6, 30},
		{2024, 11, 15, 2, 2025, 1, 15}, /* across a year end */
		{2025, 1, 15, -2, 2024, 11, 15},
		{2024, 2, 29, 12, 2025, 2, 28},
		{2024, 2, 29, 48, 2028, 2, 29},
		{2024, 12, 31, -12, 2023, 12, 31},
		{2024, 1, 31, -13, 2022, 12, 31},
		{2024, 1, 31, 0, 2024, 1, 31},
		{2024, 8, 31, 120, 2034, 8, 31}, /* a 120-month term */
		{2024, 8, 31, 300, 2049, 8, 31},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_date got = date_add_months(mk(cases[i].y, cases[i].m, cases[i].d), cases[i].n);
		td_date want = mk(cases[i].wy, cases[i].wm, cases[i].wd);
		if (got != want) {
			char g[TD_DATE_FMT_MAX], w[TD_DATE_FMT_MAX];
			fail_msg("case %zu: got %s, want %s", i, date_format_iso(got, g, sizeof g),
				 date_format_iso(want, w, sizeof w));
		}
	}
}

static void test_parse_iso(void **state)
{
	(void)state;
	td_date d = SENTINEL;
	struct td_error err = {0};
	assert_int_equal(date_parse_iso("2024-01-05", &d, &err), TD_OK);
	assert_int_equal(d, 19727);
	assert_int_equal(date_parse_iso("2024-02-29", &d, &err), TD_OK);
	assert_int_equal(d, 19782);
	assert_int_equal(date_parse_iso("1900-01-01", &d, &err), TD_OK);
	assert_int_equal(date_parse_iso("2200-12-31", &d, &err), TD_OK);

	static const struct {
		const char *in, *msg;
	} bad[] = {
		{"2023-02-29", "day 29 does not exist in 02/2023"},
		{"2023-13-01", "month 13 does not exist"},
		{"2024-00-10", "month 0 does not exist"},
		{"2024-01-00", "day 0 does not exist"},
		{"2024-01-05x", "unexpected characters after the date at position 11"},
		{"2024-01-05 ", "after the date at position 11"},
		{"2024-01-05T10:00", "after the date"},
		{"1899-12-31", "year 1899 is outside 1900..2200"},
		{"2201-01-01", "year 2201 is outside"},
		{"", "empty"},
		{"2024-1-05", "the month at position 6 is wrong"},
		{"24-01-05", "the year at position 1 is wrong"},
		{" 2024-01-05", "the year at position 1"},
		{"2024/01/05", "the separator after the year at position 5"},
		{"2024-01/05", "the separator after the month at position 8"},
		{"2024-01-5", "the day at position 9 is wrong"},
		{"20245-01-01", "separator after the year at position 5"},
		{"05/01/2024", "expected YYYY-MM-DD"},
		{"2024-01", "separator after the month at position 8"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = SENTINEL;
		int rc = date_parse_iso(bad[i].in, &d, &err);
		if (rc != TD_EINVAL || d != SENTINEL || !strstr(err.msg, bad[i].msg))
			fail_msg("\"%s\": rc %d, \"%s\", want \"%s\"", bad[i].in, rc, err.msg,
				 bad[i].msg);
	}
}

static void test_parse_vn(void **state)
{
	(void)state;
	td_date d = SENTINEL;
	struct td_error err = {0};
	assert_int_equal(date_parse_vn("05/01/2024", &d, &err), TD_OK);
	assert_int_equal(d, 19727);
	assert_int_equal(date_parse_vn("5/1/2024", &d, &err), TD_OK);
	assert_int_equal(d, 19727);
	assert_int_equal(date_parse_vn("29/02/2024", &d, &err), TD_OK);
	assert_int_equal(d, 19782);

	static const struct {
		const char *in, *msg;
	} bad[] = {
		{"29/02/2023", "day 29 does not exist in 02/2023"},
		{"01/13/2024", "month 13 does not exist"},
		{"00/01/2024", "day 0 does not exist"},
		{"1/1/24", "the year at position 5 is wrong"},
		{"05-01-2024", "the separator after the day at position 3"},
		{"123/01/2024", "the separator after the day at position 3"},
		{"05/01/2024.", "unexpected characters after the date at position 11"},
		{"05/01/20245", "after the date at position 11"},
		{"/01/2024", "the day at position 1"},
		{"05//2024", "the month at position 4"},
		{"01/01/1899", "year 1899 is outside"},
		{"2024-01-05", "expected dd/mm/yyyy"},
		{"", "empty"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = SENTINEL;
		int rc = date_parse_vn(bad[i].in, &d, &err);
		if (rc != TD_EINVAL || d != SENTINEL || !strstr(err.msg, bad[i].msg))
			fail_msg("\"%s\": rc %d, \"%s\", want \"%s\"", bad[i].in, rc, err.msg,
				 bad[i].msg);
	}
}

/* The command line's dates: either spelling, each with its own precise error. */
static void test_parse_any(void **state)
{
	(void)state;
	td_date d = SENTINEL;
	struct td_error err = {0};
	assert_int_equal(date_parse_any("2024-01-05", &d, &err), TD_OK);
	assert_int_equal(d, 19727);
	d = SENTINEL;
	assert_int_equal(date_parse_any("05/01/2024", &d, &err), TD_OK);
	assert_int_equal(d, 19727);
	d = SENTINEL;
	assert_int_equal(date_parse_any("31/02/2024", &d, &err), TD_EINVAL);
	assert_int_equal(d, SENTINEL);
	assert_non_null(strstr(err.msg, "day 31 does not exist in 02/2024"));
	assert_int_equal(date_parse_any("2024-02-30", &d, &err), TD_EINVAL);
	assert_int_equal(d, SENTINEL);
	assert_non_null(strstr(err.msg, "day 30 does not exist"));
	assert_int_equal(date_parse_any("05.01.2024", &d, &err), TD_EINVAL);
	assert_int_equal(d, SENTINEL);
}

static void test_format(void **state)
{
	(void)state;
	char buf[TD_DATE_FMT_MAX];
	assert_string_equal(date_format_iso(19727, buf, sizeof buf), "2024-01-05");
	assert_string_equal(date_format_vn(19727, buf, sizeof buf), "05/01/2024");
	assert_string_equal(date_format_iso(-25567, buf, sizeof buf), "1900-01-01");
	assert_string_equal(date_format_vn(84370, buf, sizeof buf), "31/12/2200");
}

static void test_months_between(void **state)
{
	(void)state;
	static const struct {
		int ay, am, ad, by, bm, bd, want;
	} cases[] = {
		{2023, 1, 31, 2023, 2, 28, 1}, /* b is the last day of its month */
		{2024, 1, 31, 2024, 2, 28, 0}, /* 2024 has a 29 Feb */
		{2024, 1, 31, 2024, 2, 29, 1},	 {2024, 1, 30, 2024, 2, 29, 1},
		{2024, 1, 15, 2024, 2, 14, 0},	 {2024, 1, 15, 2024, 2, 15, 1},
		{2023, 1, 31, 2023, 3, 30, 1},	 {2023, 1, 31, 2023, 3, 31, 2},
		{2024, 2, 29, 2025, 2, 28, 12},	 {2024, 3, 31, 2024, 4, 30, 1},
		{2024, 5, 5, 2024, 5, 5, 0},	 {2024, 5, 5, 2034, 5, 5, 120},
		{2025, 2, 28, 2024, 2, 29, -12}, /* reversed order negates */
		{2024, 2, 15, 2024, 1, 20, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = date_months_between(mk(cases[i].ay, cases[i].am, cases[i].ad),
					      mk(cases[i].by, cases[i].bm, cases[i].bd));
		if (got != cases[i].want)
			fail_msg("case %zu: got %d, want %d", i, got, cases[i].want);
	}
}

/* months_between(a, b) = n is the n with add_months(a, n) <= b < add_months(a, n + 1). */
static void test_months_between_agrees_with_add_months(void **state)
{
	(void)state;
	td_date lo = mk(1900, 1, 1), hi = mk(2180, 12, 31);
	for (int i = 0; i < 200000; i++) {
		td_date a = lo + (td_date)(rng_next() % (uint64_t)(hi - lo));
		/* Mostly short spans, where month-end clamping matters. */
		td_date span = (td_date)(rng_next() % (i % 2 ? 400 : 7300));
		td_date b = a + span;
		int n = date_months_between(a, b);
		if (!(date_add_months(a, n) <= b && b < date_add_months(a, n + 1)))
			fail_msg("a=%d b=%d n=%d", a, b, n);
		if (date_months_between(b, a) != -n)
			fail_msg("a=%d b=%d: not antisymmetric", a, b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_known_day_numbers),
		cmocka_unit_test(test_from_civil_rejects),
		cmocka_unit_test(test_every_day_round_trip),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_add_months_clamps_to_month_end),
		cmocka_unit_test(test_parse_iso),
		cmocka_unit_test(test_parse_vn),
		cmocka_unit_test(test_parse_any),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_months_between),
		cmocka_unit_test(test_months_between_agrees_with_add_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
