/*
 * Buf: a growable byte buffer with a hard size cap, after curl's dynbuf. The cap bounds
 * what a request, an export or a log line can make us allocate. The contents are always
 * NUL-terminated (the NUL is not counted in the length or the cap).
 *
 * An append that would pass the cap fails with TD_ETOOBIG, and one that cannot get memory
 * with TD_ENOMEM; either way the buffer is left exactly as it was.
 */
#ifndef TD_BASE_BUF_H
#define TD_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/error.h"

struct buf {
	char *data;   /* NULL until the first append */
	size_t len;   /* bytes held, without the NUL */
	size_t alloc; /* bytes allocated, with room for the NUL */
	size_t cap;   /* the most len may ever be */
};

/* cap > 0: the largest length the buffer may reach. Allocates nothing. */
void buf_init(struct buf *b, size_t cap);
int buf_append(struct buf *b, const void *data, size_t n);
int buf_append_str(struct buf *b, const char *s);
int buf_append_char(struct buf *b, char c);
int buf_appendf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vappendf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Empties the buffer, keeping its memory and cap. */
void buf_reset(struct buf *b);
/* Releases the memory; the buffer is empty and usable again with the same cap. */
void buf_free(struct buf *b);
/* The contents, NUL-terminated; "" for a buffer that never held anything. */
const char *buf_str(const struct buf *b);
size_t buf_len(const struct buf *b);

#endif
