/* Proof harness (Frama-C/WP): SHA-256 and the two callers that hash untrusted flash bytes (tbf_sha256_matches, reloc_sha256) have no runtime error for any input. */
/* Compiled only by Frama-C (tests/verify/verify.mk): the sources under proof are included whole. */
#include "../../kernel/lib/sha256.c"
#include "../../kernel/tbf.c"
#include "../../kernel/reloc.c"
