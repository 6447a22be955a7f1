/*
 * Month end, private to month_end.c and month_end_calc.c: the accruals of one office and
 * month, computed from the loan tables before anything is written.
 */
#ifndef TD_BANK_MONTH_END_INTERNAL_H
#define TD_BANK_MONTH_END_INTERNAL_H

#include <stddef.h>

#include "bank/month_end.h"
#include "credit/fee.h"

struct me_fee {
	int64_t chapter_id;
	struct fee_chapter_month in;
	int64_t ratio_bp; /* overdue x 10000 / outstanding, rounded down; shown only */
	struct fee_result out;
};

struct me_commission {
	int64_t group_id;
	int64_t leader_household_id; /* 0: none at month end */
	td_money interest;
	td_money amount;
};

struct me_accruals {
	struct me_fee *fees;
	size_t nfees;
	struct me_commission *comms;
	size_t ncomms;
	int64_t share_ppm;
	td_money fee_total, commission_total;
};

/* Reads the loans of office_id and computes every accrual of [first, last]. */
int me_accruals_compute(struct td_store *s, int64_t office_id, td_date first, td_date last,
			struct me_accruals *out, struct td_error *err);
void me_accruals_free(struct me_accruals *a);

#endif
