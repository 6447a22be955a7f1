/* The working-day calendar (calendar.h). */
#include "bank/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/org_util.h"

static bool weekday(td_date d)
{
	return date_weekday(d) <= 5;
}

static int span_check(td_date from, td_date to, struct td_error *err)
{
	if (to - from > CALENDAR_SPAN_MAX)
		return td_error_set(err, TD_EINVAL, "khoảng ngày dài quá %d ngày",
				    CALENDAR_SPAN_MAX);
	return TD_OK;
}

int calendar_working_days(struct td_ctx *ctx, td_date from, td_date to, int *out,
			  struct td_error *err)
{
	*out = 0;
	if (to <= from)
		return TD_OK;
	int rc = span_check(from, to, err);
	if (rc != TD_OK)
		return rc;
	int n = 0;
	for (td_date d = from + 1; d <= to; d++)
		n += weekday(d);
	/* the recorded days change the count: a holiday on a weekday is one less, a weekend
	 * day worked one more (calendar_set keeps only such rows) */
	struct td_stmt *st = NULL;
	rc = org_prepare(ctx->store, &st, err,
			 "SELECT kind FROM calendar_day WHERE day > ? AND day <= ?", "dd", from, to);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		n += strcmp(stmt_column_text(st, 0), "working") == 0 ? 1 : -1;
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE)
		return rc;
	*out = n;
	return TD_OK;
}

static int set_check(td_date day, const char *kind, const char *name, struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	date_format_vn(day, d, sizeof d);
	if (!kind || (strcmp(kind, "holiday") && strcmp(kind, "working") && strcmp(kind, "normal")))
		return td_error_set(err, TD_EINVAL,
				    "loại ngày \"%s\": dùng holiday (ngày nghỉ lễ), working (ngày "
				    "làm bù) hoặc normal (bỏ ghi nhận)",
				    kind ? kind : "");
	if (strcmp(kind, "normal") != 0 &&
	    (!name || !*name || strlen(name) > CALENDAR_NAME_MAX))
		return td_error_set(err, TD_EINVAL, "cần tên ngày (tối đa %d byte)",
				    CALENDAR_NAME_MAX);
	if (strcmp(kind, "holiday") == 0 && !weekday(day))
		return td_error_set(err, TD_EINVAL,
				    "%s là ngày cuối tuần, vốn đã nghỉ: ghi ngày nghỉ bù vào ngày "
				    "làm việc kế tiếp",
				    d);
	if (strcmp(kind, "working") == 0 && weekday(day))
		return td_error_set(err, TD_EINVAL,
				    "%s là ngày thường, vốn là ngày làm việc: ngày làm bù là thứ "
				    "Bảy hoặc Chủ nhật",
				    d);
	return TD_OK;
}

/* The row of day as JSON text for the audit trail, or NULL when there is none. */
static int row_text(struct td_ctx *ctx, td_date day, char **out, struct td_error *err)
{
	*out = NULL;
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT kind, name FROM calendar_day WHERE day = ?", "d", day);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		json_t *j = json_pack("{s:s, s:s}", "kind", stmt_column_text(st, 0), "name",
				      stmt_column_text(st, 1));
		*out = org_json_text(j);
		json_decref(j);
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int calendar_set(struct td_ctx *ctx, td_date day, const char *kind, const char *name,
		 struct td_error *err)
{
	int rc = access_check(ctx, ACT_PROGRAMME_WRITE, NULL, err);
	if (rc == TD_OK)
		rc = set_check(day, kind, name, err);
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	char *before = NULL, *after = NULL;
	rc = row_text(ctx, day, &before, err);
	if (rc == TD_OK)
		rc = org_exec(ctx->store, err, "DELETE FROM calendar_day WHERE day = ?", "d", day);
	if (rc == TD_OK && strcmp(kind, "normal") != 0)
		rc = org_exec(ctx->store, err,
			      "INSERT INTO calendar_day (day, kind, name, recorded_on, recorded_by) "
			      "VALUES (?, ?, ?, ?, ?)",
			      "dttdt", day, kind, name, ctx->business_date, ctx->actor->username);
	if (rc == TD_OK)
		rc = row_text(ctx, day, &after, err);
	if (rc == TD_OK && (before || after))
		rc = audit_record(ctx, "set", "calendar", (int64_t)day, before, after, err);
	free(before);
	free(after);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int calendar_list(struct td_ctx *ctx, td_date from, td_date to, json_t **out,
		  struct td_error *err)
{
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc == TD_OK && to < from)
		rc = td_error_set(err, TD_EINVAL, "ngày cuối trước ngày đầu");
	int working = 0;
	if (rc == TD_OK)
		rc = calendar_working_days(ctx, from - 1, to, &working, err);
	struct td_stmt *st = NULL;
	if (rc == TD_OK)
		rc = org_prepare(ctx->store, &st, err,
				 "SELECT day, kind, name FROM calendar_day WHERE day >= ? AND "
				 "day <= ? ORDER BY day",
				 "dd", from, to);
	json_t *items = json_array();
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:s, s:i}", "day",
						stmt_column_text(st, 0), "kind",
						stmt_column_text(st, 1), "name",
						stmt_column_text(st, 2), "weekday",
						date_weekday(org_col_date(st, 0))));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(items);
		return rc == TD_OK ? TD_EINTERNAL : rc;
	}
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	*out = json_pack("{s:s, s:s, s:i, s:o}", "from", date_format_iso(from, a, sizeof a), "to",
			 date_format_iso(to, b, sizeof b), "working_days", working, "items", items);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}
