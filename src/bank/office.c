/*
 * Offices (R-ORG-1): head office -> province branch -> district office. The identity
 * (code, kind) is stable; name and parent live in versions with validity periods, so the
 * tree of any past date can be read back.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/net_internal.h"

#define OFFICE_CODE_MAX 20
#define OFFICE_NAME_MAX 200

static const char *const kind_names[] = {"head", "branch", "district"};

const char *office_kind_name(enum office_kind k)
{
	return (k >= OFFICE_HEAD && k <= OFFICE_DISTRICT) ? kind_names[k] : "unknown";
}

int office_kind_parse(const char *s, enum office_kind *out, struct td_error *err)
{
	for (int k = OFFICE_HEAD; k <= OFFICE_DISTRICT; k++)
		if (s && strcmp(s, kind_names[k]) == 0) {
			*out = (enum office_kind)k;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "office kind '%s' does not exist; kinds: head, branch, district",
			    s ? s : "");
}

int office_find_code(struct td_store *s, const char *code, int64_t *id, struct td_error *err)
{
	int rc = net_query_int64(s, "SELECT id FROM office WHERE code = ?", NET_ARGS(NT(code)), id,
				 err);
	if (rc == TD_ENOTFOUND)
		return td_error_set(err, TD_ENOTFOUND, "no office has code '%s'", code ? code : "");
	return rc;
}

static bool code_chars_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static bool validate_code_form(const char *code, struct net_problems *p)
{
	if (!code || !*code) {
		net_problem(p, TD_EINVAL, "office code is empty");
		return false;
	}
	if (strlen(code) > OFFICE_CODE_MAX || !code_chars_ok(code)) {
		net_problem(p, TD_EINVAL,
			    "office code '%s' must be 1-%d letters, digits, '-' or '_'", code,
			    OFFICE_CODE_MAX);
		return false;
	}
	return true;
}

static void validate_code_free(struct td_store *s, const char *code, struct net_problems *p)
{
	int64_t other = 0;
	struct td_error e = {0};
	int rc = net_query_int64(s, "SELECT id FROM office WHERE code = ?", NET_ARGS(NT(code)),
				 &other, &e);
	if (rc == TD_OK)
		net_problem(p, TD_EUNIQUE, "office code '%s' is taken by office %" PRId64, code,
			    other);
	else if (rc != TD_ENOTFOUND)
		net_problem(p, rc, "%s", e.msg);
}

/* A branch sits under the head office, a district office under a branch. */
static void validate_parent(struct td_store *s, enum office_kind kind, int64_t parent_id,
			    td_date on, struct net_problems *p)
{
	struct net_office parent;
	struct td_error e = {0};
	int rc = net_office_at(s, parent_id, on, &parent, &e);
	if (rc != TD_OK) {
		net_problem(p, rc == TD_ENOTFOUND ? TD_EINVAL : rc, "parent: %s", e.msg);
		return;
	}
	if (kind == OFFICE_HEAD || parent.kind != kind - 1)
		net_problem(p, TD_ERULE, "a %s office cannot sit under the %s office %s",
			    office_kind_name(kind), office_kind_name(parent.kind), parent.code);
}

/* Everything after the code, in the order of the fields. */
static void validate_rest(const struct office_input *in, struct net_problems *p)
{
	if (in->kind != OFFICE_BRANCH && in->kind != OFFICE_DISTRICT)
		net_problem(p, TD_ERULE,
			    "only branch and district offices can be created; the "
			    "head office exists once");
	net_check_text(p, "office name", in->name, OFFICE_NAME_MAX);
	if (in->province_code && *in->province_code && !net_digits(in->province_code, 2))
		net_problem(p, TD_EINVAL, "province code '%s' must be 2 digits", in->province_code);
	if (in->district_code && *in->district_code && !net_digits(in->district_code, 3))
		net_problem(p, TD_EINVAL, "district code '%s' must be 3 digits", in->district_code);
}

void office_validate_fields(const struct office_input *in, struct net_problems *p)
{
	validate_code_form(in->code, p);
	validate_rest(in, p);
}

void office_validate(struct td_store *s, const struct office_input *in, struct net_problems *p)
{
	if (validate_code_form(in->code, p))
		validate_code_free(s, in->code, p);
	validate_rest(in, p);
	if (in->kind == OFFICE_BRANCH || in->kind == OFFICE_DISTRICT)
		validate_parent(s, in->kind, in->parent_id, in->valid_from, p);
}

