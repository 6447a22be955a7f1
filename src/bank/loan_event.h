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
 * Interest: rollover, freeze, unfreeze and write-off settle the interest accrued up to the
 * decision date into the loan's owed interest (lãi tồn) before changing the rate or the
 * state, so every day is charged at the rate and state it had. Frozen principal accrues
 * nothing (loan_accrue, R-RISK-1); unfreezing restarts accrual on it from the unfreeze date.
 *
 * The dossier (R-RISK-1, R-EXT-1): an extension, a freeze and a write-off name the loan's
 * loss assessment (bank/loan_assess.h), whose loss share must allow the decision on its
 * date (credit/risk.h: extension under 40 %, freeze from 40 %, write-off for a personal
 * cause or a total loss). A freeze, an unfreeze and a write-off are decided at the level the
 * loan's capital source calls for (central capital: the head office's board; local capital:
 * the People's Committee that entrusted it, at its level); a decision at another level is
 * TD_ERULE naming the level required. The deciding body and its decision (number, date) are
 * kept in the event.
 */
#ifndef TD_BANK_LOAN_EVENT_H
#define TD_BANK_LOAN_EVENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "credit/extension.h"
#include "credit/risk_parts.h"

/* R-RISK-1: one freeze decision covers at most 36 months; renewals up to 60 in all. */
#define LOAN_FREEZE_MONTHS_MAX 36
#define LOAN_FREEZE_TOTAL_MAX 60
#define LOAN_DECISION_TEXT_MAX 500
#define LOAN_DECISION_BODY_MAX 190

/* The decision common to every event. For freeze, unfreeze and write-off, decision_no and
 * decided_on are the deciding body's own decision (the board's, or the People's
 * Committee's for local capital). */
struct loan_decision {
	const char *decision_no; /* số quyết định, required */
	td_date decided_on;	 /* required, not after the business date */
	const char *level;	 /* freeze/unfreeze/write-off: "central", "province",
				  * "district" or "commune", the one the source calls for;
				  * ignored (the office director decides) otherwise */
	const char *body;	 /* freeze/unfreeze/write-off: the deciding body; NULL: the
				  * source's investor, or the board for central capital */
	const char *reason;	 /* required */
	int64_t approver_id;	 /* the bank's director who records it (app_user id), not the
				  * actor (maker–checker) */
};

/* R-EXT-1: moves instalment `instalment` (1-based) by `months`; the last instalment moves
 * the maturity too. No booking: the balance stays in term. The borrower's objective
 * difficulty is the loss assessment `assessment_id` of this loan, made on or before the
 * decision, whose loss must be under the freeze threshold (credit/risk.h). TD_ERULE listing
 * every failed rule (over the limit, on or after the due date, no reason or approver), when
 * the loss is too high (freeze instead) or when the new date would reach the next
 * instalment (reschedule instead); TD_EINVAL without an assessment, TD_ENOTFOUND for one
 * that is not the loan's; TD_ECONFLICT unless the loan is in term with that instalment
 * unpaid and not overdue. */
struct loan_extend_input {
	int64_t loan_id;
	int instalment;
	int months;
	struct loan_decision d;
	int64_t assessment_id;
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
 * stay (a partly paid one keeps its paid part); positions are renumbered by due date.
 * Rollover and rescheduling are refused (TD_ECONFLICT) while part of the loan is frozen:
 * unfreeze first. */
struct loan_reschedule_input {
	int64_t loan_id;
	const struct ext_instalment *plan;
	size_t n;
	struct loan_decision d;
};
int loan_reschedule(struct td_ctx *ctx, const struct loan_reschedule_input *in, int64_t *event_id,
		    struct td_error *err);

/* R-RISK-1 in parts (credit/risk_parts.h): `principal` of the unpaid principal and
 * `interest` of the interest owed (settled up to the decision date), LOAN_RISK_ALL for all
 * of it; the rest of the loan goes on. assessment_id: the loan's loss assessment, made on
 * or before the decision (required for a freeze and a write-off). */
#define LOAN_RISK_ALL RISK_ALL
struct loan_risk_input {
	int64_t loan_id;
	td_money principal, interest;
	int months; /* freeze: 1..36 */
	int64_t assessment_id;
	struct loan_decision d;
};

/* R-RISK-1 freeze (khoanh nợ) from decided_on for `months` (1..36): the amounts (one at
 * least) stop bearing interest and are not due; Dr LOAN_FROZEN / Cr LOAN_IN_TERM,
 * LOAN_OVERDUE for the principal. On a loan with frozen debt the decision renews the freeze
 * by `months` (up to 60 in all; until counts from the running freeze's end) and may freeze
 * more (amounts may then be 0). The loss must reach the freeze threshold. Status frozen
 * when all the unpaid principal is frozen. */
int loan_freeze(struct td_ctx *ctx, const struct loan_risk_input *in, int64_t *event_id,
		struct td_error *err);

/* R-RISK-1 end of a freeze on decided_on: every frozen amount goes back where it was
 * (principal to its instalments: Dr LOAN_IN_TERM, LOAN_OVERDUE by their status /
 * Cr LOAN_FROZEN; interest to the in-term interest owed) and bears interest again from that
 * day. TD_ECONFLICT when nothing is frozen. */
int loan_unfreeze(struct td_ctx *ctx, int64_t loan_id, const struct loan_decision *d,
		  int64_t *event_id, struct td_error *err);

/* R-RISK-1 write-off (xóa nợ) of the amounts (one at least): the principal leaves the loan
 * accounts (frozen first) for the capital of the loan's source, Dr CAPITAL_x of the source
 * and office / Cr LOAN_FROZEN, LOAN_OVERDUE, LOAN_IN_TERM (R-CAP-1: the source bears the
 * loss, so what it can still lend is unchanged; loan_event.capital_charged keeps the amount
 * for `tindung check`); the interest leaves what is owed (nothing was booked for it: cash
 * basis). The assessment must show a personal cause or a total loss. When nothing is owed
 * any more the loan is written_off, closed_on = decided_on. */
int loan_write_off(struct td_ctx *ctx, const struct loan_risk_input *in, int64_t *event_id,
		   struct td_error *err);

/* {"items":[{"id","kind","decided_on","decision_no","level","body","reason","instalment",
 *  "months","until","assessment_id","principal","interest","user_id","approver_id",
 *  "approver","business_date","entry_id","before","after"}]} oldest first. Needs ACT_READ
 * on the loan. */
int loan_events(struct td_ctx *ctx, int64_t loan_id, json_t **out, struct td_error *err);

#endif
