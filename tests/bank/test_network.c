/*
 * The network and its geography (R-ORG-1, R-ORG-4) on both stores: the admin-units import
 * (header, rows, idempotency, province filter, offices), the tree as of dates around a
 * merge and a rename, admin-unit merges, commune points, staff, villages, and scope: every
 * rejection leaves the database as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/network.h"
#include "support/testdb.h"

static enum td_backend backend;

struct fx {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	struct td_actor actor;
	struct td_ctx ctx;
};

static td_date D(const char *iso)
{
	td_date d = 0;
	struct td_error err = {0};
	if (date_parse_iso(iso, &d, &err) != TD_OK)
		fail_msg("bad test date %s: %s", iso, err.msg);
	return d;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (!f || testdb_open(backend, true, &f->s, f->url, sizeof f->url))
		return -1;
	actor_system(&f->actor);
	f->ctx.store = f->s;
	f->ctx.actor = &f->actor;
	f->ctx.business_date = D("2025-03-01");
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

static int64_t count(struct fx *f, const char *sql)
{
	int64_t n = -1;
	struct td_error err = {0};
	if (store_query_int64(f->s, sql, &n, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
	return n;
}

/* Row counts of every table the network writes, open versions and the audit trail: equal
 * fingerprints before and after a rejected call mean nothing changed. */
static void fingerprint(struct fx *f, char *buf, size_t size)
{
	static const char *const q[] = {
		"SELECT COUNT(*) FROM admin_unit",
		"SELECT COUNT(*) FROM admin_unit WHERE valid_to IS NULL",
		"SELECT COUNT(*) FROM office",
		"SELECT COUNT(*) FROM office WHERE merged_into IS NOT NULL",
		"SELECT COUNT(*) FROM office_version",
		"SELECT COUNT(*) FROM office_version WHERE valid_to IS NULL",
		"SELECT COUNT(*) FROM commune_point",
		"SELECT COALESCE(SUM(meeting_day), 0) FROM commune_point",
		"SELECT COUNT(*) FROM commune_point_commune WHERE valid_to IS NULL",
		"SELECT COUNT(*) FROM commune_point_commune",
		"SELECT COUNT(*) FROM staff",
		"SELECT COUNT(*) FROM staff WHERE valid_to IS NULL",
		"SELECT COUNT(*) FROM staff_commune",
		"SELECT COUNT(*) FROM point_team",
		"SELECT COUNT(*) FROM point_team WHERE valid_to IS NULL",
		"SELECT COUNT(*) FROM village",
		"SELECT COUNT(*) FROM audit_log",
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

static const char csv_header[] = "province_code,province_name,district_code,district_name,"
				 "district_type,commune_code,commune_name,commune_type\n";

/* Two provinces, three districts, six communes, in the file's own words. */
static const char csv_small[] =
	"01,Thành phố Hà Nội,001,Quận Ba Đình,Quận,00001,Phường Phúc Xá,Phường\n"
	"01,Thành phố Hà Nội,001,Quận Ba Đình,Quận,00004,Phường Trúc Bạch,Phường\n"
	"31,Thành phố Hải Phòng,303,Quận Hồng Bàng,Quận,11296,Phường Quán Toan,Phường\n"
	"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11680,Thị trấn Núi Đối,Thị trấn\n"
	"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11695,Xã Đông Phương,Xã\n"
	"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11698,Xã Thuận Thiên,Xã\n";

struct import_args {
	const char *header; /* NULL: the right one */
	const char *rows;
	const char *const *provinces;
	size_t n_provinces;
	bool offices;
	const char *on;
};

static int import(struct fx *f, const struct import_args *a, struct admin_import_report *rep,
		  struct td_error *err)
{
	char text[8192];
	snprintf(text, sizeof text, "%s%s", a->header ? a->header : csv_header, a->rows);
	FILE *in = fmemopen(text, strlen(text), "r");
	assert_non_null(in);
	struct admin_import_options opt = {.source = "test.csv",
					   .provinces = a->provinces,
					   .n_provinces = a->n_provinces,
					   .offices = a->offices,
					   .on = D(a->on ? a->on : "2025-03-01")};
	int rc = admin_units_import(&f->ctx, in, &opt, rep, err);
	fclose(in);
	return rc;
}

static void import_ok(struct fx *f, const struct import_args *a, struct admin_import_report *rep)
{
	struct td_error err = {0};
	int rc = import(f, a, rep, &err);
	if (rc != TD_OK)
		fail_msg("import: %s: %s", td_code_name(rc), err.msg);
}

static const char *str(json_t *j, const char *key)
{
	const char *v = json_string_value(json_object_get(j, key));
	return v ? v : "(null)";
}

static int64_t num(json_t *j, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(j, key));
}

static int64_t office_id(struct fx *f, const char *code)
{
	int64_t id = 0;
	struct td_error err = {0};
	if (office_find_code(f->s, code, &id, &err) != TD_OK)
		fail_msg("%s", err.msg);
	return id;
}

/* The office's name as of a date, or NULL when it was not open then. */
static char *office_name_on(struct fx *f, int64_t id, const char *on)
{
	json_t *j = NULL;
	struct td_error err = {0};
	if (office_get(&f->ctx, id, D(on), &j, &err) != TD_OK)
		return NULL;
	char *name = strdup(str(j, "name"));
	json_decref(j);
	return name;
}

static void assert_office_name(struct fx *f, int64_t id, const char *on, const char *want)
{
	char *got = office_name_on(f, id, on);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void assert_msg_has(const struct td_error *err, const char *part)
{
	if (!strstr(err->msg, part))
		fail_msg("message '%s' lacks '%s'", err->msg, part);
}

/* ---- Import ------------------------------------------------------------------------- */

static void test_import_loads_units_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_import_report rep;
	import_ok(f, &(struct import_args){.rows = csv_small}, &rep);
	assert_int_equal(rep.rows, 6);
	assert_int_equal(rep.province.added, 2);
	assert_int_equal(rep.district.added, 3);
	assert_int_equal(rep.commune.added, 6);
	assert_int_equal(rep.branches_created + rep.districts_created, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE level = 'commune' AND "
				  "parent_code = '314' AND valid_from = '2025-03-01'"),
			 3);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE level = 'province' AND "
				  "code = '31' AND unit_type = 'Thành phố' AND "
				  "name = 'Thành phố Hải Phòng'"),
			 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND "
				  "entity = 'admin_unit'"),
			 1);

	json_t *list = NULL;
	struct td_error err = {0};
	struct admin_unit_filter flt = {.on = D("2025-03-01"), .level = "commune", .parent = "314"};
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 3);
	assert_string_equal(str(json_array_get(json_object_get(list, "items"), 0), "name"),
			    "Thị trấn Núi Đối");
	json_decref(list);
	/* Before the import date the geography did not exist yet. */
	flt.on = D("2025-02-28");
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 0);
	json_decref(list);
	/* q finds by code and by part of the name. */
	struct admin_unit_filter byq = {.on = D("2025-03-01"), .q = "Thuận"};
	assert_int_equal(admin_unit_list(&f->ctx, &byq, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 1);
	json_decref(list);
	byq.q = "303";
	assert_int_equal(admin_unit_list(&f->ctx, &byq, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 1);
	json_decref(list);
	byq.q = "100%";
	assert_int_equal(admin_unit_list(&f->ctx, &byq, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 0);
	json_decref(list);
}

static void test_import_twice_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct admin_import_report rep;
	import_ok(f, &(struct import_args){.rows = csv_small, .offices = true}, &rep);
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	import_ok(f, &(struct import_args){.rows = csv_small, .offices = true}, &rep);
	assert_true(admin_import_unchanged(&rep));
	assert_int_equal(rep.province.unchanged, 2);
	assert_int_equal(rep.district.unchanged, 3);
	assert_int_equal(rep.commune.unchanged, 6);
	assert_int_equal(rep.offices_existing, 5);
	ASSERT_UNCHANGED(f, before); /* no audit record either */
	/* A later date does not make the same list new. */
	import_ok(f, &(struct import_args){.rows = csv_small, .on = "2025-06-01"}, &rep);
	assert_true(admin_import_unchanged(&rep));
	ASSERT_UNCHANGED(f, before);
}

static void test_import_bad_header_names_the_column(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *header;
		const char *says;
	} cases[] = {
		{"province_code,province_name,district_code,district_name,district_type,"
		 "commune_code,commune_name\n",
		 "missing column commune_type"},
		{"province_code,province_name,district_code,district_name,district_type,"
		 "commune_code,commune_name,commune_type,population\n",
		 "unexpected column 'population'"},
		{"province_code,province_name,district_code,district_name,district_type,"
		 "commune_code,commune_nam,commune_type\n",
		 "missing column commune_name; unexpected column 'commune_nam'"},
		{"province_name,province_code,district_code,district_name,district_type,"
		 "commune_code,commune_name,commune_type\n",
		 "column 1 is 'province_name', expected 'province_code'"},
		{"", "the file is empty"},
	};
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct admin_import_report rep;
		struct td_error err = {0};
		const char *rows = cases[i].header[0] ? csv_small : "";
		assert_int_equal(
			import(f, &(struct import_args){.header = cases[i].header, .rows = rows},
			       &rep, &err),
			TD_EINVAL);
		assert_msg_has(&err, cases[i].says);
		assert_msg_has(&err, "test.csv");
		ASSERT_UNCHANGED(f, before);
	}
}

