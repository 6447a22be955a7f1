/*
 * The district's households: who lives where, their poverty status year by year (R-HH-1),
 * and the lists the labour department hands over each December, loaded with the poverty
 * list import (R-HH-2), which also creates the listed households the bank did not know.
 * Households never on a list are added with household_create.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/household.h"
#include "bank/org_util.h"
#include "bank/poverty_import.h"
#include "demo/demo_internal.h"

/* Members at the start and households joining later, per thousand borrowing households
 * wanted at the end (docs/demo.md: the calibration). */
#define MEMBERS_PER_MILLE 1040
#define JOINERS_PER_MILLE 120
#define MEMBERS_PER_COMMUNE_MIN 120 /* fewer households use fewer communes */
#define SAVERS_PER_MILLE 700	    /* members who save at the sessions (R-SAV-1) */

static uint8_t first_status(struct demo_rng *r)
{
	static const int w[HH_STATUS_COUNT] = {
		[HH_POOR] = 120, [HH_NEAR_POOR] = 210, [HH_NEWLY_ESCAPED] = 130, [HH_NONE] = 540};
	return (uint8_t)rng_weighted(r, w, HH_STATUS_COUNT);
}

/* Next year's status (R-HH-1): most stay, the poor climb, a few fall back. Newly
 * escaped lasts up to three years. */
static uint8_t next_status(struct demo_rng *r, const uint8_t *past, int y)
{
	static const int w[HH_STATUS_COUNT][HH_STATUS_COUNT] = {
		[HH_POOR] = {620, 180, 200, 0},
		[HH_NEAR_POOR] = {50, 580, 250, 120},
		[HH_NEWLY_ESCAPED] = {0, 50, 650, 300},
		[HH_NONE] = {5, 20, 0, 975},
	};
	uint8_t s = (uint8_t)rng_weighted(r, w[past[y]], HH_STATUS_COUNT);
	int run = 0;
	for (int k = y; k >= 0 && past[k] == HH_NEWLY_ESCAPED; k--)
		run++;
	return s == HH_NEWLY_ESCAPED && run >= 3 ? HH_NONE : s;
}

static int hh_add(struct demo *d, struct td_error *err)
{
	int rc = demo_grow((void **)&d->hh, &d->cap_hh, d->n_hh, sizeof *d->hh, err);
	if (rc == TD_OK)
		memset(&d->hh[d->n_hh++], 0, sizeof *d->hh);
	return rc;
}

/* A household of village v, first known in year index `appears`. */
static void hh_draw(struct demo *d, struct demo_rng *r, struct demo_hh *h, int v, int appears)
{
	const struct demo_commune *c = &d->commune[d->village[v].commune];
	h->village = v;
	h->group = DEMO_NONE;
	h->appears = appears;
	h->join_month = -1;
	h->primary_month = h->second_month = -1;
	h->female = rng_chance(r, 450);
	h->birth_year = (int)rng_range(r, 1948, 1996);
	static const int mw[] = {0, 8, 18, 22, 26, 15, 8, 3};
	h->members = (int)rng_weighted(r, mw, 8);
	names_person(r, h->female, h->name, sizeof h->name);
	names_cccd(h->birth_year, h->female, d->cccd_serial++, h->cccd);
	if (rng_chance(r, 700))
		names_phone(r, h->phone);
	h->ethnicity = "Kinh";
	h->flags = c->town ? 0 : PRG_F_RURAL;
	if (c->coastal)
		h->flags |= PRG_F_HARD_AREA;
	if (rng_chance(r, 8)) {
		h->ethnicity = names_minority(r);
		h->flags |= PRG_F_ETHNIC_MINORITY;
	}
	if (rng_chance(r, 60))
		h->flags |= PRG_F_STUDENT;
	if (rng_chance(r, 30))
		h->flags |= PRG_F_WORKER_ABROAD;
	if (rng_chance(r, 20))
		h->flags |= PRG_F_DISABLED;
	if (rng_chance(r, 4))
		h->flags |= PRG_F_RELEASED_PRISONER;
	if (c->town && rng_chance(r, 40))
		h->flags |= PRG_F_SOCIAL_HOUSING;
	static const td_money dep[] = {50000, 100000, 100000, 100000, 150000, 200000, 300000};
	h->deposit = rng_chance(r, SAVERS_PER_MILLE) ? dep[rng_range(r, 0, 6)] : 0;
	for (int y = 0; y < DEMO_YEARS; y++)
		h->status[y] = HH_NONE;
	h->status[appears] = appears == 0 ? first_status(r)
			     : rng_chance(r, 600)
				     ? (uint8_t)(rng_chance(r, 400) ? HH_POOR : HH_NEAR_POOR)
				     : HH_NONE;
	for (int y = appears; y + 1 < DEMO_YEARS_DRAWN; y++)
		h->status[y + 1] = next_status(r, h->status, y);
}

