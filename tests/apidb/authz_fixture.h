/*
 * The place where the authorisation test (test_authz.c) happens, built once per run
 * through the bank functions as the head office's built-in administrator (actor_system):
 *
 *   HSC -> CN31 (Hải Phòng) -> PGD314 "office A" (Kiến Thụy)   -> commune 11695, village
 *                           -> PGD315 "office B" (Tiên Lãng)   -> commune 11758, village
 *
 * In each district office: a commune point serving its commune (team: credit officer,
 * controller, teller), two credit officers, a teller and a controller, a Women's Union
 * commune chapter with an entrustment contract, AUTHZ_HOUSEHOLDS households, a group of
 * six (hh[0] leads) and a group of three, and a poverty-list import. Communes 11698 (A)
 * and 11761 (B) are served by no point, for new points. The 2025 merger is recorded ahead
 * of its date (1 July; the business date is 1 January 2025): each office's commune is split
 * and its village awaits a decision.
 *
 * Users (password AUTHZ_PASSWORD, TD_PWHASH_FAST=1): one of every role in office A
 * ("a.<role>"; the union officer of A's chapter, the group leader of A's first group),
 * another user of A ("a.target", a teller) to act on, and a credit officer of B
 * ("b.credit_officer"). Each credit officer updated one household of its office, so the
 * audit trail holds records of users of A and of B.
 *
 * Included by tests/apidb/test_authz.c only.
 */
#ifndef TD_TESTS_AUTHZ_FIXTURE_H
#define TD_TESTS_AUTHZ_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/chapter.h"
#include "bank/contract.h"
#include "bank/group.h"
#include "bank/household.h"
#include "bank/merger.h"
#include "bank/network.h"
#include "bank/poverty_import.h"
#include "bank/session.h"
#include "bank/user.h"
#include "support/testdb.h"

#define AUTHZ_PASSWORD "mat-khau-kiem-thu"
#define AUTHZ_HOUSEHOLDS 13 /* 0..5 group, 6..8 group2, 9..12 in no group */
#define AUTHZ_GROUP_SIZE 6  /* hh[0..5] are the first group; hh[0] leads it */
#define AUTHZ_FREE 9	    /* the first household in no group */

struct authz_office {
	int64_t office;
	const char *code;	  /* "PGD314" */
	const char *commune;	  /* served by the office's point */
	const char *free_commune; /* served by no point */
	const char *village_name;
	int64_t village, point;
	int64_t officer, officer2, teller, controller; /* staff */
	int64_t chapter, contract;
	int64_t hh[AUTHZ_HOUSEHOLDS];
	int64_t group, group2;
};

struct authz_fixture {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	struct td_actor system;
	struct td_ctx ctx; /* as actor_system, on the business date */
	int64_t branch;
	struct authz_office a, b;
	int64_t user[ROLE_COUNT]; /* the users of office A, by role */
	struct td_actor actor[ROLE_COUNT];
	int64_t target_a, user_b;
};

static void authz_check(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("fixture: %s: %s: %s", what, td_code_name(rc), err->msg);
}

static td_date authz_day(const char *iso)
{
	td_date d = 0;
	struct td_error err = {0};
	authz_check(date_parse_iso(iso, &d, &err), &err, iso);
	return d;
}

/* Two districts of Hải Phòng as the statistics office lists them; branch and district
 * offices created by the import. */
static void authz_geography(struct authz_fixture *f)
{
	static const char csv[] =
		"province_code,province_name,district_code,district_name,district_type,"
		"commune_code,commune_name,commune_type\n"
		"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11695,Xã Đông Phương,Xã\n"
		"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11698,Xã Thuận Thiên,Xã\n"
		"31,Thành phố Hải Phòng,315,Huyện Tiên Lãng,Huyện,11758,Xã Đại Thắng,Xã\n"
		"31,Thành phố Hải Phòng,315,Huyện Tiên Lãng,Huyện,11761,Xã Tiên Cường,Xã\n";
	FILE *in = fmemopen((void *)csv, strlen(csv), "r");
	assert_non_null(in);
	struct admin_import_options opt = {
		.source = "authz.csv", .offices = true, .on = authz_day("2024-01-01")};
	struct admin_import_report rep;
	struct td_error err = {0};
	int rc = admin_units_import(&f->ctx, in, &opt, &rep, &err);
	fclose(in);
	authz_check(rc, &err, "admin units");
	authz_check(office_find_code(f->s, "CN31", &f->branch, &err), &err, "CN31");
	authz_check(office_find_code(f->s, "PGD314", &f->a.office, &err), &err, "PGD314");
	authz_check(office_find_code(f->s, "PGD315", &f->b.office, &err), &err, "PGD315");
}

