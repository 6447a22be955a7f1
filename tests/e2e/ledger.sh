#!/usr/bin/env bash
# The books end to end on both stores (issue 5, docs/ledger.md):
#  - CLI: a capital source, money in and out, the trial balance, `tindung check` exit 0
#    (R-CAP-1, R-GL-1);
#  - HTTP: a source made over the API; a transfer sent twice under one Idempotency-Key books
#    one entry, the same key with another body is 409 (R-GL-3); a teller may not move
#    capital (403, docs/access.md);
#  - a posting amount tampered with in the database: `tindung check` exits 1 and names the
#    entry, the account and the source that no longer agree (R-GL-1).
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)
: "${TD_SOURCE:?TD_SOURCE must name the source tree}"
DATA="$TD_SOURCE/data/vn_admin_units_2025-03-01.csv"
[ -r "$DATA" ] || fail "missing $DATA"

# login USER PASSWORD: prints the session token.
login() {
	curl -sS -D "$TMP/h" -o /dev/null -X POST "$BASE/api/v1/login" \
		-H 'Content-Type: application/json' \
		--data "$(jq -nc --arg u "$1" --arg p "$2" '{username: $u, password: $p}')"
	grep -io 'td_session=[0-9a-f]*' "$TMP/h" | cut -d= -f2
}

cli() { "$TINDUNG" "$@" --db "$DB"; }

check_cli() {
	local label=$1
	expect_status 0 cli capital add --code DP-HP --kind local --name "Vốn ủy thác TP Hải Phòng" \
		--office PGD314 --investor "UBND thành phố Hải Phòng" --investor-code UB-31 \
		--level province
	local id; id=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	[ -n "$id" ] || fail "$label capital add printed no id: $(cat "$TMP/out")"
	expect_status 0 cli capital transfer "$id" --in 1.000.000.000 --note "QĐ 12/QĐ-UBND"
	expect_status 0 cli capital transfer "$id" --out 250000000
	# R-CAP-1: the source cannot return more than it holds.
	expect_status 2 cli capital transfer "$id" --out 800.000.000
	one_line_error "chỉ còn 750.000.000 đồng, không đủ 800.000.000 đồng"
	expect_status 0 cli capital show "$id" --json
	[ "$(jq -r '"\(.entrusted) \(.returned) \(.available)"' "$TMP/out")" = \
		"1000000000 250000000 750000000" ] || fail "$label capital show: $(cat "$TMP/out")"
	ok "$label CLI: capital source, money in and out, refusal when it cannot cover"

	expect_status 0 cli ledger trial-balance --office PGD314 --date 2099-12-31 --json
	jq -e '.balanced and .total.debit == 1250000000 and .total.credit == 1250000000' \
		"$TMP/out" >/dev/null || fail "$label trial balance: $(cat "$TMP/out")"
	jq -e '[.rows[] | select(.type == "CASH")][0].balance_debit == 750000000' "$TMP/out" \
		>/dev/null || fail "$label trial balance cash: $(cat "$TMP/out")"
	expect_status 0 cli check
	grep -q 'Sổ sách khớp: 2 bút toán' "$TMP/out" || fail "$label check: $(cat "$TMP/out")"
	ok "$label CLI: trial balance balances, tindung check exits 0"
}

