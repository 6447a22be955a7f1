#!/usr/bin/env bash
# Loans end to end on both stores (issue 5, docs/loans.md):
#  - CLI: an application through approval, `tindung loan disburse` from a capital source
#    (R-DIS-1, R-CAP-1) as a teller (the built-in administrator may not: docs/access.md),
#    `loan repay` (R-INT-1, R-PAY-1), `loan show` with the balance and the interest owed,
#    `loan list`, and `tindung check` exit 0 (R-GL-2);
#  - HTTP: a repayment sent twice under one Idempotency-Key is booked once (R-GL-3); an
#    overpayment is 422 naming what is owed and by how much it is exceeded;
#  - R-SAV-1: `loan repay --from-savings` takes the money from the borrower's own savings
#    (no cash moves), refuses another household's account and too little in it (both
#    amounts named); over HTTP the same with "savings_account_id"; check exits 0.
# The network, the group, the poverty list and the approval steps: lib_loan.sh.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

source "$(dirname "$0")/lib_loan.sh"

check_cli() {
	local label=$1
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	SRC=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$SRC" --in 80.000.000
	approve 1
	local app1=$APP
	local disb=(loan disburse --application "$app1" --source "$SRC" --amount 50.000.000
		    --date 2024-06-15)
	expect_status 2 cli "${disb[@]}"
	one_line_error "loan_disburse"
	expect_status 2 cli "${disb[@]}" --user thuquy --amount 40.000.000
	one_line_error "approved"
	expect_status 0 cli "${disb[@]}" --user thuquy
	LOAN=$(grep -o 'khoản vay [0-9]*' "$TMP/out" | cut -d' ' -f3)
	[ -n "$LOAN" ] || fail "$label disburse printed no loan: $(cat "$TMP/out")"
	expect_status 2 cli "${disb[@]}" --user thuquy
	one_line_error "disbursed"
	# R-CAP-1: 30,000,000 đồng left in TW-01, the next loan needs 50,000,000.
	approve 2
	expect_status 2 cli loan disburse --application "$APP" --source "$SRC" \
		--amount 50.000.000 --date 2024-06-15 --user gd1
	one_line_error "không đủ 50.000.000 đồng"
	ok "$label CLI: disbursed by a teller; the administrator, a wrong amount, a second time "`
		`"and a source that cannot cover are refused"

	# R-INT-1: 30 days on 50,000,000 đồng at 6.6 %: 271,232.88 -> 271,233 đồng; the rest
	# prepays the last instalment (R-PAY-1).
	expect_status 2 cli loan repay --loan "$LOAN" --amount 10.271.233 --date 2024-07-15
	one_line_error "loan_repay"
	expect_status 0 cli loan repay --loan "$LOAN" --amount 10.271.233 --date 2024-07-15 \
		--user thuquy
	grep -q "lãi trong hạn 271.233, gốc quá hạn 0, gốc đến hạn 0, trả trước 10.000.000" \
		"$TMP/out" || fail "$label repay allocation: $(cat "$TMP/out")"
	expect_status 2 cli loan repay --loan "$LOAN" --amount 100.000.000 --date 2024-08-15 \
		--user thuquy
	one_line_error "100.000.000 đồng exceeds what is owed (40.224.219 đồng) by 59.775.781"
	expect_status 0 cli loan show "$LOAN" --json
	# 170 days on 40,000,000 đồng at 6.6 % up to 2024-12-31: 1,229,589.04 -> 1,229,589.
	jq_out '.balance == 40000000 and .status == "in_term" and
		.interest_owed.total == 1229589 and .owed == 41229589 and
		(.instalments | length) == 3 and .instalments[2].paid_principal == 10000000 and
		(.repayments | length) == 1 and .repayments[0].prepaid_principal == 10000000' \
		"$label loan show"
	expect_status 0 cli loan show "$LOAN"
	grep -q "Dư nợ 40.000.000 đồng" "$TMP/out" || fail "$label show text: $(cat "$TMP/out")"
	expect_status 0 cli loan list --json
	jq_out ".total == 1 and .items[0].id == $LOAN" "$label loan list"
	expect_status 2 cli loan show 999999
	one_line_error "999999"
	expect_status 0 cli check
	ok "$label CLI: repayment applied, show and list agree, tindung check exits 0"
}

