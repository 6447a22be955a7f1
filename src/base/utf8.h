/*
 * UTF-8 one code point at a time, by the book (Unicode 15, table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF): decoding that never fails for the text helpers
 * (fold.h, nfc.h: a malformed sequence is one invalid code point of one byte), a strict
 * decoder for checking short texts a person typed (keys, names), encoding, and which code
 * points are white space. The CSV reader checks its stream itself as it refills.
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

/* Decodes the character at the start of s (n bytes available): its length 1..4 and *cp,
 * or 0 when the bytes are not valid UTF-8 (then *cp is the first byte). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp (a valid code point) into out (room for 4 bytes); returns the bytes written. */
size_t utf8_put(uint32_t cp, char *out);

/* ASCII white space, no-break space and the Unicode spaces. */
bool utf8_is_space(uint32_t cp);

#endif
