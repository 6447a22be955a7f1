/*
 * Unicode NFC (canonical composition) for names, and names as identity.
 *
 * The same Vietnamese name reaches us precomposed ("Hưng": U+01B0) or decomposed (u +
 * U+031B horn, from some input methods and macOS file names), with the tone marks in either
 * order. NFC makes them one byte string, so that names can be compared exactly: "Nguyễn Văn
 * Hùng" and "Nguyễn Văn Hưng" are two people, whatever their folded forms say (fold.h is for
 * search only, never for identity).
 *
 * Covered: the Latin letters with their canonical decompositions (U+00C0..U+024F,
 * U+1E00..U+1EFF: every Vietnamese letter) and the combining diacritical marks
 * U+0300..U+036F with their combining classes, from Unicode's data through
 * scripts/gen-nfc-table. Other characters (other scripts, symbols) pass unchanged, as do
 * invalid UTF-8 bytes. On Vietnamese and other Latin text the result is the NFC of the
 * Unicode standard.
 */
#ifndef TD_BASE_NFC_H
#define TD_BASE_NFC_H

#include <stddef.h>

/* NFC of the n bytes at s into out (size bytes, NUL-terminated when size > 0). Returns the
 * length of the whole result, like snprintf: it fits when the return is < size. */
size_t nfc_normalize(const char *s, size_t n, char *out, size_t size);

/* A name as identity: NFC, with white space (also no-break and the Unicode spaces)
 * trimmed at both ends and every inner run made one space. Same contract as nfc_normalize.
 * Case and diacritics count: "Hùng" and "HÙNG" and "Hưng" are three names. */
size_t nfc_name(const char *s, size_t n, char *out, size_t size);

/* malloc'd nfc_name of the string s; NULL only when memory runs out. */
char *nfc_name_dup(const char *s);

#endif