static const char *empty_null(const char *s)
{
	return s && *s ? s : NULL;
}

int office_insert(struct td_store *s, const struct office_input *in, int64_t *id,
		  struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	int64_t new_id = 0;
	int rc = net_query_int64(s,
				 "INSERT INTO office (code, kind, province_code, district_code) "
				 "VALUES (?, ?, ?, ?) RETURNING id",
				 NET_ARGS(NT(in->code), NT(office_kind_name(in->kind)),
					  NT(empty_null(in->province_code)),
					  NT(empty_null(in->district_code))),
				 &new_id, err);
	if (rc == TD_OK)
		rc = net_exec(s,
			      "INSERT INTO office_version (office_id, name, parent_id, valid_from) "
			      "VALUES (?, ?, ?, ?)",
			      NET_ARGS(NI(new_id), NT(in->name), NI(in->parent_id),
				       NT(NET_ISO(in->valid_from, d))),
			      err);
	if (rc == TD_OK && id)
		*id = new_id;
	return rc;
}

/* Before access_check can ask about an office, it must exist at all: TD_ENOTFOUND for
 * the office acted on, TD_EINVAL for one that the input refers to (what: "parent"). */
static int office_must_exist(struct td_store *s, int64_t id, const char *what, struct td_error *err)
{
	int64_t n = 0;
	int rc = net_query_int64(s, "SELECT COUNT(*) FROM office WHERE id = ?", NET_ARGS(NI(id)),
				 &n, err);
	if (rc == TD_OK && n == 0)
		rc = td_error_set(err, what ? TD_EINVAL : TD_ENOTFOUND,
				  "%s%soffice %" PRId64 " does not exist", what ? what : "",
				  what ? " " : "", id);
	return rc;
}

int office_create(struct td_ctx *ctx, const struct office_input *in, int64_t *id,
		  struct td_error *err)
{
	int64_t new_id = 0;
	json_t *after = NULL;
	struct net_problems p;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = office_must_exist(ctx->store, in->parent_id, "parent", err);
	if (rc == TD_OK)
		rc = net_write_check(ctx, in->parent_id, in->valid_from, err);
	if (rc == TD_OK) {
		net_problems_init(&p, err);
		office_validate(ctx->store, in, &p);
		rc = net_problems_end(&p);
	}
	if (rc == TD_OK)
		rc = office_insert(ctx->store, in, &new_id, err);
	if (rc == TD_OK)
		rc = office_json(ctx->store, new_id, in->valid_from, &after, err);
	if (rc == TD_OK)
		rc = net_audit(ctx, "create", "office", new_id, NULL, after, err);
	json_decref(after);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc == TD_OK && id)
		*id = new_id;
	return rc;
}

/* The open (latest) version of an office. */
struct open_version {
	int64_t id;
	char name[OFFICE_NAME_MAX + 1];
	int64_t parent_id;
	char valid_from[TD_DATE_FMT_MAX];
};

static int load_open_version(struct td_store *s, int64_t office, struct open_version *v,
			     struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT id, name, parent_id, valid_from FROM office_version "
			     "WHERE office_id = ? AND valid_to IS NULL",
			     NET_ARGS(NI(office)), &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		v->id = stmt_column_int64(st, 0);
		snprintf(v->name, sizeof v->name, "%s", stmt_column_text(st, 1));
		v->parent_id = stmt_column_int64(st, 2);
		snprintf(v->valid_from, sizeof v->valid_from, "%s", stmt_column_text(st, 3));
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ECONFLICT,
				  "office %" PRId64 " is closed (merged); it cannot change",
				  office);
	}
	stmt_finalize(st);
	return rc;
}

