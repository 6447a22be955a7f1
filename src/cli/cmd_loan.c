/* tindung loan disburse|repay|reverse-repayment|show|list: loans (bank/loan.h, R-DIS-1,
 * R-INT-1, R-PAY-1, R-GL-1; docs/loans.md). Disbursing and repaying need a teller or a
 * director (ACT_LOAN_DISBURSE, ACT_LOAN_REPAY), reversing a repayment a director
 * (ACT_LOAN_RESTRUCTURE): the built-in administrator may not, so those take --user. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/loan.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/human.h"
#include "cli/loan_event_cmd.h"
#include "cli/options.h"

static const char *help =
	"Cách dùng: tindung loan LỆNH [tùy chọn]\n"
	"  disburse --application ID --source ID --amount SỐ_TIỀN --date NGÀY [--every THÁNG]\n"
	"           --user TÊN      giải ngân hồ sơ đã duyệt (kỳ trả gốc mặc định 12 tháng)\n"
	"  repay    --loan ID --amount SỐ_TIỀN --date NGÀY [--instalment N] --user TÊN   thu nợ\n"
	"           [--from-savings SỔ]   trả từ sổ tiết kiệm của chính hộ vay (R-SAV-1)\n"
	"  reverse-repayment --repayment ID --reason LÝ_DO --user TÊN\n"
	"           hủy lần trả nợ gần nhất (bút toán đảo, giám đốc; khoản vay về như trước)\n"
	"  show ID  [--json]        lịch trả nợ, dư nợ, lãi phải trả\n"
	"  list     [--inactive] [--json]   --inactive: chỉ khoản vay không hoạt động 3 tháng\n"
	"           (lãi chưa trả vượt 3 tháng lãi, R-INACT-1)\n"
	"Giải ngân và thu nợ cần thủ quỹ hoặc giám đốc (--user); quản trị viên không làm được.\n"
	"Số tiền: 1.000.000 hoặc 1000000 (đồng). Ngày: YYYY-MM-DD hoặc dd/mm/yyyy. Chung: [--db "
	"URL].\n"
	"Xem thêm: tindung worklist (việc của cán bộ tín dụng).\n";

struct loan_args {
	const char *cmd, *db, *user, *application, *source, *loan, *amount, *date, *every;
	const char *instalment, *savings, *repayment, *reason, *pos;
	int json, inactive;
};

static int parse(struct loan_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'D'},
					     {"user", required_argument, NULL, 'u'},
					     {"application", required_argument, NULL, 'a'},
					     {"source", required_argument, NULL, 's'},
					     {"loan", required_argument, NULL, 'l'},
					     {"amount", required_argument, NULL, 'm'},
					     {"date", required_argument, NULL, 'd'},
					     {"every", required_argument, NULL, 'e'},
					     {"instalment", required_argument, NULL, 'i'},
					     {"from-savings", required_argument, NULL, 'S'},
					     {"repayment", required_argument, NULL, 'r'},
					     {"reason", required_argument, NULL, 'R'},
					     {"json", no_argument, NULL, 'j'},
					     {"inactive", no_argument, NULL, 'I'},
					     {0}};
	const char **slot[128] = {
		['D'] = &a->db,	     ['u'] = &a->user,	    ['a'] = &a->application,
		['s'] = &a->source,  ['l'] = &a->loan,	    ['m'] = &a->amount,
		['d'] = &a->date,    ['e'] = &a->every,	    ['i'] = &a->instalment,
		['S'] = &a->savings, ['r'] = &a->repayment, ['R'] = &a->reason};
	int c;
	while ((c = cli_getopt(a->cmd, argc, argv, opts)) != -1) {
		if (c == 'j')
			a->json = 1;
		else if (c == 'I')
			a->inactive = 1;
		else if (c > 0 && c < 128 && slot[c])
			*slot[c] = optarg;
		else
			return CLI_ERROR;
	}
	if (optind < argc)
		a->pos = argv[optind++];
	return cli_no_positionals(a->cmd, argc, argv);
}

static int id_of(const struct loan_args *a, const char *v, const char *what, int64_t *out)
{
	char *end = NULL;
	long long n = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || n <= 0)
		return cli_failf(a->cmd, "give the id of the %s (a whole number)", what);
	*out = n;
	return CLI_OK;
}

/* --amount and --date, which both writes need. */
static int money_and_date(const struct loan_args *a, td_money *amount, td_date *on)
{
	struct td_error err = {0};
	if (!a->amount)
		return cli_failf(a->cmd, "--amount is missing (số tiền, đồng)");
	if (!a->date)
		return cli_failf(a->cmd, "thiếu --date (YYYY-MM-DD hoặc dd/mm/yyyy)");
	if (money_parse(a->amount, amount, &err) != TD_OK || date_parse_any(a->date, on, &err))
		return cli_fail(a->cmd, &err);
	return CLI_OK;
}

