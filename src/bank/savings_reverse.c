/*
 * Reversing a savings movement (R-SES-1: a closed session is immutable, corrections are new
 * entries; R-GL-1: a mistake is reversed by a mirror entry; R-SAV-1). The movement stays; a
 * movement of the opposite kind and the same amount names it (reverses_txn_id), on the
 * mirror of its entry, so that the balance, `tindung check` (savings_check sums movements
 * by kind) and savings interest (the balance of each day) all see the correction as the
 * movement it is, dated the day it was made.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/ledger.h"
#include "bank/org_util.h"
#include "bank/savings.h"
#include "bank/savings_internal.h"

#define REASON_MAX 500

/* A movement as its reversal needs it. */
struct txn_row {
	int64_t id, account_id, entry_id, reverses;
	char kind[16];
	td_money amount;
};

static int txn_load(struct td_store *s, int64_t id, struct txn_row *t, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT account_id, kind, amount, entry_id, coalesce(reverses_txn_id, "
			     "0) FROM savings_txn WHERE id = ?",
			     "i", id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*t = (struct txn_row){.id = id,
				      .account_id = stmt_column_int64(st, 0),
				      .amount = stmt_column_int64(st, 2),
				      .entry_id = stmt_column_int64(st, 3),
				      .reverses = stmt_column_int64(st, 4)};
		snprintf(t->kind, sizeof t->kind, "%s", stmt_column_text(st, 1));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "savings movement %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

/* A movement is reversed once: a second reversal is refused naming when and by whom. A
 * retry of the same request under its idempotency key never gets here: the one mechanism
 * (bank/idempotency.h) answers it with the first reversal. */
static int mirror_found(struct td_ctx *ctx, const struct txn_row *t, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT m.id, m.business_date, e.username, m.reason "
			     "FROM savings_txn m JOIN gl_entry e ON e.id = m.entry_id "
			     "WHERE m.reverses_txn_id = ?",
			     "i", t->id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		const char *was = stmt_column_text(st, 3);
		rc = td_error_set(err, TD_ECONFLICT,
				  "savings movement %lld was reversed already on %s by %s "
				  "(movement %lld: %s); a reversal is not reversed again: "
				  "record the movement anew if it was right after all",
				  (long long)t->id, stmt_column_text(st, 1), stmt_column_text(st, 2),
				  (long long)stmt_column_int64(st, 0), was ? was : "");
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The withdrawal that paid a repayment goes back with that repayment (R-SAV-1). */
static int paid_repayment(struct td_store *s, const struct txn_row *t, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT id, loan_id FROM loan_repayment WHERE savings_txn_id = ?", "i",
			     t->id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		long long rep = (long long)stmt_column_int64(st, 0);
		rc = td_error_set(
			err, TD_ECONFLICT,
			"savings movement %lld paid repayment %lld of loan %lld (R-SAV-1): "
			"reverse that repayment (tindung loan reverse-repayment "
			"--repayment %lld), which gives the savings back",
			(long long)t->id, rep, (long long)stmt_column_int64(st, 1), rep);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* What refuses a reversal of t on account a, besides the checks above. */
static int reversible(const struct savings_row *a, const struct txn_row *t, struct td_error *err)
{
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX];
	if (t->reverses)
		return td_error_set(err, TD_ECONFLICT,
				    "savings movement %lld is the reversal of movement %lld; a "
				    "reversal is not reversed again: record the movement anew",
				    (long long)t->id, (long long)t->reverses);
	if (strcmp(t->kind, "interest") == 0)
		return td_error_set(err, TD_ERULE,
				    "savings movement %lld is interest: interest postings are not "
				    "reversed, since their period stays paid; a withdrawal of the "
				    "excess corrects it",
				    (long long)t->id);
	if (a->closed)
		return td_error_set(err, TD_ECONFLICT, "savings account %lld is closed",
				    (long long)a->id);
	if (strcmp(t->kind, "deposit") == 0 && t->amount > a->balance)
		return td_error_set(err, TD_ERULE,
				    "sổ tiết kiệm %lld chỉ còn %s đồng, không đủ hủy khoản gửi %s "
				    "đồng (movement %lld)",
				    (long long)a->id, money_format(a->balance, x, sizeof x),
				    money_format(t->amount, y, sizeof y), (long long)t->id);
	return TD_OK;
}

/* The movement of the opposite kind naming t, on entry, the balance moved back, and its
 * audit record (before: t, after: the new movement). */
static int mirror_record(struct td_ctx *ctx, const struct txn_row *t, const char *reason,
			 int64_t entry, int64_t *id, struct td_error *err)
{
	bool was_in = strcmp(t->kind, "withdrawal") != 0;
	const char *kind = was_in ? "withdrawal" : "deposit";
	int rc =
		org_query_int64(ctx->store, id, err,
				"INSERT INTO savings_txn (account_id, kind, amount, business_date, "
				"entry_id, user_id, reverses_txn_id, reason) VALUES "
				"(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				"itidiiit", t->account_id, kind, t->amount, ctx->business_date,
				entry, ctx->actor->user_id, t->id, reason);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE savings_account SET balance = balance + ? WHERE id = ?", "ii",
			      was_in ? -t->amount : t->amount, t->account_id);
	if (rc != TD_OK)
		return rc;
	json_t *b = json_pack("{s:I, s:I, s:s, s:I, s:I}", "id", (json_int_t)t->id, "account_id",
			      (json_int_t)t->account_id, "kind", t->kind, "amount",
			      (json_int_t)t->amount, "entry_id", (json_int_t)t->entry_id);
	json_t *a = json_pack("{s:I, s:s, s:I, s:I, s:I, s:s}", "account_id",
			      (json_int_t)t->account_id, "kind", kind, "amount",
			      (json_int_t)t->amount, "entry_id", (json_int_t)entry,
			      "reverses_txn_id", (json_int_t)t->id, "reason", reason);
	char *before = org_json_text(b), *after = org_json_text(a);
	json_decref(b);
	json_decref(a);
	rc = before && after ? audit_record(ctx, "reverse", "savings_txn", *id, before, after, err)
			     : td_error_set(err, TD_ENOMEM, "no memory for the audit record");
	free(before);
	free(after);
	return rc;
}

static int input_check(int64_t txn_id, const char *reason, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (txn_id <= 0)
		problem_add(&p, TD_EINVAL, "savings movement %lld: ids start at 1",
			    (long long)txn_id);
	size_t n = reason ? strlen(reason) : 0;
	if (n == 0 || strspn(reason, " \t\r\n") == n)
		problem_add(&p, TD_EINVAL, "a reversal needs a reason (lý do): what was wrong");
	else if (n > REASON_MAX)
		problem_add(&p, TD_EINVAL, "the reason has %zu bytes, at most %d", n, REASON_MAX);
	return problems_finish(&p);
}

/* Inside the transaction; *id gets the new movement. */
static int reverse_tx(struct td_ctx *ctx, int64_t txn_id, const char *reason, int64_t *id,
		      struct td_error *err)
{
	struct txn_row t;
	struct savings_row a;
	int rc = txn_load(ctx->store, txn_id, &t, err);
	if (rc == TD_OK)
		rc = savings_row_load(ctx->store, t.account_id, &a, err);
	if (rc == TD_OK)
		rc = savings_row_access(ctx, &a, ACT_SAVINGS_WRITE, err);
	if (rc == TD_OK)
		rc = mirror_found(ctx, &t, err);
	if (rc != TD_OK)
		return rc;
	rc = paid_repayment(ctx->store, &t, err);
	if (rc == TD_OK)
		rc = reversible(&a, &t, err);
	int64_t entry = 0;
	if (rc == TD_OK)
		rc = ledger_reverse(ctx, t.entry_id, reason, &entry, err);
	if (rc == TD_OK)
		rc = mirror_record(ctx, &t, reason, entry, id, err);
	return rc;
}

int savings_reverse(struct td_ctx *ctx, int64_t txn_id, const char *reason, int64_t *new_txn_id,
		    struct td_error *err)
{
	int rc = input_check(txn_id, reason, err);
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	int64_t id = 0;
	rc = reverse_tx(ctx, txn_id, reason, &id, err);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc == TD_OK && new_txn_id)
		*new_txn_id = id;
	return rc;
}

int savings_payment_reverse(struct td_ctx *ctx, int64_t txn_id, const char *reason,
			    int64_t entry_id, int64_t *new_txn_id, struct td_error *err)
{
	assert(ctx->tx_depth > 0 && entry_id > 0);
	struct txn_row t;
	struct savings_row a;
	int rc = txn_load(ctx->store, txn_id, &t, err);
	if (rc == TD_OK)
		rc = savings_row_load(ctx->store, t.account_id, &a, err);
	if (rc == TD_OK)
		rc = savings_row_access(ctx, &a, ACT_SAVINGS_WRITE, err);
	if (rc == TD_OK && a.closed)
		rc = td_error_set(err, TD_ECONFLICT,
				  "savings account %lld is closed: the savings that paid the "
				  "repayment cannot go back to it",
				  (long long)a.id);
	if (rc != TD_OK)
		return rc;
	/* loan_repay recorded it as a withdrawal; savings_reverse never reverses it */
	assert(strcmp(t.kind, "withdrawal") == 0 && !t.reverses);
	int64_t id = 0;
	rc = mirror_record(ctx, &t, reason, entry_id, &id, err);
	if (rc == TD_OK && new_txn_id)
		*new_txn_id = id;
	return rc;
}
