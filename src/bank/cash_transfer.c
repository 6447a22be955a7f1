/*
 * Moving cash between the places an office keeps it (R-CASH-1, bank/cash.h): the booking
 * every move shares, and the commune session's cash out at opening and back at closing.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "bank/cash_internal.h"
#include "bank/org_util.h"

const char *cash_account(const struct td_ctx *ctx)
{
	return ctx->cash_session_id ? "CASH_SESSION" : "CASH";
}

/* The index of s among the n words; -1 when it is none of them. */
static int word_index(const char *s, const char *const *words, int n)
{
	for (int i = 0; s && i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	return -1;
}

int cash_direction_parse(const char *s, enum cash_direction *out, struct td_error *err)
{
	static const char *const words[] = {"remit", "receive"}; /* enum cash_direction */
	int i = word_index(s, words, 2);
	if (i < 0)
		return td_error_set(err, TD_EINVAL,
				    "chiều '%s' không có; một trong: remit (nộp tiền đi), receive "
				    "(nhận tiền về)",
				    s ? s : "");
	*out = (enum cash_direction)i;
	return TD_OK;
}

int cash_counterparty_parse(const char *s, enum cash_counterparty *out, struct td_error *err)
{
	static const char *const words[] = {"bank", "branch"}; /* enum cash_counterparty */
	int i = word_index(s, words, 2);
	if (i < 0)
		return td_error_set(err, TD_EINVAL,
				    "nơi nhận '%s' không có; một trong: bank (tài khoản tiền gửi "
				    "của đơn vị tại ngân hàng), branch (tài khoản của chi nhánh)",
				    s ? s : "");
	*out = (enum cash_counterparty)i;
	return TD_OK;
}

int cash_office_load(struct td_store *s, int64_t id, td_date on, struct cash_office *o,
		     struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc =
		org_prepare(s, &st, err,
			    "SELECT o.code, o.kind, coalesce(v.parent_id, 0) FROM office o LEFT "
			    "JOIN office_version v ON v.office_id = o.id AND v.valid_from <= ? AND "
			    "(v.valid_to IS NULL OR v.valid_to > ?) WHERE o.id = ?",
			    "ddi", on, on, id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		o->id = id;
		snprintf(o->code, sizeof o->code, "%s", stmt_column_text(st, 0));
		snprintf(o->kind, sizeof o->kind, "%s", stmt_column_text(st, 1));
		o->parent = stmt_column_int64(st, 2);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "đơn vị %lld không có", (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

int cash_balance(struct td_store *s, const char *type, int64_t office_id, td_money *out,
		 struct td_error *err)
{
	int rc =
		org_query_int64(s, out, err,
				"SELECT b.debit - b.credit FROM gl_account a JOIN gl_balance b ON "
				"b.account_id = a.id WHERE a.type_code = ? AND a.office_id = ? AND "
				"a.programme_code = '' AND a.source_id = 0",
				"ti", type, office_id);
	if (rc == TD_ENOTFOUND) {
		*out = 0;
		rc = TD_OK;
	}
	return rc;
}

int cash_move_book(struct td_ctx *ctx, const struct cash_move *m, int64_t *id, int64_t *entry,
		   struct td_error *err)
{
	assert(m->amount > 0 && m->n >= 2);
	char kind[32];
	snprintf(kind, sizeof kind, "cash_%s", m->kind);
	int64_t e = 0, row = 0;
	int rc = ledger_post(ctx, kind, m->ref, m->lines, m->n, &e, err);
	if (rc == TD_OK)
		rc = org_query_int64(
			ctx->store, &row, err,
			"INSERT INTO cash_transfer (office_id, kind, session_id, counterparty, "
			"branch_id, amount, business_date, note, user_id, username, idem_key, "
			"entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			"itItIidtitti", m->office_id, m->kind, m->session_id, m->counterparty,
			m->branch_id, m->amount, ctx->business_date, m->note, ctx->actor->user_id,
			ctx->actor->username, ctx->idem_key, e);
	if (rc == TD_OK && id)
		*id = row;
	if (rc == TD_OK && entry)
		*entry = e;
	return rc;
}

int cash_session_out(struct td_ctx *ctx, int64_t session_id, int64_t office_id, td_money amount,
		     struct td_error *err)
{
	if (amount == 0)
		return TD_OK;
	td_money vault = 0;
	int rc = cash_balance(ctx->store, "CASH", office_id, &vault, err);
	if (rc != TD_OK)
		return rc;
	if (vault < amount) {
		char v[TD_MONEY_FMT_MAX], a[TD_MONEY_FMT_MAX];
		return td_error_set(
			err, TD_ERULE,
			"quỹ tiền mặt chỉ còn %s đồng, không đủ %s đồng tiền mặt đầu "
			"phiên (R-CASH-1): nhận tiền về quỹ trước (tindung cash receive)",
			money_format(vault, v, sizeof v), money_format(amount, a, sizeof a));
	}
	char ref[48];
	snprintf(ref, sizeof ref, "session %lld", (long long)session_id);
	struct ledger_line lines[2] = {
		{"CASH_SESSION", office_id, NULL, 0, amount, 0},
		{"CASH", office_id, NULL, 0, 0, amount},
	};
	struct cash_move m = {.office_id = office_id,
			      .kind = "to_session",
			      .session_id = session_id,
			      .amount = amount,
			      .ref = ref,
			      .lines = lines,
			      .n = 2};
	return cash_move_book(ctx, &m, NULL, NULL, err);
}

/* What the session's cash account holds: the CASH_SESSION lines of its entries. */
static int session_net(struct td_store *s, int64_t session, td_money *out, struct td_error *err)
{
	return org_query_int64(
		s, out, err,
		"SELECT CAST(coalesce(sum(p.debit - p.credit), 0) AS BIGINT) FROM gl_posting p "
		"JOIN gl_account a ON a.id = p.account_id WHERE a.type_code = 'CASH_SESSION' AND "
		"p.entry_id IN (SELECT entry_id FROM cash_transfer WHERE session_id = ? UNION "
		"SELECT entry_id FROM session_line WHERE session_id = ? UNION "
		"SELECT entry_id FROM session_payout WHERE session_id = ?)",
		"iii", session, session, session);
}

int cash_session_back(struct td_ctx *ctx, int64_t session_id, int64_t office_id, td_money *back,
		      struct td_error *err)
{
	td_money net = 0;
	int rc = session_net(ctx->store, session_id, &net, err);
	*back = net;
	if (rc != TD_OK || net == 0)
		return rc;
	/* A session opened before migration 0020 booked its lines on the vault and took no
	 * opening cash out of it: what its account holds may then be negative, and the same
	 * move the other way brings it to zero. */
	bool out = net < 0;
	td_money amount = out ? -net : net;
	char ref[48];
	snprintf(ref, sizeof ref, "session %lld", (long long)session_id);
	struct ledger_line lines[2] = {
		{"CASH", office_id, NULL, 0, out ? 0 : amount, out ? amount : 0},
		{"CASH_SESSION", office_id, NULL, 0, out ? amount : 0, out ? 0 : amount},
	};
	struct cash_move m = {.office_id = office_id,
			      .kind = out ? "to_session" : "from_session",
			      .session_id = session_id,
			      .amount = amount,
			      .ref = ref,
			      .lines = lines,
			      .n = 2};
	return cash_move_book(ctx, &m, NULL, NULL, err);
}
