#!/usr/bin/env bash
# Cash as the bank keeps it (R-CASH-1, docs/cash.md) through `tindung cash` on both stores:
#  - the branch's administrator sets PGD318's vault limit from a date (the office's own
#    administrator may not, nor may anyone set one in the past); the position shows the
#    excess in a table with dd/mm/yyyy and dot thousands, as JSON and as CSV, and
#    `tindung eod` names the office and what it must remit;
#  - a teller remits the excess to the branch through the inter-office accounts (they net to
#    zero), receives some back, and each refusal (zero, another day than the business date,
#    an unknown office, a role that handles no cash, more than the vault holds) prints one
#    line and books nothing;
#  - a commune session takes its opening cash out of the vault (refused beyond it) and brings
#    the counted cash back; `tindung check` exits 0, and names a closed session whose cash
#    did not come back.
# The district is lib_loan.sh's, with the point's team.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

source "$(dirname "$0")/lib_loan.sh"

entries() { sql "SELECT count(*) FROM gl_entry"; }

# refused WANT_TEXT ARGS...: `tindung cash ARGS` exits 2 with one line naming WANT_TEXT and
# books nothing.
refused() {
	local want=$1; shift
	local before; before=$(entries)
	expect_status 2 cli cash "$@"
	one_line_error "$want"
	[ "$(entries)" = "$before" ] || fail "refused 'cash $*' booked something"
}

check_limit_and_position() {
	local label=$1
	printf '%s\n' "$PW" >"$TMP/pw"
	expect_status 0 cli user add --username qtcn --full-name "Quản trị chi nhánh" \
		--role admin --office BR31 --password-file "$TMP/pw"
	expect_status 0 cli user add --username qtpgd --full-name "Quản trị phòng giao dịch" \
		--role admin --office PGD318 --password-file "$TMP/pw"
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	SRC=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$SRC" --in 500.000.000

	local limit=(limit --office PGD318 --amount 200.000.000 --effective-from 2024-07-17)
	refused "do quản trị của đơn vị cấp trên" "${limit[@]}" --user qtpgd
	refused "không đặt lùi ngày" limit --office PGD318 --amount 1 --effective-from 2024-07-16 \
		--user qtcn
	expect_status 0 cli cash "${limit[@]}" --user qtcn --note "QĐ 12/QĐ-CN"
	grep -q "Hạn mức tồn quỹ của PGD318 từ ngày 17/07/2024: 200.000.000 đồng" "$TMP/out" \
		|| fail "$label limit: $(cat "$TMP/out")"
	refused "đã có hạn mức tồn quỹ từ ngày 2024-07-17" "${limit[@]}" --user qtcn
	expect_status 0 cli cash limits --office PGD318
	grep -q "từ 17/07/2024 *200.000.000 đồng  đặt ngày 17/07/2024 bởi qtcn  QĐ 12/QĐ-CN" \
		"$TMP/out" || fail "$label limits: $(cat "$TMP/out")"
	ok "$label limit: set by the branch from a date, never by the office, never backwards"

	expect_status 0 cli cash position --office BR31 --date 2024-07-17
	grep -q "cuối ngày 17/07/2024" "$TMP/out" && grep -q "^PGD318 .* 500.000.000 " "$TMP/out" \
		&& grep -q "Cảnh báo: PGD318 vượt hạn mức tồn quỹ 300.000.000 đồng" "$TMP/out" \
		|| fail "$label position: $(cat "$TMP/out")"
	expect_status 0 cli cash position --office PGD318 --date 2024-07-17 --json
	jq_out '.over_limit == 1 and .offices[0].closing == 500000000 and
		.offices[0].limit == 200000000 and .offices[0].excess == 300000000 and
		.offices[0].cash_in == 500000000 and .date == "2024-07-17"' "$label position json"
	expect_status 0 cli cash position --office PGD318 --date 2024-07-17 --csv
	head -1 "$TMP/out" | grep -q "^office_code,office_name,date,opening,cash_in," \
		&& grep -q "^PGD318,PGD Kiến Thụy,2024-07-17,0,500000000,0,.*,200000000,300000000$" \
			"$TMP/out" || fail "$label position csv: $(cat "$TMP/out")"
	expect_status 0 cli cash position --office PGD318 --date 2024-07-16 --json
	jq_out '.over_limit == 0 and .offices[0].limit == null' "$label the day before"
	expect_status 2 cli cash position --office PGD318 --date 2024-07-17 --json --csv
	one_line_error "chọn một"
	ok "$label position: table, JSON and CSV; the excess from the limit's first day on"

	expect_status 0 cli eod --date 2024-07-18
	grep -q "cảnh báo tồn quỹ cuối ngày 17/07/2024: PGD318 còn 500.000.000 đồng, hạn mức "`
		`"200.000.000 đồng: nộp 300.000.000 đồng" "$TMP/out" || fail "$label eod: $(cat "$TMP/out")"
	ok "$label eod names the office above its limit and the amount to remit"
}

