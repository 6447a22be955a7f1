/*
 * What a commune session may pay out (R-FEE-1, R-FEE-2, R-SES-2): the commissions of a
 * group's leader and the commune share of the entrustment fee of the chapters of the
 * point's communes, accrued by month ends of the session's office booked by the session
 * date and not paid yet. The 13/TD lists show them so that the team knows what to pay; the
 * refusals of csession_payout.c are the same conditions.
 */
#include "bank/commune_at.h"
#include "bank/csession_internal.h"
#include "bank/org_util.h"

/* Runs sql (its rows: the cols), appending each row to *out and adding its column
 * amount_col to *total. */
static int rows_due(struct td_stmt *st, int rc, const struct org_col *cols, int amount_col,
		    json_t **out, td_money *total, struct td_error *err)
{
	*out = json_array();
	*total = 0;
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		td_money sum = 0;
		if (money_add(*total, stmt_column_int64(st, amount_col), &sum) != TD_OK) {
			rc = td_error_set(err, TD_EOVERFLOW, "the amounts payable overflow");
			break;
		}
		*total = sum;
		json_array_append_new(*out, org_row_json(st, cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static const struct org_col commission_cols[] = {{"commission_id", 'i'},
						 {"month", 't'},
						 {"leader_household_id", 'i'},
						 {"amount", 'i'},
						 {NULL, 0}};

int csession_commissions_due(struct td_store *s, const struct csession_row *r, int64_t group,
			     json_t **out, td_money *total, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT c.id, c.month, c.leader_household_id, c.amount FROM "
			     "commission_accrual c JOIN month_end_run mr ON mr.id = c.run_id "
			     "WHERE c.group_id = ? AND c.amount > 0 AND " CSESSION_RUN_PAYABLE
			     " AND NOT EXISTS (SELECT 1 FROM session_payout sp WHERE "
			     "sp.commission_id = c.id) ORDER BY c.month, c.id",
			     "iid", group, r->office_id, r->on);
	return rows_due(st, rc, commission_cols, 3, out, total, err);
}

static const struct org_col fee_cols[] = {{"fee_id", 'i'},	 {"chapter_id", 'i'},
					  {"chapter_name", 't'}, {"month", 't'},
					  {"amount", 'i'},	 {NULL, 0}};

int csession_fees_due(struct td_store *s, const struct csession_row *r, json_t **out,
		      td_money *total, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT f.id, f.chapter_id, ch.name, f.month, f.commune FROM fee_accrual f JOIN "
		"month_end_run mr ON mr.id = f.run_id JOIN org_chapter ch ON ch.id = f.chapter_id "
		"WHERE f.commune > 0 AND " CSESSION_RUN_PAYABLE " AND ch.level = 'commune' AND "
		"EXISTS (SELECT 1 FROM commune_point_commune c WHERE c.point_id = ? AND "
		"c.valid_from <= ? AND (c.valid_to IS NULL OR c.valid_to > ?) AND " COMMUNE_WITHIN(
			"ch.admin_code",
			"c.commune_code") ") AND "
					  "NOT EXISTS (SELECT 1 FROM session_payout sp WHERE "
					  "sp.fee_id = f.id) "
					  "ORDER BY f.month, ch.name, f.id",
		"ididdd", r->office_id, r->on, r->point_id, r->on, r->on, r->on);
	return rows_due(st, rc, fee_cols, 4, out, total, err);
}
