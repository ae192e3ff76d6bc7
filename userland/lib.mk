# Rules for the userland library of the arch of the ARCH_* variables, one archive per layer so that an app pays only for the
# layers it uses (docs/userland.md): $(TICK_LIB) (libtick.a: crt0 support, layer 1 blocking calls,
# libc glue; layer 0 is header-only), $(TICK_LIB_ASYNC) (libtick-async.a: layer 2, callbacks and
# the event loop), $(TICK_LIB_CO) (libtick-co.a: layer 3, coroutines) and $(TICK_CRT0).
# Two variants: release (build/userland/<target>, e.g. rv32imac) and debug (APP_DEBUG=1,
# <target>-debug: the library compiled with TICK_DEBUG, which checks buffer lifetimes and
# reports misuse). userland/src/*.c is common; userland/src/$(ARCH)/ adds an arch's own files
# and may replace crt0.S.
# TICK_LAYERS=1 links apps against libtick.a alone (the zero-cost check, test-zero-cost).
# Included by userland.mk (top-level build) and app.mk (building one app); needs TICK_ROOT,
# BUILD, mk/common.mk and an arch.mk (its ARCH_* toolchain and flags).

TICK_USERLAND  := $(TICK_ROOT)/userland
TICK_LD        := $(TICK_USERLAND)/$(ARCH_APP_LD)
TICK_CRT0_SRC  := $(firstword $(wildcard $(TICK_USERLAND)/src/$(ARCH)/crt0.S) $(TICK_USERLAND)/src/crt0.S)
TICK_PACK      ?= $(BUILD)/tools/tick-pack

# Flags for everything that runs in an app: picolibc headers and TLS model, no gp, small code.
TICK_APP_CFLAGS := $(ARCH_APP_FLAGS) --specs=picolibc.specs -Os -g -std=c11 -Wall -Wextra \
                   -ffunction-sections -fdata-sections -fno-common \
                   -I$(TICK_USERLAND)/include -I$(TICK_ROOT)/include
# ARCH_LINK_FLAGS name plain rv32imac so that gcc picks picolibc's rv32imac/ilp32 multilib.
TICK_APP_LDFLAGS := $(ARCH_LINK_FLAGS) --specs=picolibc.specs -nostartfiles -T $(TICK_LD) \
                    -Wl,--gc-sections $(ARCH_APP_LINK_FLAGS) -Wl,--build-id=none \
                    -Wl,--defsym=sbrk=tick_sbrk_libc
# printf family: the full integer formatter, or with APP_PRINTF := minimal a ~200-byte one.
TICK_VFPRINTF    = $(if $(filter minimal,$(APP_PRINTF)),tick_vfprintf_min,tick_vfprintf)
TICK_APP_LDFLAGS += -Wl,--defsym=vfprintf=$(TICK_VFPRINTF)

