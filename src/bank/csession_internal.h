/* Shared by the commune session files (csession_*.c) only. */
#ifndef TD_BANK_CSESSION_INTERNAL_H
#define TD_BANK_CSESSION_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "bank/access.h"
#include "bank/commune_session.h"

/* What the use cases need of a session. */
struct csession_row {
	int64_t id, point_id, office_id;
	char point_code[48];
	td_date on;
	bool closed;
	td_money opening_cash;
};

/* Loads the session; TD_ENOTFOUND naming it. */
int csession_row_load(struct td_store *s, int64_t id, struct csession_row *out,
		      struct td_error *err);

/* access_check of act on the session's office. */
int csession_row_access(struct td_ctx *ctx, const struct csession_row *r, enum td_action act,
			struct td_error *err);

/* Σ of the lines in and out so far. */
int csession_cash(struct td_store *s, int64_t id, td_money *in, td_money *out,
		  struct td_error *err);

/* Expected cash in the box: opening + in - out, checked. */
int csession_expected(const struct csession_row *r, td_money in, td_money out, td_money *expected,
		      struct td_error *err);

/* Records a fee or commission line l at position pos of batch (csession_payout.c):
 * R-FEE-1, R-FEE-2 and the refusals of csession_record; the caller names the line. */
int csession_payout_line(struct td_ctx *ctx, const struct csession_row *r, int64_t batch,
			 size_t pos, const struct csession_line *l, struct td_error *err);

/* What session r may pay (csession_payable.c), as csession_groups shows it: the unpaid
 * commissions of group into *out (a JSON array) and their sum; the unpaid commune shares
 * of the fees of the chapters of the point's communes. */
int csession_commissions_due(struct td_store *s, const struct csession_row *r, int64_t group,
			     json_t **out, td_money *total, struct td_error *err);
int csession_fees_due(struct td_store *s, const struct csession_row *r, json_t **out,
		      td_money *total, struct td_error *err);

/* The accrual rows session r may pay: its office's month ends booked on or before its
 * date. The SQL condition on month_end_run "mr", binding office id and date. */
#define CSESSION_RUN_PAYABLE "mr.office_id = ? AND mr.business_date <= ?"

/* Groups the point serves on a date (group_version) that are open then: the SQL fragment
 * "g.id IN (...)" binding point id, date, date, date. */
#define CSESSION_GROUPS_OF_POINT                                                                   \
	"SELECT gv.group_id FROM group_version gv JOIN savings_group sg ON sg.id = "               \
	"gv.group_id WHERE gv.point_id = ? AND gv.valid_from <= ? AND (gv.valid_to IS "            \
	"NULL OR gv.valid_to > ?) AND (sg.closed_on IS NULL OR sg.closed_on > ?)"

#endif
