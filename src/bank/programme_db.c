/*
 * Programmes in the database: seeding from credit/programme_seed.c, loading into a
 * struct programme, reading as JSON, adding rate rows and setting tags (R-PRG-1, R-PRG-2,
 * R-RATE-1).
 */
#include "bank/programme_db.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "bank/org_util.h"
#include "bank/programme_internal.h"

static const char *const ntp_tags[] = {"new_rural", "poverty_reduction", "ethnic_minority", "none"};

#define NAMES_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

bool programme_db_ntp_tag_known(const char *tag)
{
	return prg_name_index(ntp_tags, NAMES_COUNT(ntp_tags), tag) >= 0;
}

int prg_name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (s && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

td_date prg_never_to_none(td_date d)
{
	return d == PRG_DATE_NEVER ? ORG_NO_DATE : d;
}

td_date prg_none_to_never(td_date d)
{
	return d == ORG_NO_DATE ? PRG_DATE_NEVER : d;
}

char *programme_db_status_text(uint32_t mask, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int s = 0; s < HH_STATUS_COUNT; s++)
		if (mask & HH_BIT(s))
			used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s",
						 used ? "," : "",
						 programme_status_name((enum hh_status)s));
	assert(used < size);
	return buf;
}

char *programme_db_flags_text(uint32_t mask, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < PRG_FLAG_COUNT; i++)
		if (mask & (1u << i))
			used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s",
						 used ? "," : "", programme_flag_name(1u << i));
	assert(used < size);
	return buf;
}

uint32_t prg_status_mask(const char *text)
{
	uint32_t mask = 0;
	char copy[160];
	snprintf(copy, sizeof copy, "%s", text ? text : "");
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		enum hh_status s;
		int rc = programme_status_parse(t, &s, NULL);
		assert(rc == TD_OK);
		(void)rc;
		mask |= HH_BIT(s);
	}
	return mask;
}

uint32_t prg_flag_mask(const char *text)
{
	uint32_t mask = 0;
	int rc = programme_flags_parse(text ? text : "", &mask, NULL);
	assert(rc == TD_OK);
	(void)rc;
	return mask;
}

/* "a,b;c" -> sets; TD_EINVAL naming a bad name or too many sets. */
int prg_reduced_parse(const char *text, uint32_t *sets, struct td_error *err)
{
	memset(sets, 0, sizeof(uint32_t) * PRG_REDUCED_SETS_MAX);
	char copy[256];
	snprintf(copy, sizeof copy, "%s", text ? text : "");
	char *save = NULL;
	int n = 0;
	for (char *t = strtok_r(copy, ";", &save); t; t = strtok_r(NULL, ";", &save)) {
		if (n == PRG_REDUCED_SETS_MAX)
			return td_error_set(err, TD_EINVAL,
					    "reduced_for has more than %d flag sets",
					    PRG_REDUCED_SETS_MAX);
		int rc = programme_flags_parse(t, &sets[n], err);
		if (rc != TD_OK)
			return td_error_prefix(err, "reduced_for: ");
		if (sets[n])
			n++;
	}
	return TD_OK;
}

void prg_reduced_text(const uint32_t *sets, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < PRG_REDUCED_SETS_MAX && sets[i]; i++) {
		char one[160];
		programme_db_flags_text(sets[i], one, sizeof one);
		used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s",
					 used ? ";" : "", one);
	}
	assert(used < size);
}

/* --- seeding --- */

static int seed_rate(struct td_ctx *ctx, int64_t pid, const struct prg_rate *r,
		     struct td_error *err)
{
	char red[256];
	prg_reduced_text(r->reduced_for, red, sizeof red);
	return org_exec(ctx->store, err,
			"INSERT INTO programme_rate (programme_id, effective_from, "
			"outstanding_from, rate, reduced_rate, reduced_for, recorded_on, "
			"recorded_by, source) VALUES (?, ?, ?, ?, ?, ?, ?, 'seed', '" PROGRAMME_SEED_SOURCE
			"')",
			"idDiitd", pid, r->effective_from, prg_never_to_none(r->outstanding_from),
			(int64_t)r->rate, (int64_t)r->reduced_rate, red, ctx->business_date);
}

