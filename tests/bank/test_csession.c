/* The monthly commune session on both stores (R-SES-1, R-SES-2): opening, the 13/TD lists,
 * batches booked through loans and savings (R-PAY-1, R-SAV-1, R-DIS-1) with R-ORG-3 and
 * R-GL-3, closing on counted cash, and what a closed session refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/application.h"
#include "support/forms.h"
#include "bank/check.h"
#include "bank/commune_session.h"
#include "bank/group.h"
#include "bank/loan.h"
#include "bank/savings.h"
#include "ledger_fixture.h"

/* Group TK-01 of hh1[0..4] (leader hh1[0]) at point P1 (meets on the 17th) with its team
 * CO1 / K1 / T1; a loan of 50 M to hh1[0] disbursed on 2025-03-17; hh1[1]'s application
 * approved, not disbursed; hh1[2]'s savings account holding 100.000 đồng. */
struct cs_fx {
	struct fixture *f;
	int64_t chapter, group, source, loan, app_b, account;
	struct td_actor officer, director, teller, controller, union_officer, leader;
};

static struct cs_fx *X;

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

static struct td_actor person(enum td_role role, int64_t user, int64_t office, int64_t chapter)
{
	struct td_actor a = fix_actor(role, office, chapter, 0);
	a.user_id = user;
	snprintf(a.username, sizeof a.username, "%s_%lld", role_name(role), (long long)user);
	return a;
}

static struct td_ctx as(const struct td_actor *a, const char *on)
{
	struct td_ctx c = fix_ctx(X->f, a);
	c.business_date = fix_day(on);
	return c;
}

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

/* An approved application of hh for 50 M over 36 months. */
static int64_t approved(int64_t hh)
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
	struct td_ctx u = as(&X->union_officer, "2025-03-31");
	struct td_ctx o = as(&X->officer, "2025-03-31");
	struct td_ctx d = as(&X->director, "2025-03-31");
	int64_t id = 0;
	must(application_create(&u, &in, &id, &err), &err, "create");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err,
	     "confirm");
	must(application_check(&o, id, fix_day("2025-03-10"), NULL, &err), &err, "check");
	must(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err), &err, "decide");
	return id;
}

static void team(struct fixture *f)
{
	char o[24], sql[512];
	int64_t k1 =
		fix_id(f->s,
		       "INSERT INTO staff (office_id, full_name, role, valid_from) VALUES "
		       "(CAST(? AS BIGINT), 'Vũ Kiểm', 'controller', '2010-01-01') RETURNING id",
		       fix_num(f->pgd318, o), NULL, NULL, NULL);
	snprintf(sql, sizeof sql,
		 "INSERT INTO point_team (point_id, staff_id, duty, valid_from) VALUES "
		 "(%lld, %lld, 'leader', '2010-01-01'), (%lld, %lld, 'controller', '2010-01-01'), "
		 "(%lld, %lld, 'teller', '2010-01-01')",
		 (long long)f->p1, (long long)f->co1, (long long)f->p1, (long long)k1,
		 (long long)f->p1, (long long)f->t1);
	fix_exec(f->s, sql);
}

