#include "base/fold.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

/* Letters that fold to ASCII, by ranges of code points. Vietnamese needs Latin-1 (â ê ô
 * and the vowels with grave, acute, tilde), Latin Extended-A (ă đ ĩ ũ), Latin Extended-B
 * (ơ ư) and Latin Extended Additional (every other tone mark); the rest of Latin-1 and
 * Extended-A is here so that foreign names in a list fold sensibly too. */
static const struct fold_range {
	uint32_t first, last;
	const char *ascii;
} ranges[] = {
	{0x00C0, 0x00C5, "a"},
	{0x00C6, 0x00C6, "ae"},
	{0x00C7, 0x00C7, "c"},
	{0x00C8, 0x00CB, "e"},
	{0x00CC, 0x00CF, "i"},
	{0x00D0, 0x00D0, "d"}, /* Ð, taken for Đ */
	{0x00D1, 0x00D1, "n"},
	{0x00D2, 0x00D6, "o"},
	{0x00D8, 0x00D8, "o"},
	{0x00D9, 0x00DC, "u"},
	{0x00DD, 0x00DD, "y"},
	{0x00DE, 0x00DE, "th"},
	{0x00DF, 0x00DF, "ss"},
	{0x00E0, 0x00E5, "a"},
	{0x00E6, 0x00E6, "ae"},
	{0x00E7, 0x00E7, "c"},
	{0x00E8, 0x00EB, "e"},
	{0x00EC, 0x00EF, "i"},
	{0x00F0, 0x00F0, "d"},
	{0x00F1, 0x00F1, "n"},
	{0x00F2, 0x00F6, "o"},
	{0x00F8, 0x00F8, "o"},
	{0x00F9, 0x00FC, "u"},
	{0x00FD, 0x00FD, "y"},
	{0x00FE, 0x00FE, "th"},
	{0x00FF, 0x00FF, "y"},
	/* Latin Extended-A: Ā..ą, Ć..č, Ď..đ (Đ đ), Ē..ě, ... */
	{0x0100, 0x0105, "a"},
	{0x0106, 0x010D, "c"},
	{0x010E, 0x0111, "d"},
	{0x0112, 0x011B, "e"},
	{0x011C, 0x0123, "g"},
	{0x0124, 0x0127, "h"},
	{0x0128, 0x0131, "i"},
	{0x0132, 0x0133, "ij"},
	{0x0134, 0x0135, "j"},
	{0x0136, 0x0138, "k"},
	{0x0139, 0x0142, "l"},
	{0x0143, 0x014B, "n"},
	{0x014C, 0x0151, "o"},
	{0x0152, 0x0153, "oe"},
	{0x0154, 0x0159, "r"},
	{0x015A, 0x0161, "s"},
	{0x0162, 0x0167, "t"},
	{0x0168, 0x0173, "u"},
	{0x0174, 0x0175, "w"},
	{0x0176, 0x0178, "y"},
	{0x0179, 0x017E, "z"},
	{0x017F, 0x017F, "s"},
	/* Latin Extended-B: Ơ ơ, Ư ư */
	{0x01A0, 0x01A1, "o"},
	{0x01AF, 0x01B0, "u"},
	/* Latin Extended Additional, the Vietnamese block: Ạ..ặ, Ẹ..ệ, Ỉ..ị, Ọ..ợ, Ụ..ự, Ỳ..ỹ */
	{0x1EA0, 0x1EB7, "a"},
	{0x1EB8, 0x1EC7, "e"},
	{0x1EC8, 0x1ECB, "i"},
	{0x1ECC, 0x1EE3, "o"},
	{0x1EE4, 0x1EF1, "u"},
	{0x1EF2, 0x1EF9, "y"},
};

/* The ASCII a code point folds to: "" when it is dropped. buf holds one ASCII letter. */
static const char *fold_cp(uint32_t cp, char buf[2])
{
	if (cp >= 0x21 && cp <= 0x7E) {
		buf[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
		buf[1] = '\0';
		return buf;
	}
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (cp >= ranges[i].first && cp <= ranges[i].last)
			return ranges[i].ascii;
	return ""; /* combining marks U+0300..U+036F, other scripts, controls, invalid */
}

size_t fold_ascii(const char *s, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t len = 0;
	bool space = false; /* white space seen since the last character written */
	while (p < end) {
		uint32_t cp;
		size_t used = utf8_next(p, end, &cp);
		p += used;
		if (utf8_is_space(cp)) {
			space = true;
			continue;
		}
		char one[2];
		const char *ascii = fold_cp(cp, one);
		if (!*ascii)
			continue;
		/* The pending space came from at least one input byte that wrote nothing, and a
		 * folded letter never takes more bytes than its UTF-8 form: len stays <= n. */
		if (space && len > 0)
			out[len++] = ' ';
		space = false;
		for (; *ascii; ascii++)
			out[len++] = *ascii;
		assert(len <= (size_t)(p - (const unsigned char *)s));
	}
	out[len] = '\0';
	return len;
}

char *fold_dup(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	if (out)
		fold_ascii(s, n, out);
	return out;
}
