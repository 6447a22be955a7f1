/*
 * Disbursement (R-DIS-1): an approved application becomes a loan with its schedule, the
 * source is drawn down (R-CAP-1) and the ledger books Dr LOAN_IN_TERM / Cr CASH (R-GL-1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/application.h"
#include "bank/audit.h"
#include "bank/capital.h"
#include "bank/cash.h"
#include "bank/household.h"
#include "bank/ledger.h"
#include "bank/loan_internal.h"
#include "bank/org_util.h"
#include "bank/programme_db.h"

/* What disbursement needs of the application. */
struct loan_app {
	int64_t household_id, programme_id;
	struct td_scope scope;
	char step[16];
	td_money amount;
	int term_months, study_months;
	td_date decision_on;
	uint32_t flags; /* household's and the loan purpose's (R-RATE-1 reduced rates) */
	char ntp_tag[24];
	int resolution_11, jobs;
	char purpose[APPLICATION_TEXT_MAX + 1];
};

static int app_load(struct td_ctx *ctx, int64_t id, struct loan_app *a, struct td_error *err)
{
	memset(a, 0, sizeof *a);
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT a.household_id, a.programme_id, a.office_id, "
			     "coalesce(a.chapter_id, 0), coalesce(a.group_id, 0), a.step, a.amount, "
			     "a.term_months, a.study_months, a.decision_on, h.flags, a.purpose_flags, "
			     "a.ntp_tag, a.resolution_11, a.jobs, a.purpose FROM loan_application a "
			     "JOIN household h ON h.id = a.household_id WHERE a.id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		a->household_id = stmt_column_int64(st, 0);
		a->programme_id = stmt_column_int64(st, 1);
		a->scope = (struct td_scope){stmt_column_int64(st, 2), stmt_column_int64(st, 3),
					     stmt_column_int64(st, 4)};
		snprintf(a->step, sizeof a->step, "%s", stmt_column_text(st, 5));
		a->amount = stmt_column_int64(st, 6);
		a->term_months = (int)stmt_column_int64(st, 7);
		a->study_months = (int)stmt_column_int64(st, 8);
		a->decision_on = org_col_date(st, 9);
		uint32_t hh = 0, purpose = 0;
		rc = household_flags_parse(stmt_column_text(st, 10), &hh, err);
		if (rc == TD_OK)
			rc = programme_flags_parse(stmt_column_text(st, 11), &purpose, err);
		a->flags = hh | purpose;
		snprintf(a->ntp_tag, sizeof a->ntp_tag, "%s", stmt_column_text(st, 12));
		a->resolution_11 = (int)stmt_column_int64(st, 13);
		a->jobs = (int)stmt_column_int64(st, 14);
		snprintf(a->purpose, sizeof a->purpose, "%s", stmt_column_text(st, 15));
		rc = rc == TD_OK ? TD_ROW : rc;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "application %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc == TD_ROW ? TD_OK : rc;
}

static int input_check(const struct loan_disburse_input *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (in->application_id <= 0)
		problem_add(&p, TD_EINVAL, "application is required");
	if (in->source_id <= 0)
		problem_add(&p, TD_EINVAL, "source (nguồn vốn) is required");
	if (in->amount <= 0 || in->amount > TD_MONEY_MAX_INPUT)
		problem_add(&p, TD_EINVAL, "amount %lld đồng is outside 1..10^15",
			    (long long)in->amount);
	if (in->on == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "the disbursement date is required");
	if (in->interval_months < 0 || in->interval_months > SCHEDULE_INTERVAL_MAX)
		problem_add(&p, TD_EINVAL, "every %d months: at most %d (R-DIS-1)",
			    in->interval_months, SCHEDULE_INTERVAL_MAX);
	if (in->n_schedule > LOAN_SCHEDULE_MAX || (in->n_schedule > 0 && !in->schedule))
		problem_add(&p, TD_EINVAL, "schedule has %zu instalments, at most %d",
			    in->n_schedule, LOAN_SCHEDULE_MAX);
	return problems_finish(&p);
}

/* The application may be disbursed now: approved, not yet a loan, same amount, a date
 * between the decision and the business date. */
