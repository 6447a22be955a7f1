/* Savings-and-loan groups on both stores (R-ORG-2, R-ORG-4): founding rules, members,
 * roles, moves, splits, merges with their history by date, and scope. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/group.h"
#include "org_fixture.h"

/* Chapters of the fixture's communes. */
struct place {
	struct fixture *f;
	int64_t women_dist, women_12001, farmers_12001, women_12002, farmers_12101;
};

static int setup(void **state)
{
	if (fix_setup(state))
		return -1;
	static struct place p;
	struct fixture *f = *state;
	p.f = f;
	int64_t prov = fix_chapter(f, "women", "province", "31", 0, f->br31, "2015-01-01");
	p.women_dist = fix_chapter(f, "women", "district", "318", prov, f->pgd318, "2015-01-01");
	p.women_12001 =
		fix_chapter(f, "women", "commune", "12001", p.women_dist, f->pgd318, "2015-01-01");
	p.women_12002 =
		fix_chapter(f, "women", "commune", "12002", p.women_dist, f->pgd318, "2015-01-01");
	p.farmers_12001 = fix_chapter(f, "farmers", "commune", "12001", 0, f->pgd318, "2015-01-01");
	p.farmers_12101 = fix_chapter(f, "farmers", "commune", "12101", 0, f->pgd319, "2015-01-01");
	*state = &p;
	return 0;
}

static int teardown(void **state)
{
	struct place *p = *state;
	void *f = p->f;
	return fix_teardown(&f);
}

/* A founding of n households of village V1 from hh1[first], the first the leader, the
 * second the deputy, in the women's chapter of 12001, on 2024-01-10. */
static struct group_founding founding(struct place *p, const char *code, size_t first, size_t n)
{
	struct fixture *f = p->f;
	return (struct group_founding){
		.code = code,
		.name = "Tổ TK&VV Thôn Một",
		.village_id = f->v1,
		.chapter_id = p->women_12001,
		.point_id = f->p1,
		.officer_staff_id = f->co1,
		.decision_no = "12/QĐ-UBND",
		.decision_date = fix_day("2024-01-05"),
		.founded_on = fix_day("2024-01-10"),
		.members = f->hh1 + first,
		.n_members = n,
		.leader_id = f->hh1[first],
		.deputy_id = n > 1 ? f->hh1[first + 1] : 0,
	};
}

static int64_t found(struct place *p, const char *code, size_t first, size_t n)
{
	struct group_founding in = founding(p, code, first, n);
	struct td_error err = {0};
	int64_t id = 0;
	int rc = group_create(&p->f->ctx, &in, &id, &err);
	if (rc != TD_OK)
		fail_msg("found %s: %s %s", code, td_code_name(rc), err.msg);
	return id;
}

static int64_t groups(struct place *p)
{
	return fix_count(p->f, "SELECT count(*) FROM savings_group");
}

/* members_count and a field of the group as of a date. */
static json_t *as_of(struct place *p, int64_t id, const char *day)
{
	json_t *j = NULL;
	struct td_error err = {0};
	int rc = group_get(&p->f->ctx, id, day ? fix_day(day) : ORG_NO_DATE, &j, &err);
	if (rc != TD_OK)
		fail_msg("group_get %lld as of %s: %s", (long long)id, day, err.msg);
	return j;
}

static int64_t count_on(struct place *p, int64_t id, const char *day)
{
	json_t *j = as_of(p, id, day);
	int64_t n = json_integer_value(json_object_get(j, "members_count"));
	json_decref(j);
	return n;
}

static int64_t field_on(struct place *p, int64_t id, const char *day, const char *field)
{
	json_t *j = as_of(p, id, day);
	int64_t v = json_integer_value(json_object_get(j, field));
	json_decref(j);
	return v;
}

