/* Programmes: the seed table, rate history, definition checks (R-PRG-1, R-RATE-1, R-RATE-2,
 * R-DUE-2). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "credit/programme.h"

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
	if (!p)
		fail_msg("programme %s is missing from the seed", code);
	return p;
}

static void test_R_PRG_1_seed_has_every_code_and_passes_checks(void **state)
{
	(void)state;
	static const char *const codes[] = {"1", "19", "9",  "3",  "2",	 "6", "10",
					    "4", "7",  "12", "25", "26", "99"};
	size_t n;
	const struct programme *t = programme_seed(&n);
	assert_int_equal(n, 13);
	for (size_t i = 0; i < 13; i++) {
		const struct programme *p = programme_find(t, n, codes[i]);
		assert_non_null(p);
		struct td_error err = {0};
		if (programme_check(p, &err) != TD_OK)
			fail_msg("seed programme %s: %s", codes[i], err.msg);
		/* R-RATE-2: overdue principal bears 130 % everywhere in the seed */
		assert_int_equal(p->overdue_pct, 130);
		assert_int_equal(p->convention, INTEREST_ACT365);
		/* the seed counts from 01/01/2015 (checks the constant-expression day macro) */
		assert_int_equal(p->valid_from, D(2015, 1, 1));
		if (p->rate_count)
			assert_int_equal(p->rates[0].effective_from, D(2015, 1, 1));
	}
	assert_null(programme_find(t, n, "5"));
	assert_null(programme_find(t, n, ""));
}

static void test_R_RATE_1_seed_rates_caps_and_terms(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		td_rate rate;
		int max_term;
		enum prg_term_kind term;
		td_money first_cap;
	} cases[] = {
		{"1", 66000, 120, PRG_TERM_FIXED, 100000000},
		{"19", 79200, 120, PRG_TERM_FIXED, 100000000},
		{"9", 82500, 60, PRG_TERM_FIXED, 100000000},
		{"3", 79200, 120, PRG_TERM_FIXED, 2000000000},
		{"2", 66000, 0, PRG_TERM_STUDY, 4000000},
		{"6", 90000, 60, PRG_TERM_FIXED, 25000000},
		{"10", 90000, 120, PRG_TERM_FIXED, 100000000},
		{"4", 66000, 0, PRG_TERM_CONTRACT, 0},
		{"7", 30000, 180, PRG_TERM_FIXED, 25000000}, /* Decision 33/2015 */
		{"12", 66000, 300, PRG_TERM_FIXED, 0}, /* building: 70 % of the estimate */
		{"25", 30000, 180, PRG_TERM_FIXED, 50000000},
		{"26", 66000, 60, PRG_TERM_FIXED, 100000000},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct programme *p = seed_find(cases[i].code);
		td_rate r = -1;
		struct td_error err = {0};
		if (programme_rate_new_loan(p, D(2024, 6, 1), 0, &r, &err) != TD_OK ||
		    r != cases[i].rate)
			fail_msg("programme %s: rate %lld (%s)", cases[i].code, (long long)r,
				 err.msg);
		assert_int_equal(p->term_kind, cases[i].term);
		if (cases[i].term == PRG_TERM_FIXED)
			assert_int_equal(p->max_term_months, cases[i].max_term);
		assert_true(p->cap_count > 0);
		assert_int_equal(p->caps[0].amount, cases[i].first_cap);
	}
	/* 99 "Other": configurable, no rate until an administrator adds one */
	const struct programme *other = seed_find("99");
	td_rate r = -1;
	struct td_error err = {0};
	assert_int_equal(programme_rate_new_loan(other, D(2024, 6, 1), 0, &r, &err), TD_ENOTFOUND);
	assert_int_equal(r, -1);
	assert_non_null(strstr(err.msg, "programme 99 (Other) has no rate in force on 01/06/2024"));
}

