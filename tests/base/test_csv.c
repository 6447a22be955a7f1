/* CSV: RFC 4180 reading (quotes, CRLF, BOM, caps, UTF-8) with line/column errors, and
 * writing with minimal quoting; a seeded round-trip property over both. These are the
 * files of R-HH-2 (household lists from the labour department) and of every export. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

/* Reads every row into "3:f1|f2\n" text (the row's line, then its fields). */
static int dump_rows(struct csv_reader *r, char *out, size_t size, struct td_error *err)
{
	struct csv_row row;
	size_t n = 0;
	int rc;
	out[0] = '\0';
	while ((rc = csv_read_row(r, &row, err)) == TD_OK && row.n > 0) {
		n += (size_t)snprintf(out + n, size - n, "%zu:", row.line);
		for (size_t i = 0; i < row.n; i++) {
			assert_int_equal(strlen(row.fields[i]), row.lens[i]);
			n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "|" : "",
					      row.fields[i]);
		}
		n += (size_t)snprintf(out + n, size - n, "\n");
		assert_true(n < size);
	}
	return rc;
}

static int read_all(const char *src, size_t len, const struct csv_options *opt, char *out,
		    size_t size, struct td_error *err)
{
	struct csv_reader r;
	int rc = csv_reader_init_mem(&r, src, len, opt);
	out[0] = '\0';
	if (rc == TD_OK)
		rc = dump_rows(&r, out, size, err);
	csv_reader_free(&r);
	return rc;
}

