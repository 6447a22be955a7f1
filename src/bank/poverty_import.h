/*
 * The labour department's poverty list (danh sách hộ nghèo, hộ cận nghèo) of one commune
 * for one year, loaded into the households' status history (R-HH-1, R-HH-2, issue 4).
 * docs/poverty-list.md describes the file and the rules below for the people who use it.
 *
 * The file is the complete list of the commune for the year. Each row is validated as a
 * household (bank/household.h) and reconciled with what the database holds:
 *   new        no household has the citizen ID: the household is created with the status
 *   unchanged  the status equals the household's latest one (this year's, else last
 *              year's): nothing new but this year's row when there was none
 *   changed    the status differs from that latest one (or the household had none)
 *   rejected   the row cannot be used: bad citizen ID (R-HH-3), the same ID with another
 *              name, a household of another commune, unknown village, bad status, another
 *              field wrong, or a repeated citizen ID; each with its line and the reason
 * and, for the households the file does not mention:
 *   left       households whose status for the year came from this commune's earlier list
 *              and is not "none", or that have no status for the year and had one other
 *              than "none" from this commune's list of the year before: they get "none"
 *              for the year, so that a lookup in that year (R-HH-4) never sees a stale
 *              status; earlier years are never touched (R-HH-2).
 * A rejected row never stops the others; a household whose citizen ID appears in the file,
 * even on a rejected row, never counts as left.
 *
 * One transaction: the good rows, the "left" statuses, one poverty_import row and the
 * audit trail commit together. Importing the same file again changes nothing and reports
 * every row unchanged (idempotent). A dry run computes the same reconciliation and writes
 * nothing at all (not even a journal row or a sequence number). A file of which no row can
 * be used changes nothing (TD_ERULE, with res->rejected filled), so that a wrong file
 * cannot empty a commune's list.
 *
 * Audit: one record for the import (action "import", entity "poverty_import", the counts
 * and the file's SHA-256), plus one per status row the import overwrites (action
 * "update", entity "poverty_status", before and after), the only write that would
 * otherwise lose a value. Created households and new status rows point at the import
 * through poverty_status.import_id.
 *
 * Access: ACT_POVERTY_IMPORT on the office serving the commune (bank/household.h).
 */
#ifndef TD_BANK_POVERTY_IMPORT_H
#define TD_BANK_POVERTY_IMPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "base/arena.h"
#include "credit/cccd.h"
#include "credit/programme.h"

/* Files above this size are refused (TD_ETOOBIG): a commune's list is far smaller. */
#define POVERTY_FILE_MAX (64u * 1024 * 1024)
/* The first year a list may be for. */
#define POVERTY_YEAR_MIN 2000

struct poverty_import_input {
	const char *commune_code; /* 5 digits */
	int year;		  /* POVERTY_YEAR_MIN .. business year + 1 */
	const char *file_name;	  /* for the journal and messages; may be "" */
	const char *data;	  /* the CSV bytes, UTF-8 */
	size_t len;
	bool dry_run;
};

/* A household whose status moved, or that left the list. */
struct poverty_change {
	size_t line; /* of the file; 0 for a household that left the list */
	int64_t household_id;
	char cccd[CCCD_DIGITS + 1];
	const char *head_name;
	enum hh_status from;
	int from_year; /* the year `from` was recorded for; 0: it had no status */
	enum hh_status to;
};

struct poverty_reject {
	size_t line;
	const char *reason; /* "citizen ID 0311234 has 7 digits, needs 12" */
};

struct poverty_import_result {
	int64_t import_id; /* 0 for a dry run */
	bool dry_run;
	char commune_code[8];
	char commune_name[128];
	int64_t office_id;
	char office_name[128];
	int year;
	char sha256[65];	/* hex of the file's bytes */
	int64_t same_as_import; /* an earlier import of the same bytes, commune and year, or 0 */
	size_t rows;		/* data rows read */
	size_t new_households, unchanged;
	struct poverty_change *changed; /* in line order */
	size_t n_changed;
	struct poverty_change *left; /* in name order */
	size_t n_left;
	struct poverty_reject *rejected; /* in line order */
	size_t n_rejected;
	struct arena arena; /* owns the strings above */
};

/* Runs the import (see above) and fills *res, which the caller releases with
 * poverty_import_result_free whatever the outcome. Errors that stop the whole import:
 * TD_EINVAL (bad commune code or year, empty file, malformed CSV or header, with the line),
 * TD_ENOTFOUND (commune unknown on the business date), TD_ERULE (no office serves the
 * commune; no usable row), TD_EFORBIDDEN, TD_ETOOBIG, database errors. */
int poverty_import_run(struct td_ctx *ctx, const struct poverty_import_input *in,
		       struct poverty_import_result *res, struct td_error *err);
void poverty_import_result_free(struct poverty_import_result *res);

/* The reconciliation as JSON: import_id (null on a dry run), dry_run, commune_code,
 * commune_name, office_id, office_name, year, sha256, same_as_import (or null), counts
 * {rows, new_households, unchanged, status_changed, left_list, rejected}, status_changed
 * [{line, household_id, cccd, head_name, from, from_year, to}], left_list [{household_id,
 * cccd, head_name, from, from_year}], rejected [{line, reason}]. NULL when memory runs out. */
json_t *poverty_import_result_json(const struct poverty_import_result *res);

/* The journal of imports in the actor's subtree, newest first; commune_code and year (0)
 * are optional filters. Paged like every list (limit 0 = 50, at most 500):
 * {"items":[{id, commune_code, year, office_id, file_name, sha256, rows_read,
 * new_households, unchanged, status_changed, left_list, rejected, business_date, user_id,
 * username}], "total", "limit", "offset"}. */
struct poverty_import_query {
	const char *commune_code;
	int year;
	int64_t limit;
	int64_t offset;
};
int poverty_import_list(struct td_ctx *ctx, const struct poverty_import_query *q, json_t **out,
			struct td_error *err);

/* "poor", "near_poor", ... from a list's cell: the codes, or the Vietnamese words with or
 * without diacritics and "hộ" ("nghèo", "Hộ cận nghèo", "moi thoat ngheo"). TD_EINVAL
 * naming what is accepted. */
int poverty_status_parse(const char *s, enum hh_status *out, struct td_error *err);

#endif
