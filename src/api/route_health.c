#include <string.h>

#include "api/router.h"

/* GET /api/v1/health: version, backend, schema version, business date. */
int route_health(struct api_request *req, struct api_response *res, struct td_error *err)
{
	int version = 0;
	int rc = store_schema_version(req->store, &version, err);
	if (rc != TD_OK)
		return rc;

	char date[32] = "";
	struct td_stmt *st = NULL;
	rc = store_prepare(req->store, "SELECT value FROM td_meta WHERE key = ?", &st, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_text(st, 1, "business_date");
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		const char *v = stmt_column_text(st, 0);
		snprintf(date, sizeof date, "%s", v ? v : "");
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ESCHEMA, "td_meta has no business_date row");
	}
	stmt_finalize(st);
	if (rc != TD_OK)
		return rc;

	json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "status", "ok", "version",
			      TD_VERSION, "backend", store_backend_name(req->store),
			      "schema_version", version, "schema_latest", store_latest_version(),
			      "business_date", date);
	return api_respond_json(res, 200, j, err);
}
