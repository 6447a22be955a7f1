/* A randomised run on both stores (R-GL-1, R-GL-2, R-CAP-1, R-SAV-1, R-PAY-1, R-DUE-1,
 * R-RISK-1): thousands of disbursements, repayments in cash and from the borrower's
 * savings, write-offs, new loans for households whose loan ended, savings deposits and
 * withdrawals, capital transfers and end-of-day runs with random amounts and dates, against
 * a small model of the expected balances: cash of PGD318, unpaid principal per loan,
 * balance per savings account, capital and capital available of the source (a write-off
 * lowers the capital by the principal it removes, so what the source can lend is
 * unchanged; a repayment from savings lowers the savings and moves no cash). The model
 * changes only when an operation succeeds; refused operations are compared against it at
 * once (they must change nothing), everything every MODEL_EVERY operations, and `tindung
 * check` (check_run) must find no mismatch every CHECK_EVERY operations and at the end.
 * Interest is not modelled: each repayment's parts must be >= 0 and sum to the payment.
 * The seed is printed; TD_RANDOM_SEED=<n> replays a run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inttypes.h>
#include <stdlib.h>

#include "bank/application.h"
#include "support/forms.h"
#include "bank/check.h"
#include "bank/eod.h"
#include "bank/group.h"
#include "bank/loan.h"
#include "bank/loan_event.h"
#include "bank/savings.h"
#include "bank/trial_balance.h"
#include "ledger_fixture.h"

#define N_MEMBERS 10	/* hh1[0..9] in group TK-R; all save */
#define N_LOANS 8	/* hh1[0..7] are poor, hold one loan (or application) at a time each */
#define FIRST_YEAR 2025 /* poverty statuses of hh1[0..7] for these years (R-HH-4) */
#define LAST_YEAR 2032
#define OPS_SQLITE 3000
#define OPS_POSTGRES 1000
#define MODEL_EVERY 25
#define CHECK_EVERY 100
#define SOURCE_START 200000000

/* What the books must say. Slot k is household hh1[k]'s current loan or application. */
struct model {
	td_money cash;		     /* CASH of PGD318 */
	td_money capital;	     /* entrusted - returned - written off, of the source */
	td_money principal[N_LOANS]; /* unpaid; 0 before disbursement and once ended */
	bool disbursed[N_LOANS], closed[N_LOANS], written_off[N_LOANS];
	td_money saved[N_MEMBERS];
};

struct rnd_fx {
	struct fixture *f;
	int64_t chapter, group, source, approver;
	int64_t app[N_LOANS], loan[N_LOANS], account[N_MEMBERS];
	td_money approved[N_LOANS];
	struct td_actor sys, teller, director;
	struct model m;
	uint64_t rng;
	int op; /* number of the current operation, for messages */
	int refused, eod_days, loans, closed, written_off, from_savings;
};

/* splitmix64: small, fixed, the same on every machine. */
static uint64_t rnd_next(struct rnd_fx *x)
{
	uint64_t z = (x->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform enough in [lo, hi]. */
static int64_t rnd_range(struct rnd_fx *x, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd_next(x) % (uint64_t)(hi - lo + 1));
}

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

/* The commune's poverty list of year: hh1[0..N_LOANS-1] are poor (R-HH-1), so that they
 * may borrow again in any year of the run (R-HH-4: eligibility on the application date). */
static void add_statuses(struct fixture *f, int year)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO poverty_import (commune_code, year, office_id, file_name, sha256, "
		 "rows_read, new_households, unchanged, status_changed, left_list, rejected, "
		 "business_date, user_id, username) VALUES ('12001', %d, %lld, 'x.csv', 'x', 0, "
		 "0, 0, 0, 0, 0, '2025-01-01', 0, 'system')",
		 year, (long long)f->pgd318);
	fix_exec(f->s, sql);
	for (int k = 0; k < N_LOANS; k++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO poverty_status (household_id, year, status, commune_code, "
			 "import_id, recorded_on) SELECT %lld, %d, 'poor', '12001', max(id), "
			 "'2025-01-01' FROM poverty_import",
			 (long long)f->hh1[k], year);
		fix_exec(f->s, sql);
	}
}

