/* Log: the logfmt line, quoting and escaping, levels, truncation, whole lines under
 * concurrent writers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

#define TS "ts=2026-11-23T13:10:45Z "

static time_t fixed_clock(void) { return 1795439445; } /* 2026-11-23T13:10:45Z */

struct capture {
	char *data;
	size_t size;
	FILE *f;
};

static int setup(void **state)
{
	struct capture *c = calloc(1, sizeof *c);
	c->f = open_memstream(&c->data, &c->size);
	log_set_output(c->f);
	log_set_clock(fixed_clock);
	log_set_level(LOG_LEVEL_DEBUG);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct capture *c = *state;
	log_set_output(NULL);
	log_set_clock(NULL);
	log_set_level(LOG_LEVEL_INFO);
	fclose(c->f);
	free(c->data);
	free(c);
	return 0;
}

/* What was logged since the last call. */
static const char *taken(struct capture *c)
{
	static char out[3 * LOG_LINE_MAX];
	fclose(c->f);
	snprintf(out, sizeof out, "%.*s", (int)c->size, c->data ? c->data : "");
	free(c->data);
	c->data = NULL;
	c->f = open_memstream(&c->data, &c->size);
	log_set_output(c->f);
	return out;
}

static void test_line_shape(void **state)
{
	struct capture *c = *state;
	log_info("server started", "addr", "127.0.0.1:8080");
	assert_string_equal(taken(c),
			    TS "level=info msg=\"server started\" addr=127.0.0.1:8080\n");
	log_error("boot");
	assert_string_equal(taken(c), TS "level=error msg=boot\n");
	log_warn("slow", "ms", "1200", "path", "/api/loans");
	assert_string_equal(taken(c), TS "level=warn msg=slow ms=1200 path=/api/loans\n");
	log_debug("d");
	assert_string_equal(taken(c), TS "level=debug msg=d\n");
}

static void test_quoting_and_escapes(void **state)
{
	struct capture *c = *state;
	static const struct {
		const char *value, *want;
	} cases[] = {
		{"plain", "plain"},
		{"Hà_Nội", "Hà_Nội"},               /* UTF-8 needs no quotes */
		{"Hà Nội", "\"Hà Nội\""},           /* a space does */
		{"", "\"\""},
		{"a=b", "\"a=b\""},
		{"say \"hi\"", "\"say \\\"hi\\\"\""},
		{"two\nlines", "\"two\\nlines\""},
		{"cr\rtab\t", "\"cr\\rtab\\t\""},
		{"back\\slash", "\"back\\\\slash\""},
		{"bell\x01", "\"bell\\u0001\""},
		{"del\x7f", "\"del\\u007f\""},
		{NULL, "(null)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char want[256];
		log_info("m", "v", cases[i].value);
		snprintf(want, sizeof want, TS "level=info msg=m v=%s\n", cases[i].want);
		assert_string_equal(taken(c), want);
	}
	/* Keys are cleaned rather than trusted. */
	log_info("m", "bad key=", "1", "", "2");
	assert_string_equal(taken(c), TS "level=info msg=m bad_key_=1 _=2\n");
}

static void test_minimum_level(void **state)
{
	struct capture *c = *state;
	log_set_level(LOG_LEVEL_WARN);
	assert_false(log_enabled(LOG_LEVEL_INFO));
	assert_true(log_enabled(LOG_LEVEL_WARN));
	assert_int_equal(log_get_level(), LOG_LEVEL_WARN);
	log_debug("no");
	log_info("no");
	assert_string_equal(taken(c), "");
	log_warn("yes");
	log_error("yes");
	assert_string_equal(taken(c), TS "level=warn msg=yes\n" TS "level=error msg=yes\n");
}

static void test_level_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		enum log_level want;
	} ok[] = {
		{"debug", LOG_LEVEL_DEBUG}, {"info", LOG_LEVEL_INFO},   {"INFO", LOG_LEVEL_INFO},
		{"warn", LOG_LEVEL_WARN},   {"warning", LOG_LEVEL_WARN}, {"Error", LOG_LEVEL_ERROR},
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		enum log_level l = LOG_LEVEL_ERROR + 1;
		assert_int_equal(log_level_parse(ok[i].in, &l, NULL), TD_OK);
		assert_int_equal(l, ok[i].want);
	}
	struct td_error err = {0};
	enum log_level l = LOG_LEVEL_INFO;
	assert_int_equal(log_level_parse("verbose", &l, &err), TD_EINVAL);
	assert_string_equal(err.msg,
			    "log level \"verbose\" is not one of debug, info, warn, error");
	assert_int_equal(l, LOG_LEVEL_INFO);
	assert_int_equal(log_level_parse("", &l, &err), TD_EINVAL);
	assert_string_equal(log_level_name(LOG_LEVEL_WARN), "warn");
}

