/* Extension, rollover and rescheduling (R-EXT-1, R-EXT-2): every failed rule is reported,
 * each with its stable code and Vietnamese message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "credit/extension.h"

static td_date mk(int y, int m, int d)
{
	td_date r;
	struct td_error err;
	if (date_from_civil(y, m, d, &r, &err) != TD_OK)
		fail_msg("%04d-%02d-%02d: %s", y, m, d, err.msg);
	return r;
}

/* The verdict lists exactly these rules, in this order; messages checked where given. */
static void expect(const struct ext_verdict *v, int n, const enum ext_rule *rules,
		   const char *const *msgs)
{
	if (v->n != n) {
		for (int i = 0; i < v->n; i++)
			print_message("  %s: %s\n", ext_rule_code(v->fail[i].rule), v->fail[i].msg);
		fail_msg("%d failures, want %d", v->n, n);
	}
	for (int i = 0; i < n; i++) {
		assert_string_equal(ext_rule_code(v->fail[i].rule), ext_rule_code(rules[i]));
		assert_true(ext_verdict_has(v, rules[i]));
		if (msgs && msgs[i])
			assert_string_equal(v->fail[i].msg, msgs[i]);
	}
}

struct limit_case {
	int term, limit;
};

/* R-EXT-1: 12 months for short loans (term <= 12), half the original term otherwise. */
static void test_r_ext_1_limit(void **state)
{
	(void)state;
	static const struct limit_case cases[] = {
	    {1, 12},  {6, 12},	{12, 12}, {13, 6},   {24, 12},	 {25, 12},
	    {36, 18}, {37, 18}, {60, 30}, {120, 60}, {300, 150},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (ext_limit_months(cases[i].term) != cases[i].limit)
			fail_msg("term %d: limit %d, want %d", cases[i].term,
				 ext_limit_months(cases[i].term), cases[i].limit);
}

struct ext_case {
	const char *name;
	int term, extended, months;
	int decided_offset; /* days from the due date */
	const char *reason, *approver;
	int nfail;
	enum ext_rule rules[4];
};

/* R-EXT-1: length (cumulative), timing, reason, approver; all failures together. */
static void test_r_ext_1_extension(void **state)
{
	(void)state;
	static const struct ext_case cases[] = {
	    {"short loan, 12 months", 12, 0, 12, -1, "mất mùa", "Nguyễn Văn A", 0, {0}},
	    {"6-month loan may still get 12", 6, 0, 12, -30, "lũ lụt", "Trần B", 0, {0}},
	    {"short loan, 13 months", 12, 0, 13, -1, "mất mùa", "A", 1, {EXT_TOO_LONG}},
	    {"36-month loan, 18", 36, 0, 18, -5, "ốm đau", "A", 0, {0}},
	    {"36-month loan, 19", 36, 0, 19, -5, "ốm đau", "A", 1, {EXT_TOO_LONG}},
	    {"13-month loan is not short: 6", 13, 0, 7, -5, "x", "A", 1, {EXT_TOO_LONG}},
	    {"cumulative within", 24, 10, 2, -5, "x", "A", 0, {0}},
	    {"cumulative beyond", 24, 10, 3, -5, "x", "A", 1, {EXT_TOO_LONG}},
	    {"cumulative short", 12, 12, 1, -5, "x", "A", 1, {EXT_TOO_LONG}},
	    {"zero months", 12, 0, 0, -5, "x", "A", 1, {EXT_MONTHS_INVALID}},
	    {"negative months", 12, 0, -3, -5, "x", "A", 1, {EXT_MONTHS_INVALID}},
	    {"on the due date", 12, 0, 6, 0, "x", "A", 1, {EXT_NOT_BEFORE_DUE}},
	    {"after the due date", 12, 0, 6, 3, "x", "A", 1, {EXT_NOT_BEFORE_DUE}},
	    {"no reason", 12, 0, 6, -1, NULL, "A", 1, {EXT_NO_REASON}},
	    {"blank reason", 12, 0, 6, -1, " \t ", "A", 1, {EXT_NO_REASON}},
	    {"no approver", 12, 0, 6, -1, "x", "", 1, {EXT_NO_APPROVER}},
	    {"everything wrong",
	     12,
	     4,
	     9,
	     1,
	     "",
	     NULL,
	     4,
	     {EXT_TOO_LONG, EXT_NOT_BEFORE_DUE, EXT_NO_REASON, EXT_NO_APPROVER}},
	};
	td_date due = mk(2025, 3, 15);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct ext_case *c = &cases[i];
		struct ext_loan loan = {.term_months = c->term,
					.maturity = mk(2026, 3, 15),
					.outstanding = 20000000,
					.extended_months = c->extended};
		struct ext_extension req = {due + c->decided_offset, due, c->months, c->reason,
					    c->approver};
		struct ext_verdict v;
		td_date new_due = -1;
		int rc = ext_check_extension(&loan, &req, &new_due, &v);
		print_message("%s\n", c->name);
		assert_int_equal(rc, c->nfail ? TD_ERULE : TD_OK);
		expect(&v, c->nfail, c->rules, NULL);
		if (c->nfail == 0)
			assert_int_equal(new_due, date_add_months(due, c->months));
		else
			assert_int_equal(new_due, -1);
	}
}

