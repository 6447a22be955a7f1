/* Cash as the bank keeps it (R-CASH-1) on both stores: the vault, a commune session's cash
 * out and back, remittances to a bank and to the branch through inter-office accounts that
 * net to zero, the dated vault limit and its warning, the cash position report, and the
 * refusals, each of which changes nothing. `tindung check` (check_run) agrees after every
 * scenario. District of loan_fixture.h: PGD318 (and PGD319) under BR31, a central source
 * TW-01 of PGD318 whose 200 M arrived in the vault on 2025-03-31. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/cash.h"
#include "bank/savings.h"
#include "payout_fixture.h"

#define CAPITAL 200000000 /* in PGD318's vault since 2025-03-31 */

struct cash_people {
	struct td_actor branch_admin, office_admin, union_officer, leader;
};
static struct cash_people P;

static int cash_setup(void **state)
{
	if (setup(state))
		return -1;
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	pf_team(f, f->p1);
	P.branch_admin = person(ROLE_ADMIN, 61, f->br31, 0);
	P.office_admin = person(ROLE_ADMIN, 62, f->pgd318, 0);
	P.union_officer = x->union_officer;
	P.leader = fix_actor(ROLE_GROUP_LEADER, f->pgd318, 0, x->group);
	return 0;
}

/* Debit minus credit of the account of type at office, everything booked. */
static int64_t acct(struct loan_fx *x, const char *type, int64_t office)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(sum(p.debit - p.credit), 0) FROM gl_posting p JOIN gl_account a "
		 "ON a.id = p.account_id WHERE a.type_code = '%s' AND a.office_id = %lld",
		 type, (long long)office);
	return fix_count(x->f, sql);
}

/* What any write of this file changes: equal before and after a refusal. */
static void fingerprint(struct loan_fx *x, char *buf, size_t size)
{
	static const char *const q[] = {
		"SELECT count(*) FROM gl_entry",
		"SELECT count(*) FROM gl_posting",
		"SELECT coalesce(sum(debit + credit), 0) FROM gl_balance",
		"SELECT count(*) FROM cash_transfer",
		"SELECT count(*) FROM vault_limit",
		"SELECT count(*) FROM commune_session",
		"SELECT count(*) FROM audit_log",
	};
	size_t len = 0;
	for (size_t i = 0; i < sizeof q / sizeof *q && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%lld ",
					(long long)fix_count(x->f, q[i]));
}

static struct cash_remit_input remit_in(int64_t office, enum cash_direction dir,
					enum cash_counterparty to, td_money amount, const char *on)
{
	return (struct cash_remit_input){office, dir, to, amount, fix_day(on), NULL};
}

/* A remittance as a on day; the answer's object (the caller frees it). */
static json_t *remit_ok(struct loan_fx *x, const struct td_actor *a, const char *day,
			enum cash_direction dir, enum cash_counterparty to, td_money amount)
{
	struct td_ctx c = as(x, a, day);
	struct cash_remit_input in = remit_in(x->f->pgd318, dir, to, amount, day);
	struct td_error err = {0};
	json_t *j = NULL;
	must(cash_remit(&c, &in, &j, &err), &err, "remit");
	return j;
}

/* The refusal of in as a on day: code want, msg containing text, nothing changed. */
static void remit_refused(struct loan_fx *x, const struct td_actor *a, const char *day,
			  const struct cash_remit_input *in, int want, const char *text)
{
	char before[256], after[256];
	fingerprint(x, before, sizeof before);
	struct td_ctx c = as(x, a, day);
	struct td_error err = {0};
	json_t *j = NULL;
	int rc = cash_remit(&c, in, &j, &err);
	if (rc != want || !strstr(err.msg, text))
		fail_msg("remit: want %s '%s', got %s '%s'", td_code_name(want), text,
			 td_code_name(rc), err.msg);
	assert_null(j);
	fingerprint(x, after, sizeof after);
	assert_string_equal(before, after);
}