static void test_R_PRG_1_seed_flags(void **state)
{
	(void)state;
	size_t n;
	const struct programme *t = programme_seed(&n);
	for (size_t i = 0; i < n; i++) {
		const char *c = t[i].code;
		/* R-DUE-2: only poor households and clean water roll a missed instalment forward */
		bool rolls = strcmp(c, "1") == 0 || strcmp(c, "6") == 0;
		if (t[i].roll_forward != rolls)
			fail_msg("programme %s: roll_forward %d", c, t[i].roll_forward);
		/* programme 4 lends to the worker directly, not through a group */
		bool direct = strcmp(c, "12") == 0 || strcmp(c, "4") == 0;
		assert_int_equal(t[i].channel, direct ? PRG_DIRECT : PRG_ENTRUSTED);
	}
	assert_int_equal(seed_find("25")->grace_months, 60);
	assert_int_equal(seed_find("7")->grace_months, 60); /* Decision 33/2015: 5 years */
	assert_int_equal(seed_find("1")->statuses, HH_BIT(HH_POOR));
	assert_int_equal(seed_find("19")->statuses, HH_BIT(HH_NEAR_POOR));
	assert_int_equal(seed_find("9")->statuses, HH_BIT(HH_NEWLY_ESCAPED));
	assert_int_equal(seed_find("10")->flags_all, PRG_F_HARD_AREA);
	assert_int_equal(seed_find("3")->collateral_above, 100000000);
	assert_int_equal(seed_find("1")->collateral_above, PRG_NO_COLLATERAL);
}

/* Programme 3: 3.96 % for ethnic minorities in hard areas and for disabled borrowers. */
static void test_R_RATE_1_reduced_rate_for_flags(void **state)
{
	(void)state;
	static const struct {
		uint32_t flags;
		td_rate want;
	} cases[] = {
		{0, 79200},
		{PRG_F_ETHNIC_MINORITY | PRG_F_HARD_AREA, 39600},
		{PRG_F_ETHNIC_MINORITY, 79200},
		{PRG_F_HARD_AREA, 79200},
		{PRG_F_DISABLED, 39600},
		{PRG_F_DISABLED | PRG_F_BUSINESS, 39600},
		{PRG_F_ETHNIC_MINORITY | PRG_F_HARD_AREA | PRG_F_STUDENT, 39600},
	};
	const struct programme *p = seed_find("3");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_rate r = 0;
		assert_int_equal(
			programme_rate_new_loan(p, D(2024, 1, 1), cases[i].flags, &r, NULL), TD_OK);
		if (r != cases[i].want)
			fail_msg("flags 0x%x: rate %lld want %lld", cases[i].flags, (long long)r,
				 (long long)cases[i].want);
	}
}

/* A programme with a rate history:
 *   A 01/01/2020 6 %, new loans only;
 *   B 01/01/2022 7 %, new loans only;
 *   C 01/01/2023 8 %, and loans outstanding from 01/07/2023;
 *   E 01/03/2024 9 %, and loans outstanding from 01/01/2024 (decided late, retroactive). */
static const struct prg_rate history[] = {
	{.effective_from = 18262, .outstanding_from = PRG_DATE_NEVER, .rate = 60000},
	{.effective_from = 18993, .outstanding_from = PRG_DATE_NEVER, .rate = 70000},
	{.effective_from = 19358, .outstanding_from = 19539, .rate = 80000},
	{.effective_from = 19783, .outstanding_from = 19723, .rate = 90000},
};

static struct programme history_programme(void)
{
	struct programme p = *seed_find("1");
	p.rates = history;
	p.rate_count = 4;
	return p;
}

static void test_R_RATE_1_history_table_dates(void **state)
{
	(void)state;
	/* the day numbers above are the dates the comment names */
	assert_int_equal(history[0].effective_from, D(2020, 1, 1));
	assert_int_equal(history[1].effective_from, D(2022, 1, 1));
	assert_int_equal(history[2].effective_from, D(2023, 1, 1));
	assert_int_equal(history[2].outstanding_from, D(2023, 7, 1));
	assert_int_equal(history[3].effective_from, D(2024, 3, 1));
	assert_int_equal(history[3].outstanding_from, D(2024, 1, 1));
}

