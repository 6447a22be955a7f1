/*
 * /api/v1/loans: disbursement, reading and repayment of loans, in cash or from the
 * borrower's savings (R-SAV-1; docs/loans.md), and reversal of a repayment (R-GL-1). Thin
 * handlers: parse, call bank/loan.h, answer JSON; the bank decides permission
 * (ACT_LOAN_DISBURSE and ACT_LOAN_REPAY: tellers and directors; reversal
 * ACT_LOAN_RESTRUCTURE: directors; reads ACT_READ). Money is a JSON integer of đồng,
 * never a number with a fraction. A write replayed under the same Idempotency-Key gets its
 * first answer and books nothing (R-GL-3, idempotency.c).
 */
#include "api/route_loan.h"

#include <string.h>

#include "api/org_params.h"
#include "bank/loan.h"

#define LOAN_PATH "/api/v1/loans/{id}"
#define REPAY_PATH "/api/v1/loans/{id}/repayments"
#define REVERSAL_PATH "/api/v1/loans/{id}/repayments/{rid}/reversal"

/* ?household_id, status, inactive, limit, offset: the loans of the actor's scope, newest
 * first; inactive=true keeps the loans flagged inactive 3 months (R-INACT-1). */
int route_loans_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	struct loan_filter f = {0};
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "household_id", &f.household_id, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &f.limit, &f.offset, err);
	if (rc == TD_OK)
		rc = org_query_bool(req, "inactive", &f.inactive_only, err);
	f.status = api_query(req, "status");
	if (rc == TD_OK)
		rc = loan_list(&ctx, &f, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static int respond_loan(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			struct td_error *err)
{
	json_t *j = NULL;
	int rc = loan_get(ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

/* A small optional count (months, a position): absent leaves 0. */
static void field_small(json_t *o, const char *key, int max, int *out, struct org_problems *p)
{
	int64_t v = 0;
	org_field_int(o, key, &v, p);
	if (v < 0 || v > max)
		problem_add(p, TD_EINVAL, "field '%s' is %lld, must be 1..%d", key, (long long)v,
			    max);
	else
		*out = (int)v;
}

static void field_required_date(json_t *o, const char *key, td_date *out, struct org_problems *p)
{
	*out = ORG_NO_DATE;
	org_field_date(o, key, out, p);
	if (!json_object_get(o, key))
		problem_add(p, TD_EINVAL, "field '%s' is missing (YYYY-MM-DD)", key);
}

/* POST {"application_id","source_id","amount","disbursed_on","interval_months"?}: the
 * approved application becomes a loan with its schedule (R-DIS-1); 201 with the loan. */
int route_loans_disburse(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"application_id", "source_id",	"amount",
					   "disbursed_on",   "interval_months", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	struct loan_disburse_input in = {0};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_int(body, "application_id", &in.application_id, &p);
		org_field_int(body, "source_id", &in.source_id, &p);
		if (in.application_id <= 0)
			problem_add(&p, TD_EINVAL, "field 'application_id' is missing (an id)");
		if (in.source_id <= 0)
			problem_add(&p, TD_EINVAL, "field 'source_id' is missing (an id)");
		org_field_money(body, "amount", &in.amount, &p);
		field_required_date(body, "disbursed_on", &in.on, &p);
		field_small(body, "interval_months", LOAN_INTERVAL_DEFAULT, &in.interval_months,
			    &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = loan_disburse(&ctx, &in, &id, err);
	json_decref(body);
	return rc == TD_OK ? respond_loan(&ctx, res, 201, id, err) : rc;
}

int route_loans_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(LOAN_PATH, req->path, &id, 1, err);
	return rc == TD_OK ? respond_loan(&ctx, res, 200, id, err) : rc;
}

/* The answer of a repayment: what was taken, how it was applied (R-PAY-1), and the loan
 * after it. */
static int respond_repayment(struct td_ctx *ctx, struct api_response *res,
			     const struct loan_repay_input *in, const struct payment_allocation *a,
			     int64_t rep_id, struct td_error *err)
{
	json_t *loan = NULL;
	int rc = loan_get(ctx, in->loan_id, &loan, err);
	if (rc != TD_OK)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	json_t *alloc = json_pack(
		"{s:I, s:I, s:I, s:I, s:I}", "overdue_interest", (json_int_t)a->overdue_interest,
		"in_term_interest", (json_int_t)a->in_term_interest, "overdue_principal",
		(json_int_t)a->overdue_principal, "due_principal", (json_int_t)a->due_principal,
		"prepaid_principal", (json_int_t)a->prepaid_principal);
	json_t *j = json_pack(
		"{s:I, s:I, s:s, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)rep_id, "loan_id",
		(json_int_t)in->loan_id, "paid_on", date_format_iso(in->on, iso, sizeof iso),
		"amount", (json_int_t)in->amount, "instalment",
		in->instalment ? json_integer(in->instalment) : json_null(), "savings_account_id",
		in->from_savings ? json_integer(in->from_savings) : json_null(), "allocation",
		alloc, "loan", loan);
	if (!j)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	return api_respond_json(res, 201, j, err);
}

/* POST {"amount","paid_on","instalment"?,"savings_account_id"?}: a repayment (R-INT-1,
 * R-PAY-1), in cash or from the borrower's own savings account (R-SAV-1); 422 naming what is
 * owed when the amount is above it, or both amounts when the savings do not cover it. */
int route_loans_repay(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"amount", "paid_on", "instalment", "savings_account_id",
					   NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	struct loan_repay_input in = {0};
	struct payment_allocation a = {0};
	int64_t rep_id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(REPAY_PATH, req->path, &in.loan_id, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_money(body, "amount", &in.amount, &p);
		field_required_date(body, "paid_on", &in.on, &p);
		field_small(body, "instalment", LOAN_SCHEDULE_MAX, &in.instalment, &p);
		json_t *acc = json_object_get(body, "savings_account_id");
		org_field_int(body, "savings_account_id", &in.from_savings, &p);
		if (json_is_integer(acc) && json_integer_value(acc) == 0)
			problem_add(
				&p, TD_EINVAL,
				"field 'savings_account_id' must be the id of a savings account "
				"(1 or more), or null for cash");
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = loan_repay(&ctx, &in, &a, &rep_id, err);
	if (rc == TD_OK)
		rc = respond_repayment(&ctx, res, &in, &a, rep_id, err);
	json_decref(body);
	return rc;
}

/* The repayment rid in loan's "repayments", or NULL. */
static json_t *repayment_in(json_t *loan, int64_t rid)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(loan, "repayments"), i, o)
	{
		if (json_integer_value(json_object_get(o, "id")) == rid)
			return o;
	}
	return NULL;
}

/* The loan with repayment rid, which must be one of its own (404 otherwise). */
static int loan_with(struct td_ctx *ctx, int64_t loan_id, int64_t rid, json_t **loan,
		     json_t **rep, struct td_error *err)
{
	int rc = loan_get(ctx, loan_id, loan, err);
	if (rc != TD_OK)
		return rc;
	*rep = repayment_in(*loan, rid);
	if (*rep)
		return TD_OK;
	json_decref(*loan);
	*loan = NULL;
	return td_error_set(err, TD_ENOTFOUND, "loan %lld has no repayment %lld",
			    (long long)loan_id, (long long)rid);
}

/* POST {"reason"}: reverses repayment {rid} of loan {id} (R-SES-1, R-GL-1; docs/loans.md):
 * the mirror entry, the loan as before the repayment, savings given back. 201 with the
 * reversal ({"id","business_date","username","reason","entry_id","savings_txn_id"}),
 * "repayment_id", "loan_id" and the loan after it; 409 saying why when the repayment is not
 * the loan's latest movement or was reversed already. */
int route_loans_repayment_reverse(struct api_request *req, struct api_response *res,
				  struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL, *loan = NULL, *rep = NULL;
	int64_t ids[2] = {0, 0};
	const char *reason = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_reversal_request(req, REVERSAL_PATH, ids, &body, &reason, err);
	if (rc == TD_OK)
		rc = loan_with(&ctx, ids[0], ids[1], &loan, &rep, err);
	json_decref(loan);
	if (rc == TD_OK)
		rc = loan_repay_reverse(&ctx, ids[1], reason, NULL, err);
	json_decref(body);
	if (rc == TD_OK)
		rc = loan_with(&ctx, ids[0], ids[1], &loan, &rep, err);
	if (rc != TD_OK)
		return rc;
	json_t *j = json_deep_copy(json_object_get(rep, "reversed_by"));
	json_t *more = json_pack("{s:I, s:I, s:o}", "repayment_id", (json_int_t)ids[1], "loan_id",
				 (json_int_t)ids[0], "loan", loan);
	rc = json_is_object(j) && more && json_object_update(j, more) == 0
		     ? TD_OK
		     : td_error_set(err, TD_EINTERNAL, "the reversal of repayment %lld vanished",
				    (long long)ids[1]);
	json_decref(more);
	if (rc != TD_OK) {
		json_decref(j);
		return rc;
	}
	return api_respond_json(res, 201, j, err);
}
