/* tindung village splits|decide|accept-defaults: villages of communes split between new
 * communes by the 2025 merger, and the commune's decision for each (bank/merger.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/merger.h"
#include "cli/cli.h"
#include "cli/net_args.h"
#include "cli/options.h"
#include "cli/table.h"

struct split_opts {
	const char *db, *user, *commune;
	long limit, offset, id;
	bool json, all;
};

static int parse(const char *cmd, int argc, char **argv, bool with_id, struct split_opts *o)
{
	enum { O_DB = 1000, O_USER, O_COMMUNE, O_LIMIT, O_OFFSET, O_JSON, O_ALL };
	static const struct option opts[] = {{"db", required_argument, 0, O_DB},
					     {"user", required_argument, 0, O_USER},
					     {"commune", required_argument, 0, O_COMMUNE},
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
		case 'h': return cli_failf(cmd, "xem tindung village --help");
		case O_DB: o->db = optarg; break;
		case O_USER: o->user = optarg; break;
		case O_COMMUNE: o->commune = optarg; break;
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
		return cli_failf(cmd, "name the village: %s ID (thiếu mã thôn)", cmd);
	if (with_id && cli_parse_int(cmd, "ID", argv[optind++], 1, 1L << 62, &o->id) != CLI_OK)
		return CLI_ERROR;
	return cli_no_positionals(cmd, argc, argv);
}

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

static int splits_cmd(struct netcli *n, const struct split_opts *o, const char *cmd)
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

static int decide_cmd(struct netcli *n, const struct split_opts *o, const char *cmd)
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

static int accept_cmd(struct netcli *n, const struct split_opts *o, const char *cmd)
{
	int64_t decided = 0;
	struct td_error err = {0};
	if (village_split_accept(&n->ctx, o->commune, &decided, &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã nhận đề xuất cho %lld thôn.\n", (long long)decided);
	return CLI_OK;
}

int cmd_village_split(const char *sub, int argc, char **argv)
{
	char cmd[40];
	snprintf(cmd, sizeof cmd, "village %s", sub);
	bool decide = strcmp(sub, "decide") == 0;
	struct split_opts o = {0};
	int rc = parse(cmd, argc, argv, decide, &o);
	if (rc != CLI_OK)
		return rc;
	struct netcli n;
	if (netcli_open(cmd, o.db, o.user, &n) != CLI_OK)
		return CLI_ERROR;
	rc = decide				   ? decide_cmd(&n, &o, cmd)
	     : strcmp(sub, "accept-defaults") == 0 ? accept_cmd(&n, &o, cmd)
						   : splits_cmd(&n, &o, cmd);
	netcli_close(&n);
	return rc;
}
