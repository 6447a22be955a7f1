/*
 * Cash as the bank keeps it (R-CASH-1; docs/cash.md).
 *
 * Each office keeps its cash in places that are ledger accounts of the office:
 *   CASH          the vault (quỹ tiền mặt): every booking at the office's desk;
 *   CASH_SESSION  the cash a team took to a commune session and has not brought back yet:
 *                 a session's opening cash goes vault -> session when it opens, every line
 *                 of its batches comes in to or goes out of it, and the counted cash goes
 *                 session -> vault when it closes (csession_open.c, csession_close.c);
 *   BANK_DEPOSIT  the office's account at a bank (tiền gửi thanh toán);
 *   INTER_OFFICE  what a district office and its branch owe each other (liên chi nhánh).
 * Each move between them is one balanced entry and one cash_transfer row.
 *
 * A remittance (nộp tiền, điều chuyển vốn) moves vault cash to the office's bank account
 * or to the branch's account, and a receipt brings it back:
 *   remit, bank:     Dr BANK_DEPOSIT / Cr CASH                     (the office)
 *   remit, branch:   Dr INTER_OFFICE / Cr CASH                     (the district office)
 *                    Dr BANK_DEPOSIT / Cr INTER_OFFICE             (its branch)
 *   receive: the mirrors. Refused when the vault (remit) or the account paying (receive)
 *   holds less than the amount.
 *
 * The vault limit (hạn mức tồn quỹ) is a dated row per office that an administrator of an
 * office above it sets; at the end of a day whose closing vault is above the limit, the
 * cash position report and `tindung eod` name the office and the amount to remit, the
 * same or the next working day. A warning, never a refusal: cash comes in when borrowers
 * bring it.
 *
 * Access: remittances need ACT_CASH_REMIT on the office (tellers and directors); limits
 * ACT_CASH_LIMIT on the office's parent of the business date (administrators of the
 * branch or above: the office's own users cannot raise their own limit); reads ACT_READ.
 */
#ifndef TD_BANK_CASH_H
#define TD_BANK_CASH_H

#include <jansson.h>
#include <stdint.h>

#include "bank/check.h"
#include "bank/ctx.h"
#include "base/money.h"

/* The account the cash of a booking in ctx crosses: "CASH" (the vault) or "CASH_SESSION"
 * (inside a commune session's batch, ctx->cash_session_id). Static strings. */
const char *cash_account(const struct td_ctx *ctx);

enum cash_direction { CASH_REMIT, CASH_RECEIVE };
enum cash_counterparty { CASH_BANK, CASH_BRANCH };
/* "remit" / "receive", "bank" / "branch"; TD_EINVAL naming the accepted words. */
int cash_direction_parse(const char *s, enum cash_direction *out, struct td_error *err);
int cash_counterparty_parse(const char *s, enum cash_counterparty *out, struct td_error *err);

struct cash_remit_input {
	int64_t office_id;
	enum cash_direction dir;
	enum cash_counterparty counterparty;
	td_money amount;  /* 1..10^15 */
	td_date on;	  /* must be the business date: the entry is booked on it */
	const char *note; /* may be NULL */
};

/* Books one remittance or receipt (above) with its cash_transfer row and audit record.
 * TD_ENOTFOUND for an unknown office; TD_EFORBIDDEN; TD_EINVAL for an amount outside
 * 1..10^15 or a date other than the business date (every problem in one message);
 * TD_ERULE for a branch counterparty of an office that is not a district office under a
 * branch on the date, or when the vault (remit) or the bank account that pays (receive)
 * holds less than the amount. *out: {"id","office_id","office_code","direction",
 * "counterparty","branch_id","branch_code" (null for a bank),"amount","business_date",
 * "note","entry_id","vault"} with the vault after it; the caller frees it. */
int cash_remit(struct td_ctx *ctx, const struct cash_remit_input *in, json_t **out,
	       struct td_error *err);

/* Sets office's vault limit to amount (0..10^15) from effective_from, which may not be
 * before the business date (a past day's warnings do not change). TD_ENOTFOUND for an
 * unknown office, TD_EFORBIDDEN, TD_EINVAL, TD_ECONFLICT when the office has a limit from
 * that date already (a limit is never edited: give a later date). *id may be NULL. */
int cash_limit_set(struct td_ctx *ctx, int64_t office_id, td_money amount, td_date effective_from,
		   const char *note, int64_t *id, struct td_error *err);

/* The office's limits, newest first: {"office_id","office_code","items":[{"id","amount",
 * "effective_from","note","set_on","username"}]}. TD_ENOTFOUND, TD_EFORBIDDEN. */
int cash_limits(struct td_ctx *ctx, int64_t office_id, json_t **out, struct td_error *err);

/* The cash position (R-CASH-1) of the offices of office_id's subtree (the tree of date)
 * that keep cash or have a limit, at the end of date:
 * {"office_id","office_code","date","offices":[{"office_id","office_code","office_name",
 *  "opening","cash_in","cash_out","to_sessions","from_sessions","remitted","received",
 *  "closing","at_sessions","bank_deposit","inter_office","limit" (null: none set),
 *  "excess"}],"total":{the same sums, no limit},"over_limit":N}
 * opening and closing are the vault's; cash_in/cash_out what the vault took and paid at
 * the desk; to/from_sessions the sessions' cash out and back; remitted/received the
 * remittances; closing = opening + cash_in - cash_out - to_sessions + from_sessions -
 * remitted + received. at_sessions: cash still out at sessions; inter_office: debit minus
 * credit. excess = closing - limit when above it, else 0; over_limit counts those offices.
 * Offices by code. Needs ACT_READ on office_id; TD_ENOTFOUND for an unknown office. */
int cash_position(struct td_ctx *ctx, int64_t office_id, td_date date, json_t **out,
		  struct td_error *err);

/* Checks of `tindung check` (check.h): every closed commune session's cash account is
 * back to zero, and no CASH_SESSION posting lies outside a session; the INTER_OFFICE
 * accounts of the whole bank sum to zero. */
int cash_session_check(struct td_store *s, td_date upto, struct check_report *r,
		       struct td_error *err);
int cash_inter_office_check(struct td_store *s, td_date upto, struct check_report *r,
			    struct td_error *err);

#endif
