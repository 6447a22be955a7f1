/*
 * The loan tests' district (test_loan.c, test_eod.c, test_month_end.c), on top of
 * ledger_fixture.h: a group with poverty statuses, a funded capital source, the people who
 * act, and helpers to file, approve, disburse and repay.
 */
#ifndef TD_TESTS_LOAN_FIXTURE_H
#define TD_TESTS_LOAN_FIXTURE_H

#include <stdlib.h>

#include "bank/application.h"
#include "support/forms.h"
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
				     .members_present = 5,
				     .votes_for = 4,
				     .votes_against = 1};
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct td_ctx o = as(x, &x->officer, "2025-03-31");
	struct td_ctx d = as(x, &x->director, "2025-03-31");
	int64_t id = 0;
	must(application_create(&u, &in, &id, &err), &err, "create");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err,
	     "confirm");
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

/* A second director of PGD318 (user gd2), who approves what x->director prepares
 * (maker–checker, bank/loan_event.h); made on the first call. */
static int64_t second_director(struct loan_fx *x)
{
	int64_t id = fix_count(x->f, "SELECT coalesce(max(id), 0) FROM app_user WHERE username = "
				     "'gd2'");
	if (id)
		return id;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO app_user (username, full_name, role, office_id, password_hash) "
		 "VALUES ('gd2', 'Nguyễn Văn Hai', 'director', %lld, 'x')",
		 (long long)x->f->pgd318);
	fix_exec(x->f->s, sql);
	return fix_count(x->f, "SELECT id FROM app_user WHERE username = 'gd2'");
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

#endif
