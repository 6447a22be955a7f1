/* tindung fee-payout --office CODE --month YYYY-MM: pays the district, province and centre
 * shares of the entrustment fees of one office's month end, once (bank/fee_payout.h,
 * R-FEE-1; docs/month-end.md, "Payout"). */
#include <stdio.h>

#include "bank/fee_payout.h"
#include "bank/month_end.h"
#include "bank/org_util.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/human.h"
#include "cli/options.h"

static const char *help =
	"Cách dùng: tindung fee-payout --office MÃ --month YYYY-MM [--user TÊN] [--json] "
	"[--db URL]\n"
	"Trả phần phí ủy thác cấp huyện (9 %), tỉnh (4,5 %) và trung ương (2,5 %) của tháng đã\n"
	"chạy cuối tháng tại đơn vị (Nợ FEE_PAYABLE / Có CASH). Phần cấp xã (84 %) và hoa hồng\n"
	"tổ trưởng trả tại phiên giao dịch xã (commune-session record, dòng fee, commission).\n"
	"Mỗi đơn vị, mỗi tháng trả một lần: chạy lại không hạch toán thêm. Thủ quỹ, giám đốc.\n";

static void print(const char *office, const struct fee_payout_result *r)
{
	char t[TD_MONEY_FMT_MAX], d[TD_MONEY_FMT_MAX], p[TD_MONEY_FMT_MAX], c[TD_MONEY_FMT_MAX];
	char on[TD_DATE_FMT_MAX], m[HUMAN_MAX];
	human_month(r->month, m);
	if (r->already_paid)
		printf("%s tháng %s: đã trả ngày %s, không hạch toán thêm\n", office, m,
		       date_format_vn(r->paid_on, on, sizeof on));
	printf("%s tháng %s: phí ủy thác cấp trên %s đồng (huyện %s, tỉnh %s, trung ương %s)\n",
	       office, m, money_format(r->amount, t, sizeof t),
	       money_format(r->district, d, sizeof d), money_format(r->province, p, sizeof p),
	       money_format(r->centre, c, sizeof c));
}

struct fp_args {
	const char *db, *office, *month, *user;
	int json;
};

static int parse(struct fp_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},	 {"office", required_argument, NULL, 'o'},
		{"month", required_argument, NULL, 'm'}, {"user", required_argument, NULL, 'u'},
		{"json", no_argument, NULL, 'j'},	 {0}};
	int c;
	while ((c = cli_getopt("fee-payout", argc, argv, opts)) != -1) {
		if (c == 'd')
			a->db = optarg;
		else if (c == 'o')
			a->office = optarg;
		else if (c == 'm')
			a->month = optarg;
		else if (c == 'u')
			a->user = optarg;
		else if (c == 'j')
			a->json = 1;
		else
			return CLI_ERROR;
	}
	if (cli_no_positionals("fee-payout", argc, argv) != CLI_OK)
		return CLI_ERROR;
	if (!a->office)
		return cli_failf("fee-payout", "--office is missing (mã đơn vị, ví dụ PGD318)");
	if (!a->month)
		return cli_failf("fee-payout", "--month is missing (YYYY-MM, ví dụ 2025-04)");
	return CLI_OK;
}

/* Pays and prints; CLI_ERROR after printing why. */
static int run(struct td_store *s, const struct fp_args *a, td_date month)
{
	struct td_error err = {0};
	int64_t office = 0;
	if (cli_office_id("fee-payout", s, a->office, &office) != CLI_OK)
		return CLI_ERROR;
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_ctx("fee-payout", s, a->user, &actor, &ctx) != CLI_OK)
		return CLI_ERROR;
	struct fee_payout_result r;
	if (fee_payout_upper(&ctx, office, month, &r, &err) != TD_OK)
		return cli_fail("fee-payout", &err);
	if (a->json) {
		json_t *j = fee_payout_json(&r);
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
	} else {
		print(a->office, &r);
	}
	return CLI_OK;
}

int cmd_fee_payout(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	struct fp_args a = {0};
	struct td_error err = {0};
	td_date first = 0, last = 0;
	if (parse(&a, argc, argv) != CLI_OK)
		return CLI_ERROR;
	if (month_end_parse_month(a.month, &first, &last, &err) != TD_OK)
		return cli_fail("fee-payout", &err);
	struct td_store *s = NULL;
	if (cli_open_db("fee-payout", cli_db_url(a.db), &s) != CLI_OK)
		return CLI_ERROR;
	int rc = run(s, &a, first);
	store_close(s);
	return rc;
}