/* A director of PGD318 as an app_user row: the approver of write-offs (maker–checker). */
static int64_t approver_row(struct fixture *f)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO app_user (username, full_name, role, office_id, password_hash) "
		 "VALUES ('gd2', 'Nguyễn Văn Duyệt', 'director', %lld, 'x')",
		 (long long)f->pgd318);
	fix_exec(f->s, sql);
	return fix_count(f, "SELECT id FROM app_user WHERE username = 'gd2'");
}

static struct td_actor person(enum td_role role, int64_t user, int64_t office, int64_t chapter)
{
	struct td_actor a = fix_actor(role, office, chapter, 0);
	a.user_id = user;
	snprintf(a.username, sizeof a.username, "%s_%lld", role_name(role), (long long)user);
	return a;
}

static struct td_ctx as(struct rnd_fx *x, const struct td_actor *a)
{
	return fix_ctx(x->f, a);
}

/* An approved application of hh for amount over 36 months: filed on `on` and taken through
 * every step that day (R-APP-1..4). */
static int64_t approved_application(struct rnd_fx *x, int64_t hh, td_money amount, td_date on)
{
	int64_t chapter = x->chapter;
	struct application_input in = {.household_id = hh,
				       .programme = "1",
				       .amount = amount,
				       .term_months = 36,
				       .purpose = "Mua bò giống",
				       .plan = "Chăn nuôi bò sinh sản",
				       .applied_on = on};
	struct application_vote v = {.on = on,
				     .minutes_no = "05/BB-10C",
				     .list_no = "03/TD-07",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .members_present = 5,
				     .votes_for = 4,
				     .votes_against = 1};
	struct td_actor union_officer = person(ROLE_UNION_OFFICER, 11, x->f->pgd318, chapter);
	struct td_actor officer = person(ROLE_CREDIT_OFFICER, 21, x->f->pgd318, 0);
	struct td_actor director = person(ROLE_DIRECTOR, 31, x->f->pgd318, 0);
	struct td_ctx u = as(x, &union_officer), o = as(x, &officer), d = as(x, &director);
	struct td_error err = {0};
	int64_t id = 0;
	must(application_create(&u, &in, &id, &err), &err, "create");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(on), &err), &err, "confirm");
	must(application_check(&o, id, on, NULL, &err), &err, "check");
	must(application_decide(&d, id, on, true, NULL, &err), &err, "decide");
	return id;
}

static uint64_t seed_from_env(void)
{
	const char *s = getenv("TD_RANDOM_SEED");
	if (!s || !*s)
		return 20250331;
	char *end = NULL;
	uint64_t v = strtoull(s, &end, 10);
	if (*end)
		fail_msg("TD_RANDOM_SEED '%s' is not a whole number", s);
	return v;
}

static int64_t found_group(struct fixture *f, int64_t chapter)
{
	struct group_founding g = {.code = "TK-R",
				   .name = "Tổ TK&VV ngẫu nhiên",
				   .village_id = f->v1,
				   .chapter_id = chapter,
				   .point_id = f->p1,
				   .officer_staff_id = f->co1,
				   .decision_no = "12/QĐ-UBND",
				   .decision_date = fix_day("2024-01-10"),
				   .founded_on = fix_day("2024-01-10"),
				   .members = f->hh1,
				   .n_members = N_MEMBERS,
				   .leader_id = f->hh1[0]};
	struct td_error err = {0};
	int64_t id = 0;
	must(group_create(&f->ctx, &g, &id, &err), &err, "group");
	return id;
}

/* Group TK-R of hh1[0..9], poor in every year of the run, eight approved applications of
 * random amounts (1..50 M, whole thousands) decided 2025-03-11, a savings account per
 * member, source TW-R of PGD318 holding 200 M, a second director who approves write-offs;
 * business date 2025-03-31 in the context and in td_meta (eod moves on from there). */
