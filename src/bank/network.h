/*
 * The network and its geography (issue 4, R-ORG-1): offices as a tree (head office ->
 * province branch -> district transaction office), administrative units (province,
 * district, commune) and villages, commune transaction points with the communes they
 * serve and their team of three, and the bank's staff with the communes each credit
 * officer covers.
 *
 * Every node has a validity period [valid_from, valid_to): renaming, moving or merging on
 * a date closes the version that was valid and opens a new one, so a question about a
 * past date sees the tree of that date and old references (a loan's office id) still
 * resolve to the node as it was. Changes always apply to a node's latest version and are
 * dated on or after its start; a change dated on the start day corrects that version in
 * place (an empty period [D, D) would mean nothing).
 *
 * Every write is one transaction (bank_tx_begin ... bank_tx_commit) that first asks
 * access_check(ACT_NETWORK_WRITE) for the office the data belongs to (geography belongs
 * to the head office), validates, writes, and leaves an audit record; on any error
 * nothing changes. Reads ask access_check(ACT_READ); lists show only the actor's subtree.
 * Reads return jansson objects owned by the caller (dates as ISO strings); lists return
 * {"items":[...],"total":N,"limit":L,"offset":O}. err must not be NULL. docs/network.md
 * tells the rules in words.
 */
#ifndef TD_BANK_NETWORK_H
#define TD_BANK_NETWORK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bank/ctx.h"
#include "base/date.h"

/* Paging of every list: limit 0 means 50; 1..500 otherwise; offset >= 0. */
#define NET_LIMIT_DEFAULT 50
#define NET_LIMIT_MAX 500
struct net_page {
	int64_t limit;
	int64_t offset;
};

/* ---- Offices -------------------------------------------------------------------- */

enum office_kind { OFFICE_HEAD, OFFICE_BRANCH, OFFICE_DISTRICT };

const char *office_kind_name(enum office_kind k); /* "head", "branch", "district" */
int office_kind_parse(const char *s, enum office_kind *out, struct td_error *err);

struct office_input {
	const char *code;      /* unique: letters, digits, '-', '_' (e.g. CN31, PGD314) */
	enum office_kind kind; /* branch (under the head office) or district (under a branch) */
	const char *name;      /* "Chi nhánh NHCSXH thành phố Hải Phòng" */
	int64_t parent_id;
	const char *province_code; /* optional: 2 digits */
	const char *district_code; /* optional: 3 digits */
	td_date valid_from;
};

/* A new office with its first version. *id (may be NULL) gets its id. */
int office_create(struct td_ctx *ctx, const struct office_input *in, int64_t *id,
		  struct td_error *err);

/* Rename and/or move an office from a date: name NULL keeps the name, parent_id 0 keeps
 * the parent. A district office moves only under a branch. */
struct office_change {
	const char *name;
	int64_t parent_id;
	td_date from;
};
int office_update(struct td_ctx *ctx, int64_t id, const struct office_change *ch,
		  struct td_error *err);

/* Sources merge into an existing office of the same kind from a date (the 2025 reform:
 * "A and B into C"; create C first if it is new). Each source's version closes on the
 * date and the source records merged_into; offices under a source get a new version
 * under `into` from that date; the points and staff of a source move to `into`. */
struct office_merge {
	const int64_t *sources;
	size_t n_sources;
	int64_t into;
	td_date on;
};
int office_merge(struct td_ctx *ctx, const struct office_merge *m, struct td_error *err);

/* The office as of date: id, code, kind, province_code, district_code, merged_into, and
 * the version valid then (name, parent_id, valid_from, valid_to), plus "versions": the
 * whole history. TD_ENOTFOUND when it does not exist, or did not on that date (the
 * message says when it did). */
int office_get(struct td_ctx *ctx, int64_t id, td_date on, json_t **out, struct td_error *err);

/* The tree as of date under the actor's office, in depth-first order (each item has
 * "depth", 0 for the actor's office). kind NULL = all; parent_id 0 = any. */
