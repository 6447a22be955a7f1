/*
 * Repayment (R-INT-1, R-PAY-1): interest accrued up to the day before the payment, the
 * money applied by credit/payment.h, the entry Dr CASH / Cr LOAN_IN_TERM, LOAN_OVERDUE,
 * INTEREST_INCOME (R-GL-1), and the loan closed when nothing is owed. Money from the
 * borrower's savings (R-SAV-1) is debited to MEMBER_SAVINGS instead of CASH, and the
 * withdrawal is recorded on the same entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/cash.h"
#include "bank/ledger.h"
#include "bank/loan_internal.h"
#include "bank/org_util.h"
#include "bank/savings.h"

static int input_check(const struct loan_repay_input *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (in->loan_id <= 0)
		problem_add(&p, TD_EINVAL, "loan is required");
	if (in->amount <= 0 || in->amount > TD_MONEY_MAX_INPUT)
		problem_add(&p, TD_EINVAL, "amount %lld đồng is outside 1..10^15",
			    (long long)in->amount);
	if (in->on == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "the repayment date is required");
	if (in->instalment < 0)
		problem_add(&p, TD_EINVAL, "instalment %d: positions start at 1", in->instalment);
	if (in->from_savings < 0)
		problem_add(&p, TD_EINVAL, "savings account %lld: ids start at 1",
			    (long long)in->from_savings);
	return problems_finish(&p);
}

/* The ledger entry of a split: cash in (or the borrower's savings out, R-SAV-1), principal
 * out of the loan accounts, interest to income (cash basis: no receivable was booked,
 * docs/loans.md). Frozen principal paid (R-RISK-1: counted as prepaid principal, and seen
 * as the frozen parts that went down from r to ns) leaves LOAN_FROZEN. */
static int book(struct td_ctx *ctx, const struct loan_row *r, const struct loan_state *ns,
		const struct loan_repay_input *in, const struct payment_allocation *a,
		int64_t *entry, struct td_error *err)
{
	td_money interest = a->overdue_interest + a->in_term_interest, frozen = 0;
	for (size_t k = 0; k < ns->count; k++)
		frozen += r->st.inst[k].frozen - ns->inst[k].frozen;
	td_money in_term = a->due_principal + a->prepaid_principal - frozen;
	struct ledger_line lines[5];
	int n = 0;
	const char *from = in->from_savings ? "MEMBER_SAVINGS" : cash_account(ctx);
	lines[n++] = (struct ledger_line){from, r->office_id, NULL, 0, in->amount, 0};
	if (in_term > 0)
		lines[n++] = (struct ledger_line){"LOAN_IN_TERM", r->office_id, r->programme,
						  r->source_id, 0, in_term};
	if (a->overdue_principal > 0)
		lines[n++] = (struct ledger_line){"LOAN_OVERDUE", r->office_id, r->programme,
						  r->source_id, 0, a->overdue_principal};
	if (frozen > 0)
		lines[n++] = (struct ledger_line){"LOAN_FROZEN", r->office_id, r->programme,
						  r->source_id, 0, frozen};
	if (interest > 0)
		lines[n++] = (struct ledger_line){"INTEREST_INCOME", r->office_id, r->programme,
						  0, 0, interest};
	char ref[64];
	if (in->from_savings)
		snprintf(ref, sizeof ref, "loan %lld, savings account %lld", (long long)r->id,
			 (long long)in->from_savings);
	else
		snprintf(ref, sizeof ref, "loan %lld", (long long)r->id);
	return ledger_post(ctx, "repayment", ref, lines, n, entry, err);
}

/* Writes the new state of the loan and its instalments, and the repayment row with the
 * loan's state before (text of loan_undo_before) and after it, which a reversal restores
 * and checks (loan_reverse.c). */
