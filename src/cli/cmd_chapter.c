/* tindung chapter add|list|show|contract-add|contracts: organisation chapters and the
 * entrustment contracts signed with them (bank/chapter.h, bank/contract.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/chapter.h"
#include "bank/contract.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/options.h"
#include "cli/org_args.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung chapter LỆNH [tùy chọn]\n"
	"  add          --org TỔ_CHỨC --level CẤP --admin-code MÃ --office ĐƠN_VỊ --name TÊN\n"
	"               --from NGÀY [--to NGÀY] [--parent ID]      thêm chi hội / hội\n"
	"  list         [--org] [--level] [--admin-code] [--office] [--parent] [--on NGÀY]\n"
	"               [--limit N] [--offset N] [--json]\n"
	"  show ID      [--json]\n"
	"  contract-add --chapter ID --office ĐƠN_VỊ --number SỐ --signed NGÀY --parties \"CÁC "
	"BÊN\"\n"
	"               [--from NGÀY] [--to NGÀY]                   hợp đồng ủy thác\n"
	"  contracts    [--chapter ID] [--office ĐƠN_VỊ] [--on NGÀY] [--limit N] [--offset N]\n"
	"               [--json]\n"
	"Tổ chức: women (Hội Liên hiệp Phụ nữ), farmers (Hội Nông dân), veterans (Hội Cựu chiến\n"
	"binh), youth (Đoàn Thanh niên). Cấp: commune, district, province; mã đơn vị hành chính\n"
	"của cấp đó. Chi hội xã thuộc hội huyện cùng tổ chức (--parent), hội huyện thuộc hội "
	"tỉnh.\n"
	"Ngày: YYYY-MM-DD hoặc dd/mm/yyyy. ĐƠN_VỊ: mã (PGD318) hoặc id.\n"
	"Chung: [--db URL] [--user TÊN] (thực hiện với quyền của người dùng TÊN).\n";

static int chapter_add(struct td_ctx *ctx, struct org_args *a)
{
	struct org_problems p;
	struct td_error err = {0};
	problems_init(&p, &err);
	static const enum org_opt req[] = {OO_ORG,    OO_LEVEL, OO_ADMIN_CODE,
					   OO_OFFICE, OO_NAME,	OO_FROM};
	org_arg_require(a, req, sizeof req / sizeof *req, &p);
	struct chapter_input in = {.org = a->v[OO_ORG],
				   .level = a->v[OO_LEVEL],
				   .admin_code = a->v[OO_ADMIN_CODE],
				   .name = a->v[OO_NAME],
				   .valid_from = ORG_NO_DATE,
				   .valid_to = ORG_NO_DATE};
	org_arg_id(a, OO_PARENT, &in.parent_id, &p);
	org_arg_office(a, ctx->store, OO_OFFICE, &in.office_id, &p);
	org_arg_date(a, OO_FROM, &in.valid_from, &p);
	org_arg_date(a, OO_TO, &in.valid_to, &p);
	int64_t id = 0;
	if (problems_finish(&p) != TD_OK || chapter_create(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	enum org_code org;
	org_parse(in.org, &org, NULL);
	printf("Đã thêm %s cấp %s %s: %s (id %lld).\n", org_name_vi(org), in.level, in.admin_code,
	       in.name, (long long)id);
	return CLI_OK;
}

static void print_chapter_row(json_t *c)
{
	char id[24], parent[24] = "", d1[HUMAN_MAX], d2[HUMAN_MAX];
	snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
	if (json_integer_value(json_object_get(c, "parent_id")))
		snprintf(parent, sizeof parent, "%lld",
			 (long long)json_integer_value(json_object_get(c, "parent_id")));
	cli_cell(stdout, id, 5);
	cli_cell(stdout, json_string_value(json_object_get(c, "org_name")), 20);
	cli_cell(stdout, json_string_value(json_object_get(c, "level")), 8);
	cli_cell(stdout, json_string_value(json_object_get(c, "admin_code")), 6);
	cli_cell(stdout, parent, 6);
	cli_cell(stdout, human_date(json_string_value(json_object_get(c, "valid_from")), d1), 10);
	cli_cell(stdout, human_date(json_string_value(json_object_get(c, "valid_to")), d2), 10);
	puts(json_string_value(json_object_get(c, "name")));
}

static int chapter_list_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct org_problems p;
	struct td_error err = {0};
	problems_init(&p, &err);
	struct chapter_filter f = {.org = a->v[OO_ORG],
				   .level = a->v[OO_LEVEL],
				   .admin_code = a->v[OO_ADMIN_CODE],
				   .on = ORG_NO_DATE};
	org_arg_id(a, OO_PARENT, &f.parent_id, &p);
	org_arg_office(a, ctx->store, OO_OFFICE, &f.office_id, &p);
	org_arg_date(a, OO_ON, &f.on, &p);
	org_arg_page(a, &f.limit, &f.offset, &p);
	json_t *list = NULL;
	if (problems_finish(&p) != TD_OK || chapter_list(ctx, &f, &list, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		org_print_json(list);
		return CLI_OK;
	}
	static const char *const head[] = {"ID", "TỔ CHỨC", "CẤP", "MÃ", "CHA", "TỪ", "ĐẾN"};
	static const int w[] = {5, 20, 8, 6, 6, 10, 10};
	for (int i = 0; i < 7; i++)
		cli_cell(stdout, head[i], w[i]);
	puts("TÊN");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(list, "items"), i, c) print_chapter_row(c);
	printf("%zu / %lld chi hội\n", json_array_size(json_object_get(list, "items")),
	       (long long)json_integer_value(json_object_get(list, "total")));
	json_decref(list);
	return CLI_OK;
}

static int chapter_show(struct td_ctx *ctx, struct org_args *a)
{
	struct org_problems p;
	struct td_error err = {0};
	problems_init(&p, &err);
	int64_t id = 0;
	org_arg_pos_id(a, 0, "chapter", &id, &p);
	json_t *c = NULL;
	if (problems_finish(&p) != TD_OK || chapter_get(ctx, id, &c, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		org_print_json(c);
		return CLI_OK;
	}
	char d1[HUMAN_MAX], d2[HUMAN_MAX];
	const char *to = json_string_value(json_object_get(c, "valid_to"));
	printf("%s (id %lld)\n  %s, cấp %s, đơn vị hành chính %s\n  Thuộc: %lld   Đơn vị NHCSXH: "
	       "%lld\n  Hiệu lực: %s – %s\n",
	       json_string_value(json_object_get(c, "name")), (long long)id,
	       json_string_value(json_object_get(c, "org_name")),
	       json_string_value(json_object_get(c, "level")),
	       json_string_value(json_object_get(c, "admin_code")),
	       (long long)json_integer_value(json_object_get(c, "parent_id")),
	       (long long)json_integer_value(json_object_get(c, "office_id")),
	       human_date(json_string_value(json_object_get(c, "valid_from")), d1),
	       to ? human_date(to, d2) : "nay");
	json_decref(c);
	return CLI_OK;
}

static int contract_add(struct td_ctx *ctx, struct org_args *a)
{
	struct org_problems p;
	struct td_error err = {0};
	problems_init(&p, &err);
	static const enum org_opt req[] = {OO_CHAPTER, OO_OFFICE, OO_NUMBER, OO_SIGNED, OO_PARTIES};
	org_arg_require(a, req, sizeof req / sizeof *req, &p);
	struct contract_input in = {.number = a->v[OO_NUMBER],
				    .parties = a->v[OO_PARTIES],
				    .signed_on = ORG_NO_DATE,
				    .valid_from = ORG_NO_DATE,
				    .valid_to = ORG_NO_DATE};
	org_arg_id(a, OO_CHAPTER, &in.chapter_id, &p);
	org_arg_office(a, ctx->store, OO_OFFICE, &in.office_id, &p);
	org_arg_date(a, OO_SIGNED, &in.signed_on, &p);
	org_arg_date(a, OO_FROM, &in.valid_from, &p);
	org_arg_date(a, OO_TO, &in.valid_to, &p);
	if (in.valid_from == ORG_NO_DATE)
		in.valid_from = in.signed_on;
	int64_t id = 0;
	if (problems_finish(&p) != TD_OK || contract_create(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã ghi hợp đồng ủy thác số %s (id %lld).\n", in.number, (long long)id);
	return CLI_OK;
}

static int contract_list_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct org_problems p;
	struct td_error err = {0};
	problems_init(&p, &err);
	struct contract_filter f = {.on = ORG_NO_DATE};
	org_arg_id(a, OO_CHAPTER, &f.chapter_id, &p);
	org_arg_office(a, ctx->store, OO_OFFICE, &f.office_id, &p);
	org_arg_date(a, OO_ON, &f.on, &p);
	org_arg_page(a, &f.limit, &f.offset, &p);
	json_t *list = NULL;
	if (problems_finish(&p) != TD_OK || contract_list(ctx, &f, &list, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		org_print_json(list);
		return CLI_OK;
	}
	static const char *const head[] = {"ID", "SỐ", "NGÀY KÝ", "CHI HỘI", "ĐƠN VỊ"};
	static const int w[] = {5, 16, 10, 8, 7};
	for (int i = 0; i < 5; i++)
		cli_cell(stdout, head[i], w[i]);
	puts("CÁC BÊN");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(list, "items"), i, c)
	{
		char id[24], ch[24], of[24], d[HUMAN_MAX];
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(c, "id")));
		snprintf(ch, sizeof ch, "%lld",
			 (long long)json_integer_value(json_object_get(c, "chapter_id")));
		snprintf(of, sizeof of, "%lld",
			 (long long)json_integer_value(json_object_get(c, "office_id")));
		cli_cell(stdout, id, w[0]);
		cli_cell(stdout, json_string_value(json_object_get(c, "number")), w[1]);
		cli_cell(stdout, human_date(json_string_value(json_object_get(c, "signed_on")), d),
			 w[2]);
		cli_cell(stdout, ch, w[3]);
		cli_cell(stdout, of, w[4]);
		puts(json_string_value(json_object_get(c, "parties")));
	}
	printf("%zu / %lld hợp đồng\n", json_array_size(json_object_get(list, "items")),
	       (long long)json_integer_value(json_object_get(list, "total")));
	json_decref(list);
	return CLI_OK;
}

static const struct {
	const char *name;
	int (*run)(struct td_ctx *ctx, struct org_args *a);
	int positionals;
	const char *used; /* its options (cli_options_only) */
} subs[] = {
	{"add", chapter_add, 0, "user org level admin-code parent office name from to"},
	{"list", chapter_list_cmd, 0,
	 "user org level admin-code parent office on limit offset json"},
	{"show", chapter_show, 1, "user json ARG"},
	{"contract-add", contract_add, 0, "user chapter office number signed parties from to"},
	{"contracts", contract_list_cmd, 0, "user chapter office on limit offset json"},
};

int cmd_chapter(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "chapter %s", subs[i].name);
		struct org_args a;
		int rc = org_args_parse(&a, cmd, help, argc - 1, argv + 1);
		if (rc != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		if (a.n_pos <= subs[i].positionals && cli_options_only(cmd, subs[i].used) != CLI_OK)
			return CLI_ERROR;
		if (a.n_pos > subs[i].positionals)
			return cli_failf(cmd, "unexpected argument '%s' (tham số thừa)",
					 a.pos[subs[i].positionals]);
		struct td_store *s = NULL;
		struct td_actor actor;
		struct td_ctx ctx;
		if (org_args_open(&a, &s, &actor, &ctx) != CLI_OK)
			return CLI_ERROR;
		rc = subs[i].run(&ctx, &a);
		store_close(s);
		return rc;
	}
	return cli_failf("chapter",
			 "không có lệnh con '%s'; dùng add, list, show, contract-add, "
			 "contracts (xem tindung chapter --help)",
			 argv[1]);
}
