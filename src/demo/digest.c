/*
 * A fingerprint of a district: SHA-256 over the rows of the business tables, in id order,
 * every column as text. Left out: what is random or wall-clock by design (passwords and
 * their hashes, the audit trail's times and hash chain, sign-in sessions, the schema's
 * applied_at). Two builds with the same seed and size must give the same digest.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo.h"

static const char *const queries[] = {
	"SELECT * FROM village ORDER BY id",
	"SELECT * FROM staff ORDER BY id",
	"SELECT * FROM commune_point ORDER BY id",
	"SELECT id, username, full_name, role, office_id, chapter_id, group_id FROM app_user "
	"ORDER BY id",
	"SELECT * FROM household ORDER BY id",
	"SELECT * FROM poverty_import ORDER BY id",
	"SELECT * FROM poverty_status ORDER BY id",
	"SELECT * FROM org_chapter ORDER BY id",
	"SELECT * FROM entrustment_contract ORDER BY id",
	"SELECT * FROM savings_group ORDER BY id",
	"SELECT * FROM group_version ORDER BY id",
	"SELECT * FROM group_member ORDER BY id",
	"SELECT * FROM capital_source ORDER BY id",
	"SELECT * FROM capital_transfer ORDER BY id",
	"SELECT * FROM gl_account ORDER BY id",
	"SELECT * FROM gl_entry ORDER BY id",
	"SELECT * FROM gl_posting ORDER BY id",
	"SELECT * FROM gl_balance ORDER BY account_id",
	"SELECT * FROM loan_application ORDER BY id",
	"SELECT * FROM loan ORDER BY id",
	"SELECT * FROM loan_instalment ORDER BY id",
	"SELECT * FROM loan_repayment ORDER BY id",
	"SELECT * FROM loan_event ORDER BY id",
	"SELECT * FROM savings_account ORDER BY id",
	"SELECT * FROM savings_txn ORDER BY id",
	"SELECT * FROM eod_run ORDER BY business_date",
	"SELECT * FROM commune_session ORDER BY id",
	"SELECT * FROM session_batch ORDER BY id",
	"SELECT * FROM session_line ORDER BY id",
	"SELECT * FROM session_payout ORDER BY id",
	"SELECT * FROM fee_upper_payout ORDER BY id",
	"SELECT * FROM vault_limit ORDER BY id",
	"SELECT * FROM cash_transfer ORDER BY id",
	"SELECT * FROM month_end_run ORDER BY id",
	"SELECT * FROM fee_accrual ORDER BY id",
	"SELECT * FROM commission_accrual ORDER BY id",
	"SELECT value FROM td_meta WHERE key = 'business_date'",
};

static int hash_query(struct td_store *s, const char *sql, crypto_hash_sha256_state *h,
		      struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, err);
	crypto_hash_sha256_update(h, (const unsigned char *)sql, strlen(sql) + 1);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		int n = stmt_column_count(st);
		for (int c = 0; c < n; c++) {
			const char *v = stmt_column_text(st, c);
			if (!v)
				v = "\\N";
			crypto_hash_sha256_update(h, (const unsigned char *)v, strlen(v) + 1);
		}
		crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int demo_digest(struct td_store *s, char out[65], struct td_error *err)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	for (size_t k = 0; k < sizeof queries / sizeof queries[0]; k++) {
		int rc = hash_query(s, queries[k], &h, err);
		if (rc != TD_OK)
			return td_error_prefix(err, "digest: ");
	}
	unsigned char sum[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, sum);
	sodium_bin2hex(out, 65, sum, sizeof sum);
	return TD_OK;
}
