/* Risk handling in parts and its dossier, on both stores (R-RISK-1, R-EXT-1, R-CAP-1,
 * R-GL-2): loss assessments; a partial freeze with interest going on on the rest through
 * end of day and month end; an interest-only write-off; a write-off decided at the wrong
 * level refused (the run); extension and freeze gated by the loss; partial
 * write-off taking frozen principal first; a reversal giving frozen principal back. Every
 * refusal changes nothing; `tindung check` passes after every scenario. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bank/eod.h"
#include "bank/loan_assess.h"
#include "bank/loan_event.h"
#include "loan_fixture.h"

/* A loan of 50 M to hh disbursed 2025-03-15 from source: 16,666,000 / 16,666,000 /
 * 16,668,000 due on 15 March 2026, 2027, 2028 (R-DIS-1). */
static int64_t loan_of(struct loan_fx *x, int64_t hh)
{
	return disburse_ok(x, application(x, hh, true));
}

static struct td_ctx director(struct loan_fx *x)
{
	return as(x, &x->director, "2028-12-31");
}

static int64_t assess(struct loan_fx *x, int64_t loan, const char *cause, int loss_bp,
		      const char *on)
{
	struct td_ctx c = director(x);
	struct td_error err = {0};
	int64_t id = 0;
	must(fix_assess(&c, loan, cause, loss_bp, fix_day(on), &id, &err), &err, "assess");
	return id;
}

static struct loan_risk_input risk(struct loan_fx *x, int64_t loan, td_money principal,
				   td_money interest, int64_t assessment, const char *on,
				   const char *level)
{
	return (struct loan_risk_input){.loan_id = loan,
					.principal = principal,
					.interest = interest,
					.months = 12,
					.assessment_id = assessment,
					.d = {.decision_no = "31/QĐ-HĐQT",
					      .decided_on = fix_day(on),
					      .level = level,
					      .reason = "Lũ quét cuốn trôi chuồng trại",
					      .approver_id = second_director(x)}};
}

static int freeze(struct loan_fx *x, struct loan_risk_input in, struct td_error *err)
{
	struct td_ctx c = director(x);
	return loan_freeze(&c, &in, NULL, err);
}

static int write_off(struct loan_fx *x, struct loan_risk_input in, struct td_error *err)
{
	struct td_ctx c = director(x);
	return loan_write_off(&c, &in, NULL, err);
}

static const char *jstr(json_t *j, const char *k)
{
	return json_string_value(json_object_get(j, k));
}

static json_t *inst(json_t *loan, size_t k)
{
	return json_array_get(json_object_get(loan, "instalments"), k);
}

/* The loan's status on day on. */
static const char *status_of(struct loan_fx *x, int64_t loan, const char *on)
{
	static char buf[16];
	json_t *j = get(x, loan, on);
	snprintf(buf, sizeof buf, "%s", jstr(j, "status"));
	json_decref(j);
	return buf;
}

/* A figure of PGD318's snapshot of month end last. */
static int64_t snapshot(struct loan_fx *x, const char *col, const char *last)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT %s FROM month_end_snapshot WHERE month_end = '%s' AND office_id = %lld",
		 col, last, (long long)x->f->pgd318);
	return fix_count(x->f, sql);
}

static int64_t owed_interest(json_t *loan)
{
	return jint(json_object_get(loan, "interest_owed"), "total");
}

/* Everything a refusal must leave as it was: the loan as read, the books, the decisions,
 * the assessments and the audit trail. The caller frees it. */
