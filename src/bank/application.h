/*
 * Loan applications through approval (R-APP-1..4; docs/applications.md).
 *
 * A household applies (form 01/TD) for a programme; the application then passes four
 * steps, in this order, each with its own actor and date:
 *   1. group vote (bình xét, R-APP-2): minutes 10C/TD, list 03/TD, the organisation's
 *      representative and the village head present, the members present and the votes
 *      for, against and abstaining;
 *   2. commune confirmation (UBND xã, R-APP-3): the commune People's Committee's document
 *      (number, date, signatory); the household is on the poverty list with a status the
 *      programme accepts, as valid on the application date (R-HH-4);
 *   3. office check (R-APP-4) by a credit officer, due within application.check_days
 *      working days (bank/param.h, 3 in the seed; the calendar of bank/calendar.h: Monday
 *      to Friday without public holidays) after the confirmation; a later check is
 *      recorded and flagged "late";
 *   4. the director's decision (R-APP-4): approve, or reject with a reason. The director
 *      must be neither the user who prepared the application nor the one who checked it
 *      (maker-checker).
 * A step out of order is refused with TD_ECONFLICT naming the step the application is at
 * and the step it needs first. Step dates never go back: each is on or after the previous
 * one, and none is after the business date.
 *
 * Eligibility (R-PRG-1, R-HH-4) is judged by credit/eligibility.h with the household's
 * status on the application date and the programme's terms in force on the day of the step
 * (bank/programme_db.h): at creation (application date) and again at approval (decision
 * date); the caps again at disbursement (application_cap_check). The cap per borrower
 * counts what the household already owes in the programme: its loans' outstanding balance
 * and its other approved applications not yet disbursed. Any blocking reason refuses the
 * write with TD_ERULE whose message lists every reason's code and the first one's text;
 * application_judge gives every reason with its Vietnamese message.
 *
 * Access (R-ORG-4): the scope is the household's office and its group's chapter and
 * group on the application date. Creating, voting and recording the commune's
 * confirmation need ACT_APPLICATION_PREPARE (credit officers; union officers for their
 * chapter's groups), the check ACT_APPLICATION_CHECK and the role credit_officer, the
 * decision ACT_APPLICATION_DECIDE and the role director; reads ACT_READ. Every write is one
 * transaction with one audit record (entity "application").
 */
#ifndef TD_BANK_APPLICATION_H
#define TD_BANK_APPLICATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "base/money.h"
#include "credit/eligibility.h"

#define APPLICATION_TEXT_MAX 2000 /* bytes of purpose, plan, reasons */

/* A reporting tag of an application (R-PRG-2): the programme's unless set. */
enum app_tag { APP_TAG_PROGRAMME = 0, APP_TAG_NO, APP_TAG_YES };

/* Form 01/TD. */
struct application_input {
	int64_t household_id;
	const char *programme;	   /* code: "1", "19" */
	td_money amount;	   /* đồng, > 0 */
	int term_months;	   /* > 0 */
	const char *purpose;	   /* mục đích sử dụng vốn, required */
	const char *purpose_flags; /* optional loan flags: "purpose_land", "business" */
	const char *plan;	   /* phương án sử dụng vốn, required */
	td_date applied_on;	   /* not after the business date */
	int study_months;	   /* programme 2 */
	int contract_months;	   /* programme 4 */
	td_money contract_value;   /* programmes 4, 12 */
	int jobs;		   /* programme 3: jobs the loan creates or keeps */
	td_money estimate_value;   /* programme 12, building: the works' estimate */
	td_money collateral_value; /* programme 12, building: the collateral's value */
	const char *ntp_tag;	   /* R-PRG-2; NULL: the programme's */
	enum app_tag resolution_11; /* R-PRG-2 */
	int64_t id;		   /* an existing application judged again, or 0 */
};

/* Judges in on its application date without writing: *out = {"eligible", "status",
 * "rate", "rate_pct", "cap", "max_term_months", "grace_months", "collateral_required",
 * "reasons":[{"code","message","blocking"}]}. Needs ACT_READ on the household. */
int application_judge(struct td_ctx *ctx, const struct application_input *in, json_t **out,
		      struct td_error *err);

/* Files the application (step "applied"); the rate for a new loan on applied_on is kept
 * with it (R-RATE-1). TD_ERULE when not eligible (every reason's code in the message), when
 * an entrusted programme's household is in no group on applied_on; TD_EINVAL for missing
 * or malformed fields; TD_ENOTFOUND for an unknown household or programme. */
