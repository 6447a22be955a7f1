/* Schema migrations on both backends: once each, in order, atomically, under a lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/store_impl.h"
#include "support/testdb.h"

static enum td_backend backend;

struct db {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
};

static int setup(void **state)
{
	static struct db db;
	if (testdb_open(backend, false, &db.s, db.url, sizeof db.url))
		return -1;
	*state = &db;
	return 0;
}

static int teardown(void **state)
{
	struct db *db = *state;
	store_close(db->s);
	testdb_cleanup(db->url);
	return 0;
}

static int version_of(struct td_store *s)
{
	struct td_error err = {0};
	int v = -1;
	assert_int_equal(store_schema_version(s, &v, &err), TD_OK);
	return v;
}

/* Text of column 0 of the one row sql returns, into buf. */
static void query_text(struct td_store *s, const char *sql, char *buf, size_t size)
{
	struct td_error err = {0};
	struct td_stmt *st = NULL;
	assert_int_equal(store_prepare(s, sql, &st, &err), TD_OK);
	assert_int_equal(stmt_step(st, &err), TD_ROW);
	snprintf(buf, size, "%s", stmt_column_text(st, 0));
	assert_int_equal(stmt_step(st, &err), TD_DONE);
	stmt_finalize(st);
}

static void test_migrate_twice_applies_once(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	int applied = -1;
	int latest = store_latest_version();
	assert_true(latest >= 1);
	assert_int_equal(version_of(db->s), 0);

	assert_int_equal(store_migrate(db->s, &applied, &err), TD_OK);
	assert_int_equal(applied, latest);
	assert_int_equal(version_of(db->s), latest);

	applied = -1;
	assert_int_equal(store_migrate(db->s, &applied, &err), TD_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(version_of(db->s), latest);
	assert_int_equal(store_migrate(db->s, NULL, &err), TD_OK);
}

static void test_core_migration_seeds_meta_and_records_itself(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	char buf[64];
	assert_int_equal(store_migrate(db->s, NULL, &err), TD_OK);

	query_text(db->s, "SELECT value FROM td_meta WHERE key = 'app'", buf, sizeof buf);
	assert_string_equal(buf, "tindung");
	query_text(db->s, "SELECT value FROM td_meta WHERE key = 'business_date'", buf,
		   sizeof buf);
	assert_string_equal(buf, "2025-01-01");

	query_text(db->s, "SELECT name FROM td_schema_version WHERE version = 1", buf,
		   sizeof buf);
	assert_string_equal(buf, "0001_core.sql");
	query_text(db->s, "SELECT applied_at FROM td_schema_version WHERE version = 1", buf,
		   sizeof buf);
	int y, mo, d, h, mi, sec;
	char z;
	assert_int_equal(sscanf(buf, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z),
			 7);
	assert_int_equal(strlen(buf), 20);
	assert_true(y >= 2025 && z == 'Z');
}

static void test_newer_database_is_refused(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	int latest = store_latest_version();
	assert_int_equal(store_migrate(db->s, NULL, &err), TD_OK);
	char sql[160];
	snprintf(sql, sizeof sql,
		 "INSERT INTO td_schema_version (version, name, applied_at) "
		 "VALUES (%d, '%04d_future.sql', '2030-01-01T00:00:00Z')",
		 latest + 1, latest + 1);
	assert_int_equal(store_exec(db->s, sql, &err), TD_OK);

	int applied = -1;
	assert_int_equal(store_migrate(db->s, &applied, &err), TD_ESCHEMA);
	assert_int_equal(applied, 0);
	char want[160];
	snprintf(want, sizeof want,
		 "database schema version %d is newer than this tindung, which knows up to %d: "
		 "use a newer tindung",
		 latest + 1, latest);
	assert_string_equal(err.msg, want);
	assert_int_equal(version_of(db->s), latest + 1);
}

#define M(path, sql) {path, (const unsigned char *)(sql), sizeof(sql) - 1}

/* The second migration fails at its second statement: its first statement is undone and
 * the version stays at 1; fixing the file and migrating again then applies it. */
static void test_failing_migration_leaves_version_unchanged(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	static const struct td_embedded broken[] = {
		M("0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"
				" STRICT;\nINSERT INTO a (n) VALUES (1);"),
		M("0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT;\n"
				"INSERT INTO a (n) VALUES (NULL);\n"),
		{0},
	};
	static const struct td_embedded fixed[] = {
		M("0001_a.sql", "unused: already applied"),
		M("0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY) STRICT;"),
		{0},
	};
	int applied = -1;
	assert_int_equal(store_migrate_list(db->s, broken, &applied, &err), TD_EDB);
	assert_int_equal(applied, 1);
	assert_non_null(strstr(err.msg, "migration 0002_b.sql: "));
	assert_int_equal(version_of(db->s), 1);

	/* table b, made by the failed migration's first statement, is gone */
	struct td_stmt *st = NULL;
	assert_int_equal(store_prepare(db->s, "SELECT count(*) FROM b", &st, &err), TD_EDB);
	assert_null(st);
	int64_t n = 0;
	assert_int_equal(store_query_int64(db->s, "SELECT count(*) FROM a", &n, &err), TD_OK);
	assert_int_equal(n, 1);

	assert_int_equal(store_migrate_list(db->s, fixed, &applied, &err), TD_OK);
	assert_int_equal(applied, 1);
	assert_int_equal(version_of(db->s), 2);
	assert_int_equal(store_query_int64(db->s, "SELECT count(*) FROM b", &n, &err), TD_OK);
}

static void test_misnumbered_migration_lists_are_refused(void **state)
{
	struct db *db = *state;
	static const struct td_embedded gap[] = {
		M("0001_a.sql", "CREATE TABLE a (x TEXT) STRICT;"),
		M("0003_c.sql", "CREATE TABLE c (x TEXT) STRICT;"),
		{0},
	};
	static const struct td_embedded unnamed[] = {M("0001.sql", "SELECT 1;"), {0}};
	static const struct td_embedded not_sql[] = {M("0001_a.txt", "SELECT 1;"), {0}};
	static const struct td_embedded not_first[] = {M("0002_b.sql", "SELECT 1;"), {0}};
	const struct td_embedded *lists[] = {gap, unnamed, not_sql, not_first};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		struct td_error err = {0};
		int applied = -1;
		assert_int_equal(store_migrate_list(db->s, lists[i], &applied, &err),
				 TD_EINTERNAL);
		assert_int_equal(applied, 0);
		assert_non_null(strstr(err.msg, "migration 000"));
	}
	assert_int_equal(version_of(db->s), 0);
}

