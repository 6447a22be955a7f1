/*
 * The chart of accounts (R-GL-1; docs/ledger.md): account types are data (migration 0006,
 * gl_account_type); a concrete account is (type, office, programme or "", source or 0),
 * created the first time something is booked on it.
 */
#ifndef TD_BANK_CHART_H
#define TD_BANK_CHART_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "store/store.h"

struct chart_type {
	char code[32];
	char name_vi[96];
	char category[16];    /* asset, liability, income, expense */
	char normal_side[8];  /* debit, credit */
	bool by_programme;    /* the account is split by programme */
	bool by_source;       /* ... and/or by capital source */
	char source_kind[8];  /* "" (any), "central" or "local": the sources it accepts */
};

/* The account type of code; TD_EINVAL naming the code when there is none. */
int chart_type_get(struct td_store *s, const char *code, struct chart_type *out,
		   struct td_error *err);

/* The concrete account's id, created (with a zero running balance) when absent.
 * The caller has validated the parts against the type (ledger.c does); asserts that
 * programme is not NULL. Runs inside the caller's transaction. */
int chart_account_id(struct td_store *s, const char *type, int64_t office_id,
		     const char *programme, int64_t source_id, int64_t *out, struct td_error *err);

/* [{"code","name_vi","category","normal_side","by_programme","by_source","source_kind"}]
 * in chart order. */
int chart_list(struct td_store *s, json_t **out, struct td_error *err);

#endif
