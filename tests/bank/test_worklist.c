/* The credit officer's worklist on both stores (bank/worklist.h, docs/worklist.md): loans
 * flagged inactive 3 months by end of day (R-INACT-1) with the interest they owe, overdue
 * loans by the age of their oldest overdue instalment (R-DUE-1), instalments due at each
 * point's next session (R-SES-1), in the actor's scope and the officer's communes
 * (R-ORG-4); refusals change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/worklist.h"
#include "month_end_fixture.h"

/* The worklist as actor a on the business date `today`, of the day `on` (NULL: today). */
static int worklist(struct loan_fx *x, const struct td_actor *a, const char *today,
		    const char *on, int64_t officer, json_t **out, struct td_error *err)
{
	struct td_ctx c = as(x, a, today);
	struct worklist_input in = {on ? fix_day(on) : ORG_NO_DATE, officer};
	return worklist_get(&c, &in, out, err);
}

static json_t *worklist_ok(struct loan_fx *x, const struct td_actor *a, const char *today,
			   const char *on, int64_t officer)
{
	json_t *j = NULL;
	struct td_error err = {0};
	must(worklist(x, a, today, on, officer, &j, &err), &err, "worklist");
	return j;
}

static json_t *items(json_t *j, const char *section)
{
	return json_object_get(json_object_get(j, section), "items");
}

static bool has_loan(json_t *arr, int64_t loan)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it) if (jint(it, "loan_id") == loan) return true;
	return false;
}

static json_t *session_of(json_t *j, int64_t point)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(j, "sessions"), i, s) if (jint(s, "point_id") == point)
		return s;
	return NULL;
}

/* Three loans of 50 M disbursed on 2025-03-15 (instalments of 16,666,000 on 2026-03-15,
 * 2027-03-15 and 16,668,000 on 2028-03-15); nobody pays interest, so end of day flags all
 * three on 2025-06-15; c pays its interest on 2025-06-30, which clears it the next day. */
struct flagged_loans {
	int64_t a, b, c;
};

static struct flagged_loans flagged_loans(struct loan_fx *x)
{
	struct flagged_loans t = {disburse_ok(x, application(x, x->f->hh1[0], true)),
			  disburse_ok(x, application(x, x->f->hh1[1], true)),
			  disburse_ok(x, application(x, x->f->hh1[2], true))};
	/* no roll-forward (R-DUE-2), after the programmes were seeded by the application */
	fix_exec(x->f->s, "UPDATE programme_terms SET roll_forward = 0 WHERE programme_id = "
			"(SELECT id FROM programme WHERE code = '1')");
	set_business_date(x, "2025-03-31");
	eod_to(x, "2025-06-30");
	struct td_error err = {0};
	must(repay(x, t.c, 967397, "2025-06-30", 0, NULL, &err), &err, "c's interest");
	eod_to(x, "2025-07-01");
	return t;
}

/* R-INACT-1: the flagged loans, each with what it owes on the day (as loan_get shows it);
 * nothing overdue yet; P1's next session (its 17th) with nothing due before 2026. */
static void test_r_inact_1_worklist_lists_the_flagged_loans(void **state)
{
	struct loan_fx *x = *state;
	struct flagged_loans t = flagged_loans(x);
	json_t *j = worklist_ok(x, &x->officer, "2025-07-01", NULL, 0);
	assert_string_equal(json_string_value(json_object_get(j, "date")), "2025-07-01");
	assert_true(json_is_null(json_object_get(j, "officer")));
	json_t *in = json_object_get(j, "inactive");
	assert_int_equal(jint(in, "loans"), 2);
	assert_int_equal(jint(in, "balance"), 100000000);
	assert_true(has_loan(items(j, "inactive"), t.a));
	assert_true(has_loan(items(j, "inactive"), t.b));
	assert_false(has_loan(items(j, "inactive"), t.c));
	json_t *it = json_array_get(items(j, "inactive"), 0);
	json_t *loan = get(x, jint(it, "loan_id"), "2025-07-01");
	assert_true(json_is_true(json_object_get(loan, "inactive")));
	/* 108 days on 50 M at 6.6 %: 976,438, what the borrower owes on 2025-07-01 */
	assert_int_equal(jint(it, "interest_owed"), 976438);
	assert_int_equal(jint(it, "interest_owed"),
			 jint(json_object_get(loan, "interest_owed"), "total"));
	json_decref(loan);
	assert_int_equal(jint(in, "interest_owed"), 2 * 976438);
	assert_string_equal(json_string_value(json_object_get(it, "group_code")), "TK-01");
	assert_string_equal(json_string_value(json_object_get(it, "commune_code")), "12001");
	assert_string_equal(json_string_value(json_object_get(it, "interest_from")), "2025-03-15");
	assert_int_equal(jint(json_object_get(j, "overdue"), "loans"), 0);
	json_t *p1 = session_of(j, x->f->p1);
	assert_non_null(p1);
	assert_string_equal(json_string_value(json_object_get(p1, "session_date")), "2025-07-17");
	assert_int_equal(jint(p1, "instalments"), 0);
	json_decref(j);
}

