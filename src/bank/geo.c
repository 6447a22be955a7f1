/*
 * Administrative units (R-ORG-1): provinces, districts and communes with the statistics
 * office's codes, renamed and merged on dates with their history kept. Geography belongs
 * to the whole bank: changing it is a network write at the head office.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/commune_at.h"
#include "bank/net_internal.h"

#define UNIT_NAME_MAX 200
#define UNIT_TYPE_MAX 40

bool admin_level_valid(const char *level)
{
	return level && (strcmp(level, "province") == 0 || strcmp(level, "district") == 0 ||
			 strcmp(level, "commune") == 0);
}

/* Digits of a code at each level: province 2, district 3, commune 5. */
static size_t level_width(const char *level)
{
	return strcmp(level, "province") == 0 ? 2 : strcmp(level, "district") == 0 ? 3 : 5;
}

static const char *child_level(const char *level)
{
	return strcmp(level, "province") == 0	? "district"
	       : strcmp(level, "district") == 0 ? "commune"
						: NULL;
}

struct unit_version {
	char from[TD_DATE_FMT_MAX];
	char name[UNIT_NAME_MAX + 1];
	char type[UNIT_TYPE_MAX + 1];
	char parent[8];
	bool has_parent;
};

static int load_open_unit(struct td_store *s, const char *level, const char *code,
			  struct unit_version *v, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT valid_from, name, unit_type, parent_code FROM admin_unit "
			     "WHERE level = ? AND code = ? AND valid_to IS NULL",
			     NET_ARGS(NT(level), NT(code)), &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		snprintf(v->from, sizeof v->from, "%s", stmt_column_text(st, 0));
		snprintf(v->name, sizeof v->name, "%s", stmt_column_text(st, 1));
		snprintf(v->type, sizeof v->type, "%s", stmt_column_text(st, 2));
		v->has_parent = !stmt_column_is_null(st, 3);
		snprintf(v->parent, sizeof v->parent, "%s",
			 v->has_parent ? stmt_column_text(st, 3) : "");
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ECONFLICT, "%s %s does not exist or is closed", level,
				  code);
	}
	stmt_finalize(st);
	return rc;
}

int geo_unit_change(struct td_store *s, const char *level, const char *code, const char *name,
		    const char *type, const char *parent, td_date from, struct td_error *err)
{
	struct unit_version v;
	char d[TD_DATE_FMT_MAX];
	NET_ISO(from, d);
	int rc = load_open_unit(s, level, code, &v, err);
	if (rc != TD_OK)
		return rc;
	const char *n = name ? name : v.name;
	const char *t = type ? type : v.type;
	const char *pa = parent ? parent : v.has_parent ? v.parent : NULL;
	if (strcmp(n, v.name) == 0 && strcmp(t, v.type) == 0 &&
	    ((!pa && !v.has_parent) || (pa && v.has_parent && strcmp(pa, v.parent) == 0)))
		return TD_OK;
	if (strcmp(v.from, d) > 0)
		return td_error_set(err, TD_ECONFLICT,
				    "%s %s has a version from %s; date the change on or after it, "
				    "not %s",
				    level, code, v.from, d);
	if (strcmp(v.from, d) == 0)
		return net_exec(s,
				"UPDATE admin_unit SET name = ?, unit_type = ?, parent_code = ? "
				"WHERE level = ? AND code = ? AND valid_from = ?",
				NET_ARGS(NT(n), NT(t), NT(pa), NT(level), NT(code), NT(v.from)),
				err);
	rc = net_exec(s,
		      "UPDATE admin_unit SET valid_to = ? WHERE level = ? AND code = ? AND "
		      "valid_from = ?",
		      NET_ARGS(NT(d), NT(level), NT(code), NT(v.from)), err);
	if (rc == TD_OK)
		rc = net_exec(s,
			      "INSERT INTO admin_unit (level, code, valid_from, name, unit_type, "
			      "parent_code) VALUES (?, ?, ?, ?, ?, ?)",
			      NET_ARGS(NT(level), NT(code), NT(d), NT(n), NT(t), NT(pa)), err);
	return rc;
}

static const char unit_cols[] =
	"SELECT level, code, name, unit_type, parent_code, valid_from, valid_to, merged_into "
	"FROM admin_unit";

