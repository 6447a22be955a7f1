#!/usr/bin/env bash
# The network on both stores (issue 4, R-ORG-1, R-ORG-4): `tindung import admin-units` of
# the real list in data/ for Hải Phòng (31), checked against counts computed from the file;
# idempotency, a wrong header, the whole country in a few seconds; offices, points and
# staff on the command line; a merger on a date; then the JSON API with scope.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)
: "${TD_SOURCE:?TD_SOURCE must name the source tree}"
DATA="$TD_SOURCE/data/vn_admin_units_2025-03-01.csv"
[ -r "$DATA" ] || fail "missing $DATA"

# What the file holds for province 31, computed here rather than written down.
P31_DISTRICTS=$(awk -F, 'NR > 1 && $1 == "31" {print $3}' "$DATA" | sort -u | wc -l)
P31_COMMUNES=$(awk -F, 'NR > 1 && $1 == "31"' "$DATA" | wc -l)
ALL_PROVINCES=$(awk -F, 'NR > 1 {print $1}' "$DATA" | sort -u | wc -l)
ALL_DISTRICTS=$(awk -F, 'NR > 1 {print $3}' "$DATA" | sort -u | wc -l)
ALL_COMMUNES=$(($(wc -l <"$DATA") - 1))
[ "$P31_DISTRICTS" -gt 0 ] && [ "$P31_COMMUNES" -gt "$P31_DISTRICTS" ] || fail "awk counts"

# "  xã/phường:  167 mới, 0 thay đổi, 0 không đổi" -> "167 0 0" for the line labelled $1.
counts() { grep "^  $1" "$TMP/out" | grep -o '[0-9]\+' | head -3 | tr '\n' ' ' | sed 's/ $//'; }

status() {
	local method=$1 path=$2; shift 2
	curl -sS -o "$TMP/body" -D "$TMP/h" -w '%{http_code}' -X "$method" "$@" "$BASE$path"
}
expect_http() {
	local want=$1 label=$2; shift 2
	local got; got=$(status "$@")
	[ "$got" = "$want" ] || fail "$label: HTTP $got, expected $want: $(cat "$TMP/body")"
}
jq_ok() { jq -e "$1" "$TMP/body" >/dev/null || fail "$2: $(cat "$TMP/body")"; }
# The office tree as "CODE CODE ..." on a date, from the CLI's JSON.
tree() { "$TINDUNG" office list --db "$1" --date "$2" --json | jq -r '[.items[].code]|join(" ")'; }

check_import() {
	local label=$1 db=$2
	expect_status 0 "$TINDUNG" import admin-units "$DATA" --db "$db" --province 31 --offices \
		--date 2025-03-01
	[ "$(counts 'tỉnh')" = "1 0 0" ] || fail "$label provinces: $(cat "$TMP/out")"
	[ "$(counts 'quận')" = "$P31_DISTRICTS 0 0" ] || fail "$label districts: $(cat "$TMP/out")"
	[ "$(counts 'xã')" = "$P31_COMMUNES 0 0" ] || fail "$label communes: $(cat "$TMP/out")"
	grep -q "1 chi nhánh, $P31_DISTRICTS phòng giao dịch mới tạo" "$TMP/out" \
		|| fail "$label offices: $(cat "$TMP/out")"
	ok "$label import of province 31: 1 province, $P31_DISTRICTS districts, $P31_COMMUNES communes"

	expect_status 0 "$TINDUNG" import admin-units "$DATA" --db "$db" --province 31 --offices \
		--date 2025-03-01
	[ "$(counts 'xã')" = "0 0 $P31_COMMUNES" ] || fail "$label second import: $(cat "$TMP/out")"
	grep -q "Không có gì thay đổi" "$TMP/out" || fail "$label says nothing changed"
	ok "$label importing twice changes nothing and says so"

	# A wrong header: one line naming the column, exit 2, nothing loaded.
	sed '1s/commune_name/ten_xa/' "$DATA" >"$TMP/bad.csv"
	expect_status 2 "$TINDUNG" import admin-units "$TMP/bad.csv" --db "$db" --province 01
	one_line_error "missing column commune_name; unexpected column 'ten_xa'"
	expect_status 2 "$TINDUNG" import admin-units "$DATA" --db "$db" --province 99
	one_line_error "province 99 is not in"
	expect_status 2 "$TINDUNG" import admin-units "$TMP/none.csv" --db "$db"
	one_line_error "cannot open"
	[ "$(tree "$db" 2025-03-01 | wc -w)" -eq $((P31_DISTRICTS + 2)) ] || fail "$label tree size"
	ok "$label bad header, unknown province, missing file: exit 2, nothing loaded"
}