static void test_R_RATE_1_existing_loans_keep_their_rate(void **state)
{
	(void)state;
	struct programme p = history_programme();
	assert_int_equal(programme_check(&p, NULL), TD_OK);
	static const struct {
		const char *name;
		int dy, dm, dd; /* disbursed */
		int oy, om, od; /* on */
		td_rate want;	/* -1: no rate */
	} cases[] = {
		{"before any rate", 2019, 12, 31, 2019, 12, 31, -1},
		{"new loan under A", 2021, 5, 1, 2021, 5, 1, 60000},
		{"new loan on B's first day", 2022, 1, 1, 2022, 1, 1, 70000},
		{"A loan keeps A when B comes", 2021, 5, 1, 2022, 6, 1, 60000},
		{"A loan keeps A until C's outstanding day", 2021, 5, 1, 2023, 6, 30, 60000},
		{"A loan switches to C on 01/07/2023", 2021, 5, 1, 2023, 7, 1, 80000},
		{"B loan before the switch", 2022, 3, 1, 2023, 3, 1, 70000},
		{"B loan after the switch", 2022, 3, 1, 2023, 7, 1, 80000},
		{"new loan under C", 2023, 2, 1, 2023, 2, 1, 80000},
		{"A loan in 2024 before E's outstanding day", 2021, 5, 1, 2023, 12, 31, 80000},
		{"A loan switches to E retroactively", 2021, 5, 1, 2024, 1, 1, 90000},
		{"loan disbursed between E's two dates bears E", 2024, 2, 1, 2024, 2, 1, 90000},
		{"new loan under E", 2024, 6, 1, 2025, 6, 1, 90000},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		td_rate r = -1;
		struct td_error err = {0};
		int rc = programme_rate_loan(&p, D(cases[i].dy, cases[i].dm, cases[i].dd),
					     D(cases[i].oy, cases[i].om, cases[i].od), 0, &r, &err);
		td_rate got = rc == TD_OK ? r : -1;
		if (got != cases[i].want)
			fail_msg("%s: rate %lld want %lld (rc %d %s)", cases[i].name,
				 (long long)got, (long long)cases[i].want, rc, err.msg);
		if (cases[i].want < 0)
			assert_int_equal(rc, TD_ENOTFOUND);
	}
	td_rate r;
	struct td_error err = {0};
	assert_int_equal(programme_rate_loan(&p, D(2024, 1, 2), D(2024, 1, 1), 0, &r, &err),
			 TD_EINVAL);
	assert_non_null(strstr(err.msg, "before disbursement on 02/01/2024"));
}

static void test_R_RATE_1_rate_periods_split_at_switches(void **state)
{
	(void)state;
	struct programme p = history_programme();
	struct prg_rate_period out[4];
	size_t n = 99;
	assert_int_equal(programme_rate_periods(&p, D(2021, 5, 1), D(2021, 5, 1), D(2025, 1, 1), 0,
						out, 4, &n, NULL),
			 TD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].from, D(2021, 5, 1));
	assert_int_equal(out[0].rate, 60000);
	assert_int_equal(out[1].from, D(2023, 7, 1));
	assert_int_equal(out[1].rate, 80000);
	assert_int_equal(out[2].from, D(2024, 1, 1));
	assert_int_equal(out[2].rate, 90000);

	/* a window inside one period */
	assert_int_equal(programme_rate_periods(&p, D(2021, 5, 1), D(2022, 1, 1), D(2023, 1, 1), 0,
						out, 4, &n, NULL),
			 TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].rate, 60000);

	/* a switch to the same rate is no new period (a decision that only restated it) */
	static const struct prg_rate same[] = {
		{.effective_from = 18262, .outstanding_from = PRG_DATE_NEVER, .rate = 60000},
		{.effective_from = 18993, .outstanding_from = 18993, .rate = 60000},
	};
	struct programme q = history_programme();
	q.rates = same;
	q.rate_count = 2;
	assert_int_equal(programme_rate_periods(&q, D(2021, 5, 1), D(2021, 5, 1), D(2025, 1, 1), 0,
						out, 4, &n, NULL),
			 TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].from, D(2021, 5, 1));

	struct td_error err = {0};
	assert_int_equal(programme_rate_periods(&p, D(2021, 5, 1), D(2021, 5, 1), D(2025, 1, 1), 0,
						out, 2, &n, &err),
			 TD_ETOOBIG);
	assert_int_equal(programme_rate_periods(&p, D(2021, 5, 1), D(2021, 4, 1), D(2025, 1, 1), 0,
						out, 4, &n, &err),
			 TD_EINVAL);
	assert_int_equal(programme_rate_periods(&p, D(2019, 5, 1), D(2019, 5, 1), D(2020, 5, 1), 0,
						out, 4, &n, &err),
			 TD_ENOTFOUND);
}