static json_t *unit_item(struct td_store *s, struct td_stmt *st, void *arg, struct td_error *err)
{
	(void)s;
	(void)arg;
	(void)err;
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "level", net_json_text(st, 0),
			 "code", net_json_text(st, 1), "name", net_json_text(st, 2), "type",
			 net_json_text(st, 3), "parent_code", net_json_text(st, 4), "valid_from",
			 net_json_text(st, 5), "valid_to", net_json_text(st, 6), "merged_into",
			 net_json_text(st, 7));
}

/* The unit as of a date, for audit snapshots; NULL if it does not exist then. */
static json_t *unit_json(struct td_store *s, const char *level, const char *code, td_date on,
			 struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	struct td_stmt *st = NULL;
	json_t *j = NULL;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "%s WHERE level = ? AND code = ? AND valid_from <= ? AND "
		 "(valid_to IS NULL OR valid_to > ?)",
		 unit_cols);
	if (net_prepare(s, sql, NET_ARGS(NT(level), NT(code), NT(d), NT(d)), &st, err) != TD_OK)
		return NULL;
	if (stmt_step(st, err) == TD_ROW)
		j = unit_item(s, st, NULL, err);
	stmt_finalize(st);
	return j;
}

static int unit_audit(struct td_ctx *ctx, const char *action, const char *level, const char *code,
		      json_t *before, json_t *after, struct td_error *err)
{
	/* Codes are digits: the code is the entity id, the level the entity. */
	return net_audit(ctx, action, level, strtoll(code, NULL, 10), before, after, err);
}

static void check_code(struct net_problems *p, const char *level, const char *code)
{
	if (!net_digits(code, level_width(level)))
		net_problem(p, TD_EINVAL, "%s code '%s' must be %zu digits", level,
			    code ? code : "", level_width(level));
}

