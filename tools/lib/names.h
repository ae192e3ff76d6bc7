/* Human names for TBF TLV types and flags, shared by the tools' printers. */
#ifndef TOOLS_NAMES_H
#define TOOLS_NAMES_H

#include <stdint.h>

/* "Main", "Program", ... or "unknown" (types with bit 15 set: "out-of-tree"). */
const char *tlv_type_name(uint16_t type);

#endif
