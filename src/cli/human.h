/*
 * Dates and figures for people (GUIDE.md, DOMAIN.md §8): every command's human output
 * shows dates as dd/mm/yyyy and amounts with dot thousands ("1.234.567"); --json and
 * machine CSV keep ISO dates and plain integers. The bank answers in ISO and integers; these
 * turn its JSON into what a person reads.
 */
#ifndef TD_CLI_HUMAN_H
#define TD_CLI_HUMAN_H

#include <jansson.h>
#include <stdint.h>

#include "base/date.h"
#include "base/money.h"

#define HUMAN_MAX 40 /* room for any of the texts below */

/* dd/mm/yyyy of an ISO date text; "" for NULL; text that is not a date as it is. */
const char *human_date(const char *iso, char buf[HUMAN_MAX]);
/* human_date of the string member key of o. */
const char *human_date_of(json_t *o, const char *key, char buf[HUMAN_MAX]);
/* "dd/mm/yyyy HH:MM:SS" of a UTC time "YYYY-MM-DDTHH:MM:SSZ"; other text as it is. */
const char *human_time(const char *iso, char buf[HUMAN_MAX]);
/* mm/yyyy of "YYYY-MM" (a month); other text as it is. */
const char *human_month(const char *ym, char buf[HUMAN_MAX]);
/* "1.234.567" of the integer member key of o (0 when absent). */
const char *human_money_of(json_t *o, const char *key, char buf[HUMAN_MAX]);
/* "1.234" of a count. */
const char *human_count(int64_t n, char buf[HUMAN_MAX]);
/* A rate as the bank's percent text ("6.6", rate_format_percent) with a decimal comma, as
 * Vietnamese writes it beside dot thousands: "6,6"; NULL -> "-". */
const char *human_rate(const char *pct, char buf[HUMAN_MAX]);
/* A ratio in basis points as a percent with two decimals: 125 -> "1,25 %". */
const char *human_bp(int64_t bp, char buf[HUMAN_MAX]);
/* num / den as human_bp, rounded down; "0,00 %" when den is not positive. */
const char *human_ratio(int64_t num, int64_t den, char buf[HUMAN_MAX]);

/* human_money_of right-aligned in width characters and one space, to stdout (tables). */
void human_money_cell(json_t *o, const char *key, int width);

#endif
