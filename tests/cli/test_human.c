/* What people read (cli/human.h): dates dd/mm/yyyy, amounts with dot thousands, rates and
 * ratios with a decimal comma; what is not a date passes as it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "cli/human.h"

static void test_dates_months_and_times(void **state)
{
	(void)state;
	char b[HUMAN_MAX];
	assert_string_equal(human_date("2025-06-05", b), "05/06/2025");
	assert_string_equal(human_date(NULL, b), "");
	assert_string_equal(human_date("không phải ngày", b), "không phải ngày");
	assert_string_equal(human_date("2025-02-30", b), "2025-02-30");
	assert_string_equal(human_month("2024-07", b), "07/2024");
	assert_string_equal(human_month("2024", b), "2024");
	assert_string_equal(human_time("2026-12-08T00:50:27Z", b), "08/12/2026 00:50:27");
	assert_string_equal(human_time("hôm qua", b), "hôm qua");
	json_t *o = json_pack("{s:s, s:I}", "due_on", "2027-03-15", "amount", (json_int_t)16666000);
	assert_string_equal(human_date_of(o, "due_on", b), "15/03/2027");
	assert_string_equal(human_date_of(o, "missing", b), "");
	assert_string_equal(human_money_of(o, "amount", b), "16.666.000");
	json_decref(o);
}

static void test_amounts_rates_and_ratios(void **state)
{
	(void)state;
	char b[HUMAN_MAX];
	assert_string_equal(human_count(1234567, b), "1.234.567");
	assert_string_equal(human_count(-5000, b), "-5.000");
	assert_string_equal(human_rate("6.6", b), "6,6");
	assert_string_equal(human_rate("3", b), "3");
	assert_string_equal(human_rate(NULL, b), "-");
	assert_string_equal(human_bp(125, b), "1,25 %");
	assert_string_equal(human_bp(3333, b), "33,33 %");
	assert_string_equal(human_bp(-5, b), "-0,05 %");
	/* 1,363,492,000 of 473,281,246,000: 0.288 % rounded down to 0,28 % */
	assert_string_equal(human_ratio(1363492000, 473281246000, b), "0,28 %");
	assert_string_equal(human_ratio(5, 0, b), "0,00 %");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_months_and_times),
		cmocka_unit_test(test_amounts_rates_and_ratios),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
