/* tindung village add|list|splits|decide|accept-defaults: villages (thôn/ấp) under a
 * commune, the geography households and groups belong to (R-ORG-1, R-ORG-2), and the
 * villages of communes split by the 2025 merger with the commune's decision for each
 * (bank/merger.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/merger.h"
#include "cli/cli.h"
#include "cli/net_args.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung village LỆNH [tùy chọn]\n"
	"  add   --commune MÃ_XÃ --name \"TÊN THÔN\" [--date NGÀY]\n"
	"  list  [--commune MÃ_XÃ] [--date NGÀY] [--limit N] [--offset N] [--json]\n"
	"        thôn của xã vào ngày đó (sau sáp nhập 2025: thôn của xã mới)\n"
	"  splits [--commune MÃ_XÃ_CŨ] [--all] [--limit N] [--offset N] [--json]\n"
	"        thôn của xã bị chia khi sáp nhập đang chờ quyết định (--all: cả đã quyết định)\n"
	"  decide ID [--commune MÃ_XÃ_MỚI]   thôn ID về xã mới này (vắng: theo đề xuất)\n"
	"  accept-defaults [--commune MÃ_XÃ_CŨ]   nhận đề xuất cho mọi thôn đang chờ\n"
	"Chung: [--db URL] [--user TÊN]. NGÀY: YYYY-MM-DD (mặc định: ngày làm việc).\n";

struct village_opts {
	const char *db, *user, *date, *commune, *name;
	long limit, offset, id;
	bool json, all;
};

/* with_id: the subcommand takes the village's id first (decide). */
static int parse(const char *cmd, int argc, char **argv, bool with_id, struct village_opts *o)
{
	enum { O_DB = 1000, O_USER, O_DATE, O_COMMUNE, O_NAME, O_LIMIT, O_OFFSET, O_JSON, O_ALL };
	static const struct option opts[] = {{"db", required_argument, 0, O_DB},
					     {"user", required_argument, 0, O_USER},
					     {"date", required_argument, 0, O_DATE},
					     {"commune", required_argument, 0, O_COMMUNE},
					     {"name", required_argument, 0, O_NAME},
					     {"limit", required_argument, 0, O_LIMIT},
					     {"offset", required_argument, 0, O_OFFSET},
					     {"json", no_argument, 0, O_JSON},
					     {"all", no_argument, 0, O_ALL},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	int c;
	while ((c = cli_getopt(cmd, argc, argv, opts)) != -1) {
		int rc = CLI_OK;
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case O_DB: o->db = optarg; break;
		case O_USER: o->user = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_COMMUNE: o->commune = optarg; break;
		case O_NAME: o->name = optarg; break;
		case O_JSON: o->json = true; break;
		case O_ALL: o->all = true; break;
		case O_LIMIT:
			rc = cli_parse_int(cmd, "--limit", optarg, 1, NET_LIMIT_MAX, &o->limit);
			break;
		case O_OFFSET:
			rc = cli_parse_int(cmd, "--offset", optarg, 0, 1L << 30, &o->offset);
			break;
		default: return CLI_ERROR;
		}
		if (rc != CLI_OK)
			return rc;
	}
	if (with_id && optind >= argc)
		return cli_failf(cmd, "thiếu mã thôn: %s ID", cmd);
	if (with_id && cli_parse_int(cmd, "ID", argv[optind++], 1, 1L << 62, &o->id) != CLI_OK)
		return CLI_ERROR;
	return cli_no_positionals(cmd, argc, argv);
}

static int village_add_cmd(struct netcli *n, const struct village_opts *o, const char *cmd)
{
	if (!o->commune || !o->name)
		return cli_failf(cmd, "add cần --commune và --name (xem tindung village --help)");
	struct village_input in = {.commune_code = o->commune, .name = o->name};
	if (netcli_date(cmd, o->date, n->ctx.business_date, &in.valid_from) != CLI_OK)
		return CLI_ERROR;
	int64_t id = 0;
	struct td_error err = {0};
	if (village_create(&n->ctx, &in, &id, &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã thêm %s (#%lld) thuộc xã %s.\n", o->name, (long long)id, o->commune);
	return CLI_OK;
}

static void print_villages(json_t *list)
{
	static const int w[] = {8, 10};
	cli_cell(stdout, "ID", w[0]);
	cli_cell(stdout, "MÃ XÃ", w[1]);
	puts("TÊN THÔN");
	json_t *v;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, v)
	{
		char id[24];
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(v, "id")));
		cli_cell(stdout, id, w[0]);
		cli_cell(stdout, json_string_value(json_object_get(v, "commune_code")), w[1]);
		puts(json_string_value(json_object_get(v, "name")));
	}
	netcli_footer(list, "thôn");
}

