/*
 * libFuzzer target for the CSV reader and writer. For any input: reading must not crash,
 * leak or overrun, and every row that reads cleanly must survive a write and a second
 * read unchanged. The first byte picks the delimiter and the writer's options.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"

/* Writes one row and reads it back; aborts if anything differs. */
static void check_round_trip(const struct csv_row *row, const struct csv_writer_options *wopt)
{
	struct buf b;
	struct csv_writer w;
	buf_init(&b, 1 << 22);
	if (csv_writer_init_buf(&w, &b, wopt) != TD_OK)
		abort();
	for (size_t i = 0; i < row->n; i++)
		csv_write_fieldn(&w, row->fields[i], row->lens[i]);
	if (csv_end_row(&w) != TD_OK)
		abort();

	struct csv_options ropt = {.delim = wopt->delim, .max_field = 1 << 20,
				   .max_row = 1 << 21, .max_fields = 4096};
	struct csv_reader r;
	struct csv_row back;
	struct td_error err;
	if (csv_reader_init_mem(&r, buf_str(&b), buf_len(&b), &ropt) != TD_OK)
		abort();
	if (csv_read_row(&r, &back, &err) != TD_OK || back.n != row->n)
		abort();
	for (size_t i = 0; i < row->n; i++)
		if (back.lens[i] != row->lens[i] ||
		    memcmp(back.fields[i], row->fields[i], row->lens[i]) != 0)
			abort();
	if (csv_read_row(&r, &back, &err) != TD_OK || back.n != 0)
		abort();
	csv_reader_free(&r);
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	uint8_t mode = data[0];
	struct csv_options opt = {.delim = mode & 1 ? ';' : ',',
				  .max_field = mode & 2 ? 16 : 0,
				  .max_row = mode & 4 ? 64 : 0,
				  .max_fields = mode & 8 ? 4 : 0};
	struct csv_writer_options wopt = {.delim = opt.delim, .crlf = mode & 16,
					  .bom = mode & 32};
	struct csv_reader r;
	struct csv_row row;
	struct td_error err;
	if (csv_reader_init_mem(&r, (const char *)data + 1, size - 1, &opt) != TD_OK)
		abort();
	size_t last_line = 0;
	while (csv_read_row(&r, &row, &err) == TD_OK && row.n > 0) {
		if (row.line <= last_line) /* rows move forward */
			abort();
		last_line = row.line;
		for (size_t i = 0; i < row.n; i++)
			if (strlen(row.fields[i]) != row.lens[i])
				abort();
		check_round_trip(&row, &wopt);
	}
	csv_reader_free(&r);
	return 0;
}
