/* Entrustment contracts: create, read, list. */
#include "bank/contract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/org_util.h"

static const struct org_col contract_cols[] = {
	{"id", 'i'},	    {"chapter_id", 'i'}, {"chapter_name", 't'},
	{"org", 't'},	    {"office_id", 'i'},	 {"number", 't'},
	{"signed_on", 't'}, {"parties", 't'},	 {"valid_from", 't'},
	{"valid_to", 't'},  {NULL, 0},
};
#define CONTRACT_SELECT                                                                            \
	"SELECT e.id, e.chapter_id, c.name, c.org, e.office_id, e.number, e.signed_on, "           \
	"e.parties, e.valid_from, e.valid_to FROM entrustment_contract e "                         \
	"JOIN org_chapter c ON c.id = e.chapter_id"

static int contract_load(struct td_store *s, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, CONTRACT_SELECT " WHERE e.id = ?", "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*out = org_row_json(st, contract_cols, 0);
		rc = *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND,
				  "entrustment contract (hợp đồng ủy thác) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

/* The chapter's validity on d: problems when it is unknown or not valid then. */
static int check_chapter(struct td_store *s, const struct contract_input *in,
			 struct org_problems *p, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT name, valid_from, valid_to FROM org_chapter WHERE id = ?", "i",
			     in->chapter_id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_DONE) {
		problem_add(p, TD_EFOREIGN, "chapter %lld does not exist",
			    (long long)in->chapter_id);
	} else if (rc == TD_ROW && in->valid_from != ORG_NO_DATE) {
		td_date from = org_col_date(st, 1), to = org_col_date(st, 2);
		char iso[TD_DATE_FMT_MAX];
		if (from > in->valid_from || (to != ORG_NO_DATE && to <= in->valid_from))
			problem_add(p, TD_ERULE, "chapter %lld '%s' is not valid on %s",
				    (long long)in->chapter_id, stmt_column_text(st, 0),
				    org_iso(in->valid_from, iso));
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

static int check_number(struct td_store *s, const struct contract_input *in, struct org_problems *p,
			struct td_error *err)
{
	int64_t other = 0;
	int rc = org_query_int64(
		s, &other, err,
		"SELECT id FROM entrustment_contract WHERE office_id = ? AND number = ?", "it",
		in->office_id, in->number);
	if (rc == TD_OK)
		problem_add(p, TD_EUNIQUE,
			    "contract number '%s' is already used at office %lld by contract %lld",
			    in->number, (long long)in->office_id, (long long)other);
	return rc == TD_ENOTFOUND || rc == TD_OK ? TD_OK : rc;
}

static int validate(struct td_store *s, const struct contract_input *in, struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	bool number_ok = in->number && in->number[0];
	if (!number_ok)
		problem_add(&p, TD_EINVAL, "number is missing (số hợp đồng)");
	if (!in->parties || !in->parties[0])
		problem_add(&p, TD_EINVAL, "parties are missing (các bên ký)");
	if (in->signed_on == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "signed_on is missing (ngày ký)");
	if (in->valid_from == ORG_NO_DATE)
		problem_add(&p, TD_EINVAL, "valid_from is missing");
	if (in->signed_on != ORG_NO_DATE && in->valid_from != ORG_NO_DATE &&
	    in->valid_from < in->signed_on)
		problem_add(&p, TD_EINVAL,
			    "valid_from is before signed_on: a contract takes "
			    "effect when signed or later");
	if (in->valid_from != ORG_NO_DATE && in->valid_to != ORG_NO_DATE &&
	    in->valid_to <= in->valid_from)
		problem_add(&p, TD_EINVAL, "valid_to must be after valid_from");
	int64_t n = 0;
	int rc = org_query_int64(s, &n, err, "SELECT count(*) FROM office WHERE id = ?", "i",
				 in->office_id);
	if (rc == TD_OK && n == 0)
		problem_add(&p, TD_EFOREIGN, "office %lld does not exist",
			    (long long)in->office_id);
	if (rc == TD_OK)
		rc = check_chapter(s, in, &p, err);
	if (rc == TD_OK && number_ok)
		rc = check_number(s, in, &p, err);
	return rc == TD_OK ? problems_finish(&p) : rc;
}

static int create(struct td_ctx *ctx, const struct contract_input *in, int64_t *id,
		  struct td_error *err)
{
	struct td_scope scope = {in->office_id, in->chapter_id, 0};
	int rc = access_check(ctx, ACT_ORG_WRITE, &scope, err);
	if (rc == TD_OK)
		rc = validate(ctx->store, in, err);
	if (rc == TD_OK)
		rc = org_query_int64(
			ctx->store, id, err,
			"INSERT INTO entrustment_contract (chapter_id, office_id, number, "
			"signed_on, parties, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, "
			"?) RETURNING id",
			"iitdtdD", in->chapter_id, in->office_id, in->number, in->signed_on,
			in->parties, in->valid_from, in->valid_to);
	json_t *after = NULL;
	if (rc == TD_OK)
		rc = contract_load(ctx->store, *id, &after, err);
	char *text = rc == TD_OK ? org_json_text(after) : NULL;
	if (rc == TD_OK)
		rc = audit_record(ctx, "create", "entrustment_contract", *id, NULL, text, err);
	free(text);
	json_decref(after);
	return rc;
}

int contract_create(struct td_ctx *ctx, const struct contract_input *in, int64_t *id,
		    struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = create(ctx, in, id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int contract_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	json_t *c = NULL;
	int rc = contract_load(ctx->store, id, &c, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = {json_integer_value(json_object_get(c, "office_id")),
				 json_integer_value(json_object_get(c, "chapter_id")), 0};
	rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc != TD_OK) {
		json_decref(c);
		return rc;
	}
	*out = c;
	return TD_OK;
}

int contract_list(struct td_ctx *ctx, const struct contract_filter *f, json_t **out,
		  struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	struct td_scope mine = {a->office_id, a->chapter_id, a->group_id};
	int rc = access_check(ctx, ACT_READ, &mine, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q, CONTRACT_SELECT " WHERE 1 = 1",
		       "ORDER BY e.office_id, e.signed_on, e.id");
	org_query_actor_scope(&q, a, ctx->business_date, "e.office_id", "e.chapter_id", NULL);
	if (f->chapter_id)
		org_query_and_int(&q, "e.chapter_id = ?", f->chapter_id);
	if (f->office_id)
		org_query_and_int(&q, "e.office_id = ?", f->office_id);
	char iso[TD_DATE_FMT_MAX];
	if (f->on != ORG_NO_DATE) {
		const char *d = org_iso(f->on, iso);
		org_query_and_text(&q, "e.valid_from <= ?", d);
		org_query_and_text(&q, "(e.valid_to IS NULL OR e.valid_to > ?)", d);
	}
	return org_query_list(ctx->store, &q, contract_cols, f->limit, f->offset, out, err);
}