# The sources of each archive: layer 0-1 files in src/, layer 2 in src/async/, layer 3 in src/co/.
TICK_SRCS_base  := $(wildcard $(TICK_USERLAND)/src/*.c $(TICK_USERLAND)/src/$(ARCH)/*.c)
TICK_SRCS_async := $(wildcard $(TICK_USERLAND)/src/async/*.c)
TICK_SRCS_co    := $(wildcard $(TICK_USERLAND)/src/co/*.c)
TICK_LIB_DIR_release := $(BUILD)/userland/$(ARCH_APP_TARGET)
TICK_LIB_DIR_debug   := $(BUILD)/userland/$(ARCH_APP_TARGET)-debug
TICK_LIB_FLAGS_debug := -DTICK_DEBUG
# Layers 2-3 are built with the arch's size option for cold code (rv32: prologues and
# epilogues shared through libgcc's save/restore routines, which picolibc's printf links
# anyway); layer 1 keeps the app flags.
# A static function called once stays a function (a relaxed call costs 2-4 bytes; inlined
# copies of the edge draining and the due timers' pass cost more where they land).
TICK_LAYER_FLAGS_async := $(ARCH_COLD_FLAGS) -fno-inline-functions-called-once
TICK_LAYER_FLAGS_co    := $(ARCH_COLD_FLAGS) -fno-inline-functions-called-once

# $(call tick_lib_rules,variant): objects, archives and crt0 of one variant.
define tick_lib_rules
TICK_OBJS_$(1)_base  := $$(patsubst $$(TICK_USERLAND)/src/%.c,$$(TICK_LIB_DIR_$(1))/%.o,$$(TICK_SRCS_base))
TICK_OBJS_$(1)_async := $$(patsubst $$(TICK_USERLAND)/src/%.c,$$(TICK_LIB_DIR_$(1))/%.o,$$(TICK_SRCS_async))
TICK_OBJS_$(1)_co    := $$(patsubst $$(TICK_USERLAND)/src/%.c,$$(TICK_LIB_DIR_$(1))/%.o,$$(TICK_SRCS_co))

# Each layer's objects and crt0 depend on their flags (flags_stamp, mk/common.mk).
TICK_CC_$(1)_base  := $$(ARCH_CC) $$(TICK_APP_CFLAGS) $$(TICK_LIB_FLAGS_$(1)) -Werror
TICK_CC_$(1)_async := $$(ARCH_CC) $$(TICK_APP_CFLAGS) $$(TICK_LAYER_FLAGS_async) $$(TICK_LIB_FLAGS_$(1)) -Werror
TICK_CC_$(1)_co    := $$(ARCH_CC) $$(TICK_APP_CFLAGS) $$(TICK_LAYER_FLAGS_co) $$(TICK_LIB_FLAGS_$(1)) -Werror
TICK_CC_$(1)_crt0  := $$(ARCH_CC) $$(TICK_APP_CFLAGS)

$$(TICK_LIB_DIR_$(1))/%.o: $$(TICK_USERLAND)/src/%.c $$(call flags_stamp,$$(TICK_LIB_DIR_$(1))/base.flags,$$(TICK_CC_$(1)_base))
	@mkdir -p $$(@D)
	$$(call say,CC,$$<)
	$$(Q)$$(TICK_CC_$(1)_base) -MMD -MP -c $$< -o $$@

$$(TICK_LIB_DIR_$(1))/async/%.o: $$(TICK_USERLAND)/src/async/%.c $$(call flags_stamp,$$(TICK_LIB_DIR_$(1))/async.flags,$$(TICK_CC_$(1)_async))
	@mkdir -p $$(@D)
	$$(call say,CC,$$<)
	$$(Q)$$(TICK_CC_$(1)_async) -MMD -MP -c $$< -o $$@

$$(TICK_LIB_DIR_$(1))/co/%.o: $$(TICK_USERLAND)/src/co/%.c $$(call flags_stamp,$$(TICK_LIB_DIR_$(1))/co.flags,$$(TICK_CC_$(1)_co))
	@mkdir -p $$(@D)
	$$(call say,CC,$$<)
	$$(Q)$$(TICK_CC_$(1)_co) -MMD -MP -c $$< -o $$@

$$(TICK_LIB_DIR_$(1))/crt0.o: $$(TICK_CRT0_SRC) $$(call flags_stamp,$$(TICK_LIB_DIR_$(1))/crt0.flags,$$(TICK_CC_$(1)_crt0))
	@mkdir -p $$(@D)
	$$(call say,CC,$$<)
	$$(Q)$$(TICK_CC_$(1)_crt0) -c $$< -o $$@

$$(TICK_LIB_DIR_$(1))/libtick.a: $$(TICK_OBJS_$(1)_base)
	@rm -f $$@
	$$(call say,AR,$$@)
	$$(Q)$$(ARCH_AR) rcs $$@ $$^

$$(TICK_LIB_DIR_$(1))/libtick-async.a: $$(TICK_OBJS_$(1)_async)
	@rm -f $$@
	$$(call say,AR,$$@)
	$$(Q)$$(ARCH_AR) rcs $$@ $$^

$$(TICK_LIB_DIR_$(1))/libtick-co.a: $$(TICK_OBJS_$(1)_co)
	@rm -f $$@
	$$(call say,AR,$$@)
	$$(Q)$$(ARCH_AR) rcs $$@ $$^

-include $$(TICK_OBJS_$(1)_base:.o=.d) $$(TICK_OBJS_$(1)_async:.o=.d) $$(TICK_OBJS_$(1)_co:.o=.d)
endef
$(eval $(call tick_lib_rules,release))
$(eval $(call tick_lib_rules,debug))

# Every archive of both variants (the top-level `userland` target builds them all).
TICK_LIBS_ALL := $(foreach v,release debug,$(addprefix $(TICK_LIB_DIR_$(v))/,libtick.a \
                   libtick-async.a libtick-co.a crt0.o))

# The variant and layers this build links against.
TICK_LIB_OUT   := $(TICK_LIB_DIR_$(if $(APP_DEBUG),debug,release))
TICK_LIB       := $(TICK_LIB_OUT)/libtick.a
TICK_LIB_ASYNC := $(TICK_LIB_OUT)/libtick-async.a
TICK_LIB_CO    := $(TICK_LIB_OUT)/libtick-co.a
TICK_CRT0      := $(TICK_LIB_OUT)/crt0.o
TICK_LAYERS    ?= 3
TICK_LIBS      := $(if $(filter 1,$(TICK_LAYERS)),,$(TICK_LIB_CO) $(TICK_LIB_ASYNC)) $(TICK_LIB)
TICK_APP_LIBS  := -Wl,--start-group $(TICK_LIBS) -lc -lgcc -Wl,--end-group
