/*
 * The vault limit of an office (hạn mức tồn quỹ, R-CASH-1): dated rows set by the branch,
 * never changed. The limit in force on a day is the row with the latest effective_from on
 * or before it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/cash_internal.h"
#include "bank/org_util.h"

/* ACT_CASH_LIMIT on the office's parent: administrators of the branch (or above) reach it,
 * the office's own users do not. */
static int limit_access(struct td_ctx *ctx, const struct cash_office *o, struct td_error *err)
{
	struct td_scope scope = {o->parent, 0, 0};
	int rc = access_check(ctx, ACT_CASH_LIMIT, &scope, err);
	if (rc == TD_EFORBIDDEN && access_role_allows(ctx->actor->role, ACT_CASH_LIMIT))
		td_error_set(err, TD_EFORBIDDEN,
			     "%s '%s' không đặt được hạn mức tồn quỹ của %s: hạn mức do quản trị "
			     "của đơn vị cấp trên (chi nhánh) đặt (R-CASH-1, không có quyền)",
			     role_name(ctx->actor->role), ctx->actor->username, o->code);
	return rc;
}

static int input_check(const struct td_ctx *ctx, td_money amount, td_date from,
		       struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (amount < 0 || amount > TD_MONEY_MAX_INPUT)
		problem_add(&p, TD_EINVAL, "hạn mức %lld đồng phải từ 0 đến 10^15 đồng",
			    (long long)amount);
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (from == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "thiếu ngày hiệu lực (YYYY-MM-DD)");
	else if (from < ctx->business_date)
		problem_add(&p, TD_EINVAL,
			    "ngày hiệu lực %s trước ngày làm việc %s: hạn mức không đặt lùi ngày, "
			    "cảnh báo của những ngày đã qua giữ nguyên",
			    date_format_iso(from, a, sizeof a),
			    date_format_iso(ctx->business_date, b, sizeof b));
	return problems_finish(&p);
}

static int insert(struct td_ctx *ctx, const struct cash_office *o, td_money amount, td_date from,
		  const char *note, int64_t *id, struct td_error *err)
{
	const char *n = note && note[0] ? note : NULL;
	int rc =
		org_query_int64(ctx->store, id, err,
				"INSERT INTO vault_limit (office_id, amount, effective_from, note, "
				"set_on, user_id, username) VALUES (?, ?, ?, ?, ?, ?, ?) "
				"RETURNING id",
				"iidtdit", o->id, amount, from, n, ctx->business_date,
				ctx->actor->user_id, ctx->actor->username);
	char iso[TD_DATE_FMT_MAX];
	if (rc == TD_EUNIQUE)
		return td_error_set(err, TD_ECONFLICT,
				    "%s đã có hạn mức tồn quỹ từ ngày %s; hạn mức không sửa: đặt "
				    "hạn mức mới từ một ngày sau",
				    o->code, date_format_iso(from, iso, sizeof iso));
	if (rc != TD_OK)
		return rc;
	json_t *j = json_pack("{s:I, s:s, s:I, s:s, s:o}", "office_id", (json_int_t)o->id,
			      "office_code", o->code, "amount", (json_int_t)amount,
			      "effective_from", date_format_iso(from, iso, sizeof iso), "note",
			      n ? json_string(n) : json_null());
	char *text = org_json_text(j);
	json_decref(j);
	rc = text ? audit_record(ctx, "create", "vault_limit", *id, NULL, text, err)
		  : td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
	free(text);
	return rc;
}

int cash_limit_set(struct td_ctx *ctx, int64_t office_id, td_money amount, td_date effective_from,
		   const char *note, int64_t *id, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct cash_office o = {0};
	int64_t row = 0;
	rc = cash_office_load(ctx->store, office_id, ctx->business_date, &o, err);
	if (rc == TD_OK)
		rc = limit_access(ctx, &o, err);
	if (rc == TD_OK)
		rc = input_check(ctx, amount, effective_from, err);
	if (rc == TD_OK)
		rc = insert(ctx, &o, amount, effective_from, note, &row, err);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	rc = bank_tx_commit(ctx, err);
	if (rc == TD_OK && id)
		*id = row;
	return rc;
}

int cash_limits(struct td_ctx *ctx, int64_t office_id, json_t **out, struct td_error *err)
{
	static const struct org_col cols[] = {
		{"id", 'i'},   {"amount", 'i'}, {"effective_from", 't'},
		{"note", 't'}, {"set_on", 't'}, {"username", 't'},
		{NULL, 0},
	};
	struct cash_office o = {0};
	struct td_scope scope = {office_id, 0, 0};
	int rc = cash_office_load(ctx->store, office_id, ctx->business_date, &o, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	struct td_stmt *st = NULL;
	if (rc == TD_OK)
		rc = org_prepare(ctx->store, &st, err,
				 "SELECT id, amount, effective_from, note, set_on, username FROM "
				 "vault_limit WHERE office_id = ? ORDER BY effective_from DESC",
				 "i", office_id);
	json_t *items = json_array();
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(items, org_row_json(st, cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:I, s:s, s:o}", "office_id", (json_int_t)office_id, "office_code",
			 o.code, "items", items);
	return TD_OK;
}
