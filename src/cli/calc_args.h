/*
 * Arguments of the `tindung calc` subcommands: "--name value", "--name=value", bare
 * switches, "--" and positionals. Written for calc rather than reusing getopt because a
 * negative amount ("calc words -5000") must stay a positional and --flag may repeat.
 *
 * Every parser here prints one line "tindung calc SUB: ..." on stderr and returns
 * CLI_ERROR on bad input, CLI_OK otherwise.
 */
#ifndef TD_CLI_CALC_ARGS_H
#define TD_CLI_CALC_ARGS_H

#include <stdbool.h>

#include "base/date.h"
#include "base/money.h"

#define CALC_ARGS_MAX 32

struct calc_spec {
	const char *name; /* without the dashes */
	bool value;	  /* takes a value; otherwise a switch */
	bool repeat;	  /* may be given more than once */
};

struct calc_args {
	const char *pos[CALC_ARGS_MAX];
	int npos;
	struct {
		const char *name;
		const char *value; /* "" for a switch */
	} opt[CALC_ARGS_MAX];
	int nopt;
	bool help;
};

/* argv[0] is the subcommand's name. spec ends with a NULL name. */
int calc_args_parse(const char *cmd, int argc, char **argv, const struct calc_spec *spec,
		    struct calc_args *out);

/* The value of an option (the first if it repeats), or NULL if absent. */
const char *calc_arg(const struct calc_args *a, const char *name);

/* Fails naming the option if it is absent. */
int calc_need(const char *cmd, const struct calc_args *a, const char *name, const char **out);

/* Exactly n positionals, named in the message ("needs AMOUNT"). */
int calc_positionals(const char *cmd, const struct calc_args *a, int n, const char *what);

/* Typed values: money_parse, rate_parse_percent, date_parse_iso, a whole number. */
int calc_money(const char *cmd, const char *opt, const char *s, td_money *out);
int calc_rate(const char *cmd, const char *opt, const char *s, td_rate *out);
int calc_date(const char *cmd, const char *opt, const char *s, td_date *out);
int calc_int(const char *cmd, const char *opt, const char *s, int min, int max, int *out);
/* --date s (calc_date), or today by the machine's clock when s is NULL: the calculator has
 * no database and so no business date. */
int calc_date_or_today(const char *cmd, const char *s, td_date *out);

#endif
