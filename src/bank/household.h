/*
 * Households (hộ gia đình, issue 4, DOMAIN.md §2): the borrower, identified by the head's
 * 12-digit citizen ID (CCCD, R-HH-3). One household per citizen ID.
 *
 * A household lives in a village; its commune is the village's on the date asked (after
 * the 2025 merger, the new commune: bank/commune_at.h), and its office_id is the office
 * serving the village on the business date (household_village_office): the office of the
 * commune point that serves its commune (commune_point_commune), else the district office
 * "PGD<district>" of the commune's district. Without either, the household cannot be
 * written. commune_code as stored is the commune on the day it was last written.
 *
 * sex and birth_year must agree with what the citizen ID encodes (R-HH-3); when the input
 * leaves them out they are taken from the ID. A non-Kinh ethnicity implies the flag
 * ethnic_minority. The poverty status is yearly history (R-HH-1, R-HH-2) filled by
 * bank/poverty_import.h; household_get shows it.
 *
 * Every function is one transaction that asks access_check first: writes need
 * ACT_HOUSEHOLD_WRITE on the household's office (before and after a move), reads ACT_READ
 * on {office, chapter and group of the savings group it belongs to on the business date}
 * (R-ORG-4: a union officer sees its chapter's members, a group leader its group's).
 * Writes validate every field and report every problem in one message; they leave one
 * audit record ("create"/"update", entity "household", before and after as JSON). On any
 * error nothing changes.
 */
#ifndef TD_BANK_HOUSEHOLD_H
#define TD_BANK_HOUSEHOLD_H

#include <jansson.h>
#include <stdint.h>

#include "bank/ctx.h"
#include "credit/cccd.h"
#include "credit/programme.h"

#define HOUSEHOLD_NAME_MAX 150	   /* bytes of UTF-8 in head_name */
#define HOUSEHOLD_ETHNICITY_MAX 40 /* bytes of UTF-8 in ethnicity */
#define HOUSEHOLD_MEMBERS_MAX 50
#define HOUSEHOLD_PHONE_DIGITS 10
#define HOUSEHOLD_FLAGS_TEXT_MAX 160 /* every household flag name, comma-separated */

/* The flags that describe people (programme.h); the others describe a loan's purpose. */
#define HOUSEHOLD_FLAGS                                                                            \
	(PRG_F_ETHNIC_MINORITY | PRG_F_DISABLED | PRG_F_HARD_AREA | PRG_F_STUDENT |                \
	 PRG_F_WORKER_ABROAD | PRG_F_RELEASED_PRISONER | PRG_F_RURAL | PRG_F_SOCIAL_HOUSING)

/* What a person types. Strings may be NULL where the comment says "optional". */
struct household_input {
	const char *cccd;      /* 12 digits (R-HH-3); spaces around are ignored */
	const char *head_name; /* 1..150 bytes, letters (no digits); spaces are tidied */
	const char *sex;       /* optional: male/female, Nam/Nữ, M/F; must match the ID */
	int birth_year;	       /* 0 = from the ID; otherwise must match it */
	const char *ethnicity; /* optional: "Kinh" when empty; "Tày", "Mường", ... */
	const char *flags;     /* optional: "disabled,hard_area" (',' ';' or spaces) */
	int64_t village_id;
	const char *phone; /* optional: 10 digits starting 03/05/07/08/09; +84 accepted */
	int members;	   /* people in the household, 1..50 */
};

/* A validated input, normalised as stored. */
struct household_fields {
	char cccd[CCCD_DIGITS + 1];
	char head_name[HOUSEHOLD_NAME_MAX + 1];
	char name_folded[HOUSEHOLD_NAME_MAX + 1];
	enum cccd_sex sex;
	int birth_year;
	char ethnicity[HOUSEHOLD_ETHNICITY_MAX + 1];
	uint32_t flags;				/* within HOUSEHOLD_FLAGS */
	char phone[HOUSEHOLD_PHONE_DIGITS + 1]; /* "" when unknown */
	int members;
};

