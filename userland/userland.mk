# Userland library (userland/): rv32 library rules and its host unit tests (test-userland).
# Included by the top Makefile; apps build against it through userland/app.mk.
TICK_ROOT := $(CURDIR)
include userland/lib.mk

.PHONY: userland test-userland
userland: $(TICK_LIBS_ALL)

# ---- Host unit tests: the library compiled for Linux against a scripted fake kernel -------
# test-userland runs every test on the release library; test-userland-debug runs the debug_*
# tests on the library compiled with TICK_DEBUG (buffer-lifetime checks, misuse reports).
USERLAND_TEST_OUT  := $(BUILD)/userland/host
USERLAND_TEST_BIN  := $(USERLAND_TEST_OUT)/test-userland
USERLAND_TEST_DBG  := $(USERLAND_TEST_OUT)/test-userland-debug
USERLAND_TEST_LIB  := alarm.c button.c console.c console_timeout.c debug.c format.c format_min.c gpio.c \
                      ipc_endpoint.c led.c pins.c rng.c time.c upcall.c wait.c $(notdir $(wildcard userland/src/async/*.c userland/src/co/*.c))
USERLAND_TEST_SRCS := $(wildcard tests/userland/*.c) \
                      $(foreach f,$(USERLAND_TEST_LIB),$(firstword $(wildcard userland/src/$(f) \
                        userland/src/async/$(f) userland/src/co/$(f))))
USERLAND_TEST_CFLAGS := $(HOST_CFLAGS) -DTICK_HOST -Iuserland/include -Iinclude -Iuserland/src \
                        -Itests/userland -fsanitize=address,undefined -fno-omit-frame-pointer \
                        -fno-sanitize-recover=all

USERLAND_TEST_HDRS := $(wildcard tests/userland/*.h userland/include/tick/*.h userland/src/*.h \
                        userland/src/async/*.h include/tick/*.h)
# Each binary depends on its flags (flags_stamp, mk/common.mk).
$(USERLAND_TEST_BIN): $(USERLAND_TEST_SRCS) $(USERLAND_TEST_HDRS) \
                      $(call flags_stamp,$(USERLAND_TEST_OUT)/release.flags,$(HOST_CC) $(USERLAND_TEST_CFLAGS))
	@mkdir -p $(@D)
	$(HOST_CC) $(USERLAND_TEST_CFLAGS) $(USERLAND_TEST_SRCS) -o $@

$(USERLAND_TEST_DBG): $(USERLAND_TEST_SRCS) $(USERLAND_TEST_HDRS) \
                      $(call flags_stamp,$(USERLAND_TEST_OUT)/debug.flags,$(HOST_CC) $(USERLAND_TEST_CFLAGS) -DTICK_DEBUG)
	@mkdir -p $(@D)
	$(HOST_CC) $(USERLAND_TEST_CFLAGS) -DTICK_DEBUG $(USERLAND_TEST_SRCS) -o $@

# One run: $(call userland_run,binary,arguments,log)
define userland_run
@mkdir -p $(BUILD)/test-results
@ASAN_OPTIONS=detect_stack_use_after_return=0 $(1) $(2) > $(BUILD)/test-results/$(3); rc=$$?; \
  cat $(BUILD)/test-results/$(3); \
  if [ $$rc -ne 0 ] && ! grep -q '^FAIL ' $(BUILD)/test-results/$(3); then \
    echo "FAIL $(basename $(3))-crashed (exit $$rc)" >> $(BUILD)/test-results/$(3); fi; \
  exit $$rc
endef

TEST_SUITES += test-userland test-userland-debug
.PHONY: test-userland-debug
test-userland: $(USERLAND_TEST_BIN)
	$(call userland_run,$(USERLAND_TEST_BIN),,userland.log)

test-userland-debug: $(USERLAND_TEST_DBG)
	$(call userland_run,$(USERLAND_TEST_DBG),--prefix debug_,userland-debug.log)

# Zero-cost check (item 3 of docs/userland.md "Pay only for what you use"): every example app
# that uses only layers 0-1 links to byte-identical TBFs with and without layers 2-3.
ZERO_COST_APPS := apps/hello apps/hello_min apps/timers apps/echo \
                  $(patsubst %/Makefile,%,$(wildcard apps/drivers/*/Makefile apps/async_demo/blocking/Makefile))
TEST_SUITES += test-zero-cost
.PHONY: test-zero-cost
test-zero-cost:
	@mkdir -p $(BUILD)/test-results
	@$(MAKE) --no-print-directory $(TICK_LIBS_ALL) $(BUILD)/tools/tick-pack >/dev/null || { \
	    echo "FAIL zero_cost/build" > $(BUILD)/test-results/zero-cost.log; exit 1; }
	@tests/userland/zero_cost.sh $(BUILD) $(ZERO_COST_APPS) > $(BUILD)/test-results/zero-cost.log
	@cat $(BUILD)/test-results/zero-cost.log
	@! grep -q '^FAIL' $(BUILD)/test-results/zero-cost.log
