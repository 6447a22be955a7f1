/*
 * What a credit officer follows up (the worklist, docs/worklist.md): how old an overdue
 * debt is, and when a commune point's next session is.
 *
 * Age of an overdue loan: the days from the due day of its oldest overdue instalment to the
 * day of the list (an instalment due on 10/03 is 1 day overdue on 11/03, R-DUE-1). The
 * buckets are the usual ones of the bank's ageing of overdue debt, from the first day to
 * the debt that is more than a year old (the group of bad debt the articles quote):
 *
 *   code        days
 *   "1-30"      1 ..  30
 *   "31-90"    31 ..  90
 *   "91-180"   91 .. 180
 *   "181-360" 181 .. 360
 *   "over-360" 361 ..
 *
 * They are a way of reading the list, not a rule with legal effect (no fee, rate or
 * provision depends on them here), hence a table in code rather than a dated setting.
 *
 * Next session (R-SES-1): a point sits on a fixed day of every month (its meeting day,
 * 1..28); the next session on or after a day is that day of the same month if it has not
 * passed, else of the month after.
 */
#ifndef TD_CREDIT_FOLLOWUP_H
#define TD_CREDIT_FOLLOWUP_H

#include "base/date.h"

#define FOLLOWUP_BUCKETS 5

struct followup_bucket {
	const char *code; /* "1-30" ... "over-360" */
	int min_days;
	int max_days; /* 0: no upper bound */
};

/* The buckets in order of age. */
extern const struct followup_bucket followup_buckets[FOLLOWUP_BUCKETS];

/* Days overdue on `on` of an instalment due on `due_on` (on - due_on; <= 0: not overdue). */
int followup_days_overdue(td_date due_on, td_date on);

/* Index into followup_buckets of an age in days (>= 1); days < 1 counts as the first. */
int followup_bucket_of(int days);

/* The first session day on or after `from` of a point meeting on meeting_day (1..28). */
td_date followup_next_session(td_date from, int meeting_day);

#endif
