/* The audit trail (R-GL-3): what a record holds, the hash chain, and that verification
 * finds a record edited, deleted or inserted behind the application's back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "support/testdb.h"

static enum td_backend backend;

struct db {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	struct td_actor actor;
	struct td_ctx ctx;
};

static int setup(void **state)
{
	static struct db db;
	memset(&db, 0, sizeof db);
	if (testdb_open(backend, true, &db.s, db.url, sizeof db.url))
		return -1;
	db.actor = (struct td_actor){.user_id = 3, .role = ROLE_ADMIN, .office_id = 1};
	snprintf(db.actor.username, sizeof db.actor.username, "hoa.lt");
	struct td_error err = {0};
	db.ctx = (struct td_ctx){.store = db.s, .actor = &db.actor};
	if (date_parse_iso("2025-03-14", &db.ctx.business_date, &err) != TD_OK)
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

/* One use case's worth: a transaction holding one audit record. */
static void write_one(struct td_ctx *ctx, const char *action, int64_t id, const char *before,
		      const char *after)
{
	struct td_error err = {0};
	assert_int_equal(bank_tx_begin(ctx, &err), TD_OK);
	int rc = audit_record(ctx, action, "household", id, before, after, &err);
	if (rc != TD_OK)
		fail_msg("audit_record: %s", err.msg);
	assert_int_equal(bank_tx_commit(ctx, &err), TD_OK);
}

static void write_three(struct db *db)
{
	write_one(&db->ctx, "create", 41, NULL, "{\"name\":\"Nguyễn Văn A\"}");
	db->ctx.idem_key = "key-2";
	write_one(&db->ctx, "update", 41, "{\"name\":\"Nguyễn Văn A\"}",
		  "{\"name\":\"Nguyễn Văn B\"}");
	db->ctx.idem_key = NULL;
	write_one(&db->ctx, "delete", 41, "{\"name\":\"Nguyễn Văn B\"}", NULL);
}

static void tamper(struct db *db, const char *sql)
{
	struct td_error err = {0};
	if (store_exec(db->s, sql, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
}

static void expect_broken(struct db *db, int64_t first_bad, const char *reason)
{
	struct audit_verify_result res;
	struct td_error err = {0};
	assert_int_equal(audit_verify(db->s, &res, &err), TD_ECONFLICT);
	if (res.first_bad != first_bad || !strstr(res.reason, reason))
		fail_msg("expected break at %lld (%s), got %lld: %s", (long long)first_bad, reason,
			 (long long)res.first_bad, res.reason);
	assert_non_null(strstr(err.msg, res.reason));
}

static void test_record_holds_who_when_what_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	struct td_error err = {0};
	struct td_stmt *st = NULL;
	assert_int_equal(
		store_prepare(db->s,
			      "SELECT id, at, user_id, username, office_id, business_date, "
			      "idem_key, action, entity, entity_id, before_json, after_json "
			      "FROM audit_log WHERE id = 2",
			      &st, &err),
		TD_OK);
	assert_int_equal(stmt_step(st, &err), TD_ROW);
	assert_int_equal(stmt_column_int64(st, 0), 2);
	const char *at = stmt_column_text(st, 1);
	assert_int_equal(strlen(at), 20); /* 2025-11-23T13:45:07Z */
	assert_true(at[4] == '-' && at[10] == 'T' && at[19] == 'Z');
	assert_int_equal(stmt_column_int64(st, 2), 3);
	assert_string_equal(stmt_column_text(st, 3), "hoa.lt");
	assert_int_equal(stmt_column_int64(st, 4), 1);
	assert_string_equal(stmt_column_text(st, 5), "2025-03-14");
	assert_string_equal(stmt_column_text(st, 6), "key-2");
	assert_string_equal(stmt_column_text(st, 7), "update");
	assert_string_equal(stmt_column_text(st, 8), "household");
	assert_int_equal(stmt_column_int64(st, 9), 41);
	assert_string_equal(stmt_column_text(st, 10), "{\"name\":\"Nguyễn Văn A\"}");
	assert_string_equal(stmt_column_text(st, 11), "{\"name\":\"Nguyễn Văn B\"}");
	stmt_finalize(st);

	struct audit_verify_result res;
	assert_int_equal(audit_verify(db->s, &res, &err), TD_OK);
	assert_int_equal(res.records, 3);
	assert_int_equal(res.first_bad, 0);
}

static void test_empty_trail_is_intact(void **state)
{
	struct db *db = *state;
	struct audit_verify_result res;
	struct td_error err = {0};
	assert_int_equal(audit_verify(db->s, &res, &err), TD_OK);
	assert_int_equal(res.records, 0);
}

/* A record rolled back with its use case leaves no trace and no gap. */
static void test_rolled_back_write_leaves_no_record_R_GL_3(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	write_one(&db->ctx, "create", 1, NULL, "{}");
	assert_int_equal(bank_tx_begin(&db->ctx, &err), TD_OK);
	assert_int_equal(audit_record(&db->ctx, "create", "household", 2, NULL, "{}", &err), TD_OK);
	bank_tx_rollback(&db->ctx);
	write_one(&db->ctx, "create", 3, NULL, "{}");
	int64_t n = 0;
	assert_int_equal(store_query_int64(db->s, "SELECT max(id) FROM audit_log", &n, &err),
			 TD_OK);
	assert_int_equal(n, 2);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(db->s, &res, &err), TD_OK);
	assert_int_equal(res.records, 2);
}

