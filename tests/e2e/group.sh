#!/usr/bin/env bash
# Chapters, entrustment contracts and savings-and-loan groups on both stores (issue 4,
# R-ORG-2, R-ORG-4): the command line, then the JSON API with sessions and scope.
# The network and the households are written with SQL below: their own commands belong to
# other parts of the program.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

# Province 31 > district 318 > communes 12001, 12002; HSC > BR31 (2) > PGD318 (3), PGD319 (4).
# Villages 1, 2 in 12001; point 1 of PGD318 serves 12001; credit officer 1, teller 2.
# Households 1-12 live in village 1, household 13 in village 2.
fixture_sql() {
	cat <<'SQL'
INSERT INTO admin_unit (level, code, valid_from, name, unit_type, parent_code) VALUES
 ('province', '31', '2000-01-01', 'Hải Phòng', 'Thành phố', NULL),
 ('district', '318', '2000-01-01', 'Kiến Thụy', 'Huyện', '31'),
 ('commune', '12001', '2000-01-01', 'Xã Đại Đồng', 'Xã', '318'),
 ('commune', '12002', '2000-01-01', 'Xã Tú Sơn', 'Xã', '318');
INSERT INTO office (id, code, kind) VALUES (2, 'BR31', 'branch'), (3, 'PGD318', 'district'),
 (4, 'PGD319', 'district');
INSERT INTO office_version (office_id, name, parent_id, valid_from) VALUES
 (2, 'Chi nhánh Hải Phòng', 1, '2010-01-01'), (3, 'PGD Kiến Thụy', 2, '2010-01-01'),
 (4, 'PGD Tiên Lãng', 2, '2010-01-01');
INSERT INTO village (id, commune_code, name, valid_from) VALUES
 (1, '12001', 'Thôn Đông', '2000-01-01'), (2, '12001', 'Thôn Tây', '2000-01-01');
INSERT INTO village_commune (village_id, commune_code, valid_from) SELECT id, commune_code, valid_from FROM village;
INSERT INTO commune_point (id, code, office_id, name, meeting_day, valid_from) VALUES
 (1, 'DGD-12001', 3, 'Điểm giao dịch Đại Đồng', 17, '2010-01-01');
INSERT INTO commune_point_commune (point_id, commune_code, valid_from) VALUES
 (1, '12001', '2010-01-01');
INSERT INTO staff (id, office_id, full_name, role, valid_from) VALUES
 (1, 3, 'Trần Văn Tín', 'credit_officer', '2010-01-01'),
 (2, 3, 'Lê Thị Quỹ', 'teller', '2010-01-01');
SQL
	for i in $(seq 1 13); do
		local v=1; [ "$i" -eq 13 ] && v=2
		printf "INSERT INTO household (id, cccd, head_name, name_folded, sex, "
		printf "birth_year, ethnicity, village_id, commune_code, office_id, members, "
		printf "created_on, updated_on) VALUES (%d, '0311800%05d', 'Nguyễn Văn %d', " "$i" "$i" "$i"
		printf "'nguyen van %d', 'male', 1980, " "$i"
		printf "'Kinh', %d, '12001', 3, 4, '2024-01-01', '2024-01-01');\n" "$v"
	done
}

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

# jq_ok FILTER LABEL: the last body satisfies FILTER.
jq_ok() { jq -e "$1" "$TMP/body" >/dev/null || fail "$2: $(cat "$TMP/body")"; }

