/*
 * CSV reader and writer. The reader is a byte-at-a-time state machine over a window
 * (the whole buffer, or 64 KiB refilled from a FILE), checking UTF-8 as it goes so that
 * an error can name the line and column where the bad byte sits.
 */
#include "base/csv.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CSV_INBUF 65536

enum { GET_EOF = -1, GET_FAIL = -2 };

static int fail(struct csv_reader *r, struct td_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct csv_reader *r, struct td_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->failed_msg, sizeof r->failed_msg, fmt, ap);
	va_end(ap);
	r->failed = code;
	return td_error_set(err, code, "%s", r->failed_msg);
}

static int reader_init(struct csv_reader *r, const struct csv_options *opt)
{
	memset(r, 0, sizeof *r);
	if (opt)
		r->opt = *opt;
	if (!r->opt.delim)
		r->opt.delim = ',';
	if (!r->opt.max_field)
		r->opt.max_field = CSV_MAX_FIELD_DEFAULT;
	if (!r->opt.max_row)
		r->opt.max_row = CSV_MAX_ROW_DEFAULT;
	if (!r->opt.max_fields)
		r->opt.max_fields = CSV_MAX_FIELDS_DEFAULT;
	r->line = 1;
	r->at_start = true;
	char d = r->opt.delim;
	if (d == '"' || d == '\r' || d == '\n' || (unsigned char)d >= 0x80)
		return TD_EINVAL;
	return TD_OK;
}

int csv_reader_init_file(struct csv_reader *r, FILE *f, const struct csv_options *opt)
{
	int rc = reader_init(r, opt);
	if (rc)
		return rc;
	r->file = f;
	r->inbuf = malloc(CSV_INBUF);
	return r->inbuf ? TD_OK : TD_ENOMEM;
}

int csv_reader_init_mem(struct csv_reader *r, const char *data, size_t len,
			const struct csv_options *opt)
{
	int rc = reader_init(r, opt);
	r->p = (const unsigned char *)data;
	r->end = r->p + len;
	return rc;
}

void csv_reader_free(struct csv_reader *r)
{
	free(r->inbuf);
	free(r->data);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	r->inbuf = NULL;
	r->data = NULL;
	r->offs = NULL;
	r->lens = NULL;
	r->fields = NULL;
	r->data_alloc = r->fields_alloc = 0;
}

/* 1 when the window has bytes, 0 at the end of the input, -1 on a read error. */
static int refill(struct csv_reader *r)
{
	if (r->p < r->end)
		return 1;
	if (!r->file)
		return 0;
	size_t n = fread(r->inbuf, 1, CSV_INBUF, r->file);
	if (n == 0)
		return ferror(r->file) ? -1 : 0;
	r->p = r->inbuf;
	r->end = r->inbuf + n;
	return 1;
}

static int peek(struct csv_reader *r)
{
	return refill(r) == 1 ? *r->p : GET_EOF;
}

static int bad_utf8(struct csv_reader *r, struct td_error *err, size_t line, size_t col,
		    unsigned char c)
{
	return fail(r, err, TD_EINVAL,
		    "line %zu, column %zu: invalid UTF-8 (byte 0x%02x); save the file as UTF-8 "
		    "(in Excel: \"CSV UTF-8\")", line, col, c);
}

/* Checks c against the UTF-8 sequence in progress (Unicode table 3-7: no overlongs,
 * no surrogates, nothing past U+10FFFF) and moves the column on at each new character. */
static int check_utf8(struct csv_reader *r, struct td_error *err, unsigned char c)
{
	if (r->u8_need > 0) {
		if (c < r->u8_lo || c > r->u8_hi)
			return bad_utf8(r, err, r->u8_line, r->u8_col, c);
		r->u8_need--;
		r->u8_lo = 0x80;
		r->u8_hi = 0xbf;
		return TD_OK;
	}
	r->col++;
	if (c == 0)
		return fail(r, err, TD_EINVAL,
			    "line %zu, column %zu: NUL byte; is this a text file?", r->line,
			    r->col);
	if (c < 0x80)
		return TD_OK;
	r->u8_lo = 0x80;
	r->u8_hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf) {
		r->u8_need = 1;
	} else if (c >= 0xe0 && c <= 0xef) {
		r->u8_need = 2;
		if (c == 0xe0)
			r->u8_lo = 0xa0;
		else if (c == 0xed)
			r->u8_hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		r->u8_need = 3;
		if (c == 0xf0)
			r->u8_lo = 0x90;
		else if (c == 0xf4)
			r->u8_hi = 0x8f;
	} else {
		return bad_utf8(r, err, r->line, r->col, c);
	}
	r->u8_line = r->line;
	r->u8_col = r->col;
	return TD_OK;
}

