/* Buf: growth, the hard cap (a failed append leaves the buffer as it was), printf. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/buf.h"

static void test_empty_buffer(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 100);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_len(&b), 0);
	assert_int_equal(buf_append(&b, "", 0), TD_OK);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	buf_free(&b); /* twice is harmless */
}

static void test_append_and_grow(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1 << 20);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(buf_append_char(&b, (char)('a' + i % 26)), TD_OK);
	assert_int_equal(buf_len(&b), 100000);
	const char *s = buf_str(&b);
	for (int i = 0; i < 100000; i++)
		if (s[i] != (char)('a' + i % 26))
			fail_msg("byte %d is %c", i, s[i]);
	assert_int_equal(s[100000], '\0');
	assert_int_equal(buf_append_str(&b, "xyz"), TD_OK);
	assert_string_equal(buf_str(&b) + 100000, "xyz");
	/* Binary data with a NUL counts in the length. */
	assert_int_equal(buf_append(&b, "a\0b", 3), TD_OK);
	assert_int_equal(buf_len(&b), 100006);
	assert_memory_equal(buf_str(&b) + 100003, "a\0b", 4);
	buf_free(&b);
}

static void test_cap_is_hard_and_failure_changes_nothing(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_append_str(&b, "0123456"), TD_OK);
	assert_int_equal(buf_append_str(&b, "7890"), TD_ETOOBIG); /* 11 > 10 */
	assert_string_equal(buf_str(&b), "0123456");
	assert_int_equal(buf_len(&b), 7);
	assert_int_equal(buf_appendf(&b, "%d", 1234), TD_ETOOBIG);
	assert_string_equal(buf_str(&b), "0123456");
	assert_int_equal(buf_appendf(&b, "%s", "789"), TD_OK); /* exactly the cap */
	assert_string_equal(buf_str(&b), "0123456789");
	assert_int_equal(buf_append_char(&b, 'x'), TD_ETOOBIG);
	assert_int_equal(buf_appendf(&b, "%s", ""), TD_OK);
	assert_string_equal(buf_str(&b), "0123456789");
	assert_true(b.alloc <= b.cap + 1); /* never more memory than the cap needs */
	buf_free(&b);

	/* A huge n must not wrap around the cap check. */
	buf_init(&b, 10);
	assert_int_equal(buf_append_str(&b, "abc"), TD_OK);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), TD_ETOOBIG);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), TD_ETOOBIG);
	assert_string_equal(buf_str(&b), "abc");
	buf_free(&b);
}

static void test_appendf(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 1 << 16);
	assert_int_equal(buf_appendf(&b, "row %d: %s", 17, "citizen ID"), TD_OK);
	assert_string_equal(buf_str(&b), "row 17: citizen ID");
	/* Longer than the room left: the retry path. */
	assert_int_equal(buf_appendf(&b, " %0300d", 5), TD_OK);
	assert_int_equal(buf_len(&b), 18 + 301);
	assert_int_equal(buf_str(&b)[buf_len(&b) - 1], '5');
	assert_int_equal(buf_str(&b)[19], '0');
	/* Many small appends stay in order. */
	buf_reset(&b);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_appendf(&b, "%d,", i), TD_OK);
	assert_memory_equal(buf_str(&b), "0,1,2,3,", 8);
	assert_string_equal(buf_str(&b) + buf_len(&b) - 4, "999,");
	buf_free(&b);
}

/* A failed printf that had partly written into spare room restores the NUL. */
static void test_appendf_failure_restores_terminator(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 70);
	assert_int_equal(buf_append_str(&b, "abc"), TD_OK); /* allocates 64 bytes */
	assert_int_equal(buf_appendf(&b, "%080d", 1), TD_ETOOBIG);
	assert_string_equal(buf_str(&b), "abc");
	assert_int_equal(buf_len(&b), 3);
	buf_free(&b);
}

static void test_reset_and_free_keep_the_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 5);
	assert_int_equal(buf_append_str(&b, "hello"), TD_OK);
	buf_reset(&b);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_len(&b), 0);
	assert_int_equal(buf_append_str(&b, "world"), TD_OK);
	assert_int_equal(buf_append_str(&b, "!"), TD_ETOOBIG);
	buf_free(&b);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_append_str(&b, "again"), TD_OK);
	assert_int_equal(buf_append_str(&b, "!"), TD_ETOOBIG);
	assert_string_equal(buf_str(&b), "again");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_buffer),
		cmocka_unit_test(test_append_and_grow),
		cmocka_unit_test(test_cap_is_hard_and_failure_changes_nothing),
		cmocka_unit_test(test_appendf),
		cmocka_unit_test(test_appendf_failure_restores_terminator),
		cmocka_unit_test(test_reset_and_free_keep_the_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
