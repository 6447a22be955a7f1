/*
 * The 2025 import, part one: the list of new units and the mapping, read and checked
 * against each other without the database (bank/merger.h tells the rules). Every problem
 * is collected with its file and line; the caller loads nothing when there is one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/geo_csv.h"
#include "bank/merger_internal.h"

#define M25_TEXT_MAX 200

static const char *const unit_cols[U_NCOLS] = {"province_code", "province_name", "commune_code",
					       "commune_name", "commune_type"};
static const char *const map_cols[M_NCOLS] = {
	"new_province_code", "new_commune_code", "new_commune_name", "old_province_code",
	"old_district_code", "old_commune_code", "old_commune_name", "part"};
static const char *const commune_types[] = {"Xã", "Phường", "Đặc khu", NULL};

const char *m25_key(struct arena *a, const char *level, const char *code)
{
	return arena_sprintf(a, "%c%s", level[0], code);
}

static void problem(struct m25 *m, const char *source, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(struct m25 *m, const char *source, size_t line, const char *fmt, ...)
{
	char msg[TD_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	net_problem(&m->p, TD_EINVAL, "%s dòng %zu: %s", source, line, msg);
}

static void nomem(struct m25 *m)
{
	if (!m->fatal)
		net_problem(&m->p, TD_ENOMEM, "hết bộ nhớ");
	m->fatal = TD_ENOMEM;
}

static void check_digits(struct m25 *m, const char *source, size_t line, const char *col,
			 const char *v, size_t width)
{
	if (!net_digits(v, width))
		problem(m, source, line, "%s '%s' phải có %zu chữ số", col, v, width);
}

static void check_text(struct m25 *m, const char *source, size_t line, const char *col,
		       const char *v)
{
	size_t n = strlen(v);
	bool control = false;
	for (const unsigned char *c = (const unsigned char *)v; *c; c++)
		control = control || *c < 0x20 || *c == 0x7f;
	if (n == 0)
		problem(m, source, line, "%s trống", col);
	else if (n > M25_TEXT_MAX || control)
		problem(m, source, line, "%s '%.60s' dài quá %d byte hoặc có ký tự điều khiển", col,
			v, M25_TEXT_MAX);
}

static bool one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

/* ---- The new units --------------------------------------------------------------- */

static struct m25_unit *unit_add(struct m25 *m, const struct m25_unit *u)
{
	if (m->n_units == m->cap_units) {
		size_t cap = m->cap_units ? 2 * m->cap_units : 1024;
		void *p = realloc(m->units, cap * sizeof *m->units);
		if (!p)
			return NULL;
		m->units = p;
		m->cap_units = cap;
	}
	m->units[m->n_units] = *u;
	return &m->units[m->n_units++];
}

/* A unit met on a line: the first sight is kept; a province must agree with it, a
 * commune must not come again. */
static void see_unit(struct m25 *m, const struct m25_unit *u)
{
	const char *key = m25_key(&m->arena, u->level, u->code);
	size_t *seen = net_map_get(&m->unit, key);
	if (seen) {
		const struct m25_unit *first = &m->units[*seen];
		if (u->level[0] == 'c')
			problem(m, m->units_source, u->line, "xã %s lặp lại (đã có ở dòng %zu)",
				u->code, first->line);
		else if (strcmp(first->name, u->name) != 0)
			problem(m, m->units_source, u->line,
				"tỉnh %s tên '%s' ở đây nhưng '%s' ở dòng %zu", u->code, u->name,
				first->name, first->line);
		return;
	}
	size_t *at = arena_alloc(&m->arena, sizeof *at);
	if (!at || !unit_add(m, u)) {
		nomem(m);
		return;
	}
	*at = m->n_units - 1;
	if (net_map_put(&m->unit, key, at) != TD_OK)
		nomem(m);
}

static void unit_row(struct m25 *m, const char **f, size_t line)
{
	const char *src = m->units_source;
	int before = m->p.count;
	check_digits(m, src, line, "province_code", f[U_PCODE], 2);
	check_digits(m, src, line, "commune_code", f[U_CODE], 5);
	check_text(m, src, line, "province_name", f[U_PNAME]);
	check_text(m, src, line, "commune_name", f[U_NAME]);
	if (m->p.count > before)
		return;
	const char *ptype = geo_province_type(f[U_PNAME]);
	size_t tl = strlen(f[U_TYPE]);
	if (!ptype)
		problem(m, src, line,
			"province_name '%s' phải bắt đầu bằng 'Tỉnh' hoặc 'Thành phố'", f[U_PNAME]);
	if (!one_of(f[U_TYPE], commune_types))
		problem(m, src, line, "commune_type '%s' không phải Xã, Phường hay Đặc khu",
			f[U_TYPE]);
	else if (strncmp(f[U_NAME], f[U_TYPE], tl) != 0 || f[U_NAME][tl] != ' ')
		problem(m, src, line, "commune_name '%s' phải bắt đầu bằng loại '%s'", f[U_NAME],
			f[U_TYPE]);
	if (m->p.count > before)
		return;
	see_unit(m, &(struct m25_unit){"province", f[U_PCODE], f[U_PNAME], ptype, NULL, line});
	see_unit(m,
		 &(struct m25_unit){"commune", f[U_CODE], f[U_NAME], f[U_TYPE], f[U_PCODE], line});
}

