/*
 * Risk handling (R-RISK-1, Decision 50/2010 as amended by Decision 08/2021): freezing
 * (khoanh nợ) part or all of a loan and its end, booked between the loan accounts, and
 * write-off (xóa nợ) of part or all of it, which charges the principal to the loan's capital
 * source (R-CAP-1). credit/risk_parts.h decides which instalments an amount comes from;
 * frozen principal sits in LOAN_FROZEN, reported apart from overdue, and bears no interest
 * (loan_accrue).
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

/* One entry moving the principal of m between `other` and the loan accounts it left (or,
 * with to_loans, reached): LOAN_IN_TERM, LOAN_OVERDUE and LOAN_FROZEN. other is LOAN_FROZEN
 * (split by programme: other_prg is the loan's) or, at write-off, the source's CAPITAL_x
 * (not split by programme: NULL). Nothing is booked when no principal moved. */
static int book(struct loan_ev *e, const char *kind, const char *other, const char *other_prg,
		bool to_loans, const struct risk_moved *m, struct td_error *err)
{
	td_money total = risk_moved_principal(m);
	if (total == 0)
		return TD_OK;
	struct ledger_line lines[4];
	int n = 0;
	int64_t o = e->r.office_id, src = e->r.source_id;
	const char *prg = e->r.programme;
	lines[n++] = (struct ledger_line){
		other, o, other_prg, src, to_loans ? 0 : total, to_loans ? total : 0};
	const struct {
		const char *type;
		td_money amount;
	} parts[] = {{"LOAN_IN_TERM", m->in_term},
		     {"LOAN_OVERDUE", m->overdue},
		     {"LOAN_FROZEN", m->frozen}};
	for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
		if (parts[k].amount > 0)
			lines[n++] = (struct ledger_line){parts[k].type,
							  o,
							  prg,
							  src,
							  to_loans ? parts[k].amount : 0,
							  to_loans ? 0 : parts[k].amount};
	char ref[96];
	snprintf(ref, sizeof ref, "loan %lld, QĐ %s", (long long)e->r.id, e->d->decision_no);
	return ledger_post(e->ctx, kind, ref, lines, n, &e->entry, err);
}

/* Writes the loan's state after a decision: every instalment's paid principal, frozen part
 * and status, the interest owed and frozen, the balance and the status (closed_on when
 * written off whole). */
static int store(struct loan_ev *e, const char *status, struct td_error *err)
{
	int rc = TD_OK;
	td_money balance = 0;
	for (size_t k = 0; rc == TD_OK && k < e->r.st.count; k++) {
		const struct loan_instalment *i = &e->r.st.inst[k];
		balance += loan_instalment_unpaid(i);
		rc = org_exec(
			e->ctx->store, err,
			"UPDATE loan_instalment SET paid_principal = ?, frozen = ?, status = ? "
			"WHERE loan_id = ? AND position = ?",
			"iitii", i->paid, i->frozen, loan_status_name(i->status), e->r.id,
			(int64_t)(k + 1));
	}
	bool closed = strcmp(status, "written_off") == 0;
	if (rc == TD_OK)
		rc = org_exec(
			e->ctx->store, err,
			"UPDATE loan SET balance = ?, in_term_interest = ?, overdue_interest = "
			"?, frozen_interest = ?, status = ?, closed_on = ? WHERE id = ?",
			"iiiitDi", balance, e->r.st.in_term_interest, e->r.st.overdue_interest,
			e->r.st.frozen_interest, status,
			closed ? e->d->decided_on : (td_date)ORG_NO_DATE, e->r.id);
	return rc;
}

/* Months of the freezes since the loan was last unfrozen (the stretch now running), and the
 * end of the latest. */
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

static bool has_frozen(const struct loan_ev *e)
{
	return loan_ev_frozen(&e->r) > 0 || e->r.st.frozen_interest > 0;
}

/* The freeze's period: 1..36 months, a renewal up to 60 in all (R-RISK-1). */
static int freeze_period(struct loan_ev *e, int months, bool renewal, struct td_error *err)
{
	if (months < 1 || months > LOAN_FREEZE_MONTHS_MAX)
		return td_error_set(err, TD_ERULE,
				    "một lần khoanh nợ từ 1 đến %d tháng (R-RISK-1), không phải %d",
				    LOAN_FREEZE_MONTHS_MAX, months);
	int64_t so_far = 0, until = ORG_NO_DATE;
	int rc = renewal ? frozen_months(e, &so_far, &until, err) : TD_OK;
	if (rc != TD_OK)
		return rc;
	if (so_far + months > LOAN_FREEZE_TOTAL_MAX)
		return td_error_set(err, TD_ERULE,
				    "khoản vay %lld đã khoanh %lld tháng; thêm %d tháng sẽ quá %d "
				    "tháng khoanh nợ tối đa (R-RISK-1)",
				    (long long)e->r.id, (long long)so_far, months,
				    LOAN_FREEZE_TOTAL_MAX);
	e->months = months;
	e->until = date_add_months(
		renewal && until != ORG_NO_DATE ? (td_date)until : e->d->decided_on, months);
	return TD_OK;
}

/* An amount asked for (LOAN_RISK_ALL: all of `have`) is more than nothing. */
static bool asks(td_money amount, td_money have)
{
	return amount == LOAN_RISK_ALL ? have > 0 : amount != 0;
}

