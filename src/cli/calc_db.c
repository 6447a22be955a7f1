/* The calculator's parameters: the user's database or a fresh in-memory one (calc_db.h). */
#include "cli/calc_db.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/dbopen.h"

/* The URL to read: --db, $TINDUNG_DB, or the default file if it exists; NULL: none. */
static const char *url_of(const struct calc_args *a)
{
	const char *db = calc_arg(a, "db");
	if (db)
		return db;
	const char *env = getenv("TINDUNG_DB");
	if (env && *env)
		return env;
	const char *def = cli_db_url(NULL);
	return access(def, F_OK) == 0 ? def : NULL;
}

int calc_db_open(const char *cmd, const struct calc_args *a, struct calc_db *out)
{
	memset(out, 0, sizeof *out);
	struct td_error err = {0};
	const char *url = url_of(a);
	if (url) {
		if (cli_open_db(cmd, url, &out->s) != CLI_OK)
			return CLI_ERROR;
	} else if (store_open("sqlite::memory:", TD_OPEN_CREATE, &out->s, &err) != TD_OK ||
		   store_migrate(out->s, NULL, &err) != TD_OK) {
		calc_db_close(out);
		return cli_fail(cmd, &err);
	}
	out->fresh = url == NULL;
	actor_system(&out->actor);
	out->ctx = (struct td_ctx){.store = out->s, .actor = &out->actor};
	const char *date = calc_arg(a, "date");
	if (bank_business_date(out->s, &out->ctx.business_date, &err) != TD_OK) {
		calc_db_close(out);
		return cli_fail(cmd, &err);
	}
	out->day = out->ctx.business_date;
	if (date && calc_date(cmd, "--date", date, &out->day) != CLI_OK) {
		calc_db_close(out);
		return CLI_ERROR;
	}
	return CLI_OK;
}

void calc_db_close(struct calc_db *d)
{
	if (d->s)
		store_close(d->s);
	d->s = NULL;
}
