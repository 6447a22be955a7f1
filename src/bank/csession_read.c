/* Reading a commune session (R-SES-1): the row the writes need, its cash, the JSON view,
 * and the names of line kinds. */
#include <stdio.h>
#include <string.h>

#include "bank/csession_internal.h"
#include "bank/org_util.h"

static const char *const kind_names[] = {
	[CSL_INTEREST] = "interest",
	[CSL_PRINCIPAL] = "principal",
	[CSL_DEPOSIT] = "deposit",
	[CSL_WITHDRAWAL] = "withdrawal",
	[CSL_DISBURSEMENT] = "disbursement",
	[CSL_COMMISSION] = "commission",
	[CSL_FEE] = "fee",
};
static const char *const via_names[] = {
	[CSV_HOUSEHOLD] = "household", [CSV_GROUP_LEADER] = "group_leader"};

const char *csession_kind_name(enum csession_kind k)
{
	return k >= CSL_INTEREST && k <= CSL_FEE ? kind_names[k] : "unknown";
}

int csession_kind_parse(const char *s, enum csession_kind *out, struct td_error *err)
{
	for (int k = CSL_INTEREST; s && k <= CSL_FEE; k++)
		if (strcmp(s, kind_names[k]) == 0) {
			*out = (enum csession_kind)k;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "line kind '%s': one of interest, principal, deposit, withdrawal, "
			    "disbursement, commission, fee",
			    s ? s : "");
}

const char *csession_via_name(enum csession_via v)
{
	return v == CSV_HOUSEHOLD || v == CSV_GROUP_LEADER ? via_names[v] : "unknown";
}

int csession_via_parse(const char *s, enum csession_via *out, struct td_error *err)
{
	for (int v = CSV_HOUSEHOLD; s && v <= CSV_GROUP_LEADER; v++)
		if (strcmp(s, via_names[v]) == 0) {
			*out = (enum csession_via)v;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL, "via '%s': household or group_leader", s ? s : "");
}

int csession_row_load(struct td_store *s, int64_t id, struct csession_row *out,
		      struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT cs.id, cs.point_id, cs.office_id, p.code, cs.session_date, "
			     "cs.status, cs.opening_cash FROM commune_session cs JOIN "
			     "commune_point p ON p.id = cs.point_id WHERE cs.id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*out = (struct csession_row){
			.id = stmt_column_int64(st, 0),
			.point_id = stmt_column_int64(st, 1),
			.office_id = stmt_column_int64(st, 2),
			.on = org_col_date(st, 4),
			.closed = strcmp(stmt_column_text(st, 5), "closed") == 0,
			.opening_cash = stmt_column_int64(st, 6),
		};
		snprintf(out->point_code, sizeof out->point_code, "%s", stmt_column_text(st, 3));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "commune session (phiên) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

int csession_row_access(struct td_ctx *ctx, const struct csession_row *r, enum td_action act,
			struct td_error *err)
{
	struct td_scope scope = {r->office_id, 0, 0};
	return access_check(ctx, act, &scope, err);
}

/* Fee and commission lines (session_payout) are cash out, like withdrawals. */
int csession_cash(struct td_store *s, int64_t id, td_money *in, td_money *out, struct td_error *err)
{
	int rc = org_query_int64(s, in, err,
				 "SELECT coalesce(sum(amount), 0) FROM session_line WHERE "
				 "session_id = ? AND direction = 'in'",
				 "i", id);
	if (rc == TD_OK)
		rc = org_query_int64(
			s, out, err,
			"SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM (SELECT "
			"amount FROM session_line WHERE session_id = ? AND direction = "
			"'out' UNION ALL SELECT amount FROM session_payout WHERE "
			"session_id = ?) x",
			"ii", id, id);
	return rc;
}

int csession_expected(const struct csession_row *r, td_money in, td_money out, td_money *expected,
		      struct td_error *err)
{
	td_money t = 0;
	if (money_add(r->opening_cash, in, &t) != TD_OK || money_sub(t, out, expected) != TD_OK)
		return td_error_set(err, TD_EOVERFLOW, "session %lld: cash overflows",
				    (long long)r->id);
	return TD_OK;
}

