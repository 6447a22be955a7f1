#!/usr/bin/env bash
# --key on the command line (R-GL-3, cli/keyed.h) on both stores, through the same mechanism
# as the API's Idempotency-Key:
#  - the issue's runs: `loan repay ... --key zz` twice books one repayment; `savings deposit`
#    of 10.000, 10.000 and 20.000 đồng under one key books one deposit of 10.000 and refuses
#    the third, naming the key and the first request;
#  - every write family once, run twice under one key: the second run books nothing (the
#    audit trail does not grow) and prints the first output again, exit 0 — households,
#    groups, the application steps, loan disbursement and repayment, savings, capital, a
#    commune session's open and batch, a programme rate, a parameter, a holiday, a vault
#    limit, a user, end of day;
#  - the request in canonical form: the options in another order, "--opt=value", --db
#    left out — still the same request; another user's same key is another key;
#  - --key refused on reads (before they run, or when the run wrote nothing), bad keys
#    refused naming the problem, nothing written; a failed run keeps no key, so the retry
#    with the same key books.
# The district, the users, the approval steps and the first loan: lib_loan.sh.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

source "$(dirname "$0")/lib_loan.sh"

audits() { "$TINDUNG" audit list --db "$DB" --limit 1 --json | jq .total; }

# twice LABEL KEY CMD...: CMD --key KEY runs and writes; run again it books nothing and
# prints the first output again (exit 0, a note on stderr). The first output stays in
# $TMP/first.
twice() {
	local label=$1 key=$2; shift 2
	local before; before=$(audits)
	expect_status 0 cli "$@" --key "$key"
	cp "$TMP/out" "$TMP/first"
	local after; after=$(audits)
	[ "$after" -gt "$before" ] || fail "$label: the first run wrote nothing"
	expect_status 0 cli "$@" --key "$key"
	cmp -s "$TMP/first" "$TMP/out" \
		|| fail "$label: the replay printed '$(cat "$TMP/out")', first '$(cat "$TMP/first")'"
	one_line_error "khóa '$key' đã chạy đúng lệnh này trước đây"
	[ "$(audits)" = "$after" ] || fail "$label: the replay wrote"
}

# refused LABEL WHAT CMD...: exit 2, one line naming WHAT, nothing on stdout, nothing written.
refused() {
	local label=$1 what=$2; shift 2
	local before; before=$(audits)
	expect_status 2 "$@"
	one_line_error "$what"
	[ ! -s "$TMP/out" ] || fail "$label: printed '$(cat "$TMP/out")'"
	[ "$(audits)" = "$before" ] || fail "$label: wrote"
}

# The issue's two runs, exactly.
check_issue() {
	local label=$1
	lend

	twice "$label loan repay" zz loan repay --loan "$LOAN" --amount 100.000 \
		--date 2024-07-10 --user thuquy
	expect_status 0 cli loan show "$LOAN" --json
	jq_out '(.repayments | length) == 1 and .repayments[0].amount == 100000' \
		"$label one repayment under one key"
	# The same request in another spelling: options reordered, --opt=value, --key=KEY.
	expect_status 0 cli loan repay --user=thuquy --date 2024-07-10 --amount=100.000 \
		--loan="$LOAN" --key=zz
	cmp -s "$TMP/first" "$TMP/out" || fail "$label reordered replay: $(cat "$TMP/out")"
	expect_status 0 cli loan show "$LOAN" --json
	jq_out '(.repayments | length) == 1' "$label still one repayment"
	ok "$label issue: loan repay twice under --key zz books one repayment, in any spelling"

	expect_status 0 cli savings open --household 3 --group 1
	ACC=$(grep -o 'sổ tiết kiệm [0-9]*' "$TMP/out" | cut -d' ' -f4)
	twice "$label savings deposit" dd savings deposit "$ACC" --amount 10.000
	refused "$label deposit 20.000 under dd" \
		"khóa 'dd' đã dùng cho một yêu cầu khác (tindung savings deposit $ACC --amount=10.000)" \
		cli savings deposit "$ACC" --amount 20.000 --key dd
	expect_status 0 cli savings show "$ACC" --json
	jq_out '.balance == 10000 and (.txns | length) == 1' "$label one deposit of 10.000"
	# Another user's same key is another key.
	expect_status 0 cli savings deposit "$ACC" --amount 10.000 --key dd --user thuquy
	grep -q "Đã ghi deposit 10.000 đồng" "$TMP/out" || fail "$label other user: $(cat "$TMP/out")"
	expect_status 0 cli savings show "$ACC" --json
	jq_out '.balance == 20000' "$label another user's key"
	ok "$label issue: deposits 10.000, 10.000, 20.000 under one key book one 10.000, the third is refused"
}

