/* Money: checked arithmetic, rounding half away from zero, parsing and formatting. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/money.h"

#define SENTINEL ((td_money)0x5a5a5a5a)

/* xorshift64*: a fixed seed keeps the property loops reproducible. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* A random amount in [-TD_MONEY_MAX_INPUT, TD_MONEY_MAX_INPUT], biased to every length. */
static td_money random_amount(void)
{
	uint64_t digits = rng_next() % 16 + 1;
	uint64_t mod = 1;
	for (uint64_t i = 0; i < digits; i++)
		mod *= 10;
	td_money v = (td_money)(rng_next() % (mod + 1));
	if (v > TD_MONEY_MAX_INPUT)
		v = TD_MONEY_MAX_INPUT;
	return rng_next() & 1 ? -v : v;
}

static void test_add_sub_overflow(void **state)
{
	(void)state;
	td_money r = SENTINEL;
	assert_int_equal(money_add(INT64_MAX, 1, &r), TD_EOVERFLOW);
	assert_int_equal(r, SENTINEL); /* untouched on overflow */
	assert_int_equal(money_add(INT64_MIN, -1, &r), TD_EOVERFLOW);
	assert_int_equal(money_sub(INT64_MIN, 1, &r), TD_EOVERFLOW);
	assert_int_equal(money_sub(0, INT64_MIN, &r), TD_EOVERFLOW);
	assert_int_equal(money_sub(INT64_MAX, -1, &r), TD_EOVERFLOW);
	assert_int_equal(r, SENTINEL);

	assert_int_equal(money_add(INT64_MAX, 0, &r), TD_OK);
	assert_true(r == INT64_MAX);
	assert_int_equal(money_add(INT64_MIN, INT64_MAX, &r), TD_OK);
	assert_int_equal(r, -1);
	assert_int_equal(money_sub(-1, INT64_MAX, &r), TD_OK);
	assert_true(r == INT64_MIN);
	assert_int_equal(money_add(-500000, 200000, &r), TD_OK);
	assert_int_equal(r, -300000);
	assert_int_equal(money_sub(-500000, -200000, &r), TD_OK);
	assert_int_equal(r, -300000);
}

static void test_mul_overflow(void **state)
{
	(void)state;
	td_money r = SENTINEL;
	assert_int_equal(money_mul(INT64_MIN, -1, &r), TD_EOVERFLOW);
	assert_int_equal(money_mul(INT64_MAX, 2, &r), TD_EOVERFLOW);
	assert_int_equal(money_mul(4294967296LL, 4294967296LL, &r), TD_EOVERFLOW);
	assert_int_equal(money_mul(-4294967296LL, 2147483648LL, &r), TD_OK); /* -2^63 fits */
	assert_true(r == INT64_MIN);
	assert_int_equal(money_mul(-4294967296LL, 2147483649LL, &r), TD_EOVERFLOW);
	assert_true(r == INT64_MIN);
	assert_int_equal(money_mul(-1500000, 3, &r), TD_OK);
	assert_int_equal(r, -4500000);
}

