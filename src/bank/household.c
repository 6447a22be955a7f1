/*
 * Households: validation, the office that serves a commune, create, update, get, search
 * (issue 4, R-HH-3, R-ORG-4). bank/household.h documents the API.
 */
#include "bank/household.h"

#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"
#include "base/buf.h"
#include "base/fold.h"

/* ---- Validation ------------------------------------------------------------------- */

/* Every problem of one input, joined by "; " (a message that would overflow ends with
 * "; ..." so that nothing is cut silently). */
struct problems {
	int n;
	char msg[TD_ERROR_MSG_MAX];
};

static void problem(struct problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct problems *p, const char *fmt, ...)
{
	static const char more[] = "; ...";
	char one[TD_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(one, sizeof one, fmt, ap);
	va_end(ap);
	size_t len = strlen(p->msg), sep = p->n++ ? 2 : 0, n = strlen(one);
	if (len + sizeof more > sizeof p->msg)
		return; /* already full and marked */
	if (len + sep + n + sizeof more > sizeof p->msg) {
		memcpy(p->msg + len, more, sizeof more);
		return;
	}
	memcpy(p->msg + len, "; ", sep);
	memcpy(p->msg + len + sep, one, n + 1);
}

static int problems_finish(const struct problems *p, int code, struct td_error *err)
{
	return p->n ? td_error_set(err, code, "%s", p->msg) : TD_OK;
}

/* Copies s without leading and trailing white space and with inner runs of white space
 * made one space. False when the result would not fit in size bytes (with the NUL). */
static bool tidy(const char *s, char *out, size_t size)
{
	size_t len = 0;
	bool space = false;
	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = len > 0;
			continue;
		}
		if (len + (space ? 2 : 1) >= size) {
			out[0] = '\0';
			return false;
		}
		if (space)
			out[len++] = ' ';
		space = false;
		out[len++] = *s;
	}
	out[len] = '\0';
	return true;
}

static bool has_digit(const char *s)
{
	return strpbrk(s, "0123456789") != NULL;
}

static bool check_cccd(const char *in, td_date today, struct household_fields *out, struct cccd *id,
		       struct problems *p)
{
	char buf[64];
	struct td_error e = {0};
	if (!tidy(in, buf, sizeof buf)) {
		problem(p, "citizen ID '%.20s...' is far too long: needs %d digits", in,
			CCCD_DIGITS);
		return false;
	}
	if (cccd_validate_at(buf, today, id, &e) != TD_OK) {
		problem(p, "%s", e.msg);
		return false;
	}
	memcpy(out->cccd, buf, CCCD_DIGITS + 1);
	return true;
}

static void check_name(const char *in, struct household_fields *out, struct problems *p)
{
	if (!tidy(in, out->head_name, sizeof out->head_name)) {
		problem(p, "head_name is longer than %d bytes", HOUSEHOLD_NAME_MAX);
		return;
	}
	fold_ascii(out->head_name, strlen(out->head_name), out->name_folded);
	if (!out->head_name[0])
		problem(p, "head_name (họ tên chủ hộ) is empty");
	else if (has_digit(out->head_name))
		problem(p, "head_name '%s' contains a digit: is it another column?",
			out->head_name);
	else if (!out->name_folded[0])
		problem(p, "head_name '%s' has no letters", out->head_name);
}

/* Folded sex words: the codes, Vietnamese, and the one-letter forms of paper lists. */
static int parse_sex(const char *s, enum cccd_sex *out)
{
	char f[16];
	size_t n = strlen(s);
	if (n >= sizeof f)
		return -1;
	fold_ascii(s, n, f);
	if (!strcmp(f, "male") || !strcmp(f, "nam") || !strcmp(f, "m"))
		*out = CCCD_MALE;
	else if (!strcmp(f, "female") || !strcmp(f, "nu") || !strcmp(f, "f"))
		*out = CCCD_FEMALE;
	else
		return -1;
	return 0;
}

