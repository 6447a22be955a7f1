/*
 * The monthly session at a commune point (R-SES-1, R-SES-2, R-ORG-3): the teller opens it
 * with the cash for the day's disbursements, prints the 13/TD lists, and records one batch
 * per group from its leader (interest and savings) and one from its borrowers (principal
 * at the desk, savings used to repay, new loans paid out), pays the leaders' commissions
 * and the commune chapters' fees that month end accrued; the team leader closes it on the
 * counted cash.
 */
#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/commune_session.h"
#include "bank/org_util.h"
#include "demo/demo_internal.h"

#define BATCH_MAX CSESSION_LINES_MAX
#define PREPAY_PER_MILLE 3	    /* a good payer repays its whole loan early, per month */
#define DEPOSIT_PER_MILLE 850	    /* a saver brings its savings this month */
#define LATE_PAYS_PER_MILLE 550	    /* a late payer pays this month */
#define RECOVER_PER_MILLE 40	    /* a stopped payer pays everything it owes, per month */
#define SAVINGS_REPAY_PER_MILLE 250 /* the last instalment partly from savings */

struct batch {
	struct csession_line line[BATCH_MAX];
	size_t n;
	td_money in, out;
};

struct sess {
	struct demo *d;
	int commune;
	int64_t id;
	td_date on;
	int month;
	struct demo_rng r;
	td_money cash; /* expected cash, as the teller counts it */
	struct batch a, b, f;
};

static void put(struct batch *b, enum csession_kind k, enum csession_via via, int64_t target,
		int64_t source, td_money amount)
{
	assert(b->n < BATCH_MAX && "a group brings far fewer lines than a batch takes");
	if (amount <= 0)
		return;
	b->line[b->n++] = (struct csession_line){k, via, target, source, amount};
	if (k == CSL_WITHDRAWAL || k == CSL_DISBURSEMENT || k == CSL_COMMISSION || k == CSL_FEE)
		b->out += amount;
	else
		b->in += amount;
}

static int record(struct sess *x, struct batch *b, int64_t group, char tag, struct td_error *err)
{
	if (b->n == 0)
		return TD_OK;
	struct demo *d = x->d;
	snprintf(d->key, sizeof d->key, "demo-%lld-g%lld-%c", (long long)x->id, (long long)group,
		 tag);
	demo_as(d, P_TELLER, d->commune[x->commune].teller);
	d->ctx.idem_key = d->key;
	int rc = csession_record(&d->ctx, x->id, b->line, b->n, NULL, err);
	d->ctx.idem_key = NULL;
	if (rc != TD_OK)
		return td_error_prefix(err, "session %lld, group %lld: ", (long long)x->id,
				       (long long)group);
	x->cash += b->in - b->out;
	d->batches++;
	d->lines += (int64_t)b->n;
	b->n = 0;
	b->in = b->out = 0;
	return TD_OK;
}

/* Whether the borrower pays this month, by its habits (demo_loan.payer). */
static bool pays(struct sess *x, struct demo_loan *l)
{
	switch (l->payer) {
	case PAY_GOOD: return true;
	case PAY_LATE: return rng_chance(&x->r, LATE_PAYS_PER_MILLE);
	case PAY_BAD:
		if (x->month < l->stop_month)
			return true;
		if (x->month > l->stop_month + TROUBLE_MONTHS &&
		    rng_chance(&x->r, RECOVER_PER_MILLE)) {
			l->payer = PAY_LATE; /* the family found the money: late from now on */
			return true;
		}
		return false;
	}
	return true;
}

/* One loan of the 13/TD list: interest through the leader, principal at the desk. */
static void loan_lines(struct sess *x, struct demo_hh *h, json_t *jl)
{
	struct demo_loan *l =
		demo_loan_find(x->d, json_integer_value(json_object_get(jl, "loan_id")));
	if (!l || l->state != DL_OPEN || l->direct)
		return;
	td_money interest = json_integer_value(json_object_get(jl, "interest_due"));
	td_money principal = json_integer_value(json_object_get(jl, "principal_due"));
	td_money balance = json_integer_value(json_object_get(jl, "balance"));
	if (!pays(x, l))
		return;
	put(&x->a, CSL_INTEREST, CSV_GROUP_LEADER, l->id, 0, interest);
	if (l->payer == PAY_GOOD && principal < balance && rng_chance(&x->r, PREPAY_PER_MILLE))
		principal = balance; /* repays the whole loan early: a good harvest */
	if (principal <= 0)
		return;
	if (principal == balance && h->savings_id && h->saved > 1000000 &&
	    rng_chance(&x->r, SAVINGS_REPAY_PER_MILLE)) {
		/* R-SAV-1: the last instalment partly from the member's savings */
		td_money from_savings = (h->saved - 100000) / 1000 * 1000;
		if (from_savings > principal)
			from_savings = principal;
		put(&x->b, CSL_WITHDRAWAL, CSV_HOUSEHOLD, h->savings_id, 0, from_savings);
		h->saved -= from_savings;
	}
	put(&x->b, CSL_PRINCIPAL, CSV_HOUSEHOLD, l->id, 0, principal);
	if (principal == balance) /* its interest is paid above: nothing is owed any more */
		demo_loan_closed(x->d, l, x->on);
}

/* New loans of the group's members approved for today's session. */
static void disbursements(struct sess *x, int group)
{
	struct demo *d = x->d;
	for (size_t k = 0; k < d->n_apps; k++) {
		struct demo_app *a = &d->app[k];
		if (a->done || a->direct || a->step != AS_DECIDED || a->session != x->on ||
		    d->hh[a->hh].group != group)
			continue;
		put(&x->b, CSL_DISBURSEMENT, CSV_HOUSEHOLD, a->id, a->source_id, a->amount);
	}
}

