/* The credit officer's follow-up rules (credit/followup.h): the age buckets of overdue debt
 * (R-DUE-1: 1 day overdue the day after the due day) and the next session of a point
 * (R-SES-1: a fixed day of every month). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "credit/followup.h"

static td_date day(const char *iso)
{
	td_date d = 0;
	assert_int_equal(date_parse_iso(iso, &d, NULL), TD_OK);
	return d;
}

struct age_case {
	const char *due_on, *on;
	int days;
	const char *bucket;
};

/* R-DUE-1: the age counts from the due day; each bucket's edges. */
static void test_r_due_1_overdue_age_buckets(void **state)
{
	(void)state;
	static const struct age_case cases[] = {
		{"2025-03-10", "2025-03-11", 1, "1-30"},
		{"2025-03-10", "2025-04-09", 30, "1-30"},
		{"2025-03-10", "2025-04-10", 31, "31-90"},
		{"2025-03-10", "2025-06-08", 90, "31-90"},
		{"2025-03-10", "2025-06-09", 91, "91-180"},
		{"2025-03-10", "2025-09-06", 180, "91-180"},
		{"2025-03-10", "2025-09-07", 181, "181-360"},
		{"2024-03-10", "2025-03-05", 360, "181-360"},
		{"2024-03-10", "2025-03-06", 361, "over-360"},
		{"2020-01-01", "2025-03-06", 1891, "over-360"},
		{"2024-02-28", "2024-03-01", 2, "1-30"}, /* a leap day counts */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct age_case *c = &cases[i];
		int days = followup_days_overdue(day(c->due_on), day(c->on));
		if (days != c->days)
			fail_msg("%s -> %s: %d days, want %d", c->due_on, c->on, days, c->days);
		assert_string_equal(followup_buckets[followup_bucket_of(days)].code, c->bucket);
	}
	/* The buckets follow each other without a gap. */
	for (int b = 1; b < FOLLOWUP_BUCKETS; b++)
		assert_int_equal(followup_buckets[b].min_days, followup_buckets[b - 1].max_days + 1);
	assert_int_equal(followup_buckets[0].min_days, 1);
	assert_int_equal(followup_buckets[FOLLOWUP_BUCKETS - 1].max_days, 0);
}

struct session_case {
	const char *from;
	int meeting_day;
	const char *want;
};

/* R-SES-1: the meeting day of this month if it has not passed, else of the next month. */
static void test_r_ses_1_next_session(void **state)
{
	(void)state;
	static const struct session_case cases[] = {
		{"2025-06-10", 17, "2025-06-17"}, {"2025-06-17", 17, "2025-06-17"},
		{"2025-06-18", 17, "2025-07-17"}, {"2025-12-20", 5, "2026-01-05"},
		{"2025-01-31", 28, "2025-02-28"}, {"2024-02-29", 28, "2024-03-28"},
		{"2025-06-01", 1, "2025-06-01"},  {"2025-06-02", 1, "2025-07-01"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct session_case *c = &cases[i];
		td_date got = followup_next_session(day(c->from), c->meeting_day);
		char iso[TD_DATE_FMT_MAX];
		if (got != day(c->want))
			fail_msg("from %s, day %d: %s, want %s", c->from, c->meeting_day,
				 date_format_iso(got, iso, sizeof iso), c->want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_due_1_overdue_age_buckets),
		cmocka_unit_test(test_r_ses_1_next_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
