/*
 * A loan's repayment state, shared by payment allocation (payment.h) and due processing
 * (due.h). Plain data that the bank layer fills from the database: the caller owns the
 * instalment array (inst, with count used and cap allocated).
 *
 * Invariants (loan_check): instalments ascend by agreed due date; 0 <= paid <= principal;
 * 0 <= frozen <= principal - paid; Σ principal == amount (a roll-forward moves principal
 * between instalments, a payment only raises paid); status agrees with paid (PAID or ROLLED
 * exactly when nothing is left: a ROLLED instalment's principal was cut down to what had
 * been paid, and it keeps its rolled_in as history though that may now exceed its
 * principal).
 *
 * Frozen debt (khoanh nợ, R-RISK-1; credit/risk.h): part of an instalment's unpaid
 * principal may be frozen, and part of the interest owed (frozen_interest). Frozen
 * principal is neither due nor overdue and bears no interest; the active part of an
 * instalment (loan_instalment_active) is what due processing, interest and the usual
 * payment order see. An instalment whose unpaid principal is all frozen keeps its status
 * (pending, due or overdue) and takes no transition until it is unfrozen. Written-off
 * principal counts as paid: nothing of it is owed any more.
 */
#ifndef TD_CREDIT_LOAN_H
#define TD_CREDIT_LOAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"

/* extended_to of an instalment that was not extended. */
#define LOAN_DATE_NONE ((td_date)INT32_MAX)

enum instalment_status {
	INST_PENDING, /* not yet due */
	INST_DUE,     /* due today (or earlier, before due processing ran) */
	INST_OVERDUE, /* nợ quá hạn since the day after its due date (R-DUE-1) */
	INST_PAID,    /* nothing left to pay */
	INST_ROLLED,  /* its unpaid part moved into the next instalment (R-DUE-2) */
	INST_STATUS_COUNT
};

struct loan_instalment {
	td_date due;	     /* as agreed in the schedule */
	td_date extended_to; /* LOAN_DATE_NONE, or the extended due date (R-EXT-1) */
	td_money principal;  /* due on this instalment, including rolled_in */
	td_money rolled_in;  /* part of principal rolled in from earlier instalments */
	td_money paid;	     /* principal paid (or written off) on this instalment so far */
	td_money frozen;     /* part of principal - paid that is frozen (R-RISK-1) */
	enum instalment_status status;
};

struct loan_state {
	td_date disbursed;
	td_money amount; /* principal disbursed */
	struct loan_instalment *inst;
	size_t count;
	size_t cap;
	bool roll_forward;	   /* the programme allows R-DUE-2 */
	td_money overdue_interest; /* owed interest on overdue principal (R-RATE-2) */
	td_money in_term_interest; /* owed in-term interest, lãi tồn (R-INT-2) */
	td_money frozen_interest;  /* owed interest that is frozen (R-RISK-1): paid last */
	td_money monthly_accrual;  /* one month's interest on today's balance (R-INACT-1) */
	bool inactive;		   /* flagged "inactive 3 months" (R-INACT-1) */
};

/* The day an instalment is due: the extended date if it was extended. */
static inline td_date loan_instalment_due(const struct loan_instalment *i)
{
	return i->extended_to != LOAN_DATE_NONE ? i->extended_to : i->due;
}

static inline td_money loan_instalment_unpaid(const struct loan_instalment *i)
{
	return i->principal - i->paid;
}

/* The unpaid principal that is not frozen: what falls due, goes overdue and bears
 * interest. */
static inline td_money loan_instalment_active(const struct loan_instalment *i)
{
	return i->principal - i->paid - i->frozen;
}

/* Stable names: "pending", "due", "overdue", "paid", "rolled". */
static inline const char *loan_status_name(enum instalment_status s)
{
	static const char *const names[INST_STATUS_COUNT] = {"pending", "due", "overdue", "paid",
							     "rolled"};
	return (unsigned)s < INST_STATUS_COUNT ? names[s] : "unknown";
}

/* Checks the invariants above on data read from storage: TD_EINVAL naming the first
 * instalment that breaks one. */
static inline int loan_check(const struct loan_state *l, struct td_error *err)
{
	if (l->count > l->cap || (l->count > 0 && !l->inst))
		return td_error_set(err, TD_EINVAL, "loan has %zu instalments, room for %zu",
				    l->count, l->cap);
	if (l->overdue_interest < 0 || l->in_term_interest < 0 || l->monthly_accrual < 0 ||
	    l->frozen_interest < 0 || l->overdue_interest > TD_MONEY_MAX_INPUT ||
	    l->in_term_interest > TD_MONEY_MAX_INPUT || l->monthly_accrual > TD_MONEY_MAX_INPUT ||
	    l->frozen_interest > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL,
				    "loan interest owed or accrual is out of range");
	if (l->amount <= 0 || l->amount > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL, "loan amount %lld đồng is outside 1..10^15",
				    (long long)l->amount);
	td_money sum = 0;
	for (size_t k = 0; k < l->count; k++) {
		const struct loan_instalment *i = &l->inst[k];
		bool settled = i->status == INST_PAID || i->status == INST_ROLLED;
		if ((k > 0 && i->due <= l->inst[k - 1].due) || i->due <= l->disbursed ||
		    i->principal < 0 || i->principal > l->amount || i->paid < 0 ||
		    i->paid > i->principal || i->frozen < 0 || i->frozen > i->principal - i->paid ||
		    i->rolled_in < 0 || i->rolled_in > l->amount ||
		    (i->status != INST_ROLLED && i->rolled_in > i->principal) ||
		    (unsigned)i->status >= INST_STATUS_COUNT ||
		    settled != (i->paid == i->principal))
			return td_error_set(err, TD_EINVAL,
					    "instalment %zu: due date, amounts or status (%s) are "
					    "inconsistent",
					    k + 1, loan_status_name(i->status));
		sum += i->principal; /* each <= amount <= 10^15: cannot overflow */
	}
	if (l->count > 0 && sum != l->amount)
		return td_error_set(err, TD_EINVAL,
				    "instalments sum to %lld đồng, the loan is %lld đồng",
				    (long long)sum, (long long)l->amount);
	return TD_OK;
}

/* Copies src into dst, instalments into dst's own array; dst == src does nothing. */
static inline int loan_copy(struct loan_state *dst, const struct loan_state *src,
			    struct td_error *err)
{
	if (dst == src)
		return TD_OK;
	if (dst->cap < src->count)
		return td_error_set(err, TD_ETOOBIG,
				    "new loan state has room for %zu of %zu "
				    "instalments",
				    dst->cap, src->count);
	struct loan_instalment *inst = dst->inst;
	size_t cap = dst->cap;
	if (src->count > 0)
		memmove(inst, src->inst, src->count * sizeof *inst);
	*dst = *src;
	dst->inst = inst;
	dst->cap = cap;
	return TD_OK;
}

#endif
