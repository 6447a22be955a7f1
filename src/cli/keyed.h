/*
 * --key KEY on the command line (R-GL-3): a command that writes runs once per key, through
 * the bank's one mechanism (bank/idempotency.h, the same as the API's Idempotency-Key),
 * and no command writes a line of code for it.
 *
 * keyed_main takes --key out of the arguments and runs the command:
 *  - cli_open_db hands the command's store to keyed_store, which keeps it open past the
 *    command's own store_close (store_retain);
 *  - cli_ctx calls keyed_begin: the transaction begins and the (user, key) is looked up with
 *    the request, which is the command and its arguments in canonical form (what
 *    cli_getopt parsed, options sorted by name, --key and --db left out). A replay or a
 *    conflict ends the command there; a new key leaves the transaction open, and the use
 *    cases join it (ctx->tx_depth 1), so a command of several use cases — eod over many
 *    days, an import — is one transaction with its key;
 *  - the command's stdout goes to a temporary file, and its error lines (cli_fail) are
 *    held back until the outcome is known;
 *  - then: the command succeeded and wrote (the audit trail grew): the request and the
 *    output are kept with the key, committed, and the output printed. It succeeded but
 *    wrote nothing (a read, a dry run, a day already processed): refused, --key has
 *    nothing to protect. It failed: rolled back, its error printed, the key stays free for
 *    a retry. A twin with the same key or a serialization conflict: the command runs again
 *    (and then replays the twin's output).
 * A run again with the same key and the same request prints the first output again and
 * exits 0; with another request it exits 2 naming the first. Commands that never take a key
 * say why in cli.c's table (no_key) and refuse it before they run.
 */
#ifndef TD_CLI_KEYED_H
#define TD_CLI_KEYED_H

#include <getopt.h>
#include <stdbool.h>

#include "bank/ctx.h"
#include "cli/cli.h"

/* The longest key the command line takes, in bytes. */
#define CLI_KEY_MAX 128

/* Runs command c (argv[1] is its name) with --key handled; its exit status. */
int keyed_main(const struct cli_command *c, int argc, char **argv);

/* Whether this run has a key. */
bool keyed_active(void);

/* cli_open_db: the store the command opened. CLI_ERROR (with its line) if it is not the
 * first: a keyed command has one database and one transaction. */
int keyed_store(const char *cmd, struct td_store *s);

/* cli_ctx, once the actor is known: begins the keyed transaction (or joins it on a later
 * call) and fills ctx->tx_depth and ctx->idem_key. CLI_ERROR after a replay (nothing
 * printed: keyed_main prints the first output) or with the line of a conflict. */
int keyed_begin(const char *cmd, struct td_store *s, const struct td_actor *actor,
		struct td_ctx *ctx);

/* cli_getopt: an option it parsed (o == NULL: the end, positionals at argv[optind..]). */
void keyed_parsed(char **argv, int argc, const struct option *o, const char *value);

/* cli_fail: holds the error line of a keyed run (code 0 when unknown) and returns true;
 * false without a key (the caller prints it). */
bool keyed_hold_error(int code, const char *line);

#endif