/* Inserts one seed programme unless its code is there; *added tells which. */
static int seed_one(struct td_ctx *ctx, const struct programme *p, bool *added,
		    struct td_error *err)
{
	struct td_stmt *stmt = NULL;
	int rc = org_prepare(ctx->store, &stmt, err,
			     "INSERT INTO programme (code, name_vi, name_en, valid_from, "
			     "valid_until) VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING "
			     "RETURNING id",
			     "tttdD", p->code, p->name_vi, p->name_en, p->valid_from,
			     prg_never_to_none(p->valid_until));
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(stmt, err);
	int64_t pid = rc == TD_ROW ? stmt_column_int64(stmt, 0) : 0;
	stmt_finalize(stmt);
	*added = rc == TD_ROW;
	if (rc != TD_ROW)
		return rc == TD_DONE ? TD_OK : rc;
	rc = programme_terms_insert(ctx, pid, p, PROGRAMME_SEED_SOURCE, err);
	for (size_t i = 0; rc == TD_OK && i < p->rate_count; i++)
		rc = seed_rate(ctx, pid, &p->rates[i], err);
	return rc;
}

int programme_db_seed(struct td_ctx *ctx, int *inserted, struct td_error *err)
{
	size_t n = 0;
	const struct programme *seed = programme_seed(&n);
	if (inserted)
		*inserted = 0;
	int64_t have = 0;
	int rc = org_query_int64(ctx->store, &have, err, "SELECT count(*) FROM programme", "");
	if (rc != TD_OK || have >= (int64_t)n)
		return rc; /* seeded before: no write, no transaction */
	rc = bank_tx_begin(ctx, err);
	for (size_t i = 0; rc == TD_OK && i < n; i++) {
		bool added = false;
		rc = seed_one(ctx, &seed[i], &added, err);
		if (rc == TD_OK && added && inserted)
			(*inserted)++;
	}
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* --- loading --- */

#define PRG_SELECT                                                                                 \
	"SELECT id, code, name_vi, name_en, valid_from, valid_until, ntp_tag, resolution_11 "      \
	"FROM programme "

static void row_to_programme(struct td_stmt *st, struct programme_db *out)
{
	struct programme *p = &out->p;
	out->id = stmt_column_int64(st, 0);
	snprintf(p->code, sizeof p->code, "%s", stmt_column_text(st, 1));
	snprintf(p->name_vi, sizeof p->name_vi, "%s", stmt_column_text(st, 2));
	snprintf(p->name_en, sizeof p->name_en, "%s", stmt_column_text(st, 3));
	p->valid_from = org_col_date(st, 4);
	p->valid_until = prg_none_to_never(org_col_date(st, 5));
	snprintf(out->ntp_tag, sizeof out->ntp_tag, "%s", stmt_column_text(st, 6));
	out->resolution_11 = stmt_column_int64(st, 7) != 0;
}

static int load_rates(struct td_store *s, struct programme_db *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err,
			     "SELECT effective_from, outstanding_from, rate, reduced_rate, "
			     "reduced_for FROM programme_rate WHERE programme_id = ? "
			     "ORDER BY effective_from",
			     "i", out->id);
	size_t n = 0, cap = 0;
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			struct prg_rate *grown = realloc(out->rates, cap * sizeof *grown);
			if (!grown) {
				rc = td_error_set(err, TD_ENOMEM, "out of memory");
				break;
			}
			out->rates = grown;
		}
		struct prg_rate *r = &out->rates[n++];
		memset(r, 0, sizeof *r);
		r->effective_from = org_col_date(st, 0);
		r->outstanding_from = prg_none_to_never(org_col_date(st, 1));
		r->rate = stmt_column_int64(st, 2);
		r->reduced_rate = stmt_column_int64(st, 3);
		int prc = prg_reduced_parse(stmt_column_text(st, 4), r->reduced_for, NULL);
		assert(prc == TD_OK);
		(void)prc;
		rc = TD_OK;
	}
	stmt_finalize(st);
	out->p.rates = out->rates;
	out->p.rate_count = n;
	return rc == TD_DONE ? TD_OK : rc;
}