# Every write family once.
check_families() {
	local label=$1 before
	twice "$label household add" hh-1 household add --cccd 031080000099 \
		--name "Trần Văn Mới" --village 1 --members 3
	local hh; hh=$(grep -o 'id [0-9]*' "$TMP/first" | head -1 | cut -d' ' -f2)
	[ -n "$hh" ] || fail "$label household add printed no id: $(cat "$TMP/first")"
	expect_status 0 cli household search --cccd 031080000099 --json
	jq_out '.total == 1' "$label one household"
	twice "$label group member-add" grp-1 group member-add 1 --household "$hh" \
		--on 2024-07-01
	expect_status 0 cli group show 1 --json
	jq_out '(.members | length) == 4' "$label one membership"

	twice "$label application add" app-1 application add --user hoi --household 2 \
		--programme 1 --amount 30.000.000 --term 24 --purpose "Mua lợn giống" \
		--plan "Chăn nuôi lợn" --date 2024-06-03
	local app; app=$(grep -o 'số [0-9]*' "$TMP/first" | head -1 | cut -d' ' -f2)
	twice "$label application vote" app-2 application vote "$app" --user hoi \
		--date 2024-06-05 --minutes 06/BB --list 03/TD-08 --org-rep "Nguyễn Thị Hội" \
		--village-head "Trần Văn Thôn" --present 3 --for 3 --against 0
	twice "$label application confirm" app-3 application confirm "$app" --user cbtd \
		--date 2024-06-07 --doc 45/UBND-XN --signer "Lê Văn Chủ" --signer-title "Chủ tịch"
	twice "$label application check" app-4 application check "$app" --user cbtd \
		--date 2024-06-10
	twice "$label application decide" app-5 application decide "$app" --user gd1 \
		--date 2024-06-11 --approve
	expect_status 0 cli application list --json
	jq_out "[.items[] | select(.household_id == 2)] | length == 1" "$label one application"
	twice "$label loan disburse" ld-1 loan disburse --application "$app" --source "$SRC" \
		--amount 30.000.000 --date 2024-06-17 --user thuquy
	expect_status 0 cli loan list --json
	jq_out '.items | length == 2' "$label one loan more"

	twice "$label capital add" cap-1 capital add --code DP-01 --kind local \
		--name "Vốn ngân sách tỉnh" --office PGD318 --investor "UBND thành phố Hải Phòng" \
		--investor-code UB-31 --level province
	twice "$label capital transfer" cap-2 capital transfer "$SRC" --in 1.000.000 \
		--note "vốn bổ sung"
	expect_status 0 cli capital show "$SRC" --json
	jq_out '.entrusted == 201000000' "$label one transfer"

	twice "$label savings open" sv-1 savings open --household 1 --group 1
	twice "$label savings withdraw" sv-2 savings withdraw "$ACC" --amount 5.000
	twice "$label programme rate" pr-1 programme rate 1 --from 2024-08-01 --rate 6,9
	expect_status 0 cli programme show 1 --json
	jq_out '[.rates[] | select(.effective_from == "2024-08-01")] | length == 1' \
		"$label one rate row"
	twice "$label param set" pm-1 param set savings.min_deposit 10000 --from 2024-09-01 \
		--source "QĐ thử nghiệm"
	twice "$label calendar set" cl-1 calendar set 2024-08-19 holiday --name "Nghỉ thử"
	twice "$label cash limit" ch-1 cash limit --office PGD318 --amount 500.000.000 \
		--effective-from 2024-08-01
	expect_status 0 cli param show savings.min_deposit --json
	jq_out '[.. | objects | select(.effective_from? == "2024-09-01")] | length == 1' \
		"$label one parameter row"
	printf '%s\n' "$PW" >"$TMP/pw"
	twice "$label user add" us-1 user add --username moi.nv --full-name "Nguyễn Văn Mới" \
		--role teller --office PGD318 --password-file "$TMP/pw"

	twice "$label commune-session open" cs-1 commune-session open --point DGD-12001 \
		--date 2024-07-17 --opening-cash 1.000.000 --user thuquy
	local sid; sid=$(grep -o 'phiên [0-9]*' "$TMP/first" | cut -d' ' -f2)
	twice "$label commune-session record" cs-2 commune-session record "$sid" --user thuquy \
		--line "deposit:$ACC:50.000" --line "deposit:$ACC:20.000"
	expect_status 0 cli commune-session show "$sid" --json
	jq_out '(.lines | length) == 2 and .cash_in == 70000' "$label one batch"
	refused "$label a batch without a key" "--key is missing" \
		cli commune-session record "$sid" --user thuquy --line "deposit:$ACC:50.000"

	# Several transactions joined into one: end of day over two days.
	twice "$label eod" eod-1 eod --date 2024-07-19
	grep -q "Ngày làm việc: 19/07/2024" "$TMP/first" || fail "$label eod: $(cat "$TMP/first")"
	refused "$label eod with nothing left to do" "lần chạy này không ghi gì" \
		cli eod --date 2024-07-19 --key eod-2
	expect_status 0 cli check
	ok "$label every write family runs once per key and replays its first output"
}

