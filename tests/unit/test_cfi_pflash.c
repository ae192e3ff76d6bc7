/* Unit tests of the CFI flash driver against a model of the Intel/Sharp command set (as QEMU's
 * pflash plays it): probe, read, program, erase, status errors, busy devices, read-array mode. */
/* sources: @kernel_env */
/* The driver (chips/cfi_pflash.c) is #included below with CFI_PFLASH_BUS, so that its bus
 * accesses (rd/wr) reach the model instead of memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <tick/errorcode.h>
#include "fakes/env.h"

static uint32_t rd(uintptr_t a);
static void wr(uintptr_t a, uint32_t v);
#define CFI_PFLASH_BUS
#include "../../chips/cfi_pflash.c"

/* ---- The model: n chips side by side on a 32-bit bus, each with lanes of 32/n bits. ---- */

enum mode { M_ARRAY, M_QUERY, M_STATUS };

#define CHIP_ORDER 16             /* 64 KiB per chip */
#define CHIP_BLOCK 0x2000u        /* 8 KiB erase block per chip */
#define MAX_SIZE (4u << CHIP_ORDER)

static struct model {
	uint8_t *mem;                 /* the array (low memory: the driver keeps 32-bit addresses) */
	uint32_t chips, lanes, size, page;
	enum mode mode;
	uint8_t pending;              /* the first cycle of a two-cycle command (0x40, 0x20) */
	uint8_t status;               /* one chip's status register (all chips behave alike) */
	uint8_t cfi[0x40];
	unsigned busy_polls;          /* status reads that answer "busy" after each program/erase */
	unsigned busy_left;
	uint8_t inject;               /* error bits the next program or erase sets */
	bool absent;                  /* no device: plain memory */
	bool and_program;             /* program ANDs (a real chip); false: overwrites, as QEMU does */
	unsigned programs, erases, clears, writes, bad_commands;
} m;

static uint32_t lane_mask(void)
{
	return m.chips == 1 ? 0xffffffffu : (1u << (32 / m.chips)) - 1;
}

/* A command is good when every chip's lane carries it in its low byte. */
static bool command_on_every_lane(uint32_t v, uint8_t c)
{
	for (uint32_t i = 0, w = 32 / m.chips; i < m.chips; i++)
		if (((v >> (i * w)) & 0xff) != c)
			return false;
	return true;
}

static uint32_t replicate(uint32_t x)
{
	return (x & lane_mask()) * m.lanes;
}

static uint32_t rd(uintptr_t a)
{
	uint32_t off = (uint32_t)(a - (uintptr_t)m.mem);
	assert_true(off < m.size && off % 4 == 0);
	uint32_t v;
	memcpy(&v, m.mem + off, 4);
	if (m.absent || m.mode == M_ARRAY)
		return v;
	if (m.mode == M_QUERY)
		return off / 4 < sizeof m.cfi ? replicate(m.cfi[off / 4]) : 0;
	if (m.busy_left) {
		m.busy_left--;
		return replicate(m.status & (uint8_t)~SR_READY);
	}
	return replicate(m.status);
}

