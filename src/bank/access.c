/*
 * Who may do what (R-ORG-4). The role x action table below is the only place that says
 * which role may do what; access_check adds the scope: the actor's office subtree as of
 * the business date, its chapter (union officer) or its group (group leader).
 * docs/access.md explains the choices in words.
 */
#include "bank/access.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const action_names[ACT_COUNT] = {
	[ACT_READ] = "read",
	[ACT_NETWORK_WRITE] = "network_write",
	[ACT_ORG_WRITE] = "org_write",
	[ACT_GROUP_WRITE] = "group_write",
	[ACT_HOUSEHOLD_WRITE] = "household_write",
	[ACT_POVERTY_IMPORT] = "poverty_import",
	[ACT_USER_ADMIN] = "user_admin",
	[ACT_AUDIT_READ] = "audit_read",
	[ACT_INSPECT] = "inspect",
	[ACT_CAPITAL_WRITE] = "capital_write",
	[ACT_PROGRAMME_WRITE] = "programme_write",
	[ACT_APPLICATION_PREPARE] = "application_prepare",
	[ACT_APPLICATION_CHECK] = "application_check",
	[ACT_APPLICATION_DECIDE] = "application_decide",
	[ACT_SAVINGS_DEPOSIT] = "savings_deposit",
	[ACT_SAVINGS_WRITE] = "savings_write",
	[ACT_LOAN_DISBURSE] = "loan_disburse",
	[ACT_LOAN_REPAY] = "loan_repay",
	[ACT_SESSION_WRITE] = "session_write",
	[ACT_SESSION_CLOSE] = "session_close",
	[ACT_LOAN_RESTRUCTURE] = "loan_restructure",
	[ACT_FEE_PAY] = "fee_pay",
	[ACT_CASH_REMIT] = "cash_remit",
	[ACT_CASH_LIMIT] = "cash_limit",
};

const char *action_name(enum td_action a)
{
	return (a >= 0 && a < ACT_COUNT) ? action_names[a] : "unknown";
}

#define A(act) (1u << (act))

/* The table. Tellers handle cash: they read, and write nothing of issue 4. Auditors read
 * everything in their subtree (an auditor of the head office: the whole bank) and the
 * audit trail, and write nothing. */
static const unsigned role_actions[ROLE_COUNT] = {
	/* Administrators run the system; the office check and the decision on a loan are
	 * duties the rules give to a credit officer and a director (R-APP-4); paying out
	 * and taking in loan cash belongs to tellers and directors (docs/access.md), and so
	 * do the commune session's cash and its closing, the team's duty (R-SES-1), and
	 * remittances of the vault's cash (R-CASH-1); administrators set vault limits. */
	[ROLE_ADMIN] = ((1u << ACT_COUNT) - 1) &
		       ~(A(ACT_APPLICATION_CHECK) | A(ACT_APPLICATION_DECIDE) |
			 A(ACT_LOAN_DISBURSE) | A(ACT_LOAN_REPAY) | A(ACT_SESSION_WRITE) |
			 A(ACT_SESSION_CLOSE) | A(ACT_LOAN_RESTRUCTURE) | A(ACT_FEE_PAY) |
			 A(ACT_CASH_REMIT)),
	[ROLE_DIRECTOR] = A(ACT_READ) | A(ACT_NETWORK_WRITE) | A(ACT_ORG_WRITE) |
			  A(ACT_GROUP_WRITE) | A(ACT_HOUSEHOLD_WRITE) | A(ACT_POVERTY_IMPORT) |
			  A(ACT_CAPITAL_WRITE) | A(ACT_APPLICATION_PREPARE) |
			  A(ACT_APPLICATION_DECIDE) | A(ACT_SAVINGS_DEPOSIT) |
			  A(ACT_SAVINGS_WRITE) | A(ACT_LOAN_DISBURSE) | A(ACT_LOAN_REPAY) |
			  A(ACT_SESSION_WRITE) | A(ACT_SESSION_CLOSE) | A(ACT_LOAN_RESTRUCTURE) |
			  A(ACT_FEE_PAY) | A(ACT_CASH_REMIT),
	[ROLE_CREDIT_OFFICER] = A(ACT_READ) | A(ACT_GROUP_WRITE) | A(ACT_HOUSEHOLD_WRITE) |
				A(ACT_POVERTY_IMPORT) | A(ACT_APPLICATION_PREPARE) |
				A(ACT_APPLICATION_CHECK) | A(ACT_SAVINGS_DEPOSIT) |
				A(ACT_SAVINGS_WRITE) | A(ACT_SESSION_CLOSE),
	/* Tellers take and pay out savings (R-SAV-1) and loans (R-DIS-1, R-PAY-1), at the
	 * commune session too; the team leader or the controller closes it (R-SES-1). */
	[ROLE_TELLER] = A(ACT_READ) | A(ACT_SAVINGS_DEPOSIT) | A(ACT_SAVINGS_WRITE) |
			A(ACT_LOAN_DISBURSE) | A(ACT_LOAN_REPAY) | A(ACT_SESSION_WRITE) |
			A(ACT_FEE_PAY) | A(ACT_CASH_REMIT),
	[ROLE_CONTROLLER] = A(ACT_READ) | A(ACT_INSPECT) | A(ACT_SESSION_CLOSE),
	[ROLE_UNION_OFFICER] = A(ACT_READ) | A(ACT_GROUP_WRITE) | A(ACT_APPLICATION_PREPARE),
	/* A leader collects savings at the session, never pays them out (R-ORG-3). */
	[ROLE_GROUP_LEADER] = A(ACT_READ) | A(ACT_SAVINGS_DEPOSIT),
	[ROLE_BOARD] = A(ACT_READ) | A(ACT_INSPECT),
	[ROLE_AUDITOR] = A(ACT_READ) | A(ACT_AUDIT_READ),
};

