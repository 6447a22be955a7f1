/*
 * Shared by the loan files (loan_disburse.c, loan_repay.c, loan_reverse.c, loan_read.c,
 * loan_state.c, loan_check.c), end of day (eod_loan.c, docs/eod.md), the commune
 * session's lists (csession_list.c) and the worklist (worklist.c) only.
 */
#ifndef TD_BANK_LOAN_INTERNAL_H
#define TD_BANK_LOAN_INTERNAL_H

#include "bank/access.h"
#include "bank/loan.h"
#include "credit/interest.h"
#include "credit/loan.h"

/* A loan as stored, with its instalments in st (owned: loan_row_free). */
struct loan_row {
	int64_t id, application_id, household_id, office_id, chapter_id, group_id, source_id;
	char programme[16];
	char status[16];
	td_rate rate;
	int overdue_pct;
	enum interest_convention conv;
	td_date disbursed, interest_from;
	td_money balance, interest_paid;
	struct loan_state st; /* amount, instalments, interest owed (lãi tồn) */
};

/* TD_ENOTFOUND naming id. */
int loan_row_load(struct td_store *s, int64_t id, struct loan_row *r, struct td_error *err);
void loan_row_free(struct loan_row *r);
struct td_scope loan_row_scope(const struct loan_row *r);

/* Interest accrued from interest_from up to the day before `on` (R-INT-1), per state,
 * each rounded once (R-INT-1): in-term principal at the rate, overdue principal at
 * overdue_pct % of it (R-RATE-2), nothing on a frozen loan (R-RISK-1). Due processing
 * settles interest up to the day an instalment goes overdue, so between two events each
 * instalment keeps its state. TD_ERULE when on is before interest_from. */
int loan_accrue(const struct loan_row *r, td_date on, td_money *in_term, td_money *overdue,
		struct td_error *err);

/* The interest a loan owes on the day before `on` (R-INT-1): what earlier repayments left
 * unpaid (lãi tồn, R-INT-2) plus what accrued since; nothing accrues before interest_from.
 * For the session lists (13/TD) and the worklist. */
int loan_interest_owed(struct td_store *s, int64_t loan, td_date on, td_money *out,
		       struct td_error *err);

/* Stored instalment status names <-> credit/loan.h's. */
int loan_inst_status_parse(const char *s, enum instalment_status *out);

/* What a repayment changes on its loan and loan_repay_reverse puts back (R-GL-1,
 * loan_reverse.c): r's status, interest_from, closed_on (ORG_NO_DATE: none), interest owed
 * and paid, balance, rate and each instalment of r->st, as canonical JSON text for
 * loan_repayment.before_json / after_json; last_event >= 0 adds the loan's last
 * loan_event id (before_json), -1 leaves it out. NULL when out of memory; the caller
 * frees. */
char *loan_undo_text(const struct loan_row *r, td_date closed_on, int64_t last_event);

/* loan_undo_text of r as loaded, before a repayment changes it, with its last loan_event
 * (a reversal refuses when a decision came after the repayment). */
int loan_undo_before(struct td_store *s, const struct loan_row *r, char **out,
		     struct td_error *err);

#endif
