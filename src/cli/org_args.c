#include "cli/org_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/network.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"

#define O_JSON (OO_COUNT + 1)
#define O_ALL (OO_COUNT + 2)

static const struct option long_opts[] = {
	{"db", required_argument, 0, OO_DB},
	{"user", required_argument, 0, OO_USER},
	{"org", required_argument, 0, OO_ORG},
	{"level", required_argument, 0, OO_LEVEL},
	{"admin-code", required_argument, 0, OO_ADMIN_CODE},
	{"parent", required_argument, 0, OO_PARENT},
	{"office", required_argument, 0, OO_OFFICE},
	{"name", required_argument, 0, OO_NAME},
	{"from", required_argument, 0, OO_FROM},
	{"to", required_argument, 0, OO_TO},
	{"on", required_argument, 0, OO_ON},
	{"as-of", required_argument, 0, OO_AS_OF},
	{"limit", required_argument, 0, OO_LIMIT},
	{"offset", required_argument, 0, OO_OFFSET},
	{"chapter", required_argument, 0, OO_CHAPTER},
	{"number", required_argument, 0, OO_NUMBER},
	{"signed", required_argument, 0, OO_SIGNED},
	{"parties", required_argument, 0, OO_PARTIES},
	{"code", required_argument, 0, OO_CODE},
	{"village", required_argument, 0, OO_VILLAGE},
	{"point", required_argument, 0, OO_POINT},
	{"officer", required_argument, 0, OO_OFFICER},
	{"decision-no", required_argument, 0, OO_DECISION_NO},
	{"decision-date", required_argument, 0, OO_DECISION_DATE},
	{"founded", required_argument, 0, OO_FOUNDED},
	{"members", required_argument, 0, OO_MEMBERS},
	{"leader", required_argument, 0, OO_LEADER},
	{"deputy", required_argument, 0, OO_DEPUTY},
	{"household", required_argument, 0, OO_HOUSEHOLD},
	{"role", required_argument, 0, OO_ROLE},
	{"status", required_argument, 0, OO_STATUS},
	{"search", required_argument, 0, OO_SEARCH},
	{"into", required_argument, 0, OO_INTO},
	{"json", no_argument, 0, O_JSON},
	{"all", no_argument, 0, O_ALL},
	{"help", no_argument, 0, 'h'},
	{0, 0, 0, 0},
};

const char *org_opt_name(enum org_opt o)
{
	for (const struct option *lo = long_opts; lo->name; lo++)
		if (lo->val == (int)o)
			return lo->name;
	return "?";
}

int org_args_parse(struct org_args *a, const char *cmd, const char *help, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	int c;
	while ((c = cli_getopt(cmd, argc, argv, long_opts)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return -1;
		}
		if (c == O_JSON)
			a->json = true;
		else if (c == O_ALL)
			a->all = true;
		else if (c >= 0 && c < OO_COUNT)
			a->v[c] = optarg;
		else
			return CLI_ERROR;
	}
	a->pos = argv + optind;
	a->n_pos = argc - optind;
	return CLI_OK;
}

void org_arg_date(struct org_args *a, enum org_opt o, td_date *out, struct org_problems *p)
{
	struct td_error one = {0};
	if (a->v[o] && date_parse_any(a->v[o], out, &one) != TD_OK)
		problem_add(p, TD_EINVAL, "--%s: %s", org_opt_name(o), one.msg);
}

static int parse_id(const char *s, int64_t *out)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v <= 0)
		return -1;
	*out = v;
	return 0;
}

void org_arg_id(struct org_args *a, enum org_opt o, int64_t *out, struct org_problems *p)
{
	if (a->v[o] && parse_id(a->v[o], out) != 0)
		problem_add(p, TD_EINVAL, "--%s must be an id (a positive number), got '%s'",
			    org_opt_name(o), a->v[o]);
}

void org_arg_ids(struct org_args *a, enum org_opt o, int64_t **out, size_t *n,
		 struct org_problems *p)
{
	*out = NULL;
	*n = 0;
	const char *s = a->v[o];
	if (!s)
		return;
	size_t cap = 1;
	for (const char *q = s; *q; q++)
		cap += *q == ',';
	int64_t *ids = calloc(cap, sizeof *ids);
	char *copy = strdup(s);
	if (!ids || !copy) {
		free(ids);
		free(copy);
		problem_add(p, TD_ENOMEM, "out of memory");
		return;
	}
	size_t count = 0;
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (parse_id(tok, &ids[count]) != 0) {
			problem_add(p, TD_EINVAL,
				    "--%s: '%s' is not an id (ids separated by commas)",
				    org_opt_name(o), tok);
			free(ids);
			free(copy);
			return;
		}
		count++;
	}
	free(copy);
	*out = ids;
	*n = count;
}

void org_arg_office(struct org_args *a, struct td_store *s, enum org_opt o, int64_t *out,
		    struct org_problems *p)
{
	const char *v = a->v[o];
	if (!v || parse_id(v, out) == 0)
		return;
	struct td_error one = {0};
	if (office_find_code(s, v, out, &one) != TD_OK)
		problem_add(p, one.code, "--%s: %s", org_opt_name(o), one.msg);
}

void org_arg_pos_id(struct org_args *a, int i, const char *what, int64_t *out,
		    struct org_problems *p)
{
	if (i >= a->n_pos)
		problem_add(p, TD_EUSAGE, "the %s id is missing (xem --help)", what);
	else if (parse_id(a->pos[i], out) != 0)
		problem_add(p, TD_EUSAGE, "%s id '%s' is not a positive number", what, a->pos[i]);
}

void org_arg_require(struct org_args *a, const enum org_opt *opts, size_t n, struct org_problems *p)
{
	for (size_t i = 0; i < n; i++)
		if (!a->v[opts[i]])
			problem_add(p, TD_EUSAGE, "--%s is required", org_opt_name(opts[i]));
}

void org_arg_page(struct org_args *a, int64_t *limit, int64_t *offset, struct org_problems *p)
{
	char *end = NULL;
	if (a->v[OO_LIMIT]) {
		long v = strtol(a->v[OO_LIMIT], &end, 10);
		if (*end || v < 1 || v > ORG_LIMIT_MAX)
			problem_add(p, TD_EINVAL, "--limit must be from 1 to %d", ORG_LIMIT_MAX);
		*limit = v;
	}
	if (a->v[OO_OFFSET]) {
		long v = strtol(a->v[OO_OFFSET], &end, 10);
		if (*end || v < 0)
			problem_add(p, TD_EINVAL, "--offset must be 0 or more");
		*offset = v;
	}
}

int org_args_open(struct org_args *a, struct td_store **s, struct td_actor *actor,
		  struct td_ctx *ctx)
{
	if (cli_open_db(a->cmd, cli_db_url(a->v[OO_DB]), s) != CLI_OK)
		return CLI_ERROR;
	if (cli_ctx(a->cmd, *s, a->v[OO_USER], actor, ctx) != CLI_OK) {
		store_close(*s);
		*s = NULL;
		return CLI_ERROR;
	}
	return CLI_OK;
}

void org_print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(j);
}
