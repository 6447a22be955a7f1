#!/usr/bin/env bash
# The monthly commune session end to end on both stores (issue 5, docs/sessions.md):
# `tindung commune-session` opens the session of point DGD-12001 on its meeting day with
# its team of three, prints the 13/TD list (R-SES-2), records a batch of interest,
# principal, savings and a disbursement booked through loans and savings (R-SES-1), refuses
# principal handed in by a group leader (R-ORG-3), books a batch once under one key
# (R-GL-3), refuses to close on a cash difference and then closes, refuses lines after
# closing, and `tindung check` exits 0. The fixture is lib_loan.sh, plus the point's team.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

source "$(dirname "$0")/lib_loan.sh"

# The point's team: credit officer 1 leads, controller 2 checks, teller 3 holds the cash;
# the business date is the session's day, 17 July 2024.
team_sql() {
	cat <<'SQL'
INSERT INTO staff (id, office_id, full_name, role, valid_from) VALUES
 (2, 3, 'Vũ Kiểm Soát', 'controller', '2010-01-01'),
 (3, 3, 'Phạm Thủ Quỹ', 'teller', '2010-01-01');
INSERT INTO point_team (point_id, staff_id, duty, valid_from) VALUES
 (1, 1, 'leader', '2010-01-01'), (1, 2, 'controller', '2010-01-01'),
 (1, 3, 'teller', '2010-01-01');
UPDATE td_meta SET value = '2024-07-17' WHERE key = 'business_date';
SQL
}

check_session() {
	local label=$1 cs=(commune-session)
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	SRC=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$SRC" --in 120.000.000
	approve 1
	expect_status 0 cli loan disburse --application "$APP" --source "$SRC" \
		--amount 50.000.000 --date 2024-06-17 --user thuquy
	local loan acc app2
	loan=$(grep -o 'khoản vay [0-9]*' "$TMP/out" | cut -d' ' -f3)
	approve 2
	app2=$APP
	expect_status 0 cli savings open --household 3 --group 1
	acc=$(grep -o 'sổ tiết kiệm [0-9]*' "$TMP/out" | cut -d' ' -f4)
	expect_status 0 cli savings deposit "$acc" --amount 100.000 --user thuquy
	[ -n "$loan" ] && [ -n "$acc" ] || fail "$label setup: no loan or account"

	local open=(commune-session open --point DGD-12001 --date 2024-07-17
		    --opening-cash 60.000.000)
	expect_status 2 cli "${open[@]}"
	one_line_error "session_write"
	expect_status 0 cli "${open[@]}" --user thuquy
	local sid; sid=$(grep -o 'phiên [0-9]*' "$TMP/out" | cut -d' ' -f2)
	[ -n "$sid" ] || fail "$label open printed no id: $(cat "$TMP/out")"
	expect_status 2 cli "${open[@]}" --user thuquy
	one_line_error "already has session $sid"
	expect_status 2 cli commune-session open --point DGD-12001 --date 2024-08-20 --user thuquy
	one_line_error "meets on day 17"
	ok "$label open: a teller opens on the meeting day; the administrator, a second session "`
		`"and another day without a reason are refused"

	# R-SES-2: 30 days (17/6 .. 16/7) on 50,000,000 đồng at 6.6 %: 271,232.88 -> 271,233.
	expect_status 0 cli "${cs[@]}" list "$sid" --json
	jq_out ".groups[0].code == \"TK01\" and (.groups[0].members | length) == 3 and
		.groups[0].members[0].loans[0].loan_id == $loan and
		.groups[0].members[0].loans[0].interest_due == 271233 and
		.groups[0].members[0].loans[0].principal_due == 0 and
		.groups[0].members[2].savings_account_id == $acc and
		.savings_balance == 100000 and .interest_due == 271233" "$label list"
	expect_status 0 cli "${cs[@]}" list "$sid"
	grep -q "Tổ TK01" "$TMP/out" && grep -q "271.233" "$TMP/out" \
		|| fail "$label list text: $(cat "$TMP/out")"
	ok "$label 13/TD list: interest owed to the session day and the savings balance"

	local lines=(--line "interest:$loan:271.233:group_leader" --line "principal:$loan:1.000.000"
		     --line "deposit:$acc:50.000:group_leader" --line "withdrawal:$acc:20.000"
		     --line "disbursement:$app2:50.000.000:household:$SRC")
	expect_status 2 cli "${cs[@]}" record "$sid" --key b0 --user thuquy \
		--line "interest:$loan:271.233:group_leader" \
		--line "principal:$loan:1.000.000:group_leader"
	one_line_error "never principal (R-ORG-3)"
	expect_status 0 cli "${cs[@]}" record "$sid" --key b1 --user thuquy "${lines[@]}"
	grep -q "Đã ghi lô" "$TMP/out" || fail "$label record: $(cat "$TMP/out")"
	expect_status 0 cli "${cs[@]}" record "$sid" --key b1 --user thuquy "${lines[@]}"
	grep -q "không ghi lại" "$TMP/out" || fail "$label replay: $(cat "$TMP/out")"
	expect_status 0 cli "${cs[@]}" show "$sid" --json
	jq_out '.cash_in == 1321233 and .cash_out == 50020000 and .expected_cash == 11301233 and
		(.lines | length) == 5 and .status == "open"' "$label show"
	expect_status 0 cli loan show "$loan" --json
	jq_out '.balance == 49000000 and (.repayments | length) == 2' "$label loan after batch"
	expect_status 0 cli check
	ok "$label batch: booked once through loans and savings, a leader's principal refused, "`
		`"check exits 0"

	expect_status 2 cli "${cs[@]}" close "$sid" --counted 11.300.000 --user cbtd
	one_line_error "thiếu 1.233 đồng"
	expect_status 2 cli "${cs[@]}" close "$sid" --counted 11.301.233 --user thuquy
	one_line_error "session_close"
	expect_status 0 cli "${cs[@]}" close "$sid" --counted 11.301.233 --user cbtd
	expect_status 2 cli "${cs[@]}" record "$sid" --key b2 --user thuquy \
		--line "deposit:$acc:10.000"
	one_line_error "phiên đã đóng"
	expect_status 0 cli "${cs[@]}" show --point DGD-12001 --date 2024-07-17
	grep -q "đã đóng" "$TMP/out" || fail "$label show closed: $(cat "$TMP/out")"
	expect_status 0 cli check
	expect_status 0 cli audit verify
	ok "$label close: refused on a difference, closed on the count, no lines after"
}

run() {
	LABEL=$1
	DB=$2
	expect_status 0 "$TINDUNG" init --db "$DB"
	if [ "$LABEL" = sqlite ]; then
		{ fixture_sql; team_sql; } | sqlite3 "$DB" || fail "sqlite fixture"
	else
		{ fixture_sql; team_sql; } | psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null \
			|| fail "postgres fixture"
	fi
	add_users
	check_session "$LABEL"
}

run sqlite "$TMP/csession.db"
run postgres "$(pg_new_db)"
echo "all commune session checks passed"