static void test_import_bad_rows_report_every_line_and_load_nothing(void **state)
{
	struct fx *f = *state;
	static const char rows[] =
		"31,Thành phố Hải Phòng,303,Quận Hồng Bàng,Quận,11296,Phường Quán Toan,Phường\n"
		"31,Thành phố Hải Phòng,303,Quận Hồng Bàng,Quận,1129,Phường Hùng Vương,Phường\n"
		"3A,Thành phố Hải Phòng,303,Quận Hồng Bàng,Quận,11302,Phường Sở Dầu,Phường\n"
		"31,Thành phố Hải Phòng,303,Quận Hồng Bàng,Quận,11305,,Phường\n"
		"31,Thành phố Hải Phòng,303,Quận Hồng Bàng,Làng,11308,Phường Thượng Lý,Phường\n"
		"31,Thành phố Hải Phòng,303,Quận Hồng Bàng,Quận,11311\n"
		"31,Hải Phòng,303,Quận Hồng Bàng,Quận,11314,Phường Minh Khai,Phường\n";
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct admin_import_report rep;
	struct td_error err = {0};
	assert_int_equal(import(f, &(struct import_args){.rows = rows}, &rep, &err), TD_EINVAL);
	assert_msg_has(&err, "6 problems, nothing imported");
	assert_msg_has(&err, "line 3: commune_code '1129' must be 5 digits");
	assert_msg_has(&err, "line 4: province_code '3A' must be 2 digits");
	assert_msg_has(&err, "line 5: commune_name is empty");
	assert_msg_has(&err, "line 6: district_type 'Làng'");
	assert_msg_has(&err, "line 7: 6 fields, expected 8");
	assert_msg_has(&err, "line 8: province_name 'Hải Phòng' must begin with");
	assert_int_equal(rep.commune.added, 0);
	ASSERT_UNCHANGED(f, before); /* the good first row did not load either */
}

static void test_import_rows_must_agree(void **state)
{
	struct fx *f = *state;
	static const char rows[] =
		"31,Thành phố Hải Phòng,303,Quận Hồng Bàng,Quận,11296,Phường Quán Toan,Phường\n"
		"31,Thành phố Hải Phòng,303,Quận Hồng Bằng,Quận,11299,Phường Hùng Vương,Phường\n"
		"31,Thành phố Hải Phòng,304,Quận Ngô Quyền,Quận,11296,Phường Máy Chai,Phường\n";
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct admin_import_report rep;
	struct td_error err = {0};
	assert_int_equal(import(f, &(struct import_args){.rows = rows}, &rep, &err), TD_EINVAL);
	assert_msg_has(&err, "line 3: district 303 is 'Quận Hồng Bằng 31' here but 'Quận Hồng "
			     "Bàng 31' on line 2");
	assert_msg_has(&err, "line 4: commune 11296 appears again (first on line 2)");
	ASSERT_UNCHANGED(f, before);
}

static void test_import_province_filter(void **state)
{
	struct fx *f = *state;
	static const char *const only31[] = {"31"};
	struct admin_import_report rep;
	import_ok(f,
		  &(struct import_args){.rows = csv_small, .provinces = only31, .n_provinces = 1},
		  &rep);
	assert_int_equal(rep.skipped, 2);
	assert_int_equal(rep.province.added, 1);
	assert_int_equal(rep.district.added, 2);
	assert_int_equal(rep.commune.added, 4);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE code = '01'"), 0);

	/* A province that the file does not hold, or that is not a code, is an error. */
	static const char *const bad[] = {"01", "99", "1"};
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct td_error err = {0};
	assert_int_equal(import(f,
				&(struct import_args){
					.rows = csv_small, .provinces = bad + 1, .n_provinces = 1},
				&rep, &err),
			 TD_EINVAL);
	assert_msg_has(&err, "province 99 is not in test.csv");
	assert_int_equal(
		import(f,
		       &(struct import_args){.rows = csv_small, .provinces = bad, .n_provinces = 3},
		       &rep, &err),
		TD_EINVAL);
	assert_msg_has(&err, "--province '1' must be 2 digits");
	ASSERT_UNCHANGED(f, before);
}

