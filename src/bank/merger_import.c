/*
 * The 2025 import, part two (bank/merger.h): the files, once read (merger_parse.c), against
 * the database, then the writes in one transaction: the mapping, the old units closed,
 * the new units' versions, and what belonged to the old communes moved
 * (commune_follow_merger). The closing and the moves are set-based statements over the
 * mapping just stored, so a whole country costs a few dozen statements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/merger_internal.h"

#define BATCH 100 /* rows per INSERT: 1,000 parameters at most */

/* A version in the database. */
struct db_ver {
	const char *from, *to, *name, *type, *parent;
};

/* A unit of the database around the date: the version of the day before and of the day. */
struct known {
	struct db_ver prev, at;
	bool has_prev, has_at;
	const char *later; /* a version starting after the date */
};

struct run {
	struct td_ctx *ctx;
	struct m25 m;
	struct admin_2025_report *rep;
	td_date day;
	char on[TD_DATE_FMT_MAX], eve[TD_DATE_FMT_MAX]; /* the date and the day before */
	struct net_map known;				/* "c11695" -> struct known */
	const char **keys;				/* of known, in the database's order */
	size_t n_keys, cap_keys;
	struct net_map stored; /* mapping rows stored for the date: key -> (void *)1 */
	const char **changed;  /* provinces whose open version changes */
	size_t n_changed;
	int64_t to_close; /* old units still open across the date */
};

static const char *dup(struct arena *a, struct td_stmt *st, int c)
{
	const char *v = stmt_column_text(st, c);
	return v ? arena_strdup(a, v) : NULL;
}

/* ---- What the database holds ------------------------------------------------------------ */

static bool keep_key(struct run *r, const char *key)
{
	if (r->n_keys == r->cap_keys) {
		size_t cap = r->cap_keys ? 2 * r->cap_keys : 4096;
		void *p = realloc(r->keys, cap * sizeof *r->keys);
		if (!p)
			return false;
		r->keys = p;
		r->cap_keys = cap;
	}
	r->keys[r->n_keys++] = key;
	return true;
}

static void remember(struct run *r, struct td_stmt *st)
{
	struct arena *a = &r->m.arena;
	const char *level = dup(a, st, 0), *code = dup(a, st, 1);
	struct db_ver v = {dup(a, st, 2), dup(a, st, 3), dup(a, st, 4), dup(a, st, 5),
			   dup(a, st, 6)};
	const char *key = level && code ? m25_key(a, level, code) : NULL;
	struct known *k = key ? net_map_get(&r->known, key) : NULL;
	if (!k && (!key || !(k = arena_zalloc(a, sizeof *k)) ||
		   net_map_put(&r->known, key, k) != TD_OK || !keep_key(r, key))) {
		r->m.fatal = TD_ENOMEM;
		return;
	}
	bool on_eve = strcmp(v.from, r->eve) <= 0 && (!v.to || strcmp(v.to, r->eve) > 0);
	bool on_day = strcmp(v.from, r->on) <= 0 && (!v.to || strcmp(v.to, r->on) > 0);
	if (on_eve)
		k->prev = v, k->has_prev = true;
	if (on_day)
		k->at = v, k->has_at = true;
	if (strcmp(v.from, r->on) > 0)
		k->later = v.from;
}

