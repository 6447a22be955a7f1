/* Opening a commune session (R-SES-1): the point, the date, the team of that date; the
 * opening cash taken out of the vault (R-CASH-1). */
#include <stdio.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/cash_internal.h"
#include "bank/csession_internal.h"
#include "bank/network.h"
#include "bank/org_util.h"

/* The point as of the date: its office, code and meeting day. */
struct point_info {
	int64_t office_id;
	char code[48];
	int meeting_day;
};

static int point_load(struct td_store *s, int64_t id, td_date on, struct point_info *p,
		      struct td_error *err)
{
	struct td_stmt *st = NULL;
	char iso[TD_DATE_FMT_MAX];
	int rc = org_prepare(s, &st, err,
			     "SELECT office_id, code, meeting_day, valid_from <= ? AND (valid_to "
			     "IS NULL OR valid_to > ?) FROM commune_point WHERE id = ?",
			     "ddi", on, on, id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		p->office_id = stmt_column_int64(st, 0);
		snprintf(p->code, sizeof p->code, "%s", stmt_column_text(st, 1));
		p->meeting_day = (int)stmt_column_int64(st, 2);
		rc = stmt_column_int64(st, 3)
			     ? TD_OK
			     : td_error_set(err, TD_ENOTFOUND, "commune point %s is not open on %s",
					    p->code, date_format_iso(on, iso, sizeof iso));
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "commune point %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	return rc;
}

/* The team of three on the date (point_team); TD_ERULE naming each missing duty. */
static int team_load(struct td_store *s, int64_t point, const char *code, td_date on,
		     struct point_team *t, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT duty, staff_id FROM point_team WHERE point_id = ? AND "
			     "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY duty",
			     "idd", point, on, on);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		const char *duty = stmt_column_text(st, 0);
		int64_t staff = stmt_column_int64(st, 1);
		if (strcmp(duty, "leader") == 0)
			t->leader = staff;
		else if (strcmp(duty, "controller") == 0)
			t->controller = staff;
		else
			t->teller = staff;
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE)
		return rc;
	char iso[TD_DATE_FMT_MAX];
	struct org_problems p;
	problems_init(&p, err);
	date_format_iso(on, iso, sizeof iso);
	if (!t->leader)
		problem_add(&p, TD_ERULE, "point %s has no team leader on %s", code, iso);
	if (!t->controller)
		problem_add(&p, TD_ERULE, "point %s has no controller on %s", code, iso);
	if (!t->teller)
		problem_add(&p, TD_ERULE, "point %s has no teller on %s", code, iso);
	rc = problems_finish(&p);
	if (rc != TD_OK)
		td_error_prefix(err, "the session needs its team of three (point_team): ");
	return rc;
}

static int input_check(const struct csession_open_input *in, const struct point_info *p,
		       struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	struct td_civil c = date_to_civil(in->on);
	bool reason = in->off_day_reason && in->off_day_reason[0];
	if (in->opening_cash < 0 || in->opening_cash > TD_MONEY_MAX_INPUT)
		return td_error_set(err, TD_EINVAL, "opening cash %lld đồng is outside 0..10^15",
				    (long long)in->opening_cash);
	if (c.day != p->meeting_day && !reason)
		return td_error_set(err, TD_EINVAL,
				    "point %s meets on day %d of the month, not on %s: give the "
				    "reason for holding the session on another day",
				    p->code, p->meeting_day,
				    date_format_iso(in->on, iso, sizeof iso));
	return TD_OK;
}

static int open_tx(struct td_ctx *ctx, const struct csession_open_input *in, int64_t *id,
		   struct td_error *err)
{
	struct point_info p = {0};
	struct point_team t = {0};
	int rc = point_load(ctx->store, in->point_id, in->on, &p, err);
	struct td_scope scope = {p.office_id, 0, 0};
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_SESSION_WRITE, &scope, err);
	if (rc == TD_OK)
		rc = input_check(in, &p, err);
	if (rc == TD_OK)
		rc = team_load(ctx->store, in->point_id, p.code, in->on, &t, err);
	int64_t other = 0;
	if (rc == TD_OK) {
		rc = csession_find(ctx, in->point_id, in->on, &other, err);
		char iso[TD_DATE_FMT_MAX];
		if (rc == TD_OK)
			return td_error_set(err, TD_ECONFLICT,
					    "point %s already has session %lld on %s (one session "
					    "per point and date)",
					    p.code, (long long)other,
					    date_format_iso(in->on, iso, sizeof iso));
		rc = rc == TD_ENOTFOUND ? TD_OK : rc;
	}
	bool day = in->off_day_reason && in->off_day_reason[0];
	if (rc == TD_OK)
		rc = org_query_int64(
			ctx->store, id, err,
			"INSERT INTO commune_session (point_id, office_id, session_date, "
			"off_day_reason, leader_staff_id, controller_staff_id, teller_staff_id, "
			"opening_cash, status, opened_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', "
			"?) "
			"RETURNING id",
			"iidtiiiii", in->point_id, p.office_id, in->on,
			day ? in->off_day_reason : NULL, t.leader, t.controller, t.teller,
			in->opening_cash, ctx->actor->user_id);
	/* R-CASH-1: the opening cash leaves the vault for the session's box */
	if (rc == TD_OK)
		rc = cash_session_out(ctx, *id, p.office_id, in->opening_cash, err);
	if (rc == TD_OK) {
		char iso[TD_DATE_FMT_MAX], after[192];
		snprintf(after, sizeof after,
			 "{\"date\":\"%s\",\"opening_cash\":%lld,\"point_id\":%lld}",
			 date_format_iso(in->on, iso, sizeof iso), (long long)in->opening_cash,
			 (long long)in->point_id);
		rc = audit_record(ctx, "open", "commune_session", *id, NULL, after, err);
	}
	return rc;
}

int csession_open(struct td_ctx *ctx, const struct csession_open_input *in, int64_t *id,
		  struct td_error *err)
{
	int64_t sid = 0;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = open_tx(ctx, in, &sid, err);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	rc = bank_tx_commit(ctx, err);
	if (rc == TD_OK && id)
		*id = sid;
	return rc;
}

int csession_find(struct td_ctx *ctx, int64_t point_id, td_date on, int64_t *id,
		  struct td_error *err)
{
	char iso[TD_DATE_FMT_MAX];
	int rc = org_query_int64(ctx->store, id, err,
				 "SELECT id FROM commune_session WHERE point_id = ? AND "
				 "session_date = ?",
				 "id", point_id, on);
	if (rc == TD_ENOTFOUND)
		td_error_set(err, TD_ENOTFOUND, "commune point %lld has no session on %s",
			     (long long)point_id, date_format_iso(on, iso, sizeof iso));
	return rc;
}
