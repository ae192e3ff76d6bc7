# Host tools (tick-pack, tick-inspect, tick-image) and their tests; included by the top Makefile.
TOOLS_DIR      := $(BUILD)/tools
TOOLS_OBJ      := $(TOOLS_DIR)/obj
TOOLS_CFLAGS   := $(HOST_CFLAGS) -Ikernel/include -MMD -MP
TOOLS_LDLIBS   := -lmbedcrypto

# Shared by all tools: the kernel's own TBF parser and SHA-256, plus host helpers.
TOOLS_LIB_SRC  := kernel/tbf.c kernel/lib/sha256.c $(wildcard tools/lib/*.c)
TOOLS_LIB_OBJ  := $(patsubst %.c,$(TOOLS_OBJ)/%.o,$(TOOLS_LIB_SRC))

# One tool per tools/<name>/ folder with a main.c: tools/pack -> tick-pack.
TOOLS_NAMES    := $(patsubst tools/%/main.c,tick-%,$(wildcard tools/*/main.c))
TOOLS_BINS     := $(addprefix $(TOOLS_DIR)/,$(TOOLS_NAMES))

.PHONY: tools test-tools fuzz-tbf
tools: $(TOOLS_BINS)

$(TOOLS_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(TOOLS_CFLAGS) -c $< -o $@

$(TOOLS_DIR)/tick-pack: $(patsubst %.c,$(TOOLS_OBJ)/%.o,$(wildcard tools/pack/*.c)) $(TOOLS_LIB_OBJ)
	$(HOST_CC) $(HOST_CFLAGS) $^ $(TOOLS_LDLIBS) -o $@

$(TOOLS_DIR)/tick-inspect: $(patsubst %.c,$(TOOLS_OBJ)/%.o,$(wildcard tools/inspect/*.c)) $(TOOLS_LIB_OBJ)
	$(HOST_CC) $(HOST_CFLAGS) $^ $(TOOLS_LDLIBS) -o $@

$(TOOLS_DIR)/tick-image: $(patsubst %.c,$(TOOLS_OBJ)/%.o,$(wildcard tools/image/*.c)) $(TOOLS_LIB_OBJ)
	$(HOST_CC) $(HOST_CFLAGS) $^ $(TOOLS_LDLIBS) -o $@

-include $(shell find $(TOOLS_OBJ) -name '*.d' 2>/dev/null)

TEST_SUITES += test-tools
