/*
 * Money to lend (R-CAP-1): the central source, and the capital the city and the district
 * People's Committees entrust to the office each January; the central source is topped up
 * by the branch when a session's disbursements need it (the office's capital plan). Also
 * the branch's deposit rate for members' savings (R-SAV-1).
 */
#include <stdio.h>

#include "bank/capital.h"
#include "bank/savings.h"
#include "demo/demo_internal.h"

#define SAVINGS_RATE 5000 /* 0.5 % a year, in millionths */
/* Entrusted each January, per borrowing household wanted at the end. */
#define CITY_PER_HOUSEHOLD 1300000
#define DISTRICT_PER_HOUSEHOLD 400000
#define TOP_UP_STEP 100000000 /* central top-ups in whole hundreds of millions */

static int source(struct demo *d, const char *code, const char *kind, const char *name,
		  const char *investor, const char *investor_code, const char *level, int64_t *id,
		  struct td_error *err)
{
	struct capital_input in = {code, kind, name, d->office_id, investor, investor_code, level};
	int rc = capital_create(&d->ctx, &in, id, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "capital source %s: ", code);
}

int demo_capital(struct demo *d, struct td_error *err)
{
	demo_as(d, P_DIRECTOR, 0);
	int rc = source(d, "TW-KT", "central", "Nguồn vốn trung ương", NULL, NULL, NULL,
			&d->source_central, err);
	if (rc == TD_OK)
		rc = source(d, "DP-HP", "local", "Vốn ủy thác của UBND thành phố Hải Phòng",
			    "UBND thành phố Hải Phòng", "UBND-31", "province", &d->source_city,
			    err);
	if (rc == TD_OK)
		rc = source(d, "DP-KT", "local", "Vốn ủy thác của UBND huyện Kiến Thuỵ",
			    "UBND huyện Kiến Thuỵ", "UBND-314", "district", &d->source_district,
			    err);
	demo_as(d, P_ADMIN, 0);
	if (rc == TD_OK)
		rc = savings_rate_set(&d->ctx, d->branch_id, SAVINGS_RATE, demo_day(2021, 1, 1),
				      err);
	return rc;
}

/* The city's and the district's entrustment for the year, in January. */
int demo_capital_yearly(struct demo *d, int year, struct td_error *err)
{
	char note[128];
	td_money city = d->opt.households * CITY_PER_HOUSEHOLD / TOP_UP_STEP * TOP_UP_STEP;
	td_money district = d->opt.households * DISTRICT_PER_HOUSEHOLD / TOP_UP_STEP * TOP_UP_STEP;
	demo_as(d, P_DIRECTOR, 0);
	int rc = TD_OK;
	if (city > 0) {
		snprintf(note, sizeof note, "UBND thành phố ủy thác vốn năm %d", year);
		rc = capital_transfer(&d->ctx, d->source_city, CAPITAL_IN, city, note, NULL, NULL,
				      err);
	}
	if (rc == TD_OK && district > 0) {
		snprintf(note, sizeof note, "UBND huyện ủy thác vốn năm %d", year);
		rc = capital_transfer(&d->ctx, d->source_district, CAPITAL_IN, district, note, NULL,
				      NULL, err);
	}
	return rc;
}

/* Makes the central source hold `need` more than it does, in whole steps. */
int demo_capital_cover(struct demo *d, int64_t src, td_money need, struct td_error *err)
{
	td_money avail = 0;
	int rc = capital_available(d->s, src, d->office_id, &avail, err);
	if (rc != TD_OK || avail >= need)
		return rc;
	td_money amount = (need - avail + TOP_UP_STEP - 1) / TOP_UP_STEP * TOP_UP_STEP;
	demo_as(d, P_DIRECTOR, 0);
	return capital_transfer(&d->ctx, src, CAPITAL_IN, amount,
				"Chi nhánh chuyển vốn trung ương theo kế hoạch", NULL, NULL, err);
}

/* What the city's and the district's sources can still lend at the office. */
int demo_capital_local(struct demo *d, td_money *city, td_money *district, struct td_error *err)
{
	int rc = capital_available(d->s, d->source_city, d->office_id, city, err);
	if (rc == TD_OK)
		rc = capital_available(d->s, d->source_district, d->office_id, district, err);
	return rc;
}