static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct cs_fx x;
	struct fixture *f = *state;
	struct td_error err = {0};
	memset(&x, 0, sizeof x);
	X = &x;
	x.f = f;
	f->ctx.business_date = fix_day("2025-03-31");
	team(f);
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
	must(group_create(&f->ctx, &g, &x.group, &err), &err, "group");
	for (int k = 0; k < 3; k++)
		add_status(f, f->hh1[k]);
	x.source = lf_source(f, "TW-01", f->pgd318, NULL);
	lf_transfer(f, x.source, CAPITAL_IN, 200000000);
	x.union_officer = person(ROLE_UNION_OFFICER, 11, f->pgd318, x.chapter);
	x.officer = person(ROLE_CREDIT_OFFICER, 21, f->pgd318, 0);
	x.director = person(ROLE_DIRECTOR, 31, f->br31, 0);
	x.teller = person(ROLE_TELLER, 41, f->pgd318, 0);
	x.controller = person(ROLE_CONTROLLER, 51, f->pgd318, 0);
	x.leader = fix_actor(ROLE_GROUP_LEADER, f->pgd318, 0, x.group);
	struct td_ctx t = as(&x.teller, "2025-03-31");
	struct loan_disburse_input in = {.application_id = approved(f->hh1[0]),
					 .source_id = x.source,
					 .amount = 50000000,
					 .on = fix_day("2025-03-17")};
	must(loan_disburse(&t, &in, &x.loan, &err), &err, "disburse");
	x.app_b = approved(f->hh1[1]);
	must(savings_open(&f->ctx, f->hh1[2], x.group, &x.account, &err), &err, "savings open");
	must(savings_deposit(&t, x.account, 100000, NULL, &err), &err, "deposit");
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct cs_fx *x = *state;
	void *f = x->f;
	return fix_teardown(&f);
}

static int64_t jint(json_t *j, const char *k)
{
	return json_integer_value(json_object_get(j, k));
}

static int64_t count(const char *sql)
{
	return fix_count(X->f, sql);
}

/* The session of P1 on day, opened by the teller with opening cash. */
static int64_t open_on(const char *day, td_money cash)
{
	struct td_ctx t = as(&X->teller, day);
	struct csession_open_input in = {X->f->p1, fix_day(day), NULL, cash};
	struct td_error err = {0};
	int64_t id = 0;
	must(csession_open(&t, &in, &id, &err), &err, "open");
	return id;
}

static int record(const struct td_actor *a, const char *day, const char *key, int64_t session,
		  const struct csession_line *l, size_t n, int64_t *batch, struct td_error *err)
{
	struct td_ctx c = as(a, day);
	c.idem_key = key;
	return csession_record(&c, session, l, n, batch, err);
}

/* Interest owed by the fixture's loan as loan_get tells it on day. */
static int64_t interest_owed(const char *day)
{
	struct td_ctx t = as(&X->teller, day);
	struct td_error err = {0};
	json_t *j = NULL;
	must(loan_get(&t, X->loan, &j, &err), &err, "loan get");
	int64_t v = jint(json_object_get(j, "interest_owed"), "total");
	json_decref(j);
	return v;
}

static char first_line[512];
static void keep_first(void *arg, const char *line)
{
	int *n = arg;
	if ((*n)++ == 0)
		snprintf(first_line, sizeof first_line, "%s", line);
}

static void books_agree(void)
{
	int n = 0;
	struct check_report r = {keep_first, &n};
	struct td_error err = {0};
	must(check_run(X->f->s, CHECK_ALL_DATES, &r, &err), &err, "check");
	if (r.mismatches != 0)
		fail_msg("check: %lld mismatches; first: %s", (long long)r.mismatches, first_line);
}

