/*
 * Villages (thôn, ấp, tổ dân phố): geography under a commune, with validity periods, and
 * the office that manages a commune, which entities of a commune carry for access.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bank/access.h"
#include "bank/commune_at.h"
#include "bank/net_internal.h"

#define VILLAGE_NAME_MAX 200

/*
 * Not household_commune_office (household_office.c), on purpose: geography may be
 * recorded before the network covers it, so this one never refuses: it falls back to the
 * province branch and then the head office, and follows merges of whichever office it
 * found. Households must be booked where an office really serves the commune, so that
 * one refuses instead (TD_ENOTFOUND, TD_ERULE). Tests rely on both behaviours.
 */
/* The office of the first commune (in the mapping's order) that went into commune by a
 * merger dated on or before `on`, on the day before that merger. TD_ENOTFOUND: none. */
static int merged_from_office(struct td_store *s, const char *commune, td_date on, int64_t *id,
			      struct td_error *err)
{
	char d[TD_DATE_FMT_MAX], old[16] = "", when[TD_DATE_FMT_MAX] = "";
	struct td_stmt *st = NULL;
	int rc = net_prepare(s,
			     "SELECT old_commune, on_date FROM admin_merger WHERE new_commune = ? "
			     "AND on_date <= ? AND old_commune <> '' ORDER BY on_date DESC, line, "
			     "old_commune",
			     NET_ARGS(NT(commune), NT(NET_ISO(on, d))), &st, err);
	if (rc == TD_OK && (rc = stmt_step(st, err)) == TD_ROW) {
		snprintf(old, sizeof old, "%s", stmt_column_text(st, 0));
		snprintf(when, sizeof when, "%s", stmt_column_text(st, 1));
	}
	stmt_finalize(st);
	if (rc == TD_DONE)
		return TD_ENOTFOUND;
	if (rc != TD_ROW)
		return rc;
	td_date merger = 0;
	rc = date_parse_iso(when, &merger, err);
	return rc == TD_OK ? network_commune_office(s, old, merger - 1, id, err) : rc;
}

int network_commune_office(struct td_store *s, const char *commune_code, td_date on,
			   int64_t *office_id, struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(on, d);
	int64_t id = 0;
	int rc = net_query_int64(
		s,
		"SELECT p.office_id FROM commune_point_commune c JOIN commune_point "
		"p ON p.id = c.point_id WHERE c.commune_code = ? AND c.valid_from "
		"<= ? AND (c.valid_to IS NULL OR c.valid_to > ?) ORDER BY p.id",
		NET_ARGS(NT(commune_code), NT(d), NT(d)), &id, err);
	/* A commune of a merger without a point: the office of the first commune it was
	 * formed from, the day before. */
	if (rc == TD_ENOTFOUND)
		rc = merged_from_office(s, commune_code, on, &id, err);
	/* No point yet: the district office of the commune's district, else the branch of
	 * its province (as the import creates them). */
	if (rc == TD_ENOTFOUND)
		rc = net_query_int64(
			s,
			"SELECT o.id FROM admin_unit u JOIN office o ON o.kind = "
			"'district' AND o.district_code = u.parent_code WHERE u.level = "
			"'commune' AND u.code = ? AND u.valid_from <= ? AND (u.valid_to "
			"IS NULL OR u.valid_to > ?) ORDER BY o.id",
			NET_ARGS(NT(commune_code), NT(d), NT(d)), &id, err);
	if (rc == TD_ENOTFOUND)
		rc = net_query_int64(
			s,
			"SELECT o.id FROM admin_unit u JOIN admin_unit di ON di.level = "
			"'district' AND di.code = u.parent_code AND di.valid_from <= ? "
			"AND (di.valid_to IS NULL OR di.valid_to > ?) JOIN office o ON "
			"o.kind = 'branch' AND o.province_code = di.parent_code WHERE "
			"u.level = 'commune' AND u.code = ? AND u.valid_from <= ? AND "
			"(u.valid_to IS NULL OR u.valid_to > ?) ORDER BY o.id",
			NET_ARGS(NT(d), NT(d), NT(commune_code), NT(d), NT(d)), &id, err);
	/* A commune under a province (since 2025, no districts): its province's branch. */
	if (rc == TD_ENOTFOUND)
		rc = net_query_int64(
			s,
			"SELECT o.id FROM admin_unit u JOIN office o ON o.kind = 'branch' AND "
			"o.province_code = u.parent_code WHERE u.level = 'commune' AND u.code = ? "
			"AND u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to > ?) ORDER BY "
			"o.id",
			NET_ARGS(NT(commune_code), NT(d), NT(d)), &id, err);
	if (rc == TD_ENOTFOUND)
		rc = net_head_office(s, &id, err);
	if (rc == TD_OK)
		rc = net_office_holder(s, id, on, office_id, err);
	return rc;
}

