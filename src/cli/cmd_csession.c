/* tindung commune-session open|show|list|record|close: the monthly commune session
 * (bank/commune_session.h, R-SES-1, R-SES-2; docs/sessions.md). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/commune_session.h"
#include "bank/org_util.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/human.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung commune-session LỆNH [tùy chọn]\n"
	"  open   --point MÃ --date NGÀY [--reason LÝ_DO] [--opening-cash SỐ_TIỀN]\n"
	"                                   mở phiên (lý do khi không họp đúng ngày của điểm)\n"
	"  show   ID | --point MÃ --date NGÀY  [--json]   phiên, tiền đầu phiên, thu, chi\n"
	"  list   ID [--json]               danh sách từng tổ (13/TD): lãi, gốc đến hạn, tiết "
	"kiệm,\n"
	"                                   hoa hồng tổ trưởng và phí ủy thác phải trả\n"
	"  record ID --key KHÓA --line LOẠI:SỐ:SỐ_TIỀN[:NGƯỜI_NỘP[:NGUỒN_VỐN]] ...\n"
	"         LOẠI interest|principal (SỐ = khoản vay), deposit|withdrawal (SỐ = sổ tiết\n"
	"         kiệm), disbursement (SỐ = hồ sơ vay, NGUỒN_VỐN bắt buộc), commission (SỐ =\n"
	"         dòng hoa hồng, trả tổ trưởng), fee (SỐ = dòng phí ủy thác, trả phần 84 %\n"
	"         cho hội cấp xã); NGƯỜI_NỘP household (mặc định) hoặc group_leader (chỉ lãi,\n"
	"         tiết kiệm, và tổ trưởng nhận hoa hồng, R-ORG-3). Số tiền hoa hồng, phí:\n"
	"         đúng số phải trả mà lệnh list in ra. Cùng KHÓA, cùng nội dung: ghi một lần.\n"
	"  close  ID --counted SỐ_TIỀN      đóng phiên khi tiền đếm được bằng tiền phải có\n"
	"Chung: [--db URL] [--user TÊN]. Ngày: YYYY-MM-DD hoặc dd/mm/yyyy.\n";

#define MAX_LINE_ARGS 200

struct cs_args {
	const char *cmd, *db, *user, *point, *date, *reason, *opening, *counted, *pos;
	const char *lines[MAX_LINE_ARGS];
	size_t n_lines;
	int json;
};

static int parse(struct cs_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'D'},
					     {"user", required_argument, NULL, 'u'},
					     {"point", required_argument, NULL, 'p'},
					     {"date", required_argument, NULL, 'd'},
					     {"reason", required_argument, NULL, 'r'},
					     {"opening-cash", required_argument, NULL, 'o'},
					     {"counted", required_argument, NULL, 'c'},
					     {"line", required_argument, NULL, 'l'},
					     {"json", no_argument, NULL, 'j'},
					     {0}};
	const char **slot[128] = {
		['D'] = &a->db,	    ['u'] = &a->user,	 ['p'] = &a->point,  ['d'] = &a->date,
		['r'] = &a->reason, ['o'] = &a->opening, ['c'] = &a->counted};
	int c;
	while ((c = cli_getopt(a->cmd, argc, argv, opts)) != -1) {
		if (c == 'j') {
			a->json = 1;
		} else if (c == 'l') {
			if (a->n_lines == MAX_LINE_ARGS)
				return cli_failf(a->cmd,
						 "at most %d --line options; split the batch",
						 MAX_LINE_ARGS);
			a->lines[a->n_lines++] = optarg;
		} else if (c > 0 && c < 128 && slot[c]) {
			*slot[c] = optarg;
		} else {
			return CLI_ERROR;
		}
	}
	if (optind < argc)
		a->pos = argv[optind++];
	return cli_no_positionals(a->cmd, argc, argv);
}

static int id_of(const struct cs_args *a, const char *v, const char *what, int64_t *out)
{
	char *end = NULL;
	long long n = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || n <= 0)
		return cli_failf(a->cmd, "give the id of the %s (a whole number)", what);
	*out = n;
	return CLI_OK;
}

/* The point by code or id, and the date. */
static int point_date(struct td_ctx *ctx, const struct cs_args *a, int64_t *point, td_date *on)
{
	struct td_error err = {0};
	if (!a->point || !a->date)
		return cli_failf(a->cmd, "cần --point (mã điểm) và --date (ngày)");
	if (org_query_int64(ctx->store, point, &err,
			    "SELECT id FROM commune_point WHERE code = ? OR CAST(id AS TEXT) = ? "
			    "ORDER BY id",
			    "tt", a->point, a->point) != TD_OK)
		return cli_failf(a->cmd, "commune point '%s' does not exist", a->point);
	return date_parse_any(a->date, on, &err) == TD_OK ? CLI_OK : cli_fail(a->cmd, &err);
}

