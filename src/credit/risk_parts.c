/* Which instalments a frozen or written-off amount comes from (R-RISK-1). */
#include "credit/risk_parts.h"

#include <assert.h>
#include <stdbool.h>

static td_money take(td_money *rest, td_money available)
{
	td_money t = *rest < available ? *rest : available;
	*rest -= t;
	return t;
}

static void sums(const struct loan_state *l, td_money *active, td_money *unpaid)
{
	*active = *unpaid = 0;
	for (size_t k = 0; k < l->count; k++) {
		*active += loan_instalment_active(&l->inst[k]);
		*unpaid += loan_instalment_unpaid(&l->inst[k]);
	}
}

/* TD_ERULE when want (RISK_ALL resolved to have) is above have; *out the amount. */
static int amount_of(td_money want, td_money have, const char *what, const char *verb,
		     td_money *out, struct td_error *err)
{
	char a[TD_MONEY_FMT_MAX], b[TD_MONEY_FMT_MAX];
	if (want == RISK_ALL) {
		*out = have;
		return TD_OK;
	}
	if (want < 0 || want > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL, "số tiền %s %s phải từ 0 đến 10^15 đồng", what,
				    verb);
	if (want > have)
		return td_error_set(err, TD_ERULE, "%s %s đồng %s: khoản vay chỉ còn %s đồng %s",
				    verb, money_format(want, a, sizeof a), what,
				    money_format(have, b, sizeof b), what);
	*out = want;
	return TD_OK;
}

/* Takes up to *rest of instalment k's active part into its frozen part (freeze) or its paid
 * part (write-off), counting it in moved by the instalment's status. */
static void take_active(struct loan_state *l, size_t k, bool freeze, td_money *rest,
			struct risk_moved *moved)
{
	struct loan_instalment *i = &l->inst[k];
	td_money t = take(rest, loan_instalment_active(i));
	if (t == 0)
		return;
	if (freeze)
		i->frozen += t;
	else
		i->paid += t;
	if (i->status == INST_OVERDUE)
		moved->overdue += t;
	else
		moved->in_term += t;
}

/* Overdue instalments oldest first, then the others from the last one backwards. */
static void take_principal(struct loan_state *l, bool freeze, td_money amount,
			   struct risk_moved *moved)
{
	td_money rest = amount;
	for (size_t k = 0; k < l->count && rest > 0; k++)
		if (l->inst[k].status == INST_OVERDUE)
			take_active(l, k, freeze, &rest, moved);
	for (size_t k = l->count; k > 0 && rest > 0; k--)
		take_active(l, k - 1, freeze, &rest, moved);
	assert(rest == 0); /* amount_of kept it within the active principal */
}

/* The amounts asked, within what there is (p_have, i_have), one at least. */
static int amounts(td_money principal, td_money interest, td_money p_have, td_money i_have,
		   const char *verb, td_money *p, td_money *i, struct td_error *err)
{
	int rc = amount_of(principal, p_have, "gốc", verb, p, err);
	if (rc == TD_OK)
		rc = amount_of(interest, i_have, "lãi", verb, i, err);
	if (rc == TD_OK && *p == 0 && *i == 0)
		rc = td_error_set(err, TD_ERULE,
				  "không có gốc hay lãi nào để %s: ghi số tiền gốc và/hoặc lãi %s "
				  "(R-RISK-1)",
				  verb, verb);
	return rc;
}

int risk_freeze(struct loan_state *l, td_money principal, td_money interest,
		struct risk_moved *moved, struct td_error *err)
{
	td_money active, unpaid, p = 0, i = 0;
	sums(l, &active, &unpaid);
	*moved = (struct risk_moved){0};
	int rc = amounts(principal, interest, active, l->overdue_interest + l->in_term_interest,
			 "khoanh", &p, &i, err);
	if (rc != TD_OK)
		return rc;
	take_principal(l, true, p, moved);
	moved->interest_overdue = take(&i, l->overdue_interest);
	moved->interest_in_term = take(&i, l->in_term_interest);
	l->overdue_interest -= moved->interest_overdue;
	l->in_term_interest -= moved->interest_in_term;
	l->frozen_interest += moved->interest_overdue + moved->interest_in_term;
	return TD_OK;
}

void risk_unfreeze(struct loan_state *l, struct risk_moved *moved)
{
	*moved = (struct risk_moved){0};
	for (size_t k = 0; k < l->count; k++) {
		struct loan_instalment *i = &l->inst[k];
		if (i->status == INST_OVERDUE)
			moved->overdue += i->frozen;
		else
			moved->in_term += i->frozen;
		i->frozen = 0;
	}
	moved->interest_in_term = l->frozen_interest;
	l->in_term_interest += l->frozen_interest;
	l->frozen_interest = 0;
}

int risk_write_off(struct loan_state *l, td_money principal, td_money interest,
		   struct risk_moved *moved, struct td_error *err)
{
	td_money active, unpaid, p = 0, i = 0;
	sums(l, &active, &unpaid);
	*moved = (struct risk_moved){0};
	int rc = amounts(principal, interest, unpaid,
			 l->overdue_interest + l->in_term_interest + l->frozen_interest, "xóa", &p,
			 &i, err);
	if (rc != TD_OK)
		return rc;
	for (size_t k = 0; k < l->count && p > 0; k++) { /* frozen principal first */
		struct loan_instalment *in = &l->inst[k];
		td_money t = take(&p, in->frozen);
		in->frozen -= t;
		in->paid += t;
		moved->frozen += t;
	}
	take_principal(l, false, p, moved);
	for (size_t k = 0; k < l->count; k++) {
		struct loan_instalment *in = &l->inst[k];
		if (in->paid == in->principal && in->status != INST_ROLLED)
			in->status = INST_PAID;
	}
	moved->interest_frozen = take(&i, l->frozen_interest);
	moved->interest_overdue = take(&i, l->overdue_interest);
	moved->interest_in_term = take(&i, l->in_term_interest);
	l->frozen_interest -= moved->interest_frozen;
	l->overdue_interest -= moved->interest_overdue;
	l->in_term_interest -= moved->interest_in_term;
	return TD_OK;
}
