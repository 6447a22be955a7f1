/* Deposit rates per branch with their history, and interest on member savings (R-SAV-1),
 * computed by credit/interest.h: ACT/365, rounded once per period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/ledger.h"
#include "bank/org_util.h"
#include "bank/param.h"
#include "bank/savings.h"
#include "bank/savings_internal.h"
#include "credit/interest.h"

/* The nearest office of kind 'branch' from office upwards, in the tree of day. */
static int branch_of(struct td_store *s, int64_t office, td_date day, int64_t *out,
		     struct td_error *err)
{
	int rc = org_query_int64(
		s, out, err,
		"WITH RECURSIVE up(id, depth) AS (SELECT CAST(? AS BIGINT), 0 UNION ALL "
		"SELECT v.parent_id, up.depth + 1 FROM office_version v JOIN up ON v.office_id = "
		"up.id WHERE v.parent_id IS NOT NULL AND v.valid_from <= ? AND (v.valid_to IS NULL "
		"OR v.valid_to > ?) AND up.depth < 32) SELECT up.id FROM up JOIN office o ON "
		"o.id = up.id WHERE o.kind = 'branch' ORDER BY up.depth LIMIT 1",
		"idd", office, day, day);
	char iso[TD_DATE_FMT_MAX];
	if (rc == TD_ENOTFOUND)
		rc = td_error_set(err, TD_ERULE, "office %lld has no branch (chi nhánh) above it on %s",
				  (long long)office, date_format_iso(day, iso, sizeof iso));
	return rc;
}

int savings_rate_on(struct td_store *s, int64_t office_id, td_date day, td_rate *rate,
		    int64_t *branch_id, struct td_error *err)
{
	int64_t branch = 0;
	int rc = branch_of(s, office_id, day, &branch, err);
	if (rc == TD_OK)
		rc = org_query_int64(s, rate, err,
				     "SELECT rate FROM savings_rate WHERE office_id = ? AND "
				     "effective_from <= ? ORDER BY effective_from DESC LIMIT 1",
				     "id", branch, day);
	char iso[TD_DATE_FMT_MAX];
	if (rc == TD_ENOTFOUND)
		rc = td_error_set(err, TD_ERULE,
				  "branch %lld has no deposit rate (lãi suất tiền gửi) on %s: set one "
				  "with `tindung savings rate`",
				  (long long)branch, date_format_iso(day, iso, sizeof iso));
	if (rc == TD_OK && branch_id)
		*branch_id = branch;
	return rc;
}

/* R-SAV-1: a branch sets its rate within the ceiling in force on the rate's first day
 * (savings.rate_ceiling, bank/param.h). */
static int ceiling_check(struct td_ctx *ctx, td_rate rate, td_date from, struct td_error *err)
{
	td_rate ceiling = 0;
	int rc = param_rate(ctx, "savings.rate_ceiling", NULL, from, &ceiling, err);
	char a[32], b[32], d[TD_DATE_FMT_MAX];
	if (rc == TD_OK && rate > ceiling)
		rc = td_error_set(err, TD_ERULE,
				  "lãi suất tiền gửi %s %%/năm vượt trần %s %%/năm áp dụng ngày %s "
				  "(R-SAV-1)",
				  rate_format_percent(rate, a, sizeof a),
				  rate_format_percent(ceiling, b, sizeof b),
				  date_format_vn(from, d, sizeof d));
	return rc;
}

