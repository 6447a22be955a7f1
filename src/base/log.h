/*
 * Log: one logfmt line per event, to stderr or the FILE* given to log_set_output:
 *
 *	ts=2026-11-23T13:10:45Z level=info msg="server started" addr=127.0.0.1:8080
 *
 * Values are quoted when empty or when they hold a space, a quote, '=', a backslash or a
 * control character; inside quotes, '"' and '\' are escaped with '\', newlines, CR and
 * tabs as \n \r \t, other control characters as \u00XX, so one event is one line. Keys
 * are code constants; characters other than [A-Za-z0-9_.-] in them become '_'.
 *
 * Thread-safe: each line is built in memory and written with one fwrite under a mutex.
 * The timestamp is the only clock read in the program; it is made here and nowhere else.
 *
 *	log_info("server started", "addr", addr);
 *	log_error("import failed", "file", path, "err", err.msg);
 */
#ifndef TD_BASE_LOG_H
#define TD_BASE_LOG_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "base/error.h"

/* Not LOG_INFO etc.: those are syslog.h's macros. */
enum log_level {
	LOG_LEVEL_DEBUG,
	LOG_LEVEL_INFO,
	LOG_LEVEL_WARN,
	LOG_LEVEL_ERROR,
};

/* Longest line written; a longer one is cut and ends with truncated=true. */
#define LOG_LINE_MAX 8192

/* NULL restores stderr. The caller keeps f open while it is set. */
void log_set_output(FILE *f);
/* Events below min are dropped. The default is LOG_LEVEL_INFO. */
void log_set_level(enum log_level min);
enum log_level log_get_level(void);
bool log_enabled(enum log_level level);
/* "debug", "info", "warn" (or "warning"), "error", any case. */
int log_level_parse(const char *s, enum log_level *out, struct td_error *err);
const char *log_level_name(enum log_level level);
/* For tests: the clock that stamps lines (NULL restores time()). */
void log_set_clock(time_t (*now)(void));

/* args[0] is the message, then n - 1 strings alternate key, value. A NULL value prints as
 * key=(null). Use the macros below: they count the arguments, check at compile time that
 * keys and values pair up, and that each one is a string. */
void log_kv(enum log_level level, const char *const *args, size_t n);

#define LOG_COUNT(...) (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))
#define LOG_AT(level, ...)                                                             \
	do {                                                                           \
		_Static_assert(LOG_COUNT(__VA_ARGS__) % 2 == 1,                        \
			       "log: a message, then key, value pairs");               \
		log_kv(level, (const char *const[]){__VA_ARGS__}, LOG_COUNT(__VA_ARGS__)); \
	} while (0)

#define log_debug(...) LOG_AT(LOG_LEVEL_DEBUG, __VA_ARGS__)
#define log_info(...) LOG_AT(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_warn(...) LOG_AT(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_error(...) LOG_AT(LOG_LEVEL_ERROR, __VA_ARGS__)

#endif
