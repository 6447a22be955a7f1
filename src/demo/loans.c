/*
 * The loans the demo disbursed, as it remembers them: the borrower's habits (most pay on
 * the day, some late, a few stop paying), and what the household does when a loan ends.
 */
#include <stdlib.h>
#include <string.h>

#include "demo/demo_internal.h"

#define LATE_PER_MILLE 60
#define AGAIN_PER_MILLE 800 /* borrowers who take a new loan after repaying one */
/* One loan in BAD_EVERY stops paying at some point (1.6 %), and so does the BAD_TOO-th:
 * counted, not drawn, so that even a small district has its troubled loans early enough
 * to show a write-off and a freeze (tests rely on it). */
#define BAD_EVERY 64
#define BAD_AT 3
#define BAD_TOO 10

static int index_grow(struct demo *d, int64_t id, struct td_error *err)
{
	if ((size_t)id < d->loan_by_id_cap)
		return TD_OK;
	size_t cap = d->loan_by_id_cap ? d->loan_by_id_cap : 1024;
	while (cap <= (size_t)id)
		cap *= 2;
	int32_t *v = realloc(d->loan_by_id, cap * sizeof *v);
	if (!v)
		return td_error_set(err, TD_ENOMEM, "no memory for the loan index");
	for (size_t k = d->loan_by_id_cap; k < cap; k++)
		v[k] = -1;
	d->loan_by_id = v;
	d->loan_by_id_cap = cap;
	return TD_OK;
}

int demo_loan_add(struct demo *d, int64_t loan_id, const struct demo_app *a, struct td_error *err)
{
	int rc = index_grow(d, loan_id, err);
	if (rc == TD_OK)
		rc = demo_grow((void **)&d->loan, &d->cap_loans, d->n_loans, sizeof *d->loan, err);
	if (rc != TD_OK)
		return rc;
	struct demo_rng r = rng_fork(&d->rng, 6000 + (uint64_t)loan_id);
	struct demo_loan *l = &d->loan[d->n_loans];
	memset(l, 0, sizeof *l);
	l->id = loan_id;
	l->hh = a->hh;
	l->prog = a->prog;
	l->primary = a->primary;
	l->direct = a->direct;
	l->disbursed = d->ctx.business_date;
	l->amount = a->amount;
	l->term = a->term;
	l->source_id = a->source_id;
	l->grace = a->grace;
	l->event_month = -1;
	l->payer = d->n_loans % BAD_EVERY == BAD_AT || d->n_loans == BAD_TOO ? PAY_BAD
		   : rng_chance(&r, LATE_PER_MILLE)			     ? PAY_LATE
									     : PAY_GOOD;
	l->stop_month = demo_month_of(l->disbursed) + (int)rng_range(&r, 4, 18);
	d->loan_by_id[loan_id] = (int32_t)d->n_loans++;
	return TD_OK;
}

struct demo_loan *demo_loan_find(struct demo *d, int64_t loan_id)
{
	if (loan_id <= 0 || (size_t)loan_id >= d->loan_by_id_cap || d->loan_by_id[loan_id] < 0)
		return NULL;
	return &d->loan[d->loan_by_id[loan_id]];
}

void demo_loan_closed(struct demo *d, struct demo_loan *l, td_date on)
{
	struct demo_hh *h = &d->hh[l->hh];
	h->open_progs &= ~(1u << l->prog);
	if (l->state == DL_OPEN)
		l->state = DL_CLOSED;
	if (!l->primary || l->state == DL_WRITTEN_OFF)
		return;
	struct demo_rng r = rng_fork(&d->rng, 6500 + (uint64_t)l->id);
	int m = demo_month_of(on) + (int)rng_range(&r, 1, 3);
	if (rng_chance(&r, AGAIN_PER_MILLE) && m < d->months && h->primary_month < 0)
		h->primary_month = m;
}
