/*
 * The four steps of an application, in order (R-APP-2, R-APP-3, R-APP-4): group vote,
 * commune confirmation, office check, director's decision (maker-checker).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/application_internal.h"
#include "bank/audit.h"
#include "bank/calendar.h"
#include "bank/household.h"
#include "bank/param.h"

static const char *const step_names[STEP_COUNT] = {"applied", "voted",	  "confirmed",
						   "checked", "approved", "rejected"};
static const char *const step_labels[STEP_COUNT] = {"nộp đơn 01/TD",	   "tổ đã bình xét",
						    "UBND xã đã xác nhận", "PGD đã thẩm định",
						    "đã phê duyệt",	   "đã từ chối"};

const char *app_step_name(enum app_step s)
{
	return (s >= 0 && s < STEP_COUNT) ? step_names[s] : "unknown";
}

const char *app_step_label(enum app_step s)
{
	return (s >= 0 && s < STEP_COUNT) ? step_labels[s] : "unknown";
}

/* What a step needs of the stored application. */
struct app_row {
	int64_t id;
	enum app_step step;
	td_date last_on; /* date of the latest step done */
	td_date confirm_on;
	int64_t programme_id, prepared_by, check_user_id;
	struct td_scope scope;
	struct application_input in; /* for judging again at approval */
	char purpose_flags[160];
};

