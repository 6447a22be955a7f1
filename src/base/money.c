/*
 * Money arithmetic, parsing and formatting. Whole đồng in int64; products go through
 * __int128 and are rounded once, half away from zero (see money.h).
 */
#include "base/money.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

typedef __int128 i128;

int money_add(td_money a, td_money b, td_money *out)
{
	td_money r;
	if (__builtin_add_overflow(a, b, &r))
		return TD_EOVERFLOW;
	*out = r;
	return TD_OK;
}

int money_sub(td_money a, td_money b, td_money *out)
{
	td_money r;
	if (__builtin_sub_overflow(a, b, &r))
		return TD_EOVERFLOW;
	*out = r;
	return TD_OK;
}

int money_mul(td_money a, int64_t b, td_money *out)
{
	td_money r;
	if (__builtin_mul_overflow(a, b, &r))
		return TD_EOVERFLOW;
	*out = r;
	return TD_OK;
}

/* round(num / den) half away from zero into int64. den != 0. Neither operand may be
 * INT128_MIN, which our callers cannot produce (their factors are below 2^127). */
static int div_round(i128 num, i128 den, int64_t *out)
{
	assert(den != 0);
	i128 q = num / den;
	i128 r = num % den; /* same sign as num (C truncates toward zero) */
	i128 ar = r < 0 ? -r : r;
	i128 ad = den < 0 ? -den : den;
	if (ar >= ad - ar) /* 2|r| >= |den| without overflowing */
		q += ((num < 0) != (den < 0)) ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return TD_EOVERFLOW;
	*out = (int64_t)q;
	return TD_OK;
}

int money_muldiv(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	assert(c != 0);
	/* |a*b| <= 2^126, which fits i128. */
	return div_round((i128)a * b, c, out);
}

int money_interest(td_money amount, td_rate rate, int64_t days, int64_t basis_days,
		   int64_t mult_pct, td_money *out)
{
	assert(basis_days > 0);
	assert(mult_pct >= 0);
	/* One rounding over the whole product, so 130 % of a rate with four decimals
	 * (R-RATE-2) loses nothing before the division. */
	i128 num = (i128)amount * rate; /* fits: both below 2^63 */
	if (__builtin_mul_overflow(num, (i128)days, &num) ||
	    __builtin_mul_overflow(num, (i128)mult_pct, &num))
		return TD_EOVERFLOW;
	i128 den = (i128)basis_days * TD_RATE_SCALE * 100;
	return div_round(num, den, out);
}

/* Describes the character at s[pos] for an error message: 'x', or the whole UTF-8
 * sequence ('đ'), or a byte in hex when it is not printable. */
