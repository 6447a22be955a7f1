#include "cli/canon.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct canon_opt {
	const char *name;
	const char *value;
	size_t seq; /* the order it came in: a repeated option keeps it */
};

/* One command per process: the state of its parse. */
static struct {
	char **base;
	int argc;
	char **argv; /* the argument vector of the last parse; NULL before one */
	int pargc;
	int end; /* optind at the end of the options; -1 while parsing */
	struct canon_opt *opts;
	size_t n, cap;
} canon;

void canon_reset(char **base, int argc)
{
	free(canon.opts);
	memset(&canon, 0, sizeof canon);
	canon.base = base;
	canon.argc = argc;
	canon.end = -1;
}

void canon_parsed(char **argv, int argc, const struct option *o, const char *value)
{
	if (argv != canon.argv) { /* a new parse: only the last one counts */
		canon.argv = argv;
		canon.pargc = argc;
		canon.n = 0;
		canon.end = -1;
	}
	if (!o) {
		canon.end = optind;
		return;
	}
	if (canon.n == canon.cap) {
		size_t cap = canon.cap ? canon.cap * 2 : 16;
		struct canon_opt *p = realloc(canon.opts, cap * sizeof *p);
		if (!p)
			abort(); /* a few dozen options: no way back from here */
		canon.opts = p;
		canon.cap = cap;
	}
	canon.opts[canon.n] = (struct canon_opt){o->name, value, canon.n};
	canon.n++;
}

/* Characters a word may hold without quotes (UTF-8 letters included). */
static bool plain(const char *s)
{
	if (!*s)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80 && !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "0123456789-_.,:/@%+=",
					 *p))
			return false;
	return true;
}

/* " word", in single quotes when it needs them ('it'\''s'). */
static int word(struct buf *b, const char *prefix, const char *s)
{
	int rc = buf_appendf(b, "%s%s", b->len ? " " : "", prefix);
	if (rc != TD_OK || plain(s))
		return rc != TD_OK ? rc : buf_append_str(b, s);
	rc = buf_append_char(b, '\'');
	for (; rc == TD_OK && *s; s++)
		rc = *s == '\'' ? buf_append_str(b, "'\\''") : buf_append_char(b, *s);
	return rc == TD_OK ? buf_append_char(b, '\'') : rc;
}

static int by_name(const void *a, const void *b)
{
	const struct canon_opt *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* The words as given, without --db. */
static int raw_text(struct buf *out)
{
	int rc = TD_OK;
	for (int i = 1; rc == TD_OK && i < canon.argc; i++) {
		if (strcmp(canon.base[i], "--db") == 0) {
			i++;
			continue;
		}
		if (strncmp(canon.base[i], "--db=", 5) != 0)
			rc = word(out, "", canon.base[i]);
	}
	return rc;
}

int canon_text(struct buf *out)
{
	bool parsed = canon.argv && canon.end >= 0 && canon.argv > canon.base &&
		      canon.argv < canon.base + canon.argc;
	if (!parsed)
		return raw_text(out);
	int rc = TD_OK;
	/* The command and subcommand: the words before the parse, and its argv[0]. */
	for (char **w = canon.base + 1; rc == TD_OK && w <= canon.argv; w++)
		rc = word(out, "", *w);
	for (int i = canon.end; rc == TD_OK && i < canon.pargc; i++)
		rc = word(out, "", canon.argv[i]);
	qsort(canon.opts, canon.n, sizeof *canon.opts, by_name);
	for (size_t i = 0; rc == TD_OK && i < canon.n; i++) {
		const struct canon_opt *o = &canon.opts[i];
		if (strcmp(o->name, "db") == 0)
			continue;
		char prefix[80];
		snprintf(prefix, sizeof prefix, "--%s%s", o->name, o->value ? "=" : "");
		rc = o->value ? word(out, prefix, o->value) : word(out, "", prefix);
	}
	return rc;
}
