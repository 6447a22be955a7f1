/* Households (issue 4): validation (R-HH-3), one household per citizen ID, the office that
 * serves the commune, access (R-ORG-4), audit, search without diacritics, and the status
 * history read back (R-HH-1, R-HH-4). Runs on SQLite and on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/household.h"
#include "support/testdb.h"

static enum td_backend backend;

/* Hải Phòng: PGD314 (Kiến Thụy) serves 11695 and 11698 through its district; 11701 is
 * served by a commune point of PGD315 (Tiên Lãng); district 313 (An Lão) has no office. */
static const char network_sql[] =
	"INSERT INTO admin_unit (level, code, valid_from, name, unit_type, parent_code) VALUES "
	"('province', '31', '2008-08-01', 'Thành phố Hải Phòng', 'Thành phố', NULL), "
	"('district', '313', '2008-08-01', 'Huyện An Lão', 'Huyện', '31'), "
	"('district', '314', '2008-08-01', 'Huyện Kiến Thuỵ', 'Huyện', '31'), "
	"('district', '315', '2008-08-01', 'Huyện Tiên Lãng', 'Huyện', '31'), "
	"('commune', '11632', '2008-08-01', 'Xã Bát Trang', 'Xã', '313'), "
	"('commune', '11695', '2008-08-01', 'Xã Đông Phương', 'Xã', '314'), "
	"('commune', '11698', '2008-08-01', 'Xã Thuận Thiên', 'Xã', '314'), "
	"('commune', '11701', '2008-08-01', 'Xã Hữu Bằng', 'Xã', '314'), "
	"('commune', '11758', '2008-08-01', 'Xã Đại Thắng', 'Xã', '315');"
	"INSERT INTO office (code, kind, province_code, district_code) VALUES "
	"('CN31', 'branch', '31', NULL), ('PGD314', 'district', '31', '314'), "
	"('PGD315', 'district', '31', '315');"
	"INSERT INTO office_version (office_id, name, parent_id, valid_from) "
	"SELECT id, 'Chi nhánh Hải Phòng', 1, '2003-01-01' FROM office WHERE code = 'CN31';"
	"INSERT INTO office_version (office_id, name, parent_id, valid_from) "
	"SELECT o.id, 'PGD ' || o.district_code, b.id, '2003-01-01' FROM office o, office b "
	"WHERE o.kind = 'district' AND b.code = 'CN31';"
	"INSERT INTO commune_point (code, office_id, name, meeting_day, valid_from) "
	"SELECT 'DGD11701', id, 'Điểm giao dịch xã Hữu Bằng', 17, '2010-01-01' FROM office "
	"WHERE code = 'PGD315';"
	"INSERT INTO commune_point (code, office_id, name, meeting_day, valid_from) "
	"SELECT 'DGD11695', id, 'Điểm giao dịch xã Đông Phương', 5, '2010-01-01' FROM office "
	"WHERE code = 'PGD314';"
	"INSERT INTO commune_point_commune (point_id, commune_code, valid_from) "
	"SELECT id, '11701', '2010-01-01' FROM commune_point WHERE code = 'DGD11701';"
	"INSERT INTO village (commune_code, name, valid_from, valid_to) VALUES "
	"('11695', 'Thôn Đông', '2010-01-01', NULL), ('11695', 'Thôn Tây', '2010-01-01', NULL), "
	"('11695', 'Thôn Cũ', '2010-01-01', '2020-01-01'), "
	"('11698', 'Thôn Nam', '2010-01-01', NULL), ('11701', 'Thôn Bắc', '2010-01-01', NULL), "
	"('11632', 'Thôn Một', '2010-01-01', NULL), ('11758', 'Thôn Hai', '2010-01-01', NULL);"
	/* each village's commune as history (migration 0021) */
	"INSERT INTO village_commune (village_id, commune_code, valid_from, valid_to) SELECT id, "
	"commune_code, valid_from, valid_to FROM village;"
	/* Two groups in Thôn Đông: one of the Women's Union chapter, one of the Farmers'. */
	"INSERT INTO org_chapter (org, level, admin_code, office_id, name, valid_from) "
	"SELECT 'women', 'commune', '11695', id, 'Hội LHPN xã Đông Phương', '2010-01-01' "
	"FROM office WHERE code = 'PGD314';"
	"INSERT INTO org_chapter (org, level, admin_code, office_id, name, valid_from) "
	"SELECT 'farmers', 'commune', '11695', id, 'Hội Nông dân xã Đông Phương', '2010-01-01' "
	"FROM office WHERE code = 'PGD314';"
	"INSERT INTO staff (office_id, full_name, role, valid_from) "
	"SELECT id, 'Vũ Văn Tín', 'credit_officer', '2010-01-01' FROM office WHERE code = 'PGD314';"
	"INSERT INTO savings_group (code, name, village_id, chapter_id, point_id, "
	"officer_staff_id, office_id, decision_no, decision_date, founded_on) "
	"SELECT 'T' || c.org, 'Tổ ' || c.org, v.id, c.id, p.id, s.id, p.office_id, '12/QĐ-UBND', "
	"'2015-03-01', '2015-03-01' FROM org_chapter c, village v, commune_point p, staff s "
	"WHERE v.name = 'Thôn Đông' AND p.code = 'DGD11695';"
	"INSERT INTO group_version (group_id, chapter_id, point_id, officer_staff_id, office_id, "
	"reason, valid_from) SELECT id, chapter_id, point_id, officer_staff_id, office_id, "
	"'founded', founded_on FROM savings_group;";

