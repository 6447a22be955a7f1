/* Decisions on a loan after disbursement, on both stores: extension (R-EXT-1), rollover and
 * rescheduling (R-EXT-2), freeze and write-off (R-RISK-1); every refusal with its reasons,
 * maker–checker, the books and the R-GL-2 check after each scenario. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/application.h"
#include "support/forms.h"
#include "bank/check.h"
#include "bank/group.h"
#include "bank/loan.h"
#include "bank/loan_event.h"
#include "ledger_fixture.h"

/* As tests/bank/test_loan.c: group TK-01 in commune 12001, source TW-01 of PGD318 with
 * 200 M; two directors (31 prepares, gd2 approves) and a credit officer user. */
struct ev_fx {
	struct fixture *f;
	int64_t chapter, group, source, gd2, officer_user;
	struct td_actor union_officer, officer, director, teller;
};

static void add_status(struct fixture *f, int64_t hid)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO poverty_import (commune_code, year, office_id, file_name, sha256, "
		 "rows_read, new_households, unchanged, status_changed, left_list, rejected, "
		 "business_date, user_id, username) VALUES ('12001', 2025, %lld, 'x.csv', 'x', 0, "
		 "0, 0, 0, 0, 0, '2025-01-01', 0, 'system');"
		 "INSERT INTO poverty_status (household_id, year, status, commune_code, import_id, "
		 "recorded_on) SELECT %lld, 2025, 'poor', '12001', max(id), '2025-01-01' FROM "
		 "poverty_import;",
		 (long long)f->pgd318, (long long)hid);
	fix_exec(f->s, sql);
}

static struct td_actor person(enum td_role role, int64_t user, int64_t office, int64_t chapter)
{
	struct td_actor a = fix_actor(role, office, chapter, 0);
	a.user_id = user;
	snprintf(a.username, sizeof a.username, "%s_%lld", role_name(role), (long long)user);
	return a;
}

static int64_t user_row(struct fixture *f, const char *name, const char *role)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO app_user (username, full_name, role, office_id, password_hash) "
		 "VALUES ('%s', 'Nguyễn Văn %s', '%s', %lld, 'x')",
		 name, name, role, (long long)f->pgd318);
	fix_exec(f->s, sql);
	snprintf(sql, sizeof sql, "SELECT id FROM app_user WHERE username = '%s'", name);
	return fix_count(f, sql);
}

static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct ev_fx x;
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
		add_status(f, f->hh1[k]);
	x.source = lf_source(f, "TW-01", f->pgd318, NULL);
	lf_transfer(f, x.source, CAPITAL_IN, 200000000);
	x.gd2 = user_row(f, "gd2", "director");
	x.officer_user = user_row(f, "cbtd", "credit_officer");
	x.union_officer = person(ROLE_UNION_OFFICER, 11, f->pgd318, x.chapter);
	x.officer = person(ROLE_CREDIT_OFFICER, 21, f->pgd318, 0);
	x.director = person(ROLE_DIRECTOR, 31, f->pgd318, 0);
	x.teller = person(ROLE_TELLER, 41, f->pgd318, 0);
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct ev_fx *x = *state;
	void *f = x->f;
	return fix_teardown(&f);
}

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

static struct td_ctx as(struct ev_fx *x, const struct td_actor *a, const char *on)
{
	struct td_ctx c = fix_ctx(x->f, a);
	c.business_date = fix_day(on);
	return c;
}

/* A loan of 50 M to hh1[0] over `term` months disbursed on 2025-03-15 (yearly instalments:
 * 36 months give 16,666,000 / 16,666,000 / 16,668,000 due each 15 March 2026-2028). */
