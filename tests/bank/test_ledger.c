/* The general ledger on both stores (R-GL-1, R-GL-3): line checks, posting validation,
 * running balances, reversal, entry lists and the trial balance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bank/trial_balance.h"
#include "ledger_fixture.h"

#define L(type, office, prog, src, d, c) {type, office, prog, src, d, c}

/* ledger_check_lines on input (no database): every bad shape is TD_EINVAL or
 * TD_EOVERFLOW, never an abort. */
static void test_check_lines_rejects_bad_input_R_GL_1(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		struct ledger_line l[3];
		int n, want;
		const char *msg;
	} cases[] = {
		{"balanced", {L("CASH", 2, NULL, 0, 5, 0), L("MEMBER_SAVINGS", 2, NULL, 0, 0, 5)},
		 2, TD_OK, ""},
		{"unbalanced", {L("CASH", 2, NULL, 0, 100, 0), L("FEE_PAYABLE", 2, NULL, 0, 0, 90)},
		 2, TD_EINVAL, "debits 100 đồng, credits 90 đồng"},
		{"zero line", {L("CASH", 2, NULL, 0, 0, 0), L("FEE_PAYABLE", 2, NULL, 0, 0, 0)},
		 2, TD_EINVAL, "line 1 (CASH): debit 0 and credit 0"},
		{"negative", {L("CASH", 2, NULL, 0, -5, 0), L("FEE_PAYABLE", 2, NULL, 0, 0, -5)},
		 2, TD_EINVAL, "line 1"},
		{"both sides", {L("CASH", 2, NULL, 0, 5, 0), L("FEE_PAYABLE", 2, NULL, 0, 5, 5)},
		 2, TD_EINVAL, "line 2"},
		{"one line", {L("CASH", 2, NULL, 0, 5, 0)}, 1, TD_EINVAL, "2 to 64 lines, not 1"},
		{"overflow",
		 {L("CASH", 2, NULL, 0, INT64_MAX, 0), L("CASH", 2, NULL, 0, 1, 0),
		  L("FEE_PAYABLE", 2, NULL, 0, 0, 1)},
		 3, TD_EOVERFLOW, "exceeds"},
		{"offices", {L("CASH", 2, NULL, 0, 5, 0), L("FEE_PAYABLE", 3, NULL, 0, 0, 5)},
		 2, TD_EINVAL, "within office 2"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct td_error err = {0};
		int rc = ledger_check_lines(cases[i].l, cases[i].n, &err);
		if (rc != cases[i].want || !strstr(err.msg, cases[i].msg))
			fail_msg("%s: got %s '%s'", cases[i].name, td_code_name(rc), err.msg);
	}
}

/* Bad lines reach ledger_post from code with data problems: each is refused, naming the
 * line, and nothing is booked. */
