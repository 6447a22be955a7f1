/*
 * Changing a loan's repayment terms (R-EXT-1 extension, R-EXT-2 rollover and rescheduling).
 * The rules are credit/extension.h's; this file reads the loan, applies them and writes
 * the new schedule. Nothing is booked: the principal stays in LOAN_IN_TERM. An extension
 * rests on a loss assessment under the freeze share (credit/risk.h, R-EXT-1).
 */
#include <stdio.h>
#include <string.h>

#include "bank/household.h"
#include "bank/loan_event_internal.h"
#include "bank/org_util.h"
#include "bank/programme_db.h"

/* Terms change only on a loan in term: overdue principal is not extended (R-DUE-1) and a
 * frozen or finished loan has no schedule running. */
static int in_term_check(const struct loan_ev *e, const char *what, struct td_error *err)
{
	if (strcmp(e->r.status, "in_term") != 0)
		return td_error_set(err, TD_ECONFLICT, "loan %lld is %s: it cannot be %s",
				    (long long)e->r.id, e->r.status, what);
	return TD_OK;
}

static const char *approver_or_null(const struct loan_ev *e)
{
	return e->approver[0] ? e->approver : NULL;
}

static int extend_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	const struct loan_extend_input *in = arg;
	int rc = in_term_check(e, "extended", err);
	if (rc != TD_OK)
		return rc;
	if (in->instalment < 1 || (size_t)in->instalment > e->r.st.count)
		return td_error_set(err, TD_EINVAL, "loan %lld has %zu instalments, not %d",
				    (long long)e->r.id, e->r.st.count, in->instalment);
	size_t k = (size_t)in->instalment - 1;
	const struct loan_instalment *i = &e->r.st.inst[k];
	if (i->status == INST_PAID || i->status == INST_ROLLED)
		return td_error_set(err, TD_ECONFLICT, "instalment %d is %s: nothing to extend",
				    in->instalment, loan_status_name(i->status));
	struct ext_loan l;
	/* R-EXT-1: the objective difficulty is the loss assessment, under the freeze share */
	rc = loan_ev_assessment(e, in->assessment_id, RISK_DECISION_EXTEND, err);
	if (rc == TD_OK)
		rc = loan_ev_ext_loan(e, &l, err);
	if (rc != TD_OK)
		return rc;
	struct ext_extension req = {e->d->decided_on, i->due, in->months, e->d->reason,
				    approver_or_null(e)};
	struct ext_verdict v;
	td_date due = 0;
	ext_check_extension(&l, &req, &due, &v);
	rc = loan_ev_verdict(e, &v, err);
	if (rc != TD_OK)
		return rc;
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (k + 1 < e->r.st.count && due >= e->r.st.inst[k + 1].due)
		return td_error_set(
			err, TD_ERULE,
			"loan %lld: instalment %d extended to %s would reach instalment "
			"%zu due %s; reschedule the loan instead (điều chỉnh kỳ hạn)",
			(long long)e->r.id, in->instalment, date_format_vn(due, a, sizeof a), k + 2,
			date_format_vn(e->r.st.inst[k + 1].due, b, sizeof b));
	e->instalment = in->instalment;
	e->months = in->months;
	rc = org_exec(e->ctx->store, err,
		      "UPDATE loan_instalment SET due_on = ?, status = 'pending' WHERE loan_id = ? "
		      "AND position = ?",
		      "dii", due, e->r.id, (int64_t)in->instalment);
	if (rc == TD_OK && k + 1 == e->r.st.count) /* the last one: the maturity moves too */
		rc = org_exec(e->ctx->store, err, "UPDATE loan SET maturity = ? WHERE id = ?", "di",
			      due, e->r.id);
	return rc;
}

int loan_extend(struct td_ctx *ctx, const struct loan_extend_input *in, int64_t *event_id,
		struct td_error *err)
{
	return loan_event_run(ctx, in->loan_id, "extend", false, &in->d, extend_apply, in, event_id,
			      err);
}

