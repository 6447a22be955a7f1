/*
 * One loan on one end-of-day run: credit/due.h's transitions, interest settled at each
 * overdue date (R-RATE-2), the overdue booking (R-DUE-1), roll-forward (R-DUE-2) and the
 * inactive flag with its next check date (R-INACT-1). docs/eod.md.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/eod_internal.h"
#include "bank/ledger.h"
#include "bank/loan_internal.h"
#include "bank/org_util.h"
#include "bank/programme_db.h"
#include "credit/due.h"

/* Interest on p_in in term and p_od overdue over [from, to), each rounded once (R-INT-1),
 * added to the loan's owed interest: what loan_accrue computes, with the split given. */
static int settle(const struct loan_row *r, td_money p_in, td_money p_od, td_date from, td_date to,
		  struct loan_state *st, struct td_error *err)
{
	td_money in = 0, od = 0;
	struct loan_rates lr = loan_row_rates(r);
	int rc = loan_interest(&lr, p_in, p_od, from, to, r->conv, r->overdue_pct, &in, &od, err);
	if (rc == TD_OK)
		rc = money_add(st->in_term_interest, in, &st->in_term_interest);
	if (rc == TD_OK)
		rc = money_add(st->overdue_interest, od, &st->overdue_interest);
	return rc == TD_OK ? TD_OK
			   : td_error_set(err, rc,
					  "loan %lld: interest to settle is out "
					  "of range",
					  (long long)r->id);
}

/* One month's interest on today's split at today's rate (R-INACT-1): the annual figure over
 * 12, half-up. */
static td_money monthly_accrual(const struct loan_row *r, td_rate rate)
{
	td_money p_in, p_od;
	loan_active_split(&r->st, &p_in, &p_od);
	__int128 num = (__int128)p_in * rate * 100 + (__int128)p_od * rate * r->overdue_pct;
	__int128 den = (__int128)12 * 100 * TD_RATE_SCALE;
	return (td_money)((num + den / 2) / den);
}

/* The first day the flag could turn on by accrual alone. Per actual day the unpaid interest
 * grows by less than A (today's split at its rates over a 360-day year, plus two; the
 * split only changes with an event, which brings the loan back here); 30E/360 may count up to 3
 * days more than actual over a span and rounding adds one đồng, hence the 4 days of margin. A
 * flagged loan waits for an event: a repayment stores its own date, an overdue transition brings it
 * here. */
static td_date inactive_next(const struct loan_row *r, td_rate rate, bool flagged,
			     td_money unpaid, td_money month, td_date day)
{
	td_date never = 0;
	struct td_error ignored = {0};
	int ok = date_parse_iso(EOD_CHECK_NEVER, &never, &ignored);
	assert(ok == TD_OK);
	(void)ok;
	if (flagged || month == 0)
		return never;
	td_money p_in, p_od;
	loan_active_split(&r->st, &p_in, &p_od);
	__int128 a = ((__int128)p_in * rate * 100 + (__int128)p_od * rate * r->overdue_pct) /
		     ((__int128)100 * TD_RATE_SCALE * 360);
	td_money rem = 3 * month - unpaid; /* not flagged: >= 0 */
	int64_t k = rem / (int64_t)(a + 2) - 4;
	if (k > EOD_DAYS_MAX)
		k = EOD_DAYS_MAX;
	return day + (k < 1 ? 1 : (td_date)k);
}

/* Settles interest at each overdue date in order (the transitions come in due-day order)
 * so each instalment keeps one state between two events (what loan_accrue assumes), and
 * sums the principal that goes overdue. */
static int settle_transitions(struct loan_row *r, const struct loan_state *before,
			      const struct due_transition *tr, size_t n, struct eod_day *acc,
			      td_money *moved, struct td_error *err)
{
	td_money p_in, p_od;
	loan_active_split(before, &p_in, &p_od);
	int rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < n; k++) {
		const struct due_transition *t = &tr[k];
		if (t->kind == DUE_BECAME_DUE)
			acc->became_due++;
		else if (t->kind == DUE_ROLLED)
			acc->rolled++;
		if (t->kind != DUE_BECAME_OVERDUE)
			continue;
		acc->became_overdue++;
		if (t->date > r->interest_from) {
			/* before that day, interest already charged by a repayment stays as is */
			rc = settle(r, p_in, p_od, r->interest_from, t->date, &r->st, err);
			r->interest_from = t->date;
		}
		p_in -= t->amount;
		p_od += t->amount;
		*moved += t->amount;
	}
	return rc;
}

/* R-INACT-1 on the new state: unpaid interest up to the day before `day`. */
static int judge_inactive(struct loan_row *r, td_date day, bool *flag, td_date *next,
			  struct eod_day *acc, struct td_error *err)
{
	td_money in = 0, od = 0;
	td_rate rate = 0;
	struct loan_rates lr = loan_row_rates(r);
	int rc = loan_accrue(r, day, &in, &od, err);
	if (rc == TD_OK)
		rc = loan_rate_on(&lr, day, &rate, err);
	if (rc != TD_OK)
		return rc;
	struct loan_state probe = r->st;
	probe.in_term_interest += in;
	probe.overdue_interest += od;
	probe.monthly_accrual = monthly_accrual(r, rate);
	probe.inactive = *flag;
	struct due_transition tr[2];
	size_t n = 0;
	probe.count = 0; /* instalments are settled already; only the loan-level flag is left */
	rc = due_process(&probe, day, &probe, tr, 2, &n, err);
	if (rc != TD_OK)
		return rc;
	for (size_t k = 0; k < n; k++) {
		if (tr[k].kind == DUE_INACTIVE_FLAGGED)
			acc->inactive_flagged++;
		else if (tr[k].kind == DUE_INACTIVE_CLEARED)
			acc->inactive_cleared++;
	}
	*flag = probe.inactive;
	*next = inactive_next(r, rate, *flag, probe.in_term_interest + probe.overdue_interest,
			      probe.monthly_accrual, day);
	/* the margin of inactive_next holds for today's rate only (R-RATE-1) */
	return *next > day + 1 ? loan_rate_next_change(&lr, day, *next, next, err) : TD_OK;
}

