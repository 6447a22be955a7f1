/*
 * The authorisation matrix (issue 4, R-ORG-4): every route of api_routes[] x every role x
 * inside / outside the actor's scope, on SQLite and on PostgreSQL.
 *
 * Handlers are called in-process, as server.c's dispatch() calls them once the session is
 * known: a struct api_request with the store, authenticated = 1 and the actor loaded from
 * the user of that role (conn NULL: no headers, no query string). Each call runs inside a
 * transaction that is rolled back afterwards (req.in_tx = 1, as idempotency.c runs a
 * keyed write), so the fixture (authz_fixture.h) is the same for every case; only
 * POST /login, which runs its own transaction, keeps what it writes.
 *
 * Expected answers come from docs/access.md: its role x action table is transcribed in
 * doc_table below (and checked against access.c's), and each route names the action it
 * needs and the kind of data it touches:
 *   ALLOW  any answer but 401/403; where the request can succeed, exactly its 2xx status
 *   DENY   403 with the problem code "forbidden", and no audit record written
 * All users work in office A, so a request on data of office B must be DENY for every
 * role. Lists have no outside request: their items must all lie in the actor's scope
 * (office A; the chapter for a union officer, the group for a group leader).
 *
 * Query parameters cannot be given in-process (api_query answers NULL without a
 * connection), so list filters are checked at the bank level in
 * test_list_filters_stay_in_scope_R_ORG_4; so is the office of the trial balance, which
 * comes from the query string (F_QUERY_OFFICE).
 *
 * A route in api_routes[] without a row in `rules` fails the test: a new route cannot
 * skip the matrix. The matrix is printed to stdout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/router.h"
#include "apidb/authz_fixture.h"
#include "bank/access.h"
#include "bank/application.h"
#include "support/forms.h"
#include "bank/audit.h"
#include "bank/capital.h"
#include "bank/cash.h"
#include "bank/commune_session.h"
#include "bank/ledger.h"
#include "bank/loan.h"
#include "bank/month_end.h"
#include "bank/savings.h"
#include "bank/snapshot.h"
#include "bank/trial_balance.h"
#include "bank/worklist.h"
#include "base/buf.h"

static enum td_backend backend;

#define RB(r) (1u << (r))
#define ALL_ROLES ((1u << ROLE_COUNT) - 1)
#define CONFINED (RB(ROLE_UNION_OFFICER) | RB(ROLE_GROUP_LEADER))
#define NO_ACT (-1)

/* docs/access.md, "Roles and actions": the roles ticked in each column. */
static const unsigned doc_table[ACT_COUNT] = {
	[ACT_READ] = ALL_ROLES,
	[ACT_NETWORK_WRITE] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR),
	[ACT_ORG_WRITE] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR),
	[ACT_GROUP_WRITE] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR) | RB(ROLE_CREDIT_OFFICER) |
			    RB(ROLE_UNION_OFFICER),
	[ACT_HOUSEHOLD_WRITE] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR) | RB(ROLE_CREDIT_OFFICER),
	[ACT_POVERTY_IMPORT] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR) | RB(ROLE_CREDIT_OFFICER),
	[ACT_USER_ADMIN] = RB(ROLE_ADMIN),
	[ACT_AUDIT_READ] = RB(ROLE_ADMIN) | RB(ROLE_AUDITOR),
	[ACT_INSPECT] = RB(ROLE_ADMIN) | RB(ROLE_CONTROLLER) | RB(ROLE_BOARD),
	[ACT_CAPITAL_WRITE] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR),
	[ACT_PROGRAMME_WRITE] = RB(ROLE_ADMIN),
	[ACT_APPLICATION_PREPARE] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR) | RB(ROLE_CREDIT_OFFICER) |
				    RB(ROLE_UNION_OFFICER),
	[ACT_APPLICATION_CHECK] = RB(ROLE_CREDIT_OFFICER),
	[ACT_APPLICATION_DECIDE] = RB(ROLE_DIRECTOR),
	[ACT_SAVINGS_DEPOSIT] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR) | RB(ROLE_CREDIT_OFFICER) |
				RB(ROLE_TELLER) | RB(ROLE_GROUP_LEADER),
	[ACT_SAVINGS_WRITE] = RB(ROLE_ADMIN) | RB(ROLE_DIRECTOR) | RB(ROLE_CREDIT_OFFICER) |
			      RB(ROLE_TELLER),
	[ACT_LOAN_DISBURSE] = RB(ROLE_DIRECTOR) | RB(ROLE_TELLER),
	[ACT_LOAN_REPAY] = RB(ROLE_DIRECTOR) | RB(ROLE_TELLER),
	[ACT_SESSION_WRITE] = RB(ROLE_DIRECTOR) | RB(ROLE_TELLER),
	[ACT_SESSION_CLOSE] = RB(ROLE_DIRECTOR) | RB(ROLE_CREDIT_OFFICER) | RB(ROLE_CONTROLLER),
	[ACT_LOAN_RESTRUCTURE] = RB(ROLE_DIRECTOR),
	[ACT_FEE_PAY] = RB(ROLE_DIRECTOR) | RB(ROLE_TELLER),
	[ACT_CASH_REMIT] = RB(ROLE_DIRECTOR) | RB(ROLE_TELLER),
	[ACT_CASH_LIMIT] = RB(ROLE_ADMIN),
};

/* What a route touches, which decides who of the allowed roles reaches it (R-ORG-4). */
enum scope_kind {
	SC_PUBLIC,  /* no session needed (health, login, logout) */
	SC_OWN,	    /* the actor's own account: every signed-in user */
	SC_BANK,    /* data of the whole bank (geography): every role that reads */
	SC_OFFICE,  /* data of an office that names no chapter or group: not for union
		     * officers and group leaders */
	SC_CHAPTER, /* data naming a chapter: union officers of that chapter too */
	SC_GROUP,   /* data naming a group and its chapter: its union officer and leader too */
	SC_FILTERED, /* a list every reader may ask for, filtered to the actor's scope */
	SC_HEAD,     /* data of the whole bank that only the head office writes: nobody of
		      * office A (programmes) */
	SC_ABOVE     /* data of an office that an office above it writes (vault limits,
		      * R-CASH-1): nobody of office A, inside or outside */
};

/* How the items of a list are judged: where their office is, and what a union officer
 * or a group leader may see of them. IT_NONE: not a list. */
enum item_kind {
	IT_NONE,
	IT_BANK,      /* geography: no office */
	IT_OFFICE_ID, /* offices: the item's id is the office */
	IT_OFFICE,    /* office_id; nothing for union officers and group leaders */
	IT_CHAPTER,   /* chapters: office_id; the union officer's own chapter */
	IT_CONTRACT,  /* office_id; contracts of the union officer's chapter */
	IT_GROUP,     /* office_id; the chapter's groups, the leader's group */
	IT_HOUSEHOLD, /* office_id; members of those groups */
	IT_SOURCE,    /* capital sources: office_id; union officers and group leaders get an
		       * empty list, as sources name no chapter or group (bank/capital.h) */
	IT_ENTRY,     /* ledger entries: every line's office_id */
	IT_APPLICATION, /* office_id; chapter_id for union officers, group_id for leaders */
	IT_SAVINGS     /* savings accounts: office_id; group_id of the chapter's groups for
			* union officers, the leader's group for leaders */
};

#define F_SIGNIN 1 /* role cells sign in with the role's password (no session); commits */
#define F_QUERY_OFFICE 2 /* the office is a query parameter (default: the actor's): no
			  * outside request in-process, checked at the bank level instead */

struct req_case {
	char path[192];
	char *body; /* JSON text (malloc'd), or NULL for none */
	const char *idem_key; /* the Idempotency-Key header, or NULL for none */
};

/* Fills c for the route acting on o (office A: inside, office B: outside) as role. */
typedef void (*build_fn)(const struct authz_fixture *f, const struct authz_office *o,
			 enum td_role role, struct req_case *c);

struct rule {
	const char *method, *pattern;
	int act, alt; /* the action docs/access.md asks for, or either of two; NO_ACT */
	enum scope_kind scope;
	int want;	/* what an allowed inside request answers; 0: any but 401/403 (see note) */
	build_fn build; /* NULL: the pattern is the path, and there is no body */
	enum item_kind items;
	int flags;
	const char *note;
};

/* ---- request builders ---------------------------------------------------------------- */

static void set_path(struct req_case *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_path(struct req_case *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->path, sizeof c->path, fmt, ap);
	va_end(ap);
}

/* Takes the reference of j. */
static void set_body(struct req_case *c, json_t *j)
{
	assert_non_null(j);
	c->body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_non_null(c->body);
}

#define BUILD(name)                                                                                \
	static void name(const struct authz_fixture *f, const struct authz_office *o,              \
			 enum td_role role, struct req_case *c)
#define UNUSED_ARGS (void)f, (void)o, (void)role

BUILD(b_login)
{
	(void)f, (void)o;
	char username[40];
	snprintf(username, sizeof username, "a.%s", role_name(role));
	set_path(c, "/api/v1/login");
	set_body(c, json_pack("{s:s, s:s}", "username", username, "password", AUTHZ_PASSWORD));
}

BUILD(b_me_password)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/me/password");
	set_body(c, json_pack("{s:s, s:s}", "old_password", AUTHZ_PASSWORD, "new_password",
			      "mat-khau-moi-2025"));
}

BUILD(b_user_create)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/users");
	set_body(c, json_pack("{s:s, s:s, s:s, s:I, s:s}", "username", "a.new", "full_name",
			      "Nhân viên mới", "role", "teller", "office_id", (json_int_t)o->office,
			      "password", AUTHZ_PASSWORD));
}

/* The user acted on: another user of A inside, the credit officer of B outside. */
static int64_t user_of(const struct authz_fixture *f, const struct authz_office *o)
{
	return o == &f->a ? f->target_a : f->user_b;
}

BUILD(b_user_get)
{
	(void)role;
	set_path(c, "/api/v1/users/%lld", (long long)user_of(f, o));
}

BUILD(b_user_update)
{
	(void)role;
	set_path(c, "/api/v1/users/%lld", (long long)user_of(f, o));
	set_body(c, json_pack("{s:s}", "full_name", "Tên đã sửa"));
}

BUILD(b_chapter_create)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/chapters");
	set_body(c,
		 json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "org", "farmers", "level", "commune",
			   "admin_code", o->commune, "office_id", (json_int_t)o->office, "name",
			   "Hội Nông dân xã", "valid_from", "2024-06-01"));
}

BUILD(b_chapter_get)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/chapters/%lld", (long long)o->chapter);
}

BUILD(b_chapter_update)
{
	b_chapter_get(f, o, role, c);
	set_body(c, json_pack("{s:s}", "name", "Hội LHPN xã (đổi tên)"));
}

BUILD(b_contract_create)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/contracts");
	set_body(c, json_pack("{s:I, s:I, s:s, s:s, s:s}", "chapter_id", (json_int_t)o->chapter,
			      "office_id", (json_int_t)o->office, "number", "02/HĐUT", "signed_on",
			      "2024-06-01", "parties", "NHCSXH và Hội LHPN xã"));
}

