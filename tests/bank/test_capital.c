/* Capital sources on both stores (R-CAP-1): central and local sources, transfers in and
 * out, the balance that lending draws down and repayment restores, the refusal message
 * of the draw check, and who may write (ACT_CAPITAL_WRITE, R-ORG-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "ledger_fixture.h"

static void test_local_sources_need_investor_central_take_none_R_CAP_1(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	int64_t id = 0;
	struct capital_input local = {"DP1", "local", "Vốn ủy thác tỉnh", f->pgd318};
	assert_int_equal(capital_create(&f->ctx, &local, &id, &err), TD_EINVAL);
	assert_msg_has(err, "investor is missing");
	assert_msg_has(err, "investor_code is missing");
	assert_msg_has(err, "investor_level is missing");
	struct capital_input central = {"TW1",	  "central", "Ngân sách", f->pgd318, "UBND tỉnh",
					"UB-31", "province"};
	assert_int_equal(capital_create(&f->ctx, &central, &id, &err), TD_EINVAL);
	assert_msg_has(err, "investor is given, but a central source has no investor");
	struct capital_input bad = {"", "regional", "", 999, NULL, NULL, NULL};
	assert_int_equal(capital_create(&f->ctx, &bad, &id, &err), TD_EINVAL);
	assert_msg_has(err, "code is missing");
	assert_msg_has(err, "kind 'regional' is not known");
	assert_msg_has(err, "name is missing");
	assert_msg_has(err, "office 999 does not exist");
	local.investor = "UBND thành phố Hải Phòng";
	local.investor_code = "UB-31";
	local.investor_level = "city";
	assert_int_equal(capital_create(&f->ctx, &local, &id, &err), TD_EINVAL);
	assert_msg_has(err, "investor_level 'city' is not known");
	local.investor_level = "province";
	assert_int_equal(capital_create(&f->ctx, &local, &id, &err), TD_OK);
	assert_int_equal(capital_create(&f->ctx, &local, &id, &err), TD_EUNIQUE);
	assert_msg_has(err, "'DP1' is already in use");
	assert_int_equal(fix_count(f, "SELECT count(*) FROM capital_source"), 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = "
				      "'capital_source'"),
			 1);
}

static td_money field(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* entrusted - lent + repaid; a return the source cannot cover is refused with the
 * exact reason, and books nothing. */
static void test_balance_and_draw_check_R_CAP_1(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "DP-HP", f->pgd318, "UBND thành phố Hải Phòng");
	lf_transfer(f, src, CAPITAL_IN, 100000000);
	lf_transfer(f, src, CAPITAL_OUT, 10000000);
	lf_lend(f, f->pgd318, src, 60000000);
	lf_lend(f, f->pgd318, src, -20000000); /* repaid */
	td_money avail = 0;
	struct td_error err = {0};
	assert_int_equal(capital_available(f->s, src, 0, &avail, &err), TD_OK);
	assert_int_equal(avail, 50000000);
	assert_int_equal(capital_available(f->s, src, f->pgd319, &avail, &err), TD_OK);
	assert_int_equal(avail, 0);
	assert_int_equal(capital_available(f->s, 999, 0, &avail, &err), TD_ENOTFOUND);
	assert_int_equal(capital_draw_check(f->s, src, 0, 50000000, &err), TD_OK);
	assert_int_equal(capital_draw_check(f->s, src, 0, 60000000, &err), TD_ERULE);
	assert_string_equal(err.msg,
			    "nguồn vốn DP-HP chỉ còn 50.000.000 đồng, không đủ 60.000.000 đồng");
	int64_t entries = fix_count(f, "SELECT count(*) FROM gl_entry");
	assert_int_equal(capital_transfer(&f->ctx, src, CAPITAL_OUT, 50000001, "", NULL, NULL,
					  &err),
			 TD_ERULE);
	assert_msg_has(err, "chỉ còn 50.000.000 đồng, không đủ 50.000.001 đồng");
	assert_int_equal(capital_transfer(&f->ctx, src, CAPITAL_IN, 0, "", NULL, NULL, &err),
			 TD_EINVAL);
	assert_int_equal(capital_transfer(&f->ctx, 999, CAPITAL_IN, 5, "", NULL, NULL, &err),
			 TD_ENOTFOUND);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_entry"), entries);
	json_t *j = NULL;
	assert_int_equal(capital_get(&f->ctx, src, &j, &err), TD_OK);
	assert_int_equal(field(j, "entrusted"), 100000000);
	assert_int_equal(field(j, "returned"), 10000000);
	assert_int_equal(field(j, "lent"), 40000000);
	assert_int_equal(field(j, "available"), 50000000);
	assert_string_equal(json_string_value(json_object_get(j, "investor_code")), "UB-31");
	assert_string_equal(json_string_value(json_object_get(j, "office_code")), "PGD318");
	json_decref(j);
	/* The transfer booked Dr CASH / Cr CAPITAL_LOCAL of the source's office. */
	assert_int_equal(fix_count(f, "SELECT b.credit - b.debit FROM gl_balance b JOIN "
				      "gl_account a ON a.id = b.account_id WHERE a.type_code = "
				      "'CAPITAL_LOCAL'"),
			 90000000);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM capital_transfer"), 2);
}