int admin_unit_rename(struct td_ctx *ctx, const char *level, const char *code, const char *name,
		      const char *type, td_date from, struct td_error *err)
{
	if (!admin_level_valid(level))
		return td_error_set(
			err, TD_EINVAL,
			"level '%s' does not exist; levels: province, district, commune",
			level ? level : "");
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	json_t *before = NULL, *after = NULL;
	rc = net_geo_write_check(ctx, err);
	if (rc == TD_OK) {
		struct net_problems p;
		net_problems_init(&p, err);
		check_code(&p, level, code);
		net_check_text(&p, "name", name, UNIT_NAME_MAX);
		if (type)
			net_check_text(&p, "type", type, UNIT_TYPE_MAX);
		rc = net_problems_end(&p);
	}
	if (rc == TD_OK && !(before = unit_json(ctx->store, level, code, from, err)))
		rc = err->code ? err->code
			       : td_error_set(err, TD_ENOTFOUND,
					      "%s %s does not exist on that date", level, code);
	if (rc == TD_OK)
		rc = geo_unit_change(ctx->store, level, code, name, type, NULL, from, err);
	if (rc == TD_OK && !(after = unit_json(ctx->store, level, code, from, err)))
		rc = td_error_set(err, TD_EINTERNAL, "%s %s vanished", level, code);
	if (rc == TD_OK)
		rc = unit_audit(ctx, "rename", level, code, before, after, err);
	json_decref(before);
	json_decref(after);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static void validate_merge_source(struct td_store *s, const struct admin_merge *m, size_t i,
				  struct net_problems *p)
{
	const char *code = m->sources[i];
	char d[TD_DATE_FMT_MAX];
	NET_ISO(m->on, d);
	check_code(p, m->level, code);
	if (!net_digits(code, level_width(m->level)))
		return;
	for (size_t j = 0; j < i; j++)
		if (strcmp(m->sources[j], code) == 0) {
			net_problem(p, TD_EINVAL, "%s %s is listed twice", m->level, code);
			return;
		}
	if (m->into && strcmp(code, m->into) == 0) {
		net_problem(p, TD_EINVAL, "%s %s cannot merge into itself", m->level, code);
		return;
	}
	struct unit_version v;
	struct td_error e = {0};
	if (load_open_unit(s, m->level, code, &v, &e) != TD_OK)
		net_problem(p, e.code, "%s", e.msg);
	else if (strcmp(v.from, d) >= 0)
		net_problem(p, TD_ECONFLICT,
			    "%s %s has a version from %s; merge it after that date, not on %s",
			    m->level, code, v.from, d);
}

/* Whether `into` exists on the date; if not, its name and type must be given. */
static void validate_merge_target(struct td_store *s, const struct admin_merge *m, bool *exists,
				  struct net_problems *p)
{
	*exists = false;
	check_code(p, m->level, m->into);
	if (!net_digits(m->into, level_width(m->level)))
		return;
	struct td_error e = {0};
	if (net_unit_exists(s, m->level, m->into, m->on, exists, &e) != TD_OK) {
		net_problem(p, e.code, "%s", e.msg);
		return;
	}
	if (*exists)
		return;
	if (!m->into_name || !m->into_type) {
		net_problem(
			p, TD_EINVAL,
			"%s %s does not exist on that date: give its name and type to create it",
			m->level, m->into);
		return;
	}
	net_check_text(p, "name", m->into_name, UNIT_NAME_MAX);
	net_check_text(p, "type", m->into_type, UNIT_TYPE_MAX);
}

static int create_target(struct td_ctx *ctx, const struct admin_merge *m, struct td_error *err)
{
	struct unit_version first;
	char d[TD_DATE_FMT_MAX];
	int rc = load_open_unit(ctx->store, m->level, m->sources[0], &first, err);
	if (rc == TD_OK)
		rc = net_exec(ctx->store,
			      "INSERT INTO admin_unit (level, code, valid_from, name, unit_type, "
			      "parent_code) VALUES (?, ?, ?, ?, ?, ?)",
			      NET_ARGS(NT(m->level), NT(m->into), NT(NET_ISO(m->on, d)),
				       NT(m->into_name), NT(m->into_type),
				       NT(first.has_parent ? first.parent : NULL)),
			      err);
	json_t *after = rc == TD_OK ? unit_json(ctx->store, m->level, m->into, m->on, err) : NULL;
	if (rc == TD_OK)
		rc = unit_audit(ctx, "create", m->level, m->into, NULL, after, err);
	json_decref(after);
	return rc;
}

/* The codes of the open units under a unit. */
static int open_children(struct td_store *s, const char *level, const char *code, json_t **out,
			 struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT code FROM admin_unit WHERE level = ? AND parent_code = ? AND "
			     "valid_to IS NULL ORDER BY code",
			     NET_ARGS(NT(level), NT(code)), &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *a = json_array();
	while (a && (rc = stmt_step(st, err)) == TD_ROW)
		json_array_append_new(a, json_string(stmt_column_text(st, 0)));
	stmt_finalize(st);
	if (!a)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc != TD_DONE) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return TD_OK;
}

/* A commune merged whole into another is a row of the mapping (admin_merger), as the 2025
 * list's are: its villages, points and credit officers follow it (commune_follow_merger)
 * and its chapters count as the target's (commune_at.h). */
static int record_mapping(struct td_store *s, const struct admin_merge *m, const char *code,
			  struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(m->on, d);
	return net_exec(
		s,
		"INSERT INTO admin_merger (on_date, new_province, new_commune, new_name, "
		"old_province, old_district, old_commune, old_name, part, line) SELECT ?, "
		"coalesce(p.parent_code, ''), ?, (SELECT t.name FROM admin_unit t WHERE t.level = "
		"'commune' AND t.code = ? AND t.valid_from <= ? AND (t.valid_to IS NULL OR "
		"t.valid_to > ?)), coalesce(p.parent_code, ''), coalesce(u.parent_code, ''), "
		"u.code, u.name, 'full', 0 FROM admin_unit u LEFT JOIN admin_unit p ON p.level = "
		"'district' AND p.code = u.parent_code AND p.valid_to IS NULL WHERE u.level = "
		"'commune' AND u.code = ? AND u.valid_to IS NULL",
		NET_ARGS(NT(d), NT(m->into), NT(m->into), NT(d), NT(d), NT(code)), err);
}

