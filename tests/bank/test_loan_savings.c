/* Repaying a loan from the borrower's own savings on both stores (R-SAV-1 "savings can
 * repay principal"): one entry Dr MEMBER_SAVINGS / Cr the loan accounts and
 * INTEREST_INCOME with no cash moving, the money allocated as any repayment (R-PAY-1), the
 * savings withdrawal linked to the repayment; every refusal books nothing; `tindung check`
 * (savings, loan sub-ledger, R-GL-2) passes after each step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/savings.h"
#include "loan_fixture.h"

/* A savings account of household hh in the group holding `amount` đồng. */
static int64_t saver(struct loan_fx *x, int64_t hh, td_money amount)
{
	struct td_error err = {0};
	int64_t id = 0;
	must(savings_open(&x->f->ctx, hh, x->group, &id, &err), &err, "open");
	must(savings_deposit(&x->f->ctx, id, amount, NULL, &err), &err, "deposit");
	return id;
}

static int repay_from(struct loan_fx *x, const struct td_actor *who, int64_t loan, td_money amount,
		      const char *on, int64_t account, struct payment_allocation *a,
		      struct td_error *err)
{
	struct td_ctx t = as(x, who, "2028-12-31");
	struct loan_repay_input in = {
		.loan_id = loan, .amount = amount, .on = fix_day(on), .from_savings = account};
	return loan_repay(&t, &in, a, NULL, err);
}

static td_money savings_balance(struct loan_fx *x, int64_t account)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT balance FROM savings_account WHERE id = %lld",
		 (long long)account);
	return fix_count(x->f, sql);
}

/* The interest and part of the principal from savings; then the rest, which closes the
 * loan. No cash moves; the withdrawal names the repayment's entry. */
static void test_r_sav_1_savings_repay_interest_and_principal(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t acc = saver(x, x->f->hh1[0], 10000000);
	td_money cash = gl(x, "CASH");
	struct td_error err = {0};
	struct payment_allocation a;
	/* 30 days at 6.6 % on 50 M: 271,233 of interest first (R-PAY-1), the rest prepays */
	must(repay_from(x, &x->teller, loan, 5000000, "2025-04-14", acc, &a, &err), &err,
	     "repay from savings");
	assert_int_equal(a.in_term_interest, 271233);
	assert_int_equal(a.prepaid_principal, 4728767);
	assert_int_equal(savings_balance(x, acc), 5000000);
	assert_int_equal(gl(x, "CASH"), cash);
	assert_int_equal(gl(x, "MEMBER_SAVINGS"), -5000000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000 - 4728767);
	assert_int_equal(gl(x, "INTEREST_INCOME"), -271233);
	/* the withdrawal and the repayment share one entry and name each other */
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_repayment r JOIN savings_txn t "
					 "ON t.id = r.savings_txn_id AND t.entry_id = r.entry_id "
					 "WHERE t.kind = 'withdrawal' AND t.amount = 5000000"),
			 1);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_posting p JOIN gl_entry e ON "
					 "e.id = p.entry_id WHERE e.kind = 'repayment'"),
			 3);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'savings_txn'"),
			 2); /* the deposit and this withdrawal */
	books_agree(x, 0, NULL);

	/* Everything owed on 2025-05-14 from the same account: 30 days on 45,271,233 */
	must(savings_deposit(&x->f->ctx, acc, 50000000, NULL, &err), &err, "deposit more");
	json_t *j = get(x, loan, "2025-05-14");
	td_money owed = jint(j, "owed");
	json_decref(j);
	assert_int_equal(owed, 45271233 + 245581); /* 45,271,233 x 0.066 x 30 / 365 */
	must(repay_from(x, &x->director, loan, owed, "2025-05-14", acc, &a, &err), &err,
	     "the rest from savings");
	j = get(x, loan, "2025-05-14");
	assert_string_equal(json_string_value(json_object_get(j, "status")), "closed");
	json_decref(j);
	assert_int_equal(savings_balance(x, acc), 55000000 - owed);
	assert_int_equal(gl(x, "CASH"), cash + 50000000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 0);
	books_agree(x, 0, NULL);
}