/* R-EXT-1: the messages say what is wrong in figures a credit officer can check. */
static void test_r_ext_1_messages(void **state)
{
	(void)state;
	struct ext_loan loan = {.term_months = 36, .extended_months = 10};
	struct ext_extension req = {mk(2025, 3, 15), mk(2025, 3, 15), 9, "", "  "};
	struct ext_verdict v;
	assert_int_equal(ext_check_extension(&loan, &req, NULL, &v), TD_ERULE);
	static const enum ext_rule rules[] = {EXT_TOO_LONG, EXT_NOT_BEFORE_DUE, EXT_NO_REASON,
					      EXT_NO_APPROVER};
	static const char *const msgs[] = {
	    "gia hạn cộng dồn 19 tháng (đã gia hạn 10, xin thêm 9) vượt mức tối đa 18 tháng "
	    "(một nửa thời hạn cho vay 36 tháng)",
	    "quyết định gia hạn ngày 15/03/2025 phải trước ngày đến hạn 15/03/2025",
	    "thiếu lý do",
	    "thiếu người phê duyệt",
	};
	expect(&v, 4, rules, msgs);

	loan.term_months = 12;
	loan.extended_months = 0;
	req = (struct ext_extension){mk(2025, 3, 1), mk(2025, 3, 15), 13, "mất mùa", "A"};
	assert_int_equal(ext_check_extension(&loan, &req, NULL, &v), TD_ERULE);
	static const char *const short_msg[] = {
	    "gia hạn cộng dồn 13 tháng (đã gia hạn 0, xin thêm 13) vượt mức tối đa 12 tháng "
	    "của khoản vay ngắn hạn"};
	expect(&v, 1, rules, short_msg);

	req.months = 0;
	assert_int_equal(ext_check_extension(&loan, &req, NULL, &v), TD_ERULE);
	static const enum ext_rule months_rule[] = {EXT_MONTHS_INVALID};
	static const char *const months_msg[] = {"số tháng gia hạn phải từ 1 trở lên (nhận 0)"};
	expect(&v, 1, months_rule, months_msg);
}

/* R-EXT-1: the new due date keeps the day of month, clamped to the month's end. */
static void test_r_ext_1_new_due(void **state)
{
	(void)state;
	struct ext_loan loan = {.term_months = 12};
	struct ext_extension req = {mk(2025, 1, 20), mk(2025, 1, 31), 1, "x", "A"};
	struct ext_verdict v;
	td_date new_due;
	assert_int_equal(ext_check_extension(&loan, &req, &new_due, &v), TD_OK);
	assert_int_equal(new_due, mk(2025, 2, 28));
	assert_int_equal(v.n, 0);
}

