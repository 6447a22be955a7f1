/*
 * Lending limits (R-PRG-1) as a branch's inspectors would try them: the cap is per borrower,
 * not per application, checked at application, at the director's decision and at
 * disbursement with the figures in the refusal; programme terms are dated versions that
 * change what comes after their day and nothing before. Both stores.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "bank/programme_db.h"
#include "loan_fixture.h"
#include "support/forms.h"

static void has(const struct td_error *err, const char *text)
{
	if (!strstr(err->msg, text))
		fail_msg("message '%s' lacks '%s'", err->msg, text);
}

/* What a refusal must leave as it was. */
struct counts {
	int64_t apps, approved, loans, entries, audit;
};

static struct counts counts(struct loan_fx *x)
{
	return (struct counts){
		fix_count(x->f, "SELECT count(*) FROM loan_application"),
		fix_count(x->f, "SELECT count(*) FROM loan_application WHERE step = 'approved'"),
		fix_count(x->f, "SELECT count(*) FROM loan"),
		fix_count(x->f, "SELECT count(*) FROM gl_entry"),
		fix_count(x->f, "SELECT count(*) FROM audit_log")};
}

static void unchanged(struct loan_fx *x, struct counts before)
{
	struct counts now = counts(x);
	assert_memory_equal(&now, &before, sizeof now);
}

static struct application_input form(int64_t hh, td_money amount, const char *on)
{
	return (struct application_input){.household_id = hh,
					  .programme = "1",
					  .amount = amount,
					  .term_months = 36,
					  .purpose = "Mua bò giống",
					  .plan = "Chăn nuôi bò sinh sản",
					  .applied_on = fix_day(on)};
}

/* Files an application of hh for amount on 2025-03-03 and takes it through the office
 * check; TD_OK or the refusal of application_create. */
static int file(struct loan_fx *x, int64_t hh, td_money amount, int64_t *id, struct td_error *err)
{
	struct application_input in = form(hh, amount, "2025-03-03");
	struct application_vote v = {.on = fix_day("2025-03-05"),
				     .minutes_no = "05/BB-10C",
				     .list_no = "03/TD-07",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .members_present = 4,
				     .votes_for = 4,
				     .votes_against = 0};
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct td_ctx o = as(x, &x->officer, "2025-03-31");
	int rc = application_create(&u, &in, id, err);
	if (rc != TD_OK)
		return rc;
	must(application_vote(&u, *id, &v, err), err, "vote");
	must(application_confirm(&o, *id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), err), err,
	     "confirm");
	must(application_check(&o, *id, fix_day("2025-03-10"), NULL, err), err, "check");
	return TD_OK;
}

static int decide(struct loan_fx *x, int64_t id, const char *on, struct td_error *err)
{
	struct td_ctx d = as(x, &x->director, "2025-03-31");
	return application_decide(&d, id, fix_day(on), true, NULL, err);
}

static int disburse(struct loan_fx *x, int64_t app, td_money amount, const char *on,
		    struct td_error *err)
{
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct loan_disburse_input in = {.application_id = app,
					 .source_id = x->source,
					 .amount = amount,
					 .on = fix_day(on)};
	int64_t loan = 0;
	return loan_disburse(&t, &in, &loan, err);
}

/* The run that exposed it: two approved and disbursed programme-1 loans of 80 M each. The
 * second application is refused with the figures; 20 M more fits exactly. */
static void test_r_prg_1_cap_per_borrower_at_application(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t a = 0, b = 0;
	must(file(x, x->f->hh1[0], 80000000, &a, &err), &err, "first");
	must(decide(x, a, "2025-03-11", &err), &err, "decide");
	must(disburse(x, a, 80000000, "2025-03-15", &err), &err, "disburse");
	struct counts before = counts(x);
	assert_int_equal(file(x, x->f->hh1[0], 80000000, &b, &err), TD_ERULE);
	has(&err, "borrower_over_cap");
	has(&err, "Hộ đang còn nợ 80.000.000 đồng ở chương trình 1; thêm 80.000.000 đồng là "
		  "160.000.000 đồng, vượt mức tối đa 100.000.000 đồng mỗi hộ");
	unchanged(x, before);
	must(file(x, x->f->hh1[0], 20000000, &b, &err), &err, "20 M more");
	/* another household is not concerned */
	must(file(x, x->f->hh1[1], 80000000, &b, &err), &err, "another household");
	books_agree(x, 0, NULL);
}

