/* Users, passwords, lock-out and sessions (issue 4, R-ORG-4): each rule and each
 * rejection, on both stores. TD_PWHASH_FAST=1 keeps argon2id cheap here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/session.h"
#include "bank/user.h"
#include "support/testdb.h"

static enum td_backend backend;

#define NOW INT64_C(1750000000)
#define PW "mật-khẩu-đủ-dài"

struct fx {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	int64_t br01, pgd01, br02, pgd03;
	int64_t chapter01, chapter03, group01;
	struct td_actor system;
	struct td_ctx ctx; /* acts as the system administrator of the head office */
};

static void exec(struct td_store *s, const char *sql)
{
	struct td_error err = {0};
	if (store_exec(s, sql, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
}

static int64_t id_of(struct td_store *s, const char *sql)
{
	struct td_error err = {0};
	int64_t id = 0;
	if (store_query_int64(s, sql, &id, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
	return id;
}

/* HSC -> BR01 -> PGD01 and HSC -> BR02 -> PGD03; a chapter and a group in PGD01, a
 * chapter in PGD03. */
static void build_network(struct fx *f)
{
	exec(f->s,
	     "INSERT INTO office (code, kind) VALUES ('BR01', 'branch'), ('PGD01', 'district'), "
	     "('BR02', 'branch'), ('PGD03', 'district')");
	f->br01 = id_of(f->s, "SELECT id FROM office WHERE code = 'BR01'");
	f->pgd01 = id_of(f->s, "SELECT id FROM office WHERE code = 'PGD01'");
	f->br02 = id_of(f->s, "SELECT id FROM office WHERE code = 'BR02'");
	f->pgd03 = id_of(f->s, "SELECT id FROM office WHERE code = 'PGD03'");
	exec(f->s,
	     "INSERT INTO office_version (office_id, name, parent_id, valid_from) "
	     "SELECT o.id, o.code, p.id, '2010-01-01' FROM office o JOIN office p ON "
	     "(o.code = 'BR01' AND p.code = 'HSC') OR (o.code = 'BR02' AND p.code = 'HSC') OR "
	     "(o.code = 'PGD01' AND p.code = 'BR01') OR (o.code = 'PGD03' AND p.code = 'BR02')");
	exec(f->s, "INSERT INTO org_chapter (org, level, admin_code, office_id, name, valid_from) "
		   "SELECT 'women', 'commune', '00001', id, 'Hội LHPN xã A', '2010-01-01' "
		   "FROM office WHERE code = 'PGD01'");
	exec(f->s, "INSERT INTO org_chapter (org, level, admin_code, office_id, name, valid_from) "
		   "SELECT 'farmers', 'commune', '00003', id, 'Hội ND xã C', '2010-01-01' "
		   "FROM office WHERE code = 'PGD03'");
	f->chapter01 = id_of(f->s, "SELECT id FROM org_chapter WHERE admin_code = '00001'");
	f->chapter03 = id_of(f->s, "SELECT id FROM org_chapter WHERE admin_code = '00003'");
	exec(f->s, "INSERT INTO village (commune_code, name, valid_from) VALUES "
		   "('00001', 'Thôn 1', '2010-01-01')");
	exec(f->s, "INSERT INTO village_commune (village_id, commune_code, valid_from) SELECT id, "
		   "commune_code, valid_from FROM village");
	exec(f->s,
	     "INSERT INTO commune_point (code, office_id, name, meeting_day, valid_from) "
	     "SELECT 'P1', id, 'Điểm xã A', 17, '2010-01-01' FROM office WHERE code = 'PGD01'");
	exec(f->s, "INSERT INTO staff (office_id, full_name, role, valid_from) "
		   "SELECT id, 'Cán bộ', 'credit_officer', '2010-01-01' FROM office "
		   "WHERE code = 'PGD01'");
	exec(f->s,
	     "INSERT INTO savings_group (code, name, village_id, chapter_id, point_id, "
	     "officer_staff_id, office_id, decision_no, decision_date, founded_on) "
	     "SELECT 'T1', 'Tổ 1', v.id, c.id, p.id, s.id, p.office_id, '12/QĐ', '2010-01-01', "
	     "'2010-01-01' FROM village v, org_chapter c, commune_point p, staff s "
	     "WHERE c.admin_code = '00001'");
	f->group01 = id_of(f->s, "SELECT id FROM savings_group WHERE code = 'T1'");
}

static int setup(void **state)
{
	static struct fx f;
	memset(&f, 0, sizeof f);
	if (testdb_open(backend, true, &f.s, f.url, sizeof f.url))
		return -1;
	build_network(&f);
	actor_system(&f.system);
	f.ctx = (struct td_ctx){.store = f.s, .actor = &f.system};
	struct td_error err = {0};
	if (bank_business_date(f.s, &f.ctx.business_date, &err) != TD_OK)
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	testdb_cleanup(f->url);
	return 0;
}

static struct user_input input(const char *username, const char *role, const char *office)
{
	return (struct user_input){.username = username,
				   .full_name = "Nguyễn Thị Lan",
				   .role = role,
				   .office_code = office,
				   .password = PW};
}

static int64_t add(struct fx *f, struct user_input in)
{
	struct td_error err = {0};
	int64_t id = 0;
	int rc = user_add(&f->ctx, &in, &id, &err);
	if (rc != TD_OK)
		fail_msg("user_add %s: %s", in.username, err.msg);
	return id;
}

static struct td_ctx ctx_as(struct fx *f, struct td_actor *a, int64_t user_id)
{
	struct td_error err = {0};
	assert_int_equal(session_actor_load(f->s, user_id, a, NULL, &err), TD_OK);
	struct td_ctx c = f->ctx;
	c.actor = a;
	return c;
}

static int64_t count(struct fx *f, const char *sql)
{
	return id_of(f->s, sql);
}

static int login(struct fx *f, const char *user, const char *pw, int64_t now, struct session_new *s,
		 struct td_error *err)
{
	return user_login(f->s, user, pw, now, s, NULL, err);
}

static void test_add_user_stores_argon2id_and_audits_without_hash(void **state)
{
	struct fx *f = *state;
	int64_t id = add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct td_error err = {0};
	json_t *j = NULL;
	assert_int_equal(user_get(&f->ctx, id, &j, &err), TD_OK);
	assert_string_equal(json_string_value(json_object_get(j, "username")), "lan.nt");
	assert_string_equal(json_string_value(json_object_get(j, "full_name")), "Nguyễn Thị Lan");
	assert_string_equal(json_string_value(json_object_get(j, "role")), "credit_officer");
	assert_int_equal(json_integer_value(json_object_get(j, "office_id")), f->pgd01);
	assert_string_equal(json_string_value(json_object_get(j, "office_code")), "PGD01");
	assert_true(json_is_null(json_object_get(j, "chapter_id")));
	assert_null(json_object_get(j, "password_hash"));
	json_decref(j);
	assert_int_equal(count(f, "SELECT count(*) FROM app_user WHERE password_hash LIKE "
				  "'$argon2id$%'"),
			 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'create' AND "
				  "entity = 'app_user' AND after_json LIKE '%lan.nt%' AND "
				  "after_json NOT LIKE '%argon2%' AND username = 'system'"),
			 1);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(f->s, &res, &err), TD_OK);
}

/* Each rejection names the field and changes nothing. */
static void test_add_user_rejections(void **state)
{
	struct fx *f = *state;
	char long_name[128];
	memset(long_name, 'x', 101);
	long_name[101] = '\0';
	struct {
		struct user_input in;
		int code;
		const char *msg;
	} cases[] = {
		{input("ab", "teller", "PGD01"), TD_EINVAL, "has 2 characters, needs 3-32"},
		{input("abcdefghijklmnopqrstuvwxyz0123456", "teller", "PGD01"), TD_EINVAL,
		 "has 33 characters"},
		{input("Lan.NT", "teller", "PGD01"), TD_EINVAL, "may use only a-z"},
		{input("lan nt", "teller", "PGD01"), TD_EINVAL, "may use only a-z"},
		{input(NULL, "teller", "PGD01"), TD_EINVAL, "needs 3-32"},
		{input("lan.nt", "cashier", "PGD01"), TD_EINVAL, "role 'cashier' does not exist"},
		{input("lan.nt", "teller", "PGD99"), TD_EINVAL, "office 'PGD99' does not exist"},
		{input("lan.nt", "teller", NULL), TD_EINVAL, "office is required"},
		{input("lan.nt", "union_officer", "PGD01"), TD_EINVAL, "needs its chapter"},
		{input("lan.nt", "group_leader", "PGD01"), TD_EINVAL, "needs its group"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct td_error err = {0};
		int rc = user_add(&f->ctx, &cases[i].in, NULL, &err);
		if (rc != cases[i].code || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: expected %s '%s', got %s '%s'", i,
				 td_code_name(cases[i].code), cases[i].msg, td_code_name(rc),
				 err.msg);
	}
	struct user_input in = input("lan.nt", "teller", "PGD01");
	struct td_error err = {0};
	in.full_name = "";
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "full name is required"));
	in.full_name = long_name;
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "has 101 characters, at most 100"));
	in.full_name = "Lan\tNT";
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "control characters"));
	in = input("lan.nt", "teller", "PGD01");
	in.password = "ngắn-quá9"; /* 9 characters, more bytes */
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "password has 9 characters, needs at least 10"));
	in.password = NULL;
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	in = input("lan.nt", "teller", "PGD01");
	in.chapter_id = f->chapter01;
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "only a union_officer has a chapter"));
	in = input("lan.nt", "union_officer", "PGD01");
	in.chapter_id = f->chapter03;
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "outside the user's office subtree"));
	in.chapter_id = 9999;
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "chapter #9999 does not exist"));
	in = input("lan.nt", "group_leader", "PGD01");
	in.group_id = 9999;
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "group #9999 does not exist"));
	/* Several wrong fields: every one is named in one message. */
	in = (struct user_input){.username = "X",
				 .full_name = "",
				 .role = "boss",
				 .office_code = "HSC",
				 .password = "short"};
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "full name is required"));
	assert_non_null(strstr(err.msg, "role 'boss'"));
	assert_non_null(strstr(err.msg, "username 'X'"));
	assert_non_null(strstr(err.msg, "password has 5"));
	assert_int_equal(count(f, "SELECT count(*) FROM app_user"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"), 0);

	add(f, input("lan.nt", "teller", "PGD01"));
	in = input("lan.nt", "director", "PGD03");
	assert_int_equal(user_add(&f->ctx, &in, NULL, &err), TD_EUNIQUE);
	assert_non_null(strstr(err.msg, "'lan.nt' is already taken"));
	assert_int_equal(count(f, "SELECT count(*) FROM app_user"), 1);
}

static void test_union_officer_and_group_leader_scopes_R_ORG_4(void **state)
{
	struct fx *f = *state;
	struct user_input in = input("hoi.phunu", "union_officer", "PGD01");
	in.chapter_id = f->chapter01;
	int64_t uo = add(f, in);
	in = input("to.truong", "group_leader", "PGD01");
	in.group_id = f->group01;
	int64_t gl = add(f, in);
	struct td_actor a;
	struct td_error err = {0};
	assert_int_equal(session_actor_load(f->s, uo, &a, NULL, &err), TD_OK);
	assert_int_equal(a.role, ROLE_UNION_OFFICER);
	assert_int_equal(a.chapter_id, f->chapter01);
	assert_int_equal(a.office_id, f->pgd01);
	assert_int_equal(session_actor_load(f->s, gl, &a, NULL, &err), TD_OK);
	assert_int_equal(a.group_id, f->group01);
	assert_int_equal(a.chapter_id, 0);
}

/* R-ORG-4: an administrator manages users of its own subtree only; others not at all. */
static void test_user_admin_scope_R_ORG_4(void **state)
{
	struct fx *f = *state;
	int64_t br_admin = add(f, input("admin.br01", "admin", "BR01"));
	int64_t officer = add(f, input("officer.01", "credit_officer", "PGD01"));
	int64_t far = add(f, input("teller.03", "teller", "PGD03"));
	struct td_actor a;
	struct td_ctx c = ctx_as(f, &a, br_admin);
	struct td_error err = {0};
	struct user_input in = input("teller.01", "teller", "PGD01");
	assert_int_equal(user_add(&c, &in, NULL, &err), TD_OK);
	in = input("teller.03b", "teller", "PGD03");
	assert_int_equal(user_add(&c, &in, NULL, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "outside its subtree"));
	in = input("admin.hsc", "admin", "HSC");
	assert_int_equal(user_add(&c, &in, NULL, &err), TD_EFORBIDDEN);
	assert_int_equal(user_lock(&c, far, &err), TD_EFORBIDDEN);
	assert_int_equal(user_set_password(&c, far, "mật-khẩu-mới-12", &err), TD_EFORBIDDEN);
	json_t *j = NULL;
	assert_int_equal(user_get(&c, far, &j, &err), TD_EFORBIDDEN);
	assert_null(j);

	struct td_actor o;
	struct td_ctx oc = ctx_as(f, &o, officer);
	in = input("teller.01b", "teller", "PGD01");
	assert_int_equal(user_add(&oc, &in, NULL, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "may not user_admin"));
	assert_int_equal(user_get(&oc, br_admin, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(user_get(&oc, officer, &j, &err), TD_OK); /* oneself */
	json_decref(j);
	assert_int_equal(count(f, "SELECT count(*) FROM app_user"), 4);
}

static void test_login_opens_session_R_GL_3(void **state)
{
	struct fx *f = *state;
	int64_t id = add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_actor who;
	struct td_error err = {0};
	assert_int_equal(user_login(f->s, "lan.nt", PW, NOW, &s, &who, &err), TD_OK);
	assert_int_equal(strlen(s.token), 64);
	assert_int_equal(strlen(s.csrf), 64);
	assert_string_not_equal(s.token, s.csrf);
	assert_int_equal(s.expires_at, NOW + 8 * 3600);
	assert_int_equal(who.user_id, id);
	/* Only the hash of the token is stored. */
	char hash[SESSION_TOKEN_HEX], sql[256];
	session_token_hash(s.token, hash);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM user_session WHERE token_hash = '%s'",
		 hash);
	assert_int_equal(count(f, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM user_session WHERE token_hash = '%s'",
		 s.token);
	assert_int_equal(count(f, sql), 0);

	struct td_actor a;
	char csrf[SESSION_TOKEN_HEX];
	assert_int_equal(session_resolve(f->s, s.token, NOW + 60, &a, csrf, &err), TD_OK);
	assert_int_equal(a.user_id, id);
	assert_string_equal(a.username, "lan.nt");
	assert_int_equal(a.role, ROLE_CREDIT_OFFICER);
	assert_string_equal(csrf, s.csrf);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'login'"), 1);

	/* Two sessions of one user are independent. */
	struct session_new s2;
	assert_int_equal(login(f, "lan.nt", PW, NOW, &s2, &err), TD_OK);
	assert_string_not_equal(s.token, s2.token);
	assert_int_equal(count(f, "SELECT count(*) FROM user_session"), 2);
}

static void test_wrong_password_and_unknown_user_look_the_same(void **state)
{
	struct fx *f = *state;
	add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_error e1 = {0}, e2 = {0}, e3 = {0};
	assert_int_equal(login(f, "lan.nt", "sai-mật-khẩu", NOW, &s, &e1), TD_EUNAUTH);
	assert_int_equal(login(f, "nobody", "sai-mật-khẩu", NOW, &s, &e2), TD_EUNAUTH);
	assert_string_equal(e1.msg, e2.msg);
	assert_int_equal(login(f, "lan.nt", "", NOW, &s, &e3), TD_EUNAUTH);
	assert_int_equal(login(f, "", PW, NOW, &s, &e3), TD_EUNAUTH);
	assert_int_equal(login(f, NULL, NULL, NOW, &s, &e3), TD_EUNAUTH);
	assert_string_equal(e3.msg, e1.msg);
	/* Only the real attempt on a real user counts (an empty password is no attempt). */
	assert_int_equal(count(f, "SELECT failed_attempts FROM app_user"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM user_session"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'login_failed'"),
			 1);
}

/* Five consecutive failures lock the account for 15 minutes; then it opens again. */
static void test_lockout_after_five_failures(void **state)
{
	struct fx *f = *state;
	add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_error err = {0};
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(login(f, "lan.nt", "sai-mật-khẩu", NOW + i, &s, &err), TD_EUNAUTH);
		assert_null(strstr(err.msg, "locked"));
	}
	assert_int_equal(login(f, "lan.nt", "sai-mật-khẩu", NOW + 5, &s, &err), TD_EUNAUTH);
	assert_non_null(strstr(err.msg, "locked for 15 minutes"));
	/* Now even the right password is refused, with when to try again. */
	assert_int_equal(login(f, "lan.nt", PW, NOW + 6, &s, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "locked after 5 failed sign-ins; try again in 15 minutes"));
	assert_int_equal(login(f, "lan.nt", PW, NOW + 5 + 15 * 60 - 30, &s, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "in 1 minute "));
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'lockout'"), 1);
	/* Refusals while locked do not extend the lock. */
	assert_int_equal(login(f, "lan.nt", PW, NOW + 5 + 15 * 60, &s, &err), TD_OK);
	assert_int_equal(count(f, "SELECT failed_attempts + locked_until FROM app_user"), 0);
}

static void test_success_resets_failure_count(void **state)
{
	struct fx *f = *state;
	add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_error err = {0};
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 4; i++)
			assert_int_equal(login(f, "lan.nt", "sai-mật-khẩu", NOW, &s, &err),
					 TD_EUNAUTH);
		assert_int_equal(login(f, "lan.nt", PW, NOW, &s, &err), TD_OK);
	}
	assert_int_equal(count(f, "SELECT failed_attempts FROM app_user"), 0);
}

