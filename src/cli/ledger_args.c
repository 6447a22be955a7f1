#include "cli/ledger_args.h"

#include <stdio.h>
#include <stdlib.h>

#include "bank/org_util.h"
#include "cli/actor.h"
#include "cli/cli.h"
#include "cli/dbopen.h"
#include "cli/options.h"

int ledger_args_parse(struct ledger_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},	   {"user", required_argument, NULL, 'u'},
		{"office", required_argument, NULL, 'o'}, {"date", required_argument, NULL, 't'},
		{"from", required_argument, NULL, 'f'},   {"to", required_argument, NULL, 'T'},
		{"code", required_argument, NULL, 'c'},   {"kind", required_argument, NULL, 'k'},
		{"name", required_argument, NULL, 'n'},   {"investor", required_argument, NULL, 'i'},
		{"investor-code", required_argument, NULL, 'I'},
		{"level", required_argument, NULL, 'l'},  {"in", required_argument, NULL, '>'},
		{"out", required_argument, NULL, '<'},	   {"note", required_argument, NULL, 'N'},
		{"limit", required_argument, NULL, 'L'},  {"offset", required_argument, NULL, 'O'},
		{"json", no_argument, NULL, 'j'},	   {0}};
	const char **slot[128] = {
		['D'] = &a->db,	    ['u'] = &a->user,	  ['o'] = &a->office,
		['t'] = &a->date,   ['f'] = &a->from,	  ['T'] = &a->to,
		['c'] = &a->code,   ['k'] = &a->kind,	  ['n'] = &a->name,
		['i'] = &a->investor, ['I'] = &a->investor_code, ['l'] = &a->level,
		['>'] = &a->in,	    ['<'] = &a->out,	  ['N'] = &a->note,
	};
	int c;
	while ((c = cli_getopt(a->cmd, argc, argv, opts)) != -1) {
		if (c == 'j')
			a->json = 1;
		else if (c == 'L' && cli_parse_int(a->cmd, "--limit", optarg, 1, 500, &a->limit))
			return CLI_ERROR;
		else if (c == 'O' &&
			 cli_parse_int(a->cmd, "--offset", optarg, 0, 1000000000, &a->offset))
			return CLI_ERROR;
		else if (c > 0 && c < 128 && slot[c])
			*slot[c] = optarg;
		else if (c != 'L' && c != 'O')
			return CLI_ERROR;
	}
	if (optind < argc)
		a->pos = argv[optind++];
	return cli_no_positionals(a->cmd, argc, argv);
}

int ledger_args_ctx(struct ledger_args *a, struct td_actor *actor, struct td_ctx *ctx)
{
	struct td_store *s = NULL;
	if (cli_open_db(a->cmd, cli_db_url(a->db), &s) != CLI_OK)
		return CLI_ERROR;
	if (cli_ctx(a->cmd, s, a->user, actor, ctx) != CLI_OK) {
		store_close(s);
		return CLI_ERROR;
	}
	return CLI_OK;
}

int ledger_args_office(struct ledger_args *a, struct td_store *s, int64_t *id)
{
	return cli_office_id(a->cmd, s, a->office, id);
}