struct fx {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	int64_t pgd314, pgd315;
	int64_t dong, tay, cu, nam, bac, mot; /* villages */
	int64_t g_women, g_farmers, ch_women;
	struct td_actor admin, officer, other_officer, teller, auditor, union_officer, leader;
	struct td_ctx ctx; /* acting as admin unless a test changes ctx.actor */
};

static td_date day(const char *iso)
{
	td_date d = 0;
	assert_int_equal(date_parse_iso(iso, &d, NULL), TD_OK);
	return d;
}

static int64_t q_int(struct td_store *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int64_t q_int(struct td_store *s, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	struct td_error err = {0};
	int64_t v = -1;
	if (store_query_int64(s, sql, &v, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

static void exec(struct td_store *s, const char *sql)
{
	struct td_error err = {0};
	if (store_exec(s, sql, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
}

static struct td_actor actor(const char *name, enum td_role role, int64_t office)
{
	struct td_actor a = {.user_id = 100 + role, .role = role, .office_id = office};
	snprintf(a.username, sizeof a.username, "%s", name);
	return a;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testdb_open(backend, true, &f->s, f->url, sizeof f->url))
		return -1;
	exec(f->s, network_sql);
	f->pgd314 = q_int(f->s, "SELECT id FROM office WHERE code = 'PGD314'");
	f->pgd315 = q_int(f->s, "SELECT id FROM office WHERE code = 'PGD315'");
	f->dong = q_int(f->s, "SELECT id FROM village WHERE name = 'Thôn Đông'");
	f->tay = q_int(f->s, "SELECT id FROM village WHERE name = 'Thôn Tây'");
	f->cu = q_int(f->s, "SELECT id FROM village WHERE name = 'Thôn Cũ'");
	f->nam = q_int(f->s, "SELECT id FROM village WHERE name = 'Thôn Nam'");
	f->bac = q_int(f->s, "SELECT id FROM village WHERE name = 'Thôn Bắc'");
	f->mot = q_int(f->s, "SELECT id FROM village WHERE name = 'Thôn Một'");
	f->g_women = q_int(f->s, "SELECT id FROM savings_group WHERE code = 'Twomen'");
	f->g_farmers = q_int(f->s, "SELECT id FROM savings_group WHERE code = 'Tfarmers'");
	f->ch_women = q_int(f->s, "SELECT chapter_id FROM savings_group WHERE code = 'Twomen'");
	actor_system(&f->admin);
	f->officer = actor("tin.vv", ROLE_CREDIT_OFFICER, f->pgd314);
	f->other_officer = actor("lang.tl", ROLE_CREDIT_OFFICER, f->pgd315);
	f->teller = actor("thu.quy", ROLE_TELLER, f->pgd314);
	f->auditor = actor("kiem.toan", ROLE_AUDITOR, 1);
	f->union_officer = actor("hoi.phunu", ROLE_UNION_OFFICER, f->pgd314);
	f->union_officer.chapter_id = f->ch_women;
	f->leader = actor("to.truong", ROLE_GROUP_LEADER, f->pgd314);
	f->leader.group_id = f->g_women;
	f->ctx = (struct td_ctx){
		.store = f->s, .actor = &f->admin, .business_date = day("2025-03-10")};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->s);
	testdb_cleanup(f->url);
	free(f);
	return 0;
}

/* A valid input: Nguyễn Văn An, male, born 1975 in Hải Phòng (province code 031). */
static struct household_input good(int64_t village)
{
	return (struct household_input){.cccd = "031075001234",
					.head_name = "Nguyễn Văn An",
					.village_id = village,
					.phone = "0912345678",
					.members = 4};
}

static int64_t create_ok(struct fx *f, struct household_input in)
{
	struct td_error err = {0};
	int64_t id = 0;
	int rc = household_create(&f->ctx, &in, &id, &err);
	if (rc != TD_OK)
		fail_msg("create %s: %s: %s", in.cccd, td_code_name(rc), err.msg);
	assert_true(id > 0);
	return id;
}

static int64_t count_households(struct fx *f)
{
	return q_int(f->s, "SELECT count(*) FROM household");
}

static int64_t count_audit(struct fx *f, const char *action, int64_t id)
{
	return q_int(f->s,
		     "SELECT count(*) FROM audit_log WHERE entity = 'household' AND action = '%s' "
		     "AND entity_id = %lld",
		     action, (long long)id);
}

static json_t *get_ok(struct fx *f, int64_t id)
{
	struct td_error err = {0};
	json_t *j = NULL;
	int rc = household_get(&f->ctx, id, &j, &err);
	if (rc != TD_OK)
		fail_msg("get %lld: %s: %s", (long long)id, td_code_name(rc), err.msg);
	return j;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v))
		fail_msg("%s is not a string", key);
	return json_string_value(v);
}

static json_int_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

/* The created household reads back normalised: sex and birth year from the ID (R-HH-3),
 * name tidied, phone from +84, office of the commune's district, one audit record. */
static void test_create_normalises_and_audits_R_HH_3(void **state)
{
	struct fx *f = *state;
	struct household_input in = good(f->dong);
	in.head_name = "  Nguyễn   Văn An ";
	in.phone = "+84 912 345 678";
	in.ethnicity = "Tày";
	in.flags = "disabled;rural";
	int64_t id = create_ok(f, in);
	json_t *j = get_ok(f, id);
	assert_string_equal(jstr(j, "cccd"), "031075001234");
	assert_string_equal(jstr(j, "head_name"), "Nguyễn Văn An");
	assert_string_equal(jstr(j, "sex"), "male");
	assert_int_equal(jint(j, "birth_year"), 1975);
	assert_string_equal(jstr(j, "ethnicity"), "Tày");
	assert_string_equal(jstr(j, "phone"), "0912345678");
	assert_string_equal(jstr(j, "village_name"), "Thôn Đông");
	assert_string_equal(jstr(j, "commune_code"), "11695");
	assert_int_equal(jint(j, "office_id"), f->pgd314);
	assert_int_equal(jint(j, "members"), 4);
	assert_string_equal(jstr(j, "created_on"), "2025-03-10");
	/* A non-Kinh ethnicity implies ethnic_minority; flags in programme.h order. */
	json_t *flags = json_object_get(j, "flags");
	assert_int_equal(json_array_size(flags), 3);
	assert_string_equal(json_string_value(json_array_get(flags, 0)), "ethnic_minority");
	assert_string_equal(json_string_value(json_array_get(flags, 1)), "disabled");
	assert_string_equal(json_string_value(json_array_get(flags, 2)), "rural");
	assert_true(json_is_null(json_object_get(j, "status")));
	assert_int_equal(json_array_size(json_object_get(j, "poverty_status")), 0);
	json_decref(j);
	assert_int_equal(count_audit(f, "create", id), 1);
}

/* Office resolution: a commune point serving the commune wins over the district office. */
static void test_create_office_from_commune_point(void **state)
{
	struct fx *f = *state;
	int64_t id = create_ok(f, good(f->bac));
	assert_int_equal(
		q_int(f->s, "SELECT office_id FROM household WHERE id = %lld", (long long)id),
		f->pgd315);
}

/* R-ORG-1: PGD315 merged into PGD314 on 01/01/2025: a household of Tiên Lãng created on
 * 10/03/2025 belongs to PGD314, the office that absorbed it. */
static void test_create_office_follows_a_merge_R_ORG_1(void **state)
{
	struct fx *f = *state;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "UPDATE office_version SET valid_to = '2025-01-01' WHERE office_id = %lld;"
		 "UPDATE office SET merged_into = %lld WHERE id = %lld",
		 (long long)f->pgd315, (long long)f->pgd314, (long long)f->pgd315);
	exec(f->s, sql);
	int64_t id =
		create_ok(f, good(q_int(f->s, "SELECT id FROM village WHERE name = 'Thôn Hai'")));
	assert_int_equal(
		q_int(f->s, "SELECT office_id FROM household WHERE id = %lld", (long long)id),
		f->pgd314);
}

/* No point serves the commune and its district has no office: precise error, nothing. */
static void test_create_refused_when_no_office_serves_the_commune(void **state)
{
	struct fx *f = *state;
	struct household_input in = good(f->mot);
	struct td_error err = {0};
	assert_int_equal(household_create(&f->ctx, &in, NULL, &err), TD_ERULE);
	assert_non_null(strstr(err.msg, "no office serves commune 11632"));
	assert_non_null(strstr(err.msg, "PGD313"));
	assert_int_equal(count_households(f), 0);
}

struct reject_case {
	const char *what;
	struct household_input in; /* village_id 0 is replaced by Thôn Đông */
	const char *want;	   /* in the message */
};

/* Each malformed field is refused with a message naming it; nothing is written. The
 * citizen ID cases name the wrong part (R-HH-3). */
static void test_create_rejects_each_bad_field_R_HH_3(void **state)
{
	struct fx *f = *state;
	const struct reject_case cases[] = {
		{"short ID", {.cccd = "0311234", .head_name = "A B", .members = 1}, "has 7 digits"},
		{"letter in ID",
		 {.cccd = "03107500123x", .head_name = "A B", .members = 1},
		 "character 12 'x' is not a digit"},
		{"province",
		 {.cccd = "099075001234", .head_name = "A B", .members = 1},
		 "province code 099 does not exist"},
		{"born later",
		 {.cccd = "031226001234", .head_name = "A B", .members = 1},
		 "năm sinh 2026 ở tương lai"},
		{"empty ID", {.cccd = "", .head_name = "A B", .members = 1}, "citizen ID is empty"},
		{"sex",
		 {.cccd = "031075001234", .head_name = "A B", .sex = "Nữ", .members = 1},
		 "sex Nữ does not match citizen ID 031075001234, which says Nam"},
		{"sex word",
		 {.cccd = "031075001234", .head_name = "A B", .sex = "x", .members = 1},
		 "sex 'x' is not male/female"},
		{"birth year",
		 {.cccd = "031075001234", .head_name = "A B", .birth_year = 1976, .members = 1},
		 "birth_year 1976 does not match citizen ID 031075001234, which says 1975"},
		{"no name",
		 {.cccd = "031075001234", .head_name = "  ", .members = 1},
		 "head_name (họ tên chủ hộ) is empty"},
		{"digit in name",
		 {.cccd = "031075001234", .head_name = "Lê 031", .members = 1},
		 "contains a digit"},
		{"members 0",
		 {.cccd = "031075001234", .head_name = "A B", .members = 0},
		 "members 0 is outside 1..50"},
		{"members 51",
		 {.cccd = "031075001234", .head_name = "A B", .members = 51},
		 "members 51 is outside 1..50"},
		{"phone short",
		 {.cccd = "031075001234", .head_name = "A B", .phone = "091234567", .members = 1},
		 "has 9 digits, needs 10"},
		{"phone landline",
		 {.cccd = "031075001234", .head_name = "A B", .phone = "0225123456", .members = 1},
		 "mobile numbers start with 03, 05, 07, 08 or 09"},
		{"phone no 0",
		 {.cccd = "031075001234", .head_name = "A B", .phone = "9123456789", .members = 1},
		 "must start with 0"},
		{"phone letter",
		 {.cccd = "031075001234", .head_name = "A B", .phone = "09123a5678", .members = 1},
		 "'a' is not a digit"},
		{"phone long",
		 {.cccd = "031075001234",
		  .head_name = "A B",
		  .phone = "091234567890",
		  .members = 1},
		 "more than 10 digits"},
		{"flag unknown",
		 {.cccd = "031075001234", .head_name = "A B", .flags = "poor", .members = 1},
		 "flag 'poor' is unknown"},
		{"loan flag",
		 {.cccd = "031075001234",
		  .head_name = "A B",
		  .flags = "purpose_land",
		  .members = 1},
		 "describes a loan"},
		{"kinh minority",
		 {.cccd = "031075001234",
		  .head_name = "A B",
		  .ethnicity = "Kinh",
		  .flags = "ethnic_minority",
		  .members = 1},
		 "contradicts ethnicity Kinh"},
		{"village",
		 {.cccd = "031075001234", .head_name = "A B", .village_id = 999999, .members = 1},
		 "village 999999 does not exist"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct household_input in = cases[i].in;
		if (!in.village_id)
			in.village_id = f->dong;
		struct td_error err = {0};
		int rc = household_create(&f->ctx, &in, NULL, &err);
		if (rc != TD_EINVAL || !strstr(err.msg, cases[i].want))
			fail_msg("%s: got %s '%s', want invalid '%s'", cases[i].what,
				 td_code_name(rc), err.msg, cases[i].want);
	}
	assert_int_equal(count_households(f), 0);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM audit_log"), 0);
}

/* Several problems at once: every one is in the message. */
static void test_create_reports_every_problem(void **state)
{
	struct fx *f = *state;
	struct household_input in = {.cccd = "03107500123",
				     .head_name = "",
				     .phone = "12",
				     .members = 0,
				     .village_id = f->cu};
	struct td_error err = {0};
	assert_int_equal(household_create(&f->ctx, &in, NULL, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "has 11 digits"));
	assert_non_null(strstr(err.msg, "head_name"));
	assert_non_null(strstr(err.msg, "phone '12'"));
	assert_non_null(strstr(err.msg, "members 0"));
	/* A village that closed before the business date. */
	assert_non_null(strstr(err.msg, "(Thôn Cũ) is not valid on 2025-03-10"));
}

/* One household per citizen ID: the second is refused naming the first. */
static void test_one_household_per_citizen_id(void **state)
{
	struct fx *f = *state;
	int64_t id = create_ok(f, good(f->dong));
	struct household_input in = good(f->nam);
	in.head_name = "Nguyễn Văn Bình";
	struct td_error err = {0};
	assert_int_equal(household_create(&f->ctx, &in, NULL, &err), TD_EUNIQUE);
	char want[128];
	snprintf(want, sizeof want, "already belongs to household %lld (Nguyễn Văn An)",
		 (long long)id);
	assert_non_null(strstr(err.msg, want));
	assert_int_equal(count_households(f), 1);
}

/* R-ORG-4: a teller may not write; a credit officer only inside its office subtree. */
static void test_create_access_R_ORG_4(void **state)
{
	struct fx *f = *state;
	struct household_input in = good(f->dong);
	struct td_error err = {0};
	f->ctx.actor = &f->teller;
	assert_int_equal(household_create(&f->ctx, &in, NULL, &err), TD_EFORBIDDEN);
	f->ctx.actor = &f->auditor;
	assert_int_equal(household_create(&f->ctx, &in, NULL, &err), TD_EFORBIDDEN);
	f->ctx.actor = &f->other_officer; /* PGD315 writing in PGD314's commune */
	assert_int_equal(household_create(&f->ctx, &in, NULL, &err), TD_EFORBIDDEN);
	assert_non_null(strstr(err.msg, "outside its subtree"));
	assert_int_equal(count_households(f), 0);
	f->ctx.actor = &f->officer;
	create_ok(f, in);
	assert_int_equal(count_households(f), 1);
}

static void test_update_changes_fields_and_audits_before_after(void **state)
{
	struct fx *f = *state;
	int64_t id = create_ok(f, good(f->dong));
	struct household_input in = good(f->nam);
	in.members = 6;
	in.phone = "";
	struct td_error err = {0};
	assert_int_equal(household_update(&f->ctx, id, &in, &err), TD_OK);
	json_t *j = get_ok(f, id);
	assert_string_equal(jstr(j, "commune_code"), "11698");
	assert_int_equal(jint(j, "members"), 6);
	assert_string_equal(jstr(j, "phone"), "");
	json_decref(j);
	assert_int_equal(count_audit(f, "update", id), 1);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM audit_log WHERE action = 'update' AND "
				     "before_json LIKE '%%\"members\":4%%' AND after_json LIKE "
				     "'%%\"members\":6%%'"),
			 1);
	/* The same values again: nothing to write, no audit record. */
	assert_int_equal(household_update(&f->ctx, id, &in, &err), TD_OK);
	assert_int_equal(count_audit(f, "update", id), 1);
}

