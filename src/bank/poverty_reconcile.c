/*
 * Poverty list import, passes 2 to 4 (R-HH-1, R-HH-2): repeated citizen IDs, what the
 * database holds for each, conflicts, the rejected rows, and who left the list.
 * poverty_internal.h tells the passes.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/commune_at.h"
#include "bank/poverty_internal.h"
#include "base/nfc.h"

/* Citizen IDs looked up per statement. */
#define CHUNK 256

/* ---- Pass 2: repeated citizen IDs ------------------------------------------------- */

static int by_cccd_cmp(const void *a, const void *b)
{
	const struct pv_row *x = *(struct pv_row *const *)a, *y = *(struct pv_row *const *)b;
	int c = strcmp(x->cccd_text, y->cccd_text);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static void add_reason(struct pv_state *st, struct pv_row *r, const char *why)
{
	r->reason = r->reason ? arena_sprintf(&st->work, "%s; %s", r->reason, why)
			      : arena_strdup(&st->work, why);
	if (!r->reason)
		r->reason = "out of memory";
}

/* A group of rows with one citizen ID: identical repeats are dropped after the first;
 * rows that disagree are all rejected (which one is right is for a person to say). */
static void mark_group(struct pv_state *st, struct pv_row **g, size_t n)
{
	bool same = true;
	for (size_t i = 1; i < n; i++)
		same = same && strcmp(g[i]->sig, g[0]->sig) == 0;
	char why[TD_ERROR_MSG_MAX];
	if (same) {
		snprintf(why, sizeof why, "repeats line %zu (citizen ID %s)", g[0]->line,
			 g[0]->cccd_text);
		for (size_t i = 1; i < n; i++)
			add_reason(st, g[i], why);
		return;
	}
	int k = snprintf(why, sizeof why, "citizen ID %s is on lines ", g[0]->cccd_text);
	for (size_t i = 0; i < n && k < (int)sizeof why - 64; i++)
		k += snprintf(why + k, sizeof why - (size_t)k, "%s%zu", i ? ", " : "", g[i]->line);
	snprintf(why + k, sizeof why - (size_t)k, " with different data: keep one row");
	for (size_t i = 0; i < n; i++)
		add_reason(st, g[i], why);
}

int pv_mark_repeats(struct pv_state *st, struct td_error *err)
{
	st->by_cccd = malloc((st->n_rows ? st->n_rows : 1) * sizeof *st->by_cccd);
	if (!st->by_cccd)
		return pv_nomem(err);
	for (size_t i = 0; i < st->n_rows; i++)
		if (st->rows[i].cccd_text[0])
			st->by_cccd[st->n_by++] = &st->rows[i];
	qsort(st->by_cccd, st->n_by, sizeof *st->by_cccd, by_cccd_cmp);
	for (size_t i = 0, j; i < st->n_by; i = j) {
		for (j = i + 1;
		     j < st->n_by && !strcmp(st->by_cccd[j]->cccd_text, st->by_cccd[i]->cccd_text);)
			j++;
		if (j - i > 1)
			mark_group(st, &st->by_cccd[i], j - i);
	}
	return TD_OK;
}

/* Whether the file mentions the citizen ID, on any row. */
static bool in_file(const struct pv_state *st, const char *cccd)
{
	size_t lo = 0, hi = st->n_by;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->by_cccd[mid]->cccd_text, cccd);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* ---- Pass 3: what the database holds ---------------------------------------------- */

static const char *col_dup(struct pv_state *st, struct td_stmt *s, int col)
{
	const char *v = stmt_column_text(s, col);
	return v ? arena_strdup(&st->work, v) : NULL;
}

/* A stored name as identity: names written before they were stored in NFC compare too. */
static const char *identity_dup(struct pv_state *st, const char *name)
{
	size_t n = strlen(name), need = nfc_name(name, n, NULL, 0) + 1;
	char *out = arena_alloc(&st->work, need);
	if (out)
		nfc_name(name, n, out, need);
	return out;
}

/* Fills the database side of the rows of one chunk (sorted by citizen ID). */
static int lookup_chunk(struct pv_state *st, struct td_stmt *s, struct pv_row **chunk, size_t n,
			struct td_error *err)
{
	int year = st->in->year;
	stmt_reset(s);
	stmt_bind_text(s, 1, st->day); /* the household's commune that day */
	stmt_bind_text(s, 2, st->day);
	stmt_bind_int64(s, 3, year);
	stmt_bind_int64(s, 4, year - 1);
	for (size_t i = 0; i < CHUNK; i++)
		if (i < n)
			stmt_bind_text(s, (int)i + 5, chunk[i]->cccd);
		else
			stmt_bind_null(s, (int)i + 5);
	int rc;
	while ((rc = stmt_step(s, err)) == TD_ROW) {
		const char *cccd = stmt_column_text(s, 1);
		struct pv_row *r = NULL;
		for (size_t lo = 0, hi = n; lo < hi && !r;) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(chunk[mid]->cccd, cccd);
			if (c == 0)
				r = chunk[mid];
			else if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		assert(r && "the database answered a citizen ID it was not asked");
		r->household_id = stmt_column_int64(s, 0);
		r->db_name = col_dup(st, s, 2);
		r->db_identity = r->db_name ? identity_dup(st, r->db_name) : NULL;
		r->db_commune = col_dup(st, s, 3);
		r->has_y = !stmt_column_is_null(s, 4);
		r->has_prev = !stmt_column_is_null(s, 6);
		if (r->has_y) {
			programme_status_parse(stmt_column_text(s, 4), &r->st_y, NULL);
			r->y_commune = col_dup(st, s, 5);
		}
		if (r->has_prev)
			programme_status_parse(stmt_column_text(s, 6), &r->st_prev, NULL);
		if (!r->db_name || !r->db_identity || !r->db_commune || (r->has_y && !r->y_commune))
			return pv_nomem(err);
	}
	return rc == TD_DONE ? TD_OK : rc;
}

int pv_lookup_households(struct pv_state *st, struct td_error *err)
{
	struct buf sql;
	buf_init(&sql, 16384);
	buf_append_str(&sql,
		       "SELECT h.id, h.cccd, h.head_name, coalesce(" COMMUNE_OF_VILLAGE(
			       "h.village_id") ", h.commune_code), y.status, "
				       "y.commune_code, p.status FROM household h "
				       "LEFT JOIN poverty_status y ON y.household_id = h.id AND "
				       "y.year = ? "
				       "LEFT JOIN poverty_status p ON p.household_id = h.id AND "
				       "p.year = ? "
				       "WHERE h.cccd IN (?");
	for (int i = 1; i < CHUNK; i++)
		buf_append_str(&sql, ", ?");
	int rc = buf_append_str(&sql, ")");
	struct td_stmt *s = NULL;
	if (rc == TD_OK)
		rc = store_prepare(st->ctx->store, buf_str(&sql), &s, err);
	else
		rc = pv_nomem(err);
	buf_free(&sql);
	struct pv_row *chunk[CHUNK];
	size_t n = 0;
	for (size_t i = 0; rc == TD_OK && i <= st->n_by; i++) {
		bool flush = i == st->n_by || n == CHUNK;
		if (flush && n > 0) {
			rc = lookup_chunk(st, s, chunk, n, err);
			n = 0;
		}
		if (i < st->n_by && !st->by_cccd[i]->reason)
			chunk[n++] = st->by_cccd[i];
	}
	stmt_finalize(s);
	return rc;
}

/* Same citizen ID with another name (R-HH-2): names compared exactly, after NFC and white
 * space only (base/nfc.h): "Nguyễn Văn Hùng" is not "Nguyễn Văn Hưng", though both fold to
 * "nguyen van hung" (folding is for search). A household that lives in another commune. */
void pv_check_conflicts(struct pv_state *st)
{
	st->accepted = 0;
	for (size_t i = 0; i < st->n_rows; i++) {
		struct pv_row *r = &st->rows[i];
		if (!r->reason && r->household_id && strcmp(r->db_identity, r->name) != 0)
			r->reason =
				arena_sprintf(&st->work,
					      "citizen ID %s belongs to household %lld (%s), not "
					      "to '%s': same ID with another name",
					      r->cccd, (long long)r->household_id, r->db_name,
					      r->name)
					?: "out of memory";
		else if (!r->reason && r->household_id &&
			 strcmp(r->db_commune, st->in->commune_code) != 0)
			r->reason =
				arena_sprintf(&st->work,
					      "household %lld (%s) lives in commune %s, not %s: "
					      "change its village first (household update)",
					      (long long)r->household_id, r->db_name, r->db_commune,
					      st->in->commune_code)
					?: "out of memory";
		st->accepted += r->reason == NULL;
	}
}

/* ---- Results ---------------------------------------------------------------------- */

struct poverty_change *pv_push_change(struct poverty_change **list, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		void *p = realloc(*list, c * sizeof **list);
		if (!p)
			return NULL;
		*list = p;
		*cap = c;
	}
	struct poverty_change *ch = &(*list)[(*n)++];
	memset(ch, 0, sizeof *ch);
	return ch;
}