static int group_batches(struct sess *x, json_t *g, struct td_error *err)
{
	struct demo *d = x->d;
	int64_t gid = json_integer_value(json_object_get(g, "group_id"));
	int gi = DEMO_NONE;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(g, "members"), i, m)
	{
		struct demo_hh *h =
			demo_hh_find(d, json_integer_value(json_object_get(m, "household_id")));
		if (!h)
			continue;
		gi = h->group;
		size_t j;
		json_t *jl;
		json_array_foreach(json_object_get(m, "loans"), j, jl) loan_lines(x, h, jl);
		if (h->savings_id && h->deposit && rng_chance(&x->r, DEPOSIT_PER_MILLE)) {
			put(&x->a, CSL_DEPOSIT, CSV_GROUP_LEADER, h->savings_id, 0, h->deposit);
			h->saved += h->deposit;
		}
	}
	if (gi != DEMO_NONE)
		disbursements(x, gi);
	/* R-FEE-2: the leader takes last month's commission in person */
	json_array_foreach(json_object_get(g, "commissions"), i, m)
	{
		put(&x->a, CSL_COMMISSION, CSV_GROUP_LEADER,
		    json_integer_value(json_object_get(m, "commission_id")), 0,
		    json_integer_value(json_object_get(m, "amount")));
	}
	int rc = record(x, &x->a, gid, 'a', err);
	if (rc == TD_OK)
		rc = record(x, &x->b, gid, 'b', err);
	return rc;
}

/* Loans disbursed in the session: the demo learns their ids (a read). */
static int learn_loans(struct sess *x, struct td_error *err)
{
	struct demo *d = x->d;
	for (size_t k = 0; k < d->n_apps; k++) {
		struct demo_app *a = &d->app[k];
		if (a->done || a->direct || a->step != AS_DECIDED || a->session != x->on ||
		    a->commune != x->commune)
			continue;
		int64_t loan = 0;
		int rc =
			org_query_int64(d->s, &loan, err,
					"SELECT id FROM loan WHERE application_id = ?", "i", a->id);
		if (rc == TD_OK)
			rc = demo_loan_add(d, loan, a, err);
		if (rc != TD_OK)
			return rc;
		a->done = true;
	}
	return TD_OK;
}

/* Cash for the day's disbursements, and capital to cover them (R-CAP-1): a local source
 * that cannot cover a loan lends from the central one instead. */
static int prepare_cash(struct sess *x, td_money *opening, struct td_error *err)
{
	struct demo *d = x->d;
	td_money central = 0, city = 0, district = 0, avail_city = 0, avail_district = 0;
	int rc = demo_capital_local(d, &avail_city, &avail_district, err);
	for (size_t k = 0; rc == TD_OK && k < d->n_apps; k++) {
		struct demo_app *a = &d->app[k];
		if (a->done || a->direct || a->step != AS_DECIDED || a->session != x->on ||
		    a->commune != x->commune)
			continue;
		if (a->source_id == d->source_city && city + a->amount <= avail_city)
			city += a->amount;
		else if (a->source_id == d->source_district &&
			 district + a->amount <= avail_district)
			district += a->amount;
		else
			a->source_id = d->source_central, central += a->amount;
		*opening += a->amount;
	}
	if (rc == TD_OK && central > 0)
		rc = demo_capital_cover(d, d->source_central, central, err);
	return rc;
}

int demo_session(struct demo *d, int commune, struct td_error *err)
{
	struct sess *x = calloc(1, sizeof *x);
	if (!x)
		return td_error_set(err, TD_ENOMEM, "no memory for a session");
	x->d = d;
	x->commune = commune;
	x->on = d->ctx.business_date;
	x->month = demo_month_of(x->on);
	x->r = rng_fork(&d->rng, 7000 + (uint64_t)x->on * 64 + (uint64_t)commune);
	td_money opening = 0;
	int rc = demo_group_joins(d, commune, x->on, err);
	if (rc == TD_OK)
		rc = prepare_cash(x, &opening, err);
	if (rc == TD_OK)
		rc = demo_cash_need(d, opening, err); /* R-CASH-1 */
	struct csession_open_input in = {d->commune[commune].point_id, x->on, NULL, opening};
	demo_as(d, P_TELLER, d->commune[commune].teller);
	if (rc == TD_OK)
		rc = csession_open(&d->ctx, &in, &x->id, err);
	x->cash = opening;
	json_t *lists = NULL;
	if (rc == TD_OK)
		rc = csession_groups(&d->ctx, x->id, &lists, err);
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(lists, "groups"), i, g)
	{
		if (rc == TD_OK)
			rc = group_batches(x, g, err);
	}
	/* R-FEE-1: the commune chapters' share of the entrustment fee, to their officers */
	json_array_foreach(json_object_get(lists, "fees"), i, g)
	{
		put(&x->f, CSL_FEE, CSV_HOUSEHOLD, json_integer_value(json_object_get(g, "fee_id")),
		    0, json_integer_value(json_object_get(g, "amount")));
	}
	if (rc == TD_OK)
		rc = record(x, &x->f, 0, 'f', err);
	json_decref(lists);
	if (rc == TD_OK)
		rc = learn_loans(x, err);
	/* the team leader closes; now and then the controller, when the leader is out */
	if (x->month % 4 == 3)
		demo_as(d, P_CONTROLLER, commune % 2);
	else
		demo_as(d, P_OFFICER, d->commune[commune].officer);
	if (rc == TD_OK)
		rc = csession_close(&d->ctx, x->id, x->cash, err);
	if (rc == TD_OK)
		d->sessions++;
	free(x);
	return rc;
}
