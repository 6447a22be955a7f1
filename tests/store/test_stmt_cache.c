/*
 * The prepared-statement cache (src/store/stmtcache.c, store.c) on both backends: a
 * finalized statement comes back for the same SQL text as good as new (reset, no
 * bindings, no error), nested use of one text gets distinct statements, the cache stays
 * within its cap, schema changes and doomed transactions are honoured, and closing a store
 * frees everything (the sanitizer build checks for leaks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/store_impl.h"
#include "support/testdb.h"

static enum td_backend backend;

/* Two connections to one database: a is tested, b changes things behind its back. */
struct db {
	char url[TESTDB_URL_MAX];
	struct td_store *a, *b;
};

static const char schema[] =
	"CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;\n"
	"CREATE TABLE num (k TEXT PRIMARY KEY, n INTEGER, m INTEGER) STRICT;\n"
	"INSERT INTO num (k, n) VALUES ('a', 1), ('b', 2), ('c', 3);\n";

static int setup(void **state)
{
	static struct db db;
	struct td_error err = {0};
	if (testdb_open(backend, false, &db.a, db.url, sizeof db.url))
		return -1;
	/* b first: unmigrated, the database is tindung's only while it has no tables */
	if (store_open(db.url, TD_OPEN_EXISTING, &db.b, &err) ||
	    store_exec_schema(db.a, schema, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	*state = &db;
	return 0;
}

static int teardown(void **state)
{
	struct db *db = *state;
	store_close(db->a);
	store_close(db->b);
	testdb_cleanup(db->url);
	return 0;
}

static struct td_stmt *prepare(struct td_store *s, const char *sql)
{
	struct td_error err = {0};
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, &err);
	if (rc != TD_OK)
		fail_msg("prepare %s: %s: %s", sql, td_code_name(rc), err.msg);
	return st;
}

static void step_expect(struct td_stmt *st, int want)
{
	struct td_error err = {0};
	int rc = stmt_step(st, &err);
	if (rc != want)
		fail_msg("step: got %d (%s: %s), want %d", rc, td_code_name(rc), err.msg, want);
}

static struct store_cache_stats stats(struct td_store *s)
{
	struct store_cache_stats c;
	store_cache_stats(s, &c);
	return c;
}

/* Whether preparing sql now is served from the cache (the statement is then finalized). */
static bool is_cached(struct td_store *s, const char *sql)
{
	uint64_t hits = stats(s).hits;
	stmt_finalize(prepare(s, sql));
	return stats(s).hits == hits + 1;
}

static void test_finalized_statement_is_reused_for_the_same_text(void **state)
{
	struct db *db = *state;
	const char *sql = "SELECT n FROM num WHERE k = ?";
	struct td_stmt *first = prepare(db->a, sql);
	struct store_cache_stats before = stats(db->a);
	stmt_finalize(first);
	struct td_stmt *again = prepare(db->a, sql);
	assert_ptr_equal(again, first);
	assert_int_equal(stats(db->a).hits, before.hits + 1);
	assert_int_equal(stats(db->a).count, before.count);
	stmt_finalize(again);
	/* the key is the exact text: a different spelling is another statement */
	assert_false(is_cached(db->a, "SELECT n FROM num WHERE k = ? "));
	assert_true(is_cached(db->a, "SELECT n FROM num WHERE k = ? "));
}

/* Nested use of one text (a recursive helper): each level gets its own statement, and the
 * outer one's rows are not disturbed by the inner ones. */
static int64_t sum_from(struct td_store *s, const char *k, int depth)
{
	struct td_stmt *st = prepare(s, "SELECT k, n FROM num WHERE k >= ? ORDER BY k");
	assert_int_equal(stmt_bind_text(st, 1, k), TD_OK);
	int64_t sum = 0;
	struct td_error err = {0};
	int rc = stmt_step(st, &err);
	if (rc == TD_ROW) {
		int64_t own = stmt_column_int64(st, 1);
		char key[8], next[16];
		snprintf(key, sizeof key, "%s", stmt_column_text(st, 0));
		snprintf(next, sizeof next, "%s~", key); /* just after key */
		sum = own + sum_from(s, next, depth + 1);
		/* still on its own row after the recursion */
		assert_string_equal(stmt_column_text(st, 0), key);
		assert_int_equal(stmt_column_int64(st, 1), own);
	} else {
		assert_int_equal(rc, TD_DONE);
		assert_int_equal(depth, 3);
	}
	stmt_finalize(st);
	return sum;
}

static void test_same_text_prepared_while_in_use_gets_its_own_statement(void **state)
{
	struct db *db = *state;
	const char *sql = "SELECT n FROM num ORDER BY k";
	struct td_stmt *outer = prepare(db->a, sql);
	step_expect(outer, TD_ROW);
	assert_int_equal(stmt_column_int64(outer, 0), 1);
	struct td_stmt *inner = prepare(db->a, sql);
	assert_ptr_not_equal(inner, outer);
	for (int64_t want = 1; want <= 3; want++) {
		step_expect(inner, TD_ROW);
		assert_int_equal(stmt_column_int64(inner, 0), want);
	}
	step_expect(inner, TD_DONE);
	stmt_finalize(inner);
	step_expect(outer, TD_ROW);
	assert_int_equal(stmt_column_int64(outer, 0), 2);
	stmt_finalize(outer);

	/* a recursion four deep (a, b, c, then none) caches a statement per level */
	size_t count = stats(db->a).count;
	assert_int_equal(sum_from(db->a, "", 0), 6);
	assert_int_equal(stats(db->a).count, count + 4);
	uint64_t hits = stats(db->a).hits;
	assert_int_equal(sum_from(db->a, "", 0), 6);
	assert_int_equal(stats(db->a).hits, hits + 4);
	assert_int_equal(stats(db->a).count, count + 4);
}

/* A failed step is reported once; the statement then comes back clean. */
static void test_statement_reused_after_a_failed_step_is_clean(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	const char *sql = "INSERT INTO parent (name) VALUES (?) RETURNING id";
	struct td_stmt *st = prepare(db->a, sql);
	assert_int_equal(stmt_bind_text(st, 1, "Hội Nông dân"), TD_OK);
	step_expect(st, TD_ROW);
	stmt_finalize(st);
	st = prepare(db->a, sql);
	assert_int_equal(stmt_bind_text(st, 1, "Hội Nông dân"), TD_OK);
	assert_int_equal(stmt_step(st, &err), TD_EUNIQUE);
	stmt_finalize(st);

	struct td_stmt *again = prepare(db->a, sql);
	assert_ptr_equal(again, st);
	assert_int_equal(stmt_bind_text(again, 1, "Hội Phụ nữ"), TD_OK);
	td_error_clear(&err);
	step_expect(again, TD_ROW);
	step_expect(again, TD_DONE);
	stmt_finalize(again);

	/* a bind mistake is not carried into the next use either */
	st = prepare(db->a, sql);
	assert_int_equal(stmt_bind_int64(st, 2, 1), TD_EINTERNAL);
	assert_int_equal(stmt_step(st, &err), TD_EINTERNAL);
	stmt_finalize(st);
	st = prepare(db->a, sql);
	assert_int_equal(stmt_bind_text(st, 1, "Đoàn Thanh niên"), TD_OK);
	step_expect(st, TD_ROW);
	stmt_finalize(st);
	int64_t n = 0;
	assert_int_equal(store_query_int64(db->a, "SELECT count(*) FROM parent", &n, &err), TD_OK);
	assert_int_equal(n, 3);
}

/* Every use starts with no parameters bound: a use that binds fewer sees NULL, never the
 * value an earlier use bound. */
static void test_bindings_are_cleared_between_uses(void **state)
{
	struct db *db = *state;
	const char *ins = "INSERT INTO num (k, n, m) VALUES (?, ?, ?)";
	struct td_stmt *st = prepare(db->a, ins);
	assert_int_equal(stmt_bind_text(st, 1, "full"), TD_OK);
	assert_int_equal(stmt_bind_int64(st, 2, 7), TD_OK);
	assert_int_equal(stmt_bind_int64(st, 3, 8), TD_OK);
	step_expect(st, TD_DONE);
	stmt_finalize(st);
	st = prepare(db->a, ins);
	assert_int_equal(stmt_bind_text(st, 1, "partial"), TD_OK);
	step_expect(st, TD_DONE);
	stmt_finalize(st);

	struct td_stmt *sel = prepare(db->a, "SELECT n, m FROM num WHERE k = ?");
	assert_int_equal(stmt_bind_text(sel, 1, "partial"), TD_OK);
	step_expect(sel, TD_ROW);
	assert_true(stmt_column_is_null(sel, 0));
	assert_true(stmt_column_is_null(sel, 1));
	stmt_finalize(sel);
	/* and the select itself, reused unbound, matches nothing (k = NULL) */
	sel = prepare(db->a, "SELECT n, m FROM num WHERE k = ?");
	step_expect(sel, TD_DONE);
	stmt_finalize(sel);
}

/* Finalized in the middle of its rows, or never stepped: the next use starts afresh. */
static void test_statement_finalized_mid_rows_or_unstepped_starts_afresh(void **state)
{
	struct db *db = *state;
	const char *sql = "SELECT n FROM num ORDER BY k";
	struct td_stmt *st = prepare(db->a, sql);
	step_expect(st, TD_ROW);
	step_expect(st, TD_ROW);
	stmt_finalize(st);
	st = prepare(db->a, sql);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_int64(st, 0), 1);
	stmt_finalize(st);
	stmt_finalize(prepare(db->a, sql)); /* never stepped */
	st = prepare(db->a, sql);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_int64(st, 0), 1);
	stmt_finalize(st);

	/* a sees what the other connection wrote since: a cached statement left no read
	 * transaction (an old snapshot) open */
	struct td_error err = {0};
	assert_int_equal(store_exec(db->b, "UPDATE num SET n = n + 10", &err), TD_OK);
	st = prepare(db->a, sql);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_int64(st, 0), 11);
	stmt_finalize(st);
}

