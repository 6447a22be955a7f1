/*
 * The subcommands of `tindung calc` (cmd_calc.c dispatches). Each takes argv[0] = its own
 * name and returns CLI_OK, CLI_NO (a check answered no) or CLI_ERROR. docs/calc.md is
 * the manual; tests/e2e/calc.sh runs its examples.
 */
#ifndef TD_CLI_CALC_CMDS_H
#define TD_CLI_CALC_CMDS_H

#include <jansson.h>

int calc_words(int argc, char **argv);
int calc_cccd(int argc, char **argv);
int calc_schedule(int argc, char **argv);
int calc_interest(int argc, char **argv);
int calc_eligibility(int argc, char **argv);
int calc_fee(int argc, char **argv);
int calc_commission(int argc, char **argv);
int calc_score(int argc, char **argv);

/* Prints a JSON document (indented, keys in insertion order) and a newline to stdout,
 * then frees it. CLI_ERROR if it could not be built (NULL) or written. */
int calc_print_json(const char *cmd, json_t *doc);

#endif
