/* tindung group ...: savings-and-loan groups, their members and their history
 * (bank/group.h, R-ORG-2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/group.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/options.h"
#include "cli/org_args.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung group LỆNH [tùy chọn]\n"
	"  add     --code MÃ --name TÊN --village ID --chapter ID --point ID --officer ID\n"
	"          --decision-no SỐ --decision-date NGÀY --founded NGÀY --members ID,ID,...\n"
	"          --leader ID [--deputy ID]              thành lập tổ (3–60 hộ cùng thôn)\n"
	"  show ID [--as-of NGÀY] [--json]               tổ và thành viên tại một ngày\n"
	"  list    [--chapter ID] [--village ID] [--point ID] [--office ĐƠN_VỊ] [--org TỔ_CHỨC]\n"
	"          [--search CHUỖI] [--status open|closed|all] [--on NGÀY] [--limit N]\n"
	"          [--offset N] [--json]\n"
	"  history ID [--all] [--json]                   các lần chuyển; --all: mọi kỳ thành viên\n"
	"  member-add ID --household ID --on NGÀY [--role member|leader|deputy]\n"
	"  member-leave ID --household ID --on NGÀY\n"
	"  member-role ID --household ID --role leader|deputy|member --on NGÀY\n"
	"          (tổ trưởng/tổ phó mới nhận vai trò; người cũ thành tổ viên cùng ngày)\n"
	"  move ID --on NGÀY [--chapter ID] [--point ID] [--officer ID]\n"
	"  split ID --on NGÀY --code MÃ --name TÊN --decision-no SỐ --decision-date NGÀY\n"
	"          --members ID,ID,... --leader ID [--deputy ID]   tách tổ mới\n"
	"  merge ID --into ID --on NGÀY                  sáp nhập tổ ID vào tổ --into\n"
	"  close ID --on NGÀY                            giải thể tổ\n"
	"Ngày: YYYY-MM-DD hoặc dd/mm/yyyy. Chung: [--db URL] [--user TÊN].\n";

static int fail_or(struct org_args *a, struct org_problems *p)
{
	return problems_finish(p) != TD_OK ? cli_fail(a->cmd, p->err) : CLI_OK;
}

static int group_add(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	static const enum org_opt req[] = {OO_CODE,    OO_NAME,	   OO_VILLAGE,	   OO_CHAPTER,
					   OO_POINT,   OO_OFFICER, OO_DECISION_NO, OO_DECISION_DATE,
					   OO_FOUNDED, OO_MEMBERS, OO_LEADER};
	org_arg_require(a, req, sizeof req / sizeof *req, &p);
	struct group_founding in = {.code = a->v[OO_CODE],
				    .name = a->v[OO_NAME],
				    .decision_no = a->v[OO_DECISION_NO],
				    .decision_date = ORG_NO_DATE,
				    .founded_on = ORG_NO_DATE};
	int64_t *members = NULL;
	org_arg_id(a, OO_VILLAGE, &in.village_id, &p);
	org_arg_id(a, OO_CHAPTER, &in.chapter_id, &p);
	org_arg_id(a, OO_POINT, &in.point_id, &p);
	org_arg_id(a, OO_OFFICER, &in.officer_staff_id, &p);
	org_arg_date(a, OO_DECISION_DATE, &in.decision_date, &p);
	org_arg_date(a, OO_FOUNDED, &in.founded_on, &p);
	org_arg_ids(a, OO_MEMBERS, &members, &in.n_members, &p);
	org_arg_id(a, OO_LEADER, &in.leader_id, &p);
	org_arg_id(a, OO_DEPUTY, &in.deputy_id, &p);
	in.members = members;
	int64_t id = 0;
	int rc = fail_or(a, &p);
	if (rc == CLI_OK && group_create(ctx, &in, &id, &err) != TD_OK)
		rc = cli_fail(a->cmd, &err);
	free(members);
	if (rc == CLI_OK)
		printf("Đã thành lập tổ %s (id %lld) với %zu hộ thành viên.\n", in.code,
		       (long long)id, in.n_members);
	return rc;
}

static void print_members(json_t *list)
{
	static const char *const head[] = {"HỘ", "VAI TRÒ", "CCCD", "TỪ", "ĐẾN"};
	static const int w[] = {6, 9, 12, 10, 10};
	printf("  ");
	for (int i = 0; i < 5; i++)
		cli_cell(stdout, head[i], w[i]);
	puts("CHỦ HỘ");
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(list, "items"), i, m)
	{
		char h[24], d1[HUMAN_MAX], d2[HUMAN_MAX];
		snprintf(h, sizeof h, "%lld",
			 (long long)json_integer_value(json_object_get(m, "household_id")));
		const char *role = json_string_value(json_object_get(m, "role"));
		printf("  ");
		cli_cell(stdout, h, w[0]);
		cli_cell(stdout,
			 strcmp(role, "leader") == 0   ? "tổ trưởng"
			 : strcmp(role, "deputy") == 0 ? "tổ phó"
						       : "tổ viên",
			 w[1]);
		cli_cell(stdout, json_string_value(json_object_get(m, "cccd")), w[2]);
		cli_cell(stdout,
			 human_date(json_string_value(json_object_get(m, "joined_on")), d1), w[3]);
		cli_cell(stdout, human_date(json_string_value(json_object_get(m, "left_on")), d2),
			 w[4]);
		puts(json_string_value(json_object_get(m, "head_name")));
	}
}

static void print_group(json_t *g)
{
	char d1[HUMAN_MAX], d2[HUMAN_MAX], d3[HUMAN_MAX];
	printf("Tổ %s — %s (id %lld)\n", json_string_value(json_object_get(g, "code")),
	       json_string_value(json_object_get(g, "name")),
	       (long long)json_integer_value(json_object_get(g, "id")));
	printf("  Thôn: %s   Chi hội: %s (id %lld, %s)\n",
	       json_string_value(json_object_get(g, "village_name")),
	       json_string_value(json_object_get(g, "chapter_name")),
	       (long long)json_integer_value(json_object_get(g, "chapter_id")),
	       json_string_value(json_object_get(g, "org")));
	printf("  Điểm giao dịch: %lld   Cán bộ tín dụng: %lld   Đơn vị: %lld\n",
	       (long long)json_integer_value(json_object_get(g, "point_id")),
	       (long long)json_integer_value(json_object_get(g, "officer_staff_id")),
	       (long long)json_integer_value(json_object_get(g, "office_id")));
	printf("  Quyết định thành lập số %s ngày %s; thành lập %s\n",
	       json_string_value(json_object_get(g, "decision_no")),
	       human_date(json_string_value(json_object_get(g, "decision_date")), d1),
	       human_date(json_string_value(json_object_get(g, "founded_on")), d2));
	const char *closed = json_string_value(json_object_get(g, "closed_on"));
	if (closed)
		printf("  Đã %s ngày %s\n",
		       strcmp(json_string_value(json_object_get(g, "close_reason")), "merged") == 0
			       ? "sáp nhập"
			       : "giải thể",
		       human_date(closed, d3));
	const char *as_of = json_string_value(json_object_get(g, "as_of"));
	long long n = (long long)json_integer_value(json_object_get(g, "members_count"));
	if (as_of)
		printf("  Ngày %s: %lld hộ thành viên\n", human_date(as_of, d3), n);
	else
		printf("  Hiện tại: %lld hộ thành viên\n", n);
}

static int group_show(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	td_date on = ORG_NO_DATE;
	org_arg_pos_id(a, 0, "group", &id, &p);
	org_arg_date(a, OO_AS_OF, &on, &p);
	json_t *g = NULL, *members = NULL;
	if (fail_or(a, &p) != CLI_OK)
		return CLI_ERROR;
	if (group_get(ctx, id, on, &g, &err) != TD_OK ||
	    group_members(ctx, id, on, 0, ORG_LIMIT_MAX, 0, &members, &err) != TD_OK) {
		json_decref(g);
		return cli_fail(a->cmd, &err);
	}
	if (a->json) {
		json_object_set(g, "members", json_object_get(members, "items"));
		json_decref(members);
		org_print_json(g);
		return CLI_OK;
	}
	print_group(g);
	print_members(members);
	json_decref(g);
	json_decref(members);
	return CLI_OK;
}

static int group_list_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	struct group_filter f = {.org = a->v[OO_ORG], .q = a->v[OO_SEARCH], .on = ORG_NO_DATE};
	org_arg_id(a, OO_CHAPTER, &f.chapter_id, &p);
	org_arg_id(a, OO_VILLAGE, &f.village_id, &p);
	org_arg_id(a, OO_POINT, &f.point_id, &p);
	org_arg_office(a, ctx->store, OO_OFFICE, &f.office_id, &p);
	org_arg_date(a, OO_ON, &f.on, &p);
	org_arg_page(a, &f.limit, &f.offset, &p);
	const char *st = a->v[OO_STATUS];
	if (st && strcmp(st, "closed") == 0)
		f.status = GROUP_CLOSED;
	else if (st && strcmp(st, "all") == 0)
		f.status = GROUP_ANY;
	else if (st && strcmp(st, "open") != 0)
		problem_add(&p, TD_EINVAL, "--status '%s': one of open, closed, all", st);
	json_t *list = NULL;
	if (fail_or(a, &p) != CLI_OK)
		return CLI_ERROR;
	if (group_list(ctx, &f, &list, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		org_print_json(list);
		return CLI_OK;
	}
	static const char *const head[] = {"ID", "MÃ", "TỔ CHỨC", "CHI HỘI", "THÔN", "SỐ HỘ"};
	static const int w[] = {5, 12, 9, 8, 6, 6};
	for (int i = 0; i < 6; i++)
		cli_cell(stdout, head[i], w[i]);
	puts("TÊN");
	size_t i;
	json_t *g;
	json_array_foreach(json_object_get(list, "items"), i, g)
	{
		char c[4][24];
		static const char *const keys[] = {"id", "chapter_id", "village_id",
						   "members_count"};
		for (int k = 0; k < 4; k++)
			snprintf(c[k], sizeof c[k], "%lld",
				 (long long)json_integer_value(json_object_get(g, keys[k])));
		cli_cell(stdout, c[0], w[0]);
		cli_cell(stdout, json_string_value(json_object_get(g, "code")), w[1]);
		cli_cell(stdout, json_string_value(json_object_get(g, "org")), w[2]);
		cli_cell(stdout, c[1], w[3]);
		cli_cell(stdout, c[2], w[4]);
		cli_cell(stdout, c[3], w[5]);
		puts(json_string_value(json_object_get(g, "name")));
	}
	printf("%zu / %lld tổ\n", json_array_size(json_object_get(list, "items")),
	       (long long)json_integer_value(json_object_get(list, "total")));
	json_decref(list);
	return CLI_OK;
}

static int group_history_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	org_arg_pos_id(a, 0, "group", &id, &p);
	if (fail_or(a, &p) != CLI_OK)
		return CLI_ERROR;
	json_t *h = NULL, *members = NULL;
	if (group_history(ctx, id, &h, &err) != TD_OK ||
	    (a->all &&
	     group_members(ctx, id, ORG_NO_DATE, 1, ORG_LIMIT_MAX, 0, &members, &err) != TD_OK)) {
		json_decref(h);
		return cli_fail(a->cmd, &err);
	}
	if (a->json) {
		if (members)
			json_object_set_new(h, "members",
					    json_incref(json_object_get(members, "items")));
		json_decref(members);
		org_print_json(h);
		return CLI_OK;
	}
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(h, "items"), i, v)
	{
		char d1[HUMAN_MAX], d2[HUMAN_MAX];
		const char *to = json_string_value(json_object_get(v, "valid_to"));
		printf("%s – %-10s chi hội %lld (%s), điểm %lld, cán bộ %lld, đơn vị %lld [%s]\n",
		       human_date(json_string_value(json_object_get(v, "valid_from")), d1),
		       to ? human_date(to, d2) : "nay",
		       (long long)json_integer_value(json_object_get(v, "chapter_id")),
		       json_string_value(json_object_get(v, "chapter_name")),
		       (long long)json_integer_value(json_object_get(v, "point_id")),
		       (long long)json_integer_value(json_object_get(v, "officer_staff_id")),
		       (long long)json_integer_value(json_object_get(v, "office_id")),
		       json_string_value(json_object_get(v, "reason")));
	}
	if (members)
		print_members(members);
	json_decref(members);
	json_decref(h);
	return CLI_OK;
}

/* member-add, member-leave, member-role: ID --household H --on D [--role R]. */
static int group_member_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	const char *sub = strchr(a->cmd, '-') + 1; /* "add", "leave", "role" */
	int64_t id = 0, h = 0;
	td_date on = ORG_NO_DATE;
	org_arg_pos_id(a, 0, "group", &id, &p);
	enum org_opt req[] = {OO_HOUSEHOLD, OO_ON, OO_ROLE};
	org_arg_require(a, req, strcmp(sub, "role") == 0 ? 3 : 2, &p);
	org_arg_id(a, OO_HOUSEHOLD, &h, &p);
	org_arg_date(a, OO_ON, &on, &p);
	if (fail_or(a, &p) != CLI_OK)
		return CLI_ERROR;
	int rc;
	if (strcmp(sub, "add") == 0)
		rc = group_member_add(ctx, id, h, a->v[OO_ROLE], on, &err);
	else if (strcmp(sub, "leave") == 0)
		rc = group_member_leave(ctx, id, h, on, &err);
	else
		rc = group_member_set_role(ctx, id, h, a->v[OO_ROLE], on, &err);
	if (rc != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[HUMAN_MAX];
	printf(strcmp(sub, "add") == 0	   ? "Hộ %lld vào tổ %lld từ ngày %s.\n"
	       : strcmp(sub, "leave") == 0 ? "Hộ %lld ra khỏi tổ %lld từ ngày %s.\n"
					   : "Hộ %lld nhận vai trò mới trong tổ %lld từ ngày %s.\n",
	       (long long)h, (long long)id, date_format_vn(on, d, sizeof d));
	return CLI_OK;
}

