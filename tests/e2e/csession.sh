#!/usr/bin/env bash
# The monthly commune session end to end on both stores (issue 5, docs/sessions.md):
# `tindung commune-session` opens the session of point DGD-12001 on its meeting day with
# its team of three, prints the 13/TD list (R-SES-2), records a batch of interest,
# principal, savings and a disbursement booked through loans and savings (R-SES-1), refuses
# principal handed in by a group leader (R-ORG-3), books a batch once under one key
# (R-GL-3), refuses to close on a cash difference and then closes, refuses lines after
# closing, and `tindung check` exits 0. Then month end of July accrues the leader's
# commission and the chapter's fee (R-FEE-1, R-FEE-2): the August session's 13/TD list shows
# them, a batch pays them once with the exact amounts, `tindung fee-payout` pays the upper
# shares once (also over HTTP), the payables are 0, the session closes on the cash less the
# payouts, and `tindung check` names a payout removed behind its back. The fixture is
# lib_loan.sh, plus the point's team.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

source "$(dirname "$0")/lib_loan.sh"

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
	cp "$TMP/out" "$TMP/first"
	expect_status 0 cli "${cs[@]}" record "$sid" --key b1 --user thuquy "${lines[@]}"
	cmp -s "$TMP/first" "$TMP/out" || fail "$label replay: $(cat "$TMP/out")"
	grep -q "không ghi lại" "$TMP/err" || fail "$label replay note: $(cat "$TMP/err")"
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

# The balance of an account type of PGD318 in the trial balance, on its normal side.
balance() {
	expect_status 0 cli ledger trial-balance --office PGD318 --date 2099-12-31 --json
	jq "[.rows[] | select(.type == \"$1\") | .balance_debit + .balance_credit] | add // 0" \
		"$TMP/out"
}

