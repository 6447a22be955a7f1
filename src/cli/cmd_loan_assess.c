/* tindung loan assess|assessments: a loan's loss assessments, the dossier of extension,
 * freeze and write-off decisions (bank/loan_assess.h, R-RISK-1, R-EXT-1; docs/loans.md
 * "Risk handling"). Dispatched from cmd_loan.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/loan_assess.h"
#include "bank/org_util.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/loan_event_cmd.h"
#include "cli/options.h"
#include "credit/risk.h"

const char loan_assess_help[] =
	"  assess     --loan ID --cause NGUYÊN_NHÂN --loss PHẦN_TRĂM --date NGÀY --minutes SỐ_BB\n"
	"             --commune-doc SỐ --commune-date NGÀY --signer TÊN --signer-title CHỨC_VỤ\n"
	"             [--note GHI_CHÚ] --user TÊN   biên bản xác định thiệt hại, UBND xã xác nhận\n"
	"    NGUYÊN_NHÂN: natural_disaster, epidemic, fire, livestock_disease, crop_disease,\n"
	"    death, missing, incapacity. PHẦN_TRĂM: thiệt hại so với vốn vay (40 hoặc 37,5).\n"
	"  assessments ID [--json]      các biên bản xác định thiệt hại của khoản vay\n";

struct as_args {
	const char *cmd, *db, *user, *loan, *cause, *loss, *date, *minutes, *doc, *doc_date;
	const char *signer, *title, *note, *pos;
	int json;
};

static int parse(struct as_args *a, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'D'},
					     {"user", required_argument, NULL, 'u'},
					     {"loan", required_argument, NULL, 'l'},
					     {"cause", required_argument, NULL, 'c'},
					     {"loss", required_argument, NULL, 'L'},
					     {"date", required_argument, NULL, 'd'},
					     {"minutes", required_argument, NULL, 'm'},
					     {"commune-doc", required_argument, NULL, 'k'},
					     {"commune-date", required_argument, NULL, 'K'},
					     {"signer", required_argument, NULL, 'g'},
					     {"signer-title", required_argument, NULL, 'T'},
					     {"note", required_argument, NULL, 'n'},
					     {"json", no_argument, NULL, 'j'},
					     {0}};
	const char **slot[128] = {
		['D'] = &a->db,	      ['u'] = &a->user,	  ['l'] = &a->loan,    ['c'] = &a->cause,
		['L'] = &a->loss,     ['d'] = &a->date,	  ['m'] = &a->minutes, ['k'] = &a->doc,
		['K'] = &a->doc_date, ['g'] = &a->signer, ['T'] = &a->title,   ['n'] = &a->note};
	int c;
	while ((c = cli_getopt(a->cmd, argc, argv, opts)) != -1) {
		if (c == 'j')
			a->json = 1;
		else if (c > 0 && c < 128 && slot[c])
			*slot[c] = optarg;
		else
			return CLI_ERROR;
	}
	if (optind < argc)
		a->pos = argv[optind++];
	return cli_no_positionals(a->cmd, argc, argv);
}

/* A date option (YYYY-MM-DD or dd/mm/yyyy); absent is left to the bank, which names it. */
static int date_of(const struct as_args *a, const char *opt, const char *v, td_date *out)
{
	struct td_error err = {0};
	*out = ORG_NO_DATE;
	if (!v)
		return CLI_OK;
	int rc = strchr(v, '/') ? date_parse_vn(v, out, &err) : date_parse_iso(v, out, &err);
	return rc == TD_OK ? CLI_OK : cli_failf(a->cmd, "%s: %s", opt, err.msg);
}

static int loan_of(const struct as_args *a, const char *v, int64_t *out)
{
	long n = 0;
	if (!v)
		return cli_failf(a->cmd, "give the loan id with --loan (a whole number)");
	if (cli_parse_int(a->cmd, "--loan", v, 1, 2147483647, &n))
		return CLI_ERROR;
	*out = n;
	return CLI_OK;
}

static int assess(struct td_ctx *ctx, struct as_args *a)
{
	struct loan_assessment_input in = {.cause = a->cause,
					   .minutes_no = a->minutes,
					   .commune_doc_no = a->doc,
					   .commune_signatory = a->signer,
					   .commune_signatory_title = a->title,
					   .note = a->note};
	struct td_error err = {0};
	if (loan_of(a, a->loan, &in.loan_id) || date_of(a, "--date", a->date, &in.assessed_on) ||
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

static int assessments(struct td_ctx *ctx, struct as_args *a)
{
	int64_t id = 0;
	json_t *j = NULL;
	struct td_error err = {0};
	if (loan_of(a, a->pos ? a->pos : a->loan, &id))
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

static const struct {
	const char *name;
	int (*run)(struct td_ctx *, struct as_args *);
} subs[] = {{"assess", assess}, {"assessments", assessments}};

bool loan_assess_is_sub(const char *name)
{
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
		if (strcmp(name, subs[i].name) == 0)
			return true;
	return false;
}

int loan_assess_cmd(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		char cmd[48];
		snprintf(cmd, sizeof cmd, "loan %s", subs[i].name);
		struct as_args a = {.cmd = cmd};
		if (parse(&a, argc - 1, argv + 1) != CLI_OK)
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
