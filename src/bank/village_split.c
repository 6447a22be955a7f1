/*
 * Villages of communes split by the 2025 merger (bank/merger.h): which of the new communes
 * each went to is the commune's decision; until it is taken the village sits in the
 * proposed one. Listing, deciding one, accepting the proposals.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/merger.h"
#include "bank/net_internal.h"

/* SQL: the name of commune code c in the version valid on date d (SQL expressions). */
#define COMMUNE_NAME(c, d)                                                                         \
	"(SELECT u.name FROM admin_unit u WHERE u.level = 'commune' AND u.code = " c               \
	" AND u.valid_from <= " d " AND (u.valid_to IS NULL OR u.valid_to > " d "))"

static const char split_cols[] =
	"SELECT s.village_id, v.name, s.on_date, s.old_commune, (SELECT u.name FROM admin_unit "
	"u WHERE u.level = 'commune' AND u.code = s.old_commune AND u.valid_to = s.on_date), "
	"s.proposed, " COMMUNE_NAME("s.proposed", "s.on_date") ", vc.commune_code, " COMMUNE_NAME(
		"vc.commune_code",
		"s.on_date") ", s.decided, s.decided_on FROM village_split s "
			     "JOIN village v ON v.id = s.village_id LEFT JOIN "
			     "village_commune vc ON vc.village_id = s.village_id AND "
			     "vc.valid_from = s.on_date WHERE 1 = 1";

/* The office that served the village's old commune the day before the merger: the scope
 * of the decision (R-ORG-4; a village stays with its office whatever its commune). */
static int split_office(struct td_store *s, const char *old_commune, const char *on_iso,
			int64_t *office, struct td_error *err)
{
	td_date on = 0;
	int rc = date_parse_iso(on_iso, &on, err);
	return rc == TD_OK ? network_commune_office(s, old_commune, on - 1, office, err) : rc;
}

static json_t *choices(struct td_store *s, const char *old, const char *on, struct td_error *err)
{
	struct td_stmt *st = NULL;
	if (net_prepare(s,
			"SELECT m.new_commune, m.new_name FROM admin_merger m WHERE m.on_date = ? "
			"AND m.old_commune = ? ORDER BY m.line, m.new_commune",
			NET_ARGS(NT(on), NT(old)), &st, err) != TD_OK)
		return NULL;
	json_t *a = json_array();
	int rc;
	while (a && (rc = stmt_step(st, err)) == TD_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", stmt_column_text(st, 0),
						   "name", stmt_column_text(st, 1)));
	stmt_finalize(st);
	if (a && rc != TD_DONE) {
		json_decref(a);
		a = NULL;
	}
	return a;
}

static json_t *split_item(struct td_store *s, struct td_stmt *st, void *arg, struct td_error *err)
{
	(void)arg;
	const char *old = stmt_column_text(st, 3), *on = stmt_column_text(st, 2);
	int64_t office = 0;
	if (split_office(s, old, on, &office, err) != TD_OK)
		return NULL;
	json_t *c = choices(s, old, on, err);
	if (!c)
		return NULL;
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o}",
			 "village_id", net_json_int(st, 0), "village_name", net_json_text(st, 1),
			 "on_date", net_json_text(st, 2), "old_commune", net_json_text(st, 3),
			 "old_commune_name", net_json_text(st, 4), "proposed", net_json_text(st, 5),
			 "proposed_name", net_json_text(st, 6), "commune", net_json_text(st, 7),
			 "commune_name", net_json_text(st, 8), "decided", net_json_text(st, 9),
			 "decided_on", net_json_text(st, 10), "office_id", (json_int_t)office,
			 "choices", c);
}

int village_split_list(struct td_ctx *ctx, const struct village_split_filter *f, json_t **out,
		       struct td_error *err)
{
	/* Geography: every role that reads reads it (docs/access.md, Scope). */
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc != TD_OK)
		return rc;
	struct net_sql q;
	net_sql_init(&q);
	net_sql_add(&q, split_cols, NET_NOARGS);
	if (f->awaiting)
		net_sql_add(&q, " AND s.decided IS NULL", NET_NOARGS);
	if (f->old_commune)
		net_sql_add(&q, " AND s.old_commune = ?", NET_ARGS(NT(f->old_commune)));
	rc = net_list(ctx->store, &q, "s.on_date, s.old_commune, s.village_id", &f->page,
		      split_item, NULL, out, err);
	net_sql_free(&q);
	return rc;
}

