/*
 * Importing a commune's poverty list (R-HH-1, R-HH-2); bank/poverty_import.h tells what it
 * does, docs/poverty-list.md the file format.
 *
 * The work runs in passes over the rows held in memory, so that the database sees few and
 * cheap statements (a 100,000-row list in about a second on SQLite, against a target of
 * 5 s; bench/bench_poverty_import.c):
 *   1. read and validate every row (no database but the commune's villages, loaded once);
 *   2. sort the rows by citizen ID: repeated IDs, and the in-memory index for the rest;
 *   3. look the IDs up in chunks of CHUNK per statement (household, this year's and last
 *      year's status), then reject conflicts (another name, another commune);
 *   4. find the households that left the list (one query);
 *   5. write: new households and statuses in multi-row INSERTs (HH_BATCH, ST_BATCH rows
 *      per statement, prepared once), new households in citizen ID order.
 */
#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/poverty_internal.h"

int pv_nomem(struct td_error *err)
{
	return td_error_set(err, TD_ENOMEM, "out of memory importing the poverty list");
}

/* ---- The use case ----------------------------------------------------------------- */

static int check_input(struct pv_state *st, struct td_error *err)
{
	const struct poverty_import_input *in = st->in;
	int business_year = date_to_civil(st->ctx->business_date).year;
	const char *c = in->commune_code ? in->commune_code : "";
	if (strlen(c) != 5 || strspn(c, "0123456789") != 5)
		return td_error_set(err, TD_EINVAL, "commune code '%s' must be 5 digits", c);
	if (in->year < POVERTY_YEAR_MIN || in->year > business_year + 1)
		return td_error_set(err, TD_EINVAL,
				    "year %d is outside %d..%d: a list is for a year up to the one "
				    "after the business date's",
				    in->year, POVERTY_YEAR_MIN, business_year + 1);
	if (!in->data || in->len == 0)
		return td_error_set(err, TD_EINVAL, "the file is empty: it needs a header line");
	if (in->len > POVERTY_FILE_MAX)
		return td_error_set(err, TD_ETOOBIG, "the file has %zu bytes; at most %u are read",
				    in->len, POVERTY_FILE_MAX);
	return TD_OK;
}

static int run_in_tx(struct pv_state *st, struct td_error *err)
{
	struct td_scope scope = {0};
	int rc = pv_load_commune(st, err);
	if (rc == TD_OK) {
		scope.office_id = st->res->office_id;
		rc = access_check(st->ctx, ACT_POVERTY_IMPORT, &scope, err);
	}
	if (rc == TD_OK)
		rc = pv_load_villages(st, err);
	/* A commune formed from communes of several offices: its villages stay with their
	 * offices (R-ORG-1), and the list writes to each of them. */
	for (size_t i = 0; rc == TD_OK && i < st->n_villages; i++) {
		scope.office_id = st->villages[i].office_id;
		if (scope.office_id != st->res->office_id)
			rc = access_check(st->ctx, ACT_POVERTY_IMPORT, &scope, err);
	}
	if (rc == TD_OK)
		rc = pv_read_rows(st, err);
	if (rc == TD_OK)
		rc = pv_mark_repeats(st, err);
	if (rc == TD_OK)
		rc = pv_lookup_households(st, err);
	if (rc == TD_OK) {
		pv_check_conflicts(st);
		st->res->rows = st->n_rows;
		rc = pv_collect_rejected(st, err);
	}
	if (rc == TD_OK && st->accepted == 0)
		return td_error_set(err, TD_ERULE,
				    "none of the %zu rows can be used, so nothing was imported; "
				    "line %zu: %s",
				    st->n_rows, st->res->rejected[0].line,
				    st->res->rejected[0].reason);
	if (rc == TD_OK)
		rc = pv_find_left(st, err);
	if (rc == TD_OK)
		rc = pv_open_journal(st, err);
	if (rc == TD_OK)
		rc = pv_apply_all(st, err);
	if (rc == TD_OK && !st->in->dry_run)
		rc = pv_close_journal(st, err);
	if (rc == TD_OK)
		assert(st->res->rows == st->res->new_households + st->res->unchanged +
						st->res->n_changed + st->res->n_rejected);
	return rc;
}