/* Two applications filed before either is decided: the first approved counts against
 * the second at the director's decision, approved but not yet disbursed. */
static void test_r_prg_1_cap_per_borrower_at_decision(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t a = 0, b = 0;
	must(file(x, x->f->hh1[0], 80000000, &a, &err), &err, "first");
	must(file(x, x->f->hh1[0], 80000000, &b, &err), &err, "second, nothing approved yet");
	must(decide(x, a, "2025-03-11", &err), &err, "decide the first");
	struct counts before = counts(x);
	assert_int_equal(decide(x, b, "2025-03-11", &err), TD_ERULE);
	has(&err, "borrower_over_cap");
	has(&err, "Hộ đang còn nợ 80.000.000 đồng");
	unchanged(x, before);
	/* the judgement of the application shows the same, and the cap per borrower */
	struct td_ctx o = as(x, &x->officer, "2025-03-31");
	json_t *j = NULL;
	must(application_get(&o, b, &j, &err), &err, "get");
	json_t *e = json_object_get(j, "eligibility");
	assert_int_equal(json_integer_value(json_object_get(e, "borrower_cap")), 100000000);
	assert_true(json_is_false(json_object_get(e, "eligible")));
	json_decref(j);
}

/* The cap in force on the disbursement day applies: lowered to 60 M between the decision
 * and the disbursement, the 80 M loan is not paid out, and nothing is booked. */
static void test_r_prg_1_cap_at_disbursement_and_dated_terms(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t a = 0;
	must(file(x, x->f->hh1[0], 80000000, &a, &err), &err, "file");
	must(decide(x, a, "2025-03-11", &err), &err, "decide");
	struct prg_cap cap = {.scope = PRG_CAP_BORROWER, .kind = PRG_CAP_FIXED, .amount = 60000000};
	struct programme_terms_input t = {.effective_from = fix_day("2025-03-13"),
					  .source = "QĐ thử 01/2025",
					  .max_term_months = -1,
					  .grace_months = -1,
					  .collateral_above = PROGRAMME_KEEP,
					  .roll_forward = -1,
					  .overdue_pct = -1,
					  .caps = &cap,
					  .ncaps = 1};
	must(programme_db_add_terms(&x->f->ctx, "1", &t, &err), &err, "terms");
	struct counts before = counts(x);
	assert_int_equal(disburse(x, a, 80000000, "2025-03-15", &err), TD_ERULE);
	has(&err, "không giải ngân được hồ sơ");
	has(&err, "vượt mức tối đa 60.000.000 đồng mỗi hộ");
	unchanged(x, before);
	/* the same money on the day before the new terms is paid out */
	must(disburse(x, a, 80000000, "2025-03-12", &err), &err, "before the new terms");
	books_agree(x, 0, NULL);
}

/* A terms version changes computations after its day and none before; history only grows;
 * only an administrator of the head office writes it; every refusal changes nothing. */