static void wr(uintptr_t a, uint32_t v)
{
	uint32_t off = (uint32_t)(a - (uintptr_t)m.mem);
	assert_true(off < m.size && off % 4 == 0);
	m.writes++;
	if (m.absent) {
		memcpy(m.mem + off, &v, 4);
		return;
	}
	assert_int_equal(m.busy_left, 0);   /* the driver never commands a busy chip */
	if (m.pending == CMD_PROGRAM) {
		m.pending = 0;
		uint32_t old;
		memcpy(&old, m.mem + off, 4);
		uint32_t w = m.and_program ? old & v : v;
		memcpy(m.mem + off, &w, 4);
		m.programs++;
		m.status |= SR_READY | m.inject;
		m.inject = 0;
		m.busy_left = m.busy_polls;
		return;
	}
	uint8_t c = v & 0xff;
	if (!command_on_every_lane(v, c))
		m.bad_commands++;
	if (m.pending == CMD_ERASE) {
		m.pending = 0;
		if (c == CMD_CONFIRM) {
			memset(m.mem + (off & ~(m.page - 1)), 0xff, m.page);
			m.erases++;
			m.status |= SR_READY | m.inject;
			m.inject = 0;
			m.busy_left = m.busy_polls;
		} else {
			m.status |= SR_READY | SR_ERASE_ERROR | SR_PROGRAM_ERROR;   /* bad sequence */
		}
		m.mode = M_STATUS;
		return;
	}
	switch (c) {
	case CMD_READ_ARRAY:
		m.mode = M_ARRAY;
		break;
	case CMD_QUERY:
		m.mode = M_QUERY;
		break;
	case 0x70:
		m.mode = M_STATUS;
		break;
	case CMD_CLEAR_STATUS:
		m.status = SR_READY;
		m.clears++;
		break;
	case CMD_PROGRAM:
	case CMD_ERASE:
		m.pending = c;
		m.mode = M_STATUS;
		break;
	default:
		m.bad_commands++;
	}
}

/* A bank of `chips` chips of 64 KiB with 8 KiB blocks each, erased. */
static void model(uint32_t chips)
{
	uint8_t *mem = m.mem;
	if (!mem)
		mem = lowmem_map(MAX_SIZE);
	memset(&m, 0, sizeof m);
	m.mem = mem;
	m.chips = chips;
	m.lanes = chips == 1 ? 1 : chips == 2 ? 0x00010001u : 0x01010101u;
	m.size = chips << CHIP_ORDER;
	m.page = chips * CHIP_BLOCK;
	m.status = SR_READY;
	memset(m.mem, 0xff, MAX_SIZE);
	memcpy(m.cfi + 0x10, "QRY", 3);
	m.cfi[0x13] = 0x01;                       /* Intel/Sharp extended command set */
	m.cfi[0x27] = CHIP_ORDER;
	m.cfi[0x2c] = 1;                          /* one erase block region */
	m.cfi[0x2d] = (1u << CHIP_ORDER) / CHIP_BLOCK - 1;
	m.cfi[0x2f] = (CHIP_BLOCK >> 8) & 0xff;
	m.cfi[0x30] = CHIP_BLOCK >> 16;
}

/* ---- The client ---- */

static struct cfi_pflash pf;
static int statuses[8];
static unsigned dones;
static bool in_call;

static void done(struct flash_client *c, int status)
{
	(void)c;
	assert_false(in_call);                       /* never inside the starting call */
	assert_int_equal(m.mode, M_ARRAY);           /* the bank reads as memory again */
	assert_true(dones < 8);
	statuses[dones++] = status;
}

static struct flash_client client = { done };

static int probe(uint32_t chips)
{
	env_init();
	model(chips);
	int r = cfi_pflash_init(&pf, (uintptr_t)m.mem);
	cfi_pflash_ops.set_client(&pf, &client);
	dones = 0;
	m.writes = 0;
	return r;
}

static int setup(void **state)
{
	(void)state;
	assert_int_equal(probe(2), 0);
	return 0;
}

static int rd_op(uint32_t off, uint8_t *buf, uint32_t len)
{
	in_call = true;
	int r = pf.flash.ops->read(&pf, off, buf, len);
	in_call = false;
	return r;
}

static int wr_op(uint32_t off, const void *buf, uint32_t len)
{
	in_call = true;
	int r = pf.flash.ops->write(&pf, off, buf, len);
	in_call = false;
	return r;
}

static int er_op(uint32_t off)
{
	in_call = true;
	int r = pf.flash.ops->erase(&pf, off);
	in_call = false;
	return r;
}

/* The operation started (0), no done yet; the loop completes it: returns done's status. */
static int run_op(int started)
{
	assert_int_equal(started, 0);
	unsigned before = dones;
	assert_int_equal(dones, before);
	env_run();
	assert_int_equal(dones, before + 1);
	return statuses[before];
}

