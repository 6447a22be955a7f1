/*
 * Changing a loan's repayment terms: extension, rollover, rescheduling (R-EXT-1, R-EXT-2).
 *
 * R-EXT-1 Extension (gia hạn nợ) of an instalment that is not yet overdue:
 *   - at most 12 months for a short loan (original term <= 12 months), at most half the
 *     original term (rounded down) otherwise; extensions add up against that limit;
 *   - decided strictly before the due date being extended (on the due date itself the
 *     instalment is already owed; from the next day it is overdue, R-DUE-1);
 *   - recorded with a reason and an approver.
 * R-EXT-2 Rollover (lưu vụ): only for short seasonal loans; the balance continues for a
 *   next cycle of 1..12 months at the rate in force on the rollover (an input: the rate
 *   table lives in data), decided before the maturity, with a reason and an approver.
 * R-EXT-2 Rescheduling (điều chỉnh kỳ hạn): a new list of instalments for the outstanding
 *   principal: positive amounts, due dates strictly increasing, after the decision and no
 *   later than the final maturity now in force (rescheduling never extends it), amounts
 *   summing exactly to the outstanding; reason and approver as above.
 *
 * The checks do not stop at the first failure: the verdict lists every rule that failed,
 * each once, with a stable code (for programs and translations) and a Vietnamese message
 * (for people). Functions return TD_OK when every rule passed, TD_ERULE otherwise.
 */
#ifndef TD_CREDIT_EXTENSION_H
#define TD_CREDIT_EXTENSION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"

/* Longest a short loan runs, and the most a short loan may be extended. */
#define EXT_SHORT_MONTHS 12

enum ext_rule {
	EXT_MONTHS_INVALID,  /* "months_invalid": extension or cycle length out of range */
	EXT_TOO_LONG,	     /* "too_long": cumulative extension above the limit */
	EXT_NOT_BEFORE_DUE,  /* "not_before_due": decided on or after the due date */
	EXT_NO_REASON,	     /* "no_reason" */
	EXT_NO_APPROVER,     /* "no_approver" */
	EXT_NOT_SHORT,	     /* "not_short_term": rollover of a loan longer than 12 months */
	EXT_NOT_SEASONAL,    /* "not_seasonal": rollover of a loan that is not seasonal */
	EXT_RATE_INVALID,    /* "rate_invalid": rollover rate outside 0..100 % */
	EXT_PLAN_EMPTY,	     /* "plan_empty": rescheduling without instalments */
	EXT_AMOUNT_INVALID,  /* "amount_not_positive": an instalment of 0 or less */
	EXT_DATES_ORDER,     /* "dates_not_increasing" */
	EXT_DUE_PAST,	     /* "due_not_after_decision": an instalment on or before the decision */
	EXT_BEYOND_MATURITY, /* "beyond_maturity": an instalment after the final maturity */
	EXT_SUM_MISMATCH,    /* "sum_mismatch": instalments do not sum to the outstanding */
	EXT_RULE_COUNT
};

#define EXT_MSG_MAX 200

struct ext_failure {
	enum ext_rule rule;
	char msg[EXT_MSG_MAX];
};

/* Every failed rule, in the order checked; each rule at most once. */
struct ext_verdict {
	int n;
	struct ext_failure fail[EXT_RULE_COUNT];
};

/* The facts of the loan the rules need. */
struct ext_loan {
	int term_months;      /* original term, >= 1 */
	bool seasonal;	      /* lends for a crop or livestock cycle (lưu vụ possible) */
	td_date maturity;     /* final due date now in force */
	td_money outstanding; /* principal outstanding */
	int extended_months;  /* extensions already granted, cumulative */
};

struct ext_extension {
	td_date decided; /* date of the decision */
	td_date due;	 /* due date of the instalment extended */
	int months;	 /* asked for, >= 1 */
	const char *reason;
	const char *approver;
};

struct ext_rollover {
	td_date decided;
	int months;   /* length of the next cycle, 1..12 */
	td_rate rate; /* the programme's rate in force on the rollover date */
	const char *reason;
	const char *approver;
};

/* The loan after a rollover: same balance, new maturity and rate. */
struct ext_cycle {
	td_date maturity;
	td_rate rate;
	td_money balance;
};

struct ext_instalment {
	td_date due;
	td_money principal;
};

struct ext_reschedule {
	td_date decided;
	const struct ext_instalment *plan; /* the new instalments, n of them */
	size_t n;
	const char *reason;
	const char *approver;
};

/* R-EXT-1: the most a loan of term_months may be extended in total. */
int ext_limit_months(int term_months);

/* R-EXT-1. On TD_OK, *new_due (may be NULL) = due + months. */
int ext_check_extension(const struct ext_loan *loan, const struct ext_extension *req,
			td_date *new_due, struct ext_verdict *out);

/* R-EXT-2 rollover. On TD_OK, *cycle (may be NULL) holds the loan's new terms. */
int ext_check_rollover(const struct ext_loan *loan, const struct ext_rollover *req,
		       struct ext_cycle *cycle, struct ext_verdict *out);

/* R-EXT-2 rescheduling. */
int ext_check_reschedule(const struct ext_loan *loan, const struct ext_reschedule *req,
			 struct ext_verdict *out);

/* The stable code of a rule ("too_long"). */
const char *ext_rule_code(enum ext_rule rule);

/* True if the verdict lists rule. */
bool ext_verdict_has(const struct ext_verdict *v, enum ext_rule rule);

#endif
