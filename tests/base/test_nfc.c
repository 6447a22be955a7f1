/* NFC for names (base/nfc.h): one name typed precomposed or decomposed, marks in any
 * canonical order, is one byte string; names that differ in a letter stay different. The
 * identity rule of the poverty import (R-HH-2: same CCCD, other name) rests on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/fold.h"
#include "base/nfc.h"

struct nfc_case {
	const char *in, *want;
};

/* Generated with Python's unicodedata: every Vietnamese letter decomposed (NFD), and
 * with its two marks swapped, beside its NFC. */
static const struct nfc_case vietnamese[] = {
	{"a", "a"},
	{"a\u0300", "\u00E0"},
	{"a\u0301", "\u00E1"},
	{"a\u0309", "\u1EA3"},
	{"a\u0303", "\u00E3"},
	{"a\u0323", "\u1EA1"},
	{"a\u0306", "\u0103"},
	{"a\u0306\u0300", "\u1EB1"},
	{"a\u0300\u0306", "\u00E0\u0306"},
	{"a\u0306\u0301", "\u1EAF"},
	{"a\u0301\u0306", "\u00E1\u0306"},
	{"a\u0306\u0309", "\u1EB3"},
	{"a\u0309\u0306", "\u1EA3\u0306"},
	{"a\u0306\u0303", "\u1EB5"},
	{"a\u0303\u0306", "\u00E3\u0306"},
	{"a\u0323\u0306", "\u1EB7"},
	{"a\u0306\u0323", "\u1EB7"},
	{"a\u0302", "\u00E2"},
	{"a\u0302\u0300", "\u1EA7"},
	{"a\u0300\u0302", "\u00E0\u0302"},
	{"a\u0302\u0301", "\u1EA5"},
	{"a\u0301\u0302", "\u00E1\u0302"},
	{"a\u0302\u0309", "\u1EA9"},
	{"a\u0309\u0302", "\u1EA3\u0302"},
	{"a\u0302\u0303", "\u1EAB"},
	{"a\u0303\u0302", "\u00E3\u0302"},
	{"a\u0323\u0302", "\u1EAD"},
	{"a\u0302\u0323", "\u1EAD"},
	{"e", "e"},
	{"e\u0300", "\u00E8"},
	{"e\u0301", "\u00E9"},
	{"e\u0309", "\u1EBB"},
	{"e\u0303", "\u1EBD"},
	{"e\u0323", "\u1EB9"},
	{"e\u0302", "\u00EA"},
	{"e\u0302\u0300", "\u1EC1"},
	{"e\u0300\u0302", "\u00E8\u0302"},
	{"e\u0302\u0301", "\u1EBF"},
	{"e\u0301\u0302", "\u00E9\u0302"},
	{"e\u0302\u0309", "\u1EC3"},
	{"e\u0309\u0302", "\u1EBB\u0302"},
	{"e\u0302\u0303", "\u1EC5"},
	{"e\u0303\u0302", "\u1EBD\u0302"},
	{"e\u0323\u0302", "\u1EC7"},
	{"e\u0302\u0323", "\u1EC7"},
	{"i", "i"},
	{"i\u0300", "\u00EC"},
	{"i\u0301", "\u00ED"},
	{"i\u0309", "\u1EC9"},
	{"i\u0303", "\u0129"},
	{"i\u0323", "\u1ECB"},
	{"o", "o"},
	{"o\u0300", "\u00F2"},
	{"o\u0301", "\u00F3"},
	{"o\u0309", "\u1ECF"},
	{"o\u0303", "\u00F5"},
	{"o\u0323", "\u1ECD"},
	{"o\u0302", "\u00F4"},
	{"o\u0302\u0300", "\u1ED3"},
	{"o\u0300\u0302", "\u00F2\u0302"},
	{"o\u0302\u0301", "\u1ED1"},
	{"o\u0301\u0302", "\u00F3\u0302"},
	{"o\u0302\u0309", "\u1ED5"},
	{"o\u0309\u0302", "\u1ECF\u0302"},
	{"o\u0302\u0303", "\u1ED7"},
	{"o\u0303\u0302", "\u00F5\u0302"},
	{"o\u0323\u0302", "\u1ED9"},
	{"o\u0302\u0323", "\u1ED9"},
	{"o\u031B", "\u01A1"},
	{"o\u031B\u0300", "\u1EDD"},
	{"o\u0300\u031B", "\u1EDD"},
	{"o\u031B\u0301", "\u1EDB"},
	{"o\u0301\u031B", "\u1EDB"},
	{"o\u031B\u0309", "\u1EDF"},
	{"o\u0309\u031B", "\u1EDF"},
	{"o\u031B\u0303", "\u1EE1"},
	{"o\u0303\u031B", "\u1EE1"},
	{"o\u031B\u0323", "\u1EE3"},
	{"o\u0323\u031B", "\u1EE3"},
	{"u", "u"},
	{"u\u0300", "\u00F9"},
	{"u\u0301", "\u00FA"},
	{"u\u0309", "\u1EE7"},
	{"u\u0303", "\u0169"},
	{"u\u0323", "\u1EE5"},
	{"u\u031B", "\u01B0"},
	{"u\u031B\u0300", "\u1EEB"},
	{"u\u0300\u031B", "\u1EEB"},
	{"u\u031B\u0301", "\u1EE9"},
	{"u\u0301\u031B", "\u1EE9"},
	{"u\u031B\u0309", "\u1EED"},
	{"u\u0309\u031B", "\u1EED"},
	{"u\u031B\u0303", "\u1EEF"},
	{"u\u0303\u031B", "\u1EEF"},
	{"u\u031B\u0323", "\u1EF1"},
	{"u\u0323\u031B", "\u1EF1"},
	{"y", "y"},
	{"y\u0300", "\u1EF3"},
	{"y\u0301", "\u00FD"},
	{"y\u0309", "\u1EF7"},
	{"y\u0303", "\u1EF9"},
	{"y\u0323", "\u1EF5"},
	{"\u0111", "\u0111"},
	{"A", "A"},
	{"A\u0300", "\u00C0"},
	{"A\u0301", "\u00C1"},
	{"A\u0309", "\u1EA2"},
	{"A\u0303", "\u00C3"},
	{"A\u0323", "\u1EA0"},
	{"A\u0306", "\u0102"},
	{"A\u0306\u0300", "\u1EB0"},
	{"A\u0300\u0306", "\u00C0\u0306"},
	{"A\u0306\u0301", "\u1EAE"},
	{"A\u0301\u0306", "\u00C1\u0306"},
	{"A\u0306\u0309", "\u1EB2"},
	{"A\u0309\u0306", "\u1EA2\u0306"},
	{"A\u0306\u0303", "\u1EB4"},
	{"A\u0303\u0306", "\u00C3\u0306"},
	{"A\u0323\u0306", "\u1EB6"},
	{"A\u0306\u0323", "\u1EB6"},
	{"A\u0302", "\u00C2"},
	{"A\u0302\u0300", "\u1EA6"},
	{"A\u0300\u0302", "\u00C0\u0302"},
	{"A\u0302\u0301", "\u1EA4"},
	{"A\u0301\u0302", "\u00C1\u0302"},
	{"A\u0302\u0309", "\u1EA8"},
	{"A\u0309\u0302", "\u1EA2\u0302"},
	{"A\u0302\u0303", "\u1EAA"},
	{"A\u0303\u0302", "\u00C3\u0302"},
	{"A\u0323\u0302", "\u1EAC"},
	{"A\u0302\u0323", "\u1EAC"},
	{"E", "E"},
	{"E\u0300", "\u00C8"},
	{"E\u0301", "\u00C9"},
	{"E\u0309", "\u1EBA"},
	{"E\u0303", "\u1EBC"},
	{"E\u0323", "\u1EB8"},
	{"E\u0302", "\u00CA"},
	{"E\u0302\u0300", "\u1EC0"},
	{"E\u0300\u0302", "\u00C8\u0302"},
	{"E\u0302\u0301", "\u1EBE"},
	{"E\u0301\u0302", "\u00C9\u0302"},
	{"E\u0302\u0309", "\u1EC2"},
	{"E\u0309\u0302", "\u1EBA\u0302"},
	{"E\u0302\u0303", "\u1EC4"},
	{"E\u0303\u0302", "\u1EBC\u0302"},
	{"E\u0323\u0302", "\u1EC6"},
	{"E\u0302\u0323", "\u1EC6"},
	{"I", "I"},
	{"I\u0300", "\u00CC"},
	{"I\u0301", "\u00CD"},
	{"I\u0309", "\u1EC8"},
	{"I\u0303", "\u0128"},
	{"I\u0323", "\u1ECA"},
	{"O", "O"},
	{"O\u0300", "\u00D2"},
	{"O\u0301", "\u00D3"},
	{"O\u0309", "\u1ECE"},
	{"O\u0303", "\u00D5"},
	{"O\u0323", "\u1ECC"},
	{"O\u0302", "\u00D4"},
	{"O\u0302\u0300", "\u1ED2"},
	{"O\u0300\u0302", "\u00D2\u0302"},
	{"O\u0302\u0301", "\u1ED0"},
	{"O\u0301\u0302", "\u00D3\u0302"},
	{"O\u0302\u0309", "\u1ED4"},
	{"O\u0309\u0302", "\u1ECE\u0302"},
	{"O\u0302\u0303", "\u1ED6"},
	{"O\u0303\u0302", "\u00D5\u0302"},
	{"O\u0323\u0302", "\u1ED8"},
	{"O\u0302\u0323", "\u1ED8"},
	{"O\u031B", "\u01A0"},
	{"O\u031B\u0300", "\u1EDC"},
	{"O\u0300\u031B", "\u1EDC"},
	{"O\u031B\u0301", "\u1EDA"},
	{"O\u0301\u031B", "\u1EDA"},
	{"O\u031B\u0309", "\u1EDE"},
	{"O\u0309\u031B", "\u1EDE"},
	{"O\u031B\u0303", "\u1EE0"},
	{"O\u0303\u031B", "\u1EE0"},
	{"O\u031B\u0323", "\u1EE2"},
	{"O\u0323\u031B", "\u1EE2"},
	{"U", "U"},
	{"U\u0300", "\u00D9"},
	{"U\u0301", "\u00DA"},
	{"U\u0309", "\u1EE6"},
	{"U\u0303", "\u0168"},
	{"U\u0323", "\u1EE4"},
	{"U\u031B", "\u01AF"},
	{"U\u031B\u0300", "\u1EEA"},
	{"U\u0300\u031B", "\u1EEA"},
	{"U\u031B\u0301", "\u1EE8"},
	{"U\u0301\u031B", "\u1EE8"},
	{"U\u031B\u0309", "\u1EEC"},
	{"U\u0309\u031B", "\u1EEC"},
	{"U\u031B\u0303", "\u1EEE"},
	{"U\u0303\u031B", "\u1EEE"},
	{"U\u031B\u0323", "\u1EF0"},
	{"U\u0323\u031B", "\u1EF0"},
	{"Y", "Y"},
	{"Y\u0300", "\u1EF2"},
	{"Y\u0301", "\u00DD"},
	{"Y\u0309", "\u1EF6"},
	{"Y\u0303", "\u1EF8"},
	{"Y\u0323", "\u1EF4"},
	{"\u0110", "\u0110"},
};

