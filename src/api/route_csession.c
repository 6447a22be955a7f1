/*
 * /api/v1/commune-sessions: the monthly session of a commune point (docs/sessions.md,
 * R-SES-1, R-SES-2). Thin handlers: parse, call bank/commune_session.h, answer JSON; the
 * bank decides permission (ACT_SESSION_WRITE to open and record, ACT_SESSION_CLOSE to
 * close, ACT_READ to read). Money is a JSON integer of đồng. A batch needs the
 * Idempotency-Key header: it is the batch's key in the bank (R-GL-3), so that a retry of
 * the same batch books nothing new.
 */
#include "api/route_csession.h"

#include <stdlib.h>
#include <string.h>

#include "api/org_params.h"
#include "bank/commune_session.h"

#define SESSION_PATH "/api/v1/commune-sessions/{id}"
#define GROUPS_PATH "/api/v1/commune-sessions/{id}/groups"
#define BATCH_PATH "/api/v1/commune-sessions/{id}/batches"
#define CLOSE_PATH "/api/v1/commune-sessions/{id}/close"

static int respond_session(struct td_ctx *ctx, struct api_response *res, int status, int64_t id,
			   struct td_error *err)
{
	json_t *j = NULL;
	int rc = csession_get(ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, status, j, err) : rc;
}

/* ?point_id&date: the session of a point on a date (both required). */
int route_csessions_find(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t point = 0, id = 0;
	td_date on = ORG_NO_DATE;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_query_id(req, "point_id", &point, err);
	if (rc == TD_OK)
		rc = org_query_date(req, "date", &on, err);
	if (rc == TD_OK && (point <= 0 || on == ORG_NO_DATE))
		rc = td_error_set(err, TD_EINVAL,
				  "query parameters 'point_id' and 'date' (YYYY-MM-DD) are both "
				  "required: a session is found by its point and date");
	if (rc == TD_OK)
		rc = csession_find(&ctx, point, on, &id, err);
	return rc == TD_OK ? respond_session(&ctx, res, 200, id, err) : rc;
}

