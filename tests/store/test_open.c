/* Opening databases: URLs, create vs existing, refusing what is not tindung's.
 * Run once per backend (TD_TEST_BACKEND); the SQLite file cases run in both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <glob.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store.h"
#include "support/testdb.h"

static enum td_backend backend;

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Asserts that neither path nor its -wal/-shm/-journal exist. */
static void assert_nothing_at(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char name[TESTDB_URL_MAX + 16];
		snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
		if (exists(name))
			fail_msg("%s was left behind", name);
	}
	char pattern[TESTDB_URL_MAX + 16];
	snprintf(pattern, sizeof pattern, "%s.new-*", path); /* files being made */
	glob_t g;
	if (glob(pattern, 0, NULL, &g) == 0)
		fail_msg("%s was left behind", g.gl_pathv[0]);
	globfree(&g);
}

static void fresh_url(enum td_backend b, char *url)
{
	assert_int_equal(testdb_url(b, url, TESTDB_URL_MAX), 0);
}

static void test_open_create_then_existing(void **state)
{
	(void)state;
	char url[TESTDB_URL_MAX];
	struct td_error err = {0};
	struct td_store *s = NULL;
	fresh_url(backend, url);

	assert_int_equal(store_open(url, TD_OPEN_CREATE, &s, &err), TD_OK);
	assert_non_null(s);
	assert_int_equal(store_backend(s), backend);
	assert_string_equal(store_backend_name(s),
			    backend == TD_BACKEND_SQLITE ? "sqlite" : "postgres");
	store_close(s);

	s = NULL;
	assert_int_equal(store_open(url, TD_OPEN_EXISTING, &s, &err), TD_OK);
	assert_non_null(s);
	store_close(s);
	testdb_cleanup(url);
}

static void test_open_existing_missing_file_creates_nothing(void **state)
{
	(void)state;
	char path[TESTDB_URL_MAX], url[TESTDB_URL_MAX + 8];
	struct td_error err = {0};
	struct td_store *s = (struct td_store *)&err; /* must be reset to NULL */
	fresh_url(TD_BACKEND_SQLITE, path);

	assert_int_equal(store_open(path, TD_OPEN_EXISTING, &s, &err), TD_EIO);
	assert_null(s);
	char want[TESTDB_URL_MAX + 64];
	snprintf(want, sizeof want, "database %s does not exist (run tindung init)", path);
	assert_string_equal(err.msg, want);
	assert_nothing_at(path);

	snprintf(url, sizeof url, "sqlite:%s", path);
	assert_int_equal(store_open(url, TD_OPEN_EXISTING, &s, &err), TD_EIO);
	assert_nothing_at(path);
}

static void test_sqlite_prefix_and_plain_path_name_the_same_file(void **state)
{
	(void)state;
	char path[TESTDB_URL_MAX], url[TESTDB_URL_MAX + 8];
	struct td_error err = {0};
	struct td_store *s = NULL;
	fresh_url(TD_BACKEND_SQLITE, path);
	snprintf(url, sizeof url, "sqlite:%s", path);

	assert_int_equal(store_open(url, TD_OPEN_CREATE, &s, &err), TD_OK);
	assert_int_equal(store_backend(s), TD_BACKEND_SQLITE);
	store_close(s);
	assert_true(exists(path));
	assert_int_equal(store_open(path, TD_OPEN_EXISTING, &s, &err), TD_OK);
	store_close(s);
	testdb_cleanup(path);
}

/* A new SQLite file carries tindung's application_id and is in WAL mode. */
static void test_sqlite_file_is_stamped_and_wal(void **state)
{
	(void)state;
	char path[TESTDB_URL_MAX];
	struct td_error err = {0};
	struct td_store *s = NULL;
	fresh_url(TD_BACKEND_SQLITE, path);
	assert_int_equal(store_open(path, TD_OPEN_CREATE, &s, &err), TD_OK);
	store_close(s);

	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* households' personal data */

	sqlite3 *db;
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(stmt, 0), TD_SQLITE_APPLICATION_ID);
	sqlite3_finalize(stmt);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	testdb_cleanup(path);
}

/* TD_OPEN_CREATE where no file can be made: TD_EIO naming the path and the OS reason,
 * and nothing left behind. */
