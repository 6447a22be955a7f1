#!/usr/bin/env bash
# Villages on the command line, on both stores (R-ORG-1): add under a real commune, list by
# commune, and the refusals (unknown commune, missing options, duplicate) change nothing.
source "$(dirname "$0")/lib.sh"
: "${TD_SOURCE:?TD_SOURCE must name the source tree}"
DATA="$TD_SOURCE/data/vn_admin_units_2025-03-01.csv"

check() {
	local label=$1 db=$2
	"$TINDUNG" init --db "$db" >/dev/null
	"$TINDUNG" import admin-units "$DATA" --db "$db" --province 31 --offices \
		--date 2025-01-01 >/dev/null
	expect_status 0 "$TINDUNG" village add --db "$db" --commune 11695 --name "Thôn Đông"
	grep -q 'Đã thêm Thôn Đông' "$TMP/out" || fail "$label add: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" village add --db "$db" --commune 11695 --name "Thôn Tây"
	expect_status 0 "$TINDUNG" village list --db "$db" --commune 11695 --json
	[ "$(jq -r '[.items[].name]|sort|join(",")' "$TMP/out")" = "Thôn Tây,Thôn Đông" ] \
		|| fail "$label list: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" village list --db "$db" --commune 11695
	grep -q 'Thôn Tây' "$TMP/out" || fail "$label table: $(cat "$TMP/out")"
	ok "$label add and list"

	expect_status 2 "$TINDUNG" village add --db "$db" --commune 11695 --name "Thôn Đông"
	one_line_error "Thôn Đông"
	expect_status 2 "$TINDUNG" village add --db "$db" --commune 99999 --name "Thôn Lạ"
	one_line_error "99999"
	expect_status 2 "$TINDUNG" village add --db "$db" --name "Thôn Lạ"
	one_line_error "--commune"
	expect_status 2 "$TINDUNG" village remove --db "$db"
	one_line_error "không có lệnh con"
	expect_status 0 "$TINDUNG" village list --db "$db" --json
	[ "$(jq -r .total "$TMP/out")" = 2 ] || fail "$label refusals changed something"
	ok "$label refusals change nothing"
	"$TINDUNG" audit verify --db "$db" >/dev/null || fail "$label audit chain"
}

check sqlite "$TMP/t.db"
check postgres "$(pg_new_db)"
