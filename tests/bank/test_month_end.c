/* Month end on both stores: entrustment fees per chapter with the overdue-ratio tiers and
 * the split (R-FEE-1), the group leader's commission (R-FEE-2), the booking, an idempotent
 * rerun, refusals, and the books agreeing after (R-GL-1, R-GL-2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/application.h"
#include "bank/check.h"
#include "bank/group.h"
#include "bank/loan.h"
#include "bank/month_end.h"
#include "ledger_fixture.h"

/* Group TK-01 of hh1[0..4] in commune 12001, statuses for 2025, a central source TW-01 of
 * PGD318 holding 200 M, and the people who act. Business date 2028-12-31, so any day of
 * the loans' lives can be booked. */
struct loan_fx {
	struct fixture *f;
	int64_t chapter, group, source;
	struct td_actor union_officer, officer, director, teller;
};

static void add_status(struct fixture *f, int64_t hid, const char *status)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO poverty_import (commune_code, year, office_id, file_name, sha256, "
		 "rows_read, new_households, unchanged, status_changed, left_list, rejected, "
		 "business_date, user_id, username) VALUES ('12001', 2025, %lld, 'x.csv', 'x', 0, "
		 "0, 0, 0, 0, 0, '2025-01-01', 0, 'system');"
		 "INSERT INTO poverty_status (household_id, year, status, commune_code, import_id, "
		 "recorded_on) SELECT %lld, 2025, '%s', '12001', max(id), '2025-01-01' FROM "
		 "poverty_import;",
		 (long long)f->pgd318, (long long)hid, status);
	fix_exec(f->s, sql);
}

static struct td_actor person(enum td_role role, int64_t user, int64_t office, int64_t chapter)
{
	struct td_actor a = fix_actor(role, office, chapter, 0);
	a.user_id = user;
	snprintf(a.username, sizeof a.username, "%s_%lld", role_name(role), (long long)user);
	return a;
}

static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct loan_fx x;
	struct fixture *f = *state;
	memset(&x, 0, sizeof x);
	x.f = f;
	f->ctx.business_date = fix_day("2025-03-31");
	x.chapter = fix_chapter(f, "women", "commune", "12001", 0, f->pgd318, "2015-01-01");
	struct group_founding g = {.code = "TK-01",
				   .name = "Tổ TK&VV Thôn Một",
				   .village_id = f->v1,
				   .chapter_id = x.chapter,
				   .point_id = f->p1,
				   .officer_staff_id = f->co1,
				   .decision_no = "12/QĐ-UBND",
				   .decision_date = fix_day("2024-01-10"),
				   .founded_on = fix_day("2024-01-10"),
				   .members = f->hh1,
				   .n_members = 5,
				   .leader_id = f->hh1[0]};
	struct td_error err = {0};
	if (group_create(&f->ctx, &g, &x.group, &err) != TD_OK)
		fail_msg("group: %s", err.msg);
	for (int k = 0; k < 4; k++)
		add_status(f, f->hh1[k], "poor");
	x.source = lf_source(f, "TW-01", f->pgd318, NULL);
	lf_transfer(f, x.source, CAPITAL_IN, 200000000);
	x.union_officer = person(ROLE_UNION_OFFICER, 11, f->pgd318, x.chapter);
	x.officer = person(ROLE_CREDIT_OFFICER, 21, f->pgd318, 0);
	x.director = person(ROLE_DIRECTOR, 31, f->pgd318, 0);
	x.teller = person(ROLE_TELLER, 41, f->pgd318, 0);
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct loan_fx *x = *state;
	void *f = x->f;
	return fix_teardown(&f);
}

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

static struct td_ctx as(struct loan_fx *x, const struct td_actor *a, const char *on)
{
	struct td_ctx c = fix_ctx(x->f, a);
	c.business_date = fix_day(on);
	return c;
}

/* An application of hh for 50 M over 36 months through the office check (approved unless
 * approve is false), dated March 2025. */
