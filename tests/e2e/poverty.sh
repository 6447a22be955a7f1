#!/usr/bin/env bash
# Households and the poverty-list import (issue 4, R-HH-1, R-HH-2, R-HH-3), end to end on
# both stores:
#   - the command line: the sample list of Xã Đông Phương (Kiến Thụy, Hải Phòng) as a dry
#     run, for real, again (idempotent), then next year's list with changes, households
#     that left the list and rejected rows; search and show. The transcript must equal
#     tests/e2e/golden/poverty_import.txt, on SQLite and on PostgreSQL alike;
#   - bad command lines: one line on stderr, exit 2, nothing written;
#   - the JSON API: /api/v1/households and /api/v1/poverty-imports with a session.
#
#   TD_GOLDEN_UPDATE=1 ... rewrites the golden file from the SQLite run (read the diff).
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)
SRC=${TD_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
GOLDEN=$SRC/tests/e2e/golden/poverty_import.txt
cp "$SRC/data/samples/poverty_list_sample.csv" "$TMP/"

# Kiến Thụy's communes as the statistics office lists them (data/vn_admin_units_*.csv).
cat >"$TMP/kien_thuy.csv" <<'EOF'
province_code,province_name,district_code,district_name,district_type,commune_code,commune_name,commune_type
31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11680,Thị trấn Núi Đối,Thị trấn
31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11695,Xã Đông Phương,Xã
31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11698,Xã Thuận Thiên,Xã
31,Thành phố Hải Phòng,314,Huyện Kiến Thuỵ,Huyện,11701,Xã Hữu Bằng,Xã
EOF

# Next year's list of the same commune: Hùng and Hằng change, Tuấn is gone, Hải is new;
# then a bad ID, Bảy's ID under another name, an unknown village, a bad status and a
# repeated row.
cat >"$TMP/ds_2025.csv" <<'EOF'
cccd,head_name,sex,birth_year,ethnicity,village,status,members,phone,flags
031058000127,Nguyễn Văn Hùng,Nam,1958,Kinh,Thôn Đông,cận nghèo,4,0912345671,
031163004518,Phạm Thị Lan,Nữ,1963,Kinh,Thôn Đông,nghèo,2,,disabled
031071009342,Vũ Văn Thắng,Nam,1971,Kinh,Thôn Đông,cận nghèo,5,0983456712,
031185002276,Trần Thị Hoa,Nữ,1985,Kinh,Thôn Tây,cận nghèo,4,0356781234,
031190001189,Hoàng Thị Mai,Nữ,1990,Tày,Thôn Tây,nghèo,3,0868123456,
031177008810,Ngô Thị Hằng,Nữ,1977,Kinh,Thôn Nam,mới thoát nghèo,4,,
031201004402,Bùi Văn Long,Nam,2001,Kinh,Thôn Nam,nghèo,3,0789012345,
031156007723,Đặng Thị Nụ,Nữ,1956,Kinh,Thôn Đông,mới thoát nghèo,2,,
031080005567,Phạm Văn Quý,Nam,1980,Mường,Thôn Tây,cận nghèo,5,0397654321,
031169002945,Nguyễn Thị Thu,Nữ,1969,Kinh,Thôn Nam,nghèo,3,,
031302006789,Vũ Thị Ngọc Ánh,Nữ,2002,Kinh,Thôn Đông,cận nghèo,2,0812345678,
031074003398,Trịnh Văn Cường,Nam,1974,Kinh,Thôn Tây,nghèo,4,0971234567,
031088007001,Lương Văn Hải,Nam,1988,Kinh,Thôn Nam,nghèo,4,0961234567,
03108800700,Mạc Văn Sơn,Nam,1988,Kinh,Thôn Nam,nghèo,3,,
031049006631,Đỗ Văn Tám,Nam,1949,Kinh,Thôn Tây,nghèo,1,,
031192005123,Cao Thị Yến,Nữ,1992,Kinh,Thôn Bắc,cận nghèo,3,,
031083004411,Mai Văn Phúc,Nam,1983,Kinh,Thôn Đông,khó khăn,4,,
031201004402,Bùi Văn Long,Nam,2001,Kinh,Thôn Nam,nghèo,3,0789012345,
EOF

# prepare DB SQL_CMD...: a database with Kiến Thụy, its offices and three villages of
# Xã Đông Phương (no command makes villages yet, so SQL does).
prepare() {
	local db=$1; shift
	"$TINDUNG" init --db "$db" >/dev/null
	"$TINDUNG" import admin-units "$TMP/kien_thuy.csv" --offices --db "$db" >/dev/null \
		|| fail "import admin-units"
	"$@" "INSERT INTO village (commune_code, name, valid_from) VALUES
		('11695', 'Thôn Đông', '2025-01-01'), ('11695', 'Thôn Tây', '2025-01-01'),
		('11695', 'Thôn Nam', '2025-01-01');
		INSERT INTO village_commune (village_id, commune_code, valid_from)
		SELECT id, commune_code, valid_from FROM village" >/dev/null
}

# run ARGS...: one transcript entry: the command, what it printed, its exit status.
run() {
	local shown="\$ tindung" a
	for a in "$@"; do
		case $a in *" "*) shown+=" \"$a\"" ;; *) shown+=" $a" ;; esac
	done
	echo "$shown"
	set +e
	(cd "$TMP" && "$TINDUNG" "$@" --db "$DB" 2>&1)
	local rc=$?
	set -e
	[ "$rc" -eq 0 ] || echo "(exit $rc)"
	echo
}

