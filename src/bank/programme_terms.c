/*
 * A programme's terms as dated versions (R-PRG-1; programme_db.h): loading the version in
 * force on a day, inserting one, adding one from an administrator's changes, JSON.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/org_util.h"
#include "bank/programme_internal.h"

static const char *const channel_names[] = {[PRG_ENTRUSTED] = "entrusted", [PRG_DIRECT] = "direct"};
static const char *const term_names[] = {
	[PRG_TERM_FIXED] = "fixed", [PRG_TERM_STUDY] = "study", [PRG_TERM_CONTRACT] = "contract"};

#define NAMES_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int load_caps(struct td_store *s, int64_t terms_id, struct programme_db *out,
		     struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT scope, when_flags, kind, amount, pct FROM programme_terms_cap "
			     "WHERE terms_id = ? ORDER BY position",
			     "i", terms_id);
	size_t n = 0;
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		if (n == PROGRAMME_DB_CAPS_MAX) {
			rc = td_error_set(err, TD_EINTERNAL, "programme %s has more than %d caps",
					  out->p.code, PROGRAMME_DB_CAPS_MAX);
			break;
		}
		struct prg_cap *c = &out->caps[n++];
		int prc = programme_cap_scope_parse(stmt_column_text(st, 0), &c->scope, NULL);
		prc |= programme_cap_kind_parse(stmt_column_text(st, 2), &c->kind, NULL);
		assert(prc == TD_OK); /* the schema's CHECK allows nothing else */
		(void)prc;
		c->when = prg_flag_mask(stmt_column_text(st, 1));
		c->amount = stmt_column_int64(st, 3);
		c->pct = (int)stmt_column_int64(st, 4);
		rc = TD_OK;
	}
	stmt_finalize(st);
	out->p.caps = out->caps;
	out->p.cap_count = n;
	return rc == TD_DONE ? TD_OK : rc;
}

static void row_to_terms(struct td_stmt *st, struct programme *p)
{
	p->terms_from = org_col_date(st, 1);
	p->channel = (enum prg_channel)prg_name_index(channel_names, NAMES_COUNT(channel_names),
						      stmt_column_text(st, 2));
	p->term_kind = (enum prg_term_kind)prg_name_index(term_names, NAMES_COUNT(term_names),
							  stmt_column_text(st, 3));
	p->max_term_months = (int)stmt_column_int64(st, 4);
	p->grace_months = (int)stmt_column_int64(st, 5);
	p->statuses = prg_status_mask(stmt_column_text(st, 6));
	p->flags_all = prg_flag_mask(stmt_column_text(st, 7));
	p->flags_any = prg_flag_mask(stmt_column_text(st, 8));
	p->collateral_above =
		stmt_column_is_null(st, 9) ? PRG_NO_COLLATERAL : stmt_column_int64(st, 9);
	p->roll_forward = stmt_column_int64(st, 10) != 0;
	p->overdue_pct = (int)stmt_column_int64(st, 11);
	int rc = interest_convention_parse(stmt_column_text(st, 12), &p->convention, NULL);
	assert(rc == TD_OK && (int)p->channel >= 0 && (int)p->term_kind >= 0);
	(void)rc;
}

int programme_terms_load(struct td_store *s, struct programme_db *out, td_date on,
			 struct td_error *err)
{
	struct td_stmt *st = NULL;
	/* the version in force on `on`; before every version, the first one */
	int rc = org_prepare(s, &st, err,
			     "SELECT id, effective_from, channel, term_kind, max_term_months, "
			     "grace_months, statuses, flags_all, flags_any, collateral_above, "
			     "roll_forward, overdue_pct, convention FROM programme_terms WHERE "
			     "programme_id = ? ORDER BY CASE WHEN effective_from <= ? THEN 0 ELSE 1 "
			     "END, CASE WHEN effective_from <= ? THEN effective_from END DESC, "
			     "effective_from LIMIT 1",
			     "idd", out->id, on, on);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	int64_t terms_id = 0;
	if (rc == TD_ROW) {
		terms_id = stmt_column_int64(st, 0);
		row_to_terms(st, &out->p);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "programme %s has no terms", out->p.code);
	}
	stmt_finalize(st);
	return rc == TD_OK ? load_caps(s, terms_id, out, err) : rc;
}

int programme_db_roll_forward(struct td_ctx *ctx, const char *code, td_date day, int64_t *out,
			      struct td_error *err)
{
	return org_query_int64(ctx->store, out, err,
			       "SELECT t.roll_forward FROM programme_terms t JOIN programme p ON "
			       "p.id = t.programme_id WHERE p.code = ? ORDER BY CASE WHEN "
			       "t.effective_from <= ? THEN 0 ELSE 1 END, CASE WHEN t.effective_from "
			       "<= ? THEN t.effective_from END DESC, t.effective_from LIMIT 1",
			       "tdd", code, day, day);
}

