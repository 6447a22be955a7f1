/* tindung household add|show|search: households and their poverty status history
 * (bank/household.h). */
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/household.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung household LỆNH [tùy chọn]\n"
	"  add     --cccd SỐ --name \"HỌ TÊN\" --village ID --members N\n"
	"          [--sex nam|nữ] [--birth-year NĂM] [--ethnicity DÂN_TỘC] [--flags DS]\n"
	"          [--phone SỐ]                                  thêm hộ\n"
	"  show    ID [--json]                                    xem hộ và lịch sử phân loại\n"
	"  search  [TỪ_KHÓA] [--cccd SỐ] [--village ID] [--group ID] [--limit N] [--offset N]\n"
	"          [--json]      tìm theo tên (không cần dấu: \"nguyen van a\"), CCCD, thôn, tổ\n"
	"Giới tính và năm sinh lấy từ số CCCD nếu bỏ trống (nếu nhập phải khớp).\n"
	"Đối tượng (--flags): ethnic_minority, disabled, hard_area, student, worker_abroad,\n"
	"released_prisoner, rural, social_housing; cách nhau bởi dấu phẩy.\n"
	"Chung: [--db URL] [--user TÊN] (thực hiện với quyền của người dùng TÊN).\n";

enum {
	O_DB = 1000,
	O_USER,
	O_JSON,
	O_CCCD,
	O_NAME,
	O_VILLAGE,
	O_MEMBERS,
	O_SEX,
	O_BIRTH,
	O_ETHNICITY,
	O_FLAGS,
	O_PHONE,
	O_GROUP,
	O_LIMIT,
	O_OFFSET,
};

static const struct option opts[] = {
	{"db", required_argument, 0, O_DB},
	{"user", required_argument, 0, O_USER},
	{"json", no_argument, 0, O_JSON},
	{"cccd", required_argument, 0, O_CCCD},
	{"name", required_argument, 0, O_NAME},
	{"village", required_argument, 0, O_VILLAGE},
	{"members", required_argument, 0, O_MEMBERS},
	{"sex", required_argument, 0, O_SEX},
	{"birth-year", required_argument, 0, O_BIRTH},
	{"ethnicity", required_argument, 0, O_ETHNICITY},
	{"flags", required_argument, 0, O_FLAGS},
	{"phone", required_argument, 0, O_PHONE},
	{"group", required_argument, 0, O_GROUP},
	{"limit", required_argument, 0, O_LIMIT},
	{"offset", required_argument, 0, O_OFFSET},
	{"help", no_argument, 0, 'h'},
	{0, 0, 0, 0},
};

/* Every option's value (NULL when absent), indexed by option code - O_DB. */
struct hh_args {
	const char *cmd;
	const char *v[O_OFFSET - O_DB + 1];
	bool json;
	int argc;
	char **argv; /* the positionals after the options */
};

static const char *arg(const struct hh_args *a, int opt)
{
	return a->v[opt - O_DB];
}

/* Parses options of `household SUB ...`; -1 after printing help, CLI_ERROR on a bad one. */
static int parse(const char *cmd, int argc, char **argv, struct hh_args *a)
{
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	int c;
	while ((c = cli_getopt(cmd, argc, argv, opts)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return -1;
		}
		if (c < O_DB || c > O_OFFSET)
			return CLI_ERROR;
		if (c == O_JSON)
			a->json = true;
		else
			a->v[c - O_DB] = optarg;
	}
	a->argc = argc - optind;
	a->argv = argv + optind;
	return CLI_OK;
}

/* The numeric option opt into *out when given (left as it is otherwise). */
static int num(const struct hh_args *a, int opt, const char *name, long min, long max, long *out)
{
	return arg(a, opt) ? cli_parse_int(a->cmd, name, arg(a, opt), min, max, out) : CLI_OK;
}