static void validate(struct td_store *s, const struct village_input *in, struct net_problems *p)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(in->valid_from, d);
	const char *one[] = {in->commune_code};
	net_check_communes(s, p, one, 1, in->valid_from);
	if (!net_check_text(p, "village name", in->name, VILLAGE_NAME_MAX) || p->count)
		return;
	int64_t n = 0;
	struct td_error e = {0};
	int rc =
		net_query_int64(s,
				"SELECT COUNT(*) FROM village v JOIN village_commune vc ON "
				"vc.village_id = v.id WHERE vc.commune_code = ? AND v.name = ? AND "
				"(vc.valid_to IS NULL OR vc.valid_to > ?)",
				NET_ARGS(NT(in->commune_code), NT(in->name), NT(d)), &n, &e);
	if (rc != TD_OK)
		net_problem(p, rc, "%s", e.msg);
	else if (n > 0)
		net_problem(p, TD_EUNIQUE, "commune %s already has a village named '%s'",
			    in->commune_code, in->name);
}

static json_t *village_item(struct td_store *s, struct td_stmt *st, void *arg, struct td_error *err)
{
	(void)s;
	(void)arg;
	(void)err;
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "id", net_json_int(st, 0), "commune_code",
			 net_json_text(st, 1), "name", net_json_text(st, 2), "valid_from",
			 net_json_text(st, 3), "valid_to", net_json_text(st, 4));
}

/* A village with its commune on the date of the list (commune_at.h); binds the date
 * twice. */
static const char village_cols[] =
	"SELECT v.id, vc.commune_code, v.name, v.valid_from, v.valid_to FROM village v JOIN "
	"village_commune vc ON vc.village_id = v.id AND vc.valid_from <= ? AND (vc.valid_to IS "
	"NULL OR vc.valid_to > ?)";

int village_create(struct td_ctx *ctx, const struct village_input *in, int64_t *id,
		   struct td_error *err)
{
	char d[TD_DATE_FMT_MAX];
	NET_ISO(in->valid_from, d);
	int64_t office = 0, new_id = 0;
	int rc = bank_tx_begin(ctx, err);
	if (rc != TD_OK)
		return rc;
	struct net_problems p;
	net_problems_init(&p, err);
	validate(ctx->store, in, &p);
	rc = net_problems_end(&p);
	if (rc == TD_OK)
		rc = network_commune_office(ctx->store, in->commune_code, in->valid_from, &office,
					    err);
	if (rc == TD_OK)
		rc = net_write_check(ctx, office, in->valid_from, err);
	if (rc == TD_OK)
		rc = net_query_int64(ctx->store,
				     "INSERT INTO village (commune_code, name, valid_from) VALUES "
				     "(?, ?, ?) RETURNING id",
				     NET_ARGS(NT(in->commune_code), NT(in->name), NT(d)), &new_id,
				     err);
	if (rc == TD_OK)
		rc = commune_village_start(ctx->store, new_id, in->commune_code, in->valid_from,
					   err);
	json_t *after = rc == TD_OK ? json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)new_id,
						"commune_code", in->commune_code, "name", in->name,
						"valid_from", d)
				    : NULL;
	if (rc == TD_OK)
		rc = net_audit(ctx, "create", "village", new_id, NULL, after, err);
	json_decref(after);
	if (rc == TD_OK)
		rc = bank_tx_commit(ctx, err);
	else
		bank_tx_rollback(ctx);
	if (rc == TD_OK && id)
		*id = new_id;
	return rc;
}

int village_list(struct td_ctx *ctx, const struct village_filter *f, json_t **out,
		 struct td_error *err)
{
	/* Villages are geography, data of the whole bank: every role that reads reads them
	 * (docs/access.md, Scope). */
	int rc = access_check(ctx, ACT_READ, NULL, err);
	if (rc != TD_OK)
		return rc;
	char d[TD_DATE_FMT_MAX];
	NET_ISO(f->on, d);
	struct net_sql q;
	net_sql_init(&q);
	net_sql_add(&q, village_cols, NET_ARGS(NT(d), NT(d)));
	net_sql_add(&q, " WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)",
		    NET_ARGS(NT(d), NT(d)));
	/* After a merger a village belongs to the new commune (village_commune): the list of
	 * a commune on a date is of the villages it had then. */
	if (f->commune)
		net_sql_add(&q, " AND vc.commune_code = ?", NET_ARGS(NT(f->commune)));
	rc = net_list(ctx->store, &q, "vc.commune_code, v.id", &f->page, village_item, NULL, out,
		      err);
	net_sql_free(&q);
	return rc;
}
