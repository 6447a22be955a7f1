/* Loan applications through approval on both stores (R-APP-1..4, R-PRG-1, R-HH-4,
 * R-RATE-1, R-ORG-4): every step's happy path and every refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/application.h"
#include "bank/calendar.h"
#include "support/forms.h"
#include "bank/group.h"
#include "bank/param.h"
#include "bank/programme_db.h"
#include "org_fixture.h"

/* The fixture plus a group of hh1[0..4] in the women's chapter of commune 12001, statuses
 * for 2024 and 2025, and the people who act. Business date 2025-03-31. */
struct app_fx {
	struct fixture *f;
	int64_t women_12001, farmers_12001, group;
	struct td_actor union_officer, other_union, officer, officer_319, director, director2,
		teller;
};

static void add_status(struct fixture *f, int64_t hid, int year, const char *status)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO poverty_import (commune_code, year, office_id, file_name, sha256, "
		 "rows_read, new_households, unchanged, status_changed, left_list, rejected, "
		 "business_date, user_id, username) VALUES ('12001', %d, %lld, 'x.csv', 'x', 0, 0, "
		 "0, 0, 0, 0, '2025-01-01', 0, 'system');"
		 "INSERT INTO poverty_status (household_id, year, status, commune_code, import_id, "
		 "recorded_on) SELECT %lld, %d, '%s', '12001', max(id), '2025-01-01' FROM "
		 "poverty_import;",
		 year, (long long)f->pgd318, (long long)hid, year, status);
	fix_exec(f->s, sql);
}

static struct td_actor person(enum td_role role, int64_t user, int64_t office, int64_t chapter)
{
	struct td_actor a = fix_actor(role, office, chapter, 0);
	a.user_id = user;
	snprintf(a.username, sizeof a.username, "%s_%lld", role_name(role), (long long)user);
	return a;
}

static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct app_fx x;
	struct fixture *f = *state;
	memset(&x, 0, sizeof x);
	x.f = f;
	f->ctx.business_date = fix_day("2025-03-31");
	x.women_12001 = fix_chapter(f, "women", "commune", "12001", 0, f->pgd318, "2015-01-01");
	x.farmers_12001 = fix_chapter(f, "farmers", "commune", "12001", 0, f->pgd318, "2015-01-01");
	struct group_founding g = {.code = "TK-01",
				   .name = "Tổ TK&VV Thôn Một",
				   .village_id = f->v1,
				   .chapter_id = x.women_12001,
				   .point_id = f->p1,
				   .officer_staff_id = f->co1,
				   .decision_no = "12/QĐ-UBND",
				   .decision_date = fix_day("2024-01-05"),
				   .founded_on = fix_day("2024-01-10"),
				   .members = f->hh1,
				   .n_members = 5,
				   .leader_id = f->hh1[0]};
	struct td_error err = {0};
	if (group_create(&f->ctx, &g, &x.group, &err) != TD_OK)
		fail_msg("group: %s", err.msg);
	add_status(f, f->hh1[0], 2025, "poor");
	add_status(f, f->hh1[1], 2025, "near_poor");
	add_status(f, f->hh1[2], 2024, "poor");
	add_status(f, f->hh1[2], 2025, "none");
	add_status(f, f->hh1[3], 2025, "poor");
	add_status(f, f->hh2[0], 2025, "poor");
	x.union_officer = person(ROLE_UNION_OFFICER, 11, f->pgd318, x.women_12001);
	x.other_union = person(ROLE_UNION_OFFICER, 12, f->pgd318, x.farmers_12001);
	x.officer = person(ROLE_CREDIT_OFFICER, 21, f->pgd318, 0);
	x.officer_319 = person(ROLE_CREDIT_OFFICER, 22, f->pgd319, 0);
	x.director = person(ROLE_DIRECTOR, 31, f->pgd318, 0);
	x.director2 = person(ROLE_DIRECTOR, 32, f->pgd318, 0);
	x.teller = person(ROLE_TELLER, 41, f->pgd318, 0);
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct app_fx *x = *state;
	void *f = x->f;
	return fix_teardown(&f);
}

