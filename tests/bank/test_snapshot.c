/* Month-end snapshots on both stores (R-CLS-1): what month end stores per office (account
 * balances, the portfolio by programme, source, term, status, organisation, commune and
 * ethnicity), the figures of a subtree beside the previous month end and the previous
 * 31 December with the differences, a late run undoing repayments after month end, and the
 * refusals (unknown office, not a month end, no snapshot, out of scope: R-ORG-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "month_end_fixture.h"

static json_t *snap(struct loan_fx *x, int64_t office, const char *date)
{
	struct td_ctx c = as(x, &x->f->admin, "2026-12-31");
	struct td_error err = {0};
	json_t *j = NULL;
	must(snapshot_get(&c, office, fix_day(date), &j, &err), &err, "snapshot");
	return j;
}

/* Part `part` ("value", "previous_month"...) of figure key of object o; -999 for null. */
static int64_t fig(json_t *o, const char *key, const char *part)
{
	json_t *v = json_object_get(json_object_get(o, key), part);
	if (!v)
		fail_msg("no figure %s.%s", key, part);
	return json_is_null(v) ? -999 : json_integer_value(v);
}

/* The account row of type (programme, source as snapshot.h gives them), or fails. */
static json_t *account(json_t *j, const char *type)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "accounts"), i, r)
	{
		if (strcmp(json_string_value(json_object_get(r, "type")), type) == 0)
			return r;
	}
	fail_msg("no account %s in the snapshot", type);
	return NULL;
}

/* The portfolio row of status class st, or NULL. */
static json_t *row_of(json_t *j, const char *st)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "portfolio"), i, r)
	{
		if (strcmp(json_string_value(json_object_get(r, "status")), st) == 0)
			return r;
	}
	return NULL;
}

