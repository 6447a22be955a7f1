/*
 * The place where the chapter and group tests happen, written with plain SQL (the
 * network and household use cases are other modules): province 31 -> district 318 ->
 * communes 12001, 12002; district 319 -> commune 12101.
 * Offices HSC -> BR31 -> {PGD318, PGD319}. Villages V1, V2 in 12001, V3 in 12002, V4 in
 * 12101. Point P1 of PGD318 serves 12001 and 12002, P2 of PGD319 serves 12101. Staff:
 * credit officers CO1 (PGD318), CO2 (PGD319) and a teller T1 (PGD318). Households:
 * 70 in V1, 5 in V2, 3 in V4. Included by tests/bank/test_chapter.c and test_group.c only.
 */
#ifndef TD_TESTS_ORG_FIXTURE_H
#define TD_TESTS_ORG_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/chapter.h"
#include "bank/org_util.h"
#include "support/testdb.h"

#define FIX_V1_HOUSEHOLDS 70
#define FIX_V2_HOUSEHOLDS 5
#define FIX_V4_HOUSEHOLDS 3

struct fixture {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	struct td_actor admin;
	struct td_ctx ctx; /* the head office administrator on 2025-01-01 */
	int64_t br31, pgd318, pgd319;
	int64_t v1, v2, v3, v4;
	int64_t p1, p2;
	int64_t co1, co2, t1;
	int64_t hh1[FIX_V1_HOUSEHOLDS], hh2[FIX_V2_HOUSEHOLDS], hh4[FIX_V4_HOUSEHOLDS];
};

static enum td_backend fix_backend;

static td_date fix_day(const char *iso)
{
	td_date d = 0;
	struct td_error err = {0};
	if (date_parse_iso(iso, &d, &err) != TD_OK)
		fail_msg("date %s: %s", iso, err.msg);
	return d;
}

/* Runs SQL returning one id; the text parameters in order (NULL binds NULL). */
static int64_t fix_id(struct td_store *s, const char *sql, const char *a, const char *b,
		      const char *c, const char *d)
{
	struct td_error err = {0};
	struct td_stmt *st = NULL;
	if (store_prepare(s, sql, &st, &err) != TD_OK)
		fail_msg("prepare %s: %s", sql, err.msg);
	const char *args[] = {a, b, c, d};
	for (int i = 0; i < 4; i++)
		if (args[i])
			stmt_bind_text(st, i + 1, args[i]);
	if (stmt_step(st, &err) != TD_ROW)
		fail_msg("%s: %s", sql, err.msg);
	int64_t id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	return id;
}

