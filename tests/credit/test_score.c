/* Group score and grade (DOMAIN.md §8, "groups graded Good / Fair / Average / Weak"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "credit/score.h"

/* The seed rows of a fresh database (migration 0019, docs/parameters.md). */
#define SEED_WEIGHTS "30,20,20,15,10,5"
#define SEED_ANCHORS "0-5,100-80,100-80,100-80,10-0,100-50"
#define SEED_GRADES "90,80,70"

static struct score_params seed_params(void)
{
	struct score_params p;
	struct td_error err = {0};
	if (score_params_parse(SEED_WEIGHTS, SEED_ANCHORS, SEED_GRADES, &p, &err) != TD_OK)
		fail_msg("seed score parameters: %s", err.msg);
	return p;
}

struct points_case {
	enum score_criterion c;
	int64_t num, den;
	int want;
};

/* Each criterion's line between its anchors, rounded down, clamped to 0..weight. */
static void test_score_points_per_criterion(void **state)
{
	(void)state;
	static const struct points_case cases[] = {
	    /* overdue ratio, 30 points: full at 0 %, nothing from 5 % */
	    {SCORE_OVERDUE, 0, 100, 30},
	    {SCORE_OVERDUE, 1, 10000, 29}, /* 0.01 %: any overdue costs the full mark */
	    {SCORE_OVERDUE, 1, 100, 24},
	    {SCORE_OVERDUE, 25, 1000, 15},
	    {SCORE_OVERDUE, 499, 10000, 0}, /* 0.06 rounds down */
	    {SCORE_OVERDUE, 5, 100, 0},
	    {SCORE_OVERDUE, 100, 100, 0},
	    /* interest collection, 20 points: full at 100 %, nothing at 80 % */
	    {SCORE_INTEREST, 100, 100, 20},
	    {SCORE_INTEREST, 110, 100, 20}, /* arrears collected too: still 20 */
	    {SCORE_INTEREST, 99, 100, 19},
	    {SCORE_INTEREST, 999999, 1000000, 19},
	    {SCORE_INTEREST, 90, 100, 10},
	    {SCORE_INTEREST, 85, 100, 5},
	    {SCORE_INTEREST, 80, 100, 0},
	    {SCORE_INTEREST, 0, 100, 0},
	    /* transacting at the commune point, 20 points */
	    {SCORE_AT_POINT, 93, 100, 13},
	    {SCORE_AT_POINT, 100, 100, 20},
	    /* due-principal collection, 15 points */
	    {SCORE_PRINCIPAL, 90, 100, 7}, /* 7.5 rounds down */
	    {SCORE_PRINCIPAL, 96, 100, 12},
	    {SCORE_PRINCIPAL, 100, 100, 15},
	    /* savings growth, 10 points: full from +10 %, nothing at 0 or below */
	    {SCORE_SAVINGS_GROWTH, 10, 100, 10},
	    {SCORE_SAVINGS_GROWTH, 30, 100, 10},
	    {SCORE_SAVINGS_GROWTH, 5, 100, 5},
	    {SCORE_SAVINGS_GROWTH, 1, 100, 1},
	    {SCORE_SAVINGS_GROWTH, 1, 200, 0},
	    {SCORE_SAVINGS_GROWTH, 0, 100, 0},
	    {SCORE_SAVINGS_GROWTH, -10, 100, 0},
	    /* members saving, 5 points: full at 100 %, nothing at 50 % */
	    {SCORE_MEMBERS_SAVING, 20, 20, 5},
	    {SCORE_MEMBERS_SAVING, 19, 20, 4},
	    {SCORE_MEMBERS_SAVING, 15, 20, 2},
	    {SCORE_MEMBERS_SAVING, 10, 20, 0},
	    {SCORE_MEMBERS_SAVING, 0, 20, 0},
	};
	struct score_params p = seed_params();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct points_case *c = &cases[i];
		int got = score_points(&p.rules[c->c], c->num, c->den);
		if (got != c->want)
			fail_msg("%s %lld/%lld: %d points, want %d", score_criterion_name(c->c),
				 (long long)c->num, (long long)c->den, got, c->want);
	}
	/* Exact near the top of the range (__int128). */
	assert_int_equal(score_points(&p.rules[SCORE_OVERDUE], 0, INT64_MAX), 30);
	assert_int_equal(score_points(&p.rules[SCORE_INTEREST], INT64_MAX, INT64_MAX), 20);
	assert_int_equal(score_points(&p.rules[SCORE_INTEREST], INT64_MAX - 1, INT64_MAX), 19);
}

