/*
 * The journal of poverty list imports (poverty_import): the row an import opens and
 * closes, and the journal as a list. bank/poverty_import.h documents the API.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/org_util.h"
#include "bank/poverty_internal.h"
#include "bank/audit.h"

/* ---- The journal ------------------------------------------------------------------ */

int pv_open_journal(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	const struct td_actor *a = st->ctx->actor;
	struct td_stmt *s = NULL;
	int rc = store_prepare(st->ctx->store,
			       "SELECT min(id) FROM poverty_import WHERE commune_code = ? AND "
			       "year = ? AND sha256 = ?",
			       &s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(s, 1, st->in->commune_code);
	stmt_bind_int64(s, 2, st->in->year);
	stmt_bind_text(s, 3, res->sha256);
	if ((rc = stmt_step(s, err)) == TD_ROW)
		res->same_as_import = stmt_column_int64(s, 0);
	stmt_finalize(s);
	if (rc != TD_ROW)
		return rc == TD_DONE ? TD_EINTERNAL : rc;
	if (st->in->dry_run)
		return TD_OK;
	rc = store_prepare(
		st->ctx->store,
		"INSERT INTO poverty_import (commune_code, year, office_id, file_name, "
		"sha256, rows_read, new_households, unchanged, status_changed, left_list, "
		"rejected, business_date, user_id, username) VALUES (?, ?, ?, ?, ?, 0, 0, "
		"0, 0, 0, 0, ?, ?, ?) RETURNING id",
		&s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(s, 1, st->in->commune_code);
	stmt_bind_int64(s, 2, st->in->year);
	stmt_bind_int64(s, 3, res->office_id);
	stmt_bind_text(s, 4, st->in->file_name ? st->in->file_name : "");
	stmt_bind_text(s, 5, res->sha256);
	stmt_bind_text(s, 6, st->day);
	stmt_bind_int64(s, 7, a->user_id);
	stmt_bind_text(s, 8, a->username);
	if ((rc = stmt_step(s, err)) == TD_ROW)
		res->import_id = stmt_column_int64(s, 0);
	stmt_finalize(s);
	return rc == TD_ROW ? TD_OK : rc == TD_DONE ? TD_EINTERNAL : rc;
}

int pv_close_journal(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct td_stmt *s = NULL;
	int rc = store_prepare(st->ctx->store,
			       "UPDATE poverty_import SET rows_read = ?, new_households = ?, "
			       "unchanged = ?, status_changed = ?, left_list = ?, rejected = ? "
			       "WHERE id = ?",
			       &s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(s, 1, (int64_t)res->rows);
	stmt_bind_int64(s, 2, (int64_t)res->new_households);
	stmt_bind_int64(s, 3, (int64_t)res->unchanged);
	stmt_bind_int64(s, 4, (int64_t)res->n_changed);
	stmt_bind_int64(s, 5, (int64_t)res->n_left);
	stmt_bind_int64(s, 6, (int64_t)res->n_rejected);
	stmt_bind_int64(s, 7, res->import_id);
	rc = stmt_step(s, err);
	stmt_finalize(s);
	if (rc != TD_DONE)
		return rc;
	json_t *j =
		json_pack("{s:s, s:i, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "commune_code",
			  st->in->commune_code, "year", st->in->year, "file_name",
			  st->in->file_name ? st->in->file_name : "", "sha256", res->sha256, "rows",
			  (json_int_t)res->rows, "new_households", (json_int_t)res->new_households,
			  "unchanged", (json_int_t)res->unchanged, "status_changed",
			  (json_int_t)res->n_changed, "left_list", (json_int_t)res->n_left,
			  "rejected", (json_int_t)res->n_rejected);
	char *after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	rc = after ? audit_record(st->ctx, "import", "poverty_import", res->import_id, NULL, after,
				  err)
		   : pv_nomem(err);
	free(after);
	return rc;
}
/* ---- The journal as a list -------------------------------------------------------- */

/* The journal's columns in a list, in the order of the SELECT below. */
static const struct org_col journal_cols[] = {
	{"id", 'i'},
	{"commune_code", 't'},
	{"year", 'i'},
	{"office_id", 'i'},
	{"file_name", 't'},
	{"sha256", 't'},
	{"rows_read", 'i'},
	{"new_households", 'i'},
	{"unchanged", 'i'},
	{"status_changed", 'i'},
	{"left_list", 'i'},
	{"rejected", 'i'},
	{"business_date", 't'},
	{"user_id", 'i'},
	{"username", 't'},
	{NULL, 0},
};

static int list_in_tx(struct td_ctx *ctx, const struct poverty_import_query *q, json_t **out,
		      struct td_error *err)
{
	/* The journal is data of the office, naming no chapter or group: outside the reach
	 * of union officers and group leaders (R-ORG-4), as the network's lists are. */
	const struct td_actor *a = ctx->actor;
	struct td_scope own = {.office_id = a->office_id};
	int64_t limit = q->limit;
	int rc = org_page_check(&limit, q->offset, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &own, err);
	if (rc != TD_OK)
		return rc;
	struct org_query oq;
	org_query_init(&oq,
		       "SELECT id, commune_code, year, office_id, file_name, sha256, rows_read, "
		       "new_households, unchanged, status_changed, left_list, rejected, "
		       "business_date, user_id, username FROM poverty_import "
		       "WHERE office_id IN (SELECT id FROM subtree)",
		       "ORDER BY id DESC");
	org_query_subtree(&oq, a->office_id, ctx->business_date);
	if (q->commune_code && *q->commune_code)
		org_query_and_text(&oq, "commune_code = ?", q->commune_code);
	if (q->year)
		org_query_and_int(&oq, "year = ?", q->year);
	return org_query_list(ctx->store, &oq, journal_cols, limit, q->offset, out, err);
}

int poverty_import_list(struct td_ctx *ctx, const struct poverty_import_query *q, json_t **out,
			struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = list_in_tx(ctx, q, out, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