static json_t *position(struct loan_fx *x, const struct td_actor *a, int64_t office,
			const char *day)
{
	struct td_ctx c = as(x, a, "2025-12-31");
	struct td_error err = {0};
	json_t *j = NULL;
	must(cash_position(&c, office, fix_day(day), &j, &err), &err, "position");
	return j;
}

/* The row of office in a position report (fails when absent). */
static json_t *row_of(json_t *pos, int64_t office)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(pos, "offices"), i,
			   r) if (jint(r, "office_id") == office) return r;
	fail_msg("office %lld is not in the report", (long long)office);
	return NULL;
}

static void test_r_cash_1_remit_to_bank_and_back(void **state)
{
	struct loan_fx *x = *state;
	int64_t pgd = x->f->pgd318;
	int64_t entries = fix_count(x->f, "SELECT count(*) FROM gl_entry");
	json_t *j = remit_ok(x, &x->teller, "2025-04-01", CASH_REMIT, CASH_BANK, 50000000);
	assert_string_equal(json_string_value(json_object_get(j, "direction")), "remit");
	assert_string_equal(json_string_value(json_object_get(j, "counterparty")), "bank");
	assert_true(json_is_null(json_object_get(j, "branch_id")));
	assert_int_equal(jint(j, "vault"), CAPITAL - 50000000);
	assert_string_equal(json_string_value(json_object_get(j, "business_date")), "2025-04-01");
	int64_t entry = jint(j, "entry_id");
	json_decref(j);
	/* one balanced entry of two lines: Dr BANK_DEPOSIT / Cr CASH */
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_entry"), entries + 1);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM gl_posting WHERE entry_id = %lld",
		 (long long)entry);
	assert_int_equal(fix_count(x->f, sql), 2);
	assert_int_equal(acct(x, "CASH", pgd), CAPITAL - 50000000);
	assert_int_equal(acct(x, "BANK_DEPOSIT", pgd), 50000000);

	j = remit_ok(x, &x->director, "2025-04-02", CASH_RECEIVE, CASH_BANK, 20000000);
	assert_int_equal(jint(j, "vault"), CAPITAL - 30000000);
	json_decref(j);
	assert_int_equal(acct(x, "BANK_DEPOSIT", pgd), 30000000);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM cash_transfer WHERE counterparty "
					 "= 'bank'"),
			 2);
	/* one audit record each, naming the amount */
	assert_int_equal(fix_count(x->f,
				   "SELECT count(*) FROM audit_log WHERE entity = "
				   "'cash_transfer' AND after_json LIKE '%\"amount\":20000000%'"),
			 1);
	books_agree(x, 0, NULL);
}

/* The branch's account through INTER_OFFICE: PGD318's claim is BR31's debt, and across the
 * bank the inter-office accounts sum to zero. */
static void test_r_cash_1_branch_remittance_nets_to_zero(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	json_t *j = remit_ok(x, &x->teller, "2025-04-01", CASH_REMIT, CASH_BRANCH, 80000000);
	assert_int_equal(jint(j, "branch_id"), f->br31);
	assert_string_equal(json_string_value(json_object_get(j, "branch_code")), "BR31");
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM gl_posting WHERE entry_id = %lld",
		 (long long)jint(j, "entry_id"));
	json_decref(j);
	assert_int_equal(fix_count(f, sql), 4); /* one entry, two lines at each office */
	assert_int_equal(acct(x, "CASH", f->pgd318), CAPITAL - 80000000);
	assert_int_equal(acct(x, "INTER_OFFICE", f->pgd318), 80000000);
	assert_int_equal(acct(x, "INTER_OFFICE", f->br31), -80000000);
	assert_int_equal(acct(x, "BANK_DEPOSIT", f->br31), 80000000);
	j = remit_ok(x, &x->teller, "2025-04-03", CASH_RECEIVE, CASH_BRANCH, 30000000);
	json_decref(j);
	assert_int_equal(acct(x, "INTER_OFFICE", f->pgd318), 50000000);
	assert_int_equal(acct(x, "BANK_DEPOSIT", f->br31), 50000000);
	assert_int_equal(fix_count(f, "SELECT coalesce(sum(p.debit - p.credit), 0) FROM gl_posting "
				      "p JOIN gl_account a ON a.id = p.account_id WHERE "
				      "a.type_code = 'INTER_OFFICE'"),
			 0);
	books_agree(x, 0, NULL);

	/* an entry balanced within its office but leaving INTER_OFFICE one-sided is found */
	struct ledger_line bad[2] = {{"INTER_OFFICE", f->pgd318, NULL, 0, 1000, 0},
				     {"CASH", f->pgd318, NULL, 0, 0, 1000}};
	struct td_error err = {0};
	must(lf_post(f, bad, 2, NULL, &err), &err, "one-sided");
	books_agree(x, 1, "INTER_OFFICE");
	assert_non_null(strstr(first_line, "1.000 đồng"));
}

