/*
 * The R-GL-2 check: the loan sub-ledger (each loan's instalments) equals the ledger's loan
 * accounts for every office, programme and source, and each loan's balance equals its
 * instalments.
 */
#include <stdbool.h>
#include <stdio.h>

#include "bank/loan_internal.h"
#include "bank/org_util.h"

/* Sub-ledger and ledger amounts per office x programme x source x account type, with the
 * rows where they differ. Each instalment's active unpaid principal (not frozen) is in term
 * or overdue by its status; its frozen part is in LOAN_FROZEN (R-RISK-1). Written-off
 * principal counts as paid, so a written-off loan has nothing left here. */
static const char subledger_sql[] =
	"SELECT o.code, x.programme_code, cs.code, x.type_code, CAST(sum(x.sub) AS BIGINT), "
	"CAST(sum(x.gl) AS BIGINT) FROM ("
	"SELECT l.office_id, l.programme_code, l.source_id, CASE WHEN i.status = 'overdue' THEN "
	"'LOAN_OVERDUE' ELSE 'LOAN_IN_TERM' END AS type_code, i.principal - i.paid_principal - "
	"i.frozen AS sub, 0 AS gl FROM loan l JOIN loan_instalment i ON i.loan_id = l.id "
	"UNION ALL SELECT l.office_id, l.programme_code, l.source_id, 'LOAN_FROZEN', i.frozen, 0 "
	"FROM loan l JOIN loan_instalment i ON i.loan_id = l.id WHERE i.frozen > 0 "
	"UNION ALL SELECT a.office_id, a.programme_code, a.source_id, a.type_code, 0, "
	"p.debit - p.credit FROM gl_posting p JOIN gl_account a ON a.id = p.account_id "
	"WHERE a.type_code IN ('LOAN_IN_TERM', 'LOAN_OVERDUE', 'LOAN_FROZEN')) x "
	"JOIN office o ON o.id = x.office_id JOIN capital_source cs ON cs.id = x.source_id "
	"GROUP BY o.code, x.programme_code, cs.code, x.type_code HAVING sum(x.sub) <> sum(x.gl) "
	"ORDER BY o.code, x.programme_code, cs.code, x.type_code";

static const char balance_sql[] =
	"SELECT l.id, l.balance, CAST(sum(i.principal - i.paid_principal) AS BIGINT) FROM loan l "
	"JOIN loan_instalment i ON i.loan_id = l.id GROUP BY l.id, l.balance "
	"HAVING l.balance <> sum(i.principal - i.paid_principal) ORDER BY l.id";

int loan_ledger_check(struct td_store *s, td_date upto, struct check_report *r,
		      struct td_error *err)
{
	(void)upto; /* the sub-ledger is the present state: compared with every posting */
	char m1[TD_MONEY_FMT_MAX], m2[TD_MONEY_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, subledger_sql, "");
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		check_mismatch(r,
			       "dư nợ đơn vị %s chương trình %s nguồn vốn %s (%s): theo khế ước "
			       "%s đồng, sổ cái %s đồng (R-GL-2)",
			       stmt_column_text(st, 0), stmt_column_text(st, 1),
			       stmt_column_text(st, 2), stmt_column_text(st, 3),
			       money_format(stmt_column_int64(st, 4), m1, sizeof m1),
			       money_format(stmt_column_int64(st, 5), m2, sizeof m2));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE && rc != TD_OK)
		return rc;
	st = NULL;
	rc = org_prepare(s, &st, err, balance_sql, "");
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		check_mismatch(r, "khế ước %lld: dư nợ %s đồng, các kỳ hạn còn %s đồng (R-GL-2)",
			       (long long)stmt_column_int64(st, 0),
			       money_format(stmt_column_int64(st, 1), m1, sizeof m1),
			       money_format(stmt_column_int64(st, 2), m2, sizeof m2));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}
