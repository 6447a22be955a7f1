/*
 * Poverty list import, pass 1 (R-HH-1): the header, and every row read and validated in
 * memory; the status words of a list. poverty_internal.h tells the passes.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/poverty_internal.h"
#include "base/csv.h"
#include "base/fold.h"

/* ---- Columns ---------------------------------------------------------------------- */

enum pv_col {
	COL_CCCD,
	COL_NAME,
	COL_SEX,
	COL_BIRTH,
	COL_ETHNIC,
	COL_VILLAGE,
	COL_STATUS,
	COL_MEMBERS,
	COL_PHONE,
	COL_FLAGS,
	COL_COUNT
};

/* The header names: ours, and the folded Vietnamese headings lists come with. */
static const struct {
	const char *name;
	bool required;
	const char *aliases[6];
} columns[COL_COUNT] = {
	[COL_CCCD] = {"cccd", true, {"so cccd", "so dinh danh", "so dinh danh ca nhan"}},
	[COL_NAME] = {"head_name", true, {"ho ten chu ho", "ho va ten chu ho", "chu ho", "ho ten"}},
	[COL_SEX] = {"sex", false, {"gioi tinh"}},
	[COL_BIRTH] = {"birth_year", false, {"nam sinh"}},
	[COL_ETHNIC] = {"ethnicity", false, {"dan toc"}},
	[COL_VILLAGE] = {"village", true, {"thon", "thon/ap", "ap", "thon xom", "thon, xom"}},
	[COL_STATUS] = {"status", true, {"phan loai", "loai ho", "phan loai ho"}},
	[COL_MEMBERS] = {"members", true, {"so nhan khau", "nhan khau", "so khau"}},
	[COL_PHONE] = {"phone", false, {"dien thoai", "so dien thoai"}},
	[COL_FLAGS] = {"flags", false, {"doi tuong"}},
};
/* ---- Small parsers ---------------------------------------------------------------- */

int poverty_status_parse(const char *s, enum hh_status *out, struct td_error *err)
{
	static const struct {
		const char *word;
		enum hh_status status;
	} words[] = {
		{"poor", HH_POOR},
		{"ngheo", HH_POOR},
		{"near_poor", HH_NEAR_POOR},
		{"can ngheo", HH_NEAR_POOR},
		{"newly_escaped", HH_NEWLY_ESCAPED},
		{"moi thoat ngheo", HH_NEWLY_ESCAPED},
		{"none", HH_NONE},
	};
	char f[64];
	size_t n = strlen(s);
	if (n < sizeof f) {
		fold_ascii(s, n, f);
		const char *w = strncmp(f, "ho ", 3) == 0 ? f + 3 : f;
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strcmp(w, words[i].word) == 0) {
				*out = words[i].status;
				return TD_OK;
			}
	}
	if (strspn(s, " \t") == n)
		return td_error_set(err, TD_EINVAL, "status (phân loại) is empty");
	return td_error_set(err, TD_EINVAL,
			    "status '%s' is not one of: nghèo, cận nghèo, mới thoát nghèo (or "
			    "poor, near_poor, newly_escaped, none)",
			    s);
}

/* A whole number in [min, max] into *out; false otherwise. */
static bool parse_int(const char *s, long min, long max, int *out)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

/* Adds one problem to a row's reason, "; " between problems. */
static void row_problem(struct buf *p, const char *what)
{
	if (buf_len(p))
		buf_append_str(p, "; ");
	buf_append_str(p, what);
}

/* Validates the cells of one row into r (reason set when it cannot be used). The
 * household's own problems come first, the citizen ID's first of all. */
