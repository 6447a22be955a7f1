/*
 * Recording a batch of a commune session (R-SES-1, R-ORG-3, R-GL-3): every line through
 * the loan or savings use case of its kind, in one transaction, linked to the entry that
 * use case booked; fee and commission lines through csession_payout.c (R-FEE-1, R-FEE-2).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/csession_internal.h"
#include "bank/loan.h"
#include "bank/org_util.h"
#include "bank/savings.h"

/* What a line touches: the household and group its loan, account or application names. */
struct line_target {
	int64_t household_id, group_id, loan_id, account_id;
};

/* What the target of a line of kind k is, for messages. */
static const char *target_name(enum csession_kind k)
{
	switch (k) {
	case CSL_INTEREST:
	case CSL_PRINCIPAL: return "loan";
	case CSL_DEPOSIT:
	case CSL_WITHDRAWAL: return "savings account";
	case CSL_DISBURSEMENT: return "application";
	case CSL_COMMISSION: return "commission row";
	case CSL_FEE: return "fee row";
	}
	return "target";
}

/* The batch as asked, canonical JSON kept on session_batch.request. */
static char *request_text(int64_t session, const struct csession_line *l, size_t n)
{
	json_t *lines = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			lines, json_pack("[s, s, I, I, I]", csession_kind_name(l[i].kind),
					 csession_via_name(l[i].via), (json_int_t)l[i].target,
					 (json_int_t)l[i].source_id, (json_int_t)l[i].amount));
	json_t *j = json_pack("{s:I, s:o}", "session_id", (json_int_t)session, "lines", lines);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

/* R-GL-3: a key books one batch. A retry of the same request under its key never gets
 * here: the one mechanism (bank/idempotency.h) answers it with the first answer; a
 * direct caller reusing a key is refused (session_batch is also UNIQUE on user and key). */
static int key_unused(struct td_ctx *ctx, struct td_error *err)
{
	int64_t batch = 0;
	int rc = org_query_int64(ctx->store, &batch, err,
				 "SELECT id FROM session_batch WHERE user_id = ? AND idem_key = ?",
				 "it", ctx->actor->user_id, ctx->idem_key);
	if (rc == TD_OK)
		return td_error_set(err, TD_EIDEMPOTENCY,
				    "idempotency key '%s' was used for batch %lld: use a new key "
				    "for a new batch",
				    ctx->idem_key, (long long)batch);
	return rc == TD_ENOTFOUND ? TD_OK : rc;
}

/* The household and group of the line's loan, account or application. */
static int target_load(struct td_store *s, const struct csession_line *l, struct line_target *t,
		       struct td_error *err)
{
	static const char *const sql[] = {
		[CSL_INTEREST] =
			"SELECT household_id, coalesce(group_id, 0) FROM loan WHERE id = ?",
		[CSL_PRINCIPAL] =
			"SELECT household_id, coalesce(group_id, 0) FROM loan WHERE id = ?",
		[CSL_DEPOSIT] = "SELECT household_id, group_id FROM savings_account WHERE id = ?",
		[CSL_WITHDRAWAL] =
			"SELECT household_id, group_id FROM savings_account WHERE id = ?",
		[CSL_DISBURSEMENT] = "SELECT household_id, coalesce(group_id, 0) FROM "
				     "loan_application WHERE id = ?",
	};
	assert(l->kind >= CSL_INTEREST && l->kind <= CSL_DISBURSEMENT);
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, sql[l->kind], "i", l->target);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		t->household_id = stmt_column_int64(st, 0);
		t->group_id = stmt_column_int64(st, 1);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "%s %lld does not exist", target_name(l->kind),
				  (long long)l->target);
	}
	stmt_finalize(st);
	if (l->kind == CSL_INTEREST || l->kind == CSL_PRINCIPAL)
		t->loan_id = l->target;
	if (l->kind == CSL_DEPOSIT || l->kind == CSL_WITHDRAWAL)
		t->account_id = l->target;
	return rc;
}

