/*
 * Helpers shared by the network files (office.c, office_merge.c, geo.c, geo_import.c,
 * village.c, point.c, staff.c). Not part of the bank's API: include network.h instead.
 */
#ifndef TD_BANK_NET_INTERNAL_H
#define TD_BANK_NET_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/network.h"
#include "base/buf.h"

/* A bound SQL parameter: NI(int64), NT(text; NULL binds NULL). */
struct net_arg {
	char type; /* 'i' or 't' */
	int64_t i;
	const char *t;
};
#define NI(x) ((struct net_arg){.type = 'i', .i = (x)})
#define NT(x) ((struct net_arg){.type = 't', .t = (x)})
#define NET_ARGS(...)                                                                              \
	(const struct net_arg[]){__VA_ARGS__},                                                     \
		sizeof((const struct net_arg[]){__VA_ARGS__}) / sizeof(struct net_arg)
#define NET_NOARGS NULL, 0

/* Prepares sql and binds args. */
int net_prepare(struct td_store *s, const char *sql, const struct net_arg *args, size_t n,
		struct td_stmt **out, struct td_error *err);
/* Runs a statement that returns no rows (or ignores them). */
int net_exec(struct td_store *s, const char *sql, const struct net_arg *args, size_t n,
	     struct td_error *err);
/* Column 0 of the first row as int64; TD_ENOTFOUND (err untouched) when there is none. */
int net_query_int64(struct td_store *s, const char *sql, const struct net_arg *args, size_t n,
		    int64_t *out, struct td_error *err);

/* Rows inserted many per statement (the imports: a country of 10,000 communes costs a
 * hundred round trips to PostgreSQL rather than ten thousand). head is "INSERT INTO t
 * (a, b) VALUES"; rows are added as cols values each (text must outlive the flush) and
 * flushed by the statement kept for a full batch, the last one by its own. */
struct net_batch {
	struct td_store *s;
	const char *head;
	size_t cols, per; /* values per row, rows per statement */
	struct net_arg *vals;
	size_t n; /* rows waiting */
	struct td_stmt *full;
};
int net_batch_init(struct net_batch *b, struct td_store *s, const char *head, size_t cols,
		   size_t per, struct td_error *err);
int net_batch_add(struct net_batch *b, const struct net_arg *row, struct td_error *err);
int net_batch_flush(struct net_batch *b, struct td_error *err);
void net_batch_free(struct net_batch *b);

/* SQL built from pieces for lists with optional filters; args are copied by value, their
 * text must outlive the query. */
#define NET_SQL_MAX_ARGS 24
struct net_sql {
	struct buf text;
	struct net_arg args[NET_SQL_MAX_ARGS];
	size_t n;
};
void net_sql_init(struct net_sql *q);
void net_sql_add(struct net_sql *q, const char *text, const struct net_arg *args, size_t n);
void net_sql_free(struct net_sql *q);

/* Runs the count and the page of a list query q (a SELECT without ORDER BY/LIMIT) and
 * builds {"items","total","limit","offset"}; item() turns the current row into a JSON
 * object (NULL with err set on failure). */
typedef json_t *(*net_item_fn)(struct td_store *s, struct td_stmt *st, void *arg,
			       struct td_error *err);
int net_list(struct td_store *s, const struct net_sql *q, const char *order,
	     const struct net_page *page, net_item_fn item, void *arg, json_t **out,
	     struct td_error *err);

/* A column as a JSON string / integer, or null for SQL NULL. */
json_t *net_json_text(struct td_stmt *st, int col);
json_t *net_json_int(struct td_stmt *st, int col);
/* json_dumps for the audit trail; NULL on failure (then TD_ENOMEM). */
char *net_json_dump(json_t *j);

/* ISO date into a caller's buffer of TD_DATE_FMT_MAX. */
#define NET_ISO(d, b) date_format_iso((d), (b), sizeof(b))

