/*
 * Judging a loan application against a programme on a day (R-PRG-1, R-HH-4, R-RATE-1).
 *
 * eligibility_judge returns EVERY reason an application fails, not only the first, each
 * with a stable code ("status_not_eligible") for programs and a Vietnamese message for
 * people. Reasons are blocking (the loan cannot be made as asked) or requirements (it can,
 * once the requirement is met: collateral above the programme's threshold).
 *
 * The household's status is the one valid on the application date (R-HH-4); the caller
 * looks it up in the status history. The result also carries what the calculator needs:
 * the rate for a new loan on that day (reduced rate if the flags earn it), the cap and the
 * maximum term for this application, and the months without principal.
 *
 * Caps (R-PRG-1): a cap per loan limits the amount; a cap per borrower limits what the
 * household would owe in the programme: exposure (its outstanding there and its approved
 * applications not yet disbursed) plus the amount. The refusal names every figure.
 *
 * Returns TD_OK when the application was judged (eligible or not); TD_EINVAL only for input
 * that cannot be judged (unknown status or flag bits, study or contract months out of
 * range), with a message naming it.
 */
#ifndef TD_CREDIT_ELIGIBILITY_H
#define TD_CREDIT_ELIGIBILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/money.h"
#include "credit/programme.h"

/* Study and contract months beyond this are typing mistakes, not applications. */
#define ELIG_MONTHS_INPUT_MAX 600
#define ELIG_JOBS_INPUT_MAX 100000

enum elig_code {
	ELIG_NOT_IN_FORCE,	     /* "not_in_force": the programme does not lend that day */
	ELIG_NO_RATE,		     /* "no_rate": no rate in force that day */
	ELIG_STATUS_NOT_ELIGIBLE,    /* "status_not_eligible" */
	ELIG_FLAG_MISSING,	     /* "flag_missing": one reason per missing required flag */
	ELIG_FLAG_ANY_MISSING,	     /* "flag_any_missing": none of the alternatives held */
	ELIG_AMOUNT_NOT_POSITIVE,    /* "amount_not_positive" */
	ELIG_AMOUNT_OVER_CAP,	     /* "amount_over_cap" */
	ELIG_CAP_NOT_APPLICABLE,     /* "cap_not_applicable": no cap row fits the application */
	ELIG_STUDY_MONTHS_MISSING,   /* "study_months_missing" (programme 2) */
	ELIG_CONTRACT_VALUE_MISSING, /* "contract_value_missing" (programmes 4, 12) */
	ELIG_CONTRACT_TERM_MISSING,  /* "contract_term_missing" (programme 4) */
	ELIG_TERM_NOT_POSITIVE,	     /* "term_not_positive" */
	ELIG_TERM_OVER_MAX,	     /* "term_over_max" */
	ELIG_TERM_WITHIN_GRACE,	     /* "term_within_grace": no month left to repay principal */
	ELIG_COLLATERAL_REQUIRED,    /* "collateral_required": a requirement, not blocking */
	ELIG_BORROWER_OVER_CAP,	     /* "borrower_over_cap": the household would owe more than
				      * the programme's cap per borrower */
	ELIG_JOBS_MISSING,	     /* "jobs_missing": a cap per job needs the number of jobs */
	ELIG_ESTIMATE_MISSING,	     /* "estimate_missing": a cap on the estimate needs it and
				      * the collateral's value */
	ELIG_CODE_COUNT
};

#define ELIG_MSG_MAX 256
/* Bounded by construction: 2 + 1 + PRG_FLAG_COUNT + 1 + 1 + 2 (caps) + 3 + 3 + 1 <= 28. */
#define ELIG_REASONS_MAX 28

struct elig_application {
	enum hh_status status;	 /* valid on `date` (R-HH-4) */
	uint32_t flags;		 /* PRG_F_* the borrower holds, and the loan's purpose */
	td_money amount;	 /* asked for, đồng */
	int term_months;	 /* asked for */
	td_date date;		 /* application date */
	int study_months;	 /* programme 2: months of study to finance */
	int contract_months;	 /* programme 4: the labour contract's term */
	td_money contract_value; /* programmes 4, 12: the contract's cost or value */
	int jobs;		 /* programme 3: jobs the loan creates or keeps */
	td_money estimate_value;   /* programme 12, building: the works' estimate (dự toán) */
	td_money collateral_value; /* ... and the collateral's value */
	td_money exposure;	   /* the household's outstanding in the programme plus its
				    * approved, not yet disbursed applications, this one excluded */
};

struct elig_reason {
	enum elig_code code;
	bool blocking;
	uint32_t flag; /* ELIG_FLAG_MISSING: the flag; otherwise 0 */
	char msg[ELIG_MSG_MAX];
};

struct elig_result {
	bool eligible;		  /* no blocking reason */
	bool collateral_required; /* R-PRG-1: amount above the threshold */
	bool has_rate;
	td_rate rate;	     /* for a new loan on that day, if has_rate */
	td_money cap;	     /* per loan, for this application; -1 if unknown or unlimited */
	td_money borrower_cap; /* per borrower (exposure + amount); -1 if none */
	int max_term_months; /* for this application; -1 if unknown */
	int grace_months;    /* no principal in the first months */
	size_t count;
	struct elig_reason reasons[ELIG_REASONS_MAX];
};

int eligibility_judge(const struct programme *p, const struct elig_application *app,
		      struct elig_result *out, struct td_error *err);

/* Stable code name: "status_not_eligible", ... */
const char *eligibility_code_name(enum elig_code code);

/* True if the result holds a reason with this code. */
bool eligibility_has(const struct elig_result *r, enum elig_code code);

#endif