static void test_update_refusals(void **state)
{
	struct fx *f = *state;
	int64_t a = create_ok(f, good(f->dong));
	struct household_input b_in = good(f->dong);
	b_in.cccd = "031182004567";
	b_in.head_name = "Trần Thị Bích";
	int64_t b = create_ok(f, b_in);
	struct td_error err = {0};
	/* b may not take a's citizen ID. */
	struct household_input in = good(f->dong);
	assert_int_equal(household_update(&f->ctx, b, &in, &err), TD_EUNIQUE);
	/* A household that does not exist. */
	assert_int_equal(household_update(&f->ctx, 999999, &b_in, &err), TD_ENOTFOUND);
	assert_non_null(strstr(err.msg, "999999"));
	/* Outside the actor's subtree, before and after a move (R-ORG-4). */
	f->ctx.actor = &f->other_officer;
	assert_int_equal(household_update(&f->ctx, a, &in, &err), TD_EFORBIDDEN);
	f->ctx.actor = &f->officer;
	in.village_id = f->bac; /* served by PGD315 */
	assert_int_equal(household_update(&f->ctx, a, &in, &err), TD_EFORBIDDEN);
	f->ctx.actor = &f->admin;
	/* Bad input: every problem, nothing changed. */
	in.members = 0;
	assert_int_equal(household_update(&f->ctx, a, &in, &err), TD_EINVAL);
	assert_int_equal(q_int(f->s, "SELECT members FROM household WHERE id = %lld", (long long)a),
			 4);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM audit_log WHERE action = 'update'"), 0);
}