static uint32_t word(uint32_t off)
{
	uint32_t v;
	memcpy(&v, m.mem + off, 4);
	return v;
}

/* ---- Tests ---- */

static void test_probe_two_x16_chips(void **state)
{
	(void)state;
	assert_int_equal(probe(2), 0);
	assert_int_equal(pf.flash.base, lowmem_addr(m.mem));
	assert_int_equal(pf.flash.size, 2u << CHIP_ORDER);
	assert_int_equal(pf.flash.page_size, 2 * CHIP_BLOCK);
	assert_int_equal(pf.flash.write_size, 4);
	assert_ptr_equal(pf.flash.dev, &pf);
	assert_ptr_equal(pf.flash.ops, &cfi_pflash_ops);
	assert_int_equal(pf.lanes, 0x00010001u);
	assert_int_equal(m.mode, M_ARRAY);       /* the query ends in read-array mode */
	assert_int_equal(m.bad_commands, 0);
}

static void test_probe_one_x32_chip_and_four_x8_chips(void **state)
{
	(void)state;
	assert_int_equal(probe(1), 0);
	assert_int_equal(pf.flash.size, 1u << CHIP_ORDER);
	assert_int_equal(pf.flash.page_size, CHIP_BLOCK);
	assert_int_equal(probe(4), 0);
	assert_int_equal(pf.flash.size, 4u << CHIP_ORDER);
	assert_int_equal(pf.flash.page_size, 4 * CHIP_BLOCK);
	/* and it works there: commands go to every chip */
	static const uint8_t v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	assert_int_equal(run_op(er_op(pf.flash.page_size)), 0);
	assert_int_equal(run_op(wr_op(pf.flash.page_size, v, 8)), 0);
	assert_memory_equal(m.mem + pf.flash.page_size, v, 8);
	assert_int_equal(m.bad_commands, 0);
}

static void test_no_device_is_a_clean_nodevice(void **state)
{
	(void)state;
	env_init();
	model(2);
	m.absent = true;   /* plain memory: the query reads back what was written */
	assert_int_equal(cfi_pflash_init(&pf, (uintptr_t)m.mem), -ERR_NODEVICE);
	assert_int_equal(pf.flash.size, 0);
	uint8_t buf[4];
	assert_int_equal(pf.flash.ops->read(&pf, 0, buf, 4), -ERR_NODEVICE);
	assert_int_equal(pf.flash.ops->write(&pf, 0, buf, 4), -ERR_NODEVICE);
	assert_int_equal(pf.flash.ops->erase(&pf, 0), -ERR_NODEVICE);
	memset(m.mem, 0, 256);   /* nothing at all (reads as zero) */
	assert_int_equal(cfi_pflash_init(&pf, (uintptr_t)m.mem), -ERR_NODEVICE);
	assert_int_equal(env_run(), 0);
}

static void test_unsupported_chips_are_refused(void **state)
{
	(void)state;
	env_init();
	model(2);
	m.cfi[0x13] = 0x02;   /* AMD/Fujitsu command set: other commands */
	assert_int_equal(cfi_pflash_init(&pf, (uintptr_t)m.mem), -ERR_NODEVICE);
	model(2);
	m.cfi[0x2c] = 2;      /* boot blocks: two erase regions */
	assert_int_equal(cfi_pflash_init(&pf, (uintptr_t)m.mem), -ERR_NODEVICE);
	model(2);
	m.cfi[0x27] = 40;     /* absurd size */
	assert_int_equal(cfi_pflash_init(&pf, (uintptr_t)m.mem), -ERR_NODEVICE);
	model(2);
	m.cfi[0x2f] = 3;      /* block size not a power of two */
	assert_int_equal(cfi_pflash_init(&pf, (uintptr_t)m.mem), -ERR_NODEVICE);
	model(2);
	m.cfi[0x12] = 'X';
	assert_int_equal(cfi_pflash_init(&pf, (uintptr_t)m.mem), -ERR_NODEVICE);
	assert_int_equal(m.mode, M_ARRAY);
}

