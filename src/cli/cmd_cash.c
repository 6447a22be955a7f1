/* tindung cash remit|receive|position|limit|limits: the vault, remittances and the cash
 * position of R-CASH-1 (bank/cash.h, docs/cash.md). */
#include <stdio.h>
#include <string.h>

#include "bank/cash.h"
#include "base/csv.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung cash LỆNH [tùy chọn]\n"
	"  remit    --office ĐƠN_VỊ --amount SỐ_TIỀN --to bank|branch --date NGÀY [--note "
	"GHI_CHÚ]\n"
	"           nộp tiền mặt của quỹ vào tài khoản tiền gửi của đơn vị (bank) hoặc tài\n"
	"           khoản của chi nhánh qua liên chi nhánh (branch); thủ quỹ, giám đốc\n"
	"  receive  --office ĐƠN_VỊ --amount SỐ_TIỀN --from bank|branch --date NGÀY [--note "
	"GHI_CHÚ]\n"
	"           nhận tiền mặt về quỹ từ tài khoản đó (để giải ngân)\n"
	"  position --office ĐƠN_VỊ --date NGÀY [--json | --csv]\n"
	"           tồn quỹ tiền mặt của đơn vị và các đơn vị trực thuộc: đầu ngày, thu, chi,\n"
	"           xuất và nhập phiên giao dịch, nộp, nhận, cuối ngày, hạn mức, số vượt\n"
	"  limit    --office ĐƠN_VỊ --amount SỐ_TIỀN --effective-from NGÀY [--note GHI_CHÚ]\n"
	"           đặt hạn mức tồn quỹ từ một ngày (quản trị của đơn vị cấp trên)\n"
	"  limits   --office ĐƠN_VỊ [--json]           các hạn mức đã đặt, mới nhất trước\n"
	"NGÀY: YYYY-MM-DD hoặc dd/mm/yyyy; nộp, nhận hạch toán vào ngày làm việc. ĐƠN_VỊ: mã\n"
	"(PGD314) hoặc id. Chung: [--db URL] [--user TÊN].\n";

struct cash_args {
	const char *cmd;
	const char *db, *user, *office, *amount, *to, *from, *date, *effective, *note;
	int json, csv;
};

static int parse(struct cash_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"user", required_argument, NULL, 'u'},
					     {"office", required_argument, NULL, 'o'},
					     {"amount", required_argument, NULL, 'a'},
					     {"to", required_argument, NULL, 't'},
					     {"from", required_argument, NULL, 'f'},
					     {"date", required_argument, NULL, 'D'},
					     {"note", required_argument, NULL, 'n'},
					     {"effective-from", required_argument, NULL, 'e'},
					     {"json", no_argument, NULL, 'j'},
					     {"csv", no_argument, NULL, 'c'},
					     {0}};
	const char **slot[128] = {['d'] = &a->db,     ['u'] = &a->user, ['o'] = &a->office,
				  ['a'] = &a->amount, ['t'] = &a->to,	['f'] = &a->from,
				  ['D'] = &a->date,   ['n'] = &a->note, ['e'] = &a->effective};
	int c;
	while ((c = cli_getopt(a->cmd, argc, argv, opts)) != -1) {
		if (c == 'j')
			a->json = 1;
		else if (c == 'c')
			a->csv = 1;
		else if (c > 0 && c < 128 && slot[c])
			*slot[c] = optarg;
		else
			return CLI_ERROR;
	}
	if (cli_no_positionals(a->cmd, argc, argv) != CLI_OK)
		return CLI_ERROR;
	if (a->json && a->csv)
		return cli_failf(a->cmd, "--json và --csv: chọn một");
	return CLI_OK;
}

/* The value of a required option as a date or an amount; CLI_ERROR after one line. */
static int date_opt(const struct cash_args *a, const char *v, const char *name, td_date *out)
{
	struct td_error err = {0};
	if (!v)
		return cli_failf(a->cmd, "thiếu %s (YYYY-MM-DD hoặc dd/mm/yyyy)", name);
	return date_parse_any(v, out, &err) == TD_OK ? CLI_OK : cli_fail(a->cmd, &err);
}