static int rate_insert(struct td_ctx *ctx, int64_t branch, td_rate rate, td_date from,
		       struct td_error *err)
{
	struct td_scope scope = {branch, 0, 0};
	int rc = access_check(ctx, ACT_SAVINGS_WRITE, &scope, err);
	int64_t n = 0;
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &n, err,
				     "SELECT count(*) FROM office WHERE id = ? AND kind = 'branch'",
				     "i", branch);
	if (rc == TD_OK && n == 0)
		rc = td_error_set(err, TD_EINVAL,
				  "office %lld is not a branch: deposit rates are set per branch "
				  "(chi nhánh, R-SAV-1)",
				  (long long)branch);
	if (rc == TD_OK && (rate < 0 || rate > TD_RATE_SCALE))
		rc = td_error_set(err, TD_EINVAL, "rate %lld millionths is outside 0..100 %%",
				  (long long)rate);
	if (rc == TD_OK)
		rc = ceiling_check(ctx, rate, from, err);
	int64_t id = 0;
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &id, err,
				     "INSERT INTO savings_rate (office_id, rate, effective_from, "
				     "set_on, user_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
				     "iiddi", branch, rate, from, ctx->business_date,
				     ctx->actor->user_id);
	char iso[TD_DATE_FMT_MAX];
	if (rc == TD_EUNIQUE)
		rc = td_error_set(err, TD_EUNIQUE, "branch %lld has a deposit rate from %s already",
				  (long long)branch, date_format_iso(from, iso, sizeof iso));
	if (rc == TD_OK) {
		char after[128];
		snprintf(after, sizeof after, "{\"effective_from\":\"%s\",\"rate\":%lld}",
			 date_format_iso(from, iso, sizeof iso), (long long)rate);
		rc = audit_record(ctx, "create", "savings_rate", id, NULL, after, err);
	}
	return rc;
}

