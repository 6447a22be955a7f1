/*
 * Loan decisions and repayments from savings over the JSON API, in-process on SQLite and
 * PostgreSQL (docs/loans.md, docs/api.md): POST /api/v1/loans/{id}/events (R-EXT-1,
 * R-RISK-1, maker–checker) and POST /api/v1/loans/{id}/repayments with savings_account_id
 * (R-SAV-1), each through the Idempotency-Key middleware (R-GL-3) as server.c runs it.
 *
 * The place is tests/apidb/authz_fixture.h's office A (PGD314) with its users, plus: a
 * second director (the approver), a central source of 1,000,000,000 đồng, a loan of
 * 30,000,000 đồng to hh[0] and one to hh[1] disbursed on 2024-06-15, and savings accounts of
 * hh[0] (2,000,000 đồng) and hh[1] (500,000 đồng), loss assessments of 2024-12-20 (a flood
 * at 50 % and the borrower's death for loan 0, a drought at 20 % for loan 1). Business date
 * 2025-01-01.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "api/idempotency.h"
#include "api/router.h"
#include "apidb/authz_fixture.h"
#include "bank/application.h"
#include "support/forms.h"
#include "bank/capital.h"
#include "bank/check.h"
#include "bank/loan.h"
#include "bank/savings.h"

static enum td_backend backend;

struct api_fx {
	struct authz_fixture f;
	int64_t approver, source, loan0, loan1, save0, save1;
	int64_t flood0, death0, drought1; /* loss assessments (R-RISK-1, R-EXT-1) */
};

/* One answer: status, problem code and detail, the JSON. */
struct answer {
	int status;
	char code[40];
	char detail[400];
	char *body;
	json_t *json;
};

static void answer_free(struct answer *a)
{
	free(a->body);
	json_decref(a->json);
	memset(a, 0, sizeof *a);
}

static const struct api_route *route_of(const char *method, const char *pattern)
{
	for (const struct api_route *r = api_routes; r->method; r++)
		if (strcmp(r->method, method) == 0 && strcmp(r->pattern, pattern) == 0)
			return r;
	fail_msg("no route %s %s", method, pattern);
	return NULL;
}

/* POST body to path as role (of office A), under key (may be NULL), committed as the
 * server would. */
static void post(struct api_fx *x, enum td_role role, const char *pattern, const char *path,
		 const char *key, const char *body, struct answer *out)
{
	memset(out, 0, sizeof *out);
	struct api_request req = {.method = "POST",
				  .path = path,
				  .body = body,
				  .body_len = strlen(body),
				  .store = x->f.s,
				  .idem_key = key,
				  .authenticated = 1,
				  .actor = x->f.actor[role]};
	struct api_response res = {0};
	struct td_error err = {0};
	if (idem_run(&req, route_of("POST", pattern), &res, &err) != TD_OK)
		api_respond_problem(&res, &err, path);
	out->status = res.status;
	out->body = res.body_static ? strdup(res.body) : res.body;
	out->json = out->body ? json_loads(out->body, 0, NULL) : NULL;
	const char *code = json_string_value(json_object_get(out->json, "code"));
	const char *detail = json_string_value(json_object_get(out->json, "detail"));
	snprintf(out->code, sizeof out->code, "%s", res.status >= 400 && code ? code : "");
	snprintf(out->detail, sizeof out->detail, "%s", detail ? detail : "");
}

static void expect(const struct answer *a, int status, const char *code, const char *text)
{
	if (a->status != status || (code && strcmp(a->code, code) != 0) ||
	    (text && !strstr(a->detail, text)))
		fail_msg("want %d %s '%s', got %d %s: %s", status, code ? code : "",
			 text ? text : "", a->status, a->code, a->body ? a->body : "");
}

static int64_t count(struct api_fx *x, const char *sql)
{
	int64_t n = -1;
	struct td_error err = {0};
	if (store_query_int64(x->f.s, sql, &n, &err) != TD_OK)
		fail_msg("%s: %s", sql, err.msg);
	return n;
}

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static td_money available(struct api_fx *x)
{
	td_money v = 0;
	struct td_error err = {0};
	authz_check(capital_available(x->f.s, x->source, 0, &v, &err), &err, "available");
	return v;
}

