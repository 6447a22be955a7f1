/* Many rows per INSERT for the imports (net_internal.h). */
#include <stdlib.h>
#include <string.h>

#include "bank/net_internal.h"

int net_batch_init(struct net_batch *b, struct td_store *s, const char *head, size_t cols,
		   size_t per, struct td_error *err)
{
	*b = (struct net_batch){.s = s, .head = head, .cols = cols, .per = per};
	b->vals = calloc(cols * per, sizeof *b->vals);
	return b->vals ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

static int prepare(struct net_batch *b, size_t rows, struct td_stmt **out, struct td_error *err)
{
	struct buf sql;
	buf_init(&sql, 64 * 1024);
	int rc = buf_append_str(&sql, b->head);
	for (size_t i = 0; rc == TD_OK && i < rows; i++) {
		rc = buf_append_str(&sql, i ? ", (" : " (");
		for (size_t c = 0; rc == TD_OK && c < b->cols; c++)
			rc = buf_append_str(&sql, c ? ", ?" : "?");
		if (rc == TD_OK)
			rc = buf_append_char(&sql, ')');
	}
	rc = rc == TD_OK ? store_prepare(b->s, buf_str(&sql), out, err)
			 : td_error_set(err, rc, "insert statement too long");
	buf_free(&sql);
	return rc;
}

int net_batch_flush(struct net_batch *b, struct td_error *err)
{
	if (b->n == 0)
		return TD_OK;
	int rc = TD_OK;
	if (b->n == b->per && !b->full)
		rc = prepare(b, b->per, &b->full, err);
	struct td_stmt *st = b->n == b->per ? b->full : NULL;
	if (rc == TD_OK && !st)
		rc = prepare(b, b->n, &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_reset(st);
	for (size_t i = 0; i < b->n * b->cols; i++) {
		const struct net_arg *a = &b->vals[i];
		if (a->type == 'i')
			stmt_bind_int64(st, (int)i + 1, a->i);
		else
			stmt_bind_text(st, (int)i + 1, a->t);
	}
	rc = stmt_step(st, err);
	if (st != b->full)
		stmt_finalize(st);
	b->n = 0;
	return rc == TD_DONE ? TD_OK : rc;
}

int net_batch_add(struct net_batch *b, const struct net_arg *row, struct td_error *err)
{
	memcpy(&b->vals[b->n * b->cols], row, b->cols * sizeof *row);
	return ++b->n == b->per ? net_batch_flush(b, err) : TD_OK;
}

void net_batch_free(struct net_batch *b)
{
	stmt_finalize(b->full);
	free(b->vals);
	memset(b, 0, sizeof *b);
}
