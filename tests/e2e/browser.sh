#!/usr/bin/env bash
# The web UI in a real browser (issue 4): Debian's Chromium driven by playwright-core from
# npm (package.json; never a downloaded browser). A SQLite database gets Hải Phòng's
# admin units and offices, three villages, the sample poverty list of 2024, a commune
# point with its team, a chapter, a group and two users; then tests/e2e/browser/ui.mjs
# signs in (a wrong password first, and a lock-out), searches "nguyen" without
# diacritics, opens a household, adds one (its validation errors first), dry-runs and
# then imports next year's poverty list, views the offices tree on two dates, a group,
# the users, and signs out.
#
#   TD_BROWSER_SHOTS=DIR   keeps the screenshots there (default: the temporary folder,
#                          removed at the end).
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)
SRC=${TD_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
CHROMIUM=${TD_CHROMIUM:-/usr/bin/chromium}

command -v node >/dev/null || fail "node is missing: install the Debian packages nodejs and npm (scripts/install-deps)"
[ -x "$CHROMIUM" ] || fail "$CHROMIUM is missing: install the Debian package chromium (scripts/install-deps)"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing: install the Debian package sqlite3"
if [ ! -d "$SRC/node_modules/playwright-core" ]; then
	command -v npm >/dev/null || fail "npm is missing: install the Debian package npm"
	# playwright-core downloads no browser; the variable says so to any later version too.
	(cd "$SRC" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
		>"$TMP/npm.log" 2>&1 || fail "npm ci in $SRC failed: $(tail -5 "$TMP/npm.log")"
fi

DB=$TMP/ui.db
T() { "$TINDUNG" "$@" --db "$DB" >>"$TMP/seed.log" 2>&1 || fail "tindung $*: $(tail -3 "$TMP/seed.log")"; }

"$TINDUNG" init --db "$DB" >/dev/null
T import admin-units "$SRC/data/vn_admin_units_2025-03-01.csv" --province 31 --offices
# No command makes villages (the API does; SQL is shorter here), as in poverty.sh.
sqlite3 "$DB" "INSERT INTO village (commune_code, name, valid_from) VALUES
	('11695', 'Thôn Đông', '2025-01-01'), ('11695', 'Thôn Tây', '2025-01-01'),
	('11695', 'Thôn Nam', '2025-01-01');
	INSERT INTO village_commune (village_id, commune_code, valid_from)
	SELECT id, commune_code, valid_from FROM village"
T import poverty-list "$SRC/data/samples/poverty_list_sample.csv" --commune 11695 --year 2024
echo "matkhau-quantri-01" >"$TMP/admin.pw"
T user add --username admin --full-name "Trần Quản Trị" --role admin --office HSC \
	--password-file "$TMP/admin.pw"
echo "matkhau-hoa-0001" >"$TMP/hoa.pw"
T user add --username hoa.lt --full-name "Lê Thị Hoa" --role teller --office PGD314 \
	--password-file "$TMP/hoa.pw"
T staff add --office PGD314 --name "Nguyễn Thị Lan" --role credit_officer --commune 11695
T staff add --office PGD314 --name "Trần Văn Bình" --role teller
T staff add --office PGD314 --name "Lê Văn Cường" --role controller
T point add --code DGD11695 --office PGD314 --name "Điểm giao dịch xã Đông Phương" \
	--place "Trụ sở UBND xã Đông Phương" --day 15 --commune 11695 --leader 1 --controller 3 \
	--teller 2
T chapter add --org women --level commune --admin-code 11695 --office PGD314 \
	--name "Hội LHPN xã Đông Phương" --from 2025-01-01
# The group of Thôn Đông's five households: Nguyễn Văn Hùng leads, Phạm Thị Lan deputises.
q() { sqlite3 "$DB" "$1"; }
village=$(q "SELECT id FROM village WHERE name = 'Thôn Đông'")
ids=$(q "SELECT group_concat(id) FROM (SELECT id FROM household WHERE village_id = $village)")
leader=$(q "SELECT id FROM household WHERE cccd = '031058000127'")
deputy=$(q "SELECT id FROM household WHERE cccd = '031163004518'")
T group add --code TK01 --name "Tổ TK&VV Thôn Đông" --village "$village" --chapter 1 --point 1 \
	--officer 1 --decision-no 12/QĐ-UBND --decision-date 2025-01-01 --founded 2025-01-01 \
	--members "$ids" --leader "$leader" --deputy "$deputy"

# Next year's list: Hùng becomes near-poor, Tuấn is gone, Hải is new, one ID is short.
{
	grep -v '^031066003054' "$SRC/data/samples/poverty_list_sample.csv" |
		sed 's/^\(031058000127,.*,Thôn Đông,\)nghèo,/\1cận nghèo,/'
	echo "031088007001,Lương Văn Hải,Nam,1988,Kinh,Thôn Nam,nghèo,4,0961234567,"
	echo "03108800700,Mạc Văn Sơn,Nam,1988,Kinh,Thôn Nam,nghèo,3,,"
} >"$TMP/ds_2025.csv"
grep -q '^031058000127,Nguyễn Văn Hùng,Nam,1958,Kinh,Thôn Đông,cận nghèo,' "$TMP/ds_2025.csv" ||
	fail "could not make next year's list from the sample (has its format changed?)"

start_server "sqlite:$DB"
SHOTS=${TD_BROWSER_SHOTS:-$TMP/shots}
mkdir -p "$SHOTS"
BASE="$BASE/" SHOTS="$SHOTS" CSV_2025="$TMP/ds_2025.csv" CHROMIUM="$CHROMIUM" \
	ADMIN_PW="$(cat "$TMP/admin.pw")" HOA_PW="$(cat "$TMP/hoa.pw")" \
	timeout 100 node "$SRC/tests/e2e/browser/ui.mjs" ||
	fail "the browser scenario failed (screenshots in $SHOTS; server log: $(tail -3 "$TMP/serve.err"))"

# What the browser wrote is in the database: the household added and the real import.
[ "$(sqlite3 "$DB" "SELECT count(*) FROM household WHERE cccd = '031093001357'")" = 1 ] ||
	fail "the household added in the browser is not in the database"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM poverty_import WHERE year = 2025")" = 1 ] ||
	fail "the dry run or the real import of 2025 did not write exactly one import"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM app_user WHERE username = 'lan.nt'")" = 1 ] ||
	fail "the user added in the browser is not in the database"
stop_server
ok "browser: sign-in, households, poverty import, network, groups, users, sign-out"
