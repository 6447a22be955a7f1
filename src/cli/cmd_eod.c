/* tindung eod --date D [--db URL]: every day after the business date up to D, one
 * transaction each (bank/eod.h, docs/eod.md). Runs as the system actor; no --user. */
#include <stdio.h>

#include "bank/cash.h"
#include "bank/eod.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"

static const char *help =
	"Cách dùng: tindung eod --date NGÀY [--db URL]\n"
	"Cuối ngày: chuyển ngày làm việc lên từng ngày một đến hết NGÀY (YYYY-MM-DD hoặc\n"
	"dd/mm/yyyy); mỗi ngày chuyển kỳ hạn đến hạn, chuyển nợ quá hạn (hạch toán Nợ LOAN_OVERDUE "
	"/ Có LOAN_IN_TERM),\n"
	"chuyển kỳ sang kỳ sau với chương trình cho phép, gắn cờ \"3 tháng không trả lãi\".\n"
	"Ngày đầu tháng: chạy cuối tháng của tháng trước cho mọi đơn vị (tindung month-end).\n"
	"Cảnh báo đơn vị có quỹ tiền mặt cuối ngày vừa qua vượt hạn mức tồn quỹ và số phải nộp\n"
	"(tindung cash position).\n"
	"Ngày đã xử lý thì không làm lại. Chạy với quyền hệ thống (không nhận --user).\n";

/* R-CASH-1: the offices whose vault ended the day before d above its limit, and what
 * they remit on d (the same or the next working day). */
static void print_vault_warnings(struct td_ctx *ctx, td_date ended)
{
	json_t *pos = NULL;
	struct td_error err = {0};
	char d[TD_DATE_FMT_MAX], b[3][TD_MONEY_FMT_MAX];
	date_format_vn(ended, d, sizeof d);
	if (cash_position(ctx, ctx->actor->office_id, ended, &pos, &err) != TD_OK) {
		printf("  không đọc được tồn quỹ cuối ngày %s: %s\n", d, err.msg);
		return;
	}
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(pos, "offices"), i, r)
	{
		td_money excess = json_integer_value(json_object_get(r, "excess"));
		if (excess <= 0)
			continue;
		printf("  cảnh báo tồn quỹ cuối ngày %s: %s còn %s đồng, hạn mức %s đồng: nộp "
		       "%s đồng trong ngày hoặc ngày làm việc kế tiếp\n",
		       d, json_string_value(json_object_get(r, "office_code")),
		       money_format(json_integer_value(json_object_get(r, "closing")), b[0],
				    sizeof b[0]),
		       money_format(json_integer_value(json_object_get(r, "limit")), b[1],
				    sizeof b[1]),
		       money_format(excess, b[2], sizeof b[2]));
	}
	json_decref(pos);
}

static void print_day(void *arg, const struct eod_day *d)
{
	char day[TD_DATE_FMT_MAX], m[TD_MONEY_FMT_MAX];
	date_format_vn(d->date, day, sizeof day);
	if (d->already_done) {
		printf("%s: đã xử lý trước đây, không làm lại\n", day);
		return;
	}
	printf("%s: %d khoản vay, %d đến hạn, %d quá hạn (%s đồng), %d chuyển kỳ, "
	       "%d gắn cờ, %d bỏ cờ\n",
	       day, d->loans, d->became_due, d->became_overdue,
	       money_format(d->overdue_amount, m, sizeof m), d->rolled, d->inactive_flagged,
	       d->inactive_cleared);
	if (d->month_end_offices > 0) {
		struct td_civil c = date_to_civil(d->date - 1);
		printf("  cuối tháng %02d/%04d: %d đơn vị (phí ủy thác, hoa hồng, dự thu lãi, ảnh "
		       "chụp số dư)\n",
		       c.month, c.year, d->month_end_offices);
	}
	print_vault_warnings(arg, d->date - 1);
}

int cmd_eod(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"date", required_argument, NULL, 't'}, {0}};
	const char *db = NULL, *date = NULL;
	int c;
	while ((c = cli_getopt("eod", argc, argv, opts)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 't')
			date = optarg;
		else
			return CLI_ERROR;
	}
	if (cli_no_positionals("eod", argc, argv) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	td_date upto = 0;
	if (!date)
		td_error_set(&err, TD_EINVAL, "thiếu --date (YYYY-MM-DD hoặc dd/mm/yyyy)");
	else
		date_parse_any(date, &upto, &err);
	if (err.code != TD_OK)
		return cli_fail("eod", &err);
	struct td_store *s = NULL;
	if (cli_open_db("eod", cli_db_url(db), &s) != CLI_OK)
		return CLI_ERROR;
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_ctx("eod", s, NULL, &actor, &ctx) != CLI_OK) {
		store_close(s);
		return CLI_ERROR;
	}
	int days = 0;
	int rc = eod_run_until(&ctx, upto, print_day, &ctx, &days, &err);
	char day[TD_DATE_FMT_MAX], asked[TD_DATE_FMT_MAX];
	if (rc == TD_OK && days == 0)
		printf("Ngày làm việc đã là %s: %s đã xử lý, không làm gì\n",
		       date_format_vn(ctx.business_date, day, sizeof day),
		       date_format_vn(upto, asked, sizeof asked));
	else if (rc == TD_OK)
		printf("Ngày làm việc: %s\n", date_format_vn(ctx.business_date, day, sizeof day));
	store_close(s);
	return rc == TD_OK ? CLI_OK : cli_fail("eod", &err);
}
