/* tindung capital add|list|show|transfer: capital sources (bank/capital.h, R-CAP-1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/capital.h"
#include "cli/cli.h"
#include "cli/ledger_args.h"
#include "cli/options.h"
#include "cli/table.h"

static const char *help =
	"Cách dùng: tindung capital LỆNH [tùy chọn]\n"
	"  add      --code MÃ --kind central|local --name TÊN --office ĐƠN_VỊ\n"
	"           [--investor \"UBND ...\" --investor-code MÃ --level province|district|commune]\n"
	"           (nguồn vốn địa phương cần nhà đầu tư, mã và cấp)\n"
	"  list     [--limit N] [--offset N] [--json]\n"
	"  show ID  [--json]\n"
	"  transfer ID (--in SỐ_TIỀN | --out SỐ_TIỀN) [--note GHI_CHÚ]   vốn về / hoàn trả\n"
	"Số tiền: 1.000.000 hoặc 1000000 (đồng). Chung: [--db URL] [--user TÊN].\n";

static void print_source(json_t *o)
{
	char b[4][TD_MONEY_FMT_MAX];
	static const char *const k[] = {"entrusted", "returned", "lent", "available"};
	for (int i = 0; i < 4; i++)
		money_format(json_integer_value(json_object_get(o, k[i])), b[i], TD_MONEY_FMT_MAX);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(o, "id")));
	cli_cell(stdout, id, 4);
	cli_cell(stdout, json_string_value(json_object_get(o, "code")), 12);
	cli_cell(stdout, json_string_value(json_object_get(o, "kind")), 8);
	cli_cell(stdout, json_string_value(json_object_get(o, "office_code")), 8);
	printf("vốn về %s, hoàn trả %s, đang cho vay %s, còn %s đồng — %s\n", b[0], b[1], b[2],
	       b[3], json_string_value(json_object_get(o, "name")));
}

static int add(struct td_ctx *ctx, struct ledger_args *a)
{
	struct capital_input in = {a->code, a->kind, a->name, 0, a->investor, a->investor_code,
				   a->level};
	if (ledger_args_office(a, ctx->store, &in.office_id) != CLI_OK)
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t id = 0;
	if (capital_create(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	printf("Đã thêm nguồn vốn %s (id %lld).\n", in.code, (long long)id);
	return CLI_OK;
}

static int show_json(json_t *j, struct ledger_args *a)
{
	if (a->json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
	} else if (json_object_get(j, "items")) {
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(j, "items"), i, o) print_source(o);
	} else {
		print_source(j);
	}
	json_decref(j);
	return CLI_OK;
}

static int list(struct td_ctx *ctx, struct ledger_args *a)
{
	json_t *j = NULL;
	struct td_error err = {0};
	if (capital_list(ctx, a->limit, a->offset, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	return show_json(j, a);
}

static int source_id(struct ledger_args *a, int64_t *id)
{
	char *end = NULL;
	long long v = a->pos ? strtoll(a->pos, &end, 10) : 0;
	if (!a->pos || *end || v <= 0)
		return cli_failf(a->cmd, "give the id of the capital source (tindung capital list)");
	*id = v;
	return CLI_OK;
}

static int show(struct td_ctx *ctx, struct ledger_args *a)
{
	int64_t id = 0;
	json_t *j = NULL;
	struct td_error err = {0};
	if (source_id(a, &id) != CLI_OK)
		return CLI_ERROR;
	if (capital_get(ctx, id, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	return show_json(j, a);
}

static int transfer(struct td_ctx *ctx, struct ledger_args *a)
{
	int64_t id = 0, entry = 0;
	if (source_id(a, &id) != CLI_OK)
		return CLI_ERROR;
	if (!a->in == !a->out)
		return cli_failf(a->cmd, "give exactly one of --in SỐ_TIỀN and --out SỐ_TIỀN");
	struct td_error err = {0};
	td_money amount = 0;
	if (money_parse(a->in ? a->in : a->out, &amount, &err) != TD_OK ||
	    capital_transfer(ctx, id, a->in ? CAPITAL_IN : CAPITAL_OUT, amount, a->note, NULL,
			     &entry, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char b[TD_MONEY_FMT_MAX];
	printf("Đã ghi %s %s đồng (bút toán %lld).\n", a->in ? "vốn về" : "hoàn trả vốn",
	       money_format(amount, b, sizeof b), (long long)entry);
	return CLI_OK;
}

int cmd_capital(int argc, char **argv)
{
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(help, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_ERROR : CLI_OK;
	}
	static const struct {
		const char *name;
		int (*run)(struct td_ctx *, struct ledger_args *);
		const char *used; /* its options (cli_options_only) */
	} subs[] = {{"add", add, "user code kind name office investor investor-code level"},
		    {"list", list, "user limit offset json"},
		    {"show", show, "user json ARG"},
		    {"transfer", transfer, "user in out note ARG"}};
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "capital %s", subs[i].name);
		struct ledger_args a = {.cmd = cmd};
		struct td_actor actor;
		struct td_ctx ctx;
		if (ledger_args_parse(&a, argc - 1, argv + 1) != CLI_OK ||
		    cli_options_only(cmd, subs[i].used) != CLI_OK ||
		    ledger_args_ctx(&a, &actor, &ctx) != CLI_OK)
			return CLI_ERROR;
		int rc = subs[i].run(&ctx, &a);
		store_close(ctx.store);
		return rc;
	}
	return cli_failf("capital", "không có lệnh con '%s'; dùng add, list, show, transfer",
			 argv[1]);
}
