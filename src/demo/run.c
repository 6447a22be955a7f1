/*
 * demo_build: the setup (network, people, unions, groups, capital) on the day before the
 * run, then every day of the run in one transaction: end of day first (the new business
 * date), month end on the first, the applications' steps, the sessions of the points that
 * meet that day, the office's desk, decisions on troubled loans, and the year's turn.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/eod.h"
#include "bank/month_end.h"
#include "bank/network.h"
#include "bank/org_util.h"
#include "demo/demo_internal.h"

int demo_users_staff(struct demo *d, struct td_error *err);
int demo_users_others(struct demo *d, struct td_error *err);
int demo_households_plan(struct demo *d, struct td_error *err);
int demo_households_start(struct demo *d, struct td_error *err);

#define CAPITAL_DAY 2 /* the city and the district entrust their capital on 2 January */

void demo_options_default(struct demo_options *o)
{
	memset(o, 0, sizeof *o);
	o->seed = 1;
	o->households = DEMO_HOUSEHOLDS_DEFAULT;
	o->months = DEMO_MONTHS_DEFAULT;
}

void demo_as(struct demo *d, enum demo_person p, int k)
{
	switch (p) {
	case P_SYSTEM: d->ctx.actor = &d->system; break;
	case P_TELLER: d->ctx.actor = &d->teller[k].actor; break;
	case P_OFFICER: d->ctx.actor = &d->officer[k].actor; break;
	case P_CONTROLLER: d->ctx.actor = &d->controller[k].actor; break;
	default: d->ctx.actor = &d->person[p].actor; break;
	}
}

td_date demo_day(int year, int month, int day)
{
	td_date out = 0;
	struct td_error err = {0};
	int rc = date_from_civil(year, month, day, &out, &err);
	(void)rc;
	return out;
}

int demo_month_of(td_date day)
{
	struct td_civil c = date_to_civil(day);
	return (c.year - DEMO_YEAR0) * 12 + c.month - 1;
}

int demo_year_of(td_date day)
{
	int y = date_to_civil(day).year - DEMO_YEAR0;
	return y < 0 ? 0 : y >= DEMO_YEARS ? DEMO_YEARS - 1 : y;
}

int demo_grow(void **arr, size_t *cap, size_t n, size_t size, struct td_error *err)
{
	if (n < *cap)
		return TD_OK;
	size_t c = *cap ? *cap * 2 : 256;
	void *p = realloc(*arr, c * size);
	if (!p)
		return td_error_set(err, TD_ENOMEM, "no memory for the demo's district");
	*arr = p;
	*cap = c;
	return TD_OK;
}

void demo_say(struct demo *d, const char *fmt, ...)
{
	if (!d->opt.progress)
		return;
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	d->opt.progress(d->opt.arg, line);
}

struct demo_hh *demo_hh_find(struct demo *d, int64_t id)
{
	if (id <= 0)
		return NULL;
	if ((size_t)id >= d->hh_by_id_cap || d->hh_by_id[id] < 0 ||
	    d->hh[d->hh_by_id[id]].id != id) {
		/* rebuild: ids are handed out while the run goes on */
		size_t cap = 1024;
		for (size_t k = 0; k < d->n_hh; k++)
			while ((size_t)d->hh[k].id >= cap)
				cap *= 2;
		int32_t *v = realloc(d->hh_by_id, cap * sizeof *v);
		if (!v)
			return NULL;
		for (size_t k = 0; k < cap; k++)
			v[k] = -1;
		for (size_t k = 0; k < d->n_hh; k++)
			if (d->hh[k].id > 0)
				v[d->hh[k].id] = (int32_t)k;
		d->hh_by_id = v;
		d->hh_by_id_cap = cap;
		if ((size_t)id >= cap || v[id] < 0)
			return NULL;
	}
	return &d->hh[d->hh_by_id[id]];
}

/* SQLite: no fsync while the district is generated (a failed build is thrown away
 * whole), FULL again afterwards, as store_sqlite.c opens every connection. PostgreSQL's
 * durability is the server's business. */