static void check(const struct nfc_case *c, size_t n, size_t (*f)(const char *, size_t, char *,
								    size_t))
{
	for (size_t i = 0; i < n; i++) {
		char out[256];
		size_t len = f(c[i].in, strlen(c[i].in), out, sizeof out);
		if (strcmp(out, c[i].want) != 0)
			fail_msg("case %zu: \"%s\" gave \"%s\", want \"%s\"", i, c[i].in, out,
				 c[i].want);
		assert_int_equal(len, strlen(c[i].want));
	}
}

/* Every Vietnamese letter, decomposed, composes to the one precomposed code point; marks of
 * different classes (dot below, then circumflex) compose in either order. */
static void test_nfc_every_vietnamese_letter(void **state)
{
	(void)state;
	check(vietnamese, sizeof vietnamese / sizeof *vietnamese, nfc_normalize);
}

/* Whole names; text already in NFC is left as it is; other scripts and bad bytes pass. */
static void test_nfc_names(void **state)
{
	(void)state;
	static const struct nfc_case cases[] = {
		{"Nguyễn Văn Hùng", "Nguyễn Văn Hùng"},
		{"Nguye\u0302\u0303n Va\u0306n Hu\u0300ng", "Nguyễn Văn Hùng"},
		{"Nguye\u0303\u0302n", "Nguy\u1EBD\u0302n"}, /* two marks of class 230: not equal */
		{"Hu\u031Bng", "Hưng"},
		{"Hu\u031B\u0300ng", "Hừng"},
		{"Ho\u0323\u0302", "Hộ"},
		{"Ho\u0302\u0323", "Hộ"},
		{"\u0110a\u0300o Thi\u0323 Xua\u0302n", "Đào Thị Xuân"},
		{"\u0300a", "\u0300a"}, /* a mark with no letter before it stays */
		{"Zoë Ñúñez", "Zoë Ñúñez"},
		{"Zoe\u0308", "Zoë"},
		{"\u5F20\u4E09 a\u0301", "\u5F20\u4E09 á"},
		{"A\xff" "a\u0301", "A\xff" "á"},
		{"", ""},
	};
	check(cases, sizeof cases / sizeof *cases, nfc_normalize);
}

