/*
 * Repayment schedules (phân kỳ trả nợ, R-DIS-1).
 *
 * schedule_build: instalment k (1-based) falls due grace + k × interval months after the
 * disbursement, computed from the disbursement date each time (not chained from the previous
 * due date) with date_add_months, so 31 Jan + 1 month is 28/29 Feb and + 2 months is 31 Mar.
 * No principal is due in the first `grace` months. When term − grace is not a multiple of
 * the interval, the last instalment falls at maturity (disbursement + term months), so the
 * last period is shorter: the loan never runs past its term.
 * Principal: amount / n rounded down to whole thousand đồng for each instalment, the
 * remainder in the last one (so the last is the largest, by less than n thousand đồng).
 *
 * schedule_check judges a schedule agreed with the borrower: returns EVERY problem (dates
 * not after disbursement or not ascending, past maturity, inside the grace months, more than
 * 12 months apart, amounts not positive, sum not equal to the loan), each with a stable code
 * and a Vietnamese message.
 *
 * schedule_interest: interest per instalment period on that schedule for the calculator,
 * the balance falling after each instalment, in term, rounded once per period (R-INT-1).
 *
 * Errors: TD_EINVAL for impossible parameters, naming the figure; TD_ERULE when the amount
 * cannot be split into whole thousands; TD_ETOOBIG when the caller's array is too small.
 */
#ifndef TD_CREDIT_SCHEDULE_H
#define TD_CREDIT_SCHEDULE_H

#include <stddef.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"
#include "credit/interest.h"

#define SCHEDULE_TERM_MAX 600	 /* months: 50 years, above every programme */
#define SCHEDULE_INTERVAL_MAX 12 /* R-DIS-1: at most every 12 months */
#define SCHEDULE_ROUNDING 1000	 /* instalments in whole thousand đồng */
#define SCHEDULE_PROBLEMS_MAX 32
#define SCHEDULE_MSG_MAX 256

struct schedule_params {
	td_date disbursed;
	td_money amount;     /* 1..TD_MONEY_MAX_INPUT */
	int term_months;     /* 1..SCHEDULE_TERM_MAX */
	int interval_months; /* 1..SCHEDULE_INTERVAL_MAX; ignored by schedule_check */
	int grace_months;    /* 0..term - 1 */
};

struct schedule_item {
	td_date due;
	td_money principal;
};

/* Disbursement + term months. */
td_date schedule_maturity(const struct schedule_params *p);

/* Instalments schedule_build will produce (to size the array). */
int schedule_count(const struct schedule_params *p, size_t *count, struct td_error *err);

int schedule_build(const struct schedule_params *p, struct schedule_item *out, size_t cap,
		   size_t *count, struct td_error *err);

enum schedule_problem_code {
	SCHED_EMPTY,			   /* "empty" */
	SCHED_DATE_NOT_AFTER_DISBURSEMENT, /* "date_not_after_disbursement" */
	SCHED_DATE_NOT_ASCENDING,	   /* "date_not_ascending" */
	SCHED_DATE_AFTER_MATURITY,	   /* "date_after_maturity" */
	SCHED_DATE_IN_GRACE,		   /* "date_in_grace" */
	SCHED_GAP_TOO_LONG,		   /* "gap_too_long": more than 12 months apart */
	SCHED_AMOUNT_NOT_POSITIVE,	   /* "amount_not_positive" */
	SCHED_SUM_MISMATCH,		   /* "sum_mismatch" */
	SCHED_PROBLEM_COUNT
};

struct schedule_problem {
	enum schedule_problem_code code;
	int index; /* 0-based instalment, or -1 for the whole schedule */
	char msg[SCHEDULE_MSG_MAX];
};

struct schedule_check_result {
	size_t count; /* problems stored */
	size_t total; /* problems found (more than stored if the array filled up) */
	struct schedule_problem problems[SCHEDULE_PROBLEMS_MAX];
};

/* TD_OK when judged (out->total == 0 means acceptable); TD_EINVAL for bad parameters. */
int schedule_check(const struct schedule_params *p, const struct schedule_item *items, size_t n,
		   struct schedule_check_result *out, struct td_error *err);

const char *schedule_problem_name(enum schedule_problem_code code);

struct schedule_period {
	td_date from;	    /* disbursement or the previous due date */
	td_date to;	    /* this instalment's due date (exclusive for interest) */
	td_money balance;   /* outstanding during the period */
	td_money principal; /* due at the end of the period */
	td_money interest;  /* on balance from `from` to `to`, rounded once */
};

/* out[0..n) for items[0..n), which must pass schedule_check. */
int schedule_interest(const struct schedule_params *p, const struct schedule_item *items, size_t n,
		      td_rate rate, enum interest_convention conv, struct schedule_period *out,
		      struct td_error *err);

#endif
