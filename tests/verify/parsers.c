/* Proof harness (Frama-C/WP): the TBF parser and the relocation applier, which read untrusted flash bytes, have no runtime error for any input, and the applier writes only inside the image. */
/* Compiled only by Frama-C (tests/verify/verify.mk): the sources under proof are included whole. */
#include "../../kernel/tbf.c"
#include "../../kernel/reloc.c"
