/* Organisation chapters and entrustment contracts on both stores: the four organisations,
 * the chapter tree (commune -> district -> province of one organisation), one chapter per
 * organisation per unit at a time, contract numbers per office, and scope (R-ORG-4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/chapter.h"
#include "bank/contract.h"
#include "org_fixture.h"

/* The women's chain of the fixture: province 31, district 318, commune 12001. */
struct chain {
	int64_t prov, dist, comm;
};

static struct chain women_chain(struct fixture *f)
{
	struct chain c;
	c.prov = fix_chapter(f, "women", "province", "31", 0, f->br31, "2015-01-01");
	c.dist = fix_chapter(f, "women", "district", "318", c.prov, f->pgd318, "2015-01-01");
	c.comm = fix_chapter(f, "women", "commune", "12001", c.dist, f->pgd318, "2015-01-01");
	return c;
}

static int create(struct fixture *f, const char *org, const char *level, const char *code,
		  int64_t parent, const char *from, const char *to, struct td_error *err)
{
	struct chapter_input in = {
		org,	   level,     code,	     parent,
		f->pgd318, "Chi hội", fix_day(from), to ? fix_day(to) : ORG_NO_DATE};
	int64_t id = 0;
	return chapter_create(&f->ctx, &in, &id, err);
}

static void test_four_organisations_have_vietnamese_names(void **state)
{
	(void)state;
	static const struct {
		const char *code, *name;
	} want[] = {{"women", "Hội Liên hiệp Phụ nữ"},
		    {"farmers", "Hội Nông dân"},
		    {"veterans", "Hội Cựu chiến binh"},
		    {"youth", "Đoàn Thanh niên"}};
	for (int i = 0; i < 4; i++) {
		enum org_code o;
		assert_int_equal(org_parse(want[i].code, &o, NULL), TD_OK);
		assert_string_equal(org_code_name(o), want[i].code);
		assert_string_equal(org_name_vi(o), want[i].name);
	}
	struct td_error err = {0};
	enum org_code o;
	assert_int_equal(org_parse("students", &o, &err), TD_EINVAL);
	assert_msg_has(err, "women");
	assert_msg_has(err, "Đoàn Thanh niên");
}

/* Every problem goes into the one message; past its size the cut is marked, never silent. */
static void test_problems_collect_and_mark_the_cut(void **state)
{
	(void)state;
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	assert_int_equal(problems_finish(&p), TD_OK);
	problem_add(&p, TD_ERULE, "first %d", 1);
	problem_add(&p, TD_EINVAL, "second");
	assert_int_equal(problems_finish(&p), TD_ERULE);
	assert_string_equal(err.msg, "first 1; second");
	problems_init(&p, &err);
	char long_one[300];
	memset(long_one, 'x', sizeof long_one - 1);
	long_one[sizeof long_one - 1] = '\0';
	for (int i = 0; i < 4; i++)
		problem_add(&p, TD_EINVAL, "%s", long_one);
	assert_int_equal(problems_finish(&p), TD_EINVAL);
	assert_int_equal(p.count, 4);
	size_t len = strlen(err.msg);
	assert_true(len < TD_ERROR_MSG_MAX);
	assert_string_equal(err.msg + len - 5, "; ...");
	assert_int_equal(len, 299 + 5);
}

static void test_chain_is_created_and_read_back(void **state)
{
	struct fixture *f = *state;
	struct chain c = women_chain(f);
	json_t *j = NULL;
	struct td_error err = {0};
	assert_int_equal(chapter_get(&f->ctx, c.comm, &j, &err), TD_OK);
	assert_string_equal(json_string_value(json_object_get(j, "org")), "women");
	assert_string_equal(json_string_value(json_object_get(j, "org_name")),
			    "Hội Liên hiệp Phụ nữ");
	assert_string_equal(json_string_value(json_object_get(j, "level")), "commune");
	assert_int_equal(json_integer_value(json_object_get(j, "parent_id")), c.dist);
	assert_true(json_is_null(json_object_get(j, "valid_to")));
	json_decref(j);
	bool in = false;
	assert_int_equal(chapter_in_tree(f->s, c.prov, c.comm, &in, &err), TD_OK);
	assert_true(in);
	assert_int_equal(chapter_in_tree(f->s, c.comm, c.prov, &in, &err), TD_OK);
	assert_false(in);
	/* Every write is in the audit trail. */
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = "
				      "'org_chapter'"),
			 3);
}