/* The village's split row as an item (split_cols); TD_ENOTFOUND when it has none. */
static int split_get(struct td_store *s, int64_t village_id, json_t **out, struct td_error *err)
{
	struct net_sql q;
	net_sql_init(&q);
	net_sql_add(&q, split_cols, NET_NOARGS);
	net_sql_add(&q, " AND s.village_id = ? ORDER BY s.decided IS NULL DESC, s.on_date DESC",
		    NET_ARGS(NI(village_id)));
	struct td_stmt *st = NULL;
	int rc = net_prepare(s, buf_str(&q.text), q.args, q.n, &st, err);
	net_sql_free(&q);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = (*out = split_item(s, st, NULL, err)) ? TD_OK
		     : err->code			   ? err->code
							   : TD_ENOMEM;
	else if (rc == TD_DONE)
		rc = td_error_set(err, TD_ENOTFOUND,
				  "thôn %" PRId64
				  " không chờ quyết định nào: nó không thuộc xã nào "
				  "bị chia khi sáp nhập",
				  village_id);
	stmt_finalize(st);
	return rc;
}

static const char *text_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int village_split_get(struct td_ctx *ctx, int64_t village_id, json_t **out, struct td_error *err)
{
	int rc = access_check(ctx, ACT_READ, NULL, err);
	return rc == TD_OK ? split_get(ctx->store, village_id, out, err) : rc;
}

static bool is_choice(json_t *item, const char *code)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(item, "choices"), i, c)
	{
		if (strcmp(text_of(c, "code"), code) == 0)
			return true;
	}
	return false;
}

/* The decision may be taken: none yet, and the commune is one of the choices. */
static int check_decision(json_t *item, int64_t village_id, const char *to, struct td_error *err)
{
	if (!json_is_null(json_object_get(item, "decided")))
		return td_error_set(err, TD_ECONFLICT,
				    "thôn %" PRId64 " (%s) đã được quyết định ngày %s: về %s (%s); "
				    "quyết định không sửa lại được",
				    village_id, text_of(item, "village_name"),
				    text_of(item, "decided_on"), text_of(item, "commune"),
				    text_of(item, "commune_name"));
	if (!is_choice(item, to))
		return td_error_set(err, TD_EINVAL,
				    "xã %s không phải một xã mới mà xã %s (%s) chia về; chọn một "
				    "trong các xã của danh sách (choices)",
				    to, text_of(item, "old_commune"),
				    text_of(item, "old_commune_name"));
	return TD_OK;
}

static int record_decision(struct td_ctx *ctx, int64_t village_id, const char *on, const char *to,
			   const char *how, struct td_error *err)
{
	char today[TD_DATE_FMT_MAX];
	NET_ISO(ctx->business_date, today);
	int rc = net_exec(ctx->store,
			  "UPDATE village_commune SET commune_code = ? WHERE village_id = ? AND "
			  "valid_from = ?",
			  NET_ARGS(NT(to), NI(village_id), NT(on)), err);
	if (rc == TD_OK)
		rc = net_exec(ctx->store,
			      "UPDATE village_split SET decided = ?, decided_on = ? WHERE "
			      "village_id = ? AND on_date = ?",
			      NET_ARGS(NT(how), NT(today), NI(village_id), NT(on)), err);
	return rc;
}

static int decide_in_tx(struct td_ctx *ctx, int64_t village_id, const char *commune,
			struct td_error *err)
{
	json_t *before = NULL, *after = NULL;
	int rc = split_get(ctx->store, village_id, &before, err);
	if (rc != TD_OK)
		return rc;
	const char *proposed = text_of(before, "proposed");
	const char *to = commune ? commune : proposed;
	rc = net_write_check(ctx, json_integer_value(json_object_get(before, "office_id")),
			     ctx->business_date, err);
	if (rc == TD_OK)
		rc = check_decision(before, village_id, to, err);
	if (rc == TD_OK)
		rc = record_decision(ctx, village_id, text_of(before, "on_date"), to,
				     strcmp(to, proposed) == 0 ? "default" : "chosen", err);
	if (rc == TD_OK)
		rc = split_get(ctx->store, village_id, &after, err);
	if (rc == TD_OK)
		rc = net_audit(ctx, "decide_commune", "village", village_id, before, after, err);
	json_decref(before);
	json_decref(after);
	return rc;
}

