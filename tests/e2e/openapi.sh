#!/usr/bin/env bash
# docs/openapi.yaml tells the truth about the API (issue 4):
#  1. its "METHOD path" pairs, read with awk from the fixed layout, equal `tindung routes`;
#  2. it is well-formed YAML, OpenAPI 3.1, every operation has a unique operationId, a
#     summary and responses; every $ref resolves; path parameters are declared; writes take
#     Idempotency-Key (and X-CSRF-Token when signed in); errors are problem+json; info.version
#     is `tindung version`; the Problem codes are those of src/base/error.h;
#  3. on SQLite and on PostgreSQL, a server walks through every route (network, chapters,
#     groups, households, poverty list, capital sources and the ledger, member savings,
#     loans' refusals, users, audit) and
#     each answer is checked against the spec: its status is declared, its media type
#     matches, its body fits the schema (required keys, types, enums, formats; a key the
#     schema does not declare is an error too, so a handler that grows a field must grow
#     the spec), and the request bodies sent fit the request schemas.
# OPENAPI_SPEC=FILE checks another file (used to prove that a wrong spec fails).
# Needs python3 with PyYAML (Debian: python3-yaml), curl and jq.
# shellcheck disable=SC2016 # jq filters name their $arguments inside single quotes
source "$(dirname "$0")/lib.sh"
export TD_PWHASH_FAST=1 # cheap argon2id for the users made below (tests only)
: "${TD_SOURCE:?TD_SOURCE must name the source tree}"
SPEC=${OPENAPI_SPEC:-$TD_SOURCE/docs/openapi.yaml}
DATA="$TD_SOURCE/data/vn_admin_units_2025-03-01.csv"
[ -r "$SPEC" ] || fail "missing $SPEC"
[ -r "$DATA" ] || fail "missing $DATA"
python3 -c 'import yaml' 2>/dev/null \
	|| fail "python3 with PyYAML is needed (Debian package python3-yaml, scripts/install-deps)"

# ---- 1. Routes: the spec's paths and methods against the route table -------------------

