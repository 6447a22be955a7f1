/* Options shared by `tindung ledger` and `tindung capital` (cmd_ledger.c, cmd_capital.c). */
#ifndef TD_CLI_LEDGER_ARGS_H
#define TD_CLI_LEDGER_ARGS_H

#include <stdint.h>

#include "bank/ctx.h"

struct ledger_args {
	const char *cmd;
	const char *db, *user, *office, *date, *from, *to, *code, *kind, *name;
	const char *investor, *investor_code, *level, *in, *out, *note;
	long limit, offset;
	int json;
	const char *pos; /* the one positional argument (an id), or NULL */
};

/* Parses argv (argv[0] is the subcommand); prints one line and returns CLI_ERROR on a bad
 * option. Then opens the database and fills ctx as --user (or the system administrator). */
int ledger_args_parse(struct ledger_args *a, int argc, char **argv);
int ledger_args_ctx(struct ledger_args *a, struct td_actor *actor, struct td_ctx *ctx);
/* --office CODE or id into *id; CLI_ERROR with a line when it is missing or unknown. */
int ledger_args_office(struct ledger_args *a, struct td_store *s, int64_t *id);

#endif