static struct td_ctx as(struct app_fx *x, const struct td_actor *a)
{
	return fix_ctx(x->f, a);
}

/* Programme 1 (poor households), 50 M for 36 months, applied 2025-03-03. */
static struct application_input form(int64_t hid, const char *applied)
{
	return (struct application_input){.household_id = hid,
					  .programme = "1",
					  .amount = 50000000,
					  .term_months = 36,
					  .purpose = "Mua 2 con bò giống",
					  .plan = "Chăn nuôi bò sinh sản, bán bê sau 18 tháng",
					  .applied_on = fix_day(applied)};
}

static int64_t create_ok(struct app_fx *x, const struct td_actor *a,
			 const struct application_input *in)
{
	struct td_ctx c = as(x, a);
	struct td_error err = {0};
	int64_t id = 0;
	int rc = application_create(&c, in, &id, &err);
	if (rc != TD_OK)
		fail_msg("create: %s %s", td_code_name(rc), err.msg);
	return id;
}

static struct application_vote vote_form(const char *on)
{
	return (struct application_vote){.on = fix_day(on),
					 .minutes_no = "05/BB-10C",
					 .list_no = "03/TD-07",
					 .org_rep = "Nguyễn Thị Hội",
					 .village_head = "Trần Văn Thôn",
					 .members_present = 5,
					 .votes_for = 4,
					 .votes_against = 1};
}

static void must(int rc, const struct td_error *err, const char *what)
{
	if (rc != TD_OK)
		fail_msg("%s: %s %s", what, td_code_name(rc), err->msg);
}

/* Vote, confirm and check with the usual people and dates. */
static void through_check(struct app_fx *x, int64_t id)
{
	struct td_error err = {0};
	struct td_ctx u = as(x, &x->union_officer), o = as(x, &x->officer);
	struct application_vote v = vote_form("2025-03-05");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err,
	     "confirm");
	must(application_check(&o, id, fix_day("2025-03-10"), NULL, &err), &err, "check");
}

static const char *step_of(struct app_fx *x, int64_t id)
{
	static char buf[32];
	struct td_ctx c = as(x, &x->teller);
	json_t *j = NULL;
	struct td_error err = {0};
	must(application_get(&c, id, &j, &err), &err, "get");
	snprintf(buf, sizeof buf, "%s", json_string_value(json_object_get(j, "step")));
	json_decref(j);
	return buf;
}

static void test_r_app_1_to_4_happy_path(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	assert_string_equal(step_of(x, id), "applied");
	through_check(x, id);
	assert_string_equal(step_of(x, id), "checked");
	struct td_ctx d = as(x, &x->director);
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_OK);

	json_t *j = NULL;
	assert_int_equal(application_get(&d, id, &j, &err), TD_OK);
	assert_string_equal(json_string_value(json_object_get(j, "step")), "approved");
	assert_int_equal(json_integer_value(json_object_get(j, "rate")), 66000);
	assert_int_equal(json_integer_value(json_object_get(j, "group_id")), x->group);
	json_t *vote = json_object_get(j, "vote");
	assert_string_equal(json_string_value(json_object_get(vote, "minutes_no")), "05/BB-10C");
	assert_int_equal(json_integer_value(json_object_get(vote, "votes_for")), 4);
	assert_int_equal(json_integer_value(json_object_get(vote, "members_present")), 5);
	assert_int_equal(json_integer_value(json_object_get(vote, "group_members")), 5);
	assert_int_equal(json_integer_value(json_object_get(vote, "votes_abstain")), 0);
	json_t *conf = json_object_get(j, "confirmation");
	assert_string_equal(json_string_value(json_object_get(conf, "doc_no")), "15/UBND-XN");
	assert_string_equal(json_string_value(json_object_get(conf, "signatory")), "Lê Văn Chủ");
	assert_string_equal(json_string_value(json_object_get(conf, "signatory_title")),
			    "Chủ tịch UBND xã");
	assert_string_equal(json_string_value(json_object_get(conf, "confirm_on")), "2025-03-07");
	assert_string_equal(json_string_value(json_object_get(conf, "recorded_by")),
			    "credit_officer_21");
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "confirmation"), "status")),
		"poor");
	assert_true(json_is_false(json_object_get(json_object_get(j, "check"), "late")));
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "decision"), "by")),
		"director_31");
	assert_true(json_is_true(json_object_get(json_object_get(j, "eligibility"), "eligible")));
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = "
					 "'application'"),
			 5);

	/* the 04/TD notice of commune 12001 on the decision's day */
	assert_int_equal(application_notice(&d, "12001", fix_day("2025-03-11"), &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "approved")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "approved_amount")), 50000000);
	assert_string_equal(json_string_value(json_object_get(j, "commune_name")), "Xã Một");
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	assert_int_equal(application_notice(&d, "12001", fix_day("2025-03-12"), &j, &err), TD_OK);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	json_decref(j);
	assert_int_equal(application_notice(&d, "99999", fix_day("2025-03-12"), &j, &err),
			 TD_ENOTFOUND);
}