static struct score_input perfect(void)
{
	return (struct score_input){
	    .outstanding = 600000000,
	    .overdue = 0,
	    .interest_due = 3300000,
	    .interest_collected = 3300000,
	    .moved_total = 20000000,
	    .moved_at_point = 20000000,
	    .principal_due = 10000000,
	    .principal_collected = 10000000,
	    .savings_start = 12000000,
	    .savings_end = 13200000,
	    .members = 30,
	    .members_saving = 30,
	};
}

struct group_case {
	const char *name;
	struct score_input in;
	int points[SCORE_CRITERIA];
	int total;
	enum score_grade grade;
	const char *grade_name;
};

/* §8: the 100-point score and the grades Tốt >= 90, Khá 80-89, Trung bình 70-79, Yếu < 70. */
static void test_score_group_grades(void **state)
{
	(void)state;
	struct group_case cases[] = {
	    {"perfect", perfect(), {30, 20, 20, 15, 10, 5}, 100, SCORE_GOOD, "Tốt"},
	    {"1 % overdue, 99 % interest",
	     perfect(),
	     {24, 19, 20, 15, 10, 5},
	     93,
	     SCORE_GOOD,
	     "Tốt"},
	    {"2.5 % overdue", perfect(), {15, 20, 20, 15, 10, 5}, 85, SCORE_FAIR, "Khá"},
	    {"2.5 % overdue, 95 % at the point",
	     perfect(),
	     {15, 20, 15, 15, 10, 5},
	     80,
	     SCORE_FAIR,
	     "Khá"},
	    {"weak on all", perfect(), {0, 10, 10, 7, 0, 0}, 27, SCORE_WEAK, "Yếu"},
	    {"average", perfect(), {15, 20, 15, 15, 0, 5}, 70, SCORE_AVERAGE, "Trung bình"},
	    {"nothing due, no savings yet",
	     perfect(),
	     {30, 20, 20, 15, 10, 5},
	     100,
	     SCORE_GOOD,
	     "Tốt"},
	    {"savings stayed at 0", perfect(), {30, 20, 20, 15, 0, 5}, 90, SCORE_GOOD, "Tốt"},
	};
	cases[1].in.overdue = 6000000;
	cases[1].in.interest_collected = 3267000;
	cases[2].in.overdue = 15000000;
	cases[3].in.overdue = 15000000;
	cases[3].in.moved_at_point = 19000000;
	cases[4].in = (struct score_input){
	    .outstanding = 100,
	    .overdue = 5,
	    .interest_due = 100,
	    .interest_collected = 90,
	    .moved_total = 100,
	    .moved_at_point = 90,
	    .principal_due = 100,
	    .principal_collected = 90,
	    .savings_start = 100,
	    .savings_end = 90,
	    .members = 20,
	    .members_saving = 10,
	};
	cases[5].in.overdue = 15000000;
	cases[5].in.moved_at_point = 19000000;
	cases[5].in.savings_end = cases[5].in.savings_start;
	cases[6].in = (struct score_input){.savings_end = 5000, .members = 3, .members_saving = 3};
	cases[7].in.savings_start = cases[7].in.savings_end = 0;

	struct score_params p = seed_params();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct group_case *c = &cases[i];
		struct score_result r;
		struct td_error err = {0};
		if (score_group(&p, &c->in, &r, &err) != TD_OK)
			fail_msg("%s: %s", c->name, err.msg);
		for (int k = 0; k < SCORE_CRITERIA; k++)
			if (r.points[k] != c->points[k])
				fail_msg("%s: %s %d, want %d", c->name, score_criterion_name(k),
					 r.points[k], c->points[k]);
		if (r.total != c->total || r.grade != c->grade)
			fail_msg("%s: total %d grade %d, want %d %d", c->name, r.total, r.grade,
				 c->total, c->grade);
		assert_string_equal(score_grade_name(r.grade), c->grade_name);
	}
}