int office_version_change(struct td_store *s, int64_t id, const char *name, int64_t parent_id,
			  td_date from, struct td_error *err)
{
	struct open_version v;
	char d[TD_DATE_FMT_MAX];
	NET_ISO(from, d);
	int rc = load_open_version(s, id, &v, err);
	if (rc != TD_OK)
		return rc;
	const char *new_name = name ? name : v.name;
	int64_t new_parent = parent_id ? parent_id : v.parent_id;
	if (strcmp(new_name, v.name) == 0 && new_parent == v.parent_id)
		return TD_OK;
	if (strcmp(v.valid_from, d) > 0)
		return td_error_set(err, TD_ECONFLICT,
				    "office %" PRId64 " has a version from %s; date the change on "
				    "or after it, not %s",
				    id, v.valid_from, d);
	struct net_arg parent = new_parent ? NI(new_parent) : NT(NULL);
	if (strcmp(v.valid_from, d) == 0)
		return net_exec(s, "UPDATE office_version SET name = ?, parent_id = ? WHERE id = ?",
				NET_ARGS(NT(new_name), parent, NI(v.id)), err);
	rc = net_exec(s, "UPDATE office_version SET valid_to = ? WHERE id = ?",
		      NET_ARGS(NT(d), NI(v.id)), err);
	if (rc == TD_OK)
		rc = net_exec(s,
			      "INSERT INTO office_version (office_id, name, parent_id, valid_from) "
			      "VALUES (?, ?, ?, ?)",
			      NET_ARGS(NI(id), NT(new_name), parent, NT(d)), err);
	return rc;
}

static int update_checks(struct td_ctx *ctx, int64_t id, const struct office_change *ch,
			 struct td_error *err)
{
	int rc = office_must_exist(ctx->store, id, NULL, err);
	if (rc == TD_OK)
		rc = net_write_check(ctx, id, ch->from, err);
	if (rc == TD_OK && ch->parent_id) {
		rc = office_must_exist(ctx->store, ch->parent_id, "parent", err);
		if (rc == TD_OK)
			rc = net_write_check(ctx, ch->parent_id, ch->from, err);
	}
	if (rc != TD_OK)
		return rc;
	struct net_problems p;
	net_problems_init(&p, err);
	if (!ch->name && !ch->parent_id)
		net_problem(&p, TD_EINVAL, "nothing to change: give a new name or a new parent");
	if (ch->name)
		net_check_text(&p, "office name", ch->name, OFFICE_NAME_MAX);
	struct net_office self;
	struct td_error e = {0};
	rc = net_office_at(ctx->store, id, ch->from, &self, &e);
	if (rc != TD_OK)
		net_problem(&p, rc == TD_ENOTFOUND ? TD_ECONFLICT : rc, "%s", e.msg);
	else if (ch->parent_id == id)
		net_problem(&p, TD_ERULE, "an office cannot sit under itself");
	else if (ch->parent_id)
		validate_parent(ctx->store, self.kind, ch->parent_id, ch->from, &p);
	return net_problems_end(&p);
}

int office_update(struct td_ctx *ctx, int64_t id, const struct office_change *ch,
		  struct td_error *err)
{
	json_t *before = NULL, *after = NULL;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = update_checks(ctx, id, ch, err);
	if (rc == TD_OK)
		rc = office_json(ctx->store, id, ch->from, &before, err);
	if (rc == TD_OK)
		rc = office_version_change(ctx->store, id, ch->name, ch->parent_id, ch->from, err);
	if (rc == TD_OK)
		rc = office_json(ctx->store, id, ch->from, &after, err);
	if (rc == TD_OK)
		rc = net_audit(ctx, "update", "office", id, before, after, err);
	json_decref(before);
	json_decref(after);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

static json_t *version_item(struct td_stmt *st, int col)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "name", net_json_text(st, col), "parent_id",
			 net_json_int(st, col + 1), "valid_from", net_json_text(st, col + 2),
			 "valid_to", net_json_text(st, col + 3));
}

static int office_versions(struct td_store *s, int64_t id, json_t **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT name, parent_id, valid_from, valid_to FROM office_version "
			     "WHERE office_id = ? ORDER BY valid_from",
			     NET_ARGS(NI(id)), &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *a = json_array();
	while (a && (rc = stmt_step(st, err)) == TD_ROW)
		json_array_append_new(a, version_item(st, 0));
	stmt_finalize(st);
	if (!a)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc != TD_DONE) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return TD_OK;
}

