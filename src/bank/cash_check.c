/*
 * The cash checks of `tindung check` (R-CASH-1, bank/cash.h): a closed commune session
 * brought back all its cash (its CASH_SESSION account is zero), every CASH_SESSION line
 * belongs to a session, and the inter-office accounts of the whole bank cancel out.
 */
#include <stdio.h>

#include "bank/cash_internal.h"
#include "bank/org_util.h"

/* Sessions closed by upto (every entry of theirs on or before it) whose account is not 0. */
static int closed_sessions(struct td_store *s, const char *upto, struct check_report *r,
			   struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT x.session_id, cp.code, cs.session_date, "
		"CAST(sum(p.debit - p.credit) AS BIGINT) FROM (" CASH_SESSION_ENTRIES ") x "
		"JOIN gl_posting p ON p.entry_id = x.entry_id JOIN gl_account a ON a.id = "
		"p.account_id JOIN gl_entry e ON e.id = p.entry_id JOIN commune_session cs ON "
		"cs.id = x.session_id JOIN commune_point cp ON cp.id = cs.point_id WHERE "
		"a.type_code = 'CASH_SESSION' AND cs.status = 'closed' GROUP BY x.session_id, "
		"cp.code, cs.session_date HAVING sum(p.debit - p.credit) <> 0 AND "
		"max(e.business_date) <= ? ORDER BY x.session_id",
		"t", upto);
	char m[TD_MONEY_FMT_MAX];
	while (check_next_row(st, &rc, err))
		check_mismatch(r,
			       "phiên giao dịch %lld (điểm %s, %s) đã đóng nhưng tiền mặt mang đi "
			       "phiên (CASH_SESSION) còn %s đồng, phải về quỹ hết",
			       (long long)stmt_column_int64(st, 0), stmt_column_text(st, 1),
			       stmt_column_text(st, 2),
			       money_format(stmt_column_int64(st, 3), m, sizeof m));
	stmt_finalize(st);
	return rc;
}

/* CASH_SESSION lines of entries that are no session's transfer, line or payout. */
static int stray_lines(struct td_store *s, const char *upto, struct check_report *r,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT e.id, e.kind, e.business_date, o.code, p.debit - p.credit FROM gl_posting "
		"p JOIN gl_account a ON a.id = p.account_id JOIN gl_entry e ON e.id = p.entry_id "
		"JOIN office o ON o.id = a.office_id WHERE a.type_code = 'CASH_SESSION' AND "
		"e.business_date <= ? AND NOT EXISTS (SELECT 1 FROM cash_transfer t WHERE "
		"t.entry_id = e.id AND t.session_id IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM "
		"session_line l WHERE l.entry_id = e.id) AND NOT EXISTS (SELECT 1 FROM "
		"session_payout y WHERE y.entry_id = e.id) ORDER BY p.id",
		"t", upto);
	char m[TD_MONEY_FMT_MAX];
	while (check_next_row(st, &rc, err))
		check_mismatch(r,
			       "bút toán %lld (%s, %s) ghi %s đồng vào tiền mặt mang đi phiên "
			       "(CASH_SESSION) của đơn vị %s mà không thuộc phiên giao dịch nào",
			       (long long)stmt_column_int64(st, 0), stmt_column_text(st, 1),
			       stmt_column_text(st, 2),
			       money_format(stmt_column_int64(st, 4), m, sizeof m),
			       stmt_column_text(st, 3));
	stmt_finalize(st);
	return rc;
}

int cash_session_check(struct td_store *s, td_date upto, struct check_report *r,
		       struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	const char *u = check_upto_iso(upto, iso);
	int rc = closed_sessions(s, u, r, err);
	return rc == TD_OK ? stray_lines(s, u, r, err) : rc;
}

int cash_inter_office_check(struct td_store *s, td_date upto, struct check_report *r,
			    struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX], m[TD_MONEY_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT o.code, CAST(sum(p.debit - p.credit) AS BIGINT) FROM gl_posting "
		"p JOIN gl_account a ON a.id = p.account_id JOIN gl_entry e ON e.id = "
		"p.entry_id JOIN office o ON o.id = a.office_id WHERE a.type_code = "
		"'INTER_OFFICE' AND e.business_date <= ? GROUP BY o.code ORDER BY "
		"o.code",
		"t", check_upto_iso(upto, iso));
	td_money total = 0;
	char detail[384] = "";
	size_t len = 0;
	while (check_next_row(st, &rc, err)) {
		td_money v = stmt_column_int64(st, 1);
		if (money_add(total, v, &total) != TD_OK)
			rc = td_error_set(err, TD_EOVERFLOW, "INTER_OFFICE: tổng vượt giới hạn");
		if (v != 0 && len < sizeof detail)
			len += (size_t)snprintf(detail + len, sizeof detail - len, "%s%s %s",
						len ? ", " : "", stmt_column_text(st, 0),
						money_format(v, m, sizeof m));
	}
	stmt_finalize(st);
	if (rc == TD_OK && total != 0)
		check_mismatch(r,
			       "tài khoản liên chi nhánh (INTER_OFFICE) của toàn hệ thống cộng lại "
			       "%s đồng (nợ - có), phải bằng 0: %s",
			       money_format(total, m, sizeof m), detail);
	return rc;
}
