/*
 * Lending programmes (R-PRG-1, R-RATE-1, R-RATE-2): what each programme states, as plain
 * data. The seed table (programme_seed.c, DOMAIN.md §3) or the database fills these structs;
 * every figure that a government decision changes is a row with an effective date.
 *
 * Rates (R-RATE-1): a programme keeps its rate history, ascending by effective_from. A
 * loan disbursed on day D gets the row in force on D (the latest effective_from <= D) and
 * keeps it, unless a LATER row says it applies to outstanding balances from a day S: the
 * loan then switches to that row from max(S, D). Among rows that apply, the one that
 * switched last wins (ties: the later effective_from). A row may carry a reduced rate for
 * borrowers holding one of its flag sets (programme 3: ethnic minority in a hard area, or
 * disabled: 3.96 % instead of 7.92 %).
 *
 * Ownership: the caller owns programme structs and the rate and cap arrays they point to.
 * The seed table is static const data.
 */
#ifndef TD_CREDIT_PROGRAMME_H
#define TD_CREDIT_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "base/money.h"
#include "credit/interest.h"

/* A day that never comes: open-ended validity; "does not apply to outstanding loans". */
#define PRG_DATE_NEVER ((td_date)INT32_MAX)
/* collateral_above value for programmes that never ask for collateral. */
#define PRG_NO_COLLATERAL ((td_money)-1)

#define PRG_CODE_MAX 8
#define PRG_NAME_MAX 160
#define PRG_REDUCED_SETS_MAX 4

/* A household's status for the year (R-HH-1). Eligible statuses are a mask of HH_BIT(s). */
enum hh_status { HH_POOR, HH_NEAR_POOR, HH_NEWLY_ESCAPED, HH_NONE, HH_STATUS_COUNT };
#define HH_BIT(s) (1u << (s))
#define HH_ALL ((1u << HH_STATUS_COUNT) - 1)

/* Borrower attributes and loan purposes a programme may require or reward (R-PRG-1). */
#define PRG_F_ETHNIC_MINORITY (1u << 0) /* dân tộc thiểu số */
#define PRG_F_DISABLED (1u << 1)	/* người khuyết tật */
#define PRG_F_HARD_AREA (1u << 2)	/* vùng khó khăn */
#define PRG_F_STUDENT (1u << 3)		/* học sinh, sinh viên */
#define PRG_F_WORKER_ABROAD (1u << 4) /* người lao động đi làm việc ở nước ngoài */
#define PRG_F_RELEASED_PRISONER (1u << 5) /* người chấp hành xong án phạt tù */
#define PRG_F_BUSINESS (1u << 6)	  /* cơ sở sản xuất, kinh doanh (not a worker) */
#define PRG_F_RURAL (1u << 7)		  /* khu vực nông thôn */
#define PRG_F_SOCIAL_HOUSING (1u << 8)	  /* đối tượng mua, thuê mua nhà ở xã hội */
#define PRG_F_PURPOSE_LAND (1u << 9)	  /* mục đích: đất ở */
#define PRG_F_PURPOSE_HOUSING (1u << 10)  /* mục đích: nhà ở */
#define PRG_F_PURPOSE_BUILD (1u << 11)	  /* mục đích: xây dựng, cải tạo, sửa chữa nhà */
#define PRG_FLAG_COUNT 12
#define PRG_FLAGS_ALL ((1u << PRG_FLAG_COUNT) - 1)

struct prg_rate {
	td_date effective_from;	  /* loans disbursed from this day get this row */
	td_date outstanding_from; /* PRG_DATE_NEVER, or the day earlier loans switch to it */
	td_rate rate;		  /* annual, millionths (6.6 % = 66000) */
	td_rate reduced_rate;	  /* for borrowers matching reduced_for */
	uint32_t reduced_for[PRG_REDUCED_SETS_MAX]; /* flag sets, any one fully held; 0 ends */
};

/* How a cap is computed. */
enum prg_cap_kind {
	PRG_CAP_FIXED,		 /* amount */
	PRG_CAP_PER_STUDY_MONTH, /* amount × months of study (programme 2) */
	PRG_CAP_CONTRACT_PCT,	 /* pct % of the contract value, at most amount if amount > 0 */
	PRG_CAP_PER_JOB,	 /* amount × jobs the loan creates or keeps (programme 3, business) */
	PRG_CAP_ESTIMATE_PCT,	 /* pct % of the estimate and pct % of the collateral's value,
				  * at most amount if amount > 0 (programme 12, build or repair) */
	PRG_CAP_KIND_COUNT
};

/* What a cap limits (R-PRG-1):
 * - PRG_CAP_LOAN: the amount of this loan;
 * - PRG_CAP_BORROWER: what the household owes in the programme once this loan is made: its
 *   outstanding balance there plus the applications approved and not yet disbursed, plus
 *   this amount ("100 M per borrower" is per household, not per application). */
enum prg_cap_scope { PRG_CAP_LOAN, PRG_CAP_BORROWER, PRG_CAP_SCOPE_COUNT };

/* Per scope, the first cap whose `when` flags the application holds all of applies; when = 0
 * matches every application, so it goes last. No cap of a scope: no limit of that kind. */
struct prg_cap {
	uint32_t when;
	enum prg_cap_scope scope;
	enum prg_cap_kind kind;
	td_money amount;
	int pct;
};

enum prg_term_kind {
	PRG_TERM_FIXED,	   /* max_term_months */
	PRG_TERM_STUDY,	   /* study + 12 months + repayment of at most the study time */
	PRG_TERM_CONTRACT, /* the labour contract's term (programme 4) */
};