check_http() {
	local label=$1
	printf 'mật-khẩu-quản-trị\n' >"$TMP/pw"
	expect_status 0 cli user add --username admin --full-name "Quản trị viên" --role admin \
		--office HSC --password-file "$TMP/pw"
	printf 'mật-khẩu-thủ-quỹ\n' >"$TMP/pw2"
	expect_status 0 cli user add --username thu.quy --full-name "Trần Thị Quỹ" --role teller \
		--office PGD314 --password-file "$TMP/pw2"
	start_server "$DB"
	local admin teller
	admin=$(login admin 'mật-khẩu-quản-trị')
	teller=$(login thu.quy 'mật-khẩu-thủ-quỹ')
	[ ${#admin} -eq 64 ] && [ ${#teller} -eq 64 ] || fail "$label: sign-in failed"
	expect_http 200 "$label offices" GET '/api/v1/offices?kind=district&limit=500' "$admin"
	local pgd; pgd=$(jq -r '.items[] | select(.code == "PGD314") | .id' "$TMP/body")
	[ -n "$pgd" ] || fail "$label: no office PGD314"

	expect_http 201 "$label create source" POST /api/v1/capital-sources "$admin" src-1 \
		"{\"code\":\"TW-NS\",\"kind\":\"central\",\"name\":\"Vốn trung ương\",\"office_id\":$pgd}"
	local src; src=$(jq -r .id "$TMP/body")
	local entries="/api/v1/ledger/entries?office_id=$pgd&limit=500"
	count_entries() {
		expect_http 200 "$label entries" GET "$entries" "$admin"
		jq --arg r "capital source $src" '[.items[] | select(.ref == $r)] | length' "$TMP/body"
	}
	local in='{"direction":"in","amount":500000000,"note":"QĐ 20"}'
	expect_http 201 "$label transfer" POST "/api/v1/capital-sources/$src/transfers" "$admin" \
		tr-1 "$in"
	cp "$TMP/body" "$TMP/first"
	jq -e '.id > 0 and .entry_id > 0 and .amount == 500000000 and .source.available ==
		500000000' "$TMP/first" >/dev/null || fail "$label transfer body: $(cat "$TMP/first")"
	expect_http 201 "$label replayed transfer" POST "/api/v1/capital-sources/$src/transfers" \
		"$admin" tr-1 "$in"
	cmp -s "$TMP/first" "$TMP/body" || fail "$label replay answered otherwise: $(cat "$TMP/body")"
	[ "$(count_entries)" = 1 ] || fail "$label the replayed transfer booked twice"
	ok "$label R-GL-3: the same key and request books one entry and answers the same"

	expect_http 409 "$label key reused" POST "/api/v1/capital-sources/$src/transfers" "$admin" \
		tr-1 '{"direction":"in","amount":700000000}'
	jq -e '.code == "idempotency_conflict"' "$TMP/body" >/dev/null \
		|| fail "$label 409 body: $(cat "$TMP/body")"
	[ "$(count_entries)" = 1 ] || fail "$label the conflicting request was booked"
	ok "$label R-GL-3: the same key with another request is 409 and books nothing"

	expect_http 403 "$label teller transfer" POST "/api/v1/capital-sources/$src/transfers" \
		"$teller" tr-2 "$in"
	jq -e '.code == "forbidden"' "$TMP/body" >/dev/null || fail "$label 403: $(cat "$TMP/body")"
	expect_http 403 "$label teller source" POST /api/v1/capital-sources "$teller" src-2 \
		"{\"code\":\"TW-X\",\"kind\":\"central\",\"name\":\"X\",\"office_id\":$pgd}"
	[ "$(count_entries)" = 1 ] || fail "$label the teller's transfer was booked"
	expect_http 200 "$label teller reads" GET "/api/v1/capital-sources/$src" "$teller"
	expect_http 200 "$label trial balance" GET "/api/v1/trial-balance?office=PGD314" "$teller"
	jq -e '.balanced and .total.debit == 1750000000' "$TMP/body" >/dev/null \
		|| fail "$label trial balance over HTTP: $(cat "$TMP/body")"
	ok "$label a teller reads the books but may not move capital (403)"
	stop_server
	expect_status 0 cli check
}

# tamper SQL: runs an UPDATE on the store behind the application's back.
tamper() {
	if [ "$LABEL" = sqlite ]; then sqlite3 "$DB" "$1"; else psql -q "$DB" -c "$1"; fi
}

check_tamper() {
	local label=$1
	# One đồng more on the credit of the first entry's capital line (the source DP-HP).
	tamper "UPDATE gl_posting SET credit = credit + 1 WHERE id = (SELECT min(p.id) FROM
		gl_posting p JOIN gl_account a ON a.id = p.account_id
		WHERE a.type_code = 'CAPITAL_LOCAL')"
	expect_status 1 cli check
	grep -q 'Sổ sách lệch' "$TMP/out" || fail "$label check after tampering: $(cat "$TMP/out")"
	local unbalanced='bút toán 1 (capital_in, [0-9-]*) không cân tại đơn vị PGD314: '
	unbalanced+='nợ 1.000.000.000 đồng, có 1.000.000.001 đồng'
	grep -q "$unbalanced" "$TMP/out" \
		|| fail "$label check names no unbalanced entry: $(cat "$TMP/out")"
	grep -q 'tài khoản CAPITAL_LOCAL đơn vị PGD314 chương trình - nguồn vốn DP-HP' "$TMP/out" \
		|| fail "$label check names no account: $(cat "$TMP/out")"
	grep -q 'nguồn vốn DP-HP đơn vị PGD314' "$TMP/out" \
		|| fail "$label check names no source: $(cat "$TMP/out")"
	ok "$label R-GL-1: a tampered posting makes tindung check exit 1 naming the mismatch"
}

run() {
	LABEL=$1
	DB=$2
	"$TINDUNG" init --db "$DB" >/dev/null
	expect_status 0 cli import admin-units "$DATA" --province 31 --offices --date 2024-01-01
	check_cli "$LABEL"
	check_http "$LABEL"
	check_tamper "$LABEL"
}

run sqlite "$TMP/t.db"
run postgres "$(pg_new_db)"