static int book(struct td_ctx *ctx, const struct loan_row *r, td_money moved, struct td_error *err)
{
	struct ledger_line lines[2] = {
		{"LOAN_OVERDUE", r->office_id, r->programme, r->source_id, moved, 0},
		{"LOAN_IN_TERM", r->office_id, r->programme, r->source_id, 0, moved},
	};
	char ref[64];
	snprintf(ref, sizeof ref, "loan %lld", (long long)r->id);
	return ledger_post(ctx, "overdue", ref, lines, 2, NULL, err);
}

/* Writes the instalments that changed (old -> ns) and the loan's new head. */
static int store_state(struct td_ctx *ctx, const struct loan_row *r, const struct loan_state *old,
		       const struct due_transition *tr, size_t n, bool flag, td_date next,
		       struct td_error *err)
{
	int rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < r->st.count; k++) {
		const struct loan_instalment *i = &r->st.inst[k];
		if (i->principal != old->inst[k].principal || i->status != old->inst[k].status)
			rc = org_exec(ctx->store, err,
				      "UPDATE loan_instalment SET principal = ?, status = ? "
				      "WHERE loan_id = ? AND position = ?",
				      "itii", i->principal, loan_status_name(i->status), r->id,
				      (int64_t)(k + 1));
	}
	for (size_t k = 0; rc == TD_OK && k < n; k++)
		if (tr[k].kind == DUE_BECAME_OVERDUE)
			rc = org_exec(ctx->store, err,
				      "UPDATE loan_instalment SET overdue_on = ? "
				      "WHERE loan_id = ? AND position = ?",
				      "dii", tr[k].date, r->id, (int64_t)(tr[k].instalment + 1));
	if (rc == TD_OK)
		rc = org_exec(
			ctx->store, err,
			"UPDATE loan SET status = ?, interest_from = ?, in_term_interest = ?, "
			"overdue_interest = ?, inactive = ?, inactive_check_on = ? "
			"WHERE id = ?",
			"tdiiidi", loan_open_status(&r->st), r->interest_from,
			r->st.in_term_interest, r->st.overdue_interest, (int64_t)flag, next, r->id);
	return rc;
}

/* The due transitions of the loaded loan on day, applied. */
static int process(struct td_ctx *ctx, struct loan_row *r, bool flag, td_date day,
		   struct eod_day *acc, struct td_error *err)
{
	size_t cap = DUE_TRANSITIONS_MAX(r->st.count), n = 0;
	struct due_transition *tr = calloc(cap, sizeof *tr);
	struct loan_state old = r->st;
	old.inst = calloc(r->st.count, sizeof *old.inst);
	if (!tr || !old.inst) {
		free(tr);
		free(old.inst);
		return td_error_set(err, TD_ENOMEM, "no memory for loan %lld", (long long)r->id);
	}
	memcpy(old.inst, r->st.inst, r->st.count * sizeof *old.inst);
	/* Instalments first (in place: in shares r->st's array): no interest and no flag in, so
	 * no flag transition out. */
	struct loan_state in = r->st;
	in.in_term_interest = in.overdue_interest = in.monthly_accrual = 0;
	in.inactive = false;
	int rc = due_process(&in, day, &in, tr, cap, &n, err);
	td_money moved = 0;
	if (rc == TD_OK)
		rc = settle_transitions(r, &old, tr, n, acc, &moved, err);
	td_date next = 0;
	if (rc == TD_OK)
		rc = judge_inactive(r, day, &flag, &next, acc, err);
	if (rc == TD_OK && moved > 0)
		rc = book(ctx, r, moved, err);
	if (rc == TD_OK)
		rc = store_state(ctx, r, &old, tr, n, flag, next, err);
	if (rc == TD_OK)
		rc = money_add(acc->overdue_amount, moved, &acc->overdue_amount);
	free(tr);
	free(old.inst);
	return rc;
}

int eod_loan_process(struct td_ctx *ctx, int64_t id, td_date day, struct eod_day *acc,
		     struct td_error *err)
{
	struct loan_row r;
	int rc = loan_row_load(ctx->store, id, &r, err);
	if (rc != TD_OK)
		return rc;
	acc->loans++;
	int64_t roll = 0, inactive = 0;
	if (strcmp(r.status, "in_term") != 0 && strcmp(r.status, "overdue") != 0) {
		/* closed, written off or frozen (khoanh nợ): no transition, no flag to watch */
		rc = org_exec(ctx->store, err,
			      "UPDATE loan SET inactive = 0, inactive_check_on = ? WHERE id = ?",
			      "ti", EOD_CHECK_NEVER, id);
		loan_row_free(&r);
		return rc;
	}
	rc = programme_db_roll_forward(ctx, r.programme, day, &roll, err);
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &inactive, err,
				     "SELECT inactive FROM loan WHERE id = ?", "i", id);
	if (rc == TD_OK) {
		r.st.roll_forward = roll != 0;
		rc = process(ctx, &r, inactive != 0, day, acc, err);
	}
	if (rc != TD_OK)
		td_error_prefix(err, "loan %lld: ", (long long)id);
	loan_row_free(&r);
	return rc;
}