/* §8 thresholds, at each boundary. */
static void test_score_grade_boundaries(void **state)
{
	(void)state;
	struct score_params p = seed_params();
	static const struct {
		int total;
		enum score_grade grade;
	} cases[] = {{100, SCORE_GOOD},	  {90, SCORE_GOOD},    {89, SCORE_FAIR}, {80, SCORE_FAIR},
		     {79, SCORE_AVERAGE}, {70, SCORE_AVERAGE}, {69, SCORE_WEAK}, {0, SCORE_WEAK}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(score_grade_of(&p, cases[i].total), cases[i].grade);
	assert_string_equal(score_grade_name(SCORE_GOOD), "Tốt");
	assert_string_equal(score_grade_name(SCORE_FAIR), "Khá");
	assert_string_equal(score_grade_name(SCORE_AVERAGE), "Trung bình");
	assert_string_equal(score_grade_name(SCORE_WEAK), "Yếu");
}

/* §8 "weights configurable": other weights, anchors and thresholds change the result. */
static void test_score_configurable(void **state)
{
	(void)state;
	struct score_params p = seed_params();
	p.rules[SCORE_OVERDUE] = (struct score_rule){40, 0, 1000}; /* nothing from 10 % */
	p.rules[SCORE_MEMBERS_SAVING].weight = 0;
	p.rules[SCORE_SAVINGS_GROWTH].weight = 5;
	p.good_min = 95;
	struct score_input in = perfect();
	in.overdue = 30000000; /* 5 %: half of 40 */
	struct score_result r;
	struct td_error err = {0};
	assert_int_equal(score_group(&p, &in, &r, &err), TD_OK);
	assert_int_equal(r.points[SCORE_OVERDUE], 20);
	assert_int_equal(r.points[SCORE_MEMBERS_SAVING], 0);
	assert_int_equal(r.points[SCORE_SAVINGS_GROWTH], 5);
	assert_int_equal(r.total, 80);
	assert_int_equal(r.grade, SCORE_FAIR);
	in.overdue = 0;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_OK);
	assert_int_equal(r.total, 100);
	assert_int_equal(score_grade_of(&p, 94), SCORE_FAIR);
}

static void weights_99(struct score_params *p)
{
	p->rules[SCORE_MEMBERS_SAVING].weight = 4;
}
static void weight_negative(struct score_params *p)
{
	p->rules[SCORE_OVERDUE].weight = -5;
	p->rules[SCORE_INTEREST].weight = 55;
}
static void anchors_equal(struct score_params *p)
{
	p->rules[SCORE_AT_POINT].zero_bp = 10000;
}
static void thresholds_order(struct score_params *p)
{
	p->fair_min = 90;
}
static void threshold_zero(struct score_params *p)
{
	p->average_min = 0;
}

/* Inconsistent parameters are refused with the figure named. */
static void test_score_params_checked(void **state)
{
	(void)state;
	static const struct {
		void (*edit)(struct score_params *p);
		const char *msg;
	} cases[] = {
	    {weights_99, "group score: weights sum to 99, needs 100"},
	    {weight_negative, "group score: overdue weight -5, allowed 0..100"},
	    {anchors_equal, "group score: at_point full and zero anchors are both 10000 bp"},
	    {thresholds_order, "group score: thresholds good 90, fair 90, average 70 must fall "
			       "strictly within 100..1"},
	    {threshold_zero, "group score: thresholds good 90, fair 80, average 0 must fall "
			     "strictly within 100..1"},
	};
	struct score_params ok = seed_params();
	assert_int_equal(score_params_check(&ok, NULL), TD_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct score_params p = seed_params();
		cases[i].edit(&p);
		struct td_error err = {0};
		assert_int_equal(score_params_check(&p, &err), TD_EINVAL);
		assert_string_equal(err.msg, cases[i].msg);
		struct score_input in = perfect();
		struct score_result r = {.total = -1};
		assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
		assert_int_equal(r.total, -1);
	}
}

