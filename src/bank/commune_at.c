/* Communes over time: a village's commune on a date, and the moves a merger makes
 * (bank/commune_at.h). */
#include "bank/commune_at.h"

#include <stdio.h>

#include "bank/org_util.h"

int commune_of_village(struct td_store *s, int64_t village_id, td_date on, char *code, size_t size,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	char iso[TD_DATE_FMT_MAX];
	int rc = org_prepare(s, &st, err,
			     "SELECT v.name, " COMMUNE_OF_VILLAGE("v.id") " FROM village v "
									  "WHERE v.id = ?",
			     "ddi", on, on, village_id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW && !stmt_column_is_null(st, 1)) {
		snprintf(code, size, "%s", stmt_column_text(st, 1));
		rc = TD_OK;
	} else if (rc == TD_ROW) {
		rc = td_error_set(err, TD_ENOTFOUND,
				  "thôn %lld (%s) không thuộc xã nào vào ngày %s (chưa lập hoặc "
				  "đã giải thể)",
				  (long long)village_id, stmt_column_text(st, 0), org_iso(on, iso));
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "thôn %lld không tồn tại",
				  (long long)village_id);
	}
	stmt_finalize(st);
	return rc;
}

/* Runs a statement with RETURNING and adds the rows it returned to *n. */
static int count_returned(struct td_stmt *st, int rc, int64_t *n, struct td_error *err)
{
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		(*n)++;
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* SQL pieces: a membership row of alias t that was open the day before the merger and
 * still is on its day (binds the date twice), and the commune the mapping gives to the
 * commune t.commune_code: the one that kept its code, else the first listed (binds the
 * date once). */
#define OPEN_ACROSS(t) t ".valid_from < ? AND (" t ".valid_to IS NULL OR " t ".valid_to > ?)"
#define CLOSED_BY(t)                                                                               \
	t ".commune_code IN (SELECT old_commune FROM admin_merger WHERE on_date = ? AND "          \
	  "old_commune <> '')"
#define PROPOSED(t)                                                                                \
	"(SELECT m.new_commune FROM admin_merger m WHERE m.on_date = ? AND m.old_commune = " t     \
	".commune_code ORDER BY CASE WHEN m.new_commune = m.old_commune THEN 0 ELSE 1 END, "       \
	"m.line LIMIT 1)"
#define ONE_VILLAGE(t) "(CAST(? AS BIGINT) = 0 OR " t ".village_id = ?)"

#define VC "village_commune"
static const char close_villages[] =
	"UPDATE " VC
	" SET valid_to = ? WHERE " OPEN_ACROSS(VC) " AND " ONE_VILLAGE(VC) " AND " CLOSED_BY(VC);

static int move_villages(struct td_store *s, td_date on, int64_t village, struct commune_moves *out,
			 struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"INSERT INTO village_split (village_id, on_date, old_commune, proposed) SELECT "
		"vc.village_id, CAST(? AS TEXT), vc.commune_code, " PROPOSED(
			"vc") " FROM village_commune vc "
			      "WHERE " OPEN_ACROSS("vc") " AND " ONE_VILLAGE(
				      "vc") " AND EXISTS (SELECT 1 FROM "
					    "admin_merger m WHERE m.on_date = ? AND m.old_commune "
					    "= vc.commune_code AND "
					    "m.part = 'partial') RETURNING village_id",
		"ddddiid", on, on, on, on, village, village, on);
	rc = count_returned(st, rc, &out->split, err);
	if (rc != TD_OK)
		return rc;
	rc = org_prepare(
		s, &st, err,
		"INSERT INTO village_commune (village_id, commune_code, valid_from, "
		"valid_to) SELECT vc.village_id, " PROPOSED(
			"vc") ", CAST(? AS TEXT), "
			      "vc.valid_to FROM "
			      "village_commune vc WHERE " OPEN_ACROSS("vc") " AND " ONE_VILLAGE(
				      "vc") " AND " CLOSED_BY("vc") " RETURNING village_id",
		"ddddiid", on, on, on, on, village, village, on);
	rc = count_returned(st, rc, &out->villages, err);
	if (rc == TD_OK)
		rc = org_exec(s, err, close_villages, "dddiid", on, on, on, village, village, on);
	return rc;
}

/* The links of points (or credit officers) to communes: each owner serves from the date
 * every new commune its old communes went into, whole or in part. */
static int move_links(struct td_store *s, td_date on, const char *table, const char *owner,
		      int64_t *n, struct td_error *err)
{
	char sql[1024];
	struct td_stmt *st = NULL;
	snprintf(sql, sizeof sql,
		 "INSERT INTO %s (%s, commune_code, valid_from, valid_to) SELECT l.%s, "
		 "m.new_commune, CAST(? AS TEXT), CASE WHEN count(*) > count(l.valid_to) THEN NULL "
		 "ELSE "
		 "max(l.valid_to) END FROM %s l JOIN admin_merger m ON m.on_date = ? AND "
		 "m.old_commune = l.commune_code WHERE " OPEN_ACROSS(
			 "l") " GROUP BY l.%s, "
			      "m.new_commune RETURNING %s",
		 table, owner, owner, table, owner, owner);
	int rc = org_prepare(s, &st, err, sql, "dddd", on, on, on, on);
	rc = count_returned(st, rc, n, err);
	snprintf(sql, sizeof sql,
		 "UPDATE %s SET valid_to = ? WHERE " OPEN_ACROSS("%s") " AND " CLOSED_BY("%s"),
		 table, table, table, table, table);
	return rc == TD_OK ? org_exec(s, err, sql, "dddd", on, on, on, on) : rc;
}

int commune_follow_merger(struct td_store *s, td_date on, int64_t village_id,
			  struct commune_moves *out, struct td_error *err)
{
	int rc = move_villages(s, on, village_id, out, err);
	if (rc == TD_OK && village_id == 0)
		rc = move_links(s, on, "commune_point_commune", "point_id", &out->points, err);
	if (rc == TD_OK && village_id == 0)
		rc = move_links(s, on, "staff_commune", "staff_id", &out->staff, err);
	return rc;
}

int commune_village_start(struct td_store *s, int64_t village_id, const char *commune, td_date from,
			  struct td_error *err)
{
	int rc = org_exec(s, err,
			  "INSERT INTO village_commune (village_id, commune_code, valid_from) "
			  "VALUES (?, ?, ?)",
			  "itd", village_id, commune, from);
	/* A merger recorded ahead of its date may already close the commune. */
	struct td_stmt *st = NULL;
	td_date merger = ORG_NO_DATE;
	if (rc == TD_OK)
		rc = org_prepare(s, &st, err,
				 "SELECT min(on_date) FROM admin_merger WHERE old_commune = ? AND "
				 "on_date > ?",
				 "td", commune, from);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		merger = org_col_date(st, 0);
	stmt_finalize(st);
	if (rc != TD_ROW)
		return rc;
	struct commune_moves moved = {0};
	return merger == ORG_NO_DATE ? TD_OK
				     : commune_follow_merger(s, merger, village_id, &moved, err);
}
