/* tindung init: create a new database and apply the schema. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "store/store.h"

static const char *help =
	"Cách dùng: tindung init [--db URL]\n"
	"Tạo cơ sở dữ liệu mới (tệp SQLite hoặc cơ sở PostgreSQL rỗng) và áp dụng lược đồ.\n"
	"Không ghi đè cơ sở dữ liệu đã có; dùng tindung migrate để nâng cấp.\n";

/* The file path of a SQLite URL, or NULL for PostgreSQL. */
static const char *sqlite_path(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return NULL;
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Removes what a failed init created, so that failure leaves nothing behind. */
static void remove_created(const char *path, int made_dir, const char *dir)
{
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	char name[4096];
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(name, sizeof name, "%s%s", path, suffix[i]);
		unlink(name);
	}
	if (made_dir)
		rmdir(dir);
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
	const char *db = NULL;
	int c;
	while ((c = cli_getopt("init", argc, argv, opts)) != -1) {
		if (c == 'h')
			return fputs(help, stdout), CLI_OK;
		if (c != 'd')
			return CLI_ERROR;
		db = optarg;
	}
	if (cli_no_positionals("init", argc, argv) != CLI_OK)
		return CLI_ERROR;
	const char *url = cli_db_url(db);

	const char *path = sqlite_path(url);
	int existed = path && file_exists(path);
	int made_dir = 0;
	char dir[4096] = "";
	if (path && !existed) {
		char copy[4096];
		snprintf(copy, sizeof copy, "%s", path);
		/* dirname may return a static "." instead of editing its argument */
		snprintf(dir, sizeof dir, "%s", dirname(copy));
		if (!file_exists(dir)) {
			if (mkdir(dir, 0755) != 0)
				return cli_failf("init", "cannot create directory %s for %s: %s", dir,
						 path, strerror(errno));
			made_dir = 1;
		}
	}

	struct td_error err = {0};
	struct td_store *s = NULL;
	int version = 0, applied = 0;
	int rc = store_open(url, TD_OPEN_CREATE, &s, &err);
	if (rc == TD_OK)
		rc = store_schema_version(s, &version, &err);
	if (rc == TD_OK && version > 0)
		rc = td_error_set(&err, TD_ECONFLICT,
				  "database %s is already initialised (schema %d); use tindung migrate",
				  url, version);
	else if (rc == TD_OK)
		rc = store_migrate(s, &applied, &err);
	if (rc == TD_OK)
		rc = store_schema_version(s, &version, &err);
	store_close(s);
	if (rc != TD_OK) {
		if (path && !existed)
			remove_created(path, made_dir, dir);
		return cli_fail("init", &err);
	}
	printf("Đã tạo cơ sở dữ liệu %s (lược đồ %d, %d bước nâng cấp).\n", url, version, applied);
	return CLI_OK;
}