static int64_t application(struct loan_fx *x, int64_t hh, bool approve)
{
	struct td_error err = {0};
	struct application_input in = {.household_id = hh,
				       .programme = "1",
				       .amount = 50000000,
				       .term_months = 36,
				       .purpose = "Mua 2 con bò giống",
				       .plan = "Chăn nuôi bò sinh sản",
				       .applied_on = fix_day("2025-03-03")};
	struct application_vote v = {.on = fix_day("2025-03-05"),
				     .minutes_no = "05/BB-10C",
				     .list_no = "03/TD-07",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .votes_for = 12,
				     .votes_against = 1};
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct td_ctx o = as(x, &x->officer, "2025-03-31");
	struct td_ctx d = as(x, &x->director, "2025-03-31");
	int64_t id = 0;
	must(application_create(&u, &in, &id, &err), &err, "create");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, fix_day("2025-03-07"), &err), &err, "confirm");
	must(application_check(&o, id, fix_day("2025-03-10"), NULL, &err), &err, "check");
	if (approve)
		must(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err), &err,
		     "decide");
	return id;
}

static struct loan_disburse_input disb(struct loan_fx *x, int64_t app)
{
	return (struct loan_disburse_input){.application_id = app,
					    .source_id = x->source,
					    .amount = 50000000,
					    .on = fix_day("2025-03-15")};
}

static int64_t disburse_ok(struct loan_fx *x, int64_t app)
{
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct loan_disburse_input in = disb(x, app);
	struct td_error err = {0};
	int64_t id = 0;
	must(loan_disburse(&t, &in, &id, &err), &err, "disburse");
	return id;
}

static int repay(struct loan_fx *x, int64_t loan, td_money amount, const char *on, int inst,
		 struct payment_allocation *a, struct td_error *err)
{
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	struct loan_repay_input in = {loan, amount, fix_day(on), inst};
	return loan_repay(&t, &in, a, NULL, err);
}

/* check_run finds exactly `want` mismatches; the first line contains `text` if given. */
static char first_line[512];
static void keep_first(void *arg, const char *line)
{
	int *n = arg;
	if ((*n)++ == 0)
		snprintf(first_line, sizeof first_line, "%s", line);
}

static void books_agree(struct loan_fx *x, int64_t want, const char *text)
{
	int n = 0;
	first_line[0] = '\0';
	struct check_report r = {keep_first, &n};
	struct td_error err = {0};
	must(check_run(x->f->s, CHECK_ALL_DATES, &r, &err), &err, "check");
	if (r.mismatches != want)
		fail_msg("check: %lld mismatches, want %lld; first: %s", (long long)r.mismatches,
			 (long long)want, first_line);
	if (text && !strstr(first_line, text))
		fail_msg("check line '%s' lacks '%s'", first_line, text);
}

/* Debit minus credit of the loan accounts of type at PGD318. */
static int64_t gl(struct loan_fx *x, const char *type)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(sum(p.debit - p.credit), 0) FROM gl_posting p JOIN gl_account a "
		 "ON a.id = p.account_id WHERE a.type_code = '%s' AND a.office_id = %lld",
		 type, (long long)x->f->pgd318);
	return fix_count(x->f, sql);
}

/* Loan A of hh1[0] and loan B of hh1[1], 50 M each on 2025-03-15, same chapter and group.
 * In April A pays 271,233 of interest (30 days, R-INT-1) and 728,767 of principal; in May A
 * repays again, which must not change April's figures. At the end of April A owes
 * 49,271,233 (the fee base) and the chapter 99,271,233 (the ratio's denominator). */
struct april {
	int64_t a, b;
};

static struct april april_loans(struct loan_fx *x)
{
	struct april l = {disburse_ok(x, application(x, x->f->hh1[0], true)),
			  disburse_ok(x, application(x, x->f->hh1[1], true))};
	struct td_error err = {0};
	struct payment_allocation p;
	must(repay(x, l.a, 1000000, "2025-04-14", 0, &p, &err), &err, "April");
	assert_int_equal(p.in_term_interest, 271233);
	assert_int_equal(p.prepaid_principal, 728767);
	must(repay(x, l.a, 2000000, "2025-05-10", 0, &p, &err), &err, "May");
	assert_true(p.prepaid_principal > 0);
	return l;
}