static int64_t count_all(struct loan_fx *x)
{
	return fix_count(x->f, "SELECT (SELECT count(*) FROM gl_entry) + (SELECT count(*) FROM "
			       "savings_txn) + (SELECT count(*) FROM loan_repayment) + (SELECT "
			       "count(*) FROM audit_log)");
}

static void has(const struct td_error *err, const char *text)
{
	if (!strstr(err->msg, text))
		fail_msg("'%s' lacks '%s'", err->msg, text);
}

/* Refusals: another household's account, a closed one, one of another office, too little
 * in it (both amounts named), an unknown one, a closed loan, an actor out of scope; none
 * books anything. */
static void test_r_sav_1_savings_repay_refusals(void **state)
{
	struct loan_fx *x = *state;
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[0], true));
	int64_t mine = saver(x, x->f->hh1[0], 5000000);
	int64_t theirs = saver(x, x->f->hh1[1], 9000000);
	struct td_error err = {0};
	int64_t before = count_all(x);

	assert_int_equal(repay_from(x, &x->teller, loan, 1000000, "2025-04-14", theirs, NULL, &err),
			 TD_ERULE);
	has(&err, "belongs to household");
	has(&err, "R-SAV-1");
	assert_int_equal(repay_from(x, &x->teller, loan, 6000000, "2025-04-14", mine, NULL, &err),
			 TD_ERULE);
	has(&err, "sổ tiết kiệm");
	has(&err, "chỉ còn 5.000.000 đồng, không đủ trả nợ 6.000.000 đồng");
	assert_int_equal(repay_from(x, &x->teller, loan, 1000, "2025-04-14", 999999, NULL, &err),
			 TD_ENOTFOUND);
	assert_int_equal(repay_from(x, &x->teller, loan, 1000, "2025-04-14", -1, NULL, &err),
			 TD_EINVAL);
	assert_int_equal(repay_from(x, &x->teller_319, loan, 1000, "2025-04-14", mine, NULL, &err),
			 TD_EFORBIDDEN);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE savings_account SET office_id = %lld WHERE id = %lld",
		 (long long)x->f->pgd319, (long long)mine);
	fix_exec(x->f->s, sql);
	/* out of a PGD318 teller's scope now; a teller of the branch reaches both offices */
	assert_int_equal(repay_from(x, &x->teller, loan, 1000, "2025-04-14", mine, NULL, &err),
			 TD_EFORBIDDEN);
	struct td_actor branch = person(ROLE_TELLER, 43, x->f->br31, 0);
	assert_int_equal(repay_from(x, &branch, loan, 1000, "2025-04-14", mine, NULL, &err),
			 TD_ERULE);
	has(&err, "kept by office");
	snprintf(sql, sizeof sql,
		 "UPDATE savings_account SET office_id = %lld, closed_on = '2025-03-20' WHERE id = "
		 "%lld",
		 (long long)x->f->pgd318, (long long)mine);
	fix_exec(x->f->s, sql);
	assert_int_equal(repay_from(x, &x->teller, loan, 1000, "2025-04-14", mine, NULL, &err),
			 TD_ECONFLICT);
	has(&err, "is closed");
	assert_int_equal(count_all(x), before);
	assert_int_equal(savings_balance(x, mine), 5000000);

	/* a closed loan: paid in cash, then nothing more from savings */
	json_t *j = get(x, loan, "2025-04-14");
	td_money owed = jint(j, "owed");
	json_decref(j);
	must(repay(x, loan, owed, "2025-04-14", 0, NULL, &err), &err, "close in cash");
	before = count_all(x);
	assert_int_equal(repay_from(x, &x->teller, loan, 1000, "2025-04-15", theirs, NULL, &err),
			 TD_ECONFLICT);
	has(&err, "closed");
	assert_int_equal(count_all(x), before);
	books_agree(x, 0, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_sav_1_savings_repay_interest_and_principal),
		T(test_r_sav_1_savings_repay_refusals),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES
						   ? "loan_savings/postgres"
						   : "loan_savings/sqlite",
					   tests, NULL, NULL);
}