static int app_ready(struct td_ctx *ctx, const struct loan_disburse_input *in,
		     const struct loan_app *a, struct td_error *err)
{
	char d1[TD_DATE_FMT_MAX], d2[TD_DATE_FMT_MAX], m1[TD_MONEY_FMT_MAX], m2[TD_MONEY_FMT_MAX];
	if (strcmp(a->step, "approved") != 0)
		return td_error_set(err, TD_ECONFLICT,
				    "application %lld is '%s', not approved: only an approved "
				    "application is disbursed (R-DIS-1)",
				    (long long)in->application_id, a->step);
	int64_t loan = 0;
	int rc = org_query_int64(ctx->store, &loan, err,
				 "SELECT id FROM loan WHERE application_id = ?", "i",
				 in->application_id);
	if (rc == TD_OK)
		return td_error_set(err, TD_ECONFLICT,
				    "application %lld was disbursed already as loan %lld",
				    (long long)in->application_id, (long long)loan);
	if (rc != TD_ENOTFOUND)
		return rc;
	if (in->amount != a->amount)
		return td_error_set(err, TD_ERULE,
				    "amount %s đồng differs from the approved %s đồng (R-DIS-1)",
				    money_format(in->amount, m1, sizeof m1),
				    money_format(a->amount, m2, sizeof m2));
	if (in->on < a->decision_on || in->on > ctx->business_date)
		return td_error_set(err, TD_EINVAL,
				    "disbursement date %s must be between the decision (%s) and "
				    "the business date",
				    date_format_iso(in->on, d1, sizeof d1),
				    date_format_iso(a->decision_on, d2, sizeof d2));
	return TD_OK;
}

/* The schedule: built from the interval, or the agreed one if it passes schedule_check. */
static int schedule_make(const struct loan_disburse_input *in, const struct schedule_params *sp,
			 struct schedule_item **out, size_t *n, struct td_error *err)
{
	*out = NULL;
	if (in->n_schedule > 0) {
		struct schedule_check_result res;
		int rc = schedule_check(sp, in->schedule, in->n_schedule, &res, err);
		if (rc != TD_OK)
			return rc;
		if (res.total > 0) {
			char msg[TD_ERROR_MSG_MAX] = "";
			size_t len = 0;
			for (size_t k = 0; k < res.count && len < sizeof msg; k++)
				len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s",
							k ? "; " : "", res.problems[k].msg);
			return td_error_set(err, TD_ERULE, "schedule: %s", msg);
		}
		*out = malloc(in->n_schedule * sizeof **out);
		if (!*out)
			return td_error_set(err, TD_ENOMEM, "no memory for the schedule");
		memcpy(*out, in->schedule, in->n_schedule * sizeof **out);
		*n = in->n_schedule;
		return TD_OK;
	}
	size_t count = 0;
	int rc = schedule_count(sp, &count, err);
	if (rc != TD_OK)
		return rc;
	*out = calloc(count ? count : 1, sizeof **out);
	if (!*out)
		return td_error_set(err, TD_ENOMEM, "no memory for the schedule");
	return schedule_build(sp, *out, count, n, err);
}

static int rows_insert(struct td_ctx *ctx, const struct loan_disburse_input *in,
		       const struct loan_app *a, const struct programme_db *p, td_rate rate,
		       const struct schedule_params *sp, const struct schedule_item *items,
		       size_t n, int64_t entry, int64_t *id, struct td_error *err)
{
	td_date maturity = schedule_maturity(sp);
	char flags[160];
	programme_db_flags_text(a->flags, flags, sizeof flags);
	int rc = org_query_int64(
		ctx->store, id, err,
		"INSERT INTO loan (application_id, household_id, group_id, chapter_id, office_id, "
		"programme_code, source_id, amount, rate, overdue_pct, convention, disbursed_on, "
		"term_months, interval_months, grace_months, maturity, status, balance, "
		"interest_from, in_term_interest, overdue_interest, interest_paid, entry_id, "
		"ntp_tag, resolution_11, purpose, jobs, rate_from, rate_flags) VALUES (?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_term', ?, ?, 0, 0, 0, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		"iiIIitiiiitdiiididititidt", in->application_id, a->household_id,
		a->scope.group_id, a->scope.chapter_id, a->scope.office_id, p->p.code,
		in->source_id, in->amount, (int64_t)rate, (int64_t)p->p.overdue_pct,
		interest_convention_name(p->p.convention), in->on, (int64_t)sp->term_months,
		(int64_t)(in->n_schedule ? 0 : sp->interval_months), (int64_t)sp->grace_months,
		maturity, in->amount, in->on, entry, a->ntp_tag, (int64_t)a->resolution_11,
		a->purpose, (int64_t)a->jobs, in->on, flags);
	for (size_t k = 0; rc == TD_OK && k < n; k++)
		rc = org_exec(ctx->store, err,
			      "INSERT INTO loan_instalment (loan_id, position, due_on, principal, "
			      "paid_principal, status) VALUES (?, ?, ?, ?, 0, 'pending')",
			      "iidi", *id, (int64_t)(k + 1), items[k].due, items[k].principal);
	return rc;
}

