/*
 * /api/v1/loans/{id}/events: the decisions that change a loan after disbursement
 * (extension, rollover, rescheduling, freeze, unfreeze, write-off; R-EXT-1, R-EXT-2,
 * R-RISK-1; docs/loans.md). GET lists them oldest first with the terms before and after
 * each; POST records one. Thin handlers over bank/loan_event.h, which checks ACT_READ or
 * ACT_LOAN_RESTRUCTURE on the loan and maker–checker (the approver is another director).
 * A decision replayed under the same Idempotency-Key gets its first answer and changes
 * nothing (R-GL-3, idempotency.c).
 */
#include "api/route_loan_event.h"

#include <stdlib.h>
#include <string.h>

#include "api/org_params.h"
#include "bank/loan.h"
#include "bank/loan_event.h"

#define EVENTS_PATH "/api/v1/loans/{id}/events"
#define EVENT_MONTHS_MAX 600

int route_loan_events_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(EVENTS_PATH, req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = loan_events(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* The fields a kind takes besides the decision, as bits of field_names. */
enum {
	F_INSTALMENT = 1,
	F_MONTHS = 2,
	F_SEASONAL = 4,
	F_PLAN = 8,
	F_LEVEL = 16,
	F_PRINCIPAL = 32,
	F_INTEREST = 64,
	F_ASSESSMENT = 128,
	F_BODY = 256
};
static const char *const field_names[] = {"instalment", "months",	 "seasonal",
					  "plan",	"level",	 "principal",
					  "interest",	"assessment_id", "body"};
#define N_FIELDS (sizeof field_names / sizeof *field_names)

enum ev_kind { EV_EXTEND, EV_ROLLOVER, EV_RESCHEDULE, EV_FREEZE, EV_UNFREEZE, EV_WRITE_OFF };

/* kind names are loan_event.kind's, as GET answers them. The level of freeze, unfreeze and
 * write-off and the assessment of extend, freeze and write-off are required by the bank,
 * which names them with the other decision fields (R-RISK-1, R-EXT-1). */
#define F_RISK (F_LEVEL | F_PRINCIPAL | F_INTEREST | F_ASSESSMENT | F_BODY)
static const struct {
	const char *name;
	unsigned takes, needs;
} kinds[] = {
	[EV_EXTEND] = {"extend", F_INSTALMENT | F_MONTHS | F_ASSESSMENT, F_INSTALMENT | F_MONTHS},
	[EV_ROLLOVER] = {"rollover", F_MONTHS | F_SEASONAL, F_MONTHS},
	[EV_RESCHEDULE] = {"reschedule", F_PLAN, F_PLAN},
	[EV_FREEZE] = {"freeze", F_MONTHS | F_RISK, F_MONTHS},
	[EV_UNFREEZE] = {"unfreeze", F_LEVEL | F_BODY, 0},
	[EV_WRITE_OFF] = {"write_off", F_RISK, 0},
};
#define N_KINDS (sizeof kinds / sizeof *kinds)

struct ev_body {
	int kind; /* enum ev_kind, -1 while unknown */
	struct loan_decision d;
	int64_t instalment, months, assessment;
	td_money principal, interest;
	bool seasonal;
	struct ext_instalment *plan; /* malloc'd */
	size_t n;
};

static void field_kind(json_t *body, struct ev_body *b, struct org_problems *p)
{
	const char *k = NULL;
	org_field_text(body, "kind", &k, p);
	for (size_t i = 0; k && i < N_KINDS; i++)
		if (strcmp(k, kinds[i].name) == 0)
			b->kind = (int)i;
	json_t *v = json_object_get(body, "kind");
	if (!v || json_is_null(v))
		problem_add(p, TD_EINVAL,
			    "field 'kind' is missing: one of extend, rollover, reschedule, freeze, "
			    "unfreeze, write_off");
	else if (k && b->kind < 0)
		problem_add(p, TD_EINVAL,
			    "field 'kind' is '%.40s': one of extend, rollover, reschedule, freeze, "
			    "unfreeze, write_off",
			    k);
}

/* Fields present that the kind does not take, and fields it needs that are absent. */
static void fields_for_kind(json_t *body, const struct ev_body *b, struct org_problems *p)
{
	if (b->kind < 0)
		return;
	for (size_t f = 0; f < N_FIELDS; f++) {
		unsigned bit = 1u << f;
		json_t *v = json_object_get(body, field_names[f]);
		bool given = v && !json_is_null(v);
		if (given && !(kinds[b->kind].takes & bit))
			problem_add(p, TD_EINVAL, "field '%s' does not apply to kind %s",
				    field_names[f], kinds[b->kind].name);
		if (!given && (kinds[b->kind].needs & bit))
			problem_add(p, TD_EINVAL, "field '%s' is missing: kind %s needs it",
				    field_names[f], kinds[b->kind].name);
	}
}

static void field_count(json_t *body, const char *key, int64_t max, int64_t *out,
			struct org_problems *p)
{
	json_t *v = json_object_get(body, key);
	if (!v || json_is_null(v))
		return;
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > max)
		problem_add(p, TD_EINVAL, "field '%s' must be a whole number 1..%lld", key,
			    (long long)max);
	else
		*out = json_integer_value(v);
}

/* R-RISK-1: a part of the principal or of the interest: a whole number of đồng (0 when
 * absent) or "all". */
static void field_part(json_t *body, const char *key, td_money *out, struct org_problems *p)
{
	json_t *v = json_object_get(body, key);
	*out = 0;
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v) && strcmp(json_string_value(v), "all") == 0)
		*out = LOAN_RISK_ALL;
	else if (json_is_integer(v) && json_integer_value(v) >= 0 &&
		 json_integer_value(v) <= TD_MONEY_MAX_INPUT)
		*out = json_integer_value(v);
	else
		problem_add(p, TD_EINVAL,
			    "field '%s' must be a whole number of đồng (0..10^15) or \"all\"", key);
}