static int group_move_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	struct group_move in = {.on = ORG_NO_DATE};
	org_arg_pos_id(a, 0, "group", &id, &p);
	static const enum org_opt req[] = {OO_ON};
	org_arg_require(a, req, 1, &p);
	org_arg_id(a, OO_CHAPTER, &in.chapter_id, &p);
	org_arg_id(a, OO_POINT, &in.point_id, &p);
	org_arg_id(a, OO_OFFICER, &in.officer_staff_id, &p);
	org_arg_date(a, OO_ON, &in.on, &p);
	if (fail_or(a, &p) != CLI_OK)
		return CLI_ERROR;
	if (group_move(ctx, id, &in, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[HUMAN_MAX];
	printf("Đã chuyển tổ %lld từ ngày %s.\n", (long long)id,
	       date_format_vn(in.on, d, sizeof d));
	return CLI_OK;
}

static int group_split_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	struct group_split in = {.on = ORG_NO_DATE,
				 .decision_date = ORG_NO_DATE,
				 .code = a->v[OO_CODE],
				 .name = a->v[OO_NAME],
				 .decision_no = a->v[OO_DECISION_NO]};
	int64_t *members = NULL;
	org_arg_pos_id(a, 0, "group", &in.source_id, &p);
	static const enum org_opt req[] = {
		OO_ON, OO_CODE, OO_NAME, OO_DECISION_NO, OO_DECISION_DATE, OO_MEMBERS, OO_LEADER};
	org_arg_require(a, req, sizeof req / sizeof *req, &p);
	org_arg_date(a, OO_ON, &in.on, &p);
	org_arg_date(a, OO_DECISION_DATE, &in.decision_date, &p);
	org_arg_ids(a, OO_MEMBERS, &members, &in.n_members, &p);
	org_arg_id(a, OO_LEADER, &in.leader_id, &p);
	org_arg_id(a, OO_DEPUTY, &in.deputy_id, &p);
	in.members = members;
	int64_t new_id = 0;
	int rc = fail_or(a, &p);
	if (rc == CLI_OK && group_split(ctx, &in, &new_id, &err) != TD_OK)
		rc = cli_fail(a->cmd, &err);
	free(members);
	if (rc == CLI_OK)
		printf("Đã tách %zu hộ từ tổ %lld sang tổ mới %s (id %lld).\n", in.n_members,
		       (long long)in.source_id, in.code, (long long)new_id);
	return rc;
}

