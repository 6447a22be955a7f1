/* The poverty-list import (R-HH-1, R-HH-2, R-HH-3): the reconciliation (new, unchanged,
 * changed, left, rejected with line and reason), idempotence, dry run, history that is
 * never lost, the file's format, access (R-ORG-4) and the journal. Runs on SQLite and on
 * PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/household.h"
#include "bank/poverty_import.h"
#include "support/testdb.h"

static enum td_backend backend;

/* Kiến Thụy (district 314, PGD314): communes 11695 and 11698; 11758 belongs to Tiên Lãng
 * (PGD315). 11695 has Thôn Đông, Thôn Tây and Xóm Đông (so that "Đông" alone is
 * ambiguous). */
static const char network_sql[] =
	"INSERT INTO admin_unit (level, code, valid_from, name, unit_type, parent_code) VALUES "
	"('province', '31', '2008-08-01', 'Thành phố Hải Phòng', 'Thành phố', NULL), "
	"('district', '314', '2008-08-01', 'Huyện Kiến Thuỵ', 'Huyện', '31'), "
	"('district', '315', '2008-08-01', 'Huyện Tiên Lãng', 'Huyện', '31'), "
	"('commune', '11695', '2008-08-01', 'Xã Đông Phương', 'Xã', '314'), "
	"('commune', '11698', '2008-08-01', 'Xã Thuận Thiên', 'Xã', '314'), "
	"('commune', '11758', '2008-08-01', 'Xã Đại Thắng', 'Xã', '315');"
	"INSERT INTO office (code, kind, province_code, district_code) VALUES "
	"('CN31', 'branch', '31', NULL), ('PGD314', 'district', '31', '314'), "
	"('PGD315', 'district', '31', '315');"
	"INSERT INTO office_version (office_id, name, parent_id, valid_from) "
	"SELECT id, 'Chi nhánh Hải Phòng', 1, '2003-01-01' FROM office WHERE code = 'CN31';"
	"INSERT INTO office_version (office_id, name, parent_id, valid_from) "
	"SELECT o.id, 'PGD ' || o.district_code, b.id, '2003-01-01' FROM office o, office b "
	"WHERE o.kind = 'district' AND b.code = 'CN31';"
	"INSERT INTO village (commune_code, name, valid_from, valid_to) VALUES "
	"('11695', 'Thôn Đông', '2010-01-01', NULL), ('11695', 'Thôn Tây', '2010-01-01', NULL), "
	"('11695', 'Xóm Đông', '2010-01-01', NULL), ('11698', 'Thôn Nam', '2010-01-01', NULL), "
	"('11758', 'Thôn Hai', '2010-01-01', NULL);"
	/* each village's commune as history (migration 0021) */
	"INSERT INTO village_commune (village_id, commune_code, valid_from, valid_to) SELECT id, "
	"commune_code, valid_from, valid_to FROM village;";

#define HEADER "cccd,head_name,sex,birth_year,ethnicity,village,status,members,phone,flags\n"
/* Five households of Xã Đông Phương; statuses spelt the ways lists spell them. */
#define ROW_A "031075001234,Nguyễn Văn An,Nam,1975,Kinh,Thôn Đông,nghèo,4,0912345678,\n"
#define ROW_B "031182004567,Trần Thị Bích,Nữ,1982,Kinh,Thôn Đông,Hộ cận nghèo,3,,\n"
#define ROW_C "031065002468,Lê Văn Cường,Nam,1965,Tày,Thôn Tây,mới thoát nghèo,5,,disabled\n"
#define ROW_D "031190003579,Phạm Thị Dung,,,,thon tay,poor,2,,\n"
#define ROW_E "031201001122,Vũ Văn Em,Nam,2001,Kinh,Thôn Tây,near_poor,1,0387654321,\n"

