/* Who a command acts as: the built-in system administrator of the head office, or the user
 * named by --user (whose role and scope then apply, R-ORG-4). */
#ifndef TD_CLI_ACTOR_H
#define TD_CLI_ACTOR_H

#include "bank/ctx.h"

/* Fills ctx (store, actor, business date) for command cmd. username NULL: actor_system().
 * Prints one line and returns CLI_ERROR when the user does not exist or is locked. With
 * --key, opens the keyed transaction the command's use cases join (cli/keyed.h), or
 * returns CLI_ERROR when the key answers for itself (a replay or a conflict). */
int cli_ctx(const char *cmd, struct td_store *s, const char *username, struct td_actor *actor,
	    struct td_ctx *ctx);

#endif
