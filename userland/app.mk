# Builds one Tick app and packs its TBF and TAB. rv32: by default the app is relocatable: one
# ELF, linked at libtock-c's first QEMU slot with its relocations kept, packed with Tick's
# relocation table, runs at any flash and RAM address (docs/apps.md); APP_FIXED=1 builds it for
# the four fixed QEMU slots instead (as libtock-c does), TICK_SLOTS="flash:len:ram:len ..." for
# others. Arm: one position-independent ELF (the compiler's PIC, r9-relative data).
# An app's Makefile sets APP_NAME and includes this file; optional settings:
#   APP_SOURCES (default: *.c in the app's folder), APP_CFLAGS, APP_LDLIBS,
#   APP_PRINTF (minimal: a ~460-byte printf with %d %i %u %x %X %p %s %c only),
#   STACK_SIZE (2048), APP_HEAP_SIZE (1024), KERNEL_HEAP_SIZE (1024), APP_OUT (output folder),
#   APP_SIGNING_KEY (a P-256 private key, PEM or DER: every TBF gets an ECDSA signature),
#   PACKAGE_NAME (the TBF package name, default APP_NAME; IPC discovery matches it),
#   APP_IPC_SERVICES (names the app may register as IPC endpoint services, docs/ipc.md),
#   APP_IPC_CLIENTS (package names of the only apps its services accept),
#   APP_SHORT_ID (the TBF ShortId, e.g. 0x51c0; none by default),
#   APP_DEBUG (1: link the debug library, which checks buffer lifetimes of async operations),
#   TICK_LAYERS (1: link layers 0-1 only; default 3, all layers, each its own archive),
#   APP_FIXED (1: fixed-address builds for libtock-c's four QEMU slots, no relocation table),
#   TICK_SLOTS (fixed-address builds for these slots: flash:flash_len:ram:ram_len ...),
#   TICK_ROOT (a Tick checkout; found automatically for apps inside the tree).
# Targets: all (ELFs, TBFs, TAB), elfs, size, run, clean.

APP_MAKEFILE := $(abspath $(firstword $(MAKEFILE_LIST)))
TICK_ROOT := $(abspath $(or $(TICK_ROOT),$(dir $(lastword $(MAKEFILE_LIST)))/..))
BUILD     ?= $(TICK_ROOT)/build
include $(TICK_ROOT)/mk/common.mk
# The arch: the board's (the top Makefile passes ARCH), rv32 for an app built on its own.
ARCH      ?= rv32
include $(TICK_ROOT)/arch/$(ARCH)/arch.mk
include $(TICK_ROOT)/userland/lib.mk

ifeq ($(APP_NAME),)
$(error APP_NAME is not set)
endif

APP_SOURCES      ?= $(wildcard *.c)
# Apps inside the Tick tree build warning-free; out-of-tree apps choose for themselves.
APP_WERROR       ?= $(if $(filter $(TICK_ROOT)/apps/%,$(CURDIR)),-Werror)
APP_OUT          ?= $(BUILD)/$(ARCH_APPS_DIR)/$(APP_NAME)
STACK_SIZE       ?= 2048
APP_HEAP_SIZE    ?= 1024
KERNEL_HEAP_SIZE ?= 1024
PACKAGE_NAME     ?= $(APP_NAME)

# libtock-c's four rv32imac QEMU slots: flash origin, flash length, RAM origin, RAM length.
TICK_FIXED_SLOTS := 0x80100080:0xFF80:0x80300000:0x10000 \
                    0x80110080:0x1FF80:0x80310000:0x20000 \
                    0x80130080:0x4FF80:0x80330000:0x50000 \
                    0x80180080:0x7FF80:0x80380000:0x80000