static void test_read_copies_the_array(void **state)
{
	(void)state;
	for (unsigned i = 0; i < 64; i++)
		m.mem[0x100 + i] = (uint8_t)i;
	uint8_t buf[13] = { 0 };
	assert_int_equal(rd_op(0x103, buf, sizeof buf), 0);
	assert_int_equal(dones, 0);
	assert_int_equal(run_op(0), 0);
	for (unsigned i = 0; i < sizeof buf; i++)
		assert_int_equal(buf[i], 3 + i);
	assert_int_equal(m.writes, 0);   /* reading needs no command */
}

static void test_program_writes_words_with_the_program_command(void **state)
{
	(void)state;
	static const uint8_t v[12] = { 0x78, 0x56, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0 };
	assert_int_equal(wr_op(0x40, v, 12), 0);
	assert_int_equal(m.programs, 0);   /* started, not done */
	assert_int_equal(dones, 0);
	assert_int_equal(run_op(0), 0);
	assert_int_equal(word(0x40), 0x12345678u);
	assert_int_equal(word(0x44), 0xdeadbeefu);
	assert_int_equal(word(0x48), 0);
	assert_int_equal(word(0x4c), 0xffffffffu);
	assert_int_equal(m.programs, 3);
	assert_int_equal(m.bad_commands, 0);
}

/* QEMU's model overwrites; the driver gives NOR's rule anyway: old AND new, no error. */
static void test_program_zero_to_one_leaves_zero(void **state)
{
	(void)state;
	uint32_t a = 0x12345678u, b = 0xffff0000u;
	assert_int_equal(run_op(wr_op(0, &a, 4)), 0);
	assert_int_equal(run_op(wr_op(0, &b, 4)), 0);
	assert_int_equal(word(0), 0x12340000u);
	/* words with nothing to clear are not programmed at all */
	unsigned before = m.programs;
	uint32_t same[2] = { 0x12340000u, 0xffffffffu };
	assert_int_equal(run_op(wr_op(0, same, 8)), 0);
	assert_int_equal(m.programs, before);
}

static void test_program_from_an_unaligned_buffer(void **state)
{
	(void)state;
	uint8_t raw[9] = { 0xaa, 1, 2, 3, 4, 5, 6, 7, 8 };
	assert_int_equal(run_op(wr_op(8, raw + 1, 8)), 0);
	assert_memory_equal(m.mem + 8, raw + 1, 8);
}

static void test_erase_sets_one_page_to_ff(void **state)
{
	(void)state;
	uint32_t page = pf.flash.page_size;
	memset(m.mem, 0, 3 * page);
	assert_int_equal(er_op(page), 0);
	assert_int_equal(m.erases, 0);   /* the command goes out from the loop, not in the call */
	assert_int_equal(dones, 0);
	assert_int_equal(run_op(0), 0);
	assert_int_equal(m.erases, 1);
	for (uint32_t i = 0; i < 3 * page; i++)
		assert_int_equal(m.mem[i], i >= page && i < 2 * page ? 0xff : 0);
}

/* Regression: erase() used to send its command at once, leaving the bank in status mode until
 * the next kernel-loop turn; a process executing in place from the bank (an installed app)
 * could run in between and fetch status words as code. Now nothing is sent in the call, and a
 * device that finishes at once is in read-array mode when the deferred call returns. */
static void test_erase_leaves_the_bank_readable_between_turns(void **state)
{
	(void)state;
	assert_int_equal(er_op(0), 0);
	assert_int_equal(m.mode, M_ARRAY);
	assert_true(deferred_run_all());   /* one turn: command, poll, read-array, done */
	assert_int_equal(m.mode, M_ARRAY);
	assert_int_equal(dones, 1);
	assert_int_equal(m.erases, 1);
}

