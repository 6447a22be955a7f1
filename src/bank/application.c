/*
 * Loan applications: filing (01/TD) and judging eligibility (R-APP-1, R-PRG-1, R-HH-4).
 * The four steps are in application_step.c, reads in application_read.c.
 */
#include "bank/application.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/application_internal.h"
#include "bank/audit.h"
#include "bank/commune_at.h"
#include "bank/group.h"
#include "bank/household.h"
#include "bank/org_util.h"

int app_household_load(struct td_ctx *ctx, int64_t hid, td_date on, struct app_household *h,
		       struct td_error *err)
{
	memset(h, 0, sizeof *h);
	h->id = hid;
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT h.office_id, coalesce(" COMMUNE_OF_VILLAGE(
				     "h.village_id") ", "
						     "h.commune_code), h.flags, h.head_name FROM "
						     "household h WHERE h.id = ?",
			     "ddi", on, on, hid);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		h->office_id = stmt_column_int64(st, 0);
		snprintf(h->commune, sizeof h->commune, "%s", stmt_column_text(st, 1));
		rc = household_flags_parse(stmt_column_text(st, 2), &h->flags, err);
		snprintf(h->head_name, sizeof h->head_name, "%s", stmt_column_text(st, 3));
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "household (hộ) #%lld does not exist",
				  (long long)hid);
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;
	rc = group_of_household(ctx->store, hid, on, &h->group_id, err);
	if (rc != TD_OK || h->group_id == 0)
		return rc;
	rc = org_query_int64(ctx->store, &h->chapter_id, err,
			     "SELECT chapter_id FROM group_version WHERE group_id = ? AND "
			     "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
			     "idd", h->group_id, on, on);
	if (rc == TD_ENOTFOUND) /* the membership outlived the group's versions: take latest */
		rc = org_query_int64(ctx->store, &h->chapter_id, err,
				     "SELECT chapter_id FROM savings_group WHERE id = ?", "i",
				     h->group_id);
	return rc;
}

struct td_scope app_household_scope(const struct app_household *h)
{
	return (struct td_scope){
		.office_id = h->office_id, .chapter_id = h->chapter_id, .group_id = h->group_id};
}

/* Loan flags only: a flag that describes people belongs on the household. */
static int purpose_flags_parse(const char *s, uint32_t *out, struct td_error *err)
{
	int rc = programme_flags_parse(s ? s : "", out, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "purpose_flags: ");
	uint32_t people = *out & HOUSEHOLD_FLAGS;
	if (people)
		return td_error_set(err, TD_EINVAL,
				    "purpose_flags: '%s' describes the household, not the loan; "
				    "set it on the household",
				    programme_flag_name(people & -people));
	return TD_OK;
}

int app_exposure(struct td_ctx *ctx, int64_t household_id, const char *programme,
		 int64_t exclude_app, td_money *out, struct td_error *err)
{
	int64_t loans = 0, approved = 0;
	int rc = org_query_int64(ctx->store, &loans, err,
				 "SELECT coalesce(sum(balance), 0) FROM loan WHERE household_id = ? "
				 "AND programme_code = ? AND status IN ('in_term', 'overdue', "
				 "'frozen')",
				 "it", household_id, programme);
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &approved, err,
				     "SELECT coalesce(sum(a.amount), 0) FROM loan_application a "
				     "JOIN programme p ON p.id = a.programme_id WHERE "
				     "a.household_id = ? AND p.code = ? AND a.step = 'approved' AND "
				     "a.id <> ? AND NOT EXISTS (SELECT 1 FROM loan l WHERE "
				     "l.application_id = a.id)",
				     "iti", household_id, programme, exclude_app);
	if (rc == TD_OK && money_add(loans, approved, out) != TD_OK)
		rc = td_error_set(err, TD_EOVERFLOW, "dư nợ của hộ #%lld vượt giới hạn",
				  (long long)household_id);
	return rc;
}

int app_judge(struct td_ctx *ctx, const struct app_household *h, const struct programme *p,
	      const struct application_input *in, struct elig_result *r, enum hh_status *status,
	      struct td_error *err)
{
	uint32_t purpose = 0;
	td_money exposure = 0;
	int rc = purpose_flags_parse(in->purpose_flags, &purpose, err);
	if (rc == TD_OK)
		rc = household_status_on(ctx, h->id, in->applied_on, status, err);
	if (rc == TD_OK)
		rc = app_exposure(ctx, h->id, p->code, in->id, &exposure, err);
	if (rc != TD_OK)
		return rc;
	struct elig_application a = {.status = *status,
				     .flags = h->flags | purpose,
				     .amount = in->amount,
				     .term_months = in->term_months,
				     .date = in->applied_on,
				     .study_months = in->study_months,
				     .contract_months = in->contract_months,
				     .contract_value = in->contract_value,
				     .jobs = in->jobs,
				     .estimate_value = in->estimate_value,
				     .collateral_value = in->collateral_value,
				     .exposure = exposure};
	return eligibility_judge(p, &a, r, err);
}

