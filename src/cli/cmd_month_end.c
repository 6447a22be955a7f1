/* tindung month-end --office CODE --month YYYY-MM [--db URL]: the entrustment fees per
 * chapter, the group leaders' commissions, the interest accrual and the snapshot of one
 * office and month (bank/month_end.h, docs/month-end.md). Runs as the system actor; no
 * --user. tindung month-end snapshot --office CODE --date YYYY-MM-DD [--json] [--user NAME]:
 * the snapshot of an office subtree beside the month end before and the 31 December before
 * (bank/snapshot.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/month_end.h"
#include "bank/org_util.h"
#include "bank/snapshot.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung month-end --office MÃ --month YYYY-MM [--db URL]\n"
	"           tindung month-end snapshot --office MÃ --date YYYY-MM-DD [--json]\n"
	"                             [--user TÊN] [--db URL]\n"
	"Cuối tháng cho một đơn vị: trích phí ủy thác cho từng hội đoàn thể theo tỷ lệ nợ quá\n"
	"hạn (Nợ FEE_EXPENSE / Có FEE_PAYABLE), hoa hồng tổ trưởng trên lãi thu được trong\n"
	"tháng (Nợ COMMISSION_EXPENSE / Có COMMISSION_PAYABLE), trả tại phiên giao dịch sau;\n"
	"dự thu lãi theo chương trình và nguồn vốn (Nợ INTEREST_RECEIVABLE / Có INTEREST_INCOME\n"
	"phần chênh lệch) và ảnh chụp số dư, dư nợ cuối tháng. eod chạy việc này cho mọi đơn vị\n"
	"vào ngày đầu tháng sau; lệnh này cho đơn vị hoặc tháng còn thiếu. Tháng phải đã kết\n"
	"thúc (ngày làm việc sau ngày cuối tháng). Tháng đã chạy thì không hạch toán lại. Chạy\n"
	"với quyền hệ thống (không nhận --user).\n"
	"snapshot: ảnh chụp cuối tháng của cây đơn vị tại ngày cuối tháng, so với cuối tháng\n"
	"trước và cuối năm trước (31/12).\n";

static void print(const char *office, const char *ym, const struct month_end_result *r)
{
	char f[TD_MONEY_FMT_MAX], c[TD_MONEY_FMT_MAX], z[TD_MONEY_FMT_MAX], d[TD_DATE_FMT_MAX];
	char month[HUMAN_MAX + 8], mm[HUMAN_MAX];
	snprintf(month, sizeof month, "tháng %s", human_month(ym, mm));
	if (r->already_done)
		printf("%s %s: đã chạy cuối tháng trước đây, không hạch toán thêm\n", office,
		       month);
	printf("%s %s: phí ủy thác %s đồng (%d hội), hoa hồng tổ trưởng %s đồng (%d tổ)\n", office,
	       month, money_format(r->fee_total, f, sizeof f), r->chapters,
	       money_format(r->commission_total, c, sizeof c), r->groups);
	if (r->accrued_to)
		printf("%s %s: lãi dự thu đến hết %s: %s đồng, hạch toán %s đồng (%d dòng)\n",
		       office, month, date_format_vn(r->accrued_to, d, sizeof d),
		       money_format(r->accrual_target, f, sizeof f),
		       money_format(r->accrual_amount, c, sizeof c), r->accrual_rows);
	if (r->snapshot_id)
		printf("%s %s: ảnh chụp cuối tháng: %lld khoản vay, %lld hộ, dư nợ %s đồng "
		       "(nợ quá hạn (gốc quá hạn) %s, nợ khoanh %s)\n",
		       office, month, (long long)r->loans, (long long)r->borrowers,
		       money_format(r->outstanding, f, sizeof f),
		       money_format(r->overdue, c, sizeof c), money_format(r->frozen, z, sizeof z));
}

/* --office CODE or id into *id; TD_ENOTFOUND naming it. */
static int office_id_of(struct td_store *s, const char *office, int64_t *id, struct td_error *err)
{
	int rc = org_query_int64(s, id, err,
				 "SELECT id FROM office WHERE code = ? OR CAST(id AS TEXT) = ?",
				 "tt", office, office);
	if (rc == TD_ENOTFOUND)
		td_error_set(err, rc, "office '%s' does not exist", office);
	return rc;
}

/* ---- snapshot ---- */

/* How a figure's parts print: amounts and counts with dot thousands, a ratio in basis
 * points as a percent with two decimals ("1,25 %"). */
