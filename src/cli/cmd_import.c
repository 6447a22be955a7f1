/* tindung import KIND FILE ...: loading lists from outside the bank. One line of the table
 * per kind; admin-units (the statistics office's list of provinces, districts and
 * communes) lives here. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/network.h"
#include "cli/cli.h"
#include "cli/net_args.h"
#include "cli/options.h"
#include "cli/table.h"

static int import_admin_units(int argc, char **argv);

static const struct cli_command kinds[] = {
	{"admin-units", "đơn vị hành chính: tỉnh, huyện, xã (danh mục của Tổng cục Thống kê)",
	 import_admin_units},
	{"admin-units-2025",
	 "đơn vị hành chính từ 1/7/2025 (34 tỉnh, 3.321 xã) và bảng chuyển đổi xã cũ sang xã mới",
	 cmd_import_2025},
	{"poverty-list", "danh sách hộ nghèo, cận nghèo của một xã", cmd_import_poverty},
	{NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fputs("Cách dùng: tindung import LOẠI TỆP [tùy chọn]   (tindung import LOẠI --help)\n\n"
	      "Các loại:\n",
	      f);
	for (const struct cli_command *k = kinds; k->name; k++)
		fprintf(f, "  %-17s %s\n", k->name, k->summary);
}

int cmd_import(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (const struct cli_command *k = kinds; k->name; k++)
		if (strcmp(argv[1], k->name) == 0)
			return k->run(argc - 1, argv + 1);
	fprintf(stderr,
		"tindung import: unknown kind '%s' (loại không tồn tại; xem tindung import "
		"--help)\n",
		argv[1]);
	return CLI_ERROR;
}

/* ---- admin-units ---- */

#define CMD "import admin-units"
#define MAX_PROVINCES 64

static const char *help =
	"Cách dùng: tindung import admin-units TỆP [--province MÃ]... [--offices]\n"
	"           [--date YYYY-MM-DD] [--db URL] [--user TÊN]\n"
	"Nạp danh mục tỉnh, huyện, xã (định dạng data/vn_admin_units_2025-03-01.csv).\n"
	"  --province MÃ   chỉ nạp tỉnh này (2 chữ số; lặp lại được)\n"
	"  --offices       tạo chi nhánh tỉnh CN<mã tỉnh> và phòng giao dịch PGD<mã huyện>\n"
	"                  còn thiếu\n"
	"  --date          ngày hiệu lực của danh mục (mặc định: ngày làm việc)\n"
	"Nạp lại cùng tệp không thay đổi gì. Có lỗi thì không nạp gì và liệt kê các dòng lỗi.\n";

struct admin_opts {
	const char *db, *user, *date, *file;
	const char *provinces[MAX_PROVINCES];
	size_t n_provinces;
	bool offices;
};

static int parse(int argc, char **argv, struct admin_opts *o)
{
	enum { O_DB = 1000, O_USER, O_DATE, O_PROVINCE, O_OFFICES };
	static const struct option opts[] = {
		{"db", required_argument, 0, O_DB},
		{"user", required_argument, 0, O_USER},
		{"date", required_argument, 0, O_DATE},
		{"province", required_argument, 0, O_PROVINCE},
		{"offices", no_argument, 0, O_OFFICES},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = cli_getopt(CMD, argc, argv, opts)) != -1) {
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case O_DB: o->db = optarg; break;
		case O_USER: o->user = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_OFFICES: o->offices = true; break;
		case O_PROVINCE:
			if (netcli_push(CMD, "--province", o->provinces, &o->n_provinces,
					MAX_PROVINCES, optarg) != CLI_OK)
				return CLI_ERROR;
			break;
		default: return CLI_ERROR;
		}
	}
	if (optind >= argc)
		return cli_failf(CMD, "name the file to import (thiếu tên tệp; xem --help)");
	o->file = argv[optind++];
	return cli_no_positionals(CMD, argc, argv);
}

static void print_count(const char *what, const struct admin_import_count *c)
{
	fputs("  ", stdout);
	cli_cell(stdout, what, 15);
	printf("%6lld mới, %6lld thay đổi, %6lld không đổi\n", (long long)c->added,
	       (long long)c->changed, (long long)c->unchanged);
}

static void print_report(const struct admin_opts *o, td_date on,
			 const struct admin_import_report *r)
{
	char d[TD_DATE_FMT_MAX];
	printf("Danh mục %s, hiệu lực từ %s: %lld dòng", o->file, date_format_vn(on, d, sizeof d),
	       (long long)r->rows);
	if (r->skipped)
		printf(" (%lld dòng của tỉnh khác bỏ qua)", (long long)r->skipped);
	puts(".");
	print_count("tỉnh/thành phố:", &r->province);
	print_count("quận/huyện:", &r->district);
	print_count("xã/phường:", &r->commune);
	if (o->offices) {
		fputs("  ", stdout);
		cli_cell(stdout, "đơn vị NHCSXH:", 15);
		printf("%6lld chi nhánh, %lld phòng giao dịch mới tạo; %lld đã có\n",
		       (long long)r->branches_created, (long long)r->districts_created,
		       (long long)r->offices_existing);
	}
	if (admin_import_unchanged(r))
		puts("Không có gì thay đổi: dữ liệu đã có đủ.");
}

static int import_admin_units(int argc, char **argv)
{
	struct admin_opts o = {0};
	int rc = parse(argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	FILE *f = fopen(o.file, "r");
	if (!f)
		return cli_failf(CMD, "cannot open %s: %s", o.file, strerror(errno));
	struct netcli n;
	if (netcli_open(CMD, o.db, o.user, &n) != CLI_OK) {
		fclose(f);
		return CLI_ERROR;
	}
	struct admin_import_options opt = {.source = o.file,
					   .provinces = o.provinces,
					   .n_provinces = o.n_provinces,
					   .offices = o.offices};
	struct admin_import_report rep;
	struct td_error err = {0};
	rc = netcli_date(CMD, o.date, n.ctx.business_date, &opt.on);
	if (rc == CLI_OK && admin_units_import(&n.ctx, f, &opt, &rep, &err) != TD_OK)
		rc = cli_fail(CMD, &err);
	if (rc == CLI_OK)
		print_report(&o, opt.on, &rep);
	fclose(f);
	netcli_close(&n);
	return rc;
}