int poverty_import_run(struct td_ctx *ctx, const struct poverty_import_input *in,
		       struct poverty_import_result *res, struct td_error *err)
{
	memset(res, 0, sizeof *res);
	arena_init(&res->arena, 0);
	struct pv_state st = {.ctx = ctx, .in = in, .res = res};
	arena_init(&st.work, 1 << 20);
	date_format_iso(ctx->business_date, st.day, sizeof st.day);
	res->dry_run = in->dry_run;
	res->year = in->year;
	snprintf(res->commune_code, sizeof res->commune_code, "%s",
		 in->commune_code ? in->commune_code : "");
	int rc = check_input(&st, err);
	if (rc == TD_OK) {
		unsigned char hash[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(hash, (const unsigned char *)in->data, in->len);
		sodium_bin2hex(res->sha256, sizeof res->sha256, hash, sizeof hash);
		rc = bank_tx_begin(ctx, err);
		if (rc == TD_OK) {
			rc = run_in_tx(&st, err);
			if (rc == TD_OK && !in->dry_run)
				rc = bank_tx_commit(ctx, err);
			else
				bank_tx_rollback(ctx);
		}
	}
	if (rc != TD_OK || in->dry_run)
		res->import_id = 0;
	free(st.villages);
	free(st.rows);
	free(st.by_cccd);
	arena_free(&st.work);
	return rc;
}

void poverty_import_result_free(struct poverty_import_result *res)
{
	free(res->changed);
	free(res->left);
	free(res->rejected);
	arena_free(&res->arena);
	memset(res, 0, sizeof *res);
}

/* ---- JSON ------------------------------------------------------------------------- */

static json_t *change_json(const struct poverty_change *c, bool with_line)
{
	json_t *o =
		json_pack("{s:I, s:s, s:s, s:s, s:i, s:s}", "household_id",
			  (json_int_t)c->household_id, "cccd", c->cccd, "head_name", c->head_name,
			  "from", c->from_year ? programme_status_name(c->from) : "", "from_year",
			  c->from_year, "to", programme_status_name(c->to));
	if (o && !c->from_year)
		json_object_set_new(o, "from", json_null());
	if (o && with_line)
		json_object_set_new(o, "line", json_integer((json_int_t)c->line));
	if (o && !with_line)
		json_object_del(o, "to");
	return o;
}

json_t *poverty_import_result_json(const struct poverty_import_result *r)
{
	json_t *changed = json_array(), *left = json_array(), *rejected = json_array();
	bool ok = changed && left && rejected;
	for (size_t i = 0; ok && i < r->n_changed; i++)
		ok = json_array_append_new(changed, change_json(&r->changed[i], true)) == 0;
	for (size_t i = 0; ok && i < r->n_left; i++)
		ok = json_array_append_new(left, change_json(&r->left[i], false)) == 0;
	for (size_t i = 0; ok && i < r->n_rejected; i++)
		ok = json_array_append_new(rejected, json_pack("{s:I, s:s}", "line",
							       (json_int_t)r->rejected[i].line,
							       "reason", r->rejected[i].reason)) ==
		     0;
	json_t *counts =
		ok ? json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "rows", (json_int_t)r->rows,
			       "new_households", (json_int_t)r->new_households, "unchanged",
			       (json_int_t)r->unchanged, "status_changed", (json_int_t)r->n_changed,
			       "left_list", (json_int_t)r->n_left, "rejected",
			       (json_int_t)r->n_rejected)
		   : NULL;
	if (!counts) {
		json_decref(changed), json_decref(left), json_decref(rejected);
		return NULL;
	}
	return json_pack("{s:o, s:b, s:s, s:s, s:I, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "import_id", r->import_id ? json_integer(r->import_id) : json_null(),
			 "dry_run", r->dry_run, "commune_code", r->commune_code, "commune_name",
			 r->commune_name, "office_id", (json_int_t)r->office_id, "office_name",
			 r->office_name, "year", r->year, "sha256", r->sha256, "same_as_import",
			 r->same_as_import ? json_integer(r->same_as_import) : json_null(),
			 "counts", counts, "status_changed", changed, "left_list", left, "rejected",
			 rejected);
}