static void test_import_creates_offices(void **state)
{
	struct fx *f = *state;
	static const char *const only31[] = {"31"};
	struct admin_import_report rep;
	import_ok(
		f,
		&(struct import_args){
			.rows = csv_small, .provinces = only31, .n_provinces = 1, .offices = true},
		&rep);
	assert_int_equal(rep.branches_created, 1);
	assert_int_equal(rep.districts_created, 2);
	int64_t cn31 = office_id(f, "CN31"), pgd314 = office_id(f, "PGD314");
	json_t *j = NULL;
	struct td_error err = {0};
	assert_int_equal(office_get(&f->ctx, cn31, D("2025-03-01"), &j, &err), TD_OK);
	assert_string_equal(str(j, "name"), "Chi nhánh NHCSXH thành phố Hải Phòng");
	assert_string_equal(str(j, "kind"), "branch");
	assert_string_equal(str(j, "province_code"), "31");
	assert_int_equal(num(j, "parent_id"), 1);
	json_decref(j);
	assert_int_equal(office_get(&f->ctx, pgd314, D("2025-03-01"), &j, &err), TD_OK);
	assert_string_equal(str(j, "name"), "Phòng giao dịch NHCSXH huyện Kiến Thuỵ");
	assert_string_equal(str(j, "district_code"), "314");
	assert_int_equal(num(j, "parent_id"), cn31);
	json_decref(j);
	assert_office_name(f, office_id(f, "PGD303"), "2025-03-01",
			   "Phòng giao dịch NHCSXH quận Hồng Bàng");

	/* The rest of the file later: the existing branch is reused, not duplicated. */
	import_ok(f, &(struct import_args){.rows = csv_small, .offices = true}, &rep);
	assert_int_equal(rep.branches_created, 1); /* CN01 */
	assert_int_equal(rep.districts_created, 1);
	assert_int_equal(rep.offices_existing, 3);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM office"), 6);
}

static void test_import_of_a_newer_list_renames_with_history_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_import_report rep;
	import_ok(f, &(struct import_args){.rows = csv_small}, &rep);
	static const char renamed[] =
		"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11695,Xã Đông Phương Mới,Xã\n";
	import_ok(f, &(struct import_args){.rows = renamed, .on = "2025-07-01"}, &rep);
	assert_int_equal(rep.commune.changed, 1);
	assert_int_equal(rep.province.unchanged + rep.district.unchanged, 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE code = '11695' AND "
				  "name = 'Xã Đông Phương' AND valid_to = '2025-07-01'"),
			 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE code = '11695' AND "
				  "name = 'Xã Đông Phương Mới' AND valid_from = '2025-07-01' AND "
				  "valid_to IS NULL"),
			 1);
	/* The old list, dated before the change, agrees with the history of its date. */
	import_ok(f, &(struct import_args){.rows = csv_small, .on = "2025-05-01"}, &rep);
	assert_true(admin_import_unchanged(&rep));
	/* A list that disagrees with a version closed later is refused: it would rewrite
	 * history. */
	static const char older[] =
		"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11695,Xã Đông Phương Cũ,Xã\n";
	struct td_error err = {0};
	assert_int_equal(
		import(f, &(struct import_args){.rows = older, .on = "2025-05-01"}, &rep, &err),
		TD_ECONFLICT);
	assert_msg_has(&err, "commune 11695 is 'Xã Đông Phương' until 2025-07-01");
	/* And a unit that starts later than the list's date cannot appear earlier. */
	static const char newer[] = "31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11701,"
				    "Xã Mới,Xã\n";
	import_ok(f, &(struct import_args){.rows = newer, .on = "2025-07-01"}, &rep);
	assert_int_equal(
		import(f, &(struct import_args){.rows = newer, .on = "2025-06-01"}, &rep, &err),
		TD_ECONFLICT);
	assert_msg_has(&err, "commune 11701 exists only from 2025-07-01");
}

/* More rows than one INSERT batch holds, names with stray spaces, on both stores. */
static void test_import_many_rows_in_batches(void **state)
{
	struct fx *f = *state;
	size_t size = 64 * 1024, len = 0;
	char *text = malloc(size);
	assert_non_null(text);
	len += (size_t)snprintf(text, size, "%s", csv_header);
	for (int i = 0; i < 450; i++)
		len += (size_t)snprintf(text + len, size - len,
					"31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,%05d,"
					" Xã số %d ,Xã\n",
					20000 + i, i);
	assert_true(len < size);
	for (int round = 0; round < 2; round++) {
		FILE *in = fmemopen(text, len, "r");
		struct admin_import_options opt = {.source = "many.csv", .on = D("2025-03-01")};
		struct admin_import_report rep;
		struct td_error err = {0};
		int rc = admin_units_import(&f->ctx, in, &opt, &rep, &err);
		fclose(in);
		if (rc != TD_OK)
			fail_msg("%s", err.msg);
		assert_int_equal(round ? rep.commune.unchanged : rep.commune.added, 450);
	}
	free(text);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE level = 'commune'"), 450);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE code = '20449' AND "
				  "name = 'Xã số 449'"),
			 1);
}

/* Offices cannot start before the head office (founded 2002-10-04). */
static void test_import_offices_need_the_head_office_open(void **state)
{
	struct fx *f = *state;
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct admin_import_report rep;
	struct td_error err = {0};
	assert_int_equal(import(f,
				&(struct import_args){
					.rows = csv_small, .offices = true, .on = "2000-01-01"},
				&rep, &err),
			 TD_ECONFLICT);
	assert_msg_has(&err, "--offices: office 1 (HSC) is not open on 2000-01-01");
	ASSERT_UNCHANGED(f, before);
	/* Without offices, geography older than the bank is fine. */
	import_ok(f, &(struct import_args){.rows = csv_small, .on = "2000-01-01"}, &rep);
	assert_int_equal(rep.commune.added, 6);
}

/* ---- Offices ------------------------------------------------------------------------ */

/* HSC -> CN01 -> PGD001; HSC -> CN31 -> PGD303, PGD314 (from 2025-03-01). */
static void import_with_offices(struct fx *f)
{
	struct admin_import_report rep;
	import_ok(f, &(struct import_args){.rows = csv_small, .offices = true}, &rep);
}

static json_t *tree_on(struct fx *f, const char *on)
{
	json_t *j = NULL;
	struct td_error err = {0};
	struct office_filter flt = {.on = D(on)};
	if (office_list(&f->ctx, &flt, &j, &err) != TD_OK)
		fail_msg("office_list: %s", err.msg);
	return j;
}

/* "HSC CN01 PGD001 ..." in the list's order, with depth as indentation dots. */
static void tree_codes(json_t *list, char *buf, size_t size)
{
	size_t len = 0, i;
	json_t *it;
	buf[0] = '\0';
	json_array_foreach(json_object_get(list, "items"), i, it)
	{
		len += (size_t)snprintf(buf + len, size - len, "%s%.*s%s", i ? " " : "",
					(int)num(it, "depth"), "...", str(it, "code"));
	}
}

static void assert_tree(struct fx *f, const char *on, const char *want)
{
	char got[512];
	json_t *t = tree_on(f, on);
	tree_codes(t, got, sizeof got);
	json_decref(t);
	assert_string_equal(got, want);
}

