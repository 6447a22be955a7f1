/*
 * Fees paid to the mass organisations and to group leaders.
 *
 * R-FEE-1 Entrustment fee (phí ủy thác), per organisation chapter and month:
 *   gross   = Σ base_p x rate_p over the programmes p of the chapter's loans, base_p = the
 *             outstanding balance on which interest was collected in the month, rate_p =
 *             the programme's rate per month (0.032 %; social housing lower);
 *   payable = gross x paid share, the sum rounded half-up once; the paid share follows the
 *             chapter's overdue ratio (overdue principal / outstanding): 100 % under 2 %,
 *             80 % from 2 % to under 3 %, 50 % from 3 % to under 4 %, nothing from 4 %;
 *   split   = payable to the organisation's levels: commune 84 %, district 9 %, province
 *             4.5 %, centre 2.5 %. Each level above the commune gets its share rounded down;
 *             the commune gets the rest, so the split always sums to payable exactly.
 *
 * R-FEE-2 Group leader commission (hoa hồng tổ trưởng): Σ base_p x rate_p over the
 * programmes of the group's loans, the same base as the fee (the outstanding balance on
 * which interest was collected in the month) at the programme's commission rate per month
 * (docs/parameters.md gives the source), rounded half-up once.
 *
 * No figure lives here: rates, tiers and split are dated parameters that the bank layer
 * reads for the month (bank/param.h) and parses with fee_tiers_parse / fee_split_parse.
 * Ratios are compared exactly in integers (overdue x 10000 < outstanding x 200), never in
 * floating point.
 *
 * Errors: TD_EINVAL for impossible inputs (negative amounts, overdue above outstanding) and
 * for inconsistent parameters, with a message naming the figure. Rates and shares are at
 * most 100 %, so no result exceeds its base and nothing can overflow.
 */
#ifndef TD_CREDIT_FEE_H
#define TD_CREDIT_FEE_H

#include <stddef.h>
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
	int ntiers; /* tiers in increasing below_bp; past the last, nothing is paid */
	struct fee_tier tiers[FEE_TIERS_MAX];
	int32_t split_bp[FEE_LEVEL_COUNT]; /* sums to FEE_BP */
};

/* The tiers as an administrator writes them: "2:100,3:80,4:50" = under 2 % overdue 100 %
 * paid, under 3 % 80 %, under 4 % 50 %, nothing from 4 % (percentages with at most two
 * decimals). Fills p->ntiers and p->tiers; TD_EINVAL naming the bad part. */
int fee_tiers_parse(const char *text, struct fee_params *p, struct td_error *err);
/* The split "84,9,4.5,2.5" (commune, district, province, centre, in %, summing to 100). */
int fee_split_parse(const char *text, struct fee_params *p, struct td_error *err);

/* One programme's part of a base: base x rate_ppm_month / 10^6 (rate in millionths per
 * month: 0.032 % = 320). */
struct fee_part {
	td_money base;
	int64_t rate_ppm_month;
};

/* TD_OK, or TD_EINVAL naming the first inconsistent figure. */
int fee_params_check(const struct fee_params *p, struct td_error *err);

/* One organisation chapter in one month. */
struct fee_chapter_month {
	const struct fee_part *parts; /* per programme: balance with interest collected */
	size_t nparts;
	td_money outstanding; /* the chapter's outstanding balance (for the ratio) */
	td_money overdue;     /* of which overdue principal; <= outstanding */
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

/* R-FEE-2: round(Σ base x rate_ppm_month / 10^6) half-up; rates in 0..10^6. */
int fee_leader_commission(const struct fee_part *parts, size_t nparts, td_money *out,
			  struct td_error *err);

/* Σ base of the parts (no overflow: each is checked <= 10^15 and there are few). */
td_money fee_parts_base(const struct fee_part *parts, size_t nparts);

/* "commune", "district", "province", "centre". */
const char *fee_level_name(enum fee_level level);

#endif