static void test_reads_valid_input(void **state)
{
	(void)state;
	static const struct {
		const char *name, *in, *want;
		char delim;
	} cases[] = {
		{"simple", "a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n", 0},
		{"no final newline", "a,b\n1,2", "1:a|b\n2:1|2\n", 0},
		{"CRLF", "a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n", 0},
		{"lone CR", "a,b\r1,2\r", "1:a|b\n2:1|2\n", 0},
		{"empty fields", ",,\na,\n,b\n", "1:||\n2:a|\n3:|b\n", 0},
		{"quoted comma", "\"Hà Nội, Việt Nam\",x\n", "1:Hà Nội, Việt Nam|x\n", 0},
		{"doubled quote", "\"say \"\"hi\"\"\",\"\"\"\"\n", "1:say \"hi\"|\"\n", 0},
		{"quoted empty", "\"\"\n\"\",\"\"\n", "1:\n2:|\n", 0},
		{"quoted LF keeps lines", "\"a\nb\",c\nd,e\n", "1:a\nb|c\n3:d|e\n", 0},
		{"quoted CRLF kept verbatim", "\"a\r\nb\"\r\nc\r\n", "1:a\r\nb\n3:c\n", 0},
		{"blank lines skipped", "a\n\n\r\n\nb\n\n", "1:a\n5:b\n", 0},
		{"BOM skipped", "\xef\xbb\xbfname,amount\nAn,1.000\n",
		 "1:name|amount\n2:An|1.000\n", 0},
		{"BOM only at the start", "a\n\xef\xbb\xbf" "b\n", "1:a\n2:\xef\xbb\xbf" "b\n", 0},
		{"semicolon", "a;b,c;\"d;e\"\n", "1:a|b,c|d;e\n", ';'},
		{"spaces are data", " a , b \n", "1: a | b \n", 0},
		{"empty input", "", "", 0},
		{"BOM alone", "\xef\xbb\xbf", "", 0},
		{"utf-8 4 bytes", "\xf0\x9f\x98\x80,\xe1\xbb\x99\n",
		 "1:\xf0\x9f\x98\x80|\xe1\xbb\x99\n", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[512];
		struct td_error err = {0};
		struct csv_options opt = {.delim = cases[i].delim};
		int rc = read_all(cases[i].in, strlen(cases[i].in), &opt, out, sizeof out, &err);
		if (rc != TD_OK || strcmp(out, cases[i].want) != 0)
			fail_msg("%s: rc %d (%s), got \"%s\", want \"%s\"", cases[i].name, rc,
				 err.msg, out, cases[i].want);
	}
}

static void test_rejects_malformed_input(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len; /* 0: strlen */
		int code;
		const char *msg;
	} cases[] = {
		{"a,b\nc,d\ne,f\nname,addr1,\"Hà Nội\n", 0, TD_EINVAL,
		 "line 4, column 12: unterminated quoted field"},
		{"a\nb\n\"ab\"x,c\n", 0, TD_EINVAL,
		 "line 3, column 5: character after closing quote"},
		{"\"a\" ,b\n", 0, TD_EINVAL, "line 1, column 4: character after closing quote"},
		{"ab\"c\n", 0, TD_EINVAL, "line 1, column 3: quote inside an unquoted field"},
		{"\"x\ny\nz", 0, TD_EINVAL, "line 1, column 1: unterminated quoted field"},
		{"ok,\xc3\x28\n", 0, TD_EINVAL, "line 1, column 4: invalid UTF-8 (byte 0x28)"},
		{"Hà Nội,\xff\n", 0, TD_EINVAL, "line 1, column 8: invalid UTF-8 (byte 0xff)"},
		{"a\n\xc0\xaf\n", 0, TD_EINVAL, "line 2, column 1: invalid UTF-8 (byte 0xc0)"},
		{"\xe0\x80\x80", 0, TD_EINVAL, "line 1, column 1: invalid UTF-8 (byte 0x80)"},
		{"x\xed\xa0\x80", 0, TD_EINVAL, "line 1, column 2: invalid UTF-8 (byte 0xa0)"},
		{"\xf4\x90\x80\x80", 0, TD_EINVAL, "column 1: invalid UTF-8 (byte 0x90)"},
		{"\xf5\x80\x80\x80", 0, TD_EINVAL, "column 1: invalid UTF-8 (byte 0xf5)"},
		{"abc\x80", 0, TD_EINVAL, "line 1, column 4: invalid UTF-8 (byte 0x80)"},
		{"abc\xe1\x80", 0, TD_EINVAL,
		 "line 1, column 4: invalid UTF-8 (a character cut off"},
		{"\"ab\xe1\x80\"", 0, TD_EINVAL, "line 1, column 4: invalid UTF-8 (byte 0x22)"},
		{"a,b\nc\0d\n", 8, TD_EINVAL, "line 2, column 2: NUL byte"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[512];
		struct td_error err = {0};
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		int rc = read_all(cases[i].in, len, NULL, out, sizeof out, &err);
		if (rc != cases[i].code || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: rc %d, \"%s\", want \"%s\"", i, rc, err.msg,
				 cases[i].msg);
	}
}

static void test_caps(void **state)
{
	(void)state;
	char out[512];
	struct td_error err = {0};
	struct csv_options opt = {.max_field = 8, .max_row = 12, .max_fields = 3};
	/* Exactly at each cap is fine. */
	assert_int_equal(read_all("12345678,1234\n", 14, &opt, out, sizeof out, &err), TD_OK);
	assert_int_equal(read_all("a,b,c\n", 6, &opt, out, sizeof out, &err), TD_OK);
	assert_int_equal(read_all("\"12345678\"\n", 11, &opt, out, sizeof out, &err), TD_OK);

	static const struct {
		const char *in, *msg;
	} cases[] = {
		{"ok\nx,123456789\n", "line 2, column 3: field is longer than 8 bytes"},
		{"\"1234\"\"5678\"", "line 1, column 1: field is longer than 8 bytes"},
		{"12345678,12345\n", "line 1: row is longer than 12 bytes"},
		{"a,b,c,d\n", "line 1, column 7: more than 3 fields in the row"},
		{"a,b,c,\n", "line 1, column 7: more than 3 fields"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = read_all(cases[i].in, strlen(cases[i].in), &opt, out, sizeof out, &err);
		if (rc != TD_ETOOBIG || !strstr(err.msg, cases[i].msg))
			fail_msg("\"%s\": rc %d, \"%s\", want \"%s\"", cases[i].in, rc, err.msg,
				 cases[i].msg);
	}
}

/* After an error the reader stops and repeats it; rows before it were delivered. */
static void test_error_is_sticky(void **state)
{
	(void)state;
	static const char src[] = "a,b\n\"x\"y\nc,d\n";
	struct csv_reader r;
	struct csv_row row;
	struct td_error err = {0};
	assert_int_equal(csv_reader_init_mem(&r, src, sizeof src - 1, NULL), TD_OK);
	assert_int_equal(csv_read_row(&r, &row, &err), TD_OK);
	assert_int_equal(row.n, 2);
	assert_int_equal(csv_read_row(&r, &row, &err), TD_EINVAL);
	assert_int_equal(row.n, 0);
	char first[TD_ERROR_MSG_MAX];
	strcpy(first, err.msg);
	td_error_clear(&err);
	assert_int_equal(csv_read_row(&r, &row, &err), TD_EINVAL);
	assert_string_equal(err.msg, first);
	csv_reader_free(&r);

	/* At the end, more calls keep saying "end". */
	assert_int_equal(csv_reader_init_mem(&r, "a\n", 2, NULL), TD_OK);
	assert_int_equal(csv_read_row(&r, &row, &err), TD_OK);
	assert_int_equal(row.n, 1);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(csv_read_row(&r, &row, &err), TD_OK);
		assert_int_equal(row.n, 0);
	}
	csv_reader_free(&r);
}

static void test_bad_delimiters(void **state)
{
	(void)state;
	struct csv_reader r;
	static const char bad[] = {'"', '\n', '\r', (char)0xc3};
	for (size_t i = 0; i < sizeof bad; i++) {
		struct csv_options opt = {.delim = bad[i]};
		assert_int_equal(csv_reader_init_mem(&r, "a", 1, &opt), TD_EINVAL);
		csv_reader_free(&r);
	}
}

/* Appends one-field rows of 'p' until b's length is exactly `at`. */
static void pad_to(struct buf *b, size_t at)
{
	while (buf_len(b) < at) {
		size_t left = at - buf_len(b);
		size_t k = left > 100 ? 99 : left - 1;
		assert_true(k >= 1);
		for (size_t i = 0; i < k; i++)
			buf_append_char(b, 'p');
		buf_append_char(b, '\n');
	}
	assert_int_equal(buf_len(b), at);
}

/* A FILE larger than the reader's 64 KiB window, with a CRLF, a multi-byte character,
 * a quoted line break and a doubled quote each split by a refill: reading the file must
 * give exactly what reading the same bytes from memory gives. */
static void test_file_across_window_boundaries(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1 << 20);
	pad_to(&b, 65532);
	buf_append_str(&b, "a,b\r\n");         /* '\r' at 65535, '\n' at 65536 */
	pad_to(&b, 131069);
	buf_append_str(&b, "x,\xe1\xbb\x99\n");  /* the character spans 131072 */
	pad_to(&b, 196607);
	buf_append_str(&b, "\"q\nq\",x\n");     /* opening quote at 196607 */
	pad_to(&b, 262141);
	buf_append_str(&b, "\"a\"\"b\",y\n");   /* the doubled quote at 262143..4 */
	buf_append_str(&b, "end,\xe1\xbb\x99");   /* no final newline */

	static char from_mem[1 << 19], from_file[1 << 19];
	struct td_error err = {0};
	assert_int_equal(read_all(buf_str(&b), buf_len(&b), NULL, from_mem, sizeof from_mem,
				  &err), TD_OK);
	assert_non_null(strstr(from_mem, ":a|b\n"));
	assert_non_null(strstr(from_mem, ":x|\xe1\xbb\x99\n"));
	assert_non_null(strstr(from_mem, ":q\nq|x\n"));
	assert_non_null(strstr(from_mem, ":a\"b|y\n"));
	assert_non_null(strstr(from_mem, ":end|\xe1\xbb\x99\n"));

	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(buf_str(&b), 1, buf_len(&b), f), buf_len(&b));
	rewind(f);
	struct csv_reader r;
	assert_int_equal(csv_reader_init_file(&r, f, NULL), TD_OK);
	assert_int_equal(dump_rows(&r, from_file, sizeof from_file, &err), TD_OK);
	assert_string_equal(from_file, from_mem);
	csv_reader_free(&r);
	fclose(f);
	buf_free(&b);
}