/* Migrations are written once, in the SQLite dialect; on PostgreSQL INTEGER is 64 bits
 * and INTEGER PRIMARY KEY numbers rows by itself, as on SQLite. */
static void test_migration_dialect_means_the_same_on_both(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	static const struct td_embedded list[] = {
		M("0001_t.sql",
		  "CREATE TABLE t (id INTEGER PRIMARY KEY, big INTEGER NOT NULL) STRICT;"),
		{0},
	};
	assert_int_equal(store_migrate_list(db->s, list, NULL, &err), TD_OK);
	struct td_stmt *st = NULL;
	assert_int_equal(store_prepare(db->s, "INSERT INTO t (big) VALUES (?) RETURNING id", &st,
				       &err),
			 TD_OK);
	for (int64_t want_id = 1; want_id <= 2; want_id++) {
		assert_int_equal(stmt_bind_int64(st, 1, INT64_MAX - want_id), TD_OK);
		assert_int_equal(stmt_step(st, &err), TD_ROW);
		assert_int_equal(stmt_column_int64(st, 0), want_id);
		assert_int_equal(stmt_step(st, &err), TD_DONE);
		stmt_reset(st);
	}
	stmt_finalize(st);
	int64_t big = 0;
	assert_int_equal(store_query_int64(db->s, "SELECT big FROM t WHERE id = 2", &big, &err),
			 TD_OK);
	assert_true(big == INT64_MAX - 2);
}

enum { MIGRATORS = 4 };

static const struct td_embedded five[] = {
	M("0001_a.sql", "CREATE TABLE a (x INTEGER) STRICT; INSERT INTO a VALUES (1);"),
	M("0002_b.sql", "CREATE TABLE b (x INTEGER) STRICT; INSERT INTO a VALUES (2);"),
	M("0003_c.sql", "CREATE TABLE c (x INTEGER) STRICT; INSERT INTO a VALUES (3);"),
	M("0004_d.sql", "CREATE TABLE d (x INTEGER) STRICT; INSERT INTO a VALUES (4);"),
	M("0005_e.sql", "CREATE TABLE e (x INTEGER) STRICT; INSERT INTO a VALUES (5);"),
	{0},
};

struct migrator {
	const char *url;
	pthread_barrier_t *start;
	int rc, applied;
	struct td_error err;
};

static void *run_migrator(void *arg)
{
	struct migrator *m = arg;
	struct td_store *s = NULL;
	pthread_barrier_wait(m->start);
	m->rc = store_open(m->url, TD_OPEN_CREATE, &s, &m->err);
	if (m->rc == TD_OK)
		m->rc = store_migrate_list(s, five, &m->applied, &m->err);
	store_close(s);
	return NULL;
}

/* Several processes starting at once (serve on two machines, init racing serve) apply
 * each migration exactly once between them. */
static void test_concurrent_migrators_apply_each_migration_once(void **state)
{
	(void)state;
	char url[TESTDB_URL_MAX];
	assert_int_equal(testdb_url(backend, url, sizeof url), 0);
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, MIGRATORS);
	struct migrator m[MIGRATORS];
	pthread_t th[MIGRATORS];
	for (int i = 0; i < MIGRATORS; i++) {
		m[i] = (struct migrator){.url = url, .start = &start};
		assert_int_equal(pthread_create(&th[i], NULL, run_migrator, &m[i]), 0);
	}
	int total = 0;
	for (int i = 0; i < MIGRATORS; i++) {
		pthread_join(th[i], NULL);
		if (m[i].rc != TD_OK)
			fail_msg("migrator %d: %s: %s", i, td_code_name(m[i].rc), m[i].err.msg);
		total += m[i].applied;
	}
	pthread_barrier_destroy(&start);
	assert_int_equal(total, 5);

	struct td_store *s = NULL;
	struct td_error err = {0};
	int64_t n = 0;
	assert_int_equal(store_open(url, TD_OPEN_EXISTING, &s, &err), TD_OK);
	assert_int_equal(version_of(s), 5);
	assert_int_equal(store_query_int64(s, "SELECT count(*) FROM a", &n, &err), TD_OK);
	assert_int_equal(n, 5);
	assert_int_equal(store_query_int64(s, "SELECT count(*) FROM td_schema_version", &n, &err),
			 TD_OK);
	assert_int_equal(n, 5);
	store_close(s);
	testdb_cleanup(url);
}

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_twice_applies_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_core_migration_seeds_meta_and_records_itself,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_migration_leaves_version_unchanged,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_misnumbered_migration_lists_are_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_dialect_means_the_same_on_both,
						setup, teardown),
		cmocka_unit_test(test_concurrent_migrators_apply_each_migration_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