/* A session's cash: out of the vault at opening, lines on the session's box, the counted
 * cash back at closing; the vault never sees the lines. */
static void test_r_cash_1_session_round_trip(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	struct td_error err = {0};
	int64_t app = application(x, f->hh1[1], true);
	int64_t account = 0;
	must(savings_open(&f->ctx, f->hh1[2], x->group, &account, &err), &err, "savings open");

	int64_t s = pf_open(x, f->p1, "2025-04-17", 50000000);
	assert_int_equal(acct(x, "CASH", f->pgd318), CAPITAL - 50000000);
	assert_int_equal(acct(x, "CASH_SESSION", f->pgd318), 50000000);
	struct csession_line a[] = {{CSL_DEPOSIT, CSV_GROUP_LEADER, account, 0, 300000}};
	struct csession_line b[] = {{CSL_DISBURSEMENT, CSV_HOUSEHOLD, app, x->source, 50000000}};
	must(pf_record(x, &x->teller, "2025-04-17", "a", s, a, 1, &err), &err, "deposit");
	must(pf_record(x, &x->teller, "2025-04-17", "b", s, b, 1, &err), &err, "disburse");
	assert_int_equal(acct(x, "CASH", f->pgd318), CAPITAL - 50000000);
	assert_int_equal(acct(x, "CASH_SESSION", f->pgd318), 300000);
	books_agree(x, 0, NULL); /* an open session holds its cash */

	struct td_ctx k = as(x, &x->officer, "2025-04-17");
	must(csession_close(&k, s, 300000, &err), &err, "close");
	assert_int_equal(acct(x, "CASH_SESSION", f->pgd318), 0);
	assert_int_equal(acct(x, "CASH", f->pgd318), CAPITAL - 50000000 + 300000);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM cash_transfer WHERE kind = "
				      "'to_session' AND amount = 50000000"),
			 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM cash_transfer WHERE kind = "
				      "'from_session' AND amount = 300000"),
			 1);
	books_agree(x, 0, NULL);

	/* the day's position: both ways of the session, nothing at the desk */
	json_t *pos = position(x, &x->teller, f->pgd318, "2025-04-17");
	json_t *r = row_of(pos, f->pgd318);
	assert_int_equal(jint(r, "opening"), CAPITAL);
	assert_int_equal(jint(r, "to_sessions"), 50000000);
	assert_int_equal(jint(r, "from_sessions"), 300000);
	assert_int_equal(jint(r, "cash_in") + jint(r, "cash_out"), 0);
	assert_int_equal(jint(r, "closing"), CAPITAL - 50000000 + 300000);
	assert_int_equal(jint(r, "at_sessions"), 0);
	json_decref(pos);

	/* a closed session's cash that did not come back is found */
	must(store_begin(f->s, &err), &err, "begin");
	fix_exec(f->s, "DELETE FROM cash_transfer WHERE kind = 'from_session'");
	books_agree(x, 2, "đã đóng"); /* and its closing line belongs to no session now */
	store_rollback(f->s);
	books_agree(x, 0, NULL);
}

