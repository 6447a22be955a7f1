/*
 * The file format of the statistics office's list of administrative units
 * (data/vn_admin_units_2025-03-01.csv), for geo_import.c: the header, and each row checked
 * and trimmed; the header and field checks serve the 2025 files too (merger_parse.c).
 * Private to the network files.
 */
#ifndef TD_BANK_GEO_CSV_H
#define TD_BANK_GEO_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "bank/net_internal.h"
#include "base/arena.h"
#include "base/csv.h"

enum geo_col { P_CODE, P_NAME, D_CODE, D_NAME, D_TYPE, C_CODE, C_NAME, C_TYPE, GEO_NCOLS };

/* A data row, fields trimmed of surrounding spaces and copied into an arena. */
struct geo_row {
	const char *f[GEO_NCOLS];
	size_t line;
};

/* TD_OK when the header is exactly the columns in order; else TD_EINVAL naming the
 * missing, unexpected or misplaced column ("FILE: header line 1: ..."). */
int geo_csv_header(const struct csv_row *row, const char *source, struct td_error *err);

/* The same for any header: exactly cols[0..n) in order (n <= 16). */
int geo_csv_header_is(const struct csv_row *row, const char *source, const char *const *cols, int n,
		      struct td_error *err);

/* The n fields of a row, trimmed of surrounding spaces, into out (copies in a). TD_OK;
 * TD_EINVAL after adding "line L: F fields, expected n" to p; TD_ENOMEM. */
int geo_csv_fields(struct arena *a, const struct csv_row *in, int n, const char **out,
		   struct net_problems *p);

/* Fills out from in (codes all digits of their width, names and types non-empty and
 * known). TD_OK; TD_EINVAL after adding each problem, with its line, to p; TD_ENOMEM. */
int geo_csv_row(struct arena *a, const struct csv_row *in, struct geo_row *out,
		struct net_problems *p);

/* "Thành phố Hải Phòng" -> "Thành phố", "Tỉnh Bắc Ninh" -> "Tỉnh", else NULL. */
const char *geo_province_type(const char *name);

#endif
