/*
 * Month end (tindung month-end) for one office and one calendar month: the entrustment fee
 * of each organisation chapter (R-FEE-1) and the commission of each group leader (R-FEE-2),
 * accrued and booked, payable at the next commune session (docs/month-end.md).
 *
 * R-FEE-1, per chapter with loans of the office (loan.chapter_id), figures at month end:
 *   base        = Σ principal outstanding at month end of the chapter's loans that had a
 *                 repayment with interest > 0 paid in the month;
 *   outstanding = Σ principal outstanding at month end of all the chapter's loans;
 *   overdue     = Σ unpaid principal of their instalments overdue since month end or before;
 * "outstanding at month end" = loan.balance + principal repaid after month end (loans
 * disbursed on or before month end). The fee, tier and split are credit/fee.h's
 * fee_entrustment with fee_params_default(). Booked as one entry for the office:
 * Dr FEE_EXPENSE / Cr FEE_PAYABLE (neither is split by programme or source).
 *
 * R-FEE-2, per group with loans of the office (loan.group_id): interest = the interest parts
 * of the repayments paid in the month; amount = fee_leader_commission(interest, share) with
 * the share td_meta.commission_share_ppm (migration 0013: 80000 = 8 %, a placeholder to be
 * confirmed). Booked as one entry: Dr COMMISSION_EXPENSE / Cr COMMISSION_PAYABLE.
 *
 * One transaction per run, with the journal row month_end_run, the accrual rows, the
 * entries and one audit record (entity "month_end"). An office x month already run books
 * nothing and sets already_done. A month not yet ended (business date on or before its
 * last day) is TD_ECONFLICT. Like eod, only the command-line system actor (user_id 0) runs
 * it; any other actor gets TD_EFORBIDDEN.
 */
#ifndef TD_BANK_MONTH_END_H
#define TD_BANK_MONTH_END_H

#include <stdbool.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "base/money.h"

/* What one run did (or, when already_done, what the first run did). */
struct month_end_result {
	bool already_done;
	int64_t run_id;
	int chapters, groups;	   /* accrual rows written */
	td_money fee_total;	   /* booked Dr FEE_EXPENSE / Cr FEE_PAYABLE */
	td_money commission_total; /* booked Dr COMMISSION_EXPENSE / Cr COMMISSION_PAYABLE */
	int64_t fee_entry_id, commission_entry_id; /* 0 when the total was 0 */
};

/* "YYYY-MM" into the first and last day of that month; TD_EINVAL naming the text. */
int month_end_parse_month(const char *text, td_date *first, td_date *last, struct td_error *err);

/* Runs month end for office_id and the month of `month` (any day of it). TD_ENOTFOUND for
 * an unknown office, TD_ECONFLICT for a month not ended, TD_EFORBIDDEN as above. */
int month_end_run(struct td_ctx *ctx, int64_t office_id, td_date month,
		  struct month_end_result *out, struct td_error *err);

#endif
