/*
 * Month end: the snapshot of one office at the month's last day (R-CLS-1; month_end.h,
 * docs/month-end.md): its totals, the balance of each of its ledger accounts and its loan
 * portfolio in aggregated rows (never one row per loan: 7 million loans nationally). Three
 * INSERT ... SELECT statements, so the figures never leave the database.
 */
#include <string.h>

#include "bank/commune_at.h"
#include "bank/month_end_internal.h"
#include "bank/org_util.h"

/* The office's loans outstanding at month end, one row each, classified. outstanding is
 * loan.balance + the principal repaid after month end (as R-FEE-1 counts it, so that a
 * repayment booked between month end and a late run does not change the figures); od the
 * active (not frozen) unpaid principal of instalments overdue since month end or before; fz
 * the frozen principal (R-RISK-1), reported apart from overdue. A loan is classed frozen
 * when all its unpaid principal is. Written-off principal has left the books. commune_code
 * is the household's commune at month end (commune_at.h: after the 2025 merger, the new
 * one). Parameters: last x4, office, last. */
#define ME_CLASSIFIED                                                                              \
	"WITH lm AS (SELECT l.household_id, l.programme_code, l.source_id, l.status, CASE WHEN "   \
	"l.term_months <= 12 THEN 'short' WHEN l.term_months <= 60 THEN 'medium' ELSE 'long' "     \
	"END AS term_class, coalesce(c.org, '') AS organisation, coalesce(" COMMUNE_OF_VILLAGE(    \
		"h.village_id") ", h.commune_code) AS commune_code, h.ethnicity, "                 \
	"l.balance + coalesce((SELECT sum(r.overdue_principal + r.due_principal + "                \
	"r.prepaid_principal) FROM loan_repayment r WHERE r.loan_id = l.id AND r.paid_on > ? "     \
	ME_STANDING "), "                                                                          \
	"0) AS outstanding, coalesce((SELECT sum(i.principal - i.paid_principal - i.frozen) FROM " \
	"loan_instalment i WHERE i.loan_id = l.id AND i.status = 'overdue' AND i.overdue_on <= "   \
	"?), 0) AS od, coalesce((SELECT sum(i.frozen) FROM loan_instalment i WHERE i.loan_id = "   \
	"l.id), 0) AS fz FROM loan l JOIN household h ON h.id = l.household_id LEFT JOIN "         \
	"org_chapter c ON c.id = l.chapter_id WHERE l.office_id = ? AND l.disbursed_on <= ? AND "  \
	"l.status <> 'written_off'), cl AS (SELECT household_id, programme_code, source_id, "      \
	"term_class, organisation, commune_code, ethnicity, outstanding, CASE WHEN status = "      \
	"'frozen' THEN 'frozen' WHEN od > 0 THEN 'overdue' ELSE 'in_term' END AS status_class, "   \
	"od AS overdue, fz AS frozen FROM lm WHERE outstanding > 0) "

static const char *sql_header = ME_CLASSIFIED
	"INSERT INTO month_end_snapshot (run_id, office_id, month_end, loans, borrowers, "
	"outstanding, overdue, frozen) SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS "
	"TEXT), count(*), count(DISTINCT household_id), CAST(coalesce(sum(outstanding), 0) AS "
	"BIGINT), CAST(coalesce(sum(overdue), 0) AS BIGINT), CAST(coalesce(sum(frozen), 0) AS "
	"BIGINT) FROM cl RETURNING id, loans, borrowers, outstanding, overdue, frozen";

static const char *sql_portfolio = ME_CLASSIFIED
	"INSERT INTO month_end_portfolio (snapshot_id, programme_code, source_id, term_class, "
	"status_class, organisation, commune_code, ethnicity, loans, borrowers, outstanding, "
	"overdue, frozen) SELECT CAST(? AS BIGINT), programme_code, source_id, term_class, "
	"status_class, organisation, commune_code, ethnicity, count(*), count(DISTINCT "
	"household_id), CAST(sum(outstanding) AS BIGINT), CAST(sum(overdue) AS BIGINT), "
	"CAST(sum(frozen) AS BIGINT) FROM cl GROUP BY programme_code, source_id, term_class, "
	"status_class, organisation, commune_code, ethnicity";

/* Each account of the office: its running balance less the postings of entries dated
 * after month end, except the run's own (ids bound last). Nothing is dated after month end
 * when eod runs month end, so the subquery then reads only the run's entries: CROSS JOIN
 * makes SQLite start from the entries' date index rather than from every posting of the
 * office (PostgreSQL plans by cost either way).
 * Parameters: snapshot, last, office, own x3, office. */
static const char *sql_balances =
	"INSERT INTO month_end_balance (snapshot_id, type_code, programme_code, source_id, "
	"balance) SELECT CAST(? AS BIGINT), a.type_code, a.programme_code, a.source_id, "
	"CAST(b.debit - b.credit - coalesce(x.net, 0) AS BIGINT) FROM gl_account a JOIN "
	"gl_balance b ON b.account_id = a.id LEFT JOIN (SELECT p.account_id, sum(p.debit - "
	"p.credit) AS net FROM gl_entry e CROSS JOIN gl_posting p JOIN gl_account pa ON pa.id = "
	"p.account_id WHERE p.entry_id = e.id AND e.business_date > ? AND pa.office_id = ? AND "
	"e.id NOT IN (?, ?, ?) GROUP BY p.account_id) x ON x.account_id = a.id WHERE "
	"a.office_id = ? AND b.debit - b.credit - coalesce(x.net, 0) <> 0";

static int header(struct td_ctx *ctx, int64_t run_id, int64_t office, td_date last,
		  struct month_end_result *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err, sql_header, "ddddidiid", last, last, last, last,
			     office, last, run_id, office, last);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		out->snapshot_id = stmt_column_int64(st, 0);
		out->loans = stmt_column_int64(st, 1);
		out->borrowers = stmt_column_int64(st, 2);
		out->outstanding = stmt_column_int64(st, 3);
		out->overdue = stmt_column_int64(st, 4);
		out->frozen = stmt_column_int64(st, 5);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "month-end snapshot: no row returned");
	}
	stmt_finalize(st);
	return rc;
}

int me_snapshot_write(struct td_ctx *ctx, int64_t run_id, int64_t office_id, td_date last,
		      const int64_t own_entries[3], struct month_end_result *out,
		      struct td_error *err)
{
	int rc = header(ctx, run_id, office_id, last, out, err);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err, sql_portfolio, "ddddidi", last, last, last, last,
			      office_id, last, out->snapshot_id);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err, sql_balances, "idiiiii", out->snapshot_id, last,
			      office_id, own_entries[0], own_entries[1], own_entries[2], office_id);
	if (rc != TD_OK)
		td_error_prefix(err, "month-end snapshot: ");
	return rc;
}
