/*
 * The country after 1 July 2025 (R-ORG-1, R-ORG-4) on both stores: the new list and the
 * mapping loaded as a dated change (twice = no change; a malformed row names its file and
 * line and loads nothing); a village, household, group and point of a merged commune are
 * in the old commune on 2025-06-30 and the new one on 2025-07-01; a split commune's
 * village awaits a decision and takes the proposal or the chosen commune; the scope of a
 * credit officer and a union officer and the office tree do not move with the map, and
 * the bank's own merger of branches composes with it.
 *
 * The place, in the statistics office's codes (Kiến Thuỵ and Tiên Lãng of Hải Phòng, a
 * ward of Hải Dương), and where the mapping sends it on 2025-07-01:
 *   11695 Đông Phương (314) + 11704 Đại Đồng (314)  -> 11725 Kiến Minh
 *   11728 Kiến Hưng (314), split                     -> 11728 Kiến Hưng and 11749 Kiến Hải
 *   11758 Đại Thắng (315, office B)                  -> 11728 Kiến Hưng (two offices)
 *   10507 Cẩm Thượng (province 30)                   -> 10507 Thành Đông (province 31)
 *   island district 318, no communes                 -> 11948 Bạch Long Vĩ
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/chapter.h"
#include "bank/group.h"
#include "bank/household.h"
#include "bank/merger.h"
#include "bank/month_end.h"
#include "support/testdb.h"

static enum td_backend backend;

struct fx {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	struct td_actor actor;
	struct td_ctx ctx;
	int64_t pgd314, pgd315, pgd288, cn30, cn31;
	int64_t v_dong, v_dong2, v_tay, v_hung1, v_hung2, v_nam, v_khu;
	int64_t p1, p2, p3, p4, officer314, officer315, chapter;
	int64_t hh[3], hh_hung, hh_nam, hh_khu, group;
};

static td_date D(const char *iso)
{
	td_date d = 0;
	struct td_error err = {0};
	if (date_parse_iso(iso, &d, &err) != TD_OK)
		fail_msg("bad test date %s: %s", iso, err.msg);
	return d;
}

static void ok(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s: %s", what, td_code_name(rc), err->msg);
}

static int64_t count(struct fx *f, const char *sql)
{
	int64_t n = -1;
	struct td_error err = {0};
	ok(store_query_int64(f->s, sql, &n, &err), &err, sql);
	return n;
}

#define assert_msg_has(err, part)                                                                  \
	do {                                                                                       \
		if (!strstr((err)->msg, (part)))                                                   \
			fail_msg("message '%s' lacks '%s'", (err)->msg, (part));                   \
	} while (0)

/* ---- The place ------------------------------------------------------------------------- */

static const char old_csv[] =
	"province_code,province_name,district_code,district_name,district_type,commune_code,"
	"commune_name,commune_type\n"
	"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11695,Xã Đông Phương,Xã\n"
	"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11704,Xã Đại Đồng,Xã\n"
	"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11728,Xã Kiến Hưng,Xã\n"
	"31,Thành phố Hải Phòng,315,Huyện Tiên Lãng,Huyện,11758,Xã Đại Thắng,Xã\n"
	"30,Tỉnh Hải Dương,288,Thành phố Hải Dương,Thành phố,10507,Phường Cẩm Thượng,Phường\n";

#define UNITS_HEADER "province_code,province_name,commune_code,commune_name,commune_type\n"
#define UNITS_ROWS                                                                                 \
	"31,Thành phố Hải Phòng,11725,Xã Kiến Minh,Xã\n"                                 \
	"31,Thành phố Hải Phòng,11728,Xã Kiến Hưng,Xã\n"                                \
	"31,Thành phố Hải Phòng,11749,Xã Kiến Hải,Xã\n"                                \
	"31,Thành phố Hải Phòng,10507,Phường Thành Đông,Phường\n"                   \
	"31,Thành phố Hải Phòng,11948,Đặc khu Bạch Long Vĩ,Đặc khu\n"
static const char units_rows[] = UNITS_ROWS;

#define MAP_HEADER                                                                                 \
	"new_province_code,new_commune_code,new_commune_name,old_province_code,"                   \
	"old_district_code,old_commune_code,old_commune_name,part\n"
