/*
 * Money: int64_t whole đồng. Checked arithmetic; rate math through __int128 with
 * explicit half-up rounding. No floating point anywhere on a money path.
 *
 * Rounding "half-up" here means half away from zero: 2.5 -> 3, -2.5 -> -3, so that
 * rounding commutes with sign (a reversal books exactly the negation).
 */
#ifndef TD_BASE_MONEY_H
#define TD_BASE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef int64_t td_money;

/* An annual rate in millionths: 6.6 % = 0.066 = 66000. Parsed from a percent with at
 * most 4 decimals, so every legal rate is exact. */
typedef int64_t td_rate;
#define TD_RATE_SCALE 1000000

/* Largest amount we accept from people: 10^15 đồng (a thousand trillion). */
#define TD_MONEY_MAX_INPUT 1000000000000000LL
/* Buffer size for money_format: "-9.223.372.036.854.775.808" + NUL. */
#define TD_MONEY_FMT_MAX 32

/* Checked arithmetic: return TD_OK, or TD_EOVERFLOW leaving *out untouched. */
int money_add(td_money a, td_money b, td_money *out);
int money_sub(td_money a, td_money b, td_money *out);
int money_mul(td_money a, int64_t b, td_money *out);

/* round(a * b / c), half away from zero, via __int128. c != 0.
 * TD_EOVERFLOW if the result does not fit int64. */
int money_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out);

/* Interest on amount at annual rate for days over a basis of basis_days (365 or 360):
 * round(amount * rate * days / (basis_days * TD_RATE_SCALE)) half-up.
 * mult_pct scales the rate (100 = as is, 130 = overdue, R-RATE-2; 0 = frozen), inside the
 * same single rounding. basis_days > 0 and mult_pct >= 0 are asserted (configuration,
 * not input); TD_EOVERFLOW if the result does not fit int64. */
int money_interest(td_money amount, td_rate rate, int64_t days, int64_t basis_days,
		   int64_t mult_pct, td_money *out);

/* Parses "1.234.567", "1234567", "1,234,567", optional leading '-', surrounding spaces;
 * optional trailing "đ"/"đồng"/"VND" is not accepted (callers strip units). Groups must be
 * of three digits and one separator kind only; no leading zeros. TD_EINVAL (also for a
 * magnitude above TD_MONEY_MAX_INPUT) with a message naming the offending character and
 * its 1-based position. */
int money_parse(const char *s, td_money *out, struct td_error *err);

/* "1.234.567" / "-1.234.567"; returns buf. size >= TD_MONEY_FMT_MAX. */
char *money_format(td_money v, char *buf, size_t size);

/* Parses a percent per year with up to 4 decimals ("6.6", "7,92", "0.0325") into a
 * td_rate (millionths); surrounding spaces and a trailing '%' are allowed. Rejects
 * negatives and rates above 100 %. */
int rate_parse_percent(const char *s, td_rate *out, struct td_error *err);
/* "6.6", "7.92", "3" (trailing zeros dropped); size >= 16. */
char *rate_format_percent(td_rate r, char *buf, size_t size);

#endif