static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct rnd_fx x;
	struct fixture *f = *state;
	memset(&x, 0, sizeof x);
	x.f = f;
	x.rng = seed_from_env();
	printf("random ops: seed %" PRIu64 " (replay with TD_RANDOM_SEED=%" PRIu64 ")\n", x.rng,
	       x.rng);
	f->ctx.business_date = fix_day("2025-03-31");
	fix_exec(f->s, "UPDATE td_meta SET value = '2025-03-31' WHERE key = 'business_date'");
	x.chapter = fix_chapter(f, "women", "commune", "12001", 0, f->pgd318, "2015-01-01");
	x.group = found_group(f, x.chapter);
	for (int year = FIRST_YEAR; year <= LAST_YEAR; year++)
		add_statuses(f, year);
	for (int k = 0; k < N_LOANS; k++) {
		x.approved[k] = rnd_range(&x, 1000, 50000) * 1000;
		x.app[k] =
			approved_application(&x, f->hh1[k], x.approved[k], fix_day("2025-03-11"));
	}
	struct td_error err = {0};
	for (int k = 0; k < N_MEMBERS; k++)
		must(savings_open(&f->ctx, f->hh1[k], x.group, &x.account[k], &err), &err, "open");
	x.source = lf_source(f, "TW-R", f->pgd318, NULL);
	lf_transfer(f, x.source, CAPITAL_IN, SOURCE_START);
	x.m.cash = SOURCE_START;
	x.m.capital = SOURCE_START;
	actor_system(&x.sys);
	x.teller = person(ROLE_TELLER, 41, f->pgd318, 0);
	x.director = person(ROLE_DIRECTOR, 31, f->pgd318, 0);
	x.approver = approver_row(f);
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct rnd_fx *x = *state;
	void *f = x->f;
	return fix_teardown(&f);
}

/* ---- the model against the database ---- */

static td_money model_lent(const struct model *m)
{
	td_money lent = 0;
	for (int k = 0; k < N_LOANS; k++)
		lent += m->principal[k];
	return lent;
}

static td_money db_cash(struct rnd_fx *x)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(sum(p.debit - p.credit), 0) FROM gl_posting p JOIN gl_account a "
		 "ON a.id = p.account_id WHERE a.type_code = 'CASH' AND a.office_id = %lld",
		 (long long)x->f->pgd318);
	return fix_count(x->f, sql);
}

static json_t *loan_json(struct rnd_fx *x, int k)
{
	struct td_ctx t = as(x, &x->teller);
	struct td_error err = {0};
	json_t *j = NULL;
	must(loan_get(&t, x->loan[k], &j, &err), &err, "loan_get");
	return j;
}

static int64_t jint(json_t *j, const char *k)
{
	json_t *v = json_object_get(j, k);
	if (!json_is_integer(v))
		fail_msg("'%s' is not an integer", k);
	return json_integer_value(v);
}

static void expect_eq(struct rnd_fx *x, const char *what, int k, int64_t want, int64_t got)
{
	if (want != got)
		fail_msg("op %d: %s %d is %lld, the model says %lld", x->op, what, k,
			 (long long)got, (long long)want);
}

static void compare_loans(struct rnd_fx *x)
{
	for (int k = 0; k < N_LOANS; k++) {
		if (!x->m.disbursed[k])
			continue;
		json_t *j = loan_json(x, k);
		const char *st = json_string_value(json_object_get(j, "status"));
		if (x->m.closed[k] != (st && strcmp(st, "closed") == 0) ||
		    x->m.written_off[k] != (st && strcmp(st, "written_off") == 0))
			fail_msg("op %d: loan %d status '%s', model closed=%d written_off=%d",
				 x->op, k, st ? st : "?", x->m.closed[k], x->m.written_off[k]);
		/* a written-off loan keeps the balance it had, which left the books */
		if (!x->m.written_off[k])
			expect_eq(x, "loan balance", k, x->m.principal[k], jint(j, "balance"));
		json_decref(j);
	}
}

static void compare_savings(struct rnd_fx *x)
{
	struct td_error err = {0};
	for (int k = 0; k < N_MEMBERS; k++) {
		json_t *j = NULL;
		must(savings_get(&x->f->ctx, x->account[k], &j, &err), &err, "savings_get");
		expect_eq(x, "savings balance", k, x->m.saved[k], jint(j, "balance"));
		json_decref(j);
	}
}

