/*
 * Dates: a day number (days since 1970-01-01, proleptic Gregorian) in the core;
 * ISO YYYY-MM-DD in APIs and files; dd/mm/yyyy on screens and Vietnamese documents.
 * The business date is always an input; nothing here reads the clock.
 */
#ifndef TD_BASE_DATE_H
#define TD_BASE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef int32_t td_date;

/* Years outside this range are rejected by parsers and date_from_civil. */
#define TD_YEAR_MIN 1900
#define TD_YEAR_MAX 2200
#define TD_DATE_FMT_MAX 16

struct td_civil {
	int year;  /* e.g. 2024 */
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

bool date_is_leap(int year);
int date_days_in_month(int year, int month); /* 0 if month is out of range */

/* TD_EINVAL (with the reason) if the civil date does not exist. */
int date_from_civil(int year, int month, int day, td_date *out, struct td_error *err);
struct td_civil date_to_civil(td_date d);

/* Same day of month n months later (n may be negative), clamped to the month's last
 * day: 31 Jan + 1 month = 28/29 Feb. */
td_date date_add_months(td_date d, int n);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(td_date d);

/* Strict "YYYY-MM-DD" and "dd/mm/yyyy" (also d/m/yyyy): no spaces, nothing after the
 * date. TD_EINVAL with a message naming the wrong part (year, month, day, separator). */
int date_parse_iso(const char *s, td_date *out, struct td_error *err);
int date_parse_vn(const char *s, td_date *out, struct td_error *err);
/* Either of the two, as people type them on the command line: dd/mm/yyyy when s has '/'. */
int date_parse_any(const char *s, td_date *out, struct td_error *err);
char *date_format_iso(td_date d, char *buf, size_t size); /* size >= TD_DATE_FMT_MAX */
char *date_format_vn(td_date d, char *buf, size_t size);  /* "05/01/2024" */

/* Whole months from a to b, counting a month only when b's day reaches a's day
 * (or b is the last day of its month): months(31/01, 28/02 non-leap) = 1.
 * Equivalently the n with date_add_months(a, n) <= b < date_add_months(a, n + 1).
 * Negative when b < a: months(b, a) == -months(a, b). */
int date_months_between(td_date a, td_date b);

#endif
