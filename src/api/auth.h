/*
 * Who is asking (issue 4). Every request to a route that is not public must present a
 * session: the cookie "td_session" (browsers) or "Authorization: Bearer <token>" (API
 * clients, the same token). Browser writes (any method but GET/HEAD) through the cookie
 * must also send the header X-CSRF-Token equal to the session's CSRF token, which login
 * hands out in the body and in the readable cookie "td_csrf" (double submit, checked
 * against the stored value). Bearer requests need no CSRF token: a browser never adds
 * that header by itself.
 *
 * Public: GET /api/v1/health, POST /api/v1/login, POST /api/v1/logout, and the web files
 * (everything outside /api/). docs/access.md has the whole story.
 */
#ifndef TD_API_AUTH_H
#define TD_API_AUTH_H

#include <stdbool.h>

#include "api/http.h"
#include "bank/session.h"

/* True if method + path needs no session. */
bool api_auth_is_public(const char *method, const char *path);

/* Fills req->authenticated and req->actor from the session the request presents, and
 * req->idem_key from the Idempotency-Key header of a write. needs_login: the route is not
 * public, so a missing or dead session is TD_EUNAUTH, and a cookie write without the right
 * X-CSRF-Token is TD_EFORBIDDEN. On a public route a bad session just leaves the request
 * anonymous. req->store must be set when a session is presented. */
int api_auth_request(struct api_request *req, bool needs_login, struct td_error *err);

/* The token the request presented (bearer first, then cookie), or NULL. */
const char *api_auth_token(struct api_request *req);

/* Set-Cookie headers for a new session, or to end it in the browser. */
void api_auth_cookies_set(struct api_response *res, const struct session_new *s);
void api_auth_cookies_clear(struct api_response *res);

/* Marks the cookies Secure (only sent over HTTPS). Default: off, or on when the
 * environment has TINDUNG_SECURE_COOKIES=1 when the first request arrives. */
void api_auth_set_secure(bool on);

/* Routes of route_auth.c. */
int route_login(struct api_request *req, struct api_response *res, struct td_error *err);
int route_logout(struct api_request *req, struct api_response *res, struct td_error *err);
int route_me(struct api_request *req, struct api_response *res, struct td_error *err);
int route_me_password(struct api_request *req, struct api_response *res, struct td_error *err);
int route_users_list(struct api_request *req, struct api_response *res, struct td_error *err);
int route_users_create(struct api_request *req, struct api_response *res, struct td_error *err);
int route_users_get(struct api_request *req, struct api_response *res, struct td_error *err);
int route_users_update(struct api_request *req, struct api_response *res, struct td_error *err);
int route_audit_list(struct api_request *req, struct api_response *res, struct td_error *err);

#endif
