/* Programmes in the database on both stores (R-PRG-1, R-PRG-2, R-RATE-1): seeding from the
 * credit seed table, loading into struct programme, rate rows with history, tags, access. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>

#include "bank/programme_db.h"
#include "credit/eligibility.h"
#include "org_fixture.h"

static td_rate rate_on(struct fixture *f, const char *code, const char *day)
{
	struct programme_db d;
	struct td_error err = {0};
	if (programme_db_load(&f->ctx, code, f->ctx.business_date, &d, &err) != TD_OK)
		fail_msg("load %s: %s", code, err.msg);
	td_rate r = -1;
	if (programme_rate_new_loan(&d.p, fix_day(day), 0, &r, &err) != TD_OK)
		fail_msg("rate %s on %s: %s", code, day, err.msg);
	programme_db_free(&d);
	return r;
}

static void test_r_prg_1_seeding_is_idempotent(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	size_t n = 0;
	programme_seed(&n);
	int inserted = -1;
	assert_int_equal(programme_db_seed(&f->ctx, &inserted, &err), TD_OK);
	assert_int_equal(inserted, (int)n);
	int64_t rates = fix_count(f, "SELECT count(*) FROM programme_rate");
	int64_t caps = fix_count(f, "SELECT count(*) FROM programme_terms_cap");
	assert_true(rates >= 12 && caps >= 12);
	assert_int_equal(programme_db_seed(&f->ctx, &inserted, &err), TD_OK);
	assert_int_equal(inserted, 0);
	/* a programme an install lacks (a newer binary's seed) is added alone */
	fix_exec(f->s,
		 "DELETE FROM programme_rate WHERE programme_id = (SELECT id FROM programme "
		 "WHERE code = '26'); DELETE FROM programme_terms_cap WHERE terms_id IN (SELECT "
		 "t.id FROM programme_terms t JOIN programme p ON p.id = t.programme_id WHERE "
		 "p.code = '26'); DELETE FROM programme_terms WHERE programme_id = (SELECT id FROM "
		 "programme WHERE code = '26'); DELETE FROM programme WHERE code = '26'");
	assert_int_equal(programme_db_seed(&f->ctx, &inserted, &err), TD_OK);
	assert_int_equal(inserted, 1);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM programme"), (int64_t)n);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM programme_rate"), rates);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM programme_terms_cap"), caps);
}

/* Every seed programme comes back from the rows as it went in, so the pure rules give the
 * same answers on the database's data. */
static void test_r_prg_1_load_rebuilds_every_seed_programme(void **state)
{
	struct fixture *f = *state;
	size_t n = 0;
	const struct programme *seed = programme_seed(&n);
	for (size_t i = 0; i < n; i++) {
		const struct programme *s = &seed[i];
		struct programme_db d;
		struct td_error err = {0};
		assert_int_equal(programme_db_load(&f->ctx, s->code, f->ctx.business_date, &d, &err), TD_OK);
		const struct programme *p = &d.p;
		assert_string_equal(p->code, s->code);
		assert_string_equal(p->name_vi, s->name_vi);
		assert_string_equal(p->name_en, s->name_en);
		assert_int_equal(p->valid_from, s->valid_from);
		assert_int_equal(p->valid_until, s->valid_until);
		assert_int_equal(p->channel, s->channel);
		assert_int_equal(p->term_kind, s->term_kind);
		assert_int_equal(p->max_term_months, s->max_term_months);
		assert_int_equal(p->grace_months, s->grace_months);
		assert_int_equal(p->statuses, s->statuses);
		assert_int_equal(p->flags_all, s->flags_all);
		assert_int_equal(p->flags_any, s->flags_any);
		assert_int_equal(p->collateral_above, s->collateral_above);
		assert_int_equal(p->roll_forward, s->roll_forward);
		assert_int_equal(p->overdue_pct, s->overdue_pct);
		assert_int_equal(p->convention, s->convention);
		assert_int_equal(p->cap_count, s->cap_count);
		for (size_t c = 0; c < s->cap_count; c++) {
			assert_int_equal(p->caps[c].when, s->caps[c].when);
			assert_int_equal(p->caps[c].kind, s->caps[c].kind);
			assert_int_equal(p->caps[c].scope, s->caps[c].scope);
			assert_int_equal(p->caps[c].amount, s->caps[c].amount);
			assert_int_equal(p->caps[c].pct, s->caps[c].pct);
		}
		assert_int_equal(p->rate_count, s->rate_count);
		for (size_t r = 0; r < s->rate_count; r++)
			assert_memory_equal(&p->rates[r], &s->rates[r], sizeof p->rates[r]);
		assert_int_equal(programme_check(p, &err), TD_OK);
		assert_string_equal(d.ntp_tag, "none");
		programme_db_free(&d);
	}
}

