/* tindung param list|show|set: the figures the government changes, as dated rows
 * (bank/param.h; docs/parameters.md). Programme terms and rates: tindung programme; the
 * working-day calendar: tindung calendar. */
#include <stdio.h>
#include <string.h>

#include "bank/param.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/human.h"
#include "cli/org_args.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung param LỆNH [tùy chọn]\n"
	"  list               [--date NGÀY] [--json]   các tham số và giá trị áp dụng ngày NGÀY\n"
	"  show TÊN           [--json]                 lịch sử một tham số\n"
	"  set TÊN GIÁ_TRỊ    --from NGÀY --source CĂN_CỨ [--programme MÃ]\n"
	"                     giá trị mới từ một ngày (chỉ sau giá trị gần nhất; lịch sử giữ "
	"nguyên)\n"
	"Tham số: fee.rate, fee.tiers, fee.split, commission.rate, savings.min_deposit,\n"
	"savings.rate_ceiling, score.weights, score.anchors, score.grades,\n"
	"application.check_days (docs/parameters.md). Ví dụ:\n"
	"  tindung param set fee.rate 0.03 --from 2026-01-01 --source \"QĐ 123/QĐ-HĐQT\"\n"
	"Sửa tham số: quản trị viên hội sở chính. Chung: [--db URL] [--user TÊN].\n";

struct param_args {
	const char *cmd, *db, *user, *date, *from, *source, *programme;
	const char *pos[2];
	int npos, json;
};

static int parse(struct param_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'D'},
					     {"user", required_argument, NULL, 'u'},
					     {"date", required_argument, NULL, 'd'},
					     {"from", required_argument, NULL, 'f'},
					     {"source", required_argument, NULL, 's'},
					     {"programme", required_argument, NULL, 'p'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {0}};
	struct cli_slots s = {.value = {['D'] = &a->db,
					['u'] = &a->user,
					['d'] = &a->date,
					['f'] = &a->from,
					['s'] = &a->source,
					['p'] = &a->programme},
			      .flag = {['j'] = &a->json},
			      .pos = a->pos,
			      .max_pos = 2,
			      .n_pos = &a->npos};
	return cli_parse_slots(a->cmd, help, argc, argv, opts, &s);
}

static int day_arg(const struct param_args *a, const char *opt, const char *v, td_date *out)
{
	struct td_error err = {0};
	int rc = date_parse_any(v, out, &err);
	return rc == TD_OK ? CLI_OK : cli_failf(a->cmd, "%s: %s", opt, err.msg);
}

static void print_item(json_t *p)
{
	const char *value = json_string_value(json_object_get(p, "value"));
	cli_cell(stdout, json_string_value(json_object_get(p, "name")), 24);
	cli_cell(stdout, value ? value : "-", 36);
	printf("%s %s\n", json_string_value(json_object_get(p, "unit")),
	       json_string_value(json_object_get(p, "label")));
	const char *code;
	json_t *v;
	json_object_foreach(json_object_get(p, "programmes"), code, v)
		printf("    chương trình %s: %s\n", code, json_string_value(v));
}

static int param_list_cmd(struct td_ctx *ctx, struct param_args *a)
{
	td_date day = ctx->business_date;
	if (a->npos)
		return cli_failf(a->cmd, "tham số thừa '%s'", a->pos[0]);
	if (a->date && day_arg(a, "--date", a->date, &day) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	json_t *j = NULL;
	if (param_list(ctx, day, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		org_print_json(j);
		return CLI_OK;
	}
	char d[TD_DATE_FMT_MAX];
	printf("Tham số áp dụng ngày %s:\n", date_format_vn(day, d, sizeof d));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(j, "items"), i, p) print_item(p);
	json_decref(j);
	return CLI_OK;
}

static int param_show_cmd(struct td_ctx *ctx, struct param_args *a)
{
	if (a->npos != 1)
		return cli_failf(a->cmd, "cần đúng một tên tham số");
	struct td_error err = {0};
	const struct param_def *def = NULL;
	json_t *j = NULL;
	if (param_def_find(a->pos[0], &def, &err) != TD_OK ||
	    param_list(ctx, ctx->business_date, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	size_t i;
	json_t *p, *found = NULL;
	json_array_foreach(json_object_get(j, "items"), i,
			   p) if (strcmp(json_string_value(json_object_get(p, "name")),
					 def->name) == 0) found = p;
	if (a->json) {
		org_print_json(json_incref(found));
		json_decref(j);
		return CLI_OK;
	}
	printf("%s — %s (%s)\n", def->name, def->label, def->unit);
	json_t *h;
	json_array_foreach(json_object_get(found, "history"), i, h)
	{
		char d1[HUMAN_MAX], d2[HUMAN_MAX];
		const char *scope = json_string_value(json_object_get(h, "scope"));
		printf("  từ %s%s%s: %s — %s (ghi ngày %s, %s)\n",
		       human_date(json_string_value(json_object_get(h, "effective_from")), d1),
		       *scope ? ", chương trình " : "", scope,
		       json_string_value(json_object_get(h, "value")),
		       json_string_value(json_object_get(h, "source")),
		       human_date(json_string_value(json_object_get(h, "recorded_on")), d2),
		       json_string_value(json_object_get(h, "recorded_by")));
	}
	json_decref(j);
	return CLI_OK;
}

static int param_set_cmd(struct td_ctx *ctx, struct param_args *a)
{
	if (a->npos != 2)
		return cli_failf(a->cmd, "cần TÊN và GIÁ_TRỊ (tindung param set TÊN GIÁ_TRỊ ...)");
	if (!a->from)
		return cli_failf(a->cmd, "cần --from NGÀY (ngày hiệu lực)");
	struct param_input in = {a->pos[0], a->programme, 0, a->pos[1], a->source};
	if (day_arg(a, "--from", a->from, &in.effective_from) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	if (param_set(ctx, &in, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[TD_DATE_FMT_MAX];
	printf("Tham số %s%s%s = %s từ %s.\n", in.name, a->programme ? " của chương trình " : "",
	       a->programme ? a->programme : "", in.value,
	       date_format_vn(in.effective_from, d, sizeof d));
	return CLI_OK;
}

static const struct {
	const char *name;
	int (*run)(struct td_ctx *ctx, struct param_args *a);
	const char *used; /* its options (cli_options_only) */
} subs[] = {{"list", param_list_cmd, "user date json"},
	    {"show", param_show_cmd, "user json ARG"},
	    {"set", param_set_cmd, "user from source programme ARG"}};

int cmd_param(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[32];
		snprintf(cmd, sizeof cmd, "param %s", subs[i].name);
		struct param_args a = {.cmd = cmd};
		int rc = parse(&a, argc - 1, argv + 1);
		if (rc != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		if (cli_options_only(cmd, subs[i].used) != CLI_OK)
			return CLI_ERROR;
		struct td_store *s = NULL;
		struct td_actor actor;
		struct td_ctx ctx;
		if (cli_open_db(cmd, cli_db_url(a.db), &s) != CLI_OK)
			return CLI_ERROR;
		rc = cli_ctx(cmd, s, a.user, &actor, &ctx);
		if (rc == CLI_OK)
			rc = subs[i].run(&ctx, &a);
		store_close(s);
		return rc;
	}
	return cli_failf("param", "không có lệnh con '%s'; dùng list, show, set", argv[1]);
}
