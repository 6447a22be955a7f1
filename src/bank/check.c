/*
 * The checks of `tindung check`, one function each, listed in check_registry. Every query
 * reads the append-only tables (gl_entry, gl_posting, capital_transfer) and compares them
 * with what is derived or kept beside them.
 */
#include "bank/check.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "bank/cash.h"
#include "bank/fee_payout.h"
#include "bank/loan.h"
#include "bank/month_end.h"
#include "bank/org_util.h"
#include "bank/savings.h"
#include "base/money.h"

void check_mismatch(struct check_report *r, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	r->mismatches++;
	if (r->emit)
		r->emit(r->arg, line);
}

/* money_format into one of a few rotating buffers, for several amounts in one message. */
static const char *fmt_money(int64_t v)
{
	static __thread char bufs[4][TD_MONEY_FMT_MAX];
	static __thread int next;
	char *b = bufs[next++ % 4];
	return money_format(v, b, TD_MONEY_FMT_MAX);
}

bool check_next_row(struct td_stmt *st, int *rc, struct td_error *err)
{
	if (*rc != TD_OK)
		return false;
	int r = stmt_step(st, err);
	*rc = r == TD_ROW || r == TD_DONE ? TD_OK : r;
	return r == TD_ROW;
}

const char *check_upto_iso(td_date upto, char *buf)
{
	if (upto == CHECK_ALL_DATES)
		return "9999-12-31";
	return date_format_iso(upto, buf, TD_DATE_FMT_MAX);
}

/* Each entry has lines and balances, in total and for every office (R-GL-1). */
static int check_entries_balance(struct td_store *s, td_date upto, struct check_report *r,
				 struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT e.id, e.kind, e.business_date, count(p.id) FROM gl_entry e "
			     "LEFT JOIN gl_posting p ON p.entry_id = e.id WHERE e.business_date <= ? "
			     "GROUP BY e.id, e.kind, e.business_date ORDER BY e.id",
			     "t", check_upto_iso(upto, iso));
	while (check_next_row(st, &rc, err)) {
		r->entries++;
		if (stmt_column_int64(st, 3) < 2)
			check_mismatch(r, "bút toán %lld (%s, %s): có %lld dòng, cần ít nhất 2",
				       (long long)stmt_column_int64(st, 0), stmt_column_text(st, 1),
				       stmt_column_text(st, 2), (long long)stmt_column_int64(st, 3));
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;
	st = NULL;
	rc = org_prepare(s, &st, err,
			 "SELECT e.id, e.kind, e.business_date, o.code, "
			 "CAST(sum(p.debit) AS BIGINT), CAST(sum(p.credit) AS BIGINT) "
			 "FROM gl_entry e JOIN gl_posting p ON p.entry_id = e.id "
			 "JOIN gl_account a ON a.id = p.account_id JOIN office o ON o.id = a.office_id "
			 "WHERE e.business_date <= ? GROUP BY e.id, e.kind, e.business_date, o.code "
			 "HAVING sum(p.debit) <> sum(p.credit) ORDER BY e.id, o.code",
			 "t", check_upto_iso(upto, iso));
	while (check_next_row(st, &rc, err))
		check_mismatch(r,
			       "bút toán %lld (%s, %s) không cân tại đơn vị %s: nợ %s đồng, có %s "
			       "đồng",
			       (long long)stmt_column_int64(st, 0), stmt_column_text(st, 1),
			       stmt_column_text(st, 2), stmt_column_text(st, 3),
			       fmt_money(stmt_column_int64(st, 4)),
			       fmt_money(stmt_column_int64(st, 5)));
	stmt_finalize(st);
	return rc;
}

/* The account's name for a message: type, office, programme, source. */
#define ACCOUNT_NAME_COLS                                                                  \
	"a.type_code, o.code, a.programme_code, coalesce(cs.code, '') "
#define ACCOUNT_NAME_JOINS                                                                 \
	"JOIN office o ON o.id = a.office_id LEFT JOIN capital_source cs ON cs.id = a.source_id "

static void account_name(struct td_stmt *st, int col, char *buf, size_t size)
{
	const char *prog = stmt_column_text(st, col + 2), *src = stmt_column_text(st, col + 3);
	snprintf(buf, size, "tài khoản %s đơn vị %s chương trình %s nguồn vốn %s",
		 stmt_column_text(st, col), stmt_column_text(st, col + 1), prog[0] ? prog : "-",
		 src[0] ? src : "-");
}