static int row_load(struct td_ctx *ctx, int64_t id, struct app_row *r, struct td_error *err)
{
	memset(r, 0, sizeof *r);
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		ctx->store, &st, err,
		"SELECT household_id, programme_id, step, applied_on, coalesce(check_on, "
		"confirm_on, vote_on, applied_on), prepared_by, check_user_id, amount, "
		"term_months, purpose_flags, study_months, contract_months, contract_value, "
		"confirm_on, office_id, chapter_id, group_id, jobs, estimate_value, "
		"collateral_value FROM loan_application WHERE id = ?",
		"i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		r->id = id;
		r->in.household_id = stmt_column_int64(st, 0);
		r->programme_id = stmt_column_int64(st, 1);
		for (int s = 0; s < STEP_COUNT; s++)
			if (strcmp(stmt_column_text(st, 2), step_names[s]) == 0)
				r->step = (enum app_step)s;
		r->in.applied_on = org_col_date(st, 3);
		r->last_on = org_col_date(st, 4);
		r->prepared_by = stmt_column_int64(st, 5);
		r->check_user_id = stmt_column_int64(st, 6);
		r->in.amount = stmt_column_int64(st, 7);
		r->in.term_months = (int)stmt_column_int64(st, 8);
		snprintf(r->purpose_flags, sizeof r->purpose_flags, "%s", stmt_column_text(st, 9));
		r->in.purpose_flags = r->purpose_flags;
		r->in.study_months = (int)stmt_column_int64(st, 10);
		r->in.contract_months = (int)stmt_column_int64(st, 11);
		r->in.contract_value = stmt_column_int64(st, 12);
		r->confirm_on = org_col_date(st, 13);
		r->scope = (struct td_scope){.office_id = stmt_column_int64(st, 14),
					     .chapter_id = stmt_column_int64(st, 15),
					     .group_id = stmt_column_int64(st, 16)};
		r->in.jobs = (int)stmt_column_int64(st, 17);
		r->in.estimate_value = stmt_column_int64(st, 18);
		r->in.collateral_value = stmt_column_int64(st, 19);
		r->in.id = id;
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "application (hồ sơ vay) #%lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

/* The step order: `want` is the step this one follows. */
static int step_expect(const struct app_row *r, enum app_step want, const char *doing,
		       struct td_error *err)
{
	if (r->step == want)
		return TD_OK;
	return td_error_set(err, TD_ECONFLICT,
			    "application #%lld is at step '%s' (%s); %s needs step '%s' (%s) "
			    "first, and each step is done once, in order (R-APP-1..4)",
			    (long long)r->id, step_names[r->step], step_labels[r->step], doing,
			    step_names[want], step_labels[want]);
}

/* Loads, checks the action in the application's scope, the order and the date. */
static int step_begin(struct td_ctx *ctx, int64_t id, enum td_action act, enum app_step want,
		      const char *doing, td_date on, struct app_row *r, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = row_load(ctx, id, r, err);
	if (rc == TD_OK)
		rc = access_check(ctx, act, &r->scope, err);
	if (rc == TD_OK)
		rc = step_expect(r, want, doing, err);
	if (rc == TD_OK)
		rc = on == ORG_NO_DATE
			     ? td_error_set(err, TD_EINVAL, "the %s date is required", doing)
			     : app_date_check(ctx, doing, on, r->last_on, err);
	if (rc != TD_OK)
		bank_tx_rollback(ctx);
	return rc;
}

/* Audits the step (the step's fields as JSON) and commits; rolls back on error. */
static int step_end(struct td_ctx *ctx, int64_t id, const char *action, json_t *after, int rc,
		    struct td_error *err)
{
	if (rc == TD_OK) {
		char *text = org_json_text(after);
		rc = audit_record(ctx, action, "application", id, NULL, text, err);
		free(text);
	}
	json_decref(after);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* The group's member households on the vote date (R-ORG-2). */
static int group_members_on(struct td_ctx *ctx, int64_t group, td_date on, int64_t *n,
			    struct td_error *err)
{
	return org_query_int64(ctx->store, n, err,
			       "SELECT count(*) FROM group_member WHERE group_id = ? AND "
			       "joined_on <= ? AND (left_on IS NULL OR left_on > ?)",
			       "idd", group, on, on);
}

/* R-APP-2: every figure of the minutes 10C/TD; members is -1 outside a group. */
static int vote_check(const struct application_vote *in, int64_t members, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	app_text_check(&p, "minutes_no (biên bản 10C/TD)", in->minutes_no);
	app_text_check(&p, "list_no (danh sách 03/TD)", in->list_no);
	app_text_check(&p, "org_rep (đại diện hội đoàn thể)", in->org_rep);
	app_text_check(&p, "village_head (trưởng thôn)", in->village_head);
	int present = in->members_present, cast = 0;
	if (in->votes_for < 0 || in->votes_against < 0 || in->votes_abstain < 0 || present < 0) {
		problem_add(&p, TD_EINVAL, "số thành viên và số phiếu không được âm");
		return problems_finish(&p);
	}
	cast = in->votes_for + in->votes_against + in->votes_abstain; /* each <= 100000 */
	if (present < 1)
		problem_add(&p, TD_ERULE,
			    "biên bản họp tổ phải ghi số thành viên dự họp, ít nhất 1 (R-APP-2)");
	else if (cast > present)
		problem_add(&p, TD_ERULE,
			    "%d phiếu (%d đồng ý, %d không đồng ý, %d không biểu quyết) nhiều hơn "
			    "%d thành viên dự họp (R-APP-2)",
			    cast, in->votes_for, in->votes_against, in->votes_abstain, present);
	if (members >= 0 && present > members)
		problem_add(&p, TD_ERULE,
			    "%d thành viên dự họp nhưng tổ chỉ có %lld hộ thành viên vào ngày họp "
			    "(R-APP-2)",
			    present, (long long)members);
	if (in->votes_for <= in->votes_against)
		problem_add(&p, TD_ERULE,
			    "tổ không đồng ý: %d đồng ý, %d không đồng ý; đề nghị vay cần số phiếu "
			    "đồng ý nhiều hơn không đồng ý (R-APP-2)",
			    in->votes_for, in->votes_against);
	return problems_finish(&p);
}

int application_vote(struct td_ctx *ctx, int64_t id, const struct application_vote *in,
		     struct td_error *err)
{
	assert(in);
	struct app_row r;
	int rc = step_begin(ctx, id, ACT_APPLICATION_PREPARE, STEP_APPLIED, "the group vote",
			    in->on, &r, err);
	if (rc != TD_OK)
		return rc;
	int64_t members = -1; /* a direct loan has no group */
	if (r.scope.group_id)
		rc = group_members_on(ctx, r.scope.group_id, in->on, &members, err);
	if (rc == TD_OK)
		rc = vote_check(in, members, err);
	if (rc == TD_OK)
		rc = org_exec(
			ctx->store, err,
			"UPDATE loan_application SET step = 'voted', vote_on = ?, "
			"vote_minutes_no = ?, vote_list_no = ?, vote_org_rep = ?, "
			"vote_village_head = ?, vote_members = ?, vote_present = ?, votes_for = ?, "
			"votes_against = ?, votes_abstain = ?, vote_by = ? WHERE id = ?",
			"dttttIiiiiti", in->on, in->minutes_no, in->list_no, in->org_rep,
			in->village_head, members < 0 ? 0 : members, (int64_t)in->members_present,
			(int64_t)in->votes_for, (int64_t)in->votes_against,
			(int64_t)in->votes_abstain, ctx->actor->username, id);
	char iso[TD_DATE_FMT_MAX];
	json_t *after = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:I, s:i, s:i, s:i, s:i}", "vote_on",
		date_format_iso(in->on, iso, sizeof iso), "minutes_no",
		in->minutes_no ? in->minutes_no : "", "list_no", in->list_no ? in->list_no : "",
		"org_rep", in->org_rep ? in->org_rep : "", "village_head",
		in->village_head ? in->village_head : "", "group_members", (json_int_t)members,
		"members_present", in->members_present, "votes_for", in->votes_for, "votes_against",
		in->votes_against, "votes_abstain", in->votes_abstain);
	return step_end(ctx, id, "vote", after, rc, err);
}

