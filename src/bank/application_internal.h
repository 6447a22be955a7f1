/*
 * Shared by application.c, application_step.c and application_read.c only.
 */
#ifndef TD_BANK_APPLICATION_INTERNAL_H
#define TD_BANK_APPLICATION_INTERNAL_H

#include "bank/access.h"
#include "bank/application.h"
#include "bank/org_util.h"
#include "bank/programme_db.h"

/* What an application needs to know of its household on the application date. */
struct app_household {
	int64_t id;
	int64_t office_id;
	char commune[16];
	uint32_t flags;
	char head_name[160];
	int64_t group_id;   /* 0: in no group on the date */
	int64_t chapter_id; /* the group's chapter on the date; 0 without a group */
};

int app_household_load(struct td_ctx *ctx, int64_t hid, td_date on, struct app_household *h,
		       struct td_error *err);
struct td_scope app_household_scope(const struct app_household *h);

/* What household_id owes in programme: its open loans' balance there and its approved
 * applications not yet disbursed, exclude_app (0: none) excluded (R-PRG-1 per borrower). */
int app_exposure(struct td_ctx *ctx, int64_t household_id, const char *programme,
		 int64_t exclude_app, td_money *out, struct td_error *err);

/* eligibility_judge on in->applied_on with the household's status of that day, p's terms
 * (loaded for the day of the step) and what the household owes (in->id excluded). */
int app_judge(struct td_ctx *ctx, const struct app_household *h, const struct programme *p,
	      const struct application_input *in, struct elig_result *r, enum hh_status *status,
	      struct td_error *err);
/* TD_ERULE listing every blocking reason's code. */
int app_not_eligible(const struct app_household *h, const struct programme *p, td_date on,
		     const struct elig_result *r, struct td_error *err);
json_t *app_judge_json(const struct elig_result *r, enum hh_status status);

void app_text_check(struct org_problems *p, const char *name, const char *v);
/* on is not after the business date and not before `after`. */
int app_date_check(struct td_ctx *ctx, const char *what, td_date on, td_date after,
		   struct td_error *err);

/* Step names as stored and their Vietnamese labels. */
enum app_step {
	STEP_APPLIED,
	STEP_VOTED,
	STEP_CONFIRMED,
	STEP_CHECKED,
	STEP_APPROVED,
	STEP_REJECTED,
	STEP_COUNT
};
const char *app_step_name(enum app_step s);
const char *app_step_label(enum app_step s);

#endif
