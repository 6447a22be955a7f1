/* tindung worklist [--officer STAFF_ID] [--date D] [--user NAME] [--json] [--db URL]: the
 * credit officer's worklist (bank/worklist.h, docs/worklist.md): loans inactive 3 months
 * (R-INACT-1), overdue loans by age (R-DUE-1), instalments due at each point's next
 * session (R-SES-1). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/chapter.h"
#include "bank/worklist.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/human.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung worklist [--officer MÃ_NHÂN_VIÊN] [--date NGÀY] [--json]\n"
	"                            [--user TÊN] [--db URL]\n"
	"Việc của cán bộ tín dụng trong phạm vi người dùng, vào một ngày (mặc định ngày làm\n"
	"việc, không trước ngày làm việc):\n"
	"  1. khoản vay không hoạt động 3 tháng: lãi chưa trả vượt 3 tháng lãi (R-INACT-1);\n"
	"  2. khoản vay quá hạn theo tuổi nợ của kỳ quá hạn cũ nhất: 1-30, 31-90, 91-180,\n"
	"     181-360, trên 360 ngày (R-DUE-1);\n"
	"  3. kỳ trả gốc đến hạn tại phiên giao dịch tới của từng điểm giao dịch (R-SES-1).\n"
	"  --officer  mã nhân viên của cán bộ tín dụng (tindung staff list): chỉ các xã cán bộ\n"
	"             đó phụ trách\n"
	"  --date     YYYY-MM-DD hoặc dd/mm/yyyy\n"
	"  --json     in JSON như GET /api/v1/worklist\n";

static int parse_day(const char *s, td_date *out)
{
	struct td_error err = {0};
	if (date_parse_any(s, out, &err) == TD_OK)
		return CLI_OK;
	return cli_failf("worklist", "--date '%s' không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)", s);
}

/* The columns every item starts with: loan, household, head, group, commune, programme. */
static void item_head(json_t *o)
{
	printf("  %6lld %6lld ", (long long)json_integer_value(json_object_get(o, "loan_id")),
	       (long long)json_integer_value(json_object_get(o, "household_id")));
	cli_cell(stdout, json_string_value(json_object_get(o, "head_name")), 24);
	const char *g = json_string_value(json_object_get(o, "group_code"));
	cli_cell(stdout, g ? g : "(vay trực tiếp)", 15);
	cli_cell(stdout, json_string_value(json_object_get(o, "commune_code")), 5);
	cli_cell(stdout, json_string_value(json_object_get(o, "programme")), 3);
}

static void columns(const char *const *names, const int *widths, size_t n)
{
	fputs("  ", stdout);
	cli_cell_right(stdout, "Vay", 6);
	cli_cell_right(stdout, "Hộ", 6);
	cli_cell(stdout, "Chủ hộ", 24);
	cli_cell(stdout, "Tổ", 15);
	cli_cell(stdout, "Xã", 5);
	cli_cell(stdout, "CT", 3);
	for (size_t i = 0; i < n; i++)
		cli_cell_right(stdout, names[i], widths[i]);
	putchar('\n');
}

static void truncated(json_t *sec)
{
	if (json_is_true(json_object_get(sec, "truncated")))
		printf("  ... (chỉ in %d dòng đầu; --json cho cả danh sách cũng cắt ở đó)\n",
		       WORKLIST_ITEMS_MAX);
}

static void print_inactive(json_t *sec)
{
	char n[HUMAN_MAX], b[HUMAN_MAX], o[HUMAN_MAX], d[HUMAN_MAX];
	printf("\n1. Khoản vay không hoạt động 3 tháng (lãi chưa trả vượt 3 tháng lãi, "
	       "R-INACT-1): %s khoản vay, dư nợ %s đồng, lãi chưa trả %s đồng\n",
	       human_count(json_integer_value(json_object_get(sec, "loans")), n),
	       human_money_of(sec, "balance", b), human_money_of(sec, "interest_owed", o));
	if (json_array_size(json_object_get(sec, "items")) == 0)
		return;
	static const char *const names[] = {"Dư nợ", "Lãi chưa trả", "Lãi tính từ"};
	static const int widths[] = {14, 12, 11};
	columns(names, widths, 3);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(sec, "items"), i, it)
	{
		item_head(it);
		printf("%14s %12s %11s\n", human_money_of(it, "balance", b),
		       human_money_of(it, "interest_owed", o),
		       human_date_of(it, "interest_from", d));
	}
	truncated(sec);
}

