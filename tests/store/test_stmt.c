/* Prepared statements on both backends: binds, rows, error codes, reuse. */
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

struct db {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
};

/* Written once in the migration dialect, as the schema will be. */
static const char schema[] =
	"CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;\n"
	"CREATE TABLE child (\n"
	"\tid INTEGER PRIMARY KEY,\n"
	"\tparent_id INTEGER NOT NULL REFERENCES parent (id),\n"
	"\tnote TEXT\n"
	") STRICT;\n"
	"CREATE TABLE num (k TEXT PRIMARY KEY, n INTEGER) STRICT;\n";

static int setup(void **state)
{
	static struct db db;
	struct td_error err = {0};
	if (testdb_open(backend, false, &db.s, db.url, sizeof db.url))
		return -1;
	if (store_exec_schema(db.s, schema, &err) != TD_OK) {
		fprintf(stderr, "schema: %s\n", err.msg);
		return -1;
	}
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

static struct td_stmt *prepare(struct td_store *s, const char *sql)
{
	struct td_error err = {0};
	struct td_stmt *st = NULL;
	if (store_prepare(s, sql, &st, &err) != TD_OK)
		fail_msg("prepare %s: %s", sql, err.msg);
	return st;
}

static void step_expect(struct td_stmt *st, int want)
{
	struct td_error err = {0};
	int rc = stmt_step(st, &err);
	if (rc != want)
		fail_msg("step: got %d (%s: %s), want %d", rc, td_code_name(rc), err.msg, want);
}

static int64_t count(struct td_store *s, const char *table)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	struct td_error err = {0};
	int64_t n = -1;
	assert_int_equal(store_query_int64(s, sql, &n, &err), TD_OK);
	return n;
}

static void test_int64_extremes_round_trip(void **state)
{
	struct db *db = *state;
	static const int64_t values[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, 4294967296,
					 INT64_MAX - 1, INT64_MAX};
	struct td_stmt *ins = prepare(db->s, "INSERT INTO num (k, n) VALUES (?, ?)");
	struct td_stmt *sel = prepare(db->s, "SELECT n, ? FROM num WHERE k = ?");
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		char key[8];
		snprintf(key, sizeof key, "k%zu", i);
		assert_int_equal(stmt_bind_text(ins, 1, key), TD_OK);
		assert_int_equal(stmt_bind_int64(ins, 2, values[i]), TD_OK);
		step_expect(ins, TD_DONE);
		stmt_reset(ins);

		/* through a column, and straight back as a parameter */
		assert_int_equal(stmt_bind_int64(sel, 1, values[i]), TD_OK);
		assert_int_equal(stmt_bind_text(sel, 2, key), TD_OK);
		step_expect(sel, TD_ROW);
		assert_int_equal(stmt_column_count(sel), 2);
		assert_true(stmt_column_int64(sel, 0) == values[i]);
		assert_true(stmt_column_int64(sel, 1) == values[i]);
		char text[24];
		snprintf(text, sizeof text, "%lld", (long long)values[i]);
		assert_string_equal(stmt_column_text(sel, 0), text);
		step_expect(sel, TD_DONE);
		stmt_reset(sel);
	}
	stmt_finalize(ins);
	stmt_finalize(sel);
}

/* Vietnamese text (and quotes) arrives byte for byte and compares equal. */
static void test_vietnamese_utf8_text_round_trips(void **state)
{
	struct db *db = *state;
	static const char *const names[] = {
		"Ngân hàng Chính sách xã hội",
		"Tổ tiết kiệm và vay vốn thôn Đồng Tâm",
		"Hội Liên hiệp Phụ nữ — hộ cận nghèo",
		"Nguyễn Thị Ánh Tuyết, ấp Phước Lợi, Bạc Liêu",
		"O'Brien \"quoted\" ?",
	};
	struct td_stmt *ins = prepare(db->s, "INSERT INTO parent (name) VALUES (?)");
	struct td_stmt *sel =
		prepare(db->s, "SELECT name, length(name) FROM parent WHERE name = ?");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		assert_int_equal(stmt_bind_text(ins, 1, names[i]), TD_OK);
		step_expect(ins, TD_DONE);
		stmt_reset(ins);
		assert_int_equal(stmt_bind_text(sel, 1, names[i]), TD_OK);
		step_expect(sel, TD_ROW);
		assert_string_equal(stmt_column_text(sel, 0), names[i]);
		assert_int_equal(strlen(stmt_column_text(sel, 0)), strlen(names[i]));
		step_expect(sel, TD_DONE);
		stmt_reset(sel);
	}
	/* length() counts characters on both: "Ngân hàng Chính sách xã hội" has 27 */
	assert_int_equal(stmt_bind_text(sel, 1, names[0]), TD_OK);
	step_expect(sel, TD_ROW);
	assert_int_equal(stmt_column_int64(sel, 1), 27);
	stmt_finalize(ins);
	stmt_finalize(sel);
}

