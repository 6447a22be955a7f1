/*
 * Reversing a repayment (R-SES-1: a closed session is immutable, corrections are new
 * entries; R-GL-1: a mistake is reversed by a mirror entry). The repayment row stays; a
 * loan_repayment_reversal row names it, the ledger gets the mirror of its entry, the loan
 * gets back exactly the state it had before (loan_repayment.before_json), and savings that
 * paid it are given back (R-SAV-1), all in one transaction.
 *
 * Safe only while the repayment is the loan's latest movement, and proven so: no later
 * repayment stands, no decision (loan_event) came after it, and the loan's present state is
 * exactly the one the repayment left (after_json), so that end-of-day transitions
 * (instalments due, overdue, rolled; interest settled) and any other change show up. Then
 * putting before_json back undoes the repayment and nothing else, and the mirror entry
 * moves the loan accounts by what the restored instalments move: R-GL-2 holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/ledger.h"
#include "bank/loan_internal.h"
#include "bank/org_util.h"
#include "bank/savings.h"

#define REASON_MAX 500

/* A repayment as reversal needs it; before and after are owned (NULL when not recorded). */
struct rep_row {
	int64_t id, loan_id, entry_id, savings_txn_id;
	td_date paid_on;
	td_money interest, principal;
	char *before, *after;
};

static void rep_row_free(struct rep_row *p)
{
	free(p->before);
	free(p->after);
	p->before = p->after = NULL;
}

static char *dup_text(struct td_stmt *st, int col)
{
	const char *v = stmt_column_text(st, col);
	return v ? strdup(v) : NULL;
}