static void test_r_prg_1_unknown_code_names_the_known_ones(void **state)
{
	struct fixture *f = *state;
	struct programme_db d;
	struct td_error err = {0};
	assert_int_equal(programme_db_load(&f->ctx, "77", f->ctx.business_date, &d, &err), TD_ENOTFOUND);
	assert_msg_has(err, "'77'");
	assert_msg_has(err, "1, 2, 3");
	json_t *j = NULL;
	assert_int_equal(programme_db_get(&f->ctx, "77", f->ctx.business_date, &j, &err), TD_ENOTFOUND);
}

static void test_r_prg_1_list_in_code_order(void **state)
{
	struct fixture *f = *state;
	struct td_actor teller = fix_actor(ROLE_TELLER, f->pgd318, 0, 0);
	struct td_ctx c = fix_ctx(f, &teller);
	json_t *j = NULL;
	struct td_error err = {0};
	assert_int_equal(programme_db_list(&c, c.business_date, &j, &err), TD_OK);
	json_t *items = json_object_get(j, "items");
	size_t n = 0;
	programme_seed(&n);
	assert_int_equal(json_array_size(items), n);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "code")),
			    "1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 2), "code")),
			    "3");
	json_t *one = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(one, "rate_today")), "6.6");
	assert_true(json_is_null(json_object_get(one, "collateral_above")));
	json_decref(j);
}

/* R-RATE-1: a new row applies from its date; earlier days keep the earlier rate; history
 * is never rewritten. */
static void test_r_rate_1_rate_row_from_a_date(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	struct programme_rate_input in = {.effective_from = fix_day("2025-07-01"),
					  .outstanding_from = PRG_DATE_NEVER,
					  .rate = 70000};
	assert_int_equal(programme_db_add_rate(&f->ctx, "1", &in, &err), TD_OK);
	assert_int_equal(rate_on(f, "1", "2025-06-30"), 66000);
	assert_int_equal(rate_on(f, "1", "2025-07-01"), 70000);
	assert_int_equal(rate_on(f, "19", "2025-07-01"), 79200);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = 'programme' "
				      "AND action = 'rate_add'"),
			 1);

	int64_t rows = fix_count(f, "SELECT count(*) FROM programme_rate");
	in.effective_from = fix_day("2025-03-01"); /* before the latest: history */
	assert_int_equal(programme_db_add_rate(&f->ctx, "1", &in, &err), TD_ERULE);
	assert_msg_has(err, "2025-07-01");
	assert_msg_has(err, "R-RATE-1");
	in.effective_from = fix_day("2025-07-01"); /* the same day: editing that row */
	assert_int_equal(programme_db_add_rate(&f->ctx, "1", &in, &err), TD_ERULE);
	in.effective_from = fix_day("2026-01-01");
	in.rate = 1500000; /* 150 % */
	assert_int_equal(programme_db_add_rate(&f->ctx, "1", &in, &err), TD_EINVAL);
	in.rate = 60000;
	in.reduced_for = "disabled,flying";
	assert_int_equal(programme_db_add_rate(&f->ctx, "1", &in, &err), TD_EINVAL);
	assert_msg_has(err, "flying");
	in.reduced_for = NULL;
	in.outstanding_from = fix_day("2025-12-01");
	assert_int_equal(programme_db_add_rate(&f->ctx, "1", &in, &err), TD_ERULE);
	assert_int_equal(fix_count(f, "SELECT count(*) FROM programme_rate"), rows);

	/* a row for outstanding loans too, with a reduced rate; read back as entered */
	in.outstanding_from = fix_day("2026-02-01");
	in.reduced_rate = 30000;
	in.reduced_for = "ethnic_minority,hard_area;disabled";
	assert_int_equal(programme_db_add_rate(&f->ctx, "1", &in, &err), TD_OK);
	struct programme_db d;
	assert_int_equal(programme_db_load(&f->ctx, "1", f->ctx.business_date, &d, &err), TD_OK);
	assert_int_equal(d.p.rate_count, 3);
	assert_int_equal(d.p.rates[2].outstanding_from, fix_day("2026-02-01"));
	assert_int_equal(d.p.rates[2].reduced_for[0], PRG_F_ETHNIC_MINORITY | PRG_F_HARD_AREA);
	assert_int_equal(d.p.rates[2].reduced_for[1], PRG_F_DISABLED);
	td_rate r = 0;
	assert_int_equal(programme_rate_loan(&d.p, fix_day("2025-08-01"), fix_day("2026-03-01"), 0,
					     &r, &err),
			 TD_OK);
	assert_int_equal(r, 60000);
	programme_db_free(&d);
}

