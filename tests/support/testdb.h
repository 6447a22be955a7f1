/*
 * Fresh databases for tests, on either backend.
 *
 * SQLite: a new file name in a private temporary directory (the file does not exist yet;
 * open it with TD_OPEN_CREATE); the directory and all in it is removed when the test
 * program exits. PostgreSQL: a new empty database td_<pid>_<n> in the test
 * cluster whose admin URL is in the file named by $TINDUNG_TEST_PG (tests/CMakeLists.txt
 * sets it; the CTest fixture "pg" starts the cluster with scripts/pgtest).
 *
 * There is no skipping: a missing $TINDUNG_TEST_PG, a missing file or an unreachable
 * server is an error, printed to stderr with what to do.
 */
#ifndef TD_TESTS_TESTDB_H
#define TD_TESTS_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define TESTDB_URL_MAX 512

/* Writes a fresh database URL into buf. Returns 0, or -1 after printing why to stderr. */
int testdb_url(enum td_backend b, char *buf, size_t size);

/* Deletes what url names: the SQLite file with its -wal/-shm/-journal, or the PostgreSQL
 * database (closing its other connections). Stores on it must be closed first. */
void testdb_cleanup(const char *url);

/* A fresh database on backend b, opened with TD_OPEN_CREATE and, if migrate, migrated to
 * the latest schema. url (TESTDB_URL_MAX) receives its URL, for testdb_cleanup after
 * store_close. Returns 0, or -1 after printing why to stderr. */
int testdb_open(enum td_backend b, bool migrate, struct td_store **out, char *url, size_t size);

/* $TD_TEST_BACKEND: "sqlite" or "postgres"; unset means sqlite. Anything else aborts. */
enum td_backend testdb_backend_from_env(void);

/* The admin URL of the PostgreSQL test cluster into buf; 0, or -1 after printing why. */
int testdb_pg_admin_url(char *buf, size_t size);

#endif
