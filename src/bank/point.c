/*
 * Commune transaction points (điểm giao dịch xã, R-ORG-1): a desk open on a fixed day of
 * each month, serving one or more communes, staffed by a team of three (the leader a
 * credit officer, a controller, a teller). Communes and team keep their history.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/net_internal.h"

#define POINT_CODE_MAX 20
#define POINT_TEXT_MAX 200
#define MEETING_DAY_MAX 28

static const struct net_link served = {"communes of point", "commune_point_commune", "point_id",
				       "commune_code"};
static const struct net_link team_hist = {"team of point", "point_team", "point_id", "staff_id"};

static const char *const duties[3] = {"leader", "controller", "teller"};

static int64_t duty_staff(const struct point_team *t, int i)
{
	return i == 0 ? t->leader : i == 1 ? t->controller : t->teller;
}

static bool role_fits(int duty, const char *role)
{
	if (duty == 0)
		return strcmp(role, "credit_officer") == 0;
	if (duty == 1)
		return strcmp(role, "controller") == 0 || strcmp(role, "director") == 0;
	return strcmp(role, "teller") == 0;
}

static void check_member(struct td_store *s, struct net_problems *p, int duty, int64_t staff,
			 int64_t office_id, const char *d)
{
	struct td_stmt *st = NULL;
	struct td_error e = {0};
	if (net_prepare(s,
			"SELECT office_id, role, valid_from <= ? AND (valid_to IS NULL OR "
			"valid_to > ?) FROM staff WHERE id = ?",
			NET_ARGS(NT(d), NT(d), NI(staff)), &st, &e) != TD_OK) {
		net_problem(p, e.code, "%s", e.msg);
		return;
	}
	int rc = stmt_step(st, &e);
	if (rc == TD_DONE)
		net_problem(p, TD_EINVAL, "team %s: staff %" PRId64 " does not exist", duties[duty],
			    staff);
	else if (rc != TD_ROW)
		net_problem(p, e.code, "%s", e.msg);
	else if (!stmt_column_int64(st, 2))
		net_problem(p, TD_ERULE, "team %s: staff %" PRId64 " is not employed on %s",
			    duties[duty], staff, d);
	else if (stmt_column_int64(st, 0) != office_id)
		net_problem(p, TD_ERULE,
			    "team %s: staff %" PRId64 " works in office %" PRId64
			    ", not in the point's office %" PRId64,
			    duties[duty], staff, stmt_column_int64(st, 0), office_id);
	else if (!role_fits(duty, stmt_column_text(st, 1)))
		net_problem(p, TD_ERULE, "team %s: staff %" PRId64 " is a %s; the %s must be %s",
			    duties[duty], staff, stmt_column_text(st, 1), duties[duty],
			    duty == 0	? "a credit officer"
			    : duty == 1 ? "a controller or a director"
					: "a teller");
	stmt_finalize(st);
}

static void check_team(struct td_store *s, struct net_problems *p, const struct point_team *t,
		       int64_t office_id, td_date on)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	for (int i = 0; i < 3; i++) {
		int64_t id = duty_staff(t, i);
		if (id == 0)
			continue;
		bool twice = false;
		for (int j = 0; j < i; j++)
			twice = twice || duty_staff(t, j) == id;
		if (twice)
			net_problem(p, TD_ERULE, "team: staff %" PRId64 " cannot hold two duties",
				    id);
		else
			check_member(s, p, i, id, office_id, d);
	}
}

/* A commune has one point at a time, except the points a merger left to a commune formed
 * from several (their links open on a merger's date into one of its new communes): the
 * desks of the old communes go on until the bank consolidates them (docs/network.md). */
