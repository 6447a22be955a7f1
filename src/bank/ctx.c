#include "bank/ctx.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
	"admin", "director", "credit_officer", "teller", "controller",
	"union_officer", "group_leader", "board", "auditor",
};

const char *role_name(enum td_role r)
{
	return (r >= 0 && r < ROLE_COUNT) ? role_names[r] : "unknown";
}

int role_parse(const char *s, enum td_role *out, struct td_error *err)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (s && strcmp(s, role_names[i]) == 0) {
			*out = (enum td_role)i;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "role '%s' does not exist; roles: admin, director, credit_officer, "
			    "teller, controller, union_officer, group_leader, board, auditor",
			    s ? s : "");
}

void actor_system(struct td_actor *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->username, sizeof out->username, "system");
	out->role = ROLE_ADMIN;
	out->office_id = 1; /* the head office, created by migration 0002 */
}

int bank_tx_begin(struct td_ctx *ctx, struct td_error *err)
{
	assert(ctx->tx_depth >= 0);
	if (ctx->tx_depth == 0) {
		int rc = store_begin(ctx->store, err);
		if (rc != TD_OK)
			return rc;
	}
	ctx->tx_depth++;
	return TD_OK;
}

int bank_tx_commit(struct td_ctx *ctx, struct td_error *err)
{
	assert(ctx->tx_depth > 0);
	if (--ctx->tx_depth > 0)
		return TD_OK;
	int rc = store_commit(ctx->store, err);
	if (rc != TD_OK)
		store_rollback(ctx->store);
	return rc;
}

void bank_tx_rollback(struct td_ctx *ctx)
{
	assert(ctx->tx_depth > 0);
	/* An inner failure dooms the whole transaction: roll back at once, and let the
	 * outer levels unwind without touching the database again. */
	if (ctx->tx_depth > 0)
		ctx->tx_depth--;
	store_rollback(ctx->store);
}

int bank_business_date(struct td_store *s, td_date *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, "SELECT value FROM td_meta WHERE key = 'business_date'", &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		rc = date_parse_iso(stmt_column_text(st, 0), out, err);
	else if (rc == TD_DONE)
		rc = td_error_set(err, TD_ESCHEMA, "td_meta has no business_date");
	stmt_finalize(st);
	return rc;
}