enum prg_channel {
	PRG_ENTRUSTED, /* through savings-and-loan groups of a mass organisation */
	PRG_DIRECT,    /* lent by the bank directly */
};

/* A programme as it stands on one day: its identity, its whole rate history, and the terms
 * (caps, term, grace, eligibility, channel, collateral, roll-forward) of the version in force
 * that day, from terms_from on. The bank layer loads the version for the day a computation
 * concerns (bank/programme_db.h); the seed table holds one version per programme. */
struct programme {
	char code[PRG_CODE_MAX]; /* as branch reports use it: "1", "19", "99" */
	char name_vi[PRG_NAME_MAX];
	char name_en[PRG_NAME_MAX];
	td_date valid_from;	      /* the programme lends from this day... */
	td_date valid_until;	      /* ...until the day before this one; PRG_DATE_NEVER: open */
	td_date terms_from;	      /* the terms below are in force from this day */
	const struct prg_rate *rates; /* ascending effective_from; none: no rate configured */
	size_t rate_count;
	int overdue_pct; /* overdue principal bears this % of the rate (R-RATE-2): 130 */
	const struct prg_cap *caps;
	size_t cap_count;
	enum prg_term_kind term_kind;
	int max_term_months; /* PRG_TERM_FIXED */
	int grace_months;    /* no principal due in the first months (programme 25: 60) */
	uint32_t statuses;   /* HH_BIT mask of eligible statuses */
	uint32_t flags_all;  /* the borrower must hold every one of these */
	uint32_t flags_any;  /* ...and at least one of these, if any */
	enum prg_channel channel;
	td_money collateral_above; /* loans above this need collateral; PRG_NO_COLLATERAL */
	bool roll_forward;	   /* a missed non-last instalment rolls into the next (R-DUE-2) */
	enum interest_convention convention;
};

/* The seed table of DOMAIN.md §3: 13 programmes (99 "Other" without a rate). */
const struct programme *programme_seed(size_t *count);

/* The programme with this code, or NULL. */
const struct programme *programme_find(const struct programme *table, size_t count,
				       const char *code);
/* Same, with TD_ENOTFOUND listing the known codes. */
int programme_lookup(const struct programme *table, size_t count, const char *code,
		     const struct programme **out, struct td_error *err);

/* Checks a definition an administrator entered: rates ascending and within 0..100 %,
 * multiplier, term, statuses, flags, caps. TD_EINVAL naming the first bad field. */
int programme_check(const struct programme *p, struct td_error *err);

/* True if the programme lends on this day (valid_from <= day < valid_until). */
bool programme_in_force(const struct programme *p, td_date day);

/* The rate for a NEW loan disbursed on `day` to a borrower with `flags` (R-RATE-1).
 * TD_ENOTFOUND if no rate is in force then (programme 99 before it is configured). */
int programme_rate_new_loan(const struct programme *p, td_date day, uint32_t flags, td_rate *out,
			    struct td_error *err);

/* The rate on day `on` for an EXISTING loan disbursed on `disbursed` (R-RATE-1). */
int programme_rate_loan(const struct programme *p, td_date disbursed, td_date on, uint32_t flags,
			td_rate *out, struct td_error *err);

/* The rate a loan bears from `from` on, until the next period's `from` (R-RATE-1):
 * splits [from, to) where rates that apply to outstanding balances switch in. */
struct prg_rate_period {
	td_date from;
	td_rate rate;
};
int programme_rate_periods(const struct programme *p, td_date disbursed, td_date from, td_date to,
			   uint32_t flags, struct prg_rate_period *out, size_t cap, size_t *count,
			   struct td_error *err);

/* The same for a loan whose rate was fixed at `rate` on `anchor` (its disbursement, or the
 * start of its last rollover cycle, R-EXT-2): from anchor it bears `rate`; a row of `rows`
 * (a programme's rate history, ascending) effective after anchor that applies to
 * outstanding balances switches in from max(outstanding_from, anchor), at its rate or its
 * reduced rate for `flags` (R-RATE-1). [from, to) must start on or after anchor. */
int programme_loan_rate_periods(const struct prg_rate *rows, size_t n, td_date anchor,
				td_rate rate, uint32_t flags, td_date from, td_date to,
				struct prg_rate_period *out, size_t cap, size_t *count,
				struct td_error *err);
#define PRG_RATE_PERIODS_MAX 16

/* Months without principal for a loan: grace_months, or for PRG_TERM_STUDY the study
 * months plus 12 (repayment starts a year after the studies end). */
int programme_grace(const struct programme *p, int study_months);

/* Names: "poor", "near_poor", "newly_escaped", "none"; flags "ethnic_minority", ...
 * The Vietnamese labels are for screens. Parsers fail with TD_EINVAL listing the names. */
const char *programme_status_name(enum hh_status s);
const char *programme_status_label(enum hh_status s);
int programme_status_parse(const char *s, enum hh_status *out, struct td_error *err);
const char *programme_flag_name(uint32_t flag);
const char *programme_flag_label(uint32_t flag);
/* One name, or several separated by commas ("ethnic_minority,hard_area"); "" gives 0. */
int programme_flags_parse(const char *s, uint32_t *out, struct td_error *err);
/* Cap kinds "fixed", "per_study_month", "contract_pct", "per_job", "estimate_pct" and scopes
 * "loan", "borrower"; parsers fail with TD_EINVAL listing the names. */
const char *programme_cap_kind_name(enum prg_cap_kind k);
int programme_cap_kind_parse(const char *s, enum prg_cap_kind *out, struct td_error *err);
const char *programme_cap_scope_name(enum prg_cap_scope s);
int programme_cap_scope_parse(const char *s, enum prg_cap_scope *out, struct td_error *err);

#endif