#define M_MINH1 "31,11725,Xã Kiến Minh,31,314,11695,Xã Đông Phương,full\n"
#define M_MINH2 "31,11725,Xã Kiến Minh,31,314,11704,Xã Đại Đồng,full\n"
#define M_HUNG1 "31,11728,Xã Kiến Hưng,31,314,11728,Xã Kiến Hưng,partial\n"
#define M_HUNG2 "31,11728,Xã Kiến Hưng,31,315,11758,Xã Đại Thắng,full\n"
#define M_HAI "31,11749,Xã Kiến Hải,31,314,11728,Xã Kiến Hưng,partial\n"
#define M_DONG "31,10507,Phường Thành Đông,30,288,10507,Phường Cẩm Thượng,full\n"
#define M_ISLAND "31,11948,Đặc khu Bạch Long Vĩ,31,318,,Huyện Bạch Long Vĩ,full\n"
#define MAP_ROWS M_MINH1 M_MINH2 M_HUNG1 M_HUNG2 M_HAI M_DONG M_ISLAND

static int import_2025(struct fx *f, const char *units, const char *mapping, const char *on,
		       struct admin_2025_report *rep, struct td_error *err)
{
	struct admin_2025_options opt = {"units.csv", "mapping.csv", D(on)};
	return admin_units_2025_import_text(&f->ctx, units, strlen(units), mapping, strlen(mapping),
					    &opt, rep, err);
}

static void import_ok(struct fx *f, struct admin_2025_report *rep)
{
	struct td_error err = {0};
	ok(import_2025(f, UNITS_HEADER UNITS_ROWS, MAP_HEADER MAP_ROWS, "2025-07-01", rep, &err),
	   &err, "import 2025");
}

static int64_t village(struct fx *f, const char *commune, const char *name)
{
	int64_t id = 0;
	struct td_error err = {0};
	struct village_input in = {commune, name, D("2010-01-01")};
	ok(village_create(&f->ctx, &in, &id, &err), &err, name);
	return id;
}

static int64_t point(struct fx *f, const char *code, int64_t office, const char *const *communes,
		     size_t n)
{
	struct point_input in = {.code = code,
				 .office_id = office,
				 .name = code,
				 .place = "Trụ sở UBND xã",
				 .meeting_day = 10,
				 .communes = communes,
				 .n_communes = n,
				 .valid_from = D("2010-01-01")};
	int64_t id = 0;
	struct td_error err = {0};
	ok(point_create(&f->ctx, &in, &id, &err), &err, code);
	return id;
}

static int64_t officer(struct fx *f, int64_t office, const char *const *communes, size_t n)
{
	struct staff_input in = {.office_id = office,
				 .full_name = "Vũ Văn Tín",
				 .role = STAFF_CREDIT_OFFICER,
				 .communes = communes,
				 .n_communes = n,
				 .valid_from = D("2010-01-01")};
	int64_t id = 0;
	struct td_error err = {0};
	ok(staff_create(&f->ctx, &in, &id, &err), &err, "officer");
	return id;
}

static int64_t household(struct fx *f, int64_t v, int n)
{
	char cccd[16], name[40];
	snprintf(cccd, sizeof cccd, "0310750%05d", n);
	snprintf(name, sizeof name, "Nguyễn Văn %c", 'A' + n);
	struct household_input in = {
		.cccd = cccd, .head_name = name, .village_id = v, .members = 4};
	int64_t id = 0;
	struct td_error err = {0};
	ok(household_create(&f->ctx, &in, &id, &err), &err, name);
	return id;
}

static int64_t office_id(struct fx *f, const char *code)
{
	int64_t id = 0;
	struct td_error err = {0};
	ok(office_find_code(f->s, code, &id, &err), &err, code);
	return id;
}

