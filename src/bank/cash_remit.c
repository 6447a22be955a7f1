/*
 * Remittances (nộp tiền, điều chuyển vốn, R-CASH-1): vault cash to the office's bank
 * account or to its branch's account through the inter-office accounts, and receipts
 * back. One transaction: the entry, the cash_transfer row, the audit record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/cash_internal.h"
#include "bank/org_util.h"

static int input_check(const struct td_ctx *ctx, const struct cash_remit_input *in,
		       struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (in->amount <= 0 || in->amount > TD_MONEY_MAX_INPUT)
		problem_add(&p, TD_EINVAL, "số tiền %lld đồng phải từ 1 đến 10^15 đồng",
			    (long long)in->amount);
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (in->on != ctx->business_date)
		problem_add(&p, TD_EINVAL,
			    "ngày %s khác ngày làm việc %s: tiền nộp, nhận hạch toán vào ngày "
			    "làm việc",
			    in->on == ORG_NO_DATE ? "(trống)"
						  : date_format_iso(in->on, a, sizeof a),
			    date_format_iso(ctx->business_date, b, sizeof b));
	return problems_finish(&p);
}

/* The branch a district office remits to: its parent on the date, which must be a branch. */
static int branch_load(struct td_store *s, const struct cash_office *o, td_date on,
		       struct cash_office *br, struct td_error *err)
{
	int rc = o->parent ? cash_office_load(s, o->parent, on, br, err) : TD_OK;
	if (rc != TD_OK)
		return rc;
	if (strcmp(o->kind, "district") != 0 || !o->parent || strcmp(br->kind, "branch") != 0)
		return td_error_set(
			err, TD_ERULE,
			"đơn vị %s không phải phòng giao dịch thuộc một chi nhánh: chỉ "
			"phòng giao dịch nộp tiền về, nhận tiền từ chi nhánh; đơn vị khác "
			"dùng tài khoản tại ngân hàng (bank)",
			o->code);
	return TD_OK;
}

/* The account that pays must hold the amount: the vault for a remittance, the bank
 * account (the office's, or the branch's) for a receipt. */
static int funds_check(struct td_store *s, const struct cash_remit_input *in,
		       const struct cash_office *o, const struct cash_office *br,
		       struct td_error *err)
{
	bool remit = in->dir == CASH_REMIT;
	const struct cash_office *payer = !remit && in->counterparty == CASH_BRANCH ? br : o;
	const char *type = remit ? "CASH" : "BANK_DEPOSIT";
	td_money held = 0;
	int rc = cash_balance(s, type, payer->id, &held, err);
	if (rc != TD_OK || held >= in->amount)
		return rc;
	char h[TD_MONEY_FMT_MAX], a[TD_MONEY_FMT_MAX];
	return td_error_set(err, TD_ERULE, "%s của %s chỉ còn %s đồng, không đủ %s %s đồng",
			    remit ? "quỹ tiền mặt" : "tài khoản tiền gửi", payer->code,
			    money_format(held, h, sizeof h), remit ? "nộp" : "chuyển về",
			    money_format(in->amount, a, sizeof a));
}

/* The lines: the office's vault against its bank account, or against INTER_OFFICE with
 * the branch's bank account against its INTER_OFFICE (remit; receive is the mirror). */
static int make_lines(const struct cash_remit_input *in, int64_t office, int64_t branch,
		      struct ledger_line *l)
{
	bool r = in->dir == CASH_REMIT;
	td_money x = in->amount;
	bool bank = in->counterparty == CASH_BANK;
	l[0] = (struct ledger_line){"CASH", office, NULL, 0, r ? 0 : x, r ? x : 0};
	l[1] = (struct ledger_line){
		bank ? "BANK_DEPOSIT" : "INTER_OFFICE", office, NULL, 0, r ? x : 0, r ? 0 : x};
	if (bank)
		return 2;
	l[2] = (struct ledger_line){"BANK_DEPOSIT", branch, NULL, 0, r ? x : 0, r ? 0 : x};
	l[3] = (struct ledger_line){"INTER_OFFICE", branch, NULL, 0, r ? 0 : x, r ? x : 0};
	return 4;
}

