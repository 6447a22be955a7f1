/* tindung office list|add|rename|merge: the tree of offices (R-ORG-1) on the command line.
 * Offices are named by their codes (HSC, CN31, PGD314). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/network.h"
#include "cli/cli.h"
#include "cli/net_args.h"
#include "cli/options.h"
#include "cli/table.h"

#define MAX_SOURCES 64

static const char *help =
	"Cách dùng: tindung office LỆNH [tùy chọn]\n"
	"  list    [--date NGÀY] [--kind head|branch|district] [--json]\n"
	"          cây đơn vị tại ngày (mặc định: ngày làm việc)\n"
	"  add     --code MÃ --kind branch|district --name \"TÊN\" --parent MÃ_CẤP_TRÊN\n"
	"          [--province MÃ_TỈNH] [--district MÃ_HUYỆN] [--date NGÀY]\n"
	"  rename  MÃ --name \"TÊN MỚI\" [--date NGÀY]     đổi tên từ ngày\n"
	"  move    MÃ --parent MÃ_CẤP_TRÊN [--date NGÀY]   chuyển cấp trên từ ngày\n"
	"  merge   MÃ... --into MÃ_ĐÍCH --date NGÀY       sáp nhập vào đơn vị đích từ ngày\n"
	"Chung: [--db URL] [--user TÊN]. NGÀY: YYYY-MM-DD.\n";

struct office_opts {
	const char *sub, *db, *user, *date, *code, *kind, *name, *parent, *province, *district;
	const char *into;
	bool json;
	const char *pos[MAX_SOURCES];
	size_t n_pos;
};

static int parse(const char *cmd, int argc, char **argv, struct office_opts *o)
{
	enum {
		O_DB = 1000,
		O_USER,
		O_DATE,
		O_CODE,
		O_KIND,
		O_NAME,
		O_PARENT,
		O_PROVINCE,
		O_DISTRICT,
		O_INTO,
		O_JSON
	};
	static const struct option opts[] = {{"db", required_argument, 0, O_DB},
					     {"user", required_argument, 0, O_USER},
					     {"date", required_argument, 0, O_DATE},
					     {"code", required_argument, 0, O_CODE},
					     {"kind", required_argument, 0, O_KIND},
					     {"name", required_argument, 0, O_NAME},
					     {"parent", required_argument, 0, O_PARENT},
					     {"province", required_argument, 0, O_PROVINCE},
					     {"district", required_argument, 0, O_DISTRICT},
					     {"into", required_argument, 0, O_INTO},
					     {"json", no_argument, 0, O_JSON},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	int c;
	while ((c = cli_getopt(cmd, argc, argv, opts)) != -1) {
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case O_DB: o->db = optarg; break;
		case O_USER: o->user = optarg; break;
		case O_DATE: o->date = optarg; break;
		case O_CODE: o->code = optarg; break;
		case O_KIND: o->kind = optarg; break;
		case O_NAME: o->name = optarg; break;
		case O_PARENT: o->parent = optarg; break;
		case O_PROVINCE: o->province = optarg; break;
		case O_DISTRICT: o->district = optarg; break;
		case O_INTO: o->into = optarg; break;
		case O_JSON: o->json = true; break;
		default: return CLI_ERROR;
		}
	}
	while (optind < argc)
		if (netcli_push(cmd, "office code", o->pos, &o->n_pos, MAX_SOURCES,
				argv[optind++]) != CLI_OK)
			return CLI_ERROR;
	return CLI_OK;
}

static int need(const char *cmd, bool ok, const char *what)
{
	return ok ? CLI_OK : cli_failf(cmd, "%s (xem tindung office --help)", what);
}

static void print_tree(json_t *list)
{
	json_t *it;
	size_t i;
	json_array_foreach(json_object_get(list, "items"), i, it)
	{
		int depth = (int)json_integer_value(json_object_get(it, "depth"));
		printf("%*s", depth * 2, "");
		cli_cell(stdout, json_string_value(json_object_get(it, "code")), 10 - depth * 2);
		puts(json_string_value(json_object_get(it, "name")));
	}
}

static int office_list_cmd(struct netcli *n, const struct office_opts *o, const char *cmd)
{
	struct office_filter f = {.kind = o->kind, .page = {.limit = NET_LIMIT_MAX}};
	if (need(cmd, o->n_pos == 0, "list takes no office code") != CLI_OK ||
	    netcli_date(cmd, o->date, n->ctx.business_date, &f.on) != CLI_OK)
		return CLI_ERROR;
	/* The whole tree, page after page (~700 offices nationally). */
	for (int64_t total = 1; f.page.offset < total; f.page.offset += NET_LIMIT_MAX) {
		json_t *list = NULL;
		struct td_error err = {0};
		if (office_list(&n->ctx, &f, &list, &err) != TD_OK)
			return cli_fail(cmd, &err);
		total = json_integer_value(json_object_get(list, "total"));
		if (o->json)
			netcli_json(list);
		else
			print_tree(list);
		json_decref(list);
	}
	return CLI_OK;
}