check_http() {
	local label=$1
	start_server "$DB"
	local tq hoi
	tq=$(login thuquy)
	hoi=$(login hoi)
	[ ${#tq} -eq 64 ] && [ ${#hoi} -eq 64 ] || fail "$label: sign-in failed"
	local pay='{"amount":5000000,"paid_on":"2024-10-15"}'
	local path="/api/v1/loans/$LOAN/repayments"
	expect_http 201 "$label repayment" POST "$path" "$tq" rp-1 "$pay"
	cp "$TMP/body" "$TMP/first"
	# 92 days on 40,000,000 đồng at 6.6 %: 665,424.66 -> 665,425 đồng of interest.
	jq -e '.allocation.in_term_interest == 665425 and .allocation.prepaid_principal ==
		4334575 and .loan.balance == 35665425 and .amount == 5000000' "$TMP/first" \
		>/dev/null || fail "$label repayment body: $(cat "$TMP/first")"
	expect_http 201 "$label replayed repayment" POST "$path" "$tq" rp-1 "$pay"
	cmp -s "$TMP/first" "$TMP/body" \
		|| fail "$label replay answered otherwise: $(cat "$TMP/body")"
	expect_http 200 "$label loan" GET "/api/v1/loans/$LOAN" "$tq"
	jq -e '(.repayments | length) == 2 and .balance == 35665425' "$TMP/body" >/dev/null \
		|| fail "$label the replayed repayment booked twice: $(cat "$TMP/body")"
	ok "$label R-GL-3: a repayment sent twice under one key is booked once"

	expect_http 422 "$label overpayment" POST "$path" "$tq" rp-2 \
		'{"amount":99000000,"paid_on":"2024-12-15"}'
	# 61 days on 35,665,425 đồng at 6.6 %: 393,394.6 -> 393,395 đồng of interest.
	local owes='loan [0-9]+ owes 36.058.820 đồng on 2024-12-15: payment of 99.000.000 đồng '
	owes+='exceeds what is owed [(]36.058.820 đồng[)] by 62.941.180 đồng'
	jq -e --arg re "$owes" '.code == "rule" and (.detail | test($re))' "$TMP/body" >/dev/null \
		|| fail "$label 422 body: $(cat "$TMP/body")"
	expect_http 403 "$label union officer repays" POST "$path" "$hoi" rp-3 \
		'{"amount":1000,"paid_on":"2024-12-15"}'
	expect_http 200 "$label union officer reads" GET "/api/v1/loans/$LOAN" "$hoi"
	expect_http 200 "$label list" GET "/api/v1/loans?status=in_term" "$tq"
	jq -e ".total == 1 and .items[0].id == $LOAN" "$TMP/body" >/dev/null \
		|| fail "$label list: $(cat "$TMP/body")"
	expect_http 200 "$label loan after refusals" GET "/api/v1/loans/$LOAN" "$tq"
	jq -e '(.repayments | length) == 2' "$TMP/body" >/dev/null \
		|| fail "$label a refused repayment was booked: $(cat "$TMP/body")"
	ok "$label overpayment 422 with the figures; a union officer reads but may not repay"
	stop_server
	expect_status 0 cli check
	expect_status 0 cli audit verify
}

# R-SAV-1: households 1 (the borrower) and 2 save; the loan is repaid from household 1's
# savings on the command line and over HTTP.
check_savings() {
	local label=$1
	expect_status 0 cli savings open --household 1 --group 1
	local own; own=$(grep -o 'sổ tiết kiệm [0-9]*' "$TMP/out" | cut -d' ' -f4)
	expect_status 0 cli savings open --household 2 --group 1
	local other; other=$(grep -o 'sổ tiết kiệm [0-9]*' "$TMP/out" | cut -d' ' -f4)
	[ -n "$own" ] && [ -n "$other" ] || fail "$label savings open printed no id"
	expect_status 0 cli savings deposit "$own" --amount 1.500.000
	expect_status 0 cli savings deposit "$other" --amount 2.000.000
	local pay=(loan repay --loan "$LOAN" --date 2024-12-20 --user thuquy)
	expect_status 2 cli "${pay[@]}" --amount 500.000 --from-savings "$other"
	one_line_error "belongs to household 2, not to the borrower's household 1"
	expect_status 2 cli "${pay[@]}" --amount 2.000.000 --from-savings "$own"
	one_line_error "chỉ còn 1.500.000 đồng, không đủ trả nợ 2.000.000 đồng"
	expect_status 0 cli ledger trial-balance --office PGD318 --date 2099-12-31 --json
	local cash_q='[.rows[] | select(.type == "CASH") | .balance_debit] | add'
	local cash; cash=$(jq "$cash_q" "$TMP/out")
	expect_status 0 cli "${pay[@]}" --amount 1.000.000 --from-savings "$own"
	grep -q "sổ tiết kiệm $own của hộ vay, không thu tiền mặt" "$TMP/out" \
		|| fail "$label repay from savings: $(cat "$TMP/out")"
	expect_status 0 cli savings show "$own" --json
	jq_out '.balance == 500000 and ([.txns[] | select(.kind == "withdrawal")] | length) == 1' \
		"$label savings after the repayment"
	expect_status 0 cli ledger trial-balance --office PGD318 --date 2099-12-31 --json
	[ "$(jq "$cash_q" "$TMP/out")" = "$cash" ] \
		|| fail "$label a repayment from savings moved cash: $(cat "$TMP/out")"
	expect_status 0 cli check
	ok "$label R-SAV-1 CLI: repaid from the borrower's savings without cash; another "`
		`"household's account and too little are refused"

	start_server "$DB"
	local tq; tq=$(login thuquy)
	local path="/api/v1/loans/$LOAN/repayments"
	expect_http 422 "$label savings too little" POST "$path" "$tq" sv-1 \
		"{\"amount\":600000,\"paid_on\":\"2024-12-20\",\"savings_account_id\":$own}"
	local short='chỉ còn 500.000 đồng, không đủ trả nợ 600.000 đồng'
	jq -e --arg re "$short" '.code == "rule" and (.detail | test($re))' "$TMP/body" \
		>/dev/null || fail "$label 422 body: $(cat "$TMP/body")"
	expect_http 201 "$label savings repayment" POST "$path" "$tq" sv-2 \
		"{\"amount\":500000,\"paid_on\":\"2024-12-20\",\"savings_account_id\":$own}"
	jq -e ".savings_account_id == $own and .amount == 500000" "$TMP/body" >/dev/null \
		|| fail "$label 201 body: $(cat "$TMP/body")"
	stop_server
	expect_status 0 cli savings show "$own" --json
	jq_out '.balance == 0' "$label savings emptied over HTTP"
	expect_status 0 cli check
	expect_status 0 cli audit verify
	ok "$label R-SAV-1 HTTP: savings_account_id repays from savings; too little is 422"
}

run() {
	LABEL=$1
	DB=$2
	loan_db
	add_users
	check_cli "$LABEL"
	check_http "$LABEL"
	check_savings "$LABEL"
}

run sqlite "$TMP/loan.db"
run postgres "$(pg_new_db)"
echo "all loan checks passed"
