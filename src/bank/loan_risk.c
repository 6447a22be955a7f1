/*
 * Risk handling (R-RISK-1, Decision 50/2010 as amended by Decision 08/2021): freezing
 * (khoanh nợ) and its end, booked between the loan accounts, and write-off (xóa nợ), which
 * charges the principal to the loan's capital source (R-CAP-1). Frozen principal sits in
 * LOAN_FROZEN, so it is reported apart from overdue, and bears no interest (loan_accrue).
 */
#include <stdio.h>
#include <string.h>

#include "bank/capital.h"
#include "bank/ledger.h"
#include "bank/loan_event_internal.h"
#include "bank/org_util.h"

static bool is(const struct loan_ev *e, const char *status)
{
	return strcmp(e->r.status, status) == 0;
}

/* One entry moving the unpaid principal between `other` and the loan account(s) holding
 * it: LOAN_IN_TERM and LOAN_OVERDUE by instalment, or LOAN_FROZEN for a frozen loan. other
 * is LOAN_FROZEN (split by programme: other_prg is the loan's) or, at write-off, the
 * source's CAPITAL_x (not split by programme: NULL). split_debit: the loan accounts are
 * debited (unfreeze). *moved (may be NULL) gets the principal moved. */
static int book_move(struct loan_ev *e, const char *kind, const char *other, const char *other_prg,
		     bool split_debit, td_money *moved, struct td_error *err)
{
	td_money in = 0, od = 0;
	loan_ev_unpaid(&e->r, &in, &od);
	if (is(e, "frozen") && !split_debit) { /* write-off of a frozen loan */
		in = in + od;
		od = 0;
	}
	const char *in_type = is(e, "frozen") && !split_debit ? "LOAN_FROZEN" : "LOAN_IN_TERM";
	td_money total = in + od;
	if (moved)
		*moved = total;
	if (total == 0)
		return TD_OK;
	struct ledger_line lines[3];
	int n = 0;
	int64_t o = e->r.office_id, src = e->r.source_id;
	const char *prg = e->r.programme;
	lines[n++] = (struct ledger_line){
		other, o, other_prg, src, split_debit ? 0 : total, split_debit ? total : 0};
	if (in > 0)
		lines[n++] = (struct ledger_line){
			in_type, o, prg, src, split_debit ? in : 0, split_debit ? 0 : in};
	if (od > 0)
		lines[n++] = (struct ledger_line){
			"LOAN_OVERDUE", o, prg, src, split_debit ? od : 0, split_debit ? 0 : od};
	char ref[96];
	snprintf(ref, sizeof ref, "loan %lld, QĐ %s", (long long)e->r.id, e->d->decision_no);
	return ledger_post(e->ctx, kind, ref, lines, n, &e->entry, err);
}

/* Months of the freezes since the loan was last unfrozen (the stretch now running). */
static int frozen_months(struct loan_ev *e, int64_t *months, int64_t *until_day,
			 struct td_error *err)
{
	int rc =
		org_query_int64(e->ctx->store, months, err,
				"SELECT coalesce(sum(months), 0) FROM loan_event WHERE loan_id = ? "
				"AND kind = 'freeze' AND id > (SELECT coalesce(max(id), 0) FROM "
				"loan_event WHERE loan_id = ? AND kind = 'unfreeze')",
				"ii", e->r.id, e->r.id);
	struct td_stmt *st = NULL;
	if (rc == TD_OK)
		rc = org_prepare(
			e->ctx->store, &st, err,
			"SELECT until FROM loan_event WHERE loan_id = ? AND kind = 'freeze' "
			"ORDER BY id DESC",
			"i", e->r.id);
	*until_day = ORG_NO_DATE;
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		*until_day = org_col_date(st, 0);
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

static int freeze_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	int months = *(const int *)arg;
	bool renewal = is(e, "frozen");
	if (!renewal && !is(e, "in_term") && !is(e, "overdue"))
		return td_error_set(err, TD_ECONFLICT, "loan %lld is %s: it cannot be frozen",
				    (long long)e->r.id, e->r.status);
	if (e->r.balance == 0)
		return td_error_set(err, TD_ECONFLICT, "loan %lld has no principal left to freeze",
				    (long long)e->r.id);
	if (months < 1 || months > LOAN_FREEZE_MONTHS_MAX)
		return td_error_set(err, TD_ERULE, "a freeze lasts 1..%d months (R-RISK-1), not %d",
				    LOAN_FREEZE_MONTHS_MAX, months);
	int64_t so_far = 0, until = ORG_NO_DATE;
	int rc = renewal ? frozen_months(e, &so_far, &until, err) : TD_OK;
	if (rc != TD_OK)
		return rc;
	if (so_far + months > LOAN_FREEZE_TOTAL_MAX)
		return td_error_set(err, TD_ERULE,
				    "loan %lld has been frozen for %lld months; %d more would pass "
				    "the %d months a renewed freeze may last (R-RISK-1)",
				    (long long)e->r.id, (long long)so_far, months,
				    LOAN_FREEZE_TOTAL_MAX);
	e->months = months;
	e->until = date_add_months(renewal ? (td_date)until : e->d->decided_on, months);
	if (renewal) /* the principal is in LOAN_FROZEN already */
		return TD_OK;
	rc = loan_ev_settle(e, e->d->decided_on, err); /* interest stops on the decision day */
	if (rc == TD_OK)
		rc = book_move(e, "loan_freeze", "LOAN_FROZEN", e->r.programme, false, NULL, err);
	if (rc == TD_OK)
		rc = org_exec(e->ctx->store, err, "UPDATE loan SET status = 'frozen' WHERE id = ?",
			      "i", e->r.id);
	return rc;
}

