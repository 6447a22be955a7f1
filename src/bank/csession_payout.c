/*
 * Fee and commission lines of a commune session batch (R-FEE-1, R-FEE-2, R-SES-1): each pays
 * one accrual row of month end (month_end.h), exactly what it left payable, once, to a
 * payee the point serves on the session date; booked Dr FEE_PAYABLE or COMMISSION_PAYABLE /
 * Cr CASH at the session's office and kept in session_payout, whose UNIQUE accrual columns
 * make "once" hold even when two batches race for the same row.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "bank/cash.h"
#include "bank/commune_at.h"
#include "bank/csession_internal.h"
#include "bank/ledger.h"
#include "bank/org_util.h"

/* One accrual row as a payout needs it. */
struct accrual {
	int64_t id, office_id;
	int64_t group_id;   /* commission: the group */
	int64_t chapter_id; /* fee: the chapter */
	int64_t leader;	    /* commission: the leader at month end, 0 when it had none */
	char name[96];	    /* the group's code or the chapter's name, for messages */
	char month[8];
	td_money payable;  /* the commission, or the fee's commune share */
	td_date booked_on; /* month_end_run.business_date */
};

static const char *what(enum csession_kind k)
{
	return k == CSL_FEE ? "fee (phí ủy thác)" : "commission (hoa hồng)";
}

static int accrual_load(struct td_store *s, const struct csession_line *l, struct accrual *a,
			struct td_error *err)
{
	static const char commission_sql[] =
		"SELECT c.id, mr.office_id, c.group_id, 0, coalesce(c.leader_household_id, 0), "
		"g.code, c.month, c.amount, mr.business_date FROM commission_accrual c JOIN "
		"month_end_run mr ON mr.id = c.run_id JOIN savings_group g ON g.id = c.group_id "
		"WHERE c.id = ?";
	static const char fee_sql[] =
		"SELECT f.id, mr.office_id, 0, f.chapter_id, 0, ch.name, f.month, f.commune, "
		"mr.business_date FROM fee_accrual f JOIN month_end_run mr ON mr.id = f.run_id "
		"JOIN org_chapter ch ON ch.id = f.chapter_id WHERE f.id = ?";
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, l->kind == CSL_FEE ? fee_sql : commission_sql, "i",
			     l->target);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		a->id = stmt_column_int64(st, 0);
		a->office_id = stmt_column_int64(st, 1);
		a->group_id = stmt_column_int64(st, 2);
		a->chapter_id = stmt_column_int64(st, 3);
		a->leader = stmt_column_int64(st, 4);
		snprintf(a->name, sizeof a->name, "%s", stmt_column_text(st, 5));
		snprintf(a->month, sizeof a->month, "%s", stmt_column_text(st, 6));
		a->payable = stmt_column_int64(st, 7);
		a->booked_on = org_col_date(st, 8);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND,
				  "%s row %lld does not exist: month end (tindung month-end) "
				  "writes the rows a session pays",
				  what(l->kind), (long long)l->target);
	}
	stmt_finalize(st);
	return rc;
}

