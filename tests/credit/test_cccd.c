/* Citizen ID (CCCD) form, decoding and messages: R-HH-3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "credit/cccd.h"

static td_date mk(int y, int m, int d)
{
	td_date r;
	struct td_error err;
	if (date_from_civil(y, m, d, &r, &err) != TD_OK)
		fail_msg("%04d-%02d-%02d: %s", y, m, d, err.msg);
	return r;
}

/* R-HH-3: the 63 codes of the Ministry of Public Security, and no others. */
static void test_r_hh_3_province_codes_are_exactly_the_63_issued(void **state)
{
	(void)state;
	static const int issued[] = {1,	 2,  4,	 6,  8,	 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25,
				     26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48,
				     49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75,
				     77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};
	assert_int_equal(sizeof issued / sizeof issued[0], 63);
	bool want[1000] = {false};
	for (size_t i = 0; i < sizeof issued / sizeof issued[0]; i++)
		want[issued[i]] = true;
	for (int code = -1; code < 1000; code++) {
		bool exists = code >= 0 && want[code];
		if (cccd_province_exists(code) != exists)
			fail_msg("province code %d: exists %d, want %d", code,
				 cccd_province_exists(code), exists);
		assert_int_equal(cccd_province_name(code) != NULL, exists);
	}
	assert_string_equal(cccd_province_name(1), "Hà Nội");
	assert_string_equal(cccd_province_name(31), "Hải Phòng");
	assert_string_equal(cccd_province_name(79), "Hồ Chí Minh");
	assert_string_equal(cccd_province_name(96), "Cà Mau");
}

struct decode_case {
	const char *id;
	int province;
	enum cccd_sex sex;
	int birth_year;
};

/* R-HH-3 (Circular 07/2016/TT-BCA): the sex-and-century digit and the two year digits;
 * 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s. */
static void test_r_hh_3_decode(void **state)
{
	(void)state;
	static const struct decode_case cases[] = {
	    {"001085012345", 1, CCCD_MALE, 1985},    /* 0: 20th century, male */
	    {"031190000001", 31, CCCD_FEMALE, 1990}, /* 1: 20th century, female */
	    {"079205123456", 79, CCCD_MALE, 2005},   /* 2: 21st century, male */
	    {"096399999999", 96, CCCD_FEMALE, 2099}, /* 3: 21st century, female */
	    {"002400000000", 2, CCCD_MALE, 2100},    /* 4: 22nd */
	    {"004512000000", 4, CCCD_FEMALE, 2112},  /* 5 */
	    {"006600000000", 6, CCCD_MALE, 2200},    /* 6: 23rd */
	    {"008799000000", 8, CCCD_FEMALE, 2299},  /* 7 */
	    {"010899000000", 10, CCCD_MALE, 2399},   /* 8: 24th (Circular 07/2016) */
	    {"011900000000", 11, CCCD_FEMALE, 2300}, /* 9 */
	    {"038000000000", 38, CCCD_MALE, 1900},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct decode_case *c = &cases[i];
		struct cccd got = {-1, CCCD_MALE, -1};
		struct td_error err = {0};
		if (cccd_decode(c->id, &got, &err) != TD_OK)
			fail_msg("%s: %s", c->id, err.msg);
		assert_int_equal(got.province, c->province);
		assert_int_equal(got.sex, c->sex);
		assert_int_equal(got.birth_year, c->birth_year);
	}
	assert_int_equal(cccd_decode("001085012345", NULL, NULL), TD_OK);
	assert_string_equal(cccd_sex_name(CCCD_MALE), "Nam");
	assert_string_equal(cccd_sex_name(CCCD_FEMALE), "Nữ");
}

struct bad_case {
	const char *id;
	const char *msg;
};

