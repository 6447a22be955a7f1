/*
 * The working-day calendar (R-APP-4's "3 working days"; docs/parameters.md): Monday to
 * Friday are working days, except the public holidays (Tết and the others of the Labour
 * Code, art. 112, with the days off in exchange) recorded in calendar_day; a weekend day
 * recorded as 'working' (ngày làm bù) is one. The seed rows of migration 0019 cover
 * 2022–2026; an administrator records each year as the government announces it.
 *
 * Writing needs ACT_PROGRAMME_WRITE and leaves one audit record (entity "calendar");
 * reading needs a signed-in actor.
 */
#ifndef TD_BANK_CALENDAR_H
#define TD_BANK_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>

#include "bank/ctx.h"

#define CALENDAR_NAME_MAX 200
/* A range read or counted at once: ten years. */
#define CALENDAR_SPAN_MAX 3660

/* Working days after `from` up to and including `to` (0 if to <= from). */
int calendar_working_days(struct td_ctx *ctx, td_date from, td_date to, int *out,
			  struct td_error *err);

/* Sets what `day` is: "holiday" (a weekday off) or "working" (a weekend day worked), with a
 * name; "normal" removes the row (the day is what its weekday says). TD_EINVAL for another
 * kind, a missing name, a holiday on a weekend or a working day on a weekday (nothing to
 * record); TD_EFORBIDDEN without ACT_PROGRAMME_WRITE. */
int calendar_set(struct td_ctx *ctx, td_date day, const char *kind, const char *name,
		 struct td_error *err);

/* {"from","to","working_days","items":[{"day","kind","name","weekday"}]} for [from, to],
 * working_days counting from the day before `from` (every working day in the range). */
int calendar_list(struct td_ctx *ctx, td_date from, td_date to, json_t **out,
		  struct td_error *err);

#endif