struct fx {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	int64_t pgd314;
	struct td_actor admin;
	struct td_ctx ctx;
	struct poverty_import_result res;
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

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct td_error err = {0};
	if (!f || testdb_open(backend, true, &f->s, f->url, sizeof f->url))
		return -1;
	if (store_exec(f->s, network_sql, &err) != TD_OK) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	f->pgd314 = q_int(f->s, "SELECT id FROM office WHERE code = 'PGD314'");
	actor_system(&f->admin);
	f->ctx = (struct td_ctx){
		.store = f->s, .actor = &f->admin, .business_date = day("2025-03-10")};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	poverty_import_result_free(&f->res);
	store_close(f->s);
	testdb_cleanup(f->url);
	free(f);
	return 0;
}

/* Imports csv into f->res (freed first); returns the code. */
static int import(struct fx *f, const char *commune, int year, const char *csv, bool dry_run,
		  struct td_error *err)
{
	poverty_import_result_free(&f->res);
	struct poverty_import_input in = {.commune_code = commune,
					  .year = year,
					  .file_name = "ds_ho_ngheo.csv",
					  .data = csv,
					  .len = strlen(csv),
					  .dry_run = dry_run};
	return poverty_import_run(&f->ctx, &in, &f->res, err);
}

static void import_ok(struct fx *f, int year, const char *csv)
{
	struct td_error err = {0};
	int rc = import(f, "11695", year, csv, false, &err);
	if (rc != TD_OK)
		fail_msg("import %d: %s: %s", year, td_code_name(rc), err.msg);
}

static int64_t count(struct fx *f, const char *table)
{
	return q_int(f->s, "SELECT count(*) FROM %s", table);
}

/* The status of a citizen ID's household for a year, "-" when it has none. */
static const char *status_of(struct fx *f, const char *cccd, int year)
{
	static char out[32];
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT s.status FROM poverty_status s JOIN household h ON h.id = s.household_id "
		 "WHERE h.cccd = '%s' AND s.year = %d",
		 cccd, year);
	struct td_stmt *st = NULL;
	struct td_error err = {0};
	assert_int_equal(store_prepare(f->s, sql, &st, &err), TD_OK);
	int rc = stmt_step(st, &err);
	snprintf(out, sizeof out, "%s", rc == TD_ROW ? stmt_column_text(st, 0) : "-");
	stmt_finalize(st);
	return out;
}

static const char *reason_at(struct fx *f, size_t line)
{
	for (size_t i = 0; i < f->res.n_rejected; i++)
		if (f->res.rejected[i].line == line)
			return f->res.rejected[i].reason;
	return NULL;
}

static void want_reason(struct fx *f, size_t line, const char *part)
{
	const char *r = reason_at(f, line);
	if (!r || !strstr(r, part))
		fail_msg("line %zu: reason '%s', want '%s'", line, r ? r : "(accepted)", part);
}

/* R-HH-2: a first list creates its households with their status, one journal row, one
 * audit record; the statuses read in every spelling. */
static void test_first_import_creates_households_R_HH_2(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2025, HEADER ROW_A ROW_B ROW_C ROW_D ROW_E);
	struct poverty_import_result *r = &f->res;
	assert_true(r->import_id > 0);
	assert_int_equal(r->rows, 5);
	assert_int_equal(r->new_households, 5);
	assert_int_equal(r->unchanged + r->n_changed + r->n_left + r->n_rejected, 0);
	assert_string_equal(r->commune_name, "Xã Đông Phương");
	assert_int_equal(r->office_id, f->pgd314);
	assert_int_equal(strlen(r->sha256), 64);
	assert_int_equal(r->same_as_import, 0);
	assert_int_equal(count(f, "household"), 5);
	assert_string_equal(status_of(f, "031075001234", 2025), "poor");
	assert_string_equal(status_of(f, "031182004567", 2025), "near_poor");
	assert_string_equal(status_of(f, "031065002468", 2025), "newly_escaped");
	assert_string_equal(status_of(f, "031190003579", 2025), "poor");
	assert_string_equal(status_of(f, "031201001122", 2025), "near_poor");
	/* Fields from the file, completed from the ID (R-HH-3), the office of the commune. */
	assert_int_equal(q_int(f->s,
			       "SELECT count(*) FROM household WHERE cccd = '031190003579' "
			       "AND sex = 'female' AND birth_year = 1990 AND ethnicity = "
			       "'Kinh' AND members = 2 AND office_id = %lld",
			       (long long)f->pgd314),
			 1);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM household WHERE cccd = '031065002468' "
				     "AND flags = 'ethnic_minority,disabled'"),
			 1);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM poverty_status WHERE import_id = %lld",
			       (long long)r->import_id),
			 5);
	assert_int_equal(q_int(f->s,
			       "SELECT count(*) FROM poverty_import WHERE id = %lld AND "
			       "rows_read = 5 AND new_households = 5 AND rejected = 0 AND "
			       "file_name = 'ds_ho_ngheo.csv' AND username = 'system'",
			       (long long)r->import_id),
			 1);
	assert_int_equal(q_int(f->s,
			       "SELECT count(*) FROM audit_log WHERE action = 'import' AND "
			       "entity = 'poverty_import' AND entity_id = %lld",
			       (long long)r->import_id),
			 1);
	assert_int_equal(count(f, "audit_log"), 1);
}