/* How many communes are used, and each one's households and villages. */
void demo_population(struct demo *d)
{
	struct demo_rng r = rng_fork(&d->rng, 31);
	int64_t members = d->opt.households * MEMBERS_PER_MILLE / 1000 + 1;
	int used = (int)(members / MEMBERS_PER_COMMUNE_MIN);
	if (used < 1)
		used = 1;
	if (used > d->n_communes)
		used = d->n_communes;
	/* a small district uses the communes in the list's order, the town (thị trấn) last */
	int w[DEMO_COMMUNES_MAX], total = 0, chosen = 0, last = DEMO_NONE;
	for (int pass = 0; pass < 2; pass++)
		for (int c = 0; c < d->n_communes && chosen < used; c++)
			if (d->commune[c].town == (pass == 1)) {
				d->commune[c].used = true;
				chosen++;
			}
	for (int c = 0; c < d->n_communes; c++) {
		w[c] = d->commune[c].town ? 50 : (int)rng_range(&r, 70, 130);
		if (d->commune[c].used)
			total += w[c], last = c;
	}
	int64_t left = members;
	for (int c = 0; c < d->n_communes; c++) {
		struct demo_commune *cm = &d->commune[c];
		if (!cm->used) {
			cm->n_villages = 3 + (int)rng_range(&r, 0, 3);
			continue;
		}
		int64_t n = c == last ? left : members * w[c] / total;
		left -= n;
		cm->n_households = (int)n;
		int nv = (int)(n / 90);
		cm->n_villages = nv < 1 ? 1 : nv > 8 ? 8 : nv;
	}
}

/* Households of every village, once the villages exist: founding members now, joiners
 * later (year 1 or 2). */
int demo_households_plan(struct demo *d, struct td_error *err)
{
	struct demo_rng r = rng_fork(&d->rng, 32);
	int64_t joiners = d->opt.households * JOINERS_PER_MILLE / 1000;
	for (int c = 0; c < d->n_communes; c++) {
		const struct demo_commune *cm = &d->commune[c];
		if (!cm->used)
			continue;
		int vw[DEMO_VILLAGES_MAX], vt = 0;
		for (int k = 0; k < cm->n_villages; k++)
			vt += vw[k] = (int)rng_range(&r, 60, 140);
		int left = cm->n_households;
		for (int k = 0; k < cm->n_villages; k++) {
			int n = k + 1 == cm->n_villages ? left : cm->n_households * vw[k] / vt;
			left -= n;
			for (int i = 0; i < n; i++) {
				int rc = hh_add(d, err);
				if (rc != TD_OK)
					return rc;
				hh_draw(d, &r, &d->hh[d->n_hh - 1], cm->first_village + k, 0);
			}
		}
	}
	int64_t founders = (int64_t)d->n_hh;
	for (int64_t j = 0; j < joiners && founders > 0; j++) {
		/* a joiner lives in the village of a random founding member */
		int v = d->hh[rng_range(&r, 0, founders - 1)].village;
		int rc = hh_add(d, err);
		if (rc != TD_OK)
			return rc;
		struct demo_hh *h = &d->hh[d->n_hh - 1];
		hh_draw(d, &r, h, v, (int)rng_range(&r, 1, 2));
		h->join_month = (h->appears - 1) * 12 + (int)rng_range(&r, 0, 11);
	}
	demo_statuses_later(d);
	return TD_OK;
}

void demo_statuses_later(struct demo *d)
{
	/* Their own stream: the years drawn with the households stay as they were. */
	struct demo_rng r = rng_fork(&d->rng, 33);
	for (size_t k = 0; k < d->n_hh; k++)
		for (int y = DEMO_YEARS_DRAWN - 1; y + 1 < DEMO_YEARS; y++)
			d->hh[k].status[y + 1] = next_status(&r, d->hh[k].status, y);
}

static const char *status_word(uint8_t s)
{
	return s == HH_POOR ? "nghèo" : s == HH_NEAR_POOR ? "cận nghèo" : "mới thoát nghèo";
}

/* The household's row of a list, or of household_create: the same facts. */
static void flags_text(const struct demo_hh *h, char *out, size_t size, char sep)
{
	household_flags_format(h->flags & ~PRG_F_ETHNIC_MINORITY, out, size);
	for (char *p = out; *p; p++)
		if (*p == ',')
			*p = sep;
}

