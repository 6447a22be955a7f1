/* Member savings accounts (R-SAV-1): opening, reading, lists. Movements are in
 * savings_txn.c, interest and rates in savings_interest.c, the check in savings_check.c. */
#include "bank/savings.h"

#include <stdio.h>
#include <stdlib.h>

#include "bank/audit.h"
#include "bank/org_util.h"
#include "bank/savings_internal.h"

int savings_row_load(struct td_store *s, int64_t id, struct savings_row *out,
		     struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT a.id, a.household_id, a.group_id, g.chapter_id, a.office_id, "
			     "a.opened_on, a.closed_on, a.balance FROM savings_account a "
			     "JOIN savings_group g ON g.id = a.group_id WHERE a.id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*out = (struct savings_row){
			.id = stmt_column_int64(st, 0),
			.household_id = stmt_column_int64(st, 1),
			.group_id = stmt_column_int64(st, 2),
			.chapter_id = stmt_column_int64(st, 3),
			.office_id = stmt_column_int64(st, 4),
			.opened_on = org_col_date(st, 5),
			.closed = !stmt_column_is_null(st, 6),
			.balance = stmt_column_int64(st, 7),
		};
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "savings account (sổ tiết kiệm) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

int savings_row_access(struct td_ctx *ctx, const struct savings_row *a, enum td_action act,
		       struct td_error *err)
{
	struct td_scope scope = {a->office_id, a->chapter_id, a->group_id};
	return access_check(ctx, act, &scope, err);
}

/* The group's office and chapter, refusing a closed group and a household that is not its
 * member on the business date (R-SAV-1: group members save). */
static int open_checks(struct td_ctx *ctx, int64_t household, int64_t group, int64_t *office,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT office_id, chapter_id, code, closed_on FROM savings_group "
			     "WHERE id = ?",
			     "i", group);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	struct td_scope scope = {0};
	char code[48] = "";
	bool closed = false;
	if (rc == TD_ROW) {
		scope = (struct td_scope){stmt_column_int64(st, 0), stmt_column_int64(st, 1), group};
		snprintf(code, sizeof code, "%s", stmt_column_text(st, 2));
		closed = !stmt_column_is_null(st, 3);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "group (tổ) %lld does not exist", (long long)group);
	}
	stmt_finalize(st);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_SAVINGS_WRITE, &scope, err);
	if (rc == TD_OK && closed)
		rc = td_error_set(err, TD_ERULE, "group %s is closed: it opens no savings account",
				  code);
	int64_t n = 0;
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &n, err,
				     "SELECT count(*) FROM group_member WHERE group_id = ? AND "
				     "household_id = ? AND joined_on <= ? AND (left_on IS NULL OR "
				     "left_on > ?)",
				     "iidd", group, household, ctx->business_date, ctx->business_date);
	if (rc == TD_OK && n == 0)
		rc = td_error_set(err, TD_ERULE,
				  "household %lld is not a member of group %s on this day: only "
				  "group members save (R-SAV-1)",
				  (long long)household, code);
	*office = scope.office_id;
	return rc;
}

static int open_account(struct td_ctx *ctx, int64_t household, int64_t group, int64_t *id,
			struct td_error *err)
{
	int64_t office = 0, open = 0;
	int rc = open_checks(ctx, household, group, &office, err);
	if (rc == TD_OK) {
		rc = org_query_int64(ctx->store, &open, err,
				     "SELECT id FROM savings_account WHERE household_id = ? AND "
				     "closed_on IS NULL",
				     "i", household);
		if (rc == TD_OK)
			return td_error_set(err, TD_ECONFLICT,
					    "household %lld already has the open savings account %lld "
					    "(one per household)",
					    (long long)household, (long long)open);
		rc = rc == TD_ENOTFOUND ? TD_OK : rc;
	}
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, id, err,
				     "INSERT INTO savings_account (household_id, group_id, office_id, "
				     "opened_on, balance) VALUES (?, ?, ?, ?, 0) RETURNING id",
				     "iiid", household, group, office, ctx->business_date);
	if (rc == TD_OK) {
		char after[128];
		snprintf(after, sizeof after, "{\"group_id\":%lld,\"household_id\":%lld}",
			 (long long)group, (long long)household);
		rc = audit_record(ctx, "create", "savings_account", *id, NULL, after, err);
	}
	return rc;
}