static void test_direction_parse(void **state)
{
	(void)state;
	enum capital_direction d;
	struct td_error err = {0};
	assert_int_equal(capital_direction_parse("in", &d, &err), TD_OK);
	assert_int_equal(d, CAPITAL_IN);
	assert_int_equal(capital_direction_parse("out", &d, &err), TD_OK);
	assert_int_equal(d, CAPITAL_OUT);
	assert_int_equal(capital_direction_parse("sideways", &d, &err), TD_EINVAL);
}

/* Admin and director of the office (or above) write; others read; outside is 403. */
static void test_scope_and_roles_R_ORG_4(void **state)
{
	struct fixture *f = *state;
	int64_t src = lf_source(f, "TW", f->pgd318, NULL);
	struct td_error err = {0};
	struct td_actor dir318 = fix_actor(ROLE_DIRECTOR, f->pgd318, 0, 0);
	struct td_actor dir319 = fix_actor(ROLE_DIRECTOR, f->pgd319, 0, 0);
	struct td_actor co318 = fix_actor(ROLE_CREDIT_OFFICER, f->pgd318, 0, 0);
	struct td_ctx c = fix_ctx(f, &dir318);
	assert_int_equal(capital_transfer(&c, src, CAPITAL_IN, 5000, "", NULL, NULL, &err), TD_OK);
	c = fix_ctx(f, &dir319);
	assert_int_equal(capital_transfer(&c, src, CAPITAL_IN, 5000, "", NULL, NULL, &err),
			 TD_EFORBIDDEN);
	json_t *j = NULL;
	assert_int_equal(capital_get(&c, src, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(capital_list(&c, 0, 0, &j, &err), TD_OK);
	assert_int_equal(field(j, "total"), 0);
	json_decref(j);
	struct capital_input in = {"TW2", "central", "x", f->pgd319};
	int64_t id = 0;
	c = fix_ctx(f, &co318);
	assert_int_equal(capital_transfer(&c, src, CAPITAL_IN, 5000, "", NULL, NULL, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(capital_create(&c, &in, &id, &err), TD_EFORBIDDEN);
	assert_int_equal(capital_list(&c, 0, 0, &j, &err), TD_OK);
	assert_int_equal(field(j, "total"), 1);
	json_decref(j);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM capital_transfer"), 1);
}

int main(void)
{
	fix_backend = testdb_backend_from_env();
#define T(fn) cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_direction_parse),
		T(test_local_sources_need_investor_central_take_none_R_CAP_1),
		T(test_balance_and_draw_check_R_CAP_1),
		T(test_scope_and_roles_R_ORG_4),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "capital/postgres"
									      : "capital/sqlite",
					   tests, NULL, NULL);
}