/* An error deep in a file still names its line. */
static void test_file_error_position(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	for (int i = 0; i < 10000; i++)
		fprintf(f, "%d,ok\n", i);
	fprintf(f, "10000,\"bad\"x\n");
	rewind(f);
	struct csv_reader r;
	struct csv_row row;
	struct td_error err = {0};
	assert_int_equal(csv_reader_init_file(&r, f, NULL), TD_OK);
	int rc;
	while ((rc = csv_read_row(&r, &row, &err)) == TD_OK && row.n > 0)
		;
	assert_int_equal(rc, TD_EINVAL);
	assert_string_equal(err.msg, "line 10001, column 12: character after closing quote; a "
				     "quoted field must end at its closing quote");
	csv_reader_free(&r);
	fclose(f);
}

static void test_writer_quotes_only_when_needed(void **state)
{
	(void)state;
	struct buf b;
	struct csv_writer w;
	buf_init(&b, 4096);
	assert_int_equal(csv_writer_init_buf(&w, &b, NULL), TD_OK);
	const char *row1[] = {"a", "b,c", "say \"hi\"", "line\nbreak", "", "x;y", " sp "};
	assert_int_equal(csv_write_row(&w, row1, 7), TD_OK);
	const char *row2[] = {""};
	assert_int_equal(csv_write_row(&w, row2, 1), TD_OK); /* not a blank line */
	assert_int_equal(csv_write_field(&w, "cr\r"), TD_OK);
	assert_int_equal(csv_write_fieldn(&w, "abc", 2), TD_OK);
	assert_int_equal(csv_end_row(&w), TD_OK);
	assert_string_equal(buf_str(&b), "a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\",,x;y, sp \n"
					 "\"\"\n"
					 "\"cr\r\",ab\n");
	buf_free(&b);

	/* Semicolons, CRLF and a BOM for Excel. */
	struct csv_writer_options opt = {.delim = ';', .crlf = true, .bom = true};
	assert_int_equal(csv_writer_init_buf(&w, &b, &opt), TD_OK);
	const char *row3[] = {"Hà Nội", "b,c", "x;y"};
	assert_int_equal(csv_write_row(&w, row3, 3), TD_OK);
	assert_string_equal(buf_str(&b), "\xef\xbb\xbfHà Nội;b,c;\"x;y\"\r\n");
	buf_free(&b);
}

