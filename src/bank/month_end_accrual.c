/*
 * Month end: the interest receivable of one office, per programme and source (R-INT-1,
 * R-INT-2, R-GL-1; month_end.h, docs/month-end.md). Repayments book interest when it is
 * collected (cash basis, loan_repay.c); this adjusting entry brings INTEREST_RECEIVABLE to
 * the interest accrued and unpaid, so repayment code stays as it is. Also the check that
 * the receivable equals the latest accrual (`tindung check`, entry interest_accrual).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/ledger.h"
#include "bank/loan_internal.h"
#include "bank/month_end_internal.h"
#include "bank/org_util.h"
#include "credit/interest.h"

/* Open loans of the office disbursed by accrued_to, with what they owe and their active
 * (not frozen) unpaid principal in term and overdue, grouped so that one programme x source
 * comes in a row. Parameters: office, accrued_to. */
static const char *sql_loans =
	"SELECT l.id, l.programme_code, l.source_id, l.frozen_interest, l.rate, l.overdue_pct, "
	"l.convention, l.interest_from, l.in_term_interest, l.overdue_interest, "
	"CAST(sum(CASE WHEN i.status = 'overdue' THEN 0 ELSE i.principal - i.paid_principal - "
	"i.frozen END) AS BIGINT), CAST(sum(CASE WHEN i.status = 'overdue' THEN i.principal - "
	"i.paid_principal - i.frozen ELSE 0 END) AS BIGINT), l.rate_from, l.rate_flags FROM loan "
	"l JOIN loan_instalment i ON i.loan_id = l.id WHERE l.office_id = ? AND l.status IN "
	"('in_term', 'overdue', 'frozen') AND l.disbursed_on <= ? GROUP BY l.id, "
	"l.programme_code, l.source_id, l.frozen_interest, l.rate, l.overdue_pct, l.convention, "
	"l.interest_from, l.in_term_interest, l.overdue_interest, l.rate_from, l.rate_flags "
	"ORDER BY l.programme_code, l.source_id, l.id";

static const char *sql_receivable =
	"SELECT a.programme_code, a.source_id, b.debit - b.credit FROM gl_account a JOIN "
	"gl_balance b ON b.account_id = a.id WHERE a.type_code = 'INTEREST_RECEIVABLE' AND "
	"a.office_id = ? ORDER BY a.programme_code, a.source_id";

/* The row of programme x source, appended (zeroed) when absent. */
static int row_of(struct me_accrual *a, const char *prog, int64_t source, struct me_interest **out,
		  struct td_error *err)
{
	for (size_t k = a->n; k-- > 0;)
		if (a->rows[k].source_id == source && strcmp(a->rows[k].programme, prog) == 0) {
			*out = &a->rows[k];
			return TD_OK;
		}
	if (strlen(prog) >= sizeof a->rows->programme)
		return td_error_set(err, TD_EINTERNAL, "programme code '%s' is too long", prog);
	struct me_interest *v = realloc(a->rows, (a->n + 1) * sizeof *v);
	if (!v)
		return td_error_set(err, TD_ENOMEM, "no memory for %zu accrual rows", a->n + 1);
	a->rows = v;
	*out = memset(&v[a->n++], 0, sizeof *v);
	snprintf((*out)->programme, sizeof(*out)->programme, "%s", prog);
	(*out)->source_id = source;
	return TD_OK;
}

static int add(td_money *acc, td_money v, int64_t loan, struct td_error *err)
{
	if (money_add(*acc, v, acc) != TD_OK)
		return td_error_set(err, TD_EOVERFLOW, "loan %lld: accrued interest overflows",
				    (long long)loan);
	return TD_OK;
}

/* The rate rows of the programme of the current loan; loans come by programme, so the rows
 * are read once per programme. */
static int rows_for(struct td_store *s, const char *prog, struct loan_rate_rows *rows,
		    char *loaded, size_t size, struct td_error *err)
{
	if (strcmp(loaded, prog) == 0)
		return TD_OK;
	int rc = loan_rate_rows_load(s, prog, rows, err);
	if (rc == TD_OK)
		snprintf(loaded, size, "%s", prog);
	return rc;
}

/* One loan into its row: owed interest plus the accrual from interest_from to the end of
 * accrued_to (R-INT-1: "up to the day before" accrued_to + 1), in term at the rate and
 * overdue at overdue_pct % of it (R-RATE-2), the rate changing where a row applying to
 * outstanding balances switches in (R-RATE-1). Frozen principal accrues nothing and frozen
 * interest (khoanh nợ, R-RISK-1) is only shown, out of the receivable. */