/* Statements prepared inside a transaction that rolls back stay usable (PostgreSQL keeps
 * prepared statements across ROLLBACK), and rows written through them are gone. */
static void test_statement_reused_after_rollback(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	const char *ins = "INSERT INTO parent (name) VALUES (?)";
	const char *cnt = "SELECT count(*) FROM parent WHERE name = ?";
	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_begin(db->a, &err), TD_OK);
		struct td_stmt *st = prepare(db->a, ins);
		assert_int_equal(stmt_bind_text(st, 1, "MTTQ"), TD_OK);
		step_expect(st, TD_DONE);
		stmt_finalize(st);
		st = prepare(db->a, cnt);
		assert_int_equal(stmt_bind_text(st, 1, "MTTQ"), TD_OK);
		step_expect(st, TD_ROW);
		assert_int_equal(stmt_column_int64(st, 0), 1);
		stmt_finalize(st);
		assert_int_equal(store_rollback(db->a), TD_OK);
	}
	assert_true(is_cached(db->a, ins));
	struct td_stmt *st = prepare(db->a, cnt);
	assert_int_equal(stmt_bind_text(st, 1, "MTTQ"), TD_OK);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_int64(st, 0), 0);
	stmt_finalize(st);
}

/* A doomed transaction refuses a cached statement as it refuses a new one. */
static void test_doomed_transaction_refuses_cached_statements(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	const char *sql = "SELECT count(*) FROM parent";
	assert_false(is_cached(db->a, sql));
	assert_true(is_cached(db->a, sql));
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	struct td_stmt *st = prepare(db->a, "INSERT INTO parent (name) VALUES (?)");
	assert_int_equal(stmt_step(st, &err), TD_EDB); /* name is NOT NULL */
	stmt_finalize(st);
	st = NULL;
	assert_int_equal(store_prepare(db->a, sql, &st, &err), TD_EDB);
	assert_null(st);
	assert_non_null(strstr(err.msg, "current transaction is aborted"));
	assert_int_equal(store_rollback(db->a), TD_OK);
	int64_t n = -1;
	assert_int_equal(store_query_int64(db->a, sql, &n, &err), TD_OK);
	assert_int_equal(n, 0);
}

