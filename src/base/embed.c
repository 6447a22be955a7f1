#include "base/embed.h"

#include <string.h>

const struct td_embedded *embed_find(const struct td_embedded *table, const char *path)
{
	for (const struct td_embedded *e = table; e->path; e++)
		if (strcmp(e->path, path) == 0)
			return e;
	return NULL;
}
