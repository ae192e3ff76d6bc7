/* Proof harness (Frama-C/WP): a process's ARMv7-M MPU image lets it reach exactly its flash (R/X) and its RAM below the break (R/W), under the PMSAv7 model in arch/cortex-m/cmpu.c. */
/* Compiled only by Frama-C (tests/verify/verify.mk): the sources under proof are included whole. */
#include "../../arch/cortex-m/cmpu.c"
