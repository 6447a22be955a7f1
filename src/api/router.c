#include "api/router.h"

#include <string.h>

#include "api/auth.h"
#include "api/org_params.h"
#include "api/route_ledger.h"
#include "api/route_csession.h"
#include "api/route_cash.h"
#include "api/route_fee_payout.h"
#include "api/route_loan.h"
#include "api/route_loan_assess.h"
#include "api/route_loan_event.h"
#include "api/route_merger.h"
#include "api/route_network.h"
#include "api/route_savings.h"
#include "api/route_snapshot.h"
#include "api/route_worklist.h"

const struct api_route api_routes[] = {
	{"GET", "/api/v1/health", route_health, 1},
	{"POST", "/api/v1/login", route_login, 1},
	{"POST", "/api/v1/logout", route_logout, 1},
	{"GET", "/api/v1/me", route_me, 1},
	{"POST", "/api/v1/me/password", route_me_password, 1},
	{"GET", "/api/v1/users", route_users_list, 1},
	{"POST", "/api/v1/users", route_users_create, 1},
	{"GET", "/api/v1/users/{id}", route_users_get, 1},
	{"PUT", "/api/v1/users/{id}", route_users_update, 1},
	{"GET", "/api/v1/audit", route_audit_list, 1},
	{"GET", "/api/v1/chapters", route_chapters_list, 1},
	{"POST", "/api/v1/chapters", route_chapters_create, 1},
	{"GET", "/api/v1/chapters/{id}", route_chapters_get, 1},
	{"PUT", "/api/v1/chapters/{id}", route_chapters_update, 1},
	{"GET", "/api/v1/contracts", route_contracts_list, 1},
	{"POST", "/api/v1/contracts", route_contracts_create, 1},
	{"GET", "/api/v1/groups", route_groups_list, 1},
	{"POST", "/api/v1/groups", route_groups_create, 1},
	{"GET", "/api/v1/groups/{id}", route_groups_get, 1},
	{"PUT", "/api/v1/groups/{id}", route_groups_update, 1},
	{"GET", "/api/v1/groups/{id}/history", route_groups_history, 1},
	{"GET", "/api/v1/groups/{id}/members", route_group_members_list, 1},
	{"POST", "/api/v1/groups/{id}/members", route_group_members_add, 1},
	{"POST", "/api/v1/groups/{id}/members/{hid}/leave", route_group_member_leave, 1},
	{"POST", "/api/v1/groups/{id}/members/{hid}/role", route_group_member_role, 1},
	{"POST", "/api/v1/groups/{id}/move", route_groups_move, 1},
	{"POST", "/api/v1/groups/{id}/split", route_groups_split, 1},
	{"POST", "/api/v1/groups/{id}/merge", route_groups_merge, 1},
	{"POST", "/api/v1/groups/{id}/close", route_groups_close, 1},
	{"GET", "/api/v1/households", route_households_list, 1},
	{"POST", "/api/v1/households", route_households_create, 1},
	{"GET", "/api/v1/households/{id}", route_households_get, 1},
	{"PUT", "/api/v1/households/{id}", route_households_update, 1},
	{"GET", "/api/v1/poverty-imports", route_poverty_imports_list, 1},
	{"POST", "/api/v1/poverty-imports", route_poverty_imports_create, 1},
	{"GET", "/api/v1/programmes", route_programmes_list, 1},
	{"GET", "/api/v1/programmes/{code}", route_programmes_get, 1},
	{"PUT", "/api/v1/programmes/{code}", route_programmes_update, 1},
	{"GET", "/api/v1/applications", route_applications_list, 1},
	{"POST", "/api/v1/applications", route_applications_create, 1},
	{"GET", "/api/v1/applications/{id}", route_applications_get, 1},
	{"POST", "/api/v1/applications/{id}/vote", route_applications_vote, 1},
	{"POST", "/api/v1/applications/{id}/confirm", route_applications_confirm, 1},
	{"POST", "/api/v1/applications/{id}/check", route_applications_check, 1},
	{"POST", "/api/v1/applications/{id}/decide", route_applications_decide, 1},
	{"GET", "/api/v1/notices/04td", route_notice_04td, 1},
	{"GET", "/api/v1/offices", route_offices_list, 1},
	{"POST", "/api/v1/offices", route_offices_create, 1},
	{"GET", "/api/v1/offices/{id}", route_offices_get, 1},
	{"PUT", "/api/v1/offices/{id}", route_offices_update, 1},
	{"POST", "/api/v1/offices/{id}/merge", route_offices_merge, 1},
	{"GET", "/api/v1/admin-units", route_admin_units_list, 1},
	{"POST", "/api/v1/admin-units/2025", route_admin_2025_import, 1},
	{"GET", "/api/v1/villages", route_villages_list, 1},
	{"POST", "/api/v1/villages", route_villages_create, 1},
	{"GET", "/api/v1/village-splits", route_village_splits_list, 1},
	{"POST", "/api/v1/village-splits/accept", route_village_splits_accept, 1},
	{"POST", "/api/v1/village-splits/{id}/decision", route_village_splits_decide, 1},
	{"GET", "/api/v1/points", route_points_list, 1},
	{"POST", "/api/v1/points", route_points_create, 1},
	{"GET", "/api/v1/points/{id}", route_points_get, 1},
	{"PUT", "/api/v1/points/{id}", route_points_update, 1},
	{"GET", "/api/v1/staff", route_staff_list, 1},
	{"POST", "/api/v1/staff", route_staff_create, 1},
	{"GET", "/api/v1/staff/{id}", route_staff_get, 1},
	{"PUT", "/api/v1/staff/{id}", route_staff_update, 1},
	{"GET", "/api/v1/capital-sources", route_capital_list, 1},
	{"POST", "/api/v1/capital-sources", route_capital_create, 1},
	{"GET", "/api/v1/capital-sources/{id}", route_capital_get, 1},
	{"POST", "/api/v1/capital-sources/{id}/transfers", route_capital_transfer, 1},
	{"GET", "/api/v1/trial-balance", route_trial_balance, 1},
	{"GET", "/api/v1/snapshots", route_snapshots_get, 1},
	{"GET", "/api/v1/worklist", route_worklist_get, 1},
	{"GET", "/api/v1/ledger/entries", route_ledger_entries, 1},
	{"GET", "/api/v1/ledger/accounts", route_ledger_accounts, 1},
	{"GET", "/api/v1/savings-accounts", route_savings_list, 1},
	{"POST", "/api/v1/savings-accounts", route_savings_open, 1},
	{"GET", "/api/v1/savings-accounts/{id}", route_savings_get, 1},
	{"POST", "/api/v1/savings-accounts/{id}/deposits", route_savings_deposit, 1},
	{"POST", "/api/v1/savings-accounts/{id}/withdrawals", route_savings_withdraw, 1},
	{"POST", "/api/v1/savings-accounts/{id}/interest", route_savings_interest, 1},
	{"POST", "/api/v1/savings-accounts/{id}/transactions/{tid}/reversal",
	 route_savings_txn_reverse, 1},
	{"GET", "/api/v1/params", route_params_list, 1},
	{"POST", "/api/v1/params", route_params_set, 1},
	{"GET", "/api/v1/calendar", route_calendar_list, 1},
	{"POST", "/api/v1/calendar", route_calendar_set, 1},
	{"GET", "/api/v1/savings-rates", route_savings_rates, 1},
	{"POST", "/api/v1/savings-rates", route_savings_rate_set, 1},
	{"GET", "/api/v1/loans", route_loans_list, 1},
	{"POST", "/api/v1/loans", route_loans_disburse, 1},
	{"GET", "/api/v1/loans/{id}", route_loans_get, 1},
	{"POST", "/api/v1/loans/{id}/repayments", route_loans_repay, 1},
	{"POST", "/api/v1/loans/{id}/repayments/{rid}/reversal", route_loans_repayment_reverse, 1},
	{"GET", "/api/v1/loans/{id}/events", route_loan_events_list, 1},
	{"POST", "/api/v1/loans/{id}/events", route_loan_events_create, 1},
	{"GET", "/api/v1/loans/{id}/assessments", route_loan_assessments_list, 1},
	{"POST", "/api/v1/loans/{id}/assessments", route_loan_assessments_create, 1},
	{"GET", "/api/v1/commune-sessions", route_csessions_find, 1},
	{"POST", "/api/v1/commune-sessions", route_csessions_open, 1},
	{"GET", "/api/v1/commune-sessions/{id}", route_csessions_get, 1},
	{"GET", "/api/v1/commune-sessions/{id}/groups", route_csessions_groups, 1},
	{"POST", "/api/v1/commune-sessions/{id}/batches", route_csessions_record, 1},
	{"POST", "/api/v1/commune-sessions/{id}/close", route_csessions_close, 1},
	{"POST", "/api/v1/fee-payouts", route_fee_payouts_create, 1},
	{"GET", "/api/v1/cash-position", route_cash_position, 1},
	{"POST", "/api/v1/cash-remittances", route_cash_remit, 1},
	{"GET", "/api/v1/vault-limits", route_vault_limits_list, 1},
	{"POST", "/api/v1/vault-limits", route_vault_limits_create, 1},
	{NULL, NULL, NULL, 0},
};