static void test_parent_must_be_one_level_up_same_org_same_geography(void **state)
{
	struct fixture *f = *state;
	struct chain c = women_chain(f);
	int64_t farmers_dist =
		fix_chapter(f, "farmers", "district", "318", 0, f->pgd318, "2015-01-01");
	int64_t women_319 =
		fix_chapter(f, "women", "district", "319", c.prov, f->pgd319, "2015-01-01");
	static const struct {
		const char *org, *level, *code;
		int which; /* 0 prov, 1 farmers district, 2 women district 319, 3 women commune */
		const char *want;
	} cases[] = {
		{"women", "commune", "12002", 0, "must be at district level"},
		{"women", "commune", "12002", 1, "belongs to organisation farmers"},
		{"women", "commune", "12002", 2, "lies in district 318"},
		{"women", "commune", "12002", 3, "must be at district level"},
		{"women", "province", "31", 0, "has no parent"},
	};
	int64_t parents[] = {c.prov, farmers_dist, women_319, c.comm};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct td_error err = {0};
		int rc = create(f, cases[i].org, cases[i].level, cases[i].code,
				parents[cases[i].which], "2020-01-01", NULL, &err);
		if (rc == TD_OK || !strstr(err.msg, cases[i].want))
			fail_msg("case %zu: %s %s", i, td_code_name(rc), err.msg);
	}
	assert_int_equal(fix_count(f, "SELECT count(*) FROM org_chapter WHERE admin_code = "
				      "'12002'"),
			 0);
}

static void test_input_problems_are_all_reported(void **state)
{
	struct fixture *f = *state;
	struct chapter_input in = {"students", "hamlet", "", 0, 0, "", ORG_NO_DATE, ORG_NO_DATE};
	struct td_error err = {0};
	int64_t id = 0;
	assert_int_equal(chapter_create(&f->ctx, &in, &id, &err), TD_EINVAL);
	assert_msg_has(err, "organisation 'students'");
	assert_msg_has(err, "level 'hamlet'");
	assert_msg_has(err, "admin_code is missing");
	assert_msg_has(err, "name is missing");
	assert_msg_has(err, "valid_from is missing");
	assert_msg_has(err, "office_id is missing");
	/* An admin unit that does not exist on the date. */
	assert_int_equal(create(f, "women", "commune", "99999", 0, "2020-01-01", NULL, &err),
			 TD_EFOREIGN);
	assert_msg_has(err, "commune code '99999' does not exist");
	assert_int_equal(fix_count(f, "SELECT count(*) FROM org_chapter"), 0);
}

static void test_one_chapter_per_org_per_unit_at_a_time(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	assert_int_equal(
		create(f, "youth", "commune", "12001", 0, "2015-01-01", "2020-01-01", &err), TD_OK);
	/* Overlapping the closed period: refused, naming the other chapter. */
	assert_int_equal(create(f, "youth", "commune", "12001", 0, "2019-06-01", NULL, &err),
			 TD_EUNIQUE);
	assert_msg_has(err, "already has a commune chapter for commune 12001 from 2015-01-01");
	assert_int_equal(
		create(f, "youth", "commune", "12001", 0, "2010-01-01", "2015-01-02", &err),
		TD_EUNIQUE);
	/* From the day the first one ended: fine; another organisation: fine. */
	assert_int_equal(create(f, "youth", "commune", "12001", 0, "2020-01-01", NULL, &err),
			 TD_OK);
	assert_int_equal(create(f, "veterans", "commune", "12001", 0, "2015-01-01", NULL, &err),
			 TD_OK);
	assert_int_equal(create(f, "youth", "commune", "12001", 0, "2024-01-01", NULL, &err),
			 TD_EUNIQUE);
}

static void test_update_keeps_identity_and_is_audited(void **state)
{
	struct fixture *f = *state;
	struct chain c = women_chain(f);
	struct td_error err = {0};
	struct chapter_input in = {NULL,
				   NULL,
				   NULL,
				   c.dist,
				   f->pgd318,
				   "Chi hội PN Xã Một",
				   fix_day("2015-01-01"),
				   fix_day("2030-01-01")};
	assert_int_equal(chapter_update(&f->ctx, c.comm, &in, &err), TD_OK);
	json_t *j = NULL;
	assert_int_equal(chapter_get(&f->ctx, c.comm, &j, &err), TD_OK);
	assert_string_equal(json_string_value(json_object_get(j, "name")), "Chi hội PN Xã Một");
	assert_string_equal(json_string_value(json_object_get(j, "valid_to")), "2030-01-01");
	json_decref(j);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE action = 'update' AND "
				      "entity = 'org_chapter' AND before_json IS NOT NULL"),
			 1);
	in.org = "farmers";
	assert_int_equal(chapter_update(&f->ctx, c.comm, &in, &err), TD_EINVAL);
	assert_msg_has(err, "org of a chapter cannot change");
	in.org = NULL;
	in.parent_id = c.comm;
	assert_int_equal(chapter_update(&f->ctx, c.comm, &in, &err), TD_EINVAL);
	assert_msg_has(err, "its own parent");
	assert_int_equal(chapter_update(&f->ctx, 4242, &in, &err), TD_ENOTFOUND);
}

