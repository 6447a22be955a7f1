/* tindung application add|list|show|vote|confirm|check|decide|notice: loan applications
 * through approval and the 04/TD notice (bank/application.h, R-APP-1..4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/application.h"
#include "bank/org_util.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung application LỆNH [tùy chọn]\n"
	"  add      --household ID --programme MÃ --amount ĐỒNG --term THÁNG --purpose \"MỤC "
	"ĐÍCH\"\n"
	"           --plan \"PHƯƠNG ÁN\" --date NGÀY [--purpose-flags CỜ] [--study-months N]\n"
	"           [--contract-months N] [--contract-value ĐỒNG]      nộp đơn 01/TD\n"
	"  list     [--household ID] [--step BƯỚC] [--commune MÃ] [--limit N] [--offset N] "
	"[--json]\n"
	"  show ID  [--json]\n"
	"  vote ID  --date NGÀY --minutes SỐ_10C --list SỐ_03 --org-rep TÊN --village-head TÊN\n"
	"           --for N --against N                               tổ bình xét\n"
	"  confirm ID --date NGÀY                                     UBND xã xác nhận\n"
	"  check ID   --date NGÀY                                     PGD thẩm định (CB tín dụng)\n"
	"  decide ID  --date NGÀY (--approve | --reject --reason \"LÝ DO\")  giám đốc quyết định\n"
	"  notice   --commune MÃ --date NGÀY [--json]                 thông báo 04/TD\n"
	"Bước: applied, voted, confirmed, checked, approved, rejected. Ngày: YYYY-MM-DD hoặc\n"
	"dd/mm/yyyy. Chung: [--db URL] [--user TÊN] (thực hiện với quyền của người dùng TÊN).\n";

/* Every option's value by its one-letter key. */
enum { OPT_JSON = 'j', OPT_APPROVE = 'A', OPT_REJECT = 'R' };
static const struct option long_opts[] = {
	{"db", required_argument, NULL, 'D'},
	{"user", required_argument, NULL, 'U'},
	{"json", no_argument, NULL, OPT_JSON},
	{"help", no_argument, NULL, 'h'},
	{"household", required_argument, NULL, 'H'},
	{"programme", required_argument, NULL, 'P'},
	{"amount", required_argument, NULL, 'a'},
	{"term", required_argument, NULL, 't'},
	{"purpose", required_argument, NULL, 'p'},
	{"plan", required_argument, NULL, 'l'},
	{"date", required_argument, NULL, 'd'},
	{"purpose-flags", required_argument, NULL, 'f'},
	{"study-months", required_argument, NULL, 's'},
	{"contract-months", required_argument, NULL, 'c'},
	{"contract-value", required_argument, NULL, 'v'},
	{"step", required_argument, NULL, 'S'},
	{"commune", required_argument, NULL, 'C'},
	{"limit", required_argument, NULL, 'L'},
	{"offset", required_argument, NULL, 'O'},
	{"minutes", required_argument, NULL, 'm'},
	{"list", required_argument, NULL, 'i'},
	{"org-rep", required_argument, NULL, 'o'},
	{"village-head", required_argument, NULL, 'V'},
	{"for", required_argument, NULL, 'y'},
	{"against", required_argument, NULL, 'n'},
	{"approve", no_argument, NULL, OPT_APPROVE},
	{"reject", no_argument, NULL, OPT_REJECT},
	{"reason", required_argument, NULL, 'r'},
	{NULL, 0, NULL, 0},
};

struct app_args {
	const char *cmd;
	const char *v[128];
	char **pos;
	int n_pos;
};

/* A whole number option; 0 when absent. */
static void arg_num(struct app_args *a, int key, const char *name, int64_t *out,
		    struct org_problems *p)
{
	*out = 0;
	if (!a->v[key])
		return;
	char *end = NULL;
	long long n = strtoll(a->v[key], &end, 10);
	if (end == a->v[key] || *end || n < 0)
		problem_add(p, TD_EINVAL, "--%s '%s' is not a whole number", name, a->v[key]);
	*out = n;
}

static void arg_money(struct app_args *a, int key, const char *name, td_money *out,
		      struct org_problems *p)
{
	struct td_error e = {0};
	*out = 0;
	if (a->v[key] && money_parse(a->v[key], out, &e) != TD_OK)
		problem_add(p, TD_EINVAL, "--%s: %s", name, e.msg);
}

static void arg_date(struct app_args *a, td_date *out, struct org_problems *p)
{
	struct td_error e = {0};
	*out = ORG_NO_DATE;
	const char *s = a->v['d'];
	if (!s)
		problem_add(p, TD_EINVAL, "--date is required");
	else if ((strchr(s, '/') ? date_parse_vn(s, out, &e) : date_parse_iso(s, out, &e)) != TD_OK)
		problem_add(p, TD_EINVAL, "--date: %s", e.msg);
}