static int64_t loan_open(struct ev_fx *x, int term)
{
	struct td_error err = {0};
	struct application_input in = {.household_id = x->f->hh1[0],
				       .programme = "1",
				       .amount = 50000000,
				       .term_months = term,
				       .purpose = "Trồng lúa vụ đông xuân",
				       .plan = "Mua giống, phân bón",
				       .applied_on = fix_day("2025-03-03")};
	struct application_vote v = {.on = fix_day("2025-03-05"),
				     .minutes_no = "05/BB-10C",
				     .list_no = "03/TD-07",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .members_present = 5,
				     .votes_for = 4,
				     .votes_against = 1};
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct td_ctx o = as(x, &x->officer, "2025-03-31");
	struct td_ctx d = as(x, &x->director, "2025-03-31");
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	int64_t app = 0, id = 0;
	must(application_create(&u, &in, &app, &err), &err, "create");
	must(application_vote(&u, app, &v, &err), &err, "vote");
	must(application_confirm(&o, app, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err,
	     "confirm");
	must(application_check(&o, app, fix_day("2025-03-10"), NULL, &err), &err, "check");
	must(application_decide(&d, app, fix_day("2025-03-11"), true, NULL, &err), &err, "decide");
	struct loan_disburse_input di = {.application_id = app,
					 .source_id = x->source,
					 .amount = 50000000,
					 .on = fix_day("2025-03-15")};
	must(loan_disburse(&t, &di, &id, &err), &err, "disburse");
	return id;
}

static struct loan_decision dec(struct ev_fx *x, const char *on, const char *level)
{
	return (struct loan_decision){.decision_no = "15/QĐ-NHCS",
				      .decided_on = fix_day(on),
				      .level = level,
				      .reason = "Thiên tai: lũ quét cuốn trôi hoa màu",
				      .approver_id = x->gd2};
}

static struct td_ctx dir_ctx(struct ev_fx *x)
{
	return as(x, &x->director, "2028-12-31");
}

static char first_line[512];
static void keep_first(void *arg, const char *line)
{
	int *n = arg;
	if ((*n)++ == 0)
		snprintf(first_line, sizeof first_line, "%s", line);
}

/* `tindung check` finds nothing (R-GL-2 and the rest). */
static void books_agree(struct ev_fx *x)
{
	int n = 0;
	first_line[0] = '\0';
	struct check_report r = {keep_first, &n};
	struct td_error err = {0};
	must(check_run(x->f->s, CHECK_ALL_DATES, &r, &err), &err, "check");
	if (r.mismatches != 0)
		fail_msg("check: %lld mismatches; first: %s", (long long)r.mismatches, first_line);
}

static int64_t gl(struct ev_fx *x, const char *type)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(sum(p.debit - p.credit), 0) FROM gl_posting p JOIN gl_account a "
		 "ON a.id = p.account_id WHERE a.type_code = '%s' AND a.office_id = %lld",
		 type, (long long)x->f->pgd318);
	return fix_count(x->f, sql);
}

static json_t *get(struct ev_fx *x, int64_t loan, const char *on)
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

static const char *jstr(json_t *j, const char *k)
{
	return json_string_value(json_object_get(j, k));
}

static const char *inst_due(json_t *loan, size_t k)
{
	return jstr(json_array_get(json_object_get(loan, "instalments"), k), "due_on");
}

static int64_t events(struct ev_fx *x)
{
	return fix_count(x->f, "SELECT count(*) FROM loan_event");
}

static void has(const struct td_error *err, const char *text)
{
	if (!strstr(err->msg, text))
		fail_msg("'%s' lacks '%s'", err->msg, text);
}

/* A loss assessment of the loan on `on` (R-RISK-1, R-EXT-1), recorded by the director. */
static int64_t assessment(struct ev_fx *x, int64_t loan, const char *cause, int loss_bp,
			  const char *on)
{
	struct td_ctx c = dir_ctx(x);
	struct td_error err = {0};
	int64_t id = 0;
	must(fix_assess(&c, loan, cause, loss_bp, fix_day(on), &id, &err), &err, "assess");
	return id;
}

/* R-EXT-1 on an assessment of 25 % (the borrower's objective difficulty), made that day. */
static int extend(struct ev_fx *x, const struct td_actor *a, int64_t loan, int inst, int months,
		  struct loan_decision d, struct td_error *err)
{
	struct td_ctx c = as(x, a, "2028-12-31");
	char on[TD_DATE_FMT_MAX];
	date_format_iso(d.decided_on > c.business_date ? c.business_date : d.decided_on, on,
			sizeof on);
	struct loan_extend_input in = {loan, inst, months, d,
				       assessment(x, loan, "natural_disaster", 2500, on)};
	return loan_extend(&c, &in, NULL, err);
}

