/* tindung application add|list|show|vote|confirm|check|decide|notice: loan applications
 * through approval and the 04/TD notice (bank/application.h, R-APP-1..4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/application.h"
#include "bank/org_util.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung application LỆNH [tùy chọn]\n"
	"  add      --household ID --programme MÃ --amount ĐỒNG --term THÁNG --purpose \"MỤC "
	"ĐÍCH\"\n"
	"           --plan \"PHƯƠNG ÁN\" --date NGÀY [--purpose-flags CỜ] [--study-months N]\n"
	"           [--contract-months N] [--contract-value ĐỒNG] [--jobs N] [--estimate ĐỒNG]\n"
	"           [--collateral-value ĐỒNG] [--ntp THẺ] [--resolution-11 yes|no]\n"
	"                                                             nộp đơn 01/TD\n"
	"  list     [--household ID] [--step BƯỚC] [--commune MÃ] [--limit N] [--offset N] "
	"[--json]\n"
	"  show ID  [--json]                                         hồ sơ và các bước\n"
	"  vote ID  --date NGÀY --minutes SỐ_10C --list SỐ_03 --org-rep TÊN --village-head TÊN\n"
	"           --present N --for N --against N [--abstain N]     tổ bình xét\n"
	"  confirm ID --date NGÀY_VĂN_BẢN --doc SỐ_VĂN_BẢN --signer TÊN --signer-title CHỨC_VỤ\n"
	"                                                             UBND xã xác nhận\n"
	"  check ID   --date NGÀY                                     PGD thẩm định (CB tín dụng)\n"
	"  decide ID  --date NGÀY (--approve | --reject --reason \"LÝ DO\")  giám đốc quyết định\n"
	"  notice   --commune MÃ --date NGÀY [--json]                 thông báo 04/TD\n"
	"Bước: applied, voted, confirmed, checked, approved, rejected. THẺ (chương trình MTQG):\n"
	"new_rural, poverty_reduction, ethnic_minority, none. Ngày: YYYY-MM-DD hoặc\n"
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
	{"jobs", required_argument, NULL, 'J'},
	{"estimate", required_argument, NULL, 'E'},
	{"collateral-value", required_argument, NULL, 'W'},
	{"ntp", required_argument, NULL, 'N'},
	{"resolution-11", required_argument, NULL, 'X'},
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
	{"present", required_argument, NULL, 'e'},
	{"abstain", required_argument, NULL, 'b'},
	{"doc", required_argument, NULL, 'k'},
	{"signer", required_argument, NULL, 'g'},
	{"signer-title", required_argument, NULL, 'T'},
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
	else if (date_parse_any(s, out, &e) != TD_OK)
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
	int64_t term = 0, study = 0, months = 0, jobs = 0;
	struct application_input in = {.programme = a->v['P'],
				       .purpose = a->v['p'],
				       .plan = a->v['l'],
				       .purpose_flags = a->v['f'],
				       .ntp_tag = a->v['N']};
	arg_num(a, 'H', "household", &in.household_id, &p);
	arg_num(a, 't', "term", &term, &p);
	arg_num(a, 's', "study-months", &study, &p);
	arg_num(a, 'c', "contract-months", &months, &p);
	arg_money(a, 'a', "amount", &in.amount, &p);
	arg_money(a, 'v', "contract-value", &in.contract_value, &p);
	arg_num(a, 'J', "jobs", &jobs, &p);
	arg_money(a, 'E', "estimate", &in.estimate_value, &p);
	arg_money(a, 'W', "collateral-value", &in.collateral_value, &p);
	arg_date(a, &in.applied_on, &p);
	const char *r11 = a->v['X'];
	if (r11 && strcmp(r11, "yes") != 0 && strcmp(r11, "no") != 0)
		problem_add(&p, TD_EINVAL, "--resolution-11 là yes hoặc no, không phải '%s'", r11);
	else if (r11)
		in.resolution_11 = strcmp(r11, "yes") == 0 ? APP_TAG_YES : APP_TAG_NO;
	in.jobs = jobs > 100000 ? 100001 : (int)jobs;
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

static const char *text(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

/* One step of the file (R-APP-2..4): its day, who recorded it, and what is said of it. */
static void print_step(json_t *step, const char *label, const char *day_key, const char *more)
{
	char d[HUMAN_MAX];
	if (!json_is_object(step))
		return;
	fputs("  ", stdout);
	cli_cell(stdout, label, 22);
	printf("%s  (%s)%s%s\n", human_date_of(step, day_key, d), text(step, "by"),
	       more ? "  " : "", more ? more : "");
}

/* The file in the words of the forms (01/TD, 10C/TD, 03/TD, 04/TD): people read this; the
 * same record is --json. */
