/*
 * The general ledger (R-GL-1, R-GL-3; docs/ledger.md): balanced double entries on the
 * accounts of chart.h, never updated or deleted; a mistake is reversed by a mirror entry.
 *
 * ledger_post and ledger_reverse run inside the caller's transaction (bank_tx_begin) and
 * do not check permission: the use case that books (capital.c, later disbursement,
 * repayment...) has checked it. They record the business date, the acting user and
 * ctx->idem_key (may be NULL) on the entry, and keep each account's running totals
 * (gl_balance) in the same transaction.
 */
#ifndef TD_BANK_LEDGER_H
#define TD_BANK_LEDGER_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "base/money.h"

/* One line of an entry: exactly one of debit and credit is positive. */
struct ledger_line {
	const char *type;      /* account type code: "CASH", "CAPITAL_LOCAL"... */
	int64_t office_id;
	const char *programme; /* programme code; NULL or "" when the type has none */
	int64_t source_id;     /* capital source; 0 when the type has none */
	td_money debit;
	td_money credit;
};

/* Pure checks of lines built from input, before ledger_post: each line has one side
 * positive and the other zero (TD_EINVAL naming the line), the sums fit (TD_EOVERFLOW),
 * and debits equal credits in total and for every office (TD_EINVAL with both sums;
 * an entry between offices goes through INTER_OFFICE). */
int ledger_check_lines(const struct ledger_line *lines, int n, struct td_error *err);

/* Books one entry of kind ("capital_in", "disbursement"...) with a reference a person can
 * follow ("transfer 12"). Validates every line: sides and sums as above, the account type
 * exists, the office exists, programme and source are given exactly when the type is split
 * by them, the source exists and is of the kind the type accepts (TD_EINVAL / TD_EOVERFLOW
 * / TD_EFOREIGN naming the line). An entry whose debits and credits differ (in total or
 * within one office) is a bug of the caller and aborts: callers holding input run
 * ledger_check_lines first. *entry_id (may be NULL) gets the new entry's id. */
int ledger_post(struct td_ctx *ctx, const char *kind, const char *ref,
		const struct ledger_line *lines, int n, int64_t *entry_id, struct td_error *err);

/* Books the mirror of entry_id (debits and credits swapped) on the business date, linked to
 * it by reverses_id, with the reason (required). TD_ENOTFOUND for an unknown entry,
 * TD_ECONFLICT if it was reversed already or is itself a reversal. */
int ledger_reverse(struct td_ctx *ctx, int64_t entry_id, const char *reason, int64_t *new_id,
		   struct td_error *err);

/* Entries whose lines touch an office of the subtree of office_id (0: the actor's office),
 * with business dates in [from, to] (ORG_NO_DATE: open), newest first:
 * {"items":[{"id","kind","ref","business_date","username","idem_key","reverses_id",
 * "reversed_by","reason","lines":[{"account_id","type","office_id","office_code",
 * "programme","source_id","debit","credit"}]}],"total","limit","offset"}.
 * Needs ACT_READ on office_id. Only the lines of the subtree are shown: each office's part
 * of an entry balances by itself (ledger_check_lines), so what is shown balances too. */
struct ledger_filter {
	int64_t office_id;
	td_date from, to;
	int64_t limit, offset;
};
int ledger_entries(struct td_ctx *ctx, const struct ledger_filter *f, json_t **out,
		   struct td_error *err);

#endif
