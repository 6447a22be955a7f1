/* Log: lines are built in a stack buffer, then written whole under one mutex. */
#include "base/log.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>

static pthread_mutex_t log_mutex = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_out;                 /* NULL means stderr; guarded by log_mutex */
static _Atomic int log_min = LOG_LEVEL_INFO;
static time_t (*_Atomic log_clock)(void);

static const char *const level_names[] = {"debug", "info", "warn", "error"};

/* Room kept at the end of a line for " truncated=true\n". */
#define LOG_TAIL 24

struct line {
	char data[LOG_LINE_MAX];
	size_t len;
	bool truncated;
};

void log_set_output(FILE *f)
{
	pthread_mutex_lock(&log_mutex);
	log_out = f;
	pthread_mutex_unlock(&log_mutex);
}

void log_set_level(enum log_level min) { atomic_store(&log_min, (int)min); }
enum log_level log_get_level(void) { return (enum log_level)atomic_load(&log_min); }
bool log_enabled(enum log_level level) { return (int)level >= atomic_load(&log_min); }
void log_set_clock(time_t (*now)(void)) { atomic_store(&log_clock, now); }

const char *log_level_name(enum log_level level)
{
	return level >= LOG_LEVEL_DEBUG && level <= LOG_LEVEL_ERROR ? level_names[level] : "?";
}

int log_level_parse(const char *s, enum log_level *out, struct td_error *err)
{
	for (int i = LOG_LEVEL_DEBUG; i <= LOG_LEVEL_ERROR; i++) {
		if (strcasecmp(s, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return TD_OK;
		}
	}
	if (strcasecmp(s, "warning") == 0) {
		*out = LOG_LEVEL_WARN;
		return TD_OK;
	}
	return td_error_set(err, TD_EINVAL,
			    "log level \"%.32s\" is not one of debug, info, warn, error", s);
}

/* Appends what fits of s; once something did not fit, nothing more is added. */
static void put(struct line *l, const char *s, size_t n)
{
	if (l->truncated)
		return;
	size_t room = sizeof l->data - LOG_TAIL - l->len;
	if (n > room) {
		n = room;
		l->truncated = true;
	}
	memcpy(l->data + l->len, s, n);
	l->len += n;
}

/* Appends all of s or, if it does not fit, nothing: an escape like \" cut in half
 * would change the meaning of what follows. */
static void put_whole(struct line *l, const char *s, size_t n)
{
	if (!l->truncated && n > sizeof l->data - LOG_TAIL - l->len)
		l->truncated = true;
	put(l, s, n);
}

static void put_str(struct line *l, const char *s) { put(l, s, strlen(s)); }

static bool needs_quotes(const char *v)
{
	if (*v == '\0')
		return true;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= ' ' || *p == '"' || *p == '=' || *p == '\\' || *p == 0x7f)
			return true;
	return false;
}

static void put_value(struct line *l, const char *v)
{
	if (!v) {
		put_str(l, "(null)");
		return;
	}
	if (!needs_quotes(v)) {
		put_str(l, v);
		return;
	}
	put(l, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		char esc[8];
		switch (*p) {
		case '"': put_whole(l, "\\\"", 2); break;
		case '\\': put_whole(l, "\\\\", 2); break;
		case '\n': put_whole(l, "\\n", 2); break;
		case '\r': put_whole(l, "\\r", 2); break;
		case '\t': put_whole(l, "\\t", 2); break;
		default:
			if (*p < ' ' || *p == 0x7f) {
				snprintf(esc, sizeof esc, "\\u%04x", *p);
				put_whole(l, esc, strlen(esc));
			} else {
				put(l, (const char *)p, 1);
			}
		}
	}
	put(l, "\"", 1);
}

static void put_key(struct line *l, const char *k)
{
	put(l, " ", 1);
	if (*k == '\0')
		k = "_";
	for (; *k; k++) {
		char c = *k;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
		put(l, ok ? k : "_", 1);
	}
	put(l, "=", 1);
}

static void put_timestamp(struct line *l)
{
	time_t (*clock)(void) = atomic_load(&log_clock);
	time_t t = clock ? clock() : time(NULL);
	struct tm tm;
	char ts[32];
	if (gmtime_r(&t, &tm) && strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm))
		put_str(l, ts);
	else
		put_str(l, "?");
}

/* A cut inside a multi-byte character would leave invalid UTF-8 at the end. */
static void drop_partial_utf8(struct line *l)
{
	size_t i = l->len, cont = 0;
	while (i > 0 && cont < 3 && ((unsigned char)l->data[i - 1] & 0xc0) == 0x80) {
		i--;
		cont++;
	}
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)l->data[i - 1];
	size_t need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
	if (need > cont)
		l->len = i - 1;
}

void log_kv(enum log_level level, const char *const *args, size_t n)
{
	assert(n % 2 == 1);
	if (!log_enabled(level))
		return;
	struct line l = {.len = 0, .truncated = false};
	put_str(&l, "ts=");
	put_timestamp(&l);
	put_str(&l, " level=");
	put_str(&l, log_level_name(level));
	put_key(&l, "msg");
	put_value(&l, args[0]);
	for (size_t i = 1; i + 1 < n; i += 2) {
		put_key(&l, args[i] ? args[i] : "_");
		put_value(&l, args[i + 1]);
	}
	if (l.truncated) {
		drop_partial_utf8(&l);
		/* The cut may fall inside a quoted value: close the quote if one is open
		 * so the line still parses. */
		const char *tail = "\" truncated=true\n";
		bool open = false;
		for (size_t i = 0; i < l.len; i++) {
			if (l.data[i] == '\\')
				i++;
			else if (l.data[i] == '"')
				open = !open;
		}
		if (!open)
			tail++;
		memcpy(l.data + l.len, tail, strlen(tail));
		l.len += strlen(tail);
	} else {
		l.data[l.len++] = '\n';
	}
	pthread_mutex_lock(&log_mutex);
	FILE *out = log_out ? log_out : stderr;
	fwrite(l.data, 1, l.len, out);
	fflush(out);
	pthread_mutex_unlock(&log_mutex);
}
