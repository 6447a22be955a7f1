/* Eligibility: every reason an application fails, on the seed programmes (R-PRG-1, R-HH-4,
 * R-RATE-1). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "credit/eligibility.h"

#define M 1000000LL
#define END (-1)

static td_date D(int y, int m, int d)
{
	td_date out;
	assert_int_equal(date_from_civil(y, m, d, &out, NULL), TD_OK);
	return out;
}

static const struct programme *seed_find(const char *code)
{
	size_t n;
	const struct programme *t = programme_seed(&n);
	const struct programme *p = programme_find(t, n, code);
	assert_non_null(p);
	return p;
}

/* The codes of r's reasons, in order, as "a b c". */
static void codes_of(const struct elig_result *r, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < r->count; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", i ? " " : "",
			 eligibility_code_name(r->reasons[i].code));
	}
}

struct elig_case {
	const char *name;
	const char *programme;
	struct elig_application app;
	bool eligible;
	const char *reasons; /* codes in order, space separated */
	td_money cap;
	int max_term;
};

static void run_cases(const struct elig_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct elig_case *c = &cases[i];
		struct elig_application app = c->app;
		if (!app.date)
			app.date = D(2024, 6, 1);
		struct elig_result r;
		struct td_error err = {0};
		int rc = eligibility_judge(seed_find(c->programme), &app, &r, &err);
		if (rc != TD_OK)
			fail_msg("%s: rc %d %s", c->name, rc, err.msg);
		char got[512];
		codes_of(&r, got, sizeof got);
		if (r.eligible != c->eligible || strcmp(got, c->reasons) != 0)
			fail_msg("%s: eligible %d reasons \"%s\", want %d \"%s\"", c->name,
				 r.eligible, got, c->eligible, c->reasons);
		/* the tighter of the caps per loan and per borrower (no exposure here) */
		td_money limit = r.cap;
		if (r.borrower_cap >= 0 && (limit < 0 || r.borrower_cap < limit))
			limit = r.borrower_cap;
		if (limit != c->cap || r.max_term_months != c->max_term)
			fail_msg("%s: cap %lld max term %d, want %lld %d", c->name,
				 (long long)limit, r.max_term_months, (long long)c->cap,
				 c->max_term);
		for (size_t k = 0; k < r.count; k++) {
			if (r.reasons[k].msg[0] == '\0')
				fail_msg("%s: reason %zu has no message", c->name, k);
			assert_int_equal(r.reasons[k].blocking,
					 r.reasons[k].code != ELIG_COLLATERAL_REQUIRED);
		}
	}
}

