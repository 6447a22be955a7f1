#!/usr/bin/env bash
# Decisions on a loan end to end on both stores (docs/loans.md, R-EXT-1, R-RISK-1):
# `tindung loan extend` refused for maker–checker and over the limit, then granted (the
# maturity moves); `loan freeze` (interest stops, the principal moves to LOAN_FROZEN);
# `loan write-off`; `loan events`; `tindung check` and `audit verify` exit 0 after each.
# The network, group, poverty list, users and approval steps: lib_loan.sh, shared with
# loan.sh, eod.sh and csession.sh.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

# shellcheck source=/dev/null
source "$(dirname "$0")/lib_loan.sh"

scenario() {
	local label=$1
	expect_status 0 cli user add --username gd2 --full-name "Phó giám đốc" --role director \
		--office PGD318 --password-file "$TMP/pw"
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	local src; src=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$src" --in 80.000.000
	approve 1
	expect_status 0 cli loan disburse --application "$APP" --source "$src" \
		--amount 50.000.000 --date 2024-06-15 --user thuquy
	local loan; loan=$(grep -o 'khoản vay [0-9]*' "$TMP/out" | cut -d' ' -f3)
	local dec=(--loan "$loan" --decision 07/QĐ-NHCS --date 2024-07-01
		   --reason "Hạn hán mất mùa")
	expect_status 2 cli loan extend "${dec[@]}" --instalment 3 --months 12 --user gd1 \
		--approver gd1
	one_line_error "maker–checker"
	expect_status 2 cli loan extend "${dec[@]}" --instalment 3 --months 19 --user gd1 \
		--approver gd2
	one_line_error "[too_long]"
	expect_status 2 cli loan extend "${dec[@]}" --instalment 3 --months 12 --approver gd2
	one_line_error "loan_restructure"
	expect_status 0 cli loan extend "${dec[@]}" --instalment 3 --months 12 --user gd1 \
		--approver gd2
	expect_status 0 cli loan show "$loan" --json
	jq_out '.maturity == "2028-06-15" and .instalments[2].due_on == "2028-06-15"' \
		"$label extension"
	expect_status 0 cli check
	ok "$label R-EXT-1: refused for maker–checker, over the limit and for an administrator; "`
		`"granted, the maturity moves"

	# R-RISK-1: 30 days of interest up to the freeze (271,233 đồng), nothing after it.
	expect_status 0 cli loan freeze --loan "$loan" --decision 12/QĐ-UBND --date 2024-07-15 \
		--reason "Lũ quét" --level province --months 12 --user gd1 --approver gd2
	expect_status 0 cli loan show "$loan" --json
	jq_out '.status == "frozen" and .interest_owed.total == 271233' "$label freeze"
	expect_status 0 cli check
	expect_status 0 cli loan write-off --loan "$loan" --decision 03/QĐ-TTg --date 2024-08-01 \
		--reason "Người vay chết, không có người thừa kế" --level central --user gd1 \
		--approver gd2
	expect_status 0 cli loan show "$loan" --json
	jq_out '.status == "written_off" and .closed_on == "2024-08-01"' "$label write-off"
	expect_status 0 cli loan events "$loan" --json
	jq_out '[.items[].kind] == ["extend", "freeze", "write_off"] and
		.items[2].approver == "gd2" and .items[2].level == "central"' "$label events"
	expect_status 0 cli loan events "$loan"
	grep -q "write_off  QĐ 03/QĐ-TTg ngày 2024-08-01 (central)" "$TMP/out" \
		|| fail "$label events text: $(cat "$TMP/out")"
	expect_status 0 cli check
	expect_status 0 cli audit verify
	ok "$label R-RISK-1: freeze stops interest, write-off closes, check and audit clean"
}

run() {
	LABEL=$1
	DB=$2
	expect_status 0 "$TINDUNG" init --db "$DB"
	if [ "$LABEL" = sqlite ]; then
		fixture_sql | sqlite3 "$DB" || fail "sqlite fixture"
	else
		fixture_sql | psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null || fail "postgres fixture"
	fi
	add_users
	scenario "$LABEL"
}

run sqlite "$TMP/loan_event.db"
run postgres "$(pg_new_db)"
echo "all loan event checks passed"