static void books_agree(struct api_fx *x)
{
	struct check_report r = {0};
	struct td_error err = {0};
	authz_check(check_run(x->f.s, CHECK_ALL_DATES, &r, &err), &err, "check");
	if (r.mismatches)
		fail_msg("tindung check: %lld mismatches", (long long)r.mismatches);
}

/* hh's application through the decision of A's director, disbursed by A's teller. */
static int64_t loan_of(struct api_fx *x, int64_t hh)
{
	struct authz_fixture *f = &x->f;
	struct application_input in = {.household_id = hh,
				       .programme = "1",
				       .amount = 30000000,
				       .term_months = 36,
				       .purpose = "Nuôi bò",
				       .plan = "Nuôi 2 con bò sinh sản",
				       .applied_on = authz_day("2024-06-03")};
	struct application_vote v = {.on = authz_day("2024-06-05"),
				     .minutes_no = "02/10C",
				     .list_no = "02/03TD",
				     .org_rep = "Nguyễn Thị Hội",
				     .village_head = "Trần Văn Thôn",
				     .members_present = 3,
				     .votes_for = 3};
	struct td_ctx co = f->ctx, dc = f->ctx, tc = f->ctx;
	co.actor = &f->actor[ROLE_CREDIT_OFFICER];
	dc.actor = &f->actor[ROLE_DIRECTOR];
	tc.actor = &f->actor[ROLE_TELLER];
	struct td_error err = {0};
	int64_t app = 0, id = 0;
	authz_check(application_create(&f->ctx, &in, &app, &err), &err, "application");
	authz_check(application_vote(&f->ctx, app, &v, &err), &err, "vote");
	authz_check(
		application_confirm(&f->ctx, app, FIX_COMMUNE_DOC(authz_day("2024-06-07")), &err),
		&err, "confirm");
	authz_check(application_check(&co, app, authz_day("2024-06-10"), NULL, &err), &err,
		    "check");
	authz_check(application_decide(&dc, app, authz_day("2024-06-11"), true, NULL, &err), &err,
		    "decide");
	struct loan_disburse_input di = {.application_id = app,
					 .source_id = x->source,
					 .amount = 30000000,
					 .on = authz_day("2024-06-15")};
	authz_check(loan_disburse(&tc, &di, &id, &err), &err, "disburse");
	return id;
}

static int64_t savings_of(struct api_fx *x, int64_t hh, td_money amount)
{
	struct td_error err = {0};
	int64_t id = 0;
	authz_check(savings_open(&x->f.ctx, hh, x->f.a.group, &id, &err), &err, "savings");
	authz_check(savings_deposit(&x->f.ctx, id, amount, NULL, &err), &err, "deposit");
	return id;
}

/* A loss assessment of loan on 2024-12-20, recorded by A's director. */
static int64_t assessment(struct api_fx *x, int64_t loan, const char *cause, int loss_bp)
{
	struct td_ctx c = x->f.ctx;
	c.actor = &x->f.actor[ROLE_DIRECTOR];
	struct td_error err = {0};
	int64_t id = 0;
	authz_check(fix_assess(&c, loan, cause, loss_bp, authz_day("2024-12-20"), &id, &err), &err,
		    "assess");
	return id;
}

static int setup(void **state)
{
	static struct api_fx x;
	memset(&x, 0, sizeof x);
	authz_fixture_build(&x.f, backend);
	struct authz_fixture *f = &x.f;
	x.approver = authz_user(f, "a.director2", ROLE_DIRECTOR, f->a.office, 0, 0);
	struct capital_input src = {"TW-A", "central", "Vốn trung ương PGD A", f->a.office};
	struct td_error err = {0};
	authz_check(capital_create(&f->ctx, &src, &x.source, &err), &err, "source");
	authz_check(capital_transfer(&f->ctx, x.source, CAPITAL_IN, 1000000000, "QĐ 1", NULL, NULL,
				     &err),
		    &err, "transfer");
	x.loan0 = loan_of(&x, f->a.hh[0]);
	x.loan1 = loan_of(&x, f->a.hh[1]);
	x.save0 = savings_of(&x, f->a.hh[0], 2000000);
	x.save1 = savings_of(&x, f->a.hh[1], 500000);
	x.flood0 = assessment(&x, x.loan0, "natural_disaster", 5000);
	x.death0 = assessment(&x, x.loan0, "death", 10000);
	x.drought1 = assessment(&x, x.loan1, "natural_disaster", 2000);
	*state = &x;
	return 0;
}

