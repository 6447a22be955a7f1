#include "bank/idempotency.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bank/org_util.h"
#include "base/utf8.h"

int idem_key_check(const char *key, size_t max, struct td_error *err)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n > max)
		return td_error_set(err, TD_EINVAL,
				    "khóa (idempotency key) phải dài 1..%zu byte, khóa này dài %zu",
				    max, n);
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = utf8_decode(key + i, n - i, &cp);
		if (len == 0)
			return td_error_set(err, TD_EINVAL,
					    "khóa (idempotency key) không phải UTF-8 hợp lệ: byte "
					    "0x%02x ở vị trí %zu",
					    (unsigned)cp, i + 1);
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return td_error_set(err, TD_EINVAL,
					    "khóa (idempotency key) có ký tự điều khiển U+%04X ở vị "
					    "trí %zu: chỉ dùng chữ, số và dấu in được",
					    (unsigned)cp, i + 1);
		i += len;
	}
	return TD_OK;
}

void idem_request_hash(struct idem_request *r, const void *body, size_t len)
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)r->method, strlen(r->method) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)r->target, strlen(r->target) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)body, len);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(r->sha256, sizeof r->sha256, digest, sizeof digest);
}

static int answer_copy(struct idem_answer *a, int status, const char *body, struct td_error *err)
{
	a->status = status;
	a->body = strdup(body ? body : "");
	a->len = a->body ? strlen(a->body) : 0;
	return a->body ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

int idem_begin(struct td_store *s, const struct idem_request *r, bool *replay,
	       struct idem_answer *answer, struct td_error *err)
{
	struct td_stmt *st = NULL;
	*replay = false;
	int rc = org_prepare(s, &st, err,
			     "SELECT request_sha256, status, body, method, path FROM idempotency_key "
			     "WHERE user_id = ? AND key = ?",
			     "it", r->user_id, r->key);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_DONE) {
		rc = TD_OK;
	} else if (rc == TD_ROW && strcmp(stmt_column_text(st, 0), r->sha256) != 0) {
		rc = td_error_set(err, TD_EIDEMPOTENCY,
				  "khóa '%s' đã dùng cho một yêu cầu khác (%s %s); yêu cầu mới "
				  "cần khóa mới, không ghi gì",
				  r->key, stmt_column_text(st, 3), stmt_column_text(st, 4));
	} else if (rc == TD_ROW) {
		*replay = true;
		rc = answer_copy(answer, (int)stmt_column_int64(st, 1), stmt_column_text(st, 2),
				 err);
	}
	stmt_finalize(st);
	return rc;
}

int idem_remember(struct td_store *s, const struct idem_request *r, const struct idem_answer *a,
		  struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "INSERT INTO idempotency_key (user_id, key, method, path, "
			     "request_sha256, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			     "ittttiti", r->user_id, r->key, r->method, r->target, r->sha256,
			     (int64_t)a->status, a->len ? a->body : "", r->now);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

bool idem_retry(int rc)
{
	return rc == TD_EBUSY || rc == TD_EUNIQUE;
}

void idem_answer_free(struct idem_answer *a)
{
	free(a->body);
	memset(a, 0, sizeof *a);
}