static void test_bounds_and_alignment_are_refused_without_a_bus_cycle(void **state)
{
	(void)state;
	uint32_t size = pf.flash.size, page = pf.flash.page_size;
	uint8_t buf[8] = { 0 };
	assert_int_equal(rd_op(0, buf, 0), -ERR_INVAL);
	assert_int_equal(rd_op(size, buf, 1), -ERR_INVAL);
	assert_int_equal(rd_op(size - 4, buf, 8), -ERR_INVAL);
	assert_int_equal(rd_op(0xfffffffcu, buf, 8), -ERR_INVAL);   /* wraps */
	assert_int_equal(wr_op(2, buf, 4), -ERR_INVAL);
	assert_int_equal(wr_op(4, buf, 6), -ERR_INVAL);
	assert_int_equal(wr_op(size, buf, 4), -ERR_INVAL);
	assert_int_equal(wr_op(size - 4, buf, 8), -ERR_INVAL);
	assert_int_equal(er_op(page / 2), -ERR_INVAL);
	assert_int_equal(er_op(size), -ERR_INVAL);
	assert_int_equal(er_op(0xffffffffu & ~(page - 1)), -ERR_INVAL);
	assert_int_equal(m.writes, 0);
	assert_int_equal(env_run(), 0);
	assert_int_equal(dones, 0);
	assert_int_equal(run_op(rd_op(size - 1, buf, 1)), 0);   /* the last byte is fine */
}

static void test_busy_while_an_operation_runs(void **state)
{
	(void)state;
	uint8_t buf[4] = { 0 };
	assert_int_equal(er_op(0), 0);
	assert_int_equal(rd_op(0, buf, 4), -ERR_BUSY);
	assert_int_equal(wr_op(0, buf, 4), -ERR_BUSY);
	assert_int_equal(er_op(0), -ERR_BUSY);
	env_run();
	assert_int_equal(dones, 1);
	assert_int_equal(m.erases, 1);
	assert_int_equal(run_op(wr_op(0, buf, 4)), 0);   /* free again */
}

static void check_error(uint8_t bits, int want, bool erase)
{
	static const uint32_t zero = 0;
	m.inject = bits;
	unsigned clears = m.clears;
	assert_int_equal(run_op(erase ? er_op(0) : wr_op(0, &zero, 4)), want);
	assert_int_equal(m.clears, clears + 1);   /* and the status was cleared */
	assert_int_equal(m.status, SR_READY);
	assert_int_equal(m.mode, M_ARRAY);
}

static void test_status_error_bits_become_error_codes(void **state)
{
	(void)state;
	check_error(SR_PROGRAM_ERROR, -ERR_FAIL, false);
	check_error(SR_ERASE_ERROR, -ERR_FAIL, true);
	check_error(SR_ERASE_ERROR | SR_PROGRAM_ERROR, -ERR_FAIL, true);   /* bad sequence */
	check_error(SR_LOCKED | SR_PROGRAM_ERROR, -ERR_RESERVE, false);
	check_error(SR_VPP_LOW | SR_ERASE_ERROR, -ERR_OFF, true);
	/* then all is well again */
	uint32_t v = 0x5a5a5a5au;
	assert_int_equal(run_op(er_op(0)), 0);
	assert_int_equal(run_op(wr_op(0, &v, 4)), 0);
	assert_int_equal(word(0), v);
}

/* An error in the middle of a write ends it there. */
static void test_a_failed_word_ends_the_write(void **state)
{
	(void)state;
	uint32_t v[4] = { 1, 2, 3, 4 };
	assert_int_equal(wr_op(0, v, 16), 0);
	m.inject = SR_PROGRAM_ERROR;   /* the first word fails */
	env_run();
	assert_int_equal(dones, 1);
	assert_int_equal(statuses[0], -ERR_FAIL);
	assert_int_equal(m.programs, 1);
	assert_int_equal(word(4), 0xffffffffu);
}

/* A real chip takes time: the driver polls once per kernel-loop turn, never commands the busy
 * chip, and the bank reads as status until the operation ends. */