static json_t *result_json(const struct td_ctx *ctx, const struct cash_remit_input *in,
			   const struct cash_office *o, const struct cash_office *br, int64_t id,
			   int64_t entry, td_money vault)
{
	char iso[TD_DATE_FMT_MAX];
	bool branch = in->counterparty == CASH_BRANCH;
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:s, s:o, s:I, s:I}", "id",
			 (json_int_t)id, "office_id", (json_int_t)o->id, "office_code", o->code,
			 "direction", in->dir == CASH_REMIT ? "remit" : "receive", "counterparty",
			 branch ? "branch" : "bank", "branch_id",
			 branch ? json_integer(br->id) : json_null(), "branch_code",
			 branch ? json_string(br->code) : json_null(), "amount",
			 (json_int_t)in->amount, "business_date",
			 date_format_iso(ctx->business_date, iso, sizeof iso), "note",
			 in->note ? json_string(in->note) : json_null(), "entry_id",
			 (json_int_t)entry, "vault", (json_int_t)vault);
}

static int book(struct td_ctx *ctx, const struct cash_remit_input *in, const struct cash_office *o,
		const struct cash_office *br, json_t **out, struct td_error *err)
{
	bool branch = in->counterparty == CASH_BRANCH;
	struct ledger_line lines[4];
	char ref[160];
	snprintf(ref, sizeof ref, "cash %s %s %s%s%s", o->code,
		 in->dir == CASH_REMIT ? "to" : "from", branch ? "branch" : "bank",
		 branch ? " " : "", branch ? br->code : "");
	struct cash_move m = {.office_id = o->id,
			      .kind = in->dir == CASH_REMIT ? "remit" : "receive",
			      .counterparty = branch ? "branch" : "bank",
			      .branch_id = branch ? br->id : 0,
			      .amount = in->amount,
			      .note = in->note && in->note[0] ? in->note : NULL,
			      .ref = ref,
			      .lines = lines,
			      .n = make_lines(in, o->id, br->id, lines)};
	int64_t id = 0, entry = 0;
	td_money vault = 0;
	int rc = cash_move_book(ctx, &m, &id, &entry, err);
	if (rc == TD_OK)
		rc = cash_balance(ctx->store, "CASH", o->id, &vault, err);
	json_t *j = rc == TD_OK ? result_json(ctx, in, o, br, id, entry, vault) : NULL;
	char *text = j ? org_json_text(j) : NULL;
	if (rc == TD_OK && !text)
		rc = td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
	if (rc == TD_OK)
		rc = audit_record(ctx, "create", "cash_transfer", id, NULL, text, err);
	free(text);
	if (rc == TD_OK)
		*out = j;
	else
		json_decref(j);
	return rc;
}

static int remit_tx(struct td_ctx *ctx, const struct cash_remit_input *in, json_t **out,
		    struct td_error *err)
{
	struct cash_office o = {0}, br = {0};
	struct td_scope scope = {in->office_id, 0, 0};
	int rc = cash_office_load(ctx->store, in->office_id, ctx->business_date, &o, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_CASH_REMIT, &scope, err);
	if (rc == TD_OK)
		rc = input_check(ctx, in, err);
	if (rc == TD_OK && in->counterparty == CASH_BRANCH)
		rc = branch_load(ctx->store, &o, ctx->business_date, &br, err);
	if (rc == TD_OK)
		rc = funds_check(ctx->store, in, &o, &br, err);
	if (rc == TD_OK)
		rc = book(ctx, in, &o, &br, out, err);
	return rc;
}

int cash_remit(struct td_ctx *ctx, const struct cash_remit_input *in, json_t **out,
	       struct td_error *err)
{
	*out = NULL;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = remit_tx(ctx, in, out, err);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc != TD_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