transcript() {
	run import poverty-list poverty_list_sample.csv --commune 11695 --year 2024 --dry-run
	run import poverty-list poverty_list_sample.csv --commune 11695 --year 2024
	run import poverty-list poverty_list_sample.csv --commune 11695 --year 2024
	run import poverty-list ds_2025.csv --commune 11695 --year 2025
	run import poverty-list ds_2025.csv --commune 11695 --year 2025
	run household search "nguyen van"
	run household search --village 3
	run household show 2
	run household add --cccd 031093001357 --name "Đào Thị Xuân" --village 2 --members 3 \
		--phone "+84 912 000 111"
	run household add --cccd 031093001357 --name "Đào Thị Xuân" --village 2 --members 3
	run household add --cccd 03109300135 --name "Lê 2" --village 2 --members 0 --phone 12
	run import poverty-list poverty_list_sample.csv --commune 11629 --year 2025
}

# check_store LABEL DB SQL_CMD...: the transcript equals the golden file; the dry run and
# the second import wrote nothing.
check_store() {
	local label=$1; DB=$2; shift 2
	prepare "$DB" "$@"
	transcript >"$TMP/$label.txt"
	if [ "${TD_GOLDEN_UPDATE:-}" = 1 ] && [ "$label" = sqlite ]; then
		cp "$TMP/$label.txt" "$GOLDEN"
	fi
	diff -u "$GOLDEN" "$TMP/$label.txt" >&2 || fail "$label transcript differs from $GOLDEN"
	ok "$label import transcript matches the golden file"
	[ "$("$@" "SELECT count(*) FROM poverty_import" | tr -d ' \n')" = 4 ] \
		|| fail "$label: a dry run or a failed import left a journal row"
	[ "$("$@" "SELECT count(*) FROM poverty_status WHERE year = 2024" | tr -d ' \n')" = 14 ] \
		|| fail "$label: 2024 statuses"
	[ "$("$@" "SELECT status FROM poverty_status s JOIN household h ON h.id = s.household_id
		WHERE h.cccd = '031066003054' AND s.year = 2024" | tr -d ' \n')" = newly_escaped ] \
		|| fail "$label: last year's status lost"
	ok "$label history kept, dry run wrote nothing"
}

sqlite_sql() { sqlite3 "$TMP/t.db" "$1"; }
check_store sqlite "$TMP/t.db" sqlite_sql
PGURL=$(pg_new_db)
pg_sql() { psql -qAt "$PGURL" -c "$1"; }
check_store postgres "$PGURL" pg_sql

