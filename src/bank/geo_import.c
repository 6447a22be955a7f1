/*
 * `tindung import admin-units`: the statistics office's list of provinces, districts and
 * communes (data/vn_admin_units_2025-03-01.csv), streamed row by row into admin_unit, in
 * one transaction. What is already there as of the import date is compared, not
 * duplicated: a second import of the same file changes nothing (and writes no audit
 * record). Every problem is collected with its line; any problem loads nothing.
 *
 * Speed: the database's units (and offices) are read once into hash maps; new units are
 * inserted a batch of rows per statement (net_batch).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/geo_csv.h"

#define BATCH 200 /* rows per INSERT: 1,200 parameters, far below both stores' limits */

/* A unit's version, from the database or from the file. */
struct unit {
	const char *level, *code, *name, *type, *parent;
	const char *from, *to, *merged;
};

/* Per unit in the database: the version valid on the import date, if any; else why not. */
struct known {
	struct unit at;
	bool has_at;
	const char *later_from; /* the first version starts after the date */
	const char *ended_on;	/* the last version ended on or before the date */
	const char *merged;
};

/* Per unit seen in the file: its first occurrence (and its office, with --offices). */
struct seen {
	struct unit u;
	size_t line;
	int64_t office_id;
};

struct import {
	struct td_ctx *ctx;
	const struct admin_import_options *opt;
	struct admin_import_report *rep;
	struct arena arena;
	struct net_map known, seen, offices;
	struct net_problems p;
	char on[TD_DATE_FMT_MAX];
	int64_t head;
	struct net_batch batch; /* new units */
	bool *province_found;
	json_t *offices_created;
	int fatal; /* a database error or no memory: stop at once */
};

/* A database error or out of memory: the import stops, the transaction rolls back. */
static void fatal(struct import *im, size_t line, int rc, const char *msg)
{
	net_problem(&im->p, rc, "line %zu: %s", line, msg);
	im->fatal = rc;
}

static char *key_of(struct arena *a, const char *level, const char *code)
{
	return arena_sprintf(a, "%c%s", level[0], code);
}

/* ---- What the database holds ---------------------------------------------------------- */

static const char *col(struct arena *a, struct td_stmt *st, int c)
{
	const char *v = stmt_column_text(st, c);
	return v ? arena_strdup(a, v) : NULL;
}

static int remember(struct import *im, struct td_stmt *st)
{
	struct arena *a = &im->arena;
	struct unit u = {.level = col(a, st, 0),
			 .code = col(a, st, 1),
			 .from = col(a, st, 2),
			 .to = col(a, st, 3),
			 .name = col(a, st, 4),
			 .type = col(a, st, 5),
			 .parent = col(a, st, 6),
			 .merged = col(a, st, 7)};
	if (!u.level || !u.code || !u.from || !u.name || !u.type)
		return TD_ENOMEM;
	char *key = key_of(a, u.level, u.code);
	struct known *k = net_map_get(&im->known, key);
	if (!k && (!(k = arena_zalloc(a, sizeof *k)) || net_map_put(&im->known, key, k) != TD_OK))
		return TD_ENOMEM;
	if (strcmp(u.from, im->on) <= 0 && (!u.to || strcmp(u.to, im->on) > 0)) {
		k->at = u;
		k->has_at = true;
	} else if (strcmp(u.from, im->on) > 0) {
		if (!k->later_from || strcmp(u.from, k->later_from) < 0)
			k->later_from = u.from;
	} else if (!k->ended_on || strcmp(u.to, k->ended_on) > 0) {
		k->ended_on = u.to;
		k->merged = u.merged;
	}
	return TD_OK;
}

static int load_known(struct import *im, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(im->ctx->store,
			     "SELECT level, code, valid_from, valid_to, name, unit_type, "
			     "parent_code, merged_into FROM admin_unit",
			     NET_NOARGS, &st, err);
	if (rc != TD_OK)
		return rc;
	while ((rc = stmt_step(st, err)) == TD_ROW)
		if (remember(im, st) != TD_OK) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory loading admin units");
			break;
		}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* Office codes and ids, so that --offices knows at once which exist. */