/* Collects every problem of an input into err->msg ("a; b; c"): the first code wins. */
struct net_problems {
	struct td_error *err;
	int code;
	int count;
};
void net_problems_init(struct net_problems *p, struct td_error *err);
void net_problem(struct net_problems *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* TD_OK when there was none. */
int net_problems_end(struct net_problems *p);

/* Text fields of people's input: non-empty, no leading/trailing space or control
 * characters, valid UTF-8, at most max bytes. Adds a problem naming the field. */
bool net_check_text(struct net_problems *p, const char *field, const char *v, size_t max);
/* Exactly width ASCII digits. */
bool net_digits(const char *s, size_t width);

/* The id of the head office (the root of every tree). */
int net_head_office(struct td_store *s, int64_t *id, struct td_error *err);

/* An office's version valid on a date: TD_ENOTFOUND (with a message naming the office
 * and the date) when it does not exist then. kind may be NULL. */
struct net_office {
	int64_t id;
	char code[32];
	enum office_kind kind;
	int64_t parent_id;
	char valid_from[TD_DATE_FMT_MAX];
};
int net_office_at(struct td_store *s, int64_t id, td_date on, struct net_office *out,
		  struct td_error *err);

/* The office that holds an office's data on a date: itself while it is open then, else
 * the office it merged into (followed while those are closed too). */
int net_office_holder(struct td_store *s, int64_t id, td_date on, int64_t *out,
		      struct td_error *err);

/* Whether an admin unit of level/code is valid on the date. */
int net_unit_exists(struct td_store *s, const char *level, const char *code, td_date on, bool *out,
		    struct td_error *err);

/* Paging defaults and bounds (TD_EINVAL naming the wrong value). */
int net_page_check(const struct net_page *in, struct net_page *out, struct td_error *err);

/* The date whose tree decides scope for data dated `on`: the business date, or `on` when
 * that is later (a change planned ahead concerns the tree of its own date). */
td_date net_scope_date(const struct td_ctx *ctx, td_date on);

/* The read check for a list: ACT_READ on the actor's own office. */
int net_read_check(struct td_ctx *ctx, struct td_error *err);
/* The write check for geography, data of the whole bank (scope of no office: only users
 * of the head office pass). */
int net_geo_write_check(struct td_ctx *ctx, struct td_error *err);
/* A write check for one office (ACT_NETWORK_WRITE) for a change dated `on`: the scope is
 * the actor's subtree on the business date, or on `on` when that is later, so that a
 * change planned ahead (a branch that opens on the merger's day) can be recorded. */
int net_write_check(struct td_ctx *ctx, int64_t office_id, td_date on, struct td_error *err);

/* Replaces the open rows of a history link table from a date: rows of owner whose item
 * is not in items close on `from` (or vanish if they started that day); items not yet
 * open are added from `from`. table/owner_col/item_col are code constants. *changed
 * (may be NULL) is set when anything changed. */
struct net_link {
	const char *what;      /* for messages: "communes of point" */
	const char *table;     /* "commune_point_commune" */
	const char *owner_col; /* "point_id" */
	const char *item_col;  /* "commune_code" */
};
int net_link_replace(struct td_store *s, const struct net_link *l, int64_t owner,
		     const char *const *items, size_t n, td_date from, bool *changed,
		     struct td_error *err);

/* TD_ECONFLICT when the owner's history in l->table has a date after `from` (changes
 * apply to the latest state only). Uses only what, table and owner_col. */
int net_link_check_after(struct td_store *s, const struct net_link *l, int64_t owner, td_date from,
			 struct td_error *err);

/* The open items of owner on a date as a JSON array of strings. */
int net_link_items(struct td_store *s, const struct net_link *l, int64_t owner, td_date on,
		   json_t **out, struct td_error *err);

/* Checks a list of commune codes: 5 digits each, no repeats, each valid on the date. */
void net_check_communes(struct td_store *s, struct net_problems *p, const char *const *codes,
			size_t n, td_date on);

/* Audit with JSON snapshots (either may be NULL). */
int net_audit(struct td_ctx *ctx, const char *action, const char *entity, int64_t id,
	      json_t *before, json_t *after, struct td_error *err);
/* The one record of an import: summary is taken (released here); NULL means out of
 * memory building it. */
int net_audit_import(struct td_ctx *ctx, const char *entity, json_t *summary, struct td_error *err);

/* Office json as of a date, without access check; used by office_get and for audits. */
int office_json(struct td_store *s, int64_t id, td_date on, json_t **out, struct td_error *err);
/* Inserts a validated office and its first version (no access check, no audit). */
int office_insert(struct td_store *s, const struct office_input *in, int64_t *id,
		  struct td_error *err);
/* Validation of an office input: every problem into p. The _fields part needs no
 * database: everything but the code being free and the parent being open on the date. */
void office_validate(struct td_store *s, const struct office_input *in, struct net_problems *p);
void office_validate_fields(const struct office_input *in, struct net_problems *p);
/* Gives an office a new latest version (name and parent) from a date, splitting or
 * correcting its open version. TD_ECONFLICT when the open version starts after the date. */
int office_version_change(struct td_store *s, int64_t id, const char *name, int64_t parent_id,
			  td_date from, struct td_error *err);

/* The same for an admin unit: a new latest version (name, type, parent) from a date. */
int geo_unit_change(struct td_store *s, const char *level, const char *code, const char *name,
		    const char *type, const char *parent, td_date from, struct td_error *err);

/* A string-keyed hash map; zero-initialised is empty. Keys and values must outlive it
 * (an arena); a key NULL (an arena out of memory) gives TD_ENOMEM. */
struct net_map {
	const char **keys;
	void **vals;
	size_t cap, n;
};
void *net_map_get(const struct net_map *m, const char *key);
int net_map_put(struct net_map *m, const char *key, void *val); /* replaces */
void net_map_free(struct net_map *m);

#endif
