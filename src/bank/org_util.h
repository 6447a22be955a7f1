/*
 * Helpers of the organisation and group use cases (chapter.c, contract.c, group*.c) and
 * of their routes and commands: collecting validation problems into one message, binding
 * parameters from a type string, turning rows into JSON, paged lists in the actor's scope.
 */
#ifndef TD_BANK_ORG_UTIL_H
#define TD_BANK_ORG_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "bank/access.h"
#include "bank/chapter.h"
#include "base/date.h"
#include "base/error.h"
#include "store/store.h"

/* Every problem of one input, joined with "; " into err->msg; the code is the first
 * problem's. A message that would overflow ends with "; ..." so none is silently cut. */
struct org_problems {
	struct td_error *err;
	int code; /* TD_OK while there is none */
	int count;
	bool full; /* msg holds all it can; later problems only count */
	char msg[TD_ERROR_MSG_MAX];
};

void problems_init(struct org_problems *p, struct td_error *err);
void problem_add(struct org_problems *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* TD_OK, or the first problem's code with every message in err. */
int problems_finish(struct org_problems *p);

/*
 * Parameters from a type string, one letter per '?':
 *   i  int64_t            I  int64_t, 0 binds NULL
 *   t  const char *       d  td_date as ISO text      D  td_date, ORG_NO_DATE binds NULL
 * Callers pass exactly int64_t for i/I (cast literals).
 */
int org_prepare(struct td_store *s, struct td_stmt **out, struct td_error *err, const char *sql,
		const char *types, ...);
/* A statement that returns no row (or whose rows do not matter). */
int org_exec(struct td_store *s, struct td_error *err, const char *sql, const char *types, ...);
/* Column 0 of the first row as int64; TD_ENOTFOUND when there is no row. */
int org_query_int64(struct td_store *s, int64_t *out, struct td_error *err, const char *sql,
		    const char *types, ...);

/* ISO text of d into buf (TD_DATE_FMT_MAX), or NULL for ORG_NO_DATE. */
const char *org_iso(td_date d, char *buf);
/* Column col as a date: ORG_NO_DATE for NULL. The store wrote it, so it parses. */
td_date org_col_date(struct td_stmt *st, int col);

/* How to put columns into JSON: 'i' integer, 't' text, 'b' an integer flag as true/false
 * (NULL -> null for each). */
struct org_col {
	const char *name;
	char kind;
};
/* An object of the current row's columns first.. in the order of cols (NULL-terminated). */
json_t *org_row_json(struct td_stmt *st, const struct org_col *cols, int first);

/* A query assembled from parts with its parameters, for lists with optional filters.
 * The CTE's parameters are bound first, then the body's in the order they were added. */
#define ORG_QUERY_ARGS 24
struct org_query_arg {
	char kind; /* 'i', 't' or 'd' (a td_date in i) */
	int64_t i;
	const char *t;
};
struct org_query {
	char cte[768];	 /* "WITH RECURSIVE ..." or "" */
	char body[2048]; /* "SELECT ... FROM ... WHERE ..." */
	char order[128]; /* "ORDER BY ..." */
	int n_cte, n;
	struct org_query_arg cte_args[4];
	struct org_query_arg args[ORG_QUERY_ARGS];
};
void org_query_init(struct org_query *q, const char *select_from_where, const char *order);
/* Adds the subtree CTE of access.h (offices under root on date on) to q. */
void org_query_subtree(struct org_query *q, int64_t root, td_date on);
/* Appends " AND <cond>" with one int or text parameter. */
void org_query_and_int(struct org_query *q, const char *cond, int64_t v);
void org_query_and_text(struct org_query *q, const char *cond, const char *v);
void org_query_and(struct org_query *q, const char *cond);
/* A parameter for a '?' already in the body (of the initial SELECT). */
void org_query_arg_int(struct org_query *q, int64_t v);
void org_query_arg_date(struct org_query *q, td_date d);
void org_query_arg_text(struct org_query *q, const char *v); /* v must outlive the query */

/* Limit and offset of a list: limit 0 means the default 50; at most 500. */
#define ORG_LIMIT_DEFAULT 50
#define ORG_LIMIT_MAX 500
int org_page_check(int64_t *limit, int64_t offset, struct td_error *err);
/* The whole query (CTE, body, order) prepared with every parameter bound, for a caller
 * that reads all its rows; the caller finalizes *st. */
int org_query_prepare(struct td_store *s, const struct org_query *q, struct td_stmt **st,
		      struct td_error *err);
/* Runs the count and the page; *out = {"items":[...],"total":N,"limit":L,"offset":O}. */
int org_query_list(struct td_store *s, const struct org_query *q, const struct org_col *cols,
		   int64_t limit, int64_t offset, json_t **out, struct td_error *err);

/* The read scope of the actor for lists, the same as access_check gives one record: its
 * office subtree on date on, and its chapter or its group when it has one (R-ORG-4).
 * Adds the filters to q; chapter_col or group_col may be NULL (not filtered). */
void org_query_actor_scope(struct org_query *q, const struct td_actor *a, td_date on,
			   const char *office_col, const char *chapter_col, const char *group_col);

/* Adds amount to the integer member name of o (0 when absent), checked; *rc keeps the
 * first error (TD_EOVERFLOW naming the member). For totals of lists built in C. */
void org_json_add(json_t *o, const char *name, int64_t amount, int *rc, struct td_error *err);

/* JSON text of j for the audit trail (NULL when j is NULL); the caller frees. */
char *org_json_text(const json_t *j);

#endif