static int amount_opt(const struct cash_args *a, td_money *out)
{
	struct td_error err = {0};
	if (!a->amount)
		return cli_failf(a->cmd, "thiếu --amount (đồng, ví dụ 500.000.000)");
	return money_parse(a->amount, out, &err) == TD_OK ? CLI_OK : cli_fail(a->cmd, &err);
}

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	putchar('\n');
}

static const char *money(json_t *o, const char *k, char *buf)
{
	return money_format(json_integer_value(json_object_get(o, k)), buf, TD_MONEY_FMT_MAX);
}

static int remit_cmd(struct td_ctx *ctx, const struct cash_args *a, enum cash_direction dir)
{
	const char *where = dir == CASH_REMIT ? a->to : a->from;
	struct cash_remit_input in = {.dir = dir, .note = a->note};
	struct td_error err = {0};
	if (!where)
		return cli_failf(a->cmd, "thiếu %s: bank hoặc branch",
				 dir == CASH_REMIT ? "--to" : "--from");
	if (cash_counterparty_parse(where, &in.counterparty, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (cli_office_id(a->cmd, ctx->store, a->office, &in.office_id) != CLI_OK ||
	    amount_opt(a, &in.amount) != CLI_OK || date_opt(a, a->date, "--date", &in.on) != CLI_OK)
		return CLI_ERROR;
	json_t *j = NULL;
	if (cash_remit(ctx, &in, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		print_json(j);
		json_decref(j);
		return CLI_OK;
	}
	char m[TD_MONEY_FMT_MAX], v[TD_MONEY_FMT_MAX], d[TD_DATE_FMT_MAX], acc[96];
	const char *branch = json_string_value(json_object_get(j, "branch_code"));
	if (branch)
		snprintf(acc, sizeof acc, "tài khoản của chi nhánh %s (liên chi nhánh)", branch);
	else
		snprintf(acc, sizeof acc, "tài khoản tiền gửi tại ngân hàng");
	const char *office = json_string_value(json_object_get(j, "office_code"));
	printf("%s %s đồng %s quỹ tiền mặt %s %s %s ngày %s (bút toán %lld); quỹ còn %s đồng\n",
	       dir == CASH_REMIT ? "Đã nộp" : "Đã nhận", money(j, "amount", m),
	       dir == CASH_REMIT ? "từ" : "về", office, dir == CASH_REMIT ? "vào" : "từ", acc,
	       date_format_vn(in.on, d, sizeof d),
	       (long long)json_integer_value(json_object_get(j, "entry_id")), money(j, "vault", v));
	json_decref(j);
	return CLI_OK;
}

static void position_csv(json_t *pos)
{
	static const char *const cols[] = {
		"opening",	"cash_in",  "cash_out", "to_sessions", "from_sessions",
		"remitted",	"received", "closing",	"at_sessions", "bank_deposit",
		"inter_office", "limit",    "excess",
	};
	struct csv_writer w;
	csv_writer_init_file(&w, stdout, NULL);
	csv_write_field(&w, "office_code");
	csv_write_field(&w, "office_name");
	csv_write_field(&w, "date");
	for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
		csv_write_field(&w, cols[k]);
	csv_end_row(&w);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(pos, "offices"), i, r)
	{
		csv_write_field(&w, json_string_value(json_object_get(r, "office_code")));
		csv_write_field(&w, json_string_value(json_object_get(r, "office_name")));
		csv_write_field(&w, json_string_value(json_object_get(pos, "date")));
		for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
			json_t *v = json_object_get(r, cols[k]);
			char n[24] = "";
			if (json_is_integer(v))
				snprintf(n, sizeof n, "%lld", (long long)json_integer_value(v));
			csv_write_field(&w, n);
		}
		csv_end_row(&w);
	}
}

/* One line of the table: the office (or "Cộng") and its vault columns. */
static void position_line(const char *label, json_t *r, bool limit)
{
	static const char *const cols[] = {"opening",	    "cash_in",	"cash_out", "to_sessions",
					   "from_sessions", "remitted", "received", "closing"};
	char b[TD_MONEY_FMT_MAX];
	cli_cell(stdout, label, 10);
	for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
		printf("%17s ", money(r, cols[k], b));
	json_t *l = json_object_get(r, "limit");
	if (limit)
		printf("%17s ", json_is_integer(l) ? money(r, "limit", b) : "-");
	else
		printf("%17s ", "");
	printf("%17s\n", money(r, "excess", b));
}

static void position_print(json_t *pos)
{
	char d[TD_DATE_FMT_MAX] = "", b[3][TD_MONEY_FMT_MAX];
	td_date day;
	if (date_parse_iso(json_string_value(json_object_get(pos, "date")), &day, NULL) == TD_OK)
		date_format_vn(day, d, sizeof d);
	printf("TỒN QUỸ TIỀN MẶT — %s và các đơn vị trực thuộc, cuối ngày %s\n",
	       json_string_value(json_object_get(pos, "office_code")), d);
	static const char *const heads[] = {"Đầu ngày",	  "Thu",	 "Chi",	    "Xuất phiên",
					    "Nhập phiên", "Nộp đi",	 "Nhận về", "Cuối ngày",
					    "Hạn mức",	  "Vượt hạn mức"};
	cli_cell(stdout, "Đơn vị", 10);
	for (size_t k = 0; k < sizeof heads / sizeof *heads; k++)
		cli_cell_right(stdout, heads[k], 17);
	putchar('\n');
	size_t i;
	json_t *r;
	json_t *offices = json_object_get(pos, "offices");
	json_array_foreach(offices, i, r)
		position_line(json_string_value(json_object_get(r, "office_code")), r, true);
	position_line("Cộng", json_object_get(pos, "total"), false);
	puts("Tiền mặt chưa về từ phiên, tiền gửi ngân hàng, liên chi nhánh (nợ - có) cuối ngày:");
	json_array_foreach(offices, i, r) printf(
		"  %-10s %17s %17s %17s\n", json_string_value(json_object_get(r, "office_code")),
		money(r, "at_sessions", b[0]), money(r, "bank_deposit", b[1]),
		money(r, "inter_office", b[2]));
	json_array_foreach(offices, i, r)
	{
		if (json_integer_value(json_object_get(r, "excess")) <= 0)
			continue;
		printf("Cảnh báo: %s vượt hạn mức tồn quỹ %s đồng (cuối ngày %s, hạn mức %s): nộp "
		       "số vượt trong ngày hoặc ngày làm việc kế tiếp (R-CASH-1)\n",
		       json_string_value(json_object_get(r, "office_code")),
		       money(r, "excess", b[0]), money(r, "closing", b[1]),
		       money(r, "limit", b[2]));
	}
}

static int position_cmd(struct td_ctx *ctx, const struct cash_args *a)
{
	int64_t office = 0;
	td_date day = 0;
	if (cli_office_id(a->cmd, ctx->store, a->office, &office) != CLI_OK ||
	    date_opt(a, a->date, "--date", &day) != CLI_OK)
		return CLI_ERROR;
	json_t *pos = NULL;
	struct td_error err = {0};
	if (cash_position(ctx, office, day, &pos, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json)
		print_json(pos);
	else if (a->csv)
		position_csv(pos);
	else
		position_print(pos);
	json_decref(pos);
	return CLI_OK;
}

static int limit_cmd(struct td_ctx *ctx, const struct cash_args *a)
{
	int64_t office = 0, id = 0;
	td_money amount = 0;
	td_date from = 0;
	if (cli_office_id(a->cmd, ctx->store, a->office, &office) != CLI_OK ||
	    amount_opt(a, &amount) != CLI_OK ||
	    date_opt(a, a->effective, "--effective-from", &from) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	if (cash_limit_set(ctx, office, amount, from, a->note, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char m[TD_MONEY_FMT_MAX], d[TD_DATE_FMT_MAX];
	printf("Hạn mức tồn quỹ của %s từ ngày %s: %s đồng (id %lld)\n", a->office,
	       date_format_vn(from, d, sizeof d), money_format(amount, m, sizeof m), (long long)id);
	return CLI_OK;
}

static int limits_cmd(struct td_ctx *ctx, const struct cash_args *a)
{
	int64_t office = 0;
	if (cli_office_id(a->cmd, ctx->store, a->office, &office) != CLI_OK)
		return CLI_ERROR;
	json_t *j = NULL;
	struct td_error err = {0};
	if (cash_limits(ctx, office, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		print_json(j);
		json_decref(j);
		return CLI_OK;
	}
	printf("Hạn mức tồn quỹ của %s\n", json_string_value(json_object_get(j, "office_code")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "items"), i, r)
	{
		char m[TD_MONEY_FMT_MAX], d[TD_DATE_FMT_MAX] = "", s[TD_DATE_FMT_MAX] = "";
		td_date x;
		if (date_parse_iso(json_string_value(json_object_get(r, "effective_from")), &x,
				   NULL) == TD_OK)
			date_format_vn(x, d, sizeof d);
		if (date_parse_iso(json_string_value(json_object_get(r, "set_on")), &x, NULL) ==
		    TD_OK)
			date_format_vn(x, s, sizeof s);
		const char *note = json_string_value(json_object_get(r, "note"));
		printf("  từ %s  %17s đồng  đặt ngày %s bởi %s%s%s\n", d, money(r, "amount", m), s,
		       json_string_value(json_object_get(r, "username")), note ? "  " : "",
		       note ? note : "");
	}
	if (json_array_size(json_object_get(j, "items")) == 0)
		puts("  chưa đặt hạn mức nào");
	json_decref(j);
	return CLI_OK;
}

static int run(const char *sub, struct td_ctx *ctx, const struct cash_args *a)
{
	if (strcmp(sub, "remit") == 0)
		return remit_cmd(ctx, a, CASH_REMIT);
	if (strcmp(sub, "receive") == 0)
		return remit_cmd(ctx, a, CASH_RECEIVE);
	if (strcmp(sub, "position") == 0)
		return position_cmd(ctx, a);
	if (strcmp(sub, "limit") == 0)
		return limit_cmd(ctx, a);
	return limits_cmd(ctx, a);
}

int cmd_cash(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	static const struct {
		const char *name, *used; /* its options (cli_options_only) */
	} subs[] = {{"remit", "user office amount to date note json"},
		    {"receive", "user office amount from date note json"},
		    {"position", "user office date json csv"},
		    {"limit", "user office amount effective-from note"},
		    {"limits", "user office json"}};
	const char *sub = argv[1], *used = NULL;
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(sub, subs[i].name) == 0)
			used = subs[i].used;
	if (!used)
		return cli_failf("cash",
				 "không có lệnh con '%s'; dùng remit, receive, position, "
				 "limit, limits",
				 sub);
	char cmd[32];
	snprintf(cmd, sizeof cmd, "cash %s", sub);
	struct cash_args a = {.cmd = cmd};
	if (parse(&a, argc - 1, argv + 1) != CLI_OK || cli_options_only(cmd, used) != CLI_OK)
		return CLI_ERROR;
	struct td_store *s = NULL;
	if (cli_open_db(cmd, cli_db_url(a.db), &s) != CLI_OK)
		return CLI_ERROR;
	struct td_actor actor;
	struct td_ctx ctx;
	int rc = cli_ctx(cmd, s, a.user, &actor, &ctx);
	if (rc == CLI_OK)
		rc = run(sub, &ctx, &a);
	store_close(s);
	return rc;
}