static void test_tree_as_of_dates_around_a_merge_R_ORG_1(void **state)
{
	struct fx *f = *state;
	import_with_offices(f);
	int64_t cn01 = office_id(f, "CN01"), cn31 = office_id(f, "CN31");
	int64_t pgd314 = office_id(f, "PGD314");
	/* A point of PGD314, to see it follow its office. */
	struct td_error err = {0};
	int64_t point = 0;
	const char *communes[] = {"11695"};
	assert_int_equal(point_create(&f->ctx,
				      &(struct point_input){.code = "DGD11695",
							    .office_id = pgd314,
							    .name = "Điểm giao dịch xã Đông Phương",
							    .place = "Trụ sở UBND xã",
							    .meeting_day = 17,
							    .communes = communes,
							    .n_communes = 1,
							    .valid_from = D("2025-03-01")},
				      &point, &err),
			 TD_OK);

	/* The reform: CN01 and CN31 into a new branch CN99 from 2025-07-01. */
	int64_t cn99 = 0;
	assert_int_equal(office_create(&f->ctx,
				       &(struct office_input){.code = "CN99",
							      .kind = OFFICE_BRANCH,
							      .name = "Chi nhánh NHCSXH hợp nhất",
							      .parent_id = 1,
							      .valid_from = D("2025-07-01")},
				       &cn99, &err),
			 TD_OK);
	int64_t sources[] = {cn01, cn31};
	int rc = office_merge(
		&f->ctx,
		&(struct office_merge){
			.sources = sources, .n_sources = 2, .into = cn99, .on = D("2025-07-01")},
		&err);
	if (rc != TD_OK)
		fail_msg("merge: %s: %s", td_code_name(rc), err.msg);

	assert_tree(f, "2025-06-30", "HSC .CN01 ..PGD001 .CN31 ..PGD303 ..PGD314");
	assert_tree(f, "2025-07-01", "HSC .CN99 ..PGD001 ..PGD303 ..PGD314");
	assert_tree(f, "2025-02-28", "HSC");

	/* A loan of 2025-05 that names CN31 still finds it as it was; on the merge date it
	 * is gone, and the message says where it went. */
	assert_office_name(f, cn31, "2025-05-15", "Chi nhánh NHCSXH thành phố Hải Phòng");
	f->ctx.business_date = D("2025-08-01"); /* also once the merger has happened */
	assert_office_name(f, cn31, "2025-05-15", "Chi nhánh NHCSXH thành phố Hải Phòng");
	json_t *j = NULL;
	assert_int_equal(office_get(&f->ctx, cn31, D("2025-07-01"), &j, &err), TD_ENOTFOUND);
	assert_msg_has(&err, "merged into office");
	assert_int_equal(office_get(&f->ctx, pgd314, D("2025-07-01"), &j, &err), TD_OK);
	assert_int_equal(num(j, "parent_id"), cn99);
	assert_int_equal(json_array_size(json_object_get(j, "versions")), 2);
	json_decref(j);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM office WHERE merged_into IS NOT NULL"), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'merge'"), 2);
}

static void test_office_rename_keeps_history_R_ORG_1(void **state)
{
	struct fx *f = *state;
	import_with_offices(f);
	int64_t pgd314 = office_id(f, "PGD314");
	struct td_error err = {0};
	assert_int_equal(office_update(&f->ctx, pgd314,
				       &(struct office_change){.name = "PGD NHCSXH huyện Kiến Thụy",
							       .from = D("2025-05-01")},
				       &err),
			 TD_OK);
	assert_office_name(f, pgd314, "2025-04-30", "Phòng giao dịch NHCSXH huyện Kiến Thuỵ");
	assert_office_name(f, pgd314, "2025-05-01", "PGD NHCSXH huyện Kiến Thụy");
	assert_office_name(f, pgd314, "2025-01-01", NULL);
	/* A second change on the same day corrects that version instead of adding one. */
	assert_int_equal(office_update(&f->ctx, pgd314,
				       &(struct office_change){.name = "PGD huyện Kiến Thụy",
							       .from = D("2025-05-01")},
				       &err),
			 TD_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM office_version v JOIN office o ON o.id = "
				  "v.office_id WHERE o.code = 'PGD314'"),
			 2);
	assert_office_name(f, pgd314, "2025-05-01", "PGD huyện Kiến Thụy");
	/* A change dated before the latest version would rewrite history. */
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	assert_int_equal(
		office_update(&f->ctx, pgd314,
			      &(struct office_change){.name = "X", .from = D("2025-04-01")}, &err),
		TD_ECONFLICT);
	assert_msg_has(&err, "date the change on or after it");
	/* Moving a district office under the head office breaks the tree's levels. */
	assert_int_equal(
		office_update(&f->ctx, pgd314,
			      &(struct office_change){.parent_id = 1, .from = D("2025-06-01")},
			      &err),
		TD_ERULE);
	assert_msg_has(&err, "a district office cannot sit under the head office");
	assert_int_equal(office_update(&f->ctx, pgd314,
				       &(struct office_change){.from = D("2025-06-01")}, &err),
			 TD_EINVAL);
	assert_int_equal(
		office_update(&f->ctx, 999,
			      &(struct office_change){.name = "X", .from = D("2025-06-01")}, &err),
		TD_ENOTFOUND);
	ASSERT_UNCHANGED(f, before);
}

