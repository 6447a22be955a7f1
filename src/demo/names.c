#include "demo/names.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Family names with rough shares (per thousand) in the Red River delta. */
static const char *const family[] = {
	"Nguyễn", "Trần", "Vũ",	   "Phạm", "Lê",  "Hoàng", "Đỗ", "Bùi", "Đào",	 "Ngô",	 "Đặng",
	"Phan",	  "Hà",	  "Lương", "Đinh", "Mạc", "Lưu",   "Tô", "Cao", "Trịnh", "Đoàn", "Lại",
};
static const int family_w[] = {
	330, 110, 80, 75, 70, 40, 40, 35, 30, 25, 25, 20, 15, 15, 15, 15, 10, 10, 10, 10, 10, 5,
};
static const char *const middle_m[] = {"Văn", "Văn",  "Văn",  "Đức",   "Minh", "Quang",
				       "Hữu", "Xuân", "Công", "Thanh", "Ngọc", "Đình"};
static const char *const middle_f[] = {"Thị",  "Thị",	"Thị", "Thị",  "Thu",
				       "Ngọc", "Thanh", "Kim", "Hồng", "Minh"};
static const char *const given_m[] = {
	"Hùng",	 "Dũng", "Tuấn",  "Hải",   "Nam",   "Long",  "Thắng", "Sơn",   "Cường", "Bình",
	"Tiến",	 "Quân", "Thành", "Trung", "Hòa",   "Khánh", "Lâm",   "Phong", "Toàn",	"Vinh",
	"Chiến", "Đông", "Hiếu",  "Mạnh",  "Nghĩa", "Quý",   "Tài",   "Thịnh", "Tú",	"Việt",
};
static const char *const given_f[] = {
	"Lan",	 "Hoa",	  "Hương", "Mai",   "Hằng",   "Nga",  "Hạnh", "Thủy", "Linh", "Trang",
	"Huyền", "Yến",	  "Liên",  "Nhung", "Phượng", "Thảo", "Dung", "Hiền", "Loan", "Nhàn",
	"Oanh",	 "Quyên", "Tâm",   "Thơm",  "Vân",    "Xuân", "Gấm",  "Lụa",  "Thắm", "Huệ",
};

void names_person(struct demo_rng *r, bool female, char *out, size_t size)
{
	static_assert(COUNT(family) == COUNT(family_w), "one weight per family name");
	const char *f = family[rng_weighted(r, family_w, COUNT(family_w))];
	const char *m = female ? middle_f[rng_range(r, 0, COUNT(middle_f) - 1)]
			       : middle_m[rng_range(r, 0, COUNT(middle_m) - 1)];
	const char *g = female ? given_f[rng_range(r, 0, COUNT(given_f) - 1)]
			       : given_m[rng_range(r, 0, COUNT(given_m) - 1)];
	snprintf(out, size, "%s %s %s", f, m, g);
}

void names_cccd(int birth_year, bool female, unsigned serial, char out[13])
{
	assert(birth_year >= 1900 && birth_year <= 2099 && serial < 1000000);
	int century = birth_year >= 2000 ? 2 : 0;
	/* x -> (a x + b) mod 10^6 is a bijection when a is prime to 10^6 */
	unsigned tail = (unsigned)((serial * 738457ULL + 104729ULL) % 1000000ULL);
	snprintf(out, 13, "031%d%02d%06u", century + (female ? 1 : 0), birth_year % 100, tail);
}

void names_phone(struct demo_rng *r, char out[11])
{
	static const char *const prefix[] = {"091", "094", "098", "097", "096", "086", "088",
					     "090", "093", "070", "077", "035", "036", "038",
					     "039", "056", "058", "081", "083", "085"};
	snprintf(out, 11, "%s%07lld", prefix[rng_range(r, 0, COUNT(prefix) - 1)],
		 (long long)rng_range(r, 0, 9999999));
}

static const char *const villages[] = {
	"Thôn Đông",	"Thôn Tây",	   "Thôn Nam",	    "Thôn Bắc",	      "Thôn Trung",
	"Thôn Đoài",	"Thôn Thượng",	   "Thôn Hạ",	    "Thôn Tiền",      "Thôn Hậu",
	"Thôn Tân Lập", "Thôn Phúc Lộc",   "Thôn An Thái",  "Thôn Cổ Trai",   "Thôn Xuân Úc",
	"Thôn Kim Đới", "Thôn Phương Đôi", "Thôn Văn Hòa",  "Thôn Lão Phong", "Thôn Tân Hòa",
	"Thôn Đại Trà", "Thôn Quần Mục",   "Thôn Minh Hải", "Thôn Thái Lai",  "Thôn Hòa Liễu",
};

size_t names_villages(struct demo_rng *r, bool town, const char **out, char (*buf)[48], size_t n)
{
	if (town) {
		for (size_t k = 0; k < n; k++) {
			snprintf(buf[k], sizeof buf[k], "Tổ dân phố %zu", k + 1);
			out[k] = buf[k];
		}
		return n;
	}
	if (n > COUNT(villages))
		n = COUNT(villages);
	size_t idx[COUNT(villages)];
	for (size_t k = 0; k < COUNT(villages); k++)
		idx[k] = k;
	for (size_t k = 0; k < n; k++) { /* a partial Fisher-Yates shuffle */
		size_t j = (size_t)rng_range(r, (int64_t)k, COUNT(villages) - 1);
		size_t t = idx[k];
		idx[k] = idx[j];
		idx[j] = t;
		out[k] = villages[idx[k]];
	}
	return n;
}

const char *names_minority(struct demo_rng *r)
{
	static const char *const groups[] = {"Tày", "Mường", "Nùng", "Thái", "Dao", "Sán Dìu"};
	return groups[rng_range(r, 0, COUNT(groups) - 1)];
}