/* R-EXT-1: the last instalment moves with the maturity; nothing is booked; the event and
 * its audit record keep the decision. */
static void test_r_ext_1_extension(void **state)
{
	struct ev_fx *x = *state;
	int64_t loan = loan_open(x, 36);
	struct td_error err = {0};
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	must(extend(x, &x->director, loan, 3, 12, dec(x, "2026-01-10", NULL), &err), &err,
	     "extend");
	json_t *j = get(x, loan, "2026-01-10");
	assert_string_equal(inst_due(j, 2), "2029-03-15");
	assert_string_equal(jstr(j, "maturity"), "2029-03-15");
	assert_string_equal(jstr(j, "status"), "in_term");
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_event WHERE kind = 'extend' "
					 "AND months = 12 AND instalment = 3 AND level = 'office'"),
			 1);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE action = "
					 "'extend' AND entity = 'loan'"),
			 1);
	books_agree(x);

	/* 12 + 7 > 36 / 2 = 18 months (R-EXT-1: extensions add up) */
	assert_int_equal(extend(x, &x->director, loan, 2, 7, dec(x, "2026-01-10", NULL), &err),
			 TD_ERULE);
	has(&err, "[too_long]");
	/* 6 more reach the limit exactly; then not a month more */
	must(extend(x, &x->director, loan, 1, 6, dec(x, "2026-01-10", NULL), &err), &err,
	     "extend to the limit");
	assert_int_equal(extend(x, &x->director, loan, 2, 1, dec(x, "2026-01-10", NULL), &err),
			 TD_ERULE);
	has(&err, "[too_long]");
	assert_int_equal(events(x), 2);

	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	json_t *list = NULL;
	must(loan_events(&t, loan, &list, &err), &err, "events");
	json_t *first = json_array_get(json_object_get(list, "items"), 0);
	assert_string_equal(jstr(first, "approver"), "gd2");
	assert_string_equal(inst_due(json_object_get(first, "before"), 2), "2028-03-15");
	assert_string_equal(inst_due(json_object_get(first, "after"), 2), "2029-03-15");
	json_decref(list);
	books_agree(x);
}

/* R-EXT-1 refusals: each names every failed rule and records nothing. */
static void test_r_ext_1_refusals(void **state)
{
	struct ev_fx *x = *state;
	int64_t loan = loan_open(x, 36);
	struct td_error err = {0};
	/* over the limit: 19 > 18 months */
	assert_int_equal(extend(x, &x->director, loan, 3, 19, dec(x, "2026-01-10", NULL), &err),
			 TD_ERULE);
	has(&err, "[too_long]");
	/* on the due date (R-DUE-1: owed that day) */
	assert_int_equal(extend(x, &x->director, loan, 1, 3, dec(x, "2026-03-15", NULL), &err),
			 TD_ERULE);
	has(&err, "[not_before_due]");
	/* no reason and no approver: both listed */
	struct loan_decision d = dec(x, "2026-01-10", NULL);
	d.reason = "";
	d.approver_id = 0;
	assert_int_equal(extend(x, &x->director, loan, 1, 3, d, &err), TD_ERULE);
	has(&err, "[no_reason]");
	has(&err, "[no_approver]");
	/* the approver is the preparer (maker–checker) */
	struct td_actor gd2 = person(ROLE_DIRECTOR, x->gd2, x->f->pgd318, 0);
	assert_int_equal(extend(x, &gd2, loan, 1, 3, dec(x, "2026-01-10", NULL), &err), TD_ERULE);
	has(&err, "maker–checker");
	/* the approver is no director */
	d = dec(x, "2026-01-10", NULL);
	d.approver_id = x->officer_user;
	assert_int_equal(extend(x, &x->director, loan, 1, 3, d, &err), TD_ERULE);
	has(&err, "only a director");
	/* an unknown approver */
	d.approver_id = 999999;
	assert_int_equal(extend(x, &x->director, loan, 1, 3, d, &err), TD_ENOTFOUND);
	/* a credit officer may not decide (ACT_LOAN_RESTRUCTURE) */
	assert_int_equal(extend(x, &x->officer, loan, 1, 3, dec(x, "2026-01-10", NULL), &err),
			 TD_EFORBIDDEN);
	/* the extension reaches the next instalment */
	assert_int_equal(extend(x, &x->director, loan, 1, 12, dec(x, "2026-01-10", NULL), &err),
			 TD_ERULE);
	has(&err, "reschedule");
	/* no decision number, a date after the business date */
	d = dec(x, "2029-01-10", NULL);
	d.decision_no = " ";
	assert_int_equal(extend(x, &x->director, loan, 1, 3, d, &err), TD_EINVAL);
	has(&err, "decision number");
	has(&err, "after the business date");
	assert_int_equal(events(x), 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE action = 'extend'"),
			 0);
	books_agree(x);
}