static void test_writer_errors_are_sticky(void **state)
{
	(void)state;
	struct buf b;
	struct csv_writer w;
	buf_init(&b, 8);
	assert_int_equal(csv_writer_init_buf(&w, &b, NULL), TD_OK);
	assert_int_equal(csv_write_field(&w, "1234"), TD_OK);
	assert_int_equal(csv_write_field(&w, "56789"), TD_ETOOBIG);
	assert_int_equal(csv_end_row(&w), TD_ETOOBIG);
	assert_int_equal(csv_write_field(&w, ""), TD_ETOOBIG);
	buf_free(&b);

	struct csv_writer_options opt = {.bom = true};
	buf_init(&b, 2);
	assert_int_equal(csv_writer_init_buf(&w, &b, &opt), TD_ETOOBIG);
	buf_free(&b);

	struct csv_writer_options quote_delim = {.delim = '"'};
	buf_init(&b, 100);
	assert_int_equal(csv_writer_init_buf(&w, &b, &quote_delim), TD_EINVAL);
	assert_int_equal(csv_write_field(&w, "x"), TD_EINVAL);
	assert_int_equal(buf_len(&b), 0);
	buf_free(&b);

	/* Writing to a stream that cannot be written. */
	FILE *f = fopen("/dev/full", "w");
	if (f) {
		setvbuf(f, NULL, _IONBF, 0);
		assert_int_equal(csv_writer_init_file(&w, f, NULL), TD_OK);
		assert_int_equal(csv_write_field(&w, "x"), TD_EIO);
		assert_int_equal(csv_end_row(&w), TD_EIO);
		fclose(f);
	}
}

