/*
 * Organisation chapters: create, update, read, list (DOMAIN.md §1, R-ORG-4).
 * Validation collects every problem of the input into one message.
 */
#include "bank/chapter.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/org_util.h"

static const char *const org_codes[ORG_COUNT] = {"women", "farmers", "veterans", "youth"};
static const char *const org_names[ORG_COUNT] = {"Hội Liên hiệp Phụ nữ", "Hội Nông dân",
						 "Hội Cựu chiến binh", "Đoàn Thanh niên"};
static const char *const level_names[CHAPTER_LEVEL_COUNT] = {"commune", "district", "province"};

const char *org_code_name(enum org_code o)
{
	return (o >= 0 && o < ORG_COUNT) ? org_codes[o] : "unknown";
}

const char *org_name_vi(enum org_code o)
{
	return (o >= 0 && o < ORG_COUNT) ? org_names[o] : "unknown";
}

int org_parse(const char *s, enum org_code *out, struct td_error *err)
{
	for (int i = 0; i < ORG_COUNT; i++)
		if (s && strcmp(s, org_codes[i]) == 0) {
			*out = (enum org_code)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "organisation '%s' is not known; one of: women (Hội Liên hiệp Phụ nữ), "
			    "farmers (Hội Nông dân), veterans (Hội Cựu chiến binh), youth (Đoàn "
			    "Thanh niên)",
			    s ? s : "");
}

const char *chapter_level_name(enum chapter_level l)
{
	return (l >= 0 && l < CHAPTER_LEVEL_COUNT) ? level_names[l] : "unknown";
}

int chapter_level_parse(const char *s, enum chapter_level *out, struct td_error *err)
{
	for (int i = 0; i < CHAPTER_LEVEL_COUNT; i++)
		if (s && strcmp(s, level_names[i]) == 0) {
			*out = (enum chapter_level)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "chapter level '%s' is not known; one of: commune, district, province",
			    s ? s : "");
}

static const struct org_col chapter_cols[] = {
	{"id", 'i'},	    {"org", 't'},	{"level", 't'}, {"admin_code", 't'},
	{"parent_id", 'i'}, {"office_id", 'i'}, {"name", 't'},	{"valid_from", 't'},
	{"valid_to", 't'},  {NULL, 0},
};
#define CHAPTER_SELECT                                                                             \
	"SELECT c.id, c.org, c.level, c.admin_code, c.parent_id, c.office_id, c.name, "            \
	"c.valid_from, c.valid_to FROM org_chapter c"

/* Adds "org_name" (Vietnamese) to a chapter object. */
static void add_org_name(json_t *o)
{
	enum org_code org;
	if (org_parse(json_string_value(json_object_get(o, "org")), &org, NULL) == TD_OK)
		json_object_set_new(o, "org_name", json_string(org_name_vi(org)));
}

/* The chapter row as JSON, without permission checks (callers check). */
static int chapter_load(struct td_store *s, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, CHAPTER_SELECT " WHERE c.id = ?", "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*out = org_row_json(st, chapter_cols, 0);
		rc = *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
		if (*out)
			add_org_name(*out);
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "chapter (chi hội) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

/* What the checks need to know about a parent chapter. */
struct chapter_row {
	int64_t id;
	char org[16];
	char level[16];
	char admin_code[16];
	int64_t office_id;
	td_date valid_from, valid_to;
};

static int chapter_row_load(struct td_store *s, int64_t id, struct chapter_row *r,
			    struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT org, level, admin_code, office_id, valid_from, valid_to "
			     "FROM org_chapter WHERE id = ?",
			     "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		r->id = id;
		snprintf(r->org, sizeof r->org, "%s", stmt_column_text(st, 0));
		snprintf(r->level, sizeof r->level, "%s", stmt_column_text(st, 1));
		snprintf(r->admin_code, sizeof r->admin_code, "%s", stmt_column_text(st, 2));
		r->office_id = stmt_column_int64(st, 3);
		r->valid_from = org_col_date(st, 4);
		r->valid_to = org_col_date(st, 5);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	}
	stmt_finalize(st);
	return rc;
}

static bool valid_on(const struct chapter_row *r, td_date d)
{
	return r->valid_from <= d && (r->valid_to == ORG_NO_DATE || r->valid_to > d);
}