int savings_rate_set(struct td_ctx *ctx, int64_t branch_id, td_rate rate, td_date effective_from,
		     struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = rate_insert(ctx, branch_id, rate, effective_from, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int savings_rates(struct td_ctx *ctx, int64_t branch_id, json_t **out, struct td_error *err)
{
	static const struct org_col cols[] = {
		{"id", 'i'},		 {"office_id", 'i'}, {"office_code", 't'}, {"rate", 'i'},
		{"effective_from", 't'}, {"set_on", 't'},    {NULL, 0},
	};
	struct td_scope scope = {branch_id, 0, 0};
	int rc = access_check(ctx, ACT_READ, &scope, err);
	struct td_stmt *st = NULL;
	if (rc == TD_OK)
		rc = org_prepare(ctx->store, &st, err,
				 "SELECT r.id, r.office_id, o.code, r.rate, r.effective_from, "
				 "r.set_on FROM savings_rate r JOIN office o ON o.id = r.office_id "
				 "WHERE r.office_id = ? ORDER BY r.effective_from DESC",
				 "i", branch_id);
	json_t *items = json_array();
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(items, org_row_json(st, cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE && rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return TD_OK;
}

/* Room for the days a period's balance or rate changes; longer periods are split. */
#define SAVINGS_MAX_SEGMENTS 400

/* The balance of the account after the movements of day (R-SAV-1: a deposit earns from
 * the day it is made). */
static int balance_on(struct td_store *s, int64_t account, td_date day, td_money *out,
		      struct td_error *err)
{
	return org_query_int64(s, out, err,
			       "SELECT CAST(coalesce(sum(CASE WHEN kind = 'withdrawal' THEN -amount "
			       "ELSE amount END), 0) AS BIGINT) FROM savings_txn WHERE "
			       "account_id = ? AND business_date <= ?",
			       "id", account, day);
}

/* One segment per day in [from, to) on which the balance or the branch's rate changes. */
static int build_segments(struct td_store *s, const struct savings_row *a, int64_t branch,
			  td_date from, td_date to, struct interest_segment *seg, size_t *n,
			  struct td_error *err)
{
	td_date days[SAVINGS_MAX_SEGMENTS];
	size_t k = 0;
	days[k++] = from;
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT d FROM (SELECT business_date AS d FROM savings_txn WHERE "
			     "account_id = ? AND business_date > ? AND business_date < ? UNION "
			     "SELECT effective_from FROM savings_rate WHERE office_id = ? AND "
			     "effective_from > ? AND effective_from < ?) u ORDER BY d",
			     "iddidd", a->id, from, to, branch, from, to);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = TD_OK;
		if (k == SAVINGS_MAX_SEGMENTS) {
			rc = td_error_set(err, TD_EINVAL,
					  "the period has more than %d changes of balance or rate: "
					  "post its interest in shorter periods",
					  SAVINGS_MAX_SEGMENTS);
			break;
		}
		days[k++] = org_col_date(st, 0);
	}
	stmt_finalize(st);
	if (rc != TD_DONE && rc != TD_OK)
		return rc;
	rc = TD_OK;
	for (size_t i = 0; i < k && rc == TD_OK; i++) {
		seg[i] = (struct interest_segment){.from = days[i], .state = BALANCE_IN_TERM};
		rc = balance_on(s, a->id, days[i], &seg[i].principal, err);
		if (rc == TD_OK)
			rc = savings_rate_on(s, a->office_id, days[i], &seg[i].rate, NULL, err);
	}
	*n = k;
	return rc;
}

static int period_checks(struct td_ctx *ctx, const struct savings_row *a, td_date from,
			 td_date to, struct td_error *err)
{
	char f[TD_DATE_FMT_MAX], t[TD_DATE_FMT_MAX], o[TD_DATE_FMT_MAX];
	org_iso(from, f);
	org_iso(to, t);
	if (from >= to)
		return td_error_set(err, TD_EINVAL, "period %s..%s is empty: from must be before to",
				    f, t);
	if (from < a->opened_on)
		return td_error_set(err, TD_EINVAL, "period starts %s, before the account opened on %s",
				    f, org_iso(a->opened_on, o));
	if (to - 1 > ctx->business_date)
		return td_error_set(err, TD_EINVAL,
				    "period %s..%s ends after the business date %s: interest is paid "
				    "for days that have passed",
				    f, t, org_iso(ctx->business_date, o));
	int64_t n = 0;
	int rc = org_query_int64(ctx->store, &n, err,
				 "SELECT count(*) FROM savings_txn WHERE account_id = ? AND kind = "
				 "'interest' AND period_from < ? AND period_to > ?",
				 "idd", a->id, to, from);
	if (rc == TD_OK && n > 0)
		rc = td_error_set(err, TD_ERULE,
				  "interest of savings account %lld for part of %s..%s is paid already",
				  (long long)a->id, f, t);
	return rc;
}

static int post_interest(struct td_ctx *ctx, int64_t account, td_date from, td_date to,
			 td_money *amount, struct td_error *err)
{
	struct savings_row a;
	int rc = savings_row_load(ctx->store, account, &a, err);
	if (rc == TD_OK)
		rc = savings_row_access(ctx, &a, ACT_SAVINGS_WRITE, err);
	if (rc == TD_OK)
		rc = period_checks(ctx, &a, from, to, err);
	int64_t branch = 0;
	td_rate first = 0;
	if (rc == TD_OK)
		rc = savings_rate_on(ctx->store, a.office_id, from, &first, &branch, err);
	static __thread struct interest_segment seg[SAVINGS_MAX_SEGMENTS];
	size_t n = 0;
	if (rc == TD_OK)
		rc = build_segments(ctx->store, &a, branch, from, to, seg, &n, err);
	if (rc == TD_OK)
		rc = interest_segments(seg, n, to, INTEREST_ACT365, INTEREST_OVERDUE_PCT_DEFAULT,
				       amount, err);
	if (rc != TD_OK || *amount == 0)
		return rc;
	struct ledger_line lines[2] = {
		{"SAVINGS_INTEREST_EXPENSE", a.office_id, NULL, 0, *amount, 0},
		{"MEMBER_SAVINGS", a.office_id, NULL, 0, 0, *amount},
	};
	char ref[48];
	snprintf(ref, sizeof ref, "savings account %lld", (long long)account);
	int64_t entry = 0;
	rc = ledger_post(ctx, "savings_interest", ref, lines, 2, &entry, err);
	if (rc == TD_OK)
		rc = savings_txn_record(ctx, &a, "interest", *amount, *amount, from, to, entry, NULL,
					err);
	return rc;
}

int savings_post_interest(struct td_ctx *ctx, int64_t account_id, td_date from, td_date to,
			  td_money *amount, struct td_error *err)
{
	*amount = 0;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = post_interest(ctx, account_id, from, to, amount, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
