/*
 * The part of a loan's state that a repayment changes (R-PAY-1) and its reversal puts back
 * (R-GL-1, loan_reverse.c), as canonical JSON: keys sorted, integers only, so that two
 * states are equal exactly when their texts are. Due dates, principals and the rate are
 * in it although a repayment never changes them: a decision (extension, rescheduling,
 * rollover) or due processing that changed them afterwards shows as a difference. Frozen
 * debt (R-RISK-1, migration 0020) is written only when there is some (an instalment's fifth
 * element, the loan's "frozen_interest"), so that states recorded before it still compare
 * equal.
 */
#include <stdlib.h>

#include "bank/loan_internal.h"
#include "bank/org_util.h"

char *loan_undo_text(const struct loan_row *r, td_date closed_on, int64_t last_event)
{
	json_t *inst = json_array();
	for (size_t k = 0; inst && k < r->st.count; k++) {
		const struct loan_instalment *i = &r->st.inst[k];
		char due[TD_DATE_FMT_MAX];
		json_t *row = json_pack("[s, I, I, s]", date_format_iso(i->due, due, sizeof due),
					(json_int_t)i->principal, (json_int_t)i->paid,
					loan_status_name(i->status));
		if (row && i->frozen > 0 &&
		    json_array_append_new(row, json_integer(i->frozen)) != 0) {
			json_decref(row);
			row = NULL;
		}
		if (!row || json_array_append_new(inst, row) != 0) {
			json_decref(inst);
			inst = NULL;
		}
	}
	char from[TD_DATE_FMT_MAX], closed[TD_DATE_FMT_MAX];
	json_t *j = json_pack("{s:s, s:s, s:s?, s:I, s:I, s:I, s:I, s:I, s:o}", "status", r->status,
			      "interest_from", date_format_iso(r->interest_from, from, sizeof from),
			      "closed_on", org_iso(closed_on, closed), "in_term_interest",
			      (json_int_t)r->st.in_term_interest, "overdue_interest",
			      (json_int_t)r->st.overdue_interest, "interest_paid",
			      (json_int_t)r->interest_paid, "balance", (json_int_t)r->balance,
			      "rate", (json_int_t)r->rate, "instalments", inst);
	if (j && r->st.frozen_interest > 0 &&
	    json_object_set_new(j, "frozen_interest", json_integer(r->st.frozen_interest)) != 0) {
		json_decref(j);
		j = NULL;
	}
	if (j && last_event >= 0 &&
	    json_object_set_new(j, "last_event", json_integer(last_event)) != 0) {
		json_decref(j);
		j = NULL;
	}
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return text;
}

int loan_undo_before(struct td_store *s, const struct loan_row *r, char **out, struct td_error *err)
{
	int64_t last = 0;
	int rc = org_query_int64(s, &last, err,
				 "SELECT coalesce(max(id), 0) FROM loan_event WHERE loan_id = ?",
				 "i", r->id);
	if (rc != TD_OK)
		return rc;
	/* a loan being repaid is open, so it has no closing date */
	*out = loan_undo_text(r, ORG_NO_DATE, last);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "no memory for the loan state");
}