check_cli() {
	local label=$1 db=$2
	# Staff and a point of PGD314 (Kiến Thuỵ), on the business date.
	expect_status 0 "$TINDUNG" staff add --db "$db" --office PGD314 --name "Nguyễn Văn An" \
		--role credit_officer --phone 0912345678 --commune 11695 --date 2025-03-01
	local officer; officer=$(grep -o '#[0-9]*' "$TMP/out" | tr -d '#')
	expect_status 0 "$TINDUNG" staff add --db "$db" --office PGD314 --name "Lê Thị Bình" \
		--role teller --date 2025-03-01
	local teller; teller=$(grep -o '#[0-9]*' "$TMP/out" | tr -d '#')
	expect_status 2 "$TINDUNG" staff add --db "$db" --office PGD314 --name "X" --role teller \
		--commune 11695 --date 2025-03-01
	one_line_error "only a credit officer covers communes"
	expect_status 0 "$TINDUNG" point add --db "$db" --code DGD-11695 --office PGD314 \
		--name "Điểm giao dịch xã Đông Phương" --place "Trụ sở UBND xã Đông Phương" --day 17 \
		--commune 11695 --leader "$officer" --teller "$teller" --date 2025-03-01
	expect_status 2 "$TINDUNG" point add --db "$db" --code DGD-2 --office PGD314 --name X \
		--place Y --day 31 --commune 11698 --date 2025-03-01
	one_line_error "meeting day 31 must be from 1 to 28"
	expect_status 2 "$TINDUNG" point add --db "$db" --code DGD-3 --office PGD314 --name X \
		--place Y --day 5 --commune 11698 --leader "$teller" --date 2025-03-01
	one_line_error "the leader must be a credit officer"
	expect_status 0 "$TINDUNG" point list --db "$db" --commune 11695 --date 2025-03-01 --json
	jq -e ".total == 1 and .items[0].team.leader == $officer" "$TMP/out" >/dev/null \
		|| fail "$label point list: $(cat "$TMP/out")"
	expect_status 0 "$TINDUNG" staff list --db "$db" --office PGD314 --date 2025-03-01
	grep -q "2 / 2 nhân viên" "$TMP/out" || fail "$label staff list: $(cat "$TMP/out")"
	ok "$label staff and points on the command line, with their rejections"

	# The reform: CN31 merges into a new branch CN99 on 2025-07-01 (R-ORG-1).
	expect_status 0 "$TINDUNG" office add --db "$db" --code CN99 --kind branch \
		--name "Chi nhánh NHCSXH hợp nhất" --parent HSC --date 2025-07-01
	expect_status 2 "$TINDUNG" office merge --db "$db" CN31 --into CN99
	one_line_error "--date"
	expect_status 0 "$TINDUNG" office merge --db "$db" CN31 --into CN99 --date 2025-07-01
	local before after
	before=$(tree "$db" 2025-06-30 | cut -d' ' -f1-3)
	after=$(tree "$db" 2025-07-01 | cut -d' ' -f1-3)
	[ "$before" = "HSC CN31 PGD303" ] || fail "$label tree before: $before"
	[ "$after" = "HSC CN99 PGD303" ] || fail "$label tree after: $after"
	expect_status 0 "$TINDUNG" office rename --db "$db" PGD314 --name "PGD huyện Kiến Thụy" \
		--date 2025-08-01
	"$TINDUNG" office list --db "$db" --date 2025-07-31 | grep -q "PGD314 *Phòng giao dịch NHCSXH huyện Kiến Thuỵ" \
		|| fail "$label name before rename"
	"$TINDUNG" office list --db "$db" --date 2025-08-01 | grep -q "PGD314 *PGD huyện Kiến Thụy" \
		|| fail "$label name after rename"
	ok "$label merger and rename on dates: the tree of each date"
}

