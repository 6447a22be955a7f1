/*
 * /api/v1/savings-accounts, /api/v1/savings-rates: member savings (R-SAV-1,
 * docs/savings.md). Thin handlers: parse, call bank/savings.h, answer JSON; the bank decides
 * permission (deposits ACT_SAVINGS_DEPOSIT, so a group leader collects for its own group;
 * opening, withdrawals, reversals, interest and rates ACT_SAVINGS_WRITE; reads ACT_READ).
 * Money is a JSON integer of đồng and a rate a percent string ("0.5"), never a number with
 * a fraction. A write replayed under the same Idempotency-Key gets its first answer and
 * books nothing (R-GL-3, idempotency.c).
 */
#include "api/route_savings.h"

#include <string.h>

#include "api/org_params.h"
#include "bank/network.h"
#include "bank/savings.h"

#define ACCOUNT_PATH "/api/v1/savings-accounts/{id}"
#define DEPOSIT_PATH "/api/v1/savings-accounts/{id}/deposits"
#define WITHDRAW_PATH "/api/v1/savings-accounts/{id}/withdrawals"
#define INTEREST_PATH "/api/v1/savings-accounts/{id}/interest"
#define REVERSAL_PATH "/api/v1/savings-accounts/{id}/transactions/{tid}/reversal"

