/* Amounts in Vietnamese words (DOMAIN.md §8): a table of readings, and a round trip through
 * a strict parser written here that accepts only the forms documents use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "credit/words.h"

struct words_case {
	td_money amount;
	const char *words;
};

static void check(td_money amount, unsigned flags, const char *want)
{
	char buf[WORDS_AMOUNT_MAX];
	words_amount(amount, flags, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		fail_msg("%lld: got '%s', want '%s'", (long long)amount, buf, want);
}

static void test_words_table(void **state)
{
	(void)state;
	static const struct words_case cases[] = {
	    {0, "Không đồng"},
	    {1, "Một đồng"},
	    {4, "Bốn đồng"},
	    {5, "Năm đồng"},
	    {10, "Mười đồng"},
	    {11, "Mười một đồng"},
	    {14, "Mười bốn đồng"},
	    {15, "Mười lăm đồng"},
	    {20, "Hai mươi đồng"},
	    {21, "Hai mươi mốt đồng"},
	    {24, "Hai mươi tư đồng"},
	    {25, "Hai mươi lăm đồng"},
	    {55, "Năm mươi lăm đồng"},
	    {99, "Chín mươi chín đồng"},
	    {100, "Một trăm đồng"},
	    {101, "Một trăm lẻ một đồng"},
	    {104, "Một trăm lẻ bốn đồng"},
	    {105, "Một trăm lẻ năm đồng"},
	    {110, "Một trăm mười đồng"},
	    {111, "Một trăm mười một đồng"},
	    {115, "Một trăm mười lăm đồng"},
	    {121, "Một trăm hai mươi mốt đồng"},
	    {999, "Chín trăm chín mươi chín đồng"},
	    {1000, "Một nghìn đồng"},
	    {1005, "Một nghìn không trăm lẻ năm đồng"},
	    {1010, "Một nghìn không trăm mười đồng"},
	    {1021, "Một nghìn không trăm hai mươi mốt đồng"},
	    {1100, "Một nghìn một trăm đồng"},
	    {5000, "Năm nghìn đồng"},
	    {15000, "Mười lăm nghìn đồng"},
	    {21000, "Hai mươi mốt nghìn đồng"},
	    {105000, "Một trăm lẻ năm nghìn đồng"},
	    {1000050, "Một triệu không trăm năm mươi đồng"},
	    {1001000, "Một triệu không trăm lẻ một nghìn đồng"},
	    {1234567, "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"},
	    {100000000, "Một trăm triệu đồng"},
	    {1000000000, "Một tỷ đồng"},
	    {1000000005, "Một tỷ không trăm lẻ năm đồng"},
	    {1050000000, "Một tỷ không trăm năm mươi triệu đồng"},
	    {2000000000, "Hai tỷ đồng"},
	    {487000000000, "Bốn trăm tám mươi bảy tỷ đồng"},
	    {1000000000000, "Một nghìn tỷ đồng"},
	    {1001000000000, "Một nghìn không trăm lẻ một tỷ đồng"},
	    {1000000000000000, "Một triệu tỷ đồng"},
	    {1000000000000000000, "Một tỷ tỷ đồng"},
	    {400000000000000, "Bốn trăm nghìn tỷ đồng"},
	    /* read(9.223.372.036) tỷ + 854.775.807: "tỷ" applies to everything before it. */
	    {INT64_MAX, "Chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không "
			"trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm "
			"nghìn tám trăm lẻ bảy đồng"},
	    {-5, "Âm năm đồng"},
	    {-105000, "Âm một trăm lẻ năm nghìn đồng"},
	    {INT64_MIN, "Âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn "
			"không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi "
			"lăm nghìn tám trăm lẻ tám đồng"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check(cases[i].amount, 0, cases[i].words);
}

/* DOMAIN.md §8: "Một trăm triệu đồng chẵn". */
static void test_words_chan_suffix(void **state)
{
	(void)state;
	check(100000000, WORDS_CHAN, "Một trăm triệu đồng chẵn");
	check(0, WORDS_CHAN, "Không đồng chẵn");
	check(-1000, WORDS_CHAN, "Âm một nghìn đồng chẵn");
}

/* ---- A strict reader of the words, for the round trip. ---- */

struct reader {
	char words[64][16];
	int n, pos;
};

static bool split(const char *s, struct reader *r)
{
	r->n = r->pos = 0;
	while (*s) {
		const char *sp = strchr(s, ' ');
		size_t len = sp ? (size_t)(sp - s) : strlen(s);
		if (len == 0 || len >= sizeof r->words[0] || r->n == 64)
			return false;
		memcpy(r->words[r->n], s, len);
		r->words[r->n++][len] = '\0';
		s += len + (sp ? 1 : 0);
		if (sp && !*s)
			return false; /* trailing space */
	}
	return true;
}