# Bad command lines: one line on stderr, exit 2, nothing written.
DB=$TMP/t.db
before=$(sqlite_sql "SELECT count(*) FROM poverty_import")
expect_status 2 "$TINDUNG" import poverty-list "$TMP/poverty_list_sample.csv" --year 2025 --db "$DB"
one_line_error "--commune is required"
expect_status 2 "$TINDUNG" import poverty-list "$TMP/poverty_list_sample.csv" --commune 11695 --db "$DB"
one_line_error "--year is required"
expect_status 2 "$TINDUNG" import poverty-list "$TMP/poverty_list_sample.csv" --commune 11695 \
	--year 20x5 --db "$DB"
one_line_error "--year phải là số nguyên"
expect_status 2 "$TINDUNG" import poverty-list --commune 11695 --year 2025 --db "$DB"
one_line_error "name the file"
expect_status 2 "$TINDUNG" import poverty-list "$TMP/absent.csv" --commune 11695 --year 2025 --db "$DB"
one_line_error "cannot open $TMP/absent.csv"
expect_status 2 "$TINDUNG" import poverty-list "$TMP/poverty_list_sample.csv" --commune 1169 \
	--year 2025 --db "$DB"
one_line_error "commune code '1169' must be 5 digits"
expect_status 2 "$TINDUNG" import poverty-list "$TMP/kien_thuy.csv" --commune 11695 --year 2025 \
	--db "$DB"
one_line_error "column 1 'province_code' is not known"
expect_status 2 "$TINDUNG" household show 999 --db "$DB"
one_line_error "household (hộ) 999 does not exist"
expect_status 2 "$TINDUNG" household frob --db "$DB"
one_line_error "không có lệnh con 'frob'"
expect_status 0 "$TINDUNG" import poverty-list --help
expect_status 0 "$TINDUNG" household --help
[ "$(sqlite_sql "SELECT count(*) FROM poverty_import")" = "$before" ] || fail "bad commands wrote"
ok "bad command lines: one line, exit 2, nothing written"

# The API, with a session (R-ORG-4: a teller reads, does not write).
printf 'mật-khẩu-cán-bộ\n' >"$TMP/pw"
"$TINDUNG" user add --db "$DB" --username tin.vv --full-name "Vũ Văn Tín" \
	--role credit_officer --office PGD314 --password-file "$TMP/pw" >/dev/null
"$TINDUNG" user add --db "$DB" --username thu.quy --full-name "Trần Thị Quỹ" \
	--role teller --office PGD314 --password-file "$TMP/pw" >/dev/null
start_server "$DB"
call() { # call METHOD PATH TOKEN [curl args]: prints the status; body in $TMP/body
	local m=$1 p=$2 t=$3; shift 3
	curl -sS -o "$TMP/body" -w '%{http_code}' -X "$m" -H "Authorization: Bearer $t" "$@" \
		"$BASE$p"
}
login() { # login USER: prints the session token (the cookie's value, used as a bearer)
	curl -sS -o /dev/null -c "$TMP/jar.$1" -X POST "$BASE/api/v1/login" \
		--data "{\"username\":\"$1\",\"password\":\"mật-khẩu-cán-bộ\"}"
	awk '$6 == "td_session" {print $7}' "$TMP/jar.$1"
}
expect() { # expect WANT LABEL METHOD PATH TOKEN [curl args]
	local want=$1 label=$2; shift 2
	local got; got=$(call "$@")
	[ "$got" = "$want" ] || fail "$label: HTTP $got, expected $want: $(cat "$TMP/body")"
}
officer=$(login tin.vv)
teller=$(login thu.quy)
[ -n "$officer" ] && [ -n "$teller" ] || fail "login"
expect 401 "anonymous list" GET /api/v1/households ""
expect 200 "search" GET '/api/v1/households?q=NGUYEN&limit=1' "$officer"
jq -e '.total == 2 and .limit == 1 and (.items|length) == 1
	and .items[0].head_name == "Nguyễn Thị Thu" and .items[0].status == "poor"' "$TMP/body" \
	>/dev/null || fail "search: $(cat "$TMP/body")"
