/*
 * Decisions that change a loan after disbursement (R-EXT-1, R-EXT-2, R-RISK-1;
 * docs/loans.md "Extension, rollover, rescheduling, freeze and write-off").
 *
 * Each function is one transaction: it checks the decision, applies the pure rules of
 * credit/extension.h (every failed rule listed, in Vietnamese), changes the loan, books what
 * moves between loan accounts, records one loan_event row (kind, decision number, date,
 * level, reason, preparer, approver, the loan's terms before and after as JSON) and one
 * audit record (entity "loan", action = the kind).
 *
 * Maker–checker: the actor prepares the decision and needs ACT_LOAN_RESTRUCTURE on the
 * loan's office; approver_id names another user, a director (holding the same action)
 * whose office subtree covers the loan and who is not disabled.
 *
 * Interest: rollover, freeze and write-off settle the interest accrued up to the decision
 * date into the loan's owed interest (lãi tồn) before changing the rate or the state, so
 * every day is charged at the rate and state it had. A frozen loan accrues nothing
 * (loan_accrue, R-RISK-1); unfreezing restarts accrual on the unfreeze date.
 */
#ifndef TD_BANK_LOAN_EVENT_H
#define TD_BANK_LOAN_EVENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "credit/extension.h"

/* R-RISK-1: one freeze decision covers at most 36 months; renewals up to 60 in all. */
#define LOAN_FREEZE_MONTHS_MAX 36
#define LOAN_FREEZE_TOTAL_MAX 60
#define LOAN_DECISION_TEXT_MAX 500

/* The decision common to every event. */
struct loan_decision {
	const char *decision_no; /* số quyết định, required */
	td_date decided_on;	 /* required, not after the business date */
	const char *level;	 /* freeze/unfreeze/write-off: "central", "province" or
				  * "district"; ignored (the office director decides) otherwise */
	const char *reason;	 /* required */
	int64_t approver_id;	 /* the deciding director (app_user id), not the actor */
};

/* R-EXT-1: moves instalment `instalment` (1-based) by `months`; the last instalment moves
 * the maturity too. No booking: the balance stays in term. TD_ERULE listing every failed
 * rule (over the limit, on or after the due date, no reason or approver) or when the new
 * date would reach the next instalment (reschedule instead); TD_ECONFLICT unless the loan
 * is in term or overdue with that instalment unpaid and not overdue. */
struct loan_extend_input {
	int64_t loan_id;
	int instalment;
	int months;
	struct loan_decision d;
};
int loan_extend(struct td_ctx *ctx, const struct loan_extend_input *in, int64_t *event_id,
		struct td_error *err);

/* R-EXT-2 rollover (lưu vụ): a short seasonal loan continues for `months` more from its
 * maturity at the programme's rate for a new loan on the decision date (programme_db);
 * every unpaid principal becomes one instalment due on the new maturity. seasonal is the
 * officer's statement that the loan finances a crop or livestock cycle (the loan does not
 * record it); it is kept in the event. */
struct loan_rollover_input {
	int64_t loan_id;
	int months;
	bool seasonal;
	struct loan_decision d;
};
int loan_rollover(struct td_ctx *ctx, const struct loan_rollover_input *in, int64_t *event_id,
		  struct td_error *err);

/* R-EXT-2 rescheduling: the unpaid principal gets the new instalments `plan` (due dates
 * after the decision, not after the maturity, summing to the balance). Paid instalments
 * stay (a partly paid one keeps its paid part); positions are renumbered by due date. */
struct loan_reschedule_input {
	int64_t loan_id;
	const struct ext_instalment *plan;
	size_t n;
	struct loan_decision d;
};
int loan_reschedule(struct td_ctx *ctx, const struct loan_reschedule_input *in, int64_t *event_id,
		    struct td_error *err);

/* R-RISK-1 freeze (khoanh nợ) from decided_on for `months` (1..36; a renewal of a frozen
 * loan adds up to 60 in all): Dr LOAN_FROZEN / Cr LOAN_IN_TERM, LOAN_OVERDUE for the unpaid
 * principal; status frozen; interest stops. */
int loan_freeze(struct td_ctx *ctx, int64_t loan_id, int months, const struct loan_decision *d,
		int64_t *event_id, struct td_error *err);

/* R-RISK-1 end of a freeze on decided_on: the principal goes back (Dr LOAN_IN_TERM,
 * LOAN_OVERDUE by its instalments / Cr LOAN_FROZEN) and interest accrues again from that
 * day. TD_ECONFLICT unless frozen. */
int loan_unfreeze(struct td_ctx *ctx, int64_t loan_id, const struct loan_decision *d,
		  int64_t *event_id, struct td_error *err);

/* R-RISK-1 write-off (xóa nợ): Dr CAPITAL_x of the loan's source and office / Cr the loan
 * account holding the unpaid principal (R-CAP-1: the source bears the loss, so what it can
 * still lend is unchanged; loan_event.capital_charged keeps the amount for `tindung check`);
 * the owed interest is forgiven (nothing was booked for it: cash basis); status
 * written_off, closed_on = decided_on. */
int loan_write_off(struct td_ctx *ctx, int64_t loan_id, const struct loan_decision *d,
		   int64_t *event_id, struct td_error *err);

/* {"items":[{"id","kind","decided_on","decision_no","level","reason","instalment","months",
 *  "until","user_id","approver_id","approver","business_date","entry_id","before","after"}]}
 * oldest first. Needs ACT_READ on the loan. */
int loan_events(struct td_ctx *ctx, int64_t loan_id, json_t **out, struct td_error *err);

/* Stable names of decision levels: "central", "province", "district". */
bool loan_level_valid(const char *level);

#endif