static int64_t authz_staff(struct authz_fixture *f, struct authz_office *o, const char *name,
			   enum staff_role role)
{
	const char *communes[] = {o->commune};
	struct staff_input in = {.office_id = o->office,
				 .full_name = name,
				 .role = role,
				 .communes = role == STAFF_CREDIT_OFFICER ? communes : NULL,
				 .n_communes = role == STAFF_CREDIT_OFFICER ? 1 : 0,
				 .valid_from = authz_day("2024-01-01")};
	int64_t id = 0;
	struct td_error err = {0};
	authz_check(staff_create(&f->ctx, &in, &id, &err), &err, name);
	return id;
}

/* Village, staff, commune point, chapter and contract of one office. */
static void authz_network(struct authz_fixture *f, struct authz_office *o, const char *place)
{
	struct td_error err = {0};
	struct village_input v = {o->commune, o->village_name, authz_day("2024-01-01")};
	authz_check(village_create(&f->ctx, &v, &o->village, &err), &err, "village");
	o->officer = authz_staff(f, o, "Vũ Văn Tín", STAFF_CREDIT_OFFICER);
	o->officer2 = authz_staff(f, o, "Đỗ Thị Dụng", STAFF_CREDIT_OFFICER);
	o->teller = authz_staff(f, o, "Phạm Thị Quỹ", STAFF_TELLER);
	o->controller = authz_staff(f, o, "Lê Văn Soát", STAFF_CONTROLLER);

	char code[32];
	snprintf(code, sizeof code, "DGD%s", o->commune);
	const char *communes[] = {o->commune};
	struct point_input p = {.code = code,
				.office_id = o->office,
				.name = "Điểm giao dịch xã",
				.place = place,
				.meeting_day = 17,
				.communes = communes,
				.n_communes = 1,
				.team = {o->officer, o->controller, o->teller},
				.valid_from = authz_day("2024-01-01")};
	authz_check(point_create(&f->ctx, &p, &o->point, &err), &err, "point");

	struct chapter_input c = {"women",
				  "commune",
				  o->commune,
				  0,
				  o->office,
				  "Hội LHPN xã",
				  authz_day("2024-01-01"),
				  ORG_NO_DATE};
	authz_check(chapter_create(&f->ctx, &c, &o->chapter, &err), &err, "chapter");
	struct contract_input k = {.chapter_id = o->chapter,
				   .office_id = o->office,
				   .number = "01/HĐUT",
				   .signed_on = authz_day("2024-01-15"),
				   .parties = "NHCSXH và Hội LHPN xã",
				   .valid_from = authz_day("2024-01-15"),
				   .valid_to = ORG_NO_DATE};
	authz_check(contract_create(&f->ctx, &k, &o->contract, &err), &err, "contract");
}

static const char *const authz_given_names[AUTHZ_HOUSEHOLDS] = {
	"An",	 "Bình", "Cường", "Dũng", "Giang", "Hải",  "Hùng",
	"Khánh", "Lâm",	 "Minh",  "Nam",  "Phong", "Quang"};

/* The head of household i of office number k (0 = A, 1 = B): its citizen ID (a man of
 * Hải Phòng, 031, born 1960 + i) and name. */
static void authz_person(int k, int i, char cccd[CCCD_DIGITS + 1], char *name, size_t size)
{
	assert_true(k >= 0 && k <= 1 && i >= 0 && i < AUTHZ_HOUSEHOLDS);
	char id[32];
	snprintf(id, sizeof id, "0310%02d%06d", 60 + i, 1000 * (k + 1) + i);
	assert_int_equal(strlen(id), CCCD_DIGITS);
	memcpy(cccd, id, CCCD_DIGITS + 1);
	snprintf(name, size, "%s Văn %s", k ? "Trần" : "Nguyễn", authz_given_names[i]);
}

