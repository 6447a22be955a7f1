/*
 * One decision on a loan as one transaction (R-EXT-1, R-EXT-2, R-RISK-1): the checks every
 * kind shares (decision, maker–checker, scope), the loan's terms before and after, the
 * loan_event row and the audit record; and the read of a loan's events.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/loan_event_internal.h"
#include "bank/org_util.h"
#include "bank/param.h"

static bool blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* What can be judged without the database. Extension kinds leave a blank reason or a
 * missing approver to credit/extension.h, whose verdict names them with the other rules. */
static int decision_check(const struct td_ctx *ctx, const struct loan_decision *d, bool risk,
			  struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	struct org_problems p;
	problems_init(&p, err);
	if (blank(d->decision_no))
		problem_add(&p, TD_EINVAL, "the decision number (số quyết định) is required");
	else if (strlen(d->decision_no) > 64)
		problem_add(&p, TD_EINVAL, "decision number is longer than 64 bytes");
	if (d->decided_on == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "the decision date is required");
	else if (d->decided_on > ctx->business_date)
		problem_add(&p, TD_EINVAL, "decision date %s is after the business date %s",
			    date_format_iso(d->decided_on, a, sizeof a),
			    date_format_iso(ctx->business_date, b, sizeof b));
	if (d->reason && strlen(d->reason) > LOAN_DECISION_TEXT_MAX)
		problem_add(&p, TD_EINVAL, "reason is longer than %d bytes",
			    LOAN_DECISION_TEXT_MAX);
	if (risk && blank(d->reason))
		problem_add(&p, TD_EINVAL, "the reason (lý do) is required");
	if (risk && d->approver_id <= 0)
		problem_add(&p, TD_EINVAL, "the approving director (người phê duyệt) is required");
	enum risk_level level;
	struct td_error e = {0};
	if (risk && risk_level_parse(d->level, &level, &e) != TD_OK)
		problem_add(&p, TD_EINVAL, "%s", e.msg);
	if (risk && d->body && strlen(d->body) > LOAN_DECISION_BODY_MAX)
		problem_add(&p, TD_EINVAL, "tên cơ quan quyết định dài quá %d byte",
			    LOAN_DECISION_BODY_MAX);
	if (d->approver_id > 0 && d->approver_id == ctx->actor->user_id)
		problem_add(&p, TD_ERULE,
			    "the approver cannot be the user who prepared the decision "
			    "(maker–checker)");
	return problems_finish(&p);
}

