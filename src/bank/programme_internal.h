/*
 * Shared by programme_db.c (programmes, rates, tags) and programme_terms.c (the dated
 * versions of a programme's terms, R-PRG-1) only.
 */
#ifndef TD_BANK_PROGRAMME_INTERNAL_H
#define TD_BANK_PROGRAMME_INTERNAL_H

#include <jansson.h>

#include "bank/programme_db.h"
#include "store/store.h"

#define PROGRAMME_SEED_SOURCE "seed: docs/parameters.md"

/* Index of s in names; -1 when absent. */
int prg_name_index(const char *const *names, int n, const char *s);
/* PRG_DATE_NEVER is stored as NULL (ORG_NO_DATE). */
td_date prg_never_to_none(td_date d);
td_date prg_none_to_never(td_date d);
/* Stored status and flag sets ("poor,near_poor"); the store wrote them, so they parse. */
uint32_t prg_status_mask(const char *text);
uint32_t prg_flag_mask(const char *text);
/* Reduced-rate flag sets "a,b;c" <-> sets; TD_EINVAL naming a bad name. */
int prg_reduced_parse(const char *text, uint32_t *sets, struct td_error *err);
void prg_reduced_text(const uint32_t *sets, char *buf, size_t size);

/* The terms version of out->id in force on `on` (or the first one when `on` is before
 * every version) into out->p, its caps into out->caps. */
int programme_terms_load(struct td_store *s, struct programme_db *out, td_date on,
			 struct td_error *err);
/* Inserts p's terms and caps as the version of programme pid from p->terms_from. */
int programme_terms_insert(struct td_ctx *ctx, int64_t pid, const struct programme *p,
			   const char *source, struct td_error *err);
/* The terms of p as JSON fields added to o (channel, term_kind, ..., caps, terms_from). */
void programme_terms_json(const struct programme *p, json_t *o);
/* [{"effective_from","source","recorded_on","recorded_by"}] of programme pid. */
int programme_terms_history(struct td_store *s, int64_t pid, json_t **out, struct td_error *err);

#endif
