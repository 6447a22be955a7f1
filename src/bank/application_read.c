/*
 * Reading applications: one with its steps and its eligibility, lists in the actor's
 * scope, and the result notice 04/TD of a commune's decisions on a day (R-APP-4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/application_internal.h"

#define APP_SELECT                                                                                 \
	"SELECT a.id, a.household_id, h.head_name, h.cccd, p.code, p.name_vi, a.group_id, "        \
	"a.office_id, a.commune_code, a.amount, a.term_months, a.purpose, a.purpose_flags, "       \
	"a.plan, a.study_months, a.contract_months, a.contract_value, a.applied_on, a.rate, "      \
	"a.step, a.prepared_by_name, a.chapter_id, "                                               \
	"a.vote_on, a.vote_minutes_no, a.vote_list_no, a.vote_org_rep, a.vote_village_head, "      \
	"a.vote_members, a.vote_present, a.votes_for, a.votes_against, a.votes_abstain, "          \
	"a.vote_by, "                                                                              \
	"a.confirm_on, a.confirm_doc_no, a.confirm_signatory, a.confirm_signatory_title, "         \
	"a.confirm_status, a.confirm_by, "                                                         \
	"a.check_on, a.check_late, a.check_by, "                                                   \
	"a.decision_on, a.decision_reason, a.decided_by, "                                         \
	"a.jobs, a.estimate_value, a.collateral_value, a.ntp_tag, a.resolution_11 "                \
	"FROM loan_application a JOIN household h ON h.id = a.household_id "                       \
	"JOIN programme p ON p.id = a.programme_id "

static const struct org_col app_cols[] = {
	{"id", 'i'},
	{"household_id", 'i'},
	{"head_name", 't'},
	{"cccd", 't'},
	{"programme", 't'},
	{"programme_name", 't'},
	{"group_id", 'i'},
	{"office_id", 'i'},
	{"commune_code", 't'},
	{"amount", 'i'},
	{"term_months", 'i'},
	{"purpose", 't'},
	{"purpose_flags", 't'},
	{"plan", 't'},
	{"study_months", 'i'},
	{"contract_months", 'i'},
	{"contract_value", 'i'},
	{"applied_on", 't'},
	{"rate", 'i'},
	{"step", 't'},
	{"prepared_by", 't'},
	{NULL, 0},
};
#define APP_COL_CHAPTER 21
#define APP_COL_VOTE 22
#define APP_COL_CONFIRM 33
#define APP_COL_CHECK 39
#define APP_COL_DECISION 42
#define APP_COL_TAGS 45

/* The figures for the caps and the reporting tags (R-PRG-1, R-PRG-2). */
static const struct org_col tag_cols[] = {{"jobs", 'i'},    {"estimate_value", 'i'},
					  {"collateral_value", 'i'}, {"ntp_tag", 't'},
					  {NULL, 0}};

/* The minutes 10C/TD and list 03/TD (R-APP-2); group_members, members_present and
 * votes_abstain are null for votes recorded before migration 0020. */
static const struct org_col vote_cols[] = {
	{"vote_on", 't'},	  {"minutes_no", 't'},	 {"list_no", 't'},
	{"org_rep", 't'},	  {"village_head", 't'}, {"group_members", 'i'},
	{"members_present", 'i'}, {"votes_for", 'i'},	 {"votes_against", 'i'},
	{"votes_abstain", 'i'},	  {"by", 't'},		 {NULL, 0},
};
/* The commune People's Committee's document (R-APP-3) and the bank user who recorded it;
 * doc_no and the signatory are null for confirmations recorded before migration 0020. */
static const struct org_col confirm_cols[] = {
	{"confirm_on", 't'}, {"doc_no", 't'},	   {"signatory", 't'}, {"signatory_title", 't'},
	{"status", 't'},     {"recorded_by", 't'}, {NULL, 0}};
static const struct org_col check_cols[] = {
	{"check_on", 't'}, {"late", 'i'}, {"by", 't'}, {NULL, 0}};
static const struct org_col decision_cols[] = {
	{"decision_on", 't'}, {"reason", 't'}, {"by", 't'}, {NULL, 0}};