static void test_null_binds_and_reads(void **state)
{
	struct db *db = *state;
	struct td_stmt *ins = prepare(db->s, "INSERT INTO num (k, n) VALUES (?, ?)");
	static const char *const keys[] = {"bind_null", "text_null", "unbound"};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(stmt_bind_text(ins, 1, keys[i]), TD_OK);
		if (i == 0)
			assert_int_equal(stmt_bind_null(ins, 2), TD_OK);
		else if (i == 1)
			assert_int_equal(stmt_bind_text(ins, 2, NULL), TD_OK);
		step_expect(ins, TD_DONE);
		stmt_reset(ins);
		stmt_clear_bindings(ins);
	}
	stmt_finalize(ins);

	struct td_stmt *sel = prepare(db->s, "SELECT n, k FROM num ORDER BY k");
	for (int i = 0; i < 3; i++) {
		step_expect(sel, TD_ROW);
		assert_true(stmt_column_is_null(sel, 0));
		assert_null(stmt_column_text(sel, 0));
		assert_int_equal(stmt_column_int64(sel, 0), 0);
		assert_false(stmt_column_is_null(sel, 1));
	}
	step_expect(sel, TD_DONE);
	stmt_finalize(sel);

	int64_t v = 0;
	struct td_error err = {0};
	static const char *const no_value[] = {
		"SELECT n FROM num WHERE k = 'unbound'", /* NULL */
		"SELECT n FROM num WHERE k = 'none'",    /* no row */
	};
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(store_query_int64(db->s, no_value[i], &v, &err), TD_ENOTFOUND);
}

static void test_unique_violation_is_eunique(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	struct td_stmt *ins = prepare(db->s, "INSERT INTO parent (name) VALUES (?)");
	assert_int_equal(stmt_bind_text(ins, 1, "Hội Nông dân"), TD_OK);
	step_expect(ins, TD_DONE);
	stmt_reset(ins);
	assert_int_equal(stmt_step(ins, &err), TD_EUNIQUE);
	assert_true(strlen(err.msg) > 0);
	stmt_finalize(ins);
	assert_int_equal(count(db->s, "parent"), 1);

	/* through store_exec too, and on a primary key */
	assert_int_equal(store_exec(db->s, "INSERT INTO num (k) VALUES ('x')", &err), TD_OK);
	assert_int_equal(store_exec(db->s, "INSERT INTO num (k) VALUES ('x')", &err), TD_EUNIQUE);
}

static void test_foreign_key_violation_is_eforeign(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	struct td_stmt *ins = prepare(db->s, "INSERT INTO child (parent_id, note) VALUES (?, ?)");
	assert_int_equal(stmt_bind_int64(ins, 1, 12345), TD_OK);
	assert_int_equal(stmt_bind_text(ins, 2, "không có hộ"), TD_OK);
	assert_int_equal(stmt_step(ins, &err), TD_EFOREIGN);
	assert_true(strlen(err.msg) > 0);
	stmt_finalize(ins);
	assert_int_equal(count(db->s, "child"), 0);

	/* and deleting a parent that a child points at */
	assert_int_equal(store_exec(db->s, "INSERT INTO parent (id, name) VALUES (7, 'p')", &err),
			 TD_OK);
	assert_int_equal(store_exec(db->s, "INSERT INTO child (parent_id) VALUES (7)", &err),
			 TD_OK);
	assert_int_equal(store_exec(db->s, "DELETE FROM parent WHERE id = 7", &err),
			 TD_EFOREIGN);
}

