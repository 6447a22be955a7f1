/* Fee and commission lines of the commune session on both stores (R-FEE-1, R-FEE-2,
 * R-SES-1, R-SES-2): the 13/TD list shows what is payable, a batch pays it once (even when
 * two batches race), every refusal names the line and books nothing, the expected cash
 * counts the payouts, a closed session takes none, and the books agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>

#include "payout_fixture.h"

#define MAY "2025-05-17"

/* The state that refusals must leave alone. */
static int64_t payouts(struct loan_fx *x)
{
	return fix_count(x->f, "SELECT count(*) FROM session_payout");
}

static int64_t entries(struct loan_fx *x)
{
	return fix_count(x->f, "SELECT count(*) FROM gl_entry");
}

/* R-SES-2: what the 13/TD list says is payable at session id on MAY. */
static json_t *list(struct loan_fx *x, int64_t id)
{
	struct td_ctx t = as(x, &x->teller, MAY);
	struct td_error err = {0};
	json_t *j = NULL;
	must(csession_groups(&t, id, &j, &err), &err, "groups");
	return j;
}

/* The list shows the leader's commission and the chapter's commune share; a batch pays
 * both out of the box; the list then shows nothing; the session closes on the cash less
 * the payouts; the payables of April are then only the upper shares (R-FEE-1, R-FEE-2). */
static void test_r_fee_1_r_fee_2_paid_at_the_session(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	int64_t id = pf_open(x, x->f->p1, MAY, 1000000);
	json_t *j = list(x, id);
	json_t *g = json_array_get(json_object_get(j, "groups"), 0);
	json_t *c = json_array_get(json_object_get(g, "commissions"), 0);
	assert_int_equal(jint(c, "commission_id"), pf_commission_id(x));
	assert_int_equal(jint(c, "amount"), APRIL_COMMISSION);
	assert_int_equal(jint(c, "leader_household_id"), x->f->hh1[0]);
	assert_string_equal(json_string_value(json_object_get(c, "month")), "2025-04");
	assert_int_equal(jint(g, "commission_payable"), APRIL_COMMISSION);
	assert_int_equal(jint(j, "commission_payable"), APRIL_COMMISSION);
	json_t *f = json_array_get(json_object_get(j, "fees"), 0);
	assert_int_equal(json_array_size(json_object_get(j, "fees")), 1);
	assert_int_equal(jint(f, "fee_id"), pf_fee_id(x));
	assert_int_equal(jint(f, "chapter_id"), x->chapter);
	assert_int_equal(jint(f, "amount"), APRIL_COMMUNE);
	assert_int_equal(jint(j, "fee_payable"), APRIL_COMMUNE);
	json_decref(j);

	struct csession_line l[] = {pf_commission(x), pf_fee(x)};
	struct td_error err = {0};
	must(pf_record(x, &x->teller, MAY, "pay-1", id, l, 2, &err), &err, "record");
	assert_int_equal(gl(x, "COMMISSION_PAYABLE"), 0);
	assert_int_equal(gl(x, "FEE_PAYABLE"), -APRIL_UPPER);
	assert_int_equal(fix_count(x->f, "SELECT household_id FROM session_payout WHERE kind = "
					 "'commission' AND via = 'group_leader'"),
			 x->f->hh1[0]);
	assert_int_equal(fix_count(x->f,
				   "SELECT count(*) FROM session_payout sp JOIN gl_entry e "
				   "ON e.id = sp.entry_id WHERE e.business_date = '2025-05-17'"),
			 2);
	books_agree(x, 0, NULL);

	struct td_ctx t = as(x, &x->teller, MAY);
	must(csession_get(&t, id, &j, &err), &err, "get");
	assert_int_equal(jint(j, "cash_out"), APRIL_COMMISSION + APRIL_COMMUNE);
	assert_int_equal(jint(j, "expected_cash"), 1000000 - APRIL_COMMISSION - APRIL_COMMUNE);
	json_t *lines = json_object_get(j, "lines");
	assert_int_equal(json_array_size(lines), 2);
	json_t *l1 = json_array_get(lines, 0), *l2 = json_array_get(lines, 1);
	assert_string_equal(json_string_value(json_object_get(l1, "kind")), "commission");
	assert_string_equal(json_string_value(json_object_get(l1, "direction")), "out");
	assert_int_equal(jint(l1, "ref_id"), pf_commission_id(x));
	assert_string_equal(json_string_value(json_object_get(l2, "kind")), "fee");
	assert_string_equal(json_string_value(json_object_get(l2, "via")), "chapter");
	assert_int_equal(jint(l2, "chapter_id"), x->chapter);
	assert_true(json_is_null(json_object_get(l2, "household_id")));
	json_decref(j);

	j = list(x, id);
	assert_int_equal(jint(j, "fee_payable") + jint(j, "commission_payable"), 0);
	assert_int_equal(json_array_size(json_object_get(j, "fees")), 0);
	json_decref(j);

	/* R-SES-1: the count without the payouts is refused; with them the session closes. */
	struct td_ctx o = as(x, &x->officer, MAY);
	assert_int_equal(csession_close(&o, id, 1000000, &err), TD_ERULE);
	assert_msg_has(err, "thừa 41.822"); /* 28.577 + 13.245 */
	must(csession_close(&o, id, 1000000 - APRIL_COMMISSION - APRIL_COMMUNE, &err), &err,
	     "close");
	books_agree(x, 0, NULL);
}

