/* Dated parameters as a list: every parameter, its value on a day and its history
 * (param.h). */
#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/org_util.h"
#include "bank/param.h"

static const char *const kind_label[] = {
	[PARAM_RATE] = "rate",	     [PARAM_MONEY] = "money",	  [PARAM_DAYS] = "days",
	[PARAM_TIERS] = "tiers",     [PARAM_SPLIT] = "split",	  [PARAM_WEIGHTS] = "weights",
	[PARAM_ANCHORS] = "anchors", [PARAM_GRADES] = "grades",
};

static const struct org_col history_cols[] = {
	{"scope", 't'},	      {"effective_from", 't'}, {"value", 't'},
	{"source", 't'},      {"recorded_on", 't'},    {"recorded_by", 't'},
	{NULL, 0},
};

/* The history of one parameter, oldest first, and the values in force on day per scope. */
static int one(struct td_ctx *ctx, const struct param_def *d, td_date day, json_t **out,
	       struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(ctx->store, &st, err,
			     "SELECT scope, effective_from, value, source, recorded_on, "
			     "recorded_by FROM param_value WHERE name = ? ORDER BY scope, "
			     "effective_from",
			     "t", d->name);
	json_t *history = json_array(), *programmes = json_object(), *general = json_null();
	char iso[TD_DATE_FMT_MAX];
	date_format_iso(day, iso, sizeof iso);
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(history, org_row_json(st, history_cols, 0));
		const char *scope = stmt_column_text(st, 0), *from = stmt_column_text(st, 1);
		json_t *v = json_string(stmt_column_text(st, 2));
		if (strcmp(from, iso) > 0)
			json_decref(v); /* not yet in force on day */
		else if (*scope)
			json_object_set_new(programmes, scope, v);
		else {
			json_decref(general);
			general = v;
		}
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(history);
		json_decref(programmes);
		json_decref(general);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "name", d->name, "label",
			 d->label, "kind", kind_label[d->kind], "unit", d->unit, "by_programme",
			 d->by_programme, "value", general, "programmes", programmes, "history",
			 history);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

int param_list(struct td_ctx *ctx, td_date day, json_t **out, struct td_error *err)
{
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc != TD_OK)
		return rc;
	size_t n = 0;
	const struct param_def *defs = param_defs(&n);
	json_t *items = json_array();
	for (size_t i = 0; rc == TD_OK && i < n; i++) {
		json_t *item = NULL;
		rc = one(ctx, &defs[i], day, &item, err);
		if (rc == TD_OK)
			json_array_append_new(items, item);
	}
	char iso[TD_DATE_FMT_MAX];
	if (rc == TD_OK)
		*out = json_pack("{s:s, s:o}", "date", date_format_iso(day, iso, sizeof iso),
				 "items", items);
	else
		json_decref(items);
	return rc == TD_OK && !*out ? td_error_set(err, TD_ENOMEM, "out of memory") : rc;
}