static void test_a_slow_device_is_polled_from_later_turns(void **state)
{
	(void)state;
	m.busy_polls = 3;
	assert_int_equal(er_op(0), 0);
	for (int turn = 0; turn < 3; turn++) {
		assert_true(deferred_run_all());
		assert_int_equal(dones, 0);
		assert_int_equal(m.mode, M_STATUS);
	}
	assert_true(deferred_run_all());
	assert_int_equal(dones, 1);
	assert_int_equal(statuses[0], 0);
	assert_false(deferred_pending());
	/* a write: each word waits for the previous one */
	uint32_t v[2] = { 0x11111111u, 0x22222222u };
	assert_int_equal(wr_op(0, v, 8), 0);
	unsigned turns = 0;
	while (deferred_run_all())
		turns++;
	assert_int_equal(dones, 2);
	assert_int_equal(statuses[1], 0);
	assert_int_equal(turns, 1 + 3 + 3);   /* program word 0; 3 busy polls; word 1; 3 more, ends */
	assert_int_equal(word(0), v[0]);
	assert_int_equal(word(4), v[1]);
}

/* At most 64 words per turn, back in read-array mode between turns (apps may run from the
 * bank in between). */
static void test_long_writes_are_cut_into_turns(void **state)
{
	(void)state;
	static uint8_t zeros[1024];
	assert_int_equal(wr_op(0, zeros, sizeof zeros), 0);
	assert_true(deferred_run_all());
	assert_int_equal(m.programs, 64);
	assert_int_equal(m.mode, M_ARRAY);
	assert_int_equal(dones, 0);
	env_run();
	assert_int_equal(m.programs, 256);
	assert_int_equal(dones, 1);
	assert_int_equal(statuses[0], 0);
}

/* With AND programming (a real chip) the result is the same. */
static void test_a_real_chip_gives_the_same_result(void **state)
{
	(void)state;
	m.and_program = true;
	uint32_t a = 0x12345678u, b = 0xffff0000u;
	assert_int_equal(run_op(wr_op(0, &a, 4)), 0);
	assert_int_equal(run_op(wr_op(0, &b, 4)), 0);
	assert_int_equal(word(0), 0x12340000u);
}

static void test_no_client_is_fine(void **state)
{
	(void)state;
	cfi_pflash_ops.set_client(&pf, NULL);
	assert_int_equal(pf.flash.ops->erase(&pf, 0), 0);
	env_run();
	assert_int_equal(dones, 0);
	assert_int_equal(m.erases, 1);
	assert_int_equal(pf.flash.ops->erase(&pf, 0), 0);   /* and not stuck busy */
	env_run();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_two_x16_chips),
		cmocka_unit_test(test_probe_one_x32_chip_and_four_x8_chips),
		cmocka_unit_test(test_no_device_is_a_clean_nodevice),
		cmocka_unit_test(test_unsupported_chips_are_refused),
		cmocka_unit_test_setup(test_read_copies_the_array, setup),
		cmocka_unit_test_setup(test_program_writes_words_with_the_program_command, setup),
		cmocka_unit_test_setup(test_program_zero_to_one_leaves_zero, setup),
		cmocka_unit_test_setup(test_program_from_an_unaligned_buffer, setup),
		cmocka_unit_test_setup(test_erase_sets_one_page_to_ff, setup),
		cmocka_unit_test_setup(test_erase_leaves_the_bank_readable_between_turns, setup),
		cmocka_unit_test_setup(test_bounds_and_alignment_are_refused_without_a_bus_cycle, setup),
		cmocka_unit_test_setup(test_busy_while_an_operation_runs, setup),
		cmocka_unit_test_setup(test_status_error_bits_become_error_codes, setup),
		cmocka_unit_test_setup(test_a_failed_word_ends_the_write, setup),
		cmocka_unit_test_setup(test_a_slow_device_is_polled_from_later_turns, setup),
		cmocka_unit_test_setup(test_long_writes_are_cut_into_turns, setup),
		cmocka_unit_test_setup(test_a_real_chip_gives_the_same_result, setup),
		cmocka_unit_test_setup(test_no_client_is_fine, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
