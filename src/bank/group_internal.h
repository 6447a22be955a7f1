/*
 * Shared between group.c (founding, reads), group_member.c (joins, leaves, roles) and
 * group_change.c (move, split, merge, close). Not a public API.
 */
#ifndef TD_BANK_GROUP_INTERNAL_H
#define TD_BANK_GROUP_INTERNAL_H

#include "bank/access.h"
#include "bank/group.h"
#include "bank/org_util.h"

/* What the rules need of a group: its latest assignment. */
struct group_row {
	int64_t id;
	char code[64];
	int64_t village_id, chapter_id, point_id, officer_staff_id, office_id;
	td_date founded_on;
	td_date closed_on; /* ORG_NO_DATE while open */
};

/* TD_ENOTFOUND naming the id when the group does not exist. */
int group_row_load(struct td_store *s, int64_t id, struct group_row *g, struct td_error *err);
struct td_scope group_scope(const struct group_row *g);

/* Problems with recording a membership event of g on `on`: g closed, `on` before the
 * founding or before the group's latest membership event. */
int group_check_event_date(struct td_store *s, const struct group_row *g, td_date on,
			   struct org_problems *p, struct td_error *err);
/* Open membership periods of the group (its members now). */
int group_count_open(struct td_store *s, int64_t group_id, int64_t *n, struct td_error *err);

/* Problems with household h joining a group of village village_id on `on`: unknown,
 * living in another village, or a member of a group then (the message names it). label
 * prefixes each problem ("household 12"). */
int group_check_household(struct td_store *s, int64_t h, int64_t village_id, td_date on,
			  struct org_problems *p, struct td_error *err);

/* A membership period, returning its id. */
int group_member_insert(struct td_store *s, int64_t group_id, int64_t household_id,
			const char *role, td_date on, int64_t *id, struct td_error *err);
/* Ends the open period of household in the group on `on` with reason. */
int group_member_end(struct td_store *s, int64_t group_id, int64_t household_id, td_date on,
		     const char *reason, struct td_error *err);

/* The group as JSON (see group_get) without permission checks; with "members" (the open
 * periods' household ids) when with_members. */
int group_snapshot(struct td_store *s, int64_t id, td_date as_of, int with_members, json_t **out,
		   struct td_error *err);
/* Audit record of a group write: after = the snapshot now; before as given (may be NULL). */
int group_audit(struct td_ctx *ctx, const char *action, int64_t id, const char *before,
		struct td_error *err);
/* The snapshot as text for a later group_audit's before (NULL on failure). */
char *group_snapshot_text(struct td_store *s, int64_t id);

/* Checks of an assignment (chapter, point, officer) for a group of village village_id on
 * `on`; fills *office with the point's office. */
int group_check_assignment(struct td_store *s, int64_t village_id, int64_t chapter_id,
			   int64_t point_id, int64_t officer_id, td_date on, int64_t *office,
			   struct org_problems *p, struct td_error *err);

/* Founding members: 3..60 distinct households, leader and deputy among them. */
void group_check_roster(const int64_t *members, size_t n, int64_t leader, int64_t deputy,
			struct org_problems *p);
/* Inserts the founding periods from `on` (leader, deputy, then the others). */
int group_insert_roster(struct td_store *s, int64_t group_id, const int64_t *members, size_t n,
			int64_t leader, int64_t deputy, td_date on, struct td_error *err);

/* Role name check: "member", "leader", "deputy". */
int group_role_check(const char *role, struct td_error *err);

#endif
