/*
 * A loan read back from the database into credit/loan.h's state, and the interest it has
 * accrued since it was last settled (R-INT-1, R-RATE-2).
 */
#include <stdlib.h>
#include <string.h>

#include "bank/loan_internal.h"
#include "bank/org_util.h"

int loan_inst_status_parse(const char *s, enum instalment_status *out)
{
	for (int k = 0; k < INST_STATUS_COUNT; k++)
		if (strcmp(s, loan_status_name((enum instalment_status)k)) == 0) {
			*out = (enum instalment_status)k;
			return TD_OK;
		}
	return TD_EINVAL;
}

static int head_load(struct td_store *s, int64_t id, struct loan_row *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT application_id, household_id, office_id, "
			     "coalesce(chapter_id, 0), coalesce(group_id, 0), source_id, "
			     "programme_code, status, rate, overdue_pct, convention, disbursed_on, "
			     "interest_from, balance, interest_paid, amount, in_term_interest, "
			     "overdue_interest, frozen_interest, rate_from, rate_flags FROM loan "
			     "WHERE id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		r->id = id;
		r->application_id = stmt_column_int64(st, 0);
		r->household_id = stmt_column_int64(st, 1);
		r->office_id = stmt_column_int64(st, 2);
		r->chapter_id = stmt_column_int64(st, 3);
		r->group_id = stmt_column_int64(st, 4);
		r->source_id = stmt_column_int64(st, 5);
		snprintf(r->programme, sizeof r->programme, "%s", stmt_column_text(st, 6));
		snprintf(r->status, sizeof r->status, "%s", stmt_column_text(st, 7));
		r->rate = stmt_column_int64(st, 8);
		r->overdue_pct = (int)stmt_column_int64(st, 9);
		rc = interest_convention_parse(stmt_column_text(st, 10), &r->conv, err);
		r->disbursed = org_col_date(st, 11);
		r->interest_from = org_col_date(st, 12);
		r->balance = stmt_column_int64(st, 13);
		r->interest_paid = stmt_column_int64(st, 14);
		r->st.disbursed = r->disbursed;
		r->st.amount = stmt_column_int64(st, 15);
		r->st.in_term_interest = stmt_column_int64(st, 16);
		r->st.overdue_interest = stmt_column_int64(st, 17);
		r->st.frozen_interest = stmt_column_int64(st, 18);
		r->rate_from = org_col_date(st, 19);
		if (rc == TD_OK)
			rc = programme_flags_parse(stmt_column_text(st, 20), &r->rate_flags, err);
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "loan %lld does not exist", (long long)id);
	}
	stmt_finalize(st);
	return rc == TD_ROW ? TD_OK : rc;
}

static int inst_load(struct td_store *s, struct loan_row *r, struct td_error *err)
{
	int64_t n = 0;
	int rc = org_query_int64(s, &n, err, "SELECT count(*) FROM loan_instalment WHERE loan_id = ?",
				 "i", r->id);
	if (rc != TD_OK)
		return rc;
	if (n < 1 || n > LOAN_SCHEDULE_MAX)
		return td_error_set(err, TD_EINTERNAL, "loan %lld has %lld instalments",
				    (long long)r->id, (long long)n);
	r->st.inst = calloc((size_t)n, sizeof *r->st.inst);
	if (!r->st.inst)
		return td_error_set(err, TD_ENOMEM, "no memory for %lld instalments", (long long)n);
	r->st.cap = (size_t)n;
	struct td_stmt *st = NULL;
	rc = org_prepare(s, &st, err,
			 "SELECT due_on, principal, paid_principal, status, frozen FROM "
			 "loan_instalment WHERE loan_id = ? ORDER BY position",
			 "i", r->id);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW && r->st.count < r->st.cap) {
		struct loan_instalment *i = &r->st.inst[r->st.count++];
		i->due = org_col_date(st, 0);
		i->extended_to = LOAN_DATE_NONE;
		i->principal = stmt_column_int64(st, 1);
		i->paid = stmt_column_int64(st, 2);
		i->frozen = stmt_column_int64(st, 4);
		if (loan_inst_status_parse(stmt_column_text(st, 3), &i->status) != TD_OK)
			rc = td_error_set(err, TD_EINTERNAL, "loan %lld: instalment status '%s'",
					  (long long)r->id, stmt_column_text(st, 3));
		rc = rc == TD_ROW ? TD_OK : rc;
	}
	stmt_finalize(st);
	if (rc == TD_DONE || rc == TD_ROW)
		rc = TD_OK;
	return rc == TD_OK ? loan_check(&r->st, err) : rc;
}