/* "kind:target:amount[:via[:source]]" into l. */
static int line_parse(const struct cs_args *a, size_t k, const char *text, struct csession_line *l)
{
	char buf[160], *parts[5] = {0};
	size_t n = 0;
	snprintf(buf, sizeof buf, "%s", text);
	for (char *save = NULL, *p = strtok_r(buf, ":", &save); p && n < 5;
	     p = strtok_r(NULL, ":", &save))
		parts[n++] = p;
	struct td_error err = {0};
	char *end = NULL;
	if (n < 3)
		return cli_failf(a->cmd, "--line %zu '%s': write KIND:ID:AMOUNT[:VIA[:SOURCE]]",
				 k + 1, text);
	*l = (struct csession_line){.target = strtoll(parts[1], &end, 10)};
	if (*end || l->target <= 0)
		return cli_failf(a->cmd, "--line %zu '%s': '%s' is not an id", k + 1, text,
				 parts[1]);
	if (n > 4) {
		l->source_id = strtoll(parts[4], &end, 10);
		if (*end || l->source_id <= 0)
			return cli_failf(a->cmd, "--line %zu '%s': source '%s' is not an id", k + 1,
					 text, parts[4]);
	}
	if (csession_kind_parse(parts[0], &l->kind, &err) != TD_OK ||
	    money_parse(parts[2], &l->amount, &err) != TD_OK ||
	    (n > 3 && csession_via_parse(parts[3], &l->via, &err) != TD_OK)) {
		td_error_prefix(&err, "--line %zu '%s': ", k + 1, text);
		return cli_fail(a->cmd, &err);
	}
	return CLI_OK;
}

/* R-FEE-2: the group's commissions to pay its leader, each with the --line that pays it. */
static void print_commissions(json_t *g)
{
	size_t i;
	json_t *c;
	char a[TD_MONEY_FMT_MAX];
	json_array_foreach(json_object_get(g, "commissions"), i, c)
	{
		money_format(json_integer_value(json_object_get(c, "amount")), a, sizeof a);
		char m[HUMAN_MAX];
		printf("Hoa hồng tổ trưởng tháng %s: %s đồng (--line commission:%lld:%s:"
		       "group_leader)\n",
		       human_month(json_string_value(json_object_get(c, "month")), m), a,
		       (long long)json_integer_value(json_object_get(c, "commission_id")), a);
	}
}

/* R-FEE-1: the commune shares of the fees to pay the chapters of the point's communes. */
static void print_fees(json_t *j)
{
	size_t i;
	json_t *f;
	char a[TD_MONEY_FMT_MAX];
	json_t *fees = json_object_get(j, "fees");
	if (json_array_size(fees) > 0)
		printf("\nPhí ủy thác phải trả hội cấp xã (84 %%)\n");
	json_array_foreach(fees, i, f)
	{
		char m[HUMAN_MAX];
		money_format(json_integer_value(json_object_get(f, "amount")), a, sizeof a);
		printf("  %s, tháng %s: %s đồng (--line fee:%lld:%s)\n",
		       json_string_value(json_object_get(f, "chapter_name")),
		       human_month(json_string_value(json_object_get(f, "month")), m), a,
		       (long long)json_integer_value(json_object_get(f, "fee_id")), a);
	}
}