check_refusals() {
	local label=$1
	refused "$label read: loan show" "--key chỉ dùng cho lệnh ghi dữ liệu" \
		cli loan show "$LOAN" --key r-1
	refused "$label read: savings rate without --set" "lần chạy này không ghi gì" \
		cli savings rate --office BR31 --key r-2
	refused "$label read: check" "không nhận --key: lệnh chỉ đọc" cli check --key r-3
	refused "$label no database: calc" "không nhận --key" \
		"$TINDUNG" calc words 1000 --key r-4
	refused "$label init" "không nhận --key" "$TINDUNG" init --db "$TMP/other.db" --key r-5
	[ ! -e "$TMP/other.db" ] || fail "$label init with --key created a database"
	expect_status 0 cli loan show "$LOAN" --key r-1 --help
	ok "$label --key refused on reads, dry runs, and commands that never take one"

	local dep=(savings deposit "$ACC" --amount 5.000)
	refused "$label empty key" "phải dài 1..128 byte" cli "${dep[@]}" --key ''
	refused "$label long key" "khóa này dài 129" cli "${dep[@]}" --key "$(printf 'k%.0s' {1..129})"
	refused "$label control" "U+0009" cli "${dep[@]}" --key $'a\tb'
	refused "$label invalid UTF-8" "byte 0xff" cli "${dep[@]}" --key $'a\xff'
	refused "$label two keys" "chỉ được cho một lần" cli "${dep[@]}" --key a --key b
	refused "$label no value" "'--key' cần một giá trị" "$TINDUNG" savings deposit "$ACC" \
		--amount 5.000 --db "$DB" --key
	expect_status 0 cli "${dep[@]}" --key "khóa-ổn-định #1"
	ok "$label bad keys refused naming the problem; a Vietnamese key with a space is fine"

	# A failed run keeps no key: once the money is there, the same command under the same
	# key books.
	local wd=(savings withdraw "$ACC" --amount 100.000)
	refused "$label withdrawal beyond the balance" "chỉ còn 90.000 đồng, không đủ rút 100.000" \
		cli "${wd[@]}" --key w-1
	expect_status 0 cli savings deposit "$ACC" --amount 50.000 --key w-0
	expect_status 0 cli "${wd[@]}" --key w-1
	grep -q "Đã ghi withdraw 100.000 đồng" "$TMP/out" || fail "$label retry: $(cat "$TMP/out")"
	refused "$label w-1 is taken now" "khóa 'w-1' đã dùng cho một yêu cầu khác" \
		cli savings withdraw "$ACC" --amount 5.000 --key w-1
	expect_status 0 cli savings show "$ACC" --json
	jq_out '.balance == 40000' "$label balance after the retry"
	ok "$label a failed run keeps no key; the retry books and then owns it"
	expect_status 0 cli check
	expect_status 0 cli audit verify
}

run() {
	local label=$1
	DB=$2
	expect_status 0 "$TINDUNG" init --db "$DB"
	if [ "$label" = sqlite ]; then
		{ fixture_sql; team_sql; } | sqlite3 "$DB" || fail "sqlite fixture"
	else
		{ fixture_sql; team_sql; } | psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null \
			|| fail "postgres fixture"
	fi
	add_users
	check_issue "$label"
	check_families "$label"
	check_refusals "$label"
}

run sqlite "$TMP/keys.db"
run postgres "$(pg_new_db)"
echo "all --key checks passed"