BUILD(b_group_create)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/groups");
	set_body(c,
		 json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:[I,I,I], s:I}", "code",
			   "TK-MOI", "name", "Tổ mới", "village_id", (json_int_t)o->village,
			   "chapter_id", (json_int_t)o->chapter, "point_id", (json_int_t)o->point,
			   "officer_staff_id", (json_int_t)o->officer, "decision_no", "30/QĐ-UBND",
			   "decision_date", "2024-12-20", "founded_on", "2025-01-01", "members",
			   (json_int_t)o->hh[AUTHZ_FREE], (json_int_t)o->hh[AUTHZ_FREE + 1],
			   (json_int_t)o->hh[AUTHZ_FREE + 2], "leader_household_id",
			   (json_int_t)o->hh[AUTHZ_FREE]));
}

/* GET, PUT and the sub-resources of o's first group. */
static void group_path(const struct authz_office *o, const char *tail, struct req_case *c)
{
	set_path(c, "/api/v1/groups/%lld%s", (long long)o->group, tail);
}

BUILD(b_group_get)
{
	UNUSED_ARGS;
	group_path(o, "", c);
}
BUILD(b_group_history)
{
	UNUSED_ARGS;
	group_path(o, "/history", c);
}
BUILD(b_group_members)
{
	UNUSED_ARGS;
	group_path(o, "/members", c);
}

BUILD(b_group_update)
{
	UNUSED_ARGS;
	group_path(o, "", c);
	set_body(c, json_pack("{s:s}", "name", "Tổ đổi tên"));
}

BUILD(b_member_add)
{
	UNUSED_ARGS;
	group_path(o, "/members", c);
	set_body(c, json_pack("{s:I, s:s}", "household_id", (json_int_t)o->hh[AUTHZ_HOUSEHOLDS - 1],
			      "joined_on", "2025-01-01"));
}

BUILD(b_member_leave)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/groups/%lld/members/%lld/leave", (long long)o->group,
		 (long long)o->hh[5]);
	set_body(c, json_pack("{s:s}", "left_on", "2025-01-01"));
}

BUILD(b_member_role)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/groups/%lld/members/%lld/role", (long long)o->group,
		 (long long)o->hh[1]);
	set_body(c, json_pack("{s:s, s:s}", "role", "deputy", "on", "2025-01-01"));
}

BUILD(b_group_move)
{
	UNUSED_ARGS;
	group_path(o, "/move", c);
	set_body(c, json_pack("{s:I, s:s}", "officer_staff_id", (json_int_t)o->officer2, "on",
			      "2025-01-01"));
}

BUILD(b_group_split)
{
	UNUSED_ARGS;
	group_path(o, "/split", c);
	set_body(c, json_pack("{s:s, s:s, s:s, s:s, s:s, s:[I,I,I], s:I}", "on", "2025-01-01",
			      "code", "TK-TACH", "name", "Tổ tách", "decision_no", "31/QĐ-UBND",
			      "decision_date", "2024-12-20", "members", (json_int_t)o->hh[3],
			      (json_int_t)o->hh[4], (json_int_t)o->hh[5], "leader_household_id",
			      (json_int_t)o->hh[3]));
}

BUILD(b_group_merge)
{
	UNUSED_ARGS;
	group_path(o, "/merge", c);
	set_body(c, json_pack("{s:I, s:s}", "from_group_id", (json_int_t)o->group2, "on",
			      "2025-01-01"));
}

BUILD(b_group_close)
{
	UNUSED_ARGS;
	group_path(o, "/close", c);
	set_body(c, json_pack("{s:s}", "on", "2025-01-01"));
}

BUILD(b_household_create)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/households");
	set_body(c, json_pack("{s:s, s:s, s:I, s:i}", "cccd", "031075009999", "head_name",
			      "Lê Văn Mới", "village_id", (json_int_t)o->village, "members", 3));
}

/* A member of o's first group: readable by its union officer and its leader. */
BUILD(b_household_get)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/households/%lld", (long long)o->hh[1]);
}

BUILD(b_household_update)
{
	UNUSED_ARGS;
	char cccd[CCCD_DIGITS + 1], name[64];
	authz_person(o == &f->a ? 0 : 1, 1, cccd, name, sizeof name);
	set_path(c, "/api/v1/households/%lld", (long long)o->hh[1]);
	set_body(c, json_pack("{s:s, s:s, s:I, s:i, s:s}", "cccd", cccd, "head_name", name,
			      "village_id", (json_int_t)o->village, "members", 5, "phone",
			      "0987654321"));
}

BUILD(b_import_create)
{
	UNUSED_ARGS;
	char csv[256];
	snprintf(csv, sizeof csv,
		 "cccd,head_name,village,status,members\n031177008888,Lê Thị Hoa,%s,nghèo,3\n",
		 o->village_name);
	set_path(c, "/api/v1/poverty-imports");
	set_body(c, json_pack("{s:s, s:i, s:s, s:s}", "commune_code", o->commune, "year", 2025,
			      "csv", csv, "file_name", "ds_2025.csv"));
}

BUILD(b_office_create)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/offices");
	set_body(c, json_pack("{s:s, s:s, s:s, s:I}", "code", "PGD-MOI", "kind", "district", "name",
			      "Phòng giao dịch mới", "parent_id", (json_int_t)o->office));
}

BUILD(b_office_get)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/offices/%lld", (long long)o->office);
}

BUILD(b_office_update)
{
	b_office_get(f, o, role, c);
	set_body(c, json_pack("{s:s}", "name", "Phòng giao dịch (đổi tên)"));
}

BUILD(b_office_merge)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/offices/%lld/merge", (long long)o->office);
	set_body(c,
		 json_pack("{s:[I], s:s}", "sources", (json_int_t)o->office, "date", "2025-01-01"));
}

BUILD(b_village_create)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/villages");
	set_body(c, json_pack("{s:s, s:s}", "commune_code", o->commune, "name", "Thôn Mới"));
}

BUILD(b_admin_2025)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/admin-units/2025");
	set_body(c, json_pack("{s:s, s:s}", "units_csv", authz_units_2025, "mapping_csv",
			      authz_mapping_2025));
}

BUILD(b_split_decide)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/village-splits/%lld/decision", (long long)o->village);
	set_body(c, json_object());
}

BUILD(b_split_accept)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/village-splits/accept");
	set_body(c, json_pack("{s:s}", "old_commune", o->commune));
}

BUILD(b_point_create)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/points");
	set_body(c, json_pack("{s:s, s:I, s:s, s:s, s:i, s:[s]}", "code", "DGD-MOI", "office_id",
			      (json_int_t)o->office, "name", "Điểm giao dịch mới", "place",
			      "Nhà văn hóa thôn", "meeting_day", 10, "communes", o->free_commune));
}

BUILD(b_point_get)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/points/%lld", (long long)o->point);
}

BUILD(b_point_update)
{
	b_point_get(f, o, role, c);
	set_body(c, json_pack("{s:s}", "name", "Điểm giao dịch (đổi tên)"));
}

BUILD(b_staff_create)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/staff");
	set_body(c, json_pack("{s:I, s:s, s:s}", "office_id", (json_int_t)o->office, "full_name",
			      "Ngô Thị Mới", "role", "teller"));
}

BUILD(b_staff_get)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/staff/%lld", (long long)o->teller);
}

BUILD(b_staff_update)
{
	b_staff_get(f, o, role, c);
	set_body(c, json_pack("{s:s}", "phone", "0912000111"));
}

/* Loan applications of each office at each step before the decision (applied, voted,
 * confirmed, checked), made in group_setup: [0] office A, [1] office B. */
enum { APP_APPLIED, APP_VOTED, APP_CONFIRMED, APP_CHECKED, APP_STEPS };
static int64_t app_ids[2][APP_STEPS];

static void app_path(const struct authz_fixture *f, const struct authz_office *o, int step,
		     const char *tail, struct req_case *c)
{
	set_path(c, "/api/v1/applications/%lld%s", (long long)app_ids[o == &f->a ? 0 : 1][step],
		 tail);
}

BUILD(b_programme_get)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/programmes/1");
}

BUILD(b_programme_update)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/programmes/1");
	set_body(c, json_pack("{s:s, s:b}", "ntp_tag", "poverty_reduction", "resolution_11", 1));
}

/* A new fee rate each time, each a month after the last (history only grows). */
BUILD(b_param_set)
{
	UNUSED_ARGS;
	static int n;
	char from[32];
	n = (n + 1) % 1200;
	snprintf(from, sizeof from, "%04d-%02d-01", 2030 + n / 12, 1 + n % 12);
	set_path(c, "/api/v1/params");
	set_body(c, json_pack("{s:s, s:s, s:s, s:s}", "name", "fee.rate", "effective_from", from,
			      "value", "0.03", "source", "authz"));
}

BUILD(b_calendar_set)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/calendar");
	set_body(c, json_pack("{s:s, s:s, s:s}", "day", "2025-06-02", "kind", "holiday", "name",
			      "authz"));
}

BUILD(b_application_create)
{
	UNUSED_ARGS;
	set_path(c, "/api/v1/applications");
	set_body(c, json_pack("{s:I, s:s, s:I, s:i, s:s, s:s, s:s}", "household_id",
			      (json_int_t)o->hh[1], "programme", "1", "amount", (json_int_t)30000000,
			      "term_months", 36, "purpose", "Nuôi lợn", "plan", "Nuôi 5 con lợn thịt",
			      "applied_on", "2024-06-03"));
}

BUILD(b_application_get)
{
	UNUSED_ARGS;
	app_path(f, o, APP_APPLIED, "", c);
}

BUILD(b_application_vote)
{
	UNUSED_ARGS;
	app_path(f, o, APP_APPLIED, "/vote", c);
	set_body(c, json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "date", "2024-06-05",
			      "minutes_no", "01/10C", "list_no", "01/03TD", "org_rep",
			      "Nguyễn Thị Hội", "village_head", "Trần Văn Thôn", "members_present", 6,
			      "votes_for", 5, "votes_against", 0));
}

BUILD(b_application_confirm)
{
	UNUSED_ARGS;
	app_path(f, o, APP_VOTED, "/confirm", c);
	set_body(c, json_pack("{s:s, s:s, s:s, s:s}", "date", "2024-06-07", "doc_no", "15/UBND-XN",
			      "signatory", "Lê Văn Chủ", "signatory_title", "Chủ tịch UBND xã"));
}

BUILD(b_application_check)
{
	UNUSED_ARGS;
	app_path(f, o, APP_CONFIRMED, "/check", c);
	set_body(c, json_pack("{s:s}", "date", "2024-06-10"));
}

BUILD(b_application_decide)
{
	UNUSED_ARGS;
	app_path(f, o, APP_CHECKED, "/decide", c);
	set_body(c, json_pack("{s:s, s:s}", "date", "2024-06-11", "decision", "approve"));
}

/* Capital sources of the fixture (books_setup): one per office; A's has money entrusted. */
static int64_t source_a, source_b;

