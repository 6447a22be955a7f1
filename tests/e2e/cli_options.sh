#!/usr/bin/env bash
# "An option that is accepted and ignored is worse than one refused" (the --key issue):
# options a subcommand does not use, an argument it does not take, options that only mean
# something together, and on the API query parameters a route does not read and fields
# that only mean something together — each refused with one line (or a 400) naming it,
# nothing changed. Both stores for the API part.
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the user made below (tests only)

DB=$TMP/o.db
expect_status 0 "$TINDUNG" init --db "$DB"
cli() { "$TINDUNG" "$@" --db "$DB"; }
audits() { "$TINDUNG" audit list --db "$DB" --limit 1 --json | jq .total; }

# refused WHAT CMD...: exit 2, one line naming WHAT, nothing written.
refused() {
	local what=$1; shift
	local before; before=$(audits)
	expect_status 2 cli "$@"
	one_line_error "$what"
	[ "$(audits)" = "$before" ] || fail "'$*' wrote"
}

# A shared option table, an option of another subcommand: one per command family.
unused() { refused "tùy chọn '--$1' không dùng cho lệnh '$2'" "${@:3}"; }
unused amount "loan show" loan show 1 --amount 100.000
unused level "loan extend" loan extend --loan 1 --level district --months 3 --instalment 1
unused json "loan repay" loan repay --loan 1 --amount 5 --date 2025-01-01 --json
unused reason "savings deposit" savings deposit 1 --amount 10.000 --reason x
unused amount "savings show" savings show 1 --amount 10.000
unused counted "commune-session record" commune-session record 1 --line deposit:1:5 --counted 5
unused amount "application confirm" application confirm 1 --date 2025-01-01 --amount 5
unused rate "programme show" programme show 1 --rate 7
unused cccd "household show" household show 1 --cccd 031080000001
unused leader "group show" group show 1 --leader 3
unused number "chapter list" chapter list --number 5
unused into "office list" office list --into PGD318
unused teller "point list" point list --teller 3
unused phone "staff list" staff list --phone 0900
unused name "village list" village list --name "Thôn Mới"
unused role "user lock" user lock --username admin --role teller
unused note "capital list" capital list --note x
unused office "ledger accounts" ledger accounts --office HSC
unused jobs "application vote" application vote 1 --date 2025-01-01 --jobs 2
unused from "param list" param list --from 2025-01-01
unused name "calendar list" calendar list --name Tết
unused to "cash receive" cash receive --office PGD314 --amount 5 --from bank --to bank
unused csv "cash limits" cash limits --office PGD314 --csv
unused all "village decide" village decide 1 --all
unused principal "loan unfreeze" loan unfreeze --loan 1 --principal 5
ok "an option of another subcommand is refused, naming it and the subcommand"

refused "tham số thừa '7'" loan repay 7 --loan 1 --amount 5 --date 2025-01-01
refused "tham số thừa '3'" savings open 3 --household 1 --group 1
refused "tham số thừa 'x'" capital add x --code A --kind central --name A --office HSC
refused "tham số thừa '2'" cash position 2 --office HSC --date 2025-01-01
ok "an argument a subcommand does not take is refused"

refused "--from goes with --set" savings rate --office HSC --from 2025-02-01
refused "give the session's id or --point and --date, not both" \
	commune-session show 1 --point DGD-1 --date 2025-01-01
refused "--reduced-for needs --reduced" programme rate 1 --from 2025-06-01 --rate 7 \
	--reduced-for ethnic_minority
refused "applies to nobody" programme rate 1 --from 2025-06-01 --rate 7 --reduced 5
expect_status 0 cli programme rate 1 --from 2025-06-01 --rate 7 --reduced 5 \
	--reduced-for ethnic_minority
ok "options that mean something only together are refused alone"

# The API: a query parameter no handler reads (a typo) is 400, on reads and on writes.
check_api() {
	local label=$1
	DB=$2
	expect_status 0 "$TINDUNG" init --db "$DB"
	PW='mật-khẩu-kiểm-thử'
	printf '%s\n' "$PW" >"$TMP/pw"
	expect_status 0 cli user add --username admin --full-name "Quản trị" --role admin \
		--office HSC --password-file "$TMP/pw"
	start_server "$DB"
	local tok; tok=$(login admin)
	[ -n "$tok" ] || fail "$label: no session"
	expect_http 200 "$label users filtered" GET "/api/v1/users?role=admin" "$tok"
	expect_http 400 "$label a misspelt filter" GET "/api/v1/users?rol=teller" "$tok"
	jq -e '.code == "invalid" and (.detail | contains("'"'"'rol'"'"'"))' "$TMP/body" >/dev/null \
		|| fail "$label 400 body: $(cat "$TMP/body")"
	expect_http 400 "$label a parameter of no route" GET "/api/v1/health?verbose=1" "$tok"
	expect_http 200 "$label static files keep theirs" GET "/?v=2" "$tok"
	local before; before=$(audits)
	expect_http 400 "$label a write with a query parameter" \
		PUT "/api/v1/programmes/1?dry_run=1" "$tok" q-1 '{"ntp_tag":"new_rural"}'
	expect_http 400 "$label reduced_for alone" PUT /api/v1/programmes/1 "$tok" q-2 \
		'{"new_rate":{"effective_from":"2025-06-01","rate_pct":"7","reduced_for":"ethnic_minority"}}'
	jq -e '.detail | contains("reduced_for needs reduced_rate_pct")' "$TMP/body" >/dev/null \
		|| fail "$label reduced_for body: $(cat "$TMP/body")"
	[ "$(audits)" = "$before" ] || fail "$label a refused write wrote"
	stop_server
	ok "$label API: an unknown query parameter is 400 (reads and writes), reduced_for alone is 400"
}

check_api sqlite "$TMP/api.db"
check_api postgres "$(pg_new_db)"
echo "all option checks passed"