static int reschedule(struct ev_fx *x, int64_t loan, const struct ext_instalment *plan, size_t n,
		      struct td_error *err)
{
	struct td_ctx c = dir_ctx(x);
	struct loan_reschedule_input in = {loan, plan, n, dec(x, "2025-06-01", NULL)};
	return loan_reschedule(&c, &in, NULL, err);
}

/* R-EXT-2 rescheduling: never past the maturity, summing to the outstanding; paid parts
 * stay. */
static void test_r_ext_2_reschedule(void **state)
{
	struct ev_fx *x = *state;
	int64_t loan = loan_open(x, 36);
	struct td_error err = {0};
	struct ext_instalment beyond[] = {{fix_day("2026-09-15"), 25000000},
					  {fix_day("2028-09-15"), 25000000}};
	assert_int_equal(reschedule(x, loan, beyond, 2, &err), TD_ERULE);
	has(&err, "[beyond_maturity]");
	struct ext_instalment short_sum[] = {{fix_day("2026-09-15"), 25000000},
					     {fix_day("2028-03-15"), 24000000}};
	assert_int_equal(reschedule(x, loan, short_sum, 2, &err), TD_ERULE);
	has(&err, "[sum_mismatch]");
	assert_int_equal(events(x), 0);

	/* 10 M prepaid lands on the last instalment (R-PAY-1): it keeps its paid part */
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	struct loan_repay_input rp = {loan, 10000000, fix_day("2025-03-15"), 0};
	must(loan_repay(&t, &rp, NULL, NULL, &err), &err, "prepay");
	struct ext_instalment plan[] = {{fix_day("2026-09-15"), 20000000},
					{fix_day("2027-09-15"), 20000000}};
	must(reschedule(x, loan, plan, 2, &err), &err, "reschedule");
	json_t *j = get(x, loan, "2025-06-01");
	assert_int_equal(json_array_size(json_object_get(j, "instalments")), 3);
	assert_string_equal(inst_due(j, 0), "2026-09-15");
	assert_string_equal(inst_due(j, 2), "2028-03-15"); /* the paid part */
	assert_string_equal(jstr(j, "maturity"), "2028-03-15");
	assert_int_equal(jint(j, "balance"), 40000000);
	json_decref(j);
	books_agree(x);
}

/* R-EXT-2 rollover: short seasonal loans only; the new maturity one cycle on, interest so
 * far settled at the old rate. */