int savings_open(struct td_ctx *ctx, int64_t household_id, int64_t group_id, int64_t *id,
		 struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = open_account(ctx, household_id, group_id, id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static const struct org_col account_cols[] = {
	{"id", 'i'},	     {"household_id", 'i'}, {"head_name", 't'}, {"group_id", 'i'},
	{"group_code", 't'}, {"office_id", 'i'},    {"office_code", 't'}, {"opened_on", 't'},
	{"closed_on", 't'},  {"balance", 'i'},	    {NULL, 0},
};
#define ACCOUNT_SELECT                                                                     \
	"SELECT a.id, a.household_id, h.head_name, a.group_id, g.code, a.office_id, o.code, " \
	"a.opened_on, a.closed_on, a.balance FROM savings_account a "                        \
	"JOIN household h ON h.id = a.household_id JOIN savings_group g ON g.id = a.group_id " \
	"JOIN office o ON o.id = a.office_id"

static const struct org_col txn_cols[] = {
	{"id", 'i'},	      {"kind", 't'},	   {"amount", 'i'},    {"business_date", 't'},
	{"period_from", 't'}, {"period_to", 't'}, {"entry_id", 'i'}, {"reverses_txn_id", 'i'},
	{"reversed_by", 'i'}, {"reason", 't'},	  {NULL, 0},
};

static int add_txns(struct td_store *s, json_t *o, int64_t id, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT t.id, t.kind, t.amount, t.business_date, t.period_from, "
			     "t.period_to, t.entry_id, t.reverses_txn_id, (SELECT m.id FROM "
			     "savings_txn m WHERE m.reverses_txn_id = t.id), t.reason FROM "
			     "savings_txn t WHERE t.account_id = ? ORDER BY t.id",
			     "i", id);
	json_t *arr = json_array();
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(arr, org_row_json(st, txn_cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	json_object_set_new(o, "txns", arr);
	return rc == TD_DONE ? TD_OK : rc;
}

int savings_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	struct savings_row a;
	int rc = savings_row_load(ctx->store, id, &a, err);
	if (rc == TD_OK)
		rc = savings_row_access(ctx, &a, ACT_READ, err);
	struct td_stmt *st = NULL;
	if (rc == TD_OK)
		rc = org_prepare(ctx->store, &st, err, ACCOUNT_SELECT " WHERE a.id = ?", "i", id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	json_t *o = rc == TD_ROW ? org_row_json(st, account_cols, 0) : NULL;
	stmt_finalize(st);
	if (rc == TD_DONE)
		rc = td_error_set(err, TD_EINTERNAL, "savings account %lld vanished", (long long)id);
	if (rc == TD_ROW)
		rc = add_txns(ctx->store, o, id, err);
	if (rc != TD_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return TD_OK;
}

int savings_list(struct td_ctx *ctx, int64_t group_id, int64_t limit, int64_t offset,
		 json_t **out, struct td_error *err)
{
	const struct td_actor *act = ctx->actor;
	struct td_scope mine = {act->office_id, act->chapter_id, act->group_id};
	int rc = access_check(ctx, ACT_READ, &mine, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q, ACCOUNT_SELECT " WHERE 1 = 1", "ORDER BY a.id");
	org_query_actor_scope(&q, act, ctx->business_date, "a.office_id", "g.chapter_id",
			      "a.group_id");
	if (group_id)
		org_query_and_int(&q, "a.group_id = ?", group_id);
	return org_query_list(ctx->store, &q, account_cols, limit, offset, out, err);
}