/* Paid once (R-FEE-1, R-FEE-2): TD_ECONFLICT naming the session and date that paid it. */
static int paid_check(struct td_store *s, const struct csession_line *l, const struct accrual *a,
		      struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     l->kind == CSL_FEE
				     ? "SELECT sp.session_id, p.code, cs.session_date FROM "
				       "session_payout sp JOIN commune_session cs ON cs.id = "
				       "sp.session_id JOIN commune_point p ON p.id = cs.point_id "
				       "WHERE sp.fee_id = ?"
				     : "SELECT sp.session_id, p.code, cs.session_date FROM "
				       "session_payout sp JOIN commune_session cs ON cs.id = "
				       "sp.session_id JOIN commune_point p ON p.id = cs.point_id "
				       "WHERE sp.commission_id = ?",
			     "i", a->id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = td_error_set(err, TD_ECONFLICT,
				  "đã trả: the %s of %s for %s was paid at session %lld (point %s, "
				  "%s); it is paid once",
				  what(l->kind), a->name, a->month,
				  (long long)stmt_column_int64(st, 0), stmt_column_text(st, 1),
				  stmt_column_text(st, 2));
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The accrual belongs to the session's office and its month end was booked by the date. */
static int run_check(const struct csession_row *r, const struct csession_line *l,
		     const struct accrual *a, struct td_error *err)
{
	char on[TD_DATE_FMT_MAX], booked[TD_DATE_FMT_MAX];
	date_format_iso(r->on, on, sizeof on);
	if (a->office_id != r->office_id)
		return td_error_set(
			err, TD_ERULE,
			"the %s of %s for %s was accrued by office %lld, and session "
			"%lld belongs to office %lld: pay it at a session of that office",
			what(l->kind), a->name, a->month, (long long)a->office_id, (long long)r->id,
			(long long)r->office_id);
	if (a->booked_on > r->on)
		return td_error_set(err, TD_ECONFLICT,
				    "month end of %s was booked on %s, after the session date %s: "
				    "its %s is not payable yet at this session",
				    a->month, date_format_iso(a->booked_on, booked, sizeof booked),
				    on, what(l->kind));
	return TD_OK;
}

/* A commission: the group's version of the date names the point. */
static int group_served(struct td_store *s, const struct csession_row *r, const struct accrual *a,
			struct td_error *err)
{
	int64_t n = 0;
	char on[TD_DATE_FMT_MAX];
	int rc = org_query_int64(s, &n, err,
				 "SELECT count(*) FROM group_version WHERE group_id = ? AND "
				 "point_id = ? AND valid_from <= ? AND (valid_to IS NULL OR "
				 "valid_to > ?)",
				 "iidd", a->group_id, r->point_id, r->on, r->on);
	if (rc == TD_OK && n == 0)
		rc = td_error_set(err, TD_ERULE, "group %s is not served by point %s on %s",
				  a->name, r->point_code, date_format_iso(r->on, on, sizeof on));
	return rc;
}

/* A fee: a commune chapter of a commune the point serves on the date (or of a commune
 * that merged into one it serves: commune_at.h). */
static int chapter_served(struct td_store *s, const struct csession_row *r, const struct accrual *a,
			  struct td_error *err)
{
	struct td_stmt *st = NULL;
	char on[TD_DATE_FMT_MAX], level[16] = "", commune[16] = "";
	int64_t n = 0;
	date_format_iso(r->on, on, sizeof on);
	int rc = org_prepare(s, &st, err, "SELECT level, admin_code FROM org_chapter WHERE id = ?",
			     "i", a->chapter_id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		snprintf(level, sizeof level, "%s", stmt_column_text(st, 0));
		snprintf(commune, sizeof commune, "%s", stmt_column_text(st, 1));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_EINTERNAL, "chapter %lld vanished",
				    (long long)a->chapter_id);
	if (rc == TD_OK && strcmp(level, "commune") != 0)
		return td_error_set(err, TD_ERULE,
				    "%s is a %s chapter: a commune session pays only a commune "
				    "chapter's share (the upper shares: tindung fee-payout)",
				    a->name, level);
	if (rc == TD_OK)
		rc = org_query_int64(
			s, &n, err,
			"SELECT count(*) FROM commune_point_commune c WHERE c.point_id = ? AND "
			"c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to > ?) AND "
			"" COMMUNE_WITHIN("?", "c.commune_code"),
			"iddttd", r->point_id, r->on, r->on, commune, commune, r->on);
	if (rc == TD_OK && n == 0)
		rc = td_error_set(err, TD_ERULE,
				  "%s is the chapter of commune %s, which point %s does not serve "
				  "on %s",
				  a->name, commune, r->point_code, on);
	return rc;
}

/* Who receives a commission: the leader at month end (who collected the interest), or,
 * when the group had none then, its leader on the session date. */
static int payee(struct td_store *s, const struct csession_row *r, const struct accrual *a,
		 int64_t *out, struct td_error *err)
{
	char on[TD_DATE_FMT_MAX];
	*out = a->leader;
	if (*out)
		return TD_OK;
	int rc = org_query_int64(s, out, err,
				 "SELECT household_id FROM group_member WHERE group_id = ? AND "
				 "role = 'leader' AND joined_on <= ? AND (left_on IS NULL OR "
				 "left_on > ?) ORDER BY household_id",
				 "idd", a->group_id, r->on, r->on);
	if (rc == TD_ENOTFOUND)
		rc = td_error_set(err, TD_ERULE,
				  "group %s had no leader at the end of %s and has none on %s: "
				  "nobody to receive its commission",
				  a->name, a->month, date_format_iso(r->on, on, sizeof on));
	return rc;
}

/* Everything a payout line must satisfy before it books; *leader gets the payee of a
 * commission. */
static int payout_check(struct td_ctx *ctx, const struct csession_row *r,
			const struct csession_line *l, const struct accrual *a, int64_t *leader,
			struct td_error *err)
{
	int rc = paid_check(ctx->store, l, a, err);
	if (rc == TD_OK)
		rc = run_check(r, l, a, err);
	if (rc == TD_OK)
		rc = l->kind == CSL_FEE ? chapter_served(ctx->store, r, a, err)
					: group_served(ctx->store, r, a, err);
	if (rc == TD_OK && l->amount != a->payable) {
		char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX];
		return td_error_set(err, TD_ERULE,
				    "the %s of %s for %s payable is %s đồng, the line says %s "
				    "đồng: pay exactly what month end accrued",
				    what(l->kind), a->name, a->month,
				    money_format(a->payable, x, sizeof x),
				    money_format(l->amount, y, sizeof y));
	}
	if (rc == TD_OK && l->kind == CSL_COMMISSION)
		rc = payee(ctx->store, r, a, leader, err);
	return rc;
}