static void test_muldiv_rounds_half_away_from_zero(void **state)
{
	(void)state;
	static const struct {
		int64_t a, b, c, want;
	} cases[] = {
		{5, 1, 2, 3},      /* 2.5 -> 3 */
		{-5, 1, 2, -3},    /* -2.5 -> -3 */
		{5, 1, -2, -3},    /* sign from the divisor */
		{-5, -1, 2, 3},
		{-5, -1, -2, -3},
		{7, 1, 2, 4},      /* 3.5 -> 4 */
		{-7, 1, 2, -4},
		{1, 1, 3, 0},      /* 0.33 -> 0 */
		{2, 1, 3, 1},      /* 0.67 -> 1 */
		{-2, 1, 3, -1},
		{-1, 1, 3, 0},
		{149, 1, 100, 1},  /* 1.49 -> 1 */
		{150, 1, 100, 2},  /* 1.50 -> 2 */
		{-150, 1, 100, -2},
		{-149, 1, 100, -1},
		{0, 12345, 7, 0},
		{INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX}, /* i128 intermediate */
		{INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN},
		{INT64_MIN, 1, 1, INT64_MIN},
		{INT64_MAX, 3, 4, 6917529027641081855LL}, /* 6917529027641081855.25 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t r = SENTINEL;
		int rc = money_muldiv(cases[i].a, cases[i].b, cases[i].c, &r);
		if (rc != TD_OK || r != cases[i].want)
			fail_msg("case %zu: %lld*%lld/%lld = %lld (rc %d), want %lld", i,
				 (long long)cases[i].a, (long long)cases[i].b,
				 (long long)cases[i].c, (long long)r, rc,
				 (long long)cases[i].want);
	}
}

static void test_muldiv_overflow(void **state)
{
	(void)state;
	int64_t r = SENTINEL;
	assert_int_equal(money_muldiv(INT64_MIN, -1, 1, &r), TD_EOVERFLOW);
	assert_int_equal(money_muldiv(INT64_MAX, 2, 1, &r), TD_EOVERFLOW);
	assert_int_equal(money_muldiv(INT64_MIN, INT64_MIN, INT64_MAX, &r), TD_EOVERFLOW);
	/* Rounding up can itself overflow: (2^64 - 1) / 2 = 2^63 - 0.5 rounds to 2^63. */
	assert_int_equal(money_muldiv(4294967295LL, 4294967297LL, 2, &r), TD_EOVERFLOW);
	assert_int_equal(r, SENTINEL);
	assert_int_equal(money_muldiv(-4294967295LL, 4294967297LL, 2, &r), TD_OK);
	assert_true(r == INT64_MIN); /* -2^63 + 0.5 rounds to -2^63, which fits */
}

/* R-INT-1: balance × days × annual rate / 365, rounded half-up once. */
static void test_interest_R_INT_1(void **state)
{
	(void)state;
	static const struct {
		td_money amount;
		td_rate rate;
		int64_t days, basis, mult;
		td_money want;
	} cases[] = {
		/* 10 M at 6.6 % for 30 days: 54 246.575 -> 54 247 */
		{10000000, 66000, 30, 365, 100, 54247},
		/* 10 M at 7.92 % for 31 days: 67 265.753 -> 67 266 */
		{10000000, 79200, 31, 365, 100, 67266},
		/* a reversal is the exact negation */
		{-10000000, 66000, 30, 365, 100, -54247},
		/* exactly .5 at 100 % over 1/360: 180/360 = 0.5 -> 1, -0.5 -> -1 */
		{180, 1000000, 1, 360, 100, 1},
		{-180, 1000000, 1, 360, 100, -1},
		{540, 1000000, 1, 360, 100, 2},
		{-540, 1000000, 1, 360, 100, -2},
		{179, 1000000, 1, 360, 100, 0},
		{-179, 1000000, 1, 360, 100, 0},
		/* zero days, zero amount, zero rate */
		{10000000, 66000, 0, 365, 100, 0},
		{0, 66000, 30, 365, 100, 0},
		{10000000, 0, 30, 365, 100, 0},
		/* the largest input amount for a full year at 100 % */
		{TD_MONEY_MAX_INPUT, 1000000, 365, 365, 100, TD_MONEY_MAX_INPUT},
		{INT64_MAX, 1000000, 365, 365, 100, INT64_MAX},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_money r = SENTINEL;
		int rc = money_interest(cases[i].amount, cases[i].rate, cases[i].days,
					cases[i].basis, cases[i].mult, &r);
		if (rc != TD_OK || r != cases[i].want)
			fail_msg("case %zu: got %lld (rc %d), want %lld", i, (long long)r, rc,
				 (long long)cases[i].want);
	}
}

/* R-RATE-2: overdue principal at 130 % of the rate; R-RISK-1: frozen debt at 0 %. */
static void test_interest_overdue_R_RATE_2_frozen_R_RISK_1(void **state)
{
	(void)state;
	td_money r;
	/* 10 M at 6.6 % × 1.3 = 8.58 % for 30 days: 70 520.548 -> 70 521 */
	assert_int_equal(money_interest(10000000, 66000, 30, 365, 130, &r), TD_OK);
	assert_int_equal(r, 70521);
	/* 0.0325 % × 1.3 = 0.04225 %, not representable in millionths: one rounding over
	 * the whole product keeps it exact. 10^6 × 422.5e-6 = 422.5 -> 423. */
	assert_int_equal(money_interest(1000000, 325, 360, 360, 130, &r), TD_OK);
	assert_int_equal(r, 423);
	assert_int_equal(money_interest(-1000000, 325, 360, 360, 130, &r), TD_OK);
	assert_int_equal(r, -423);
	assert_int_equal(money_interest(10000000, 66000, 30, 365, 0, &r), TD_OK);
	assert_int_equal(r, 0);
}

static void test_interest_overflow(void **state)
{
	(void)state;
	td_money r = SENTINEL;
	/* The result passes INT64_MAX by one day's interest. */
	assert_int_equal(money_interest(INT64_MAX, 1000000, 366, 365, 100, &r), TD_EOVERFLOW);
	/* The i128 product itself overflows. */
	assert_int_equal(money_interest(INT64_MAX, INT64_MAX, INT64_MAX, 365, 100, &r),
			 TD_EOVERFLOW);
	assert_int_equal(money_interest(INT64_MIN, INT64_MAX, INT64_MAX, 365, 130, &r),
			 TD_EOVERFLOW);
	assert_int_equal(r, SENTINEL);
}

static void test_parse_accepts(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		td_money want;
	} cases[] = {
		{"1.234.567", 1234567},
		{"1234567", 1234567},
		{"1,234,567", 1234567},
		{"-1.234.567", -1234567},
		{"-1,234,567", -1234567},
		{"-1234567", -1234567},
		{"  42\t", 42},
		{"0", 0},
		{"-0", 0},
		{"999", 999},
		{"1.000", 1000},
		{"12,000", 12000},
		{"100.000.000", 100000000},
		{"1.000.000.000.000.000", TD_MONEY_MAX_INPUT},
		{"-1,000,000,000,000,000", -TD_MONEY_MAX_INPUT},
		{"1000000000000000", TD_MONEY_MAX_INPUT},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_money v = SENTINEL;
		struct td_error err = {0};
		int rc = money_parse(cases[i].in, &v, &err);
		if (rc != TD_OK || v != cases[i].want)
			fail_msg("\"%s\": got %lld (rc %d: %s), want %lld", cases[i].in,
				 (long long)v, rc, err.msg, (long long)cases[i].want);
	}
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		const char *msg; /* a part of the message the person needs */
	} cases[] = {
		{"", "empty"},
		{"   ", "empty"},
		{"-", "no digits after '-'"},
		{"1.23.456", "group at position 3 has 2 digits, needs 3"},
		{"1.234,567", "separator ',' at position 6 mixes with '.'"},
		{"1,234.567", "separator '.' at position 6 mixes with ','"},
		{"1.234.567,50", "mixes"},
		{"12a", "unexpected 'a' at position 3"},
		{"abc", "expected a digit, found 'a' at position 1"},
		{"1.234.", "ends with separator '.'"},
		{".123", "starts with separator '.' at position 1"},
		{"-,123", "starts with separator ',' at position 2"},
		{"1..234", "separator '.' at position 3 has no digits before it"},
		{"1234.567", "group at position 1 has 4 digits, needs 1 to 3"},
		{"1.2345", "group at position 3 has 4 digits, needs 3"},
		{"1.234.56", "group at position 7 has 2 digits, needs 3"},
		{"1,5", "group at position 3 has 1 digits, needs 3"},
		{"1.000.000.000.000.001", "largest accepted amount"},
		{"-1000000000000001", "largest accepted amount"},
		{"99999999999999999999999", "largest accepted amount"},
		{"100đ", "unexpected 'đ' at position 4"},
		{"100 VND", "unexpected ' ' at position 4"},
		{"1 234", "unexpected ' ' at position 2"},
		{"+5", "found '+' at position 1"},
		{"--5", "found '-' at position 2"},
		{"5-", "unexpected '-' at position 2"},
		{"007", "leading zero at position 1"},
		{"0.500", "leading zero"},
		{"12\x80", "byte 0x80 at position 3"},
		{"12\xc3", "byte 0xc3 at position 3"}, /* truncated UTF-8 */
		{"1e6", "unexpected 'e' at position 2"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_money v = SENTINEL;
		struct td_error err = {0};
		int rc = money_parse(cases[i].in, &v, &err);
		if (rc != TD_EINVAL || v != SENTINEL || !strstr(err.msg, cases[i].msg))
			fail_msg("\"%s\": rc %d, message \"%s\", want one containing \"%s\"",
				 cases[i].in, rc, err.msg, cases[i].msg);
	}
	/* A NULL err is allowed: the code still says what happened. */
	td_money v;
	assert_int_equal(money_parse("x", &v, NULL), TD_EINVAL);
}