/* Many distinct texts (numbers in the SQL, as paging with LIMIT n OFFSET m makes): the
 * cache keeps at most its cap, drops the least recently used first, and PostgreSQL's
 * prepared statements stay bounded too. */
static void test_cache_stays_within_its_cap_under_many_distinct_texts(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	size_t cap = stats(db->a).cap;
	assert_int_equal(cap, STMT_CACHE_CAP);
	assert_int_equal(stats(db->a).count, 0);
	char sql[64];
	for (size_t i = 0; i < cap + 300; i++) {
		snprintf(sql, sizeof sql, "SELECT %zu + ?", i);
		struct td_stmt *st = prepare(db->a, sql);
		assert_int_equal(stmt_bind_int64(st, 1, 1), TD_OK);
		step_expect(st, TD_ROW);
		assert_int_equal(stmt_column_int64(st, 0), (int64_t)i + 1);
		stmt_finalize(st);
		assert_int_equal(stats(db->a).count, i < cap ? i + 1 : cap);
		if (i == cap - 1) {
			/* full: 0 is the least recently used until touched; then 1 is */
			assert_true(is_cached(db->a, "SELECT 0 + ?"));
		} else if (i == cap) {
			assert_true(is_cached(db->a, "SELECT 0 + ?"));
			assert_false(is_cached(db->a, "SELECT 1 + ?")); /* evicted for cap */
		}
	}
	snprintf(sql, sizeof sql, "SELECT %zu + ?", cap + 299);
	assert_true(is_cached(db->a, sql));

	if (backend == TD_BACKEND_POSTGRES) {
		/* evicted ones are deallocated in batches of 16 (store_pg.c) */
		int64_t n = 0;
		assert_int_equal(store_query_int64(db->a,
						   "SELECT count(*) FROM pg_prepared_statements",
						   &n, &err),
				 TD_OK);
		assert_true(n >= (int64_t)cap && n <= (int64_t)cap + 16);
	}
}