/* Status history as rows of a poverty_import, read back newest first; "status" is the
 * business date's year (R-HH-1, R-HH-4). */
static void add_status(struct fx *f, int64_t id, int year, const char *status)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO poverty_import (commune_code, year, office_id, file_name, sha256, "
		 "rows_read, new_households, unchanged, status_changed, left_list, rejected, "
		 "business_date, user_id, username) VALUES ('11695', %d, %lld, 'x.csv', 'x', 0, 0, "
		 "0, 0, 0, 0, '2025-01-01', 0, 'system');"
		 "INSERT INTO poverty_status (household_id, year, status, commune_code, import_id, "
		 "recorded_on) SELECT %lld, %d, '%s', '11695', max(id), '2025-01-01' FROM "
		 "poverty_import;",
		 year, (long long)f->pgd314, (long long)id, year, status);
	exec(f->s, sql);
}

static void test_get_shows_status_history_R_HH_1(void **state)
{
	struct fx *f = *state;
	int64_t id = create_ok(f, good(f->dong));
	add_status(f, id, 2023, "poor");
	add_status(f, id, 2024, "near_poor");
	add_status(f, id, 2025, "newly_escaped");
	json_t *j = get_ok(f, id);
	assert_string_equal(jstr(j, "status"), "newly_escaped");
	json_t *h = json_object_get(j, "poverty_status");
	assert_int_equal(json_array_size(h), 3);
	assert_int_equal(jint(json_array_get(h, 0), "year"), 2025);
	assert_string_equal(jstr(json_array_get(h, 1), "status"), "near_poor");
	assert_string_equal(jstr(json_array_get(h, 2), "status"), "poor");
	json_decref(j);
	/* R-HH-4: the status valid on a date is its year's; a year without a row is none. */
	struct td_error err = {0};
	enum hh_status st;
	assert_int_equal(household_status_on(&f->ctx, id, day("2024-12-31"), &st, &err), TD_OK);
	assert_int_equal(st, HH_NEAR_POOR);
	assert_int_equal(household_status_on(&f->ctx, id, day("2022-06-01"), &st, &err), TD_OK);
	assert_int_equal(st, HH_NONE);
}