static int load_offices(struct import *im, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(im->ctx->store, "SELECT code, id FROM office", NET_NOARGS, &st, err);
	if (rc != TD_OK)
		return rc;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		int64_t *id = arena_alloc(&im->arena, sizeof *id);
		const char *code = col(&im->arena, st, 0);
		if (!id || net_map_put(&im->offices, code, id) != TD_OK) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory loading offices");
			break;
		}
		*id = stmt_column_int64(st, 1);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* ---- Writing ------------------------------------------------------------------------- */

static bool nullable_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_unit(const struct unit *a, const struct unit *b)
{
	return strcmp(a->name, b->name) == 0 && strcmp(a->type, b->type) == 0 &&
	       nullable_eq(a->parent, b->parent);
}

static void insert_unit(struct import *im, const struct unit *u, size_t line)
{
	struct td_error e = {0};
	const struct net_arg row[] = {NT(u->level), NT(u->code), NT(im->on),
				      NT(u->name),  NT(u->type), NT(u->parent)};
	if (net_batch_add(&im->batch, row, &e) != TD_OK)
		fatal(im, line, e.code, e.msg);
}

static struct admin_import_count *counter(struct import *im, const char *level)
{
	return level[0] == 'p'	 ? &im->rep->province
	       : level[0] == 'd' ? &im->rep->district
				 : &im->rep->commune;
}

/* A unit met for the first time in the file, against what the database holds. Writes
 * only while the file has shown no problem: after one, the rest is only checked. */
static void apply_unit(struct import *im, const struct unit *u, size_t line)
{
	const struct known *k = net_map_get(&im->known, key_of(&im->arena, u->level, u->code));
	struct admin_import_count *c = counter(im, u->level);
	bool write = im->p.count == 0;
	if (k && k->has_at && same_unit(&k->at, u)) {
		c->unchanged++;
	} else if (k && k->has_at && k->at.to) {
		net_problem(&im->p, TD_ECONFLICT,
			    "line %zu: %s %s is '%s' until %s and changes after that; import a "
			    "list dated on or after its last change",
			    line, u->level, u->code, k->at.name, k->at.to);
	} else if (k && k->has_at) {
		struct td_error e = {0};
		if (write && geo_unit_change(im->ctx->store, u->level, u->code, u->name, u->type,
					     u->parent, im->opt->on, &e) != TD_OK)
			fatal(im, line, e.code, e.msg);
		c->changed++;
	} else if (k && k->later_from) {
		net_problem(&im->p, TD_ECONFLICT,
			    "line %zu: %s %s exists only from %s, after the import date %s", line,
			    u->level, u->code, k->later_from, im->on);
	} else if (k && k->ended_on) {
		net_problem(&im->p, TD_ECONFLICT, "line %zu: %s %s was closed on %s%s%s", line,
			    u->level, u->code, k->ended_on, k->merged ? ", merged into " : "",
			    k->merged ? k->merged : "");
	} else {
		if (write)
			insert_unit(im, u, line);
		c->added++;
	}
}

/* "Thành Phố Bắc Kạn" of type "Thành phố" -> "Bắc Kạn": drop as many words as the type
 * has (the file writes some types with a capital second word). */
static const char *bare_name(const char *name, const char *type)
{
	const char *p = name;
	for (const char *t = type; *t; t++)
		if (*t == ' ' && strchr(p, ' '))
			p = strchr(p, ' ') + 1;
	return strchr(p, ' ') ? strchr(p, ' ') + 1 : p;
}

/* "Thành phố" -> "thành phố", as VBSP writes "Chi nhánh NHCSXH thành phố Hải Phòng". The
 * types all begin with an ASCII capital. */
