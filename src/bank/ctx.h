/*
 * What every use case receives: the database, who acts, on which business date, and the
 * idempotency key of the request (R-GL-3). Bank functions never read the clock: the
 * business date is an input.
 */
#ifndef TD_BANK_CTX_H
#define TD_BANK_CTX_H

#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "store/store.h"

/* Roles (issue 4). Stable names in role_name()/role_parse(). */
enum td_role {
	ROLE_ADMIN,          /* "admin": administrator of its office subtree */
	ROLE_DIRECTOR,       /* "director": approves (the checker of maker-checker) */
	ROLE_CREDIT_OFFICER, /* "credit_officer" */
	ROLE_TELLER,         /* "teller" */
	ROLE_CONTROLLER,     /* "controller" */
	ROLE_UNION_OFFICER,  /* "union_officer": one organisation chapter */
	ROLE_GROUP_LEADER,   /* "group_leader": one group */
	ROLE_BOARD,          /* "board": Board of Representatives, read and inspect */
	ROLE_AUDITOR,        /* "auditor": read everything, write nothing */
	ROLE_COUNT
};

const char *role_name(enum td_role r);
/* TD_EINVAL naming the accepted values when s is not a role. */
int role_parse(const char *s, enum td_role *out, struct td_error *err);

/* Who acts. A union officer also has chapter_id, a group leader group_id; every user has
 * the root of the office subtree it works in (R-ORG-4). */
struct td_actor {
	int64_t user_id;    /* 0 for the built-in command-line system actor */
	char username[64];
	enum td_role role;
	int64_t office_id;
	int64_t chapter_id; /* 0 unless union officer */
	int64_t group_id;   /* 0 unless group leader */
};

struct td_ctx {
	struct td_store *store;
	const struct td_actor *actor;
	td_date business_date;
	const char *idem_key; /* may be NULL (reads, or callers without one) */
	int tx_depth;         /* managed by bank_tx_*: nested use cases share one transaction */
	/* Where the cash of a booking crosses (R-CASH-1, bank/cash.h): 0, the office's vault
	 * (CASH); else the commune session whose box it is (CASH_SESSION), set by
	 * csession_record around the use cases of a batch's lines. */
	int64_t cash_session_id;
};

/* The command line acts as this administrator of the head office unless --user names
 * a user: whoever can run the binary against the database already holds its keys. */
void actor_system(struct td_actor *out);

/* One database transaction per use case; a use case called inside another joins the
 * outer transaction (only the outermost begin/commit reach the database). */
int bank_tx_begin(struct td_ctx *ctx, struct td_error *err);
int bank_tx_commit(struct td_ctx *ctx, struct td_error *err);
void bank_tx_rollback(struct td_ctx *ctx);

/* Reads td_meta.business_date. */
int bank_business_date(struct td_store *s, td_date *out, struct td_error *err);

#endif
