/*
 * Importing a commune's poverty list (R-HH-1, R-HH-2); bank/poverty_import.h tells what it
 * does, docs/poverty-list.md the file format.
 *
 * The work runs in passes over the rows held in memory, so that the database sees few and
 * cheap statements (a 100,000-row list in about a second on SQLite, against a target of
 * 5 s; bench/bench_poverty_import.c):
 *   1. read and validate every row (no database but the commune's villages, loaded once);
 *   2. sort the rows by citizen ID: repeated IDs, and the in-memory index for the rest;
 *   3. look the IDs up in chunks of CHUNK per statement (household, this year's and last
 *      year's status), then reject conflicts (another name, another commune);
 *   4. find the households that left the list (one query);
 *   5. write: new households and statuses in multi-row INSERTs (HH_BATCH, ST_BATCH rows
 *      per statement, prepared once), new households in citizen ID order.
 */
#include "bank/poverty_import.h"

#include <assert.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/household.h"
#include "base/csv.h"
#include "base/fold.h"

/* Citizen IDs looked up per statement. */
#define CHUNK 256
/* Villages named in a message about an unknown one. */
#define VILLAGES_SHOWN 8

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

/* ---- State ------------------------------------------------------------------------ */

struct pv_village {
	int64_t id;
	const char *name;
	const char *folded; /* "thon dong" */
	const char *key;    /* without the leading kind of place: "dong" */
};

/* One data row. Strings live in the work arena. */
struct pv_row {
	size_t line;
	const char *cccd_text; /* the cell, trimmed: the row's identity even when malformed */
	const char *sig;       /* every cell, to tell a repeated row from a conflicting one */
	const char *reason;    /* NULL while the row is accepted */
	/* The validated household (accepted rows). */
	char cccd[CCCD_DIGITS + 1];
	const char *name, *folded, *ethnicity;
	char phone[HOUSEHOLD_PHONE_DIGITS + 1];
	enum cccd_sex sex;
	int birth_year, members;
	uint32_t flags;
	int64_t village_id;
	enum hh_status status;
	/* What the database holds for the citizen ID. */
	int64_t household_id; /* 0: none */
	bool created;	      /* by this import */
	const char *db_name, *db_folded, *db_commune;
	bool has_y, has_prev; /* a status for the year, for the year before */
	enum hh_status st_y, st_prev;
	const char *y_commune;
};

struct pv_state {
	struct td_ctx *ctx;
	const struct poverty_import_input *in;
	struct poverty_import_result *res;
	struct arena work;
	char day[TD_DATE_FMT_MAX];
	struct pv_village *villages;
	size_t n_villages;
	struct pv_row *rows;
	size_t n_rows, cap_rows;
	struct pv_row **by_cccd; /* rows with a citizen ID cell, by (cccd_text, line) */
	size_t n_by;
	size_t accepted;
	size_t cap_changed, cap_left;
};

static int nomem(struct td_error *err)
{
	return td_error_set(err, TD_ENOMEM, "out of memory importing the poverty list");
}

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

/* The text after a leading kind of place (thôn, ấp, xóm, bản, tổ dân phố ...), folded. */
static const char *village_key(const char *folded)
{
	static const char *const kinds[] = {"to dan pho ", "khu pho ", "thon ", "ap ",
					    "xom ",	   "ban ",     "buon ", "lang ",
					    "soc ",	   "khom ",    "khu ",	"to "};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strncmp(folded, kinds[i], strlen(kinds[i])) == 0)
			return folded + strlen(kinds[i]);
	return folded;
}

/* ---- Pass 1: the commune, its villages, the rows ----------------------------------- */

/* The office serving the commune (access is checked against it), and the names of both
 * on the business date for the report. */