/* R-HH-2: the same file twice: every row unchanged, no new household or status row. */
static void test_same_file_twice_is_idempotent_R_HH_2(void **state)
{
	struct fx *f = *state;
	const char *csv = HEADER ROW_A ROW_B ROW_C ROW_D ROW_E;
	import_ok(f, 2025, csv);
	int64_t first = f->res.import_id;
	import_ok(f, 2025, csv);
	struct poverty_import_result *r = &f->res;
	assert_int_equal(r->unchanged, 5);
	assert_int_equal(r->new_households + r->n_changed + r->n_left + r->n_rejected, 0);
	assert_int_equal(r->same_as_import, first);
	assert_int_equal(count(f, "household"), 5);
	assert_int_equal(count(f, "poverty_status"), 5);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM poverty_status WHERE import_id = %lld",
			       (long long)first),
			 5);
	assert_int_equal(count(f, "poverty_import"), 2);
	assert_int_equal(count(f, "audit_log"), 2);
}

/* --dry-run: the same reconciliation, nothing written. */
static void test_dry_run_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct td_error err = {0};
	assert_int_equal(import(f, "11695", 2025, HEADER ROW_A ROW_B "x,y\n", true, &err), TD_OK);
	assert_true(f->res.dry_run);
	assert_int_equal(f->res.import_id, 0);
	assert_int_equal(f->res.new_households, 2);
	assert_int_equal(f->res.n_rejected, 1);
	assert_int_equal(count(f, "household"), 0);
	assert_int_equal(count(f, "poverty_status"), 0);
	assert_int_equal(count(f, "poverty_import"), 0);
	assert_int_equal(count(f, "audit_log"), 0);
	/* A dry run after a real import shows the changes and still writes nothing. */
	import_ok(f, 2024, HEADER ROW_A ROW_B);
	assert_int_equal(import(f, "11695", 2025, HEADER ROW_A ROW_C, true, &err), TD_OK);
	assert_int_equal(f->res.unchanged, 1);
	assert_int_equal(f->res.new_households, 1);
	assert_int_equal(f->res.n_left, 1);
	assert_int_equal(count(f, "poverty_status"), 2);
	assert_int_equal(count(f, "household"), 2);
	assert_int_equal(count(f, "poverty_import"), 1);
}

/* R-HH-1, R-HH-2: the next year's list against last year's: unchanged, changed, new, left;
 * last year's statuses stay as they were. */
