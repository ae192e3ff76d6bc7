/* The loader's stages, one app at a time: check, place its RAM, create its process (boot and, later, run-time installs). */
#ifndef TICK_INTERNAL_LOADER_H
#define TICK_INTERNAL_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include <tick/config.h>
#include <tick/loader.h>
#include <tick/reloc.h>
#include <tick/tbf.h>

struct process;

/*
 * Loading an app goes through four stages; kernel_load_processes (tick/loader.h) runs them
 * for every app in flash at boot, and an installer can run the last three for one app:
 *   scan    walk the TBF chain and parse each header once (tbf_parse; kernel_load_processes);
 *   check   loader_check: may this app run at all (its header, credentials, board policy)?
 *   place   loader_place_ram: where does its RAM go, among the blocks already in use?
 *   relocate  a relocatable app whose image is not where it was linked is patched for its
 *           place: loader_relocate at boot (app flash that is RAM), reloc_apply by an
 *           installer as it writes the image (tick/reloc.h);
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
	uint8_t key;                /* the board key its credentials verified with (app_credentials) */
#if CONFIG_RELOCATABLE_APPS
	bool relocatable;          /* has a valid relocation table: reloc */
	struct reloc_table reloc;  /* where it was linked and what to patch (tick/reloc.h) */
#endif
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
 * A relocatable app (a valid relocation table, tick/reloc.h) may be stored anywhere: its
 * FixedAddresses, if any, name where it was linked and are not checked; out->relocatable is
 * set, out->fixed_ram is TBF_NOT_FIXED and out->ram_align covers the table's RAM alignment.
 * A malformed table refuses the app (and logs which entry). The image must be the canonical
 * one, as linked (loader_check_relocated is for an image relocated already). A caller that
 * does not relocate such an app (loader_relocate, or reloc_apply as it writes it) must start it
 * only where it was linked: app_start == reloc.flash_base, RAM at reloc.ram_base.
 */
const char *loader_check(const uint8_t *tbf, const struct tbf_header *h,
			 const struct app_checker *checker, struct app_info *out);

/* The RAM block the app of header h needs: fills out->ram_size (UINT32_MAX when it would not
 * fit in 32 bits) and out->ram_align, which covers the relocation table's RAM alignment when
 * out->relocatable is set (out->reloc parsed). loader_check calls it; the app store calls it
 * to place a relocatable app's RAM before the rest of the app has arrived. */
#if CONFIG_RELOCATABLE_APPS
void loader_ram_need(const struct tbf_header *h, struct app_info *out);
#endif

/*
 * loader_check for a caller that has hashed the integrity region already (the app store, which
 * hashes in steps from the kernel loop): digest is its SHA-256 (NULL: as loader_check). The
 * caller vouches that the region has not changed since.
 */
const char *loader_check_hashed(const uint8_t *tbf, const struct tbf_header *h,
				const struct app_checker *checker, const uint8_t *digest,
				struct app_info *out);

/*
 * loader_check for a relocatable app whose image was already relocated, for its own flash
 * address and RAM at ram (by reloc_apply, as an installer writes it): its credentials are
 * checked on the canonical image, recovered on the fly (reloc_sha256), so a relocated copy is
 * trusted only when the image it came from and its table are what the credentials cover. An
 * app without a relocation table is refused.
 */
const char *loader_check_relocated(const uint8_t *tbf, const struct tbf_header *h,
				   const struct app_checker *checker, uint32_t ram,
				   struct app_info *out);

/* Why an app whose ShortId another app has is refused (the loader at boot, the store at
 * install: one copy of the text, which the store also compares against). */
extern const char loader_short_id_taken[];

/* CONFIG_RELOCATE_BOOT_APPS (tick/config.h): whether kernel_load_processes patches relocatable
 * apps stored away from their link address (else it runs them only where they were linked, with
 * their RAM where it was linked). A variable so that host tests can try both. */
extern bool loader_relocates_boot_apps;

/*
 * Relocate stage at boot, for app flash the kernel can write (QEMU's, which is RAM; see
 * CONFIG_RELOCATE_BOOT_APPS): patches the image of the relocatable app (loader_check passed,
 * so its canonical image is verified) in place for its flash address and RAM at mem_start.
 * Nothing outside the image is written. Returns NULL, or the reason it cannot run (the
 * entry at fault is logged); the image may then be partly patched, and the app must not run.
 */
const char *loader_relocate(const struct app_info *app, uint32_t mem_start);

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
