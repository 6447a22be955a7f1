/* Folding for search (issue 4): "nguyen van a" must find "Nguyễn Văn A", however the
 * name was typed (precomposed or with combining marks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/fold.h"

struct fold_case {
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *want;
};

static void check_cases(const struct fold_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		char out[256];
		assert_true(len < sizeof out);
		size_t got = fold_ascii(cases[i].in, len, out);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: fold(\"%s\") = \"%s\", want \"%s\"", i, cases[i].in,
				 out, cases[i].want);
		assert_int_equal(got, strlen(out));
		assert_true(got <= len);
	}
}

/* Every precomposed Vietnamese letter, lower and upper case, folds to its base letter. */
static void test_fold_every_vietnamese_letter(void **state)
{
	(void)state;
	static const struct fold_case cases[] = {
		{"aàáảãạăằắẳẵặâầấẩẫậ", 0, "aaaaaaaaaaaaaaaaaa"},
		{"AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 0, "aaaaaaaaaaaaaaaaaa"},
		{"eèéẻẽẹêềếểễệ", 0, "eeeeeeeeeeee"},
		{"EÈÉẺẼẸÊỀẾỂỄỆ", 0, "eeeeeeeeeeee"},
		{"iìíỉĩị", 0, "iiiiii"},
		{"IÌÍỈĨỊ", 0, "iiiiii"},
		{"oòóỏõọôồốổỗộơờớởỡợ", 0, "oooooooooooooooooo"},
		{"OÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 0, "oooooooooooooooooo"},
		{"uùúủũụưừứửữự", 0, "uuuuuuuuuuuu"},
		{"UÙÚỦŨỤƯỪỨỬỮỰ", 0, "uuuuuuuuuuuu"},
		{"yỳýỷỹỵ", 0, "yyyyyy"},
		{"YỲÝỶỸỴ", 0, "yyyyyy"},
		{"đĐ", 0, "dd"},
		{"Ð", 0, "d"}, /* U+00D0, often typed for Đ */
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_fold_names(void **state)
{
	(void)state;
	static const struct fold_case cases[] = {
		{"Nguyễn Văn A", 0, "nguyen van a"},
		{"Nguyễn Văn Á", 0, "nguyen van a"},
		{"ĐẶNG THỊ HƯƠNG", 0, "dang thi huong"},
		{"Lò Văn Páo", 0, "lo van pao"},
		{"Hoàng Thị Thuý", 0, "hoang thi thuy"}, /* old-style tone placement */
		{"Hoàng Thị Thúy", 0, "hoang thi thuy"}, /* new-style */
		{"Phạm Ngọc Đức", 0, "pham ngoc duc"},
		{"Trần Quốc Tuấn 2", 0, "tran quoc tuan 2"},
		{"", 0, ""},
		{"François Müller", 0, "francois muller"},
		{"Straße Æsir", 0, "strasse aesir"},
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Decomposed input: base letter + combining marks (U+0300..U+0323) folds like NFC. */
static void test_fold_decomposed_marks(void **state)
{
	(void)state;
	static const struct fold_case cases[] = {
		{"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A\xcc\x81", 0, "nguyen van a"},
		{"u\xcc\x9b\xcc\x80", 0, "u"}, /* u + horn + grave = ừ */
		{"o\xcc\xa3", 0, "o"},	       /* dot below */
		{"a\xcc\x89", 0, "a"},	       /* hook above */
		{"e\xcc\x82\xcc\x81", 0, "e"}, /* circumflex + acute = ế */
		{"\xc3\xaa\xcc\x81", 0, "e"},  /* precomposed ê + combining acute */
		{"D\xcc\xb6", 0, "d"},	       /* D with a combining stroke */
		{"\xcc\x80"
		 "abc",
		 0, "abc"}, /* a stray mark at the start */
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_fold_white_space(void **state)
{
	(void)state;
	static const struct fold_case cases[] = {
		{"  Nguyễn   Văn\tA  ", 0, "nguyen van a"},
		{"Nguyễn\xc2\xa0Văn", 0, "nguyen van"},		/* no-break space */
		{"Nguyễn\xe3\x80\x80Văn\r\n", 0, "nguyen van"}, /* ideographic space, CRLF */
		{" \t ", 0, ""},
		{"a\xe2\x80\x8b"
		 "b",
		 0, "ab"}, /* zero-width space is not a space */
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_fold_drops_invalid_and_foreign(void **state)
{
	(void)state;
	static const struct fold_case cases[] = {
		{"ab\xff"
		 "cd",
		 0, "abcd"},
		{"ab\xe1\xbb", 0, "ab"}, /* truncated sequence */
		{"\xc0\xaf"
		 "x",
		 0, "x"}, /* overlong '/' */
		{"\xed\xa0\x80"
		 "x",
		 0, "x"},		    /* surrogate */
		{"\xe1(x", 0, "(x"},	    /* broken sequence resynchronises */
		{"Lý 李 Văn", 0, "ly van"}, /* another script is dropped */
		{"a\0b", 3, "ab"},	    /* NUL inside the bytes */
		{"x\x01y\x7f", 0, "xy"},    /* controls */
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

/* Every code point of the Basic Multilingual Plane: the output is lowercase ASCII and
 * never longer than the input (the promise callers size their buffers by). */
static void test_fold_bmp_output_is_short_lowercase_ascii(void **state)
{
	(void)state;
	for (uint32_t cp = 1; cp <= 0xFFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		unsigned char in[8];
		size_t n;
		if (cp < 0x80) {
			in[0] = (unsigned char)cp, n = 1;
		} else if (cp < 0x800) {
			in[0] = (unsigned char)(0xC0 | cp >> 6);
			in[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
		} else {
			in[0] = (unsigned char)(0xE0 | cp >> 12);
			in[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			in[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
		}
		in[n] = 'x'; /* something after it, so a space is not trimmed away */
		char out[16];
		size_t len = fold_ascii((const char *)in, n + 1, out);
		if (len > n + 1)
			fail_msg("U+%04X folds longer than its UTF-8 form", cp);
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)out[i] >= 0x80 || (out[i] >= 'A' && out[i] <= 'Z'))
				fail_msg("U+%04X folds to non-lowercase-ASCII \"%s\"", cp, out);
	}
}

static void test_fold_dup(void **state)
{
	(void)state;
	char *s = fold_dup("Xã Đông Phương");
	assert_non_null(s);
	assert_string_equal(s, "xa dong phuong");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_every_vietnamese_letter),
		cmocka_unit_test(test_fold_names),
		cmocka_unit_test(test_fold_decomposed_marks),
		cmocka_unit_test(test_fold_white_space),
		cmocka_unit_test(test_fold_drops_invalid_and_foreign),
		cmocka_unit_test(test_fold_bmp_output_is_short_lowercase_ascii),
		cmocka_unit_test(test_fold_dup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
