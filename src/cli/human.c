#include "cli/human.h"

#include <stdio.h>
#include <string.h>

const char *human_date(const char *iso, char buf[HUMAN_MAX])
{
	td_date d;
	if (!iso)
		return "";
	if (date_parse_iso(iso, &d, NULL) != TD_OK)
		return iso;
	return date_format_vn(d, buf, HUMAN_MAX);
}

const char *human_date_of(json_t *o, const char *key, char buf[HUMAN_MAX])
{
	return human_date(json_string_value(json_object_get(o, key)), buf);
}

const char *human_time(const char *iso, char buf[HUMAN_MAX])
{
	char day[TD_DATE_FMT_MAX], vn[HUMAN_MAX];
	if (!iso)
		return "";
	if (strlen(iso) < 19 || iso[10] != 'T')
		return iso;
	snprintf(day, sizeof day, "%.10s", iso);
	const char *d = human_date(day, vn);
	if (d == day)
		return iso;
	snprintf(buf, HUMAN_MAX, "%s %.8s", d, iso + 11);
	return buf;
}

const char *human_month(const char *ym, char buf[HUMAN_MAX])
{
	if (!ym)
		return "";
	if (strlen(ym) != 7 || ym[4] != '-')
		return ym;
	snprintf(buf, HUMAN_MAX, "%.2s/%.4s", ym + 5, ym);
	return buf;
}

const char *human_money_of(json_t *o, const char *key, char buf[HUMAN_MAX])
{
	return money_format(json_integer_value(json_object_get(o, key)), buf, HUMAN_MAX);
}

const char *human_count(int64_t n, char buf[HUMAN_MAX])
{
	return money_format(n, buf, HUMAN_MAX);
}

const char *human_rate(const char *pct, char buf[HUMAN_MAX])
{
	if (!pct)
		return "-";
	snprintf(buf, HUMAN_MAX, "%s", pct);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = ',';
	return buf;
}

const char *human_bp(int64_t bp, char buf[HUMAN_MAX])
{
	long long a = bp < 0 ? -(long long)bp : (long long)bp;
	snprintf(buf, HUMAN_MAX, "%s%lld,%02lld %%", bp < 0 ? "-" : "", a / 100, a % 100);
	return buf;
}

const char *human_ratio(int64_t num, int64_t den, char buf[HUMAN_MAX])
{
	return human_bp(den > 0 ? (int64_t)((__int128)num * 10000 / den) : 0, buf);
}

void human_money_cell(json_t *o, const char *key, int width)
{
	char b[HUMAN_MAX];
	printf("%*s ", width, human_money_of(o, key, b));
}