/* R-PRG-1: every failed rule is listed, and nothing is written. */
static void test_r_prg_1_ineligible_lists_every_reason(void **state)
{
	struct app_fx *x = *state;
	struct td_ctx u = as(x, &x->union_officer);
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[1], "2025-03-03"); /* near-poor */
	in.amount = 150000000;
	in.term_months = 200;
	int64_t id = 0;
	assert_int_equal(application_create(&u, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "status_not_eligible");
	assert_msg_has(err, "borrower_over_cap");
	assert_msg_has(err, "term_over_max");
	json_t *j = NULL;
	assert_int_equal(application_judge(&u, &in, &j, &err), TD_OK);
	assert_true(json_is_false(json_object_get(j, "eligible")));
	json_t *reasons = json_object_get(j, "reasons");
	assert_int_equal(json_array_size(reasons), 3);
	const char *want[] = {"status_not_eligible", "borrower_over_cap", "term_over_max"};
	for (size_t i = 0; i < 3; i++) {
		bool found = false;
		size_t k;
		json_t *r;
		json_array_foreach(reasons, k, r)
		{
			if (strcmp(json_string_value(json_object_get(r, "code")), want[i]) == 0) {
				found = true;
				assert_true(strlen(json_string_value(
						    json_object_get(r, "message"))) > 10);
			}
		}
		if (!found)
			fail_msg("reason %s missing", want[i]);
	}
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM loan_application"), 0);
}

static void test_r_prg_1_cap_exceeded(void **state)
{
	struct app_fx *x = *state;
	struct td_ctx u = as(x, &x->union_officer);
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	in.amount = 100000001;
	int64_t id = 0;
	assert_int_equal(application_create(&u, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "borrower_over_cap");
	assert_null(strstr(err.msg, "status_not_eligible"));
	in.amount = 100000000;
	assert_int_equal(application_create(&u, &in, &id, &err), TD_OK);
}

/* R-HH-4: the status of the application date's year decides. */
static void test_r_hh_4_status_on_the_application_date(void **state)
{
	struct app_fx *x = *state;
	struct td_ctx u = as(x, &x->union_officer);
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[2], "2025-02-10"); /* none in 2025 */
	int64_t id = 0;
	assert_int_equal(application_create(&u, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "status_not_eligible");
	in.applied_on = fix_day("2024-12-20"); /* poor in 2024 */
	assert_int_equal(application_create(&u, &in, &id, &err), TD_OK);
	assert_int_equal(application_create(&u, &in, &id, &err), TD_OK);
}

/* R-APP-3: the commune confirms only a household on the list with an accepted status;
 * the list changed after the application was filed. */
static void test_r_app_3_confirmation_needs_an_eligible_status(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[3], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	struct td_ctx u = as(x, &x->union_officer), o = as(x, &x->officer);
	struct application_vote v = vote_form("2025-03-05");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	fix_exec(x->f->s, "UPDATE poverty_status SET status = 'near_poor' WHERE year = 2025 AND "
			  "household_id = (SELECT household_id FROM loan_application)");
	assert_int_equal(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err),
			 TD_ERULE);
	assert_msg_has(err, "near_poor");
	assert_msg_has(err, "R-APP-3");
	assert_string_equal(step_of(x, id), "voted");
	/* and approval judges again: restored status lets it through confirmation, then a
	 * change before the decision blocks approval */
	fix_exec(x->f->s, "UPDATE poverty_status SET status = 'poor' WHERE year = 2025");
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err,
	     "confirm");
	must(application_check(&o, id, fix_day("2025-03-10"), NULL, &err), &err, "check");
	fix_exec(x->f->s, "UPDATE poverty_status SET status = 'none' WHERE year = 2025 AND "
			  "household_id = (SELECT household_id FROM loan_application)");
	struct td_ctx d = as(x, &x->director);
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_ERULE);
	assert_msg_has(err, "status_not_eligible");
	assert_string_equal(step_of(x, id), "checked");
}

