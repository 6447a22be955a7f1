/* `tindung demo --until` across the country's two-level administration of 1 July 2025
 * (R-ORG-1, docs/demo.md) on both stores: a small district run to August 2025 loads the
 * new units through the bank's import on the day, keeps its books, and its reports name
 * the units of their date (the old communes in June, the new ones in July, the 13/TD
 * lists too); the figures of a month end before the merger are those of the same demo
 * stopped before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/check.h"
#include "bank/commune_session.h"
#include "bank/network.h"
#include "bank/snapshot.h"
#include "demo/demo.h"
#include "support/testdb.h"

#define HOUSEHOLDS 20 /* one commune, one group: enough to cross, small for PostgreSQL */

static enum td_backend backend;

static struct {
	char url[TESTDB_URL_MAX];
	struct td_store *s;
	struct td_actor admin;
	struct td_ctx ctx;
	int64_t office;
} run;

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

static td_date D(const char *iso)
{
	td_date d = 0;
	struct td_error err = {0};
	must(date_parse_iso(iso, &d, &err), &err, iso);
	return d;
}

static int64_t count(struct td_store *s, const char *sql)
{
	int64_t n = -1;
	struct td_error err = {0};
	must(store_query_int64(s, sql, &n, &err), &err, sql);
	return n;
}

static char *snapshot_text(struct td_store *s, int64_t office, const char *date)
{
	struct td_actor admin;
	actor_system(&admin);
	struct td_ctx ctx = {.store = s, .actor = &admin, .business_date = D("2025-06-30")};
	json_t *j = NULL;
	struct td_error err = {0};
	must(snapshot_get(&ctx, office, D(date), &j, &err), &err, "snapshot");
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return text;
}

/* The demo as it stood when June 2025 ended, before the merger: May's month end. */
static char *may_before;
static struct td_store *building;

static void progress(void *arg, const char *line)
{
	(void)arg;
	int64_t office = 0;
	struct td_error err = {0};
	if (strncmp(line, "Tháng 06/2025:", strlen("Tháng 06/2025:")) != 0)
		return;
	must(office_find_code(building, "PGD314", &office, &err), &err, "PGD314");
	may_before = snapshot_text(building, office, "2025-05-31");
}

static struct td_store *build(char *url, const char *until, bool watch)
{
	struct td_store *s = NULL;
	if (testdb_open(backend, true, &s, url, TESTDB_URL_MAX))
		fail_msg("no test database");
	struct demo_options o;
	demo_options_default(&o);
	o.households = HOUSEHOLDS;
	o.until = D(until);
	o.admin_password = "mật khẩu quản trị demo";
	o.progress = watch ? progress : NULL;
	building = s;
	struct demo_summary sum;
	struct td_error err = {0};
	must(demo_build(s, &o, &sum, &err), &err, "demo_build");
	return s;
}

static int run_setup(void **state)
{
	(void)state;
	run.s = build(run.url, "2025-08-01", true);
	actor_system(&run.admin);
	run.ctx = (struct td_ctx){.store = run.s, .actor = &run.admin};
	struct td_error err = {0};
	must(bank_business_date(run.s, &run.ctx.business_date, &err), &err, "date");
	must(office_find_code(run.s, "PGD314", &run.office, &err), &err, "PGD314");
	return 0;
}

static int run_teardown(void **state)
{
	(void)state;
	store_close(run.s);
	testdb_cleanup(run.url);
	return 0;
}

static void test_the_run_crosses_the_merger_with_its_books_R_ORG_1(void **state)
{
	(void)state;
	struct check_report r = {0};
	struct td_error err = {0};
	must(check_run(run.s, CHECK_ALL_DATES, &r, &err), &err, "check");
	assert_int_equal(r.mismatches, 0);
	/* Kiến Thuỵ's 16 communes closed on the day; 5 new communes of Hải Phòng hold them */
	assert_int_equal(count(run.s, "SELECT count(*) FROM admin_unit WHERE level = 'commune' "
				      "AND parent_code = '314' AND valid_to = '2025-07-01'"),
			 16);
	assert_int_equal(count(run.s, "SELECT count(DISTINCT commune_code) FROM village_commune "
				      "WHERE valid_from = '2025-07-01'"),
			 5);
	assert_int_equal(count(run.s, "SELECT count(*) FROM village_commune WHERE valid_to IS NULL "
				      "AND valid_from < '2025-07-01'"),
			 0);
	/* the split villages took the proposals; the office tree did not move */
	assert_true(count(run.s, "SELECT count(*) FROM village_split") > 0);
	assert_int_equal(count(run.s, "SELECT count(*) FROM village_split WHERE decided IS NULL"),
			 0);
	assert_int_equal(count(run.s, "SELECT count(*) FROM office_version WHERE valid_from >= "
				      "'2025-01-01'"),
			 0);
	/* the import went through the use case: its one audit record */
	assert_int_equal(count(run.s, "SELECT count(*) FROM audit_log WHERE entity = "
				      "'admin_merger' AND action = 'import'"),
			 1);
}