/* R-RATE-1 for a loan whose rate was fixed on an anchor day (disbursement or rollover):
 * a later row switches it only if it applies to outstanding balances, from that day. */
static void test_R_RATE_1_loan_rate_periods_from_anchor(void **state)
{
	(void)state;
	const struct prg_rate rows[] = {
		{.effective_from = D(2015, 1, 1), .outstanding_from = PRG_DATE_NEVER, .rate = 66000},
		/* new loans only: existing loans keep 6.6 % */
		{.effective_from = D(2024, 3, 1), .outstanding_from = PRG_DATE_NEVER, .rate = 60000},
		/* 5.5 % for outstanding balances from 01/09/2024 */
		{.effective_from = D(2024, 9, 1), .outstanding_from = D(2024, 9, 1), .rate = 55000,
		 .reduced_rate = 30000, .reduced_for = {PRG_F_DISABLED}},
	};
	struct prg_rate_period out[PRG_RATE_PERIODS_MAX];
	size_t n = 0;
	struct td_error err = {0};
	/* disbursed 01/01/2024 at 6.6 %: switches on 01/09/2024 */
	assert_int_equal(programme_loan_rate_periods(rows, 3, D(2024, 1, 1), 66000, 0,
						     D(2024, 6, 1), D(2024, 12, 1), out,
						     PRG_RATE_PERIODS_MAX, &n, &err),
			 TD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].from, D(2024, 6, 1));
	assert_int_equal(out[0].rate, 66000);
	assert_int_equal(out[1].from, D(2024, 9, 1));
	assert_int_equal(out[1].rate, 55000);
	/* the reduced rate of the new row for a borrower holding its flags */
	assert_int_equal(programme_loan_rate_periods(rows, 3, D(2024, 1, 1), 66000,
						     PRG_F_DISABLED, D(2024, 8, 1), D(2024, 10, 1),
						     out, PRG_RATE_PERIODS_MAX, &n, &err),
			 TD_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[1].rate, 30000);
	/* a window before the switch: one period at the loan's own rate */
	assert_int_equal(programme_loan_rate_periods(rows, 3, D(2024, 1, 1), 66000, 0,
						     D(2024, 2, 1), D(2024, 9, 1), out,
						     PRG_RATE_PERIODS_MAX, &n, &err),
			 TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].rate, 66000);
	/* rolled over on 01/10/2024 at 5.5 %: nothing later switches it */
	assert_int_equal(programme_loan_rate_periods(rows, 3, D(2024, 10, 1), 55000, 0,
						     D(2024, 10, 1), D(2025, 10, 1), out,
						     PRG_RATE_PERIODS_MAX, &n, &err),
			 TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].rate, 55000);
	/* a loan's own rate wins over the row in force on its anchor (a reduced rate) */
	assert_int_equal(programme_loan_rate_periods(rows, 3, D(2024, 5, 1), 39600, 0,
						     D(2024, 5, 1), D(2024, 8, 1), out,
						     PRG_RATE_PERIODS_MAX, &n, &err),
			 TD_OK);
	assert_int_equal(out[0].rate, 39600);
	/* a window before the anchor is refused */
	assert_int_equal(programme_loan_rate_periods(rows, 3, D(2024, 5, 1), 66000, 0,
						     D(2024, 4, 1), D(2024, 8, 1), out,
						     PRG_RATE_PERIODS_MAX, &n, &err),
			 TD_EINVAL);
}