static void print_overdue(json_t *sec)
{
	char n[HUMAN_MAX], p[HUMAN_MAX], b[HUMAN_MAX], d[HUMAN_MAX];
	printf("\n2. Khoản vay quá hạn theo tuổi nợ (từ ngày đến hạn của kỳ quá hạn cũ nhất, "
	       "R-DUE-1): %s khoản vay, nợ quá hạn (gốc quá hạn) %s đồng, dư nợ của các khoản "
	       "vay này %s đồng\n",
	       human_count(json_integer_value(json_object_get(sec, "loans")), n),
	       human_money_of(sec, "overdue_principal", p), human_money_of(sec, "balance", b));
	size_t i;
	json_t *k;
	static const char *const head[] = {"Khoản vay", "Nợ quá hạn (gốc)", "Dư nợ"};
	fputs("  ", stdout);
	cli_cell(stdout, "Tuổi nợ (ngày)", 16);
	cli_cell_right(stdout, head[0], 10);
	cli_cell_right(stdout, head[1], 20);
	cli_cell_right(stdout, head[2], 20);
	putchar('\n');
	json_array_foreach(json_object_get(sec, "buckets"), i, k)
	{
		char label[32];
		json_t *max = json_object_get(k, "max_days");
		if (json_is_integer(max))
			snprintf(label, sizeof label, "%lld-%lld",
				 (long long)json_integer_value(json_object_get(k, "min_days")),
				 (long long)json_integer_value(max));
		else
			snprintf(label, sizeof label, "> %lld",
				 (long long)json_integer_value(json_object_get(k, "min_days")) - 1);
		printf("  %-16s %10s %20s %20s\n", label, /* ASCII only: bytes are characters */
		       human_count(json_integer_value(json_object_get(k, "loans")), n),
		       human_money_of(k, "overdue_principal", p), human_money_of(k, "balance", b));
	}
	if (json_array_size(json_object_get(sec, "items")) == 0)
		return;
	putchar('\n');
	static const char *const names[] = {"Đến hạn", "Số ngày", "Nợ quá hạn", "Dư nợ"};
	static const int widths[] = {10, 7, 14, 14};
	columns(names, widths, 4);
	json_t *it;
	json_array_foreach(json_object_get(sec, "items"), i, it)
	{
		item_head(it);
		printf("%10s %7lld %14s %14s\n", human_date_of(it, "oldest_due_on", d),
		       (long long)json_integer_value(json_object_get(it, "days_overdue")),
		       human_money_of(it, "overdue_principal", p),
		       human_money_of(it, "balance", b));
	}
	truncated(sec);
}

static void print_sessions(json_t *arr)
{
	printf("\n3. Kỳ trả gốc đến hạn tại phiên giao dịch tới của từng điểm (R-SES-1)\n");
	size_t i, k;
	json_t *s, *it;
	json_array_foreach(arr, i, s)
	{
		char day[HUMAN_MAX], n[HUMAN_MAX], a[HUMAN_MAX], d[HUMAN_MAX];
		printf("\n  Điểm %s %s — phiên %s (ngày %lld hằng tháng): %s kỳ, gốc phải trả %s "
		       "đồng\n",
		       json_string_value(json_object_get(s, "point_code")),
		       json_string_value(json_object_get(s, "point_name")),
		       human_date_of(s, "session_date", day),
		       (long long)json_integer_value(json_object_get(s, "meeting_day")),
		       human_count(json_integer_value(json_object_get(s, "instalments")), n),
		       human_money_of(s, "principal_due", a));
		if (json_array_size(json_object_get(s, "items")) == 0)
			continue;
		static const char *const names[] = {"Kỳ", "Hạn trả", "Gốc phải trả"};
		static const int widths[] = {3, 10, 14};
		columns(names, widths, 3);
		json_array_foreach(json_object_get(s, "items"), k, it)
		{
			item_head(it);
			printf("%3lld %10s %14s\n",
			       (long long)json_integer_value(json_object_get(it, "position")),
			       human_date_of(it, "due_on", d),
			       human_money_of(it, "principal_due", a));
		}
		truncated(s);
	}
}

static void print_worklist(json_t *j)
{
	char d[HUMAN_MAX], b[HUMAN_MAX];
	printf("VIỆC CỦA CÁN BỘ TÍN DỤNG — ngày %s (ngày làm việc %s)\n",
	       human_date_of(j, "date", d), human_date_of(j, "business_date", b));
	json_t *o = json_object_get(j, "officer");
	if (json_is_object(o)) {
		printf("Cán bộ: %s (nhân viên %lld), phụ trách xã:",
		       json_string_value(json_object_get(o, "full_name")),
		       (long long)json_integer_value(json_object_get(o, "staff_id")));
		size_t i;
		json_t *c;
		json_array_foreach(json_object_get(o, "communes"), i, c)
			printf("%s %s", i ? "," : "", json_string_value(c));
		putchar('\n');
	}
	print_inactive(json_object_get(j, "inactive"));
	print_overdue(json_object_get(j, "overdue"));
	print_sessions(json_object_get(j, "sessions"));
}

int cmd_worklist(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return CLI_OK;
	}
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},	{"user", required_argument, NULL, 'u'},
		{"date", required_argument, NULL, 't'}, {"officer", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},	{0}};
	const char *db = NULL, *user = NULL, *date = NULL, *off = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt("worklist", argc, argv, opts)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'u')
			user = optarg;
		else if (c == 't')
			date = optarg;
		else if (c == 'o')
			off = optarg;
		else if (c == 'j')
			json = true;
		else
			return CLI_ERROR;
	}
	if (cli_no_positionals("worklist", argc, argv) != CLI_OK)
		return CLI_ERROR;
	struct worklist_input in = {.on = ORG_NO_DATE};
	long officer = 0;
	if ((date && parse_day(date, &in.on) != CLI_OK) ||
	    (off && cli_parse_int("worklist", "--officer", off, 1, INT32_MAX, &officer) != CLI_OK))
		return CLI_ERROR;
	in.officer_id = officer;
	struct td_store *s = NULL;
	if (cli_open_db("worklist", cli_db_url(db), &s) != CLI_OK)
		return CLI_ERROR;
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_ctx("worklist", s, user, &actor, &ctx) != CLI_OK) {
		store_close(s);
		return CLI_ERROR;
	}
	struct td_error err = {0};
	json_t *j = NULL;
	int rc = worklist_get(&ctx, &in, &j, &err);
	if (rc == TD_OK && json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
	} else if (rc == TD_OK) {
		print_worklist(j);
	}
	json_decref(j);
	store_close(s);
	return rc == TD_OK ? CLI_OK : cli_fail("worklist", &err);
}
