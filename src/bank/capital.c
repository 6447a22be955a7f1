/* Capital sources and their transfers (R-CAP-1): the balance lives in the ledger. */
#include "bank/capital.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/ledger.h"
#include "bank/org_util.h"

static const struct org_col source_cols[] = {
	{"id", 'i'},	     {"code", 't'},	     {"kind", 't'},
	{"name", 't'},	     {"office_id", 'i'},     {"office_code", 't'},
	{"investor", 't'},   {"investor_code", 't'}, {"investor_level", 't'},
	{"created_on", 't'}, {NULL, 0},
};
#define SOURCE_SELECT                                                                      \
	"SELECT c.id, c.code, c.kind, c.name, c.office_id, o.code, c.investor, "            \
	"c.investor_code, c.investor_level, c.created_on FROM capital_source c JOIN office o " \
	"ON o.id = c.office_id"

static bool given(const char *s)
{
	return s && s[0];
}

static void validate_investor(const struct capital_input *in, struct org_problems *p)
{
	bool local = given(in->kind) && strcmp(in->kind, "local") == 0;
	const char *names[] = {"investor", "investor_code", "investor_level"};
	const char *vals[] = {in->investor, in->investor_code, in->investor_level};
	for (int i = 0; i < 3; i++) {
		if (local && !given(vals[i]))
			problem_add(p, TD_EINVAL,
				    "%s is missing: a local source (nguồn vốn ủy thác địa phương) "
				    "names the People's Committee that entrusted it",
				    names[i]);
		if (!local && given(vals[i]))
			problem_add(p, TD_EINVAL,
				    "%s is given, but a central source has no investor", names[i]);
	}
	static const char *const levels[] = {"province", "district", "commune"};
	bool level_ok = !given(in->investor_level);
	for (int i = 0; i < 3 && !level_ok; i++)
		level_ok = strcmp(in->investor_level, levels[i]) == 0;
	if (!level_ok)
		problem_add(p, TD_EINVAL,
			    "investor_level '%s' is not known; one of: province, district, commune",
			    in->investor_level);
}

static int validate(struct td_store *s, const struct capital_input *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	if (!given(in->code) || strlen(in->code) > 32)
		problem_add(&p, TD_EINVAL, "code is missing or longer than 32 characters");
	if (!given(in->kind) || (strcmp(in->kind, "central") && strcmp(in->kind, "local")))
		problem_add(&p, TD_EINVAL,
			    "kind '%s' is not known; one of: central (trung ương), local (địa "
			    "phương)",
			    in->kind ? in->kind : "");
	if (!given(in->name))
		problem_add(&p, TD_EINVAL, "name is missing");
	validate_investor(in, &p);
	int64_t n = 0;
	int rc = org_query_int64(s, &n, err, "SELECT count(*) FROM office WHERE id = ?", "i",
				 in->office_id);
	if (rc != TD_OK)
		return rc;
	if (n == 0)
		problem_add(&p, TD_EFOREIGN, "office %lld does not exist", (long long)in->office_id);
	return problems_finish(&p);
}

static int source_load(struct td_store *s, int64_t id, json_t **out, struct td_error *err);

static int audit_source(struct td_ctx *ctx, const char *action, int64_t id, struct td_error *err)
{
	json_t *j = NULL;
	int rc = source_load(ctx->store, id, &j, err);
	char *text = rc == TD_OK ? org_json_text(j) : NULL;
	if (rc == TD_OK)
		rc = audit_record(ctx, action, "capital_source", id, NULL, text, err);
	free(text);
	json_decref(j);
	return rc;
}

