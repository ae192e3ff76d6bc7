/* Adds credentials to an already built TBF (from a TAB or .tbf) inside its Reserved footer space. */
#ifndef PACK_CREDENTIALS_H
#define PACK_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf2tbf.h"

/* Bytes of footer the credentials requested in o take (T/L + format + data each). */
uint32_t credentials_size(const struct pack_opts *o);

/* True when o asks for any credential. */
bool credentials_wanted(const struct pack_opts *o);

/*
 * Appends the requested credentials over [0, binary_end) of tbf to out (used by elf_to_tbf
 * right after the binary). Returns false with a reason in err.
 */
bool credentials_emit(struct buf *out, const uint8_t *tbf, uint32_t binary_end,
		      const struct pack_opts *o, char *err, size_t errlen);

/*
 * Adds the credentials requested in o to the TBF tbf[0..len), in place, by carving them out
 * of a Reserved footer: the integrity region, total_size and existing credentials stay as
 * they are. Returns false with a reason in err (malformed TBF, no Program header, not enough
 * Reserved space).
 */
bool credentials_add_in_place(uint8_t *tbf, size_t len, const struct pack_opts *o, char *err,
			      size_t errlen);

#endif
