/* tindung routes: the HTTP route table, one "METHOD PATTERN" per line. The OpenAPI
 * conformance test compares it with docs/openapi.yaml. */
#include <stdio.h>
#include <string.h>

#include "api/router.h"
#include "cli/cli.h"

int cmd_routes(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			puts("Cách dùng: tindung routes\nIn bảng định tuyến API: PHƯƠNG_THỨC ĐƯỜNG_DẪN.");
			return CLI_OK;
		}
		return cli_failf("routes", "unexpected argument '%s' (tham số thừa)", argv[1]);
	}
	for (const struct api_route *r = api_routes; r->method; r++)
		printf("%s %s\n", r->method, r->pattern);
	return CLI_OK;
}
