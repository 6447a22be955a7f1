/* Interest on balance segments, rounded once per period (R-INT-1, R-RATE-2, R-RISK-1). */
#include "credit/interest.h"

#include <assert.h>
#include <string.h>

typedef __int128 i128;

/* 30E/360 position of a day: 360y + 30m + min(d, 30); differences give the day count. */
static int64_t pos_30e360(td_date d)
{
	struct td_civil c = date_to_civil(d);
	int day = c.day > 30 ? 30 : c.day;
	return (int64_t)c.year * 360 + (int64_t)c.month * 30 + day;
}

int64_t interest_days(enum interest_convention conv, td_date from, td_date to)
{
	if (conv == INTEREST_30E360)
		return pos_30e360(to) - pos_30e360(from);
	return (int64_t)to - (int64_t)from;
}

int64_t interest_basis(enum interest_convention conv)
{
	return conv == INTEREST_30E360 ? 360 : 365;
}

/* Percent of the rate a state bears (R-RATE-2: overdue; R-RISK-1: frozen bears none). */
static int64_t state_pct(enum balance_state state, int overdue_pct)
{
	switch (state) {
	case BALANCE_IN_TERM: return 100;
	case BALANCE_OVERDUE: return overdue_pct;
	case BALANCE_FROZEN: return 0;
	}
	return -1;
}

static int check_segment(const struct interest_segment *s, size_t i, td_date next,
			 struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (s->principal < 0 || s->principal > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL,
				    "segment %zu: principal %lld đồng is outside 0..10^15", i + 1,
				    (long long)s->principal);
	if (s->rate < 0 || s->rate > TD_RATE_SCALE)
		return td_error_set(err, TD_EINVAL,
				    "segment %zu: rate %lld millionths is outside 0..100 %%", i + 1,
				    (long long)s->rate);
	if (state_pct(s->state, 100) < 0)
		return td_error_set(err, TD_EINVAL, "segment %zu: unknown balance state %d", i + 1,
				    (int)s->state);
	if (next < s->from)
		return td_error_set(err, TD_EINVAL,
				    "segment %zu starts on %s, after the next boundary %s", i + 1,
				    date_format_vn(s->from, a, sizeof a),
				    date_format_vn(next, b, sizeof b));
	return TD_OK;
}

int interest_segments(const struct interest_segment *segments, size_t n, td_date end,
		      enum interest_convention conv, int overdue_pct, td_money *out,
		      struct td_error *err)
{
	if (conv != INTEREST_ACT365 && conv != INTEREST_30E360)
		return td_error_set(err, TD_EINVAL, "unknown interest convention %d", (int)conv);
	if (overdue_pct < 100 || overdue_pct > INTEREST_OVERDUE_PCT_MAX)
		return td_error_set(err, TD_EINVAL,
				    "overdue multiplier %d %% is outside 100..%d %%", overdue_pct,
				    INTEREST_OVERDUE_PCT_MAX);
	i128 num = 0;
	for (size_t i = 0; i < n; i++) {
		const struct interest_segment *s = &segments[i];
		td_date next = i + 1 < n ? segments[i + 1].from : end;
		int rc = check_segment(s, i, next, err);
		if (rc)
			return rc;
		int64_t days = interest_days(conv, s->from, next);
		/* Both conventions are non-decreasing in the date (30E/360 counts 30→31 as 0). */
		assert(days >= 0);
		/* Bounded: 10^15 × 10^6 × 10^3 × 2^32 < 2^127, and segments do not overlap. */
		num += (i128)s->principal * s->rate * state_pct(s->state, overdue_pct) * days;
	}
	i128 den = (i128)interest_basis(conv) * TD_RATE_SCALE * 100;
	i128 q = (num + den / 2) / den; /* num >= 0: half-up */
	if (q > INT64_MAX)
		return td_error_set(err, TD_EOVERFLOW, "interest does not fit in 64 bits");
	*out = (td_money)q;
	return TD_OK;
}

int interest_simple(td_money principal, td_rate rate, td_date from, td_date to,
		    enum interest_convention conv, enum balance_state state, int overdue_pct,
		    td_money *out, struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (to < from)
		return td_error_set(
			err, TD_EINVAL, "interest period ends on %s, before it starts on %s",
			date_format_vn(to, a, sizeof a), date_format_vn(from, b, sizeof b));
	struct interest_segment s = {
		.from = from, .principal = principal, .rate = rate, .state = state};
	return interest_segments(&s, 1, to, conv, overdue_pct, out, err);
}

static const char *const conv_names[] = {
	[INTEREST_ACT365] = "act365", [INTEREST_30E360] = "30e360"};
static const char *const state_names[] = {
	[BALANCE_IN_TERM] = "in_term", [BALANCE_OVERDUE] = "overdue", [BALANCE_FROZEN] = "frozen"};

const char *interest_convention_name(enum interest_convention conv)
{
	return (unsigned)conv < 2 ? conv_names[conv] : "unknown";
}

const char *balance_state_name(enum balance_state state)
{
	return (unsigned)state < 3 ? state_names[state] : "unknown";
}

int interest_convention_parse(const char *s, enum interest_convention *out, struct td_error *err)
{
	for (int i = 0; i < 2; i++)
		if (strcmp(s, conv_names[i]) == 0) {
			*out = (enum interest_convention)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL, "interest convention \"%s\": use act365 or 30e360", s);
}

int balance_state_parse(const char *s, enum balance_state *out, struct td_error *err)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum balance_state)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "balance state \"%s\": use in_term, overdue or frozen (khoanh nợ)", s);
}
