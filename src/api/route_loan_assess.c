/*
 * /api/v1/loans/{id}/assessments: a loan's loss assessments (biên bản xác định thiệt hại,
 * R-RISK-1, R-EXT-1), the dossier that extension, freeze and write-off decisions name. GET
 * lists them oldest first; POST records one (ACT_LOAN_RESTRUCTURE on the loan, checked by
 * bank/loan_assess.c, which also names every missing field).
 */
#include "api/route_loan_assess.h"

#include <string.h>

#include "api/org_params.h"
#include "bank/loan_assess.h"

#define ASSESS_PATH "/api/v1/loans/{id}/assessments"

int route_loan_assessments_list(struct api_request *req, struct api_response *res,
				struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(ASSESS_PATH, req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = loan_assessments(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static int parse(json_t *body, struct loan_assessment_input *in, struct td_error *err)
{
	static const char *const keys[] = {"cause",
					   "loss_bp",
					   "assessed_on",
					   "minutes_no",
					   "commune_doc_no",
					   "commune_doc_on",
					   "commune_signatory",
					   "commune_signatory_title",
					   "note",
					   NULL};
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, keys, &p);
	org_field_text(body, "cause", &in->cause, &p);
	json_t *v = json_object_get(body, "loss_bp");
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 10000)
		problem_add(&p, TD_EINVAL,
			    "field 'loss_bp' must be the loss in basis points of the loan's "
			    "capital, 0..10000 (4000 = 40 %%)");
	else
		in->loss_bp = (int)json_integer_value(v);
	org_field_date(body, "assessed_on", &in->assessed_on, &p);
	org_field_text(body, "minutes_no", &in->minutes_no, &p);
	org_field_text(body, "commune_doc_no", &in->commune_doc_no, &p);
	org_field_date(body, "commune_doc_on", &in->commune_doc_on, &p);
	org_field_text(body, "commune_signatory", &in->commune_signatory, &p);
	org_field_text(body, "commune_signatory_title", &in->commune_signatory_title, &p);
	org_field_text(body, "note", &in->note, &p);
	return problems_finish(&p);
}

/* The assessment as the list shows it. */
static int respond(struct td_ctx *ctx, struct api_response *res, int64_t loan, int64_t id,
		   struct td_error *err)
{
	json_t *list = NULL, *found = NULL;
	int rc = loan_assessments(ctx, loan, &list, err);
	if (rc == TD_OK && !(found = org_list_take(list, id, "loan assessment", err)))
		rc = TD_EINTERNAL;
	return rc == TD_OK ? api_respond_json(res, 201, found, err) : rc;
}

/* POST {"cause", "loss_bp", "assessed_on", "minutes_no", "commune_doc_no",
 * "commune_doc_on", "commune_signatory", "commune_signatory_title", "note"?}: 201 with the
 * assessment. */
int route_loan_assessments_create(struct api_request *req, struct api_response *res,
				  struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct loan_assessment_input in = {.assessed_on = ORG_NO_DATE,
					   .commune_doc_on = ORG_NO_DATE};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(ASSESS_PATH, req->path, &in.loan_id, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = parse(body, &in, err);
	if (rc == TD_OK)
		rc = loan_assess(&ctx, &in, &id, err);
	if (rc == TD_OK)
		rc = respond(&ctx, res, in.loan_id, id, err);
	json_decref(body);
	return rc;
}