/* Validates every field but the village (no database) on the business date `today`:
 * TD_EINVAL with every problem joined by "; ", e.g. "citizen ID 0011234 has 7 digits,
 * needs 12; members 0 is outside 1..50". */
int household_check(const struct household_input *in, td_date today, struct household_fields *out,
		    struct td_error *err);

/* Flag names joined by commas in programme.h's order ("ethnic_minority,disabled"), the
 * stored form; "" for none. size >= HOUSEHOLD_FLAGS_TEXT_MAX. */
char *household_flags_format(uint32_t flags, char *buf, size_t size);
/* Names separated by ',', ';' or spaces; TD_EINVAL naming an unknown name or a flag that
 * describes a loan rather than a household. */
int household_flags_parse(const char *s, uint32_t *out, struct td_error *err);
/* "male" / "female", the stored form. */
const char *household_sex_name(enum cccd_sex sex);

/* The office serving a commune on a date (see above). TD_ENOTFOUND when the commune is not
 * an administrative unit valid on that date; TD_ERULE when no office serves it. */
int household_commune_office(struct td_store *s, const char *commune_code, td_date on,
			     int64_t *office_id, struct td_error *err);

/* The office serving a village on a date, what a household of it carries: the office of
 * the points that serve its commune then; when those belong to several offices (a commune
 * formed by the 2025 merger from communes of several districts), the office that served
 * the village before it moved (R-ORG-1, R-ORG-4: scope follows the village, not the
 * commune); with no point, household_commune_office. */
int household_village_office(struct td_store *s, int64_t village_id, td_date on, int64_t *office_id,
			     struct td_error *err);

/* A new household; *id (may be NULL) gets its id. TD_EUNIQUE when the citizen ID already
 * has a household (naming it). */
int household_create(struct td_ctx *ctx, const struct household_input *in, int64_t *id,
		     struct td_error *err);

/* Replaces every field of household id (the citizen ID may be corrected; the status
 * history stays with the household). Writing the same values changes nothing and leaves
 * no audit record. */
int household_update(struct td_ctx *ctx, int64_t id, const struct household_input *in,
		     struct td_error *err);

/* The household: id, cccd, head_name, sex, birth_year, ethnicity, flags (array of
 * names), village_id, village_name, commune_code, office_id, phone, members, created_on,
 * updated_on, group_id (its savings group on the business date, or null), status (of the
 * business date's year, or null), and poverty_status: [{year, status, commune_code,
 * import_id, recorded_on}] newest year first. TD_ENOTFOUND naming the id. */
int household_get(struct td_ctx *ctx, int64_t id, json_t **out, struct td_error *err);

/* Search. Filters combine with AND; NULL/0 means "any".
 *   q:        part of the head's name, typed with or without diacritics, any case
 *             ("nguyen van a" finds "Nguyễn Văn An"); folded and matched as a substring
 *   cccd:     the exact citizen ID
 *   village_id, group_id: households of the village / members of the savings group on
 *             the business date
 * Paged (limit 0 = 50, at most 500) in name order; only the actor's scope (office
 * subtree; chapter or group for union officers and group leaders).
 * *out = {"items":[...],"total":N,"limit":L,"offset":O}; items as household_get without
 * poverty_status and group_id. */
struct household_query {
	const char *q;
	const char *cccd;
	int64_t village_id;
	int64_t group_id;
	int64_t limit;
	int64_t offset;
};
int household_search(struct td_ctx *ctx, const struct household_query *q, json_t **out,
		     struct td_error *err);

/* The status valid on `day` (R-HH-4): the row of day's year, HH_NONE when that year has
 * none. No access check: for use cases that already checked access to the household. */
int household_status_on(struct td_ctx *ctx, int64_t household_id, td_date day, enum hh_status *out,
			struct td_error *err);

#endif