static void test_r_org_2_founding_creates_group_members_and_history(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = found(p, "TK01", 0, 5);
	json_t *j = as_of(p, id, "2024-01-10");
	assert_string_equal(json_string_value(json_object_get(j, "code")), "TK01");
	assert_string_equal(json_string_value(json_object_get(j, "village_name")), "Thôn Một");
	assert_string_equal(json_string_value(json_object_get(j, "org")), "women");
	assert_string_equal(json_string_value(json_object_get(j, "decision_no")), "12/QĐ-UBND");
	assert_int_equal(json_integer_value(json_object_get(j, "office_id")), f->pgd318);
	assert_int_equal(json_integer_value(json_object_get(j, "members_count")), 5);
	assert_int_equal(json_integer_value(json_object_get(j, "leader_household_id")), f->hh1[0]);
	assert_int_equal(json_integer_value(json_object_get(j, "deputy_household_id")), f->hh1[1]);
	json_decref(j);
	/* The day before the founding the group did not exist. */
	struct td_error err = {0};
	assert_int_equal(group_get(&f->ctx, id, fix_day("2024-01-09"), &j, &err), TD_ENOTFOUND);
	assert_msg_has(err, "founded on 2024-01-10");
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = "
				      "'savings_group' AND action = 'create'"),
			 1);
	int64_t g = 0;
	assert_int_equal(group_of_household(f->s, f->hh1[2], fix_day("2024-02-01"), &g, &err),
			 TD_OK);
	assert_int_equal(g, id);
	assert_int_equal(group_of_household(f->s, f->hh1[2], fix_day("2024-01-09"), &g, &err),
			 TD_OK);
	assert_int_equal(g, 0);
}