/* Reads: not found; outside the subtree; union officer and group leader only see members
 * of their chapter's / their own group (R-ORG-4). */
static void test_get_access_R_ORG_4(void **state)
{
	struct fx *f = *state;
	int64_t id = create_ok(f, good(f->dong));
	json_t *j = NULL;
	struct td_error err = {0};
	assert_int_equal(household_get(&f->ctx, 999999, &j, &err), TD_ENOTFOUND);
	f->ctx.actor = &f->other_officer;
	assert_int_equal(household_get(&f->ctx, id, &j, &err), TD_EFORBIDDEN);
	f->ctx.actor = &f->union_officer;
	assert_int_equal(household_get(&f->ctx, id, &j, &err), TD_EFORBIDDEN);
	f->ctx.actor = &f->leader;
	assert_int_equal(household_get(&f->ctx, id, &j, &err), TD_EFORBIDDEN);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO group_member (group_id, household_id, role, joined_on) "
		 "VALUES (%lld, %lld, 'member', '2020-01-01')",
		 (long long)f->g_women, (long long)id);
	exec(f->s, sql);
	f->ctx.actor = &f->union_officer;
	json_decref(get_ok(f, id));
	f->ctx.actor = &f->leader;
	j = get_ok(f, id);
	assert_int_equal(jint(j, "group_id"), f->g_women);
	json_decref(j);
	f->ctx.actor = &f->teller;
	json_decref(get_ok(f, id));
}

