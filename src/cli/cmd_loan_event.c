/* tindung loan extend|rollover|reschedule|freeze|unfreeze|write-off|events (R-EXT-1,
 * R-EXT-2, R-RISK-1; docs/loans.md), and assess|assessments, the loss assessment those
 * decisions rest on (bank/loan_assess.h). Each decision is prepared by a director (--user)
 * and names the approving director (--approver), another user (maker–checker). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/loan.h"
#include "bank/loan_assess.h"
#include "bank/loan_event.h"
#include "bank/org_util.h"
#include "bank/user.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/human.h"
#include "cli/dbopen.h"
#include "cli/loan_event_cmd.h"
#include "cli/options.h"
#include "credit/risk.h"

const char loan_event_help[] =
	"  extend     --loan ID --instalment N --months THÁNG --assessment ID\n"
	"                                                         gia hạn nợ (R-EXT-1)\n"
	"  rollover   --loan ID --months THÁNG --seasonal         lưu vụ (R-EXT-2)\n"
	"  reschedule --loan ID --plan NGÀY:SỐ_TIỀN,...           điều chỉnh kỳ hạn (R-EXT-2)\n"
	"  freeze     --loan ID --months THÁNG --level CẤP --assessment ID\n"
	"             [--principal SỐ_TIỀN|all] [--interest SỐ_TIỀN|all]  khoanh nợ (R-RISK-1)\n"
	"  unfreeze   --loan ID --level CẤP                       hết khoanh nợ\n"
	"  write-off  --loan ID --level CẤP --assessment ID\n"
	"             [--principal SỐ_TIỀN|all] [--interest SỐ_TIỀN|all]  xóa nợ (R-RISK-1)\n"
	"    mỗi quyết định: --decision SỐ_QĐ --date NGÀY --reason LÝ_DO --approver TÊN\n"
	"    --user TÊN (giám đốc lập; người phê duyệt là giám đốc khác). CẤP theo nguồn vốn:\n"
	"    central (vốn trung ương: HĐQT), province, district, commune (vốn ủy thác: UBND\n"
	"    cấp đó); [--body \"TÊN CƠ QUAN\"] (mặc định: HĐQT hoặc UBND đã ủy thác).\n"
	"  events ID  [--json]        các quyết định về khoản vay\n"
	"  assess     --loan ID --cause NGUYÊN_NHÂN --loss PHẦN_TRĂM --date NGÀY --minutes SỐ_BB\n"
	"             --commune-doc SỐ --commune-date NGÀY --signer TÊN --signer-title CHỨC_VỤ\n"
	"             [--note GHI_CHÚ] --user TÊN   biên bản xác định thiệt hại, UBND xã xác nhận\n"
	"    NGUYÊN_NHÂN: natural_disaster, epidemic, fire, livestock_disease, crop_disease,\n"
	"    death, missing, incapacity. PHẦN_TRĂM: thiệt hại so với vốn vay (40 hoặc 37,5).\n"
	"  assessments ID [--json]      các biên bản xác định thiệt hại của khoản vay\n";

struct ev_args {
	const char *cmd, *db, *user, *loan, *decision, *date, *level, *reason, *approver;
	const char *months, *instalment, *plan, *pos, *principal, *interest, *assessment, *body;
	const char *cause, *loss, *minutes, *doc, *doc_date, *signer, *title, *note; /* assess */
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
					     {"principal", required_argument, NULL, 'P'},
					     {"interest", required_argument, NULL, 'I'},
					     {"assessment", required_argument, NULL, 'A'},
					     {"body", required_argument, NULL, 'B'},
					     {"cause", required_argument, NULL, 'c'},
					     {"loss", required_argument, NULL, 'L'},
					     {"minutes", required_argument, NULL, 'M'},
					     {"commune-doc", required_argument, NULL, 'k'},
					     {"commune-date", required_argument, NULL, 'K'},
					     {"signer", required_argument, NULL, 'g'},
					     {"signer-title", required_argument, NULL, 'T'},
					     {"note", required_argument, NULL, 'N'},
					     {0}};
	const char **slot[128] = {
		['D'] = &a->db,		['u'] = &a->user,	['l'] = &a->loan,
		['n'] = &a->decision,	['d'] = &a->date,	['v'] = &a->level,
		['r'] = &a->reason,	['a'] = &a->approver,	['m'] = &a->months,
		['i'] = &a->instalment, ['p'] = &a->plan,	['P'] = &a->principal,
		['I'] = &a->interest,	['A'] = &a->assessment, ['B'] = &a->body,
		['c'] = &a->cause,	['L'] = &a->loss,	['M'] = &a->minutes,
		['k'] = &a->doc,	['K'] = &a->doc_date,	['g'] = &a->signer,
		['T'] = &a->title,	['N'] = &a->note};
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
	*d = (struct loan_decision){.decision_no = a->decision,
				    .level = a->level,
				    .body = a->body,
				    .reason = a->reason};
	if (!a->date)
		return cli_failf(a->cmd,
				 "thiếu --date (ngày quyết định, YYYY-MM-DD hoặc dd/mm/yyyy)");
	if (date_parse_any(a->date, &d->decided_on, &err) != TD_OK)
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

