/* Corrections as reversing entries on both stores (R-SES-1: a closed session is immutable,
 * corrections are new entries; R-GL-1: a mistake is reversed by a mirror entry): a
 * repayment reversed puts the loan back exactly as it was (loan_get equal apart from the
 * repayments list), savings that paid it go back (R-SAV-1), a savings deposit or
 * withdrawal is reversed by a movement of the opposite kind; `tindung check` agrees after
 * every step (R-GL-2), and every refusal changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/commune_session.h"
#include "bank/eod.h"
#include "bank/loan_event.h"
#include "bank/month_end.h"
#include "bank/savings.h"
#include "loan_fixture.h"
#include "support/forms.h"

/* ---- helpers --------------------------------------------------------------------------- */

/* A count or figure from SQL naming one id (%lld). */
#define q1(x, fmt, id)                                                                             \
	({                                                                                         \
		char sql_[512];                                                                    \
		snprintf(sql_, sizeof sql_, fmt, (long long)(id));                                 \
		fix_count((x)->f, sql_);                                                           \
	})

/* The repayment id of a successful repayment by the teller on business date `on`. */
static int64_t pay(struct loan_fx *x, int64_t loan, td_money amount, const char *on,
		   int64_t from_savings)
{
	struct td_ctx t = as(x, &x->teller, on);
	struct loan_repay_input in = {
		.loan_id = loan, .amount = amount, .on = fix_day(on), .from_savings = from_savings};
	struct td_error err = {0};
	int64_t id = 0;
	must(loan_repay(&t, &in, NULL, &id, &err), &err, "repay");
	return id;
}

static int reverse(struct loan_fx *x, const struct td_actor *who, int64_t rep, const char *reason,
		   const char *on, int64_t *id, struct td_error *err)
{
	struct td_ctx c = as(x, who, on);
	return loan_repay_reverse(&c, rep, reason, id, err);
}

static int64_t reverse_ok(struct loan_fx *x, int64_t rep, const char *on)
{
	struct td_error err = {0};
	int64_t id = 0;
	must(reverse(x, &x->director, rep, "Ghi nhầm khoản vay", on, &id, &err), &err, "reverse");
	assert_true(id > 0);
	books_agree(x, 0, NULL); /* R-GL-2 */
	return id;
}

/* loan_get on `on` without its repayments list, as canonical text (the caller frees). */
static char *state(struct loan_fx *x, int64_t loan, const char *on)
{
	json_t *j = get(x, loan, on);
	json_object_del(j, "repayments");
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	assert_non_null(text);
	return text;
}

static void same_state(struct loan_fx *x, int64_t loan, const char *on, const char *want)
{
	char *now = state(x, loan, on);
	if (strcmp(now, want) != 0)
		fail_msg("loan %lld differs:\n now  %s\n want %s", (long long)loan, now, want);
	free(now);
}

/* Everything a refused request must leave as it was: the rows any reversal writes, the
 * savings balances and the loan as loan_get shows it (with its repayments). */
static char *fingerprint(struct loan_fx *x, int64_t loan)
{
	static const char *const counts[] = {
		"SELECT count(*) FROM gl_entry",
		"SELECT count(*) FROM gl_posting",
		"SELECT count(*) FROM savings_txn",
		"SELECT count(*) FROM loan_repayment_reversal",
		"SELECT count(*) FROM audit_log",
		"SELECT coalesce(sum(balance), 0) FROM savings_account",
		"SELECT count(*) FROM loan_event",
	};
	json_t *j = get(x, loan, "2028-12-31");
	for (size_t k = 0; k < sizeof counts / sizeof *counts; k++)
		json_object_set_new(j, counts[k], json_integer(fix_count(x->f, counts[k])));
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

static void unchanged(struct loan_fx *x, int64_t loan, const char *before)
{
	char *now = fingerprint(x, loan);
	if (strcmp(now, before) != 0)
		fail_msg("a refused request changed something:\n now    %s\n before %s", now,
			 before);
	free(now);
}

static void set_business_date(struct loan_fx *x, const char *iso)
{
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE td_meta SET value = '%s' WHERE key = 'business_date'",
		 iso);
	fix_exec(x->f->s, sql);
}

