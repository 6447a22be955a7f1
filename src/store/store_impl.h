/*
 * Private to src/store (and its tests): the backend vtable behind store.h, the SQL
 * rewriting both backends share, and the migration runner with an explicit list.
 * Bank, API and CLI code include store.h only.
 */
#ifndef TD_STORE_STORE_IMPL_H
#define TD_STORE_STORE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/embed.h"
#include "base/error.h"
#include "store/store.h"

/* Transactions a backend knows how to begin. */
enum store_tx {
	STORE_TX_WRITE,   /* store_begin: serializable, writers never interleave */
	STORE_TX_MIGRATE, /* holds the migration lock; sees commits made while it waited */
};

/*
 * stmtcache.c: each connection keeps the statements it prepared, keyed by their exact SQL
 * text, so that store_prepare of a text seen before skips parsing (SQLite) or a round
 * trip and the server's parse (PostgreSQL), and stmt_finalize only resets and clears the
 * bindings. store.c does the caching for both backends, through the stmt_cache_entry in
 * struct td_stmt; backends only prepare new statements and finalize them. A statement is
 *   uncached    (sql == NULL): finalized for real;
 *   cached, free (on the LRU list): stmt_cache_take hands it out again;
 *   cached, in use (off the list): its user holds it; a second user of the same text
 *               gets a new statement, so nested and recursive use is safe.
 * The cap counts free and in-use statements; at the cap, adding evicts the least recently
 * used free one, and when all are in use the newcomer simply stays uncached.
 * Used by one thread at a time, like its store.
 */
#define STMT_CACHE_CAP 256

struct stmt_cache_entry {
	char *sql; /* the key (a copy); NULL when not cached */
	uint64_t hash;
	unsigned generation;
	struct stmt_cache_entry *bucket_next;
	struct stmt_cache_entry *lru_prev, *lru_next; /* non-NULL only while free */
};

struct stmt_cache {
	struct stmt_cache_entry **buckets;
	size_t nbuckets; /* a power of two */
	size_t count;    /* cached statements, free or in use */
	size_t cap;
	struct stmt_cache_entry lru; /* sentinel: lru.lru_next is the most recently used */
	unsigned generation;
	uint64_t hits, misses; /* of stmt_cache_take, for tests and measurements */
};

/* TD_ENOMEM or TD_OK. */
int stmt_cache_init(struct stmt_cache *c, size_t cap);
/* Every cached statement must have been popped first. */
void stmt_cache_free(struct stmt_cache *c);
/* A free statement prepared from exactly sql, now in use; NULL if there is none. */
struct stmt_cache_entry *stmt_cache_take(struct stmt_cache *c, const char *sql);
/* Caches e (in use, uncached) under sql. When the cache is full, *evicted gets the least
 * recently used free statement, now uncached, for the caller to finalize (else NULL).
 * false, e staying uncached, when every cached statement is in use or memory runs out. */
bool stmt_cache_add(struct stmt_cache *c, struct stmt_cache_entry *e, const char *sql,
		    struct stmt_cache_entry **evicted);
/* Its user is done with cached e: true, and e is free for the next taker; or false when
 * stmt_cache_invalidate ran since e was added: e is then uncached, to be finalized. */
bool stmt_cache_release(struct stmt_cache *c, struct stmt_cache_entry *e);
/* Uncaches and returns the least recently used free statement; NULL when none is free. */
struct stmt_cache_entry *stmt_cache_pop(struct stmt_cache *c);
/* Statements cached so far are not to be reused: the caller pops and finalizes the free
 * ones; those in use are uncached by their stmt_cache_release. */
void stmt_cache_invalidate(struct stmt_cache *c);