static json_t *search(struct fx *f, struct household_query q)
{
	struct td_error err = {0};
	json_t *j = NULL;
	int rc = household_search(&f->ctx, &q, &j, &err);
	if (rc != TD_OK)
		fail_msg("search: %s: %s", td_code_name(rc), err.msg);
	return j;
}

static int64_t total(json_t *j)
{
	int64_t n = jint(j, "total");
	json_decref(j);
	return n;
}

/* Eight households in three villages and two groups, for the search tests. */
static void add_search_households(struct fx *f)
{
	static const struct {
		const char *cccd, *name;
		int village; /* 0 Đông, 1 Tây, 2 Nam */
	} hs[] = {
		{"031075001234", "Nguyễn Văn An", 0},  {"031080002345", "Nguyễn Văn Ánh", 0},
		{"031182003456", "Nguyễn Thị Lan", 1}, {"031065004567", "Trần Văn Bình", 1},
		{"031190005678", "Đặng Thị Hương", 2}, {"031070006789", "Đỗ Văn Đức", 2},
		{"031077007890", "Lê Văn Tám", 0},     {"031185008901", "Phạm Thị Mai", 0},
	};
	int64_t villages[3] = {f->dong, f->tay, f->nam};
	for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
		struct household_input in = {.cccd = hs[i].cccd,
					     .head_name = hs[i].name,
					     .village_id = villages[hs[i].village],
					     .members = 3};
		int64_t id = create_ok(f, in);
		if (i < 2 || i == 7) { /* An, Ánh in the women's group; Mai in the farmers' */
			char sql[256];
			snprintf(sql, sizeof sql,
				 "INSERT INTO group_member (group_id, household_id, role, "
				 "joined_on) "
				 "VALUES (%lld, %lld, 'member', '2020-01-01')",
				 (long long)(i < 2 ? f->g_women : f->g_farmers), (long long)id);
			exec(f->s, sql);
		}
	}
	/* Lê Văn Tám was in the women's group until 2024. */
	exec(f->s, "INSERT INTO group_member (group_id, household_id, role, joined_on, left_on) "
		   "SELECT g.id, h.id, 'member', '2020-01-01', '2024-01-01' FROM savings_group g, "
		   "household h WHERE g.code = 'Twomen' AND h.cccd = '031077007890'");
}

