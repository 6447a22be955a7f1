/*
 * Capital sources (R-CAP-1; docs/ledger.md): central (nguồn vốn trung ương: state budget,
 * VBSP mobilisation) and local (nguồn vốn ủy thác địa phương: money a People's Committee
 * entrusts, with its investor code and level). Each source belongs to one office.
 *
 * A source's balance is entrusted - lent + repaid: the credit balance of its CAPITAL_*
 * accounts minus the debit balance of the loan accounts (in term, overdue, frozen) that
 * name it. Both come from the ledger, so nothing else has to be kept in step. A write-off
 * (R-RISK-1, bank/loan_event.h) debits the capital account by the principal it takes off
 * the loan accounts: the source bears the loss, and what it can still lend is unchanged.
 *
 * Writes need ACT_CAPITAL_WRITE on the source's office, reads ACT_READ; each write is one
 * transaction with its audit record and its ledger entry.
 */
#ifndef TD_BANK_CAPITAL_H
#define TD_BANK_CAPITAL_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "base/money.h"

struct capital_input {
	const char *code;          /* unique: "TW-NS", "DP-HP-2025" */
	const char *kind;          /* "central" | "local" */
	const char *name;
	int64_t office_id;
	const char *investor;      /* local only: "UBND thành phố Hải Phòng" */
	const char *investor_code; /* local only */
	const char *investor_level; /* local only: province, district, commune */
};

/* Validates (every problem in one message: code, kind, name, office; a local source needs
 * investor, investor_code and investor_level; a central one takes none of them) and adds
 * the source. TD_EUNIQUE for a code in use. */
int capital_create(struct td_ctx *ctx, const struct capital_input *in, int64_t *id,
		   struct td_error *err);

/* {"id","code","kind","name","office_id","office_code","investor","investor_code",
 *  "investor_level","created_on","entrusted","returned","written_off","lent","available"}:
 * entrusted/returned from its transfers, written_off = principal of its loans written off
 * and charged to it (loan_event.capital_charged), lent = loan balances of the source,
 * available = capital balance - lent. TD_ENOTFOUND for an unknown id. */
int capital_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

/* {"items":[...same objects...],"total","limit","offset"}, the sources of the actor's
 * subtree, by code. */
int capital_list(struct td_ctx *ctx, int64_t limit, int64_t offset, json_t **out,
		 struct td_error *err);

enum capital_direction { CAPITAL_IN, CAPITAL_OUT };
/* "in" / "out"; TD_EINVAL naming both otherwise. */
int capital_direction_parse(const char *s, enum capital_direction *out, struct td_error *err);

/* Money entrusted to the source arriving at its office (in: Dr CASH / Cr CAPITAL_x) or
 * returned to the investor (out: the mirror; refused by capital_draw_check when the source
 * cannot cover it). amount > 0 and at most TD_MONEY_MAX_INPUT. *transfer_id and
 * *entry_id may be NULL. */
int capital_transfer(struct td_ctx *ctx, int64_t source_id, enum capital_direction dir,
		     td_money amount, const char *note, int64_t *transfer_id, int64_t *entry_id,
		     struct td_error *err);

/* What the source can still lend at office (0: all its offices): capital balance minus
 * loan balances, from the ledger. TD_ENOTFOUND for an unknown source. */
int capital_available(struct td_store *s, int64_t source_id, int64_t office_id,
		      td_money *amount, struct td_error *err);

/* The ledger account type of the source's capital: "CAPITAL_CENTRAL" or "CAPITAL_LOCAL"
 * (static strings). TD_ENOTFOUND for an unknown source. */
int capital_account_type(struct td_store *s, int64_t source_id, const char **type,
			 struct td_error *err);

/* TD_OK when amount can be drawn from the source; else TD_ERULE with
 * "nguồn vốn CODE chỉ còn Y đồng, không đủ Z đồng" (amounts with dots). For the
 * disbursement use case, inside its transaction. */
int capital_draw_check(struct td_store *s, int64_t source_id, int64_t office_id,
		       td_money amount, struct td_error *err);

#endif
