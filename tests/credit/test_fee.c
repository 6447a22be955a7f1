/* Entrustment fee (R-FEE-1) and group leader commission (R-FEE-2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "credit/fee.h"

/* The seed rows of a fresh database (migration 0019, docs/parameters.md): tiers and split as
 * an administrator writes them, and the general rate of 0.032 % a month. */
#define SEED_TIERS "2:100,3:80,4:50"
#define SEED_SPLIT "84,9,4.5,2.5"
#define SEED_RATE 320

static struct fee_params seed_params(void)
{
	struct fee_params p = {0};
	struct td_error err = {0};
	if (fee_tiers_parse(SEED_TIERS, &p, &err) != TD_OK ||
	    fee_split_parse(SEED_SPLIT, &p, &err) != TD_OK)
		fail_msg("seed parameters: %s", err.msg);
	return p;
}

/* One chapter with one programme at the seed rate. */
struct one_chapter {
	struct fee_part part;
	struct fee_chapter_month in;
};

static const struct fee_chapter_month *chapter(struct one_chapter *c, td_money base,
					       int64_t rate, td_money outstanding, td_money overdue)
{
	c->part = (struct fee_part){base, rate};
	c->in = (struct fee_chapter_month){&c->part, 1, outstanding, overdue};
	return &c->in;
}

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
	struct fee_params p = seed_params();
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
	td_money base, outstanding, overdue;
	td_money gross;
	int32_t paid_bp;
	td_money payable;
	td_money split[FEE_LEVEL_COUNT]; /* commune, district, province, centre */
};

/* R-FEE-1 with the seed parameters: 0.032 % a month, the tiers, the split 84/9/4.5/2.5. */
static void test_r_fee_1_entrustment_fee(void **state)
{
	(void)state;
	static const struct fee_case cases[] = {
	    {"1 bn, no overdue",
	     1000000000, 1200000000, 0,
	     320000,
	     10000,
	     320000,
	     {268800, 28800, 14400, 8000}},
	    {"1 bn, 2.5 % overdue",
	     1000000000, 1000000000, 25000000,
	     320000,
	     8000,
	     256000,
	     {215040, 23040, 11520, 6400}},
	    {"1 bn, 3 % overdue",
	     1000000000, 1000000000, 30000000,
	     320000,
	     5000,
	     160000,
	     {134400, 14400, 7200, 4000}},
	    {"1 bn, 4 % overdue", 1000000000, 1000000000, 40000000, 320000, 0, 0, {0, 0, 0, 0}},
	    /* 500 đồng: district 45, province 22.5 -> 22, centre 12.5 -> 12; commune 421, not
	     * 420: the remainder goes to the commune and the split sums to the fee. */
	    {"remainder to the commune",
	     3125000, 3125000, 100000,
	     1000,
	     5000,
	     500,
	     {421, 45, 22, 12}},
	    /* gross 100.6 -> 101; payable 80.48 -> 80, rounded once from the base (rounding
	     * the gross first would give 81). */
	    {"one rounding", 314375, 100, 2, 101, 8000, 80, {68, 7, 3, 2}},
	    {"nothing collected", 0, 1000000, 0, 0, 10000, 0, {0, 0, 0, 0}},
	    {"1 đồng", 1, 1, 0, 0, 10000, 0, {0, 0, 0, 0}},
	};
	struct fee_params p = seed_params();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct fee_case *c = &cases[i];
		struct fee_result r;
		struct td_error err = {0};
		struct one_chapter ch;
		if (fee_entrustment(&p, chapter(&ch, c->base, SEED_RATE, c->outstanding, c->overdue),
				    &r, &err) != TD_OK)
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
	struct fee_params p = seed_params();
	for (td_money base = 0; base < 2000000; base += 997) {
		struct one_chapter ch;
		struct fee_result r;
		assert_int_equal(
		    fee_entrustment(&p, chapter(&ch, base * 31, SEED_RATE, 1000, base % 50), &r, NULL),
		    TD_OK);
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
	struct fee_params p = {0};
	struct td_error err = {0};
	assert_int_equal(fee_tiers_parse("1:100,5:60", &p, &err), TD_OK);
	assert_int_equal(fee_split_parse("70,10,10,10", &p, &err), TD_OK);
	struct one_chapter ch;
	struct fee_result r;
	/* 50 % a month: makes the half-up rounding visible */
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 3, 500000, 1000, 0), &r, &err), TD_OK);
	assert_int_equal(r.gross, 2); /* 1.5 rounds half-up to 2 */
	assert_int_equal(r.payable, 2);
	/* 1 %: second tier */
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 1000, 500000, 1000, 10), &r, &err),
			 TD_OK);
	assert_int_equal(r.paid_bp, 6000);
	assert_int_equal(r.payable, 300);
	td_money want[FEE_LEVEL_COUNT] = {210, 30, 30, 30};
	assert_memory_equal(r.split, want, sizeof want);
	/* 5 %: past the last tier */
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 1000, 500000, 1000, 50), &r, &err),
			 TD_OK);
	assert_int_equal(r.paid_bp, 0);
	assert_int_equal(r.payable, 0);
	/* No tiers at all: nothing is ever paid. */
	p.ntiers = 0;
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 1000, 500000, 1000, 0), &r, &err),
			 TD_OK);
	assert_int_equal(r.payable, 0);
	assert_int_equal(r.gross, 500);
}

