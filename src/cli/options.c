#include "cli/options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/keyed.h"

static char **seen;

void cli_getopt_reset(void)
{
	seen = NULL;
}

int cli_getopt(const char *cmd, int argc, char **argv, const struct option *longopts)
{
	if (seen != argv) {
		seen = argv;
		optind = 0; /* glibc: full re-initialisation */
	}
	opterr = 0;
	int index = -1;
	int c = getopt_long(argc, argv, ":h", longopts, &index);
	/* What was asked, for --key to compare runs by (cli/canon.h). */
	if (c == -1)
		keyed_parsed(argv, argc, NULL, NULL);
	else if (c != '?' && c != ':' && index >= 0)
		keyed_parsed(argv, argc, &longopts[index], optarg);
	if (c == '?') {
		const char *bad = argv[optind - 1];
		cli_failf(cmd, "unknown option '%s' (tùy chọn không hợp lệ; xem tindung %s --help)",
			  bad, cmd);
	} else if (c == ':') {
		cli_failf(cmd, "option '%s' needs a value (thiếu giá trị)", argv[optind - 1]);
	}
	return c;
}

int cli_no_positionals(const char *cmd, int argc, char **argv)
{
	if (optind < argc)
		return cli_failf(cmd, "unexpected argument '%s' (tham số thừa)", argv[optind]);
	return CLI_OK;
}

int cli_parse_int(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return cli_failf(cmd, "%s must be a whole number from %ld to %ld, got '%s'", opt, min,
				 max, s);
	*out = v;
	return CLI_OK;
}
