/*
 * Poverty list import, pass 5: new households and statuses in multi-row INSERTs, changed
 * statuses, the report's changes. poverty_internal.h tells the passes.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/poverty_internal.h"

/* ---- Pass 5: writing --------------------------------------------------------------- */

/* Rows per multi-row INSERT. One statement per batch instead of per row: SQLite keeps one
 * statement journal per statement (a per-row INSERT journals every page it touches, a
 * million writes for 100,000 households), and PostgreSQL makes one round trip. */
#define HH_BATCH 64
#define ST_BATCH 128
#define HH_COLS 14
#define ST_COLS 6

static const char hh_head[] = "INSERT INTO household (cccd, head_name, name_folded, sex, "
			      "birth_year, ethnicity, flags, village_id, commune_code, office_id, "
			      "phone, members, created_on, updated_on) VALUES ";
static const char st_head[] = "INSERT INTO poverty_status (household_id, year, status, "
			      "commune_code, import_id, recorded_on) VALUES ";

/* What the write pass holds: the batches being filled and the statements of full ones. */
struct pv_writer {
	struct pv_state *st;
	struct td_stmt *hh_full, *st_full, *upd_status;
	struct pv_row *hh[HH_BATCH]; /* new households, in citizen ID order */
	int n_hh;
	struct {
		int64_t household_id;
		enum hh_status status;
	} sts[ST_BATCH];
	int n_st;
};

/* head + rows groups of cols placeholders + tail, prepared. */
static int prepare_rows(struct td_store *s, const char *head, int cols, int rows, const char *tail,
			struct td_stmt **out, struct td_error *err)
{
	struct buf sql;
	buf_init(&sql, 65536);
	int rc = buf_append_str(&sql, head);
	for (int r = 0; rc == TD_OK && r < rows; r++)
		for (int c = 0; rc == TD_OK && c < cols; c++)
			rc = buf_append_str(&sql, c == 0	 ? (r ? ", (?" : "(?")
						  : c + 1 < cols ? ", ?"
								 : ", ?)");
	if (rc == TD_OK)
		rc = buf_append_str(&sql, tail);
	rc = rc == TD_OK ? store_prepare(s, buf_str(&sql), out, err) : pv_nomem(err);
	buf_free(&sql);
	return rc;
}

static int writer_open(struct pv_state *st, struct pv_writer *w, struct td_error *err)
{
	struct td_store *s = st->ctx->store;
	memset(w, 0, sizeof *w);
	w->st = st;
	int rc = prepare_rows(s, hh_head, HH_COLS, HH_BATCH, " RETURNING id, cccd", &w->hh_full,
			      err);
	if (rc == TD_OK)
		rc = prepare_rows(s, st_head, ST_COLS, ST_BATCH, "", &w->st_full, err);
	if (rc == TD_OK)
		rc = store_prepare(
			s,
			"UPDATE poverty_status SET status = ?, commune_code = ?, "
			"import_id = ?, recorded_on = ? WHERE household_id = ? AND year = ? "
			"RETURNING id",
			&w->upd_status, err);
	return rc;
}

static void writer_close(struct pv_writer *w)
{
	stmt_finalize(w->hh_full);
	stmt_finalize(w->st_full);
	stmt_finalize(w->upd_status);
}

/* Writes the pending status rows. */
static int flush_statuses(struct pv_writer *w, struct td_error *err)
{
	struct pv_state *st = w->st;
	struct td_stmt *s = w->st_full, *own = NULL;
	if (w->n_st == 0)
		return TD_OK;
	if (w->n_st < ST_BATCH) {
		int rc = prepare_rows(st->ctx->store, st_head, ST_COLS, w->n_st, "", &own, err);
		if (rc != TD_OK)
			return rc;
		s = own;
	}
	stmt_reset(s);
	for (int i = 0, k = 1; i < w->n_st; i++) {
		stmt_bind_int64(s, k++, w->sts[i].household_id);
		stmt_bind_int64(s, k++, st->in->year);
		stmt_bind_text(s, k++, programme_status_name(w->sts[i].status));
		stmt_bind_text(s, k++, st->in->commune_code);
		stmt_bind_int64(s, k++, st->res->import_id);
		stmt_bind_text(s, k++, st->day);
	}
	int rc = stmt_step(s, err);
	stmt_reset(s);
	stmt_finalize(own);
	w->n_st = 0;
	return rc == TD_DONE ? TD_OK : rc;
}