int loan_freeze(struct td_ctx *ctx, int64_t loan_id, int months, const struct loan_decision *d,
		int64_t *event_id, struct td_error *err)
{
	return loan_event_run(ctx, loan_id, "freeze", true, d, freeze_apply, &months, event_id,
			      err);
}

static int unfreeze_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	(void)arg;
	if (!is(e, "frozen"))
		return td_error_set(err, TD_ECONFLICT, "loan %lld is %s, not frozen",
				    (long long)e->r.id, e->r.status);
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (e->d->decided_on < e->r.interest_from)
		return td_error_set(err, TD_ERULE,
				    "loan %lld: the freeze cannot end on %s, before %s when "
				    "interest was last settled",
				    (long long)e->r.id,
				    date_format_iso(e->d->decided_on, a, sizeof a),
				    date_format_iso(e->r.interest_from, b, sizeof b));
	td_money in = 0, od = 0;
	loan_ev_unpaid(&e->r, &in, &od);
	int rc = book_move(e, "loan_unfreeze", "LOAN_FROZEN", e->r.programme, true, NULL, err);
	/* nothing accrued while frozen: accrual restarts on the day the freeze ends */
	if (rc == TD_OK)
		rc = org_exec(e->ctx->store, err,
			      "UPDATE loan SET status = ?, interest_from = ? WHERE id = ?", "tdi",
			      od > 0 ? "overdue" : "in_term", e->d->decided_on, e->r.id);
	return rc;
}

int loan_unfreeze(struct td_ctx *ctx, int64_t loan_id, const struct loan_decision *d,
		  int64_t *event_id, struct td_error *err)
{
	return loan_event_run(ctx, loan_id, "unfreeze", true, d, unfreeze_apply, NULL, event_id,
			      err);
}

/* R-RISK-1, R-CAP-1: the written-off principal will never be repaid, so it leaves the
 * source for good: Dr CAPITAL_x (the loan's office and source) / Cr the loan accounts. The
 * source's available balance (capital - loans) is unchanged, and `tindung check` counts
 * the amount (loan_event.capital_charged) against the source's transfers. */
static int write_off_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	(void)arg;
	if (!is(e, "in_term") && !is(e, "overdue") && !is(e, "frozen"))
		return td_error_set(err, TD_ECONFLICT, "loan %lld is %s: nothing to write off",
				    (long long)e->r.id, e->r.status);
	const char *capital = NULL;
	int rc = capital_account_type(e->ctx->store, e->r.source_id, &capital, err);
	/* interest up to the decision is forgiven with the rest: settle it to show it */
	if (rc == TD_OK)
		rc = loan_ev_settle(e, e->d->decided_on, err);
	if (rc == TD_OK)
		rc = book_move(e, "loan_write_off", capital, NULL, false, &e->capital_charged, err);
	e->extra = json_pack("{s:I, s:I, s:I}", "principal_written_off", (json_int_t)e->r.balance,
			     "interest_forgiven",
			     (json_int_t)(e->r.st.in_term_interest + e->r.st.overdue_interest),
			     "capital_charged", (json_int_t)e->capital_charged);
	if (rc == TD_OK)
		rc = org_exec(e->ctx->store, err,
			      "UPDATE loan SET status = 'written_off', closed_on = ?, "
			      "in_term_interest = 0, overdue_interest = 0 WHERE id = ?",
			      "di", e->d->decided_on, e->r.id);
	return rc;
}

int loan_write_off(struct td_ctx *ctx, int64_t loan_id, const struct loan_decision *d,
		   int64_t *event_id, struct td_error *err)
{
	return loan_event_run(ctx, loan_id, "write_off", true, d, write_off_apply, NULL, event_id,
			      err);
}