/* POST {"point_id","date","opening_cash","off_day_reason"?}: 201 with the session. */
int route_csessions_open(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"point_id", "date", "opening_cash", "off_day_reason",
					   NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	struct csession_open_input in = {.on = ORG_NO_DATE};
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_id(body, "point_id", &in.point_id, &p);
		org_field_date(body, "date", &in.on, &p);
		if (!json_object_get(body, "date"))
			problem_add(&p, TD_EINVAL, "field 'date' is missing (YYYY-MM-DD)");
		org_field_money(body, "opening_cash", &in.opening_cash, &p);
		org_field_text(body, "off_day_reason", &in.off_day_reason, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = csession_open(&ctx, &in, &id, err);
	json_decref(body);
	return rc == TD_OK ? respond_session(&ctx, res, 201, id, err) : rc;
}

int route_csessions_get(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(SESSION_PATH, req->path, &id, 1, err);
	return rc == TD_OK ? respond_session(&ctx, res, 200, id, err) : rc;
}

/* The 13/TD lists of the session's date (R-SES-2). */
int route_csessions_groups(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	int64_t id = 0;
	json_t *j = NULL;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(GROUPS_PATH, req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = csession_groups(&ctx, id, &j, err);
	return rc == TD_OK ? api_respond_json(res, 200, j, err) : rc;
}

/* One line of a batch: {"kind","via"?,"target","source_id"?,"amount"}; problems name the
 * line by its position, counted from 1. */
static void line_from_json(json_t *o, size_t i, struct csession_line *l, struct org_problems *p)
{
	static const char *const keys[] = {"kind", "via", "target", "source_id", "amount", NULL};
	if (!json_is_object(o)) {
		problem_add(p, TD_EINVAL, "line %zu must be an object", i + 1);
		return;
	}
	org_fields_known(o, keys, p);
	const char *kind = NULL, *via = NULL;
	org_field_text(o, "kind", &kind, p);
	org_field_text(o, "via", &via, p);
	struct td_error e = {0};
	if (!kind)
		problem_add(p, TD_EINVAL, "line %zu: field 'kind' is missing", i + 1);
	else if (csession_kind_parse(kind, &l->kind, &e) != TD_OK)
		problem_add(p, e.code, "line %zu: %s", i + 1, e.msg);
	l->via = CSV_HOUSEHOLD;
	if (via && csession_via_parse(via, &l->via, &e) != TD_OK)
		problem_add(p, e.code, "line %zu: %s", i + 1, e.msg);
	org_field_int(o, "target", &l->target, p);
	if (l->target <= 0)
		problem_add(p, TD_EINVAL, "line %zu: field 'target' is missing (an id)", i + 1);
	org_field_int(o, "source_id", &l->source_id, p);
	org_field_money(o, "amount", &l->amount, p);
}

/* The lines of body; *lines is malloc'd (free it) when the answer is TD_OK. */
static int lines_from_json(json_t *body, struct csession_line **lines, size_t *n,
			   struct td_error *err)
{
	static const char *const keys[] = {"lines", NULL};
	json_t *arr = json_object_get(body, "lines");
	struct org_problems p;
	problems_init(&p, err);
	org_fields_known(body, keys, &p);
	size_t count = json_is_array(arr) ? json_array_size(arr) : 0;
	if (!json_is_array(arr))
		problem_add(&p, TD_EINVAL, "field 'lines' is missing (an array of lines)");
	else if (count == 0 || count > CSESSION_LINES_MAX)
		problem_add(&p, TD_EINVAL, "a batch has 1..%d lines, not %zu", CSESSION_LINES_MAX,
			    count);
	*lines = count ? calloc(count, sizeof **lines) : NULL;
	if (count && !*lines) {
		problems_finish(&p);
		return td_error_set(err, TD_ENOMEM, "no memory for the batch");
	}
	for (size_t i = 0; *lines && i < count && i < CSESSION_LINES_MAX; i++)
		line_from_json(json_array_get(arr, i), i, &(*lines)[i], &p);
	*n = count;
	int rc = problems_finish(&p);
	if (rc != TD_OK) {
		free(*lines);
		*lines = NULL;
	}
	return rc;
}

/* POST {"lines":[...]} with an Idempotency-Key: 201 {"batch_id","replayed","session"}.
 * "replayed" is false: a retry under the key gets this first answer again, byte for byte
 * (bank/idempotency.h); the field stays for the clients that read it. */
int route_csessions_record(struct api_request *req, struct api_response *res, struct td_error *err)
{
	struct td_ctx ctx;
	json_t *body = NULL;
	struct csession_line *lines = NULL;
	size_t n = 0;
	int64_t id = 0, batch = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(BATCH_PATH, req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK)
		rc = lines_from_json(body, &lines, &n, err);
	if (rc == TD_OK)
		rc = csession_record(&ctx, id, lines, n, &batch, err);
	free(lines);
	json_decref(body);
	json_t *s = NULL;
	if (rc == TD_OK)
		rc = csession_get(&ctx, id, &s, err);
	if (rc != TD_OK)
		return rc;
	json_t *j = json_pack("{s:I, s:b, s:o}", "batch_id", (json_int_t)batch, "replayed", 0,
			      "session", s);
	if (!j)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	return api_respond_json(res, 201, j, err);
}

/* POST {"counted_cash"}: closes the session when the count equals the expected cash. */
int route_csessions_close(struct api_request *req, struct api_response *res, struct td_error *err)
{
	static const char *const keys[] = {"counted_cash", NULL};
	struct td_ctx ctx;
	json_t *body = NULL;
	int64_t id = 0;
	td_money counted = 0;
	int rc = api_ctx(req, &ctx, err);
	if (rc == TD_OK)
		rc = org_path_ids(CLOSE_PATH, req->path, &id, 1, err);
	if (rc == TD_OK)
		rc = org_body(req, &body, err);
	if (rc == TD_OK) {
		struct org_problems p;
		problems_init(&p, err);
		org_fields_known(body, keys, &p);
		org_field_money(body, "counted_cash", &counted, &p);
		rc = problems_finish(&p);
	}
	if (rc == TD_OK)
		rc = csession_close(&ctx, id, counted, err);
	json_decref(body);
	return rc == TD_OK ? respond_session(&ctx, res, 200, id, err) : rc;
}