static void test_r_ses_1_open_refusals(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	int64_t id = open_on("2025-04-17", 0), other = 0;
	struct td_ctx t = as(&x->teller, "2025-04-17");
	struct csession_open_input in = {x->f->p1, fix_day("2025-04-17"), NULL, 0};
	assert_int_equal(csession_open(&t, &in, &other, &err), TD_ECONFLICT);
	assert_msg_has(err, "already has session");
	assert_int_equal(csession_find(&t, x->f->p1, fix_day("2025-04-17"), &other, &err), TD_OK);
	assert_int_equal(other, id);
	/* Another day than the 17th needs a reason. */
	in.on = fix_day("2025-05-20");
	assert_int_equal(csession_open(&t, &in, &other, &err), TD_EINVAL);
	assert_msg_has(err, "day 17");
	in.off_day_reason = "ngày 17 trùng lịch họp HĐND xã";
	assert_int_equal(csession_open(&t, &in, &other, &err), TD_OK);
	in.on = fix_day("2025-06-17");
	in.opening_cash = -1;
	assert_int_equal(csession_open(&t, &in, &other, &err), TD_EINVAL);
	/* P2 has no team (its office is outside the teller's subtree: the director's). */
	struct td_ctx d = as(&x->director, "2025-04-17");
	struct csession_open_input p2 = {x->f->p2, fix_day("2025-04-17"), NULL, 0};
	assert_int_equal(csession_open(&d, &p2, &other, &err), TD_ERULE);
	assert_msg_has(err, "no team leader");
	assert_msg_has(err, "no controller");
	assert_int_equal(csession_open(&t, &p2, &other, &err), TD_EFORBIDDEN);
	/* Administrators and credit officers do not open sessions (docs/access.md). */
	in.opening_cash = 0;
	struct td_ctx adm = as(&x->f->admin, "2025-04-17");
	assert_int_equal(csession_open(&adm, &in, &other, &err), TD_EFORBIDDEN);
	struct td_ctx o = as(&x->officer, "2025-04-17");
	assert_int_equal(csession_open(&o, &in, &other, &err), TD_EFORBIDDEN);
	struct csession_open_input none = {999, fix_day("2025-04-17"), NULL, 0};
	assert_int_equal(csession_open(&t, &none, &other, &err), TD_ENOTFOUND);
	assert_int_equal(count("SELECT count(*) FROM commune_session"), 2);
}

/* The 13/TD list equals the loan and savings state (R-SES-2). */
static void test_r_ses_2_list_matches_loans_and_savings(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	const char *days[] = {"2025-04-17", "2026-03-17"};
	for (size_t k = 0; k < 2; k++) {
		int64_t id = open_on(days[k], 0);
		struct td_ctx t = as(&x->teller, days[k]);
		json_t *j = NULL;
		must(csession_groups(&t, id, &j, &err), &err, "groups");
		json_t *groups = json_object_get(j, "groups");
		assert_int_equal(json_array_size(groups), 1);
		json_t *g = json_array_get(groups, 0);
		assert_string_equal(json_string_value(json_object_get(g, "code")), "TK-01");
		json_t *members = json_object_get(g, "members");
		assert_int_equal(json_array_size(members), 5);
		json_t *m0 = json_array_get(members, 0), *m2 = json_array_get(members, 2);
		assert_int_equal(jint(m0, "household_id"), x->f->hh1[0]);
		json_t *l = json_array_get(json_object_get(m0, "loans"), 0);
		assert_int_equal(jint(l, "loan_id"), x->loan);
		assert_int_equal(jint(l, "balance"), 50000000);
		int64_t owed = interest_owed(days[k]);
		assert_true(owed > 0);
		assert_int_equal(jint(l, "interest_due"), owed);
		/* Principal due: the first instalment (2026-03-17) once its day has come. */
		assert_int_equal(jint(l, "principal_due"), k == 0 ? 0 : 16666000);
		assert_int_equal(jint(m2, "savings_account_id"), x->account);
		assert_int_equal(jint(m2, "savings_balance"), 100000);
		assert_int_equal(json_array_size(json_object_get(m2, "loans")), 0);
		assert_int_equal(jint(g, "interest_due"), owed);
		assert_int_equal(jint(j, "principal_due"), k == 0 ? 0 : 16666000);
		assert_int_equal(jint(j, "savings_balance"), 100000);
		json_decref(j);
	}
	/* R-INT-1 spot check: 50 M at 6,6 %/year for 31 days (17/3 .. 16/4), ACT/365. */
	assert_int_equal(interest_owed("2025-04-17"), 280274);
}

/* R-INACT-1 on the 13/TD list: a loan end of day flagged inactive 3 months is marked on
 * the list the team and the leader work from, the others are not. */
