/*
 * The month whose fees and commissions the payout tests pay (test_csession_payout.c,
 * test_fee_payout.c), on top of loan_fixture.h's district: point P1's team of three; loans
 * A (hh1[0], TK-01's leader) and B (hh1[1]) of 50 M on 2025-03-15, same chapter and group;
 * A pays 1,000,000 on 2025-04-14, of which 271,233 interest (R-INT-1). Month end of April
 * then accrues (docs/month-end.md): the chapter's fee 15,767 đồng, split commune 13,245,
 * district 1,419, province 709, centre 394 (R-FEE-1); TK-01's commission 21,699 đồng, 8 %
 * of 271,233 (R-FEE-2).
 */
#ifndef TD_TESTS_PAYOUT_FIXTURE_H
#define TD_TESTS_PAYOUT_FIXTURE_H

#include "bank/commune_session.h"
#include "bank/fee_payout.h"
#include "bank/month_end.h"
#include "loan_fixture.h"

#define APRIL_FEE 15767
#define APRIL_COMMUNE 13245
#define APRIL_UPPER (1419 + 709 + 394)
#define APRIL_COMMISSION 28577 /* 0.058 % a month of the in-term balance 49,271,233 */

/* The team of three of point on every date: CO1 leads, a new controller, T1 the teller. */
static void pf_team(struct fixture *f, int64_t point)
{
	char o[24], sql[512];
	int64_t k =
		fix_id(f->s,
		       "INSERT INTO staff (office_id, full_name, role, valid_from) VALUES "
		       "(CAST(? AS BIGINT), 'Vũ Kiểm', 'controller', '2010-01-01') RETURNING id",
		       fix_num(f->pgd318, o), NULL, NULL, NULL);
	snprintf(sql, sizeof sql,
		 "INSERT INTO point_team (point_id, staff_id, duty, valid_from) VALUES "
		 "(%lld, %lld, 'leader', '2010-01-01'), (%lld, %lld, 'controller', '2010-01-01'), "
		 "(%lld, %lld, 'teller', '2010-01-01')",
		 (long long)point, (long long)f->co1, (long long)point, (long long)k,
		 (long long)point, (long long)f->t1);
	fix_exec(f->s, sql);
}

/* The loans, April's repayment and April's month end, booked on booked_on. */
static void pf_april(struct loan_fx *x, const char *booked_on)
{
	pf_team(x->f, x->f->p1);
	int64_t a = disburse_ok(x, application(x, x->f->hh1[0], true));
	disburse_ok(x, application(x, x->f->hh1[1], true));
	struct td_error err = {0};
	struct payment_allocation p;
	must(repay(x, a, 1000000, "2025-04-14", 0, &p, &err), &err, "April");
	assert_int_equal(p.in_term_interest, 271233);
	struct td_ctx c = as(x, &x->f->admin, booked_on);
	struct month_end_result r;
	must(month_end_run(&c, x->f->pgd318, fix_day("2025-04-01"), &r, &err), &err, "month end");
	assert_int_equal(r.fee_total, APRIL_FEE);
	assert_int_equal(r.commission_total, APRIL_COMMISSION);
}

static int64_t pf_commission_id(struct loan_fx *x)
{
	return fix_count(x->f, "SELECT id FROM commission_accrual WHERE month = '2025-04'");
}

static int64_t pf_fee_id(struct loan_fx *x)
{
	return fix_count(x->f, "SELECT id FROM fee_accrual WHERE month = '2025-04'");
}

/* The session of point on day, opened by the teller with opening cash. */
static int64_t pf_open(struct loan_fx *x, int64_t point, const char *day, td_money cash)
{
	struct td_ctx t = as(x, &x->teller, day);
	struct csession_open_input in = {point, fix_day(day), NULL, cash};
	struct td_error err = {0};
	int64_t id = 0;
	must(csession_open(&t, &in, &id, &err), &err, "open");
	return id;
}

static int pf_record(struct loan_fx *x, const struct td_actor *a, const char *day, const char *key,
		     int64_t session, const struct csession_line *l, size_t n, struct td_error *err)
{
	struct td_ctx c = as(x, a, day);
	c.idem_key = key;
	return csession_record(&c, session, l, n, NULL, err);
}

/* The commission and the fee's commune share of April, as lines. */
static struct csession_line pf_commission(struct loan_fx *x)
{
	return (struct csession_line){CSL_COMMISSION, CSV_GROUP_LEADER, pf_commission_id(x), 0,
				      APRIL_COMMISSION};
}

static struct csession_line pf_fee(struct loan_fx *x)
{
	return (struct csession_line){CSL_FEE, CSV_HOUSEHOLD, pf_fee_id(x), 0, APRIL_COMMUNE};
}

#endif
