#!/usr/bin/env bash
# Month end on both stores (docs/month-end.md): a loan of 50,000,000 đồng at 6.6 % disbursed
# on 2024-06-15 (R-DIS-1), then
#  - `tindung eod --date 2024-07-01` runs month end of June for every office on the first of
#    July: the line "cuối tháng 06/2024: 3 đơn vị", the interest accrued for 16 days
#    (144,658 đồng, R-INT-1) in INTEREST_RECEIVABLE; `tindung check` exits 0;
#  - `tindung month-end` of June again books nothing and says so; May, never run, runs late;
#  - `tindung month-end snapshot` as text and --json, with May as the month before
#    (R-CLS-1), and its refusals: not a month end, no snapshot, unknown office, out of scope;
#  - GET /api/v1/snapshots: 200 (also without parameters), 400, 404, 403.
# Fixture, users and the approval: lib_loan.sh.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

source "$(dirname "$0")/lib_loan.sh"

sql() {
	if [ "$LABEL" = sqlite ]; then sqlite3 "$DB" "$1"; else psql -qtA "$DB" -c "$1"; fi
}

check_cli() {
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	SRC=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$SRC" --in 80.000.000
	sql "UPDATE td_meta SET value = '2024-06-30' WHERE key = 'business_date'" >/dev/null
	approve 1
	expect_status 0 cli loan disburse --application "$APP" --source "$SRC" \
		--amount 50.000.000 --date 2024-06-15 --user thuquy
	expect_status 0 cli eod --date 2024-07-01
	grep -q '^  cuối tháng 06/2024: 3 đơn vị' "$TMP/out" \
		|| fail "$LABEL eod month end line: $(cat "$TMP/out")"
	[ "$(sql "SELECT accrual_target FROM month_end_run WHERE office_id = 3 AND month = \
		'2024-06' AND accrued_to = '2024-06-30'")" = 144658 ] \
		|| fail "$LABEL June accrual: $(sql "SELECT * FROM month_end_run")"
	expect_status 0 cli check
	ok "$LABEL eod on 2024-07-01 ran June's month end for every office; books agree"

	expect_status 0 cli month-end --office PGD318 --month 2024-06
	grep -q 'đã chạy cuối tháng trước đây' "$TMP/out" || fail "$LABEL rerun: $(cat "$TMP/out")"
	grep -q 'lãi dự thu đến hết 30/06/2024: 144.658 đồng' "$TMP/out" \
		|| fail "$LABEL rerun accrual: $(cat "$TMP/out")"
	expect_status 0 cli month-end --office PGD318 --month 2024-05
	grep -q 'hạch toán 0 đồng' "$TMP/out" || fail "$LABEL May: $(cat "$TMP/out")"
	[ "$(sql "SELECT count(*) FROM gl_entry WHERE kind = 'interest_accrual'")" = 1 ] \
		|| fail "$LABEL an accrual booked twice"
	expect_status 0 cli check
	ok "$LABEL month-end: June again books nothing; May runs late"

	expect_status 0 cli month-end snapshot --office PGD318 --date 2024-06-30
	grep -q 'ẢNH CHỤP CUỐI THÁNG — đơn vị PGD318' "$TMP/out" \
		|| fail "$LABEL snapshot text: $(cat "$TMP/out")"
	grep -Eq '^Dư nợ +50\.000\.000 +0 +50\.000\.000 ' "$TMP/out" \
		|| fail "$LABEL snapshot outstanding: $(cat "$TMP/out")"
	expect_status 0 cli month-end snapshot --office PGD318 --date 2024-06-30 --json \
		--user thuquy
	jq_out '.totals.outstanding.value == 50000000 and .totals.outstanding.previous_month == 0
		and .totals.outstanding.change_month == 50000000
		and .totals.outstanding.year_end == null and .offices.date == 1
		and ([.accounts[] | select(.type == "INTEREST_RECEIVABLE")][0].balance.value
			== 144658)
		and .portfolio[0].term == "medium" and .portfolio[0].organisation == "women"' \
		"$LABEL snapshot json"
	expect_status 2 cli month-end snapshot --office PGD318 --date 2024-06-29
	one_line_error "not a month's last day"
	expect_status 2 cli month-end snapshot --office PGD318 --date 2024-04-30
	one_line_error "no month-end snapshot of PGD318 at 2024-04-30"
	expect_status 2 cli month-end snapshot --office PGD999 --date 2024-06-30
	one_line_error "does not exist"
	expect_status 2 cli month-end snapshot --office PGD318 --date 2024-06-30 --user hoi
	one_line_error "outside its chapter"
	expect_status 2 cli month-end snapshot --office PGD318
	one_line_error "--date"
	ok "$LABEL snapshot: text, json with May beside June, refusals"
}

# http PATH TOKEN: prints the status; the body lands in $TMP/body.
http() {
	curl -sS -o "$TMP/body" -w '%{http_code}' -H "Authorization: Bearer $2" "$BASE$1"
}

expect_http() {
	local want=$1 label=$2 got
	got=$(http "$3" "$4")
	[ "$got" = "$want" ] || fail "$label: HTTP $got, expected $want: $(cat "$TMP/body")"
}

check_http() {
	start_server "$DB"
	local tq hoi
	tq=$(login thuquy)
	hoi=$(login hoi)
	[ ${#tq} -eq 64 ] && [ ${#hoi} -eq 64 ] || fail "$LABEL: sign-in failed"
	expect_http 200 "$LABEL snapshot" "/api/v1/snapshots?office=PGD318&date=2024-06-30" "$tq"
	jq -e '.totals.loans.value == 1 and .totals.borrowers.value == 1 and .date ==
		"2024-06-30" and .previous_month_end == "2024-05-31" and .year_end ==
		"2023-12-31"' "$TMP/body" >/dev/null || fail "$LABEL snapshot body: $(cat "$TMP/body")"
	expect_http 200 "$LABEL default date" "/api/v1/snapshots" "$tq"
	jq -e '.date == "2024-06-30" and .office_code == "PGD318"' "$TMP/body" >/dev/null \
		|| fail "$LABEL default body: $(cat "$TMP/body")"
	expect_http 400 "$LABEL not a month end" "/api/v1/snapshots?office=PGD318&date=2024-06-15" \
		"$tq"
	expect_http 404 "$LABEL no snapshot" "/api/v1/snapshots?office=PGD318&date=2024-03-31" "$tq"
	expect_http 403 "$LABEL union officer" "/api/v1/snapshots?office=PGD318&date=2024-06-30" \
		"$hoi"
	stop_server
	ok "$LABEL GET /api/v1/snapshots: 200, default date, 400, 404, 403"
}

run() {
	LABEL=$1
	DB=$2
	loan_db
	add_users
	check_cli
	check_http
}

run sqlite "$TMP/month_end.db"
run postgres "$(pg_new_db)"
echo "all month end checks passed"
