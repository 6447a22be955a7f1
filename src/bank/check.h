/*
 * `tindung check`: the books agree with themselves (R-GL-1, R-GL-2, R-CAP-1; docs/ledger.md).
 * A small registry of checks (check.c); each reports every mismatch on one line naming
 * office, programme and source and both amounts. Later parts (the loan sub-ledger of
 * R-GL-2, savings) add one function and one row.
 */
#ifndef TD_BANK_CHECK_H
#define TD_BANK_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "store/store.h"

/* "No date": check everything booked. */
#define CHECK_ALL_DATES INT32_MAX

struct check_report {
	/* Called once per mismatch with one line of text (no newline). */
	void (*emit)(void *arg, const char *line);
	void *arg;
	int64_t mismatches;
	int64_t entries;  /* entries looked at */
	int64_t accounts; /* accounts looked at */
};

/* Reports a mismatch: formats one line and passes it to emit. */
void check_mismatch(struct check_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One check: looks at the books as of upto (entries with business_date <= upto; checks of
 * running totals, which have no date, always look at everything) and calls check_mismatch
 * per problem. Returns TD_OK when it could run, whatever it found. */
typedef int (*check_fn)(struct td_store *s, td_date upto, struct check_report *r,
			struct td_error *err);

struct check_def {
	const char *name; /* "entries_balance" */
	check_fn fn;
};

/* For the check functions: steps st while rows come, false after the last row (*rc TD_OK)
 * or on an error (*rc); the bound of business dates as ISO text (buf of TD_DATE_FMT_MAX),
 * "9999-12-31" for CHECK_ALL_DATES. */
bool check_next_row(struct td_stmt *st, int *rc, struct td_error *err);
const char *check_upto_iso(td_date upto, char *buf);

/* The registry, ending with {NULL, NULL}. */
extern const struct check_def check_registry[];

/* Runs every check of the registry; r->mismatches says whether the books agree. Does not
 * need a user: it reads everything, as `tindung check` run by whoever holds the database. */
int check_run(struct td_store *s, td_date upto, struct check_report *r, struct td_error *err);

#endif