static void eod_to(struct loan_fx *x, const char *upto)
{
	struct td_actor sys;
	actor_system(&sys);
	struct td_ctx c = fix_ctx(x->f, &sys);
	struct td_error err = {0};
	must(eod_run_until(&c, fix_day(upto), NULL, NULL, NULL, &err), &err, "eod");
}

/* P1's team of three, so that a session can open there (R-SES-1). */
static void team(struct fixture *f)
{
	char o[24], sql[512];
	int64_t k1 = fix_id(f->s,
			    "INSERT INTO staff (office_id, full_name, role, valid_from) VALUES "
			    "(CAST(? AS BIGINT), 'Vũ Kiểm', 'controller', '2010-01-01') "
			    "RETURNING id",
			    fix_num(f->pgd318, o), NULL, NULL, NULL);
	snprintf(sql, sizeof sql,
		 "INSERT INTO point_team (point_id, staff_id, duty, valid_from) VALUES "
		 "(%lld, %lld, 'leader', '2010-01-01'), (%lld, %lld, 'controller', '2010-01-01'), "
		 "(%lld, %lld, 'teller', '2010-01-01')",
		 (long long)f->p1, (long long)f->co1, (long long)f->p1, (long long)k1,
		 (long long)f->p1, (long long)f->t1);
	fix_exec(f->s, sql);
}

/* A savings account of hh in the group holding `amount`, and the deposit's movement. */
static int64_t saver(struct loan_fx *x, int64_t hh, td_money amount, int64_t *deposit)
{
	struct td_error err = {0};
	int64_t id = 0;
	must(savings_open(&x->f->ctx, hh, x->group, &id, &err), &err, "open");
	must(savings_deposit(&x->f->ctx, id, amount, deposit, &err), &err, "deposit");
	return id;
}

static td_money savings_balance(struct loan_fx *x, int64_t account)
{
	return q1(x, "SELECT balance FROM savings_account WHERE id = %lld", account);
}

/* ---- repayments ------------------------------------------------------------------------ */

/* R-SES-1: interest and principal taken at the April session, which then closes; in May a
 * director reverses both (latest first) at the office. The loan reads exactly as before
 * the session, the session stays closed with its lines, and the books agree. */