static void test_r_app_1_step_out_of_order(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	struct td_ctx u = as(x, &x->union_officer), o = as(x, &x->officer), d = as(x, &x->director);
	assert_int_equal(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "at step 'applied'");
	assert_msg_has(err, "needs step 'voted'");
	assert_int_equal(application_check(&o, id, fix_day("2025-03-07"), NULL, &err),
			 TD_ECONFLICT);
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-07"), true, NULL, &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "needs step 'checked'");
	struct application_vote v = vote_form("2025-03-05");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	assert_int_equal(application_vote(&u, id, &v, &err), TD_ECONFLICT);
	assert_msg_has(err, "at step 'voted'");
	/* dates never go back, nor past the business date */
	assert_int_equal(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-04")), &err),
			 TD_EINVAL);
	assert_msg_has(err, "before the previous step");
	assert_int_equal(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-04-01")), &err),
			 TD_EINVAL);
	assert_msg_has(err, "after the business date");
	assert_int_equal(application_get(&o, 999, &(json_t *){NULL}, &err), TD_ENOTFOUND);
	assert_int_equal(application_vote(&u, 999, &v, &err), TD_ENOTFOUND);
}

static void test_r_app_2_vote_needs_minutes_and_a_majority(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	struct td_ctx u = as(x, &x->union_officer);
	struct application_vote v = vote_form("2025-03-05");
	v.minutes_no = "";
	v.village_head = NULL;
	assert_int_equal(application_vote(&u, id, &v, &err), TD_EINVAL);
	assert_msg_has(err, "minutes_no");
	assert_msg_has(err, "village_head");
	v = vote_form("2025-03-05");
	v.votes_for = 5;
	v.votes_against = 5;
	assert_int_equal(application_vote(&u, id, &v, &err), TD_ERULE);
	assert_msg_has(err, "R-APP-2");
	assert_string_equal(step_of(x, id), "applied");
}

/* R-APP-4: 3 working days; a later check is allowed and flagged. */
static void test_r_app_4_late_check_is_flagged(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct td_ctx u = as(x, &x->union_officer), o = as(x, &x->officer);
	static const struct {
		const char *from, *to;
		int days;
	} wd[] = {
		{"2025-03-07", "2025-03-07", 0}, {"2025-03-07", "2025-03-09", 0}, /* Fri -> Sun */
		{"2025-03-07", "2025-03-10", 1}, {"2025-03-07", "2025-03-12", 3},
		{"2025-03-07", "2025-03-13", 4}, {"2025-03-07", "2025-03-17", 6},
		/* Tết 2025: Monday 27 to Friday 31 January are holidays (migration 0019) */
		{"2025-01-24", "2025-02-05", 3},
		/* 30/4 – 1/5/2025: Saturday 26 April worked in exchange for Friday 2 May */
		{"2025-04-25", "2025-04-28", 2}, {"2025-04-29", "2025-05-05", 1},
	};
	for (size_t i = 0; i < sizeof wd / sizeof wd[0]; i++) {
		int days = -1;
		must(calendar_working_days(&o, fix_day(wd[i].from), fix_day(wd[i].to), &days, &err),
		     &err, "working days");
		if (days != wd[i].days)
			fail_msg("%s -> %s: %d working days, want %d", wd[i].from, wd[i].to, days,
				 wd[i].days);
	}
	const char *check_on[] = {"2025-03-12", "2025-03-13"};
	for (int k = 0; k < 2; k++) {
		struct application_input in = form(x->f->hh1[0], "2025-03-03");
		int64_t id = create_ok(x, &x->union_officer, &in);
		struct application_vote v = vote_form("2025-03-05");
		must(application_vote(&u, id, &v, &err), &err, "vote");
		must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err),
		     &err, "confirm");
		bool late = !k;
		must(application_check(&o, id, fix_day(check_on[k]), &late, &err), &err, "check");
		assert_int_equal(late, k == 1);
	}
}

