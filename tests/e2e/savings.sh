#!/usr/bin/env bash
# Member savings end to end on both stores (issue 5, R-SAV-1, R-ORG-3, R-GL-3;
# docs/savings.md):
#  - CLI: the branch's deposit rate, an account opened, a deposit, a withdrawal, a deposit
#    under the minimum refused, `savings show`;
#  - HTTP: a deposit sent twice under one Idempotency-Key books one movement and answers
#    the same; the same key with another body is 409; a deposit under 5,000 đồng and a
#    withdrawal over the balance are 422 with the rule's message; the group leader takes a
#    deposit in its own group but may not pay out (403);
#  - `tindung check` exits 0 at the end: savings equal the ledger.
# The network, the group and its members are written with SQL below: their own commands
# belong to other parts of the program.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

# Province 31 > district 318 > commune 12001; HSC > BR31 (2) > PGD318 (3). Village 1,
# point 1 of PGD318, credit officer staff 1, the women's chapter 1. Households 1-5 form
# group TK01 (household 1 leads).
fixture_sql() {
	cat <<'SQL'
INSERT INTO admin_unit (level, code, valid_from, name, unit_type, parent_code) VALUES
 ('province', '31', '2000-01-01', 'Hải Phòng', 'Thành phố', NULL),
 ('district', '318', '2000-01-01', 'Kiến Thụy', 'Huyện', '31'),
 ('commune', '12001', '2000-01-01', 'Xã Đại Đồng', 'Xã', '318');
INSERT INTO office (id, code, kind) VALUES (2, 'BR31', 'branch'), (3, 'PGD318', 'district');
INSERT INTO office_version (office_id, name, parent_id, valid_from) VALUES
 (2, 'Chi nhánh Hải Phòng', 1, '2010-01-01'), (3, 'PGD Kiến Thụy', 2, '2010-01-01');
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
SQL
	for i in $(seq 1 5); do
		printf "INSERT INTO household (id, cccd, head_name, name_folded, sex, "
		printf "birth_year, ethnicity, village_id, commune_code, office_id, members, "
		printf "created_on, updated_on) VALUES (%d, '0311800%05d', " "$i" "$i"
		printf "'Nguyễn Văn %d', 'nguyen van %d', 'male', 1980, 'Kinh', 1, '12001', 3, 4, " \
			"$i" "$i"
		printf "'2024-01-01', '2024-01-01');\n"
		local role=member
		[ "$i" -eq 1 ] && role=leader
		printf "INSERT INTO group_member (group_id, household_id, role, joined_on) VALUES "
		printf "(1, %d, '%s', '2024-01-10');\n" "$i" "$role"
	done
}

jq_ok() { jq -e "$1" "$TMP/body" >/dev/null || fail "$2: $(cat "$TMP/body")"; }

# login USER PASSWORD: prints the session token.
login() {
	curl -sS -D "$TMP/h" -o /dev/null -X POST "$BASE/api/v1/login" \
		-H 'Content-Type: application/json' \
		--data "$(jq -nc --arg u "$1" --arg p "$2" '{username: $u, password: $p}')"
	grep -io 'td_session=[0-9a-f]*' "$TMP/h" | cut -d= -f2
}

cli() { "$TINDUNG" "$@" --db "$DB"; }

check_cli() {
	local label=$1
	expect_status 0 cli savings rate --office BR31 --set 0.5 --from 2024-12-01
	grep -q 'BR31 từ 01/12/2024: 0,5 %/năm' "$TMP/out" || fail "$label rate: $(cat "$TMP/out")"
	expect_status 0 cli savings open --household 1 --group 1
	grep -q 'Đã mở sổ tiết kiệm 1\.' "$TMP/out" || fail "$label open: $(cat "$TMP/out")"
	expect_status 0 cli savings deposit 1 --amount 50.000
	expect_status 0 cli savings withdraw 1 --amount 20000
	# R-SAV-1: 5,000 đồng a deposit at least.
	expect_status 2 cli savings deposit 1 --amount 4.000
	one_line_error "tiền gửi tối thiểu 5.000 đồng một lần, không nhận 4.000 đồng"
	expect_status 2 cli savings withdraw 1 --amount 30.001
	one_line_error "sổ tiết kiệm 1 chỉ còn 30.000 đồng, không đủ rút 30.001 đồng"
	expect_status 0 cli savings show 1 --json
	[ "$(jq -r '"\(.balance) \([.txns[].kind] | join(","))"' "$TMP/out")" = \
		"30000 deposit,withdrawal" ] || fail "$label show: $(cat "$TMP/out")"
	expect_status 0 cli savings show 1
	grep -q 'withdrawal *20.000 đồng' "$TMP/out" || fail "$label show text: $(cat "$TMP/out")"
	ok "$label CLI: rate, open, deposit, withdrawal, refusals under the minimum and over the balance"
}