/* R-APP-3: the commune's document, every field named when missing. */
static int confirmation_check(const struct application_confirmation *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	app_text_check(&p, "doc_no (số văn bản xác nhận của UBND xã)", in->doc_no);
	app_text_check(&p, "signatory (người ký văn bản của UBND xã)", in->signatory);
	app_text_check(&p, "signatory_title (chức vụ người ký)", in->signatory_title);
	return problems_finish(&p);
}

int application_confirm(struct td_ctx *ctx, int64_t id, const struct application_confirmation *in,
			struct td_error *err)
{
	assert(in);
	struct app_row r;
	int rc = step_begin(ctx, id, ACT_APPLICATION_PREPARE, STEP_VOTED,
			    "the commune confirmation", in->on, &r, err);
	if (rc != TD_OK)
		return rc;
	rc = confirmation_check(in, err);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	struct programme_db p;
	enum hh_status status = HH_NONE;
	rc = programme_db_load_id(ctx, r.programme_id, r.in.applied_on, &p, err);
	if (rc == TD_OK) {
		rc = household_status_on(ctx, r.in.household_id, r.in.applied_on, &status, err);
		char iso[TD_DATE_FMT_MAX], ok[160];
		if (rc == TD_OK && !(p.p.statuses & HH_BIT(status)))
			rc = td_error_set(
				err, TD_ERULE,
				"household #%lld is '%s' (%s) on the poverty list on %s; "
				"programme %s lends only to: %s (R-APP-3, R-HH-4)",
				(long long)r.in.household_id, programme_status_name(status),
				programme_status_label(status),
				date_format_iso(r.in.applied_on, iso, sizeof iso), p.p.code,
				programme_db_status_text(p.p.statuses, ok, sizeof ok));
		programme_db_free(&p);
	}
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE loan_application SET step = 'confirmed', confirm_on = ?, "
			      "confirm_status = ?, confirm_by = ?, confirm_doc_no = ?, "
			      "confirm_signatory = ?, confirm_signatory_title = ? WHERE id = ?",
			      "dttttti", in->on, programme_status_name(status),
			      ctx->actor->username, in->doc_no, in->signatory, in->signatory_title,
			      id);
	char iso[TD_DATE_FMT_MAX];
	json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "confirm_on",
				  date_format_iso(in->on, iso, sizeof iso), "doc_no", in->doc_no,
				  "signatory", in->signatory, "signatory_title",
				  in->signatory_title, "status", programme_status_name(status),
				  "recorded_by", ctx->actor->username);
	return step_end(ctx, id, "confirm", after, rc, err);
}

int application_check(struct td_ctx *ctx, int64_t id, td_date on, bool *late, struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	if (a->role != ROLE_CREDIT_OFFICER)
		return td_error_set(
			err, TD_EFORBIDDEN,
			"the office check is done by a credit officer (cán bộ tín dụng); "
			"user '%s' is %s (R-APP-4)",
			a->username, role_name(a->role));
	struct app_row r;
	int rc = step_begin(ctx, id, ACT_APPLICATION_CHECK, STEP_CONFIRMED, "the office check", on,
			    &r, err);
	if (rc != TD_OK)
		return rc;
	int days = 0, allowed = 0;
	rc = calendar_working_days(ctx, r.confirm_on, on, &days, err);
	if (rc == TD_OK)
		rc = param_days(ctx, "application.check_days", r.confirm_on, &allowed, err);
	bool is_late = days > allowed;
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
		      "UPDATE loan_application SET step = 'checked', check_on = ?, check_late = ?, "
		      "check_user_id = ?, check_by = ? WHERE id = ?",
		      "diiti", on, (int64_t)is_late, a->user_id, a->username, id);
	if (late)
		*late = is_late;
	char iso[TD_DATE_FMT_MAX];
	json_t *after =
		json_pack("{s:s, s:i, s:b}", "check_on", date_format_iso(on, iso, sizeof iso),
			  "working_days", days, "late", is_late);
	return step_end(ctx, id, "check", after, rc, err);
}

/* The decider neither prepared nor checked the application. */
static int maker_checker(const struct td_actor *a, const struct app_row *r, struct td_error *err)
{
	if (a->user_id == r->prepared_by || a->user_id == r->check_user_id)
		return td_error_set(err, TD_EFORBIDDEN,
				    "user '%s' %s application #%lld and may not decide it: the "
				    "decision needs a second person (maker-checker, R-APP-4)",
				    a->username,
				    a->user_id == r->prepared_by ? "prepared" : "checked",
				    (long long)r->id);
	return TD_OK;
}