static int disburse(struct td_ctx *ctx, struct loan_args *a)
{
	struct loan_disburse_input in = {0};
	long every = 0;
	if (id_of(a, a->application, "application (--application)", &in.application_id) ||
	    id_of(a, a->source, "capital source (--source)", &in.source_id) ||
	    money_and_date(a, &in.amount, &in.on) ||
	    (a->every &&
	     cli_parse_int(a->cmd, "--every", a->every, 1, LOAN_INTERVAL_DEFAULT, &every)))
		return CLI_ERROR;
	in.interval_months = (int)every;
	struct td_error err = {0};
	int64_t id = 0;
	if (loan_disburse(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char b[TD_MONEY_FMT_MAX];
	printf("Đã giải ngân khoản vay %lld: %s đồng (hồ sơ %lld).\n", (long long)id,
	       money_format(in.amount, b, sizeof b), (long long)in.application_id);
	return CLI_OK;
}

static int repay(struct td_ctx *ctx, struct loan_args *a)
{
	struct loan_repay_input in = {0};
	long inst = 0;
	if (id_of(a, a->loan, "loan (--loan)", &in.loan_id) ||
	    money_and_date(a, &in.amount, &in.on) ||
	    (a->instalment &&
	     cli_parse_int(a->cmd, "--instalment", a->instalment, 1, LOAN_SCHEDULE_MAX, &inst)) ||
	    (a->savings &&
	     id_of(a, a->savings, "savings account (--from-savings)", &in.from_savings)))
		return CLI_ERROR;
	in.instalment = (int)inst;
	struct td_error err = {0};
	struct payment_allocation al = {0};
	int64_t rep = 0;
	if (loan_repay(ctx, &in, &al, &rep, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char b[6][TD_MONEY_FMT_MAX];
	printf("Đã thu %s đồng (lần trả %lld): lãi quá hạn %s, lãi trong hạn %s, gốc quá hạn %s, "
	       "gốc đến hạn %s, trả trước %s đồng.\n",
	       money_format(in.amount, b[0], TD_MONEY_FMT_MAX), (long long)rep,
	       money_format(al.overdue_interest, b[1], TD_MONEY_FMT_MAX),
	       money_format(al.in_term_interest, b[2], TD_MONEY_FMT_MAX),
	       money_format(al.overdue_principal, b[3], TD_MONEY_FMT_MAX),
	       money_format(al.due_principal, b[4], TD_MONEY_FMT_MAX),
	       money_format(al.prepaid_principal, b[5], TD_MONEY_FMT_MAX));
	if (in.from_savings)
		printf("Tiền trả lấy từ sổ tiết kiệm %lld của hộ vay, không thu tiền mặt.\n",
		       (long long)in.from_savings);
	return CLI_OK;
}

/* R-SES-1, R-GL-1: the mirror entry and the loan as before the repayment. */
static int reverse_repayment(struct td_ctx *ctx, struct loan_args *a)
{
	int64_t rep = 0, id = 0;
	if (id_of(a, a->repayment, "repayment (--repayment; tindung loan show)", &rep))
		return CLI_ERROR;
	if (!a->reason)
		return cli_failf(a->cmd, "--reason is missing (lý do hủy)");
	struct td_error err = {0};
	if (loan_repay_reverse(ctx, rep, a->reason, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã hủy lần trả nợ %lld (lần hủy %lld): bút toán đảo đã ghi, khoản vay trở về như "
	       "trước lần trả.\n",
	       (long long)rep, (long long)id);
	return CLI_OK;
}

static const char *text(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

/* The Vietnamese word of a stored status (loan or instalment), or the code itself. */
static const char *status_vi(const char *code)
{
	static const char *const words[][2] = {
		{"in_term", "trong hạn"},     {"overdue", "quá hạn"},
		{"frozen", "khoanh nợ"},      {"closed", "đã tất toán"},
		{"written_off", "đã xóa nợ"}, {"pending", "chưa đến hạn"},
		{"due", "đến hạn"},	      {"paid", "đã trả"},
		{"rolled", "đã chuyển kỳ"}};
	for (size_t i = 0; code && i < sizeof words / sizeof *words; i++)
		if (strcmp(code, words[i][0]) == 0)
			return words[i][1];
	return code ? code : "-";
}

/* Frozen and written-off debt, apart from the rest (R-RISK-1), when there is some. */
static void print_risk(json_t *j)
{
	char b[4][HUMAN_MAX];
	int64_t fp = json_integer_value(json_object_get(j, "frozen_principal")),
		fi = json_integer_value(json_object_get(j, "frozen_interest")),
		wp = json_integer_value(json_object_get(j, "written_off_principal")),
		wi = json_integer_value(json_object_get(j, "written_off_interest"));
	if (fp || fi)
		printf("Nợ khoanh: gốc %s đồng, lãi %s đồng (không tính lãi, không đến hạn)\n",
		       human_money_of(j, "frozen_principal", b[0]),
		       human_money_of(j, "frozen_interest", b[1]));
	if (wp || wi)
		printf("Đã xóa nợ: gốc %s đồng, lãi %s đồng\n",
		       human_money_of(j, "written_off_principal", b[2]),
		       human_money_of(j, "written_off_interest", b[3]));
}

static bool inactive(json_t *o)
{
	return json_is_true(json_object_get(o, "inactive"));
}

#define INACTIVE_MARK "[không hoạt động 3 tháng]"

static void print_loan(json_t *j)
{
	char b[4][HUMAN_MAX], d[3][HUMAN_MAX], r[HUMAN_MAX];
	json_t *owed = json_object_get(j, "interest_owed");
	printf("Khoản vay %lld (hồ sơ %lld), hộ %lld %s, chương trình %s, nguồn vốn %s\n",
	       (long long)json_integer_value(json_object_get(j, "id")),
	       (long long)json_integer_value(json_object_get(j, "application_id")),
	       (long long)json_integer_value(json_object_get(j, "household_id")),
	       text(j, "head_name"), text(j, "programme"), text(j, "source_code"));
	printf("Giải ngân %s: %s đồng, lãi suất %s %%/năm, đáo hạn %s, trạng thái %s\n",
	       human_date_of(j, "disbursed_on", d[0]), human_money_of(j, "amount", b[0]),
	       human_rate(json_string_value(json_object_get(j, "rate_pct")), r),
	       human_date_of(j, "maturity", d[1]),
	       status_vi(json_string_value(json_object_get(j, "status"))));
	printf("Dư nợ %s đồng; lãi phải trả đến %s: %s đồng; tổng phải trả %s đồng\n",
	       human_money_of(j, "balance", b[1]), human_date_of(j, "as_of", d[2]),
	       human_money_of(owed, "total", b[2]), human_money_of(j, "owed", b[3]));
	print_risk(j);
	if (inactive(j))
		puts("Cờ: " INACTIVE_MARK " lãi chưa trả vượt 3 tháng lãi (R-INACT-1), cán bộ tín "
		     "dụng cần đôn đốc");
	size_t i;
	json_t *o;
	puts("Lịch trả nợ gốc:");
	json_array_foreach(json_object_get(j, "instalments"), i, o)
	{
		printf("  kỳ %lld  %s  %s đồng, đã trả %s  %s",
		       (long long)json_integer_value(json_object_get(o, "position")),
		       human_date_of(o, "due_on", d[0]), human_money_of(o, "principal", b[0]),
		       human_money_of(o, "paid_principal", b[1]),
		       status_vi(json_string_value(json_object_get(o, "status"))));
		if (json_integer_value(json_object_get(o, "frozen")) > 0)
			printf(", khoanh %s", human_money_of(o, "frozen", b[2]));
		putchar('\n');
	}
	json_array_foreach(json_object_get(j, "repayments"), i, o) printf(
		"  lần trả %lld  %s  %s đồng (lãi %s, gốc %s)%s\n",
		(long long)json_integer_value(json_object_get(o, "id")),
		human_date_of(o, "paid_on", d[0]), human_money_of(o, "amount", b[0]),
		money_format(json_integer_value(json_object_get(o, "overdue_interest")) +
				     json_integer_value(json_object_get(o, "in_term_interest")),
			     b[1], HUMAN_MAX),
		money_format(json_integer_value(json_object_get(o, "overdue_principal")) +
				     json_integer_value(json_object_get(o, "due_principal")) +
				     json_integer_value(json_object_get(o, "prepaid_principal")),
			     b[2], HUMAN_MAX),
		json_is_object(json_object_get(o, "reversed_by")) ? "  [đã hủy]" : "");
}

static void print_list(json_t *j)
{
	size_t i;
	json_t *o;
	char b[2][HUMAN_MAX], d[2][HUMAN_MAX], n[2][HUMAN_MAX];
	json_array_foreach(json_object_get(j, "items"), i, o)
		printf("%lld  hộ %lld %s  CT %s  %s đồng, dư nợ %s  %s..%s  %s%s%s\n",
		       (long long)json_integer_value(json_object_get(o, "id")),
		       (long long)json_integer_value(json_object_get(o, "household_id")),
		       text(o, "head_name"), text(o, "programme"),
		       human_money_of(o, "amount", b[0]), human_money_of(o, "balance", b[1]),
		       human_date_of(o, "disbursed_on", d[0]), human_date_of(o, "maturity", d[1]),
		       status_vi(json_string_value(json_object_get(o, "status"))),
		       inactive(o) ? "  " : "", inactive(o) ? INACTIVE_MARK : "");
	printf("%s / %s khoản vay\n",
	       human_count(json_array_size(json_object_get(j, "items")), n[0]),
	       human_count(json_integer_value(json_object_get(j, "total")), n[1]));
}

static int print(const struct loan_args *a, json_t *j)
{
	if (a->json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
	} else if (json_object_get(j, "items")) {
		print_list(j);
	} else {
		print_loan(j);
	}
	json_decref(j);
	return CLI_OK;
}

static int show(struct td_ctx *ctx, struct loan_args *a)
{
	int64_t id = 0;
	json_t *j = NULL;
	struct td_error err = {0};
	if (id_of(a, a->pos, "loan (tindung loan list)", &id))
		return CLI_ERROR;
	if (loan_get(ctx, id, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	return print(a, j);
}

static int list(struct td_ctx *ctx, struct loan_args *a)
{
	struct loan_filter f = {.inactive_only = a->inactive};
	json_t *j = NULL;
	struct td_error err = {0};
	if (a->pos)
		return cli_failf(a->cmd, "unexpected argument '%s'", a->pos);
	if (loan_list(ctx, &f, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	return print(a, j);
}

int cmd_loan(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(help, argc < 2 ? stderr : stdout);
		fputs(loan_event_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	if (loan_event_is_sub(argv[1]))
		return loan_event_cmd(argc, argv);
	static const struct {
		const char *name;
		int (*run)(struct td_ctx *, struct loan_args *);
		const char *used; /* its options (cli_options_only) */
	} subs[] = {{"disburse", disburse, "user application source amount date every"},
		    {"repay", repay, "user loan amount date instalment from-savings"},
		    {"reverse-repayment", reverse_repayment, "user repayment reason"},
		    {"show", show, "user json ARG"},
		    {"list", list, "user json inactive"}};
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "loan %s", subs[i].name);
		struct loan_args a = {.cmd = cmd};
		if (parse(&a, argc - 1, argv + 1) != CLI_OK ||
		    cli_options_only(cmd, subs[i].used) != CLI_OK)
			return CLI_ERROR;
		struct td_store *s = NULL;
		if (cli_open_db(cmd, cli_db_url(a.db), &s) != CLI_OK)
			return CLI_ERROR;
		struct td_actor actor;
		struct td_ctx ctx;
		int rc = cli_ctx(cmd, s, a.user, &actor, &ctx) == CLI_OK ? subs[i].run(&ctx, &a)
									 : CLI_ERROR;
		store_close(s);
		return rc;
	}
	return cli_failf("loan",
			 "không có lệnh con '%s'; dùng disburse, repay, "
			 "reverse-repayment, show, list, extend, rollover, reschedule, freeze, "
			 "unfreeze, write-off, events, assess, assessments",
			 argv[1]);
}