static void test_r_prg_1_terms_are_dated_versions(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	struct programme_terms_input t = {.effective_from = fix_day("2025-06-01"),
					  .source = "QĐ thử 02/2025",
					  .max_term_months = 60,
					  .grace_months = -1,
					  .collateral_above = 50000000,
					  .roll_forward = 0,
					  .overdue_pct = -1};
	must(programme_db_add_terms(&x->f->ctx, "1", &t, &err), &err, "terms");
	struct programme_db before, after;
	must(programme_db_load(&x->f->ctx, "1", fix_day("2025-05-31"), &before, &err), &err, "b");
	must(programme_db_load(&x->f->ctx, "1", fix_day("2025-06-01"), &after, &err), &err, "a");
	assert_int_equal(before.p.max_term_months, 120);
	assert_int_equal(after.p.max_term_months, 60);
	assert_int_equal(before.p.collateral_above, PRG_NO_COLLATERAL);
	assert_int_equal(after.p.collateral_above, 50000000);
	assert_true(before.p.roll_forward);
	assert_false(after.p.roll_forward);
	assert_int_equal(after.p.cap_count, before.p.cap_count); /* caps kept */
	assert_int_equal(after.p.caps[0].amount, 100000000);
	assert_int_equal(after.p.terms_from, fix_day("2025-06-01"));
	programme_db_free(&before);
	programme_db_free(&after);
	/* an application dated after the change is judged on the new terms */
	struct td_ctx u = as(x, &x->union_officer, "2025-07-31");
	struct application_input in = form(x->f->hh1[0], 30000000, "2025-07-01");
	in.term_months = 72;
	json_t *j = NULL;
	must(application_judge(&u, &in, &j, &err), &err, "judge");
	assert_true(json_is_false(json_object_get(j, "eligible")));
	assert_int_equal(json_integer_value(json_object_get(j, "max_term_months")), 60);
	json_decref(j);
	int64_t terms = fix_count(x->f, "SELECT count(*) FROM programme_terms");
	int64_t audit = fix_count(x->f, "SELECT count(*) FROM audit_log");
	/* on or before the latest version: refused */
	t.effective_from = fix_day("2025-06-01");
	assert_int_equal(programme_db_add_terms(&x->f->ctx, "1", &t, &err), TD_ERULE);
	has(&err, "đã có điều kiện cho vay từ 01/06/2025");
	/* a malformed cap, no source, a bad channel */
	struct prg_cap bad = {.scope = PRG_CAP_LOAN, .kind = PRG_CAP_CONTRACT_PCT, .pct = 0};
	t.effective_from = fix_day("2025-09-01");
	t.caps = &bad;
	t.ncaps = 1;
	assert_int_equal(programme_db_add_terms(&x->f->ctx, "1", &t, &err), TD_EINVAL);
	has(&err, "cap 1 is malformed");
	t.caps = NULL;
	t.ncaps = 0;
	t.source = "";
	assert_int_equal(programme_db_add_terms(&x->f->ctx, "1", &t, &err), TD_EINVAL);
	t.source = "x";
	t.channel = "post";
	assert_int_equal(programme_db_add_terms(&x->f->ctx, "1", &t, &err), TD_EINVAL);
	has(&err, "kênh cho vay");
	t.channel = NULL;
	/* a director of a district office may not */
	struct td_ctx d = as(x, &x->director, "2025-03-31");
	assert_int_equal(programme_db_add_terms(&d, "1", &t, &err), TD_EFORBIDDEN);
	assert_int_equal(programme_db_add_terms(&x->f->ctx, "77", &t, &err), TD_ENOTFOUND);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM programme_terms"), terms);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log"), audit);
	/* the audit record of the first change names the source */
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE action = "
					 "'terms_add' AND after_json LIKE '%QĐ thử 02/2025%'"),
			 1);
}

/* Programme 3 for a business (Decree 74/2019): 100 M per worker whose job the loan creates
 * or keeps; the jobs are kept on the application and on the loan. */
static void test_r_prg_1_job_creation_per_worker(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct application_input in = form(x->f->hh1[0], 250000000, "2025-03-03");
	in.programme = "3";
	in.purpose_flags = "business"; /* a production and business establishment */
	in.jobs = 2;
	int64_t id = 0;
	struct counts before = counts(x);
	assert_int_equal(application_create(&u, &in, &id, &err), TD_ERULE);
	has(&err, "amount_over_cap");
	unchanged(x, before);
	in.jobs = 3;
	must(application_create(&u, &in, &id, &err), &err, "3 jobs");
	assert_int_equal(fix_count(x->f, "SELECT jobs FROM loan_application"), 3);
	in.jobs = 0;
	assert_int_equal(application_create(&u, &in, &id, &err), TD_ERULE);
	has(&err, "jobs_missing");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_r_prg_1_cap_per_borrower_at_application, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r_prg_1_cap_per_borrower_at_decision, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r_prg_1_cap_at_disbursement_and_dated_terms,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_r_prg_1_terms_are_dated_versions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r_prg_1_job_creation_per_worker, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