check_api() {
	local label=$1 db=$2
	printf 'mật-khẩu-quản-trị\n' >"$TMP/pw"
	expect_status 0 "$TINDUNG" user add --db "$db" --username admin --full-name "Quản trị" \
		--role admin --office HSC --password-file "$TMP/pw"
	expect_status 0 "$TINDUNG" user add --db "$db" --username pgd303 --full-name "Giám đốc" \
		--role director --office PGD303 --password-file "$TMP/pw"
	start_server "$db"
	local token t303
	expect_http 200 "$label login" POST /api/v1/login -c "$TMP/jar" \
		--data '{"username":"admin","password":"mật-khẩu-quản-trị"}'
	token=$(awk '$6 == "td_session" {print $7}' "$TMP/jar")
	expect_http 200 "$label login 303" POST /api/v1/login -c "$TMP/jar303" \
		--data '{"username":"pgd303","password":"mật-khẩu-quản-trị"}'
	t303=$(awk '$6 == "td_session" {print $7}' "$TMP/jar303")
	local A=(-H "Authorization: Bearer $token") B=(-H "Authorization: Bearer $t303")

	expect_http 401 "$label anonymous" GET /api/v1/offices
	expect_http 200 "$label tree before" GET '/api/v1/offices?date=2025-06-30&limit=3' "${A[@]}"
	jq_ok '.total == '$((P31_DISTRICTS + 2))' and ([.items[].code]|join(" ")) == "HSC CN31 PGD303"
	       and .items[1].depth == 1 and .limit == 3' "$label tree before"
	local cn31; cn31=$(jq -r '.items[1].id' "$TMP/body")
	expect_http 200 "$label old office resolves" GET "/api/v1/offices/$cn31?date=2025-05-01" "${A[@]}"
	jq_ok '.code == "CN31" and .name == "Chi nhánh NHCSXH thành phố Hải Phòng"' "$label get"
	expect_http 404 "$label merged office on a later date" GET "/api/v1/offices/$cn31?date=2025-07-01" "${A[@]}"
	jq_ok '.detail|contains("merged into office")' "$label 404 detail"
	expect_http 200 "$label districts of 31" GET \
		'/api/v1/admin-units?level=district&parent=31&date=2025-03-01' "${A[@]}"
	jq_ok ".total == $P31_DISTRICTS" "$label admin-units"
	expect_http 400 "$label bad level" GET '/api/v1/admin-units?level=ward' "${A[@]}"
	jq_ok '.code == "invalid"' "$label bad level body"

	local pgd303; pgd303=$(jq -r '.items[2].id' <<<"$(curl -sS "${A[@]}" "$BASE/api/v1/offices?date=2025-06-30&limit=3")")
	expect_http 201 "$label staff create" POST /api/v1/staff "${A[@]}" --data \
		'{"office_id":'"$pgd303"',"full_name":"Trần Văn Cường","role":"credit_officer","communes":["11296"],"valid_from":"2025-03-01"}'
	local sid; sid=$(jq -r .id "$TMP/body")
	jq_ok '.communes == ["11296"] and .role == "credit_officer"' "$label staff body"
	expect_http 200 "$label staff update" PUT "/api/v1/staff/$sid" "${A[@]}" --data \
		'{"phone":"0987654321","communes":["11299"],"date":"2025-04-01"}'
	jq_ok '.communes == ["11299"] and .phone == "0987654321"' "$label staff update body"
	expect_http 200 "$label staff as of before" GET "/api/v1/staff/$sid?date=2025-03-15" "${A[@]}"
	jq_ok '.communes == ["11296"]' "$label staff history"
	expect_http 400 "$label staff bad body" POST /api/v1/staff "${A[@]}" --data '{"office_id": }'
	jq_ok '.detail|contains("line 1")' "$label JSON position"
	expect_http 400 "$label staff unknown field" POST /api/v1/staff "${A[@]}" --data \
		'{"office_id":'"$pgd303"',"full_name":"X","role":"teller","salary":1}'
	jq_ok '.detail|contains("salary")' "$label unknown field"
	expect_http 201 "$label point create" POST /api/v1/points "${A[@]}" --data \
		'{"code":"DGD-11296","office_id":'"$pgd303"',"name":"Điểm Quán Toan","place":"UBND phường","meeting_day":10,"communes":["11296"],"team":{"leader":'"$sid"'},"valid_from":"2025-03-01"}'
	local pid; pid=$(jq -r .id "$TMP/body")
	jq_ok '.team.leader == '"$sid"' and .communes[0].code == "11296"' "$label point body"
	expect_http 422 "$label point rule" PUT "/api/v1/points/$pid" "${A[@]}" --data \
		'{"team":{"teller":'"$sid"'},"date":"2025-04-01"}'
	expect_http 400 "$label point day" PUT "/api/v1/points/$pid" "${A[@]}" --data \
		'{"meeting_day":30,"date":"2025-04-01"}'
	jq_ok '.detail|contains("meeting day 30")' "$label point day body"
	expect_http 201 "$label village" POST /api/v1/villages "${A[@]}" --data \
		'{"commune_code":"11296","name":"Tổ dân phố số 1","valid_from":"2025-03-01"}'
	expect_http 200 "$label villages" GET '/api/v1/villages?commune=11296&date=2025-03-01' "${A[@]}"
	jq_ok '.total == 1 and .items[0].name == "Tổ dân phố số 1"' "$label villages body"
	ok "$label offices, admin units, staff, points and villages over JSON"

	# R-ORG-4: the director of PGD303 sees its subtree only, and cannot write outside it.
	local pgd314; pgd314=$(curl -sS "${A[@]}" "$BASE/api/v1/offices?kind=district&limit=500&date=2025-03-01" |
		jq -r '.items[]|select(.code == "PGD314")|.id')
	expect_http 200 "$label 303 tree" GET '/api/v1/offices?date=2025-03-01' "${B[@]}"
	jq_ok '.total == 1 and .items[0].code == "PGD303"' "$label 303 tree body"
	expect_http 403 "$label 303 writes 314" POST /api/v1/staff "${B[@]}" --data \
		'{"office_id":'"$pgd314"',"full_name":"X","role":"teller","valid_from":"2025-03-01"}'
	expect_http 403 "$label 303 renames 314" PUT "/api/v1/offices/$pgd314" "${B[@]}" --data \
		'{"name":"X"}'
	expect_http 403 "$label 303 merges" POST "/api/v1/offices/$pgd303/merge" "${B[@]}" --data \
		'{"sources":['"$pgd314"'],"date":"2025-09-01"}'
	expect_http 200 "$label 303 staff" GET '/api/v1/staff?date=2025-03-15' "${B[@]}"
	jq_ok '.total == 1' "$label 303 staff body"
	expect_http 201 "$label 303 writes its own" POST /api/v1/staff "${B[@]}" --data \
		'{"office_id":'"$pgd303"',"full_name":"Phạm Thị Dung","role":"teller","valid_from":"2025-03-01"}'
	ok "$label scope: another district office is 403 and unchanged"
	stop_server
	expect_status 0 "$TINDUNG" audit verify --db "$db"
}

