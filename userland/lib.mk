# Rules for the userland library: $(TICK_LIB) (libtick.a) and $(TICK_CRT0) (crt0.o), for the
# arch of the ARCH_* variables. Included by userland.mk (top-level build) and app.mk (building
# one app); needs TICK_ROOT, BUILD, mk/common.mk and an arch.mk. userland/src/*.c is common;
# userland/src/$(ARCH)/ adds an arch's own files and may replace crt0.S.

TICK_USERLAND  := $(TICK_ROOT)/userland
TICK_LIB_OUT   := $(BUILD)/userland/$(ARCH_APP_TARGET)
TICK_LIB       := $(TICK_LIB_OUT)/libtick.a
TICK_CRT0      := $(TICK_LIB_OUT)/crt0.o
TICK_CRT0_SRC  := $(firstword $(wildcard $(TICK_USERLAND)/src/$(ARCH)/crt0.S) $(TICK_USERLAND)/src/crt0.S)
TICK_LD        := $(TICK_USERLAND)/$(ARCH_APP_LD)
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
TICK_APP_LIBS   := -Wl,--start-group $(TICK_LIB) -lc -lgcc -Wl,--end-group

TICK_LIB_SRCS := $(wildcard $(TICK_USERLAND)/src/*.c $(TICK_USERLAND)/src/$(ARCH)/*.c)
TICK_LIB_OBJS := $(patsubst $(TICK_USERLAND)/src/%.c,$(TICK_LIB_OUT)/%.o,$(TICK_LIB_SRCS))

$(TICK_LIB_OUT)/%.o: $(TICK_USERLAND)/src/%.c
	@mkdir -p $(@D)
	$(ARCH_CC) $(TICK_APP_CFLAGS) -Werror -MMD -MP -c $< -o $@

$(TICK_CRT0): $(TICK_CRT0_SRC)
	@mkdir -p $(@D)
	$(ARCH_CC) $(TICK_APP_CFLAGS) -c $< -o $@

$(TICK_LIB): $(TICK_LIB_OBJS)
	@rm -f $@
	$(ARCH_AR) rcs $@ $^

-include $(TICK_LIB_OBJS:.o=.d)