static int rep_load(struct td_store *s, int64_t id, struct rep_row *p, struct td_error *err)
{
	memset(p, 0, sizeof *p);
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT loan_id, paid_on, overdue_interest + in_term_interest, "
			     "overdue_principal + due_principal + prepaid_principal, entry_id, "
			     "coalesce(savings_txn_id, 0), before_json, after_json "
			     "FROM loan_repayment WHERE id = ?",
			     "i", id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*p = (struct rep_row){.id = id,
				      .loan_id = stmt_column_int64(st, 0),
				      .paid_on = org_col_date(st, 1),
				      .interest = stmt_column_int64(st, 2),
				      .principal = stmt_column_int64(st, 3),
				      .entry_id = stmt_column_int64(st, 4),
				      .savings_txn_id = stmt_column_int64(st, 5),
				      .before = dup_text(st, 6),
				      .after = dup_text(st, 7)};
		rc = TD_OK;
		if ((!stmt_column_is_null(st, 6) && !p->before) ||
		    (!stmt_column_is_null(st, 7) && !p->after))
			rc = td_error_set(err, TD_ENOMEM, "no memory for repayment %lld",
					  (long long)id);
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "repayment %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

/* A repayment is reversed once: a second reversal is refused naming when and by whom. A
 * retry of the same request under its idempotency key never gets here: the one mechanism
 * (bank/idempotency.h) answers it with the first reversal. */
static int reversal_found(struct td_ctx *ctx, const struct rep_row *p, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT id, business_date, username, reason "
			     "FROM loan_repayment_reversal WHERE repayment_id = ?",
			     "i", p->id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW)
		rc = td_error_set(err, TD_ECONFLICT,
				  "repayment %lld was reversed already on %s by %s (reversal "
				  "%lld: %s); a reversal is not reversed again: if the money "
				  "was paid after all, take it as a new repayment",
				  (long long)p->id, stmt_column_text(st, 1), stmt_column_text(st, 2),
				  (long long)stmt_column_int64(st, 0), stmt_column_text(st, 3));
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* A later repayment that stands (not reversed): reverse the latest first. */
static int later_repayment(struct td_store *s, const struct rep_row *p, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT r.id, r.paid_on FROM loan_repayment r WHERE r.loan_id = ? AND "
			     "r.id > ? AND NOT EXISTS (SELECT 1 FROM loan_repayment_reversal v "
			     "WHERE v.repayment_id = r.id) ORDER BY r.id DESC",
			     "ii", p->loan_id, p->id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW)
		rc = td_error_set(err, TD_ECONFLICT,
				  "repayment %lld is not the latest movement of loan %lld: "
				  "repayment %lld (paid on %s) came after it; reverse repayments "
				  "latest first",
				  (long long)p->id, (long long)p->loan_id,
				  (long long)stmt_column_int64(st, 0), stmt_column_text(st, 1));
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* A decision on the loan after the repayment (R-EXT-1, R-EXT-2, R-RISK-1): it was taken
 * on the loan as the repayment left it. */
static int later_event(struct td_store *s, const struct rep_row *p, json_t *before,
		       struct td_error *err)
{
	json_t *last = json_object_get(before, "last_event");
	if (!json_is_integer(last))
		return td_error_set(err, TD_EINTERNAL,
				    "repayment %lld: before_json has no last_event",
				    (long long)p->id);
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT id, kind, decision_no, decided_on FROM loan_event WHERE "
			     "loan_id = ? AND id > ? ORDER BY id",
			     "ii", p->loan_id, (int64_t)json_integer_value(last));
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW)
		rc = td_error_set(
			err, TD_ECONFLICT,
			"loan %lld has decision %lld (%s %s of %s) after repayment "
			"%lld: a repayment is reversed only while it is the loan's latest "
			"movement; correct it with new movements instead",
			(long long)p->loan_id, (long long)stmt_column_int64(st, 0),
			stmt_column_text(st, 1), stmt_column_text(st, 2), stmt_column_text(st, 3),
			(long long)p->id);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* "what is x now, y after the repayment" for the first of a and b that differ. A frozen
 * amount (an instalment's fifth element, "frozen_interest") is left out of a state when 0
 * (loan_undo.c): with `frozen`, absent reads as 0. */
static bool differs(json_t *a, json_t *b, bool frozen, const char *what, char *buf, size_t size)
{
	if (frozen ? json_integer_value(a) == json_integer_value(b) : json_equal(a, b))
		return false;
	char *x = a ? json_dumps(a, JSON_ENCODE_ANY) : strdup("0");
	char *y = b ? json_dumps(b, JSON_ENCODE_ANY) : strdup("0");
	snprintf(buf, size, "%s is %s now, %s after the repayment", what, y ? y : "?", x ? x : "?");
	free(x);
	free(y);
	return true;
}

/* The first difference between the state the repayment left (then) and now, in words:
 * an instalment first (what end of day changes), then the loan's head. */
static void describe_change(json_t *then, json_t *now, char *buf, size_t size)
{
	static const char *const parts[] = {"due date", "principal", "paid principal", "status",
					    "frozen principal"};
	static const char *const keys[] = {"status",
					   "interest_from",
					   "closed_on",
					   "balance",
					   "in_term_interest",
					   "overdue_interest",
					   "frozen_interest",
					   "interest_paid",
					   "rate",
					   "instalments",
					   NULL};
	json_t *ia = json_object_get(then, "instalments"),
	       *ib = json_object_get(now, "instalments");
	char what[48];
	for (size_t k = 0; k < json_array_size(ia) && k < json_array_size(ib); k++)
		for (size_t f = 0; f < 5; f++) {
			snprintf(what, sizeof what, "instalment %zu: %s", k + 1, parts[f]);
			if (differs(json_array_get(json_array_get(ia, k), f),
				    json_array_get(json_array_get(ib, k), f), f == 4, what, buf,
				    size))
				return;
		}
	for (int k = 0; keys[k]; k++)
		if (differs(json_object_get(then, keys[k]), json_object_get(now, keys[k]),
			    strcmp(keys[k], "frozen_interest") == 0, keys[k], buf, size))
			return;
	snprintf(buf, size, "its state");
}

/* The loan as it stands, in loan_undo_text's form (without last_event). */
static int state_now(struct td_store *s, const struct loan_row *r, char **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, "SELECT closed_on FROM loan WHERE id = ?", "i", r->id);
	td_date closed = ORG_NO_DATE;
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		closed = org_col_date(st, 0);
	stmt_finalize(st);
	if (rc != TD_ROW)
		return rc == TD_DONE ? td_error_set(err, TD_EINTERNAL, "loan %lld vanished",
						    (long long)r->id)
				     : rc;
	*out = loan_undo_text(r, closed, -1);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "no memory for the loan state");
}

/* Nothing changed the loan since the repayment: its state now is the one it left. */
static int unchanged_since(struct td_store *s, const struct rep_row *p, const struct loan_row *r,
			   struct td_error *err)
{
	char *now = NULL;
	int rc = state_now(s, r, &now, err);
	if (rc != TD_OK || strcmp(now, p->after) == 0) {
		free(now);
		return rc;
	}
	json_t *a = json_loads(p->after, 0, NULL), *b = json_loads(now, 0, NULL);
	char what[256];
	describe_change(a, b, what, sizeof what);
	json_decref(a);
	json_decref(b);
	free(now);
	return td_error_set(err, TD_ECONFLICT,
			    "loan %lld changed after repayment %lld (%s): end-of-day processing "
			    "or a decision came after it, and a repayment is reversed only while "
			    "it is the loan's latest movement; correct it with new movements "
			    "instead",
			    (long long)r->id, (long long)p->id, what);
}

