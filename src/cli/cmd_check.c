/* tindung check [--db URL] [--date D]: the books agree with themselves (bank/check.h).
 * Exit 0 "Sổ sách khớp: N bút toán, M tài khoản", 1 with one line per mismatch. */
#include <stdio.h>

#include "bank/check.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"

static const char *help =
	"Cách dùng: tindung check [--db URL] [--date NGÀY]\n"
	"Kiểm tra sổ sách: mọi bút toán cân (nợ = có, từng đơn vị), số dư lũy kế của từng tài\n"
	"khoản bằng tổng bút toán, số dư từng nguồn vốn bằng các lần chuyển vốn. In mỗi chỗ lệch\n"
	"trên một dòng (đơn vị, chương trình, nguồn vốn, hai số tiền). --date: chỉ xét bút toán\n"
	"đến hết ngày đó (YYYY-MM-DD). Mã thoát 0 khi khớp, 1 khi lệch, 2 khi lỗi.\n";

static void print_line(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

int cmd_check(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"date", required_argument, NULL, 't'}, {0}};
	const char *db = NULL, *date = NULL;
	int c;
	while ((c = cli_getopt("check", argc, argv, opts)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 't')
			date = optarg;
		else
			return CLI_ERROR;
	}
	if (cli_no_positionals("check", argc, argv) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	td_date upto = CHECK_ALL_DATES;
	if (date && date_parse_any(date, &upto, &err) != TD_OK)
		return cli_fail("check", &err);
	struct td_store *s = NULL;
	if (cli_open_db("check", cli_db_url(db), &s) != CLI_OK)
		return CLI_ERROR;
	struct check_report r = {print_line, NULL};
	int rc = check_run(s, upto, &r, &err);
	store_close(s);
	if (rc != TD_OK)
		return cli_fail("check", &err);
	if (r.mismatches) {
		printf("Sổ sách lệch: %lld chỗ\n", (long long)r.mismatches);
		return CLI_NO;
	}
	printf("Sổ sách khớp: %lld bút toán, %lld tài khoản\n", (long long)r.entries,
	       (long long)r.accounts);
	return CLI_OK;
}
