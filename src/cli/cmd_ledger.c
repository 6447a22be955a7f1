/* tindung ledger trial-balance|entries|accounts: the general ledger (bank/ledger.h,
 * bank/trial_balance.h, bank/chart.h). */
#include <stdio.h>
#include <string.h>

#include "bank/chart.h"
#include "bank/ledger.h"
#include "bank/org_util.h"
#include "bank/trial_balance.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/ledger_args.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung ledger LỆNH [tùy chọn]\n"
	"  trial-balance --office ĐƠN_VỊ --date NGÀY [--json]   bảng cân đối tài khoản\n"
	"  entries       [--office ĐƠN_VỊ] [--from NGÀY] [--to NGÀY] [--limit N] [--offset N]\n"
	"                [--json]                              bút toán, mới nhất trước\n"
	"  accounts      [--json]                              hệ thống tài khoản\n"
	"Ngày: YYYY-MM-DD hoặc dd/mm/yyyy. ĐƠN_VỊ: mã (PGD318) hoặc id. Chung: [--db URL] [--user "
	"TÊN].\n";

static void print_tb(json_t *tb)
{
	char d[HUMAN_MAX];
	printf("BẢNG CÂN ĐỐI TÀI KHOẢN — đơn vị %s, đến hết ngày %s\n",
	       json_string_value(json_object_get(tb, "office_code")), human_date_of(tb, "date", d));
	cli_cell(stdout, "Tài khoản", 20);
	cli_cell(stdout, "Tên", 30);
	cli_cell(stdout, "CT", 4);
	cli_cell(stdout, "Nguồn vốn", 10);
	static const char *const cols[] = {"Phát sinh nợ", "Phát sinh có", "Dư nợ", "Dư có"};
	for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
		cli_cell_right(stdout, cols[k], 20);
	putchar('\n');
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(tb, "rows"), i, r)
	{
		cli_cell(stdout, json_string_value(json_object_get(r, "type")), 20);
		cli_cell(stdout, json_string_value(json_object_get(r, "name_vi")), 30);
		cli_cell(stdout, json_string_value(json_object_get(r, "programme")), 4);
		cli_cell(stdout, json_string_value(json_object_get(r, "source_code")), 10);
		human_money_cell(r, "debit", 20);
		human_money_cell(r, "credit", 20);
		human_money_cell(r, "balance_debit", 20);
		human_money_cell(r, "balance_credit", 20);
		putchar('\n');
	}
	json_t *t = json_object_get(tb, "total");
	cli_cell(stdout, "Tổng cộng", 67);
	human_money_cell(t, "debit", 20);
	human_money_cell(t, "credit", 20);
	human_money_cell(t, "balance_debit", 20);
	human_money_cell(t, "balance_credit", 20);
	putchar('\n');
	if (!json_is_true(json_object_get(tb, "balanced")))
		puts("CẢNH BÁO: tổng nợ và tổng có không bằng nhau; chạy tindung check.");
}

static int trial_balance_cmd(struct td_ctx *ctx, struct ledger_args *a)
{
	int64_t office = 0;
	if (ledger_args_office(a, ctx->store, &office) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	td_date d;
	if (!a->date)
		return cli_failf(a->cmd, "thiếu --date (YYYY-MM-DD hoặc dd/mm/yyyy)");
	json_t *tb = NULL;
	if (date_parse_any(a->date, &d, &err) != TD_OK ||
	    trial_balance(ctx, office, d, &tb, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json)
		json_dumpf(tb, stdout, JSON_INDENT(2)), putchar('\n');
	else
		print_tb(tb);
	json_decref(tb);
	return CLI_OK;
}

static int entries_cmd(struct td_ctx *ctx, struct ledger_args *a)
{
	struct ledger_filter f = {0, ORG_NO_DATE, ORG_NO_DATE, a->limit, a->offset};
	struct td_error err = {0};
	if (a->office && ledger_args_office(a, ctx->store, &f.office_id) != CLI_OK)
		return CLI_ERROR;
	if ((a->from && date_parse_any(a->from, &f.from, &err) != TD_OK) ||
	    (a->to && date_parse_any(a->to, &f.to, &err) != TD_OK))
		return cli_fail(a->cmd, &err);
	json_t *j = NULL;
	if (ledger_entries(ctx, &f, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
		return CLI_OK;
	}
	size_t i, k;
	json_t *e, *l;
	json_array_foreach(json_object_get(j, "items"), i, e)
	{
		char day[HUMAN_MAX];
		printf("Bút toán %lld  %s  %s  %s  (%s)\n",
		       (long long)json_integer_value(json_object_get(e, "id")),
		       human_date_of(e, "business_date", day),
		       json_string_value(json_object_get(e, "kind")),
		       json_string_value(json_object_get(e, "ref")),
		       json_string_value(json_object_get(e, "username")));
		json_array_foreach(json_object_get(e, "lines"), k, l)
		{
			printf("    ");
			cli_cell(stdout, json_string_value(json_object_get(l, "type")), 20);
			cli_cell(stdout, json_string_value(json_object_get(l, "office_code")), 8);
			cli_cell(stdout, json_string_value(json_object_get(l, "programme")), 4);
			human_money_cell(l, "debit", 20);
			human_money_cell(l, "credit", 20);
			putchar('\n');
		}
	}
	printf("%lld bút toán\n", (long long)json_integer_value(json_object_get(j, "total")));
	json_decref(j);
	return CLI_OK;
}

static int accounts_cmd(struct td_ctx *ctx, struct ledger_args *a)
{
	json_t *j = NULL;
	struct td_error err = {0};
	if (chart_list(ctx->store, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	size_t i;
	json_t *t;
	if (a->json)
		json_dumpf(j, stdout, JSON_INDENT(2)), putchar('\n');
	else
		json_array_foreach(j, i, t)
		{
			cli_cell(stdout, json_string_value(json_object_get(t, "code")), 20);
			cli_cell(stdout, json_string_value(json_object_get(t, "category")), 10);
			cli_cell(stdout, json_string_value(json_object_get(t, "normal_side")), 7);
			puts(json_string_value(json_object_get(t, "name_vi")));
		}
	json_decref(j);
	return CLI_OK;
}

int cmd_ledger(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	static const struct {
		const char *name;
		int (*run)(struct td_ctx *, struct ledger_args *);
		const char *used; /* its options (cli_options_only) */
	} subs[] = {{"trial-balance", trial_balance_cmd, "user office date json"},
		    {"entries", entries_cmd, "user office from to limit offset json"},
		    {"accounts", accounts_cmd, "user json"}};
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "ledger %s", subs[i].name);
		struct ledger_args a = {.cmd = cmd};
		struct td_actor actor;
		struct td_ctx ctx;
		if (ledger_args_parse(&a, argc - 1, argv + 1) != CLI_OK ||
		    cli_options_only(cmd, subs[i].used) != CLI_OK ||
		    ledger_args_ctx(&a, &actor, &ctx) != CLI_OK)
			return CLI_ERROR;
		int rc = subs[i].run(&ctx, &a);
		store_close(ctx.store);
		return rc;
	}
	return cli_failf("ledger",
			 "không có lệnh con '%s'; dùng trial-balance, entries, "
			 "accounts",
			 argv[1]);
}
