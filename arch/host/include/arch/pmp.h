/* The host build uses the real, pure rv32 PMP arithmetic (arch/rv32/pmp.c) to model protection. */
#include "../../../rv32/include/arch/pmp.h"