/* A session line reversed after the session closed is given back from the vault: the
 * session's cash account stays at zero (R-GL-1, R-SES-1). */
static void test_r_cash_1_reversal_after_close_books_the_vault(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	struct td_error err = {0};
	int64_t account = 0;
	must(savings_open(&f->ctx, f->hh1[2], x->group, &account, &err), &err, "savings open");
	int64_t s = pf_open(x, f->p1, "2025-04-17", 0);
	struct csession_line a[] = {{CSL_DEPOSIT, CSV_GROUP_LEADER, account, 0, 300000}};
	must(pf_record(x, &x->teller, "2025-04-17", "a", s, a, 1, &err), &err, "deposit");
	struct td_ctx k = as(x, &x->officer, "2025-04-17");
	must(csession_close(&k, s, 300000, &err), &err, "close");
	int64_t txn = fix_count(f, "SELECT max(id) FROM savings_txn");
	struct td_ctx t = as(x, &x->teller, "2025-04-20");
	must(savings_reverse(&t, txn, "Ghi nhầm sổ", NULL, &err), &err, "reverse");
	assert_int_equal(acct(x, "CASH_SESSION", f->pgd318), 0);
	assert_int_equal(acct(x, "CASH", f->pgd318), CAPITAL);
	books_agree(x, 0, NULL);
}

static void test_r_cash_1_session_needs_the_cash_in_the_vault(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	char before[256], after[256];
	fingerprint(x, before, sizeof before);
	struct td_ctx t = as(x, &x->teller, "2025-04-17");
	struct csession_open_input in = {f->p1, fix_day("2025-04-17"), NULL, CAPITAL + 1};
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(csession_open(&t, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "quỹ tiền mặt chỉ còn 200.000.000 đồng, không đủ 200.000.001 đồng");
	fingerprint(x, after, sizeof after);
	assert_string_equal(before, after);
	books_agree(x, 0, NULL);
}

/* The limit from a date: warnings on and after it, none before; a later limit changes the
 * days after it only. */
static void test_r_cash_1_limit_dated_warning(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	struct td_ctx c = as(x, &P.branch_admin, "2025-04-01");
	struct td_error err = {0};
	int64_t id = 0;
	must(cash_limit_set(&c, f->pgd318, 100000000, fix_day("2025-04-05"), "QĐ 15/QĐ-CN", &id,
			    &err),
	     &err, "limit");
	assert_true(id > 0);
	json_t *pos = position(x, &x->teller, f->pgd318, "2025-04-04");
	json_t *r = row_of(pos, f->pgd318);
	assert_true(json_is_null(json_object_get(r, "limit")));
	assert_int_equal(jint(r, "excess"), 0);
	assert_int_equal(jint(pos, "over_limit"), 0);
	json_decref(pos);
	pos = position(x, &x->teller, f->pgd318, "2025-04-05");
	r = row_of(pos, f->pgd318);
	assert_int_equal(jint(r, "limit"), 100000000);
	assert_int_equal(jint(r, "closing"), CAPITAL);
	assert_int_equal(jint(r, "excess"), CAPITAL - 100000000);
	assert_int_equal(jint(pos, "over_limit"), 1);
	json_decref(pos);

	/* the head office's administrator raises it from the 10th */
	struct td_ctx h = as(x, &f->admin, "2025-04-08");
	must(cash_limit_set(&h, f->pgd318, 250000000, fix_day("2025-04-10"), NULL, NULL, &err),
	     &err, "second limit");
	pos = position(x, &x->teller, f->pgd318, "2025-04-09");
	assert_int_equal(jint(row_of(pos, f->pgd318), "excess"), CAPITAL - 100000000);
	json_decref(pos);
	pos = position(x, &x->teller, f->pgd318, "2025-04-10");
	assert_int_equal(jint(row_of(pos, f->pgd318), "limit"), 250000000);
	assert_int_equal(jint(row_of(pos, f->pgd318), "excess"), 0);
	assert_int_equal(jint(pos, "over_limit"), 0);
	json_decref(pos);

	json_t *h2 = NULL;
	must(cash_limits(&c, f->pgd318, &h2, &err), &err, "limits");
	json_t *items = json_object_get(h2, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(items, 0), "effective_from")),
		"2025-04-10");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "note")),
			    "QĐ 15/QĐ-CN");
	json_decref(h2);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = "
				      "'vault_limit'"),
			 2);
	books_agree(x, 0, NULL);
}