static void compare_model(struct rnd_fx *x)
{
	compare_loans(x);
	compare_savings(x);
	struct td_error err = {0};
	td_money avail = 0;
	must(capital_available(x->f->s, x->source, 0, &avail, &err), &err, "available");
	expect_eq(x, "capital available of source", 0, x->m.capital - model_lent(&x->m), avail);
	expect_eq(x, "cash of office", 0, x->m.cash, db_cash(x));
}

static void emit(void *arg, const char *line)
{
	(void)arg;
	printf("  check: %s\n", line);
}

/* `tindung check` finds nothing, and the trial balance of PGD318 balances. */
static void books_agree(struct rnd_fx *x)
{
	struct check_report r = {.emit = emit};
	struct td_error err = {0};
	must(check_run(x->f->s, CHECK_ALL_DATES, &r, &err), &err, "check_run");
	if (r.mismatches != 0)
		fail_msg("op %d: check found %lld mismatches (lines above)", x->op,
			 (long long)r.mismatches);
	json_t *tb = NULL;
	must(trial_balance(&x->f->ctx, x->f->pgd318, x->f->ctx.business_date, &tb, &err), &err,
	     "trial balance");
	assert_true(json_is_true(json_object_get(tb, "balanced")));
	json_decref(tb);
}

/* A refused operation: the code is the expected one and nothing changed. */
static void refused(struct rnd_fx *x, int rc, int want, const struct td_error *err,
		    const char *what)
{
	if (rc != want)
		fail_msg("op %d: %s gave %s (%s), want %s", x->op, what, td_code_name(rc), err->msg,
			 td_code_name(want));
	x->refused++;
	compare_model(x);
}

/* ---- the operations ---- */

/* Disburses a random approved application on the business date; refused (R-CAP-1) when
 * the source cannot cover it. */
static void op_disburse(struct rnd_fx *x, int k)
{
	struct td_ctx t = as(x, &x->teller);
	struct loan_disburse_input in = {.application_id = x->app[k],
					 .source_id = x->source,
					 .amount = x->approved[k],
					 .on = t.business_date};
	struct td_error err = {0};
	int64_t id = 0;
	int rc = loan_disburse(&t, &in, &id, &err);
	if (x->m.capital - model_lent(&x->m) < x->approved[k]) {
		refused(x, rc, TD_ERULE, &err, "disbursement beyond the source");
		return;
	}
	must(rc, &err, "disburse");
	x->loan[k] = id;
	x->loans++;
	x->m.disbursed[k] = true;
	x->m.principal[k] = x->approved[k];
	x->m.cash -= x->approved[k];
}

/* Interest parts >= 0 and within what was owed, parts sum to the payment, principal
 * within what was unpaid (R-PAY-1); returns the principal paid. */
static td_money check_parts(struct rnd_fx *x, int k, const struct payment_allocation *a,
			    td_money amount, td_money interest_owed)
{
	td_money interest = a->overdue_interest + a->in_term_interest;
	td_money principal = a->overdue_principal + a->due_principal + a->prepaid_principal;
	if (a->overdue_interest < 0 || a->in_term_interest < 0 || a->overdue_principal < 0 ||
	    a->due_principal < 0 || a->prepaid_principal < 0)
		fail_msg("op %d: loan %d: a negative part in the repayment of %lld", x->op, k,
			 (long long)amount);
	expect_eq(x, "sum of the parts of the repayment of loan", k, amount, interest + principal);
	if (interest > interest_owed || principal > x->m.principal[k])
		fail_msg("op %d: loan %d: paid interest %lld of %lld owed, principal %lld of "
			 "%lld unpaid",
			 x->op, k, (long long)interest, (long long)interest_owed,
			 (long long)principal, (long long)x->m.principal[k]);
	return principal;
}

/* Everything owed on slot k's loan was paid: it closed. */
static void loan_ended(struct rnd_fx *x, int k)
{
	expect_eq(x, "principal left after paying everything owed on loan", k, 0,
		  x->m.principal[k]);
	x->m.closed[k] = true;
	x->closed++;
}

/* Repays a random amount of an open loan on the business date: above what is owed
 * (refused), exactly what is owed (closes it) or up to a twentieth of the loan, so that
 * loans live long enough to go overdue. */
