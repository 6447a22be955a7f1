/*
 * `tindung check`: the payable accounts of month end equal accrued - paid (R-FEE-1,
 * R-FEE-2, R-GL-1; fee_payout.h). FEE_PAYABLE is credited by the fee_accrual rows of each
 * month end and debited by the commune shares paid at sessions and the upper shares paid
 * at the office; COMMISSION_PAYABLE by the commission_accrual rows and the commissions paid
 * at sessions. A payout whose row was lost, or an accrual changed after booking, shows.
 */
#include <stdio.h>

#include "bank/fee_payout.h"
#include "bank/org_util.h"

/* Per office and account: the ledger's balance (credit - debit) and accrued - paid. */
static const char payable_sql[] =
	"SELECT o.code, x.t, CAST(sum(x.gl) AS BIGINT), CAST(sum(x.sub) AS BIGINT) FROM ("
	"SELECT a.office_id AS office_id, a.type_code AS t, p.credit - p.debit AS gl, "
	"0 AS sub FROM gl_posting p JOIN gl_account a ON a.id = p.account_id JOIN gl_entry e "
	"ON e.id = p.entry_id WHERE a.type_code IN ('FEE_PAYABLE', 'COMMISSION_PAYABLE') AND "
	"e.business_date <= ? "
	"UNION ALL SELECT mr.office_id, 'FEE_PAYABLE', 0, f.amount FROM fee_accrual f JOIN "
	"month_end_run mr ON mr.id = f.run_id WHERE mr.business_date <= ? "
	"UNION ALL SELECT mr.office_id, 'COMMISSION_PAYABLE', 0, c.amount FROM "
	"commission_accrual c JOIN month_end_run mr ON mr.id = c.run_id WHERE "
	"mr.business_date <= ? "
	"UNION ALL SELECT cs.office_id, CASE WHEN sp.kind = 'fee' THEN 'FEE_PAYABLE' ELSE "
	"'COMMISSION_PAYABLE' END, 0, -sp.amount FROM session_payout sp JOIN commune_session "
	"cs ON cs.id = sp.session_id WHERE cs.session_date <= ? "
	"UNION ALL SELECT u.office_id, 'FEE_PAYABLE', 0, -u.amount FROM fee_upper_payout u "
	"WHERE u.business_date <= ?"
	") x JOIN office o ON o.id = x.office_id GROUP BY o.code, x.t "
	"HAVING sum(x.gl) <> sum(x.sub) ORDER BY o.code, x.t";

int fee_payable_check(struct td_store *s, td_date upto, struct check_report *r,
		      struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	const char *d =
		upto == CHECK_ALL_DATES ? "9999-12-31" : date_format_iso(upto, iso, sizeof iso);
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, payable_sql, "ttttt", d, d, d, d, d);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		char gl[TD_MONEY_FMT_MAX], sub[TD_MONEY_FMT_MAX];
		check_mismatch(r,
			       "tài khoản %s đơn vị %s: số dư %s đồng, trích cuối tháng trừ đã trả "
			       "%s đồng",
			       stmt_column_text(st, 1), stmt_column_text(st, 0),
			       money_format(stmt_column_int64(st, 2), gl, sizeof gl),
			       money_format(stmt_column_int64(st, 3), sub, sizeof sub));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}