static int household_add(struct td_ctx *ctx, const struct hh_args *a)
{
	static const struct {
		int opt;
		const char *name;
	} required[] = {{O_CCCD, "--cccd"},
			{O_NAME, "--name"},
			{O_VILLAGE, "--village"},
			{O_MEMBERS, "--members"}};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!arg(a, required[i].opt))
			return cli_failf(a->cmd, "%s is required (thiếu tham số)",
					 required[i].name);
	long village = 0, members = 0, birth = 0;
	if (num(a, O_VILLAGE, "--village", 1, LONG_MAX, &village) != CLI_OK ||
	    num(a, O_MEMBERS, "--members", 0, 1000, &members) != CLI_OK ||
	    num(a, O_BIRTH, "--birth-year", TD_YEAR_MIN, TD_YEAR_MAX, &birth) != CLI_OK)
		return CLI_ERROR;
	if (a->argc > 0)
		return cli_failf(a->cmd, "unexpected argument '%s' (tham số thừa)", a->argv[0]);
	struct household_input in = {
		.cccd = arg(a, O_CCCD),
		.head_name = arg(a, O_NAME),
		.sex = arg(a, O_SEX),
		.birth_year = (int)birth,
		.ethnicity = arg(a, O_ETHNICITY),
		.flags = arg(a, O_FLAGS),
		.village_id = village,
		.phone = arg(a, O_PHONE),
		.members = (int)members,
	};
	struct td_error err = {0};
	int64_t id = 0;
	if (household_create(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã thêm hộ %s (CCCD %s), id %lld.\n", in.head_name, in.cccd, (long long)id);
	return CLI_OK;
}

static const char *text(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static const char *status_label(const char *name)
{
	enum hh_status s;
	if (!name || !*name || programme_status_parse(name, &s, NULL) != TD_OK)
		return "—";
	return programme_status_label(s);
}

static void print_household(json_t *h)
{
	printf("Hộ %lld: %s\n", (long long)json_integer_value(json_object_get(h, "id")),
	       text(h, "head_name"));
	printf("  CCCD:        %s\n", text(h, "cccd"));
	printf("  Giới tính:   %s, sinh năm %lld\n",
	       strcmp(text(h, "sex"), "female") == 0 ? "Nữ" : "Nam",
	       (long long)json_integer_value(json_object_get(h, "birth_year")));
	printf("  Dân tộc:     %s\n", text(h, "ethnicity"));
	printf("  Thôn:        %s (id %lld), xã %s\n", text(h, "village_name"),
	       (long long)json_integer_value(json_object_get(h, "village_id")),
	       text(h, "commune_code"));
	printf("  Nhân khẩu:   %lld\n",
	       (long long)json_integer_value(json_object_get(h, "members")));
	printf("  Điện thoại:  %s\n", *text(h, "phone") ? text(h, "phone") : "—");
	printf("  Đối tượng:  ");
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(h, "flags"), i, v)
	{
		uint32_t bit = 0;
		household_flags_parse(json_string_value(v), &bit, NULL);
		printf("%s%s", i ? ", " : " ", programme_flag_label(bit));
	}
	printf("%s\n", json_array_size(json_object_get(h, "flags")) ? "" : " —");
	json_t *group = json_object_get(h, "group_id");
	if (json_is_integer(group))
		printf("  Tổ TK&VV:    %lld\n", (long long)json_integer_value(group));
	puts("  Phân loại theo năm:");
	json_array_foreach(json_object_get(h, "poverty_status"), i, v)
	{
		printf("    %lld  ", (long long)json_integer_value(json_object_get(v, "year")));
		cli_cell(stdout, status_label(text(v, "status")), 18);
		printf("(lần nhập #%lld, xã %s)\n",
		       (long long)json_integer_value(json_object_get(v, "import_id")),
		       text(v, "commune_code"));
	}
	if (json_array_size(json_object_get(h, "poverty_status")) == 0)
		puts("    (chưa có)");
}

static int household_show(struct td_ctx *ctx, const struct hh_args *a)
{
	long id = 0;
	if (a->argc != 1)
		return cli_failf(a->cmd, "give one household id (cần đúng một id hộ)");
	if (cli_parse_int(a->cmd, "ID", a->argv[0], 1, LONG_MAX, &id) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	json_t *h = NULL;
	if (household_get(ctx, id, &h, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json)
		json_dumpf(h, stdout, JSON_INDENT(2)), fputc('\n', stdout);
	else
		print_household(h);
	json_decref(h);
	return CLI_OK;
}

static void print_list(json_t *list, int year)
{
	static const char *const head[] = {"ID", "CCCD", "HỌ TÊN CHỦ HỘ", "THÔN", "NK"};
	static const int w[] = {6, 12, 28, 16, 3};
	for (int i = 0; i < 5; i++)
		cli_cell(stdout, head[i], w[i]);
	printf("PHÂN LOẠI %d\n", year);
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(list, "items"), i, h)
	{
		char id[24], members[8];
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(h, "id")));
		snprintf(members, sizeof members, "%lld",
			 (long long)json_integer_value(json_object_get(h, "members")));
		cli_cell(stdout, id, w[0]);
		cli_cell(stdout, text(h, "cccd"), w[1]);
		cli_cell(stdout, text(h, "head_name"), w[2]);
		cli_cell(stdout, text(h, "village_name"), w[3]);
		cli_cell(stdout, members, w[4]);
		puts(status_label(text(h, "status")));
	}
	printf("%zu / %lld hộ\n", json_array_size(json_object_get(list, "items")),
	       (long long)json_integer_value(json_object_get(list, "total")));
}