static int teardown(void **state)
{
	struct api_fx *x = *state;
	authz_fixture_free(&x->f);
	return 0;
}

#define EVENTS "/api/v1/loans/{id}/events"
#define REPAY "/api/v1/loans/{id}/repayments"

/* A decision body: kind, the decision of approver, and extra fields (JSON members or ""). */
static void decision(char *buf, size_t size, const char *kind, int64_t approver, const char *extra)
{
	snprintf(buf, size,
		 "{\"kind\":\"%s\",\"decision_no\":\"12/QĐ-UBND\",\"decided_on\":\"2024-12-20\","
		 "\"reason\":\"Lũ quét cuốn trôi chuồng trại\",\"approver_id\":%lld%s%s}",
		 kind, (long long)approver, extra[0] ? "," : "", extra);
}

/* R-RISK-1 over HTTP: a freeze by the board (central capital) of the whole principal,
 * recorded by a director and approved by another, replayed under its key (booked once),
 * the key reused for another body (409), then an unfreeze and a write-off of everything that
 * leaves the source's available balance as it was (R-CAP-1). */
static void test_r_risk_1_decisions_over_http_R_GL_3(void **state)
{
	struct api_fx *x = *state;
	char path[96], body[512], extra[160];
	snprintf(path, sizeof path, "/api/v1/loans/%lld/events", (long long)x->loan0);
	snprintf(extra, sizeof extra,
		 "\"level\":\"central\",\"months\":12,\"principal\":\"all\",\"assessment_id\":%lld",
		 (long long)x->flood0);
	decision(body, sizeof body, "freeze", x->approver, extra);
	struct answer a, b;
	post(x, ROLE_DIRECTOR, EVENTS, path, "ev-freeze-1", body, &a);
	expect(&a, 201, NULL, NULL);
	assert_string_equal(jstr(a.json, "kind"), "freeze");
	assert_string_equal(jstr(a.json, "approver"), "a.director2");
	assert_string_equal(jstr(a.json, "level"), "central");
	assert_string_equal(jstr(a.json, "body"), "Hội đồng quản trị NHCSXH");
	assert_int_equal(jint(a.json, "principal"), 30000000);
	assert_int_equal(jint(a.json, "assessment_id"), x->flood0);
	assert_string_equal(jstr(a.json, "until"), "2025-12-20");
	assert_int_equal(jint(a.json, "approver_id"), x->approver);
	assert_string_equal(jstr(json_object_get(a.json, "loan"), "status"), "frozen");
	assert_int_equal(jint(json_object_get(a.json, "loan"), "frozen_principal"), 30000000);
	assert_string_equal(jstr(json_object_get(a.json, "after"), "status"), "frozen");
	post(x, ROLE_DIRECTOR, EVENTS, path, "ev-freeze-1", body, &b);
	expect(&b, 201, NULL, NULL);
	assert_string_equal(a.body, b.body);
	answer_free(&b);
	assert_int_equal(count(x, "SELECT count(*) FROM loan_event"), 1);
	decision(body, sizeof body, "freeze", x->approver, "\"level\":\"district\",\"months\":6");
	post(x, ROLE_DIRECTOR, EVENTS, path, "ev-freeze-1", body, &b);
	expect(&b, 409, "idempotency_conflict", "ev-freeze-1");
	answer_free(&b);
	answer_free(&a);

	td_money before = available(x);
	decision(body, sizeof body, "unfreeze", x->approver, "\"level\":\"central\"");
	post(x, ROLE_DIRECTOR, EVENTS, path, "ev-unfreeze-1", body, &a);
	expect(&a, 201, NULL, NULL);
	assert_string_equal(jstr(json_object_get(a.json, "loan"), "status"), "in_term");
	answer_free(&a);
	snprintf(extra, sizeof extra,
		 "\"level\":\"central\",\"principal\":\"all\",\"interest\":\"all\","
		 "\"assessment_id\":%lld",
		 (long long)x->death0);
	decision(body, sizeof body, "write_off", x->approver, extra);
	post(x, ROLE_DIRECTOR, EVENTS, path, "ev-write-off-1", body, &a);
	expect(&a, 201, NULL, NULL);
	json_t *after = json_object_get(a.json, "after");
	assert_string_equal(jstr(after, "status"), "written_off");
	assert_int_equal(jint(after, "capital_charged"), 30000000);
	assert_true(jint(a.json, "entry_id") > 0);
	answer_free(&a);
	assert_int_equal(available(x), before);
	assert_int_equal(count(x, "SELECT count(*) FROM loan_event"), 3);
	books_agree(x);
}