/* Books the money out and records the loan; inside the transaction. */
static int disburse_tx(struct td_ctx *ctx, const struct loan_disburse_input *in, int64_t *id,
		       struct td_error *err)
{
	struct loan_app a;
	int rc = app_load(ctx, in->application_id, &a, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_LOAN_DISBURSE, &a.scope, err);
	if (rc == TD_OK)
		rc = app_ready(ctx, in, &a, err);
	if (rc != TD_OK)
		return rc;
	/* the caps again, with the terms of the disbursement day (R-PRG-1) */
	rc = application_cap_check(ctx, in->application_id, in->on, in->amount, err);
	struct programme_db p;
	if (rc == TD_OK)
		rc = programme_db_load_id(ctx, a.programme_id, in->on, &p, err);
	if (rc != TD_OK)
		return rc;
	td_rate rate = 0;
	struct schedule_item *items = NULL;
	size_t n = 0;
	struct schedule_params sp = {
		.disbursed = in->on,
		.amount = in->amount,
		.term_months = a.term_months,
		.interval_months = in->interval_months ? in->interval_months
						       : LOAN_INTERVAL_DEFAULT,
		.grace_months = programme_grace(&p.p, a.study_months),
	};
	rc = programme_rate_new_loan(&p.p, in->on, a.flags, &rate, err);
	if (rc == TD_OK)
		rc = schedule_make(in, &sp, &items, &n, err);
	if (rc == TD_OK)
		rc = capital_draw_check(ctx->store, in->source_id, a.scope.office_id, in->amount,
					err);
	char ref[64];
	snprintf(ref, sizeof ref, "application %lld", (long long)in->application_id);
	struct ledger_line lines[2] = {
		{"LOAN_IN_TERM", a.scope.office_id, p.p.code, in->source_id, in->amount, 0},
		{cash_account(ctx), a.scope.office_id, NULL, 0, 0, in->amount},
	};
	int64_t entry = 0;
	if (rc == TD_OK)
		rc = ledger_post(ctx, "disbursement", ref, lines, 2, &entry, err);
	if (rc == TD_OK)
		rc = rows_insert(ctx, in, &a, &p, rate, &sp, items, n, entry, id, err);
	free(items);
	programme_db_free(&p);
	return rc;
}

int loan_disburse(struct td_ctx *ctx, const struct loan_disburse_input *in, int64_t *loan_id,
		  struct td_error *err)
{
	int rc = input_check(in, err);
	if (rc != TD_OK)
		return rc;
	rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	int64_t id = 0;
	rc = disburse_tx(ctx, in, &id, err);
	if (rc == TD_OK) {
		char iso[TD_DATE_FMT_MAX], *text = NULL;
		json_t *after = json_pack("{s:I, s:I, s:I, s:s}", "application_id",
					  (json_int_t)in->application_id, "source_id",
					  (json_int_t)in->source_id, "amount", (json_int_t)in->amount,
					  "disbursed_on", date_format_iso(in->on, iso, sizeof iso));
		text = org_json_text(after);
		json_decref(after);
		rc = audit_record(ctx, "disburse", "loan", id, NULL, text, err);
		free(text);
	}
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	rc = bank_tx_commit(ctx, err);
	if (rc == TD_OK && loan_id)
		*loan_id = id;
	return rc;
}
