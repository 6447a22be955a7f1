/*
 * libFuzzer target for money and rate parsing. For any input: no crash or undefined
 * behaviour; an accepted amount is within TD_MONEY_MAX_INPUT and formats back to a string
 * that parses to the same value; likewise for rates; interest on accepted values either
 * fits or reports TD_EOVERFLOW, and negating the amount negates the interest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	struct td_error err;
	td_money v;
	if (money_parse(s, &v, &err) == TD_OK) {
		if (v > TD_MONEY_MAX_INPUT || v < -TD_MONEY_MAX_INPUT)
			abort();
		char buf[TD_MONEY_FMT_MAX];
		td_money back;
		if (money_parse(money_format(v, buf, sizeof buf), &back, &err) != TD_OK ||
		    back != v)
			abort();
		td_money i1, i2;
		int64_t days = (int64_t)(size * 37 % 4000);
		int r1 = money_interest(v, 1000000, days, 365, 130, &i1);
		int r2 = money_interest(-v, 1000000, days, 365, 130, &i2);
		if (r1 != r2 || (r1 == TD_OK && i1 != -i2))
			abort();
	} else if (err.code != TD_EINVAL || err.msg[0] == '\0') {
		abort();
	}

	td_rate rate;
	if (rate_parse_percent(s, &rate, &err) == TD_OK) {
		if (rate < 0 || rate > TD_RATE_SCALE)
			abort();
		char buf[16];
		td_rate back;
		if (rate_parse_percent(rate_format_percent(rate, buf, sizeof buf), &back, &err) !=
			    TD_OK ||
		    back != rate)
			abort();
	}
	free(s);
	return 0;
}
