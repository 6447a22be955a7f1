/* tindung loan extend|rollover|reschedule|freeze|unfreeze|write-off|events (R-EXT-1,
 * R-EXT-2, R-RISK-1; docs/loans.md). Each decision is prepared by a director (--user) and
 * names the approving director (--approver), another user (maker–checker). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/loan.h"
#include "bank/loan_event.h"
#include "bank/user.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/loan_event_cmd.h"
#include "cli/options.h"

const char loan_event_help[] =
	"  extend     --loan ID --instalment N --months THÁNG     gia hạn nợ (R-EXT-1)\n"
	"  rollover   --loan ID --months THÁNG --seasonal         lưu vụ (R-EXT-2)\n"
	"  reschedule --loan ID --plan NGÀY:SỐ_TIỀN,...           điều chỉnh kỳ hạn (R-EXT-2)\n"
	"  freeze     --loan ID --months THÁNG --level CẤP        khoanh nợ (R-RISK-1)\n"
	"  unfreeze   --loan ID --level CẤP                       hết khoanh nợ\n"
	"  write-off  --loan ID --level CẤP                       xóa nợ (R-RISK-1)\n"
	"    mỗi quyết định: --decision SỐ_QĐ --date NGÀY --reason LÝ_DO --approver TÊN\n"
	"    --user TÊN (giám đốc lập; người phê duyệt là giám đốc khác). CẤP: central,\n"
	"    province, district.\n"
	"  events ID  [--json]        các quyết định về khoản vay\n";

struct ev_args {
	const char *cmd, *db, *user, *loan, *decision, *date, *level, *reason, *approver;
	const char *months, *instalment, *plan, *pos;
	int json, seasonal;
};

static int parse(struct ev_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'D'},
					     {"user", required_argument, NULL, 'u'},
					     {"loan", required_argument, NULL, 'l'},
					     {"decision", required_argument, NULL, 'n'},
					     {"date", required_argument, NULL, 'd'},
					     {"level", required_argument, NULL, 'v'},
					     {"reason", required_argument, NULL, 'r'},
					     {"approver", required_argument, NULL, 'a'},
					     {"months", required_argument, NULL, 'm'},
					     {"instalment", required_argument, NULL, 'i'},
					     {"plan", required_argument, NULL, 'p'},
					     {"seasonal", no_argument, NULL, 's'},
					     {"json", no_argument, NULL, 'j'},
					     {0}};
	const char **slot[128] = {['D'] = &a->db,	  ['u'] = &a->user,	['l'] = &a->loan,
				  ['n'] = &a->decision,	  ['d'] = &a->date,	['v'] = &a->level,
				  ['r'] = &a->reason,	  ['a'] = &a->approver, ['m'] = &a->months,
				  ['i'] = &a->instalment, ['p'] = &a->plan};
	int c;
	while ((c = cli_getopt(a->cmd, argc, argv, opts)) != -1) {
		if (c == 'j')
			a->json = 1;
		else if (c == 's')
			a->seasonal = 1;
		else if (c > 0 && c < 128 && slot[c])
			*slot[c] = optarg;
		else
			return CLI_ERROR;
	}
	if (optind < argc)
		a->pos = argv[optind++];
	return cli_no_positionals(a->cmd, argc, argv);
}

static int loan_id(const struct ev_args *a, const char *v, int64_t *out)
{
	char *end = NULL;
	long long n = v ? strtoll(v, &end, 10) : 0;
	if (!v || *end || n <= 0)
		return cli_failf(a->cmd, "give the loan id with --loan (a whole number)");
	*out = n;
	return CLI_OK;
}

/* --decision, --date, --level, --reason, --approver into d. The approver is looked up by
 * user name; a missing one is left to the bank's checks, which name it with the rest. */
