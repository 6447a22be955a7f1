/* Extension, rollover and rescheduling checks (R-EXT-1, R-EXT-2). */
#include "credit/extension.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>

static const char *const codes[EXT_RULE_COUNT] = {
    [EXT_MONTHS_INVALID] = "months_invalid",
    [EXT_TOO_LONG] = "too_long",
    [EXT_NOT_BEFORE_DUE] = "not_before_due",
    [EXT_NO_REASON] = "no_reason",
    [EXT_NO_APPROVER] = "no_approver",
    [EXT_NOT_SHORT] = "not_short_term",
    [EXT_NOT_SEASONAL] = "not_seasonal",
    [EXT_RATE_INVALID] = "rate_invalid",
    [EXT_PLAN_EMPTY] = "plan_empty",
    [EXT_AMOUNT_INVALID] = "amount_not_positive",
    [EXT_DATES_ORDER] = "dates_not_increasing",
    [EXT_DUE_PAST] = "due_not_after_decision",
    [EXT_BEYOND_MATURITY] = "beyond_maturity",
    [EXT_SUM_MISMATCH] = "sum_mismatch",
};

const char *ext_rule_code(enum ext_rule rule)
{
	assert((unsigned)rule < EXT_RULE_COUNT);
	return codes[rule];
}

bool ext_verdict_has(const struct ext_verdict *v, enum ext_rule rule)
{
	for (int i = 0; i < v->n; i++)
		if (v->fail[i].rule == rule)
			return true;
	return false;
}

/* Records a failed rule once; later failures of the same rule keep the first message. */
static void fail(struct ext_verdict *v, enum ext_rule rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct ext_verdict *v, enum ext_rule rule, const char *fmt, ...)
{
	if (ext_verdict_has(v, rule))
		return;
	assert(v->n < EXT_RULE_COUNT);
	struct ext_failure *f = &v->fail[v->n++];
	f->rule = rule;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
}

static int verdict_code(const struct ext_verdict *v)
{
	return v->n ? TD_ERULE : TD_OK;
}

/* NULL, "" and blanks only are all "missing". */
static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static void check_record(const char *reason, const char *approver, struct ext_verdict *v)
{
	if (blank(reason))
		fail(v, EXT_NO_REASON, "thiếu lý do");
	if (blank(approver))
		fail(v, EXT_NO_APPROVER, "thiếu người phê duyệt");
}

static char *vn(td_date d, char *buf)
{
	return date_format_vn(d, buf, TD_DATE_FMT_MAX);
}

int ext_limit_months(int term_months)
{
	assert(term_months >= 1);
	return term_months <= EXT_SHORT_MONTHS ? EXT_SHORT_MONTHS : term_months / 2;
}

static void check_extension_length(const struct ext_loan *loan, int months, struct ext_verdict *v)
{
	if (months < 1) {
		fail(v, EXT_MONTHS_INVALID, "số tháng gia hạn phải từ 1 trở lên (nhận %d)", months);
		return;
	}
	int limit = ext_limit_months(loan->term_months);
	long total = (long)loan->extended_months + months;
	if (total <= limit)
		return;
	if (loan->term_months <= EXT_SHORT_MONTHS)
		fail(v, EXT_TOO_LONG,
		     "gia hạn cộng dồn %ld tháng (đã gia hạn %d, xin thêm %d) vượt mức tối đa %d "
		     "tháng của khoản vay ngắn hạn",
		     total, loan->extended_months, months, limit);
	else
		fail(v, EXT_TOO_LONG,
		     "gia hạn cộng dồn %ld tháng (đã gia hạn %d, xin thêm %d) vượt mức tối đa %d "
		     "tháng (một nửa thời hạn cho vay %d tháng)",
		     total, loan->extended_months, months, limit, loan->term_months);
}

int ext_check_extension(const struct ext_loan *loan, const struct ext_extension *req,
			td_date *new_due, struct ext_verdict *out)
{
	assert(loan->term_months >= 1 && loan->extended_months >= 0);
	*out = (struct ext_verdict){0};
	check_extension_length(loan, req->months, out);
	if (req->decided >= req->due) {
		char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
		fail(out, EXT_NOT_BEFORE_DUE,
		     "quyết định gia hạn ngày %s phải trước ngày đến hạn %s", vn(req->decided, a),
		     vn(req->due, b));
	}
	check_record(req->reason, req->approver, out);
	if (out->n == 0 && new_due)
		*new_due = date_add_months(req->due, req->months);
	return verdict_code(out);
}

