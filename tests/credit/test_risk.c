/* Risk handling's rules (R-RISK-1, R-EXT-1): causes, the loss thresholds, the deciding level
 * by capital source; freezing, unfreezing and writing off parts of a loan; and frozen debt
 * in payment allocation (R-PAY-1) and due processing (R-DUE-1, R-DUE-2). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "credit/due.h"
#include "credit/payment.h"
#include "credit/risk.h"
#include "credit/risk_parts.h"

#define M 1000000LL

static td_date D(int y, int m, int d)
{
	td_date out;
	assert_int_equal(date_from_civil(y, m, d, &out, NULL), TD_OK);
	return out;
}

/* R-RISK-1, R-EXT-1: what a loss share allows, at the thresholds in force. */
static void test_R_RISK_1_R_EXT_1_thresholds_table(void **state)
{
	(void)state;
	static const struct {
		enum risk_decision d;
		enum risk_cause cause;
		int bp;
		int rc;
		const char *text;
	} cases[] = {
		{RISK_DECISION_EXTEND, RISK_NATURAL_DISASTER, 0, TD_OK, NULL},
		{RISK_DECISION_EXTEND, RISK_NATURAL_DISASTER, 3999, TD_OK, NULL},
		{RISK_DECISION_EXTEND, RISK_NATURAL_DISASTER, 4000, TD_ERULE,
		 "mức thiệt hại 40 % từ 40 % trở lên"},
		{RISK_DECISION_FREEZE, RISK_FIRE, 3999, TD_ERULE,
		 "mức thiệt hại 39,99 % dưới 40 %"},
		{RISK_DECISION_FREEZE, RISK_FIRE, 4000, TD_OK, NULL},
		{RISK_DECISION_FREEZE, RISK_EPIDEMIC, 10000, TD_OK, NULL},
		{RISK_DECISION_WRITE_OFF, RISK_NATURAL_DISASTER, 9999, TD_ERULE,
		 "xóa nợ chỉ khi người vay chết"},
		{RISK_DECISION_WRITE_OFF, RISK_NATURAL_DISASTER, 10000, TD_OK, NULL},
		{RISK_DECISION_WRITE_OFF, RISK_DEATH, 0, TD_OK, NULL},
		{RISK_DECISION_WRITE_OFF, RISK_MISSING, 500, TD_OK, NULL},
		{RISK_DECISION_WRITE_OFF, RISK_INCAPACITY, 500, TD_OK, NULL},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		struct td_error err = {0};
		/* the seed's thresholds (docs/parameters.md): 40 % and 100 % */
		const struct risk_thresholds t = {4000, RISK_BP_FULL};
		int rc = risk_assessment_allows(cases[k].d, cases[k].cause, cases[k].bp, &t, &err);
		if (rc != cases[k].rc || (cases[k].text && !strstr(err.msg, cases[k].text)))
			fail_msg("case %zu: rc %d, '%s'", k, rc, err.msg);
	}
	/* other thresholds (a dated parameter changed): 50 % to freeze */
	const struct risk_thresholds half = {5000, RISK_BP_FULL};
	struct td_error err = {0};
	assert_int_equal(risk_assessment_allows(RISK_DECISION_FREEZE, RISK_FIRE, 4500, &half, &err),
			 TD_ERULE);
	assert_int_equal(risk_assessment_allows(RISK_DECISION_EXTEND, RISK_FIRE, 4500, &half, &err),
			 TD_OK);
}

static void test_R_RISK_1_causes_and_percentages(void **state)
{
	(void)state;
	enum risk_cause c;
	struct td_error err = {0};
	for (int k = 0; k < RISK_CAUSE_COUNT; k++) {
		assert_int_equal(risk_cause_parse(risk_cause_name((enum risk_cause)k), &c, &err),
				 TD_OK);
		assert_int_equal(c, k);
	}
	assert_int_equal(risk_cause_parse("drought", &c, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "natural_disaster, epidemic"));
	assert_true(risk_cause_personal(RISK_DEATH) && !risk_cause_personal(RISK_FIRE));
	static const struct {
		const char *in;
		int bp;
	} ok[] = {{"40", 4000}, {"37,5", 3750}, {"37.25", 3725},
		  {"0", 0},	{"100", 10000}, {"0,05", 5}};
	for (size_t k = 0; k < sizeof ok / sizeof *ok; k++) {
		int bp = -1;
		assert_int_equal(risk_bp_parse(ok[k].in, &bp, &err), TD_OK);
		assert_int_equal(bp, ok[k].bp);
	}
	static const char *const bad[] = {"",	"100,01", "1000", "40%", "4,",
					  ",5", "37,125", "-1",	  "x"};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		int bp = -1;
		if (risk_bp_parse(bad[k], &bp, &err) != TD_EINVAL)
			fail_msg("'%s' parsed as %d", bad[k], bp);
	}
	char buf[16];
	assert_string_equal(risk_bp_format(4000, buf, sizeof buf), "40 %");
	assert_string_equal(risk_bp_format(3750, buf, sizeof buf), "37,5 %");
	assert_string_equal(risk_bp_format(3725, buf, sizeof buf), "37,25 %");
	assert_string_equal(risk_bp_format(5, buf, sizeof buf), "0,05 %");
}

