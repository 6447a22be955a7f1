/* Error codes and messages: the table, td_error_set, td_error_prefix, truncation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/error.h"

static void test_table(void **state)
{
	(void)state;
	assert_int_equal(TD_OK, 0);
	assert_string_equal(td_code_name(TD_OK), "ok");
	assert_string_equal(td_code_name(TD_ENOTFOUND), "not_found");
	assert_string_equal(td_code_name(TD_EOVERFLOW), "overflow");
	assert_string_equal(td_code_name(TD_ETOOBIG), "too_large");
	assert_int_equal(td_code_http_status(TD_OK), 200);
	assert_int_equal(td_code_http_status(TD_EINVAL), 400);
	assert_int_equal(td_code_http_status(TD_ENOTFOUND), 404);
	assert_int_equal(td_code_http_status(TD_EUNIQUE), 409);
	assert_int_equal(td_code_http_status(TD_ETOOBIG), 413);
	assert_int_equal(td_code_http_status(TD_EBUSY), 503);
	assert_string_equal(td_code_message(TD_ENOTFOUND), "không tìm thấy");
	/* Every code has a distinct name, a message and a plausible status. */
	for (int i = 0; i < TD_CODE_COUNT; i++) {
		assert_true(strlen(td_code_message(i)) > 0);
		int st = td_code_http_status(i);
		assert_true(st >= 200 && st < 600);
		for (int j = 0; j < i; j++)
			if (strcmp(td_code_name(i), td_code_name(j)) == 0)
				fail_msg("codes %d and %d share the name %s", i, j,
					 td_code_name(i));
	}
	/* Out of range codes do not crash. */
	assert_string_equal(td_code_name(-1), "unknown");
	assert_string_equal(td_code_name(TD_CODE_COUNT), "unknown");
	assert_int_equal(td_code_http_status(TD_CODE_COUNT + 5), 500);
	assert_string_equal(td_code_message(-3), "lỗi không xác định");
}

static void test_set_and_prefix(void **state)
{
	(void)state;
	struct td_error err;
	td_error_clear(&err);
	assert_int_equal(err.code, TD_OK);
	assert_string_equal(err.msg, "");
	assert_int_equal(td_error_set(&err, TD_EINVAL, "citizen ID %s has %d digits, needs 12",
				      "0011234", 7),
			 TD_EINVAL);
	assert_int_equal(err.code, TD_EINVAL);
	assert_string_equal(err.msg, "citizen ID 0011234 has 7 digits, needs 12");
	assert_int_equal(td_error_prefix(&err, "row %d: ", 17), TD_EINVAL);
	assert_string_equal(err.msg, "row 17: citizen ID 0011234 has 7 digits, needs 12");
	/* A NULL err still returns the code. */
	assert_int_equal(td_error_set(NULL, TD_ENOTFOUND, "x"), TD_ENOTFOUND);
}

static void test_long_messages_are_cut_safely(void **state)
{
	(void)state;
	struct td_error err;
	char big[2 * TD_ERROR_MSG_MAX];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	td_error_set(&err, TD_EINVAL, "%s", big);
	assert_int_equal(strlen(err.msg), TD_ERROR_MSG_MAX - 1);
	/* The prefix wins; the old message is cut to fit. */
	td_error_prefix(&err, "row %d: ", 3);
	assert_int_equal(strlen(err.msg), TD_ERROR_MSG_MAX - 1);
	assert_memory_equal(err.msg, "row 3: xxx", 10);
	/* A prefix longer than the whole message is itself cut. */
	td_error_set(&err, TD_EINVAL, "tail");
	td_error_prefix(&err, "%s", big);
	assert_int_equal(strlen(err.msg), TD_ERROR_MSG_MAX - 1);
	assert_null(strstr(err.msg, "tail"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_set_and_prefix),
		cmocka_unit_test(test_long_messages_are_cut_safely),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