static void test_R_PRG_1_status_amount_term(void **state)
{
	(void)state;
	static const struct elig_case cases[] = {
		{"R-PRG-1 poor household in programme 1",
		 "1",
		 {.status = HH_POOR, .amount = 50 * M, .term_months = 60},
		 true,
		 "",
		 100 * M,
		 120},
		{"R-PRG-1 at the cap and the max term",
		 "1",
		 {.status = HH_POOR, .amount = 100 * M, .term_months = 120},
		 true,
		 "",
		 100 * M,
		 120},
		{"R-PRG-1 near-poor household not in programme 1",
		 "1",
		 {.status = HH_NEAR_POOR, .amount = 50 * M, .term_months = 60},
		 false,
		 "status_not_eligible",
		 100 * M,
		 120},
		{"R-PRG-1 every reason, not only the first",
		 "1",
		 {.status = HH_NONE, .amount = 100 * M + 1, .term_months = 121},
		 false,
		 "status_not_eligible borrower_over_cap term_over_max",
		 100 * M,
		 120},
		{"R-PRG-1 amount and term not positive",
		 "19",
		 {.status = HH_NEAR_POOR, .amount = 0, .term_months = 0},
		 false,
		 "amount_not_positive term_not_positive",
		 100 * M,
		 120},
		{"R-PRG-1 negative amount",
		 "9",
		 {.status = HH_NEWLY_ESCAPED, .amount = -5, .term_months = 12},
		 false,
		 "amount_not_positive",
		 100 * M,
		 60},
		{"R-PRG-1 newly escaped, 60 months max",
		 "9",
		 {.status = HH_NEWLY_ESCAPED, .amount = 80 * M, .term_months = 61},
		 false,
		 "term_over_max",
		 100 * M,
		 60},
		{"R-PRG-1 housing for the poor (Decision 33/2015): 25 M",
		 "7",
		 {.status = HH_POOR, .amount = 25 * M + 1000, .term_months = 180},
		 false,
		 "borrower_over_cap",
		 25 * M,
		 180},
		{"R-PRG-1 housing for the poor: 5 years without principal",
		 "7",
		 {.status = HH_POOR, .amount = 25 * M, .term_months = 60},
		 false,
		 "term_within_grace",
		 25 * M,
		 180},
	};
	run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_R_PRG_1_flags(void **state)
{
	(void)state;
	static const struct elig_case cases[] = {
		{"R-PRG-1 hard areas needs the hard_area flag",
		 "10",
		 {.status = HH_NONE, .amount = 10 * M, .term_months = 36},
		 false,
		 "flag_missing",
		 100 * M,
		 120},
		{"R-PRG-1 hard areas with the flag",
		 "10",
		 {.status = HH_NONE, .flags = PRG_F_HARD_AREA, .amount = 10 * M, .term_months = 36},
		 true,
		 "",
		 100 * M,
		 120},
		{"R-PRG-1 clean water needs rural",
		 "6",
		 {.status = HH_POOR, .amount = 25 * M, .term_months = 60},
		 false,
		 "flag_missing",
		 25 * M,
		 60},
		{"R-PRG-1 programme 25: land for an ethnic minority poor household",
		 "25",
		 {.status = HH_POOR,
		  .flags = PRG_F_ETHNIC_MINORITY | PRG_F_PURPOSE_LAND,
		  .amount = 50 * M,
		  .term_months = 180},
		 true,
		 "",
		 50 * M,
		 180},
		{"R-PRG-1 programme 25: housing is capped at 40 M",
		 "25",
		 {.status = HH_NEAR_POOR,
		  .flags = PRG_F_ETHNIC_MINORITY | PRG_F_PURPOSE_HOUSING,
		  .amount = 45 * M,
		  .term_months = 120},
		 false,
		 "amount_over_cap",
		 40 * M,
		 180},
		{"R-PRG-1 programme 25: no flag, no purpose, wrong status",
		 "25",
		 {.status = HH_NONE, .amount = 10 * M, .term_months = 120},
		 false,
		 "status_not_eligible flag_missing flag_any_missing",
		 -1,
		 180},
		{"R-PRG-1 programme 25: 60 months without principal need a longer term",
		 "25",
		 {.status = HH_POOR,
		  .flags = PRG_F_ETHNIC_MINORITY | PRG_F_PURPOSE_LAND,
		  .amount = 10 * M,
		  .term_months = 60},
		 false,
		 "term_within_grace",
		 50 * M,
		 180},
		{"R-PRG-1 released prisoners",
		 "26",
		 {.status = HH_NONE,
		  .flags = PRG_F_RELEASED_PRISONER,
		  .amount = 100 * M,
		  .term_months = 60},
		 true,
		 "",
		 100 * M,
		 60},
	};
	run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* R-PRG-1 per borrower: what the household already owes in the programme counts. */
static void test_R_PRG_1_cap_per_borrower(void **state)
{
	(void)state;
	static const struct elig_case cases[] = {
		{"R-PRG-1 80 M owed and 80 M asked: 160 M over the 100 M cap",
		 "1",
		 {.status = HH_POOR, .amount = 80 * M, .term_months = 60, .exposure = 80 * M},
		 false,
		 "borrower_over_cap",
		 100 * M,
		 120},
		{"R-PRG-1 80 M owed and 20 M asked: at the cap",
		 "1",
		 {.status = HH_POOR, .amount = 20 * M, .term_months = 60, .exposure = 80 * M},
		 true,
		 "",
		 100 * M,
		 120},
		{"R-PRG-1 clean water: 25 M per facility",
		 "6",
		 {.status = HH_POOR, .flags = PRG_F_RURAL, .amount = 26 * M, .term_months = 60},
		 false,
		 "amount_over_cap",
		 25 * M,
		 60},
		{"R-PRG-1 clean water: a second facility within 50 M per household",
		 "6",
		 {.status = HH_POOR,
		  .flags = PRG_F_RURAL,
		  .amount = 25 * M,
		  .term_months = 60,
		  .exposure = 25 * M},
		 true,
		 "",
		 25 * M,
		 60},
		{"R-PRG-1 clean water: a third facility over 50 M per household",
		 "6",
		 {.status = HH_POOR,
		  .flags = PRG_F_RURAL,
		  .amount = 10 * M,
		  .term_months = 60,
		  .exposure = 45 * M},
		 false,
		 "borrower_over_cap",
		 25 * M,
		 60},
		{"R-PRG-1 programme 25: a housing loan beside a land loan (per loan)",
		 "25",
		 {.status = HH_POOR,
		  .flags = PRG_F_ETHNIC_MINORITY | PRG_F_PURPOSE_HOUSING,
		  .amount = 40 * M,
		  .term_months = 120,
		  .exposure = 50 * M},
		 true,
		 "",
		 40 * M,
		 180},
	};
	run_cases(cases, sizeof cases / sizeof cases[0]);
	/* the refusal names every figure */
	struct elig_application app = {.status = HH_POOR,
				       .amount = 80 * M,
				       .term_months = 60,
				       .exposure = 80 * M,
				       .date = D(2024, 6, 1)};
	struct elig_result r;
	assert_int_equal(eligibility_judge(seed_find("1"), &app, &r, NULL), TD_OK);
	assert_string_equal(r.reasons[0].msg,
			    "Hộ đang còn nợ 80.000.000 đồng ở chương trình 1; thêm 80.000.000 "
			    "đồng là 160.000.000 đồng, vượt mức tối đa 100.000.000 đồng mỗi hộ");
}

/* R-PRG-1 social housing (Decree 100/2024): building or repairing at most 70 % of the
 * estimate and of the collateral's value; buying 80 % of the contract. */
static void test_R_PRG_1_social_housing(void **state)
{
	(void)state;
	static const struct elig_case cases[] = {
		{"R-PRG-1 building: 70 % of the lower of estimate and collateral",
		 "12",
		 {.status = HH_NONE,
		  .flags = PRG_F_SOCIAL_HOUSING | PRG_F_PURPOSE_BUILD,
		  .amount = 351 * M,
		  .term_months = 240,
		  .estimate_value = 600 * M,
		  .collateral_value = 500 * M},
		 false,
		 "amount_over_cap collateral_required",
		 350 * M,
		 300},
		{"R-PRG-1 building without an estimate",
		 "12",
		 {.status = HH_NONE,
		  .flags = PRG_F_SOCIAL_HOUSING | PRG_F_PURPOSE_BUILD,
		  .amount = 300 * M,
		  .term_months = 240},
		 false,
		 "estimate_missing collateral_required",
		 -1,
		 300},
		{"R-PRG-1 buying: 80 % of the contract",
		 "12",
		 {.status = HH_NONE,
		  .flags = PRG_F_SOCIAL_HOUSING,
		  .amount = 800 * M,
		  .term_months = 240,
		  .contract_value = 1000 * M},
		 true,
		 "collateral_required",
		 800 * M,
		 300},
	};
	run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_R_PRG_1_caps_from_the_application(void **state)
{
	(void)state;
	static const struct elig_case cases[] = {
		{"R-PRG-1 worker in programme 3 over 100 M, with collateral",
		 "3",
		 {.status = HH_NONE, .amount = 150 * M, .term_months = 60},
		 false,
		 "borrower_over_cap collateral_required",
		 100 * M,
		 120},
		{"R-PRG-1 business in programme 3: 100 M per job, collateral is a requirement",
		 "3",
		 {.status = HH_NONE,
		  .flags = PRG_F_BUSINESS,
		  .amount = 150 * M,
		  .term_months = 60,
		  .jobs = 2},
		 true,
		 "collateral_required",
		 200 * M,
		 120},
		{"R-PRG-1 business in programme 3: more than 100 M per job",
		 "3",
		 {.status = HH_NONE,
		  .flags = PRG_F_BUSINESS,
		  .amount = 150 * M,
		  .term_months = 60,
		  .jobs = 1},
		 false,
		 "amount_over_cap collateral_required",
		 100 * M,
		 120},
		{"R-PRG-1 business in programme 3: 2 bn whatever the jobs",
		 "3",
		 {.status = HH_NONE,
		  .flags = PRG_F_BUSINESS,
		  .amount = 2100 * M,
		  .term_months = 60,
		  .jobs = 30},
		 false,
		 "borrower_over_cap collateral_required",
		 2000 * M,
		 120},
		{"R-PRG-1 business in programme 3 without the number of jobs",
		 "3",
		 {.status = HH_NONE, .flags = PRG_F_BUSINESS, .amount = 150 * M, .term_months = 60},
		 false,
		 "jobs_missing collateral_required",
		 2000 * M,
		 120},
		{"R-PRG-1 worker at 100 M needs no collateral",
		 "3",
		 {.status = HH_POOR, .amount = 100 * M, .term_months = 60},
		 true,
		 "",
		 100 * M,
		 120},
		{"R-PRG-1 student: 4 M × 48 months, term 2 × 48 + 12",
		 "2",
		 {.status = HH_NEAR_POOR,
		  .flags = PRG_F_STUDENT,
		  .amount = 150 * M,
		  .term_months = 108,
		  .study_months = 48},
		 true,
		 "",
		 192 * M,
		 108},
		{"R-PRG-1 student over the cap and the term",
		 "2",
		 {.status = HH_NEAR_POOR,
		  .flags = PRG_F_STUDENT,
		  .amount = 200 * M,
		  .term_months = 109,
		  .study_months = 48},
		 false,
		 "amount_over_cap term_over_max",
		 192 * M,
		 108},
		{"R-PRG-1 student without study months",
		 "2",
		 {.status = HH_POOR, .flags = PRG_F_STUDENT, .amount = 20 * M, .term_months = 60},
		 false,
		 "study_months_missing",
		 -1,
		 -1},
		{"R-PRG-1 student term inside study + 12 months",
		 "2",
		 {.status = HH_POOR,
		  .flags = PRG_F_STUDENT,
		  .amount = 20 * M,
		  .term_months = 48,
		  .study_months = 36},
		 false,
		 "term_within_grace",
		 144 * M,
		 84},
		{"R-PRG-1 worker abroad without contract figures",
		 "4",
		 {.status = HH_POOR,
		  .flags = PRG_F_WORKER_ABROAD,
		  .amount = 80 * M,
		  .term_months = 36},
		 false,
		 "contract_value_missing contract_term_missing",
		 -1,
		 -1},
		{"R-PRG-1 worker abroad: contract cost and term",
		 "4",
		 {.status = HH_POOR,
		  .flags = PRG_F_WORKER_ABROAD,
		  .amount = 120 * M,
		  .term_months = 36,
		  .contract_months = 36,
		  .contract_value = 120 * M},
		 true,
		 "collateral_required",
		 120 * M,
		 36},
		{"R-PRG-1 social housing: 80 % of 2 bn, at most 1 bn",
		 "12",
		 {.status = HH_NONE,
		  .flags = PRG_F_SOCIAL_HOUSING,
		  .amount = 1000 * M,
		  .term_months = 300,
		  .contract_value = 2000 * M},
		 true,
		 "collateral_required",
		 1000 * M,
		 300},
		{"R-PRG-1 social housing: 80 % of 500 M",
		 "12",
		 {.status = HH_NONE,
		  .flags = PRG_F_SOCIAL_HOUSING,
		  .amount = 450 * M,
		  .term_months = 300,
		  .contract_value = 500 * M},
		 false,
		 "amount_over_cap collateral_required",
		 400 * M,
		 300},
	};
	run_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_R_PRG_1_day_and_rate(void **state)
{
	(void)state;
	struct elig_case cases[] = {
		{"R-RATE-1 programme 99 has no rate",
		 "99",
		 {.status = HH_POOR, .amount = 10 * M, .term_months = 12},
		 false,
		 "no_rate",
		 -1,
		 120},
		{"R-PRG-1 programme not in force before the seed date",
		 "1",
		 {.status = HH_POOR, .amount = 10 * M, .term_months = 12, .date = D(2014, 12, 31)},
		 false,
		 "not_in_force no_rate",
		 100 * M,
		 120},
		{"R-PRG-1 first day in force",
		 "1",
		 {.status = HH_POOR, .amount = 10 * M, .term_months = 12, .date = D(2015, 1, 1)},
		 true,
		 "",
		 100 * M,
		 120},
	};
	run_cases(cases, sizeof cases / sizeof cases[0]);

	/* the rate for the calculator, reduced where the flags earn it (programme 3) */
	struct elig_application app = {.status = HH_NONE,
				       .flags = PRG_F_ETHNIC_MINORITY | PRG_F_HARD_AREA,
				       .amount = 50 * M,
				       .term_months = 36,
				       .date = D(2024, 6, 1)};
	struct elig_result r;
	assert_int_equal(eligibility_judge(seed_find("3"), &app, &r, NULL), TD_OK);
	assert_true(r.eligible && r.has_rate);
	assert_int_equal(r.rate, 39600);
	app.flags = 0;
	assert_int_equal(eligibility_judge(seed_find("3"), &app, &r, NULL), TD_OK);
	assert_int_equal(r.rate, 79200);
	assert_int_equal(r.grace_months, 0);
	app = (struct elig_application){.status = HH_POOR,
					.flags = PRG_F_ETHNIC_MINORITY | PRG_F_PURPOSE_LAND,
					.amount = 50 * M,
					.term_months = 180,
					.date = D(2024, 6, 1)};
	assert_int_equal(eligibility_judge(seed_find("25"), &app, &r, NULL), TD_OK);
	assert_int_equal(r.grace_months, 60);
	assert_int_equal(r.rate, 30000);
	assert_false(r.collateral_required);
}

static void test_R_PRG_1_messages_are_vietnamese_and_precise(void **state)
{
	(void)state;
	struct elig_application app = {.status = HH_NEAR_POOR,
				       .amount = 150 * M,
				       .term_months = 130,
				       .date = D(2024, 6, 1)};
	struct elig_result r;
	assert_int_equal(eligibility_judge(seed_find("1"), &app, &r, NULL), TD_OK);
	assert_int_equal(r.count, 3);
	assert_non_null(strstr(r.reasons[0].msg, "hộ cận nghèo"));
	assert_non_null(strstr(r.reasons[1].msg, "thêm 150.000.000 đồng là 150.000.000 đồng, "
						 "vượt mức tối đa 100.000.000 đồng mỗi hộ"));
	assert_non_null(strstr(r.reasons[2].msg, "130 tháng vượt thời hạn tối đa 120 tháng"));
	assert_true(eligibility_has(&r, ELIG_TERM_OVER_MAX));
	assert_false(eligibility_has(&r, ELIG_NO_RATE));

	app = (struct elig_application){
		.status = HH_NONE, .amount = 1, .term_months = 1, .date = D(2024, 6, 1)};
	assert_int_equal(eligibility_judge(seed_find("10"), &app, &r, NULL), TD_OK);
	assert_int_equal(r.reasons[0].flag, PRG_F_HARD_AREA);
	assert_non_null(strstr(r.reasons[0].msg, "vùng khó khăn"));
	assert_int_equal(eligibility_judge(seed_find("25"), &app, &r, NULL), TD_OK);
	assert_non_null(strstr(r.reasons[2].msg, "mục đích đất ở; mục đích nhà ở"));

	assert_string_equal(eligibility_code_name(ELIG_STATUS_NOT_ELIGIBLE), "status_not_eligible");
	assert_string_equal(eligibility_code_name(ELIG_COLLATERAL_REQUIRED), "collateral_required");
	assert_string_equal(eligibility_code_name(ELIG_CODE_COUNT), "unknown");
}

/* The reasons array is sized for the worst case; fill it. */
static void test_R_PRG_1_worst_case_fits(void **state)
{
	(void)state;
	static const struct prg_cap caps[] = {
		{.when = PRG_F_BUSINESS, .kind = PRG_CAP_PER_STUDY_MONTH, .amount = 1000}};
	struct programme p = *seed_find("99");
	p.valid_from = D(2030, 1, 1);
	p.statuses = HH_BIT(HH_POOR);
	p.flags_all = PRG_FLAGS_ALL & ~PRG_F_BUSINESS;
	p.flags_any = PRG_F_BUSINESS;
	p.caps = caps;
	p.cap_count = 1;
	p.term_kind = PRG_TERM_CONTRACT;
	p.collateral_above = 0;
	struct elig_application app = {
		.status = HH_NONE, .amount = -1, .term_months = 0, .date = D(2024, 1, 1)};
	struct elig_result r;
	assert_int_equal(eligibility_judge(&p, &app, &r, NULL), TD_OK);
	/* not_in_force, no_rate, status, 11 flags, flag_any, study, amount, contract term, term */
	assert_int_equal(r.count, 19);
	assert_false(r.eligible);
	assert_false(eligibility_has(&r, ELIG_CAP_NOT_APPLICABLE));

	/* caps exist but none fits, and no flag alternative explains it */
	p = *seed_find("1");
	p.caps = caps;
	app = (struct elig_application){
		.status = HH_POOR, .amount = 1000, .term_months = 12, .date = D(2024, 1, 1)};
	assert_int_equal(eligibility_judge(&p, &app, &r, NULL), TD_OK);
	assert_true(eligibility_has(&r, ELIG_CAP_NOT_APPLICABLE));
	assert_false(r.eligible);
}

static void test_input_that_cannot_be_judged(void **state)
{
	(void)state;
	static const struct {
		struct elig_application app;
		const char *needle;
	} cases[] = {
		{{.status = (enum hh_status)7, .amount = 1, .term_months = 1}, "status 7"},
		{{.status = HH_POOR, .flags = 1u << 20, .amount = 1, .term_months = 1},
		 "flag bits"},
		{{.status = HH_POOR, .amount = 1, .term_months = 1, .study_months = -1}, "study"},
		{{.status = HH_POOR, .amount = 1, .term_months = 1, .contract_months = 601},
		 "contract months 601"},
		{{.status = HH_POOR,
		  .amount = 1,
		  .term_months = 1,
		  .contract_value = TD_MONEY_MAX_INPUT + 1},
		 "hợp đồng"},
		{{.status = HH_POOR, .amount = 1, .term_months = 1, .jobs = -1}, "lao động"},
		{{.status = HH_POOR, .amount = 1, .term_months = 1, .exposure = -1}, "âm"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct elig_result r = {.count = 77};
		struct td_error err = {0};
		int rc = eligibility_judge(seed_find("1"), &cases[i].app, &r, &err);
		if (rc != TD_EINVAL || !strstr(err.msg, cases[i].needle) || r.count != 77)
			fail_msg("case %zu: rc %d \"%s\"", i, rc, err.msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_PRG_1_status_amount_term),
		cmocka_unit_test(test_R_PRG_1_flags),
		cmocka_unit_test(test_R_PRG_1_caps_from_the_application),
		cmocka_unit_test(test_R_PRG_1_cap_per_borrower),
		cmocka_unit_test(test_R_PRG_1_social_housing),
		cmocka_unit_test(test_R_PRG_1_day_and_rate),
		cmocka_unit_test(test_R_PRG_1_messages_are_vietnamese_and_precise),
		cmocka_unit_test(test_R_PRG_1_worst_case_fits),
		cmocka_unit_test(test_input_that_cannot_be_judged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