static char *lower_type(struct arena *a, const char *type)
{
	char *s = arena_strdup(a, type);
	if (s && s[0] >= 'A' && s[0] <= 'Z')
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

static struct office_input office_for(struct import *im, const struct seen *s, bool branch,
				      const char *code, int64_t parent)
{
	struct arena *a = &im->arena;
	return (struct office_input){
		.code = code,
		.kind = branch ? OFFICE_BRANCH : OFFICE_DISTRICT,
		.name = arena_sprintf(a, "%s NHCSXH %s %s",
				      branch ? "Chi nhánh" : "Phòng giao dịch",
				      lower_type(a, s->u.type), bare_name(s->u.name, s->u.type)),
		.parent_id = parent,
		.province_code = branch ? s->u.code : s->u.parent,
		.district_code = branch ? NULL : s->u.code,
		.valid_from = im->opt->on,
	};
}

/* The branch CN<province> or the district office PGD<district>, created when absent.
 * A branch that exists must be open on the date, for district offices to sit under it. */
static void ensure_office(struct import *im, struct seen *s, int64_t parent, size_t line)
{
	bool branch = s->u.level[0] == 'p';
	const char *code = arena_sprintf(&im->arena, "%s%s", branch ? "CN" : "PGD", s->u.code);
	const int64_t *existing = net_map_get(&im->offices, code);
	struct td_error e = {0};
	if (existing) {
		struct net_office o;
		int rc = branch ? net_office_at(im->ctx->store, *existing, im->opt->on, &o, &e)
				: TD_OK;
		if (rc == TD_ENOTFOUND)
			net_problem(&im->p, TD_ECONFLICT, "line %zu: %s", line, e.msg);
		else if (rc != TD_OK)
			fatal(im, line, rc, e.msg);
		s->office_id = rc == TD_OK ? *existing : 0;
		im->rep->offices_existing++;
		return;
	}
	if (parent == 0) /* its branch could not be made: already a problem */
		return;
	struct office_input in = office_for(im, s, branch, code, parent);
	struct net_problems vp;
	net_problems_init(&vp, &e);
	office_validate_fields(&in, &vp);
	if (net_problems_end(&vp) != TD_OK) {
		net_problem(&im->p, vp.code, "line %zu: office %s: %s", line, code, e.msg);
		return;
	}
	if (im->p.count == 0 && office_insert(im->ctx->store, &in, &s->office_id, &e) != TD_OK) {
		fatal(im, line, e.code, e.msg);
		return;
	}
	json_array_append_new(im->offices_created, json_string(code));
	if (branch)
		im->rep->branches_created++;
	else
		im->rep->districts_created++;
}

/* ---- Reading ------------------------------------------------------------------------- */

/* One level of a row: first sight is applied, later sights must agree with it. */
static struct seen *see(struct import *im, const struct unit *u, size_t line)
{
	char *key = key_of(&im->arena, u->level, u->code);
	struct seen *s = net_map_get(&im->seen, key);
	if (s) {
		if (u->level[0] == 'c')
			net_problem(&im->p, TD_EINVAL,
				    "line %zu: commune %s appears again (first on "
				    "line %zu)",
				    line, u->code, s->line);
		else if (!same_unit(&s->u, u))
			net_problem(&im->p, TD_EINVAL,
				    "line %zu: %s %s is '%s %s' here but '%s %s' on line %zu", line,
				    u->level, u->code, u->name, u->parent ? u->parent : "",
				    s->u.name, s->u.parent ? s->u.parent : "", s->line);
		return NULL;
	}
	if (!(s = arena_zalloc(&im->arena, sizeof *s)) || net_map_put(&im->seen, key, s) != TD_OK) {
		fatal(im, line, TD_ENOMEM, "out of memory");
		return NULL;
	}
	s->u = *u;
	s->line = line;
	apply_unit(im, u, line);
	return s;
}

static void import_row(struct import *im, const struct geo_row *r)
{
	const char *const *f = r->f;
	struct unit pu = {"province", f[P_CODE], f[P_NAME], geo_province_type(f[P_NAME]), NULL};
	struct unit du = {"district", f[D_CODE], f[D_NAME], f[D_TYPE], pu.code};
	struct unit cu = {"commune", f[C_CODE], f[C_NAME], f[C_TYPE], du.code};
	struct seen *ps = see(im, &pu, r->line);
	if (ps && im->opt->offices)
		ensure_office(im, ps, im->head, r->line);
	struct seen *ds = see(im, &du, r->line);
	if (ds && im->opt->offices) {
		const struct seen *owner =
			net_map_get(&im->seen, key_of(&im->arena, "province", du.parent));
		ensure_office(im, ds, owner ? owner->office_id : 0, r->line);
	}
	see(im, &cu, r->line);
}

/* Index of the province in --province, -1 if not asked for; 0 for all when none. */
static int wanted(const struct import *im, const char *code)
{
	if (im->opt->n_provinces == 0)
		return 0;
	for (size_t i = 0; i < im->opt->n_provinces; i++)
		if (strcmp(im->opt->provinces[i], code) == 0)
			return (int)i;
	return -1;
}

static int read_rows(struct import *im, struct csv_reader *rd, struct td_error *err)
{
	struct csv_row row;
	int rc = csv_read_row(rd, &row, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "%s: ", im->opt->source);
	if (row.n == 0)
		return td_error_set(err, TD_EINVAL, "%s: the file is empty (no header line)",
				    im->opt->source);
	if ((rc = geo_csv_header(&row, im->opt->source, err)) != TD_OK)
		return rc;
	while (!im->fatal && (rc = csv_read_row(rd, &row, err)) == TD_OK && row.n > 0) {
		struct geo_row r;
		im->rep->rows++;
		int checked = geo_csv_row(&im->arena, &row, &r, &im->p);
		if (checked == TD_ENOMEM)
			im->fatal = TD_ENOMEM;
		if (checked != TD_OK)
			continue;
		int w = wanted(im, r.f[P_CODE]);
		if (w < 0) {
			im->rep->skipped++;
			continue;
		}
		im->province_found[w] = true;
		import_row(im, &r);
	}
	return rc == TD_OK ? TD_OK : td_error_prefix(err, "%s: ", im->opt->source);
}

/* ---- The whole --------------------------------------------------------------------- */

static void check_options(struct import *im)
{
	struct td_error e = {0};
	for (size_t i = 0; i < im->opt->n_provinces; i++)
		if (!net_digits(im->opt->provinces[i], 2))
			net_problem(&im->p, TD_EINVAL, "--province '%s' must be 2 digits",
				    im->opt->provinces[i]);
	/* Offices hang under the head office: it must exist on the date. */
	if (im->opt->offices && net_office_at(im->ctx->store, im->head, im->opt->on,
					      &(struct net_office){0}, &e) != TD_OK)
		net_problem(&im->p, e.code == TD_ENOTFOUND ? TD_ECONFLICT : e.code, "--offices: %s",
			    e.msg);
}

static void check_found(struct import *im)
{
	for (size_t i = 0; i < im->opt->n_provinces; i++)
		if (!im->province_found[i])
			net_problem(&im->p, TD_EINVAL, "province %s is not in %s",
				    im->opt->provinces[i], im->opt->source);
}

bool admin_import_unchanged(const struct admin_import_report *r)
{
	return r->province.added + r->province.changed + r->district.added + r->district.changed +
		       r->commune.added + r->commune.changed + r->branches_created +
		       r->districts_created ==
	       0;
}

json_t *admin_import_count_json(const struct admin_import_count *c)
{
	return json_pack("{s:I, s:I, s:I}", "added", (json_int_t)c->added, "changed",
			 (json_int_t)c->changed, "unchanged", (json_int_t)c->unchanged);
}

/* One audit record summarises the import (not one per row: 10,000 communes would bury
 * the trail; the rows themselves carry their validity dates). */
static int audit_summary(struct import *im, struct td_error *err)
{
	const struct admin_import_report *r = im->rep;
	json_t *provinces = json_array();
	for (size_t i = 0; provinces && i < im->opt->n_provinces; i++)
		json_array_append_new(provinces, json_string(im->opt->provinces[i]));
	json_t *j = json_pack(
		"{s:s, s:s, s:o, s:I, s:I, s:o, s:o, s:o, s:O}", "source", im->opt->source, "date",
		im->on, "provinces", provinces, "rows", (json_int_t)r->rows, "skipped",
		(json_int_t)r->skipped, "province", admin_import_count_json(&r->province),
		"district", admin_import_count_json(&r->district), "commune",
		admin_import_count_json(&r->commune), "offices_created", im->offices_created);
	return net_audit_import(im->ctx, "admin_unit", j, err);
}

static int prepare(struct import *im, struct td_error *err)
{
	int rc = net_head_office(im->ctx->store, &im->head, err);
	if (rc == TD_OK)
		rc = net_geo_write_check(im->ctx, err);
	if (rc == TD_OK)
		rc = load_known(im, err);
	if (rc == TD_OK && im->opt->offices)
		rc = load_offices(im, err);
	if (rc == TD_OK)
		rc = net_batch_init(
			&im->batch, im->ctx->store,
			"INSERT INTO admin_unit (level, code, valid_from, name, unit_type, "
			"parent_code) VALUES",
			6, BATCH, err);
	return rc;
}

static int run(struct import *im, FILE *f, struct td_error *err)
{
	int rc = prepare(im, err);
	if (rc != TD_OK)
		return rc;
	struct csv_reader rd;
	if ((rc = csv_reader_init_file(&rd, f, NULL)) != TD_OK)
		return td_error_set(err, rc, "%s: cannot read", im->opt->source);
	net_problems_init(&im->p, err);
	check_options(im);
	if (im->p.count == 0)
		rc = read_rows(im, &rd, err);
	csv_reader_free(&rd);
	if (rc != TD_OK)
		return rc;
	if (!im->fatal)
		check_found(im);
	if (im->p.count == 0 && (rc = net_batch_flush(&im->batch, err)) != TD_OK)
		return rc;
	if (im->p.count > 0) {
		rc = net_problems_end(&im->p);
		return td_error_prefix(err, "%s: %d problem%s, nothing imported: ", im->opt->source,
				       im->p.count, im->p.count > 1 ? "s" : "");
	}
	return admin_import_unchanged(im->rep) ? TD_OK : audit_summary(im, err);
}

int admin_units_import(struct td_ctx *ctx, FILE *f, const struct admin_import_options *opt,
		       struct admin_import_report *rep, struct td_error *err)
{
	struct import *im = calloc(1, sizeof *im);
	memset(rep, 0, sizeof *rep);
	if (!im)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	*im = (struct import){.ctx = ctx, .opt = opt, .rep = rep};
	NET_ISO(opt->on, im->on);
	arena_init(&im->arena, 64 * 1024);
	im->province_found = calloc(opt->n_provinces + 1, sizeof *im->province_found);
	im->offices_created = json_array();
	int rc = im->province_found && im->offices_created
			 ? bank_tx_begin(ctx, err)
			 : td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK) {
		rc = run(im, f, err);
		net_batch_free(&im->batch);
		if (rc == TD_OK)
			rc = bank_tx_commit(ctx, err);
		else
			bank_tx_rollback(ctx);
	}
	if (rc != TD_OK)
		memset(rep, 0, sizeof *rep);
	json_decref(im->offices_created);
	free(im->province_found);
	net_map_free(&im->known);
	net_map_free(&im->seen);
	net_map_free(&im->offices);
	arena_free(&im->arena);
	free(im);
	return rc;
}
