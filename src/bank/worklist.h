/*
 * The credit officer's worklist (docs/worklist.md): on one day, in the actor's scope, the
 * loans to follow up, set-based (a few queries whatever the number of loans):
 *   - inactive: loans flagged "inactive 3 months" by end of day (R-INACT-1), with the
 *     interest they owe up to the day before the list's day (R-INT-1);
 *   - overdue: loans with overdue principal (R-DUE-1) by the age of their oldest overdue
 *     instalment (credit/followup.h: 1-30, 31-90, 91-180, 181-360, over 360 days), with
 *     counts and sums per bucket;
 *   - sessions: per commune point, its next session day from its meeting day (R-SES-1)
 *     and the instalments due by then that are not settled (R-DIS-1), what the team
 *     collects there. A group loan belongs to its group's point; a loan without a group to
 *     the point serving the household's commune.
 * Each item names the household, the group, the loan and its amounts.
 *
 * Scope (R-ORG-4): the loans the actor may read, as loan_list shows them (office subtree,
 * chapter, group). officer_id narrows the list to the communes a credit officer covers on
 * the day (staff_commune; the officer must be a credit officer the actor may read): the
 * worklist of that officer. Users are not linked to staff records, so a credit officer
 * names its own staff id.
 */
#ifndef TD_BANK_WORKLIST_H
#define TD_BANK_WORKLIST_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"

/* Items of one section at most; the counts and sums always cover every loan. */
#define WORKLIST_ITEMS_MAX 5000
/* The list's day: from the business date to this many days after it. */
#define WORKLIST_DAYS_AHEAD 366

struct worklist_input {
	td_date on;	    /* ORG_NO_DATE: the business date */
	int64_t officer_id; /* a credit officer's staff id, or 0: the actor's whole scope */
};

/* Item fields common to the sections: {"loan_id","household_id","head_name","group_id",
 * "group_code" (null without a group),"commune_code","programme","balance"}.
 * {"date","business_date","officer": null or {"staff_id","full_name","communes":[..]},
 *  "inactive":{"loans","balance","interest_owed","truncated","items":[{common...,
 *    "status","interest_from","interest_owed"}]},
 *  "overdue":{"loans","balance","overdue_principal","truncated",
 *    "buckets":[{"bucket","min_days","max_days" (null for the last),"loans","balance",
 *    "overdue_principal"}],
 *    "items":[{common...,"oldest_due_on","days_overdue","bucket","overdue_principal"}]},
 *  "sessions":[{"point_id","point_code","point_name","meeting_day","session_date",
 *    "instalments","principal_due","truncated","items":[{common...,"position","due_on",
 *    "principal_due"}]}]}
 * Items: inactive by commune, group, name; overdue oldest first; sessions by session day
 * and point, their items by group, name, loan, position. Dates ISO, amounts đồng.
 * TD_EINVAL when the day is before the business date or more than WORKLIST_DAYS_AHEAD
 * after it (the list reads the loans as they stand, it cannot go back); TD_ENOTFOUND for
 * an unknown officer; TD_EINVAL when the officer is not a credit officer; TD_EFORBIDDEN
 * when the actor may not read the officer's office. */
int worklist_get(struct td_ctx *ctx, const struct worklist_input *in, json_t **out,
		 struct td_error *err);

#endif