/* The approver is a director, not disabled, whose subtree holds the loan's office. */
static int approver_check(struct loan_ev *e, struct td_error *err)
{
	const struct loan_decision *d = e->d;
	if (d->approver_id <= 0)
		return TD_OK;
	struct td_stmt *st = NULL;
	int rc =
		org_prepare(e->ctx->store, &st, err,
			    "SELECT username, role, office_id, disabled FROM app_user WHERE id = ?",
			    "i", d->approver_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	char role[32] = "";
	int64_t office = 0, disabled = 0;
	if (rc == TD_ROW) {
		snprintf(e->approver, sizeof e->approver, "%s", stmt_column_text(st, 0));
		snprintf(role, sizeof role, "%s", stmt_column_text(st, 1));
		office = stmt_column_int64(st, 2);
		disabled = stmt_column_int64(st, 3);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "approver: user %lld does not exist",
				  (long long)d->approver_id);
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;
	enum td_role r;
	struct td_error ignored = {0};
	if (role_parse(role, &r, &ignored) != TD_OK || !access_role_allows(r, ACT_LOAN_RESTRUCTURE))
		return td_error_set(err, TD_ERULE,
				    "approver %s is a %s: only a director decides on a loan's "
				    "terms (maker–checker)",
				    e->approver, role);
	if (disabled)
		return td_error_set(err, TD_ERULE, "approver %s is locked", e->approver);
	bool inside = false;
	rc = access_office_in_subtree(e->ctx->store, office, e->r.office_id, d->decided_on, &inside,
				      err);
	if (rc == TD_OK && !inside)
		rc = td_error_set(err, TD_ERULE,
				  "approver %s works outside the loan's office: not its director",
				  e->approver);
	return rc;
}

/* R-RISK-1: the level that decides follows the loan's capital source (credit/risk.h); the
 * decision must come from it. Fills e->level and e->body (the body given, else the
 * source's investor, else the board for central capital). */
static int level_check(struct loan_ev *e, const char *kind, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(e->ctx->store, &st, err,
			     "SELECT code, kind, investor, investor_level FROM capital_source "
			     "WHERE id = ?",
			     "i", e->r.source_id);
	char code[64] = "", investor[160] = "", inv_level[16] = "";
	bool central = false;
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		snprintf(code, sizeof code, "%s", stmt_column_text(st, 0));
		central = strcmp(stmt_column_text(st, 1), "central") == 0;
		const char *inv = stmt_column_text(st, 2), *lv = stmt_column_text(st, 3);
		snprintf(investor, sizeof investor, "%s", inv ? inv : "");
		snprintf(inv_level, sizeof inv_level, "%s", lv ? lv : "");
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "loan %lld: capital source %lld is missing",
				  (long long)e->r.id, (long long)e->r.source_id);
	}
	stmt_finalize(st);
	enum risk_level want = RISK_LEVEL_CENTRAL, given = RISK_LEVEL_CENTRAL;
	if (rc == TD_OK)
		rc = risk_level_for(central, inv_level, &want, err);
	if (rc == TD_OK)
		rc = risk_level_parse(e->d->level, &given, err);
	if (rc != TD_OK)
		return rc;
	const char *what = strcmp(kind, "write_off") == 0 ? "xóa nợ"
			   : strcmp(kind, "freeze") == 0  ? "khoanh nợ"
							  : "chấm dứt khoanh nợ";
	if (given != want)
		return td_error_set(err, TD_ERULE,
				    "khoản vay %lld dùng nguồn vốn %s %s%s%s: quyết định %s thuộc "
				    "thẩm quyền %s "
				    "(cấp %s), không phải cấp %s (R-RISK-1)",
				    (long long)e->r.id, central ? "trung ương" : "địa phương", code,
				    central ? "" : " của ", central ? "" : investor, what,
				    risk_level_body(want), risk_level_name(want),
				    risk_level_name(given));
	e->level = want;
	const char *body = e->d->body && e->d->body[strspn(e->d->body, " \t")] ? e->d->body
			   : central ? "Hội đồng quản trị NHCSXH"
				     : investor;
	snprintf(e->body, sizeof e->body, "%s", body);
	return TD_OK;
}

