/*
 * The country after 1 July 2025 (R-ORG-1; docs/network.md, "The 2025 merger"): 34
 * provinces and 3,321 communes, no districts, loaded as a dated change of the
 * administrative map, and the decisions on villages of communes that were split.
 *
 * The map only: the bank's offices keep serving what they served (a district office keeps
 * the villages and households of its former district, whatever commune they belong to
 * now); the bank reorganises its own tree with office_merge (network.h), dated too.
 * Households, groups and their scope follow their village; nothing else moves.
 *
 * Every write is one transaction with one audit record; any problem writes nothing.
 */
#ifndef TD_BANK_MERGER_H
#define TD_BANK_MERGER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bank/commune_at.h"
#include "bank/network.h"

/* `tindung import admin-units-2025 UNITS MAPPING --date D`: the new list
 * (data/vn_admin_units_2025-07-01.csv: province_code, province_name, commune_code,
 * commune_name, commune_type) and the mapping of old units to new communes
 * (data/vn_admin_merger_2025-07-01.csv: new_province_code, new_commune_code,
 * new_commune_name, old_province_code, old_district_code, old_commune_code,
 * old_commune_name, part). Headers must be exactly those columns. Every row is checked
 * (codes of 2/3/5 digits, names and types known, part full|partial, the two files agree,
 * an old commune listed once as full or several times as partial, every new commune has
 * its old units) and so is the database (every commune in force the day before must be in
 * the mapping, under its district; nothing may change after the date; no month-end
 * snapshot may exist on or after it, since it would name the old communes). Every problem
 * is reported with its file and line, and any problem loads nothing.
 *
 * From `on`: the new provinces and communes are versions valid from the date (a commune
 * code reused by a new commune gets a new version); the old communes, every district and
 * the provinces not in the new list close on the date (merged_into: the new commune of an
 * old commune that went whole, the province that took most of an old province); the
 * mapping is kept (admin_merger); villages, points and credit officers' communes move as
 * commune_follow_merger tells. Imported again, the same files change nothing (no audit
 * record). Head office users only (geography is the whole bank's). */
struct admin_2025_options {
	const char *units_source, *mapping_source; /* file names, for messages */
	td_date on;
};
struct admin_2025_report {
	int64_t unit_rows, mapping_rows; /* data rows read */
	struct admin_import_count province, commune;
	int64_t mapping_added, mapping_unchanged;
	int64_t provinces_closed, districts_closed, communes_closed;
	struct commune_moves moved;
};
int admin_units_2025_import(struct td_ctx *ctx, FILE *units, FILE *mapping,
			    const struct admin_2025_options *opt, struct admin_2025_report *rep,
			    struct td_error *err);
/* The same from the files' bytes (the API, the demo). */
int admin_units_2025_import_text(struct td_ctx *ctx, const char *units, size_t units_len,
				 const char *mapping, size_t mapping_len,
				 const struct admin_2025_options *opt,
				 struct admin_2025_report *rep, struct td_error *err);
/* True when the import changed nothing. */
bool admin_2025_unchanged(const struct admin_2025_report *rep);
/* The report as JSON (the API's answer, the audit record's): date, unit_rows,
 * mapping_rows, province and commune {added, changed, unchanged}, mapping {added,
 * unchanged}, closed {province, district, commune}, moved {villages, awaiting_decision,
 * points, staff}, unchanged. NULL when out of memory. */
json_t *admin_2025_report_json(const struct admin_2025_report *rep, td_date on);

/* Villages of split communes (village_split), on any merger date. old_commune NULL: all;
 * awaiting: only those without a decision. Items: village_id, village_name, on_date,
 * old_commune, old_commune_name, proposed, proposed_name, commune (where it belongs from
 * on_date), commune_name, decided (null, "default" or "chosen"), decided_on, office_id
 * (the office that served it the day before: scope of the decision) and choices ([{code,
 * name}]: the new communes of the mapping). Readable by every role (geography). */
struct village_split_filter {
	const char *old_commune;
	bool awaiting;
	struct net_page page;
};
int village_split_list(struct td_ctx *ctx, const struct village_split_filter *f, json_t **out,
		       struct td_error *err);

/* The village's item of that list (its latest split); TD_ENOTFOUND when it has none. */
int village_split_get(struct td_ctx *ctx, int64_t village_id, json_t **out, struct td_error *err);

/* The commune's decision for one village awaiting it: commune NULL accepts the proposal,
 * otherwise one of its choices. The village belongs to that commune from the merger's
 * date. TD_ENOTFOUND for a village that awaits no decision, TD_ECONFLICT for one already
 * decided (a decision is final), TD_EINVAL for a commune that is not a choice. Needs
 * ACT_NETWORK_WRITE on the office that served the village. */
int village_split_decide(struct td_ctx *ctx, int64_t village_id, const char *commune,
			 struct td_error *err);

/* Accepts the proposal for every village awaiting a decision: of old_commune (which must
 * have some; ACT_NETWORK_WRITE on its office), or, old_commune NULL, of every village
 * whose office is in the actor's subtree. One audit record; *decided gets how many. */
int village_split_accept(struct td_ctx *ctx, const char *old_commune, int64_t *decided,
			 struct td_error *err);

#endif
