/*
 * Households: validation of what a person types (R-HH-3) and the collector of its
 * problems. bank/household.h documents the API.
 */
#include <assert.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank/household_internal.h"
#include "base/fold.h"
#include "base/nfc.h"

void hh_problem(struct hh_problems *p, const char *fmt, ...)
{
	static const char more[] = "; ...";
	char one[TD_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(one, sizeof one, fmt, ap);
	va_end(ap);
	size_t len = strlen(p->msg), sep = p->n++ ? 2 : 0, n = strlen(one);
	if (len + sizeof more > sizeof p->msg)
		return; /* already full and marked */
	if (len + sep + n + sizeof more > sizeof p->msg) {
		memcpy(p->msg + len, more, sizeof more);
		return;
	}
	memcpy(p->msg + len, "; ", sep);
	memcpy(p->msg + len + sep, one, n + 1);
}

int hh_problems_finish(const struct hh_problems *p, int code, struct td_error *err)
{
	return p->n ? td_error_set(err, code, "%s", p->msg) : TD_OK;
}

/* Copies s without leading and trailing white space and with inner runs of white space
 * made one space. False when the result would not fit in size bytes (with the NUL). */
static bool tidy(const char *s, char *out, size_t size)
{
	size_t len = 0;
	bool space = false;
	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = len > 0;
			continue;
		}
		if (len + (space ? 2 : 1) >= size) {
			out[0] = '\0';
			return false;
		}
		if (space)
			out[len++] = ' ';
		space = false;
		out[len++] = *s;
	}
	out[len] = '\0';
	return true;
}

static bool has_digit(const char *s)
{
	return strpbrk(s, "0123456789") != NULL;
}

static bool check_cccd(const char *in, td_date today, struct household_fields *out, struct cccd *id,
		       struct hh_problems *p)
{
	char buf[64];
	struct td_error e = {0};
	if (!tidy(in, buf, sizeof buf)) {
		hh_problem(p, "citizen ID '%.20s...' is far too long: needs %d digits", in,
			   CCCD_DIGITS);
		return false;
	}
	if (cccd_validate_at(buf, today, id, &e) != TD_OK) {
		hh_problem(p, "%s", e.msg);
		return false;
	}
	memcpy(out->cccd, buf, CCCD_DIGITS + 1);
	return true;
}

static void check_name(const char *in, struct household_fields *out, struct hh_problems *p)
{
	/* Stored in NFC with white space tidied: the name is compared exactly as identity
	 * (poverty import, R-HH-2), folded only for search. */
	if (nfc_name(in ? in : "", in ? strlen(in) : 0, out->head_name, sizeof out->head_name) >=
	    sizeof out->head_name) {
		out->head_name[0] = '\0';
		hh_problem(p, "head_name is longer than %d bytes", HOUSEHOLD_NAME_MAX);
		return;
	}
	fold_ascii(out->head_name, strlen(out->head_name), out->name_folded);
	if (!out->head_name[0])
		hh_problem(p, "head_name (họ tên chủ hộ) is empty");
	else if (has_digit(out->head_name))
		hh_problem(p, "head_name '%s' contains a digit: is it another column?",
			   out->head_name);
	else if (!out->name_folded[0])
		hh_problem(p, "head_name '%s' has no letters", out->head_name);
}

/* Folded sex words: the codes, Vietnamese, and the one-letter forms of paper lists. */
static int parse_sex(const char *s, enum cccd_sex *out)
{
	char f[16];
	size_t n = strlen(s);
	if (n >= sizeof f)
		return -1;
	fold_ascii(s, n, f);
	if (!strcmp(f, "male") || !strcmp(f, "nam") || !strcmp(f, "m"))
		*out = CCCD_MALE;
	else if (!strcmp(f, "female") || !strcmp(f, "nu") || !strcmp(f, "f"))
		*out = CCCD_FEMALE;
	else
		return -1;
	return 0;
}

/* sex and birth_year from the input, checked against the ID when it decoded (R-HH-3). */
static void check_sex_year(const struct household_input *in, const struct cccd *id,
			   struct household_fields *out, struct hh_problems *p)
{
	enum cccd_sex sex = id ? id->sex : CCCD_MALE;
	bool given = in->sex && strspn(in->sex, " \t") < strlen(in->sex);
	if (given && parse_sex(in->sex, &sex) != 0)
		hh_problem(p, "sex '%s' is not male/female (Nam/Nữ)", in->sex);
	else if (given && id && sex != id->sex)
		hh_problem(p, "sex %s does not match citizen ID %s, which says %s",
			   cccd_sex_name(sex), out->cccd, cccd_sex_name(id->sex));
	out->sex = sex;
	out->birth_year = id ? id->birth_year : in->birth_year;
	if (in->birth_year != 0 && id && in->birth_year != id->birth_year)
		hh_problem(p, "birth_year %d does not match citizen ID %s, which says %d",
			   in->birth_year, out->cccd, id->birth_year);
}

static bool is_kinh(const char *ethnicity)
{
	char f[HOUSEHOLD_ETHNICITY_MAX + 1];
	fold_ascii(ethnicity, strlen(ethnicity), f);
	return strcmp(f, "kinh") == 0;
}

