/*
 * Civil dates <-> day numbers with Howard Hinnant's algorithms
 * (https://howardhinnant.github.io/date_algorithms.html), exact for every proleptic
 * Gregorian date; parsing and formatting in ISO and Vietnamese order.
 */
#include "base/date.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

bool date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && date_is_leap(year) ? 29 : days[month - 1];
}

/* Hinnant's days_from_civil: the year starts in March so that the leap day is last. */
static td_date days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;				   /* [0, 399] */
	int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	   /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

struct td_civil date_to_civil(td_date z)
{
	int64_t zz = (int64_t)z + 719468;
	int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
	int64_t doe = zz - era * 146097;				     /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);		     /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;				     /* [0, 11] */
	struct td_civil c;
	c.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c.year = (int)(yoe + era * 400 + (c.month <= 2));
	return c;
}

int date_from_civil(int year, int month, int day, td_date *out, struct td_error *err)
{
	if (year < TD_YEAR_MIN || year > TD_YEAR_MAX)
		return td_error_set(err, TD_EINVAL, "date: year %d is outside %d..%d", year,
				    TD_YEAR_MIN, TD_YEAR_MAX);
	if (month < 1 || month > 12)
		return td_error_set(err, TD_EINVAL, "date: month %d does not exist (1..12)", month);
	int dim = date_days_in_month(year, month);
	if (day < 1 || day > dim)
		return td_error_set(err, TD_EINVAL,
				    "date: day %d does not exist in %02d/%04d, which has %d days",
				    day, month, year, dim);
	*out = days_from_civil(year, month, day);
	return TD_OK;
}

td_date date_add_months(td_date d, int n)
{
	struct td_civil c = date_to_civil(d);
	/* Count months from year 0 so that floor division handles negative n. */
	int64_t total = (int64_t)c.year * 12 + (c.month - 1) + n;
	int64_t y = total >= 0 ? total / 12 : (total - 11) / 12;
	int m = (int)(total - y * 12) + 1;
	int dim = date_days_in_month((int)y, m);
	return days_from_civil((int)y, m, c.day < dim ? c.day : dim);
}

int date_weekday(td_date d)
{
	/* 1970-01-01 was a Thursday (ISO 4). */
	int r = (int)(((int64_t)d % 7 + 7) % 7);
	return (r + 3) % 7 + 1;
}

/* Reads min..max digits at s[*pos] into *out; false if fewer than min. */
static int read_digits(const char *s, size_t *pos, int min, int max, int *out)
{
	/* *pos is left at the part's start on failure, so the message points there. */
	size_t start = *pos;
	int v = 0, n = 0;
	while (n < max && s[*pos] >= '0' && s[*pos] <= '9') {
		v = v * 10 + (s[*pos] - '0');
		(*pos)++;
		n++;
	}
	*out = v;
	if (n < min)
		*pos = start;
	return n >= min;
}

static int bad_format(struct td_error *err, const char *expect, size_t pos, const char *part)
{
	return td_error_set(err, TD_EINVAL,
			    "date: expected %s, e.g. %s; the %s at position %zu is wrong", expect,
			    expect[0] == 'Y' ? "2024-01-05" : "05/01/2024", part, pos + 1);
}

static int trailing_junk(struct td_error *err, size_t pos)
{
	return td_error_set(err, TD_EINVAL,
			    "date: unexpected characters after the date at position %zu", pos + 1);
}

int date_parse_iso(const char *s, td_date *out, struct td_error *err)
{
	static const char fmt[] = "YYYY-MM-DD";
	size_t p = 0;
	int y, m, d;
	if (s[0] == '\0')
		return td_error_set(err, TD_EINVAL, "date: empty, expected %s", fmt);
	if (!read_digits(s, &p, 4, 4, &y))
		return bad_format(err, fmt, p, "year");
	if (s[p++] != '-')
		return bad_format(err, fmt, p - 1, "separator after the year");
	if (!read_digits(s, &p, 2, 2, &m))
		return bad_format(err, fmt, p, "month");
	if (s[p++] != '-')
		return bad_format(err, fmt, p - 1, "separator after the month");
	if (!read_digits(s, &p, 2, 2, &d))
		return bad_format(err, fmt, p, "day");
	if (s[p] != '\0')
		return trailing_junk(err, p);
	return date_from_civil(y, m, d, out, err);
}

int date_parse_any(const char *s, td_date *out, struct td_error *err)
{
	return strchr(s, '/') ? date_parse_vn(s, out, err) : date_parse_iso(s, out, err);
}

int date_parse_vn(const char *s, td_date *out, struct td_error *err)
{
	static const char fmt[] = "dd/mm/yyyy";
	size_t p = 0;
	int y, m, d;
	if (s[0] == '\0')
		return td_error_set(err, TD_EINVAL, "date: empty, expected %s", fmt);
	if (!read_digits(s, &p, 1, 2, &d))
		return bad_format(err, fmt, p, "day");
	if (s[p++] != '/')
		return bad_format(err, fmt, p - 1, "separator after the day");
	if (!read_digits(s, &p, 1, 2, &m))
		return bad_format(err, fmt, p, "month");
	if (s[p++] != '/')
		return bad_format(err, fmt, p - 1, "separator after the month");
	if (!read_digits(s, &p, 4, 4, &y))
		return bad_format(err, fmt, p, "year");
	if (s[p] != '\0')
		return trailing_junk(err, p);
	return date_from_civil(y, m, d, out, err);
}

char *date_format_iso(td_date d, char *buf, size_t size)
{
	assert(size >= TD_DATE_FMT_MAX);
	struct td_civil c = date_to_civil(d);
	snprintf(buf, size, "%04d-%02d-%02d", c.year, c.month, c.day);
	return buf;
}

char *date_format_vn(td_date d, char *buf, size_t size)
{
	assert(size >= TD_DATE_FMT_MAX);
	struct td_civil c = date_to_civil(d);
	snprintf(buf, size, "%02d/%02d/%04d", c.day, c.month, c.year);
	return buf;
}

int date_months_between(td_date a, td_date b)
{
	if (b < a)
		return -date_months_between(b, a);
	struct td_civil ca = date_to_civil(a), cb = date_to_civil(b);
	int months = (cb.year - ca.year) * 12 + (cb.month - ca.month);
	bool b_month_end = cb.day == date_days_in_month(cb.year, cb.month);
	if (cb.day < ca.day && !b_month_end)
		months--;
	assert(months >= 0);
	return months;
}