static const char *text(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* March 2025: two loans of 50 M over 36 months (medium term), in term, of the women's
 * union chapter, borrowers of commune 12001, Kinh. The ledger at month end, with the run's
 * own accrual (2 x 153,699), and no earlier snapshot to compare with (nulls). */
static void test_r_cls_1_snapshot_of_one_office(void **state)
{
	struct loan_fx *x = *state;
	disburse_ok(x, application(x, x->f->hh1[0], true));
	disburse_ok(x, application(x, x->f->hh1[1], true));
	struct month_end_result r;
	me_run_ok(x, "2025-04-01", "2025-03-31", &r);
	assert_int_equal(r.loans, 2);
	assert_int_equal(r.borrowers, 2);
	assert_int_equal(r.outstanding, 100000000);
	json_t *j = snap(x, x->f->pgd318, "2025-03-31");
	assert_string_equal(text(j, "office_code"), "PGD318");
	assert_string_equal(text(j, "previous_month_end"), "2025-02-28");
	assert_string_equal(text(j, "year_end"), "2024-12-31");
	json_t *t = json_object_get(j, "totals");
	assert_int_equal(fig(t, "loans", "value"), 2);
	assert_int_equal(fig(t, "borrowers", "value"), 2);
	assert_int_equal(fig(t, "outstanding", "value"), 100000000);
	assert_int_equal(fig(t, "overdue_principal", "value"), 0);
	assert_int_equal(fig(t, "balance_of_overdue_loans", "value"), 0);
	assert_int_equal(fig(t, "overdue_ratio_bp", "value"), 0);
	assert_int_equal(fig(t, "outstanding", "previous_month"), -999);
	assert_int_equal(fig(t, "outstanding", "change_year"), -999);
	assert_int_equal(json_array_size(json_object_get(j, "portfolio")), 1);
	json_t *p = row_of(j, "in_term");
	assert_non_null(p);
	assert_string_equal(text(p, "programme"), "1");
	assert_string_equal(text(p, "source_code"), "TW-01");
	assert_string_equal(text(p, "term"), "medium");
	assert_string_equal(text(p, "organisation"), "women");
	assert_string_equal(text(p, "commune_code"), "12001");
	assert_string_equal(text(p, "ethnicity"), "Kinh");
	assert_int_equal(fig(p, "loans", "value"), 2);
	assert_int_equal(fig(p, "outstanding", "value"), 100000000);
	assert_int_equal(fig(account(j, "LOAN_IN_TERM"), "balance", "value"), 100000000);
	assert_int_equal(fig(account(j, "CASH"), "balance", "value"), 100000000);
	assert_int_equal(fig(account(j, "CAPITAL_CENTRAL"), "balance", "value"), 200000000);
	assert_int_equal(fig(account(j, "INTEREST_RECEIVABLE"), "balance", "value"), 307398);
	/* income is credit-normal: shown positive */
	assert_int_equal(fig(account(j, "INTEREST_INCOME"), "balance", "value"), 307398);
	json_decref(j);
	/* the stored rows are aggregates: one portfolio row for the two loans */
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM month_end_portfolio"), 1);
	assert_int_equal(fix_count(x->f, "SELECT borrowers FROM month_end_portfolio"), 2);
}

/* R-CLS-1 comparisons: December 2025, January and February 2026 of the same loans; a
 * prepays in January, so February is January's figure and 31 December's less that
 * principal. At 31 January the month before is 31 December: both comparisons agree. */
static void test_r_cls_1_compared_with_last_month_and_31_december(void **state)
{
	struct loan_fx *x = *state;
	int64_t a = disburse_ok(x, application(x, x->f->hh1[0], true));
	disburse_ok(x, application(x, x->f->hh1[1], true));
	struct month_end_result r;
	me_run_ok(x, "2026-01-01", "2025-12-31", &r);
	struct payment_allocation p = repay_on(x, a, 12000000, "2026-01-20");
	td_money paid = p.prepaid_principal;
	assert_true(paid > 8000000);
	me_run_ok(x, "2026-02-01", "2026-01-31", &r);
	me_run_ok(x, "2026-03-01", "2026-02-28", &r);
	json_t *j = snap(x, x->f->pgd318, "2026-02-28");
	json_t *t = json_object_get(j, "totals");
	assert_int_equal(fig(t, "outstanding", "value"), 100000000 - paid);
	assert_int_equal(fig(t, "outstanding", "previous_month"), 100000000 - paid);
	assert_int_equal(fig(t, "outstanding", "year_end"), 100000000);
	assert_int_equal(fig(t, "outstanding", "change_month"), 0);
	assert_int_equal(fig(t, "outstanding", "change_year"), -paid);
	assert_int_equal(fig(t, "loans", "change_year"), 0);
	json_t *li = account(j, "LOAN_IN_TERM");
	assert_int_equal(fig(li, "balance", "value"), 100000000 - paid);
	assert_int_equal(fig(li, "balance", "change_year"), -paid);
	json_t *cash = account(j, "CASH");
	assert_int_equal(fig(cash, "balance", "change_year"), 12000000);
	/* interest collected in January is income of the year: compared with 31 December the
	 * income account grew by it plus the change of the receivable */
	json_t *ii = account(j, "INTEREST_INCOME"), *ir = account(j, "INTEREST_RECEIVABLE");
	assert_int_equal(fig(ii, "balance", "change_year"),
			 p.in_term_interest + fig(ir, "balance", "change_year"));
	json_t *o = json_object_get(j, "offices");
	assert_int_equal(json_integer_value(json_object_get(o, "year_end")), 1);
	json_decref(j);

	j = snap(x, x->f->pgd318, "2026-01-31");
	assert_string_equal(text(j, "previous_month_end"), "2025-12-31");
	assert_string_equal(text(j, "year_end"), "2025-12-31");
	t = json_object_get(j, "totals");
	assert_int_equal(fig(t, "outstanding", "change_month"), -paid);
	assert_int_equal(fig(t, "outstanding", "change_year"), -paid);
	json_decref(j);
}

/* Status classes at month end (R-CLS-1, R-RISK-1: frozen apart from overdue): a overdue
 * (16,666,000 of its 50 M), b frozen, c repaid and gone; eod took the snapshot. The two
 * "overdue" figures are named apart: the overdue principal (16,666,000) and the balance of
 * the loans with anything overdue (a's whole 50 M); the ratio uses the principal. */
static void test_r_cls_1_overdue_and_frozen_classes(void **state)
{
	struct loan_fx *x = *state;
	three_loans_through_march_2026(x);
	json_t *j = snap(x, x->f->pgd318, "2026-03-31");
	json_t *t = json_object_get(j, "totals");
	assert_int_equal(fig(t, "loans", "value"), 2);
	assert_int_equal(fig(t, "outstanding", "value"), 100000000);
	assert_int_equal(fig(t, "overdue_principal", "value"), 16666000);
	assert_int_equal(fig(t, "balance_of_overdue_loans", "value"), 50000000);
	assert_int_equal(fig(t, "overdue_ratio_bp", "value"), 1666); /* 16,666,000 / 100 M */
	assert_int_equal(fig(t, "overdue_ratio_bp", "previous_month"), 0);
	assert_int_equal(fig(t, "overdue_ratio_bp", "change_month"), 1666);
	assert_null(json_object_get(t, "overdue")); /* the ambiguous name is gone */
	assert_int_equal(fig(t, "frozen", "value"), 50000000);
	/* February: three loans in term */
	assert_int_equal(fig(t, "loans", "previous_month"), 3);
	assert_int_equal(fig(t, "outstanding", "change_month"), -50000000);
	json_t *od = row_of(j, "overdue"), *fr = row_of(j, "frozen"), *in = row_of(j, "in_term");
	assert_non_null(od);
	assert_non_null(fr);
	assert_non_null(in); /* February's in-term row, now 0 */
	assert_int_equal(fig(od, "outstanding", "value"), 50000000);
	assert_int_equal(fig(od, "overdue_principal", "value"), 16666000);
	assert_int_equal(fig(fr, "frozen", "value"), 50000000);
	assert_int_equal(fig(fr, "overdue_principal", "value"), 0);
	assert_int_equal(fig(in, "loans", "value"), 0);
	assert_int_equal(fig(in, "loans", "previous_month"), 3);
	assert_int_equal(fig(account(j, "LOAN_OVERDUE"), "balance", "value"), 16666000);
	assert_int_equal(fig(account(j, "LOAN_FROZEN"), "balance", "value"), 50000000);
	json_decref(j);
}

/* A late run (R-CLS-1): a repayment dated after month end and booked before the run is
 * undone, in the portfolio (outstanding + its principal) and in the ledger (entries dated
 * after month end left out), so both say the same. */
static void test_r_cls_1_late_run_undoes_later_repayments(void **state)
{
	struct loan_fx *x = *state;
	int64_t a = disburse_ok(x, application(x, x->f->hh1[0], true));
	struct payment_allocation p = repay_on(x, a, 5000000, "2025-04-10");
	assert_true(p.prepaid_principal > 0);
	struct month_end_result r;
	me_run_ok(x, "2025-04-20", "2025-03-31", &r);
	assert_int_equal(r.outstanding, 50000000);
	json_t *j = snap(x, x->f->pgd318, "2025-03-31");
	assert_int_equal(fig(account(j, "LOAN_IN_TERM"), "balance", "value"), 50000000);
	assert_int_equal(fig(account(j, "CASH"), "balance", "value"), 150000000);
	/* the run's own accrual entry is in the snapshot though dated 2025-04-20 */
	assert_int_equal(fig(account(j, "INTEREST_RECEIVABLE"), "balance", "value"),
			 r.accrual_target);
	json_decref(j);
}

/* A subtree sums its offices: BR31 holds PGD318 and PGD319 (month_end_run_all ran them
 * all); an office run alone leaves the others listed as missing. */
static void test_r_cls_1_subtree_and_missing_offices(void **state)
{
	struct loan_fx *x = *state;
	disburse_ok(x, application(x, x->f->hh1[0], true));
	struct month_end_result r;
	me_run_ok(x, "2025-04-01", "2025-03-31", &r);
	json_t *j = snap(x, x->f->br31, "2025-03-31");
	json_t *o = json_object_get(j, "offices");
	assert_int_equal(json_integer_value(json_object_get(o, "date")), 1);
	json_t *miss = json_object_get(j, "offices_missing");
	assert_int_equal(json_array_size(miss), 2);
	assert_string_equal(json_string_value(json_array_get(miss, 0)), "BR31");
	assert_string_equal(json_string_value(json_array_get(miss, 1)), "PGD319");
	json_decref(j);
	struct td_ctx c = as(x, &x->f->admin, "2025-05-01");
	struct td_error err = {0};
	int ran = -1;
	must(month_end_run_all(&c, fix_day("2025-04-30"), &ran, &err), &err, "all");
	assert_int_equal(ran, fix_count(x->f, "SELECT count(*) FROM office"));
	must(month_end_run_all(&c, fix_day("2025-04-30"), &ran, &err), &err, "all again");
	assert_int_equal(ran, 0);
	j = snap(x, x->f->br31, "2025-04-30");
	o = json_object_get(j, "offices");
	assert_int_equal(json_integer_value(json_object_get(o, "date")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "previous_month")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "offices_missing")), 0);
	assert_int_equal(fig(json_object_get(j, "totals"), "outstanding", "value"), 50000000);
	json_decref(j);
}