static char *fingerprint(struct loan_fx *x, int64_t loan)
{
	json_t *j = get(x, loan, "2028-12-31");
	json_object_set_new(
		j, "counts",
		json_pack("[I, I, I, I]",
			  (json_int_t)fix_count(x->f, "SELECT count(*) FROM gl_posting"),
			  (json_int_t)fix_count(x->f, "SELECT count(*) FROM loan_event"),
			  (json_int_t)fix_count(x->f, "SELECT count(*) FROM loan_loss_assessment"),
			  (json_int_t)fix_count(x->f, "SELECT count(*) FROM audit_log")));
	char *text = json_dumps(j, JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

static void unchanged(struct loan_fx *x, int64_t loan, char *before)
{
	char *now = fingerprint(x, loan);
	assert_string_equal(now, before);
	free(now);
	free(before);
}

static void set_business_date(struct loan_fx *x, const char *iso)
{
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE td_meta SET value = '%s' WHERE key = 'business_date'",
		 iso);
	fix_exec(x->f->s, sql);
}

static void eod_until(struct loan_fx *x, const char *from, const char *upto)
{
	set_business_date(x, from);
	struct td_actor sys;
	actor_system(&sys);
	struct td_ctx c = fix_ctx(x->f, &sys);
	struct td_error err = {0};
	must(eod_run_until(&c, fix_day(upto), NULL, NULL, NULL, &err), &err, "eod");
}

/* R-RISK-1: 20 M of the 50 M frozen. The frozen part comes from the last instalments (the
 * next ones stay as agreed), sits in LOAN_FROZEN and bears nothing; the other 30 M stays in
 * term and bears interest; a prepayment pays the active principal, not the frozen one; end
 * of day rolls or sends overdue only the active parts; month end reports frozen apart from
 * overdue; the unfreeze puts the 20 M back where it was. */
static void test_r_risk_1_partial_freeze_interest_goes_on_the_rest(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	int64_t a = assess(x, loan, "natural_disaster", 5000, "2025-04-14");
	must(freeze(x, risk(x, loan, 20000000, 0, a, "2025-04-14", "central"), &err), &err,
	     "freeze 20 M");
	assert_int_equal(gl(x, "LOAN_FROZEN"), 20000000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 30000000);
	books_agree(x, 0, NULL);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_event WHERE kind = 'freeze' "
					 "AND principal = 20000000 AND interest = 0 AND "
					 "deciding_level = 'central' AND deciding_body = 'Hội đồng "
					 "quản trị NHCSXH' AND until = '2026-04-14'"),
			 1);

	/* 30 days on 50 M before the freeze (271,233), 30 days on 30 M after (162,740) */
	json_t *j = get(x, loan, "2025-05-14");
	assert_string_equal(jstr(j, "status"), "in_term");
	assert_int_equal(jint(j, "balance"), 50000000);
	assert_int_equal(jint(j, "frozen_principal"), 20000000);
	assert_int_equal(jint(inst(j, 2), "frozen"), 16668000);
	assert_int_equal(jint(inst(j, 1), "frozen"), 3332000);
	assert_int_equal(jint(inst(j, 0), "frozen"), 0);
	assert_int_equal(owed_interest(j), 271233 + 162740);
	json_decref(j);

	/* the interest, then 1 M of principal: it prepays the active part of instalment 2 */
	struct payment_allocation al;
	must(repay(x, loan, 433973 + 1000000, "2025-05-14", 0, &al, &err), &err, "repay");
	assert_int_equal(al.in_term_interest, 433973);
	assert_int_equal(al.prepaid_principal, 1000000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 29000000);
	assert_int_equal(gl(x, "LOAN_FROZEN"), 20000000);
	books_agree(x, 0, NULL);
	/* frozen debt cannot be named as an instalment to pay; rescheduling waits for the end
	 * of the freeze (the frozen parts live on the instalments) */
	char *fp = fingerprint(x, loan);
	assert_int_equal(repay(x, loan, 1000, "2025-05-15", 3, &al, &err), TD_ERULE);
	assert_msg_has(err, "khoanh");
	struct ext_instalment plan[] = {{fix_day("2027-09-15"), 49000000}};
	struct td_ctx dc = director(x);
	struct loan_reschedule_input rs = {
		loan, plan, 1,
		(struct loan_decision){.decision_no = "08/QĐ-PGD",
				       .decided_on = fix_day("2025-05-20"),
				       .reason = "Điều chỉnh kỳ hạn",
				       .approver_id = second_director(x)}};
	assert_int_equal(loan_reschedule(&dc, &rs, NULL, &err), TD_ECONFLICT);
	assert_msg_has(err, "đang khoanh 20.000.000 đồng gốc");
	unchanged(x, loan, fp);

	/* 16/03/2026: instalment 1 (nothing of it frozen) rolls into instalment 2 (programme 1,
	 * R-DUE-2); month end of March reports the frozen part apart */
	eod_until(x, "2026-03-14", "2026-04-01");
	j = get(x, loan, "2026-04-01");
	assert_string_equal(jstr(j, "status"), "in_term");
	assert_string_equal(jstr(inst(j, 0), "status"), "rolled");
	assert_int_equal(jint(inst(j, 1), "principal"), 33332000);
	assert_int_equal(jint(inst(j, 1), "frozen"), 3332000);
	json_decref(j);
	assert_int_equal(snapshot(x, "frozen", "2026-03-31"), 20000000);
	assert_int_equal(snapshot(x, "overdue", "2026-03-31"), 0);
	books_agree(x, 0, NULL);
	/* 16/03/2027: instalment 2 is partly frozen, so it does not roll: its active 29 M goes
	 * overdue, its frozen 3,332,000 stays frozen and bears nothing */
	eod_until(x, "2027-03-14", "2027-03-17");
	j = get(x, loan, "2027-03-17");
	assert_string_equal(jstr(j, "status"), "overdue");
	assert_string_equal(jstr(inst(j, 1), "status"), "overdue");
	assert_int_equal(jint(inst(j, 1), "frozen"), 3332000);
	assert_int_equal(jint(j, "frozen_principal"), 20000000);
	json_decref(j);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 29000000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 0);
	assert_int_equal(gl(x, "LOAN_FROZEN"), 20000000);
	books_agree(x, 0, NULL);

	struct td_ctx c = director(x);
	struct loan_decision d = {.decision_no = "32/QĐ-HĐQT",
				  .decided_on = fix_day("2027-04-10"),
				  .level = "central",
				  .reason = "Hộ đã ổn định sản xuất",
				  .approver_id = second_director(x)};
	must(loan_unfreeze(&c, loan, &d, NULL, &err), &err, "unfreeze");
	assert_int_equal(gl(x, "LOAN_FROZEN"), 0);
	assert_int_equal(gl(x, "LOAN_OVERDUE"), 32332000);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 16668000);
	assert_int_equal(fix_count(x->f, "SELECT sum(frozen) FROM loan_instalment"), 0);
	books_agree(x, 0, NULL);
	assert_int_equal(loan_unfreeze(&c, loan, &d, NULL, &err), TD_ECONFLICT);
}