static int office_add_cmd(struct netcli *n, const struct office_opts *o, const char *cmd)
{
	struct office_input in = {.code = o->code,
				  .name = o->name,
				  .province_code = o->province,
				  .district_code = o->district};
	struct td_error err = {0};
	if (need(cmd, o->code && o->kind && o->name && o->parent && o->n_pos == 0,
		 "add needs --code, --kind, --name and --parent") != CLI_OK ||
	    netcli_date(cmd, o->date, n->ctx.business_date, &in.valid_from) != CLI_OK ||
	    netcli_office(cmd, n->s, o->parent, &in.parent_id) != CLI_OK)
		return CLI_ERROR;
	if (office_kind_parse(o->kind, &in.kind, &err) != TD_OK)
		return cli_fail(cmd, &err);
	int64_t id = 0;
	if (office_create(&n->ctx, &in, &id, &err) != TD_OK)
		return cli_fail(cmd, &err);
	printf("Đã tạo đơn vị %s (#%lld) thuộc %s.\n", o->code, (long long)id, o->parent);
	return CLI_OK;
}

static int office_change_cmd(struct netcli *n, const struct office_opts *o, const char *cmd,
			     bool rename)
{
	struct office_change ch = {.name = rename ? o->name : NULL};
	int64_t id = 0;
	struct td_error err = {0};
	if (need(cmd, o->n_pos == 1, "name one office code") != CLI_OK ||
	    need(cmd, rename ? o->name != NULL : o->parent != NULL,
		 rename ? "rename needs --name" : "move needs --parent") != CLI_OK ||
	    netcli_date(cmd, o->date, n->ctx.business_date, &ch.from) != CLI_OK ||
	    netcli_office(cmd, n->s, o->pos[0], &id) != CLI_OK ||
	    (!rename && netcli_office(cmd, n->s, o->parent, &ch.parent_id) != CLI_OK))
		return CLI_ERROR;
	if (office_update(&n->ctx, id, &ch, &err) != TD_OK)
		return cli_fail(cmd, &err);
	char d[TD_DATE_FMT_MAX];
	printf("Đã %s %s từ %s.\n", rename ? "đổi tên" : "chuyển cấp trên của", o->pos[0],
	       date_format_vn(ch.from, d, sizeof d));
	return CLI_OK;
}

static int office_merge_cmd(struct netcli *n, const struct office_opts *o, const char *cmd)
{
	int64_t ids[MAX_SOURCES];
	struct office_merge m = {.sources = ids, .n_sources = o->n_pos};
	struct td_error err = {0};
	/* The date of a merger is never implied: it is the day of a decision. */
	if (need(cmd, o->n_pos > 0 && o->into && o->date,
		 "merge needs the offices to merge, --into and --date") != CLI_OK ||
	    netcli_date(cmd, o->date, 0, &m.on) != CLI_OK ||
	    netcli_office(cmd, n->s, o->into, &m.into) != CLI_OK)
		return CLI_ERROR;
	for (size_t i = 0; i < o->n_pos; i++)
		if (netcli_office(cmd, n->s, o->pos[i], &ids[i]) != CLI_OK)
			return CLI_ERROR;
	if (office_merge(&n->ctx, &m, &err) != TD_OK)
		return cli_fail(cmd, &err);
	char d[TD_DATE_FMT_MAX];
	printf("Đã sáp nhập %zu đơn vị vào %s từ %s.\n", o->n_pos, o->into,
	       date_format_vn(m.on, d, sizeof d));
	return CLI_OK;
}

static int run(const char *sub, const char *used, int argc, char **argv)
{
	char cmd[32];
	snprintf(cmd, sizeof cmd, "office %s", sub);
	struct office_opts o = {.sub = sub};
	int rc = parse(cmd, argc, argv, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (cli_options_only(cmd, used) != CLI_OK)
		return CLI_ERROR;
	struct netcli n;
	if (netcli_open(cmd, o.db, o.user, &n) != CLI_OK)
		return CLI_ERROR;
	if (strcmp(sub, "list") == 0)
		rc = office_list_cmd(&n, &o, cmd);
	else if (strcmp(sub, "add") == 0)
		rc = office_add_cmd(&n, &o, cmd);
	else if (strcmp(sub, "merge") == 0)
		rc = office_merge_cmd(&n, &o, cmd);
	else
		rc = office_change_cmd(&n, &o, cmd, strcmp(sub, "rename") == 0);
	netcli_close(&n);
	return rc;
}

int cmd_office(int argc, char **argv)
{
	static const struct {
		const char *name, *used; /* the subcommand and its options (cli_options_only) */
	} subs[] = {
		{"list", "user date kind json"},
		{"add", "user code kind name parent province district date"},
		{"rename", "user name date ARG"},
		{"move", "user parent date ARG"},
		{"merge", "user into date ARG"},
	};
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return run(subs[i].name, subs[i].used, argc - 1, argv + 1);
	return cli_failf("office",
			 "không có lệnh con '%s'; dùng list, add, rename, move, "
			 "merge (xem tindung office --help)",
			 argv[1]);
}
