# Userland library (userland/): rv32 library rules and its host unit tests (test-userland).
# Included by the top Makefile; apps build against it through userland/app.mk.
TICK_ROOT := $(CURDIR)
include userland/lib.mk

.PHONY: userland test-userland
userland: $(TICK_LIB) $(TICK_CRT0)

# ---- Host unit tests: the library compiled for Linux against a scripted fake kernel -------
USERLAND_TEST_OUT  := $(BUILD)/userland/host
USERLAND_TEST_BIN  := $(USERLAND_TEST_OUT)/test-userland
USERLAND_TEST_LIB  := alarm.c console.c console_timeout.c format.c format_min.c time.c upcall.c \
                      wait.c
USERLAND_TEST_SRCS := $(wildcard tests/userland/*.c) $(addprefix userland/src/,$(USERLAND_TEST_LIB))
USERLAND_TEST_CFLAGS := $(HOST_CFLAGS) -DTICK_HOST -Iuserland/include -Iinclude -Iuserland/src \
                        -Itests/userland -fsanitize=address,undefined -fno-omit-frame-pointer \
                        -fno-sanitize-recover=all

USERLAND_TEST_HDRS := $(wildcard tests/userland/*.h userland/include/tick/*.h userland/src/*.h include/tick/*.h)
$(USERLAND_TEST_BIN): $(USERLAND_TEST_SRCS) $(USERLAND_TEST_HDRS)
	@mkdir -p $(@D)
	$(HOST_CC) $(USERLAND_TEST_CFLAGS) $(USERLAND_TEST_SRCS) -o $@

TEST_SUITES += test-userland
test-userland: $(USERLAND_TEST_BIN)
	@mkdir -p $(BUILD)/test-results
	@$(USERLAND_TEST_BIN) > $(BUILD)/test-results/userland.log; rc=$$?; \
	  cat $(BUILD)/test-results/userland.log; \
	  if [ $$rc -ne 0 ] && ! grep -q '^FAIL ' $(BUILD)/test-results/userland.log; then \
	    echo "FAIL test-userland-crashed (exit $$rc)" >> $(BUILD)/test-results/userland.log; fi; \
	  exit $$rc
