/*
 * The monthly commune session (phiên giao dịch xã, R-SES-1, R-SES-2; docs/sessions.md).
 * Not to be confused with bank/session.h, the sign-in sessions of users.
 *
 * A session belongs to one commune point and one date, held by the point's team of three
 * of that date (point_team). Before it, the list of each group (13/TD: interest owed,
 * principal due, savings) is printed; at it, the teller records in batches the cash that
 * crosses the desk; when the counted cash equals the expected cash (opening + in - out),
 * the team leader or the controller closes it, and a closed session takes nothing more.
 *
 * Every line of a batch goes through the use case of its kind (loan_repay, loan_disburse,
 * savings_deposit, savings_withdraw), which checks its own permission and books its own
 * ledger entry, all inside the batch's one transaction; session_line links each line to
 * that entry. Fee and commission lines pay what month end accrued (month_end.h, R-FEE-1,
 * R-FEE-2): the session books them itself (Dr FEE_PAYABLE or COMMISSION_PAYABLE / Cr
 * CASH_SESSION at the session's office, with ACT_FEE_PAY) into session_payout, one payout
 * per accrual row.
 *
 * The session's cash (R-CASH-1, bank/cash.h): opening takes the opening cash out of the
 * vault (Dr CASH_SESSION / Cr CASH; TD_ERULE when the vault holds less), every line of a
 * batch books CASH_SESSION instead of CASH, and closing brings the counted cash back.
 *
 * Access (docs/access.md): opening and recording need ACT_SESSION_WRITE, closing
 * ACT_SESSION_CLOSE, reading ACT_READ, on the point's office. err must not be NULL.
 */
#ifndef TD_BANK_COMMUNE_SESSION_H
#define TD_BANK_COMMUNE_SESSION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "base/money.h"

/* At most this many lines in one batch (a session of a commune has a few hundred). */
#define CSESSION_LINES_MAX 2000

struct csession_open_input {
	int64_t point_id;
	td_date on;		    /* the session date */
	const char *off_day_reason; /* required when `on` is not the point's meeting day */
	td_money opening_cash;	    /* cash the team brings from the office, >= 0 */
};

/* Opens the session of a point on a date. TD_ENOTFOUND for an unknown point or one not
 * open on the date; TD_EINVAL without a reason on another day than the meeting day (the
 * message names the meeting day), or with a negative opening cash; TD_ERULE when the
 * point's team of the date is incomplete (naming the missing duty) or the vault holds less
 * than the opening cash (R-CASH-1); TD_ECONFLICT when the point has a session on that date
 * already (naming it). *id may be NULL. */
int csession_open(struct td_ctx *ctx, const struct csession_open_input *in, int64_t *id,
		  struct td_error *err);

/* {"id","point_id","point_code","point_name","office_id","date","off_day_reason",
 *  "team":{"leader","controller","teller"} (staff ids),"opening_cash","cash_in",
 *  "cash_out","expected_cash","status":"open"|"closed","counted_cash" (null while open),
 *  "lines":[{"id","batch_id","kind","via","direction","group_id","household_id",
 *  "loan_id","account_id","chapter_id","amount","ref_id","entry_id"}]} with the lines in
 * batch order. A fee or commission line's id is its session_payout row, its ref_id the
 * accrual row it paid, its via "chapter" for a fee. */
int csession_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

/* The session of a point on a date: TD_ENOTFOUND naming both when there is none. */
int csession_find(struct td_ctx *ctx, int64_t point_id, td_date on, int64_t *id,
		  struct td_error *err);

/* The lists of R-SES-2 (form 13/TD) for the session's date: every open group the point
 * serves on that date, each member household on it with its unpaid loans (interest owed
 * up to the day before the session date, R-INT-1, and principal due on or before it) and
 * its open savings account:
 * {"session_id","point_code","date","groups":[{"group_id","code","name","members":[
 *  {"household_id","head_name","role","loans":[{"loan_id","programme","balance",
 *  "interest_due","principal_due","inactive"}],"savings_account_id" (or null),
 *  "savings_balance"}],
 *  "interest_due","principal_due","savings_balance","commissions":[{"commission_id",
 *  "month","leader_household_id","amount"}],"commission_payable"}],
 *  "interest_due","principal_due","savings_balance","commission_payable",
 *  "fees":[{"fee_id","chapter_id","chapter_name","month","amount"}],"fee_payable"}.
 * commissions: the group's commissions (R-FEE-2) not yet paid, of months whose month end
 * the session's office booked on or before the date; fees: the commune share (R-FEE-1) of
 * the same months not yet paid to the chapters of the communes the point serves on the
 * date: what the team pays out at the session. inactive: the loan is flagged inactive 3
 * months (R-INACT-1), for the team and the leader to follow up at the session. */