static void op_repay(struct rnd_fx *x, int k)
{
	json_t *j = loan_json(x, k);
	td_money owed = jint(j, "owed");
	td_money interest_owed = jint(json_object_get(j, "interest_owed"), "total");
	json_decref(j);
	expect_eq(x, "owed minus interest of loan", k, x->m.principal[k], owed - interest_owed);
	int64_t dice = rnd_range(x, 0, 99);
	td_money part = x->approved[k] / 20 < owed ? x->approved[k] / 20 : owed;
	td_money amount = dice < 15   ? owed + rnd_range(x, 1, 1000000)
			  : dice < 17 ? owed
				      : rnd_range(x, 1, part);
	struct td_ctx t = as(x, &x->teller);
	struct loan_repay_input in = {x->loan[k], amount, t.business_date, 0};
	struct payment_allocation a = {0};
	struct td_error err = {0};
	int rc = loan_repay(&t, &in, &a, NULL, &err);
	if (amount > owed) {
		refused(x, rc, TD_ERULE, &err, "repayment above what is owed");
		assert_non_null(strstr(err.msg, "exceeds what is owed"));
		return;
	}
	must(rc, &err, "repay");
	x->m.principal[k] -= check_parts(x, k, &a, amount, interest_owed);
	x->m.cash += amount;
	if (amount == owed)
		loan_ended(x, k);
}

/* Repays an open loan from the household's own savings on the business date (R-SAV-1):
 * one time in ten from another household's account, one in five more than the account
 * holds (both refused, TD_ERULE); otherwise up to what it holds and what is owed (closing
 * the loan when that is everything). No cash moves. */
static void op_repay_savings(struct rnd_fx *x, int k)
{
	json_t *j = loan_json(x, k);
	td_money owed = jint(j, "owed");
	td_money interest_owed = jint(json_object_get(j, "interest_owed"), "total");
	json_decref(j);
	td_money bal = x->m.saved[k];
	int64_t dice = rnd_range(x, 0, 99);
	bool other = dice < 10, over = !other && (bal == 0 || dice < 30);
	td_money most = bal < owed ? bal : owed;
	td_money amount = other	 ? rnd_range(x, 1, 100000)
			  : over ? bal + rnd_range(x, 1, 100000)
				 : rnd_range(x, 1, most);
	if (!other && !over && rnd_range(x, 0, 9) == 0 && owed <= bal)
		amount = owed; /* everything, from savings */
	struct td_ctx t = as(x, &x->teller);
	struct loan_repay_input in = {.loan_id = x->loan[k],
				      .amount = amount,
				      .on = t.business_date,
				      .from_savings = x->account[other ? (k + 1) % N_MEMBERS : k]};
	struct payment_allocation a = {0};
	struct td_error err = {0};
	int rc = loan_repay(&t, &in, &a, NULL, &err);
	if (other || over) {
		refused(x, rc, TD_ERULE, &err, "repayment from savings refused");
		if (other)
			assert_non_null(strstr(err.msg, "belongs to household"));
		return;
	}
	must(rc, &err, "repay from savings");
	x->m.principal[k] -= check_parts(x, k, &a, amount, interest_owed);
	x->m.saved[k] -= amount;
	x->from_savings++;
	if (amount == owed)
		loan_ended(x, k);
}

/* Writes off an open loan on the business date (R-RISK-1), prepared by the director and
 * approved by the second one: its principal leaves the books and the source's capital
 * (R-CAP-1), so what the source can lend does not change, and no cash moves. */
static void op_write_off(struct rnd_fx *x, int k)
{
	struct td_ctx c = as(x, &x->director);
	struct loan_risk_input in = {.loan_id = x->loan[k],
				     .principal = LOAN_RISK_ALL,
				     .interest = LOAN_RISK_ALL,
				     .d = {.decision_no = "09/QĐ-HĐQT",
					   .decided_on = c.business_date,
					   .level = "central",
					   .reason = "Người vay chết, không có người thừa kế",
					   .approver_id = x->approver}};
	struct td_error err = {0};
	td_money avail = x->m.capital - model_lent(&x->m);
	must(fix_assess(&c, x->loan[k], "death", 10000, c.business_date, &in.assessment_id, &err),
	     &err, "assess");
	must(loan_write_off(&c, &in, NULL, &err), &err, "write off");
	x->m.capital -= x->m.principal[k];
	x->m.principal[k] = 0;
	x->m.written_off[k] = true;
	x->written_off++;
	expect_eq(x, "capital available (model) after writing off loan", k, avail,
		  x->m.capital - model_lent(&x->m));
}

