/* Checking the statistics office's file: the header, and every row's fields. */
#include "bank/geo_csv.h"

#include <stdio.h>
#include <string.h>

#define GEO_TEXT_MAX 200

static const char *const header[GEO_NCOLS] = {
	"province_code", "province_name", "district_code", "district_name",
	"district_type", "commune_code",  "commune_name",  "commune_type",
};

static const char *const district_types[] = {"Quận", "Huyện", "Thị xã", "Thành phố", NULL};
static const char *const commune_types[] = {"Xã", "Phường", "Thị trấn", NULL};

static int header_index(const char *const *cols, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cols[i], name) == 0)
			return i;
	return -1;
}

/* "a, b" lists into buf; quoted: "'a', 'b'". */
static void list_add(char *buf, size_t size, bool quoted, const char *v)
{
	size_t len = strlen(buf);
	if (len + 2 < size && len > 0)
		len += (size_t)snprintf(buf + len, size - len, ", ");
	if (len < size)
		snprintf(buf + len, size - len, quoted ? "'%s'" : "%s", v);
}

int geo_csv_header_is(const struct csv_row *row, const char *source, const char *const *cols, int n,
		      struct td_error *err)
{
	char missing[256] = "", unexpected[256] = "", all[256] = "";
	bool present[16] = {false};
	for (size_t i = 0; i < row->n; i++) {
		int k = header_index(cols, n, row->fields[i]);
		if (k >= 0)
			present[k] = true;
		else
			list_add(unexpected, sizeof unexpected, true, row->fields[i]);
	}
	for (int k = 0; k < n; k++) {
		list_add(all, sizeof all, false, cols[k]);
		if (!present[k])
			list_add(missing, sizeof missing, false, cols[k]);
	}
	if (missing[0] || unexpected[0])
		return td_error_set(err, TD_EINVAL, "%s: header line %zu: %s%s%s%s%s", source,
				    row->line, missing[0] ? "missing column " : "", missing,
				    missing[0] && unexpected[0] ? "; " : "",
				    unexpected[0] ? "unexpected column " : "", unexpected);
	for (size_t i = 0; i < row->n && i < (size_t)n; i++)
		if (strcmp(row->fields[i], cols[i]) != 0)
			return td_error_set(
				err, TD_EINVAL,
				"%s: header line %zu: column %zu is '%s', expected '%s' "
				"(columns: %s)",
				source, row->line, i + 1, row->fields[i], cols[i], all);
	if (row->n != (size_t)n)
		return td_error_set(err, TD_EINVAL, "%s: header line %zu: %zu columns, expected %d",
				    source, row->line, row->n, n);
	return TD_OK;
}

int geo_csv_header(const struct csv_row *row, const char *source, struct td_error *err)
{
	return geo_csv_header_is(row, source, header, GEO_NCOLS, err);
}

static bool one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(v, *list) == 0)
			return true;
	return false;
}

const char *geo_province_type(const char *name)
{
	if (strncmp(name, "Thành phố ", strlen("Thành phố ")) == 0)
		return "Thành phố";
	if (strncmp(name, "Tỉnh ", strlen("Tỉnh ")) == 0)
		return "Tỉnh";
	return NULL;
}

/* The statistics office's own list has a few names with a trailing space. */
static const char *trimmed(struct arena *a, const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return arena_strndup(a, s, len);
}

int geo_csv_fields(struct arena *a, const struct csv_row *in, int n, const char **out,
		   struct net_problems *p)
{
	if (in->n != (size_t)n) {
		net_problem(p, TD_EINVAL, "line %zu: %zu fields, expected %d", in->line, in->n, n);
		return TD_EINVAL;
	}
	for (int c = 0; c < n; c++)
		if (!(out[c] = trimmed(a, in->fields[c], in->lens[c]))) {
			net_problem(p, TD_ENOMEM, "line %zu: out of memory", in->line);
			return TD_ENOMEM;
		}
	return TD_OK;
}

static void check_code(struct net_problems *p, const struct geo_row *r, int col, size_t width)
{
	if (!net_digits(r->f[col], width))
		net_problem(p, TD_EINVAL, "line %zu: %s '%s' must be %zu digits", r->line,
			    header[col], r->f[col], width);
}

static void check_known(struct net_problems *p, const struct geo_row *r)
{
	if (!geo_province_type(r->f[P_NAME]))
		net_problem(p, TD_EINVAL,
			    "line %zu: province_name '%s' must begin with 'Tỉnh' or 'Thành phố'",
			    r->line, r->f[P_NAME]);
	if (!one_of(r->f[D_TYPE], district_types))
		net_problem(p, TD_EINVAL,
			    "line %zu: district_type '%s' is not Quận, Huyện, Thị xã or Thành phố",
			    r->line, r->f[D_TYPE]);
	if (!one_of(r->f[C_TYPE], commune_types))
		net_problem(p, TD_EINVAL,
			    "line %zu: commune_type '%s' is not Xã, Phường or Thị trấn", r->line,
			    r->f[C_TYPE]);
}

int geo_csv_row(struct arena *a, const struct csv_row *in, struct geo_row *out,
		struct net_problems *p)
{
	int before = p->count;
	out->line = in->line;
	int rc = geo_csv_fields(a, in, GEO_NCOLS, out->f, p);
	if (rc != TD_OK)
		return rc;
	check_code(p, out, P_CODE, 2);
	check_code(p, out, D_CODE, 3);
	check_code(p, out, C_CODE, 5);
	for (int c = P_NAME; c < GEO_NCOLS; c++) {
		char what[64];
		snprintf(what, sizeof what, "line %zu: %s", out->line, header[c]);
		if (c != D_CODE && c != C_CODE)
			net_check_text(p, what, out->f[c], GEO_TEXT_MAX);
	}
	if (p->count == before)
		check_known(p, out);
	return p->count == before ? TD_OK : TD_EINVAL;
}
