#include "api/pool.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	char *url;
	unsigned size;   /* most connections ever open */
	unsigned opened; /* currently open, idle or lent */
	unsigned idle_count;
	struct td_store **idle;
};

int pool_create(const char *db_url, unsigned size, struct store_pool **out, struct td_error *err)
{
	assert(size > 0);
	struct store_pool *p = calloc(1, sizeof *p);
	if (!p)
		return td_error_set(err, TD_ENOMEM, "out of memory creating connection pool");
	p->url = strdup(db_url);
	p->idle = calloc(size, sizeof *p->idle);
	if (!p->url || !p->idle) {
		free(p->url);
		free(p->idle);
		free(p);
		return td_error_set(err, TD_ENOMEM, "out of memory creating connection pool");
	}
	p->size = size;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	*out = p;
	return TD_OK;
}

void pool_destroy(struct store_pool *p)
{
	if (!p)
		return;
	assert(p->opened == p->idle_count); /* every borrower gave its connection back */
	for (unsigned i = 0; i < p->idle_count; i++)
		store_close(p->idle[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->freed);
	free(p->idle);
	free(p->url);
	free(p);
}

int pool_acquire(struct store_pool *p, struct td_store **out, struct td_error *err)
{
	pthread_mutex_lock(&p->lock);
	while (p->idle_count == 0 && p->opened == p->size)
		pthread_cond_wait(&p->freed, &p->lock);
	if (p->idle_count > 0) {
		*out = p->idle[--p->idle_count];
		pthread_mutex_unlock(&p->lock);
		return TD_OK;
	}
	p->opened++; /* reserve a slot, open outside the lock */
	pthread_mutex_unlock(&p->lock);

	int rc = store_open(p->url, TD_OPEN_EXISTING, out, err);
	if (rc != TD_OK) {
		pthread_mutex_lock(&p->lock);
		p->opened--;
		pthread_cond_signal(&p->freed);
		pthread_mutex_unlock(&p->lock);
	}
	return rc;
}

void pool_release(struct store_pool *p, struct td_store *s, int broken)
{
	store_rollback(s); /* never hand on an open transaction */
	pthread_mutex_lock(&p->lock);
	if (broken) {
		p->opened--;
		pthread_mutex_unlock(&p->lock);
		store_close(s);
	} else {
		assert(p->idle_count < p->size);
		p->idle[p->idle_count++] = s;
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_lock(&p->lock);
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}