/* R-RISK-1: the interest owed written off, the principal going on: nothing is booked (the
 * interest was never booked: cash basis), the source is not charged, and interest accrues
 * again on the whole balance. More interest than is owed is refused, changing nothing. */
static void test_r_risk_1_interest_only_write_off(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	int64_t a = assess(x, loan, "death", 10000, "2025-04-14");
	char *fp = fingerprint(x, loan);
	assert_int_equal(write_off(x, risk(x, loan, 0, 271234, a, "2025-04-14", "central"), &err),
			 TD_ERULE);
	assert_msg_has(err, "xóa 271.234 đồng lãi: khoản vay chỉ còn 271.233 đồng lãi");
	unchanged(x, loan, fp);

	int64_t postings = fix_count(x->f, "SELECT count(*) FROM gl_posting");
	must(write_off(x, risk(x, loan, 0, LOAN_RISK_ALL, a, "2025-04-14", "central"), &err), &err,
	     "write off the interest");
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM gl_posting"), postings);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_event WHERE kind = "
					 "'write_off' AND principal = 0 AND interest = 271233 AND "
					 "capital_charged = 0 AND entry_id IS NULL"),
			 1);
	json_t *j = get(x, loan, "2025-04-14");
	assert_string_equal(jstr(j, "status"), "in_term");
	assert_int_equal(jint(j, "balance"), 50000000);
	assert_int_equal(owed_interest(j), 0);
	assert_int_equal(jint(j, "written_off_interest"), 271233);
	assert_int_equal(jint(j, "written_off_principal"), 0);
	json_decref(j);
	j = get(x, loan, "2025-05-14"); /* 30 more days on 50 M */
	assert_int_equal(owed_interest(j), 271233);
	json_decref(j);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 50000000);
	books_agree(x, 0, NULL);
}