/* When every cached statement is in use, a new text still works, uncached. */
static void test_full_cache_of_statements_in_use_still_prepares(void **state)
{
	struct db *db = *state;
	size_t cap = stats(db->a).cap, held = cap + 2;
	stmt_finalize(prepare(db->a, "SELECT 'free'"));
	struct td_stmt *st[STMT_CACHE_CAP + 2];
	assert_int_equal(held, sizeof st / sizeof st[0]);
	for (size_t i = 0; i < held; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %zu", i);
		st[i] = prepare(db->a, sql);
		step_expect(st[i], TD_ROW);
		assert_int_equal(stmt_column_int64(st[i], 0), (int64_t)i);
		assert_int_equal(stats(db->a).count, i + 1 < cap ? i + 2 : cap);
	}
	/* the free one was evicted for the cap-th newcomer; the last two are uncached */
	for (size_t i = 0; i < held; i++)
		stmt_finalize(st[i]);
	assert_int_equal(stats(db->a).count, cap);
	assert_true(is_cached(db->a, "SELECT 0"));
	char last[64];
	snprintf(last, sizeof last, "SELECT %zu", held - 1);
	assert_false(is_cached(db->a, last));
	assert_false(is_cached(db->a, "SELECT 'free'"));
}

/* What store_exec runs may change the schema: statements cached before are not reused,
 * including one in use at the time, which is finalized when its user is done. */
static void test_store_exec_empties_the_cache(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	const char *sql = "SELECT * FROM num ORDER BY k";
	stmt_finalize(prepare(db->a, "SELECT count(*) FROM num"));
	struct td_stmt *held = prepare(db->a, sql);
	assert_true(stats(db->a).count >= 2);
	assert_int_equal(store_exec(db->a, "ALTER TABLE num ADD COLUMN extra TEXT", &err), TD_OK);
	assert_int_equal(stats(db->a).count, 1); /* only the one in use, until it is released */
	stmt_finalize(held);
	assert_int_equal(stats(db->a).count, 0);
	struct td_stmt *st = prepare(db->a, sql);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_count(st), 4);
	stmt_finalize(st);
}

/* Runs sql in a transaction on s, as bank code does: TD_EBUSY means run it all again.
 * Returns the column count of its first row and how many attempts it took. */
static int columns_in_transaction(struct td_store *s, const char *sql, int *attempts)
{
	struct td_error err = {0};
	for (*attempts = 1; *attempts <= 3; (*attempts)++) {
		assert_int_equal(store_begin(s, &err), TD_OK);
		struct td_stmt *st = prepare(s, sql);
		int rc = stmt_step(st, &err);
		int cols = rc == TD_ROW ? stmt_column_count(st) : -1;
		stmt_finalize(st);
		if (rc == TD_ROW) {
			assert_int_equal(store_commit(s, &err), TD_OK);
			return cols;
		}
		if (rc != TD_EBUSY)
			fail_msg("step: %s: %s", td_code_name(rc), err.msg);
		store_rollback(s);
	}
	fail_msg("still TD_EBUSY after 3 attempts: %s", err.msg);
	return -1;
}

