/* The lists of the session (R-SES-2, form 13/TD): per group served by the point, each
 * member household's interest owed, principal due and savings on the session date, and
 * the leader's commissions to pay (R-FEE-2); the chapters' fees to pay (R-FEE-1). */
#include <stdio.h>
#include <string.h>

#include "bank/csession_internal.h"
#include "bank/loan_internal.h"
#include "bank/org_util.h"

static int member_loans(struct td_store *s, int64_t hh, td_date on, json_t *m, struct td_error *err)
{
	struct td_stmt *st = NULL;
	json_t *loans = json_array();
	json_object_set_new(m, "loans", loans);
	/* principal due: what is not frozen (R-RISK-1); frozen debt is shown apart */
	int rc = org_prepare(
		s, &st, err,
		"SELECT l.id, l.programme_code, l.balance, (SELECT coalesce(sum("
		"i.principal - i.paid_principal - i.frozen), 0) FROM loan_instalment i "
		"WHERE i.loan_id = l.id AND i.due_on <= ?), (SELECT coalesce(sum("
		"i.frozen), 0) FROM loan_instalment i WHERE i.loan_id = l.id) + "
		"l.frozen_interest, l.inactive FROM loan l WHERE l.household_id = ? AND "
		"l.status IN ('in_term', 'overdue', 'frozen') AND l.disbursed_on <= ? ORDER BY "
		"l.id",
		"did", on, hh, on);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(loans,
				      json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:b}", "loan_id",
						(json_int_t)stmt_column_int64(st, 0), "programme",
						stmt_column_text(st, 1), "balance",
						(json_int_t)stmt_column_int64(st, 2),
						"interest_due", (json_int_t)0, "principal_due",
						(json_int_t)stmt_column_int64(st, 3), "frozen",
						(json_int_t)stmt_column_int64(st, 4), "inactive",
						stmt_column_int64(st, 5) != 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	rc = rc == TD_DONE ? TD_OK : rc;
	size_t i;
	json_t *l;
	json_array_foreach(loans, i, l)
	{
		td_money due = 0;
		if (rc == TD_OK)
			rc = loan_interest_owed(s, json_integer_value(json_object_get(l, "loan_id")),
						on, &due, err);
		json_object_set_new(l, "interest_due", json_integer(due));
		org_json_add(m, "interest_due", due, &rc, err);
		org_json_add(m, "principal_due", json_integer_value(json_object_get(l, "principal_due")),
		       &rc, err);
	}
	return rc;
}

static int member_savings(struct td_store *s, int64_t hh, json_t *m, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT id, balance FROM savings_account WHERE household_id = ? AND "
			     "closed_on IS NULL ORDER BY id",
			     "i", hh);
	json_object_set_new(m, "savings_account_id", json_null());
	json_object_set_new(m, "savings_balance", json_integer(0));
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_object_set_new(m, "savings_account_id",
				    json_integer(stmt_column_int64(st, 0)));
		json_object_set_new(m, "savings_balance", json_integer(stmt_column_int64(st, 1)));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static const struct org_col member_cols[] = {
	{"household_id", 'i'}, {"head_name", 't'}, {"role", 't'}, {NULL, 0}};

