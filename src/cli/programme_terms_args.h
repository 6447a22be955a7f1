/* `tindung programme terms`: the options of a new terms version and the terms as people
 * read them (cmd_programme.c). */
#ifndef TD_CLI_PROGRAMME_TERMS_ARGS_H
#define TD_CLI_PROGRAMME_TERMS_ARGS_H

#include <jansson.h>
#include <stdio.h>

#include "bank/programme_db.h"

/* v: the options by their short letter (cmd_programme.c's table); specs: each --cap
 * "SCOPE KIND [AMOUNT] [PCT%] [FLAG,...]" into caps. TD_EINVAL naming the bad option. */
int prg_terms_parse(const char *const *v, const char *const *specs, int nspecs,
		    struct prg_cap *caps, struct programme_terms_input *in, struct td_error *err);

/* The terms of a programme_db_get answer, one per line, in Vietnamese. */
void prg_print_terms(FILE *f, json_t *p);

#endif