static int64_t source_of(const struct authz_fixture *f, const struct authz_office *o)
{
	return o == &f->a ? source_a : source_b;
}

BUILD(b_source_create)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/capital-sources");
	set_body(c, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "code", "DP-MOI", "kind",
			      "local", "name", "Vốn ủy thác huyện", "office_id",
			      (json_int_t)o->office, "investor", "UBND huyện", "investor_code",
			      "UB-314", "investor_level", "district"));
}

BUILD(b_source_get)
{
	(void)role;
	set_path(c, "/api/v1/capital-sources/%lld", (long long)source_of(f, o));
}

/* R-CAP-1: money entrusted to the source (in), which any source can take. */
BUILD(b_transfer)
{
	(void)role;
	set_path(c, "/api/v1/capital-sources/%lld/transfers", (long long)source_of(f, o));
	set_body(c, json_pack("{s:s, s:I, s:s}", "direction", "in", "amount",
			      (json_int_t)250000000, "note", "QĐ 15/QĐ-UBND"));
}

/* Savings accounts of the fixture (savings_setup): hh[1]'s in each office's first group,
 * with 1,000,000 đồng deposited; the branch has a deposit rate from the business date. */
static int64_t savings_a, savings_b;

static void savings_path(const struct authz_fixture *f, const struct authz_office *o,
			 const char *tail, struct req_case *c)
{
	set_path(c, "/api/v1/savings-accounts/%lld%s",
		 (long long)(o == &f->a ? savings_a : savings_b), tail);
}

/* R-SAV-1: hh[2], a member of the first group without an account. */
BUILD(b_savings_open)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/savings-accounts");
	set_body(c, json_pack("{s:I, s:I}", "household_id", (json_int_t)o->hh[2], "group_id",
			      (json_int_t)o->group));
}

BUILD(b_savings_get)
{
	(void)role;
	savings_path(f, o, "", c);
}

/* R-SAV-1, R-ORG-3: the group leader collects its own group's savings. */
BUILD(b_savings_deposit)
{
	(void)role;
	savings_path(f, o, "/deposits", c);
	set_body(c, json_pack("{s:I}", "amount", (json_int_t)50000));
}

BUILD(b_savings_withdraw)
{
	(void)role;
	savings_path(f, o, "/withdrawals", c);
	set_body(c, json_pack("{s:I}", "amount", (json_int_t)200000));
}

/* R-GL-1, R-SES-1: the fixture's deposit of 1,000,000 đồng reversed (savings_write). */
static int64_t deposit_a, deposit_b;
BUILD(b_savings_txn_reverse)
{
	(void)role;
	char tail[64];
	snprintf(tail, sizeof tail, "/transactions/%lld/reversal",
		 (long long)(o == &f->a ? deposit_a : deposit_b));
	savings_path(f, o, tail, c);
	set_body(c, json_pack("{s:s}", "reason", "Ghi thừa một số 0"));
}

/* One day of interest on 1,000,000 đồng at 0.5 %: 14 đồng, booked (201). */
BUILD(b_savings_interest)
{
	(void)role;
	char from[TD_DATE_FMT_MAX], to[TD_DATE_FMT_MAX];
	savings_path(f, o, "/interest", c);
	set_body(c, json_pack("{s:s, s:s}", "from",
			      date_format_iso(f->ctx.business_date, from, sizeof from), "to",
			      date_format_iso(f->ctx.business_date + 1, to, sizeof to)));
}

/* A rate for the office itself: A is a district office, so an allowed role gets 400. */
BUILD(b_savings_rate_set)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/savings-rates");
	set_body(c, json_pack("{s:I, s:s, s:s}", "office_id", (json_int_t)o->office, "rate_pct",
			      "0.6", "effective_from", "2025-02-01"));
}

/* Loans of the fixture (loans_setup), per office [0] A, [1] B: an approved application of
 * hh[0] waiting for its money, and a loan disbursed on 2024-06-15 from the office's source
 * (R-DIS-1, R-CAP-1). */
static int64_t loan_app[2], loan_ids[2];
/* A loss assessment of 50 % (R-RISK-1) of each office's loan, made on 2024-12-01. */
static int64_t assessment_ids[2];
/* A second director of office A, who approves the decisions a.director prepares (R-RISK-1,
 * maker–checker; made in group_setup). */
static int64_t approver_a;

static int office_index(const struct authz_fixture *f, const struct authz_office *o)
{
	return o == &f->a ? 0 : 1;
}

/* R-DIS-1: the approved amount from the office's own source, which can cover it. */
BUILD(b_loan_disburse)
{
	(void)role;
	set_path(c, "/api/v1/loans");
	set_body(c, json_pack("{s:I, s:I, s:I, s:s}", "application_id",
			      (json_int_t)loan_app[office_index(f, o)], "source_id",
			      (json_int_t)source_of(f, o), "amount", (json_int_t)30000000,
			      "disbursed_on", "2024-06-15"));
}

BUILD(b_loan_get)
{
	(void)role;
	set_path(c, "/api/v1/loans/%lld", (long long)loan_ids[office_index(f, o)]);
}

/* R-EXT-1, R-RISK-1: the fixture's loans have no decisions yet, an empty list. */
BUILD(b_loan_events)
{
	(void)role;
	set_path(c, "/api/v1/loans/%lld/events", (long long)loan_ids[office_index(f, o)]);
}

/* R-RISK-1: a freeze of the whole principal by the board (the sources are central) on the
 * loan's assessment, prepared by the acting user, approved by A's second director; only a
 * director may (loan_restructure), and only of the loan's office. */
BUILD(b_loan_event_create)
{
	(void)role;
	char iso[TD_DATE_FMT_MAX];
	int k = office_index(f, o);
	set_path(c, "/api/v1/loans/%lld/events", (long long)loan_ids[k]);
	set_body(c, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:I}", "kind", "freeze",
			      "decision_no", "12/QĐ-HĐQT", "decided_on",
			      date_format_iso(f->ctx.business_date, iso, sizeof iso), "reason",
			      "Lũ quét", "approver_id", (json_int_t)approver_a, "level", "central",
			      "months", (json_int_t)12, "principal", "all", "assessment_id",
			      (json_int_t)assessment_ids[k]));
}

/* R-RISK-1, R-EXT-1: the loan's assessments (the fixture's one). */
BUILD(b_loan_assessments)
{
	(void)role;
	set_path(c, "/api/v1/loans/%lld/assessments", (long long)loan_ids[office_index(f, o)]);
}

/* R-RISK-1: a loss assessment with the commune's confirmation; loan_restructure. */
BUILD(b_loan_assess)
{
	(void)role;
	set_path(c, "/api/v1/loans/%lld/assessments", (long long)loan_ids[office_index(f, o)]);
	set_body(c, json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "cause", "epidemic",
			      "loss_bp", 4500, "assessed_on", "2024-12-10", "minutes_no", "09/BB",
			      "commune_doc_no", "33/UBND-XN", "commune_doc_on", "2024-12-09",
			      "commune_signatory", "Lê Văn Chủ", "commune_signatory_title",
			      "Chủ tịch UBND xã"));
}

/* R-PAY-1: less than the interest owed on the business date, so it is taken (201). */

BUILD(b_loan_repay)
{
	(void)role;
	set_path(c, "/api/v1/loans/%lld/repayments", (long long)loan_ids[office_index(f, o)]);
	set_body(c, json_pack("{s:I, s:s}", "amount", (json_int_t)100000, "paid_on",
			      "2024-12-31"));
}

/* R-GL-1, R-SES-1: the fixture's repayment of the office's loan (reversals_setup), its
 * latest movement, reversed; only a director may (loan_restructure). */
static int64_t repayment_ids[2];
BUILD(b_loan_repayment_reverse)
{
	(void)role;
	int k = office_index(f, o);
	set_path(c, "/api/v1/loans/%lld/repayments/%lld/reversal", (long long)loan_ids[k],
		 (long long)repayment_ids[k]);
	set_body(c, json_pack("{s:s}", "reason", "Ghi nhầm khoản vay"));
}

/* Commune sessions of the fixture (csessions_setup): each office's point, on the business
 * date, opened with no cash (R-SES-1). */
static int64_t csession_ids[2];

static void csession_path(const struct authz_fixture *f, const struct authz_office *o,
			  const char *tail, struct req_case *c)
{
	set_path(c, "/api/v1/commune-sessions/%lld%s",
		 (long long)csession_ids[office_index(f, o)], tail);
}

/* R-SES-1: the day after the business date is free for the point. */
BUILD(b_csession_open)
{
	(void)role;
	char iso[TD_DATE_FMT_MAX];
	set_path(c, "/api/v1/commune-sessions");
	set_body(c, json_pack("{s:I, s:s, s:I, s:s}", "point_id", (json_int_t)o->point, "date",
			      date_format_iso(f->ctx.business_date + 1, iso, sizeof iso),
			      "opening_cash", (json_int_t)0, "off_day_reason",
			      "Họp bù do bão"));
}

BUILD(b_csession_get)
{
	(void)role;
	csession_path(f, o, "", c);
}

BUILD(b_csession_groups)
{
	(void)role;
	csession_path(f, o, "/groups", c);
}

/* R-SES-1, R-GL-3: a deposit to the fixture's savings account, under a batch key. */
BUILD(b_csession_record)
{
	(void)role;
	csession_path(f, o, "/batches", c);
	set_body(c, json_pack("{s:[{s:s, s:I, s:I}]}", "lines", "kind", "deposit", "target",
			      (json_int_t)(o == &f->a ? savings_a : savings_b), "amount",
			      (json_int_t)50000));
	c->idem_key = "authz-batch-1";
}

/* R-SES-1: nothing came in or went out, so the count of 0 đồng closes it. */
BUILD(b_csession_close)
{
	(void)role;
	csession_path(f, o, "/close", c);
	set_body(c, json_pack("{s:I}", "counted_cash", (json_int_t)0));
}

/* R-FEE-1: the upper shares of June 2024, whose month end fees_setup ran in each office. */
BUILD(b_fee_payout)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/fee-payouts");
	set_body(c, json_pack("{s:I, s:s}", "office_id", (json_int_t)o->office, "month",
			      "2024-06"));
	c->idem_key = "authz-fee-payout-1";
}

/* R-CASH-1: 1,000,000 đồng of the office's vault to its bank account. */
BUILD(b_cash_remit)
{
	(void)f, (void)role;
	set_path(c, "/api/v1/cash-remittances");
	set_body(c, json_pack("{s:I, s:s, s:s, s:I}", "office_id", (json_int_t)o->office,
			      "direction", "remit", "counterparty", "bank", "amount",
			      (json_int_t)1000000));
	c->idem_key = "authz-cash-remit-1";
}

/* R-CASH-1: the office's vault limit, which only an office above it sets. */
BUILD(b_vault_limit)
{
	(void)role;
	set_path(c, "/api/v1/vault-limits");
	char from[TD_DATE_FMT_MAX];
	set_body(c, json_pack("{s:I, s:I, s:s}", "office_id", (json_int_t)o->office, "amount",
			      (json_int_t)500000000, "effective_from",
			      date_format_iso(f->ctx.business_date, from, sizeof from)));
}