static const char *peek(const struct reader *r)
{
	return r->pos < r->n ? r->words[r->pos] : "";
}
static bool take(struct reader *r, const char *w)
{
	if (strcmp(peek(r), w) != 0)
		return false;
	r->pos++;
	return true;
}

static int digit_word(const char *w)
{
	static const char *const d[10] = {"không", "một", "hai", "ba",	"bốn",
					  "năm",   "sáu", "bảy", "tám", "chín"};
	for (int i = 0; i < 10; i++)
		if (strcmp(w, d[i]) == 0)
			return i;
	return -1;
}

/* A units digit after a tens digit t: 1 is mốt after mươi, 4 is tư after mươi, 5 is lăm
 * after either; the plain digit word otherwise (mười một, mười bốn). */
static int unit_after(struct reader *r, int t)
{
	const char *w = peek(r);
	int u = -1;
	if (strcmp(w, "lăm") == 0)
		u = 5;
	else if (t >= 2 && strcmp(w, "mốt") == 0)
		u = 1;
	else if (t >= 2 && strcmp(w, "tư") == 0)
		u = 4;
	else if ((u = digit_word(w)) >= 1 && u != 5 && !(t >= 2 && (u == 1 || u == 4)))
		;
	else
		return -1;
	r->pos++;
	return u;
}

/* One group 1..999, or -1. full: hundreds must be spoken (a group after another). */
static int read_group(struct reader *r, bool full)
{
	int h = 0, g;
	bool hundreds = false;
	if (r->pos + 1 < r->n && strcmp(r->words[r->pos + 1], "trăm") == 0) {
		h = digit_word(peek(r));
		if (h < 0 || (h == 0 && !full))
			return -1;
		r->pos += 2;
		hundreds = true;
	} else if (full) {
		return -1;
	}
	g = h * 100;
	if (take(r, "lẻ")) {
		int u = digit_word(peek(r));
		if (!hundreds || u < 1)
			return -1;
		r->pos++;
		return g + u;
	}
	if (take(r, "mười")) {
		int u = unit_after(r, 1);
		return g + 10 + (u > 0 ? u : 0);
	}
	int d = digit_word(peek(r));
	if (d >= 2 && r->pos + 1 < r->n && strcmp(r->words[r->pos + 1], "mươi") == 0) {
		r->pos += 2;
		int u = unit_after(r, d);
		return g + d * 10 + (u > 0 ? u : 0);
	}
	if (d >= 1) {
		if (hundreds)
			return -1; /* "một trăm năm" is not a reading: it needs "lẻ" */
		r->pos++;
		return d;
	}
	return g > 0 ? g : -1;
}

/* Below 10^9: groups with triệu / nghìn / nothing, strictly decreasing; -1 if none. */
static int64_t read_below_billion(struct reader *r, bool full)
{
	static const char *const units[3] = {"triệu", "nghìn", ""};
	static const int64_t scale[3] = {1000000, 1000, 1};
	int64_t v = 0;
	int next = 0;
	bool any = false;
	while (next < 3) {
		int save = r->pos;
		int g = read_group(r, full);
		if (g < 0) {
			r->pos = save;
			break;
		}
		int u = next;
		while (u < 2 && strcmp(peek(r), units[u]) != 0)
			u++;
		if (u < 2)
			r->pos++;
		v += g * scale[u];
		next = u + 1;
		full = any = true;
	}
	return any ? v : -1;
}

/* The whole number: (number) tỷ [rest], recursively, as words.c writes it. */
static int64_t read_number(struct reader *r, bool full)
{
	int64_t v = read_below_billion(r, full);
	if (v < 0)
		return -1;
	while (take(r, "tỷ")) {
		if (v > INT64_MAX / 1000000000)
			return -1;
		v *= 1000000000;
		int save = r->pos;
		int64_t rest = read_below_billion(r, true);
		if (rest < 0) {
			r->pos = save;
			continue;
		}
		v += rest;
	}
	return v;
}

/* Parses what words_amount writes (0 .. INT64_MAX, with "Âm" for negatives, without
 * "chẵn"); -1 (and *ok false) on anything else. */
static int64_t words_parse(const char *s, bool *ok)
{
	char low[WORDS_AMOUNT_MAX];
	snprintf(low, sizeof low, "%s", s);
	bool neg = strncmp(low, "Âm ", strlen("Âm ")) == 0;
	if (neg)
		memmove(low, low + strlen("Âm "), strlen(low) - strlen("Âm ") + 1);
	else if (low[0] >= 'A' && low[0] <= 'Z')
		low[0] = (char)(low[0] - 'A' + 'a');
	else
		return *ok = false, -1;
	struct reader r;
	*ok = false;
	if (!split(low, &r) || r.n < 2 || strcmp(r.words[r.n - 1], "đồng") != 0)
		return -1;
	r.n--;
	int64_t v;
	if (r.n == 1 && strcmp(r.words[0], "không") == 0 && !neg)
		v = 0, r.pos = 1;
	else
		v = read_number(&r, false);
	if (v < 0 || r.pos != r.n)
		return -1;
	*ok = true;
	return neg ? -v : v;
}

