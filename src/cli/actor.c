#include "cli/actor.h"

#include <stdbool.h>
#include <string.h>

#include "bank/session.h"
#include "bank/user.h"
#include "cli/cli.h"
#include "cli/keyed.h"

int cli_ctx(const char *cmd, struct td_store *s, const char *username, struct td_actor *actor,
	    struct td_ctx *ctx)
{
	struct td_error err = {0};
	memset(ctx, 0, sizeof *ctx);
	ctx->store = s;
	ctx->actor = actor;
	if (!username) {
		actor_system(actor);
	} else {
		int64_t id = 0;
		bool disabled = false;
		if (user_id_by_name(s, username, &id, &err) != TD_OK ||
		    session_actor_load(s, id, actor, &disabled, &err) != TD_OK)
			return cli_fail(cmd, &err);
		if (disabled)
			return cli_failf(cmd,
					 "user '%s' is locked by an administrator (tài khoản bị "
					 "khóa)",
					 username);
	}
	if (keyed_begin(cmd, s, actor, ctx) != CLI_OK)
		return CLI_ERROR;
	if (bank_business_date(s, &ctx->business_date, &err) != TD_OK)
		return cli_fail(cmd, &err);
	return CLI_OK;
}