static int load_commune(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct td_store *s = st->ctx->store;
	struct td_stmt *q = NULL;
	int rc = household_commune_office(s, st->in->commune_code, st->ctx->business_date,
					  &res->office_id, err);
	if (rc == TD_OK)
		rc = store_prepare(
			s,
			"SELECT (SELECT name FROM admin_unit WHERE level = 'commune' AND "
			"code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > "
			"?)), (SELECT name FROM office_version WHERE office_id = ? AND "
			"valid_from <= ? AND (valid_to IS NULL OR valid_to > ?))",
			&q, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(q, 1, st->in->commune_code);
	stmt_bind_text(q, 2, st->day);
	stmt_bind_text(q, 3, st->day);
	stmt_bind_int64(q, 4, res->office_id);
	stmt_bind_text(q, 5, st->day);
	stmt_bind_text(q, 6, st->day);
	if ((rc = stmt_step(q, err)) == TD_ROW) {
		const char *commune = stmt_column_text(q, 0), *office = stmt_column_text(q, 1);
		snprintf(res->commune_name, sizeof res->commune_name, "%s", commune ? commune : "");
		snprintf(res->office_name, sizeof res->office_name, "%s", office ? office : "");
	}
	stmt_finalize(q);
	return rc == TD_ROW ? TD_OK : rc == TD_DONE ? TD_EINTERNAL : rc;
}

static int village_cmp(const void *a, const void *b)
{
	const struct pv_village *x = a, *y = b;
	return strcmp(x->folded, y->folded);
}

static int load_villages(struct pv_state *st, struct td_error *err)
{
	struct td_stmt *s = NULL;
	int rc = store_prepare(st->ctx->store,
			       "SELECT id, name FROM village WHERE commune_code = ? AND "
			       "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
			       &s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(s, 1, st->in->commune_code);
	stmt_bind_text(s, 2, st->day);
	stmt_bind_text(s, 3, st->day);
	size_t cap = 0;
	while ((rc = stmt_step(s, err)) == TD_ROW) {
		if (st->n_villages == cap) {
			cap = cap ? 2 * cap : 32;
			void *p = realloc(st->villages, cap * sizeof *st->villages);
			if (!p) {
				rc = nomem(err);
				break;
			}
			st->villages = p;
		}
		struct pv_village *v = &st->villages[st->n_villages];
		v->id = stmt_column_int64(s, 0);
		v->name = arena_strdup(&st->work, stmt_column_text(s, 1));
		char *folded = v->name ? arena_alloc(&st->work, strlen(v->name) + 1) : NULL;
		if (!folded) {
			rc = nomem(err);
			break;
		}
		fold_ascii(v->name, strlen(v->name), folded);
		v->folded = folded;
		v->key = village_key(folded);
		st->n_villages++;
	}
	stmt_finalize(s);
	/* In the order people read them (folded), for the messages that list them. */
	if (st->n_villages > 1)
		qsort(st->villages, st->n_villages, sizeof *st->villages, village_cmp);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The id of the commune's village named `cell`; 0 and *why when there is none or several.
 * The exact name wins (folded: case and diacritics do not matter); otherwise the name
 * without "Thôn"/"Ấp"/... must designate one village. */
static int64_t match_village(struct pv_state *st, const char *cell, const char **why)
{
	size_t n = strlen(cell);
	char *folded = arena_alloc(&st->work, n + 1);
	if (!folded) {
		*why = "out of memory";
		return 0;
	}
	fold_ascii(cell, n, folded);
	if (!folded[0]) {
		*why = "village (thôn) is empty";
		return 0;
	}
	for (size_t i = 0; i < st->n_villages; i++)
		if (strcmp(st->villages[i].folded, folded) == 0)
			return st->villages[i].id;
	const char *key = village_key(folded);
	int64_t found = 0;
	struct buf names;
	buf_init(&names, 1024);
	for (size_t i = 0; i < st->n_villages; i++)
		if (strcmp(st->villages[i].key, key) == 0) {
			buf_appendf(&names, "%s%s", found ? ", " : "", st->villages[i].name);
			found = found ? -1 : st->villages[i].id;
		}
	if (found == -1)
		*why = arena_sprintf(&st->work, "village '%s' matches several villages: %s", cell,
				     buf_str(&names));
	if (found != 0) {
		buf_free(&names);
		return found > 0 ? found : 0;
	}
	for (size_t i = 0; i < st->n_villages && i < VILLAGES_SHOWN; i++)
		buf_appendf(&names, "%s%s", i ? ", " : "", st->villages[i].name);
	if (st->n_villages > VILLAGES_SHOWN)
		buf_append_str(&names, ", ...");
	*why = arena_sprintf(&st->work, "village '%s' is not a village of commune %s on %s%s%s%s",
			     cell, st->in->commune_code, st->day,
			     st->n_villages ? " (villages: " : " (it has no village)",
			     buf_str(&names), st->n_villages ? ")" : "");
	buf_free(&names);
	return 0;
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
	r->village_id = match_village(st, cell[COL_VILLAGE], &why);
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

static int read_rows(struct pv_state *st, struct td_error *err)
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
			rc = nomem(err);
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

/* ---- Pass 2: repeated citizen IDs ------------------------------------------------- */

static int by_cccd_cmp(const void *a, const void *b)
{
	const struct pv_row *x = *(struct pv_row *const *)a, *y = *(struct pv_row *const *)b;
	int c = strcmp(x->cccd_text, y->cccd_text);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static void add_reason(struct pv_state *st, struct pv_row *r, const char *why)
{
	r->reason = r->reason ? arena_sprintf(&st->work, "%s; %s", r->reason, why)
			      : arena_strdup(&st->work, why);
	if (!r->reason)
		r->reason = "out of memory";
}

/* A group of rows with one citizen ID: identical repeats are dropped after the first;
 * rows that disagree are all rejected (which one is right is for a person to say). */
static void mark_group(struct pv_state *st, struct pv_row **g, size_t n)
{
	bool same = true;
	for (size_t i = 1; i < n; i++)
		same = same && strcmp(g[i]->sig, g[0]->sig) == 0;
	char why[TD_ERROR_MSG_MAX];
	if (same) {
		snprintf(why, sizeof why, "repeats line %zu (citizen ID %s)", g[0]->line,
			 g[0]->cccd_text);
		for (size_t i = 1; i < n; i++)
			add_reason(st, g[i], why);
		return;
	}
	int k = snprintf(why, sizeof why, "citizen ID %s is on lines ", g[0]->cccd_text);
	for (size_t i = 0; i < n && k < (int)sizeof why - 64; i++)
		k += snprintf(why + k, sizeof why - (size_t)k, "%s%zu", i ? ", " : "", g[i]->line);
	snprintf(why + k, sizeof why - (size_t)k, " with different data: keep one row");
	for (size_t i = 0; i < n; i++)
		add_reason(st, g[i], why);
}

static int mark_repeats(struct pv_state *st, struct td_error *err)
{
	st->by_cccd = malloc((st->n_rows ? st->n_rows : 1) * sizeof *st->by_cccd);
	if (!st->by_cccd)
		return nomem(err);
	for (size_t i = 0; i < st->n_rows; i++)
		if (st->rows[i].cccd_text[0])
			st->by_cccd[st->n_by++] = &st->rows[i];
	qsort(st->by_cccd, st->n_by, sizeof *st->by_cccd, by_cccd_cmp);
	for (size_t i = 0, j; i < st->n_by; i = j) {
		for (j = i + 1;
		     j < st->n_by && !strcmp(st->by_cccd[j]->cccd_text, st->by_cccd[i]->cccd_text);)
			j++;
		if (j - i > 1)
			mark_group(st, &st->by_cccd[i], j - i);
	}
	return TD_OK;
}

/* Whether the file mentions the citizen ID, on any row. */
static bool in_file(const struct pv_state *st, const char *cccd)
{
	size_t lo = 0, hi = st->n_by;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->by_cccd[mid]->cccd_text, cccd);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---- Pass 3: what the database holds ---------------------------------------------- */

static const char *col_dup(struct pv_state *st, struct td_stmt *s, int col)
{
	const char *v = stmt_column_text(s, col);
	return v ? arena_strdup(&st->work, v) : NULL;
}

/* Fills the database side of the rows of one chunk (sorted by citizen ID). */
static int lookup_chunk(struct pv_state *st, struct td_stmt *s, struct pv_row **chunk, size_t n,
			struct td_error *err)
{
	int year = st->in->year;
	stmt_reset(s);
	stmt_bind_int64(s, 1, year);
	stmt_bind_int64(s, 2, year - 1);
	for (size_t i = 0; i < CHUNK; i++)
		if (i < n)
			stmt_bind_text(s, (int)i + 3, chunk[i]->cccd);
		else
			stmt_bind_null(s, (int)i + 3);
	int rc;
	while ((rc = stmt_step(s, err)) == TD_ROW) {
		const char *cccd = stmt_column_text(s, 1);
		struct pv_row *r = NULL;
		for (size_t lo = 0, hi = n; lo < hi && !r;) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(chunk[mid]->cccd, cccd);
			if (c == 0)
				r = chunk[mid];
			else if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		assert(r && "the database answered a citizen ID it was not asked");
		r->household_id = stmt_column_int64(s, 0);
		r->db_name = col_dup(st, s, 2);
		r->db_folded = col_dup(st, s, 3);
		r->db_commune = col_dup(st, s, 4);
		r->has_y = !stmt_column_is_null(s, 5);
		r->has_prev = !stmt_column_is_null(s, 7);
		if (r->has_y) {
			programme_status_parse(stmt_column_text(s, 5), &r->st_y, NULL);
			r->y_commune = col_dup(st, s, 6);
		}
		if (r->has_prev)
			programme_status_parse(stmt_column_text(s, 7), &r->st_prev, NULL);
		if (!r->db_name || !r->db_folded || !r->db_commune || (r->has_y && !r->y_commune))
			return nomem(err);
	}
	return rc == TD_DONE ? TD_OK : rc;
}

static int lookup_households(struct pv_state *st, struct td_error *err)
{
	struct buf sql;
	buf_init(&sql, 16384);
	buf_append_str(&sql,
		       "SELECT h.id, h.cccd, h.head_name, h.name_folded, h.commune_code, y.status, "
		       "y.commune_code, p.status FROM household h "
		       "LEFT JOIN poverty_status y ON y.household_id = h.id AND y.year = ? "
		       "LEFT JOIN poverty_status p ON p.household_id = h.id AND p.year = ? "
		       "WHERE h.cccd IN (?");
	for (int i = 1; i < CHUNK; i++)
		buf_append_str(&sql, ", ?");
	int rc = buf_append_str(&sql, ")");
	struct td_stmt *s = NULL;
	if (rc == TD_OK)
		rc = store_prepare(st->ctx->store, buf_str(&sql), &s, err);
	else
		rc = nomem(err);
	buf_free(&sql);
	struct pv_row *chunk[CHUNK];
	size_t n = 0;
	for (size_t i = 0; rc == TD_OK && i <= st->n_by; i++) {
		bool flush = i == st->n_by || n == CHUNK;
		if (flush && n > 0) {
			rc = lookup_chunk(st, s, chunk, n, err);
			n = 0;
		}
		if (i < st->n_by && !st->by_cccd[i]->reason)
			chunk[n++] = st->by_cccd[i];
	}
	stmt_finalize(s);
	return rc;
}

/* Same citizen ID with another name; a household that lives in another commune. */
static void check_conflicts(struct pv_state *st)
{
	st->accepted = 0;
	for (size_t i = 0; i < st->n_rows; i++) {
		struct pv_row *r = &st->rows[i];
		if (!r->reason && r->household_id && strcmp(r->db_folded, r->folded) != 0)
			r->reason =
				arena_sprintf(&st->work,
					      "citizen ID %s belongs to household %lld (%s), not "
					      "to '%s': same ID with another name",
					      r->cccd, (long long)r->household_id, r->db_name,
					      r->name)
					?: "out of memory";
		else if (!r->reason && r->household_id &&
			 strcmp(r->db_commune, st->in->commune_code) != 0)
			r->reason =
				arena_sprintf(&st->work,
					      "household %lld (%s) lives in commune %s, not %s: "
					      "change its village first (household update)",
					      (long long)r->household_id, r->db_name, r->db_commune,
					      st->in->commune_code)
					?: "out of memory";
		st->accepted += r->reason == NULL;
	}
}

/* ---- Results ---------------------------------------------------------------------- */

static struct poverty_change *push_change(struct poverty_change **list, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		void *p = realloc(*list, c * sizeof **list);
		if (!p)
			return NULL;
		*list = p;
		*cap = c;
	}
	struct poverty_change *ch = &(*list)[(*n)++];
	memset(ch, 0, sizeof *ch);
	return ch;
}

static int collect_rejected(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	size_t n = st->n_rows - st->accepted;
	res->rejected = calloc(n ? n : 1, sizeof *res->rejected);
	if (!res->rejected)
		return nomem(err);
	for (size_t i = 0; i < st->n_rows; i++) {
		if (!st->rows[i].reason)
			continue;
		struct poverty_reject *j = &res->rejected[res->n_rejected++];
		j->line = st->rows[i].line;
		j->reason = arena_strdup(&res->arena, st->rows[i].reason);
		if (!j->reason)
			return nomem(err);
	}
	assert(res->n_rejected == n);
	return TD_OK;
}

/* ---- Pass 4: who left the list ----------------------------------------------------- */

static int find_left(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct td_stmt *s = NULL;
	int rc = store_prepare(
		st->ctx->store,
		"SELECT s.household_id, h.cccd, h.head_name, s.year, s.status, y.status "
		"FROM poverty_status s JOIN household h ON h.id = s.household_id "
		"LEFT JOIN poverty_status y ON y.household_id = s.household_id AND "
		"y.year = ? WHERE s.commune_code = ? AND s.year IN (?, ?) AND "
		"s.status <> 'none' ORDER BY h.name_folded, h.id, s.year DESC",
		&s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(s, 1, st->in->year);
	stmt_bind_text(s, 2, st->in->commune_code);
	stmt_bind_int64(s, 3, st->in->year);
	stmt_bind_int64(s, 4, st->in->year - 1);
	while ((rc = stmt_step(s, err)) == TD_ROW) {
		int year = (int)stmt_column_int64(s, 3);
		bool this_year = year == st->in->year;
		const char *cccd = stmt_column_text(s, 1);
		/* Last year's status counts only when the household has none for this year. */
		if ((!this_year && !stmt_column_is_null(s, 5)) || in_file(st, cccd))
			continue;
		struct poverty_change *ch = push_change(&res->left, &res->n_left, &st->cap_left);
		if (!ch || !(ch->head_name = arena_strdup(&res->arena, stmt_column_text(s, 2)))) {
			rc = nomem(err);
			break;
		}
		ch->household_id = stmt_column_int64(s, 0);
		snprintf(ch->cccd, sizeof ch->cccd, "%s", cccd);
		programme_status_parse(stmt_column_text(s, 4), &ch->from, NULL);
		ch->from_year = year;
		ch->to = HH_NONE;
	}
	stmt_finalize(s);
	return rc == TD_DONE ? TD_OK : rc;
}

/* ---- Pass 5: writing --------------------------------------------------------------- */

/* Rows per multi-row INSERT. One statement per batch instead of per row: SQLite keeps one
 * statement journal per statement (a per-row INSERT journals every page it touches, a
 * million writes for 100,000 households), and PostgreSQL makes one round trip. */
#define HH_BATCH 64
#define ST_BATCH 128
#define HH_COLS 14
#define ST_COLS 6

static const char hh_head[] = "INSERT INTO household (cccd, head_name, name_folded, sex, "
			      "birth_year, ethnicity, flags, village_id, commune_code, office_id, "
			      "phone, members, created_on, updated_on) VALUES ";
static const char st_head[] = "INSERT INTO poverty_status (household_id, year, status, "
			      "commune_code, import_id, recorded_on) VALUES ";

/* What the write pass holds: the batches being filled and the statements of full ones. */
struct pv_writer {
	struct pv_state *st;
	struct td_stmt *hh_full, *st_full, *upd_status;
	struct pv_row *hh[HH_BATCH]; /* new households, in citizen ID order */
	int n_hh;
	struct {
		int64_t household_id;
		enum hh_status status;
	} sts[ST_BATCH];
	int n_st;
};

/* head + rows groups of cols placeholders + tail, prepared. */
static int prepare_rows(struct td_store *s, const char *head, int cols, int rows, const char *tail,
			struct td_stmt **out, struct td_error *err)
{
	struct buf sql;
	buf_init(&sql, 65536);
	int rc = buf_append_str(&sql, head);
	for (int r = 0; rc == TD_OK && r < rows; r++)
		for (int c = 0; rc == TD_OK && c < cols; c++)
			rc = buf_append_str(&sql, c == 0	 ? (r ? ", (?" : "(?")
						  : c + 1 < cols ? ", ?"
								 : ", ?)");
	if (rc == TD_OK)
		rc = buf_append_str(&sql, tail);
	rc = rc == TD_OK ? store_prepare(s, buf_str(&sql), out, err) : nomem(err);
	buf_free(&sql);
	return rc;
}

static int writer_open(struct pv_state *st, struct pv_writer *w, struct td_error *err)
{
	struct td_store *s = st->ctx->store;
	memset(w, 0, sizeof *w);
	w->st = st;
	int rc = prepare_rows(s, hh_head, HH_COLS, HH_BATCH, " RETURNING id, cccd", &w->hh_full,
			      err);
	if (rc == TD_OK)
		rc = prepare_rows(s, st_head, ST_COLS, ST_BATCH, "", &w->st_full, err);
	if (rc == TD_OK)
		rc = store_prepare(
			s,
			"UPDATE poverty_status SET status = ?, commune_code = ?, "
			"import_id = ?, recorded_on = ? WHERE household_id = ? AND year = ? "
			"RETURNING id",
			&w->upd_status, err);
	return rc;
}

static void writer_close(struct pv_writer *w)
{
	stmt_finalize(w->hh_full);
	stmt_finalize(w->st_full);
	stmt_finalize(w->upd_status);
}

/* Writes the pending status rows. */
static int flush_statuses(struct pv_writer *w, struct td_error *err)
{
	struct pv_state *st = w->st;
	struct td_stmt *s = w->st_full, *own = NULL;
	if (w->n_st == 0)
		return TD_OK;
	if (w->n_st < ST_BATCH) {
		int rc = prepare_rows(st->ctx->store, st_head, ST_COLS, w->n_st, "", &own, err);
		if (rc != TD_OK)
			return rc;
		s = own;
	}
	stmt_reset(s);
	for (int i = 0, k = 1; i < w->n_st; i++) {
		stmt_bind_int64(s, k++, w->sts[i].household_id);
		stmt_bind_int64(s, k++, st->in->year);
		stmt_bind_text(s, k++, programme_status_name(w->sts[i].status));
		stmt_bind_text(s, k++, st->in->commune_code);
		stmt_bind_int64(s, k++, st->res->import_id);
		stmt_bind_text(s, k++, st->day);
	}
	int rc = stmt_step(s, err);
	stmt_reset(s);
	stmt_finalize(own);
	w->n_st = 0;
	return rc == TD_DONE ? TD_OK : rc;
}

static int insert_status(struct pv_writer *w, int64_t household_id, enum hh_status status,
			 struct td_error *err)
{
	assert(household_id > 0);
	w->sts[w->n_st].household_id = household_id;
	w->sts[w->n_st].status = status;
	return ++w->n_st == ST_BATCH ? flush_statuses(w, err) : TD_OK;
}

/* The pending batch's row with this citizen ID (the batch is in citizen ID order). */
static struct pv_row *batch_find(struct pv_writer *w, const char *cccd)
{
	size_t lo = 0, hi = (size_t)w->n_hh;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(w->hh[mid]->cccd, cccd);
		if (c == 0)
			return w->hh[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void bind_household(struct td_stmt *s, int k, const struct pv_state *st,
			   const struct pv_row *r)
{
	char flags[HOUSEHOLD_FLAGS_TEXT_MAX];
	stmt_bind_text(s, k++, r->cccd);
	stmt_bind_text(s, k++, r->name);
	stmt_bind_text(s, k++, r->folded);
	stmt_bind_text(s, k++, household_sex_name(r->sex));
	stmt_bind_int64(s, k++, r->birth_year);
	stmt_bind_text(s, k++, r->ethnicity);
	stmt_bind_text(s, k++, household_flags_format(r->flags, flags, sizeof flags));
	stmt_bind_int64(s, k++, r->village_id);
	stmt_bind_text(s, k++, st->in->commune_code);
	stmt_bind_int64(s, k++, st->res->office_id);
	stmt_bind_text(s, k++, r->phone);
	stmt_bind_int64(s, k++, r->members);
	stmt_bind_text(s, k++, st->day);
	stmt_bind_text(s, k, st->day);
}

/* Writes the pending new households, learns their ids (matched by citizen ID: RETURNING
 * promises no order), then queues their statuses. */
static int flush_households(struct pv_writer *w, struct td_error *err)
{
	struct pv_state *st = w->st;
	struct td_stmt *s = w->hh_full, *own = NULL;
	int rc = TD_OK, got = 0;
	if (w->n_hh == 0)
		return TD_OK;
	if (w->n_hh < HH_BATCH) {
		rc = prepare_rows(st->ctx->store, hh_head, HH_COLS, w->n_hh, " RETURNING id, cccd",
				  &own, err);
		s = own;
	}
	if (rc == TD_OK)
		stmt_reset(s);
	for (int i = 0; rc == TD_OK && i < w->n_hh; i++)
		bind_household(s, 1 + i * HH_COLS, st, w->hh[i]);
	while (rc == TD_OK && (rc = stmt_step(s, err)) == TD_ROW) {
		struct pv_row *r = batch_find(w, stmt_column_text(s, 1));
		assert(r && !r->household_id && "RETURNING gave a row that was not inserted");
		r->household_id = stmt_column_int64(s, 0);
		got++;
		rc = TD_OK;
	}
	if (rc == TD_DONE)
		rc = got == w->n_hh ? TD_OK
				    : td_error_set(err, TD_EINTERNAL,
						   "%d of %d households inserted", got, w->n_hh);
	if (s)
		stmt_reset(s);
	stmt_finalize(own);
	for (int i = 0; rc == TD_OK && i < w->n_hh; i++)
		rc = insert_status(w, w->hh[i]->household_id, w->hh[i]->status, err);
	w->n_hh = 0;
	return rc;
}

static int insert_household(struct pv_writer *w, struct pv_row *r, struct td_error *err)
{
	assert(w->n_hh == 0 || strcmp(w->hh[w->n_hh - 1]->cccd, r->cccd) < 0);
	w->hh[w->n_hh++] = r;
	return w->n_hh == HH_BATCH ? flush_households(w, err) : TD_OK;
}

/* Overwrites the household's status row of the year, with an audit record of the value
 * it had (R-HH-2: the row itself no longer shows it). */
static int update_status(struct pv_state *st, struct pv_writer *w, int64_t household_id,
			 enum hh_status from, const char *from_commune, enum hh_status to,
			 struct td_error *err)
{
	struct td_stmt *s = w->upd_status;
	stmt_reset(s);
	stmt_bind_text(s, 1, programme_status_name(to));
	stmt_bind_text(s, 2, st->in->commune_code);
	stmt_bind_int64(s, 3, st->res->import_id);
	stmt_bind_text(s, 4, st->day);
	stmt_bind_int64(s, 5, household_id);
	stmt_bind_int64(s, 6, st->in->year);
	int rc = stmt_step(s, err);
	int64_t id = rc == TD_ROW ? stmt_column_int64(s, 0) : 0;
	stmt_reset(s);
	if (rc != TD_ROW)
		return rc == TD_DONE ? td_error_set(err, TD_EINTERNAL, "status row vanished") : rc;
	char before[256], after[256];
	snprintf(before, sizeof before,
		 "{\"commune_code\":\"%s\",\"household_id\":%lld,\"status\":\"%s\",\"year\":%d}",
		 from_commune, (long long)household_id, programme_status_name(from), st->in->year);
	snprintf(after, sizeof after,
		 "{\"commune_code\":\"%s\",\"household_id\":%lld,\"import_id\":%lld,"
		 "\"status\":\"%s\",\"year\":%d}",
		 st->in->commune_code, (long long)household_id, (long long)st->res->import_id,
		 programme_status_name(to), st->in->year);
	return audit_record(st->ctx, "update", "poverty_status", id, before, after, err);
}

static int note_change(struct pv_state *st, const struct pv_row *r, enum hh_status from,
		       int from_year, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct poverty_change *ch = push_change(&res->changed, &res->n_changed, &st->cap_changed);
	if (!ch || !(ch->head_name = arena_strdup(&res->arena, r->name)))
		return nomem(err);
	ch->line = r->line;
	ch->household_id = r->household_id;
	memcpy(ch->cccd, r->cccd, sizeof ch->cccd);
	ch->from = from;
	ch->from_year = from_year;
	ch->to = r->status;
	return TD_OK;
}

/* One accepted row: counted as new, changed or unchanged (see poverty_import.h), and
 * written unless this is a dry run, which touches nothing (not even a sequence). */
static int apply_row(struct pv_state *st, struct pv_writer *w, struct pv_row *r,
		     struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	bool write = !st->in->dry_run;
	int rc = TD_OK;
	if (!r->household_id) {
		res->new_households++;
		r->created = true;
		return write ? insert_household(w, r, err) : TD_OK;
	}
	if (r->has_y) {
		bool same = r->st_y == r->status;
		if (write && (!same || strcmp(r->y_commune, st->in->commune_code) != 0))
			rc = update_status(st, w, r->household_id, r->st_y, r->y_commune, r->status,
					   err);
		if (rc == TD_OK && same)
			res->unchanged++;
		else if (rc == TD_OK)
			rc = note_change(st, r, r->st_y, st->in->year, err);
		return rc;
	}
	if (write)
		rc = insert_status(w, r->household_id, r->status, err);
	enum hh_status from = r->has_prev ? r->st_prev : HH_NONE;
	if (rc == TD_OK && from == r->status)
		res->unchanged++;
	else if (rc == TD_OK)
		rc = note_change(st, r, from, r->has_prev ? st->in->year - 1 : 0, err);
	return rc;
}

static int apply_all(struct pv_state *st, struct td_error *err)
{
	struct pv_writer w = {0};
	bool write = !st->in->dry_run;
	int rc = write ? writer_open(st, &w, err) : TD_OK;
	/* New households in citizen ID order: the unique index on household.cccd then grows
	 * at its end instead of at random places, which keeps a large list inside the page
	 * cache. Existing ones in line order, so that the changes are listed as the file has
	 * them. */
	for (size_t i = 0; rc == TD_OK && i < st->n_by; i++)
		if (!st->by_cccd[i]->reason && !st->by_cccd[i]->household_id)
			rc = apply_row(st, &w, st->by_cccd[i], err);
	if (rc == TD_OK && write)
		rc = flush_households(&w, err);
	for (size_t i = 0; rc == TD_OK && i < st->n_rows; i++)
		if (!st->rows[i].reason && st->rows[i].household_id && !st->rows[i].created)
			rc = apply_row(st, &w, &st->rows[i], err);
	for (size_t i = 0; write && rc == TD_OK && i < st->res->n_left; i++) {
		struct poverty_change *ch = &st->res->left[i];
		if (ch->from_year == st->in->year)
			rc = update_status(st, &w, ch->household_id, ch->from, st->in->commune_code,
					   HH_NONE, err);
		else
			rc = insert_status(&w, ch->household_id, HH_NONE, err);
	}
	if (rc == TD_OK && write)
		rc = flush_statuses(&w, err);
	if (write)
		writer_close(&w);
	return rc;
}

/* ---- The journal ------------------------------------------------------------------ */

static int open_journal(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	const struct td_actor *a = st->ctx->actor;
	struct td_stmt *s = NULL;
	int rc = store_prepare(st->ctx->store,
			       "SELECT min(id) FROM poverty_import WHERE commune_code = ? AND "
			       "year = ? AND sha256 = ?",
			       &s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(s, 1, st->in->commune_code);
	stmt_bind_int64(s, 2, st->in->year);
	stmt_bind_text(s, 3, res->sha256);
	if ((rc = stmt_step(s, err)) == TD_ROW)
		res->same_as_import = stmt_column_int64(s, 0);
	stmt_finalize(s);
	if (rc != TD_ROW)
		return rc == TD_DONE ? TD_EINTERNAL : rc;
	if (st->in->dry_run)
		return TD_OK;
	rc = store_prepare(
		st->ctx->store,
		"INSERT INTO poverty_import (commune_code, year, office_id, file_name, "
		"sha256, rows_read, new_households, unchanged, status_changed, left_list, "
		"rejected, business_date, user_id, username) VALUES (?, ?, ?, ?, ?, 0, 0, "
		"0, 0, 0, 0, ?, ?, ?) RETURNING id",
		&s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(s, 1, st->in->commune_code);
	stmt_bind_int64(s, 2, st->in->year);
	stmt_bind_int64(s, 3, res->office_id);
	stmt_bind_text(s, 4, st->in->file_name ? st->in->file_name : "");
	stmt_bind_text(s, 5, res->sha256);
	stmt_bind_text(s, 6, st->day);
	stmt_bind_int64(s, 7, a->user_id);
	stmt_bind_text(s, 8, a->username);
	if ((rc = stmt_step(s, err)) == TD_ROW)
		res->import_id = stmt_column_int64(s, 0);
	stmt_finalize(s);
	return rc == TD_ROW ? TD_OK : rc == TD_DONE ? TD_EINTERNAL : rc;
}

static int close_journal(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct td_stmt *s = NULL;
	int rc = store_prepare(st->ctx->store,
			       "UPDATE poverty_import SET rows_read = ?, new_households = ?, "
			       "unchanged = ?, status_changed = ?, left_list = ?, rejected = ? "
			       "WHERE id = ?",
			       &s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(s, 1, (int64_t)res->rows);
	stmt_bind_int64(s, 2, (int64_t)res->new_households);
	stmt_bind_int64(s, 3, (int64_t)res->unchanged);
	stmt_bind_int64(s, 4, (int64_t)res->n_changed);
	stmt_bind_int64(s, 5, (int64_t)res->n_left);
	stmt_bind_int64(s, 6, (int64_t)res->n_rejected);
	stmt_bind_int64(s, 7, res->import_id);
	rc = stmt_step(s, err);
	stmt_finalize(s);
	if (rc != TD_DONE)
		return rc;
	json_t *j =
		json_pack("{s:s, s:i, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "commune_code",
			  st->in->commune_code, "year", st->in->year, "file_name",
			  st->in->file_name ? st->in->file_name : "", "sha256", res->sha256, "rows",
			  (json_int_t)res->rows, "new_households", (json_int_t)res->new_households,
			  "unchanged", (json_int_t)res->unchanged, "status_changed",
			  (json_int_t)res->n_changed, "left_list", (json_int_t)res->n_left,
			  "rejected", (json_int_t)res->n_rejected);
	char *after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	rc = after ? audit_record(st->ctx, "import", "poverty_import", res->import_id, NULL, after,
				  err)
		   : nomem(err);
	free(after);
	return rc;
}

/* ---- The use case ----------------------------------------------------------------- */

static int check_input(struct pv_state *st, struct td_error *err)
{
	const struct poverty_import_input *in = st->in;
	int business_year = date_to_civil(st->ctx->business_date).year;
	const char *c = in->commune_code ? in->commune_code : "";
	if (strlen(c) != 5 || strspn(c, "0123456789") != 5)
		return td_error_set(err, TD_EINVAL, "commune code '%s' must be 5 digits", c);
	if (in->year < POVERTY_YEAR_MIN || in->year > business_year + 1)
		return td_error_set(err, TD_EINVAL,
				    "year %d is outside %d..%d: a list is for a year up to the one "
				    "after the business date's",
				    in->year, POVERTY_YEAR_MIN, business_year + 1);
	if (!in->data || in->len == 0)
		return td_error_set(err, TD_EINVAL, "the file is empty: it needs a header line");
	if (in->len > POVERTY_FILE_MAX)
		return td_error_set(err, TD_ETOOBIG, "the file has %zu bytes; at most %u are read",
				    in->len, POVERTY_FILE_MAX);
	return TD_OK;
}

static int run_in_tx(struct pv_state *st, struct td_error *err)
{
	struct td_scope scope = {0};
	int rc = load_commune(st, err);
	if (rc == TD_OK) {
		scope.office_id = st->res->office_id;
		rc = access_check(st->ctx, ACT_POVERTY_IMPORT, &scope, err);
	}
	if (rc == TD_OK)
		rc = load_villages(st, err);
	if (rc == TD_OK)
		rc = read_rows(st, err);
	if (rc == TD_OK)
		rc = mark_repeats(st, err);
	if (rc == TD_OK)
		rc = lookup_households(st, err);
	if (rc == TD_OK) {
		check_conflicts(st);
		st->res->rows = st->n_rows;
		rc = collect_rejected(st, err);
	}
	if (rc == TD_OK && st->accepted == 0)
		return td_error_set(err, TD_ERULE,
				    "none of the %zu rows can be used, so nothing was imported; "
				    "line %zu: %s",
				    st->n_rows, st->res->rejected[0].line,
				    st->res->rejected[0].reason);
	if (rc == TD_OK)
		rc = find_left(st, err);
	if (rc == TD_OK)
		rc = open_journal(st, err);
	if (rc == TD_OK)
		rc = apply_all(st, err);
	if (rc == TD_OK && !st->in->dry_run)
		rc = close_journal(st, err);
	if (rc == TD_OK)
		assert(st->res->rows == st->res->new_households + st->res->unchanged +
						st->res->n_changed + st->res->n_rejected);
	return rc;
}

int poverty_import_run(struct td_ctx *ctx, const struct poverty_import_input *in,
		       struct poverty_import_result *res, struct td_error *err)
{
	memset(res, 0, sizeof *res);
	arena_init(&res->arena, 0);
	struct pv_state st = {.ctx = ctx, .in = in, .res = res};
	arena_init(&st.work, 1 << 20);
	date_format_iso(ctx->business_date, st.day, sizeof st.day);
	res->dry_run = in->dry_run;
	res->year = in->year;
	snprintf(res->commune_code, sizeof res->commune_code, "%s",
		 in->commune_code ? in->commune_code : "");
	int rc = check_input(&st, err);
	if (rc == TD_OK) {
		unsigned char hash[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(hash, (const unsigned char *)in->data, in->len);
		sodium_bin2hex(res->sha256, sizeof res->sha256, hash, sizeof hash);
		rc = bank_tx_begin(ctx, err);
		if (rc == TD_OK) {
			rc = run_in_tx(&st, err);
			if (rc == TD_OK && !in->dry_run)
				rc = bank_tx_commit(ctx, err);
			else
				bank_tx_rollback(ctx);
		}
	}
	if (rc != TD_OK || in->dry_run)
		res->import_id = 0;
	free(st.villages);
	free(st.rows);
	free(st.by_cccd);
	arena_free(&st.work);
	return rc;
}

void poverty_import_result_free(struct poverty_import_result *res)
{
	free(res->changed);
	free(res->left);
	free(res->rejected);
	arena_free(&res->arena);
	memset(res, 0, sizeof *res);
}

/* ---- JSON ------------------------------------------------------------------------- */

static json_t *change_json(const struct poverty_change *c, bool with_line)
{
	json_t *o =
		json_pack("{s:I, s:s, s:s, s:s, s:i, s:s}", "household_id",
			  (json_int_t)c->household_id, "cccd", c->cccd, "head_name", c->head_name,
			  "from", c->from_year ? programme_status_name(c->from) : "", "from_year",
			  c->from_year, "to", programme_status_name(c->to));
	if (o && !c->from_year)
		json_object_set_new(o, "from", json_null());
	if (o && with_line)
		json_object_set_new(o, "line", json_integer((json_int_t)c->line));
	if (o && !with_line)
		json_object_del(o, "to");
	return o;
}

json_t *poverty_import_result_json(const struct poverty_import_result *r)
{
	json_t *changed = json_array(), *left = json_array(), *rejected = json_array();
	bool ok = changed && left && rejected;
	for (size_t i = 0; ok && i < r->n_changed; i++)
		ok = json_array_append_new(changed, change_json(&r->changed[i], true)) == 0;
	for (size_t i = 0; ok && i < r->n_left; i++)
		ok = json_array_append_new(left, change_json(&r->left[i], false)) == 0;
	for (size_t i = 0; ok && i < r->n_rejected; i++)
		ok = json_array_append_new(rejected, json_pack("{s:I, s:s}", "line",
							       (json_int_t)r->rejected[i].line,
							       "reason", r->rejected[i].reason)) ==
		     0;
	json_t *counts =
		ok ? json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "rows", (json_int_t)r->rows,
			       "new_households", (json_int_t)r->new_households, "unchanged",
			       (json_int_t)r->unchanged, "status_changed", (json_int_t)r->n_changed,
			       "left_list", (json_int_t)r->n_left, "rejected",
			       (json_int_t)r->n_rejected)
		   : NULL;
	if (!counts) {
		json_decref(changed), json_decref(left), json_decref(rejected);
		return NULL;
	}
	return json_pack("{s:o, s:b, s:s, s:s, s:I, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o}",
			 "import_id", r->import_id ? json_integer(r->import_id) : json_null(),
			 "dry_run", r->dry_run, "commune_code", r->commune_code, "commune_name",
			 r->commune_name, "office_id", (json_int_t)r->office_id, "office_name",
			 r->office_name, "year", r->year, "sha256", r->sha256, "same_as_import",
			 r->same_as_import ? json_integer(r->same_as_import) : json_null(),
			 "counts", counts, "status_changed", changed, "left_list", left, "rejected",
			 rejected);
}

/* ---- The journal as a list -------------------------------------------------------- */

static int list_in_tx(struct td_ctx *ctx, const struct poverty_import_query *q, json_t **out,
		      struct td_error *err)
{
	/* The journal is data of the office, naming no chapter or group: outside the reach
	 * of union officers and group leaders (R-ORG-4), as the network's lists are. */
	const struct td_actor *a = ctx->actor;
	struct td_scope own = {.office_id = a->office_id};
	int64_t limit = q->limit ? q->limit : 50;
	if (limit < 1 || limit > 500)
		return td_error_set(err, TD_EINVAL, "limit %lld is out of range: 1 to 500",
				    (long long)q->limit);
	if (q->offset < 0)
		return td_error_set(err, TD_EINVAL, "offset %lld is negative",
				    (long long)q->offset);
	int rc = access_check(ctx, ACT_READ, &own, err);
	if (rc != TD_OK)
		return rc;
	char day[TD_DATE_FMT_MAX], where[256] = " WHERE office_id IN (SELECT id FROM subtree)";
	date_format_iso(ctx->business_date, day, sizeof day);
	const char *commune = q->commune_code && *q->commune_code ? q->commune_code : NULL;
	if (commune)
		strcat(where, " AND commune_code = ?");
	if (q->year)
		strcat(where, " AND year = ?");
	char sql[2048];
	int64_t total = 0;
	json_t *items = json_array();
	struct td_stmt *s = NULL;
	for (int pass = 0; pass < 2 && rc == TD_OK; pass++) {
		snprintf(sql, sizeof sql, "%s%s%s%s", ACCESS_SUBTREE_CTE,
			 pass == 0 ? "SELECT count(*) FROM poverty_import"
				   : "SELECT id, commune_code, year, office_id, file_name, sha256, "
				     "rows_read, new_households, unchanged, status_changed, "
				     "left_list, rejected, business_date, user_id, username FROM "
				     "poverty_import",
			 where, pass == 0 ? "" : " ORDER BY id DESC LIMIT ? OFFSET ?");
		if ((rc = store_prepare(ctx->store, sql, &s, err)) != TD_OK)
			break;
		int k = 1;
		stmt_bind_int64(s, k++, a->office_id);
		stmt_bind_text(s, k++, day);
		stmt_bind_text(s, k++, day);
		if (commune)
			stmt_bind_text(s, k++, commune);
		if (q->year)
			stmt_bind_int64(s, k++, q->year);
		if (pass == 1) {
			stmt_bind_int64(s, k++, limit);
			stmt_bind_int64(s, k++, q->offset);
		}
		while ((rc = stmt_step(s, err)) == TD_ROW) {
			if (pass == 0) {
				total = stmt_column_int64(s, 0);
				continue;
			}
			json_t *o = json_pack(
				"{s:I, s:s, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:s, "
				"s:I, s:s}",
				"id", (json_int_t)stmt_column_int64(s, 0), "commune_code",
				stmt_column_text(s, 1), "year", (json_int_t)stmt_column_int64(s, 2),
				"office_id", (json_int_t)stmt_column_int64(s, 3), "file_name",
				stmt_column_text(s, 4), "sha256", stmt_column_text(s, 5),
				"rows_read", (json_int_t)stmt_column_int64(s, 6), "new_households",
				(json_int_t)stmt_column_int64(s, 7), "unchanged",
				(json_int_t)stmt_column_int64(s, 8), "status_changed",
				(json_int_t)stmt_column_int64(s, 9), "left_list",
				(json_int_t)stmt_column_int64(s, 10), "rejected",
				(json_int_t)stmt_column_int64(s, 11), "business_date",
				stmt_column_text(s, 12), "user_id",
				(json_int_t)stmt_column_int64(s, 13), "username",
				stmt_column_text(s, 14));
			if (!o || !items || json_array_append_new(items, o) != 0) {
				rc = nomem(err);
				break;
			}
		}
		stmt_finalize(s);
		s = NULL;
		rc = rc == TD_DONE ? TD_OK : rc;
	}
	if (rc == TD_OK)
		*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
				 "limit", (json_int_t)limit, "offset", (json_int_t)q->offset);
	else
		json_decref(items);
	return rc == TD_OK && !*out ? nomem(err) : rc;
}

int poverty_import_list(struct td_ctx *ctx, const struct poverty_import_query *q, json_t **out,
			struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = list_in_tx(ctx, q, out, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