static void round_trip(td_money amount)
{
	char buf[WORDS_AMOUNT_MAX];
	words_amount(amount, 0, buf, sizeof buf);
	bool ok;
	int64_t back = words_parse(buf, &ok);
	if (!ok || back != amount)
		fail_msg("%lld -> '%s' -> %lld (ok %d)", (long long)amount, buf, (long long)back,
			 ok);
}

/* The reader itself must refuse the forms documents do not use, or the round trip
 * could not catch them. */
static void test_words_reader_is_strict(void **state)
{
	(void)state;
	static const char *const wrong[] = {
	    "Hai mươi một đồng",
	    "Hai mươi bốn đồng",
	    "Mười năm đồng",
	    "Một trăm năm đồng",
	    "Một trăm lẻ lăm đồng",
	    "Mười mốt đồng",
	    "Một nghìn lẻ năm đồng",
	    "Một nghìn năm đồng",
	    "Một triệu không trăm không trăm năm mươi đồng",
	    "Một nghìn tỷ tỷ",
	    "không đồng",
	    "Âm không đồng",
	    "Một mươi đồng",
	    "Hai mươi lăm",
	    "Một nghìn nghìn đồng",
	    "Một triệu triệu đồng",
	    "Một nghìn triệu đồng",
	    "Không trăm năm đồng",
	    "Năm mươi năm đồng",
	};
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		bool ok;
		int64_t v = words_parse(wrong[i], &ok);
		if (ok)
			fail_msg("reader accepted '%s' as %lld", wrong[i], (long long)v);
	}
	bool ok;
	assert_int_equal(words_parse("Một nghìn không trăm lẻ một tỷ đồng", &ok), 1001000000000);
	assert_true(ok);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

/* Every amount 0..100000 reads back to itself, and so do negatives. */
static void test_words_round_trip_small(void **state)
{
	(void)state;
	for (td_money v = 0; v <= 100000; v++)
		round_trip(v);
	for (td_money v = -1; v >= -2000; v--)
		round_trip(v);
}

/* Around every power of ten and every group boundary, up to INT64_MAX. */
static void test_words_round_trip_edges(void **state)
{
	(void)state;
	td_money p = 1;
	for (int k = 0; k <= 18; k++) {
		for (td_money d = -3; d <= 3; d++) {
			if (p + d >= 0)
				round_trip(p + d);
			round_trip(-(p + d));
		}
		for (int m = 1; m <= 9; m++) {
			round_trip(p * m);
			round_trip(p * m + 5);
			round_trip(p * m + 15);
		}
		if (k < 18)
			p *= 10;
	}
	round_trip(INT64_MAX);
	round_trip(INT64_MIN + 1);
	round_trip(TD_MONEY_MAX_INPUT);
	round_trip(999999999999999999);
}

/* A fixed-seed sample over 0..10^15 (the largest amount people may enter), spread over
 * magnitudes so that short and long readings are both drawn. */
static void test_words_round_trip_random(void **state)
{
	(void)state;
	for (int i = 0; i < 300000; i++) {
		int digits = (int)(rng_next() % 16) + 1;
		uint64_t mod = 1;
		for (int k = 0; k < digits; k++)
			mod *= 10;
		td_money v = (td_money)(rng_next() % mod);
		if (v > TD_MONEY_MAX_INPUT)
			v = TD_MONEY_MAX_INPUT;
		round_trip(v);
	}
}

/* Long readings fit the documented buffer (words_amount asserts it never overruns). */
static void test_words_longest_fit(void **state)
{
	(void)state;
	static const td_money longest[] = {INT64_MIN, -7777777777777777777, -7077077077077077077,
					   -1001001001001001001};
	char buf[WORDS_AMOUNT_MAX];
	for (size_t i = 0; i < sizeof longest / sizeof longest[0]; i++) {
		words_amount(longest[i], WORDS_CHAN, buf, sizeof buf);
		assert_true(strlen(buf) > 200);
		assert_true(strlen(buf) < WORDS_AMOUNT_MAX - 100);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words_table),
	    cmocka_unit_test(test_words_chan_suffix),
	    cmocka_unit_test(test_words_reader_is_strict),
	    cmocka_unit_test(test_words_round_trip_small),
	    cmocka_unit_test(test_words_round_trip_edges),
	    cmocka_unit_test(test_words_round_trip_random),
	    cmocka_unit_test(test_words_longest_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