check_remittances() {
	local label=$1 d=2024-07-18
	refused "0 đồng phải từ 1" remit --office PGD318 --amount 0 --to branch --date $d \
		--user thuquy
	refused "khác ngày làm việc 2024-07-18" remit --office PGD318 --amount 1 --to branch \
		--date 2024-07-17 --user thuquy
	refused "office 'PGD999' does not exist" remit --office PGD999 --amount 1 --to bank \
		--date $d --user thuquy
	refused "cash_remit" remit --office PGD318 --amount 1 --to bank --date $d
	refused "cash_remit" remit --office PGD318 --amount 1 --to bank --date $d --user cbtd
	refused "nơi nhận 'kho' không có" remit --office PGD318 --amount 1 --to kho --date $d \
		--user thuquy
	refused "quỹ tiền mặt của PGD318 chỉ còn 500.000.000 đồng, không đủ nộp 600.000.000" \
		remit --office PGD318 --amount 600.000.000 --to bank --date $d --user thuquy
	refused "tài khoản tiền gửi của BR31 chỉ còn 0 đồng" receive --office PGD318 --amount 1 \
		--from branch --date $d --user thuquy
	ok "$label remittance refusals: one line each, nothing booked"

	expect_status 0 cli cash remit --office PGD318 --amount 300.000.000 --to branch --date $d \
		--user thuquy --note "Nộp tiền vượt hạn mức"
	grep -q "Đã nộp 300.000.000 đồng từ quỹ tiền mặt PGD318 vào tài khoản của chi nhánh BR31 "`
		`"(liên chi nhánh) ngày 18/07/2024 (bút toán [0-9]*); quỹ còn 200.000.000 đồng" \
		"$TMP/out" || fail "$label remit: $(cat "$TMP/out")"
	expect_status 0 cli cash receive --office PGD318 --amount 50.000.000 --from branch \
		--date $d --user gd1 --json
	jq_out '.direction == "receive" and .counterparty == "branch" and .branch_code == "BR31"
		and .vault == 250000000' "$label receive"
	expect_status 0 cli cash position --office BR31 --date $d --json
	jq_out '.over_limit == 1 and .total.inter_office == 0 and .total.bank_deposit == 250000000
		and ([.offices[] | select(.office_code == "PGD318")][0] | .remitted == 300000000
		and .received == 50000000 and .closing == 250000000 and .excess == 50000000
		and .inter_office == 250000000)' "$label position after"
	expect_status 0 cli check
	ok "$label remit and receive through the inter-office accounts, which net to zero"
}

check_session_cash() {
	local label=$1 cs=(commune-session)
	approve 1
	expect_status 0 cli savings open --household 3 --group 1
	local acc; acc=$(grep -o 'sổ tiết kiệm [0-9]*' "$TMP/out" | cut -d' ' -f4)
	sql "UPDATE td_meta SET value = '2024-08-17' WHERE key = 'business_date'" >/dev/null
	local open=(open --point DGD-12001 --date 2024-08-17 --user thuquy)
	local before; before=$(entries)
	expect_status 2 cli "${cs[@]}" "${open[@]}" --opening-cash 250.000.001
	one_line_error "quỹ tiền mặt chỉ còn 250.000.000 đồng, không đủ 250.000.001 đồng"
	[ "$(entries)" = "$before" ] || fail "$label a refused opening booked something"
	expect_status 0 cli "${cs[@]}" "${open[@]}" --opening-cash 50.000.000
	local sid; sid=$(grep -o 'phiên [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli "${cs[@]}" record "$sid" --key c1 --user thuquy \
		--line "deposit:$acc:100.000:group_leader" \
		--line "disbursement:$APP:50.000.000:household:$SRC"
	expect_status 0 cli "${cs[@]}" close "$sid" --counted 100.000 --user cbtd
	expect_status 0 cli cash position --office PGD318 --date 2024-08-17 --json
	jq_out '.offices[0] | .opening == 250000000 and .to_sessions == 50000000 and
		.from_sessions == 100000 and .cash_in == 0 and .cash_out == 0 and
		.closing == 200100000 and .at_sessions == 0' "$label session day"
	expect_status 0 cli check
	expect_status 0 cli audit verify
	ok "$label session: opening cash out of the vault (refused beyond it), counted cash back"

	sql "DELETE FROM cash_transfer WHERE kind = 'from_session'" >/dev/null
	expect_status 1 cli check
	grep -q "phiên giao dịch $sid (điểm DGD-12001, 2024-08-17) đã đóng nhưng tiền mặt mang "`
		`"đi phiên (CASH_SESSION) còn 100.000 đồng" "$TMP/out" "$TMP/err" \
		|| fail "$label check: $(cat "$TMP/out" "$TMP/err")"
	ok "$label check names a closed session whose cash did not come back"
}

run() {
	LABEL=$1
	DB=$2
	load_district fixture_sql team_sql
	add_users
	check_limit_and_position "$LABEL"
	check_remittances "$LABEL"
	check_session_cash "$LABEL"
}

run sqlite "$TMP/cash.db"
run postgres "$(pg_new_db)"
echo "all cash checks passed"
