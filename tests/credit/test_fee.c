/* Entrustment fee (R-FEE-1) and group leader commission (R-FEE-2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "credit/fee.h"

struct share_case {
	td_money outstanding, overdue;
	int32_t paid_bp;
};

/* R-FEE-1: 100 % under 2 %, 80 % from 2 % to under 3 %, 50 % from 3 % to under 4 %, 0 from
 * 4 %; the limits compared exactly, with no rounding of the ratio. */
static void test_r_fee_1_paid_share_tiers(void **state)
{
	(void)state;
	static const struct share_case cases[] = {
	    {100000000, 0, 10000},
	    {100000000, 1999999, 10000},
	    {100000000, 2000000, 8000}, /* exactly 2 % */
	    {100000000, 2999999, 8000},
	    {100000000, 3000000, 5000}, /* exactly 3 % */
	    {100000000, 3999999, 5000},
	    {100000000, 4000000, 0}, /* exactly 4 % */
	    {100000000, 100000000, 0},
	    {51, 1, 10000}, /* 1.96 % */
	    {50, 1, 8000},  /* 2 % exactly */
	    {49, 1, 8000},  /* 2.04 % */
	    {34, 1, 8000},  /* 2.94 % */
	    {33, 1, 5000},  /* 3.03 % */
	    {25, 1, 0},	    /* 4 % exactly */
	    {0, 0, 10000},  /* an empty chapter has no overdue */
	    /* __int128: no overflow near the top; MAX / 50 x 50 is just under MAX. */
	    {INT64_MAX, INT64_MAX / 50 + 1, 8000},
	    {INT64_MAX, INT64_MAX / 50, 10000},
	};
	struct fee_params p = fee_params_default();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t got = fee_paid_share(&p, cases[i].overdue, cases[i].outstanding);
		if (got != cases[i].paid_bp)
			fail_msg("case %zu: overdue %lld / %lld pays %d bp, want %d", i,
				 (long long)cases[i].overdue, (long long)cases[i].outstanding, got,
				 cases[i].paid_bp);
	}
}

struct fee_case {
	const char *name;
	struct fee_chapter_month in;
	td_money gross;
	int32_t paid_bp;
	td_money payable;
	td_money split[FEE_LEVEL_COUNT]; /* commune, district, province, centre */
};

/* R-FEE-1 with the default parameters: 0.032 % a month, the tiers, the split 84/9/4.5/2.5. */
static void test_r_fee_1_entrustment_fee(void **state)
{
	(void)state;
	static const struct fee_case cases[] = {
	    {"1 bn, no overdue",
	     {1000000000, 1200000000, 0},
	     320000,
	     10000,
	     320000,
	     {268800, 28800, 14400, 8000}},
	    {"1 bn, 2.5 % overdue",
	     {1000000000, 1000000000, 25000000},
	     320000,
	     8000,
	     256000,
	     {215040, 23040, 11520, 6400}},
	    {"1 bn, 3 % overdue",
	     {1000000000, 1000000000, 30000000},
	     320000,
	     5000,
	     160000,
	     {134400, 14400, 7200, 4000}},
	    {"1 bn, 4 % overdue", {1000000000, 1000000000, 40000000}, 320000, 0, 0, {0, 0, 0, 0}},
	    /* 500 đồng: district 45, province 22.5 -> 22, centre 12.5 -> 12; commune 421, not
	     * 420: the remainder goes to the commune and the split sums to the fee. */
	    {"remainder to the commune",
	     {3125000, 3125000, 100000},
	     1000,
	     5000,
	     500,
	     {421, 45, 22, 12}},
	    /* gross 100.6 -> 101; payable 80.48 -> 80, rounded once from the base (rounding
	     * the gross first would give 81). */
	    {"one rounding", {314375, 100, 2}, 101, 8000, 80, {68, 7, 3, 2}},
	    {"nothing collected", {0, 1000000, 0}, 0, 10000, 0, {0, 0, 0, 0}},
	    {"1 đồng", {1, 1, 0}, 0, 10000, 0, {0, 0, 0, 0}},
	};
	struct fee_params p = fee_params_default();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct fee_case *c = &cases[i];
		struct fee_result r;
		struct td_error err = {0};
		if (fee_entrustment(&p, &c->in, &r, &err) != TD_OK)
			fail_msg("%s: %s", c->name, err.msg);
		if (r.gross != c->gross || r.paid_bp != c->paid_bp || r.payable != c->payable)
			fail_msg("%s: gross %lld paid %d payable %lld", c->name, (long long)r.gross,
				 r.paid_bp, (long long)r.payable);
		td_money sum = 0;
		for (int l = 0; l < FEE_LEVEL_COUNT; l++) {
			if (r.split[l] != c->split[l])
				fail_msg("%s: %s gets %lld, want %lld", c->name, fee_level_name(l),
					 (long long)r.split[l], (long long)c->split[l]);
			sum += r.split[l];
		}
		assert_int_equal(sum, r.payable);
	}
}