/* The loan's terms as JSON, for the event's before/after and the audit trail. */
static int terms_json(struct td_store *s, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT status, rate, maturity, balance, interest_from, "
			     "in_term_interest, overdue_interest, frozen_interest, "
			     "written_off_principal, written_off_interest FROM loan WHERE id = ?",
			     "i", id);
	json_t *o = NULL;
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		o = json_pack("{s:s, s:I, s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:I}", "status",
			      stmt_column_text(st, 0), "rate", (json_int_t)stmt_column_int64(st, 1),
			      "maturity", stmt_column_text(st, 2), "balance",
			      (json_int_t)stmt_column_int64(st, 3), "interest_from",
			      stmt_column_text(st, 4), "in_term_interest",
			      (json_int_t)stmt_column_int64(st, 5), "overdue_interest",
			      (json_int_t)stmt_column_int64(st, 6), "frozen_interest",
			      (json_int_t)stmt_column_int64(st, 7), "written_off_principal",
			      (json_int_t)stmt_column_int64(st, 8), "written_off_interest",
			      (json_int_t)stmt_column_int64(st, 9));
		rc = o ? TD_OK : td_error_set(err, TD_ENOMEM, "no memory for the loan's terms");
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "loan %lld does not exist", (long long)id);
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;
	static const struct org_col cols[] = {
		{"position", 'i'}, {"due_on", 't'}, {"principal", 'i'}, {"paid_principal", 'i'},
		{"status", 't'},   {"frozen", 'i'}, {NULL, 0}};
	json_t *arr = json_array();
	json_object_set_new(o, "instalments", arr);
	rc = org_prepare(s, &st, err,
			 "SELECT position, due_on, principal, paid_principal, status, frozen FROM "
			 "loan_instalment WHERE loan_id = ? ORDER BY position",
			 "i", id);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(arr, org_row_json(st, cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return TD_OK;
}

static int event_insert(struct loan_ev *e, const char *kind, bool risk, const char *before,
			const char *after, int64_t *id, struct td_error *err)
{
	const struct loan_decision *d = e->d;
	/* level's CHECK predates commune decisions: 'office' there, deciding_level exact
	 * (migration 0020) */
	const char *level = !risk			     ? "office"
			    : e->level == RISK_LEVEL_COMMUNE ? "office"
							     : risk_level_name(e->level);
	return org_query_int64(
		e->ctx->store, id, err,
		"INSERT INTO loan_event (loan_id, kind, decided_on, decision_no, level, "
		"reason, instalment, months, until, user_id, approver_id, business_date, "
		"before_json, after_json, entry_id, capital_charged, assessment_id, principal, "
		"interest, deciding_level, deciding_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"itdtttIiDiidttIiIiitt", e->r.id, kind, d->decided_on, d->decision_no, level,
		d->reason, (int64_t)e->instalment, (int64_t)e->months, e->until,
		e->ctx->actor->user_id, d->approver_id, e->ctx->business_date, before, after,
		e->entry, e->capital_charged, e->assessment_id, e->principal, e->interest,
		risk ? risk_level_name(e->level) : NULL, risk ? e->body : NULL);
}

/* Inside the transaction: everything after the decision's own checks. */
static int run_tx(struct loan_ev *e, int64_t loan_id, const char *kind, bool risk,
		  loan_ev_apply apply, const void *in, int64_t *event_id, struct td_error *err)
{
	int rc = loan_row_load(e->ctx->store, loan_id, &e->r, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = loan_row_scope(&e->r);
	json_t *before = NULL, *after = NULL;
	rc = access_check(e->ctx, ACT_LOAN_RESTRUCTURE, &scope, err);
	if (rc == TD_OK)
		rc = approver_check(e, err);
	if (rc == TD_OK && risk)
		rc = level_check(e, kind, err);
	if (rc == TD_OK)
		rc = terms_json(e->ctx->store, loan_id, &before, err);
	if (rc == TD_OK)
		rc = date_parse_iso(json_string_value(json_object_get(before, "maturity")),
				    &e->maturity, err);
	if (rc == TD_OK)
		rc = apply(e, in, err);
	if (rc == TD_OK)
		rc = terms_json(e->ctx->store, loan_id, &after, err);
	if (rc == TD_OK && e->extra)
		json_object_update(after, e->extra);
	char *tb = org_json_text(before), *ta = org_json_text(after);
	if (rc == TD_OK)
		rc = event_insert(e, kind, risk, tb, ta, event_id, err);
	if (rc == TD_OK) {
		json_object_set_new(after, "event_id", json_integer(*event_id));
		json_object_set_new(after, "decision_no", json_string(e->d->decision_no));
		free(ta);
		ta = org_json_text(after);
		rc = audit_record(e->ctx, kind, "loan", loan_id, tb, ta, err);
	}
	free(tb);
	free(ta);
	json_decref(before);
	json_decref(after);
	return rc;
}

int loan_event_run(struct td_ctx *ctx, int64_t loan_id, const char *kind, bool risk,
		   const struct loan_decision *d, loan_ev_apply apply, const void *in,
		   int64_t *event_id, struct td_error *err)
{
	if (loan_id <= 0)
		return td_error_set(err, TD_EINVAL, "loan is required");
	int rc = decision_check(ctx, d, risk, err);
	if (rc != TD_OK)
		return rc;
	rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct loan_ev e = {.ctx = ctx, .d = d, .until = ORG_NO_DATE};
	int64_t id = 0;
	rc = run_tx(&e, loan_id, kind, risk, apply, in, &id, err);
	loan_row_free(&e.r);
	json_decref(e.extra);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	rc = bank_tx_commit(ctx, err);
	if (rc == TD_OK && event_id)
		*event_id = id;
	return rc;
}

int loan_ev_verdict(const struct loan_ev *e, const struct ext_verdict *v, struct td_error *err)
{
	if (v->n == 0)
		return TD_OK;
	char msg[TD_ERROR_MSG_MAX];
	size_t used = (size_t)snprintf(msg, sizeof msg, "loan %lld:", (long long)e->r.id);
	for (int k = 0; k < v->n && used < sizeof msg; k++)
		used += (size_t)snprintf(msg + used, sizeof msg - used, "%s [%s] %s", k ? ";" : "",
					 ext_rule_code(v->fail[k].rule), v->fail[k].msg);
	return td_error_set(err, TD_ERULE, "%s", msg);
}

int loan_ev_ext_loan(struct loan_ev *e, struct ext_loan *out, struct td_error *err)
{
	int64_t term = 0, ext = 0;
	int rc = org_query_int64(e->ctx->store, &term, err,
				 "SELECT term_months FROM loan WHERE id = ?", "i", e->r.id);
	if (rc == TD_OK)
		rc = org_query_int64(e->ctx->store, &ext, err,
				     "SELECT coalesce(sum(months), 0) FROM loan_event WHERE "
				     "loan_id = ? AND kind = 'extend'",
				     "i", e->r.id);
	*out = (struct ext_loan){.term_months = (int)term,
				 .maturity = e->maturity,
				 .outstanding = e->r.balance,
				 .extended_months = (int)ext};
	return rc;
}

td_money loan_ev_frozen(const struct loan_row *r)
{
	td_money frozen = 0;
	for (size_t k = 0; k < r->st.count; k++)
		frozen += r->st.inst[k].frozen;
	return frozen;
}

int loan_ev_assessment(struct loan_ev *e, int64_t id, enum risk_decision d, struct td_error *err)
{
	if (id <= 0)
		return td_error_set(err, TD_EINVAL,
				    "thiếu biên bản xác định thiệt hại (assessment) của khoản vay "
				    "%lld: ghi bằng tindung loan assess (R-RISK-1, R-EXT-1)",
				    (long long)e->r.id);
	struct td_stmt *st = NULL;
	int rc = org_prepare(e->ctx->store, &st, err,
			     "SELECT cause, loss_bp, assessed_on, commune_doc_on FROM "
			     "loan_loss_assessment WHERE id = ? AND loan_id = ?",
			     "ii", id, e->r.id);
	char cause_name[32] = "";
	int loss = 0;
	td_date on = 0, doc_on = 0;
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		snprintf(cause_name, sizeof cause_name, "%s", stmt_column_text(st, 0));
		loss = (int)stmt_column_int64(st, 1);
		on = org_col_date(st, 2);
		doc_on = org_col_date(st, 3);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND,
				  "biên bản xác định thiệt hại %lld không phải của khoản vay %lld",
				  (long long)id, (long long)e->r.id);
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	td_date last = on > doc_on ? on : doc_on;
	if (last > e->d->decided_on)
		return td_error_set(
			err, TD_ERULE,
			"biên bản xác định thiệt hại %lld (và xác nhận của UBND xã) ngày "
			"%s, sau ngày quyết định %s",
			(long long)id, date_format_vn(last, a, sizeof a),
			date_format_vn(e->d->decided_on, b, sizeof b));
	enum risk_cause cause = RISK_NATURAL_DISASTER;
	struct risk_thresholds t = {0};
	rc = risk_cause_parse(cause_name, &cause, err);
	if (rc == TD_OK) /* dated parameters of the decision's day (docs/parameters.md) */
		rc = param_risk(e->ctx, e->d->decided_on, &t, err);
	if (rc == TD_OK)
		rc = risk_assessment_allows(d, cause, loss, &t, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "khoản vay %lld, biên bản %lld: ", (long long)e->r.id,
				       (long long)id);
	e->assessment_id = id;
	return TD_OK;
}

int loan_ev_settle(struct loan_ev *e, td_date on, struct td_error *err)
{
	td_money in = 0, od = 0;
	int rc = loan_accrue(&e->r, on, &in, &od, err);
	if (rc != TD_OK)
		return rc;
	e->r.st.in_term_interest += in;
	e->r.st.overdue_interest += od;
	e->r.interest_from = on;
	return org_exec(e->ctx->store, err,
			"UPDATE loan SET in_term_interest = ?, overdue_interest = ?, "
			"interest_from = ? WHERE id = ?",
			"iidi", e->r.st.in_term_interest, e->r.st.overdue_interest, on, e->r.id);
}

/* Kept (paid) parts and plan, merged by due date into rows. */
struct sched_row {
	td_date due;
	td_money principal, paid;
	const char *status;
};

static int row_cmp(const void *a, const void *b)
{
	const struct sched_row *x = a, *y = b;
	return (x->due > y->due) - (x->due < y->due);
}

static int rows_write(struct loan_ev *e, struct sched_row *rows, size_t n, struct td_error *err)
{
	qsort(rows, n, sizeof *rows, row_cmp);
	char a[TD_DATE_FMT_MAX];
	for (size_t k = 1; k < n; k++)
		if (rows[k].due == rows[k - 1].due)
			return td_error_set(err, TD_ERULE,
					    "loan %lld: two instalments would fall due on %s; "
					    "choose another date",
					    (long long)e->r.id,
					    date_format_vn(rows[k].due, a, sizeof a));
	int rc = org_exec(e->ctx->store, err, "DELETE FROM loan_instalment WHERE loan_id = ?", "i",
			  e->r.id);
	for (size_t k = 0; rc == TD_OK && k < n; k++)
		rc = org_exec(e->ctx->store, err,
			      "INSERT INTO loan_instalment (loan_id, position, due_on, principal, "
			      "paid_principal, status) VALUES (?, ?, ?, ?, ?, ?)",
			      "iidiit", e->r.id, (int64_t)(k + 1), rows[k].due, rows[k].principal,
			      rows[k].paid, rows[k].status);
	return rc;
}

int loan_ev_schedule_replace(struct loan_ev *e, const struct ext_instalment *plan, size_t n,
			     struct td_error *err)
{
	td_money frozen = loan_ev_frozen(&e->r);
	char fm[TD_MONEY_FMT_MAX];
	if (frozen > 0 || e->r.st.frozen_interest > 0) /* frozen parts live on instalments */
		return td_error_set(
			err, TD_ECONFLICT,
			"khoản vay %lld đang khoanh %s đồng gốc: chấm dứt khoanh nợ trước "
			"khi lưu vụ hay điều chỉnh kỳ hạn (R-RISK-1)",
			(long long)e->r.id, money_format(frozen, fm, sizeof fm));
	struct sched_row *rows = calloc(e->r.st.count + n, sizeof *rows);
	if (!rows)
		return td_error_set(err, TD_ENOMEM, "no memory for the new schedule");
	size_t m = 0;
	for (size_t k = 0; k < e->r.st.count; k++) {
		const struct loan_instalment *i = &e->r.st.inst[k];
		if (i->paid > 0) /* the paid part stays as a settled instalment */
			rows[m++] = (struct sched_row){i->due, i->paid, i->paid, "paid"};
	}
	for (size_t k = 0; k < n; k++)
		rows[m++] = (struct sched_row){plan[k].due, plan[k].principal, 0, "pending"};
	int rc = rows_write(e, rows, m, err);
	free(rows);
	return rc;
}

static const struct org_col event_cols[] = {{"id", 'i'},
					    {"kind", 't'},
					    {"decided_on", 't'},
					    {"decision_no", 't'},
					    {"level", 't'},
					    {"body", 't'},
					    {"reason", 't'},
					    {"instalment", 'i'},
					    {"months", 'i'},
					    {"until", 't'},
					    {"assessment_id", 'i'},
					    {"principal", 'i'},
					    {"interest", 'i'},
					    {"user_id", 'i'},
					    {"approver_id", 'i'},
					    {"approver", 't'},
					    {"business_date", 't'},
					    {"entry_id", 'i'},
					    {NULL, 0}};

static json_t *event_json(struct td_stmt *st)
{
	json_t *o = org_row_json(st, event_cols, 0);
	json_object_set_new(o, "before", json_loads(stmt_column_text(st, 18), 0, NULL));
	json_object_set_new(o, "after", json_loads(stmt_column_text(st, 19), 0, NULL));
	return o;
}

int loan_events(struct td_ctx *ctx, int64_t loan_id, json_t **out, struct td_error *err)
{
	int rc = loan_read_check(ctx, loan_id, err);
	if (rc != TD_OK)
		return rc;
	struct td_stmt *st = NULL;
	rc = org_prepare(
		ctx->store, &st, err,
		"SELECT e.id, e.kind, e.decided_on, e.decision_no, coalesce(e.deciding_level, "
		"e.level), e.deciding_body, e.reason, e.instalment, e.months, e.until, "
		"e.assessment_id, e.principal, e.interest, e.user_id, e.approver_id, u.username, "
		"e.business_date, e.entry_id, e.before_json, e.after_json FROM loan_event e "
		"JOIN app_user u ON u.id = e.approver_id WHERE e.loan_id = ? ORDER BY e.id",
		"i", loan_id);
	return loan_items_json(st, rc, event_json, out, err);
}
