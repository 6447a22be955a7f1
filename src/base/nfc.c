#include "base/nfc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

struct nfc_decomp {
	uint32_t cp, first, second;
	int composes; /* a primary composite: first + second compose back into cp */
};

#include "base/nfc_table.h"

#define NDECOMPS (sizeof nfc_decomps / sizeof nfc_decomps[0])
/* Code points of one segment (a starter and its marks) held at once; a longer run of marks
 * (never in a name) is passed through in pieces. */
#define SEG_MAX 32

static int ccc(uint32_t cp)
{
	return cp >= 0x0300 && cp < 0x0370 ? nfc_ccc_0300[cp - 0x0300] : 0;
}

static const struct nfc_decomp *decomp_of(uint32_t cp)
{
	size_t lo = 0, hi = NDECOMPS;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nfc_decomps[mid].cp == cp)
			return &nfc_decomps[mid];
		if (nfc_decomps[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The primary composite of a + b, or 0. */
static uint32_t compose(uint32_t a, uint32_t b)
{
	for (size_t i = 0; i < NDECOMPS; i++)
		if (nfc_decomps[i].composes && nfc_decomps[i].first == a && nfc_decomps[i].second == b)
			return nfc_decomps[i].cp;
	return 0;
}

/* One segment being normalised. */
struct seg {
	uint32_t cp[SEG_MAX];
	int n;
};

/* Appends the full canonical decomposition of cp; false when the segment is full. */
static bool decompose(struct seg *g, uint32_t cp)
{
	const struct nfc_decomp *d = decomp_of(cp);
	if (!d) {
		if (g->n == SEG_MAX)
			return false;
		g->cp[g->n++] = cp;
		return true;
	}
	return decompose(g, d->first) && (d->second == 0 || decompose(g, d->second));
}

/* Canonical ordering (stable by combining class), then canonical composition. */
static void normalise(struct seg *g)
{
	for (int i = 1; i < g->n; i++) {
		uint32_t c = g->cp[i];
		int k = ccc(c), j = i;
		for (; k && j > 0 && ccc(g->cp[j - 1]) > k; j--)
			g->cp[j] = g->cp[j - 1];
		g->cp[j] = c;
	}
	if (g->n == 0 || ccc(g->cp[0]) != 0)
		return;
	/* A mark composes with the starter unless something kept between them blocks it: a
	 * starter, or a mark of the same or a higher combining class (UAX #15). */
	int out = 1, last = 0; /* combining class of the last character kept; 0: none */
	for (int i = 1; i < g->n; i++) {
		int k = ccc(g->cp[i]);
		uint32_t c = (last == 0 || last < k) ? compose(g->cp[0], g->cp[i]) : 0;
		if (c) {
			g->cp[0] = c;
			continue;
		}
		last = k ? k : 256;
		g->cp[out++] = g->cp[i];
	}
	g->n = out;
}

/* The output so far: writes what fits, counts everything. */
struct sink {
	char *out;
	size_t size, len;
};

static void put_bytes(struct sink *k, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++, k->len++)
		if (k->len + 1 < k->size)
			k->out[k->len] = b[i];
}

static void flush(struct sink *k, struct seg *g)
{
	normalise(g);
	for (int i = 0; i < g->n; i++) {
		char b[4];
		put_bytes(k, b, utf8_put(g->cp[i], b));
	}
	g->n = 0;
}

static void finish(struct sink *k)
{
	if (k->size > 0)
		k->out[k->len < k->size ? k->len : k->size - 1] = '\0';
}

size_t nfc_normalize(const char *s, size_t n, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	struct sink k = {out, size, 0};
	struct seg g = {.n = 0};
	while (p < end) {
		uint32_t cp;
		size_t used = utf8_next(p, end, &cp);
		if (cp == UTF8_INVALID) {
			flush(&k, &g);
			put_bytes(&k, (const char *)p, used);
		} else {
			const struct nfc_decomp *d = decomp_of(cp);
			uint32_t head = d ? d->first : cp; /* decompositions start with a starter */
			while (d && (d = decomp_of(head)) != NULL)
				head = d->first;
			if (ccc(head) == 0 || g.n + 4 > SEG_MAX)
				flush(&k, &g);
			if (!decompose(&g, cp)) {
				flush(&k, &g);
				decompose(&g, cp);
			}
		}
		p += used;
	}
	flush(&k, &g);
	finish(&k);
	return k.len;
}

size_t nfc_name(const char *s, size_t n, char *out, size_t size)
{
	/* Spaces first, on the input: NFC never creates or removes white space. */
	char *tidy = malloc(n + 1);
	if (!tidy) {
		if (size > 0)
			out[0] = '\0';
		return 0;
	}
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t len = 0;
	bool space = false;
	while (p < end) {
		uint32_t cp;
		size_t used = utf8_next(p, end, &cp);
		if (utf8_is_space(cp)) {
			space = len > 0;
		} else {
			if (space)
				tidy[len++] = ' ';
			space = false;
			memcpy(tidy + len, p, used);
			len += used;
		}
		p += used;
	}
	size_t r = nfc_normalize(tidy, len, out, size);
	free(tidy);
	return r;
}

char *nfc_name_dup(const char *s)
{
	size_t n = strlen(s);
	size_t need = nfc_name(s, n, NULL, 0);
	char *out = malloc(need + 1);
	if (out)
		nfc_name(s, n, out, need + 1);
	return out;
}