bool access_role_allows(enum td_role role, enum td_action act)
{
	if (role < 0 || role >= ROLE_COUNT || act < 0 || act >= ACT_COUNT)
		return false;
	return (role_actions[role] & A(act)) != 0;
}

/* Walks up from office through the parents valid on date, and from a merged office to the
 * one that absorbed it, until it meets root. The depth guard stops a (corrupt) cycle; the
 * real tree has four levels. */
static const char walk_up_sql[] =
	"WITH RECURSIVE up(id, depth) AS ("
	"SELECT CAST(? AS BIGINT), 0 UNION ALL "
	"SELECT n.next, up.depth + 1 FROM ("
	"SELECT v.office_id AS id, v.parent_id AS next FROM office_version v "
	"WHERE v.parent_id IS NOT NULL AND v.valid_from <= ? "
	"AND (v.valid_to IS NULL OR v.valid_to > ?) "
	"UNION ALL SELECT o.id, o.merged_into FROM office o WHERE o.merged_into IS NOT NULL"
	") n JOIN up ON n.id = up.id WHERE up.depth < 32) "
	"SELECT count(*) FROM up WHERE id = ?";

/* The head office's subtree is the whole bank on every date: its users also reach an
 * office that is not (or no longer) hanging in the tree of the date, such as a branch
 * opened tomorrow or one closed by a merger. */
static int is_head_office(struct td_store *s, int64_t id, bool *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT count(*) FROM office WHERE id = ? AND kind = 'head'", &st,
			       err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, id);
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		*out = stmt_column_int64(st, 0) > 0;
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_EINTERNAL, "count returned no row");
	return rc == TD_ROW ? TD_OK : rc;
}

static int walk_up(struct td_store *s, int64_t root, int64_t office, td_date on, bool *out,
		   struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	date_format_iso(on, iso, sizeof iso);
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, walk_up_sql, &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, 1, office);
	stmt_bind_text(st, 2, iso);
	stmt_bind_text(st, 3, iso);
	stmt_bind_int64(st, 4, root);
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*out = stmt_column_int64(st, 0) > 0;
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "subtree query returned no row");
	}
	stmt_finalize(st);
	return rc;
}

int access_office_in_subtree(struct td_store *s, int64_t root, int64_t office, td_date on,
			     bool *out, struct td_error *err)
{
	*out = false;
	if (root == office) {
		*out = true;
		return TD_OK;
	}
	int rc = walk_up(s, root, office, on, out, err);
	if (rc == TD_OK && !*out)
		rc = is_head_office(s, root, out, err);
	return rc;
}

