/* tindung staff add|list: the bank's staff of an office and the communes each credit
 * officer covers. */
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
	"Cách dùng: tindung staff LỆNH [tùy chọn]\n"
	"  add   --office MÃ_ĐƠN_VỊ --name \"HỌ TÊN\" --role VAI_TRÒ [--phone SỐ]\n"
	"        [--commune MÃ_XÃ]... [--date NGÀY]\n"
	"        vai trò: director, credit_officer, teller, controller; chỉ cán bộ tín dụng\n"
	"        (credit_officer) phụ trách xã (--commune)\n"
	"  list  [--office MÃ] [--role VAI_TRÒ] [--commune MÃ_XÃ] [--date NGÀY] [--limit N]\n"
	"        [--offset N] [--json]\n"
	"Chung: [--db URL] [--user TÊN]. NGÀY: YYYY-MM-DD (mặc định: ngày làm việc).\n";

struct staff_opts {
	const char *db, *user, *date, *office, *name, *role, *phone;
	const char *communes[MAX_COMMUNES];
	size_t n_communes;
	long limit, offset;
	bool json;
};

static int parse(const char *cmd, int argc, char **argv, struct staff_opts *o)
{
	enum {
		O_DB = 1000,
		O_USER,
		O_DATE,
		O_OFFICE,
		O_NAME,
		O_ROLE,
		O_PHONE,
		O_COMMUNE,
		O_LIMIT,
		O_OFFSET,
		O_JSON
	};
	static const struct option opts[] = {{"db", required_argument, 0, O_DB},
					     {"user", required_argument, 0, O_USER},
					     {"date", required_argument, 0, O_DATE},
					     {"office", required_argument, 0, O_OFFICE},
					     {"name", required_argument, 0, O_NAME},
					     {"role", required_argument, 0, O_ROLE},
					     {"phone", required_argument, 0, O_PHONE},
					     {"commune", required_argument, 0, O_COMMUNE},
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
		case O_OFFICE: o->office = optarg; break;
		case O_NAME: o->name = optarg; break;
		case O_ROLE: o->role = optarg; break;
		case O_PHONE: o->phone = optarg; break;
		case O_JSON: o->json = true; break;
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

static int staff_add_cmd(struct netcli *n, const struct staff_opts *o, const char *cmd)
{
	if (!o->office || !o->name || !o->role)
		return cli_failf(cmd, "add needs --office, --name and --role (xem tindung staff "
				      "--help)");
	struct staff_input in = {.full_name = o->name,
				 .phone = o->phone,
				 .communes = o->communes,
				 .n_communes = o->n_communes};
	struct td_error err = {0};
	if (staff_role_parse(o->role, &in.role, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (netcli_date(cmd, o->date, n->ctx.business_date, &in.valid_from) != CLI_OK ||
	    netcli_office(cmd, n->s, o->office, &in.office_id) != CLI_OK)
		return CLI_ERROR;
	int64_t id = 0;
	if (staff_create(&n->ctx, &in, &id, &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã thêm nhân viên %s (#%lld), %s, đơn vị %s.\n", o->name, (long long)id, o->role,
	       o->office);
	return CLI_OK;
}

static void print_staff(json_t *list)
{
	static const int w[] = {6, 15, 8, 12, 30};
	static const char *const head[] = {"ID", "VAI TRÒ", "ĐƠN VỊ", "ĐIỆN THOẠI", "HỌ TÊN"};
	for (int c = 0; c < 5; c++)
		cli_cell(stdout, head[c], w[c]);
	puts("XÃ PHỤ TRÁCH");
	json_t *p;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, p)
	{
		char id[24], office[24], communes[256] = "";
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(p, "id")));
		snprintf(office, sizeof office, "#%lld",
			 (long long)json_integer_value(json_object_get(p, "office_id")));
		json_t *c;
		size_t k;
		json_array_foreach(json_object_get(p, "communes"), k, c)
		{
			size_t len = strlen(communes);
			snprintf(communes + len, sizeof communes - len, "%s%s", k ? "," : "",
				 json_string_value(c));
		}
		cli_cell(stdout, id, w[0]);
		cli_cell(stdout, json_string_value(json_object_get(p, "role")), w[1]);
		cli_cell(stdout, office, w[2]);
		cli_cell(stdout, json_string_value(json_object_get(p, "phone")), w[3]);
		cli_cell(stdout, json_string_value(json_object_get(p, "full_name")), w[4]);
		puts(communes);
	}
	netcli_footer(list, "nhân viên");
}

static int staff_list_cmd(struct netcli *n, const struct staff_opts *o, const char *cmd)
{
	struct staff_filter f = {.role = o->role,
				 .commune = o->n_communes ? o->communes[0] : NULL,
				 .page = {.limit = o->limit, .offset = o->offset}};
	if (o->n_communes > 1)
		return cli_failf(cmd, "list takes one --commune");
	if (netcli_date(cmd, o->date, n->ctx.business_date, &f.on) != CLI_OK ||
	    netcli_office(cmd, n->s, o->office, &f.office_id) != CLI_OK)
		return CLI_ERROR;
	json_t *list = NULL;
	struct td_error err = {0};
	if (staff_list(&n->ctx, &f, &list, &err) != TD_OK)
		return cli_fail(cmd, &err);
	if (o->json)
		netcli_json(list);
	else
		print_staff(list);
	json_decref(list);
	return CLI_OK;
}

static int run(const char *sub, int argc, char **argv)
{
	char cmd[32];
	snprintf(cmd, sizeof cmd, "staff %s", sub);
	struct staff_opts o = {0};
	int rc = parse(cmd, argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	/* The options each subcommand uses (cli_options_only). */
	if (cli_options_only(cmd, strcmp(sub, "add") == 0
					  ? "user office name role phone commune date"
					  : "user role commune office date limit offset json") != CLI_OK)
		return CLI_ERROR;
	struct netcli n;
	if (netcli_open(cmd, o.db, o.user, &n) != CLI_OK)
		return CLI_ERROR;
	rc = strcmp(sub, "add") == 0 ? staff_add_cmd(&n, &o, cmd) : staff_list_cmd(&n, &o, cmd);
	netcli_close(&n);
	return rc;
}

int cmd_staff(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	if (strcmp(argv[1], "add") == 0 || strcmp(argv[1], "list") == 0)
		return run(argv[1], argc - 1, argv + 1);
	return cli_failf("staff",
			 "không có lệnh con '%s'; dùng add, list (xem tindung staff "
			 "--help)",
			 argv[1]);
}
