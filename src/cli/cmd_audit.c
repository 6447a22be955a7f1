/* tindung audit verify|list: check the hash chain of the audit trail, and read it. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bank/audit.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/dbopen.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung audit LỆNH [tùy chọn]\n"
	"  verify   kiểm tra chuỗi băm của nhật ký: thoát 0 khi nguyên vẹn, 1 khi có bản ghi bị\n"
	"           sửa, xóa hoặc chèn (in ra bản ghi hỏng đầu tiên), 2 khi có lỗi\n"
	"  list     [--entity LOẠI] [--id N] [--by TÊN] [--action HÀNH_ĐỘNG]\n"
	"           [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--offset N] [--json]\n"
	"           các bản ghi mới nhất trước; ngày là ngày nghiệp vụ\n"
	"Chung: [--db URL] [--user TÊN] (list: với quyền của người dùng TÊN).\n";

struct audit_opts {
	const char *db, *as_user;
	struct audit_filter f;
	bool json;
};

enum { O_DB = 1000, O_AS, O_ENTITY, O_ID, O_BY, O_ACTION, O_FROM, O_TO, O_LIMIT, O_OFFSET, O_JSON };

static int parse_number(const char *cmd, const char *opt, long min, long max, long *out)
{
	return cli_parse_int(cmd, opt, optarg, min, max, out);
}

static int parse(const char *cmd, int argc, char **argv, struct audit_opts *o)
{
	static const struct option opts[] = {{"db", required_argument, 0, O_DB},
					     {"user", required_argument, 0, O_AS},
					     {"entity", required_argument, 0, O_ENTITY},
					     {"id", required_argument, 0, O_ID},
					     {"by", required_argument, 0, O_BY},
					     {"action", required_argument, 0, O_ACTION},
					     {"from", required_argument, 0, O_FROM},
					     {"to", required_argument, 0, O_TO},
					     {"limit", required_argument, 0, O_LIMIT},
					     {"offset", required_argument, 0, O_OFFSET},
					     {"json", no_argument, 0, O_JSON},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	int c;
	long n = 0;
	while ((c = cli_getopt(cmd, argc, argv, opts)) != -1) {
		int rc = CLI_OK;
		switch (c) {
		case 'h': fputs(help, stdout); return -1;
		case O_DB: o->db = optarg; break;
		case O_AS: o->as_user = optarg; break;
		case O_ENTITY: o->f.entity = optarg; break;
		case O_BY: o->f.username = optarg; break;
		case O_ACTION: o->f.action = optarg; break;
		case O_FROM: o->f.from = optarg; break;
		case O_TO: o->f.to = optarg; break;
		case O_JSON: o->json = true; break;
		case O_ID:
			rc = parse_number(cmd, "--id", 1, 1L << 62, &n);
			o->f.entity_id = n;
			break;
		case O_LIMIT:
			rc = parse_number(cmd, "--limit", 1, 500, &n);
			o->f.limit = (int)n;
			break;
		case O_OFFSET:
			rc = parse_number(cmd, "--offset", 0, 1L << 30, &n);
			o->f.offset = (int)n;
			break;
		default: return CLI_ERROR;
		}
		if (rc != CLI_OK)
			return rc;
	}
	return cli_no_positionals(cmd, argc, argv);
}

static int verify(struct td_store *s)
{
	struct audit_verify_result res;
	struct td_error err = {0};
	int rc = audit_verify(s, &res, &err);
	if (rc == TD_OK) {
		printf("Nhật ký kiểm toán nguyên vẹn: %lld bản ghi (intact, %lld records)\n",
		       (long long)res.records, (long long)res.records);
		return CLI_OK;
	}
	if (rc != TD_ECONFLICT)
		return cli_fail("audit verify", &err);
	printf("Nhật ký kiểm toán bị hỏng (broken): %s\n", res.reason);
	return CLI_NO;
}

static void print_records(json_t *list)
{
	static const int w[] = {7, 19, 10, 20, 14};
	static const char *const head[] = {"ID", "THỜI ĐIỂM (UTC)", "NGÀY NV", "NGƯỜI DÙNG",
					   "HÀNH ĐỘNG"};
	for (int c = 0; c < 5; c++)
		cli_cell(stdout, head[c], w[c]);
	puts("ĐỐI TƯỢNG");
	json_t *items = json_object_get(list, "items");
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r)
	{
		char id[24];
		snprintf(id, sizeof id, "%lld",
			 (long long)json_integer_value(json_object_get(r, "id")));
		cli_cell(stdout, id, w[0]);
		char at[HUMAN_MAX], day[HUMAN_MAX];
		cli_cell(stdout, human_time(json_string_value(json_object_get(r, "at")), at), w[1]);
		cli_cell(stdout, human_date_of(r, "business_date", day), w[2]);
		cli_cell(stdout, json_string_value(json_object_get(r, "username")), w[3]);
		cli_cell(stdout, json_string_value(json_object_get(r, "action")), w[4]);
		printf("%s #%lld\n", json_string_value(json_object_get(r, "entity")),
		       (long long)json_integer_value(json_object_get(r, "entity_id")));
	}
	printf("%zu / %lld bản ghi\n", json_array_size(items),
	       (long long)json_integer_value(json_object_get(list, "total")));
}

static int list(struct td_store *s, const struct audit_opts *o)
{
	struct td_actor actor;
	struct td_ctx ctx;
	if (cli_ctx("audit list", s, o->as_user, &actor, &ctx) != CLI_OK)
		return CLI_ERROR;
	json_t *out = NULL;
	struct td_error err = {0};
	if (audit_list(&ctx, &o->f, &out, &err) != TD_OK)
		return cli_fail("audit list", &err);
	if (o->json) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		print_records(out);
	}
	json_decref(out);
	return CLI_OK;
}

int cmd_audit(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	bool is_verify = strcmp(argv[1], "verify") == 0;
	if (!is_verify && strcmp(argv[1], "list") != 0)
		return cli_failf("audit",
				 "không có lệnh con '%s'; dùng verify, list (xem "
				 "tindung audit --help)",
				 argv[1]);
	const char *cmd = is_verify ? "audit verify" : "audit list";
	struct audit_opts o = {0};
	int rc = parse(cmd, argc - 1, argv + 1, &o);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (is_verify && (o.as_user || o.f.entity || o.f.entity_id || o.f.username || o.f.action ||
			  o.f.from || o.f.to || o.f.limit || o.f.offset || o.json))
		return cli_failf(cmd, "verify chỉ nhận --db (kiểm tra toàn bộ chuỗi)");
	struct td_store *s = NULL;
	if (cli_open_db(cmd, cli_db_url(o.db), &s) != CLI_OK)
		return CLI_ERROR;
	rc = is_verify ? verify(s) : list(s, &o);
	store_close(s);
	return rc;
}