/* The running totals (gl_balance) equal the sums of the postings. */
static int check_running_balances(struct td_store *s, td_date upto, struct check_report *r,
				  struct td_error *err)
{
	(void)upto; /* running totals have no date: they always cover every posting */
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT a.id, " ACCOUNT_NAME_COLS ", b.debit, b.credit, "
		"CAST(coalesce(t.d, 0) AS BIGINT), CAST(coalesce(t.c, 0) AS BIGINT) "
		"FROM gl_account a " ACCOUNT_NAME_JOINS
		"LEFT JOIN gl_balance b ON b.account_id = a.id LEFT JOIN (SELECT account_id, "
		"sum(debit) AS d, sum(credit) AS c FROM gl_posting GROUP BY account_id) t ON "
		"t.account_id = a.id ORDER BY a.id",
		"");
	while (check_next_row(st, &rc, err)) {
		r->accounts++;
		char name[256];
		account_name(st, 1, name, sizeof name);
		int64_t d = stmt_column_int64(st, 7), c = stmt_column_int64(st, 8);
		if (stmt_column_is_null(st, 5)) {
			check_mismatch(r, "%s: không có số dư lũy kế; theo bút toán nợ %s, có %s",
				       name, fmt_money(d), fmt_money(c));
			continue;
		}
		int64_t bd = stmt_column_int64(st, 5), bc = stmt_column_int64(st, 6);
		if (bd != d || bc != c)
			check_mismatch(r,
				       "%s: số dư lũy kế nợ %s, có %s; theo bút toán nợ %s, có %s",
				       name, fmt_money(bd), fmt_money(bc), fmt_money(d),
				       fmt_money(c));
	}
	stmt_finalize(st);
	return rc;
}

/* Each source's transfers (in - out) less the principal of its loans written off (R-RISK-1:
 * loan_event.capital_charged, at the loan's office) equal its CAPITAL_* accounts at each
 * office (R-CAP-1). */
static int check_capital_sources(struct td_store *s, td_date upto, struct check_report *r,
				 struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT cs.code, o.code, x.t, x.w, x.g FROM (SELECT source_id, office_id, "
		"CAST(sum(t) AS BIGINT) AS t, CAST(sum(w) AS BIGINT) AS w, "
		"CAST(sum(g) AS BIGINT) AS g FROM ("
		"SELECT source_id, office_id, CASE WHEN direction = 'in' THEN amount "
		"ELSE -amount END AS t, 0 AS w, 0 AS g FROM capital_transfer "
		"WHERE business_date <= ? "
		"UNION ALL SELECT l.source_id, l.office_id, 0, ev.capital_charged, 0 FROM "
		"loan_event ev JOIN loan l ON l.id = ev.loan_id WHERE ev.kind = 'write_off' AND "
		"ev.business_date <= ? "
		"UNION ALL SELECT a.source_id, a.office_id, 0, 0, p.credit - p.debit "
		"FROM gl_posting p JOIN gl_account a ON a.id = p.account_id "
		"JOIN gl_entry e ON e.id = p.entry_id "
		"WHERE a.type_code IN ('CAPITAL_CENTRAL', 'CAPITAL_LOCAL') AND e.business_date <= ?"
		") u GROUP BY source_id, office_id HAVING sum(t) - sum(w) <> sum(g)) x "
		"JOIN capital_source cs ON cs.id = x.source_id JOIN office o ON o.id = x.office_id "
		"ORDER BY cs.code, o.code",
		"ttt", check_upto_iso(upto, iso), check_upto_iso(upto, iso), check_upto_iso(upto, iso));
	while (check_next_row(st, &rc, err)) {
		char off[64] = "";
		int64_t w = stmt_column_int64(st, 3);
		if (w != 0)
			snprintf(off, sizeof off, ", nợ đã xóa %s đồng", fmt_money(w));
		check_mismatch(r,
			       "nguồn vốn %s đơn vị %s: chuyển vốn (về - hoàn trả) %s đồng%s, tài "
			       "khoản nguồn vốn %s đồng",
			       stmt_column_text(st, 0), stmt_column_text(st, 1),
			       fmt_money(stmt_column_int64(st, 2)), off,
			       fmt_money(stmt_column_int64(st, 4)));
	}
	stmt_finalize(st);
	return rc;
}

const struct check_def check_registry[] = {
	{"entries_balance", check_entries_balance},
	{"running_balances", check_running_balances},
	{"capital_sources", check_capital_sources},
	{"loan_subledger", loan_ledger_check},
	{"savings", savings_check},
	{"fee_payable", fee_payable_check},
	{"interest_accrual", month_end_accrual_check},
	{"session_cash", cash_session_check},
	{"inter_office", cash_inter_office_check},
	{NULL, NULL},
};

int check_run(struct td_store *s, td_date upto, struct check_report *r, struct td_error *err)
{
	r->mismatches = r->entries = r->accounts = 0;
	for (const struct check_def *c = check_registry; c->name; c++) {
		int rc = c->fn(s, upto, r, err);
		if (rc != TD_OK)
			return td_error_prefix(err, "check %s: ", c->name);
	}
	return TD_OK;
}
