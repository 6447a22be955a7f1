/* The refusals issue 5 names, walked as one district's story on both stores: each one is
 * refused with its reason, changes nothing (no entry, loan, application, repayment, session
 * line or audit record), and `tindung check` (check_run) passes after it.
 *   ineligible household (R-PRG-1), cap exceeded (R-PRG-1), source exhausted (R-CAP-1),
 *   approval by its own maker (R-APP-4), action outside the user's scope (R-ORG-4),
 *   principal handed to a group leader (R-ORG-3), session that does not balance (R-SES-1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/commune_session.h"
#include "loan_fixture.h"

/* What a refused operation must leave as it was. */
static const char *const counted[] = {
	"SELECT count(*) FROM gl_entry",
	"SELECT count(*) FROM gl_posting",
	"SELECT coalesce(sum(debit), 0) FROM gl_balance",
	"SELECT count(*) FROM loan",
	"SELECT count(*) FROM loan_application",
	"SELECT count(*) FROM loan_repayment",
	"SELECT count(*) FROM session_line",
	"SELECT count(*) FROM audit_log",
	"SELECT count(*) FROM commune_session WHERE status = 'closed'",
};
#define N_COUNTED (sizeof counted / sizeof counted[0])

struct books {
	int64_t v[N_COUNTED];
};

static struct books books_now(struct loan_fx *x)
{
	struct books b;
	for (size_t i = 0; i < N_COUNTED; i++)
		b.v[i] = fix_count(x->f, counted[i]);
	return b;
}

/* Nothing changed since before, and the books still agree. */
static void unchanged(struct loan_fx *x, const struct books *before)
{
	struct books now = books_now(x);
	for (size_t i = 0; i < N_COUNTED; i++)
		if (now.v[i] != before->v[i])
			fail_msg("%s: %lld before, %lld after a refusal", counted[i],
				 (long long)before->v[i], (long long)now.v[i]);
	books_agree(x, 0, NULL);
}

static struct application_input form(int64_t hh, td_money amount)
{
	return (struct application_input){.household_id = hh,
					  .programme = "1",
					  .amount = amount,
					  .term_months = 36,
					  .purpose = "Mua 2 con bò giống",
					  .plan = "Chăn nuôi bò sinh sản",
					  .applied_on = fix_day("2025-03-03")};
}

/* R-PRG-1: hh1[4] has no poverty status in 2025: refused, with the reason. */
static void test_r_prg_1_ineligible_household_is_refused(void **state)
{
	struct loan_fx *x = *state;
	struct books before = books_now(x);
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct application_input in = form(x->f->hh1[4], 50000000);
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(application_create(&u, &in, &id, &err), TD_ERULE);
	assert_int_equal(id, 0);
	unchanged(x, &before);
}

/* R-PRG-1: above the programme's cap per household. */
static void test_r_prg_1_cap_exceeded_is_refused(void **state)
{
	struct loan_fx *x = *state;
	struct books before = books_now(x);
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	struct application_input in = form(x->f->hh1[0], 5000000000);
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(application_create(&u, &in, &id, &err), TD_ERULE);
	unchanged(x, &before);
}

/* R-CAP-1: a source holding 10 M cannot lend 50 M; the message names both amounts. */
static void test_r_cap_1_source_exhausted_is_refused(void **state)
{
	struct loan_fx *x = *state;
	int64_t small = lf_source(x->f, "TW-02", x->f->pgd318, NULL);
	lf_transfer(x->f, small, CAPITAL_IN, 10000000);
	int64_t app = application(x, x->f->hh1[0], true);
	struct books before = books_now(x);
	struct td_ctx t = as(x, &x->teller, "2025-03-31");
	struct loan_disburse_input in = disb(x, app);
	in.source_id = small;
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(loan_disburse(&t, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "10.000.000");
	assert_msg_has(err, "50.000.000");
	unchanged(x, &before);
	disburse_ok(x, app); /* the funded source can */
	books_agree(x, 0, NULL);
}

/* R-APP-4: the director who prepared the file cannot decide it. */
static void test_r_app_4_approval_by_its_own_maker_is_refused(void **state)
{
	struct loan_fx *x = *state;
	struct td_ctx d = as(x, &x->director, "2025-03-31");
	struct td_ctx o = as(x, &x->officer, "2025-03-31");
	struct application_input in = form(x->f->hh1[1], 50000000);
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(application_create(&d, &in, &id, &err), TD_OK);
	struct application_vote v = {.on = fix_day("2025-03-05"),
				     .minutes_no = "05/BB-10C",
				     .list_no = "03/TD-07",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .members_present = 5,
				     .votes_for = 4,
				     .votes_against = 1};
	struct td_ctx u = as(x, &x->union_officer, "2025-03-31");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err, "confirm");
	must(application_check(&o, id, fix_day("2025-03-10"), NULL, &err), &err, "check");
	struct books before = books_now(x);
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_EFORBIDDEN);
	assert_msg_has(err, "maker-checker");
	unchanged(x, &before);
}

