#include "support/testdb.h"

#include <ftw.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned counter;
static char sqlite_dir[64]; /* made on first use, removed with its contents at exit */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* At exit, whatever the tests left (a failed assertion skips their cleanup) goes too. */
static void remove_sqlite_dir(void)
{
	if (sqlite_dir[0])
		nftw(sqlite_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static int sqlite_url(char *buf, size_t size)
{
	if (!sqlite_dir[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(sqlite_dir, sizeof sqlite_dir, "%s/tdtest.XXXXXX",
			 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
		if (!mkdtemp(sqlite_dir)) {
			perror("testdb: mkdtemp");
			sqlite_dir[0] = '\0';
			return -1;
		}
		atexit(remove_sqlite_dir);
	}
	int n = snprintf(buf, size, "%s/db%u.db", sqlite_dir, ++counter);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

int testdb_pg_admin_url(char *buf, size_t size)
{
	const char *file = getenv("TINDUNG_TEST_PG");
	if (!file || !*file) {
		fprintf(stderr, "testdb: TINDUNG_TEST_PG is not set; it names the file holding "
				"the test cluster's URL (run through ctest, which starts the "
				"cluster with scripts/pgtest)\n");
		return -1;
	}
	FILE *f = fopen(file, "r");
	if (!f) {
		fprintf(stderr, "testdb: cannot read %s (TINDUNG_TEST_PG): %m; is the pg/start "
				"fixture running?\n",
			file);
		return -1;
	}
	bool ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	buf[ok ? strcspn(buf, "\r\n") : 0] = '\0';
	if (!buf[0]) {
		fprintf(stderr, "testdb: %s (TINDUNG_TEST_PG) is empty\n", file);
		return -1;
	}
	return 0;
}

/* admin "postgresql://user@host/postgres?query" -> "postgresql://user@host/DBNAME?query" */
static int replace_dbname(const char *admin, const char *dbname, char *buf, size_t size)
{
	const char *auth = strstr(admin, "://");
	if (!auth)
		return -1;
	auth += 3;
	const char *path = auth + strcspn(auth, "/?");
	const char *query = path + strcspn(path, "?");
	int n = snprintf(buf, size, "%.*s/%s%s", (int)(path - admin), admin, dbname, query);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

/* Runs one command as the cluster's administrator. */
static int pg_admin(const char *sql)
{
	char admin[TESTDB_URL_MAX];
	if (testdb_pg_admin_url(admin, sizeof admin))
		return -1;
	PGconn *conn = PQconnectdb(admin);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "testdb: cannot connect to the test cluster %s: %s", admin,
			PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	PGresult *res = PQexec(conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc)
		fprintf(stderr, "testdb: %s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
	return rc;
}

static int pg_url(char *buf, size_t size)
{
	char admin[TESTDB_URL_MAX], name[64], sql[128];
	if (testdb_pg_admin_url(admin, sizeof admin))
		return -1;
	snprintf(name, sizeof name, "td_%ld_%u", (long)getpid(), ++counter);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	if (pg_admin(sql))
		return -1;
	if (replace_dbname(admin, name, buf, size)) {
		fprintf(stderr, "testdb: cannot build a URL from %s\n", admin);
		return -1;
	}
	return 0;
}

int testdb_url(enum td_backend b, char *buf, size_t size)
{
	return b == TD_BACKEND_POSTGRES ? pg_url(buf, size) : sqlite_url(buf, size);
}

int testdb_open(enum td_backend b, bool migrate, struct td_store **out, char *url, size_t size)
{
	struct td_error err = {0};
	*out = NULL;
	if (testdb_url(b, url, size))
		return -1;
	int rc = store_open(url, TD_OPEN_CREATE, out, &err);
	if (rc == TD_OK && migrate)
		rc = store_migrate(*out, NULL, &err);
	if (rc != TD_OK) {
		fprintf(stderr, "testdb: %s: %s: %s\n", url, td_code_name(rc), err.msg);
		store_close(*out);
		*out = NULL;
		testdb_cleanup(url);
		return -1;
	}
	return 0;
}

void testdb_cleanup(const char *url)
{
	if (strncmp(url, "postgres", 8) == 0) {
		const char *path = strstr(url, "://");
		path = path ? path + 3 + strcspn(path + 3, "/?") : url;
		if (*path != '/')
			return;
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.*s WITH (FORCE)",
			 (int)strcspn(path + 1, "?"), path + 1);
		pg_admin(sql);
		return;
	}
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char name[TESTDB_URL_MAX + 16];
		snprintf(name, sizeof name, "%s%s", url, suffixes[i]);
		unlink(name);
	}
}

enum td_backend testdb_backend_from_env(void)
{
	const char *v = getenv("TD_TEST_BACKEND");
	if (!v || !*v || strcmp(v, "sqlite") == 0)
		return TD_BACKEND_SQLITE;
	if (strcmp(v, "postgres") == 0)
		return TD_BACKEND_POSTGRES;
	fprintf(stderr, "testdb: TD_TEST_BACKEND=%s; expected sqlite or postgres\n", v);
	abort();
}
