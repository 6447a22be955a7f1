/*
 * Options shared by `tindung chapter` and `tindung group`: one option table, values kept
 * as text and converted by the subcommand that needs them, every bad value reported in
 * one line. Dates are YYYY-MM-DD or dd/mm/yyyy; ids whole numbers; offices a code
 * (PGD318) or an id.
 */
#ifndef TD_CLI_ORG_ARGS_H
#define TD_CLI_ORG_ARGS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "bank/org_util.h"

enum org_opt {
	OO_DB,
	OO_USER,
	OO_ORG,
	OO_LEVEL,
	OO_ADMIN_CODE,
	OO_PARENT,
	OO_OFFICE,
	OO_NAME,
	OO_FROM,
	OO_TO,
	OO_ON,
	OO_AS_OF,
	OO_LIMIT,
	OO_OFFSET,
	OO_CHAPTER,
	OO_NUMBER,
	OO_SIGNED,
	OO_PARTIES,
	OO_CODE,
	OO_VILLAGE,
	OO_POINT,
	OO_OFFICER,
	OO_DECISION_NO,
	OO_DECISION_DATE,
	OO_FOUNDED,
	OO_MEMBERS,
	OO_LEADER,
	OO_DEPUTY,
	OO_HOUSEHOLD,
	OO_ROLE,
	OO_STATUS,
	OO_SEARCH,
	OO_INTO,
	OO_COUNT
};

struct org_args {
	const char *cmd;	 /* "group add", for messages */
	const char *v[OO_COUNT]; /* option values, NULL when absent */
	bool json, all;
	char **pos; /* positional arguments */
	int n_pos;
};

/* Parses argv (argv[0] is the subcommand). Returns CLI_OK, CLI_ERROR after one line on
 * stderr, or -1 after printing help (the caller then exits 0). */
int org_args_parse(struct org_args *a, const char *cmd, const char *help, int argc, char **argv);

/* Converters: absent values leave the output alone; bad ones become problems naming the
 * option. */
void org_arg_date(struct org_args *a, enum org_opt o, td_date *out, struct org_problems *p);
void org_arg_id(struct org_args *a, enum org_opt o, int64_t *out, struct org_problems *p);
void org_arg_ids(struct org_args *a, enum org_opt o, int64_t **out, size_t *n,
		 struct org_problems *p);
/* An office code or id; needs the database. */
void org_arg_office(struct org_args *a, struct td_store *s, enum org_opt o, int64_t *out,
		    struct org_problems *p);
/* Positional argument i as an id named what ("group"). */
void org_arg_pos_id(struct org_args *a, int i, const char *what, int64_t *out,
		    struct org_problems *p);
/* A problem for each required option that is absent. */
void org_arg_require(struct org_args *a, const enum org_opt *opts, size_t n,
		     struct org_problems *p);
/* limit and offset (limit 1..500). */
void org_arg_page(struct org_args *a, int64_t *limit, int64_t *offset, struct org_problems *p);

/* The long name of an option ("--decision-no"). */
const char *org_opt_name(enum org_opt o);

/* Opens the database and the context of the actor (--user); CLI_OK or CLI_ERROR. */
int org_args_open(struct org_args *a, struct td_store **s, struct td_actor *actor,
		  struct td_ctx *ctx);

/* Prints j indented (for --json) and releases it. */
void org_print_json(json_t *j);

#endif
