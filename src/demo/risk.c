/*
 * Decisions on loans in trouble (R-EXT-1, R-RISK-1), each prepared by the deputy director
 * and approved by the director (maker–checker): extensions asked a few weeks before an
 * instalment by borrowers who pay late; freezes for borrowers who fell ill or were hit by
 * typhoon Yagi (bão số 3, September 2024, on the coast); write-offs after a borrower's
 * death; the end of a freeze.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "bank/loan.h"
#include "bank/loan_assess.h"
#include "bank/loan_event.h"
#include "demo/demo_internal.h"
#include "demo/names.h"
#include "credit/risk.h"

#define EXTEND_DAYS_BEFORE 20
#define EXTEND_PER_MILLE 120
#define FREEZE_PER_MILLE 250
#define WRITE_OFF_PER_MILLE 100
#define YAGI_PER_MILLE 40
#define EVENT_DAY 10 /* decisions on the 10th of the month */

/* Decisions are numbered in order through the run, as an office's register does. */
static int decision_no(struct demo *d, char *out, size_t size, const char *suffix)
{
	return snprintf(out, size, "%d/%s", 100 + (d->decisions++ % 900), suffix);
}

static struct loan_decision decision(struct demo *d, const char *no, const char *level,
				     const char *reason)
{
	return (struct loan_decision){.decision_no = no,
				      .decided_on = d->ctx.business_date,
				      .level = level,
				      .reason = reason,
				      .approver_id = d->person[P_DIRECTOR].user_id};
}

/* R-RISK-1: who decides a freeze or a write-off of the loan, by its capital source: the
 * board for central capital, the city or the district People's Committee for the capital
 * they entrusted; and the suffix of that body's decision numbers. */
static const char *level_of(const struct demo *d, const struct demo_loan *l, const char **suffix)
{
	if (l->source_id == d->source_city) {
		*suffix = "QĐ-UBND";
		return "province";
	}
	if (l->source_id == d->source_district) {
		*suffix = "QĐ-UBND";
		return "district";
	}
	*suffix = "QĐ-HĐQT";
	return "central";
}

/* R-RISK-1, R-EXT-1: the loss assessment of the loan today, confirmed by the chairman of
 * the borrower's commune (the one who confirms its applications, lending.c). */
static int assess(struct demo *d, const struct demo_loan *l, const char *cause, int loss_bp,
		  int64_t *id, struct td_error *err)
{
	int commune = d->village[d->hh[l->hh].village].commune;
	struct demo_rng r = rng_fork(&d->rng, 9100 + (uint64_t)commune);
	char chair[DEMO_NAME_MAX], minutes[32], doc[32];
	names_person(&r, false, chair, sizeof chair);
	snprintf(minutes, sizeof minutes, "%lld/BB-TH", (long long)l->id);
	snprintf(doc, sizeof doc, "%d/UBND-XNTH", 1 + (int)(l->id % 400));
	struct loan_assessment_input in = {.loan_id = l->id,
					   .cause = cause,
					   .loss_bp = loss_bp,
					   .assessed_on = d->ctx.business_date,
					   .minutes_no = minutes,
					   .commune_doc_no = doc,
					   .commune_doc_on = d->ctx.business_date,
					   .commune_signatory = chair,
					   .commune_signatory_title = "Chủ tịch UBND xã"};
	demo_as(d, P_DEPUTY, 0);
	int rc = loan_assess(&d->ctx, &in, id, err);
	return rc == TD_OK ? TD_OK
			   : td_error_prefix(err, "assessment of loan %lld: ", (long long)l->id);
}

/* The status of instalment k (1-based) today, from loan_get. */
static int instalment_pending(struct demo *d, int64_t loan, int k, bool *pending,
			      struct td_error *err)
{
	json_t *j = NULL;
	demo_as(d, P_DEPUTY, 0);
	int rc = loan_get(&d->ctx, loan, &j, err);
	if (rc != TD_OK)
		return rc;
	json_t *inst = json_array_get(json_object_get(j, "instalments"), (size_t)k - 1);
	*pending = inst &&
		   strcmp(json_string_value(json_object_get(inst, "status")), "pending") == 0 &&
		   json_integer_value(json_object_get(inst, "paid_principal")) == 0 &&
		   strcmp(json_string_value(json_object_get(j, "status")), "in_term") == 0;
	json_decref(j);
	return TD_OK;
}

/* R-EXT-1: a late payer asks, a few weeks before an instalment, for six more months (or
 * twelve for the last one). */
static int extensions(struct demo *d, struct td_error *err)
{
	td_date soon = d->ctx.business_date + EXTEND_DAYS_BEFORE;
	for (size_t k = 0; k < d->n_loans; k++) {
		struct demo_loan *l = &d->loan[k];
		if (l->state != DL_OPEN || l->payer == PAY_GOOD || l->extended || l->direct)
			continue;
		int n = (l->term - l->grace) / 12;
		for (int i = 1; i <= n; i++) {
			if (date_add_months(l->disbursed, l->grace + 12 * i) != soon)
				continue;
			struct demo_rng r =
				rng_fork(&d->rng, 8000 + (uint64_t)l->id * 64 + (uint64_t)i);
			bool pending = false;
			int rc = rng_chance(&r, EXTEND_PER_MILLE)
					 ? instalment_pending(d, l->id, i, &pending, err)
					 : TD_OK;
			if (rc != TD_OK)
				return rc;
			if (!pending)
				break;
			char no[32];
			decision_no(d, no, sizeof no, "QĐ-PGDKT");
			struct loan_extend_input in = {l->id, i, i == n ? 12 : 6,
						       decision(d, no, NULL,
								"Mất mùa do rét đậm, hộ gặp khó "
								"khăn tạm thời về tài chính"),
						       0};
			rc = assess(d, l, "natural_disaster", 2500, &in.assessment_id, err);
			if (rc == TD_OK)
				rc = loan_extend(&d->ctx, &in, NULL, err);
			if (rc != TD_OK)
				return td_error_prefix(
					err, "extension of loan %lld: ", (long long)l->id);
			l->extended = true;
			break;
		}
	}
	return TD_OK;
}

