/*
 * A small pool of store connections shared by the server's threads. A SQLite or libpq
 * connection is used by one thread at a time, so each request borrows one and gives it
 * back. Connections are opened lazily, up to `size`; a borrower waits when all are out.
 */
#ifndef TD_API_POOL_H
#define TD_API_POOL_H

#include "base/error.h"
#include "store/store.h"

struct store_pool;

int pool_create(const char *db_url, unsigned size, struct store_pool **out, struct td_error *err);
void pool_destroy(struct store_pool *p);

/* Blocks until a connection is free; opens one if the pool is not yet full. */
int pool_acquire(struct store_pool *p, struct td_store **out, struct td_error *err);
/* broken = true closes the connection instead of reusing it (after a lost PostgreSQL link). */
void pool_release(struct store_pool *p, struct td_store *s, int broken);

#endif
