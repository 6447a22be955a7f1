/*
 * Who may do what (issue 4, R-ORG-4): the one place where permission is decided.
 * Every bank use case that reads or writes on behalf of a user calls access_check with
 * the action and the place the data belongs to; the API and the CLI never decide.
 *
 * Two questions, both must say yes:
 *  - may this role do this action at all? (a role x action table in access.c)
 *  - is the target inside the actor's scope? Every user works inside one office subtree;
 *    a union officer sees only its chapter's groups; a group leader only its group.
 */
#ifndef TD_BANK_ACCESS_H
#define TD_BANK_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "bank/ctx.h"

enum td_action {
	ACT_READ,             /* read anything in scope */
	ACT_NETWORK_WRITE,    /* offices, geography, commune points, staff */
	ACT_ORG_WRITE,        /* mass organisations, chapters, entrustment contracts */
	ACT_GROUP_WRITE,      /* groups and their members */
	ACT_HOUSEHOLD_WRITE,  /* households and their details */
	ACT_POVERTY_IMPORT,   /* poverty lists from the labour department */
	ACT_USER_ADMIN,       /* users: add, lock, reset passwords (not one's own password) */
	ACT_AUDIT_READ,       /* the audit trail */
	ACT_INSPECT,          /* inspection plans and findings */
	ACT_CAPITAL_WRITE,    /* capital sources and their transfers in and out (R-CAP-1) */
	ACT_PROGRAMME_WRITE,  /* programmes: rate rows and tags (R-RATE-1, R-PRG-2) */
	ACT_APPLICATION_PREPARE, /* loan applications: file, group vote, commune confirmation */
	ACT_APPLICATION_CHECK,   /* loan applications: the office check (R-APP-4) */
	ACT_APPLICATION_DECIDE,  /* loan applications: approve or reject (R-APP-4) */
	ACT_SAVINGS_DEPOSIT,     /* member savings: take a deposit (R-SAV-1, R-ORG-3) */
	ACT_SAVINGS_WRITE,       /* member savings: open, withdraw, interest, branch rates */
	ACT_LOAN_DISBURSE,       /* loans: disburse an approved application (R-DIS-1) */
	ACT_LOAN_REPAY,          /* loans: take a repayment (R-PAY-1) */
	ACT_SESSION_WRITE,       /* commune sessions: open, record batches (R-SES-1) */
	ACT_SESSION_CLOSE,       /* commune sessions: close on counted cash (R-SES-1) */
	ACT_LOAN_RESTRUCTURE,    /* loans: extend, roll over, reschedule, freeze, write off */
	ACT_FEE_PAY,             /* pay accrued entrustment fees and commissions (R-FEE-1/2) */
	ACT_CASH_REMIT,          /* remit vault cash to a bank or the branch, receive it back
				  * (R-CASH-1) */
	ACT_CASH_LIMIT,          /* set an office's vault limit: on the office's parent, so
				  * only offices above it (the branch) reach it (R-CASH-1) */
	ACT_COUNT
};

const char *action_name(enum td_action a);

/* Where the data belongs. 0 = not applicable. office_id is the district office (or
 * branch/head office) that the entity lives under; chapter_id and group_id matter only for
 * union officers and group leaders, whose scope holds only data naming their own chapter
 * or group (data naming none is outside it). office_id 0 with no chapter or group is data
 * of the whole bank (geography, settings): every reader reads it, only users of the head
 * office write it. A NULL target means the same. docs/access.md has the table. */
struct td_scope {
	int64_t office_id;
	int64_t chapter_id;
	int64_t group_id;
};

/* TD_OK, or TD_EFORBIDDEN with a message naming the role, the action and why
 * ("credit_officer of PGD Kiến Thụy may not act on office BR01: outside its subtree"). */
int access_check(struct td_ctx *ctx, enum td_action act, const struct td_scope *target,
		 struct td_error *err);

/* True if the role may perform the action somewhere (the table alone, no scope). */
bool access_role_allows(enum td_role role, enum td_action act);

/* Whether office is root or below it in the tree as of date (R-ORG-1: the tree of that date).
 * The head office's subtree is the whole bank on every date, so its users also reach
 * offices opened later or closed by a merger. Does not check that office exists. */
int access_office_in_subtree(struct td_store *s, int64_t root, int64_t office, td_date on,
			     bool *out, struct td_error *err);

/* An office merged into another (R-ORG-1, the 2025 reform) counts as part of the office
 * that absorbed it, so households, groups and users that still carry the old office id
 * stay in reach of the new office's staff. */

/* SQL for list queries: a CTE "subtree(id)" of the offices under a root on a date, to
 * prepend to a SELECT that filters "office_id IN (SELECT id FROM subtree)". Binds, in
 * order: root office id, date (ISO), date (ISO). Works on both backends (the CAST gives
 * PostgreSQL the type of the first parameter). */
#define ACCESS_SUBTREE_CTE                                                             \
	"WITH RECURSIVE subtree(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT n.id FROM " \
	"(SELECT v.office_id AS id, v.parent_id AS up FROM office_version v "               \
	"WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?) "               \
	"UNION ALL SELECT o.id, o.merged_into FROM office o WHERE o.merged_into IS NOT NULL) n " \
	"JOIN subtree s ON n.up = s.id) "

#endif