static int group_members(struct td_store *s, json_t *g, td_date on, struct td_error *err)
{
	struct td_stmt *st = NULL;
	json_t *members = json_array();
	json_object_set_new(g, "members", members);
	int rc = org_prepare(s, &st, err,
			     "SELECT gm.household_id, h.head_name, gm.role FROM group_member gm "
			     "JOIN household h ON h.id = gm.household_id WHERE gm.group_id = ? AND "
			     "gm.joined_on <= ? AND (gm.left_on IS NULL OR gm.left_on > ?) "
			     "ORDER BY gm.household_id",
			     "idd", json_integer_value(json_object_get(g, "group_id")), on, on);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(members, org_row_json(st, member_cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	rc = rc == TD_DONE ? TD_OK : rc;
	size_t i;
	json_t *m;
	json_array_foreach(members, i, m)
	{
		int64_t hh = json_integer_value(json_object_get(m, "household_id"));
		json_object_set_new(m, "interest_due", json_integer(0));
		json_object_set_new(m, "principal_due", json_integer(0));
		if (rc == TD_OK)
			rc = member_loans(s, hh, on, m, err);
		if (rc == TD_OK)
			rc = member_savings(s, hh, m, err);
		org_json_add(g, "interest_due", json_integer_value(json_object_get(m, "interest_due")),
		       &rc, err);
		org_json_add(g, "principal_due", json_integer_value(json_object_get(m, "principal_due")),
		       &rc, err);
		org_json_add(g, "savings_balance",
		       json_integer_value(json_object_get(m, "savings_balance")), &rc, err);
	}
	return rc;
}

static const struct org_col group_cols[] = {
	{"group_id", 'i'},     {"code", 't'},	      {"name", 't'}, {"village", 't'},
	{"commune_code", 't'}, {"commune_name", 't'}, {NULL, 0}};

static int groups_json(struct td_store *s, const struct csession_row *r, json_t *out,
		       struct td_error *err)
{
	struct td_stmt *st = NULL;
	json_t *groups = json_array();
	json_object_set_new(out, "groups", groups);
	/* Each group with its village and the village's commune on the session date: after
	 * the 2025 merger the lists name the new commune (commune_at.h). */
	int rc = org_prepare(
		s, &st, err,
		"SELECT g.id, g.code, g.name, vi.name, vc.commune_code, u.name FROM savings_group "
		"g JOIN village vi ON vi.id = g.village_id LEFT JOIN village_commune vc ON "
		"vc.village_id = g.village_id AND vc.valid_from <= ? AND (vc.valid_to IS NULL OR "
		"vc.valid_to > ?) LEFT JOIN admin_unit u ON u.level = 'commune' AND u.code = "
		"vc.commune_code AND u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to > ?) "
		"WHERE g.id IN (" CSESSION_GROUPS_OF_POINT ") ORDER BY g.code, g.id",
		"ddddiddd", r->on, r->on, r->on, r->on, r->point_id, r->on, r->on, r->on);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_t *g = org_row_json(st, group_cols, 0);
		json_object_set_new(g, "interest_due", json_integer(0));
		json_object_set_new(g, "principal_due", json_integer(0));
		json_object_set_new(g, "savings_balance", json_integer(0));
		json_array_append_new(groups, g);
		rc = TD_OK;
	}
	stmt_finalize(st);
	rc = rc == TD_DONE ? TD_OK : rc;
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g)
	{
		json_t *due = NULL;
		td_money commission = 0;
		if (rc == TD_OK)
			rc = group_members(s, g, r->on, err);
		if (rc == TD_OK)
			rc = csession_commissions_due(
				s, r, json_integer_value(json_object_get(g, "group_id")), &due,
				&commission, err);
		json_object_set_new(g, "commissions", due ? due : json_array());
		json_object_set_new(g, "commission_payable", json_integer(commission));
		org_json_add(out, "commission_payable", commission, &rc, err);
		org_json_add(out, "interest_due", json_integer_value(json_object_get(g, "interest_due")),
		       &rc, err);
		org_json_add(out, "principal_due",
		       json_integer_value(json_object_get(g, "principal_due")), &rc, err);
		org_json_add(out, "savings_balance",
		       json_integer_value(json_object_get(g, "savings_balance")), &rc, err);
	}
	return rc;
}

int csession_groups(struct td_ctx *ctx, int64_t session_id, json_t **out, struct td_error *err)
{
	struct csession_row r;
	int rc = csession_row_load(ctx->store, session_id, &r, err);
	if (rc == TD_OK)
		rc = csession_row_access(ctx, &r, ACT_READ, err);
	if (rc != TD_OK)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "session_id",
			      (json_int_t)session_id, "point_code", r.point_code, "date",
			      date_format_iso(r.on, iso, sizeof iso), "interest_due", (json_int_t)0,
			      "principal_due", (json_int_t)0, "savings_balance", (json_int_t)0,
			      "commission_payable", (json_int_t)0);
	json_t *fees = NULL;
	td_money fee = 0;
	rc = groups_json(ctx->store, &r, j, err);
	if (rc == TD_OK)
		rc = csession_fees_due(ctx->store, &r, &fees, &fee, err);
	json_object_set_new(j, "fees", fees ? fees : json_array());
	json_object_set_new(j, "fee_payable", json_integer(fee));
	if (rc != TD_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return TD_OK;
}