static int durability(struct td_store *s, bool full, struct td_error *err)
{
	if (store_backend(s) != TD_BACKEND_SQLITE)
		return TD_OK;
	return store_exec(s, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF", err);
}

static int check_options(const struct demo_options *o, struct td_error *err)
{
	if (o->households < 1 || o->households > DEMO_HOUSEHOLDS_MAX)
		return td_error_set(err, TD_EINVAL, "households %lld is outside 1..%d",
				    (long long)o->households, DEMO_HOUSEHOLDS_MAX);
	if (o->months < 1 || o->months > DEMO_MONTHS_MAX)
		return td_error_set(err, TD_EINVAL, "months %d is outside 1..%d", o->months,
				    DEMO_MONTHS_MAX);
	td_date lo = 0, hi = 0;
	int rc = date_parse_iso(DEMO_UNTIL_MIN, &lo, err);
	if (rc == TD_OK)
		rc = date_parse_iso(DEMO_UNTIL_MAX, &hi, err);
	char iso[TD_DATE_FMT_MAX];
	if (rc == TD_OK && o->until && (o->until < lo || o->until > hi))
		rc = td_error_set(err, TD_EINVAL, "until %s is outside %s..%s",
				  date_format_iso(o->until, iso, sizeof iso), DEMO_UNTIL_MIN,
				  DEMO_UNTIL_MAX);
	return rc;
}

/* The database's business date before anything is booked: the day before the run. A
 * setting of the empty database, like `tindung init` writes, not a business row. */
static int start_date(struct demo *d, struct td_error *err)
{
	int rc = org_exec(d->s, err, "UPDATE td_meta SET value = ? WHERE key = 'business_date'",
			  "d", d->setup_day);
	if (rc == TD_OK)
		rc = org_exec(d->s, err,
			      "INSERT INTO demo_run (seed, households, district_code, start_date, "
			      "end_date) VALUES (?, ?, ?, ?, ?)",
			      "iitdd", (int64_t)d->opt.seed, d->opt.households, DEMO_DISTRICT,
			      d->first_day, d->last_day);
	d->ctx.business_date = d->setup_day;
	return rc;
}

static int setup(struct demo *d, struct td_error *err)
{
	int rc = bank_tx_begin(&d->ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = start_date(d, err);
	if (rc == TD_OK)
		rc = office_find_code(d->s, "HSC", &d->head_id, err);
	if (rc == TD_OK)
		rc = demo_users_admin(d, err);
	if (rc == TD_OK)
		rc = demo_units(d, err);
	if (rc == TD_OK)
		demo_population(d);
	if (rc == TD_OK)
		rc = demo_network(d, err);
	if (rc == TD_OK)
		rc = demo_users_staff(d, err);
	if (rc == TD_OK)
		rc = demo_chapters(d, err);
	if (rc == TD_OK)
		rc = demo_households_plan(d, err);
	if (rc == TD_OK)
		rc = demo_households_start(d, err);
	if (rc == TD_OK)
		rc = demo_groups(d, err);
	if (rc == TD_OK)
		rc = demo_users_others(d, err);
	if (rc == TD_OK)
		rc = demo_capital(d, err);
	if (rc == TD_OK)
		rc = demo_cash_setup(d, err);
	if (rc == TD_OK)
		rc = demo_lending_plan(d);
	if (rc != TD_OK) {
		bank_tx_rollback(&d->ctx);
		return td_error_prefix(err, "setting up the district: ");
	}
	demo_say(d, "Đã lập huyện: %d xã, thị trấn có tổ, %zu tổ TK&VV, %zu hộ",
		 demo_communes_used(d), d->n_groups, d->n_hh);
	return bank_tx_commit(&d->ctx, err);
}

/* The day's work after end of day. */
static int day_work(struct demo *d, struct td_error *err)
{
	td_date today = d->ctx.business_date;
	struct td_civil c = date_to_civil(today);
	int rc = demo_merger_day(d, err); /* 1 July 2025: the day's work sees the new map */
	if (rc == TD_OK && c.day == 1) {  /* eod may have run it already: then this books nothing */
		struct month_end_result me;
		demo_as(d, P_SYSTEM, 0);
		rc = month_end_run(&d->ctx, d->office_id, today - 1, &me, err);
	}
	if (rc == TD_OK && c.month == 1 && c.day == CAPITAL_DAY)
		rc = demo_capital_yearly(d, c.year, err);
	if (rc == TD_OK)
		rc = demo_applications_day(d, err);
	for (int k = 0; rc == TD_OK && k < d->n_communes; k++)
		if (d->commune[k].used && d->commune[k].meeting_day == c.day)
			rc = demo_session(d, k, err);
	if (rc == TD_OK)
		rc = demo_office_day(d, err);
	if (rc == TD_OK)
		rc = demo_risk_day(d, err);
	if (rc == TD_OK)
		rc = demo_year_end(d, err);
	if (rc == TD_OK)
		rc = demo_cash_day(d, err);
	return rc;
}

static int one_day(struct demo *d, struct td_error *err)
{
	int rc = bank_tx_begin(&d->ctx, err);
	if (rc != TD_OK)
		return rc;
	struct eod_day day;
	demo_as(d, P_SYSTEM, 0);
	rc = eod_run_day(&d->ctx, &day, err);
	if (rc == TD_OK)
		rc = day_work(d, err);
	if (rc != TD_OK) {
		char iso[TD_DATE_FMT_MAX];
		bank_tx_rollback(&d->ctx);
		return td_error_prefix(
			err, "%s: ", date_format_iso(d->ctx.business_date, iso, sizeof iso));
	}
	return bank_tx_commit(&d->ctx, err);
}

static void month_line(struct demo *d)
{
	int64_t open = 0, out = 0;
	struct td_error ignored = {0};
	org_query_int64(
		d->s, &open, &ignored,
		"SELECT count(*) FROM loan WHERE status IN ('in_term', 'overdue', 'frozen')", "");
	org_query_int64(d->s, &out, &ignored,
			"SELECT coalesce(sum(balance), 0) FROM loan WHERE status IN ('in_term', "
			"'overdue', 'frozen')",
			"");
	char m[TD_MONEY_FMT_MAX];
	struct td_civil c = date_to_civil(d->ctx.business_date);
	demo_say(d, "Tháng %02d/%04d: %lld phiên, %lld khoản vay đang vay, dư nợ %s đồng",
		 c.month, c.year,
		 (long long)d->sessions, (long long)open, money_format(out, m, sizeof m));
}

int demo_communes_used(const struct demo *d)
{
	int n = 0;
	for (int c = 0; c < d->n_communes; c++)
		n += d->commune[c].used;
	return n;
}

static void demo_free(struct demo *d)
{
	free(d->hh);
	free(d->group);
	free(d->loan);
	free(d->app);
	free(d->loan_by_id);
	free(d->hh_by_id);
	free(d);
}

int demo_build(struct td_store *s, const struct demo_options *o, struct demo_summary *sum,
	       struct td_error *err)
{
	int rc = check_options(o, err);
	bool empty = false;
	if (rc == TD_OK)
		rc = demo_database_empty(s, &empty, err);
	if (rc == TD_OK && !empty)
		rc = td_error_set(err, TD_ECONFLICT,
				  "the database already holds data: the demo builds only into an "
				  "empty database (tindung init, or a new file)");
	if (rc != TD_OK)
		return rc;
	struct demo *d = calloc(1, sizeof *d);
	if (!d)
		return td_error_set(err, TD_ENOMEM, "no memory for the demo");
	d->s = s;
	d->opt = *o;
	rng_seed(&d->rng, o->seed);
	actor_system(&d->system);
	d->ctx.store = s;
	d->months = o->months;
	d->first_day = demo_day(DEMO_YEAR0, 1, 1);
	d->setup_day = d->first_day - 1;
	d->last_day = date_add_months(d->first_day, o->months) - 1;
	if (o->until) { /* the months begun by then */
		d->last_day = o->until;
		d->months = demo_month_of(o->until) + 1;
	}
	rc = durability(s, false, err);
	if (rc == TD_OK)
		rc = setup(d, err);
	while (rc == TD_OK && d->ctx.business_date < d->last_day) {
		rc = one_day(d, err);
		if (rc == TD_OK && date_to_civil(d->ctx.business_date + 1).day == 1)
			month_line(d);
	}
	struct td_error e2 = {0};
	int rc2 = durability(s, true, rc == TD_OK ? err : &e2);
	if (rc == TD_OK)
		rc = rc2;
	if (rc == TD_OK && sum)
		rc = demo_summarise(s, sum, err);
	demo_free(d);
	return rc;
}
