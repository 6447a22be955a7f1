/* Deposits and withdrawals of member savings (R-SAV-1, R-ORG-3), each with its entry, and
 * the withdrawal that repays a loan on the repayment's entry. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/cash.h"
#include "bank/ledger.h"
#include "bank/org_util.h"
#include "bank/param.h"
#include "bank/savings.h"
#include "bank/savings_internal.h"

int savings_txn_record(struct td_ctx *ctx, const struct savings_row *a, const char *kind,
		       td_money amount, td_money delta, td_date from, td_date to, int64_t entry,
		       int64_t *txn_id, struct td_error *err)
{
	char f[TD_DATE_FMT_MAX], t[TD_DATE_FMT_MAX];
	int64_t id = 0;
	int rc = org_query_int64(ctx->store, &id, err,
				 "INSERT INTO savings_txn (account_id, kind, amount, business_date, "
				 "period_from, period_to, entry_id, user_id) VALUES "
				 "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				 "itidttii", a->id, kind, amount, ctx->business_date,
				 org_iso(from, f), org_iso(to, t), entry, ctx->actor->user_id);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE savings_account SET balance = balance + ? WHERE id = ?", "ii",
			      delta, a->id);
	if (rc == TD_OK) {
		char after[160];
		snprintf(after, sizeof after,
			 "{\"account_id\":%lld,\"amount\":%lld,\"entry_id\":%lld,\"kind\":\"%s\"}",
			 (long long)a->id, (long long)amount, (long long)entry, kind);
		rc = audit_record(ctx, "create", "savings_txn", id, NULL, after, err);
	}
	if (rc == TD_OK && txn_id)
		*txn_id = id;
	return rc;
}

/* Validates and books one movement of a deposit or withdrawal. */
static int move(struct td_ctx *ctx, int64_t account, td_money amount, bool in, int64_t *txn_id,
		struct td_error *err)
{
	struct savings_row a;
	int rc = savings_row_load(ctx->store, account, &a, err);
	if (rc == TD_OK)
		rc = savings_row_access(ctx, &a, in ? ACT_SAVINGS_DEPOSIT : ACT_SAVINGS_WRITE, err);
	if (rc == TD_OK && a.closed)
		rc = td_error_set(err, TD_ECONFLICT, "savings account %lld is closed",
				  (long long)account);
	if (rc == TD_OK && (amount <= 0 || amount > TD_MONEY_MAX_INPUT))
		rc = td_error_set(err, TD_EINVAL,
				  "amount %lld đồng: a deposit or withdrawal is positive and at most "
				  "10^15 đồng",
				  (long long)amount);
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX];
	td_money min = 0;
	if (rc == TD_OK && in) /* a dated parameter (R-SAV-1, bank/param.h) */
		rc = param_money(ctx, "savings.min_deposit", ctx->business_date, &min, err);
	if (rc == TD_OK && in && amount < min)
		rc = td_error_set(err, TD_ERULE,
				  "tiền gửi tối thiểu %s đồng một lần, không nhận %s đồng (R-SAV-1)",
				  money_format(min, x, sizeof x), money_format(amount, y, sizeof y));
	if (rc == TD_OK && !in && amount > a.balance)
		rc = td_error_set(err, TD_ERULE, "sổ tiết kiệm %lld chỉ còn %s đồng, không đủ rút %s đồng",
				  (long long)account, money_format(a.balance, x, sizeof x),
				  money_format(amount, y, sizeof y));
	if (rc != TD_OK)
		return rc;
	struct ledger_line lines[2] = {
		{cash_account(ctx), a.office_id, NULL, 0, in ? amount : 0, in ? 0 : amount},
		{"MEMBER_SAVINGS", a.office_id, NULL, 0, in ? 0 : amount, in ? amount : 0},
	};
	char ref[48];
	snprintf(ref, sizeof ref, "savings account %lld", (long long)account);
	int64_t entry = 0;
	rc = ledger_post(ctx, in ? "savings_deposit" : "savings_withdrawal", ref, lines, 2, &entry,
			 err);
	if (rc == TD_OK)
		rc = savings_txn_record(ctx, &a, in ? "deposit" : "withdrawal", amount,
					in ? amount : -amount, ORG_NO_DATE, ORG_NO_DATE, entry, txn_id,
					err);
	return rc;
}

static int move_tx(struct td_ctx *ctx, int64_t account, td_money amount, bool in,
		   int64_t *txn_id, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = move(ctx, account, amount, in, txn_id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int savings_deposit(struct td_ctx *ctx, int64_t account_id, td_money amount, int64_t *txn_id,
		    struct td_error *err)
{
	return move_tx(ctx, account_id, amount, true, txn_id, err);
}

int savings_withdraw(struct td_ctx *ctx, int64_t account_id, td_money amount, int64_t *txn_id,
		     struct td_error *err)
{
	return move_tx(ctx, account_id, amount, false, txn_id, err);
}

int savings_payment_check(struct td_ctx *ctx, int64_t account_id, int64_t household_id,
			  int64_t office_id, td_money amount, struct td_error *err)
{
	assert(amount > 0);
	struct savings_row a;
	int rc = savings_row_load(ctx->store, account_id, &a, err);
	if (rc == TD_OK)
		rc = savings_row_access(ctx, &a, ACT_SAVINGS_WRITE, err);
	if (rc != TD_OK)
		return rc;
	long long id = (long long)account_id;
	if (a.household_id != household_id)
		return td_error_set(err, TD_ERULE,
				    "savings account %lld belongs to household %lld, not to the "
				    "borrower's household %lld: a loan is repaid only from the "
				    "borrower's own savings (R-SAV-1)",
				    id, (long long)a.household_id, (long long)household_id);
	if (a.closed)
		return td_error_set(err, TD_ECONFLICT, "savings account %lld is closed", id);
	if (a.office_id != office_id)
		return td_error_set(
			err, TD_ERULE,
			"savings account %lld is kept by office %lld, the loan by office "
			"%lld: repay from savings at the office that holds both",
			id, (long long)a.office_id, (long long)office_id);
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX];
	if (amount > a.balance)
		return td_error_set(err, TD_ERULE,
				    "sổ tiết kiệm %lld chỉ còn %s đồng, không đủ trả nợ %s đồng "
				    "(R-SAV-1)",
				    id, money_format(a.balance, x, sizeof x),
				    money_format(amount, y, sizeof y));
	return TD_OK;
}

int savings_payment_record(struct td_ctx *ctx, int64_t account_id, td_money amount,
			   int64_t entry_id, int64_t *txn_id, struct td_error *err)
{
	assert(amount > 0 && entry_id > 0);
	struct savings_row a;
	int rc = savings_row_load(ctx->store, account_id, &a, err);
	if (rc != TD_OK)
		return rc;
	assert(!a.closed && a.balance >= amount); /* savings_payment_check came first */
	return savings_txn_record(ctx, &a, "withdrawal", amount, -amount, ORG_NO_DATE, ORG_NO_DATE,
				  entry_id, txn_id, err);
}
