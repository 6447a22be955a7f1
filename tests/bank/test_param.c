/*
 * Dated parameters and the working-day calendar (issue 9; docs/parameters.md): the seed rows
 * of a fresh database, the value of a day with a programme's own row before the general
 * one, history that only grows, every malformed value refused with its part named and
 * nothing changed, the administrator of the head office alone writing, one audit record
 * per change. Both stores.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "bank/calendar.h"
#include "bank/param.h"
#include "org_fixture.h"

static void has(const struct td_error *err, const char *text)
{
	if (!strstr(err->msg, text))
		fail_msg("message '%s' lacks '%s'", err->msg, text);
}

static void must_ok(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

static td_rate rate(struct fixture *f, const char *name, const char *prog, const char *day)
{
	td_rate r = -1;
	struct td_error err = {0};
	must_ok(param_rate(&f->ctx, name, prog, fix_day(day), &r, &err), &err, name);
	return r;
}

/* The seed of a fresh database, and the programme's own row before the general one. */
static void test_seed_values_and_programme_scope(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(rate(f, "fee.rate", NULL, "2024-06-30"), 320);	/* 0.032 % */
	assert_int_equal(rate(f, "fee.rate", "1", "2024-06-30"), 320);	/* the general row */
	assert_int_equal(rate(f, "fee.rate", "12", "2024-06-30"), 30);	/* social housing */
	assert_int_equal(rate(f, "commission.rate", "12", "2024-06-30"), 50);
	assert_int_equal(rate(f, "commission.rate", "3", "2024-06-30"), 580);
	struct td_error err = {0};
	td_money m = 0;
	must_ok(param_money(&f->ctx, "savings.min_deposit", fix_day("2024-06-30"), &m, &err), &err,
		"min");
	assert_int_equal(m, 5000);
	int days = 0;
	must_ok(param_days(&f->ctx, "application.check_days", fix_day("2024-06-30"), &days, &err),
		&err, "days");
	assert_int_equal(days, 3);
	struct fee_params fp;
	must_ok(param_fee(&f->ctx, fix_day("2024-06-30"), &fp, &err), &err, "fee");
	assert_int_equal(fp.ntiers, 3);
	assert_int_equal(fp.split_bp[FEE_COMMUNE], 8400);
	struct score_params sp;
	must_ok(param_score(&f->ctx, fix_day("2024-06-30"), &sp, &err), &err, "score");
	assert_int_equal(sp.rules[SCORE_OVERDUE].weight, 30);
	/* before the seed's first day nothing is in force, and the message says so */
	assert_int_equal(param_rate(&f->ctx, "fee.rate", NULL, fix_day("2014-12-31"), &(td_rate){0},
				    &err),
			 TD_ENOTFOUND);
	has(&err, "chưa có giá trị áp dụng ngày 31/12/2014");
}

/* A new value changes the days from its effective date and none before. */
static void test_a_value_from_a_date(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	int64_t audit = fix_count(f, "SELECT count(*) FROM audit_log");
	struct param_input in = {"fee.rate", NULL, fix_day("2026-01-01"), "0,03",
				 "QĐ 01/QĐ-HĐQT (thử)"};
	must_ok(param_set(&f->ctx, &in, &err), &err, "set");
	assert_int_equal(rate(f, "fee.rate", "1", "2025-12-31"), 320);
	assert_int_equal(rate(f, "fee.rate", "1", "2026-01-01"), 300);
	assert_int_equal(rate(f, "fee.rate", "12", "2026-01-01"), 30); /* its own row still */
	/* stored in canonical form, with who and when */
	assert_int_equal(fix_count(f, "SELECT count(*) FROM param_value WHERE name = 'fee.rate' "
				      "AND value = '0.03' AND recorded_by = 'system'"),
			 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log"), audit + 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = 'param' AND "
				      "after_json LIKE '%QĐ 01/QĐ-HĐQT%'"),
			 1);
	/* a programme of its own from a date */
	in = (struct param_input){"commission.rate", "7", fix_day("2026-01-01"), "0.05", "thử"};
	must_ok(param_set(&f->ctx, &in, &err), &err, "programme 7");
	assert_int_equal(rate(f, "commission.rate", "7", "2026-01-01"), 500);
	assert_int_equal(rate(f, "commission.rate", "7", "2025-12-31"), 580);
	json_t *j = NULL;
	must_ok(param_list(&f->ctx, fix_day("2026-01-01"), &j, &err), &err, "list");
	json_t *items = json_object_get(j, "items"), *p = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "fee.rate");
	assert_string_equal(json_string_value(json_object_get(p, "value")), "0.03");
	json_decref(j);
}

struct bad {
	struct param_input in;
	int rc;
	const char *says;
};