struct roll_case {
	const char *name;
	int term;
	bool seasonal;
	int months;
	td_rate rate;
	int decided_offset; /* days from the maturity */
	int nfail;
	enum ext_rule rules[6];
};

/* R-EXT-2 rollover: short seasonal loans only; the balance continues at the new rate. */
static void test_r_ext_2_rollover(void **state)
{
	(void)state;
	static const struct roll_case cases[] = {
	    {"6-month seasonal", 6, true, 6, 79200, -1, 0, {0}},
	    {"12-month seasonal, 12", 12, true, 12, 66000, -10, 0, {0}},
	    {"rate 0 is a rate", 12, true, 1, 0, -10, 0, {0}},
	    {"24 months is not short", 24, true, 6, 79200, -1, 1, {EXT_NOT_SHORT}},
	    {"not seasonal", 6, false, 6, 79200, -1, 1, {EXT_NOT_SEASONAL}},
	    {"cycle of 0", 6, true, 0, 79200, -1, 1, {EXT_MONTHS_INVALID}},
	    {"cycle of 13", 6, true, 13, 79200, -1, 1, {EXT_MONTHS_INVALID}},
	    {"negative rate", 6, true, 6, -1, -1, 1, {EXT_RATE_INVALID}},
	    {"rate over 100 %", 6, true, 6, TD_RATE_SCALE + 1, -1, 1, {EXT_RATE_INVALID}},
	    {"on the maturity", 6, true, 6, 79200, 0, 1, {EXT_NOT_BEFORE_DUE}},
	    {"all wrong",
	     24,
	     false,
	     13,
	     -5,
	     2,
	     5,
	     {EXT_NOT_SHORT, EXT_NOT_SEASONAL, EXT_MONTHS_INVALID, EXT_RATE_INVALID,
	      EXT_NOT_BEFORE_DUE}},
	};
	td_date maturity = mk(2025, 9, 30);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct roll_case *c = &cases[i];
		struct ext_loan loan = {c->term, c->seasonal, maturity, 15000000, 0};
		struct ext_rollover req = {maturity + c->decided_offset, c->months, c->rate,
					   "vụ đông xuân", "Lê C"};
		struct ext_cycle cycle = {-1, -1, -1};
		struct ext_verdict v;
		print_message("%s\n", c->name);
		assert_int_equal(ext_check_rollover(&loan, &req, &cycle, &v),
				 c->nfail ? TD_ERULE : TD_OK);
		expect(&v, c->nfail, c->rules, NULL);
		if (c->nfail == 0) {
			assert_int_equal(cycle.maturity, date_add_months(maturity, c->months));
			assert_int_equal(cycle.rate, c->rate);
			assert_int_equal(cycle.balance, 15000000);
		} else {
			assert_int_equal(cycle.maturity, -1);
		}
	}
}

static void test_r_ext_2_rollover_messages(void **state)
{
	(void)state;
	struct ext_loan loan = {24, false, mk(2025, 9, 30), 15000000, 0};
	struct ext_rollover req = {mk(2025, 10, 1), 13, TD_RATE_SCALE + 10000, NULL, "Lê C"};
	struct ext_verdict v;
	assert_int_equal(ext_check_rollover(&loan, &req, NULL, &v), TD_ERULE);
	static const enum ext_rule rules[] = {EXT_NOT_SHORT,	  EXT_NOT_SEASONAL,
					      EXT_MONTHS_INVALID, EXT_RATE_INVALID,
					      EXT_NOT_BEFORE_DUE, EXT_NO_REASON};
	static const char *const msgs[] = {
	    "lưu vụ chỉ áp dụng cho khoản vay ngắn hạn (tối đa 12 tháng); khoản vay này 24 "
	    "tháng",
	    "lưu vụ chỉ áp dụng cho khoản vay theo mùa vụ",
	    "chu kỳ lưu vụ phải từ 1 đến 12 tháng (nhận 13)",
	    "lãi suất lưu vụ 101%/năm vượt quá 100%",
	    "quyết định lưu vụ ngày 01/10/2025 phải trước ngày đáo hạn 30/09/2025",
	    "thiếu lý do",
	};
	expect(&v, 6, rules, msgs);
	req.rate = -1;
	assert_int_equal(ext_check_rollover(&loan, &req, NULL, &v), TD_ERULE);
	assert_string_equal(v.fail[3].msg, "lãi suất lưu vụ không được âm");
}