int application_create(struct td_ctx *ctx, const struct application_input *in, int64_t *id,
		       struct td_error *err);

/* Step 1, the group vote (R-APP-2). At least one member present, votes_for +
 * votes_against + votes_abstain <= members_present <= the group's member households on the
 * vote date (for an application in a group), and votes_for > votes_against; TD_ERULE with
 * the figures otherwise. The member count is kept with the vote (minutes 10C/TD). */
struct application_vote {
	td_date on;
	const char *minutes_no;	  /* biên bản họp tổ 10C/TD */
	const char *list_no;	  /* danh sách đề nghị vay vốn 03/TD */
	const char *org_rep;	  /* the organisation's representative present */
	const char *village_head; /* trưởng thôn present */
	int members_present;	  /* số thành viên dự họp */
	int votes_for, votes_against, votes_abstain;
};
int application_vote(struct td_ctx *ctx, int64_t id, const struct application_vote *in,
		     struct td_error *err);

/* Step 2, the commune confirmation (R-APP-3): the commune People's Committee's document.
 * on is its date: not before the vote, not after the business date. The bank user who
 * records it is kept apart ("recorded_by"). */
struct application_confirmation {
	td_date on;
	const char *doc_no;	     /* số văn bản xác nhận của UBND xã */
	const char *signatory;	     /* người ký */
	const char *signatory_title; /* chức vụ: "Chủ tịch UBND xã" */
};
/* TD_EINVAL naming every missing field; TD_ERULE naming the status when the household's
 * status on the application date is not one the programme accepts. */
int application_confirm(struct td_ctx *ctx, int64_t id, const struct application_confirmation *in,
			struct td_error *err);

/* Step 3, the office check (R-APP-4); *late (may be NULL) tells whether it came more than
 * 3 working days after the confirmation. */
int application_check(struct td_ctx *ctx, int64_t id, td_date on, bool *late, struct td_error *err);

/* Step 4, the decision (R-APP-4). Rejecting needs a reason (TD_EINVAL without one);
 * approving judges eligibility again (TD_ERULE with every reason's code). */
int application_decide(struct td_ctx *ctx, int64_t id, td_date on, bool approve, const char *reason,
		       struct td_error *err);

/* {"id","household_id","head_name","cccd","programme","programme_name","group_id",
 *  "office_id","commune_code","amount","term_months","purpose","purpose_flags","plan",
 *  "study_months","contract_months","contract_value","applied_on","rate","rate_pct","step",
 *  "prepared_by","vote":{"vote_on","minutes_no","list_no","org_rep","village_head",
 *  "group_members","members_present","votes_for","votes_against","votes_abstain","by"}|null,
 *  "confirmation":{"confirm_on","doc_no","signatory","signatory_title","status",
 *  "recorded_by"}|null,"check":{..}|null,
 *  "decision":{..}|null,"eligibility":{as application_judge}}. TD_ENOTFOUND naming id. */
int application_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

struct application_filter {
	int64_t household_id; /* 0 = any */
	const char *step;     /* NULL = any */
	const char *commune;  /* NULL = any */
	int64_t limit, offset;
};
/* {"items":[{id, household_id, head_name, programme, amount, term_months, applied_on,
 *  step, commune_code, office_id, chapter_id, group_id}], "total","limit","offset"} in the
 *  actor's scope, newest first. */
int application_list(struct td_ctx *ctx, const struct application_filter *f, json_t **out,
		     struct td_error *err);

/* The result notice 04/TD (R-APP-4): the decisions dated `on` for applications of the
 * commune, in the actor's scope. {"commune_code","commune_name","date","approved",
 * "rejected","approved_amount","items":[{id, head_name, cccd, programme, amount,
 * term_months, rate_pct, decision, reason, decided_by}]} ordered by id. */
int application_notice(struct td_ctx *ctx, const char *commune, td_date on, json_t **out,
		       struct td_error *err);

/* The caps of application id for a loan of `amount` disbursed on `on` (R-PRG-1): the
 * programme's terms in force on `on` and what the household owes in the programme then,
 * this application excluded. TD_ERULE naming the figures when a cap is exceeded or cannot
 * be computed. For loan_disburse, inside its transaction; no access check. */
int application_cap_check(struct td_ctx *ctx, int64_t id, td_date on, td_money amount,
			  struct td_error *err);

#endif
