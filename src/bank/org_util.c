#include "bank/org_util.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"

void problems_init(struct org_problems *p, struct td_error *err)
{
	memset(p, 0, sizeof *p);
	p->err = err;
}

static void append_bytes(struct org_problems *p, const char *s, size_t n)
{
	size_t len = strlen(p->msg);
	assert(len + n < sizeof p->msg);
	memcpy(p->msg + len, s, n);
	p->msg[len + n] = '\0';
}

void problem_add(struct org_problems *p, int code, const char *fmt, ...)
{
	assert(code != TD_OK);
	if (p->code == TD_OK)
		p->code = code;
	p->count++;
	if (p->full)
		return;
	char one[TD_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(one, sizeof one, fmt, ap);
	va_end(ap);
	static const char more[] = "; ...";
	size_t len = strlen(p->msg), n = strlen(one), sep = len ? 2 : 0;
	if (len + sep + n + sizeof more <= sizeof p->msg) {
		append_bytes(p, "; ", sep);
		append_bytes(p, one, n);
	} else if (len == 0) {
		/* One problem longer than the message: keep its start. */
		append_bytes(p, one, n < sizeof p->msg ? n : sizeof p->msg - 1);
		p->full = true;
	} else {
		append_bytes(p, more, sizeof more - 1);
		p->full = true;
	}
}

int problems_finish(struct org_problems *p)
{
	if (p->code == TD_OK)
		return TD_OK;
	return td_error_set(p->err, p->code, "%s", p->msg);
}

static int bind_va(struct td_stmt *st, const char *types, va_list ap)
{
	char buf[TD_DATE_FMT_MAX];
	int rc = TD_OK;
	for (int i = 0; types && types[i] && rc == TD_OK; i++) {
		int idx = i + 1;
		switch (types[i]) {
		case 'i': rc = stmt_bind_int64(st, idx, va_arg(ap, int64_t)); break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			rc = v ? stmt_bind_int64(st, idx, v) : stmt_bind_null(st, idx);
			break;
		}
		case 't': rc = stmt_bind_text(st, idx, va_arg(ap, const char *)); break;
		case 'd':
		case 'D': {
			td_date d = va_arg(ap, td_date);
			assert(types[i] == 'D' || d != ORG_NO_DATE);
			rc = stmt_bind_text(st, idx, org_iso(d, buf));
			break;
		}
		default: assert(!"unknown bind type");
		}
	}
	return rc;
}

static int prepare_va(struct td_store *s, struct td_stmt **out, struct td_error *err,
		      const char *sql, const char *types, va_list ap)
{
	int rc = store_prepare(s, sql, out, err);
	if (rc != TD_OK)
		return rc;
	/* A bind error also comes back from the first step, with its message. */
	bind_va(*out, types, ap);
	return TD_OK;
}

int org_prepare(struct td_store *s, struct td_stmt **out, struct td_error *err, const char *sql,
		const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = prepare_va(s, out, err, sql, types, ap);
	va_end(ap);
	return rc;
}

int org_exec(struct td_store *s, struct td_error *err, const char *sql, const char *types, ...)
{
	struct td_stmt *st = NULL;
	va_list ap;
	va_start(ap, types);
	int rc = prepare_va(s, &st, err, sql, types, ap);
	va_end(ap);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	stmt_finalize(st);
	return rc == TD_ROW || rc == TD_DONE ? TD_OK : rc;
}

int org_query_int64(struct td_store *s, int64_t *out, struct td_error *err, const char *sql,
		    const char *types, ...)
{
	struct td_stmt *st = NULL;
	va_list ap;
	va_start(ap, types);
	int rc = prepare_va(s, &st, err, sql, types, ap);
	va_end(ap);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*out = stmt_column_int64(st, 0);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = TD_ENOTFOUND;
	}
	stmt_finalize(st);
	return rc;
}

const char *org_iso(td_date d, char *buf)
{
	if (d == ORG_NO_DATE)
		return NULL;
	return date_format_iso(d, buf, TD_DATE_FMT_MAX);
}

td_date org_col_date(struct td_stmt *st, int col)
{
	const char *s = stmt_column_text(st, col);
	td_date d = ORG_NO_DATE;
	if (s && date_parse_iso(s, &d, NULL) != TD_OK)
		assert(!"the store holds a malformed date");
	return d;
}