static void test_r_ses_1_reversal_after_closed_session_restores_loan(void **state_)
{
	struct loan_fx *x = *state_;
	team(x->f);
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	char *before = state(x, loan, "2025-05-20");
	td_money cash = gl(x, "CASH");
	json_t *j = get(x, loan, "2025-04-17");
	td_money interest = jint(json_object_get(j, "interest_owed"), "total");
	json_decref(j);

	struct td_ctx t = as(x, &x->teller, "2025-04-17");
	struct csession_open_input in = {x->f->p1, fix_day("2025-04-17"), NULL, 0};
	struct td_error err = {0};
	int64_t session = 0;
	must(csession_open(&t, &in, &session, &err), &err, "open");
	struct csession_line l[] = {{CSL_INTEREST, CSV_HOUSEHOLD, loan, 0, interest},
				    {CSL_PRINCIPAL, CSV_HOUSEHOLD, loan, 0, 2000000}};
	t.idem_key = "phien-04";
	must(csession_record(&t, session, l, 2, NULL, &err), &err, "record");
	struct td_ctx o = as(x, &x->officer, "2025-04-17");
	must(csession_close(&o, session, interest + 2000000, &err), &err, "close");
	int64_t lines = fix_count(x->f, "SELECT count(*) FROM session_line");
	int64_t first = q1(x, "SELECT min(id) FROM loan_repayment WHERE loan_id = %lld", loan);
	int64_t second = q1(x, "SELECT max(id) FROM loan_repayment WHERE loan_id = %lld", loan);
	assert_true(first < second);

	int64_t r2 = reverse_ok(x, second, "2025-05-20");
	int64_t r1 = reverse_ok(x, first, "2025-05-20");
	assert_true(r1 != r2);
	same_state(x, loan, "2025-05-20", before);
	free(before);
	/* the mirror entries name the repayments' entries; cash and income are as before */
	assert_int_equal(q1(x,
			    "SELECT count(*) FROM gl_entry e JOIN loan_repayment r ON "
			    "e.reverses_id = r.entry_id WHERE r.loan_id = %lld AND e.business_date "
			    "= '2025-05-20'",
			    loan),
			 2);
	assert_int_equal(gl(x, "CASH"), cash);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000);
	assert_int_equal(gl(x, "INTEREST_INCOME"), 0);
	/* the session keeps its lines and stays closed (R-SES-1) */
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM session_line"), lines);
	json_t *s = NULL;
	must(csession_get(&o, session, &s, &err), &err, "session");
	assert_string_equal(json_string_value(json_object_get(s, "status")), "closed");
	json_decref(s);
	/* loan_get shows both repayments, each with its reversal */
	j = get(x, loan, "2025-05-20");
	json_t *reps = json_object_get(j, "repayments");
	assert_int_equal(json_array_size(reps), 2);
	json_t *by = json_object_get(json_array_get(reps, 0), "reversed_by");
	assert_int_equal(jint(by, "id"), r1);
	assert_string_equal(json_string_value(json_object_get(by, "reason")), "Ghi nhầm khoản vay");
	assert_string_equal(json_string_value(json_object_get(by, "business_date")), "2025-05-20");
	assert_string_equal(json_string_value(json_object_get(by, "username")), "director_31");
	assert_true(json_is_null(json_object_get(by, "savings_txn_id")));
	json_decref(j);
	/* one audit record per reversal, on the loan */
	assert_int_equal(q1(x,
			    "SELECT count(*) FROM audit_log WHERE entity = 'loan' AND entity_id = "
			    "%lld AND action = 'reverse_repayment'",
			    loan),
			 2);
}

/* R-GL-1, R-PAY-1: a named instalment paid, then everything owed (the loan closes); each
 * reversal gives back exactly the state before its repayment, closed or not. The loan
 * can then be repaid again as if nothing had happened. */
static void test_r_gl_1_reversal_of_closing_and_named_payments(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	char *s0 = state(x, loan, "2025-06-30");
	struct td_ctx t = as(x, &x->teller, "2025-04-14");
	struct loan_repay_input in = {loan, 10000000, fix_day("2025-04-14"), 2};
	struct td_error err = {0};
	int64_t a = 0;
	must(loan_repay(&t, &in, NULL, &a, &err), &err, "named instalment");
	char *s1 = state(x, loan, "2025-06-30");
	json_t *j = get(x, loan, "2025-05-14");
	td_money owed = jint(j, "owed");
	json_decref(j);
	int64_t b = pay(x, loan, owed, "2025-05-14", 0);
	j = get(x, loan, "2025-06-30");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "closed");
	json_decref(j);

	reverse_ok(x, b, "2025-06-30");
	same_state(x, loan, "2025-06-30", s1);
	j = get(x, loan, "2025-06-30");
	assert_true(json_is_null(json_object_get(j, "closed_on")));
	json_decref(j);
	reverse_ok(x, a, "2025-06-30");
	same_state(x, loan, "2025-06-30", s0);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000);
	/* the reopened loan is repaid again as before: 30 days of interest on 50 M */
	struct payment_allocation al;
	must(repay(x, loan, 271233, "2025-04-14", 0, &al, &err), &err, "repay again");
	assert_int_equal(al.in_term_interest, 271233);
	books_agree(x, 0, NULL);
	free(s0);
	free(s1);
}