struct store_ops {
	void (*close)(struct td_store *s);
	int (*exec)(struct td_store *s, const char *sql, struct td_error *err);
	int (*begin)(struct td_store *s, enum store_tx kind, struct td_error *err);
	int (*commit)(struct td_store *s, struct td_error *err);
	int (*rollback)(struct td_store *s);
	bool (*in_transaction)(struct td_store *s);
	/* *found = whether a table of that name exists in the schema tindung uses. */
	int (*has_table)(struct td_store *s, const char *name, bool *found, struct td_error *err);

	/* TD_OK, or TD_EDB when the open transaction is doomed by a failed statement. */
	int (*check_aborted)(struct td_store *s, struct td_error *err);
	/* A new statement, never one from the cache: store.c looks there first. */
	int (*prepare)(struct td_store *s, const char *sql, struct td_stmt **out,
		       struct td_error *err);
	/* Binds return TD_OK, or an error code with the reason in st->bind_err. */
	int (*bind_int64)(struct td_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct td_stmt *st, int idx, const char *v);
	int (*bind_null)(struct td_stmt *st, int idx);
	int (*step)(struct td_stmt *st, struct td_error *err);
	int (*column_count)(struct td_stmt *st);
	bool (*column_is_null)(struct td_stmt *st, int col);
	int64_t (*column_int64)(struct td_stmt *st, int col);
	const char *(*column_text)(struct td_stmt *st, int col);
	void (*reset)(struct td_stmt *st);
	void (*clear_bindings)(struct td_stmt *st);
	void (*finalize)(struct td_stmt *st);
};

/* Each backend embeds these as the first member of its own structs. */
struct td_store {
	const struct store_ops *ops;
	enum td_backend backend;
	struct stmt_cache cache; /* managed by store.c: backends only prepare and finalize */
	int retained;		 /* store_retain calls not yet matched by store_close */
};

struct td_stmt {
	struct td_store *store;
	/* A failed bind is kept here and returned by the next stmt_step, so that a caller
	 * who ignores bind results still gets an error instead of a wrong row. */
	struct td_error bind_err;
	struct stmt_cache_entry cache;
};

/* How a store's cache is doing (store_cache_stats), for tests and measurements. */
struct store_cache_stats {
	size_t count, cap;
	uint64_t hits, misses;
};
void store_cache_stats(struct td_store *s, struct store_cache_stats *out);

/* store_sqlite.c: path is a file name (no "sqlite:" prefix). */
int store_sqlite_open(const char *path, enum td_open_mode mode, struct td_store **out,
		      struct td_error *err);
/* store_pg.c: url is a libpq URL ("postgres://..." or "postgresql://..."). */
int store_pg_open(const char *url, enum td_open_mode mode, struct td_store **out,
		  struct td_error *err);

/* Copies url into buf without its password (userinfo ":secret" and "password=" query
 * parameter), for error messages. Truncates to size. */
void store_url_redact(const char *url, char *buf, size_t size);

/*
 * sqlrewrite.c. Both functions copy everything inside '...' string literals, "..."
 * identifiers, -- and slash-star comments unchanged, and return a malloc'd string
 * (NULL when out of memory).
 *
 * sqlrewrite_placeholders: each '?' becomes $1, $2, ... (PostgreSQL); *nparams gets n.
 * sqlrewrite_ddl_pg: the migration dialect translation of src/store/README.md:
 *   INTEGER PRIMARY KEY -> BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
 *   the word INTEGER -> BIGINT, ") STRICT" -> ")". Case-insensitive, whole words.
 */
char *sqlrewrite_placeholders(const char *sql, int *nparams);
char *sqlrewrite_ddl_pg(const char *sql);

/* migrate.c: store_migrate with an explicit migration table (sorted, numbered NNNN_name.sql
 * from 0001 without gaps, ended by a NULL path), so that tests can run failing or
 * longer lists. */
int store_migrate_list(struct td_store *s, const struct td_embedded *list, int *applied,
		       struct td_error *err);
/* *version = the highest migration number in list; TD_EINTERNAL if a name is malformed. */
int store_list_version(const struct td_embedded *list, int *version, struct td_error *err);

#endif