static int household_search_cmd(struct td_ctx *ctx, const struct hh_args *a)
{
	long village = 0, group = 0, limit = 0, offset = 0;
	if (num(a, O_VILLAGE, "--village", 1, LONG_MAX, &village) != CLI_OK ||
	    num(a, O_GROUP, "--group", 1, LONG_MAX, &group) != CLI_OK ||
	    num(a, O_LIMIT, "--limit", 1, 500, &limit) != CLI_OK ||
	    num(a, O_OFFSET, "--offset", 0, LONG_MAX, &offset) != CLI_OK)
		return CLI_ERROR;
	if (a->argc > 1)
		return cli_failf(a->cmd,
				 "unexpected argument '%s': quote a name with spaces "
				 "(tham số thừa)",
				 a->argv[1]);
	struct household_query q = {.q = a->argc ? a->argv[0] : NULL,
				    .cccd = arg(a, O_CCCD),
				    .village_id = village,
				    .group_id = group,
				    .limit = limit,
				    .offset = offset};
	struct td_error err = {0};
	json_t *list = NULL;
	if (household_search(ctx, &q, &list, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json)
		json_dumpf(list, stdout, JSON_INDENT(2)), fputc('\n', stdout);
	else
		print_list(list, date_to_civil(ctx->business_date).year);
	json_decref(list);
	return CLI_OK;
}

int cmd_household(int argc, char **argv)
{
	static const struct {
		const char *name, *cmd;
		int (*run)(struct td_ctx *ctx, const struct hh_args *a);
		const char *used; /* its options (cli_options_only) */
	} subs[] = {
		{"add", "household add", household_add,
		 "user cccd name village members sex birth-year ethnicity flags phone"},
		{"show", "household show", household_show, "user json ARG"},
		{"search", "household search", household_search_cmd,
		 "user cccd village group limit offset json ARG"},
	};
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		struct hh_args a;
		int rc = parse(subs[i].cmd, argc - 1, argv + 1, &a);
		if (rc != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		if (cli_options_only(a.cmd, subs[i].used) != CLI_OK)
			return CLI_ERROR;
		struct td_store *s = NULL;
		struct td_actor actor;
		struct td_ctx ctx;
		if (cli_open_db(a.cmd, cli_db_url(arg(&a, O_DB)), &s) != CLI_OK)
			return CLI_ERROR;
		rc = cli_ctx(a.cmd, s, arg(&a, O_USER), &actor, &ctx);
		if (rc == CLI_OK)
			rc = subs[i].run(&ctx, &a);
		store_close(s);
		return rc;
	}
	return cli_failf("household", "không có lệnh con '%s' (xem tindung household --help)",
			 argv[1]);
}