/* The rate a new loan of this programme would get on `on`, for this borrower (the flags
 * its rate was fixed with; R-RATE-1, R-EXT-2 "at the rate in force then"). */
static int rollover_rate(struct loan_ev *e, td_date on, td_rate *rate, struct td_error *err)
{
	struct programme_db p;
	int rc = programme_db_load(e->ctx, e->r.programme, on, &p, err);
	if (rc != TD_OK)
		return rc;
	rc = programme_rate_new_loan(&p.p, on, e->r.rate_flags, rate, err);
	programme_db_free(&p);
	return rc;
}

static int rollover_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	const struct loan_rollover_input *in = arg;
	int rc = in_term_check(e, "rolled over", err);
	struct ext_loan l;
	td_rate rate = 0;
	if (rc == TD_OK)
		rc = loan_ev_ext_loan(e, &l, err);
	if (rc == TD_OK)
		rc = rollover_rate(e, e->d->decided_on, &rate, err);
	if (rc != TD_OK)
		return rc;
	l.seasonal = in->seasonal;
	struct ext_rollover req = {e->d->decided_on, in->months, rate, e->d->reason,
				   approver_or_null(e)};
	struct ext_cycle cycle = {0};
	struct ext_verdict v;
	ext_check_rollover(&l, &req, &cycle, &v);
	rc = loan_ev_verdict(e, &v, err);
	if (rc == TD_OK) /* the days so far at the old rate */
		rc = loan_ev_settle(e, e->d->decided_on, err);
	struct ext_instalment one = {cycle.maturity, cycle.balance};
	if (rc == TD_OK)
		rc = loan_ev_schedule_replace(e, &one, 1, err);
	if (rc == TD_OK)
		rc = org_exec(e->ctx->store, err,
			      "UPDATE loan SET rate = ?, rate_from = ?, maturity = ? WHERE id = ?",
			      "iddi", cycle.rate, e->d->decided_on, cycle.maturity, e->r.id);
	e->months = in->months;
	e->extra = json_pack("{s:b, s:I}", "seasonal", in->seasonal, "previous_rate",
			     (json_int_t)e->r.rate);
	return rc;
}

int loan_rollover(struct td_ctx *ctx, const struct loan_rollover_input *in, int64_t *event_id,
		  struct td_error *err)
{
	return loan_event_run(ctx, in->loan_id, "rollover", false, &in->d, rollover_apply, in,
			      event_id, err);
}

static int reschedule_apply(struct loan_ev *e, const void *arg, struct td_error *err)
{
	const struct loan_reschedule_input *in = arg;
	int rc = in_term_check(e, "rescheduled", err);
	if (rc != TD_OK)
		return rc;
	if (in->n > LOAN_SCHEDULE_MAX)
		return td_error_set(err, TD_ETOOBIG, "%zu instalments: at most %d", in->n,
				    LOAN_SCHEDULE_MAX);
	struct ext_loan l;
	rc = loan_ev_ext_loan(e, &l, err);
	if (rc != TD_OK)
		return rc;
	struct ext_reschedule req = {e->d->decided_on, in->plan, in->n, e->d->reason,
				     approver_or_null(e)};
	struct ext_verdict v;
	ext_check_reschedule(&l, &req, &v);
	rc = loan_ev_verdict(e, &v, err);
	if (rc == TD_OK)
		rc = loan_ev_schedule_replace(e, in->plan, in->n, err);
	return rc;
}

int loan_reschedule(struct td_ctx *ctx, const struct loan_reschedule_input *in, int64_t *event_id,
		    struct td_error *err)
{
	if (in->n > 0 && !in->plan)
		return td_error_set(err, TD_EINVAL, "the new instalments are missing");
	return loan_event_run(ctx, in->loan_id, "reschedule", false, &in->d, reschedule_apply, in,
			      event_id, err);
}
