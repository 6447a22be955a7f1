#include "cli/calc_args.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

static const struct calc_spec *find_spec(const struct calc_spec *spec, const char *name, size_t len)
{
	for (; spec->name; spec++)
		if (strlen(spec->name) == len && memcmp(spec->name, name, len) == 0)
			return spec;
	return NULL;
}

static bool seen(const struct calc_args *a, const char *name)
{
	return calc_arg(a, name) != NULL;
}

/* One "--name[=value]" at argv[*i]; consumes the next word as its value if needed. */
static int parse_option(const char *cmd, int argc, char **argv, int *i,
			const struct calc_spec *spec, struct calc_args *out)
{
	const char *word = argv[*i] + 2;
	const char *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const struct calc_spec *s = find_spec(spec, word, len);
	if (!s)
		return cli_failf(cmd, "tùy chọn không hợp lệ '--%.*s' (xem tindung %s --help)",
				 (int)len, word, cmd);
	const char *value = "";
	if (s->value && eq) {
		value = eq + 1;
	} else if (s->value) {
		/* "--amount --date ...": the next option is not a value, even if it could be. */
		if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0)
			return cli_failf(cmd, "tùy chọn '--%s' cần một giá trị", s->name);
		value = argv[++*i];
	} else if (eq) {
		return cli_failf(cmd, "option '--%s' takes no value", s->name);
	}
	if (!s->repeat && seen(out, s->name))
		return cli_failf(cmd, "option '--%s' given twice", s->name);
	if (out->nopt == CALC_ARGS_MAX)
		return cli_failf(cmd, "too many options (at most %d)", CALC_ARGS_MAX);
	out->opt[out->nopt].name = s->name;
	out->opt[out->nopt].value = value;
	out->nopt++;
	return CLI_OK;
}

int calc_args_parse(const char *cmd, int argc, char **argv, const struct calc_spec *spec,
		    struct calc_args *out)
{
	*out = (struct calc_args){0};
	bool options = true;
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		if (options && strcmp(w, "--") == 0) {
			options = false;
		} else if (options && (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0)) {
			out->help = true;
		} else if (options && strncmp(w, "--", 2) == 0) {
			if (parse_option(cmd, argc, argv, &i, spec, out) != CLI_OK)
				return CLI_ERROR;
		} else {
			/* Positionals, including "-5000": a negative amount is not an option. */
			if (out->npos == CALC_ARGS_MAX)
				return cli_failf(cmd, "too many arguments (at most %d)",
						 CALC_ARGS_MAX);
			out->pos[out->npos++] = w;
		}
	}
	return CLI_OK;
}

const char *calc_arg(const struct calc_args *a, const char *name)
{
	for (int i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i].name, name) == 0)
			return a->opt[i].value;
	return NULL;
}

int calc_need(const char *cmd, const struct calc_args *a, const char *name, const char **out)
{
	*out = calc_arg(a, name);
	if (!*out)
		return cli_failf(cmd, "missing --%s (thiếu tùy chọn; xem tindung %s --help)", name,
				 cmd);
	return CLI_OK;
}

int calc_positionals(const char *cmd, const struct calc_args *a, int n, const char *what)
{
	if (a->npos < n)
		return cli_failf(cmd, "needs %s (xem tindung %s --help)", what, cmd);
	if (a->npos > n)
		return cli_failf(cmd, "unexpected argument '%s' (tham số thừa)", a->pos[n]);
	return CLI_OK;
}

/* "--amount '12a': unexpected 'a' at position 3": the option and the value typed, then
 * the parser's reason without its own "amount: " / "rate: " / "date: " label. */
static int fail_value(const char *cmd, const char *opt, const char *s, const char *msg)
{
	const char *colon = strstr(msg, ": ");
	if (colon && strcspn(msg, " :") == (size_t)(colon - msg))
		msg = colon + 2;
	return cli_failf(cmd, "%s '%s': %s", opt, s, msg);
}

int calc_money(const char *cmd, const char *opt, const char *s, td_money *out)
{
	struct td_error err = {0};
	if (money_parse(s, out, &err) != TD_OK)
		return fail_value(cmd, opt, s, err.msg);
	return CLI_OK;
}

int calc_rate(const char *cmd, const char *opt, const char *s, td_rate *out)
{
	struct td_error err = {0};
	if (rate_parse_percent(s, out, &err) != TD_OK)
		return fail_value(cmd, opt, s, err.msg);
	return CLI_OK;
}

int calc_date(const char *cmd, const char *opt, const char *s, td_date *out)
{
	struct td_error err = {0};
	if (date_parse_any(s, out, &err) != TD_OK)
		return fail_value(cmd, opt, s, err.msg);
	return CLI_OK;
}

int calc_int(const char *cmd, const char *opt, const char *s, int min, int max, int *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max || isspace((unsigned char)s[0]) ||
	    s[0] == '+')
		return cli_failf(cmd, "%s phải là số nguyên từ %d đến %d, không phải '%s'", opt,
				 min, max, s);
	*out = (int)v;
	return CLI_OK;
}

int calc_date_or_today(const char *cmd, const char *s, td_date *out)
{
	if (s)
		return calc_date(cmd, "--date", s, out);
	time_t now = time(NULL);
	struct tm tm;
	struct td_error err = {0};
	if (!localtime_r(&now, &tm) ||
	    date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out, &err) != TD_OK)
		return cli_failf(cmd, "cannot read today's date; give --date");
	return CLI_OK;
}