/* The admin unit's parent code on date d into parent ("" when it has none); TD_ENOTFOUND
 * when no unit of that level and code is valid on d. */
static int admin_unit_parent(struct td_store *s, const char *level, const char *code, td_date d,
			     char *parent, size_t size, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT parent_code FROM admin_unit WHERE level = ? AND code = ? AND "
			     "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
			     "ttdd", level, code, d, d);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		const char *p = stmt_column_text(st, 0);
		snprintf(parent, size, "%s", p ? p : "");
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	}
	stmt_finalize(st);
	return rc;
}

static int check_admin_and_parent(struct td_store *s, const struct chapter_input *in,
				  enum chapter_level level, struct org_problems *p,
				  struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX], unit_parent[16] = "";
	const char *from = org_iso(in->valid_from, iso);
	int rc = admin_unit_parent(s, level_names[level], in->admin_code, in->valid_from,
				   unit_parent, sizeof unit_parent, err);
	if (rc == TD_ENOTFOUND)
		problem_add(p, TD_EFOREIGN,
			    "%s code '%s' does not exist in the admin units valid on %s",
			    level_names[level], in->admin_code, from);
	else if (rc != TD_OK)
		return rc;
	if (in->parent_id == 0)
		return TD_OK;
	if (level == CHAPTER_PROVINCE) {
		problem_add(p, TD_EINVAL,
			    "a province chapter has no parent chapter (parent_id %lld)",
			    (long long)in->parent_id);
		return TD_OK;
	}
	struct chapter_row par;
	rc = chapter_row_load(s, in->parent_id, &par, err);
	if (rc == TD_ENOTFOUND) {
		problem_add(p, TD_EFOREIGN, "parent chapter %lld does not exist",
			    (long long)in->parent_id);
		return TD_OK;
	}
	if (rc != TD_OK)
		return rc;
	const char *want = level_names[level + 1];
	if (strcmp(par.org, in->org) != 0)
		problem_add(p, TD_ERULE, "parent chapter %lld belongs to organisation %s, not %s",
			    (long long)par.id, par.org, in->org);
	if (strcmp(par.level, want) != 0)
		problem_add(p, TD_ERULE,
			    "parent chapter %lld is at %s level; a %s chapter's "
			    "parent must be at %s level",
			    (long long)par.id, par.level, level_names[level], want);
	if (!valid_on(&par, in->valid_from))
		problem_add(p, TD_ERULE, "parent chapter %lld is not valid on %s",
			    (long long)par.id, from);
	if (unit_parent[0] && strcmp(par.level, want) == 0 &&
	    strcmp(unit_parent, par.admin_code) != 0)
		problem_add(p, TD_ERULE, "%s %s lies in %s %s, but parent chapter %lld is of %s %s",
			    level_names[level], in->admin_code, want, unit_parent,
			    (long long)par.id, want, par.admin_code);
	return TD_OK;
}