/* Approval judges again with the terms of the decision day, what the household owes then
 * and its status on the application date (R-PRG-1, R-HH-4). */
static int judge_again(struct td_ctx *ctx, const struct app_row *r, td_date on,
		       struct td_error *err)
{
	struct app_household h;
	struct programme_db p;
	struct elig_result res;
	enum hh_status status;
	int rc = app_household_load(ctx, r->in.household_id, r->in.applied_on, &h, err);
	if (rc == TD_OK)
		rc = programme_db_load_id(ctx, r->programme_id, on, &p, err);
	if (rc != TD_OK)
		return rc;
	rc = app_judge(ctx, &h, &p.p, &r->in, &res, &status, err);
	if (rc == TD_OK && !res.eligible)
		rc = app_not_eligible(&h, &p.p, r->in.applied_on, &res, err);
	programme_db_free(&p);
	return rc;
}

int application_decide(struct td_ctx *ctx, int64_t id, td_date on, bool approve, const char *reason,
		       struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	if (a->role != ROLE_DIRECTOR)
		return td_error_set(
			err, TD_EFORBIDDEN,
			"only a director (giám đốc) decides an application; user '%s' is "
			"%s (R-APP-4)",
			a->username, role_name(a->role));
	while (reason && (*reason == ' ' || *reason == '\t' || *reason == '\n'))
		reason++;
	if (!approve && (!reason || !*reason))
		return td_error_set(err, TD_EINVAL,
				    "a rejection needs a reason (lý do từ chối), for the 04/TD "
				    "notice (R-APP-4)");
	if (reason && strlen(reason) > APPLICATION_TEXT_MAX)
		return td_error_set(err, TD_EINVAL, "reason has %zu bytes, at most %d",
				    strlen(reason), APPLICATION_TEXT_MAX);
	struct app_row r;
	int rc = step_begin(ctx, id, ACT_APPLICATION_DECIDE, STEP_CHECKED, "the decision", on, &r,
			    err);
	if (rc != TD_OK)
		return rc;
	rc = maker_checker(ctx->actor, &r, err);
	if (rc == TD_OK && approve)
		rc = judge_again(ctx, &r, on, err);
	const char *step = approve ? "approved" : "rejected";
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE loan_application SET step = ?, decision_on = ?, "
			      "decision_reason = ?, decided_by = ? WHERE id = ?",
			      "tdtti", step, on, reason && *reason ? reason : NULL,
			      ctx->actor->username, id);
	char iso[TD_DATE_FMT_MAX];
	json_t *after = json_pack("{s:s, s:s, s:s?}", "decision", step, "decision_on",
				  date_format_iso(on, iso, sizeof iso), "reason",
				  reason && *reason ? reason : NULL);
	return step_end(ctx, id, approve ? "approve" : "reject", after, rc, err);
}

/* Reasons that come from the caps (R-PRG-1). */
static bool cap_reason(enum elig_code c)
{
	return c == ELIG_AMOUNT_OVER_CAP || c == ELIG_BORROWER_OVER_CAP || c == ELIG_JOBS_MISSING ||
	       c == ELIG_ESTIMATE_MISSING || c == ELIG_CONTRACT_VALUE_MISSING ||
	       c == ELIG_STUDY_MONTHS_MISSING || c == ELIG_CAP_NOT_APPLICABLE;
}

int application_cap_check(struct td_ctx *ctx, int64_t id, td_date on, td_money amount,
			  struct td_error *err)
{
	struct app_row r;
	struct app_household h;
	struct programme_db p;
	struct elig_result res;
	enum hh_status status;
	int rc = row_load(ctx, id, &r, err);
	if (rc == TD_OK)
		rc = app_household_load(ctx, r.in.household_id, r.in.applied_on, &h, err);
	if (rc == TD_OK)
		rc = programme_db_load_id(ctx, r.programme_id, on, &p, err);
	if (rc != TD_OK)
		return rc;
	r.in.amount = amount;
	rc = app_judge(ctx, &h, &p.p, &r.in, &res, &status, err);
	for (size_t i = 0; rc == TD_OK && i < res.count; i++)
		if (cap_reason(res.reasons[i].code)) {
			char d[TD_DATE_FMT_MAX];
			rc = td_error_set(err, TD_ERULE,
					  "không giải ngân được hồ sơ #%lld ngày %s (%s, R-PRG-1): "
					  "%s",
					  (long long)id, date_format_vn(on, d, sizeof d),
					  eligibility_code_name(res.reasons[i].code),
					  res.reasons[i].msg);
		}
	programme_db_free(&p);
	return rc;
}
