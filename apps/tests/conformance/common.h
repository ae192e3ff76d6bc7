/* conformance: shared helpers (time, the test upcalls, addresses) used by every test group. */
#ifndef CONFORMANCE_COMMON_H
#define CONFORMANCE_COMMON_H

#include <stdint.h>
#include <tick/syscall.h>

#include "check.h"

#define ALARM 0x0u
#define CONSOLE 0x1u
#define LLDB 0x8u
#define MISSING_DRIVER 0xDEAD0u
#define KERNEL_FLASH 0x80000000u
#define KERNEL_RAM 0x80200000u

extern uint32_t ticks_per_ms;
extern volatile uint32_t upcalls, upcalls_b, up_a0, up_a1, up_a2;
extern void *volatile up_data;
extern int tag_a, tag_b, tag_c;

uint32_t now(void);
/* Sleeps with an empty WaitAny (no upcall runs, events stay queued). */
void sleep_ms(uint32_t ms);
/* Arms the kernel alarm `ms` from now (command 5); returns its expiration. */
uint32_t arm_ms(uint32_t ms);
/* Stops the kernel alarm and removes every queued alarm event. */
void quiet_alarm(void);
/* Test upcalls: count and record their arguments. */
void on_upcall(uint32_t a0, uint32_t a1, uint32_t a2, void *data);
void on_upcall_b(uint32_t a0, uint32_t a1, uint32_t a2, void *data);
/* RAM of a neighbouring fixed slot (never this process's). */
uint32_t other_slot_ram(void);

void test_subscribe(void);
void test_command(void);
void test_syscall_return(void);
void test_yield(void);
void test_wait_any(void);
void test_allow(void);
void test_memop(void);
void test_exit_and_libc(void);

#endif