static void plan_item(json_t *it, size_t i, struct ext_instalment *out, struct org_problems *p)
{
	static const char *const keys[] = {"due_on", "principal", NULL};
	if (!json_is_object(it)) {
		problem_add(p, TD_EINVAL, "plan[%zu] must be an object {\"due_on\", \"principal\"}",
			    i);
		return;
	}
	org_fields_known(it, keys, p);
	out->due = ORG_NO_DATE;
	org_field_date(it, "due_on", &out->due, p);
	if (!json_object_get(it, "due_on"))
		problem_add(p, TD_EINVAL, "plan[%zu]: 'due_on' is missing (YYYY-MM-DD)", i);
	json_t *pr = json_object_get(it, "principal");
	if (!json_is_integer(pr) || json_integer_value(pr) > TD_MONEY_MAX_INPUT)
		problem_add(p, TD_EINVAL,
			    "plan[%zu]: 'principal' must be a whole number of đồng, at most 10^15",
			    i);
	else
		out->principal = json_integer_value(pr);
}

/* "plan": [{"due_on","principal"}, ...] of a rescheduling (R-EXT-2). */
static void field_plan(json_t *body, struct ev_body *b, struct org_problems *p)
{
	json_t *v = json_object_get(body, "plan");
	if (!v || json_is_null(v))
		return;
	size_t n = json_array_size(v);
	if (!json_is_array(v) || n == 0 || n > LOAN_SCHEDULE_MAX) {
		problem_add(p, TD_EINVAL,
			    "field 'plan' must be a list of 1..%d instalments "
			    "{\"due_on\", \"principal\"}",
			    LOAN_SCHEDULE_MAX);
		return;
	}
	b->plan = calloc(n, sizeof *b->plan);
	if (!b->plan) {
		problem_add(p, TD_ENOMEM, "no memory for the plan");
		return;
	}
	b->n = n;
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) plan_item(it, i, &b->plan[i], p);
}