check_cli() {
	local label=$1 db=$2
	local T=("$TINDUNG")
	expect_status 0 "${T[@]}" chapter add --db "$db" --org women --level province \
		--admin-code 31 --office BR31 --name "Hội LHPN thành phố Hải Phòng" \
		--from 2015-01-01
	expect_status 0 "${T[@]}" chapter add --db "$db" --org women --level district \
		--admin-code 318 --office PGD318 --parent 1 --name "Hội LHPN huyện Kiến Thụy" \
		--from 2015-01-01
	expect_status 0 "${T[@]}" chapter add --db "$db" --org women --level commune \
		--admin-code 12001 --office PGD318 --parent 2 --name "Hội LHPN xã Đại Đồng" \
		--from 01/01/2015
	expect_status 0 "${T[@]}" chapter add --db "$db" --org farmers --level commune \
		--admin-code 12001 --office PGD318 --name "Hội Nông dân xã Đại Đồng" \
		--from 2015-01-01
	grep -q "Hội Nông dân cấp commune 12001" "$TMP/out" || fail "$label chapter add output"
	expect_status 2 "${T[@]}" chapter add --db "$db" --org women --level commune \
		--admin-code 12002 --office PGD318 --parent 1 --name "Sai cấp" --from 2015-01-01
	one_line_error "must be at district level"
	expect_status 2 "${T[@]}" chapter add --db "$db" --org women --level commune \
		--admin-code 12001 --office PGD318 --parent 2 --name "Trùng" --from 2020-01-01
	one_line_error "one chapter per organisation per unit at a time"
	expect_status 2 "${T[@]}" chapter add --db "$db" --org students --level hamlet --from x
	one_line_error "--admin-code is required"
	expect_status 0 "${T[@]}" chapter list --db "$db" --level commune
	grep -q "2 / 2 chi hội" "$TMP/out" || fail "$label chapter list: $(cat "$TMP/out")"
	ok "$label chapters: add, refusals, list"

	expect_status 0 "${T[@]}" chapter contract-add --db "$db" --chapter 2 --office PGD318 \
		--number 05/HĐUT --signed 2020-01-02 --parties "PGD Kiến Thụy và Hội LHPN huyện"
	expect_status 2 "${T[@]}" chapter contract-add --db "$db" --chapter 3 --office PGD318 \
		--number 05/HĐUT --signed 2020-01-02 --parties "x"
	one_line_error "already used at office"
	expect_status 0 "${T[@]}" chapter contracts --db "$db" --json
	jq -e '.total == 1 and .items[0].number == "05/HĐUT"' "$TMP/out" >/dev/null \
		|| fail "$label contracts: $(cat "$TMP/out")"
	ok "$label entrustment contracts"

	local found=(--village 1 --chapter 3 --point 1 --officer 1 --decision-no 12/QĐ-UBND
		     --decision-date 2024-01-05 --founded 2024-01-10)
	expect_status 0 "${T[@]}" group add --db "$db" --code TK01 --name "Tổ Thôn Đông 1" \
		"${found[@]}" --members 1,2,3,4,5 --leader 1 --deputy 2
	expect_status 2 "${T[@]}" group add --db "$db" --code TK02 --name "Hai hộ" \
		"${found[@]}" --members 6,7 --leader 6
	one_line_error "3 to 60 member households; 2 given"
	expect_status 2 "${T[@]}" group add --db "$db" --code TK02 --name "Trùng hộ" \
		"${found[@]}" --members 5,6,7 --leader 6
	one_line_error "already a member of group TK01"
	expect_status 2 "${T[@]}" group add --db "$db" --code TK02 --name "Khác thôn" \
		"${found[@]}" --members 6,7,13 --leader 9
	one_line_error "a leader must be a member"
	grep -q "R-ORG-2: a group belongs to one village" "$TMP/err" || fail "$label village"
	ok "$label group founding and its refusals"

	expect_status 0 "${T[@]}" group member-add 1 --db "$db" --household 6 --on 2024-02-01
	expect_status 2 "${T[@]}" group member-add 1 --db "$db" --household 7 --role leader \
		--on 2024-02-01
	one_line_error "already has a leader"
	expect_status 0 "${T[@]}" group member-add 1 --db "$db" --household 7 --on 2024-02-01
	expect_status 0 "${T[@]}" group member-role 1 --db "$db" --household 6 --role leader \
		--on 2024-03-01
	expect_status 0 "${T[@]}" group member-leave 1 --db "$db" --household 1 --on 2024-03-02
	expect_status 0 "${T[@]}" group move 1 --db "$db" --chapter 4 --on 2024-06-01
	expect_status 0 "${T[@]}" group show 1 --db "$db" --as-of 2024-05-31 --json
	jq -e '.chapter_id == 3 and .members_count == 6 and .leader_household_id == 6' \
		"$TMP/out" >/dev/null || fail "$label as of 2024-05-31: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" group show 1 --db "$db" --as-of 2024-01-10 --json
	jq -e '.chapter_id == 3 and .members_count == 5 and .leader_household_id == 1' \
		"$TMP/out" >/dev/null || fail "$label as of founding: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" group show 1 --db "$db" --as-of 2024-06-01
	grep -q "Hội Nông dân xã Đại Đồng" "$TMP/out" || fail "$label show: $(cat "$TMP/out")"
	ok "$label members, roles, moves and history by date"

	expect_status 0 "${T[@]}" group split 1 --db "$db" --on 2024-07-01 --code TK01B \
		--name "Tổ tách" --decision-no 40/QĐ-UBND --decision-date 2024-06-20 \
		--members 3,4,5 --leader 3
	expect_status 2 "${T[@]}" group member-leave 1 --db "$db" --household 2 --on 2024-07-02
	one_line_error "may not drop below 3"
	expect_status 0 "${T[@]}" group merge 2 --db "$db" --into 1 --on 2024-08-01
	expect_status 0 "${T[@]}" group show 1 --db "$db" --as-of 2024-08-01 --json
	jq -e '.members_count == 6' "$TMP/out" >/dev/null || fail "$label merged: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" group show 2 --db "$db" --as-of 2024-07-15 --json
	jq -e '.members_count == 3 and .split_from == 1' "$TMP/out" >/dev/null \
		|| fail "$label split group: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" group list --db "$db" --status all --on 2024-08-01 --json
	jq -e '.total == 2' "$TMP/out" >/dev/null || fail "$label list: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" group history 1 --db "$db" --all
	grep -q "moved" "$TMP/out" || fail "$label history: $(cat "$TMP/out")"
	ok "$label split, merge, lists"
}

