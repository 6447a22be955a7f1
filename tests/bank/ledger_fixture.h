/*
 * Helpers of the ledger, capital and check tests (test_ledger.c, test_capital.c,
 * test_check.c), on top of org_fixture.h's offices HSC -> BR31 -> {PGD318, PGD319}.
 */
#ifndef TD_TESTS_LEDGER_FIXTURE_H
#define TD_TESTS_LEDGER_FIXTURE_H

#pragma GCC diagnostic ignored "-Wunused-function"

#include "bank/capital.h"
#include "bank/ledger.h"
#include "org_fixture.h"

/* Books lines in their own transaction as the fixture's administrator. */
static int lf_post(struct fixture *f, const struct ledger_line *lines, int n, int64_t *id,
		   struct td_error *err)
{
	int rc = bank_tx_begin(&f->ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = ledger_post(&f->ctx, "test", "test", lines, n, id, err);
	if (rc == TD_OK)
		return bank_tx_commit(&f->ctx, err);
	bank_tx_rollback(&f->ctx);
	return rc;
}

/* A capital source of office (local when investor is not NULL); fails the test on error. */
static int64_t lf_source(struct fixture *f, const char *code, int64_t office, const char *investor)
{
	struct capital_input in = {code, investor ? "local" : "central", code, office};
	if (investor) {
		in.investor = investor;
		in.investor_code = "UB-31";
		in.investor_level = "province";
	}
	struct td_error err = {0};
	int64_t id = 0;
	if (capital_create(&f->ctx, &in, &id, &err) != TD_OK)
		fail_msg("source %s: %s", code, err.msg);
	return id;
}

static void lf_transfer(struct fixture *f, int64_t source, enum capital_direction dir,
			td_money amount)
{
	struct td_error err = {0};
	if (capital_transfer(&f->ctx, source, dir, amount, "test", NULL, NULL, &err) != TD_OK)
		fail_msg("transfer: %s", err.msg);
}

/* A loan of amount from source at office: Dr LOAN_IN_TERM / Cr CASH (what disbursement
 * will book); negative amount: the repayment. */
static void lf_lend(struct fixture *f, int64_t office, int64_t source, td_money amount)
{
	td_money a = amount > 0 ? amount : -amount;
	struct ledger_line l[2] = {
		{"LOAN_IN_TERM", office, "1", source, amount > 0 ? a : 0, amount > 0 ? 0 : a},
		{"CASH", office, NULL, 0, amount > 0 ? 0 : a, amount > 0 ? a : 0},
	};
	struct td_error err = {0};
	if (lf_post(f, l, 2, NULL, &err) != TD_OK)
		fail_msg("lend: %s", err.msg);
}

#endif