/* R-FEE-1 per programme: social housing's lower rate on its own base, the other
 * programmes at the general rate, rounded once over the sum. */
static void test_r_fee_1_rate_per_programme(void **state)
{
	(void)state;
	struct fee_params p = seed_params();
	/* 1,000,000 at 0.032 % = 320; 1,000,001 at 0.003 % = 30.00003: 350.00003 -> 350 */
	struct fee_part parts[] = {{1000000, 320}, {1000001, 30}};
	struct fee_chapter_month in = {parts, 2, 2000001, 0};
	struct fee_result r;
	assert_int_equal(fee_entrustment(&p, &in, &r, NULL), TD_OK);
	assert_int_equal(r.gross, 350);
	assert_int_equal(r.payable, 350);
	/* 1,563 x 320 = 0.50016 and 1,563 x 30 = 0.04689: each alone rounds to 1 and 0, their
	 * sum 0.54705 to 1 — one rounding, not one per programme */
	struct fee_part small[] = {{1563, 320}, {1563, 30}};
	in = (struct fee_chapter_month){small, 2, 3126, 0};
	assert_int_equal(fee_entrustment(&p, &in, &r, NULL), TD_OK);
	assert_int_equal(r.gross, 1);
	assert_int_equal(fee_parts_base(small, 2), 3126);
}

/* R-FEE-1: the parameters as an administrator writes them. */
static void test_r_fee_1_parse(void **state)
{
	(void)state;
	struct fee_params p = {0};
	struct td_error err = {0};
	assert_int_equal(fee_tiers_parse(SEED_TIERS, &p, &err), TD_OK);
	assert_int_equal(p.ntiers, 3);
	assert_int_equal(p.tiers[0].below_bp, 200);
	assert_int_equal(p.tiers[1].paid_bp, 8000);
	assert_int_equal(fee_tiers_parse("2.5:100", &p, &err), TD_OK);
	assert_int_equal(p.tiers[0].below_bp, 250);
	assert_int_equal(fee_tiers_parse("", &p, &err), TD_OK); /* nothing ever paid */
	assert_int_equal(p.ntiers, 0);
	assert_int_equal(fee_split_parse(SEED_SPLIT, &p, &err), TD_OK);
	assert_int_equal(p.split_bp[FEE_PROVINCE], 450);
	static const char *const bad_tiers[] = {"2", "2:", ":100", "3:100,2:80", "2:100,",
						"2:101", "2:1.001", "x:100", "2:100,3:80,4:50,5:40,6:30,"
						"7:20,8:10,9:5,10:1"};
	for (size_t i = 0; i < sizeof bad_tiers / sizeof bad_tiers[0]; i++)
		if (fee_tiers_parse(bad_tiers[i], &p, &err) != TD_EINVAL)
			fail_msg("tiers \"%s\" accepted", bad_tiers[i]);
	static const char *const bad_split[] = {"84,9,4.5", "84,9,4.5,2.5,0", "84,9,4.5,2.4",
						"84,9,4.5,x", "", "100,0,0,-0"};
	for (size_t i = 0; i < sizeof bad_split / sizeof bad_split[0]; i++)
		if (fee_split_parse(bad_split[i], &p, &err) != TD_EINVAL)
			fail_msg("split \"%s\" accepted", bad_split[i]);
	assert_int_equal(fee_split_parse("84,9,4.5,2.4", &p, &err), TD_EINVAL);
	assert_string_equal(err.msg, "phân chia phí \"84,9,4.5,2.4\" cộng lại 99,90 %, cần "
				     "đúng 100 %");
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
	};
	struct fee_params ok = seed_params();
	assert_int_equal(fee_params_check(&ok, NULL), TD_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fee_params p = seed_params();
		cases[i].edit(&p);
		struct td_error err = {0};
		assert_int_equal(fee_params_check(&p, &err), TD_EINVAL);
		assert_string_equal(err.msg, cases[i].msg);
		struct one_chapter ch;
		struct fee_result r = {.payable = -9};
		assert_int_equal(fee_entrustment(&p, chapter(&ch, 1000, SEED_RATE, 1000, 0), &r, &err),
				 TD_EINVAL);
		assert_int_equal(r.payable, -9);
	}
}