static void test_session_expires_after_8_hours_idle(void **state)
{
	struct fx *f = *state;
	add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_actor a;
	struct td_error err = {0};
	assert_int_equal(login(f, "lan.nt", PW, NOW, &s, &err), TD_OK);
	/* Used after 7 hours: the 8 hours start again. */
	assert_int_equal(session_resolve(f->s, s.token, NOW + 7 * 3600, &a, NULL, &err), TD_OK);
	assert_int_equal(session_resolve(f->s, s.token, NOW + 14 * 3600, &a, NULL, &err), TD_OK);
	assert_int_equal(session_resolve(f->s, s.token, NOW + 22 * 3600 + 1, &a, NULL, &err),
			 TD_EUNAUTH);
	assert_non_null(strstr(err.msg, "expired"));
	/* A new sign-in sweeps the expired session away. */
	struct session_new s2;
	assert_int_equal(login(f, "lan.nt", PW, NOW + 23 * 3600, &s2, &err), TD_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM user_session"), 1);
	/* Malformed and unknown tokens. */
	assert_int_equal(session_resolve(f->s, "abc", NOW, &a, NULL, &err), TD_EUNAUTH);
	assert_non_null(strstr(err.msg, "malformed"));
	char other[SESSION_TOKEN_HEX];
	memset(other, 'a', 64);
	other[64] = '\0';
	assert_int_equal(session_resolve(f->s, other, NOW, &a, NULL, &err), TD_EUNAUTH);
	assert_int_equal(session_resolve(f->s, NULL, NOW, &a, NULL, &err), TD_EUNAUTH);
}

static void test_logout_ends_session(void **state)
{
	struct fx *f = *state;
	int64_t id = add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_error err = {0};
	assert_int_equal(login(f, "lan.nt", PW, NOW, &s, &err), TD_OK);
	struct td_actor a;
	struct td_ctx c = ctx_as(f, &a, id);
	assert_int_equal(user_logout(&c, s.token, &err), TD_OK);
	assert_int_equal(session_resolve(f->s, s.token, NOW, &a, NULL, &err), TD_EUNAUTH);
	assert_int_equal(count(f, "SELECT count(*) FROM user_session"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'logout'"), 1);
	assert_int_equal(user_logout(&c, s.token, &err), TD_OK); /* twice is harmless */
}

static void test_change_password_needs_old_and_ends_other_sessions(void **state)
{
	struct fx *f = *state;
	int64_t id = add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new mine, other;
	struct td_error err = {0};
	assert_int_equal(login(f, "lan.nt", PW, NOW, &mine, &err), TD_OK);
	assert_int_equal(login(f, "lan.nt", PW, NOW, &other, &err), TD_OK);
	struct td_actor a;
	struct td_ctx c = ctx_as(f, &a, id);
	assert_int_equal(
		user_change_password(&c, "đoán-bừa-thôi", "mật-khẩu-mới-12", mine.token, &err),
		TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "current password is wrong"));
	assert_int_equal(user_change_password(&c, PW, "ngắn", mine.token, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "new password has 4 characters"));
	assert_int_equal(user_change_password(&c, PW, PW, mine.token, &err), TD_EINVAL);
	assert_int_equal(count(f, "SELECT count(*) FROM user_session"), 2);

	assert_int_equal(user_change_password(&c, PW, "mật-khẩu-mới-12", mine.token, &err), TD_OK);
	struct td_actor who;
	assert_int_equal(session_resolve(f->s, mine.token, NOW, &who, NULL, &err), TD_OK);
	assert_int_equal(session_resolve(f->s, other.token, NOW, &who, NULL, &err), TD_EUNAUTH);
	struct session_new s;
	assert_int_equal(login(f, "lan.nt", PW, NOW, &s, &err), TD_EUNAUTH);
	assert_int_equal(login(f, "lan.nt", "mật-khẩu-mới-12", NOW, &s, &err), TD_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = "
				  "'password_change'"),
			 1);
	/* The command-line actor has no password of its own. */
	assert_int_equal(user_change_password(&f->ctx, PW, "mật-khẩu-mới-13", NULL, &err),
			 TD_EINVAL);
}

static void test_admin_reset_lock_and_unlock(void **state)
{
	struct fx *f = *state;
	int64_t id = add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_error err = {0};
	struct td_actor a;
	assert_int_equal(login(f, "lan.nt", PW, NOW, &s, &err), TD_OK);
	assert_int_equal(user_set_password(&f->ctx, id, "đặt-lại-mật-khẩu", &err), TD_OK);
	assert_int_equal(session_resolve(f->s, s.token, NOW, &a, NULL, &err), TD_EUNAUTH);
	assert_int_equal(login(f, "lan.nt", "đặt-lại-mật-khẩu", NOW, &s, &err), TD_OK);
	assert_int_equal(user_set_password(&f->ctx, id, "ngắn", &err), TD_EINVAL);
	assert_int_equal(user_set_password(&f->ctx, 9999, "đủ-dài-rồi-đấy", &err), TD_ENOTFOUND);

	assert_int_equal(user_lock(&f->ctx, id, &err), TD_OK);
	assert_int_equal(session_resolve(f->s, s.token, NOW, &a, NULL, &err), TD_EUNAUTH);
	assert_int_equal(login(f, "lan.nt", "đặt-lại-mật-khẩu", NOW, &s, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "locked by an administrator"));
	assert_int_equal(user_unlock(&f->ctx, id, &err), TD_OK);
	assert_int_equal(login(f, "lan.nt", "đặt-lại-mật-khẩu", NOW, &s, &err), TD_OK);

	/* Unlock also lifts the lock-out. */
	for (int i = 0; i < USER_MAX_FAILURES; i++)
		login(f, "lan.nt", "sai-mật-khẩu", NOW, &s, &err);
	assert_int_equal(login(f, "lan.nt", "đặt-lại-mật-khẩu", NOW, &s, &err), TD_EFORBIDDEN);
	assert_int_equal(user_unlock(&f->ctx, id, &err), TD_OK);
	assert_int_equal(login(f, "lan.nt", "đặt-lại-mật-khẩu", NOW, &s, &err), TD_OK);

	/* Nobody locks itself out. */
	int64_t admin = add(f, input("admin.01", "admin", "PGD01"));
	struct td_ctx c = ctx_as(f, &a, admin);
	assert_int_equal(user_lock(&c, admin, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "cannot lock itself"));
	assert_int_equal(user_lock(&c, id, &err), TD_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action IN ('lock', "
				  "'unlock', 'password_reset')"),
			 5);
	struct audit_verify_result res;
	assert_int_equal(audit_verify(f->s, &res, &err), TD_OK);
}

static void test_update_user_changes_rights_and_ends_sessions(void **state)
{
	struct fx *f = *state;
	int64_t id = add(f, input("lan.nt", "credit_officer", "PGD01"));
	struct session_new s;
	struct td_error err = {0};
	struct td_actor a;
	assert_int_equal(login(f, "lan.nt", PW, NOW, &s, &err), TD_OK);
	struct user_input in = input(NULL, "director", NULL);
	in.office_id = f->pgd01;
	in.full_name = "Nguyễn Thị Lan (GĐ)";
	assert_int_equal(user_update(&f->ctx, id, &in, &err), TD_OK);
	assert_int_equal(session_resolve(f->s, s.token, NOW, &a, NULL, &err), TD_EUNAUTH);
	assert_int_equal(session_actor_load(f->s, id, &a, NULL, &err), TD_OK);
	assert_int_equal(a.role, ROLE_DIRECTOR);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action = 'update' AND "
				  "before_json LIKE '%credit_officer%' AND after_json LIKE "
				  "'%director%'"),
			 1);
	/* A name change alone keeps the sessions. */
	assert_int_equal(login(f, "lan.nt", PW, NOW, &s, &err), TD_OK);
	in.full_name = "Nguyễn T. Lan";
	assert_int_equal(user_update(&f->ctx, id, &in, &err), TD_OK);
	assert_int_equal(session_resolve(f->s, s.token, NOW, &a, NULL, &err), TD_OK);

	/* A branch administrator cannot move a user out of its subtree. */
	int64_t br_admin = add(f, input("admin.br01", "admin", "BR01"));
	struct td_actor b;
	struct td_ctx c = ctx_as(f, &b, br_admin);
	in.office_id = f->pgd03;
	assert_int_equal(user_update(&c, id, &in, &err), TD_EFORBIDDEN);
	in.office_id = 0;
	in.office_code = "PGD01";
	in.role = "union_officer";
	assert_int_equal(user_update(&c, id, &in, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "needs its chapter"));
	assert_int_equal(user_update(&c, 9999, &in, &err), TD_ENOTFOUND);
	assert_int_equal(session_actor_load(f->s, id, &a, NULL, &err), TD_OK);
	assert_int_equal(a.office_id, f->pgd01);
	assert_int_equal(a.role, ROLE_DIRECTOR);
}

