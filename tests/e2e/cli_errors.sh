#!/usr/bin/env bash
# Bad input on the command line (issue 2): each gets one line naming the problem,
# exit status 2, and nothing is changed or created.
source "$(dirname "$0")/lib.sh"

# Unknown command and unknown option.
expect_status 2 "$TINDUNG" frobnicate
one_line_error "không có lệnh 'frobnicate'"
ok "unknown command"
expect_status 2 "$TINDUNG" init --bogus
one_line_error "tùy chọn không hợp lệ '--bogus'"
ok "unknown option"
expect_status 2 "$TINDUNG" serve --port 99999 --db "$TMP/none.db"
one_line_error "--port phải là số nguyên"
ok "bad port number"
expect_status 2 "$TINDUNG" init --db
one_line_error "cần một giá trị"
ok "missing option value"

# --help works for every command and changes nothing.
for c in init migrate serve version; do
	expect_status 0 "$TINDUNG" "$c" --help
done
expect_status 0 "$TINDUNG" --help
grep -q 'init' "$TMP/out" || fail "usage lists commands"
ok "help"

# An unwritable path: nothing created.
expect_status 2 "$TINDUNG" init --db /proc/tindung-test/x.db
one_line_error "/proc/tindung-test"
[ ! -e /proc/tindung-test ] || fail "created something under /proc"
ok "unwritable --db"
mkdir "$TMP/ro" && chmod 500 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
	expect_status 2 "$TINDUNG" init --db "$TMP/ro/x.db"
	one_line_error "$TMP/ro/x.db"
	[ -z "$(ls -A "$TMP/ro")" ] || fail "left files in read-only dir"
	ok "read-only directory"
fi

# A database that does not exist, for commands that need one: nothing created.
expect_status 2 "$TINDUNG" migrate --db "$TMP/absent.db"
one_line_error "absent.db"
[ ! -e "$TMP/absent.db" ] || fail "migrate created a database"
expect_status 2 "$TINDUNG" serve --db "$TMP/absent.db" --port 0
one_line_error "absent.db"
[ ! -e "$TMP/absent.db" ] || fail "serve created a database"
ok "missing database"

# A file that is not a tindung database, unchanged afterwards.
head -c 5000 /dev/urandom >"$TMP/junk.db"
sum=$(sha256sum <"$TMP/junk.db")
for c in init migrate serve; do
	expect_status 2 "$TINDUNG" "$c" --db "$TMP/junk.db"
	one_line_error "not a tindung database"
done
[ "$(sha256sum <"$TMP/junk.db")" = "$sum" ] || fail "junk file was modified"
ok "non-SQLite file"
sqlite3 "$TMP/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
sum=$(sha256sum <"$TMP/other.db")
expect_status 2 "$TINDUNG" init --db "$TMP/other.db"
one_line_error "not a tindung database"
[ "$(sha256sum <"$TMP/other.db")" = "$sum" ] || fail "foreign SQLite db was modified"
ok "foreign SQLite database"

# PostgreSQL that refuses: a socket directory with no server.
expect_status 2 "$TINDUNG" init --db "postgresql://postgres@/x?host=$TMP/nosock&port=5999"
one_line_error "cannot connect to postgresql:"
ok "refused PostgreSQL"

# A relative path in the current directory, and one in a directory init makes.
(cd "$TMP" && "$TINDUNG" init --db rel.db >/dev/null && "$TINDUNG" init --db new/rel.db >/dev/null) \
	|| fail "init with relative paths"
[ -f "$TMP/rel.db" ] && [ -f "$TMP/new/rel.db" ] || fail "relative databases not created"
ok "relative paths"

# init twice: the second refuses and changes nothing.
"$TINDUNG" init --db "$TMP/t.db" >/dev/null
sum=$(sha256sum <"$TMP/t.db")
expect_status 2 "$TINDUNG" init --db "$TMP/t.db"
one_line_error "already initialised"
ok "init twice"
expect_status 0 "$TINDUNG" migrate --db "$TMP/t.db"
grep -q '0 bước' "$TMP/out" || fail "second migrate applied something: $(cat "$TMP/out")"
ok "migrate is idempotent"

# A port in use.
start_server "$TMP/t.db"
port=${BASE##*:}
expect_status 2 "$TINDUNG" serve --db "$TMP/t.db" --port "$port" --stop-after 5
one_line_error "port $port on 127.0.0.1 is already in use"
ok "port in use"
stop_server
