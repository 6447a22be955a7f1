/* Loans on both stores: disbursement from an approved application (R-DIS-1, R-CAP-1),
 * repayment and its allocation (R-INT-1, R-PAY-1), the books and the R-GL-2 check,
 * refusals and scope (R-ORG-4). */
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
#include "ledger_fixture.h"

/* Group TK-01 of hh1[0..4] in commune 12001, statuses for 2025, a central source TW-01 of
 * PGD318 holding 200 M, and the people who act. Business date 2028-12-31, so any day of
 * the loans' lives can be booked. */
struct loan_fx {
	struct fixture *f;
	int64_t chapter, group, source;
	struct td_actor union_officer, officer, director, teller, teller_319, officer_pay;
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
	x.teller_319 = person(ROLE_TELLER, 42, f->pgd319, 0);
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

static json_t *get(struct loan_fx *x, int64_t loan, const char *on)
{
	struct td_ctx t = as(x, &x->teller, on);
	struct td_error err = {0};
	json_t *j = NULL;
	must(loan_get(&t, loan, &j, &err), &err, "get");
	return j;
}

static int64_t jint(json_t *j, const char *k)
{
	return json_integer_value(json_object_get(j, k));
}

/* Disbursed, repaid in three steps, closed; the books agree after each step. */
static void test_r_dis_1_r_pay_1_happy_path(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	json_t *j = get(x, loan, "2025-03-15");
	assert_int_equal(jint(j, "rate"), 66000);
	assert_int_equal(jint(j, "balance"), 50000000);
	assert_string_equal(json_string_value(json_object_get(j, "maturity")), "2028-03-15");
	json_t *inst = json_object_get(j, "instalments");
	assert_int_equal(json_array_size(inst), 3); /* every 12 months over 36 (R-DIS-1) */
	assert_int_equal(jint(json_array_get(inst, 0), "principal"), 16666000);
	assert_int_equal(jint(json_array_get(inst, 2), "principal"), 16668000);
	assert_string_equal(json_string_value(json_object_get(json_array_get(inst, 0), "due_on")),
			    "2026-03-15");
	json_decref(j);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = 'loan' "
					 "AND action = 'disburse'"),
			 1);
	books_agree(x, 0, NULL);

	/* 30 days at 6.6 %: 50 M x 0.066 x 30 / 365 = 271,232.88 -> 271,233 (R-INT-1) */
	j = get(x, loan, "2025-04-14");
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 271233);
	assert_int_equal(jint(j, "owed"), 50271233);
	json_decref(j);

	struct td_error err = {0};
	struct payment_allocation a;
	must(repay(x, loan, 271233, "2025-04-14", 0, &a, &err), &err, "interest");
	assert_int_equal(a.in_term_interest, 271233);
	assert_int_equal(a.prepaid_principal + a.due_principal, 0);
	books_agree(x, 0, NULL);

	/* the first instalment on its day: 335 days of interest, then its principal */
	must(repay(x, loan, 3028767 + 16666000, "2026-03-15", 0, &a, &err), &err, "instalment");
	assert_int_equal(a.in_term_interest, 3028767); /* 50 M x 0.066 x 335 / 365 */
	assert_int_equal(a.due_principal, 16666000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 33334000);
	books_agree(x, 0, NULL);

	/* everything that is left on 2026-09-15: 184 days on 33,334,000 */
	j = get(x, loan, "2026-09-15");
	td_money owed = jint(j, "owed");
	json_decref(j);
	assert_int_equal(owed, 33334000 + 1109063); /* 33,334,000 x 0.066 x 184 / 365 */
	must(repay(x, loan, owed, "2026-09-15", 0, &a, &err), &err, "the rest");
	assert_int_equal(a.prepaid_principal, 33334000);
	j = get(x, loan, "2026-09-15");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "closed");
	assert_string_equal(json_string_value(json_object_get(j, "closed_on")), "2026-09-15");
	assert_int_equal(jint(j, "interest_paid"), 271233 + 3028767 + 1109063);
	assert_int_equal(json_array_size(json_object_get(j, "repayments")), 3);
	json_decref(j);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 0);
	assert_int_equal(gl(x, "INTEREST_INCOME"), -(271233 + 3028767 + 1109063));
	books_agree(x, 0, NULL);

	/* a closed loan takes nothing more */
	assert_int_equal(repay(x, loan, 1000, "2026-09-16", 0, &a, &err), TD_ECONFLICT);
}

