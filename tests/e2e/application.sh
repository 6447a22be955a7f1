#!/usr/bin/env bash
# Programmes and loan applications through approval on both stores (issue 5, R-PRG-1,
# R-RATE-1, R-PRG-2, R-APP-1..4): the command line, then the JSON API with sessions and
# scope. The network, the group and the poverty list are written with SQL below: their
# own commands belong to other parts of the program.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

# Province 31 > district 318 > commune 12001; HSC > BR31 (2) > PGD318 (3), PGD319 (4).
# Village 1 in 12001, point 1 of PGD318, credit officer staff 1. Households 1-6 in village
# 1; 1-5 form group TK01 of the women's chapter 1 (household 1 leads); 1-4 are poor and 5
# near-poor on the 2024 list; 6 is in no group.
fixture_sql() {
	cat <<'SQL'
INSERT INTO admin_unit (level, code, valid_from, name, unit_type, parent_code) VALUES
 ('province', '31', '2000-01-01', 'Hải Phòng', 'Thành phố', NULL),
 ('district', '318', '2000-01-01', 'Kiến Thụy', 'Huyện', '31'),
 ('commune', '12001', '2000-01-01', 'Xã Đại Đồng', 'Xã', '318');
INSERT INTO office (id, code, kind) VALUES (2, 'BR31', 'branch'), (3, 'PGD318', 'district'),
 (4, 'PGD319', 'district');
INSERT INTO office_version (office_id, name, parent_id, valid_from) VALUES
 (2, 'Chi nhánh Hải Phòng', 1, '2010-01-01'), (3, 'PGD Kiến Thụy', 2, '2010-01-01'),
 (4, 'PGD Tiên Lãng', 2, '2010-01-01');
INSERT INTO village (id, commune_code, name, valid_from) VALUES
 (1, '12001', 'Thôn Đông', '2000-01-01');
INSERT INTO village_commune (village_id, commune_code, valid_from) SELECT id, commune_code, valid_from FROM village;
INSERT INTO commune_point (id, code, office_id, name, meeting_day, valid_from) VALUES
 (1, 'DGD-12001', 3, 'Điểm giao dịch Đại Đồng', 17, '2010-01-01');
INSERT INTO commune_point_commune (point_id, commune_code, valid_from) VALUES
 (1, '12001', '2010-01-01');
INSERT INTO staff (id, office_id, full_name, role, valid_from) VALUES
 (1, 3, 'Trần Văn Tín', 'credit_officer', '2010-01-01');
INSERT INTO org_chapter (id, org, level, admin_code, office_id, name, valid_from) VALUES
 (1, 'women', 'commune', '12001', 3, 'Hội LHPN xã Đại Đồng', '2015-01-01');
INSERT INTO savings_group (id, code, name, village_id, chapter_id, point_id, officer_staff_id,
 office_id, decision_no, decision_date, founded_on) VALUES
 (1, 'TK01', 'Tổ Thôn Đông', 1, 1, 1, 1, 3, '12/QĐ-UBND', '2024-01-05', '2024-01-10');
INSERT INTO group_version (group_id, chapter_id, point_id, officer_staff_id, office_id, reason,
 valid_from) VALUES (1, 1, 1, 1, 3, 'founded', '2024-01-10');
INSERT INTO poverty_import (id, commune_code, year, office_id, file_name, sha256, rows_read,
 new_households, unchanged, status_changed, left_list, rejected, business_date, user_id,
 username) VALUES (1, '12001', 2024, 3, 'ds_2024.csv', 'x', 5, 5, 0, 0, 0, 0, '2024-01-01', 0,
 'system');
SQL
	for i in $(seq 1 6); do
		printf "INSERT INTO household (id, cccd, head_name, name_folded, sex, "
		printf "birth_year, ethnicity, village_id, commune_code, office_id, members, "
		printf "created_on, updated_on) VALUES (%d, '0311800%05d', " "$i" "$i"
		printf "'Nguyễn Văn %d', " "$i"
		printf "'nguyen van %d', 'male', 1980, 'Kinh', 1, '12001', 3, 4, " "$i"
		printf "'2024-01-01', '2024-01-01');\n"
	done
	for i in $(seq 1 5); do
		local role=member status=poor
		[ "$i" -eq 1 ] && role=leader
		[ "$i" -eq 5 ] && status=near_poor
		printf "INSERT INTO group_member (group_id, household_id, role, joined_on) VALUES "
		printf "(1, %d, '%s', '2024-01-10');\n" "$i" "$role"
		printf "INSERT INTO poverty_status (household_id, year, status, commune_code, "
		printf "import_id, recorded_on) VALUES (%d, 2024, '%s', '12001', 1, " "$i" "$status"
		printf "'2024-01-01');\n"
	done
}

