/* The command line as a request (cli/keyed.h): the text that --key remembers and compares.
 * Built from what cli_getopt parsed, so that the order of the options, their
 * abbreviations and the "--opt=value" or "--opt value" spelling do not matter:
 *   loan repay --amount=100.000 --date=2024-08-17 --loan=5 --user=thuquy
 * the words of the command and subcommand, then its positional arguments, then the options
 * sorted by name (a repeated option keeps its order: --line after --line), each word quoted
 * like a shell word when it needs it; --db (which database) is left out, --key never
 * reaches the command. A command that parsed nothing is its words as given. */
#ifndef TD_CLI_CANON_H
#define TD_CLI_CANON_H

#include <getopt.h>

#include "base/buf.h"

/* A new attempt: base is the argument vector the command runs with (base[0] "tindung",
 * base[1] the command), argc its length. */
void canon_reset(char **base, int argc);

/* What cli_getopt parsed from argv: option o with value (NULL for a flag), or with o NULL
 * the end of the options (the positionals are argv[optind..argc)). */
void canon_parsed(char **argv, int argc, const struct option *o, const char *value);

/* The canonical text of the request into out. */
int canon_text(struct buf *out);

#endif