static void place(struct fx *f)
{
	FILE *in = fmemopen((void *)old_csv, strlen(old_csv), "r");
	struct admin_import_options opt = {
		.source = "old.csv", .offices = true, .on = D("2010-01-01")};
	struct admin_import_report rep;
	struct td_error err = {0};
	ok(admin_units_import(&f->ctx, in, &opt, &rep, &err), &err, "old units");
	fclose(in);
	f->pgd314 = office_id(f, "PGD314"), f->pgd315 = office_id(f, "PGD315");
	f->pgd288 = office_id(f, "PGD288"), f->cn30 = office_id(f, "CN30");
	f->cn31 = office_id(f, "CN31");
	f->v_dong = village(f, "11695", "Thôn Đông");
	f->v_dong2 = village(f, "11704", "Thôn Đông");
	f->v_tay = village(f, "11704", "Thôn Tây");
	f->v_hung1 = village(f, "11728", "Thôn Hưng 1");
	f->v_hung2 = village(f, "11728", "Thôn Hưng 2");
	f->v_nam = village(f, "11758", "Thôn Nam");
	f->v_khu = village(f, "10507", "Khu 1");
	const char *c1[] = {"11695", "11704"}, *c2[] = {"11728"}, *c3[] = {"11758"},
		   *c4[] = {"10507"}, *k314[] = {"11695", "11704", "11728"};
	f->p1 = point(f, "DGD-1", f->pgd314, c1, 2);
	f->p2 = point(f, "DGD-2", f->pgd314, c2, 1);
	f->p3 = point(f, "DGD-3", f->pgd315, c3, 1);
	f->p4 = point(f, "DGD-4", f->pgd288, c4, 1);
	f->officer314 = officer(f, f->pgd314, k314, 3);
	f->officer315 = officer(f, f->pgd315, c3, 1);
	struct chapter_input ch = {"women",   "commune",     "11695",	      0,
				   f->pgd314, "Hội LHPN xã", D("2010-01-01"), ORG_NO_DATE};
	ok(chapter_create(&f->ctx, &ch, &f->chapter, &err), &err, "chapter");
	for (int i = 0; i < 3; i++)
		f->hh[i] = household(f, f->v_dong, i);
	f->hh_hung = household(f, f->v_hung1, 3);
	f->hh_nam = household(f, f->v_nam, 4);
	f->hh_khu = household(f, f->v_khu, 5);
	struct group_founding g = {.code = "TK-01",
				   .name = "Tổ Thôn Đông",
				   .village_id = f->v_dong,
				   .chapter_id = f->chapter,
				   .point_id = f->p1,
				   .officer_staff_id = f->officer314,
				   .decision_no = "12/QĐ-UBND",
				   .decision_date = D("2024-02-20"),
				   .founded_on = D("2024-03-01"),
				   .members = f->hh,
				   .n_members = 3,
				   .leader_id = f->hh[0]};
	ok(group_create(&f->ctx, &g, &f->group, &err), &err, "group");
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testdb_open(backend, true, &f->s, f->url, sizeof f->url))
		return -1;
	actor_system(&f->actor);
	f->ctx.store = f->s;
	f->ctx.actor = &f->actor;
	f->ctx.business_date = D("2025-06-01");
	place(f);
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

/* Row counts of what the merger writes, and the audit trail: equal before and after a
 * refused call means nothing changed. */
static void fingerprint(struct fx *f, char *buf, size_t size)
{
	static const char *const q[] = {
		"SELECT count(*) FROM admin_unit",
		"SELECT count(*) FROM admin_unit WHERE valid_to IS NULL",
		"SELECT count(*) FROM admin_unit WHERE merged_into IS NOT NULL",
		"SELECT count(*) FROM admin_merger",
		"SELECT count(*) FROM village_commune",
		"SELECT count(*) FROM village_commune WHERE valid_to IS NULL",
		"SELECT count(*) FROM village_split",
		"SELECT count(*) FROM village_split WHERE decided IS NOT NULL",
		"SELECT count(*) FROM commune_point_commune",
		"SELECT count(*) FROM staff_commune",
		"SELECT count(*) FROM office_version",
		"SELECT count(*) FROM household",
		"SELECT count(*) FROM audit_log",
	};
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof q / sizeof *q; i++)
		len += (size_t)snprintf(buf + len, size - len, "%lld ", (long long)count(f, q[i]));
}

#define FP_MAX 256
#define ASSERT_UNCHANGED(f, before)                                                                \
	do {                                                                                       \
		char after_[FP_MAX];                                                               \
		fingerprint((f), after_, sizeof after_);                                           \
		assert_string_equal((before), after_);                                             \
	} while (0)

static const char *commune_of(struct fx *f, int64_t v, const char *on, char *buf)
{
	struct td_error err = {0};
	ok(commune_of_village(f->s, v, D(on), buf, 16, &err), &err, "commune of village");
	return buf;
}

static int64_t total(json_t *list)
{
	return json_integer_value(json_object_get(list, "total"));
}

/* ---- The import ---------------------------------------------------------------------------- */

