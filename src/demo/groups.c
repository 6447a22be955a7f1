/*
 * Savings-and-loan groups (R-ORG-2): every village's households in groups of 20-40 at
 * founding (room to grow to 50), each managed by one of the four unions, founded years
 * ago on a decision of the commune; each member's savings account; households joining a
 * group later in the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/group.h"
#include "bank/savings.h"
#include "demo/demo_internal.h"

#define FOUNDING_SIZE 38 /* at most, so that joiners find room under DEMO_GROUP_MAX */

static enum org_code draw_org(struct demo_rng *r, int k)
{
	static const enum org_code first[ORG_COUNT] = {ORG_WOMEN, ORG_FARMERS, ORG_VETERANS,
						       ORG_YOUTH};
	static const int w[ORG_COUNT] = {38, 32, 18, 12};
	return k < ORG_COUNT ? first[k] : (enum org_code)rng_weighted(r, w, ORG_COUNT);
}

/* A leader who suits the union: a woman for the women's union, a man for the veterans. */
static int pick_leader(struct demo *d, const int *m, int n, enum org_code org)
{
	for (int k = 0; k < n; k++) {
		const struct demo_hh *h = &d->hh[m[k]];
		if ((org == ORG_WOMEN && h->female) || (org == ORG_VETERANS && !h->female) ||
		    (org != ORG_WOMEN && org != ORG_VETERANS))
			return k;
	}
	return 0;
}

static int found(struct demo *d, struct demo_rng *r, int v, int seq, enum org_code org,
		 const int *m, int n, struct td_error *err)
{
	const struct demo_village *vil = &d->village[v];
	const struct demo_commune *c = &d->commune[vil->commune];
	int rc = demo_grow((void **)&d->group, &d->cap_groups, d->n_groups, sizeof *d->group, err);
	if (rc != TD_OK)
		return rc;
	int gi = (int)d->n_groups++;
	struct demo_group *g = &d->group[gi];
	memset(g, 0, sizeof *g);
	g->village = v;
	g->org = org;
	int li = pick_leader(d, m, n, org);
	g->leader = m[li];
	g->deputy = m[li == 0 ? 1 : 0];
	g->members = n;
	int64_t ids[DEMO_GROUP_MAX];
	for (int k = 0; k < n; k++) {
		ids[k] = d->hh[m[k]].id;
		d->hh[m[k]].group = gi;
	}
	char code[32], name[120], decision[32];
	snprintf(code, sizeof code, "TK-%s-%02d", c->code, seq);
	snprintf(name, sizeof name, "Tổ TK&VV %s số %d", vil->name, seq);
	snprintf(decision, sizeof decision, "%d/QĐ-UBND", (int)rng_range(r, 12, 240));
	td_date founded = demo_day(2010, 1, 1) + (td_date)rng_range(r, 0, 11 * 365);
	struct group_founding in = {.code = code,
				    .name = name,
				    .village_id = vil->id,
				    .chapter_id = c->chapter[org],
				    .point_id = c->point_id,
				    .officer_staff_id = d->officer[c->officer].staff_id,
				    .decision_no = decision,
				    .decision_date = founded - (td_date)rng_range(r, 3, 10),
				    .founded_on = founded,
				    .members = ids,
				    .n_members = (size_t)n,
				    .leader_id = d->hh[g->leader].id,
				    .deputy_id = d->hh[g->deputy].id};
	demo_as(d, P_OFFICER, c->officer);
	rc = group_create(&d->ctx, &in, &g->id, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "group %s: ", code);
}

static int open_savings(struct demo *d, struct demo_hh *h, struct td_error *err)
{
	if (!h->deposit)
		return TD_OK;
	int rc = savings_open(&d->ctx, h->id, d->group[h->group].id, &h->savings_id, err);
	h->savings_opened = d->ctx.business_date;
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "savings of %s: ", h->cccd);
}

int demo_groups(struct demo *d, struct td_error *err)
{
	struct demo_rng r = rng_fork(&d->rng, 41);
	int *m = malloc(d->n_hh * sizeof *m);
	if (!m)
		return td_error_set(err, TD_ENOMEM, "no memory for the groups");
	int rc = TD_OK;
	for (int c = 0; rc == TD_OK && c < d->n_communes; c++) {
		const struct demo_commune *cm = &d->commune[c];
		int seq = 0;
		for (int v = cm->first_village;
		     rc == TD_OK && v < cm->first_village + cm->n_villages; v++) {
			int n = 0;
			for (size_t k = 0; k < d->n_hh; k++)
				if (d->hh[k].village == v && d->hh[k].appears == 0)
					m[n++] = (int)k;
			int groups = (n + FOUNDING_SIZE - 1) / FOUNDING_SIZE;
			if (groups > 1 && n / groups < DEMO_GROUP_MIN)
				groups = n / DEMO_GROUP_MIN; /* 39: one group, not 19 + 20 */
			for (int g = 0, at = 0; rc == TD_OK && g < groups; g++) {
				int size = (n - at) / (groups - g);
				rc = found(d, &r, v, seq + 1, draw_org(&r, seq), m + at, size, err);
				at += size;
				seq++;
			}
		}
	}
	free(m);
	for (size_t k = 0; rc == TD_OK && k < d->n_hh; k++) {
		struct demo_hh *h = &d->hh[k];
		if (h->group != DEMO_NONE) {
			demo_as(d, P_OFFICER, d->commune[d->village[h->village].commune].officer);
			rc = open_savings(d, h, err);
		}
	}
	return rc;
}

/* Households joining a group of their village on a session day of their commune: the
 * group with the fewest members takes them. */
int demo_group_joins(struct demo *d, int commune, td_date on, struct td_error *err)
{
	int month = demo_month_of(on);
	for (size_t k = 0; k < d->n_hh; k++) {
		struct demo_hh *h = &d->hh[k];
		if (h->join_month != month || h->group != DEMO_NONE ||
		    d->village[h->village].commune != commune)
			continue;
		int best = DEMO_NONE;
		for (size_t g = 0; g < d->n_groups; g++)
			if (d->group[g].village == h->village &&
			    d->group[g].members < DEMO_GROUP_MAX &&
			    (best == DEMO_NONE || d->group[g].members < d->group[best].members))
				best = (int)g;
		if (best == DEMO_NONE)
			continue;
		int rc = h->id ? TD_OK : demo_household_create(d, h, err);
		demo_as(d, P_OFFICER, d->commune[commune].officer);
		if (rc == TD_OK)
			rc = group_member_add(&d->ctx, d->group[best].id, h->id, NULL, on, err);
		if (rc != TD_OK)
			return td_error_prefix(err, "household %s joining: ", h->cccd);
		h->group = best;
		d->group[best].members++;
		rc = open_savings(d, h, err);
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}
