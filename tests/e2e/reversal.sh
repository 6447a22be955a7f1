#!/usr/bin/env bash
# Corrections as reversing entries end to end on both stores (R-SES-1, R-GL-1, R-GL-3,
# R-SAV-1; docs/loans.md, docs/savings.md, docs/sessions.md):
#  - CLI: `tindung loan reverse-repayment` by a director puts the loan back exactly as
#    before the repayment (`loan show --json` equal apart from the repayments, which show
#    the reversal); the administrator, a teller and a missing reason are refused, and so is
#    a second reversal (naming when and by whom); `tindung savings reverse` of a deposit; a
#    repayment from savings reversed gives the savings back; `tindung check` exits 0;
#  - HTTP: POST .../repayments/{rid}/reversal and .../transactions/{tid}/reversal: 403 for a
#    teller, 201 for a director, replayed under the same Idempotency-Key with the same
#    answer, 409 a second time, 404 for a repayment of another loan, 400 without a reason;
#    every answer fits docs/openapi.yaml (keys, types, required, nullable).
# The network, the group, the poverty list and the approval steps: lib_loan.sh.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)
: "${TD_SOURCE:?TD_SOURCE must name the source tree}"
SPEC=$TD_SOURCE/docs/openapi.yaml

source "$(dirname "$0")/lib_loan.sh"

# spec_ok METHOD PATTERN STATUS: the last HTTP answer ($TMP/body) fits the response schema
# of the operation: types, required keys, no key the schema does not declare.
spec_ok() {
	python3 - "$SPEC" "$TMP/body" "$1" "$2" "$3" <<'PY' || fail "$1 $2 $3 does not fit the spec"
import json, sys
import yaml

spec_file, body_file, method, pattern, status = sys.argv[1:6]
spec = yaml.safe_load(open(spec_file, encoding="utf-8"))
body = json.load(open(body_file, encoding="utf-8"))
op = spec["paths"][pattern][method.lower()]
resp = op["responses"][status]

def ref(s):
    while "$ref" in s:
        node = spec
        for part in s["$ref"][2:].split("/"):
            node = node[part]
        s = node
    return s

TYPES = {"null": lambda v: v is None, "boolean": lambda v: isinstance(v, bool),
         "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
         "string": lambda v: isinstance(v, str), "array": lambda v: isinstance(v, list),
         "object": lambda v: isinstance(v, dict)}

def names(s):
    s = ref(s)
    n = set(s.get("properties", {}))
    for b in s.get("allOf", []):
        n |= names(b)
    return n

def check(v, s, at, errs, top=True):
    s = ref(s)
    for b in s.get("allOf", []):
        check(v, b, at, errs, False)
    if "oneOf" in s:
        fits = sum(1 for b in s["oneOf"] if not check(v, b, at, []))
        if fits != 1:
            errs.append(f"{at}: fits {fits} oneOf choices")
    t = s.get("type")
    ts = t if isinstance(t, list) else [t] if t else []
    if ts and not any(TYPES[x](v) for x in ts):
        errs.append(f"{at}: {json.dumps(v)[:60]} is not {ts}")
        return errs
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            check(x, s["items"], f"{at}[{i}]", errs)
    if isinstance(v, dict):
        errs += [f"{at}: '{k}' missing" for k in s.get("required", []) if k not in v]
        for k, sub in s.get("properties", {}).items():
            if k in v:
                check(v[k], sub, f"{at}.{k}", errs)
        declared = names(s)
        if top and declared:
            errs += [f"{at}: '{k}' not in the spec" for k in v if k not in declared]
    return errs

content = ref(resp)["content"]  # application/json, or problem+json for errors
errs = check(body, next(iter(content.values()))["schema"], "$", [])
for e in errs:
    print(e, file=sys.stderr)
sys.exit(1 if errs else 0)
PY
}

# The loan as `loan show --json` prints it, without its repayments.
loan_state() {
	expect_status 0 cli loan show "$1" --json
	jq -S 'del(.repayments)' "$TMP/out"
}

