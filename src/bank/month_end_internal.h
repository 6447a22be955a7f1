/*
 * Month end, private to month_end.c, month_end_calc.c (fees and commissions),
 * month_end_accrual.c (interest receivable) and month_end_snapshot.c: what one office and
 * month accrue, computed from the loan tables before anything is written, and the writers.
 */
#ifndef TD_BANK_MONTH_END_INTERNAL_H
#define TD_BANK_MONTH_END_INTERNAL_H

#include <stddef.h>

#include "bank/month_end.h"
#include "credit/fee.h"

/* SQL condition on a loan_repayment row `r`: the repayment still stands (it was not
 * reversed, docs/loans.md), so month-end figures ignore reversed repayments. */
#define ME_STANDING                                                                                \
	"AND NOT EXISTS (SELECT 1 FROM loan_repayment_reversal v WHERE v.repayment_id = r.id)"

/* Per programme: the balance on which interest was collected, at the programme's rate of
 * the month (R-FEE-1, R-FEE-2; the parameters in force on the month's last day). */
#define ME_PARTS_MAX 32
struct me_parts {
	struct fee_part part[ME_PARTS_MAX];
	char programme[ME_PARTS_MAX][16];
	size_t n;
};

struct me_fee {
	int64_t chapter_id;
	struct me_parts parts;
	struct fee_chapter_month in; /* outstanding and overdue (its parts are `parts`) */
	int64_t ratio_bp;	     /* overdue x 10000 / outstanding, rounded down; shown only */
	struct fee_result out;
};

struct me_commission {
	int64_t group_id;
	int64_t leader_household_id; /* 0: none at month end */
	td_money interest;	     /* collected in the month, shown */
	struct me_parts parts;	     /* base: in-term balance with interest collected */
	td_money amount;
};

struct me_accruals {
	struct me_fee *fees;
	size_t nfees;
	struct me_commission *comms;
	size_t ncomms;
	td_money fee_total, commission_total;
};

/* Reads the loans of office_id and computes every accrual of [first, last], at the rates in
 * force on `last`. */
int me_accruals_compute(struct td_ctx *ctx, int64_t office_id, td_date first, td_date last,
			struct me_accruals *out, struct td_error *err);
void me_accruals_free(struct me_accruals *a);

/* Interest accrued and unpaid of one programme x source of the office (month_end.h). */
struct me_interest {
	char programme[16];
	int64_t source_id;
	td_money in_term, overdue; /* of loans neither frozen nor closed; target = their sum */
	td_money frozen;	   /* owed by frozen loans: out of the receivable, shown only */
	td_money previous;	   /* INTEREST_RECEIVABLE before the run */
};

struct me_accrual {
	td_date accrued_to;
	struct me_interest *rows; /* ascending programme, source */
	size_t n;
	td_money target, amount; /* Σ target, Σ (target - previous) */
};

/* Reads the open loans and the INTEREST_RECEIVABLE accounts of office_id and computes the
 * accrual up to and including accrued_to. */
int me_accrual_compute(struct td_store *s, int64_t office_id, td_date accrued_to,
		       struct me_accrual *out, struct td_error *err);
/* Books target - previous of every row as one entry (kind interest_accrual, *entry_id 0
 * when nothing moves), inside the caller's transaction. */
int me_accrual_book(struct td_ctx *ctx, int64_t office_id, const char *ref,
		    const struct me_accrual *a, int64_t *entry_id, struct td_error *err);
/* The interest_accrual rows of run_id. */
int me_accrual_write(struct td_ctx *ctx, int64_t run_id, const struct me_accrual *a,
		     int64_t entry_id, struct td_error *err);
void me_accrual_free(struct me_accrual *a);

/* The snapshot of office_id at month end `last` for run_id, after the run's entries (whose
 * ids are skipped when undoing entries dated after last; 0 for none): month_end_snapshot,
 * month_end_balance, month_end_portfolio. Fills out's snapshot fields. */
int me_snapshot_write(struct td_ctx *ctx, int64_t run_id, int64_t office_id, td_date last,
		      const int64_t own_entries[3], struct month_end_result *out,
		      struct td_error *err);

#endif