/* R-RISK-1: central capital, the board; local capital, the committee that entrusted it. */
static void test_R_RISK_1_level_follows_the_source(void **state)
{
	(void)state;
	enum risk_level l;
	struct td_error err = {0};
	assert_int_equal(risk_level_for(true, NULL, &l, &err), TD_OK);
	assert_int_equal(l, RISK_LEVEL_CENTRAL);
	assert_int_equal(risk_level_for(false, "province", &l, &err), TD_OK);
	assert_int_equal(l, RISK_LEVEL_PROVINCE);
	assert_int_equal(risk_level_for(false, "commune", &l, &err), TD_OK);
	assert_int_equal(l, RISK_LEVEL_COMMUNE);
	assert_int_equal(risk_level_for(false, "central", &l, &err), TD_EINVAL);
	assert_int_equal(risk_level_for(false, NULL, &l, &err), TD_EINVAL);
	assert_int_equal(risk_level_parse("town", &l, &err), TD_EINVAL);
	assert_non_null(strstr(risk_level_body(RISK_LEVEL_CENTRAL), "Hội đồng quản trị"));
}

/* 40 M in four instalments of 10 M; the first overdue, 2 M of it paid; 300,000 overdue and
 * 500,000 in-term interest owed. */
struct fixture {
	struct loan_instalment inst[4];
	struct loan_state l;
};

static void fixture_init(struct fixture *f)
{
	for (int i = 0; i < 4; i++)
		f->inst[i] = (struct loan_instalment){.due = D(2025 + i, 3, 15),
						      .extended_to = LOAN_DATE_NONE,
						      .principal = 10 * M,
						      .status = i ? INST_PENDING : INST_OVERDUE};
	f->inst[0].paid = 2 * M;
	f->l = (struct loan_state){.disbursed = D(2024, 3, 15),
				   .amount = 40 * M,
				   .inst = f->inst,
				   .count = 4,
				   .cap = 4,
				   .overdue_interest = 300000,
				   .in_term_interest = 500000};
}

/* R-RISK-1: a freeze takes the overdue principal first, then the last instalments. */
static void test_R_RISK_1_freeze_takes_overdue_then_the_last(void **state)
{
	(void)state;
	static const struct {
		td_money principal, interest;
		td_money frozen[4];
		struct risk_moved moved;
		td_money fi, od_int, in_int;
	} cases[] = {
		{5 * M, 0, {5 * M, 0, 0, 0}, {0, 5 * M, 0, 0, 0, 0}, 0, 300000, 500000},
		{20 * M,
		 400000,
		 {8 * M, 0, 2 * M, 10 * M},
		 {12 * M, 8 * M, 0, 100000, 300000, 0},
		 400000,
		 0,
		 400000},
		{RISK_ALL,
		 RISK_ALL,
		 {8 * M, 10 * M, 10 * M, 10 * M},
		 {30 * M, 8 * M, 0, 500000, 300000, 0},
		 800000,
		 0,
		 0},
		{0, 100000, {0, 0, 0, 0}, {0, 0, 0, 0, 100000, 0}, 100000, 200000, 500000},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		struct fixture f;
		fixture_init(&f);
		struct risk_moved m;
		struct td_error err = {0};
		assert_int_equal(risk_freeze(&f.l, cases[k].principal, cases[k].interest, &m, &err),
				 TD_OK);
		for (int i = 0; i < 4; i++)
			assert_int_equal(f.inst[i].frozen, cases[k].frozen[i]);
		assert_memory_equal(&m, &cases[k].moved, sizeof m);
		assert_int_equal(f.l.frozen_interest, cases[k].fi);
		assert_int_equal(f.l.overdue_interest, cases[k].od_int);
		assert_int_equal(f.l.in_term_interest, cases[k].in_int);
		assert_int_equal(loan_check(&f.l, &err), TD_OK);
	}
}