#define APRIL_BASE 49271233
#define APRIL_OUTSTANDING 99271233

static int month_end(struct loan_fx *x, const char *on, const char *month,
		     struct month_end_result *r, struct td_error *err)
{
	struct td_ctx c = as(x, &x->f->admin, on);
	td_date first = 0, last = 0;
	must(month_end_parse_month(month, &first, &last, err), err, "month");
	return month_end_run(&c, x->f->pgd318, first, r, err);
}

/* A column of the one fee_accrual row of April. */
static int64_t fee_col(struct loan_fx *x, const char *col)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM fee_accrual WHERE month = '2025-04'", col);
	return fix_count(x->f, sql);
}

/* Fee, split, commission and booking of April with no overdue (R-FEE-1, R-FEE-2). */
static void test_r_fee_1_r_fee_2_april(void **state)
{
	struct loan_fx *x = *state;
	april_loans(x);
	struct month_end_result r;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "month end");
	assert_false(r.already_done);
	assert_int_equal(r.chapters, 1);
	assert_int_equal(r.groups, 1);
	/* 49,271,233 x 0.032 % = 15,766.79 -> 15,767, paid in full under 2 % */
	assert_int_equal(fee_col(x, "base"), APRIL_BASE);
	assert_int_equal(fee_col(x, "outstanding"), APRIL_OUTSTANDING);
	assert_int_equal(fee_col(x, "overdue"), 0);
	assert_int_equal(fee_col(x, "paid_bp"), 10000);
	assert_int_equal(r.fee_total, 15767);
	/* district 9 % 1,419; province 4.5 % 709; centre 2.5 % 394; the commune the rest */
	assert_int_equal(fee_col(x, "district"), 1419);
	assert_int_equal(fee_col(x, "province"), 709);
	assert_int_equal(fee_col(x, "centre"), 394);
	assert_int_equal(fee_col(x, "commune"), 15767 - 1419 - 709 - 394);
	/* 8 % of 271,233 = 21,698.64 -> 21,699, for the leader hh1[0] */
	assert_int_equal(r.commission_total, 21699);
	assert_int_equal(fix_count(x->f, "SELECT interest FROM commission_accrual"), 271233);
	assert_int_equal(fix_count(x->f, "SELECT leader_household_id FROM commission_accrual"),
			 x->f->hh1[0]);
	assert_int_equal(gl(x, "FEE_EXPENSE"), 15767);
	assert_int_equal(gl(x, "FEE_PAYABLE"), -15767);
	assert_int_equal(gl(x, "COMMISSION_EXPENSE"), 21699);
	assert_int_equal(gl(x, "COMMISSION_PAYABLE"), -21699);
	assert_true(r.fee_entry_id > 0 && r.commission_entry_id > 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'month_end'"),
			 1);
	books_agree(x, 0, NULL);
}

/* R-FEE-1 tiers: overdue principal of loan B set so that the chapter's ratio is at least
 * ratio_bp (rounded up), and the share paid of the fee. */
static void fee_tier(void **state, int64_t ratio_bp, int64_t want_paid_bp)
{
	struct loan_fx *x = *state;
	struct april l = april_loans(x);
	int64_t overdue = ((int64_t)APRIL_OUTSTANDING * ratio_bp + 9999) / 10000;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET status = 'overdue', overdue_on = '2025-04-10', "
		 "paid_principal = principal - %lld WHERE loan_id = %lld AND position = 1",
		 (long long)overdue, (long long)l.b);
	fix_exec(x->f->s, sql);
	struct month_end_result r;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "month end");
	assert_int_equal(fee_col(x, "overdue"), overdue);
	assert_int_equal(fee_col(x, "paid_bp"), want_paid_bp);
	assert_int_equal(fee_col(x, "ratio_bp"), ratio_bp);
	/* base x 0.032 % x share, rounded half-up once (not the rounded gross x share) */
	int64_t want = ((int64_t)APRIL_BASE * 320 * want_paid_bp + 5000000000) / 10000000000;
	assert_int_equal(r.fee_total, want);
	assert_int_equal(fee_col(x, "commune + district + province + centre"), want);
	assert_int_equal(fee_col(x, "district"), want * 900 / 10000);
	assert_int_equal(gl(x, "FEE_EXPENSE"), want);
	assert_int_equal(r.fee_entry_id == 0, want == 0);
	assert_int_equal(r.commission_total, 21699); /* R-FEE-2 ignores the ratio */
}

