/*
 * What a demo database holds, read back with plain counts: the figures `tindung demo`
 * prints at the end and the tests check.
 */
#include <string.h>

#include "bank/org_util.h"
#include "demo/demo.h"

#define OPEN_LOAN "status IN ('in_term', 'overdue', 'frozen')"

struct figure {
	int64_t *out;
	const char *sql;
};

int demo_summarise(struct td_store *s, struct demo_summary *sum, struct td_error *err)
{
	memset(sum, 0, sizeof *sum);
	const struct figure f[] = {
		{&sum->communes, "SELECT count(DISTINCT h.commune_code) FROM group_member m JOIN "
				 "household h ON h.id = m.household_id WHERE m.left_on IS NULL"},
		{&sum->villages, "SELECT count(*) FROM village"},
		{&sum->chapters, "SELECT count(*) FROM org_chapter"},
		{&sum->groups, "SELECT count(*) FROM savings_group WHERE closed_on IS NULL"},
		{&sum->households, "SELECT count(*) FROM household"},
		{&sum->members, "SELECT count(*) FROM group_member WHERE left_on IS NULL"},
		{&sum->borrowers,
		 "SELECT count(DISTINCT household_id) FROM loan WHERE balance > 0 AND " OPEN_LOAN},
		{&sum->loans, "SELECT count(*) FROM loan"},
		{&sum->loans_open, "SELECT count(*) FROM loan WHERE " OPEN_LOAN},
		{&sum->programmes, "SELECT count(DISTINCT programme_code) FROM loan"},
		{&sum->outstanding, "SELECT coalesce(sum(balance), 0) FROM loan WHERE " OPEN_LOAN},
		/* frozen principal (R-RISK-1) is reported apart from overdue, partly frozen
		 * loans' too */
		{&sum->overdue,
		 "SELECT coalesce(sum(i.principal - i.paid_principal - i.frozen), 0) FROM "
		 "loan_instalment i JOIN loan l ON l.id = i.loan_id WHERE i.status = 'overdue' "
		 "AND l.status = 'overdue'"},
		{&sum->overdue_loans_balance,
		 "SELECT coalesce(sum(l.balance), 0) FROM loan l WHERE l.status = 'overdue' AND "
		 "EXISTS (SELECT 1 FROM loan_instalment i WHERE i.loan_id = l.id AND i.status = "
		 "'overdue')"},
		{&sum->frozen, "SELECT coalesce(sum(frozen), 0) FROM loan_instalment"},
		{&sum->sessions, "SELECT count(*) FROM commune_session"},
		{&sum->applications, "SELECT count(*) FROM loan_application"},
		{&sum->rejected, "SELECT count(*) FROM loan_application WHERE step = 'rejected'"},
		{&sum->extensions, "SELECT count(*) FROM loan_event WHERE kind = 'extend'"},
		{&sum->freezes, "SELECT count(*) FROM loan_event WHERE kind = 'freeze'"},
		{&sum->unfreezes, "SELECT count(*) FROM loan_event WHERE kind = 'unfreeze'"},
		{&sum->write_offs, "SELECT count(*) FROM loan_event WHERE kind = 'write_off'"},
		{&sum->audit_records, "SELECT count(*) FROM audit_log"},
	};
	for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
		int rc = org_query_int64(s, f[k].out, err, f[k].sql, "");
		if (rc != TD_OK)
			return rc;
	}
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, "SELECT start_date, end_date FROM demo_run ORDER BY id",
			     "");
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		sum->start = org_col_date(st, 0);
		sum->end = org_col_date(st, 1);
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}
