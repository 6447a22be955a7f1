#include "api/router.h"

#include <string.h>

const struct api_route api_routes[] = {
	{"GET", "/api/v1/health", route_health, 1},
	{NULL, NULL, NULL, 0},
};

/* "{x}" in a pattern matches one non-empty path segment. */
static int path_matches(const char *pattern, const char *path)
{
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			if (!close || *path == '/')
				return 0;
			pattern = close + 1;
			while (*path && *path != '/')
				path++;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == '\0' && *path == '\0';
}

int router_match(const char *method, const char *path, const struct api_route **out,
		 const char **allow)
{
	static const char *const allow_lists[] = {"GET", "POST", "GET, POST", "GET, PUT",
						  "GET, POST, PUT", "PUT", "DELETE"};
	char methods[64] = "";
	int path_known = 0;
	for (const struct api_route *r = api_routes; r->method; r++) {
		if (!path_matches(r->pattern, path))
			continue;
		if (strcmp(r->method, method) == 0) {
			*out = r;
			return TD_OK;
		}
		path_known = 1;
		if (strlen(methods) + strlen(r->method) + 3 < sizeof methods) {
			if (methods[0])
				strcat(methods, ", ");
			strcat(methods, r->method);
		}
	}
	if (!path_known) {
		if (strncmp(path, "/api/", 5) != 0 && (strcmp(method, "GET") == 0 ||
						       strcmp(method, "HEAD") == 0)) {
			static const struct api_route web = {"GET", "/", route_static, 0};
			*out = &web;
			return TD_OK;
		}
		return TD_ENOTFOUND;
	}
	*allow = "GET";
	for (size_t i = 0; i < sizeof allow_lists / sizeof *allow_lists; i++)
		if (strcmp(allow_lists[i], methods) == 0)
			*allow = allow_lists[i];
	return TD_EMETHOD;
}
