/* Due processing: due, overdue, roll-forward, inactive flag (R-DUE-1, R-DUE-2, R-INACT-1). */
#include "credit/due.h"

#include <assert.h>

static const char *const kind_names[DUE_KIND_COUNT] = {
	[DUE_BECAME_DUE] = "became_due",
	[DUE_BECAME_OVERDUE] = "became_overdue",
	[DUE_ROLLED] = "rolled",
	[DUE_INACTIVE_FLAGGED] = "inactive_flagged",
	[DUE_INACTIVE_CLEARED] = "inactive_cleared",
};

const char *due_kind_name(enum due_kind kind)
{
	return (unsigned)kind < DUE_KIND_COUNT ? kind_names[kind] : "unknown";
}

struct sink {
	struct due_transition *tr;
	size_t cap;
	size_t n;
};

static void emit(struct sink *s, enum due_kind kind, int inst, int into, td_date date,
		 td_money amount)
{
	assert(s->n < s->cap); /* at most one per instalment plus one: checked up front */
	s->tr[s->n++] = (struct due_transition){
		.kind = kind, .instalment = inst, .into = into, .date = date, .amount = amount};
}

/* R-DUE-2: may instalment k's unpaid part roll into k + 1? Not when part of it is frozen:
 * a rolled instalment keeps nothing unpaid, and frozen principal stays where it was frozen
 * (credit/risk.h), so the active part goes overdue instead. */
static bool can_roll(const struct loan_state *l, size_t k)
{
	if (!l->roll_forward || k + 1 >= l->count || l->inst[k].frozen > 0)
		return false;
	enum instalment_status next = l->inst[k + 1].status;
	return next != INST_OVERDUE && next != INST_ROLLED;
}

static void roll(struct loan_state *l, size_t k)
{
	struct loan_instalment *from = &l->inst[k], *to = &l->inst[k + 1];
	td_money unpaid = loan_instalment_unpaid(from);
	to->principal += unpaid;
	to->rolled_in += unpaid;
	if (to->status == INST_PAID)
		to->status = INST_PENDING; /* reopened; judged in turn */
	from->principal = from->paid;
	from->status = INST_ROLLED;
}

/* The unsettled, not yet overdue instalment with active principal (not all frozen) whose
 * due day is the earliest before `day` (the lowest index on a tie): handling them in that
 * order makes one catch-up call end where running every missed day would have, even when
 * an extension reorders the due days. */
static bool next_past_due(const struct loan_state *l, td_date day, size_t *out)
{
	bool found = false;
	for (size_t k = 0; k < l->count; k++) {
		const struct loan_instalment *i = &l->inst[k];
		if ((i->status != INST_PENDING && i->status != INST_DUE) ||
		    loan_instalment_active(i) == 0)
			continue;
		td_date due = loan_instalment_due(i);
		if (due < day && (!found || due < loan_instalment_due(&l->inst[*out]))) {
			*out = k;
			found = true;
		}
	}
	return found;
}

/* R-DUE-1 / R-DUE-2: instalment k's due day has passed with principal unpaid. */
static void process_past_due(struct loan_state *l, size_t k, struct sink *s)
{
	struct loan_instalment *i = &l->inst[k];
	td_money unpaid = loan_instalment_active(i);
	assert(unpaid > 0); /* next_past_due picks instalments with active principal only */
	td_date overdue_from = loan_instalment_due(i) + 1;
	if (can_roll(l, k)) {
		roll(l, k);
		emit(s, DUE_ROLLED, (int)k, (int)k + 1, overdue_from, unpaid);
	} else {
		i->status = INST_OVERDUE;
		emit(s, DUE_BECAME_OVERDUE, (int)k, -1, overdue_from, unpaid);
	}
}

/* R-INACT-1: unpaid interest above three months of accrual. */
static void process_inactive(struct loan_state *l, td_date day, struct sink *s)
{
	td_money unpaid = l->overdue_interest + l->in_term_interest;
	bool flagged = unpaid > 3 * l->monthly_accrual; /* all <= 10^15: no overflow */
	if (flagged == l->inactive)
		return;
	l->inactive = flagged;
	emit(s, flagged ? DUE_INACTIVE_FLAGGED : DUE_INACTIVE_CLEARED, -1, -1, day, unpaid);
}

int due_process(const struct loan_state *in, td_date day, struct loan_state *out,
		struct due_transition *tr, size_t cap, size_t *count, struct td_error *err)
{
	int rc = loan_check(in, err);
	if (rc)
		return rc;
	if (cap < DUE_TRANSITIONS_MAX(in->count))
		return td_error_set(err, TD_ETOOBIG, "room for %zu transitions, need %zu", cap,
				    DUE_TRANSITIONS_MAX(in->count));
	rc = loan_copy(out, in, err);
	if (rc)
		return rc;
	struct sink s = {.tr = tr, .cap = cap};
	size_t k = 0;
	while (next_past_due(out, day, &k))
		process_past_due(out, k, &s);
	for (k = 0; k < out->count; k++) {
		struct loan_instalment *i = &out->inst[k];
		if (i->status == INST_PENDING && loan_instalment_due(i) == day &&
		    loan_instalment_active(i) > 0) {
			i->status = INST_DUE;
			emit(&s, DUE_BECAME_DUE, (int)k, -1, day, loan_instalment_active(i));
		}
	}
	process_inactive(out, day, &s);
	*count = s.n;
	return TD_OK;
}
