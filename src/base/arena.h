/*
 * Arena: a bump allocator for one request or one command. Allocations are 16-byte
 * aligned and live until arena_free, which releases everything in one call; there is no
 * per-allocation free. Not thread-safe: one arena per request.
 *
 *	struct arena a;
 *	arena_init(&a, 0);
 *	char *name = arena_sprintf(&a, "%s %s", family, given);
 *	...
 *	arena_free(&a);
 *
 * Allocation functions return NULL only when memory runs out (or the size overflows);
 * callers report that as TD_ENOMEM.
 */
#ifndef TD_BASE_ARENA_H
#define TD_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#define ARENA_ALIGN 16
#define ARENA_BLOCK_DEFAULT 8192

struct arena_block;

struct arena {
	struct arena_block *head; /* the block being filled; older blocks follow */
	size_t block;             /* size of an ordinary block's payload */
	size_t total;             /* payload bytes handed out, for tests and metrics */
};

/* block: payload size of each block; 0 means ARENA_BLOCK_DEFAULT. Allocates nothing. */
void arena_init(struct arena *a, size_t block);
/* n bytes, aligned to ARENA_ALIGN, uninitialised. n == 0 gives a valid unique pointer.
 * Requests larger than half a block get a block of their own. */
void *arena_alloc(struct arena *a, size_t n);
/* Like arena_alloc, zero-filled. */
void *arena_zalloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* At most n bytes of s, always NUL-terminated. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_sprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vsprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Releases every allocation; the arena may be used again as if just initialised. */
void arena_free(struct arena *a);

#endif