static void check_ethnicity_flags(const struct household_input *in, struct household_fields *out,
				  struct hh_problems *p)
{
	struct td_error e = {0};
	if (!tidy(in->ethnicity, out->ethnicity, sizeof out->ethnicity))
		hh_problem(p, "ethnicity is longer than %d bytes", HOUSEHOLD_ETHNICITY_MAX);
	else if (has_digit(out->ethnicity))
		hh_problem(p, "ethnicity '%s' contains a digit", out->ethnicity);
	if (!out->ethnicity[0])
		snprintf(out->ethnicity, sizeof out->ethnicity, "Kinh");
	if (household_flags_parse(in->flags ? in->flags : "", &out->flags, &e) != TD_OK) {
		hh_problem(p, "%s", e.msg);
		return;
	}
	/* The 53 groups other than the Kinh are the ethnic minorities (dân tộc thiểu số). */
	bool kinh = is_kinh(out->ethnicity);
	if (kinh && (out->flags & PRG_F_ETHNIC_MINORITY))
		hh_problem(p, "flag ethnic_minority contradicts ethnicity Kinh");
	else if (!kinh)
		out->flags |= PRG_F_ETHNIC_MINORITY;
}

/* Vietnamese mobile numbers: 10 digits, 03x 05x 07x 08x 09x; "+84" stands for the 0.
 * Spaces, dots, dashes and brackets people type between groups are dropped. */
static void check_phone(const char *in, struct household_fields *out, struct hh_problems *p)
{
	char d[HOUSEHOLD_PHONE_DIGITS + 1];
	size_t n = 0;
	const char *s = in ? in : "";
	s += strspn(s, " \t");
	if (strncmp(s, "+84", 3) == 0) {
		d[n++] = '0';
		s += 3;
	}
	for (const char *c = s; *c; c++) {
		if (strchr(" \t.-()", *c))
			continue;
		if (!isdigit((unsigned char)*c)) {
			hh_problem(p, "phone '%s': '%c' is not a digit", in, *c);
			return;
		}
		if (n == HOUSEHOLD_PHONE_DIGITS) {
			hh_problem(p, "phone '%s' has more than %d digits", in,
				   HOUSEHOLD_PHONE_DIGITS);
			return;
		}
		d[n++] = *c;
	}
	d[n] = '\0';
	if (n == 0) {
		out->phone[0] = '\0';
		return;
	}
	if (n != HOUSEHOLD_PHONE_DIGITS)
		hh_problem(p, "phone '%s' has %zu digits, needs %d", in, n, HOUSEHOLD_PHONE_DIGITS);
	else if (d[0] != '0')
		hh_problem(p, "phone '%s' must start with 0", in);
	else if (!strchr("35789", d[1]))
		hh_problem(p, "phone '%s': mobile numbers start with 03, 05, 07, 08 or 09", in);
	else
		memcpy(out->phone, d, sizeof d);
}

int household_check(const struct household_input *in, td_date today, struct household_fields *out,
		    struct td_error *err)
{
	struct hh_problems p = {0};
	struct cccd id;
	memset(out, 0, sizeof *out);
	bool id_ok = check_cccd(in->cccd, today, out, &id, &p);
	check_name(in->head_name, out, &p);
	check_sex_year(in, id_ok ? &id : NULL, out, &p);
	check_ethnicity_flags(in, out, &p);
	check_phone(in->phone, out, &p);
	out->members = in->members;
	if (in->members < 1 || in->members > HOUSEHOLD_MEMBERS_MAX)
		hh_problem(&p, "members %d is outside 1..%d", in->members, HOUSEHOLD_MEMBERS_MAX);
	return hh_problems_finish(&p, TD_EINVAL, err);
}

char *household_flags_format(uint32_t flags, char *buf, size_t size)
{
	assert(size >= HOUSEHOLD_FLAGS_TEXT_MAX);
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < PRG_FLAG_COUNT; i++)
		if (flags & (1u << i))
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "",
						programme_flag_name(1u << i));
	return buf;
}

int household_flags_parse(const char *s, uint32_t *out, struct td_error *err)
{
	uint32_t flags = 0;
	while (*s) {
		size_t skip = strspn(s, ",; \t");
		s += skip;
		size_t len = strcspn(s, ",; \t");
		if (len == 0)
			break;
		int found = -1;
		for (int i = 0; i < PRG_FLAG_COUNT && found < 0; i++) {
			const char *name = programme_flag_name(1u << i);
			if (strlen(name) == len && memcmp(s, name, len) == 0)
				found = i;
		}
		if (found < 0)
			return td_error_set(
				err, TD_EINVAL,
				"flag '%.*s' is unknown: household flags are "
				"ethnic_minority, disabled, hard_area, student, "
				"worker_abroad, released_prisoner, rural, social_housing",
				(int)len, s);
		if (!((1u << found) & HOUSEHOLD_FLAGS))
			return td_error_set(err, TD_EINVAL,
					    "flag '%.*s' describes a loan, not a household",
					    (int)len, s);
		flags |= 1u << found;
		s += len;
	}
	*out = flags;
	return TD_OK;
}

const char *household_sex_name(enum cccd_sex sex)
{
	return sex == CCCD_FEMALE ? "female" : "male";
}
