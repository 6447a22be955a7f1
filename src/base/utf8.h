/*
 * UTF-8 one code point at a time, for the text helpers (fold.h, nfc.h): decoding that never
 * fails (a malformed sequence is one invalid code point of one byte), encoding, and which
 * code points are white space.
 */
#ifndef TD_BASE_UTF8_H
#define TD_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID UINT32_MAX

/* Decodes the code point at p (p < end) into *cp, UTF8_INVALID for a malformed sequence
 * (overlong, surrogate, truncated, stray continuation byte); returns the bytes used, >= 1. */
size_t utf8_next(const unsigned char *p, const unsigned char *end, uint32_t *cp);

/* Writes cp (a valid code point) into out (room for 4 bytes); returns the bytes written. */
size_t utf8_put(uint32_t cp, char *out);

/* ASCII white space, no-break space and the Unicode spaces. */
bool utf8_is_space(uint32_t cp);

#endif
