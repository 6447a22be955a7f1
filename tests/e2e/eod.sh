#!/usr/bin/env bash
# End of day on both stores (docs/eod.md): a loan disbursed on 2024-06-15 (instalments every
# 12 months), programme 1 set to go overdue (no roll-forward, R-DUE-1):
#  - `tindung eod --date` for a range of missed days: one line per day, the business date
#    moves to the date given, the instalment due 2025-06-15 goes overdue on 2025-06-16 and
#    its principal moves to LOAN_OVERDUE; `tindung check` exits 0 (R-GL-2);
#  - the same date again does nothing and says so; --date is required; eod has no --user.
# Fixture, users and the approval: lib_loan.sh.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)

source "$(dirname "$0")/lib_loan.sh"

check_eod() {
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	SRC=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$SRC" --in 80.000.000
	sql "UPDATE td_meta SET value = '2024-06-30' WHERE key = 'business_date'" >/dev/null
	approve 1
	expect_status 0 cli loan disburse --application "$APP" --source "$SRC" \
		--amount 50.000.000 --date 2024-06-15 --user thuquy
	sql "UPDATE programme_terms SET roll_forward = 0 WHERE programme_id = (SELECT id FROM programme WHERE code = '1')" >/dev/null
	sql "UPDATE td_meta SET value = '2025-06-10' WHERE key = 'business_date'" >/dev/null
	expect_status 2 cli eod
	one_line_error "--date"
	expect_status 2 cli eod --date 2025-06-20 --user thuquy
	expect_status 0 cli eod --date 2025-06-20
	[ "$(grep -c '^[0-9][0-9]/06/2025: ' "$TMP/out")" -eq 10 ] || fail "$LABEL ten days: $(cat "$TMP/out")"
	grep -q '^16/06/2025: 1 khoản vay, 0 đến hạn, 1 quá hạn (16.666.000 đồng)' "$TMP/out" \
		|| fail "$LABEL overdue day: $(cat "$TMP/out")"
	grep -q 'Ngày làm việc: 20/06/2025' "$TMP/out" || fail "$LABEL date: $(cat "$TMP/out")"
	[ "$(sql "SELECT status FROM loan_instalment WHERE position = 1")" = overdue ] \
		|| fail "$LABEL instalment 1 is not overdue"
	expect_status 0 cli check
	ok "$LABEL eod over ten missed days: overdue booked on 2025-06-16, books agree"
	expect_status 0 cli eod --date 2025-06-20
	grep -q 'không làm gì' "$TMP/out" || fail "$LABEL rerun: $(cat "$TMP/out")"
	[ "$(sql "SELECT count(*) FROM gl_entry WHERE kind = 'overdue'")" = 1 ] \
		|| fail "$LABEL rerun booked again"
	expect_status 0 cli check
	expect_status 0 cli audit verify
	ok "$LABEL the same day again does nothing; --date required; no --user"
}

run() {
	LABEL=$1
	DB=$2
	loan_db
	add_users
	check_eod
}

run sqlite "$TMP/eod.db"
run postgres "$(pg_new_db)"
echo "all eod checks passed"
