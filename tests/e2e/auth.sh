#!/usr/bin/env bash
# Sign-in over HTTP on both stores (issue 4): users made on the command line, the session
# cookie, CSRF for browser writes, bearer tokens, role checks, lock-out, logout, and an
# intact audit trail at the end.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the server started below (tests only)

# status METHOD PATH [curl args...]: prints the HTTP status; the body lands in $TMP/body.
status() {
	local method=$1 path=$2; shift 2
	curl -sS -o "$TMP/body" -D "$TMP/h" -w '%{http_code}' -X "$method" "$@" "$BASE$path"
}

expect_http() {
	local want=$1 label=$2; shift 2
	local got; got=$(status "$@")
	[ "$got" = "$want" ] || fail "$label: HTTP $got, expected $want: $(cat "$TMP/body")"
}

login_json() { printf '{"username":"%s","password":"%s"}' "$1" "$2"; }

check_auth() {
	local label=$1 db=$2 jar="$TMP/jar.$1"
	printf 'mật-khẩu-quản-trị\n' >"$TMP/pw"
	expect_status 0 "$TINDUNG" user add --db "$db" --username admin --full-name "Quản trị viên" \
		--role admin --office HSC --password-file "$TMP/pw"
	printf 'mật-khẩu-thủ-quỹ\n' | "$TINDUNG" user add --db "$db" --username thu.quy \
		--full-name "Trần Thị Quỹ" --role teller --office HSC >/dev/null \
		|| fail "$label: user add from stdin"
	# Passwords never come from argv: there is no such option.
	expect_status 2 "$TINDUNG" user add --db "$db" --username x.y --role teller --office HSC \
		--password secret
	ok "$label users added from the command line"

	start_server "$db"
	expect_http 401 "$label anonymous /me" GET /api/v1/me
	grep -qi '^content-type: application/problem+json' "$TMP/h" || fail "$label 401 type"
	jq -e '.code == "unauthenticated"' "$TMP/body" >/dev/null || fail "$label 401 body"
	expect_http 200 "$label health stays public" GET /api/v1/health
	ok "$label protected routes need a session"

	expect_http 200 "$label login" POST /api/v1/login -c "$jar" \
		-H 'Content-Type: application/json' --data "$(login_json admin 'mật-khẩu-quản-trị')"
	grep -qi '^set-cookie: td_session=[0-9a-f]\{64\}; Path=/; SameSite=Strict; HttpOnly' \
		"$TMP/h" || fail "$label session cookie: $(grep -i set-cookie "$TMP/h")"
	grep -i '^set-cookie: td_csrf=' "$TMP/h" | grep -qvi httponly \
		|| fail "$label csrf cookie must be readable by the page"
	local csrf; csrf=$(jq -r .csrf_token "$TMP/body")
	[ ${#csrf} -eq 64 ] || fail "$label csrf token: $(cat "$TMP/body")"
	jq -e '.user.username == "admin" and .user.role == "admin"' "$TMP/body" >/dev/null \
		|| fail "$label login body: $(cat "$TMP/body")"
	expect_http 200 "$label /me" GET /api/v1/me -b "$jar"
	jq -e '.username == "admin" and .office_code == "HSC"' "$TMP/body" >/dev/null \
		|| fail "$label /me body: $(cat "$TMP/body")"
	ok "$label login sets HttpOnly SameSite=Strict session cookie"

	local user='{"username":"lan.nt","full_name":"Nguyễn Thị Lan","role":"credit_officer",'
	user+='"office_code":"HSC","password":"mật-khẩu-cán-bộ"}'
	expect_http 403 "$label write without CSRF" POST /api/v1/users -b "$jar" --data "$user"
	jq -e '.code == "forbidden" and (.detail|contains("X-CSRF-Token"))' "$TMP/body" >/dev/null \
		|| fail "$label 403 body: $(cat "$TMP/body")"
	expect_http 403 "$label write with wrong CSRF" POST /api/v1/users -b "$jar" \
		-H "X-CSRF-Token: ${csrf/?/0}0" --data "$user"
	expect_http 201 "$label write with CSRF" POST /api/v1/users -b "$jar" \
		-H "X-CSRF-Token: $csrf" --data "$user"
	local id; id=$(jq -r .id "$TMP/body")
	jq -e '.username == "lan.nt" and .role == "credit_officer"' "$TMP/body" >/dev/null \
		|| fail "$label created user: $(cat "$TMP/body")"
	ok "$label browser writes need X-CSRF-Token"

	# API clients: the same token as a bearer, no CSRF needed.
	local token; token=$(awk '$6 == "td_session" {print $7}' "$jar")
	expect_http 200 "$label bearer PUT" PUT "/api/v1/users/$id" \
		-H "Authorization: Bearer $token" --data '{"full_name":"Nguyễn T. Lan"}'
	jq -e '.full_name == "Nguyễn T. Lan"' "$TMP/body" >/dev/null || fail "$label PUT body"
	expect_http 401 "$label bad bearer" GET /api/v1/me -H "Authorization: Bearer ${token//?/a}"
	expect_http 400 "$label bad JSON" POST /api/v1/users -H "Authorization: Bearer $token" \
		--data '{"username": }'
	jq -e '.detail|contains("line 1")' "$TMP/body" >/dev/null || fail "$label JSON position"
	expect_http 200 "$label users list" GET '/api/v1/users?role=credit_officer' \
		-H "Authorization: Bearer $token"
	jq -e '.total == 1 and .items[0].username == "lan.nt"' "$TMP/body" >/dev/null \
		|| fail "$label users list: $(cat "$TMP/body")"
	expect_http 200 "$label audit list" GET '/api/v1/audit?entity=app_user&limit=2' \
		-H "Authorization: Bearer $token"
	jq -e '.total >= 4 and (.items|length) == 2 and .items[0].action == "update"' \
		"$TMP/body" >/dev/null || fail "$label audit list: $(cat "$TMP/body")"
	ok "$label bearer token, users and audit routes"

	# A teller reads but administers nothing (R-ORG-4).
	expect_http 200 "$label teller login" POST /api/v1/login -c "$TMP/teller" \
		--data "$(login_json thu.quy 'mật-khẩu-thủ-quỹ')"
	local ttoken; ttoken=$(awk '$6 == "td_session" {print $7}' "$TMP/teller")
	expect_http 403 "$label teller lists users" GET /api/v1/users -H "Authorization: Bearer $ttoken"
	jq -e '.detail|contains("teller")' "$TMP/body" >/dev/null || fail "$label teller 403 body"
	expect_http 403 "$label teller reads audit" GET /api/v1/audit -H "Authorization: Bearer $ttoken"
	ok "$label roles are enforced"

	# Five wrong passwords lock the account; then even the right one is refused.
	for i in 1 2 3 4 5; do
		expect_http 401 "$label wrong password $i" POST /api/v1/login \
			--data "$(login_json lan.nt 'sai-mật-khẩu-rồi')"
	done
	jq -e '.detail|contains("locked for 15 minutes")' "$TMP/body" >/dev/null \
		|| fail "$label 5th failure: $(cat "$TMP/body")"
	expect_http 403 "$label locked" POST /api/v1/login --data "$(login_json lan.nt 'mật-khẩu-cán-bộ')"
	jq -e '.detail|contains("locked")' "$TMP/body" >/dev/null || fail "$label locked body"
	expect_status 0 "$TINDUNG" user unlock --db "$db" --username lan.nt
	expect_http 200 "$label unlocked" POST /api/v1/login --data "$(login_json lan.nt 'mật-khẩu-cán-bộ')"
	ok "$label lock-out after 5 failures, admin unlock"

	# Password change: the old password is required.
	expect_http 403 "$label change with wrong old" POST /api/v1/me/password -b "$jar" \
		-H "X-CSRF-Token: $csrf" --data '{"old_password":"nope","new_password":"mật-khẩu-mới-dài"}'
	expect_http 204 "$label change password" POST /api/v1/me/password -b "$jar" \
		-H "X-CSRF-Token: $csrf" \
		--data '{"old_password":"mật-khẩu-quản-trị","new_password":"mật-khẩu-mới-dài"}'
	expect_http 200 "$label session kept after change" GET /api/v1/me -b "$jar"
	ok "$label password change"

	expect_http 204 "$label logout" POST /api/v1/logout -b "$jar" -H "X-CSRF-Token: $csrf"
	grep -qi '^set-cookie: td_session=; Path=/; SameSite=Strict; Max-Age=0' "$TMP/h" \
		|| fail "$label logout clears the cookie"
	expect_http 401 "$label after logout" GET /api/v1/me -b "$jar"
	expect_http 401 "$label bearer after logout" GET /api/v1/me -H "Authorization: Bearer $token"
	ok "$label logout"
	stop_server

	expect_status 0 "$TINDUNG" audit verify --db "$db"
	grep -q 'intact' "$TMP/out" || fail "$label audit verify: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" audit list --db "$db" --action lockout
	grep -q 'lan.nt' "$TMP/out" || fail "$label lockout audited: $(cat "$TMP/out")"
	ok "$label audit trail intact"
}

"$TINDUNG" init --db "$TMP/t.db" >/dev/null
check_auth sqlite "$TMP/t.db"
# Tampering is found and named.
sqlite3 "$TMP/t.db" "DELETE FROM audit_log WHERE id = 2"
expect_status 1 "$TINDUNG" audit verify --db "$TMP/t.db"
grep -q 'record 3: record 2 is missing' "$TMP/out" || fail "sqlite tamper: $(cat "$TMP/out")"
ok "sqlite audit verify finds a deleted record"

PGURL=$(pg_new_db)
"$TINDUNG" init --db "$PGURL" >/dev/null
check_auth postgres "$PGURL"
psql -q "$PGURL" -c "UPDATE audit_log SET username = 'someone' WHERE id = 3"
expect_status 1 "$TINDUNG" audit verify --db "$PGURL"
grep -q 'record 3: its hash does not match its content' "$TMP/out" \
	|| fail "postgres tamper: $(cat "$TMP/out")"
ok "postgres audit verify finds an edited record"