static void check_row(struct pv_state *st, const char *const cell[COL_COUNT], struct pv_row *r)
{
	struct td_error e = {0};
	char members[160] = "", birth[160] = "";
	struct household_input in = {.cccd = cell[COL_CCCD],
				     .head_name = cell[COL_NAME],
				     .sex = cell[COL_SEX],
				     .ethnicity = cell[COL_ETHNIC],
				     .flags = cell[COL_FLAGS],
				     .phone = cell[COL_PHONE],
				     .members = 1};
	if (!cell[COL_MEMBERS][0])
		snprintf(members, sizeof members, "members (số nhân khẩu) is empty");
	else if (!parse_int(cell[COL_MEMBERS], 1, HOUSEHOLD_MEMBERS_MAX, &in.members))
		snprintf(members, sizeof members,
			 "members '%.64s' is not a whole number from 1 to %d", cell[COL_MEMBERS],
			 HOUSEHOLD_MEMBERS_MAX);
	if (cell[COL_BIRTH][0] &&
	    !parse_int(cell[COL_BIRTH], TD_YEAR_MIN, TD_YEAR_MAX, &in.birth_year))
		snprintf(birth, sizeof birth, "birth_year '%.64s' is not a year", cell[COL_BIRTH]);
	struct buf p;
	buf_init(&p, 4096);
	struct household_fields f;
	if (household_check(&in, st->ctx->business_date, &f, &e) != TD_OK)
		row_problem(&p, e.msg);
	if (poverty_status_parse(cell[COL_STATUS], &r->status, &e) != TD_OK)
		row_problem(&p, e.msg);
	const char *why = NULL;
	r->village_id = pv_match_village(st, cell[COL_VILLAGE], &why);
	if (!r->village_id)
		row_problem(&p, why);
	if (members[0])
		row_problem(&p, members);
	if (birth[0])
		row_problem(&p, birth);
	if (buf_len(&p)) {
		r->reason = arena_strdup(&st->work, buf_str(&p)) ?: "out of memory";
		buf_free(&p);
		return;
	}
	buf_free(&p);
	memcpy(r->cccd, f.cccd, sizeof r->cccd);
	memcpy(r->phone, f.phone, sizeof r->phone);
	r->name = arena_strdup(&st->work, f.head_name);
	r->folded = arena_strdup(&st->work, f.name_folded);
	r->ethnicity = arena_strdup(&st->work, f.ethnicity);
	r->sex = f.sex;
	r->birth_year = f.birth_year;
	r->members = f.members;
	r->flags = f.flags;
	if (!r->name || !r->folded || !r->ethnicity)
		r->reason = "out of memory";
}

/* Maps the header's fields to columns into col[] (-1 for an absent optional column). */
static int read_header(const struct csv_row *row, int col[COL_COUNT], struct td_error *err)
{
	for (int c = 0; c < COL_COUNT; c++)
		col[c] = -1;
	for (size_t i = 0; i < row->n; i++) {
		char f[128];
		if (row->lens[i] >= sizeof f)
			return td_error_set(err, TD_EINVAL,
					    "line %zu: column %zu's heading is too "
					    "long to be one of ours",
					    row->line, i + 1);
		fold_ascii(row->fields[i], row->lens[i], f);
		int found = -1;
		for (int c = 0; c < COL_COUNT && found < 0; c++) {
			if (strcmp(f, columns[c].name) == 0)
				found = c;
			for (int a = 0; a < 6 && columns[c].aliases[a] && found < 0; a++)
				if (strcmp(f, columns[c].aliases[a]) == 0)
					found = c;
		}
		if (found < 0)
			return td_error_set(
				err, TD_EINVAL,
				"line %zu: column %zu '%s' is not known; the columns are "
				"cccd, head_name, sex, birth_year, ethnicity, village, "
				"status, members, phone, flags (docs/poverty-list.md)",
				row->line, i + 1, row->fields[i]);
		if (col[found] >= 0)
			return td_error_set(err, TD_EINVAL,
					    "line %zu: columns %d and %zu are both %s", row->line,
					    col[found] + 1, i + 1, columns[found].name);
		col[found] = (int)i;
	}
	for (int c = 0; c < COL_COUNT; c++)
		if (columns[c].required && col[c] < 0)
			return td_error_set(err, TD_EINVAL, "line %zu: the header has no column %s",
					    row->line, columns[c].name);
	return TD_OK;
}

