/*
 * A loan's loss assessment (biên bản xác định mức độ thiệt hại; R-RISK-1, R-EXT-1;
 * docs/loans.md "Risk handling"): the dossier that an extension, a freeze or a write-off
 * names (bank/loan_event.h).
 *
 * It records the cause (credit/risk.h's fixed list), the loss as a share of the loan's
 * capital (basis points: 4000 = 40 %), the day of the assessment and its minutes' number,
 * and the commune People's Committee's confirmation of the cause and the loss: its document
 * number, date and signatory (name and title). The bank user who records it is kept apart.
 *
 * Recording needs ACT_LOAN_RESTRUCTURE on the loan (the office's directors, who decide what
 * follows from it); reading ACT_READ. One transaction with one audit record (entity
 * "loan", action "assess").
 */
#ifndef TD_BANK_LOAN_ASSESS_H
#define TD_BANK_LOAN_ASSESS_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"

#define LOAN_ASSESS_TEXT_MAX 200 /* bytes of a number, a name or a title */
#define LOAN_ASSESS_NOTE_MAX 1000

struct loan_assessment_input {
	int64_t loan_id;
	const char *cause;	    /* "natural_disaster", "death"... (credit/risk.h) */
	int loss_bp;		    /* 0..10000 */
	td_date assessed_on;	    /* after disbursement, not after the business date */
	const char *minutes_no;	    /* biên bản xác định thiệt hại */
	const char *commune_doc_no; /* UBND xã: số văn bản xác nhận */
	td_date commune_doc_on;	    /* its date: after disbursement, not after the business date */
	const char *commune_signatory;	     /* who signed it */
	const char *commune_signatory_title; /* "Chủ tịch UBND xã" */
	const char *note;		     /* optional */
};

/* Records the assessment. TD_EINVAL naming every missing or malformed field (in Vietnamese);
 * TD_ENOTFOUND for an unknown loan; TD_ECONFLICT for a closed or written-off loan;
 * TD_EFORBIDDEN outside the actor's rights. */
int loan_assess(struct td_ctx *ctx, const struct loan_assessment_input *in, int64_t *id,
		struct td_error *err);

/* {"items":[{"id","loan_id","cause","cause_label","loss_bp","loss_pct","assessed_on",
 *  "minutes_no","commune_doc_no","commune_doc_on","commune_signatory",
 *  "commune_signatory_title","note","recorded_by","business_date"}]}, oldest first. */
int loan_assessments(struct td_ctx *ctx, int64_t loan_id, json_t **out, struct td_error *err);

#endif