/* A name as identity: NFC and white space only. Case and diacritics count. */
static void test_nfc_name_identity(void **state)
{
	(void)state;
	static const struct nfc_case cases[] = {
		{"  Nguyễn   Văn\tHùng ", "Nguyễn Văn Hùng"},
		{"Nguyễn\u00A0Văn\u2003Hùng", "Nguyễn Văn Hùng"},
		{"Nguye\u0302\u0303n Va\u0306n Hu\u0300ng", "Nguyễn Văn Hùng"},
		{"NGUYỄN VĂN HÙNG", "NGUYỄN VĂN HÙNG"},
		{" ", ""},
	};
	check(cases, sizeof cases / sizeof *cases, nfc_name);
	/* The import's case: one citizen ID, two people for the bank (R-HH-2). */
	char *a = nfc_name_dup("Nguyễn Văn Hùng"), *b = nfc_name_dup("Nguyễn Văn Hưng");
	char *c = nfc_name_dup("Nguye\u0302\u0303n  Va\u0306n Hu\u0300ng");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_string_not_equal(a, b);
	assert_string_equal(a, c);
	char *fa = fold_dup(a), *fb = fold_dup(b);
	assert_string_equal(fa, fb); /* search finds both: folding is for search only */
	free(fa);
	free(fb);
	free(a);
	free(b);
	free(c);
}

/* Like snprintf: the length of the whole result, cut to the buffer, always terminated. */
static void test_nfc_small_buffer(void **state)
{
	(void)state;
	char out[4];
	assert_int_equal(nfc_normalize("Hu\u031Bng", strlen("Hu\u031Bng"), out, sizeof out), 5);
	assert_int_equal(strlen(out), 3);
	assert_int_equal(nfc_normalize("abc", 3, NULL, 0), 3);
	char one[1] = {'x'};
	assert_int_equal(nfc_name("ab", 2, one, 1), 2);
	assert_int_equal(one[0], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nfc_every_vietnamese_letter),
		cmocka_unit_test(test_nfc_names),
		cmocka_unit_test(test_nfc_name_identity),
		cmocka_unit_test(test_nfc_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