static void test_r_ext_2_rollover(void **state)
{
	struct ev_fx *x = *state;
	struct td_error err = {0};
	int64_t long_loan = loan_open(x, 36);
	struct td_ctx c = dir_ctx(x);
	struct loan_rollover_input in = {long_loan, 6, true, dec(x, "2026-03-01", NULL)};
	assert_int_equal(loan_rollover(&c, &in, NULL, &err), TD_ERULE);
	has(&err, "[not_short_term]");
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	json_t *j = get(x, long_loan, "2025-03-15");
	struct loan_repay_input rp = {long_loan, jint(j, "owed"), fix_day("2025-03-15"), 0};
	json_decref(j);
	must(loan_repay(&t, &rp, NULL, NULL, &err), &err, "close the long loan");

	x->f->hh1[0] = x->f->hh1[1]; /* a second loan for another household */
	int64_t loan = loan_open(x, 12);
	in = (struct loan_rollover_input){loan, 6, false, dec(x, "2026-03-01", NULL)};
	assert_int_equal(loan_rollover(&c, &in, NULL, &err), TD_ERULE);
	has(&err, "[not_seasonal]");
	in.seasonal = true;
	in.months = 13;
	assert_int_equal(loan_rollover(&c, &in, NULL, &err), TD_ERULE);
	has(&err, "[months_invalid]");
	in.months = 6;
	must(loan_rollover(&c, &in, NULL, &err), &err, "rollover");
	j = get(x, loan, "2026-03-01");
	assert_string_equal(jstr(j, "maturity"), "2026-09-15");
	assert_string_equal(inst_due(j, 0), "2026-09-15");
	assert_int_equal(jint(j, "rate"), 66000);
	/* 351 days on 50 M at 6.6 %: 3,173,424.66 -> 3,173,425, settled on the decision day */
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 3173425);
	assert_string_equal(jstr(j, "interest_from"), "2026-03-01");
	json_decref(j);
	books_agree(x);
}

/* The whole principal frozen by the board (the source is central) on an assessment of 50 %
 * made that day. */
static int freeze(struct ev_fx *x, int64_t loan, int months, const char *on, struct td_error *err)
{
	struct td_ctx c = dir_ctx(x);
	struct loan_risk_input in = {.loan_id = loan,
				     .principal = LOAN_RISK_ALL,
				     .months = months,
				     .assessment_id =
					     assessment(x, loan, "natural_disaster", 5000, on),
				     .d = dec(x, on, "central")};
	return loan_freeze(&c, &in, NULL, err);
}

/* Writes off everything on an assessment of the borrower's death made that day. */
static int write_off(struct ev_fx *x, int64_t loan, const char *on, const char *level, int64_t *ev,
		     struct td_error *err)
{
	struct td_ctx c = dir_ctx(x);
	struct loan_risk_input in = {.loan_id = loan,
				     .principal = LOAN_RISK_ALL,
				     .interest = LOAN_RISK_ALL,
				     .assessment_id = assessment(x, loan, "death", 10000, on),
				     .d = dec(x, on, level)};
	return loan_write_off(&c, &in, ev, err);
}

/* R-RISK-1: a frozen loan sits in LOAN_FROZEN and bears no interest; after the freeze it
 * accrues again from the day it ended. Exact figures in the repayments. */
static void test_r_risk_1_freeze_stops_interest(void **state)
{
	struct ev_fx *x = *state;
	int64_t loan = loan_open(x, 36);
	struct td_error err = {0};
	must(freeze(x, loan, 12, "2025-04-14", &err), &err, "freeze");
	assert_int_equal(gl(x, "LOAN_FROZEN"), 50000000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 0);
	books_agree(x);
	/* 30 days before the freeze: 271,233 owed; nothing more while frozen */
	json_t *j = get(x, loan, "2025-09-01");
	assert_string_equal(jstr(j, "status"), "frozen");
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 271233);
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_event WHERE kind = 'freeze' "
					 "AND until = '2026-04-14' AND level = 'central' AND "
					 "deciding_level = 'central' AND principal = 50000000"),
			 1);

	/* a repayment while frozen comes out of LOAN_FROZEN */
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	struct payment_allocation a;
	struct loan_repay_input rp = {loan, 1271233, fix_day("2025-06-01"), 0};
	must(loan_repay(&t, &rp, &a, NULL, &err), &err, "repay frozen");
	assert_int_equal(a.in_term_interest, 271233);
	assert_int_equal(a.prepaid_principal, 1000000);
	assert_int_equal(gl(x, "LOAN_FROZEN"), 49000000);
	books_agree(x);

	struct td_ctx c = dir_ctx(x);
	struct loan_decision d = dec(x, "2025-10-11", "central");
	must(loan_unfreeze(&c, loan, &d, NULL, &err), &err, "unfreeze");
	assert_int_equal(gl(x, "LOAN_FROZEN"), 0);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 49000000);
	books_agree(x);
	/* 30 days from the end of the freeze on 49 M: 265,808.22 -> 265,808 (R-INT-1) */
	rp = (struct loan_repay_input){loan, 265808, fix_day("2025-11-10"), 0};
	must(loan_repay(&t, &rp, &a, NULL, &err), &err, "repay after");
	assert_int_equal(a.in_term_interest, 265808);
	assert_int_equal(a.prepaid_principal, 0);
	books_agree(x);
	assert_int_equal(loan_unfreeze(&c, loan, &d, NULL, &err), TD_ECONFLICT);
}