static int parse(json_t *body, struct ev_body *b, struct td_error *err)
{
	static const char *const keys[] = {
		"kind",	 "decision_no", "decided_on", "reason",	       "approver_id",
		"level", "body",	"instalment", "months",	       "seasonal",
		"plan",	 "principal",	"interest",   "assessment_id", NULL};
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, keys, &p);
	field_kind(body, b, &p);
	fields_for_kind(body, b, &p);
	org_field_text(body, "decision_no", &b->d.decision_no, &p);
	org_field_text(body, "reason", &b->d.reason, &p);
	org_field_text(body, "level", &b->d.level, &p);
	org_field_text(body, "body", &b->d.body, &p);
	org_field_int(body, "assessment_id", &b->assessment, &p);
	field_part(body, "principal", &b->principal, &p);
	field_part(body, "interest", &b->interest, &p);
	org_field_date(body, "decided_on", &b->d.decided_on, &p);
	if (!json_object_get(body, "decided_on"))
		problem_add(&p, TD_EINVAL, "field 'decided_on' is missing (YYYY-MM-DD)");
	org_field_int(body, "approver_id", &b->d.approver_id, &p);
	field_count(body, "instalment", LOAN_SCHEDULE_MAX, &b->instalment, &p);
	field_count(body, "months", EVENT_MONTHS_MAX, &b->months, &p);
	json_t *s = json_object_get(body, "seasonal");
	if (s && !json_is_null(s) && !json_is_boolean(s))
		problem_add(&p, TD_EINVAL, "field 'seasonal' must be true or false");
	b->seasonal = json_is_true(s);
	field_plan(body, b, &p);
	return problems_finish(&p);
}

static int decide(struct td_ctx *ctx, int64_t loan, const struct ev_body *b, int64_t *ev,
		  struct td_error *err)
{
	switch ((enum ev_kind)b->kind) {
	case EV_EXTEND: {
		struct loan_extend_input in = {loan, (int)b->instalment, (int)b->months, b->d,
					       b->assessment};
		return loan_extend(ctx, &in, ev, err);
	}
	case EV_ROLLOVER: {
		struct loan_rollover_input in = {loan, (int)b->months, b->seasonal, b->d};
		return loan_rollover(ctx, &in, ev, err);
	}
	case EV_RESCHEDULE: {
		struct loan_reschedule_input in = {loan, b->plan, b->n, b->d};
		return loan_reschedule(ctx, &in, ev, err);
	}
	case EV_FREEZE:
	case EV_WRITE_OFF: {
		struct loan_risk_input in = {loan,	     b->principal,  b->interest,
					     (int)b->months, b->assessment, b->d};
		return b->kind == EV_FREEZE ? loan_freeze(ctx, &in, ev, err)
					    : loan_write_off(ctx, &in, ev, err);
	}
	case EV_UNFREEZE: return loan_unfreeze(ctx, loan, &b->d, ev, err);
	}
	return td_error_set(err, TD_EINTERNAL, "decision kind %d", b->kind);
}

/* The event as GET lists it, with the loan after it. */
static int respond_event(struct td_ctx *ctx, struct api_response *res, int64_t loan, int64_t ev,
			 struct td_error *err)
{
	json_t *list = NULL, *found = NULL, *l = NULL;
	int rc = loan_events(ctx, loan, &list, err);
	if (rc == TD_OK && !(found = org_list_take(list, ev, "loan event", err)))
		rc = TD_EINTERNAL;
	if (rc == TD_OK)
		rc = loan_get(ctx, loan, &l, err);
	if (rc != TD_OK) {
		json_decref(found);
		return rc;
	}
	json_object_set_new(found, "loan", l);
	return api_respond_json(res, 201, found, err);
}

/* POST {"kind", "decision_no", "decided_on", "reason", "approver_id", and what the kind
 * takes: "instalment", "months", "seasonal", "plan", "level", "body", "principal",
 * "interest", "assessment_id"}: 201 with the event and the loan after it. */
int route_loan_events_create(struct api_request *req, struct api_response *res,
			     struct td_error *err)
{
	struct td_ctx ctx;
	int64_t loan = 0, ev = 0;
	json_t *body = NULL;
	struct ev_body b = {.kind = -1, .d = {.decided_on = ORG_NO_DATE}};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(EVENTS_PATH, req->path, &loan, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = parse(body, &b, err);
	if (rc == TD_OK)
		rc = decide(&ctx, loan, &b, &ev, err);
	if (rc == TD_OK)
		rc = respond_event(&ctx, res, loan, ev, err);
	free(b.plan);
	json_decref(body);
	return rc;
}