static void test_format(void **state)
{
	(void)state;
	static const struct {
		td_money v;
		const char *want;
	} cases[] = {
		{0, "0"},
		{1, "1"},
		{-1, "-1"},
		{999, "999"},
		{-999, "-999"},
		{1000, "1.000"},
		{-1000, "-1.000"},
		{1234567, "1.234.567"},
		{100000000, "100.000.000"},
		{INT64_MAX, "9.223.372.036.854.775.807"},
		{INT64_MIN, "-9.223.372.036.854.775.808"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[TD_MONEY_FMT_MAX];
		assert_string_equal(money_format(cases[i].v, buf, sizeof buf), cases[i].want);
	}
}

/* parse(format(x)) == x, and the comma and plain spellings agree, for many x. */
static void test_parse_format_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < 200000; i++) {
		td_money x = random_amount(), y = SENTINEL;
		char buf[TD_MONEY_FMT_MAX], plain[TD_MONEY_FMT_MAX];
		struct td_error err = {0};
		money_format(x, buf, sizeof buf);
		if (money_parse(buf, &y, &err) != TD_OK || y != x)
			fail_msg("\"%s\": %s", buf, err.msg);
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
		if (money_parse(buf, &y, &err) != TD_OK || y != x)
			fail_msg("\"%s\": %s", buf, err.msg);
		snprintf(plain, sizeof plain, "%lld", (long long)x);
		if (money_parse(plain, &y, &err) != TD_OK || y != x)
			fail_msg("\"%s\": %s", plain, err.msg);
	}
}