/* R-FEE-1: the split sums to the payable fee for every amount, whatever the rounding. */
static void test_r_fee_1_split_always_sums(void **state)
{
	(void)state;
	struct fee_params p = fee_params_default();
	for (td_money base = 0; base < 2000000; base += 997) {
		struct fee_chapter_month in = {base * 31, 1000, base % 50};
		struct fee_result r;
		assert_int_equal(fee_entrustment(&p, &in, &r, NULL), TD_OK);
		td_money sum = 0;
		for (int l = 0; l < FEE_LEVEL_COUNT; l++) {
			assert_true(r.split[l] >= 0);
			sum += r.split[l];
		}
		assert_int_equal(sum, r.payable);
		assert_true(r.payable <= r.gross);
	}
}

/* R-FEE-1 "all of it configurable": other rate, tiers and split. */
static void test_r_fee_1_configurable(void **state)
{
	(void)state;
	struct fee_params p = {
	    .rate_ppm_month = 500000, /* 50 % a month: makes the half-up rounding visible */
	    .ntiers = 2,
	    .tiers = {{100, 10000}, {500, 6000}},
	    .split_bp = {7000, 1000, 1000, 1000},
	};
	struct fee_chapter_month in = {3, 1000, 0};
	struct fee_result r;
	struct td_error err = {0};
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_OK);
	assert_int_equal(r.gross, 2); /* 1.5 rounds half-up to 2 */
	assert_int_equal(r.payable, 2);
	in = (struct fee_chapter_month){1000, 1000, 10}; /* 1 %: second tier */
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_OK);
	assert_int_equal(r.paid_bp, 6000);
	assert_int_equal(r.payable, 300);
	td_money want[FEE_LEVEL_COUNT] = {210, 30, 30, 30};
	assert_memory_equal(r.split, want, sizeof want);
	in.overdue = 50; /* 5 %: past the last tier */
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_OK);
	assert_int_equal(r.paid_bp, 0);
	assert_int_equal(r.payable, 0);
	/* No tiers at all: nothing is ever paid. */
	p.ntiers = 0;
	in.overdue = 0;
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_OK);
	assert_int_equal(r.payable, 0);
	assert_int_equal(r.gross, 500);
}

struct bad_params_case {
	void (*edit)(struct fee_params *p);
	const char *msg;
};

static void split_short(struct fee_params *p)
{
	p->split_bp[FEE_CENTRE] = 249;
}
static void split_negative(struct fee_params *p)
{
	p->split_bp[FEE_DISTRICT] = -100;
	p->split_bp[FEE_COMMUNE] = 9400;
}
static void tiers_unordered(struct fee_params *p)
{
	p->tiers[1].below_bp = 200;
}
static void tier_zero(struct fee_params *p)
{
	p->tiers[0].below_bp = 0;
}
static void tier_over(struct fee_params *p)
{
	p->tiers[2].paid_bp = 10001;
}
static void tiers_too_many(struct fee_params *p)
{
	p->ntiers = FEE_TIERS_MAX + 1;
}
static void rate_negative(struct fee_params *p)
{
	p->rate_ppm_month = -1;
}
static void rate_over(struct fee_params *p)
{
	p->rate_ppm_month = FEE_PPM + 1;
}

/* R-FEE-1: a configuration that contradicts itself is refused with the figure named. */
static void test_r_fee_1_params_checked(void **state)
{
	(void)state;
	static const struct bad_params_case cases[] = {
	    {split_short, "entrustment fee: split sums to 9999 bp, needs 10000 (100 %)"},
	    {split_negative, "entrustment fee: district share -100 bp is negative"},
	    {tiers_unordered, "entrustment fee: tier 2 limit 200 bp must be above 200 and at "
			      "most 10000"},
	    {tier_zero, "entrustment fee: tier 1 limit 0 bp must be above 0 and at most 10000"},
	    {tier_over, "entrustment fee: tier 3 pays 10001 bp, allowed 0..10000"},
	    {tiers_too_many, "entrustment fee: 9 tiers, allowed 0..8"},
	    {rate_negative, "entrustment fee: rate -1 millionths per month, allowed 0..1000000"},
	    {rate_over, "entrustment fee: rate 1000001 millionths per month, allowed 0..1000000"},
	};
	struct fee_params ok = fee_params_default();
	assert_int_equal(fee_params_check(&ok, NULL), TD_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fee_params p = fee_params_default();
		cases[i].edit(&p);
		struct td_error err = {0};
		assert_int_equal(fee_params_check(&p, &err), TD_EINVAL);
		assert_string_equal(err.msg, cases[i].msg);
		struct fee_chapter_month in = {1000, 1000, 0};
		struct fee_result r = {.payable = -9};
		assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_EINVAL);
		assert_int_equal(r.payable, -9);
	}
}

