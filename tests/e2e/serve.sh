#!/usr/bin/env bash
# tindung serve on both stores: health answer, problem+json errors, static files,
# size limit, clean stop on SIGTERM.
source "$(dirname "$0")/lib.sh"

check_server() {
	local label=$1 backend=$2
	# Health (issue 2): version, backend, schema version, business date.
	curl -sS -D "$TMP/h" "$BASE/api/v1/health" >"$TMP/body"
	grep -q '^HTTP/1.1 200' "$TMP/h" || fail "$label health status: $(head -1 "$TMP/h")"
	grep -qi '^content-type: application/json' "$TMP/h" || fail "$label health content type"
	[ "$(jq -r .status "$TMP/body")" = ok ] || fail "$label health body: $(cat "$TMP/body")"
	[ "$(jq -r .backend "$TMP/body")" = "$backend" ] || fail "$label backend: $(cat "$TMP/body")"
	jq -e '.schema_version >= 1 and (.version|test("^[0-9]+\\.[0-9]+\\.[0-9]+$"))' \
		"$TMP/body" >/dev/null || fail "$label version fields: $(cat "$TMP/body")"
	jq -e '.business_date|test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")' "$TMP/body" >/dev/null \
		|| fail "$label business date: $(cat "$TMP/body")"
	ok "$label health"

	# Unknown API route: 404 as application/problem+json (RFC 9457) with our code.
	curl -sS -D "$TMP/h" "$BASE/api/v1/no-such-thing" >"$TMP/body"
	grep -q '^HTTP/1.1 404' "$TMP/h" || fail "$label 404 status: $(head -1 "$TMP/h")"
	grep -qi '^content-type: application/problem+json' "$TMP/h" || fail "$label 404 type"
	jq -e '.status == 404 and .code == "not_found" and .type == "/problems/not_found"
	       and .instance == "/api/v1/no-such-thing" and (.title|length > 0)
	       and (.detail|contains("no-such-thing"))' "$TMP/body" >/dev/null \
		|| fail "$label 404 body: $(cat "$TMP/body")"
	ok "$label problem+json 404"

	# Known route, wrong method: 405 with Allow.
	curl -sS -D "$TMP/h" -X DELETE "$BASE/api/v1/health" >"$TMP/body"
	grep -q '^HTTP/1.1 405' "$TMP/h" || fail "$label 405 status"
	grep -qi '^allow: GET' "$TMP/h" || fail "$label 405 Allow header"
	jq -e '.code == "method_not_allowed"' "$TMP/body" >/dev/null || fail "$label 405 body"
	ok "$label 405"

	# A body over the size cap is refused with 413 and changes nothing.
	head -c 2000000 /dev/zero | tr '\0' 'a' >"$TMP/big"
	curl -sS -D "$TMP/h" -X POST --data-binary @"$TMP/big" "$BASE/api/v1/health" >"$TMP/body"
	grep -q '^HTTP/1.1 413' "$TMP/h" || fail "$label 413 status: $(head -1 "$TMP/h")"
	jq -e '.code == "too_large"' "$TMP/body" >/dev/null || fail "$label 413 body"
	ok "$label 413"

	# The web page, with type and cache headers; ETag revalidation gives 304.
	curl -sS -D "$TMP/h" "$BASE/" >"$TMP/body"
	grep -q '^HTTP/1.1 200' "$TMP/h" || fail "$label index status"
	grep -qi '^content-type: text/html; charset=utf-8' "$TMP/h" || fail "$label index type"
	grep -qi '^cache-control: no-cache' "$TMP/h" || fail "$label index cache-control"
	grep -q 'Tình trạng hệ thống' "$TMP/body" || fail "$label index content"
	curl -sS -D "$TMP/h" "$BASE/app.js" >"$TMP/body"
	grep -qi '^content-type: text/javascript' "$TMP/h" || fail "$label js type"
	grep -qi '^cache-control: public, max-age=3600' "$TMP/h" || fail "$label js cache"
	etag=$(grep -i '^etag:' "$TMP/h" | cut -d' ' -f2 | tr -d '\r')
	[ -n "$etag" ] || fail "$label no ETag"
	code=$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$BASE/app.js")
	[ "$code" = 304 ] || fail "$label If-None-Match gave $code"
	code=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/nope.html")
	[ "$code" = 404 ] || fail "$label missing page gave $code"
	ok "$label static files"

	# One access-log line per request, in logfmt.
	grep -q 'msg=request method=GET path=/api/v1/health status=200' "$TMP/serve.err" \
		|| fail "$label access log: $(head -3 "$TMP/serve.err")"
	ok "$label access log"
}

"$TINDUNG" init --db "$TMP/t.db" >/dev/null
start_server "$TMP/t.db"
check_server sqlite sqlite
stop_server
ok "sqlite clean stop"

PGURL=$(pg_new_db)
"$TINDUNG" init --db "$PGURL" >/dev/null
start_server "$PGURL"
check_server postgres postgres
stop_server
ok "postgres clean stop"