# A relocatable app is linked at the first slot's addresses (where it runs unpatched, and what
# its FixedAddresses TLV says to kernels that do not know Tick's table), with room for any
# size; the kernel or the app store moves it (docs/apps.md).
TICK_RELOC_SLOT  := 0x80100080:0xFFF80:0x80300000:0x100000
APP_FIXED        ?=
ifneq ($(APP_FIXED),)
TICK_SLOTS       ?= $(TICK_FIXED_SLOTS)
endif
ifeq ($(TICK_SLOTS)$(filter 1,$(ARCH_APP_PIC)),)
APP_RELOCATABLE  := 1
TICK_SLOTS       := $(TICK_RELOC_SLOT)
endif
# Relocatable: keep the relocations in the ELF (tick-pack turns them into the table).
ifneq ($(APP_RELOCATABLE),)
TICK_RELOC_LDFLAGS := -Wl,--emit-relocs
TICK_RELOC_PACK    := --relocatable
endif

slot_field = $(word $(2),$(subst :, ,$(1)))
slot_elf   = $(APP_OUT)/rv32imac.$(call slot_field,$(1),1).$(call slot_field,$(1),3).elf

APP_OBJS := $(patsubst %.c,$(APP_OUT)/obj/%.o,$(notdir $(APP_SOURCES)))
ifeq ($(ARCH_APP_PIC),1)
APP_ELFS := $(APP_OUT)/$(ARCH_APP_TARGET).elf
else
APP_ELFS := $(foreach s,$(TICK_SLOTS),$(call slot_elf,$(s)))
endif
APP_TBFS := $(APP_ELFS:.elf=.tbf)
APP_TAB  := $(APP_OUT)/$(APP_NAME).tab

vpath %.c $(sort $(dir $(APP_SOURCES)))

.DEFAULT_GOAL := all
.PHONY: all elfs size run clean

all: $(APP_TAB)
	@:
elfs: $(APP_ELFS)
	@:

