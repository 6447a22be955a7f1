/*
 * Citizen ID (căn cước công dân, CCCD), R-HH-3: 12 digits
 *
 *   PPP S YY RRRRRR
 *   PPP    province of birth registration, one of the 63 codes of the Ministry of Public
 *          Security (001 Hà Nội ... 096 Cà Mau); codes that were never issued are refused
 *   S      sex and century (Circular 07/2016/TT-BCA, Article 7): 0/1 born 1900-1999
 *          male/female, 2/3 2000-2099, 4/5 2100-2199, 6/7 2200-2299, 8/9 2300-2399
 *   YY     last two digits of the year of birth
 *   RRRRRR random
 *
 * Errors (TD_EINVAL) name the part that is wrong, e.g.
 *   "citizen ID 0011234 has 7 digits, needs 12"
 *   "citizen ID 00123456789x: character 12 'x' is not a digit"
 *   "citizen ID 099123456789: province code 099 does not exist"
 *   "citizen ID 031231012345: năm sinh 2031 ở tương lai (ngày đối chiếu 01/05/2025)"
 * Callers add their context in front ("row 17: ") with td_error_prefix.
 */
#ifndef TD_CREDIT_CCCD_H
#define TD_CREDIT_CCCD_H

#include <stdbool.h>

#include "base/date.h"
#include "base/error.h"

#define CCCD_DIGITS 12

enum cccd_sex { CCCD_MALE, CCCD_FEMALE };

struct cccd {
	int province; /* 1..96, the value of the first three digits */
	enum cccd_sex sex;
	int birth_year; /* 1900..2399 */
};

/* Checks the form of id (digits, length, province) and decodes it into *out (may be NULL).
 * Does not judge the year of birth: every caller that accepts an ID uses cccd_validate_at;
 * this is the first half of it. */
int cccd_decode(const char *id, struct cccd *out, struct td_error *err);

/* cccd_decode, then refuses a year of birth after the year of `today` (the reference date,
 * an input: the business date in bank, the calc's date in `tindung calc cccd`; nothing
 * here reads the clock): "năm sinh 2031 ở tương lai (ngày đối chiếu 01/05/2025)". */
int cccd_validate_at(const char *id, td_date today, struct cccd *out, struct td_error *err);

/* True if code (1..96) is a province code in use. */
bool cccd_province_exists(int code);

/* The province's name in Vietnamese ("Hà Nội"), or NULL if the code is not in use. */
const char *cccd_province_name(int code);

/* "Nam" / "Nữ". */
const char *cccd_sex_name(enum cccd_sex sex);

#endif
