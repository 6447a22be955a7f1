/*
 * The prepared-statement cache both backends share (store_impl.h): a hash table from SQL
 * text to the statements prepared from it that are free, plus a list of those free ones
 * from most to least recently used, the first to go when the cache is full. A statement in
 * use stays in the hash table (it counts against the cap) but is off the list, so that
 * nothing hands it out twice or evicts it under its user.
 */
#include "store/store_impl.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64 bits: SQL texts are a few hundred bytes and differ early. */
static uint64_t hash_sql(const char *sql)
{
	uint64_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

int stmt_cache_init(struct stmt_cache *c, size_t cap)
{
	assert(cap > 0);
	memset(c, 0, sizeof *c);
	c->nbuckets = 16;
	while (c->nbuckets < cap * 2)
		c->nbuckets *= 2;
	c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
	if (!c->buckets)
		return TD_ENOMEM;
	c->cap = cap;
	c->lru.lru_next = c->lru.lru_prev = &c->lru;
	return TD_OK;
}

void stmt_cache_free(struct stmt_cache *c)
{
	assert(c->count == 0 && "cached statements left: pop them all before freeing");
	free(c->buckets);
	c->buckets = NULL;
}

static struct stmt_cache_entry **bucket_of(struct stmt_cache *c, uint64_t hash)
{
	return &c->buckets[hash & (c->nbuckets - 1)];
}

static void lru_unlink(struct stmt_cache_entry *e)
{
	e->lru_prev->lru_next = e->lru_next;
	e->lru_next->lru_prev = e->lru_prev;
	e->lru_next = e->lru_prev = NULL;
}

static void lru_push_front(struct stmt_cache *c, struct stmt_cache_entry *e)
{
	e->lru_prev = &c->lru;
	e->lru_next = c->lru.lru_next;
	c->lru.lru_next->lru_prev = e;
	c->lru.lru_next = e;
}

/* Uncaches e, free or in use. */
static void forget(struct stmt_cache *c, struct stmt_cache_entry *e)
{
	assert(e->sql);
	struct stmt_cache_entry **p = bucket_of(c, e->hash);
	while (*p != e)
		p = &(*p)->bucket_next;
	*p = e->bucket_next;
	if (e->lru_next)
		lru_unlink(e);
	free(e->sql);
	e->sql = NULL;
	c->count--;
}

struct stmt_cache_entry *stmt_cache_take(struct stmt_cache *c, const char *sql)
{
	uint64_t h = hash_sql(sql);
	for (struct stmt_cache_entry *e = *bucket_of(c, h); e; e = e->bucket_next) {
		if (e->hash == h && e->lru_next && strcmp(e->sql, sql) == 0) {
			assert(e->generation == c->generation && "invalidated, yet not popped");
			lru_unlink(e);
			c->hits++;
			return e;
		}
	}
	c->misses++;
	return NULL;
}

struct stmt_cache_entry *stmt_cache_pop(struct stmt_cache *c)
{
	struct stmt_cache_entry *e = c->lru.lru_prev;
	if (e == &c->lru)
		return NULL;
	forget(c, e);
	return e;
}

bool stmt_cache_add(struct stmt_cache *c, struct stmt_cache_entry *e, const char *sql,
		    struct stmt_cache_entry **evicted)
{
	assert(!e->sql && !e->lru_next);
	*evicted = NULL;
	if (c->count >= c->cap) {
		*evicted = stmt_cache_pop(c);
		if (!*evicted)
			return false; /* every cached statement is in use: this one goes uncached */
	}
	e->sql = strdup(sql);
	if (!e->sql)
		return false;
	e->hash = hash_sql(sql);
	e->generation = c->generation;
	struct stmt_cache_entry **b = bucket_of(c, e->hash);
	e->bucket_next = *b;
	*b = e;
	c->count++;
	return true;
}

bool stmt_cache_release(struct stmt_cache *c, struct stmt_cache_entry *e)
{
	assert(e->sql && !e->lru_next);
	if (e->generation != c->generation) {
		forget(c, e);
		return false;
	}
	lru_push_front(c, e);
	return true;
}

void stmt_cache_invalidate(struct stmt_cache *c)
{
	c->generation++;
}