static void check_communes_free(struct td_store *s, struct net_problems *p, int64_t point,
				const char *const *codes, size_t n, td_date on)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	for (size_t i = 0; i < n; i++) {
		struct td_stmt *st = NULL;
		struct td_error e = {0};
		if (net_prepare(
			    s,
			    "SELECT p.code FROM commune_point_commune c JOIN commune_point p ON "
			    "p.id = c.point_id WHERE c.commune_code = ? AND c.point_id <> ? AND "
			    "(c.valid_to IS NULL OR c.valid_to > ?) AND NOT EXISTS (SELECT 1 FROM "
			    "admin_merger m WHERE m.new_commune = c.commune_code AND m.on_date = "
			    "c.valid_from) ORDER BY p.code",
			    NET_ARGS(NT(codes[i]), NI(point), NT(d)), &st, &e) != TD_OK) {
			net_problem(p, e.code, "%s", e.msg);
			return;
		}
		int rc = stmt_step(st, &e);
		if (rc == TD_ROW)
			net_problem(p, TD_ECONFLICT, "commune %s is served by point %s on %s",
				    codes[i], stmt_column_text(st, 0), d);
		else if (rc != TD_DONE)
			net_problem(p, e.code, "%s", e.msg);
		stmt_finalize(st);
	}
}

static void check_communes(struct td_store *s, struct net_problems *p, int64_t point,
			   const char *const *codes, size_t n, td_date on)
{
	if (n == 0) {
		net_problem(p, TD_EINVAL, "a point serves at least one commune");
		return;
	}
	int before = p->count;
	net_check_communes(s, p, codes, n, on);
	if (p->count == before)
		check_communes_free(s, p, point, codes, n, on);
}

static void check_day(struct net_problems *p, int day)
{
	if (day < 1 || day > MEETING_DAY_MAX)
		net_problem(p, TD_EINVAL,
			    "meeting day %d must be from 1 to %d, so that the session exists in "
			    "every month",
			    day, MEETING_DAY_MAX);
}

static void check_code(struct td_store *s, struct net_problems *p, const char *code)
{
	if (!net_check_text(p, "point code", code, POINT_CODE_MAX))
		return;
	int64_t other = 0;
	struct td_error e = {0};
	int rc = net_query_int64(s, "SELECT id FROM commune_point WHERE code = ?",
				 NET_ARGS(NT(code)), &other, &e);
	if (rc == TD_OK)
		net_problem(p, TD_EUNIQUE, "point code '%s' is taken by point %" PRId64, code,
			    other);
	else if (rc != TD_ENOTFOUND)
		net_problem(p, rc, "%s", e.msg);
}

static int validate_create(struct td_store *s, const struct point_input *in,
			   const struct net_office *office, struct td_error *err)
{
	struct net_problems p;
	net_problems_init(&p, err);
	check_code(s, &p, in->code);
	if (office->kind == OFFICE_HEAD)
		net_problem(&p, TD_ERULE,
			    "a commune point belongs to a district office or a "
			    "branch, not to the head office");
	net_check_text(&p, "point name", in->name, POINT_TEXT_MAX);
	net_check_text(&p, "place", in->place, POINT_TEXT_MAX);
	check_day(&p, in->meeting_day);
	check_communes(s, &p, 0, in->communes, in->n_communes, in->valid_from);
	check_team(s, &p, &in->team, in->office_id, in->valid_from);
	return net_problems_end(&p);
}

/* Gives each duty its staff from a date: the old holder's row closes (or vanishes if it
 * started that day), the new one opens. */
