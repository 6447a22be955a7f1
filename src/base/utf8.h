/* UTF-8 by the book (Unicode 15, table 3-7): no overlong forms, no surrogates, nothing
 * above U+10FFFF. For checking short texts a person typed (keys, names); the CSV reader
 * checks its stream itself as it refills. */
#ifndef TD_BASE_UTF8_H
#define TD_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the character at the start of s (n bytes available): its length 1..4 and *cp,
 * or 0 when the bytes are not valid UTF-8 (then *cp is the first byte). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

#endif