/* R-APP-4's days are a dated parameter: five working days from 01/03/2025 make the check
 * on the fourth working day on time, and the same check of a confirmation before that day
 * late. */
static void test_r_app_4_check_days_are_dated(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct param_input p = {"application.check_days", NULL, fix_day("2025-03-01"), "5",
				"thử: 5 ngày làm việc"};
	must(param_set(&x->f->ctx, &p, &err), &err, "param");
	struct td_ctx u = as(x, &x->union_officer), o = as(x, &x->officer);
	const char *confirm_on[] = {"2025-02-28", "2025-03-07"};
	const char *check_on[] = {"2025-03-06", "2025-03-13"}; /* 4 working days each */
	for (int k = 0; k < 2; k++) {
		struct application_input in = form(x->f->hh1[0], "2025-02-26");
		int64_t id = create_ok(x, &x->union_officer, &in);
		struct application_vote v = vote_form("2025-02-27");
		must(application_vote(&u, id, &v, &err), &err, "vote");
		must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day(confirm_on[k])), &err), &err, "confirm");
		bool late = false;
		must(application_check(&o, id, fix_day(check_on[k]), &late, &err), &err, "check");
		assert_int_equal(late, k == 0); /* 3 days then, 5 days now */
	}
}

static void test_r_app_4_rejection_needs_a_reason(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	through_check(x, id);
	struct td_ctx d = as(x, &x->director);
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), false, NULL, &err),
			 TD_EINVAL);
	assert_msg_has(err, "reason");
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), false, "  \t", &err),
			 TD_EINVAL);
	assert_string_equal(step_of(x, id), "checked");
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), false,
					    "Phương án chưa khả thi", &err),
			 TD_OK);
	json_t *j = NULL;
	assert_int_equal(application_notice(&d, "12001", fix_day("2025-03-11"), &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "rejected")), 1);
	json_t *it = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "decision")), "rejected");
	assert_string_equal(json_string_value(json_object_get(it, "reason")),
			    "Phương án chưa khả thi");
	json_decref(j);
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_ECONFLICT);
}

