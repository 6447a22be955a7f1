/* tindung import poverty-list FILE --commune CODE --year YYYY [--dry-run]: a commune's
 * poverty list from the labour department (bank/poverty_import.h, docs/poverty-list.md),
 * with the reconciliation printed for the person who loads it. */
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/poverty_import.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

#define CMD "import poverty-list"

static const char *help =
	"Cách dùng: tindung import poverty-list TỆP --commune MÃ_XÃ --year NĂM [--dry-run]\n"
	"           [--json] [--db URL] [--user TÊN]\n"
	"Nạp danh sách hộ nghèo, cận nghèo của một xã cho một năm (tệp CSV của phòng LĐTB&XH,\n"
	"định dạng trong docs/poverty-list.md) và in bảng đối chiếu: hộ mới, không đổi, đổi\n"
	"phân loại, ra khỏi danh sách, dòng bị từ chối (kèm số dòng và lý do).\n"
	"  --commune MÃ   mã xã (5 chữ số), ví dụ 11695\n"
	"  --year NĂM     năm của danh sách\n"
	"  --dry-run      chỉ đối chiếu, không ghi gì\n"
	"  --json         in kết quả dạng JSON\n"
	"Nạp lại cùng tệp không thay đổi gì. Dòng lỗi không ngăn các dòng đúng được nạp.\n";

struct pv_opts {
	const char *db, *user, *commune, *file;
	long year;
	bool dry_run, json;
};

/* -1 after printing help; CLI_ERROR after printing what is wrong. */
static int parse(int argc, char **argv, struct pv_opts *o)
{
	enum { O_DB = 1000, O_USER, O_COMMUNE, O_YEAR, O_DRY, O_JSON };
	static const struct option opts[] = {
		{"db", required_argument, 0, O_DB},
		{"user", required_argument, 0, O_USER},
		{"commune", required_argument, 0, O_COMMUNE},
		{"year", required_argument, 0, O_YEAR},
		{"dry-run", no_argument, 0, O_DRY},
		{"json", no_argument, 0, O_JSON},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *year = NULL;
	int c;
	memset(o, 0, sizeof *o);
	while ((c = cli_getopt(CMD, argc, argv, opts)) != -1) {
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case O_DB: o->db = optarg; break;
		case O_USER: o->user = optarg; break;
		case O_COMMUNE: o->commune = optarg; break;
		case O_YEAR: year = optarg; break;
		case O_DRY: o->dry_run = true; break;
		case O_JSON: o->json = true; break;
		default: return CLI_ERROR;
		}
	}
	if (optind >= argc)
		return cli_failf(CMD, "name the file to import (thiếu tên tệp)");
	o->file = argv[optind];
	if (optind + 1 < argc)
		return cli_failf(CMD, "unexpected argument '%s' (tham số thừa)", argv[optind + 1]);
	if (!o->commune)
		return cli_failf(CMD, "--commune is required (mã xã, 5 chữ số)");
	if (!year)
		return cli_failf(CMD, "--year is required (năm của danh sách)");
	return cli_parse_int(CMD, "--year", year, POVERTY_YEAR_MIN, 9999, &o->year);
}

/* The whole file into *data (NUL-terminated); one line on stderr when it cannot. */
static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return cli_failf(CMD, "cannot open %s: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || cap > POVERTY_FILE_MAX)
			break;
		char *more = realloc(buf, cap * 2);
		if (!more)
			free(buf);
		buf = more, cap *= 2;
	}
	bool failed = ferror(f);
	fclose(f);
	if (!buf)
		return cli_failf(CMD, "out of memory reading %s", path);
	if (failed) {
		free(buf);
		return cli_failf(CMD, "cannot read %s", path);
	}
	if (n > POVERTY_FILE_MAX) {
		free(buf);
		return cli_failf(CMD, "%s is larger than %u bytes: is it a commune's list?", path,
				 POVERTY_FILE_MAX);
	}
	buf[n < cap ? n : cap - 1] = '\0';
	*data = buf;
	*len = n;
	return CLI_OK;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void count_line(const char *label, size_t n)
{
	fputs("  ", stdout);
	cli_cell(stdout, label, 20);
	printf("%6zu\n", n);
}