enum cell_kind { CELL_NUMBER, CELL_RATIO };

/* A figure's part as a cell: a null (no snapshot then) prints "-". */
static void money_cell(json_t *f, const char *key, enum cell_kind kind)
{
	json_t *v = json_object_get(f, key);
	char b[HUMAN_MAX] = "-";
	const char *text = b;
	if (json_is_integer(v) && kind == CELL_RATIO)
		text = human_bp(json_integer_value(v), b);
	else if (json_is_integer(v))
		text = money_format(json_integer_value(v), b, sizeof b);
	printf(" %19s", text);
}

#define LABEL_WIDTH 38

static void figure_line(const char *label, json_t *f, enum cell_kind kind)
{
	cli_cell(stdout, label, LABEL_WIDTH);
	static const char *const keys[] = {"value", "previous_month", "change_month", "year_end",
					   "change_year"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		money_cell(f, keys[k], kind);
	putchar('\n');
}

static void heading(const char *title)
{
	printf("\n%s\n", title);
	cli_cell(stdout, "", LABEL_WIDTH);
	static const char *const cols[] = {"Cuối tháng", "Cuối tháng trước", "Tăng/giảm",
					   "Cuối năm trước", "Tăng/giảm"};
	for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
		putchar(' '), cli_cell_right(stdout, cols[k], 18);
	putchar('\n');
}

/* Adds the figure src into dst (both {"value",...}); null stays null. */
static void figure_add(json_t *dst, json_t *src)
{
	const char *key;
	json_t *v;
	json_object_foreach(src, key, v)
	{
		json_t *d = json_object_get(dst, key);
		if (json_is_integer(v) && json_is_integer(d))
			json_integer_set(d, json_integer_value(d) + json_integer_value(v));
		else if (!d)
			json_object_set_new(dst, key, json_copy(v));
	}
}

/* The words of the portfolio's classes (docs/month-end.md); a code without one prints as
 * it is. The status class "overdue" is a whole loan's outstanding: "khoản vay có nợ quá
 * hạn", never "nợ quá hạn", which is the overdue principal. */
static const char *class_label(const char *key, const char *code, char *buf, size_t size)
{
	static const char *const words[][2] = {
		{"in_term", "Khoản vay trong hạn"},	{"overdue", "Khoản vay có nợ quá hạn"},
		{"frozen", "Khoản vay khoanh nợ"},	{"short", "Ngắn hạn (đến 12 tháng)"},
		{"medium", "Trung hạn (đến 60 tháng)"}, {"long", "Dài hạn (trên 60 tháng)"}};
	if (strcmp(key, "programme") == 0) {
		snprintf(buf, size, "Chương trình %s", code);
		return buf;
	}
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(code, words[i][0]) == 0)
			return words[i][1];
	return code;
}

/* Outstanding of the portfolio rows summed by one key ("programme", "status", "term"). */
static void by_key(json_t *snap, const char *key, const char *title)
{
	json_t *sums = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(snap, "portfolio"), i, r)
	{
		const char *k = json_string_value(json_object_get(r, key));
		json_t *f = json_object_get(sums, k);
		if (!f)
			json_object_set_new(sums, k,
					    json_deep_copy(json_object_get(r, "outstanding")));
		else
			figure_add(f, json_object_get(r, "outstanding"));
	}
	heading(title);
	const char *k;
	json_t *f;
	json_object_foreach(sums, k, f)
	{
		char label[64];
		figure_line(class_label(key, k, label, sizeof label), f, CELL_NUMBER);
	}
	json_decref(sums);
}

