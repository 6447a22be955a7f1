/*
 * Applying a borrower's payment to a loan (R-PAY-1).
 *
 * Order: overdue interest, then in-term interest (lãi tồn), then overdue principal (oldest
 * instalment first), then principal due on or before the payment date (oldest first). What
 * is left prepays principal: it pays the LAST instalments first, so the schedule's next
 * instalments stay as agreed and the loan ends earlier. Prepaid principal stops bearing
 * interest: the bank layer accrues interest up to the day before the payment (R-INT-1) and
 * starts the next balance segment on the payment date with the lower balance.
 *
 * Frozen debt (khoanh nợ, R-RISK-1) comes last, after every other principal: it is not due
 * and bears no interest, so a borrower who pays more settles first what costs interest.
 * Frozen interest is counted with the in-term interest, frozen principal (oldest instalment
 * first) as prepaid principal; the bank layer books the latter out of LOAN_FROZEN.
 *
 * Naming an instalment (req.instalment >= 0): its unpaid principal that is not frozen is paid
 * first, whatever its state; the rest of the payment then follows the order above. The part
 * paid on the named instalment is counted as overdue, due or prepaid principal by that
 * instalment's state. An instalment whose unpaid principal is all frozen cannot be named.
 *
 * A payment never pays more than is owed: an amount above the total outstanding (interest
 * owed + unpaid principal) is TD_ERULE "payment exceeds what is owed by X đồng", and
 * nothing changes.
 */
#ifndef TD_CREDIT_PAYMENT_H
#define TD_CREDIT_PAYMENT_H

#include "base/error.h"
#include "base/money.h"
#include "credit/loan.h"

#define PAYMENT_NO_INSTALMENT (-1)

struct payment_request {
	td_money amount; /* > 0 */
	td_date date;	 /* business date of the payment */
	int instalment;	 /* 0-based instalment the borrower names, or PAYMENT_NO_INSTALMENT */
};

struct payment_allocation {
	td_money overdue_interest;
	td_money in_term_interest;
	td_money overdue_principal;
	td_money due_principal;
	td_money prepaid_principal;
};

/* Interest owed (frozen too) plus unpaid principal (frozen too). TD_EINVAL if the loan
 * breaks its invariants. */
int payment_owed(const struct loan_state *loan, td_money *owed, struct td_error *err);

/* Applies req to `in`, writing the new state to `out` (out may be in; otherwise out's
 * instalment array needs room for in->count) and the split to *alloc. by_instalment, if
 * not NULL, has in->count entries and receives the principal paid on each instalment.
 * On error, out, alloc and by_instalment are unchanged. */
int payment_apply(const struct loan_state *in, const struct payment_request *req,
		  struct loan_state *out, struct payment_allocation *alloc, td_money *by_instalment,
		  struct td_error *err);

#endif