/* "hộ nghèo (2024)", or "(chưa có)" when the household had no status. */
static const char *from_text(const struct poverty_change *c, char *buf, size_t size)
{
	if (!c->from_year)
		return "(chưa có)";
	snprintf(buf, size, "%s (%d)", programme_status_label(c->from), c->from_year);
	return buf;
}

static void print_result(const struct poverty_import_result *r, const char *file)
{
	char from[64], day[TD_DATE_FMT_MAX];
	printf("Danh sách hộ nghèo, cận nghèo năm %d — %s (%s), %s\n", r->year, r->commune_name,
	       r->commune_code, r->office_name);
	printf("Tệp %s, SHA-256 %s\n", file, r->sha256);
	if (r->dry_run)
		puts("CHẠY THỬ (--dry-run): không ghi gì vào cơ sở dữ liệu.");
	else
		printf("Lần nhập số %lld.\n", (long long)r->import_id);
	if (r->same_as_import)
		printf("Tệp này giống hệt lần nhập số %lld.\n", (long long)r->same_as_import);
	putchar('\n');
	count_line("Số dòng đọc:", r->rows);
	count_line("Hộ mới:", r->new_households);
	count_line("Không đổi:", r->unchanged);
	count_line("Đổi phân loại:", r->n_changed);
	count_line("Bị từ chối:", r->n_rejected);
	count_line("Ra khỏi danh sách:", r->n_left);
	if (r->n_changed)
		puts("\nĐổi phân loại:");
	for (size_t i = 0; i < r->n_changed; i++) {
		const struct poverty_change *c = &r->changed[i];
		snprintf(day, sizeof day, "dòng %zu", c->line);
		fputs("  ", stdout);
		cli_cell(stdout, day, 9);
		cli_cell(stdout, c->cccd, 12);
		cli_cell(stdout, c->head_name, 24);
		printf("%s → %s\n", from_text(c, from, sizeof from), programme_status_label(c->to));
	}
	if (r->n_left)
		printf("\nRa khỏi danh sách (ghi \"%s\" cho năm %d):\n",
		       programme_status_label(HH_NONE), r->year);
	for (size_t i = 0; i < r->n_left; i++) {
		const struct poverty_change *c = &r->left[i];
		fputs("  ", stdout);
		cli_cell(stdout, c->cccd, 12);
		cli_cell(stdout, c->head_name, 24);
		puts(from_text(c, from, sizeof from));
	}
	if (r->n_rejected)
		puts("\nDòng bị từ chối:");
	for (size_t i = 0; i < r->n_rejected; i++)
		printf("  dòng %zu: %s\n", r->rejected[i].line, r->rejected[i].reason);
}

int cmd_import_poverty(int argc, char **argv)
{
	struct pv_opts o;
	int rc = parse(argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	char *data = NULL;
	size_t len = 0;
	if (read_file(o.file, &data, &len) != CLI_OK)
		return CLI_ERROR;
	struct td_store *s = NULL;
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_open_db(CMD, cli_db_url(o.db), &s) != CLI_OK) {
		free(data);
		return CLI_ERROR;
	}
	rc = cli_ctx(CMD, s, o.user, &actor, &ctx);
	if (rc == CLI_OK) {
		struct poverty_import_input in = {.commune_code = o.commune,
						  .year = (int)o.year,
						  .file_name = base_name(o.file),
						  .data = data,
						  .len = len,
						  .dry_run = o.dry_run};
		struct poverty_import_result res;
		struct td_error err = {0};
		int code = poverty_import_run(&ctx, &in, &res, &err);
		if (code == TD_OK && o.json) {
			json_t *j = poverty_import_result_json(&res);
			json_dumpf(j, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(j);
		} else if (code == TD_OK) {
			print_result(&res, in.file_name);
		} else {
			/* No usable row: show why, row by row, before the one-line error. */
			for (size_t i = 0; i < res.n_rejected; i++)
				printf("dòng %zu: %s\n", res.rejected[i].line,
				       res.rejected[i].reason);
			rc = cli_fail(CMD, &err);
		}
		poverty_import_result_free(&res);
	}
	store_close(s);
	free(data);
	return rc;
}