static void test_import_loads_the_new_map_as_a_dated_change_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_2025_report r;
	import_ok(f, &r);
	assert_int_equal(r.unit_rows, 5);
	assert_int_equal(r.mapping_rows, 7);
	assert_int_equal(r.province.unchanged, 1); /* Hải Phòng keeps its name */
	assert_int_equal(r.commune.added, 3);	   /* 11725, 11749, 11948 */
	assert_int_equal(r.commune.changed, 2);	   /* codes 11728 and 10507 reused */
	assert_int_equal(r.mapping_added, 7);
	assert_int_equal(r.provinces_closed, 1); /* Hải Dương */
	assert_int_equal(r.districts_closed, 3);
	assert_int_equal(r.communes_closed, 5);
	assert_int_equal(r.moved.villages, 7);
	assert_int_equal(r.moved.split, 2); /* Kiến Hưng's two villages */
	assert_int_equal(r.moved.points, 5);
	assert_int_equal(r.moved.staff, 4);
	/* the tree of each date */
	json_t *list = NULL;
	struct td_error err = {0};
	struct admin_unit_filter flt = {.on = D("2025-06-30"), .level = "commune"};
	ok(admin_unit_list(&f->ctx, &flt, &list, &err), &err, "list");
	assert_int_equal(total(list), 5);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(list, "items"), 0), "name")),
			    "Phường Cẩm Thượng");
	json_decref(list);
	flt.on = D("2025-07-01");
	flt.parent = "31";
	ok(admin_unit_list(&f->ctx, &flt, &list, &err), &err, "list");
	assert_int_equal(total(list), 5);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(list, "items"), 0), "name")),
			    "Phường Thành Đông");
	json_decref(list);
	struct admin_unit_filter districts = {.on = D("2025-07-01"), .level = "district"};
	ok(admin_unit_list(&f->ctx, &districts, &list, &err), &err, "list");
	assert_int_equal(total(list), 0); /* no district level any more */
	json_decref(list);
	assert_int_equal(count(f, "SELECT count(*) FROM admin_unit WHERE level = 'province' AND "
				  "code = '30' AND valid_to = '2025-07-01' AND merged_into = '31'"),
			 1);
	assert_int_equal(count(f, "SELECT count(*) FROM admin_unit WHERE code = '11695' AND "
				  "valid_to = '2025-07-01' AND merged_into = '11725'"),
			 1);
	/* one audit record for the whole import */
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'admin_merger'"),
			 1);
}

static void test_import_twice_changes_nothing_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_2025_report r;
	import_ok(f, &r);
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	import_ok(f, &r);
	assert_true(admin_2025_unchanged(&r));
	assert_int_equal(r.commune.unchanged, 5);
	assert_int_equal(r.province.unchanged, 1);
	assert_int_equal(r.mapping_unchanged, 7);
	ASSERT_UNCHANGED(f, before);
}

static void test_malformed_rows_refused_with_nothing_loaded_R_ORG_1(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *units, *mapping, *says;
		int code;
	} cases[] = {
		{"province_code,province_name,commune_code,commune_name\n", MAP_HEADER,
		 "missing column commune_type", TD_EINVAL},
		{UNITS_HEADER "31,Thành phố Hải Phòng,1172,Xã Kiến Minh,Xã\n", MAP_HEADER,
		 "units.csv dòng 2: commune_code '1172' phải có 5 chữ số", TD_EINVAL},
		{UNITS_HEADER "31,Thành phố Hải Phòng,11725,Xã Kiến Minh,Thị trấn\n", MAP_HEADER,
		 "units.csv dòng 2: commune_type 'Thị trấn' không phải", TD_EINVAL},
		{units_rows,
		 MAP_HEADER M_MINH1 M_MINH2 M_HUNG1 M_HUNG2 M_HAI M_DONG
		 "31,11948,Đặc khu Bạch Long Vĩ,31,318,,Huyện Bạch Long Vĩ,whole\n",
		 "mapping.csv dòng 8: part 'whole' phải là full hoặc partial", TD_EINVAL},
		{units_rows, MAP_HEADER M_MINH1 M_MINH2 M_HUNG1 M_HUNG2 M_DONG M_ISLAND,
		 "mapping.csv dòng 4: xã cũ 11728 chỉ vào một xã mới (11728) mà ghi partial",
		 TD_EINVAL},
		{units_rows,
		 MAP_HEADER M_MINH1 M_MINH2 M_HUNG1 M_HUNG2 M_HAI M_DONG M_ISLAND
		 "31,11799,Xã Mới,31,314,11704,Xã Đại Đồng,full\n",
		 "mapping.csv dòng 9: xã mới 11799 không có trong units.csv", TD_EINVAL},
		{units_rows,
		 MAP_HEADER M_MINH1 M_MINH2 M_HUNG1 M_HUNG2 M_HAI M_DONG M_ISLAND M_DONG,
		 "mapping.csv dòng 9: cặp xã mới 10507 - đơn vị cũ 10507 lặp lại (đã có ở dòng 7)",
		 TD_EINVAL},
		{units_rows, MAP_HEADER M_MINH1 M_HUNG1 M_HUNG2 M_HAI M_DONG M_ISLAND,
		 "xã 11704 (Xã Đại Đồng) có hiệu lực ngày 2025-06-30 nhưng không có trong "
		 "mapping.csv",
		 TD_EINVAL},
		{units_rows,
		 MAP_HEADER M_MINH1 M_MINH2 M_HUNG1 "31,11728,Xã Kiến Hưng,31,314,11758,Xã "
						    "Đại Thắng,full\n" M_HAI M_DONG M_ISLAND,
		 "mapping.csv dòng 5: xã cũ 11758 thuộc huyện 315, không phải 314", TD_EINVAL},
		{UNITS_HEADER "31,Thành phố Hải Phòng,11725,Xã Kiến Minh,Xã\n"
			      "31,Thành phố Hải Phòng,11999,Xã Mới,Xã\n",
		 MAP_HEADER M_MINH1, "units.csv dòng 3: xã mới 11999 (Xã Mới) không có dòng nào",
		 TD_EINVAL},
	};
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct admin_2025_report r;
		struct td_error err = {0};
		char units[2048];
		snprintf(units, sizeof units, "%s%s",
			 strncmp(cases[i].units, "province_code", 13) ? UNITS_HEADER : "",
			 cases[i].units);
		int rc = import_2025(f, units, cases[i].mapping, "2025-07-01", &r, &err);
		if (rc != cases[i].code)
			fail_msg("case %zu: %s: %s", i, td_code_name(rc), err.msg);
		assert_msg_has(&err, cases[i].says);
		assert_true(admin_2025_unchanged(&r));
		ASSERT_UNCHANGED(f, before);
	}
	/* every problem at once, each with its line */
	struct admin_2025_report r;
	struct td_error err = {0};
	assert_int_equal(import_2025(f,
				     UNITS_HEADER "31,Thành phố Hải Phòng,1172,Xã Kiến Minh,Xã\n"
						  "3x,Hải Phòng,11749,Xã Kiến Hải,Xã\n",
				     MAP_HEADER "31,11725,Xã Kiến Minh,31,314,11695,,full\n",
				     "2025-07-01", &r, &err),
			 TD_EINVAL);
	assert_msg_has(&err, "3 lỗi, không nạp gì");
	assert_msg_has(&err, "units.csv dòng 3: province_code '3x' phải có 2 chữ số");
	assert_msg_has(&err, "mapping.csv dòng 2: old_commune_name trống");
	ASSERT_UNCHANGED(f, before);
}

