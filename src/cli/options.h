/* Option parsing shared by the commands: getopt_long with our own messages. */
#ifndef TD_CLI_OPTIONS_H
#define TD_CLI_OPTIONS_H

#include <getopt.h>

/* Like getopt_long but silent; returns '?' for an unknown option and ':' for a missing
 * argument, after printing one line naming it for command cmd. Resets state on the
 * first call for a new argv. */
int cli_getopt(const char *cmd, int argc, char **argv, const struct option *longopts);
/* The next cli_getopt starts afresh, whatever argv it gets (a command run again). */
void cli_getopt_reset(void);

/* Refuses, naming it, an option of the last cli_getopt parse that command cmd does not
 * use (an option accepted and ignored hides a mistake): used lists the long options it
 * reads, space-separated ("loan amount date"), and ARG when it takes arguments after the
 * options (without ARG an argument is refused too); --db and --help are always fine. Commands
 * whose subcommands share one option table call it once the subcommand is known. */
int cli_options_only(const char *cmd, const char *used);

/* Where cli_parse_slots puts what it parses: option c's value into *value[c], a flag c
 * (no_argument) sets *flag[c] to 1, up to max_pos arguments after the options into pos. */
struct cli_slots {
	const char **value[128];
	int *flag[128];
	const char **pos;
	int max_pos, *n_pos;
};
/* cli_getopt over argv into s: -1 after printing help for --help, CLI_ERROR with one line
 * for a bad option or one argument too many, CLI_OK. */
int cli_parse_slots(const char *cmd, const char *help, int argc, char **argv,
		    const struct option *opts, const struct cli_slots *s);
/* Fails with one line if positional arguments remain after options. */
int cli_no_positionals(const char *cmd, int argc, char **argv);

/* Parses a whole decimal int in [min, max]; prints a line naming opt on failure. */
int cli_parse_int(const char *cmd, const char *opt, const char *s, long min, long max, long *out);

#endif
