/*
 * A loan's loss assessment, recorded and read (R-RISK-1, R-EXT-1; bank/loan_assess.h).
 */
#include "bank/loan_assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/loan_internal.h"
#include "bank/org_util.h"
#include "credit/risk.h"

static bool blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == '\0';
}

static void text_required(struct org_problems *p, const char *what, const char *v)
{
	if (blank(v))
		problem_add(p, TD_EINVAL, "thiếu %s", what);
	else if (strlen(v) > LOAN_ASSESS_TEXT_MAX)
		problem_add(p, TD_EINVAL, "%s dài quá %d byte", what, LOAN_ASSESS_TEXT_MAX);
}

/* A date after the disbursement and not after the business date. */
static void date_within(struct org_problems *p, const char *what, td_date d, td_date from,
			td_date to)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (d == ORG_NO_DATE)
		problem_add(p, TD_EINVAL, "thiếu %s", what);
	else if (d > to)
		problem_add(p, TD_EINVAL, "%s %s sau ngày làm việc %s", what,
			    date_format_vn(d, a, sizeof a), date_format_vn(to, b, sizeof b));
	else if (d < from)
		problem_add(p, TD_EINVAL, "%s %s trước ngày giải ngân %s", what,
			    date_format_vn(d, a, sizeof a), date_format_vn(from, b, sizeof b));
}

/* Every problem of the input against the loan r. */
static int input_check(const struct td_ctx *ctx, const struct loan_assessment_input *in,
		       const struct loan_row *r, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	enum risk_cause cause;
	struct td_error e = {0};
	if (blank(in->cause))
		problem_add(&p, TD_EINVAL, "thiếu nguyên nhân rủi ro (cause)");
	else if (risk_cause_parse(in->cause, &cause, &e) != TD_OK)
		problem_add(&p, TD_EINVAL, "%s", e.msg);
	if (in->loss_bp < 0 || in->loss_bp > RISK_BP_FULL)
		problem_add(&p, TD_EINVAL, "mức thiệt hại phải từ 0 %% đến 100 %% vốn vay");
	date_within(&p, "ngày xác định thiệt hại", in->assessed_on, r->disbursed,
		    ctx->business_date);
	text_required(&p, "số biên bản xác định thiệt hại", in->minutes_no);
	text_required(&p, "số văn bản xác nhận của UBND xã", in->commune_doc_no);
	date_within(&p, "ngày văn bản của UBND xã", in->commune_doc_on, r->disbursed,
		    ctx->business_date);
	text_required(&p, "người ký văn bản của UBND xã", in->commune_signatory);
	text_required(&p, "chức vụ người ký của UBND xã", in->commune_signatory_title);
	if (in->note && strlen(in->note) > LOAN_ASSESS_NOTE_MAX)
		problem_add(&p, TD_EINVAL, "ghi chú dài quá %d byte", LOAN_ASSESS_NOTE_MAX);
	return problems_finish(&p);
}

static int record(struct td_ctx *ctx, const struct loan_assessment_input *in, int64_t *id,
		  struct td_error *err)
{
	int rc = org_query_int64(
		ctx->store, id, err,
		"INSERT INTO loan_loss_assessment (loan_id, cause, loss_bp, assessed_on, "
		"minutes_no, "
		"commune_doc_no, commune_doc_on, commune_signatory, commune_signatory_title, note, "
		"user_id, username, business_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		"itidttdtttitd", in->loan_id, in->cause, (int64_t)in->loss_bp, in->assessed_on,
		in->minutes_no, in->commune_doc_no, in->commune_doc_on, in->commune_signatory,
		in->commune_signatory_title, blank(in->note) ? NULL : in->note, ctx->actor->user_id,
		ctx->actor->username, ctx->business_date);
	if (rc != TD_OK)
		return rc;
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	json_t *after = json_pack(
		"{s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "assessment_id", (json_int_t)*id,
		"cause", in->cause, "loss_bp", in->loss_bp, "assessed_on",
		date_format_iso(in->assessed_on, a, sizeof a), "minutes_no", in->minutes_no,
		"commune_doc_no", in->commune_doc_no, "commune_doc_on",
		date_format_iso(in->commune_doc_on, b, sizeof b), "commune_signatory",
		in->commune_signatory, "commune_signatory_title", in->commune_signatory_title);
	char *text = org_json_text(after);
	json_decref(after);
	rc = text ? audit_record(ctx, "assess", "loan", in->loan_id, NULL, text, err)
		  : td_error_set(err, TD_ENOMEM, "no memory for the audit record");
	free(text);
	return rc;
}