static int loan_row(struct td_stmt *st, td_date accrued_to, const struct loan_rate_rows *rows,
		    struct me_accrual *a, struct td_error *err)
{
	int64_t id = stmt_column_int64(st, 0);
	struct me_interest *row = NULL;
	int rc = row_of(a, stmt_column_text(st, 1), stmt_column_int64(st, 2), &row, err);
	if (rc != TD_OK)
		return rc;
	td_money owed_in = stmt_column_int64(st, 8), owed_od = stmt_column_int64(st, 9);
	rc = add(&row->frozen, stmt_column_int64(st, 3), id, err);
	enum interest_convention conv = INTEREST_ACT365;
	struct loan_rates lr = {.rate = stmt_column_int64(st, 4),
				.rate_from = org_col_date(st, 12),
				.rows = rows};
	if (rc == TD_OK)
		rc = interest_convention_parse(stmt_column_text(st, 6), &conv, err);
	if (rc == TD_OK)
		rc = programme_flags_parse(stmt_column_text(st, 13), &lr.flags, err);
	int pct = (int)stmt_column_int64(st, 5);
	td_date from = org_col_date(st, 7), end = accrued_to + 1;
	td_money acc_in = 0, acc_od = 0;
	/* interest settled past the accrual day (a repayment dated after it) leaves nothing
	 * to accrue: what is owed is taken as it is */
	if (rc == TD_OK && from < end)
		rc = loan_interest(&lr, stmt_column_int64(st, 10), stmt_column_int64(st, 11), from,
				   end, conv, pct, &acc_in, &acc_od, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "loan %lld: ", (long long)id);
	rc = add(&row->in_term, owed_in, id, err);
	if (rc == TD_OK)
		rc = add(&row->in_term, acc_in, id, err);
	if (rc == TD_OK)
		rc = add(&row->overdue, owed_od, id, err);
	if (rc == TD_OK)
		rc = add(&row->overdue, acc_od, id, err);
	return rc;
}

static int row_cmp(const void *x, const void *y)
{
	const struct me_interest *a = x, *b = y;
	int c = strcmp(a->programme, b->programme);
	return c ? c : (a->source_id > b->source_id) - (a->source_id < b->source_id);
}

/* Sorts the rows, drops the empty ones and adds up target and amount. */
static int finish(struct me_accrual *a, struct td_error *err)
{
	if (a->n > 0)
		qsort(a->rows, a->n, sizeof *a->rows, row_cmp);
	size_t w = 0;
	for (size_t k = 0; k < a->n; k++) {
		const struct me_interest *r = &a->rows[k];
		td_money target = 0, delta = 0;
		if (money_add(r->in_term, r->overdue, &target) ||
		    money_sub(target, r->previous, &delta) ||
		    money_add(a->target, target, &a->target) ||
		    money_add(a->amount, delta, &a->amount))
			return td_error_set(err, TD_EOVERFLOW, "accrued interest overflows");
		if (target != 0 || r->previous != 0 || r->frozen != 0)
			a->rows[w++] = *r;
	}
	a->n = w;
	return TD_OK;
}

int me_accrual_compute(struct td_store *s, int64_t office_id, td_date accrued_to,
		       struct me_accrual *out, struct td_error *err)
{
	memset(out, 0, sizeof *out);
	out->accrued_to = accrued_to;
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, sql_loans, "id", office_id, accrued_to);
	struct loan_rate_rows *rows = malloc(sizeof *rows);
	char loaded[16] = "";
	if (!rows && rc == TD_OK)
		rc = td_error_set(err, TD_ENOMEM, "out of memory");
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = rows_for(s, stmt_column_text(st, 1), rows, loaded, sizeof loaded, err);
		if (rc == TD_OK)
			rc = loan_row(st, accrued_to, rows, out, err);
	}
	free(rows);
	stmt_finalize(st);
	st = NULL;
	if (rc == TD_DONE)
		rc = org_prepare(s, &st, err, sql_receivable, "i", office_id);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		struct me_interest *row = NULL;
		rc = row_of(out, stmt_column_text(st, 0), stmt_column_int64(st, 1), &row, err);
		if (rc == TD_OK)
			row->previous = stmt_column_int64(st, 2);
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		rc = finish(out, err);
	if (rc != TD_OK)
		me_accrual_free(out);
	return rc;
}

/* A line of side debit (v > 0) or credit (v < 0) of |v|. */
static struct ledger_line line(const char *type, int64_t office, const char *prog, int64_t source,
			       td_money v)
{
	return (struct ledger_line){type, office, prog, source, v > 0 ? v : 0, v < 0 ? -v : 0};
}