static void test_lookup_names_known_codes(void **state)
{
	(void)state;
	size_t n;
	const struct programme *t = programme_seed(&n);
	const struct programme *p = NULL;
	struct td_error err = {0};
	assert_int_equal(programme_lookup(t, n, "25", &p, &err), TD_OK);
	assert_string_equal(p->code, "25");
	assert_int_equal(programme_lookup(t, n, "5", &p, &err), TD_ENOTFOUND);
	assert_null(p);
	assert_non_null(strstr(err.msg, "no programme with code \"5\""));
	assert_non_null(strstr(err.msg, "known: 1, 19, 9, 3"));
}

static void test_R_PRG_1_in_force_and_grace(void **state)
{
	(void)state;
	struct programme p = *seed_find("1");
	p.valid_until = D(2025, 7, 1);
	assert_false(programme_in_force(&p, D(2014, 12, 31)));
	assert_true(programme_in_force(&p, D(2015, 1, 1)));
	assert_true(programme_in_force(&p, D(2025, 6, 30)));
	assert_false(programme_in_force(&p, D(2025, 7, 1)));
	assert_int_equal(programme_grace(seed_find("25"), 0), 60);
	assert_int_equal(programme_grace(seed_find("2"), 36), 48);
	assert_int_equal(programme_grace(seed_find("1"), 36), 0);
}

/* A definition typed by an administrator is checked field by field. */
static void test_R_PRG_1_check_rejects_bad_definitions(void **state)
{
	(void)state;
	static const struct prg_rate unordered[] = {
		{.effective_from = 100, .outstanding_from = PRG_DATE_NEVER, .rate = 1000},
		{.effective_from = 100, .outstanding_from = PRG_DATE_NEVER, .rate = 1000},
	};
	static const struct prg_rate too_high[] = {
		{.effective_from = 100, .outstanding_from = PRG_DATE_NEVER, .rate = 1000001}};
	static const struct prg_rate bad_reduced[] = {{.effective_from = 100,
						       .outstanding_from = PRG_DATE_NEVER,
						       .rate = 1000,
						       .reduced_rate = 500,
						       .reduced_for = {1u << 20}}};
	static const struct prg_cap zero_cap[] = {{.kind = PRG_CAP_FIXED, .amount = 0}};
	static const struct prg_cap pct_cap[] = {{.kind = PRG_CAP_CONTRACT_PCT, .pct = 101}};
	static const struct prg_cap kind_cap[] = {{.kind = 9, .amount = 5}};
	const struct programme base = *seed_find("1");
	for (int i = 0; i < 16; i++) {
		struct programme p = base;
		const char *needle = NULL;
		switch (i) {
		case 0:
			p.code[0] = '\0';
			needle = "code";
			break;
		case 1:
			memset(p.code, '7', sizeof p.code);
			needle = "code";
			break;
		case 2:
			p.name_en[0] = '\0';
			needle = "name";
			break;
		case 3:
			p.valid_until = p.valid_from;
			needle = "valid_until";
			break;
		case 4:
			p.overdue_pct = 99;
			needle = "multiplier 99";
			break;
		case 5:
			p.max_term_months = 0;
			needle = "max term 0";
			break;
		case 6:
			p.grace_months = 120;
			needle = "grace of 120";
			break;
		case 7:
			p.statuses = 0;
			needle = "statuses";
			break;
		case 8:
			p.flags_any = 1u << 30;
			needle = "flags";
			break;
		case 9:
			p.rates = unordered;
			p.rate_count = 2;
			needle = "rate row 2";
			break;
		case 10:
			p.rates = too_high;
			p.rate_count = 1;
			needle = "0..100";
			break;
		case 11:
			p.rates = bad_reduced;
			p.rate_count = 1;
			needle = "unknown flags";
			break;
		case 12:
			p.caps = zero_cap;
			p.cap_count = 1;
			needle = "cap 1";
			break;
		case 13:
			p.caps = pct_cap;
			p.cap_count = 1;
			needle = "cap 1";
			break;
		case 14:
			p.caps = kind_cap;
			p.cap_count = 1;
			needle = "cap 1";
			break;
		case 15:
			p.collateral_above = -2;
			needle = "collateral";
			break;
		}
		struct td_error err = {0};
		if (programme_check(&p, &err) != TD_EINVAL || !strstr(err.msg, needle))
			fail_msg("case %d: \"%s\" lacks \"%s\"", i, err.msg, needle);
	}
	assert_int_equal(programme_check(&base, NULL), TD_OK);
}