static void test_list_users_in_subtree(void **state)
{
	struct fx *f = *state;
	int64_t br_admin = add(f, input("admin.br01", "admin", "BR01"));
	add(f, input("an.pgd01", "credit_officer", "PGD01"));
	add(f, input("binh.pgd01", "teller", "PGD01"));
	add(f, input("cuong.pgd03", "teller", "PGD03"));
	int64_t auditor = add(f, input("kiem.toan", "auditor", "HSC"));
	int64_t teller = add(f, input("dung.hsc", "teller", "HSC"));
	struct td_error err = {0};
	json_t *j = NULL;

	assert_int_equal(user_list(&f->ctx, NULL, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 6);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(j, "items"), 0), "username")),
			    "admin.br01");
	json_decref(j);

	struct td_actor a;
	struct td_ctx c = ctx_as(f, &a, br_admin);
	assert_int_equal(user_list(&c, NULL, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
	json_decref(j);
	struct user_filter flt = {.role = "teller"};
	assert_int_equal(user_list(&c, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	flt = (struct user_filter){.office_id = f->pgd03};
	assert_int_equal(user_list(&c, &flt, &j, &err), TD_EFORBIDDEN);
	flt = (struct user_filter){.role = "king"};
	assert_int_equal(user_list(&c, &flt, &j, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "filter role"));

	flt = (struct user_filter){.q = "PGD0", .limit = 2, .offset = 2};
	assert_int_equal(user_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 3);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	flt = (struct user_filter){.q = "%"};
	assert_int_equal(user_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	flt = (struct user_filter){.limit = 501};
	assert_int_equal(user_list(&f->ctx, &flt, &j, &err), TD_EINVAL);

	struct td_actor au;
	c = ctx_as(f, &au, auditor);
	assert_int_equal(user_list(&c, NULL, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 6);
	json_decref(j);
	struct td_actor t;
	c = ctx_as(f, &t, teller);
	assert_int_equal(user_list(&c, NULL, &j, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "may not user_admin"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	backend = testdb_backend_from_env();
	setenv("TD_PWHASH_FAST", "1", 1);
	const struct CMUnitTest tests[] = {
		T(test_add_user_stores_argon2id_and_audits_without_hash),
		T(test_add_user_rejections),
		T(test_union_officer_and_group_leader_scopes_R_ORG_4),
		T(test_user_admin_scope_R_ORG_4),
		T(test_login_opens_session_R_GL_3),
		T(test_wrong_password_and_unknown_user_look_the_same),
		T(test_lockout_after_five_failures),
		T(test_success_resets_failure_count),
		T(test_session_expires_after_8_hours_idle),
		T(test_logout_ends_session),
		T(test_change_password_needs_old_and_ends_other_sessions),
		T(test_admin_reset_lock_and_unlock),
		T(test_update_user_changes_rights_and_ends_sessions),
		T(test_list_users_in_subtree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
