/* `tindung check` on both stores (R-GL-1, R-CAP-1): intact books pass; each kind of
 * tampering with the tables (a posting's amount, a deleted posting, a running balance, a
 * capital transfer) is found and named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/check.h"
#include "bank/programme_db.h"
#include "ledger_fixture.h"

struct lines {
	int n;
	char text[8][512];
};

static void collect(void *arg, const char *line)
{
	struct lines *l = arg;
	if (l->n < 8)
		snprintf(l->text[l->n], sizeof l->text[0], "%s", line);
	l->n++;
}

/* Books a little of everything: a local source with money in, a loan, savings. */
static void book(struct fixture *f)
{
	int64_t src = lf_source(f, "DP-HP", f->pgd318, "UBND thành phố Hải Phòng");
	lf_transfer(f, src, CAPITAL_IN, 100000000);
	lf_lend(f, f->pgd318, src, 30000000);
	/* The loan sub-ledger of that entry (R-GL-2), without the application's steps. */
	struct td_error err = {0};
	if (programme_db_seed(&f->ctx, NULL, &err) != TD_OK)
		fail_msg("seed: %s", err.msg);
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "INSERT INTO loan_application (household_id, programme_id, office_id, "
		 "commune_code, amount, term_months, purpose, purpose_flags, plan, study_months, "
		 "contract_months, contract_value, applied_on, rate, step, prepared_by, "
		 "prepared_by_name) SELECT %lld, id, %lld, '12001', 30000000, 12, 'x', '', 'x', 0, "
		 "0, 0, '2025-01-01', 66000, 'approved', 0, 'system' FROM programme WHERE code = '1';"
		 "INSERT INTO loan (application_id, household_id, office_id, programme_code, "
		 "source_id, amount, rate, overdue_pct, convention, disbursed_on, term_months, "
		 "interval_months, grace_months, maturity, status, balance, interest_from, "
		 "in_term_interest, overdue_interest, interest_paid, entry_id) SELECT max(id), %lld, "
		 "%lld, '1', %lld, 30000000, 66000, 130, 'act365', '2025-01-01', 12, 12, 0, "
		 "'2026-01-01', 'in_term', 30000000, '2025-01-01', 0, 0, 0, 2 FROM loan_application;"
		 "INSERT INTO loan_instalment (loan_id, position, due_on, principal, paid_principal, "
		 "status) SELECT max(id), 1, '2026-01-01', 30000000, 0, 'pending' FROM loan;",
		 (long long)f->hh1[0], (long long)f->pgd318, (long long)f->hh1[0],
		 (long long)f->pgd318, (long long)src);
	fix_exec(f->s, sql);
}

static struct check_report run(struct fixture *f, struct lines *out)
{
	memset(out, 0, sizeof *out);
	struct check_report r = {collect, out};
	struct td_error err = {0};
	if (check_run(f->s, CHECK_ALL_DATES, &r, &err) != TD_OK)
		fail_msg("check: %s", err.msg);
	return r;
}

static bool has(const struct lines *l, const char *want)
{
	for (int i = 0; i < l->n && i < 8; i++)
		if (strstr(l->text[i], want))
			return true;
	return false;
}

static void test_intact_books_pass(void **state)
{
	struct fixture *f = *state;
	book(f);
	struct lines l;
	struct check_report r = run(f, &l);
	assert_int_equal(r.mismatches, 0);
	assert_int_equal(r.entries, 2);
	assert_int_equal(r.accounts, 3);
}

static void test_changed_posting_amount_is_found_R_GL_1(void **state)
{
	struct fixture *f = *state;
	book(f);
	fix_exec(f->s, "UPDATE gl_posting SET debit = debit + 1 WHERE id = (SELECT min(id) FROM "
		       "gl_posting WHERE debit > 0)");
	struct lines l;
	struct check_report r = run(f, &l);
	assert_int_equal(r.mismatches, 2); /* the entry and the CASH account */
	assert_true(has(&l, "bút toán 1 (capital_in, 2025-01-01) không cân tại đơn vị PGD318: "
			    "nợ 100.000.001 đồng, có 100.000.000 đồng"));
	assert_true(has(&l, "tài khoản CASH đơn vị PGD318 chương trình - nguồn vốn -: số dư lũy "
			    "kế nợ 100.000.000, có 30.000.000; theo bút toán nợ 100.000.001, có "
			    "30.000.000"));
}

static void test_deleted_posting_is_found_R_GL_1(void **state)
{
	struct fixture *f = *state;
	book(f);
	fix_exec(f->s, "DELETE FROM gl_posting WHERE id = (SELECT max(id) FROM gl_posting)");
	struct lines l;
	struct check_report r = run(f, &l);
	assert_true(r.mismatches >= 2);
	assert_true(has(&l, "bút toán 2 (test, 2025-01-01) không cân tại đơn vị PGD318"));
	fix_exec(f->s, "DELETE FROM gl_posting WHERE entry_id = 2");
	r = run(f, &l);
	assert_true(has(&l, "bút toán 2 (test, 2025-01-01): có 0 dòng, cần ít nhất 2"));
}

static void test_edited_running_balance_is_found(void **state)
{
	struct fixture *f = *state;
	book(f);
	fix_exec(f->s, "UPDATE gl_balance SET debit = 5 WHERE account_id = (SELECT id FROM "
		       "gl_account WHERE type_code = 'LOAN_IN_TERM')");
	struct lines l;
	struct check_report r = run(f, &l);
	assert_int_equal(r.mismatches, 1);
	assert_true(has(&l, "tài khoản LOAN_IN_TERM đơn vị PGD318 chương trình 1 nguồn vốn DP-HP: "
			    "số dư lũy kế nợ 5, có 0; theo bút toán nợ 30.000.000, có 0"));
}

static void test_capital_transfer_mismatch_is_found_R_CAP_1(void **state)
{
	struct fixture *f = *state;
	book(f);
	fix_exec(f->s, "UPDATE capital_transfer SET amount = 90000000");
	struct lines l;
	struct check_report r = run(f, &l);
	assert_int_equal(r.mismatches, 1);
	assert_string_equal(l.text[0], "nguồn vốn DP-HP đơn vị PGD318: chuyển vốn (về - hoàn trả) "
				       "90.000.000 đồng, tài khoản nguồn vốn 100.000.000 đồng");
	/* As of a date before anything was booked, there is nothing to compare. */
	memset(&l, 0, sizeof l);
	struct check_report r2 = {collect, &l};
	struct td_error err = {0};
	assert_int_equal(check_run(f->s, fix_day("2024-12-31"), &r2, &err), TD_OK);
	assert_int_equal(r2.entries, 0);
	assert_int_equal(r2.mismatches, 0);
}

int main(void)
{
	fix_backend = testdb_backend_from_env();
#define T(fn) cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)
	const struct CMUnitTest tests[] = {
		T(test_intact_books_pass),
		T(test_changed_posting_amount_is_found_R_GL_1),
		T(test_deleted_posting_is_found_R_GL_1),
		T(test_edited_running_balance_is_found),
		T(test_capital_transfer_mismatch_is_found_R_CAP_1),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "check/postgres"
									      : "check/sqlite",
					   tests, NULL, NULL);
}
