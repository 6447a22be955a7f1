/*
 * Due processing for one loan on one business day (R-DUE-1, R-DUE-2, R-INACT-1, R-EXT-1).
 *
 * due_process looks at each unsettled instalment's due day (the extended day if it was
 * extended, R-EXT-1) and returns what happens:
 *   - due today: "became_due";
 *   - due before today and still unpaid: "became_overdue", dated the day after its due day
 *     (R-DUE-1); or, when the programme allows it (R-DUE-2) and this is not the last
 *     instalment, "rolled": the unpaid part moves into the next instalment instead, unless
 *     the next one is itself overdue or rolled already (then it goes overdue);
 *   - the loan's unpaid interest exceeds three months of accrual: "inactive_flagged"
 *     (R-INACT-1); back at or below: "inactive_cleared".
 * Frozen principal (R-RISK-1) takes no part: only an instalment's active part
 * (loan_instalment_active) becomes due, overdue or rolls (a partly frozen instalment does not
 * roll: its active part goes overdue), and an instalment whose unpaid principal is all frozen
 * waits, in its status, until it is unfrozen.
 * Days the processing missed are caught up in order of due day: one call on a late day
 * ends in the same state as calling on every day in between (transitions keep their own
 * dates), so an instalment long past due becomes overdue, or rolls and the next one is
 * judged in turn.
 *
 * Pure: the new state goes to `out` (may be `in`); running the same day again on the new
 * state gives no transitions and the same state (idempotent). Each instalment yields at most
 * one transition per call, so DUE_TRANSITIONS_MAX(count) entries always suffice.
 */
#ifndef TD_CREDIT_DUE_H
#define TD_CREDIT_DUE_H

#include <stddef.h>

#include "base/error.h"
#include "credit/loan.h"

enum due_kind {
	DUE_BECAME_DUE,	      /* "became_due" */
	DUE_BECAME_OVERDUE,   /* "became_overdue" */
	DUE_ROLLED,	      /* "rolled" */
	DUE_INACTIVE_FLAGGED, /* "inactive_flagged" */
	DUE_INACTIVE_CLEARED, /* "inactive_cleared" */
	DUE_KIND_COUNT
};

struct due_transition {
	enum due_kind kind;
	int instalment;	 /* 0-based; -1 for the loan-level inactive flag */
	int into;	 /* DUE_ROLLED: the instalment that received it; otherwise -1 */
	td_date date;	 /* the day it took effect */
	td_money amount; /* principal concerned; unpaid interest for the inactive flag */
};

#define DUE_TRANSITIONS_MAX(count) ((count) + 1)

/* TD_EINVAL if `in` breaks the loan invariants; TD_ETOOBIG if cap < DUE_TRANSITIONS_MAX
 * or out has no room for the instalments. On error nothing is written. */
int due_process(const struct loan_state *in, td_date day, struct loan_state *out,
		struct due_transition *tr, size_t cap, size_t *count, struct td_error *err);

/* Stable names: "became_due", "became_overdue", "rolled", ... */
const char *due_kind_name(enum due_kind kind);

#endif