static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = *p < 0x80 ? 0 : *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc2 ? 1 : -1;
		if (n < 0)
			return false;
		p++;
		for (int i = 0; i < n; i++, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
	}
	return true;
}

/* A line longer than LOG_LINE_MAX is cut, still one line, still parseable. */
static void test_truncation(void **state)
{
	struct capture *c = *state;
	char *big = malloc(3 * LOG_LINE_MAX);
	memset(big, 'a', 3 * LOG_LINE_MAX - 1);
	big[3 * LOG_LINE_MAX - 1] = '\0';
	log_info("m", "v", big);
	const char *out = taken(c);
	assert_true(strlen(out) <= LOG_LINE_MAX);
	assert_non_null(strstr(out, "aaaa truncated=true\n"));
	assert_int_equal(strchr(out, '\n') - out, (long)strlen(out) - 1);

	/* Cut inside a quoted value: the quote is closed. */
	big[10] = ' ';
	log_info("m", "v", big);
	out = taken(c);
	assert_non_null(strstr(out, "aaa\" truncated=true\n"));

	/* Cut inside escapes and multi-byte characters: no half escape, valid UTF-8. */
	for (size_t shift = 0; shift < 6; shift++) {
		size_t n = 0;
		for (; n < shift; n++)
			big[n] = 'x';
		while (n + 3 < 3 * LOG_LINE_MAX - 1) {
			memcpy(big + n, n % 2 ? "ộ" : "\"\n", n % 2 ? 3 : 2);
			n += n % 2 ? 3 : 2;
		}
		big[n] = '\0';
		log_info("m", "v", big);
		out = taken(c);
		assert_true(valid_utf8(out));
		assert_non_null(strstr(out, "\" truncated=true\n"));
		/* No dangling backslash before the closing quote. */
		const char *end = strstr(out, "\" truncated=true\n");
		size_t backslashes = 0;
		for (const char *p = end - 1; p >= out && *p == '\\'; p--)
			backslashes++;
		assert_int_equal(backslashes % 2, 0);
	}
	free(big);
}

struct worker {
	int id;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char id[16], seq[16];
	snprintf(id, sizeof id, "%d", w->id);
	for (int i = 0; i < 2000; i++) {
		snprintf(seq, sizeof seq, "%d", i);
		log_info("tick with a longer message to widen the race", "worker", id, "seq", seq);
	}
	return NULL;
}

/* Lines from concurrent threads never interleave. */
static void test_threads_write_whole_lines(void **state)
{
	struct capture *c = *state;
	enum { N = 8 };
	pthread_t t[N];
	struct worker w[N];
	for (int i = 0; i < N; i++) {
		w[i].id = i;
		assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	fflush(c->f);
	int next[N] = {0};
	size_t lines = 0;
	char *save = NULL;
	for (char *line = strtok_r(c->data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int wid, seq;
		int n = 0;
		if (sscanf(line,
			   TS "level=info msg=\"tick with a longer message to widen the race\" "
			      "worker=%d seq=%d%n",
			   &wid, &seq, &n) != 2 || line[n] != '\0' || wid < 0 || wid >= N)
			fail_msg("mangled line: %s", line);
		if (seq != next[wid]++)
			fail_msg("worker %d: seq %d out of order", wid, seq);
		lines++;
	}
	assert_int_equal(lines, N * 2000);
	taken(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_line_shape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting_and_escapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimum_level, setup, teardown),
		cmocka_unit_test(test_level_parse),
		cmocka_unit_test_setup_teardown(test_truncation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_write_whole_lines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
