/*
 * Month end: the figures of R-FEE-1 per chapter and of R-FEE-2 per group, read from the
 * loan tables (definitions in month_end.h and docs/month-end.md), at the rates of the
 * parameters in force on the month's last day (bank/param.h).
 */
#include <stdlib.h>
#include <string.h>

#include "bank/month_end_internal.h"
#include "bank/org_util.h"
#include "bank/param.h"

/* Per loan of the office disbursed by month end: principal outstanding at month end,
 * overdue principal (the active part of instalments overdue since month end or before;
 * frozen principal is not overdue, R-RISK-1), interest collected in the month. Parameters: last,
 * last, first, last, office, last. */
#define ME_LOANS                                                                                   \
	"WITH lm AS (SELECT l.id, l.chapter_id, l.group_id, l.programme_code, l.balance + "        \
	"coalesce((SELECT sum(r.overdue_principal + r.due_principal + r.prepaid_principal) FROM "   \
	"loan_repayment r WHERE r.loan_id = l.id AND r.paid_on > ? " ME_STANDING "), 0) AS "       \
	"outstanding, "                                                                            \
	"coalesce((SELECT sum(i.principal - i.paid_principal - i.frozen) FROM loan_instalment i "  \
	"WHERE i.loan_id = l.id AND i.status = 'overdue' AND i.overdue_on <= ?), 0) AS overdue, "  \
	"coalesce((SELECT sum(r.overdue_interest + r.in_term_interest) FROM loan_repayment "       \
	"r WHERE r.loan_id = l.id AND r.paid_on >= ? AND r.paid_on <= ? " ME_STANDING "), 0) AS "  \
	"interest "                                                                                \
	"FROM loan l WHERE l.office_id = ? AND l.disbursed_on <= ?) "

/* One row per chapter x programme: the base, and the chapter's outstanding and overdue
 * principal in that programme. */
static const char *sql_fees =
	ME_LOANS "SELECT chapter_id, programme_code, sum(CASE WHEN interest > 0 THEN outstanding "
		 "ELSE 0 END), sum(outstanding), sum(overdue) FROM lm WHERE chapter_id IS NOT "
		 "NULL GROUP BY chapter_id, programme_code ORDER BY chapter_id, programme_code";

/* One row per group x programme: the in-term balance with interest collected, the interest;
 * the leader is the one in office on the last day of the month. */
static const char *sql_comms =
	ME_LOANS "SELECT group_id, programme_code, sum(CASE WHEN interest > 0 THEN outstanding - "
		 "overdue ELSE 0 END), sum(interest), (SELECT min(gm.household_id) FROM "
		 "group_member gm WHERE gm.group_id = lm.group_id AND gm.role = 'leader' AND "
		 "gm.joined_on <= ? AND (gm.left_on IS NULL OR gm.left_on > ?)) FROM lm WHERE "
		 "group_id IS NOT NULL GROUP BY group_id, programme_code ORDER BY group_id, "
		 "programme_code";

static int grow(void **v, size_t n, size_t size, struct td_error *err)
{
	void *p = realloc(*v, (n + 1) * size);
	if (!p)
		return td_error_set(err, TD_ENOMEM, "no memory for %zu month-end rows", n + 1);
	*v = p;
	memset((char *)p + n * size, 0, size);
	return TD_OK;
}

/* Adds programme prog's base at its rate `name` of day to parts. */
static int part_add(struct td_ctx *ctx, const char *name, const char *prog, td_money base,
		    td_date day, struct me_parts *parts, struct td_error *err)
{
	if (parts->n == ME_PARTS_MAX)
		return td_error_set(err, TD_ETOOBIG, "more than %d programmes in one row",
				    ME_PARTS_MAX);
	td_rate rate = 0;
	int rc = param_rate(ctx, name, prog, day, &rate, err);
	if (rc != TD_OK)
		return rc;
	size_t k = parts->n++;
	parts->part[k] = (struct fee_part){base, rate};
	snprintf(parts->programme[k], sizeof parts->programme[k], "%s", prog);
	return TD_OK;
}

static int fee_finish(const struct fee_params *p, struct me_accruals *a, struct td_error *err)
{
	struct me_fee *f = &a->fees[a->nfees - 1];
	struct fee_chapter_month in = f->in;
	in.parts = f->parts.part;
	in.nparts = f->parts.n;
	if (in.outstanding == 0 && fee_parts_base(in.parts, in.nparts) == 0) {
		a->nfees--; /* every loan repaid before the month ended: nothing to accrue */
		return TD_OK;
	}
	int rc = fee_entrustment(p, &in, &f->out, err);
	if (rc != TD_OK)
		return rc;
	if (f->in.outstanding > 0) /* overdue <= outstanding: the ratio is at most 10000 */
		f->ratio_bp = (int64_t)((__int128)f->in.overdue * FEE_BP / f->in.outstanding);
	if (money_add(a->fee_total, f->out.payable, &a->fee_total) != TD_OK)
		return td_error_set(err, TD_EOVERFLOW, "chapter %lld: fee total overflows",
				    (long long)f->chapter_id);
	return TD_OK;
}