/* "PGD01" or "#7" when the office has no row: a message must never fail to print. */
static void office_label(struct td_store *s, int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "#%lld", (long long)id);
	struct td_stmt *st = NULL;
	struct td_error ignored = {0};
	if (store_prepare(s, "SELECT code FROM office WHERE id = ?", &st, &ignored) != TD_OK)
		return;
	stmt_bind_int64(st, 1, id);
	if (stmt_step(st, &ignored) == TD_ROW && stmt_column_text(st, 0))
		snprintf(buf, size, "%s", stmt_column_text(st, 0));
	stmt_finalize(st);
}

/* Data of no office (geography, national settings): readable by every role that reads;
 * writable only by a user whose subtree is the whole bank (the head office). */
static int check_bankwide(struct td_ctx *ctx, enum td_action act, struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	if (act == ACT_READ)
		return TD_OK;
	bool kind_head = false;
	int rc = is_head_office(ctx->store, a->office_id, &kind_head, err);
	if (rc != TD_OK)
		return rc;
	if (kind_head)
		return TD_OK;
	char mine[64];
	office_label(ctx->store, a->office_id, mine, sizeof mine);
	return td_error_set(err, TD_EFORBIDDEN,
			    "%s '%s' of office %s may not %s data of the whole bank: only users "
			    "of the head office may (không có quyền)",
			    role_name(a->role), a->username, mine, action_name(act));
}

/* Union officers act only on their chapter, group leaders only on their group: data that
 * names no chapter or group is outside their scope. */
static int check_member_scope(const struct td_actor *a, enum td_action act,
			      const struct td_scope *t, struct td_error *err)
{
	if (a->role == ROLE_UNION_OFFICER && t->chapter_id != a->chapter_id)
		return td_error_set(err, TD_EFORBIDDEN,
				    "union_officer '%s' of chapter #%lld may not %s %s: outside "
				    "its chapter (ngoài phạm vi chi hội)",
				    a->username, (long long)a->chapter_id, action_name(act),
				    t->chapter_id ? "data of another chapter"
						  : "data of no chapter");
	if (a->role == ROLE_GROUP_LEADER && t->group_id != a->group_id)
		return td_error_set(err, TD_EFORBIDDEN,
				    "group_leader '%s' of group #%lld may not %s %s: outside its "
				    "group (ngoài phạm vi tổ)",
				    a->username, (long long)a->group_id, action_name(act),
				    t->group_id ? "data of another group" : "data of no group");
	return TD_OK;
}

int access_check(struct td_ctx *ctx, enum td_action act, const struct td_scope *target,
		 struct td_error *err)
{
	assert(ctx && ctx->actor && ctx->store);
	assert(act >= 0 && act < ACT_COUNT);
	const struct td_actor *a = ctx->actor;
	assert(a->role >= 0 && a->role < ROLE_COUNT);
	static const struct td_scope none = {0};
	const struct td_scope *t = target ? target : &none;

	if (!access_role_allows(a->role, act))
		return td_error_set(err, TD_EFORBIDDEN,
				    "role %s (user '%s') may not %s (vai trò không có quyền này)",
				    role_name(a->role), a->username, action_name(act));
	bool reference_read =
		act == ACT_READ && t->office_id == 0 && t->chapter_id == 0 && t->group_id == 0;
	int rc = reference_read ? TD_OK : check_member_scope(a, act, t, err);
	if (rc != TD_OK)
		return rc;
	if (t->office_id == 0)
		return check_bankwide(ctx, act, err);

	bool inside = false;
	rc = access_office_in_subtree(ctx->store, a->office_id, t->office_id, ctx->business_date,
				      &inside, err);
	if (rc != TD_OK || inside)
		return rc;
	char mine[64], theirs[64], day[TD_DATE_FMT_MAX];
	office_label(ctx->store, a->office_id, mine, sizeof mine);
	office_label(ctx->store, t->office_id, theirs, sizeof theirs);
	date_format_iso(ctx->business_date, day, sizeof day);
	return td_error_set(err, TD_EFORBIDDEN,
			    "%s '%s' of office %s may not %s on office %s: outside its subtree "
			    "on %s (ngoài phạm vi đơn vị)",
			    role_name(a->role), a->username, mine, action_name(act), theirs, day);
}