/* One chapter per organisation per admin unit at a time: no overlapping periods. */
static int check_overlap(struct td_store *s, const struct chapter_input *in, int64_t self,
			 struct org_problems *p, struct td_error *err)
{
	struct td_stmt *st = NULL;
	char iso[TD_DATE_FMT_MAX];
	const char *to = in->valid_to == ORG_NO_DATE ? "9999-12-31" : org_iso(in->valid_to, iso);
	int rc = org_prepare(
		s, &st, err,
		"SELECT id, name, valid_from FROM org_chapter WHERE org = ? AND level = ? "
		"AND admin_code = ? AND id <> ? AND (valid_to IS NULL OR valid_to > ?) "
		"AND valid_from < ? ORDER BY valid_from LIMIT 1",
		"tttidt", in->org, in->level, in->admin_code, self, in->valid_from, to);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		problem_add(p, TD_EUNIQUE,
			    "%s already has a %s chapter for %s %s from %s: chapter %lld '%s' "
			    "(one chapter per organisation per unit at a time)",
			    in->org, in->level, in->level, in->admin_code, stmt_column_text(st, 2),
			    (long long)stmt_column_int64(st, 0), stmt_column_text(st, 1));
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

static int validate(struct td_store *s, const struct chapter_input *in, int64_t self,
		    struct td_error *err)
{
	struct org_problems p;
	problems_init(&p, err);
	enum org_code org;
	enum chapter_level level;
	struct td_error one = {0};
	bool org_ok = org_parse(in->org, &org, &one) == TD_OK;
	if (!org_ok)
		problem_add(&p, TD_EINVAL, "%s", one.msg);
	bool level_ok = chapter_level_parse(in->level, &level, &one) == TD_OK;
	if (!level_ok)
		problem_add(&p, TD_EINVAL, "%s", one.msg);
	bool code_ok = in->admin_code && in->admin_code[0] && strlen(in->admin_code) < 16;
	if (!code_ok)
		problem_add(&p, TD_EINVAL,
			    "admin_code is missing (the code of the commune, "
			    "district or province)");
	if (!in->name || !in->name[0])
		problem_add(&p, TD_EINVAL, "name is missing");
	bool from_ok = in->valid_from != ORG_NO_DATE;
	if (!from_ok)
		problem_add(&p, TD_EINVAL, "valid_from is missing");
	if (from_ok && in->valid_to != ORG_NO_DATE && in->valid_to <= in->valid_from)
		problem_add(&p, TD_EINVAL, "valid_to must be after valid_from");
	int64_t n = 0;
	int rc = org_query_int64(s, &n, err, "SELECT count(*) FROM office WHERE id = ?", "i",
				 in->office_id);
	if (rc != TD_OK)
		return rc;
	if (in->office_id == 0)
		problem_add(&p, TD_EINVAL, "office_id is missing (the bank office of the chapter)");
	else if (n == 0)
		problem_add(&p, TD_EFOREIGN, "office %lld does not exist",
			    (long long)in->office_id);
	if (org_ok && level_ok && code_ok && from_ok) {
		rc = check_admin_and_parent(s, in, level, &p, err);
		if (rc == TD_OK)
			rc = check_overlap(s, in, self, &p, err);
		if (rc != TD_OK)
			return rc;
	}
	return problems_finish(&p);
}

static int insert(struct td_store *s, const struct chapter_input *in, int64_t *id,
		  struct td_error *err)
{
	return org_query_int64(
		s, id, err,
		"INSERT INTO org_chapter (org, level, admin_code, parent_id, office_id, "
		"name, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		"tttIitdD", in->org, in->level, in->admin_code, in->parent_id, in->office_id,
		in->name, in->valid_from, in->valid_to);
}

/* Audit record of a chapter write: the row as it is now after, before as given. */
static int audit_chapter(struct td_ctx *ctx, const char *action, int64_t id, const char *before,
			 struct td_error *err)
{
	json_t *after = NULL;
	int rc = chapter_load(ctx->store, id, &after, err);
	char *text = rc == TD_OK ? org_json_text(after) : NULL;
	if (rc == TD_OK)
		rc = audit_record(ctx, action, "org_chapter", id, before, text, err);
	free(text);
	json_decref(after);
	return rc;
}

int chapter_create(struct td_ctx *ctx, const struct chapter_input *in, int64_t *id,
		   struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = {in->office_id, in->parent_id, 0};
	rc = access_check(ctx, ACT_ORG_WRITE, &scope, err);
	if (rc == TD_OK)
		rc = validate(ctx->store, in, 0, err);
	if (rc == TD_OK)
		rc = insert(ctx->store, in, id, err);
	if (rc == TD_OK)
		rc = audit_chapter(ctx, "create", *id, NULL, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int check_immutable(const json_t *cur, const struct chapter_input *in, struct td_error *err)
{
	static const char *const keys[] = {"org", "level", "admin_code"};
	const char *given[] = {in->org, in->level, in->admin_code};
	for (int i = 0; i < 3; i++) {
		const char *now = json_string_value(json_object_get(cur, keys[i]));
		if (given[i] && strcmp(given[i], now) != 0)
			return td_error_set(err, TD_EINVAL,
					    "%s of a chapter cannot change (%s -> %s); close this "
					    "chapter (valid_to) and create another",
					    keys[i], now, given[i]);
	}
	return TD_OK;
}

static int update(struct td_ctx *ctx, int64_t id, const struct chapter_input *in,
		  struct td_error *err)
{
	json_t *cur = NULL;
	int rc = chapter_load(ctx->store, id, &cur, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope here = {json_integer_value(json_object_get(cur, "office_id")), id, 0};
	struct td_scope there = {in->office_id, id, 0};
	rc = access_check(ctx, ACT_ORG_WRITE, &here, err);
	if (rc == TD_OK && there.office_id != here.office_id)
		rc = access_check(ctx, ACT_ORG_WRITE, &there, err);
	if (rc == TD_OK)
		rc = check_immutable(cur, in, err);
	/* The checks see the unchangeable fields as stored. */
	struct chapter_input full = *in;
	full.org = json_string_value(json_object_get(cur, "org"));
	full.level = json_string_value(json_object_get(cur, "level"));
	full.admin_code = json_string_value(json_object_get(cur, "admin_code"));
	if (rc == TD_OK && full.parent_id == id)
		rc = td_error_set(err, TD_EINVAL, "chapter %lld cannot be its own parent",
				  (long long)id);
	if (rc == TD_OK)
		rc = validate(ctx->store, &full, id, err);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE org_chapter SET parent_id = ?, office_id = ?, name = ?, "
			      "valid_from = ?, valid_to = ? WHERE id = ?",
			      "IitdDi", full.parent_id, full.office_id, full.name, full.valid_from,
			      full.valid_to, id);
	char *before = rc == TD_OK ? org_json_text(cur) : NULL;
	if (rc == TD_OK)
		rc = audit_chapter(ctx, "update", id, before, err);
	free(before);
	json_decref(cur);
	return rc;
}

int chapter_update(struct td_ctx *ctx, int64_t id, const struct chapter_input *in,
		   struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = update(ctx, id, in, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int chapter_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	json_t *c = NULL;
	int rc = chapter_load(ctx->store, id, &c, err);
	if (rc != TD_OK)
		return rc;
	struct td_scope scope = {json_integer_value(json_object_get(c, "office_id")), id, 0};
	rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc != TD_OK) {
		json_decref(c);
		return rc;
	}
	*out = c;
	return TD_OK;
}

int chapter_list(struct td_ctx *ctx, const struct chapter_filter *f, json_t **out,
		 struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	struct td_scope mine = {a->office_id, a->chapter_id, a->group_id};
	int rc = access_check(ctx, ACT_READ, &mine, err);
	if (rc != TD_OK)
		return rc;
	struct org_query q;
	org_query_init(&q, CHAPTER_SELECT " WHERE 1 = 1",
		       "ORDER BY c.org, c.level, c.admin_code, c.id");
	org_query_actor_scope(&q, a, ctx->business_date, "c.office_id", "c.id", NULL);
	if (f->org)
		org_query_and_text(&q, "c.org = ?", f->org);
	if (f->level)
		org_query_and_text(&q, "c.level = ?", f->level);
	if (f->admin_code)
		org_query_and_text(&q, "c.admin_code = ?", f->admin_code);
	if (f->parent_id)
		org_query_and_int(&q, "c.parent_id = ?", f->parent_id);
	if (f->office_id)
		org_query_and_int(&q, "c.office_id = ?", f->office_id);
	char iso[TD_DATE_FMT_MAX];
	if (f->on != ORG_NO_DATE) {
		const char *d = org_iso(f->on, iso);
		org_query_and_text(&q, "c.valid_from <= ?", d);
		org_query_and_text(&q, "(c.valid_to IS NULL OR c.valid_to > ?)", d);
	}
	rc = org_query_list(ctx->store, &q, chapter_cols, f->limit, f->offset, out, err);
	if (rc == TD_OK) {
		size_t i;
		json_t *item;
		json_array_foreach(json_object_get(*out, "items"), i, item) add_org_name(item);
	}
	return rc;
}

int chapter_in_tree(struct td_store *s, int64_t root, int64_t chapter, bool *out,
		    struct td_error *err)
{
	/* Walks up from chapter: three levels at most, the guard stops a corrupt cycle. */
	int64_t n = 0;
	int rc = org_query_int64(
		s, &n, err,
		"WITH RECURSIVE up(id, depth) AS (SELECT CAST(? AS BIGINT), 0 UNION ALL "
		"SELECT c.parent_id, up.depth + 1 FROM org_chapter c JOIN up ON "
		"c.id = up.id WHERE c.parent_id IS NOT NULL AND up.depth < 8) "
		"SELECT count(*) FROM up WHERE id = ?",
		"ii", chapter, root);
	*out = rc == TD_OK && n > 0;
	return rc;
}