static void test_r_prg_2_tags(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	assert_int_equal(programme_db_set_tags(&f->ctx, "25", "ethnic_minority", 1, &err), TD_OK);
	json_t *j = NULL;
	assert_int_equal(programme_db_get(&f->ctx, "25", f->ctx.business_date, &j, &err), TD_OK);
	assert_string_equal(json_string_value(json_object_get(j, "ntp_tag")), "ethnic_minority");
	assert_true(json_is_true(json_object_get(j, "resolution_11")));
	json_decref(j);
	/* NULL / -1 keep */
	assert_int_equal(programme_db_set_tags(&f->ctx, "25", NULL, 0, &err), TD_OK);
	struct programme_db d;
	assert_int_equal(programme_db_load(&f->ctx, "25", f->ctx.business_date, &d, &err), TD_OK);
	assert_string_equal(d.ntp_tag, "ethnic_minority");
	assert_false(d.resolution_11);
	programme_db_free(&d);
	assert_int_equal(programme_db_set_tags(&f->ctx, "25", "green", -1, &err), TD_EINVAL);
	assert_msg_has(err, "new_rural");
	assert_int_equal(fix_count(f, "SELECT count(*) FROM audit_log WHERE entity = 'programme'"),
			 2);
}

/* Only administrators of the head office edit programmes; everyone reads them. */
static void test_r_org_4_programme_write_is_head_office_admin_only(void **state)
{
	struct fixture *f = *state;
	struct td_error err = {0};
	struct programme_rate_input in = {.effective_from = fix_day("2026-01-01"),
					  .outstanding_from = PRG_DATE_NEVER,
					  .rate = 70000};
	struct td_actor actors[] = {
		fix_actor(ROLE_DIRECTOR, f->pgd318, 0, 0),
		fix_actor(ROLE_ADMIN, f->br31, 0, 0),
		fix_actor(ROLE_CREDIT_OFFICER, f->admin.office_id, 0, 0),
	};
	for (size_t i = 0; i < sizeof actors / sizeof actors[0]; i++) {
		struct td_ctx c = fix_ctx(f, &actors[i]);
		assert_int_equal(programme_db_add_rate(&c, "1", &in, &err), TD_EFORBIDDEN);
		assert_int_equal(programme_db_set_tags(&c, "1", "new_rural", 1, &err),
				 TD_EFORBIDDEN);
		json_t *j = NULL;
		assert_int_equal(programme_db_get(&c, "1", c.business_date, &j, &err), TD_OK);
		json_decref(j);
	}
	assert_int_equal(fix_count(f, "SELECT count(*) FROM programme_rate WHERE effective_from = "
				      "'2026-01-01'"),
			 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fix_setup, fix_teardown)

int main(void)
{
	fix_backend = testdb_backend_from_env();
	(void)fix_chapter; /* the fixture's helper for chapters: not needed here */
	const struct CMUnitTest tests[] = {
		T(test_r_prg_1_seeding_is_idempotent),
		T(test_r_prg_1_load_rebuilds_every_seed_programme),
		T(test_r_prg_1_unknown_code_names_the_known_ones),
		T(test_r_prg_1_list_in_code_order),
		T(test_r_rate_1_rate_row_from_a_date),
		T(test_r_prg_2_tags),
		T(test_r_org_4_programme_write_is_head_office_admin_only),
	};
	return cmocka_run_group_tests_name(fix_backend == TD_BACKEND_POSTGRES
						   ? "programme_db/postgres"
						   : "programme_db/sqlite",
					   tests, NULL, NULL);
}
