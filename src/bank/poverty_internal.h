/*
 * Private to the poverty list import (poverty_*.c); bank/poverty_import.h is the API.
 *
 * Importing a commune's poverty list (R-HH-1, R-HH-2); bank/poverty_import.h tells what it
 * does, docs/poverty-list.md the file format.
 *
 * The work runs in passes over the rows held in memory, so that the database sees few and
 * cheap statements (a 100,000-row list in about a second on SQLite, against a target of
 * 5 s; bench/bench_poverty_import.c):
 *   1. read and validate every row (no database but the commune's villages, loaded once);
 *   2. sort the rows by citizen ID: repeated IDs, and the in-memory index for the rest;
 *   3. look the IDs up in chunks of CHUNK per statement (household, this year's and last
 *      year's status), then reject conflicts (another name, another commune);
 *   4. find the households that left the list (one query);
 *   5. write: new households and statuses in multi-row INSERTs (HH_BATCH, ST_BATCH rows
 *      per statement, prepared once), new households in citizen ID order.
 *
 * poverty_parse.c and poverty_villages.c hold pass 1, poverty_reconcile.c passes 2 to 4,
 * poverty_write.c pass 5, poverty_journal.c the journal, poverty_import.c the use case.
 */
#ifndef TD_BANK_POVERTY_INTERNAL_H
#define TD_BANK_POVERTY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bank/access.h"
#include "bank/household.h"
#include "bank/poverty_import.h"
#include "base/arena.h"
#include "base/buf.h"

struct pv_village {
	int64_t id;
	const char *name;
	const char *folded; /* "thon dong" */
	const char *key;    /* without the leading kind of place: "dong" */
	const char *former; /* folded name of the commune it came from by a merger, or "" */
	int64_t office_id;  /* the office serving it: its new households' */
};

/* One data row. Strings live in the work arena. */
struct pv_row {
	size_t line;
	const char *cccd_text; /* the cell, trimmed: the row's identity even when malformed */
	const char *sig;       /* every cell, to tell a repeated row from a conflicting one */
	const char *reason;    /* NULL while the row is accepted */
	/* The validated household (accepted rows). */
	char cccd[CCCD_DIGITS + 1];
	const char *name, *folded, *ethnicity;
	char phone[HOUSEHOLD_PHONE_DIGITS + 1];
	enum cccd_sex sex;
	int birth_year, members;
	uint32_t flags;
	int64_t village_id;
	enum hh_status status;
	/* What the database holds for the citizen ID. */
	int64_t household_id; /* 0: none */
	bool created;	      /* by this import */
	const char *db_name, *db_commune;
	const char *db_identity; /* db_name as identity (base/nfc.h): NFC, spaces tidied */
	bool has_y, has_prev; /* a status for the year, for the year before */
	enum hh_status st_y, st_prev;
	const char *y_commune;
};

struct pv_state {
	struct td_ctx *ctx;
	const struct poverty_import_input *in;
	struct poverty_import_result *res;
	struct arena work;
	char day[TD_DATE_FMT_MAX];
	struct pv_village *villages;
	size_t n_villages;
	struct pv_row *rows;
	size_t n_rows, cap_rows;
	struct pv_row **by_cccd; /* rows with a citizen ID cell, by (cccd_text, line) */
	size_t n_by;
	size_t accepted;
	size_t cap_changed, cap_left;
};

/* TD_ENOMEM with the import's message. */
int pv_nomem(struct td_error *err);

/* Pass 1. The office serving the commune (access is checked against it), and the names
 * of both on the business date for the report. */
int pv_load_commune(struct pv_state *st, struct td_error *err);
/* The office serving a village of st->villages (0 if it is not one). */
int64_t pv_village_office(const struct pv_state *st, int64_t village_id);
/* The commune's villages on the business date (village_commune: after a merger, those
 * that moved in), sorted by folded name, each with the office serving it. */
int pv_load_villages(struct pv_state *st, struct td_error *err);
/* The id of the commune's village named `cell`; 0 and *why when there is none or several.
 * The exact name wins (folded: case and diacritics do not matter); otherwise the name
 * without "Thôn"/"Ấp"/... must designate one village. Villages of the same name that came
 * from different communes by a merger are told apart by the former commune in
 * parentheses: "Thôn Đông (Đông Phương)". */
int64_t pv_match_village(struct pv_state *st, const char *cell, const char **why);
/* Every row of the file read and validated into st->rows. */
int pv_read_rows(struct pv_state *st, struct td_error *err);

/* Pass 2: rows that repeat a citizen ID, and the index st->by_cccd. */
int pv_mark_repeats(struct pv_state *st, struct td_error *err);
/* Pass 3: what the database holds for each citizen ID, then the conflicts with it (same
 * citizen ID with another name; a household that lives in another commune). */
int pv_lookup_households(struct pv_state *st, struct td_error *err);
void pv_check_conflicts(struct pv_state *st);
/* The rejected rows into the result. */
int pv_collect_rejected(struct pv_state *st, struct td_error *err);
/* A new entry at the end of a growing list of changes; NULL when out of memory. */
struct poverty_change *pv_push_change(struct poverty_change **list, size_t *n, size_t *cap);
/* Pass 4: the households of the commune that left the list. */
int pv_find_left(struct pv_state *st, struct td_error *err);

/* The journal row of this import: opened before the writes (its id marks them), closed
 * with the counts after them. */
int pv_open_journal(struct pv_state *st, struct td_error *err);
int pv_close_journal(struct pv_state *st, struct td_error *err);

/* Pass 5: the writes. */
int pv_apply_all(struct pv_state *st, struct td_error *err);

#endif