/* ?group_id, limit, offset: the accounts in the actor's scope. */
int route_savings_list(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t group = 0, limit = 0, offset = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "group_id", &group, err);
	if (rc == TD_OK)
		rc = org_query_page(req, &limit, &offset, err);
	if (rc == TD_OK)
		rc = savings_list(&ctx, group, limit, offset, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

static int respond_account(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			   struct td_error *err)
{
	json_t *j = NULL;
	int rc = savings_get(ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

/* POST {"household_id","group_id"}: opens the household's account in the group. */
int route_savings_open(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"household_id", "group_id", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t household = 0, group = 0, id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_int(body, "household_id", &household, &p);
		org_field_int(body, "group_id", &group, &p);
		if (household <= 0)
			problem_add(&p, TD_EINVAL, "field 'household_id' is missing (an id)");
		if (group <= 0)
			problem_add(&p, TD_EINVAL, "field 'group_id' is missing (an id)");
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = savings_open(&ctx, household, group, &id, err);
	json_decref(body);
	return rc == TD_OK ? respond_account(&ctx, res, 201, id, err) : rc;
}

int route_savings_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(ACCOUNT_PATH, req->path, &id, 1, err);
	return rc == TD_OK ? respond_account(&ctx, res, 200, id, err) : rc;
}

/* {"amount":N}: a JSON integer (a string or a fraction is refused, so that no amount
 * passes through a double); the bank checks its range and the minimum deposit. */
static int amount_from_json(json_t *body, td_money *amount, struct td_error *err)
{
	static const char *const keys[] = {"amount", NULL};
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, keys, &p);
	json_t *v = json_object_get(body, "amount");
	if (!v || json_is_null(v))
		problem_add(&p, TD_EINVAL, "field 'amount' is missing (a whole number of đồng)");
	else if (!json_is_integer(v))
		problem_add(&p, TD_EINVAL,
			    "field 'amount' must be a whole number of đồng (an integer)");
	else
		*amount = json_integer_value(v);
	return problems_finish(&p);
}

/* The answer of a movement: the movement as the account lists it, its account id and the
 * account after it. */
static int respond_txn(struct td_ctx *ctx, struct api_response *res, int64_t account,
		       int64_t txn_id, struct td_error *err)
{
	json_t *acc = NULL;
	int rc = savings_get(ctx, account, &acc, err);
	if (rc != TD_OK)
		return rc;
	size_t i;
	json_t *t, *found = NULL;
	json_array_foreach(json_object_get(acc, "txns"), i, t)
	{
		if (json_integer_value(json_object_get(t, "id")) == txn_id)
			found = t;
	}
	json_t *j = found ? json_deep_copy(found) : NULL;
	if (!found) {
		json_decref(acc);
		return td_error_set(err, TD_EINTERNAL, "movement %lld of savings account %lld vanished",
				    (long long)txn_id, (long long)account);
	}
	if (!j || json_object_set_new(j, "account_id", json_integer(account)) != 0 ||
	    json_object_set_new(j, "account", acc) != 0) {
		json_decref(j);
		return td_error_set(err, TD_ENOMEM, "out of memory");
	}
	return api_respond_json(res, 201, j, err);
}

typedef int (*move_fn)(struct td_ctx *ctx, int64_t account_id, td_money amount,
		       int64_t *txn_id, struct td_error *err);

static int movement(struct api_request *req, struct api_response *res, const char *pattern,
		    move_fn move, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t account = 0, txn_id = 0;
	td_money amount = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(pattern, req->path, &account, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = amount_from_json(body, &amount, err);
	if (rc == TD_OK)
		rc = move(&ctx, account, amount, &txn_id, err);
	if (rc == TD_OK)
		rc = respond_txn(&ctx, res, account, txn_id, err);
	json_decref(body);
	return rc;
}

/* POST {"amount":N}: a deposit, at least the parameter savings.min_deposit (422 under it). */
int route_savings_deposit(struct api_request *req, struct api_response *res, struct td_error *err)
{
	return movement(req, res, DEPOSIT_PATH, savings_deposit, err);
}

/* POST {"amount":N}: a withdrawal, at most the balance (422 over it). */
int route_savings_withdraw(struct api_request *req, struct api_response *res, struct td_error *err)
{
	return movement(req, res, WITHDRAW_PATH, savings_withdraw, err);
}

/* Whether account lists movement txn (404 otherwise), read in the actor's scope. */
static int txn_of_account(struct td_ctx *ctx, int64_t account, int64_t txn, struct td_error *err)
{
	json_t *acc = NULL;
	int rc = savings_get(ctx, account, &acc, err);
	if (rc != TD_OK)
		return rc;
	size_t i;
	json_t *t;
	bool found = false;
	json_array_foreach(json_object_get(acc, "txns"), i, t)
	{
		found |= json_integer_value(json_object_get(t, "id")) == txn;
	}
	json_decref(acc);
	return found ? TD_OK
		     : td_error_set(err, TD_ENOTFOUND, "savings account %lld has no movement %lld",
				    (long long)account, (long long)txn);
}

/* POST {"reason"}: reverses movement {tid} of account {id} (R-SES-1, R-GL-1;
 * docs/savings.md): 201 with the reversing movement as a deposit or withdrawal answers;
 * 409 when it was reversed already or paid a repayment (reverse the repayment), 422 for
 * interest or a deposit above the balance. */
int route_savings_txn_reverse(struct api_request *req, struct api_response *res,
			      struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t ids[2] = {0, 0}, txn_id = 0;
	const char *reason = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_reversal_request(req, REVERSAL_PATH, ids, &body, &reason, err);
	if (rc == TD_OK)
		rc = txn_of_account(&ctx, ids[0], ids[1], err);
	if (rc == TD_OK)
		rc = savings_reverse(&ctx, ids[1], reason, &txn_id, err);
	json_decref(body);
	if (rc == TD_OK)
		rc = respond_txn(&ctx, res, ids[0], txn_id, err);
	return rc;
}

/* POST {"from","to"}: interest for [from, to). 201 with the movement when interest was
 * booked; 200 when it came to zero, as then nothing is booked (savings.h). */
int route_savings_interest(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"from", "to", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t account = 0;
	td_date from = ORG_NO_DATE, to = ORG_NO_DATE;
	td_money amount = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(INTEREST_PATH, req->path, &account, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_date(body, "from", &from, &p);
		org_field_date(body, "to", &to, &p);
		if (!json_object_get(body, "from") || !json_object_get(body, "to"))
			problem_add(&p, TD_EINVAL,
				    "fields 'from' and 'to' are required (YYYY-MM-DD; to exclusive)");
		rc = problems_finish(&p);
	}
	json_decref(body);
	if (rc == TD_OK)
		rc = savings_post_interest(&ctx, account, from, to, &amount, err);
	json_t *acc = NULL;
	if (rc == TD_OK)
		rc = savings_get(&ctx, account, &acc, err);
	if (rc != TD_OK)
		return rc;
	char f[TD_DATE_FMT_MAX], t[TD_DATE_FMT_MAX];
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:o}", "account_id", (json_int_t)account,
			      "period_from", date_format_iso(from, f, sizeof f), "period_to",
			      date_format_iso(to, t, sizeof t), "amount", (json_int_t)amount,
			      "account", acc);
	if (!j)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	return api_respond_json(res, amount > 0 ? 201 : 200, j, err);
}

