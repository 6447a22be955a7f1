/*
 * Month end: journal, accrual rows and the two entries of one office and month, in one
 * transaction (month_end.h, docs/month-end.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/ledger.h"
#include "bank/month_end_internal.h"
#include "bank/org_util.h"

int month_end_parse_month(const char *text, td_date *first, td_date *last, struct td_error *err)
{
	int y = 0, m = 0, n = 0;
	if (!text || strlen(text) != 7 || sscanf(text, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7 ||
	    m < 1 || m > 12 || y < 1900)
		return td_error_set(err, TD_EINVAL, "month '%s' is not YYYY-MM (e.g. 2025-04)",
				    text ? text : "");
	int rc = date_from_civil(y, m, 1, first, err);
	if (rc == TD_OK)
		rc = date_from_civil(y, m, date_days_in_month(y, m), last, err);
	return rc;
}

/* An earlier run of office x month into out; TD_ENOTFOUND when there is none. */
static int earlier(struct td_store *s, int64_t office, const char *ym, struct month_end_result *out,
		   struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT r.id, r.chapter_count, r.group_count, r.fee_total, r.commission_total, "
		"coalesce(r.fee_entry_id, 0), coalesce(r.commission_entry_id, 0), r.accrued_to, "
		"r.accrual_target, r.accrual_amount, coalesce(r.accrual_entry_id, 0), (SELECT "
		"count(*) FROM interest_accrual a WHERE a.run_id = r.id), coalesce(n.id, 0), "
		"coalesce(n.loans, 0), coalesce(n.borrowers, 0), coalesce(n.outstanding, 0), "
		"coalesce(n.overdue, 0), coalesce(n.frozen, 0) FROM month_end_run r LEFT JOIN "
		"month_end_snapshot n ON n.run_id = r.id WHERE r.office_id = ? AND r.month = ?",
		"it", office, ym);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		out->already_done = true;
		out->run_id = stmt_column_int64(st, 0);
		out->chapters = (int)stmt_column_int64(st, 1);
		out->groups = (int)stmt_column_int64(st, 2);
		out->fee_total = stmt_column_int64(st, 3);
		out->commission_total = stmt_column_int64(st, 4);
		out->fee_entry_id = stmt_column_int64(st, 5);
		out->commission_entry_id = stmt_column_int64(st, 6);
		out->accrued_to = stmt_column_is_null(st, 7) ? 0 : org_col_date(st, 7);
		out->accrual_target = stmt_column_int64(st, 8);
		out->accrual_amount = stmt_column_int64(st, 9);
		out->accrual_entry_id = stmt_column_int64(st, 10);
		out->accrual_rows = (int)stmt_column_int64(st, 11);
		out->snapshot_id = stmt_column_int64(st, 12);
		out->loans = stmt_column_int64(st, 13);
		out->borrowers = stmt_column_int64(st, 14);
		out->outstanding = stmt_column_int64(st, 15);
		out->overdue = stmt_column_int64(st, 16);
		out->frozen = stmt_column_int64(st, 17);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	}
	stmt_finalize(st);
	return rc;
}

/* Dr expense / Cr payable of amount at office; nothing (id 0) when amount is 0. */
static int book(struct td_ctx *ctx, const char *kind, const char *ref, const char *expense,
		const char *payable, int64_t office, td_money amount, int64_t *id,
		struct td_error *err)
{
	*id = 0;
	if (amount == 0)
		return TD_OK;
	struct ledger_line lines[2] = {{expense, office, NULL, 0, amount, 0},
				       {payable, office, NULL, 0, 0, amount}};
	return ledger_post(ctx, kind, ref, lines, 2, id, err);
}

/* The parts of accrual row id (fee_accrual_part or commission_accrual_part). */
static int write_parts(struct td_ctx *ctx, const char *table, int64_t id,
		       const struct me_parts *parts, struct td_error *err)
{
	char sql[160];
	snprintf(sql, sizeof sql,
		 "INSERT INTO %s (accrual_id, programme_code, base, rate_ppm) VALUES (?, ?, ?, ?)",
		 table);
	int rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < parts->n; k++)
		rc = org_exec(ctx->store, err, sql, "itii", id, parts->programme[k],
			      parts->part[k].base, parts->part[k].rate_ppm_month);
	return rc;
}