/* R-FEE-1: impossible inputs are refused, and the result is left untouched. */
static void test_r_fee_1_inputs_checked(void **state)
{
	(void)state;
	struct fee_params p = seed_params();
	struct fee_result r = {.payable = -9};
	struct td_error err = {0};
	struct one_chapter ch;
	assert_int_equal(fee_entrustment(&p, chapter(&ch, -1, SEED_RATE, 0, 0), &r, &err),
			 TD_EINVAL);
	assert_string_equal(err.msg, "entrustment fee: base -1 is outside 0..10^15");
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 100, -1, 100, 0), &r, &err), TD_EINVAL);
	assert_string_equal(err.msg,
			    "entrustment fee: rate -1 millionths per month, allowed 0..1000000");
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 100, FEE_PPM + 1, 100, 0), &r, &err),
			 TD_EINVAL);
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 100, SEED_RATE, -5, 0), &r, &err),
			 TD_EINVAL);
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 100, SEED_RATE, 0, -5), &r, &err),
			 TD_EINVAL);
	assert_int_equal(fee_entrustment(&p, chapter(&ch, 100, SEED_RATE, 1000, 1001), &r, &err),
			 TD_EINVAL);
	assert_string_equal(err.msg, "entrustment fee: overdue 1001 is above outstanding 1000");
	assert_int_equal(r.payable, -9);
}

struct commission_case {
	td_money base;
	int64_t rate_ppm;
	td_money want;
};

/* R-FEE-2: the programme's rate per month on the balance with interest collected, rounded
 * half-up. */
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
	    {100000000, 580, 58000},    /* 0.058 % a month of 100 M */
	    {1000000000000000, 1000000, 1000000000000000},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_money got = -1;
		struct td_error err = {0};
		struct fee_part part = {cases[i].base, cases[i].rate_ppm};
		assert_int_equal(fee_leader_commission(&part, 1, &got, &err), TD_OK);
		if (got != cases[i].want)
			fail_msg("case %zu: %lld x %lld ppm = %lld, want %lld", i,
				 (long long)cases[i].base, (long long)cases[i].rate_ppm,
				 (long long)got, (long long)cases[i].want);
	}
	/* social housing at 0.005 % and another programme at 0.058 %, rounded once */
	struct fee_part parts[] = {{10000000, 50}, {10000000, 580}};
	td_money got = -1;
	assert_int_equal(fee_leader_commission(parts, 2, &got, NULL), TD_OK);
	assert_int_equal(got, 6300);
	assert_int_equal(fee_leader_commission(NULL, 0, &got, NULL), TD_OK);
	assert_int_equal(got, 0);
}

static void test_r_fee_2_commission_inputs_checked(void **state)
{
	(void)state;
	td_money got = -1;
	struct td_error err = {0};
	struct fee_part part = {-1, 100000};
	assert_int_equal(fee_leader_commission(&part, 1, &got, &err), TD_EINVAL);
	assert_string_equal(err.msg, "leader commission: base -1 is outside 0..10^15");
	part = (struct fee_part){100, -1};
	assert_int_equal(fee_leader_commission(&part, 1, &got, &err), TD_EINVAL);
	assert_string_equal(err.msg,
			    "leader commission: rate -1 millionths per month, allowed 0..1000000");
	part = (struct fee_part){100, 1000001};
	assert_int_equal(fee_leader_commission(&part, 1, &got, &err), TD_EINVAL);
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
	    cmocka_unit_test(test_r_fee_1_rate_per_programme),
	    cmocka_unit_test(test_r_fee_1_parse),
	    cmocka_unit_test(test_r_fee_1_params_checked),
	    cmocka_unit_test(test_r_fee_1_inputs_checked),
	    cmocka_unit_test(test_r_fee_2_leader_commission),
	    cmocka_unit_test(test_r_fee_2_commission_inputs_checked),
	    cmocka_unit_test(test_fee_level_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
