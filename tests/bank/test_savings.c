/* Member savings on both stores (R-SAV-1, R-ORG-3, R-ORG-4): one open account per
 * household, the minimum deposit, withdrawals within the balance, interest with a rate
 * change inside the period, the savings check (clean after each scenario, tampering
 * found) and who may collect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/check.h"
#include "bank/group.h"
#include "bank/param.h"
#include "bank/savings.h"
#include "org_fixture.h"

struct place {
	struct fixture *f;
	int64_t group_a, group_b; /* hh1[0..4] in A (hh1[0] leads), hh1[5..9] in B */
};

static int64_t found(struct fixture *f, int64_t chapter, const char *code, size_t first)
{
	struct group_founding in = {
		.code = code,
		.name = code,
		.village_id = f->v1,
		.chapter_id = chapter,
		.point_id = f->p1,
		.officer_staff_id = f->co1,
		.decision_no = "12/QĐ-UBND",
		.decision_date = fix_day("2024-01-05"),
		.founded_on = fix_day("2024-01-10"),
		.members = f->hh1 + first,
		.n_members = 5,
		.leader_id = f->hh1[first],
	};
	struct td_error err = {0};
	int64_t id = 0;
	if (group_create(&f->ctx, &in, &id, &err) != TD_OK)
		fail_msg("group %s: %s", code, err.msg);
	return id;
}

static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct place p;
	struct fixture *f = *state;
	p.f = f;
	int64_t women = fix_chapter(f, "women", "commune", "12001", 0, f->pgd318, "2015-01-01");
	p.group_a = found(f, women, "TK-A", 0);
	p.group_b = found(f, women, "TK-B", 5);
	*state = &p;
	return 0;
}

static int teardown(void **state)
{
	struct place *p = *state;
	void *f = p->f;
	return fix_teardown(&f);
}

/* check_run finds exactly want mismatches; the lines go to the test's output. */
static void emit(void *arg, const char *line)
{
	(void)arg;
	printf("  check: %s\n", line);
}

static void assert_check(struct fixture *f, int64_t want)
{
	struct check_report r = {.emit = emit};
	struct td_error err = {0};
	if (check_run(f->s, CHECK_ALL_DATES, &r, &err) != TD_OK)
		fail_msg("check_run: %s", err.msg);
	if (r.mismatches != want)
		fail_msg("check_run: %lld mismatches, expected %lld", (long long)r.mismatches,
			 (long long)want);
}

static int64_t open_account(struct place *p, int64_t hh, int64_t group)
{
	struct td_error err = {0};
	int64_t id = 0;
	if (savings_open(&p->f->ctx, hh, group, &id, &err) != TD_OK)
		fail_msg("open: %s", err.msg);
	return id;
}

static void test_one_open_account_per_household_members_only_R_SAV_1(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	struct td_error err = {0};
	int64_t id = open_account(p, f->hh1[1], p->group_a), again = 0;
	assert_int_equal(savings_open(&f->ctx, f->hh1[1], p->group_a, &again, &err), TD_ECONFLICT);
	assert_msg_has(err, "already has the open savings account");
	/* hh1[6] is in group B, hh1[20] in no group. */
	assert_int_equal(savings_open(&f->ctx, f->hh1[6], p->group_a, &again, &err), TD_ERULE);
	assert_msg_has(err, "is not a member of group TK-A");
	assert_int_equal(savings_open(&f->ctx, f->hh1[20], p->group_a, &again, &err), TD_ERULE);
	assert_int_equal(savings_open(&f->ctx, f->hh1[1], 999, &again, &err), TD_ENOTFOUND);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM savings_account"), 1);
	json_t *j = NULL;
	assert_int_equal(savings_get(&f->ctx, id, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "balance")), 0);
	assert_string_equal(json_string_value(json_object_get(j, "group_code")), "TK-A");
	json_decref(j);
	assert_check(f, 0);
}

