/* `tindung calc SUB ...`: the loan calculator over the rules of src/credit. No database. */
#include <stdio.h>
#include <string.h>

#include "cli/calc_args.h"
#include "cli/calc_cmds.h"
#include "cli/cli.h"
#include "credit/cccd.h"
#include "credit/words.h"

static const struct {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} subs[] = {
    {"words", "số tiền bằng chữ", calc_words},
    {"cccd", "kiểm tra số căn cước công dân", calc_cccd},
    {"schedule", "lịch trả nợ gốc và lãi (JSON)", calc_schedule},
    {"interest", "tiền lãi của một số dư giữa hai ngày", calc_interest},
    {"eligibility", "điều kiện vay của một chương trình", calc_eligibility},
    {"fee", "phí ủy thác của một tổ chức hội (JSON)", calc_fee},
    {"commission", "hoa hồng tổ trưởng", calc_commission},
    {"score", "chấm điểm và xếp loại tổ TK&VV (JSON)", calc_score},
};

static void usage(FILE *f)
{
	fprintf(f, "Cách dùng: tindung calc LỆNH [tùy chọn]   (tindung calc LỆNH --help)\n\n"
		   "Máy tính khoản vay, không cần cơ sở dữ liệu:\n");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		fprintf(f, "  %-12s %s\n", subs[i].name, subs[i].summary);
	fprintf(f, "\nSố tiền tính bằng đồng, có hoặc không có dấu chấm (1.000.000); lãi suất "
		   "%%/năm (6.6);\nngày YYYY-MM-DD. Xem docs/calc.md.\n");
}

int cmd_calc(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_ERROR;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].run(argc - 1, argv + 1);
	return cli_failf("calc", "không có phép tính '%s' (xem tindung calc --help)", argv[1]);
}

int calc_print_json(const char *cmd, json_t *doc)
{
	if (!doc)
		return cli_failf(cmd, "out of memory building the answer");
	int rc = json_dumpf(doc, stdout, JSON_INDENT(2));
	json_decref(doc);
	if (rc != 0 || fputc('\n', stdout) == EOF)
		return cli_failf(cmd, "cannot write the answer");
	return CLI_OK;
}

static const char words_help[] =
    "Cách dùng: tindung calc words SỐ_TIỀN [--chan]\n"
    "Viết số tiền bằng chữ cho chứng từ: \"Một trăm lẻ năm nghìn đồng\".\n"
    "  --chan   thêm \"chẵn\" (số tiền tròn: \"Một trăm triệu đồng chẵn\")\n";

int calc_words(int argc, char **argv)
{
	static const char cmd[] = "calc words";
	static const struct calc_spec spec[] = {{"chan", false, false}, {NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(words_help, stdout), CLI_OK;
	td_money amount;
	if (calc_positionals(cmd, &a, 1, "an amount (SỐ_TIỀN)") != CLI_OK ||
	    calc_money(cmd, "amount", a.pos[0], &amount) != CLI_OK)
		return CLI_ERROR;
	char buf[WORDS_AMOUNT_MAX];
	puts(words_amount(amount, calc_arg(&a, "chan") ? WORDS_CHAN : 0, buf, sizeof buf));
	return CLI_OK;
}

static const char cccd_help[] =
    "Cách dùng: tindung calc cccd SỐ_CCCD [--date YYYY-MM-DD]\n"
    "Kiểm tra số căn cước công dân 12 số (R-HH-3): in \"valid\" (mã thoát 0) hoặc lý do\n"
    "sai (mã thoát 1).\n"
    "  --date   ngày đối chiếu (mặc định hôm nay): năm sinh không được sau năm của ngày\n"
    "           này (số thứ 4 là giới tính và thế kỷ: 0/1 thế kỷ 20 ... 8/9 thế kỷ 24)\n";

int calc_cccd(int argc, char **argv)
{
	static const char cmd[] = "calc cccd";
	static const struct calc_spec spec[] = {{"date", true, false}, {NULL, false, false}};
	struct calc_args a;
	if (calc_args_parse(cmd, argc, argv, spec, &a) != CLI_OK)
		return CLI_ERROR;
	if (a.help)
		return fputs(cccd_help, stdout), CLI_OK;
	if (calc_positionals(cmd, &a, 1, "a citizen ID (SỐ_CCCD)") != CLI_OK)
		return CLI_ERROR;
	td_date day;
	if (calc_date_or_today(cmd, calc_arg(&a, "date"), &day) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	if (cccd_validate_at(a.pos[0], day, NULL, &err) != TD_OK) {
		puts(err.msg);
		return CLI_NO;
	}
	puts("valid");
	return CLI_OK;
}
