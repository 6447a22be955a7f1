#!/usr/bin/env bash
# The country after 1 July 2025 on the command line, on both stores (R-ORG-1,
# docs/network.md): Hải Phòng before the merger, then the whole new list and mapping from
# data/; the same files again change nothing; a malformed row is named with its file and
# line and loads nothing; villages follow their commune by date and the split ones await a
# decision; `tindung demo --until` refuses a date it cannot reach.
source "$(dirname "$0")/lib.sh"
: "${TD_SOURCE:?TD_SOURCE must name the source tree}"
OLD="$TD_SOURCE/data/vn_admin_units_2025-03-01.csv"
UNITS="$TD_SOURCE/data/vn_admin_units_2025-07-01.csv"
MAPPING="$TD_SOURCE/data/vn_admin_merger_2025-07-01.csv"

# count DB SQL: one number (sqlite3 or psql, as the URL says).
count() {
	case $1 in
	postgres*) psql -qtA "$1" -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

check() {
	local label=$1 db=$2
	"$TINDUNG" init --db "$db" >/dev/null
	"$TINDUNG" import admin-units "$OLD" --db "$db" --province 31 --offices \
		--date 2025-01-01 >/dev/null
	expect_status 0 "$TINDUNG" village add --db "$db" --commune 11695 --name "Thôn Đông"
	expect_status 0 "$TINDUNG" village add --db "$db" --commune 11728 --name "Thôn Hưng"
	expect_status 0 "$TINDUNG" village add --db "$db" --commune 11746 --name "Thôn Xá"
	local audit; audit=$(count "$db" "SELECT count(*) FROM audit_log")

	# A malformed mapping row: named, nothing loaded.
	sed '3s/,full$/,whole/' "$MAPPING" >"$TMP/bad.csv"
	expect_status 2 "$TINDUNG" import admin-units-2025 "$UNITS" "$TMP/bad.csv" --db "$db"
	one_line_error "bad.csv dòng 3: part 'whole' phải là full hoặc partial"
	[ "$(count "$db" "SELECT count(*) FROM admin_merger")" = 0 ] \
		|| fail "$label: a refused import loaded rows"
	[ "$(count "$db" "SELECT count(*) FROM audit_log")" = "$audit" ] \
		|| fail "$label: a refused import wrote to the audit trail"
	ok "$label a malformed row is named and nothing is loaded"

	local t0 t1
	t0=$(date +%s)
	expect_status 0 "$TINDUNG" import admin-units-2025 "$UNITS" "$MAPPING" --db "$db"
	t1=$(date +%s)
	grep -q "3321 dòng" "$TMP/out" || fail "$label import: $(cat "$TMP/out")"
	grep -q "2 thôn của xã bị chia chờ quyết định" "$TMP/out" \
		|| fail "$label splits: $(cat "$TMP/out")"
	[ $((t1 - t0)) -le 20 ] || fail "$label: the whole country took $((t1 - t0)) s"
	expect_status 0 "$TINDUNG" import admin-units-2025 "$UNITS" "$MAPPING" --db "$db"
	grep -q "Không có gì thay đổi" "$TMP/out" || fail "$label again: $(cat "$TMP/out")"
	ok "$label the new list and its mapping, twice ($((t1 - t0)) s the first time)"

	# Villages by date: Thôn Đông is in Đông Phương until 30 June, Kiến Minh from 1 July.
	expect_status 0 "$TINDUNG" village list --db "$db" --commune 11695 --date 2025-06-30 --json
	[ "$(jq -r .total "$TMP/out")" = 1 ] || fail "$label June: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" village list --db "$db" --commune 11725 --date 2025-07-01 --json
	[ "$(jq -r '.items[0].name' "$TMP/out")" = "Thôn Đông" ] \
		|| fail "$label July: $(cat "$TMP/out")"

	# The split ones: Kiến Hưng's village, Đoàn Xá's.
	expect_status 0 "$TINDUNG" village splits --db "$db"
	grep -q "Thôn Hưng" "$TMP/out" && grep -q "chờ quyết định" "$TMP/out" \
		|| fail "$label splits: $(cat "$TMP/out")"
	local hung; hung=$(count "$db" "SELECT id FROM village WHERE name = 'Thôn Hưng'")
	expect_status 2 "$TINDUNG" village decide "$hung" --commune 11725 --db "$db"
	one_line_error "không phải một xã mới"
	expect_status 0 "$TINDUNG" village decide "$hung" --commune 11680 --db "$db"
	grep -q "thuộc xã 11680" "$TMP/out" || fail "$label decide: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" village accept-defaults --db "$db"
	grep -q "cho 1 thôn" "$TMP/out" || fail "$label accept: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" village splits --db "$db" --json
	[ "$(jq -r .total "$TMP/out")" = 0 ] || fail "$label still awaiting: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" village splits --db "$db" --all --json
	[ "$(jq -r '[.items[].decided]|sort|join(",")' "$TMP/out")" = "chosen,default" ] \
		|| fail "$label decisions: $(cat "$TMP/out")"
	expect_status 2 "$TINDUNG" village decide "$hung" --db "$db"
	one_line_error "đã được quyết định"
	ok "$label villages by date, split villages decided"
	"$TINDUNG" audit verify --db "$db" >/dev/null || fail "$label audit chain"
}

check sqlite "$TMP/t.db"
check postgres "$(pg_new_db)"

expect_status 2 "$TINDUNG" demo --db "$TMP/d.db" --until 2028-01-01
one_line_error "--until 2028-01-01 nằm ngoài 2022-01-01..2027-12-31"
expect_status 2 "$TINDUNG" demo --db "$TMP/d.db" --until 31/11/2026
one_line_error "day 31 does not exist in 11/2026"
[ ! -e "$TMP/d.db" ] || fail "a refused demo left a file"
ok "demo --until refuses what it cannot reach"