/* sex and birth_year from the input, checked against the ID when it decoded (R-HH-3). */
static void check_sex_year(const struct household_input *in, const struct cccd *id,
			   struct household_fields *out, struct problems *p)
{
	enum cccd_sex sex = id ? id->sex : CCCD_MALE;
	bool given = in->sex && strspn(in->sex, " \t") < strlen(in->sex);
	if (given && parse_sex(in->sex, &sex) != 0)
		problem(p, "sex '%s' is not male/female (Nam/Nữ)", in->sex);
	else if (given && id && sex != id->sex)
		problem(p, "sex %s does not match citizen ID %s, which says %s", cccd_sex_name(sex),
			out->cccd, cccd_sex_name(id->sex));
	out->sex = sex;
	out->birth_year = id ? id->birth_year : in->birth_year;
	if (in->birth_year != 0 && id && in->birth_year != id->birth_year)
		problem(p, "birth_year %d does not match citizen ID %s, which says %d",
			in->birth_year, out->cccd, id->birth_year);
}

static bool is_kinh(const char *ethnicity)
{
	char f[HOUSEHOLD_ETHNICITY_MAX + 1];
	fold_ascii(ethnicity, strlen(ethnicity), f);
	return strcmp(f, "kinh") == 0;
}

static void check_ethnicity_flags(const struct household_input *in, struct household_fields *out,
				  struct problems *p)
{
	struct td_error e = {0};
	if (!tidy(in->ethnicity, out->ethnicity, sizeof out->ethnicity))
		problem(p, "ethnicity is longer than %d bytes", HOUSEHOLD_ETHNICITY_MAX);
	else if (has_digit(out->ethnicity))
		problem(p, "ethnicity '%s' contains a digit", out->ethnicity);
	if (!out->ethnicity[0])
		snprintf(out->ethnicity, sizeof out->ethnicity, "Kinh");
	if (household_flags_parse(in->flags ? in->flags : "", &out->flags, &e) != TD_OK) {
		problem(p, "%s", e.msg);
		return;
	}
	/* The 53 groups other than the Kinh are the ethnic minorities (dân tộc thiểu số). */
	bool kinh = is_kinh(out->ethnicity);
	if (kinh && (out->flags & PRG_F_ETHNIC_MINORITY))
		problem(p, "flag ethnic_minority contradicts ethnicity Kinh");
	else if (!kinh)
		out->flags |= PRG_F_ETHNIC_MINORITY;
}

/* Vietnamese mobile numbers: 10 digits, 03x 05x 07x 08x 09x; "+84" stands for the 0.
 * Spaces, dots, dashes and brackets people type between groups are dropped. */
static void check_phone(const char *in, struct household_fields *out, struct problems *p)
{
	char d[HOUSEHOLD_PHONE_DIGITS + 1];
	size_t n = 0;
	const char *s = in ? in : "";
	s += strspn(s, " \t");
	if (strncmp(s, "+84", 3) == 0) {
		d[n++] = '0';
		s += 3;
	}
	for (const char *c = s; *c; c++) {
		if (strchr(" \t.-()", *c))
			continue;
		if (!isdigit((unsigned char)*c)) {
			problem(p, "phone '%s': '%c' is not a digit", in, *c);
			return;
		}
		if (n == HOUSEHOLD_PHONE_DIGITS) {
			problem(p, "phone '%s' has more than %d digits", in,
				HOUSEHOLD_PHONE_DIGITS);
			return;
		}
		d[n++] = *c;
	}
	d[n] = '\0';
	if (n == 0) {
		out->phone[0] = '\0';
		return;
	}
	if (n != HOUSEHOLD_PHONE_DIGITS)
		problem(p, "phone '%s' has %zu digits, needs %d", in, n, HOUSEHOLD_PHONE_DIGITS);
	else if (d[0] != '0')
		problem(p, "phone '%s' must start with 0", in);
	else if (!strchr("35789", d[1]))
		problem(p, "phone '%s': mobile numbers start with 03, 05, 07, 08 or 09", in);
	else
		memcpy(out->phone, d, sizeof d);
}

