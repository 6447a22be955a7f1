/* Transactions on both backends: visibility, rollback, doomed transactions, conflicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "support/testdb.h"

static enum td_backend backend;

/* Two connections to one database: a writer and an onlooker. */
struct db {
	char url[TESTDB_URL_MAX];
	struct td_store *a, *b;
};

static int setup(void **state)
{
	static struct db db;
	struct td_error err = {0};
	if (testdb_open(backend, false, &db.a, db.url, sizeof db.url))
		return -1;
	static const char schema[] = "CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER) STRICT";
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

static int64_t rows(struct td_store *s)
{
	struct td_error err = {0};
	int64_t n = -1;
	int rc = store_query_int64(s, "SELECT count(*) FROM t", &n, &err);
	if (rc != TD_OK)
		fail_msg("count: %s: %s", td_code_name(rc), err.msg);
	return n;
}

static int insert(struct td_store *s, const char *k, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "INSERT INTO t (k, n) VALUES (?, 1)", &st, err);
	if (rc)
		return rc;
	stmt_bind_text(st, 1, k);
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static void test_commit_makes_rows_visible_to_others(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(insert(db->a, "x", &err), TD_OK);
	assert_int_equal(insert(db->a, "y", &err), TD_OK);
	assert_int_equal(rows(db->a), 2); /* a sees its own writes */
	assert_int_equal(rows(db->b), 0); /* b does not, yet */
	assert_int_equal(store_commit(db->a, &err), TD_OK);
	assert_int_equal(rows(db->b), 2);
}

static void test_rollback_discards_rows(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(insert(db->a, "kept", &err), TD_OK); /* autocommit */
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(insert(db->a, "dropped", &err), TD_OK);
	assert_int_equal(store_exec(db->a, "UPDATE t SET n = 99", &err), TD_OK);
	assert_int_equal(store_rollback(db->a), TD_OK);
	assert_int_equal(rows(db->a), 1);
	assert_int_equal(rows(db->b), 1);
	int64_t n = 0;
	assert_int_equal(store_query_int64(db->b, "SELECT n FROM t", &n, &err), TD_OK);
	assert_int_equal(n, 1);
}

static void test_rollback_without_transaction_is_harmless(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(store_rollback(db->a), TD_OK);
	assert_int_equal(store_rollback(db->a), TD_OK);
	assert_int_equal(store_commit(db->a, &err), TD_EDB); /* nothing to commit */
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(store_commit(db->a, &err), TD_OK);
}

static void test_in_transaction_follows_begin_commit_rollback(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_false(store_in_transaction(db->a));
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_true(store_in_transaction(db->a));
	assert_int_equal(store_commit(db->a, &err), TD_OK);
	assert_false(store_in_transaction(db->a));
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(insert(db->a, "x", &err), TD_OK);
	store_rollback(db->a);
	assert_false(store_in_transaction(db->a));
}

static void test_transactions_do_not_nest(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(insert(db->a, "x", &err), TD_OK);
	assert_int_equal(store_begin(db->a, &err), TD_EDB);
	assert_string_equal(err.msg, "cannot start a transaction within a transaction");
	/* the refused BEGIN did not disturb the open transaction */
	assert_int_equal(store_commit(db->a, &err), TD_OK);
	assert_int_equal(rows(db->b), 1);
}

/* After a failed statement the transaction is doomed on both backends: further statements
 * are refused, COMMIT rolls back and says so, and the connection works afterwards. */
static void test_failed_statement_dooms_the_transaction(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(insert(db->a, "dup", &err), TD_OK);
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(insert(db->a, "new", &err), TD_OK);
	assert_int_equal(insert(db->a, "dup", &err), TD_EUNIQUE);

	assert_int_equal(insert(db->a, "more", &err), TD_EDB);
	assert_non_null(strstr(err.msg, "current transaction is aborted"));
	struct td_stmt *st = NULL;
	assert_int_equal(store_prepare(db->a, "SELECT 1", &st, &err), TD_EDB);
	assert_null(st);
	assert_int_equal(store_exec(db->a, "SELECT 1", &err), TD_EDB);

	assert_int_equal(store_commit(db->a, &err), TD_EDB);
	assert_string_equal(err.msg, "transaction rolled back: a statement in it had failed");
	assert_int_equal(rows(db->b), 1); /* "new" is gone */

	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(insert(db->a, "again", &err), TD_OK);
	assert_int_equal(store_commit(db->a, &err), TD_OK);
	assert_int_equal(rows(db->b), 2);
}

static void test_rollback_after_failure_ends_the_transaction(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(store_exec(db->a, "INSERT INTO t (k) VALUES (NULL)", &err), TD_EDB);
	assert_int_equal(store_rollback(db->a), TD_OK);
	assert_int_equal(insert(db->a, "after", &err), TD_OK);
	assert_int_equal(rows(db->b), 1);
}

/*
 * Two writers that read and then write the same table cannot both commit: SQLite makes
 * the second wait for the write lock (and gives up after busy_timeout, 5 s), PostgreSQL
 * lets both run and fails one with a serialization error. Either way the loser sees
 * TD_EBUSY, its write is lost as a whole, and the winner's stays.
 */
static void test_conflicting_writers_get_ebusy(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(store_begin(db->a, &err), TD_OK);
	assert_int_equal(rows(db->a), 0);
	assert_int_equal(insert(db->a, "a", &err), TD_OK);

	int rc = store_begin(db->b, &err); /* SQLite: TD_EBUSY after 5 s */
	if (rc == TD_OK) {
		assert_int_equal(rows(db->b), 0);
		rc = insert(db->b, "b", &err);
	}
	assert_int_equal(store_commit(db->a, &err), TD_OK);
	if (rc == TD_OK)
		rc = store_commit(db->b, &err); /* PostgreSQL: serialization failure */
	assert_int_equal(rc, TD_EBUSY);
	assert_true(strlen(err.msg) > 0);
	assert_int_equal(store_rollback(db->b), TD_OK);

	int64_t n = 0;
	assert_int_equal(store_query_int64(db->b, "SELECT count(*) FROM t WHERE k = 'a'", &n, &err),
			 TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows(db->b), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_commit_makes_rows_visible_to_others),
		T(test_rollback_discards_rows),
		T(test_rollback_without_transaction_is_harmless),
		T(test_in_transaction_follows_begin_commit_rollback),
		T(test_transactions_do_not_nest),
		T(test_failed_statement_dooms_the_transaction),
		T(test_rollback_after_failure_ends_the_transaction),
		T(test_conflicting_writers_get_ebusy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