/* Every commune code of the month end's portfolio is in force on that day (a June code
 * closes with the merger, a July code is a commune of the province). */
static void portfolio_units(const char *month_end, const char *valid)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM month_end_portfolio p JOIN month_end_snapshot n ON n.id = "
		 "p.snapshot_id WHERE n.month_end = '%s' AND NOT EXISTS (SELECT 1 FROM admin_unit "
		 "u WHERE u.level = 'commune' AND u.code = p.commune_code AND %s)",
		 month_end, valid);
	assert_int_equal(count(run.s, sql), 0);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM month_end_portfolio p JOIN month_end_snapshot n ON n.id = "
		 "p.snapshot_id WHERE n.month_end = '%s'",
		 month_end);
	assert_true(count(run.s, sql) > 0);
}

static void test_reports_name_the_units_of_their_date_R_ORG_1(void **state)
{
	(void)state;
	portfolio_units("2025-06-30", "u.valid_from <= '2025-06-30' AND u.valid_to = '2025-07-01' "
				      "AND u.parent_code = '314'");
	portfolio_units("2025-07-31", "u.valid_from = '2025-07-01' AND u.valid_to IS NULL AND "
				      "u.parent_code = '31'");
	/* the snapshot of July names the new commune, and June's old one beside it */
	json_t *j = NULL;
	struct td_error err = {0};
	must(snapshot_get(&run.ctx, run.office, D("2025-07-31"), &j, &err), &err, "snapshot");
	bool old = false, new = false;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(j, "portfolio"), i, row)
	{
		const char *name = json_string_value(json_object_get(row, "commune_name"));
		old = old || strcmp(name, "Xã Đông Phương") == 0;
		new = new || strcmp(name, "Xã Kiến Minh") == 0;
	}
	json_decref(j);
	assert_true(old && new);
	/* the 13/TD lists of a session after the merger name the new commune */
	int64_t session = 0;
	must(store_query_int64(run.s,
			       "SELECT min(id) FROM commune_session WHERE session_date >= "
			       "'2025-07-01'",
			       &session, &err),
	     &err, "session");
	must(csession_groups(&run.ctx, session, &j, &err), &err, "13/TD");
	json_array_foreach(json_object_get(j, "groups"), i, row)
	{
		assert_string_equal(json_string_value(json_object_get(row, "commune_name")),
				    "Xã Kiến Minh");
	}
	assert_true(json_array_size(json_object_get(j, "groups")) > 0);
	json_decref(j);
}

/* May's month end read after the merger equals May's month end of the same demo stopped
 * before it: read when June ended (both stores) and, on SQLite, of a second demo built to
 * 30 June (on PostgreSQL a second build of 42 months costs half a minute of round trips;
 * the demo is deterministic, so the state at the end of June is that demo's). */
static void test_past_month_end_unchanged_by_the_merger_R_ORG_1(void **state)
{
	(void)state;
	char *after = snapshot_text(run.s, run.office, "2025-05-31");
	assert_non_null(may_before);
	assert_string_equal(may_before, after);
	free(may_before);
	may_before = NULL;
	if (backend == TD_BACKEND_SQLITE) {
		char url[TESTDB_URL_MAX];
		struct td_store *before = build(url, "2025-06-30", false);
		int64_t office = 0;
		struct td_error err = {0};
		must(office_find_code(before, "PGD314", &office, &err), &err, "PGD314");
		assert_int_equal(count(before, "SELECT count(*) FROM admin_merger"), 0);
		char *b = snapshot_text(before, office, "2025-05-31");
		assert_string_equal(after, b);
		free(b);
		store_close(before);
		testdb_cleanup(url);
	}
	free(after);
}

static void test_until_out_of_range_is_refused(void **state)
{
	(void)state;
	char url[TESTDB_URL_MAX];
	struct td_store *s = NULL;
	if (testdb_open(backend, true, &s, url, sizeof url))
		fail_msg("no test database");
	struct demo_options o;
	demo_options_default(&o);
	o.until = D("2028-01-01");
	struct demo_summary sum;
	struct td_error err = {0};
	assert_int_equal(demo_build(s, &o, &sum, &err), TD_EINVAL);
	assert_non_null(strstr(err.msg, "until 2028-01-01 is outside 2022-01-01..2027-12-31"));
	bool empty = false;
	must(demo_database_empty(s, &empty, &err), &err, "empty");
	assert_true(empty);
	store_close(s);
	testdb_cleanup(url);
}

int main(void)
{
	backend = testdb_backend_from_env();
	setenv("TD_PWHASH_FAST", "1", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_run_crosses_the_merger_with_its_books_R_ORG_1),
		cmocka_unit_test(test_reports_name_the_units_of_their_date_R_ORG_1),
		cmocka_unit_test(test_past_month_end_unchanged_by_the_merger_R_ORG_1),
		cmocka_unit_test(test_until_out_of_range_is_refused),
	};
	return cmocka_run_group_tests_name(backend == TD_BACKEND_POSTGRES ? "demo_merger/postgres"
									  : "demo_merger/sqlite",
					   tests, run_setup, run_teardown);
}
