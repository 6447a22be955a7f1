/*
 * Loans: disbursement, repayment and the loan sub-ledger (R-DIS-1, R-INT-1, R-PAY-1,
 * R-GL-2; docs/loans.md).
 *
 * A loan opens from one approved application (loan_disburse): the programme's rate for a
 * new loan on the disbursement date (R-RATE-1), a repayment schedule built by
 * credit/schedule.h (or an agreed one, judged by schedule_check), and the entry
 * Dr LOAN_IN_TERM (office, programme, source) / Cr CASH (office). A repayment
 * (loan_repay) accrues interest up to the day before it (R-INT-1), applies the money with
 * credit/payment.h (R-PAY-1) and books Dr CASH (or MEMBER_SAVINGS when the borrower's
 * savings pay it, R-SAV-1) / Cr LOAN_IN_TERM, LOAN_OVERDUE and INTEREST_INCOME. Interest is
 * booked when collected (cash basis): repayments never touch INTEREST_RECEIVABLE; month end
 * (month_end.h) books the adjusting entry that brings it to the interest accrued and
 * unpaid, per office, programme and source.
 *
 * Access (R-ORG-4): the scope is the application's office, chapter and group.
 * Disbursing needs ACT_LOAN_DISBURSE, repaying ACT_LOAN_REPAY (tellers and directors,
 * docs/access.md), reading ACT_READ. Each write is one transaction with its ledger entry
 * and one audit record (entity "loan").
 */
#ifndef TD_BANK_LOAN_H
#define TD_BANK_LOAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/check.h"
#include "bank/ctx.h"
#include "base/money.h"
#include "credit/payment.h"
#include "credit/schedule.h"

/* Default months between instalments when none is given: the longest R-DIS-1 allows. */
#define LOAN_INTERVAL_DEFAULT 12
#define LOAN_SCHEDULE_MAX 600

struct loan_disburse_input {
	int64_t application_id;
	int64_t source_id;   /* capital source the money comes from (R-CAP-1) */
	td_money amount;     /* must equal the approved amount */
	td_date on;	     /* disbursement day: after the decision, not after the business date */
	int interval_months; /* 0: LOAN_INTERVAL_DEFAULT; ignored with an explicit schedule */
	const struct schedule_item *schedule; /* agreed schedule, or NULL to build one */
	size_t n_schedule;
};

/* Opens the loan. TD_ENOTFOUND for an unknown application or source; TD_ECONFLICT when the
 * application is not approved or was disbursed already (naming the loan); TD_ERULE when
 * the amount differs from the approved one, the source cannot cover it (the message of
 * capital_draw_check), no rate is in force, or the agreed schedule fails schedule_check
 * (every problem listed); TD_EINVAL for missing or malformed input. */
int loan_disburse(struct td_ctx *ctx, const struct loan_disburse_input *in, int64_t *loan_id,
		  struct td_error *err);

struct loan_repay_input {
	int64_t loan_id;
	td_money amount;      /* > 0 */
	td_date on;	      /* not before the previous repayment, not after the business date */
	int instalment;	      /* 1-based position the borrower names, or 0 */
	int64_t from_savings; /* the borrower's savings account paying it (R-SAV-1); 0: cash */
};

/* Takes a repayment. *alloc (may be NULL) gets the split, *repayment_id (may be NULL) the
 * row. TD_ERULE "... exceeds what is owed by X đồng" when the amount is above interest
 * owed plus unpaid principal; TD_ECONFLICT for a closed loan. The loan closes when nothing
 * is owed any more.
 * From savings (R-SAV-1): the money is withdrawn from the household's own open account at
 * the loan's office (refusals of savings_payment_check, e.g. "sổ tiết kiệm 7 chỉ còn
 * 12.000 đồng, không đủ trả nợ 20.000 đồng"), allocated the same way, and booked
 * Dr MEMBER_SAVINGS instead of CASH; the withdrawal (savings_txn) names the repayment's
 * entry and loan_repayment.savings_txn_id names the withdrawal. No cash moves. */
int loan_repay(struct td_ctx *ctx, const struct loan_repay_input *in,
	       struct payment_allocation *alloc, int64_t *repayment_id, struct td_error *err);

/* Reverses a repayment (R-SES-1, R-GL-1; docs/loans.md "Reversing a repayment"): the
 * mirror of its entry on the business date, the loan put back exactly as it was before it
 * (instalments' paid principal and status, balance, interest_from, interest owed and paid,
 * closed or not), and, when it came from savings, the withdrawal given back to the account
 * on the same entry (R-SAV-1). The repayment row stays and loan_get shows it reversed.
 * A director's decision (ACT_LOAN_RESTRUCTURE on the loan), with a reason (TD_EINVAL
 * without one). Only the loan's latest movement is reversed: TD_ECONFLICT, saying why,
 * when a later repayment stands (reverse it first), a decision (loan_event) came after it,
 * the loan changed since (end of day: an instalment due, overdue or rolled, interest
 * settled), the repayment was reversed already (naming when and by whom), or it was booked
 * before migration 0018 recorded what a repayment changes. A retry under the same
 * idempotency key is answered before this runs (bank/idempotency.h, R-GL-3). TD_ENOTFOUND
 * for an unknown repayment. *reversal_id (may be NULL) gets the loan_repayment_reversal row. */
int loan_repay_reverse(struct td_ctx *ctx, int64_t repayment_id, const char *reason,
		       int64_t *reversal_id, struct td_error *err);

/* {"id","application_id","household_id","head_name","office_id","chapter_id","group_id",
 *  "programme","source_id","source_code","amount","rate","rate_pct","disbursed_on",
 *  "term_months","interval_months","maturity","status","balance","interest_from",
 *  "interest_paid","closed_on","inactive","as_of","interest_owed":{"in_term","overdue",
 *  "total"},
 *  "owed","instalments":[{"position","due_on","principal","paid_principal","status"}],
 *  "repayments":[{"id","paid_on","amount","instalment","overdue_interest",
 *  "in_term_interest","overdue_principal","due_principal","prepaid_principal",
 *  "savings_txn_id" (null for cash), "reversed_by" (null, or the reversal:
 *  {"id","business_date","username","reason","entry_id","savings_txn_id"})}]}.
 * Interest owed is accrued up to the day before as_of (the business date). inactive is the
 * flag "inactive 3 months" (R-INACT-1) as end of day last judged it (docs/eod.md). */
int loan_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

struct loan_filter {
	int64_t household_id; /* 0 = any */
	const char *status;   /* NULL = any */
	bool inactive_only;   /* only loans flagged inactive 3 months (R-INACT-1) */
	int64_t limit, offset;
};
/* {"items":[{"id","application_id","household_id","head_name","programme","amount",
 *  "balance","disbursed_on","maturity","status","office_id","chapter_id","group_id",
 *  "inactive"}],
 *  "total","limit","offset"} in the actor's scope, newest first. */
int loan_list(struct td_ctx *ctx, const struct loan_filter *f, json_t **out,
	      struct td_error *err);

/* The R-GL-2 check of `tindung check` (registered in check.c): for every office, programme
 * and source, the loan sub-ledger (unpaid principal of the instalments: the active part in
 * term or overdue, the frozen part) equals the LOAN_IN_TERM, LOAN_OVERDUE and LOAN_FROZEN accounts,
 * and each loan's balance equals its instalments. The sub-ledger is the loans' present
 * state, so it compares with every posting whatever upto says. */
int loan_ledger_check(struct td_store *s, td_date upto, struct check_report *r,
		      struct td_error *err);

#endif
