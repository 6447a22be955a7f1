/*
 * Paying what month end accrued (R-FEE-1, R-FEE-2; docs/month-end.md, "Payout").
 *
 * A group leader's commission and the commune share (84 %) of a chapter's entrustment fee
 * are paid at the commune session, as lines of a batch (commune_session.h). The district
 * (9 %), province (4.5 %) and centre (2.5 %) shares are not paid at the commune: this use
 * case pays them for one office x month, at the office, once: Dr FEE_PAYABLE / Cr CASH.
 *
 * fee_payable_check is the `tindung check` row (check.c) that, for every office, the
 * FEE_PAYABLE and COMMISSION_PAYABLE accounts equal what month end accrued minus what was
 * paid (session payouts and the upper shares), so that after every payout of a month both
 * are 0 for it.
 */
#ifndef TD_BANK_FEE_PAYOUT_H
#define TD_BANK_FEE_PAYOUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "bank/check.h"
#include "bank/ctx.h"
#include "base/money.h"

/* One payout of the upper shares (or, when already_paid, the first one). */
struct fee_payout_result {
	bool already_paid;
	int64_t id;	/* the fee_upper_payout row */
	int64_t run_id; /* the month end whose fee_accrual rows it pays */
	int64_t office_id;
	char month[8];				     /* "YYYY-MM" */
	td_money district, province, centre, amount; /* amount = the three */
	int64_t entry_id;			     /* 0 when amount is 0 */
	td_date paid_on;			     /* business date of the payout */
};

/* Pays the upper shares of the fees of office_id's month end for the month of `month` (any
 * day of it) on the business date, with the sums of its fee_accrual rows. Needs ACT_FEE_PAY
 * on the office (tellers and directors). TD_ENOTFOUND for an unknown office; TD_ECONFLICT
 * when month end has not been run for the office and month, or was booked after the
 * business date. Paid already: TD_OK with already_paid and the first payout, nothing
 * booked. A total of 0 books no entry but is recorded: the month is settled. One
 * transaction, with an audit record (entity "fee_upper_payout"). */
int fee_payout_upper(struct td_ctx *ctx, int64_t office_id, td_date month,
		     struct fee_payout_result *out, struct td_error *err);

/* {"id","office_id","month","run_id","district","province","centre","amount",
 *  "entry_id" (null when nothing was booked),"paid_on","already_paid"}. */
json_t *fee_payout_json(const struct fee_payout_result *r);

/* check_fn: per office, FEE_PAYABLE and COMMISSION_PAYABLE (credit - debit, entries on or
 * before upto) against Σ accrued (month ends booked by upto) - Σ paid (session payouts of
 * sessions held by upto, upper shares paid by upto); one line per mismatch. */
int fee_payable_check(struct td_store *s, td_date upto, struct check_report *r,
		      struct td_error *err);

#endif