static void test_office_create_and_merge_rejections(void **state)
{
	struct fx *f = *state;
	import_with_offices(f);
	int64_t cn31 = office_id(f, "CN31"), pgd303 = office_id(f, "PGD303");
	int64_t pgd314 = office_id(f, "PGD314");
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct td_error err = {0};
	/* Every problem of the input in one message. */
	assert_int_equal(office_create(&f->ctx,
				       &(struct office_input){.code = "CN31",
							      .kind = OFFICE_DISTRICT,
							      .name = " ",
							      .parent_id = 1,
							      .province_code = "3",
							      .valid_from = D("2025-03-01")},
				       NULL, &err),
			 TD_EUNIQUE);
	assert_msg_has(&err, "office code 'CN31' is taken");
	assert_msg_has(&err, "office name ' ' starts or ends with a space");
	assert_msg_has(&err, "province code '3' must be 2 digits");
	assert_msg_has(&err, "a district office cannot sit under the head office");
	/* The parent must be open on the date. */
	assert_int_equal(office_create(&f->ctx,
				       &(struct office_input){.code = "PGD999",
							      .kind = OFFICE_DISTRICT,
							      .name = "PGD",
							      .parent_id = cn31,
							      .valid_from = D("2024-01-01")},
				       NULL, &err),
			 TD_EINVAL);
	assert_msg_has(&err, "is not open on 2024-01-01");
	int64_t one[] = {pgd303}, self[] = {pgd314}, twice[] = {pgd303, pgd303}, kinds[] = {cn31};
	struct {
		const int64_t *src;
		size_t n;
		int64_t into;
		const char *on;
		int code;
		const char *says;
	} cases[] = {
		{one, 1, pgd314, "2025-03-01", TD_ECONFLICT, "merge it after that date"},
		{self, 1, pgd314, "2025-07-01", TD_EINVAL, "cannot merge into itself"},
		{twice, 2, pgd314, "2025-07-01", TD_EINVAL, "listed twice"},
		{kinds, 1, pgd314, "2025-07-01", TD_ERULE, "the branch office CN31 cannot merge"},
		{one, 1, 999, "2025-07-01", TD_ENOTFOUND, "office 999 does not exist"},
		{one, 0, pgd314, "2025-07-01", TD_EINVAL, "at least one office"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct office_merge m = {.sources = cases[i].src,
					 .n_sources = cases[i].n,
					 .into = cases[i].into,
					 .on = D(cases[i].on)};
		assert_int_equal(office_merge(&f->ctx, &m, &err), cases[i].code);
		assert_msg_has(&err, cases[i].says);
		ASSERT_UNCHANGED(f, before);
	}
}

/* ---- Admin units ----------------------------------------------------------------------- */

static void test_admin_units_merge_and_rename_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct admin_import_report rep;
	import_ok(f, &(struct import_args){.rows = csv_small}, &rep);
	struct td_error err = {0};
	int64_t v = 0;
	assert_int_equal(village_create(&f->ctx,
					&(struct village_input){.commune_code = "11695",
								.name = "Thôn Cẩm Hoàn",
								.valid_from = D("2025-03-01")},
					&v, &err),
			 TD_OK);
	/* Two communes of Kiến Thuỵ into a new one, 11799, from 2025-07-01. */
	const char *src[] = {"11695", "11698"};
	assert_int_equal(admin_unit_merge(&f->ctx,
					  &(struct admin_merge){.level = "commune",
								.sources = src,
								.n_sources = 2,
								.into = "11799",
								.into_name = "Xã Đông Thuận",
								.into_type = "Xã",
								.on = D("2025-07-01")},
					  &err),
			 TD_OK);
	json_t *list = NULL;
	struct admin_unit_filter flt = {.on = D("2025-06-30"), .level = "commune", .parent = "314"};
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 3);
	json_decref(list);
	flt.on = D("2025-07-01");
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 2); /* 11680 and 11799 */
	json_decref(list);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE merged_into = '11799' AND "
				  "valid_to = '2025-07-01'"),
			 2);
	/* The village keeps its id and commune; the merged commune's list finds it. */
	struct village_filter vf = {.on = D("2025-08-01"), .commune = "11799"};
	assert_int_equal(village_list(&f->ctx, &vf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 1);
	assert_int_equal(num(json_array_get(json_object_get(list, "items"), 0), "id"), v);
	json_decref(list);

	/* Two districts into one: the communes under them move with their history. */
	const char *dsrc[] = {"303"};
	assert_int_equal(admin_unit_merge(&f->ctx,
					  &(struct admin_merge){.level = "district",
								.sources = dsrc,
								.n_sources = 1,
								.into = "314",
								.on = D("2025-07-01")},
					  &err),
			 TD_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE code = '11296' AND "
				  "parent_code = '314' AND valid_from = '2025-07-01'"),
			 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE code = '11296' AND "
				  "parent_code = '303' AND valid_to = '2025-07-01'"),
			 1);

	/* Rename a province from a date. */
	assert_int_equal(admin_unit_rename(&f->ctx, "province", "31", "Thành phố Hải Phòng mới",
					   NULL, D("2025-07-01"), &err),
			 TD_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM admin_unit WHERE level = 'province' AND "
				  "code = '31'"),
			 2);

	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	assert_int_equal(
		admin_unit_rename(&f->ctx, "province", "31", "X", NULL, D("2025-06-01"), &err),
		TD_ECONFLICT);
	assert_int_equal(
		admin_unit_rename(&f->ctx, "hamlet", "31", "X", NULL, D("2025-08-01"), &err),
		TD_EINVAL);
	assert_int_equal(
		admin_unit_rename(&f->ctx, "commune", "1169", "X", NULL, D("2025-08-01"), &err),
		TD_EINVAL);
	assert_msg_has(&err, "commune code '1169' must be 5 digits");
	const char *gone[] = {"11695"};
	assert_int_equal(admin_unit_merge(&f->ctx,
					  &(struct admin_merge){.level = "commune",
								.sources = gone,
								.n_sources = 1,
								.into = "11680",
								.on = D("2025-08-01")},
					  &err),
			 TD_ECONFLICT);
	assert_msg_has(&err, "does not exist or is closed");
	const char *src2[] = {"11680"};
	assert_int_equal(admin_unit_merge(&f->ctx,
					  &(struct admin_merge){.level = "commune",
								.sources = src2,
								.n_sources = 1,
								.into = "11900",
								.on = D("2025-08-01")},
					  &err),
			 TD_EINVAL);
	assert_msg_has(&err, "give its name and type");
	ASSERT_UNCHANGED(f, before);
}

static void test_villages(void **state)
{
	struct fx *f = *state;
	import_with_offices(f);
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct td_error err = {0};
	assert_int_equal(village_create(&f->ctx,
					&(struct village_input){.commune_code = "11696",
								.name = "Thôn 1",
								.valid_from = D("2025-03-01")},
					NULL, &err),
			 TD_EINVAL);
	assert_msg_has(&err, "commune 11696 does not exist on 2025-03-01");
	ASSERT_UNCHANGED(f, before);
	assert_int_equal(village_create(&f->ctx,
					&(struct village_input){.commune_code = "11695",
								.name = "Thôn 1",
								.valid_from = D("2025-03-01")},
					NULL, &err),
			 TD_OK);
	fingerprint(f, before, sizeof before);
	assert_int_equal(village_create(&f->ctx,
					&(struct village_input){.commune_code = "11695",
								.name = "Thôn 1",
								.valid_from = D("2025-04-01")},
					NULL, &err),
			 TD_EUNIQUE);
	ASSERT_UNCHANGED(f, before);
	/* The commune's office manages its villages: PGD314 (through the district code). */
	int64_t office = 0;
	assert_int_equal(network_commune_office(f->s, "11695", D("2025-03-01"), &office, &err),
			 TD_OK);
	assert_int_equal(office, office_id(f, "PGD314"));
}

/* ---- Staff and points ------------------------------------------------------------- */

struct team_fx {
	int64_t pgd303, pgd314, officer, officer2, controller, teller, teller303;
};

static int64_t add_staff(struct fx *f, int64_t office, enum staff_role role, const char *name,
			 const char *const *communes, size_t n)
{
	int64_t id = 0;
	struct td_error err = {0};
	struct staff_input in = {.office_id = office,
				 .full_name = name,
				 .role = role,
				 .phone = "0912345678",
				 .communes = communes,
				 .n_communes = n,
				 .valid_from = D("2025-03-01")};
	if (staff_create(&f->ctx, &in, &id, &err) != TD_OK)
		fail_msg("staff_create: %s", err.msg);
	return id;
}

static void make_team(struct fx *f, struct team_fx *t)
{
	import_with_offices(f);
	t->pgd303 = office_id(f, "PGD303");
	t->pgd314 = office_id(f, "PGD314");
	const char *cov[] = {"11695", "11698"};
	t->officer = add_staff(f, t->pgd314, STAFF_CREDIT_OFFICER, "Nguyễn Văn An", cov, 2);
	t->officer2 = add_staff(f, t->pgd314, STAFF_CREDIT_OFFICER, "Trần Thị Bình", NULL, 0);
	t->controller = add_staff(f, t->pgd314, STAFF_CONTROLLER, "Lê Văn Cường", NULL, 0);
	t->teller = add_staff(f, t->pgd314, STAFF_TELLER, "Phạm Thị Dung", NULL, 0);
	t->teller303 = add_staff(f, t->pgd303, STAFF_TELLER, "Hoàng Văn Em", NULL, 0);
}

static struct point_input point_in(const struct team_fx *t, const char *const *communes, size_t n)
{
	return (struct point_input){.code = "DGD-DP",
				    .office_id = t->pgd314,
				    .name = "Điểm giao dịch xã Đông Phương",
				    .place = "Trụ sở UBND xã Đông Phương",
				    .meeting_day = 17,
				    .communes = communes,
				    .n_communes = n,
				    .team = {t->officer, t->controller, t->teller},
				    .valid_from = D("2025-03-01")};
}

