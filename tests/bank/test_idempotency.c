/* The one idempotency mechanism (bank/idempotency.h, R-GL-3) on both stores, around a real
 * write (a capital transfer, which books the ledger and the audit trail): a key is new,
 * replays the first answer, or conflicts naming the first request; a key is per user; a
 * failed run keeps no key; two connections racing with one key book once, the loser
 * replays the winner's answer. Keys are checked for length, UTF-8 and control characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>

#include "bank/idempotency.h"
#include "ledger_fixture.h"

/* A keyed run as the API and the command line do it: begin, look up, work, remember,
 * commit; run again on twins and conflicts. *replayed tells how it ended; answer is the
 * body (the first one on a replay). amount 0 makes the work fail (TD_EINVAL). */
struct keyed_run {
	struct td_store *s;
	const struct td_actor *actor;
	const char *key, *target;
	int64_t source;
	td_money amount;
	pthread_barrier_t *twins; /* both wait here after finding the key new (PostgreSQL) */
	const char *url;	  /* a racer opens its own connection */
	bool replayed;
	int status; /* of the answer */
	char answer[64];
	int attempts;
	struct td_error err;
};

static int work(struct keyed_run *r, struct idem_request *q)
{
	struct td_ctx c = {.store = r->s,
			   .actor = r->actor,
			   .business_date = fix_day("2025-01-01"),
			   .idem_key = r->key,
			   .tx_depth = 1};
	int64_t entry = 0;
	int rc = capital_transfer(&c, r->source, CAPITAL_IN, r->amount, "vốn về", NULL, &entry,
				  &r->err);
	if (rc != TD_OK)
		return rc;
	snprintf(r->answer, sizeof r->answer, "entry %lld", (long long)entry);
	struct idem_answer a = {.status = 201, .body = r->answer, .len = strlen(r->answer)};
	return idem_remember(r->s, q, &a, &r->err);
}

static int attempt(struct keyed_run *r, struct idem_request *q)
{
	struct idem_answer first = {0};
	r->replayed = false;
	int rc = store_begin(r->s, &r->err);
	if (rc == TD_OK)
		rc = idem_begin(r->s, q, &r->replayed, &first, &r->err);
	if (rc == TD_OK && r->replayed) {
		snprintf(r->answer, sizeof r->answer, "%s", first.body);
		r->status = first.status;
		idem_answer_free(&first);
		store_rollback(r->s);
		return TD_OK;
	}
	if (rc == TD_OK && r->twins)
		pthread_barrier_wait(r->twins);
	if (rc == TD_OK)
		rc = work(r, q);
	if (rc == TD_OK)
		return store_commit(r->s, &r->err);
	store_rollback(r->s);
	return rc;
}

static int keyed(struct keyed_run *r)
{
	struct idem_request q = {.user_id = r->actor->user_id,
				 .key = r->key,
				 .method = "tindung",
				 .target = r->target,
				 .now = 1735689600};
	idem_request_hash(&q, NULL, 0);
	int rc = TD_EBUSY;
	for (r->attempts = 0; r->attempts < 20 && idem_retry(rc); r->attempts++) {
		rc = attempt(r, &q);
		r->twins = NULL; /* the rendezvous is for the first attempt only */
	}
	return rc;
}

static int64_t transfers(struct fixture *f)
{
	return fix_count(f, "SELECT count(*) FROM capital_transfer");
}

static void test_r_gl_3_key_check(void **state)
{
	(void)state;
	static const struct {
		const char *key;
		int ok;
		const char *says;
	} cases[] = {
		{"k-1", 1, NULL},
		{"thu-nợ-tháng-8/2024 #1", 1, NULL},
		{"a", 1, NULL},
		{"", 0, "1..128 byte"},
		{"ab\x01", 0, "U+0001 ở vị trí 3"},
		{"tab\there", 0, "U+0009"},
		{"del\x7f", 0, "U+007F"},
		{"c1\xc2\x85", 0, "U+0085"},
		{"\xff", 0, "byte 0xff ở vị trí 1"},
		{"over\xc0\xaf", 0, "0xc0"},
		{"surrogate\xed\xa0\x80", 0, "0xed"},
		{"cut\xe1\x80", 0, "0xe1 ở vị trí 4"},
		{"big\xf4\x90\x80\x80", 0, "0xf4"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct td_error err = {0};
		int rc = idem_key_check(cases[i].key, 128, &err);
		if (cases[i].ok != (rc == TD_OK))
			fail_msg("key %zu: %s", i, err.msg);
		if (!cases[i].ok) {
			assert_int_equal(rc, TD_EINVAL);
			assert_msg_has(err, cases[i].says);
		}
	}
	char long_key[130];
	memset(long_key, 'k', sizeof long_key);
	long_key[128] = '\0';
	struct td_error err = {0};
	assert_int_equal(idem_key_check(long_key, 128, &err), TD_OK);
	long_key[128] = 'k';
	long_key[129] = '\0';
	assert_int_equal(idem_key_check(long_key, 128, &err), TD_EINVAL);
	assert_msg_has(err, "khóa này dài 129");
	assert_int_equal(idem_key_check(long_key, IDEM_KEY_MAX, &err), TD_OK);
}

/* The same key and request: the first answer again, nothing booked. The same key with
 * another request: refused naming the key and the first request, nothing booked. */
static void test_r_gl_3_replay_and_conflict(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "TW", f->pgd318, NULL);
	struct keyed_run r = {.s = f->s, .actor = &f->admin, .key = "k-1", .source = src,
			      .amount = 5000000, .target = "capital transfer 1 --in=5.000.000"};
	assert_int_equal(keyed(&r), TD_OK);
	assert_false(r.replayed);
	char first[64];
	snprintf(first, sizeof first, "%s", r.answer);
	int64_t entries = fix_count(f, "SELECT count(*) FROM gl_entry");
	int64_t audits = fix_count(f, "SELECT count(*) FROM audit_log");

	r.answer[0] = '\0';
	assert_int_equal(keyed(&r), TD_OK);
	assert_true(r.replayed);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.answer, first);
	assert_int_equal(transfers(f), 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_entry"), entries);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log"), audits);

	r.target = "capital transfer 1 --in=6.000.000";
	r.amount = 6000000;
	assert_int_equal(keyed(&r), TD_EIDEMPOTENCY);
	assert_msg_has(r.err, "khóa 'k-1' đã dùng cho một yêu cầu khác");
	assert_msg_has(r.err, "(tindung capital transfer 1 --in=5.000.000)");
	assert_int_equal(transfers(f), 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM idempotency_key"), 1);
}