static int team_replace(struct td_store *s, int64_t point, const struct point_team *t, td_date from,
			struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(from, d);
	int rc = net_link_check_after(s, &team_hist, point, from, err);
	for (int i = 0; rc == TD_OK && i < 3; i++) {
		struct td_stmt *st = NULL;
		int64_t now = 0;
		char since[TD_DATE_FMT_MAX] = "";
		rc = net_prepare(
			s,
			"SELECT staff_id, valid_from FROM point_team WHERE point_id = ? AND "
			"duty = ? AND valid_to IS NULL",
			NET_ARGS(NI(point), NT(duties[i])), &st, err);
		if (rc != TD_OK)
			break;
		rc = stmt_step(st, err);
		if (rc == TD_ROW) {
			now = stmt_column_int64(st, 0);
			snprintf(since, sizeof since, "%s", stmt_column_text(st, 1));
		}
		stmt_finalize(st);
		if (rc != TD_ROW && rc != TD_DONE)
			break;
		rc = TD_OK;
		int64_t want = duty_staff(t, i);
		if (now == want)
			continue;
		if (now && strcmp(since, d) >= 0)
			rc = net_exec(s,
				      "DELETE FROM point_team WHERE point_id = ? AND duty = ? AND "
				      "valid_from = ?",
				      NET_ARGS(NI(point), NT(duties[i]), NT(since)), err);
		else if (now)
			rc = net_exec(s,
				      "UPDATE point_team SET valid_to = ? WHERE point_id = ? AND "
				      "duty = ? AND valid_from = ?",
				      NET_ARGS(NT(d), NI(point), NT(duties[i]), NT(since)), err);
		if (rc == TD_OK && want)
			rc = net_exec(s,
				      "INSERT INTO point_team (point_id, staff_id, duty, "
				      "valid_from) VALUES (?, ?, ?, ?)",
				      NET_ARGS(NI(point), NI(want), NT(duties[i]), NT(d)), err);
	}
	return rc;
}

static int communes_json(struct td_store *s, int64_t point, const char *d, json_t **out,
			 struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT c.commune_code, u.name FROM commune_point_commune c LEFT JOIN "
			     "admin_unit u ON u.level = 'commune' AND u.code = c.commune_code AND "
			     "u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to > ?) WHERE "
			     "c.point_id = ? AND c.valid_from <= ? AND (c.valid_to IS NULL OR "
			     "c.valid_to > ?) ORDER BY c.commune_code",
			     NET_ARGS(NT(d), NT(d), NI(point), NT(d), NT(d)), &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *a = json_array();
	while (a && (rc = stmt_step(st, err)) == TD_ROW)
		json_array_append_new(a, json_pack("{s:o, s:o}", "code", net_json_text(st, 0),
						   "name", net_json_text(st, 1)));
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

static int team_json(struct td_store *s, int64_t point, const char *d, json_t **out,
		     struct td_error *err)
{
	json_t *t = json_pack("{s:n, s:n, s:n}", "leader", "controller", "teller");
	struct td_stmt *st = NULL;
	int rc = t ? net_prepare(s,
				 "SELECT duty, staff_id FROM point_team WHERE point_id = ? AND "
				 "valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
				 NET_ARGS(NI(point), NT(d), NT(d)), &st, err)
		   : td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc != TD_OK) {
		json_decref(t);
		return rc;
	}
	while ((rc = stmt_step(st, err)) == TD_ROW)
		json_object_set_new(t, stmt_column_text(st, 0), net_json_int(st, 1));
	stmt_finalize(st);
	if (rc != TD_DONE) {
		json_decref(t);
		return rc;
	}
	*out = t;
	return TD_OK;
}

static int point_json(struct td_store *s, int64_t id, td_date on, json_t **out,
		      struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT id, code, office_id, name, place, meeting_day, valid_from, "
			     "valid_to FROM commune_point WHERE id = ?",
			     NET_ARGS(NI(id)), &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *j = NULL;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", net_json_int(st, 0),
			      "code", net_json_text(st, 1), "office_id", net_json_int(st, 2),
			      "name", net_json_text(st, 3), "place", net_json_text(st, 4),
			      "meeting_day", net_json_int(st, 5), "valid_from",
			      net_json_text(st, 6), "valid_to", net_json_text(st, 7));
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_ENOTFOUND, "point %" PRId64 " does not exist", id);
	if (rc != TD_ROW)
		return rc;
	json_t *communes = NULL, *team = NULL;
	rc = j ? communes_json(s, id, d, &communes, err)
	       : td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK) {
		json_object_set_new(j, "communes", communes);
		rc = team_json(s, id, d, &team, err);
	}
	if (rc == TD_OK)
		json_object_set_new(j, "team", team);
	if (rc != TD_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return TD_OK;
}