int household_check(const struct household_input *in, td_date today, struct household_fields *out,
		    struct td_error *err)
{
	struct problems p = {0};
	struct cccd id;
	memset(out, 0, sizeof *out);
	bool id_ok = check_cccd(in->cccd, today, out, &id, &p);
	check_name(in->head_name, out, &p);
	check_sex_year(in, id_ok ? &id : NULL, out, &p);
	check_ethnicity_flags(in, out, &p);
	check_phone(in->phone, out, &p);
	out->members = in->members;
	if (in->members < 1 || in->members > HOUSEHOLD_MEMBERS_MAX)
		problem(&p, "members %d is outside 1..%d", in->members, HOUSEHOLD_MEMBERS_MAX);
	return problems_finish(&p, TD_EINVAL, err);
}

char *household_flags_format(uint32_t flags, char *buf, size_t size)
{
	assert(size >= HOUSEHOLD_FLAGS_TEXT_MAX);
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < PRG_FLAG_COUNT; i++)
		if (flags & (1u << i))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "",
						programme_flag_name(1u << i));
	return buf;
}

int household_flags_parse(const char *s, uint32_t *out, struct td_error *err)
{
	uint32_t flags = 0;
	while (*s) {
		size_t skip = strspn(s, ",; \t");
		s += skip;
		size_t len = strcspn(s, ",; \t");
		if (len == 0)
			break;
		int found = -1;
		for (int i = 0; i < PRG_FLAG_COUNT && found < 0; i++) {
			const char *name = programme_flag_name(1u << i);
			if (strlen(name) == len && memcmp(s, name, len) == 0)
				found = i;
		}
		if (found < 0)
			return td_error_set(
				err, TD_EINVAL,
				"flag '%.*s' is unknown: household flags are "
				"ethnic_minority, disabled, hard_area, student, "
				"worker_abroad, released_prisoner, rural, social_housing",
				(int)len, s);
		if (!((1u << found) & HOUSEHOLD_FLAGS))
			return td_error_set(err, TD_EINVAL,
					    "flag '%.*s' describes a loan, not a household",
					    (int)len, s);
		flags |= 1u << found;
		s += len;
	}
	*out = flags;
	return TD_OK;
}

const char *household_sex_name(enum cccd_sex sex)
{
	return sex == CCCD_FEMALE ? "female" : "male";
}

/* ---- Database helpers ------------------------------------------------------------- */

/* Parameters from a type string, one letter per '?': i int64_t, t text (NULL binds
 * NULL). Bind errors come back from the first step. */
static int prep(struct td_store *s, struct td_stmt **st, struct td_error *err, const char *sql,
		const char *types, ...)
{
	int rc = store_prepare(s, sql, st, err);
	if (rc != TD_OK)
		return rc;
	va_list ap;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i')
			stmt_bind_int64(*st, i + 1, va_arg(ap, int64_t));
		else
			stmt_bind_text(*st, i + 1, va_arg(ap, const char *));
	}
	va_end(ap);
	return TD_OK;
}

/* Steps a statement that returns no rows (or whose rows do not matter) and finalizes it. */
static int exec_done(struct td_stmt *st, struct td_error *err)
{
	int rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_DONE || rc == TD_ROW ? TD_OK : rc;
}

#define VALID_ON(t) "(" t ".valid_from <= ? AND (" t ".valid_to IS NULL OR " t ".valid_to > ?))"

/* The district office of a district on a day (its district_code, or the code
 * "PGD<district>" the admin-units import gives it), following merges (merged_into) from an
 * office closed that day to the one that absorbed it. TD_ENOTFOUND when there is none. */