static int write_fees(struct td_ctx *ctx, const struct me_accruals *a, const char *ym,
		      const struct month_end_result *r, struct td_error *err)
{
	int rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < a->nfees; k++) {
		const struct me_fee *f = &a->fees[k];
		int64_t id = 0;
		rc = org_query_int64(
			ctx->store, &id, err,
			"INSERT INTO fee_accrual (run_id, chapter_id, month, base, outstanding, "
			"overdue, ratio_bp, paid_bp, gross, amount, commune, district, "
			"province, centre, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			"?, ?, ?, ?) RETURNING id",
			"iitiiiiiiiiiiiI", r->run_id, f->chapter_id, ym,
			fee_parts_base(f->parts.part, f->parts.n), f->in.outstanding,
			f->in.overdue, f->ratio_bp, (int64_t)f->out.paid_bp, f->out.gross,
			f->out.payable, f->out.split[FEE_COMMUNE], f->out.split[FEE_DISTRICT],
			f->out.split[FEE_PROVINCE], f->out.split[FEE_CENTRE],
			f->out.payable ? r->fee_entry_id : 0);
		if (rc == TD_OK)
			rc = write_parts(ctx, "fee_accrual_part", id, &f->parts, err);
	}
	for (size_t k = 0; rc == TD_OK && k < a->ncomms; k++) {
		const struct me_commission *c = &a->comms[k];
		int64_t id = 0;
		rc = org_query_int64(
			ctx->store, &id, err,
			"INSERT INTO commission_accrual (run_id, group_id, leader_household_id, "
			"month, interest, share_ppm, amount, entry_id, base) VALUES (?, ?, ?, ?, "
			"?, 0, ?, ?, ?) RETURNING id",
			"iiItiiIi", r->run_id, c->group_id, c->leader_household_id, ym, c->interest,
			c->amount, c->amount ? r->commission_entry_id : 0,
			fee_parts_base(c->parts.part, c->parts.n));
		if (rc == TD_OK)
			rc = write_parts(ctx, "commission_accrual_part", id, &c->parts, err);
	}
	return rc;
}

static int journal(struct td_ctx *ctx, int64_t office, const char *ym, struct month_end_result *r,
		   struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		ctx->store, &st, err,
		"INSERT INTO month_end_run (office_id, month, business_date, user_id, "
		"chapter_count, group_count, fee_total, commission_total, fee_entry_id, "
		"commission_entry_id, accrued_to, accrual_target, accrual_amount, "
		"accrual_entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"itdiiiiiIIdiiI", office, ym, ctx->business_date, ctx->actor->user_id,
		(int64_t)r->chapters, (int64_t)r->groups, r->fee_total, r->commission_total,
		r->fee_entry_id, r->commission_entry_id, r->accrued_to, r->accrual_target,
		r->accrual_amount, r->accrual_entry_id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		r->run_id = stmt_column_int64(st, 0);
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;
	char to[TD_DATE_FMT_MAX];
	json_t *after = json_pack(
		"{s:I, s:s, s:i, s:i, s:I, s:I, s:s, s:I, s:I}", "office_id", (json_int_t)office,
		"month", ym, "chapters", r->chapters, "groups", r->groups, "fee_total",
		(json_int_t)r->fee_total, "commission_total", (json_int_t)r->commission_total,
		"accrued_to", date_format_iso(r->accrued_to, to, sizeof to), "accrual_target",
		(json_int_t)r->accrual_target, "accrual_amount", (json_int_t)r->accrual_amount);
	char *text = org_json_text(after);
	json_decref(after);
	rc = audit_record(ctx, "month_end", "month_end", r->run_id, NULL, text, err);
	free(text);
	return rc;
}

/* Fees, commissions and the accrual of [first, last], computed before anything is booked
 * (the receivable's balance before the run is the accrual's starting point). */
struct figures {
	struct me_accruals fees;
	struct me_accrual interest;
};

static int compute(struct td_ctx *ctx, int64_t office, td_date first, td_date last,
		   struct figures *f, struct td_error *err)
{
	int rc = me_accruals_compute(ctx, office, first, last, &f->fees, err);
	if (rc != TD_OK)
		return rc;
	rc = me_accrual_compute(ctx->store, office, ctx->business_date - 1, &f->interest, err);
	if (rc != TD_OK)
		me_accruals_free(&f->fees);
	return rc;
}