/* R-ORG-2: 3 to 60 households at founding. */
static void test_r_org_2_founding_needs_3_to_60_members(void **state)
{
	struct place *p = *state;
	struct td_error err = {0};
	int64_t id = 0;
	struct group_founding in = founding(p, "TK02", 0, 2);
	assert_int_equal(group_create(&p->f->ctx, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "3 to 60 member households; 2 given");
	in = founding(p, "TK61", 0, 61);
	assert_int_equal(group_create(&p->f->ctx, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "61 given");
	assert_int_equal(groups(p), 0);
	assert_int_equal(fix_count(p->f, "SELECT count(*) FROM group_member"), 0);
	in = founding(p, "TK60", 0, 60);
	assert_int_equal(group_create(&p->f->ctx, &in, &id, &err), TD_OK);
}

static void test_r_org_2_founding_leader_must_be_a_member(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	struct td_error err = {0};
	int64_t id = 0;
	struct group_founding in = founding(p, "TK03", 0, 4);
	in.leader_id = f->hh1[10];
	assert_int_equal(group_create(&f->ctx, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "a leader must be a member");
	in = founding(p, "TK03", 0, 4);
	in.deputy_id = in.leader_id;
	assert_int_equal(group_create(&f->ctx, &in, &id, &err), TD_ERULE);
	assert_msg_has(err, "both leader and deputy");
	in = founding(p, "TK03", 0, 4);
	in.leader_id = 0;
	assert_int_equal(group_create(&f->ctx, &in, &id, &err), TD_EINVAL);
	assert_msg_has(err, "leader (tổ trưởng) is missing");
	assert_int_equal(groups(p), 0);
}

static void test_r_org_2_founding_reports_every_problem(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	found(p, "TK04", 0, 3);
	struct group_founding in = founding(p, "TK04", 3, 4);
	int64_t four[] = {f->hh1[3], f->hh1[0], f->hh2[0], 999999};
	in.members = four;
	in.leader_id = four[0];
	in.deputy_id = 0;
	in.name = "";
	in.decision_no = NULL;
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(group_create(&f->ctx, &in, &id, &err), TD_EINVAL);
	assert_msg_has(err, "name is missing");
	assert_msg_has(err, "decision_no is missing");
	assert_msg_has(err, "group code 'TK04' is already used");
	assert_msg_has(err, "is already a member of group TK04");
	assert_msg_has(err, "lives in village 'Thôn Hai'");
	assert_msg_has(err, "household 999999 does not exist");
	assert_int_equal(groups(p), 1);
}

/* One group per household at a time, with the other group named. */
static void test_r_org_2_household_in_another_group_is_refused(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	found(p, "TK05", 0, 3);
	struct group_founding in = founding(p, "TK06", 2, 3);
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(group_create(&f->ctx, &in, &id, &err), TD_ECONFLICT);
	char want[128];
	snprintf(want, sizeof want,
		 "household %lld (Nguyễn Văn 3) is already a member of group "
		 "TK05 'Tổ TK&VV Thôn Một' from 2024-01-10",
		 (long long)f->hh1[2]);
	assert_msg_has(err, want);
	int64_t b = found(p, "TK06", 3, 3);
	assert_int_equal(group_member_add(&f->ctx, b, f->hh1[0], NULL, fix_day("2024-03-01"), &err),
			 TD_ECONFLICT);
	assert_msg_has(err, "TK05");
	assert_int_equal(fix_count(f, "SELECT count(*) FROM group_member"), 6);
}

/* R-ORG-2: a group belongs to one village. */
static void test_r_org_2_village_mismatch_is_refused(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = found(p, "TK07", 0, 3);
	struct td_error err = {0};
	assert_int_equal(
		group_member_add(&f->ctx, id, f->hh2[0], NULL, fix_day("2024-02-01"), &err),
		TD_ERULE);
	assert_msg_has(err, "R-ORG-2: a group belongs to one village");
	assert_int_equal(count_on(p, id, "2024-03-01"), 3);
}

/* Chapter, point and officer must fit the village: a commune chapter of its commune. */
static void test_r_org_2_chapter_of_another_level_or_commune_is_refused(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	static const struct {
		int what;
		const char *want;
	} cases[] = {
		{0, "is a district chapter; a group belongs to a commune chapter"},
		{1, "is of commune 12002, the group's village is in commune 12001"},
		{2, "is a teller, not a credit officer"},
		{3, "works at office"},
		{4, "does not serve commune 12001"},
		{5, "chapter 4242 does not exist"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct group_founding in = founding(p, "TK08", 0, 3);
		switch (cases[i].what) {
		case 0: in.chapter_id = p->women_dist; break;
		case 1: in.chapter_id = p->women_12002; break;
		case 2: in.officer_staff_id = f->t1; break;
		case 3: in.officer_staff_id = f->co2; break;
		case 4: in.point_id = f->p2; break;
		case 5: in.chapter_id = 4242; break;
		}
		struct td_error err = {0};
		int64_t id = 0;
		int rc = group_create(&f->ctx, &in, &id, &err);
		if (rc == TD_OK || !strstr(err.msg, cases[i].want))
			fail_msg("case %zu: %s %s", i, td_code_name(rc), err.msg);
	}
	assert_int_equal(groups(p), 0);
}

static void test_r_org_2_61st_member_is_refused(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = found(p, "TK09", 0, 59);
	struct td_error err = {0};
	assert_int_equal(
		group_member_add(&f->ctx, id, f->hh1[59], NULL, fix_day("2024-02-01"), &err),
		TD_OK);
	assert_int_equal(
		group_member_add(&f->ctx, id, f->hh1[60], NULL, fix_day("2024-02-01"), &err),
		TD_ERULE);
	assert_msg_has(err, "already has 60 members");
	assert_int_equal(count_on(p, id, NULL), 60);
}

static void test_r_org_2_second_leader_or_deputy_is_refused(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = found(p, "TK10", 0, 3);
	struct td_error err = {0};
	td_date d = fix_day("2024-02-01");
	assert_int_equal(group_member_add(&f->ctx, id, f->hh1[3], "leader", d, &err), TD_ERULE);
	assert_msg_has(err, "already has a leader");
	assert_int_equal(group_member_add(&f->ctx, id, f->hh1[3], "deputy", d, &err), TD_ERULE);
	assert_msg_has(err, "already has a deputy");
	assert_int_equal(group_member_add(&f->ctx, id, f->hh1[3], "chief", d, &err), TD_EINVAL);
	assert_msg_has(err, "role 'chief'");
	assert_int_equal(count_on(p, id, NULL), 3);
}

static void test_r_org_2_leaving_keeps_3_members_and_a_leader(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = found(p, "TK11", 0, 4);
	struct td_error err = {0};
	assert_int_equal(group_member_leave(&f->ctx, id, f->hh1[0], fix_day("2024-03-01"), &err),
			 TD_ERULE);
	assert_msg_has(err, "is the leader of group TK11");
	assert_int_equal(group_member_leave(&f->ctx, id, f->hh1[3], fix_day("2024-03-01"), &err),
			 TD_OK);
	assert_int_equal(group_member_leave(&f->ctx, id, f->hh1[2], fix_day("2024-04-01"), &err),
			 TD_ERULE);
	assert_msg_has(err, "may not drop below 3");
	assert_int_equal(group_member_leave(&f->ctx, id, f->hh1[3], fix_day("2024-04-01"), &err),
			 TD_ENOTFOUND);
	/* History: 4 members before the leave, 3 from its day. */
	assert_int_equal(count_on(p, id, "2024-02-29"), 4);
	assert_int_equal(count_on(p, id, "2024-03-01"), 3);
	/* Changes are recorded in date order. */
	assert_int_equal(
		group_member_add(&f->ctx, id, f->hh1[3], NULL, fix_day("2024-02-01"), &err),
		TD_ERULE);
	assert_msg_has(err, "already changed on 2024-03-01");
	/* The household that left may join again (another group or this one). */
	assert_int_equal(
		group_member_add(&f->ctx, id, f->hh1[3], NULL, fix_day("2024-05-01"), &err), TD_OK);
	json_t *j = NULL;
	assert_int_equal(group_members(&f->ctx, id, ORG_NO_DATE, 1, 0, 0, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 5);
	json_decref(j);
}

static void test_r_org_2_role_hand_over_keeps_one_leader(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = found(p, "TK12", 0, 4);
	struct td_error err = {0};
	assert_int_equal(group_member_set_role(&f->ctx, id, f->hh1[0], "member",
					       fix_day("2024-03-01"), &err),
			 TD_ERULE);
	assert_msg_has(err, "name the new leader instead");
	assert_int_equal(group_member_set_role(&f->ctx, id, f->hh1[10], "leader",
					       fix_day("2024-03-01"), &err),
			 TD_ENOTFOUND);
	assert_msg_has(err, "is not a member of group TK12");
	assert_int_equal(group_member_set_role(&f->ctx, id, f->hh1[1], "leader",
					       fix_day("2024-03-01"), &err),
			 TD_OK);
	assert_int_equal(field_on(p, id, "2024-02-29", "leader_household_id"), f->hh1[0]);
	assert_int_equal(field_on(p, id, "2024-02-29", "deputy_household_id"), f->hh1[1]);
	assert_int_equal(field_on(p, id, "2024-03-01", "leader_household_id"), f->hh1[1]);
	json_t *j = as_of(p, id, "2024-03-01");
	assert_true(json_is_null(json_object_get(j, "deputy_household_id")));
	assert_int_equal(json_integer_value(json_object_get(j, "members_count")), 4);
	json_decref(j);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM group_member WHERE role = 'leader' AND "
				      "left_on IS NULL"),
			 1);
	/* The old leader may now leave. */
	assert_int_equal(group_member_leave(&f->ctx, id, f->hh1[0], fix_day("2024-03-02"), &err),
			 TD_OK);
}

/* Moving a group keeps history: as of D it belonged to chapter X. */
static void test_r_org_1_move_keeps_history_by_date(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t id = found(p, "TK13", 0, 3);
	struct td_error err = {0};
	struct group_move mv = {.chapter_id = p->farmers_12001, .on = fix_day("2024-06-01")};
	assert_int_equal(group_move(&f->ctx, id, &mv, &err), TD_OK);
	assert_int_equal(field_on(p, id, "2024-05-31", "chapter_id"), p->women_12001);
	assert_int_equal(field_on(p, id, "2024-06-01", "chapter_id"), p->farmers_12001);
	json_t *j = NULL;
	assert_int_equal(group_history(&f->ctx, id, &j, &err), TD_OK);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(
		json_string_value(json_object_get(json_array_get(items, 0), "valid_to")),
		"2024-06-01");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "reason")),
			    "moved");
	json_decref(j);
	/* Lists by chapter as of a date follow the history. */
	struct group_filter flt = {.chapter_id = p->women_12001, .on = fix_day("2024-05-01")};
	assert_int_equal(group_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	flt.on = fix_day("2024-07-01");
	assert_int_equal(group_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	/* Refused: a district chapter, the same day again, nothing to move. */
	mv = (struct group_move){.chapter_id = p->women_dist, .on = fix_day("2024-07-01")};
	assert_int_equal(group_move(&f->ctx, id, &mv, &err), TD_ERULE);
	assert_msg_has(err, "a group belongs to a commune chapter");
	mv = (struct group_move){.chapter_id = p->women_12001, .on = fix_day("2024-06-01")};
	assert_int_equal(group_move(&f->ctx, id, &mv, &err), TD_ERULE);
	assert_msg_has(err, "already got its assignment on that day");
	mv = (struct group_move){.chapter_id = p->farmers_12001, .on = fix_day("2024-07-01")};
	assert_int_equal(group_move(&f->ctx, id, &mv, &err), TD_EINVAL);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM group_version"), 2);
}

static void test_r_org_2_split_moves_members_from_a_date(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t a = found(p, "TK14", 0, 8);
	int64_t moving[] = {f->hh1[5], f->hh1[6], f->hh1[7]};
	struct group_split in = {.source_id = a,
				 .on = fix_day("2024-05-01"),
				 .code = "TK14B",
				 .name = "Tổ tách",
				 .decision_no = "30/QĐ-UBND",
				 .decision_date = fix_day("2024-04-20"),
				 .members = moving,
				 .n_members = 3,
				 .leader_id = f->hh1[5]};
	struct td_error err = {0};
	int64_t b = 0;
	assert_int_equal(group_split(&f->ctx, &in, &b, &err), TD_OK);
	assert_int_equal(count_on(p, a, "2024-04-30"), 8);
	assert_int_equal(count_on(p, a, "2024-05-01"), 5);
	assert_int_equal(count_on(p, b, "2024-05-01"), 3);
	assert_int_equal(field_on(p, b, "2024-05-01", "split_from"), a);
	assert_int_equal(field_on(p, b, "2024-05-01", "leader_household_id"), f->hh1[5]);
	int64_t g = 0;
	assert_int_equal(group_of_household(f->s, f->hh1[6], fix_day("2024-04-30"), &g, &err),
			 TD_OK);
	assert_int_equal(g, a);
	assert_int_equal(group_of_household(f->s, f->hh1[6], fix_day("2024-05-01"), &g, &err),
			 TD_OK);
	assert_int_equal(g, b);
}

static void test_r_org_2_split_refusals(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t a = found(p, "TK15", 0, 5);
	int64_t three[] = {f->hh1[2], f->hh1[3], f->hh1[4]};
	struct group_split in = {.source_id = a,
				 .on = fix_day("2024-05-01"),
				 .code = "TK15B",
				 .name = "Tổ tách",
				 .decision_no = "31/QĐ-UBND",
				 .decision_date = fix_day("2024-04-20"),
				 .members = three,
				 .n_members = 3,
				 .leader_id = f->hh1[2]};
	struct td_error err = {0};
	int64_t b = 0;
	assert_int_equal(group_split(&f->ctx, &in, &b, &err), TD_ERULE);
	assert_msg_has(err, "would keep fewer than 3");
	int64_t with_leader[] = {f->hh1[0], f->hh1[3], f->hh1[4]};
	in.members = with_leader;
	in.leader_id = f->hh1[3];
	assert_int_equal(group_split(&f->ctx, &in, &b, &err), TD_ERULE);
	assert_msg_has(err, "cannot leave it in a split");
	int64_t strangers[] = {f->hh1[20], f->hh1[21], f->hh1[22]};
	in.members = strangers;
	in.leader_id = f->hh1[20];
	assert_int_equal(group_split(&f->ctx, &in, &b, &err), TD_ERULE);
	assert_msg_has(err, "is not a member of group TK15");
	in.decision_no = "";
	assert_int_equal(group_split(&f->ctx, &in, &b, &err), TD_EINVAL);
	assert_msg_has(err, "founding decision");
	assert_int_equal(groups(p), 1);
	assert_int_equal(count_on(p, a, "2024-06-01"), 5);
}

static void test_r_org_2_merge_closes_the_other_and_keeps_history(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t a = found(p, "TK16", 0, 5);
	int64_t b = found(p, "TK17", 5, 3);
	struct td_error err = {0};
	assert_int_equal(group_merge(&f->ctx, a, b, fix_day("2024-09-01"), &err), TD_OK);
	assert_int_equal(count_on(p, a, "2024-08-31"), 5);
	assert_int_equal(count_on(p, a, "2024-09-01"), 8);
	assert_int_equal(count_on(p, b, "2024-08-31"), 3);
	json_t *j = as_of(p, b, "2024-09-01");
	assert_int_equal(json_integer_value(json_object_get(j, "members_count")), 0);
	assert_string_equal(json_string_value(json_object_get(j, "closed_on")), "2024-09-01");
	assert_string_equal(json_string_value(json_object_get(j, "close_reason")), "merged");
	assert_int_equal(json_integer_value(json_object_get(j, "merged_into")), a);
	json_decref(j);
	/* A's leader stays the only leader; B's leader became a member. */
	assert_int_equal(field_on(p, a, "2024-09-01", "leader_household_id"), f->hh1[0]);
	/* B changes no more. */
	assert_int_equal(
		group_member_add(&f->ctx, b, f->hh1[30], NULL, fix_day("2024-10-01"), &err),
		TD_ERULE);
	assert_msg_has(err, "is closed since 2024-09-01");
	/* Open lists leave B out from its closing day; closed lists show it. */
	struct group_filter flt = {.on = fix_day("2024-09-01")};
	assert_int_equal(group_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	flt.status = GROUP_CLOSED;
	assert_int_equal(group_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
}

static void test_r_org_2_merge_refusals(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t a = found(p, "TK18", 0, 40);
	int64_t b = found(p, "TK19", 40, 21);
	struct group_founding in = founding(p, "TK20", 0, 3);
	in.village_id = f->v2;
	in.members = f->hh2;
	in.leader_id = f->hh2[0];
	in.deputy_id = 0;
	struct td_error err = {0};
	int64_t c = 0;
	assert_int_equal(group_create(&f->ctx, &in, &c, &err), TD_OK);
	assert_int_equal(group_merge(&f->ctx, a, b, fix_day("2024-09-01"), &err), TD_ERULE);
	assert_msg_has(err, "together have more than 60");
	assert_int_equal(group_merge(&f->ctx, a, c, fix_day("2024-09-01"), &err), TD_ERULE);
	assert_msg_has(err, "different villages");
	assert_int_equal(group_merge(&f->ctx, a, a, fix_day("2024-09-01"), &err), TD_EINVAL);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM savings_group WHERE closed_on IS NOT "
				      "NULL"),
			 0);
}

static void test_r_org_2_close_ends_every_membership(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t a = found(p, "TK21", 0, 3);
	struct td_error err = {0};
	assert_int_equal(group_close(&f->ctx, a, fix_day("2024-12-01"), &err), TD_OK);
	assert_int_equal(count_on(p, a, "2024-11-30"), 3);
	assert_int_equal(count_on(p, a, "2024-12-01"), 0);
	/* Its households are free to join another group. */
	int64_t b = found(p, "TK22", 3, 3);
	assert_int_equal(group_member_add(&f->ctx, b, f->hh1[0], NULL, fix_day("2024-12-01"), &err),
			 TD_OK);
	assert_int_equal(group_close(&f->ctx, a, fix_day("2024-12-02"), &err), TD_ERULE);
}

static void test_r_org_2_update_corrects_founding_record(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t a = found(p, "TK23", 0, 3);
	struct td_error err = {0};
	struct group_edit ed = {"Tổ Thôn Một mới", "13/QĐ-UBND", fix_day("2024-01-06")};
	assert_int_equal(group_update(&f->ctx, a, &ed, &err), TD_OK);
	json_t *j = as_of(p, a, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Tổ Thôn Một mới");
	json_decref(j);
	ed.decision_date = fix_day("2024-02-01");
	ed.decision_no = "";
	assert_int_equal(group_update(&f->ctx, a, &ed, &err), TD_EINVAL);
	assert_msg_has(err, "decision_no is missing");
	assert_msg_has(err, "dated after founded_on");
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = "
				      "'savings_group' AND action = 'update'"),
			 1);
}

/* R-ORG-4: a union officer acts within its chapter's groups; a group leader reads its
 * group only; another office's staff sees nothing. */
static void test_r_org_4_scope_of_group_reads_and_writes(void **state)
{
	struct place *p = *state;
	struct fixture *f = p->f;
	int64_t mine = found(p, "TK24", 0, 4);
	struct group_founding in = founding(p, "TK25", 4, 3);
	in.chapter_id = p->farmers_12001;
	struct td_error err = {0};
	int64_t theirs = 0;
	assert_int_equal(group_create(&f->ctx, &in, &theirs, &err), TD_OK);
	td_date d = fix_day("2024-03-01");

	struct td_actor uo = fix_actor(ROLE_UNION_OFFICER, f->pgd318, p->women_12001, 0);
	struct td_ctx ctx = fix_ctx(f, &uo);
	assert_int_equal(group_member_add(&ctx, mine, f->hh1[10], NULL, d, &err), TD_OK);
	assert_int_equal(group_member_add(&ctx, theirs, f->hh1[11], NULL, d, &err), TD_EFORBIDDEN);
	assert_msg_has(err, "outside its chapter");
	struct group_move mv = {.chapter_id = p->farmers_12001, .on = d};
	assert_int_equal(group_move(&ctx, mine, &mv, &err), TD_EFORBIDDEN);
	json_t *j = NULL;
	struct group_filter flt = {.on = ORG_NO_DATE};
	assert_int_equal(group_list(&ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);

	struct td_actor gl = fix_actor(ROLE_GROUP_LEADER, f->pgd318, 0, mine);
	ctx = fix_ctx(f, &gl);
	assert_int_equal(group_get(&ctx, mine, ORG_NO_DATE, &j, &err), TD_OK);
	json_decref(j);
	assert_int_equal(group_members(&ctx, mine, ORG_NO_DATE, 0, 0, 0, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 5);
	json_decref(j);
	assert_int_equal(group_get(&ctx, theirs, ORG_NO_DATE, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(group_member_add(&ctx, mine, f->hh1[12], NULL, d, &err), TD_EFORBIDDEN);
	assert_int_equal(group_list(&ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);

	struct td_actor co = fix_actor(ROLE_CREDIT_OFFICER, f->pgd319, 0, 0);
	ctx = fix_ctx(f, &co);
	assert_int_equal(group_get(&ctx, mine, ORG_NO_DATE, &j, &err), TD_EFORBIDDEN);
	assert_msg_has(err, "outside its subtree");
	assert_int_equal(group_member_add(&ctx, mine, f->hh1[12], NULL, d, &err), TD_EFORBIDDEN);
	struct group_founding in2 = founding(p, "TK26", 20, 3);
	int64_t id = 0;
	assert_int_equal(group_create(&ctx, &in2, &id, &err), TD_EFORBIDDEN);
	assert_int_equal(group_list(&ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	/* Nothing the refused calls tried is there. */
	assert_int_equal(groups(p), 2);
	assert_int_equal(count_on(p, mine, NULL), 5);
	assert_int_equal(count_on(p, theirs, NULL), 3);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		T(test_r_org_2_founding_creates_group_members_and_history),
		T(test_r_org_2_founding_needs_3_to_60_members),
		T(test_r_org_2_founding_leader_must_be_a_member),
		T(test_r_org_2_founding_reports_every_problem),
		T(test_r_org_2_household_in_another_group_is_refused),
		T(test_r_org_2_village_mismatch_is_refused),
		T(test_r_org_2_chapter_of_another_level_or_commune_is_refused),
		T(test_r_org_2_61st_member_is_refused),
		T(test_r_org_2_second_leader_or_deputy_is_refused),
		T(test_r_org_2_leaving_keeps_3_members_and_a_leader),
		T(test_r_org_2_role_hand_over_keeps_one_leader),
		T(test_r_org_1_move_keeps_history_by_date),
		T(test_r_org_2_split_moves_members_from_a_date),
		T(test_r_org_2_split_refusals),
		T(test_r_org_2_merge_closes_the_other_and_keeps_history),
		T(test_r_org_2_merge_refusals),
		T(test_r_org_2_close_ends_every_membership),
		T(test_r_org_2_update_corrects_founding_record),
		T(test_r_org_4_scope_of_group_reads_and_writes),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "group/postgres"
									      : "group/sqlite",
					   tests, NULL, NULL);
}