/* A household whose loan ended borrows again (R-APP-1..4): a new application of a random
 * amount approved on the business date, waiting for its disbursement. */
static void op_reapply(struct rnd_fx *x, int k)
{
	x->approved[k] = rnd_range(x, 1000, 50000) * 1000;
	x->app[k] = approved_application(x, x->f->hh1[k], x->approved[k], x->f->ctx.business_date);
	x->m.disbursed[k] = x->m.closed[k] = x->m.written_off[k] = false;
	x->m.principal[k] = 0;
}

/* A deposit, under the 5,000 đồng minimum one time in five (refused, R-SAV-1). */
static void op_deposit(struct rnd_fx *x, int k)
{
	bool small = rnd_range(x, 0, 4) == 0;
	td_money amount = small ? rnd_range(x, 1, 4999) : rnd_range(x, 5000, 2000000);
	struct td_error err = {0};
	int rc = savings_deposit(&x->f->ctx, x->account[k], amount, NULL, &err);
	if (small) {
		refused(x, rc, TD_ERULE, &err, "deposit under the minimum");
		return;
	}
	must(rc, &err, "deposit");
	x->m.saved[k] += amount;
	x->m.cash += amount;
}

/* A withdrawal, above the balance one time in five (refused, R-SAV-1). */
static void op_withdraw(struct rnd_fx *x, int k)
{
	td_money bal = x->m.saved[k];
	bool over = bal == 0 || rnd_range(x, 0, 4) == 0;
	td_money amount = over ? bal + rnd_range(x, 1, 100000) : rnd_range(x, 1, bal);
	struct td_error err = {0};
	int rc = savings_withdraw(&x->f->ctx, x->account[k], amount, NULL, &err);
	if (over) {
		refused(x, rc, TD_ERULE, &err, "withdrawal above the balance");
		return;
	}
	must(rc, &err, "withdraw");
	x->m.saved[k] -= amount;
	x->m.cash -= amount;
}

/* Capital in, or out: above what is available one time in four (refused, R-CAP-1). */
static void op_capital(struct rnd_fx *x)
{
	td_money avail = x->m.capital - model_lent(&x->m);
	struct td_error err = {0};
	if (rnd_range(x, 0, 1) == 0) {
		td_money amount = rnd_range(x, 1, 50000) * 1000;
		must(capital_transfer(&x->f->ctx, x->source, CAPITAL_IN, amount, "random", NULL,
				      NULL, &err),
		     &err, "capital in");
		x->m.capital += amount;
		x->m.cash += amount;
		return;
	}
	bool over = avail <= 0 || rnd_range(x, 0, 3) == 0;
	td_money amount =
		over ? (avail > 0 ? avail : 0) + rnd_range(x, 1, 1000000) : rnd_range(x, 1, avail);
	int rc = capital_transfer(&x->f->ctx, x->source, CAPITAL_OUT, amount, "random", NULL, NULL,
				  &err);
	if (over) {
		refused(x, rc, TD_ERULE, &err, "capital out above what is available");
		return;
	}
	must(rc, &err, "capital out");
	x->m.capital -= amount;
	x->m.cash -= amount;
}

/* End of day for 1..max_days days as the system actor (R-DUE-1): instalments go due and
 * overdue; no money moves in or out of the office. */
static void op_eod(struct rnd_fx *x, int max_days)
{
	struct td_error err = {0};
	int days = 0;
	td_date upto = x->f->ctx.business_date + (td_date)rnd_range(x, 1, max_days);
	must(eod_run_until(&x->f->ctx, upto, NULL, NULL, &days, &err), &err, "eod");
	assert_int_equal(x->f->ctx.business_date, upto);
	x->eod_days += days;
	compare_model(x);
}