int csession_payout_line(struct td_ctx *ctx, const struct csession_row *r, int64_t batch,
			 size_t pos, const struct csession_line *l, struct td_error *err)
{
	assert(l->kind == CSL_COMMISSION || l->kind == CSL_FEE);
	struct td_scope scope = {r->office_id, 0, 0};
	struct accrual a = {0};
	int64_t leader = 0, entry = 0;
	bool fee = l->kind == CSL_FEE;
	int rc = access_check(ctx, ACT_FEE_PAY, &scope, err);
	if (rc != TD_OK)
		return rc;
	if (l->amount <= 0 || l->amount > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL, "amount %lld đồng is outside 1..10^15",
				    (long long)l->amount);
	if (fee && l->via == CSV_GROUP_LEADER)
		return td_error_set(err, TD_ERULE,
				    "the fee is paid to the commune chapter, not through a group "
				    "leader (R-ORG-3)");
	rc = accrual_load(ctx->store, l, &a, err);
	if (rc == TD_OK)
		rc = payout_check(ctx, r, l, &a, &leader, err);
	char ref[96];
	snprintf(ref, sizeof ref, "session %lld batch %lld line %zu", (long long)r->id,
		 (long long)batch, pos);
	struct ledger_line lines[2] = {
		{fee ? "FEE_PAYABLE" : "COMMISSION_PAYABLE", r->office_id, NULL, 0, a.payable, 0},
		{cash_account(ctx), r->office_id, NULL, 0, 0, a.payable}};
	if (rc == TD_OK)
		rc = ledger_post(ctx, fee ? "fee_payout" : "commission_payout", ref, lines, 2,
				 &entry, err);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "INSERT INTO session_payout (session_id, batch_id, position, kind, "
			      "via, commission_id, fee_id, group_id, household_id, chapter_id, "
			      "amount, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      "iiittIIIIIii", r->id, batch, (int64_t)pos,
			      csession_kind_name(l->kind),
			      fee ? "chapter" : csession_via_name(l->via), fee ? 0 : a.id,
			      fee ? a.id : 0, a.group_id, leader, a.chapter_id, a.payable, entry);
	if (rc == TD_EUNIQUE)
		rc = td_error_set(err, TD_ECONFLICT,
				  "đã trả: the %s of %s for %s was paid by another batch at the "
				  "same moment; it is paid once",
				  what(l->kind), a.name, a.month);
	return rc;
}
