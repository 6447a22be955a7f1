/* tindung programme list|show|rate|terms|tag: lending programmes as the database holds
 * them, their rate history, dated terms and reporting tags (bank/programme_db.h, R-PRG-1,
 * R-PRG-2, R-RATE-1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/programme_db.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/org_args.h"
#include "cli/programme_terms_args.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung programme LỆNH [tùy chọn]\n"
	"  list          [--date NGÀY] [--json]          các chương trình cho vay\n"
	"  show MÃ       [--date NGÀY] [--json]          một chương trình: điều kiện cho vay có\n"
	"                hiệu lực ngày NGÀY (mặc định ngày làm việc), lịch sử lãi suất\n"
	"  rate MÃ       --from NGÀY --rate PHẦN_TRĂM [--outstanding-from NGÀY]\n"
	"                [--reduced PHẦN_TRĂM --reduced-for \"CỜ,CỜ;CỜ\"] [--source CĂN_CỨ]\n"
	"                lãi suất mới từ một ngày\n"
	"  terms MÃ      --from NGÀY --source CĂN_CỨ [--max-term THÁNG] [--grace THÁNG]\n"
	"                [--collateral-above SỐ_TIỀN|none] [--channel entrusted|direct]\n"
	"                [--roll-forward yes|no] [--overdue-pct N] [--statuses poor,...]\n"
	"                [--flags-all CỜ,...] [--flags-any CỜ,...]\n"
	"                [--cap \"PHẠM_VI LOẠI [SỐ_TIỀN] [PCT%] [CỜ,...]\"]...\n"
	"                điều kiện cho vay mới từ một ngày; phần không nêu giữ như cũ; --cap\n"
	"                (lặp lại) thay toàn bộ hạn mức: \"borrower fixed 100.000.000\",\n"
	"                \"loan per_job 100.000.000 business\", \"loan estimate_pct 70%\n"
	"                purpose_build\" (docs/parameters.md)\n"
	"  tag MÃ        [--ntp new_rural|poverty_reduction|ethnic_minority|none]\n"
	"                [--resolution-11 yes|no]                   gắn nhãn báo cáo\n"
	"Sửa chương trình: chỉ quản trị viên hội sở chính. Ngày: YYYY-MM-DD hoặc dd/mm/yyyy.\n"
	"Chung: [--db URL] [--user TÊN] (thực hiện với quyền của người dùng TÊN).\n";

static const struct option long_opts[] = {
	{"db", required_argument, NULL, 'D'},
	{"user", required_argument, NULL, 'U'},
	{"json", no_argument, NULL, 'j'},
	{"help", no_argument, NULL, 'h'},
	{"from", required_argument, NULL, 'f'},
	{"rate", required_argument, NULL, 'r'},
	{"outstanding-from", required_argument, NULL, 'o'},
	{"reduced", required_argument, NULL, 'R'},
	{"reduced-for", required_argument, NULL, 'F'},
	{"ntp", required_argument, NULL, 'n'},
	{"resolution-11", required_argument, NULL, 'e'},
	{"date", required_argument, NULL, 'd'},
	{"source", required_argument, NULL, 's'},
	{"max-term", required_argument, NULL, 'm'},
	{"grace", required_argument, NULL, 'g'},
	{"collateral-above", required_argument, NULL, 'c'},
	{"channel", required_argument, NULL, 'k'},
	{"roll-forward", required_argument, NULL, 'w'},
	{"overdue-pct", required_argument, NULL, 'p'},
	{"statuses", required_argument, NULL, 'S'},
	{"flags-all", required_argument, NULL, 'A'},
	{"flags-any", required_argument, NULL, 'Y'},
	{"cap", required_argument, NULL, 'C'},
	{NULL, 0, NULL, 0},
};

struct prg_args {
	const char *cmd;
	const char *v[128];
	const char *code;			     /* the positional code, or NULL */
	const char *caps[PROGRAMME_DB_CAPS_MAX + 1]; /* --cap, repeated */
	int ncaps;
};