check_country() {
	local label=$1 db=$2
	local start end
	start=$(date +%s%N)
	expect_status 0 "$TINDUNG" import admin-units "$DATA" --db "$db" --offices --date 2025-03-01
	end=$(date +%s%N)
	[ "$(counts 'tỉnh')" = "$ALL_PROVINCES 0 0" ] || fail "$label provinces: $(cat "$TMP/out")"
	[ "$(counts 'quận')" = "$ALL_DISTRICTS 0 0" ] || fail "$label districts: $(cat "$TMP/out")"
	[ "$(counts 'xã')" = "$ALL_COMMUNES 0 0" ] || fail "$label communes: $(cat "$TMP/out")"
	local ms=$(((end - start) / 1000000))
	[ "$ms" -lt 5000 ] || fail "$label whole country took $ms ms"
	ok "$label whole country: $ALL_COMMUNES communes and $((ALL_PROVINCES + ALL_DISTRICTS)) offices in $ms ms"
}

"$TINDUNG" init --db "$TMP/t.db" >/dev/null
check_import sqlite "$TMP/t.db"
check_cli sqlite "$TMP/t.db"
check_api sqlite "$TMP/t.db"
"$TINDUNG" init --db "$TMP/all.db" >/dev/null
check_country sqlite "$TMP/all.db"

PG=$(pg_new_db)
"$TINDUNG" init --db "$PG" >/dev/null
check_import postgres "$PG"
check_cli postgres "$PG"
check_api postgres "$PG"
PG2=$(pg_new_db)
"$TINDUNG" init --db "$PG2" >/dev/null
check_country postgres "$PG2"
