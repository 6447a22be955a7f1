/*
 * The documents that tests fill in: the commune People's Committee's confirmation of an
 * application (R-APP-3, bank/application.h) and a loan's loss assessment (R-RISK-1,
 * R-EXT-1, bank/loan_assess.h).
 */
#ifndef TD_TESTS_FORMS_H
#define TD_TESTS_FORMS_H

#include "bank/application.h"
#include "bank/loan_assess.h"

/* The UBND xã's document dated `on`, signed by its chairman, as a pointer to pass on. */
#define FIX_COMMUNE_DOC(on)                                                                        \
	(&(struct application_confirmation){(on), "15/UBND-XN", "Lê Văn Chủ", "Chủ tịch UBND xã"})

/* A loss assessment of loan made on `on` (the commune's document of the same day) with the
 * cause and loss (basis points); ctx acts (a director of the loan's office). */
static inline int fix_assess(struct td_ctx *ctx, int64_t loan, const char *cause, int loss_bp,
			     td_date on, int64_t *id, struct td_error *err)
{
	struct loan_assessment_input in = {.loan_id = loan,
					   .cause = cause,
					   .loss_bp = loss_bp,
					   .assessed_on = on,
					   .minutes_no = "07/BB-XĐTH",
					   .commune_doc_no = "21/UBND-XN",
					   .commune_doc_on = on,
					   .commune_signatory = "Lê Văn Chủ",
					   .commune_signatory_title = "Chủ tịch UBND xã"};
	return loan_assess(ctx, &in, id, err);
}

#endif
