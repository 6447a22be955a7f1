/*
 * Entrustment contracts (hợp đồng ủy thác): what a bank office signs with an organisation
 * chapter to entrust it with parts of the lending work, never with money (DOMAIN.md §1).
 * Number, signing date, parties and validity period; the number is unique per office.
 *
 * Writes need ACT_ORG_WRITE on {office_id, chapter_id}; reads ACT_READ.
 */
#ifndef TD_BANK_CONTRACT_H
#define TD_BANK_CONTRACT_H

#include <jansson.h>
#include <stdint.h>

#include "bank/chapter.h"
#include "bank/ctx.h"

struct contract_input {
	int64_t chapter_id;
	int64_t office_id;  /* the bank side */
	const char *number; /* "05/HĐUT" */
	td_date signed_on;
	const char *parties; /* who signed, as written on the contract */
	td_date valid_from;  /* not before signed_on */
	td_date valid_to;    /* ORG_NO_DATE = open */
};

/* Validates every field (each problem in the message): chapter and office exist, the
 * chapter is valid on valid_from, dates present and ordered, number unused at the office. */
int contract_create(struct td_ctx *ctx, const struct contract_input *in, int64_t *id,
		    struct td_error *err);

/* {"id","chapter_id","chapter_name","org","office_id","number","signed_on","parties",
 *  "valid_from","valid_to"} */
int contract_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

struct contract_filter {
	int64_t chapter_id; /* 0 = any */
	int64_t office_id;  /* 0 = any (the actor's subtree applies anyway) */
	td_date on;	    /* ORG_NO_DATE = any; else contracts valid on it */
	int64_t limit, offset;
};
int contract_list(struct td_ctx *ctx, const struct contract_filter *f, json_t **out,
		  struct td_error *err);

#endif
