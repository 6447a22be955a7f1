/* What the network commands share (import admin-units, office, point, staff): the
 * database and the acting user, dates, office codes, repeated options, JSON output. */
#ifndef TD_CLI_NET_ARGS_H
#define TD_CLI_NET_ARGS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/ctx.h"

struct netcli {
	struct td_store *s;
	struct td_actor actor;
	struct td_ctx ctx;
};

/* Opens (and migrates) the database and acts as --user (NULL: the system administrator).
 * CLI_OK, or CLI_ERROR after one line on stderr. */
int netcli_open(const char *cmd, const char *db, const char *user, struct netcli *n);
void netcli_close(struct netcli *n);

/* --date YYYY-MM-DD, or dflt when iso is NULL. */
int netcli_date(const char *cmd, const char *iso, td_date dflt, td_date *out);

/* The id of the office with this code; "" or NULL gives 0 when optional. */
int netcli_office(const char *cmd, struct td_store *s, const char *code, int64_t *id);

/* Appends v to a list of at most max values given by a repeated option. */
int netcli_push(const char *cmd, const char *opt, const char **list, size_t *n, size_t max,
		const char *v);

/* Prints j indented, with a newline. */
void netcli_json(json_t *j);

/* "12 / 30 <what>" under a listing. */
void netcli_footer(json_t *list, const char *what);

#endif