/* R-ORG-3 and the point: who may hand what over, and only for the point's groups. */
static int line_check(struct td_ctx *ctx, const struct csession_row *r,
		      const struct csession_line *l, const struct line_target *t,
		      struct td_error *err)
{
	if (l->amount <= 0 || l->amount > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL, "amount %lld đồng is outside 1..10^15",
				    (long long)l->amount);
	if (l->via == CSV_GROUP_LEADER && l->kind == CSL_PRINCIPAL)
		return td_error_set(err, TD_ERULE,
				    "a group leader may hand in interest and savings, never "
				    "principal (R-ORG-3): the borrower pays principal at the desk");
	if (l->via == CSV_GROUP_LEADER && l->kind != CSL_INTEREST && l->kind != CSL_DEPOSIT)
		return td_error_set(err, TD_ERULE,
				    "a group leader collects interest and savings, and pays "
				    "nothing out (R-ORG-3)");
	int64_t n = 0;
	int rc = t->group_id
			 ? org_query_int64(ctx->store, &n, err,
					   "SELECT count(*) FROM (" CSESSION_GROUPS_OF_POINT
					   ") x WHERE x.group_id = ?",
					   "idddi", r->point_id, r->on, r->on, r->on, t->group_id)
			 : TD_OK;
	char iso[TD_DATE_FMT_MAX];
	if (rc == TD_OK && n == 0)
		rc = td_error_set(err, TD_ERULE,
				  "household %lld's group %lld is not served by point %s on %s",
				  (long long)t->household_id, (long long)t->group_id, r->point_code,
				  date_format_iso(r->on, iso, sizeof iso));
	return rc;
}

/* A repayment line: loan_repay, then the split must be what the line says it is. */
static int repay(struct td_ctx *ctx, const struct csession_row *r, const struct csession_line *l,
		 int64_t *ref, struct td_error *err)
{
	struct loan_repay_input in = {l->target, l->amount, r->on, 0};
	struct payment_allocation a = {0};
	int rc = loan_repay(ctx, &in, &a, ref, err);
	if (rc != TD_OK)
		return rc;
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX];
	td_money interest = a.overdue_interest + a.in_term_interest;
	if (l->kind == CSL_INTEREST && interest != l->amount)
		return td_error_set(err, TD_ERULE,
				    "interest of %s đồng exceeds the interest owed (%s đồng): "
				    "record the rest as a principal line",
				    money_format(l->amount, x, sizeof x),
				    money_format(interest, y, sizeof y));
	if (l->kind == CSL_PRINCIPAL && interest != 0)
		return td_error_set(err, TD_ERULE,
				    "the loan owes %s đồng interest: R-PAY-1 takes interest before "
				    "principal, so record an interest line before this one",
				    money_format(interest, x, sizeof x));
	return TD_OK;
}

/* Runs the line's use case; *ref gets its row, *entry its ledger entry. */
static int line_run(struct td_ctx *ctx, const struct csession_row *r, const struct csession_line *l,
		    struct line_target *t, int64_t *ref, int64_t *entry, struct td_error *err)
{
	int rc = TD_OK;
	const char *entry_sql = NULL;
	switch (l->kind) {
	case CSL_INTEREST:
	case CSL_PRINCIPAL:
		rc = repay(ctx, r, l, ref, err);
		entry_sql = "SELECT entry_id FROM loan_repayment WHERE id = ?";
		break;
	case CSL_DEPOSIT:
	case CSL_WITHDRAWAL:
		rc = (l->kind == CSL_DEPOSIT ? savings_deposit : savings_withdraw)(
			ctx, l->target, l->amount, ref, err);
		entry_sql = "SELECT entry_id FROM savings_txn WHERE id = ?";
		break;
	case CSL_DISBURSEMENT: {
		struct loan_disburse_input in = {.application_id = l->target,
						 .source_id = l->source_id,
						 .amount = l->amount,
						 .on = r->on};
		rc = loan_disburse(ctx, &in, ref, err);
		t->loan_id = *ref;
		entry_sql = "SELECT entry_id FROM loan WHERE id = ?";
		break;
	}
	case CSL_COMMISSION:
	case CSL_FEE: /* line_record sends them to csession_payout_line */
		return td_error_set(err, TD_EINTERNAL, "a payout line reached line_run");
	}
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, entry, err, entry_sql, "i", *ref);
	return rc;
}

/* Books the loan or savings line l at position pos of batch into session_line. */
static int line_book(struct td_ctx *ctx, const struct csession_row *r, int64_t batch, size_t pos,
		     const struct csession_line *l, struct td_error *err)
{
	struct line_target t = {0};
	int64_t ref = 0, entry = 0;
	int rc = target_load(ctx->store, l, &t, err);
	if (rc == TD_OK)
		rc = line_check(ctx, r, l, &t, err);
	if (rc == TD_OK)
		rc = line_run(ctx, r, l, &t, &ref, &entry, err);
	bool in = l->kind == CSL_INTEREST || l->kind == CSL_PRINCIPAL || l->kind == CSL_DEPOSIT;
	if (rc == TD_OK)
		rc = org_exec(
			ctx->store, err,
			"INSERT INTO session_line (session_id, batch_id, position, kind, via, "
			"direction, group_id, household_id, loan_id, account_id, amount, "
			"ref_id, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"iiitttIiIIiii", r->id, batch, (int64_t)pos, csession_kind_name(l->kind),
			csession_via_name(l->via), in ? "in" : "out", t.group_id, t.household_id,
			t.loan_id, t.account_id, l->amount, ref, entry);
	return rc;
}