/* R-RISK-1, the run: a district-level write-off of a central-capital loan is
 * refused, naming the level required, and changes nothing; the board's is taken. A loan of
 * capital a commune People's Committee entrusted is written off by that committee only. */
static void test_r_risk_1_write_off_at_the_wrong_level_is_refused(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	int64_t a = assess(x, loan, "death", 10000, "2025-06-01");
	char *fp = fingerprint(x, loan);
	struct loan_risk_input in =
		risk(x, loan, LOAN_RISK_ALL, LOAN_RISK_ALL, a, "2025-06-01", "district");
	assert_int_equal(write_off(x, in, &err), TD_ERULE);
	assert_msg_has(err, "nguồn vốn trung ương TW-01");
	assert_msg_has(err, "thuộc thẩm quyền Hội đồng quản trị NHCSXH");
	assert_msg_has(err, "(cấp central), không phải cấp district");
	assert_int_equal(freeze(x, in, &err), TD_ERULE);
	assert_msg_has(err, "khoanh nợ");
	unchanged(x, loan, fp);
	in.d.level = "central";
	must(write_off(x, in, &err), &err, "the board's write-off");
	assert_string_equal(status_of(x, loan, "2025-06-01"), "written_off");
	books_agree(x, 0, NULL);

	/* capital entrusted by a commune People's Committee */
	struct capital_input ci = {
		"DP-XA",      "local",	"Vốn ủy thác xã Đại Đồng", x->f->pgd318, "UBND xã Đại Đồng",
		"UBND-12001", "commune"};
	struct td_ctx admin = x->f->ctx;
	must(capital_create(&admin, &ci, &x->source, &err), &err, "commune source");
	lf_transfer(x->f, x->source, CAPITAL_IN, 60000000);
	int64_t other = loan_of(x, x->f->hh1[1]);
	a = assess(x, other, "missing", 10000, "2025-06-01");
	in = risk(x, other, LOAN_RISK_ALL, LOAN_RISK_ALL, a, "2025-06-01", "central");
	fp = fingerprint(x, other);
	assert_int_equal(write_off(x, in, &err), TD_ERULE);
	assert_msg_has(err, "nguồn vốn địa phương DP-XA của UBND xã Đại Đồng");
	assert_msg_has(err, "UBND cấp xã đã ủy thác vốn (cấp commune)");
	unchanged(x, other, fp);
	in.d.level = "commune";
	in.d.decision_no = "05/QĐ-UBND";
	must(write_off(x, in, &err), &err, "the commune's write-off");
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_event WHERE deciding_level = "
					 "'commune' AND level = 'office' AND deciding_body = 'UBND "
					 "xã Đại Đồng' AND decision_no = '05/QĐ-UBND'"),
			 1);
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	json_t *list = NULL;
	must(loan_events(&t, other, &list, &err), &err, "events");
	json_t *ev = json_array_get(json_object_get(list, "items"), 0);
	assert_string_equal(jstr(ev, "level"), "commune");
	assert_string_equal(jstr(ev, "body"), "UBND xã Đại Đồng");
	assert_int_equal(jint(ev, "assessment_id"), a);
	assert_int_equal(jint(ev, "principal"), 50000000);
	json_decref(list);
	assert_int_equal(gl(x, "CAPITAL_LOCAL"), -10000000);
	books_agree(x, 0, NULL);
}

/* R-EXT-1: an extension for the borrower's objective difficulty rests on an assessment of
 * this loan, made by the decision, with a loss under 40 %; otherwise it is refused and
 * nothing changes. */
