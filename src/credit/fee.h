/*
 * Fees paid to the mass organisations and to group leaders.
 *
 * R-FEE-1 Entrustment fee (phí ủy thác), per organisation chapter and month:
 *   gross   = base x rate, base = the outstanding balance on which interest was collected
 *             in the month, rate = 0.032 % per month by default;
 *   payable = base x rate x paid share, rounded half-up once; the paid share follows the
 *             chapter's overdue ratio (overdue / outstanding): 100 % under 2 %, 80 % from 2 %
 *             to under 3 %, 50 % from 3 % to under 4 %, nothing from 4 %;
 *   split   = payable to the organisation's levels: commune 84 %, district 9 %, province
 *             4.5 %, centre 2.5 %. Each level above the commune gets its share rounded down;
 *             the commune gets the rest, so the split always sums to payable exactly.
 * Every figure lives in struct fee_params (the configuration, DOMAIN.md §3): start from
 * fee_params_default() and change what a decision changed. Ratios are compared exactly in
 * integers (overdue x 10000 < outstanding x 200), never in floating point.
 *
 * R-FEE-2 Group leader commission (hoa hồng tổ trưởng): a configured share of the interest
 * the leader collected in the month, rounded half-up.
 *
 * Errors: TD_EINVAL for impossible inputs (negative amounts, overdue above outstanding) and
 * for inconsistent parameters, with a message naming the figure. Rates and shares are at
 * most 100 %, so no result exceeds its base and nothing can overflow.
 */
#ifndef TD_CREDIT_FEE_H
#define TD_CREDIT_FEE_H

#include <stdint.h>

#include "base/error.h"
#include "base/money.h"

/* Shares and ratio limits in basis points: 10000 = 100 %. */
#define FEE_BP 10000
/* Rates in millionths per month: 0.032 % = 320. */
#define FEE_PPM 1000000
#define FEE_TIERS_MAX 8

enum fee_level { FEE_COMMUNE, FEE_DISTRICT, FEE_PROVINCE, FEE_CENTRE, FEE_LEVEL_COUNT };

struct fee_tier {
	int32_t below_bp; /* applies while overdue ratio < below_bp */
	int32_t paid_bp;  /* share of the fee paid */
};

struct fee_params {
	int64_t rate_ppm_month; /* fee per month on the base, millionths */
	int ntiers;		/* tiers in increasing below_bp; past the last, nothing is paid */
	struct fee_tier tiers[FEE_TIERS_MAX];
	int32_t split_bp[FEE_LEVEL_COUNT]; /* sums to FEE_BP */
};

/* The rates of R-FEE-1 as DOMAIN.md states them. */
struct fee_params fee_params_default(void);

/* TD_OK, or TD_EINVAL naming the first inconsistent figure. */
int fee_params_check(const struct fee_params *p, struct td_error *err);

/* One organisation chapter in one month. */
struct fee_chapter_month {
	td_money interest_base; /* outstanding balance on which interest was collected */
	td_money outstanding;	/* the chapter's outstanding balance (for the ratio) */
	td_money overdue;	/* of which overdue; <= outstanding */
};

struct fee_result {
	td_money gross;			 /* the fee at 100 % */
	int32_t paid_bp;		 /* share paid after the overdue ratio */
	td_money payable;		 /* what is paid */
	td_money split[FEE_LEVEL_COUNT]; /* sums to payable */
};

/* R-FEE-1. An empty chapter (outstanding 0) has no overdue and is paid in full. */
int fee_entrustment(const struct fee_params *p, const struct fee_chapter_month *in,
		    struct fee_result *out, struct td_error *err);

/* R-FEE-1: the paid share for a ratio overdue / outstanding (inputs already checked). */
int32_t fee_paid_share(const struct fee_params *p, td_money overdue, td_money outstanding);

/* R-FEE-2: round(collected x share_ppm / 10^6) half-up; share_ppm in 0..10^6. */
int fee_leader_commission(td_money interest_collected, int64_t share_ppm, td_money *out,
			  struct td_error *err);

/* "commune", "district", "province", "centre". */
const char *fee_level_name(enum fee_level level);

#endif