/* R-RISK-1, R-EXT-1 over HTTP: a loss assessment recorded (201, as the list shows it) and
 * listed; missing fields named at once (400), a credit officer refused (403); nothing
 * recorded by a refusal. */
static void test_r_risk_1_assessments_over_http(void **state)
{
	struct api_fx *x = *state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/loans/%lld/assessments", (long long)x->loan1);
	int64_t n = count(x, "SELECT count(*) FROM loan_loss_assessment");
	const char *good = "{\"cause\":\"fire\",\"loss_bp\":4500,\"assessed_on\":\"2024-12-28\","
			   "\"minutes_no\":\"09/BB\",\"commune_doc_no\":\"33/UBND-XN\","
			   "\"commune_doc_on\":\"2024-12-27\",\"commune_signatory\":\"Lê Văn Chủ\","
			   "\"commune_signatory_title\":\"Chủ tịch UBND xã\"}";
	struct answer a;
	post(x, ROLE_DIRECTOR, "/api/v1/loans/{id}/assessments", path, "as-1",
	     "{\"cause\":\"fire\",\"loss_bp\":4500}", &a);
	expect(&a, 400, "invalid", "thiếu ngày xác định thiệt hại");
	assert_true(strstr(a.detail, "thiếu số văn bản xác nhận của UBND xã") != NULL);
	answer_free(&a);
	post(x, ROLE_DIRECTOR, "/api/v1/loans/{id}/assessments", path, "as-2",
	     "{\"cause\":\"fire\",\"loss_bp\":\"45\"}", &a);
	expect(&a, 400, "invalid", "loss_bp");
	answer_free(&a);
	post(x, ROLE_CREDIT_OFFICER, "/api/v1/loans/{id}/assessments", path, "as-3", good, &a);
	expect(&a, 403, "forbidden", "loan_restructure");
	answer_free(&a);
	assert_int_equal(count(x, "SELECT count(*) FROM loan_loss_assessment"), n);
	post(x, ROLE_DIRECTOR, "/api/v1/loans/{id}/assessments", path, "as-4", good, &a);
	expect(&a, 201, NULL, NULL);
	assert_string_equal(jstr(a.json, "cause"), "fire");
	assert_string_equal(jstr(a.json, "loss_pct"), "45 %");
	assert_string_equal(jstr(a.json, "commune_doc_on"), "2024-12-27");
	assert_string_equal(jstr(a.json, "recorded_by"), "a.director");
	answer_free(&a);
	assert_int_equal(count(x, "SELECT count(*) FROM loan_loss_assessment"), n + 1);
}

/* Every refusal is precise and books nothing: unknown kind, missing decision number,
 * a field the kind does not take or a field it needs, the approver being the preparer
 * (maker–checker), a role without loan_restructure, an unknown loan. */