/* ---- Membership by date ------------------------------------------------------------------ */

static void test_village_household_group_point_resolve_by_date_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_2025_report r;
	import_ok(f, &r);
	char c[16];
	assert_string_equal(commune_of(f, f->v_dong, "2025-06-30", c), "11695");
	assert_string_equal(commune_of(f, f->v_dong, "2025-07-01", c), "11725");
	assert_string_equal(commune_of(f, f->v_nam, "2025-07-01", c), "11728");
	assert_string_equal(commune_of(f, f->v_khu, "2025-07-01", c), "10507");
	/* the household's commune on the business date */
	json_t *j = NULL;
	struct td_error err = {0};
	f->ctx.business_date = D("2025-06-30");
	ok(household_get(&f->ctx, f->hh[0], &j, &err), &err, "household");
	assert_string_equal(json_string_value(json_object_get(j, "commune_code")), "11695");
	json_decref(j);
	f->ctx.business_date = D("2025-07-01");
	ok(household_get(&f->ctx, f->hh[0], &j, &err), &err, "household");
	assert_string_equal(json_string_value(json_object_get(j, "commune_code")), "11725");
	json_decref(j);
	/* the group's */
	ok(group_get(&f->ctx, f->group, D("2025-06-30"), &j, &err), &err, "group");
	assert_string_equal(json_string_value(json_object_get(j, "commune_code")), "11695");
	json_decref(j);
	ok(group_get(&f->ctx, f->group, D("2025-07-01"), &j, &err), &err, "group");
	assert_string_equal(json_string_value(json_object_get(j, "commune_code")), "11725");
	json_decref(j);
	/* the point's communes */
	ok(point_get(&f->ctx, f->p1, D("2025-06-30"), &j, &err), &err, "point");
	assert_int_equal(json_array_size(json_object_get(j, "communes")), 2);
	json_decref(j);
	ok(point_get(&f->ctx, f->p1, D("2025-07-01"), &j, &err), &err, "point");
	json_t *communes = json_object_get(j, "communes");
	assert_int_equal(json_array_size(communes), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(communes, 0), "code")),
			    "11725");
	json_decref(j);
	/* the villages of a commune on each date: Kiến Minh has both Thôn Đông */
	struct village_filter vf = {.on = D("2025-07-01"), .commune = "11725"};
	ok(village_list(&f->ctx, &vf, &j, &err), &err, "villages");
	assert_int_equal(total(j), 3);
	json_decref(j);
	vf.on = D("2025-06-30");
	ok(village_list(&f->ctx, &vf, &j, &err), &err, "villages");
	assert_int_equal(total(j), 0);
	json_decref(j);
	vf.commune = "11695";
	ok(village_list(&f->ctx, &vf, &j, &err), &err, "villages");
	assert_int_equal(total(j), 1);
	json_decref(j);
}