static void test_writer_to_file(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	struct csv_writer w;
	struct csv_writer_options opt = {.crlf = true};
	assert_int_equal(csv_writer_init_file(&w, f, &opt), TD_OK);
	const char *row[] = {"id", "tên"};
	assert_int_equal(csv_write_row(&w, row, 2), TD_OK);
	rewind(f);
	char got[64] = {0};
	assert_int_equal(fread(got, 1, sizeof got - 1, f), 9);
	assert_string_equal(got, "id,tên\r\n");
	fclose(f);
}

static uint64_t rng_state = 0x853c49e6748fea9bULL;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* read(write(rows)) == rows for random rows over an alphabet of awkward characters. */
static void test_round_trip_property(void **state)
{
	(void)state;
	static const char *const pieces[] = {"a", ",", ";", "\"", "\r", "\n", " ", "ộ",
					     "\xef\xbb\xbf", "1.234", "\r\n", "\"\""};
	enum { MAXF = 6, MAXLEN = 64 };
	for (int iter = 0; iter < 3000; iter++) {
		struct csv_writer_options wopt = {.delim = iter % 3 ? ',' : ';',
						  .crlf = iter % 2, .bom = iter % 5 == 0};
		size_t nrows = rng_next() % 5 + 1;
		char cells[5][MAXF][MAXLEN * 4];
		size_t nf[5];
		struct buf b;
		struct csv_writer w;
		buf_init(&b, 1 << 20);
		assert_int_equal(csv_writer_init_buf(&w, &b, &wopt), TD_OK);
		for (size_t r = 0; r < nrows; r++) {
			nf[r] = rng_next() % MAXF + 1;
			for (size_t i = 0; i < nf[r]; i++) {
				size_t len = rng_next() % 8;
				cells[r][i][0] = '\0';
				for (size_t k = 0; k < len; k++)
					strcat(cells[r][i], pieces[rng_next() % 12]);
				assert_int_equal(csv_write_field(&w, cells[r][i]), TD_OK);
			}
			assert_int_equal(csv_end_row(&w), TD_OK);
		}
		struct csv_reader rd;
		struct csv_row row;
		struct td_error err = {0};
		struct csv_options ropt = {.delim = wopt.delim};
		assert_int_equal(csv_reader_init_mem(&rd, buf_str(&b), buf_len(&b), &ropt), TD_OK);
		for (size_t r = 0; r < nrows; r++) {
			if (csv_read_row(&rd, &row, &err) != TD_OK)
				fail_msg("iter %d: %s in [%s]", iter, err.msg, buf_str(&b));
			assert_int_equal(row.n, nf[r]);
			for (size_t i = 0; i < nf[r]; i++)
				assert_string_equal(row.fields[i], cells[r][i]);
		}
		assert_int_equal(csv_read_row(&rd, &row, &err), TD_OK);
		assert_int_equal(row.n, 0);
		csv_reader_free(&rd);
		buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_valid_input),
		cmocka_unit_test(test_rejects_malformed_input),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_error_is_sticky),
		cmocka_unit_test(test_bad_delimiters),
		cmocka_unit_test(test_file_across_window_boundaries),
		cmocka_unit_test(test_file_error_position),
		cmocka_unit_test(test_writer_quotes_only_when_needed),
		cmocka_unit_test(test_writer_errors_are_sticky),
		cmocka_unit_test(test_writer_to_file),
		cmocka_unit_test(test_round_trip_property),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