/* R-HH-3: each malformed part is named; a wrong ID leaves *out untouched. */
static void test_r_hh_3_rejects_and_names_the_wrong_part(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
	    {"", "citizen ID is empty, needs 12 digits"},
	    {"0011234", "citizen ID 0011234 has 7 digits, needs 12"},
	    {"00108501234", "citizen ID 00108501234 has 11 digits, needs 12"},
	    {"0010850123456", "citizen ID 0010850123456 has 13 digits, needs 12"},
	    {"1", "citizen ID 1 has 1 digit, needs 12"},
	    {"0010x5012345", "citizen ID 0010x5012345: character 5 'x' is not a digit"},
	    {"00108501234x", "citizen ID 00108501234x: character 12 'x' is not a digit"},
	    {" 001085012345", "citizen ID  001085012345: character 1 ' ' is not a digit"},
	    {"001 085 012 345", "citizen ID 001 085 012 345: character 4 ' ' is not a digit"},
	    {"001-085", "citizen ID 001-085: character 4 '-' is not a digit"},
	    /* Characters, not bytes: "đ" is two bytes but one character. */
	    {"0đ1085012345", "citizen ID 0đ1085012345: character 2 'đ' is not a digit"},
	    {"0\xff", "citizen ID 0?: character 2 (byte 0xFF) is not a digit"},
	    {"099123456789", "citizen ID 099123456789: province code 099 does not exist"},
	    {"000123456789", "citizen ID 000123456789: province code 000 does not exist"},
	    {"003123456789", "citizen ID 003123456789: province code 003 does not exist"},
	    {"097123456789", "citizen ID 097123456789: province code 097 does not exist"},
	    {"101123456789", "citizen ID 101123456789: province code 101 does not exist"},
	    {"0010850123456789012345678901",
	     "citizen ID 001085012345678901234567... has 28 digits, needs 12"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cccd got = {-7, CCCD_FEMALE, -7};
		struct td_error err = {0};
		int rc = cccd_decode(cases[i].id, &got, &err);
		if (rc != TD_EINVAL)
			fail_msg("case %zu '%s': rc %d, want TD_EINVAL", i, cases[i].id, rc);
		assert_int_equal(err.code, TD_EINVAL);
		assert_string_equal(err.msg, cases[i].msg);
		assert_int_equal(got.province, -7);
		assert_int_equal(got.birth_year, -7);
	}
}

/* R-HH-3: a year of birth after the business date's year is refused; the date is an input. */
static void test_r_hh_3_birth_year_not_in_future(void **state)
{
	(void)state;
	struct cccd got;
	struct td_error err = {0};
	td_date day = mk(2024, 5, 1);
	assert_int_equal(cccd_validate_at("001224012345", day, &got, &err), TD_OK);
	assert_int_equal(got.birth_year, 2024);
	assert_int_equal(cccd_validate_at("001085012345", day, &got, &err), TD_OK);
	assert_int_equal(got.birth_year, 1985);

	got.birth_year = -1;
	assert_int_equal(cccd_validate_at("001225012345", day, &got, &err), TD_EINVAL);
	assert_string_equal(err.msg, "citizen ID 001225012345: năm sinh 2025 ở tương lai (ngày "
				     "đối chiếu 01/05/2024)");
	assert_int_equal(got.birth_year, -1);
	assert_int_equal(cccd_validate_at("001412012345", day, NULL, &err), TD_EINVAL);
	assert_string_equal(err.msg, "citizen ID 001412012345: năm sinh 2112 ở tương lai (ngày "
				     "đối chiếu 01/05/2024)");
	/* The same ID becomes valid once its year has come. */
	assert_int_equal(cccd_validate_at("001225012345", mk(2025, 1, 1), NULL, &err), TD_OK);
	/* Form errors come first. */
	assert_int_equal(cccd_validate_at("099225012345", day, NULL, &err), TD_EINVAL);
	assert_string_equal(err.msg, "citizen ID 099225012345: province code 099 does not exist");
}

struct century_case {
	const char *id;
	int ref_year; /* the reference date is 31/12 of this year */
	int rc;
	const char *msg; /* NULL when accepted */
};

/* R-HH-3 (Circular 07/2016/TT-BCA): each sex-and-century digit against a reference date; a
 * year of birth after the reference date's year is refused naming it, whatever the century. */
