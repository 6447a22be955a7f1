/*
 * Whether a database is empty enough for the demo, and the demo's accounts for
 * `tindung serve` to print.
 */
#include <string.h>

#include "bank/org_util.h"
#include "demo/demo.h"

/* A count that is 0 when the table does not exist yet (an older schema). */
static int count(struct td_store *s, int version, int since, const char *sql, int64_t *n,
		 struct td_error *err)
{
	*n = 0;
	return version >= since ? store_query_int64(s, sql, n, err) : TD_OK;
}

int demo_database_empty(struct td_store *s, bool *empty, struct td_error *err)
{
	int version = 0;
	int rc = store_schema_version(s, &version, err);
	int64_t offices = 0, households = 0, users = 0, audit = 0;
	if (rc == TD_OK)
		rc = count(s, version, 2, "SELECT count(*) FROM office", &offices, err);
	if (rc == TD_OK)
		rc = count(s, version, 3, "SELECT count(*) FROM household", &households, err);
	if (rc == TD_OK)
		rc = count(s, version, 5, "SELECT count(*) FROM app_user", &users, err);
	if (rc == TD_OK)
		rc = count(s, version, 5, "SELECT count(*) FROM audit_log", &audit, err);
	*empty = offices <= 1 && households == 0 && users == 0 && audit == 0;
	return rc;
}

int demo_accounts(struct td_store *s, bool *is_demo,
		  void (*fn)(void *arg, const struct demo_account *a), void *arg,
		  struct td_error *err)
{
	int version = 0;
	int64_t runs = 0;
	*is_demo = false;
	int rc = store_schema_version(s, &version, err);
	if (rc == TD_OK)
		rc = count(s, version, 17, "SELECT count(*) FROM demo_run", &runs, err);
	if (rc != TD_OK || runs == 0)
		return rc;
	*is_demo = true;
	struct td_stmt *st = NULL;
	rc = org_prepare(s, &st, err,
			 "SELECT u.username, a.password, u.role, a.what FROM demo_account a JOIN "
			 "app_user u ON u.id = a.user_id ORDER BY a.id",
			 "");
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		struct demo_account a;
		memset(&a, 0, sizeof a);
		snprintf(a.username, sizeof a.username, "%s", stmt_column_text(st, 0));
		snprintf(a.password, sizeof a.password, "%s", stmt_column_text(st, 1));
		snprintf(a.role, sizeof a.role, "%s", stmt_column_text(st, 2));
		snprintf(a.what, sizeof a.what, "%s", stmt_column_text(st, 3));
		fn(arg, &a);
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}