static int load_known(struct run *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(r->ctx->store,
			     "SELECT level, code, valid_from, valid_to, name, unit_type, "
			     "parent_code FROM admin_unit WHERE valid_to IS NULL OR valid_to > ? "
			     "ORDER BY CASE level WHEN 'province' THEN 1 WHEN 'district' THEN 2 "
			     "ELSE 3 END, code, valid_from",
			     NET_ARGS(NT(r->eve)), &st, err);
	while (rc == TD_OK && !r->m.fatal && (rc = stmt_step(st, err)) == TD_ROW) {
		remember(r, st);
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (r->m.fatal)
		return td_error_set(err, TD_ENOMEM, "hết bộ nhớ khi đọc đơn vị hành chính");
	return rc == TD_DONE ? TD_OK : rc;
}

/* ---- Checks against the database ----------------------------------------------------------- */

static const char *level_vn(const char *level)
{
	return level[0] == 'p' ? "tỉnh" : level[0] == 'd' ? "huyện" : "xã";
}

/* A unit in force the day before that the merger must close: it must be in the mapping
 * (a commune, under its district) and change nothing after the date. */
static void check_old(struct run *r, const char *key, const struct known *k)
{
	const char *level = key[0] == 'p' ? "province" : key[0] == 'd' ? "district" : "commune";
	const char *code = key + 1;
	if (!k->has_prev || (k->prev.to && strcmp(k->prev.to, r->on) <= 0))
		return; /* not in force then, or closed on the date already */
	if (k->prev.to) {
		net_problem(&r->m.p, TD_ECONFLICT,
			    "%s %s (%s) thay đổi ngày %s, sau ngày sáp nhập %s: nạp danh mục mới "
			    "trước các thay đổi đó",
			    level_vn(level), code, k->prev.name, k->prev.to, r->on);
		return;
	}
	if (level[0] == 'c') {
		const struct m25_old *o = net_map_get(&r->m.old, code);
		if (!o)
			net_problem(
				&r->m.p, TD_EINVAL,
				"xã %s (%s) có hiệu lực ngày %s nhưng không có trong %s: mọi xã "
				"phải vào một xã mới",
				code, k->prev.name, r->eve, r->m.mapping_source);
		else if (!k->prev.parent || strcmp(o->first->f[M_OLD_D], k->prev.parent) != 0)
			net_problem(&r->m.p, TD_EINVAL,
				    "%s dòng %zu: xã cũ %s thuộc huyện %s, không phải %s",
				    r->m.mapping_source, o->first->line, code,
				    k->prev.parent ? k->prev.parent : "(không)",
				    o->first->f[M_OLD_D]);
	}
	/* a province of the new list stays (a new version if it changes); the rest closes */
	bool stays = level[0] == 'p' && net_map_get(&r->m.unit, key);
	r->to_close += !stays;
}

static bool same(const struct db_ver *v, const struct m25_unit *u)
{
	return strcmp(v->name, u->name) == 0 && strcmp(v->type, u->type) == 0 &&
	       ((!v->parent && !u->parent) ||
		(v->parent && u->parent && strcmp(v->parent, u->parent) == 0));
}

/* A new unit against the version the database has on the date. */
static void plan_unit(struct run *r, const struct m25_unit *u)
{
	struct admin_import_count *c = u->level[0] == 'p' ? &r->rep->province : &r->rep->commune;
	const struct known *k = net_map_get(&r->known, m25_key(&r->m.arena, u->level, u->code));
	if (k && k->later && !k->has_at)
		net_problem(&r->m.p, TD_ECONFLICT,
			    "%s dòng %zu: %s %s chỉ có từ ngày %s, sau ngày %s", r->m.units_source,
			    u->line, level_vn(u->level), u->code, k->later, r->on);
	else if (!k || !k->has_at)
		c->added++;
	else if (same(&k->at, u))
		c->unchanged++;
	else if (strcmp(k->at.from, r->on) == 0)
		net_problem(&r->m.p, TD_ECONFLICT,
			    "%s dòng %zu: %s %s đã được nạp từ ngày %s là '%s', khác tệp ('%s')",
			    r->m.units_source, u->line, level_vn(u->level), u->code, r->on,
			    k->at.name, u->name);
	else {
		/* A province gets a new version; a commune code reused by a new commune is an
		 * old commune, which closes with the mapping. */
		if (u->level[0] == 'p')
			r->changed[r->n_changed++] = u->code;
		c->changed++;
	}
}

static int load_stored(struct run *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(r->ctx->store,
			     "SELECT new_commune, old_district, old_commune, new_province, "
			     "new_name, old_province, old_name, part FROM admin_merger WHERE "
			     "on_date = ? ORDER BY line, new_commune, old_district, old_commune",
			     NET_ARGS(NT(r->on)), &st, err);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = TD_OK;
		const char *nc = stmt_column_text(st, 0), *od = stmt_column_text(st, 1),
			   *oc = stmt_column_text(st, 2);
		char *key = arena_sprintf(&r->m.arena, "%s|%s|%s", nc, od, oc);
		const size_t *i = key ? net_map_get(&r->m.link, key) : NULL;
		const struct m25_link *l = i ? &r->m.links[*i] : NULL;
		bool same_row = l;
		for (int c = 3; same_row && c < 8; c++) {
			static const int col[] = {0,	      0,       0,	   M_NEW_P,
						  M_NEW_NAME, M_OLD_P, M_OLD_NAME, M_PART};
			same_row = strcmp(stmt_column_text(st, c), l->f[col[c]]) == 0;
		}
		if (!key || net_map_put(&r->stored, key, (void *)1) != TD_OK)
			rc = td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
		else if (!l)
			net_problem(&r->m.p, TD_ECONFLICT,
				    "bảng chuyển đổi ngày %s đã có dòng xã mới %s - đơn vị cũ %s%s "
				    "mà %s không có",
				    r->on, nc, oc[0] ? oc : "huyện ", oc[0] ? "" : od,
				    r->m.mapping_source);
		else if (!same_row)
			net_problem(&r->m.p, TD_ECONFLICT,
				    "%s dòng %zu: khác dòng đã nạp cho ngày %s",
				    r->m.mapping_source, l->line, r->on);
		else
			r->rep->mapping_unchanged++;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* Memberships that start on or after the date in a commune the merger closes (and that
 * no new commune continues): they would be left in a commune that no longer exists. */
static int check_late_links(struct run *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(
		r->ctx->store,
		"SELECT 'thôn', village_id, commune_code, valid_from FROM village_commune WHERE "
		"valid_from >= ? UNION ALL SELECT 'điểm giao dịch', point_id, commune_code, "
		"valid_from FROM commune_point_commune WHERE valid_from >= ? UNION ALL SELECT "
		"'cán bộ', staff_id, commune_code, valid_from FROM staff_commune WHERE valid_from "
		">= ? ORDER BY 1, 2, 4",
		NET_ARGS(NT(r->on), NT(r->on), NT(r->on)), &st, err);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		rc = TD_OK;
		const char *code = stmt_column_text(st, 2);
		if (net_map_get(&r->m.old, code) &&
		    !net_map_get(&r->m.unit, m25_key(&r->m.arena, "commune", code)))
			net_problem(
				&r->m.p, TD_ECONFLICT,
				"%s %lld thuộc xã %s từ ngày %s, mà xã này hết hiệu lực ngày %s",
				stmt_column_text(st, 0), (long long)stmt_column_int64(st, 1), code,
				stmt_column_text(st, 3), r->on);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* A month-end snapshot on or after the date names the old communes: the merger would make
 * it disagree with the data (a report of a past date never changes). */
static int check_snapshots(struct run *r, struct td_error *err)
{
	const struct admin_2025_report *p = r->rep;
	if (p->province.added + p->province.changed + p->commune.added + p->commune.changed +
		    r->to_close ==
	    0)
		return TD_OK;
	struct td_stmt *st = NULL;
	int rc = net_prepare(r->ctx->store,
			     "SELECT min(month_end) FROM month_end_snapshot WHERE month_end >= ?",
			     NET_ARGS(NT(r->on)), &st, err);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW && !stmt_column_is_null(st, 0))
		net_problem(
			&r->m.p, TD_ECONFLICT,
			"đã có báo cáo cuối tháng ngày %s theo các xã cũ: sáp nhập ngày %s phải "
			"được nạp trước ngày đó",
			stmt_column_text(st, 0), r->on);
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

static int plan(struct run *r, struct td_error *err)
{
	int rc = load_known(r, err);
	if (rc == TD_OK)
		rc = load_stored(r, err);
	if (rc != TD_OK)
		return rc;
	for (size_t i = 0; i < r->n_keys; i++)
		check_old(r, r->keys[i], net_map_get(&r->known, r->keys[i]));
	r->changed = arena_zalloc(&r->m.arena, (r->m.n_units + 1) * sizeof *r->changed);
	if (!r->changed)
		return td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
	for (size_t i = 0; i < r->m.n_units; i++)
		plan_unit(r, &r->m.units[i]);
	r->rep->mapping_added = (int64_t)r->m.n_links - r->rep->mapping_unchanged;
	rc = check_late_links(r, err);
	if (rc == TD_OK)
		rc = check_snapshots(r, err);
	return rc;
}

/* ---- Writing ---------------------------------------------------------------------------- */

static int store_mapping(struct run *r, struct td_error *err)
{
	struct net_batch b;
	int rc =
		net_batch_init(&b, r->ctx->store,
			       "INSERT INTO admin_merger (on_date, new_province, new_commune, "
			       "new_name, old_province, old_district, old_commune, old_name, part, "
			       "line) VALUES",
			       10, BATCH, err);
	for (size_t i = 0; rc == TD_OK && i < r->m.n_links; i++) {
		const struct m25_link *l = &r->m.links[i];
		const char *key = arena_sprintf(&r->m.arena, "%s|%s|%s", l->f[M_NEW_C],
						l->f[M_OLD_D], l->f[M_OLD_C]);
		if (key && net_map_get(&r->stored, key))
			continue;
		const char *const *f = l->f;
		const struct net_arg row[] = {
			NT(r->on),	NT(f[M_NEW_P]),	     NT(f[M_NEW_C]), NT(f[M_NEW_NAME]),
			NT(f[M_OLD_P]), NT(f[M_OLD_D]),	     NT(f[M_OLD_C]), NT(f[M_OLD_NAME]),
			NT(f[M_PART]),	NI((int64_t)l->line)};
		rc = net_batch_add(&b, row, err);
	}
	if (rc == TD_OK)
		rc = net_batch_flush(&b, err);
	net_batch_free(&b);
	return rc;
}

/* Runs an UPDATE ... RETURNING and counts its rows into *n. */
static int count_updated(struct run *r, const char *sql, const struct net_arg *args, size_t n_args,
			 int64_t *n, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(r->ctx->store, sql, args, n_args, &st, err);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		(*n)++;
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The old communes (merged_into: the new commune of one that went whole under another
 * code), every district, and the provinces not in the new list (merged_into: the new
 * province that took most of their rows) close on the date; so does the open version of
 * a province whose name changes. */
static int close_old(struct run *r, struct td_error *err)
{
	const char *d = r->on;
	struct admin_2025_report *p = r->rep;
	int rc = count_updated(
		r,
		"UPDATE admin_unit SET valid_to = ?, merged_into = (SELECT m.new_commune FROM "
		"admin_merger m WHERE m.on_date = ? AND m.old_commune = admin_unit.code AND "
		"m.part = 'full' AND m.new_commune <> admin_unit.code) WHERE level = 'commune' AND "
		"valid_from < ? AND valid_to IS NULL AND code IN (SELECT old_commune FROM "
		"admin_merger WHERE on_date = ?) RETURNING code",
		NET_ARGS(NT(d), NT(d), NT(d), NT(d)), &p->communes_closed, err);
	if (rc == TD_OK)
		rc = count_updated(
			r,
			"UPDATE admin_unit SET valid_to = ? WHERE level = 'district' AND "
			"valid_from < ? AND valid_to IS NULL RETURNING code",
			NET_ARGS(NT(d), NT(d)), &p->districts_closed, err);
	if (rc == TD_OK)
		rc = count_updated(
			r,
			"UPDATE admin_unit SET valid_to = ?, merged_into = (SELECT m.new_province "
			"FROM admin_merger m WHERE m.on_date = ? AND m.old_province = "
			"admin_unit.code GROUP BY m.new_province ORDER BY count(*) DESC, "
			"m.new_province LIMIT 1) WHERE level = 'province' AND valid_from < ? AND "
			"valid_to IS NULL AND code NOT IN (SELECT new_province FROM admin_merger "
			"WHERE on_date = ?) RETURNING code",
			NET_ARGS(NT(d), NT(d), NT(d), NT(d)), &p->provinces_closed, err);
	for (size_t i = 0; rc == TD_OK && i < r->n_changed; i++)
		rc = net_exec(r->ctx->store,
			      "UPDATE admin_unit SET valid_to = ? WHERE level = 'province' AND "
			      "code = ? AND valid_from < ? AND valid_to IS NULL",
			      NET_ARGS(NT(d), NT(r->changed[i]), NT(d)), err);
	return rc;
}

/* The new units that are not there yet as they should be, versions from the date. */
static int insert_units(struct run *r, struct td_error *err)
{
	struct net_batch b;
	int rc = net_batch_init(&b, r->ctx->store,
				"INSERT INTO admin_unit (level, code, valid_from, name, unit_type, "
				"parent_code) VALUES",
				6, BATCH, err);
	for (size_t i = 0; rc == TD_OK && i < r->m.n_units; i++) {
		const struct m25_unit *u = &r->m.units[i];
		const struct known *k =
			net_map_get(&r->known, m25_key(&r->m.arena, u->level, u->code));
		if (k && k->has_at && same(&k->at, u))
			continue;
		const struct net_arg row[] = {NT(u->level), NT(u->code), NT(r->on),
					      NT(u->name),  NT(u->type), NT(u->parent)};
		rc = net_batch_add(&b, row, err);
	}
	if (rc == TD_OK)
		rc = net_batch_flush(&b, err);
	net_batch_free(&b);
	return rc;
}

bool admin_2025_unchanged(const struct admin_2025_report *p)
{
	return p->province.added + p->province.changed + p->commune.added + p->commune.changed +
		       p->mapping_added + p->provinces_closed + p->districts_closed +
		       p->communes_closed + p->moved.villages + p->moved.points + p->moved.staff ==
	       0;
}

json_t *admin_2025_report_json(const struct admin_2025_report *p, td_date on)
{
	char d[TD_DATE_FMT_MAX];
	const struct commune_moves *m = &p->moved;
	return json_pack(
		"{s:s, s:I, s:I, s:o, s:o, s:{s:I, s:I}, s:{s:I, s:I, s:I}, s:{s:I, "
		"s:I, s:I, s:I}, s:b}",
		"date", NET_ISO(on, d), "unit_rows", (json_int_t)p->unit_rows, "mapping_rows",
		(json_int_t)p->mapping_rows, "province", admin_import_count_json(&p->province),
		"commune", admin_import_count_json(&p->commune), "mapping", "added",
		(json_int_t)p->mapping_added, "unchanged", (json_int_t)p->mapping_unchanged,
		"closed", "province", (json_int_t)p->provinces_closed, "district",
		(json_int_t)p->districts_closed, "commune", (json_int_t)p->communes_closed, "moved",
		"villages", (json_int_t)m->villages, "awaiting_decision", (json_int_t)m->split,
		"points", (json_int_t)m->points, "staff", (json_int_t)m->staff, "unchanged",
		admin_2025_unchanged(p));
}

/* One record for the whole import: the rows carry their own validity dates. */
static int audit_summary(struct run *r, struct td_error *err)
{
	json_t *j = admin_2025_report_json(r->rep, r->day);
	if (j && (json_object_set_new(j, "units_file", json_string(r->m.units_source)) ||
		  json_object_set_new(j, "mapping_file", json_string(r->m.mapping_source))))
		json_decref(j), j = NULL;
	return net_audit_import(r->ctx, "admin_merger", j, err);
}

static int write_all(struct run *r, struct td_error *err)
{
	int rc = store_mapping(r, err);
	if (rc == TD_OK)
		rc = close_old(r, err);
	if (rc == TD_OK)
		rc = insert_units(r, err);
	if (rc == TD_OK)
		rc = commune_follow_merger(r->ctx->store, r->day, 0, &r->rep->moved, err);
	return rc;
}

/* ---- The use case ------------------------------------------------------------------------- */

static int run_in_tx(struct run *r, FILE *units, FILE *mapping, struct td_error *err)
{
	int rc = net_geo_write_check(r->ctx, err);
	if (rc != TD_OK)
		return rc;
	net_problems_init(&r->m.p, err);
	rc = m25_read(&r->m, units, mapping, err);
	r->rep->unit_rows = r->m.unit_rows;
	r->rep->mapping_rows = r->m.mapping_rows;
	if (rc == TD_OK && r->m.p.count == 0)
		rc = plan(r, err);
	if (rc != TD_OK)
		return rc;
	if (r->m.p.count > 0) {
		rc = net_problems_end(&r->m.p);
		return td_error_prefix(err, "%d lỗi, không nạp gì: ", r->m.p.count);
	}
	rc = write_all(r, err);
	if (rc == TD_OK && !admin_2025_unchanged(r->rep))
		rc = audit_summary(r, err);
	return rc;
}

int admin_units_2025_import(struct td_ctx *ctx, FILE *units, FILE *mapping,
			    const struct admin_2025_options *opt, struct admin_2025_report *rep,
			    struct td_error *err)
{
	memset(rep, 0, sizeof *rep);
	struct run *r = calloc(1, sizeof *r);
	if (!r)
		return td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
	r->ctx = ctx;
	r->rep = rep;
	r->m.units_source = opt->units_source;
	r->m.mapping_source = opt->mapping_source;
	r->day = opt->on;
	NET_ISO(opt->on, r->on);
	NET_ISO(opt->on - 1, r->eve);
	arena_init(&r->m.arena, 256 * 1024);
	int rc = bank_tx_begin(ctx, err);
	if (rc == TD_OK) {
		rc = run_in_tx(r, units, mapping, err);
		if (rc == TD_OK)
			rc = bank_tx_commit(ctx, err);
		else
			bank_tx_rollback(ctx);
	}
	if (rc != TD_OK)
		memset(rep, 0, sizeof *rep);
	free(r->keys);
	free(r->m.units);
	free(r->m.links);
	net_map_free(&r->known);
	net_map_free(&r->stored);
	net_map_free(&r->m.unit);
	net_map_free(&r->m.link);
	net_map_free(&r->m.old);
	net_map_free(&r->m.mapped);
	arena_free(&r->m.arena);
	free(r);
	return rc;
}

int admin_units_2025_import_text(struct td_ctx *ctx, const char *units, size_t units_len,
				 const char *mapping, size_t mapping_len,
				 const struct admin_2025_options *opt,
				 struct admin_2025_report *rep, struct td_error *err)
{
	/* an empty text reads as a blank line: "the file is empty", as from a file */
	FILE *u = units_len ? fmemopen((void *)units, units_len, "r") : fmemopen("\n", 1, "r");
	FILE *m =
		mapping_len ? fmemopen((void *)mapping, mapping_len, "r") : fmemopen("\n", 1, "r");
	int rc = u && m ? admin_units_2025_import(ctx, u, m, opt, rep, err)
			: td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
	if (u)
		fclose(u);
	if (m)
		fclose(m);
	return rc;
}
