/* The savings check of `tindung check` (R-SAV-1, R-GL-2 in spirit): the accounts' cached
 * balances, their movements and the MEMBER_SAVINGS accounts of the ledger agree. */
#include <stdbool.h>

#include "bank/org_util.h"
#include "bank/savings.h"

#define SIGNED_AMOUNT "CASE WHEN t.kind = 'withdrawal' THEN -t.amount ELSE t.amount END"

/* Each account's cached balance equals the sum of all its movements. */
static int check_accounts(struct td_store *s, struct check_report *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT a.id, a.household_id, a.balance, CAST(coalesce((SELECT "
			     "sum(" SIGNED_AMOUNT ") FROM savings_txn t WHERE t.account_id = a.id), "
			     "0) AS BIGINT) FROM savings_account a ORDER BY a.id",
			     "");
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX];
	while (check_next_row(st, &rc, err)) {
		r->accounts++;
		int64_t cached = stmt_column_int64(st, 2), sum = stmt_column_int64(st, 3);
		if (cached != sum)
			check_mismatch(r,
				       "sổ tiết kiệm %lld (hộ %lld): số dư lưu %s đồng, theo giao dịch "
				       "%s đồng",
				       (long long)stmt_column_int64(st, 0),
				       (long long)stmt_column_int64(st, 1),
				       money_format(cached, x, sizeof x), money_format(sum, y, sizeof y));
	}
	stmt_finalize(st);
	return rc;
}

/* Per office: movements up to upto = MEMBER_SAVINGS up to upto; cached balances = all of
 * MEMBER_SAVINGS (the cache has no date). */
static int check_offices(struct td_store *s, td_date upto, struct check_report *r,
			 struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX] = "9999-12-31";
	if (upto != CHECK_ALL_DATES)
		date_format_iso(upto, iso, sizeof iso);
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT o.code, CAST(sum(u.t) AS BIGINT), CAST(sum(u.c) AS BIGINT), "
		"CAST(sum(u.g) AS BIGINT), CAST(sum(u.ga) AS BIGINT) FROM ("
		"SELECT a.office_id AS office_id, " SIGNED_AMOUNT " AS t, 0 AS c, 0 AS g, 0 AS ga "
		"FROM savings_txn t JOIN savings_account a ON a.id = t.account_id WHERE "
		"t.business_date <= ? UNION ALL SELECT office_id, 0, balance, 0, 0 FROM "
		"savings_account UNION ALL SELECT ga.office_id, 0, 0, CASE WHEN e.business_date "
		"<= ? THEN p.credit - p.debit ELSE 0 END, p.credit - p.debit FROM gl_posting p "
		"JOIN gl_account ga ON ga.id = p.account_id JOIN gl_entry e ON e.id = p.entry_id "
		"WHERE ga.type_code = 'MEMBER_SAVINGS') u JOIN office o ON o.id = u.office_id "
		"GROUP BY o.code ORDER BY o.code",
		"tt", iso, iso);
	char a[TD_MONEY_FMT_MAX], b[TD_MONEY_FMT_MAX];
	while (check_next_row(st, &rc, err)) {
		const char *office = stmt_column_text(st, 0);
		int64_t txns = stmt_column_int64(st, 1), cached = stmt_column_int64(st, 2);
		int64_t gl = stmt_column_int64(st, 3), gl_all = stmt_column_int64(st, 4);
		if (txns != gl)
			check_mismatch(r,
				       "tiết kiệm đơn vị %s: giao dịch tiết kiệm %s đồng, tài khoản "
				       "MEMBER_SAVINGS %s đồng",
				       office, money_format(txns, a, sizeof a),
				       money_format(gl, b, sizeof b));
		if (cached != gl_all)
			check_mismatch(r,
				       "tiết kiệm đơn vị %s: tổng số dư các sổ %s đồng, tài khoản "
				       "MEMBER_SAVINGS %s đồng",
				       office, money_format(cached, a, sizeof a),
				       money_format(gl_all, b, sizeof b));
	}
	stmt_finalize(st);
	return rc;
}

int savings_check(struct td_store *s, td_date upto, struct check_report *r,
		  struct td_error *err)
{
	int rc = check_accounts(s, r, err);
	return rc == TD_OK ? check_offices(s, upto, r, err) : rc;
}
