/* Route matching: known routes, {id} segments, 404 for unknown API paths, 405 with the
 * Allow list for a known path with another method, web files for other GETs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "api/router.h"

static void test_health_get(void **state)
{
	(void)state;
	const struct api_route *r = NULL;
	const char *allow = NULL;
	assert_int_equal(router_match("GET", "/api/v1/health", &r, &allow), TD_OK);
	assert_ptr_equal(r->handler, route_health);
	assert_true(r->needs_store);
}

static void test_unknown_api_path_is_404(void **state)
{
	(void)state;
	const struct api_route *r = NULL;
	const char *allow = NULL;
	static const char *const paths[] = {"/api/v1/healthz", "/api/v1/health/", "/api/v1/",
					    "/api/v2/health", "/api/v1/health/x"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
		assert_int_equal(router_match("GET", paths[i], &r, &allow), TD_ENOTFOUND);
	assert_int_equal(router_match("POST", "/api/nothing", &r, &allow), TD_ENOTFOUND);
}

static void test_wrong_method_is_405_with_allow(void **state)
{
	(void)state;
	const struct api_route *r = NULL;
	const char *allow = NULL;
	assert_int_equal(router_match("POST", "/api/v1/health", &r, &allow), TD_EMETHOD);
	assert_string_equal(allow, "GET");
	assert_int_equal(router_match("DELETE", "/api/v1/health", &r, &allow), TD_EMETHOD);
}

static void test_other_gets_are_web_files(void **state)
{
	(void)state;
	const struct api_route *r = NULL;
	const char *allow = NULL;
	assert_int_equal(router_match("GET", "/", &r, &allow), TD_OK);
	assert_ptr_equal(r->handler, route_static);
	assert_false(r->needs_store);
	assert_int_equal(router_match("HEAD", "/app.js", &r, &allow), TD_OK);
	assert_ptr_equal(r->handler, route_static);
	/* Writes outside /api/ are not web files. */
	assert_int_equal(router_match("POST", "/index.html", &r, &allow), TD_ENOTFOUND);
}

static void test_every_route_is_well_formed(void **state)
{
	(void)state;
	for (const struct api_route *r = api_routes; r->method; r++) {
		assert_non_null(r->handler);
		assert_true(strncmp(r->pattern, "/api/v1/", 8) == 0);
		const struct api_route *found = NULL;
		const char *allow = NULL;
		if (!strchr(r->pattern, '{')) {
			assert_int_equal(router_match(r->method, r->pattern, &found, &allow), TD_OK);
			assert_ptr_equal(found, r);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_health_get),
		cmocka_unit_test(test_unknown_api_path_is_404),
		cmocka_unit_test(test_wrong_method_is_405_with_allow),
		cmocka_unit_test(test_other_gets_are_web_files),
		cmocka_unit_test(test_every_route_is_well_formed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