static int insert_point(struct td_store *s, const struct point_input *in, int64_t *id,
			struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(in->valid_from, d);
	int rc = net_query_int64(s,
				 "INSERT INTO commune_point (code, office_id, name, place, "
				 "meeting_day, valid_from) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				 NET_ARGS(NT(in->code), NI(in->office_id), NT(in->name),
					  NT(in->place), NI(in->meeting_day), NT(d)),
				 id, err);
	if (rc == TD_OK)
		rc = net_link_replace(s, &served, *id, in->communes, in->n_communes, in->valid_from,
				      NULL, err);
	if (rc == TD_OK)
		rc = team_replace(s, *id, &in->team, in->valid_from, err);
	return rc;
}

int point_create(struct td_ctx *ctx, const struct point_input *in, int64_t *id,
		 struct td_error *err)
{
	struct net_office office;
	int64_t new_id = 0;
	json_t *after = NULL;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = net_office_at(ctx->store, in->office_id, in->valid_from, &office, err);
	if (rc == TD_ENOTFOUND) {
		err->code = rc = TD_EINVAL;
		td_error_prefix(err, "point office: ");
	}
	if (rc == TD_OK)
		rc = net_write_check(ctx, in->office_id, in->valid_from, err);
	if (rc == TD_OK)
		rc = validate_create(ctx->store, in, &office, err);
	if (rc == TD_OK)
		rc = insert_point(ctx->store, in, &new_id, err);
	if (rc == TD_OK)
		rc = point_json(ctx->store, new_id, in->valid_from, &after, err);
	if (rc == TD_OK)
		rc = net_audit(ctx, "create", "commune_point", new_id, NULL, after, err);
	json_decref(after);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc == TD_OK && id)
		*id = new_id;
	return rc;
}

struct point_now {
	int64_t office_id;
	char valid_from[TD_DATE_FMT_MAX];
	bool closed;
};

static int load_point(struct td_store *s, int64_t id, struct point_now *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT office_id, valid_from, valid_to FROM commune_point "
			     "WHERE id = ?",
			     NET_ARGS(NI(id)), &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		out->office_id = stmt_column_int64(st, 0);
		snprintf(out->valid_from, sizeof out->valid_from, "%s", stmt_column_text(st, 1));
		out->closed = !stmt_column_is_null(st, 2);
		rc = TD_OK;
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "point %" PRId64 " does not exist", id);
	}
	stmt_finalize(st);
	return rc;
}

static int validate_update(struct td_store *s, int64_t id, const struct point_now *now,
			   const struct point_change *ch, struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(ch->from, d);
	struct net_problems p;
	net_problems_init(&p, err);
	if (!ch->name && !ch->place && !ch->set_day && !ch->set_communes && !ch->set_team)
		net_problem(&p, TD_EINVAL, "nothing to change");
	if (now->closed)
		net_problem(&p, TD_ECONFLICT, "point %" PRId64 " is closed; it cannot change", id);
	if (strcmp(now->valid_from, d) > 0)
		net_problem(&p, TD_ECONFLICT,
			    "point %" PRId64 " opens on %s; date the change on or after it, not %s",
			    id, now->valid_from, d);
	if (ch->name)
		net_check_text(&p, "point name", ch->name, POINT_TEXT_MAX);
	if (ch->place)
		net_check_text(&p, "place", ch->place, POINT_TEXT_MAX);
	if (ch->set_day)
		check_day(&p, ch->meeting_day);
	if (ch->set_communes)
		check_communes(s, &p, id, ch->communes, ch->n_communes, ch->from);
	if (ch->set_team)
		check_team(s, &p, &ch->team, now->office_id, ch->from);
	return net_problems_end(&p);
}