struct age_case {
	const char *on;
	int days;
	const char *bucket;
};

/* R-DUE-1: unpaid on 2026-03-15, the three first instalments are overdue from 2026-03-16;
 * the same loans read on later days fall in each age bucket in turn. */
static void test_r_due_1_overdue_by_age(void **state)
{
	struct loan_fx *x = *state;
	struct flagged_loans t = flagged_loans(x);
	eod_to(x, "2026-03-16");
	static const struct age_case cases[] = {
		{"2026-03-16", 1, "1-30"},    {"2026-04-20", 36, "31-90"},
		{"2026-06-15", 92, "91-180"}, {"2026-09-15", 184, "181-360"},
		{"2027-03-16", 366, "over-360"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		json_t *j = worklist_ok(x, &x->director, "2026-03-16", cases[k].on, 0);
		json_t *od = json_object_get(j, "overdue");
		assert_int_equal(jint(od, "loans"), 3);
		assert_int_equal(jint(od, "overdue_principal"), 3 * 16666000);
		assert_int_equal(jint(od, "balance"), 3 * 50000000);
		json_t *buckets = json_object_get(od, "buckets");
		assert_int_equal(json_array_size(buckets), 5);
		size_t i;
		json_t *b;
		json_array_foreach(buckets, i, b)
		{
			bool here = strcmp(json_string_value(json_object_get(b, "bucket")),
					   cases[k].bucket) == 0;
			assert_int_equal(jint(b, "loans"), here ? 3 : 0);
			assert_int_equal(jint(b, "overdue_principal"), here ? 3 * 16666000 : 0);
		}
		json_t *it = json_array_get(items(j, "overdue"), 0);
		assert_int_equal(jint(it, "days_overdue"), cases[k].days);
		assert_string_equal(json_string_value(json_object_get(it, "bucket")),
				    cases[k].bucket);
		assert_string_equal(json_string_value(json_object_get(it, "oldest_due_on")),
				    "2026-03-15");
		assert_int_equal(jint(it, "overdue_principal"), 16666000);
		assert_true(has_loan(items(j, "overdue"), t.a));
		json_decref(j);
	}
}

/* R-SES-1: read on 2027-02-20, P1's next session is 2027-03-17 and the second instalments
 * (2027-03-15) are due by then; the overdue first ones are not listed again. A loan without
 * a group is collected at the point serving its household's commune. */
static void test_r_ses_1_instalments_due_at_the_next_session(void **state)
{
	struct loan_fx *x = *state;
	struct flagged_loans t = flagged_loans(x);
	eod_to(x, "2026-03-16");
	json_t *j = worklist_ok(x, &x->officer, "2026-03-16", NULL, 0);
	assert_int_equal(jint(session_of(j, x->f->p1), "instalments"), 0);
	json_decref(j);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE loan SET group_id = NULL WHERE id = %lld",
		 (long long)t.c);
	fix_exec(x->f->s, sql);
	j = worklist_ok(x, &x->officer, "2026-03-16", "2027-02-20", 0);
	json_t *p1 = session_of(j, x->f->p1);
	assert_string_equal(json_string_value(json_object_get(p1, "session_date")), "2027-03-17");
	assert_int_equal(jint(p1, "meeting_day"), 17);
	assert_int_equal(jint(p1, "instalments"), 3);
	assert_int_equal(jint(p1, "principal_due"), 3 * 16666000);
	json_t *arr = json_object_get(p1, "items");
	assert_int_equal(json_array_size(arr), 3);
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		assert_int_equal(jint(it, "position"), 2);
		assert_string_equal(json_string_value(json_object_get(it, "due_on")), "2027-03-15");
		assert_int_equal(jint(it, "principal_due"), 16666000);
		bool direct = jint(it, "loan_id") == t.c;
		assert_int_equal(json_is_null(json_object_get(it, "group_code")), direct);
	}
	/* Sessions come in order of their day: P1 (17th) and P2 of PGD319 not in scope. */
	assert_null(session_of(j, x->f->p2));
	json_decref(j);
	/* The day before the instalments' session month: not due by 2027-02-17. */
	j = worklist_ok(x, &x->officer, "2026-03-16", "2027-02-17", 0);
	assert_int_equal(jint(session_of(j, x->f->p1), "instalments"), 0);
	json_decref(j);
}

/* R-ORG-4: the office subtree and the chapter; the officer's communes; refusals name the
 * problem and write nothing. */
