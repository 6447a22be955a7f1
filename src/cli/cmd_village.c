/* tindung village add|list: villages (thôn/ấp) under a commune, the geography households
 * and groups belong to (R-ORG-1, R-ORG-2). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/network.h"
#include "cli/cli.h"
#include "cli/net_args.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung village LỆNH [tùy chọn]\n"
	"  add   --commune MÃ_XÃ --name \"TÊN THÔN\" [--date NGÀY]\n"
	"  list  [--commune MÃ_XÃ] [--date NGÀY] [--limit N] [--offset N] [--json]\n"
	"Chung: [--db URL] [--user TÊN]. NGÀY: YYYY-MM-DD (mặc định: ngày làm việc).\n";

struct village_opts {
	const char *db, *user, *date, *commune, *name;
	long limit, offset;
	bool json;
};

static int parse(const char *cmd, int argc, char **argv, struct village_opts *o)
{
	enum { O_DB = 1000, O_USER, O_DATE, O_COMMUNE, O_NAME, O_LIMIT, O_OFFSET, O_JSON };
	static const struct option opts[] = {
		{"db", required_argument, 0, O_DB},	  {"user", required_argument, 0, O_USER},
		{"date", required_argument, 0, O_DATE},	  {"commune", required_argument, 0, O_COMMUNE},
		{"name", required_argument, 0, O_NAME},	  {"limit", required_argument, 0, O_LIMIT},
		{"offset", required_argument, 0, O_OFFSET}, {"json", no_argument, 0, O_JSON},
		{"help", no_argument, 0, 'h'},		  {0, 0, 0, 0}};
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
	return cli_no_positionals(cmd, argc, argv);
}

static int village_add_cmd(struct netcli *n, const struct village_opts *o, const char *cmd)
{
	if (!o->commune || !o->name)
		return cli_failf(cmd, "add needs --commune and --name (xem tindung village --help)");
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

int cmd_village(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0)
		return cli_failf("village", "unknown subcommand '%s'; one of add, list (xem "
					    "tindung village --help)",
				 sub);
	char cmd[32];
	snprintf(cmd, sizeof cmd, "village %s", sub);
	struct village_opts o = {0};
	int rc = parse(cmd, argc - 1, argv + 1, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	/* The options each subcommand uses (cli_options_only). */
	if (cli_options_only(cmd, strcmp(sub, "add") == 0 ? "user commune name date"
							  : "user commune date limit offset json") !=
	    CLI_OK)
		return CLI_ERROR;
	struct netcli n;
	if (netcli_open(cmd, o.db, o.user, &n) != CLI_OK)
		return CLI_ERROR;
	rc = strcmp(sub, "add") == 0 ? village_add_cmd(&n, &o, cmd) : village_list_cmd(&n, &o, cmd);
	netcli_close(&n);
	return rc;
}