/* The next byte, with r->line and r->col naming its position; GET_EOF at the end. */
static int get(struct csv_reader *r, struct td_error *err)
{
	int rc = refill(r);
	if (rc < 0) {
		fail(r, err, TD_EIO, "line %zu: read error: %s", r->line, strerror(errno));
		return GET_FAIL;
	}
	if (rc == 0 && r->u8_need > 0) {
		fail(r, err, TD_EINVAL,
		     "line %zu, column %zu: invalid UTF-8 (a character cut off by the end of "
		     "the file)", r->u8_line, r->u8_col);
		return GET_FAIL;
	}
	if (rc == 0)
		return GET_EOF;
	if (r->newline_pending) {
		r->line++;
		r->col = 0;
		r->newline_pending = false;
	}
	unsigned char c = *r->p++;
	if (check_utf8(r, err, c))
		return GET_FAIL;
	/* CRLF is one line break: the CR does not move the line, its LF does. */
	if (c == '\n' || (c == '\r' && peek(r) != '\n'))
		r->newline_pending = true;
	return c;
}

/* Room for `need` bytes of row data. */
static int grow_data(struct csv_reader *r, size_t need)
{
	if (need <= r->data_alloc)
		return TD_OK;
	size_t n = r->data_alloc ? r->data_alloc : 256;
	while (n < need)
		n *= 2;
	char *p = realloc(r->data, n);
	if (!p)
		return TD_ENOMEM;
	r->data = p;
	r->data_alloc = n;
	return TD_OK;
}

/* Room for `need` fields in the three per-field arrays. */
static int grow_fields(struct csv_reader *r, size_t need)
{
	if (need <= r->fields_alloc)
		return TD_OK;
	size_t n = r->fields_alloc ? r->fields_alloc * 2 : 16;
	while (n < need)
		n *= 2;
	size_t *offs = realloc(r->offs, n * sizeof *offs);
	if (!offs)
		return TD_ENOMEM;
	r->offs = offs;
	size_t *lens = realloc(r->lens, n * sizeof *lens);
	if (!lens)
		return TD_ENOMEM;
	r->lens = lens;
	const char **fields = realloc(r->fields, n * sizeof *fields);
	if (!fields)
		return TD_ENOMEM;
	r->fields = fields;
	r->fields_alloc = n;
	return TD_OK;
}

struct row_state {
	size_t field_start; /* offset in r->data of the field being read */
	size_t field_line, field_col;
	size_t line;
};

static int field_put(struct csv_reader *r, struct row_state *st, unsigned char c,
		     struct td_error *err)
{
	if (r->data_len - st->field_start >= r->opt.max_field)
		return fail(r, err, TD_ETOOBIG,
			    "line %zu, column %zu: field is longer than %zu bytes",
			    st->field_line, st->field_col, r->opt.max_field);
	if (r->data_len - r->nfields >= r->opt.max_row)
		return fail(r, err, TD_ETOOBIG, "line %zu: row is longer than %zu bytes",
			    st->line, r->opt.max_row);
	if (grow_data(r, r->data_len + 1))
		return fail(r, err, TD_ENOMEM, "line %zu: out of memory", st->line);
	r->data[r->data_len++] = (char)c;
	return TD_OK;
}

static int field_end(struct csv_reader *r, struct row_state *st, struct td_error *err)
{
	if (r->nfields >= r->opt.max_fields)
		return fail(r, err, TD_ETOOBIG,
			    "line %zu, column %zu: more than %zu fields in the row",
			    st->field_line, st->field_col, r->opt.max_fields);
	if (grow_data(r, r->data_len + 1) || grow_fields(r, r->nfields + 1))
		return fail(r, err, TD_ENOMEM, "line %zu: out of memory", st->line);
	r->offs[r->nfields] = st->field_start;
	r->lens[r->nfields] = r->data_len - st->field_start;
	r->data[r->data_len++] = '\0';
	r->nfields++;
	st->field_start = r->data_len;
	return TD_OK;
}

/* After a CR that ends a row, its LF belongs to the same line break. */
static int eat_lf(struct csv_reader *r, int c, struct td_error *err)
{
	if (c == '\r' && peek(r) == '\n' && get(r, err) == GET_FAIL)
		return r->failed;
	return TD_OK;
}

static void skip_bom(struct csv_reader *r)
{
	r->at_start = false;
	if (refill(r) == 1 && r->end - r->p >= 3 && r->p[0] == 0xef && r->p[1] == 0xbb &&
	    r->p[2] == 0xbf)
		r->p += 3;
}

static void row_out(struct csv_reader *r, struct csv_row *row, size_t line)
{
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->data + r->offs[i];
	row->fields = r->nfields ? r->fields : NULL;
	row->lens = r->nfields ? r->lens : NULL;
	row->n = r->nfields;
	row->line = line;
}

enum { S_START, S_UNQUOTED, S_QUOTED, S_AFTER_QUOTE };