static const struct org_col line_cols[] = {
	{"id", 'i'},	       {"batch_id", 'i'},  {"kind", 't'},
	{"via", 't'},	       {"direction", 't'}, {"group_id", 'i'},
	{"household_id", 'i'}, {"loan_id", 'i'},   {"account_id", 'i'},
	{"chapter_id", 'i'},   {"amount", 'i'},	   {"ref_id", 'i'},
	{"entry_id", 'i'},     {NULL, 0}};

static int lines_json(struct td_store *s, int64_t id, json_t *into, struct td_error *err)
{
	struct td_stmt *st = NULL;
	json_t *lines = json_array();
	int rc = org_prepare(s, &st, err,
			     "SELECT id, batch_id, kind, via, direction, group_id, household_id, "
			     "loan_id, account_id, CAST(NULL AS BIGINT), amount, ref_id, entry_id, "
			     "position FROM session_line WHERE session_id = ? UNION ALL SELECT id, "
			     "batch_id, kind, via, 'out', group_id, household_id, CAST(NULL AS "
			     "BIGINT), CAST(NULL AS BIGINT), chapter_id, amount, coalesce("
			     "commission_id, fee_id), entry_id, position FROM session_payout WHERE "
			     "session_id = ? ORDER BY 2, 14",
			     "ii", id, id);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(lines, org_row_json(st, line_cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	json_object_set_new(into, "lines", lines);
	return rc == TD_DONE ? TD_OK : rc;
}

static const struct org_col head_cols[] = {
	{"id", 'i'},	       {"point_id", 'i'}, {"point_code", 't'},	   {"point_name", 't'},
	{"office_id", 'i'},    {"date", 't'},	  {"off_day_reason", 't'}, {"leader", 'i'},
	{"controller", 'i'},   {"teller", 'i'},	  {"opening_cash", 'i'},   {"status", 't'},
	{"counted_cash", 'i'}, {NULL, 0}};

static int head_json(struct td_store *s, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc =
		org_prepare(s, &st, err,
			    "SELECT cs.id, cs.point_id, p.code, p.name, cs.office_id, "
			    "cs.session_date, cs.off_day_reason, cs.leader_staff_id, "
			    "cs.controller_staff_id, cs.teller_staff_id, cs.opening_cash, "
			    "cs.status, cs.counted_cash FROM commune_session cs JOIN commune_point "
			    "p ON p.id = cs.point_id WHERE cs.id = ?",
			    "i", id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_t *j = org_row_json(st, head_cols, 0);
		json_t *team = json_pack("{s:O, s:O, s:O}", "leader", json_object_get(j, "leader"),
					 "controller", json_object_get(j, "controller"), "teller",
					 json_object_get(j, "teller"));
		json_object_del(j, "leader");
		json_object_del(j, "controller");
		json_object_del(j, "teller");
		json_object_set_new(j, "team", team);
		*out = j;
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "session %lld vanished", (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

int csession_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	struct csession_row r;
	td_money in = 0, outc = 0, expected = 0;
	json_t *j = NULL;
	int rc = csession_row_load(ctx->store, id, &r, err);
	if (rc == TD_OK)
		rc = csession_row_access(ctx, &r, ACT_READ, err);
	if (rc == TD_OK)
		rc = csession_cash(ctx->store, id, &in, &outc, err);
	if (rc == TD_OK)
		rc = csession_expected(&r, in, outc, &expected, err);
	if (rc == TD_OK)
		rc = head_json(ctx->store, id, &j, err);
	if (rc == TD_OK) {
		json_object_set_new(j, "cash_in", json_integer(in));
		json_object_set_new(j, "cash_out", json_integer(outc));
		json_object_set_new(j, "expected_cash", json_integer(expected));
		rc = lines_json(ctx->store, id, j, err);
	}
	if (rc != TD_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return TD_OK;
}