static int store_state(struct td_ctx *ctx, const struct loan_row *r, const struct loan_state *ns,
		       const struct loan_repay_input *in, const struct payment_allocation *a,
		       int64_t entry, int64_t savings_txn, const char *before, int64_t *rep_id,
		       struct td_error *err)
{
	td_money balance = 0;
	int rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < ns->count; k++) {
		const struct loan_instalment *i = &ns->inst[k];
		balance += loan_instalment_unpaid(i);
		if (i->paid != r->st.inst[k].paid || i->status != r->st.inst[k].status ||
		    i->frozen != r->st.inst[k].frozen)
			rc = org_exec(ctx->store, err,
				      "UPDATE loan_instalment SET paid_principal = ?, status = ?, "
				      "frozen = ? WHERE loan_id = ? AND position = ?",
				      "itiii", i->paid, loan_status_name(i->status), i->frozen,
				      r->id, (int64_t)(k + 1));
	}
	bool closed = balance == 0 && ns->in_term_interest == 0 && ns->overdue_interest == 0 &&
		      ns->frozen_interest == 0;
	/* inactive_check_on = the repayment day: the next end of day judges R-INACT-1 again
	 * (docs/eod.md), since what is owed just changed. */
	const char *status = closed ? "closed" : loan_open_status(ns);
	td_money interest = a->overdue_interest + a->in_term_interest;
	struct loan_row after = *r;
	after.st = *ns;
	after.balance = balance;
	after.interest_from = in->on;
	after.interest_paid = r->interest_paid + interest;
	snprintf(after.status, sizeof after.status, "%s", status);
	char *after_text = loan_undo_text(&after, closed ? in->on : (td_date)ORG_NO_DATE, -1);
	if (rc == TD_OK && !after_text)
		rc = td_error_set(err, TD_ENOMEM, "no memory for the loan state");
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE loan SET balance = ?, interest_from = ?, in_term_interest = ?, "
			      "overdue_interest = ?, frozen_interest = ?, interest_paid = "
			      "interest_paid + ?, status = ?, closed_on = ?, inactive_check_on = ? "
			      "WHERE id = ?",
			      "idiiiitDdi", balance, in->on, ns->in_term_interest,
			      ns->overdue_interest, ns->frozen_interest, interest, status,
			      closed ? in->on : (td_date)ORG_NO_DATE, in->on, r->id);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "INSERT INTO loan_repayment (loan_id, paid_on, amount, instalment, "
			      "overdue_interest, in_term_interest, overdue_principal, "
			      "due_principal, prepaid_principal, entry_id, savings_txn_id, "
			      "before_json, after_json) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      "idiIiiiiiiItt", r->id, in->on, in->amount, (int64_t)in->instalment,
			      a->overdue_interest, a->in_term_interest, a->overdue_principal,
			      a->due_principal, a->prepaid_principal, entry, savings_txn, before,
			      after_text);
	free(after_text);
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, rep_id, err,
				     "SELECT max(id) FROM loan_repayment WHERE loan_id = ?", "i",
				     r->id);
	return rc;
}