static void test_r_inact_1_flag_on_the_13td_list(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE loan SET inactive = 1 WHERE id = %lld", (long long)x->loan);
	for (int flagged = 0; flagged < 2; flagged++) {
		if (flagged)
			fix_exec(x->f->s, sql); /* as eod sets it (docs/eod.md) */
		const char *day = flagged ? "2025-07-17" : "2025-06-17";
		int64_t id = open_on(day, 0);
		struct td_ctx t = as(&x->teller, day);
		json_t *j = NULL;
		must(csession_groups(&t, id, &j, &err), &err, "groups");
		json_t *g = json_array_get(json_object_get(j, "groups"), 0);
		json_t *m0 = json_array_get(json_object_get(g, "members"), 0);
		json_t *l = json_array_get(json_object_get(m0, "loans"), 0);
		assert_int_equal(jint(l, "loan_id"), x->loan);
		assert_true(json_is_boolean(json_object_get(l, "inactive")));
		assert_int_equal(json_is_true(json_object_get(l, "inactive")), flagged);
		json_decref(j);
	}
}

/* A whole batch books through loans and savings, and the books agree (R-SES-1, R-GL-2). */
static void test_r_ses_1_batch_books_through_loans_and_savings(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	int64_t id = open_on("2025-04-17", 60000000), batch = 0;
	int64_t owed = interest_owed("2025-04-17");
	struct csession_line l[] = {
		{CSL_INTEREST, CSV_GROUP_LEADER, x->loan, 0, owed},
		{CSL_PRINCIPAL, CSV_HOUSEHOLD, x->loan, 0, 1000000},
		{CSL_DEPOSIT, CSV_GROUP_LEADER, x->account, 0, 50000},
		{CSL_WITHDRAWAL, CSV_HOUSEHOLD, x->account, 0, 20000},
		{CSL_DISBURSEMENT, CSV_HOUSEHOLD, x->app_b, x->source, 50000000},
	};
	must(record(&x->teller, "2025-04-17", "b-1", id, l, 5, &batch, &err), &err, "record");
	assert_int_equal(count("SELECT count(*) FROM session_line"), 5);
	assert_int_equal(count("SELECT count(*) FROM session_line s JOIN gl_entry e ON e.id = "
			       "s.entry_id WHERE e.business_date = '2025-04-17'"),
			 5);
	assert_int_equal(count("SELECT count(*) FROM loan_repayment"), 2);
	assert_int_equal(count("SELECT balance FROM loan WHERE household_id IN (SELECT "
			       "household_id FROM loan_application WHERE id = (SELECT min(id) "
			       "FROM loan_application))"),
			 49000000);
	assert_int_equal(count("SELECT count(*) FROM loan"), 2);
	assert_int_equal(count("SELECT balance FROM savings_account"), 130000);
	assert_int_equal(count("SELECT count(*) FROM session_line WHERE via = 'group_leader'"), 2);
	books_agree();
	struct td_ctx t = as(&x->teller, "2025-04-17");
	json_t *j = NULL;
	must(csession_get(&t, id, &j, &err), &err, "get");
	assert_int_equal(jint(j, "cash_in"), owed + 1050000);
	assert_int_equal(jint(j, "cash_out"), 50020000);
	assert_int_equal(jint(j, "expected_cash"), 60000000 + owed + 1050000 - 50020000);
	assert_int_equal(json_array_size(json_object_get(j, "lines")), 5);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "open");
	json_decref(j);
}

