/*
 * Private to the household files: household_check.c (validation), household_office.c
 * (the office serving a commune), household_write.c, household_read.c, household_search.c.
 * Not part of the bank's API: include bank/household.h instead.
 */
#ifndef TD_BANK_HOUSEHOLD_INTERNAL_H
#define TD_BANK_HOUSEHOLD_INTERNAL_H

#include <jansson.h>

#include "bank/access.h"
#include "bank/commune_at.h"
#include "bank/household.h"
#include "bank/org_util.h"

/* Every problem of one input, joined by "; " (a message that would overflow ends with
 * "; ..." so that nothing is cut silently). Zero-initialised is empty. */
struct hh_problems {
	int n;
	char msg[TD_ERROR_MSG_MAX];
};
void hh_problem(struct hh_problems *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* TD_OK when there is none, else code with every problem in err. */
int hh_problems_finish(const struct hh_problems *p, int code, struct td_error *err);

/* SQL: the row of alias t is valid on a day (binds the day twice). */
#define HH_VALID_ON(t) "(" t ".valid_from <= ? AND (" t ".valid_to IS NULL OR " t ".valid_to > ?))"

/* The columns of a household in reads; the first two '?' are the business date (its
 * commune then: commune_at.h), the third the year of "status". */
#define HH_SELECT                                                                                  \
	"SELECT h.id, h.cccd, h.head_name, h.sex, h.birth_year, h.ethnicity, h.flags, "            \
	"h.village_id, v.name, coalesce(" COMMUNE_OF_VILLAGE(                                      \
		"h.village_id") ", h.commune_code), "                                              \
				"h.office_id, h.phone, h.members, "                                \
				"h.created_on, h.updated_on, ps.status FROM household h "          \
				"JOIN village v ON v.id = h.village_id "                           \
				"LEFT JOIN poverty_status ps ON ps.household_id = h.id AND "       \
				"ps.year = ?"
/* The current row of HH_SELECT as the household's JSON (household.h); NULL when out of
 * memory. */
json_t *hh_json(struct td_stmt *st);

/* The year of the business date: the year whose poverty status reads show. */
int hh_business_year(const struct td_ctx *ctx);

#endif