static int decision(struct td_ctx *ctx, const struct ev_args *a, struct loan_decision *d)
{
	struct td_error err = {0};
	*d = (struct loan_decision){
		.decision_no = a->decision, .level = a->level, .reason = a->reason};
	if (!a->date)
		return cli_failf(a->cmd, "--date is missing (the decision date, YYYY-MM-DD)");
	if (date_parse_iso(a->date, &d->decided_on, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->approver && user_id_by_name(ctx->store, a->approver, &d->approver_id, &err))
		return cli_fail(a->cmd, &err);
	return CLI_OK;
}

static int months_of(const struct ev_args *a, int max, int *out)
{
	long m = 0;
	if (!a->months)
		return cli_failf(a->cmd, "--months is missing");
	if (cli_parse_int(a->cmd, "--months", a->months, 1, max, &m))
		return CLI_ERROR;
	*out = (int)m;
	return CLI_OK;
}

static int done(const struct ev_args *a, int rc, const struct td_error *err, int64_t loan,
		int64_t ev)
{
	if (rc != TD_OK)
		return cli_fail(a->cmd, err);
	printf("Đã ghi quyết định %s (sự kiện %lld) cho khoản vay %lld.\n", a->decision,
	       (long long)ev, (long long)loan);
	return CLI_OK;
}

static int extend(struct td_ctx *ctx, struct ev_args *a)
{
	struct loan_extend_input in = {0};
	long inst = 0;
	if (loan_id(a, a->loan, &in.loan_id) || decision(ctx, a, &in.d) ||
	    months_of(a, 600, &in.months) || !a->instalment ||
	    cli_parse_int(a->cmd, "--instalment", a->instalment, 1, LOAN_SCHEDULE_MAX, &inst))
		return a->instalment ? CLI_ERROR : cli_failf(a->cmd, "--instalment is missing");
	in.instalment = (int)inst;
	struct td_error err = {0};
	int64_t ev = 0;
	return done(a, loan_extend(ctx, &in, &ev, &err), &err, in.loan_id, ev);
}

static int rollover(struct td_ctx *ctx, struct ev_args *a)
{
	struct loan_rollover_input in = {.seasonal = a->seasonal};
	if (loan_id(a, a->loan, &in.loan_id) || decision(ctx, a, &in.d) ||
	    months_of(a, 600, &in.months))
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t ev = 0;
	return done(a, loan_rollover(ctx, &in, &ev, &err), &err, in.loan_id, ev);
}

/* "2026-09-15:25.000.000,2027-09-15:25.000.000" */
static int plan_parse(const struct ev_args *a, struct ext_instalment **out, size_t *n)
{
	if (!a->plan)
		return cli_failf(a->cmd, "--plan is missing (NGÀY:SỐ_TIỀN,...)");
	char *copy = strdup(a->plan);
	size_t cap = 1;
	for (const char *p = a->plan; *p; p++)
		cap += *p == ',';
	*out = calloc(cap, sizeof **out);
	if (!copy || !*out) {
		free(copy);
		return cli_failf(a->cmd, "no memory for the plan");
	}
	struct td_error err = {0};
	int rc = CLI_OK;
	char *save = NULL;
	*n = 0;
	for (char *item = strtok_r(copy, ",", &save); item && rc == CLI_OK;
	     item = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(item, ':');
		struct ext_instalment *it = &(*out)[(*n)++];
		if (!colon)
			rc = cli_failf(a->cmd, "--plan item %zu '%s': write NGÀY:SỐ_TIỀN", *n,
				       item);
		else if ((*colon = '\0', date_parse_iso(item, &it->due, &err)) != TD_OK ||
			 money_parse(colon + 1, &it->principal, &err) != TD_OK)
			rc = cli_fail(a->cmd, &err);
	}
	free(copy);
	return rc;
}

static int reschedule(struct td_ctx *ctx, struct ev_args *a)
{
	struct loan_reschedule_input in = {0};
	struct ext_instalment *plan = NULL;
	int rc = CLI_ERROR;
	if (!loan_id(a, a->loan, &in.loan_id) && !decision(ctx, a, &in.d) &&
	    !plan_parse(a, &plan, &in.n)) {
		in.plan = plan;
		struct td_error err = {0};
		int64_t ev = 0;
		rc = done(a, loan_reschedule(ctx, &in, &ev, &err), &err, in.loan_id, ev);
	}
	free(plan);
	return rc;
}

static int freeze(struct td_ctx *ctx, struct ev_args *a)
{
	int64_t id = 0;
	int months = 0;
	struct loan_decision d;
	if (loan_id(a, a->loan, &id) || decision(ctx, a, &d) ||
	    months_of(a, LOAN_FREEZE_MONTHS_MAX, &months))
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t ev = 0;
	return done(a, loan_freeze(ctx, id, months, &d, &ev, &err), &err, id, ev);
}

static int unfreeze(struct td_ctx *ctx, struct ev_args *a)
{
	int64_t id = 0;
	struct loan_decision d;
	if (loan_id(a, a->loan, &id) || decision(ctx, a, &d))
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t ev = 0;
	return done(a, loan_unfreeze(ctx, id, &d, &ev, &err), &err, id, ev);
}

static int write_off(struct td_ctx *ctx, struct ev_args *a)
{
	int64_t id = 0;
	struct loan_decision d;
	if (loan_id(a, a->loan, &id) || decision(ctx, a, &d))
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t ev = 0;
	return done(a, loan_write_off(ctx, id, &d, &ev, &err), &err, id, ev);
}

static int events(struct td_ctx *ctx, struct ev_args *a)
{
	int64_t id = 0;
	json_t *j = NULL;
	struct td_error err = {0};
	if (loan_id(a, a->pos ? a->pos : a->loan, &id))
		return CLI_ERROR;
	if (loan_events(ctx, id, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
	} else {
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(j, "items"), i, o)
			printf("%lld  %s  QĐ %s ngày %s (%s)  phê duyệt: %s  lý do: %s\n",
			       (long long)json_integer_value(json_object_get(o, "id")),
			       json_string_value(json_object_get(o, "kind")),
			       json_string_value(json_object_get(o, "decision_no")),
			       json_string_value(json_object_get(o, "decided_on")),
			       json_string_value(json_object_get(o, "level")),
			       json_string_value(json_object_get(o, "approver")),
			       json_string_value(json_object_get(o, "reason")));
	}
	json_decref(j);
	return CLI_OK;
}

/* Every decision: who prepares it, its number, date, reason and approver; the level only
 * for the risk decisions (R-RISK-1: an extension is the office's own). */
#define DECISION "user loan decision date reason approver "

static const struct {
	const char *name;
	int (*run)(struct td_ctx *, struct ev_args *);
	const char *used; /* its options (cli_options_only) */
} subs[] = {{"extend", extend, DECISION "months instalment"},
	    {"rollover", rollover, DECISION "months seasonal"},
	    {"reschedule", reschedule, DECISION "plan"},
	    {"freeze", freeze, DECISION "level months"},
	    {"unfreeze", unfreeze, DECISION "level"},
	    {"write-off", write_off, DECISION "level"},
	    {"events", events, "user loan json ARG"}};

bool loan_event_is_sub(const char *name)
{
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(name, subs[i].name) == 0)
			return true;
	return false;
}

int loan_event_cmd(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "loan %s", subs[i].name);
		struct ev_args a = {.cmd = cmd};
		if (parse(&a, argc - 1, argv + 1) != CLI_OK ||
		    cli_options_only(cmd, subs[i].used) != CLI_OK)
			return CLI_ERROR;
		struct td_store *s = NULL;
		if (cli_open_db(cmd, cli_db_url(a.db), &s) != CLI_OK)
			return CLI_ERROR;
		struct td_actor actor;
		struct td_ctx ctx;
		int rc = cli_ctx(cmd, s, a.user, &actor, &ctx) == CLI_OK ? subs[i].run(&ctx, &a)
									 : CLI_ERROR;
		store_close(s);
		return rc;
	}
	return cli_failf("loan", "unknown subcommand '%s'", argv[1]);
}
