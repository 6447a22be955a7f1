/* Shared by user.c (managing users) and user_auth.c (passwords, locks, sign-in). */
#ifndef TD_BANK_USER_INTERNAL_H
#define TD_BANK_USER_INTERNAL_H

#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#include "bank/user.h"

struct user_row {
	int64_t id;
	char username[64];
	char full_name[512];
	enum td_role role;
	int64_t office_id;
	char office_code[64];
	int64_t chapter_id;
	int64_t group_id;
	bool disabled;
	int64_t locked_until;
	int64_t failed_attempts;
	char password_hash[crypto_pwhash_STRBYTES];
};

/* TD_ENOTFOUND naming the user when absent. */
int user_row_load(struct td_store *s, int64_t id, struct user_row *r, struct td_error *err);
int user_row_load_name(struct td_store *s, const char *username, struct user_row *r,
		       struct td_error *err);

/* The user as JSON, without its password hash. */
json_t *user_row_json(const struct user_row *r);
/* The same as compact JSON text for the audit trail (malloc'd; NULL when out of memory). */
char *user_row_snapshot(const struct user_row *r);

/* argon2id hash of password (TD_PWHASH_FAST=1: minimum cost, for tests). */
int user_password_hash(const char *password, char out[crypto_pwhash_STRBYTES],
		       struct td_error *err);

/* Reading another user: ACT_USER_ADMIN or ACT_AUDIT_READ on its office. */
int user_access_read(struct td_ctx *ctx, int64_t office_id, struct td_error *err);

#endif
