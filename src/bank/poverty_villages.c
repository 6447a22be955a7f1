/*
 * Poverty list import, pass 1: the commune, the office serving it, its villages, and the
 * village a row names. poverty_internal.h tells the passes.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/poverty_internal.h"

/* Villages named in a message about an unknown one. */
#define VILLAGES_SHOWN 8
#include "base/fold.h"

/* The text after a leading kind of place (thôn, ấp, xóm, bản, tổ dân phố ...), folded. */
static const char *village_key(const char *folded)
{
	static const char *const kinds[] = {"to dan pho ", "khu pho ", "thon ", "ap ",
					    "xom ",	   "ban ",     "buon ", "lang ",
					    "soc ",	   "khom ",    "khu ",	"to "};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strncmp(folded, kinds[i], strlen(kinds[i])) == 0)
			return folded + strlen(kinds[i]);
	return folded;
}

/* ---- Pass 1: the commune, its villages, the rows ----------------------------------- */

/* The office serving the commune (access is checked against it), and the names of both
 * on the business date for the report. */
int pv_load_commune(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct td_store *s = st->ctx->store;
	struct td_stmt *q = NULL;
	int rc = household_commune_office(s, st->in->commune_code, st->ctx->business_date,
					  &res->office_id, err);
	if (rc == TD_OK)
		rc = store_prepare(
			s,
			"SELECT (SELECT name FROM admin_unit WHERE level = 'commune' AND "
			"code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > "
			"?)), (SELECT name FROM office_version WHERE office_id = ? AND "
			"valid_from <= ? AND (valid_to IS NULL OR valid_to > ?))",
			&q, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(q, 1, st->in->commune_code);
	stmt_bind_text(q, 2, st->day);
	stmt_bind_text(q, 3, st->day);
	stmt_bind_int64(q, 4, res->office_id);
	stmt_bind_text(q, 5, st->day);
	stmt_bind_text(q, 6, st->day);
	if ((rc = stmt_step(q, err)) == TD_ROW) {
		const char *commune = stmt_column_text(q, 0), *office = stmt_column_text(q, 1);
		snprintf(res->commune_name, sizeof res->commune_name, "%s", commune ? commune : "");
		snprintf(res->office_name, sizeof res->office_name, "%s", office ? office : "");
	}
	stmt_finalize(q);
	return rc == TD_ROW ? TD_OK : rc == TD_DONE ? TD_EINTERNAL : rc;
}

static int village_cmp(const void *a, const void *b)
{
	const struct pv_village *x = a, *y = b;
	return strcmp(x->folded, y->folded);
}

/* The commune's villages on the day, each with the name of the commune it came from when
 * it moved in by a merger (the version of that commune that closed on the day it moved). */
static const char villages_sql[] =
	"SELECT v.id, v.name, (SELECT u.name FROM village_commune p JOIN admin_unit u ON "
	"u.level = 'commune' AND u.code = p.commune_code AND u.valid_to = vc.valid_from WHERE "
	"p.village_id = v.id AND p.valid_to = vc.valid_from ORDER BY u.valid_from DESC LIMIT 1) "
	"FROM village v JOIN village_commune vc ON vc.village_id = v.id WHERE vc.commune_code = ? "
	"AND vc.valid_from <= ? AND (vc.valid_to IS NULL OR vc.valid_to > ?) AND v.valid_from <= "
	"? AND (v.valid_to IS NULL OR v.valid_to > ?) ORDER BY v.id";

static struct pv_village *village_push(struct pv_state *st, size_t *cap)
{
	if (st->n_villages == *cap) {
		*cap = *cap ? 2 * *cap : 32;
		void *p = realloc(st->villages, *cap * sizeof *st->villages);
		if (!p)
			return NULL;
		st->villages = p;
	}
	return &st->villages[st->n_villages];
}

static const char *folded_copy(struct arena *a, const char *s)
{
	char *out = s ? arena_alloc(a, strlen(s) + 1) : NULL;
	if (out)
		fold_ascii(s, strlen(s), out);
	return out;
}

int pv_load_villages(struct pv_state *st, struct td_error *err)
{
	struct td_stmt *s = NULL;
	int rc = store_prepare(st->ctx->store, villages_sql, &s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(s, 1, st->in->commune_code);
	for (int k = 2; k <= 5; k++)
		stmt_bind_text(s, k, st->day);
	size_t cap = 0;
	while ((rc = stmt_step(s, err)) == TD_ROW) {
		struct pv_village *v = village_push(st, &cap);
		const char *former = stmt_column_text(s, 2);
		if (!v || !(v->name = arena_strdup(&st->work, stmt_column_text(s, 1))) ||
		    !(v->folded = folded_copy(&st->work, v->name)) ||
		    !(v->former = folded_copy(&st->work, former ? former : ""))) {
			rc = pv_nomem(err);
			break;
		}
		v->id = stmt_column_int64(s, 0);
		v->key = village_key(v->folded);
		st->n_villages++;
	}
	stmt_finalize(s);
	for (size_t i = 0; rc == TD_DONE && i < st->n_villages; i++)
		if (household_village_office(st->ctx->store, st->villages[i].id,
					     st->ctx->business_date, &st->villages[i].office_id,
					     err) != TD_OK)
			rc = err->code;
	/* In the order people read them (folded), for the messages that list them. */
	if (st->n_villages > 1)
		qsort(st->villages, st->n_villages, sizeof *st->villages, village_cmp);
	return rc == TD_DONE ? TD_OK : rc;
}

int64_t pv_village_office(const struct pv_state *st, int64_t village_id)
{
	for (size_t i = 0; i < st->n_villages; i++)
		if (st->villages[i].id == village_id)
			return st->villages[i].office_id;
	return 0;
}

/* "Thôn Đông (Đông Phương)": the name and, in *former, the commune in parentheses
 * (folded); NULL when the cell has no such ending. */
static char *split_former(struct arena *a, const char *folded, const char **former)
{
	size_t n = strlen(folded);
	const char *open = n > 2 && folded[n - 1] == ')' ? strstr(folded, " (") : NULL;
	while (open && strstr(open + 2, " ("))
		open = strstr(open + 2, " (");
	if (!open || open == folded)
		return NULL;
	*former = arena_strndup(a, open + 2, n - (size_t)(open + 2 - folded) - 1);
	return arena_strndup(a, folded, (size_t)(open - folded));
}

/* Whether the village came from the commune q names ("dong phuong" or "xa dong phuong"). */
static bool came_from(const struct pv_village *v, const char *q)
{
	size_t n = strlen(v->former), m = strlen(q);
	return m > 0 && n >= m && strcmp(v->former + n - m, q) == 0 &&
	       (n == m || v->former[n - m - 1] == ' ');
}

/* The one village that name (folded) designates: the exact name, else the key (without
 * "thôn"...); with former, only villages that came from that commune. 0 when none, -1
 * when several (names into *names). */
static int64_t designate(const struct pv_state *st, const char *name, const char *former,
			 struct buf *names)
{
	int64_t found = 0;
	const char *key = village_key(name);
	for (int pass = 0; pass < 2 && found == 0; pass++)
		for (size_t i = 0; i < st->n_villages; i++) {
			const struct pv_village *v = &st->villages[i];
			if (strcmp(pass ? v->key : v->folded, pass ? key : name) != 0 ||
			    (former && !came_from(v, former)))
				continue;
			buf_appendf(names, "%s%s", found ? ", " : "", v->name);
			found = found ? -1 : v->id;
		}
	return found;
}

int64_t pv_match_village(struct pv_state *st, const char *cell, const char **why)
{
	const char *folded = folded_copy(&st->work, cell), *former = NULL;
	if (!folded) {
		*why = "out of memory";
		return 0;
	}
	if (!folded[0]) {
		*why = "village (thôn) is empty";
		return 0;
	}
	struct buf names;
	buf_init(&names, 1024);
	int64_t found = designate(st, folded, NULL, &names);
	const char *name =
		found == 0 || found == -1 ? split_former(&st->work, folded, &former) : NULL;
	if (name) {
		buf_reset(&names);
		found = designate(st, name, former, &names);
	}
	if (found == -1)
		*why = arena_sprintf(&st->work,
				     "village '%s' matches several villages: %s (villages of the "
				     "same name that came from different communes: add the former "
				     "commune, 'Thôn Đông (Đông Phương)')",
				     cell, buf_str(&names));
	if (found != 0) {
		buf_free(&names);
		return found > 0 ? found : 0;
	}
	buf_reset(&names);
	for (size_t i = 0; i < st->n_villages && i < VILLAGES_SHOWN; i++)
		buf_appendf(&names, "%s%s", i ? ", " : "", st->villages[i].name);
	if (st->n_villages > VILLAGES_SHOWN)
		buf_append_str(&names, ", ...");
	*why = arena_sprintf(&st->work, "village '%s' is not a village of commune %s on %s%s%s%s",
			     cell, st->in->commune_code, st->day,
			     st->n_villages ? " (villages: " : " (it has no village)",
			     buf_str(&names), st->n_villages ? ")" : "");
	buf_free(&names);
	return 0;
}
