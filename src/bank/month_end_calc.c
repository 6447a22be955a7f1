/*
 * Month end: the figures of R-FEE-1 per chapter and of R-FEE-2 per group, read from the
 * loan tables (definitions in month_end.h and docs/month-end.md).
 */
#include <stdlib.h>
#include <string.h>

#include "bank/month_end_internal.h"
#include "bank/org_util.h"

/* Per loan of the office disbursed by month end: principal outstanding at month end,
 * overdue principal (the active part of instalments overdue since month end or before;
 * frozen principal is not overdue, R-RISK-1), interest collected in the month. Parameters: last,
 * last, first, last, office, last. */
#define ME_LOANS                                                                                   \
	"WITH lm AS (SELECT l.id, l.chapter_id, l.group_id, l.balance + coalesce((SELECT "         \
	"sum(r.overdue_principal + r.due_principal + r.prepaid_principal) FROM "                   \
	"loan_repayment r WHERE r.loan_id = l.id AND r.paid_on > ? " ME_STANDING "), 0) AS "       \
	"outstanding, "                                                                            \
	"coalesce((SELECT sum(i.principal - i.paid_principal - i.frozen) FROM loan_instalment i "  \
	"WHERE i.loan_id = l.id AND i.status = 'overdue' AND i.overdue_on <= ?), 0) AS overdue, "  \
	"coalesce((SELECT sum(r.overdue_interest + r.in_term_interest) FROM loan_repayment "       \
	"r WHERE r.loan_id = l.id AND r.paid_on >= ? AND r.paid_on <= ? " ME_STANDING "), 0) AS "  \
	"interest "                                                                                \
	"FROM loan l WHERE l.office_id = ? AND l.disbursed_on <= ?) "

static const char *sql_fees =
	ME_LOANS "SELECT chapter_id, sum(CASE WHEN interest > 0 THEN outstanding ELSE 0 END), "
		 "sum(outstanding), sum(overdue) FROM lm WHERE chapter_id IS NOT NULL GROUP BY "
		 "chapter_id ORDER BY chapter_id";

/* The leader is the one in office on the last day of the month. */
static const char *sql_comms =
	ME_LOANS "SELECT group_id, sum(interest), (SELECT min(gm.household_id) FROM "
		 "group_member gm WHERE gm.group_id = lm.group_id AND gm.role = 'leader' AND "
		 "gm.joined_on <= ? AND (gm.left_on IS NULL OR gm.left_on > ?)) FROM lm WHERE "
		 "group_id IS NOT NULL GROUP BY group_id ORDER BY group_id";

static int grow(void **v, size_t n, size_t size, struct td_error *err)
{
	void *p = realloc(*v, (n + 1) * size);
	if (!p)
		return td_error_set(err, TD_ENOMEM, "no memory for %zu month-end rows", n + 1);
	*v = p;
	return TD_OK;
}

static int fee_row(struct td_stmt *st, const struct fee_params *p, struct me_accruals *a,
		   struct td_error *err)
{
	struct me_fee f = {.chapter_id = stmt_column_int64(st, 0)};
	f.in.interest_base = stmt_column_int64(st, 1);
	f.in.outstanding = stmt_column_int64(st, 2);
	f.in.overdue = stmt_column_int64(st, 3);
	if (f.in.outstanding == 0 && f.in.interest_base == 0)
		return TD_OK; /* every loan repaid before the month ended: nothing to accrue */
	int rc = fee_entrustment(p, &f.in, &f.out, err);
	if (rc != TD_OK)
		return rc;
	if (f.in.outstanding > 0) /* overdue <= outstanding: the ratio is at most 10000 */
		f.ratio_bp = (int64_t)((__int128)f.in.overdue * FEE_BP / f.in.outstanding);
	if (money_add(a->fee_total, f.out.payable, &a->fee_total) != TD_OK)
		return td_error_set(err, TD_EOVERFLOW, "chapter %lld: fee total overflows",
				    (long long)f.chapter_id);
	rc = grow((void **)&a->fees, a->nfees, sizeof f, err);
	if (rc != TD_OK)
		return rc;
	a->fees[a->nfees++] = f;
	return TD_OK;
}

static int comm_row(struct td_stmt *st, struct me_accruals *a, struct td_error *err)
{
	struct me_commission c = {.group_id = stmt_column_int64(st, 0),
				  .interest = stmt_column_int64(st, 1),
				  .leader_household_id = stmt_column_int64(st, 2)};
	if (c.interest == 0)
		return TD_OK;
	int rc = fee_leader_commission(c.interest, a->share_ppm, &c.amount, err);
	if (rc == TD_OK && money_add(a->commission_total, c.amount, &a->commission_total))
		rc = td_error_set(err, TD_EOVERFLOW, "commission total overflows");
	if (rc == TD_OK)
		rc = grow((void **)&a->comms, a->ncomms, sizeof c, err);
	if (rc == TD_OK)
		a->comms[a->ncomms++] = c;
	return rc;
}

static int share(struct td_store *s, int64_t *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT value FROM td_meta WHERE key = 'commission_share_ppm'", "");
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		const char *v = stmt_column_text(st, 0);
		char *end = NULL;
		long long x = strtoll(v, &end, 10);
		rc = TD_OK;
		if (end == v || *end != '\0' || x < 0 || x > 1000000)
			rc = td_error_set(err, TD_EINVAL,
					  "td_meta commission_share_ppm '%s' is not a share in "
					  "millionths (0..1000000, 80000 = 8 %%)",
					  v);
		*out = x;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINVAL,
				  "td_meta has no commission_share_ppm (migration 0013 sets it)");
	}
	stmt_finalize(st);
	return rc;
}

int me_accruals_compute(struct td_store *s, int64_t office_id, td_date first, td_date last,
			struct me_accruals *out, struct td_error *err)
{
	memset(out, 0, sizeof *out);
	struct fee_params p = fee_params_default();
	int rc = share(s, &out->share_ppm, err);
	struct td_stmt *st = NULL;
	if (rc == TD_OK)
		rc = org_prepare(s, &st, err, sql_fees, "ddddid", last, last, first, last,
				 office_id, last);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = fee_row(st, &p, out, err);
	stmt_finalize(st);
	st = NULL;
	if (rc == TD_DONE)
		rc = org_prepare(s, &st, err, sql_comms, "ddddiddd", last, last, first, last,
				 office_id, last, last, last);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = comm_row(st, out, err);
	stmt_finalize(st);
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