/* The 13/TD list as a table: one row per loan, or per member without one. */
static void print_groups(json_t *j)
{
	size_t i, k, n;
	json_t *g, *m, *l;
	char day[HUMAN_MAX];
	int inactive = 0;
	printf("Danh sách thu lãi, thu nợ gốc, tiết kiệm (13/TD) - điểm %s, ngày %s\n",
	       json_string_value(json_object_get(j, "point_code")), human_date_of(j, "date", day));
	json_array_foreach(json_object_get(j, "groups"), i, g)
	{
		const char *commune = json_string_value(json_object_get(g, "commune_name"));
		printf("\nTổ %s - %s (%s, %s)\n", json_string_value(json_object_get(g, "code")),
		       json_string_value(json_object_get(g, "name")),
		       json_string_value(json_object_get(g, "village")), commune ? commune : "?");
		static const char *const head[] = {"Hộ",    "Chủ hộ",	    "Vay",
						   "Dư nợ", "Lãi phải thu", "Gốc đến hạn",
						   "Sổ TK", "Số dư TK",	    "Ghi chú"};
		static const int width[] = {6, 24, 6, 15, 12, 15, 6, 12, 7};
		for (size_t h = 0; h < sizeof head / sizeof *head; h++)
			cli_cell(stdout, head[h], width[h]);
		putchar('\n');
		json_array_foreach(json_object_get(g, "members"), k, m)
		{
			json_t *loans = json_object_get(m, "loans");
			for (n = 0; n == 0 || n < json_array_size(loans); n++) {
				l = json_array_get(loans, n);
				printf("%6lld ", (long long)json_integer_value(
							 json_object_get(m, "household_id")));
				cli_cell(stdout, json_string_value(json_object_get(m, "head_name")),
					 24);
				if (l) {
					printf("%6lld ", (long long)json_integer_value(
								 json_object_get(l, "loan_id")));
					human_money_cell(l, "balance", 15);
					human_money_cell(l, "interest_due", 12);
					human_money_cell(l, "principal_due", 15);
				} else {
					printf("%6s %15s %12s %15s ", "", "", "", "");
				}
				json_t *acc = json_object_get(m, "savings_account_id");
				if (n == 0 && json_is_integer(acc)) {
					printf("%6lld ", (long long)json_integer_value(acc));
					human_money_cell(m, "savings_balance", 12);
				} else {
					printf("%6s %12s ", "", "");
				}
				/* R-RISK-1: frozen debt is not collected; shown apart */
				if (l && json_integer_value(json_object_get(l, "frozen")) > 0) {
					printf(" nợ khoanh ");
					human_money_cell(l, "frozen", 0);
				}
				bool flag = json_is_true(json_object_get(l, "inactive"));
				inactive += flag;
				printf("%s\n", flag ? "(*)" : "");
			}
		}
		cli_cell(stdout, "Cộng tổ", 38);
		printf("%15s ", "");
		human_money_cell(g, "interest_due", 12);
		human_money_cell(g, "principal_due", 15);
		printf("%6s ", "");
		human_money_cell(g, "savings_balance", 12);
		putchar('\n');
		print_commissions(g);
	}
	if (inactive)
		printf("\n(*) %d khoản vay không hoạt động 3 tháng: lãi chưa trả vượt 3 tháng lãi "
		       "(R-INACT-1), cần đôn đốc tại phiên\n",
		       inactive);
	print_fees(j);
	char a[TD_MONEY_FMT_MAX], b[TD_MONEY_FMT_MAX], c[TD_MONEY_FMT_MAX];
	char d[TD_MONEY_FMT_MAX], e[TD_MONEY_FMT_MAX];
	printf("\nCộng điểm: lãi %s đồng, gốc đến hạn %s đồng, tiết kiệm %s đồng; phải trả hoa "
	       "hồng %s đồng, phí ủy thác %s đồng\n",
	       money_format(json_integer_value(json_object_get(j, "interest_due")), a, sizeof a),
	       money_format(json_integer_value(json_object_get(j, "principal_due")), b, sizeof b),
	       money_format(json_integer_value(json_object_get(j, "savings_balance")), c, sizeof c),
	       money_format(json_integer_value(json_object_get(j, "commission_payable")), d,
			    sizeof d),
	       money_format(json_integer_value(json_object_get(j, "fee_payable")), e, sizeof e));
}

static void print_session(json_t *j)
{
	char a[TD_MONEY_FMT_MAX], b[TD_MONEY_FMT_MAX], c[TD_MONEY_FMT_MAX], d[TD_MONEY_FMT_MAX];
	char day[HUMAN_MAX];
	printf("Phiên %lld - điểm %s, ngày %s, %s\n",
	       (long long)json_integer_value(json_object_get(j, "id")),
	       json_string_value(json_object_get(j, "point_code")), human_date_of(j, "date", day),
	       strcmp(json_string_value(json_object_get(j, "status")), "open") == 0 ? "đang mở"
										    : "đã đóng");
	printf("Đầu phiên %s, thu %s, chi %s, phải có %s đồng\n",
	       money_format(json_integer_value(json_object_get(j, "opening_cash")), a, sizeof a),
	       money_format(json_integer_value(json_object_get(j, "cash_in")), b, sizeof b),
	       money_format(json_integer_value(json_object_get(j, "cash_out")), c, sizeof c),
	       money_format(json_integer_value(json_object_get(j, "expected_cash")), d, sizeof d));
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(j, "lines"), i, l)
	{
		bool fee = strcmp(json_string_value(json_object_get(l, "kind")), "fee") == 0;
		printf("  %-12s %-12s %s %-6lld %s %s đồng\n",
		       json_string_value(json_object_get(l, "kind")),
		       json_string_value(json_object_get(l, "via")), fee ? "hội" : "hộ",
		       (long long)json_integer_value(
			       json_object_get(l, fee ? "chapter_id" : "household_id")),
		       strcmp(json_string_value(json_object_get(l, "direction")), "in") == 0
			       ? "thu"
			       : "chi",
		       money_format(json_integer_value(json_object_get(l, "amount")), a, sizeof a));
	}
}

