/*
 * Savings-and-loan groups (tổ tiết kiệm và vay vốn, R-ORG-2, R-ORG-3, R-ORG-4).
 *
 * A group belongs to one village, one commune chapter of an organisation and one commune
 * point, and has a credit officer; it is founded on a decision of the commune People's
 * Committee (date + number). It has 3 to 60 member households of its village, exactly one
 * leader and at most one deputy at a time; a household is in at most one group at a time.
 *
 * History: the chapter, point and officer live in group_version periods (a move closes
 * one and opens the next), memberships in group_member periods [joined_on, left_on) with
 * their role (a role change ends one period and starts the next on the same day). So
 * "as of D" questions see the group and its members as they were on D.
 *
 * Membership events of a group are recorded in date order: a join, leave, role change,
 * split or merge may not be dated before the group's latest membership event, so the
 * member count is within 3..60 on every date. A closed or merged group changes no more.
 *
 * R-ORG-3 (a leader collects interest and savings, never principal) is a rule of the
 * collections that come later; docs/groups.md records it.
 *
 * Permission: writes need ACT_GROUP_WRITE on {office_id, chapter_id, group_id} of the
 * group (for a move, of the destination too); reads ACT_READ. Every function is one
 * transaction: on error nothing changes.
 */
#ifndef TD_BANK_GROUP_H
#define TD_BANK_GROUP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/chapter.h"
#include "bank/ctx.h"

#define GROUP_MIN_MEMBERS 3
#define GROUP_MAX_MEMBERS 60

struct group_founding {
	const char *code; /* unique: "TK-0101" */
	const char *name;
	int64_t village_id;
	int64_t chapter_id;	  /* a commune chapter of the village's commune */
	int64_t point_id;	  /* a commune point serving the village's commune */
	int64_t officer_staff_id; /* a credit officer of the point's office */
	const char *decision_no;  /* commune approval (quyết định thành lập) */
	td_date decision_date;	  /* on or before founded_on */
	td_date founded_on;
	const int64_t *members; /* household ids, leader and deputy included */
	size_t n_members;	/* 3..60 */
	int64_t leader_id;	/* household; must be one of members */
	int64_t deputy_id;	/* 0 = none; else one of members, not the leader */
};

/* Founds a group with its founding members (joined on founded_on). Every problem of the
 * input goes into the one message; TD_ERULE for broken rules (member count, leader not a
 * member, village mismatch, chapter of another level), TD_ECONFLICT for a household
 * already in another group (the message names that group), TD_EUNIQUE for a used code,
 * TD_EFOREIGN for unknown ids, TD_EINVAL for missing fields. */
int group_create(struct td_ctx *ctx, const struct group_founding *in, int64_t *id,
		 struct td_error *err);

/* Replaces name, decision_no and decision_date (corrections of the founding record). */
struct group_edit {
	const char *name;
	const char *decision_no;
	td_date decision_date;
};
int group_update(struct td_ctx *ctx, int64_t id, const struct group_edit *in, struct td_error *err);

/* Joins household to the group on `on` with role "member", "leader" or "deputy" (NULL =
 * member). Refused: the group is full (60), the role is taken, the household is in
 * another group on that date or lives in another village. */
int group_member_add(struct td_ctx *ctx, int64_t group_id, int64_t household_id, const char *role,
		     td_date on, struct td_error *err);
/* The household leaves on `on`. Refused for the leader (name another first) and when the
 * group would drop below 3 members (close or merge the group instead). */
int group_member_leave(struct td_ctx *ctx, int64_t group_id, int64_t household_id, td_date on,
		       struct td_error *err);
/* Gives a member a new role from `on`. Naming a new leader (deputy) hands the role over:
 * the previous holder becomes a plain member on the same day, so there is exactly one
 * leader at every moment. */
int group_member_set_role(struct td_ctx *ctx, int64_t group_id, int64_t household_id,
			  const char *role, td_date on, struct td_error *err);

/* A move from `on`: 0 keeps the current chapter / point / officer. The old assignment
 * stays in history (group_version). */
struct group_move {
	int64_t chapter_id;
	int64_t point_id;
	int64_t officer_staff_id;
	td_date on;
};
int group_move(struct td_ctx *ctx, int64_t group_id, const struct group_move *in,
	       struct td_error *err);

/* Some members leave the source group on `on` and found a new group (same village,
 * chapter, point and officer) with its own founding decision. Both groups keep 3..60;
 * the source's leader stays (hand the role over first to move it). */
struct group_split {
	int64_t source_id;
	td_date on;
	const char *code, *name, *decision_no;
	td_date decision_date;
	const int64_t *members; /* households moving to the new group */
	size_t n_members;
	int64_t leader_id; /* of the new group, one of members */
	int64_t deputy_id; /* 0 = none */
};
int group_split(struct td_ctx *ctx, const struct group_split *in, int64_t *new_id,
		struct td_error *err);

/* Group `from` joins `into` on `on`: its members leave it and join `into` as plain
 * members; `from` closes (merged_into = into). Same village; at most 60 together. */
int group_merge(struct td_ctx *ctx, int64_t into_id, int64_t from_id, td_date on,
		struct td_error *err);

/* Closes a group on `on`: every member leaves, nothing changes afterwards. */
int group_close(struct td_ctx *ctx, int64_t group_id, td_date on, struct td_error *err);

/* The group as of date (ORG_NO_DATE = its latest state, "as_of": null): {"id","code","name",
 * "village_id","village_name","chapter_id","chapter_name","org","point_id","officer_staff_id",
 * "office_id","decision_no","decision_date","founded_on","closed_on","close_reason",
 * "merged_into","split_from","as_of","members_count","leader_household_id",
 * "deputy_household_id"}, the chapter/point/officer those of the period containing the
 * date. TD_ENOTFOUND when the group does not exist or did not exist yet on that date. */
int group_get(struct td_ctx *ctx, int64_t id, td_date as_of, json_t **out, struct td_error *err);

/* Membership periods valid on as_of (ORG_NO_DATE = the open ones), or every period
 * when all is nonzero: {"items":[{"household_id","head_name","cccd","role","joined_on",
 * "left_on","left_reason"}],"total":N,"limit":L,"offset":O}. */
int group_members(struct td_ctx *ctx, int64_t id, td_date as_of, int all, int64_t limit,
		  int64_t offset, json_t **out, struct td_error *err);

/* The assignment periods, oldest first: {"items":[{"chapter_id","chapter_name","org",
 * "point_id","officer_staff_id","office_id","reason","valid_from","valid_to"}]}. */
int group_history(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

enum group_status { GROUP_OPEN, GROUP_CLOSED, GROUP_ANY };

struct group_filter {
	int64_t chapter_id; /* 0 = any: groups of that chapter on `on` */
	int64_t village_id; /* 0 = any */
	int64_t point_id;   /* 0 = any */
	int64_t office_id;  /* 0 = any (the actor's subtree applies anyway) */
	const char *org;    /* NULL = any */
	const char *q;	    /* NULL = any; part of the code or name */
	int status;	    /* GROUP_OPEN (default), GROUP_CLOSED or GROUP_ANY, on `on` */
	td_date on;	    /* ORG_NO_DATE = the latest state */
	int64_t limit, offset;
};
/* Groups in the actor's scope with their assignment as of `on`. */
int group_list(struct td_ctx *ctx, const struct group_filter *f, json_t **out,
	       struct td_error *err);

/* The group household belongs to on date, or 0 when none (for households and lists). */
int group_of_household(struct td_store *s, int64_t household_id, td_date on, int64_t *group_id,
		       struct td_error *err);

#endif
