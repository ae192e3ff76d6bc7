# Named source sets for host unit tests and fuzz targets. A test's "/* sources: ... */" line names
# files and sets: "/* sources: @kernel_env capsules/leds.c */" links every file of set.kernel_env
# plus capsules/leds.c. A set is the make variable set.<name>; the kernel core is a wildcard, so
# a new kernel file joins every test that links the kernel without any edit. Sets in
# tests/unit/README.md.

# Kernel files that tests/unit/fakes/kstate_core.c #includes, to give their statics a reset.
KSTATE_CORE_SRCS := $(addprefix kernel/,$(shell sed -n 's/^.include "\([a-z_0-9/]*\.c\)".*/\1/p' \
                      tests/unit/fakes/kstate_core.c))

# @kernel_core: every kernel/*.c, kernel/lib/*.c and kernel/ipc/*.c except those kstate_core.c builds, the
# signature checks (@signatures, for the tests that want them) and string.c (the host has libc's).
set.kernel_core    := $(filter-out $(KSTATE_CORE_SRCS) kernel/app_signature.c kernel/lib/p256.c \
                        kernel/lib/string.c,$(wildcard kernel/*.c kernel/lib/*.c kernel/ipc/*.c))
# @signatures: app credential checks and the P-256 verifier.
set.signatures     := kernel/app_signature.c kernel/lib/p256.c
# @capsules_basic: the drivers every fake kernel environment registers (env.c).
set.capsules_basic := capsules/alarm.c capsules/alarm_init.c capsules/console.c capsules/lldb.c
# @arch_host: the host stand-in for the arch layer, with its own protection model.
set.arch_host      := $(wildcard arch/host/*.c)
# @fakes_env: the fake kernel environment (tests/unit/fakes/env.h) and the fakes under it.
set.fakes_env      := $(addprefix tests/unit/fakes/,env.c kstate_core.c kstate_uart_mux.c lowmem.c \
                        fake_time.c fake_uart.c tbf_build.c)
# @kernel_env: a whole kernel in a host process: what most kernel and capsule tests link.
set.kernel_env     := $(set.kernel_core) $(set.capsules_basic) $(set.arch_host) $(set.fakes_env)
# @tbf: the TBF parser and the SHA-256 it checks footers with.
set.tbf            := kernel/tbf.c kernel/lib/sha256.c
