/*
 * Work at the district office's desk: loans of programmes lent directly (social housing,
 * programme 12) are disbursed and repaid there, monthly on the day of their disbursement;
 * on the 5th, the district, city and centre shares of last month's entrustment fees are
 * paid out (R-FEE-1; the commune shares go out at the sessions).
 */
#include <jansson.h>
#include <string.h>

#include "bank/fee_payout.h"
#include "bank/loan.h"
#include "demo/demo_internal.h"

static int disburse(struct demo *d, struct demo_app *a, struct td_error *err)
{
	int rc = demo_capital_cover(d, d->source_central, a->amount, err);
	if (rc == TD_OK)
		rc = demo_cash_need(d, a->amount, err); /* R-CASH-1 */
	struct loan_disburse_input in = {.application_id = a->id,
					 .source_id = d->source_central,
					 .amount = a->amount,
					 .on = d->ctx.business_date};
	int64_t id = 0;
	demo_as(d, P_TELLER, 0);
	if (rc == TD_OK)
		rc = loan_disburse(&d->ctx, &in, &id, err);
	if (rc == TD_OK)
		rc = demo_loan_add(d, id, a, err);
	a->done = true;
	return rc;
}

/* Interest owed and principal due today, as loan_get shows them; *balance too. */
static int owed(struct demo *d, int64_t loan, td_money *interest, td_money *principal,
		td_money *balance, struct td_error *err)
{
	json_t *j = NULL;
	int rc = loan_get(&d->ctx, loan, &j, err);
	if (rc != TD_OK)
		return rc;
	*interest =
		json_integer_value(json_object_get(json_object_get(j, "interest_owed"), "total"));
	*balance = json_integer_value(json_object_get(j, "balance"));
	*principal = 0;
	char today[TD_DATE_FMT_MAX];
	date_format_iso(d->ctx.business_date, today, sizeof today);
	size_t i;
	json_t *inst;
	json_array_foreach(json_object_get(j, "instalments"), i, inst)
	{
		if (strcmp(json_string_value(json_object_get(inst, "due_on")), today) <= 0)
			*principal += json_integer_value(json_object_get(inst, "principal")) -
				      json_integer_value(json_object_get(inst, "paid_principal"));
	}
	json_decref(j);
	return TD_OK;
}

static int repay(struct demo *d, struct demo_loan *l, struct td_error *err)
{
	td_money interest = 0, principal = 0, balance = 0;
	demo_as(d, P_TELLER, 0);
	int rc = owed(d, l->id, &interest, &principal, &balance, err);
	if (rc != TD_OK || interest + principal == 0)
		return rc;
	struct loan_repay_input in = {l->id, interest + principal, d->ctx.business_date, 0};
	rc = loan_repay(&d->ctx, &in, NULL, NULL, err);
	if (rc == TD_OK && principal == balance)
		demo_loan_closed(d, l, d->ctx.business_date);
	return rc;
}

#define UPPER_FEES_DAY 5

int demo_office_day(struct demo *d, struct td_error *err)
{
	td_date today = d->ctx.business_date;
	int rc = TD_OK;
	if (date_to_civil(today).day == UPPER_FEES_DAY) {
		struct fee_payout_result res;
		demo_as(d, P_TELLER, 0);
		rc = fee_payout_upper(&d->ctx, d->office_id, today - UPPER_FEES_DAY, &res, err);
	}
	for (size_t k = 0; rc == TD_OK && k < d->n_apps; k++) {
		struct demo_app *a = &d->app[k];
		if (a->direct && !a->done && a->step == AS_DECIDED && a->session == today)
			rc = disburse(d, a, err);
	}
	int day = date_to_civil(today).day;
	for (size_t k = 0; rc == TD_OK && k < d->n_loans; k++) {
		struct demo_loan *l = &d->loan[k];
		if (l->direct && l->state == DL_OPEN && l->disbursed < today &&
		    date_to_civil(l->disbursed).day == day)
			rc = repay(d, l, err);
	}
	return rc;
}