int csession_groups(struct td_ctx *ctx, int64_t session_id, json_t **out, struct td_error *err);

enum csession_kind {
	CSL_INTEREST,	  /* in: interest of a loan (R-INT-1), to at most what is owed */
	CSL_PRINCIPAL,	  /* in: principal of a loan whose interest is paid (R-PAY-1) */
	CSL_DEPOSIT,	  /* in: savings deposit (R-SAV-1) */
	CSL_WITHDRAWAL,	  /* out: savings withdrawal */
	CSL_DISBURSEMENT, /* out: a new loan from an approved application (R-DIS-1) */
	CSL_COMMISSION,	  /* out: a commission_accrual row to the group's leader (R-FEE-2) */
	CSL_FEE,	  /* out: the commune share of a fee_accrual row to its chapter (R-FEE-1) */
};
const char *csession_kind_name(enum csession_kind k); /* "interest", ... */
int csession_kind_parse(const char *s, enum csession_kind *out, struct td_error *err);

/* Who handed the money over at the desk: the household itself or its group leader, who
 * may bring interest and savings deposits, never principal (R-ORG-3), and pays nothing
 * out; a leader receiving its own commission is the one payment it takes in person. */
enum csession_via { CSV_HOUSEHOLD, CSV_GROUP_LEADER };
const char *csession_via_name(enum csession_via v); /* "household", "group_leader" */
int csession_via_parse(const char *s, enum csession_via *out, struct td_error *err);

struct csession_line {
	enum csession_kind kind;
	enum csession_via via;
	int64_t target;	   /* loan (interest, principal), savings account (deposit,
			    * withdrawal), approved application (disbursement),
			    * commission_accrual (commission) or fee_accrual (fee) row */
	int64_t source_id; /* disbursement only: the capital source (R-CAP-1) */
	td_money amount;   /* > 0; a disbursement: the approved amount */
};

/* Records one batch in one transaction: every line, in order, through its use case, on
 * the business date, which must be the session date; any refusal records nothing and
 * names the line ("line 3 (principal, loan 12): ..."). Needs ctx->idem_key (R-GL-3), one
 * batch per key and user: a key used for a batch already is TD_EIDEMPOTENCY (a retry
 * under its key is answered before this runs, bank/idempotency.h). Refused:
 * TD_ECONFLICT "phiên đã đóng" on a closed session; TD_ERULE for a principal line, a
 * withdrawal or a disbursement via a group leader (R-ORG-3), an interest line above the
 * interest owed, a principal line while interest is owed, and a line of a group the
 * point does not serve on the date; TD_EINVAL for an empty or oversized batch.
 * A commission or fee line (R-FEE-1, R-FEE-2) pays exactly what is payable: TD_ENOTFOUND
 * for an unknown accrual row; TD_ECONFLICT when it was paid already (naming the session
 * and date) or its month end was booked after the session date; TD_ERULE for another
 * amount, an accrual of another office, a group or chapter the point does not serve on
 * the date (a chapter: a commune chapter of one of the point's communes), a fee via a
 * group leader, or a commission of a group with no leader to receive it.
 * batch_id may be NULL. */
int csession_record(struct td_ctx *ctx, int64_t session_id, const struct csession_line *lines,
		    size_t n, int64_t *batch_id, struct td_error *err);

/* Closes the session when counted equals the expected cash; otherwise TD_ERULE with both
 * amounts and the difference. TD_ECONFLICT "phiên đã đóng" when closed already. */
int csession_close(struct td_ctx *ctx, int64_t session_id, td_money counted, struct td_error *err);

#endif
