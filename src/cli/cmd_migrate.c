/* tindung migrate: bring an existing database's schema up to this binary's version. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/store.h"

static const char *help = "Cách dùng: tindung migrate [--db URL]\n"
			  "Áp dụng các bước nâng cấp lược đồ còn thiếu; chạy lại không sao.\n";

int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL;
	int c;
	while ((c = cli_getopt("migrate", argc, argv, opts)) != -1) {
		if (c == 'h')
			return fputs(help, stdout), CLI_OK;
		if (c != 'd')
			return CLI_ERROR;
		db = optarg;
	}
	if (cli_no_positionals("migrate", argc, argv) != CLI_OK)
		return CLI_ERROR;
	const char *url = cli_db_url(db);

	struct td_error err = {0};
	struct td_store *s = NULL;
	int applied = 0, version = 0;
	int rc = store_open(url, TD_OPEN_EXISTING, &s, &err);
	if (rc == TD_OK)
		rc = store_migrate(s, &applied, &err);
	if (rc == TD_OK)
		rc = store_schema_version(s, &version, &err);
	store_close(s);
	if (rc != TD_OK)
		return cli_fail("migrate", &err);
	printf("Lược đồ %d (%d bước nâng cấp mới).\n", version, applied);
	return CLI_OK;
}
