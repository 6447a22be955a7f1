/*
 * The office's vault (R-CASH-1): the head office's administrator sets the district office's
 * vault limit before the run; the teller brings cash from the branch's account when a
 * session or the desk is about to pay out more than the vault holds, and at the end of each
 * day remits to the branch what the vault holds above its limit (whole millions) or, when
 * the vault runs low, brings it back up to half the limit, so that the collections no longer
 * pile up at the office. Everything goes through bank/cash.h, reading the branch's cash
 * position of the day.
 */
#include <jansson.h>

#include "bank/cash.h"
#include "demo/demo_internal.h"

/* The limit scales with the district: 100,000 đồng per borrowing household wanted, in
 * steps of ten millions, at least 100 M (1.1 bn for the default 11,000). */
#define LIMIT_PER_HOUSEHOLD 100000
#define LIMIT_STEP 10000000
#define LIMIT_MIN 100000000
#define REMIT_STEP 1000000    /* remittances in whole millions */
#define RECEIVE_STEP 10000000 /* cash brought in tens of millions */

static td_money limit_of(const struct demo *d)
{
	td_money l = d->opt.households * LIMIT_PER_HOUSEHOLD / LIMIT_STEP * LIMIT_STEP;
	return l < LIMIT_MIN ? LIMIT_MIN : l;
}

static td_money up_to(td_money v, td_money step)
{
	return (v + step - 1) / step * step;
}

int demo_cash_setup(struct demo *d, struct td_error *err)
{
	demo_as(d, P_ADMIN, 0);
	int rc = cash_limit_set(&d->ctx, d->office_id, limit_of(d), d->ctx.business_date,
				"Chi nhánh giao hạn mức tồn quỹ tiền mặt", NULL, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "vault limit: ");
}

/* Today's vault, excess and limit of the office and the branch's bank account, so far. */
struct vault {
	td_money closing, excess, limit, branch_bank;
};

static int vault_now(struct demo *d, struct vault *v, struct td_error *err)
{
	json_t *pos = NULL;
	demo_as(d, P_SYSTEM, 0);
	int rc = cash_position(&d->ctx, d->branch_id, d->ctx.business_date, &pos, err);
	*v = (struct vault){0};
	size_t i;
	json_t *r;
	json_array_foreach(rc == TD_OK ? json_object_get(pos, "offices") : NULL, i, r)
	{
		int64_t office = json_integer_value(json_object_get(r, "office_id"));
		if (office == d->office_id) {
			v->closing = json_integer_value(json_object_get(r, "closing"));
			v->excess = json_integer_value(json_object_get(r, "excess"));
			v->limit = json_integer_value(json_object_get(r, "limit"));
		} else if (office == d->branch_id) {
			v->branch_bank = json_integer_value(json_object_get(r, "bank_deposit"));
		}
	}
	json_decref(pos);
	return rc;
}

static int move(struct demo *d, enum cash_direction dir, td_money amount, const char *note,
		struct td_error *err)
{
	if (amount <= 0)
		return TD_OK;
	struct cash_remit_input in = {d->office_id,	    dir, CASH_BRANCH, amount,
				      d->ctx.business_date, note};
	json_t *out = NULL;
	demo_as(d, P_TELLER, 0);
	int rc = cash_remit(&d->ctx, &in, &out, err);
	json_decref(out);
	return rc;
}

/* Cash brought from the branch so that the vault holds want, as far as the branch has it. */
static int bring(struct demo *d, const struct vault *v, td_money want, const char *note,
		 struct td_error *err)
{
	if (v->closing >= want)
		return TD_OK;
	td_money amount = up_to(want - v->closing, RECEIVE_STEP);
	if (amount > v->branch_bank)
		amount = v->branch_bank;
	return move(d, CASH_RECEIVE, amount, note, err);
}

int demo_cash_need(struct demo *d, td_money amount, struct td_error *err)
{
	struct vault v;
	int rc = vault_now(d, &v, err);
	return rc == TD_OK ? bring(d, &v, amount, "Nhận tiền mặt để giải ngân", err) : rc;
}

int demo_cash_day(struct demo *d, struct td_error *err)
{
	struct vault v;
	int rc = vault_now(d, &v, err);
	if (rc != TD_OK)
		return rc;
	if (v.excess > 0)
		return move(d, CASH_REMIT, up_to(v.excess, REMIT_STEP),
			    "Nộp tiền mặt vượt hạn mức tồn quỹ", err);
	return v.closing < v.limit / 10 ? bring(d, &v, v.limit / 2, "Bổ sung tồn quỹ", err) : TD_OK;
}