static void test_edited_record_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	tamper(db, "UPDATE audit_log SET after_json = '{\"name\":\"Trần Thị C\"}' WHERE id = 2");
	expect_broken(db, 2, "hash does not match its content");
}

static void test_edited_who_or_date_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	const char *edits[] = {
		"UPDATE audit_log SET username = 'someone.else' WHERE id = 1",
		"UPDATE audit_log SET business_date = '2025-03-13' WHERE id = 1",
		"UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE id = 1",
		"UPDATE audit_log SET idem_key = 'forged' WHERE id = 1",
		"UPDATE audit_log SET before_json = '{}' WHERE id = 1",
	};
	write_three(db);
	for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
		struct td_error err = {0};
		assert_int_equal(store_begin(db->s, &err), TD_OK);
		tamper(db, edits[i]);
		expect_broken(db, 1, "edited");
		store_rollback(db->s);
	}
}

static void test_broken_link_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	/* A stored hash that is not the content's: the record itself is reported. */
	tamper(db, "UPDATE audit_log SET hash = 'f00d' || substr(hash, 5) WHERE id = 2");
	expect_broken(db, 2, "edited");
	tamper(db, "UPDATE audit_log SET hash = (SELECT prev_hash FROM audit_log WHERE id = 3) "
		   "WHERE id = 2");
	struct audit_verify_result res;
	struct td_error err = {0};
	assert_int_equal(audit_verify(db->s, &res, &err), TD_OK); /* the original, restored */
	/* A link that points elsewhere: the record after the break is reported. */
	tamper(db,
	       "UPDATE audit_log SET prev_hash = (SELECT prev_hash FROM audit_log WHERE id = 2) "
	       "WHERE id = 3");
	expect_broken(db, 3, "prev_hash is not the hash of record 2");
}

static void test_deleted_record_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	tamper(db, "DELETE FROM audit_log WHERE id = 2");
	expect_broken(db, 3, "record 2 is missing");
}

static void test_deleted_first_record_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	tamper(db, "DELETE FROM audit_log WHERE id = 1");
	expect_broken(db, 2, "record 1 is missing");
}

static void test_deleted_and_renumbered_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	tamper(db, "DELETE FROM audit_log WHERE id = 2");
	tamper(db, "UPDATE audit_log SET id = 2 WHERE id = 3");
	expect_broken(db, 2, "prev_hash is not the hash of record 1");
}

static void test_deleted_newest_records_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	tamper(db, "DELETE FROM audit_log WHERE id >= 2");
	expect_broken(db, 2, "chain ends at record 1 but its head names record 3");
}