/* R-RISK-1: amounts above what there is, or nothing at all, change nothing. */
static void test_R_RISK_1_freeze_refusals(void **state)
{
	(void)state;
	struct fixture f, g;
	fixture_init(&f);
	fixture_init(&g);
	struct risk_moved m;
	struct td_error err = {0};
	assert_int_equal(risk_freeze(&f.l, 38 * M + 1, 0, &m, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "khoanh 38.000.001 đồng gốc: khoản vay chỉ còn "
					"38.000.000 đồng gốc"));
	assert_int_equal(risk_freeze(&f.l, 0, 800001, &m, &err), TD_ERULE);
	assert_int_equal(risk_freeze(&f.l, 0, 0, &m, &err), TD_ERULE);
	assert_int_equal(risk_freeze(&f.l, -5, 0, &m, &err), TD_EINVAL);
	assert_memory_equal(f.inst, g.inst, sizeof f.inst);
	assert_int_equal(f.l.in_term_interest, g.l.in_term_interest);
	/* frozen principal cannot be frozen again */
	assert_int_equal(risk_freeze(&f.l, RISK_ALL, 0, &m, &err), TD_OK);
	assert_int_equal(risk_freeze(&f.l, 1, 0, &m, &err), TD_ERULE);
}

/* R-RISK-1: unfreezing gives each instalment its frozen part back, interest to the in-term
 * interest owed. */
static void test_R_RISK_1_unfreeze_gives_back(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct risk_moved m;
	struct td_error err = {0};
	assert_int_equal(risk_freeze(&f.l, 20 * M, 400000, &m, &err), TD_OK);
	risk_unfreeze(&f.l, &m);
	struct risk_moved want = {12 * M, 8 * M, 0, 400000, 0, 0};
	assert_memory_equal(&m, &want, sizeof m);
	for (int i = 0; i < 4; i++)
		assert_int_equal(f.inst[i].frozen, 0);
	assert_int_equal(f.l.frozen_interest, 0);
	assert_int_equal(f.l.in_term_interest, 400000 + 400000);
	assert_int_equal(f.l.overdue_interest, 0);
}

/* R-RISK-1: a write-off takes frozen principal first, then overdue, then the last
 * instalments; what it takes counts as paid; interest frozen first, then overdue. */
static void test_R_RISK_1_write_off_order(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct risk_moved m;
	struct td_error err = {0};
	assert_int_equal(risk_freeze(&f.l, 5 * M, 200000, &m, &err), TD_OK);
	/* frozen: 5 M of instalment 1; interest frozen 200,000 (overdue interest) */
	assert_int_equal(risk_write_off(&f.l, 18 * M, 350000, &m, &err), TD_OK);
	struct risk_moved want = {10 * M, 3 * M, 5 * M, 50000, 100000, 200000};
	assert_memory_equal(&m, &want, sizeof m);
	assert_int_equal(f.inst[0].paid, 10 * M);
	assert_int_equal(f.inst[0].status, INST_PAID);
	assert_int_equal(f.inst[3].paid, 10 * M);
	assert_int_equal(f.inst[3].status, INST_PAID);
	assert_int_equal(f.inst[2].paid, 0);
	assert_int_equal(f.l.frozen_interest, 0);
	assert_int_equal(f.l.overdue_interest, 0);
	assert_int_equal(f.l.in_term_interest, 450000);
	assert_int_equal(loan_check(&f.l, &err), TD_OK);
	assert_int_equal(risk_write_off(&f.l, 20 * M + 1, 0, &m, &err), TD_ERULE);
	assert_int_equal(risk_write_off(&f.l, RISK_ALL, RISK_ALL, &m, &err), TD_OK);
	td_money owed = 0;
	assert_int_equal(payment_owed(&f.l, &owed, &err), TD_OK);
	assert_int_equal(owed, 0);
}

/* R-PAY-1: frozen debt is paid last, after every active principal; frozen interest with the
 * in-term interest, frozen principal (oldest first) as prepaid. */