/* "nguyen van a" finds "Nguyễn Văn An" and "Nguyễn Văn Ánh"; any case and diacritics,
 * decomposed input too; a substring in the middle; LIKE wildcards are literal. */
static void test_search_by_name_without_diacritics(void **state)
{
	struct fx *f = *state;
	add_search_households(f);
	json_t *j = search(f, (struct household_query){.q = "nguyen van a"});
	assert_int_equal(jint(j, "total"), 2);
	json_t *items = json_object_get(j, "items");
	assert_string_equal(jstr(json_array_get(items, 0), "head_name"), "Nguyễn Văn An");
	assert_string_equal(jstr(json_array_get(items, 1), "head_name"), "Nguyễn Văn Ánh");
	json_decref(j);
	assert_int_equal(total(search(f, (struct household_query){.q = "NGUYỄN"})), 3);
	assert_int_equal(total(search(f, (struct household_query){.q = "Nguye\xcc\x82\xcc\x83n"})),
			 3);
	assert_int_equal(total(search(f, (struct household_query){.q = "thi"})), 3);
	assert_int_equal(total(search(f, (struct household_query){.q = "  duc "})), 1);
	assert_int_equal(total(search(f, (struct household_query){.q = "dang thi huong"})), 1);
	assert_int_equal(total(search(f, (struct household_query){.q = "%"})), 0);
	assert_int_equal(total(search(f, (struct household_query){.q = "_"})), 0);
	assert_int_equal(total(search(f, (struct household_query){.q = "vu"})), 0);
	assert_int_equal(total(search(f, (struct household_query){.q = ""})), 8);
	struct td_error err = {0};
	json_t *none = NULL;
	struct household_query bad = {.q = "李"};
	assert_int_equal(household_search(&f->ctx, &bad, &none, &err), TD_EINVAL);
}