static struct pv_row *new_row(struct pv_state *st)
{
	if (st->n_rows == st->cap_rows) {
		size_t cap = st->cap_rows ? 2 * st->cap_rows : 1024;
		void *p = realloc(st->rows, cap * sizeof *st->rows);
		if (!p)
			return NULL;
		st->rows = p;
		st->cap_rows = cap;
	}
	struct pv_row *r = &st->rows[st->n_rows++];
	memset(r, 0, sizeof *r);
	return r;
}

/* Trims the cells, joins them into the row's signature, and points cell[] at them. */
static int row_cells(struct pv_state *st, const struct csv_row *row, const int col[COL_COUNT],
		     const char *cell[COL_COUNT], struct pv_row *r)
{
	struct buf sig;
	buf_init(&sig, CSV_MAX_ROW_DEFAULT + COL_COUNT);
	int rc = TD_OK;
	for (int c = 0; c < COL_COUNT && rc == TD_OK; c++) {
		/* A short row lacks the last cells: they read as empty (the row is refused). */
		const char *v = col[c] >= 0 && (size_t)col[c] < row->n ? row->fields[col[c]] : "";
		v += strspn(v, " \t");
		size_t n = strlen(v);
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		char *copy = arena_strndup(&st->work, v, n);
		cell[c] = copy;
		rc = copy ? buf_append(&sig, copy, n) : TD_ENOMEM;
		if (rc == TD_OK)
			rc = buf_append_char(&sig, '\x1f'); /* the unit separator, between cells */
	}
	r->sig = rc == TD_OK ? arena_strdup(&st->work, buf_str(&sig)) : NULL;
	buf_free(&sig);
	r->cccd_text = cell[COL_CCCD];
	return rc == TD_OK && r->sig ? TD_OK : TD_ENOMEM;
}

static bool blank_row(const struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		if (strspn(row->fields[i], " \t") != row->lens[i])
			return false;
	return true;
}

/* ';' when the first line holds more semicolons than commas (a spreadsheet saved with a
 * Vietnamese or European list separator), else ','. */
static char guess_delim(const char *data, size_t len)
{
	size_t commas = 0, semis = 0;
	for (size_t i = 0; i < len && data[i] != '\n'; i++)
		commas += data[i] == ',', semis += data[i] == ';';
	return semis > commas ? ';' : ',';
}

int pv_read_rows(struct pv_state *st, struct td_error *err)
{
	struct csv_options opt = {.delim = guess_delim(st->in->data, st->in->len)};
	struct csv_reader rd;
	struct csv_row row;
	int col[COL_COUNT];
	int rc = csv_reader_init_mem(&rd, st->in->data, st->in->len, &opt);
	if (rc != TD_OK)
		return td_error_set(err, rc, "cannot read the file");
	rc = csv_read_row(&rd, &row, err);
	if (rc == TD_OK && row.n == 0)
		rc = td_error_set(err, TD_EINVAL, "the file is empty: it needs a header line");
	if (rc == TD_OK)
		rc = read_header(&row, col, err);
	size_t width = row.n;
	while (rc == TD_OK && (rc = csv_read_row(&rd, &row, err)) == TD_OK && row.n > 0) {
		if (blank_row(&row))
			continue; /* ",,,," lines spreadsheets leave at the end */
		struct pv_row *r = new_row(st);
		const char *cell[COL_COUNT];
		if (!r || row_cells(st, &row, col, cell, r) != TD_OK) {
			rc = pv_nomem(err);
			break;
		}
		r->line = row.line;
		if (row.n != width)
			r->reason =
				arena_sprintf(&st->work, "the row has %zu fields, the header %zu",
					      row.n, width)
					?: "out of memory";
		else
			check_row(st, cell, r);
	}
	csv_reader_free(&rd);
	if (rc == TD_OK && st->n_rows == 0)
		rc = td_error_set(err, TD_EINVAL, "the file has a header but no rows");
	return rc;
}