status() {
	local method=$1 path=$2; shift 2
	curl -sS -o "$TMP/body" -w '%{http_code}' -X "$method" "$@" "$BASE$path"
}

expect_http() {
	local want=$1 label=$2; shift 2
	local got; got=$(status "$@")
	[ "$got" = "$want" ] || fail "$label: HTTP $got, expected $want: $(cat "$TMP/body")"
}

jq_ok() { jq -e "$1" "$TMP/body" >/dev/null || fail "$2: $(cat "$TMP/body")"; }
jq_out() { jq -e "$1" "$TMP/out" >/dev/null || fail "$2: $(cat "$TMP/out")"; }

add_users() {
	local db=$1
	printf 'mật-khẩu-kiểm-thử\n' >"$TMP/pw"
	local u
	for u in "hoi union_officer PGD318 --chapter 1" "cbtd credit_officer PGD318" \
		"gd1 director PGD318" "gdtwo director PGD318" "gd319 director PGD319"; do
		# shellcheck disable=SC2086 # the extra options are meant to split
		set -- $u
		local name=$1 role=$2 office=$3; shift 3
		expect_status 0 "$TINDUNG" user add --db "$db" --username "$name" \
			--full-name "Người dùng $name" --role "$role" --office "$office" \
			--password-file "$TMP/pw" "$@"
	done
}

