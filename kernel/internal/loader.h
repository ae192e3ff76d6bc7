/* The loader's stages, one app at a time: check, place its RAM, create its process (boot and, later, run-time installs). */
#ifndef TICK_INTERNAL_LOADER_H
#define TICK_INTERNAL_LOADER_H

#include <stdint.h>

#include <tick/loader.h>
#include <tick/tbf.h>

struct process;

/*
 * Loading an app goes through four stages; kernel_load_processes (tick/loader.h) runs them
 * for every app in flash at boot, and an installer can run the last three for one app:
 *   scan    walk the TBF chain and parse each header once (tbf_parse; kernel_load_processes);
 *   check   loader_check: may this app run at all (its header, credentials, board policy)?
 *   place   loader_place_ram: where does its RAM go, among the blocks already in use?
 *   create  loader_create: fill a process slot and start it.
 * Between the stages an app is a struct app_info, so that its header is parsed only once and
 * the large struct tbf_header need not be kept per app.
 */

/* What the loader keeps of an app that passed loader_check. */
struct app_info {
	uint32_t flash_start, flash_end; /* the whole TBF */
	uint32_t app_start;              /* its binary: after the header and protected trailer */
	uint32_t init_pc;                /* its first instruction */
	uint32_t ram_size;   /* RAM block to reserve (minimum RAM + kernel area, as the arch lays
			      * it out); UINT32_MAX when that would not fit in 32 bits */
	uint32_t ram_align;  /* power of two the block's start must be a multiple of */
	uint32_t fixed_ram;  /* TBF_NOT_FIXED if the block can be anywhere */
	uint32_t short_id;   /* 0: none */
	const uint8_t *name;        /* PackageName in flash, not NUL-terminated; NULL if none */
	const uint8_t *permissions; /* TBF Permissions entries; NULL: everything allowed */
	const uint8_t *wfr;         /* writeable flash regions */
	uint8_t name_len, permission_count, wfr_count; /* capped at 255, as struct process keeps them */
};

/* RAM in use: [start, start + size). {0, 0} stands for no block. */
struct ram_block {
	uint32_t start, size;
};

/*
 * Check stage: may the app whose TBF is at tbf (parsed by tbf_parse into *h: TBF_OK, not
 * padding) run? Applies, in this order, the kernel's checks (enabled, has an entry point,
 * compatible kernel version, stored at its fixed flash address, flash the arch can protect,
 * entry point inside its binary), its credentials (every footer well-formed, at most
 * LOADER_MAX_FOOTERS of them, every SHA-256 footer equal to the app's digest, which is computed
 * once: struct app_credentials) and then the board's policy (checker; NULL: none), which gets
 * the same digest. The work is bounded per app: at most one hash of its integrity region, a
 * walk of at most LOADER_MAX_FOOTERS + 1 footers, and what the policy does (the ECDSA P-256
 * policy verifies at most APP_SIGNATURES_TRIED signatures). Returns NULL and fills
 * *out when it may, else the reason it may not, for the log (*out is then unspecified).
 * Looks at no other app and at no RAM pool: ShortId clashes, free slots and RAM are the
 * caller's and loader_place_ram's.
 */
const char *loader_check(const uint8_t *tbf, const struct tbf_header *h,
			 const struct app_checker *checker, struct app_info *out);

/*
 * loader_check for a caller that has hashed the integrity region already (the app store, which
 * hashes in steps from the kernel loop): digest is its SHA-256 (NULL: as loader_check). The
 * caller vouches that the region has not changed since.
 */
const char *loader_check_hashed(const uint8_t *tbf, const struct tbf_header *h,
				const struct app_checker *checker, const uint8_t *digest,
				struct app_info *out);

/*
 * Place stage: the start of a RAM block for app inside [ram_start, ram_end) that overlaps
 * none of the n blocks of used ({0, 0} entries are ignored): its fixed address when it has
 * one (refused when outside, misaligned or taken), else the lowest aligned free address
 * (first fit). Returns 0 when there is no such place. The block is app->ram_size bytes.
 */
uint32_t loader_place_ram(const struct app_info *app, uint32_t ram_start, uint32_t ram_end,
			  const struct ram_block *used, unsigned n);

/*
 * Create stage: fills the free slot p (number index in the process table) for app with the
 * RAM block at mem_start (from loader_place_ram), starts the process and logs it.
 */
void loader_create(struct process *p, unsigned index, const struct app_info *app,
		   uint32_t mem_start);

#endif