/* One step's object, or null when the step is not done (its date column is NULL). */
static json_t *step_json(struct td_stmt *st, const struct org_col *cols, int first)
{
	if (stmt_column_is_null(st, first))
		return json_null();
	return org_row_json(st, cols, first);
}

static void add_rate_pct(json_t *o)
{
	char pct[32];
	td_rate r = json_integer_value(json_object_get(o, "rate"));
	json_object_set_new(o, "rate_pct", json_string(rate_format_percent(r, pct, sizeof pct)));
}

int application_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err, APP_SELECT "WHERE a.id = ?", "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	json_t *o = NULL;
	struct td_scope scope = {0};
	if (rc == TD_ROW) {
		o = org_row_json(st, app_cols, 0);
		scope = (struct td_scope){.office_id = stmt_column_int64(st, 7),
					  .chapter_id = stmt_column_int64(st, APP_COL_CHAPTER),
					  .group_id = stmt_column_int64(st, 6)};
		json_object_set_new(o, "vote", step_json(st, vote_cols, APP_COL_VOTE));
		json_object_set_new(o, "confirmation",
				    step_json(st, confirm_cols, APP_COL_CONFIRM));
		json_t *check = step_json(st, check_cols, APP_COL_CHECK);
		if (json_is_object(check)) /* 0/1 in the store, a boolean for people */
			json_object_set_new(
				check, "late",
				json_boolean(json_integer_value(json_object_get(check, "late"))));
		json_object_set_new(o, "check", check);
		json_object_set_new(o, "decision", step_json(st, decision_cols, APP_COL_DECISION));
		json_t *tags = org_row_json(st, tag_cols, APP_COL_TAGS);
		json_object_update(o, tags);
		json_decref(tags);
		json_object_set_new(o, "resolution_11",
				    json_boolean(stmt_column_int64(st, APP_COL_TAGS + 4)));
		add_rate_pct(o);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "application (hồ sơ vay) #%lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc == TD_OK) {
		/* Eligibility as judged now for the application date (R-PRG-1). */
		td_date applied = 0;
		date_parse_iso(json_string_value(json_object_get(o, "applied_on")), &applied, NULL);
		struct application_input in = {
			.household_id = json_integer_value(json_object_get(o, "household_id")),
			.programme = json_string_value(json_object_get(o, "programme")),
			.amount = json_integer_value(json_object_get(o, "amount")),
			.term_months = (int)json_integer_value(json_object_get(o, "term_months")),
			.purpose = json_string_value(json_object_get(o, "purpose")),
			.purpose_flags = json_string_value(json_object_get(o, "purpose_flags")),
			.plan = json_string_value(json_object_get(o, "plan")),
			.applied_on = applied,
			.study_months = (int)json_integer_value(json_object_get(o, "study_months")),
			.contract_months =
				(int)json_integer_value(json_object_get(o, "contract_months")),
			.contract_value = json_integer_value(json_object_get(o, "contract_value")),
			.jobs = (int)json_integer_value(json_object_get(o, "jobs")),
			.estimate_value = json_integer_value(json_object_get(o, "estimate_value")),
			.collateral_value =
				json_integer_value(json_object_get(o, "collateral_value")),
			.id = id};
		json_t *elig = NULL;
		rc = application_judge(ctx, &in, &elig, err);
		if (rc == TD_OK)
			json_object_set_new(o, "eligibility", elig);
	}
	if (rc != TD_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return TD_OK;
}

static const struct org_col list_cols[] = {
	{"id", 'i'},	     {"household_id", 'i'}, {"head_name", 't'},
	{"programme", 't'},  {"amount", 'i'},	    {"term_months", 'i'},
	{"applied_on", 't'}, {"step", 't'},	    {"commune_code", 't'},
	{"office_id", 'i'},  {"chapter_id", 'i'},   {"group_id", 'i'},
	{NULL, 0},
};