static int known_codes(struct td_store *s, char *buf, size_t size)
{
	struct td_stmt *st = NULL;
	struct td_error ignored = {0};
	buf[0] = '\0';
	size_t used = 0;
	int rc = org_prepare(s, &st, &ignored,
			     "SELECT code FROM programme ORDER BY length(code), code", "");
	while (rc == TD_OK && stmt_step(st, &ignored) == TD_ROW && used < size)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
					 stmt_column_text(st, 0));
	stmt_finalize(st);
	return TD_OK;
}

static int load_where(struct td_ctx *ctx, const char *where, const char *code, int64_t id,
		      td_date on, struct programme_db *out, struct td_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = programme_db_seed(ctx, NULL, err);
	if (rc != TD_OK)
		return rc;
	char sql[512];
	snprintf(sql, sizeof sql, "%s%s", PRG_SELECT, where);
	struct td_stmt *st = NULL;
	rc = code ? org_prepare(ctx->store, &st, err, sql, "t", code)
		  : org_prepare(ctx->store, &st, err, sql, "i", id);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		row_to_programme(st, out);
	stmt_finalize(st);
	if (rc == TD_DONE) {
		char codes[256];
		known_codes(ctx->store, codes, sizeof codes);
		if (code)
			return td_error_set(err, TD_ENOTFOUND,
					    "programme (chương trình) '%s' does not exist; known "
					    "codes: %s",
					    code, codes);
		return td_error_set(err, TD_ENOTFOUND, "programme #%lld does not exist",
				    (long long)id);
	}
	if (rc != TD_ROW)
		return rc;
	rc = programme_terms_load(ctx->store, out, on, err);
	if (rc == TD_OK)
		rc = load_rates(ctx->store, out, err);
	if (rc != TD_OK)
		programme_db_free(out);
	return rc;
}

int programme_db_load(struct td_ctx *ctx, const char *code, td_date on,
		      struct programme_db *out, struct td_error *err)
{
	return load_where(ctx, "WHERE code = ?", code ? code : "", 0, on, out, err);
}

int programme_db_load_id(struct td_ctx *ctx, int64_t id, td_date on, struct programme_db *out,
			 struct td_error *err)
{
	return load_where(ctx, "WHERE id = ?", NULL, id, on, out, err);
}

void programme_db_free(struct programme_db *p)
{
	if (!p)
		return;
	free(p->rates);
	p->rates = NULL;
	p->p.rates = NULL;
	p->p.rate_count = 0;
}

/* --- JSON --- */

static json_t *date_json(td_date d)
{
	char iso[TD_DATE_FMT_MAX];
	return d == PRG_DATE_NEVER ? json_null() : json_string(date_format_iso(d, iso, sizeof iso));
}

static json_t *rate_json(const struct prg_rate *r)
{
	char pct[32], red[256], rpct[32];
	prg_reduced_text(r->reduced_for, red, sizeof red);
	return json_pack("{s:o, s:o, s:I, s:s, s:I, s:s, s:s}", "effective_from",
			 date_json(r->effective_from), "outstanding_from",
			 date_json(r->outstanding_from), "rate", (json_int_t)r->rate, "rate_pct",
			 rate_format_percent(r->rate, pct, sizeof pct), "reduced_rate",
			 (json_int_t)r->reduced_rate, "reduced_rate_pct",
			 rate_format_percent(r->reduced_rate, rpct, sizeof rpct), "reduced_for",
			 red);
}

/* The programme with the terms in force on `on`. */
static json_t *programme_json(struct td_store *s, const struct programme_db *d, td_date on,
			      struct td_error *err)
{
	const struct programme *p = &d->p;
	json_t *rates = json_array(), *terms = NULL;
	for (size_t i = 0; i < p->rate_count; i++)
		json_array_append_new(rates, rate_json(&p->rates[i]));
	if (programme_terms_history(s, d->id, &terms, err) != TD_OK) {
		json_decref(rates);
		return NULL;
	}
	td_rate now = 0;
	char pct[32], iso[TD_DATE_FMT_MAX];
	json_t *rate_today = programme_rate_new_loan(p, on, 0, &now, NULL) == TD_OK
				     ? json_string(rate_format_percent(now, pct, sizeof pct))
				     : json_null();
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:o, s:o, s:s, s:o}", "code",
			      p->code, "name_vi", p->name_vi, "name_en", p->name_en, "valid_from",
			      date_json(p->valid_from), "valid_until", date_json(p->valid_until),
			      "ntp_tag", d->ntp_tag, "resolution_11", d->resolution_11, "rates",
			      rates, "rate_today", rate_today, "date",
			      date_format_iso(on, iso, sizeof iso), "terms_history", terms);
	if (!o) {
		td_error_set(err, TD_ENOMEM, "out of memory");
		return NULL;
	}
	programme_terms_json(p, o);
	return o;
}

