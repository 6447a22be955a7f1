/* tindung savings open|deposit|withdraw|reverse|interest|show|list|rate: member savings
 * (bank/savings.h, R-SAV-1, R-GL-1; docs/savings.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/org_util.h"
#include "bank/savings.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/dbopen.h"
#include "cli/options.h"

static const char *help =
	"Cách dùng: tindung savings LỆNH [tùy chọn]\n"
	"  open     --household ID --group ID          mở sổ tiết kiệm (một sổ mỗi hộ)\n"
	"  deposit  ID --amount SỐ_TIỀN                 gửi (tối thiểu 5.000 đồng)\n"
	"  withdraw ID --amount SỐ_TIỀN                 rút\n"
	"  reverse  --txn GIAO_DỊCH --reason LÝ_DO               hủy một lần gửi hoặc rút\n"
	"  interest ID --from NGÀY --to NGÀY            trả lãi cho [from, to)\n"
	"  show ID  [--json]\n"
	"  list     [--group ID] [--json]\n"
	"  rate     --office CHI_NHÁNH [--set PHẦN_TRĂM --from NGÀY]   lãi suất tiền gửi\n"
	"Chung: [--db URL] [--user TÊN]. Ngày: YYYY-MM-DD hoặc dd/mm/yyyy.\n";

struct sav_args {
	const char *cmd, *db, *user, *household, *group, *amount, *from, *to, *office, *set;
	const char *txn, *reason, *pos;
	int json;
};

static int parse(struct sav_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'D'},
					     {"user", required_argument, NULL, 'u'},
					     {"household", required_argument, NULL, 'h'},
					     {"group", required_argument, NULL, 'g'},
					     {"amount", required_argument, NULL, 'a'},
					     {"from", required_argument, NULL, 'f'},
					     {"to", required_argument, NULL, 't'},
					     {"office", required_argument, NULL, 'o'},
					     {"set", required_argument, NULL, 's'},
					     {"json", no_argument, NULL, 'j'},
					     {"txn", required_argument, NULL, 'x'},
					     {"reason", required_argument, NULL, 'r'},
					     {0}};
	const char **slot[128] = {
		['D'] = &a->db,	    ['u'] = &a->user, ['h'] = &a->household, ['g'] = &a->group,
		['a'] = &a->amount, ['f'] = &a->from, ['t'] = &a->to,	     ['o'] = &a->office,
		['s'] = &a->set,    ['x'] = &a->txn,  ['r'] = &a->reason};
	int c;
	while ((c = cli_getopt(a->cmd, argc, argv, opts)) != -1) {
		if (c == 'j')
			a->json = 1;
		else if (c > 0 && c < 128 && slot[c])
			*slot[c] = optarg;
		else
			return CLI_ERROR;
	}
	if (optind < argc)
		a->pos = argv[optind++];
	return cli_no_positionals(a->cmd, argc, argv);
}

static int id_of(const struct sav_args *a, const char *v, const char *what, int64_t *out)
{
	char *end = NULL;
	long long n = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || n <= 0)
		return cli_failf(a->cmd, "give the id of the %s (a whole number)", what);
	*out = n;
	return CLI_OK;
}

static int date_of(const struct sav_args *a, const char *v, const char *opt, td_date *out)
{
	struct td_error err = {0};
	if (!v)
		return cli_failf(a->cmd, "%s is missing (YYYY-MM-DD)", opt);
	return date_parse_any(v, out, &err) == TD_OK ? CLI_OK : cli_fail(a->cmd, &err);
}

static int print(const struct sav_args *a, json_t *j)
{
	if (a->json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
	} else {
		json_t *items = json_object_get(j, "items");
		size_t i;
		json_t *o;
		char b[TD_MONEY_FMT_MAX];
		json_array_foreach(items ? items : j, i, o)
		{
			if (json_object_get(o, "rate")) {
				char r[16], h[HUMAN_MAX], d[HUMAN_MAX];
				rate_format_percent(json_integer_value(json_object_get(o, "rate")),
						    r, sizeof r);
				printf("%s từ %s: %s %%/năm\n",
				       json_string_value(json_object_get(o, "office_code")),
				       human_date_of(o, "effective_from", d), human_rate(r, h));
				continue;
			}
			printf("sổ %lld  hộ %lld %s  tổ %s  %s  số dư %s đồng\n",
			       (long long)json_integer_value(json_object_get(o, "id")),
			       (long long)json_integer_value(json_object_get(o, "household_id")),
			       json_string_value(json_object_get(o, "head_name")),
			       json_string_value(json_object_get(o, "group_code")),
			       json_string_value(json_object_get(o, "office_code")),
			       money_format(json_integer_value(json_object_get(o, "balance")), b,
					    sizeof b));
		}
		if (!items) {
			json_t *t;
			json_array_foreach(json_object_get(j, "txns"), i, t)
			{
				td_money amount = json_integer_value(json_object_get(t, "amount"));
				char d[HUMAN_MAX];
				printf("  %lld  %s  %-10s %s đồng",
				       (long long)json_integer_value(json_object_get(t, "id")),
				       human_date_of(t, "business_date", d),
				       json_string_value(json_object_get(t, "kind")),
				       money_format(amount, b, sizeof b));
				json_t *rev = json_object_get(t, "reverses_txn_id");
				json_t *by = json_object_get(t, "reversed_by");
				if (json_is_integer(rev))
					printf("  hủy giao dịch %lld: %s",
					       (long long)json_integer_value(rev),
					       json_string_value(json_object_get(t, "reason")));
				if (json_is_integer(by))
					printf("  [đã hủy bởi giao dịch %lld]",
					       (long long)json_integer_value(by));
				putchar('\n');
			}
		}
	}
	json_decref(j);
	return CLI_OK;
}

static int run(const char *sub, struct td_ctx *ctx, struct sav_args *a)
{
	struct td_error err = {0};
	int64_t id = 0, other = 0;
	json_t *j = NULL;
	td_money amount = 0;
	if (strcmp(sub, "open") == 0) {
		if (id_of(a, a->household, "household (--household)", &id) ||
		    id_of(a, a->group, "group (--group)", &other))
			return CLI_ERROR;
		int64_t acc = 0;
		if (savings_open(ctx, id, other, &acc, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
		printf("Đã mở sổ tiết kiệm %lld.\n", (long long)acc);
		return CLI_OK;
	}
	if (strcmp(sub, "list") == 0) {
		if (a->group && id_of(a, a->group, "group (--group)", &other))
			return CLI_ERROR;
		if (savings_list(ctx, other, 0, 0, &j, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
		return print(a, j);
	}
	if (strcmp(sub, "reverse") == 0) { /* R-SES-1, R-GL-1: the mirror of one movement */
		if (id_of(a, a->txn, "movement (--txn; tindung savings show)", &id))
			return CLI_ERROR;
		if (!a->reason)
			return cli_failf(a->cmd, "--reason is missing (lý do hủy)");
		if (savings_reverse(ctx, id, a->reason, &other, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
		printf("Đã hủy giao dịch %lld bằng giao dịch %lld (bút toán đảo).\n", (long long)id,
		       (long long)other);
		return CLI_OK;
	}
	if (strcmp(sub, "rate") == 0) {
		int64_t branch = 0;
		if (a->from && !a->set)
			return cli_failf(a->cmd,
					 "--from goes with --set (ngày lãi suất mới bắt đầu)");
		if (cli_office_id(a->cmd, ctx->store, a->office, &branch) != CLI_OK)
			return CLI_ERROR;
		if (a->set) {
			td_rate r = 0;
			td_date from = 0;
			if (rate_parse_percent(a->set, &r, &err) != TD_OK)
				return cli_fail(a->cmd, &err);
			if (date_of(a, a->from, "--from", &from) ||
			    savings_rate_set(ctx, branch, r, from, &err) != TD_OK)
				return err.code ? cli_fail(a->cmd, &err) : CLI_ERROR;
		}
		if (savings_rates(ctx, branch, &j, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
		return print(a, j);
	}
	if (id_of(a, a->pos, "savings account (tindung savings list)", &id))
		return CLI_ERROR;
	if (strcmp(sub, "show") == 0) {
		if (savings_get(ctx, id, &j, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
		return print(a, j);
	}
	if (strcmp(sub, "interest") == 0) {
		td_date from = 0, to = 0;
		if (date_of(a, a->from, "--from", &from) || date_of(a, a->to, "--to", &to))
			return CLI_ERROR;
		if (savings_post_interest(ctx, id, from, to, &amount, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
	} else {
		bool in = strcmp(sub, "deposit") == 0;
		if (!a->amount)
			return cli_failf(a->cmd, "--amount is missing (đồng)");
		if (money_parse(a->amount, &amount, &err) != TD_OK ||
		    (in ? savings_deposit : savings_withdraw)(ctx, id, amount, NULL, &err) != TD_OK)
			return cli_fail(a->cmd, &err);
	}
	char b[TD_MONEY_FMT_MAX];
	printf("Đã ghi %s %s đồng vào sổ %lld.\n", sub, money_format(amount, b, sizeof b),
	       (long long)id);
	return CLI_OK;
}

int cmd_savings(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	static const struct {
		const char *name, *used; /* the subcommand and its options (cli_options_only) */
	} subs[] = {{"open", "user household group"}, {"deposit", "user amount ARG"},
		    {"withdraw", "user amount ARG"},  {"reverse", "user txn reason"},
		    {"interest", "user from to ARG"}, {"show", "user json ARG"},
		    {"list", "user group json"},      {"rate", "user office set from json"}};
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "savings %s", subs[i].name);
		struct sav_args a = {.cmd = cmd};
		struct td_store *s = NULL;
		struct td_actor actor;
		struct td_ctx ctx;
		if (parse(&a, argc - 1, argv + 1) != CLI_OK ||
		    cli_options_only(cmd, subs[i].used) != CLI_OK ||
		    cli_open_db(cmd, cli_db_url(a.db), &s) != CLI_OK)
			return CLI_ERROR;
		int rc = cli_ctx(cmd, s, a.user, &actor, &ctx) == CLI_OK
				 ? run(subs[i].name, &ctx, &a)
				 : CLI_ERROR;
		store_close(s);
		return rc;
	}
	return cli_failf("savings",
			 "không có lệnh con '%s'; dùng open, deposit, withdraw, "
			 "reverse, interest, show, list, rate",
			 argv[1]);
}