int app_not_eligible(const struct app_household *h, const struct programme *p, td_date on,
		     const struct elig_result *r, struct td_error *err)
{
	char codes[512] = "", iso[TD_DATE_FMT_MAX];
	size_t used = 0;
	for (size_t i = 0; i < r->count; i++)
		if (r->reasons[i].blocking && used < sizeof codes)
			used += (size_t)snprintf(codes + used, sizeof codes - used, "%s%s",
						 used ? ", " : "",
						 eligibility_code_name(r->reasons[i].code));
	const char *first = "";
	for (size_t i = 0; i < r->count && !*first; i++)
		if (r->reasons[i].blocking)
			first = r->reasons[i].msg;
	return td_error_set(err, TD_ERULE,
			    "household #%lld is not eligible for programme %s on %s (không đủ "
			    "điều kiện, R-PRG-1): %s (%s)",
			    (long long)h->id, p->code, date_format_iso(on, iso, sizeof iso), codes,
			    first);
}

json_t *app_judge_json(const struct elig_result *r, enum hh_status status)
{
	json_t *reasons = json_array();
	for (size_t i = 0; i < r->count; i++)
		json_array_append_new(reasons, json_pack("{s:s, s:s, s:b}", "code",
							 eligibility_code_name(r->reasons[i].code),
							 "message", r->reasons[i].msg, "blocking",
							 r->reasons[i].blocking));
	char pct[32];
	json_t *o = json_pack("{s:b, s:s, s:b, s:I, s:I, s:I, s:i, s:i, s:o}", "eligible",
			      r->eligible, "status", programme_status_name(status),
			      "collateral_required", r->collateral_required, "rate",
			      (json_int_t)(r->has_rate ? r->rate : 0), "cap", (json_int_t)r->cap,
			      "borrower_cap", (json_int_t)r->borrower_cap, "max_term_months",
			      r->max_term_months, "grace_months", r->grace_months, "reasons",
			      reasons);
	if (o)
		json_object_set_new(
			o, "rate_pct",
			r->has_rate ? json_string(rate_format_percent(r->rate, pct, sizeof pct))
				    : json_null());
	return o;
}

/* Required text of at most APPLICATION_TEXT_MAX bytes. */
void app_text_check(struct org_problems *p, const char *name, const char *v)
{
	if (!v || !*v)
		problem_add(p, TD_EINVAL, "%s is required", name);
	else if (strlen(v) > APPLICATION_TEXT_MAX)
		problem_add(p, TD_EINVAL, "%s has %zu bytes, at most %d", name, strlen(v),
			    APPLICATION_TEXT_MAX);
}

int app_date_check(struct td_ctx *ctx, const char *what, td_date on, td_date after,
		   struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (on > ctx->business_date)
		return td_error_set(err, TD_EINVAL, "%s date %s is after the business date %s",
				    what, date_format_iso(on, a, sizeof a),
				    date_format_iso(ctx->business_date, b, sizeof b));
	if (on < after)
		return td_error_set(
			err, TD_EINVAL, "%s date %s is before the previous step's date %s", what,
			date_format_iso(on, a, sizeof a), date_format_iso(after, b, sizeof b));
	return TD_OK;
}

static int input_check(struct td_ctx *ctx, const struct application_input *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (!in->programme || !*in->programme)
		problem_add(&p, TD_EINVAL, "programme is required");
	if (in->amount <= 0)
		problem_add(&p, TD_EINVAL, "amount must be more than 0 đồng");
	if (in->term_months <= 0)
		problem_add(&p, TD_EINVAL, "term_months must be more than 0");
	app_text_check(&p, "purpose", in->purpose);
	app_text_check(&p, "plan", in->plan);
	if (in->applied_on == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "applied_on is required");
	if (in->jobs < 0 || in->jobs > ELIG_JOBS_INPUT_MAX)
		problem_add(&p, TD_EINVAL, "jobs (số lao động) %d: phải từ 0 đến %d", in->jobs,
			    ELIG_JOBS_INPUT_MAX);
	if (in->estimate_value < 0 || in->estimate_value > TD_MONEY_MAX_INPUT ||
	    in->collateral_value < 0 || in->collateral_value > TD_MONEY_MAX_INPUT ||
	    in->contract_value < 0 || in->contract_value > TD_MONEY_MAX_INPUT)
		problem_add(&p, TD_EINVAL,
			    "giá trị hợp đồng, dự toán, tài sản bảo đảm phải từ 0 đến 10^15 đồng");
	if (in->ntp_tag && !programme_db_ntp_tag_known(in->ntp_tag))
		problem_add(&p, TD_EINVAL, "ntp_tag '%s': dùng %s", in->ntp_tag,
			    PROGRAMME_NTP_TAGS);
	if ((unsigned)in->resolution_11 > APP_TAG_YES)
		problem_add(&p, TD_EINVAL, "resolution_11: giá trị %d không hợp lệ",
			    (int)in->resolution_11);
	int rc = problems_finish(&p);
	if (rc == TD_OK)
		rc = app_date_check(ctx, "application", in->applied_on, INT32_MIN, err);
	return rc;
}

