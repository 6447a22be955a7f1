/*
 * Shared by loan_event.c, loan_extend.c and loan_risk.c only: one decision on a loan run
 * as one transaction (loan_event_run), and the pieces the kinds share.
 */
#ifndef TD_BANK_LOAN_EVENT_INTERNAL_H
#define TD_BANK_LOAN_EVENT_INTERNAL_H

#include "bank/loan_event.h"
#include "bank/loan_internal.h"
#include "credit/risk.h"

/* What a kind's apply step leaves for the event row. */
struct loan_ev {
	struct td_ctx *ctx;
	const struct loan_decision *d;
	struct loan_row r;	      /* loaded before apply */
	char approver[64];	      /* username, "" when none */
	td_date maturity;	      /* in force before apply */
	int instalment, months;	      /* 0 when not applicable */
	td_date until;		      /* ORG_NO_DATE unless a freeze */
	int64_t entry;		      /* ledger entry, 0 when nothing was booked */
	td_money capital_charged;     /* write-off: principal taken off the source's capital */
	int64_t assessment_id;	      /* the dossier named, 0 when none */
	td_money principal, interest; /* frozen, unfrozen or written off */
	enum risk_level level; /* risk kinds: the deciding level (checked against the source) */
	char body[200];	       /* risk kinds: the deciding body */
	json_t *extra;	       /* facts of the request kept in "after" (may stay NULL) */
};

typedef int (*loan_ev_apply)(struct loan_ev *e, const void *in, struct td_error *err);

/* Checks the decision (risk: level required), opens the transaction, loads the loan,
 * checks ACT_LOAN_RESTRUCTURE and the approver, for risk kinds the deciding level against
 * the loan's capital source (R-RISK-1), runs apply, records the event and its audit record,
 * commits. */
int loan_event_run(struct td_ctx *ctx, int64_t loan_id, const char *kind, bool risk,
		   const struct loan_decision *d, loan_ev_apply apply, const void *in,
		   int64_t *event_id, struct td_error *err);

/* TD_ERULE with every failure of v, prefixed by the loan, when v lists any. */
int loan_ev_verdict(const struct loan_ev *e, const struct ext_verdict *v, struct td_error *err);

/* The facts credit/extension.h needs. */
int loan_ev_ext_loan(struct loan_ev *e, struct ext_loan *out, struct td_error *err);

/* Moves interest accrued up to `on` into the owed interest and settles up to `on`. */
int loan_ev_settle(struct loan_ev *e, td_date on, struct td_error *err);

/* Replaces the unpaid instalments with plan: paid instalments stay (a partly paid one is cut
 * to its paid part), everything is renumbered by due date. TD_ERULE when a date of plan
 * equals a kept one. The loan row (maturity, rate) is the caller's to update. */
int loan_ev_schedule_replace(struct loan_ev *e, const struct ext_instalment *plan, size_t n,
			     struct td_error *err);

/* The loss assessment id of the loan, made on or before the decision, allows decision d on
 * the decision date (credit/risk.h); sets e->assessment_id. TD_EINVAL without one,
 * TD_ENOTFOUND when it is not the loan's, TD_ERULE when made after the decision or when its
 * loss does not allow d. */
int loan_ev_assessment(struct loan_ev *e, int64_t id, enum risk_decision d, struct td_error *err);

/* Frozen principal of the loan (R-RISK-1). */
td_money loan_ev_frozen(const struct loan_row *r);

#endif