static int parse_day(const char *opt, const char *s, td_date *out, struct td_error *err)
{
	int rc = date_parse_any(s, out, err);
	return rc == TD_OK ? rc : td_error_prefix(err, "--%s: ", opt);
}

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(j);
}

/* The day of --date, else the business date. */
static int day_of(const struct td_ctx *ctx, const struct prg_args *a, td_date *out,
		  struct td_error *err)
{
	*out = ctx->business_date;
	return a->v['d'] ? parse_day("date", a->v['d'], out, err) : TD_OK;
}

static void print_row(json_t *p)
{
	char rate[HUMAN_MAX];
	cli_cell(stdout, json_string_value(json_object_get(p, "code")), 4);
	cli_cell(stdout, human_rate(json_string_value(json_object_get(p, "rate_today")), rate), 6);
	cli_cell(stdout, json_string_value(json_object_get(p, "channel")), 10);
	cli_cell(stdout, json_string_value(json_object_get(p, "ntp_tag")), 18);
	cli_cell(stdout, json_is_true(json_object_get(p, "resolution_11")) ? "NQ11" : "", 5);
	puts(json_string_value(json_object_get(p, "name_vi")));
}

static int prg_list(struct td_ctx *ctx, struct prg_args *a)
{
	struct td_error err = {0};
	json_t *j = NULL;
	td_date day;
	if (day_of(ctx, a, &day, &err) != TD_OK || programme_db_list(ctx, day, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->v['j']) {
		print_json(j);
		return CLI_OK;
	}
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "items"), i, p) print_row(p);
	json_decref(j);
	return CLI_OK;
}

