#!/usr/bin/env bash
# R-GL-3 over HTTP on both stores: a write retried with the same Idempotency-Key books
# once and answers the first answer again; the same key with another request is 409; the
# key is per user; a failed write keeps no answer, so it may be retried.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1

post() { # post KEY BODY -> prints status; body in $TMP/body
	curl -sS -o "$TMP/body" -D "$TMP/h" -w '%{http_code}' -X POST "$BASE/api/v1/users" \
		-H "Authorization: Bearer $TOKEN" -H "Idempotency-Key: $1" \
		-H 'Content-Type: application/json' --data "$2"
}

user_json() {
	printf '{"username":"%s","full_name":"Lê Văn Tín","role":"teller","office_code":"HSC","password":"mật-khẩu-dài-đủ"}' "$1"
}

count_users() { "$TINDUNG" user list --db "$DB" | grep -c "$1" || true; }

check() {
	local label=$1
	DB=$2
	printf 'mật-khẩu-quản-trị\n' >"$TMP/pw"
	"$TINDUNG" user add --db "$DB" --username admin --full-name "Quản trị" --role admin \
		--office HSC --password-file "$TMP/pw" >/dev/null
	start_server "$DB"
	curl -sS -D "$TMP/h" -o /dev/null -X POST "$BASE/api/v1/login" \
		-H 'Content-Type: application/json' \
		--data '{"username":"admin","password":"mật-khẩu-quản-trị"}'
	TOKEN=$(grep -io 'td_session=[0-9a-f]*' "$TMP/h" | cut -d= -f2)
	[ -n "$TOKEN" ] || fail "$label: no session token"

	[ "$(post k-1 "$(user_json tin.lv)")" = 201 ] || fail "$label first write: $(cat "$TMP/body")"
	cp "$TMP/body" "$TMP/first"
	[ "$(post k-1 "$(user_json tin.lv)")" = 201 ] || fail "$label replay: $(cat "$TMP/body")"
	cmp -s "$TMP/first" "$TMP/body" || fail "$label replay differs: $(cat "$TMP/body")"
	[ "$(count_users tin.lv)" = 1 ] || fail "$label replay booked twice"
	ok "$label same key, same request: one write, same answer"

	[ "$(post k-1 "$(user_json other.lv)")" = 409 ] || fail "$label reuse: $(cat "$TMP/body")"
	jq -e '.code == "idempotency_conflict" and (.detail|contains("k-1"))' "$TMP/body" \
		>/dev/null || fail "$label 409 body: $(cat "$TMP/body")"
	[ "$(count_users other.lv)" = 0 ] || fail "$label conflicting request was booked"
	ok "$label same key, other request: 409 and nothing booked"

	# A failed write (duplicate username) keeps no answer, so the key may be used again.
	[ "$(post k-2 "$(user_json tin.lv)")" = 409 ] || fail "$label duplicate: $(cat "$TMP/body")"
	jq -e '.code == "duplicate"' "$TMP/body" >/dev/null || fail "$label dup body: $(cat "$TMP/body")"
	[ "$(post k-2 "$(user_json tin.lv2)")" = 201 ] || fail "$label retry after failure: $(cat "$TMP/body")"
	ok "$label a failed write keeps no answer"

	stop_server
	"$TINDUNG" audit verify --db "$DB" >/dev/null || fail "$label audit chain broken"
}

"$TINDUNG" init --db "$TMP/t.db" >/dev/null
check sqlite "$TMP/t.db"
PGURL=$(pg_new_db)
"$TINDUNG" init --db "$PGURL" >/dev/null
check postgres "$PGURL"