static void test_inserted_record_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	/* A forged newest record that copies the shape of a real one. */
	tamper(db, "INSERT INTO audit_log (id, at, user_id, username, office_id, business_date, "
		   "idem_key, action, entity, entity_id, before_json, after_json, prev_hash, hash) "
		   "SELECT 4, at, user_id, username, office_id, business_date, idem_key, action, "
		   "entity, 99, before_json, after_json, hash, hash FROM audit_log WHERE id = 3");
	expect_broken(db, 4, "edited");
}

static void test_inserted_in_the_middle_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	/* Make room after record 1 and slip a copy of it in. */
	tamper(db, "UPDATE audit_log SET id = id + 10 WHERE id >= 2");
	tamper(db, "INSERT INTO audit_log (id, at, user_id, username, office_id, business_date, "
		   "idem_key, action, entity, entity_id, before_json, after_json, prev_hash, hash) "
		   "SELECT 2, at, user_id, username, office_id, business_date, idem_key, action, "
		   "entity, entity_id, before_json, after_json, hash, hash FROM audit_log WHERE id "
		   "= 1");
	expect_broken(db, 2, "edited");
}

static void test_chain_head_tampering_detected_R_GL_3(void **state)
{
	struct db *db = *state;
	write_three(db);
	tamper(db, "UPDATE td_meta SET value = 'garbage' WHERE key = 'audit_head'");
	struct audit_verify_result res;
	struct td_error err = {0};
	assert_int_equal(audit_verify(db->s, &res, &err), TD_ECONFLICT);
	assert_non_null(strstr(res.reason, "audit_head"));
	tamper(db, "DELETE FROM td_meta WHERE key = 'audit_head'");
	assert_int_equal(audit_verify(db->s, &res, &err), TD_ECONFLICT);
	assert_non_null(strstr(err.msg, "no audit_head"));
	/* And a writer refuses to extend a chain whose head is gone. */
	assert_int_equal(bank_tx_begin(&db->ctx, &err), TD_OK);
	assert_int_equal(audit_record(&db->ctx, "create", "household", 1, NULL, "{}", &err),
			 TD_ECONFLICT);
	bank_tx_rollback(&db->ctx);
}

/* Writers on several connections at once never fork the chain: on SQLite they take turns
 * for the write lock, on PostgreSQL the advisory lock orders them and a writer that lost
 * the race gets TD_EBUSY and runs again. */
struct writer {
	const char *url;
	int count;
	int failures;
	char msg[TD_ERROR_MSG_MAX];
};

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	struct td_error err = {0};
	struct td_store *s = NULL;
	if (store_open(w->url, TD_OPEN_EXISTING, &s, &err) != TD_OK) {
		w->failures++;
		snprintf(w->msg, sizeof w->msg, "%s", err.msg);
		return NULL;
	}
	struct td_actor a = {.user_id = 9, .role = ROLE_ADMIN, .office_id = 1};
	snprintf(a.username, sizeof a.username, "writer");
	struct td_ctx ctx = {.store = s, .actor = &a, .business_date = 20000};
	for (int i = 0; i < w->count; i++) {
		int rc;
		do {
			rc = bank_tx_begin(&ctx, &err);
			if (rc == TD_OK)
				rc = audit_record(&ctx, "create", "household", i, NULL, "{}", &err);
			if (rc == TD_OK)
				rc = bank_tx_commit(&ctx, &err);
			else if (ctx.tx_depth > 0)
				bank_tx_rollback(&ctx);
		} while (rc == TD_EBUSY);
		if (rc != TD_OK) {
			w->failures++;
			snprintf(w->msg, sizeof w->msg, "%s", err.msg);
		}
	}
	store_close(s);
	return NULL;
}