static void print_snapshot(json_t *j)
{
	char d[3][TD_DATE_FMT_MAX];
	static const char *const dk[] = {"date", "previous_month_end", "year_end"};
	for (int k = 0; k < 3; k++) {
		td_date day = 0;
		d[k][0] = '\0';
		if (date_parse_iso(json_string_value(json_object_get(j, dk[k])), &day, NULL) ==
		    TD_OK)
			date_format_vn(day, d[k], sizeof d[k]);
	}
	printf("ẢNH CHỤP CUỐI THÁNG — đơn vị %s và các đơn vị trực thuộc, ngày %s\n"
	       "So với cuối tháng trước %s và cuối năm trước %s\n",
	       json_string_value(json_object_get(j, "office_code")), d[0], d[1], d[2]);
	json_t *o = json_object_get(j, "offices");
	printf("Đơn vị có số liệu: %lld (cuối tháng trước %lld, cuối năm trước %lld)",
	       (long long)json_integer_value(json_object_get(o, "date")),
	       (long long)json_integer_value(json_object_get(o, "previous_month")),
	       (long long)json_integer_value(json_object_get(o, "year_end")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "offices_missing"), i, r)
	{
		printf("%s %s", i == 0 ? "; chưa chạy cuối tháng:" : ",", json_string_value(r));
	}
	putchar('\n');
	json_t *t = json_object_get(j, "totals");
	heading("Tổng hợp");
	figure_line("Số khoản vay", json_object_get(t, "loans"), CELL_NUMBER);
	figure_line("Số hộ vay", json_object_get(t, "borrowers"), CELL_NUMBER);
	figure_line("Dư nợ", json_object_get(t, "outstanding"), CELL_NUMBER);
	figure_line("Nợ quá hạn (gốc quá hạn)", json_object_get(t, "overdue_principal"),
		    CELL_NUMBER);
	figure_line("Dư nợ của các khoản vay có nợ quá hạn",
		    json_object_get(t, "balance_of_overdue_loans"), CELL_NUMBER);
	figure_line("Nợ khoanh", json_object_get(t, "frozen"), CELL_NUMBER);
	figure_line("Tỷ lệ nợ quá hạn (gốc quá hạn/dư nợ)", json_object_get(t, "overdue_ratio_bp"),
		    CELL_RATIO);
	by_key(j, "programme", "Dư nợ theo chương trình");
	by_key(j, "status", "Dư nợ theo nhóm khoản vay");
	by_key(j, "term", "Dư nợ theo thời hạn");
	by_key(j, "commune_name", "Dư nợ theo xã (tên vào từng ngày cuối tháng)");
	heading("Số dư tài khoản");
	json_array_foreach(json_object_get(j, "accounts"), i, r)
	{
		char label[96];
		const char *p = json_string_value(json_object_get(r, "programme"));
		const char *s = json_string_value(json_object_get(r, "source_code"));
		snprintf(label, sizeof label, "%s%s%s%s%s",
			 json_string_value(json_object_get(r, "type")), p[0] ? " " : "", p,
			 s[0] ? " " : "", s);
		figure_line(label, json_object_get(r, "balance"), CELL_NUMBER);
	}
}

static int snapshot_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},	{"office", required_argument, NULL, 'o'},
		{"date", required_argument, NULL, 't'}, {"user", required_argument, NULL, 'u'},
		{"json", no_argument, NULL, 'j'},	{0}};
	const char *db = NULL, *office = NULL, *date = NULL, *user = NULL;
	bool json = false;
	int c;
	while ((c = cli_getopt("month-end snapshot", argc, argv, opts)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'o')
			office = optarg;
		else if (c == 't')
			date = optarg;
		else if (c == 'u')
			user = optarg;
		else if (c == 'j')
			json = true;
		else
			return CLI_ERROR;
	}
	if (cli_no_positionals("month-end snapshot", argc, argv) != CLI_OK)
		return CLI_ERROR;
	if (!office)
		return cli_failf("month-end snapshot", "--office is missing (mã đơn vị, ví dụ "
						       "PGD318)");
	if (!date)
		return cli_failf("month-end snapshot", "--date is missing (ngày cuối tháng, "
						       "YYYY-MM-DD)");
	struct td_error err = {0};
	td_date day = 0;
	if (date_parse_any(date, &day, &err) != TD_OK)
		return cli_fail("month-end snapshot", &err);
	struct td_store *s = NULL;
	if (cli_open_db("month-end snapshot", cli_db_url(db), &s) != CLI_OK)
		return CLI_ERROR;
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_ctx("month-end snapshot", s, user, &actor, &ctx) != CLI_OK) {
		store_close(s);
		return CLI_ERROR;
	}
	int64_t id = 0;
	json_t *j = NULL;
	int rc = office_id_of(s, office, &id, &err);
	if (rc == TD_OK)
		rc = snapshot_get(&ctx, id, day, &j, &err);
	if (rc == TD_OK && json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
	} else if (rc == TD_OK) {
		print_snapshot(j);
	}
	json_decref(j);
	store_close(s);
	return rc == TD_OK ? CLI_OK : cli_fail("month-end snapshot", &err);
}

/* ---- the run ---- */

int cmd_month_end(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "snapshot") == 0)
		return cli_wants_help(argc, argv) ? (fputs(help, stdout), CLI_OK)
						  : snapshot_cmd(argc - 1, argv + 1);
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
	int rc = office_id_of(s, office, &office_id, &err);
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
