/* Judging an application: every reason it fails (R-PRG-1, R-HH-4). */
#include "credit/eligibility.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const code_names[ELIG_CODE_COUNT] = {
	[ELIG_NOT_IN_FORCE] = "not_in_force",
	[ELIG_NO_RATE] = "no_rate",
	[ELIG_STATUS_NOT_ELIGIBLE] = "status_not_eligible",
	[ELIG_FLAG_MISSING] = "flag_missing",
	[ELIG_FLAG_ANY_MISSING] = "flag_any_missing",
	[ELIG_AMOUNT_NOT_POSITIVE] = "amount_not_positive",
	[ELIG_AMOUNT_OVER_CAP] = "amount_over_cap",
	[ELIG_CAP_NOT_APPLICABLE] = "cap_not_applicable",
	[ELIG_STUDY_MONTHS_MISSING] = "study_months_missing",
	[ELIG_CONTRACT_VALUE_MISSING] = "contract_value_missing",
	[ELIG_CONTRACT_TERM_MISSING] = "contract_term_missing",
	[ELIG_TERM_NOT_POSITIVE] = "term_not_positive",
	[ELIG_TERM_OVER_MAX] = "term_over_max",
	[ELIG_TERM_WITHIN_GRACE] = "term_within_grace",
	[ELIG_COLLATERAL_REQUIRED] = "collateral_required",
	[ELIG_BORROWER_OVER_CAP] = "borrower_over_cap",
	[ELIG_JOBS_MISSING] = "jobs_missing",
	[ELIG_ESTIMATE_MISSING] = "estimate_missing",
};

const char *eligibility_code_name(enum elig_code code)
{
	return (unsigned)code < ELIG_CODE_COUNT ? code_names[code] : "unknown";
}

bool eligibility_has(const struct elig_result *r, enum elig_code code)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->reasons[i].code == code)
			return true;
	return false;
}

__attribute__((format(printf, 4, 5))) static void add(struct elig_result *r, enum elig_code code,
						      uint32_t flag, const char *fmt, ...)
{
	assert(r->count < ELIG_REASONS_MAX); /* bounded by construction, see the header */
	struct elig_reason *x = &r->reasons[r->count++];
	x->code = code;
	x->blocking = code != ELIG_COLLATERAL_REQUIRED;
	x->flag = flag;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->msg, sizeof x->msg, fmt, ap);
	va_end(ap);
	if (x->blocking)
		r->eligible = false;
}

static void judge_day(const struct programme *p, const struct elig_application *a,
		      struct elig_result *r)
{
	char d[TD_DATE_FMT_MAX];
	date_format_vn(a->date, d, sizeof d);
	if (!programme_in_force(p, a->date))
		add(r, ELIG_NOT_IN_FORCE, 0, "Chương trình %s không cho vay vào ngày %s", p->code,
		    d);
	struct td_error ignored;
	r->has_rate = programme_rate_new_loan(p, a->date, a->flags, &r->rate, &ignored) == TD_OK;
	if (!r->has_rate)
		add(r, ELIG_NO_RATE, 0, "Chương trình %s chưa có lãi suất áp dụng ngày %s", p->code,
		    d);
}

static void judge_who(const struct programme *p, const struct elig_application *a,
		      struct elig_result *r)
{
	if (!(p->statuses & HH_BIT(a->status)))
		add(r, ELIG_STATUS_NOT_ELIGIBLE, 0,
		    "Hộ thuộc diện \"%s\" không phải đối tượng của chương trình %s",
		    programme_status_label(a->status), p->code);
	for (int i = 0; i < PRG_FLAG_COUNT; i++) {
		uint32_t f = 1u << i;
		if ((p->flags_all & f) && !(a->flags & f))
			add(r, ELIG_FLAG_MISSING, f,
			    "Chương trình %s chỉ cho vay khi có điều kiện: %s", p->code,
			    programme_flag_label(f));
	}
	if (p->flags_any && !(p->flags_any & a->flags)) {
		char list[ELIG_MSG_MAX / 2] = "";
		for (int i = 0; i < PRG_FLAG_COUNT; i++)
			if (p->flags_any & (1u << i)) {
				if (list[0])
					strncat(list, "; ", sizeof list - strlen(list) - 1);
				strncat(list, programme_flag_label(1u << i),
					sizeof list - strlen(list) - 1);
			}
		add(r, ELIG_FLAG_ANY_MISSING, 0, "Cần một trong các điều kiện: %s", list);
	}
}

/* The first cap of `scope` whose flags the application holds, or NULL. */
static const struct prg_cap *cap_of(const struct programme *p, const struct elig_application *a,
				    enum prg_cap_scope scope)
{
	for (size_t i = 0; i < p->cap_count; i++)
		if (p->caps[i].scope == scope && (a->flags & p->caps[i].when) == p->caps[i].when)
			return &p->caps[i];
	return NULL;
}

