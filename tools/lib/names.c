/* Human names for TBF TLV types and flags, shared by the tools' printers. */
#include "names.h"

#include <tick/reloc.h>
#include <tick/tbf.h>

const char *tlv_type_name(uint16_t type)
{
	switch (type) {
	case TBF_TLV_MAIN: return "Main";
	case TBF_TLV_WRITEABLE_FLASH_REGIONS: return "WriteableFlashRegions";
	case TBF_TLV_PACKAGE_NAME: return "PackageName";
	case TBF_TLV_PIC_OPTION_1: return "PicOption1";
	case TBF_TLV_FIXED_ADDRESSES: return "FixedAddresses";
	case TBF_TLV_PERMISSIONS: return "Permissions";
	case TBF_TLV_STORAGE_PERMISSIONS: return "StoragePermissions";
	case TBF_TLV_KERNEL_VERSION: return "KernelVersion";
	case TBF_TLV_PROGRAM: return "Program";
	case TBF_TLV_SHORT_ID: return "ShortId";
	case TBF_TLV_CREDENTIALS: return "Credentials";
	case RELOC_TLV_TYPE: return "TickRelocations";
	case TBF_TLV_TICK_IPC_SERVICES: return "TickIpcServices";
	case TBF_TLV_TICK_IPC_CLIENTS: return "TickIpcClients";
	default: return (type & 0x8000) ? "out-of-tree" : "unknown";
	}
}