json_t *org_row_json(struct td_stmt *st, const struct org_col *cols, int first)
{
	json_t *o = json_object();
	for (int i = 0; o && cols[i].name; i++) {
		int col = first + i;
		json_t *v;
		if (stmt_column_is_null(st, col))
			v = json_null();
		else if (cols[i].kind == 'i')
			v = json_integer(stmt_column_int64(st, col));
		else if (cols[i].kind == 'b')
			v = json_boolean(stmt_column_int64(st, col) != 0);
		else
			v = json_string(stmt_column_text(st, col));
		if (!v || json_object_set_new(o, cols[i].name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

void org_query_init(struct org_query *q, const char *select_from_where, const char *order)
{
	memset(q, 0, sizeof *q);
	snprintf(q->body, sizeof q->body, "%s", select_from_where);
	snprintf(q->order, sizeof q->order, "%s", order);
}

static void append(char *dst, size_t size, const char *s)
{
	size_t len = strlen(dst);
	assert(len + strlen(s) < size && "query buffer too small");
	snprintf(dst + len, size - len, "%s", s);
}

static void add_arg(struct org_query *q, char kind, int64_t i, const char *t)
{
	assert(q->n < ORG_QUERY_ARGS);
	q->args[q->n++] = (struct org_query_arg){kind, i, t};
}

void org_query_arg_int(struct org_query *q, int64_t v)
{
	add_arg(q, 'i', v, NULL);
}

void org_query_arg_text(struct org_query *q, const char *v)
{
	add_arg(q, 't', 0, v);
}

void org_query_arg_date(struct org_query *q, td_date d)
{
	add_arg(q, 'd', d, NULL);
}

void org_query_subtree(struct org_query *q, int64_t root, td_date on)
{
	assert(q->cte[0] == '\0');
	append(q->cte, sizeof q->cte, ACCESS_SUBTREE_CTE);
	q->cte_args[0] = (struct org_query_arg){'i', root, NULL};
	q->cte_args[1] = (struct org_query_arg){'d', on, NULL};
	q->cte_args[2] = (struct org_query_arg){'d', on, NULL};
	q->n_cte = 3;
}

void org_query_and(struct org_query *q, const char *cond)
{
	append(q->body, sizeof q->body, " AND ");
	append(q->body, sizeof q->body, cond);
}

void org_query_and_int(struct org_query *q, const char *cond, int64_t v)
{
	org_query_and(q, cond);
	add_arg(q, 'i', v, NULL);
}

void org_query_and_text(struct org_query *q, const char *cond, const char *v)
{
	org_query_and(q, cond);
	add_arg(q, 't', 0, v);
}

void org_query_actor_scope(struct org_query *q, const struct td_actor *a, td_date on,
			   const char *office_col, const char *chapter_col, const char *group_col)
{
	char cond[256];
	org_query_subtree(q, a->office_id, on);
	snprintf(cond, sizeof cond, "%s IN (SELECT id FROM subtree)", office_col);
	org_query_and(q, cond);
	/* Exactly the chapter or the group, as access_check decides for one record; an actor
	 * confined to one sees nothing of a list that has no such column. */
	if (a->chapter_id) {
		snprintf(cond, sizeof cond, "%s = ?", chapter_col ? chapter_col : "-1");
		org_query_and_int(q, cond, a->chapter_id);
	}
	if (a->group_id) {
		snprintf(cond, sizeof cond, "%s = ?", group_col ? group_col : "-1");
		org_query_and_int(q, cond, a->group_id);
	}
}

int org_page_check(int64_t *limit, int64_t offset, struct td_error *err)
{
	if (*limit == 0)
		*limit = ORG_LIMIT_DEFAULT;
	if (*limit < 0 || *limit > ORG_LIMIT_MAX)
		return td_error_set(err, TD_EINVAL, "limit %lld is out of range: 1 to %d",
				    (long long)*limit, ORG_LIMIT_MAX);
	if (offset < 0)
		return td_error_set(err, TD_EINVAL, "offset %lld is negative", (long long)offset);
	return TD_OK;
}

static int bind_args(struct td_stmt *st, int first, const struct org_query_arg *args, int n)
{
	char iso[TD_DATE_FMT_MAX];
	int rc = TD_OK;
	for (int i = 0; i < n && rc == TD_OK; i++) {
		int idx = first + i;
		if (args[i].kind == 'i')
			rc = stmt_bind_int64(st, idx, args[i].i);
		else if (args[i].kind == 'd')
			rc = stmt_bind_text(st, idx,
					    date_format_iso((td_date)args[i].i, iso, sizeof iso));
		else
			rc = stmt_bind_text(st, idx, args[i].t);
	}
	return rc;
}

/* Binds every parameter; returns how many. */
static int bind_query(struct td_stmt *st, const struct org_query *q)
{
	bind_args(st, 1, q->cte_args, q->n_cte);
	bind_args(st, 1 + q->n_cte, q->args, q->n);
	return q->n_cte + q->n;
}

static int run_count(struct td_store *s, const struct org_query *q, int64_t *total,
		     struct td_error *err)
{
	char sql[sizeof q->cte + sizeof q->body + 64];
	snprintf(sql, sizeof sql, "%sSELECT count(*) FROM (%s) t", q->cte, q->body);
	struct td_stmt *st = NULL;
	int rc = store_prepare(s, sql, &st, err);
	if (rc != TD_OK)
		return rc;
	bind_query(st, q);
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		*total = stmt_column_int64(st, 0);
		rc = TD_OK;
	}
	stmt_finalize(st);
	return rc;
}

/* The query with its order and tail, prepared and bound; *n = the parameters bound. */
static int prepare_query(struct td_store *s, const struct org_query *q, const char *tail,
			 struct td_stmt **st, int *n, struct td_error *err)
{
	char sql[sizeof q->cte + sizeof q->body + sizeof q->order + 64];
	snprintf(sql, sizeof sql, "%s%s %s%s", q->cte, q->body, q->order, tail);
	int rc = store_prepare(s, sql, st, err);
	if (rc == TD_OK)
		*n = bind_query(*st, q);
	return rc;
}

int org_query_prepare(struct td_store *s, const struct org_query *q, struct td_stmt **st,
		      struct td_error *err)
{
	int n = 0;
	return prepare_query(s, q, "", st, &n, err);
}

static int run_page(struct td_store *s, const struct org_query *q, const struct org_col *cols,
		    int64_t limit, int64_t offset, json_t *items, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int n = 0;
	int rc = prepare_query(s, q, " LIMIT ? OFFSET ?", &st, &n, err);
	if (rc != TD_OK)
		return rc;
	stmt_bind_int64(st, n + 1, limit);
	stmt_bind_int64(st, n + 2, offset);
	while ((rc = stmt_step(st, err)) == TD_ROW) {
		json_t *row = org_row_json(st, cols, 0);
		if (!row || json_array_append_new(items, row) != 0) {
			rc = td_error_set(err, TD_ENOMEM, "out of memory building a list");
			break;
		}
	}
	stmt_finalize(st);
	return rc == TD_DONE ? TD_OK : rc;
}

int org_query_list(struct td_store *s, const struct org_query *q, const struct org_col *cols,
		   int64_t limit, int64_t offset, json_t **out, struct td_error *err)
{
	int rc = org_page_check(&limit, offset, err);
	int64_t total = 0;
	if (rc == TD_OK)
		rc = run_count(s, q, &total, err);
	json_t *items = json_array();
	if (rc == TD_OK && !items)
		rc = td_error_set(err, TD_ENOMEM, "out of memory building a list");
	if (rc == TD_OK)
		rc = run_page(s, q, cols, limit, offset, items, err);
	if (rc != TD_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
			 "limit", (json_int_t)limit, "offset", (json_int_t)offset);
	return *out ? TD_OK : td_error_set(err, TD_ENOMEM, "out of memory building a list");
}

char *org_json_text(const json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

void org_json_add(json_t *o, const char *name, int64_t amount, int *rc, struct td_error *err)
{
	int64_t sum = 0;
	if (money_add(json_integer_value(json_object_get(o, name)), amount, &sum) != TD_OK) {
		if (*rc == TD_OK)
			*rc = td_error_set(err, TD_EOVERFLOW, "the list's %s overflows", name);
		return;
	}
	if (json_object_set_new(o, name, json_integer(sum)) != 0 && *rc == TD_OK)
		*rc = td_error_set(err, TD_ENOMEM, "out of memory");
}