static void test_next_year_reconciliation_R_HH_1(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2024, HEADER ROW_A ROW_B ROW_C ROW_D);
	import_ok(f, 2025,
		  HEADER ROW_A
		  "031182004567,Trần Thị Bích,Nữ,1982,Kinh,Thôn Đông,nghèo,3,,\n" ROW_E);
	struct poverty_import_result *r = &f->res;
	assert_int_equal(r->rows, 3);
	assert_int_equal(r->unchanged, 1);
	assert_int_equal(r->new_households, 1);
	assert_int_equal(r->n_changed, 1);
	assert_string_equal(r->changed[0].cccd, "031182004567");
	assert_int_equal(r->changed[0].line, 3);
	assert_int_equal(r->changed[0].from, HH_NEAR_POOR);
	assert_int_equal(r->changed[0].from_year, 2024);
	assert_int_equal(r->changed[0].to, HH_POOR);
	/* Left: Cường and Dung, in name order, with last year's status. */
	assert_int_equal(r->n_left, 2);
	assert_string_equal(r->left[0].head_name, "Lê Văn Cường");
	assert_int_equal(r->left[0].from, HH_NEWLY_ESCAPED);
	assert_int_equal(r->left[0].from_year, 2024);
	assert_string_equal(r->left[1].head_name, "Phạm Thị Dung");
	assert_string_equal(status_of(f, "031065002468", 2025), "none");
	assert_string_equal(status_of(f, "031190003579", 2025), "none");
	/* History is never lost. */
	assert_string_equal(status_of(f, "031075001234", 2024), "poor");
	assert_string_equal(status_of(f, "031182004567", 2024), "near_poor");
	assert_string_equal(status_of(f, "031065002468", 2024), "newly_escaped");
	assert_string_equal(status_of(f, "031190003579", 2024), "poor");
	assert_string_equal(status_of(f, "031182004567", 2025), "poor");
	/* Importing the 2025 list again: all unchanged, nobody left again. */
	import_ok(f, 2025,
		  HEADER ROW_A
		  "031182004567,Trần Thị Bích,Nữ,1982,Kinh,Thôn Đông,nghèo,3,,\n" ROW_E);
	assert_int_equal(f->res.unchanged, 3);
	assert_int_equal(f->res.n_changed + f->res.n_left + f->res.new_households, 0);
	assert_int_equal(count(f, "poverty_status"), 4 + 5);
}

/* A corrected list for the same year replaces the earlier one: overwritten rows get an
 * audit record with the value they had. */
static void test_corrected_list_same_year_audits_overwrites(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2025, HEADER ROW_A ROW_B);
	import_ok(f, 2025,
		  HEADER
		  "031075001234,Nguyễn Văn An,Nam,1975,Kinh,Thôn Đông,cận nghèo,4,,\n" ROW_C);
	struct poverty_import_result *r = &f->res;
	assert_int_equal(r->n_changed, 1);
	assert_int_equal(r->changed[0].from, HH_POOR);
	assert_int_equal(r->changed[0].from_year, 2025);
	assert_int_equal(r->n_left, 1);
	assert_string_equal(r->left[0].cccd, "031182004567");
	assert_int_equal(r->left[0].from_year, 2025);
	assert_int_equal(r->new_households, 1);
	assert_string_equal(status_of(f, "031075001234", 2025), "near_poor");
	assert_string_equal(status_of(f, "031182004567", 2025), "none");
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM audit_log WHERE action = 'update' AND "
				     "entity = 'poverty_status' AND before_json LIKE "
				     "'%%\"status\":\"poor\"%%' AND after_json LIKE "
				     "'%%\"status\":\"near_poor\"%%'"),
			 1);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM audit_log WHERE action = 'update' AND "
				     "before_json LIKE '%%near_poor%%' AND after_json LIKE "
				     "'%%\"status\":\"none\"%%'"),
			 1);
}