check_http() {
	local label=$1
	printf 'mật-khẩu-quản-trị\n' >"$TMP/pw"
	expect_status 0 cli user add --username admin --full-name "Quản trị viên" --role admin \
		--office HSC --password-file "$TMP/pw"
	printf 'mật-khẩu-tổ-trưởng\n' >"$TMP/pw2"
	expect_status 0 cli user add --username to.truong --full-name "Nguyễn Văn 1" \
		--role group_leader --office PGD318 --group 1 --password-file "$TMP/pw2"
	start_server "$DB"
	local admin leader
	admin=$(login admin 'mật-khẩu-quản-trị')
	leader=$(login to.truong 'mật-khẩu-tổ-trưởng')
	[ ${#admin} -eq 64 ] && [ ${#leader} -eq 64 ] || fail "$label: sign-in failed"

	expect_http 201 "$label open" POST /api/v1/savings-accounts "$admin" open-2 \
		'{"household_id":2,"group_id":1}'
	local acc; acc=$(jq -r .id "$TMP/body")
	local path="/api/v1/savings-accounts/$acc"
	count_txns() {
		expect_http 200 "$label account" GET "$path" "$admin"
		jq '.txns | length' "$TMP/body"
	}
	local dep='{"amount":100000}'
	expect_http 201 "$label deposit" POST "$path/deposits" "$admin" dep-1 "$dep"
	cp "$TMP/body" "$TMP/first"
	jq -e '.kind == "deposit" and .amount == 100000 and .entry_id > 0 and
		.account.balance == 100000' "$TMP/first" >/dev/null \
		|| fail "$label deposit body: $(cat "$TMP/first")"
	expect_http 201 "$label replayed deposit" POST "$path/deposits" "$admin" dep-1 "$dep"
	cmp -s "$TMP/first" "$TMP/body" || fail "$label replay answered otherwise: $(cat "$TMP/body")"
	[ "$(count_txns)" = 1 ] || fail "$label the replayed deposit booked twice"
	ok "$label R-GL-3: the same key and deposit books one movement and answers the same"

	expect_http 409 "$label key reused" POST "$path/deposits" "$admin" dep-1 '{"amount":200000}'
	jq_ok '.code == "idempotency_conflict"' "$label 409 body"
	[ "$(count_txns)" = 1 ] || fail "$label the conflicting request was booked"
	ok "$label R-GL-3: the same key with another deposit is 409 and books nothing"

	expect_http 422 "$label small deposit" POST "$path/deposits" "$admin" dep-2 \
		'{"amount":4999}'
	jq_ok '.code == "rule" and (.detail | contains(
		"tiền gửi tối thiểu 5.000 đồng một lần, không nhận 4.999 đồng"))' "$label 422 body"
	expect_http 422 "$label big withdrawal" POST "$path/withdrawals" "$admin" wd-1 \
		'{"amount":100001}'
	jq_ok '.code == "rule"' "$label 422 withdrawal"
	grep -q "sổ tiết kiệm $acc chỉ còn 100.000 đồng, không đủ rút 100.001 đồng" "$TMP/body" \
		|| fail "$label 422 withdrawal body: $(cat "$TMP/body")"
	[ "$(count_txns)" = 1 ] || fail "$label a refused movement was booked"
	ok "$label R-SAV-1: a deposit under 5.000 đồng and a withdrawal over the balance are 422"

	# R-ORG-3: the leader collects its group's savings, never pays out.
	expect_http 201 "$label leader deposit" POST "$path/deposits" "$leader" dep-3 \
		'{"amount":5000}'
	expect_http 403 "$label leader withdrawal" POST "$path/withdrawals" "$leader" wd-2 \
		'{"amount":5000}'
	jq_ok '.code == "forbidden"' "$label 403 body"
	expect_http 201 "$label withdrawal" POST "$path/withdrawals" "$admin" wd-3 \
		'{"amount":5000}'
	jq_ok '.kind == "withdrawal" and .account.balance == 100000' "$label withdrawal body"
	[ "$(count_txns)" = 3 ] || fail "$label movements: $(cat "$TMP/body")"
	ok "$label R-ORG-3: the group leader deposits for its group and may not withdraw (403)"
	stop_server
	expect_status 0 cli check
	grep -q 'Sổ sách khớp' "$TMP/out" || fail "$label check: $(cat "$TMP/out")"
	ok "$label tindung check exits 0: savings equal the ledger"
}

run() {
	LABEL=$1
	DB=$2
	expect_status 0 "$TINDUNG" init --db "$DB"
	if [ "$LABEL" = sqlite ]; then
		fixture_sql | sqlite3 "$DB" || fail "sqlite fixture"
	else
		fixture_sql | psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null || fail "postgres fixture"
	fi
	check_cli "$LABEL"
	check_http "$LABEL"
}

run sqlite "$TMP/t.db"
run postgres "$(pg_new_db)"
