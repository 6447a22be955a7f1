/*
 * Dated parameters: the registry, reading the value of a day, adding a row (param.h,
 * docs/parameters.md).
 */
#include "bank/param.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/org_util.h"
#include "bank/programme_db.h"

static const struct param_def defs[] = {
	{"fee.rate", PARAM_RATE, true, "Phí ủy thác trên dư nợ có thu được lãi", "%/tháng"},
	{"fee.tiers", PARAM_TIERS, false,
	 "Tỷ lệ phí được trả theo tỷ lệ nợ quá hạn (dưới ngưỡng %: trả %)", ""},
	{"fee.split", PARAM_SPLIT, false, "Phân chia phí ủy thác: xã, huyện, tỉnh, trung ương",
	 "%"},
	{"commission.rate", PARAM_RATE, true, "Hoa hồng tổ trưởng trên dư nợ có thu được lãi",
	 "%/tháng"},
	{"savings.min_deposit", PARAM_MONEY, false, "Mức gửi tiết kiệm tổ viên tối thiểu", "đồng"},
	{"savings.rate_ceiling", PARAM_RATE, false, "Trần lãi suất tiền gửi tiết kiệm tổ viên",
	 "%/năm"},
	{"score.weights", PARAM_WEIGHTS, false, "Chấm điểm tổ: trọng số sáu tiêu chí", "điểm"},
	{"score.anchors", PARAM_ANCHORS, false, "Chấm điểm tổ: mốc đủ điểm – không điểm", "%"},
	{"score.grades", PARAM_GRADES, false, "Xếp loại tổ: điểm tối thiểu Tốt, Khá, Trung bình",
	 "điểm"},
	{"application.check_days", PARAM_DAYS, false, "Thời hạn PGD thẩm định hồ sơ vay",
	 "ngày làm việc"},
	{"risk.freeze_loss", PARAM_RATE, false,
	 "Mức thiệt hại được khoanh nợ (dưới mức này: gia hạn nợ)", "% vốn vay"},
	{"risk.write_off_loss", PARAM_RATE, false,
	 "Mức thiệt hại được xóa nợ (ngoài người vay chết, mất tích, mất năng lực)", "% vốn vay"},
};

const struct param_def *param_defs(size_t *count)
{
	*count = sizeof defs / sizeof defs[0];
	return defs;
}

int param_def_find(const char *name, const struct param_def **out, struct td_error *err)
{
	for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (name && strcmp(name, defs[i].name) == 0) {
			*out = &defs[i];
			return TD_OK;
		}
	char known[512] = "";
	size_t used = 0;
	for (size_t i = 0; i < sizeof defs / sizeof defs[0] && used < sizeof known; i++)
		used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
					 defs[i].name);
	return td_error_set(err, TD_EINVAL, "không có tham số \"%s\"; các tham số: %s",
			    name ? name : "", known);
}

int param_text(struct td_ctx *ctx, const char *name, const char *programme, td_date day,
	       char *buf, size_t size, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT value FROM param_value WHERE name = ? AND scope IN (?, '') "
			     "AND effective_from <= ? ORDER BY CASE WHEN scope = '' THEN 1 ELSE 0 "
			     "END, effective_from DESC LIMIT 1",
			     "ttd", name, programme ? programme : "", day);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		snprintf(buf, size, "%s", stmt_column_text(st, 0));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		char d[TD_DATE_FMT_MAX];
		rc = td_error_set(err, TD_ENOTFOUND,
				  "tham số %s%s%s chưa có giá trị áp dụng ngày %s (tindung param "
				  "set)",
				  name, programme && *programme ? " của chương trình " : "",
				  programme ? programme : "", date_format_vn(day, d, sizeof d));
	}
	stmt_finalize(st);
	return rc;
}

/* --- values by kind: checked, and written back in canonical form --- */

static int parse_days(const char *s, int *out)
{
	char *end = NULL;
	long v = strtol(s, &end, 10);
	if (!*s || end == s || *end || v < 0 || v > 365)
		return TD_EINVAL;
	*out = (int)v;
	return TD_OK;
}