static void test_r_ext_1_extension_needs_a_loss_under_40(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	int64_t other = loan_of(x, x->f->hh1[1]);
	int64_t heavy = assess(x, loan, "crop_disease", 4000, "2026-01-10");
	int64_t elsewhere = assess(x, other, "crop_disease", 1000, "2026-01-10");
	int64_t late = assess(x, loan, "crop_disease", 1000, "2026-01-12");
	struct td_ctx c = director(x);
	struct loan_extend_input in = {loan, 1, 6,
				       (struct loan_decision){.decision_no = "07/QĐ-PGD",
							      .decided_on = fix_day("2026-01-10"),
							      .reason = "Dịch bệnh cây trồng",
							      .approver_id = second_director(x)},
				       0};
	char *fp = fingerprint(x, loan);
	assert_int_equal(loan_extend(&c, &in, NULL, &err), TD_EINVAL);
	assert_msg_has(err, "thiếu biên bản xác định thiệt hại");
	in.assessment_id = heavy;
	assert_int_equal(loan_extend(&c, &in, NULL, &err), TD_ERULE);
	assert_msg_has(err, "mức thiệt hại 40 % từ 40 % trở lên: không gia hạn nợ mà xem xét "
			    "khoanh nợ");
	in.assessment_id = elsewhere;
	assert_int_equal(loan_extend(&c, &in, NULL, &err), TD_ENOTFOUND);
	in.assessment_id = late;
	assert_int_equal(loan_extend(&c, &in, NULL, &err), TD_ERULE);
	assert_msg_has(err, "sau ngày quyết định 10/01/2026");
	unchanged(x, loan, fp);

	in.assessment_id = assess(x, loan, "crop_disease", 3999, "2026-01-10");
	must(loan_extend(&c, &in, NULL, &err), &err, "extend on 39.99 %");
	json_t *j = get(x, loan, "2026-01-10");
	assert_string_equal(jstr(inst(j, 0), "due_on"), "2026-09-15");
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_event WHERE kind = 'extend' "
					 "AND assessment_id IS NOT NULL"),
			 1);
	books_agree(x, 0, NULL);
}

/* R-RISK-1: a freeze needs a loss of 40 % or more, a write-off a personal cause or a total
 * loss; amounts above what is owed, or none at all, are refused; nothing changes. */
static void test_r_risk_1_freeze_and_write_off_follow_the_assessment(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	int64_t light = assess(x, loan, "fire", 3999, "2025-06-01");
	int64_t flood = assess(x, loan, "natural_disaster", 9000, "2025-06-01");
	char *fp = fingerprint(x, loan);
	assert_int_equal(
		freeze(x, risk(x, loan, LOAN_RISK_ALL, 0, light, "2025-06-01", "central"), &err),
		TD_ERULE);
	assert_msg_has(err, "mức thiệt hại 39,99 % dưới 40 %");
	assert_int_equal(
		write_off(x, risk(x, loan, LOAN_RISK_ALL, 0, flood, "2025-06-01", "central"), &err),
		TD_ERULE);
	assert_msg_has(err, "xóa nợ chỉ khi người vay chết");
	assert_int_equal(
		freeze(x, risk(x, loan, 50000001, 0, flood, "2025-06-01", "central"), &err),
		TD_ERULE);
	assert_msg_has(err, "khoanh 50.000.001 đồng gốc: khoản vay chỉ còn 50.000.000 đồng gốc");
	assert_int_equal(freeze(x, risk(x, loan, 0, 0, flood, "2025-06-01", "central"), &err),
			 TD_ERULE);
	assert_msg_has(err, "không có gốc hay lãi nào để khoanh");
	assert_int_equal(freeze(x, risk(x, loan, 1000, 0, 0, "2025-06-01", "central"), &err),
			 TD_EINVAL);
	assert_msg_has(err, "thiếu biên bản xác định thiệt hại");
	unchanged(x, loan, fp);
	books_agree(x, 0, NULL);
}

/* R-RISK-1, R-CAP-1: a write-off of 25 M from a loan with 20 M frozen takes the frozen
 * principal first and 5 M of the active principal from the last instalment backwards; the
 * source bears it (what it can lend does not change) and the rest of the loan goes on. */
