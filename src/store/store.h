/*
 * One database API, two backends: SQLite (embedded, default) and PostgreSQL (libpq).
 *
 * SQL passed to store_prepare is portable: '?' placeholders (rewritten to $1.. for
 * PostgreSQL), no backend-specific functions. Migrations live in src/store/migrations/
 * as NNNN_name.sql, embedded in the binary, written in SQLite's STRICT dialect with the
 * small translation documented in src/store/README.md.
 *
 * Ownership: the caller owns the store and every statement it prepares; a statement
 * must be finalized before its store is closed. A store is used by one thread at a time.
 *
 * Statements are cached per store (src/store/README.md): store_prepare of an SQL text
 * prepared before hands back a finalized statement of exactly that text, reset and with
 * no parameters bound, instead of parsing it again; stmt_finalize returns it. Preparing
 * a text while another statement of it is still in use gives a second statement, so
 * nested use is safe. store_exec empties the cache (it may change the schema).
 */
#ifndef TD_STORE_STORE_H
#define TD_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

enum td_backend { TD_BACKEND_SQLITE, TD_BACKEND_POSTGRES };

/* The application_id stamped on SQLite files ("TDNG") so that a foreign file is refused. */
#define TD_SQLITE_APPLICATION_ID 0x54444e47

enum td_open_mode {
	TD_OPEN_EXISTING, /* the database must exist and be a tindung database */
	TD_OPEN_CREATE,   /* create it if absent (SQLite file); refuse a foreign database */
};

struct td_store;
struct td_stmt;

/* Returned by stmt_step besides error codes. */
#define TD_ROW 100
#define TD_DONE 101

/* url: "var/x.db", "sqlite:PATH", "postgres://..." or "postgresql://...".
 * Errors: TD_ECONNECT (server refuses), TD_EIO (cannot create/open file),
 * TD_ENOTDB (file or database is not tindung's), each with one line naming the problem.
 * On error nothing is created. Does not migrate. */
int store_open(const char *url, enum td_open_mode mode, struct td_store **out,
	       struct td_error *err);
/* Closes s, or drops one reference taken by store_retain: then s stays open, transaction
 * and all, for the holder of that reference to finish and close. */
void store_close(struct td_store *s);
/* One more owner: the next store_close only drops a reference. The command line's --key
 * keeps a command's store open past the command, to commit its transaction (cli/keyed.c). */
void store_retain(struct td_store *s);

enum td_backend store_backend(const struct td_store *s);
const char *store_backend_name(const struct td_store *s); /* "sqlite" | "postgres" */

/* Applies every embedded migration newer than the recorded schema version, each in its
 * own transaction; safe to run twice. *applied (may be NULL) gets how many ran.
 * TD_ESCHEMA if the database is newer than this binary. */
int store_migrate(struct td_store *s, int *applied, struct td_error *err);
/* Highest applied migration number (0 for an empty tindung database). */
int store_schema_version(struct td_store *s, int *version, struct td_error *err);
/* Highest migration number this binary carries. */
int store_latest_version(void);

/* Transactions are serializable on both backends (SQLite: BEGIN IMMEDIATE, writers wait
 * up to 5 s for each other; PostgreSQL: ISOLATION LEVEL SERIALIZABLE). TD_EBUSY from any
 * step or from commit means: roll back and run the whole transaction again.
 * After any other error inside a transaction, roll back: PostgreSQL refuses every further
 * statement of a transaction in which one failed, so continuing works on SQLite only.
 * A failed store_commit has already ended the transaction. Transactions do not nest. */
int store_begin(struct td_store *s, struct td_error *err);
int store_commit(struct td_store *s, struct td_error *err);
int store_rollback(struct td_store *s); /* safe to call when no transaction is open */
/* Whether a transaction is open (begun and not yet committed or rolled back). */
bool store_in_transaction(struct td_store *s);

/* Runs SQL without parameters or rows (may hold several statements). Bypasses the
 * statement cache and empties it: statements prepared before are prepared anew. */
int store_exec(struct td_store *s, const char *sql, struct td_error *err);
/* Like store_exec, for SQL written in the migration dialect (SQLite STRICT tables, INTEGER),
 * translated for PostgreSQL as migrations are (src/store/README.md). For tests and tools:
 * the schema itself changes only through migrations. */
int store_exec_schema(struct td_store *s, const char *sql, struct td_error *err);

/* A statement taken from the cache may meet a schema changed by another connection only
 * when it runs: then stmt_step, not store_prepare, reports a missing table. Inside a
 * transaction on PostgreSQL a table whose columns changed gives TD_EBUSY (run the
 * transaction again); outside one the statement is prepared again unseen. */
int store_prepare(struct td_store *s, const char *sql, struct td_stmt **out,
		  struct td_error *err);
/* One statement. Parameters are '?' only (no ?NNN or :name), numbered from 1 like SQLite;
 * an unbound parameter is NULL. Bind only before the first step or after stmt_reset.
 * A bind error (index out of range...) is also returned by the next stmt_step. */
int stmt_bind_int64(struct td_stmt *st, int idx, int64_t v);
int stmt_bind_text(struct td_stmt *st, int idx, const char *v); /* copied; NULL binds null */
int stmt_bind_null(struct td_stmt *st, int idx);
/* TD_ROW (a row is available), TD_DONE, or an error code: TD_EUNIQUE, TD_EFOREIGN,
 * TD_EBUSY, TD_EDB... with the database's own message in err. */
int stmt_step(struct td_stmt *st, struct td_error *err);
/* Stepping after TD_DONE runs the statement again (as SQLite does).
 * Columns are numbered from 0 and read only after stmt_step returned TD_ROW; values are
 * valid until the next step/reset/finalize. Reading a column that does not exist aborts. */
int stmt_column_count(struct td_stmt *st); /* of the current row */
bool stmt_column_is_null(struct td_stmt *st, int col);
int64_t stmt_column_int64(struct td_stmt *st, int col);
const char *stmt_column_text(struct td_stmt *st, int col); /* NULL for SQL NULL */
/* Makes the statement ready to bind and step again; bindings are kept. */
int stmt_reset(struct td_stmt *st);
int stmt_clear_bindings(struct td_stmt *st);
/* Ends this use of st (NULL is ignored): a cached statement goes back to the cache, reset
 * and with its bindings cleared, the others are freed. */
void stmt_finalize(struct td_stmt *st);

/* Convenience: prepare, bind none, step once, read column 0 as int64. TD_ENOTFOUND if no row
 * or the value is NULL. */
int store_query_int64(struct td_store *s, const char *sql, int64_t *out, struct td_error *err);

#endif
