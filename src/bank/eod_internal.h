/*
 * Shared by eod.c (the day) and eod_loan.c (one loan on that day) only.
 */
#ifndef TD_BANK_EOD_INTERNAL_H
#define TD_BANK_EOD_INTERNAL_H

#include "bank/eod.h"

/* loan.inactive_check_on of a loan whose flag only an event can change. */
#define EOD_CHECK_NEVER "2200-12-31" /* TD_YEAR_MAX: the last date the parsers accept */

/* Applies day's due transitions to loan id inside the caller's transaction (ctx's business
 * date is already day): books the overdue principal, stores the new state and adds what
 * happened to acc. */
int eod_loan_process(struct td_ctx *ctx, int64_t id, td_date day, struct eod_day *acc,
		     struct td_error *err);

#endif