check_api() {
	local label=$1 db=$2 jar="$TMP/jar.$1"
	printf 'mật-khẩu-giám-đốc\n' >"$TMP/pw"
	expect_status 0 "$TINDUNG" user add --db "$db" --username gd318 --full-name "Giám đốc" \
		--role director --office PGD318 --password-file "$TMP/pw"
	expect_status 0 "$TINDUNG" user add --db "$db" --username hnd --full-name "Hội Nông dân" \
		--role union_officer --office PGD318 --chapter 4 --password-file "$TMP/pw"
	expect_status 0 "$TINDUNG" user add --db "$db" --username gd319 --full-name "Giám đốc 319" \
		--role director --office PGD319 --password-file "$TMP/pw"
	start_server "$db"
	expect_http 401 "$label anonymous groups" GET /api/v1/groups
	local -A token
	for u in gd318 hnd gd319; do
		expect_http 200 "$label login $u" POST /api/v1/login -c "$jar.$u" \
			--data "{\"username\":\"$u\",\"password\":\"mật-khẩu-giám-đốc\"}"
		token[$u]=$(awk '$6 == "td_session" {print $7}' "$jar.$u")
	done
	local A=(-H "Authorization: Bearer ${token[gd318]}")

	expect_http 200 "$label list" GET '/api/v1/groups?status=all' "${A[@]}"
	jq_ok '.total == 2 and .limit == 50 and .offset == 0' "$label list body"
	expect_http 200 "$label get as of" GET '/api/v1/groups/1?as_of=2024-05-31' "${A[@]}"
	jq_ok '.chapter_id == 3 and .as_of == "2024-05-31"' "$label get as of"
	expect_http 200 "$label members" GET '/api/v1/groups/1/members?as_of=2024-01-10' "${A[@]}"
	jq_ok '.total == 5 and .items[0].role == "leader"' "$label members"
	expect_http 200 "$label history" GET /api/v1/groups/1/history "${A[@]}"
	jq_ok '(.items|length) == 2 and .items[1].reason == "moved"' "$label history"
	ok "$label reads: list, as of, members, history"

	local g='{"code":"TK03","name":"Tổ Thôn Đông 3","village_id":1,"chapter_id":3,'
	g+='"point_id":1,"officer_staff_id":1,"decision_no":"50/QĐ-UBND",'
	g+='"decision_date":"2024-09-01","founded_on":"2024-09-10","members":[8,9],'
	g+='"leader_household_id":8}'
	expect_http 422 "$label 2 members" POST /api/v1/groups "${A[@]}" --data "$g"
	grep -qi '^content-type: application/problem+json' "$TMP/h" || fail "$label problem type"
	jq_ok '.code == "rule" and (.detail|contains("2 given"))' "$label 422 body"
	expect_http 400 "$label bad JSON" POST /api/v1/groups "${A[@]}" --data '{"code": }'
	jq_ok '.detail|contains("line 1")' "$label JSON position"
	expect_http 400 "$label bad fields" POST /api/v1/groups "${A[@]}" \
		--data '{"founded_on":"2024-13-01","members":"x","colour":1}'
	jq_ok '(.detail|contains("founded_on")) and (.detail|contains("members")) and
	       (.detail|contains("colour"))' "$label every bad field"
	expect_http 201 "$label create" POST /api/v1/groups "${A[@]}" --data "${g/\[8,9\]/[8,9,10]}"
	jq_ok '.code == "TK03" and .members_count == 3 and .leader_household_id == 8' "$label 201"
	local id; id=$(jq -r .id "$TMP/body")
	expect_http 201 "$label member add" POST "/api/v1/groups/$id/members" "${A[@]}" \
		--data '{"household_id":11,"joined_on":"2024-10-01"}'
	jq_ok '.members_count == 4' "$label member add body"
	expect_http 409 "$label household in another group" POST "/api/v1/groups/$id/members" \
		"${A[@]}" --data '{"household_id":2,"joined_on":"2024-10-02"}'
	jq_ok '.detail|contains("already a member of group TK01")' "$label 409 names group"
	expect_http 200 "$label leave" POST "/api/v1/groups/$id/members/11/leave" "${A[@]}" \
		--data '{"left_on":"2024-11-01"}'
	jq_ok '.members_count == 3' "$label leave body"
	expect_http 422 "$label leave below 3" POST "/api/v1/groups/$id/members/9/leave" \
		"${A[@]}" --data '{"left_on":"2024-11-02"}'
	expect_http 200 "$label put" PUT "/api/v1/groups/$id" "${A[@]}" \
		--data '{"name":"Tổ Thôn Đông ba"}'
	jq_ok '.name == "Tổ Thôn Đông ba" and .decision_no == "50/QĐ-UBND"' "$label put body"
	expect_http 200 "$label merge" POST "/api/v1/groups/1/merge" "${A[@]}" \
		--data "{\"from_group_id\":$id,\"on\":\"2024-12-01\"}"
	jq_ok '.members_count == 9' "$label merge body"
	ok "$label writes: create, members, put, merge, with problem+json refusals"

	expect_http 201 "$label chapter create" POST /api/v1/chapters "${A[@]}" \
		--data '{"org":"veterans","level":"commune","admin_code":"12001","office_id":3,
		         "name":"Hội CCB xã Đại Đồng","valid_from":"2016-01-01"}'
	jq_ok '.org_name == "Hội Cựu chiến binh"' "$label chapter body"
	local cid; cid=$(jq -r .id "$TMP/body")
	expect_http 200 "$label chapter put" PUT "/api/v1/chapters/$cid" "${A[@]}" \
		--data '{"valid_to":"2030-01-01"}'
	jq_ok '.valid_to == "2030-01-01" and .name == "Hội CCB xã Đại Đồng"' "$label chapter put"
	expect_http 400 "$label chapter immutable" PUT "/api/v1/chapters/$cid" "${A[@]}" \
		--data '{"org":"youth"}'
	expect_http 200 "$label chapters list" GET '/api/v1/chapters?level=commune' "${A[@]}"
	jq_ok '.total == 3' "$label chapters list"
	expect_http 201 "$label contract" POST /api/v1/contracts "${A[@]}" \
		--data "{\"chapter_id\":$cid,\"office_id\":3,\"number\":\"07/HĐUT\",
		         \"signed_on\":\"2016-02-01\",\"parties\":\"PGD và Hội CCB\"}"
	jq_ok '.valid_from == "2016-02-01"' "$label contract body"
	expect_http 200 "$label contracts list" GET "/api/v1/contracts?chapter_id=$cid" "${A[@]}"
	jq_ok '.total == 1' "$label contracts list"
	ok "$label chapters and contracts over HTTP"

	# R-ORG-4: the farmers' union officer sees its chapter's group only; another district's
	# director sees nothing of PGD318. Refusals change nothing.
	local U=(-H "Authorization: Bearer ${token[hnd]}")
	local O=(-H "Authorization: Bearer ${token[gd319]}")
	expect_http 200 "$label officer list" GET /api/v1/groups "${U[@]}"
	jq_ok '.total == 1 and .items[0].code == "TK01"' "$label officer list"
	expect_http 403 "$label officer other chapter" POST "/api/v1/groups/$id/members" "${U[@]}" \
		--data '{"household_id":12,"joined_on":"2025-01-01"}'
	jq_ok '.code == "forbidden"' "$label 403 body"
	expect_http 201 "$label officer own group" POST /api/v1/groups/1/members "${U[@]}" \
		--data '{"household_id":12,"joined_on":"2025-01-01"}'
	expect_http 403 "$label other office get" GET /api/v1/groups/1 "${O[@]}"
	expect_http 200 "$label other office list" GET /api/v1/groups "${O[@]}"
	jq_ok '.total == 0' "$label other office list"
	expect_http 403 "$label other office write" POST /api/v1/groups/1/close "${O[@]}" \
		--data '{"on":"2025-01-01"}'
	expect_http 200 "$label unchanged" GET /api/v1/groups/1 "${A[@]}"
	jq_ok '.closed_on == null and .members_count == 10' "$label nothing changed"
	ok "$label scope of union officers and other offices"
	stop_server
	expect_status 0 "$TINDUNG" audit verify --db "$db"
	ok "$label audit chain intact"
}

db="$TMP/groups.db"
expect_status 0 "$TINDUNG" init --db "$db"
fixture_sql | sqlite3 "$db" || fail "sqlite fixture"
check_cli sqlite "$db"
check_api sqlite "$db"

pg=$(pg_new_db)
expect_status 0 "$TINDUNG" init --db "$pg"
fixture_sql | psql -q -v ON_ERROR_STOP=1 "$pg" >/dev/null || fail "postgres fixture"
check_cli postgres "$pg"
check_api postgres "$pg"
echo "all group checks passed"
