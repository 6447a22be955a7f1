# The loan tests' district, shared by loan.sh, loan_event.sh, eod.sh, csession.sh, cash.sh,
# reversal.sh and cli_idempotency.sh (sourced after lib.sh; not a test itself): the network,
# the group and the poverty list written with SQL, the users, an application taken through
# approval, the session team, and a first loan.

# Province 31 > district 318 > commune 12001; HSC > BR31 (2) > PGD318 (3). Village 1, point
# 1, credit officer staff 1; households 1-3 form group TK01 of the women's chapter 1
# (household 1 leads), all poor on the 2024 list.
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
INSERT INTO poverty_import (id, commune_code, year, office_id, file_name, sha256, rows_read,
 new_households, unchanged, status_changed, left_list, rejected, business_date, user_id,
 username) VALUES (1, '12001', 2024, 3, 'ds_2024.csv', 'x', 3, 3, 0, 0, 0, 0, '2024-01-01', 0,
 'system');
SQL
	for i in 1 2 3; do
		local role=member
		[ "$i" -eq 1 ] && role=leader
		printf "INSERT INTO household (id, cccd, head_name, name_folded, sex, "
		printf "birth_year, ethnicity, village_id, commune_code, office_id, members, "
		printf "created_on, updated_on) VALUES (%d, '0311800%05d', " "$i" "$i"
		printf "'Nguyễn Văn %d', 'nguyen van %d', " "$i" "$i"
		printf "'male', 1980, 'Kinh', 1, '12001', 3, 4, "
		printf "'2024-01-01', '2024-01-01');\n"
		printf "INSERT INTO group_member (group_id, household_id, role, joined_on) VALUES "
		printf "(1, %d, '%s', '2024-01-10');\n" "$i" "$role"
		printf "INSERT INTO poverty_status (household_id, year, status, commune_code, "
		printf "import_id, recorded_on) VALUES (%d, 2024, 'poor', '12001', 1, " "$i"
		printf "'2024-01-01');\n"
	done
}

# The point's team: credit officer 1 leads, controller 2 checks, teller 3 holds the cash;
# the business date is the session's day, 17 July 2024.
team_sql() {
	cat <<'SQL'
INSERT INTO staff (id, office_id, full_name, role, valid_from) VALUES
 (2, 3, 'Vũ Kiểm Soát', 'controller', '2010-01-01'),
 (3, 3, 'Phạm Thủ Quỹ', 'teller', '2010-01-01');
INSERT INTO point_team (point_id, staff_id, duty, valid_from) VALUES
 (1, 1, 'leader', '2010-01-01'), (1, 2, 'controller', '2010-01-01'),
 (1, 3, 'teller', '2010-01-01');
UPDATE td_meta SET value = '2024-07-17' WHERE key = 'business_date';
SQL
}

# load_district FUNCTION...: a new database $DB on store $LABEL with what the functions
# print (fixture_sql, team_sql...) loaded into it.
load_district() {
	expect_status 0 "$TINDUNG" init --db "$DB"
	local f
	if [ "$LABEL" = sqlite ]; then
		for f in "$@"; do "$f"; done | sqlite3 "$DB" || fail "sqlite fixture"
	else
		for f in "$@"; do "$f"; done | psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null \
			|| fail "postgres fixture"
	fi
}

# sql STATEMENT: runs it on $DB, rows as plain text.
sql() {
	if [ "$LABEL" = sqlite ]; then sqlite3 "$DB" "$1"; else psql -qtA "$DB" -c "$1"; fi
}

# loan_db: a new database at $DB ($LABEL sqlite or postgres) holding the fixture.
loan_db() {
	load_district fixture_sql
}

PW='mật-khẩu-kiểm-thử'
cli() { "$TINDUNG" "$@" --db "$DB"; }
jq_out() { jq -e "$1" "$TMP/out" >/dev/null || fail "$2: $(cat "$TMP/out")"; }

add_users() {
	printf '%s\n' "$PW" >"$TMP/pw"
	local u
	for u in "hoi union_officer --chapter 1" "cbtd credit_officer" "gd1 director" \
		"thuquy teller"; do
		# shellcheck disable=SC2086 # the extra options are meant to split
		set -- $u
		local name=$1 role=$2; shift 2
		expect_status 0 cli user add --username "$name" --full-name "Người dùng $name" \
			--role "$role" --office PGD318 --password-file "$TMP/pw" "$@"
	done
}

# approve HOUSEHOLD: files, votes, confirms, checks and approves a 50,000,000 đồng
# application over 36 months (R-APP-1..4); prints nothing, leaves its id in APP.
approve() {
	expect_status 0 cli application add --user hoi --household "$1" --programme 1 \
		--amount 50.000.000 --term 36 --purpose "Mua bò giống" \
		--plan "Chăn nuôi bò sinh sản" --date 2024-06-03
	APP=$(grep -o 'số [0-9]*' "$TMP/out" | head -1 | cut -d' ' -f2)
	[ -n "$APP" ] || fail "application add printed no number: $(cat "$TMP/out")"
	expect_status 0 cli application vote "$APP" --user hoi --date 2024-06-05 --minutes 05/BB \
		--list 03/TD-07 --org-rep "Nguyễn Thị Hội" --village-head "Trần Văn Thôn" \
		--present 3 --for 3 --against 0
	expect_status 0 cli application confirm "$APP" --user cbtd --date 2024-06-07 \
		--doc 45/UBND-XN --signer "Lê Văn Chủ" --signer-title "Chủ tịch UBND xã"
	expect_status 0 cli application check "$APP" --user cbtd --date 2024-06-10
	expect_status 0 cli application decide "$APP" --user gd1 --date 2024-06-11 --approve
}

# lend: the central source TW-01 with 200,000,000 đồng, household 1's application approved
# and 50,000,000 đồng disbursed on 2024-06-15 by the teller; sets SRC and LOAN.
lend() {
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	SRC=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$SRC" --in 200.000.000
	approve 1
	expect_status 0 cli loan disburse --application "$APP" --source "$SRC" \
		--amount 50.000.000 --date 2024-06-15 --user thuquy
	LOAN=$(grep -o 'khoản vay [0-9]*' "$TMP/out" | cut -d' ' -f3)
	[ -n "$LOAN" ] || fail "lend: no loan: $(cat "$TMP/out")"
}
