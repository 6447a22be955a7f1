/*
 * History link tables (commune_point_commune, staff_commune): which items an owner has,
 * each with [valid_from, valid_to). Replacing the set from a date closes what leaves and
 * opens what arrives, so the set on any past date can still be read (R-ORG-1).
 */
#include "bank/net_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINK_SQL_MAX 256

struct open_rows {
	char **items;
	char **from;
	size_t n;
};

static void open_rows_free(struct open_rows *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->items[i]);
		free(o->from[i]);
	}
	free(o->items);
	free(o->from);
}

static int load_open(struct td_store *s, const struct net_link *l, int64_t owner,
		     struct open_rows *o, struct td_error *err)
{
	char sql[LINK_SQL_MAX];
	snprintf(sql, sizeof sql, "SELECT %s, valid_from FROM %s WHERE %s = ? AND valid_to IS NULL",
		 l->item_col, l->table, l->owner_col);
	struct td_stmt *st = NULL;
	int rc = net_prepare(s, sql, NET_ARGS(NI(owner)), &st, err);
	if (rc != TD_OK)
		return rc;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		char **it = realloc(o->items, (o->n + 1) * sizeof *it);
		if (it)
			o->items = it;
		char **fr = it ? realloc(o->from, (o->n + 1) * sizeof *fr) : NULL;
		if (fr)
			o->from = fr;
		char *a = fr ? strdup(stmt_column_text(st, 0)) : NULL;
		char *b = a ? strdup(stmt_column_text(st, 1)) : NULL;
		if (!b) {
			free(a);
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
			break;
		}
		o->items[o->n] = a;
		o->from[o->n++] = b;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The latest date in the owner's history; a change must not be dated before it. */
int net_link_check_after(struct td_store *s, const struct net_link *l, int64_t owner, td_date on,
			 struct td_error *err)
{
	char from[TD_DATE_FMT_MAX];
	NET_ISO(on, from);
	char sql[LINK_SQL_MAX];
	snprintf(sql, sizeof sql, "SELECT MAX(valid_from), MAX(valid_to) FROM %s WHERE %s = ?",
		 l->table, l->owner_col);
	struct td_stmt *st = NULL;
	int rc = net_prepare(s, sql, NET_ARGS(NI(owner)), &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		const char *a = stmt_column_text(st, 0), *b = stmt_column_text(st, 1);
		const char *last = a && b ? (strcmp(a, b) > 0 ? a : b) : a ? a : b;
		rc = last && strcmp(last, from) > 0
			     ? td_error_set(err, TD_ECONFLICT,
					    "the %s %" PRId64 " already change on %s; date this "
					    "change on or after it, not %s",
					    l->what, owner, last, from)
			     : TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static bool in_list(const char *const *items, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i], v) == 0)
			return true;
	return false;
}

static int close_leaving(struct td_store *s, const struct net_link *l, int64_t owner,
			 const struct open_rows *o, const char *const *items, size_t n,
			 const char *from, bool *changed, struct td_error *err)
{
	char del[LINK_SQL_MAX], upd[LINK_SQL_MAX];
	snprintf(del, sizeof del, "DELETE FROM %s WHERE %s = ? AND %s = ? AND valid_from = ?",
		 l->table, l->owner_col, l->item_col);
	snprintf(upd, sizeof upd,
		 "UPDATE %s SET valid_to = ? WHERE %s = ? AND %s = ? AND valid_from = ?", l->table,
		 l->owner_col, l->item_col);
	for (size_t i = 0; i < o->n; i++) {
		if (in_list(items, n, o->items[i]))
			continue;
		/* Opened on the same day: the period would be empty, so it never was. */
		int rc = strcmp(o->from[i], from) >= 0
				 ? net_exec(s, del,
					    NET_ARGS(NI(owner), NT(o->items[i]), NT(o->from[i])),
					    err)
				 : net_exec(s, upd,
					    NET_ARGS(NT(from), NI(owner), NT(o->items[i]),
						     NT(o->from[i])),
					    err);
		if (rc != TD_OK)
			return rc;
		*changed = true;
	}
	return TD_OK;
}

static int open_arriving(struct td_store *s, const struct net_link *l, int64_t owner,
			 const struct open_rows *o, const char *const *items, size_t n,
			 const char *from, bool *changed, struct td_error *err)
{
	char ins[LINK_SQL_MAX];
	snprintf(ins, sizeof ins, "INSERT INTO %s (%s, %s, valid_from) VALUES (?, ?, ?)", l->table,
		 l->owner_col, l->item_col);
	for (size_t i = 0; i < n; i++) {
		if (in_list((const char *const *)o->items, o->n, items[i]))
			continue;
		int rc = net_exec(s, ins, NET_ARGS(NI(owner), NT(items[i]), NT(from)), err);
		if (rc != TD_OK)
			return rc;
		*changed = true;
	}
	return TD_OK;
}

int net_link_replace(struct td_store *s, const struct net_link *l, int64_t owner,
		     const char *const *items, size_t n, td_date from, bool *changed,
		     struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(from, d);
	bool dummy = false;
	bool *ch = changed ? changed : &dummy;
	*ch = false;
	struct open_rows o = {0};
	int rc = net_link_check_after(s, l, owner, from, err);
	if (rc == TD_OK)
		rc = load_open(s, l, owner, &o, err);
	if (rc == TD_OK)
		rc = close_leaving(s, l, owner, &o, items, n, d, ch, err);
	if (rc == TD_OK)
		rc = open_arriving(s, l, owner, &o, items, n, d, ch, err);
	open_rows_free(&o);
	return rc;
}

int net_link_items(struct td_store *s, const struct net_link *l, int64_t owner, td_date on,
		   json_t **out, struct td_error *err)
{
	char d[TD_DATE_FMT_MAX], sql[LINK_SQL_MAX];
	NET_ISO(on, d);
	snprintf(sql, sizeof sql,
		 "SELECT %s FROM %s WHERE %s = ? AND valid_from <= ? AND "
		 "(valid_to IS NULL OR valid_to > ?) ORDER BY %s",
		 l->item_col, l->table, l->owner_col, l->item_col);
	struct td_stmt *st = NULL;
	int rc = net_prepare(s, sql, NET_ARGS(NI(owner), NT(d), NT(d)), &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *a = json_array();
	while (a && (rc = stmt_step(st, err)) == TD_ROW)
		json_array_append_new(a, json_string(stmt_column_text(st, 0)));
	stmt_finalize(st);
	if (!a)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc != TD_DONE) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return TD_OK;
}