/* A village recorded after the import but dated before the merger follows it too. */
static void test_village_recorded_ahead_follows_the_merger_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_2025_report r;
	import_ok(f, &r);
	struct td_error err = {0};
	int64_t v = 0, w = 0;
	ok(village_create(&f->ctx, &(struct village_input){"11704", "Thôn Mới", D("2025-06-15")},
			  &v, &err),
	   &err, "village");
	ok(village_create(&f->ctx, &(struct village_input){"11728", "Thôn Hưng 3", D("2025-06-15")},
			  &w, &err),
	   &err, "village");
	char c[16];
	assert_string_equal(commune_of(f, v, "2025-06-30", c), "11704");
	assert_string_equal(commune_of(f, v, "2025-07-01", c), "11725");
	assert_string_equal(commune_of(f, w, "2025-07-01", c), "11728");
	json_t *list = NULL;
	struct village_split_filter sf = {.awaiting = true};
	ok(village_split_list(&f->ctx, &sf, &list, &err), &err, "splits");
	assert_int_equal(total(list), 3);
	json_decref(list);
	/* the merged commune does not take a village dated after the merger */
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	assert_int_equal(
		village_create(&f->ctx,
			       &(struct village_input){"11704", "Thôn Sau", D("2025-07-01")}, &v,
			       &err),
		TD_EINVAL);
	assert_msg_has(&err, "commune 11704 does not exist on 2025-07-01");
	ASSERT_UNCHANGED(f, before);
}

/* ---- Split communes ------------------------------------------------------------------------ */

static void test_split_village_awaits_a_decision_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_2025_report r;
	import_ok(f, &r);
	json_t *list = NULL;
	struct td_error err = {0};
	struct village_split_filter sf = {.awaiting = true};
	ok(village_split_list(&f->ctx, &sf, &list, &err), &err, "splits");
	assert_int_equal(total(list), 2);
	json_t *first = json_array_get(json_object_get(list, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "village_id")), f->v_hung1);
	assert_string_equal(json_string_value(json_object_get(first, "proposed")), "11728");
	assert_string_equal(json_string_value(json_object_get(first, "old_commune_name")),
			    "Xã Kiến Hưng");
	assert_int_equal(json_array_size(json_object_get(first, "choices")), 2);
	assert_int_equal(json_integer_value(json_object_get(first, "office_id")), f->pgd314);
	json_decref(list);
	char c[16], before[FP_MAX];
	/* refusals change nothing */
	fingerprint(f, before, sizeof before);
	assert_int_equal(village_split_decide(&f->ctx, f->v_hung2, "11725", &err), TD_EINVAL);
	assert_msg_has(&err, "xã 11725 không phải một xã mới mà xã 11728 (Xã Kiến Hưng) chia về");
	assert_int_equal(village_split_decide(&f->ctx, f->v_dong, NULL, &err), TD_ENOTFOUND);
	assert_int_equal(village_split_accept(&f->ctx, "11695", &(int64_t){0}, &err), TD_ENOTFOUND);
	struct td_actor co = {.user_id = 9001, .role = ROLE_CREDIT_OFFICER, .office_id = f->pgd314};
	snprintf(co.username, sizeof co.username, "co314");
	struct td_ctx as_co = f->ctx;
	as_co.actor = &co;
	assert_int_equal(village_split_decide(&as_co, f->v_hung2, "11749", &err), TD_EFORBIDDEN);
	ASSERT_UNCHANGED(f, before);
	/* the chosen commune */
	ok(village_split_decide(&f->ctx, f->v_hung2, "11749", &err), &err, "decide");
	assert_string_equal(commune_of(f, f->v_hung2, "2025-06-30", c), "11728");
	assert_string_equal(commune_of(f, f->v_hung2, "2025-07-01", c), "11749");
	/* the proposals, for the rest */
	int64_t n = 0;
	ok(village_split_accept(&f->ctx, NULL, &n, &err), &err, "accept");
	assert_int_equal(n, 1);
	assert_string_equal(commune_of(f, f->v_hung1, "2025-07-01", c), "11728");
	ok(village_split_list(&f->ctx, &sf, &list, &err), &err, "splits");
	assert_int_equal(total(list), 0);
	json_decref(list);
	assert_int_equal(count(f, "SELECT count(*) FROM village_split WHERE decided = 'chosen'"),
			 1);
	assert_int_equal(count(f, "SELECT count(*) FROM village_split WHERE decided = 'default'"),
			 1);
	/* a decision is final */
	fingerprint(f, before, sizeof before);
	assert_int_equal(village_split_decide(&f->ctx, f->v_hung2, "11728", &err), TD_ECONFLICT);
	assert_msg_has(&err, "đã được quyết định");
	ASSERT_UNCHANGED(f, before);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE action IN "
				  "('decide_commune', 'accept_defaults')"),
			 2);
}