static int merge_source(struct td_ctx *ctx, const struct admin_merge *m, const char *code,
			struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(m->on, d);
	json_t *before = unit_json(ctx->store, m->level, code, m->on, err);
	if (!before)
		return td_error_set(err, TD_EINTERNAL, "%s %s vanished", m->level, code);
	int rc =
		strcmp(m->level, "commune") == 0 ? record_mapping(ctx->store, m, code, err) : TD_OK;
	if (rc == TD_OK)
		rc = net_exec(ctx->store,
			      "UPDATE admin_unit SET valid_to = ?, merged_into = ? WHERE level = ? "
			      "AND code = ? AND valid_to IS NULL",
			      NET_ARGS(NT(d), NT(m->into), NT(m->level), NT(code)), err);
	const char *child = child_level(m->level);
	json_t *kids = NULL;
	if (rc == TD_OK && child)
		rc = open_children(ctx->store, child, code, &kids, err);
	size_t i;
	json_t *k;
	json_array_foreach(kids, i, k)
	{
		if (rc == TD_OK)
			rc = geo_unit_change(ctx->store, child, json_string_value(k), NULL, NULL,
					     m->into, m->on, err);
	}
	json_decref(kids);
	json_t *after = json_pack("{s:s, s:s}", "merged_into", m->into, "valid_to", d);
	if (rc == TD_OK)
		rc = unit_audit(ctx, "merge", m->level, code, before, after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int merge_validate(struct td_store *s, const struct admin_merge *m, bool *exists,
			  struct td_error *err)
{
	struct net_problems p;
	net_problems_init(&p, err);
	if (m->n_sources == 0 || !m->sources)
		net_problem(&p, TD_EINVAL, "merge: name at least one unit to merge");
	validate_merge_target(s, m, exists, &p);
	for (size_t i = 0; i < m->n_sources; i++)
		validate_merge_source(s, m, i, &p);
	return net_problems_end(&p);
}

int admin_unit_merge(struct td_ctx *ctx, const struct admin_merge *m, struct td_error *err)
{
	if (!admin_level_valid(m->level))
		return td_error_set(
			err, TD_EINVAL,
			"level '%s' does not exist; levels: province, district, commune",
			m->level ? m->level : "");
	bool exists = false;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = net_geo_write_check(ctx, err);
	if (rc == TD_OK)
		rc = merge_validate(ctx->store, m, &exists, err);
	if (rc == TD_OK && !exists)
		rc = create_target(ctx, m, err);
	for (size_t i = 0; rc == TD_OK && i < m->n_sources; i++)
		rc = merge_source(ctx, m, m->sources[i], err);
	struct commune_moves moved = {0};
	if (rc == TD_OK && strcmp(m->level, "commune") == 0)
		rc = commune_follow_merger(ctx->store, m->on, 0, &moved, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* "%q%" with LIKE's wildcards in q escaped by '\'. */
static char *like_pattern(const char *q)
{
	size_t n = strlen(q);
	char *p = malloc(2 * n + 3);
	if (!p)
		return NULL;
	char *o = p;
	*o++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*o++ = '\\';
		*o++ = *c;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

int admin_unit_list(struct td_ctx *ctx, const struct admin_unit_filter *f, json_t **out,
		    struct td_error *err)
{
	if (f->level && !admin_level_valid(f->level))
		return td_error_set(
			err, TD_EINVAL,
			"level '%s' does not exist; levels: province, district, commune", f->level);
	/* Geography is data of the whole bank: every role that reads reads it, union
	 * officers and group leaders too (docs/access.md, Scope). */
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc != TD_OK)
		return rc;
	char d[TD_DATE_FMT_MAX];
	NET_ISO(f->on, d);
	char *pattern = f->q ? like_pattern(f->q) : NULL;
	if (f->q && !pattern)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	struct net_sql q;
	net_sql_init(&q);
	net_sql_add(&q, unit_cols, NET_NOARGS);
	net_sql_add(&q, " WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
		    NET_ARGS(NT(d), NT(d)));
	if (f->level)
		net_sql_add(&q, " AND level = ?", NET_ARGS(NT(f->level)));
	if (f->parent)
		net_sql_add(&q, " AND parent_code = ?", NET_ARGS(NT(f->parent)));
	if (f->q)
		net_sql_add(&q, " AND (code = ? OR name LIKE ? ESCAPE '\\')",
			    NET_ARGS(NT(f->q), NT(pattern)));
	rc = net_list(ctx->store, &q,
		      "CASE level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END, code",
		      &f->page, unit_item, NULL, out, err);
	net_sql_free(&q);
	free(pattern);
	return rc;
}
