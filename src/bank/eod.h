/*
 * End of day (tindung eod): the business date moves forward one day at a time and each new
 * day's due transitions are applied to the loans that have one (R-DUE-1, R-DUE-2, R-INACT-1;
 * docs/eod.md).
 *
 * For day d (the business date + 1) the candidates are found through two indexes, never by
 * reading every loan: loans with an unsettled instalment due on or before d
 * (loan_instalment_unsettled_due), and loans whose stored inactive_check_on has come
 * (loan_inactive_check). Each candidate goes through credit/due.h's due_process:
 *   - became_due: the instalment's status only;
 *   - became_overdue (the day after its due day): interest is settled up to that day with
 *     the old split (interest_from moves there, so later repayments charge overdue_pct % on
 *     it from then on, R-RATE-2) and the unpaid principal is booked
 *     Dr LOAN_OVERDUE / Cr LOAN_IN_TERM (office, programme, source);
 *   - rolled (R-DUE-2, programmes with roll_forward): principal moves to the next instalment,
 *     nothing is booked;
 *   - inactive flagged / cleared (R-INACT-1): loan.inactive, and the next day the flag could
 *     change by accrual alone is stored in loan.inactive_check_on.
 * Month end (month_end.h): when d is the first day of a month, the day's transaction first
 * runs month end of the month that just ended for every office (fees, commissions, the
 * interest accrual and the snapshot, R-FEE-1, R-FEE-2, R-INT-1, R-CLS-1), before d's
 * transitions, so it sees the books exactly as they stood at the end of the month's last
 * day. Offices already run for that month (tindung month-end) are skipped.
 * Every day is one transaction with its eod_run row (the journal), its postings, the new
 * business date and one audit record (entity "eod"): a crash mid-range leaves whole days.
 *
 * Access: only the built-in command-line system actor (user_id 0) runs eod; any other
 * actor gets TD_EFORBIDDEN. Frozen principal (khoanh nợ, R-RISK-1) takes no transition:
 * loans all frozen are left as they are, and only the active part of an instalment
 * (credit/loan.h) falls due, goes overdue or rolls.
 */
#ifndef TD_BANK_EOD_H
#define TD_BANK_EOD_H

#include <stdbool.h>

#include "bank/ctx.h"
#include "base/money.h"

/* Days one call processes at most: a typo in the year must not run for hours. */
#define EOD_DAYS_MAX 3660

/* What one day did. */
struct eod_day {
	td_date date;
	bool already_done; /* the journal had the day: nothing was changed */
	int loans;	   /* candidates examined */
	int became_due, became_overdue, rolled, inactive_flagged, inactive_cleared;
	td_money overdue_amount; /* principal moved to LOAN_OVERDUE */
	int month_end_offices;	 /* offices whose month end ran this day (first of a month) */
};

/* Processes the day after ctx->business_date, in its own transaction, and advances the
 * business date (ctx->business_date too). A day already in the journal changes nothing
 * and sets out->already_done. */
int eod_run_day(struct td_ctx *ctx, struct eod_day *out, struct td_error *err);

/* Called after each committed day. */
typedef void (*eod_day_cb)(void *arg, const struct eod_day *day);

/* Processes every day after the business date up to and including upto, one transaction
 * each; *days (may be NULL) gets how many were processed. upto on or before the business
 * date does nothing (*days = 0). TD_EINVAL when more than EOD_DAYS_MAX days are asked.
 * On an error the days before it stay committed. */
int eod_run_until(struct td_ctx *ctx, td_date upto, eod_day_cb cb, void *arg, int *days,
		  struct td_error *err);

#endif