/* R-RISK-1 refusals: level, length, renewal to at most 60 months; nothing recorded. */
static void test_r_risk_1_freeze_refusals(void **state)
{
	struct ev_fx *x = *state;
	int64_t loan = loan_open(x, 36);
	struct td_error err = {0};
	struct td_ctx c = dir_ctx(x);
	struct loan_risk_input in = {.loan_id = loan,
				     .principal = LOAN_RISK_ALL,
				     .months = 12,
				     .assessment_id =
					     assessment(x, loan, "fire", 5000, "2025-04-14"),
				     .d = dec(x, "2025-04-14", "town")};
	assert_int_equal(loan_freeze(&c, &in, NULL, &err), TD_EINVAL);
	has(&err, "central, province, district hoặc commune");
	in.d = dec(x, "2025-04-14", "central");
	in.d.reason = NULL;
	assert_int_equal(loan_freeze(&c, &in, NULL, &err), TD_EINVAL);
	has(&err, "reason");
	assert_int_equal(freeze(x, loan, 37, "2025-04-14", &err), TD_ERULE);
	assert_int_equal(events(x), 0);
	must(freeze(x, loan, 36, "2025-04-14", &err), &err, "freeze");
	must(freeze(x, loan, 24, "2028-04-01", &err), &err, "renewal to 60");
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_event WHERE until = "
					 "'2030-04-14'"),
			 1);
	assert_int_equal(freeze(x, loan, 1, "2028-04-02", &err), TD_ERULE);
	has(&err, "60");
	assert_int_equal(gl(x, "LOAN_FROZEN"), 50000000);
	books_agree(x);
}

/* What the source can still lend: capital - loans (R-CAP-1). */
static td_money available(struct ev_fx *x, int64_t source)
{
	struct td_error err = {0};
	td_money v = 0;
	must(capital_available(x->f->s, source, 0, &v, &err), &err, "available");
	return v;
}

/* The line of `tindung check` that contains `want`, kept in first_line. */
struct wanted {
	const char *want;
	bool found;
};

static void keep_wanted(void *arg, const char *line)
{
	struct wanted *w = arg;
	if (!w->found && strstr(line, w->want)) {
		w->found = true;
		snprintf(first_line, sizeof first_line, "%s", line);
	}
}

/* `tindung check` reports a mismatch whose line contains want. */
static void check_names(struct ev_fx *x, const char *want)
{
	struct wanted w = {want, false};
	struct check_report r = {keep_wanted, &w};
	struct td_error err = {0};
	must(check_run(x->f->s, CHECK_ALL_DATES, &r, &err), &err, "check");
	if (!w.found)
		fail_msg("check found %lld mismatches, none naming '%s'", (long long)r.mismatches,
			 want);
}

/* R-RISK-1, R-CAP-1 write-off: Dr CAPITAL_x of the loan's source / Cr the loan account; the
 * loan is finished, the source bears the loss and can lend exactly what it could before. */