struct office_filter {
	td_date on;
	const char *kind;
	int64_t parent_id;
	struct net_page page;
};
int office_list(struct td_ctx *ctx, const struct office_filter *f, json_t **out,
		struct td_error *err);

/* Id of the office with this code (any date); TD_ENOTFOUND naming the code. No access
 * check: codes are not secret, and what can be done with the id is checked later. */
int office_find_code(struct td_store *s, const char *code, int64_t *id, struct td_error *err);

/* ---- Administrative units and villages -------------------------------------------- */

/* `tindung import admin-units`: the General Statistics Office list in the columns of
 * data/vn_admin_units_2025-03-01.csv. The header must be exactly those columns in that
 * order. Rows are validated (codes all digits: province 2, district 3, commune 5; names
 * and types non-empty and known) and must agree with each other; every problem is
 * reported with its line, and any problem loads nothing. Units new on `on` are added
 * from that date; a unit whose name, type or parent differs gets a new version from that
 * date; the same file imported twice changes nothing. provinces (if n_provinces > 0)
 * restricts the import, and each must occur in the file. offices: create the branch
 * "CN<province>" under the head office and the district office "PGD<district>" under
 * it when they do not exist yet. One transaction, one audit record summarising it. */
struct admin_import_options {
	const char *source; /* file name, for messages */
	const char *const *provinces;
	size_t n_provinces;
	bool offices;
	td_date on;
};
struct admin_import_count {
	int64_t added, changed, unchanged;
};
struct admin_import_report {
	int64_t rows;	 /* data rows read */
	int64_t skipped; /* rows of provinces not asked for */
	struct admin_import_count province, district, commune;
	int64_t branches_created, districts_created, offices_existing;
};
int admin_units_import(struct td_ctx *ctx, FILE *f, const struct admin_import_options *opt,
		       struct admin_import_report *rep, struct td_error *err);

/* True when the import changed nothing. */
bool admin_import_unchanged(const struct admin_import_report *rep);
/* {"added","changed","unchanged"} of a count (NULL when out of memory). */
json_t *admin_import_count_json(const struct admin_import_count *c);

/* level "province" | "district" | "commune". */
bool admin_level_valid(const char *level);

/* Rename a unit from a date; type NULL keeps its type (Xã, Phường, ...). */
int admin_unit_rename(struct td_ctx *ctx, const char *level, const char *code, const char *name,
		      const char *type, td_date from, struct td_error *err);

/* Units of one level merge into `into` from a date: each source's version closes with
 * merged_into; units under a source get a new version under `into`. If `into` does not
 * exist on the date, into_name and into_type create it (under the first source's parent). */
struct admin_merge {
	const char *level;
	const char *const *sources;
	size_t n_sources;
	const char *into;
	const char *into_name;
	const char *into_type;
	td_date on;
};
int admin_unit_merge(struct td_ctx *ctx, const struct admin_merge *m, struct td_error *err);

/* Units valid on a date. level, parent (code) and q (code, or part of the name) are
 * optional filters (NULL). */
struct admin_unit_filter {
	td_date on;
	const char *level;
	const char *parent;
	const char *q;
	struct net_page page;
};
int admin_unit_list(struct td_ctx *ctx, const struct admin_unit_filter *f, json_t **out,
		    struct td_error *err);

struct village_input {
	const char *commune_code;
	const char *name;
	td_date valid_from;
};
int village_create(struct td_ctx *ctx, const struct village_input *in, int64_t *id,
		   struct td_error *err);
/* Villages valid on a date, each with its commune then (bank/commune_at.h: after a
 * merger, the new one); commune (optional) keeps the villages that belong to it then. A
 * new village of a commune that a recorded merger closes later follows the merger. */
struct village_filter {
	td_date on;
	const char *commune;
	struct net_page page;
};
int village_list(struct td_ctx *ctx, const struct village_filter *f, json_t **out,
		 struct td_error *err);

