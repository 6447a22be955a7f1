/* Buf: doubling growth, never beyond cap + 1 bytes of memory. */
#include "base/buf.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_MIN_ALLOC 64

void buf_init(struct buf *b, size_t cap)
{
	assert(cap > 0);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

/* Makes room for n more bytes plus the NUL, or fails leaving b as it was. */
static int buf_reserve(struct buf *b, size_t n)
{
	if (n > b->cap - b->len)
		return TD_ETOOBIG;
	size_t want = b->len + n + 1; /* cannot overflow: len + n <= cap < SIZE_MAX */
	if (want <= b->alloc)
		return TD_OK;
	size_t size = b->alloc ? b->alloc : BUF_MIN_ALLOC;
	while (size < want)
		size = size > SIZE_MAX / 2 ? SIZE_MAX : size * 2;
	if (b->cap < SIZE_MAX && size > b->cap + 1)
		size = b->cap + 1;
	char *p = realloc(b->data, size);
	if (!p)
		return TD_ENOMEM;
	b->data = p;
	b->alloc = size;
	return TD_OK;
}

int buf_append(struct buf *b, const void *data, size_t n)
{
	int rc = buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TD_OK;
}

int buf_append_str(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_append_char(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int buf_vappendf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	/* Try the room we have first; most appends fit. */
	size_t room = b->alloc > b->len ? b->alloc - b->len : 0;
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		if (room)
			b->data[b->len] = '\0';
		return TD_EINVAL;
	}
	if ((size_t)n < room && (size_t)n <= b->cap - b->len) {
		b->len += (size_t)n;
		return TD_OK;
	}
	/* It did not fit (or passed the cap): put the NUL back and retry with room. */
	if (room)
		b->data[b->len] = '\0';
	int rc = buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return TD_OK;
}

int buf_appendf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vappendf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
}

const char *buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

size_t buf_len(const struct buf *b)
{
	return b->len;
}