/* A director of the loan's office (or above) with a reason, on a repayment of its own
 * loan that is the loan's latest movement: every other request is refused and changes
 * nothing (R-GL-1, R-ORG-4, R-GL-3). */
static void test_r_gl_1_reversal_refusals(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t a = pay(x, loan, 500000, "2025-04-14", 0);
	int64_t b = pay(x, loan, 500000, "2025-05-14", 0);
	struct td_error err = {0};
	int64_t id = 0;
	char *fp = fingerprint(x, loan);

	/* a later repayment stands: it is named, and so is the way out */
	assert_int_equal(reverse(x, &x->director, a, "nhầm", "2025-05-20", &id, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "repayment");
	char want[64];
	snprintf(want, sizeof want, "repayment %lld (paid on 2025-05-14)", (long long)b);
	assert_msg_has(err, want);
	assert_msg_has(err, "latest first");
	unchanged(x, loan, fp);
	/* no reason, a blank one */
	assert_int_equal(reverse(x, &x->director, b, NULL, "2025-05-20", &id, &err), TD_EINVAL);
	assert_msg_has(err, "reason");
	assert_int_equal(reverse(x, &x->director, b, "  ", "2025-05-20", &id, &err), TD_EINVAL);
	/* an unknown repayment, and id 0 */
	assert_int_equal(reverse(x, &x->director, 999999, "nhầm", "2025-05-20", &id, &err),
			 TD_ENOTFOUND);
	assert_msg_has(err, "999999");
	assert_int_equal(reverse(x, &x->director, 0, "nhầm", "2025-05-20", &id, &err), TD_EINVAL);
	/* out of scope: a director of another office; roles without loan_restructure */
	struct td_actor other = person(ROLE_DIRECTOR, 32, x->f->pgd319, 0);
	assert_int_equal(reverse(x, &other, b, "nhầm", "2025-05-20", &id, &err), TD_EFORBIDDEN);
	assert_int_equal(reverse(x, &x->teller, b, "nhầm", "2025-05-20", &id, &err), TD_EFORBIDDEN);
	assert_int_equal(reverse(x, &x->officer, b, "nhầm", "2025-05-20", &id, &err),
			 TD_EFORBIDDEN);
	struct td_actor adm = person(ROLE_ADMIN, 1, x->f->pgd318, 0);
	assert_int_equal(reverse(x, &adm, b, "nhầm", "2025-05-20", &id, &err), TD_EFORBIDDEN);
	unchanged(x, loan, fp);
	free(fp);

	/* Reversed once. A retry under the same key is answered by the one mechanism before
	 * the use case runs (bank/idempotency.h); the use case itself refuses a second
	 * reversal, with the key or without, naming when and by whom. */
	struct td_ctx d = as(x, &x->director, "2025-05-20");
	d.idem_key = "huy-b";
	int64_t first = 0, again = 0;
	must(loan_repay_reverse(&d, b, "nhầm", &first, &err), &err, "reverse b");
	fp = fingerprint(x, loan);
	assert_int_equal(loan_repay_reverse(&d, b, "nhầm", &again, &err), TD_ECONFLICT);
	assert_msg_has(err, "reversed already on 2025-05-20 by director_31");
	assert_int_equal(loan_repay_reverse(&d, b, "lý do khác", &again, &err), TD_ECONFLICT);
	assert_int_equal(reverse(x, &x->director, b, "nhầm", "2025-05-21", &id, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "reversed already on 2025-05-20 by director_31");
	unchanged(x, loan, fp);
	free(fp);

	/* a decision after the repayment (R-RISK-1 freeze) */
	int64_t gd2 = fix_id(x->f->s,
			     "INSERT INTO app_user (username, full_name, role, office_id, "
			     "password_hash) VALUES ('gd2', 'Giám đốc hai', 'director', "
			     "CAST(? AS BIGINT), 'x') RETURNING id",
			     fix_num(x->f->pgd318, want), NULL, NULL, NULL);
	struct loan_risk_input fr = {.loan_id = loan,
				     .principal = LOAN_RISK_ALL,
				     .months = 12,
				     .d = {.decision_no = "12/QĐ-HĐQT",
					   .decided_on = fix_day("2025-06-01"),
					   .level = "central",
					   .reason = "Lũ quét",
					   .approver_id = gd2}};
	struct td_ctx dd = as(x, &x->director, "2025-06-01");
	must(fix_assess(&dd, loan, "natural_disaster", 5000, fix_day("2025-06-01"),
			&fr.assessment_id, &err),
	     &err, "assess");
	must(loan_freeze(&dd, &fr, NULL, &err), &err, "freeze");
	fp = fingerprint(x, loan);
	assert_int_equal(reverse(x, &x->director, a, "nhầm", "2025-06-02", &id, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "freeze 12/QĐ-HĐQT of 2025-06-01");
	assert_msg_has(err, "latest movement");
	unchanged(x, loan, fp);
	free(fp);
	books_agree(x, 0, NULL);
}

/* A repayment booked before migration 0018 recorded the loan's states cannot be undone
 * exactly, and is refused saying so. */
static void test_r_gl_1_old_repayment_refused(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t a = pay(x, loan, 500000, "2025-04-14", 0);
	char sql[128];
	snprintf(sql, sizeof sql,
		 "UPDATE loan_repayment SET before_json = NULL, after_json = NULL WHERE id = %lld",
		 (long long)a);
	fix_exec(x->f->s, sql);
	char *fp = fingerprint(x, loan);
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(reverse(x, &x->director, a, "nhầm", "2025-05-20", &id, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "migration 0018");
	unchanged(x, loan, fp);
	free(fp);
}

/* R-DUE-1 after the repayment: end of day booked the first instalment overdue on
 * 2026-03-16, on the loan as the repayment left it; the repayment is no longer reversed.
 * End of day without a transition (the nights and the month end between) does not stand
 * in the way. */
static void test_r_due_1_eod_transition_after_repayment_refused(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	/* nights without transitions, across a month end */
	set_business_date(x, "2025-04-14");
	int64_t a = pay(x, loan, 500000, "2025-04-14", 0);
	eod_to(x, "2025-05-03");
	reverse_ok(x, a, "2025-05-03");
	/* an instalment going overdue after the repayment (R-DUE-1; without roll-forward,
	 * R-DUE-2, which would change its principal instead) */
	fix_exec(x->f->s, "UPDATE programme_terms SET roll_forward = 0 WHERE programme_id = "
			"(SELECT id FROM programme WHERE code = '1')");
	set_business_date(x, "2026-03-10");
	int64_t b = pay(x, loan, 300000, "2026-03-10", 0);
	eod_to(x, "2026-03-16");
	books_agree(x, 0, NULL);
	char *fp = fingerprint(x, loan);
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(reverse(x, &x->director, b, "nhầm", "2026-03-16", &id, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "changed after repayment");
	assert_msg_has(err, "instalment 1: status is \"overdue\" now, \"pending\" after");
	assert_msg_has(err, "end-of-day");
	unchanged(x, loan, fp);
	free(fp);
}

/* ---- savings --------------------------------------------------------------------------- */

static int sreverse(struct loan_fx *x, const struct td_actor *who, int64_t txn, const char *reason,
		    int64_t *id, struct td_error *err)
{
	struct td_ctx c = as(x, who, "2025-05-20");
	return savings_reverse(&c, txn, reason, id, err);
}

static json_t *txn_of(json_t *account, int64_t id)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(account, "txns"), i, t)
	{
		if (jint(t, "id") == id)
			return t;
	}
	fail_msg("movement %lld is not listed", (long long)id);
	return NULL;
}

/* R-SAV-1, R-GL-1: a deposit recorded too high and a withdrawal recorded twice, each
 * reversed by a movement of the opposite kind that names it; the balance, CASH and
 * MEMBER_SAVINGS move back, savings_get shows both sides. */
static void test_r_sav_1_savings_reversal(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t dep = 0, wd = 0, r1 = 0, r2 = 0;
	int64_t acc = saver(x, x->f->hh1[1], 900000, &dep);
	struct td_error err = {0};
	must(savings_deposit(&x->f->ctx, acc, 90000, NULL, &err), &err, "the right deposit");
	must(savings_withdraw(&x->f->ctx, acc, 100000, &wd, &err), &err, "withdraw");
	td_money cash = gl(x, "CASH");
	struct td_ctx t = as(x, &x->teller, "2025-05-20");
	must(savings_reverse(&t, wd, "Rút ghi hai lần", &r2, &err), &err, "reverse withdrawal");
	assert_int_equal(savings_balance(x, acc), 990000);
	assert_int_equal(gl(x, "CASH"), cash + 100000);
	must(savings_reverse(&t, dep, "Ghi thừa một số 0", &r1, &err), &err, "reverse deposit");
	assert_int_equal(savings_balance(x, acc), 90000);
	assert_int_equal(gl(x, "CASH"), cash + 100000 - 900000);
	assert_int_equal(gl(x, "MEMBER_SAVINGS"), -90000);
	books_agree(x, 0, NULL);

	json_t *j = NULL;
	must(savings_get(&t, acc, &j, &err), &err, "get");
	json_t *m1 = txn_of(j, r1), *m2 = txn_of(j, r2), *o1 = txn_of(j, dep);
	assert_string_equal(json_string_value(json_object_get(m1, "kind")), "withdrawal");
	assert_int_equal(jint(m1, "amount"), 900000);
	assert_int_equal(jint(m1, "reverses_txn_id"), dep);
	assert_string_equal(json_string_value(json_object_get(m1, "reason")), "Ghi thừa một số 0");
	assert_string_equal(json_string_value(json_object_get(m1, "business_date")), "2025-05-20");
	assert_string_equal(json_string_value(json_object_get(m2, "kind")), "deposit");
	assert_int_equal(jint(o1, "reversed_by"), r1);
	assert_true(json_is_null(json_object_get(o1, "reverses_txn_id")));
	assert_int_equal(jint(txn_of(j, wd), "reversed_by"), r2);
	json_decref(j);
	/* the mirror entry names the original's */
	assert_int_equal(q1(x,
			    "SELECT count(*) FROM savings_txn m JOIN savings_txn o ON o.id = "
			    "m.reverses_txn_id JOIN gl_entry e ON e.id = m.entry_id WHERE "
			    "e.reverses_id = o.entry_id AND o.account_id = %lld",
			    acc),
			 2);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'savings_txn' AND action = 'reverse'"),
			 2);
}

/* Every refusal of a savings reversal changes nothing (R-SAV-1, R-ORG-3, R-GL-3). */
static void test_r_sav_1_savings_reversal_refusals(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t dep = 0, small = 0, r = 0, id = 0;
	int64_t acc = saver(x, x->f->hh1[0], 100000, &dep);
	struct td_error err = {0};
	struct td_ctx t = as(x, &x->teller, "2025-05-20");
	must(savings_withdraw(&t, acc, 80000, NULL, &err), &err, "withdraw");
	must(savings_deposit(&t, acc, 50000, &small, &err), &err, "deposit");
	must(savings_reverse(&t, small, "nhầm sổ", &r, &err), &err, "reverse");
	int64_t paid = pay(x, loan, 15000, "2025-05-20", acc); /* R-SAV-1, balance 5.000 */
	int64_t txn_paid = q1(x, "SELECT savings_txn_id FROM loan_repayment WHERE id = %lld", paid);
	struct td_ctx sys = as(x, &x->director, "2025-05-20");
	int64_t interest_txn = 0;
	fix_exec(x->f->s, "INSERT INTO savings_rate (office_id, rate, effective_from, set_on, "
			  "user_id) SELECT id, 5000, '2025-01-01', '2025-01-01', 0 FROM office "
			  "WHERE kind = 'branch'");
	td_money interest = 0;
	must(savings_post_interest(&sys, acc, fix_day("2025-04-01"), fix_day("2025-05-01"),
				   &interest, &err),
	     &err, "interest");
	assert_true(interest > 0);
	interest_txn = q1(x, "SELECT max(id) FROM savings_txn WHERE account_id = %lld", acc);
	char *fp = fingerprint(x, loan);

	/* the balance would go negative: both amounts named */
	assert_int_equal(sreverse(x, &x->teller, dep, "nhầm", &id, &err), TD_ERULE);
	assert_msg_has(err, "không đủ hủy khoản gửi 100.000 đồng");
	/* reversed already (when and by whom), and a reversal itself */
	assert_int_equal(sreverse(x, &x->teller, small, "nhầm", &id, &err), TD_ECONFLICT);
	assert_msg_has(err, "reversed already on 2025-05-20 by teller_41");
	assert_int_equal(sreverse(x, &x->teller, r, "nhầm", &id, &err), TD_ECONFLICT);
	assert_msg_has(err, "is the reversal of movement");
	/* the withdrawal that paid a repayment goes back with the repayment */
	assert_int_equal(sreverse(x, &x->teller, txn_paid, "nhầm", &id, &err), TD_ECONFLICT);
	char want[96];
	snprintf(want, sizeof want, "--repayment %lld", (long long)paid);
	assert_msg_has(err, want);
	/* interest is not reversed */
	assert_int_equal(sreverse(x, &x->teller, interest_txn, "nhầm", &id, &err), TD_ERULE);
	assert_msg_has(err, "interest");
	/* no reason, unknown movement */
	assert_int_equal(sreverse(x, &x->teller, small, "", &id, &err), TD_EINVAL);
	assert_msg_has(err, "reason");
	assert_int_equal(sreverse(x, &x->teller, 999999, "nhầm", &id, &err), TD_ENOTFOUND);
	/* out of scope: a teller of another office; a group leader pays nothing out (R-ORG-3) */
	assert_int_equal(sreverse(x, &x->teller_319, small, "nhầm", &id, &err), TD_EFORBIDDEN);
	struct td_actor leader = fix_actor(ROLE_GROUP_LEADER, x->f->pgd318, 0, x->group);
	assert_int_equal(sreverse(x, &leader, small, "nhầm", &id, &err), TD_EFORBIDDEN);
	unchanged(x, loan, fp);
	free(fp);
	/* a closed account */
	int64_t w = 0;
	must(savings_withdraw(&t, acc, 5000, &w, &err), &err, "withdraw");
	char sql[128];
	snprintf(sql, sizeof sql,
		 "UPDATE savings_account SET closed_on = '2025-05-20' WHERE id = %lld",
		 (long long)acc);
	fix_exec(x->f->s, sql);
	fp = fingerprint(x, loan);
	assert_int_equal(sreverse(x, &x->teller, w, "nhầm", &id, &err), TD_ECONFLICT);
	assert_msg_has(err, "closed");
	unchanged(x, loan, fp);
	free(fp);
}

/* R-SAV-1: a repayment taken from savings, reversed: the loan as before, the savings back
 * in the account by a deposit naming the withdrawal, on the same mirror entry; CASH never
 * moves. */
static void test_r_sav_1_savings_repayment_reversal_restores_both(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t acc = saver(x, x->f->hh1[0], 10000000, NULL);
	char *before = state(x, loan, "2025-05-20");
	td_money cash = gl(x, "CASH"), savings = gl(x, "MEMBER_SAVINGS");
	int64_t rep = pay(x, loan, 5000000, "2025-04-14", acc);
	int64_t wd = q1(x, "SELECT savings_txn_id FROM loan_repayment WHERE id = %lld", rep);
	assert_int_equal(savings_balance(x, acc), 5000000);
	int64_t rev = reverse_ok(x, rep, "2025-05-20");
	same_state(x, loan, "2025-05-20", before);
	free(before);
	assert_int_equal(savings_balance(x, acc), 10000000);
	assert_int_equal(gl(x, "CASH"), cash);
	assert_int_equal(gl(x, "MEMBER_SAVINGS"), savings);
	int64_t back =
		q1(x, "SELECT savings_txn_id FROM loan_repayment_reversal WHERE id = %lld", rev);
	assert_int_equal(q1(x, "SELECT reverses_txn_id FROM savings_txn WHERE id = %lld", back),
			 wd);
	assert_int_equal(q1(x,
			    "SELECT count(*) FROM savings_txn t JOIN loan_repayment_reversal v "
			    "ON v.entry_id = t.entry_id WHERE t.kind = 'deposit' AND t.id = %lld",
			    back),
			 1);
	json_t *j = get(x, loan, "2025-05-20");
	json_t *by =
		json_object_get(json_array_get(json_object_get(j, "repayments"), 0), "reversed_by");
	assert_int_equal(jint(by, "savings_txn_id"), back);
	json_decref(j);
	/* the withdrawal is shown reversed, and is not reversed a second time */
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(sreverse(x, &x->teller, wd, "nhầm", &id, &err), TD_ECONFLICT);
	assert_int_equal(sreverse(x, &x->teller, back, "nhầm", &id, &err), TD_ECONFLICT);
	/* a closed account cannot take its savings back: the repayment stays */
	int64_t rep2 = pay(x, loan, 1000000, "2025-05-20", acc);
	char sql[128];
	snprintf(sql, sizeof sql,
		 "UPDATE savings_account SET closed_on = '2025-05-20' WHERE id = %lld",
		 (long long)acc);
	fix_exec(x->f->s, sql);
	char *fp = fingerprint(x, loan);
	assert_int_equal(reverse(x, &x->director, rep2, "nhầm", "2025-05-20", &id, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "closed");
	unchanged(x, loan, fp);
	free(fp);
}

/* R-FEE-1, R-FEE-2: a repayment reversed within its month is not interest collected: the
 * month end books no commission and no fee on it. */
static void test_r_fee_2_month_end_leaves_out_a_reversed_repayment(void **state_)
{
	struct loan_fx *x = *state_;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t rep = pay(x, loan, 100000, "2025-04-20", 0);
	reverse_ok(x, rep, "2025-04-25");
	struct td_actor sys;
	actor_system(&sys);
	struct td_ctx c = fix_ctx(x->f, &sys);
	c.business_date = fix_day("2025-05-01");
	struct month_end_result r = {0};
	struct td_error err = {0};
	must(month_end_run(&c, x->f->pgd318, fix_day("2025-04-01"), &r, &err), &err, "month end");
	assert_int_equal(r.commission_total, 0);
	assert_int_equal(r.fee_total, 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM commission_accrual"), 0);
	books_agree(x, 0, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_ses_1_reversal_after_closed_session_restores_loan),
		T(test_r_gl_1_reversal_of_closing_and_named_payments),
		T(test_r_gl_1_reversal_refusals),
		T(test_r_gl_1_old_repayment_refused),
		T(test_r_due_1_eod_transition_after_repayment_refused),
		T(test_r_sav_1_savings_reversal),
		T(test_r_sav_1_savings_reversal_refusals),
		T(test_r_sav_1_savings_repayment_reversal_restores_both),
		T(test_r_fee_2_month_end_leaves_out_a_reversed_repayment),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "reversal/postgres"
									      : "reversal/sqlite",
					   tests, NULL, NULL);
}
