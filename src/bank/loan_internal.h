/*
 * Shared by the loan files (loan_disburse.c, loan_repay.c, loan_reverse.c, loan_read.c,
 * loan_state.c, loan_check.c, loan_rate.c), end of day (eod_loan.c, docs/eod.md), month
 * end's interest accrual (month_end_accrual.c), the commune session's lists
 * (csession_list.c) and the worklist (worklist.c) only.
 */
#ifndef TD_BANK_LOAN_INTERNAL_H
#define TD_BANK_LOAN_INTERNAL_H

#include "bank/access.h"
#include "bank/loan.h"
#include "credit/interest.h"
#include "credit/loan.h"
#include "credit/programme.h"

/* The rows of a programme's rate history that apply to outstanding balances (R-RATE-1):
 * few (a decision every few years), so a fixed array. */
#define LOAN_RATE_ROWS_MAX 32
struct loan_rate_rows {
	struct prg_rate rows[LOAN_RATE_ROWS_MAX];
	size_t n;
};
int loan_rate_rows_load(struct td_store *s, const char *programme, struct loan_rate_rows *out,
			struct td_error *err);

/* What a loan's rate over time depends on (loan_rate.c): its own rate fixed on rate_from
 * (disbursement or rollover) for a borrower with flags, and the programme's later rows. */
struct loan_rates {
	td_rate rate;
	td_date rate_from;
	uint32_t flags;
	const struct loan_rate_rows *rows; /* may be NULL: no row applies to outstanding */
};
/* The rate in force on day. */
int loan_rate_on(const struct loan_rates *lr, td_date day, td_rate *out, struct td_error *err);
/* The first day after `day` and before `before` on which the rate changes, or `before`. */
int loan_rate_next_change(const struct loan_rates *lr, td_date day, td_date before,
			  td_date *out, struct td_error *err);
/* Interest on p_in in term and p_od overdue (overdue_pct % of the rate, R-RATE-2) over
 * [from, to), split where the rate changes, each rounded once (R-INT-1). */
int loan_interest(const struct loan_rates *lr, td_money p_in, td_money p_od, td_date from,
		  td_date to, enum interest_convention conv, int overdue_pct, td_money *in,
		  td_money *od, struct td_error *err);

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
	td_date rate_from;    /* the day `rate` was fixed (disbursement or rollover) */
	uint32_t rate_flags;  /* the borrower's flags then (reduced rates, R-RATE-1) */
	struct loan_rate_rows *rate_rows; /* owned; the programme's rows for outstanding */
};

/* r's rates for loan_interest / loan_rate_on. */
struct loan_rates loan_row_rates(const struct loan_row *r);

/* TD_ENOTFOUND naming id. */
int loan_row_load(struct td_store *s, int64_t id, struct loan_row *r, struct td_error *err);
void loan_row_free(struct loan_row *r);
struct td_scope loan_row_scope(const struct loan_row *r);

/* Interest accrued from interest_from up to the day before `on` (R-INT-1), per state,
 * each rounded once (R-INT-1): in-term principal at the rate, overdue principal at
 * overdue_pct % of it (R-RATE-2), nothing on frozen principal (R-RISK-1). Due processing
 * settles interest up to the day an instalment goes overdue, so between two events each
 * instalment keeps its state. The rate changes where a programme row applying to
 * outstanding balances switches in (R-RATE-1, loan_interest). TD_ERULE when on is before
 * interest_from. */
int loan_accrue(const struct loan_row *r, td_date on, td_money *in_term, td_money *overdue,
		struct td_error *err);

/* The active (not frozen) unpaid principal, in term and overdue (R-RISK-1). */
void loan_active_split(const struct loan_state *st, td_money *in_term, td_money *overdue);

/* The status of a loan that is not closed: "overdue" when an overdue instalment has active
 * principal; "frozen" when all its unpaid principal is frozen (khoanh nợ, R-RISK-1);
 * "in_term" otherwise. Frozen debt is reported apart, so a partly frozen loan is judged by
 * its active principal. */
const char *loan_open_status(const struct loan_state *st);

/* ACT_READ on the loan id (R-ORG-4); TD_ENOTFOUND naming it. */
int loan_read_check(struct td_ctx *ctx, int64_t id, struct td_error *err);

/* {"items":[row(st) for every row of st]}: steps st (prepared when rc is TD_OK, else rc is
 * the error of preparing it) to the end and finalizes it. */
int loan_items_json(struct td_stmt *st, int rc, json_t *(*row)(struct td_stmt *st), json_t **out,
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
