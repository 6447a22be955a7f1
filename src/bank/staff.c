/*
 * Bank staff of an office (directors, credit officers, tellers, controllers) and the
 * communes each credit officer covers, with history.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/net_internal.h"

#define STAFF_NAME_MAX 120

static const char *const role_names[] = {"director", "credit_officer", "teller", "controller"};

static const struct net_link coverage = {"communes covered by staff", "staff_commune", "staff_id",
					 "commune_code"};

const char *staff_role_name(enum staff_role r)
{
	return (r >= STAFF_DIRECTOR && r <= STAFF_CONTROLLER) ? role_names[r] : "unknown";
}

int staff_role_parse(const char *s, enum staff_role *out, struct td_error *err)
{
	for (int r = STAFF_DIRECTOR; r <= STAFF_CONTROLLER; r++)
		if (s && strcmp(s, role_names[r]) == 0) {
			*out = (enum staff_role)r;
			return TD_OK;
		}
	return td_error_set(err, TD_EINVAL,
			    "staff role '%s' does not exist; roles: director, credit_officer, "
			    "teller, controller",
			    s ? s : "");
}

/* Vietnamese phone numbers: 0 and 9 digits, or +84 and 9 digits. */
static bool phone_ok(const char *s)
{
	if (strncmp(s, "+84", 3) == 0)
		return net_digits(s + 3, 9);
	return s[0] == '0' && net_digits(s, 10);
}

static void check_phone(struct net_problems *p, const char *phone)
{
	if (phone && *phone && !phone_ok(phone))
		net_problem(p, TD_EINVAL,
			    "phone '%s' must be 10 digits starting with 0, or +84 "
			    "and 9 digits",
			    phone);
}

static void check_coverage(struct td_store *s, struct net_problems *p, enum staff_role role,
			   const char *const *communes, size_t n, td_date on)
{
	if (n > 0 && role != STAFF_CREDIT_OFFICER)
		net_problem(p, TD_ERULE, "only a credit officer covers communes, not a %s",
			    staff_role_name(role));
	else
		net_check_communes(s, p, communes, n, on);
}

static int validate_create(struct td_store *s, const struct staff_input *in, struct td_error *err)
{
	struct net_problems p;
	net_problems_init(&p, err);
	struct net_office o;
	struct td_error e = {0};
	int rc = net_office_at(s, in->office_id, in->valid_from, &o, &e);
	if (rc != TD_OK)
		net_problem(&p, rc == TD_ENOTFOUND ? TD_EINVAL : rc, "%s", e.msg);
	net_check_text(&p, "full name", in->full_name, STAFF_NAME_MAX);
	if (in->role < STAFF_DIRECTOR || in->role > STAFF_CONTROLLER)
		net_problem(&p, TD_EINVAL, "staff role %d does not exist", (int)in->role);
	else
		check_coverage(s, &p, in->role, in->communes, in->n_communes, in->valid_from);
	check_phone(&p, in->phone);
	return net_problems_end(&p);
}

/* The person as of a date, with the communes covered then. */
static int staff_json(struct td_store *s, int64_t id, td_date on, json_t **out,
		      struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT id, office_id, full_name, role, phone, valid_from, valid_to "
			     "FROM staff WHERE id = ?",
			     NET_ARGS(NI(id)), &st, err);
	if (rc != TD_OK)
		return rc;
	json_t *j = NULL;
	rc = stmt_step(st, err);
	if (rc == TD_ROW)
		j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", net_json_int(st, 0),
			      "office_id", net_json_int(st, 1), "full_name", net_json_text(st, 2),
			      "role", net_json_text(st, 3), "phone", net_json_text(st, 4),
			      "valid_from", net_json_text(st, 5), "valid_to", net_json_text(st, 6));
	stmt_finalize(st);
	if (rc == TD_DONE)
		return td_error_set(err, TD_ENOTFOUND, "staff %" PRId64 " does not exist", id);
	if (rc != TD_ROW)
		return rc;
	json_t *communes = NULL;
	rc = j ? net_link_items(s, &coverage, id, on, &communes, err)
	       : td_error_set(err, TD_ENOMEM, "out of memory");
	if (rc == TD_OK)
		json_object_set_new(j, "communes", communes);
	if (rc != TD_OK) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return TD_OK;
}

int staff_create(struct td_ctx *ctx, const struct staff_input *in, int64_t *id,
		 struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(in->valid_from, d);
	int64_t new_id = 0;
	json_t *after = NULL;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = net_office_at(ctx->store, in->office_id, in->valid_from, &(struct net_office){0}, err);
	if (rc == TD_ENOTFOUND) {
		err->code = rc = TD_EINVAL;
		td_error_prefix(err, "staff office: ");
	}
	if (rc == TD_OK)
		rc = net_write_check(ctx, in->office_id, in->valid_from, err);
	if (rc == TD_OK)
		rc = validate_create(ctx->store, in, err);
	if (rc == TD_OK)
		rc = net_query_int64(ctx->store,
				     "INSERT INTO staff (office_id, full_name, role, phone, "
				     "valid_from) VALUES (?, ?, ?, ?, ?) RETURNING id",
				     NET_ARGS(NI(in->office_id), NT(in->full_name),
					      NT(staff_role_name(in->role)),
					      NT(in->phone ? in->phone : ""), NT(d)),
				     &new_id, err);
	if (rc == TD_OK)
		rc = net_link_replace(ctx->store, &coverage, new_id, in->communes, in->n_communes,
				      in->valid_from, NULL, err);
	if (rc == TD_OK)
		rc = staff_json(ctx->store, new_id, in->valid_from, &after, err);
	if (rc == TD_OK)
		rc = net_audit(ctx, "create", "staff", new_id, NULL, after, err);
	json_decref(after);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc == TD_OK && id)
		*id = new_id;
	return rc;
}