static int prg_show(struct td_ctx *ctx, struct prg_args *a)
{
	struct td_error err = {0};
	json_t *j = NULL;
	td_date day;
	if (day_of(ctx, a, &day, &err) != TD_OK ||
	    programme_db_get(ctx, a->code, day, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->v['j']) {
		print_json(j);
		return CLI_OK;
	}
	print_row(j);
	prg_print_terms(stdout, j);
	size_t i;
	json_t *r;
	puts("Lãi suất:");
	json_array_foreach(json_object_get(j, "rates"), i, r)
	{
		const char *out = json_string_value(json_object_get(r, "outstanding_from"));
		char from[HUMAN_MAX], pct[HUMAN_MAX], old[HUMAN_MAX];
		printf("  từ %s: %s %%/năm%s%s\n", human_date_of(r, "effective_from", from),
		       human_rate(json_string_value(json_object_get(r, "rate_pct")), pct),
		       out ? ", áp dụng cả dư nợ cũ từ " : "", out ? human_date(out, old) : "");
	}
	json_decref(j);
	return CLI_OK;
}

static int prg_rate(struct td_ctx *ctx, struct prg_args *a)
{
	struct td_error err = {0};
	struct programme_rate_input in = {
		.outstanding_from = PRG_DATE_NEVER, .reduced_for = a->v['F'], .source = a->v['s']};
	int rc = TD_OK;
	if (!a->v['f'] || !a->v['r'])
		rc = td_error_set(&err, TD_EUSAGE, "--from and --rate are required");
	else if (a->v['F'] && !a->v['R'])
		rc = td_error_set(&err, TD_EUSAGE,
				  "--reduced-for needs --reduced, the rate of those households");
	if (rc == TD_OK)
		rc = parse_day("from", a->v['f'], &in.effective_from, &err);
	if (rc == TD_OK && a->v['o'])
		rc = parse_day("outstanding-from", a->v['o'], &in.outstanding_from, &err);
	if (rc == TD_OK)
		rc = rate_parse_percent(a->v['r'], &in.rate, &err);
	if (rc == TD_OK && a->v['R'])
		rc = rate_parse_percent(a->v['R'], &in.reduced_rate, &err);
	if (rc == TD_OK)
		rc = programme_db_add_rate(ctx, a->code, &in, &err);
	if (rc != TD_OK)
		return cli_fail(a->cmd, &err);
	char pct[32], d[TD_DATE_FMT_MAX];
	printf("Chương trình %s: lãi suất %s %%/năm từ %s.\n", a->code,
	       rate_format_percent(in.rate, pct, sizeof pct),
	       date_format_vn(in.effective_from, d, sizeof d));
	return CLI_OK;
}

static int prg_terms(struct td_ctx *ctx, struct prg_args *a)
{
	struct td_error err = {0};
	struct prg_cap caps[PROGRAMME_DB_CAPS_MAX];
	struct programme_terms_input in;
	int rc = prg_terms_parse(a->v, a->caps, a->ncaps, caps, &in, &err);
	if (rc == TD_OK)
		rc = programme_db_add_terms(ctx, a->code, &in, &err);
	if (rc != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[TD_DATE_FMT_MAX];
	printf("Chương trình %s: điều kiện cho vay mới từ %s.\n", a->code,
	       date_format_vn(in.effective_from, d, sizeof d));
	return CLI_OK;
}

static int prg_tag(struct td_ctx *ctx, struct prg_args *a)
{
	struct td_error err = {0};
	int r11 = -1;
	const char *e = a->v['e'];
	if (e && (strcmp(e, "yes") == 0 || strcmp(e, "1") == 0))
		r11 = 1;
	else if (e && (strcmp(e, "no") == 0 || strcmp(e, "0") == 0))
		r11 = 0;
	else if (e)
		return cli_failf(a->cmd, "--resolution-11 is yes or no, not '%s'", e);
	if (programme_db_set_tags(ctx, a->code, a->v['n'], r11, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Chương trình %s: đã cập nhật nhãn.\n", a->code);
	return CLI_OK;
}

static const struct {
	const char *name;
	int (*run)(struct td_ctx *ctx, struct prg_args *a);
	int needs_code;
	const char *used; /* its options (cli_options_only) */
} subs[] = {
	{"list", prg_list, 0, "user json date"},
	{"show", prg_show, 1, "user json date ARG"},
	{"rate", prg_rate, 1, "user from rate outstanding-from reduced reduced-for source ARG"},
	{"terms", prg_terms, 1,
	 "user from source max-term grace collateral-above channel roll-forward overdue-pct "
	 "statuses flags-all flags-any cap ARG"},
	{"tag", prg_tag, 1, "user ntp resolution-11 ARG"},
};

static int run_sub(int i, int argc, char **argv)
{
	static const char flag_on[] = "1";
	struct prg_args a = {0};
	char cmd[48];
	snprintf(cmd, sizeof cmd, "programme %s", subs[i].name);
	a.cmd = cmd;
	int c;
	while ((c = cli_getopt(cmd, argc, argv, long_opts)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return CLI_OK;
		}
		if (c == '?' || c == ':' || c < 0 || c >= 128)
			return CLI_ERROR;
		if (c == 'C' && a.ncaps == PROGRAMME_DB_CAPS_MAX)
			return cli_failf(cmd, "tối đa %d --cap", PROGRAMME_DB_CAPS_MAX);
		if (c == 'C')
			a.caps[a.ncaps++] = optarg;
		a.v[c] = optarg ? optarg : flag_on;
	}
	int n_pos = argc - optind;
	if (cli_options_only(cmd, subs[i].used) != CLI_OK)
		return CLI_ERROR;
	if (n_pos != subs[i].needs_code)
		return cli_failf(cmd,
				 subs[i].needs_code ? "give one programme code (mã chương trình)"
						    : "unexpected argument '%s' (tham số thừa)",
				 argv[optind]);
	a.code = subs[i].needs_code ? argv[optind] : NULL;
	struct td_store *s = NULL;
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_open_db(cmd, cli_db_url(a.v['D']), &s) != CLI_OK)
		return CLI_ERROR;
	int rc = cli_ctx(cmd, s, a.v['U'], &actor, &ctx);
	if (rc == CLI_OK)
		rc = subs[i].run(&ctx, &a);
	store_close(s);
	return rc;
}

int cmd_programme(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return run_sub((int)i, argc - 1, argv + 1);
	return cli_failf("programme",
			 "không có lệnh con '%s'; dùng list, show, rate, terms, tag (xem tindung "
			 "programme --help)",
			 argv[1]);
}