int pv_collect_rejected(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	size_t n = st->n_rows - st->accepted;
	res->rejected = calloc(n ? n : 1, sizeof *res->rejected);
	if (!res->rejected)
		return pv_nomem(err);
	for (size_t i = 0; i < st->n_rows; i++) {
		if (!st->rows[i].reason)
			continue;
		struct poverty_reject *j = &res->rejected[res->n_rejected++];
		j->line = st->rows[i].line;
		j->reason = arena_strdup(&res->arena, st->rows[i].reason);
		if (!j->reason)
			return pv_nomem(err);
	}
	assert(res->n_rejected == n);
	return TD_OK;
}

/* ---- Pass 4: who left the list ----------------------------------------------------- */

int pv_find_left(struct pv_state *st, struct td_error *err)
{
	struct poverty_import_result *res = st->res;
	struct td_stmt *s = NULL;
	int rc = store_prepare(
		st->ctx->store,
		"SELECT s.household_id, h.cccd, h.head_name, s.year, s.status, y.status "
		"FROM poverty_status s JOIN household h ON h.id = s.household_id "
		"LEFT JOIN poverty_status y ON y.household_id = s.household_id AND "
		"y.year = ? WHERE (s.commune_code = ? OR (EXISTS (SELECT 1 FROM admin_merger m "
		"WHERE m.old_commune = s.commune_code AND m.new_commune = ? AND m.on_date <= ?) "
		"AND " COMMUNE_OF_VILLAGE("h.village_id") " = ?)) AND s.year IN (?, ?) AND "
							  "s.status <> 'none' ORDER BY "
							  "h.name_folded, h.id, s.year DESC",
		&s, err);
	if (rc != TD_OK)
		return rc;
	/* The list of a commune formed by a merger also takes over the statuses that the
	 * lists of its former communes gave to the households that live in it now. */
	stmt_bind_int64(s, 1, st->in->year);
	stmt_bind_text(s, 2, st->in->commune_code);
	stmt_bind_text(s, 3, st->in->commune_code);
	stmt_bind_text(s, 4, st->day);
	stmt_bind_text(s, 5, st->day);
	stmt_bind_text(s, 6, st->day);
	stmt_bind_text(s, 7, st->in->commune_code);
	stmt_bind_int64(s, 8, st->in->year);
	stmt_bind_int64(s, 9, st->in->year - 1);
	while ((rc = stmt_step(s, err)) == TD_ROW) {
		int year = (int)stmt_column_int64(s, 3);
		bool this_year = year == st->in->year;
		const char *cccd = stmt_column_text(s, 1);
		/* Last year's status counts only when the household has none for this year. */
		if ((!this_year && !stmt_column_is_null(s, 5)) || in_file(st, cccd))
			continue;
		struct poverty_change *ch = pv_push_change(&res->left, &res->n_left, &st->cap_left);
		if (!ch || !(ch->head_name = arena_strdup(&res->arena, stmt_column_text(s, 2)))) {
			rc = pv_nomem(err);
			break;
		}
		ch->household_id = stmt_column_int64(s, 0);
		snprintf(ch->cccd, sizeof ch->cccd, "%s", cccd);
		programme_status_parse(stmt_column_text(s, 4), &ch->from, NULL);
		ch->from_year = year;
		ch->to = HH_NONE;
	}
	stmt_finalize(s);
	return rc == TD_DONE ? TD_OK : rc;
}
