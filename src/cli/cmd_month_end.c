/* tindung month-end --office CODE --month YYYY-MM [--db URL]: the entrustment fees per
 * chapter and the group leaders' commissions of one office and month (bank/month_end.h,
 * docs/month-end.md). Runs as the system actor; no --user. */
#include <stdio.h>

#include "bank/month_end.h"
#include "bank/org_util.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"

static const char *help =
	"Cách dùng: tindung month-end --office MÃ --month YYYY-MM [--db URL]\n"
	"Cuối tháng cho một đơn vị: trích phí ủy thác cho từng hội đoàn thể theo tỷ lệ nợ quá\n"
	"hạn (Nợ FEE_EXPENSE / Có FEE_PAYABLE) và hoa hồng tổ trưởng trên lãi thu được trong\n"
	"tháng (Nợ COMMISSION_EXPENSE / Có COMMISSION_PAYABLE); trả tại phiên giao dịch sau.\n"
	"Tháng phải đã kết thúc (ngày làm việc sau ngày cuối tháng). Tháng đã chạy thì không\n"
	"hạch toán lại. Chạy với quyền hệ thống (không nhận --user).\n";

static void print(const char *office, const char *month, const struct month_end_result *r)
{
	char f[TD_MONEY_FMT_MAX], c[TD_MONEY_FMT_MAX];
	if (r->already_done)
		printf("%s %s: đã chạy cuối tháng trước đây, không hạch toán thêm\n", office,
		       month);
	printf("%s %s: phí ủy thác %s đồng (%d hội), hoa hồng tổ trưởng %s đồng (%d tổ)\n", office,
	       month, money_format(r->fee_total, f, sizeof f), r->chapters,
	       money_format(r->commission_total, c, sizeof c), r->groups);
}

int cmd_month_end(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"office", required_argument, NULL, 'o'},
					     {"month", required_argument, NULL, 'm'},
					     {0}};
	const char *db = NULL, *office = NULL, *month = NULL;
	int c;
	while ((c = cli_getopt("month-end", argc, argv, opts)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'o')
			office = optarg;
		else if (c == 'm')
			month = optarg;
		else
			return CLI_ERROR;
	}
	if (cli_no_positionals("month-end", argc, argv) != CLI_OK)
		return CLI_ERROR;
	if (!office)
		return cli_failf("month-end", "--office is missing (mã đơn vị, ví dụ PGD318)");
	struct td_error err = {0};
	td_date first = 0, last = 0;
	if (month_end_parse_month(month, &first, &last, &err) != TD_OK)
		return cli_fail("month-end", &err);
	struct td_store *s = NULL;
	if (cli_open_db("month-end", cli_db_url(db), &s) != CLI_OK)
		return CLI_ERROR;
	int64_t office_id = 0;
	int rc = org_query_int64(s, &office_id, &err,
				 "SELECT id FROM office WHERE code = ? OR CAST(id AS TEXT) = ?",
				 "tt", office, office);
	if (rc == TD_ENOTFOUND)
		td_error_set(&err, rc, "office '%s' does not exist", office);
	struct td_actor actor;
	struct td_ctx ctx;
	if (rc == TD_OK && cli_ctx("month-end", s, NULL, &actor, &ctx) != CLI_OK) {
		store_close(s);
		return CLI_ERROR;
	}
	struct month_end_result r;
	if (rc == TD_OK)
		rc = month_end_run(&ctx, office_id, first, &r, &err);
	if (rc == TD_OK)
		print(office, month, &r);
	store_close(s);
	return rc == TD_OK ? CLI_OK : cli_fail("month-end", &err);
}