int office_json(struct td_store *s, int64_t id, td_date on, json_t **out, struct td_error *err)
{
	struct net_office at;
	int rc = net_office_at(s, id, on, &at, err);
	if (rc != TD_OK)
		return rc;
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	struct td_stmt *st = NULL;
	rc = net_prepare(s,
			 "SELECT o.code, o.kind, o.province_code, o.district_code, o.merged_into, "
			 "v.name, v.parent_id, v.valid_from, v.valid_to FROM office o "
			 "JOIN office_version v ON v.office_id = o.id WHERE o.id = ? AND "
			 "v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)",
			 NET_ARGS(NI(id), NT(d), NT(d)), &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *j = NULL;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)id, "code",
			      net_json_text(st, 0), "kind", net_json_text(st, 1), "province_code",
			      net_json_text(st, 2), "district_code", net_json_text(st, 3),
			      "merged_into", net_json_int(st, 4));
		json_t *v = version_item(st, 5);
		rc = j && v && json_object_update(j, v) == 0 ? TD_OK : TD_ENOMEM;
		json_decref(v);
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_EINTERNAL, "office %" PRId64 " vanished", id);
	}
	stmt_finalize(st);
	json_t *versions = NULL;
	if (rc == TD_OK)
		rc = office_versions(s, id, &versions, err);
	if (rc == TD_OK && json_object_set_new(j, "versions", versions) != 0)
		rc = TD_ENOMEM;
	if (rc == TD_ENOMEM)
		td_error_set(err, rc, "out of memory");
	if (rc != TD_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return TD_OK;
}

int office_get(struct td_ctx *ctx, int64_t id, td_date on, json_t **out, struct td_error *err)
{
	/* A merged office is read through the office that absorbed it, so that an old
	 * reference (a loan of 2024) still resolves for the people who hold it now. */
	int64_t holder = 0;
	int rc = office_must_exist(ctx->store, id, NULL, err);
	if (rc == TD_OK)
		rc = net_office_holder(ctx->store, id, ctx->business_date, &holder, err);
	if (rc == TD_OK) {
		struct td_scope sc = {.office_id = holder};
		rc = access_check(ctx, ACT_READ, &sc, err);
	}
	if (rc == TD_OK)
		rc = office_json(ctx->store, id, on, out, err);
	return rc;
}

static json_t *office_item(struct td_store *s, struct td_stmt *st, void *arg, struct td_error *err)
{
	(void)s;
	(void)arg;
	(void)err;
	json_t *j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
			      net_json_int(st, 0), "code", net_json_text(st, 1), "kind",
			      net_json_text(st, 2), "name", net_json_text(st, 3), "parent_id",
			      net_json_int(st, 4), "province_code", net_json_text(st, 5),
			      "district_code", net_json_text(st, 6), "merged_into",
			      net_json_int(st, 7), "valid_from", net_json_text(st, 8), "valid_to",
			      net_json_text(st, 9), "depth", net_json_int(st, 10));
	return j;
}

/* The tree under the actor's office on a date, each node with its depth and a path of
 * zero-padded ids, so that ORDER BY path is depth-first on both backends whatever the
 * collation (a code path with '/' would sort differently under a locale collation). */
static const char tree_sql[] =
	"WITH RECURSIVE tree(id, depth, path) AS ("
	"SELECT CAST(? AS BIGINT), 0, CAST('' AS TEXT) UNION ALL "
	"SELECT v.office_id, t.depth + 1, t.path || substr('0000000000' || "
	"CAST(v.office_id AS TEXT), length(CAST(v.office_id AS TEXT)) + 1) "
	"FROM office_version v JOIN tree t ON v.parent_id = t.id "
	"WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)) "
	"SELECT o.id, o.code, o.kind, v.name, v.parent_id, o.province_code, o.district_code, "
	"o.merged_into, v.valid_from, v.valid_to, t.depth, t.path FROM tree t "
	"JOIN office o ON o.id = t.id JOIN office_version v ON v.office_id = o.id "
	"AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?) WHERE 1 = 1";

int office_list(struct td_ctx *ctx, const struct office_filter *f, json_t **out,
		struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(f->on, d);
	int rc = net_read_check(ctx, err);
	if (rc != TD_OK)
		return rc;
	enum office_kind k;
	if (f->kind && office_kind_parse(f->kind, &k, err) != TD_OK)
		return err->code;
	struct net_sql q;
	net_sql_init(&q);
	net_sql_add(&q, tree_sql, NET_ARGS(NI(ctx->actor->office_id), NT(d), NT(d), NT(d), NT(d)));
	if (f->kind)
		net_sql_add(&q, " AND o.kind = ?", NET_ARGS(NT(f->kind)));
	if (f->parent_id)
		net_sql_add(&q, " AND v.parent_id = ?", NET_ARGS(NI(f->parent_id)));
	rc = net_list(ctx->store, &q, "path", &f->page, office_item, NULL, out, err);
	net_sql_free(&q);
	return rc;
}
