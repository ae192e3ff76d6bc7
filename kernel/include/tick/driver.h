/* Syscall drivers (capsules): how a capsule declares itself to the kernel and serves commands. */
#ifndef TICK_DRIVER_H
#define TICK_DRIVER_H

#include <stdint.h>
#include <tick/errorcode.h>

struct process;

/* A capsule's syscall interface. The kernel handles subscribe and the three allow classes
 * itself, storing upcalls and buffers in the capsule's per-process grant; the capsule reads
 * them back with the grant_* functions when it needs them. */
struct driver {
	uint32_t number;             /* Tock driver number, e.g. 0x1 for the console */
	uint8_t num_upcalls;         /* subscribe numbers 0..num_upcalls-1 */
	uint8_t num_allow_rw;        /* read-write allow slots */
	uint8_t num_allow_ro;        /* read-only allow slots */
	uint8_t num_allow_ur;        /* userspace-readable allow slots */
	uint16_t grant_data_size;    /* bytes of capsule-private data per process (zeroed) */
	uint8_t grant_slot;          /* 0..CONFIG_GRANT_SLOTS-1, unique per board; 0xff = no grant */
	/* Serves a command. Must not issue an upcall from inside (defer it). cmd 0 must
	 * answer Success (or Success-with-u32 where Tock does) to say the driver exists. */
	struct sysret (*command)(void *self, struct process *p, uint32_t cmd, uint32_t arg0, uint32_t arg1);
	void *self;                  /* the capsule instance passed back to command */
};

#define DRIVER_NO_GRANT 0xff

/* The board's driver table, sorted by number (board main.c defines it). */
extern const struct driver *const board_drivers[];
extern const unsigned board_driver_count;

/* Drivers numbered below DRIVER_DIRECT_SLOTS are found by indexing (the syscall fast path);
 * driver_index_build() fills the table from board_drivers once at boot. */
#define DRIVER_DIRECT_SLOTS 16
extern const struct driver *driver_direct[DRIVER_DIRECT_SLOTS];
void driver_index_build(void);
/* The index in board_drivers of the driver with each grant slot (built with driver_direct). */
extern uint8_t driver_of_grant_slot[];
const struct driver *driver_find_slow(uint32_t number);

/* Finds a driver by number; NULL if the board has none. */
static inline __attribute__((always_inline)) const struct driver *driver_find(uint32_t number)
{
	return number < DRIVER_DIRECT_SLOTS ? driver_direct[number] : driver_find_slow(number);
}

#endif