int loan_row_load(struct td_store *s, int64_t id, struct loan_row *r, struct td_error *err)
{
	memset(r, 0, sizeof *r);
	int rc = head_load(s, id, r, err);
	if (rc == TD_OK)
		rc = inst_load(s, r, err);
	if (rc == TD_OK && !(r->rate_rows = malloc(sizeof *r->rate_rows)))
		rc = td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK)
		rc = loan_rate_rows_load(s, r->programme, r->rate_rows, err);
	if (rc != TD_OK)
		loan_row_free(r);
	return rc;
}

void loan_row_free(struct loan_row *r)
{
	free(r->st.inst);
	free(r->rate_rows);
	r->st.inst = NULL;
	r->rate_rows = NULL;
	r->st.count = r->st.cap = 0;
}

struct loan_rates loan_row_rates(const struct loan_row *r)
{
	return (struct loan_rates){r->rate, r->rate_from, r->rate_flags, r->rate_rows};
}

struct td_scope loan_row_scope(const struct loan_row *r)
{
	return (struct td_scope){r->office_id, r->chapter_id, r->group_id};
}

int loan_accrue(const struct loan_row *r, td_date on, td_money *in_term, td_money *overdue,
		struct td_error *err)
{
	*in_term = *overdue = 0;
	if (on < r->interest_from) {
		char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
		return td_error_set(err, TD_ERULE,
				    "loan %lld: interest is settled up to %s; %s is before it",
				    (long long)r->id, date_format_iso(r->interest_from, a, sizeof a),
				    date_format_iso(on, b, sizeof b));
	}
	if (strcmp(r->status, "closed") == 0 || strcmp(r->status, "written_off") == 0)
		return TD_OK;
	td_money p_in = 0, p_od = 0;
	loan_active_split(&r->st, &p_in, &p_od); /* khoanh nợ bears no interest (R-RISK-1) */
	struct loan_rates lr = loan_row_rates(r);
	return loan_interest(&lr, p_in, p_od, r->interest_from, on, r->conv, r->overdue_pct,
			     in_term, overdue, err);
}

void loan_active_split(const struct loan_state *st, td_money *in_term, td_money *overdue)
{
	*in_term = *overdue = 0;
	for (size_t k = 0; k < st->count; k++) {
		const struct loan_instalment *i = &st->inst[k];
		if (i->status == INST_OVERDUE)
			*overdue += loan_instalment_active(i);
		else
			*in_term += loan_instalment_active(i);
	}
}

const char *loan_open_status(const struct loan_state *st)
{
	td_money in = 0, od = 0, frozen = 0;
	loan_active_split(st, &in, &od);
	for (size_t k = 0; k < st->count; k++)
		frozen += st->inst[k].frozen;
	return od > 0 ? "overdue" : in == 0 && frozen > 0 ? "frozen" : "in_term";
}

int loan_read_check(struct td_ctx *ctx, int64_t id, struct td_error *err)
{
	struct loan_row r;
	int rc = loan_row_load(ctx->store, id, &r, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = loan_row_scope(&r);
	loan_row_free(&r);
	return access_check(ctx, ACT_READ, &scope, err);
}

int loan_items_json(struct td_stmt *st, int rc, json_t *(*row)(struct td_stmt *st), json_t **out,
		    struct td_error *err)
{
	json_t *items = json_array();
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(items, row(st));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return TD_OK;
}