static void print_application(json_t *j)
{
	char amount[HUMAN_MAX], d[HUMAN_MAX], rate[HUMAN_MAX], more[256];
	printf("Hồ sơ vay %lld (01/TD) — hộ %lld %s, CCCD %s, xã %s\n",
	       (long long)json_integer_value(json_object_get(j, "id")),
	       (long long)json_integer_value(json_object_get(j, "household_id")),
	       text(j, "head_name"), text(j, "cccd"), text(j, "commune_code"));
	printf("Chương trình %s %s, lãi suất %s %%/năm\n", text(j, "programme"),
	       text(j, "programme_name"),
	       human_rate(json_string_value(json_object_get(j, "rate_pct")), rate));
	printf("Số tiền %s đồng, thời hạn %lld tháng, nộp ngày %s, bước: %s\n",
	       human_money_of(j, "amount", amount),
	       (long long)json_integer_value(json_object_get(j, "term_months")),
	       human_date_of(j, "applied_on", d), text(j, "step"));
	printf("Mục đích: %s\nPhương án: %s\n", text(j, "purpose"), text(j, "plan"));
	json_t *v = json_object_get(j, "vote");
	snprintf(more, sizeof more, "biên bản %s, danh sách %s, %lld đồng ý / %lld không",
		 text(v, "minutes_no"), text(v, "list_no"),
		 (long long)json_integer_value(json_object_get(v, "votes_for")),
		 (long long)json_integer_value(json_object_get(v, "votes_against")));
	print_step(v, "Tổ bình xét (10C/TD):", "vote_on", more);
	json_t *c = json_object_get(j, "confirmation");
	snprintf(more, sizeof more, "phân loại %s", text(c, "status"));
	print_step(c, "UBND xã xác nhận:", "confirm_on", more);
	json_t *k = json_object_get(j, "check");
	print_step(k, "PGD thẩm định:", "check_on",
		   json_is_true(json_object_get(k, "late")) ? "chậm quá 3 ngày làm việc" : NULL);
	json_t *dc = json_object_get(j, "decision");
	print_step(dc, "Giám đốc quyết định:", "decision_on",
		   json_string_value(json_object_get(dc, "reason")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(json_object_get(j, "eligibility"), "reasons"), i, r)
		printf("  %s %s\n",
		       json_is_true(json_object_get(r, "blocking")) ? "Không đủ điều kiện:"
								    : "Lưu ý:",
		       text(r, "message"));
}

static int app_show(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	int64_t id = 0;
	json_t *j = NULL;
	if (pos_id(a, &id, &err) != TD_OK || application_get(ctx, id, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->v[OPT_JSON]) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		print_application(j);
	}
	json_decref(j);
	return CLI_OK;
}

static int app_vote(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0, yes = 0, no = 0, present = 0, abstain = 0;
	struct application_vote v = {.minutes_no = a->v['m'],
				     .list_no = a->v['i'],
				     .org_rep = a->v['o'],
				     .village_head = a->v['V']};
	arg_date(a, &v.on, &p);
	arg_num(a, 'e', "present", &present, &p);
	arg_num(a, 'y', "for", &yes, &p);
	arg_num(a, 'n', "against", &no, &p);
	arg_num(a, 'b', "abstain", &abstain, &p);
	if (!a->v['e'] || !a->v['y'] || !a->v['n'])
		problem_add(&p, TD_EINVAL,
			    "--present, --for and --against are required (biên bản 10C/TD)");
	v.members_present = present > 100000 ? 100000 : (int)present;
	v.votes_for = yes > 100000 ? 100000 : (int)yes;
	v.votes_against = no > 100000 ? 100000 : (int)no;
	v.votes_abstain = abstain > 100000 ? 100000 : (int)abstain;
	if (pos_id(a, &id, &err) != TD_OK || problems_finish(&p) != TD_OK ||
	    application_vote(ctx, id, &v, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Hồ sơ %lld: tổ đã bình xét (%d thành viên dự họp: %d đồng ý, %d không đồng ý, "
	       "%d không biểu quyết).\n",
	       (long long)id, v.members_present, v.votes_for, v.votes_against, v.votes_abstain);
	return CLI_OK;
}

static int app_confirm(struct td_ctx *ctx, struct app_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	struct application_confirmation c = {
		.doc_no = a->v['k'], .signatory = a->v['g'], .signatory_title = a->v['T']};
	arg_date(a, &c.on, &p);
	if (pos_id(a, &id, &err) != TD_OK || problems_finish(&p) != TD_OK ||
	    application_confirm(ctx, id, &c, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[TD_DATE_FMT_MAX];
	printf("Hồ sơ %lld: UBND xã đã xác nhận (văn bản số %s ngày %s, %s %s ký).\n",
	       (long long)id, c.doc_no, date_format_vn(c.on, d, sizeof d), c.signatory_title,
	       c.signatory);
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
	 "contract-months contract-value jobs estimate collateral-value ntp resolution-11"},
	{"list", app_list, 0, "user household step commune limit offset json"},
	{"show", app_show, 1, "user json ARG"},
	{"vote", app_vote, 1,
	 "user date minutes list org-rep village-head present for against abstain ARG"},
	{"confirm", app_confirm, 1, "user date doc signer signer-title ARG"},
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
			 "không có lệnh con '%s'; dùng add, list, show, vote, confirm, check, "
			 "decide, notice (xem tindung application --help)",
			 argv[1]);
}
