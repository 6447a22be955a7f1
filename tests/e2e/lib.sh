# Shared helpers for the end-to-end scripts: sourced by them, not a test itself
# (tests/CMakeLists.txt leaves lib.sh out).
set -euo pipefail
: "${TINDUNG:?TINDUNG must name the built binary}"
TMP=$(mktemp -d /tmp/td-e2e.XXXXXX)
PIDS=()
cleanup() {
	for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
	rm -rf "$TMP"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }

# expect_status WANT CMD... : runs CMD, checks its exit status, keeps stdout/stderr.
expect_status() {
	local want=$1; shift
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	set -e
	[ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(cat "$TMP/err")"
}

# one_line_error: stderr of the last expect_status is exactly one line containing $1.
one_line_error() {
	[ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "expected one line on stderr, got: $(cat "$TMP/err")"
	grep -q -- "$1" "$TMP/err" || fail "stderr does not mention '$1': $(cat "$TMP/err")"
}

# A fresh PostgreSQL database in the test cluster; prints its URL.
pg_new_db() {
	local admin; admin=$(cat "${TINDUNG_TEST_PG:?}")
	local name="e2e_$$_$RANDOM"
	psql -q "$admin" -c "CREATE DATABASE $name" >/dev/null
	echo "${admin/\/postgres\?//$name?}"
}

# start_server DB_URL: starts tindung serve on a free port; sets SERVER_PID and BASE.
start_server() {
	"$TINDUNG" serve --db "$1" --port 0 --stop-after 120 >"$TMP/serve.out" 2>"$TMP/serve.err" &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	for _ in $(seq 1 100); do
		BASE=$(grep -o 'http://127.0.0.1:[0-9]*' "$TMP/serve.out" 2>/dev/null || true)
		[ -n "$BASE" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || fail "server died: $(cat "$TMP/serve.err")"
		sleep 0.1
	done
	fail "server did not start: $(cat "$TMP/serve.err")"
}

stop_server() {
	kill -TERM "$SERVER_PID"
	local rc=0
	wait "$SERVER_PID" || rc=$?
	[ "$rc" -eq 0 ] || fail "server exited $rc after SIGTERM: $(cat "$TMP/serve.err")"
	grep -q "đã dừng" "$TMP/serve.out" || fail "server did not report a clean stop"
}

# ---- calling the JSON API of the server start_server started ----

# http METHOD PATH TOKEN [KEY BODY]: prints the status; the body lands in $TMP/body.
http() {
	local method=$1 path=$2 token=$3
	local args=(-sS -o "$TMP/body" -w '%{http_code}' -X "$method"
		-H "Authorization: Bearer $token")
	if [ $# -ge 5 ]; then
		args+=(-H "Idempotency-Key: $4" -H 'Content-Type: application/json' --data "$5")
	fi
	curl "${args[@]}" "$BASE$path"
}

# expect_http WANT LABEL METHOD PATH TOKEN [KEY BODY]: fails unless the status is WANT.
expect_http() {
	local want=$1 label=$2; shift 2
	local got; got=$(http "$@")
	[ "$got" = "$want" ] || fail "$label: HTTP $got, expected $want: $(cat "$TMP/body")"
}

# login USERNAME: signs in with the password in $PW; prints the session token.
login() {
	curl -sS -D "$TMP/h" -o /dev/null -X POST "$BASE/api/v1/login" \
		-H 'Content-Type: application/json' \
		--data "$(jq -nc --arg u "$1" --arg p "$PW" '{username: $u, password: $p}')"
	grep -io 'td_session=[0-9a-f]*' "$TMP/h" | cut -d= -f2
}