static void test_search_by_cccd_village_group_and_pages(void **state)
{
	struct fx *f = *state;
	add_search_households(f);
	json_t *j = search(f, (struct household_query){.cccd = "031190005678"});
	assert_int_equal(jint(j, "total"), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(j, "items"), 0), "head_name"),
			    "Đặng Thị Hương");
	json_decref(j);
	assert_int_equal(total(search(f, (struct household_query){.cccd = "03119000567"})), 0);
	assert_int_equal(total(search(f, (struct household_query){.village_id = f->dong})), 4);
	assert_int_equal(
		total(search(f, (struct household_query){.village_id = f->nam, .q = "duc"})), 1);
	/* Members on the business date: Tám left the women's group in 2024. */
	assert_int_equal(total(search(f, (struct household_query){.group_id = f->g_women})), 2);
	assert_int_equal(total(search(f, (struct household_query){.group_id = f->g_farmers})), 1);
	/* Pages in name order: 8 households, 3 per page. */
	j = search(f, (struct household_query){.limit = 3, .offset = 6});
	assert_int_equal(jint(j, "total"), 8);
	assert_int_equal(jint(j, "limit"), 3);
	assert_int_equal(jint(j, "offset"), 6);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(jstr(json_array_get(items, 1), "head_name"), "Trần Văn Bình");
	json_decref(j);
	j = search(f, (struct household_query){0});
	assert_int_equal(jint(j, "limit"), 50);
	json_decref(j);
	struct td_error err = {0};
	json_t *none = NULL;
	struct household_query big = {.limit = 501};
	assert_int_equal(household_search(&f->ctx, &big, &none, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "limit 501"));
	struct household_query neg = {.offset = -1};
	assert_int_equal(household_search(&f->ctx, &neg, &none, &err), TD_EINVAL);
}

/* Lists show only the actor's scope (R-ORG-4). */
static void test_search_scope_R_ORG_4(void **state)
{
	struct fx *f = *state;
	add_search_households(f);
	struct household_input in = good(f->bac); /* served by PGD315 */
	in.cccd = "031099009999";
	in.head_name = "Vũ Thị Hà";
	create_ok(f, in);
	assert_int_equal(total(search(f, (struct household_query){0})), 9);
	f->ctx.actor = &f->officer;
	assert_int_equal(total(search(f, (struct household_query){0})), 8);
	f->ctx.actor = &f->other_officer;
	assert_int_equal(total(search(f, (struct household_query){0})), 1);
	assert_int_equal(total(search(f, (struct household_query){.q = "nguyen"})), 0);
	f->ctx.actor = &f->union_officer; /* the women's chapter: An and Ánh */
	assert_int_equal(total(search(f, (struct household_query){0})), 2);
	f->ctx.actor = &f->leader; /* the women's group */
	assert_int_equal(total(search(f, (struct household_query){0})), 2);
	assert_int_equal(total(search(f, (struct household_query){.group_id = f->g_farmers})), 0);
	f->ctx.actor = &f->auditor;
	assert_int_equal(total(search(f, (struct household_query){0})), 9);
}

int main(void)
{
	backend = testdb_backend_from_env();
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_normalises_and_audits_R_HH_3),
		T(test_create_office_from_commune_point),
		T(test_create_office_follows_a_merge_R_ORG_1),
		T(test_create_refused_when_no_office_serves_the_commune),
		T(test_create_rejects_each_bad_field_R_HH_3),
		T(test_create_reports_every_problem),
		T(test_one_household_per_citizen_id),
		T(test_create_access_R_ORG_4),
		T(test_update_changes_fields_and_audits_before_after),
		T(test_update_refusals),
		T(test_get_shows_status_history_R_HH_1),
		T(test_get_access_R_ORG_4),
		T(test_search_by_name_without_diacritics),
		T(test_search_by_cccd_village_group_and_pages),
		T(test_search_scope_R_ORG_4),
	};
	return cmocka_run_group_tests_name(backend == TD_BACKEND_POSTGRES ? "household/postgres"
									  : "household/sqlite",
					   tests, NULL, NULL);
}