static void test_create_on_unwritable_path_leaves_nothing(void **state)
{
	(void)state;
	char file[TESTDB_URL_MAX], under_file[TESTDB_URL_MAX + 8], no_dir[TESTDB_URL_MAX + 16];
	fresh_url(TD_BACKEND_SQLITE, file);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(under_file, sizeof under_file, "%s/x.db", file);
	snprintf(no_dir, sizeof no_dir, "%s.d/sub/x.db", file);

	const struct {
		const char *path;
		int os;
	} cases[] = {
		{"/proc/x.db", ENOENT},
		{under_file, ENOTDIR},
		{no_dir, ENOENT},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct td_error err = {0};
		struct td_store *s = NULL;
		assert_int_equal(store_open(cases[i].path, TD_OPEN_CREATE, &s, &err), TD_EIO);
		assert_null(s);
		char want[TESTDB_URL_MAX + 128];
		snprintf(want, sizeof want, "cannot create database %s: %s", cases[i].path,
			 strerror(cases[i].os));
		assert_string_equal(err.msg, want);
		assert_nothing_at(cases[i].path);
	}
	unlink(file);
}

/* Tries to create dir/x.db, which must fail with EACCES; 0 if it did as it should. */
static int create_in_read_only_dir(const char *dir)
{
	char path[TESTDB_URL_MAX], want[TESTDB_URL_MAX + 64];
	snprintf(path, sizeof path, "%s/x.db", dir);
	snprintf(want, sizeof want, "cannot create database %s: %s", path, strerror(EACCES));
	struct td_error err = {0};
	struct td_store *s = NULL;
	int rc = store_open(path, TD_OPEN_CREATE, &s, &err);
	if (rc != TD_EIO || strcmp(err.msg, want) != 0 || exists(path)) {
		fprintf(stderr, "read-only directory: got %s \"%s\", want io \"%s\"\n",
			td_code_name(rc), err.msg, want);
		store_close(s);
		return 1;
	}
	return 0;
}

/* Root ignores directory permissions, so as root the attempt runs in a child that has
 * become "nobody". */
static void test_create_in_read_only_directory_leaves_nothing(void **state)
{
	(void)state;
	char dir[] = "/tmp/tdro.XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0555), 0);
	if (geteuid() != 0) {
		assert_int_equal(create_in_read_only_dir(dir), 0);
	} else {
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(2);
			_exit(create_in_read_only_dir(dir));
		}
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(rmdir(dir), 0);
}

static void test_directory_is_not_a_database(void **state)
{
	(void)state;
	char dir[TESTDB_URL_MAX];
	fresh_url(TD_BACKEND_SQLITE, dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	struct td_error err = {0};
	struct td_store *s = NULL;
	assert_int_equal(store_open(dir, TD_OPEN_CREATE, &s, &err), TD_EIO);
	assert_non_null(strstr(err.msg, "is a directory"));
	assert_int_equal(rmdir(dir), 0);
}

/* A file that is not SQLite at all is refused and kept as it was. */
static void test_garbage_file_is_not_a_tindung_database(void **state)
{
	(void)state;
	char path[TESTDB_URL_MAX];
	fresh_url(TD_BACKEND_SQLITE, path);
	unsigned char garbage[4096];
	for (size_t i = 0; i < sizeof garbage; i++)
		garbage[i] = (unsigned char)(i * 7919 + 13);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(garbage, 1, sizeof garbage, f), sizeof garbage);
	fclose(f);

	static const enum td_open_mode modes[] = {TD_OPEN_CREATE, TD_OPEN_EXISTING};
	for (size_t i = 0; i < 2; i++) {
		struct td_error err = {0};
		struct td_store *s = NULL;
		assert_int_equal(store_open(path, modes[i], &s, &err), TD_ENOTDB);
		assert_null(s);
		char want[TESTDB_URL_MAX + 64];
		snprintf(want, sizeof want, "%s is not a tindung database", path);
		assert_string_equal(err.msg, want);
	}
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, sizeof garbage);
	testdb_cleanup(path);
}

