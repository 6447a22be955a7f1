/*
 * End of day: one business day per transaction, its candidates from two indexes, the
 * journal eod_run and the business date (docs/eod.md).
 */
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/eod_internal.h"
#include "bank/month_end.h"
#include "bank/org_util.h"

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int ids_push(struct ids *a, int64_t id, struct td_error *err)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		int64_t *v = realloc(a->v, cap * sizeof *v);
		if (!v)
			return td_error_set(err, TD_ENOMEM, "no memory for %zu loans", cap);
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = id;
	return TD_OK;
}

static int ids_add_query(struct td_store *s, const char *sql, td_date day, struct ids *out,
			 struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, sql, "d", day);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = ids_push(out, stmt_column_int64(st, 0), err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Loans with something happening on day: an unsettled instalment due by then (R-DUE-1,
 * R-DUE-2) or an inactive check date that has come (R-INACT-1), ascending, each once. Two
 * queries, each a range of its index (one UNION made SQLite scan both tables); the rows are
 * not ordered by the database, so they are sorted here. */
static int candidates(struct td_store *s, td_date day, struct ids *out, struct td_error *err)
{
	int rc = ids_add_query(s,
			       "SELECT loan_id FROM loan_instalment WHERE status IN ('pending', "
			       "'due') AND due_on <= ?",
			       day, out, err);
	if (rc == TD_OK)
		rc = ids_add_query(s, "SELECT id FROM loan WHERE inactive_check_on <= ?", day, out,
				   err);
	if (rc != TD_OK || out->n == 0)
		return rc;
	qsort(out->v, out->n, sizeof *out->v, id_cmp);
	size_t w = 1;
	for (size_t k = 1; k < out->n; k++)
		if (out->v[k] != out->v[w - 1])
			out->v[w++] = out->v[k];
	out->n = w;
	return TD_OK;
}

static int journal(struct td_ctx *ctx, const struct eod_day *d, td_date prev, struct td_error *err)
{
	int rc = org_exec(ctx->store, err,
			  "INSERT INTO eod_run (business_date, previous_date, loans, became_due, "
			  "became_overdue, rolled, inactive_flagged, inactive_cleared, "
			  "overdue_amount, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			  "ddiiiiiiii", d->date, prev, (int64_t)d->loans, (int64_t)d->became_due,
			  (int64_t)d->became_overdue, (int64_t)d->rolled,
			  (int64_t)d->inactive_flagged, (int64_t)d->inactive_cleared,
			  d->overdue_amount, ctx->actor->user_id);
	if (rc != TD_OK)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	json_t *after =
		json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:I, s:i}", "business_date",
			  date_format_iso(d->date, iso, sizeof iso), "loans", d->loans,
			  "became_due", d->became_due, "became_overdue", d->became_overdue,
			  "rolled", d->rolled, "inactive_flagged", d->inactive_flagged,
			  "inactive_cleared", d->inactive_cleared, "overdue_amount",
			  (json_int_t)d->overdue_amount, "month_end_offices", d->month_end_offices);
	char *text = org_json_text(after);
	json_decref(after);
	rc = audit_record(ctx, "eod", "eod", (int64_t)d->date, NULL, text, err);
	free(text);
	return rc;
}

/* The day's work inside its transaction; ctx->business_date is already the new day. */
static int day_tx(struct td_ctx *ctx, td_date prev, struct eod_day *out, struct td_error *err)
{
	int64_t done = 0;
	int rc = org_query_int64(ctx->store, &done, err,
				 "SELECT count(*) FROM eod_run WHERE business_date = ?", "d",
				 out->date);
	/* The first of a month closes the month before: its month end sees the books as
	 * they stood at the end of its last day, before this day's transitions. */
	if (rc == TD_OK && done == 0 && date_to_civil(out->date).day == 1)
		rc = month_end_run_all(ctx, prev, &out->month_end_offices, err);
	if (rc == TD_OK && done == 0) {
		struct ids ids = {0};
		rc = candidates(ctx->store, out->date, &ids, err);
		for (size_t k = 0; rc == TD_OK && k < ids.n; k++)
			rc = eod_loan_process(ctx, ids.v[k], out->date, out, err);
		free(ids.v);
		if (rc == TD_OK)
			rc = journal(ctx, out, prev, err);
	}
	out->already_done = done != 0;
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE td_meta SET value = ? WHERE key = 'business_date'", "d",
			      out->date);
	return rc;
}

static bool is_system(const struct td_ctx *ctx)
{
	return ctx->actor && ctx->actor->user_id == 0;
}

int eod_run_day(struct td_ctx *ctx, struct eod_day *out, struct td_error *err)
{
	memset(out, 0, sizeof *out);
	if (!is_system(ctx))
		return td_error_set(err, TD_EFORBIDDEN,
				    "end of day runs only as the command line's system actor "
				    "(tindung eod without --user)");
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	td_date prev = 0, saved = ctx->business_date;
	rc = bank_business_date(ctx->store, &prev, err);
	if (rc == TD_OK) {
		out->date = prev + 1;
		ctx->business_date = out->date; /* the day's postings and audit carry it */
		rc = day_tx(ctx, prev, out, err);
	}
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc != TD_OK) {
		char iso[TD_DATE_FMT_MAX];
		ctx->business_date = saved;
		td_error_prefix(err, "end of day %s: ", date_format_iso(prev + 1, iso, sizeof iso));
	}
	return rc;
}

int eod_run_until(struct td_ctx *ctx, td_date upto, eod_day_cb cb, void *arg, int *days,
		  struct td_error *err)
{
	int n = 0;
	if (days)
		*days = 0;
	if (!is_system(ctx))
		return td_error_set(err, TD_EFORBIDDEN,
				    "end of day runs only as the command line's system actor "
				    "(tindung eod without --user)");
	td_date cur = 0;
	int rc = bank_business_date(ctx->store, &cur, err);
	if (rc != TD_OK)
		return rc;
	if (upto > cur && upto - cur > EOD_DAYS_MAX) {
		char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
		return td_error_set(err, TD_EINVAL,
				    "%s is %d days after the business date %s; at most %d per run",
				    date_format_iso(upto, a, sizeof a), (int)(upto - cur),
				    date_format_iso(cur, b, sizeof b), EOD_DAYS_MAX);
	}
	ctx->business_date = cur;
	while (rc == TD_OK && ctx->business_date < upto) {
		struct eod_day d;
		rc = eod_run_day(ctx, &d, err);
		if (rc == TD_OK) {
			n++;
			if (days)
				*days = n;
			if (cb)
				cb(arg, &d);
		}
	}
	return rc;
}
