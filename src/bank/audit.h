/*
 * The audit trail (issue 4, R-GL-3): every write records who, when (wall-clock time of
 * the database), the business date, what (action, entity, id), and the entity before and
 * after as JSON. Each record carries the hash of the previous one (SHA-256 over a
 * canonical serialisation, libsodium), so that `tindung audit verify` detects an edited,
 * inserted or deleted record.
 *
 * audit_record must be called inside the use case's transaction (bank_tx_begin), so the
 * record and the write commit or vanish together.
 */
#ifndef TD_BANK_AUDIT_H
#define TD_BANK_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"

/* before/after: JSON text or NULL (create has no before, delete no after). */
int audit_record(struct td_ctx *ctx, const char *action, const char *entity, int64_t entity_id,
		 const char *before, const char *after, struct td_error *err);

/* The id of the newest audit record, 0 when there is none. Every write records one, so a
 * caller that reads it before and after a run inside one transaction learns whether the
 * run wrote anything (the command line refuses --key for a run that wrote nothing). */
int audit_last_id(struct td_store *s, int64_t *out, struct td_error *err);

struct audit_verify_result {
	int64_t records;    /* records checked */
	int64_t first_bad;  /* id of the first record whose chain breaks, 0 if none */
	char reason[256];   /* "record 17: hash does not match its content" */
};

/* TD_OK when the chain is intact; TD_ECONFLICT with the first break otherwise. */
int audit_verify(struct td_store *s, struct audit_verify_result *res, struct td_error *err);

/* Filters of audit_list; zero/NULL fields do not filter. */
struct audit_filter {
	const char *entity;   /* "household" */
	int64_t entity_id;
	const char *username;
	const char *action;   /* "create", "update", ... */
	const char *from;     /* ISO date: records whose business date is on or after it */
	const char *to;       /* ISO date: ... on or before it */
	int limit;            /* default 50, at most 500 */
	int offset;
};

/* Newest first: {"items":[{id, at, user_id, username, office_id, business_date, idem_key,
 * action, entity, entity_id, before, after, hash}], "total", "limit", "offset"}; before and
 * after are the JSON snapshots (null when absent). Needs ACT_AUDIT_READ and shows the
 * records of users whose office lies in the actor's subtree. TD_EINVAL for a bad filter. */
int audit_list(struct td_ctx *ctx, const struct audit_filter *f, json_t **out,
	       struct td_error *err);

#endif
