/* tindung point add|list: commune transaction points (điểm giao dịch xã) on the command
 * line: the communes they serve, their day of the month, their place and team. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/network.h"
#include "cli/cli.h"
#include "cli/net_args.h"
#include "cli/options.h"
#include "cli/table.h"

#define MAX_COMMUNES 64

static const char *help =
	"Cách dùng: tindung point LỆNH [tùy chọn]\n"
	"  add   --code MÃ --office MÃ_ĐƠN_VỊ --name \"TÊN\" --place \"ĐỊA ĐIỂM\" --day NGÀY_1_28\n"
	"        --commune MÃ_XÃ [--commune MÃ_XÃ]... [--leader ID] [--controller ID]\n"
	"        [--teller ID] [--date NGÀY]\n"
	"        tổ giao dịch: tổ trưởng là cán bộ tín dụng, kiểm soát viên, thủ quỹ (ID nhân\n"
	"        viên, xem tindung staff list)\n"
	"  list  [--office MÃ] [--commune MÃ_XÃ] [--date NGÀY] [--limit N] [--offset N] [--json]\n"
	"Chung: [--db URL] [--user TÊN]. NGÀY: YYYY-MM-DD (mặc định: ngày làm việc).\n";

struct point_opts {
	const char *db, *user, *date, *code, *office, *name, *place;
	const char *communes[MAX_COMMUNES];
	size_t n_communes;
	long day, leader, controller, teller, limit, offset;
	bool json, has_day;
};

static int parse(const char *cmd, int argc, char **argv, struct point_opts *o)
{
	enum {
		O_DB = 1000,
		O_USER,
		O_DATE,
		O_CODE,
		O_OFFICE,
		O_NAME,
		O_PLACE,
		O_DAY,
		O_COMMUNE,
		O_LEADER,
		O_CONTROLLER,
		O_TELLER,
		O_LIMIT,
		O_OFFSET,
		O_JSON
	};
	static const struct option opts[] = {{"db", required_argument, 0, O_DB},
					     {"user", required_argument, 0, O_USER},
					     {"date", required_argument, 0, O_DATE},
					     {"code", required_argument, 0, O_CODE},
					     {"office", required_argument, 0, O_OFFICE},
					     {"name", required_argument, 0, O_NAME},
					     {"place", required_argument, 0, O_PLACE},
					     {"day", required_argument, 0, O_DAY},
					     {"commune", required_argument, 0, O_COMMUNE},
					     {"leader", required_argument, 0, O_LEADER},
					     {"controller", required_argument, 0, O_CONTROLLER},
					     {"teller", required_argument, 0, O_TELLER},
					     {"limit", required_argument, 0, O_LIMIT},
					     {"offset", required_argument, 0, O_OFFSET},
					     {"json", no_argument, 0, O_JSON},
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
		case O_CODE: o->code = optarg; break;
		case O_OFFICE: o->office = optarg; break;
		case O_NAME: o->name = optarg; break;
		case O_PLACE: o->place = optarg; break;
		case O_JSON: o->json = true; break;
		/* The day's range is the bank's rule (1-28): it is checked there, with its reason.
		 */
		case O_DAY:
			o->has_day = true;
			rc = cli_parse_int(cmd, "--day", optarg, -999, 999, &o->day);
			break;
		case O_LEADER:
			rc = cli_parse_int(cmd, "--leader", optarg, 1, 1L << 40, &o->leader);
			break;
		case O_CONTROLLER:
			rc = cli_parse_int(cmd, "--controller", optarg, 1, 1L << 40,
					   &o->controller);
			break;
		case O_TELLER:
			rc = cli_parse_int(cmd, "--teller", optarg, 1, 1L << 40, &o->teller);
			break;
		case O_LIMIT:
			rc = cli_parse_int(cmd, "--limit", optarg, 1, NET_LIMIT_MAX, &o->limit);
			break;
		case O_OFFSET:
			rc = cli_parse_int(cmd, "--offset", optarg, 0, 1L << 30, &o->offset);
			break;
		case O_COMMUNE:
			rc = netcli_push(cmd, "--commune", o->communes, &o->n_communes,
					 MAX_COMMUNES, optarg);
			break;
		default: return CLI_ERROR;
		}
		if (rc != CLI_OK)
			return rc;
	}
	return cli_no_positionals(cmd, argc, argv);
}