/* R-ORG-3: a leader never hands in principal nor pays out; the whole batch is refused. */
static void test_r_org_3_group_leader_principal_refused(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	int64_t id = open_on("2025-04-17", 0);
	int64_t entries = count("SELECT count(*) FROM gl_entry");
	struct csession_line l[] = {
		{CSL_INTEREST, CSV_GROUP_LEADER, x->loan, 0, 1000},
		{CSL_PRINCIPAL, CSV_GROUP_LEADER, x->loan, 0, 1000000},
	};
	assert_int_equal(record(&x->teller, "2025-04-17", "k", id, l, 2, NULL, &err),
			 TD_ERULE);
	assert_msg_has(err, "line 2 (principal, loan");
	assert_msg_has(err, "never principal (R-ORG-3)");
	struct csession_line w = {CSL_WITHDRAWAL, CSV_GROUP_LEADER, x->account, 0, 10000};
	assert_int_equal(record(&x->teller, "2025-04-17", "k", id, &w, 1, NULL, &err),
			 TD_ERULE);
	assert_msg_has(err, "pays nothing out");
	assert_int_equal(count("SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(count("SELECT count(*) FROM session_line"), 0);
	assert_int_equal(count("SELECT count(*) FROM session_batch"), 0);
	assert_int_equal(count("SELECT count(*) FROM loan_repayment"), 0);
	/* A leader does not record batches itself, nor does a credit officer. */
	assert_int_equal(record(&x->leader, "2025-04-17", "k", id, l, 1, NULL, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(record(&x->officer, "2025-04-17", "k", id, l, 1, NULL, &err),
			 TD_EFORBIDDEN);
}

/* R-PAY-1 as the lines say it: interest up to what is owed, principal once it is paid. */
static void test_r_pay_1_lines_match_the_allocation(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	int64_t id = open_on("2025-04-17", 0);
	int64_t owed = interest_owed("2025-04-17");
	struct csession_line too_much = {CSL_INTEREST, CSV_HOUSEHOLD, x->loan, 0, owed + 1};
	assert_int_equal(record(&x->teller, "2025-04-17", "a", id, &too_much, 1, NULL, &err),
			 TD_ERULE);
	assert_msg_has(err, "exceeds the interest owed");
	struct csession_line early = {CSL_PRINCIPAL, CSV_HOUSEHOLD, x->loan, 0, 1000000};
	assert_int_equal(record(&x->teller, "2025-04-17", "b", id, &early, 1, NULL, &err),
			 TD_ERULE);
	assert_msg_has(err, "record an interest line before");
	struct csession_line bad[] = {
		{CSL_DEPOSIT, CSV_HOUSEHOLD, x->account, 0, 0},
		{CSL_DEPOSIT, CSV_HOUSEHOLD, 999, 0, 10000},
		{CSL_DEPOSIT, CSV_HOUSEHOLD, x->account, 0, 4000},
	};
	int want[] = {TD_EINVAL, TD_ENOTFOUND, TD_ERULE};
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(
			record(&x->teller, "2025-04-17", "c", id, &bad[k], 1, NULL, &err),
			want[k]);
	assert_int_equal(record(&x->teller, "2025-04-17", "d", id, bad, 0, NULL, &err),
			 TD_EINVAL);
	assert_int_equal(record(&x->teller, "2025-04-17", NULL, id, &early, 1, NULL, &err),
			 TD_EINVAL);
	assert_msg_has(err, "idempotency key");
	/* Lines are booked on the session's day. */
	struct csession_line dep = {CSL_DEPOSIT, CSV_HOUSEHOLD, x->account, 0, 10000};
	assert_int_equal(record(&x->teller, "2025-04-18", "e", id, &dep, 1, NULL, &err),
			 TD_ERULE);
	assert_msg_has(err, "business date is 2025-04-18");
	assert_int_equal(count("SELECT count(*) FROM session_line"), 0);
	assert_int_equal(count("SELECT count(*) FROM loan_repayment"), 0);
	books_agree();
}

/* R-GL-3: a key books one batch; a retry under it is answered by the one mechanism
 * (bank/idempotency.h, tests/bank/test_idempotency.c) before the use case runs, so the use
 * case refuses a key used already, whatever the request. Another user's key is its own. */
static void test_r_gl_3_one_batch_per_key(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	int64_t id = open_on("2025-04-17", 0), b1 = 0, b2 = 0;
	struct csession_line l = {CSL_DEPOSIT, CSV_GROUP_LEADER, x->account, 0, 50000};
	must(record(&x->teller, "2025-04-17", "same", id, &l, 1, &b1, &err), &err, "1st");
	assert_int_equal(record(&x->teller, "2025-04-17", "same", id, &l, 1, &b2, &err),
			 TD_EIDEMPOTENCY);
	assert_msg_has(err, "used for batch");
	assert_int_equal(count("SELECT count(*) FROM session_line"), 1);
	assert_int_equal(count("SELECT balance FROM savings_account"), 150000);
	l.amount = 60000;
	assert_int_equal(record(&x->teller, "2025-04-17", "same", id, &l, 1, NULL, &err),
			 TD_EIDEMPOTENCY);
	assert_int_equal(count("SELECT balance FROM savings_account"), 150000);
	struct td_actor t2 = person(ROLE_TELLER, 43, x->f->pgd318, 0);
	must(record(&t2, "2025-04-17", "same", id, &l, 1, &b2, &err), &err, "other user");
	assert_true(b2 != b1);
	assert_int_equal(count("SELECT balance FROM savings_account"), 210000);
	books_agree();
}

/* R-SES-1: close only on counted = expected; then the session is immutable. */
static void test_r_ses_1_close(void **state)
{
	struct cs_fx *x = *state;
	struct td_error err = {0};
	int64_t id = open_on("2025-04-17", 2000000);
	struct csession_line l[] = {
		{CSL_DEPOSIT, CSV_GROUP_LEADER, x->account, 0, 50000},
		{CSL_WITHDRAWAL, CSV_HOUSEHOLD, x->account, 0, 30000},
	};
	must(record(&x->teller, "2025-04-17", "k1", id, l, 2, NULL, &err), &err, "record");
	struct td_ctx o = as(&x->officer, "2025-04-17");
	/* Expected 2.000.000 + 50.000 - 30.000 = 2.020.000. */
	assert_int_equal(csession_close(&o, id, 2010000, &err), TD_ERULE);
	assert_msg_has(err, "2.010.000");
	assert_msg_has(err, "2.020.000");
	assert_msg_has(err, "thiếu 10.000");
	assert_int_equal(csession_close(&o, id, 2025000, &err), TD_ERULE);
	assert_msg_has(err, "thừa 5.000");
	struct td_ctx t = as(&x->teller, "2025-04-17");
	assert_int_equal(csession_close(&t, id, 2020000, &err), TD_EFORBIDDEN);
	struct td_ctx k = as(&x->controller, "2025-04-17");
	must(csession_close(&k, id, 2020000, &err), &err, "close");
	assert_int_equal(csession_close(&o, id, 2020000, &err), TD_ECONFLICT);
	assert_msg_has(err, "phiên đã đóng");
	struct csession_line more = {CSL_DEPOSIT, CSV_HOUSEHOLD, x->account, 0, 10000};
	assert_int_equal(record(&x->teller, "2025-04-17", "k2", id, &more, 1, NULL, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "phiên đã đóng");
	/* The first batch's key books nothing more either. */
	assert_int_equal(record(&x->teller, "2025-04-17", "k1", id, l, 2, NULL, &err),
			 TD_EIDEMPOTENCY);
	json_t *j = NULL;
	must(csession_get(&t, id, &j, &err), &err, "get");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "closed");
	assert_int_equal(jint(j, "counted_cash"), 2020000);
	json_decref(j);
	assert_int_equal(count("SELECT count(*) FROM session_line"), 2);
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'commune_session' "
			       "AND action = 'close'"),
			 1);
	assert_int_equal(csession_close(&o, 999, 0, &err), TD_ENOTFOUND);
	books_agree();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_ses_1_open_refusals),
		T(test_r_ses_2_list_matches_loans_and_savings),
		T(test_r_inact_1_flag_on_the_13td_list),
		T(test_r_ses_1_batch_books_through_loans_and_savings),
		T(test_r_org_3_group_leader_principal_refused),
		T(test_r_pay_1_lines_match_the_allocation),
		T(test_r_gl_3_one_batch_per_key),
		T(test_r_ses_1_close),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "csession/postgres"
									      : "csession/sqlite",
					   tests, NULL, NULL);
}