static void test_r_risk_1_write_off_charges_the_source_R_CAP_1(void **state)
{
	struct ev_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_open(x, 36);
	must(freeze(x, loan, 12, "2025-04-14", &err), &err, "freeze");
	assert_int_equal(available(x, x->source), 150000000);
	struct td_ctx c = dir_ctx(x);
	int64_t ev = 0;
	must(write_off(x, loan, "2025-12-01", "central", &ev, &err), &err, "write off frozen");
	assert_true(ev > 0);
	assert_int_equal(available(x, x->source), 150000000);
	assert_int_equal(gl(x, "CAPITAL_CENTRAL"), -150000000);
	assert_int_equal(gl(x, "WRITE_OFF_EXPENSE"), 0);
	assert_int_equal(gl(x, "LOAN_FROZEN"), 0);
	assert_int_equal(fix_count(x->f, "SELECT capital_charged FROM loan_event WHERE kind = "
					 "'write_off'"),
			 50000000);
	json_t *src = NULL;
	must(capital_get(&c, x->source, &src, &err), &err, "source");
	assert_int_equal(jint(src, "written_off"), 50000000);
	assert_int_equal(jint(src, "entrusted"), 200000000);
	assert_int_equal(jint(src, "lent"), 0);
	json_decref(src);
	json_t *j = get(x, loan, "2025-12-01");
	assert_string_equal(jstr(j, "status"), "written_off");
	assert_string_equal(jstr(j, "closed_on"), "2025-12-01");
	assert_int_equal(jint(json_object_get(j, "interest_owed"), "total"), 0);
	json_decref(j);
	books_agree(x);
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	struct loan_repay_input rp = {loan, 1000, fix_day("2025-12-02"), 0};
	assert_int_equal(loan_repay(&t, &rp, NULL, NULL, &err), TD_ECONFLICT);
	struct loan_risk_input again = {
		.loan_id = loan, .principal = LOAN_RISK_ALL, .d = dec(x, "2025-12-01", "central")};
	assert_int_equal(loan_write_off(&c, &again, NULL, &err), TD_ECONFLICT);
	assert_int_equal(loan_freeze(&c, &again, NULL, &err), TD_ECONFLICT);

	/* straight from in term, lent from a local source: its CAPITAL_LOCAL bears it */
	int64_t local = lf_source(x->f, "DP-HP", x->f->pgd318, "UBND thành phố Hải Phòng");
	lf_transfer(x->f, local, CAPITAL_IN, 80000000);
	x->source = local;
	x->f->hh1[0] = x->f->hh1[1];
	int64_t other = loan_open(x, 36);
	assert_int_equal(available(x, local), 30000000);
	must(write_off(x, other, "2025-12-01", "province", NULL, &err), &err, "write off in term");
	assert_int_equal(available(x, local), 30000000);
	assert_int_equal(gl(x, "CAPITAL_LOCAL"), -30000000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE action = "
					 "'write_off'"),
			 2);
	books_agree(x);
}

/* R-CAP-1: `tindung check` holds the capital accounts to transfers - write-offs, so a
 * write-off amount or a capital posting changed behind the application's back is named. */
static void test_r_cap_1_check_finds_tampered_write_off(void **state)
{
	struct ev_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_open(x, 36);
	must(write_off(x, loan, "2025-12-01", "central", NULL, &err), &err, "write off");
	books_agree(x);
	fix_exec(x->f->s, "UPDATE loan_event SET capital_charged = 49000000");
	check_names(x, "nguồn vốn TW-01 đơn vị PGD318: chuyển vốn (về - hoàn trả) 200.000.000 "
		       "đồng, nợ đã xóa 49.000.000 đồng, tài khoản nguồn vốn 150.000.000 đồng");
	fix_exec(x->f->s, "UPDATE loan_event SET capital_charged = 50000000");
	books_agree(x);
	/* the capital posting itself: 1 đồng less debited */
	fix_exec(x->f->s, "UPDATE gl_posting SET debit = debit - 1 WHERE debit = 50000000 AND "
			  "account_id IN (SELECT id FROM gl_account WHERE type_code = "
			  "'CAPITAL_CENTRAL')");
	check_names(x, "nợ đã xóa 50.000.000 đồng, tài khoản nguồn vốn 150.000.001 đồng");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_ext_1_extension),
		T(test_r_ext_1_refusals),
		T(test_r_ext_2_reschedule),
		T(test_r_ext_2_rollover),
		T(test_r_risk_1_freeze_stops_interest),
		T(test_r_risk_1_freeze_refusals),
		T(test_r_risk_1_write_off_charges_the_source_R_CAP_1),
		T(test_r_cap_1_check_finds_tampered_write_off),
	};
	return cmocka_run_group_tests_name(
		fix_backend == TD_BACKEND_POSTGRES ? "loan_event/postgres" : "loan_event/sqlite",
		tests, NULL, NULL);
}