/* The instalment k of a state: [due, principal, paid, status]. */
static json_t *inst_of(json_t *state, size_t k)
{
	return json_array_get(json_object_get(state, "instalments"), k);
}

static td_money num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* before and after differ only as the repayment's allocation says: the same schedule,
 * paid principal up by its principal parts, interest paid up by its interest. Both were
 * written by loan_repay; a difference means a damaged row, not a user's mistake. */
static int states_agree(const struct rep_row *p, json_t *before, json_t *after, size_t count,
			struct td_error *err)
{
	td_money paid = 0;
	bool same = json_array_size(json_object_get(before, "instalments")) == count &&
		    json_array_size(json_object_get(after, "instalments")) == count;
	for (size_t k = 0; same && k < count; k++) {
		json_t *b = inst_of(before, k), *a = inst_of(after, k);
		same = json_equal(json_array_get(b, 0), json_array_get(a, 0)) &&
		       json_equal(json_array_get(b, 1), json_array_get(a, 1));
		paid += json_integer_value(json_array_get(a, 2)) -
			json_integer_value(json_array_get(b, 2));
	}
	if (same && paid == p->principal &&
	    num(after, "interest_paid") - num(before, "interest_paid") == p->interest &&
	    num(before, "balance") - num(after, "balance") == p->principal)
		return TD_OK;
	return td_error_set(err, TD_EINTERNAL,
			    "repayment %lld: its recorded loan states do not match its allocation",
			    (long long)p->id);
}

/* Puts the instalments and the loan's head back as before the repayment. */
static int restore(struct td_ctx *ctx, const struct loan_row *r, json_t *before, json_t *after,
		   struct td_error *err)
{
	int rc = TD_OK;
	for (size_t k = 0; rc == TD_OK && k < r->st.count; k++) {
		json_t *b = inst_of(before, k);
		if (json_equal(b, inst_of(after, k)))
			continue;
		rc = org_exec(
			ctx->store, err,
			"UPDATE loan_instalment SET paid_principal = ?, status = ?, frozen = ? "
			"WHERE loan_id = ? AND position = ?",
			"itiii", (int64_t)json_integer_value(json_array_get(b, 2)),
			json_string_value(json_array_get(b, 3)),
			(int64_t)json_integer_value(json_array_get(b, 4)), r->id, (int64_t)(k + 1));
	}
	/* inactive_check_on = today: what is owed changed, so the next end of day judges
	 * R-INACT-1 again (docs/eod.md), as after a repayment */
	if (rc == TD_OK)
		rc = org_exec(
			ctx->store, err,
			"UPDATE loan SET status = ?, balance = ?, interest_from = ?, "
			"in_term_interest = ?, overdue_interest = ?, frozen_interest = ?, "
			"interest_paid = ?, closed_on = NULL, inactive_check_on = ? WHERE id = ?",
			"titiiiidi", json_string_value(json_object_get(before, "status")),
			num(before, "balance"),
			json_string_value(json_object_get(before, "interest_from")),
			num(before, "in_term_interest"), num(before, "overdue_interest"),
			num(before, "frozen_interest"), num(before, "interest_paid"),
			ctx->business_date, r->id);
	return rc;
}

