/* tindung import admin-units-2025 UNITS MAPPING [--date D]: the country after 1 July 2025
 * (34 provinces, 3,321 communes, no districts) and the mapping of old units to new
 * communes, loaded as a dated change (bank/merger.h, docs/network.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bank/merger.h"
#include "cli/cli.h"
#include "cli/net_args.h"
#include "cli/options.h"
#include "cli/table.h"

#define CMD "import admin-units-2025"
#define MERGER_DAY "2025-07-01" /* Resolution 60-NQ/TW: the two-level administration */

static const char *help =
	"Cách dùng: tindung import admin-units-2025 TỆP_ĐƠN_VỊ TỆP_CHUYỂN_ĐỔI\n"
	"           [--date YYYY-MM-DD] [--db URL] [--user TÊN]\n"
	"Nạp danh mục đơn vị hành chính từ ngày sáp nhập (34 tỉnh, 3.321 xã, không còn cấp "
	"huyện)\n"
	"và bảng chuyển đổi xã cũ sang xã mới (định dạng data/vn_admin_units_2025-07-01.csv và\n"
	"data/vn_admin_merger_2025-07-01.csv).\n"
	"  --date   ngày hiệu lực (mặc định " MERGER_DAY ")\n"
	"Từ ngày đó thôn, hộ, tổ và điểm giao dịch thuộc xã mới; thôn của xã bị chia chờ quyết\n"
	"định (tindung village splits). Các phòng giao dịch vẫn phục vụ địa bàn cũ. Nạp lại cùng\n"
	"tệp không thay đổi gì; có lỗi thì không nạp gì và liệt kê các dòng lỗi.\n";

struct opts {
	const char *db, *user, *date, *units, *mapping;
};

static int parse(int argc, char **argv, struct opts *o)
{
	enum { O_DB = 1000, O_USER, O_DATE };
	static const struct option opts[] = {
		{"db", required_argument, 0, O_DB},
		{"user", required_argument, 0, O_USER},
		{"date", required_argument, 0, O_DATE},
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
		default: return CLI_ERROR;
		}
	}
	if (argc - optind < 2)
		return cli_failf(CMD, "name the two files, units and mapping (thiếu tên tệp; xem "
				      "--help)");
	o->units = argv[optind++];
	o->mapping = argv[optind++];
	return cli_no_positionals(CMD, argc, argv);
}

static void label(const char *what)
{
	fputs("  ", stdout);
	cli_cell(stdout, what, 20);
}

static void counts(const char *what, const struct admin_import_count *c)
{
	label(what);
	printf("%6lld mới, %6lld thay đổi, %6lld không đổi\n", (long long)c->added,
	       (long long)c->changed, (long long)c->unchanged);
}

static void print_report(const struct opts *o, td_date on, const struct admin_2025_report *r)
{
	char d[TD_DATE_FMT_MAX];
	printf("Danh mục từ %s: %lld dòng (%s), %lld dòng chuyển đổi (%s).\n",
	       date_format_vn(on, d, sizeof d), (long long)r->unit_rows, o->units,
	       (long long)r->mapping_rows, o->mapping);
	counts("tỉnh/thành phố:", &r->province);
	counts("xã/phường/đặc khu:", &r->commune);
	label("bảng chuyển đổi:");
	printf("%6lld dòng mới, %lld đã có\n", (long long)r->mapping_added,
	       (long long)r->mapping_unchanged);
	label("hết hiệu lực:");
	printf("%6lld tỉnh, %lld huyện, %lld xã\n", (long long)r->provinces_closed,
	       (long long)r->districts_closed, (long long)r->communes_closed);
	label("sang xã mới:");
	printf("%6lld thôn, %lld điểm giao dịch, %lld cán bộ tín dụng\n",
	       (long long)r->moved.villages, (long long)r->moved.points, (long long)r->moved.staff);
	if (r->moved.split)
		printf("%lld thôn của xã bị chia chờ quyết định: tindung village splits\n",
		       (long long)r->moved.split);
	if (admin_2025_unchanged(r))
		puts("Không có gì thay đổi: dữ liệu đã có đủ.");
}

int cmd_import_2025(int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse(argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	FILE *u = fopen(o.units, "r");
	FILE *m = u ? fopen(o.mapping, "r") : NULL;
	if (!u || !m) {
		rc = cli_failf(CMD, "cannot open %s: %s", u ? o.mapping : o.units, strerror(errno));
		if (u)
			fclose(u);
		return rc;
	}
	struct netcli n;
	struct admin_2025_options opt = {.units_source = o.units, .mapping_source = o.mapping};
	rc = netcli_open(CMD, o.db, o.user, &n);
	td_date dflt = 0;
	struct td_error err = {0};
	if (rc == CLI_OK && date_parse_iso(MERGER_DAY, &dflt, &err) != TD_OK)
		rc = cli_fail(CMD, &err);
	if (rc == CLI_OK)
		rc = netcli_date(CMD, o.date, dflt, &opt.on);
	struct admin_2025_report rep;
	if (rc == CLI_OK && admin_units_2025_import(&n.ctx, u, m, &opt, &rep, &err) != TD_OK)
		rc = cli_fail(CMD, &err);
	if (rc == CLI_OK)
		print_report(&o, opt.on, &rep);
	if (n.s)
		netcli_close(&n);
	fclose(u);
	fclose(m);
	return rc;
}