/* ---- the table ------------------------------------------------------------------------- */

#define R_ ACT_READ
#define NW ACT_NETWORK_WRITE
#define OW ACT_ORG_WRITE
#define GW ACT_GROUP_WRITE
#define HW ACT_HOUSEHOLD_WRITE
#define PI ACT_POVERTY_IMPORT
#define UA ACT_USER_ADMIN
#define AR ACT_AUDIT_READ
#define CW ACT_CAPITAL_WRITE
#define PW ACT_PROGRAMME_WRITE
#define AP ACT_APPLICATION_PREPARE
#define AC ACT_APPLICATION_CHECK
#define AD ACT_APPLICATION_DECIDE
#define SD ACT_SAVINGS_DEPOSIT
#define SW ACT_SAVINGS_WRITE
#define LD ACT_LOAN_DISBURSE
#define LR ACT_LOAN_REPAY
#define SS ACT_SESSION_WRITE
#define SX ACT_SESSION_CLOSE
#define LX ACT_LOAN_RESTRUCTURE
#define FP ACT_FEE_PAY
#define CR ACT_CASH_REMIT
#define CL ACT_CASH_LIMIT
#define N_ NO_ACT

/* Office A is a district office, the only office of its subtree. */
static const char no_child[] = "a district office has no offices below it (400)";
static const char no_merge[] = "A's subtree holds no other office to merge into A (400)";
static const char no_query[] = "commune and date are query parameters, absent in-process (400)";
static const char no_point[] = "point_id and date are query parameters, absent in-process (400)";
/* The default date is the last month end before the business date: 200 when the fixture
 * ran month end for it, 404 (no snapshot) otherwise. */
static const char no_snapshot[] = "200 with a month-end snapshot at the default date, else 404";
static const char no_branch[] = "office A is a district office: rates are set per branch (400)";