check_cli() {
	local label=$1
	lend
	loan_state "$LOAN" >"$TMP/before"
	expect_status 0 cli loan repay --loan "$LOAN" --amount 10.271.233 --date 2024-07-15 \
		--user thuquy
	local rep; rep=$(grep -o 'lần trả [0-9]*' "$TMP/out" | cut -d' ' -f3)
	[ -n "$rep" ] || fail "$label repay printed no repayment: $(cat "$TMP/out")"
	local rev=(loan reverse-repayment --repayment "$rep" --reason "Ghi nhầm khoản vay")
	expect_status 2 cli "${rev[@]}"
	one_line_error "loan_restructure"
	expect_status 2 cli "${rev[@]}" --user thuquy
	one_line_error "loan_restructure"
	expect_status 2 cli loan reverse-repayment --repayment "$rep" --user gd1
	one_line_error "--reason"
	expect_status 0 cli "${rev[@]}" --user gd1
	grep -q "Đã hủy lần trả nợ $rep" "$TMP/out" || fail "$label reverse: $(cat "$TMP/out")"
	loan_state "$LOAN" >"$TMP/after"
	diff -u "$TMP/before" "$TMP/after" >&2 || fail "$label the loan is not as before"
	expect_status 0 cli loan show "$LOAN" --json
	jq_out '.repayments[0].reversed_by.username == "gd1" and
		.repayments[0].reversed_by.reason == "Ghi nhầm khoản vay"' "$label reversed_by"
	expect_status 0 cli loan show "$LOAN"
	grep -q "lần trả $rep .*\[đã hủy\]" "$TMP/out" || fail "$label show text: $(cat "$TMP/out")"
	expect_status 2 cli "${rev[@]}" --user gd1
	one_line_error "reversed already on 2025-01-01 by gd1"
	expect_status 0 cli check
	ok "$label CLI: a repayment reversed by a director, the loan as before; refusals named"

	expect_status 0 cli savings open --household 2 --group 1
	local acc; acc=$(grep -o 'sổ tiết kiệm [0-9]*' "$TMP/out" | cut -d' ' -f4)
	expect_status 0 cli savings deposit "$acc" --amount 1.500.000
	expect_status 0 cli savings show "$acc" --json
	local dep; dep=$(jq '.txns[0].id' "$TMP/out")
	expect_status 2 cli savings reverse --txn "$dep"
	one_line_error "--reason"
	expect_status 0 cli savings reverse --txn "$dep" --reason "Ghi thừa"
	expect_status 0 cli savings show "$acc" --json
	jq_out ".balance == 0 and .txns[1].kind == \"withdrawal\" and .txns[1].reverses_txn_id ==
		$dep and .txns[0].reversed_by == .txns[1].id" "$label savings reversed"
	expect_status 2 cli savings reverse --txn "$dep" --reason "Ghi thừa"
	one_line_error "reversed already"

	# R-SAV-1: repaid from the borrower's savings, reversed: the savings come back.
	expect_status 0 cli savings open --household 1 --group 1
	local own; own=$(grep -o 'sổ tiết kiệm [0-9]*' "$TMP/out" | cut -d' ' -f4)
	expect_status 0 cli savings deposit "$own" --amount 2.000.000
	expect_status 0 cli loan repay --loan "$LOAN" --amount 1.000.000 --date 2024-12-20 \
		--from-savings "$own" --user thuquy
	rep=$(grep -o 'lần trả [0-9]*' "$TMP/out" | cut -d' ' -f3)
	expect_status 0 cli savings show "$own" --json
	local wd; wd=$(jq '.txns[1].id' "$TMP/out")
	expect_status 2 cli savings reverse --txn "$wd" --reason "nhầm"
	one_line_error "reverse-repayment --repayment $rep"
	expect_status 0 cli loan reverse-repayment --repayment "$rep" --reason "Trừ nhầm sổ" \
		--user gd1
	expect_status 0 cli savings show "$own" --json
	jq_out ".balance == 2000000 and .txns[2].kind == \"deposit\" and
		.txns[2].reverses_txn_id == $wd" "$label savings given back"
	loan_state "$LOAN" >"$TMP/after"
	diff -u "$TMP/before" "$TMP/after" >&2 || fail "$label the loan is not as before"
	expect_status 0 cli check
	ok "$label CLI: a savings deposit reversed; a repayment from savings reversed gives "`
		`"the savings back"
}