static void test_r_fee_1_tier_under_2_pct(void **state)
{
	fee_tier(state, 199, 10000);
}

static void test_r_fee_1_tier_2_pct(void **state)
{
	fee_tier(state, 200, 8000);
}

static void test_r_fee_1_tier_3_pct(void **state)
{
	fee_tier(state, 399, 5000);
}

static void test_r_fee_1_tier_4_pct_pays_nothing(void **state)
{
	fee_tier(state, 400, 0);
}

/* The same office x month again books nothing and says so; a month without interest
 * collected books nothing either (R-GL-3). */
static void test_r_fee_1_idempotent_rerun(void **state)
{
	struct loan_fx *x = *state;
	april_loans(x);
	struct month_end_result r, again;
	struct td_error err = {0};
	must(month_end(x, "2025-05-01", "2025-04", &r, &err), &err, "first");
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	must(month_end(x, "2025-05-02", "2025-04", &again, &err), &err, "again");
	assert_true(again.already_done);
	assert_int_equal(again.run_id, r.run_id);
	assert_int_equal(again.fee_total, r.fee_total);
	assert_int_equal(again.commission_total, r.commission_total);
	assert_int_equal(again.fee_entry_id, r.fee_entry_id);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM fee_accrual"), 1);
	assert_int_equal(gl(x, "FEE_EXPENSE"), 15767);

	/* June: loans outstanding, no interest collected: a zero fee row, no entry */
	must(month_end(x, "2025-07-01", "2025-06", &r, &err), &err, "June");
	assert_false(r.already_done);
	assert_int_equal(r.fee_total + r.commission_total, 0);
	assert_int_equal(r.fee_entry_id + r.commission_entry_id, 0);
	assert_int_equal(r.groups, 0);
	assert_int_equal(fix_count(x->f, "SELECT base FROM fee_accrual WHERE month = '2025-06'"),
			 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	books_agree(x, 0, NULL);
}

/* A month not ended, another actor, an unknown office and malformed months are refused
 * and write nothing. */
static void test_r_fee_1_refusals(void **state)
{
	struct loan_fx *x = *state;
	april_loans(x);
	struct month_end_result r;
	struct td_error err = {0};
	assert_int_equal(month_end(x, "2025-04-30", "2025-04", &r, &err), TD_ECONFLICT);
	assert_msg_has(err, "has not ended");
	struct td_ctx c = as(x, &x->director, "2025-05-01");
	td_date first = 0, last = 0;
	must(month_end_parse_month("2025-04", &first, &last, &err), &err, "month");
	assert_int_equal(last - first, 29);
	assert_int_equal(month_end_run(&c, x->f->pgd318, first, &r, &err), TD_EFORBIDDEN);
	c = as(x, &x->f->admin, "2025-05-01");
	assert_int_equal(month_end_run(&c, x->f->pgd318 + 1000, first, &r, &err), TD_ENOTFOUND);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM month_end_run"), 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM fee_accrual"), 0);
	static const char *bad[] = {"2025-4",	"2025-13", "2025-00", "25-04-01",
				    "2025-04x", "",	   "abcd-ef"};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
		if (month_end_parse_month(bad[k], &first, &last, &err) != TD_EINVAL)
			fail_msg("month '%s' accepted", bad[k]);
	assert_int_equal(month_end_parse_month(NULL, &first, &last, &err), TD_EINVAL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_fee_1_r_fee_2_april),
		T(test_r_fee_1_tier_under_2_pct),
		T(test_r_fee_1_tier_2_pct),
		T(test_r_fee_1_tier_3_pct),
		T(test_r_fee_1_tier_4_pct_pays_nothing),
		T(test_r_fee_1_idempotent_rerun),
		T(test_r_fee_1_refusals),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "month_end/postgres"
									      : "month_end/sqlite",
					   tests, NULL, NULL);
}
