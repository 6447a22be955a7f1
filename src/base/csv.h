/*
 * CSV (RFC 4180) reading and writing.
 *
 * Reader: streams rows from a FILE* or a memory buffer. Quoted fields may hold the
 * delimiter, doubled quotes and line breaks; lines end in LF, CRLF or a lone CR; a UTF-8
 * BOM at the start is skipped; blank lines are skipped (their line numbers still count).
 * The input must be UTF-8 without NUL bytes. Errors name the line and column (columns
 * count characters from 1) and the reader then stops: later calls return the same error.
 *
 *	struct csv_reader r;
 *	struct csv_row row;
 *	csv_reader_init_mem(&r, data, len, NULL);
 *	while ((rc = csv_read_row(&r, &row, &err)) == TD_OK && row.n > 0)
 *		use(row.fields[0], row.line);
 *	csv_reader_free(&r);
 *
 * Writer: quotes a field only when it holds the delimiter, a quote, CR or LF (and a row
 * of one empty field, which would otherwise read back as a blank line).
 */
#ifndef TD_BASE_CSV_H
#define TD_BASE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/error.h"

#define CSV_MAX_FIELD_DEFAULT (64u * 1024)
#define CSV_MAX_ROW_DEFAULT (1024u * 1024)
#define CSV_MAX_FIELDS_DEFAULT 1024u

struct csv_options {
	char delim;        /* ',' when 0; ';' is the other common choice */
	size_t max_field;  /* bytes in one field; 0 = CSV_MAX_FIELD_DEFAULT */
	size_t max_row;    /* bytes in all fields of a row; 0 = CSV_MAX_ROW_DEFAULT */
	size_t max_fields; /* fields in a row; 0 = CSV_MAX_FIELDS_DEFAULT */
};

struct csv_row {
	const char *const *fields; /* n NUL-terminated fields */
	const size_t *lens;        /* their lengths in bytes */
	size_t n;                  /* 0 at the end of the input */
	size_t line;               /* 1-based line where the row starts */
};

struct csv_reader {
	struct csv_options opt;
	FILE *file;              /* NULL when reading memory */
	const unsigned char *p;  /* next byte of the current window */
	const unsigned char *end;
	unsigned char *inbuf;    /* the window for a FILE */
	size_t line, col;        /* position of the next byte; col counts characters */
	bool at_start;           /* nothing read yet: a BOM may follow */
	bool newline_pending;    /* the last byte ended a line; the next starts line + 1 */
	int failed;              /* sticky error code after a failure */
	char failed_msg[TD_ERROR_MSG_MAX];
	char *data;              /* fields of the current row, each NUL-terminated */
	size_t data_len, data_alloc;
	size_t *offs;            /* start of each field in data */
	size_t *lens;
	const char **fields;
	size_t nfields, fields_alloc;
	/* UTF-8 check state, carried across fields and refills. */
	int u8_need;
	unsigned char u8_lo, u8_hi;
	size_t u8_line, u8_col;  /* where the current sequence started */
};

/* opt may be NULL for the defaults. The reader does not own f or data; data must
 * outlive the reader. TD_EINVAL for a delimiter that cannot work ('"', CR, LF, NUL). */
int csv_reader_init_file(struct csv_reader *r, FILE *f, const struct csv_options *opt);
int csv_reader_init_mem(struct csv_reader *r, const char *data, size_t len,
			const struct csv_options *opt);
/* The next row into *row (pointers valid until the next call or csv_reader_free);
 * row->n == 0 at the end of the input. TD_EINVAL for malformed input, TD_ETOOBIG over a
 * cap, TD_EIO for a read error, TD_ENOMEM. */
int csv_read_row(struct csv_reader *r, struct csv_row *row, struct td_error *err);
void csv_reader_free(struct csv_reader *r);

struct csv_writer_options {
	char delim; /* ',' when 0 */
	bool crlf;  /* end lines with CRLF (RFC 4180, Excel) instead of LF */
	bool bom;   /* start with a UTF-8 BOM so that Excel reads UTF-8 */
};

struct csv_writer {
	FILE *file;
	struct buf *out;
	struct csv_writer_options opt;
	size_t nfields; /* fields written in the current row */
	bool empty_first; /* the row so far is one empty field */
	int failed;     /* sticky: the first error */
};

/* Write to f, or append to b (whose cap then bounds the output). The BOM, if asked for,
 * is written here. TD_EINVAL for a delimiter that cannot work; TD_EIO / TD_ETOOBIG if
 * writing the BOM fails. Errors are sticky: every later call returns the first one. */
int csv_writer_init_file(struct csv_writer *w, FILE *f, const struct csv_writer_options *opt);
int csv_writer_init_buf(struct csv_writer *w, struct buf *b, const struct csv_writer_options *opt);
int csv_write_field(struct csv_writer *w, const char *s);
int csv_write_fieldn(struct csv_writer *w, const char *s, size_t n);
/* Ends the current row. */
int csv_end_row(struct csv_writer *w);
/* n fields, then the end of the row. */
int csv_write_row(struct csv_writer *w, const char *const *fields, size_t n);

#endif