/* pct % of v, at most max when max > 0. */
static td_money pct_of(td_money v, int pct, td_money max)
{
	td_money x = (td_money)((__int128)v * pct / 100);
	return max > 0 && x > max ? max : x;
}

/* The limit a cap sets for this application; -1 when an input it needs is missing (the
 * reason is added). */
static td_money cap_value(const struct prg_cap *c, const struct elig_application *a,
			  struct elig_result *r)
{
	switch (c->kind) {
	case PRG_CAP_FIXED: return c->amount;
	case PRG_CAP_PER_STUDY_MONTH: /* both bounded: no overflow */
		return a->study_months > 0 ? c->amount * a->study_months : -1;
	case PRG_CAP_PER_JOB:
		if (a->jobs > 0) /* both bounded: no overflow */
			return c->amount * a->jobs;
		add(r, ELIG_JOBS_MISSING, 0,
		    "Cần số lao động được tạo việc làm, duy trì việc làm để tính mức cho vay "
		    "tối đa");
		return -1;
	case PRG_CAP_CONTRACT_PCT:
		if (a->contract_value > 0)
			return pct_of(a->contract_value, c->pct, c->amount);
		add(r, ELIG_CONTRACT_VALUE_MISSING, 0,
		    "Cần giá trị hợp đồng để tính mức cho vay tối đa");
		return -1;
	case PRG_CAP_ESTIMATE_PCT:
		if (a->estimate_value > 0 && a->collateral_value > 0) {
			td_money e = pct_of(a->estimate_value, c->pct, c->amount),
				 v = pct_of(a->collateral_value, c->pct, c->amount);
			return e < v ? e : v;
		}
		add(r, ELIG_ESTIMATE_MISSING, 0,
		    "Cần giá trị dự toán (phương án) và giá trị tài sản bảo đảm để tính mức cho "
		    "vay tối đa");
		return -1;
	case PRG_CAP_KIND_COUNT: break;
	}
	return -1;
}

/* The caps for this application into r->cap and r->borrower_cap (-1: none or missing
 * input). */
static void compute_caps(const struct programme *p, const struct elig_application *a,
			 struct elig_result *r)
{
	const struct prg_cap *loan = cap_of(p, a, PRG_CAP_LOAN),
			     *borrower = cap_of(p, a, PRG_CAP_BORROWER);
	r->cap = loan ? cap_value(loan, a, r) : -1;
	r->borrower_cap = borrower ? cap_value(borrower, a, r) : -1;
	/* flag_any_missing already says what the application lacks */
	if (!loan && !borrower && p->cap_count > 0 && !eligibility_has(r, ELIG_FLAG_ANY_MISSING))
		add(r, ELIG_CAP_NOT_APPLICABLE, 0,
		    "Chương trình %s không có mức cho vay cho đối tượng, mục đích này", p->code);
}

/* R-PRG-1 per borrower: what the household owes in the programme with this loan. */
static void judge_borrower(const struct programme *p, const struct elig_application *a,
			   struct elig_result *r)
{
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX], z[TD_MONEY_FMT_MAX], w[TD_MONEY_FMT_MAX];
	if (r->borrower_cap < 0 || a->amount <= 0)
		return;
	td_money total = a->exposure + a->amount; /* both <= 10^15: no overflow */
	if (total <= r->borrower_cap)
		return;
	add(r, ELIG_BORROWER_OVER_CAP, 0,
	    "Hộ đang còn nợ %s đồng ở chương trình %s; thêm %s đồng là %s đồng, vượt mức tối "
	    "đa %s đồng mỗi hộ",
	    money_format(a->exposure, x, sizeof x), p->code, money_format(a->amount, y, sizeof y),
	    money_format(total, z, sizeof z), money_format(r->borrower_cap, w, sizeof w));
}

static void judge_amount(const struct programme *p, const struct elig_application *a,
			 struct elig_result *r)
{
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX], z[TD_MONEY_FMT_MAX];
	compute_caps(p, a, r);
	if (a->amount <= 0)
		add(r, ELIG_AMOUNT_NOT_POSITIVE, 0, "Số tiền vay phải lớn hơn 0 (đang là %s đồng)",
		    money_format(a->amount, x, sizeof x));
	else if (r->cap >= 0 && a->amount > r->cap)
		add(r, ELIG_AMOUNT_OVER_CAP, 0,
		    "Số tiền vay %s đồng vượt mức cho vay tối đa %s đồng, vượt %s đồng",
		    money_format(a->amount, x, sizeof x), money_format(r->cap, y, sizeof y),
		    money_format(a->amount - r->cap, z, sizeof z));
	judge_borrower(p, a, r);
	if (p->collateral_above != PRG_NO_COLLATERAL && a->amount > p->collateral_above &&
	    a->amount > 0) {
		r->collateral_required = true;
		add(r, ELIG_COLLATERAL_REQUIRED, 0,
		    "Khoản vay trên %s đồng phải có tài sản bảo đảm",
		    money_format(p->collateral_above, x, sizeof x));
	}
}