/* Another connection changes a table under a cached "SELECT *": outside a transaction
 * the statement is prepared again unseen; inside one it costs at most one retry of the
 * transaction (PostgreSQL: "cached plan must not change result type"; SQLite re-prepares
 * by itself). */
static void test_schema_change_by_another_connection(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	const char *sql = "SELECT * FROM num ORDER BY k";
	struct td_stmt *st = prepare(db->a, sql);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_count(st), 3);
	stmt_finalize(st);

	assert_int_equal(store_exec(db->b, "ALTER TABLE num ADD COLUMN x1 TEXT", &err), TD_OK);
	uint64_t hits = stats(db->a).hits;
	st = prepare(db->a, sql);
	assert_int_equal(stats(db->a).hits, hits + 1);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_count(st), 4);
	step_expect(st, TD_ROW);
	stmt_finalize(st);

	assert_int_equal(store_exec(db->b, "ALTER TABLE num ADD COLUMN x2 TEXT", &err), TD_OK);
	int attempts = 0;
	assert_int_equal(columns_in_transaction(db->a, sql, &attempts), 5);
	assert_int_equal(attempts, backend == TD_BACKEND_POSTGRES ? 2 : 1);
	assert_int_equal(columns_in_transaction(db->a, sql, &attempts), 5);
	assert_int_equal(attempts, 1);
}

/* A store closed with statements in its cache frees them all: SQLite would refuse to close
 * (an assertion) and the sanitizer build reports any leak. */
static void test_close_with_cached_statements(void **state)
{
	(void)state;
	struct td_error err = {0};
	struct td_store *s = NULL;
	char url[TESTDB_URL_MAX];
	assert_int_equal(testdb_open(backend, false, &s, url, sizeof url), 0);
	assert_int_equal(store_exec_schema(s, schema, &err), TD_OK);
	struct td_stmt *mid = prepare(s, "SELECT n FROM num ORDER BY k");
	step_expect(mid, TD_ROW);
	struct td_stmt *bound = prepare(s, "SELECT n FROM num WHERE k = ?");
	assert_int_equal(stmt_bind_text(bound, 1, "a"), TD_OK);
	stmt_finalize(mid);
	stmt_finalize(bound);
	for (int i = 0; i < 40; i++) {
		char sql[32];
		snprintf(sql, sizeof sql, "SELECT %d", i);
		stmt_finalize(prepare(s, sql));
	}
	assert_int_equal(stats(s).count, 42);
	store_close(s);
	testdb_cleanup(url);
}

/* A batched statement (more than 32 parameters) is cached on SQLite but prepared afresh on
 * PostgreSQL, whose generic plan for it was 300 times slower (docs/PERFORMANCE.md); one of
 * 32 parameters is cached on both. */
static void test_batched_statements_are_not_cached_on_postgres(void **state)
{
	struct db *db = *state;
	char big[1024] = "SELECT count(*) FROM num WHERE k IN (?", small[1024];
	for (int i = 1; i < 33; i++)
		strcat(big, ", ?");
	strcat(big, ")");
	snprintf(small, sizeof small, "%s", big);
	strcpy(strrchr(small, ','), ")"); /* 32 parameters */
	for (int round = 0; round < 2; round++) {
		struct td_stmt *st = prepare(db->a, big);
		for (int i = 1; i <= 33; i++)
			assert_int_equal(stmt_bind_text(st, i, "a"), TD_OK);
		step_expect(st, TD_ROW);
		stmt_finalize(st);
	}
	assert_true(is_cached(db->a, big) == (backend != TD_BACKEND_POSTGRES));
	stmt_finalize(prepare(db->a, small));
	assert_true(is_cached(db->a, small));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_finalized_statement_is_reused_for_the_same_text),
		T(test_same_text_prepared_while_in_use_gets_its_own_statement),
		T(test_statement_reused_after_a_failed_step_is_clean),
		T(test_bindings_are_cleared_between_uses),
		T(test_statement_finalized_mid_rows_or_unstepped_starts_afresh),
		T(test_statement_reused_after_rollback),
		T(test_doomed_transaction_refuses_cached_statements),
		T(test_cache_stays_within_its_cap_under_many_distinct_texts),
		T(test_full_cache_of_statements_in_use_still_prepares),
		T(test_store_exec_empties_the_cache),
		T(test_schema_change_by_another_connection),
		T(test_close_with_cached_statements),
		T(test_batched_statements_are_not_cached_on_postgres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