int csv_read_row(struct csv_reader *r, struct csv_row *row, struct td_error *err)
{
	memset(row, 0, sizeof *row);
	if (r->failed)
		return td_error_set(err, r->failed, "%s", r->failed_msg);
	if (r->at_start)
		skip_bom(r);
	r->data_len = 0;
	r->nfields = 0;
	struct row_state st = {0};
	int state = S_START;
	bool started = false; /* a byte of this row was read (blank lines are skipped) */
	size_t quote_line = 0, quote_col = 0;
	const int delim = (unsigned char)r->opt.delim;
	for (;;) {
		int c = get(r, err);
		if (c == GET_FAIL)
			return r->failed;
		if (state == S_START && !started) {
			if (c == GET_EOF) {
				row_out(r, row, r->line); /* the end: n == 0 */
				return TD_OK;
			}
			if (c == '\n' || c == '\r')
				continue;
			started = true;
			st.line = r->line;
		}
		if (state == S_START) {
			st.field_line = r->line;
			st.field_col = r->col;
		}
		bool row_end = c == GET_EOF || c == '\n' || c == '\r';
		switch (state) {
		case S_START:
		case S_UNQUOTED:
			if (c == '"' && state == S_START) {
				state = S_QUOTED;
				quote_line = r->line;
				quote_col = r->col;
				continue;
			}
			if (c == '"')
				return fail(r, err, TD_EINVAL,
					    "line %zu, column %zu: quote inside an unquoted field; "
					    "quote the whole field and double the quote (\"\")",
					    r->line, r->col);
			if (c == delim || row_end)
				break;
			if (field_put(r, &st, (unsigned char)c, err))
				return r->failed;
			state = S_UNQUOTED;
			continue;
		case S_QUOTED:
			if (c == GET_EOF)
				return fail(r, err, TD_EINVAL,
					    "line %zu, column %zu: unterminated quoted field",
					    quote_line, quote_col);
			if (c == '"')
				state = S_AFTER_QUOTE;
			else if (field_put(r, &st, (unsigned char)c, err))
				return r->failed;
			continue;
		case S_AFTER_QUOTE:
			if (c == '"') {
				if (field_put(r, &st, '"', err))
					return r->failed;
				state = S_QUOTED;
				continue;
			}
			if (c == delim || row_end)
				break;
			return fail(r, err, TD_EINVAL,
				    "line %zu, column %zu: character after closing quote; a quoted "
				    "field must end at its closing quote", r->line, r->col);
		}
		/* A delimiter or the end of the row closes the field. */
		if (field_end(r, &st, err))
			return r->failed;
		state = S_START;
		if (row_end) {
			if (eat_lf(r, c, err))
				return r->failed;
			row_out(r, row, st.line);
			return TD_OK;
		}
	}
}

/* Writer ---------------------------------------------------------------------------- */

static int w_put(struct csv_writer *w, const char *s, size_t n)
{
	if (w->failed || n == 0)
		return w->failed;
	if (w->file) {
		if (fwrite(s, 1, n, w->file) != n)
			w->failed = TD_EIO;
	} else {
		w->failed = buf_append(w->out, s, n);
	}
	return w->failed;
}

static int writer_init(struct csv_writer *w, const struct csv_writer_options *opt)
{
	w->nfields = 0;
	w->empty_first = false;
	w->failed = TD_OK;
	if (opt)
		w->opt = *opt;
	else
		memset(&w->opt, 0, sizeof w->opt);
	if (!w->opt.delim)
		w->opt.delim = ',';
	char d = w->opt.delim;
	if (d == '"' || d == '\r' || d == '\n' || (unsigned char)d >= 0x80)
		return w->failed = TD_EINVAL;
	return w->opt.bom ? w_put(w, "\xef\xbb\xbf", 3) : TD_OK;
}

int csv_writer_init_file(struct csv_writer *w, FILE *f, const struct csv_writer_options *opt)
{
	w->file = f;
	w->out = NULL;
	return writer_init(w, opt);
}

int csv_writer_init_buf(struct csv_writer *w, struct buf *b, const struct csv_writer_options *opt)
{
	w->file = NULL;
	w->out = b;
	return writer_init(w, opt);
}

int csv_write_fieldn(struct csv_writer *w, const char *s, size_t n)
{
	if (w->nfields > 0)
		w_put(w, &w->opt.delim, 1);
	w->empty_first = w->nfields == 0 && n == 0;
	w->nfields++;
	/* A field starting with a BOM is quoted so that a reader never takes it for the
	 * file's own BOM and drops it. */
	bool quote = n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == w->opt.delim || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (!quote)
		return w_put(w, s, n);
	w_put(w, "\"", 1);
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') {
			w_put(w, s + from, i + 1 - from); /* up to and with the quote */
			w_put(w, "\"", 1);               /* doubled */
			from = i + 1;
		}
	}
	w_put(w, s + from, n - from);
	return w_put(w, "\"", 1);
}

int csv_write_field(struct csv_writer *w, const char *s)
{
	return csv_write_fieldn(w, s, strlen(s));
}

int csv_end_row(struct csv_writer *w)
{
	/* A lone empty field would be a blank line, which readers skip. */
	if (w->nfields == 0 || (w->nfields == 1 && w->empty_first))
		w_put(w, "\"\"", 2);
	w->nfields = 0;
	w->empty_first = false;
	return w->opt.crlf ? w_put(w, "\r\n", 2) : w_put(w, "\n", 1);
}

int csv_write_row(struct csv_writer *w, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_write_field(w, fields[i]);
	return csv_end_row(w);
}
