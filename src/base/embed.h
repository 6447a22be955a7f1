/* Files compiled into the binary (web pages, SQL migrations); see cmake/embed.cmake. */
#ifndef TD_BASE_EMBED_H
#define TD_BASE_EMBED_H
#include <stddef.h>

struct td_embedded {
	const char *path;          /* relative to its root, '/'-separated; NULL ends a table */
	const unsigned char *data; /* NUL-terminated for convenience; size excludes the NUL */
	size_t size;
};

/* Returns the entry named path, or NULL. */
const struct td_embedded *embed_find(const struct td_embedded *table, const char *path);

#endif
