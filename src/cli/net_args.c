#include "cli/net_args.h"

#include <string.h>

#include "bank/network.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"

int netcli_open(const char *cmd, const char *db, const char *user, struct netcli *n)
{
	memset(n, 0, sizeof *n);
	if (cli_open_db(cmd, cli_db_url(db), &n->s) != CLI_OK)
		return CLI_ERROR;
	if (cli_ctx(cmd, n->s, user, &n->actor, &n->ctx) != CLI_OK) {
		store_close(n->s);
		n->s = NULL;
		return CLI_ERROR;
	}
	return CLI_OK;
}

void netcli_close(struct netcli *n)
{
	store_close(n->s);
	n->s = NULL;
}

int netcli_date(const char *cmd, const char *iso, td_date dflt, td_date *out)
{
	struct td_error err = {0};
	if (!iso) {
		*out = dflt;
		return CLI_OK;
	}
	if (date_parse_any(iso, out, &err) != TD_OK)
		return cli_failf(cmd, "--date '%s': %s", iso, err.msg);
	return CLI_OK;
}

int netcli_office(const char *cmd, struct td_store *s, const char *code, int64_t *id)
{
	struct td_error err = {0};
	*id = 0;
	if (!code || !*code)
		return CLI_OK;
	if (office_find_code(s, code, id, &err) != TD_OK)
		return cli_fail(cmd, &err);
	return CLI_OK;
}

int netcli_push(const char *cmd, const char *opt, const char **list, size_t *n, size_t max,
		const char *v)
{
	if (*n >= max)
		return cli_failf(cmd, "%s given more than %zu times", opt, max);
	list[(*n)++] = v;
	return CLI_OK;
}

void netcli_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
}

void netcli_footer(json_t *list, const char *what)
{
	printf("%zu / %lld %s\n", json_array_size(json_object_get(list, "items")),
	       (long long)json_integer_value(json_object_get(list, "total")), what);
}
