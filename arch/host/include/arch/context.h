/* Host process context for unit tests and fuzzers: exactly the rv32 register file and accessors. */
#include "../../../rv32/include/arch/context.h"
