/*
 * Households: create and update (R-HH-3), each one transaction with its audit record.
 * bank/household.h documents the API.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/audit.h"
#include "bank/commune_at.h"
#include "bank/household_internal.h"

/* The village's commune on the business date (commune_at.h: after a merger, the new
 * one); a problem when the village does not exist then. */
static int village_commune(struct td_store *s, int64_t village_id, td_date on, char *commune,
			   size_t size, struct hh_problems *p, struct td_error *err)
{
	char day[TD_DATE_FMT_MAX];
	date_format_iso(on, day, sizeof day);
	struct td_stmt *st = NULL;
	commune[0] = '\0';
	int rc = org_prepare(
		s, &st, err,
		"SELECT " COMMUNE_OF_VILLAGE("v.id") ", v.name, v.valid_from, "
						     "v.valid_to FROM village v WHERE v.id = ?",
		"tti", day, day, village_id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		const char *from = stmt_column_text(st, 2), *to = stmt_column_text(st, 3);
		if (strcmp(from, day) > 0 || (to && strcmp(to, day) <= 0) ||
		    stmt_column_is_null(st, 0))
			hh_problem(p, "village %lld (%s) is not valid on %s (valid from %s%s%s)",
				   (long long)village_id, stmt_column_text(st, 1), day, from,
				   to ? " to " : "", to ? to : "");
		else
			snprintf(commune, size, "%s", stmt_column_text(st, 0));
	} else if (rc == TD_DONE) {
		hh_problem(p, "village %lld does not exist", (long long)village_id);
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

/* A stored household, as the write use cases need it. */
struct hh_row {
	int64_t id;
	struct household_fields f;
	int64_t village_id;
	char commune[16];
	int64_t office_id;
};

static int row_load(struct td_store *s, int64_t id, struct hh_row *r, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		s, &st, err,
		"SELECT cccd, head_name, name_folded, sex, birth_year, ethnicity, flags, "
		"village_id, commune_code, office_id, phone, members FROM household "
		"WHERE id = ?",
		"i", id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		memset(r, 0, sizeof *r);
		r->id = id;
		snprintf(r->f.cccd, sizeof r->f.cccd, "%s", stmt_column_text(st, 0));
		snprintf(r->f.head_name, sizeof r->f.head_name, "%s", stmt_column_text(st, 1));
		snprintf(r->f.name_folded, sizeof r->f.name_folded, "%s", stmt_column_text(st, 2));
		r->f.sex = strcmp(stmt_column_text(st, 3), "female") == 0 ? CCCD_FEMALE : CCCD_MALE;
		r->f.birth_year = (int)stmt_column_int64(st, 4);
		snprintf(r->f.ethnicity, sizeof r->f.ethnicity, "%s", stmt_column_text(st, 5));
		rc = household_flags_parse(stmt_column_text(st, 6), &r->f.flags, err);
		assert(rc == TD_OK && "household.flags holds what household_flags_format wrote");
		r->village_id = stmt_column_int64(st, 7);
		snprintf(r->commune, sizeof r->commune, "%s", stmt_column_text(st, 8));
		r->office_id = stmt_column_int64(st, 9);
		snprintf(r->f.phone, sizeof r->f.phone, "%s", stmt_column_text(st, 10));
		r->f.members = (int)stmt_column_int64(st, 11);
		rc = TD_ROW;
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_ENOTFOUND, "household (hộ) %lld does not exist",
				    (long long)id);
	return rc == TD_ROW ? TD_OK : rc;
}

/* The audit snapshot of a household: its stored fields as canonical JSON text. */
static char *row_snapshot(const struct hh_row *r)
{
	char flags[HOUSEHOLD_FLAGS_TEXT_MAX];
	json_t *j = json_pack(
		"{s:s, s:s, s:s, s:i, s:s, s:s, s:I, s:s, s:I, s:s, s:i}", "cccd", r->f.cccd,
		"head_name", r->f.head_name, "sex", household_sex_name(r->f.sex), "birth_year",
		r->f.birth_year, "ethnicity", r->f.ethnicity, "flags",
		household_flags_format(r->f.flags, flags, sizeof flags), "village_id",
		(json_int_t)r->village_id, "commune_code", r->commune, "office_id",
		(json_int_t)r->office_id, "phone", r->f.phone, "members", r->f.members);
	char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return text;
}

/* TD_EUNIQUE naming the household that already has this citizen ID (other than self). */
static int check_unique(struct td_store *s, const char *cccd, int64_t self, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = org_prepare(s, &st, err, "SELECT id, head_name FROM household WHERE cccd = ?", "t",
			     cccd);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		int64_t other = stmt_column_int64(st, 0);
		rc = other == self ? TD_OK
				   : td_error_set(err, TD_EUNIQUE,
						  "citizen ID %s already belongs to household %lld "
						  "(%s): one household per citizen ID",
						  cccd, (long long)other, stmt_column_text(st, 1));
	} else if (rc == TD_DONE) {
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc;
}

/* ---- Writes ----------------------------------------------------------------------- */

static int write_access(struct td_ctx *ctx, int64_t office_id, struct td_error *err)
{
	struct td_scope scope = {.office_id = office_id};
	return access_check(ctx, ACT_HOUSEHOLD_WRITE, &scope, err);
}

/* Validates the input into r (fields, village, commune, office) and checks that the actor
 * may write at the resulting office. */
static int prepare_row(struct td_ctx *ctx, const struct household_input *in, struct hh_row *r,
		       struct td_error *err)
{
	struct hh_problems p = {0};
	struct td_error e = {0};
	if (household_check(in, ctx->business_date, &r->f, &e) != TD_OK)
		hh_problem(&p, "%s", e.msg);
	r->village_id = in->village_id;
	int rc = village_commune(ctx->store, in->village_id, ctx->business_date, r->commune,
				 sizeof r->commune, &p, err);
	if (rc != TD_OK)
		return rc;
	rc = hh_problems_finish(&p, TD_EINVAL, err);
	if (rc == TD_OK)
		rc = household_village_office(ctx->store, r->village_id, ctx->business_date,
					      &r->office_id, err);
	if (rc == TD_OK)
		rc = write_access(ctx, r->office_id, err);
	return rc;
}

static int row_insert(struct td_ctx *ctx, struct hh_row *r, struct td_error *err)
{
	char flags[HOUSEHOLD_FLAGS_TEXT_MAX], day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	struct td_stmt *st = NULL;
	int rc = org_prepare(
		ctx->store, &st, err,
		"INSERT INTO household (cccd, head_name, name_folded, sex, birth_year, "
		"ethnicity, flags, village_id, commune_code, office_id, phone, members, "
		"created_on, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		"ttttittitititt", r->f.cccd, r->f.head_name, r->f.name_folded,
		household_sex_name(r->f.sex), (int64_t)r->f.birth_year, r->f.ethnicity,
		household_flags_format(r->f.flags, flags, sizeof flags), r->village_id, r->commune,
		r->office_id, r->f.phone, (int64_t)r->f.members, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		r->id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	return rc == TD_ROW ? TD_OK : rc == TD_DONE ? TD_EINTERNAL : rc;
}

static int create_in_tx(struct td_ctx *ctx, const struct household_input *in, int64_t *id,
			struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	struct td_scope own = {a->office_id, a->chapter_id, a->group_id};
	struct hh_row r = {0};
	int rc = access_check(ctx, ACT_HOUSEHOLD_WRITE, &own, err);
	if (rc == TD_OK)
		rc = prepare_row(ctx, in, &r, err);
	if (rc == TD_OK)
		rc = check_unique(ctx->store, r.f.cccd, 0, err);
	if (rc == TD_OK)
		rc = row_insert(ctx, &r, err);
	if (rc != TD_OK)
		return rc;
	char *after = row_snapshot(&r);
	rc = after ? audit_record(ctx, "create", "household", r.id, NULL, after, err)
		   : td_error_set(err, TD_ENOMEM, "out of memory");
	free(after);
	if (rc == TD_OK && id)
		*id = r.id;
	return rc;
}

int household_create(struct td_ctx *ctx, const struct household_input *in, int64_t *id,
		     struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = create_in_tx(ctx, in, id, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static int row_update(struct td_ctx *ctx, const struct hh_row *r, struct td_error *err)
{
	char flags[HOUSEHOLD_FLAGS_TEXT_MAX], day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	return org_exec(
		ctx->store, err,
		"UPDATE household SET cccd = ?, head_name = ?, name_folded = ?, sex = ?, "
		"birth_year = ?, ethnicity = ?, flags = ?, village_id = ?, commune_code = ?, "
		"office_id = ?, phone = ?, members = ?, updated_on = ? WHERE id = ?",
		"ttttittitititi", r->f.cccd, r->f.head_name, r->f.name_folded,
		household_sex_name(r->f.sex), (int64_t)r->f.birth_year, r->f.ethnicity,
		household_flags_format(r->f.flags, flags, sizeof flags), r->village_id, r->commune,
		r->office_id, r->f.phone, (int64_t)r->f.members, day, r->id);
}

static int update_in_tx(struct td_ctx *ctx, int64_t id, const struct household_input *in,
			struct td_error *err)
{
	struct hh_row old, r = {0};
	int rc = row_load(ctx->store, id, &old, err);
	if (rc == TD_OK)
		rc = write_access(ctx, old.office_id, err);
	if (rc == TD_OK)
		rc = prepare_row(ctx, in, &r, err);
	if (rc == TD_OK)
		rc = check_unique(ctx->store, r.f.cccd, id, err);
	if (rc != TD_OK)
		return rc;
	r.id = id;
	char *before = row_snapshot(&old), *after = row_snapshot(&r);
	if (!before || !after)
		rc = td_error_set(err, TD_ENOMEM, "out of memory");
	else if (strcmp(before, after) != 0)
		rc = row_update(ctx, &r, err);
	if (rc == TD_OK && strcmp(before, after) != 0)
		rc = audit_record(ctx, "update", "household", id, before, after, err);
	free(before);
	free(after);
	return rc;
}

int household_update(struct td_ctx *ctx, int64_t id, const struct household_input *in,
		     struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = update_in_tx(ctx, id, in, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}
