/*
 * Group score and grade (DOMAIN.md §8): a savings-and-loan group earns up to 100 points
 * over six criteria and is graded Tốt (Good) >= 90, Khá (Fair) 80-89, Trung bình (Average)
 * 70-79, Yếu (Weak) < 70.
 *
 * Each criterion is a ratio r = num / den turned into points by a straight line between
 * two anchors, in basis points of the ratio:
 *
 *   points = weight                                    if r is at or beyond full_bp
 *          = 0                                         if r is at or beyond zero_bp
 *          = floor(weight x (r - zero) / (full - zero)) in between
 *
 * Rounding down means that only a fully met criterion earns its full weight (a group with
 * any overdue debt cannot score the full 30). The arithmetic is exact (integers, __int128).
 *
 *   criterion                weight  ratio                                 full   zero
 *   overdue ratio              30    overdue / outstanding                  0 %    5 %
 *   interest collection        20    interest collected / interest due    100 %   80 %
 *   transacting at the point   20    money moved at the commune point /
 *                                    all money moved                      100 %   80 %
 *   due-principal collection   15    principal collected / principal due  100 %   80 %
 *   savings growth             10    (savings end - start) / start         10 %    0 %
 *   members saving              5    members saving / members             100 %   50 %
 *
 * An empty denominator means nothing could go wrong: no outstanding, no interest or
 * principal due, no money moved all earn the full weight. Savings that start at 0 earn the
 * full weight if they grew and nothing if they stayed at 0. A group has at least one member.
 * Weights, anchors and grade thresholds are all parameters (struct score_params), dated rows
 * read by the bank layer (docs/parameters.md); the table above is their seed.
 */
#ifndef TD_CREDIT_SCORE_H
#define TD_CREDIT_SCORE_H

#include <stdint.h>

#include "base/error.h"
#include "base/money.h"

#define SCORE_BP 10000

enum score_criterion {
	SCORE_OVERDUE,
	SCORE_INTEREST,
	SCORE_AT_POINT,
	SCORE_PRINCIPAL,
	SCORE_SAVINGS_GROWTH,
	SCORE_MEMBERS_SAVING,
	SCORE_CRITERIA
};

enum score_grade { SCORE_GOOD, SCORE_FAIR, SCORE_AVERAGE, SCORE_WEAK };

struct score_rule {
	int weight;	 /* points when fully met */
	int32_t full_bp; /* ratio (bp) at which the full weight is earned */
	int32_t zero_bp; /* ratio (bp) at which nothing is earned; != full_bp */
};

struct score_params {
	struct score_rule rules[SCORE_CRITERIA]; /* weights sum to 100 */
	int good_min;				 /* 90 */
	int fair_min;				 /* 80 */
	int average_min;			 /* 70; below it: weak */
};

/* What one group did in the period being graded. */
struct score_input {
	td_money outstanding, overdue;		   /* at the end; overdue <= outstanding */
	td_money interest_due, interest_collected; /* in the period */
	td_money moved_total, moved_at_point;	   /* money moved; at_point <= total */
	td_money principal_due, principal_collected;
	td_money savings_start, savings_end;
	int members, members_saving; /* members >= 1; saving <= members */
};

struct score_result {
	int points[SCORE_CRITERIA];
	int total;
	enum score_grade grade;
};

/* The parameters as an administrator writes them (dated rows, bank/param.h):
 * weights "30,20,20,15,10,5" (the criteria in the order of the table, summing to 100),
 * anchors "0-5,100-80,100-80,100-80,10-0,100-50" (full-zero per criterion, in %), grades
 * "90,80,70" (good, fair, average minimums). TD_EINVAL naming the bad part; the result is
 * checked by score_params_check. */
int score_params_parse(const char *weights, const char *anchors, const char *grades,
		       struct score_params *p, struct td_error *err);

/* TD_OK, or TD_EINVAL naming the first inconsistent parameter. */
int score_params_check(const struct score_params *p, struct td_error *err);

/* Points for one ratio num / den under a rule; den > 0, num may be negative (savings
 * that shrank). */
int score_points(const struct score_rule *rule, int64_t num, int64_t den);

/* Scores and grades one group. TD_EINVAL names an impossible input (negative amount,
 * overdue above outstanding, no members, ...). */
int score_group(const struct score_params *p, const struct score_input *in,
		struct score_result *out, struct td_error *err);

/* The grade for a total under p's thresholds. */
enum score_grade score_grade_of(const struct score_params *p, int total);

/* "Tốt", "Khá", "Trung bình", "Yếu". */
const char *score_grade_name(enum score_grade grade);

/* Stable machine names: "overdue", "interest", "at_point", "principal", "savings_growth",
 * "members_saving". */
const char *score_criterion_name(enum score_criterion c);

#endif