struct plan {
	struct ext_instalment it[4];
	size_t n;
};

/* R-EXT-2 rescheduling: instalments moved, never past the maturity, summing exactly. */
static void test_r_ext_2_reschedule(void **state)
{
	(void)state;
	td_date d1 = mk(2025, 6, 30), d2 = mk(2025, 12, 31), d3 = mk(2026, 12, 31);
	struct ext_loan loan = {.term_months = 36, .maturity = d3, .outstanding = 30000000};
	static const struct {
		const char *name;
		int plan; /* index into plans below */
		int nfail;
		enum ext_rule rules[4];
	} cases[] = {
	    {"three equal instalments", 0, 0, {0}},
	    {"one instalment at maturity", 1, 0, {0}},
	    {"past maturity", 2, 1, {EXT_BEYOND_MATURITY}},
	    {"sum short by 1", 3, 1, {EXT_SUM_MISMATCH}},
	    {"dates out of order", 4, 1, {EXT_DATES_ORDER}},
	    {"same date twice", 5, 1, {EXT_DATES_ORDER}},
	    {"zero amount", 6, 1, {EXT_AMOUNT_INVALID}},
	    {"before the decision", 7, 1, {EXT_DUE_PAST}},
	    {"empty", 8, 1, {EXT_PLAN_EMPTY}},
	    {"several wrong", 9, 3, {EXT_AMOUNT_INVALID, EXT_BEYOND_MATURITY, EXT_SUM_MISMATCH}},
	};
	const struct plan plans[] = {
	    {{{d1, 10000000}, {d2, 10000000}, {d3, 10000000}}, 3},
	    {{{d3, 30000000}}, 1},
	    {{{d1, 10000000}, {d2, 10000000}, {d3 + 1, 10000000}}, 3},
	    {{{d1, 10000000}, {d2, 10000000}, {d3, 9999999}}, 3},
	    {{{d2, 10000000}, {d1, 10000000}, {d3, 10000000}}, 3},
	    {{{d1, 10000000}, {d1, 10000000}, {d3, 10000000}}, 3},
	    {{{d1, 0}, {d2, 20000000}, {d3, 10000000}}, 3},
	    {{{mk(2025, 1, 15), 10000000}, {d2, 10000000}, {d3, 10000000}}, 3},
	    {{{0, 0}}, 0},
	    {{{d1, -5}, {d2, 10000000}, {d3 + 1, 10000000}, {d3 + 2, 10000000}}, 4},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct plan *p = &plans[cases[i].plan];
		struct ext_reschedule req = {mk(2025, 1, 15), p->it, p->n, "thiên tai", "Phạm D"};
		struct ext_verdict v;
		print_message("%s\n", cases[i].name);
		assert_int_equal(ext_check_reschedule(&loan, &req, &v),
				 cases[i].nfail ? TD_ERULE : TD_OK);
		expect(&v, cases[i].nfail, cases[i].rules, NULL);
	}
}

