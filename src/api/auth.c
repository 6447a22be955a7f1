#include "api/auth.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bank/idempotency.h"

static const struct {
	const char *method;
	const char *path;
} public_routes[] = {
	{"GET", "/api/v1/health"},
	{"POST", "/api/v1/login"},
	{"POST", "/api/v1/logout"}, /* works with a dead session too: it only clears cookies */
};

/* -1: not decided yet (read the environment on first use). */
static atomic_int secure_cookies = -1;

void api_auth_set_secure(bool on)
{
	atomic_store(&secure_cookies, on ? 1 : 0);
}

static bool cookies_secure(void)
{
	int v = atomic_load(&secure_cookies);
	if (v < 0) {
		const char *env = getenv("TINDUNG_SECURE_COOKIES");
		v = env && strcmp(env, "1") == 0;
		int expected = -1;
		atomic_compare_exchange_strong(&secure_cookies, &expected, v);
		v = atomic_load(&secure_cookies);
	}
	return v == 1;
}

bool api_auth_is_public(const char *method, const char *path)
{
	if (strncmp(path, "/api/", 5) != 0)
		return true; /* the web files: the login page must load without a session */
	for (size_t i = 0; i < sizeof public_routes / sizeof *public_routes; i++)
		if (strcmp(public_routes[i].method, method) == 0 &&
		    strcmp(public_routes[i].path, path) == 0)
			return true;
	return false;
}

static const char *header(struct api_request *req, const char *name)
{
	return req->conn ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name) : NULL;
}

/* The bearer token, or NULL when the request sends none. */
static const char *bearer(struct api_request *req)
{
	const char *h = header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

const char *api_auth_token(struct api_request *req)
{
	const char *t = bearer(req);
	if (t)
		return t;
	return req->conn ? MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, "td_session")
			 : NULL;
}

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
	       strcmp(method, "OPTIONS") != 0;
}

static int check_csrf(struct api_request *req, const char *csrf, struct td_error *err)
{
	const char *sent = header(req, "X-CSRF-Token");
	size_t n = strlen(csrf);
	if (!sent || strlen(sent) != n || sodium_memcmp(sent, csrf, n) != 0)
		return td_error_set(
			err, TD_EFORBIDDEN,
			"%s %s needs the header X-CSRF-Token with the value of the td_csrf "
			"cookie (thiếu hoặc sai mã CSRF)",
			req->method, req->path);
	return TD_OK;
}

static int read_idem_key(struct api_request *req, struct td_error *err)
{
	const char *key = is_write(req->method) ? header(req, "Idempotency-Key") : NULL;
	if (key && idem_key_check(key, IDEM_KEY_MAX, err) != TD_OK)
		return td_error_prefix(err, "Idempotency-Key: ");
	req->idem_key = key;
	return TD_OK;
}

int api_auth_request(struct api_request *req, bool needs_login, struct td_error *err)
{
	req->authenticated = 0;
	int rc = read_idem_key(req, err);
	if (rc != TD_OK)
		return rc;
	const char *via_bearer = bearer(req);
	const char *token = api_auth_token(req);
	if (!token || !req->store) {
		if (!needs_login)
			return TD_OK;
		return td_error_set(err, TD_EUNAUTH,
				    "%s %s needs a signed-in user: POST /api/v1/login first "
				    "(đăng nhập trước)",
				    req->method, req->path);
	}
	char csrf[SESSION_TOKEN_HEX];
	struct td_error session_err = {0};
	rc = session_resolve(req->store, token, (int64_t)time(NULL), &req->actor, csrf,
			     &session_err);
	if (rc != TD_OK) {
		if (!needs_login && rc == TD_EUNAUTH)
			return TD_OK;
		return td_error_set(err, rc, "%s", session_err.msg);
	}
	if (needs_login && !via_bearer && is_write(req->method) &&
	    (rc = check_csrf(req, csrf, err)) != TD_OK)
		return rc;
	req->authenticated = 1;
	return TD_OK;
}

static void cookie(struct api_response *res, int slot, const char *name, const char *value,
		   bool http_only, long max_age)
{
	char age[32] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(res->set_cookie[slot], sizeof res->set_cookie[slot],
		 "%s=%s; Path=/; SameSite=Strict%s%s%s", name, value, age,
		 http_only ? "; HttpOnly" : "", cookies_secure() ? "; Secure" : "");
}

void api_auth_cookies_set(struct api_response *res, const struct session_new *s)
{
	/* Browser-session cookies: the server decides when the session ends (8 hours idle). */
	cookie(res, 0, "td_session", s->token, true, -1);
	cookie(res, 1, "td_csrf", s->csrf, false, -1);
}

void api_auth_cookies_clear(struct api_response *res)
{
	cookie(res, 0, "td_session", "", true, 0);
	cookie(res, 1, "td_csrf", "", false, 0);
}