static const char *describe_char(const char *s, size_t pos, char *tmp, size_t size)
{
	unsigned char c = (unsigned char)s[pos];
	if (c >= 0x20 && c < 0x7f) {
		snprintf(tmp, size, "'%c'", c);
		return tmp;
	}
	size_t len = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	if (len && c < 0xf5) {
		size_t i = 1;
		while (i < len && ((unsigned char)s[pos + i] & 0xc0) == 0x80)
			i++;
		if (i == len) {
			snprintf(tmp, size, "'%.*s'", (int)len, s + pos);
			return tmp;
		}
	}
	snprintf(tmp, size, "byte 0x%02x", c);
	return tmp;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int parse_fail_char(struct td_error *err, const char *s, size_t pos, const char *why)
{
	char tmp[16];
	return td_error_set(err, TD_EINVAL, "amount: %s %s at position %zu", why,
			    describe_char(s, pos, tmp, sizeof tmp), pos + 1);
}

/* Digits and separators between [i, end) after the sign; positions in messages are
 * 1-based character offsets into the original string s. */
static int parse_magnitude(const char *s, size_t i, size_t end, uint64_t *out,
			   struct td_error *err)
{
	char sep = 0;         /* the one separator kind this number uses */
	size_t group = 0;     /* digits in the current group */
	size_t ngroups = 0;   /* groups closed by a separator */
	size_t group_start = i;
	uint64_t v = 0;

	if (s[i] == '0' && i + 1 < end)
		return td_error_set(err, TD_EINVAL,
				    "amount: leading zero at position %zu (write 0 alone, or "
				    "no leading zeros)", i + 1);
	for (; i < end; i++) {
		char c = s[i];
		if (is_digit(c)) {
			v = v * 10 + (uint64_t)(c - '0');
			if (v > (uint64_t)TD_MONEY_MAX_INPUT)
				return td_error_set(err, TD_EINVAL,
						    "amount: more than the largest accepted "
						    "amount 1.000.000.000.000.000 đồng");
			group++;
			continue;
		}
		if (c != '.' && c != ',')
			return parse_fail_char(err, s, i, "unexpected");
		if (sep && c != sep)
			return td_error_set(err, TD_EINVAL,
					    "amount: separator '%c' at position %zu mixes with "
					    "'%c' used before; use one kind (amounts are whole "
					    "đồng, no decimals)", c, i + 1, sep);
		if (group == 0)
			return td_error_set(err, TD_EINVAL,
					    "amount: separator '%c' at position %zu has no digits "
					    "before it", c, i + 1);
		if ((ngroups == 0 && group > 3) || (ngroups > 0 && group != 3))
			return td_error_set(err, TD_EINVAL,
					    "amount: digit group at position %zu has %zu digits, "
					    "needs %s", group_start + 1, group,
					    ngroups == 0 ? "1 to 3" : "3");
		sep = c;
		ngroups++;
		group = 0;
		group_start = i + 1;
	}
	if (group == 0)
		return td_error_set(err, TD_EINVAL, "amount: ends with separator '%c'", sep);
	if (ngroups > 0 && group != 3)
		return td_error_set(err, TD_EINVAL,
				    "amount: digit group at position %zu has %zu digits, needs 3",
				    group_start + 1, group);
	*out = v;
	return TD_OK;
}

int money_parse(const char *s, td_money *out, struct td_error *err)
{
	size_t i = 0, end = strlen(s);
	while (i < end && is_space(s[i]))
		i++;
	while (end > i && is_space(s[end - 1]))
		end--;
	if (i == end)
		return td_error_set(err, TD_EINVAL,
				    "amount: empty, expected digits like 1.234.567");
	bool neg = s[i] == '-';
	if (neg && ++i == end)
		return td_error_set(err, TD_EINVAL, "amount: no digits after '-'");
	if (!is_digit(s[i]) && s[i] != '.' && s[i] != ',')
		return parse_fail_char(err, s, i, "expected a digit, found");
	if (!is_digit(s[i]))
		return td_error_set(err, TD_EINVAL,
				    "amount: starts with separator '%c' at position %zu", s[i],
				    i + 1);
	uint64_t mag = 0;
	int rc = parse_magnitude(s, i, end, &mag, err);
	if (rc)
		return rc;
	assert(mag <= (uint64_t)TD_MONEY_MAX_INPUT);
	*out = neg ? -(td_money)mag : (td_money)mag;
	return TD_OK;
}

char *money_format(td_money v, char *buf, size_t size)
{
	assert(size >= TD_MONEY_FMT_MAX);
	char tmp[TD_MONEY_FMT_MAX];
	size_t n = 0;
	/* Negate as unsigned so INT64_MIN has a magnitude too. */
	uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int digits = 0;
	do {
		if (digits > 0 && digits % 3 == 0)
			tmp[n++] = '.';
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
		digits++;
	} while (mag);
	if (v < 0)
		tmp[n++] = '-';
	assert(n < TD_MONEY_FMT_MAX);
	for (size_t i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

/* Up to 3 integer digits of percent, then optionally '.' or ',' and 1..4 decimals.
 * percent I.F (F in 1/10^4) is I*10^4 + F millionths, so the result is exact. */
int rate_parse_percent(const char *s, td_rate *out, struct td_error *err)
{
	size_t i = 0, end = strlen(s);
	while (i < end && is_space(s[i]))
		i++;
	while (end > i && is_space(s[end - 1]))
		end--;
	if (end > i && s[end - 1] == '%')
		end--;
	if (i == end)
		return td_error_set(err, TD_EINVAL, "rate: empty, expected a percent like 6.6");
	if (s[i] == '-')
		return td_error_set(err, TD_EINVAL, "rate: cannot be negative");
	int64_t whole = 0, frac = 0;
	size_t nwhole = 0, nfrac = 0;
	for (; i < end && is_digit(s[i]); i++, nwhole++) {
		whole = whole * 10 + (s[i] - '0');
		if (whole > 100)
			return td_error_set(err, TD_EINVAL, "rate: above 100 %%");
	}
	if (nwhole == 0) {
		char tmp[16];
		return td_error_set(err, TD_EINVAL,
				    "rate: expected a digit, found %s at position %zu",
				    describe_char(s, i, tmp, sizeof tmp), i + 1);
	}
	if (i < end && (s[i] == '.' || s[i] == ',')) {
		size_t dot = i++;
		for (; i < end && is_digit(s[i]); i++, nfrac++) {
			if (nfrac == 4)
				return td_error_set(err, TD_EINVAL,
						    "rate: more than 4 decimals at position %zu",
						    i + 1);
			frac = frac * 10 + (s[i] - '0');
		}
		if (nfrac == 0)
			return td_error_set(err, TD_EINVAL,
					    "rate: no digits after '%c' at position %zu", s[dot],
					    dot + 1);
	}
	if (i < end) {
		char tmp[16];
		return td_error_set(err, TD_EINVAL, "rate: unexpected %s at position %zu",
				    describe_char(s, i, tmp, sizeof tmp), i + 1);
	}
	for (; nfrac < 4; nfrac++)
		frac *= 10;
	td_rate r = whole * 10000 + frac;
	if (r > 100 * 10000)
		return td_error_set(err, TD_EINVAL, "rate: above 100 %%");
	*out = r;
	return TD_OK;
}

char *rate_format_percent(td_rate r, char *buf, size_t size)
{
	assert(size >= 16);
	/* r is in millionths of one, so 10^4 of it make one percent. */
	uint64_t mag = r < 0 ? -(uint64_t)r : (uint64_t)r;
	uint64_t whole = mag / 10000, frac = mag % 10000;
	int n = snprintf(buf, size, "%s%llu", r < 0 ? "-" : "", (unsigned long long)whole);
	if (frac && n > 0 && (size_t)n < size) {
		int decimals = 4;
		while (frac % 10 == 0) {
			frac /= 10;
			decimals--;
		}
		snprintf(buf + n, size - (size_t)n, ".%0*llu", decimals,
			 (unsigned long long)frac);
	}
	return buf;
}