/* R-APP-4 maker-checker: the decider neither prepared nor checked; only a director. */
static void test_r_app_4_maker_checker(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = create_ok(x, &x->director, &in); /* the director prepared it */
	through_check(x, id);
	struct td_ctx d = as(x, &x->director);
	assert_int_equal(application_decide(&d, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_EFORBIDDEN);
	assert_msg_has(err, "prepared");
	assert_msg_has(err, "maker-checker");
	/* the credit officer who checked it, since promoted to director */
	struct td_actor promoted = x->officer;
	promoted.role = ROLE_DIRECTOR;
	struct td_ctx p = as(x, &promoted);
	assert_int_equal(application_decide(&p, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_EFORBIDDEN);
	assert_msg_has(err, "checked");
	/* not a director */
	struct td_ctx o = as(x, &x->officer), a = x->f->ctx;
	assert_int_equal(application_decide(&o, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_EFORBIDDEN);
	assert_int_equal(application_decide(&a, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_EFORBIDDEN);
	assert_msg_has(err, "director");
	assert_string_equal(step_of(x, id), "checked");
	struct td_ctx d2 = as(x, &x->director2);
	assert_int_equal(application_decide(&d2, id, fix_day("2025-03-11"), true, NULL, &err),
			 TD_OK);
}

static void test_r_app_4_check_is_a_credit_officers(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	struct td_ctx u = as(x, &x->union_officer), o = as(x, &x->officer), d = as(x, &x->director);
	struct application_vote v = vote_form("2025-03-05");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err,
	     "confirm");
	assert_int_equal(application_check(&d, id, fix_day("2025-03-10"), NULL, &err),
			 TD_EFORBIDDEN);
	assert_msg_has(err, "credit officer");
	assert_int_equal(application_check(&u, id, fix_day("2025-03-10"), NULL, &err),
			 TD_EFORBIDDEN);
}

/* R-ORG-4: the chapter's union officer, the office's staff; others get 403. */
static void test_r_org_4_outside_scope_is_forbidden(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = 0;
	struct td_ctx other = as(x, &x->other_union), far = as(x, &x->officer_319),
		      teller = as(x, &x->teller);
	assert_int_equal(application_create(&other, &in, &id, &err), TD_EFORBIDDEN);
	assert_int_equal(application_create(&far, &in, &id, &err), TD_EFORBIDDEN);
	assert_int_equal(application_create(&teller, &in, &id, &err), TD_EFORBIDDEN);
	id = create_ok(x, &x->union_officer, &in);
	struct application_vote v = vote_form("2025-03-05");
	assert_int_equal(application_vote(&other, id, &v, &err), TD_EFORBIDDEN);
	json_t *j = NULL;
	assert_int_equal(application_get(&other, id, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(application_get(&far, id, &j, &err), TD_EFORBIDDEN);
	struct application_filter f = {0};
	assert_int_equal(application_list(&far, &f, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	struct td_ctx u = as(x, &x->union_officer);
	assert_int_equal(application_list(&u, &f, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	must(application_vote(&u, id, &v, &err), &err, "vote");
	struct td_ctx o = as(x, &x->officer);
	must(application_confirm(&o, id, FIX_COMMUNE_DOC(fix_day("2025-03-07")), &err), &err,
	     "confirm");
	assert_int_equal(application_check(&far, id, fix_day("2025-03-10"), NULL, &err),
			 TD_EFORBIDDEN);
	assert_msg_has(err, "outside its subtree");
}

/* R-APP-1: entrusted programmes lend through groups. */
static void test_r_app_1_household_without_a_group(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct td_ctx o = as(x, &x->officer);
	struct application_input in = form(x->f->hh2[0], "2025-03-03");
	int64_t id = 0;
	assert_int_equal(application_create(&o, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "no savings group");
	in = form(x->f->hh1[0], "2025-03-03");
	in.purpose = "";
	in.term_months = 0;
	assert_int_equal(application_create(&o, &in, &id, &err), TD_EINVAL);
	assert_msg_has(err, "purpose is required");
	assert_msg_has(err, "term_months");
	in = form(x->f->hh1[0], "2025-03-03");
	in.purpose_flags = "disabled";
	assert_int_equal(application_create(&o, &in, &id, &err), TD_EINVAL);
	assert_msg_has(err, "describes the household");
	in.purpose_flags = NULL;
	in.programme = "77";
	assert_int_equal(application_create(&o, &in, &id, &err), TD_ENOTFOUND);
	in = form(999999, "2025-03-03");
	assert_int_equal(application_create(&o, &in, &id, &err), TD_ENOTFOUND);
}

/* R-RATE-1: a rate change applies to applications from its date; older keep theirs. */
static void test_r_rate_1_rate_change_applies_from_its_date(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-02-15");
	int64_t before = create_ok(x, &x->union_officer, &in);
	struct programme_rate_input r = {.effective_from = fix_day("2025-03-01"),
					 .outstanding_from = PRG_DATE_NEVER,
					 .rate = 70000};
	must(programme_db_add_rate(&x->f->ctx, "1", &r, &err), &err, "rate");
	in.applied_on = fix_day("2025-02-28");
	int64_t old_day = create_ok(x, &x->union_officer, &in);
	in.applied_on = fix_day("2025-03-01");
	int64_t after = create_ok(x, &x->union_officer, &in);
	int64_t want[][2] = {{before, 66000}, {old_day, 66000}, {after, 70000}};
	struct td_ctx c = as(x, &x->teller);
	for (size_t i = 0; i < 3; i++) {
		json_t *j = NULL;
		must(application_get(&c, want[i][0], &j, &err), &err, "get");
		assert_int_equal(json_integer_value(json_object_get(j, "rate")), want[i][1]);
		json_decref(j);
	}
}

/* What a refused step must leave as it was: the application's step and the audit trail. */
static int64_t audit_count(struct app_fx *x)
{
	return fix_count(x->f, "SELECT count(*) FROM audit_log WHERE entity = 'application'");
}

/* R-APP-2, the case: "12 for, 1 against" in a group of 3 households is refused with
 * the figures, whether the minutes say 13 or 3 members present; so are no one present and
 * more votes than people. A vote that fits is kept with the minutes' figures. */
static void test_r_app_2_votes_fit_the_members_present_and_the_group(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	const int64_t *hh = x->f->hh1 + 5; /* hh1[5..7]: a group of three */
	struct group_founding g = {.code = "TK-03",
				   .name = "Tổ TK&VV ba hộ",
				   .village_id = x->f->v1,
				   .chapter_id = x->women_12001,
				   .point_id = x->f->p1,
				   .officer_staff_id = x->f->co1,
				   .decision_no = "13/QĐ-UBND",
				   .decision_date = fix_day("2024-01-05"),
				   .founded_on = fix_day("2024-01-10"),
				   .members = hh,
				   .n_members = 3,
				   .leader_id = hh[0]};
	int64_t group = 0;
	must(group_create(&x->f->ctx, &g, &group, &err), &err, "group of three");
	add_status(x->f, hh[0], 2025, "poor");
	struct application_input in = form(hh[0], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	struct td_ctx u = as(x, &x->union_officer);
	int64_t audits = audit_count(x);
	struct application_vote v = vote_form("2025-03-05");
	v.votes_for = 12;
	v.votes_against = 1;
	v.members_present = 13;
	assert_int_equal(application_vote(&u, id, &v, &err), TD_ERULE);
	assert_msg_has(err, "13 thành viên dự họp nhưng tổ chỉ có 3 hộ thành viên");
	v.members_present = 3;
	assert_int_equal(application_vote(&u, id, &v, &err), TD_ERULE);
	assert_msg_has(err, "13 phiếu (12 đồng ý, 1 không đồng ý, 0 không biểu quyết) nhiều hơn "
			    "3 thành viên dự họp");
	v = vote_form("2025-03-05");
	v.members_present = 0;
	v.votes_for = v.votes_against = 0;
	assert_int_equal(application_vote(&u, id, &v, &err), TD_ERULE);
	assert_msg_has(err, "ít nhất 1");
	v = vote_form("2025-03-05");
	v.members_present = 3;
	v.votes_for = 2;
	v.votes_against = 1;
	v.votes_abstain = 1;
	assert_int_equal(application_vote(&u, id, &v, &err), TD_ERULE);
	assert_msg_has(err, "4 phiếu");
	assert_string_equal(step_of(x, id), "applied");
	assert_int_equal(audit_count(x), audits);

	v.votes_for = 1; /* 1 for, 1 against, 1 abstaining: no majority */
	assert_int_equal(application_vote(&u, id, &v, &err), TD_ERULE);
	assert_msg_has(err, "1 đồng ý, 1 không đồng ý");
	v.votes_for = 2;
	v.votes_against = 0;
	v.votes_abstain = 1;
	must(application_vote(&u, id, &v, &err), &err, "vote of three");
	json_t *j = NULL;
	must(application_get(&u, id, &j, &err), &err, "get");
	json_t *vote = json_object_get(j, "vote");
	assert_int_equal(json_integer_value(json_object_get(vote, "group_members")), 3);
	assert_int_equal(json_integer_value(json_object_get(vote, "members_present")), 3);
	assert_int_equal(json_integer_value(json_object_get(vote, "votes_for")), 2);
	assert_int_equal(json_integer_value(json_object_get(vote, "votes_against")), 0);
	assert_int_equal(json_integer_value(json_object_get(vote, "votes_abstain")), 1);
	json_decref(j);
	assert_int_equal(audit_count(x), audits + 1);
}

/* R-APP-3: the confirmation is the commune People's Committee's document: without its
 * number, signatory and title it is refused naming each, and nothing changes; with them it
 * is stored and shown, apart from the bank user who recorded it. */
static void test_r_app_3_confirmation_is_the_communes_document(void **state)
{
	struct app_fx *x = *state;
	struct td_error err = {0};
	struct application_input in = form(x->f->hh1[0], "2025-03-03");
	int64_t id = create_ok(x, &x->union_officer, &in);
	struct td_ctx u = as(x, &x->union_officer), o = as(x, &x->officer);
	struct application_vote v = vote_form("2025-03-05");
	must(application_vote(&u, id, &v, &err), &err, "vote");
	int64_t audits = audit_count(x);
	struct application_confirmation c = {.on = fix_day("2025-03-07")};
	assert_int_equal(application_confirm(&o, id, &c, &err), TD_EINVAL);
	assert_msg_has(err, "doc_no (số văn bản xác nhận của UBND xã)");
	assert_msg_has(err, "signatory (người ký văn bản của UBND xã)");
	assert_msg_has(err, "signatory_title");
	c = (struct application_confirmation){fix_day("2025-03-07"), "45/UBND", "", "Chủ tịch"};
	assert_int_equal(application_confirm(&o, id, &c, &err), TD_EINVAL);
	assert_msg_has(err, "signatory (người ký");
	assert_string_equal(step_of(x, id), "voted");
	assert_int_equal(audit_count(x), audits);

	c = (struct application_confirmation){fix_day("2025-03-06"), "45/UBND-XN", "Phạm Thị Hoa",
					      "Phó Chủ tịch UBND xã"};
	must(application_confirm(&o, id, &c, &err), &err, "confirm");
	json_t *j = NULL;
	must(application_get(&o, id, &j, &err), &err, "get");
	json_t *conf = json_object_get(j, "confirmation");
	assert_string_equal(json_string_value(json_object_get(conf, "confirm_on")), "2025-03-06");
	assert_string_equal(json_string_value(json_object_get(conf, "doc_no")), "45/UBND-XN");
	assert_string_equal(json_string_value(json_object_get(conf, "signatory")), "Phạm Thị Hoa");
	assert_string_equal(json_string_value(json_object_get(conf, "signatory_title")),
			    "Phó Chủ tịch UBND xã");
	assert_string_equal(json_string_value(json_object_get(conf, "recorded_by")),
			    "credit_officer_21");
	json_decref(j);
	assert_int_equal(fix_count(x->f, "SELECT count(*) FROM audit_log WHERE action = 'confirm' "
					 "AND after_json LIKE '%45/UBND-XN%'"),
			 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_app_1_to_4_happy_path),
		T(test_r_prg_1_ineligible_lists_every_reason),
		T(test_r_prg_1_cap_exceeded),
		T(test_r_hh_4_status_on_the_application_date),
		T(test_r_app_3_confirmation_needs_an_eligible_status),
		T(test_r_app_1_step_out_of_order),
		T(test_r_app_2_vote_needs_minutes_and_a_majority),
		T(test_r_app_2_votes_fit_the_members_present_and_the_group),
		T(test_r_app_3_confirmation_is_the_communes_document),
		T(test_r_app_4_late_check_is_flagged),
		T(test_r_app_4_check_days_are_dated),
		T(test_r_app_4_rejection_needs_a_reason),
		T(test_r_app_4_maker_checker),
		T(test_r_app_4_check_is_a_credit_officers),
		T(test_r_org_4_outside_scope_is_forbidden),
		T(test_r_app_1_household_without_a_group),
		T(test_r_rate_1_rate_change_applies_from_its_date),
	};
	return cmocka_run_group_tests_name(
		fix_backend == TD_BACKEND_POSTGRES ? "application/postgres" : "application/sqlite",
		tests, NULL, NULL);
}