/* Every refusal names what is wrong and changes nothing. */
static void test_refusals_change_nothing(void **state)
{
	struct fixture *f = *state;
	td_date d = fix_day("2026-01-01");
	const struct bad cases[] = {
		{{"fee.rates", NULL, d, "0.03", "x"}, TD_EINVAL, "các tham số: fee.rate"},
		{{"fee.rate", NULL, d, "abc", "x"}, TD_EINVAL, "fee.rate = \"abc\""},
		{{"fee.rate", NULL, d, "101", "x"}, TD_EINVAL, "above 100"},
		{{"savings.min_deposit", NULL, d, "-5", "x"}, TD_EINVAL, "savings.min_deposit"},
		{{"application.check_days", NULL, d, "400", "x"}, TD_EINVAL, "0 đến 365"},
		{{"fee.tiers", NULL, d, "3:100,2:80", "x"}, TD_EINVAL, "tier 2 limit"},
		{{"fee.split", NULL, d, "84,9,4.5,2", "x"}, TD_EINVAL, "cộng lại 99,50 %"},
		{{"score.weights", NULL, d, "30,20,20,15,10,4", "x"}, TD_ERULE, "weights sum to 99"},
		{{"score.grades", NULL, d, "80,90,70", "x"}, TD_ERULE, "thresholds"},
		{{"savings.min_deposit", "1", d, "10000", "x"}, TD_EINVAL, "áp dụng chung"},
		{{"fee.rate", "77", d, "0.03", "x"}, TD_ENOTFOUND, "không có chương trình \"77\""},
		{{"fee.rate", NULL, d, "0.03", ""}, TD_EINVAL, "căn cứ"},
		{{"fee.rate", NULL, d, "", "x"}, TD_EINVAL, "trống"},
		{{"fee.rate", NULL, fix_day("2015-01-01"), "0.03", "x"}, TD_ERULE,
		 "đã có giá trị từ 01/01/2015"},
	};
	int64_t rows = fix_count(f, "SELECT count(*) FROM param_value");
	int64_t audit = fix_count(f, "SELECT count(*) FROM audit_log");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct td_error err = {0};
		int rc = param_set(&f->ctx, &cases[i].in, &err);
		if (rc != cases[i].rc || !strstr(err.msg, cases[i].says))
			fail_msg("case %zu: %s \"%s\", want %s \"%s\"", i, td_code_name(rc), err.msg,
				 td_code_name(cases[i].rc), cases[i].says);
	}
	/* only an administrator of the head office */
	struct td_actor director = fix_actor(ROLE_DIRECTOR, f->pgd318, 0, 0);
	struct td_ctx c = fix_ctx(f, &director);
	struct param_input ok = {"fee.rate", NULL, d, "0.03", "x"};
	struct td_error err = {0};
	assert_int_equal(param_set(&c, &ok, &err), TD_EFORBIDDEN);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM param_value"), rows);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log"), audit);
}

/* Weights are checked with the anchors and grades in force with them. */
static void test_score_weights_checked_together(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	struct param_input w = {"score.weights", NULL, fix_day("2026-01-01"), "40,20,20,10,5,5",
				"thử"};
	must_ok(param_set(&f->ctx, &w, &err), &err, "weights");
	struct score_params sp;
	must_ok(param_score(&f->ctx, fix_day("2026-01-01"), &sp, &err), &err, "score");
	assert_int_equal(sp.rules[SCORE_OVERDUE].weight, 40);
	must_ok(param_score(&f->ctx, fix_day("2025-12-31"), &sp, &err), &err, "score before");
	assert_int_equal(sp.rules[SCORE_OVERDUE].weight, 30);
}

/* R-APP-4's working days: weekdays without the holidays, with the weekend days worked. */
static void test_calendar(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	int days = 0;
	/* Monday 2 June 2025 to Friday 6 June: 4 working days after the Monday */
	must_ok(calendar_working_days(&f->ctx, fix_day("2025-06-02"), fix_day("2025-06-06"), &days,
				      &err),
		&err, "days");
	assert_int_equal(days, 4);
	int64_t audit = fix_count(f, "SELECT count(*) FROM audit_log");
	must_ok(calendar_set(&f->ctx, fix_day("2025-06-04"), "holiday", "Nghỉ thử", &err), &err,
		"holiday");
	must_ok(calendar_set(&f->ctx, fix_day("2025-06-07"), "working", "Làm bù thử", &err), &err,
		"working");
	must_ok(calendar_working_days(&f->ctx, fix_day("2025-06-02"), fix_day("2025-06-07"), &days,
				      &err),
		&err, "days");
	assert_int_equal(days, 4); /* 3 weekdays and the Saturday worked */
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log"), audit + 2);
	must_ok(calendar_set(&f->ctx, fix_day("2025-06-04"), "normal", NULL, &err), &err, "normal");
	must_ok(calendar_working_days(&f->ctx, fix_day("2025-06-02"), fix_day("2025-06-06"), &days,
				      &err),
		&err, "days");
	assert_int_equal(days, 4);
	json_t *j = NULL;
	must_ok(calendar_list(&f->ctx, fix_day("2025-06-01"), fix_day("2025-06-30"), &j, &err), &err,
		"list");
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1); /* the Saturday */
	json_decref(j);
	/* refusals change nothing */
	int64_t rows = fix_count(f, "SELECT count(*) FROM calendar_day");
	audit = fix_count(f, "SELECT count(*) FROM audit_log");
	assert_int_equal(calendar_set(&f->ctx, fix_day("2025-06-08"), "holiday", "CN", &err),
			 TD_EINVAL);
	has(&err, "ngày cuối tuần");
	assert_int_equal(calendar_set(&f->ctx, fix_day("2025-06-09"), "working", "x", &err),
			 TD_EINVAL);
	assert_int_equal(calendar_set(&f->ctx, fix_day("2025-06-09"), "leave", "x", &err),
			 TD_EINVAL);
	assert_int_equal(calendar_set(&f->ctx, fix_day("2025-06-09"), "holiday", "", &err),
			 TD_EINVAL);
	struct td_actor director = fix_actor(ROLE_DIRECTOR, f->pgd318, 0, 0);
	struct td_ctx c = fix_ctx(f, &director);
	assert_int_equal(calendar_set(&c, fix_day("2025-06-09"), "holiday", "x", &err),
			 TD_EFORBIDDEN);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM calendar_day"), rows);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log"), audit);
}

int main(void)
{
	(void)fix_chapter; /* org_fixture.h's; no chapter here */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seed_values_and_programme_scope, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_a_value_from_a_date, fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_refusals_change_nothing, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_score_weights_checked_together, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_calendar, fix_setup, fix_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