/* Every refusal books nothing (R-DIS-1, R-CAP-1). */
static void test_r_dis_1_refusals(void **state)
{
	struct loan_fx *x = *state;
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct td_error err = {0};
	int64_t id = 0;
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");

	int64_t checked = application(x, x->f->hh1[1], false);
	struct loan_disburse_input in = disb(x, checked);
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ECONFLICT);
	assert_non_null(strstr(err.msg, "not approved"));

	int64_t app = application(x, x->f->hh1[0], true);
	in = disb(x, app);
	in.amount = 40000000;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "approved 50.000.000"));

	in = disb(x, app);
	in.on = fix_day("2025-03-10"); /* before the decision */
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_EINVAL);

	in = disb(x, app);
	in.interval_months = 13;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_EINVAL);

	/* a source that cannot cover it: capital_draw_check's message */
	int64_t small = lf_source(x->f, "TW-02", x->f->pgd318, NULL);
	lf_transfer(x->f, small, CAPITAL_IN, 30000000);
	entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	in = disb(x, app);
	in.source_id = small;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ERULE);
	assert_string_equal(err.msg, "nguồn vốn TW-02 chỉ còn 30.000.000 đồng, không đủ "
				     "50.000.000 đồng");
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan"), 0);

	/* an agreed schedule that does not add up */
	struct schedule_item bad[2] = {{fix_day("2026-03-15"), 20000000},
				       {fix_day("2027-03-15"), 20000000}};
	in = disb(x, app);
	in.schedule = bad;
	in.n_schedule = 2;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "schedule"));

	in = disb(x, app);
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_OK);
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ECONFLICT);
	assert_non_null(strstr(err.msg, "disbursed already"));
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries + 1);
	books_agree(x, 0, NULL);
}

/* An agreed schedule is kept as given (R-DIS-1). */
static void test_r_dis_1_agreed_schedule(void **state)
{
	struct loan_fx *x = *state;
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct schedule_item s[3] = {{fix_day("2026-03-01"), 20000000},
				     {fix_day("2027-03-01"), 10000000},
				     {fix_day("2028-03-01"), 20000000}};
	struct loan_disburse_input in = disb(x, application(x, x->f->hh1[0], true));
	in.schedule = s;
	in.n_schedule = 3;
	struct td_error err = {0};
	int64_t id = 0;
	must(loan_disburse(&t, &in, &id, &err), &err, "disburse");
	json_t *j = get(x, id, "2025-03-31");
	json_t *inst = json_object_get(j, "instalments");
	assert_int_equal(json_array_size(inst), 3);
	assert_int_equal(jint(json_array_get(inst, 1), "principal"), 10000000);
	assert_int_equal(jint(j, "interval_months"), 0);
	json_decref(j);
}

/* Overpayment is refused with the exact figures and books nothing (R-PAY-1). */
static void test_r_pay_1_overpayment_refused(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	struct td_error err = {0};
	struct payment_allocation a;
	assert_int_equal(repay(x, loan, 50271234, "2025-04-14", 0, &a, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "owes 50.271.233 đồng"));
	assert_non_null(strstr(err.msg, "by 1 đồng"));
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	/* a date before the last settlement, an unknown instalment */
	must(repay(x, loan, 100000, "2025-04-14", 0, &a, &err), &err, "repay");
	assert_int_equal(repay(x, loan, 1000, "2025-04-13", 0, &a, &err), TD_ERULE);
	assert_int_equal(repay(x, loan, 1000, "2025-04-20", 4, &a, &err), TD_EINVAL);
	assert_int_equal(repay(x, loan, 0, "2025-04-20", 0, &a, &err), TD_EINVAL);
	must(repay(x, loan, 50171233, "2025-04-14", 0, &a, &err), &err, "all");
	books_agree(x, 0, NULL);
}

/* Interest, then principal due, then prepayment of the last instalment; naming an
 * instalment pays it first (R-PAY-1). */
static void test_r_pay_1_allocation_order(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	struct td_error err = {0};
	struct payment_allocation a;
	/* 365 days: 3,300,000 of interest; the first instalment; 1 M more */
	must(repay(x, loan, 3300000 + 16666000 + 1000000, "2026-03-15", 0, &a, &err), &err,
	     "repay");
	assert_int_equal(a.in_term_interest, 3300000);
	assert_int_equal(a.due_principal, 16666000);
	assert_int_equal(a.prepaid_principal, 1000000);
	json_t *j = get(x, loan, "2026-03-15");
	json_t *inst = json_object_get(j, "instalments");
	assert_string_equal(json_string_value(json_object_get(json_array_get(inst, 0), "status")),
			    "paid");
	assert_int_equal(jint(json_array_get(inst, 1), "paid_principal"), 0);
	assert_int_equal(jint(json_array_get(inst, 2), "paid_principal"), 1000000);
	json_decref(j);

	/* the same day, naming instalment 2: no interest is owed, all goes to it */
	must(repay(x, loan, 2000000, "2026-03-15", 2, &a, &err), &err, "named");
	assert_int_equal(a.in_term_interest, 0);
	assert_int_equal(a.prepaid_principal, 2000000);
	j = get(x, loan, "2026-03-15");
	inst = json_object_get(j, "instalments");
	assert_int_equal(jint(json_array_get(inst, 1), "paid_principal"), 2000000);
	assert_int_equal(jint(j, "balance"), 50000000 - 16666000 - 3000000);
	json_decref(j);
	books_agree(x, 0, NULL);

	/* too little for the interest: it stays owed (lãi tồn, R-INT-2) and bears none */
	must(repay(x, loan, 100000, "2026-04-14", 0, &a, &err), &err, "part interest");
	assert_int_equal(a.in_term_interest, 100000);
	j = get(x, loan, "2026-04-14");
	/* 30,334,000 x 0.066 x 30 / 365 = 164,551.56 -> 164,552; 64,552 left */
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 64552);
	json_decref(j);
}

