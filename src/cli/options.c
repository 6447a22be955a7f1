#include "cli/options.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/keyed.h"

static char **seen;
/* The long options of the parse of seen, for cli_options_only. */
static const char *parsed[256];
static size_t n_parsed;
static const char *positional; /* the first argument after the options, or NULL */

void cli_getopt_reset(void)
{
	seen = NULL;
	n_parsed = 0;
	positional = NULL;
}

int cli_getopt(const char *cmd, int argc, char **argv, const struct option *longopts)
{
	if (seen != argv) {
		seen = argv;
		n_parsed = 0;
		positional = NULL;
		optind = 0; /* glibc: full re-initialisation */
	}
	opterr = 0;
	int index = -1;
	int c = getopt_long(argc, argv, ":h", longopts, &index);
	const struct option *o =
		c != -1 && c != '?' && c != ':' && index >= 0 ? &longopts[index] : NULL;
	/* What was asked: for --key to compare runs by (cli/canon.h), for cli_options_only. */
	if (c == -1)
		positional = optind < argc ? argv[optind] : NULL;
	if (c == -1 || o)
		keyed_parsed(argv, argc, o, optarg);
	if (o && n_parsed < sizeof parsed / sizeof *parsed)
		parsed[n_parsed++] = o->name;
	if (c == '?') {
		const char *bad = argv[optind - 1];
		cli_failf(cmd, "tùy chọn không hợp lệ '%s' (xem tindung %s --help)", bad, cmd);
	} else if (c == ':') {
		cli_failf(cmd, "tùy chọn '%s' cần một giá trị", argv[optind - 1]);
	}
	return c;
}

int cli_parse_slots(const char *cmd, const char *help, int argc, char **argv,
		    const struct option *opts, const struct cli_slots *s)
{
	int c;
	while ((c = cli_getopt(cmd, argc, argv, opts)) != -1) {
		if (c == 'h')
			return fputs(help, stdout), -1;
		if (c > 0 && c < 128 && s->flag[c])
			*s->flag[c] = 1;
		else if (c > 0 && c < 128 && s->value[c])
			*s->value[c] = optarg;
		else
			return CLI_ERROR;
	}
	for (; optind < argc; optind++) {
		if (*s->n_pos >= s->max_pos)
			return cli_failf(cmd, "tham số thừa '%s'", argv[optind]);
		s->pos[(*s->n_pos)++] = argv[optind];
	}
	return CLI_OK;
}

int cli_no_positionals(const char *cmd, int argc, char **argv)
{
	if (optind < argc)
		return cli_failf(cmd, "tham số thừa '%s'", argv[optind]);
	return CLI_OK;
}

int cli_parse_int(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return cli_failf(cmd, "%s phải là số nguyên từ %ld đến %ld, không phải '%s'", opt,
				 min, max, s);
	*out = v;
	return CLI_OK;
}

/* Whether name is one of the space-separated words of list. */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

int cli_options_only(const char *cmd, const char *used)
{
	if (positional && !listed(used, "ARG"))
		return cli_failf(cmd, "tham số thừa '%s': lệnh '%s' không nhận tham số này",
				 positional, cmd);
	for (size_t i = 0; i < n_parsed; i++) {
		if (strcmp(parsed[i], "db") == 0 || strcmp(parsed[i], "help") == 0 ||
		    listed(used, parsed[i]))
			continue;
		char top[32];
		snprintf(top, sizeof top, "%.*s", (int)strcspn(cmd, " "), cmd);
		return cli_failf(cmd,
				 "tùy chọn '--%s' không dùng cho lệnh '%s' (xem tindung %s --help)",
				 parsed[i], cmd, top);
	}
	return CLI_OK;
}