static void test_R_PAY_1_frozen_debt_comes_last(void **state)
{
	(void)state;
	struct fixture f;
	fixture_init(&f);
	struct risk_moved m;
	struct td_error err = {0};
	assert_int_equal(risk_freeze(&f.l, 10 * M, 100000, &m, &err), TD_OK);
	/* frozen: 8 M of instalment 1 (its overdue rest), 2 M of instalment 4 */
	td_money owed = 0;
	assert_int_equal(payment_owed(&f.l, &owed, &err), TD_OK);
	assert_int_equal(owed, 38 * M + 800000);
	struct loan_instalment out_inst[4];
	struct loan_state out = {.inst = out_inst, .cap = 4};
	struct payment_allocation a;
	td_money by[4];
	struct payment_request req = {28 * M + 700000 + 100000 + 3 * M, D(2025, 6, 1),
				      PAYMENT_NO_INSTALMENT};
	assert_int_equal(payment_apply(&f.l, &req, &out, &a, by, &err), TD_OK);
	/* interest 700,000 active; 28 M active principal (10 + 10 + 8); then frozen interest
	 * 100,000; then 3 M of frozen principal, instalment 1 first */
	assert_int_equal(a.overdue_interest, 200000);
	assert_int_equal(a.in_term_interest, 500000 + 100000);
	assert_int_equal(a.overdue_principal, 0);
	assert_int_equal(a.prepaid_principal, 28 * M + 3 * M);
	assert_int_equal(out.inst[0].frozen, 5 * M);
	assert_int_equal(out.inst[3].frozen, 2 * M);
	assert_int_equal(out.frozen_interest, 0);
	assert_int_equal(loan_check(&out, &err), TD_OK);
	/* an instalment whose unpaid principal is all frozen cannot be named */
	req = (struct payment_request){1000, D(2025, 6, 1), 0};
	assert_int_equal(payment_apply(&f.l, &req, &out, &a, NULL, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "đang khoanh"));
}

/* R-DUE-1, R-DUE-2: only active principal falls due; an instalment all frozen waits; a
 * partly frozen one does not roll, its active part goes overdue. */
static void test_R_DUE_1_R_DUE_2_frozen_principal_takes_no_transition(void **state)
{
	(void)state;
	struct loan_instalment inst[3];
	for (int i = 0; i < 3; i++)
		inst[i] = (struct loan_instalment){.due = D(2025 + i, 3, 15),
						   .extended_to = LOAN_DATE_NONE,
						   .principal = 10 * M,
						   .status = INST_PENDING};
	inst[0].frozen = 10 * M; /* all frozen */
	inst[1].frozen = 4 * M;	 /* partly frozen */
	struct loan_state l = {.disbursed = D(2024, 3, 15),
			       .amount = 30 * M,
			       .inst = inst,
			       .count = 3,
			       .cap = 3,
			       .roll_forward = true};
	struct due_transition tr[4];
	size_t n = 0;
	struct td_error err = {0};
	assert_int_equal(due_process(&l, D(2026, 3, 20), &l, tr, 4, &n, &err), TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tr[0].kind, DUE_BECAME_OVERDUE);
	assert_int_equal(tr[0].instalment, 1);
	assert_int_equal(tr[0].amount, 6 * M);
	assert_int_equal(inst[0].status, INST_PENDING);
	assert_int_equal(inst[1].status, INST_OVERDUE);
	assert_int_equal(inst[1].frozen, 4 * M);
	/* unfrozen, the first one is judged at last: the next one is overdue, so it cannot roll
	 * into it and goes overdue itself (R-DUE-2) */
	struct risk_moved m;
	risk_unfreeze(&l, &m);
	assert_int_equal(due_process(&l, D(2026, 3, 21), &l, tr, 4, &n, &err), TD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tr[0].instalment, 0);
	assert_int_equal(tr[0].kind, DUE_BECAME_OVERDUE);
	assert_int_equal(tr[0].amount, 10 * M);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_R_RISK_1_R_EXT_1_thresholds_table),
		cmocka_unit_test(test_R_RISK_1_causes_and_percentages),
		cmocka_unit_test(test_R_RISK_1_level_follows_the_source),
		cmocka_unit_test(test_R_RISK_1_freeze_takes_overdue_then_the_last),
		cmocka_unit_test(test_R_RISK_1_freeze_refusals),
		cmocka_unit_test(test_R_RISK_1_unfreeze_gives_back),
		cmocka_unit_test(test_R_RISK_1_write_off_order),
		cmocka_unit_test(test_R_PAY_1_frozen_debt_comes_last),
		cmocka_unit_test(test_R_DUE_1_R_DUE_2_frozen_principal_takes_no_transition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