/* Another user's same key is another key; the API's and the command line's keys share the
 * table: the same user's key sent as another kind of request is a conflict. */
static void test_r_gl_3_key_per_user(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "TW", f->pgd318, NULL);
	struct keyed_run r = {.s = f->s, .actor = &f->admin, .key = "k", .source = src,
			      .amount = 1000000, .target = "capital transfer 1 --in=1.000.000"};
	assert_int_equal(keyed(&r), TD_OK);
	struct td_actor other = f->admin;
	other.user_id = 7;
	snprintf(other.username, sizeof other.username, "admin_7");
	r.actor = &other;
	assert_int_equal(keyed(&r), TD_OK);
	assert_false(r.replayed);
	assert_int_equal(transfers(f), 2);

	struct idem_request api = {.user_id = 7, .key = "k", .method = "POST",
				   .target = "/api/v1/capital-sources/1/transfers"};
	idem_request_hash(&api, "{\"direction\":\"in\"}", 18);
	struct td_error err = {0};
	bool replay = false;
	struct idem_answer a = {0};
	assert_int_equal(store_begin(f->s, &err), TD_OK);
	assert_int_equal(idem_begin(f->s, &api, &replay, &a, &err), TD_EIDEMPOTENCY);
	store_rollback(f->s);
	assert_msg_has(err, "(tindung capital transfer 1 --in=1.000.000)");
}

/* A run that fails keeps no key: the retry with the same key runs and books once. */
static void test_r_gl_3_failed_run_keeps_no_key(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "TW", f->pgd318, NULL);
	struct keyed_run r = {.s = f->s, .actor = &f->admin, .key = "retry", .source = src,
			      .amount = 0, .target = "capital transfer 1 --in=0"};
	assert_int_equal(keyed(&r), TD_EINVAL);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM idempotency_key"), 0);
	assert_int_equal(transfers(f), 0);
	r.amount = 2000000;
	assert_int_equal(keyed(&r), TD_OK);
	assert_false(r.replayed);
	assert_int_equal(transfers(f), 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM idempotency_key"), 1);
}

static void *race(void *arg)
{
	struct keyed_run *r = arg;
	if (store_open(r->url, TD_OPEN_EXISTING, &r->s, &r->err) != TD_OK)
		return NULL;
	keyed(r);
	store_close(r->s);
	return NULL;
}

/* Two connections, one user, one key, at the same moment: one books, the other replays
 * its answer. On PostgreSQL both find the key new (they meet after the lookup) and the
 * second commit fails and runs again; on SQLite the second waits for the first's lock. */
static void test_r_gl_3_twins_race(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "TW", f->pgd318, NULL);
	pthread_barrier_t twins;
	pthread_barrier_init(&twins, NULL, 2);
	bool pg = fix_backend == TD_BACKEND_POSTGRES;
	struct keyed_run r[2];
	for (int i = 0; i < 2; i++)
		r[i] = (struct keyed_run){.actor = &f->admin, .key = "twin", .source = src,
					  .amount = 3000000, .url = f->url,
					  .target = "capital transfer 1 --in=3.000.000",
					  .twins = pg ? &twins : NULL};
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&twins);
	for (int i = 0; i < 2; i++)
		if (r[i].err.code != TD_OK && r[i].err.code != TD_EBUSY &&
		    r[i].err.code != TD_EUNIQUE)
			fail_msg("racer %d: %s", i, r[i].err.msg);
	assert_int_equal(r[0].replayed + r[1].replayed, 1);
	assert_string_equal(r[0].answer, r[1].answer);
	assert_int_equal(transfers(f), 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM idempotency_key"), 1);
	if (pg) /* the loser met the winner's commit and ran again */
		assert_true(r[0].attempts + r[1].attempts >= 3);
}

int main(void)
{
	fix_backend = testdb_backend_from_env();
#define T(fn) cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_gl_3_key_check),
		T(test_r_gl_3_replay_and_conflict),
		T(test_r_gl_3_key_per_user),
		T(test_r_gl_3_failed_run_keeps_no_key),
		T(test_r_gl_3_twins_race),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES
						   ? "idempotency/postgres"
						   : "idempotency/sqlite",
					   tests, NULL, NULL);
}