static int insert_cap(struct td_ctx *ctx, int64_t terms_id, int pos, const struct prg_cap *c,
		      struct td_error *err)
{
	char when[160];
	programme_db_flags_text(c->when, when, sizeof when);
	return org_exec(ctx->store, err,
			"INSERT INTO programme_terms_cap (terms_id, position, scope, when_flags, "
			"kind, amount, pct) VALUES (?, ?, ?, ?, ?, ?, ?)",
			"iitttii", terms_id, (int64_t)pos, programme_cap_scope_name(c->scope), when,
			programme_cap_kind_name(c->kind), (int64_t)c->amount, (int64_t)c->pct);
}

int programme_terms_insert(struct td_ctx *ctx, int64_t pid, const struct programme *p,
			   const char *source, struct td_error *err)
{
	char st[160], fa[160], fy[160];
	int64_t terms_id = 0;
	int rc = org_query_int64(
		ctx->store, &terms_id, err,
		"INSERT INTO programme_terms (programme_id, effective_from, channel, term_kind, "
		"max_term_months, grace_months, statuses, flags_all, flags_any, collateral_above, "
		"roll_forward, overdue_pct, convention, source, recorded_on, recorded_by) VALUES "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(CAST(? AS BIGINT), -1), ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		"idttiitttiiittdt", pid, p->terms_from, channel_names[p->channel],
		term_names[p->term_kind], (int64_t)p->max_term_months, (int64_t)p->grace_months,
		programme_db_status_text(p->statuses, st, sizeof st),
		programme_db_flags_text(p->flags_all, fa, sizeof fa),
		programme_db_flags_text(p->flags_any, fy, sizeof fy),
		/* PRG_NO_COLLATERAL (-1) is stored as NULL; 0 means "always" */
		(int64_t)p->collateral_above, (int64_t)p->roll_forward, (int64_t)p->overdue_pct,
		interest_convention_name(p->convention), source, ctx->business_date,
		ctx->actor->username);
	for (size_t i = 0; rc == TD_OK && i < p->cap_count; i++)
		rc = insert_cap(ctx, terms_id, (int)i, &p->caps[i], err);
	return rc;
}

static json_t *names_json(uint32_t mask, bool statuses)
{
	json_t *a = json_array();
	int n = statuses ? HH_STATUS_COUNT : PRG_FLAG_COUNT;
	for (int i = 0; i < n; i++)
		if (mask & (1u << i))
			json_array_append_new(
				a, json_string(statuses ? programme_status_name((enum hh_status)i)
							: programme_flag_name(1u << i)));
	return a;
}

void programme_terms_json(const struct programme *p, json_t *o)
{
	json_t *caps = json_array();
	for (size_t i = 0; i < p->cap_count; i++) {
		const struct prg_cap *c = &p->caps[i];
		json_array_append_new(caps, json_pack("{s:s, s:o, s:s, s:I, s:i}", "scope",
						      programme_cap_scope_name(c->scope), "when",
						      names_json(c->when, false), "kind",
						      programme_cap_kind_name(c->kind), "amount",
						      (json_int_t)c->amount, "pct", c->pct));
	}
	char iso[TD_DATE_FMT_MAX];
	json_object_set_new(o, "terms_from",
			    json_string(date_format_iso(p->terms_from, iso, sizeof iso)));
	json_object_set_new(o, "channel", json_string(channel_names[p->channel]));
	json_object_set_new(o, "term_kind", json_string(term_names[p->term_kind]));
	json_object_set_new(o, "max_term_months", json_integer(p->max_term_months));
	json_object_set_new(o, "grace_months", json_integer(p->grace_months));
	json_object_set_new(o, "statuses", names_json(p->statuses, true));
	json_object_set_new(o, "flags_all", names_json(p->flags_all, false));
	json_object_set_new(o, "flags_any", names_json(p->flags_any, false));
	json_object_set_new(o, "collateral_above", p->collateral_above == PRG_NO_COLLATERAL
							   ? json_null()
							   : json_integer(p->collateral_above));
	json_object_set_new(o, "roll_forward", json_boolean(p->roll_forward));
	json_object_set_new(o, "overdue_pct", json_integer(p->overdue_pct));
	json_object_set_new(o, "convention", json_string(interest_convention_name(p->convention)));
	json_object_set_new(o, "caps", caps);
}

int programme_terms_history(struct td_store *s, int64_t pid, json_t **out, struct td_error *err)
{
	static const struct org_col cols[] = {{"effective_from", 't'},
					      {"source", 't'},
					      {"recorded_on", 't'},
					      {"recorded_by", 't'},
					      {NULL, 0}};
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT effective_from, source, recorded_on, recorded_by FROM "
			     "programme_terms WHERE programme_id = ? ORDER BY effective_from",
			     "i", pid);
	json_t *a = json_array();
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_array_append_new(a, org_row_json(st, cols, 0));
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return TD_OK;
}