static int point_add_cmd(struct netcli *n, const struct point_opts *o, const char *cmd)
{
	if (!o->code || !o->office || !o->name || !o->place || !o->has_day)
		return cli_failf(cmd, "add needs --code, --office, --name, --place and --day (xem "
				      "tindung point --help)");
	struct point_input in = {.code = o->code,
				 .name = o->name,
				 .place = o->place,
				 .meeting_day = (int)o->day,
				 .communes = o->communes,
				 .n_communes = o->n_communes,
				 .team = {o->leader, o->controller, o->teller}};
	if (netcli_date(cmd, o->date, n->ctx.business_date, &in.valid_from) != CLI_OK ||
	    netcli_office(cmd, n->s, o->office, &in.office_id) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t id = 0;
	if (point_create(&n->ctx, &in, &id, &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã tạo điểm giao dịch %s (#%lld), họp ngày %ld hằng tháng, phục vụ %zu xã.\n",
	       o->code, (long long)id, o->day, o->n_communes);
	return CLI_OK;
}

static void print_points(json_t *list)
{
	static const int w[] = {6, 12, 4, 24};
	static const char *const head[] = {"ID", "MÃ", "NGÀY", "XÃ"};
	for (int c = 0; c < 4; c++)
		cli_cell(stdout, head[c], w[c]);
	puts("TÊN");
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, p)
	{
		char id[24], day[8], communes[128] = "";
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(p, "id")));
		snprintf(day, sizeof day, "%lld",
			 (long long)json_integer_value(json_object_get(p, "meeting_day")));
		json_t *c;
		size_t k;
		json_array_foreach(json_object_get(p, "communes"), k, c)
		{
			size_t len = strlen(communes);
			snprintf(communes + len, sizeof communes - len, "%s%s", k ? "," : "",
				 json_string_value(json_object_get(c, "code")));
		}
		cli_cell(stdout, id, w[0]);
		cli_cell(stdout, json_string_value(json_object_get(p, "code")), w[1]);
		cli_cell(stdout, day, w[2]);
		cli_cell(stdout, communes, w[3]);
		puts(json_string_value(json_object_get(p, "name")));
	}
	netcli_footer(list, "điểm giao dịch");
}

static int point_list_cmd(struct netcli *n, const struct point_opts *o, const char *cmd)
{
	struct point_filter f = {.commune = o->n_communes ? o->communes[0] : NULL,
				 .page = {.limit = o->limit, .offset = o->offset}};
	if (o->n_communes > 1)
		return cli_failf(cmd, "list takes one --commune");
	if (netcli_date(cmd, o->date, n->ctx.business_date, &f.on) != CLI_OK ||
	    netcli_office(cmd, n->s, o->office, &f.office_id) != CLI_OK)
		return CLI_ERROR;
	json_t *list = NULL;
	struct td_error err = {0};
	if (point_list(&n->ctx, &f, &list, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (o->json)
		netcli_json(list);
	else
		print_points(list);
	json_decref(list);
	return CLI_OK;
}

static int run(const char *sub, int argc, char **argv)
{
	char cmd[32];
	snprintf(cmd, sizeof cmd, "point %s", sub);
	struct point_opts o = {0};
	int rc = parse(cmd, argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	/* The options each subcommand uses (cli_options_only). */
	if (cli_options_only(cmd, strcmp(sub, "add") == 0
					  ? "user code office name place day commune leader "
					    "controller teller date"
					  : "user commune office date limit offset json") != CLI_OK)
		return CLI_ERROR;
	struct netcli n;
	if (netcli_open(cmd, o.db, o.user, &n) != CLI_OK)
		return CLI_ERROR;
	rc = strcmp(sub, "add") == 0 ? point_add_cmd(&n, &o, cmd) : point_list_cmd(&n, &o, cmd);
	netcli_close(&n);
	return rc;
}

int cmd_point(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	if (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "list") == 0)
		return run(argv[1], argc - 1, argv + 1);
	return cli_failf("point",
			 "không có lệnh con '%s'; dùng add, list (xem tindung point "
			 "--help)",
			 argv[1]);
}