static const struct rule rules[] = {
	{"GET", "/api/v1/health", N_, N_, SC_PUBLIC, 200, NULL, IT_NONE, 0, NULL},
	{"POST", "/api/v1/login", N_, N_, SC_PUBLIC, 200, b_login, IT_NONE, F_SIGNIN, NULL},
	{"POST", "/api/v1/logout", N_, N_, SC_PUBLIC, 204, NULL, IT_NONE, 0, NULL},
	{"GET", "/api/v1/me", N_, N_, SC_OWN, 200, NULL, IT_NONE, 0, NULL},
	{"POST", "/api/v1/me/password", N_, N_, SC_OWN, 204, b_me_password, IT_NONE, 0, NULL},
	/* Users: administrators manage them, auditors read them (docs/access.md, HTTP). */
	{"GET", "/api/v1/users", UA, AR, SC_OFFICE, 200, NULL, IT_OFFICE, 0, NULL},
	{"POST", "/api/v1/users", UA, N_, SC_OFFICE, 201, b_user_create, IT_NONE, 0, NULL},
	{"GET", "/api/v1/users/{id}", UA, AR, SC_OFFICE, 200, b_user_get, IT_NONE, 0, NULL},
	{"PUT", "/api/v1/users/{id}", UA, N_, SC_OFFICE, 200, b_user_update, IT_NONE, 0, NULL},
	{"GET", "/api/v1/audit", AR, N_, SC_OFFICE, 200, NULL, IT_OFFICE, 0, NULL},
	{"GET", "/api/v1/chapters", R_, N_, SC_FILTERED, 200, NULL, IT_CHAPTER, 0, NULL},
	{"POST", "/api/v1/chapters", OW, N_, SC_OFFICE, 201, b_chapter_create, IT_NONE, 0, NULL},
	{"GET", "/api/v1/chapters/{id}", R_, N_, SC_CHAPTER, 200, b_chapter_get, IT_NONE, 0, NULL},
	{"PUT", "/api/v1/chapters/{id}", OW, N_, SC_CHAPTER, 200, b_chapter_update, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/contracts", R_, N_, SC_FILTERED, 200, NULL, IT_CONTRACT, 0, NULL},
	{"POST", "/api/v1/contracts", OW, N_, SC_CHAPTER, 201, b_contract_create, IT_NONE, 0, NULL},
	{"GET", "/api/v1/groups", R_, N_, SC_FILTERED, 200, NULL, IT_GROUP, 0, NULL},
	{"POST", "/api/v1/groups", GW, N_, SC_CHAPTER, 201, b_group_create, IT_NONE, 0, NULL},
	{"GET", "/api/v1/groups/{id}", R_, N_, SC_GROUP, 200, b_group_get, IT_NONE, 0, NULL},
	{"PUT", "/api/v1/groups/{id}", GW, N_, SC_GROUP, 200, b_group_update, IT_NONE, 0, NULL},
	{"GET", "/api/v1/groups/{id}/history", R_, N_, SC_GROUP, 200, b_group_history, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/groups/{id}/members", R_, N_, SC_GROUP, 200, b_group_members, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/groups/{id}/members", GW, N_, SC_GROUP, 201, b_member_add, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/groups/{id}/members/{hid}/leave", GW, N_, SC_GROUP, 200, b_member_leave,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/groups/{id}/members/{hid}/role", GW, N_, SC_GROUP, 200, b_member_role,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/groups/{id}/move", GW, N_, SC_GROUP, 200, b_group_move, IT_NONE, 0, NULL},
	{"POST", "/api/v1/groups/{id}/split", GW, N_, SC_GROUP, 201, b_group_split, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/groups/{id}/merge", GW, N_, SC_GROUP, 200, b_group_merge, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/groups/{id}/close", GW, N_, SC_GROUP, 200, b_group_close, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/households", R_, N_, SC_FILTERED, 200, NULL, IT_HOUSEHOLD, 0, NULL},
	{"POST", "/api/v1/households", HW, N_, SC_OFFICE, 201, b_household_create, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/households/{id}", R_, N_, SC_GROUP, 200, b_household_get, IT_NONE, 0,
	 NULL},
	{"PUT", "/api/v1/households/{id}", HW, N_, SC_OFFICE, 200, b_household_update, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/poverty-imports", R_, N_, SC_OFFICE, 200, NULL, IT_OFFICE, 0, NULL},
	{"POST", "/api/v1/poverty-imports", PI, N_, SC_OFFICE, 201, b_import_create, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/params", R_, N_, SC_BANK, 200, NULL, IT_NONE, 0, NULL},
	{"POST", "/api/v1/params", PW, N_, SC_HEAD, 201, b_param_set, IT_NONE, 0, NULL},
	{"GET", "/api/v1/calendar", R_, N_, SC_BANK, 200, NULL, IT_NONE, 0, NULL},
	{"POST", "/api/v1/calendar", PW, N_, SC_HEAD, 200, b_calendar_set, IT_NONE, 0, NULL},
	{"GET", "/api/v1/programmes", R_, N_, SC_BANK, 200, NULL, IT_BANK, 0, NULL},
	{"GET", "/api/v1/programmes/{code}", R_, N_, SC_BANK, 200, b_programme_get, IT_NONE, 0,
	 NULL},
	{"PUT", "/api/v1/programmes/{code}", PW, N_, SC_HEAD, 200, b_programme_update, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/applications", R_, N_, SC_FILTERED, 200, NULL, IT_APPLICATION, 0, NULL},
	{"POST", "/api/v1/applications", AP, N_, SC_GROUP, 201, b_application_create, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/applications/{id}", R_, N_, SC_GROUP, 200, b_application_get, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/applications/{id}/vote", AP, N_, SC_GROUP, 200, b_application_vote,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/applications/{id}/confirm", AP, N_, SC_GROUP, 200, b_application_confirm,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/applications/{id}/check", AC, N_, SC_GROUP, 200, b_application_check,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/applications/{id}/decide", AD, N_, SC_GROUP, 200, b_application_decide,
	 IT_NONE, 0, NULL},
	{"GET", "/api/v1/notices/04td", R_, N_, SC_BANK, 0, NULL, IT_NONE, 0, no_query},
	{"GET", "/api/v1/offices", R_, N_, SC_OFFICE, 200, NULL, IT_OFFICE_ID, 0, NULL},
	{"POST", "/api/v1/offices", NW, N_, SC_OFFICE, 0, b_office_create, IT_NONE, 0, no_child},
	{"GET", "/api/v1/offices/{id}", R_, N_, SC_OFFICE, 200, b_office_get, IT_NONE, 0, NULL},
	{"PUT", "/api/v1/offices/{id}", NW, N_, SC_OFFICE, 200, b_office_update, IT_NONE, 0, NULL},
	{"POST", "/api/v1/offices/{id}/merge", NW, N_, SC_OFFICE, 0, b_office_merge, IT_NONE, 0,
	 no_merge},
	{"GET", "/api/v1/admin-units", R_, N_, SC_BANK, 200, NULL, IT_BANK, 0, NULL},
	{"POST", "/api/v1/admin-units/2025", NW, N_, SC_HEAD, 200, b_admin_2025, IT_NONE, 0, NULL},
	{"GET", "/api/v1/villages", R_, N_, SC_BANK, 200, NULL, IT_BANK, 0, NULL},
	{"POST", "/api/v1/villages", NW, N_, SC_OFFICE, 201, b_village_create, IT_NONE, 0, NULL},
	/* Villages of split communes (R-ORG-1, 2025): geography to read; the decision is
	 * the office's that served the village (its scope does not move with the map). */
	{"GET", "/api/v1/village-splits", R_, N_, SC_BANK, 200, NULL, IT_BANK, 0, NULL},
	{"POST", "/api/v1/village-splits/accept", NW, N_, SC_OFFICE, 200, b_split_accept, IT_NONE,
	 0, NULL},
	{"POST", "/api/v1/village-splits/{id}/decision", NW, N_, SC_OFFICE, 200, b_split_decide,
	 IT_NONE, 0, NULL},
	{"GET", "/api/v1/points", R_, N_, SC_OFFICE, 200, NULL, IT_OFFICE, 0, NULL},
	{"POST", "/api/v1/points", NW, N_, SC_OFFICE, 201, b_point_create, IT_NONE, 0, NULL},
	{"GET", "/api/v1/points/{id}", R_, N_, SC_OFFICE, 200, b_point_get, IT_NONE, 0, NULL},
	{"PUT", "/api/v1/points/{id}", NW, N_, SC_OFFICE, 200, b_point_update, IT_NONE, 0, NULL},
	{"GET", "/api/v1/staff", R_, N_, SC_OFFICE, 200, NULL, IT_OFFICE, 0, NULL},
	{"POST", "/api/v1/staff", NW, N_, SC_OFFICE, 201, b_staff_create, IT_NONE, 0, NULL},
	{"GET", "/api/v1/staff/{id}", R_, N_, SC_OFFICE, 200, b_staff_get, IT_NONE, 0, NULL},
	{"PUT", "/api/v1/staff/{id}", NW, N_, SC_OFFICE, 200, b_staff_update, IT_NONE, 0, NULL},
	/* The books (docs/ledger.md, R-CAP-1, R-GL-1): capital writes for administrators and
	 * directors; sources, entries and the trial balance name an office only. */
	{"GET", "/api/v1/capital-sources", R_, N_, SC_FILTERED, 200, NULL, IT_SOURCE, 0, NULL},
	{"POST", "/api/v1/capital-sources", CW, N_, SC_OFFICE, 201, b_source_create, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/capital-sources/{id}", R_, N_, SC_OFFICE, 200, b_source_get, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/capital-sources/{id}/transfers", CW, N_, SC_OFFICE, 201, b_transfer,
	 IT_NONE, 0, NULL},
	{"GET", "/api/v1/trial-balance", R_, N_, SC_OFFICE, 200, NULL, IT_NONE, F_QUERY_OFFICE,
	 NULL},
	{"GET", "/api/v1/snapshots", R_, N_, SC_OFFICE, 0, NULL, IT_NONE, F_QUERY_OFFICE,
	 no_snapshot},
	{"GET", "/api/v1/ledger/entries", R_, N_, SC_OFFICE, 200, NULL, IT_ENTRY, 0, NULL},
	{"GET", "/api/v1/ledger/accounts", R_, N_, SC_BANK, 200, NULL, IT_NONE, 0, NULL},
	/* Member savings (docs/savings.md, R-SAV-1, R-ORG-3): a group leader deposits for its
	 * own group only; opening, withdrawals, interest and rates are savings_write. The
	 * rates' office is a query parameter (default: the actor's). */
	{"GET", "/api/v1/savings-accounts", R_, N_, SC_FILTERED, 200, NULL, IT_SAVINGS, 0, NULL},
	{"POST", "/api/v1/savings-accounts", SW, N_, SC_GROUP, 201, b_savings_open, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/savings-accounts/{id}", R_, N_, SC_GROUP, 200, b_savings_get, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/savings-accounts/{id}/deposits", SD, N_, SC_GROUP, 201, b_savings_deposit,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/savings-accounts/{id}/withdrawals", SW, N_, SC_GROUP, 201,
	 b_savings_withdraw, IT_NONE, 0, NULL},
	{"POST", "/api/v1/savings-accounts/{id}/interest", SW, N_, SC_GROUP, 201,
	 b_savings_interest, IT_NONE, 0, NULL},
	{"POST", "/api/v1/savings-accounts/{id}/transactions/{tid}/reversal", SW, N_, SC_GROUP, 201,
	 b_savings_txn_reverse, IT_NONE, 0, NULL},
	{"GET", "/api/v1/savings-rates", R_, N_, SC_OFFICE, 200, NULL, IT_NONE, F_QUERY_OFFICE,
	 NULL},
	{"POST", "/api/v1/savings-rates", SW, N_, SC_OFFICE, 0, b_savings_rate_set, IT_NONE, 0,
	 no_branch},
	/* Loans (docs/loans.md, R-DIS-1, R-PAY-1): disbursing and repaying are for tellers and
	 * directors only, not administrators; a loan names the office, chapter and group of
	 * its application, so its list is judged like the applications'. */
	{"GET", "/api/v1/loans", R_, N_, SC_FILTERED, 200, NULL, IT_APPLICATION, 0, NULL},
	/* The worklist reads the loans of the actor's scope like the list (its sections are
	 * judged in tests/bank/test_worklist.c); another office's credit officer, a query
	 * parameter, is refused at the bank level below. */
	{"GET", "/api/v1/worklist", R_, N_, SC_FILTERED, 200, NULL, IT_NONE, F_QUERY_OFFICE,
	 NULL},
	{"POST", "/api/v1/loans", LD, N_, SC_GROUP, 201, b_loan_disburse, IT_NONE, 0, NULL},
	{"GET", "/api/v1/loans/{id}", R_, N_, SC_GROUP, 200, b_loan_get, IT_NONE, 0, NULL},
	{"POST", "/api/v1/loans/{id}/repayments", LR, N_, SC_GROUP, 201, b_loan_repay, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/loans/{id}/repayments/{rid}/reversal", LX, N_, SC_GROUP, 201,
	 b_loan_repayment_reverse, IT_NONE, 0, NULL},
	{"GET", "/api/v1/loans/{id}/events", R_, N_, SC_GROUP, 200, b_loan_events, IT_NONE, 0,
	 NULL},
	{"POST", "/api/v1/loans/{id}/events", LX, N_, SC_GROUP, 201, b_loan_event_create, IT_NONE,
	 0, NULL},
	{"GET", "/api/v1/loans/{id}/assessments", R_, N_, SC_GROUP, 200, b_loan_assessments,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/loans/{id}/assessments", LX, N_, SC_GROUP, 201, b_loan_assess, IT_NONE,
	 0, NULL},
	/* Commune sessions (docs/sessions.md, R-SES-1, R-SES-2): a session names its point's
	 * office only; opening and recording for tellers and directors, closing for the team
	 * leader (credit officer), the controller and directors. */
	{"GET", "/api/v1/commune-sessions", R_, N_, SC_BANK, 0, NULL, IT_NONE, 0, no_point},
	{"POST", "/api/v1/commune-sessions", SS, N_, SC_OFFICE, 201, b_csession_open, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/commune-sessions/{id}", R_, N_, SC_OFFICE, 200, b_csession_get, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/commune-sessions/{id}/groups", R_, N_, SC_OFFICE, 200, b_csession_groups,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/commune-sessions/{id}/batches", SS, N_, SC_OFFICE, 201, b_csession_record,
	 IT_NONE, 0, NULL},
	{"POST", "/api/v1/commune-sessions/{id}/close", SX, N_, SC_OFFICE, 200, b_csession_close,
	 IT_NONE, 0, NULL},
	/* Fee payouts (docs/month-end.md, R-FEE-1): tellers and directors of the office. */
	{"POST", "/api/v1/fee-payouts", FP, N_, SC_OFFICE, 201, b_fee_payout, IT_NONE, 0, NULL},
	/* Cash (docs/cash.md, R-CASH-1): remittances for tellers and directors of the office;
	 * an office's vault limit is set by administrators of an office above it, so nobody
	 * of office A sets A's (the branch's administrator does: tests/bank/test_cash.c). */
	{"GET", "/api/v1/cash-position", R_, N_, SC_OFFICE, 200, NULL, IT_NONE, F_QUERY_OFFICE,
	 NULL},
	{"POST", "/api/v1/cash-remittances", CR, N_, SC_OFFICE, 201, b_cash_remit, IT_NONE, 0,
	 NULL},
	{"GET", "/api/v1/vault-limits", R_, N_, SC_OFFICE, 200, NULL, IT_NONE, F_QUERY_OFFICE,
	 NULL},
	{"POST", "/api/v1/vault-limits", CL, N_, SC_ABOVE, 201, b_vault_limit, IT_NONE, 0, NULL},
};

#define N_RULES (sizeof rules / sizeof *rules)

static void build_case(const struct authz_fixture *f, const struct rule *r,
		       const struct authz_office *o, enum td_role role, struct req_case *c)
{
	memset(c, 0, sizeof *c);
	if (r->build)
		r->build(f, o, role, c);
	else
		set_path(c, "%s", r->pattern);
}

static const struct rule *rule_for(const struct api_route *route)
{
	for (size_t i = 0; i < N_RULES; i++)
		if (strcmp(rules[i].method, route->method) == 0 &&
		    strcmp(rules[i].pattern, route->pattern) == 0)
			return &rules[i];
	return NULL;
}

/* The roles that reach the inside request of r: the docs' table for its action(s), less
 * the union officers and group leaders the data does not name (R-ORG-4). */
static unsigned expected_roles(const struct rule *r)
{
	unsigned m = r->act == NO_ACT ? ALL_ROLES : doc_table[r->act];
	if (r->alt != NO_ACT)
		m |= doc_table[r->alt];
	if (r->scope == SC_OFFICE)
		m &= ~CONFINED;
	if (r->scope == SC_CHAPTER)
		m &= ~RB(ROLE_GROUP_LEADER);
	if (r->scope == SC_HEAD || r->scope == SC_ABOVE)
		m = 0;
	return m;
}

/* Lists, one's own account, public routes and the geography have no data of office B to
 * ask for: their outside cell is "-". */
static bool has_outside(const struct rule *r)
{
	return r->items == IT_NONE && r->scope != SC_PUBLIC && r->scope != SC_OWN &&
	       r->scope != SC_BANK && r->scope != SC_HEAD &&
	       !(r->flags & F_QUERY_OFFICE);
}

/* ---- calling a handler ------------------------------------------------------------------ */

struct outcome {
	int status;
	char code[40];	     /* problem code ("forbidden"), "" for a success */
	char detail[200];    /* problem detail, or the start of the answer */
	json_t *json;	     /* the answer, parsed; NULL when empty */
	int64_t audit_delta; /* audit records the request wrote (seen before the rollback) */
};

static int64_t count_rows(struct td_store *s, const char *sql)
{
	int64_t n = -1;
	struct td_error err = {0};
	return store_query_int64(s, sql, &n, &err) == TD_OK ? n : -1;
}

/* Runs route's handler as who (NULL: no session) inside a transaction rolled back
 * afterwards, or, for a sign-in, in its own transactions which it commits. */
static void call(struct authz_fixture *f, const struct api_route *route, const struct rule *r,
		 const struct td_actor *who, const struct req_case *c, struct outcome *out)
{
	memset(out, 0, sizeof *out);
	struct api_request req = {.method = route->method,
				  .path = c->path,
				  .body = c->body ? c->body : "",
				  .body_len = c->body ? strlen(c->body) : 0,
				  .store = f->s,
				  .idem_key = c->idem_key,
				  .authenticated = who != NULL};
	if (who)
		req.actor = *who;
	struct api_response res = {0};
	struct td_error err = {0};
	bool own_tx = (r->flags & F_SIGNIN) != 0;
	int64_t before = count_rows(f->s, "SELECT count(*) FROM audit_log");
	if (!own_tx) {
		int rc = store_begin(f->s, &err);
		if (rc != TD_OK)
			fail_msg("begin: %s", err.msg);
		req.in_tx = 1;
	}
	int rc = route->handler(&req, &res, &err);
	if (rc != TD_OK)
		api_respond_problem(&res, &err, c->path);
	int64_t after = count_rows(f->s, "SELECT count(*) FROM audit_log");
	out->audit_delta = after < 0 || before < 0 ? -1 : after - before;
	if (!own_tx)
		store_rollback(f->s);
	out->status = res.status;
	if (res.body && res.body_len)
		out->json = json_loadb(res.body, res.body_len, 0, NULL);
	const char *code = json_string_value(json_object_get(out->json, "code"));
	const char *detail = json_string_value(json_object_get(out->json, "detail"));
	if (res.status >= 400 && code)
		snprintf(out->code, sizeof out->code, "%s", code);
	if (!detail)
		detail = res.body ? res.body : "";
	snprintf(out->detail, sizeof out->detail, "%.*s", (int)(sizeof out->detail - 1), detail);
	if (!res.body_static)
		free(res.body);
}

static void outcome_free(struct outcome *o)
{
	json_decref(o->json);
	o->json = NULL;
}

/* One letter per answer: A allowed (2xx), a allowed but refused for its data (4xx other
 * than 401/403), D denied (403 forbidden), U unauthenticated (401), ? anything else. */
static char letter(const struct outcome *o)
{
	if (o->status >= 200 && o->status < 300)
		return 'A';
	if (o->status == 403)
		return strcmp(o->code, "forbidden") == 0 ? 'D' : '?';
	if (o->status == 401)
		return strcmp(o->code, "unauthenticated") == 0 ? 'U' : '?';
	if (o->status >= 400 && o->status < 500)
		return 'a';
	return '?';
}

/* ---- judging the answers ------------------------------------------------------------------ */

static bool in_ids(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static int64_t item_int(json_t *item, const char *key)
{
	return json_integer_value(json_object_get(item, key));
}

/* Whether role may see item of a list of kind k: in office A, and for a union officer or
 * a group leader named by its chapter or group (R-ORG-4). */
static bool item_visible(const struct authz_fixture *f, enum item_kind k, enum td_role role,
			 json_t *item)
{
	if (k == IT_BANK)
		return true;
	if (k == IT_ENTRY) {
		/* Only the lines of the actor's subtree are shown (bank/ledger.h). */
		size_t i;
		json_t *line;
		json_t *lines = json_object_get(item, "lines");
		json_array_foreach(lines, i, line) if (item_int(line, "office_id") != f->a.office)
			return false;
		return json_array_size(lines) > 0;
	}
	int64_t office = item_int(item, k == IT_OFFICE_ID ? "id" : "office_id");
	if (office != f->a.office)
		return false;
	const int64_t *hh = f->a.hh;
	if (role == ROLE_UNION_OFFICER) {
		switch (k) {
		case IT_CHAPTER: return item_int(item, "id") == f->a.chapter;
		case IT_CONTRACT:
		case IT_GROUP: return item_int(item, "chapter_id") == f->a.chapter;
		case IT_HOUSEHOLD: return in_ids(hh, AUTHZ_FREE, item_int(item, "id"));
		case IT_APPLICATION: return item_int(item, "chapter_id") == f->a.chapter;
		case IT_SAVINGS: {
			int64_t g = item_int(item, "group_id");
			return g == f->a.group || g == f->a.group2;
		}
		default: return false;
		}
	}
	if (role == ROLE_GROUP_LEADER) {
		switch (k) {
		case IT_GROUP: return item_int(item, "id") == f->a.group;
		case IT_HOUSEHOLD: return in_ids(hh, AUTHZ_GROUP_SIZE, item_int(item, "id"));
		case IT_APPLICATION: return item_int(item, "group_id") == f->a.group;
		case IT_SAVINGS: return item_int(item, "group_id") == f->a.group;
		default: return false;
		}
	}
	return true;
}

/* The fewest items role must see: every list of the fixture holds something for each
 * reader, except chapters and contracts, which name no group. */
static size_t min_items(enum item_kind k, enum td_role role)
{
	if (k == IT_SOURCE && (role == ROLE_UNION_OFFICER || role == ROLE_GROUP_LEADER))
		return 0;
	return role == ROLE_GROUP_LEADER && (k == IT_CHAPTER || k == IT_CONTRACT) ? 0 : 1;
}

struct report {
	struct buf problems;
	int count;
};

static void problem(struct report *rep, const struct rule *r, const char *who, const char *side,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void problem(struct report *rep, const struct rule *r, const char *who, const char *side,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_appendf(&rep->problems, "  %s %s as %s (%s): ", r->method, r->pattern, who, side);
	buf_vappendf(&rep->problems, fmt, ap);
	buf_append_char(&rep->problems, '\n');
	va_end(ap);
	rep->count++;
}

/* The items of an allowed list answer: each in scope, and enough of them for the check to
 * mean something. Returns false after a problem. */
static bool check_items(const struct authz_fixture *f, const struct rule *r, enum td_role role,
			const struct outcome *o, struct report *rep)
{
	json_t *items = json_object_get(o->json, "items");
	if (!json_is_array(items)) {
		problem(rep, r, role_name(role), "list", "the answer has no items array");
		return false;
	}
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
	{
		if (!item_visible(f, r->items, role, item)) {
			char *text = json_dumps(item, JSON_COMPACT);
			problem(rep, r, role_name(role), "list", "item outside its scope: %.300s",
				text ? text : "?");
			free(text);
			return false;
		}
	}
	if (json_array_size(items) < min_items(r->items, role)) {
		problem(rep, r, role_name(role), "list", "no items: the check proves nothing");
		return false;
	}
	return true;
}

/* Judges one answer against the expectation; returns whether it matched. */
static bool judge(const struct authz_fixture *f, const struct rule *r, enum td_role role,
		  bool outside, bool allow, const struct outcome *o, struct report *rep)
{
	const char *side = outside ? "outside: office B" : "inside";
	char got = letter(o);
	if (!allow) {
		if (got != 'D') {
			problem(rep, r, role_name(role), side, "want 403 forbidden, got %d %s: %s",
				o->status, o->code, o->detail);
			return false;
		}
		if (o->audit_delta != 0) {
			problem(rep, r, role_name(role), side,
				"refused but wrote %lld audit record(s)",
				(long long)o->audit_delta);
			return false;
		}
		return true;
	}
	bool ok = r->want ? o->status == r->want : got == 'A' || got == 'a';
	if (!ok) {
		problem(rep, r, role_name(role), side, "want %s, got %d %s: %s",
			r->want ? "success" : "any answer but 401/403", o->status, o->code,
			o->detail);
		return false;
	}
	/* R-GL-3: every write that succeeds leaves its audit record. */
	if (got == 'A' && strcmp(r->method, "GET") != 0 && o->audit_delta <= 0) {
		problem(rep, r, role_name(role), side,
			"a write answered %d without an audit record", o->status);
		return false;
	}
	return r->items == IT_NONE || got != 'A' || check_items(f, r, role, o, rep);
}

/* ---- the fixture's fingerprint ------------------------------------------------------------ */

/* Row counts of what any route writes: equal before and after a rolled-back case. */
static void fingerprint(struct authz_fixture *f, char *buf, size_t size)
{
	static const char *const q[] = {
		"SELECT count(*) FROM audit_log",
		"SELECT count(*) FROM user_session",
		"SELECT count(*) FROM app_user",
		"SELECT count(*) FROM office_version",
		"SELECT count(*) FROM village",
		"SELECT count(*) FROM commune_point",
		"SELECT count(*) FROM staff",
		"SELECT count(*) FROM org_chapter",
		"SELECT count(*) FROM entrustment_contract",
		"SELECT count(*) FROM savings_group",
		"SELECT count(*) FROM group_member",
		"SELECT count(*) FROM household",
		"SELECT count(*) FROM poverty_import",
		"SELECT count(*) FROM capital_source",
		"SELECT count(*) FROM capital_transfer",
		"SELECT count(*) FROM gl_entry",
		"SELECT count(*) FROM gl_posting",
		"SELECT count(*) FROM savings_account",
		"SELECT count(*) FROM savings_txn",
		"SELECT count(*) FROM savings_rate",
		"SELECT count(*) FROM loan",
		"SELECT count(*) FROM loan_repayment",
		"SELECT count(*) FROM loan_repayment_reversal",
		"SELECT count(*) FROM loan_event",
		"SELECT count(*) FROM loan_loss_assessment",
		"SELECT count(*) FROM commune_session",
		"SELECT count(*) FROM session_batch",
		"SELECT count(*) FROM session_line",
		"SELECT count(*) FROM cash_transfer",
		"SELECT count(*) FROM vault_limit",
	};
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof q / sizeof *q && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%lld ",
					(long long)count_rows(f->s, q[i]));
}

/* ---- the matrix -------------------------------------------------------------------------- */

static const char *const role_short[ROLE_COUNT] = {"adm", "dir", "cre", "tel", "ctl",
						   "uni", "lea", "brd", "aud"};

struct cell {
	char in, out;
	bool bad;
};

/* One route: anonymous, then every role inside and outside. Prints its matrix line. */
static void run_route(struct authz_fixture *f, const struct api_route *route, const struct rule *r,
		      struct report *rep)
{
	char fp_before[512], fp_after[512];
	fingerprint(f, fp_before, sizeof fp_before);
	unsigned allowed = expected_roles(r);
	struct cell cells[ROLE_COUNT];
	struct outcome o;

	/* Without a session: 401 on every route but the public ones; login with an unknown
	 * user is refused as wrong credentials (401). */
	struct req_case c = {0};
	build_case(f, r, &f->a, ROLE_ADMIN, &c);
	if (r->flags & F_SIGNIN) {
		free(c.body);
		c.body = strdup("{\"username\":\"khong.co\",\"password\":\"sai-mat-khau-123\"}");
	}
	call(f, route, r, NULL, &c, &o);
	char anon = letter(&o);
	bool want_anon_ok = r->scope == SC_PUBLIC && !(r->flags & F_SIGNIN);
	bool anon_bad = want_anon_ok ? o.status != r->want : anon != 'U';
	if (anon_bad)
		problem(rep, r, "nobody", "no session", "want %s, got %d %s: %s",
			want_anon_ok ? "success" : "401 unauthenticated", o.status, o.code,
			o.detail);
	outcome_free(&o);
	free(c.body);

	for (int role = 0; role < ROLE_COUNT; role++) {
		const struct td_actor *who = (r->flags & F_SIGNIN) ? NULL : &f->actor[role];
		bool allow = (allowed & RB(role)) != 0;
		build_case(f, r, &f->a, (enum td_role)role, &c);
		call(f, route, r, who, &c, &o);
		cells[role].in = letter(&o);
		cells[role].bad = !judge(f, r, (enum td_role)role, false, allow, &o, rep);
		if (r->flags & F_SIGNIN && o.status == 200 &&
		    strcmp(json_string_value(
				   json_object_get(json_object_get(o.json, "user"), "role"))
				   ?: "",
			   role_name((enum td_role)role)) != 0) {
			problem(rep, r, role_name((enum td_role)role), "inside",
				"signed in as another role");
			cells[role].bad = true;
		}
		outcome_free(&o);
		free(c.body);
		cells[role].out = '-';
		if (!has_outside(r))
			continue;
		build_case(f, r, &f->b, (enum td_role)role, &c);
		call(f, route, r, who, &c, &o);
		cells[role].out = letter(&o);
		if (!judge(f, r, (enum td_role)role, true, false, &o, rep))
			cells[role].bad = true;
		outcome_free(&o);
		free(c.body);
	}

	fingerprint(f, fp_after, sizeof fp_after);
	if (!(r->flags & F_SIGNIN) && strcmp(fp_before, fp_after) != 0)
		problem(rep, r, "any role", "fixture", "changed the database: %s-> %s", fp_before,
			fp_after);

	printf("%-6s %-42s %c%c   ", r->method, r->pattern, anon, anon_bad ? '!' : ' ');
	for (int role = 0; role < ROLE_COUNT; role++)
		printf("%c%c%c ", cells[role].in, cells[role].out, cells[role].bad ? '!' : ' ');
	printf("\n");
}

static void test_matrix_every_route_role_and_scope_R_ORG_4(void **state)
{
	struct authz_fixture *f = *state;
	struct report rep = {.count = 0};
	buf_init(&rep.problems, 1 << 20);
	printf("\nAuthorisation matrix on %s (docs/access.md; users of office A = %s).\n"
	       "Cells: inside then outside (data of office B). A allowed 2xx, a allowed but "
	       "4xx for its data,\nD 403 forbidden, U 401, - no such request, ! differs from "
	       "docs/access.md.\n",
	       store_backend_name(f->s), f->a.code);
	printf("%-6s %-42s %-5s", "", "route", "anon");
	for (int role = 0; role < ROLE_COUNT; role++)
		printf("%-4s", role_short[role]);
	printf("\n");
	for (const struct api_route *route = api_routes; route->method; route++) {
		const struct rule *r = rule_for(route);
		if (r) {
			run_route(f, route, r, &rep);
			continue;
		}
		printf("%-6s %-42s no row in rules[]: not tested\n", route->method, route->pattern);
		rep.count++;
		buf_appendf(&rep.problems, "  %s %s: no row in rules[]\n", route->method,
			    route->pattern);
	}
	for (size_t i = 0; i < N_RULES; i++)
		if (rules[i].want == 0)
			printf("%s %s: allowed requests answer 4xx: %s\n", rules[i].method,
			       rules[i].pattern, rules[i].note);
	fflush(stdout);

	struct audit_verify_result v;
	struct td_error err = {0};
	if (audit_verify(f->s, &v, &err) != TD_OK)
		problem(&rep, &rules[0], "-", "audit chain", "%s", err.msg);
	if (rep.count > 0) {
		fprintf(stderr, "%d case(s) differ from docs/access.md:\n%s", rep.count,
			buf_str(&rep.problems));
		buf_free(&rep.problems);
		fail_msg("%d authorisation case(s) differ from docs/access.md", rep.count);
	}
	buf_free(&rep.problems);
}

/* ---- the other tests ---------------------------------------------------------------------- */

/* The table above is the docs' table; it must also be access.c's. */
static void test_docs_table_is_the_access_table_R_ORG_4(void **state)
{
	(void)state;
	for (int role = 0; role < ROLE_COUNT; role++)
		for (int act = 0; act < ACT_COUNT; act++) {
			bool doc = (doc_table[act] & RB(role)) != 0;
			if (access_role_allows((enum td_role)role, (enum td_action)act) != doc)
				fail_msg("docs/access.md says %s %s %s; access.c disagrees",
					 role_name((enum td_role)role), doc ? "may" : "may not",
					 action_name((enum td_action)act));
		}
}

/* Every route of api_routes[] has its row in the matrix and every row its route, so that
 * a new route cannot skip the authorisation test. */
static void test_every_route_has_a_row(void **state)
{
	(void)state;
	size_t routes = 0;
	for (const struct api_route *route = api_routes; route->method; route++, routes++)
		if (!rule_for(route))
			fail_msg("%s %s is in api_routes[] but not in tests/apidb/test_authz.c's "
				 "rules[]: add its row (who may call it, inside and outside)",
				 route->method, route->pattern);
	for (size_t i = 0; i < N_RULES; i++) {
		bool found = false;
		for (const struct api_route *route = api_routes; route->method && !found; route++)
			found = strcmp(rules[i].method, route->method) == 0 &&
				strcmp(rules[i].pattern, route->pattern) == 0;
		if (!found)
			fail_msg("rules[] has %s %s, which api_routes[] no longer has",
				 rules[i].method, rules[i].pattern);
	}
	assert_int_equal(routes, N_RULES);
}

static const struct api_route *route_of(const char *method, const char *pattern)
{
	for (const struct api_route *route = api_routes; route->method; route++)
		if (strcmp(route->method, method) == 0 && strcmp(route->pattern, pattern) == 0)
			return route;
	fail_msg("no route %s %s", method, pattern);
	return NULL;
}

/* GET path as role; the status. */
static int get_as(struct authz_fixture *f, enum td_role role, const char *pattern, const char *path)
{
	const struct api_route *route = route_of("GET", pattern);
	const struct rule *r = rule_for(route);
	struct req_case c = {0};
	snprintf(c.path, sizeof c.path, "%s", path);
	struct outcome o;
	call(f, route, r, &f->actor[role], &c, &o);
	int status = o.status;
	if (status == 403 && strcmp(o.code, "forbidden") != 0)
		fail_msg("GET %s as %s: 403 with code '%s'", path, role_name(role), o.code);
	outcome_free(&o);
	return status;
}

/* One's own record is readable by every role (docs/access.md: "oneself"); a group leader
 * does not reach another group of its own office, nor that group's households; a union
 * officer does not reach a chapter of its office other than its own. */
static void test_own_record_and_neighbours_R_ORG_4(void **state)
{
	struct authz_fixture *f = *state;
	char path[96];
	for (int role = 0; role < ROLE_COUNT; role++) {
		snprintf(path, sizeof path, "/api/v1/users/%lld", (long long)f->user[role]);
		assert_int_equal(get_as(f, (enum td_role)role, "/api/v1/users/{id}", path), 200);
	}
	snprintf(path, sizeof path, "/api/v1/groups/%lld", (long long)f->a.group2);
	assert_int_equal(get_as(f, ROLE_GROUP_LEADER, "/api/v1/groups/{id}", path), 403);
	assert_int_equal(get_as(f, ROLE_UNION_OFFICER, "/api/v1/groups/{id}", path), 200);
	snprintf(path, sizeof path, "/api/v1/households/%lld", (long long)f->a.hh[6]);
	assert_int_equal(get_as(f, ROLE_GROUP_LEADER, "/api/v1/households/{id}", path), 403);
	assert_int_equal(get_as(f, ROLE_UNION_OFFICER, "/api/v1/households/{id}", path), 200);
	/* A household in no group names no chapter: outside a union officer's reach. */
	snprintf(path, sizeof path, "/api/v1/households/%lld", (long long)f->a.hh[AUTHZ_FREE]);
	assert_int_equal(get_as(f, ROLE_UNION_OFFICER, "/api/v1/households/{id}", path), 403);
	assert_int_equal(get_as(f, ROLE_CREDIT_OFFICER, "/api/v1/households/{id}", path), 200);
	snprintf(path, sizeof path, "/api/v1/chapters/%lld", (long long)f->b.chapter);
	assert_int_equal(get_as(f, ROLE_UNION_OFFICER, "/api/v1/chapters/{id}", path), 403);
}

static size_t list_size(json_t *j)
{
	return json_array_size(json_object_get(j, "items"));
}

/* The filters of the lists (query parameters over HTTP) never reach past the actor's
 * subtree: asking for office B's things as the administrator of A finds nothing, or is
 * refused. Called at the bank level: in-process requests carry no query string. */
static void test_list_filters_stay_in_scope_R_ORG_4(void **state)
{
	struct authz_fixture *f = *state;
	struct td_ctx ctx = f->ctx;
	ctx.actor = &f->actor[ROLE_ADMIN];
	const struct authz_office *b = &f->b;
	struct td_error err = {0};
	json_t *j = NULL;

	struct group_filter g = {.office_id = b->office, .on = ORG_NO_DATE};
	assert_int_equal(group_list(&ctx, &g, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);
	g = (struct group_filter){.chapter_id = b->chapter,
				  .village_id = b->village,
				  .point_id = b->point,
				  .on = ORG_NO_DATE,
				  .status = GROUP_ANY};
	assert_int_equal(group_list(&ctx, &g, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);

	struct chapter_filter ch = {
		.office_id = b->office, .admin_code = b->commune, .on = ORG_NO_DATE};
	assert_int_equal(chapter_list(&ctx, &ch, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);
	struct contract_filter k = {
		.chapter_id = b->chapter, .office_id = b->office, .on = ORG_NO_DATE};
	assert_int_equal(contract_list(&ctx, &k, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);

	char cccd[CCCD_DIGITS + 1], name[64];
	authz_person(1, 0, cccd, name, sizeof name);
	struct household_query hq[] = {{.village_id = b->village},
				       {.group_id = b->group},
				       {.cccd = cccd},
				       {.q = "tran van"}};
	for (size_t i = 0; i < sizeof hq / sizeof *hq; i++) {
		assert_int_equal(household_search(&ctx, &hq[i], &j, &err), TD_OK);
		assert_int_equal(list_size(j), 0);
		json_decref(j);
	}
	struct poverty_import_query pq = {.commune_code = b->commune, .year = 2024};
	assert_int_equal(poverty_import_list(&ctx, &pq, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);

	struct staff_filter sf = {
		.on = ctx.business_date, .office_id = b->office, .commune = b->commune};
	assert_int_equal(staff_list(&ctx, &sf, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);
	struct point_filter pf = {
		.on = ctx.business_date, .office_id = b->office, .commune = b->commune};
	assert_int_equal(point_list(&ctx, &pf, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);
	/* The branch's children on the date are A and B: only A is in the subtree. */
	struct office_filter of = {.on = ctx.business_date, .parent_id = f->branch};
	assert_int_equal(office_list(&ctx, &of, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 1);
	assert_int_equal(item_int(json_array_get(json_object_get(j, "items"), 0), "id"),
			 f->a.office);
	json_decref(j);

	/* The books: office B's trial balance and entries are refused; B's source is not
	 * listed. */
	json_t *tb = NULL;
	assert_int_equal(trial_balance(&ctx, b->office, ctx.business_date, &tb, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(snapshot_get(&ctx, b->office, snapshot_default_date(ctx.business_date),
				      &tb, &err),
			 TD_EFORBIDDEN);
	struct ledger_filter lf = {b->office, ORG_NO_DATE, ORG_NO_DATE, 0, 0};
	assert_int_equal(ledger_entries(&ctx, &lf, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(capital_list(&ctx, 0, 0, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 1);
	assert_int_equal(item_int(json_array_get(json_object_get(j, "items"), 0), "id"), source_a);
	json_decref(j);
	/* Savings: B's group filters to nothing. */
	assert_int_equal(savings_list(&ctx, b->group, 0, 0, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);
	assert_int_equal(savings_list(&ctx, 0, 0, 0, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 1);
	assert_int_equal(item_int(json_array_get(json_object_get(j, "items"), 0), "id"), savings_a);
	json_decref(j);
	assert_int_equal(savings_rates(&ctx, b->office, &j, &err), TD_EFORBIDDEN);
	/* The worklist of office B's credit officer is refused; A's own officer is not. */
	struct worklist_input wi = {.on = ORG_NO_DATE, .officer_id = b->officer};
	assert_int_equal(worklist_get(&ctx, &wi, &j, &err), TD_EFORBIDDEN);
	wi.officer_id = f->a.officer;
	assert_int_equal(worklist_get(&ctx, &wi, &j, &err), TD_OK);
	json_decref(j);
	/* Cash (R-CASH-1): office B's position and vault limits are refused. */
	assert_int_equal(cash_position(&ctx, b->office, ctx.business_date, &j, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(cash_limits(&ctx, b->office, &j, &err), TD_EFORBIDDEN);

	struct audit_filter af = {.username = "b.credit_officer"};
	assert_int_equal(audit_list(&ctx, &af, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);
	struct user_filter uf = {.office_id = b->office};
	assert_int_equal(user_list(&ctx, &uf, &j, &err), TD_EFORBIDDEN);
	uf = (struct user_filter){.q = "b.credit"};
	assert_int_equal(user_list(&ctx, &uf, &j, &err), TD_OK);
	assert_int_equal(list_size(j), 0);
	json_decref(j);
}

/* Applications of office o (k: 0 for A, 1 for B) at each step before the decision, for
 * household hh[1] (poor on the 2024 list, in the first group). The check is the office's
 * credit officer's; the decision is left to the matrix. */
static void make_applications(struct authz_fixture *f, struct authz_office *o, int k,
			      const struct td_actor *officer)
{
	struct td_ctx ctx = f->ctx;
	struct td_ctx co = f->ctx;
	co.actor = officer;
	for (int step = 0; step < APP_STEPS; step++) {
		struct application_input in = {.household_id = o->hh[1],
					       .programme = "1",
					       .amount = 30000000,
					       .term_months = 36,
					       .purpose = "Nuôi lợn",
					       .plan = "Nuôi 5 con lợn thịt",
					       .applied_on = authz_day("2024-06-03")};
		struct td_error err = {0};
		int64_t id = 0;
		authz_check(application_create(&ctx, &in, &id, &err), &err, "application");
		struct application_vote v = {.on = authz_day("2024-06-05"),
					     .minutes_no = "01/10C",
					     .list_no = "01/03TD",
					     .org_rep = "Nguyễn Thị Hội",
					     .village_head = "Trần Văn Thôn",
					     .members_present = 3,
				     .votes_for = 3};
		if (step >= APP_VOTED)
			authz_check(application_vote(&ctx, id, &v, &err), &err, "vote");
		if (step >= APP_CONFIRMED)
			authz_check(application_confirm(&ctx, id, FIX_COMMUNE_DOC(authz_day("2024-06-07")), &err),
				    &err, "confirm");
		if (step >= APP_CHECKED)
			authz_check(application_check(&co, id, authz_day("2024-06-10"), NULL, &err),
				    &err, "check");
		app_ids[k][step] = id;
	}
}

/* A capital source in each office, money entrusted to A's (R-CAP-1), so that the lists of
 * sources and entries have something to show and the sources something to refuse. */
static void books_setup(struct authz_fixture *f)
{
	struct capital_input a = {"TW-A", "central", "Vốn trung ương PGD A", f->a.office};
	struct capital_input b = {"TW-B", "central", "Vốn trung ương PGD B", f->b.office};
	struct td_error err = {0};
	authz_check(capital_create(&f->ctx, &a, &source_a, &err), &err, "source A");
	authz_check(capital_create(&f->ctx, &b, &source_b, &err), &err, "source B");
	authz_check(capital_transfer(&f->ctx, source_a, CAPITAL_IN, 1000000000, "QĐ 1", NULL,
				     NULL, &err),
		    &err, "transfer to A");
}

/* R-SAV-1: a deposit rate of the branch from the business date, and an account with
 * 1,000,000 đồng in each office's first group (hh[1]), so that every savings route has
 * something to act on inside and outside. */
static void savings_setup(struct authz_fixture *f)
{
	struct td_error err = {0};
	authz_check(savings_rate_set(&f->ctx, f->branch, 5000, f->ctx.business_date, &err), &err,
		    "savings rate");
	authz_check(savings_open(&f->ctx, f->a.hh[1], f->a.group, &savings_a, &err), &err,
		    "savings A");
	authz_check(savings_open(&f->ctx, f->b.hh[1], f->b.group, &savings_b, &err), &err,
		    "savings B");
	authz_check(savings_deposit(&f->ctx, savings_a, 1000000, &deposit_a, &err), &err,
		    "deposit A");
	authz_check(savings_deposit(&f->ctx, savings_b, 1000000, &deposit_b, &err), &err,
		    "deposit B");
}

/* A director or a teller of office o: A's users, or one made up for B (the bank needs
 * only the actor; R-ORG-4 scopes it to B). */
static struct td_actor office_actor(const struct authz_fixture *f, const struct authz_office *o,
				    enum td_role role)
{
	if (o == &f->a)
		return f->actor[role];
	struct td_actor a = {.user_id = 9000 + role, .role = role, .office_id = o->office};
	snprintf(a.username, sizeof a.username, "b.%s", role_name(role));
	return a;
}

/* hh[0]'s application of o through the decision (R-APP-1..4), decided by the office's
 * director; the check is the office's credit officer's. */
static int64_t approved_application(struct authz_fixture *f, struct authz_office *o,
				    const struct td_actor *officer)
{
	struct application_input in = {.household_id = o->hh[0],
				       .programme = "1",
				       .amount = 30000000,
				       .term_months = 36,
				       .purpose = "Nuôi bò",
				       .plan = "Nuôi 2 con bò sinh sản",
				       .applied_on = authz_day("2024-06-03")};
	struct application_vote v = {.on = authz_day("2024-06-05"),
				     .minutes_no = "02/10C",
				     .list_no = "02/03TD",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .members_present = 3,
				     .votes_for = 3};
	struct td_actor director = office_actor(f, o, ROLE_DIRECTOR);
	struct td_ctx co = f->ctx, dc = f->ctx;
	co.actor = officer;
	dc.actor = &director;
	struct td_error err = {0};
	int64_t id = 0;
	authz_check(application_create(&f->ctx, &in, &id, &err), &err, "loan application");
	authz_check(application_vote(&f->ctx, id, &v, &err), &err, "loan vote");
	authz_check(application_confirm(&f->ctx, id, FIX_COMMUNE_DOC(authz_day("2024-06-07")), &err), &err,
		    "loan confirm");
	authz_check(application_check(&co, id, authz_day("2024-06-10"), NULL, &err), &err,
		    "loan check");
	authz_check(application_decide(&dc, id, authz_day("2024-06-11"), true, NULL, &err), &err,
		    "loan decide");
	return id;
}

/* In each office: money for B's source too, one approved application left for the
 * disbursement row, and one disbursed (by the office's teller) for the read and repay
 * rows (R-DIS-1, R-CAP-1). */
static void loans_setup(struct authz_fixture *f, const struct td_actor *officer_b)
{
	struct td_error err = {0};
	authz_check(capital_transfer(&f->ctx, source_b, CAPITAL_IN, 1000000000, "QĐ 2", NULL,
				     NULL, &err),
		    &err, "transfer to B");
	struct authz_office *offices[2] = {&f->a, &f->b};
	const struct td_actor *officers[2] = {&f->actor[ROLE_CREDIT_OFFICER], officer_b};
	for (int k = 0; k < 2; k++) {
		struct td_actor teller = office_actor(f, offices[k], ROLE_TELLER);
		struct td_ctx tc = f->ctx;
		tc.actor = &teller;
		struct loan_disburse_input in = {.application_id = approved_application(
							 f, offices[k], officers[k]),
						 .source_id = k ? source_b : source_a,
						 .amount = 30000000,
						 .on = authz_day("2024-06-15")};
		authz_check(loan_disburse(&tc, &in, &loan_ids[k], &err), &err, "disburse");
		loan_app[k] = approved_application(f, offices[k], officers[k]);
		struct td_actor director = office_actor(f, offices[k], ROLE_DIRECTOR);
		struct td_ctx dc = f->ctx;
		dc.actor = &director;
		authz_check(fix_assess(&dc, loan_ids[k], "natural_disaster", 5000,
				       authz_day("2024-12-01"), &assessment_ids[k], &err),
			    &err, "assess");
	}
}

/* R-SES-1: in each office, a session of its point on the business date, opened by the
 * office's teller with no cash, for the read, batch and close rows. */
static void csessions_setup(struct authz_fixture *f)
{
	struct td_error err = {0};
	struct authz_office *offices[2] = {&f->a, &f->b};
	for (int k = 0; k < 2; k++) {
		struct td_actor teller = office_actor(f, offices[k], ROLE_TELLER);
		struct td_ctx tc = f->ctx;
		tc.actor = &teller;
		struct csession_open_input in = {.point_id = offices[k]->point,
						 .on = f->ctx.business_date,
						 .off_day_reason = "Phiên kiểm thử"};
		authz_check(csession_open(&tc, &in, &csession_ids[k], &err), &err, "session");
	}
}

/* R-FEE-1: month end of June 2024 in each office (the loans of loans_setup were disbursed
 * then), so that the fee payout row has a month to pay. */
static void fees_setup(struct authz_fixture *f)
{
	struct td_error err = {0};
	struct month_end_result r;
	authz_check(month_end_run(&f->ctx, f->a.office, authz_day("2024-06-01"), &r, &err), &err,
		    "month end A");
	authz_check(month_end_run(&f->ctx, f->b.office, authz_day("2024-06-01"), &r, &err), &err,
		    "month end B");
}

/* R-PAY-1: in each office, a repayment of the loan by its teller on 2024-12-31 (the day
 * the repay row pays on too), for the reversal row. */
static void reversals_setup(struct authz_fixture *f)
{
	struct td_error err = {0};
	struct authz_office *offices[2] = {&f->a, &f->b};
	for (int k = 0; k < 2; k++) {
		struct td_actor teller = office_actor(f, offices[k], ROLE_TELLER);
		struct td_ctx tc = f->ctx;
		tc.actor = &teller;
		struct loan_repay_input in = {.loan_id = loan_ids[k],
					      .amount = 100000,
					      .on = authz_day("2024-12-31")};
		authz_check(loan_repay(&tc, &in, NULL, &repayment_ids[k], &err), &err, "repay");
	}
}

static int group_setup(void **state)
{
	static struct authz_fixture f;
	authz_fixture_build(&f, backend);
	books_setup(&f);
	savings_setup(&f);
	struct td_actor officer_b;
	bool disabled = false;
	struct td_error err = {0};
	authz_check(session_actor_load(f.s, f.user_b, &officer_b, &disabled, &err), &err, "b");
	make_applications(&f, &f.a, 0, &f.actor[ROLE_CREDIT_OFFICER]);
	make_applications(&f, &f.b, 1, &officer_b);
	loans_setup(&f, &officer_b);
	approver_a = authz_user(&f, "a.director2", ROLE_DIRECTOR, f.a.office, 0, 0);
	csessions_setup(&f);
	fees_setup(&f);
	reversals_setup(&f);
	*state = &f;
	return 0;
}

static int group_teardown(void **state)
{
	authz_fixture_free(*state);
	return 0;
}

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docs_table_is_the_access_table_R_ORG_4),
		cmocka_unit_test(test_every_route_has_a_row),
		cmocka_unit_test(test_matrix_every_route_role_and_scope_R_ORG_4),
		cmocka_unit_test(test_own_record_and_neighbours_R_ORG_4),
		cmocka_unit_test(test_list_filters_stay_in_scope_R_ORG_4),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