int village_split_decide(struct td_ctx *ctx, int64_t village_id, const char *commune,
			 struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = decide_in_tx(ctx, village_id, commune, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* The villages awaiting a decision (of old_commune, or all), the offices that decide. */
static int awaiting(struct td_ctx *ctx, const char *old_commune, json_t **out, struct td_error *err)
{
	struct village_split_filter f = {
		.old_commune = old_commune, .awaiting = true, .page = {.limit = NET_LIMIT_MAX}};
	json_t *all = json_array();
	for (int64_t total = 1; all && f.page.offset < total; f.page.offset += NET_LIMIT_MAX) {
		json_t *page = NULL;
		int rc = village_split_list(ctx, &f, &page, err);
		if (rc != TD_OK) {
			json_decref(all);
			return rc;
		}
		total = json_integer_value(json_object_get(page, "total"));
		json_array_extend(all, json_object_get(page, "items"));
		json_decref(page);
	}
	*out = all;
	return all ? TD_OK : td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
}

/* Whether the actor may decide for the office: for one old commune it must (the error
 * says why not); for all, the villages of other subtrees are left for their offices. */
static int may_decide(struct td_ctx *ctx, int64_t office, bool all, bool *yes, struct td_error *err)
{
	struct td_error e = {0};
	int rc = net_write_check(ctx, office, ctx->business_date, all ? &e : err);
	*yes = rc == TD_OK;
	if (!all || rc == TD_OK)
		return rc;
	if (rc == TD_EFORBIDDEN)
		return TD_OK;
	*err = e;
	return rc;
}

static int accept_in_tx(struct td_ctx *ctx, const char *old_commune, int64_t *decided,
			struct td_error *err)
{
	/* Who may decide at all: a network writer of its own office (the role's check). */
	json_t *list = NULL, *ids = json_array();
	int rc = net_write_check(ctx, ctx->actor->office_id, ctx->business_date, err);
	if (rc == TD_OK)
		rc = awaiting(ctx, old_commune, &list, err);
	if (rc == TD_OK && old_commune && json_array_size(list) == 0)
		rc = td_error_set(err, TD_ENOTFOUND, "xã cũ %s không có thôn nào chờ quyết định",
				  old_commune);
	char today[TD_DATE_FMT_MAX];
	NET_ISO(ctx->business_date, today);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		bool yes = false;
		if (rc == TD_OK)
			rc = may_decide(ctx, json_integer_value(json_object_get(v, "office_id")),
					old_commune == NULL, &yes, err);
		if (rc != TD_OK || !yes)
			continue;
		json_int_t id = json_integer_value(json_object_get(v, "village_id"));
		rc = net_exec(ctx->store,
			      "UPDATE village_split SET decided = 'default', decided_on = ? WHERE "
			      "village_id = ? AND on_date = ?",
			      NET_ARGS(NT(today), NI(id), NT(text_of(v, "on_date"))), err);
		json_array_append_new(ids, json_integer(id));
	}
	*decided = (int64_t)json_array_size(ids);
	json_t *after = json_pack("{s:s?, s:I, s:O}", "old_commune", old_commune, "decided",
				  (json_int_t)*decided, "villages", ids);
	if (rc == TD_OK && *decided > 0)
		rc = after ? net_audit(ctx, "accept_defaults", "village_split", 0, NULL, after, err)
			   : td_error_set(err, TD_ENOMEM, "hết bộ nhớ");
	json_decref(after);
	json_decref(ids);
	json_decref(list);
	return rc;
}

int village_split_accept(struct td_ctx *ctx, const char *old_commune, int64_t *decided,
			 struct td_error *err)
{
	*decided = 0;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = accept_in_tx(ctx, old_commune, decided, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	*decided = 0;
	bank_tx_rollback(ctx);
	return rc;
}