/* Ids of the households a list created, found by citizen ID (a read). */
static int learn_ids(struct demo *d, const struct demo_list *l, struct td_error *err)
{
	for (size_t k = 0; k < d->n_hh; k++) {
		struct demo_hh *h = &d->hh[k];
		if (h->id || !l->has(d, h, l->arg))
			continue;
		int rc = org_query_int64(d->s, &h->id, err,
					 "SELECT id FROM household WHERE cccd = ?", "t", h->cccd);
		if (rc == TD_ENOTFOUND)
			h->id = 0, rc = TD_OK;
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}

/* The list's CSV text (malloc'd) and its number of rows. */
static char *list_csv(struct demo *d, const struct demo_list *l, int y, size_t *len, size_t *rows)
{
	size_t cap = 4096;
	char *csv = malloc(cap);
	if (!csv)
		return NULL;
	*len = (size_t)snprintf(csv, cap,
				"cccd,head_name,sex,birth_year,ethnicity,village,status,members,"
				"phone,flags\n");
	*rows = 0;
	for (size_t k = 0; k < d->n_hh; k++) {
		const struct demo_hh *h = &d->hh[k];
		if (!l->has(d, h, l->arg) || h->appears > y || h->status[y] == HH_NONE)
			continue;
		char flags[HOUSEHOLD_FLAGS_TEXT_MAX], line[512], village[160];
		flags_text(h, flags, sizeof flags, ';');
		int n = snprintf(line, sizeof line, "%s,%s,%s,%d,%s,%s,%s,%d,%s,%s\n", h->cccd,
				 h->name, h->female ? "Nữ" : "Nam", h->birth_year, h->ethnicity,
				 l->village(d, h->village, village, sizeof village, l->arg),
				 status_word(h->status[y]), h->members, h->phone, flags);
		if (*len + (size_t)n + 1 > cap) {
			char *bigger = realloc(csv, cap * 2);
			if (!bigger) {
				free(csv);
				return NULL;
			}
			csv = bigger;
			cap *= 2;
		}
		memcpy(csv + *len, line, (size_t)n + 1);
		*len += (size_t)n;
		(*rows)++;
	}
	return csv;
}

/* The labour department's list of a commune for year index y (R-HH-1, R-HH-2): every
 * household of the commune known by then whose status that year is not "none". */
int demo_poverty_list_for(struct demo *d, const struct demo_list *l, int y, struct td_error *err)
{
	size_t len = 0, rows = 0;
	char *csv = list_csv(d, l, y, &len, &rows);
	if (!csv)
		return td_error_set(err, TD_ENOMEM, "no memory for a poverty list");
	int rc = TD_OK;
	if (rows > 0) {
		char file[64];
		snprintf(file, sizeof file, "ds_ho_ngheo_%s_%d.csv", l->code, DEMO_YEAR0 + y);
		struct poverty_import_input in = {l->code, DEMO_YEAR0 + y, file, csv, len, false};
		struct poverty_import_result res;
		demo_as(d, P_OFFICER, l->officer);
		rc = poverty_import_run(&d->ctx, &in, &res, err);
		if (rc == TD_OK && res.n_rejected)
			rc = td_error_set(err, TD_EINTERNAL, "%s line %zu rejected: %s", file,
					  res.rejected[0].line, res.rejected[0].reason);
		poverty_import_result_free(&res);
	}
	free(csv);
	if (rc == TD_OK)
		rc = learn_ids(d, l, err);
	return rc;
}

static bool of_commune(const struct demo *d, const struct demo_hh *h, const void *arg)
{
	return d->village[h->village].commune == *(const int *)arg;
}

static const char *village_name(const struct demo *d, int v, char *buf, size_t size,
				const void *arg)
{
	(void)arg;
	snprintf(buf, size, "%s", d->village[v].name);
	return buf;
}

int demo_poverty_list(struct demo *d, int commune, int y, struct td_error *err)
{
	struct demo_list l = {d->commune[commune].code, d->commune[commune].officer, of_commune,
			      village_name, &commune};
	return demo_poverty_list_for(d, &l, y, err);
}

/* A household the lists never named, added by its credit officer. */
int demo_household_create(struct demo *d, struct demo_hh *h, struct td_error *err)
{
	char flags[HOUSEHOLD_FLAGS_TEXT_MAX];
	flags_text(h, flags, sizeof flags, ',');
	struct household_input in = {.cccd = h->cccd,
				     .head_name = h->name,
				     .sex = h->female ? "female" : "male",
				     .birth_year = h->birth_year,
				     .ethnicity = h->ethnicity,
				     .flags = flags,
				     .village_id = d->village[h->village].id,
				     .phone = h->phone[0] ? h->phone : NULL,
				     .members = h->members};
	demo_as(d, P_OFFICER, d->commune[d->village[h->village].commune].officer);
	int rc = household_create(&d->ctx, &in, &h->id, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "household %s: ", h->cccd);
}

/* The start: each commune's list of the first year, then the households it did not
 * name. */
int demo_households_start(struct demo *d, struct td_error *err)
{
	for (int c = 0; c < d->n_communes; c++) {
		if (!d->commune[c].used)
			continue;
		int rc = demo_poverty_list(d, c, 0, err);
		for (size_t k = 0; rc == TD_OK && k < d->n_hh; k++) {
			struct demo_hh *h = &d->hh[k];
			if (!h->id && h->appears == 0 && d->village[h->village].commune == c)
				rc = demo_household_create(d, h, err);
		}
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}