int programme_db_get(struct td_ctx *ctx, const char *code, td_date on, json_t **out,
		     struct td_error *err)
{
	int rc = access_check(ctx, ACT_READ, NULL, err);
	struct programme_db d;
	if (rc == TD_OK)
		rc = programme_db_load(ctx, code, on, &d, err);
	if (rc != TD_OK)
		return rc;
	*out = programme_json(ctx->store, &d, on, err);
	programme_db_free(&d);
	return *out ? TD_OK : err->code;
}

int programme_db_list(struct td_ctx *ctx, td_date on, json_t **out, struct td_error *err)
{
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc == TD_OK)
		rc = programme_db_seed(ctx, NULL, err);
	if (rc != TD_OK)
		return rc;
	struct td_stmt *st = NULL;
	rc = org_prepare(ctx->store, &st, err,
			 "SELECT id FROM programme ORDER BY length(code), code", "");
	json_t *items = json_array();
	int64_t ids[64];
	size_t n = 0;
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		if (n == sizeof ids / sizeof ids[0]) {
			rc = td_error_set(err, TD_ETOOBIG, "more than %zu programmes to list", n);
			break;
		}
		ids[n++] = stmt_column_int64(st, 0);
		rc = TD_OK;
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		rc = TD_OK;
	for (size_t i = 0; rc == TD_OK && i < n; i++) {
		struct programme_db d;
		rc = programme_db_load_id(ctx, ids[i], on, &d, err);
		json_t *one = rc == TD_OK ? programme_json(ctx->store, &d, on, err) : NULL;
		if (rc == TD_OK)
			programme_db_free(&d);
		if (rc == TD_OK && !one)
			rc = err->code;
		if (one)
			json_array_append_new(items, one);
	}
	if (rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o}", "items", items);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

/* --- editing --- */

static int check_rate_input(const struct programme_db *d, const struct programme_rate_input *in,
			    uint32_t *sets, struct td_error *err)
{
	char a[TD_DATE_FMT_MAX], b[TD_DATE_FMT_MAX];
	if (d->p.rate_count > 0) {
		td_date last = d->p.rates[d->p.rate_count - 1].effective_from;
		if (in->effective_from <= last)
			return td_error_set(err, TD_ERULE,
					    "programme %s: a new rate must take effect after the "
					    "latest one (%s); %s would rewrite history (R-RATE-1)",
					    d->p.code, date_format_iso(last, a, sizeof a),
					    date_format_iso(in->effective_from, b, sizeof b));
	}
	if (in->outstanding_from != PRG_DATE_NEVER && in->outstanding_from < in->effective_from)
		return td_error_set(err, TD_ERULE,
				    "outstanding_from %s is before effective_from %s",
				    date_format_iso(in->outstanding_from, a, sizeof a),
				    date_format_iso(in->effective_from, b, sizeof b));
	int rc = prg_reduced_parse(in->reduced_for, sets, err);
	if (rc != TD_OK)
		return rc;
	char pct[32];
	if (in->reduced_rate && !sets[0]) /* it would apply to nobody, silently */
		return td_error_set(err, TD_EINVAL,
				    "reduced_rate %s %% applies to nobody: give reduced_for, the "
				    "flag sets it is for",
				    rate_format_percent(in->reduced_rate, pct, sizeof pct));
	/* The pure check of credit/ judges the whole history with the new row in it. */
	struct prg_rate *all = calloc(d->p.rate_count + 1, sizeof *all);
	if (!all)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	if (d->p.rate_count)
		memcpy(all, d->p.rates, d->p.rate_count * sizeof *all);
	struct prg_rate *r = &all[d->p.rate_count];
	r->effective_from = in->effective_from;
	r->outstanding_from = in->outstanding_from;
	r->rate = in->rate;
	r->reduced_rate = in->reduced_rate;
	memcpy(r->reduced_for, sets, sizeof r->reduced_for);
	struct programme check = d->p;
	check.rates = all;
	check.rate_count = d->p.rate_count + 1;
	rc = programme_check(&check, err);
	free(all);
	return rc;
}