int ext_check_rollover(const struct ext_loan *loan, const struct ext_rollover *req,
		       struct ext_cycle *cycle, struct ext_verdict *out)
{
	assert(loan->term_months >= 1);
	*out = (struct ext_verdict){0};
	if (loan->term_months > EXT_SHORT_MONTHS)
		fail(out, EXT_NOT_SHORT,
		     "lưu vụ chỉ áp dụng cho khoản vay ngắn hạn (tối đa %d tháng); khoản vay này "
		     "%d tháng",
		     EXT_SHORT_MONTHS, loan->term_months);
	if (!loan->seasonal)
		fail(out, EXT_NOT_SEASONAL, "lưu vụ chỉ áp dụng cho khoản vay theo mùa vụ");
	if (req->months < 1 || req->months > EXT_SHORT_MONTHS)
		fail(out, EXT_MONTHS_INVALID, "chu kỳ lưu vụ phải từ 1 đến %d tháng (nhận %d)",
		     EXT_SHORT_MONTHS, req->months);
	if (req->rate < 0) {
		fail(out, EXT_RATE_INVALID, "lãi suất lưu vụ không được âm");
	} else if (req->rate > TD_RATE_SCALE) {
		char r[16];
		fail(out, EXT_RATE_INVALID, "lãi suất lưu vụ %s%%/năm vượt quá 100%%",
		     rate_format_percent(req->rate, r, sizeof r));
	}
	if (req->decided >= loan->maturity) {
		char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
		fail(out, EXT_NOT_BEFORE_DUE,
		     "quyết định lưu vụ ngày %s phải trước ngày đáo hạn %s", vn(req->decided, a),
		     vn(loan->maturity, b));
	}
	check_record(req->reason, req->approver, out);
	if (out->n == 0 && cycle)
		*cycle = (struct ext_cycle){date_add_months(loan->maturity, req->months), req->rate,
					    loan->outstanding};
	return verdict_code(out);
}

/* One instalment against its neighbour, the decision and the maturity. */
static void check_instalment(const struct ext_loan *loan, const struct ext_reschedule *req,
			     size_t i, struct ext_verdict *v)
{
	const struct ext_instalment *it = &req->plan[i];
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX], m[TD_MONEY_FMT_MAX];
	if (it->principal <= 0)
		fail(v, EXT_AMOUNT_INVALID, "kỳ %zu: số tiền gốc %s phải lớn hơn 0", i + 1,
		     money_format(it->principal, m, sizeof m));
	if (i > 0 && it->due <= req->plan[i - 1].due)
		fail(v, EXT_DATES_ORDER, "kỳ %zu: ngày đến hạn %s phải sau kỳ trước (%s)", i + 1,
		     vn(it->due, a), vn(req->plan[i - 1].due, b));
	if (it->due <= req->decided)
		fail(v, EXT_DUE_PAST, "kỳ %zu: ngày đến hạn %s phải sau ngày quyết định %s", i + 1,
		     vn(it->due, a), vn(req->decided, b));
	if (it->due > loan->maturity)
		fail(v, EXT_BEYOND_MATURITY,
		     "kỳ %zu: ngày đến hạn %s sau ngày đáo hạn cuối cùng %s; điều chỉnh kỳ hạn "
		     "không được kéo dài thời hạn cho vay",
		     i + 1, vn(it->due, a), vn(loan->maturity, b));
}

int ext_check_reschedule(const struct ext_loan *loan, const struct ext_reschedule *req,
			 struct ext_verdict *out)
{
	assert(req->n == 0 || req->plan != NULL);
	*out = (struct ext_verdict){0};
	if (req->n == 0)
		fail(out, EXT_PLAN_EMPTY, "kế hoạch trả nợ mới không có kỳ nào");
	/* __int128: a list of amounts near INT64_MAX cannot wrap the sum. */
	__int128 sum = 0;
	for (size_t i = 0; i < req->n; i++) {
		check_instalment(loan, req, i, out);
		sum += req->plan[i].principal;
	}
	if (req->n > 0 && sum != loan->outstanding) {
		char s[TD_MONEY_FMT_MAX], o[TD_MONEY_FMT_MAX];
		bool fits = sum >= INT64_MIN && sum <= INT64_MAX;
		fail(out, EXT_SUM_MISMATCH, "tổng gốc các kỳ %s khác dư nợ %s đồng",
		     fits ? money_format((td_money)sum, s, sizeof s) : "vượt giới hạn",
		     money_format(loan->outstanding, o, sizeof o));
	}
	check_record(req->reason, req->approver, out);
	return verdict_code(out);
}