# Prints "METHOD /path" for every operation; "LAYOUT <line>" for a line at path indent
# inside "paths:" that is not a bare "  /path:" (the layout this reader depends on).
spec_routes() {
	awk '
		/^paths:[ \t]*$/ { inside = 1; next }
		inside && /^[^ #]/ { inside = 0 }
		!inside { next }
		/^  [^ #]/ {
			if ($0 !~ /^  \/[^ ]*:[ \t]*$/) { print "LAYOUT " $0; next }
			path = $1; sub(/:$/, "", path); next
		}
		/^    (get|put|post|delete|patch|head|options|trace):/ {
			m = $1; sub(/:.*/, "", m); print toupper(m), path
		}
	' "$1"
}

spec_routes "$SPEC" | sort >"$TMP/spec.routes"
"$TINDUNG" routes | sort >"$TMP/table.routes"
if grep -q '^LAYOUT' "$TMP/spec.routes"; then
	fail "$SPEC: write paths as '  /path:' at two spaces: $(grep '^LAYOUT' "$TMP/spec.routes")"
fi
[ -s "$TMP/table.routes" ] || fail "tindung routes printed nothing"
if ! diff -u --label 'tindung routes' --label "$SPEC" "$TMP/table.routes" "$TMP/spec.routes" \
	>"$TMP/routes.diff"; then
	cat "$TMP/routes.diff" >&2
	fail "spec and route table disagree ('-' only in tindung routes, '+' only in the spec)"
fi
ok "spec and route table agree: $(wc -l <"$TMP/table.routes") operations"

# ---- 2. Structure --------------------------------------------------------------------

VERSION=$("$TINDUNG" version | awk '{print $2}')
[ -n "$VERSION" ] || fail "tindung version printed no version"
# The stable error names of src/base/error.h, but "ok".
awk -F'"' '/^[ \t]*X\([A-Z]+, "/ && $2 != "ok" {print $2}' "$TD_SOURCE/src/base/error.h" \
	| sort >"$TMP/error.codes"
[ -s "$TMP/error.codes" ] || fail "no error codes read from src/base/error.h"

python3 - "$SPEC" "$TMP/spec.json" "$VERSION" "$TMP/spec.routes" "$TMP/error.codes" <<'PY' \
	|| fail "$SPEC: structure (see above)"
import json, re, sys
import yaml

spec_file, json_out, version, routes_file, codes_file = sys.argv[1:6]
problems = []
def bad(msg):
    problems.append(msg)

try:
    with open(spec_file, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
except yaml.YAMLError as e:
    print(f"{spec_file}: not well-formed YAML: {e}", file=sys.stderr)
    sys.exit(1)

def walk(node, where):
    """Keys must be strings (YAML 1.1 reads a bare on/yes/no as a boolean)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if not isinstance(k, str):
                bad(f"{where}: key {k!r} is not a string: quote it")
            walk(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, f"{where}/{i}")
walk(spec, "")

def ref_target(ref):
    if not ref.startswith("#/"):
        return None
    node = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node

def check_refs(node, where):
    if isinstance(node, dict):
        if "$ref" in node and ref_target(node["$ref"]) is None:
            bad(f"{where}: $ref {node['$ref']} does not resolve")
        for k, v in node.items():
            check_refs(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            check_refs(v, f"{where}/{i}")
check_refs(spec, "")

def deref(node):
    while isinstance(node, dict) and "$ref" in node:
        node = ref_target(node["$ref"]) or {}
    return node

if not str(spec.get("openapi", "")).startswith("3.1."):
    bad(f"openapi is {spec.get('openapi')!r}, expected 3.1.x")
info = spec.get("info") or {}
if info.get("title") != "tindung":
    bad(f"info.title is {info.get('title')!r}, expected 'tindung'")
if str(info.get("version")) != version:
    bad(f"info.version is {info.get('version')!r}, but tindung version says {version}")
if spec.get("servers") != [{"url": "/"}]:
    bad(f"servers is {spec.get('servers')!r}, expected [{{url: /}}]")
comps = spec.get("components") or {}
schemes = comps.get("securitySchemes") or {}
cookie = schemes.get("cookieAuth") or {}
if (cookie.get("type"), cookie.get("in"), cookie.get("name")) != ("apiKey", "cookie", "td_session"):
    bad("components.securitySchemes.cookieAuth must be apiKey in cookie td_session")
if (schemes.get("bearerAuth") or {}).get("scheme") != "bearer":
    bad("components.securitySchemes.bearerAuth must be http bearer")
for name in ("Problem", "Page"):
    if name not in (comps.get("schemas") or {}):
        bad(f"components.schemas.{name} is missing")
problem = (comps.get("schemas") or {}).get("Problem") or {}
for key in ("type", "title", "status", "detail", "code", "instance"):
    if key not in (problem.get("required") or []):
        bad(f"Problem must require '{key}' (RFC 9457 and respond.c)")
with open(codes_file) as f:
    codes = set(f.read().split())
enum = set(((problem.get("properties") or {}).get("code") or {}).get("enum") or [])
if enum != codes:
    bad(f"Problem.code enum differs from src/base/error.h: missing {sorted(codes - enum)}, "
        f"extra {sorted(enum - codes)}")

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
seen_ids = {}
yaml_routes = []
global_security = spec.get("security")
for path, item in (spec.get("paths") or {}).items():
    item = item or {}
    templ = set(re.findall(r"\{([^}]+)\}", path))
    path_params = [deref(p) for p in item.get("parameters") or []]
    for method, op in item.items():
        if method not in METHODS:
            continue
        where = f"{method.upper()} {path}"
        yaml_routes.append(where)
        op = op or {}
        oid = op.get("operationId")
        if not isinstance(oid, str) or not re.fullmatch(r"[a-z][A-Za-z0-9]*", oid):
            bad(f"{where}: operationId {oid!r} missing or not camelCase")
        elif oid in seen_ids:
            bad(f"{where}: operationId {oid} also used by {seen_ids[oid]}")
        else:
            seen_ids[oid] = where
        if not isinstance(op.get("summary"), str) or not op["summary"].strip():
            bad(f"{where}: no summary")
        responses = op.get("responses") or {}
        if not responses:
            bad(f"{where}: no responses")
        if not any(str(s).startswith("2") for s in responses):
            bad(f"{where}: no success (2xx) response")
        params = path_params + [deref(p) for p in op.get("parameters") or []]
        names = {(p.get("in"), p.get("name")) for p in params}
        declared = {n for (i, n) in names if i == "path"}
        if declared != templ:
            bad(f"{where}: path parameters declared {sorted(declared)}, "
                f"template has {sorted(templ)}")
        for p in params:
            if p.get("in") == "path" and p.get("required") is not True:
                bad(f"{where}: path parameter {p.get('name')} must be required")
        security = op.get("security", global_security)
        if security and "401" not in responses:
            bad(f"{where}: signed-in operation without a 401 response")
        if method != "get":
            if ("header", "Idempotency-Key") not in names:
                bad(f"{where}: a write without the Idempotency-Key parameter")
            if security and ("header", "X-CSRF-Token") not in names:
                bad(f"{where}: a signed-in write without the X-CSRF-Token parameter")
        for status, resp in responses.items():
            resp = deref(resp)
            content = resp.get("content") or {}
            if str(status).startswith(("4", "5")) or status == "default":
                media = content.get("application/problem+json") or {}
                if (media.get("schema") or {}).get("$ref") != "#/components/schemas/Problem":
                    bad(f"{where} {status}: must be application/problem+json with "
                        "the Problem schema")
            elif status != "204" and "application/json" not in content:
                bad(f"{where} {status}: no application/json content")
        body = op.get("requestBody")
        if body and "application/json" not in (deref(body).get("content") or {}):
            bad(f"{where}: the request body must be application/json")

with open(routes_file) as f:
    awk_routes = sorted(f.read().splitlines())
if sorted(yaml_routes) != awk_routes:
    bad("the YAML parser and the awk reader see different operations: keep the layout "
        f"plain (YAML: {sorted(set(yaml_routes) ^ set(awk_routes))})")

for p in problems:
    print(f"{spec_file}: {p}", file=sys.stderr)
with open(json_out, "w", encoding="utf-8") as f:
    json.dump(spec, f)
sys.exit(1 if problems else 0)
PY
ok "spec is well-formed OpenAPI $(jq -r .openapi "$TMP/spec.json"), version $VERSION"

# ---- 3. Real answers against the schemas ---------------------------------------------

# call WANT METHOD PATTERN PATH [BODY]: one request as the current user ($AUTH: curl args),
# kept in $EX/NNN.{meta,req,head,body} for the schema check; fails unless HTTP WANT.
# Writes carry a fresh Idempotency-Key. $LAST is the answer's file.
call() {
	local want=$1 method=$2 pattern=$3 path=$4
	N=$((N + 1))
	local f; f=$EX/$(printf %03d "$N")
	local args=(-sS -o "$f.body" -D "$f.head" -w '%{http_code}' -X "$method" "${AUTH[@]}")
	if [ $# -ge 5 ]; then
		printf '%s' "$5" >"$f.req"
		args+=(-H 'Content-Type: application/json' --data-binary "@$f.req")
	fi
	[ "$method" = GET ] || [ -n "${NOKEY:-}" ] || args+=(-H "Idempotency-Key: ${KEY:-oas-$N}")
	local got; got=$(curl "${args[@]}" "$BASE$path")
	printf '%s %s %s\n' "$method" "$pattern" "$got" >"$f.meta"
	[ "$got" = "$want" ] \
		|| fail "$LABEL $method $path: HTTP $got, expected $want: $(cat "$f.body")"
	LAST=$f.body
}
# jv FILTER: a value of the last answer.
jv() { jq -r "$1" "$LAST"; }

# A household body: CCCD suffix, name, extra fields as jq; a man born 1980 in Hải Phòng (031),
# as the citizen ID says.
household_json() {
	jq -nc --arg cccd "$(printf '0310800%05d' "$1")" --arg name "$2" --argjson v "$VILLAGE" \
		"{cccd: \$cccd, head_name: \$name, village_id: \$v, members: 4} + ${3:-{\}}"
}

# body JQ [--argjson NAME VALUE]...: a request body built by jq from the ids in hand.
body() {
	local filter=$1; shift
	jq -nc "$@" "$filter"
}

walk_routes() {
	local db=$1
	N=0
	EX=$TMP/ex.$LABEL
	mkdir -p "$EX"
	expect_status 0 "$TINDUNG" import admin-units "$DATA" --db "$db" --province 31 --offices \
		--date 2024-01-01
	printf 'mật-khẩu-quản-trị\n' >"$TMP/pw"
	expect_status 0 "$TINDUNG" user add --db "$db" --username admin \
		--full-name "Quản trị viên" --role admin --office HSC --password-file "$TMP/pw"
	start_server "$db"

	# Sessions: anonymous, sign-in by cookie, then the bearer token for everything else.
	AUTH=()
	call 200 GET /api/v1/health /api/v1/health
	local today; today=$(jv .business_date)
	call 401 GET /api/v1/me /api/v1/me
	AUTH=(-c "$TMP/jar.$LABEL")
	call 200 POST /api/v1/login /api/v1/login \
		'{"username":"admin","password":"mật-khẩu-quản-trị"}'
	local csrf; csrf=$(jv .csrf_token)
	local token; token=$(awk '$6 == "td_session" {print $7}' "$TMP/jar.$LABEL")
	[ ${#token} -eq 64 ] || fail "$LABEL: no session token in the cookie jar"
	AUTH=(-H "Authorization: Bearer $token")
	call 200 GET /api/v1/me /api/v1/me

	# Network: offices (create, rename, merge), admin units, villages, staff, points.
	call 200 GET /api/v1/offices '/api/v1/offices?kind=district&limit=500'
	local pgd; pgd=$(jv '.items[] | select(.code == "PGD314") | .id')
	local branch; branch=$(jv '.items[] | select(.code == "PGD314") | .parent_id')
	if [ -z "$pgd" ] || [ -z "$branch" ]; then fail "$LABEL: office PGD314 not imported"; fi
	call 200 GET /api/v1/offices '/api/v1/offices?date=2024-06-01&limit=3'
	call 201 POST /api/v1/offices /api/v1/offices "$(body '{code: "PGD-OAS", kind: "district",
		name: "PGD thử", parent_id: $b, district_code: "314", valid_from: "2024-01-01"}' \
		--argjson b "$branch")"
	local spare; spare=$(jv .id)
	call 200 PUT '/api/v1/offices/{id}' "/api/v1/offices/$spare" \
		'{"name":"PGD thử (đổi tên)","date":"2024-02-01"}'
	call 200 GET '/api/v1/offices/{id}' "/api/v1/offices/$spare?date=2024-01-15"
	call 200 POST '/api/v1/offices/{id}/merge' "/api/v1/offices/$pgd/merge" \
		"{\"sources\":[$spare],\"date\":\"2024-03-01\"}"
	call 200 GET /api/v1/admin-units '/api/v1/admin-units?level=commune&parent=314&limit=5'
	call 201 POST /api/v1/villages /api/v1/villages \
		'{"commune_code":"11695","name":"Thôn Đông","valid_from":"2024-01-01"}'
	VILLAGE=$(jv .id)
	call 200 GET /api/v1/villages '/api/v1/villages?commune=11695'

	local staff='{office_id: $o, full_name: $n, role: $r, valid_from: "2024-01-01"}'
	call 201 POST /api/v1/staff /api/v1/staff "$(body "$staff + {phone: \"0912345678\",
		communes: [\"11695\"]}" --argjson o "$pgd" --arg n "Nguyễn Văn An" \
		--arg r credit_officer)"
	local officer; officer=$(jv .id)
	call 201 POST /api/v1/staff /api/v1/staff \
		"$(body "$staff" --argjson o "$pgd" --arg n "Trần Văn Bảo" --arg r credit_officer)"
	local officer2; officer2=$(jv .id)
	call 201 POST /api/v1/staff /api/v1/staff \
		"$(body "$staff" --argjson o "$pgd" --arg n "Lê Thị Bình" --arg r teller)"
	local teller; teller=$(jv .id)
	call 201 POST /api/v1/staff /api/v1/staff \
		"$(body "$staff" --argjson o "$pgd" --arg n "Phạm Văn Cường" --arg r controller)"
	local controller; controller=$(jv .id)
	call 200 PUT '/api/v1/staff/{id}' "/api/v1/staff/$officer2" \
		'{"phone":"0987654321","communes":["11695"],"date":"2024-01-15"}'
	call 200 GET '/api/v1/staff/{id}' "/api/v1/staff/$officer"
	call 200 GET /api/v1/staff "/api/v1/staff?office_id=$pgd&role=credit_officer"

	call 201 POST /api/v1/points /api/v1/points "$(body '{code: "DGD-11695", office_id: $o,
		name: "Điểm giao dịch xã Đông Phương", place: "Trụ sở UBND xã", meeting_day: 17,
		communes: ["11695"], team: {leader: $l, teller: $t}, valid_from: "2024-01-01"}' \
		--argjson o "$pgd" --argjson l "$officer" --argjson t "$teller")"
	local point; point=$(jv .id)
	call 200 PUT '/api/v1/points/{id}' "/api/v1/points/$point" "$(body '{date: "2024-02-01",
		team: {leader: $l, controller: $c, teller: $t}}' --argjson l "$officer" \
		--argjson c "$controller" --argjson t "$teller")"
	call 200 GET '/api/v1/points/{id}' "/api/v1/points/$point?date=2024-01-15"
	call 200 GET /api/v1/points '/api/v1/points?commune=11695'

	# Households: flags as an array and as text.
	call 201 POST /api/v1/households /api/v1/households \
		"$(household_json 1 'Nguyễn Văn Một' '{flags: ["disabled"], phone: "0912000001"}')"
	local h1; h1=$(jv .id)
	local hh=("$h1") names=(Hai Ba Bốn Năm Sáu Bảy) i
	for i in 0 1 2 3 4 5; do
		call 201 POST /api/v1/households /api/v1/households \
			"$(household_json $((i + 2)) "Nguyễn Văn ${names[i]}" '{flags: "rural"}')"
		hh+=("$(jv .id)")
	done
	call 200 PUT '/api/v1/households/{id}' "/api/v1/households/$h1" \
		"$(household_json 1 'Nguyễn Văn Một' '{flags: ["disabled"], phone: "0912000009"}')"
	call 200 GET /api/v1/households '/api/v1/households?q=nguyen%20van&limit=3'
	[ "$(jv .total)" = 7 ] || fail "$LABEL: search without diacritics: $(cat "$LAST")"

	# Chapters, contracts, and groups through their whole life.
	call 201 POST /api/v1/chapters /api/v1/chapters "$(body '{org: "women", level: "commune",
		admin_code: "11695", office_id: $o, name: "Hội LHPN xã Đông Phương",
		valid_from: "2024-01-01"}' --argjson o "$pgd")"
	local chapter; chapter=$(jv .id)
	call 200 PUT '/api/v1/chapters/{id}' "/api/v1/chapters/$chapter" \
		'{"name":"Hội Liên hiệp Phụ nữ xã Đông Phương"}'
	call 200 GET '/api/v1/chapters/{id}' "/api/v1/chapters/$chapter"
	call 200 GET /api/v1/chapters '/api/v1/chapters?org=women&on=2024-06-01'
	call 201 POST /api/v1/contracts /api/v1/contracts "$(body '{chapter_id: $c, office_id: $o,
		number: "05/HĐUT", signed_on: "2024-01-15",
		parties: "PGD NHCSXH Kiến Thụy và Hội LHPN xã Đông Phương"}' \
		--argjson c "$chapter" --argjson o "$pgd")"
	call 200 GET /api/v1/contracts "/api/v1/contracts?chapter_id=$chapter"

	call 201 POST /api/v1/groups /api/v1/groups "$(body '{code: "TK-0101",
		name: "Tổ TK&VV thôn Đông", village_id: $v, chapter_id: $c, point_id: $p,
		officer_staff_id: $s, decision_no: "12/QĐ-UBND", decision_date: "2024-02-01",
		founded_on: "2024-02-10", members: $m[0:6], leader_household_id: $m[0]}' \
		--argjson v "$VILLAGE" --argjson c "$chapter" --argjson p "$point" \
		--argjson s "$officer" --argjson m "[$(IFS=,; echo "${hh[*]}")]")"
	local group; group=$(jv .id)
	call 200 PUT '/api/v1/groups/{id}' "/api/v1/groups/$group" \
		'{"name":"Tổ TK&VV số 1 thôn Đông"}'
	call 201 POST '/api/v1/groups/{id}/members' "/api/v1/groups/$group/members" \
		"{\"household_id\":${hh[6]},\"joined_on\":\"2024-03-01\"}"
	call 200 POST '/api/v1/groups/{id}/members/{hid}/role' \
		"/api/v1/groups/$group/members/${hh[6]}/role" '{"role":"deputy","on":"2024-03-05"}'
	call 200 GET '/api/v1/groups/{id}' "/api/v1/groups/$group?as_of=2024-03-06"
	call 200 POST '/api/v1/groups/{id}/members/{hid}/leave' \
		"/api/v1/groups/$group/members/${hh[6]}/leave" '{"left_on":"2024-03-10"}'
	call 201 POST '/api/v1/groups/{id}/split' "/api/v1/groups/$group/split" \
		"$(body '{on: "2024-04-01", code: "TK-0102", name: "Tổ TK&VV số 2 thôn Đông",
		decision_no: "20/QĐ-UBND", decision_date: "2024-03-25", members: [$a, $b, $c],
		leader_household_id: $a}' --argjson a "${hh[3]}" --argjson b "${hh[4]}" \
		--argjson c "${hh[5]}")"
	local split; split=$(jv .id)
	call 200 GET /api/v1/groups /api/v1/groups
	call 200 GET '/api/v1/groups/{id}/members' "/api/v1/groups/$split/members"
	call 200 POST '/api/v1/groups/{id}/merge' "/api/v1/groups/$group/merge" \
		"{\"from_group_id\":$split,\"on\":\"2024-05-01\"}"
	call 200 POST '/api/v1/groups/{id}/move' "/api/v1/groups/$group/move" \
		"{\"officer_staff_id\":$officer2,\"on\":\"2024-06-01\"}"
	call 200 GET '/api/v1/groups/{id}/history' "/api/v1/groups/$group/history"
	call 200 GET '/api/v1/groups/{id}/members' "/api/v1/groups/$group/members?all=1"
	call 200 GET /api/v1/households "/api/v1/households?group_id=$group"
	call 200 GET '/api/v1/households/{id}' "/api/v1/households/$h1"
	call 200 POST '/api/v1/groups/{id}/close' "/api/v1/groups/$group/close" \
		'{"on":"2024-12-01"}'
	call 200 GET /api/v1/groups '/api/v1/groups?status=all'

	# The poverty list: a dry run, then the import; one household changes status, one is
	# new, one row is rejected.
	local csv list
	csv=$'cccd,head_name,village,status,members\n'
	csv+=$'031080000001,Nguyễn Văn Một,Thôn Đông,nghèo,4\n'
	csv+=$'031080000099,Trần Văn Mới,Thôn Đông,cận nghèo,3\n'
	csv+=$'0310800,Sai Số,Thôn Đông,nghèo,2\n'
	list=$(body '{commune_code: "11695", year: 2025, file_name: "ds_2025.csv", csv: $csv}' \
		--arg csv "$csv")
	# A dry run under an Idempotency-Key: its own rollback must not break the answer,
	# and replaying the key runs it again (nothing was booked to remember).
	local dry; dry=$(jq -c '. + {dry_run: true}' <<<"$list")
	KEY=dry-run-1 call 200 POST /api/v1/poverty-imports /api/v1/poverty-imports "$dry"
	KEY=dry-run-1 call 200 POST /api/v1/poverty-imports /api/v1/poverty-imports "$dry"
	call 201 POST /api/v1/poverty-imports /api/v1/poverty-imports "$list"
	[ "$(jv '.counts | "\(.new_households) \(.status_changed) \(.rejected)"')" = "1 1 1" ] \
		|| fail "$LABEL: poverty import counts: $(cat "$LAST")"
	call 200 GET /api/v1/poverty-imports '/api/v1/poverty-imports?commune_code=11695'
	call 200 GET '/api/v1/households/{id}' "/api/v1/households/$h1"
	[ "$(jv '.poverty_status[0].status')" = poor ] \
		|| fail "$LABEL: status history: $(cat "$LAST")"

	# The books (docs/ledger.md): a local capital source, money in and out, the ledger.
	call 201 POST /api/v1/capital-sources /api/v1/capital-sources "$(body '{code: "DP-HP",
		kind: "local", name: "Vốn ủy thác TP Hải Phòng", office_id: $o,
		investor: "UBND thành phố Hải Phòng", investor_code: "UB-31",
		investor_level: "province"}' --argjson o "$pgd")"
	local source; source=$(jv .id)
	call 201 POST /api/v1/capital-sources /api/v1/capital-sources "$(body '{code: "TW-NS",
		kind: "central", name: "Vốn ngân sách trung ương", office_id: $o}' --argjson o "$pgd")"
	call 201 POST '/api/v1/capital-sources/{id}/transfers' \
		"/api/v1/capital-sources/$source/transfers" \
		'{"direction":"in","amount":1000000000,"note":"QĐ 12/QĐ-UBND"}'
	[ "$(jv '.source.available')" = 1000000000 ] || fail "$LABEL: transfer in: $(cat "$LAST")"
	call 201 POST '/api/v1/capital-sources/{id}/transfers' \
		"/api/v1/capital-sources/$source/transfers" '{"direction":"out","amount":300000000}'
	call 422 POST '/api/v1/capital-sources/{id}/transfers' \
		"/api/v1/capital-sources/$source/transfers" '{"direction":"out","amount":800000000}'
	call 400 POST '/api/v1/capital-sources/{id}/transfers' \
		"/api/v1/capital-sources/$source/transfers" '{"direction":"in","amount":"1.000"}'
	call 200 GET '/api/v1/capital-sources/{id}' "/api/v1/capital-sources/$source"
	[ "$(jv '"\(.entrusted) \(.returned) \(.available)"')" = "1000000000 300000000 700000000" ] \
		|| fail "$LABEL: capital source figures: $(cat "$LAST")"
	call 200 GET /api/v1/capital-sources '/api/v1/capital-sources?limit=10'
	call 200 GET /api/v1/trial-balance '/api/v1/trial-balance?office=PGD314'
	[ "$(jv '"\(.balanced) \(.total.debit) \(.total.credit)"')" = "true 1300000000 1300000000" ] \
		|| fail "$LABEL: trial balance: $(cat "$LAST")"
	call 200 GET /api/v1/trial-balance "/api/v1/trial-balance?office_id=$pgd&date=2099-12-31"
	call 200 GET /api/v1/ledger/entries "/api/v1/ledger/entries?office_id=$pgd&limit=5"
	[ "$(jv .total)" = 2 ] || fail "$LABEL: ledger entries: $(cat "$LAST")"
	call 200 GET /api/v1/ledger/accounts /api/v1/ledger/accounts
	call 404 GET /api/v1/trial-balance '/api/v1/trial-balance?office=KHONG-CO'

	# Dated parameters and the calendar (docs/parameters.md): a value from a date, one
	# dated before the latest refused, a malformed one, the programme terms of a day.
	call 200 GET /api/v1/params '/api/v1/params?date=2025-01-01'
	call 201 POST /api/v1/params /api/v1/params \
		'{"name":"fee.rate","scope":"12","effective_from":"2026-01-01","value":"0.002","source":"oas"}'
	[ "$(jv '.programmes["12"]')" = 0.002 ] || fail "$LABEL: param set: $(cat "$LAST")"
	call 422 POST /api/v1/params /api/v1/params \
		'{"name":"fee.rate","scope":"12","effective_from":"2025-06-01","value":"0.002","source":"oas"}'
	call 400 POST /api/v1/params /api/v1/params \
		'{"name":"fee.tiers","effective_from":"2026-01-01","value":"3:100,2:80","source":"oas"}'
	call 200 GET /api/v1/calendar '/api/v1/calendar?from=2025-01-01&to=2025-12-31'
	[ "$(jv .working_days)" = 250 ] || fail "$LABEL: calendar 2025: $(cat "$LAST")"
	call 200 POST /api/v1/calendar /api/v1/calendar \
		'{"day":"2025-06-02","kind":"holiday","name":"Nghỉ thử"}'
	call 400 POST /api/v1/calendar /api/v1/calendar '{"day":"2025-06-01","kind":"holiday","name":"CN"}'
	call 200 GET /api/v1/programmes/{code} '/api/v1/programmes/7?date=2025-03-01'
	[ "$(jv '"\(.grace_months) \(.caps[0].amount) \(.caps[0].scope)"')" = "60 25000000 borrower" ] \
		|| fail "$LABEL: programme 7: $(cat "$LAST")"

	# Cash (docs/cash.md, R-CASH-1): the office's vault limit set from above, the position
	# of the branch's subtree, and remittances by a teller of the office (administrators
	# move no cash).
	local limit; limit=$(body '{office_id: $o, amount: 500000000, effective_from: $d,
		note: "QĐ 3/QĐ-CN31"}' --argjson o "$pgd" --arg d "$today")
	call 201 POST /api/v1/vault-limits /api/v1/vault-limits "$limit"
	call 409 POST /api/v1/vault-limits /api/v1/vault-limits "$limit"
	call 200 GET /api/v1/vault-limits '/api/v1/vault-limits?office=PGD314'
	call 200 GET /api/v1/cash-position "/api/v1/cash-position?office_id=$branch"
	[ "$(jv '"\(.over_limit) \(.offices[0].closing) \(.offices[0].excess)"')" = \
		"1 700000000 200000000" ] || fail "$LABEL: cash position: $(cat "$LAST")"
	local remit='{office_id: $o, direction: "remit", counterparty: $c, amount: $a}'
	call 403 POST /api/v1/cash-remittances /api/v1/cash-remittances \
		"$(body "$remit" --argjson o "$pgd" --arg c branch --argjson a 200000000)"
	call 201 POST /api/v1/users /api/v1/users '{"username": "thu.quy",
		"full_name": "Lê Thị Quỹ", "role": "teller", "office_code": "PGD314",
		"password": "mật-khẩu-thủ-quỹ"}'
	local admin_auth=("${AUTH[@]}") teller
	teller=$(curl -sS -D - -o /dev/null -X POST "$BASE/api/v1/login" \
		-H 'Content-Type: application/json' \
		--data '{"username":"thu.quy","password":"mật-khẩu-thủ-quỹ"}' |
		grep -io 'td_session=[0-9a-f]*' | cut -d= -f2)
	[ ${#teller} -eq 64 ] || fail "$LABEL: the teller could not sign in"
	AUTH=(-H "Authorization: Bearer $teller")
	call 201 POST /api/v1/cash-remittances /api/v1/cash-remittances \
		"$(body "$remit + {date: \$d, note: \"Nộp số vượt hạn mức\"}" --argjson o "$pgd" \
		--arg c branch --argjson a 200000000 --arg d "$today")"
	[ "$(jv '"\(.vault) \(.branch_id)"')" = "500000000 $branch" ] \
		|| fail "$LABEL: remittance: $(cat "$LAST")"
	call 422 POST /api/v1/cash-remittances /api/v1/cash-remittances \
		"$(body "$remit" --argjson o "$pgd" --arg c bank --argjson a 900000000)"
	call 400 POST /api/v1/cash-remittances /api/v1/cash-remittances \
		"$(body "$remit + {date: \"2000-01-01\"}" --argjson o "$pgd" --arg c bank \
		--argjson a 1000)"
	AUTH=("${admin_auth[@]}")
	call 200 GET /api/v1/cash-position '/api/v1/cash-position?office=CN31'
	[ "$(jv '"\(.over_limit) \(.total.inter_office) \(.total.bank_deposit)"')" = \
		"0 0 200000000" ] || fail "$LABEL: cash position after: $(cat "$LAST")"

	# Member savings (docs/savings.md, R-SAV-1): the branch's deposit rate, a new group of
	# three (the first one is closed), an account with a deposit, a withdrawal, refusals
	# under the minimum and over the balance, and a day of interest.
	call 201 POST /api/v1/savings-rates /api/v1/savings-rates \
		"{\"office_id\":$branch,\"rate_pct\":\"0.5\",\"effective_from\":\"2024-12-01\"}"
	[ "$(jv '"\(.rate) \(.rate_pct)"')" = "5000 0.5" ] || fail "$LABEL: savings rate: $(cat "$LAST")"
	call 200 GET /api/v1/savings-rates "/api/v1/savings-rates?office_id=$branch"
	call 400 POST /api/v1/savings-rates /api/v1/savings-rates \
		"{\"office_id\":$pgd,\"rate_pct\":\"0.5\",\"effective_from\":\"2024-12-01\"}"
	local sv=() given=(Gửi Góp Tích) i
	for i in 0 1 2; do
		call 201 POST /api/v1/households /api/v1/households \
			"$(household_json $((i + 20)) "Lê Văn ${given[i]}")"
		sv+=("$(jv .id)")
	done
	call 201 POST /api/v1/groups /api/v1/groups "$(body '{code: "TK-0103",
		name: "Tổ TK&VV số 3 thôn Đông", village_id: $v, chapter_id: $c, point_id: $p,
		officer_staff_id: $s, decision_no: "40/QĐ-UBND", decision_date: "2024-12-10",
		founded_on: "2024-12-15", members: $m, leader_household_id: $m[0]}' \
		--argjson v "$VILLAGE" --argjson c "$chapter" --argjson p "$point" \
		--argjson s "$officer" --argjson m "[$(IFS=,; echo "${sv[*]}")]")"
	local sgroup; sgroup=$(jv .id)
	local open='{household_id: $h, group_id: $g}'
	call 201 POST /api/v1/savings-accounts /api/v1/savings-accounts \
		"$(body "$open" --argjson h "${sv[0]}" --argjson g "$sgroup")"
	local acc; acc=$(jv .id)
	call 409 POST /api/v1/savings-accounts /api/v1/savings-accounts \
		"$(body "$open" --argjson h "${sv[0]}" --argjson g "$sgroup")"
	call 201 POST '/api/v1/savings-accounts/{id}/deposits' \
		"/api/v1/savings-accounts/$acc/deposits" '{"amount":1000000}'
	[ "$(jv '"\(.kind) \(.amount) \(.account.balance)"')" = "deposit 1000000 1000000" ] \
		|| fail "$LABEL: savings deposit: $(cat "$LAST")"
	call 422 POST '/api/v1/savings-accounts/{id}/deposits' \
		"/api/v1/savings-accounts/$acc/deposits" '{"amount":4000}'
	call 201 POST '/api/v1/savings-accounts/{id}/withdrawals' \
		"/api/v1/savings-accounts/$acc/withdrawals" '{"amount":200000}'
	call 422 POST '/api/v1/savings-accounts/{id}/withdrawals' \
		"/api/v1/savings-accounts/$acc/withdrawals" '{"amount":900000}'
	call 201 POST '/api/v1/savings-accounts/{id}/interest' \
		"/api/v1/savings-accounts/$acc/interest" '{"from":"2025-01-01","to":"2025-01-02"}'
	# 800,000 đồng for one day at 0.5 % a year: 10.96, rounded once to 11 đồng.
	[ "$(jv '"\(.amount) \(.account.balance)"')" = "11 800011" ] \
		|| fail "$LABEL: savings interest: $(cat "$LAST")"
	call 400 POST '/api/v1/savings-accounts/{id}/interest' \
		"/api/v1/savings-accounts/$acc/interest" '{"from":"2025-01-02","to":"2025-01-01"}'
	call 201 POST /api/v1/savings-accounts /api/v1/savings-accounts \
		"$(body "$open" --argjson h "${sv[1]}" --argjson g "$sgroup")"
	call 200 POST '/api/v1/savings-accounts/{id}/interest' \
		"/api/v1/savings-accounts/$(jv .id)/interest" '{"from":"2025-01-01","to":"2025-01-02"}'
	call 200 GET '/api/v1/savings-accounts/{id}' "/api/v1/savings-accounts/$acc"
	[ "$(jv '[.txns[].kind] | join(",")')" = deposit,withdrawal,interest ] \
		|| fail "$LABEL: savings account: $(cat "$LAST")"
	call 200 GET /api/v1/savings-accounts "/api/v1/savings-accounts?group_id=$sgroup&limit=5"
	[ "$(jv .total)" = 2 ] || fail "$LABEL: savings list: $(cat "$LAST")"
	call 404 GET '/api/v1/savings-accounts/{id}' /api/v1/savings-accounts/999999

	# Loans (docs/loans.md): the walk approves no application, so the loan routes answer
	# their refusals here; tests/e2e/loan.sh disburses and repays on both stores.
	call 200 GET /api/v1/loans '/api/v1/loans?status=in_term&inactive=true&limit=5'
	[ "$(jv .total)" = 0 ] || fail "$LABEL: loans: $(cat "$LAST")"
	call 400 GET /api/v1/loans '/api/v1/loans?inactive=perhaps'
	# The credit officer's worklist (docs/worklist.md): its sections with no loan yet and
	# the point's next session; tests/e2e/worklist.sh fills them.
	call 200 GET /api/v1/worklist "/api/v1/worklist?officer=$officer"
	[ "$(jv '.sessions[0].session_date')" != null ] || fail "$LABEL: worklist: $(cat "$LAST")"
	call 400 GET /api/v1/worklist "/api/v1/worklist?officer=$teller"
	call 404 GET /api/v1/worklist '/api/v1/worklist?officer=999999'
	call 400 GET /api/v1/worklist '/api/v1/worklist?date=2000-01-01'
	call 404 GET '/api/v1/loans/{id}' /api/v1/loans/999999
	call 404 POST /api/v1/loans /api/v1/loans "$(body '{application_id: 999999, source_id: $s,
		amount: 30000000, disbursed_on: "2024-12-20"}' --argjson s "$source")"
	call 400 POST /api/v1/loans /api/v1/loans '{"application_id":1,"amount":"30.000.000"}'
	call 404 POST '/api/v1/loans/{id}/repayments' /api/v1/loans/999999/repayments \
		'{"amount":100000,"paid_on":"2024-12-20"}'
	call 404 GET '/api/v1/loans/{id}/events' /api/v1/loans/999999/events
	call 404 POST '/api/v1/loans/{id}/events' /api/v1/loans/999999/events \
		'{"kind":"write_off","decision_no":"03/QĐ-TTg","decided_on":"2024-12-20",
		"reason":"Người vay chết","approver_id":999998,"level":"central","principal":"all",
		"assessment_id":1}'
	call 400 POST '/api/v1/loans/{id}/events' /api/v1/loans/999999/events \
		'{"kind":"pardon","decision_no":"03/QĐ-TTg","decided_on":"2024-12-20"}'
	call 404 GET '/api/v1/loans/{id}/assessments' /api/v1/loans/999999/assessments
	call 404 POST '/api/v1/loans/{id}/assessments' /api/v1/loans/999999/assessments \
		'{"cause":"fire","loss_bp":4500,"assessed_on":"2024-12-10","minutes_no":"09/BB",
		"commune_doc_no":"33/UBND-XN","commune_doc_on":"2024-12-09",
		"commune_signatory":"Lê Văn Chủ","commune_signatory_title":"Chủ tịch UBND xã"}'
	call 400 POST '/api/v1/loans/{id}/assessments' /api/v1/loans/999999/assessments \
		'{"cause":"fire","loss_bp":"45"}'
	call 404 POST '/api/v1/loans/{id}/repayments' /api/v1/loans/999999/repayments \
		'{"amount":100000,"paid_on":"2024-12-20","savings_account_id":1}'

	# Commune sessions (docs/sessions.md, R-SES-1): the walk's user opens none (session_write
	# is for tellers and directors), so these answer refusals; tests/e2e/csession.sh holds
	# a whole session.
	call 400 GET /api/v1/commune-sessions "/api/v1/commune-sessions?point_id=$point"
	call 404 GET /api/v1/commune-sessions \
		'/api/v1/commune-sessions?point_id=999999&date=2024-12-17'
	call 404 GET '/api/v1/commune-sessions/{id}' /api/v1/commune-sessions/999999
	call 404 GET '/api/v1/commune-sessions/{id}/groups' /api/v1/commune-sessions/999999/groups
	call 400 POST /api/v1/commune-sessions /api/v1/commune-sessions \
		'{"point_id":1,"date":"2024-12-17","opening_cash":"0"}'
	call 404 POST '/api/v1/commune-sessions/{id}/batches' \
		/api/v1/commune-sessions/999999/batches \
		'{"lines":[{"kind":"deposit","target":1,"amount":50000}]}'
	call 400 POST '/api/v1/commune-sessions/{id}/batches' \
		/api/v1/commune-sessions/999999/batches '{"lines":[]}'
	call 404 POST '/api/v1/commune-sessions/{id}/close' /api/v1/commune-sessions/999999/close \
		'{"counted_cash":0}'

	# Users and the audit trail.
	call 201 POST /api/v1/users /api/v1/users '{"username": "lan.nt",
		"full_name": "Nguyễn Thị Lan", "role": "credit_officer", "office_code": "PGD314",
		"password": "mật-khẩu-cán-bộ"}'
	local user; user=$(jv .id)
	call 200 PUT '/api/v1/users/{id}' "/api/v1/users/$user" \
		'{"full_name":"Nguyễn T. Lan","disabled":true}'
	call 200 GET '/api/v1/users/{id}' "/api/v1/users/$user"
	call 200 GET /api/v1/users '/api/v1/users?role=credit_officer'
	call 200 GET /api/v1/audit '/api/v1/audit?limit=20'
	[ "$(jv '[.items[] | select(.idem_key != null)] | length')" -gt 0 ] \
		|| fail "$LABEL: audit records lack the Idempotency-Key: $(cat "$LAST")"

	# The 2025 merger (docs/network.md): Hải Phòng's new communes and their mapping; a
	# village of Kiến Hưng, a commune split in two, awaits a decision.
	call 201 POST /api/v1/villages /api/v1/villages \
		'{"commune_code":"11728","name":"Thôn Hưng","valid_from":"2024-01-01"}'
	local hung; hung=$(jv .id)
	local units mapping
	units=$(awk -F, 'NR == 1 || $1 == "31"' "$TD_SOURCE/data/vn_admin_units_2025-07-01.csv")
	mapping=$(awk -F, 'NR == 1 || $1 == "31"' "$TD_SOURCE/data/vn_admin_merger_2025-07-01.csv")
	call 200 POST /api/v1/admin-units/2025 /api/v1/admin-units/2025 \
		"$(body '{units_csv: $u, mapping_csv: $m, date: "2025-07-01"}' --arg u "$units" \
		--arg m "$mapping")"
	[ "$(jv .moved.awaiting_decision)" = 1 ] || fail "$LABEL: merger: $(cat "$LAST")"
	call 200 GET /api/v1/village-splits '/api/v1/village-splits?old_commune=11728'
	call 200 POST '/api/v1/village-splits/{id}/decision' \
		"/api/v1/village-splits/$hung/decision" '{"commune_code":"11680"}'
	[ "$(jv .commune)" = 11680 ] || fail "$LABEL: decision: $(cat "$LAST")"
	call 200 POST /api/v1/village-splits/accept /api/v1/village-splits/accept '{}'
	call 200 GET /api/v1/village-splits '/api/v1/village-splits?all=1'
	call 409 POST '/api/v1/village-splits/{id}/decision' \
		"/api/v1/village-splits/$hung/decision" '{}'
	call 200 GET '/api/v1/groups/{id}' "/api/v1/groups/$group?as_of=2025-07-01"

	# Refusals are declared problems (their bodies are checked below too).
	call 404 GET '/api/v1/users/{id}' /api/v1/users/999999
	call 400 POST /api/v1/villages /api/v1/villages '{"name": }'
	call 400 GET /api/v1/households '/api/v1/households?limit=501'
	call 409 POST /api/v1/households /api/v1/households "$(household_json 1 'Nguyễn Văn Một')"
	call 422 POST '/api/v1/groups/{id}/members' "/api/v1/groups/$group/members" \
		"{\"household_id\":${hh[6]},\"joined_on\":\"2024-12-15\"}"
	head -c 1100000 /dev/zero | tr '\0' 'x' >"$TMP/big"
	call 413 POST /api/v1/villages /api/v1/villages "$(cat "$TMP/big")"
	AUTH=(-b "$TMP/jar.$LABEL")
	call 403 POST /api/v1/villages /api/v1/villages '{"commune_code":"11695","name":"Thôn X"}'
	AUTH=(-b "$TMP/jar.$LABEL" -H "X-CSRF-Token: $csrf")
	call 204 POST /api/v1/me/password /api/v1/me/password \
		'{"old_password":"mật-khẩu-quản-trị","new_password":"mật-khẩu-mới-dài"}'
	call 204 POST /api/v1/logout /api/v1/logout
	call 401 GET /api/v1/me /api/v1/me
	stop_server
}

# check_answers DIR: every kept exchange against the spec (see the header).
check_answers() {
	python3 - "$TMP/spec.json" "$1" <<'PY'
import datetime, glob, json, os, re, sys

spec = json.load(open(sys.argv[1], encoding="utf-8"))
exdir = sys.argv[2]

def ref(r):
    node = spec
    for part in r[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node

def declared(schema):
    """Property names a schema declares through $ref and allOf, whether it declares any,
    whether it admits others (additionalProperties other than false) and whether it
    refuses them (additionalProperties: false)."""
    names, any_props, open_, shut = set(), False, False, False
    stack = [schema]
    while stack:
        s = stack.pop()
        if "$ref" in s:
            stack.append(ref(s["$ref"]))
        stack.extend(s.get("allOf", []))
        if "properties" in s:
            any_props = True
            names |= set(s["properties"])
        if s.get("additionalProperties", False) is not False:
            open_ = True
        shut = shut or s.get("additionalProperties") is False
    return names, any_props, open_, shut

TYPES = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}

def is_date(v):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return False
    try:
        datetime.date.fromisoformat(v)
        return True
    except ValueError:
        return False

def validate(v, s, at, errs, closed_objects, top=True):
    """JSON Schema (the subset this spec uses). closed_objects: a key that no schema
    declares is an error (answers); otherwise only additionalProperties: false closes."""
    if "$ref" in s:
        validate(v, ref(s["$ref"]), at, errs, closed_objects, False)
    for branch in s.get("allOf", []):
        validate(v, branch, at, errs, closed_objects, False)
    if "oneOf" in s:
        fits = sum(1 for b in s["oneOf"] if not validate(v, b, at, [], closed_objects))
        if fits != 1:
            errs.append(f"{at}: fits {fits} of the oneOf choices, needs exactly 1")
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(TYPES[x](v) for x in ts):
            errs.append(f"{at}: {json.dumps(v, ensure_ascii=False)[:60]} is not {'/'.join(ts)}")
            return errs
    if "const" in s and v != s["const"]:
        errs.append(f"{at}: {v!r} is not {s['const']!r}")
    if "enum" in s and v not in s["enum"]:
        errs.append(f"{at}: {v!r} is not one of {s['enum']}")
    if isinstance(v, str):
        if s.get("format") == "date" and not is_date(v):
            errs.append(f"{at}: {v!r} is not a date YYYY-MM-DD")
        if s.get("format") == "date-time" and not re.fullmatch(
                r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", v):
            errs.append(f"{at}: {v!r} is not a date-time")
        if "pattern" in s and not re.search(s["pattern"], v):
            errs.append(f"{at}: {v!r} does not match {s['pattern']}")
        if len(v) < s.get("minLength", 0) or len(v) > s.get("maxLength", len(v)):
            errs.append(f"{at}: length {len(v)} is outside the schema's bounds")
    if TYPES["number"](v):
        if v < s.get("minimum", v) or v > s.get("maximum", v):
            errs.append(f"{at}: {v} is outside [{s.get('minimum')}, {s.get('maximum')}]")
    if isinstance(v, list):
        if len(v) < s.get("minItems", 0) or len(v) > s.get("maxItems", len(v)):
            errs.append(f"{at}: {len(v)} items is outside the schema's bounds")
        if "items" in s:
            for i, x in enumerate(v):
                validate(x, s["items"], f"{at}[{i}]", errs, closed_objects)
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append(f"{at}: required key '{k}' is missing")
        for k, sub in (s.get("properties") or {}).items():
            if k in v:
                validate(v[k], sub, f"{at}.{k}", errs, closed_objects)
        if top:
            names, any_props, open_, shut = declared(s)
            if (closed_objects and any_props and not open_) or shut:
                for k in v:
                    if k not in names:
                        errs.append(f"{at}: key '{k}' is not in the spec")
    return errs

def json_schema(content, media):
    for m, body in (content or {}).items():
        if media.startswith(m):
            return body.get("schema", {})
    return None

failures, covered = [], set()
for meta in sorted(glob.glob(os.path.join(exdir, "*.meta"))):
    base = meta[:-5]
    method, pattern, status = open(meta).read().split()
    where = f"{os.path.basename(base)} {method} {pattern} -> {status}"
    op = (spec["paths"].get(pattern) or {}).get(method.lower())
    if op is None:
        failures.append(f"{where}: no such operation in the spec")
        continue
    responses = op["responses"]
    resp = responses.get(status) or (responses.get("default") if status >= "500" else None)
    if resp is None:
        failures.append(f"{where}: status {status} is not declared")
        continue
    if "$ref" in resp:
        resp = ref(resp["$ref"])
    headers = open(base + ".head", encoding="latin-1").read()
    m = re.search(r"^content-type:\s*([^;\r\n]+)", headers, re.I | re.M)
    media = m.group(1).strip() if m else ""
    raw = open(base + ".body", "rb").read()
    errs = []
    if "content" not in resp:
        if raw:
            errs.append(f"the spec declares no body, the answer has {len(raw)} bytes")
    else:
        schema = json_schema(resp["content"], media)
        if schema is None:
            errs.append(f"media type {media!r} is not declared ({list(resp['content'])})")
        else:
            try:
                validate(json.loads(raw), schema, "answer", errs, True)
            except ValueError as e:
                errs.append(f"the answer is not JSON: {e}")
    if status.startswith("2") and os.path.exists(base + ".req"):
        body = op.get("requestBody", {})
        if "$ref" in body:
            body = ref(body["$ref"])
        schema = json_schema(body.get("content"), "application/json")
        if schema is None:
            errs.append("a body was sent, the spec declares none")
        else:
            validate(json.loads(open(base + ".req", encoding="utf-8").read()), schema,
                     "request", errs, False)
    if status.startswith("2"):
        covered.add(f"{method} {pattern}")
    failures += [f"{where}: {e}" for e in errs]

every = {f"{m.upper()} {p}" for p, item in spec["paths"].items() for m in item
         if m in ("get", "put", "post", "delete", "patch")}
for op in sorted(every - covered):
    print(f"note: no answer of {op} was checked", file=sys.stderr)
for f in failures:
    print(f, file=sys.stderr)
print(f"{len(glob.glob(os.path.join(exdir, '*.meta')))} answers checked, "
      f"{len(covered)} of {len(every)} operations with a success answer")
sys.exit(1 if failures else 0)
PY
}

LABEL=sqlite
"$TINDUNG" init --db "$TMP/t.db" >/dev/null
walk_routes "$TMP/t.db"
check_answers "$TMP/ex.sqlite" >"$TMP/check.out" \
	|| fail "sqlite: answers that do not fit the spec (above)"
ok "sqlite: $(cat "$TMP/check.out")"

LABEL=postgres
PGURL=$(pg_new_db)
"$TINDUNG" init --db "$PGURL" >/dev/null
walk_routes "$PGURL"
check_answers "$TMP/ex.postgres" >"$TMP/check.out" \
	|| fail "postgres: answers that do not fit the spec (above)"
ok "postgres: $(cat "$TMP/check.out")"