check_cli() {
	local label=$1 db=$2
	local T=("$TINDUNG") D=(--db "$db")
	expect_status 0 "${T[@]}" programme list "${D[@]}"
	grep -q "Cho vay hộ nghèo" "$TMP/out" || fail "$label programme list: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" programme list "${D[@]}" --json
	jq_out '(.items | length) == 13 and .items[0].code == "1" and
		.items[0].rate_today == "6.6"' "$label programmes seeded once"
	expect_status 0 "${T[@]}" programme rate 1 "${D[@]}" --from 2024-06-10 --rate 7
	expect_status 2 "${T[@]}" programme rate 1 "${D[@]}" --from 2024-05-01 --rate 6
	one_line_error "after the latest one (2024-06-10)"
	expect_status 2 "${T[@]}" programme rate 1 "${D[@]}" --user gd1 --from 2025-01-01 --rate 6
	one_line_error "programme_write"
	expect_status 0 "${T[@]}" programme tag 1 "${D[@]}" --ntp poverty_reduction \
		--resolution-11 yes
	expect_status 0 "${T[@]}" programme show 1 "${D[@]}" --json
	jq_out '(.rates | length) == 2 and .ntp_tag == "poverty_reduction" and .resolution_11' \
		"$label programme 1 after edits"
	ok "$label programmes: seeded, rate row from a date, history kept, tags, admin only"

	local add=(application add "${D[@]}" --programme 1 --amount 50.000.000
		   --term 36 --purpose "Mua bò giống" --plan "Chăn nuôi bò sinh sản")
	expect_status 0 "${T[@]}" "${add[@]}" --user hoi --household 1 --date 2024-06-03
	grep -q "số 1 (01/TD)" "$TMP/out" || fail "$label add: $(cat "$TMP/out")"
	expect_status 2 "${T[@]}" "${add[@]}" --user hoi --household 5 --date 2024-06-03 \
		--term 200
	one_line_error "status_not_eligible, term_over_max"
	expect_status 2 "${T[@]}" "${add[@]}" --user hoi --household 6 --date 2024-06-03
	one_line_error "outside its chapter"
	expect_status 2 "${T[@]}" "${add[@]}" --user cbtd --household 6 --date 2024-06-03
	one_line_error "no savings group"
	expect_status 0 "${T[@]}" "${add[@]}" --user hoi --household 2 --date 2024-06-12
	ok "$label applications filed; every failed rule named; chapter scope"

	local A=(application)
	expect_status 2 "${T[@]}" "${A[@]}" confirm 1 "${D[@]}" --user cbtd --date 2024-06-05
	one_line_error "at step 'applied'"
	local V=(vote 1 "${D[@]}" --user hoi --date 2024-06-05 --minutes 05/BB --list 03/TD-07
		 --org-rep "Nguyễn Thị Hội" --village-head "Trần Văn Thôn")
	# R-APP-2: 12 for and 1 against in a group of 5 households, whatever the minutes say
	expect_status 2 "${T[@]}" "${A[@]}" "${V[@]}" --present 13 --for 12 --against 1
	one_line_error "13 thành viên dự họp nhưng tổ chỉ có 5 hộ thành viên"
	expect_status 2 "${T[@]}" "${A[@]}" "${V[@]}" --present 5 --for 12 --against 1
	one_line_error "13 phiếu (12 đồng ý, 1 không đồng ý, 0 không biểu quyết) nhiều hơn 5"
	expect_status 2 "${T[@]}" "${A[@]}" "${V[@]}" --for 4 --against 1
	one_line_error "--present"
	expect_status 0 "${T[@]}" "${A[@]}" "${V[@]}" --present 5 --for 3 --against 1 --abstain 1
	grep -q "5 thành viên dự họp: 3 đồng ý, 1 không đồng ý, 1 không biểu quyết" "$TMP/out" \
		|| fail "$label vote: $(cat "$TMP/out")"
	# R-APP-3: the commune People's Committee's document, not the bank user's word
	expect_status 2 "${T[@]}" "${A[@]}" confirm 1 "${D[@]}" --user cbtd --date 2024-06-07
	one_line_error "doc_no (số văn bản xác nhận của UBND xã) is required"
	expect_status 0 "${T[@]}" "${A[@]}" confirm 1 "${D[@]}" --user cbtd --date 07/06/2024 \
		--doc 45/UBND-XN --signer "Lê Văn Chủ" --signer-title "Chủ tịch UBND xã"
	grep -q "văn bản số 45/UBND-XN ngày 07/06/2024, Chủ tịch UBND xã Lê Văn Chủ ký" \
		"$TMP/out" || fail "$label confirm: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" "${A[@]}" check 1 "${D[@]}" --user cbtd --date 2024-06-13
	grep -q "chậm" "$TMP/out" || fail "$label late check not flagged: $(cat "$TMP/out")"
	expect_status 2 "${T[@]}" "${A[@]}" decide 1 "${D[@]}" --user cbtd --date 2024-06-14 \
		--approve
	one_line_error "director"
	expect_status 2 "${T[@]}" "${A[@]}" decide 1 "${D[@]}" --user gd1 --date 2024-06-14 --reject
	one_line_error "needs a reason"
	expect_status 0 "${T[@]}" "${A[@]}" decide 1 "${D[@]}" --user gd1 --date 2024-06-14 \
		--approve
	expect_status 0 "${T[@]}" "${A[@]}" show 1 "${D[@]}" --json
	jq_out '.step == "approved" and .rate_pct == "6.6" and .check.late and
		.vote.group_members == 5 and .vote.members_present == 5 and
		.vote.votes_abstain == 1 and .confirmation.doc_no == "45/UBND-XN" and
		.confirmation.signatory == "Lê Văn Chủ" and .confirmation.recorded_by == "cbtd"' \
		"$label show 1 (03/TD, 10C/TD, the commune's document)"
	expect_status 0 "${T[@]}" "${A[@]}" show 1 "${D[@]}"
	grep -q 'lãi suất 6,6 %/năm' "$TMP/out" && grep -q 'chậm quá 3 ngày làm việc' "$TMP/out" \
		|| fail "$label show 1 text: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" "${A[@]}" show 2 "${D[@]}" --json
	jq_out '.rate_pct == "7" and .step == "applied"' "$label rate from its date (R-RATE-1)"
	expect_status 0 "${T[@]}" "${A[@]}" notice "${D[@]}" --commune 12001 --date 2024-06-14
	grep -q "04/TD" "$TMP/out" || fail "$label notice: $(cat "$TMP/out")"
	grep -q "Duyệt 1 hồ sơ, 50.000.000 đồng" "$TMP/out" \
		|| fail "$label notice totals: $(cat "$TMP/out")"
	expect_status 0 "${T[@]}" "${A[@]}" list "${D[@]}" --user hoi --json
	jq_out '.total == 2' "$label list as the union officer"
	expect_status 0 "${T[@]}" "${A[@]}" list "${D[@]}" --user gd319 --json
	jq_out '.total == 0' "$label list as another office"
	ok "$label steps in order, late check, maker-checker roles, 04/TD notice"
}