static int pos_id(struct app_args *a, int64_t *id, struct td_error *err)
{
	char *end = NULL;
	if (a->n_pos < 1)
		return td_error_set(err, TD_EUSAGE, "give the application's id");
	*id = strtoll(a->pos[0], &end, 10);
	if (end == a->pos[0] || *end || *id <= 0)
		return td_error_set(err, TD_EUSAGE, "application id '%s' is not a number",
				    a->pos[0]);
	return TD_OK;
}

static int app_add(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t term = 0, study = 0, months = 0;
	struct application_input in = {.programme = a->v['P'],
				       .purpose = a->v['p'],
				       .plan = a->v['l'],
				       .purpose_flags = a->v['f']};
	arg_num(a, 'H', "household", &in.household_id, &p);
	arg_num(a, 't', "term", &term, &p);
	arg_num(a, 's', "study-months", &study, &p);
	arg_num(a, 'c', "contract-months", &months, &p);
	arg_money(a, 'a', "amount", &in.amount, &p);
	arg_money(a, 'v', "contract-value", &in.contract_value, &p);
	arg_date(a, &in.applied_on, &p);
	in.term_months = term > 10000 ? 10000 : (int)term;
	in.study_months = study > 10000 ? 10000 : (int)study;
	in.contract_months = months > 10000 ? 10000 : (int)months;
	int64_t id = 0;
	if (problems_finish(&p) != TD_OK || application_create(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã nhận hồ sơ vay số %lld (01/TD).\n", (long long)id);
	return CLI_OK;
}

static int app_list(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	struct application_filter f = {.step = a->v['S'], .commune = a->v['C']};
	arg_num(a, 'H', "household", &f.household_id, &p);
	arg_num(a, 'L', "limit", &f.limit, &p);
	arg_num(a, 'O', "offset", &f.offset, &p);
	json_t *j = NULL;
	if (problems_finish(&p) != TD_OK || application_list(ctx, &f, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->v[OPT_JSON]) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(j);
		return CLI_OK;
	}
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
	{
		char id[24], amount[32], d[TD_DATE_FMT_MAX], iso_d[TD_DATE_FMT_MAX];
		td_date day = 0;
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(it, "id")));
		money_format(json_integer_value(json_object_get(it, "amount")), amount,
			     sizeof amount);
		snprintf(iso_d, sizeof iso_d, "%s",
			 json_string_value(json_object_get(it, "applied_on")));
		date_parse_iso(iso_d, &day, NULL);
		cli_cell(stdout, id, 6);
		cli_cell(stdout, json_string_value(json_object_get(it, "programme")), 4);
		cli_cell(stdout, amount, 16);
		cli_cell(stdout, date_format_vn(day, d, sizeof d), 11);
		cli_cell(stdout, json_string_value(json_object_get(it, "step")), 10);
		puts(json_string_value(json_object_get(it, "head_name")));
	}
	printf("%lld hồ sơ.\n", (long long)json_integer_value(json_object_get(j, "total")));
	json_decref(j);
	return CLI_OK;
}

