#!/usr/bin/env bash
# `tindung demo` end to end (docs/demo.md), small districts so that it takes seconds:
#  - SQLite and PostgreSQL: a demo builds, prints its summary and its accounts, and
#    `tindung check` and `tindung audit verify` exit 0 on it (R-GL-1, R-GL-2, R-GL-3);
#  - the same seed twice gives the same loans, repayments and ledger (determinism);
#  - a database that holds data is refused with one line, exit 2, and is not changed;
#    bad options are refused with one line naming them;
#  - `tindung serve` prints the demo accounts at start, and only for a demo database;
#  - scripts/first-run builds a demo when the database does not exist, prints the
#    administrator's password and keeps it in var/admin-password.txt (mode 0600).
source "$(dirname "$0")/lib.sh"
: "${TD_SOURCE:?}"
export TD_PWHASH_FAST=1 # cheap argon2id for the demo's users (tests only)

N=40

sql() {
	if [ "$LABEL" = sqlite ]; then sqlite3 "$DB" "$1"; else psql -qtA "$DB" -c "$1"; fi
}

check_demo() {
	expect_status 0 "$TINDUNG" demo --db "$DB" --households $N --seed 5
	grep -q '^Huyện Kiến Thuỵ, 01/01/2022 – 31/12/2024:' "$TMP/out" \
		|| fail "$LABEL summary: $(cat "$TMP/out")"
	grep -q '^Tháng 12/2024: ' "$TMP/out" || fail "$LABEL no monthly progress: $(cat "$TMP/out")"
	grep -Eq '^  admin +[A-Za-z0-9]{14} +admin ' "$TMP/out" \
		|| fail "$LABEL admin account: $(cat "$TMP/out")"
	[ "$(grep -c ' director ' "$TMP/out")" -eq 2 ] || fail "$LABEL two directors"
	expect_status 0 "$TINDUNG" check --db "$DB"
	grep -q '^Sổ sách khớp' "$TMP/out" || fail "$LABEL check: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" audit verify --db "$DB"
	[ "$(sql "SELECT count(*) FROM loan")" -gt $N ] || fail "$LABEL too few loans"
	[ "$(sql "SELECT count(*) FROM commune_session WHERE status <> 'closed'")" = 0 ] \
		|| fail "$LABEL open sessions"
	ok "$LABEL demo of $N households: books agree, audit chain intact"

	local audit; audit=$(sql "SELECT count(*) FROM audit_log")
	expect_status 2 "$TINDUNG" demo --db "$DB" --households $N
	one_line_error "already holds data"
	[ "$(sql "SELECT count(*) FROM audit_log")" = "$audit" ] || fail "$LABEL refusal wrote"
	ok "$LABEL a database with data is refused and left as it was"
}

# SQLite, in a file the demo creates.
LABEL=sqlite
DB="$TMP/demo.db"
check_demo

# The same seed: the same district (business tables; passwords and audit times differ).
dump() {
	sqlite3 "$1" "SELECT * FROM loan ORDER BY id; SELECT * FROM loan_repayment ORDER BY id;
		SELECT * FROM gl_posting ORDER BY id; SELECT * FROM household ORDER BY id;
		SELECT * FROM savings_txn ORDER BY id;" | sha256sum
}
expect_status 0 "$TINDUNG" demo --db "$TMP/again.db" --households $N --seed 5
[ "$(dump "$DB")" = "$(dump "$TMP/again.db")" ] || fail "same seed, different district"
expect_status 0 "$TINDUNG" demo --db "$TMP/other.db" --households $N --seed 6
[ "$(dump "$DB")" != "$(dump "$TMP/other.db")" ] || fail "another seed, same district"
ok "the same seed builds the same district, another seed another"

# A database made by tindung init is empty: the demo builds into it.
expect_status 0 "$TINDUNG" init --db "$TMP/init.db"
expect_status 0 "$TINDUNG" demo --db "$TMP/init.db" --households 20 --seed 2
ok "a database just made by tindung init takes the demo"

# Bad options: one line each, and no file left behind.
expect_status 2 "$TINDUNG" demo --db "$TMP/x.db" --households 0
one_line_error "--households"
expect_status 2 "$TINDUNG" demo --db "$TMP/x.db" --households 200001
one_line_error "--households"
expect_status 2 "$TINDUNG" demo --db "$TMP/x.db" --seed abc
one_line_error "--seed 'abc' is not a whole number"
expect_status 2 "$TINDUNG" demo --db "$TMP/x.db" --seed -1
one_line_error "--seed"
expect_status 2 "$TINDUNG" demo --db "$TMP/x.db" --colour red
one_line_error "colour"
expect_status 2 "$TINDUNG" demo --db "$TMP/x.db" extra
one_line_error "extra"
expect_status 2 "$TINDUNG" demo --db "$TMP/x.db" --admin-password-file "$TMP/none.txt"
one_line_error "none.txt"
[ ! -e "$TMP/x.db" ] || fail "a refused demo left $TMP/x.db"
expect_status 0 "$TINDUNG" demo --help
grep -q -- '--households' "$TMP/out" || fail "help"
ok "bad options are refused with one line naming them"

# serve prints the demo accounts of a demo database, and nothing of the kind otherwise.
start_server "$DB"
grep -q '^Cơ sở dữ liệu demo' "$TMP/serve.out" || fail "serve: $(cat "$TMP/serve.out")"
pw=$(sqlite3 "$DB" "SELECT a.password FROM demo_account a JOIN app_user u ON u.id = a.user_id
	WHERE u.username = 'admin'")
grep -Eq "^  admin +$pw " "$TMP/serve.out" || fail "serve lacks admin: $(cat "$TMP/serve.out")"
code=$(curl -sS -o "$TMP/body" -w '%{http_code}' -X POST "$BASE/api/v1/login" \
	-H 'Content-Type: application/json' \
	--data "$(jq -nc --arg p "$pw" '{username:"admin",password:$p}')")
[ "$code" = 200 ] || fail "sign-in with the printed demo password: $code $(cat "$TMP/body")"
stop_server
expect_status 0 "$TINDUNG" init --db "$TMP/plain.db"
start_server "$TMP/plain.db"
! grep -q 'Cơ sở dữ liệu demo' "$TMP/serve.out" || fail "serve of a plain database: $(cat "$TMP/serve.out")"
stop_server
ok "serve prints the demo accounts of a demo database only"

# make run's first start: a demo with the administrator's password in var/.
TINDUNG_DEMO_HOUSEHOLDS=20 "$TD_SOURCE/scripts/first-run" "$TINDUNG" "$TMP/var/t.db" \
	>"$TMP/first" || fail "first-run: $(cat "$TMP/first")"
pw=$(cat "$TMP/var/admin-password.txt")
grep -q "admin / $pw" "$TMP/first" || fail "password not printed: $(cat "$TMP/first")"
grep -Eq "^  admin +$pw " "$TMP/first" || fail "demo accounts not printed: $(cat "$TMP/first")"
[ "$(stat -c %a "$TMP/var/admin-password.txt")" = 600 ] || fail "password file mode"
[ "$(sqlite3 "$TMP/var/t.db" "SELECT count(*) FROM demo_run")" = 1 ] || fail "not a demo"
"$TD_SOURCE/scripts/first-run" "$TINDUNG" "$TMP/var/t.db" >"$TMP/second"
[ ! -s "$TMP/second" ] || fail "second first-run printed: $(cat "$TMP/second")"
ok "first-run builds the demo and keeps the administrator's password"

# PostgreSQL.
LABEL=postgres
DB=$(pg_new_db)
check_demo