static void test_deposit_minimum_and_withdrawal_within_balance_R_SAV_1(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = open_account(p, f->hh1[2], p->group_a);
	struct td_error err = {0};
	assert_int_equal(savings_deposit(&f->ctx, id, 4999, NULL, &err), TD_ERULE);
	assert_string_equal(err.msg,
			    "tiền gửi tối thiểu 5.000 đồng một lần, không nhận 4.999 đồng (R-SAV-1)");
	assert_int_equal(savings_deposit(&f->ctx, id, 0, NULL, &err), TD_EINVAL);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_entry"), 0);
	assert_int_equal(savings_deposit(&f->ctx, id, 5000, NULL, &err), TD_OK);
	assert_int_equal(savings_deposit(&f->ctx, id, 7000, NULL, &err), TD_OK);
	assert_int_equal(savings_withdraw(&f->ctx, id, 12001, NULL, &err), TD_ERULE);
	char want[128];
	snprintf(want, sizeof want, "sổ tiết kiệm %lld chỉ còn 12.000 đồng, không đủ rút 12.001 đồng",
		 (long long)id);
	assert_string_equal(err.msg, want);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM gl_entry"), 2);
	assert_check(f, 0);
	int64_t txn = 0;
	assert_int_equal(savings_withdraw(&f->ctx, id, 12000, &txn, &err), TD_OK);
	assert_true(txn > 0);
	assert_int_equal(fix_count(f, "SELECT balance FROM savings_account"), 0);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM savings_txn"), 3);
	/* The books: cash in and out nets to zero, savings too. */
	assert_int_equal(fix_count(f, "SELECT CAST(sum(b.credit) AS BIGINT) FROM gl_balance b JOIN "
				      "gl_account a ON a.id = b.account_id WHERE a.type_code = "
				      "'MEMBER_SAVINGS'"),
			 12000);
	assert_check(f, 0);
}

static void set_rate(struct fixture *f, int64_t branch, td_rate r, const char *from, int want)
{
	struct td_error err = {0};
	int rc = savings_rate_set(&f->ctx, branch, r, fix_day(from), &err);
	if (rc != want)
		fail_msg("rate %s: %s %s", from, td_code_name(rc), err.msg);
}

/* 1,000,000 from 1 Jan, 365,000 more from 16 Jan; 3.65 % until 10 Jan, 7.3 % from 11 Jan:
 * 10 days x 100 + 10 days x 200 + 5 days x 73 = 3,365 đồng for [1 Jan, 21 Jan). */
static void test_interest_with_rate_change_inside_period_R_SAV_1(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	/* the ceiling in force on a rate's first day bounds it (R-SAV-1, a dated parameter) */
	set_rate(f, f->br31, 36500, "2024-12-01", TD_ERULE); /* above the seed's 0.5 % */
	struct td_error perr = {0};
	struct param_input ceiling = {"savings.rate_ceiling", NULL, fix_day("2024-12-01"), "8",
				      "test: a higher ceiling from 01/12/2024"};
	if (param_set(&f->ctx, &ceiling, &perr) != TD_OK)
		fail_msg("ceiling: %s", perr.msg);
	set_rate(f, f->br31, 5000, "2024-11-01", TD_OK);    /* 0.5 %: the old ceiling */
	set_rate(f, f->br31, 36500, "2024-11-15", TD_ERULE); /* still the old ceiling */
	set_rate(f, f->br31, 80001, "2024-12-01", TD_ERULE); /* above the new one */
	set_rate(f, f->pgd318, 36500, "2024-12-01", TD_EINVAL); /* not a branch */
	set_rate(f, f->br31, 36500, "2024-12-01", TD_OK);
	set_rate(f, f->br31, 73000, "2025-01-11", TD_OK);
	set_rate(f, f->br31, 1, "2025-01-11", TD_EUNIQUE);
	int64_t id = open_account(p, f->hh1[3], p->group_a);
	struct td_error err = {0};
	assert_int_equal(savings_deposit(&f->ctx, id, 1000000, NULL, &err), TD_OK);
	f->ctx.business_date = fix_day("2025-01-16");
	assert_int_equal(savings_deposit(&f->ctx, id, 365000, NULL, &err), TD_OK);
	td_money amount = -1;
	assert_int_equal(savings_post_interest(&f->ctx, id, fix_day("2025-01-01"),
					       fix_day("2025-01-21"), &amount, &err),
			 TD_EINVAL);
	assert_msg_has(err, "ends after the business date");
	f->ctx.business_date = fix_day("2025-01-25");
	assert_int_equal(savings_post_interest(&f->ctx, id, fix_day("2024-12-31"),
					       fix_day("2025-01-21"), &amount, &err),
			 TD_EINVAL);
	assert_msg_has(err, "before the account opened");
	assert_int_equal(savings_post_interest(&f->ctx, id, fix_day("2025-01-01"),
					       fix_day("2025-01-21"), &amount, &err),
			 TD_OK);
	assert_int_equal(amount, 3365);
	assert_int_equal(savings_post_interest(&f->ctx, id, fix_day("2025-01-20"),
					       fix_day("2025-01-22"), &amount, &err),
			 TD_ERULE);
	assert_msg_has(err, "is paid already");
	assert_int_equal(fix_count(f, "SELECT balance FROM savings_account"), 1368365);
	td_rate r = 0;
	assert_int_equal(savings_rate_on(f->s, f->pgd318, fix_day("2025-01-10"), &r, NULL, &err),
			 TD_OK);
	assert_int_equal(r, 36500);
	assert_int_equal(savings_rate_on(f->s, f->pgd318, fix_day("2024-10-31"), &r, NULL, &err),
			 TD_ERULE);
	assert_check(f, 0);
}