static void test_r_ext_1_decision_refusals_over_http(void **state)
{
	struct api_fx *x = *state;
	char path[96], body[512];
	snprintf(path, sizeof path, "/api/v1/loans/%lld/events", (long long)x->loan1);
	int64_t events = count(x, "SELECT count(*) FROM loan_event");
	int64_t audit = count(x, "SELECT count(*) FROM audit_log");
	struct answer a;

	decision(body, sizeof body, "pardon", x->approver, "");
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-1", body, &a);
	expect(&a, 400, "invalid", "field 'kind' is 'pardon': one of extend, rollover");
	answer_free(&a);
	snprintf(body, sizeof body,
		 "{\"kind\":\"write_off\",\"decided_on\":\"2024-12-20\",\"reason\":\"Chết\","
		 "\"approver_id\":%lld,\"level\":\"central\"}",
		 (long long)x->approver);
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-2", body, &a);
	expect(&a, 400, "invalid", "decision number (số quyết định) is required");
	answer_free(&a);
	decision(body, sizeof body, "write_off", x->approver,
		 "\"level\":\"central\",\"instalment\":2");
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-3", body, &a);
	expect(&a, 400, "invalid", "field 'instalment' does not apply to kind write_off");
	answer_free(&a);
	decision(body, sizeof body, "extend", x->approver, "\"instalment\":2");
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-4", body, &a);
	expect(&a, 400, "invalid", "field 'months' is missing: kind extend needs it");
	answer_free(&a);
	decision(body, sizeof body, "reschedule", x->approver, "\"plan\":[{\"due_on\":\"x\"}]");
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-5", body, &a);
	expect(&a, 400, "invalid", "plan[0]: 'principal' must be a whole number");
	answer_free(&a);
	/* maker–checker: the director names itself */
	char ext[96];
	snprintf(ext, sizeof ext, "\"instalment\":1,\"months\":3,\"assessment_id\":%lld",
		 (long long)x->drought1);
	decision(body, sizeof body, "extend", x->f.user[ROLE_DIRECTOR], ext);
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-6", body, &a);
	expect(&a, 422, "rule", "maker–checker");
	answer_free(&a);
	/* R-EXT-1 over the limit: 19 months of a 36-month loan */
	char too_long[96];
	snprintf(too_long, sizeof too_long, "\"instalment\":3,\"months\":19,\"assessment_id\":%lld",
		 (long long)x->drought1);
	decision(body, sizeof body, "extend", x->approver, too_long);
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-7", body, &a);
	expect(&a, 422, "rule", "[too_long]");
	answer_free(&a);
	/* R-EXT-1 without its dossier */
	decision(body, sizeof body, "extend", x->approver, "\"instalment\":1,\"months\":3");
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-7b", body, &a);
	expect(&a, 400, "invalid", "thiếu biên bản xác định thiệt hại");
	answer_free(&a);
	/* R-RISK-1, the run: a district-level write-off of a central-capital loan */
	char wo[160];
	snprintf(wo, sizeof wo,
		 "\"level\":\"district\",\"principal\":\"all\",\"assessment_id\":%lld",
		 (long long)x->drought1);
	decision(body, sizeof body, "write_off", x->approver, wo);
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-7c", body, &a);
	expect(&a, 422, "rule", "thuộc thẩm quyền Hội đồng quản trị NHCSXH");
	assert_true(strstr(a.detail, "không phải cấp district") != NULL);
	answer_free(&a);
	decision(body, sizeof body, "write_off", x->approver, "\"principal\":\"half\"");
	post(x, ROLE_DIRECTOR, EVENTS, path, "bad-7d", body, &a);
	expect(&a, 400, "invalid", "field 'principal' must be a whole number of đồng");
	answer_free(&a);
	decision(body, sizeof body, "extend", x->approver, ext);
	post(x, ROLE_CREDIT_OFFICER, EVENTS, path, "bad-8", body, &a);
	expect(&a, 403, "forbidden", "loan_restructure");
	answer_free(&a);
	post(x, ROLE_DIRECTOR, EVENTS, "/api/v1/loans/999999/events", "bad-9", body, &a);
	expect(&a, 404, "not_found", "999999");
	answer_free(&a);
	assert_int_equal(count(x, "SELECT count(*) FROM loan_event"), events);
	assert_int_equal(count(x, "SELECT count(*) FROM audit_log"), audit);

	/* and the good one: R-EXT-1, instalment 1 moves 3 months */
	post(x, ROLE_DIRECTOR, EVENTS, path, "ok-1", body, &a);
	expect(&a, 201, NULL, NULL);
	assert_string_equal(jstr(a.json, "kind"), "extend");
	json_t *inst = json_object_get(json_object_get(a.json, "loan"), "instalments");
	assert_string_equal(jstr(json_array_get(inst, 0), "due_on"), "2025-09-15");
	answer_free(&a);
	books_agree(x);
}

