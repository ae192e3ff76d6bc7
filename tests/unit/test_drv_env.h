/* Helpers shared by the driver capsule tests (test_drv_*.c): plugging a capsule into the fake kernel
 * environment (fakes/env.h) and checking the upcalls it queued. */
#ifndef TEST_DRV_ENV_H
#define TEST_DRV_ENV_H

#include <string.h>
#include "fakes/env.h"

/* Grant slots free in the environment (it uses 0..2; env_add_driver says 3..). */
enum { GRANT_DRV_A = 3, GRANT_DRV_B = 4 };

/* Makes drv reachable through the system call path (env_add_driver: a copy in the board
 * table; the kernel uses its number, slot counts and grant slot, never its address). */
static inline void drv_install(const struct driver *drv)
{
	env_add_driver(drv);
}

/* Asserts that queued event i of x is (driver, sub) with arguments a0, a1, a2. */
static inline void drv_assert_event(struct process *x, int i, uint32_t driver, uint32_t sub,
				    uint32_t a0, uint32_t a1, uint32_t a2)
{
	struct process_kernel_area *ka = env_ka(x);
	assert_true(i < x->upcall_count);
	assert_int_equal(env_entry(ka, i).driver, driver);
	assert_int_equal(env_entry(ka, i).subscribe, sub);
	assert_int_equal(env_entry(ka, i).arg[0], a0);
	assert_int_equal(env_entry(ka, i).arg[1], a1);
	assert_int_equal(env_entry(ka, i).arg[2], a2);
}

/* True if the console output so far contains s. */
static inline bool drv_output_has(const char *s)
{
	return strstr(fake_uart.out, s) != NULL;
}

#endif