static int freeze_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	const struct loan_risk_input *in = arg;
	bool renewal = has_frozen(e);
	if (!is(e, "in_term") && !is(e, "overdue") && !is(e, "frozen"))
		return td_error_set(err, TD_ECONFLICT, "khoản vay %lld đã %s: không khoanh được",
				    (long long)e->r.id, e->r.status);
	int rc = loan_ev_assessment(e, in->assessment_id, RISK_DECISION_FREEZE, err);
	if (rc == TD_OK)
		rc = freeze_period(e, in->months, renewal, err);
	/* interest stops on the decision day: what accrued so far is owed (or frozen) */
	if (rc == TD_OK)
		rc = loan_ev_settle(e, e->d->decided_on, err);
	td_money in_term = 0, overdue = 0;
	loan_active_split(&e->r.st, &in_term, &overdue);
	struct risk_moved m = {0};
	bool more = asks(in->principal, in_term + overdue) ||
		    asks(in->interest, e->r.st.in_term_interest + e->r.st.overdue_interest);
	if (rc == TD_OK && (more || !renewal)) /* a renewal may freeze nothing more */
		rc = risk_freeze(&e->r.st, in->principal, in->interest, &m, err);
	if (rc != TD_OK)
		return rc;
	e->principal = risk_moved_principal(&m);
	e->interest = risk_moved_interest(&m);
	e->extra = json_pack("{s:I, s:I}", "principal_frozen", (json_int_t)e->principal,
			     "interest_frozen", (json_int_t)e->interest);
	rc = book(e, "loan_freeze", "LOAN_FROZEN", e->r.programme, false, &m, err);
	if (rc == TD_OK)
		rc = store(e, loan_open_status(&e->r.st), err);
	return rc;
}

int loan_freeze(struct td_ctx *ctx, const struct loan_risk_input *in, int64_t *event_id,
		struct td_error *err)
{
	return loan_event_run(ctx, in->loan_id, "freeze", true, &in->d, freeze_apply, in, event_id,
			      err);
}

static int unfreeze_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	(void)arg;
	if (!has_frozen(e) || (!is(e, "in_term") && !is(e, "overdue") && !is(e, "frozen")))
		return td_error_set(err, TD_ECONFLICT, "khoản vay %lld (%s) không có nợ khoanh",
				    (long long)e->r.id, e->r.status);
	/* the active part accrued up to today; the frozen part accrues from today on */
	int rc = loan_ev_settle(e, e->d->decided_on, err);
	if (rc != TD_OK)
		return rc;
	struct risk_moved m = {0};
	risk_unfreeze(&e->r.st, &m);
	e->principal = risk_moved_principal(&m);
	e->interest = risk_moved_interest(&m);
	rc = book(e, "loan_unfreeze", "LOAN_FROZEN", e->r.programme, true, &m, err);
	if (rc == TD_OK)
		rc = store(e, loan_open_status(&e->r.st), err);
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
	const struct loan_risk_input *in = arg;
	if (!is(e, "in_term") && !is(e, "overdue") && !is(e, "frozen"))
		return td_error_set(err, TD_ECONFLICT, "khoản vay %lld đã %s: không còn nợ để xóa",
				    (long long)e->r.id, e->r.status);
	const char *capital = NULL;
	int rc = loan_ev_assessment(e, in->assessment_id, RISK_DECISION_WRITE_OFF, err);
	if (rc == TD_OK)
		rc = capital_account_type(e->ctx->store, e->r.source_id, &capital, err);
	/* interest up to the decision is owed (and may be written off with the rest) */
	if (rc == TD_OK)
		rc = loan_ev_settle(e, e->d->decided_on, err);
	struct risk_moved m = {0};
	if (rc == TD_OK)
		rc = risk_write_off(&e->r.st, in->principal, in->interest, &m, err);
	if (rc != TD_OK)
		return rc;
	e->principal = e->capital_charged = risk_moved_principal(&m);
	e->interest = risk_moved_interest(&m);
	e->extra = json_pack("{s:I, s:I, s:I}", "principal_written_off", (json_int_t)e->principal,
			     "interest_forgiven", (json_int_t)e->interest, "capital_charged",
			     (json_int_t)e->capital_charged);
	rc = book(e, "loan_write_off", capital, NULL, false, &m, err);
	td_money left =
		e->r.st.in_term_interest + e->r.st.overdue_interest + e->r.st.frozen_interest;
	for (size_t k = 0; k < e->r.st.count; k++)
		left += loan_instalment_unpaid(&e->r.st.inst[k]);
	if (rc == TD_OK)
		rc = store(e, left == 0 ? "written_off" : loan_open_status(&e->r.st), err);
	if (rc == TD_OK)
		rc = org_exec(e->ctx->store, err,
			      "UPDATE loan SET written_off_principal = written_off_principal + ?, "
			      "written_off_interest = written_off_interest + ? WHERE id = ?",
			      "iii", e->principal, e->interest, e->r.id);
	return rc;
}

int loan_write_off(struct td_ctx *ctx, const struct loan_risk_input *in, int64_t *event_id,
		   struct td_error *err)
{
	return loan_event_run(ctx, in->loan_id, "write_off", true, &in->d, write_off_apply, in,
			      event_id, err);
}
