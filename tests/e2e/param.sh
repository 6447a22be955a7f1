#!/usr/bin/env bash
# Dated parameters on the command line, on both stores (issue 9, docs/parameters.md): the
# seed values, a value from a date that changes the calculator after that day and not
# before, a programme's terms from a date, the calendar, and refusals that change nothing.
source "$(dirname "$0")/lib.sh"

check() {
	local label=$1 db=$2
	"$TINDUNG" init --db "$db" >/dev/null
	expect_status 0 "$TINDUNG" param list --db "$db" --date 2025-06-30
	grep -q "^fee.rate  *0.032" "$TMP/out" && grep -q "chương trình 12: 0.003" "$TMP/out" \
		|| fail "$label list: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" param set fee.rate 0.03 --from 2026-01-01 \
		--source "QĐ 01/QĐ-HĐQT" --db "$db"
	grep -q "fee.rate = 0.03 từ 01/01/2026" "$TMP/out" || fail "$label set: $(cat "$TMP/out")"
	local f=(calc fee --base 1.000.000.000 --outstanding 1.000.000.000 --db "$db")
	expect_status 0 "$TINDUNG" "${f[@]}" --date 2025-12-31
	[ "$(jq .gross "$TMP/out")" = 320000 ] || fail "$label fee before: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" "${f[@]}" --date 2026-01-31
	[ "$(jq .gross "$TMP/out")" = 300000 ] || fail "$label fee after: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" param show fee.rate --db "$db"
	grep -q "từ 01/01/2026: 0.03 — QĐ 01/QĐ-HĐQT" "$TMP/out" || fail "$label show: $(cat "$TMP/out")"
	ok "$label a fee rate from a date changes the calculator from that day"

	expect_status 0 "$TINDUNG" programme terms 1 --from 2026-01-01 --source "QĐ thử" \
		--cap "borrower fixed 120.000.000" --max-term 96 --db "$db"
	local e=(calc eligibility --programme 1 --status poor --amount 110.000.000 --months 60
		--db "$db")
	expect_status 1 "$TINDUNG" "${e[@]}" --date 2025-12-31
	grep -q "^borrower_over_cap" "$TMP/out" || fail "$label cap before: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" "${e[@]}" --date 2026-01-02
	expect_status 0 "$TINDUNG" programme show 1 --date 2026-01-02 --db "$db"
	grep -q "thời hạn tối đa 96 tháng" "$TMP/out" && grep -q "hạn mức mỗi hộ: tối đa 120.000.000 đồng" "$TMP/out" \
		|| fail "$label show terms: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" programme show 1 --date 2025-12-31 --db "$db"
	grep -q "thời hạn tối đa 120 tháng" "$TMP/out" || fail "$label old terms: $(cat "$TMP/out")"
	ok "$label programme terms from a date"

	expect_status 0 "$TINDUNG" calendar list --year 2025 --db "$db"
	grep -q "250 ngày làm việc" "$TMP/out" && grep -q "27/01/2025 thứ Hai" "$TMP/out" \
		|| fail "$label calendar: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" calendar set 2025-06-02 holiday --name "Nghỉ thử" --db "$db"
	expect_status 0 "$TINDUNG" calendar list --year 2025 --db "$db" --json
	[ "$(jq .working_days "$TMP/out")" = 249 ] || fail "$label holiday: $(cat "$TMP/out")"
	ok "$label calendar"

	local rows; rows=$("$TINDUNG" param list --db "$db" --json | jq '[.items[].history[]] | length')
	expect_status 2 "$TINDUNG" param set fee.rate 0.02 --from 2025-06-01 --source x --db "$db"
	one_line_error "đã có giá trị từ 01/01/2026"
	expect_status 2 "$TINDUNG" param set fee.tiers "3:100,2:80" --from 2027-01-01 --source x \
		--db "$db"
	one_line_error "fee.tiers"
	expect_status 2 "$TINDUNG" param set fee.rates 0.02 --from 2027-01-01 --source x --db "$db"
	one_line_error "không có tham số"
	expect_status 2 "$TINDUNG" param set fee.rate 0.02 --from 2027-01-01 --db "$db"
	one_line_error "căn cứ"
	expect_status 2 "$TINDUNG" calendar set 2025-06-01 holiday --name CN --db "$db"
	one_line_error "ngày cuối tuần"
	expect_status 2 "$TINDUNG" programme terms 1 --from 2025-06-01 --source x --db "$db"
	one_line_error "đã có điều kiện cho vay từ"
	[ "$("$TINDUNG" param list --db "$db" --json | jq '[.items[].history[]] | length')" = "$rows" ] \
		|| fail "$label refusals changed something"
	ok "$label refusals change nothing"
	"$TINDUNG" audit verify --db "$db" >/dev/null || fail "$label audit chain"
}

check sqlite "$TMP/t.db"
check postgres "$(pg_new_db)"