/* Each kind of tampering is named: the cached balance, a movement, the ledger. */
static void test_check_finds_tampering_R_SAV_1(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = open_account(p, f->hh1[4], p->group_a);
	struct td_error err = {0};
	assert_int_equal(savings_deposit(&f->ctx, id, 50000, NULL, &err), TD_OK);
	assert_check(f, 0);
	fix_exec(f->s, "UPDATE savings_account SET balance = balance + 1000");
	/* the account's cache against its movements; the office's caches against the GL */
	assert_check(f, 2);
	fix_exec(f->s, "UPDATE savings_account SET balance = balance - 1000");
	assert_check(f, 0);
	fix_exec(f->s, "UPDATE savings_txn SET amount = amount + 5");
	/* the account's cache; the office's movements against the GL */
	assert_check(f, 2);
}

/* A group leader collects deposits of its own group only, and pays nothing out (R-ORG-3). */
static void test_group_leader_collects_own_group_only_R_ORG_3(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t mine = open_account(p, f->hh1[1], p->group_a);
	int64_t theirs = open_account(p, f->hh1[6], p->group_b);
	struct td_actor leader = fix_actor(ROLE_GROUP_LEADER, f->pgd318, 0, p->group_a);
	struct td_ctx ctx = fix_ctx(f, &leader);
	struct td_error err = {0};
	assert_int_equal(savings_deposit(&ctx, mine, 10000, NULL, &err), TD_OK);
	assert_int_equal(savings_deposit(&ctx, theirs, 10000, NULL, &err), TD_EFORBIDDEN);
	assert_int_equal(savings_withdraw(&ctx, mine, 5000, NULL, &err), TD_EFORBIDDEN);
	assert_msg_has(err, "savings_write");
	int64_t id = 0;
	assert_int_equal(savings_open(&ctx, f->hh1[2], p->group_a, &id, &err), TD_EFORBIDDEN);
	json_t *j = NULL;
	assert_int_equal(savings_list(&ctx, 0, 0, 0, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	assert_int_equal(savings_get(&ctx, theirs, &j, &err), TD_EFORBIDDEN);
	/* A teller of the other district office is outside the subtree. */
	struct td_actor teller = fix_actor(ROLE_TELLER, f->pgd319, 0, 0);
	struct td_ctx tctx = fix_ctx(f, &teller);
	assert_int_equal(savings_deposit(&tctx, mine, 10000, NULL, &err), TD_EFORBIDDEN);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM savings_txn"), 1);
	assert_check(f, 0);
}

int main(void)
{
	fix_backend = testdb_backend_from_env();
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_one_open_account_per_household_members_only_R_SAV_1),
		T(test_deposit_minimum_and_withdrawal_within_balance_R_SAV_1),
		T(test_interest_with_rate_change_inside_period_R_SAV_1),
		T(test_check_finds_tampering_R_SAV_1),
		T(test_group_leader_collects_own_group_only_R_ORG_3),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