int programme_db_add_rate(struct td_ctx *ctx, const char *code,
			  const struct programme_rate_input *in, struct td_error *err)
{
	assert(in);
	int rc = access_check(ctx, ACT_PROGRAMME_WRITE, NULL, err);
	if (rc != TD_OK)
		return rc;
	rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct programme_db d;
	uint32_t sets[PRG_REDUCED_SETS_MAX];
	rc = programme_db_load(ctx, code, in->effective_from, &d, err);
	if (rc == TD_OK) {
		rc = check_rate_input(&d, in, sets, err);
		if (rc == TD_OK) {
			char red[256];
			prg_reduced_text(sets, red, sizeof red);
			rc = org_exec(ctx->store, err,
				      "INSERT INTO programme_rate (programme_id, effective_from, "
				      "outstanding_from, rate, reduced_rate, reduced_for, "
				      "recorded_on, recorded_by, source) VALUES (?, ?, ?, ?, ?, ?, ?, "
				      "?, ?)",
				      "idDiitdtt", d.id, in->effective_from,
				      prg_never_to_none(in->outstanding_from), (int64_t)in->rate,
				      (int64_t)in->reduced_rate, red, ctx->business_date,
				      ctx->actor->username, in->source ? in->source : "");
		}
		if (rc == TD_OK) {
			json_t *after = rate_json(&(struct prg_rate){
				.effective_from = in->effective_from,
				.outstanding_from = in->outstanding_from,
				.rate = in->rate,
				.reduced_rate = in->reduced_rate,
				.reduced_for = {sets[0], sets[1], sets[2], sets[3]}});
			char *text = org_json_text(after);
			rc = audit_record(ctx, "rate_add", "programme", d.id, NULL, text, err);
			free(text);
			json_decref(after);
		}
		programme_db_free(&d);
	}
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int programme_db_set_tags(struct td_ctx *ctx, const char *code, const char *ntp_tag,
			  int resolution_11, struct td_error *err)
{
	int rc = access_check(ctx, ACT_PROGRAMME_WRITE, NULL, err);
	if (rc != TD_OK)
		return rc;
	if (ntp_tag && prg_name_index(ntp_tags, NAMES_COUNT(ntp_tags), ntp_tag) < 0)
		return td_error_set(err, TD_EINVAL,
				    "national target programme tag '%s' is not known; one of: %s",
				    ntp_tag, PROGRAMME_NTP_TAGS);
	if (resolution_11 > 1)
		return td_error_set(err, TD_EINVAL, "resolution_11 is 0 or 1, not %d",
				    resolution_11);
	rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct programme_db d;
	rc = programme_db_load(ctx, code, ctx->business_date, &d, err);
	if (rc == TD_OK) {
		const char *tag = ntp_tag ? ntp_tag : d.ntp_tag;
		int r11 = resolution_11 < 0 ? d.resolution_11 : resolution_11;
		rc = org_exec(ctx->store, err,
			      "UPDATE programme SET ntp_tag = ?, resolution_11 = ? WHERE id = ?",
			      "tii", tag, (int64_t)r11, d.id);
		json_t *before = json_pack("{s:s, s:b}", "ntp_tag", d.ntp_tag, "resolution_11",
					   d.resolution_11);
		json_t *after = json_pack("{s:s, s:b}", "ntp_tag", tag, "resolution_11", r11);
		char *b = org_json_text(before), *a = org_json_text(after);
		bool same = strcmp(tag, d.ntp_tag) == 0 && r11 == (int)d.resolution_11;
		if (rc == TD_OK && !same)
			rc = audit_record(ctx, "update", "programme", d.id, b, a, err);
		free(b);
		free(a);
		json_decref(before);
		json_decref(after);
		programme_db_free(&d);
	}
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