static void test_r_risk_1_partial_write_off_takes_frozen_first(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	int64_t a = assess(x, loan, "death", 10000, "2025-04-14");
	must(freeze(x, risk(x, loan, 20000000, 0, a, "2025-04-14", "central"), &err), &err,
	     "freeze");
	td_money avail = 0;
	must(capital_available(x->f->s, x->source, 0, &avail, &err), &err, "available");
	must(write_off(x, risk(x, loan, 25000000, 0, a, "2025-05-14", "central"), &err), &err,
	     "write off 25 M");
	assert_int_equal(gl(x, "LOAN_FROZEN"), 0);
	assert_int_equal(gl(x, "LOAN_IN_TERM"), 25000000);
	assert_int_equal(gl(x, "CAPITAL_CENTRAL"), -175000000);
	td_money after = 0;
	must(capital_available(x->f->s, x->source, 0, &after, &err), &err, "available");
	assert_int_equal(after, avail);
	json_t *j = get(x, loan, "2025-05-14");
	assert_string_equal(jstr(j, "status"), "in_term");
	assert_int_equal(jint(j, "balance"), 25000000);
	assert_int_equal(jint(j, "written_off_principal"), 25000000);
	assert_int_equal(jint(j, "frozen_principal"), 0);
	assert_string_equal(jstr(inst(j, 2), "status"), "paid");
	assert_int_equal(jint(inst(j, 1), "paid_principal"), 8332000);
	/* interest: 271,233 to the freeze on 50 M, then 30 days on 30 M: 162,740 */
	assert_int_equal(owed_interest(j), 271233 + 162740);
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT capital_charged FROM loan_event WHERE kind = "
					 "'write_off'"),
			 25000000);
	books_agree(x, 0, NULL);
}

/* R-GL-1: a repayment that paid frozen principal (after the interest owed: frozen debt comes
 * last, R-PAY-1) is reversed with the frozen part given back to its instalment. */
static void test_r_gl_1_reversal_gives_frozen_principal_back(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	int64_t a = assess(x, loan, "incapacity", 6000, "2025-04-14");
	must(freeze(x, risk(x, loan, LOAN_RISK_ALL, 0, a, "2025-04-14", "central"), &err), &err,
	     "freeze");
	assert_string_equal(status_of(x, loan, "2025-04-14"), "frozen");
	struct payment_allocation al;
	int64_t rep = 0;
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	struct loan_repay_input rin = {loan, 271233 + 1000000, fix_day("2025-05-14"), 0};
	must(loan_repay(&t, &rin, &al, &rep, &err), &err, "repay");
	assert_int_equal(al.in_term_interest, 271233);
	assert_int_equal(al.prepaid_principal, 1000000);
	assert_int_equal(gl(x, "LOAN_FROZEN"), 49000000);
	json_t *j = get(x, loan, "2025-05-14");
	assert_int_equal(jint(inst(j, 0), "frozen"), 15666000);
	json_decref(j);
	books_agree(x, 0, NULL);
	struct td_ctx d = as(x, &x->director, "2025-05-20");
	must(loan_repay_reverse(&d, rep, "Ghi nhầm khoản vay", NULL, &err), &err, "reverse");
	assert_int_equal(gl(x, "LOAN_FROZEN"), 50000000);
	j = get(x, loan, "2028-12-31");
	assert_int_equal(jint(inst(j, 0), "frozen"), 16666000);
	assert_string_equal(jstr(j, "status"), "frozen");
	json_decref(j);
	books_agree(x, 0, NULL);
}

/* R-RISK-1: the loss assessment with the commune's confirmation: every missing field named
 * at once, a cause off the list, a loss above 100 %, dates outside the loan's life, a user
 * without loan_restructure; nothing recorded; then one recorded, listed and audited. */