check_api() {
	local label=$1 db=$2
	start_server "$db"
	local -A token
	local u
	for u in hoi cbtd gd1 gdtwo gd319; do
		expect_http 200 "$label login $u" POST /api/v1/login -c "$TMP/jar.$u" \
			--data "{\"username\":\"$u\",\"password\":\"mật-khẩu-kiểm-thử\"}"
		token[$u]=$(awk '$6 == "td_session" {print $7}' "$TMP/jar.$u")
	done
	auth() { echo "Authorization: Bearer ${token[$1]}"; }

	expect_http 200 "$label programmes" GET /api/v1/programmes -H "$(auth hoi)"
	jq_ok '(.items | length) == 13' "$label programmes"
	expect_http 403 "$label programme edit by a director" PUT /api/v1/programmes/19 \
		-H "$(auth gd1)" --data '{"ntp_tag":"new_rural"}'
	expect_http 404 "$label unknown programme" GET /api/v1/programmes/77 -H "$(auth hoi)"

	local body='{"household_id":3,"programme":"1","amount":30000000,"term_months":24,
		"purpose":"Nuôi lợn","plan":"Nuôi 5 con lợn thịt","applied_on":"2024-06-17"}'
	expect_http 201 "$label create" POST /api/v1/applications -H "$(auth hoi)" --data "$body"
	jq_ok '.step == "applied" and .eligibility.eligible and .rate_pct == "7"' "$label create"
	local id; id=$(jq -r .id "$TMP/body")
	expect_http 403 "$label create in another office" POST /api/v1/applications \
		-H "$(auth gd319)" --data "$body"
	expect_http 422 "$label over the cap" POST /api/v1/applications -H "$(auth hoi)" \
		--data "${body/30000000/150000000}"
	jq_ok '.detail | contains("borrower_over_cap")' "$label over the cap"
	local vote='{"date":"2024-06-18","minutes_no":"06/BB","list_no":"03/TD-08",
		"org_rep":"Nguyễn Thị Hội","village_head":"Trần Văn Thôn","members_present":10,
		"votes_for":10,"votes_against":0}'
	expect_http 422 "$label vote of 10 in a group of 5" POST "/api/v1/applications/$id/vote" \
		-H "$(auth hoi)" --data "$vote"
	jq_ok '.detail | contains("tổ chỉ có 5 hộ thành viên")' "$label vote of 10"
	vote=${vote/\"members_present\":10/\"members_present\":5}
	vote=${vote/\"votes_for\":10/\"votes_for\":5}
	expect_http 200 "$label vote" POST "/api/v1/applications/$id/vote" -H "$(auth hoi)" \
		--data "$vote"
	jq_ok '.vote.members_present == 5 and .vote.votes_abstain == 0' "$label vote"
	expect_http 409 "$label vote twice" POST "/api/v1/applications/$id/vote" -H "$(auth hoi)" \
		--data "$vote"
	expect_http 400 "$label confirm without the commune's document" \
		POST "/api/v1/applications/$id/confirm" -H "$(auth cbtd)" --data '{"date":"2024-06-19"}'
	jq_ok '.detail | contains("signatory_title")' "$label confirm without document"
	expect_http 200 "$label confirm" POST "/api/v1/applications/$id/confirm" \
		-H "$(auth cbtd)" --data '{"date":"2024-06-19","doc_no":"46/UBND-XN",
		"signatory":"Lê Văn Chủ","signatory_title":"Chủ tịch UBND xã"}'
	jq_ok '.confirmation.doc_no == "46/UBND-XN" and .confirmation.recorded_by == "cbtd"' \
		"$label confirm"
	expect_http 200 "$label check" POST "/api/v1/applications/$id/check" -H "$(auth cbtd)" \
		--data '{"date":"2024-06-20"}'
	jq_ok '.check.late == false' "$label check on time"
	expect_http 400 "$label reject without reason" POST "/api/v1/applications/$id/decide" \
		-H "$(auth gd1)" --data '{"date":"2024-06-21","decision":"reject"}'
	expect_http 403 "$label decided by another office" POST "/api/v1/applications/$id/decide" \
		-H "$(auth gd319)" --data '{"date":"2024-06-21","decision":"approve"}'
	expect_http 200 "$label reject" POST "/api/v1/applications/$id/decide" -H "$(auth gdtwo)" \
		--data '{"date":"2024-06-21","decision":"reject","reason":"Phương án chưa khả thi"}'
	jq_ok '.step == "rejected" and .decision.reason == "Phương án chưa khả thi"' "$label reject"
	expect_http 200 "$label notice" GET '/api/v1/notices/04td?commune=12001&date=2024-06-21' \
		-H "$(auth gd1)"
	jq_ok '.rejected == 1 and .approved == 0 and .items[0].reason != null' "$label notice"
	expect_http 200 "$label get" GET "/api/v1/applications/$id" -H "$(auth hoi)"
	expect_http 403 "$label get from another office" GET "/api/v1/applications/$id" \
		-H "$(auth gd319)"
	ok "$label API: create, steps, refusals, notice, scope"
	stop_server
	expect_status 0 "$TINDUNG" audit verify --db "$db"
	ok "$label audit chain intact"
}

db="$TMP/applications.db"
expect_status 0 "$TINDUNG" init --db "$db"
fixture_sql | sqlite3 "$db" || fail "sqlite fixture"
add_users "$db"
check_cli sqlite "$db"
check_api sqlite "$db"

pg=$(pg_new_db)
expect_status 0 "$TINDUNG" init --db "$pg"
fixture_sql | psql -q -v ON_ERROR_STOP=1 "$pg" >/dev/null || fail "postgres fixture"
add_users "$pg"
check_cli postgres "$pg"
check_api postgres "$pg"
echo "all application checks passed"