/* Every rejection reason, with its line; the good rows load all the same. */
static void test_rejected_rows_with_line_and_reason_R_HH_3(void **state)
{
	struct fx *f = *state;
	struct td_error err = {0};
	/* Households that exist already: Khoa in 11695, Hà in 11698 (another commune). */
	struct household_input an = {.cccd = "031072009999",
				     .head_name = "Đinh Văn Khoa",
				     .village_id = q_int(f->s, "SELECT id FROM village WHERE name "
							       "= 'Thôn Đông'"),
				     .members = 4};
	struct household_input ha = {.cccd = "031199007777",
				     .head_name = "Vũ Thị Hà",
				     .village_id =
					     q_int(f->s, "SELECT id FROM village WHERE name = "
							 "'Thôn Nam'"),
				     .members = 2};
	assert_int_equal(household_create(&f->ctx, &an, NULL, &err), TD_OK);
	assert_int_equal(household_create(&f->ctx, &ha, NULL, &err), TD_OK);
	const char *csv = HEADER
		/* 2 */ "0311234,Đỗ Văn Một,,,,Thôn Đông,nghèo,3,,\n"
			/* 3 */ "099075001234,Đỗ Văn Hai,,,,Thôn Đông,nghèo,3,,\n"
			/* 4 */ "031072009999,Nguyễn Văn Ba,,,,Thôn Đông,nghèo,3,,\n"
			/* 5 */ "031070001111,Đỗ Văn Bốn,,,,Thôn Bắc,nghèo,3,,\n"
			/* 6 */ "031070002222,Đỗ Văn Năm,,,,Thôn Đông,rất nghèo,3,,\n"
		/* 7 */ ROW_B
			/* 8 */ ROW_B
			/* 9 */ "031070003333,Đỗ Văn Sáu,,,,Thôn Đông,nghèo,3,,\n"
			/* 10 */ "031070003333,Đỗ Văn Sáu,,,,Thôn Đông,cận nghèo,3,,\n"
			/* 11 */ "031199007777,Vũ Thị Hà,,,,Thôn Đông,nghèo,2,,\n"
			/* 12 */ "031070004444,Đỗ Văn Bảy,,,,Thôn Đông,nghèo,không,,\n"
			/* 13 */ "031070005555,Đỗ Văn Tám,,,,Thôn Đông,nghèo\n"
			/* 14 */ "031070006666,Đỗ Văn Chín,Nữ,1971,,Thôn Đông,nghèo,3,,\n"
			/* 15 */ "031070007777,Đỗ Văn Mười,,,,Đông,nghèo,3,,\n"
			/* 16 */ "031070008888,Đỗ Văn Mười Một,,,,Thôn "
				 "Đông,nghèo,3,0225123,purpose_land\n"
		/* 17 */ ROW_A;
	assert_int_equal(import(f, "11695", 2025, csv, false, &err), TD_OK);
	want_reason(f, 2, "citizen ID 0311234 has 7 digits, needs 12");
	want_reason(f, 3, "province code 099 does not exist");
	want_reason(f, 4, "belongs to household");
	want_reason(f, 4, "same ID with another name");
	want_reason(f, 5, "village 'Thôn Bắc' is not a village of commune 11695");
	want_reason(f, 6, "status 'rất nghèo' is not one of");
	assert_null(reason_at(f, 7));
	want_reason(f, 8, "repeats line 7");
	want_reason(f, 9, "is on lines 9, 10 with different data");
	want_reason(f, 10, "is on lines 9, 10 with different data");
	want_reason(f, 11, "lives in commune 11698, not 11695");
	want_reason(f, 12, "members 'không' is not a whole number");
	want_reason(f, 13, "the row has 7 fields, the header 10");
	want_reason(f, 14, "sex Nữ does not match citizen ID 031070006666");
	want_reason(f, 14, "birth_year 1971 does not match");
	want_reason(f, 15, "village 'Đông' matches several villages: Thôn Đông, Xóm Đông");
	want_reason(f, 16, "phone '0225123'");
	want_reason(f, 16, "describes a loan");
	assert_null(reason_at(f, 17));
	assert_int_equal(f->res.n_rejected, 14);
	assert_int_equal(f->res.rows, 16);
	assert_int_equal(f->res.new_households, 2); /* Bích, An */
	assert_int_equal(f->res.n_changed, 0);
	assert_int_equal(f->res.unchanged, 0);
	assert_int_equal(f->res.n_changed + f->res.new_households + f->res.unchanged +
				 f->res.n_rejected,
			 f->res.rows);
	assert_string_equal(status_of(f, "031182004567", 2025), "near_poor");
	assert_string_equal(status_of(f, "031075001234", 2025), "poor");
	assert_string_equal(status_of(f, "031199007777", 2025), "-");
	assert_int_equal(count(f, "household"), 4);
	assert_int_equal(q_int(f->s, "SELECT rejected FROM poverty_import"), 14);
	/* A household that existed with no status, now on the list: changed from nothing. */
	assert_int_equal(import(f, "11695", 2025,
				HEADER "031072009999,Đinh Văn Khoa,,,,Thôn Đông,"
				       "nghèo,3,,\n",
				false, &err),
			 TD_OK);
	assert_int_equal(f->res.n_changed, 1);
	assert_int_equal(f->res.changed[0].from_year, 0);
	assert_int_equal(f->res.changed[0].to, HH_POOR);
}

