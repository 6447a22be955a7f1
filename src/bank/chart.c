/* The chart of accounts: account types from gl_account_type, concrete accounts on demand. */
#include "bank/chart.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "bank/org_util.h"

#define TYPE_COLS "code, name_vi, category, normal_side, by_programme, by_source, source_kind"

static void type_from_row(struct td_stmt *st, struct chart_type *t)
{
	const char *kind = stmt_column_text(st, 6);
	snprintf(t->code, sizeof t->code, "%s", stmt_column_text(st, 0));
	snprintf(t->name_vi, sizeof t->name_vi, "%s", stmt_column_text(st, 1));
	snprintf(t->category, sizeof t->category, "%s", stmt_column_text(st, 2));
	snprintf(t->normal_side, sizeof t->normal_side, "%s", stmt_column_text(st, 3));
	t->by_programme = stmt_column_int64(st, 4) != 0;
	t->by_source = stmt_column_int64(st, 5) != 0;
	snprintf(t->source_kind, sizeof t->source_kind, "%s", kind ? kind : "");
}

int chart_type_get(struct td_store *s, const char *code, struct chart_type *out,
		   struct td_error *err)
{
	if (!code || !code[0])
		return td_error_set(err, TD_EINVAL, "account type is missing");
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, "SELECT " TYPE_COLS " FROM gl_account_type WHERE code = ?",
			     "t", code);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		type_from_row(st, out);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINVAL,
				  "account type '%s' is not in the chart of accounts "
				  "(tindung ledger accounts lists them)",
				  code);
	}
	stmt_finalize(st);
	return rc;
}

int chart_account_id(struct td_store *s, const char *type, int64_t office_id,
		     const char *programme, int64_t source_id, int64_t *out, struct td_error *err)
{
	assert(type && programme && office_id > 0 && source_id >= 0);
	int rc = org_query_int64(s, out, err,
				 "SELECT id FROM gl_account WHERE type_code = ? AND office_id = ? "
				 "AND programme_code = ? AND source_id = ?",
				 "titi", type, office_id, programme, source_id);
	if (rc != TD_ENOTFOUND)
		return rc;
	rc = org_query_int64(s, out, err,
			     "INSERT INTO gl_account (type_code, office_id, programme_code, "
			     "source_id) VALUES (?, ?, ?, ?) RETURNING id",
			     "titi", type, office_id, programme, source_id);
	if (rc == TD_OK)
		rc = org_exec(s, err,
			      "INSERT INTO gl_balance (account_id, debit, credit) VALUES (?, 0, 0)",
			      "i", *out);
	return rc;
}

int chart_list(struct td_store *s, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT " TYPE_COLS " FROM gl_account_type ORDER BY sort, code",
			       &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		struct chart_type t;
		type_from_row(st, &t);
		json_array_append_new(
			arr, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:s?}", "code", t.code,
				       "name_vi", t.name_vi, "category", t.category, "normal_side",
				       t.normal_side, "by_programme", t.by_programme, "by_source",
				       t.by_source, "source_kind",
				       t.source_kind[0] ? t.source_kind : NULL));
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return TD_OK;
}