static int group_merge_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t from = 0, into = 0;
	td_date on = ORG_NO_DATE;
	org_arg_pos_id(a, 0, "group", &from, &p);
	static const enum org_opt req[] = {OO_INTO, OO_ON};
	org_arg_require(a, req, 2, &p);
	org_arg_id(a, OO_INTO, &into, &p);
	org_arg_date(a, OO_ON, &on, &p);
	if (fail_or(a, &p) != CLI_OK)
		return CLI_ERROR;
	if (group_merge(ctx, into, from, on, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[HUMAN_MAX];
	printf("Đã sáp nhập tổ %lld vào tổ %lld từ ngày %s.\n", (long long)from, (long long)into,
	       date_format_vn(on, d, sizeof d));
	return CLI_OK;
}

static int group_close_cmd(struct td_ctx *ctx, struct org_args *a)
{
	struct td_error err = {0};
	struct org_problems p;
	problems_init(&p, &err);
	int64_t id = 0;
	td_date on = ORG_NO_DATE;
	org_arg_pos_id(a, 0, "group", &id, &p);
	static const enum org_opt req[] = {OO_ON};
	org_arg_require(a, req, 1, &p);
	org_arg_date(a, OO_ON, &on, &p);
	if (fail_or(a, &p) != CLI_OK)
		return CLI_ERROR;
	if (group_close(ctx, id, on, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[HUMAN_MAX];
	printf("Đã giải thể tổ %lld từ ngày %s.\n", (long long)id, date_format_vn(on, d, sizeof d));
	return CLI_OK;
}

static const struct {
	const char *name;
	int (*run)(struct td_ctx *ctx, struct org_args *a);
	int positionals;
	const char *used; /* its options (cli_options_only) */
} subs[] = {
	{"add", group_add, 0,
	 "user code name village chapter point officer decision-no decision-date founded "
	 "members leader deputy"},
	{"show", group_show, 1, "user as-of json ARG"},
	{"list", group_list_cmd, 0,
	 "user org search chapter village point office on status limit offset json"},
	{"history", group_history_cmd, 1, "user all json ARG"},
	{"member-add", group_member_cmd, 1, "user household on role ARG"},
	{"member-leave", group_member_cmd, 1, "user household on ARG"},
	{"member-role", group_member_cmd, 1, "user household role on ARG"},
	{"move", group_move_cmd, 1, "user on chapter point officer ARG"},
	{"split", group_split_cmd, 1,
	 "user on code name decision-no decision-date members leader deputy ARG"},
	{"merge", group_merge_cmd, 1, "user into on ARG"},
	{"close", group_close_cmd, 1, "user on ARG"},
};

int cmd_group(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "group %s", subs[i].name);
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
	return cli_failf("group",
			 "không có lệnh con '%s'; dùng add, show, list, history, "
			 "member-add, member-leave, member-role, move, split, merge, close "
			 "(xem tindung group --help)",
			 argv[1]);
}