#define HUNG(name) "031075001234," name ",Nam,1975,Kinh,Thôn Đông,nghèo,4,,\n"

/* R-HH-2: names are identity, compared exactly after NFC and white space only. "Hưng" on
 * Hùng's citizen ID is another name, reported as a conflict (rejected, nothing written),
 * never "unchanged", though both fold to "hung" for search; so is a change of case. The
 * same name typed decomposed, or stored so by an earlier version, is the same name. */
static void test_same_id_name_differing_by_one_mark_is_a_conflict_R_HH_2(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2024, HEADER HUNG("Nguyễn Văn Hùng"));
	int64_t statuses = count(f, "poverty_status"), imports = count(f, "poverty_import");
	int64_t audits = count(f, "audit_log");
	struct td_error err = {0};
	static const char *const others[] = {"Nguyễn Văn Hưng", "Nguyễn Văn Hũng",
					     "NGUYỄN VĂN HÙNG", "Nguyễn Văn Hung"};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		char csv[512];
		snprintf(csv, sizeof csv, HEADER HUNG("%s"), others[i]);
		assert_int_equal(import(f, "11695", 2025, csv, false, &err), TD_ERULE);
		assert_int_equal(f->res.unchanged, 0);
		assert_int_equal(f->res.n_changed, 0);
		assert_int_equal(f->res.n_rejected, 1);
		want_reason(f, 2, "belongs to household 1 (Nguyễn Văn Hùng), not to '");
		want_reason(f, 2, others[i]);
		want_reason(f, 2, "same ID with another name");
		/* Nothing changed: no status for 2025, no journal row, no audit record. */
		assert_string_equal(status_of(f, "031075001234", 2025), "-");
		assert_int_equal(count(f, "poverty_status"), statuses);
		assert_int_equal(count(f, "poverty_import"), imports);
		assert_int_equal(count(f, "audit_log"), audits);
	}
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM household WHERE head_name = "
				     "'Nguyễn Văn Hùng'"),
			 1);
	/* Decomposed, with extra spaces: the same name. */
	import_ok(f, 2025, HEADER HUNG("  Nguye\u0302\u0303n  Va\u0306n Hu\u0300ng "));
	assert_int_equal(f->res.n_rejected, 0);
	assert_int_equal(f->res.unchanged, 1);
	/* A name stored decomposed before names were stored in NFC still matches. */
	assert_int_equal(store_exec(f->s,
				    "UPDATE household SET head_name = 'Nguye\u0302\u0303n Va\u0306n "
				    "Hu\u0300ng'",
				    &err),
			 TD_OK);
	import_ok(f, 2025, HEADER HUNG("Nguyễn Văn Hùng"));
	assert_int_equal(f->res.n_rejected, 0);
	assert_int_equal(f->res.unchanged, 1);
	assert_string_equal(status_of(f, "031075001234", 2025), "poor");
}

/* Names are stored in NFC: a decomposed name from a list is stored precomposed. */
static void test_new_household_name_stored_in_nfc(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2024, HEADER HUNG("Nguye\u0302\u0303n Va\u0306n Hu\u031Bng"));
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM household WHERE head_name = "
				     "'Nguyễn Văn Hưng' AND name_folded = 'nguyen van hung'"),
			 1);
}

/* A household whose row was rejected is not "left": its status stays untouched. */
static void test_rejected_row_never_counts_as_left(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2024, HEADER ROW_A ROW_B);
	import_ok(f, 2025,
		  HEADER ROW_A "031182004567,Trần Thị Bích,Nữ,1982,Kinh,Thôn Đông,khá giả,3,,\n");
	assert_int_equal(f->res.n_rejected, 1);
	assert_int_equal(f->res.n_left, 0);
	assert_string_equal(status_of(f, "031182004567", 2025), "-");
	assert_string_equal(status_of(f, "031182004567", 2024), "near_poor");
}

