#!/usr/bin/env bash
# What people read, end to end on both stores (docs/worklist.md, docs/loans.md,
# docs/month-end.md): two loans disbursed on 2024-06-15 (programme 1 without roll-forward),
# nobody pays, end of day to 2025-07-01 flags both inactive (R-INACT-1) and makes their
# first instalment overdue (R-DUE-1); loan 2 then pays what it owes and is flagged no more.
#  - the transcript of the human commands (eod, loan show and list, the worklist, the
#    month-end snapshot, the trial balance) equals tests/e2e/golden/human_output.txt on
#    SQLite and PostgreSQL alike: dates dd/mm/yyyy, amounts with dot thousands, the inactive
#    flag shown, the two "overdue" figures named apart;
#  - --json of the same commands keeps ISO dates and plain integers;
#  - GET /api/v1/worklist as the credit officer: 200 with the flagged loan; 400 for a day
#    before the business date or a staff member who is not a credit officer; 404 for an
#    unknown officer.
#
#   TD_GOLDEN_UPDATE=1 ... rewrites the golden file from the SQLite run (read the diff).
# Fixture, users and the approval: lib_loan.sh.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)
source "$(dirname "$0")/lib_loan.sh"
SRC=${TD_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
GOLDEN=$SRC/tests/e2e/golden/human_output.txt

sql() {
	if [ "$LABEL" = sqlite ]; then sqlite3 "$DB" "$1"; else psql -qtA "$DB" -c "$1"; fi
}

# step ARGS...: one transcript entry: the command, what it printed, its exit status.
step() {
	echo "\$ tindung $*"
	set +e
	"$TINDUNG" "$@" --db "$DB" 2>&1
	local rc=$?
	set -e
	[ "$rc" -eq 0 ] || echo "(exit $rc)"
	echo
}

two_loans() {
	expect_status 0 cli capital add --code TW-01 --kind central --name "Vốn trung ương" \
		--office PGD318
	SRC_ID=$(grep -o 'id [0-9]*' "$TMP/out" | cut -d' ' -f2)
	expect_status 0 cli capital transfer "$SRC_ID" --in 200.000.000
	sql "UPDATE td_meta SET value = '2024-06-30' WHERE key = 'business_date'" >/dev/null
	local hh
	for hh in 1 2; do
		approve "$hh"
		expect_status 0 cli loan disburse --application "$APP" --source "$SRC_ID" \
			--amount 50.000.000 --date 2024-06-15 --user thuquy
	done
	sql "UPDATE programme_terms SET roll_forward = 0 WHERE programme_id = (SELECT id FROM programme WHERE code = '1')" >/dev/null
	sql "UPDATE td_meta SET value = '2025-06-10' WHERE key = 'business_date'" >/dev/null
}

transcript() {
	step eod --date 2025-07-01
	# Loan 2 pays everything overdue and owed: its flag clears at the next end of day.
	step loan repay --loan 2 --amount 20.200.000 --date 2025-07-01 --user thuquy
	step eod --date 2025-07-02
	step loan show 1
	step loan list
	step loan list --inactive
	step worklist --user cbtd
	step worklist --officer 1 --date 01/06/2026
	step month-end snapshot --office PGD318 --date 2025-06-30
	step ledger trial-balance --office PGD318 --date 2025-06-30
	step worklist --date 2025-06-30
}

check_json() {
	expect_status 0 cli loan show 1 --json
	jq_out '.inactive == true and .disbursed_on == "2024-06-15" and .balance == 50000000' \
		"$LABEL loan show --json"
	expect_status 0 cli loan list --inactive --json
	jq_out '.total == 1 and .items[0].id == 1 and .items[0].inactive == true' \
		"$LABEL loan list --inactive --json"
	expect_status 0 cli worklist --user cbtd --json
	jq_out '.date == "2025-07-02" and .inactive.loans == 1 and .inactive.items[0].loan_id == 1
		and .overdue.loans == 1 and .overdue.items[0].oldest_due_on == "2025-06-15"
		and .overdue.items[0].days_overdue == 17 and .overdue.buckets[0].loans == 1
		and .overdue.overdue_principal == 16666000
		and .sessions[0].session_date == "2025-07-17"' "$LABEL worklist --json"
	expect_status 0 cli month-end snapshot --office PGD318 --date 2025-06-30 --json
	jq_out '.totals.overdue_principal.value == 33332000
		and .totals.balance_of_overdue_loans.value == 100000000
		and .totals.overdue_ratio_bp.value == 3333 and (.totals | has("overdue") | not)' \
		"$LABEL snapshot --json"
	expect_status 2 cli worklist --officer 999
	one_line_error "staff 999 does not exist"
	expect_status 2 cli worklist --date 2025-13-01
	one_line_error "--date"
	ok "$LABEL --json keeps ISO dates and integers; the worklist's refusals are one line"
}

check_api() {
	start_server "$DB"
	local co; co=$(login cbtd)
	[ ${#co} -eq 64 ] || fail "$LABEL: sign-in failed"
	expect_http 200 "$LABEL worklist" GET /api/v1/worklist "$co"
	jq -e '.inactive.loans == 1 and .overdue.loans == 1 and .officer == null' "$TMP/body" \
		>/dev/null || fail "$LABEL worklist body: $(cat "$TMP/body")"
	expect_http 200 "$LABEL worklist of officer 1" GET \
		'/api/v1/worklist?officer=1&date=2026-06-01' "$co"
	jq -e '.officer.communes == ["12001"] and .sessions[0].session_date == "2026-06-17"
		and .sessions[0].instalments == 2' "$TMP/body" >/dev/null \
		|| fail "$LABEL worklist of officer 1: $(cat "$TMP/body")"
	expect_http 400 "$LABEL worklist in the past" GET '/api/v1/worklist?date=2025-06-30' "$co"
	expect_http 404 "$LABEL unknown officer" GET '/api/v1/worklist?officer=999' "$co"
	expect_http 200 "$LABEL inactive loans" GET '/api/v1/loans?inactive=true' "$co"
	jq -e '.total == 1 and .items[0].inactive' "$TMP/body" >/dev/null \
		|| fail "$LABEL inactive loans: $(cat "$TMP/body")"
	expect_http 400 "$LABEL inactive=maybe" GET '/api/v1/loans?inactive=maybe' "$co"
	stop_server
	ok "$LABEL GET /api/v1/worklist and /api/v1/loans?inactive= answer and refuse"
}

run_store() {
	LABEL=$1
	DB=$2
	loan_db
	sql "INSERT INTO staff_commune (staff_id, commune_code, valid_from) VALUES
		(1, '12001', '2010-01-01')" >/dev/null
	add_users
	two_loans
	transcript >"$TMP/$LABEL.txt"
	if [ "${TD_GOLDEN_UPDATE:-}" = 1 ] && [ "$LABEL" = sqlite ]; then
		cp "$TMP/$LABEL.txt" "$GOLDEN"
	fi
	diff -u "$GOLDEN" "$TMP/$LABEL.txt" >&2 || fail "$LABEL transcript differs from $GOLDEN"
	ok "$LABEL human output matches the golden file (dd/mm/yyyy, dot thousands, flags)"
	expect_status 0 cli check
	check_json
	check_api
}

run_store sqlite "$TMP/w.db"
run_store postgres "$(pg_new_db)"
echo "all worklist and human output checks passed"