static void test_post_validates_every_line_R_GL_1(void **state)
{
	struct fixture *f = *state;
	int64_t central = lf_source(f, "TW", f->pgd318, NULL);
	int64_t o = f->pgd318;
	static const char *const msgs[] = {
		"line 2: account type 'NO_SUCH' is not in the chart",
		"line 1: office 999 does not exist",
		"line 1: LOAN_IN_TERM (Dư nợ cho vay trong hạn) needs a programme code",
		"line 1: CASH (Tiền mặt tại quỹ) takes no programme code",
		"line 1: LOAN_IN_TERM (Dư nợ cho vay trong hạn) needs a capital source",
		"line 1: capital source 777 does not exist",
		"line 2: CAPITAL_LOCAL takes local capital sources; source",
		"line 1 (CASH): debit 0 and credit 0",
		"the entry's total exceeds",
	};
	const int codes[] = {TD_EINVAL, TD_EFOREIGN, TD_EINVAL, TD_EINVAL, TD_EINVAL,
			     TD_EFOREIGN, TD_EINVAL, TD_EINVAL, TD_EOVERFLOW};
	struct ledger_line cases[][2] = {
		{L("CASH", o, NULL, 0, 5, 0), L("NO_SUCH", o, NULL, 0, 0, 5)},
		{L("CASH", 999, NULL, 0, 5, 0), L("CASH", 999, NULL, 0, 0, 5)},
		{L("LOAN_IN_TERM", o, "", central, 5, 0), L("CASH", o, NULL, 0, 0, 5)},
		{L("CASH", o, "1", 0, 5, 0), L("CASH", o, NULL, 0, 0, 5)},
		{L("LOAN_IN_TERM", o, "1", 0, 5, 0), L("CASH", o, NULL, 0, 0, 5)},
		{L("LOAN_IN_TERM", o, "1", 777, 5, 0), L("CASH", o, NULL, 0, 0, 5)},
		{L("CASH", o, NULL, 0, 5, 0), L("CAPITAL_LOCAL", o, NULL, central, 0, 5)},
		{L("CASH", o, NULL, 0, 0, 0), L("CASH", o, NULL, 0, 0, 0)},
		{L("CASH", o, NULL, 0, INT64_MAX, 0), L("CASH", o, NULL, 0, INT64_MAX, 0)},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct td_error err = {0};
		int rc = lf_post(f, cases[i], 2, NULL, &err);
		if (rc != codes[i] || !strstr(err.msg, msgs[i]))
			fail_msg("case %zu: got %s '%s', want '%s'", i, td_code_name(rc), err.msg,
				 msgs[i]);
	}
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_entry"), 0);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_posting"), 0);
}

