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

/* eligibility_judge on in->applied_on with the household's status of that day. */
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