/* Refusals: unknown office, a date that is no month end, a month end not run, another
 * district's teller and a union officer (office data: R-ORG-4); none answers anything. */
static void test_r_cls_1_refusals(void **state)
{
	struct loan_fx *x = *state;
	disburse_ok(x, application(x, x->f->hh1[0], true));
	struct month_end_result r;
	me_run_ok(x, "2025-04-01", "2025-03-31", &r);
	struct td_ctx c = as(x, &x->director, "2025-04-01");
	struct td_error err = {0};
	json_t *j = NULL;
	assert_int_equal(snapshot_get(&c, x->f->pgd318 + 1000, fix_day("2025-03-31"), &j, &err),
			 TD_ENOTFOUND);
	assert_msg_has(err, "does not exist");
	assert_int_equal(snapshot_get(&c, x->f->pgd318, fix_day("2025-03-30"), &j, &err),
			 TD_EINVAL);
	assert_msg_has(err, "2025-03-31");
	assert_int_equal(snapshot_get(&c, x->f->pgd318, fix_day("2025-02-28"), &j, &err),
			 TD_ENOTFOUND);
	assert_msg_has(err, "no month-end snapshot of PGD318 at 2025-02-28");
	/* the office's own staff read it (ACT_READ, like the trial balance) */
	must(snapshot_get(&c, x->f->pgd318, fix_day("2025-03-31"), &j, &err), &err, "director");
	json_decref(j);
	j = NULL;
	struct td_ctx t = as(x, &x->teller_319, "2025-04-01");
	assert_int_equal(snapshot_get(&t, x->f->pgd318, fix_day("2025-03-31"), &j, &err),
			 TD_EFORBIDDEN);
	struct td_ctx u = as(x, &x->union_officer, "2025-04-01");
	assert_int_equal(snapshot_get(&u, x->f->pgd318, fix_day("2025-03-31"), &j, &err),
			 TD_EFORBIDDEN);
	assert_null(j);
	/* the default date is the last month end before the business date's month */
	assert_int_equal(snapshot_default_date(fix_day("2025-04-01")), fix_day("2025-03-31"));
	assert_int_equal(snapshot_default_date(fix_day("2025-03-31")), fix_day("2025-02-28"));
	assert_int_equal(snapshot_default_date(fix_day("2025-01-15")), fix_day("2024-12-31"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_cls_1_snapshot_of_one_office),
		T(test_r_cls_1_compared_with_last_month_and_31_december),
		T(test_r_cls_1_overdue_and_frozen_classes),
		T(test_r_cls_1_late_run_undoes_later_repayments),
		T(test_r_cls_1_subtree_and_missing_offices),
		T(test_r_cls_1_refusals),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "snapshot/postgres"
									      : "snapshot/sqlite",
					   tests, NULL, NULL);
}