/* ---- Scope and the bank's tree -------------------------------------------------------------- */

static struct td_ctx as(struct fx *f, struct td_actor *a, enum td_role role, int64_t office,
			int64_t chapter, const char *name)
{
	*a = (struct td_actor){
		.user_id = 9000 + role, .role = role, .office_id = office, .chapter_id = chapter};
	snprintf(a->username, sizeof a->username, "%s", name);
	struct td_ctx c = f->ctx;
	c.actor = a;
	return c;
}

static int read_household(struct td_ctx *c, int64_t id)
{
	json_t *j = NULL;
	struct td_error err = {0};
	int rc = household_get(c, id, &j, &err);
	json_decref(j);
	return rc;
}

static void test_scope_unchanged_by_the_merger_R_ORG_4(void **state)
{
	struct fx *f = *state;
	struct admin_2025_report r;
	import_ok(f, &r);
	struct td_actor a314, a315, au;
	f->ctx.business_date = D("2025-07-01");
	struct td_ctx co314 = as(f, &a314, ROLE_CREDIT_OFFICER, f->pgd314, 0, "co314");
	struct td_ctx co315 = as(f, &a315, ROLE_CREDIT_OFFICER, f->pgd315, 0, "co315");
	struct td_ctx uo = as(f, &au, ROLE_UNION_OFFICER, f->pgd314, f->chapter, "uo");
	/* Kiến Hưng is served from both offices now; its households stay with theirs */
	assert_int_equal(read_household(&co314, f->hh_hung), TD_OK);
	assert_int_equal(read_household(&co314, f->hh_nam), TD_EFORBIDDEN);
	assert_int_equal(read_household(&co315, f->hh_nam), TD_OK);
	assert_int_equal(read_household(&co315, f->hh_hung), TD_EFORBIDDEN);
	/* the union officer's group, its members */
	json_t *j = NULL;
	struct td_error err = {0};
	ok(group_get(&uo, f->group, D("2025-07-01"), &j, &err), &err, "group");
	json_decref(j);
	assert_int_equal(read_household(&uo, f->hh[1]), TD_OK);
	assert_int_equal(read_household(&uo, f->hh_hung), TD_EFORBIDDEN);
	/* writing a household again keeps its office, and a new one takes its village's */
	json_t *h = NULL;
	ok(household_get(&f->ctx, f->hh_nam, &h, &err), &err, "household");
	struct household_input in = {.cccd = json_string_value(json_object_get(h, "cccd")),
				     .head_name =
					     json_string_value(json_object_get(h, "head_name")),
				     .village_id = f->v_nam,
				     .phone = "0912345678",
				     .members = 5};
	ok(household_update(&f->ctx, f->hh_nam, &in, &err), &err, "update");
	json_decref(h);
	assert_int_equal(read_household(&co315, f->hh_nam), TD_OK);
	int64_t fresh = household(f, f->v_nam, 7), fresh2 = household(f, f->v_hung1, 8);
	assert_int_equal(read_household(&co315, fresh), TD_OK);
	assert_int_equal(read_household(&co314, fresh2), TD_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM household h JOIN office o ON o.id = "
				  "h.office_id WHERE o.code = 'PGD315'"),
			 2);
	/* a group of the new commune takes the old commune's chapter (the unions reorganise
	 * on their own) and a point serving the new commune */
	int64_t members[3] = {household(f, f->v_tay, 9), household(f, f->v_tay, 10),
			      household(f, f->v_tay, 11)};
	struct group_founding g = {.code = "TK-02",
				   .name = "Tổ Thôn Tây",
				   .village_id = f->v_tay,
				   .chapter_id = f->chapter,
				   .point_id = f->p1,
				   .officer_staff_id = f->officer314,
				   .decision_no = "7/QĐ-UBND",
				   .decision_date = D("2025-07-01"),
				   .founded_on = D("2025-07-01"),
				   .members = members,
				   .n_members = 3,
				   .leader_id = members[0]};
	int64_t gid = 0;
	ok(group_create(&f->ctx, &g, &gid, &err), &err, "group after the merger");
}