static int district_office(struct td_store *s, const char *district, const char *pgd,
			   const char *day, int64_t *office_id, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int64_t id = 0;
	int rc = prep(s, &st, err,
		      "SELECT id FROM office WHERE kind = 'district' AND (district_code = ? OR "
		      "code = ?) ORDER BY id",
		      "tt", district, pgd);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	/* A merge chain has no cycle (a source closes); the bound guards bad data. */
	for (int hops = 0; rc == TD_ROW && hops < 16; hops++) {
		rc = prep(s, &st, err,
			  "SELECT (SELECT count(*) FROM office_version v WHERE v.office_id = o.id "
			  "AND " VALID_ON("v") "), o.merged_into FROM office o WHERE o.id = ?",
			  "tti", day, day, id);
		bool open = false;
		int64_t next = 0;
		if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
			open = stmt_column_int64(st, 0) > 0;
			next = stmt_column_int64(st, 1);
		}
		stmt_finalize(st);
		if (rc == TD_ROW && open) {
			*office_id = id;
			return TD_OK;
		}
		if (rc == TD_ROW && !next)
			rc = TD_DONE;
		id = next;
	}
	return rc == TD_DONE || rc == TD_ROW ? TD_ENOTFOUND : rc;
}

int household_commune_office(struct td_store *s, const char *commune_code, td_date on,
			     int64_t *office_id, struct td_error *err)
{
	char day[TD_DATE_FMT_MAX], district[16] = "", name[160] = "", pgd[24];
	date_format_iso(on, day, sizeof day);
	struct td_stmt *st = NULL;
	int rc = prep(s, &st, err,
		      "SELECT a.parent_code, a.name FROM admin_unit a WHERE a.level = 'commune' "
		      "AND a.code = ? AND " VALID_ON("a"),
		      "ttt", commune_code, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		snprintf(district, sizeof district, "%s", stmt_column_text(st, 0) ?: "");
		snprintf(name, sizeof name, "%s", stmt_column_text(st, 1));
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(
			err, TD_ENOTFOUND,
			"commune %s is not an administrative unit on %s (load them with "
			"tindung import admin-units)",
			commune_code, day);
	if (rc != TD_ROW)
		return rc;
	/* The point that serves the commune on that day, then the district's office. */
	rc = prep(s, &st, err,
		  "SELECT p.office_id FROM commune_point_commune c JOIN commune_point p ON p.id = "
		  "c.point_id WHERE c.commune_code = ? AND " VALID_ON("c") " AND " VALID_ON(
			  "p") " ORDER BY p.id",
		  "ttttt", commune_code, day, day, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		*office_id = stmt_column_int64(st, 0);
	stmt_finalize(st);
	if (rc == TD_ROW)
		return TD_OK;
	if (rc != TD_DONE)
		return rc;
	snprintf(pgd, sizeof pgd, "PGD%s", district);
	rc = district_office(s, district, pgd, day, office_id, err);
	if (rc != TD_ENOTFOUND)
		return rc;
	return td_error_set(
		err, TD_ERULE,
		"no office serves commune %s (%s) on %s: no commune point serves it and "
		"district %s has no office then (%s); create the office or a commune "
		"point first",
		commune_code, name, day, district, pgd);
}

/* The village's commune on the business date; a problem when it does not exist then. */
static int village_commune(struct td_store *s, int64_t village_id, td_date on, char *commune,
			   size_t size, struct problems *p, struct td_error *err)
{
	char day[TD_DATE_FMT_MAX];
	date_format_iso(on, day, sizeof day);
	struct td_stmt *st = NULL;
	commune[0] = '\0';
	int rc = prep(s, &st, err,
		      "SELECT commune_code, name, valid_from, valid_to FROM village WHERE id = ?",
		      "i", village_id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		const char *from = stmt_column_text(st, 2), *to = stmt_column_text(st, 3);
		if (strcmp(from, day) > 0 || (to && strcmp(to, day) <= 0))
			problem(p, "village %lld (%s) is not valid on %s (valid from %s%s%s)",
				(long long)village_id, stmt_column_text(st, 1), day, from,
				to ? " to " : "", to ? to : "");
		else
			snprintf(commune, size, "%s", stmt_column_text(st, 0));
	} else if (rc == TD_DONE) {
		problem(p, "village %lld does not exist", (long long)village_id);
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
	int rc = prep(s, &st, err,
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
	int rc = prep(s, &st, err, "SELECT id, head_name FROM household WHERE cccd = ?", "t", cccd);
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
	struct problems p = {0};
	struct td_error e = {0};
	if (household_check(in, ctx->business_date, &r->f, &e) != TD_OK)
		problem(&p, "%s", e.msg);
	r->village_id = in->village_id;
	int rc = village_commune(ctx->store, in->village_id, ctx->business_date, r->commune,
				 sizeof r->commune, &p, err);
	if (rc != TD_OK)
		return rc;
	rc = problems_finish(&p, TD_EINVAL, err);
	if (rc == TD_OK)
		rc = household_commune_office(ctx->store, r->commune, ctx->business_date,
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
	int rc = prep(ctx->store, &st, err,
		      "INSERT INTO household (cccd, head_name, name_folded, sex, birth_year, "
		      "ethnicity, flags, village_id, commune_code, office_id, phone, members, "
		      "created_on, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		      "RETURNING id",
		      "ttttittitititt", r->f.cccd, r->f.head_name, r->f.name_folded,
		      household_sex_name(r->f.sex), (int64_t)r->f.birth_year, r->f.ethnicity,
		      household_flags_format(r->f.flags, flags, sizeof flags), r->village_id,
		      r->commune, r->office_id, r->f.phone, (int64_t)r->f.members, day, day);
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
	struct td_stmt *st = NULL;
	int rc = prep(ctx->store, &st, err,
		      "UPDATE household SET cccd = ?, head_name = ?, name_folded = ?, sex = ?, "
		      "birth_year = ?, ethnicity = ?, flags = ?, village_id = ?, commune_code = ?, "
		      "office_id = ?, phone = ?, members = ?, updated_on = ? WHERE id = ?",
		      "ttttittitititi", r->f.cccd, r->f.head_name, r->f.name_folded,
		      household_sex_name(r->f.sex), (int64_t)r->f.birth_year, r->f.ethnicity,
		      household_flags_format(r->f.flags, flags, sizeof flags), r->village_id,
		      r->commune, r->office_id, r->f.phone, (int64_t)r->f.members, day, r->id);
	return rc == TD_OK ? exec_done(st, err) : rc;
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

/* ---- Reads ------------------------------------------------------------------------ */

/* The columns of a household in reads; the first '?' is the year of "status". */
#define HH_SELECT                                                                                  \
	"SELECT h.id, h.cccd, h.head_name, h.sex, h.birth_year, h.ethnicity, h.flags, "            \
	"h.village_id, v.name, h.commune_code, h.office_id, h.phone, h.members, "                  \
	"h.created_on, h.updated_on, ps.status FROM household h "                                  \
	"JOIN village v ON v.id = h.village_id "                                                   \
	"LEFT JOIN poverty_status ps ON ps.household_id = h.id AND ps.year = ?"

static const struct {
	const char *name;
	char kind; /* i integer, t text, f flags (an array of names) */
} hh_cols[] = {
	{"id", 'i'},	       {"cccd", 't'},	      {"head_name", 't'},  {"sex", 't'},
	{"birth_year", 'i'},   {"ethnicity", 't'},    {"flags", 'f'},	   {"village_id", 'i'},
	{"village_name", 't'}, {"commune_code", 't'}, {"office_id", 'i'},  {"phone", 't'},
	{"members", 'i'},      {"created_on", 't'},   {"updated_on", 't'}, {"status", 't'},
};

static json_t *flags_json(const char *text)
{
	json_t *a = json_array();
	for (const char *s = text; a && *s;) {
		size_t len = strcspn(s, ",");
		json_array_append_new(a, json_stringn(s, len));
		s += len + (s[len] == ',');
	}
	return a;
}

static json_t *hh_json(struct td_stmt *st)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < sizeof hh_cols / sizeof hh_cols[0]; i++) {
		int col = (int)i;
		json_t *v;
		if (stmt_column_is_null(st, col))
			v = json_null();
		else if (hh_cols[i].kind == 'i')
			v = json_integer(stmt_column_int64(st, col));
		else if (hh_cols[i].kind == 'f')
			v = flags_json(stmt_column_text(st, col));
		else
			v = json_string(stmt_column_text(st, col));
		if (!v || json_object_set_new(o, hh_cols[i].name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static int business_year(const struct td_ctx *ctx)
{
	return date_to_civil(ctx->business_date).year;
}

/* The savings group the household belongs to on the business date and that group's
 * chapter on that date (0 and 0 when it is in none): the rest of its read scope. */
static int member_scope(struct td_ctx *ctx, int64_t id, struct td_scope *scope,
			struct td_error *err)
{
	char day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	struct td_stmt *st = NULL;
	int rc = prep(ctx->store, &st, err,
		      "SELECT m.group_id, g.chapter_id FROM group_member m JOIN group_version g "
		      "ON g.group_id = m.group_id AND " VALID_ON(
			      "g") " WHERE m.household_id = ? "
				   "AND m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)",
		      "ttitt", day, day, id, day, day);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		scope->group_id = stmt_column_int64(st, 0);
		scope->chapter_id = stmt_column_int64(st, 1);
	}
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

static int history_json(struct td_store *s, int64_t id, json_t *o, struct td_error *err)
{
	json_t *list = json_array();
	struct td_stmt *st = NULL;
	int rc = list ? prep(s, &st, err,
			     "SELECT year, status, commune_code, import_id, recorded_on FROM "
			     "poverty_status WHERE household_id = ? ORDER BY year DESC",
			     "i", id)
		      : td_error_set(err, TD_ENOMEM, "out of memory");
	while (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		json_t *y = json_pack(
			"{s:I, s:s, s:s, s:I, s:s}", "year", (json_int_t)stmt_column_int64(st, 0),
			"status", stmt_column_text(st, 1), "commune_code", stmt_column_text(st, 2),
			"import_id", (json_int_t)stmt_column_int64(st, 3), "recorded_on",
			stmt_column_text(st, 4));
		rc = y && json_array_append_new(list, y) == 0
			     ? TD_OK
			     : td_error_set(err, TD_ENOMEM, "out of memory");
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return json_object_set_new(o, "poverty_status", list) == 0
			       ? TD_OK
			       : td_error_set(err, TD_ENOMEM, "out of memory");
	json_decref(list);
	return rc;
}

static int get_in_tx(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	json_t *o = NULL;
	struct td_scope scope = {0};
	int rc = prep(ctx->store, &st, err, HH_SELECT " WHERE h.id = ?", "ii",
		      (int64_t)business_year(ctx), id);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		scope.office_id = stmt_column_int64(st, 10);
		o = hh_json(st);
		rc = o ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "household (hộ) %lld does not exist",
				  (long long)id);
	}
	stmt_finalize(st);
	if (rc == TD_OK)
		rc = member_scope(ctx, id, &scope, err);
	if (rc == TD_OK)
		rc = access_check(ctx, ACT_READ, &scope, err);
	if (rc == TD_OK &&
	    json_object_set_new(o, "group_id",
				scope.group_id ? json_integer(scope.group_id) : json_null()) != 0)
		rc = td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK)
		rc = history_json(ctx->store, id, o, err);
	if (rc == TD_OK)
		*out = o;
	else
		json_decref(o);
	return rc;
}

int household_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = get_in_tx(ctx, id, out, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

/* A query assembled from optional filters, with its parameters in order. */
#define QARGS 24
struct hh_query {
	struct buf where;
	int n;
	struct {
		bool text;
		int64_t i;
		const char *t;
	} args[QARGS];
};

static void q_int(struct hh_query *q, int64_t v)
{
	assert(q->n < QARGS);
	q->args[q->n].text = false;
	q->args[q->n++].i = v;
}

static void q_text(struct hh_query *q, const char *v)
{
	assert(q->n < QARGS);
	q->args[q->n].text = true;
	q->args[q->n++].t = v;
}

static int q_bind(struct td_stmt *st, const struct hh_query *q, int first)
{
	for (int i = 0; i < q->n; i++)
		if (q->args[i].text)
			stmt_bind_text(st, first + i, q->args[i].t);
		else
			stmt_bind_int64(st, first + i, q->args[i].i);
	return first + q->n;
}

#define MEMBER_OPEN "m.joined_on <= ? AND (m.left_on IS NULL OR m.left_on > ?)"

/* Filters of the query and of the actor's scope (R-ORG-4), appended to q. */
static int search_where(struct td_ctx *ctx, const struct household_query *hq, const char *day,
			char *pattern, struct hh_query *q, struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	int rc = buf_append_str(&q->where, " WHERE h.office_id IN (SELECT id FROM subtree)");
	if (rc == TD_OK && a->chapter_id) {
		rc = buf_append_str(
			&q->where,
			" AND h.id IN (SELECT m.household_id FROM group_member m JOIN "
			"group_version g ON g.group_id = m.group_id WHERE g.chapter_id = "
			"? AND " VALID_ON("g") " AND " MEMBER_OPEN ")");
		q_int(q, a->chapter_id), q_text(q, day), q_text(q, day);
		q_text(q, day), q_text(q, day);
	}
	int64_t groups[2] = {a->group_id, hq->group_id};
	for (int i = 0; i < 2 && rc == TD_OK; i++)
		if (groups[i]) {
			rc = buf_append_str(&q->where,
					    " AND h.id IN (SELECT m.household_id FROM "
					    "group_member m WHERE m.group_id = ? AND " MEMBER_OPEN
					    ")");
			q_int(q, groups[i]), q_text(q, day), q_text(q, day);
		}
	if (rc == TD_OK && pattern) {
		rc = buf_append_str(&q->where, " AND h.name_folded LIKE ? ESCAPE '\\'");
		q_text(q, pattern);
	}
	if (rc == TD_OK && hq->cccd && *hq->cccd) {
		rc = buf_append_str(&q->where, " AND h.cccd = ?");
		q_text(q, hq->cccd);
	}
	if (rc == TD_OK && hq->village_id) {
		rc = buf_append_str(&q->where, " AND h.village_id = ?");
		q_int(q, hq->village_id);
	}
	return rc == TD_OK ? TD_OK : td_error_set(err, rc, "household search query too long");
}

/* "%<folded q with % _ \ escaped>%", or NULL when q folds to nothing. */
static char *like_pattern(const char *q)
{
	size_t n = q ? strlen(q) : 0;
	char *folded = malloc(n + 1), *pat = malloc(2 * n + 3);
	char *out = NULL;
	if (folded && pat && fold_ascii(q ? q : "", n, folded) > 0) {
		size_t len = 0;
		pat[len++] = '%';
		for (const char *c = folded; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '\\')
				pat[len++] = '\\';
			pat[len++] = *c;
		}
		pat[len++] = '%';
		pat[len] = '\0';
		out = pat, pat = NULL;
	}
	free(folded);
	free(pat);
	return out;
}

/* The number of households the filters select. */
static int search_count(struct td_ctx *ctx, const struct hh_query *q, const char *day,
			int64_t *total, struct td_error *err)
{
	char *sql = NULL;
	struct td_stmt *st = NULL;
	if (asprintf(&sql, "%sSELECT count(*) FROM household h%s", ACCESS_SUBTREE_CTE,
		     buf_str(&q->where)) < 0)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	int rc = prep(ctx->store, &st, err, sql, "itt", ctx->actor->office_id, day, day);
	free(sql);
	if (rc != TD_OK)
		return rc;
	q_bind(st, q, 4);
	if ((rc = stmt_step(st, err)) == TD_ROW)
		*total = stmt_column_int64(st, 0);
	stmt_finalize(st);
	return rc == TD_ROW ? TD_OK : rc;
}

/* One page of the selected households, in name order, appended to items. */
static int search_page(struct td_ctx *ctx, const struct hh_query *q, const char *day, int64_t limit,
		       int64_t offset, json_t *items, struct td_error *err)
{
	char *sql = NULL;
	struct td_stmt *st = NULL;
	if (asprintf(&sql, "%s" HH_SELECT "%s ORDER BY h.name_folded, h.id LIMIT ? OFFSET ?",
		     ACCESS_SUBTREE_CTE, buf_str(&q->where)) < 0)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	int rc = prep(ctx->store, &st, err, sql, "itti", ctx->actor->office_id, day, day,
		      (int64_t)business_year(ctx));
	free(sql);
	if (rc != TD_OK)
		return rc;
	int next = q_bind(st, q, 5);
	stmt_bind_int64(st, next, limit);
	stmt_bind_int64(st, next + 1, offset);
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		json_t *o = hh_json(st);
		if (!o || json_array_append_new(items, o) != 0) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory");
			break;
		}
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

static int search_run(struct td_ctx *ctx, const struct hh_query *q, const char *day, int64_t limit,
		      int64_t offset, json_t **out, struct td_error *err)
{
	int64_t total = 0;
	json_t *items = json_array();
	int rc = items ? search_count(ctx, q, day, &total, err)
		       : td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK)
		rc = search_page(ctx, q, day, limit, offset, items, err);
	if (rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
			 "limit", (json_int_t)limit, "offset", (json_int_t)offset);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

static int search_in_tx(struct td_ctx *ctx, const struct household_query *hq, json_t **out,
			struct td_error *err)
{
	const struct td_actor *a = ctx->actor;
	struct td_scope own = {a->office_id, a->chapter_id, a->group_id};
	int64_t limit = hq->limit ? hq->limit : 50;
	if (limit < 1 || limit > 500)
		return td_error_set(err, TD_EINVAL, "limit %lld is out of range: 1 to 500",
				    (long long)hq->limit);
	if (hq->offset < 0)
		return td_error_set(err, TD_EINVAL, "offset %lld is negative",
				    (long long)hq->offset);
	int rc = access_check(ctx, ACT_READ, &own, err);
	if (rc != TD_OK)
		return rc;
	char day[TD_DATE_FMT_MAX];
	date_format_iso(ctx->business_date, day, sizeof day);
	struct hh_query q = {0};
	buf_init(&q.where, 4096);
	char *pattern = hq->q ? like_pattern(hq->q) : NULL;
	if (hq->q && *hq->q && !pattern && strspn(hq->q, " \t") < strlen(hq->q))
		rc = td_error_set(err, TD_EINVAL, "q '%s' has no letter or digit to search for",
				  hq->q);
	if (rc == TD_OK)
		rc = search_where(ctx, hq, day, pattern, &q, err);
	if (rc == TD_OK)
		rc = search_run(ctx, &q, day, limit, hq->offset, out, err);
	free(pattern);
	buf_free(&q.where);
	return rc;
}

int household_search(struct td_ctx *ctx, const struct household_query *q, json_t **out,
		     struct td_error *err)
{
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = search_in_tx(ctx, q, out, err);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int household_status_on(struct td_ctx *ctx, int64_t household_id, td_date day, enum hh_status *out,
			struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = prep(ctx->store, &st, err,
		      "SELECT status FROM poverty_status WHERE household_id = ? AND year = ?", "ii",
		      household_id, (int64_t)date_to_civil(day).year);
	*out = HH_NONE;
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW)
		rc = programme_status_parse(stmt_column_text(st, 0), out, err);
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}
