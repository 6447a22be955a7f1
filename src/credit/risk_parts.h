/*
 * Freezing, unfreezing and writing off part of a loan (R-RISK-1; credit/loan.h "Frozen
 * debt"). Decision 50/2010 lets a freeze or a write-off cover part of the debt: an amount of
 * the principal and/or of the interest owed. These functions decide which instalments an
 * amount comes from, so that the rest of the loan goes on as before:
 *   - principal is taken from the overdue instalments first (oldest first: the debt the
 *     borrower already cannot pay), then from the last instalment backwards (as a
 *     prepayment is, R-PAY-1), so that the next instalments stay as agreed; a write-off
 *     takes frozen principal before any of that (oldest first);
 *   - interest from the overdue interest first, then the in-term interest; a write-off
 *     takes frozen interest before both.
 * Frozen principal stays on its instalment (loan_instalment.frozen) and comes back to it
 * when unfrozen; written-off principal counts as paid (an instalment left with nothing
 * becomes PAID); written-off interest leaves what is owed.
 *
 * Pure: the caller owns l and books what *moved says. On error l is unchanged.
 */
#ifndef TD_CREDIT_RISK_PARTS_H
#define TD_CREDIT_RISK_PARTS_H

#include "base/error.h"
#include "base/money.h"
#include "credit/loan.h"

/* "All of it" for an amount of principal or interest. */
#define RISK_ALL ((td_money)-1)

/* What moved. Principal by the state it left (freeze, write-off) or reached (unfreeze):
 * in term (active, not overdue), overdue (active part of an overdue instalment), frozen.
 * Interest by where it was owed. */
struct risk_moved {
	td_money in_term, overdue, frozen;
	td_money interest_in_term, interest_overdue, interest_frozen;
};

static inline td_money risk_moved_principal(const struct risk_moved *m)
{
	return m->in_term + m->overdue + m->frozen;
}

static inline td_money risk_moved_interest(const struct risk_moved *m)
{
	return m->interest_in_term + m->interest_overdue + m->interest_frozen;
}

/* Freezes `principal` of the active principal and `interest` of the interest owed (not yet
 * frozen); RISK_ALL freezes all of it. TD_ERULE naming the figures when an amount is above
 * what there is, or when nothing at all would be frozen; TD_EINVAL for a negative amount. */
int risk_freeze(struct loan_state *l, td_money principal, td_money interest,
		struct risk_moved *moved, struct td_error *err);

/* Unfreezes everything: each instalment's frozen principal back into its active part (in
 * term or overdue by its status), the frozen interest back into the in-term interest owed. */
void risk_unfreeze(struct loan_state *l, struct risk_moved *moved);

/* Writes off `principal` of the unpaid principal (frozen or not) and `interest` of the
 * interest owed (frozen or not); RISK_ALL writes off all of it. Errors as risk_freeze. */
int risk_write_off(struct loan_state *l, td_money principal, td_money interest,
		   struct risk_moved *moved, struct td_error *err);

#endif