/* R-SAV-1 over HTTP: savings_account_id on the repayment route; the other household's
 * account and too little in one's own are 422 naming the amounts; the replay books once. */
static void test_r_sav_1_repayment_from_savings_over_http(void **state)
{
	struct api_fx *x = *state;
	char path[96], body[256];
	snprintf(path, sizeof path, "/api/v1/loans/%lld/repayments", (long long)x->loan1);
	struct answer a, b;
	snprintf(body, sizeof body,
		 "{\"amount\":100000,\"paid_on\":\"2024-12-31\",\"savings_account_id\":%lld}",
		 (long long)x->save0);
	post(x, ROLE_TELLER, REPAY, path, "sv-1", body, &a);
	expect(&a, 422, "rule", "belongs to household");
	answer_free(&a);
	snprintf(body, sizeof body,
		 "{\"amount\":600000,\"paid_on\":\"2024-12-31\",\"savings_account_id\":%lld}",
		 (long long)x->save1);
	post(x, ROLE_TELLER, REPAY, path, "sv-2", body, &a);
	expect(&a, 422, "rule", "chỉ còn 500.000 đồng, không đủ trả nợ 600.000 đồng");
	answer_free(&a);
	post(x, ROLE_TELLER, REPAY, path, "sv-3",
	     "{\"amount\":1000,\"paid_on\":\"2024-12-31\",\"savings_account_id\":0}", &a);
	expect(&a, 400, "invalid", "savings_account_id");
	answer_free(&a);
	assert_int_equal(count(x, "SELECT count(*) FROM loan_repayment"), 0);

	snprintf(body, sizeof body,
		 "{\"amount\":400000,\"paid_on\":\"2024-12-31\",\"savings_account_id\":%lld}",
		 (long long)x->save1);
	post(x, ROLE_TELLER, REPAY, path, "sv-4", body, &a);
	expect(&a, 201, NULL, NULL);
	assert_int_equal(jint(a.json, "savings_account_id"), x->save1);
	json_t *al = json_object_get(a.json, "allocation");
	assert_int_equal(jint(al, "in_term_interest") + jint(al, "prepaid_principal"), 400000);
	post(x, ROLE_TELLER, REPAY, path, "sv-4", body, &b);
	expect(&b, 201, NULL, NULL);
	assert_string_equal(a.body, b.body);
	answer_free(&a);
	answer_free(&b);
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT balance FROM savings_account WHERE id = %lld",
		 (long long)x->save1);
	assert_int_equal(count(x, sql), 100000);
	assert_int_equal(count(x, "SELECT count(*) FROM loan_repayment WHERE savings_txn_id IS "
				  "NOT NULL"),
			 1);
	/* a cash repayment answers savings_account_id null */
	post(x, ROLE_TELLER, REPAY, path, "cash-1", "{\"amount\":1000,\"paid_on\":\"2024-12-31\"}",
	     &a);
	expect(&a, 201, NULL, NULL);
	assert_true(json_is_null(json_object_get(a.json, "savings_account_id")));
	answer_free(&a);
	books_agree(x);
}

int main(void)
{
	backend = testdb_backend_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_risk_1_decisions_over_http_R_GL_3),
		cmocka_unit_test(test_r_ext_1_decision_refusals_over_http),
		cmocka_unit_test(test_r_risk_1_assessments_over_http),
		cmocka_unit_test(test_r_sav_1_repayment_from_savings_over_http),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
