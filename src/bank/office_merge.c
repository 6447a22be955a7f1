/*
 * Merging offices on a date (R-ORG-1, the 2025 reform: 63 branches became 34). The
 * sources' versions close on the date and keep their history; what hung under them
 * moves under the office that absorbs them from that date.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bank/net_internal.h"

static int ids_exist_and_allowed(struct td_ctx *ctx, const struct office_merge *m,
				 struct td_error *err)
{
	if (m->n_sources == 0 || !m->sources)
		return td_error_set(err, TD_EINVAL, "merge: name at least one office to merge");
	for (size_t i = 0; i <= m->n_sources; i++) {
		int64_t id = i < m->n_sources ? m->sources[i] : m->into;
		int64_t n = 0;
		int rc = net_query_int64(ctx->store, "SELECT COUNT(*) FROM office WHERE id = ?",
					 NET_ARGS(NI(id)), &n, err);
		/* The office merged into is the one acted on (404); sources are references. */
		if (rc == TD_OK && n == 0)
			rc = td_error_set(err, i < m->n_sources ? TD_EINVAL : TD_ENOTFOUND,
					  "merge: office %" PRId64 " does not exist", id);
		if (rc == TD_OK)
			rc = net_write_check(ctx, id, m->on, err);
		if (rc != TD_OK)
			return rc;
	}
	return TD_OK;
}

static void validate_source(struct td_store *s, const struct office_merge *m, size_t i,
			    const struct net_office *into, struct net_problems *p)
{
	int64_t id = m->sources[i];
	char d[TD_DATE_FMT_MAX];
	NET_ISO(m->on, d);
	for (size_t j = 0; j < i; j++)
		if (m->sources[j] == id) {
			net_problem(p, TD_EINVAL, "office %" PRId64 " is listed twice", id);
			return;
		}
	if (id == m->into) {
		net_problem(p, TD_EINVAL, "office %" PRId64 " cannot merge into itself", id);
		return;
	}
	struct net_office src;
	struct td_error e = {0};
	int rc = net_office_at(s, id, m->on, &src, &e);
	if (rc != TD_OK) {
		net_problem(p, rc == TD_ENOTFOUND ? TD_ECONFLICT : rc, "%s", e.msg);
		return;
	}
	if (src.kind == OFFICE_HEAD || (into && src.kind != into->kind))
		net_problem(p, TD_ERULE, "the %s office %s cannot merge into the %s office %s",
			    office_kind_name(src.kind), src.code,
			    into ? office_kind_name(into->kind) : "?", into ? into->code : "?");
	if (strcmp(src.valid_from, d) >= 0)
		net_problem(p, TD_ECONFLICT,
			    "office %s has a version from %s; merge it after that date, not on %s",
			    src.code, src.valid_from, d);
	int64_t later = 0;
	rc = net_query_int64(s,
			     "SELECT COUNT(*) FROM office_version WHERE office_id = ? AND "
			     "valid_from <= ? AND valid_to IS NULL",
			     NET_ARGS(NI(id), NT(d)), &later, &e);
	if (rc == TD_OK && later == 0)
		net_problem(p, TD_ECONFLICT,
			    "office %s changes after %s; merge it on or after its last change",
			    src.code, d);
}

static int validate(struct td_store *s, const struct office_merge *m, struct td_error *err)
{
	struct net_problems p;
	net_problems_init(&p, err);
	struct net_office into;
	struct td_error e = {0};
	int rc = net_office_at(s, m->into, m->on, &into, &e);
	if (rc != TD_OK)
		net_problem(&p, rc == TD_ENOTFOUND ? TD_ECONFLICT : rc, "merge into: %s", e.msg);
	for (size_t i = 0; i < m->n_sources; i++)
		validate_source(s, m, i, rc == TD_OK ? &into : NULL, &p);
	return net_problems_end(&p);
}

/* Offices under the source get a version under `into` from the date. */
static int move_children(struct td_store *s, int64_t source, int64_t into, td_date on,
			 struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT office_id FROM office_version WHERE parent_id = ? AND "
			     "valid_to IS NULL ORDER BY office_id",
			     NET_ARGS(NI(source)), &st, err);
	if (rc != TD_OK)
		return rc;
	/* Collect first: the statement must not stay open while versions change. */
	int64_t ids[1024];
	size_t n = 0;
	while ((rc = stmt_step(st, err)) == TD_ROW && n < sizeof ids / sizeof *ids)
		ids[n++] = stmt_column_int64(st, 0);
	stmt_finalize(st);
	if (rc == TD_ROW)
		return td_error_set(err, TD_ETOOBIG,
				    "office %" PRId64 " has over %zu offices "
				    "under it; merge it in parts",
				    source, n);
	if (rc != TD_DONE)
		return rc;
	for (size_t i = 0; i < n && rc == TD_DONE; i++)
		rc = office_version_change(s, ids[i], NULL, into, on, err) == TD_OK ? TD_DONE
										    : err->code;
	return rc == TD_DONE ? TD_OK : rc;
}

static int merge_one(struct td_ctx *ctx, int64_t source, const struct office_merge *m,
		     struct td_error *err)
{
	struct td_store *s = ctx->store;
	char d[TD_DATE_FMT_MAX];
	NET_ISO(m->on, d);
	json_t *before = NULL;
	int rc = office_json(s, source, m->on, &before, err);
	if (rc == TD_OK)
		rc = net_exec(s,
			      "UPDATE office_version SET valid_to = ? WHERE office_id = ? AND "
			      "valid_to IS NULL",
			      NET_ARGS(NT(d), NI(source)), err);
	if (rc == TD_OK)
		rc = net_exec(s, "UPDATE office SET merged_into = ? WHERE id = ?",
			      NET_ARGS(NI(m->into), NI(source)), err);
	if (rc == TD_OK)
		rc = move_children(s, source, m->into, m->on, err);
	/* Points and staff are managed by the office that absorbed theirs: move them, so
	 * that its people can reach them (the audit trail keeps where they were). */
	if (rc == TD_OK)
		rc = net_exec(s, "UPDATE commune_point SET office_id = ? WHERE office_id = ?",
			      NET_ARGS(NI(m->into), NI(source)), err);
	if (rc == TD_OK)
		rc = net_exec(s, "UPDATE staff SET office_id = ? WHERE office_id = ?",
			      NET_ARGS(NI(m->into), NI(source)), err);
	json_t *after = rc == TD_OK ? json_pack("{s:I, s:s}", "merged_into", (json_int_t)m->into,
						"valid_to", d)
				    : NULL;
	if (rc == TD_OK)
		rc = net_audit(ctx, "merge", "office", source, before, after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

int office_merge(struct td_ctx *ctx, const struct office_merge *m, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = ids_exist_and_allowed(ctx, m, err);
	if (rc == TD_OK)
		rc = validate(ctx->store, m, err);
	for (size_t i = 0; rc == TD_OK && i < m->n_sources; i++)
		rc = merge_one(ctx, m->sources[i], m, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
