/* Amounts in Vietnamese words (DOMAIN.md §8). */
#include "credit/words.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define BILLION 1000000000ULL

static const char *const digits[10] = {"không", "một", "hai", "ba",  "bốn",
				       "năm",	"sáu", "bảy", "tám", "chín"};

struct out {
	char *buf;
	size_t len;
	size_t size;
};

/* Appends a word, with a space before it unless it is the first. */
static void put(struct out *o, const char *word)
{
	size_t n = strlen(word);
	assert(o->len + n + 2 <= o->size);
	if (o->len)
		o->buf[o->len++] = ' ';
	memcpy(o->buf + o->len, word, n + 1);
	o->len += n;
}

/* The units digit after a tens digit t (1 = mười, >= 2 = X mươi): 21 mốt, 24 tư, 15/25 lăm. */
static const char *unit_after_tens(int t, int u)
{
	if (u == 5)
		return "lăm";
	if (t >= 2 && u == 1)
		return "mốt";
	if (t >= 2 && u == 4)
		return "tư";
	return digits[u];
}

/* One group of three digits, 1..999. full: a spoken group comes before it, so the
 * hundreds are read even when zero ("không trăm") and a zero tens digit is "lẻ". */
static void put_group(struct out *o, unsigned g, bool full)
{
	assert(g >= 1 && g <= 999);
	int h = (int)(g / 100), t = (int)(g / 10 % 10), u = (int)(g % 10);
	bool hundreds = full || h > 0;
	if (hundreds) {
		put(o, digits[h]);
		put(o, "trăm");
	}
	if (t == 0) {
		if (u == 0)
			return;
		if (hundreds)
			put(o, "lẻ");
		put(o, digits[u]);
		return;
	}
	if (t == 1) {
		put(o, "mười");
	} else {
		put(o, digits[t]);
		put(o, "mươi");
	}
	if (u)
		put(o, unit_after_tens(t, u));
}

/* n < 10^9, read as triệu / nghìn / units; full as in put_group, for the first group. */
static void put_below_billion(struct out *o, uint64_t n, bool full)
{
	static const char *const units[3] = {"triệu", "nghìn", NULL};
	static const uint64_t scale[3] = {1000000, 1000, 1};
	assert(n < BILLION);
	for (int i = 0; i < 3; i++) {
		unsigned g = (unsigned)(n / scale[i] % 1000);
		if (g == 0)
			continue;
		put_group(o, g, full);
		if (units[i])
			put(o, units[i]);
		full = true;
	}
}

/* n >= 1: read(n / 10^9) tỷ, then the rest read in full. */
static void put_number(struct out *o, uint64_t n, bool full)
{
	assert(n >= 1);
	if (n >= BILLION) {
		put_number(o, n / BILLION, full);
		put(o, "tỷ");
		full = true;
	}
	if (n % BILLION)
		put_below_billion(o, n % BILLION, full);
}

char *words_amount(td_money amount, unsigned flags, char *buf, size_t size)
{
	assert(buf != NULL && size >= WORDS_AMOUNT_MAX);
	struct out o = {buf, 0, size};
	buf[0] = '\0';
	/* The magnitude as unsigned, so that INT64_MIN has one too. */
	uint64_t n = amount < 0 ? 0 - (uint64_t)amount : (uint64_t)amount;
	if (amount < 0)
		put(&o, "Âm");
	if (n == 0)
		put(&o, "không");
	else
		put_number(&o, n, false);
	put(&o, "đồng");
	if (flags & WORDS_CHAN)
		put(&o, "chẵn");
	/* Every first word other than "Âm" starts with an ASCII letter (một ... không). */
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}