/* The office that manages a commune on a date, for the office_id other entities carry
 * (villages, households): the office of the point serving it, else (a commune of a merger)
 * that of the first commune it was formed from the day before, else the district office
 * of its district, else the branch of its province, else the head office. */
int network_commune_office(struct td_store *s, const char *commune_code, td_date on,
			   int64_t *office_id, struct td_error *err);

/* ---- Staff ------------------------------------------------------------------------ */

enum staff_role { STAFF_DIRECTOR, STAFF_CREDIT_OFFICER, STAFF_TELLER, STAFF_CONTROLLER };

const char *staff_role_name(enum staff_role r); /* "director", "credit_officer", ... */
int staff_role_parse(const char *s, enum staff_role *out, struct td_error *err);

struct staff_input {
	int64_t office_id;
	const char *full_name;
	enum staff_role role;
	const char *phone;	     /* optional: 0xxxxxxxxx or +84xxxxxxxxx */
	const char *const *communes; /* credit officers only: the communes covered */
	size_t n_communes;
	td_date valid_from;
};
int staff_create(struct td_ctx *ctx, const struct staff_input *in, int64_t *id,
		 struct td_error *err);

/* NULL / false keep. set_role changes the role (refused while a point team duty needs
 * the old one); set_communes replaces the communes covered from `from`; set_left ends the
 * employment on `from` (refused while in a point team; coverage ends with it). */
struct staff_change {
	const char *full_name;
	const char *phone;
	bool set_role;
	enum staff_role role;
	bool set_communes;
	const char *const *communes;
	size_t n_communes;
	bool set_left;
	td_date from;
};
int staff_update(struct td_ctx *ctx, int64_t id, const struct staff_change *ch,
		 struct td_error *err);
/* As of date: the person and the communes covered then. */
int staff_get(struct td_ctx *ctx, int64_t id, td_date on, json_t **out, struct td_error *err);
/* Staff employed on a date; office_id 0, role NULL, commune NULL: no filter. */
struct staff_filter {
	td_date on;
	int64_t office_id;
	const char *role;
	const char *commune;
	struct net_page page;
};
int staff_list(struct td_ctx *ctx, const struct staff_filter *f, json_t **out,
	       struct td_error *err);

/* ---- Commune points ---------------------------------------------------------------- */

/* The team at a session (staff ids, 0 = nobody): the leader is a credit officer, the
 * controller a controller or director, the teller a teller; three different people of
 * the point's office, employed on the date. */
struct point_team {
	int64_t leader, controller, teller;
};

struct point_input {
	const char *code;  /* unique */
	int64_t office_id; /* a district office or a branch */
	const char *name;
	const char *place;	     /* where the desk sits: "Trụ sở UBND xã ..." */
	int meeting_day;	     /* 1..28: the session exists in every month */
	const char *const *communes; /* at least one; a commune has one point at a time */
	size_t n_communes;
	struct point_team team;
	td_date valid_from;
};
int point_create(struct td_ctx *ctx, const struct point_input *in, int64_t *id,
		 struct td_error *err);

/* NULL / false keep. Name, place and day change in place (the audit trail keeps the
 * old values); communes and team change from `from`, keeping history. */
struct point_change {
	const char *name;
	const char *place;
	bool set_day;
	int meeting_day;
	bool set_communes;
	const char *const *communes;
	size_t n_communes;
	bool set_team;
	struct point_team team;
	td_date from;
};
int point_update(struct td_ctx *ctx, int64_t id, const struct point_change *ch,
		 struct td_error *err);
/* As of date: the point, the communes it served ({code, name}) and its team then. */
int point_get(struct td_ctx *ctx, int64_t id, td_date on, json_t **out, struct td_error *err);
/* Points open on a date; office_id 0, commune NULL: no filter. */
struct point_filter {
	td_date on;
	int64_t office_id;
	const char *commune;
	struct net_page page;
};
int point_list(struct td_ctx *ctx, const struct point_filter *f, json_t **out,
	       struct td_error *err);

#endif