struct staff_now {
	int64_t office_id;
	enum staff_role role;
	char valid_from[TD_DATE_FMT_MAX];
	bool left;
};

static int load_staff(struct td_store *s, int64_t id, struct staff_now *out, struct td_error *err)
{
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT office_id, role, valid_from, valid_to FROM staff WHERE id = ?",
			     NET_ARGS(NI(id)), &st, err);
	if (rc != TD_OK)
		return rc;
	rc = stmt_step(st, err);
	if (rc == TD_ROW) {
		out->office_id = stmt_column_int64(st, 0);
		rc = staff_role_parse(stmt_column_text(st, 1), &out->role, err);
		snprintf(out->valid_from, sizeof out->valid_from, "%s", stmt_column_text(st, 2));
		out->left = !stmt_column_is_null(st, 3);
	} else if (rc == TD_DONE) {
		rc = td_error_set(err, TD_ENOTFOUND, "staff %" PRId64 " does not exist", id);
	}
	stmt_finalize(st);
	return rc;
}

/* Team duties the staff member holds from the date on, and whether the role fits them. */
static void check_duties(struct td_store *s, struct net_problems *p, int64_t id,
			 const struct staff_change *ch, td_date from)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(from, d);
	struct td_stmt *st = NULL;
	struct td_error e = {0};
	if (net_prepare(
		    s,
		    "SELECT t.duty, c.code FROM point_team t JOIN commune_point c ON c.id = "
		    "t.point_id WHERE t.staff_id = ? AND (t.valid_to IS NULL OR t.valid_to > ?)",
		    NET_ARGS(NI(id), NT(d)), &st, &e) != TD_OK) {
		net_problem(p, e.code, "%s", e.msg);
		return;
	}
	int rc;
	while ((rc = stmt_step(st, &e)) == TD_ROW) {
		const char *duty = stmt_column_text(st, 0), *point = stmt_column_text(st, 1);
		bool fits = !ch->set_role ||
			    (strcmp(duty, "leader") == 0 ? ch->role == STAFF_CREDIT_OFFICER
			     : strcmp(duty, "teller") == 0
				     ? ch->role == STAFF_TELLER
				     : ch->role == STAFF_CONTROLLER || ch->role == STAFF_DIRECTOR);
		if (ch->set_left)
			net_problem(p, TD_ERULE,
				    "staff %" PRId64 " is the %s of point %s: give the duty to "
				    "someone else before %s",
				    id, duty, point, d);
		else if (!fits)
			net_problem(p, TD_ERULE,
				    "staff %" PRId64 " is the %s of point %s, which a %s cannot be",
				    id, duty, point, staff_role_name(ch->role));
	}
	if (rc != TD_DONE)
		net_problem(p, e.code, "%s", e.msg);
	stmt_finalize(st);
}

/* A role without coverage must give up the communes covered until then. */
static void check_no_coverage(struct td_store *s, struct net_problems *p, int64_t id,
			      enum staff_role role, td_date from)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(from, d);
	int64_t n = 0;
	struct td_error e = {0};
	int rc = net_query_int64(s,
				 "SELECT COUNT(*) FROM staff_commune WHERE staff_id = ? AND "
				 "(valid_to IS NULL OR valid_to > ?)",
				 NET_ARGS(NI(id), NT(d)), &n, &e);
	if (rc != TD_OK)
		net_problem(p, rc, "%s", e.msg);
	else if (n > 0)
		net_problem(p, TD_ERULE,
			    "a %s covers no communes: send an empty commune list with the role "
			    "change",
			    staff_role_name(role));
}

