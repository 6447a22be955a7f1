/*
 * Households: the office that serves a commune on a date (the commune point's, else the
 * district's). bank/household.h documents the API.
 */
#include <stdbool.h>
#include <stdio.h>

#include "bank/commune_at.h"
#include "bank/household_internal.h"

/* The office that holds office id's data on a day: itself while it is open, else the one
 * it merged into (merged_into), followed. TD_ENOTFOUND when the chain ends in nothing open. */
static int follow_merges(struct td_store *s, int64_t id, const char *day, int64_t *office_id,
			 struct td_error *err)
{
	int rc = TD_ROW;
	/* A merge chain has no cycle (a source closes); the bound guards bad data. */
	for (int hops = 0; rc == TD_ROW && hops < 16; hops++) {
		struct td_stmt *st = NULL;
		rc = org_prepare(
			s, &st, err,
			"SELECT (SELECT count(*) FROM office_version v WHERE v.office_id = o.id "
			"AND " HH_VALID_ON("v") "), o.merged_into FROM office o WHERE o.id = ?",
			"tti", day, day, id);
		bool open = false;
		int64_t next = 0;
		if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
			open = stmt_column_int64(st, 0) > 0;
			next = stmt_column_int64(st, 1);
		}
		stmt_finalize(st);
		if (rc == TD_ROW && open) {
			*office_id = id;
			return TD_OK;
		}
		if (rc == TD_ROW && !next)
			rc = TD_DONE;
		id = next;
	}
	return rc == TD_DONE || rc == TD_ROW ? TD_ENOTFOUND : rc;
}

/* The district office of a district on a day (its district_code, or the code
 * "PGD<district>" the admin-units import gives it), following merges. TD_ENOTFOUND when
 * there is none. */
static int district_office(struct td_store *s, const char *district, const char *pgd,
			   const char *day, int64_t *office_id, struct td_error *err)
{
	int64_t id = 0;
	int rc = org_query_int64(s, &id, err,
				 "SELECT id FROM office WHERE kind = 'district' AND (district_code "
				 "= ? OR code = ?) ORDER BY id",
				 "tt", district, pgd);
	return rc == TD_OK ? follow_merges(s, id, day, office_id, err) : rc;
}

/*
 * Not network_commune_office (village.c), on purpose: a household must be booked at an
 * office that really serves its commune, so this one refuses (TD_ENOTFOUND for a commune
 * that is no admin unit on the date, TD_ERULE when no point and no district office serves
 * it) where that one falls back to the province branch and then the head office so that a
 * village can always be recorded. It also requires the point itself to be open on the date
 * and knows the district office by its "PGD<district>" code too. Tests rely on both
 * behaviours (test_household: the refusals; test_network: the fallbacks).
 */
int household_commune_office(struct td_store *s, const char *commune_code, td_date on,
			     int64_t *office_id, struct td_error *err)
{
	char day[TD_DATE_FMT_MAX], district[16] = "", name[160] = "", pgd[24];
	date_format_iso(on, day, sizeof day);
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT a.parent_code, a.name FROM admin_unit a WHERE a.level = 'commune' "
		"AND a.code = ? AND " HH_VALID_ON("a"),
		"ttt", commune_code, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		snprintf(district, sizeof district, "%s", stmt_column_text(st, 0) ?: "");
		snprintf(name, sizeof name, "%s", stmt_column_text(st, 1));
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(
			err, TD_ENOTFOUND,
			"commune %s is not an administrative unit on %s (load them with "
			"tindung import admin-units)",
			commune_code, day);
	if (rc != TD_ROW)
		return rc;
	/* The point that serves the commune on that day, then the district's office. */
	rc = org_prepare(
		s, &st, err,
		"SELECT p.office_id FROM commune_point_commune c JOIN commune_point p ON p.id = "
		"c.point_id WHERE c.commune_code = ? AND " HH_VALID_ON("c") " AND " HH_VALID_ON(
			"p") " ORDER BY p.id",
		"ttttt", commune_code, day, day, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		*office_id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	if (rc == TD_ROW)
		return TD_OK;
	if (rc != TD_DONE)
		return rc;
	snprintf(pgd, sizeof pgd, "PGD%s", district);
	rc = district_office(s, district, pgd, day, office_id, err);
	if (rc != TD_ENOTFOUND)
		return rc;
	return td_error_set(
		err, TD_ERULE,
		"no office serves commune %s (%s) on %s: no commune point serves it and "
		"district %s has no office then (%s); create the office or a commune "
		"point first",
		commune_code, name, day, district, pgd);
}

/* The distinct offices of the points serving a commune on a day, at most two: n = 0, 1, 2. */
static int point_offices(struct td_store *s, const char *commune, const char *day,
			 int64_t office[2], int *n, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT DISTINCT p.office_id FROM commune_point_commune c JOIN commune_point p ON "
		"p.id = c.point_id WHERE c.commune_code = ? AND " HH_VALID_ON(
			"c") " AND " HH_VALID_ON("p") " ORDER BY p.office_id",
		"ttttt", commune, day, day, day, day);
	for (*n = 0; rc == TD_OK && *n < 2 && (rc = stmt_step(st, err)) == TD_ROW; rc = TD_OK)
		office[(*n)++] = stmt_column_int64(st, 0);
	stmt_finalize(st);
	return rc == TD_DONE || rc == TD_OK ? TD_OK : rc;
}

/* The day before the village's membership of that day began, when it began by a move (a
 * merger) rather than with the village: the day to ask its former commune. 0: none. */
static int moved_on(struct td_store *s, int64_t village_id, const char *day, td_date *eve,
		    struct td_error *err)
{
	struct td_stmt *st = NULL;
	*eve = 0;
	int rc = org_prepare(s, &st, err,
			     "SELECT vc.valid_from FROM village_commune vc WHERE vc.village_id = ? "
			     "AND " HH_VALID_ON("vc") " AND EXISTS (SELECT 1 FROM village_commune "
						      "p WHERE p.village_id = vc.village_id AND "
						      "p.valid_to = vc.valid_from)",
			     "itt", village_id, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		*eve = org_col_date(st, 0) - 1;
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

int household_village_office(struct td_store *s, int64_t village_id, td_date on, int64_t *office_id,
			     struct td_error *err)
{
	char day[TD_DATE_FMT_MAX], commune[16];
	date_format_iso(on, day, sizeof day);
	int64_t office[2];
	int n = 0;
	td_date eve = 0;
	int rc = commune_of_village(s, village_id, on, commune, sizeof commune, err);
	if (rc == TD_OK)
		rc = point_offices(s, commune, day, office, &n, err);
	if (rc == TD_OK && n == 1) {
		*office_id = office[0];
		return TD_OK;
	}
	if (rc == TD_OK)
		rc = moved_on(s, village_id, day, &eve, err);
	if (rc != TD_OK)
		return rc;
	/* A commune formed from communes of several offices: the village stays with the
	 * office that served it before it moved. */
	if (eve) {
		int64_t before = 0;
		rc = household_village_office(s, village_id, eve, &before, err);
		return rc == TD_OK ? follow_merges(s, before, day, office_id, err) : rc;
	}
	if (n == 0)
		return household_commune_office(s, commune, on, office_id, err);
	return td_error_set(
		err, TD_ERULE,
		"commune %s is served on %s by points of several offices (%lld, %lld) "
		"and village %lld came from no other commune to tell which: serve it by "
		"one point first",
		commune, day, (long long)office[0], (long long)office[1], (long long)village_id);
}