static int apply_update(struct td_store *s, int64_t id, const struct point_change *ch,
			struct td_error *err)
{
	int rc = TD_OK;
	if (ch->name)
		rc = net_exec(s, "UPDATE commune_point SET name = ? WHERE id = ?",
			      NET_ARGS(NT(ch->name), NI(id)), err);
	if (rc == TD_OK && ch->place)
		rc = net_exec(s, "UPDATE commune_point SET place = ? WHERE id = ?",
			      NET_ARGS(NT(ch->place), NI(id)), err);
	if (rc == TD_OK && ch->set_day)
		rc = net_exec(s, "UPDATE commune_point SET meeting_day = ? WHERE id = ?",
			      NET_ARGS(NI(ch->meeting_day), NI(id)), err);
	if (rc == TD_OK && ch->set_communes)
		rc = net_link_replace(s, &served, id, ch->communes, ch->n_communes, ch->from, NULL,
				      err);
	if (rc == TD_OK && ch->set_team)
		rc = team_replace(s, id, &ch->team, ch->from, err);
	return rc;
}

int point_update(struct td_ctx *ctx, int64_t id, const struct point_change *ch,
		 struct td_error *err)
{
	struct point_now now;
	json_t *before = NULL, *after = NULL;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = load_point(ctx->store, id, &now, err);
	if (rc == TD_OK)
		rc = net_write_check(ctx, now.office_id, ch->from, err);
	if (rc == TD_OK)
		rc = validate_update(ctx->store, id, &now, ch, err);
	if (rc == TD_OK)
		rc = point_json(ctx->store, id, ch->from, &before, err);
	if (rc == TD_OK)
		rc = apply_update(ctx->store, id, ch, err);
	if (rc == TD_OK)
		rc = point_json(ctx->store, id, ch->from, &after, err);
	if (rc == TD_OK)
		rc = net_audit(ctx, "update", "commune_point", id, before, after, err);
	json_decref(before);
	json_decref(after);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int point_get(struct td_ctx *ctx, int64_t id, td_date on, json_t **out, struct td_error *err)
{
	struct point_now now;
	int rc = load_point(ctx->store, id, &now, err);
	if (rc == TD_OK) {
		struct td_scope sc = {.office_id = now.office_id};
		rc = access_check(ctx, ACT_READ, &sc, err);
	}
	return rc == TD_OK ? point_json(ctx->store, id, on, out, err) : rc;
}

static json_t *point_item(struct td_store *s, struct td_stmt *st, void *arg, struct td_error *err)
{
	json_t *j = NULL;
	return point_json(s, stmt_column_int64(st, 0), *(const td_date *)arg, &j, err) == TD_OK
		       ? j
		       : NULL;
}

int point_list(struct td_ctx *ctx, const struct point_filter *f, json_t **out, struct td_error *err)
{
	int rc = net_read_check(ctx, err);
	if (rc != TD_OK)
		return rc;
	char d[TD_DATE_FMT_MAX], scope[TD_DATE_FMT_MAX];
	NET_ISO(f->on, d);
	NET_ISO(net_scope_date(ctx, f->on), scope);
	struct net_sql q;
	net_sql_init(&q);
	net_sql_add(&q, ACCESS_SUBTREE_CTE,
		    NET_ARGS(NI(ctx->actor->office_id), NT(scope), NT(scope)));
	net_sql_add(&q,
		    "SELECT id, code FROM commune_point WHERE office_id IN (SELECT id FROM "
		    "subtree) AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
		    NET_ARGS(NT(d), NT(d)));
	if (f->office_id)
		net_sql_add(&q, " AND office_id = ?", NET_ARGS(NI(f->office_id)));
	if (f->commune)
		net_sql_add(&q,
			    " AND id IN (SELECT point_id FROM commune_point_commune WHERE "
			    "commune_code = ? AND valid_from <= ? AND (valid_to IS NULL OR "
			    "valid_to > ?))",
			    NET_ARGS(NT(f->commune), NT(d), NT(d)));
	rc = net_list(ctx->store, &q, "id", &f->page, point_item, (void *)&f->on, out, err);
	net_sql_free(&q);
	return rc;
}