expect 200 "search by name without diacritics" GET '/api/v1/households?q=nguyen%20van%20h' \
	"$officer"
jq -e '.total == 1 and .items[0].cccd == "031058000127"' "$TMP/body" >/dev/null \
	|| fail "search nguyen van h: $(cat "$TMP/body")"
expect 200 "by citizen ID" GET '/api/v1/households?cccd=031058000127' "$officer"
hung=$(jq -r '.items[0].id' "$TMP/body")
expect 200 "get" GET "/api/v1/households/$hung" "$officer"
jq -e '.cccd == "031058000127" and (.poverty_status|length) == 2
	and .poverty_status[1].status == "poor"' "$TMP/body" >/dev/null || fail "get: $(cat "$TMP/body")"
hh='{"cccd":"031194002468","head_name":"Tạ Thị Vân","village_id":1,"members":2,'
hh+='"flags":["disabled"],"phone":"0901234567"}'
expect 201 "create" POST /api/v1/households "$officer" --data "$hh"
id=$(jq -r .id "$TMP/body")
jq -e '.sex == "female" and .birth_year == 1994 and .flags == ["disabled"]' "$TMP/body" \
	>/dev/null || fail "create: $(cat "$TMP/body")"
expect 409 "create again" POST /api/v1/households "$officer" --data "$hh"
expect 200 "update" PUT "/api/v1/households/$id" "$officer" --data "${hh/\"members\":2/\"members\":5}"
jq -e '.members == 5' "$TMP/body" >/dev/null || fail "update: $(cat "$TMP/body")"
expect 400 "bad fields" POST /api/v1/households "$officer" \
	--data '{"cccd":"0311","head_name":"X","village_id":1,"members":0,"colour":1}'
jq -e '(.detail|contains("colour")) and .code == "invalid"' "$TMP/body" >/dev/null \
	|| fail "bad fields: $(cat "$TMP/body")"
expect 400 "bad JSON" POST /api/v1/households "$officer" --data '{"cccd": }'
jq -e '.detail|contains("line 1")' "$TMP/body" >/dev/null || fail "bad JSON position"
expect 403 "teller writes" POST /api/v1/households "$teller" --data "${hh/031194002468/031194002469}"
expect 200 "teller reads" GET "/api/v1/households/$id" "$teller"
expect 404 "no such household" GET /api/v1/households/99999 "$officer"
expect 400 "bad id" GET /api/v1/households/abc "$officer"
body=$(jq -n --rawfile csv "$TMP/ds_2025.csv" \
	'{commune_code: "11695", year: 2025, csv: $csv, file_name: "ds_2025.csv", dry_run: true}')
expect 200 "import dry run" POST /api/v1/poverty-imports "$officer" --data "$body"
jq -e '.dry_run and .import_id == null and .counts.unchanged == 13 and .counts.rejected == 5
	and (.rejected[0].line == 15)' "$TMP/body" >/dev/null || fail "dry run: $(cat "$TMP/body")"
expect 403 "teller imports" POST /api/v1/poverty-imports "$teller" --data "${body/true/false}"
expect 201 "import" POST /api/v1/poverty-imports "$officer" --data "${body/true/false}"
jq -e '.import_id > 0 and .same_as_import != null' "$TMP/body" >/dev/null \
	|| fail "import: $(cat "$TMP/body")"
expect 200 "journal" GET '/api/v1/poverty-imports?year=2025' "$teller"
jq -e '.total == 3 and .items[0].file_name == "ds_2025.csv"' "$TMP/body" >/dev/null \
	|| fail "journal: $(cat "$TMP/body")"
expect 400 "import without csv" POST /api/v1/poverty-imports "$officer" \
	--data '{"commune_code":"11695","year":2025}'
stop_server
expect_status 0 "$TINDUNG" audit verify --db "$DB"
ok "API: households and poverty imports, with roles"