/* R-FEE-1: impossible inputs are refused, and the result is left untouched. */
static void test_r_fee_1_inputs_checked(void **state)
{
	(void)state;
	struct fee_params p = fee_params_default();
	struct fee_result r = {.payable = -9};
	struct td_error err = {0};
	struct fee_chapter_month in = {-1, 0, 0};
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg, "entrustment fee: amounts must not be negative (base -1, "
				     "outstanding 0, overdue 0)");
	in = (struct fee_chapter_month){100, -5, 0};
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_EINVAL);
	in = (struct fee_chapter_month){100, 0, -5};
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_EINVAL);
	in = (struct fee_chapter_month){100, 1000, 1001};
	assert_int_equal(fee_entrustment(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg, "entrustment fee: overdue 1001 is above outstanding 1000");
	assert_int_equal(r.payable, -9);
}

struct commission_case {
	td_money collected;
	int64_t share_ppm;
	td_money want;
};

/* R-FEE-2: a configured share of the interest collected, rounded half-up. */
static void test_r_fee_2_leader_commission(void **state)
{
	(void)state;
	static const struct commission_case cases[] = {
	    {1000000, 100000, 100000}, /* 10 % */
	    {5, 500000, 3},	       /* 2.5 -> 3 */
	    {1, 500000, 1},	       /* 0.5 -> 1 */
	    {3, 166666, 0},	       /* 0.499998 -> 0 */
	    {3, 166667, 1},	       /* 0.500001 -> 1 */
	    {1234567, 0, 0},
	    {1234567, 1000000, 1234567},
	    {0, 120000, 0},
	    {INT64_MAX, 1000000, INT64_MAX},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_money got = -1;
		struct td_error err = {0};
		assert_int_equal(
		    fee_leader_commission(cases[i].collected, cases[i].share_ppm, &got, &err),
		    TD_OK);
		if (got != cases[i].want)
			fail_msg("case %zu: %lld x %lld ppm = %lld, want %lld", i,
				 (long long)cases[i].collected, (long long)cases[i].share_ppm,
				 (long long)got, (long long)cases[i].want);
	}
}

static void test_r_fee_2_commission_inputs_checked(void **state)
{
	(void)state;
	td_money got = -1;
	struct td_error err = {0};
	assert_int_equal(fee_leader_commission(-1, 100000, &got, &err), TD_EINVAL);
	assert_string_equal(err.msg, "leader commission: interest collected -1 is negative");
	assert_int_equal(fee_leader_commission(100, -1, &got, &err), TD_EINVAL);
	assert_string_equal(err.msg, "leader commission: share -1 millionths, allowed 0..1000000");
	assert_int_equal(fee_leader_commission(100, 1000001, &got, &err), TD_EINVAL);
	assert_int_equal(got, -1);
}

static void test_fee_level_names(void **state)
{
	(void)state;
	assert_string_equal(fee_level_name(FEE_COMMUNE), "commune");
	assert_string_equal(fee_level_name(FEE_DISTRICT), "district");
	assert_string_equal(fee_level_name(FEE_PROVINCE), "province");
	assert_string_equal(fee_level_name(FEE_CENTRE), "centre");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_r_fee_1_paid_share_tiers),
	    cmocka_unit_test(test_r_fee_1_entrustment_fee),
	    cmocka_unit_test(test_r_fee_1_split_always_sums),
	    cmocka_unit_test(test_r_fee_1_configurable),
	    cmocka_unit_test(test_r_fee_1_params_checked),
	    cmocka_unit_test(test_r_fee_1_inputs_checked),
	    cmocka_unit_test(test_r_fee_2_leader_commission),
	    cmocka_unit_test(test_r_fee_2_commission_inputs_checked),
	    cmocka_unit_test(test_fee_level_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
