/* Shared by the cash files (cash_*.c) and the commune session's opening and closing. */
#ifndef TD_BANK_CASH_INTERNAL_H
#define TD_BANK_CASH_INTERNAL_H

#include <stdint.h>

#include "bank/cash.h"
#include "bank/ledger.h"

/* An office as of a date: its code, kind ("head", "branch", "district") and parent
 * (0 for none). */
struct cash_office {
	int64_t id, parent;
	char code[48], kind[16];
};
/* TD_ENOTFOUND naming the id for an unknown office. */
int cash_office_load(struct td_store *s, int64_t id, td_date on, struct cash_office *o,
		     struct td_error *err);

/* One move of cash (a cash_transfer row and its entry), inside the caller's transaction. */
struct cash_move {
	int64_t office_id;
	const char *kind;	  /* "to_session", "from_session", "remit", "receive" */
	int64_t session_id;	  /* the two session kinds; else 0 */
	const char *counterparty; /* "bank" or "branch" for remit and receive; else NULL */
	int64_t branch_id;	  /* counterparty "branch"; else 0 */
	td_money amount;	  /* > 0 */
	const char *note;	  /* may be NULL */
	const char *ref;	  /* the entry's reference */
	const struct ledger_line *lines;
	int n;
};

/* Books m (entry kind "cash_" + m->kind) and inserts its row; *id and *entry may be NULL. */
int cash_move_book(struct td_ctx *ctx, const struct cash_move *m, int64_t *id, int64_t *entry,
		   struct td_error *err);

/* The balance (debit - credit) of the office's account of type (one not split by
 * programme or source) from the running totals: all that is booked, 0 when it has none. */
int cash_balance(struct td_store *s, const char *type, int64_t office_id, td_money *out,
		 struct td_error *err);

/* The session's opening cash, vault -> session (R-CASH-1): TD_ERULE when the vault holds
 * less. Nothing is booked for 0. */
int cash_session_out(struct td_ctx *ctx, int64_t session_id, int64_t office_id, td_money amount,
		     struct td_error *err);

/* Closing: what the session's cash account holds (its opening, lines and payouts) goes
 * back to the vault, so that the account of a closed session is zero. *back gets it. */
int cash_session_back(struct td_ctx *ctx, int64_t session_id, int64_t office_id, td_money *back,
		      struct td_error *err);

/* The entries of sessions: (session_id, entry_id) of their cash transfers, lines and
 * payouts. A subquery for "FROM (" CASH_SESSION_ENTRIES ") x". */
#define CASH_SESSION_ENTRIES                                                                       \
	"SELECT session_id, entry_id FROM cash_transfer WHERE session_id IS NOT NULL UNION "       \
	"SELECT session_id, entry_id FROM session_line UNION "                                     \
	"SELECT session_id, entry_id FROM session_payout"

#endif
