/* Helpers shared by the network use cases: binding, lists, problems, checks, history. */
#include "bank/net_internal.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/access.h"
#include "bank/audit.h"

int net_prepare(struct td_store *s, const char *sql, const struct net_arg *args, size_t n,
		struct td_stmt **out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		int idx = (int)i + 1;
		assert(args[i].type == 'i' || args[i].type == 't');
		/* A bind error comes back from the first stmt_step as well. */
		if (args[i].type == 'i')
			stmt_bind_int64(st, idx, args[i].i);
		else
			stmt_bind_text(st, idx, args[i].t);
	}
	*out = st;
	return TD_OK;
}

int net_exec(struct td_store *s, const char *sql, const struct net_arg *args, size_t n,
	     struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s, sql, args, n, &st, err);
	if (rc != TD_OK)
		return rc;
	while ((rc = stmt_step(st, err)) == TD_ROW)
		;
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int net_query_int64(struct td_store *s, const char *sql, const struct net_arg *args, size_t n,
		    int64_t *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s, sql, args, n, &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW && !stmt_column_is_null(st, 0)) {
		*out = stmt_column_int64(st, 0);
		rc = TD_OK;
	} else if (rc == TD_ROW || rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	}
	stmt_finalize(st);
	return rc;
}

void net_sql_init(struct net_sql *q)
{
	buf_init(&q->text, 64 * 1024);
	q->n = 0;
}

void net_sql_add(struct net_sql *q, const char *text, const struct net_arg *args, size_t n)
{
	/* The pieces are code constants and the filters few: overflow is a programming error. */
	assert(q->n + n <= NET_SQL_MAX_ARGS);
	int rc = buf_append_str(&q->text, text);
	assert(rc == TD_OK && "list query text too long");
	(void)rc;
	for (size_t i = 0; i < n; i++)
		q->args[q->n++] = args[i];
}

void net_sql_free(struct net_sql *q)
{
	buf_free(&q->text);
}

int net_page_check(const struct net_page *in, struct net_page *out, struct td_error *err)
{
	if (in->limit < 0 || in->limit > NET_LIMIT_MAX)
		return td_error_set(err, TD_EINVAL, "limit %" PRId64 " must be from 1 to %d",
				    in->limit, NET_LIMIT_MAX);
	if (in->offset < 0)
		return td_error_set(err, TD_EINVAL, "offset %" PRId64 " must not be negative",
				    in->offset);
	out->limit = in->limit ? in->limit : NET_LIMIT_DEFAULT;
	out->offset = in->offset;
	return TD_OK;
}

static int list_total(struct td_store *s, const struct net_sql *q, int64_t *total,
		      struct td_error *err)
{
	struct buf sql;
	buf_init(&sql, 128 * 1024);
	int rc = buf_appendf(&sql, "SELECT COUNT(*) FROM (%s) t", buf_str(&q->text));
	if (rc == TD_OK)
		rc = net_query_int64(s, buf_str(&sql), q->args, q->n, total, err);
	buf_free(&sql);
	if (rc == TD_ETOOBIG || rc == TD_ENOMEM)
		return td_error_set(err, rc, "list query too long");
	return rc;
}