static int book_all(struct td_ctx *ctx, int64_t office, const char *ym, const struct figures *f,
		    struct month_end_result *out, struct td_error *err)
{
	char ref[64];
	snprintf(ref, sizeof ref, "month-end %s office %lld", ym, (long long)office);
	out->chapters = (int)f->fees.nfees;
	out->groups = (int)f->fees.ncomms;
	out->fee_total = f->fees.fee_total;
	out->commission_total = f->fees.commission_total;
	out->accrued_to = f->interest.accrued_to;
	out->accrual_rows = (int)f->interest.n;
	out->accrual_target = f->interest.target;
	out->accrual_amount = f->interest.amount;
	int rc = book(ctx, "fee_accrual", ref, "FEE_EXPENSE", "FEE_PAYABLE", office,
		      f->fees.fee_total, &out->fee_entry_id, err);
	if (rc == TD_OK)
		rc = book(ctx, "commission_accrual", ref, "COMMISSION_EXPENSE",
			  "COMMISSION_PAYABLE", office, f->fees.commission_total,
			  &out->commission_entry_id, err);
	if (rc == TD_OK)
		rc = me_accrual_book(ctx, office, ref, &f->interest, &out->accrual_entry_id, err);
	return rc;
}

static int run_tx(struct td_ctx *ctx, int64_t office, td_date first, td_date last,
		  struct month_end_result *out, struct td_error *err)
{
	char ym[TD_DATE_FMT_MAX];
	date_format_iso(first, ym, sizeof ym);
	ym[7] = '\0';
	int64_t n = 0;
	int rc = org_query_int64(ctx->store, &n, err, "SELECT count(*) FROM office WHERE id = ?",
				 "i", office);
	if (rc == TD_OK && n == 0)
		return td_error_set(err, TD_ENOTFOUND, "office %lld does not exist",
				    (long long)office);
	if (rc == TD_OK && ctx->business_date <= last) {
		char bd[TD_DATE_FMT_MAX];
		return td_error_set(err, TD_ECONFLICT,
				    "month %s has not ended: the business date is %s; run eod "
				    "past the month's last day first",
				    ym, date_format_iso(ctx->business_date, bd, sizeof bd));
	}
	if (rc == TD_OK)
		rc = earlier(ctx->store, office, ym, out, err);
	if (rc != TD_ENOTFOUND)
		return rc;
	struct figures f;
	rc = compute(ctx, office, first, last, &f, err);
	if (rc != TD_OK)
		return rc;
	rc = book_all(ctx, office, ym, &f, out, err);
	if (rc == TD_OK)
		rc = journal(ctx, office, ym, out, err);
	if (rc == TD_OK)
		rc = write_fees(ctx, &f.fees, ym, out, err);
	if (rc == TD_OK)
		rc = me_accrual_write(ctx, out->run_id, &f.interest, out->accrual_entry_id, err);
	const int64_t own[3] = {out->fee_entry_id, out->commission_entry_id, out->accrual_entry_id};
	if (rc == TD_OK)
		rc = me_snapshot_write(ctx, out->run_id, office, last, own, out, err);
	me_accruals_free(&f.fees);
	me_accrual_free(&f.interest);
	return rc;
}

int month_end_run(struct td_ctx *ctx, int64_t office_id, td_date month,
		  struct month_end_result *out, struct td_error *err)
{
	memset(out, 0, sizeof *out);
	if (!ctx->actor || ctx->actor->user_id != 0)
		return td_error_set(err, TD_EFORBIDDEN,
				    "month end runs only as the command line's system actor "
				    "(tindung month-end without --user)");
	struct td_civil c = date_to_civil(month);
	td_date first = 0, last = 0;
	int rc = date_from_civil(c.year, c.month, 1, &first, err);
	if (rc == TD_OK)
		rc = date_from_civil(c.year, c.month, date_days_in_month(c.year, c.month), &last,
				     err);
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = run_tx(ctx, office_id, first, last, out, err);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	return rc;
}

int month_end_run_all(struct td_ctx *ctx, td_date month, int *ran, struct td_error *err)
{
	*ran = 0;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	int64_t *ids = NULL;
	size_t n = 0;
	struct td_stmt *st = NULL;
	rc = org_prepare(ctx->store, &st, err, "SELECT id FROM office ORDER BY id", "");
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		int64_t *v = realloc(ids, (n + 1) * sizeof *v);
		rc = v ? TD_OK : td_error_set(err, TD_ENOMEM, "no memory for %zu offices", n + 1);
		if (v) {
			ids = v;
			ids[n++] = stmt_column_int64(st, 0);
		}
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < n; k++) {
		struct month_end_result r;
		rc = month_end_run(ctx, ids[k], month, &r, err);
		if (rc != TD_OK)
			td_error_prefix(err, "month end of office %lld: ", (long long)ids[k]);
		else if (!r.already_done)
			(*ran)++;
	}
	free(ids);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