static int validate_update(struct td_store *s, int64_t id, const struct staff_now *now,
			   const struct staff_change *ch, struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(ch->from, d);
	struct net_problems p;
	net_problems_init(&p, err);
	if (!ch->full_name && !ch->phone && !ch->set_role && !ch->set_communes && !ch->set_left)
		net_problem(&p, TD_EINVAL, "nothing to change");
	if (now->left)
		net_problem(&p, TD_ECONFLICT, "staff %" PRId64 " has left; nothing can change", id);
	if (strcmp(now->valid_from, d) > 0)
		net_problem(&p, TD_ECONFLICT,
			    "staff %" PRId64 " starts on %s; date the change "
			    "on or after it, not %s",
			    id, now->valid_from, d);
	else if (ch->set_left && strcmp(now->valid_from, d) == 0)
		net_problem(&p, TD_ECONFLICT,
			    "staff %" PRId64 " starts on %s: leaving is dated after the first day",
			    id, d);
	if (ch->full_name)
		net_check_text(&p, "full name", ch->full_name, STAFF_NAME_MAX);
	check_phone(&p, ch->phone);
	if (ch->set_role && (ch->role < STAFF_DIRECTOR || ch->role > STAFF_CONTROLLER))
		net_problem(&p, TD_EINVAL, "staff role %d does not exist", (int)ch->role);
	enum staff_role role = ch->set_role ? ch->role : now->role;
	if (ch->set_communes)
		check_coverage(s, &p, role, ch->communes, ch->n_communes, ch->from);
	else if (ch->set_role && role != STAFF_CREDIT_OFFICER && !ch->set_left)
		check_no_coverage(s, &p, id, role, ch->from);
	if (ch->set_role || ch->set_left)
		check_duties(s, &p, id, ch, ch->from);
	return net_problems_end(&p);
}

static int apply_update(struct td_store *s, int64_t id, const struct staff_change *ch,
			struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(ch->from, d);
	int rc = TD_OK;
	if (ch->full_name)
		rc = net_exec(s, "UPDATE staff SET full_name = ? WHERE id = ?",
			      NET_ARGS(NT(ch->full_name), NI(id)), err);
	if (rc == TD_OK && ch->phone)
		rc = net_exec(s, "UPDATE staff SET phone = ? WHERE id = ?",
			      NET_ARGS(NT(ch->phone), NI(id)), err);
	if (rc == TD_OK && ch->set_role)
		rc = net_exec(s, "UPDATE staff SET role = ? WHERE id = ?",
			      NET_ARGS(NT(staff_role_name(ch->role)), NI(id)), err);
	if (rc == TD_OK && (ch->set_communes || ch->set_left))
		rc = net_link_replace(s, &coverage, id, ch->set_left ? NULL : ch->communes,
				      ch->set_left ? 0 : ch->n_communes, ch->from, NULL, err);
	if (rc == TD_OK && ch->set_left)
		rc = net_exec(s, "UPDATE staff SET valid_to = ? WHERE id = ?",
			      NET_ARGS(NT(d), NI(id)), err);
	return rc;
}

int staff_update(struct td_ctx *ctx, int64_t id, const struct staff_change *ch,
		 struct td_error *err)
{
	struct staff_now now;
	json_t *before = NULL, *after = NULL;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	rc = load_staff(ctx->store, id, &now, err);
	if (rc == TD_OK)
		rc = net_write_check(ctx, now.office_id, ch->from, err);
	if (rc == TD_OK)
		rc = validate_update(ctx->store, id, &now, ch, err);
	if (rc == TD_OK)
		rc = staff_json(ctx->store, id, ch->from, &before, err);
	if (rc == TD_OK)
		rc = apply_update(ctx->store, id, ch, err);
	if (rc == TD_OK)
		rc = staff_json(ctx->store, id, ch->from, &after, err);
	if (rc == TD_OK)
		rc = net_audit(ctx, "update", "staff", id, before, after, err);
	json_decref(before);
	json_decref(after);
	if (rc == TD_OK)
		return bank_tx_commit(ctx, err);
	bank_tx_rollback(ctx);
	return rc;
}

int staff_get(struct td_ctx *ctx, int64_t id, td_date on, json_t **out, struct td_error *err)
{
	struct staff_now now;
	int rc = load_staff(ctx->store, id, &now, err);
	if (rc == TD_OK) {
		struct td_scope sc = {.office_id = now.office_id};
		rc = access_check(ctx, ACT_READ, &sc, err);
	}
	return rc == TD_OK ? staff_json(ctx->store, id, on, out, err) : rc;
}

static json_t *staff_item(struct td_store *s, struct td_stmt *st, void *arg, struct td_error *err)
{
	json_t *j = NULL;
	return staff_json(s, stmt_column_int64(st, 0), *(const td_date *)arg, &j, err) == TD_OK
		       ? j
		       : NULL;
}

int staff_list(struct td_ctx *ctx, const struct staff_filter *f, json_t **out, struct td_error *err)
{
	enum staff_role r;
	if (f->role && staff_role_parse(f->role, &r, err) != TD_OK)
		return err->code;
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
		    "SELECT id, full_name FROM staff WHERE office_id IN (SELECT id FROM subtree) "
		    "AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
		    NET_ARGS(NT(d), NT(d)));
	if (f->office_id)
		net_sql_add(&q, " AND office_id = ?", NET_ARGS(NI(f->office_id)));
	if (f->role)
		net_sql_add(&q, " AND role = ?", NET_ARGS(NT(f->role)));
	if (f->commune)
		net_sql_add(&q,
			    " AND id IN (SELECT staff_id FROM staff_commune WHERE commune_code = ? "
			    "AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?))",
			    NET_ARGS(NT(f->commune), NT(d), NT(d)));
	rc = net_list(ctx->store, &q, "id", &f->page, staff_item, (void *)&f->on, out, err);
	net_sql_free(&q);
	return rc;
}
