/* Arena: blocks in a singly linked list, newest first; only the head is filled. */
#include "base/arena.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	struct arena_block *next;
	size_t size; /* payload bytes */
	size_t used;
	/* Payload follows at ARENA_ALIGN; the header is padded by block_payload(). */
};

#define HEADER_SIZE ((sizeof(struct arena_block) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

static unsigned char *block_payload(struct arena_block *b)
{
	return (unsigned char *)b + HEADER_SIZE;
}

void arena_init(struct arena *a, size_t block)
{
	a->head = NULL;
	a->block = block ? block : ARENA_BLOCK_DEFAULT;
	a->total = 0;
}

static struct arena_block *block_new(size_t size)
{
	assert(size % ARENA_ALIGN == 0);
	if (size > SIZE_MAX - HEADER_SIZE)
		return NULL;
	/* aligned_alloc: malloc's alignment is only 8 on some platforms. */
	struct arena_block *b = aligned_alloc(ARENA_ALIGN, HEADER_SIZE + size);
	if (!b)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

/* Bytes left in the head block. */
static size_t head_room(const struct arena *a)
{
	return a->head ? a->head->size - a->head->used : 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	/* No object may be larger than PTRDIFF_MAX; this also keeps the rounding below
	 * and the block header from wrapping. */
	if (n > PTRDIFF_MAX - HEADER_SIZE - ARENA_ALIGN)
		return NULL;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need > head_room(a)) {
		size_t ordinary = (a->block + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
		if (need > ordinary / 2) {
			/* A block of its own, put behind the head so that the head's free
			 * room is not wasted. */
			struct arena_block *big = block_new(need);
			if (!big)
				return NULL;
			big->used = need;
			if (a->head) {
				big->next = a->head->next;
				a->head->next = big;
			} else {
				a->head = big;
			}
			a->total += need;
			return block_payload(big);
		}
		struct arena_block *b = block_new(ordinary);
		if (!b)
			return NULL;
		b->next = a->head;
		a->head = b;
	}
	struct arena_block *h = a->head;
	void *p = block_payload(h) + h->used;
	h->used += need;
	assert(h->used <= h->size);
	assert((uintptr_t)p % ARENA_ALIGN == 0);
	a->total += need;
	return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

static char *copy_str(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	return copy_str(a, s, strnlen(s, n));
}

char *arena_strdup(struct arena *a, const char *s)
{
	return copy_str(a, s, strlen(s));
}

char *arena_vsprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	char *p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_sprintf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vsprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}