/* Prepaid principal stops bearing interest from the repayment day (R-PAY-1, R-INT-1). */
static void test_r_pay_1_prepayment_stops_interest(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	struct td_error err = {0};
	struct payment_allocation a;
	must(repay(x, loan, 20271233, "2025-04-14", 0, &a, &err), &err, "prepay");
	assert_int_equal(a.prepaid_principal, 20000000);
	/* 30 days more on 30 M: 30 M x 0.066 x 30 / 365 = 162,739.73 -> 162,740 */
	json_t *j = get(x, loan, "2025-05-14");
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 162740);
	assert_int_equal(jint(json_array_get(json_object_get(j, "instalments"), 2),
			      "paid_principal"),
			 16668000);
	json_decref(j);
}

/* Tampering with the sub-ledger is found and named (R-GL-2). */
static void test_r_gl_2_check_finds_tampering(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	books_agree(x, 0, NULL);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET paid_principal = 1000 WHERE loan_id = %lld AND "
		 "position = 1",
		 (long long)loan);
	fix_exec(x->f->s, sql);
	/* the office's in-term balance, and the loan's balance against its instalments */
	books_agree(x, 2, "theo khế ước 49.999.000 đồng, sổ cái 50.000.000 đồng");
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET paid_principal = 0 WHERE loan_id = %lld; UPDATE loan "
		 "SET balance = 1 WHERE id = %lld",
		 (long long)loan, (long long)loan);
	fix_exec(x->f->s, sql);
	books_agree(x, 1, "dư nợ 1 đồng, các kỳ hạn còn 50.000.000 đồng");
	snprintf(sql, sizeof sql, "UPDATE loan SET balance = 50000000 WHERE id = %lld",
		 (long long)loan);
	fix_exec(x->f->s, sql);
	books_agree(x, 0, NULL);
	/* an instalment marked overdue without its ledger move: in term and overdue differ */
	snprintf(sql, sizeof sql,
		 "UPDATE loan_instalment SET status = 'overdue' WHERE loan_id = %lld AND "
		 "position = 1",
		 (long long)loan);
	fix_exec(x->f->s, sql);
	books_agree(x, 2, "LOAN_IN_TERM");
}

/* Who may disburse and repay: tellers and directors of the loan's office (R-ORG-4). */
static void test_r_org_4_scope_and_role(void **state)
{
	struct loan_fx *x = *state;
	int64_t app = application(x, x->f->hh1[0], true);
	struct loan_disburse_input in = disb(x, app);
	struct td_error err = {0};
	int64_t id = 0;
	struct td_ctx c = as(x, &x->teller_319, "2025-03-31");
	assert_int_equal(loan_disburse(&c, &in, &id, &err), TD_EFORBIDDEN);
	c = as(x, &x->officer, "2025-03-31");
	assert_int_equal(loan_disburse(&c, &in, &id, &err), TD_EFORBIDDEN);
	c = as(x, &x->director, "2025-03-31");
	must(loan_disburse(&c, &in, &id, &err), &err, "director");
	struct loan_repay_input r = {id, 1000, fix_day("2025-03-20"), 0};
	c = as(x, &x->teller_319, "2025-03-31");
	assert_int_equal(loan_repay(&c, &r, NULL, NULL, &err), TD_EFORBIDDEN);
	json_t *j = NULL;
	assert_int_equal(loan_get(&c, id, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(loan_list(&c, &(struct loan_filter){0}, &j, &err), TD_OK);
	assert_int_equal(jint(j, "total"), 0);
	json_decref(j);
	c = as(x, &x->union_officer, "2025-03-31");
	assert_int_equal(loan_list(&c, &(struct loan_filter){0}, &j, &err), TD_OK);
	assert_int_equal(jint(j, "total"), 1);
	json_decref(j);
	assert_int_equal(loan_get(&c, id + 100, &j, &err), TD_ENOTFOUND);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_dis_1_r_pay_1_happy_path),
		T(test_r_dis_1_refusals),
		T(test_r_dis_1_agreed_schedule),
		T(test_r_pay_1_overpayment_refused),
		T(test_r_pay_1_allocation_order),
		T(test_r_pay_1_prepayment_stops_interest),
		T(test_r_gl_2_check_finds_tampering),
		T(test_r_org_4_scope_and_role),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "loan/postgres"
									       : "loan/sqlite",
					   tests, NULL, NULL);
}
