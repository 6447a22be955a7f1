/* Payment allocation: interest first, then principal, then prepayment (R-PAY-1). */
#include "credit/payment.h"

#include <assert.h>

int payment_owed(const struct loan_state *loan, td_money *owed, struct td_error *err)
{
	int rc = loan_check(loan, err);
	if (rc)
		return rc;
	/* Each term is at most 10^15 after loan_check, so the sum cannot overflow. */
	td_money sum = loan->overdue_interest + loan->in_term_interest + loan->frozen_interest;
	for (size_t k = 0; k < loan->count; k++)
		sum += loan_instalment_unpaid(&loan->inst[k]);
	*owed = sum;
	return TD_OK;
}

static td_money take(td_money *rest, td_money available)
{
	td_money t = *rest < available ? *rest : available;
	*rest -= t;
	return t;
}

/* Pays up to *rest on the active part of instalment k (frozen: on its frozen part), books
 * it in *bucket and by_inst. */
static void pay_part(struct loan_state *l, size_t k, bool frozen, td_money *rest, td_money *bucket,
		     td_money *by_inst)
{
	struct loan_instalment *i = &l->inst[k];
	td_money open = frozen ? i->frozen : loan_instalment_active(i);
	if (open == 0)
		return; /* settled (PAID or ROLLED stays as it is), or nothing of that part */
	td_money t = take(rest, open);
	i->paid += t;
	if (frozen)
		i->frozen -= t;
	*bucket += t;
	if (by_inst)
		by_inst[k] += t;
	if (i->paid == i->principal)
		i->status = INST_PAID;
}

static void pay_instalment(struct loan_state *l, size_t k, td_money *rest, td_money *bucket,
			   td_money *by_inst)
{
	pay_part(l, k, false, rest, bucket, by_inst);
}

/* Where principal paid on instalment k belongs on the payment date. */
static td_money *bucket_for(const struct loan_instalment *i, td_date date,
			    struct payment_allocation *a)
{
	if (i->status == INST_OVERDUE)
		return &a->overdue_principal;
	if (loan_instalment_due(i) <= date)
		return &a->due_principal;
	return &a->prepaid_principal;
}

static int check_request(const struct loan_state *in, const struct payment_request *req,
			 struct td_error *err)
{
	char x[TD_MONEY_FMT_MAX], y[TD_MONEY_FMT_MAX], z[TD_MONEY_FMT_MAX];
	if (req->amount <= 0 || req->amount > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL, "payment of %s đồng: must be 1..10^15 đồng",
				    money_format(req->amount, x, sizeof x));
	if (req->instalment != PAYMENT_NO_INSTALMENT &&
	    (req->instalment < 0 || (size_t)req->instalment >= in->count))
		return td_error_set(err, TD_EINVAL,
				    "instalment %d does not exist (the loan has %zu)",
				    req->instalment + 1, in->count);
	if (req->instalment != PAYMENT_NO_INSTALMENT &&
	    loan_instalment_unpaid(&in->inst[req->instalment]) == 0)
		return td_error_set(err, TD_ERULE, "instalment %d has nothing left to pay (%s)",
				    req->instalment + 1,
				    loan_status_name(in->inst[req->instalment].status));
	if (req->instalment != PAYMENT_NO_INSTALMENT &&
	    loan_instalment_active(&in->inst[req->instalment]) == 0)
		return td_error_set(err, TD_ERULE,
				    "kỳ %d: toàn bộ gốc còn lại đang khoanh (R-RISK-1); nợ khoanh "
				    "được trả sau mọi khoản nợ khác, không chỉ định theo kỳ",
				    req->instalment + 1);
	td_money owed;
	int rc = payment_owed(in, &owed, err);
	if (rc)
		return rc;
	if (req->amount > owed)
		return td_error_set(err, TD_ERULE,
				    "payment of %s đồng exceeds what is owed (%s đồng) by %s đồng",
				    money_format(req->amount, x, sizeof x),
				    money_format(owed, y, sizeof y),
				    money_format(req->amount - owed, z, sizeof z));
	return TD_OK;
}

int payment_apply(const struct loan_state *in, const struct payment_request *req,
		  struct loan_state *out, struct payment_allocation *alloc, td_money *by_instalment,
		  struct td_error *err)
{
	int rc = check_request(in, req, err);
	if (!rc)
		rc = loan_copy(out, in, err);
	if (rc)
		return rc;
	struct payment_allocation a = {0};
	for (size_t k = 0; by_instalment && k < out->count; k++)
		by_instalment[k] = 0;
	td_money rest = req->amount;
	if (req->instalment != PAYMENT_NO_INSTALMENT) {
		size_t k = (size_t)req->instalment;
		pay_instalment(out, k, &rest, bucket_for(&out->inst[k], req->date, &a),
			       by_instalment);
	}
	a.overdue_interest = take(&rest, out->overdue_interest);
	out->overdue_interest -= a.overdue_interest;
	a.in_term_interest = take(&rest, out->in_term_interest);
	out->in_term_interest -= a.in_term_interest;
	for (size_t k = 0; k < out->count && rest > 0; k++)
		if (out->inst[k].status == INST_OVERDUE)
			pay_instalment(out, k, &rest, &a.overdue_principal, by_instalment);
	for (size_t k = 0; k < out->count && rest > 0; k++) {
		const struct loan_instalment *i = &out->inst[k];
		if (loan_instalment_active(i) > 0 && loan_instalment_due(i) <= req->date)
			pay_instalment(out, k, &rest, &a.due_principal, by_instalment);
	}
	/* Prepayment: the last instalments first. */
	for (size_t k = out->count; k > 0 && rest > 0; k--)
		pay_instalment(out, k - 1, &rest, &a.prepaid_principal, by_instalment);
	/* Frozen debt last (R-RISK-1: it is not due and bears no interest): its interest, then
	 * its principal oldest instalment first, counted as interest and prepaid principal. */
	td_money fi = take(&rest, out->frozen_interest);
	out->frozen_interest -= fi;
	a.in_term_interest += fi;
	for (size_t k = 0; k < out->count && rest > 0; k++)
		pay_part(out, k, true, &rest, &a.prepaid_principal, by_instalment);
	assert(rest == 0); /* check_request refused anything above what is owed */
	assert(a.overdue_interest + a.in_term_interest + a.overdue_principal + a.due_principal +
		       a.prepaid_principal ==
	       req->amount);
	*alloc = a;
	return TD_OK;
}
