/*
 * Households: the office that serves a commune on a date (the commune point's, else the
 * district's). bank/household.h documents the API.
 */
#include <stdbool.h>
#include <stdio.h>

#include "bank/household_internal.h"

/* The district office of a district on a day (its district_code, or the code
 * "PGD<district>" the admin-units import gives it), following merges (merged_into) from an
 * office closed that day to the one that absorbed it. TD_ENOTFOUND when there is none. */
static int district_office(struct td_store *s, const char *district, const char *pgd,
			   const char *day, int64_t *office_id, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int64_t id = 0;
	int rc = org_prepare(
		s, &st, err,
		"SELECT id FROM office WHERE kind = 'district' AND (district_code = ? OR "
		"code = ?) ORDER BY id",
		"tt", district, pgd);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	/* A merge chain has no cycle (a source closes); the bound guards bad data. */
	for (int hops = 0; rc == TD_ROW && hops < 16; hops++) {
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
