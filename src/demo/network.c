/*
 * The district's network (R-ORG-1): its real administrative units from the statistics
 * office's list embedded in the binary, the branch and district office that the import
 * makes, villages in every commune, the office's staff and a commune point per commune
 * with its team of three. demo_data_rows also serves the 2025 lists (merger.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/network.h"
#include "base/embed.h"
#include "demo/demo_internal.h"

extern const struct td_embedded td_data[];

#define ADMIN_UNITS "vn_admin_units_2025-03-01.csv"
#define NETWORK_FROM "2008-01-01" /* the day the demo's network is valid from */

/* The n-th comma-separated field of line (no quotes in the official file) into out. */
static void field(const char *line, size_t len, int n, char *out, size_t size)
{
	const char *p = line, *end = line + len;
	for (int k = 0; k < n && p < end; k++) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		p = c ? c + 1 : end;
	}
	const char *c = memchr(p, ',', (size_t)(end - p));
	size_t l = (size_t)((c ? c : end) - p);
	while (l > 0 && (p[l - 1] == ' ' || p[l - 1] == '\r'))
		l--;
	if (l >= size)
		l = size - 1;
	memcpy(out, p, l);
	out[l] = '\0';
}

int demo_data_rows(const char *file, int col, const char *value, char **csv, size_t *len,
		   struct td_error *err)
{
	const struct td_embedded *e = embed_find(td_data, file);
	if (!e)
		return td_error_set(err, TD_EINTERNAL, "the binary carries no %s", file);
	size_t cap = 64 * 1024, n = 0;
	char *out = malloc(cap);
	const char *p = (const char *)e->data, *end = p + e->size;
	for (bool header = true; out && p < end; header = false) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = (size_t)((nl ? nl : end) - p);
		char cell[16];
		field(p, l, col, cell, sizeof cell);
		if (header || strcmp(cell, value) == 0) {
			if (n + l + 2 > cap) {
				char *bigger = realloc(out, cap *= 2);
				if (!bigger)
					free(out);
				out = bigger;
			}
			if (out) {
				memcpy(out + n, p, l);
				n += l;
				out[n++] = '\n';
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (!out)
		return td_error_set(err, TD_ENOMEM, "no memory for the rows of %s", file);
	out[n] = '\0';
	*csv = out;
	*len = n;
	return TD_OK;
}

/* The header and the district's rows of the embedded list; the communes into d. */
static int district_rows(struct demo *d, char **csv, size_t *len, struct td_error *err)
{
	int rc = demo_data_rows(ADMIN_UNITS, 2, DEMO_DISTRICT, csv, len, err);
	if (rc != TD_OK)
		return rc;
	const char *p = strchr(*csv, '\n') + 1, *end = *csv + *len;
	while (p < end && d->n_communes < DEMO_COMMUNES_MAX) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = (size_t)((nl ? nl : end) - p);
		struct demo_commune *c = &d->commune[d->n_communes++];
		char type[32];
		field(p, l, 5, c->code, sizeof c->code);
		field(p, l, 6, c->name, sizeof c->name);
		field(p, l, 7, type, sizeof type);
		c->town = strcmp(type, "Xã") != 0;
		p = nl ? nl + 1 : end;
	}
	if (d->n_communes == 0) {
		free(*csv);
		return td_error_set(err, TD_EINTERNAL, "district %s is not in %s", DEMO_DISTRICT,
				    ADMIN_UNITS);
	}
	return TD_OK;
}

int demo_units(struct demo *d, struct td_error *err)
{
	char *csv = NULL;
	size_t len = 0;
	int rc = district_rows(d, &csv, &len, err);
	if (rc != TD_OK)
		return rc;
	FILE *f = fmemopen(csv, len, "r");
	if (!f) {
		free(csv);
		return td_error_set(err, TD_ENOMEM, "no memory to read the district's units");
	}
	static const char *const provinces[] = {DEMO_PROVINCE};
	struct admin_import_options opt = {
		.source = ADMIN_UNITS, .provinces = provinces, .n_provinces = 1, .offices = true};
	date_parse_iso(NETWORK_FROM, &opt.on, err);
	struct admin_import_report rep = {0};
	demo_as(d, P_ADMIN, 0);
	rc = admin_units_import(&d->ctx, f, &opt, &rep, err);
	fclose(f);
	free(csv);
	if (rc == TD_OK)
		rc = office_find_code(d->s, DEMO_OFFICE, &d->office_id, err);
	if (rc == TD_OK)
		rc = office_find_code(d->s, DEMO_BRANCH, &d->branch_id, err);
	return rc;
}

/* The coast of Kiến Thuỵ: treated as hard areas for programme 10 (docs/demo.md). */
static bool coastal(const char *name)
{
	return strstr(name, "Đại Hợp") || strstr(name, "Tú Sơn");
}

static int villages(struct demo *d, struct td_error *err)
{
	td_date from;
	date_parse_iso(NETWORK_FROM, &from, err);
	struct demo_rng r = rng_fork(&d->rng, 11);
	for (int c = 0; c < d->n_communes; c++) {
		struct demo_commune *cm = &d->commune[c];
		cm->coastal = coastal(cm->name);
		int n = cm->n_villages;
		const char *names[DEMO_VILLAGES_MAX];
		char buf[DEMO_VILLAGES_MAX][48];
		names_villages(&r, cm->town, names, buf, (size_t)n);
		cm->first_village = d->n_villages;
		for (int k = 0; k < n; k++) {
			struct demo_village *v = &d->village[d->n_villages++];
			v->commune = c;
			snprintf(v->name, sizeof v->name, "%s", names[k]);
			struct village_input in = {cm->code, v->name, from};
			int rc = village_create(&d->ctx, &in, &v->id, err);
			if (rc != TD_OK)
				return td_error_prefix(err, "village %s of %s: ", v->name,
						       cm->code);
		}
	}
	return TD_OK;
}

static int staff_one(struct demo *d, struct demo_user *u, enum staff_role role, bool female,
		     const char *const *communes, size_t n, struct demo_rng *r,
		     struct td_error *err)
{
	char phone[11];
	names_person(r, female, u->full_name, sizeof u->full_name);
	names_phone(r, phone);
	struct staff_input in = {.office_id = d->office_id,
				 .full_name = u->full_name,
				 .role = role,
				 .phone = phone,
				 .communes = communes,
				 .n_communes = n};
	date_parse_iso(NETWORK_FROM, &in.valid_from, err);
	int rc = staff_create(&d->ctx, &in, &u->staff_id, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "staff %s: ", u->full_name);
}

/* Director, deputy, credit officers covering about three communes each, tellers and
 * controllers; each commune gets its officer and its teller. */
static int staff(struct demo *d, struct td_error *err)
{
	struct demo_rng r = rng_fork(&d->rng, 12);
	int rc = staff_one(d, &d->person[P_DIRECTOR], STAFF_DIRECTOR, false, NULL, 0, &r, err);
	if (rc == TD_OK)
		rc = staff_one(d, &d->person[P_DEPUTY], STAFF_DIRECTOR, true, NULL, 0, &r, err);
	d->n_officers = (d->n_communes + 2) / 3;
	if (d->n_officers > DEMO_OFFICERS_MAX)
		d->n_officers = DEMO_OFFICERS_MAX;
	for (int k = 0; rc == TD_OK && k < d->n_officers; k++) {
		const char *codes[DEMO_COMMUNES_MAX];
		size_t n = 0;
		for (int c = 0; c < d->n_communes; c++)
			if (c % d->n_officers == k) {
				codes[n++] = d->commune[c].code;
				d->commune[c].officer = k;
			}
		rc = staff_one(d, &d->officer[k], STAFF_CREDIT_OFFICER, k % 2 == 0, codes, n, &r,
			       err);
	}
	for (int k = 0; rc == TD_OK && k < 3; k++)
		rc = staff_one(d, &d->teller[k], STAFF_TELLER, k != 1, NULL, 0, &r, err);
	for (int k = 0; rc == TD_OK && k < 2; k++)
		rc = staff_one(d, &d->controller[k], STAFF_CONTROLLER, k == 0, NULL, 0, &r, err);
	return rc;
}

/* One point per commune, at the commune's People's Committee, each on its own day of the
 * month between the 5th and the 25th, so that a teller is never due at two points. */
static int points(struct demo *d, struct td_error *err)
{
	struct demo_rng r = rng_fork(&d->rng, 13);
	int days[21];
	for (int k = 0; k < 21; k++)
		days[k] = 5 + k;
	for (int k = 0; k < 21; k++) {
		int j = (int)rng_range(&r, k, 20), t = days[k];
		days[k] = days[j];
		days[j] = t;
	}
	for (int c = 0; c < d->n_communes; c++) {
		struct demo_commune *cm = &d->commune[c];
		cm->meeting_day = days[c % 21];
		cm->teller = c % 3;
		char code[32], name[160], place[160];
		snprintf(code, sizeof code, "DGD-%s", cm->code);
		snprintf(name, sizeof name, "Điểm giao dịch %s", cm->name);
		snprintf(place, sizeof place, "Trụ sở UBND %s", cm->name);
		const char *communes[] = {cm->code};
		struct point_input in = {
			.code = code,
			.office_id = d->office_id,
			.name = name,
			.place = place,
			.meeting_day = cm->meeting_day,
			.communes = communes,
			.n_communes = 1,
			.team = {d->officer[cm->officer].staff_id, d->controller[c % 2].staff_id,
				 d->teller[cm->teller].staff_id},
		};
		date_parse_iso(NETWORK_FROM, &in.valid_from, err);
		int rc = point_create(&d->ctx, &in, &cm->point_id, err);
		if (rc != TD_OK)
			return td_error_prefix(err, "point %s: ", code);
	}
	return TD_OK;
}

int demo_network(struct demo *d, struct td_error *err)
{
	int rc = staff(d, err);
	if (rc == TD_OK)
		rc = points(d, err);
	if (rc == TD_OK)
		rc = villages(d, err);
	return rc;
}
