/* Arena: alignment, separation of allocations, big requests, strings, free-all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"

static void test_aligned_and_separate(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 256);
	unsigned char *ptrs[300];
	size_t sizes[300];
	for (size_t i = 0; i < 300; i++) {
		sizes[i] = i % 97 + 1;
		ptrs[i] = arena_alloc(&a, sizes[i]);
		assert_non_null(ptrs[i]);
		assert_int_equal((uintptr_t)ptrs[i] % ARENA_ALIGN, 0);
		memset(ptrs[i], (int)(i & 0xff), sizes[i]);
	}
	/* Nothing overwrote anything else. */
	for (size_t i = 0; i < 300; i++)
		for (size_t j = 0; j < sizes[i]; j++)
			if (ptrs[i][j] != (unsigned char)(i & 0xff))
				fail_msg("allocation %zu byte %zu overwritten", i, j);
	assert_true(a.total >= 300 * 16);
	arena_free(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
}

static void test_zero_size_gives_distinct_pointers(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	assert_int_equal(a.block, ARENA_BLOCK_DEFAULT);
	void *p = arena_alloc(&a, 0), *q = arena_alloc(&a, 0);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	arena_free(&a);
}

/* A request bigger than half a block gets its own block and does not waste the room
 * left in the current one. */
static void test_big_allocation_keeps_head(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	char *small1 = arena_alloc(&a, 16);
	char *big = arena_alloc(&a, 100000);
	char *small2 = arena_alloc(&a, 16);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % ARENA_ALIGN, 0);
	memset(big, 'x', 100000);
	assert_ptr_equal(small2, small1 + 16);
	/* A big request before any block exists works too. */
	arena_free(&a);
	big = arena_alloc(&a, 5000);
	assert_non_null(big);
	memset(big, 'y', 5000);
	small1 = arena_alloc(&a, 8);
	assert_non_null(small1);
	arena_free(&a);
}

static void test_overflowing_sizes_fail(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 8));
	assert_null(arena_alloc(&a, SIZE_MAX / 2 + 1));
	/* The arena still works afterwards. */
	assert_non_null(arena_alloc(&a, 10));
	arena_free(&a);
}

static void test_strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64);
	char *s = arena_strdup(&a, "Nguyễn Văn A");
	assert_string_equal(s, "Nguyễn Văn A");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(&a, "ab", 10), "ab");
	assert_string_equal(arena_strdup(&a, ""), "");
	assert_string_equal(arena_sprintf(&a, "row %d: %s", 17, "bad"), "row 17: bad");
	/* Longer than a block. */
	char *long_s = arena_sprintf(&a, "%0500d|%s", 7, "end");
	assert_non_null(long_s);
	assert_int_equal(strlen(long_s), 504);
	assert_string_equal(long_s + 500, "|end");
	unsigned char *z = arena_zalloc(&a, 333);
	for (size_t i = 0; i < 333; i++)
		assert_int_equal(z[i], 0);
	assert_string_equal(s, "Nguyễn Văn A"); /* earlier strings untouched */
	arena_free(&a);
}

static void test_reuse_after_free(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 128);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 100; i++)
			assert_non_null(arena_sprintf(&a, "item %d of round %d", i, round));
		assert_true(a.total > 0);
		arena_free(&a);
		assert_int_equal(a.total, 0);
	}
	arena_free(&a); /* freeing an empty arena is fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aligned_and_separate),
		cmocka_unit_test(test_zero_size_gives_distinct_pointers),
		cmocka_unit_test(test_big_allocation_keeps_head),
		cmocka_unit_test(test_overflowing_sizes_fail),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_reuse_after_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