/* An unbalanced entry from code is a bug: ledger_post aborts (checked in a child). */
static void test_unbalanced_post_from_code_aborts_R_GL_1(void **state)
{
	struct fixture *f = *state;
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Quietly: the assertion message is expected. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		struct ledger_line l[2] = {L("CASH", f->pgd318, NULL, 0, 10, 0),
					   L("FEE_PAYABLE", f->pgd318, NULL, 0, 0, 9)};
		struct td_error err = {0};
		lf_post(f, l, 2, NULL, &err);
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void test_post_records_who_when_key_and_running_totals_R_GL_3(void **state)
{
	struct fixture *f = *state;
	f->ctx.idem_key = "key-1";
	f->ctx.business_date = fix_day("2025-03-05");
	struct ledger_line l[2] = {L("CASH", f->pgd318, NULL, 0, 700, 0),
				   L("MEMBER_SAVINGS", f->pgd318, NULL, 0, 0, 700)};
	struct td_error err = {0};
	int64_t e1 = 0, e2 = 0;
	assert_int_equal(lf_post(f, l, 2, &e1, &err), TD_OK);
	f->ctx.idem_key = NULL;
	assert_int_equal(lf_post(f, l, 2, &e2, &err), TD_OK);
	assert_true(e2 > e1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_entry WHERE idem_key = 'key-1' "
				      "AND business_date = '2025-03-05' AND username = 'system' "
				      "AND user_id = 0"),
			 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_entry WHERE idem_key IS NULL"), 1);
	/* One account per (type, office, programme, source), created on first use. */
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_account"), 2);
	assert_int_equal(fix_count(f, "SELECT b.debit FROM gl_balance b JOIN gl_account a ON "
				      "a.id = b.account_id WHERE a.type_code = 'CASH'"),
			 1400);
	assert_int_equal(fix_count(f, "SELECT b.credit FROM gl_balance b JOIN gl_account a ON "
				      "a.id = b.account_id WHERE a.type_code = 'MEMBER_SAVINGS'"),
			 1400);
}

static int reverse(struct fixture *f, int64_t id, const char *reason, int64_t *out,
		   struct td_error *err)
{
	int rc = bank_tx_begin(&f->ctx, err);
	if (rc == TD_OK)
		rc = ledger_reverse(&f->ctx, id, reason, out, err);
	if (rc == TD_OK)
		return bank_tx_commit(&f->ctx, err);
	bank_tx_rollback(&f->ctx);
	return rc;
}

/* A mistake is corrected by a mirror entry linked to it; the original stays (R-GL-1). */
static void test_reversal_mirrors_and_links_R_GL_1(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "TW", f->pgd318, NULL);
	struct ledger_line l[2] = {L("LOAN_IN_TERM", f->pgd318, "1", src, 3000, 0),
				   L("CASH", f->pgd318, NULL, 0, 0, 3000)};
	struct td_error err = {0};
	int64_t e = 0, r = 0, x = 0;
	assert_int_equal(lf_post(f, l, 2, &e, &err), TD_OK);
	assert_int_equal(reverse(f, e, "", &r, &err), TD_EINVAL);
	assert_msg_has(err, "reason");
	assert_int_equal(reverse(f, 4242, "typo", &r, &err), TD_ENOTFOUND);
	assert_int_equal(reverse(f, e, "wrong programme", &r, &err), TD_OK);
	assert_int_equal(reverse(f, e, "again", &x, &err), TD_ECONFLICT);
	assert_msg_has(err, "reversed already");
	assert_int_equal(reverse(f, r, "undo the undo", &x, &err), TD_ECONFLICT);
	assert_msg_has(err, "is the reversal of entry");
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM gl_entry WHERE id = %lld AND reverses_id = %lld AND "
		 "kind = 'reversal' AND reason = 'wrong programme'",
		 (long long)r, (long long)e);
	assert_int_equal(fix_count(f, sql), 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_posting"), 4);
	/* Every account is back to zero; the original postings are untouched. */
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_balance WHERE debit <> credit"), 0);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_balance WHERE debit = 3000"), 2);
	json_t *j = NULL;
	struct ledger_filter lf = {f->pgd318, ORG_NO_DATE, ORG_NO_DATE, 0, 0};
	assert_int_equal(ledger_entries(&f->ctx, &lf, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_t *orig = json_array_get(json_object_get(j, "items"), 1);
	assert_int_equal(json_integer_value(json_object_get(orig, "reversed_by")), r);
	assert_int_equal(json_array_size(json_object_get(orig, "lines")), 2);
	json_decref(j);
}

/* Entries are listed for an office subtree; the office outside the actor's is 403. */
static void test_entries_list_scope_R_ORG_4(void **state)
{
	struct fixture *f = *state;
	struct ledger_line a[2] = {L("CASH", f->pgd318, NULL, 0, 10, 0),
				   L("MEMBER_SAVINGS", f->pgd318, NULL, 0, 0, 10)};
	struct ledger_line b[2] = {L("CASH", f->pgd319, NULL, 0, 20, 0),
				   L("MEMBER_SAVINGS", f->pgd319, NULL, 0, 0, 20)};
	struct td_error err = {0};
	assert_int_equal(lf_post(f, a, 2, NULL, &err), TD_OK);
	assert_int_equal(lf_post(f, b, 2, NULL, &err), TD_OK);
	struct td_actor teller = fix_actor(ROLE_TELLER, f->pgd318, 0, 0);
	struct td_ctx c = fix_ctx(f, &teller);
	json_t *j = NULL;
	struct ledger_filter mine = {0, ORG_NO_DATE, ORG_NO_DATE, 0, 0};
	assert_int_equal(ledger_entries(&c, &mine, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	struct ledger_filter other = {f->pgd319, ORG_NO_DATE, ORG_NO_DATE, 0, 0};
	assert_int_equal(ledger_entries(&c, &other, &j, &err), TD_EFORBIDDEN);
	struct ledger_filter branch = {f->br31, ORG_NO_DATE, ORG_NO_DATE, 0, 0};
	assert_int_equal(ledger_entries(&f->ctx, &branch, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_decref(j);
}

static json_t *row_of(json_t *tb, const char *type)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(tb, "rows"), i, r) if (
		strcmp(json_string_value(json_object_get(r, "type")), type) == 0) return r;
	return NULL;
}

/* Totals as of the end of a date, for a subtree; grand totals balance. */
static void test_trial_balance_totals_by_date_and_subtree_R_GL_1(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "TW", f->pgd318, NULL);
	f->ctx.business_date = fix_day("2025-02-01");
	lf_transfer(f, src, CAPITAL_IN, 1000000);
	f->ctx.business_date = fix_day("2025-02-10");
	lf_lend(f, f->pgd318, src, 400000);
	struct ledger_line b[2] = {L("CASH", f->pgd319, NULL, 0, 20, 0),
				   L("MEMBER_SAVINGS", f->pgd319, NULL, 0, 0, 20)};
	struct td_error err = {0};
	assert_int_equal(lf_post(f, b, 2, NULL, &err), TD_OK);
	json_t *tb = NULL;
	assert_int_equal(trial_balance(&f->ctx, f->pgd318, fix_day("2025-02-05"), &tb, &err),
			 TD_OK);
	assert_int_equal(json_array_size(json_object_get(tb, "rows")), 2);
	assert_int_equal(json_integer_value(json_object_get(row_of(tb, "CASH"), "balance_debit")),
			 1000000);
	json_decref(tb);
	assert_int_equal(trial_balance(&f->ctx, f->pgd318, fix_day("2025-02-10"), &tb, &err),
			 TD_OK);
	json_t *cash = row_of(tb, "CASH"), *loan = row_of(tb, "LOAN_IN_TERM");
	assert_int_equal(json_integer_value(json_object_get(cash, "debit")), 1000000);
	assert_int_equal(json_integer_value(json_object_get(cash, "credit")), 400000);
	assert_int_equal(json_integer_value(json_object_get(cash, "balance_debit")), 600000);
	assert_string_equal(json_string_value(json_object_get(loan, "programme")), "1");
	assert_string_equal(json_string_value(json_object_get(loan, "source_code")), "TW");
	json_t *cap = row_of(tb, "CAPITAL_CENTRAL");
	assert_int_equal(json_integer_value(json_object_get(cap, "balance_credit")), 1000000);
	json_t *tot = json_object_get(tb, "total");
	assert_int_equal(json_integer_value(json_object_get(tot, "debit")), 1400000);
	assert_int_equal(json_integer_value(json_object_get(tot, "credit")), 1400000);
	assert_int_equal(json_integer_value(json_object_get(tot, "balance_debit")), 1000000);
	assert_int_equal(json_integer_value(json_object_get(tot, "balance_credit")), 1000000);
	assert_true(json_is_true(json_object_get(tb, "balanced")));
	json_decref(tb);
	/* The branch sees both district offices. */
	assert_int_equal(trial_balance(&f->ctx, f->br31, fix_day("2025-12-31"), &tb, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(tb, "total"), "debit")),
			 1400020);
	json_decref(tb);
	struct td_actor dir = fix_actor(ROLE_DIRECTOR, f->pgd319, 0, 0);
	struct td_ctx c = fix_ctx(f, &dir);
	assert_int_equal(trial_balance(&c, f->pgd318, fix_day("2025-12-31"), &tb, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(trial_balance(&f->ctx, 999, fix_day("2025-12-31"), &tb, &err),
			 TD_ENOTFOUND);
}

int main(void)
{
	fix_backend = testdb_backend_from_env();
	if (getenv("TD_TEST_FILTER"))
		cmocka_set_test_filter(getenv("TD_TEST_FILTER"));
#define T(fn) cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_lines_rejects_bad_input_R_GL_1),
		T(test_post_validates_every_line_R_GL_1),
		T(test_unbalanced_post_from_code_aborts_R_GL_1),
		T(test_post_records_who_when_key_and_running_totals_R_GL_3),
		T(test_reversal_mirrors_and_links_R_GL_1),
		T(test_entries_list_scope_R_ORG_4),
		T(test_trial_balance_totals_by_date_and_subtree_R_GL_1),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "ledger/postgres"
									      : "ledger/sqlite",
					   tests, NULL, NULL);
}
