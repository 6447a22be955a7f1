/* Closing a commune session (R-SES-1): counted cash must equal expected cash, and goes back
 * to the vault (R-CASH-1); afterwards the session is immutable. */
#include <stdio.h>

#include "bank/audit.h"
#include "bank/cash_internal.h"
#include "bank/csession_internal.h"
#include "bank/org_util.h"

static int close_tx(struct td_ctx *ctx, int64_t id, td_money counted, struct td_error *err)
{
	struct csession_row r;
	td_money in = 0, out = 0, expected = 0, diff = 0;
	char iso[TD_DATE_FMT_MAX];
	int rc = csession_row_load(ctx->store, id, &r, err);
	if (rc == TD_OK)
		rc = csession_row_access(ctx, &r, ACT_SESSION_CLOSE, err);
	if (rc == TD_OK && r.closed)
		rc = td_error_set(err, TD_ECONFLICT,
				  "phiên đã đóng: session %lld of point %s on %s "
				  "is closed already",
				  (long long)id, r.point_code,
				  date_format_iso(r.on, iso, sizeof iso));
	if (rc == TD_OK && (counted < 0 || counted > TD_MONEY_MAX_INPUT))
		rc = td_error_set(err, TD_EINVAL, "counted cash %lld đồng is outside 0..10^15",
				  (long long)counted);
	if (rc == TD_OK)
		rc = csession_cash(ctx->store, id, &in, &out, err);
	if (rc == TD_OK)
		rc = csession_expected(&r, in, out, &expected, err);
	if (rc == TD_OK && money_sub(counted, expected, &diff) != TD_OK)
		rc = td_error_set(err, TD_EOVERFLOW, "the difference overflows");
	if (rc == TD_OK && diff != 0) {
		char c[TD_MONEY_FMT_MAX], e[TD_MONEY_FMT_MAX], d[TD_MONEY_FMT_MAX];
		return td_error_set(err, TD_ERULE,
				    "tiền đếm được %s đồng khác tiền phải có %s đồng (đầu phiên + "
				    "thu - chi): %s %s đồng; count again or find the line",
				    money_format(counted, c, sizeof c),
				    money_format(expected, e, sizeof e),
				    diff > 0 ? "thừa" : "thiếu",
				    money_format(diff > 0 ? diff : -diff, d, sizeof d));
	}
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err,
			      "UPDATE commune_session SET status = 'closed', counted_cash = ?, "
			      "closed_by = ? WHERE id = ? AND status = 'open'",
			      "iii", counted, ctx->actor->user_id, id);
	td_money back = 0;
	if (rc == TD_OK)
		rc = cash_session_back(ctx, id, r.office_id, &back, err);
	if (rc == TD_OK) {
		char after[192];
		snprintf(after, sizeof after,
			 "{\"cash_back\":%lld,\"cash_in\":%lld,\"cash_out\":%lld,"
			 "\"counted_cash\":%lld}",
			 (long long)back, (long long)in, (long long)out, (long long)counted);
		rc = audit_record(ctx, "close", "commune_session", id, "{\"status\":\"open\"}",
				  after, err);
	}
	return rc;
}

int csession_close(struct td_ctx *ctx, int64_t session_id, td_money counted, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = close_tx(ctx, session_id, counted, err);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	return bank_tx_commit(ctx, err);
}