static int line_record(struct td_ctx *ctx, const struct csession_row *r, int64_t batch, size_t pos,
		       const struct csession_line *l, struct td_error *err)
{
	int rc = l->kind == CSL_COMMISSION || l->kind == CSL_FEE
			 ? csession_payout_line(ctx, r, batch, pos, l, err)
			 : line_book(ctx, r, batch, pos, l, err);
	if (rc != TD_OK)
		td_error_prefix(err, "line %zu (%s, %s %lld): ", pos, csession_kind_name(l->kind),
				target_name(l->kind), (long long)l->target);
	return rc;
}

/* Inside the transaction; *batch gets the new batch. */
static int record_tx(struct td_ctx *ctx, int64_t session, const struct csession_line *lines,
		     size_t n, const char *request, int64_t *batch, struct td_error *err)
{
	struct csession_row r;
	char iso[TD_DATE_FMT_MAX], bd[TD_DATE_FMT_MAX];
	int rc = csession_row_load(ctx->store, session, &r, err);
	if (rc == TD_OK)
		rc = csession_row_access(ctx, &r, ACT_SESSION_WRITE, err);
	if (rc == TD_OK)
		rc = key_unused(ctx, err);
	if (rc != TD_OK)
		return rc;
	if (r.closed)
		return td_error_set(err, TD_ECONFLICT,
				    "phiên đã đóng: session %lld of point %s on %s is closed and "
				    "takes no more lines; record corrections in an open session",
				    (long long)session, r.point_code,
				    date_format_iso(r.on, iso, sizeof iso));
	if (ctx->business_date != r.on)
		return td_error_set(err, TD_ERULE,
				    "session %lld is held on %s but the business date is %s: lines "
				    "are booked on the session's day",
				    (long long)session, date_format_iso(r.on, iso, sizeof iso),
				    date_format_iso(ctx->business_date, bd, sizeof bd));
	rc = org_query_int64(ctx->store, batch, err,
			     "INSERT INTO session_batch (session_id, user_id, idem_key, request) "
			     "VALUES (?, ?, ?, ?) RETURNING id",
			     "iitt", session, ctx->actor->user_id, ctx->idem_key, request);
	/* R-CASH-1: the lines' cash crosses the session's box, not the vault */
	int64_t outer = ctx->cash_session_id;
	ctx->cash_session_id = r.id;
	for (size_t i = 0; rc == TD_OK && i < n; i++)
		rc = line_record(ctx, &r, *batch, i + 1, &lines[i], err);
	ctx->cash_session_id = outer;
	if (rc == TD_OK) {
		char after[128];
		snprintf(after, sizeof after, "{\"batch_id\":%lld,\"lines\":%zu}",
			 (long long)*batch, n);
		rc = audit_record(ctx, "record", "commune_session", session, NULL, after, err);
	}
	return rc;
}

int csession_record(struct td_ctx *ctx, int64_t session_id, const struct csession_line *lines,
		    size_t n, int64_t *batch_id, struct td_error *err)
{
	if (n == 0 || n > CSESSION_LINES_MAX)
		return td_error_set(err, TD_EINVAL, "a batch has 1..%d lines, not %zu",
				    CSESSION_LINES_MAX, n);
	if (!ctx->idem_key || !ctx->idem_key[0])
		return td_error_set(err, TD_EINVAL,
				    "a batch needs an idempotency key, so that a retry books once "
				    "(R-GL-3)");
	char *request = request_text(session_id, lines, n);
	if (!request)
		return td_error_set(err, TD_ENOMEM, "no memory for the batch");
	int64_t batch = 0;
	int rc = bank_tx_begin(ctx, err);
	if (rc == TD_OK) {
		rc = record_tx(ctx, session_id, lines, n, request, &batch, err);
		if (rc == TD_OK)
			rc = bank_tx_commit(ctx, err);
		else
			bank_tx_rollback(ctx);
	}
	free(request);
	if (rc == TD_OK && batch_id)
		*batch_id = batch;
	return rc;
}