static int app_show(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	int64_t id = 0;
	json_t *j = NULL;
	if (pos_id(a, &id, &err) != TD_OK || application_get(ctx, id, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	/* One format for both: the record is nested (steps, reasons), so JSON reads best. */
	json_dumpf(j, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(j);
	return CLI_OK;
}

static int app_vote(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0, yes = 0, no = 0;
	struct application_vote v = {.minutes_no = a->v['m'],
				     .list_no = a->v['i'],
				     .org_rep = a->v['o'],
				     .village_head = a->v['V']};
	arg_date(a, &v.on, &p);
	arg_num(a, 'y', "for", &yes, &p);
	arg_num(a, 'n', "against", &no, &p);
	if (!a->v['y'] || !a->v['n'])
		problem_add(&p, TD_EINVAL, "--for and --against are required");
	v.votes_for = yes > 100000 ? 100000 : (int)yes;
	v.votes_against = no > 100000 ? 100000 : (int)no;
	if (pos_id(a, &id, &err) != TD_OK || problems_finish(&p) != TD_OK ||
	    application_vote(ctx, id, &v, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Hồ sơ %lld: tổ đã bình xét (%d đồng ý, %d không đồng ý).\n", (long long)id,
	       v.votes_for, v.votes_against);
	return CLI_OK;
}

static int app_confirm(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	td_date on;
	arg_date(a, &on, &p);
	if (pos_id(a, &id, &err) != TD_OK || problems_finish(&p) != TD_OK ||
	    application_confirm(ctx, id, on, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Hồ sơ %lld: UBND xã đã xác nhận.\n", (long long)id);
	return CLI_OK;
}

static int app_check(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	td_date on;
	bool late = false;
	arg_date(a, &on, &p);
	if (pos_id(a, &id, &err) != TD_OK || problems_finish(&p) != TD_OK ||
	    application_check(ctx, id, on, &late, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Hồ sơ %lld: PGD đã thẩm định%s.\n", (long long)id,
	       late ? " (chậm: quá 3 ngày làm việc sau khi xã xác nhận)" : "");
	return CLI_OK;
}

static int app_decide(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	td_date on;
	arg_date(a, &on, &p);
	bool approve = a->v[OPT_APPROVE] != NULL, reject = a->v[OPT_REJECT] != NULL;
	if (approve == reject)
		problem_add(&p, TD_EINVAL, "give exactly one of --approve and --reject");
	if (pos_id(a, &id, &err) != TD_OK || problems_finish(&p) != TD_OK ||
	    application_decide(ctx, id, on, approve, a->v['r'], &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Hồ sơ %lld: %s.\n", (long long)id, approve ? "đã phê duyệt" : "đã từ chối");
	return CLI_OK;
}

static void print_notice(json_t *j)
{
	char d[TD_DATE_FMT_MAX], total[32];
	td_date day = 0;
	date_parse_iso(json_string_value(json_object_get(j, "date")), &day, NULL);
	printf("THÔNG BÁO KẾT QUẢ PHÊ DUYỆT CHO VAY (04/TD)\n%s (%s), ngày %s\n",
	       json_string_value(json_object_get(j, "commune_name")),
	       json_string_value(json_object_get(j, "commune_code")),
	       date_format_vn(day, d, sizeof d));
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
	{
		char id[24], amount[32];
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(it, "id")));
		money_format(json_integer_value(json_object_get(it, "amount")), amount,
			     sizeof amount);
		const char *decision = json_string_value(json_object_get(it, "decision"));
		cli_cell(stdout, id, 6);
		cli_cell(stdout, json_string_value(json_object_get(it, "head_name")), 24);
		cli_cell(stdout, json_string_value(json_object_get(it, "programme")), 4);
		cli_cell(stdout, amount, 16);
		cli_cell(stdout, json_string_value(json_object_get(it, "rate_pct")), 6);
		cli_cell(stdout, strcmp(decision, "approved") == 0 ? "Duyệt" : "Từ chối", 8);
		const char *reason = json_string_value(json_object_get(it, "reason"));
		puts(reason ? reason : "");
	}
	money_format(json_integer_value(json_object_get(j, "approved_amount")), total,
		     sizeof total);
	printf("Duyệt %lld hồ sơ, %s đồng; từ chối %lld hồ sơ.\n",
	       (long long)json_integer_value(json_object_get(j, "approved")), total,
	       (long long)json_integer_value(json_object_get(j, "rejected")));
}

static int app_notice(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	td_date on;
	arg_date(a, &on, &p);
	if (!a->v['C'])
		problem_add(&p, TD_EINVAL, "--commune is required");
	json_t *j = NULL;
	if (problems_finish(&p) != TD_OK ||
	    application_notice(ctx, a->v['C'], on, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->v[OPT_JSON]) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		print_notice(j);
	}
	json_decref(j);
	return CLI_OK;
}

static const struct {
	const char *name;
	int (*run)(struct td_ctx *ctx, struct app_args *a);
	int positionals;
	const char *used; /* its options (cli_options_only) */
} subs[] = {
	{"add", app_add, 0,
	 "user household programme amount term purpose plan date purpose-flags study-months "
	 "contract-months contract-value"},
	{"list", app_list, 0, "user household step commune limit offset json"},
	{"show", app_show, 1, "user json ARG"},
	{"vote", app_vote, 1, "user date minutes list org-rep village-head for against ARG"},
	{"confirm", app_confirm, 1, "user date ARG"},
	{"check", app_check, 1, "user date ARG"},
	{"decide", app_decide, 1, "user date approve reject reason ARG"},
	{"notice", app_notice, 0, "user commune date json"},
};

static int run_sub(int i, int argc, char **argv)
{
	static const char flag_on[] = "1";
	struct app_args a = {0};
	char cmd[48];
	snprintf(cmd, sizeof cmd, "application %s", subs[i].name);
	a.cmd = cmd;
	int c;
	while ((c = cli_getopt(cmd, argc, argv, long_opts)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return CLI_OK;
		}
		if (c == '?' || c == ':' || c < 0 || c >= 128)
			return CLI_ERROR;
		a.v[c] = optarg ? optarg : flag_on;
	}
	a.pos = argv + optind;
	a.n_pos = argc - optind;
	if (cli_options_only(cmd, subs[i].used) != CLI_OK)
		return CLI_ERROR;
	if (a.n_pos > subs[i].positionals)
		return cli_failf(cmd, "unexpected argument '%s' (tham số thừa)",
				 a.pos[subs[i].positionals]);
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

int cmd_application(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return run_sub((int)i, argc - 1, argv + 1);
	return cli_failf("application",
			 "unknown subcommand '%s'; one of add, list, show, vote, confirm, check, "
			 "decide, notice (xem tindung application --help)",
			 argv[1]);
}