int application_list(struct td_ctx *ctx, const struct application_filter *f, json_t **out,
		     struct td_error *err)
{
	int64_t limit = f->limit;
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc == TD_OK)
		rc = org_page_check(&limit, f->offset, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q,
		       "SELECT a.id, a.household_id, h.head_name, p.code, a.amount, a.term_months, "
		       "a.applied_on, a.step, a.commune_code, a.office_id, a.chapter_id, "
		       "a.group_id FROM loan_application a "
		       "JOIN household h ON h.id = a.household_id "
		       "JOIN programme p ON p.id = a.programme_id WHERE 1 = 1",
		       "ORDER BY a.id DESC");
	org_query_actor_scope(&q, ctx->actor, ctx->business_date, "a.office_id", "a.chapter_id",
			      "a.group_id");
	if (f->household_id)
		org_query_and_int(&q, "a.household_id = ?", f->household_id);
	if (f->step)
		org_query_and_text(&q, "a.step = ?", f->step);
	if (f->commune)
		org_query_and_text(&q, "a.commune_code = ?", f->commune);
	return org_query_list(ctx->store, &q, list_cols, limit, f->offset, out, err);
}

static const struct org_col notice_cols[] = {
	{"id", 'i'},	 {"head_name", 't'},   {"cccd", 't'}, {"programme", 't'},
	{"amount", 'i'}, {"term_months", 'i'}, {"rate", 'i'}, {"decision", 't'},
	{"reason", 't'}, {"decided_by", 't'},  {NULL, 0},
};

static int commune_name(struct td_ctx *ctx, const char *code, td_date on, char *buf, size_t size,
			struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT name FROM admin_unit WHERE level = 'commune' AND code = ? AND "
			     "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
			     "tdd", code, on, on);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		snprintf(buf, size, "%s", stmt_column_text(st, 0));
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_ENOTFOUND, "commune (xã) '%s' does not exist", code);
	return rc == TD_ROW ? TD_OK : rc;
}

int application_notice(struct td_ctx *ctx, const char *commune, td_date on, json_t **out,
		       struct td_error *err)
{
	if (!commune || !*commune || on == ORG_NO_DATE)
		return td_error_set(err, TD_EINVAL, "the 04/TD notice needs a commune and a date");
	char name[160], iso[TD_DATE_FMT_MAX];
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc == TD_OK)
		rc = commune_name(ctx, commune, on, name, sizeof name, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q,
		       "SELECT a.id, h.head_name, h.cccd, p.code, a.amount, a.term_months, a.rate, "
		       "a.step, a.decision_reason, a.decided_by FROM loan_application a "
		       "JOIN household h ON h.id = a.household_id "
		       "JOIN programme p ON p.id = a.programme_id "
		       "WHERE a.step IN ('approved', 'rejected')",
		       "ORDER BY a.id");
	org_query_actor_scope(&q, ctx->actor, ctx->business_date, "a.office_id", "a.chapter_id",
			      "a.group_id");
	org_query_and_text(&q, "a.commune_code = ?", commune);
	org_query_and_text(&q, "a.decision_on = ?", date_format_iso(on, iso, sizeof iso));
	json_t *page = NULL;
	rc = org_query_list(ctx->store, &q, notice_cols, ORG_LIMIT_MAX, 0, &page, err);
	if (rc != TD_OK)
		return rc;
	json_t *items = json_incref(json_object_get(page, "items"));
	int64_t total = json_integer_value(json_object_get(page, "total"));
	json_decref(page);
	if (total > (int64_t)json_array_size(items)) {
		json_decref(items);
		return td_error_set(
			err, TD_ETOOBIG,
			"commune %s has %lld decisions on %s; a notice holds at most %d", commune,
			(long long)total, iso, ORG_LIMIT_MAX);
	}
	int64_t approved = 0, rejected = 0, amount = 0;
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		add_rate_pct(it);
		if (strcmp(json_string_value(json_object_get(it, "decision")), "approved") == 0) {
			approved++;
			if (money_add(amount, json_integer_value(json_object_get(it, "amount")),
				      &amount) != TD_OK) {
				json_decref(items);
				return td_error_set(err, TD_EOVERFLOW, "approved amounts overflow");
			}
		} else {
			rejected++;
		}
	}
	*out = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:o}", "commune_code", commune,
			 "commune_name", name, "date", iso, "approved", (json_int_t)approved,
			 "rejected", (json_int_t)rejected, "approved_amount", (json_int_t)amount,
			 "items", items);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}