static void test_status_and_flag_names(void **state)
{
	(void)state;
	struct td_error err = {0};
	enum hh_status s = HH_NONE;
	assert_int_equal(programme_status_parse("near_poor", &s, &err), TD_OK);
	assert_int_equal(s, HH_NEAR_POOR);
	assert_string_equal(programme_status_name(HH_NEWLY_ESCAPED), "newly_escaped");
	assert_string_equal(programme_status_label(HH_POOR), "hộ nghèo");
	assert_int_equal(programme_status_parse("rich", &s, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "\"rich\""));
	assert_string_equal(programme_status_name((enum hh_status)9), "unknown");

	uint32_t f = 99;
	assert_int_equal(programme_flags_parse("", &f, &err), TD_OK);
	assert_int_equal(f, 0);
	assert_int_equal(programme_flags_parse("ethnic_minority,hard_area", &f, &err), TD_OK);
	assert_int_equal(f, PRG_F_ETHNIC_MINORITY | PRG_F_HARD_AREA);
	assert_int_equal(programme_flags_parse("purpose_housing", &f, &err), TD_OK);
	assert_int_equal(f, PRG_F_PURPOSE_HOUSING);
	assert_int_equal(programme_flags_parse("disabled,rich", &f, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "unknown flag \"rich\""));
	assert_int_equal(programme_flags_parse("disabled,", &f, &err), TD_EINVAL);
	assert_int_equal(programme_flags_parse("disabled,,student", &f, &err), TD_EINVAL);
	assert_int_equal(programme_flags_parse("hard", &f, &err), TD_EINVAL);
	assert_int_equal(f, PRG_F_PURPOSE_HOUSING); /* untouched on error */
	for (int i = 0; i < PRG_FLAG_COUNT; i++) {
		uint32_t one = 0;
		assert_int_equal(programme_flags_parse(programme_flag_name(1u << i), &one, &err),
				 TD_OK);
		assert_int_equal(one, 1u << i);
		assert_string_not_equal(programme_flag_label(1u << i), "không rõ");
	}
	assert_string_equal(programme_flag_name(3), "unknown");
	assert_string_equal(programme_flag_label(1u << 20), "không rõ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_PRG_1_seed_has_every_code_and_passes_checks),
		cmocka_unit_test(test_R_RATE_1_seed_rates_caps_and_terms),
		cmocka_unit_test(test_R_PRG_1_seed_flags),
		cmocka_unit_test(test_R_RATE_1_reduced_rate_for_flags),
		cmocka_unit_test(test_R_RATE_1_history_table_dates),
		cmocka_unit_test(test_R_RATE_1_existing_loans_keep_their_rate),
		cmocka_unit_test(test_R_RATE_1_rate_periods_split_at_switches),
		cmocka_unit_test(test_R_RATE_1_loan_rate_periods_from_anchor),
		cmocka_unit_test(test_lookup_names_known_codes),
		cmocka_unit_test(test_R_PRG_1_in_force_and_grace),
		cmocka_unit_test(test_R_PRG_1_check_rejects_bad_definitions),
		cmocka_unit_test(test_status_and_flag_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
