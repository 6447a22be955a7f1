#include "base/utf8.h"

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	*cp = n ? u[0] : 0;
	if (n == 0)
		return 0;
	if (u[0] < 0x80)
		return 1;
	/* Lead byte: length, the bits it carries, and the range of its second byte. */
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t c;
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		len = 2, c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		len = 3, c = u[0] & 0x0f;
		lo = u[0] == 0xe0 ? 0xa0 : 0x80; /* overlong */
		hi = u[0] == 0xed ? 0x9f : 0xbf; /* surrogates */
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		len = 4, c = u[0] & 0x07;
		lo = u[0] == 0xf0 ? 0x90 : 0x80; /* overlong */
		hi = u[0] == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (i > 1 && (u[i] < 0x80 || u[i] > 0xbf))
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	*cp = c;
	return len;
}