static void judge_term(const struct programme *p, const struct elig_application *a,
		       struct elig_result *r)
{
	r->grace_months = programme_grace(p, a->study_months > 0 ? a->study_months : 0);
	r->max_term_months = -1;
	if (p->term_kind == PRG_TERM_FIXED)
		r->max_term_months = p->max_term_months;
	else if (p->term_kind == PRG_TERM_STUDY && a->study_months > 0)
		r->max_term_months = 2 * a->study_months + 12;
	else if (p->term_kind == PRG_TERM_CONTRACT && a->contract_months > 0)
		r->max_term_months = a->contract_months;
	if (p->term_kind == PRG_TERM_CONTRACT && a->contract_months <= 0)
		add(r, ELIG_CONTRACT_TERM_MISSING, 0,
		    "Cần thời hạn hợp đồng (tháng) để tính thời hạn cho vay tối đa");
	if (a->term_months <= 0)
		add(r, ELIG_TERM_NOT_POSITIVE, 0, "Thời hạn vay phải lớn hơn 0 tháng (đang là %d)",
		    a->term_months);
	else if (r->max_term_months >= 0 && a->term_months > r->max_term_months)
		add(r, ELIG_TERM_OVER_MAX, 0,
		    "Thời hạn vay %d tháng vượt thời hạn tối đa %d tháng của chương trình %s",
		    a->term_months, r->max_term_months, p->code);
	if (a->term_months > 0 && r->grace_months > 0 && a->term_months <= r->grace_months)
		add(r, ELIG_TERM_WITHIN_GRACE, 0,
		    "Thời hạn vay %d tháng không dài hơn thời gian chưa trả gốc %d tháng",
		    a->term_months, r->grace_months);
}

static int check_input(const struct elig_application *a, struct td_error *err)
{
	if ((unsigned)a->status >= HH_STATUS_COUNT)
		return td_error_set(err, TD_EINVAL, "unknown household status %d", (int)a->status);
	if (a->flags & ~PRG_FLAGS_ALL)
		return td_error_set(err, TD_EINVAL, "unknown flag bits 0x%x",
				    (unsigned)(a->flags & ~PRG_FLAGS_ALL));
	if (a->study_months < 0 || a->study_months > ELIG_MONTHS_INPUT_MAX ||
	    a->contract_months < 0 || a->contract_months > ELIG_MONTHS_INPUT_MAX)
		return td_error_set(err, TD_EINVAL,
				    "study months %d / contract months %d: each must be 0..%d",
				    a->study_months, a->contract_months, ELIG_MONTHS_INPUT_MAX);
	if (a->contract_value > TD_MONEY_MAX_INPUT || a->estimate_value > TD_MONEY_MAX_INPUT ||
	    a->collateral_value > TD_MONEY_MAX_INPUT || a->exposure > TD_MONEY_MAX_INPUT ||
	    a->amount > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL,
				    "số tiền (giá trị hợp đồng, dự toán, tài sản, dư nợ) vượt "
				    "10^15 đồng");
	if (a->contract_value < 0 || a->estimate_value < 0 || a->collateral_value < 0 ||
	    a->exposure < 0)
		return td_error_set(err, TD_EINVAL,
				    "giá trị hợp đồng, dự toán, tài sản và dư nợ không được âm");
	if (a->jobs < 0 || a->jobs > ELIG_JOBS_INPUT_MAX)
		return td_error_set(err, TD_EINVAL, "số lao động %d: phải từ 0 đến %d", a->jobs,
				    ELIG_JOBS_INPUT_MAX);
	return TD_OK;
}

int eligibility_judge(const struct programme *p, const struct elig_application *app,
		      struct elig_result *out, struct td_error *err)
{
	int rc = check_input(app, err);
	if (rc)
		return rc;
	memset(out, 0, sizeof *out);
	out->eligible = true;
	judge_day(p, app, out);
	judge_who(p, app, out);
	bool needs_study = p->term_kind == PRG_TERM_STUDY;
	for (size_t i = 0; i < p->cap_count; i++)
		needs_study |= p->caps[i].kind == PRG_CAP_PER_STUDY_MONTH;
	if (needs_study && app->study_months <= 0)
		add(out, ELIG_STUDY_MONTHS_MISSING, 0,
		    "Cần số tháng học để tính mức cho vay và thời hạn cho vay");
	judge_amount(p, app, out);
	judge_term(p, app, out);
	return TD_OK;
}
