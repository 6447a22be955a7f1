/*
 * Month-end snapshots, read (R-CLS-1; docs/month-end.md "Snapshot"): what reports quote,
 * "so với tháng trước / so với cuối năm trước tăng X". Month end (month_end.h) writes, per
 * office and month, the balance of every ledger account and the loan portfolio in
 * aggregated rows; this sums them over an office subtree for a month's last day and sets
 * beside each figure the same figure at the previous month end and at the previous
 * 31 December, and the differences.
 */
#ifndef TD_BANK_SNAPSHOT_H
#define TD_BANK_SNAPSHOT_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"

/* The last month end before the business date's month: the latest one that can have a
 * snapshot (a month ends when the business date passes its last day). */
td_date snapshot_default_date(td_date business_date);

/* The snapshot of the subtree of office_id (the tree of `date`) at `date`, a month's last
 * day. Each figure F is {"value","previous_month","year_end","change_month","change_year"}:
 * value at date, at the month end before and at the 31 December before (0 where that
 * snapshot has no such row), value minus each; the last four are null when no office of
 * the subtree has a snapshot at that date.
 *   {"office_id","office_code","date","previous_month_end","year_end",
 *    "offices":{"date","previous_month","year_end"}  (offices with a snapshot),
 *    "offices_missing":[codes of the subtree's offices without one at date],
 *    "totals":{"loans":F,"borrowers":F,"outstanding":F,"overdue_principal":F,
 *              "balance_of_overdue_loans":F,"frozen":F,"overdue_ratio_bp":F},
 *    "accounts":[{"type","name_vi","category","normal_side","programme","source_id",
 *                 "source_code","balance":F}],   balance on the account's normal side
 *    "portfolio":[{"programme","source_id","source_code","term","status","organisation",
 *                  "commune_code","commune_name","ethnicity","loans":F,"borrowers":F,
 *                  "outstanding":F,"overdue_principal":F,"frozen":F}]}
 * commune_code is the borrower's commune at that month end (bank/commune_at.h: after the
 * 2025 merger, the new commune), commune_name its name then: a code that a new commune
 * took over from an old one gives a row per name, so the month of a merger compares old
 * units with new ones as they were.
 * Two figures are both "overdue" in common speech and are named apart: overdue_principal
 * (nợ quá hạn) is the unpaid principal of overdue instalments; balance_of_overdue_loans
 * (dư nợ của các khoản vay có nợ quá hạn) the whole outstanding of the loans with any
 * principal overdue (the outstanding of the portfolio rows of status "overdue").
 * overdue_ratio_bp = overdue_principal x 10000 / outstanding, rounded down, at each date
 * (its changes in basis points): ratios use overdue principal, as the bank does and as the
 * fee tiers do (R-FEE-1).
 * Borrowers in totals count a household once per office; in portfolio rows once per row.
 * Needs ACT_READ on office_id (like the trial balance). TD_ENOTFOUND for an unknown office
 * or when no office of the subtree has a snapshot at date (month end has not run);
 * TD_EINVAL when date is not a month's last day. */
int snapshot_get(struct td_ctx *ctx, int64_t office_id, td_date date, json_t **out,
		 struct td_error *err);

#endif