/* A file no row of which can be used changes nothing: it cannot empty a commune's list. */
static void test_no_usable_row_changes_nothing(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2024, HEADER ROW_A ROW_B);
	struct td_error err = {0};
	assert_int_equal(
		import(f, "11695", 2025, HEADER "1,2,3,4,5,6,7,8,9,10\nx,,,,,,,,,\n", false, &err),
		TD_ERULE);
	assert_non_null(strstr(err.msg, "none of the 2 rows can be used"));
	assert_non_null(strstr(err.msg, "line 2: citizen ID 1 has 1 digit"));
	assert_int_equal(f->res.n_rejected, 2);
	assert_int_equal(count(f, "poverty_status"), 2);
	assert_int_equal(count(f, "poverty_import"), 1);
}

struct fatal_case {
	const char *what, *commune;
	int year;
	const char *csv;
	int code;
	const char *want;
};

/* Errors that stop the whole import, each precise; nothing is written. */
static void test_fatal_errors_change_nothing(void **state)
{
	struct fx *f = *state;
	const struct fatal_case cases[] = {
		{"commune code", "1169", 2025, HEADER ROW_A, TD_EINVAL,
		 "commune code '1169' must be 5"},
		{"year early", "11695", 1999, HEADER ROW_A, TD_EINVAL,
		 "year 1999 is outside 2000..2026"},
		{"year late", "11695", 2027, HEADER ROW_A, TD_EINVAL, "year 2027 is outside"},
		{"unknown commune", "11700", 2025, HEADER ROW_A, TD_ENOTFOUND,
		 "commune 11700 is not an administrative unit on 2025-03-10"},
		{"empty", "11695", 2025, "", TD_EINVAL, "the file is empty"},
		{"header only", "11695", 2025, HEADER, TD_EINVAL, "a header but no rows"},
		{"missing column", "11695", 2025, "cccd,head_name,village,status\n1,2,3,4\n",
		 TD_EINVAL, "line 1: the header has no column members"},
		{"unknown column", "11695", 2025, "cccd,ten,village,status,members\n", TD_EINVAL,
		 "line 1: column 2 'ten' is not known"},
		{"twice", "11695", 2025, "cccd,cccd,head_name,village,status,members\n", TD_EINVAL,
		 "columns 1 and 2 are both cccd"},
		{"quote", "11695", 2025, HEADER ROW_A "\"031,x\n", TD_EINVAL, "line 3"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct td_error err = {0};
		int rc = import(f, cases[i].commune, cases[i].year, cases[i].csv, false, &err);
		if (rc != cases[i].code || !strstr(err.msg, cases[i].want))
			fail_msg("%s: got %s '%s', want %s '%s'", cases[i].what, td_code_name(rc),
				 err.msg, td_code_name(cases[i].code), cases[i].want);
	}
	assert_int_equal(count(f, "household"), 0);
	assert_int_equal(count(f, "poverty_import"), 0);
	assert_int_equal(count(f, "audit_log"), 0);
}

/* R-ORG-4: only roles that import lists, inside their office subtree. */
static void test_import_access_R_ORG_4(void **state)
{
	struct fx *f = *state;
	struct td_actor teller = {.user_id = 5, .role = ROLE_TELLER, .office_id = f->pgd314};
	struct td_actor other = {.user_id = 6,
				 .role = ROLE_CREDIT_OFFICER,
				 .office_id = q_int(f->s, "SELECT id FROM office WHERE code = "
							  "'PGD315'")};
	struct td_actor officer = {
		.user_id = 7, .role = ROLE_CREDIT_OFFICER, .office_id = f->pgd314};
	snprintf(officer.username, sizeof officer.username, "tin.vv");
	struct td_error err = {0};
	f->ctx.actor = &teller;
	assert_int_equal(import(f, "11695", 2025, HEADER ROW_A, false, &err), TD_EFORBIDDEN);
	f->ctx.actor = &other;
	assert_int_equal(import(f, "11695", 2025, HEADER ROW_A, false, &err), TD_EFORBIDDEN);
	assert_int_equal(count(f, "household"), 0);
	f->ctx.actor = &officer;
	assert_int_equal(import(f, "11695", 2025, HEADER ROW_A, false, &err), TD_OK);
	assert_int_equal(q_int(f->s, "SELECT user_id FROM poverty_import"), 7);
}

/* Lists as spreadsheets save them: ';' between cells, Vietnamese headings, a BOM, CRLF,
 * columns in another order, blank trailing rows; village names without "Thôn". */
static void test_vietnamese_headings_semicolons_and_village_names(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2025,
		  "\xef\xbb\xbfSố CCCD;Họ và tên chủ hộ;Thôn;Phân loại;Số nhân khẩu\r\n"
		  "031075001234;Nguyễn Văn An;THÔN ĐÔNG;Hộ nghèo;4\r\n"
		  "031182004567;Trần Thị Bích;Tây;hộ cận nghèo;3\r\n"
		  ";;;;\r\n");
	assert_int_equal(f->res.rows, 2);
	assert_int_equal(f->res.new_households, 2);
	assert_int_equal(q_int(f->s, "SELECT count(*) FROM household h JOIN village v ON v.id = "
				     "h.village_id WHERE v.name = 'Thôn Tây'"),
			 1);
}

