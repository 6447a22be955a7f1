/*
 * The year's turn: the labour department's lists for the coming year in mid-December
 * (R-HH-1: the review ends on 14 December), and the members' savings interest for the
 * year on 31 December (R-SAV-1).
 */
#include "bank/savings.h"
#include "demo/demo_internal.h"

#define LISTS_DAY 16

static int lists(struct demo *d, int y, struct td_error *err)
{
	if (d->merged) /* since 1 July 2025, the new communes' lists */
		return demo_poverty_lists_2025(d, y, err);
	for (int c = 0; c < d->n_communes; c++) {
		if (!d->commune[c].used)
			continue;
		int rc = demo_poverty_list(d, c, y, err);
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}

static int interest(struct demo *d, int year, struct td_error *err)
{
	td_date jan1 = demo_day(year, 1, 1), next = demo_day(year + 1, 1, 1);
	demo_as(d, P_TELLER, 0);
	for (size_t k = 0; k < d->n_hh; k++) {
		const struct demo_hh *h = &d->hh[k];
		if (!h->savings_id)
			continue;
		td_date from = h->savings_opened > jan1 ? h->savings_opened : jan1;
		if (from >= next)
			continue;
		td_money amount = 0;
		int rc = savings_post_interest(&d->ctx, h->savings_id, from, next, &amount, err);
		if (rc != TD_OK)
			return td_error_prefix(err, "savings interest of account %lld: ",
					       (long long)h->savings_id);
	}
	return TD_OK;
}

int demo_year_end(struct demo *d, struct td_error *err)
{
	struct td_civil c = date_to_civil(d->ctx.business_date);
	int y = c.year - DEMO_YEAR0 + 1;
	if (c.month == 12 && c.day == LISTS_DAY && y < DEMO_YEARS)
		return lists(d, y, err);
	if (c.month == 12 && c.day == 31)
		return interest(d, c.year, err);
	return TD_OK;
}
