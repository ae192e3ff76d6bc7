/* RISC-V PMP region arithmetic: pure functions over plain structs, separate from the CSR writes. */
#ifndef ARCH_PMP_H
#define ARCH_PMP_H

#include <stdbool.h>
#include <stdint.h>

#define PMP_R 0x01u
#define PMP_W 0x02u
#define PMP_X 0x04u
#define PMP_A_TOR 0x08u
#define PMP_A_MASK 0x18u

#define PMP_MAX_ENTRIES 16

/* A region a process may access: [start, end) with PMP_R/W/X permissions. */
struct pmp_region {
	uint32_t start;
	uint32_t end;
	uint8_t perm;
};

/* The register image: pmpaddr values and one pmpcfg byte per entry. */
struct pmp_config {
	uint32_t addr[PMP_MAX_ENTRIES];
	uint8_t cfg[PMP_MAX_ENTRIES];
	uint8_t entries;    /* entries in use, from 0; the rest are OFF */
};

enum pmp_error {
	PMP_OK = 0,
	PMP_EALIGN,      /* start or end not 4-byte aligned */
	PMP_EORDER,      /* end < start */
	PMP_EOVERLAP,    /* two regions share a byte */
	PMP_ETOOMANY,    /* more regions than entries (2 per region) */
	PMP_EPERM,       /* permission bits other than R/W/X, or W without R */
};

/* Computes the entries that give U-mode exactly the given regions and nothing else: each
 * region becomes an OFF entry holding start>>2 followed by a TOR entry holding end>>2.
 * Empty regions (start == end) are allowed and grant nothing. On error *out is all OFF.
 * Contract: n <= PMP_MAX_ENTRIES/2 and max_entries <= PMP_MAX_ENTRIES. */
enum pmp_error pmp_compute(const struct pmp_region *regions, unsigned n, unsigned max_entries,
			   struct pmp_config *out);

/* Reference model of the hardware check for a U-mode access: true if every byte of
 * [addr, addr+size) is matched by the lowest-numbered matching entry and that entry
 * grants all bits of access (PMP_R, PMP_W or PMP_X). Unmatched bytes are denied. */
bool pmp_allows(const struct pmp_config *c, uint32_t addr, uint32_t size, uint8_t access);

struct process;
/* The two regions a process may reach (its whole TBF read/execute, its RAM below the break
 * read/write) as a register image. Pure; arch/rv32/process_layout.c. */
enum pmp_error rv32_process_pmp(const struct process *p, struct pmp_config *out);

/* Turns every entry off (pmp_hw.c; not available on the host). */
void pmp_hw_reset(void);

#endif