static void test_concurrent_writers_keep_one_chain_R_GL_3(void **state)
{
	struct db *db = *state;
	struct writer w[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct writer){.url = db->url, .count = 25};
		assert_int_equal(pthread_create(&th[i], NULL, writer_run, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		if (w[i].failures)
			fail_msg("writer %d: %d failures, last: %s", i, w[i].failures, w[i].msg);
	}
	struct audit_verify_result res;
	struct td_error err = {0};
	assert_int_equal(audit_verify(db->s, &res, &err), TD_OK);
	assert_int_equal(res.records, 100);
}

/* Listing: filters, paging, newest first, the actor's subtree, and who may read it. */
static void test_list_filters_and_scope(void **state)
{
	struct db *db = *state;
	struct td_error err = {0};
	write_three(db);
	struct td_actor other = {.user_id = 8, .role = ROLE_ADMIN, .office_id = 2};
	snprintf(other.username, sizeof other.username, "branch.admin");
	int64_t br = 0;
	assert_int_equal(
		store_query_int64(db->s,
				  "INSERT INTO office (code, kind) VALUES ('BR01', 'branch') "
				  "RETURNING id",
				  &br, &err),
		TD_OK);
	other.office_id = br;
	tamper(db, "INSERT INTO office_version (office_id, name, parent_id, valid_from) "
		   "SELECT id, 'Chi nhánh', 1, '2010-01-01' FROM office WHERE code = 'BR01'");
	struct td_ctx octx = db->ctx;
	octx.actor = &other;
	write_one(&octx, "create", 77, NULL, "{\"x\":1}");

	json_t *out = NULL;
	assert_int_equal(audit_list(&db->ctx, NULL, &out, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 4);
	json_t *first = json_array_get(json_object_get(out, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), 4); /* newest first */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(first, "after"), "x")),
			 1);
	assert_true(json_is_null(json_object_get(first, "before")));
	json_decref(out);

	struct audit_filter f = {.entity = "household", .entity_id = 41, .limit = 1, .offset = 1};
	assert_int_equal(audit_list(&db->ctx, &f, &out, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 3);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	first = json_array_get(json_object_get(out, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "action")), "update");
	assert_string_equal(json_string_value(json_object_get(first, "idem_key")), "key-2");
	json_decref(out);

	f = (struct audit_filter){
		.username = "hoa.lt", .action = "delete", .from = "2025-03-14", .to = "2025-03-14"};
	assert_int_equal(audit_list(&db->ctx, &f, &out, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 1);
	json_decref(out);

	/* The branch administrator sees only what users of its branch did. */
	assert_int_equal(audit_list(&octx, NULL, &out, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 1);
	json_decref(out);

	f = (struct audit_filter){.from = "2025-02-30"};
	assert_int_equal(audit_list(&db->ctx, &f, &out, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "filter from"));
	f = (struct audit_filter){.limit = 501};
	assert_int_equal(audit_list(&db->ctx, &f, &out, &err), TD_EINVAL);
	assert_null(out);

	struct td_actor teller = {.user_id = 5, .role = ROLE_TELLER, .office_id = 1};
	snprintf(teller.username, sizeof teller.username, "teller");
	struct td_ctx tctx = db->ctx;
	tctx.actor = &teller;
	assert_int_equal(audit_list(&tctx, NULL, &out, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "audit_read"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_record_holds_who_when_what_R_GL_3),
		T(test_empty_trail_is_intact),
		T(test_rolled_back_write_leaves_no_record_R_GL_3),
		T(test_edited_record_detected_R_GL_3),
		T(test_edited_who_or_date_detected_R_GL_3),
		T(test_broken_link_detected_R_GL_3),
		T(test_deleted_record_detected_R_GL_3),
		T(test_deleted_first_record_detected_R_GL_3),
		T(test_deleted_and_renumbered_detected_R_GL_3),
		T(test_deleted_newest_records_detected_R_GL_3),
		T(test_inserted_record_detected_R_GL_3),
		T(test_inserted_in_the_middle_detected_R_GL_3),
		T(test_chain_head_tampering_detected_R_GL_3),
		T(test_concurrent_writers_keep_one_chain_R_GL_3),
		T(test_list_filters_and_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