# http METHOD PATH TOKEN [KEY BODY]: prints the status; the body lands in $TMP/body.
http() {
	local method=$1 path=$2 token=$3
	local args=(-sS -o "$TMP/body" -w '%{http_code}' -X "$method"
		-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
	[ $# -ge 4 ] && [ -n "$4" ] && args+=(-H "Idempotency-Key: $4")
	[ $# -ge 5 ] && args+=(--data "$5")
	curl "${args[@]}" "$BASE$path"
}

# July (after check_session): 271,233 đồng of interest handed in by the leader on 17/7 and
# loan 1 at 49,000,000 at month end. R-FEE-1: 49,000,000 x 0.032 % = 15,680 đồng, district
# 1,411, province 705, centre 392, commune 13,172; R-FEE-2: 0.058 % a month of 49,000,000 = 28,420.
check_payouts() {
	local label=$1 cs=(commune-session)
	sql "UPDATE td_meta SET value = '2024-08-01' WHERE key = 'business_date'" >/dev/null
	expect_status 0 cli month-end --office PGD318 --month 2024-07
	grep -q "phí ủy thác 15.680 đồng" "$TMP/out" || fail "$label month end: $(cat "$TMP/out")"
	sql "UPDATE td_meta SET value = '2024-08-17' WHERE key = 'business_date'" >/dev/null
	expect_status 0 cli "${cs[@]}" open --point DGD-12001 --date 2024-08-17 --user thuquy \
		--opening-cash 1.000.000
	local sid; sid=$(grep -o 'phiên [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli "${cs[@]}" list "$sid" --json
	jq_out '.groups[0].commissions[0].amount == 28420 and .groups[0].commission_payable ==
		28420 and .groups[0].commissions[0].leader_household_id == 1 and
		.fees[0].amount == 13172 and .fees[0].chapter_id == 1 and .fee_payable == 13172 and
		.commission_payable == 28420' "$label list of payables"
	local cid fid
	cid=$(jq '.groups[0].commissions[0].commission_id' "$TMP/out")
	fid=$(jq '.fees[0].fee_id' "$TMP/out")
	expect_status 0 cli "${cs[@]}" list "$sid"
	grep -q "Hoa hồng tổ trưởng tháng 07/2024: 28.420 đồng (--line commission:$cid:28.420" \
		"$TMP/out" && grep -q "(--line fee:$fid:13.172)" "$TMP/out" \
		|| fail "$label list text: $(cat "$TMP/out")"
	ok "$label 13/TD list: the leader's commission and the chapter's commune share to pay"

	expect_status 2 cli "${cs[@]}" record "$sid" --key p0 --user thuquy \
		--line "commission:$cid:21.000:group_leader"
	one_line_error "payable is 28.420 đồng, the line says 21.000 đồng"
	expect_status 2 cli "${cs[@]}" record "$sid" --key p0 --user thuquy \
		--line "fee:$fid:13.172:group_leader"
	one_line_error "not through a group leader"
	local pay=(--line "commission:$cid:28.420:group_leader" --line "fee:$fid:13.172")
	expect_status 0 cli "${cs[@]}" record "$sid" --key p1 --user thuquy "${pay[@]}"
	cp "$TMP/out" "$TMP/first"
	expect_status 0 cli "${cs[@]}" record "$sid" --key p1 --user thuquy "${pay[@]}"
	cmp -s "$TMP/first" "$TMP/out" || fail "$label replay: $(cat "$TMP/out")"
	expect_status 2 cli "${cs[@]}" record "$sid" --key p2 --user thuquy "${pay[@]}"
	one_line_error "paid at session $sid (point DGD-12001, 2024-08-17)"
	expect_status 0 cli "${cs[@]}" show "$sid" --json
	jq_out '.cash_out == 41592 and .expected_cash == 958408 and (.lines | length) == 2 and
		.lines[0].kind == "commission" and .lines[1].kind == "fee" and
		.lines[1].via == "chapter"' "$label show"
	[ "$(balance COMMISSION_PAYABLE)" = 0 ] && [ "$(balance FEE_PAYABLE)" = 2508 ] \
		|| fail "$label payables after the session: $(cat "$TMP/out")"
	ok "$label batch: commission and fee paid once with the exact amounts"

	expect_status 2 cli fee-payout --office PGD318 --month 2024-07
	one_line_error "fee_pay"
	expect_status 0 cli fee-payout --office PGD318 --month 2024-07 --user thuquy
	grep -q "phí ủy thác cấp trên 2.508 đồng (huyện 1.411, tỉnh 705, trung ương 392)" \
		"$TMP/out" || fail "$label fee-payout: $(cat "$TMP/out")"
	expect_status 0 cli fee-payout --office PGD318 --month 2024-07 --user gd1 --json
	jq_out '.already_paid and .amount == 2508 and .paid_on == "2024-08-17"' "$label again"
	expect_status 2 cli fee-payout --office PGD318 --month 2024-08 --user thuquy
	one_line_error "month end of 2024-08 has not been run"
	[ "$(balance FEE_PAYABLE)" = 0 ] || fail "$label FEE_PAYABLE after paying: $(cat "$TMP/out")"
	ok "$label fee-payout: the upper shares paid once; FEE_PAYABLE and COMMISSION_PAYABLE 0"

	start_server "$DB"
	local tq hoi; tq=$(login thuquy); hoi=$(login hoi)
	expect_http 200 "$label HTTP paid before" POST /api/v1/fee-payouts "$tq" fp-1 \
		'{"office_id":3,"month":"2024-07"}'
	jq -e '.already_paid and .district == 1411 and .entry_id > 0' "$TMP/body" >/dev/null \
		|| fail "$label 200 body: $(cat "$TMP/body")"
	expect_http 409 "$label HTTP month not run" POST /api/v1/fee-payouts "$tq" fp-2 \
		'{"office_id":3,"month":"2024-08"}'
	expect_http 400 "$label HTTP no key" POST /api/v1/fee-payouts "$tq" "" \
		'{"office_id":3,"month":"2024-07"}'
	expect_http 400 "$label HTTP bad month" POST /api/v1/fee-payouts "$tq" fp-3 \
		'{"office_id":3,"month":"2024-7"}'
	expect_http 403 "$label HTTP union officer" POST /api/v1/fee-payouts "$hoi" fp-4 \
		'{"office_id":3,"month":"2024-07"}'
	expect_http 409 "$label HTTP commission again" POST "/api/v1/commune-sessions/$sid/batches" \
		"$tq" fp-5 "{\"lines\":[{\"kind\":\"commission\",\"via\":\"group_leader\",
		\"target\":$cid,\"amount\":28420}]}"
	jq -e '.detail | test("đã trả")' "$TMP/body" >/dev/null \
		|| fail "$label 409 body: $(cat "$TMP/body")"
	stop_server
	ok "$label HTTP: POST /api/v1/fee-payouts answers the first payout; refusals"

	expect_status 2 cli "${cs[@]}" close "$sid" --counted 1.000.000 --user cbtd
	one_line_error "thừa 41.592 đồng"
	expect_status 0 cli "${cs[@]}" close "$sid" --counted 958.408 --user cbtd
	expect_status 0 cli check
	expect_status 0 cli audit verify
	sql "DELETE FROM session_payout WHERE kind = 'fee'" >/dev/null
	expect_status 1 cli check
	grep -q "tài khoản FEE_PAYABLE đơn vị PGD318: số dư 0 đồng, trích cuối tháng trừ đã trả "`
		`"13.172 đồng" "$TMP/out" "$TMP/err" || fail "$label check: $(cat "$TMP/out" "$TMP/err")"
	ok "$label close counts the payouts; check names a payout removed behind its back"
}

run() {
	LABEL=$1
	DB=$2
	load_district fixture_sql team_sql
	add_users
	check_session "$LABEL"
	check_payouts "$LABEL"
}

run sqlite "$TMP/csession.db"
run postgres "$(pg_new_db)"
echo "all commune session checks passed"