static void limit_refused(struct loan_fx *x, const struct td_actor *a, int64_t office,
			  td_money amount, const char *from, int want, const char *text)
{
	char before[256], after[256];
	fingerprint(x, before, sizeof before);
	struct td_ctx c = as(x, a, "2025-04-01");
	struct td_error err = {0};
	int rc = cash_limit_set(&c, office, amount, from ? fix_day(from) : ORG_NO_DATE, NULL, NULL,
				&err);
	if (rc != want || !strstr(err.msg, text))
		fail_msg("limit: want %s '%s', got %s '%s'", td_code_name(want), text,
			 td_code_name(rc), err.msg);
	fingerprint(x, after, sizeof after);
	assert_string_equal(before, after);
}

static void test_r_cash_1_limit_refusals(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	struct td_ctx c = as(x, &P.branch_admin, "2025-04-01");
	struct td_error err = {0};
	must(cash_limit_set(&c, f->pgd318, 100000000, fix_day("2025-04-05"), NULL, NULL, &err),
	     &err, "limit");
	/* the office's own administrator does not set its limit; a teller sets none */
	limit_refused(x, &P.office_admin, f->pgd318, 1, "2025-04-06", TD_EFORBIDDEN,
		      "do quản trị của đơn vị cấp trên");
	limit_refused(x, &x->teller, f->pgd318, 1, "2025-04-06", TD_EFORBIDDEN, "cash_limit");
	/* a branch's administrator sets none for another branch's office */
	struct td_actor other = person(ROLE_ADMIN, 63, f->pgd319, 0);
	limit_refused(x, &other, f->pgd318, 1, "2025-04-06", TD_EFORBIDDEN, "PGD318");
	limit_refused(x, &P.branch_admin, 999999, 1, "2025-04-06", TD_ENOTFOUND, "999999");
	limit_refused(x, &P.branch_admin, f->pgd318, -1, "2025-04-06", TD_EINVAL, "-1 đồng");
	limit_refused(x, &P.branch_admin, f->pgd318, 1, "2025-03-31", TD_EINVAL,
		      "không đặt lùi ngày");
	limit_refused(x, &P.branch_admin, f->pgd318, 1, NULL, TD_EINVAL, "thiếu ngày hiệu lực");
	limit_refused(x, &P.branch_admin, f->pgd318, 5, "2025-04-05", TD_ECONFLICT,
		      "đã có hạn mức tồn quỹ từ ngày 2025-04-05");
	/* reading the limits: outside the subtree, or an unknown office */
	json_t *j = NULL;
	struct td_ctx t = as(x, &x->teller_319, "2025-04-01");
	assert_int_equal(cash_limits(&t, f->pgd318, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(cash_limits(&c, 999999, &j, &err), TD_ENOTFOUND);
	books_agree(x, 0, NULL);
}

static void test_r_cash_1_remit_refusals(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	const char *d = "2025-04-01";
	struct cash_remit_input in = remit_in(f->pgd318, CASH_REMIT, CASH_BANK, 0, d);
	remit_refused(x, &x->teller, d, &in, TD_EINVAL, "0 đồng phải từ 1");
	in.amount = -5;
	remit_refused(x, &x->teller, d, &in, TD_EINVAL, "-5 đồng");
	in.amount = TD_MONEY_MAX_INPUT + 1;
	remit_refused(x, &x->teller, d, &in, TD_EINVAL, "10^15");
	/* both problems in one message */
	in = remit_in(f->pgd318, CASH_REMIT, CASH_BANK, 0, "2025-03-31");
	remit_refused(x, &x->teller, d, &in, TD_EINVAL,
		      "10^15 đồng; ngày 2025-03-31 khác ngày làm việc 2025-04-01");
	in = remit_in(f->pgd318, CASH_REMIT, CASH_BANK, 1000, "2025-04-02");
	remit_refused(x, &x->teller, d, &in, TD_EINVAL, "ngày 2025-04-02 khác ngày làm việc");
	in.on = ORG_NO_DATE;
	remit_refused(x, &x->teller, d, &in, TD_EINVAL, "(trống)");
	in = remit_in(999999, CASH_REMIT, CASH_BANK, 1000, d);
	remit_refused(x, &x->teller, d, &in, TD_ENOTFOUND, "999999");
	/* outside the subtree; a role that handles no cash */
	in = remit_in(f->pgd318, CASH_REMIT, CASH_BANK, 1000, d);
	remit_refused(x, &x->teller_319, d, &in, TD_EFORBIDDEN, "PGD318");
	remit_refused(x, &P.office_admin, d, &in, TD_EFORBIDDEN, "cash_remit");
	remit_refused(x, &x->officer, d, &in, TD_EFORBIDDEN, "cash_remit");
	/* more than the vault holds; more than the accounts that would pay hold */
	in.amount = CAPITAL + 1;
	remit_refused(x, &x->teller, d, &in, TD_ERULE,
		      "quỹ tiền mặt của PGD318 chỉ còn 200.000.000 đồng, không đủ nộp 200.000.001");
	in = remit_in(f->pgd318, CASH_RECEIVE, CASH_BANK, 1000, d);
	remit_refused(x, &x->teller, d, &in, TD_ERULE,
		      "tài khoản tiền gửi của PGD318 chỉ còn 0 đồng, không đủ chuyển về 1.000");
	json_decref(remit_ok(x, &x->teller, d, CASH_REMIT, CASH_BRANCH, 1000000));
	in = remit_in(f->pgd318, CASH_RECEIVE, CASH_BRANCH, 1000001, d);
	remit_refused(x, &x->teller, d, &in, TD_ERULE,
		      "tài khoản tiền gửi của BR31 chỉ còn 1.000.000 đồng");
	/* a branch has no branch above it to remit to */
	struct td_actor bt = person(ROLE_TELLER, 64, f->br31, 0);
	in = remit_in(f->br31, CASH_REMIT, CASH_BRANCH, 1000, d);
	remit_refused(x, &bt, d, &in, TD_ERULE, "không phải phòng giao dịch thuộc một chi nhánh");
	books_agree(x, 0, NULL);
}

/* Every column of the position on a busy day, the identity that ties them, a later day's
 * bookings that do not change it, and the branch's view of its subtree. */
static void test_r_cash_1_position_figures(void **state)
{
	struct loan_fx *x = *state;
	struct fixture *f = x->f;
	struct td_error err = {0};
	const char *d = "2025-04-20";
	json_decref(remit_ok(x, &x->teller, "2025-04-19", CASH_REMIT, CASH_BRANCH, 30000000));
	/* the desk: capital in (+10 M), a loan paid out (-50 M) */
	struct td_ctx dir = as(x, &x->director, d);
	must(capital_transfer(&dir, x->source, CAPITAL_IN, 10000000, "QĐ 7", NULL, NULL, &err),
	     &err, "capital");
	struct td_ctx t = as(x, &x->teller, d);
	struct loan_disburse_input li = disb(x, application(x, f->hh1[0], true));
	li.on = fix_day(d);
	must(loan_disburse(&t, &li, NULL, &err), &err, "desk loan");
	json_decref(remit_ok(x, &x->teller, d, CASH_REMIT, CASH_BANK, 20000000));
	json_decref(remit_ok(x, &x->teller, d, CASH_RECEIVE, CASH_BRANCH, 5000000));
	struct td_ctx b = as(x, &P.branch_admin, "2025-04-01");
	must(cash_limit_set(&b, f->pgd318, 60000000, fix_day("2025-04-01"), NULL, NULL, &err), &err,
	     "limit");
	/* the next day's remittance is not the 20th's */
	json_decref(remit_ok(x, &x->teller, "2025-04-21", CASH_REMIT, CASH_BANK, 7000000));

	json_t *pos = position(x, &P.branch_admin, f->br31, d);
	assert_int_equal(json_array_size(json_object_get(pos, "offices")), 2); /* BR31, PGD318 */
	json_t *r = row_of(pos, f->pgd318);
	td_money opening = CAPITAL - 30000000;
	assert_int_equal(jint(r, "opening"), opening);
	assert_int_equal(jint(r, "cash_in"), 10000000);
	assert_int_equal(jint(r, "cash_out"), 50000000);
	assert_int_equal(jint(r, "remitted"), 20000000);
	assert_int_equal(jint(r, "received"), 5000000);
	td_money closing = opening + 10000000 - 50000000 - 20000000 + 5000000;
	assert_int_equal(jint(r, "closing"), closing);
	assert_int_equal(jint(r, "closing"), jint(r, "opening") + jint(r, "cash_in") -
						     jint(r, "cash_out") - jint(r, "to_sessions") +
						     jint(r, "from_sessions") -
						     jint(r, "remitted") + jint(r, "received"));
	assert_int_equal(jint(r, "bank_deposit"), 20000000);
	assert_int_equal(jint(r, "inter_office"), 25000000);
	assert_int_equal(jint(r, "limit"), 60000000);
	assert_int_equal(jint(r, "excess"), closing - 60000000);
	assert_string_equal(json_string_value(json_object_get(r, "office_code")), "PGD318");
	json_t *br = row_of(pos, f->br31);
	assert_int_equal(jint(br, "bank_deposit"), 25000000);
	assert_int_equal(jint(br, "inter_office"), -25000000);
	assert_true(json_is_null(json_object_get(br, "limit")));
	json_t *total = json_object_get(pos, "total");
	assert_int_equal(jint(total, "inter_office"), 0); /* R-CASH-1: nets to zero */
	assert_int_equal(jint(total, "bank_deposit"), 45000000);
	assert_int_equal(jint(pos, "over_limit"), 1);
	json_decref(pos);
	/* the next day opens where the 20th closed */
	pos = position(x, &x->teller, f->pgd318, "2025-04-21");
	assert_int_equal(jint(row_of(pos, f->pgd318), "opening"), closing);
	assert_int_equal(jint(row_of(pos, f->pgd318), "closing"), closing - 7000000);
	json_decref(pos);

	/* refused: outside the subtree, a confined role, an unknown office */
	json_t *j = NULL;
	struct td_ctx o = as(x, &x->teller_319, d);
	assert_int_equal(cash_position(&o, f->pgd318, fix_day(d), &j, &err), TD_EFORBIDDEN);
	struct td_ctx u = as(x, &P.union_officer, d);
	assert_int_equal(cash_position(&u, f->pgd318, fix_day(d), &j, &err), TD_EFORBIDDEN);
	assert_int_equal(cash_position(&t, 999999, fix_day(d), &j, &err), TD_ENOTFOUND);
	assert_null(j);
	books_agree(x, 0, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, cash_setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_cash_1_remit_to_bank_and_back),
		T(test_r_cash_1_branch_remittance_nets_to_zero),
		T(test_r_cash_1_session_round_trip),
		T(test_r_cash_1_reversal_after_close_books_the_vault),
		T(test_r_cash_1_session_needs_the_cash_in_the_vault),
		T(test_r_cash_1_limit_dated_warning),
		T(test_r_cash_1_limit_refusals),
		T(test_r_cash_1_remit_refusals),
		T(test_r_cash_1_position_figures),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "cash/postgres"
									      : "cash/sqlite",
					   tests, NULL, NULL);
}
