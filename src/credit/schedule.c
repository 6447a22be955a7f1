/* Repayment schedules: build, check, and interest per period (R-DIS-1, R-INT-1). */
#include "credit/schedule.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>

static int check_params(const struct schedule_params *p, bool need_interval, struct td_error *err)
{
	if (p->amount <= 0 || p->amount > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL, "loan amount %lld đồng is outside 1..10^15",
				    (long long)p->amount);
	if (p->term_months < 1 || p->term_months > SCHEDULE_TERM_MAX)
		return td_error_set(err, TD_EINVAL, "term %d months is outside 1..%d",
				    p->term_months, SCHEDULE_TERM_MAX);
	if (need_interval && (p->interval_months < 1 || p->interval_months > SCHEDULE_INTERVAL_MAX))
		return td_error_set(err, TD_EINVAL,
				    "instalment interval %d months is outside 1..%d (R-DIS-1)",
				    p->interval_months, SCHEDULE_INTERVAL_MAX);
	if (p->grace_months < 0 || p->grace_months >= p->term_months)
		return td_error_set(
			err, TD_EINVAL,
			"grace %d months must be at least 0 and below the term of %d months",
			p->grace_months, p->term_months);
	return TD_OK;
}

td_date schedule_maturity(const struct schedule_params *p)
{
	return date_add_months(p->disbursed, p->term_months);
}

int schedule_count(const struct schedule_params *p, size_t *count, struct td_error *err)
{
	int rc = check_params(p, true, err);
	if (rc)
		return rc;
	int span = p->term_months - p->grace_months;
	*count = (size_t)((span + p->interval_months - 1) / p->interval_months);
	return TD_OK;
}

int schedule_build(const struct schedule_params *p, struct schedule_item *out, size_t cap,
		   size_t *count, struct td_error *err)
{
	size_t n;
	int rc = schedule_count(p, &n, err);
	if (rc)
		return rc;
	if (n > cap)
		return td_error_set(err, TD_ETOOBIG, "schedule has %zu instalments, room for %zu",
				    n, cap);
	td_money each = p->amount / (td_money)n / SCHEDULE_ROUNDING * SCHEDULE_ROUNDING;
	if (n > 1 && each == 0)
		return td_error_set(err, TD_ERULE,
				    "%lld đồng cannot be split into %zu instalments of whole "
				    "thousand đồng",
				    (long long)p->amount, n);
	for (size_t k = 1; k <= n; k++) {
		int month = p->grace_months + (int)k * p->interval_months;
		if (month > p->term_months) /* only the last: it falls at maturity */
			month = p->term_months;
		out[k - 1].due = date_add_months(p->disbursed, month);
		out[k - 1].principal = each;
	}
	out[n - 1].principal = p->amount - each * (td_money)(n - 1);
	assert(out[n - 1].principal >= each && out[n - 1].due == schedule_maturity(p));
	*count = n;
	return TD_OK;
}

static const char *const problem_names[SCHED_PROBLEM_COUNT] = {
	[SCHED_EMPTY] = "empty",
	[SCHED_DATE_NOT_AFTER_DISBURSEMENT] = "date_not_after_disbursement",
	[SCHED_DATE_NOT_ASCENDING] = "date_not_ascending",
	[SCHED_DATE_AFTER_MATURITY] = "date_after_maturity",
	[SCHED_DATE_IN_GRACE] = "date_in_grace",
	[SCHED_GAP_TOO_LONG] = "gap_too_long",
	[SCHED_AMOUNT_NOT_POSITIVE] = "amount_not_positive",
	[SCHED_SUM_MISMATCH] = "sum_mismatch",
};

const char *schedule_problem_name(enum schedule_problem_code code)
{
	return (unsigned)code < SCHED_PROBLEM_COUNT ? problem_names[code] : "unknown";
}

__attribute__((format(printf, 4, 5))) static void problem(struct schedule_check_result *r,
							  enum schedule_problem_code code,
							  int index, const char *fmt, ...)
{
	r->total++;
	if (r->count == SCHEDULE_PROBLEMS_MAX)
		return;
	struct schedule_problem *x = &r->problems[r->count++];
	x->code = code;
	x->index = index;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->msg, sizeof x->msg, fmt, ap);
	va_end(ap);
}

/* The latest day `months` after d still counts as "at most `months` apart": from a month's
 * last day, the last day of the target month (28/02/2047 + 12 months reaches 29/02/2048, as
 * a schedule anchored on 29/02 has it). */
static td_date gap_limit(td_date d, int months)
{
	struct td_civil c = date_to_civil(d);
	td_date limit = date_add_months(d, months);
	if (c.day == date_days_in_month(c.year, c.month)) {
		struct td_civil l = date_to_civil(limit);
		limit += date_days_in_month(l.year, l.month) - l.day;
	}
	return limit;
}