/* "{x}" in a pattern matches one non-empty path segment. */
static int path_matches(const char *pattern, const char *path)
{
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			if (!close || *path == '/')
				return 0;
			pattern = close + 1;
			while (*path && *path != '/')
				path++;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

int router_match(const char *method, const char *path, const struct api_route **out,
		 const char **allow)
{
	static const char *const allow_lists[] = {"GET", "POST", "GET, POST", "GET, PUT",
						  "GET, POST, PUT", "PUT", "DELETE"};
	char methods[64] = "";
	int path_known = 0;
	for (const struct api_route *r = api_routes; r->method; r++) {
		if (!path_matches(r->pattern, path))
			continue;
		if (strcmp(r->method, method) == 0) {
			*out = r;
			return TD_OK;
		}
		path_known = 1;
		if (strlen(methods) + strlen(r->method) + 3 < sizeof methods) {
			if (methods[0])
				strcat(methods, ", ");
			strcat(methods, r->method);
		}
	}
	if (!path_known) {
		if (strncmp(path, "/api/", 5) != 0 && (strcmp(method, "GET") == 0 ||
						       strcmp(method, "HEAD") == 0)) {
			static const struct api_route web = {"GET", "/", route_static, 0};
			*out = &web;
			return TD_OK;
		}
		return TD_ENOTFOUND;
	}
	*allow = "GET";
	for (size_t i = 0; i < sizeof allow_lists / sizeof *allow_lists; i++)
		if (strcmp(allow_lists[i], methods) == 0)
			*allow = allow_lists[i];
	return TD_EMETHOD;
}