/* ---- The mapping ----------------------------------------------------------------- */

static const struct m25_unit *unit_of(const struct m25 *m, struct arena *a, const char *level,
				      const char *code)
{
	const size_t *i = net_map_get(&m->unit, m25_key(a, level, code));
	return i ? &m->units[*i] : NULL;
}

/* The row's new commune must be the units file's, in the same province, same name. */
static void check_new(struct m25 *m, const char **f, size_t line)
{
	const struct m25_unit *u = unit_of(m, &m->arena, "commune", f[M_NEW_C]);
	if (!u)
		problem(m, m->mapping_source, line, "xã mới %s không có trong %s", f[M_NEW_C],
			m->units_source);
	else if (strcmp(u->parent, f[M_NEW_P]) != 0 || strcmp(u->name, f[M_NEW_NAME]) != 0)
		problem(m, m->mapping_source, line,
			"xã mới %s là '%s' thuộc tỉnh %s ở đây, nhưng '%s' thuộc tỉnh %s ở %s "
			"dòng %zu",
			f[M_NEW_C], f[M_NEW_NAME], f[M_NEW_P], u->name, u->parent, m->units_source,
			u->line);
}

static void check_link_fields(struct m25 *m, const char **f, size_t line)
{
	const char *src = m->mapping_source;
	check_digits(m, src, line, "new_province_code", f[M_NEW_P], 2);
	check_digits(m, src, line, "new_commune_code", f[M_NEW_C], 5);
	check_digits(m, src, line, "old_province_code", f[M_OLD_P], 2);
	check_digits(m, src, line, "old_district_code", f[M_OLD_D], 3);
	if (f[M_OLD_C][0])
		check_digits(m, src, line, "old_commune_code", f[M_OLD_C], 5);
	check_text(m, src, line, "new_commune_name", f[M_NEW_NAME]);
	check_text(m, src, line, "old_commune_name", f[M_OLD_NAME]);
	if (strcmp(f[M_PART], "full") != 0 && strcmp(f[M_PART], "partial") != 0)
		problem(m, src, line, "part '%s' phải là full hoặc partial", f[M_PART]);
	else if (!f[M_OLD_C][0] && strcmp(f[M_PART], "full") != 0)
		problem(m, src, line,
			"huyện đảo %s không có xã: nó vào trọn xã mới %s (part phải là full)",
			f[M_OLD_D], f[M_NEW_C]);
}

static struct m25_link *link_add(struct m25 *m, const char **f, size_t line)
{
	if (m->n_links == m->cap_links) {
		size_t cap = m->cap_links ? 2 * m->cap_links : 4096;
		void *p = realloc(m->links, cap * sizeof *m->links);
		if (!p)
			return NULL;
		m->links = p;
		m->cap_links = cap;
	}
	struct m25_link *l = &m->links[m->n_links++];
	memcpy(l->f, f, sizeof l->f);
	l->line = line;
	return l;
}

static void link_row(struct m25 *m, const char **f, size_t line)
{
	int before = m->p.count;
	check_link_fields(m, f, line);
	if (m->p.count == before)
		check_new(m, f, line);
	if (m->p.count > before)
		return;
	const char *key = arena_sprintf(&m->arena, "%s|%s|%s", f[M_NEW_C], f[M_OLD_D], f[M_OLD_C]);
	const size_t *dup = key ? net_map_get(&m->link, key) : NULL;
	if (dup) {
		problem(m, m->mapping_source, line,
			"cặp xã mới %s - đơn vị cũ %s%s lặp lại (đã có ở dòng %zu)", f[M_NEW_C],
			f[M_OLD_C][0] ? "" : "huyện ", f[M_OLD_C][0] ? f[M_OLD_C] : f[M_OLD_D],
			m->links[*dup].line);
		return;
	}
	size_t *at = arena_alloc(&m->arena, sizeof *at);
	if (!key || !at || !link_add(m, f, line)) {
		nomem(m);
		return;
	}
	*at = m->n_links - 1;
	if (net_map_put(&m->link, key, at) != TD_OK)
		nomem(m);
}

/* ---- Reading a file ---------------------------------------------------------------- */

typedef void (*row_fn)(struct m25 *m, const char **f, size_t line);

