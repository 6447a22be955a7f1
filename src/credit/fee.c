/* Entrustment fee (R-FEE-1) and group leader commission (R-FEE-2). */
#include "credit/fee.h"

#include <assert.h>

struct fee_params fee_params_default(void)
{
	return (struct fee_params){
	    .rate_ppm_month = 320, /* 0.032 % per month */
	    .ntiers = 3,
	    .tiers = {{200, 10000}, {300, 8000}, {400, 5000}},
	    .split_bp = {[FEE_COMMUNE] = 8400,
			 [FEE_DISTRICT] = 900,
			 [FEE_PROVINCE] = 450,
			 [FEE_CENTRE] = 250},
	};
}

const char *fee_level_name(enum fee_level level)
{
	static const char *const names[FEE_LEVEL_COUNT] = {"commune", "district", "province",
							   "centre"};
	assert((unsigned)level < FEE_LEVEL_COUNT);
	return names[level];
}

static int check_tiers(const struct fee_params *p, struct td_error *err)
{
	if (p->ntiers < 0 || p->ntiers > FEE_TIERS_MAX)
		return td_error_set(err, TD_EINVAL, "entrustment fee: %d tiers, allowed 0..%d",
				    p->ntiers, FEE_TIERS_MAX);
	int32_t prev = 0;
	for (int i = 0; i < p->ntiers; i++) {
		const struct fee_tier *t = &p->tiers[i];
		if (t->below_bp <= prev || t->below_bp > FEE_BP)
			return td_error_set(err, TD_EINVAL,
					    "entrustment fee: tier %d limit %d bp must be above %d "
					    "and at most %d",
					    i + 1, t->below_bp, prev, FEE_BP);
		if (t->paid_bp < 0 || t->paid_bp > FEE_BP)
			return td_error_set(err, TD_EINVAL,
					    "entrustment fee: tier %d pays %d bp, allowed 0..%d",
					    i + 1, t->paid_bp, FEE_BP);
		prev = t->below_bp;
	}
	return TD_OK;
}

int fee_params_check(const struct fee_params *p, struct td_error *err)
{
	if (p->rate_ppm_month < 0 || p->rate_ppm_month > FEE_PPM)
		return td_error_set(
		    err, TD_EINVAL,
		    "entrustment fee: rate %lld millionths per month, allowed 0..%d",
		    (long long)p->rate_ppm_month, FEE_PPM);
	int rc = check_tiers(p, err);
	if (rc != TD_OK)
		return rc;
	int64_t sum = 0;
	for (int i = 0; i < FEE_LEVEL_COUNT; i++) {
		if (p->split_bp[i] < 0)
			return td_error_set(err, TD_EINVAL,
					    "entrustment fee: %s share %d bp is negative",
					    fee_level_name(i), p->split_bp[i]);
		sum += p->split_bp[i];
	}
	if (sum != FEE_BP)
		return td_error_set(err, TD_EINVAL,
				    "entrustment fee: split sums to %lld bp, needs %d (100 %%)",
				    (long long)sum, FEE_BP);
	return TD_OK;
}

int32_t fee_paid_share(const struct fee_params *p, td_money overdue, td_money outstanding)
{
	assert(overdue >= 0 && overdue <= outstanding);
	/* overdue / outstanding < below / FEE_BP, cross-multiplied so that it stays exact. */
	for (int i = 0; i < p->ntiers; i++)
		if ((__int128)overdue * FEE_BP < (__int128)outstanding * p->tiers[i].below_bp ||
		    outstanding == 0)
			return p->tiers[i].paid_bp;
	return 0;
}

static int check_chapter(const struct fee_chapter_month *in, struct td_error *err)
{
	if (in->interest_base < 0 || in->outstanding < 0 || in->overdue < 0)
		return td_error_set(err, TD_EINVAL,
				    "entrustment fee: amounts must not be negative (base %lld, "
				    "outstanding %lld, overdue %lld)",
				    (long long)in->interest_base, (long long)in->outstanding,
				    (long long)in->overdue);
	if (in->overdue > in->outstanding)
		return td_error_set(err, TD_EINVAL,
				    "entrustment fee: overdue %lld is above outstanding %lld",
				    (long long)in->overdue, (long long)in->outstanding);
	return TD_OK;
}

/* Levels above the commune get their share rounded down; the commune takes the rest. */
static void split_fee(const struct fee_params *p, td_money payable, td_money *split)
{
	td_money rest = payable;
	for (int i = 0; i < FEE_LEVEL_COUNT; i++) {
		if (i == FEE_COMMUNE)
			continue;
		split[i] = (td_money)((__int128)payable * p->split_bp[i] / FEE_BP);
		rest -= split[i];
	}
	split[FEE_COMMUNE] = rest;
	assert(rest >= 0);
}

int fee_entrustment(const struct fee_params *p, const struct fee_chapter_month *in,
		    struct fee_result *out, struct td_error *err)
{
	int rc = fee_params_check(p, err);
	if (rc == TD_OK)
		rc = check_chapter(in, err);
	if (rc != TD_OK)
		return rc;
	struct fee_result r = {0};
	r.paid_bp = fee_paid_share(p, in->overdue, in->outstanding);
	/* rate <= 100 % and share <= 100 %: neither result exceeds the base, so both fit. */
	rc = money_muldiv(in->interest_base, p->rate_ppm_month, FEE_PPM, &r.gross);
	assert(rc == TD_OK);
	/* One rounding for the payable fee: base x rate x share / (10^6 x 10^4). */
	rc = money_muldiv(in->interest_base, p->rate_ppm_month * r.paid_bp,
			  (int64_t)FEE_PPM * FEE_BP, &r.payable);
	assert(rc == TD_OK && r.payable <= r.gross);
	split_fee(p, r.payable, r.split);
	*out = r;
	return TD_OK;
}

int fee_leader_commission(td_money interest_collected, int64_t share_ppm, td_money *out,
			  struct td_error *err)
{
	if (interest_collected < 0)
		return td_error_set(err, TD_EINVAL,
				    "leader commission: interest collected %lld is negative",
				    (long long)interest_collected);
	if (share_ppm < 0 || share_ppm > FEE_PPM)
		return td_error_set(err, TD_EINVAL,
				    "leader commission: share %lld millionths, allowed 0..%d",
				    (long long)share_ppm, FEE_PPM);
	/* share <= 100 %, so the result never exceeds the input and cannot overflow. */
	int rc = money_muldiv(interest_collected, share_ppm, FEE_PPM, out);
	assert(rc == TD_OK);
	return rc;
}
