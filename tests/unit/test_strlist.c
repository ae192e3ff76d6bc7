/* Unit tests of strlist_nth: name i of a packed list of NUL-separated names, and the fallback past its count. */
/* sources: kernel/lib/strlist.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/strlist.h>

/* Names of different lengths, one of them empty, so that a walk that counts wrong shows. */
static const char list[] = "zero\0one\0\0three-and-more\0last";

static void test_each_name_by_index(void **state)
{
	(void)state;
	assert_string_equal(strlist_nth(list, 5, 0, "none"), "zero");
	assert_string_equal(strlist_nth(list, 5, 1, "none"), "one");
	assert_string_equal(strlist_nth(list, 5, 2, "none"), "");
	assert_string_equal(strlist_nth(list, 5, 3, "none"), "three-and-more");
	assert_string_equal(strlist_nth(list, 5, 4, "none"), "last");
}

static void test_name_points_into_the_list(void **state)
{
	(void)state;
	/* No copy: the result lies in the list itself, at the name's offset. */
	assert_ptr_equal(strlist_nth(list, 5, 0, "none"), list);
	assert_ptr_equal(strlist_nth(list, 5, 3, "none"), list + 10);
}

static void test_index_at_or_past_count_is_the_fallback(void **state)
{
	(void)state;
	static const char none[] = "unknown";
	assert_ptr_equal(strlist_nth(list, 5, 5, none), none);
	assert_ptr_equal(strlist_nth(list, 5, 0xffffffffu, none), none);
	/* A count below the names in the list hides the rest (a caller's bound wins). */
	assert_ptr_equal(strlist_nth(list, 2, 2, none), none);
	assert_ptr_equal(strlist_nth(list, 0, 0, none), none);
	assert_null(strlist_nth(list, 5, 7, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_name_by_index),
		cmocka_unit_test(test_name_points_into_the_list),
		cmocka_unit_test(test_index_at_or_past_count_is_the_fallback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
