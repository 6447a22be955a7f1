#!/usr/bin/env bash
# `tindung calc`: runs every example of docs/calc.md and compares what it prints (golden
# output kept in the manual itself, so the manual cannot drift), then malformed inputs
# (exit 2, one line on stderr, nothing on stdout) and invalid citizen IDs (exit 1).
#
#   TINDUNG=build/tindung TD_SOURCE=. bash tests/e2e/calc.sh
#   TD_CALC_UPDATE=1 ...   rewrites the outputs in docs/calc.md from the binary (then read
#                          the diff: every changed figure must be checked by hand)
set -euo pipefail
: "${TINDUNG:?TINDUNG must name the built binary}"
SRC=${TD_SOURCE:-$(cd "$(dirname "$0")/../.." && pwd)}
DOC=$SRC/docs/calc.md
TMP=$(mktemp -d /tmp/td-calc.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
# report WHAT: "ok - WHAT" if nothing failed since the last report.
reported=0
report() {
	if [ "$failures" -eq "$reported" ]; then
		echo "ok - $*"
	else
		echo "not ok - $*"
	fi
	reported=$failures
}

tindung() { "$TINDUNG" "$@"; }

# run CMDLINE: runs a documented command line; sets status, fills $TMP/out and $TMP/err.
run() {
	set +e
	eval "$1" >"$TMP/out" 2>"$TMP/err"
	status=$?
	set -e
}

# Streams: an error (2) prints one line on stderr and nothing on stdout; an answer (0, 1)
# prints nothing on stderr.
check_streams() {
	local what=$1
	if [ "$status" -eq 2 ]; then
		[ -s "$TMP/out" ] && fail "$what: exit 2 but printed on stdout: $(cat "$TMP/out")"
		[ "$(wc -l <"$TMP/err")" -eq 1 ] ||
			fail "$what: exit 2 needs one line on stderr, got: $(cat "$TMP/err")"
		grep -q '^tindung calc' "$TMP/err" ||
			fail "$what: stderr does not name the command: $(cat "$TMP/err")"
	elif [ -s "$TMP/err" ]; then
		fail "$what: exit $status with stderr: $(cat "$TMP/err")"
	fi
	return 0
}

# ---- The manual's examples ----
# Inside ```console blocks: "$ tindung calc ..." starts an example, the lines after it are
# its output, and a last line "[exit N]" its status when not 0.
examples=0
cmd=""
expected=""
want_status=0
updated=""

finish_example() {
	[ -n "$cmd" ] || return 0
	examples=$((examples + 1))
	run "$cmd"
	check_streams "$cmd"
	cat "$TMP/out" "$TMP/err" >"$TMP/got"
	printf '%s' "$expected" >"$TMP/want"
	if [ -n "${TD_CALC_UPDATE:-}" ]; then
		[ -s "$TMP/got" ] && updated+=$(cat "$TMP/got")$'\n'
		if [ "$status" -ne 0 ]; then
			updated+="[exit $status]"$'\n'
		fi
	else
		if ! diff -u --label "docs/calc.md: $cmd" --label "tindung printed" \
			"$TMP/want" "$TMP/got" >"$TMP/diff"; then
			fail "output differs:"
			cat "$TMP/diff" >&2
		fi
		[ "$status" -eq "$want_status" ] ||
			fail "$cmd: exit $status, docs/calc.md says $want_status"
	fi
	cmd=""
	return 0
}

in_block=0
while IFS= read -r line || [ -n "$line" ]; do
	if [ "$in_block" -eq 0 ]; then
		[ "$line" = '```console' ] && in_block=1
		updated+=$line$'\n'
		continue
	fi
	if [ "$line" = '```' ]; then
		finish_example
		in_block=0
		updated+=$line$'\n'
	elif [[ "$line" == '$ tindung calc'* ]]; then
		finish_example
		cmd=${line#\$ }
		expected=""
		want_status=0
		updated+=$line$'\n'
	elif [[ "$line" =~ ^\[exit\ ([0-9]+)\]$ ]]; then
		want_status=${BASH_REMATCH[1]}
	elif [ -n "$cmd" ]; then
		expected+=$line$'\n'
	else
		fail "docs/calc.md: output line before any command: $line"
	fi
done <"$DOC"
[ "$in_block" -eq 0 ] || fail "docs/calc.md: a console block is not closed"
[ "$examples" -ge 30 ] || fail "only $examples examples found in docs/calc.md"

if [ -n "${TD_CALC_UPDATE:-}" ]; then
	printf '%s' "$updated" >"$DOC"
	echo "rewrote $DOC from $examples examples; review the diff"
	exit 0
fi
report "$examples examples of docs/calc.md"

# Every calculation has --help and at least one example in the manual.
for sub in $("$TINDUNG" calc --help | awk '/^  [a-z]+ /{print $1}'); do
	run "tindung calc $sub --help"
	[ "$status" -eq 0 ] || fail "calc $sub --help exited $status"
	grep -q '^Cách dùng: tindung calc '"$sub" "$TMP/out" || fail "calc $sub --help: no usage"
	grep -q '^\$ tindung calc '"$sub"' ' "$DOC" || fail "calc $sub has no example in the manual"
done
run "tindung calc"
[ "$status" -eq 2 ] || fail "calc without a calculation exited $status, want 2"
report "help and usage"

# ---- Malformed input: exit 2, one line on stderr naming the problem ----
S='--amount 30.000.000 --date 2024-01-15 --months 12 --every 3'
I='--principal 30.000.000 --rate 6.6 --from 2024-01-15 --to 2024-04-15'
E='--programme 1 --status poor --amount 1.000.000 --months 12 --date 2025-03-01'
malformed=(
	"words|needs an amount"
	"words 12a|'12a'"
	"words 1.000.00|'1.000.00'"
	"words 1000000000000001|'1000000000000001'"
	"words 1 2|unexpected argument '2'"
	"words 1 --chan=yes|takes no value"
	"cccd|needs a citizen ID"
	"cccd 001085012345 --date 2024-13-01|--date '2024-13-01'"
	"cccd 001085012345 --date|cần một giá trị"
	"schedule ${S/--amount 30.000.000/--amount}|cần một giá trị"
	"schedule ${S/ --every 3/}|missing --every"
	"schedule ${S/--months 12/--months 0}|--months phải là số nguyên"
	"schedule ${S/--months 12/--months twelve}|--months phải là số nguyên"
	"schedule ${S/--every 3/--every 0}|--every phải là số nguyên"
	"schedule $S --grace 12|grace 12 months"
	"schedule $S --grace -1|--grace phải là số nguyên"
	"schedule $S --rate 6.66666|--rate '6.66666'"
	"schedule $S --rate -1|--rate '-1'"
	"schedule ${S/30.000.000/0}|loan amount 0"
	"schedule ${S/30.000.000/1.500}|whole thousand"
	"schedule $S --months 24|given twice"
	"schedule $S --convention act360|--convention"
	"schedule $S extra|unexpected argument 'extra'"
	"interest ${I/ --to 2024-04-15/}|missing --to"
	"interest ${I/--rate 6.6/--rate abc}|--rate 'abc'"
	"interest ${I/2024-04-15/15.04.2024}|--to '15.04.2024'"
	"interest $I --state late|--state"
	"interest $I --convention 30/360|--convention"
	"interest ${I/30.000.000/-1}|principal"
	"eligibility ${E/--programme 1 /}|missing --programme"
	"eligibility ${E/--programme 1/--programme 5}|does not exist; known codes"
	"eligibility ${E/poor/rich}|--status"
	"eligibility $E --flag tall|--flag"
	"eligibility $E --flag ethnic_minority,|--flag"
	"eligibility ${E/--months 12/--months -3}|--months phải là số nguyên"
	"eligibility $E --study-months x|--study-months phải là số nguyên"
	"fee --base 1.000 --outstanding 100 --overdue 101|above outstanding"
	"fee --outstanding 100|missing --base"
	"commission --base 100 --rate 101|--rate '101'"
	"score --members 0|--members phải là số nguyên"
	"score --members 10 --members-saving 11|11 members saving out of 10"
	"score --members 10 --overdue 5|overdue 5 is above outstanding 0"
	"square|không có phép tính 'square'"
	"words 1 --square|tùy chọn không hợp lệ '--square'"
)
for case in "${malformed[@]}"; do
	args=${case%%|*}
	needle=${case#*|}
	run "tindung calc $args"
	if [ "$status" -ne 2 ]; then
		fail "calc $args: exit $status, want 2 (stdout: $(cat "$TMP/out"))"
		continue
	fi
	check_streams "calc $args"
	grep -qF -- "$needle" "$TMP/err" ||
		fail "calc $args: stderr lacks '$needle': $(cat "$TMP/err")"
done
report "${#malformed[@]} malformed inputs exit 2 with one line"

# ---- A check that answers no: exit 1, the reason on stdout ----
invalid=(
	"0011234|has 7 digits, needs 12"
	"0010850123456|has 13 digits, needs 12"
	"00108501234đ|character 12 'đ' is not a digit"
	"000085012345|province code 000 does not exist"
	"097085012345|province code 097 does not exist"
	"001299012345 --date 2024-01-01|năm sinh 2099 ở tương lai (ngày đối chiếu 01/01/2024)"
	"031231012345 --date 2025-05-01|năm sinh 2031 ở tương lai"
	"031800012345|năm sinh 2300 ở tương lai"
)
for case in "${invalid[@]}"; do
	args=${case%%|*}
	needle=${case#*|}
	run "tindung calc cccd $args"
	[ "$status" -eq 1 ] || fail "calc cccd $args: exit $status, want 1"
	check_streams "calc cccd $args"
	grep -qF -- "$needle" "$TMP/out" ||
		fail "calc cccd $args: lacks '$needle': $(cat "$TMP/out")"
done
run "tindung calc eligibility ${E/poor/none}"
[ "$status" -eq 1 ] || fail "an ineligible application exited $status, want 1"
report "${#invalid[@]} invalid citizen IDs and an ineligible application exit 1"

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)" >&2
	exit 1
fi