static int canonical(const struct param_def *d, const char *value, char *buf, size_t size,
		     struct td_error *err)
{
	td_rate r = 0;
	td_money m = 0;
	int n = 0;
	struct fee_params fp;
	int rc = TD_OK;
	switch (d->kind) {
	case PARAM_RATE:
		rc = rate_parse_percent(value, &r, err);
		if (rc == TD_OK && r > TD_RATE_SCALE)
			rc = td_error_set(err, TD_EINVAL, "tỷ lệ vượt 100 %%");
		if (rc == TD_OK)
			rate_format_percent(r, buf, size);
		break;
	case PARAM_MONEY:
		rc = money_parse(value, &m, err);
		if (rc == TD_OK && m < 0)
			rc = td_error_set(err, TD_EINVAL, "số tiền không được âm");
		if (rc == TD_OK)
			snprintf(buf, size, "%lld", (long long)m);
		break;
	case PARAM_DAYS:
		rc = parse_days(value, &n) == TD_OK
			     ? TD_OK
			     : td_error_set(err, TD_EINVAL, "cần số ngày nguyên từ 0 đến 365");
		if (rc == TD_OK)
			snprintf(buf, size, "%d", n);
		break;
	case PARAM_TIERS:
	case PARAM_SPLIT:
		rc = d->kind == PARAM_TIERS ? fee_tiers_parse(value, &fp, err)
					    : fee_split_parse(value, &fp, err);
		if (rc == TD_OK)
			snprintf(buf, size, "%s", value);
		break;
	case PARAM_WEIGHTS:
	case PARAM_ANCHORS:
	case PARAM_GRADES: /* checked together with the others by param_set */
		snprintf(buf, size, "%s", value);
		break;
	}
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "%s = \"%s\": ", d->name, value);
}

int param_rate(struct td_ctx *ctx, const char *name, const char *programme, td_date day,
	       td_rate *out, struct td_error *err)
{
	char v[PARAM_VALUE_MAX];
	int rc = param_text(ctx, name, programme, day, v, sizeof v, err);
	if (rc == TD_OK)
		rc = rate_parse_percent(v, out, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "%s: ", name);
}

int param_money(struct td_ctx *ctx, const char *name, td_date day, td_money *out,
		struct td_error *err)
{
	char v[PARAM_VALUE_MAX];
	int rc = param_text(ctx, name, NULL, day, v, sizeof v, err);
	if (rc == TD_OK)
		rc = money_parse(v, out, err);
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "%s: ", name);
}

int param_days(struct td_ctx *ctx, const char *name, td_date day, int *out, struct td_error *err)
{
	char v[PARAM_VALUE_MAX];
	int rc = param_text(ctx, name, NULL, day, v, sizeof v, err);
	if (rc == TD_OK && parse_days(v, out) != TD_OK)
		rc = td_error_set(err, TD_EINVAL, "%s = \"%s\" không phải số ngày", name, v);
	return rc;
}

int param_fee(struct td_ctx *ctx, td_date day, struct fee_params *out, struct td_error *err)
{
	char tiers[PARAM_VALUE_MAX], split[PARAM_VALUE_MAX];
	memset(out, 0, sizeof *out);
	int rc = param_text(ctx, "fee.tiers", NULL, day, tiers, sizeof tiers, err);
	if (rc == TD_OK)
		rc = param_text(ctx, "fee.split", NULL, day, split, sizeof split, err);
	if (rc == TD_OK)
		rc = fee_tiers_parse(tiers, out, err);
	if (rc == TD_OK)
		rc = fee_split_parse(split, out, err);
	return rc;
}

int param_risk(struct td_ctx *ctx, td_date day, struct risk_thresholds *out,
	       struct td_error *err)
{
	td_rate freeze = 0, write_off = 0; /* millionths of the loan's capital */
	int rc = param_rate(ctx, "risk.freeze_loss", NULL, day, &freeze, err);
	if (rc == TD_OK)
		rc = param_rate(ctx, "risk.write_off_loss", NULL, day, &write_off, err);
	if (rc == TD_OK)
		*out = (struct risk_thresholds){(int)(freeze / 100), (int)(write_off / 100)};
	return rc;
}

/* The three score parameters in force on day, one of them replaced by `value` when
 * `name` is one of them (checking a new row against the others). */
static int score_with(struct td_ctx *ctx, td_date day, const char *name, const char *value,
		      struct score_params *out, struct td_error *err)
{
	static const char *const names[3] = {"score.weights", "score.anchors", "score.grades"};
	char v[3][PARAM_VALUE_MAX];
	for (int i = 0; i < 3; i++) {
		if (name && strcmp(name, names[i]) == 0) {
			snprintf(v[i], sizeof v[i], "%s", value);
			continue;
		}
		int rc = param_text(ctx, names[i], NULL, day, v[i], sizeof v[i], err);
		if (rc != TD_OK)
			return rc;
	}
	return score_params_parse(v[0], v[1], v[2], out, err);
}

int param_score(struct td_ctx *ctx, td_date day, struct score_params *out, struct td_error *err)
{
	return score_with(ctx, day, NULL, NULL, out, err);
}

