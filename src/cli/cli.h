/*
 * The command line: `tindung COMMAND [options]`, git-style. One file per command
 * (cmd_NAME.c) exporting `int cmd_NAME(int argc, char **argv)`; the table in cli.c
 * lists them. Exit status: 0 success, 1 a check that answered "no" (invalid ID, failed
 * verification), 2 an error (bad usage, bad input, database trouble) with one line on
 * stderr naming it.
 */
#ifndef TD_CLI_CLI_H
#define TD_CLI_CLI_H

#include <stdint.h>

#include "base/error.h"
#include "store/store.h"

#define CLI_OK 0
#define CLI_NO 1
#define CLI_ERROR 2

struct cli_command {
	const char *name;
	const char *summary; /* Vietnamese, one line */
	int (*run)(int argc, char **argv);
	/* Why the command refuses --key (Vietnamese), or NULL: it takes one and runs once
	 * per key when it writes (cli/keyed.h). */
	const char *no_key;
};

int cli_main(int argc, char **argv);

/* --db URL, else $TINDUNG_DB, else var/tindung.db. */
const char *cli_db_url(const char *opt);

/* Prints "tindung CMD: <message>" to stderr and returns CLI_ERROR. */
int cli_fail(const char *cmd, const struct td_error *err);
int cli_failf(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The office --office names: a code (PGD318) or an id. CLI_ERROR after one line naming
 * the option when it is missing or names no office. */
int cli_office_id(const char *cmd, struct td_store *s, const char *office, int64_t *id);

/* True if argv holds -h/--help before any "--". */
int cli_wants_help(int argc, char **argv);

int cmd_application(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_calc(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_capital(int argc, char **argv);
int cmd_cash(int argc, char **argv);
int cmd_chapter(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_csession(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_eod(int argc, char **argv);
int cmd_fee_payout(int argc, char **argv);
int cmd_group(int argc, char **argv);
int cmd_household(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* `tindung import poverty-list`, dispatched by cmd_import (cmd_import_poverty.c). */
int cmd_import_poverty(int argc, char **argv);
/* `tindung import admin-units-2025`, dispatched by cmd_import (cmd_import_2025.c). */
int cmd_import_2025(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_loan(int argc, char **argv);
int cmd_month_end(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_office(int argc, char **argv);
int cmd_param(int argc, char **argv);
int cmd_point(int argc, char **argv);
int cmd_programme(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_savings(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_staff(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_village(int argc, char **argv);
int cmd_worklist(int argc, char **argv);

#endif