static void test_list_filters_and_pages(void **state)
{
	struct fixture *f = *state;
	women_chain(f);
	fix_chapter(f, "farmers", "commune", "12001", 0, f->pgd318, "2015-01-01");
	struct chapter_filter flt = {.on = ORG_NO_DATE};
	json_t *j = NULL;
	struct td_error err = {0};
	assert_int_equal(chapter_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 4);
	assert_int_equal(json_integer_value(json_object_get(j, "limit")), 50);
	json_decref(j);
	flt.level = "commune";
	flt.limit = 1;
	flt.offset = 1;
	assert_int_equal(chapter_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	/* Ordered by organisation: farmers, then women. */
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "org")),
			    "women");
	json_decref(j);
	flt.limit = 501;
	assert_int_equal(chapter_list(&f->ctx, &flt, &j, &err), TD_EINVAL);
	assert_msg_has(err, "limit 501");
	flt = (struct chapter_filter){.on = fix_day("2014-01-01")};
	assert_int_equal(chapter_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
}

/* R-ORG-4: roles and office subtrees. */
static void test_r_org_4_scope_of_chapter_writes_and_reads(void **state)
{
	struct fixture *f = *state;
	struct chain c = women_chain(f);
	int64_t other = fix_chapter(f, "farmers", "commune", "12101", 0, f->pgd319, "2015-01-01");
	struct td_error err = {0};
	struct chapter_input in = {
		"veterans", "commune", "12001", 0, f->pgd318, "CCB Xã Một", fix_day("2020-01-01"),
		ORG_NO_DATE};
	int64_t id = 0;
	/* A credit officer may not write chapters at all. */
	struct td_actor co = fix_actor(ROLE_CREDIT_OFFICER, f->pgd318, 0, 0);
	struct td_ctx ctx = fix_ctx(f, &co);
	assert_int_equal(chapter_create(&ctx, &in, &id, &err), TD_EFORBIDDEN);
	/* A director of PGD319 may not write in PGD318's subtree; of PGD318 may. */
	struct td_actor dir = fix_actor(ROLE_DIRECTOR, f->pgd319, 0, 0);
	ctx = fix_ctx(f, &dir);
	assert_int_equal(chapter_create(&ctx, &in, &id, &err), TD_EFORBIDDEN);
	assert_msg_has(err, "outside its subtree");
	json_t *j = NULL;
	assert_int_equal(chapter_get(&ctx, c.comm, &j, &err), TD_EFORBIDDEN);
	dir.office_id = f->pgd318;
	assert_int_equal(chapter_create(&ctx, &in, &id, &err), TD_OK);
	/* A union officer reads its own chapter only, and lists only it. */
	struct td_actor uo = fix_actor(ROLE_UNION_OFFICER, f->pgd318, c.comm, 0);
	ctx = fix_ctx(f, &uo);
	assert_int_equal(chapter_get(&ctx, c.comm, &j, &err), TD_OK);
	json_decref(j);
	assert_int_equal(chapter_get(&ctx, c.dist, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(chapter_get(&ctx, other, &j, &err), TD_EFORBIDDEN);
	struct chapter_filter flt = {.on = ORG_NO_DATE};
	assert_int_equal(chapter_list(&ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
	/* A group leader reads no chapter: its scope is its group. */
	struct td_actor gl = fix_actor(ROLE_GROUP_LEADER, f->pgd318, 0, 77);
	ctx = fix_ctx(f, &gl);
	assert_int_equal(chapter_get(&ctx, c.comm, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(chapter_list(&ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	/* A director of PGD319 lists only the chapters of its subtree. */
	dir.office_id = f->pgd319;
	ctx = fix_ctx(f, &dir);
	assert_int_equal(chapter_list(&ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_decref(j);
}

static int contract(struct fixture *f, int64_t chapter, int64_t office, const char *number,
		    const char *signed_on, const char *from, struct td_error *err)
{
	struct contract_input in = {chapter,
				    office,
				    number,
				    fix_day(signed_on),
				    "NHCSXH PGD Kiến Thụy và Hội LHPN huyện Kiến Thụy",
				    fix_day(from),
				    ORG_NO_DATE};
	int64_t id = 0;
	return contract_create(&f->ctx, &in, &id, err);
}

static void test_contracts_unique_number_per_office(void **state)
{
	struct fixture *f = *state;
	struct chain c = women_chain(f);
	struct td_error err = {0};
	assert_int_equal(
		contract(f, c.dist, f->pgd318, "01/HĐUT", "2020-01-02", "2020-01-02", &err), TD_OK);
	assert_int_equal(
		contract(f, c.comm, f->pgd318, "01/HĐUT", "2020-02-01", "2020-02-01", &err),
		TD_EUNIQUE);
	assert_msg_has(err, "already used at office");
	assert_int_equal(
		contract(f, c.dist, f->pgd319, "01/HĐUT", "2020-01-02", "2020-01-02", &err), TD_OK);
	assert_int_equal(
		contract(f, c.dist, f->pgd318, "02/HĐUT", "2020-01-02", "2019-12-01", &err),
		TD_EINVAL);
	assert_msg_has(err, "before signed_on");
	assert_int_equal(contract(f, 777, f->pgd318, "03/HĐUT", "2020-01-02", "2020-01-02", &err),
			 TD_EFOREIGN);
	assert_int_equal(
		contract(f, c.dist, f->pgd318, "04/HĐUT", "2010-01-02", "2010-01-02", &err),
		TD_ERULE);
	assert_msg_has(err, "is not valid on 2010-01-02");
	struct contract_input empty = {c.dist, f->pgd318,   "",		ORG_NO_DATE,
				       "",     ORG_NO_DATE, ORG_NO_DATE};
	int64_t id = 0;
	assert_int_equal(contract_create(&f->ctx, &empty, &id, &err), TD_EINVAL);
	assert_msg_has(err, "number is missing");
	assert_msg_has(err, "parties are missing");
	assert_msg_has(err, "signed_on is missing");
	assert_int_equal(fix_count(f, "SELECT count(*) FROM entrustment_contract"), 2);

	struct contract_filter flt = {.office_id = f->pgd318, .on = ORG_NO_DATE};
	json_t *j = NULL;
	assert_int_equal(contract_list(&f->ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 1);
	json_t *first = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "number")), "01/HĐUT");
	assert_string_equal(json_string_value(json_object_get(first, "org")), "women");
	int64_t cid = json_integer_value(json_object_get(first, "id"));
	json_decref(j);
	assert_int_equal(contract_get(&f->ctx, cid, &j, &err), TD_OK);
	assert_string_equal(json_string_value(json_object_get(j, "signed_on")), "2020-01-02");
	json_decref(j);
	/* A union officer of another chapter may not read it. */
	struct td_actor uo = fix_actor(ROLE_UNION_OFFICER, f->pgd318, c.comm, 0);
	struct td_ctx ctx = fix_ctx(f, &uo);
	assert_int_equal(contract_get(&ctx, cid, &j, &err), TD_EFORBIDDEN);
	assert_int_equal(contract_list(&ctx, &flt, &j, &err), TD_OK);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
}

int main(void)
{
	fix_backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_organisations_have_vietnamese_names),
		cmocka_unit_test(test_problems_collect_and_mark_the_cut),
		cmocka_unit_test_setup_teardown(test_chain_is_created_and_read_back, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(
			test_parent_must_be_one_level_up_same_org_same_geography, fix_setup,
			fix_teardown),
		cmocka_unit_test_setup_teardown(test_input_problems_are_all_reported, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_one_chapter_per_org_per_unit_at_a_time,
						fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_update_keeps_identity_and_is_audited,
						fix_setup, fix_teardown),
		cmocka_unit_test_setup_teardown(test_list_filters_and_pages, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_r_org_4_scope_of_chapter_writes_and_reads, fix_setup,
						fix_teardown),
		cmocka_unit_test_setup_teardown(test_contracts_unique_number_per_office, fix_setup,
						fix_teardown),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES ? "chapter/postgres"
									      : "chapter/sqlite",
					   tests, NULL, NULL);
}