static void test_other_constraint_is_edb(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(store_exec(db->s, "INSERT INTO parent (name) VALUES (NULL)", &err),
			 TD_EDB);
	assert_non_null(strstr(err.msg, "name"));
}

/* A statement is prepared once and run many times; reset keeps the bindings. */
static void test_statement_reuse_after_reset(void **state)
{
	struct db *db = *state;
	struct td_stmt *ins = prepare(db->s, "INSERT INTO num (k, n) VALUES (?, ?)");
	for (int64_t i = 0; i < 20; i++) {
		char key[8];
		snprintf(key, sizeof key, "r%02d", (int)i);
		assert_int_equal(stmt_bind_text(ins, 1, key), TD_OK);
		assert_int_equal(stmt_bind_int64(ins, 2, i * i), TD_OK);
		step_expect(ins, TD_DONE);
		assert_int_equal(stmt_reset(ins), TD_OK);
	}
	stmt_finalize(ins);

	struct td_stmt *sel = prepare(db->s, "SELECT n FROM num WHERE n >= ? ORDER BY n");
	assert_int_equal(stmt_bind_int64(sel, 1, 100), TD_OK);
	for (int pass = 0; pass < 2; pass++) { /* the binding survives the reset */
		int64_t want = 10;
		while (want < 20) {
			step_expect(sel, TD_ROW);
			assert_int_equal(stmt_column_int64(sel, 0), want * want);
			want++;
		}
		step_expect(sel, TD_DONE);
		stmt_reset(sel);
	}
	/* reset in the middle of the rows starts over */
	step_expect(sel, TD_ROW);
	stmt_reset(sel);
	step_expect(sel, TD_ROW);
	assert_int_equal(stmt_column_int64(sel, 0), 100);
	stmt_finalize(sel);
}

/* As sqlite3_step does, stepping past TD_DONE runs the statement again. */
static void test_step_after_done_runs_again(void **state)
{
	struct db *db = *state;
	struct td_stmt *st = prepare(db->s, "SELECT 42");
	for (int i = 0; i < 2; i++) {
		step_expect(st, TD_ROW);
		assert_int_equal(stmt_column_int64(st, 0), 42);
		step_expect(st, TD_DONE);
	}
	stmt_finalize(st);
}

static void test_question_marks_in_literals_are_not_parameters(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	assert_int_equal(store_exec(db->s, "CREATE TABLE odd (\"what?\" TEXT)", &err), TD_OK);
	assert_int_equal(store_exec(db->s, "INSERT INTO odd VALUES ('yes?')", &err), TD_OK);
	struct td_stmt *st = prepare(db->s, "SELECT 'why?', /* who? */ ?, 'it''s ?', \"what?\" "
					    "FROM odd WHERE \"what?\" = ? -- where?\n");
	assert_int_equal(stmt_bind_int64(st, 1, 7), TD_OK);
	assert_int_equal(stmt_bind_text(st, 2, "yes?"), TD_OK);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_count(st), 4);
	assert_string_equal(stmt_column_text(st, 0), "why?");
	assert_int_equal(stmt_column_int64(st, 1), 7);
	assert_string_equal(stmt_column_text(st, 2), "it's ?");
	assert_string_equal(stmt_column_text(st, 3), "yes?");
	step_expect(st, TD_DONE);
	/* a third parameter does not exist */
	stmt_reset(st);
	assert_int_equal(stmt_bind_int64(st, 3, 1), TD_EINTERNAL);
	stmt_finalize(st);
}

static void test_returning_id_works(void **state)
{
	struct db *db = *state;
	struct td_stmt *ins = prepare(db->s, "INSERT INTO parent (name) VALUES (?) RETURNING id");
	int64_t last = 0;
	static const char *const names[] = {"Đoàn Thanh niên", "Hội Cựu chiến binh", "MTTQ"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(stmt_bind_text(ins, 1, names[i]), TD_OK);
		step_expect(ins, TD_ROW);
		int64_t id = stmt_column_int64(ins, 0);
		assert_true(id > last);
		last = id;
		step_expect(ins, TD_DONE);
		stmt_reset(ins);
	}
	stmt_finalize(ins);
	assert_int_equal(count(db->s, "parent"), 3);

	/* the returned id is the row's */
	struct td_stmt *sel = prepare(db->s, "SELECT name FROM parent WHERE id = ?");
	assert_int_equal(stmt_bind_int64(sel, 1, last), TD_OK);
	step_expect(sel, TD_ROW);
	assert_string_equal(stmt_column_text(sel, 0), "MTTQ");
	stmt_finalize(sel);
}