/* Accrues, applies and books; inside the transaction. */
static int repay_tx(struct td_ctx *ctx, struct loan_row *r, const struct loan_repay_input *in,
		    struct payment_allocation *a, int64_t *rep_id, struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	if (strcmp(r->status, "closed") == 0 || strcmp(r->status, "written_off") == 0)
		return td_error_set(err, TD_ECONFLICT, "loan %lld is %s: nothing to repay",
				    (long long)r->id, r->status);
	if (in->on > ctx->business_date)
		return td_error_set(err, TD_EINVAL, "repayment date %s is after the business date",
				    date_format_iso(in->on, iso, sizeof iso));
	if (in->instalment > (int)r->st.count)
		return td_error_set(err, TD_EINVAL, "loan %lld has %zu instalments, not %d",
				    (long long)r->id, r->st.count, in->instalment);
	int rc = in->from_savings ? savings_payment_check(ctx, in->from_savings, r->household_id,
							  r->office_id, in->amount, err)
				  : TD_OK;
	/* R-GL-1: what a reversal restores, taken before accrual changes r->st */
	char *before = NULL;
	if (rc == TD_OK)
		rc = loan_undo_before(ctx->store, r, &before, err);
	td_money acc_in = 0, acc_od = 0;
	if (rc == TD_OK)
		rc = loan_accrue(r, in->on, &acc_in, &acc_od, err);
	if (rc != TD_OK) {
		free(before);
		return rc;
	}
	r->st.in_term_interest += acc_in;
	r->st.overdue_interest += acc_od;
	struct loan_state ns = {.inst = calloc(r->st.count, sizeof *ns.inst), .cap = r->st.count};
	if (!ns.inst) {
		free(before);
		return td_error_set(err, TD_ENOMEM, "no memory for the loan state");
	}
	struct payment_request req = {in->amount, in->on,
				      in->instalment ? in->instalment - 1 : PAYMENT_NO_INSTALMENT};
	rc = payment_apply(&r->st, &req, &ns, a, NULL, err);
	if (rc == TD_ERULE) {
		td_money owed = 0;
		char m[TD_MONEY_FMT_MAX];
		struct td_error ignored = {0};
		if (payment_owed(&r->st, &owed, &ignored) == TD_OK)
			td_error_prefix(err, "loan %lld owes %s đồng on %s: ", (long long)r->id,
					money_format(owed, m, sizeof m),
					date_format_iso(in->on, iso, sizeof iso));
	}
	int64_t entry = 0, txn = 0;
	if (rc == TD_OK)
		rc = book(ctx, r, &ns, in, a, &entry, err);
	if (rc == TD_OK && in->from_savings) /* R-SAV-1: the withdrawal on the same entry */
		rc = savings_payment_record(ctx, in->from_savings, in->amount, entry, &txn, err);
	if (rc == TD_OK)
		rc = store_state(ctx, r, &ns, in, a, entry, txn, before, rep_id, err);
	free(ns.inst);
	free(before);
	return rc;
}

int loan_repay(struct td_ctx *ctx, const struct loan_repay_input *in,
	       struct payment_allocation *alloc, int64_t *repayment_id, struct td_error *err)
{
	int rc = input_check(in, err);
	if (rc != TD_OK)
		return rc;
	rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct loan_row r;
	struct payment_allocation a = {0};
	int64_t rep = 0;
	rc = loan_row_load(ctx->store, in->loan_id, &r, err);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	struct td_scope scope = loan_row_scope(&r);
	rc = access_check(ctx, ACT_LOAN_REPAY, &scope, err);
	if (rc == TD_OK)
		rc = repay_tx(ctx, &r, in, &a, &rep, err);
	loan_row_free(&r);
	if (rc == TD_OK) {
		char iso[TD_DATE_FMT_MAX];
		json_t *after =
			json_pack("{s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:o*}", "repayment_id",
				  (json_int_t)rep, "amount", (json_int_t)in->amount, "paid_on",
				  date_format_iso(in->on, iso, sizeof iso), "overdue_interest",
				  (json_int_t)a.overdue_interest, "in_term_interest",
				  (json_int_t)a.in_term_interest, "overdue_principal",
				  (json_int_t)a.overdue_principal, "due_principal",
				  (json_int_t)a.due_principal, "prepaid_principal",
				  (json_int_t)a.prepaid_principal, "savings_account_id",
				  in->from_savings ? json_integer(in->from_savings) : NULL);
		char *text = org_json_text(after);
		json_decref(after);
		rc = audit_record(ctx, "repay", "loan", in->loan_id, NULL, text, err);
		free(text);
	}
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	rc = bank_tx_commit(ctx, err);
	if (rc == TD_OK) {
		if (alloc)
			*alloc = a;
		if (repayment_id)
			*repayment_id = rep;
	}
	return rc;
}