/* Adds "rate_pct" ("0.5") next to each "rate" (millionths), as programmes show theirs. */
static void add_rate_pct(json_t *items)
{
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o)
	{
		char pct[24];
		rate_format_percent(json_integer_value(json_object_get(o, "rate")), pct, sizeof pct);
		json_object_set_new(o, "rate_pct", json_string(pct));
	}
}

/* ?office=CODE or ?office_id=ID of a branch (default: the actor's office): its deposit
 * rates, newest first. */
int route_savings_rates(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t office = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_office(req, &ctx, &office, err);
	if (rc == TD_OK)
		rc = savings_rates(&ctx, office, &j, err);
	if (rc != TD_OK)
		return rc;
	add_rate_pct(json_object_get(j, "items"));
	return api_respond_json(res, 200, j, err);
}

struct rate_req {
	int64_t office;
	td_rate rate;
	td_date from;
};

static int rate_from_json(json_t *body, struct rate_req *r, struct td_error *err)
{
	static const char *const keys[] = {"office_id", "rate_pct", "effective_from", NULL};
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, keys, &p);
	org_field_int(body, "office_id", &r->office, &p);
	org_field_date(body, "effective_from", &r->from, &p);
	if (r->office <= 0)
		problem_add(&p, TD_EINVAL, "field 'office_id' is missing (the branch, chi nhánh)");
	if (!json_object_get(body, "effective_from"))
		problem_add(&p, TD_EINVAL, "field 'effective_from' is missing (YYYY-MM-DD)");
	json_t *v = json_object_get(body, "rate_pct");
	struct td_error one = {0};
	if (!json_is_string(v))
		problem_add(&p, TD_EINVAL, "field 'rate_pct' must be a percent string such as \"0.5\"");
	else if (rate_parse_percent(json_string_value(v), &r->rate, &one) != TD_OK)
		problem_add(&p, TD_EINVAL, "rate_pct: %s", one.msg);
	return problems_finish(&p);
}

/* POST {"office_id","rate_pct","effective_from"}: the branch's deposit rate from that day
 * on; 201 with the new row. Earlier rows stay as history. */
int route_savings_rate_set(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL, *j = NULL;
	struct rate_req r = {.from = ORG_NO_DATE};
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = rate_from_json(body, &r, err);
	json_decref(body);
	if (rc == TD_OK)
		rc = savings_rate_set(&ctx, r.office, r.rate, r.from, err);
	if (rc == TD_OK)
		rc = savings_rates(&ctx, r.office, &j, err);
	if (rc != TD_OK)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	date_format_iso(r.from, iso, sizeof iso);
	json_t *items = json_object_get(j, "items"), *o, *row = NULL;
	size_t i;
	add_rate_pct(items);
	json_array_foreach(items, i, o)
	{
		if (strcmp(json_string_value(json_object_get(o, "effective_from")) ?: "", iso) == 0)
			row = json_incref(o);
	}
	json_decref(j);
	if (!row)
		return td_error_set(err, TD_EINTERNAL, "the rate of office %lld from %s vanished",
				    (long long)r.office, iso);
	return api_respond_json(res, 201, row, err);
}
