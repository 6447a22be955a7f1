/*
 * The rate a loan bears over time (R-RATE-1) and the interest it accrues (R-INT-1,
 * R-RATE-2): the loan's own rate from the day it was fixed (disbursement or rollover), then
 * any later programme row that applies to outstanding balances, from its day. Every path
 * that computes a loan's interest comes here: repayment and statements (loan_accrue), end
 * of day (eod_loan.c), month end (month_end_accrual.c), the 13/TD list.
 */
#include <stdlib.h>
#include <string.h>

#include "bank/loan_internal.h"
#include "bank/org_util.h"
#include "bank/programme_internal.h"

int loan_rate_rows_load(struct td_store *s, const char *programme, struct loan_rate_rows *out,
			struct td_error *err)
{
	memset(out, 0, sizeof *out);
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT r.effective_from, r.outstanding_from, r.rate, r.reduced_rate, "
			     "r.reduced_for FROM programme_rate r JOIN programme p ON p.id = "
			     "r.programme_id WHERE p.code = ? AND r.outstanding_from IS NOT NULL "
			     "ORDER BY r.effective_from",
			     "t", programme);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		if (out->n == LOAN_RATE_ROWS_MAX) {
			rc = td_error_set(err, TD_ETOOBIG,
					  "programme %s: more than %d rate rows apply to outstanding "
					  "balances",
					  programme, LOAN_RATE_ROWS_MAX);
			break;
		}
		struct prg_rate *r = &out->rows[out->n++];
		memset(r, 0, sizeof *r);
		r->effective_from = org_col_date(st, 0);
		r->outstanding_from = org_col_date(st, 1);
		r->rate = stmt_column_int64(st, 2);
		r->reduced_rate = stmt_column_int64(st, 3);
		rc = prg_reduced_parse(stmt_column_text(st, 4), r->reduced_for, err);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int periods(const struct loan_rates *lr, td_date from, td_date to,
		   struct prg_rate_period *out, size_t *n, struct td_error *err)
{
	/* interest settled before the rate was fixed (data older than migration 0019) is
	 * counted from the anchor: nothing switches before it */
	td_date a = lr->rate_from < from ? lr->rate_from : from;
	return programme_loan_rate_periods(lr->rows ? lr->rows->rows : NULL,
					   lr->rows ? lr->rows->n : 0, a, lr->rate, lr->flags,
					   from, to, out, PRG_RATE_PERIODS_MAX, n, err);
}

int loan_rate_on(const struct loan_rates *lr, td_date day, td_rate *out, struct td_error *err)
{
	struct prg_rate_period p[PRG_RATE_PERIODS_MAX];
	size_t n = 0;
	int rc = periods(lr, day, day + 1, p, &n, err);
	if (rc == TD_OK)
		*out = n > 0 ? p[n - 1].rate : lr->rate;
	return rc;
}

int loan_rate_next_change(const struct loan_rates *lr, td_date day, td_date before,
			  td_date *out, struct td_error *err)
{
	struct prg_rate_period p[PRG_RATE_PERIODS_MAX];
	size_t n = 0;
	*out = before;
	int rc = before > day ? periods(lr, day, before, p, &n, err) : TD_OK;
	if (rc == TD_OK && n > 1)
		*out = p[1].from;
	return rc;
}

int loan_interest(const struct loan_rates *lr, td_money p_in, td_money p_od, td_date from,
		  td_date to, enum interest_convention conv, int overdue_pct, td_money *in,
		  td_money *od, struct td_error *err)
{
	*in = *od = 0;
	if (to <= from)
		return TD_OK;
	struct prg_rate_period p[PRG_RATE_PERIODS_MAX];
	size_t n = 0;
	int rc = periods(lr, from, to, p, &n, err);
	if (rc != TD_OK)
		return rc;
	struct interest_segment seg[PRG_RATE_PERIODS_MAX];
	for (size_t k = 0; k < n; k++)
		seg[k] = (struct interest_segment){p[k].from, p_in, p[k].rate, BALANCE_IN_TERM};
	rc = interest_segments(seg, n, to, conv, overdue_pct, in, err);
	for (size_t k = 0; k < n; k++) {
		seg[k].principal = p_od;
		seg[k].state = BALANCE_OVERDUE;
	}
	if (rc == TD_OK)
		rc = interest_segments(seg, n, to, conv, overdue_pct, od, err);
	return rc;
}