/* The whole loan frozen (its principal and the interest owed), on an assessment. */
static int freeze(struct demo *d, struct demo_loan *l, int months, const char *cause, int loss_bp,
		  const char *no, const char *reason, struct td_error *err)
{
	const char *suffix = NULL;
	struct loan_risk_input in = {.loan_id = l->id,
				     .principal = LOAN_RISK_ALL,
				     .interest = LOAN_RISK_ALL,
				     .months = months,
				     .d = decision(d, no, level_of(d, l, &suffix), reason)};
	int rc = assess(d, l, cause, loss_bp, &in.assessment_id, err);
	demo_as(d, P_DEPUTY, 0);
	if (rc == TD_OK)
		rc = loan_freeze(&d->ctx, &in, NULL, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "freeze of loan %lld: ", (long long)l->id);
	l->state = DL_FROZEN;
	d->freezes++;
	l->freeze_until_month = demo_month_of(d->ctx.business_date) + months;
	return TD_OK;
}

/* A stopped payer, a few months on: a freeze (illness), a write-off (death), or nothing
 * (the debt stays overdue); a frozen loan whose freeze ends is unfrozen. */
static int troubled(struct demo *d, int month, struct td_error *err)
{
	for (size_t k = 0; k < d->n_loans; k++) {
		struct demo_loan *l = &d->loan[k];
		int rc = TD_OK;
		const char *suffix = NULL, *level = level_of(d, l, &suffix);
		if (l->state == DL_FROZEN && l->freeze_until_month == month) {
			char no[32];
			decision_no(d, no, sizeof no, suffix);
			struct loan_decision dec = decision(
				d, no, level, "Hết thời hạn khoanh nợ, hộ đã ổn định sản xuất");
			demo_as(d, P_DEPUTY, 0);
			rc = loan_unfreeze(&d->ctx, l->id, &dec, NULL, err);
			l->state = DL_OPEN;
			l->payer = PAY_LATE;
		} else if (l->state == DL_OPEN && l->payer == PAY_BAD && !l->direct &&
			   month == l->stop_month + TROUBLE_MONTHS) {
			struct demo_rng r = rng_fork(&d->rng, 8500 + (uint64_t)l->id);
			int x = (int)rng_range(&r, 0, 999);
			/* the first troubled loans make sure the district shows both decisions */
			if (d->write_offs == 0)
				x = 0;
			else if (d->freezes == 0)
				x = WRITE_OFF_PER_MILLE;
			if (x < WRITE_OFF_PER_MILLE) {
				char no[32];
				decision_no(d, no, sizeof no, suffix);
				struct loan_risk_input in = {
					.loan_id = l->id,
					.principal = LOAN_RISK_ALL,
					.interest = LOAN_RISK_ALL,
					.d = decision(d, no, level,
						      "Người vay chết, không có người thừa kế "
						      "nghĩa vụ trả nợ")};
				rc = assess(d, l, "death", RISK_BP_FULL, &in.assessment_id, err);
				demo_as(d, P_DEPUTY, 0);
				if (rc == TD_OK)
					rc = loan_write_off(&d->ctx, &in, NULL, err);
				l->state = DL_WRITTEN_OFF;
				d->write_offs++;
				demo_loan_closed(d, l, d->ctx.business_date);
			} else if (x < WRITE_OFF_PER_MILLE + FREEZE_PER_MILLE) {
				char no[32];
				decision_no(d, no, sizeof no, suffix);
				rc = freeze(d, l, 12, "incapacity", 6000, no,
					    "Người vay mắc bệnh hiểm nghèo, mất khả năng lao động",
					    err);
			}
		}
		if (rc != TD_OK)
			return td_error_prefix(err, "loan %lld: ", (long long)l->id);
	}
	return TD_OK;
}

/* Typhoon Yagi (bão số 3) struck the coast on 7 September 2024; the freezes were decided
 * in October, by the board for central capital and by the People's Committees for theirs. */
static int yagi(struct demo *d, struct td_error *err)
{
	for (size_t k = 0; k < d->n_loans; k++) {
		struct demo_loan *l = &d->loan[k];
		const struct demo_hh *h = &d->hh[l->hh];
		if (l->state != DL_OPEN || l->direct ||
		    !d->commune[d->village[h->village].commune].coastal)
			continue;
		struct demo_rng r = rng_fork(&d->rng, 8700 + (uint64_t)l->id);
		if (!rng_chance(&r, YAGI_PER_MILLE))
			continue;
		const char *suffix = NULL;
		level_of(d, l, &suffix);
		char no[32];
		snprintf(no, sizeof no, "1568/%s", suffix);
		int rc = freeze(
			d, l, 24, "natural_disaster", 8000 + (int)rng_range(&r, 0, 20) * 100, no,
			"Thiệt hại do bão số 3 (Yagi) tháng 9/2024: mất trắng ao nuôi, nhà cửa",
			err);
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}

int demo_risk_day(struct demo *d, struct td_error *err)
{
	int rc = extensions(d, err);
	struct td_civil c = date_to_civil(d->ctx.business_date);
	if (rc == TD_OK && c.day == EVENT_DAY)
		rc = troubled(d, demo_month_of(d->ctx.business_date), err);
	if (rc == TD_OK && c.year == 2024 && c.month == 10 && c.day == 15)
		rc = yagi(d, err);
	return rc;
}