static void authz_households(struct authz_fixture *f, struct authz_office *o, int k)
{
	for (int i = 0; i < AUTHZ_HOUSEHOLDS; i++) {
		char cccd[CCCD_DIGITS + 1], name[64];
		authz_person(k, i, cccd, name, sizeof name);
		struct household_input in = {
			.cccd = cccd, .head_name = name, .village_id = o->village, .members = 4};
		struct td_error err = {0};
		authz_check(household_create(&f->ctx, &in, &o->hh[i], &err), &err, name);
	}
}

static int64_t authz_group(struct authz_fixture *f, struct authz_office *o, const char *code,
			   const int64_t *members, size_t n)
{
	struct group_founding g = {.code = code,
				   .name = code,
				   .village_id = o->village,
				   .chapter_id = o->chapter,
				   .point_id = o->point,
				   .officer_staff_id = o->officer,
				   .decision_no = "12/QĐ-UBND",
				   .decision_date = authz_day("2024-02-20"),
				   .founded_on = authz_day("2024-03-01"),
				   .members = members,
				   .n_members = n,
				   .leader_id = members[0]};
	int64_t id = 0;
	struct td_error err = {0};
	authz_check(group_create(&f->ctx, &g, &id, &err), &err, code);
	return id;
}

/* The commune's poverty list of 2024: the first two households are poor. */
static void authz_poverty_list(struct authz_fixture *f, struct authz_office *o, int k)
{
	char csv[512], c0[16], c1[16], n0[64], n1[64];
	authz_person(k, 0, c0, n0, sizeof n0);
	authz_person(k, 1, c1, n1, sizeof n1);
	snprintf(csv, sizeof csv,
		 "cccd,head_name,village,status,members\n%s,%s,%s,nghèo,4\n%s,%s,%s,nghèo,4\n", c0,
		 n0, o->village_name, c1, n1, o->village_name);
	struct poverty_import_input in = {.commune_code = o->commune,
					  .year = 2024,
					  .file_name = "ds_2024.csv",
					  .data = csv,
					  .len = strlen(csv)};
	struct poverty_import_result res;
	memset(&res, 0, sizeof res);
	struct td_error err = {0};
	int rc = poverty_import_run(&f->ctx, &in, &res, &err);
	poverty_import_result_free(&res);
	authz_check(rc, &err, "poverty list");
}

static int64_t authz_user(struct authz_fixture *f, const char *username, enum td_role role,
			  int64_t office, int64_t chapter, int64_t group)
{
	struct user_input in = {.username = username,
				.full_name = "Người dùng kiểm thử",
				.role = role_name(role),
				.office_id = office,
				.chapter_id = chapter,
				.group_id = group,
				.password = AUTHZ_PASSWORD};
	int64_t id = 0;
	struct td_error err = {0};
	authz_check(user_add(&f->ctx, &in, &id, &err), &err, username);
	return id;
}

/* A write as user id: a new phone for household hh, so that the audit trail holds a
 * record of that user's office. */
static void authz_write_as(struct authz_fixture *f, int64_t user, int64_t hh)
{
	struct td_actor who;
	bool disabled = false;
	json_t *j = NULL;
	struct td_error err = {0};
	authz_check(session_actor_load(f->s, user, &who, &disabled, &err), &err, "actor");
	struct td_ctx ctx = f->ctx;
	ctx.actor = &who;
	authz_check(household_get(&ctx, hh, &j, &err), &err, "household");
	struct household_input in = {
		.cccd = json_string_value(json_object_get(j, "cccd")),
		.head_name = json_string_value(json_object_get(j, "head_name")),
		.village_id = json_integer_value(json_object_get(j, "village_id")),
		.phone = "0912345678",
		.members = (int)json_integer_value(json_object_get(j, "members"))};
	authz_check(household_update(&ctx, hh, &in, &err), &err, "household update");
	json_decref(j);
}

static void authz_users(struct authz_fixture *f)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		char name[40];
		snprintf(name, sizeof name, "a.%s", role_name((enum td_role)r));
		f->user[r] = authz_user(f, name, (enum td_role)r, f->a.office,
					r == ROLE_UNION_OFFICER ? f->a.chapter : 0,
					r == ROLE_GROUP_LEADER ? f->a.group : 0);
		bool disabled = false;
		struct td_error err = {0};
		authz_check(session_actor_load(f->s, f->user[r], &f->actor[r], &disabled, &err),
			    &err, name);
	}
	f->target_a = authz_user(f, "a.target", ROLE_TELLER, f->a.office, 0, 0);
	f->user_b = authz_user(f, "b.credit_officer", ROLE_CREDIT_OFFICER, f->b.office, 0, 0);
	authz_write_as(f, f->user[ROLE_CREDIT_OFFICER], f->a.hh[AUTHZ_HOUSEHOLDS - 1]);
	authz_write_as(f, f->user_b, f->b.hh[AUTHZ_HOUSEHOLDS - 1]);
}