check_http() {
	local label=$1
	start_server "$DB"
	local tq gd
	tq=$(login thuquy)
	gd=$(login gd1)
	[ ${#tq} -eq 64 ] && [ ${#gd} -eq 64 ] || fail "$label: sign-in failed"
	expect_http 201 "$label repayment" POST "/api/v1/loans/$LOAN/repayments" "$tq" rp-1 \
		'{"amount":2000000,"paid_on":"2024-12-31"}'
	local rep; rep=$(jq '.id' "$TMP/body")
	local pattern='/api/v1/loans/{id}/repayments/{rid}/reversal'
	local path="/api/v1/loans/$LOAN/repayments/$rep/reversal"
	local why='{"reason":"Thu nhầm khoản vay"}'
	expect_http 403 "$label teller reverses" POST "$path" "$tq" rv-0 "$why"
	expect_http 400 "$label no reason" POST "$path" "$gd" rv-1 '{}'
	expect_http 404 "$label another loan" POST "/api/v1/loans/999999/repayments/$rep/reversal" \
		"$gd" rv-2 "$why"
	expect_http 201 "$label reversal" POST "$path" "$gd" rv-3 "$why"
	spec_ok POST "$pattern" 201
	jq -e ".repayment_id == $rep and .loan_id == $LOAN and .username == \"gd1\" and
		.savings_txn_id == null and .loan.repayments[-1].reversed_by.id == .id" \
		"$TMP/body" >/dev/null || fail "$label 201 body: $(cat "$TMP/body")"
	cp "$TMP/body" "$TMP/first"
	expect_http 201 "$label replayed reversal" POST "$path" "$gd" rv-3 "$why"
	cmp -s "$TMP/first" "$TMP/body" || fail "$label replay answered otherwise: $(cat "$TMP/body")"
	expect_http 409 "$label second reversal" POST "$path" "$gd" rv-4 "$why"
	spec_ok POST "$pattern" 409
	jq -e '.detail | test("reversed already on 2025-01-01 by gd1")' "$TMP/body" >/dev/null \
		|| fail "$label 409 body: $(cat "$TMP/body")"
	expect_http 200 "$label loan" GET "/api/v1/loans/$LOAN" "$tq"
	spec_ok GET /api/v1/loans/{id} 200
	ok "$label HTTP: repayment reversal 201 (replayed once), 403 teller, 400, 404, 409"

	expect_http 201 "$label deposit" POST /api/v1/savings-accounts/1/deposits "$tq" dp-1 \
		'{"amount":70000}'
	local txn; txn=$(jq '.id' "$TMP/body")
	pattern='/api/v1/savings-accounts/{id}/transactions/{tid}/reversal'
	path="/api/v1/savings-accounts/1/transactions/$txn/reversal"
	expect_http 404 "$label movement of another account" POST \
		"/api/v1/savings-accounts/2/transactions/$txn/reversal" "$tq" sr-1 "$why"
	expect_http 201 "$label savings reversal" POST "$path" "$tq" sr-2 "$why"
	spec_ok POST "$pattern" 201
	jq -e ".kind == \"withdrawal\" and .reverses_txn_id == $txn and .amount == 70000 and
		.account.balance == 0" "$TMP/body" >/dev/null \
		|| fail "$label savings 201 body: $(cat "$TMP/body")"
	expect_http 409 "$label savings twice" POST "$path" "$tq" sr-3 "$why"
	ok "$label HTTP: savings reversal 201, 404 for another account, 409 a second time"
	stop_server
	expect_status 0 cli check
	expect_status 0 cli audit verify
}

run() {
	LABEL=$1
	DB=$2
	loan_db
	add_users
	check_cli "$LABEL"
	check_http "$LABEL"
}

run sqlite "$TMP/reversal.db"
run postgres "$(pg_new_db)"
echo "all reversal checks passed"