/* --- a new version from an administrator's changes --- */

static int apply_sets(const struct programme_terms_input *in, struct programme *p,
		      struct td_error *err)
{
	int rc = TD_OK;
	if (in->statuses) {
		p->statuses = 0;
		char copy[160];
		snprintf(copy, sizeof copy, "%s", in->statuses);
		char *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); rc == TD_OK && t;
		     t = strtok_r(NULL, ",", &save)) {
			enum hh_status s;
			rc = programme_status_parse(t, &s, err);
			p->statuses |= rc == TD_OK ? HH_BIT(s) : 0;
		}
	}
	if (rc == TD_OK && in->flags_all)
		rc = programme_flags_parse(in->flags_all, &p->flags_all, err);
	if (rc == TD_OK && in->flags_any)
		rc = programme_flags_parse(in->flags_any, &p->flags_any, err);
	return rc;
}

static int apply(const struct programme_terms_input *in, struct programme_db *d,
		 struct td_error *err)
{
	struct programme *p = &d->p;
	p->terms_from = in->effective_from;
	if (in->channel) {
		int i = prg_name_index(channel_names, NAMES_COUNT(channel_names), in->channel);
		if (i < 0)
			return td_error_set(err, TD_EINVAL,
					    "kênh cho vay \"%s\": dùng entrusted (ủy thác qua tổ) "
					    "hoặc direct (trực tiếp)",
					    in->channel);
		p->channel = (enum prg_channel)i;
	}
	if (in->max_term_months >= 0)
		p->max_term_months = in->max_term_months;
	if (in->grace_months >= 0)
		p->grace_months = in->grace_months;
	if (in->collateral_above != PROGRAMME_KEEP)
		p->collateral_above = in->collateral_above;
	if (in->roll_forward >= 0)
		p->roll_forward = in->roll_forward != 0;
	if (in->overdue_pct >= 0)
		p->overdue_pct = in->overdue_pct;
	if (in->caps) {
		if (in->ncaps > PROGRAMME_DB_CAPS_MAX)
			return td_error_set(err, TD_EINVAL, "tối đa %d hạn mức",
					    PROGRAMME_DB_CAPS_MAX);
		memcpy(d->caps, in->caps, in->ncaps * sizeof *in->caps);
		p->caps = d->caps;
		p->cap_count = in->ncaps;
	}
	int rc = apply_sets(in, p, err);
	return rc == TD_OK ? programme_check(p, err) : rc;
}

/* History only grows: the new version comes after the latest one. */
static int after_latest(struct td_store *s, const struct programme_db *d, td_date from,
			struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT max(effective_from) FROM programme_terms WHERE programme_id = ?",
			     "i", d->id);
	if (rc == TD_OK)
		rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		td_date latest = org_col_date(st, 0);
		char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
		rc = latest == ORG_NO_DATE || from > latest
			     ? TD_OK
			     : td_error_set(err, TD_ERULE,
					    "chương trình %s đã có điều kiện cho vay từ %s; điều "
					    "kiện mới phải có hiệu lực sau ngày đó (lịch sử không "
					    "sửa, ngày %s)",
					    d->p.code, date_format_vn(latest, a, sizeof a),
					    date_format_vn(from, b, sizeof b));
	}
	stmt_finalize(st);
	return rc;
}

int programme_db_add_terms(struct td_ctx *ctx, const char *code,
			   const struct programme_terms_input *in, struct td_error *err)
{
	int rc = access_check(ctx, ACT_PROGRAMME_WRITE, NULL, err);
	if (rc == TD_OK && (!in->source || !*in->source || strlen(in->source) > 500))
		rc = td_error_set(err, TD_EINVAL,
				  "cần căn cứ của thay đổi (số quyết định, văn bản), tối đa 500 "
				  "byte");
	if (rc == TD_OK && in->effective_from == ORG_NO_DATE)
		rc = td_error_set(err, TD_EINVAL, "cần ngày hiệu lực");
	if (rc == TD_OK)
		rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct programme_db d;
	rc = programme_db_load(ctx, code, in->effective_from, &d, err);
	if (rc != TD_OK) {
		bank_tx_rollback(ctx);
		return rc;
	}
	rc = after_latest(ctx->store, &d, in->effective_from, err);
	json_t *before = json_object(), *after = json_object();
	programme_terms_json(&d.p, before);
	if (rc == TD_OK)
		rc = apply(in, &d, err);
	if (rc == TD_OK)
		rc = programme_terms_insert(ctx, d.id, &d.p, in->source, err);
	if (rc == TD_OK) {
		programme_terms_json(&d.p, after);
		json_object_set_new(after, "source", json_string(in->source));
		char *bt = org_json_text(before), *at = org_json_text(after);
		rc = audit_record(ctx, "terms_add", "programme", d.id, bt, at, err);
		free(bt);
		free(at);
	}
	json_decref(before);
	json_decref(after);
	programme_db_free(&d);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
