#!/usr/bin/env bash
# `make run` on a machine without a database (scripts/first-run): the database is created
# (a small demo district here; the default size takes minutes, docs/demo.md) with an
# administrator whose random password is printed and kept readable only by its owner;
# signing in with it works; a second run changes nothing.
source "$(dirname "$0")/lib.sh"
: "${TD_SOURCE:?}"
export TD_PWHASH_FAST=1
export TINDUNG_DEMO_HOUSEHOLDS=20

"$TD_SOURCE/scripts/first-run" "$TINDUNG" "$TMP/var/t.db" >"$TMP/first"
pw=$(cat "$TMP/var/admin-password.txt")
[ ${#pw} -ge 16 ] || fail "password too short: '$pw'"
grep -q "admin / $pw" "$TMP/first" || fail "password not printed: $(cat "$TMP/first")"
[ "$(stat -c %a "$TMP/var/admin-password.txt")" = 600 ] || fail "password file mode"
ok "database and administrator created"

sum=$(sha256sum <"$TMP/var/t.db")
"$TD_SOURCE/scripts/first-run" "$TINDUNG" "$TMP/var/t.db" >"$TMP/second"
[ ! -s "$TMP/second" ] || fail "second run printed: $(cat "$TMP/second")"
[ "$(sha256sum <"$TMP/var/t.db")" = "$sum" ] || fail "second run changed the database"
[ "$(cat "$TMP/var/admin-password.txt")" = "$pw" ] || fail "second run changed the password"
ok "second run changes nothing"

start_server "$TMP/var/t.db"
code=$(curl -sS -o "$TMP/body" -w '%{http_code}' -X POST "$BASE/api/v1/login" \
	-H 'Content-Type: application/json' \
	--data "$(jq -nc --arg p "$pw" '{username:"admin",password:$p}')")
[ "$code" = 200 ] || fail "sign-in with the printed password: $code $(cat "$TMP/body")"
ok "the printed password signs in"
stop_server
