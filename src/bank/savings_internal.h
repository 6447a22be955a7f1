/* Shared by the savings files (savings.c, savings_txn.c, savings_interest.c,
 * savings_reverse.c). */
#ifndef TD_BANK_SAVINGS_INTERNAL_H
#define TD_BANK_SAVINGS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "bank/access.h"
#include "base/money.h"

/* What the writes need of an account. */
struct savings_row {
	int64_t id, household_id, group_id, chapter_id, office_id;
	td_date opened_on;
	bool closed;
	td_money balance; /* cached */
};

/* Loads the account; TD_ENOTFOUND naming it. */
int savings_row_load(struct td_store *s, int64_t id, struct savings_row *out,
		     struct td_error *err);

/* access_check of act on the account's {office, chapter, group}. */
int savings_row_access(struct td_ctx *ctx, const struct savings_row *a, enum td_action act,
		       struct td_error *err);

/* Records a movement and its audit line, and moves the cached balance by delta (the
 * CHECK on the column refuses a negative balance). */
int savings_txn_record(struct td_ctx *ctx, const struct savings_row *a, const char *kind,
		       td_money amount, td_money delta, td_date from, td_date to, int64_t entry,
		       int64_t *txn_id, struct td_error *err);

#endif