APP_CC = $(ARCH_CC) $(TICK_APP_CFLAGS) $(APP_WERROR) $(APP_CFLAGS)
$(APP_OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(APP_CC) -MMD -MP -c $< -o $@

# The objects, ELFs and TAB depend on their flags (flags_stamp, mk/common.mk): each object on
# its own (an app's Makefile may give one object its own flags); the link's include the mode
# (relocatable or fixed, and the slots), since the slot-1 ELF has the same name in both.
# Expanded after the app's Makefile has been read (second expansion): it may add to
# APP_CFLAGS after including this file.
APP_LINK = $(ARCH_CC) $(TICK_APP_LDFLAGS) $(TICK_RELOC_LDFLAGS) $(TICK_SLOTS) $(STACK_SIZE) \
           $(APP_HEAP_SIZE) $(KERNEL_HEAP_SIZE) $(APP_LDLIBS) $(TICK_APP_LIBS)
.SECONDEXPANSION:
$(APP_OBJS): $$(call flags_stamp,$$(basename $$@).flags,$$(APP_CC))
$(APP_ELFS): $$(call flags_stamp,$(APP_OUT)/link.flags,$$(APP_LINK))

define tick_slot_rule
$(call slot_elf,$(1)): $(APP_OBJS) $(TICK_CRT0) $(TICK_LIBS) $(TICK_LD) $(APP_MAKEFILE)
	$$(call say,LD,$$@)
	$$(Q)$(ARCH_CC) $(TICK_APP_LDFLAGS) $(TICK_RELOC_LDFLAGS) \
	  -Wl,--defsym=TICK_FLASH_ORIGIN=$(call slot_field,$(1),1) \
	  -Wl,--defsym=TICK_FLASH_LENGTH=$(call slot_field,$(1),2) \
	  -Wl,--defsym=TICK_RAM_ORIGIN=$(call slot_field,$(1),3) \
	  -Wl,--defsym=TICK_RAM_LENGTH=$(call slot_field,$(1),4) \
	  -Wl,--defsym=STACK_SIZE=$(STACK_SIZE) -Wl,--defsym=APP_HEAP_SIZE=$(APP_HEAP_SIZE) \
	  -Wl,--defsym=KERNEL_HEAP_SIZE=$(KERNEL_HEAP_SIZE) \
	  -Wl,-Map,$$(@:.elf=.map) -o $$@ $(TICK_CRT0) $(APP_OBJS) $(APP_LDLIBS) $(TICK_APP_LIBS)
endef
ifeq ($(ARCH_APP_PIC),1)
# One ELF that runs anywhere; the check refuses code that reaches data by absolute address.
$(APP_ELFS): $(APP_OBJS) $(TICK_CRT0) $(TICK_LIBS) $(TICK_LD) $(APP_MAKEFILE)
	$(call say,LD,$@)
	$(Q)$(ARCH_CC) $(TICK_APP_LDFLAGS) \
	  -Wl,--defsym=STACK_SIZE=$(STACK_SIZE) -Wl,--defsym=APP_HEAP_SIZE=$(APP_HEAP_SIZE) \
	  -Wl,--defsym=KERNEL_HEAP_SIZE=$(KERNEL_HEAP_SIZE) \
	  -Wl,-Map,$(@:.elf=.map) -o $@.tmp $(TICK_CRT0) $(APP_OBJS) $(APP_LDLIBS) $(TICK_APP_LIBS)
	$(Q)$(TICK_ROOT)/scripts/check-pic.sh $(ARCH_CROSS)readelf $@.tmp && mv $@.tmp $@
else
$(foreach s,$(TICK_SLOTS),$(eval $(call tick_slot_rule,$(s))))
endif

# The key in use is recorded in a file rewritten only when it changes, so that signing with
# another key (or none) repacks the TAB; the key file itself is a prerequisite too, so a new
# key at the same path also does.
APP_SIGNING_KEY ?=
APP_KEY_RECORD  := $(APP_OUT)/signing-key.txt
.PHONY: app-signing-key
app-signing-key:
	@mkdir -p $(APP_OUT)
	@echo "$(abspath $(APP_SIGNING_KEY))" > $(APP_KEY_RECORD).tmp
	@cmp -s $(APP_KEY_RECORD).tmp $(APP_KEY_RECORD) && rm -f $(APP_KEY_RECORD).tmp || mv $(APP_KEY_RECORD).tmp $(APP_KEY_RECORD)
$(APP_KEY_RECORD): app-signing-key ;

# tick-pack writes <elf stem>.tbf next to each ELF and the TAB with all of them.
APP_PACK = $(TICK_PACK) -n $(PACKAGE_NAME) --stack $(STACK_SIZE) --app-heap $(APP_HEAP_SIZE) \
  --kernel-heap $(KERNEL_HEAP_SIZE) --kernel-major 2 --kernel-minor 3 $(TICK_RELOC_PACK) \
  $(foreach n,$(APP_IPC_SERVICES),--ipc-service $(n)) \
  $(foreach n,$(APP_IPC_CLIENTS),--ipc-client $(n)) \
  $(if $(APP_SHORT_ID),--short-id $(APP_SHORT_ID)) \
  $(if $(APP_SIGNING_KEY),--ecdsa-key $(APP_SIGNING_KEY))
$(APP_TAB): $(APP_ELFS) $(TICK_PACK) $(APP_KEY_RECORD) $(APP_SIGNING_KEY) \
            $$(call flags_stamp,$(APP_OUT)/pack.flags,$$(APP_PACK))
	$(call say,PACK,$@)
	$(Q)$(APP_PACK) -o $@ $(APP_ELFS)

$(APP_TBFS): $(APP_TAB)

# The packer comes from the Tick checkout's own build.
$(TICK_PACK):
	$(MAKE) -C $(TICK_ROOT) BUILD=$(BUILD) $(TICK_PACK)

size: $(APP_ELFS)
	$(ARCH_SIZE) $(firstword $(APP_ELFS))

run: all
	$(MAKE) -C $(TICK_ROOT) BUILD=$(BUILD) run APPS="$(abspath $(APP_TAB))" \
	  $(if $(TIMEOUT),TIMEOUT=$(TIMEOUT))

clean:
	rm -rf $(APP_OUT)

-include $(APP_OBJS:.o=.d)
