/*
 * Households: one household with its poverty status history, the status on a day, and
 * the JSON of a household row that the search shares. bank/household.h documents the API.
 */
#include <string.h>

#include "bank/household_internal.h"

static const struct {
	const char *name;
	char kind; /* i integer, t text, f flags (an array of names) */
} hh_cols[] = {
	{"id", 'i'},	       {"cccd", 't'},	      {"head_name", 't'},  {"sex", 't'},
	{"birth_year", 'i'},   {"ethnicity", 't'},    {"flags", 'f'},	   {"village_id", 'i'},
	{"village_name", 't'}, {"commune_code", 't'}, {"office_id", 'i'},  {"phone", 't'},
	{"members", 'i'},      {"created_on", 't'},   {"updated_on", 't'}, {"status", 't'},
};

static json_t *flags_json(const char *text)
{
	json_t *a = json_array();
	for (const char *s = text; a && *s;) {
		size_t len = strcspn(s, ",");
		json_array_append_new(a, json_stringn(s, len));
		s += len + (s[len] == ',');
	}
	return a;
}

json_t *hh_json(struct td_stmt *st)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < sizeof hh_cols / sizeof hh_cols[0]; i++) {
		int col = (int)i;
		json_t *v;
		if (stmt_column_is_null(st, col))
			v = json_null();
		else if (hh_cols[i].kind == 'i')
			v = json_integer(stmt_column_int64(st, col));
		else if (hh_cols[i].kind == 'f')
			v = flags_json(stmt_column_text(st, col));
		else
			v = json_string(stmt_column_text(st, col));
		if (!v || json_object_set_new(o, hh_cols[i].name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

int hh_business_year(const struct td_ctx *ctx)
{
	return date_to_civil(ctx->business_date).year;
}

/* The savings group the household belongs to on the business date and that group's
 * chapter on that date (0 and 0 when it is in none): the rest of its read scope. */
static int member_scope(struct td_ctx *ctx, int64_t id, struct td_scope *scope,
			struct td_error *err)
{
	char day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		ctx->store, &st, err,
		"SELECT m.group_id, g.chapter_id FROM group_member m JOIN group_version g "
		"ON g.group_id = m.group_id AND " HH_VALID_ON(
			"g") " WHERE m.household_id = ? "
			     "AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)",
		"ttitt", day, day, id, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		scope->group_id = stmt_column_int64(st, 0);
		scope->chapter_id = stmt_column_int64(st, 1);
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

static int history_json(struct td_store *s, int64_t id, json_t *o, struct td_error *err)
{
	json_t *list = json_array();
	struct td_stmt *st = NULL;
	int rc =
		list ? org_prepare(s, &st, err,
				   "SELECT year, status, commune_code, import_id, recorded_on FROM "
				   "poverty_status WHERE household_id = ? ORDER BY year DESC",
				   "i", id)
		     : td_error_set(err, TD_ENOMEM, "out of memory");
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_t *y = json_pack(
			"{s:I, s:s, s:s, s:I, s:s}", "year", (json_int_t)stmt_column_int64(st, 0),
			"status", stmt_column_text(st, 1), "commune_code", stmt_column_text(st, 2),
			"import_id", (json_int_t)stmt_column_int64(st, 3), "recorded_on",
			stmt_column_text(st, 4));
		rc = y && json_array_append_new(list, y) == 0
			     ? TD_OK
			     : td_error_set(err, TD_ENOMEM, "out of memory");
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return json_object_set_new(o, "poverty_status", list) == 0
			       ? TD_OK
			       : td_error_set(err, TD_ENOMEM, "out of memory");
	json_decref(list);
	return rc;
}

static int get_in_tx(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	json_t *o = NULL;
	struct td_scope scope = {0};
	char day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	int rc = org_prepare(ctx->store, &st, err, HH_SELECT " WHERE h.id = ?", "ttii", day, day,
			     (int64_t)hh_business_year(ctx), id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		scope.office_id = stmt_column_int64(st, 10);
		o = hh_json(st);
		rc = o ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "household (hộ) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	if (rc == TD_OK)
		rc = member_scope(ctx, id, &scope, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc == TD_OK &&
	    json_object_set_new(o, "group_id",
				scope.group_id ? json_integer(scope.group_id) : json_null()) != 0)
		rc = td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK)
		rc = history_json(ctx->store, id, o, err);
	if (rc == TD_OK)
		*out = o;
	else
		json_decref(o);
	return rc;
}

int household_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = get_in_tx(ctx, id, out, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int household_status_on(struct td_ctx *ctx, int64_t household_id, td_date day, enum hh_status *out,
			struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc =
		org_prepare(ctx->store, &st, err,
			    "SELECT status FROM poverty_status WHERE household_id = ? AND year = ?",
			    "ii", household_id, (int64_t)date_to_civil(day).year);
	*out = HH_NONE;
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = programme_status_parse(stmt_column_text(st, 0), out, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}
