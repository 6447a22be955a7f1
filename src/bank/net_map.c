/* A string-keyed hash map with open addressing, for the admin-units import (thousands of
 * codes looked up per file). Keys and values belong to the caller (an arena). */
#include <stdlib.h>
#include <string.h>

#include "bank/net_internal.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t slot(const struct net_map *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *net_map_get(const struct net_map *m, const char *key)
{
	return m->cap && key ? m->vals[slot(m, key)] : NULL;
}

static int grow(struct net_map *m)
{
	struct net_map bigger = {.cap = m->cap ? m->cap * 2 : 1024};
	bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
	bigger.vals = calloc(bigger.cap, sizeof *bigger.vals);
	if (!bigger.keys || !bigger.vals) {
		free(bigger.keys);
		free(bigger.vals);
		return TD_ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			size_t j = slot(&bigger, m->keys[i]);
			bigger.keys[j] = m->keys[i];
			bigger.vals[j] = m->vals[i];
		}
	bigger.n = m->n;
	free(m->keys);
	free(m->vals);
	*m = bigger;
	return TD_OK;
}

int net_map_put(struct net_map *m, const char *key, void *val)
{
	if (!key || ((m->n + 1) * 2 > m->cap && grow(m) != TD_OK))
		return TD_ENOMEM;
	size_t i = slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->n++;
	}
	m->vals[i] = val;
	return TD_OK;
}

void net_map_free(struct net_map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