static void fix_exec(struct td_store *s, const char *sql)
{
	struct td_error err = {0};
	if (store_exec(s, sql, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
}

static const char *fix_num(int64_t v, char *buf)
{
	snprintf(buf, 24, "%lld", (long long)v);
	return buf;
}

static int64_t fix_office(struct td_store *s, const char *code, const char *kind, int64_t parent)
{
	char p[24];
	int64_t id = fix_id(s, "INSERT INTO office (code, kind) VALUES (?, ?) RETURNING id", code,
			    kind, NULL, NULL);
	char i[24];
	fix_id(s,
	       "INSERT INTO office_version (office_id, name, parent_id, valid_from) VALUES "
	       "(CAST(? AS BIGINT), ?, CAST(? AS BIGINT), '2010-01-01') RETURNING id",
	       fix_num(id, i), code, fix_num(parent, p), NULL);
	return id;
}

static int64_t fix_household(struct td_store *s, int n, int64_t village, const char *commune,
			     int64_t office)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO household (cccd, head_name, name_folded, sex, birth_year, ethnicity, "
		 "village_id, commune_code, office_id, members, created_on, updated_on) VALUES "
		 "('0311%08d', 'Nguyễn Văn %d', 'nguyen van %d', 'male', 1980, 'Kinh', %lld, '%s', "
		 "%lld, 4, '2024-01-01', '2024-01-01') RETURNING id",
		 n, n, n, (long long)village, commune, (long long)office);
	int64_t id = 0;
	struct td_error err = {0};
	if (store_query_int64(s, sql, &id, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
	return id;
}

static void fix_geography(struct fixture *f)
{
	fix_exec(f->s, "INSERT INTO admin_unit (level, code, valid_from, name, unit_type, "
		       "parent_code) VALUES "
		       "('province', '31', '2000-01-01', 'Hải Phòng', 'Thành phố', NULL), "
		       "('district', '318', '2000-01-01', 'Kiến Thụy', 'Huyện', '31'), "
		       "('district', '319', '2000-01-01', 'Tiên Lãng', 'Huyện', '31'), "
		       "('commune', '12001', '2000-01-01', 'Xã Một', 'Xã', '318'), "
		       "('commune', '12002', '2000-01-01', 'Xã Hai', 'Xã', '318'), "
		       "('commune', '12101', '2000-01-01', 'Xã Ba', 'Xã', '319')");
	const char *vs = "INSERT INTO village (commune_code, name, valid_from) VALUES (?, ?, "
			 "'2000-01-01') RETURNING id";
	f->v1 = fix_id(f->s, vs, "12001", "Thôn Một", NULL, NULL);
	f->v2 = fix_id(f->s, vs, "12001", "Thôn Hai", NULL, NULL);
	f->v3 = fix_id(f->s, vs, "12002", "Thôn Ba", NULL, NULL);
	f->v4 = fix_id(f->s, vs, "12101", "Thôn Bốn", NULL, NULL);
	/* each village's commune as history (migration 0021) */
	fix_exec(f->s, "INSERT INTO village_commune (village_id, commune_code, valid_from) SELECT "
		       "id, commune_code, valid_from FROM village");
}

static void fix_points_and_staff(struct fixture *f)
{
	char o[24];
	const char *ps =
		"INSERT INTO commune_point (code, office_id, name, meeting_day, valid_from) "
		"VALUES (?, CAST(? AS BIGINT), ?, 17, '2010-01-01') RETURNING id";
	f->p1 = fix_id(f->s, ps, "P1", fix_num(f->pgd318, o), "Điểm Xã Một", NULL);
	f->p2 = fix_id(f->s, ps, "P2", fix_num(f->pgd319, o), "Điểm Xã Ba", NULL);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO commune_point_commune (point_id, commune_code, valid_from) VALUES "
		 "(%lld, '12001', '2010-01-01'), (%lld, '12002', '2010-01-01'), "
		 "(%lld, '12101', '2010-01-01')",
		 (long long)f->p1, (long long)f->p1, (long long)f->p2);
	fix_exec(f->s, sql);
	const char *ss = "INSERT INTO staff (office_id, full_name, role, valid_from) VALUES "
			 "(CAST(? AS BIGINT), ?, ?, '2010-01-01') RETURNING id";
	f->co1 = fix_id(f->s, ss, fix_num(f->pgd318, o), "Trần Thị Tín", "credit_officer", NULL);
	f->co2 = fix_id(f->s, ss, fix_num(f->pgd319, o), "Lê Văn Dụng", "credit_officer", NULL);
	f->t1 = fix_id(f->s, ss, fix_num(f->pgd318, o), "Phạm Quỹ", "teller", NULL);
}

static int fix_setup(void **state)
{
	static struct fixture f;
	memset(&f, 0, sizeof f);
	if (testdb_open(fix_backend, true, &f.s, f.url, sizeof f.url))
		return -1;
	actor_system(&f.admin);
	f.ctx = (struct td_ctx){
		.store = f.s, .actor = &f.admin, .business_date = fix_day("2025-01-01")};
	f.br31 = fix_office(f.s, "BR31", "branch", 1);
	f.pgd318 = fix_office(f.s, "PGD318", "district", f.br31);
	f.pgd319 = fix_office(f.s, "PGD319", "district", f.br31);
	fix_geography(&f);
	fix_points_and_staff(&f);
	int n = 1;
	for (int i = 0; i < FIX_V1_HOUSEHOLDS; i++)
		f.hh1[i] = fix_household(f.s, n++, f.v1, "12001", f.pgd318);
	for (int i = 0; i < FIX_V2_HOUSEHOLDS; i++)
		f.hh2[i] = fix_household(f.s, n++, f.v2, "12001", f.pgd318);
	for (int i = 0; i < FIX_V4_HOUSEHOLDS; i++)
		f.hh4[i] = fix_household(f.s, n++, f.v4, "12101", f.pgd319);
	*state = &f;
	return 0;
}

static int fix_teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	testdb_cleanup(f->url);
	return 0;
}

static int64_t fix_count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct td_error err = {0};
	if (store_query_int64(f->s, sql, &n, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
	return n;
}

/* A chapter through the use case, as the administrator; fails the test on error. */
static int64_t fix_chapter(struct fixture *f, const char *org, const char *level, const char *code,
			   int64_t parent, int64_t office, const char *from)
{
	char name[64];
	snprintf(name, sizeof name, "%s %s %s", org, level, code);
	struct chapter_input in = {org,	   level, code,		 parent,
				   office, name,  fix_day(from), ORG_NO_DATE};
	struct td_error err = {0};
	int64_t id = 0;
	int rc = chapter_create(&f->ctx, &in, &id, &err);
	if (rc != TD_OK)
		fail_msg("chapter %s: %s %s", name, td_code_name(rc), err.msg);
	return id;
}

/* A context acting as a with the fixture's store and business date. */
static struct td_ctx fix_ctx(struct fixture *f, const struct td_actor *a)
{
	return (struct td_ctx){.store = f->s, .actor = a, .business_date = f->ctx.business_date};
}

static struct td_actor fix_actor(enum td_role role, int64_t office, int64_t chapter, int64_t group)
{
	struct td_actor a = {.user_id = 9,
			     .role = role,
			     .office_id = office,
			     .chapter_id = chapter,
			     .group_id = group};
	snprintf(a.username, sizeof a.username, "%s_test", role_name(role));
	return a;
}

/* Fails unless msg contains want. */
#define assert_msg_has(err, want)                                                                  \
	do {                                                                                       \
		if (!strstr((err).msg, (want)))                                                    \
			fail_msg("message '%s' lacks '%s'", (err).msg, (want));                    \
	} while (0)

#endif
