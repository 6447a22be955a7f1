/*
 * Folding text for search: UTF-8 in, lowercase ASCII out, so that "nguyen van a" finds
 * "Nguyễn Văn A" (issue 4). Names typed in Vietnam reach us precomposed (NFC, the usual)
 * or decomposed (a base letter followed by combining marks, from some input methods and
 * from macOS file names); both fold alike.
 *
 *   - ASCII letters become lowercase; digits and ASCII punctuation stay.
 *   - Every Vietnamese letter folds to its base letter: ă â → a, ê → e, ô ơ → o, ư → u,
 *     đ Đ → d, with any tone mark (à á ả ã ạ ...); other Latin-1 and Latin Extended-A
 *     letters fold too (é → e, ñ → n, ß → ss, æ → ae).
 *   - Combining marks (U+0300..U+036F: grave, acute, circumflex, tilde, breve, hook above,
 *     horn, dot below, ...) are dropped.
 *   - White space (ASCII, no-break and the Unicode spaces) collapses to one space; the
 *     result has no leading or trailing space.
 *   - Anything else (other scripts, symbols, invalid UTF-8 bytes) is dropped.
 *
 * The result is never longer than the input, so an output buffer of n + 1 bytes suffices.
 */
#ifndef TD_BASE_FOLD_H
#define TD_BASE_FOLD_H

#include <stddef.h>

/* Folds the n bytes at s into out, which has room for n + 1 bytes; NUL-terminates it and
 * returns its length. s may hold any bytes (NUL included, which is dropped). */
size_t fold_ascii(const char *s, size_t n, char *out);

/* A malloc'd folded copy of the string s; NULL only when memory runs out. */
char *fold_dup(const char *s);

#endif