static void dump(json_t *j, char **out)
{
	*out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	assert_non_null(*out);
}

static void office_tree(struct fx *f, const char *on, char **out)
{
	json_t *j = NULL;
	struct td_error err = {0};
	struct office_filter of = {.on = D(on)};
	ok(office_list(&f->ctx, &of, &j, &err), &err, "offices");
	dump(j, out);
}

static void test_office_tree_unchanged_and_branch_merger_composes_R_ORG_1(void **state)
{
	struct fx *f = *state;
	char *before[2], *after[2];
	office_tree(f, "2025-06-30", &before[0]);
	office_tree(f, "2025-07-01", &before[1]);
	struct admin_2025_report r;
	import_ok(f, &r);
	office_tree(f, "2025-06-30", &after[0]);
	office_tree(f, "2025-07-01", &after[1]);
	for (int i = 0; i < 2; i++) {
		assert_string_equal(before[i], after[i]);
		free(before[i]);
		free(after[i]);
	}
	assert_int_equal(count(f, "SELECT count(*) FROM household h JOIN office o ON o.id = "
				  "h.office_id WHERE o.code = 'PGD288'"),
			 1);
	/* The bank's own reorganisation, dated too: Hải Dương's branch into Hải Phòng's. */
	struct td_error err = {0};
	struct office_merge m = {
		.sources = &f->cn30, .n_sources = 1, .into = f->cn31, .on = D("2025-07-01")};
	ok(office_merge(&f->ctx, &m, &err), &err, "branch merger");
	json_t *j = NULL;
	ok(office_get(&f->ctx, f->pgd288, D("2025-07-01"), &j, &err), &err, "office");
	assert_int_equal(json_integer_value(json_object_get(j, "parent_id")), f->cn31);
	json_decref(j);
	ok(office_get(&f->ctx, f->pgd288, D("2025-06-30"), &j, &err), &err, "office");
	assert_int_equal(json_integer_value(json_object_get(j, "parent_id")), f->cn30);
	json_decref(j);
	/* the branch that absorbed Hải Dương's reaches its households (access.h: a merged
	 * office counts as part of the one that absorbed it), whose office did not move */
	struct td_actor dir;
	f->ctx.business_date = D("2025-07-01");
	struct td_ctx director = as(f, &dir, ROLE_DIRECTOR, f->cn31, 0, "gd.cn31");
	assert_int_equal(read_household(&director, f->hh_khu), TD_OK);
	assert_int_equal(count(f, "SELECT count(*) FROM household h JOIN office o ON o.id = "
				  "h.office_id WHERE o.code = 'PGD288'"),
			 1);
}

/* A month-end snapshot on or after the date names the old communes: too late to load. */
static void test_refused_after_a_snapshot_of_the_new_date_R_ORG_1(void **state)
{
	struct fx *f = *state;
	f->ctx.business_date = D("2025-08-01");
	struct month_end_result me;
	struct td_error err = {0};
	ok(month_end_run(&f->ctx, f->pgd314, D("2025-07-31"), &me, &err), &err, "month end");
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct admin_2025_report r;
	assert_int_equal(import_2025(f, UNITS_HEADER UNITS_ROWS, MAP_HEADER MAP_ROWS, "2025-07-01",
				     &r, &err),
			 TD_ECONFLICT);
	assert_msg_has(&err, "đã có báo cáo cuối tháng ngày 2025-07-31 theo các xã cũ");
	ASSERT_UNCHANGED(f, before);
}

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_import_loads_the_new_map_as_a_dated_change_R_ORG_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_twice_changes_nothing_R_ORG_1, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_malformed_rows_refused_with_nothing_loaded_R_ORG_1, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_village_household_group_point_resolve_by_date_R_ORG_1, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_village_recorded_ahead_follows_the_merger_R_ORG_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_village_awaits_a_decision_R_ORG_1, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_scope_unchanged_by_the_merger_R_ORG_4, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_office_tree_unchanged_and_branch_merger_composes_R_ORG_1, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_refused_after_a_snapshot_of_the_new_date_R_ORG_1, setup, teardown),
	};
	return cmocka_run_group_tests_name(backend == TD_BACKEND_POSTGRES ? "merger/postgres"
									  : "merger/sqlite",
					   tests, NULL, NULL);
}