/* Postcondition: the loan now reads exactly as before_json (less last_event). */
static int restored_exactly(struct td_store *s, int64_t loan_id, json_t *before,
			    struct td_error *err)
{
	struct loan_row r;
	int rc = loan_row_load(s, loan_id, &r, err);
	if (rc != TD_OK)
		return rc;
	char *now = NULL;
	rc = state_now(s, &r, &now, err);
	loan_row_free(&r);
	json_t *want = json_deep_copy(before);
	json_object_del(want, "last_event");
	char *text = json_dumps(want, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(want);
	if (rc == TD_OK && (!text || strcmp(text, now) != 0))
		rc = td_error_set(err, TD_EINTERNAL,
				  "loan %lld: the restored state differs from the one before the "
				  "repayment",
				  (long long)loan_id);
	free(text);
	free(now);
	return rc;
}

struct reversal {
	int64_t id, entry, savings_txn;
};

/* The mirror entry, the savings given back, the reversal row and its audit record. */
static int book(struct td_ctx *ctx, const struct rep_row *p, const char *reason, struct reversal *v,
		struct td_error *err)
{
	int rc = ledger_reverse(ctx, p->entry_id, reason, &v->entry, err);
	if (rc == TD_OK && p->savings_txn_id) /* R-SAV-1: back to the account, same entry */
		rc = savings_payment_reverse(ctx, p->savings_txn_id, reason, v->entry,
					     &v->savings_txn, err);
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &v->id, err,
				     "INSERT INTO loan_repayment_reversal (repayment_id, loan_id, "
				     "reason, entry_id, savings_txn_id, business_date, user_id, "
				     "username, idem_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
				     "RETURNING id",
				     "iitiIditt", p->id, p->loan_id, reason, v->entry,
				     v->savings_txn, ctx->business_date, ctx->actor->user_id,
				     ctx->actor->username, ctx->idem_key);
	if (rc != TD_OK)
		return rc;
	json_t *state = json_loads(p->before, 0, NULL);
	json_t *after =
		json_pack("{s:I, s:I, s:s, s:I, s:o*, s:o*}", "reversal_id", (json_int_t)v->id,
			  "repayment_id", (json_int_t)p->id, "reason", reason, "entry_id",
			  (json_int_t)v->entry, "savings_txn_id",
			  v->savings_txn ? json_integer(v->savings_txn) : NULL, "loan", state);
	char *text = org_json_text(after);
	json_decref(after);
	rc = text ? audit_record(ctx, "reverse_repayment", "loan", p->loan_id, p->after, text, err)
		  : td_error_set(err, TD_ENOMEM, "no memory for the audit record");
	free(text);
	return rc;
}

/* Everything after the repayment and its loan are loaded and the actor may act. */
static int reverse_tx(struct td_ctx *ctx, const struct rep_row *p, const struct loan_row *r,
		      const char *reason, struct reversal *v, struct td_error *err)
{
	int rc = reversal_found(ctx, p, err);
	if (rc != TD_OK)
		return rc;
	if (!p->before || !p->after)
		return td_error_set(err, TD_ECONFLICT,
				    "repayment %lld was booked before tindung recorded what a "
				    "repayment changes (migration 0018), so it cannot be undone "
				    "exactly; correct it with new movements instead",
				    (long long)p->id);
	json_t *before = json_loads(p->before, 0, NULL), *after = json_loads(p->after, 0, NULL);
	if (!before || !after)
		rc = td_error_set(err, TD_EINTERNAL, "repayment %lld: its loan states are not JSON",
				  (long long)p->id);
	if (rc == TD_OK)
		rc = later_repayment(ctx->store, p, err);
	if (rc == TD_OK)
		rc = later_event(ctx->store, p, before, err);
	if (rc == TD_OK)
		rc = unchanged_since(ctx->store, p, r, err);
	if (rc == TD_OK)
		rc = states_agree(p, before, after, r->st.count, err);
	if (rc == TD_OK)
		rc = restore(ctx, r, before, after, err);
	if (rc == TD_OK)
		rc = restored_exactly(ctx->store, r->id, before, err);
	if (rc == TD_OK)
		rc = book(ctx, p, reason, v, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int input_check(int64_t repayment_id, const char *reason, struct td_error *err)
{
	struct org_problems pr;
	problems_init(&pr, err);
	if (repayment_id <= 0)
		problem_add(&pr, TD_EINVAL, "repayment %lld: ids start at 1",
			    (long long)repayment_id);
	size_t n = reason ? strlen(reason) : 0;
	if (n == 0 || strspn(reason, " \t\r\n") == n)
		problem_add(&pr, TD_EINVAL, "a reversal needs a reason (lý do): what was wrong");
	else if (n > REASON_MAX)
		problem_add(&pr, TD_EINVAL, "the reason has %zu bytes, at most %d", n, REASON_MAX);
	return problems_finish(&pr);
}

int loan_repay_reverse(struct td_ctx *ctx, int64_t repayment_id, const char *reason,
		       int64_t *reversal_id, struct td_error *err)
{
	int rc = input_check(repayment_id, reason, err);
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct rep_row p;
	struct loan_row r = {0};
	struct reversal v = {0};
	rc = rep_load(ctx->store, repayment_id, &p, err);
	if (rc == TD_OK)
		rc = loan_row_load(ctx->store, p.loan_id, &r, err);
	if (rc == TD_OK) {
		struct td_scope scope = loan_row_scope(&r);
		rc = access_check(ctx, ACT_LOAN_RESTRUCTURE, &scope, err);
	}
	if (rc == TD_OK)
		rc = reverse_tx(ctx, &p, &r, reason, &v, err);
	loan_row_free(&r);
	rep_row_free(&p);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc == TD_OK && reversal_id)
		*reversal_id = v.id;
	return rc;
}