static void test_rate_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		td_rate want;
	} ok[] = {
		{"6.6", 66000},  {"6.60", 66000},   {"7,92", 79200}, {"0.0325", 325},
		{"3", 30000},    {"100", 1000000},  {"0", 0},        {" 8.25 ", 82500},
		{"6.6%", 66000}, {"100.0000", 1000000}, {"0.0001", 1},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		td_rate r = SENTINEL;
		struct td_error err = {0};
		int rc = rate_parse_percent(ok[i].in, &r, &err);
		if (rc != TD_OK || r != ok[i].want)
			fail_msg("\"%s\": got %lld (rc %d: %s)", ok[i].in, (long long)r, rc,
				 err.msg);
	}
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{"", "empty"},
		{"%", "empty"},
		{"-1", "negative"},
		{"100.0001", "above 100"},
		{"101", "above 100"},
		{"99999999999999999999", "above 100"},
		{"6.", "no digits after '.'"},
		{".5", "expected a digit, found '.' at position 1"},
		{"6.12345", "more than 4 decimals"},
		{"6.6.6", "unexpected '.' at position 4"},
		{"abc", "found 'a'"},
		{"6,6%x", "unexpected '%' at position 4"},
		{"6 6", "unexpected ' ' at position 2"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		td_rate r = SENTINEL;
		struct td_error err = {0};
		int rc = rate_parse_percent(bad[i].in, &r, &err);
		if (rc != TD_EINVAL || r != SENTINEL || !strstr(err.msg, bad[i].msg))
			fail_msg("\"%s\": rc %d, message \"%s\", want \"%s\"", bad[i].in, rc,
				 err.msg, bad[i].msg);
	}
}

/* Every legal rate survives format then parse (all 10^6 + 1 of them). */
static void test_rate_format_round_trip(void **state)
{
	(void)state;
	char buf[16];
	assert_string_equal(rate_format_percent(66000, buf, sizeof buf), "6.6");
	assert_string_equal(rate_format_percent(79200, buf, sizeof buf), "7.92");
	assert_string_equal(rate_format_percent(85800, buf, sizeof buf), "8.58");
	assert_string_equal(rate_format_percent(30000, buf, sizeof buf), "3");
	assert_string_equal(rate_format_percent(325, buf, sizeof buf), "0.0325");
	assert_string_equal(rate_format_percent(0, buf, sizeof buf), "0");
	assert_string_equal(rate_format_percent(1000000, buf, sizeof buf), "100");
	assert_string_equal(rate_format_percent(-66000, buf, sizeof buf), "-6.6");
	for (td_rate r = 0; r <= 1000000; r++) {
		td_rate back = -1;
		rate_format_percent(r, buf, sizeof buf);
		if (rate_parse_percent(buf, &back, NULL) != TD_OK || back != r)
			fail_msg("%lld -> \"%s\" -> %lld", (long long)r, buf, (long long)back);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_sub_overflow),
		cmocka_unit_test(test_mul_overflow),
		cmocka_unit_test(test_muldiv_rounds_half_away_from_zero),
		cmocka_unit_test(test_muldiv_overflow),
		cmocka_unit_test(test_interest_R_INT_1),
		cmocka_unit_test(test_interest_overdue_R_RATE_2_frozen_R_RISK_1),
		cmocka_unit_test(test_interest_overflow),
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_format_round_trip),
		cmocka_unit_test(test_rate_parse),
		cmocka_unit_test(test_rate_format_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