/* One chapter x programme row; a new chapter finishes the previous one. */
static int fee_row(struct td_ctx *ctx, struct td_stmt *st, const struct fee_params *p,
		   td_date last, struct me_accruals *a, struct td_error *err)
{
	int64_t chapter = stmt_column_int64(st, 0);
	int rc = TD_OK;
	if (a->nfees == 0 || a->fees[a->nfees - 1].chapter_id != chapter) {
		if (a->nfees > 0)
			rc = fee_finish(p, a, err);
		if (rc == TD_OK)
			rc = grow((void **)&a->fees, a->nfees, sizeof *a->fees, err);
		if (rc != TD_OK)
			return rc;
		a->fees[a->nfees++].chapter_id = chapter;
	}
	struct me_fee *f = &a->fees[a->nfees - 1];
	if (money_add(f->in.outstanding, stmt_column_int64(st, 3), &f->in.outstanding) ||
	    money_add(f->in.overdue, stmt_column_int64(st, 4), &f->in.overdue))
		return td_error_set(err, TD_EOVERFLOW, "chapter %lld: outstanding overflows",
				    (long long)chapter);
	return part_add(ctx, "fee.rate", stmt_column_text(st, 1), stmt_column_int64(st, 2), last,
			&f->parts, err);
}

static int comm_finish(struct me_accruals *a, struct td_error *err)
{
	struct me_commission *c = &a->comms[a->ncomms - 1];
	if (c->interest == 0) {
		a->ncomms--; /* no interest collected: no commission */
		return TD_OK;
	}
	int rc = fee_leader_commission(c->parts.part, c->parts.n, &c->amount, err);
	if (rc == TD_OK && money_add(a->commission_total, c->amount, &a->commission_total))
		rc = td_error_set(err, TD_EOVERFLOW, "commission total overflows");
	return rc;
}

/* One group x programme row; a new group finishes the previous one. */
static int comm_row(struct td_ctx *ctx, struct td_stmt *st, td_date last, struct me_accruals *a,
		    struct td_error *err)
{
	int64_t group = stmt_column_int64(st, 0);
	int rc = TD_OK;
	if (a->ncomms == 0 || a->comms[a->ncomms - 1].group_id != group) {
		if (a->ncomms > 0)
			rc = comm_finish(a, err);
		if (rc == TD_OK)
			rc = grow((void **)&a->comms, a->ncomms, sizeof *a->comms, err);
		if (rc != TD_OK)
			return rc;
		a->comms[a->ncomms++].group_id = group;
	}
	struct me_commission *c = &a->comms[a->ncomms - 1];
	c->leader_household_id = stmt_column_int64(st, 4);
	if (money_add(c->interest, stmt_column_int64(st, 3), &c->interest))
		return td_error_set(err, TD_EOVERFLOW, "group %lld: interest overflows",
				    (long long)group);
	return part_add(ctx, "commission.rate", stmt_column_text(st, 1), stmt_column_int64(st, 2),
			last, &c->parts, err);
}

int me_accruals_compute(struct td_ctx *ctx, int64_t office_id, td_date first, td_date last,
			struct me_accruals *out, struct td_error *err)
{
	memset(out, 0, sizeof *out);
	struct fee_params p;
	int rc = param_fee(ctx, last, &p, err);
	struct td_stmt *st = NULL;
	if (rc == TD_OK)
		rc = org_prepare(ctx->store, &st, err, sql_fees, "ddddid", last, last, first, last,
				 office_id, last);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = fee_row(ctx, st, &p, last, out, err);
	stmt_finalize(st);
	st = NULL;
	if (rc == TD_DONE && out->nfees > 0)
		rc = fee_finish(&p, out, err) == TD_OK ? TD_DONE : err->code;
	if (rc == TD_DONE)
		rc = org_prepare(ctx->store, &st, err, sql_comms, "ddddiddd", last, last, first,
				 last, office_id, last, last, last);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = comm_row(ctx, st, last, out, err);
	stmt_finalize(st);
	if (rc == TD_DONE && out->ncomms > 0)
		rc = comm_finish(out, err) == TD_OK ? TD_DONE : err->code;
	if (rc == TD_DONE)
		return TD_OK;
	me_accruals_free(out);
	return rc;
}

void me_accruals_free(struct me_accruals *a)
{
	free(a->fees);
	free(a->comms);
	a->fees = NULL;
	a->comms = NULL;
	a->nfees = a->ncomms = 0;
}