static void test_r_org_4_scope_and_officer(void **state)
{
	struct loan_fx *x = *state;
	struct flagged_loans t = flagged_loans(x);
	struct fixture *f = x->f;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO staff_commune (staff_id, commune_code, valid_from) VALUES (%lld, "
		 "'12001', '2010-01-01')",
		 (long long)f->co1);
	fix_exec(f->s, sql);
	char o[24];
	int64_t co3 = fix_id(f->s,
			     "INSERT INTO staff (office_id, full_name, role, valid_from) VALUES "
			     "(CAST(? AS BIGINT), 'Đỗ Văn Ba', 'credit_officer', '2010-01-01') "
			     "RETURNING id",
			     fix_num(f->pgd318, o), NULL, NULL, NULL);
	snprintf(sql, sizeof sql,
		 "INSERT INTO staff_commune (staff_id, commune_code, valid_from) VALUES (%lld, "
		 "'12002', '2010-01-01')",
		 (long long)co3);
	fix_exec(f->s, sql);
	/* The officer covering 12001 has the loans; the one covering 12002 none, but P1
	 * serves 12002 too and is listed. */
	json_t *j = worklist_ok(x, &x->director, "2025-07-01", NULL, f->co1);
	json_t *who = json_object_get(j, "officer");
	assert_int_equal(jint(who, "staff_id"), f->co1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(who, "communes"), 0)),
			    "12001");
	assert_int_equal(jint(json_object_get(j, "inactive"), "loans"), 2);
	json_decref(j);
	j = worklist_ok(x, &x->director, "2025-07-01", NULL, co3);
	assert_int_equal(jint(json_object_get(j, "inactive"), "loans"), 0);
	assert_non_null(session_of(j, f->p1));
	json_decref(j);
	/* The union officer of the loans' chapter sees them; a director of PGD319 does not. */
	j = worklist_ok(x, &x->union_officer, "2025-07-01", NULL, 0);
	assert_int_equal(jint(json_object_get(j, "inactive"), "loans"), 2);
	json_decref(j);
	struct td_actor other = person(ROLE_UNION_OFFICER, 12, f->pgd318, x->chapter + 1000);
	j = worklist_ok(x, &other, "2025-07-01", NULL, 0);
	assert_int_equal(jint(json_object_get(j, "inactive"), "loans"), 0);
	json_decref(j);
	struct td_actor d319 = person(ROLE_DIRECTOR, 32, f->pgd319, 0);
	j = worklist_ok(x, &d319, "2025-07-01", NULL, 0);
	assert_int_equal(jint(json_object_get(j, "inactive"), "loans"), 0);
	assert_null(session_of(j, f->p1));
	assert_non_null(session_of(j, f->p2));
	json_decref(j);
	(void)t;

	int64_t audits = fix_count(f, "SELECT count(*) FROM audit_log");
	struct td_error err = {0};
	j = NULL;
	assert_int_equal(worklist(x, &x->director, "2025-07-01", NULL, f->co2, &j, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(worklist(x, &x->director, "2025-07-01", NULL, f->t1, &j, &err),
			 TD_EINVAL);
	assert_non_null(strstr(err.msg, "is a teller, not a credit officer"));
	assert_int_equal(worklist(x, &x->director, "2025-07-01", NULL, 999999, &j, &err),
			 TD_ENOTFOUND);
	assert_int_equal(worklist(x, &x->director, "2025-07-01", "2025-06-30", 0, &j, &err),
			 TD_EINVAL);
	assert_non_null(strstr(err.msg, "30/06/2025 is before the business date 01/07/2025"));
	assert_int_equal(worklist(x, &x->director, "2025-07-01", "2026-07-03", 0, &j, &err),
			 TD_EINVAL);
	assert_null(j);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log"), audits);
}

/* R-INACT-1 in the loan list and the 13/TD list's source: loan_list marks the flag and
 * filters on it. */
static void test_r_inact_1_flag_in_loan_list(void **state)
{
	struct loan_fx *x = *state;
	struct flagged_loans t = flagged_loans(x);
	struct td_ctx c = as(x, &x->officer, "2025-07-01");
	struct loan_filter lf = {0};
	json_t *j = NULL;
	struct td_error err = {0};
	must(loan_list(&c, &lf, &j, &err), &err, "list");
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		assert_int_equal(json_is_true(json_object_get(it, "inactive")),
				 jint(it, "id") != t.c);
	json_decref(j);
	lf.inactive_only = true;
	must(loan_list(&c, &lf, &j, &err), &err, "list inactive");
	assert_int_equal(jint(j, "total"), 2);
	json_array_foreach(json_object_get(j, "items"), i, it) assert_true(jint(it, "id") != t.c);
	json_decref(j);
	json_t *g = get(x, t.c, "2025-07-01");
	assert_true(json_is_false(json_object_get(g, "inactive")));
	json_decref(g);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_inact_1_worklist_lists_the_flagged_loans),
		T(test_r_due_1_overdue_by_age),
		T(test_r_ses_1_instalments_due_at_the_next_session),
		T(test_r_org_4_scope_and_officer),
		T(test_r_inact_1_flag_in_loan_list),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "worklist/postgres"
									      : "worklist/sqlite",
					   tests, NULL, NULL);
}
