/* A count of the SHA-256 computations a test's code starts, through the linker's --wrap. */
#ifndef FAKES_HASH_COUNT_H
#define FAKES_HASH_COUNT_H

/* SHA-256 computations started (one-shot sha256 or sha256_init) by anything linked in, when
 * the test's libs line has -Wl,--wrap=sha256 -Wl,--wrap=sha256_init; the test resets it. */
extern unsigned hashes;

#endif