/* Paid once (R-FEE-1, R-FEE-2): again in the same session, in a later one, twice in one
 * batch: each refusal names the session and date that paid it. */
static void test_r_fee_2_paid_once(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	int64_t id = pf_open(x, x->f->p1, MAY, 0);
	struct csession_line l = pf_commission(x);
	struct td_error err = {0};
	must(pf_record(x, &x->teller, MAY, "c-1", id, &l, 1, &err), &err, "pay");
	int64_t n = entries(x);
	char want[64];
	snprintf(want, sizeof want, "paid at session %lld (point P1, 2025-05-17)", (long long)id);
	assert_int_equal(pf_record(x, &x->teller, MAY, "c-2", id, &l, 1, &err), TD_ECONFLICT);
	assert_msg_has(err, "line 1 (commission, commission row");
	assert_msg_has(err, want);
	int64_t june = pf_open(x, x->f->p1, "2025-06-17", 0);
	assert_int_equal(pf_record(x, &x->teller, "2025-06-17", "c-3", june, &l, 1, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, want);
	struct csession_line twice[] = {pf_fee(x), pf_fee(x)};
	assert_int_equal(pf_record(x, &x->teller, "2025-06-17", "c-4", june, twice, 2, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "line 2 (fee, fee row");
	assert_int_equal(entries(x), n);
	assert_int_equal(payouts(x), 1);
	books_agree(x, 0, NULL);
}

/* Each refusal of a payout line, with its code and words; nothing is booked. */
static void test_r_fee_1_r_fee_2_refusals(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	int64_t id = pf_open(x, x->f->p1, MAY, 0), n = entries(x);
	struct td_error err = {0};
	struct csession_line c = pf_commission(x), f = pf_fee(x);
	struct {
		struct csession_line l;
		int want;
		const char *says;
	} cases[] = {
		{{CSL_COMMISSION, CSV_GROUP_LEADER, c.target, 0, APRIL_COMMISSION - 1},
		 TD_ERULE,
		 "payable is 28.577 đồng, the line says 28.576 đồng"},
		{{CSL_FEE, CSV_HOUSEHOLD, f.target, 0, APRIL_FEE},
		 TD_ERULE,
		 "payable is 13.245 đồng, the line says 15.767 đồng"},
		{{CSL_FEE, CSV_GROUP_LEADER, f.target, 0, APRIL_COMMUNE},
		 TD_ERULE,
		 "not through a group leader"},
		{{CSL_COMMISSION, CSV_HOUSEHOLD, 9999, 0, 100},
		 TD_ENOTFOUND,
		 "commission (hoa hồng) row 9999 does not exist"},
		{{CSL_FEE, CSV_HOUSEHOLD, 9999, 0, 100},
		 TD_ENOTFOUND,
		 "fee (phí ủy thác) row 9999 does not exist"},
		{{CSL_COMMISSION, CSV_HOUSEHOLD, c.target, 0, 0}, TD_EINVAL, "outside 1..10^15"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		int rc = pf_record(x, &x->teller, MAY, "r", id, &cases[k].l, 1, &err);
		if (rc != cases[k].want || !strstr(err.msg, cases[k].says))
			fail_msg("case %zu: %s %s", k, td_code_name(rc), err.msg);
	}
	/* Who: a group leader and a credit officer do not record; outside the office neither. */
	struct td_actor leader = fix_actor(ROLE_GROUP_LEADER, x->f->pgd318, 0, x->group);
	assert_int_equal(pf_record(x, &leader, MAY, "w", id, &c, 1, &err), TD_EFORBIDDEN);
	assert_int_equal(pf_record(x, &x->officer, MAY, "w", id, &c, 1, &err), TD_EFORBIDDEN);
	assert_int_equal(pf_record(x, &x->teller_319, MAY, "w", id, &c, 1, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(entries(x), n);
	assert_int_equal(payouts(x), 0);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM session_batch"), 0);
}

/* The point serves neither the group nor the chapter's commune; the chapter is not a
 * commune chapter; the session belongs to another office (R-ORG-2, R-FEE-1). */
static void test_r_fee_1_not_served_by_the_point(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	struct fixture *f = x->f;
	char o[24], sql[512];
	int64_t p3 = fix_id(f->s,
			    "INSERT INTO commune_point (code, office_id, name, meeting_day, "
			    "valid_from) VALUES ('P3', CAST(? AS BIGINT), 'Điểm Xã Hai', 17, "
			    "'2010-01-01') RETURNING id",
			    fix_num(f->pgd318, o), NULL, NULL, NULL);
	snprintf(sql, sizeof sql,
		 "INSERT INTO commune_point_commune (point_id, commune_code, valid_from) VALUES "
		 "(%lld, '12002', '2010-01-01')",
		 (long long)p3);
	fix_exec(f->s, sql);
	pf_team(f, p3);
	int64_t id = pf_open(x, p3, MAY, 0), n = entries(x);
	struct csession_line c = pf_commission(x), fee = pf_fee(x);
	struct td_error err = {0};
	assert_int_equal(pf_record(x, &x->teller, MAY, "s", id, &c, 1, &err), TD_ERULE);
	assert_msg_has(err, "group TK-01 is not served by point P3 on 2025-05-17");
	assert_int_equal(pf_record(x, &x->teller, MAY, "s", id, &fee, 1, &err), TD_ERULE);
	assert_msg_has(err, "commune 12001, which point P3 does not serve on 2025-05-17");
	/* A chapter of the district level is not paid at a commune session. */
	int64_t p1 = pf_open(x, f->p1, MAY, 0);
	snprintf(sql, sizeof sql,
		 "UPDATE org_chapter SET level = 'district', admin_code = '318' WHERE id = %lld",
		 (long long)x->chapter);
	fix_exec(f->s, sql);
	assert_int_equal(pf_record(x, &x->teller, MAY, "s", p1, &fee, 1, &err), TD_ERULE);
	assert_msg_has(err, "is a district chapter");
	/* A session of PGD319 (its director reaches both offices from BR31). */
	pf_team(f, f->p2);
	struct td_actor d = fix_actor(ROLE_DIRECTOR, f->br31, 0, 0);
	struct td_ctx dc = as(x, &d, MAY);
	struct csession_open_input in = {f->p2, fix_day(MAY), NULL, 0};
	int64_t p2 = 0;
	must(csession_open(&dc, &in, &p2, &err), &err, "open P2");
	assert_int_equal(pf_record(x, &d, MAY, "s", p2, &c, 1, &err), TD_ERULE);
	assert_msg_has(err, "accrued by office");
	assert_int_equal(entries(x), n);
	assert_int_equal(payouts(x), 0);
}

/* Month end booked after the session's date: not payable yet (R-FEE-1, R-FEE-2). */
static void test_r_fee_2_month_end_booked_after_the_session(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-20");
	int64_t id = pf_open(x, x->f->p1, MAY, 0);
	struct csession_line c = pf_commission(x), f = pf_fee(x);
	struct td_error err = {0};
	json_t *j = list(x, id);
	assert_int_equal(jint(j, "fee_payable") + jint(j, "commission_payable"), 0);
	json_decref(j);
	assert_int_equal(pf_record(x, &x->teller, MAY, "m", id, &c, 1, &err), TD_ECONFLICT);
	assert_msg_has(err, "booked on 2025-05-20, after the session date 2025-05-17");
	assert_int_equal(pf_record(x, &x->teller, MAY, "m", id, &f, 1, &err), TD_ECONFLICT);
	assert_int_equal(payouts(x), 0);
}

/* A group with no leader at month end: the leader of the session date receives it; with
 * none then either, nobody may (R-FEE-2). */
static void test_r_fee_2_leader_of_the_session_date(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	fix_exec(x->f->s, "UPDATE commission_accrual SET leader_household_id = NULL");
	int64_t id = pf_open(x, x->f->p1, MAY, 0);
	struct csession_line c = pf_commission(x);
	c.via = CSV_HOUSEHOLD;
	char sql[256];
	snprintf(sql, sizeof sql,
		 "UPDATE group_member SET role = 'member' WHERE household_id = %lld",
		 (long long)x->f->hh1[0]);
	fix_exec(x->f->s, sql);
	struct td_error err = {0};
	assert_int_equal(pf_record(x, &x->teller, MAY, "l", id, &c, 1, &err), TD_ERULE);
	assert_msg_has(err, "had no leader at the end of 2025-04 and has none on 2025-05-17");
	snprintf(sql, sizeof sql,
		 "UPDATE group_member SET role = 'leader' WHERE household_id = %lld",
		 (long long)x->f->hh1[2]);
	fix_exec(x->f->s, sql);
	must(pf_record(x, &x->teller, MAY, "l", id, &c, 1, &err), &err, "pay");
	assert_int_equal(fix_count(x->f, "SELECT household_id FROM session_payout"), x->f->hh1[2]);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM session_payout WHERE via = "
					 "'household'"),
			 1);
	books_agree(x, 0, NULL);
}

/* R-SES-1: a closed session takes no payout line. */
static void test_r_ses_1_closed_session_takes_no_payout(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	int64_t id = pf_open(x, x->f->p1, MAY, 0);
	struct td_ctx o = as(x, &x->officer, MAY);
	struct td_error err = {0};
	must(csession_close(&o, id, 0, &err), &err, "close");
	struct csession_line c = pf_commission(x);
	assert_int_equal(pf_record(x, &x->teller, MAY, "z", id, &c, 1, &err), TD_ECONFLICT);
	assert_msg_has(err, "phiên đã đóng");
	assert_int_equal(payouts(x), 0);
	assert_int_equal(gl(x, "COMMISSION_PAYABLE"), -APRIL_COMMISSION);
}

/* Two tellers record the same commission at the same moment, each on its own connection:
 * one pays, the other is refused, and the books agree (R-FEE-2, R-GL-3). */
struct racer {
	const char *url;
	pthread_barrier_t *start;
	struct csession_line line;
	int64_t session;
	const char *key;
	struct td_actor teller;
	int rc;
	struct td_error err;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	struct td_store *s = NULL;
	r->rc = store_open(r->url, TD_OPEN_EXISTING, &s, &r->err);
	pthread_barrier_wait(r->start);
	for (int i = 0; r->rc == TD_OK && i < 20; i++) {
		struct td_ctx c = {.store = s,
				   .actor = &r->teller,
				   .business_date = fix_day(MAY),
				   .idem_key = r->key};
		r->rc = csession_record(&c, r->session, &r->line, 1, NULL, &r->err);
		if (r->rc != TD_EBUSY) /* a serialization failure: run it again */
			break;
		r->rc = TD_OK;
	}
	store_close(s);
	return NULL;
}

static void test_r_fee_2_paid_once_under_concurrency(void **state)
{
	struct loan_fx *x = *state;
	pf_april(x, "2025-05-01");
	int64_t id = pf_open(x, x->f->p1, MAY, 0);
	struct csession_line l = pf_commission(x); /* the threads use only their own store */
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, 2);
	struct racer r[2] = {{x->f->url, &start, l, id, "race-a", x->teller, 0, {0}},
			     {x->f->url, &start, l, id, "race-b", x->teller, 0, {0}}};
	r[1].teller.user_id = 42;
	pthread_t th[2];
	for (int k = 0; k < 2; k++)
		assert_int_equal(pthread_create(&th[k], NULL, race, &r[k]), 0);
	for (int k = 0; k < 2; k++)
		pthread_join(th[k], NULL);
	pthread_barrier_destroy(&start);
	int ok = (r[0].rc == TD_OK) + (r[1].rc == TD_OK);
	if (ok != 1)
		fail_msg("want one payout, got %d: %s %s / %s %s", ok, td_code_name(r[0].rc),
			 r[0].err.msg, td_code_name(r[1].rc), r[1].err.msg);
	struct racer *loser = r[0].rc == TD_OK ? &r[1] : &r[0];
	assert_int_equal(loser->rc, TD_ECONFLICT);
	assert_msg_has(loser->err, "đã trả");
	assert_int_equal(payouts(x), 1);
	assert_int_equal(gl(x, "COMMISSION_PAYABLE"), 0);
	books_agree(x, 0, NULL);
	/* The database itself refuses a second payout of the row, whatever the code does. */
	struct td_error err = {0};
	assert_int_equal(
		store_exec(x->f->s,
			   "INSERT INTO session_payout (session_id, batch_id, position, "
			   "kind, via, commission_id, group_id, household_id, amount, "
			   "entry_id) SELECT session_id, batch_id, position + 1, kind, via, "
			   "commission_id, group_id, household_id, amount, entry_id FROM "
			   "session_payout",
			   &err),
		TD_EUNIQUE);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_fee_1_r_fee_2_paid_at_the_session),
		T(test_r_fee_2_paid_once),
		T(test_r_fee_1_r_fee_2_refusals),
		T(test_r_fee_1_not_served_by_the_point),
		T(test_r_fee_2_month_end_booked_after_the_session),
		T(test_r_fee_2_leader_of_the_session_date),
		T(test_r_ses_1_closed_session_takes_no_payout),
		T(test_r_fee_2_paid_once_under_concurrency),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES
						   ? "csession_payout/postgres"
						   : "csession_payout/sqlite",
					   tests, NULL, NULL);
}