int me_accrual_book(struct td_ctx *ctx, int64_t office_id, const char *ref,
		    const struct me_accrual *a, int64_t *entry_id, struct td_error *err)
{
	*entry_id = 0;
	struct ledger_line *lines = calloc(2 * a->n + 1, sizeof *lines);
	if (!lines)
		return td_error_set(err, TD_ENOMEM, "no memory for %zu accrual lines", 2 * a->n);
	int n = 0;
	for (size_t k = 0; k < a->n;) {
		/* rows are sorted: one programme's sources follow each other; its income line
		 * takes their net */
		const char *prog = a->rows[k].programme;
		td_money net = 0;
		for (; k < a->n && strcmp(a->rows[k].programme, prog) == 0; k++) {
			const struct me_interest *r = &a->rows[k];
			td_money d = r->in_term + r->overdue - r->previous; /* finish() checked */
			if (d != 0)
				lines[n++] = line("INTEREST_RECEIVABLE", office_id, prog,
						  r->source_id, d);
			if (money_add(net, d, &net) != TD_OK) {
				free(lines);
				return td_error_set(err, TD_EOVERFLOW,
						    "programme %s: accrued interest overflows",
						    prog);
			}
		}
		if (net != 0)
			lines[n++] = line("INTEREST_INCOME", office_id, prog, 0, -net);
	}
	int rc = TD_OK;
	if (n > 0)
		rc = ledger_check_lines(lines, n, err);
	if (rc == TD_OK && n > 0)
		rc = ledger_post(ctx, "interest_accrual", ref, lines, n, entry_id, err);
	free(lines);
	return rc;
}

int me_accrual_write(struct td_ctx *ctx, int64_t run_id, const struct me_accrual *a,
		     int64_t entry_id, struct td_error *err)
{
	int rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < a->n; k++) {
		const struct me_interest *r = &a->rows[k];
		td_money target = r->in_term + r->overdue, amount = target - r->previous;
		rc = org_exec(ctx->store, err,
			      "INSERT INTO interest_accrual (run_id, programme_code, source_id, "
			      "in_term, overdue, target, previous, amount, frozen_interest, "
			      "entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      "itiiiiiiiI", run_id, r->programme, r->source_id, r->in_term,
			      r->overdue, target, r->previous, amount, r->frozen,
			      amount != 0 ? entry_id : 0);
	}
	return rc;
}

void me_accrual_free(struct me_accrual *a)
{
	free(a->rows);
	a->rows = NULL;
	a->n = 0;
}

/* ---- tindung check: interest_accrual ---- */

static const char *fmt_money(int64_t v, char *buf)
{
	return money_format(v, buf, TD_MONEY_FMT_MAX);
}

/* The targets of each office's latest run booked by upto against the receivable of the
 * entries dated by then; CHECK_ALL_DATES: everything. */
static const char *sql_check =
	"SELECT o.code, x.programme_code, coalesce(cs.code, ''), x.t, x.g FROM (SELECT "
	"office_id, programme_code, source_id, CAST(sum(t) AS BIGINT) AS t, CAST(sum(g) AS "
	"BIGINT) AS g FROM (SELECT r.office_id, a.programme_code, a.source_id, a.target AS t, "
	"0 AS g FROM interest_accrual a JOIN month_end_run r ON r.id = a.run_id WHERE r.id IN "
	"(SELECT max(id) FROM month_end_run WHERE business_date <= ? AND accrued_to IS NOT "
	"NULL GROUP BY office_id) UNION ALL SELECT ac.office_id, ac.programme_code, "
	"ac.source_id, 0, p.debit - p.credit FROM gl_posting p JOIN gl_account ac ON ac.id = "
	"p.account_id JOIN gl_entry e ON e.id = p.entry_id WHERE ac.type_code = "
	"'INTEREST_RECEIVABLE' AND e.business_date <= ?) u GROUP BY office_id, programme_code, "
	"source_id HAVING sum(t) <> sum(g)) x JOIN office o ON o.id = x.office_id LEFT JOIN "
	"capital_source cs ON cs.id = x.source_id ORDER BY o.code, x.programme_code, "
	"x.source_id";

int month_end_accrual_check(struct td_store *s, td_date upto, struct check_report *r,
			    struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX] = "9999-12-31";
	if (upto != CHECK_ALL_DATES)
		date_format_iso(upto, iso, sizeof iso);
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, sql_check, "tt", iso, iso);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		char t[TD_MONEY_FMT_MAX], g[TD_MONEY_FMT_MAX];
		const char *prog = stmt_column_text(st, 1), *src = stmt_column_text(st, 2);
		check_mismatch(r,
			       "lãi phải thu đơn vị %s chương trình %s nguồn vốn %s: dự thu cuối "
			       "tháng lần cuối %s đồng, tài khoản INTEREST_RECEIVABLE %s đồng",
			       stmt_column_text(st, 0), prog[0] ? prog : "-", src[0] ? src : "-",
			       fmt_money(stmt_column_int64(st, 3), t),
			       fmt_money(stmt_column_int64(st, 4), g));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}