static void sqlite_raw(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void pg_raw(const char *url, const char *sql)
{
	PGconn *conn = PQconnectdb(url);
	assert_int_equal(PQstatus(conn), CONNECTION_OK);
	PGresult *res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
}

/* Someone else's database (a table of theirs, no td_schema_version) is refused. */
static void test_foreign_table_is_not_a_tindung_database(void **state)
{
	(void)state;
	char url[TESTDB_URL_MAX];
	fresh_url(backend, url);
	if (backend == TD_BACKEND_SQLITE)
		sqlite_raw(url, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
	else
		pg_raw(url, "CREATE TABLE customers (id bigint PRIMARY KEY, name text)");

	static const enum td_open_mode modes[] = {TD_OPEN_CREATE, TD_OPEN_EXISTING};
	for (size_t i = 0; i < 2; i++) {
		struct td_error err = {0};
		struct td_store *s = NULL;
		assert_int_equal(store_open(url, modes[i], &s, &err), TD_ENOTDB);
		assert_null(s);
		char want[TESTDB_URL_MAX + 64];
		snprintf(want, sizeof want, "%s is not a tindung database", url);
		assert_string_equal(err.msg, want);
	}
	testdb_cleanup(url);
}

/* A SQLite file claimed by another application is refused even without tables. */
static void test_other_application_id_is_not_a_tindung_database(void **state)
{
	(void)state;
	char path[TESTDB_URL_MAX];
	fresh_url(TD_BACKEND_SQLITE, path);
	sqlite_raw(path, "PRAGMA application_id = 42");
	struct td_error err = {0};
	struct td_store *s = NULL;
	assert_int_equal(store_open(path, TD_OPEN_CREATE, &s, &err), TD_ENOTDB);
	assert_true(exists(path));
	testdb_cleanup(path);
}

/* Once migrated, a database is recognised again: by application_id on SQLite, by
 * td_schema_version on PostgreSQL. */
static void test_migrated_database_reopens(void **state)
{
	(void)state;
	char url[TESTDB_URL_MAX];
	struct td_store *s = NULL;
	struct td_error err = {0};
	assert_int_equal(testdb_open(backend, true, &s, url, sizeof url), 0);
	store_close(s);
	assert_int_equal(store_open(url, TD_OPEN_EXISTING, &s, &err), TD_OK);
	store_close(s);
	testdb_cleanup(url);
}

static void test_refused_postgres_connection_is_one_line_without_password(void **state)
{
	(void)state;
	static const char *const urls[] = {
		"postgresql://postgres@/postgres?host=/nonexistent/tindung&port=5432",
		"postgres://u:topsecret@/x?host=/nonexistent/tindung",
		"postgresql://u@/x?host=/nonexistent/tindung&password=topsecret",
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		struct td_error err = {0};
		struct td_store *s = NULL;
		assert_int_equal(store_open(urls[i], TD_OPEN_CREATE, &s, &err), TD_ECONNECT);
		assert_null(s);
		assert_null(strchr(err.msg, '\n'));
		assert_null(strstr(err.msg, "topsecret"));
		assert_non_null(strstr(err.msg, "/nonexistent/tindung"));
		assert_non_null(strstr(err.msg, "cannot connect to postgres"));
	}
}

static void test_bad_urls_are_invalid(void **state)
{
	(void)state;
	static const char *const urls[] = {"", "sqlite:", "mysql://localhost/x", "pg://x"};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		struct td_error err = {0};
		struct td_store *s = NULL;
		assert_int_equal(store_open(urls[i], TD_OPEN_CREATE, &s, &err), TD_EINVAL);
		assert_null(s);
		assert_true(err.msg[0] != '\0');
	}
	struct td_error err = {0};
	struct td_store *s = NULL;
	assert_int_equal(store_open(NULL, TD_OPEN_CREATE, &s, &err), TD_EINVAL);
}

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_create_then_existing),
		cmocka_unit_test(test_open_existing_missing_file_creates_nothing),
		cmocka_unit_test(test_sqlite_prefix_and_plain_path_name_the_same_file),
		cmocka_unit_test(test_sqlite_file_is_stamped_and_wal),
		cmocka_unit_test(test_create_on_unwritable_path_leaves_nothing),
		cmocka_unit_test(test_create_in_read_only_directory_leaves_nothing),
		cmocka_unit_test(test_directory_is_not_a_database),
		cmocka_unit_test(test_garbage_file_is_not_a_tindung_database),
		cmocka_unit_test(test_foreign_table_is_not_a_tindung_database),
		cmocka_unit_test(test_other_application_id_is_not_a_tindung_database),
		cmocka_unit_test(test_migrated_database_reopens),
		cmocka_unit_test(test_refused_postgres_connection_is_one_line_without_password),
		cmocka_unit_test(test_bad_urls_are_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