static void authz_office_build(struct authz_fixture *f, struct authz_office *o, int k)
{
	authz_network(f, o, k ? "Trụ sở UBND xã Đại Thắng" : "Trụ sở UBND xã Đông Phương");
	authz_households(f, o, k);
	o->group = authz_group(f, o, k ? "TK-B1" : "TK-A1", o->hh, AUTHZ_GROUP_SIZE);
	o->group2 = authz_group(f, o, k ? "TK-B2" : "TK-A2", o->hh + AUTHZ_GROUP_SIZE,
				AUTHZ_FREE - AUTHZ_GROUP_SIZE);
	authz_poverty_list(f, o, k);
}

/* The new communes of 1 July 2025 (R-ORG-1), recorded ahead of their date: each office's
 * commune is split in two, so that its village awaits a decision (village-splits). */
static const char authz_units_2025[] =
	"province_code,province_name,commune_code,commune_name,commune_type\n"
	"31,Thành phố Hải Phòng,11695,Xã Đông Phương,Xã\n"
	"31,Thành phố Hải Phòng,11701,Xã Hữu Bằng,Xã\n"
	"31,Thành phố Hải Phòng,11758,Xã Đại Thắng,Xã\n"
	"31,Thành phố Hải Phòng,11764,Xã Tiên Thanh,Xã\n";
static const char authz_mapping_2025[] =
	"new_province_code,new_commune_code,new_commune_name,old_province_code,"
	"old_district_code,old_commune_code,old_commune_name,part\n"
	"31,11695,Xã Đông Phương,31,314,11695,Xã Đông Phương,partial\n"
	"31,11695,Xã Đông Phương,31,314,11698,Xã Thuận Thiên,full\n"
	"31,11701,Xã Hữu Bằng,31,314,11695,Xã Đông Phương,partial\n"
	"31,11758,Xã Đại Thắng,31,315,11758,Xã Đại Thắng,partial\n"
	"31,11758,Xã Đại Thắng,31,315,11761,Xã Tiên Cường,full\n"
	"31,11764,Xã Tiên Thanh,31,315,11758,Xã Đại Thắng,partial\n";

static void authz_merger(struct authz_fixture *f)
{
	struct admin_2025_options opt = {"units.csv", "mapping.csv", authz_day("2025-07-01")};
	struct admin_2025_report rep;
	struct td_error err = {0};
	authz_check(admin_units_2025_import_text(&f->ctx, authz_units_2025,
						 strlen(authz_units_2025), authz_mapping_2025,
						 strlen(authz_mapping_2025), &opt, &rep, &err),
		    &err, "merger 2025");
	assert_int_equal(rep.moved.split, 2);
}

/* Builds the whole fixture on a fresh database of backend b. */
static void authz_fixture_build(struct authz_fixture *f, enum td_backend b)
{
	memset(f, 0, sizeof *f);
	setenv("TD_PWHASH_FAST", "1", 1); /* argon2id at its minimum cost: tests only */
	if (testdb_open(b, true, &f->s, f->url, sizeof f->url) != 0)
		fail_msg("cannot open a test database");
	actor_system(&f->system);
	f->ctx.store = f->s;
	f->ctx.actor = &f->system;
	struct td_error err = {0};
	authz_check(bank_business_date(f->s, &f->ctx.business_date, &err), &err, "date");
	f->a = (struct authz_office){.code = "PGD314",
				     .commune = "11695",
				     .free_commune = "11698",
				     .village_name = "Thôn Đông"};
	f->b = (struct authz_office){.code = "PGD315",
				     .commune = "11758",
				     .free_commune = "11761",
				     .village_name = "Thôn Nam"};
	authz_geography(f);
	authz_office_build(f, &f->a, 0);
	authz_office_build(f, &f->b, 1);
	authz_merger(f);
	authz_users(f);
}

static void authz_fixture_free(struct authz_fixture *f)
{
	store_close(f->s);
	testdb_cleanup(f->url);
}

#endif