static void check_item(const struct schedule_params *p, const struct schedule_item *items, size_t i,
		       struct schedule_check_result *r)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX], m[TD_MONEY_FMT_MAX];
	const struct schedule_item *it = &items[i];
	int k = (int)i + 1;
	td_date grace_end = date_add_months(p->disbursed, p->grace_months);
	td_date maturity = schedule_maturity(p);
	date_format_vn(it->due, a, sizeof a);
	bool ascending = i == 0 || it->due > items[i - 1].due;
	if (it->due <= p->disbursed)
		problem(r, SCHED_DATE_NOT_AFTER_DISBURSEMENT, (int)i,
			"Kỳ %d: ngày trả %s không sau ngày giải ngân %s", k, a,
			date_format_vn(p->disbursed, b, sizeof b));
	if (!ascending)
		problem(r, SCHED_DATE_NOT_ASCENDING, (int)i,
			"Kỳ %d: ngày trả %s không sau ngày trả kỳ trước %s", k, a,
			date_format_vn(items[i - 1].due, b, sizeof b));
	if (it->due > maturity)
		problem(r, SCHED_DATE_AFTER_MATURITY, (int)i,
			"Kỳ %d: ngày trả %s sau ngày đáo hạn %s", k, a,
			date_format_vn(maturity, b, sizeof b));
	if (it->due > p->disbursed && it->due < grace_end)
		problem(r, SCHED_DATE_IN_GRACE, (int)i,
			"Kỳ %d: ngày trả %s trong thời gian chưa trả gốc (đến %s)", k, a,
			date_format_vn(grace_end, b, sizeof b));
	td_date prev = i == 0 ? grace_end : items[i - 1].due;
	if (ascending && it->due > gap_limit(prev, SCHEDULE_INTERVAL_MAX))
		problem(r, SCHED_GAP_TOO_LONG, (int)i, "Kỳ %d: ngày trả %s cách %s hơn %d tháng", k,
			a, date_format_vn(prev, b, sizeof b), SCHEDULE_INTERVAL_MAX);
	if (it->principal <= 0)
		problem(r, SCHED_AMOUNT_NOT_POSITIVE, (int)i,
			"Kỳ %d: số tiền gốc phải lớn hơn 0 (đang là %s đồng)", k,
			money_format(it->principal, m, sizeof m));
}

int schedule_check(const struct schedule_params *p, const struct schedule_item *items, size_t n,
		   struct schedule_check_result *out, struct td_error *err)
{
	int rc = check_params(p, false, err);
	if (rc)
		return rc;
	out->count = out->total = 0;
	if (n == 0) {
		problem(out, SCHED_EMPTY, -1, "Lịch trả nợ không có kỳ nào");
		return TD_OK;
	}
	td_money sum = 0;
	bool overflow = false;
	for (size_t i = 0; i < n; i++) {
		check_item(p, items, i, out);
		overflow = overflow || money_add(sum, items[i].principal, &sum) != TD_OK;
	}
	char a[TD_MONEY_FMT_MAX], b[TD_MONEY_FMT_MAX], c[TD_MONEY_FMT_MAX];
	if (overflow)
		problem(out, SCHED_SUM_MISMATCH, -1, "Tổng các kỳ vượt giới hạn tính toán");
	else if (sum != p->amount)
		problem(out, SCHED_SUM_MISMATCH, -1,
			"Tổng các kỳ %s đồng khác số tiền vay %s đồng (chênh %s đồng)",
			money_format(sum, a, sizeof a), money_format(p->amount, b, sizeof b),
			money_format(sum - p->amount, c, sizeof c));
	return TD_OK;
}

int schedule_interest(const struct schedule_params *p, const struct schedule_item *items, size_t n,
		      td_rate rate, enum interest_convention conv, struct schedule_period *out,
		      struct td_error *err)
{
	struct schedule_check_result check;
	int rc = schedule_check(p, items, n, &check, err);
	if (rc)
		return rc;
	if (check.total > 0)
		return td_error_set(err, TD_EINVAL, "%s", check.problems[0].msg);
	td_money balance = p->amount;
	td_date from = p->disbursed;
	for (size_t i = 0; i < n; i++) {
		out[i] = (struct schedule_period){.from = from,
						  .to = items[i].due,
						  .balance = balance,
						  .principal = items[i].principal};
		rc = interest_simple(balance, rate, from, items[i].due, conv, BALANCE_IN_TERM,
				     INTEREST_OVERDUE_PCT_DEFAULT, &out[i].interest, err);
		if (rc)
			return td_error_prefix(err, "period %zu: ", i + 1);
		balance -= items[i].principal;
		from = items[i].due;
	}
	assert(balance == 0);
	return TD_OK;
}
