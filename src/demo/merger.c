/*
 * The country after 1 July 2025 in a run that crosses it (`tindung demo --until`,
 * docs/demo.md): on that day the administrator loads Hải Phòng's part of the new list and
 * the mapping, embedded in the binary, through the bank's own import; the villages of the
 * communes that were split take the proposed new commune; Kiến Thuỵ's 16 communes are 5
 * communes of Hải Phòng from then on. The office, its points and its groups go on as they
 * were (the bank's tree is separate from the map); the poverty lists after it are the new
 * communes'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/merger.h"
#include "demo/demo_internal.h"

#define UNITS_2025 "vn_admin_units_2025-07-01.csv"
#define MERGER_2025 "vn_admin_merger_2025-07-01.csv"

/* Each village's commune from the merger on, as the bank now knows it. */
static int learn_communes(struct demo *d, struct td_error *err)
{
	for (int v = 0; v < d->n_villages; v++) {
		struct demo_village *dv = &d->village[v];
		int rc = commune_of_village(d->s, dv->id, d->ctx.business_date, dv->commune_2025,
					    sizeof dv->commune_2025, err);
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}

int demo_merger_day(struct demo *d, struct td_error *err)
{
	if (d->ctx.business_date != demo_day(2025, 7, 1))
		return TD_OK;
	char *units = NULL, *mapping = NULL;
	size_t ulen = 0, mlen = 0;
	struct admin_2025_report rep;
	int64_t accepted = 0;
	int rc = demo_data_rows(UNITS_2025, 0, DEMO_PROVINCE, &units, &ulen, err);
	if (rc == TD_OK)
		rc = demo_data_rows(MERGER_2025, 0, DEMO_PROVINCE, &mapping, &mlen, err);
	struct admin_2025_options opt = {UNITS_2025, MERGER_2025, d->ctx.business_date};
	demo_as(d, P_ADMIN, 0);
	if (rc == TD_OK)
		rc = admin_units_2025_import_text(&d->ctx, units, ulen, mapping, mlen, &opt, &rep,
						  err);
	if (rc == TD_OK)
		rc = village_split_accept(&d->ctx, NULL, &accepted, err);
	if (rc == TD_OK)
		rc = learn_communes(d, err);
	free(units);
	free(mapping);
	if (rc != TD_OK)
		return td_error_prefix(err, "the 2025 merger: ");
	d->merged = true;
	int fresh = 0; /* the district's new communes */
	for (int v = 0; v < d->n_villages; v++) {
		bool first = true;
		for (int k = 0; first && k < v; k++)
			first = strcmp(d->village[k].commune_2025, d->village[v].commune_2025) != 0;
		fresh += first;
	}
	demo_say(d,
		 "01/07/2025: chính quyền hai cấp: %d xã của huyện Kiến Thuỵ thành %d xã của "
		 "thành phố Hải Phòng, không còn cấp huyện; %lld thôn của xã bị chia theo đề xuất",
		 d->n_communes, fresh, (long long)accepted);
	return TD_OK;
}

/* ---- The lists of the new communes ------------------------------------------------------ */

static bool of_new_commune(const struct demo *d, const struct demo_hh *h, const void *arg)
{
	return strcmp(d->village[h->village].commune_2025, arg) == 0;
}

/* A village's name as the list writes it: with its former commune when another village of
 * the new commune has the same name (the import tells them apart so). */
static const char *village_cell(const struct demo *d, int v, char *buf, size_t size,
				const void *arg)
{
	const struct demo_village *dv = &d->village[v];
	bool twin = false;
	for (int k = 0; k < d->n_villages && !twin; k++)
		twin = k != v && strcmp(d->village[k].commune_2025, arg) == 0 &&
		       strcmp(d->village[k].name, dv->name) == 0;
	if (twin)
		snprintf(buf, size, "%s (%s)", dv->name, d->commune[dv->commune].name);
	else
		snprintf(buf, size, "%s", dv->name);
	return buf;
}

int demo_poverty_lists_2025(struct demo *d, int y, struct td_error *err)
{
	for (int v = 0; v < d->n_villages; v++) {
		const struct demo_village *dv = &d->village[v];
		bool first = d->commune[dv->commune].used;
		for (int k = 0; first && k < v; k++)
			first = !(d->commune[d->village[k].commune].used &&
				  strcmp(d->village[k].commune_2025, dv->commune_2025) == 0);
		if (!first)
			continue;
		/* the new commune's list, brought by the officer of its first old commune */
		struct demo_list l = {dv->commune_2025, d->commune[dv->commune].officer,
				      of_new_commune, village_cell, dv->commune_2025};
		int rc = demo_poverty_list_for(d, &l, y, err);
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}