/* --assessment: the loss assessment's id (tindung loan assessments), 0 when absent (the
 * bank names it as missing where a decision needs it). */
static int assessment_of(const struct ev_args *a, int64_t *out)
{
	long v = 0;
	*out = 0;
	if (a->assessment &&
	    cli_parse_int(a->cmd, "--assessment", a->assessment, 1, 2147483647, &v))
		return CLI_ERROR;
	*out = v;
	return CLI_OK;
}

/* --principal / --interest: an amount of đồng or "all"; 0 when absent. */
static int part_of(const struct ev_args *a, const char *opt, const char *v, td_money *out)
{
	struct td_error err = {0};
	*out = 0;
	if (!v)
		return CLI_OK;
	if (strcmp(v, "all") == 0) {
		*out = LOAN_RISK_ALL;
		return CLI_OK;
	}
	if (money_parse(v, out, &err) != TD_OK)
		return cli_failf(a->cmd, "%s: %s (hoặc all)", opt, err.msg);
	return CLI_OK;
}

static int extend(struct td_ctx *ctx, struct ev_args *a)
{
	struct loan_extend_input in = {0};
	long inst = 0;
	if (loan_id(a, a->loan, &in.loan_id) || decision(ctx, a, &in.d) ||
	    assessment_of(a, &in.assessment_id) || months_of(a, 600, &in.months) ||
	    !a->instalment ||
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
		else if ((*colon = '\0', date_parse_any(item, &it->due, &err)) != TD_OK ||
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

/* The input of a freeze or a write-off. */
static int risk_input(struct td_ctx *ctx, struct ev_args *a, struct loan_risk_input *in)
{
	*in = (struct loan_risk_input){0};
	if (loan_id(a, a->loan, &in->loan_id) || decision(ctx, a, &in->d) ||
	    assessment_of(a, &in->assessment_id) ||
	    part_of(a, "--principal", a->principal, &in->principal) ||
	    part_of(a, "--interest", a->interest, &in->interest))
		return CLI_ERROR;
	return CLI_OK;
}

static int freeze(struct td_ctx *ctx, struct ev_args *a)
{
	struct loan_risk_input in;
	if (risk_input(ctx, a, &in) || months_of(a, LOAN_FREEZE_MONTHS_MAX, &in.months))
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t ev = 0;
	return done(a, loan_freeze(ctx, &in, &ev, &err), &err, in.loan_id, ev);
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
	struct loan_risk_input in;
	if (risk_input(ctx, a, &in))
		return CLI_ERROR;
	struct td_error err = {0};
	int64_t ev = 0;
	return done(a, loan_write_off(ctx, &in, &ev, &err), &err, in.loan_id, ev);
}

/* The dossier of a risk decision (R-RISK-1): the deciding body, the parts, the assessment. */
static void event_detail(json_t *o)
{
	const char *body = json_string_value(json_object_get(o, "body"));
	int64_t assessment = json_integer_value(json_object_get(o, "assessment_id"));
	char p[TD_MONEY_FMT_MAX], i[TD_MONEY_FMT_MAX];
	if (body)
		printf("     cơ quan quyết định: %s; gốc %s đồng, lãi %s đồng\n", body,
		       money_format(json_integer_value(json_object_get(o, "principal")), p,
				    sizeof p),
		       money_format(json_integer_value(json_object_get(o, "interest")), i,
				    sizeof i));
	if (assessment)
		printf("     biên bản xác định thiệt hại %lld\n", (long long)assessment);
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
		char d[HUMAN_MAX];
		json_array_foreach(json_object_get(j, "items"), i, o)
		{
			printf("%lld  %s  QĐ %s ngày %s (%s)  phê duyệt: %s  lý do: %s\n",
			       (long long)json_integer_value(json_object_get(o, "id")),
			       json_string_value(json_object_get(o, "kind")),
			       json_string_value(json_object_get(o, "decision_no")),
			       human_date_of(o, "decided_on", d),
			       json_string_value(json_object_get(o, "level")),
			       json_string_value(json_object_get(o, "approver")),
			       json_string_value(json_object_get(o, "reason")));
			event_detail(o);
		}
	}
	json_decref(j);
	return CLI_OK;
}

/* A date option (YYYY-MM-DD or dd/mm/yyyy); absent is left to the bank, which names it. */
static int date_of(const struct ev_args *a, const char *opt, const char *v, td_date *out)
{
	struct td_error err = {0};
	*out = ORG_NO_DATE;
	if (!v)
		return CLI_OK;
	int rc = date_parse_any(v, out, &err);
	return rc == TD_OK ? CLI_OK : cli_failf(a->cmd, "%s: %s", opt, err.msg);
}

static int assess(struct td_ctx *ctx, struct ev_args *a)
{
	struct loan_assessment_input in = {.cause = a->cause,
					   .minutes_no = a->minutes,
					   .commune_doc_no = a->doc,
					   .commune_signatory = a->signer,
					   .commune_signatory_title = a->title,
					   .note = a->note};
	struct td_error err = {0};
	if (loan_id(a, a->loan, &in.loan_id) || date_of(a, "--date", a->date, &in.assessed_on) ||
	    date_of(a, "--commune-date", a->doc_date, &in.commune_doc_on))
		return CLI_ERROR;
	if (!a->loss)
		return cli_failf(a->cmd, "--loss is missing (thiệt hại, %% vốn vay)");
	if (risk_bp_parse(a->loss, &in.loss_bp, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	int64_t id = 0;
	if (loan_assess(ctx, &in, &id, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	char pct[16];
	printf("Đã ghi biên bản xác định thiệt hại %lld cho khoản vay %lld (thiệt hại %s vốn "
	       "vay).\n",
	       (long long)id, (long long)in.loan_id, risk_bp_format(in.loss_bp, pct, sizeof pct));
	return CLI_OK;
}

static const char *text(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

/* An ISO date of o as dd/mm/yyyy. */
static const char *vn_date(json_t *o, const char *k, char *buf, size_t size)
{
	td_date d = 0;
	if (date_parse_iso(text(o, k), &d, NULL) != TD_OK)
		return text(o, k);
	return date_format_vn(d, buf, size);
}

static int assessments(struct td_ctx *ctx, struct ev_args *a)
{
	int64_t id = 0;
	json_t *j = NULL;
	struct td_error err = {0};
	if (loan_id(a, a->pos ? a->pos : a->loan, &id))
		return CLI_ERROR;
	if (loan_assessments(ctx, id, &j, &err) != TD_OK)
		return cli_fail(a->cmd, &err);
	if (a->json) {
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
		return CLI_OK;
	}
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "items"), i, o)
	{
		char d1[TD_DATE_FMT_MAX], d2[TD_DATE_FMT_MAX];
		printf("%lld  %s: thiệt hại %s vốn vay, biên bản %s ngày %s\n",
		       (long long)json_integer_value(json_object_get(o, "id")),
		       text(o, "cause_label"), text(o, "loss_pct"), text(o, "minutes_no"),
		       vn_date(o, "assessed_on", d1, sizeof d1));
		printf("     UBND xã xác nhận: văn bản %s ngày %s, %s %s ký; người ghi: %s\n",
		       text(o, "commune_doc_no"), vn_date(o, "commune_doc_on", d2, sizeof d2),
		       text(o, "commune_signatory_title"), text(o, "commune_signatory"),
		       text(o, "recorded_by"));
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
} subs[] = {{"extend", extend, DECISION "months instalment assessment"},
	    {"rollover", rollover, DECISION "months seasonal"},
	    {"reschedule", reschedule, DECISION "plan"},
	    {"freeze", freeze, DECISION "level body months assessment principal interest"},
	    {"unfreeze", unfreeze, DECISION "level body"},
	    {"write-off", write_off, DECISION "level body assessment principal interest"},
	    {"events", events, "user loan json ARG"},
	    {"assess", assess,
	     "user loan cause loss date minutes commune-doc commune-date signer signer-title "
	     "note"},
	    {"assessments", assessments, "user loan json ARG"}};

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
	return cli_failf("loan", "không có lệnh con '%s'", argv[1]);
}