static int insert_status(struct pv_writer *w, int64_t household_id, enum hh_status status,
			 struct td_error *err)
{
	assert(household_id > 0);
	w->sts[w->n_st].household_id = household_id;
	w->sts[w->n_st].status = status;
	return ++w->n_st == ST_BATCH ? flush_statuses(w, err) : TD_OK;
}

/* The pending batch's row with this citizen ID (the batch is in citizen ID order). */
static struct pv_row *batch_find(struct pv_writer *w, const char *cccd)
{
	size_t lo = 0, hi = (size_t)w->n_hh;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(w->hh[mid]->cccd, cccd);
		if (c == 0)
			return w->hh[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void bind_household(struct td_stmt *s, int k, const struct pv_state *st,
			   const struct pv_row *r)
{
	char flags[HOUSEHOLD_FLAGS_TEXT_MAX];
	stmt_bind_text(s, k++, r->cccd);
	stmt_bind_text(s, k++, r->name);
	stmt_bind_text(s, k++, r->folded);
	stmt_bind_text(s, k++, household_sex_name(r->sex));
	stmt_bind_int64(s, k++, r->birth_year);
	stmt_bind_text(s, k++, r->ethnicity);
	stmt_bind_text(s, k++, household_flags_format(r->flags, flags, sizeof flags));
	stmt_bind_int64(s, k++, r->village_id);
	stmt_bind_text(s, k++, st->in->commune_code);
	stmt_bind_int64(s, k++, pv_village_office(st, r->village_id));
	stmt_bind_text(s, k++, r->phone);
	stmt_bind_int64(s, k++, r->members);
	stmt_bind_text(s, k++, st->day);
	stmt_bind_text(s, k, st->day);
}

/* Writes the pending new households, learns their ids (matched by citizen ID: RETURNING
 * promises no order), then queues their statuses. */
static int flush_households(struct pv_writer *w, struct td_error *err)
{
	struct pv_state *st = w->st;
	struct td_stmt *s = w->hh_full, *own = NULL;
	int rc = TD_OK, got = 0;
	if (w->n_hh == 0)
		return TD_OK;
	if (w->n_hh < HH_BATCH) {
		rc = prepare_rows(st->ctx->store, hh_head, HH_COLS, w->n_hh, " RETURNING id, cccd",
				  &own, err);
		s = own;
	}
	if (rc == TD_OK)
		stmt_reset(s);
	for (int i = 0; rc == TD_OK && i < w->n_hh; i++)
		bind_household(s, 1 + i * HH_COLS, st, w->hh[i]);
	while (rc == TD_OK && (rc = stmt_step(s, err)) == TD_ROW) {
		struct pv_row *r = batch_find(w, stmt_column_text(s, 1));
		assert(r && !r->household_id && "RETURNING gave a row that was not inserted");
		r->household_id = stmt_column_int64(s, 0);
		got++;
		rc = TD_OK;
	}
	if (rc == TD_DONE)
		rc = got == w->n_hh ? TD_OK
				    : td_error_set(err, TD_EINTERNAL,
						   "%d of %d households inserted", got, w->n_hh);
	if (s)
		stmt_reset(s);
	stmt_finalize(own);
	for (int i = 0; rc == TD_OK && i < w->n_hh; i++)
		rc = insert_status(w, w->hh[i]->household_id, w->hh[i]->status, err);
	w->n_hh = 0;
	return rc;
}

static int insert_household(struct pv_writer *w, struct pv_row *r, struct td_error *err)
{
	assert(w->n_hh == 0 || strcmp(w->hh[w->n_hh - 1]->cccd, r->cccd) < 0);
	w->hh[w->n_hh++] = r;
	return w->n_hh == HH_BATCH ? flush_households(w, err) : TD_OK;
}

/* Overwrites the household's status row of the year, with an audit record of the value
 * it had (R-HH-2: the row itself no longer shows it). */
static int update_status(struct pv_state *st, struct pv_writer *w, int64_t household_id,
			 enum hh_status from, const char *from_commune, enum hh_status to,
			 struct td_error *err)
{
	struct td_stmt *s = w->upd_status;
	stmt_reset(s);
	stmt_bind_text(s, 1, programme_status_name(to));
	stmt_bind_text(s, 2, st->in->commune_code);
	stmt_bind_int64(s, 3, st->res->import_id);
	stmt_bind_text(s, 4, st->day);
	stmt_bind_int64(s, 5, household_id);
	stmt_bind_int64(s, 6, st->in->year);
	int rc = stmt_step(s, err);
	int64_t id = rc == TD_ROW ? stmt_column_int64(s, 0) : 0;
	stmt_reset(s);
	if (rc != TD_ROW)
		return rc == TD_DONE ? td_error_set(err, TD_EINTERNAL, "status row vanished") : rc;
	char before[256], after[256];
	snprintf(before, sizeof before,
		 "{\"commune_code\":\"%s\",\"household_id\":%lld,\"status\":\"%s\",\"year\":%d}",
		 from_commune, (long long)household_id, programme_status_name(from), st->in->year);
	snprintf(after, sizeof after,
		 "{\"commune_code\":\"%s\",\"household_id\":%lld,\"import_id\":%lld,"
		 "\"status\":\"%s\",\"year\":%d}",
		 st->in->commune_code, (long long)household_id, (long long)st->res->import_id,
		 programme_status_name(to), st->in->year);
	return audit_record(st->ctx, "update", "poverty_status", id, before, after, err);
}

static int note_change(struct pv_state *st, const struct pv_row *r, enum hh_status from,
		       int from_year, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct poverty_change *ch =
		pv_push_change(&res->changed, &res->n_changed, &st->cap_changed);
	if (!ch || !(ch->head_name = arena_strdup(&res->arena, r->name)))
		return pv_nomem(err);
	ch->line = r->line;
	ch->household_id = r->household_id;
	memcpy(ch->cccd, r->cccd, sizeof ch->cccd);
	ch->from = from;
	ch->from_year = from_year;
	ch->to = r->status;
	return TD_OK;
}

/* One accepted row: counted as new, changed or unchanged (see poverty_import.h), and
 * written unless this is a dry run, which touches nothing (not even a sequence). */
static int apply_row(struct pv_state *st, struct pv_writer *w, struct pv_row *r,
		     struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	bool write = !st->in->dry_run;
	int rc = TD_OK;
	if (!r->household_id) {
		res->new_households++;
		r->created = true;
		return write ? insert_household(w, r, err) : TD_OK;
	}
	if (r->has_y) {
		bool same = r->st_y == r->status;
		if (write && (!same || strcmp(r->y_commune, st->in->commune_code) != 0))
			rc = update_status(st, w, r->household_id, r->st_y, r->y_commune, r->status,
					   err);
		if (rc == TD_OK && same)
			res->unchanged++;
		else if (rc == TD_OK)
			rc = note_change(st, r, r->st_y, st->in->year, err);
		return rc;
	}
	if (write)
		rc = insert_status(w, r->household_id, r->status, err);
	enum hh_status from = r->has_prev ? r->st_prev : HH_NONE;
	if (rc == TD_OK && from == r->status)
		res->unchanged++;
	else if (rc == TD_OK)
		rc = note_change(st, r, from, r->has_prev ? st->in->year - 1 : 0, err);
	return rc;
}

int pv_apply_all(struct pv_state *st, struct td_error *err)
{
	struct pv_writer w = {0};
	bool write = !st->in->dry_run;
	int rc = write ? writer_open(st, &w, err) : TD_OK;
	/* New households in citizen ID order: the unique index on household.cccd then grows
	 * at its end instead of at random places, which keeps a large list inside the page
	 * cache. Existing ones in line order, so that the changes are listed as the file has
	 * them. */
	for (size_t i = 0; rc == TD_OK && i < st->n_by; i++)
		if (!st->by_cccd[i]->reason && !st->by_cccd[i]->household_id)
			rc = apply_row(st, &w, st->by_cccd[i], err);
	if (rc == TD_OK && write)
		rc = flush_households(&w, err);
	for (size_t i = 0; rc == TD_OK && i < st->n_rows; i++)
		if (!st->rows[i].reason && st->rows[i].household_id && !st->rows[i].created)
			rc = apply_row(st, &w, &st->rows[i], err);
	for (size_t i = 0; write && rc == TD_OK && i < st->res->n_left; i++) {
		struct poverty_change *ch = &st->res->left[i];
		if (ch->from_year == st->in->year)
			rc = update_status(st, &w, ch->household_id, ch->from, st->in->commune_code,
					   HH_NONE, err);
		else
			rc = insert_status(&w, ch->household_id, HH_NONE, err);
	}
	if (rc == TD_OK && write)
		rc = flush_statuses(&w, err);
	if (write)
		writer_close(&w);
	return rc;
}