int loan_assess(struct td_ctx *ctx, const struct loan_assessment_input *in, int64_t *id,
		struct td_error *err)
{
	if (in->loan_id <= 0)
		return td_error_set(err, TD_EINVAL, "thiếu khoản vay");
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct loan_row r;
	int64_t new_id = 0;
	rc = loan_row_load(ctx->store, in->loan_id, &r, err);
	if (rc == TD_OK) {
		struct td_scope scope = loan_row_scope(&r);
		rc = access_check(ctx, ACT_LOAN_RESTRUCTURE, &scope, err);
		if (rc == TD_OK &&
		    (strcmp(r.status, "closed") == 0 || strcmp(r.status, "written_off") == 0))
			rc = td_error_set(
				err, TD_ECONFLICT,
				"khoản vay %lld đã %s: không còn nợ để xác định thiệt hại",
				(long long)r.id,
				strcmp(r.status, "closed") == 0 ? "tất toán" : "xóa nợ");
		if (rc == TD_OK)
			rc = input_check(ctx, in, &r, err);
		if (rc == TD_OK)
			rc = record(ctx, in, &new_id, err);
		loan_row_free(&r);
	}
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	rc = bank_tx_commit(ctx, err);
	if (rc == TD_OK && id)
		*id = new_id;
	return rc;
}

static const struct org_col cols[] = {{"id", 'i'},
				      {"loan_id", 'i'},
				      {"cause", 't'},
				      {"loss_bp", 'i'},
				      {"assessed_on", 't'},
				      {"minutes_no", 't'},
				      {"commune_doc_no", 't'},
				      {"commune_doc_on", 't'},
				      {"commune_signatory", 't'},
				      {"commune_signatory_title", 't'},
				      {"note", 't'},
				      {"recorded_by", 't'},
				      {"business_date", 't'},
				      {NULL, 0}};

/* An assessment with its cause's label and the loss as people read it. */
static json_t *assessment_json(struct td_stmt *st)
{
	json_t *o = org_row_json(st, cols, 0);
	enum risk_cause c = RISK_NATURAL_DISASTER;
	char pct[16];
	risk_cause_parse(stmt_column_text(st, 2), &c, NULL);
	json_object_set_new(o, "cause_label", json_string(risk_cause_label(c)));
	json_object_set_new(
		o, "loss_pct",
		json_string(risk_bp_format((int)stmt_column_int64(st, 3), pct, sizeof pct)));
	return o;
}

int loan_assessments(struct td_ctx *ctx, int64_t loan_id, json_t **out, struct td_error *err)
{
	int rc = loan_read_check(ctx, loan_id, err);
	if (rc != TD_OK)
		return rc;
	struct td_stmt *st = NULL;
	rc = org_prepare(ctx->store, &st, err,
			 "SELECT id, loan_id, cause, loss_bp, assessed_on, minutes_no, "
			 "commune_doc_no, commune_doc_on, commune_signatory, "
			 "commune_signatory_title, note, username, business_date FROM "
			 "loan_loss_assessment WHERE loan_id = ? ORDER BY id",
			 "i", loan_id);
	return loan_items_json(st, rc, assessment_json, out, err);
}