static int read_rows(struct m25 *m, struct csv_reader *rd, const char *source,
		     const char *const *cols, int n, row_fn row_cb, int64_t *rows,
		     struct td_error *err)
{
	struct csv_row row;
	int rc = csv_read_row(rd, &row, err);
	if (rc != TD_OK)
		return td_error_prefix(err, "%s: ", source);
	if (row.n == 0)
		return td_error_set(err, TD_EINVAL, "%s: tệp rỗng (không có dòng tiêu đề)", source);
	if ((rc = geo_csv_header_is(&row, source, cols, n, err)) != TD_OK)
		return rc;
	const char *fields[M_NCOLS];
	while (!m->fatal) {
		if ((rc = csv_read_row(rd, &row, err)) != TD_OK)
			return td_error_prefix(err, "%s: ", source);
		if (row.n == 0)
			break;
		(*rows)++;
		if (row.n != (size_t)n)
			problem(m, source, row.line, "%zu cột, cần %d", row.n, n);
		else if (geo_csv_fields(&m->arena, &row, n, fields, &m->p) != TD_OK)
			nomem(m);
		else
			row_cb(m, fields, row.line);
	}
	return TD_OK;
}

static int read_file(struct m25 *m, FILE *f, const char *source, const char *const *cols, int n,
		     row_fn row_cb, int64_t *rows, struct td_error *err)
{
	struct csv_reader rd;
	if (csv_reader_init_file(&rd, f, NULL) != TD_OK)
		return td_error_set(err, TD_EIO, "%s: không đọc được", source);
	int rc = read_rows(m, &rd, source, cols, n, row_cb, rows, err);
	csv_reader_free(&rd);
	return rc;
}

/* ---- After both files -------------------------------------------------------------- */

static void count_old(struct m25 *m, const struct m25_link *l)
{
	struct m25_old *o = net_map_get(&m->old, l->f[M_OLD_C]);
	if (!o && (!(o = arena_zalloc(&m->arena, sizeof *o)) ||
		   net_map_put(&m->old, l->f[M_OLD_C], o) != TD_OK)) {
		nomem(m);
		return;
	}
	if (!o->first)
		o->first = l;
	o->rows++;
	o->partial += strcmp(l->f[M_PART], "partial") == 0;
}

/* Old communes and new communes to their rows, now that m->links no longer moves. */
static void index_links(struct m25 *m)
{
	for (size_t i = 0; i < m->n_links && !m->fatal; i++) {
		const struct m25_link *l = &m->links[i];
		if (!net_map_get(&m->mapped, l->f[M_NEW_C]) &&
		    net_map_put(&m->mapped, l->f[M_NEW_C], (void *)l) != TD_OK)
			nomem(m);
		if (l->f[M_OLD_C][0])
			count_old(m, l);
	}
}

/* An old commune is whole in one new commune (full) or split among several (partial). */
static void check_parts(struct m25 *m)
{
	for (size_t i = 0; i < m->n_links; i++) {
		const struct m25_link *l = &m->links[i];
		const struct m25_old *o =
			l->f[M_OLD_C][0] ? net_map_get(&m->old, l->f[M_OLD_C]) : NULL;
		if (!o || o->first != l)
			continue;
		if (o->rows == 1 && o->partial)
			problem(m, m->mapping_source, l->line,
				"xã cũ %s chỉ vào một xã mới (%s) mà ghi partial: phải là full",
				l->f[M_OLD_C], l->f[M_NEW_C]);
		else if (o->rows > 1 && o->partial < o->rows)
			problem(m, m->mapping_source, l->line,
				"xã cũ %s vào %d xã mới: mọi dòng của nó phải ghi partial",
				l->f[M_OLD_C], o->rows);
	}
	for (size_t i = 0; i < m->n_units; i++) {
		const struct m25_unit *u = &m->units[i];
		if (u->level[0] == 'c' && !net_map_get(&m->mapped, u->code))
			problem(m, m->units_source, u->line,
				"xã mới %s (%s) không có dòng nào trong %s: nó được lập từ đâu?",
				u->code, u->name, m->mapping_source);
	}
}

int m25_read(struct m25 *m, FILE *units, FILE *mapping, struct td_error *err)
{
	int rc = read_file(m, units, m->units_source, unit_cols, U_NCOLS, unit_row, &m->unit_rows,
			   err);
	if (rc == TD_OK && !m->fatal)
		rc = read_file(m, mapping, m->mapping_source, map_cols, M_NCOLS, link_row,
			       &m->mapping_rows, err);
	if (rc == TD_OK && !m->fatal)
		index_links(m);
	if (rc == TD_OK && !m->fatal)
		check_parts(m);
	return rc == TD_OK ? m->fatal : rc;
}