static void test_r_risk_1_loss_assessment_record_and_refusals(void **state)
{
	struct loan_fx *x = *state;
	struct td_error err = {0};
	int64_t loan = loan_of(x, x->f->hh1[0]);
	struct td_ctx c = director(x);
	char *fp = fingerprint(x, loan);
	struct loan_assessment_input in = {
		.loan_id = loan, .assessed_on = ORG_NO_DATE, .commune_doc_on = ORG_NO_DATE};
	assert_int_equal(loan_assess(&c, &in, NULL, &err), TD_EINVAL);
	assert_msg_has(err, "thiếu nguyên nhân rủi ro");
	assert_msg_has(err, "thiếu ngày xác định thiệt hại");
	assert_msg_has(err, "thiếu số biên bản xác định thiệt hại");
	assert_msg_has(err, "thiếu số văn bản xác nhận của UBND xã");
	assert_msg_has(err, "thiếu người ký văn bản của UBND xã");
	in = (struct loan_assessment_input){.loan_id = loan,
					    .cause = "flood",
					    .loss_bp = 10001,
					    .assessed_on = fix_day("2025-03-01"),
					    .minutes_no = "07/BB",
					    .commune_doc_no = "21/UBND",
					    .commune_doc_on = fix_day("2029-01-01"),
					    .commune_signatory = "Lê Văn Chủ",
					    .commune_signatory_title = "Chủ tịch UBND xã"};
	assert_int_equal(loan_assess(&c, &in, NULL, &err), TD_EINVAL);
	assert_msg_has(err, "nguyên nhân \"flood\" không có trong danh mục");
	assert_msg_has(err, "từ 0 % đến 100 %");
	assert_msg_has(err, "trước ngày giải ngân 15/03/2025");
	assert_msg_has(err, "sau ngày làm việc 31/12/2028");
	struct td_ctx o = as(x, &x->officer, "2028-12-31");
	in.cause = "epidemic";
	in.loss_bp = 4500;
	in.assessed_on = in.commune_doc_on = fix_day("2025-06-01");
	assert_int_equal(loan_assess(&o, &in, NULL, &err), TD_EFORBIDDEN);
	in.loan_id = 999999;
	assert_int_equal(loan_assess(&c, &in, NULL, &err), TD_ENOTFOUND);
	unchanged(x, loan, fp);

	in.loan_id = loan;
	int64_t id = 0;
	must(loan_assess(&c, &in, &id, &err), &err, "assess");
	json_t *list = NULL;
	struct td_ctx t = as(x, &x->teller, "2028-12-31");
	must(loan_assessments(&t, loan, &list, &err), &err, "list");
	json_t *it = json_array_get(json_object_get(list, "items"), 0);
	assert_int_equal(jint(it, "id"), id);
	assert_string_equal(jstr(it, "cause"), "epidemic");
	assert_string_equal(jstr(it, "cause_label"), "dịch bệnh");
	assert_int_equal(jint(it, "loss_bp"), 4500);
	assert_string_equal(jstr(it, "loss_pct"), "45 %");
	assert_string_equal(jstr(it, "commune_doc_no"), "21/UBND");
	assert_string_equal(jstr(it, "commune_signatory_title"), "Chủ tịch UBND xã");
	assert_string_equal(jstr(it, "recorded_by"), "director_31");
	json_decref(list);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE action = 'assess' "
					 "AND entity = 'loan'"),
			 1);
	/* a closed loan has no debt left to assess */
	json_t *j = get(x, loan, "2025-06-01");
	must(repay(x, loan, jint(j, "owed"), "2025-06-01", 0, NULL, &err), &err, "close");
	json_decref(j);
	assert_int_equal(loan_assess(&c, &in, NULL, &err), TD_ECONFLICT);
	books_agree(x, 0, NULL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_risk_1_partial_freeze_interest_goes_on_the_rest),
		T(test_r_risk_1_interest_only_write_off),
		T(test_r_risk_1_write_off_at_the_wrong_level_is_refused),
		T(test_r_ext_1_extension_needs_a_loss_under_40),
		T(test_r_risk_1_freeze_and_write_off_follow_the_assessment),
		T(test_r_risk_1_partial_write_off_takes_frozen_first),
		T(test_r_gl_1_reversal_gives_frozen_principal_back),
		T(test_r_risk_1_loss_assessment_record_and_refusals),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "loan_risk/postgres"
									      : "loan_risk/sqlite",
					   tests, NULL, NULL);
}
