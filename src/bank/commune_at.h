/*
 * Communes over time (R-ORG-1, the 2025 merger; docs/network.md): which commune a village
 * belongs to on a date, and whether a commune that closed became part of another. Villages
 * carry households and groups, so these answers decide where a household or a group is on
 * a date; the offices that serve them do not change with the map (R-ORG-1: the bank's tree
 * is separate). Used by the network, household, group, session, snapshot and poverty files.
 */
#ifndef TD_BANK_COMMUNE_AT_H
#define TD_BANK_COMMUNE_AT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/error.h"
#include "store/store.h"

/* SQL: the commune of the village whose id is the SQL expression v on a date (ISO text
 * bound twice), NULL when it has none then. */
#define COMMUNE_OF_VILLAGE(v)                                                                      \
	"(SELECT vc.commune_code FROM village_commune vc WHERE vc.village_id = " v                 \
	" AND vc.valid_from <= ? AND (vc.valid_to IS NULL OR vc.valid_to > ?))"

/* SQL: the commune code expression c is `x` itself, or a commune that went into x (whole
 * or in part) by a merger dated on or before a date (ISO text bound once). A chapter of a
 * commune that merged keeps its code (the organisations reorganise on their own): it is
 * a chapter of the commune its commune went into. */
#define COMMUNE_WITHIN(c, x)                                                                       \
	"(" c " = " x " OR EXISTS (SELECT 1 FROM admin_merger mw WHERE mw.old_commune = " c        \
	" AND mw.new_commune = " x " AND mw.on_date <= ?))"

/* The commune of a village on a date into code (size >= 8). TD_ENOTFOUND with a message
 * when the village does not exist or has no commune that day (before it was created, or
 * after it closed). */
int commune_of_village(struct td_store *s, int64_t village_id, td_date on, char *code, size_t size,
		       struct td_error *err);

/* A new village's first membership: commune from `from`; then, if a recorded merger
 * closes that commune later, the membership it moves into (commune_follow_merger). */
int commune_village_start(struct td_store *s, int64_t village_id, const char *commune, td_date from,
			  struct td_error *err);

/* What a merger moved. */
struct commune_moves {
	int64_t villages; /* memberships that moved to a new commune */
	int64_t split;	  /* of which villages of a split commune, now awaiting a decision */
	int64_t points;	  /* commune links of points moved (one per point and new commune) */
	int64_t staff;	  /* commune links of credit officers moved */
};

/* Moves what belonged, the day before `on`, to a commune that the mapping of merger `on`
 * (admin_merger) closes: each village into its new commune (a split commune's villages
 * into the proposed one, with a village_split row awaiting a decision), each point and
 * each credit officer to every new commune its old communes went into. village_id 0 moves
 * every village, points and staff too; another id moves only that village. Memberships
 * are history: the old row closes on `on`, a new one opens on it. Counts add to *out. */
int commune_follow_merger(struct td_store *s, td_date on, int64_t village_id,
			  struct commune_moves *out, struct td_error *err);

#endif
