/*
 * Interest on a loan's balance (R-INT-1, R-RATE-2, R-RISK-1).
 *
 * A period is described by balance segments: each segment starts on a day with a principal,
 * an annual rate and a state, and lasts until the next segment starts (or the period's end,
 * exclusive: interest runs "up to the day before repayment", R-INT-1).
 *
 *   interest = round( Σ principal × days × rate × state% / (basis × 100) )
 *
 * in_term bears the rate, overdue bears overdue_pct % of it (130, R-RATE-2), frozen bears
 * nothing (khoanh nợ, R-RISK-1). The exact numerators are summed in __int128 and rounded
 * half-up ONCE per period, never per day or per segment, so splitting a segment in two does
 * not change the result. No floating point.
 *
 * Day count conventions:
 *   ACT/365 (Circular 14/2017, the default): actual days over 365, also in leap years.
 *   30E/360 (European): each month counts 30 days; a 31st counts as the 30th, on either
 *           end; February is NOT stretched to 30 (unlike US/NASD 30/360). Chosen because
 *           it is symmetric and needs no end-of-February exceptions: days(a, b) is
 *           f(b) − f(a) for f(y, m, d) = 360y + 30m + min(d, 30), so it is additive.
 *
 * Errors: TD_EINVAL naming the segment and the bad figure (negative principal, a rate above
 * 100 %, dates not ascending, end before the last start); TD_EOVERFLOW if the result does
 * not fit in int64.
 */
#ifndef TD_CREDIT_INTEREST_H
#define TD_CREDIT_INTEREST_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"

enum interest_convention { INTEREST_ACT365, INTEREST_30E360 };

enum balance_state { BALANCE_IN_TERM, BALANCE_OVERDUE, BALANCE_FROZEN };

/* Overdue interest is 130 % of the loan's rate unless a programme says otherwise. */
#define INTEREST_OVERDUE_PCT_DEFAULT 130
/* The largest multiplier accepted: ten times the rate. */
#define INTEREST_OVERDUE_PCT_MAX 1000

struct interest_segment {
	td_date from;	    /* first day this balance bears interest */
	td_money principal; /* đồng, >= 0 */
	td_rate rate;	    /* annual, millionths; the in-term rate even when overdue */
	enum balance_state state;
};

/* Days from `from` to `to` (exclusive) under the convention; negative if to < from. */
int64_t interest_days(enum interest_convention conv, td_date from, td_date to);
/* 365 or 360. */
int64_t interest_basis(enum interest_convention conv);

/* Interest over segments[0..n) up to end (exclusive), rounded once. n == 0 gives 0.
 * Segments must start on ascending days (equal days allowed: an empty segment). */
int interest_segments(const struct interest_segment *segments, size_t n, td_date end,
		      enum interest_convention conv, int overdue_pct, td_money *out,
		      struct td_error *err);

/* One balance from `from` to `to` (exclusive): the calculator's entry point. */
int interest_simple(td_money principal, td_rate rate, td_date from, td_date to,
		    enum interest_convention conv, enum balance_state state, int overdue_pct,
		    td_money *out, struct td_error *err);

/* Stable names: "act365" / "30e360"; "in_term" / "overdue" / "frozen". Parsers return
 * TD_EINVAL listing the accepted names. */
const char *interest_convention_name(enum interest_convention conv);
int interest_convention_parse(const char *s, enum interest_convention *out, struct td_error *err);
const char *balance_state_name(enum balance_state state);
int balance_state_parse(const char *s, enum balance_state *out, struct td_error *err);

#endif
