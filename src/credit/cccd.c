/* Citizen ID (CCCD) checks, R-HH-3. */
#include "credit/cccd.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

/* Province codes of birth registration (Ministry of Public Security, Circular
 * 07/2016/TT-BCA): the 63 provinces before the 2025 merger. IDs keep these codes for life,
 * so the merger does not change this table. Indexed by code; NULL = never issued. */
static const char *const provinces[97] = {
    [1] = "Hà Nội",
    [2] = "Hà Giang",
    [4] = "Cao Bằng",
    [6] = "Bắc Kạn",
    [8] = "Tuyên Quang",
    [10] = "Lào Cai",
    [11] = "Điện Biên",
    [12] = "Lai Châu",
    [14] = "Sơn La",
    [15] = "Yên Bái",
    [17] = "Hòa Bình",
    [19] = "Thái Nguyên",
    [20] = "Lạng Sơn",
    [22] = "Quảng Ninh",
    [24] = "Bắc Giang",
    [25] = "Phú Thọ",
    [26] = "Vĩnh Phúc",
    [27] = "Bắc Ninh",
    [30] = "Hải Dương",
    [31] = "Hải Phòng",
    [33] = "Hưng Yên",
    [34] = "Thái Bình",
    [35] = "Hà Nam",
    [36] = "Nam Định",
    [37] = "Ninh Bình",
    [38] = "Thanh Hóa",
    [40] = "Nghệ An",
    [42] = "Hà Tĩnh",
    [44] = "Quảng Bình",
    [45] = "Quảng Trị",
    [46] = "Thừa Thiên Huế",
    [48] = "Đà Nẵng",
    [49] = "Quảng Nam",
    [51] = "Quảng Ngãi",
    [52] = "Bình Định",
    [54] = "Phú Yên",
    [56] = "Khánh Hòa",
    [58] = "Ninh Thuận",
    [60] = "Bình Thuận",
    [62] = "Kon Tum",
    [64] = "Gia Lai",
    [66] = "Đắk Lắk",
    [67] = "Đắk Nông",
    [68] = "Lâm Đồng",
    [70] = "Bình Phước",
    [72] = "Tây Ninh",
    [74] = "Bình Dương",
    [75] = "Đồng Nai",
    [77] = "Bà Rịa - Vũng Tàu",
    [79] = "Hồ Chí Minh",
    [80] = "Long An",
    [82] = "Tiền Giang",
    [83] = "Bến Tre",
    [84] = "Trà Vinh",
    [86] = "Vĩnh Long",
    [87] = "Đồng Tháp",
    [89] = "An Giang",
    [91] = "Kiên Giang",
    [92] = "Cần Thơ",
    [93] = "Hậu Giang",
    [94] = "Sóc Trăng",
    [95] = "Bạc Liêu",
    [96] = "Cà Mau",
};

/* First year of the century each sex-and-century digit stands for (even = male): Circular
 * 07/2016/TT-BCA, Article 7, from the 20th to the 24th century. */
static const int century_base[10] = {1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 2300, 2300};

/* Shown IDs are cut to this many characters so that a pasted paragraph stays readable. */
#define SHOWN_CHARS 24

bool cccd_province_exists(int code)
{
	return code >= 1 && code <= 96 && provinces[code] != NULL;
}

const char *cccd_province_name(int code)
{
	return cccd_province_exists(code) ? provinces[code] : NULL;
}

const char *cccd_sex_name(enum cccd_sex sex)
{
	return sex == CCCD_FEMALE ? "Nữ" : "Nam";
}

/* Length of the well-formed UTF-8 sequence at s, or 0 if the byte there does not start one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Copies id for a message: at most SHOWN_CHARS characters, invalid bytes as '?'. */
static void show_id(const char *id, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)id;
	size_t out = 0;
	for (int chars = 0; *s && chars < SHOWN_CHARS; chars++) {
		size_t n = utf8_len(s);
		const unsigned char *src = n ? s : (const unsigned char *)"?";
		size_t copy = n ? n : 1;
		if (out + copy + 4 >= size)
			break;
		memcpy(buf + out, src, copy);
		out += copy;
		s += copy;
	}
	if (*s) {
		memcpy(buf + out, "...", 3);
		out += 3;
	}
	buf[out] = '\0';
}

/* The first non-digit: its 1-based position in characters, and the character itself. */
static int check_digits(const char *id, const char *shown, struct td_error *err)
{
	const unsigned char *s = (const unsigned char *)id;
	for (int pos = 1; *s; pos++) {
		size_t n = utf8_len(s);
		if (n == 1 && *s >= '0' && *s <= '9') {
			s++;
			continue;
		}
		if (n == 0)
			return td_error_set(
			    err, TD_EINVAL,
			    "citizen ID %s: character %d (byte 0x%02X) is not a digit", shown, pos,
			    *s);
		return td_error_set(err, TD_EINVAL,
				    "citizen ID %s: character %d '%.*s' is not a digit", shown, pos,
				    (int)n, (const char *)s);
	}
	return TD_OK;
}

static int digit(const char *id, int i)
{
	return id[i] - '0';
}

int cccd_decode(const char *id, struct cccd *out, struct td_error *err)
{
	assert(id != NULL);
	char shown[SHOWN_CHARS * 4 + 8];
	show_id(id, shown, sizeof shown);
	if (*id == '\0')
		return td_error_set(err, TD_EINVAL, "citizen ID is empty, needs %d digits",
				    CCCD_DIGITS);
	int rc = check_digits(id, shown, err);
	if (rc != TD_OK)
		return rc;
	size_t len = strlen(id);
	if (len != CCCD_DIGITS)
		return td_error_set(err, TD_EINVAL, "citizen ID %s has %zu digit%s, needs %d",
				    shown, len, len == 1 ? "" : "s", CCCD_DIGITS);
	int province = digit(id, 0) * 100 + digit(id, 1) * 10 + digit(id, 2);
	if (!cccd_province_exists(province))
		return td_error_set(err, TD_EINVAL,
				    "citizen ID %s: province code %.3s does not exist", shown, id);
	int century = digit(id, 3);
	if (out) {
		out->province = province;
		out->sex = century % 2 ? CCCD_FEMALE : CCCD_MALE;
		out->birth_year = century_base[century] + digit(id, 4) * 10 + digit(id, 5);
	}
	return TD_OK;
}

int cccd_validate_at(const char *id, td_date today, struct cccd *out, struct td_error *err)
{
	struct cccd c;
	int rc = cccd_decode(id, &c, err);
	if (rc != TD_OK)
		return rc;
	if (c.birth_year > date_to_civil(today).year) {
		char day[TD_DATE_FMT_MAX];
		return td_error_set(err, TD_EINVAL,
				    "citizen ID %s: năm sinh %d ở tương lai (ngày đối chiếu %s)", id,
				    c.birth_year, date_format_vn(today, day, sizeof day));
	}
	if (out)
		*out = c;
	return TD_OK;
}
