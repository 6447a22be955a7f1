/* The poverty-list import at scale (issue 4: 100,000 rows in under 5 s): a temporary
 * SQLite database with one commune of Kiến Thụy and its villages, a generated list of
 * 100,000 households, then three imports timed end to end (parse, validate, reconcile,
 * write, commit):
 *   first     every household new
 *   again     the same file: every row unchanged (idempotent)
 *   next year a tenth of the statuses changed, a fiftieth of the households gone
 *
 *   bench_poverty_import [ROWS] [DB_URL]   (default 100000 rows, a temporary SQLite file;
 *                                           a postgres:// URL of an empty database works)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bank/poverty_import.h"
#include "base/buf.h"
#include "bench.h"
#include "store/store.h"

#define VILLAGES 24

static const char network_sql[] =
	"INSERT INTO admin_unit (level, code, valid_from, name, unit_type, parent_code) VALUES "
	"('province', '31', '2008-08-01', 'Thành phố Hải Phòng', 'Thành phố', NULL), "
	"('district', '314', '2008-08-01', 'Huyện Kiến Thuỵ', 'Huyện', '31'), "
	"('commune', '11695', '2008-08-01', 'Xã Đông Phương', 'Xã', '314');"
	"INSERT INTO office (code, kind, province_code, district_code) VALUES "
	"('CN31', 'branch', '31', NULL), ('PGD314', 'district', '31', '314');"
	"INSERT INTO office_version (office_id, name, parent_id, valid_from) "
	"SELECT id, 'Chi nhánh Hải Phòng', 1, '2003-01-01' FROM office WHERE code = 'CN31';"
	"INSERT INTO office_version (office_id, name, parent_id, valid_from) "
	"SELECT o.id, 'Phòng giao dịch Kiến Thụy', b.id, '2003-01-01' FROM office o, office b "
	"WHERE o.code = 'PGD314' AND b.code = 'CN31';";

static const char *const family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ",
				     "Đặng",   "Bùi",  "Đỗ", "Ngô",  "Dương", "Lý"};
static const char *const given[] = {"An",  "Bình", "Cường", "Dũng", "Hải",  "Hùng", "Lan", "Mai",
				    "Nga", "Phúc", "Quý",   "Sơn",  "Thảo", "Uyên", "Yến"};
static const char *const statuses[] = {"nghèo", "cận nghèo", "mới thoát nghèo", "Hộ nghèo"};

/* The list: row i is household i; `year` shifts a tenth of the statuses and drops a
 * fiftieth of the households, as a real next-year review does. */
static int make_list(struct buf *b, int rows, int year)
{
	int rc = buf_append_str(b, "cccd,head_name,sex,birth_year,ethnicity,village,status,"
				   "members,phone,flags\n");
	for (int i = 0; rc == TD_OK && i < rows; i++) {
		if (year > 2024 && i % 50 == 7)
			continue;
		int female = i & 1, born = 1940 + i % 60;
		int s = (i + (year > 2024 && i % 10 == 3)) % 4;
		rc = buf_appendf(b, "031%d%02d%06d,%s %s %s,%s,%d,Kinh,Thôn %d,%s,%d,09%08d,%s\n",
				 female, born % 100, i, family[i % 12], female ? "Thị" : "Văn",
				 given[i % 15], female ? "Nữ" : "Nam", born, 1 + i % VILLAGES,
				 statuses[s], 1 + i % 8, i, i % 17 == 0 ? "disabled" : "");
	}
	return rc;
}

static int setup(struct td_store *s, struct td_error *err)
{
	int rc = store_exec(s, network_sql, err);
	for (int v = 1; rc == TD_OK && v <= VILLAGES; v++) {
		char sql[160];
		snprintf(sql, sizeof sql,
			 "INSERT INTO village (commune_code, name, valid_from) VALUES ('11695', "
			 "'Thôn %d', '2010-01-01')",
			 v);
		rc = store_exec(s, sql, err);
	}
	return rc;
}

static int run(struct td_ctx *ctx, const char *name, int year, const struct buf *csv,
	       struct td_error *err)
{
	struct poverty_import_input in = {.commune_code = "11695",
					  .year = year,
					  .file_name = "bench.csv",
					  .data = buf_str(csv),
					  .len = buf_len(csv)};
	struct poverty_import_result res;
	double t = bench_now();
	int rc = poverty_import_run(ctx, &in, &res, err);
	double secs = bench_now() - t;
	if (rc == TD_OK) {
		char label[64];
		snprintf(label, sizeof label, "poverty import: %s", name);
		bench_report(label, (long long)res.rows, "rows", secs);
		printf("%34s new %zu, unchanged %zu, changed %zu, left %zu, rejected %zu\n", "",
		       res.new_households, res.unchanged, res.n_changed, res.n_left,
		       res.n_rejected);
	}
	poverty_import_result_free(&res);
	return rc;
}

int main(int argc, char **argv)
{
	int rows = argc > 1 ? atoi(argv[1]) : 100000;
	char path[64] = "";
	const char *url = argc > 2 ? argv[2] : NULL;
	if (!url) {
		snprintf(path, sizeof path, "/tmp/bench_poverty_%ld.db", (long)getpid());
		url = path;
	}
	struct td_error err = {0};
	struct td_store *s = NULL;
	struct buf first, next;
	buf_init(&first, 64u << 20);
	buf_init(&next, 64u << 20);
	int rc = store_open(url, TD_OPEN_CREATE, &s, &err);
	if (rc == TD_OK)
		rc = store_migrate(s, NULL, &err);
	if (rc == TD_OK)
		rc = setup(s, &err);
	if (rc == TD_OK)
		rc = make_list(&first, rows, 2024);
	if (rc == TD_OK)
		rc = make_list(&next, rows, 2025);
	struct td_actor actor;
	actor_system(&actor);
	struct td_ctx ctx = {.store = s, .actor = &actor};
	if (rc == TD_OK)
		rc = bank_business_date(s, &ctx.business_date, &err);
	if (rc == TD_OK)
		rc = run(&ctx, "first (all new)", 2024, &first, &err);
	if (rc == TD_OK)
		rc = run(&ctx, "same file again", 2024, &first, &err);
	if (rc == TD_OK)
		rc = run(&ctx, "next year's list", 2025, &next, &err);
	if (rc != TD_OK)
		fprintf(stderr, "bench_poverty_import: %s: %s\n", td_code_name(rc), err.msg);
	store_close(s);
	buf_free(&first);
	buf_free(&next);
	if (path[0]) {
		static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
		for (int i = 0; i < 4; i++) {
			char name[80];
			snprintf(name, sizeof name, "%s%s", path, suffix[i]);
			unlink(name);
		}
	}
	return rc == TD_OK ? 0 : 1;
}