int capital_create(struct td_ctx *ctx, const struct capital_input *in, int64_t *id,
		   struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = {in->office_id, 0, 0};
	rc = access_check(ctx, ACT_CAPITAL_WRITE, &scope, err);
	if (rc == TD_OK)
		rc = validate(ctx->store, in, err);
	if (rc == TD_OK) {
		bool local = strcmp(in->kind, "local") == 0;
		rc = org_query_int64(
			ctx->store, id, err,
			"INSERT INTO capital_source (code, kind, name, office_id, investor, "
			"investor_code, investor_level, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			"RETURNING id",
			"tttitttd", in->code, in->kind, in->name, in->office_id,
			local ? in->investor : NULL, local ? in->investor_code : NULL,
			local ? in->investor_level : NULL, ctx->business_date);
		if (rc == TD_EUNIQUE)
			td_error_set(err, TD_EUNIQUE, "capital source code '%s' is already in use",
				     in->code);
	}
	if (rc == TD_OK)
		rc = audit_source(ctx, "create", *id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* Capital balance and loan balances of the source at office (0: all), from gl_balance. */
static int source_balances(struct td_store *s, int64_t source, int64_t office, td_money *capital,
			   td_money *lent, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT CAST(coalesce(sum(CASE WHEN a.type_code IN ('CAPITAL_CENTRAL', "
		"'CAPITAL_LOCAL') THEN b.credit - b.debit ELSE 0 END), 0) AS BIGINT), "
		"CAST(coalesce(sum(CASE WHEN a.type_code IN ('LOAN_IN_TERM', 'LOAN_OVERDUE', "
		"'LOAN_FROZEN') THEN b.debit - b.credit ELSE 0 END), 0) AS BIGINT) "
		"FROM gl_account a JOIN gl_balance b ON b.account_id = a.id "
		"WHERE a.source_id = ? AND (CAST(? AS BIGINT) = 0 OR a.office_id = ?)",
		"iii", source, office, office);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*capital = stmt_column_int64(st, 0);
		*lent = stmt_column_int64(st, 1);
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? td_error_set(err, TD_EINTERNAL, "sum returned no row") : rc;
}

static int transfer_sum(struct td_store *s, int64_t source, const char *dir, td_money *out,
			struct td_error *err)
{
	return org_query_int64(s, out, err,
			       "SELECT CAST(coalesce(sum(amount), 0) AS BIGINT) FROM "
			       "capital_transfer WHERE source_id = ? AND direction = ?",
			       "it", source, dir);
}

/* Principal of the source's loans written off and charged to its capital (R-RISK-1). */
static int written_off_sum(struct td_store *s, int64_t source, td_money *out, struct td_error *err)
{
	return org_query_int64(s, out, err,
			       "SELECT CAST(coalesce(sum(e.capital_charged), 0) AS BIGINT) FROM "
			       "loan_event e JOIN loan l ON l.id = e.loan_id WHERE l.source_id = ? "
			       "AND e.kind = 'write_off'",
			       "i", source);
}

/* The source's figures added to its object. */
static int add_amounts(struct td_store *s, json_t *o, struct td_error *err)
{
	int64_t id = json_integer_value(json_object_get(o, "id"));
	td_money in = 0, out = 0, written_off = 0, capital = 0, lent = 0;
	int rc = transfer_sum(s, id, "in", &in, err);
	if (rc == TD_OK)
		rc = transfer_sum(s, id, "out", &out, err);
	if (rc == TD_OK)
		rc = written_off_sum(s, id, &written_off, err);
	if (rc == TD_OK)
		rc = source_balances(s, id, 0, &capital, &lent, err);
	td_money avail = 0;
	if (rc == TD_OK && money_sub(capital, lent, &avail) != TD_OK)
		rc = td_error_set(err, TD_EOVERFLOW, "source %lld: balance overflows",
				  (long long)id);
	if (rc == TD_OK) {
		json_object_set_new(o, "entrusted", json_integer(in));
		json_object_set_new(o, "returned", json_integer(out));
		json_object_set_new(o, "written_off", json_integer(written_off));
		json_object_set_new(o, "lent", json_integer(lent));
		json_object_set_new(o, "available", json_integer(avail));
	}
	return rc;
}

static int source_load(struct td_store *s, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, SOURCE_SELECT " WHERE c.id = ?", "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	*out = NULL;
	if (rc == TD_ROW) {
		*out = org_row_json(st, source_cols, 0);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "capital source (nguồn vốn) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

int capital_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	json_t *o = NULL;
	int rc = source_load(ctx->store, id, &o, err);
	struct td_scope scope = {o ? json_integer_value(json_object_get(o, "office_id")) : 0, 0, 0};
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc == TD_OK)
		rc = add_amounts(ctx->store, o, err);
	if (rc != TD_OK) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return TD_OK;
}

int capital_list(struct td_ctx *ctx, int64_t limit, int64_t offset, json_t **out,
		 struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	struct td_scope mine = {a->office_id, a->chapter_id, a->group_id};
	int rc = access_check(ctx, ACT_READ, &mine, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q, SOURCE_SELECT " WHERE 1 = 1", "ORDER BY c.code, c.id");
	/* Sources name no chapter or group: confined roles see none of them. */
	org_query_actor_scope(&q, a, ctx->business_date, "c.office_id", NULL, NULL);
	rc = org_query_list(ctx->store, &q, source_cols, limit, offset, out, err);
	size_t i;
	json_t *item;
	json_array_foreach(rc == TD_OK ? json_object_get(*out, "items") : NULL, i, item)
	{
		rc = add_amounts(ctx->store, item, err);
		if (rc != TD_OK) {
			json_decref(*out);
			break;
		}
	}
	return rc;
}

int capital_direction_parse(const char *s, enum capital_direction *out, struct td_error *err)
{
	if (s && strcmp(s, "in") == 0)
		*out = CAPITAL_IN;
	else if (s && strcmp(s, "out") == 0)
		*out = CAPITAL_OUT;
	else
		return td_error_set(err, TD_EINVAL,
				    "direction '%s' is not known; one of: in (vốn về), out (hoàn trả)",
				    s ? s : "");
	return TD_OK;
}

int capital_available(struct td_store *s, int64_t source_id, int64_t office_id,
		      td_money *amount, struct td_error *err)
{
	int64_t n = 0;
	int rc = org_query_int64(s, &n, err, "SELECT count(*) FROM capital_source WHERE id = ?",
				 "i", source_id);
	if (rc == TD_OK && n == 0)
		rc = td_error_set(err, TD_ENOTFOUND, "capital source (nguồn vốn) %lld does not exist",
				  (long long)source_id);
	td_money capital = 0, lent = 0;
	if (rc == TD_OK)
		rc = source_balances(s, source_id, office_id, &capital, &lent, err);
	if (rc == TD_OK && money_sub(capital, lent, amount) != TD_OK)
		rc = td_error_set(err, TD_EOVERFLOW, "source %lld: balance overflows",
				  (long long)source_id);
	return rc;
}

int capital_draw_check(struct td_store *s, int64_t source_id, int64_t office_id,
		       td_money amount, struct td_error *err)
{
	assert(amount > 0);
	td_money avail = 0;
	int rc = capital_available(s, source_id, office_id, &avail, err);
	if (rc != TD_OK || amount <= avail)
		return rc;
	char code[64] = "?";
	struct td_stmt *st = NULL;
	rc = org_prepare(s, &st, err, "SELECT code FROM capital_source WHERE id = ?", "i",
			 source_id);
	if (rc == TD_OK && stmt_step(st, err) == TD_ROW)
		snprintf(code, sizeof code, "%s", stmt_column_text(st, 0));
	stmt_finalize(st);
	char a[TD_MONEY_FMT_MAX], b[TD_MONEY_FMT_MAX];
	return td_error_set(err, TD_ERULE, "nguồn vốn %s chỉ còn %s đồng, không đủ %s đồng", code,
			    money_format(avail, a, sizeof a), money_format(amount, b, sizeof b));
}

/* Reads what the transfer needs: the source's kind and office. */
static int source_kind_office(struct td_store *s, int64_t id, char kind[16], int64_t *office,
			      struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, "SELECT kind, office_id FROM capital_source WHERE id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		snprintf(kind, 16, "%s", stmt_column_text(st, 0));
		*office = stmt_column_int64(st, 1);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "capital source (nguồn vốn) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

int capital_account_type(struct td_store *s, int64_t source_id, const char **type,
			 struct td_error *err)
{
	char kind[16];
	int64_t office = 0;
	int rc = source_kind_office(s, source_id, kind, &office, err);
	if (rc == TD_OK)
		*type = strcmp(kind, "central") == 0 ? "CAPITAL_CENTRAL" : "CAPITAL_LOCAL";
	return rc;
}

static int transfer(struct td_ctx *ctx, int64_t source, enum capital_direction dir,
		    td_money amount, const char *note, int64_t *transfer_id, int64_t *entry_id,
		    struct td_error *err)
{
	char kind[16];
	int64_t office = 0;
	int rc = source_kind_office(ctx->store, source, kind, &office, err);
	struct td_scope scope = {office, 0, 0};
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_CAPITAL_WRITE, &scope, err);
	if (rc == TD_OK && (amount <= 0 || amount > TD_MONEY_MAX_INPUT))
		rc = td_error_set(err, TD_EINVAL,
				  "amount %lld đồng: a transfer is positive and at most 10^15 đồng",
				  (long long)amount);
	if (rc == TD_OK && dir == CAPITAL_OUT)
		rc = capital_draw_check(ctx->store, source, office, amount, err);
	if (rc != TD_OK)
		return rc;
	const char *cap = strcmp(kind, "central") == 0 ? "CAPITAL_CENTRAL" : "CAPITAL_LOCAL";
	bool in = dir == CAPITAL_IN;
	struct ledger_line lines[2] = {
		{"CASH", office, NULL, 0, in ? amount : 0, in ? 0 : amount},
		{cap, office, NULL, source, in ? 0 : amount, in ? amount : 0},
	};
	int64_t entry = 0;
	char ref[48];
	snprintf(ref, sizeof ref, "capital source %lld", (long long)source);
	rc = ledger_post(ctx, in ? "capital_in" : "capital_out", ref, lines, 2, &entry, err);
	int64_t id = 0;
	if (rc == TD_OK)
		rc = org_query_int64(ctx->store, &id, err,
				     "INSERT INTO capital_transfer (source_id, office_id, direction, "
				     "amount, business_date, note, entry_id) VALUES "
				     "(?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     "iitidti", source, office, in ? "in" : "out", amount,
				     ctx->business_date, note ? note : "", entry);
	if (rc == TD_OK) {
		char after[160];
		snprintf(after, sizeof after,
			 "{\"amount\":%lld,\"direction\":\"%s\",\"entry_id\":%lld,\"source_id\":%lld}",
			 (long long)amount, in ? "in" : "out", (long long)entry, (long long)source);
		rc = audit_record(ctx, "create", "capital_transfer", id, NULL, after, err);
	}
	if (rc == TD_OK && transfer_id)
		*transfer_id = id;
	if (rc == TD_OK && entry_id)
		*entry_id = entry;
	return rc;
}

int capital_transfer(struct td_ctx *ctx, int64_t source_id, enum capital_direction dir,
		     td_money amount, const char *note, int64_t *transfer_id, int64_t *entry_id,
		     struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = transfer(ctx, source_id, dir, amount, note, transfer_id, entry_id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
