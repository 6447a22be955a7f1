/*
 * Month end (tindung month-end) for one office and one calendar month: the entrustment fee
 * of each organisation chapter (R-FEE-1) and the commission of each group leader (R-FEE-2),
 * accrued and booked, payable at the next commune session; the accrual of the interest
 * receivable (R-INT-1, R-INT-2, R-GL-1); and the month-end snapshot of the books and of the
 * loan portfolio (R-CLS-1). docs/month-end.md.
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
 * Interest accrual, per programme x source of the office's open loans that are not frozen:
 * target = interest owed (lãi tồn) + interest accrued since it was last settled, up to and
 * including accrued_to = the day before the run's business date (R-INT-1: in-term principal
 * at the rate, overdue principal at overdue_pct % of it). When eod runs month end (the
 * normal way, eod.h) the business date is the first day of the next month, so accrued_to is
 * the month's last day and nothing dated after it is booked yet; a late run accrues up to
 * the day before its own business date. The difference between target and the
 * INTEREST_RECEIVABLE balance is booked as one entry, kind interest_accrual:
 * Dr INTEREST_RECEIVABLE (office, programme, source) / Cr INTEREST_INCOME (office,
 * programme), or the mirror where it fell. Repayments keep crediting INTEREST_INCOME (cash
 * basis); the next month end's difference takes what was collected out of the receivable.
 * Frozen loans (khoanh nợ) accrue nothing and their owed interest stays out of the
 * receivable (shown as frozen_interest); written-off and closed loans count for nothing.
 *
 * Snapshot (R-CLS-1), after the entries: the balance of every ledger account of the office
 * as of month end plus the run's own entries, and the loans outstanding at month end (as
 * for R-FEE-1) aggregated per programme, source, term class, status class, organisation,
 * commune and ethnicity (snapshot.h reads them).
 *
 * One transaction per run (joining the caller's, e.g. eod's day), with the journal row
 * month_end_run, the accrual rows, the entries, the snapshot and one audit record (entity
 * "month_end"). An office x month already run books nothing and sets already_done. A month
 * not yet ended (business date on or before its last day) is TD_ECONFLICT. Like eod, only
 * the command-line system actor (user_id 0) runs it; any other actor gets TD_EFORBIDDEN.
 */
#ifndef TD_BANK_MONTH_END_H
#define TD_BANK_MONTH_END_H

#include <stdbool.h>
#include <stdint.h>

#include "bank/check.h"
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
	td_date accrued_to;	  /* interest accrued up to and including this day */
	int accrual_rows;	  /* interest_accrual rows (programme x source) */
	td_money accrual_target;  /* INTEREST_RECEIVABLE of the office after the run */
	td_money accrual_amount;  /* booked: > 0 Dr INTEREST_RECEIVABLE, < 0 the mirror */
	int64_t accrual_entry_id; /* 0 when nothing moved */
	int64_t snapshot_id;	  /* 0 for runs made before the snapshot existed */
	int64_t loans, borrowers; /* outstanding at month end (the snapshot's totals) */
	td_money outstanding, overdue, frozen;
};

/* "YYYY-MM" into the first and last day of that month; TD_EINVAL naming the text. */
int month_end_parse_month(const char *text, td_date *first, td_date *last, struct td_error *err);

/* Runs month end for office_id and the month of `month` (any day of it). TD_ENOTFOUND for
 * an unknown office, TD_ECONFLICT for a month not ended, TD_EFORBIDDEN as above. */
int month_end_run(struct td_ctx *ctx, int64_t office_id, td_date month,
		  struct month_end_result *out, struct td_error *err);

/* month_end_run for every office (ascending id, merged ones too: their loans keep their
 * office) and the month of `month`, in one transaction (or the caller's: eod runs it in the
 * transaction of the month's next day). *ran gets the number of offices run now, not
 * counting those already done. Stops at the first error, naming the office. */
int month_end_run_all(struct td_ctx *ctx, td_date month, int *ran, struct td_error *err);

/* The `tindung check` entry interest_accrual (check.c's registry): for every office,
 * programme and source, the INTEREST_RECEIVABLE balance of the entries dated up to upto
 * equals the target of the office's latest month-end run booked up to upto (0 when it has
 * none). Names office, programme, source and both amounts per mismatch. */
int month_end_accrual_check(struct td_store *s, td_date upto, struct check_report *r,
			    struct td_error *err);

#endif
