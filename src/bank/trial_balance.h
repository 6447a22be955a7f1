/*
 * The trial balance (bảng cân đối tài khoản) of an office subtree as of the end of a
 * business date (R-GL-1; docs/ledger.md): per account type, programme and source, the
 * debit and credit totals of every posting dated on or before the date in the offices of
 * the subtree (the tree of that date), the balance on its side, and grand totals.
 */
#ifndef TD_BANK_TRIAL_BALANCE_H
#define TD_BANK_TRIAL_BALANCE_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"

/* {"office_id","office_code","date","rows":[{"type","name_vi","category","programme",
 *  "source_id","source_code","debit","credit","balance_debit","balance_credit"}],
 *  "total":{"debit","credit","balance_debit","balance_credit"},"balanced":true}
 * balance_debit = debit - credit when positive (else 0), balance_credit the other way.
 * "balanced" is whether both pairs of totals agree; when the ledger is intact they do.
 * Needs ACT_READ on office_id; TD_ENOTFOUND for an unknown office. */
int trial_balance(struct td_ctx *ctx, int64_t office_id, td_date date, json_t **out,
		  struct td_error *err);

#endif
