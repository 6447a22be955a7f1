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

int pv_load_villages(struct pv_state *st, struct td_error *err)
{
	struct td_stmt *s = NULL;
	int rc = store_prepare(st->ctx->store,
			       "SELECT id, name FROM village WHERE commune_code = ? AND "
			       "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
			       &s, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(s, 1, st->in->commune_code);
	stmt_bind_text(s, 2, st->day);
	stmt_bind_text(s, 3, st->day);
	size_t cap = 0;
	while ((rc = stmt_step(s, err)) == TD_ROW) {
		if (st->n_villages == cap) {
			cap = cap ? 2 * cap : 32;
			void *p = realloc(st->villages, cap * sizeof *st->villages);
			if (!p) {
				rc = pv_nomem(err);
				break;
			}
			st->villages = p;
		}
		struct pv_village *v = &st->villages[st->n_villages];
		v->id = stmt_column_int64(s, 0);
		v->name = arena_strdup(&st->work, stmt_column_text(s, 1));
		char *folded = v->name ? arena_alloc(&st->work, strlen(v->name) + 1) : NULL;
		if (!folded) {
			rc = pv_nomem(err);
			break;
		}
		fold_ascii(v->name, strlen(v->name), folded);
		v->folded = folded;
		v->key = village_key(folded);
		st->n_villages++;
	}
	stmt_finalize(s);
	/* In the order people read them (folded), for the messages that list them. */
	if (st->n_villages > 1)
		qsort(st->villages, st->n_villages, sizeof *st->villages, village_cmp);
	return rc == TD_DONE ? TD_OK : rc;
}

/* The id of the commune's village named `cell`; 0 and *why when there is none or several.
 * The exact name wins (folded: case and diacritics do not matter); otherwise the name
 * without "Thôn"/"Ấp"/... must designate one village. */
int64_t pv_match_village(struct pv_state *st, const char *cell, const char **why)
{
	size_t n = strlen(cell);
	char *folded = arena_alloc(&st->work, n + 1);
	if (!folded) {
		*why = "out of memory";
		return 0;
	}
	fold_ascii(cell, n, folded);
	if (!folded[0]) {
		*why = "village (thôn) is empty";
		return 0;
	}
	for (size_t i = 0; i < st->n_villages; i++)
		if (strcmp(st->villages[i].folded, folded) == 0)
			return st->villages[i].id;
	const char *key = village_key(folded);
	int64_t found = 0;
	struct buf names;
	buf_init(&names, 1024);
	for (size_t i = 0; i < st->n_villages; i++)
		if (strcmp(st->villages[i].key, key) == 0) {
			buf_appendf(&names, "%s%s", found ? ", " : "", st->villages[i].name);
			found = found ? -1 : st->villages[i].id;
		}
	if (found == -1)
		*why = arena_sprintf(&st->work, "village '%s' matches several villages: %s", cell,
				     buf_str(&names));
	if (found != 0) {
		buf_free(&names);
		return found > 0 ? found : 0;
	}
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
