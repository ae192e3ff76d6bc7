/* System call return test capsule: each command answers with one fixed return variant. */
#include <capsules/syscall_test.h>

/* Recognisable values: the high nibble of each u32 is its command number (Tock's choice). */
#define LO(x) ((uint32_t)(x))
#define HI(x) ((uint32_t)((x) >> 32))
#define U64_4 0x4000000000000001ull
#define U64_9 0x9000000000000001ull
#define U64_10 0xA000000000000002ull

/* Registers a0..a3 of each answer, as TRD104 lays out the variant (u64: low word first). */
static const struct sysret answers[SYSCALL_TEST_COMMANDS] = {
	{ { SYSRET_SUCCESS, 0, 0, 0 } },
	{ { SYSRET_FAILURE, ERR_FAIL, 0, 0 } },
	{ { SYSRET_FAILURE_U32, ERR_BUSY, 0x10000001u, 0 } },
	{ { SYSRET_FAILURE_2U32, ERR_NOMEM, 0x20000001u, 0x20000002u } },
	{ { SYSRET_FAILURE_U64, ERR_INVAL, LO(U64_4), HI(U64_4) } },
	{ { SYSRET_SUCCESS, 0, 0, 0 } },
	{ { SYSRET_SUCCESS_U32, 0x60000001u, 0, 0 } },
	{ { SYSRET_SUCCESS_2U32, 0x70000001u, 0x70000002u, 0 } },
	{ { SYSRET_SUCCESS_3U32, 0x80000001u, 0x80000002u, 0x80000003u } },
	{ { SYSRET_SUCCESS_U64, LO(U64_9), HI(U64_9), 0 } },
	{ { SYSRET_SUCCESS_U32_U64, 0xA0000001u, LO(U64_10), HI(U64_10) } },
};

static struct sysret command(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	(void)self, (void)p, (void)arg0, (void)arg1;
	return cmd < SYSCALL_TEST_COMMANDS ? answers[cmd] : sysret_failure(ERR_NOSUPPORT);
}

void syscall_test_init(struct syscall_test *t, uint8_t grant_slot)
{
	/* The allow and subscribe slots live in the grant; the capsule keeps no data of its own. */
	t->driver = (struct driver){
		.number = SYSCALL_TEST_DRIVER_NUM,
		.num_upcalls = 1,
		.num_allow_rw = 1,
		.num_allow_ro = 1,
		.num_allow_ur = 1,
		.grant_slot = grant_slot,
		.command = command,
		.self = t,
	};
}
