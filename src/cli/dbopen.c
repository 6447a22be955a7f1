#include "cli/dbopen.h"

#include "cli/cli.h"
#include "cli/keyed.h"

int cli_open_db(const char *cmd, const char *url, struct td_store **out)
{
	struct td_error err = {0};
	struct td_store *s = NULL;
	if (store_open(url, TD_OPEN_EXISTING, &s, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (store_migrate(s, NULL, &err) != TD_OK) {
		store_close(s);
		return cli_fail(cmd, &err);
	}
	if (keyed_store(cmd, s) != CLI_OK)
		return CLI_ERROR;
	*out = s;
	return CLI_OK;
}