/* --- writing --- */

static int input_check(struct td_ctx *ctx, const struct param_input *in,
		       const struct param_def **d, char *value, size_t size, struct td_error *err)
{
	int rc = param_def_find(in->name, d, err);
	if (rc != TD_OK)
		return rc;
	const char *scope = in->scope ? in->scope : "";
	if (*scope && !(*d)->by_programme)
		return td_error_set(err, TD_EINVAL,
				    "tham số %s áp dụng chung, không theo chương trình (bỏ scope "
				    "\"%s\")",
				    in->name, scope);
	if (!in->value || !*in->value || strlen(in->value) >= PARAM_VALUE_MAX)
		return td_error_set(err, TD_EINVAL, "giá trị của %s trống hoặc dài quá %d byte",
				    in->name, PARAM_VALUE_MAX - 1);
	if (!in->source || !*in->source || strlen(in->source) > PARAM_SOURCE_MAX)
		return td_error_set(err, TD_EINVAL,
				    "cần căn cứ (số quyết định, văn bản) của thay đổi, tối đa %d "
				    "byte",
				    PARAM_SOURCE_MAX);
	if (in->effective_from == ORG_NO_DATE)
		return td_error_set(err, TD_EINVAL, "cần ngày hiệu lực");
	if (*scope) {
		int64_t n = 0;
		rc = programme_db_seed(ctx, NULL, err); /* the programmes exist from first use */
		if (rc == TD_OK)
			rc = org_query_int64(ctx->store, &n, err,
					     "SELECT count(*) FROM programme WHERE code = ?", "t",
					     scope);
		if (rc == TD_OK && n == 0)
			return td_error_set(err, TD_ENOTFOUND, "không có chương trình \"%s\"",
					    scope);
	}
	if (rc == TD_OK)
		rc = canonical(*d, in->value, value, size, err);
	if (rc == TD_OK && ((*d)->kind == PARAM_WEIGHTS || (*d)->kind == PARAM_ANCHORS ||
			    (*d)->kind == PARAM_GRADES)) {
		struct score_params sp;
		rc = score_with(ctx, in->effective_from, in->name, value, &sp, err);
		if (rc == TD_EINVAL) { /* well formed, but not with the others in force */
			char msg[TD_ERROR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", err->msg);
			rc = td_error_set(err, TD_ERULE, "%s", msg);
		}
	}
	return rc;
}

/* History only grows: the new row comes after the latest of its name and scope. */
static int after_latest(struct td_ctx *ctx, const struct param_input *in, const char *scope,
			struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT max(effective_from) FROM param_value WHERE name = ? AND "
			     "scope = ?",
			     "tt", in->name, scope);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		rc = TD_OK;
		td_date latest = stmt_column_is_null(st, 0) ? ORG_NO_DATE : org_col_date(st, 0);
		char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
		if (latest != ORG_NO_DATE && in->effective_from <= latest)
			rc = td_error_set(err, TD_ERULE,
					  "%s%s%s đã có giá trị từ %s; giá trị mới phải có hiệu lực "
					  "sau ngày đó (lịch sử không sửa, ngày %s)",
					  in->name, *scope ? " của chương trình " : "", scope,
					  date_format_vn(latest, a, sizeof a),
					  date_format_vn(in->effective_from, b, sizeof b));
	}
	stmt_finalize(st);
	return rc;
}

int param_set(struct td_ctx *ctx, const struct param_input *in, struct td_error *err)
{
	const struct param_def *d = NULL;
	char value[PARAM_VALUE_MAX];
	const char *scope = in->scope ? in->scope : "";
	int rc = access_check(ctx, ACT_PROGRAMME_WRITE, NULL, err);
	if (rc != TD_OK)
		return rc;
	rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = input_check(ctx, in, &d, value, sizeof value, err);
	if (rc == TD_OK)
		rc = after_latest(ctx, in, scope, err);
	int64_t id = 0;
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &id, err,
				     "INSERT INTO param_value (name, scope, effective_from, value, "
				     "source, recorded_on, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?) "
				     "RETURNING id",
				     "ttdttdt", in->name, scope, in->effective_from, value,
				     in->source, ctx->business_date, ctx->actor->username);
	if (rc == TD_OK) {
		char iso[TD_DATE_FMT_MAX];
		json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", in->name, "scope",
					  scope, "effective_from",
					  date_format_iso(in->effective_from, iso, sizeof iso),
					  "value", value, "source", in->source);
		char *text = org_json_text(after);
		json_decref(after);
		rc = audit_record(ctx, "create", "param", id, NULL, text, err);
		free(text);
	}
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
