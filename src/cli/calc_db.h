/*
 * Where the calculator reads the figures the government changes (issue 9: fee rates, tiers
 * and split, commission rates, score weights, programme terms): the database of --db,
 * $TINDUNG_DB or var/tindung.db when there is one, else a private in-memory database
 * with the seed rows a fresh install starts with. The day whose parameters apply is --date
 * (the application date, the month end, ...), else the database's business date.
 */
#ifndef TD_CLI_CALC_DB_H
#define TD_CLI_CALC_DB_H

#include <stdbool.h>

#include "bank/ctx.h"
#include "cli/calc_args.h"

struct calc_db {
	struct td_store *s;
	struct td_actor actor;
	struct td_ctx ctx;
	bool fresh;  /* no database: the seed values */
	td_date day; /* --date, else the business date */
};

/* Prints one line and returns CLI_ERROR when the database named cannot be opened. */
int calc_db_open(const char *cmd, const struct calc_args *a, struct calc_db *out);
void calc_db_close(struct calc_db *d);

#endif