/* R-ORG-4: a teller of PGD319 cannot pay out PGD318's loan nor take its repayment. */
static void test_r_org_4_action_outside_scope_is_refused(void **state)
{
	struct loan_fx *x = *state;
	int64_t app = application(x, x->f->hh1[2], true);
	struct books before = books_now(x);
	struct td_ctx far = as(x, &x->teller_319, "2025-03-31");
	struct loan_disburse_input in = disb(x, app);
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(loan_disburse(&far, &in, &id, &err), TD_EFORBIDDEN);
	unchanged(x, &before);
	int64_t loan = disburse_ok(x, app);
	before = books_now(x);
	struct td_ctx late = as(x, &x->teller_319, "2025-04-30");
	struct loan_repay_input r = {.loan_id = loan, .amount = 100000, .on = fix_day("2025-04-20")};
	assert_int_equal(loan_repay(&late, &r, NULL, NULL, &err), TD_EFORBIDDEN);
	unchanged(x, &before);
}

/* The team of point P1 (meets on the 17th): officer CO1, a controller, teller T1. */
static void point_team(struct fixture *f)
{
	char o[24], sql[512];
	int64_t k1 = fix_id(f->s,
			    "INSERT INTO staff (office_id, full_name, role, valid_from) VALUES "
			    "(CAST(? AS BIGINT), 'Vũ Kiểm', 'controller', '2010-01-01') RETURNING id",
			    fix_num(f->pgd318, o), NULL, NULL, NULL);
	snprintf(sql, sizeof sql,
		 "INSERT INTO point_team (point_id, staff_id, duty, valid_from) VALUES "
		 "(%lld, %lld, 'leader', '2010-01-01'), (%lld, %lld, 'controller', '2010-01-01'), "
		 "(%lld, %lld, 'teller', '2010-01-01')",
		 (long long)f->p1, (long long)f->co1, (long long)f->p1, (long long)k1,
		 (long long)f->p1, (long long)f->t1);
	fix_exec(f->s, sql);
}

static int record(struct loan_fx *x, const struct td_actor *a, const char *key, int64_t session,
		  const struct csession_line *l, size_t n, struct td_error *err)
{
	struct td_ctx c = as(x, a, "2025-04-17");
	c.idem_key = key;
	int64_t batch = 0;
	return csession_record(&c, session, l, n, &batch, err);
}

/* R-ORG-3 and R-SES-1 at the April session of P1: the leader may not bring principal; the
 * session closes only when counted cash equals expected cash. */
static void test_r_ses_1_leader_principal_and_unbalanced_close_are_refused(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	point_team(x->f);
	int64_t loan = disburse_ok(x, application(x, x->f->hh1[3], true));
	struct td_ctx t = as(x, &x->teller, "2025-04-17");
	struct csession_open_input oi = {x->f->p1, fix_day("2025-04-17"), NULL, 1000000};
	int64_t session = 0;
	must(csession_open(&t, &oi, &session, &err), &err, "open");
	struct books before = books_now(x);
	struct csession_line principal = {CSL_PRINCIPAL, CSV_GROUP_LEADER, loan, 0, 1000000};
	assert_int_equal(record(x, &x->teller, "sc-1", session, &principal, 1, &err), TD_ERULE);
	assert_msg_has(err, "line 1");
	unchanged(x, &before);

	json_t *j = NULL;
	must(loan_get(&t, loan, &j, &err), &err, "loan get");
	td_money interest = json_integer_value(
		json_object_get(json_object_get(j, "interest_owed"), "total"));
	json_decref(j);
	assert_true(interest > 0);
	struct csession_line in = {CSL_INTEREST, CSV_GROUP_LEADER, loan, 0, interest};
	must(record(x, &x->teller, "sc-2", session, &in, 1, &err), &err, "interest");
	struct td_actor controller = person(ROLE_CONTROLLER, 51, x->f->pgd318, 0);
	struct td_ctx k = as(x, &controller, "2025-04-17");
	before = books_now(x);
	assert_int_equal(csession_close(&k, session, 1000000 + interest - 1000, &err),
			 TD_ERULE);
	assert_msg_has(err, "1.000");
	unchanged(x, &before);
	must(csession_close(&k, session, 1000000 + interest, &err), &err, "close");
	books_agree(x, 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_r_prg_1_ineligible_household_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_r_prg_1_cap_exceeded_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r_cap_1_source_exhausted_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r_app_4_approval_by_its_own_maker_is_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_r_org_4_action_outside_scope_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_r_ses_1_leader_principal_and_unbalanced_close_are_refused, setup,
			teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
