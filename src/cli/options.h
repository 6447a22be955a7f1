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

/* Fails with one line if positional arguments remain after options. */
int cli_no_positionals(const char *cmd, int argc, char **argv);

/* Parses a whole decimal int in [min, max]; prints a line naming opt on failure. */
int cli_parse_int(const char *cmd, const char *opt, const char *s, long min, long max, long *out);

#endif
