/* Test fixture for the app store (kernel/store.c): fake flash, RAM pool, reboots, installs, consistency checks. */
#ifndef FAKES_STORE_FIXTURE_H
#define FAKES_STORE_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <tick/store.h>
#include "fakes/fake_flash.h"
#include "fakes/tbf_build.h"

/* The store's flash: SF_SLOTS slots of four 4 KiB pages, 8-byte writes (so that records,
 * flags and data are padded to a write unit larger than a word). */
#define SF_PAGE 0x1000u
#define SF_SLOT 0x4000u
#define SF_SLOTS 8u
#define SF_WRITE 8u
#define SF_POOL 0x10000u      /* RAM for the store's apps */
#define SF_APP_MAX SF_SLOT    /* room for one TBF */

struct store_fixture {
	struct fake_flash ff;
	uint8_t *pool;
	const struct app_checker *checker;
	int started;              /* store_init's result at the latest boot */
	unsigned dones;           /* sf_client's done calls */
	int last_op, last_status;
};
extern struct store_fixture sf;
extern struct store_client sf_client;

/* A fresh, erased store flash, then sf_boot. */
void sf_fresh(void);
/* A reboot on the same flash: env_init, the fake flash powered on, store_init, then the kernel
 * loop until idle (the store's recovery). */
void sf_boot(void);
/* Builds a TBF into buf (SF_APP_MAX bytes); returns its size. */
uint32_t sf_build(uint8_t *buf, struct tbf_opts o);
/* r: what a store call returned. If 0, runs the loop and expects exactly one done of op;
 * returns its status. Else returns r. */
int sf_wait(int r, int op);
/* setup, writes of chunk bytes, finalize and (if load) load; the first error, or 0. */
int sf_install_steps(const uint8_t *tbf, uint32_t len, uint32_t chunk, bool load);
int sf_install(const uint8_t *tbf, uint32_t len);
/* Removes the installed app with this name; its status, or -ERR_INVAL if none. */
int sf_remove(const char *name);
/* The process with this name (any state but empty), or NULL. */
struct process *sf_proc(const char *name);
/* Apps the store holds (store_app true). */
unsigned sf_apps(void);
bool sf_slot_erased(unsigned k);
void sf_assert_log(const char *text);
/* Store and processes agree: every app held runs from its slot (but a standby version),
 * no other process runs from the store, RAM blocks are disjoint, isolation holds (env_check). */
void sf_check_consistent(void);

#endif