/* Binding mistakes are programming errors, reported by the bind and again by the step. */
static void test_bind_mistakes_are_reported_by_step(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	struct td_stmt *st = prepare(db->s, "SELECT ?");
	assert_int_equal(stmt_bind_int64(st, 2, 1), TD_EINTERNAL);
	assert_int_equal(stmt_step(st, &err), TD_EINTERNAL);
	assert_string_equal(err.msg, "SQL parameter 2 out of range (statement has 1)");
	stmt_clear_bindings(st);
	assert_int_equal(stmt_bind_text(st, 0, "x"), TD_EINTERNAL);
	assert_int_equal(stmt_step(st, &err), TD_EINTERNAL);
	assert_non_null(strstr(err.msg, "numbered from 1"));
	stmt_clear_bindings(st);

	/* binding while the statement runs, before stmt_reset */
	assert_int_equal(stmt_bind_int64(st, 1, 5), TD_OK);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_bind_int64(st, 1, 6), TD_EINTERNAL);
	assert_int_equal(stmt_step(st, &err), TD_EINTERNAL);
	assert_non_null(strstr(err.msg, "stmt_reset"));
	stmt_finalize(st);
}

static void test_bad_sql_is_refused_at_prepare(void **state)
{
	struct db *db = *state;
	static const struct {
		const char *sql;
		int code;
	} cases[] = {
		{"SELEC 1", TD_EDB},
		{"SELECT * FROM no_such_table", TD_EDB},
		{"SELECT 1; SELECT 2", TD_EDB},
		{"", TD_EINTERNAL},
		{" ; ", TD_EINTERNAL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct td_error err = {0};
		struct td_stmt *st = NULL;
		assert_int_equal(store_prepare(db->s, cases[i].sql, &st, &err), cases[i].code);
		assert_null(st);
		assert_true(strlen(err.msg) > 0);
	}
}

/* A comparison reads as 1/0 on both (PostgreSQL answers a boolean). */
static void test_comparisons_read_as_integers(void **state)
{
	struct db *db = *state;
	struct td_stmt *st = prepare(db->s, "SELECT 1 = 1, 1 = 2, CAST(? AS BIGINT) + 1");
	assert_int_equal(stmt_bind_int64(st, 1, INT64_MAX - 1), TD_OK);
	step_expect(st, TD_ROW);
	assert_int_equal(stmt_column_int64(st, 0), 1);
	assert_int_equal(stmt_column_int64(st, 1), 0);
	assert_true(stmt_column_int64(st, 2) == INT64_MAX);
	stmt_finalize(st);
}

static void test_many_statements_are_finalized_cleanly(void **state)
{
	struct db *db = *state;
	for (int i = 0; i < 100; i++) {
		struct td_stmt *st = prepare(db->s, "SELECT ?");
		assert_int_equal(stmt_bind_int64(st, 1, i), TD_OK);
		step_expect(st, TD_ROW);
		assert_int_equal(stmt_column_int64(st, 0), i);
		stmt_finalize(st);
	}
	stmt_finalize(NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_int64_extremes_round_trip),
		T(test_vietnamese_utf8_text_round_trips),
		T(test_null_binds_and_reads),
		T(test_unique_violation_is_eunique),
		T(test_foreign_key_violation_is_eforeign),
		T(test_other_constraint_is_edb),
		T(test_statement_reuse_after_reset),
		T(test_step_after_done_runs_again),
		T(test_question_marks_in_literals_are_not_parameters),
		T(test_returning_id_works),
		T(test_bind_mistakes_are_reported_by_step),
		T(test_bad_sql_is_refused_at_prepare),
		T(test_comparisons_read_as_integers),
		T(test_many_statements_are_finalized_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