static void test_r_ext_2_reschedule_messages(void **state)
{
	(void)state;
	td_date d3 = mk(2026, 12, 31);
	struct ext_loan loan = {.term_months = 36, .maturity = d3, .outstanding = 30000000};
	/* Two instalments break the order rule: only the first is reported. */
	const struct ext_instalment it[] = {{mk(2025, 1, 10), 0},
					    {mk(2025, 1, 5), 10000000},
					    {mk(2025, 1, 1), 10000000},
					    {d3 + 31, 5000000}};
	struct ext_reschedule req = {mk(2025, 1, 15), it, 4, "thiên tai", NULL};
	struct ext_verdict v;
	assert_int_equal(ext_check_reschedule(&loan, &req, &v), TD_ERULE);
	static const enum ext_rule rules[] = {EXT_AMOUNT_INVALID, EXT_DUE_PAST,
					      EXT_DATES_ORDER,	  EXT_BEYOND_MATURITY,
					      EXT_SUM_MISMATCH,	  EXT_NO_APPROVER};
	static const char *const msgs[] = {
	    "kỳ 1: số tiền gốc 0 phải lớn hơn 0",
	    "kỳ 1: ngày đến hạn 10/01/2025 phải sau ngày quyết định 15/01/2025",
	    "kỳ 2: ngày đến hạn 05/01/2025 phải sau kỳ trước (10/01/2025)",
	    "kỳ 4: ngày đến hạn 31/01/2027 sau ngày đáo hạn cuối cùng 31/12/2026; điều chỉnh "
	    "kỳ hạn không được kéo dài thời hạn cho vay",
	    "tổng gốc các kỳ 25.000.000 khác dư nợ 30.000.000 đồng",
	    "thiếu người phê duyệt",
	};
	expect(&v, 6, rules, msgs);
	assert_int_equal(
	    ext_check_reschedule(&loan,
				 &(struct ext_reschedule){mk(2025, 1, 15), NULL, 0, "x", "y"}, &v),
	    TD_ERULE);
	assert_string_equal(v.fail[0].msg, "kế hoạch trả nợ mới không có kỳ nào");
}

/* A sum beyond int64 is reported, not wrapped into a false match. */
static void test_r_ext_2_reschedule_sum_does_not_wrap(void **state)
{
	(void)state;
	td_date d3 = mk(2026, 12, 31);
	struct ext_loan loan = {.term_months = 36, .maturity = d3, .outstanding = 0};
	/* INT64_MAX + INT64_MAX + 2 wraps to 0 in int64: it must not equal the outstanding 0. */
	const struct ext_instalment it[] = {{d3 - 2, INT64_MAX}, {d3 - 1, INT64_MAX}, {d3, 2}};
	struct ext_reschedule req = {mk(2025, 1, 15), it, 3, "x", "y"};
	struct ext_verdict v;
	assert_int_equal(ext_check_reschedule(&loan, &req, &v), TD_ERULE);
	assert_true(ext_verdict_has(&v, EXT_SUM_MISMATCH));
	assert_string_equal(v.fail[0].msg, "tổng gốc các kỳ vượt giới hạn khác dư nợ 0 đồng");
}

static void test_ext_rule_codes_are_stable(void **state)
{
	(void)state;
	static const char *const want[EXT_RULE_COUNT] = {
	    "months_invalid",	    "too_long",
	    "not_before_due",	    "no_reason",
	    "no_approver",	    "not_short_term",
	    "not_seasonal",	    "rate_invalid",
	    "plan_empty",	    "amount_not_positive",
	    "dates_not_increasing", "due_not_after_decision",
	    "beyond_maturity",	    "sum_mismatch",
	};
	for (int i = 0; i < EXT_RULE_COUNT; i++)
		assert_string_equal(ext_rule_code(i), want[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_r_ext_1_limit),
	    cmocka_unit_test(test_r_ext_1_extension),
	    cmocka_unit_test(test_r_ext_1_messages),
	    cmocka_unit_test(test_r_ext_1_new_due),
	    cmocka_unit_test(test_r_ext_2_rollover),
	    cmocka_unit_test(test_r_ext_2_rollover_messages),
	    cmocka_unit_test(test_r_ext_2_reschedule),
	    cmocka_unit_test(test_r_ext_2_reschedule_messages),
	    cmocka_unit_test(test_r_ext_2_reschedule_sum_does_not_wrap),
	    cmocka_unit_test(test_ext_rule_codes_are_stable),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