static int show(const struct cs_args *a, json_t *j, void (*text)(json_t *))
{
	if (a->json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
	} else {
		text(j);
	}
	json_decref(j);
	return CLI_OK;
}

static int run_open(struct td_ctx *ctx, const struct cs_args *a)
{
	struct csession_open_input in = {.off_day_reason = a->reason};
	struct td_error err = {0};
	if (point_date(ctx, a, &in.point_id, &in.on) != CLI_OK)
		return CLI_ERROR;
	if (a->opening && money_parse(a->opening, &in.opening_cash, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	int64_t id = 0;
	if (csession_open(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã mở phiên %lld.\n", (long long)id);
	return CLI_OK;
}

static int run_record(struct td_ctx *ctx, int64_t id, const struct cs_args *a)
{
	struct csession_line lines[MAX_LINE_ARGS];
	struct td_error err = {0};
	if (!ctx->idem_key) /* the one --key of every write (cli/keyed.h) */
		return cli_failf(a->cmd,
				 "--key is missing: a key per batch, so a retry books once");
	if (a->n_lines == 0)
		return cli_failf(a->cmd, "give the batch's lines with --line");
	for (size_t k = 0; k < a->n_lines; k++)
		if (line_parse(a, k, a->lines[k], &lines[k]) != CLI_OK)
			return CLI_ERROR;
	int64_t batch = 0;
	if (csession_record(ctx, id, lines, a->n_lines, &batch, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã ghi lô %lld.\n", (long long)batch);
	return CLI_OK;
}

static int run(const char *sub, struct td_ctx *ctx, const struct cs_args *a)
{
	struct td_error err = {0};
	int64_t id = 0;
	json_t *j = NULL;
	if (strcmp(sub, "open") == 0)
		return run_open(ctx, a);
	if (strcmp(sub, "show") == 0 && !a->pos) {
		td_date on = 0;
		int64_t point = 0;
		if (point_date(ctx, a, &point, &on) != CLI_OK)
			return CLI_ERROR;
		if (csession_find(ctx, point, on, &id, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
	} else if (id_of(a, a->pos, "session (phiên)", &id) != CLI_OK) {
		return CLI_ERROR;
	}
	if (strcmp(sub, "show") == 0)
		return csession_get(ctx, id, &j, &err) == TD_OK ? show(a, j, print_session)
								: cli_fail(a->cmd, &err);
	if (strcmp(sub, "list") == 0)
		return csession_groups(ctx, id, &j, &err) == TD_OK ? show(a, j, print_groups)
								   : cli_fail(a->cmd, &err);
	if (strcmp(sub, "record") == 0)
		return run_record(ctx, id, a);
	td_money counted = 0;
	if (!a->counted)
		return cli_failf(a->cmd, "--counted is missing: the cash counted at the desk");
	if (money_parse(a->counted, &counted, &err) != TD_OK ||
	    csession_close(ctx, id, counted, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã đóng phiên %lld.\n", (long long)id);
	return CLI_OK;
}

int cmd_csession(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	static const struct {
		const char *name, *used; /* the subcommand and its options (cli_options_only) */
	} subs[] = {{"open", "user point date reason opening-cash"},
		    {"show", "user point date json ARG"},
		    {"list", "user json ARG"},
		    {"record", "user line ARG"},
		    {"close", "user counted ARG"}};
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "commune-session %s", subs[i].name);
		struct cs_args a = {.cmd = cmd};
		struct td_store *s = NULL;
		struct td_actor actor;
		struct td_ctx ctx;
		if (parse(&a, argc - 1, argv + 1) != CLI_OK ||
		    cli_options_only(cmd, subs[i].used) != CLI_OK)
			return CLI_ERROR;
		if (a.pos && (a.point || a.date))
			return cli_failf(cmd,
					 "give the session's id or --point and --date, not both");
		if (cli_open_db(cmd, cli_db_url(a.db), &s) != CLI_OK)
			return CLI_ERROR;
		int rc = cli_ctx(cmd, s, a.user, &actor, &ctx) == CLI_OK
				 ? run(subs[i].name, &ctx, &a)
				 : CLI_ERROR;
		store_close(s);
		return rc;
	}
	return cli_failf("commune-session",
			 "không có lệnh con '%s'; dùng open, show, list, record, close", argv[1]);
}