static void test_point_create_and_read(void **state)
{
	struct fx *f = *state;
	struct team_fx t;
	make_team(f, &t);
	const char *communes[] = {"11695", "11698"};
	struct point_input in = point_in(&t, communes, 2);
	int64_t id = 0;
	struct td_error err = {0};
	assert_int_equal(point_create(&f->ctx, &in, &id, &err), TD_OK);
	json_t *j = NULL;
	assert_int_equal(point_get(&f->ctx, id, D("2025-03-01"), &j, &err), TD_OK);
	assert_int_equal(num(j, "meeting_day"), 17);
	json_t *served = json_object_get(j, "communes");
	assert_int_equal(json_array_size(served), 2);
	assert_string_equal(str(json_array_get(served, 0), "name"), "Xã Đông Phương");
	assert_int_equal(num(json_object_get(j, "team"), "leader"), t.officer);
	assert_int_equal(num(json_object_get(j, "team"), "teller"), t.teller);
	json_decref(j);
	/* The commune's office is now the point's. */
	int64_t office = 0;
	assert_int_equal(network_commune_office(f->s, "11698", D("2025-03-01"), &office, &err),
			 TD_OK);
	assert_int_equal(office, t.pgd314);
	/* Lists: by commune, by office; the credit officer who covers a commune. */
	json_t *list = NULL;
	struct point_filter pf = {.on = D("2025-03-01"), .commune = "11698"};
	assert_int_equal(point_list(&f->ctx, &pf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 1);
	json_decref(list);
	pf.commune = "11680";
	assert_int_equal(point_list(&f->ctx, &pf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 0);
	json_decref(list);
	struct staff_filter sf = {.on = D("2025-03-01"), .commune = "11698"};
	assert_int_equal(staff_list(&f->ctx, &sf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 1);
	assert_string_equal(str(json_array_get(json_object_get(list, "items"), 0), "full_name"),
			    "Nguyễn Văn An");
	json_decref(list);
	sf = (struct staff_filter){.on = D("2025-03-01"), .office_id = t.pgd314};
	assert_int_equal(staff_list(&f->ctx, &sf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 4);
	json_decref(list);
}

static void test_point_rejections(void **state)
{
	struct fx *f = *state;
	struct team_fx t;
	make_team(f, &t);
	const char *ok1[] = {"11695"};
	int64_t first = 0;
	struct td_error err = {0};
	struct point_input in = point_in(&t, ok1, 1);
	assert_int_equal(point_create(&f->ctx, &in, &first, &err), TD_OK);
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);

	const char *bad_code[] = {"1169"}, *unknown[] = {"11699"}, *twice[] = {"11698", "11698"};
	const char *taken[] = {"11695"}, *free1[] = {"11698"};
	struct {
		const char *what;
		struct point_input in;
		int code;
		const char *says;
	} cases[] = {
		{"day 31", {.meeting_day = 31}, TD_EINVAL, "meeting day 31 must be from 1 to 28"},
		{"day 0", {.meeting_day = 0}, TD_EINVAL, "meeting day 0"},
		{"no commune", {.n_communes = 0}, TD_EINVAL, "at least one commune"},
		{"bad commune code", {.communes = bad_code}, TD_EINVAL, "'1169' must be 5 digits"},
		{"unknown commune",
		 {.communes = unknown},
		 TD_EINVAL,
		 "commune 11699 does not exist"},
		{"commune twice", {.communes = twice, .n_communes = 2}, TD_EINVAL, "listed twice"},
		{"commune served",
		 {.communes = taken},
		 TD_ECONFLICT,
		 "commune 11695 is served by point DGD-DP"},
		{"leader not officer",
		 {.team = {t.teller, t.controller, 0}},
		 TD_ERULE,
		 "team leader: staff"},
		{"teller of another office",
		 {.team = {t.officer, 0, t.teller303}},
		 TD_ERULE,
		 "not in the point's office"},
		{"two duties", {.team = {t.officer, t.officer, 0}}, TD_ERULE, "two duties"},
		{"unknown staff", {.team = {999, 0, 0}}, TD_EINVAL, "staff 999 does not exist"},
		{"head office", {.office_id = 1}, TD_ERULE, "not to the head office"},
		{"no such office", {.office_id = 999}, TD_EINVAL, "office 999 does not exist"},
		{"empty place", {.place = ""}, TD_EINVAL, "place is empty"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct point_input p = point_in(&t, free1, 1);
		p.code = "DGD-2";
		p.team = (struct point_team){0};
		const struct point_input *c = &cases[i].in;
		if (strcmp(cases[i].what, "day 31") == 0 || strcmp(cases[i].what, "day 0") == 0)
			p.meeting_day = c->meeting_day;
		if (c->communes || strcmp(cases[i].what, "no commune") == 0) {
			p.communes = c->communes;
			p.n_communes = c->communes ? (c->n_communes ? c->n_communes : 1) : 0;
		}
		if (c->team.leader || c->team.controller || c->team.teller)
			p.team = c->team;
		if (c->office_id)
			p.office_id = c->office_id;
		if (c->place)
			p.place = c->place;
		int rc = point_create(&f->ctx, &p, NULL, &err);
		if (rc != cases[i].code || !strstr(err.msg, cases[i].says))
			fail_msg("%s: got %s '%s'", cases[i].what, td_code_name(rc), err.msg);
		ASSERT_UNCHANGED(f, before);
	}
	/* Several problems at once are all named. */
	struct point_input p = point_in(&t, unknown, 1);
	p.meeting_day = 30;
	p.code = "DGD-DP";
	assert_int_equal(point_create(&f->ctx, &p, NULL, &err), TD_EUNIQUE);
	assert_msg_has(&err, "point code 'DGD-DP' is taken");
	assert_msg_has(&err, "meeting day 30");
	assert_msg_has(&err, "commune 11699 does not exist");
	ASSERT_UNCHANGED(f, before);
}

static void test_point_update_keeps_history_R_ORG_1(void **state)
{
	struct fx *f = *state;
	struct team_fx t;
	make_team(f, &t);
	const char *c1[] = {"11695"};
	int64_t id = 0;
	struct td_error err = {0};
	struct point_input in = point_in(&t, c1, 1);
	assert_int_equal(point_create(&f->ctx, &in, &id, &err), TD_OK);
	const char *c2[] = {"11695", "11698"};
	struct point_change ch = {.set_day = true,
				  .meeting_day = 20,
				  .set_communes = true,
				  .communes = c2,
				  .n_communes = 2,
				  .set_team = true,
				  .team = {t.officer2, t.controller, t.teller},
				  .from = D("2025-06-01")};
	assert_int_equal(point_update(&f->ctx, id, &ch, &err), TD_OK);
	json_t *old = NULL, *now = NULL;
	assert_int_equal(point_get(&f->ctx, id, D("2025-05-31"), &old, &err), TD_OK);
	assert_int_equal(point_get(&f->ctx, id, D("2025-06-01"), &now, &err), TD_OK);
	assert_int_equal(json_array_size(json_object_get(old, "communes")), 1);
	assert_int_equal(json_array_size(json_object_get(now, "communes")), 2);
	assert_int_equal(num(json_object_get(old, "team"), "leader"), t.officer);
	assert_int_equal(num(json_object_get(now, "team"), "leader"), t.officer2);
	assert_int_equal(num(now, "meeting_day"), 20);
	json_decref(old);
	json_decref(now);

	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	/* Back-dated changes and bad input change nothing. */
	struct point_change back = {
		.set_communes = true, .communes = c1, .n_communes = 1, .from = D("2025-05-01")};
	assert_int_equal(point_update(&f->ctx, id, &back, &err), TD_ECONFLICT);
	assert_msg_has(&err, "the communes of point");
	struct point_change day = {.set_day = true, .meeting_day = 29, .from = D("2025-07-01")};
	assert_int_equal(point_update(&f->ctx, id, &day, &err), TD_EINVAL);
	struct point_change none = {.from = D("2025-07-01")};
	assert_int_equal(point_update(&f->ctx, id, &none, &err), TD_EINVAL);
	assert_int_equal(point_update(&f->ctx, 999, &day, &err), TD_ENOTFOUND);
	ASSERT_UNCHANGED(f, before);
}

static void test_staff_rules(void **state)
{
	struct fx *f = *state;
	struct team_fx t;
	make_team(f, &t);
	const char *c1[] = {"11695"};
	struct point_input in = point_in(&t, c1, 1);
	struct td_error err = {0};
	assert_int_equal(point_create(&f->ctx, &in, NULL, &err), TD_OK);
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);

	/* A teller covers no communes; the phone and the name are checked. */
	const char *cov[] = {"11680"};
	struct staff_input s = {.office_id = t.pgd314,
				.full_name = "",
				.role = STAFF_TELLER,
				.phone = "12345",
				.communes = cov,
				.n_communes = 1,
				.valid_from = D("2025-03-01")};
	assert_int_equal(staff_create(&f->ctx, &s, NULL, &err), TD_EINVAL);
	assert_msg_has(&err, "full name is empty");
	assert_msg_has(&err, "only a credit officer covers communes, not a teller");
	assert_msg_has(&err, "phone '12345'");
	s = (struct staff_input){.office_id = 999,
				 .full_name = "A",
				 .role = STAFF_TELLER,
				 .valid_from = D("2025-03-01")};
	assert_int_equal(staff_create(&f->ctx, &s, NULL, &err), TD_EINVAL);
	/* The leader of a team cannot stop being a credit officer, nor leave. */
	struct staff_change role = {.set_role = true,
				    .role = STAFF_TELLER,
				    .set_communes = true,
				    .from = D("2025-06-01")};
	assert_int_equal(staff_update(&f->ctx, t.officer, &role, &err), TD_ERULE);
	assert_msg_has(&err, "is the leader of point DGD-DP, which a teller cannot be");
	struct staff_change leave = {.set_left = true, .from = D("2025-06-01")};
	assert_int_equal(staff_update(&f->ctx, t.officer, &leave, &err), TD_ERULE);
	assert_msg_has(&err, "give the duty to someone else");
	ASSERT_UNCHANGED(f, before);

	/* A credit officer who covers communes gives them up when the role changes. */
	const char *c2[] = {"11698"};
	struct staff_change cover = {
		.set_communes = true, .communes = c2, .n_communes = 1, .from = D("2025-04-01")};
	assert_int_equal(staff_update(&f->ctx, t.officer2, &cover, &err), TD_OK);
	fingerprint(f, before, sizeof before);
	struct staff_change bare = {
		.set_role = true, .role = STAFF_TELLER, .from = D("2025-06-01")};
	assert_int_equal(staff_update(&f->ctx, t.officer2, &bare, &err), TD_ERULE);
	assert_msg_has(&err, "a teller covers no communes");
	ASSERT_UNCHANGED(f, before);
	bare.set_communes = true;
	assert_int_equal(staff_update(&f->ctx, t.officer2, &bare, &err), TD_OK);
	json_t *j = NULL;
	assert_int_equal(staff_get(&f->ctx, t.officer2, D("2025-06-01"), &j, &err), TD_OK);
	assert_string_equal(str(j, "role"), "teller");
	assert_int_equal(json_array_size(json_object_get(j, "communes")), 0);
	json_decref(j);
	assert_int_equal(staff_get(&f->ctx, t.officer2, D("2025-05-01"), &j, &err), TD_OK);
	assert_int_equal(json_array_size(json_object_get(j, "communes")), 1);
	json_decref(j);
}

static void test_staff_history(void **state)
{
	struct fx *f = *state;
	struct team_fx t;
	make_team(f, &t);
	struct td_error err = {0};
	const char *cov[] = {"11698", "11680"};
	struct staff_change ch = {.set_communes = true,
				  .communes = cov,
				  .n_communes = 2,
				  .phone = "+84912345678",
				  .from = D("2025-06-01")};
	assert_int_equal(staff_update(&f->ctx, t.officer, &ch, &err), TD_OK);
	json_t *old = NULL, *now = NULL;
	assert_int_equal(staff_get(&f->ctx, t.officer, D("2025-05-31"), &old, &err), TD_OK);
	assert_int_equal(staff_get(&f->ctx, t.officer, D("2025-06-01"), &now, &err), TD_OK);
	json_t *a = json_object_get(old, "communes"), *b = json_object_get(now, "communes");
	assert_int_equal(json_array_size(a), 2);
	assert_string_equal(json_string_value(json_array_get(a, 0)), "11695");
	assert_int_equal(json_array_size(b), 2);
	assert_string_equal(json_string_value(json_array_get(b, 0)), "11680");
	assert_string_equal(str(now, "phone"), "+84912345678");
	json_decref(old);
	json_decref(now);
	/* Leaving on the first day would leave an empty employment. */
	struct staff_change first = {.set_left = true, .from = D("2025-03-01")};
	assert_int_equal(staff_update(&f->ctx, t.teller, &first, &err), TD_ECONFLICT);
	assert_msg_has(&err, "leaving is dated after the first day");
	/* Leaving ends the coverage too; afterwards nothing changes any more. */
	struct staff_change leave = {.set_left = true, .from = D("2025-09-01")};
	assert_int_equal(staff_update(&f->ctx, t.officer, &leave, &err), TD_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM staff_commune WHERE valid_to IS NULL AND "
				  "staff_id IN (SELECT id FROM staff WHERE full_name = "
				  "'Nguyễn Văn An')"),
			 0);
	struct staff_filter sf = {.on = D("2025-09-01"), .office_id = t.pgd314};
	json_t *list = NULL;
	assert_int_equal(staff_list(&f->ctx, &sf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 3);
	json_decref(list);
	struct staff_change late = {.full_name = "X", .from = D("2025-10-01")};
	assert_int_equal(staff_update(&f->ctx, t.officer, &late, &err), TD_ECONFLICT);
	assert_msg_has(&err, "has left");
}

/* ---- Scope and roles (R-ORG-4) --------------------------------------------------------- */

static void test_scope_other_district_office_is_forbidden_R_ORG_4(void **state)
{
	struct fx *f = *state;
	struct team_fx t;
	make_team(f, &t);
	const char *c1[] = {"11695"};
	int64_t p314 = 0;
	struct td_error err = {0};
	struct point_input in = point_in(&t, c1, 1);
	assert_int_equal(point_create(&f->ctx, &in, &p314, &err), TD_OK);

	/* An administrator of PGD303. */
	struct td_actor a303 = {.user_id = 7, .role = ROLE_ADMIN, .office_id = t.pgd303};
	snprintf(a303.username, sizeof a303.username, "admin303");
	struct td_ctx c303 = {.store = f->s, .actor = &a303, .business_date = D("2025-03-01")};
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	struct point_change ch = {.set_day = true, .meeting_day = 5, .from = D("2025-06-01")};
	assert_int_equal(point_update(&c303, p314, &ch, &err), TD_EFORBIDDEN);
	const char *c2[] = {"11698"};
	struct point_input other = point_in(&t, c2, 1);
	other.code = "DGD-X";
	other.team = (struct point_team){0};
	assert_int_equal(point_create(&c303, &other, NULL, &err), TD_EFORBIDDEN);
	struct staff_input s = {.office_id = t.pgd314,
				.full_name = "X",
				.role = STAFF_TELLER,
				.valid_from = D("2025-03-01")};
	assert_int_equal(staff_create(&c303, &s, NULL, &err), TD_EFORBIDDEN);
	struct staff_change sc = {.full_name = "Y", .from = D("2025-06-01")};
	assert_int_equal(staff_update(&c303, t.officer, &sc, &err), TD_EFORBIDDEN);
	assert_int_equal(
		office_update(&c303, t.pgd314,
			      &(struct office_change){.name = "X", .from = D("2025-06-01")}, &err),
		TD_EFORBIDDEN);
	/* Geography is the whole bank's: a district administrator cannot change it. */
	assert_int_equal(
		admin_unit_rename(&c303, "commune", "11296", "X", NULL, D("2025-06-01"), &err),
		TD_EFORBIDDEN);
	struct admin_import_report rep;
	struct td_ctx saved = f->ctx;
	f->ctx = c303;
	assert_int_equal(import(f, &(struct import_args){.rows = csv_small}, &rep, &err),
			 TD_EFORBIDDEN);
	f->ctx = saved;
	json_t *j = NULL;
	assert_int_equal(point_get(&c303, p314, D("2025-03-01"), &j, &err), TD_EFORBIDDEN);
	ASSERT_UNCHANGED(f, before);

	/* Inside its own office it may write, and its lists show only its subtree. */
	struct staff_input own = {.office_id = t.pgd303,
				  .full_name = "Đỗ Văn Giang",
				  .role = STAFF_CREDIT_OFFICER,
				  .valid_from = D("2025-03-01")};
	assert_int_equal(staff_create(&c303, &own, NULL, &err), TD_OK);
	json_t *list = NULL;
	struct staff_filter sf = {.on = D("2025-03-01")};
	assert_int_equal(staff_list(&c303, &sf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 2); /* teller303 and the new officer */
	json_decref(list);
	struct point_filter pf = {.on = D("2025-03-01")};
	assert_int_equal(point_list(&c303, &pf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 0);
	json_decref(list);
	assert_int_equal(
		office_list(&c303, &(struct office_filter){.on = D("2025-03-01")}, &list, &err),
		TD_OK);
	assert_int_equal(num(list, "total"), 1);
	json_decref(list);
	/* The head office sees everything. */
	assert_int_equal(point_list(&f->ctx, &pf, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 1);
	json_decref(list);
}

static void test_roles_that_do_not_write_the_network_R_ORG_4(void **state)
{
	struct fx *f = *state;
	struct team_fx t;
	make_team(f, &t);
	char before[FP_MAX];
	fingerprint(f, before, sizeof before);
	static const enum td_role readers[] = {ROLE_TELLER, ROLE_CREDIT_OFFICER, ROLE_AUDITOR,
					       ROLE_BOARD};
	for (size_t i = 0; i < sizeof readers / sizeof *readers; i++) {
		struct td_actor a = {.user_id = 9, .role = readers[i], .office_id = 1};
		snprintf(a.username, sizeof a.username, "u%zu", i);
		struct td_ctx c = {.store = f->s, .actor = &a, .business_date = D("2025-03-01")};
		struct td_error err = {0};
		struct staff_input s = {.office_id = t.pgd314,
					.full_name = "X",
					.role = STAFF_TELLER,
					.valid_from = D("2025-03-01")};
		assert_int_equal(staff_create(&c, &s, NULL, &err), TD_EFORBIDDEN);
		json_t *list = NULL;
		struct staff_filter sf = {.on = D("2025-03-01")};
		assert_int_equal(staff_list(&c, &sf, &list, &err), TD_OK);
		json_decref(list);
	}
	ASSERT_UNCHANGED(f, before);
}

static void test_list_paging(void **state)
{
	struct fx *f = *state;
	struct admin_import_report rep;
	import_ok(f, &(struct import_args){.rows = csv_small}, &rep);
	json_t *list = NULL;
	struct td_error err = {0};
	struct admin_unit_filter flt = {
		.on = D("2025-03-01"), .level = "commune", .page = {.limit = 2, .offset = 5}};
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_OK);
	assert_int_equal(num(list, "total"), 6);
	assert_int_equal(num(list, "limit"), 2);
	assert_int_equal(num(list, "offset"), 5);
	assert_int_equal(json_array_size(json_object_get(list, "items")), 1);
	assert_string_equal(str(json_array_get(json_object_get(list, "items"), 0), "code"),
			    "11698");
	json_decref(list);
	flt.page = (struct net_page){0};
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_OK);
	assert_int_equal(num(list, "limit"), NET_LIMIT_DEFAULT);
	json_decref(list);
	flt.page.limit = 501;
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_EINVAL);
	assert_msg_has(&err, "limit 501");
	flt.page = (struct net_page){.offset = -1};
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_EINVAL);
	flt = (struct admin_unit_filter){.on = D("2025-03-01"), .level = "ward"};
	assert_int_equal(admin_unit_list(&f->ctx, &flt, &list, &err), TD_EINVAL);
}

int main(void)
{
	backend = testdb_backend_from_env();
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_import_loads_units_R_ORG_1),
		T(test_import_twice_changes_nothing),
		T(test_import_bad_header_names_the_column),
		T(test_import_bad_rows_report_every_line_and_load_nothing),
		T(test_import_rows_must_agree),
		T(test_import_province_filter),
		T(test_import_creates_offices),
		T(test_import_of_a_newer_list_renames_with_history_R_ORG_1),
		T(test_import_many_rows_in_batches),
		T(test_import_offices_need_the_head_office_open),
		T(test_tree_as_of_dates_around_a_merge_R_ORG_1),
		T(test_office_rename_keeps_history_R_ORG_1),
		T(test_office_create_and_merge_rejections),
		T(test_admin_units_merge_and_rename_R_ORG_1),
		T(test_villages),
		T(test_point_create_and_read),
		T(test_point_rejections),
		T(test_point_update_keeps_history_R_ORG_1),
		T(test_staff_rules),
		T(test_staff_history),
		T(test_scope_other_district_office_is_forbidden_R_ORG_4),
		T(test_roles_that_do_not_write_the_network_R_ORG_4),
		T(test_list_paging),
	};
	return cmocka_run_group_tests_name(backend == TD_BACKEND_SQLITE ? "network/sqlite"
									: "network/postgres",
					   tests, NULL, NULL);
}
