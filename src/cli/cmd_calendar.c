/* tindung calendar list|set: the working-day calendar — public holidays (Tết, ...) and
 * weekend days worked in exchange — that R-APP-4's three working days count on
 * (bank/calendar.h; docs/parameters.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/calendar.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/human.h"
#include "cli/org_args.h"

static const char *help =
	"Cách dùng: tindung calendar LỆNH [tùy chọn]\n"
	"  list  [--year NĂM | --from NGÀY --to NGÀY] [--json]   ngày nghỉ lễ, ngày làm bù\n"
	"  set NGÀY holiday|working|normal [--name TÊN]\n"
	"        holiday: ngày nghỉ lễ (thứ Hai – thứ Sáu); working: ngày làm bù (thứ Bảy, Chủ\n"
	"        nhật); normal: bỏ ghi nhận, ngày theo thứ trong tuần\n"
	"Sửa lịch: quản trị viên hội sở chính. Chung: [--db URL] [--user TÊN].\n";

struct cal_args {
	const char *cmd, *db, *user, *year, *from, *to, *name;
	const char *pos[2];
	int npos, json;
};

static int parse(struct cal_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'D'},
					     {"user", required_argument, NULL, 'u'},
					     {"year", required_argument, NULL, 'y'},
					     {"from", required_argument, NULL, 'f'},
					     {"to", required_argument, NULL, 't'},
					     {"name", required_argument, NULL, 'n'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {0}};
	struct cli_slots s = {.value = {['D'] = &a->db,
					['u'] = &a->user,
					['y'] = &a->year,
					['f'] = &a->from,
					['t'] = &a->to,
					['n'] = &a->name},
			      .flag = {['j'] = &a->json},
			      .pos = a->pos,
			      .max_pos = 2,
			      .n_pos = &a->npos};
	return cli_parse_slots(a->cmd, help, argc, argv, opts, &s);
}

static int day_arg(const struct cal_args *a, const char *what, const char *v, td_date *out)
{
	struct td_error err = {0};
	int rc = date_parse_any(v, out, &err);
	return rc == TD_OK ? CLI_OK : cli_failf(a->cmd, "%s: %s", what, err.msg);
}

/* --year Y, or --from/--to, or the business date's year. */
static int range(const struct cal_args *a, td_date today, td_date *from, td_date *to)
{
	struct td_error err = {0};
	int y = date_to_civil(today).year;
	if (a->year) {
		char *end = NULL;
		long v = strtol(a->year, &end, 10);
		if (*end || v < 1900 || v > 2999)
			return cli_failf(a->cmd,
					 "--year: cần năm từ 1900 đến 2999, không phải '%s'",
					 a->year);
		y = (int)v;
	}
	if (date_from_civil(y, 1, 1, from, &err) != TD_OK ||
	    date_from_civil(y, 12, 31, to, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->from && day_arg(a, "--from", a->from, from) != CLI_OK)
		return CLI_ERROR;
	if (a->to && day_arg(a, "--to", a->to, to) != CLI_OK)
		return CLI_ERROR;
	return CLI_OK;
}

static const char *const weekdays[] = {"",	  "thứ Hai", "thứ Ba",	"thứ Tư",
				       "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"};

static int cal_list(struct td_ctx *ctx, struct cal_args *a)
{
	td_date from, to;
	if (a->npos)
		return cli_failf(a->cmd, "tham số thừa '%s'", a->pos[0]);
	if (range(a, ctx->business_date, &from, &to) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	json_t *j = NULL;
	if (calendar_list(ctx, from, to, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		org_print_json(j);
		return CLI_OK;
	}
	char d1[HUMAN_MAX], d2[HUMAN_MAX];
	printf("Từ %s đến %s: %lld ngày làm việc.\n", date_format_vn(from, d1, sizeof d1),
	       date_format_vn(to, d2, sizeof d2),
	       (long long)json_integer_value(json_object_get(j, "working_days")));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "items"), i, r)
	{
		json_int_t wd = json_integer_value(json_object_get(r, "weekday"));
		printf("  %s %-8s %-9s %s\n",
		       human_date(json_string_value(json_object_get(r, "day")), d1),
		       wd >= 1 && wd <= 7 ? weekdays[wd] : "",
		       strcmp(json_string_value(json_object_get(r, "kind")), "holiday") == 0
			       ? "nghỉ"
			       : "làm bù",
		       json_string_value(json_object_get(r, "name")));
	}
	json_decref(j);
	return CLI_OK;
}

static int cal_set(struct td_ctx *ctx, struct cal_args *a)
{
	if (a->npos != 2)
		return cli_failf(a->cmd, "cần NGÀY và loại ngày (holiday, working hoặc normal)");
	td_date day;
	if (day_arg(a, "NGÀY", a->pos[0], &day) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	if (calendar_set(ctx, day, a->pos[1], a->name, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char d[TD_DATE_FMT_MAX];
	printf("Ngày %s: %s.\n", date_format_vn(day, d, sizeof d),
	       strcmp(a->pos[1], "holiday") == 0   ? "nghỉ lễ"
	       : strcmp(a->pos[1], "working") == 0 ? "làm bù"
						   : "theo thứ trong tuần");
	return CLI_OK;
}

int cmd_calendar(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	int (*run)(struct td_ctx *, struct cal_args *) = strcmp(argv[1], "list") == 0  ? cal_list
							 : strcmp(argv[1], "set") == 0 ? cal_set
										       : NULL;
	if (!run)
		return cli_failf("calendar", "không có lệnh con '%s'; dùng list, set", argv[1]);
	char cmd[32];
	snprintf(cmd, sizeof cmd, "calendar %s", argv[1]);
	struct cal_args a = {.cmd = cmd};
	int rc = parse(&a, argc - 1, argv + 1);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (cli_options_only(cmd, run == cal_list ? "user year from to json" : "user name ARG") !=
	    CLI_OK)
		return CLI_ERROR;
	struct td_store *s = NULL;
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_open_db(cmd, cli_db_url(a.db), &s) != CLI_OK)
		return CLI_ERROR;
	rc = cli_ctx(cmd, s, a.user, &actor, &ctx);
	if (rc == CLI_OK)
		rc = run(&ctx, &a);
	store_close(s);
	return rc;
}