/* A random index of 0..n-1 satisfying want, or -1 when none does. */
static int pick(struct rnd_fx *x, int n, bool (*want)(const struct model *, int))
{
	int start = (int)rnd_range(x, 0, n - 1);
	for (int i = 0; i < n; i++) {
		int k = (start + i) % n;
		if (want(&x->m, k))
			return k;
	}
	return -1;
}

static bool undisbursed(const struct model *m, int k)
{
	return !m->disbursed[k];
}

static bool open_loan(const struct model *m, int k)
{
	return m->disbursed[k] && !m->closed[k] && !m->written_off[k];
}

static bool ended(const struct model *m, int k)
{
	return m->closed[k] || m->written_off[k];
}

/* One operation: 4 % disbursements, 3 % new applications after a loan ended, 24 %
 * repayments, 6 % repayments from savings, 1/3 % write-offs, 23 % deposits, 14 % withdrawals,
 * 10 % capital transfers, 15 % end of day. */
static void one_op(struct rnd_fx *x, int max_days)
{
	int64_t dice = rnd_range(x, 0, 99);
	int k = -1;
	if (dice < 4 && (k = pick(x, N_LOANS, undisbursed)) >= 0)
		op_disburse(x, k);
	else if (dice >= 4 && dice < 7 && (k = pick(x, N_LOANS, ended)) >= 0)
		op_reapply(x, k);
	else if (dice >= 7 && dice < 31 && (k = pick(x, N_LOANS, open_loan)) >= 0)
		op_repay(x, k);
	else if (dice >= 31 && dice < 37 && (k = pick(x, N_LOANS, open_loan)) >= 0)
		op_repay_savings(x, k);
	else if (dice == 37 && rnd_range(x, 0, 2) == 0 && (k = pick(x, N_LOANS, open_loan)) >= 0)
		op_write_off(x, k);
	else if (dice < 61)
		op_deposit(x, (int)rnd_range(x, 0, N_MEMBERS - 1));
	else if (dice < 75)
		op_withdraw(x, (int)rnd_range(x, 0, N_MEMBERS - 1));
	else if (dice < 85)
		op_capital(x);
	else
		op_eod(x, max_days);
}

static void
test_random_operations_keep_the_books_R_GL_1_R_GL_2_R_CAP_1_R_SAV_1_R_RISK_1(void **state)
{
	struct rnd_fx *x = *state;
	bool pg = fix_backend == TD_BACKEND_POSTGRES;
	int ops = pg ? OPS_POSTGRES : OPS_SQLITE;
	/* About five years of days over the run whatever its length. */
	int max_days = (int)(2 * 5 * 365 * 100 / (15 * (int64_t)ops)) + 1;
	for (x->op = 1; x->op <= ops; x->op++) {
		one_op(x, max_days);
		if (x->op % MODEL_EVERY == 0)
			compare_model(x);
		if (x->op % CHECK_EVERY == 0)
			books_agree(x);
	}
	x->op = ops;
	compare_model(x);
	books_agree(x);
	char day[TD_DATE_FMT_MAX];
	printf("random ops: %d operations, %d refused, %d eod days to %s, %d loans disbursed, "
	       "%d closed, %d written off, %d repayments from savings\n",
	       ops, x->refused, x->eod_days,
	       date_format_iso(x->f->ctx.business_date, day, sizeof day), x->loans, x->closed,
	       x->written_off, x->from_savings);
	/* The run must have exercised every path, or it proves little: households borrowed
	 * again after a loan ended, loans were written off and repaid from savings. */
	assert_true(x->refused > ops / 20);
	assert_true(x->loans > N_LOANS && x->closed >= 1 && x->eod_days > 365);
	assert_true(x->written_off >= 1 && x->from_savings >= 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_random_operations_keep_the_books_R_GL_1_R_GL_2_R_CAP_1_R_SAV_1_R_RISK_1),
	};
	return cmocka_run_group_tests_name(
		fix_backend == TD_BACKEND_POSTGRES ? "random_ops/postgres" : "random_ops/sqlite",
		tests, NULL, NULL);
}