static void test_r_hh_3_century_digit_against_reference_date(void **state)
{
	(void)state;
	static const struct century_case cases[] = {
	    {"031031012345", 2025, TD_OK, NULL},    /* 0: 1931 */
	    {"031131012345", 2025, TD_OK, NULL},    /* 1: 1931 */
	    {"031225012345", 2025, TD_OK, NULL},    /* 2: 2025, this very year */
	    {"031325012345", 2025, TD_OK, NULL},    /* 3: 2025 */
	    {"031231012345", 2025, TD_EINVAL,
	     "citizen ID 031231012345: năm sinh 2031 ở tương lai (ngày đối chiếu 31/12/2025)"},
	    {"031331012345", 2030, TD_EINVAL,
	     "citizen ID 031331012345: năm sinh 2031 ở tương lai (ngày đối chiếu 31/12/2030)"},
	    {"031400012345", 2099, TD_EINVAL,
	     "citizen ID 031400012345: năm sinh 2100 ở tương lai (ngày đối chiếu 31/12/2099)"},
	    {"031400012345", 2100, TD_OK, NULL},    /* 4: 2100 */
	    {"031555012345", 2155, TD_OK, NULL},    /* 5: 2155 */
	    {"031600012345", 2200, TD_OK, NULL},    /* 6: 2200 */
	    {"031700012345", 2199, TD_EINVAL,
	     "citizen ID 031700012345: năm sinh 2200 ở tương lai (ngày đối chiếu 31/12/2199)"},
	    {"031800012345", 2200, TD_EINVAL, /* 8: 2300, no longer the 1800s */
	     "citizen ID 031800012345: năm sinh 2300 ở tương lai (ngày đối chiếu 31/12/2200)"},
	    {"031999012345", 2025, TD_EINVAL,
	     "citizen ID 031999012345: năm sinh 2399 ở tương lai (ngày đối chiếu 31/12/2025)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct century_case *c = &cases[i];
		struct td_error err = {0};
		int rc = cccd_validate_at(c->id, mk(c->ref_year, 12, 31), NULL, &err);
		if (rc != c->rc)
			fail_msg("%s at %d: rc %d, want %d (%s)", c->id, c->ref_year, rc, c->rc,
				 err.msg);
		if (c->msg)
			assert_string_equal(err.msg, c->msg);
	}
}

/* Callers add context in front: "row 17: citizen ID ... has 7 digits, needs 12". */
static void test_r_hh_3_message_takes_a_row_prefix(void **state)
{
	(void)state;
	struct td_error err = {0};
	assert_int_equal(cccd_decode("0011234", NULL, &err), TD_EINVAL);
	td_error_prefix(&err, "row %d: ", 17);
	assert_string_equal(err.msg, "row 17: citizen ID 0011234 has 7 digits, needs 12");
	/* A NULL err is allowed: the code alone still says no. */
	assert_int_equal(cccd_decode("0011234", NULL, NULL), TD_EINVAL);
}

/* Every 12-digit string decodes exactly when its province exists. */
static void test_r_hh_3_every_prefix(void **state)
{
	(void)state;
	char id[40];
	for (int p = 0; p < 1000; p++) {
		for (int s = 0; s < 10; s++) {
			snprintf(id, sizeof id, "%03d%d99123456", p, s);
			struct cccd got;
			int rc = cccd_decode(id, &got, NULL);
			assert_int_equal(rc == TD_OK, cccd_province_exists(p));
			if (rc == TD_OK) {
				assert_int_equal(got.province, p);
				assert_int_equal(got.sex, s % 2 ? CCCD_FEMALE : CCCD_MALE);
				assert_int_equal(got.birth_year % 100, 99);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_r_hh_3_province_codes_are_exactly_the_63_issued),
	    cmocka_unit_test(test_r_hh_3_decode),
	    cmocka_unit_test(test_r_hh_3_rejects_and_names_the_wrong_part),
	    cmocka_unit_test(test_r_hh_3_birth_year_not_in_future),
	    cmocka_unit_test(test_r_hh_3_century_digit_against_reference_date),
	    cmocka_unit_test(test_r_hh_3_message_takes_a_row_prefix),
	    cmocka_unit_test(test_r_hh_3_every_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
