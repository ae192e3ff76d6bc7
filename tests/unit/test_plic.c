/* Unit tests of the PLIC driver against a model of QEMU's PLIC (7.2): enable, claim, complete,
 * and a source that is already pending when the kernel enables it. */
/* sources: */
/* The driver (chips/plic.c) is #included below with PLIC_BUS, so that its register accesses
 * reach the model instead of memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static uint32_t rd(uintptr_t a);
static void wr(uintptr_t a, uint32_t v);
#define PLIC_BUS
#include "../../chips/plic.c"

/* ---- The model: 64 sources, one context (hart 0, M-mode). Like QEMU's, it computes its
 * output (MEIP) when a source's level changes, on priority, threshold, claim and complete
 * writes, but not when an enable word is written. ---- */

#define BASE 0x0c000000u
#define SOURCES 64

static struct model {
	uint32_t priority[SOURCES];
	uint32_t enable[2], pending[2], claimed[2];
	uint32_t threshold;
	bool meip;
} m;

static bool bit(const uint32_t *w, unsigned i)
{
	return (w[i / 32] >> (i % 32)) & 1;
}

static void set_bit(uint32_t *w, unsigned i, bool on)
{
	if (on)
		w[i / 32] |= 1u << (i % 32);
	else
		w[i / 32] &= ~(1u << (i % 32));
}

/* The claimable source of highest priority (lowest number on a tie), 0 if none. */
static unsigned best(void)
{
	unsigned irq = 0;
	uint32_t top = m.threshold;
	for (unsigned i = 1; i < SOURCES; i++)
		if (bit(m.pending, i) && bit(m.enable, i) && !bit(m.claimed, i) && m.priority[i] > top) {
			top = m.priority[i];
			irq = i;
		}
	return irq;
}

static void update(void)
{
	m.meip = best() != 0;
}

/* A device raises its line. */
static void raise_line(unsigned irq)
{
	set_bit(m.pending, irq, true);
	update();
}

static uint32_t rd(uintptr_t a)
{
	uint32_t off = (uint32_t)(a - BASE);
	if (off == CLAIM0) {
		unsigned irq = best();
		if (irq) {
			set_bit(m.pending, irq, false);
			set_bit(m.claimed, irq, true);
		}
		update();
		return irq;
	}
	if (off >= ENABLE0 && off < ENABLE0 + 8)
		return m.enable[(off - ENABLE0) / 4];
	if (off < 4 * SOURCES)
		return m.priority[off / 4];
	fail_msg("read of an unmodelled register at offset 0x%x", off);
	return 0;
}

static void wr(uintptr_t a, uint32_t v)
{
	uint32_t off = (uint32_t)(a - BASE);
	if (off == CLAIM0) {
		if (v < SOURCES)
			set_bit(m.claimed, v, false);
		update();
	} else if (off == THRESHOLD0) {
		m.threshold = v;
		update();
	} else if (off >= ENABLE0 && off < ENABLE0 + 8) {
		m.enable[(off - ENABLE0) / 4] = v;   /* no update: QEMU 7.2 does not re-evaluate here */
	} else if (off < 4 * SOURCES) {
		m.priority[off / 4] = v;
		update();
	} else {
		fail_msg("write of an unmodelled register at offset 0x%x", off);
	}
}

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof m);
	m.threshold = 7;
	m.enable[0] = m.enable[1] = ~0u;
	plic_init(BASE);
	return 0;
}

static void init_clears_enables_and_threshold(void **state)
{
	(void)state;
	assert_int_equal(m.threshold, 0);
	assert_int_equal(m.enable[0], 0);
	assert_int_equal(m.enable[1], 0);
	raise_line(5);
	assert_false(m.meip);
	assert_int_equal(plic_claim(), 0);
}

static void enabled_source_interrupts_and_is_claimed_once(void **state)
{
	(void)state;
	plic_enable(10);
	plic_enable(40);
	assert_int_equal(m.priority[10], 1);
	assert_true(bit(m.enable, 10) && bit(m.enable, 40));
	raise_line(40);
	assert_true(m.meip);
	assert_int_equal(plic_claim(), 40);
	assert_false(m.meip);
	raise_line(40);   /* while claimed: held back until complete */
	assert_false(m.meip);
	assert_int_equal(plic_claim(), 0);
	plic_complete(40);
	assert_true(m.meip);
	assert_int_equal(plic_claim(), 40);
	plic_complete(40);
	assert_false(m.meip);
}

static void enabling_keeps_other_sources(void **state)
{
	(void)state;
	plic_enable(3);
	plic_enable(7);
	plic_enable(33);
	assert_int_equal(m.enable[0], (1u << 3) | (1u << 7));
	assert_int_equal(m.enable[1], 1u << 1);
}

/* Regression: the management channel's virtio console got bytes from a host that connected
 * before the kernel ran; its line rose before plic_enable, and with the priority written
 * before the enable bit the controller never raised MEIP, so the channel never answered. */
static void source_pending_before_enable_interrupts(void **state)
{
	(void)state;
	raise_line(7);
	assert_false(m.meip);
	plic_enable(7);
	assert_true(m.meip);
	assert_int_equal(plic_claim(), 7);
	plic_complete(7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(init_clears_enables_and_threshold, setup),
		cmocka_unit_test_setup(enabled_source_interrupts_and_is_claimed_once, setup),
		cmocka_unit_test_setup(enabling_keeps_other_sources, setup),
		cmocka_unit_test_setup(source_pending_before_enable_interrupts, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