static int village_list_cmd(struct netcli *n, const struct village_opts *o, const char *cmd)
{
	struct village_filter f = {.commune = o->commune,
				   .page = {.limit = o->limit, .offset = o->offset}};
	if (netcli_date(cmd, o->date, n->ctx.business_date, &f.on) != CLI_OK)
		return CLI_ERROR;
	json_t *list = NULL;
	struct td_error err = {0};
	if (village_list(&n->ctx, &f, &list, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (o->json)
		netcli_json(list);
	else
		print_villages(list);
	json_decref(list);
	return CLI_OK;
}

/* ---- Villages of split communes (the 2025 merger) ---- */

static const char *text(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static void print_splits(json_t *list)
{
	static const int w[] = {8, 20, 24, 24, 24};
	static const char *const head[] = {"ID", "THÔN", "XÃ CŨ", "ĐỀ XUẤT", "THUỘC"};
	for (int k = 0; k < 5; k++)
		cli_cell(stdout, head[k], w[k]);
	puts("QUYẾT ĐỊNH");
	json_t *v;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, v)
	{
		char id[24], d[TD_DATE_FMT_MAX] = "";
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(v, "village_id")));
		cli_cell(stdout, id, w[0]);
		cli_cell(stdout, text(v, "village_name"), w[1]);
		cli_cell(stdout, text(v, "old_commune_name"), w[2]);
		cli_cell(stdout, text(v, "proposed_name"), w[3]);
		cli_cell(stdout, text(v, "commune_name"), w[4]);
		td_date on = 0;
		struct td_error e = {0};
		if (date_parse_iso(text(v, "decided_on"), &on, &e) == TD_OK)
			date_format_vn(on, d, sizeof d);
		if (!d[0])
			puts("chờ quyết định");
		else
			printf("%s ngày %s\n",
			       strcmp(text(v, "decided"), "chosen") == 0 ? "chọn" : "theo đề xuất",
			       d);
	}
	netcli_footer(list, "thôn");
}

static int splits_cmd(struct netcli *n, const struct village_opts *o, const char *cmd)
{
	struct village_split_filter f = {.old_commune = o->commune,
					 .awaiting = !o->all,
					 .page = {.limit = o->limit, .offset = o->offset}};
	json_t *list = NULL;
	struct td_error err = {0};
	if (village_split_list(&n->ctx, &f, &list, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (o->json)
		netcli_json(list);
	else
		print_splits(list);
	json_decref(list);
	return CLI_OK;
}

static int decide_cmd(struct netcli *n, const struct village_opts *o, const char *cmd)
{
	struct td_error err = {0};
	if (village_split_decide(&n->ctx, o->id, o->commune, &err) != TD_OK)
		return cli_fail(cmd, &err);
	char c[16];
	if (commune_of_village(n->s, o->id, n->ctx.business_date, c, sizeof c, &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("Thôn %ld thuộc xã %s từ ngày sáp nhập.\n", o->id, o->commune ? o->commune : c);
	return CLI_OK;
}

static int accept_cmd(struct netcli *n, const struct village_opts *o, const char *cmd)
{
	int64_t decided = 0;
	struct td_error err = {0};
	if (village_split_accept(&n->ctx, o->commune, &decided, &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã nhận đề xuất cho %lld thôn.\n", (long long)decided);
	return CLI_OK;
}

int cmd_village(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	const char *sub = argv[1];
	static const char *const subs[] = {"add", "list", "splits", "decide", "accept-defaults"};
	size_t k = 0;
	while (k < 5 && strcmp(sub, subs[k]) != 0)
		k++;
	if (k == 5)
		return cli_failf("village",
				 "không có lệnh con '%s'; dùng add, list, splits, decide, "
				 "accept-defaults (xem tindung village --help)",
				 sub);
	char cmd[40];
	snprintf(cmd, sizeof cmd, "village %s", sub);
	struct village_opts o = {0};
	int rc = parse(cmd, argc - 1, argv + 1, k == 3, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	/* The options each subcommand uses (cli_options_only). */
	static const char *const used[] = {"user commune name date",
					   "user commune date limit offset json",
					   "user commune all limit offset json", "user commune ARG",
					   "user commune"};
	if (cli_options_only(cmd, used[k]) != CLI_OK)
		return CLI_ERROR;
	struct netcli n;
	if (netcli_open(cmd, o.db, o.user, &n) != CLI_OK)
		return CLI_ERROR;
	int (*const run[])(struct netcli *, const struct village_opts *, const char *) = {
		village_add_cmd, village_list_cmd, splits_cmd, decide_cmd, accept_cmd};
	rc = run[k](&n, &o, cmd);
	netcli_close(&n);
	return rc;
}