/* Loads household and programme and judges; the caller frees *p. */
static int prepare(struct td_ctx *ctx, const struct application_input *in, enum td_action act,
		   struct app_household *h, struct programme_db *p, struct elig_result *r,
		   enum hh_status *status, struct td_error *err)
{
	int rc = input_check(ctx, in, err);
	if (rc == TD_OK)
		rc = app_household_load(ctx, in->household_id, in->applied_on, h, err);
	struct td_scope scope = app_household_scope(h);
	if (rc == TD_OK)
		rc = access_check(ctx, act, &scope, err);
	if (rc == TD_OK)
		rc = programme_db_load(ctx, in->programme, in->applied_on, p, err);
	if (rc != TD_OK)
		return rc;
	rc = app_judge(ctx, h, &p->p, in, r, status, err);
	if (rc != TD_OK)
		programme_db_free(p);
	return rc;
}

int application_judge(struct td_ctx *ctx, const struct application_input *in, json_t **out,
		      struct td_error *err)
{
	struct app_household h;
	struct programme_db p;
	struct elig_result r;
	enum hh_status status;
	int rc = bank_tx_begin(ctx, err);
	if (rc == TD_OK)
		rc = prepare(ctx, in, ACT_READ, &h, &p, &r, &status, err);
	if (rc == TD_OK) {
		programme_db_free(&p);
		*out = app_judge_json(&r, status);
		rc = *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
	}
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int insert(struct td_ctx *ctx, const struct application_input *in,
		  const struct app_household *h, const struct programme_db *p, td_rate rate,
		  int64_t *id, struct td_error *err)
{
	uint32_t purpose = 0;
	char flags[160];
	int rc = purpose_flags_parse(in->purpose_flags, &purpose, err);
	if (rc != TD_OK)
		return rc;
	return org_query_int64(
		ctx->store, id, err,
		"INSERT INTO loan_application (household_id, programme_id, group_id, chapter_id, "
		"office_id, commune_code, amount, term_months, purpose, purpose_flags, plan, "
		"study_months, contract_months, contract_value, applied_on, rate, step, "
		"prepared_by, prepared_by_name, jobs, estimate_value, collateral_value, ntp_tag, "
		"resolution_11) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', "
		"?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"iiIIitiitttiiidiitiiiti", h->id, p->id, h->group_id, h->chapter_id, h->office_id,
		h->commune, in->amount, (int64_t)in->term_months, in->purpose,
		programme_db_flags_text(purpose, flags, sizeof flags), in->plan,
		(int64_t)in->study_months, (int64_t)in->contract_months, in->contract_value,
		in->applied_on, (int64_t)rate, ctx->actor->user_id, ctx->actor->username,
		(int64_t)in->jobs, in->estimate_value, in->collateral_value,
		in->ntp_tag ? in->ntp_tag : p->ntp_tag,
		(int64_t)(in->resolution_11 == APP_TAG_PROGRAMME ? p->resolution_11
								 : in->resolution_11 == APP_TAG_YES));
}

int application_create(struct td_ctx *ctx, const struct application_input *in, int64_t *id,
		       struct td_error *err)
{
	assert(ctx && in);
	struct app_household h;
	struct programme_db p;
	struct elig_result r;
	enum hh_status status;
	int64_t new_id = 0;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = prepare(ctx, in, ACT_APPLICATION_PREPARE, &h, &p, &r, &status, err);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	char iso[TD_DATE_FMT_MAX];
	if (p.p.channel == PRG_ENTRUSTED && h.group_id == 0)
		rc = td_error_set(err, TD_ERULE,
				  "household #%lld is in no savings group (tổ TK&VV) on %s; "
				  "programme %s lends through groups (R-APP-1)",
				  (long long)h.id, date_format_iso(in->applied_on, iso, sizeof iso),
				  p.p.code);
	else if (!r.eligible)
		rc = app_not_eligible(&h, &p.p, in->applied_on, &r, err);
	if (rc == TD_OK)
		rc = insert(ctx, in, &h, &p, r.has_rate ? r.rate : 0, &new_id, err);
	programme_db_free(&p);
	json_t *after = NULL;
	if (rc == TD_OK)
		rc = application_get(ctx, new_id, &after, err);
	if (rc == TD_OK) {
		json_object_del(after, "eligibility");
		char *text = org_json_text(after);
		rc = audit_record(ctx, "create", "application", new_id, NULL, text, err);
		free(text);
	}
	json_decref(after);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc == TD_OK && id)
		*id = new_id;
	return rc;
}
