/*
 * The 2025 import's working state, shared by merger_parse.c (the two files, checked
 * without the database) and merger_import.c (against the database, then the writes).
 * Private to those files: include bank/merger.h instead.
 */
#ifndef TD_BANK_MERGER_INTERNAL_H
#define TD_BANK_MERGER_INTERNAL_H

#include "bank/merger.h"
#include "bank/net_internal.h"
#include "base/arena.h"

/* Columns of the two files, in order. */
enum m25_ucol { U_PCODE, U_PNAME, U_CODE, U_NAME, U_TYPE, U_NCOLS };
enum m25_mcol {
	M_NEW_P,
	M_NEW_C,
	M_NEW_NAME,
	M_OLD_P,
	M_OLD_D,
	M_OLD_C,
	M_OLD_NAME,
	M_PART,
	M_NCOLS
};

/* A new province or commune, as the file gives it (a province: the first line naming it). */
struct m25_unit {
	const char *level, *code, *name, *type, *parent; /* parent: the province of a commune */
	size_t line;
};

/* A row of the mapping. */
struct m25_link {
	const char *f[M_NCOLS];
	size_t line;
};

/* An old commune of the mapping: its rows (several when it was split). */
struct m25_old {
	const struct m25_link *first;
	int rows, partial;
};

struct m25 {
	struct arena arena;
	struct net_problems p;
	const char *units_source, *mapping_source;
	struct m25_unit *units; /* provinces and communes, in the order first met */
	size_t n_units, cap_units;
	struct m25_link *links;
	size_t n_links, cap_links;
	struct net_map unit;   /* "p01", "c00004" -> index (size_t) into units */
	struct net_map link;   /* "new|district|old" -> index (size_t) into links */
	struct net_map old;    /* old commune code -> struct m25_old */
	struct net_map mapped; /* new commune code -> its first link */
	int64_t unit_rows, mapping_rows;
	int fatal; /* out of memory: stop at once */
};

/* Reads and checks both files into m: every problem of a row goes into m->p with its file
 * and line. Returns an error only when reading cannot go on (a bad header, unreadable
 * CSV, no memory). */
int m25_read(struct m25 *m, FILE *units, FILE *mapping, struct td_error *err);

/* "p01" / "c11695": the key of a unit in m->unit and in the database maps. */
const char *m25_key(struct arena *a, const char *level, const char *code);

#endif