static int list_items(struct td_store *s, const struct net_sql *q, const char *order,
		      const struct net_page *page, net_item_fn item, void *arg, json_t *items,
		      struct td_error *err)
{
	struct net_sql full;
	net_sql_init(&full);
	net_sql_add(&full, buf_str(&q->text), q->args, q->n);
	net_sql_add(&full, " ORDER BY ", NET_NOARGS);
	net_sql_add(&full, order, NET_NOARGS);
	net_sql_add(&full, " LIMIT ? OFFSET ?", NET_ARGS(NI(page->limit), NI(page->offset)));
	struct td_stmt *st = NULL;
	int rc = net_prepare(s, buf_str(&full.text), full.args, full.n, &st, err);
	net_sql_free(&full);
	if (rc != TD_OK)
		return rc;
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		json_t *j = item(s, st, arg, err);
		if (!j) {
			rc = err->code ? err->code : td_error_set(err, TD_ENOMEM, "out of memory");
			break;
		}
		json_array_append_new(items, j);
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int net_list(struct td_store *s, const struct net_sql *q, const char *order,
	     const struct net_page *page, net_item_fn item, void *arg, json_t **out,
	     struct td_error *err)
{
	struct net_page pg;
	int64_t total = 0;
	int rc = net_page_check(page, &pg, err);
	if (rc == TD_OK)
		rc = list_total(s, q, &total, err);
	if (rc != TD_OK)
		return rc;
	json_t *items = json_array();
	if (!items)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	rc = list_items(s, q, order, &pg, item, arg, items, err);
	if (rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
			 "limit", (json_int_t)pg.limit, "offset", (json_int_t)pg.offset);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory");
}

json_t *net_json_text(struct td_stmt *st, int col)
{
	const char *v = stmt_column_text(st, col);
	return v ? json_string(v) : json_null();
}

json_t *net_json_int(struct td_stmt *st, int col)
{
	return stmt_column_is_null(st, col) ? json_null()
					    : json_integer((json_int_t)stmt_column_int64(st, col));
}

char *net_json_dump(json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

void net_problems_init(struct net_problems *p, struct td_error *err)
{
	p->err = err;
	p->code = TD_OK;
	p->count = 0;
	if (err)
		td_error_clear(err);
}

void net_problem(struct net_problems *p, int code, const char *fmt, ...)
{
	assert(code != TD_OK);
	if (p->count++ == 0)
		p->code = code;
	if (!p->err)
		return;
	char one[TD_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(one, sizeof one, fmt, ap);
	va_end(ap);
	size_t len = strlen(p->err->msg);
	snprintf(p->err->msg + len, sizeof p->err->msg - len, "%s%s", len ? "; " : "", one);
}

int net_problems_end(struct net_problems *p)
{
	if (p->count == 0)
		return TD_OK;
	if (p->err)
		p->err->code = p->code;
	return p->code;
}

/* Length of the UTF-8 sequence at s (1..4), or 0 if it is not valid UTF-8. */
static size_t utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || s[0] > 0xf4)
		return 0;
	unsigned char lo = 0x80, hi = 0xbf;
	if (s[0] == 0xe0)
		lo = 0xa0; /* overlong */
	else if (s[0] == 0xed)
		hi = 0x9f; /* surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

bool net_check_text(struct net_problems *p, const char *field, const char *v, size_t max)
{
	if (!v || !*v) {
		net_problem(p, TD_EINVAL, "%s is empty", field);
		return false;
	}
	size_t len = strlen(v);
	if (len > max) {
		net_problem(p, TD_EINVAL, "%s has %zu bytes, at most %zu", field, len, max);
		return false;
	}
	if (v[0] == ' ' || v[len - 1] == ' ') {
		net_problem(p, TD_EINVAL, "%s '%s' starts or ends with a space", field, v);
		return false;
	}
	for (const unsigned char *s = (const unsigned char *)v; *s;) {
		if (*s < 0x20 || *s == 0x7f) {
			net_problem(p, TD_EINVAL, "%s holds a control character", field);
			return false;
		}
		size_t n = utf8_len(s);
		if (n == 0) {
			net_problem(p, TD_EINVAL, "%s is not valid UTF-8 (byte %zu)", field,
				    (size_t)(s - (const unsigned char *)v) + 1);
			return false;
		}
		s += n;
	}
	return true;
}

bool net_digits(const char *s, size_t width)
{
	if (!s || strlen(s) != width)
		return false;
	for (size_t i = 0; i < width; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

int net_head_office(struct td_store *s, int64_t *id, struct td_error *err)
{
	int rc = net_query_int64(s, "SELECT id FROM office WHERE kind = 'head'", NET_NOARGS, id,
				 err);
	if (rc == TD_ENOTFOUND)
		return td_error_set(err, TD_ESCHEMA, "the head office (HSC) is missing");
	return rc;
}

static int office_missing(struct td_store *s, int64_t id, td_date on, struct td_error *err)
{
	struct td_stmt *st = NULL;
	char d[TD_DATE_FMT_MAX];
	int rc = net_prepare(s,
			     "SELECT o.code, MIN(v.valid_from), o.merged_into FROM office o "
			     "LEFT JOIN office_version v ON v.office_id = o.id WHERE o.id = ? "
			     "GROUP BY o.code, o.merged_into",
			     NET_ARGS(NI(id)), &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW && !stmt_column_is_null(st, 2))
		rc = td_error_set(
			err, TD_ENOTFOUND,
			"office %" PRId64 " (%s) is not open on %s: it merged into office "
			"%" PRId64,
			id, stmt_column_text(st, 0), NET_ISO(on, d), stmt_column_int64(st, 2));
	else if (rc == TD_ROW)
		rc = td_error_set(err, TD_ENOTFOUND,
				  "office %" PRId64 " (%s) is not open on %s (it opened %s)", id,
				  stmt_column_text(st, 0), NET_ISO(on, d),
				  stmt_column_text(st, 1) ? stmt_column_text(st, 1) : "never");
	else if (rc == TD_DONE)
		rc = td_error_set(err, TD_ENOTFOUND, "office %" PRId64 " does not exist", id);
	stmt_finalize(st);
	return rc;
}

int net_office_at(struct td_store *s, int64_t id, td_date on, struct net_office *out,
		  struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT o.code, o.kind, v.parent_id, v.valid_from FROM office o "
			     "JOIN office_version v ON v.office_id = o.id WHERE o.id = ? AND "
			     "v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)",
			     NET_ARGS(NI(id), NT(d), NT(d)), &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		memset(out, 0, sizeof *out);
		out->id = id;
		snprintf(out->code, sizeof out->code, "%s", stmt_column_text(st, 0));
		rc = office_kind_parse(stmt_column_text(st, 1), &out->kind, err);
		out->parent_id = stmt_column_int64(st, 2);
		snprintf(out->valid_from, sizeof out->valid_from, "%s", stmt_column_text(st, 3));
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return office_missing(s, id, on, err);
	return rc;
}

int net_office_holder(struct td_store *s, int64_t id, td_date on, int64_t *out,
		      struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	/* Merges form a chain without cycles (a source closes); the bound guards bad data. */
	for (int hops = 0; hops < 16; hops++) {
		int64_t next = 0;
		int rc = net_query_int64(s,
					 "SELECT o.merged_into FROM office o WHERE o.id = ? AND "
					 "NOT EXISTS (SELECT 1 FROM office_version v WHERE "
					 "v.office_id = o.id AND v.valid_from <= ? AND "
					 "(v.valid_to IS NULL OR v.valid_to > ?))",
					 NET_ARGS(NI(id), NT(d), NT(d)), &next, err);
		if (rc == TD_ENOTFOUND)
			break;
		if (rc != TD_OK)
			return rc;
		id = next;
	}
	*out = id;
	return TD_OK;
}

int net_unit_exists(struct td_store *s, const char *level, const char *code, td_date on, bool *out,
		    struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	int64_t n = 0;
	int rc = net_query_int64(s,
				 "SELECT COUNT(*) FROM admin_unit WHERE level = ? AND code = ? AND "
				 "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
				 NET_ARGS(NT(level), NT(code), NT(d), NT(d)), &n, err);
	*out = n > 0;
	return rc;
}

int net_read_check(struct td_ctx *ctx, struct td_error *err)
{
	struct td_scope sc = {.office_id = ctx->actor->office_id};
	return access_check(ctx, ACT_READ, &sc, err);
}

int net_geo_write_check(struct td_ctx *ctx, struct td_error *err)
{
	struct td_scope sc = {0};
	return access_check(ctx, ACT_NETWORK_WRITE, &sc, err);
}

td_date net_scope_date(const struct td_ctx *ctx, td_date on)
{
	return on > ctx->business_date ? on : ctx->business_date;
}

int net_write_check(struct td_ctx *ctx, int64_t office_id, td_date on, struct td_error *err)
{
	struct td_scope sc = {.office_id = office_id};
	struct td_ctx at = *ctx; /* access_check reads the store, the actor and the date */
	at.business_date = net_scope_date(ctx, on);
	return access_check(&at, ACT_NETWORK_WRITE, &sc, err);
}

void net_check_communes(struct td_store *s, struct net_problems *p, const char *const *codes,
			size_t n, td_date on)
{
	char d[TD_DATE_FMT_MAX];
	for (size_t i = 0; i < n; i++) {
		if (!net_digits(codes[i], 5)) {
			net_problem(p, TD_EINVAL, "commune code '%s' must be 5 digits",
				    codes[i] ? codes[i] : "");
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = codes[j] && strcmp(codes[j], codes[i]) == 0;
		if (dup) {
			net_problem(p, TD_EINVAL, "commune %s is listed twice", codes[i]);
			continue;
		}
		bool ok = false;
		struct td_error e = {0};
		if (net_unit_exists(s, "commune", codes[i], on, &ok, &e) != TD_OK)
			net_problem(p, e.code, "%s", e.msg);
		else if (!ok)
			net_problem(p, TD_EINVAL, "commune %s does not exist on %s", codes[i],
				    NET_ISO(on, d));
	}
}

int net_audit(struct td_ctx *ctx, const char *action, const char *entity, int64_t id,
	      json_t *before, json_t *after, struct td_error *err)
{
	char *b = before ? net_json_dump(before) : NULL;
	char *a = after ? net_json_dump(after) : NULL;
	int rc;
	if ((before && !b) || (after && !a))
		rc = td_error_set(err, TD_ENOMEM, "cannot encode the audit snapshot");
	else
		rc = audit_record(ctx, action, entity, id, b, a, err);
	free(b);
	free(a);
	return rc;
}

int net_audit_import(struct td_ctx *ctx, const char *entity, json_t *summary, struct td_error *err)
{
	if (!summary)
		return td_error_set(err, TD_ENOMEM, "out of memory");
	int rc = net_audit(ctx, "import", entity, 0, NULL, summary, err);
	json_decref(summary);
	return rc;
}