/* The parameters as an administrator writes them: the seed gives the table of score.h. */
static void test_score_params_parse(void **state)
{
	(void)state;
	struct score_params p = seed_params();
	assert_int_equal(p.rules[SCORE_OVERDUE].weight, 30);
	assert_int_equal(p.rules[SCORE_OVERDUE].full_bp, 0);
	assert_int_equal(p.rules[SCORE_OVERDUE].zero_bp, 500);
	assert_int_equal(p.rules[SCORE_SAVINGS_GROWTH].full_bp, 1000);
	assert_int_equal(p.rules[SCORE_MEMBERS_SAVING].zero_bp, 5000);
	assert_int_equal(p.good_min, 90);
	assert_int_equal(p.average_min, 70);
	struct td_error err = {0};
	assert_int_equal(score_params_parse("40,20,20,10,5,5", SEED_ANCHORS, "85,75,60", &p, &err),
			 TD_OK);
	assert_int_equal(p.rules[SCORE_OVERDUE].weight, 40);
	assert_int_equal(p.fair_min, 75);
	static const char *const bad[][3] = {
	    {"30,20,20,15,10", SEED_ANCHORS, SEED_GRADES},
	    {"30,20,20,15,10,6", SEED_ANCHORS, SEED_GRADES},
	    {"30,20,20,15,10,x", SEED_ANCHORS, SEED_GRADES},
	    {SEED_WEIGHTS, "0-5,100-80", SEED_GRADES},
	    {SEED_WEIGHTS, "0-5,100-80,100-80,100-80,10-0,100", SEED_GRADES},
	    {SEED_WEIGHTS, "0-5,100-80,100-100,100-80,10-0,100-50", SEED_GRADES},
	    {SEED_WEIGHTS, SEED_ANCHORS, "90,80"},
	    {SEED_WEIGHTS, SEED_ANCHORS, "80,90,70"},
	    {SEED_WEIGHTS, SEED_ANCHORS, "90,80,70,60"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (score_params_parse(bad[i][0], bad[i][1], bad[i][2], &p, &err) != TD_EINVAL)
			fail_msg("case %zu accepted", i);
}

/* Impossible inputs are refused, naming the figure. */
static void test_score_inputs_checked(void **state)
{
	(void)state;
	struct score_params p = seed_params();
	struct score_result r = {.total = -1};
	struct td_error err = {0};
	struct score_input in = perfect();
	in.interest_collected = -1;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg, "group score: interest collected -1 is negative");
	in = perfect();
	in.savings_end = -3;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg, "group score: savings at the end -3 is negative");
	in = perfect();
	in.overdue = in.outstanding + 1;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg,
			    "group score: overdue 600000001 is above outstanding 600000000");
	in = perfect();
	in.moved_at_point = in.moved_total + 1;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg, "group score: money moved at the commune point 20000001 is "
				     "above all money moved 20000000");
	in = perfect();
	in.members = 0;
	in.members_saving = 0;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg, "group score: the group has 0 members");
	in = perfect();
	in.members_saving = 31;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
	assert_string_equal(err.msg, "group score: 31 members saving out of 30 members");
	in.members_saving = -1;
	assert_int_equal(score_group(&p, &in, &r, &err), TD_EINVAL);
	assert_int_equal(r.total, -1);
}

static void test_score_criterion_names(void **state)
{
	(void)state;
	static const char *const want[SCORE_CRITERIA] = {
	    "overdue", "interest", "at_point", "principal", "savings_growth", "members_saving"};
	for (int i = 0; i < SCORE_CRITERIA; i++)
		assert_string_equal(score_criterion_name(i), want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_score_params_parse),
	    cmocka_unit_test(test_score_points_per_criterion),
	    cmocka_unit_test(test_score_group_grades),
	    cmocka_unit_test(test_score_grade_boundaries),
	    cmocka_unit_test(test_score_configurable),
	    cmocka_unit_test(test_score_params_checked),
	    cmocka_unit_test(test_score_inputs_checked),
	    cmocka_unit_test(test_score_criterion_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