static void test_journal_list_scope_and_json(void **state)
{
	struct fx *f = *state;
	import_ok(f, 2024, HEADER ROW_A);
	import_ok(f, 2025, HEADER ROW_A ROW_B);
	json_t *j = poverty_import_result_json(&f->res);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "counts"), "rows")),
			 2);
	assert_int_equal(json_array_size(json_object_get(j, "status_changed")), 0);
	assert_string_equal(json_string_value(json_object_get(j, "commune_name")),
			    "Xã Đông Phương");
	json_decref(j);
	struct td_error err = {0};
	json_t *list = NULL;
	struct poverty_import_query q = {0};
	assert_int_equal(poverty_import_list(&f->ctx, &q, &list, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(list, "total")), 2);
	json_t *first = json_array_get(json_object_get(list, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "year")), 2025);
	assert_int_equal(json_integer_value(json_object_get(first, "new_households")), 1);
	json_decref(list);
	q.year = 2024;
	assert_int_equal(poverty_import_list(&f->ctx, &q, &list, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(list, "total")), 1);
	json_decref(list);
	struct td_actor other = {.user_id = 6,
				 .role = ROLE_CREDIT_OFFICER,
				 .office_id = q_int(f->s, "SELECT id FROM office WHERE code = "
							  "'PGD315'")};
	f->ctx.actor = &other;
	q.year = 0;
	assert_int_equal(poverty_import_list(&f->ctx, &q, &list, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(list, "total")), 0);
	json_decref(list);
	q.limit = 600;
	assert_int_equal(poverty_import_list(&f->ctx, &q, &list, &err), TD_EINVAL);
}

int main(void)
{
	backend = testdb_backend_from_env();
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_first_import_creates_households_R_HH_2),
		T(test_same_file_twice_is_idempotent_R_HH_2),
		T(test_dry_run_changes_nothing),
		T(test_next_year_reconciliation_R_HH_1),
		T(test_corrected_list_same_year_audits_overwrites),
		T(test_rejected_rows_with_line_and_reason_R_HH_3),
		T(test_same_id_name_differing_by_one_mark_is_a_conflict_R_HH_2),
		T(test_new_household_name_stored_in_nfc),
		T(test_rejected_row_never_counts_as_left),
		T(test_no_usable_row_changes_nothing),
		T(test_fatal_errors_change_nothing),
		T(test_import_access_R_ORG_4),
		T(test_vietnamese_headings_semicolons_and_village_names),
		T(test_journal_list_scope_and_json),
	};
	return cmocka_run_group_tests_name(backend == TD_BACKEND_POSTGRES
						   ? "poverty_import/postgres"
						   : "poverty_import/sqlite",
					   tests, NULL, NULL);
}
